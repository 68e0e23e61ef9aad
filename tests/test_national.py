"""National inputs: de-duplication, stand-in areas, the synthetic generator, dask assignment."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

from eipgeo import national, settings
from eipgeo._errors import DataNotFoundError, InputReadError

DATA = Path(__file__).resolve().parent / "data"

# 0.01 deg x 0.01 deg at 21 N: 1 deg lon = 111.320 km x cos 21 deg = 103.93 km; 1 deg lat =
# 111.132 - 0.559 cos 42 deg = 110.717 km. So 1.0393 km x 1.1072 km = 115.07 ha.
SQUARE_HA = 115.07


@pytest.fixture
def tiny_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose national file is tests/data/national_parks_ok.geojson."""
    (tmp_path / "osm").mkdir()
    shutil.copy(DATA / "national_parks_ok.geojson", tmp_path / national.NATIONAL_FILE)
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    return tmp_path


def test_dedup_rule_on_hand_made_file(tiny_data: Path) -> None:
    """5 features -> 3 parks, by the rule in national.DEDUP_RULE.

    * ways 1 and 2 ("Khu công nghiệp Alpha" / "KCN Alpha", province 01) are 0.002 deg
      (~208 m) apart, under 1,000 m: one park, 115.07 + 0.8 x 115.07 = 207.13 ha;
    * node 3 (Alpha, 01) lies inside way 1: dropped;
    * way 4 (Alpha, province 02): a separate park of 115.07 ha;
    * node 5 (Beta): point only, a circle of the median polygon area (115.07 ha, the
      median of 115.07, 92.06, 115.07) drawn with 64 segments, whose area is
      (64 / 2 pi) sin(2 pi / 64) = 0.99839 of the circle: 114.88 ha, flagged.
    """
    got = national.read_national_parks().set_index("slug")
    assert list(got.index) == ["vn-alpha-province-a", "vn-alpha-province-b", "vn-beta-province-a"]
    alpha = got.loc["vn-alpha-province-a"]
    assert alpha.osm_ids == "osm_way_1; osm_way_2"
    assert alpha.area_ha == pytest.approx(207.13, rel=0.005)
    assert alpha.area_quality == "osm_polygon"
    assert got.loc["vn-alpha-province-b", "area_ha"] == pytest.approx(SQUARE_HA, rel=0.005)
    beta = got.loc["vn-beta-province-a"]
    assert beta.area_quality == "stand_in_median_circle"
    assert beta.area_ha == pytest.approx(114.88, rel=0.005)
    assert beta.geometry.contains(Point(106.2, 21.2))


