"""Timetables start at the depot's opening hour (issue 21, item 8).

A park's ``park.json`` ``depot_opens`` (``HH:MM``), else ``eipgeo.settings.depot_opens``
(default 07:00, unverified), is when the depot opens: routes leave then, and the clock
times of routes.csv, stops.csv and hazardous_timetable.csv count from the same midnight,
so a client's absolute window is not shifted.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eipgeo import parks, settings
from eipgeo._errors import UsageError, ValidationError
from eipgeo.jobs.park import run_park
from eipgeo.outputs import write
from eipgeo.routing import tables as route_tables
from eipgeo.routing.model import SolverParams, Timing, VehicleType
from eipgeo.routing.solve import plan_by_class

CASES = Path(__file__).resolve().parent / "data" / "cases"
IDS = ["D", "A", "F"]
TRAVEL_S = np.array([[0, 600, 1800], [600, 0, 1200], [1800, 1200, 0]], dtype=float)
FLEET = [VehicleType("compactor-7t", 7000, 1, ("ordinary", "domestic"))]


def _plan(windows: list[tuple[float, float]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Depot D, one client A (50 kg, 300 s service), disposal site F (1,200 s unload)."""
    timing = Timing(
        duration_s=TRAVEL_S, service_s=[0.0, 300.0, 0.0], windows_s=windows, unload_s=1200.0
    )
    plans = plan_by_class(
        TRAVEL_S * 10,  # metres: any, the clock runs on TRAVEL_S
        np.array([[0.0], [50.0], [0.0]]),
        ["ordinary"],
        FLEET,
        IDS,
        depot=0,
        end_depot={"non_hazardous": 2},
        reload={"non_hazardous": [2]},
        garage_return=True,
        timing=timing,
        params=SolverParams(seed=1, max_iterations=100),
    )
    routes = route_tables.routes_table(plans, TRAVEL_S * 10, FLEET)
    return routes, route_tables.stops_table(plans, IDS)


def test_depot_opening_at_0730_and_600_s_to_the_first_stop_arrives_at_0740() -> None:
    """Worked by hand: leave D 07:30; + 600 s → A at 07:40; + 300 s service → leave 07:45;
    + 1,200 s → F at 08:05; + 1,200 s unload + 1,800 s back → D at 08:55 (5,100 s)."""
    routes, stops = _plan([(7.5 * 3600, math.inf), (0.0, math.inf), (0.0, math.inf)])
    assert stops.site_id.tolist()[:3] == IDS
    by_site = stops.drop_duplicates("site_id").set_index("site_id")
    assert by_site.at["D", "departure"] == "07:30"
    assert by_site.at["A", "arrival"] == "07:40"
    assert by_site.at["A", "arrival_s"] == 27_600
    assert by_site.at["A", "departure"] == "07:45"
    assert by_site.at["F", "arrival"] == "08:05"
    assert routes.at[0, "start"] == "07:30"
    assert routes.at[0, "end"] == "08:55"
    assert routes.at[0, "duration_s"] == 5_100


def test_a_client_window_stays_absolute_when_the_depot_opens_later() -> None:
    """A opens 08:00-09:00 (s from midnight, as the depot's hour): its service starts at
    08:00, not 07:30 + 8 h, and the truck leaves D no earlier than 07:30."""
    routes, stops = _plan([(7.5 * 3600, math.inf), (8 * 3600, 9 * 3600), (0.0, math.inf)])
    a = stops[stops.site_id == "A"].iloc[0]
    assert a.service_start == "08:00"
    assert a.arrival_s <= 8 * 3600
    assert stops[stops.site_id == "D"].iloc[0].departure_s >= 7.5 * 3600


