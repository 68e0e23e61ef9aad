"""Bundled parks: metadata, placement rules and size fallbacks (the one module on real parks)."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from eipgeo import parks, settings
from eipgeo._errors import DataNotFoundError
from eipgeo.data import BUNDLED_DATA_DIR, PARKS_DIR, data_file

TENANTS = {
    "deepc-haiphong": 23,
    "amata-bienhoa": 7,
    "hiepphuoc": 20,
    "deepc-quangninh": 4,
    "amata-halong": 0,
}


def test_bundled_slugs_follow_the_contract() -> None:
    assert parks.list_parks() == sorted([*TENANTS, "hcmc-uis"])


@pytest.mark.parametrize(("slug", "count"), sorted(TENANTS.items()))
def test_tenant_tables_cite_every_row(slug: str, count: int) -> None:
    """Each enterprise table has its tenants, and every row names its source URL."""
    park = parks.load_park(slug)
    assert len(park.enterprises) == count
    assert park.enterprises["source_url"].str.startswith("http").all()


def test_unknown_park_names_the_bundled_ones() -> None:
    with pytest.raises(DataNotFoundError, match="unknown park 'nowhere'.*known slugs: amata"):
        parks.load_park("nowhere")


def test_bundled_data_is_used_when_no_folder_is_set() -> None:
    """With no EIPGEO_DATA_DIR, the package's own reduced layers are read."""
    path = data_file("osm/programme_parks.geojson")
    assert path == BUNDLED_DATA_DIR / "osm" / "programme_parks.geojson"
    for rel in (
        "osm/trunk_roads_north.geojson",
        "osm/trunk_roads_south.geojson",
        "osm/hcmc_d1_d3.osm",
        "osm/vn_industrial_parks.geojson",
        "admin/vn_communes_4_provinces.geojson",
        "admin/vn_provinces_34.geojson",
        "legal/vn_waste_codes.csv",
    ):
        assert data_file(rel).is_file()


def test_data_folder_overrides_the_bundled_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A richer folder laid out the same way wins file by file; what it lacks is bundled.

    The override holds one square boundary for DEEP C's way 627990023: 0.01 x 0.01 degrees
    at 20.8 N, 106.7 E; in UTM 48N that is about 1,041 m x 1,106 m = 115 ha (checked
    below within 3 %: 111,320 m per degree of latitude, x cos 20.8 deg for longitude).
    """
    osm = tmp_path / "osm"
    osm.mkdir()
    square = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"osm_id": 627990023},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [106.70, 20.80],
                            [106.71, 20.80],
                            [106.71, 20.81],
                            [106.70, 20.81],
                            [106.70, 20.80],
                        ]
                    ],
                },
            }
        ],
    }
    (osm / "programme_parks.geojson").write_text(json.dumps(square), encoding="utf-8")
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    assert data_file("osm/programme_parks.geojson") == osm / "programme_parks.geojson"
    assert (
        data_file("legal/vn_waste_codes.csv") == BUNDLED_DATA_DIR / "legal" / "vn_waste_codes.csv"
    )
    boundary = parks.read_boundary(parks.load_park("deepc-haiphong"))
    area_ha = float(boundary.to_crs(32648).area.sum()) / 10_000
    expected = (0.01 * 111_320 * math.cos(math.radians(20.805))) * (0.01 * 110_574) / 10_000
    assert area_ha == pytest.approx(expected, rel=0.03)


def test_missing_data_folder_says_how_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "data_dir", tmp_path / "nowhere")
    with pytest.raises(DataNotFoundError, match="nowhere, which is not a folder.*unset it"):
        data_file("osm/programme_parks.geojson")


def test_unknown_data_file_names_both_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    with pytest.raises(DataNotFoundError, match="osm/none.geojson is not in the data"):
        data_file("osm/none.geojson")


@pytest.mark.parametrize("slug", ["deepc-haiphong", "amata-bienhoa", "hiepphuoc"])
def test_every_tenant_inside_its_polygon_or_flagged(slug: str, bundled_data: Path) -> None:
    """Placed tenants lie inside the park polygon; zone tenants sit at their reference point."""
    park = parks.load_park(slug)
    boundary = parks.read_boundary(park)
    placed = parks.place_enterprises(park, boundary)
    poly = boundary.geometry.union_all()
    inside = placed.geometry.within(poly)
    quality = placed["location_quality"]
    assert set(quality) <= {"placed_in_polygon", "zone_reference_point"}
    assert inside[quality == "placed_in_polygon"].all()
    refs = {r.id: (r.lon, r.lat) for r in park.meta.reference_points}
    for _, row in placed[quality == "zone_reference_point"].iterrows():
        assert (row.lon, row.lat) == pytest.approx(refs[row.zone], abs=1e-6)


def test_placement_is_deterministic_and_stable(bundled_data: Path) -> None:
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


def test_a_park_folder_may_leave_out_optional_tenant_columns(tmp_path: Path) -> None:
    """A hand-made park folder whose enterprises.csv holds only id, name, isic4_class and
    area_ha loads with the other schema columns blank, and the job's sources are built
    (sector_text blank → source_type 'unknown'); it used to stop with KeyError."""
    from eipgeo.jobs.sources import park_sources

    folder = tmp_path / "mini"
    shutil.copytree(PARKS_DIR / "deepc-quangninh", folder)
    full = pd.read_csv(folder / "enterprises.csv", dtype=str, keep_default_na=False)
    full[["id", "name", "isic4_class", "area_ha"]].to_csv(folder / "enterprises.csv", index=False)
    park = parks.load_park(folder)
    assert set(parks.ENTERPRISE_COLUMNS) <= set(park.enterprises.columns)
    sources = park_sources(park, parks.read_boundary(park))
    assert len(sources) == len(full)
    assert set(sources["source_type"]) == {"unknown"}
