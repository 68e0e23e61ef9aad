"""``eipgeo route`` with a working day: service times, hours, breaks, route limits.

Every case runs on ``tests/data/route_day/``: a garage G, a disposal site D and clients
A, B, C, each 1 km from every other (``matrix_km.csv``), at 36 km/h (10 m/s), so every
leg takes 100 s. Right values are worked by hand in each docstring.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from eipgeo._errors import InfeasibleError
from eipgeo.cli import app
from eipgeo.routing import job as route_job
from eipgeo.routing import workday
from eipgeo.routing.model import (
    CollectionPlan,
    Route,
    Timing,
    VehicleType,
    Visit,
    clock_s,
    window_s,
)
from eipgeo.routing.solve import solve_cvrp

runner = CliRunner()
DAY = Path(__file__).parent / "data" / "route_day"


def _route(tmp_path: Path, sites: str, fleet: str) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    return _route_files(
        tmp_path, DAY / f"{sites}.csv", DAY / f"{fleet}.json", "route_day/matrix_km"
    )


def _route_files(
    tmp_path: Path, sites: Path, fleet: Path, matrix: str
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(sites),
            "--fleet",
            str(fleet),
            "--matrix",
            str(DAY.parent / f"{matrix}.csv"),
            "--matrix-unit",
            "km",
            "--iterations",
            "200",
            "--seconds",
            "1",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    routes = pd.read_csv(out / "routes.csv", keep_default_na=False)
    stops = pd.read_csv(out / "stops.csv", keep_default_na=False)
    return routes, stops, result.stdout


def test_window_texts() -> None:
    """22:00-06:00 runs overnight (close 30:00 = 108,000 s); 17:00-08:00 would last 15 h
    and is refused as likely swapped; 08:00+1d says overnight outright."""
    assert window_s("22:00", "06:00") == (79_200.0, 108_000.0)
    assert window_s("17:00", "08:00+1d") == (61_200.0, 115_200.0)
    assert clock_s("24:00") == 86_400.0
    with pytest.raises(ValueError, match="likely swapped"):
        window_s("17:00", "08:00")
    with pytest.raises(ValueError, match="empty window"):
        window_s("08:00", "08:00")
    with pytest.raises(ValueError, match="not a time"):
        clock_s("8h")
    with pytest.raises(ValueError, match="'\\+1d' is only for the close"):
        window_s("02:00+1d", "03:00+1d")


def test_disposal_hours_outside_the_shift_is_our_error(tmp_path: Path) -> None:
    """The disposal site opens 18:00-20:00, the only vehicle works 08:00-11:00: the plan
    cannot end anywhere. Exit 1 with what to check (PyVRP's own refusal used to surface as
    an unexpected failure)."""
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(DAY / "sites_disposal_after_shift.csv"),
            "--fleet",
            str(DAY / "fleet_morning.json"),
            "--matrix",
            str(DAY / "matrix_km.csv"),
            "--matrix-unit",
            "km",
            "--iterations",
            "50",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "unexpected" not in result.output
    assert "shift" in result.output and "disposal site" in result.output


def test_service_time_forces_a_second_vehicle(tmp_path: Path) -> None:
    """Shift 08:00-09:00 (3,600 s), 1,200 s of service at each of A, B, C.

    One route for all three, G→A→B→C→D→G, is 5 legs (500 s) plus 3 × 1,200 s = 4,100 s
    > 3,600 s. Two stops: 4 legs (400 s) + 2,400 s =
    2,800 s, so 2 routes: 4,000 m + 3,000 m = 7,000 m; the two-stop route leaves at
    08:00 and is back at 08:46:40 (2,800 s).
    """
    routes, stops, line = _route(tmp_path, "sites_service", "fleet_service")
    assert line.strip() == "total_distance_m=7000 routes=2"
    two = routes[routes.stops == 2].iloc[0]
    assert (two.start, two.end, two.duration_s) == ("08:00", "08:46", 2800)
    first = stops[(stops.route_id == two.route_id) & (stops.kind == "pickup")].iloc[0]
    assert (first.arrival_s, first.service_start_s, first.departure_s) == (28_900, 28_900, 30_100)


def test_break_is_placed_inside_its_window(tmp_path: Path) -> None:
    """Break 1 h, to start 11:00-12:00; A opens 12:30-13:00, 600 s service; D unloads 600 s.

    Leave 08:00, at A 08:01:40, the break on arrival at 11:00 (the window opens), ready
    12:00, service 12:30-12:40, D 12:41:40 + 600 s, home 12:53:20: 17,600 s working day.
    """
    routes, stops, _ = _route(tmp_path, "sites_break", "fleet_break")
    solver = json.loads((tmp_path / "out" / "summary.json").read_text())["solver"]
    assert solver["model"] == {"non_hazardous": "waste-collection (eipgeo.routing.wc)"}
    assert solver["checked_by"].startswith("eipgeo.routing.check")
    route = routes.iloc[0]
    assert (route.break_start, route.break_s, route.duration_s, route.end) == (
        "11:00",
        3600,
        17_600,
        "12:53",
    )
    a = stops[stops.site_id == "A"].iloc[0]
    assert (a.arrival_s, a.break_start, a.service_start, a.departure_s) == (
        28_900,
        "11:00",
        "12:30",
        45_600,
    )
    d = stops[stops.kind == "end"].iloc[0]
    assert (d.service_start_s, d.departure_s) == (45_700, 46_300)


def test_overnight_window_on_a_night_shift(tmp_path: Path) -> None:
    """Shift 21:00-07:00, A open 22:00-06:00 (600 s service), D unloads 600 s: A's
    service starts at 22:00 (79,200 s) and ends 22:10; back at 22:23:20 (80,600 s)."""
    _, stops, line = _route(tmp_path, "sites_night", "fleet_night")
    assert line.strip() == "total_distance_m=3000 routes=1"
    a = stops[stops.site_id == "A"].iloc[0]
    assert (a.service_start_s, a.departure_s) == (79_200, 79_800)
    assert stops.iloc[-1].arrival_s == 80_600


def test_a_window_after_midnight_on_a_night_shift(tmp_path: Path) -> None:
    """Shift 21:00-07:00; A open 22:00-06:00, B open 02:00-03:00 (600 s each), 1 km legs at
    36 km/h (100 s). B's window lies wholly before the shift starts, so it is the next
    morning: served 02:00+1d (93,600 s) to 94,200 s whichever of A and B comes first (4 legs
    = 4,000 m either way); home by the shift's end, 07:00+1d = 111,600 s, and the plan
    passes the independent check. (It used to be refused as infeasible.)"""
    _, stops, line = _route(tmp_path, "sites_night_after_midnight", "fleet_night")
    assert line.strip() == "total_distance_m=4000 routes=1"
    b = stops[stops.site_id == "B"].iloc[0]
    assert (b.service_start_s, b.departure_s) == (93_600, 94_200)
    assert stops.iloc[-1].arrival_s <= 111_600


@pytest.mark.parametrize("fleet", ["fleet_disposal_hours", "fleet_disposal_hours_wc"])
def test_disposal_site_hours_and_unload_time(tmp_path: Path, fleet: str) -> None:
    """D takes loads 09:00-17:00 and unloads in 600 s (its ``unload_s``); A is done by
    08:02:40 at the earliest, so the truck waits at D: unload 09:00-09:10 (32,400 to
    33,000 s), back at G 09:11:40 (33,100 s). Both solvers (the core, and the
    waste-collection model a ``max_stops`` selects) give the same times."""
    _, stops, line = _route(tmp_path, "sites_disposal_hours", fleet)
    assert line.strip() == "total_distance_m=3000 routes=1"
    d = stops[stops.kind == "end"].iloc[0]
    assert (d.site_id, d.service_start_s, d.departure_s) == ("D", 32_400, 33_000)
    assert stops.iloc[-1].arrival_s == 33_100


def test_max_stops_splits_the_route(tmp_path: Path) -> None:
    """Three clients, at most 2 stops a route: 2 routes, G-x-y-D-G (4,000 m) and
    G-z-D-G (3,000 m) = 7,000 m."""
    routes, _, line = _route(tmp_path, "sites_three", "fleet_max_stops")
    assert line.strip() == "total_distance_m=7000 routes=2"
    assert sorted(routes.stops) == [1, 2]


def test_route_capacity_forces_a_disposal_trip_and_an_extra_route(tmp_path: Path) -> None:
    """3 × 60 kg, a 100 kg truck (one client a trip) that may collect 150 kg a day:
    2 routes, one of two trips (G-x-D-y-D-G, 5,000 m, 120 kg) and one of one
    (G-z-D-G, 3,000 m, 60 kg): 8,000 m."""
    routes, stops, line = _route(tmp_path, "sites_three", "fleet_route_capacity")
    assert line.strip() == "total_distance_m=8000 routes=2"
    assert sorted(zip(routes.trips, routes.load_kg, strict=True)) == [(1, 60), (2, 120)]
    assert (stops.kind == "unload").sum() == 1


@pytest.mark.parametrize(
    ("sites", "fleet", "expected"),
    [
        (
            "sites_three",
            "fleet_bad_key",
            "fleet_bad_key.json:vehicles[0].brake: unknown key 'brake'; did you mean 'break'?",
        ),
        (
            "sites_three",
            "fleet_bad_top",
            "fleet_bad_top.json:disposal_site: unknown key 'disposal_site'; did you mean "
            "'disposal_sites'?",
        ),
        (
            "sites_three",
            "fleet_bad_break",
            "fleet_bad_break.json:vehicles[0].break: break.duration_s 7200 s is not shorter "
            "than the shift (7200 s); shorten the break or lengthen the shift (vehicle 'truck')",
        ),
        (
            "sites_three",
            "fleet_bad_break_window",
            "fleet_bad_break_window.json:break: vehicle 'night': its break window 11:00-12:00 "
            "never falls in its day 22:00-06:00",
        ),
        (
            "sites_three",
            "fleet_bad_start",
            "fleet_bad_start.json:shift: vehicle 'truck': shift_duration_s without a start",
        ),
        (
            "sites_bad_window",
            "fleet_max_stops",
            "sites_bad_window.csv:4:close: A: closes at 08:00, before it opens at 17:00; read "
            "overnight it would last 15 h (over 12 h, likely swapped): write 08:00-17:00, or "
            "08:00+1d",
        ),
        (
            "sites_bad_service",
            "fleet_max_stops",
            "sites_bad_service.csv:4:service_s: A: '-60' is not a quantity in s; give a number ≥ 0",
        ),
        (
            "sites_bad_unload_on_client",
            "fleet_disposal_hours",
            "sites_bad_unload_on_client.csv:4:unload_s: A: unload_s applies to a disposal site",
        ),
    ],
)
def test_malformed_twins(sites: str, fleet: str, expected: str) -> None:
    """Each malformed twin exits 1 with one line naming file, row or key, id and value."""
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(DAY / f"{sites}.csv"),
            "--fleet",
            str(DAY / f"{fleet}.json"),
            "--matrix",
            str(DAY / "matrix_km.csv"),
            "--matrix-unit",
            "km",
        ],
    )
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_checker_reports_a_route_over_its_route_capacity() -> None:
    """A hand-made plan G-A-D-B-D-G (two 60 kg trips) for a truck that may collect 100 kg
    a day: the independent check names the route and the stop where 120 kg > 100 kg."""
    dist = np.ones((4, 4)) * 1000.0
    np.fill_diagonal(dist, 0.0)
    timing = Timing(duration_s=dist / 10, service_s=[0.0] * 4)
    truck = VehicleType("truck", 100, route_capacity_kg=100.0)
    visits = [
        Visit(0, "start", 0, 0),
        Visit(2, "pickup", 100, 60, 60),
        Visit(1, "unload", 200, 0),
        Visit(3, "pickup", 300, 60, 60),
        Visit(1, "end", 400, 0),
        Visit(0, "garage", 500, 0),
    ]
    plan = CollectionPlan([Route("truck", [v.site for v in visits], 5000.0, 120, visits)])
    problems = workday.check_plans(
        {"non_hazardous": plan},
        dist,
        np.array([[0.0], [0.0], [60.0], [60.0]]),
        ["ordinary"],
        [truck],
        ["G", "D", "A", "B"],
        depot=0,
        disposal=[1],
        timing=timing,
    )
    assert [p.message for p in problems] == [
        "non_hazardous-1: routes[0] stops[3] (client B): 120 kg collected on the route, "
        "over the route capacity 100 kg (failed the independent check: a bug of eipgeo, "
        "please report it)"
    ]


def test_a_plan_failing_the_check_exits_1_naming_route_and_stop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A solver plan that drives A's 60 kg back to the garage, unloading nowhere, is never
    written: the independent check fails it, exit 1, naming the route and the stop."""

    def bad_plan(*args: object, **kwargs: object) -> dict[str, CollectionPlan]:
        visits = [
            Visit(0, "start", 28_800, 0),
            Visit(2, "pickup", 45_000, 60, 60),
            Visit(0, "garage", 45_700, 60),
        ]
        route = Route("truck", [v.site for v in visits], 3000.0, 60, visits)
        return {"non_hazardous": CollectionPlan([route], distance_m=3000.0, classes=("ordinary",))}

    monkeypatch.setattr(route_job, "plan_by_class", bad_plan)
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(DAY / "sites_break.csv"),
            "--fleet",
            str(DAY / "fleet_disposal_hours.json"),
            "--matrix",
            str(DAY / "matrix_km.csv"),
            "--matrix-unit",
            "km",
        ],
    )
    assert result.exit_code == 1
    assert (
        "non_hazardous-1: routes[0] stops[2] (depot G): the last trip collects 1 client(s) "
        "and comes back with 60 kg on board; it must end at a disposal site (failed the "
        "independent check" in result.stderr
    )
    assert "Traceback" not in result.output


