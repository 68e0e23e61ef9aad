"""Structural tests of the maps (the folium.Map objects and their HTML), in the manner of
geopandas' ``test_explore``; ``test_browser.py`` opens the same maps in Chromium."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from eipgeo import parks
from eipgeo._errors import UsageError, ValidationError
from eipgeo.cli import app
from eipgeo.jobs.park import run_park
from eipgeo.outputs import maps
from eipgeo.outputs._map_elements import FAST_LIMIT, PointData, PointLayer
from eipgeo.outputs._map_text import SECTORS, plain, script_json, sector_index

DATA = Path(__file__).parent / "data"
MISSING = DATA / "cases" / "missing_coords"


def _children(m: folium.Map, cls: type) -> list:
    return [c for c in m._children.values() if isinstance(c, cls)]


def _html(m: folium.Map, tmp_path: Path) -> str:
    return maps.write_map(m, tmp_path / "m.html").read_text(encoding="utf-8")


def _synthetic(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "id": [f"E{i}" for i in range(n)],
            "name": [f"n{i}" for i in range(n)],
            "lat": 10.9 + rng.uniform(0, 0.1, n),
            "lon": 106.8 + rng.uniform(0, 0.1, n),
            "qty_t_per_year": rng.uniform(1, 10, n),
        }
    )


def test_partial_two_markers_and_centre() -> None:
    """missing_coords/README.md: M1 (20.8541, 106.7402) and M4 (20.8563, 106.7448) are the
    only usable rows; the centre is their middle, ((20.8541+20.8563)/2,
    (106.7402+106.7448)/2) = (20.8552, 106.7425), not the naive mean of the rows with two
    numbers, ((20.8541+0+20.8563)/3, (106.7402+0+106.7448)/3) = (13.9035, 71.1617), that
    takes (0, 0) in. Named by spreadsheet row: M2 (lat only, row 3), M3 ((0, 0), row 4),
    M5 (blank lat and lon, row 6), M6 (lon only, row 7)."""
    frame = pd.read_csv(MISSING / "enterprises_partial.csv")
    points, problems = maps.points_from_table(frame, file="enterprises_partial.csv")
    assert list(points["id"]) == ["M1", "M4"]
    assert {(p.row, p.value, p.code) for p in problems} == {
        (3, "M2", "missing_coordinates"),
        (4, "M3", "placeholder_coordinates"),
        (6, "M5", "missing_coordinates"),
        (7, "M6", "missing_coordinates"),
    }
    m = maps.map_enterprises(points, title="partial", problems=problems)
    assert m.location == pytest.approx([20.8552, 106.7425], abs=1e-9)
    data = _children(m, PointData)[0]
    assert len(data.points) == 2


def test_no_coordinates_is_an_error_not_an_empty_map() -> None:
    """No row of enterprises_no_coords.csv has both coordinates: 0 of 3 usable."""
    frame = pd.read_csv(MISSING / "enterprises_no_coords.csv")
    with pytest.raises(ValidationError, match=r"\(0 of 3\)"):
        maps.points_from_table(frame, file="enterprises_no_coords.csv")


def test_nan_point_geometry_is_caught() -> None:
    """A GeoDataFrame with POINT (NaN NaN) (neither empty nor NA to geopandas) is refused
    by its numbers: 1 usable row of 2."""
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(
        {"id": ["A", "B"]}, geometry=gpd.points_from_xy([106.85, np.nan], [10.93, np.nan]), crs=4326
    )
    points, problems = maps.points_from_table(gdf, file="g.gpkg")
    assert list(points["id"]) == ["A"] and [p.value for p in problems] == ["B"]


def test_cli_map_missing_coords(tmp_path: Path) -> None:
    """`eipgeo map` on missing_coords: the partial file writes the map (exit 0, the four
    rows named as warnings by row); the no-coordinates file exits 1 and writes nothing."""
    out = tmp_path / "p.html"
    r = CliRunner().invoke(
        app, ["map", str(MISSING / "enterprises_partial.csv"), "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert out.is_file()
    assert all(f"enterprises_partial.csv:{row}:" in r.output for row in (3, 4, 6, 7))
    bad = tmp_path / "n.html"
    r = CliRunner().invoke(
        app, ["map", str(MISSING / "enterprises_no_coords.csv"), "--out", str(bad)]
    )
    assert r.exit_code == 1
    assert "(0 of 3)" in r.output and not bad.exists()


def test_cli_map_usage_errors(tmp_path: Path) -> None:
    """Unknown input, bad --tiles and bad --lang are usage errors (exit 2)."""
    runner = CliRunner()
    assert runner.invoke(app, ["map", "no-such-park"]).exit_code == 2
    hostile = str(DATA / "map_hostile.csv")
    for flag in (["--tiles", "google"], ["--lang", "fr"]):
        r = runner.invoke(app, ["map", hostile, "--out", str(tmp_path / "x.html"), *flag])
        assert r.exit_code == 2, r.output


def test_hostile_names_never_reach_html_unescaped(tmp_path: Path) -> None:
    """Names with <img onerror>, </script> and quotes: no raw tag reaches the page; they
    are in the JSON with '<' as \\u003c, and come back intact when the JSON is parsed."""
    frame = pd.read_csv(DATA / "map_hostile.csv")
    points, _ = maps.points_from_table(frame, file="map_hostile.csv")
    page = _html(maps.map_enterprises(points, title="<b>t</b>"), tmp_path)
    assert "<img src=x" not in page
    assert "</script><script>window.eipgeoPwned" not in page
    assert "<b>t</b>" not in page and "&lt;b&gt;t&lt;/b&gt;" in page
    match = re.search(r"var point_data_\w+ = (\{.*?\});\n", page)
    assert match is not None
    titles = [p[4] for p in json.loads(match.group(1))["pts"]]
    assert titles == list(frame["name"])


def test_plain_values_serialise_to_strict_json() -> None:
    """numpy scalars, NaN, NaT, NA and timestamps become JSON-safe values."""
    values = [
        np.int64(3),
        np.float64("nan"),
        pd.NaT,
        pd.NA,
        None,
        pd.Timestamp("2026-08-11"),
        np.float32(1.5),
        "x",
    ]
    out = [plain(v) for v in values]
    assert out == [3, None, None, None, None, "2026-08-11T00:00:00", 1.5, "x"]
    assert script_json(out) == '[3,null,null,null,null,"2026-08-11T00:00:00",1.5,"x"]'


@pytest.mark.parametrize(
    ("isic", "sector", "source_type", "key"),
    [
        ("2011", None, None, "chemical"),  # ISIC Rev.4 division 20 (chemicals), in 19-22
        ("2410", None, None, "metal"),  # division 24 (basic metals)
        (None, "logistics", None, "logistics"),
        (None, None, "cafe", "food_service"),
        (np.nan, None, None, "other"),
    ],
)
def test_sector_index(isic: object, sector: object, source_type: object, key: str) -> None:
    """Sector groups follow ISIC Rev.4 division ranges (UN ST/ESA/STAT/SER.M/4/Rev.4)."""
    assert SECTORS[sector_index(isic, sector, source_type)][0] == key


def test_base_map_options(tmp_path: Path) -> None:
    """maxZoom on the map itself (MarkerCluster and fits need it without tiles), only
    Leaflet's own JS/CSS, attribution with no tiles, language set in the head."""
    m = maps.base_map([[10.0, 106.0], [11.0, 107.0]], lang="vi")
    assert m.options["maxZoom"] == maps.MAX_ZOOM
    assert m.location == [10.5, 106.5]
    assert [name for name, _ in m.default_js] == ["leaflet", "jquery"]
    page = _html(m, tmp_path)
    assert "© OpenStreetMap contributors" in page
    assert 'setAttribute("data-eipgeo-lang", "vi")' in page
    assert '<script src="http' not in page and '<link rel="stylesheet" href="http' not in page