def test_malformed_national_file_names_file_and_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The malformed twin lacks province_code: InputReadError naming the file and column."""
    (tmp_path / "osm").mkdir()
    shutil.copy(DATA / "national_parks_bad.geojson", tmp_path / national.NATIONAL_FILE)
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    with pytest.raises(
        InputReadError,
        match=r"vn_industrial_parks.geojson: missing column.*"
        r"province_code",
    ):
        national.read_national_parks()


def test_no_data_folder_reads_the_bundled_national_layer() -> None:
    """No data folder set: the bundled layer (294 OSM features) is read and de-duplicated."""
    got = national.read_national_parks()
    assert 250 <= len(got) <= 294
    assert got.slug.is_unique


def test_select_unknown_park_suggests_nearest(tiny_data: Path) -> None:
    """A near-miss slug gets the nearest real slug in the message."""
    parks = national.read_national_parks()
    with pytest.raises(DataNotFoundError, match="vn-alpha-province-a"):
        national.select_parks(parks, ["vn-alpha-province-x"])
    assert list(national.select_parks(parks, ["osm_way_2"]).slug) == ["vn-alpha-province-a"]


def test_generator_is_seeded_inside_polygons_and_follows_the_evidence(tiny_data: Path) -> None:
    """100,000 firms over 3 parks: exact total, every point inside its park, shares as given.

    Multinomial by area: Alpha-A holds 207.13 / (207.13 + 115.07 + 114.88) = 47.4 %.
    Sector share tolerance 0.01 is > 7 binomial standard deviations (sqrt(.21 x .79 / 1e5)
    = 0.0013). Lognormal employees with mean 154.7 (evidence: (13,500/145 + 24,000/111)/2);
    the standard error of the mean is 154.7 x sqrt(e - 1) / sqrt(1e5) = 0.64, so 2 % is wide.
    """
    parks = national.read_national_parks()
    firms = national.synthetic_enterprises(parks, n_total=100_000, seed=7)
    again = national.synthetic_enterprises(parks, n_total=100_000, seed=7)
    assert len(firms) == 100_000
    assert firms[["lon", "lat", "employees"]].equals(again[["lon", "lat", "employees"]])
    poly = dict(zip(parks.slug, parks.geometry, strict=True))
    for slug, group in firms.groupby("park_generated"):
        assert shapely.contains_xy(poly[slug], group.lon, group.lat).all()
    share = (firms.park_generated == "vn-alpha-province-a").mean()
    assert share == pytest.approx(207.13 / (207.13 + 115.07 + 114.88), abs=0.01)
    for sector, (expected, _) in national.SECTOR_MIX.items():
        assert (firms.sector_text == sector).mean() == pytest.approx(expected, abs=0.01)
    assert firms.employees.mean() == pytest.approx(154.7, rel=0.02)
    assert (firms.basis == "synthetic").all()


def test_assign_and_aggregate_with_dask_geopandas() -> None:
    """Hand-made: squares A = [0,2]^2 and B = [1,3]x[0,2] overlap on [1,2]x[0,2].

    Firms: f1 (0.5, 1) in A only, 10 workers; f2 (1.5, 1) in both -> A (first slug), 20;
    f3 (2.5, 1) in B, 30; f4 (9, 9) in none. So A: 2 firms, 30 workers, B: 1 firm, 30.
    Waste = workers x 1.243 t/worker/yr = 37.3 t/yr each; hazardous x 0.16 = 6.0 t/yr.
    """
    parks = gpd.GeoDataFrame(
        {"slug": ["A", "B"]}, geometry=[box(0, 0, 2, 2), box(1, 0, 3, 2)], crs=4326
    )
    firms = gpd.GeoDataFrame(
        {"id": ["f1", "f2", "f3", "f4"], "employees": [10, 20, 30, 40]},
        geometry=[Point(0.5, 1), Point(1.5, 1), Point(2.5, 1), Point(9, 9)],
        crs=4326,
    )
    assigned = national.assign_to_parks(firms, parks, npartitions=2)
    mapping = dict(zip(*assigned.compute()[["id", "slug"]].to_numpy().T, strict=True))
    assert mapping == {"f1": "A", "f2": "A", "f3": "B"}
    agg = national.aggregate_by_park(assigned)
    assert agg.enterprises.to_dict() == {"A": 2, "B": 1}
    assert agg.employees.to_dict() == {"A": 30, "B": 30}
    assert agg.waste_t_per_yr.to_list() == [37.3, 37.3]
    assert agg.hazardous_t_per_yr.to_list() == [6.0, 6.0]


def test_assign_rejects_crs_mismatch() -> None:
    """Different CRSs: a clear error naming both and the fix."""
    parks = gpd.GeoDataFrame({"slug": ["A"]}, geometry=[box(0, 0, 2, 2)], crs=4326)
    firms = gpd.GeoDataFrame({"id": ["f1"], "employees": [1]}, geometry=[Point(1, 1)], crs=32648)
    with pytest.raises(InputReadError, match="to_crs"):
        national.assign_to_parks(firms, parks)


def test_national_file_dedup_dinh_vu_and_points(bundled_data: Path) -> None:
    """The bundled national file: 294 features -> 278 parks.

    Counted by hand from the file: 10 points, of which Đình Vũ (node 2550835890, inside way
    627990023) and "KCN Đại An" (node 481837559, same park as the polygon "Khu công nghiệp
    Đại An" once 'KCN' is expanded) are dropped, 8 get stand-in areas; 13 same-name
    groups of close polygons merge 14 extra ways (Nam Cẩm has 3). 294 - 2 - 14 = 278.
    Dinh Vu keeps way 627990023 alone, 1,051.16 ha (programme_parks.geojson: 1,051 ha).
    """
    got = national.read_national_parks()
    assert len(got) == 278
    assert (got.area_quality == "stand_in_median_circle").sum() == 8
    dinh_vu = got[got.osm_ids.str.contains("627990023")]
    assert list(dinh_vu.osm_ids) == ["osm_way_627990023"]
    assert float(dinh_vu.area_ha.iloc[0]) == pytest.approx(1051.16, abs=1.0)
    assert not got.osm_ids.str.contains("osm_node_2550835890").any()
    assert got.slug.is_unique


def test_national_parks_run_through_the_main_job(bundled_data: Path) -> None:
    """A small national park runs end to end on estimated distances (labelled)."""
    from eipgeo.jobs.park import run_park

    park = national.national_parks_with_firms(["vn-van-giang-giai-doan-1-hung-yen"])[0]
    assert park.boundary is not None and len(park.enterprises) >= 1
    result = run_park(park, max_iterations=50)
    assert set(result.legs.source) == {"estimate_circuity"}
    clients = result.sites[result.sites.role == "client"]
    assert (clients.location_quality == "synthetic_in_polygon").all()
    employees = park.enterprises.employees.astype(float).sum()
    total = result.streams.waste_t_per_yr.sum()
    assert total == pytest.approx(employees * 1.243, rel=0.001)
    assert np.isfinite(result.summary.set_index("key").loc["route_km.total", "value"])


def test_stand_in_fleet_is_sized_to_the_largest_firm() -> None:
    """Firms of 100 and 5,000 workers; 1.243 t/worker/yr = 3.4055 kg/worker/day.

    Largest firm, ordinary share 0.84: 5,000 x 3.4055 x 0.84 = 14,303 kg/day > 7,000 kg, so
    the compactor is enlarged to 15,000 kg; all firms: 5,100 x 3.4055 x 0.84 = 14,589 kg/day,
    ceil(1.25 x 14,589 / 15,000) + 1 = 3 vehicles. Hazardous (0.16): largest 2,724 kg fits the
    5,000 kg truck; ceil(1.25 x 2,779 / 5,000) + 1 = 2 vehicles.
    """
    import pandas as pd

    fleet = {v["allowed_classes"][0]: v for v in national.stand_in_fleet(pd.Series([100, 5000]))}
    assert fleet["ordinary"]["capacity_kg"] == 15_000
    assert fleet["ordinary"]["num_available"] == 3
    assert "enlarged" in fleet["ordinary"]["id"]
    assert fleet["hazardous"]["capacity_kg"] == 5000
    assert fleet["hazardous"]["num_available"] == 2