def test_no_disposal_site_unloads_at_the_garage_with_a_break(tmp_path: Path) -> None:
    """No disposal site: the garage takes the waste (300 s unload). A 100 kg truck holds one
    60 kg client a trip, 2 stops a route: 2 routes, G-x-G(unload)-G = 2,000 m and
    G-y-G(unload)-z-G(unload)-G = 4,000 m, 6,000 m in all; each takes its 1,800 s break
    starting inside 08:05-08:30, and its working day includes it."""
    routes, stops, line = _route(tmp_path, "sites_three", "fleet_no_disposal")
    assert line.strip() == "total_distance_m=6000 routes=2"
    assert sorted(routes.distance_m) == [2000.0, 4000.0]
    assert list(routes.break_s) == [1800, 1800]
    assert all("08:05" <= b <= "08:30" for b in routes.break_start)
    assert set(stops[stops.kind.isin(["unload", "end"])].site_id) == {"G"}
    for _, route in routes.iterrows():
        own = stops[stops.route_id == route.route_id]
        assert route.duration_s == own.departure_s.iloc[-1] - own.departure_s.iloc[0]


def test_hazardous_group_alone_on_the_waste_collection_model(tmp_path: Path) -> None:
    """Only the hazmat truck has day limits (a 30 min break to start 07:00-07:30, shift
    06:00-14:00), so only the hazardous group is planned on the waste-collection model;
    two ordinary trucks stay on the core. H (gate 07:00-17:00) is 2 km (200 s) from G:
    at H 06:03:20, the break on arrival 07:00-07:30, service 07:30 (0 s), D (8 km) at
    07:43:20, unload 600 s, back (10 km) at 08:10 (29,400 s); 20,000 m."""
    routes, stops, _ = _route_files(
        tmp_path, DAY.parent / "route_sites.csv", DAY / "fleet_mixed.json", "route_matrix_km"
    )
    solver = json.loads((tmp_path / "out" / "summary.json").read_text())["solver"]
    assert solver["model"] == {
        "hazardous": "waste-collection (eipgeo.routing.wc)",
        "non_hazardous": "core (eipgeo.routing)",
    }
    haz = routes[routes.group == "hazardous"].iloc[0]
    assert (haz.distance_m, haz.break_start, haz.break_s, haz.end) == (
        20_000.0,
        "07:00",
        1800,
        "08:10",
    )
    h = stops[stops.site_id == "H"].iloc[0]
    assert (h.break_start, h.service_start_s) == ("07:00", 27_000)
    assert (
        routes[routes.group == "non_hazardous"].break_s.tolist()
        == [0] * (routes.group == "non_hazardous").sum()
    )