def test_osm_tiles_option(tmp_path: Path) -> None:
    """--tiles osm adds the OSM tile layer (with its attribution) and a minimap."""
    m = maps.base_map([[10.0, 106.0], [11.0, 107.0]], tiles="osm")
    from folium.plugins import MiniMap

    tiles = _children(m, folium.TileLayer)
    assert len(tiles) == 1 and "tile.openstreetmap.org" in tiles[0].tiles
    assert len(_children(m, MiniMap)) == 1
    assert "OpenStreetMap" in _html(m, tmp_path)
    with pytest.raises(UsageError):
        maps.base_map([[10.0, 106.0], [11.0, 107.0]], tiles="stamen")


@pytest.mark.parametrize(("n", "fast"), [(FAST_LIMIT, False), (FAST_LIMIT + 1, True)])
def test_fast_mode_above_limit(n: int, fast: bool, tmp_path: Path) -> None:
    """Up to FAST_LIMIT points each is an SVG path; above it one canvas layer, and the
    legend says so."""
    points, _ = maps.points_from_table(_synthetic(n))
    m = maps.map_enterprises(points, title="synthetic")
    layers = _children(m, PointLayer)
    assert [json.loads(layer.opts)["css_class"] for layer in layers] == [
        "eipgeo-bubble",
        "eipgeo-source",
    ]
    assert len(_children(m, PointData)[0].points) == n
    page = _html(m, tmp_path)
    assert ("class='eipgeo-fast'" in page) is fast


