"""``eipgeo route``: contract flags, outputs, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from typer.testing import CliRunner

from eipgeo.cli import app

runner = CliRunner()
DATA = Path(__file__).parent / "data"
OVER = DATA / "cases" / "demand_over_capacity"
ONEWAY = DATA / "cases" / "oneway_trap"
ROUTE = [
    "route",
    "--sites",
    str(DATA / "route_sites.csv"),
    "--fleet",
    str(DATA / "route_fleet.json"),
    "--matrix",
    str(DATA / "route_matrix_km.csv"),
    "--matrix-unit",
    "km",
    "--iterations",
    "300",
]


def test_over_capacity_exits_1_naming_k3() -> None:
    """demand_over_capacity: K3 needs 9,400 kg, the largest truck (X2) holds 8,000 kg →
    exit 1, one line naming K3 (spreadsheet row 4)."""
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(OVER / "pickups.csv"),
            "--fleet",
            str(OVER / "fleet.json"),
            "--matrix",
            str(OVER / "distance_m.csv"),
        ],
    )
    assert result.exit_code == 1
    assert (
        "pickups.csv:4:waste_kg: K3 needs 9,400 kg in one visit but the largest vehicle that "
        f"may carry it, 'X2', holds 8,000 kg (capacity_kg in {OVER / 'fleet.json'})"
        in result.stderr
    )
    assert "Traceback" not in result.output


def test_single_client_and_zero_demand(tmp_path: Path) -> None:
    """demand_over_capacity without K3: BASE→K1→BASE = 512 + 512 = 1,024 m; K2 (0 kg)
    listed, not routed."""
    sites = tmp_path / "pickups.csv"
    sites.write_text(
        "\n".join(
            line
            for line in (OVER / "pickups.csv").read_text(encoding="utf-8").splitlines()
            if not line.startswith("K3")
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(sites),
            "--fleet",
            str(OVER / "fleet.json"),
            "--matrix",
            str(OVER / "distance_m.csv"),
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "total_distance_m=1024 routes=1"
    assert "K2: nothing to collect" in result.stderr
    summary = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    assert summary["not_routed_zero_demand"] == ["K2"]


def test_reloads_classes_apart_and_outputs(tmp_path: Path) -> None:
    """By hand (km matrix × 1000, 10 m/s, 600 s unloads, disposal D):

    ordinary: truck 100 kg, A and B 100 kg: G→A→D→B→D→G = 1+9+8+8+10 = 36 km, 2 trips;
    hazardous: hazmat only, H 40 kg: G→H→D→G = 2+8+10 = 20 km. Total 56,000 m, 2 routes.
    Truck cost 500,000 + 20,000 × 36 = 1,220,000 VND; CO2e (3.5–7.5 t: 0.461 empty,
    0.541 full, loads full on laden legs) = 0.461×(1+8+10) + 0.541×(9+8) = 17.956 kg.
    H opens at 07:00, so the hazardous pickup is at 07:00 or later.
    """
    out = tmp_path / "o"
    result = runner.invoke(app, [*ROUTE, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "total_distance_m=56000 routes=2"
    routes = pd.read_csv(out / "routes.csv").set_index("group")
    truck = routes.loc["non_hazardous"]
    assert (truck.vehicle_type, truck.trips, truck.distance_m) == ("truck", 2, 36000)
    assert truck.cost_vnd == 1_220_000 and abs(truck.co2e_kg - 17.956) < 1e-3
    assert (truck.km_laden, truck.km_empty) == (17, 19)
    assert routes.loc["hazardous"].vehicle_type == "hazmat"
    stops = pd.read_csv(out / "stops.csv")
    assert list(stops[stops.route_id == "non_hazardous-1"].site_id) == [
        "G",
        "A",
        "D",
        "B",
        "D",
        "G",
    ]
    timetable = pd.read_csv(out / "hazardous_timetable.csv")
    assert timetable[timetable.site_id == "H"].arrival_s.iloc[0] >= 7 * 3600
    legs = gpd.read_file(out / "routes.gpkg")
    assert legs.crs.to_epsg() == 4326 and legs.estimated.all() and len(legs) == 5 + 3
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["total_distance_m"] == 56000 and summary["period"] == "day"


def test_same_seed_same_output(tmp_path: Path) -> None:
    runs = [
        runner.invoke(app, [*ROUTE, "--seed", "3", "--out", str(tmp_path / str(i))])
        for i in range(2)
    ]
    assert all(r.exit_code == 0 for r in runs)
    assert (tmp_path / "0" / "stops.csv").read_text() == (tmp_path / "1" / "stops.csv").read_text()


def test_bad_sites_name_file_row_column() -> None:
    result = runner.invoke(app, [*ROUTE[:2], str(DATA / "route_sites_bad.csv"), *ROUTE[3:]])
    assert result.exit_code == 1
    assert "route_sites_bad.csv:3:waste_kg: A: '-100' is not a quantity" in result.stderr
    assert "route_sites_bad.csv:4:waste_class: B: waste_class 'toxic'" in result.stderr
    assert "route_sites_bad.csv:6:open: H: '7h' is not a time" in result.stderr


def test_bad_fleet_and_usage() -> None:
    bad = runner.invoke(
        app, [*ROUTE[:3], "--fleet", str(DATA / "route_fleet_bad.json"), *ROUTE[5:]]
    )
    assert bad.exit_code == 1
    assert (
        "route_fleet_bad.json:vehicles[0].capacity_kg: Input should be a valid integer"
        in bad.stderr
        and "each vehicle needs an id and capacity_kg > 0" in bad.stderr
    )
    both = runner.invoke(app, [*ROUTE, "--network", str(DATA / "truck_tags.osm")])
    assert both.exit_code == 2 and "exactly one of --network" in both.stderr
    missing = runner.invoke(app, [*ROUTE[:2], str(DATA / "nope.csv"), *ROUTE[3:]])
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_week_plan_totals(tmp_path: Path) -> None:
    """1-day limit, every day: each day repeats the day plan (56 km), 7 × 56 = 392 km."""
    out = tmp_path / "w"
    result = runner.invoke(
        app,
        [
            *ROUTE,
            "--storage-limit-days",
            "1",
            "--days",
            "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "total_distance_m=392000 routes=14"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["period"] == "week" and summary["totals"]["km"] == 392
    assert set(summary["by_day"]) == {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}


def test_network_one_way_trap_names_each_unreachable_pair(tmp_path: Path) -> None:
    """oneway_trap/README.md: HUB→EXIT, DEAD→HUB and DEAD→EXIT have no directed path →
    exit 1, each named."""
    fleet = tmp_path / "fleet.json"
    fleet.write_text('{"depot": "HUB", "vehicles": [{"id": "t", "capacity_kg": 5000}]}')
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(ONEWAY / "sites.csv"),
            "--fleet",
            str(fleet),
            "--network",
            str(ONEWAY / "network.osm"),
        ],
    )
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "no road path" in line]
    assert [line.split(": ", 2)[1] for line in lines] == ["HUB → EXIT", "DEAD → HUB", "DEAD → EXIT"]


def test_network_route_follows_the_streets(tmp_path: Path) -> None:
    """On oneway_trap's grid, HUB (node 21, 4.9 m) → W1 (20.86146, 106.68003; node 24,
    5.4 m) is road 21-24 each way: 0.0015° of latitude = 166.793 m on the 6,371,009 m
    sphere; total 2 × 166.793 = 333.6 → 334 m."""
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "id,name,role,lat,lon,waste_kg\nHUB,Gate,depot,20.86004,106.68002,0\n"
        "W1,Works,client,20.86146,106.68003,300\n",
        encoding="utf-8",
    )
    fleet = tmp_path / "fleet.json"
    fleet.write_text('{"depot": "HUB", "vehicles": [{"id": "t", "capacity_kg": 5000}]}')
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(sites),
            "--fleet",
            str(fleet),
            "--network",
            str(ONEWAY / "network.osm"),
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "total_distance_m=334 routes=1"
    legs = gpd.read_file(tmp_path / "o" / "routes.gpkg")
    assert list(legs.distance_m) == [166.8, 166.8] and not legs.estimated.any()


def test_hazardous_without_licensed_vehicle_names_the_client(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet.json"
    fleet.write_text(
        '{"depot": "G", "disposal_sites": ["D"], "vehicles": [{"id": "truck", "capacity_kg": 100}]}'
    )
    result = runner.invoke(app, [*ROUTE[:3], "--fleet", str(fleet), *ROUTE[5:]])
    assert result.exit_code == 1
    assert "H: hazardous waste but no vehicle type is licensed for it" in result.stderr


def test_sites_read_by_the_one_reader_vi_vn_decimal_comma() -> None:
    """A vi-VN Excel export (``;`` separator, decimal comma): ``0,5`` t is 500 kg and
    ``1,25`` t is 1,250 kg, not 5,000 and 125,000 (issue 17); coordinates ``10,9300``
    read as 10.93 degrees."""
    from eipgeo.routing.inputs import read_sites

    sites = read_sites(DATA / "route_sites_vi.csv").set_index("site_id")
    assert sites.loc["A", "waste_kg"] == 500.0
    assert sites.loc["B", "waste_kg"] == 1250.0
    assert sites.loc["G", "role"] == "depot"
    assert (sites.loc["B", "lat"], sites.loc["B", "lon"]) == (10.93, 106.8682)


def test_sites_malformed_twin_names_row_and_header() -> None:
    """``1,2,5`` is no number in a decimal-comma file: an error on row 4, column waste_t."""
    from eipgeo._errors import ValidationError
    from eipgeo.routing.inputs import read_sites

    with pytest.raises(ValidationError) as info:
        read_sites(DATA / "route_sites_vi_bad.csv")
    lines = [p.to_line() for p in info.value.problems]
    assert any(
        line.startswith(f"{DATA / 'route_sites_vi_bad.csv'}:4:waste_t: B: '1,2,5' is not a number")
        for line in lines
    ), lines
