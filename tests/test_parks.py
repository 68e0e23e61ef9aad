"""Bundled parks: metadata, placement rules and size fallbacks (the one module on real parks)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from eipgeo import parks
from eipgeo._errors import DataNotFoundError

TENANTS = {"deepc-haiphong": 22, "amata-bienhoa": 7, "hiepphuoc": 19, "deepc-quangninh": 3,
           "amata-halong": 0}


def test_bundled_slugs_follow_the_contract() -> None:
    assert parks.list_parks() == sorted([*TENANTS, "hcmc-uis"])


@pytest.mark.parametrize(("slug", "count"), sorted(TENANTS.items()))
def test_tenant_tables_restate_every_shared_row(slug: str, count: int, shared_data: Path) -> None:
    """Each enterprise table has one row per row of the shared tenant CSV, with its sources."""
    park = parks.load_park(slug)
    assert len(park.enterprises) == count
    shared = shared_data / "tenants" / f"{slug.replace('-', '_')}.csv"
    if shared.exists():
        with shared.open(encoding="utf-8") as f:
            names = [row["company"] for row in csv.DictReader(f)]
        assert park.enterprises["name"].tolist() == names
    assert (park.enterprises["source_url"].str.len() > 0).all()


def test_unknown_park_names_the_bundled_ones() -> None:
    with pytest.raises(DataNotFoundError, match="no park 'nowhere'.*bundled parks are amata"):
        parks.load_park("nowhere")


def test_data_folder_missing_says_how_to_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EIPGEO_DATA_DIR", raising=False)
    with pytest.raises(DataNotFoundError, match="Set EIPGEO_DATA_DIR"):
        parks.data_file("osm/programme_parks.geojson")


@pytest.mark.parametrize("slug", ["deepc-haiphong", "amata-bienhoa", "hiepphuoc"])
def test_every_tenant_inside_its_polygon_or_flagged(slug: str, shared_data: Path) -> None:
    """Placed tenants lie inside the park polygon; zone tenants sit at their reference point."""
    park = parks.load_park(slug)
    boundary = parks.read_boundary(park)
    placed = parks.place_enterprises(park, boundary)
    poly = boundary.geometry.union_all()
    inside = placed.geometry.within(poly)
    quality = placed["location_quality"]
    assert set(quality) <= {"placed_in_polygon", "zone_reference_point"}
    assert inside[quality == "placed_in_polygon"].all()
    refs = {r["id"]: (r["lon"], r["lat"]) for r in park.meta.get("reference_points", [])}
    for _, row in placed[quality == "zone_reference_point"].iterrows():
        assert (row.lon, row.lat) == pytest.approx(refs[row.zone], abs=1e-6)


def test_placement_is_deterministic_and_stable(shared_data: Path) -> None:
    """Same input, same points; dropping a tenant moves no other tenant."""
    park = parks.load_park("deepc-haiphong")
    boundary = parks.read_boundary(park)
    first = parks.place_enterprises(park, boundary)
    again = parks.place_enterprises(park, boundary)
    assert first[["lon", "lat"]].equals(again[["lon", "lat"]])
    park.enterprises = park.enterprises.iloc[1:].reset_index(drop=True)
    fewer = parks.place_enterprises(park, boundary)
    assert fewer[["lon", "lat"]].equals(first[["lon", "lat"]].iloc[1:].reset_index(drop=True))


def test_missing_employees_use_the_flagged_park_average() -> None:
    """DEEP C HP: 13,500 workers / (94 + 51) projects = 93.1 per firm (park.json, 2022)."""
    park = parks.load_park("deepc-haiphong")
    frame = pd.DataFrame({"id": ["a", "b"], "employees": ["1100", ""]})
    filled = parks.fill_sizes(park, frame)
    assert filled["employees"].tolist() == [1100.0, 93.1]
    assert filled["employees_quality"].tolist()[0] == "reported"
    assert filled["employees_quality"].tolist()[1].startswith("park_average_fallback")