def test_size_10k_points_under_3_mb(tmp_path: Path) -> None:
    """Issue 9 target: a map of 10,000 points is at most 3 MB (it was 11.4 MiB with one
    folium CircleMarker per point, see bench_maps.py)."""
    points, _ = maps.points_from_table(_synthetic(10_000))
    page = maps.write_map(maps.map_enterprises(points, title="10k"), tmp_path / "m.html")
    assert page.stat().st_size <= 3_000_000


def test_map_job_layers(bundled_data: Path, tmp_path: Path) -> None:
    """A programme park's map: one source point per client site, one layer per route,
    boundary, facilities and the bilingual layer names."""
    result = run_park("amata-bienhoa", max_iterations=200)
    m = maps.map_job(result)
    data = _children(m, PointData)[0]
    assert len(data.points) == int((result.sites.role == "client").sum())
    names = [c.layer_name for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    routes = [n for n in names if "Route" in n]
    assert len(routes) == result.legs.route_id.nunique()
    # route ids read as people say them (issue 21): hazardous-1 is the hazardous fleet's
    # truck 1, in both languages
    assert "hazardous-1" in set(result.legs.route_id)
    assert (
        sum("hazardous waste, truck 1" in n and "chất thải nguy hại, xe 1" in n for n in routes)
        == 1
    )
    assert any("Park boundary" in n and "Ranh giới" in n for n in names)
    page = _html(m, tmp_path)
    assert page.count("eipgeo-facility") >= len(result.facilities)


def test_map_overview(bundled_data: Path, tmp_path: Path) -> None:
    """Two parks on one map: one park marker each, all their client sites as points."""
    a = run_park("amata-bienhoa", max_iterations=200)
    b = dataclasses.replace(a, park=parks.load_park("deepc-quangninh"))
    m = maps.map_overview([a, b])
    n_clients = int((a.sites.role == "client").sum())
    assert len(_children(m, PointData)[0].points) == 2 * n_clients
    page = _html(m, tmp_path)
    assert page.count('"className": "eipgeo-park"') == 2


def test_layer_added_after_build_is_in_control(tmp_path: Path) -> None:
    """A layer added to a finished map (as outputs.py adds symbiosis arcs) is defined
    before the layer control's script, which lists it."""
    points, _ = maps.points_from_table(_synthetic(3))
    m = maps.map_enterprises(points, title="t")
    extra = folium.FeatureGroup(name="Symbiosis exchanges").add_to(m)
    page = _html(m, tmp_path)
    defined = page.index(f"var {extra.get_name()} = ")
    control = page.index("L.control.layers(")
    assert defined < control
    assert '"Symbiosis exchanges"' in page[control - 2000 : control]


def test_a_site_label_says_what_its_tonnage_rests_on() -> None:
    """Issue 19 follow-up, item 8: a site with a declared stream is not labelled
    'estimated from coefficients', and a file's quantities are not called 'measured'."""
    declared = pd.DataFrame({"basis": ["declared", "declared", "estimated"]})
    assert maps._basis_label(declared) == [
        "declared by the tenant (measured_streams.csv); other streams estimated from coefficients",
        "doanh nghiệp kê khai (measured_streams.csv); các dòng thải khác ước tính theo hệ số",
    ]
    assert maps._basis_label(pd.DataFrame({"basis": ["estimated"]}))[0].startswith(
        "estimated from coefficients"
    )
    assert maps._basis_label(None)[0].startswith("estimated from coefficients")
