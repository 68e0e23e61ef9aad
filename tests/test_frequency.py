"""Collection frequency per class group (scenario key ``collection.days_per_week``).

The hand-worked instance: depot D, one site A and one facility F on a line; road
distances D-A 1 km, A-F 2 km, D-F 3 km. A makes 100 kg/day of hazardous and 50 kg/day
of ordinary waste. Each group's route is D → A → F (unload) → D = 1 + 2 + 3 = 6 km.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from eipgeo import parks
from eipgeo._errors import ValidationError
from eipgeo.jobs.park import run_park
from eipgeo.jobs.result import JobResult
from eipgeo.routing import frequency as routing_week
from eipgeo.routing import tables as route_tables
from eipgeo.routing.model import HAZARDOUS_GROUP, SolverParams, VehicleType
from eipgeo.routing.solve import plan_by_class
from eipgeo.scenario import run as scenario_run
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import scenario_from_dict

DIST_M = np.array([[0, 1000, 3000], [1000, 0, 2000], [3000, 2000, 0]], dtype=float)
KG = pd.DataFrame(
    {"hazardous": [0.0, 100.0, 0.0], "ordinary": [0.0, 50.0, 0.0]}, index=["D", "A", "F"]
)
FLEET = [
    VehicleType("compactor-7t", 7000, 4, ("ordinary", "domestic")),
    VehicleType("hazmat-5t", 5000, 2, ("hazardous", "controlled")),
]


def _routes(days: dict[str, int] | None) -> tuple[pd.DataFrame, dict[str, Any]]:
    freq = routing_week.group_frequencies(days)
    pickups = routing_week.pickup_kg(KG, freq)
    plans = plan_by_class(
        DIST_M,
        pickups.to_numpy(),
        ["hazardous", "ordinary"],
        FLEET,
        ["D", "A", "F"],
        depot=0,
        end_depot={"hazardous": 2, "non_hazardous": 2},
        reload={"hazardous": [2], "non_hazardous": [2]},
        garage_return=True,
        timing=route_tables.travel_timing(DIST_M),
        params=SolverParams(seed=1, max_iterations=100),
    )
    return route_tables.routes_table(plans, DIST_M, FLEET), freq


def _rows(rows: list[tuple[str, object, str, str]]) -> dict[str, object]:
    return {key: value for key, value, _, _ in rows}


def test_hazardous_weekly_pickup_carries_seven_days() -> None:
    """Hazardous 1 day/week: one pickup of 100 × 7 / 1 = 700 kg; non-hazardous left to the
    default (6 days/week coefficient, one day's 50 kg per pickup, as without the key).

    Week km = hazardous 6 km × 1 + non-hazardous 6 km × 6 = 6 + 36 = 42 km.
    t·km of the day plans = 0.7 t × 2 km (A → F) + 0.05 t × 2 km = 1.4 + 0.1 = 1.5.
    """
    routes, freq = _routes({"hazardous": 1})
    by_group = routes.set_index("group")
    assert by_group.at["hazardous", "load_kg"] == pytest.approx(700.0)
    assert by_group.at["non_hazardous", "load_kg"] == pytest.approx(50.0)
    assert by_group.at["hazardous", "distance_m"] == pytest.approx(6000.0)
    rows = route_tables.summary_rows(routes, freq)
    got = _rows(rows)
    assert got["collection_days_per_week.hazardous"] == 1
    assert got["collection_days_per_week.non_hazardous"] == 6
    assert got["week_route_km.hazardous"] == pytest.approx(6.0)
    assert got["week_route_km.non_hazardous"] == pytest.approx(36.0)
    assert got["week_route_km"] == pytest.approx(42.0)
    assert got["route_t_km"] == pytest.approx(1.5)
    notes = {key: note for key, _, _, note in rows}
    assert notes["collection_days_per_week.hazardous"].startswith(
        "scenario collection.days_per_week; each pickup carries 7 days"
    )
    assert notes["collection_days_per_week.non_hazardous"].startswith("default coefficient: ")


def test_three_days_a_week_splits_the_week() -> None:
    """Non-hazardous 3 days/week: pickup 50 × 7 / 3 = 116.667 kg (the solver carries whole
    kg: 117); hazardous 2 days/week: 100 × 7 / 2 = 350 kg. Week km = 6 × 2 + 6 × 3 = 30 km."""
    routes, freq = _routes({"hazardous": 2, "non_hazardous": 3})
    pickups = routing_week.pickup_kg(KG, freq)
    assert pickups.at["A", "ordinary"] == pytest.approx(116.667, abs=1e-3)
    assert pickups.at["A", "hazardous"] == pytest.approx(350.0)
    by_group = routes.set_index("group")
    assert by_group.at["hazardous", "load_kg"] == 350
    assert by_group.at["non_hazardous", "load_kg"] == 117
    assert _rows(route_tables.summary_rows(routes, freq))["week_route_km"] == pytest.approx(30.0)


def test_without_the_key_week_is_day_plan_times_coefficient() -> None:
    """Default: pickups of one day's waste (100 and 50 kg); week = (6 + 6) km × 6 = 72 km;
    no per-group rows (summary keys as before)."""
    routes, _ = _routes(None)
    assert sorted(routes.load_kg) == [50, 100]
    got = _rows(route_tables.summary_rows(routes))
    assert got["week_route_km"] == pytest.approx(72.0)
    assert got["collection_days_per_week"] == 6
    assert not any(k.startswith(("collection_days_per_week.", "week_route_km.")) for k in got)


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ({"hazardous": 0}, "hazardous: 0 collection days a week is out of range"),
        ({"non_hazardous": 8}, "non_hazardous: 8 collection days a week is out of range"),
        ({"weekly": 1}, "collection group 'weekly' is not known"),
    ],
)
def test_group_frequencies_refuses_bad_values(days: dict[str, int], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        routing_week.group_frequencies(days)


def test_scenario_key_is_validated() -> None:
    base = {"name": "f", "park": "deepc-haiphong"}
    sc = scenario_from_dict({**base, "collection": {"days_per_week": {"hazardous": 1}}})
    assert sc.collection is not None and sc.collection.days_per_week == {"hazardous": 1}
    with pytest.raises(ValidationError, match="collection.days_per_week.hazardous"):
        scenario_from_dict({**base, "collection": {"days_per_week": {"hazardous": 9}}})
    with pytest.raises(ValidationError, match="did you mean 'days_per_week'"):
        scenario_from_dict({**base, "collection": {"days_per_wek": {"hazardous": 1}}})


def test_run_scenario_threads_the_frequencies(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    def fake(park: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("collection_days_per_week", "absent"))
        return object()

    monkeypatch.setattr(scenario_run, "run_park", fake)
    base = {"name": "f", "park": "deepc-haiphong"}
    run_scenario(
        scenario_from_dict(
            {**base, "collection": {"days_per_week": {"hazardous": 1, "non_hazardous": 6}}}
        )
    )
    run_scenario(scenario_from_dict(base))
    assert seen == [{"hazardous": 1, "non_hazardous": 6}, None]


def _grid_park(tmp_path: Path) -> parks.Park:
    """Two tenants in parcel A of tests/data/cases/road_island, as in ``tests/test_jobs.py``."""
    folder = tmp_path / "gridpark"
    folder.mkdir()
    shutil.copy(
        Path(__file__).resolve().parent
        / "data"
        / "cases"
        / "road_island"
        / "park_boundary.geojson",
        folder / "boundary.geojson",
    )
    meta = {
        "slug": "gridpark",
        "name_en": "Grid park",
        "kind": "industrial_park",
        "epsg": 32648,
        "boundary": {"file": "boundary.geojson"},
        "depot": {
            "id": "DEPOT",
            "name": "Gate",
            "lat": 20.86004,
            "lon": 106.68002,
            "location_quality": "declared",
        },
        "statistics": [{"key": "workers_per_project", "value": 100}],
    }
    (folder / "park.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "enterprises.csv").write_text(
        "id,name,zone,sector_text,isic4_class,employees,lat,lon,location_quality,source_url\n"
        "E1,North-west works,,Metal,2599,200,20.86146,106.68003,surveyed,test\n"
        "E2,North-east works,,Plastics,2220,,20.86146,106.68497,surveyed,test\n",
        encoding="utf-8",
    )
    (folder / "facilities.csv").write_text(
        "id,name,name_vi,kind,accepts,status,capacity_t_per_day,lat,lon,location_quality,"
        "location_method,source_url,confidence,methods\n"
        "L1,Landfill,,landfill,ordinary,operating,,20.88,106.68,declared,test,test,test,\n"
        "H1,Hazardous plant,,hazardous_treatment,hazardous,operating,,20.84,106.68,declared,"
        "test,test,test,storage_transfer\n",
        encoding="utf-8",
    )
    return parks.load_park(folder)


def _grid_job(tmp_path: Path) -> JobResult:
    return run_park(
        _grid_park(tmp_path), max_iterations=200, collection_days_per_week={"hazardous": 1}
    )


def test_job_plans_weekly_hazardous_pickups(tmp_path: Path) -> None:
    """In the job, each hazardous pickup = 7 × the site's hazardous kg/day (from its
    streams), non-hazardous pickups stay one day's waste, and the summary names the days
    (hazardous 1 from the scenario, non-hazardous the coefficient's 6); the week km is
    checked in the next test."""
    result = _grid_job(tmp_path)
    streams = result.streams
    haz = streams[streams.waste_class.isin(HAZARDOUS_GROUP)]
    daily = haz.groupby("site_id")["waste_kg_per_day"].sum()
    stops = result.stop_table[result.stop_table.kind == "pickup"]
    picked = stops[stops.route_id.str.startswith("hazardous")].set_index("site_id").pickup_kg
    for site, kg in daily.items():
        assert picked[site] == pytest.approx(7 * kg, abs=2e-3), site
    summary = result.summary.set_index("key")
    assert summary.at["collection_days_per_week.hazardous", "value"] == 1
    assert "scenario" in summary.at["collection_days_per_week.hazardous", "note"]
    assert summary.at["collection_days_per_week.non_hazardous", "value"] == 6


def test_job_week_km_is_group_day_km_times_days(tmp_path: Path) -> None:
    """The summary's week km is Σ group day km × days (hazardous × 1, non-hazardous × the
    coefficient's 6), to the metre (the figure is given to 0.001 km)."""
    result = _grid_job(tmp_path)
    summary = result.summary.set_index("key")
    routes = result.route_table
    day_km = routes.groupby("group").distance_m.sum() / 1000
    expected = day_km["hazardous"] * 1 + day_km["non_hazardous"] * 6
    assert float(summary.at["week_route_km", "value"]) == pytest.approx(expected, abs=2e-3)
