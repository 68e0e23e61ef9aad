"""The main job on a park with a user-supplied street extract (real OSM XML)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from eipgeo import parks
from eipgeo.jobs.park import run_park

CASES = Path(__file__).resolve().parent / "data" / "cases"


def _park(tmp_path: Path) -> parks.Park:
    """A two-tenant park on the oneway_trap/road_island grid; its boundary is road_island's
    parcel file (parcel A holds the grid)."""
    folder = tmp_path / "gridpark"
    folder.mkdir()
    shutil.copy(CASES / "road_island" / "park_boundary.geojson", folder / "boundary.geojson")
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
        f"test,test,test,{HANDLER_METHODS}\n",
        encoding="utf-8",
    )
    return parks.load_park(folder)


HANDLER_METHODS = ";".join(
    ["incineration", "oil_re_refining", "solvent_recovery", "decontamination"]
    + ["co_processing", "physico_chemical", "battery_recycling", "e_waste_recycling"]
    + ["lamp_recycling"]
)


def test_no_route_ends_at_a_depot_and_routes_include_service_times(tmp_path: Path) -> None:
    """H1 with a class licence only ('accepts hazardous', no codes, no methods) is not a
    permitted destination: no hazardous round is planned (none ends at the depot), the
    tonnage is named in a warning and still priced and counted. Every route's hours hold
    300 s per stop and 1,200 s per unload (declared defaults shown in summary.csv)."""
    park = _park(tmp_path)
    fac = park.facilities.copy()
    fac.loc[fac.id == "H1", "methods"] = ""
    park = dataclasses.replace(park, facilities=fac)
    result = run_park(park, max_iterations=200)
    assert set(result.plans) == {"non_hazardous"}
    stops = result.stop_table
    assert set(stops[stops.kind.isin(["end", "unload"])].site_id) == {"L1"}
    warning = next(p for p in result.problems if p.code == "no_destination")
    assert "is not routed" in warning.message and "never taken to the depot" in warning.message
    summary = result.summary.set_index("key")["value"]
    assert float(summary["waste_t_per_yr.no_permitted_destination"]) > 0
    assert float(summary["waste_cost_vnd_per_yr.no_permitted_destination"]) > 0
    assert float(summary["service_time_s.client"]) == 300
    assert float(summary["unload_time_s.facility"]) == 1200
    route = result.plans["non_hazardous"].routes[0]
    driving = (
        route.duration_s
        - 300 * sum(v.kind == "pickup" for v in route.visits)
        - 1200 * (route.trips)
    )
    speed = 50 / 3.6  # truck_max_speed_kph.urban_undivided, m/s
    assert driving == pytest.approx(route.distance_m / speed, rel=1e-3)


def test_user_street_extract_replaces_estimates(tmp_path: Path) -> None:
    """With the oneway_trap extract, in-park legs come from OSM streets, not estimates.

    By hand (edge snapping onto the largest SCC, the grid 21-26): the depot (20.86004,
    106.68002) projects onto road 21-24 (2.1 m east of it) 0.00004° = 4.448 m north of
    node 21; E1 (20.86146, 106.68003) onto the same road (3.1 m east of it) 0.00004° south
    of node 24. Both on one edge, the run along it is (0.0015 − 2 × 0.00004) / 0.0015 ×
    166.793 = 0.94667 × 166.793 = 157.90 m. E2 lacks employees and gets the park average
    (100), flagged.
    """
    park = _park(tmp_path)
    result = run_park(park, network_file=CASES / "oneway_trap" / "network.osm", max_iterations=200)
    collection = result.legs[result.legs.kind == "collection"]
    assert set(collection.source) == {"osm_street"}
    local = result.local_matrix
    assert local is not None and local.site_ids == ["DEPOT", "E1", "E2"]
    assert local.values[0, 1] == pytest.approx(157.90, abs=0.05)
    assert local.values[1, 0] == pytest.approx(157.90, abs=0.05)
    assert set(result.plans) == {"hazardous", "non_hazardous"}
    summary = result.summary.set_index("key")["value"]
    assert summary["facility.hazardous"] == "H1"
    assert summary["facility.non_hazardous"] == "L1"
    e2 = result.sites.set_index("site_id").loc["E2"]
    assert e2.employees == 100 and e2.employees_quality.startswith("park_average_fallback")


def test_without_extract_in_park_legs_are_estimates(tmp_path: Path) -> None:
    result = run_park(_park(tmp_path), max_iterations=200)
    assert set(result.legs.source) == {"estimate_circuity"}