def _park(tmp_path: Path, opens: str | None) -> Path:
    """The two-tenant grid park of test_jobs.py, with ``depot_opens`` when given."""
    folder = tmp_path / "gridpark"
    folder.mkdir()
    shutil.copy(CASES / "road_island" / "park_boundary.geojson", folder / "boundary.geojson")
    meta: dict[str, object] = {
        "slug": "gridpark",
        "name_en": "Grid park",
        "kind": "industrial_park",
        "epsg": 32648,
        "boundary": {"file": "boundary.geojson"},
        "depot": {"id": "DEPOT", "name": "Gate", "lat": 20.86004, "lon": 106.68002},
        "statistics": [{"key": "workers_per_project", "value": 100}],
    }
    if opens is not None:
        meta["depot_opens"] = opens
    (folder / "park.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "enterprises.csv").write_text(
        "id,name,zone,sector_text,isic4_class,employees,lat,lon,location_quality,source_url\n"
        "E1,North-west works,,Metal,2599,200,20.86146,106.68003,surveyed,test\n"
        "E2,North-east works,,Plastics,2220,,20.86146,106.68497,surveyed,test\n",
        encoding="utf-8",
    )
    methods = ";".join(
        ["incineration", "oil_re_refining", "solvent_recovery", "decontamination"]
        + ["co_processing", "physico_chemical", "battery_recycling", "e_waste_recycling"]
        + ["lamp_recycling"]
    )
    (folder / "facilities.csv").write_text(
        "id,name,name_vi,kind,accepts,status,capacity_t_per_day,lat,lon,location_quality,"
        "location_method,source_url,confidence,methods\n"
        "L1,Landfill,,landfill,ordinary,operating,,20.88,106.68,declared,test,test,test,\n"
        "H1,Hazardous plant,,hazardous_treatment,hazardous,operating,,20.84,106.68,declared,"
        f"test,test,test,{methods}\n",
        encoding="utf-8",
    )
    return folder


def test_park_json_depot_opens_starts_every_timetable(tmp_path: Path) -> None:
    """depot_opens 07:30: every route leaves at 07:30 and reaches its first stop 07:30 +
    the first leg's length at 50 km/h (truck_max_speed_kph.urban_undivided); stops.csv,
    routes.csv, hazardous_timetable.csv and each route's map popup say so, summary.csv
    names park.json."""
    result = run_park(parks.load_park(_park(tmp_path, "07:30")), max_iterations=200)
    write.write_job(result, tmp_path / "out", with_report=False)
    out = tmp_path / "out" / "gridpark"
    stops = pd.read_csv(out / "stops.csv", dtype={"arrival": str, "departure": str})
    routes = pd.read_csv(out / "routes.csv", dtype={"start": str})
    assert set(routes.start) == {"07:30"}
    assert {"hazardous-1", "non_hazardous-1"} <= set(routes.route_id)
    for route_id, visits in stops.groupby("route_id"):
        first = visits.sort_values("seq").iloc[1]  # seq 0 leaves the depot
        leg = result.legs[(result.legs.route_id == route_id)].iloc[0]
        assert leg.to_id == first.site_id
        travel_s = leg.distance_m / (50 / 3.6)
        assert first.arrival_s == pytest.approx(27_000 + travel_s, abs=1.0)
        assert visits.sort_values("seq").iloc[0].departure == "07:30"
    page = (tmp_path / "out" / "gridpark.html").read_text(encoding="utf-8")
    for _, route in routes.iterrows():  # each route's popup: leaves – back
        assert f"07:30–{route.end}" in page
    haz = pd.read_csv(out / "hazardous_timetable.csv", dtype={"departure": str})
    assert haz.sort_values("seq").iloc[0].departure == "07:30"
    summary = pd.read_csv(out / "summary.csv", dtype=str).set_index("key")
    assert summary.at["depot_opens", "value"] == "07:30"
    assert "park.json: depot_opens" in summary.at["depot_opens", "note"]


def test_without_depot_opens_the_setting_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No depot_opens: the default 07:00 (marked unverified), or the setting as changed."""
    park = parks.load_park(_park(tmp_path, None))
    result = run_park(park, max_iterations=100)
    assert set(result.route_table.start) == {"07:00"}
    summary = result.summary.set_index("key")
    assert summary.at["depot_opens", "value"] == "07:00"
    assert "unverified" in summary.at["depot_opens", "note"]
    monkeypatch.setattr(settings, "depot_opens", "06:15")
    assert set(run_park(park, max_iterations=100).route_table.start) == {"06:15"}


@pytest.mark.parametrize("bad", ["25:00", "7h", "24:00", "07:60", "07:00+1d"])
def test_a_malformed_depot_opens_names_file_key_value_and_format(tmp_path: Path, bad: str) -> None:
    """The malformed twin: park.json's depot_opens '25:00' or '7h' is refused on reading,
    naming the file, the key, the value and HH:MM."""
    folder = _park(tmp_path, bad)
    with pytest.raises(ValidationError) as caught:
        parks.load_park(folder)
    line = str(caught.value)
    assert str(folder / "park.json") in line
    assert "depot_opens" in line and repr(bad) in line and "HH:MM" in line


def test_a_malformed_setting_names_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """settings.depot_opens = '7h': a UsageError naming the setting, its value and HH:MM."""
    monkeypatch.setattr(settings, "depot_opens", "7h")
    with pytest.raises(UsageError, match=r"eipgeo\.settings\.depot_opens: '7h' .*HH:MM"):
        run_park(parks.load_park(_park(tmp_path, None)), max_iterations=100)
