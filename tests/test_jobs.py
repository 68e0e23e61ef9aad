"""The main job on a park with a user-supplied street extract (real OSM XML)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from eipgeo import jobs, parks


def _park(tmp_path: Path, cases: Path) -> parks.Park:
    """A two-tenant park on the C07/C08 grid; its boundary is C08's parcel file."""
    folder = tmp_path / "gridpark"
    folder.mkdir()
    shutil.copy(cases / "C08_disconnected_island_far_snap" / "park_boundary.geojson",
                folder / "boundary.geojson")
    meta = {
        "slug": "gridpark", "name_en": "Grid park", "kind": "industrial_park", "epsg": 32648,
        "boundary": {"file": "boundary.geojson"},
        "depot": {"id": "DEPOT", "name": "Gate", "lat": 10.93005, "lon": 106.85005,
                  "location_quality": "declared"},
        "statistics": [{"key": "workers_per_project", "value": 100}],
    }
    (folder / "park.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "enterprises.csv").write_text(
        "id,name,zone,sector_text,isic4_class,employees,lat,lon,location_quality,source_url\n"
        "E1,North-west works,,Metal,2599,200,10.93205,106.85005,surveyed,test\n"
        "E2,North-east works,,Plastics,2220,,10.93205,106.85405,surveyed,test\n",
        encoding="utf-8")
    (folder / "facilities.csv").write_text(
        "id,name,name_vi,kind,accepts,status,capacity_t_per_day,lat,lon,location_quality,"
        "location_method,source_url,confidence\n"
        "L1,Landfill,,landfill,ordinary,operating,,10.95,106.85,declared,test,test,test\n"
        "H1,Hazardous plant,,hazardous_treatment,hazardous,operating,,10.90,106.85,declared,"
        "test,test,test\n", encoding="utf-8")
    return parks.load_park(folder)


def test_user_street_extract_replaces_estimates(tmp_path: Path, cases: Path) -> None:
    """With the C07 extract, in-park legs come from OSM streets, not estimates.

    By hand: DEPOT snaps to node 1 (10.930, 106.850) and E1 to node 4 (10.932, 106.850);
    way 103 joins them: 0.002° of latitude = 222.4 m on the osmnx sphere.
    E2 lacks employees and gets the park average (100), flagged.
    """
    park = _park(tmp_path, cases)
    result = jobs.run_park(park, network_file=cases / "C07_oneway_trap_unreachable" /
                           "network.osm", max_iterations=200)
    collection = result.legs[result.legs.kind == "collection"]
    assert set(collection.source) == {"osm_street"}
    local = result.local_matrix
    assert local is not None and local.site_ids == ["DEPOT", "E1", "E2"]
    assert local.values[0, 1] == pytest.approx(222.4, abs=0.2)
    assert set(result.plans) == {"hazardous", "non_hazardous"}
    summary = result.summary.set_index("key")["value"]
    assert summary["facility.hazardous"] == "H1"
    assert summary["facility.non_hazardous"] == "L1"
    e2 = result.sites.set_index("site_id").loc["E2"]
    assert e2.employees == 100 and e2.employees_quality.startswith("park_average_fallback")


def test_without_extract_in_park_legs_are_estimates(tmp_path: Path, cases: Path) -> None:
    result = jobs.run_park(_park(tmp_path, cases), max_iterations=200)
    assert set(result.legs.source) == {"estimate_circuity"}