def test_xlsx_time_cells_give_the_disposal_hours(tmp_path: Path) -> None:
    """The sites table as XLSX with D's hours typed as Excel times (09:00, 17:00): read
    by the one table reader as the CSV twin is, D unloads 09:00-09:10 (32,400-33,000 s)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["site_id", "role", "waste_kg", "service_s", "open", "close", "unload_s"])
    sheet.append(["G", "depot", 0, None, None, None, None])
    sheet.append(["D", "depot", 0, None, datetime.time(9, 0), datetime.time(17, 0), 600])
    sheet.append(["A", "client", 60, 60, None, None, None])
    book.save(tmp_path / "sites.xlsx")
    _, stops, _ = _route_files(
        tmp_path, tmp_path / "sites.xlsx", DAY / "fleet_disposal_hours.json", "route_day/matrix_km"
    )
    d = stops[stops.kind == "end"].iloc[0]
    assert (d.service_start_s, d.departure_s) == (32_400, 33_000)


def test_core_solver_refuses_day_limits_it_does_not_model() -> None:
    """The core solver has no break, route capacity or stop limit: a vehicle with one is
    refused (``day_limits_unsupported``), never silently planned without it."""
    dist = np.array([[0.0, 1000.0], [1000.0, 0.0]])
    with pytest.raises(InfeasibleError, match="vehicle t: a break, route_capacity_kg or max_stops"):
        solve_cvrp(dist, [0.0, 5.0], [VehicleType("t", 10, max_stops=3)], ["G", "A"])
