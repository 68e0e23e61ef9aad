"""A park's routes.gpkg holds every layer of its map, styled for QGIS (issue 21, item 9).

The figures checked come from the park's own input files (tenant list, park.json's area
and reference point, facilities.csv) and from the CSV tables the job writes beside the
GeoPackage, never from the layer code itself.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from eipgeo.jobs.park import run_park
from eipgeo.jobs.result import JobResult
from eipgeo.outputs import gis_layers, write
from eipgeo.outputs._map_text import SECTOR_COLOURS
from eipgeo.outputs.exchange_layer import CLASS_COLOURS
from eipgeo.outputs.qgis_styles import styled_layers

PARK_DIR = Path(__file__).resolve().parents[1] / "eipgeo" / "data" / "parks" / "deepc-haiphong"
QGIS_PYTHON = "/usr/bin/python3"


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> tuple[JobResult, Path]:
    """DEEP C Hai Phong run once, its outputs written; returns the result and its folder."""
    result = run_park("deepc-haiphong", max_iterations=200)
    out = tmp_path_factory.mktemp("out")
    write.write_job(result, out, with_report=False)
    return result, out / "deepc-haiphong"


def _layer(folder: Path, name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(folder / "routes.gpkg", layer=name)


def test_every_map_layer_is_in_routes_gpkg_and_styled(job: tuple[JobResult, Path]) -> None:
    """Six layers (sites, boundary, route legs, exchanges, candidates, facilities), each with
    an eipgeo default style in layer_styles, and nothing else."""
    _, folder = job
    layers = {str(n): str(g) for n, g in pyogrio.list_layers(folder / "routes.gpkg")}
    assert layers == {
        "sites": "Point",
        "boundary": "Polygon",
        "route_legs": "LineString",
        "exchanges": "LineString",
        "candidates": "LineString",
        "facilities": "Point",
        "layer_styles": "None",
    }
    assert sorted(styled_layers(folder / "routes.gpkg")) == sorted(
        (n, "geom", f"eipgeo {n}") for n in gis_layers.LAYERS
    )


def test_sites_are_the_tenants_at_their_placed_positions(job: tuple[JobResult, Path]) -> None:
    """One point per row of enterprises.csv (23 tenants), same ids; the four tenants of
    the sub-zone with no polygon sit on park.json's reference point (20.82672 N,
    106.77436 E); every other one lies inside the park boundary; Bridgestone (ISIC 2211,
    division 22) is in the chemicals, plastics and rubber sector."""
    _, folder = job
    with (PARK_DIR / "enterprises.csv").open(encoding="utf-8") as f:
        tenants = list(csv.DictReader(f))
    sites = _layer(folder, "sites")
    assert len(sites) == len(tenants) == 23
    assert set(sites.site_id) == {t["id"] for t in tenants}
    ref = sites[sites.location_quality == "zone_reference_point"]
    assert len(ref) == 4
    assert ref.geometry.x.round(5).tolist() == [106.77436] * 4
    assert ref.geometry.y.round(5).tolist() == [20.82672] * 4
    boundary = _layer(folder, "boundary").to_crs(32648).union_all().buffer(1.0)
    placed = sites[sites.location_quality == "placed_in_polygon"].to_crs(32648)
    assert len(placed) == 19 and placed.within(boundary).all()
    bridgestone = sites.set_index("site_id").loc["DCHP-001"]
    assert bridgestone.sector == "chemical"
    assert str(bridgestone.sector_label).startswith("Chemicals, plastics, rubber")


def test_site_class_totals_match_the_waste_inventory(job: tuple[JobResult, Path]) -> None:
    """t_per_yr_<class> of each site is its rows of waste_inventory.csv summed by class,
    and the classes add up to the map's bubble (waste_t_per_yr) within rounding."""
    _, folder = job
    inventory = pd.read_csv(folder / "waste_inventory.csv")
    expected = inventory.groupby(["site_id", "waste_class"]).waste_t_per_yr.sum().unstack()
    sites = _layer(folder, "sites").set_index("site_id")
    assert {f"t_per_yr_{c}" for c in expected.columns} <= set(sites.columns)
    for cls in expected.columns:
        want = expected[cls].fillna(0.0).reindex(sites.index).fillna(0.0)
        assert sites[f"t_per_yr_{cls}"].to_numpy() == pytest.approx(want.to_numpy(), abs=1e-6)
    classes = sites[[f"t_per_yr_{c}" for c in expected.columns]].sum(axis=1)
    assert classes.to_numpy() == pytest.approx(sites.waste_t_per_yr.to_numpy(), abs=0.01)


def test_boundary_area_is_the_park_json_area(job: tuple[JobResult, Path]) -> None:
    """The boundary layer's area, in UTM 48N (EPSG:32648), is park.json's area_ha."""
    _, folder = job
    area_ha = json.loads((PARK_DIR / "park.json").read_text(encoding="utf-8"))["area_ha"]
    boundary = _layer(folder, "boundary")
    assert float(boundary.to_crs(32648).area.sum()) / 10_000 == pytest.approx(area_ha, abs=0.01)


def test_exchanges_are_the_plan_rows_as_supplier_receiver_lines(
    job: tuple[JobResult, Path],
) -> None:
    """Each exchange's t/yr is its symbiosis.csv row's (plan_status plan); its line runs
    from the supplier's point in the sites layer to the receiver's."""
    _, folder = job
    table = pd.read_csv(folder / "symbiosis.csv")
    planned = table[table.plan_status == "plan"]
    exchanges = _layer(folder, "exchanges")
    assert len(exchanges) == len(planned) >= 1
    sites = _layer(folder, "sites").set_index("site_id").geometry
    for _, ex in exchanges.iterrows():
        row = planned[
            (planned.link_id == ex.link_id)
            & (planned.supplier_id == ex.supplier_id)
            & (planned.receiver_id == ex.receiver_id)
        ]
        assert len(row) == 1
        assert ex.chosen_t_per_yr == pytest.approx(float(row.chosen_t_per_yr.iloc[0]))
        assert ex.distance_km == pytest.approx(float(row.distance_m.iloc[0]) / 1000, abs=0.005)
        start, end = list(ex.geometry.coords)
        assert start == pytest.approx(sites[ex.supplier_id].coords[0], abs=1e-7)
        assert end == pytest.approx(sites[ex.receiver_id].coords[0], abs=1e-7)
    candidates = _layer(folder, "candidates")
    on_file = pd.read_csv(folder / "symbiosis_candidates.csv")
    assert len(candidates) == min(len(on_file), 30)  # no water or energy one here


def test_route_legs_and_facilities(job: tuple[JobResult, Path]) -> None:
    """Legs summed per route give routes.csv's distance_m; the facilities layer is the depot
    plus every row of facilities.csv, the chosen ones naming their route group."""
    _, folder = job
    legs = _layer(folder, "route_legs")
    routes = pd.read_csv(folder / "routes.csv").set_index("route_id")
    per_route = legs.groupby("route_id").distance_m.sum()
    assert set(per_route.index) == set(routes.index)
    assert per_route.to_numpy() == pytest.approx(
        routes.distance_m.reindex(per_route.index).to_numpy(), abs=0.1
    )
    with (PARK_DIR / "facilities.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fac = _layer(folder, "facilities")
    assert sorted(fac.role) == ["depot"] + ["facility"] * len(rows)
    assert set(fac[fac.role == "facility"].id) == {r["id"] for r in rows}
    assert fac.set_index("id").loc["dinh-vu-landfill", "chosen_for"] == "non_hazardous"
    assert fac.set_index("id").loc["thanh-cong-iii", "chosen_for"] == "hazardous"


def test_a_park_without_boundary_or_exchanges_leaves_those_layers_out(
    job: tuple[JobResult, Path], tmp_path: Path
) -> None:
    """No boundary and an empty plan: the file has no boundary or exchanges layer."""
    result, _ = job
    sym = dataclasses.replace(result.symbiosis, plan=result.symbiosis.plan.iloc[0:0])
    bare = dataclasses.replace(result, boundary=None, symbiosis=sym)
    path = write.write_park_gpkg(bare, tmp_path / "routes.gpkg")
    names = {str(n) for n, _ in pyogrio.list_layers(path)}
    assert names == {"sites", "route_legs", "candidates", "facilities", "layer_styles"}


def test_empty_layers_are_left_out(job: tuple[JobResult, Path], tmp_path: Path) -> None:
    """A park with no tenant and no route (amata-halong's case) writes no empty sites or
    route_legs layer; with nothing at all to draw, the empty route legs stay (one layer)."""
    result, _ = job
    no_sites = result.sites[result.sites.role != "client"]
    sym = dataclasses.replace(
        result.symbiosis,
        plan=result.symbiosis.plan.iloc[0:0],
        candidates=result.symbiosis.candidates.iloc[0:0],
    )
    bare = dataclasses.replace(result, sites=no_sites, legs=result.legs.iloc[0:0], symbiosis=sym)
    path = write.write_park_gpkg(bare, tmp_path / "routes.gpkg")
    names = {str(n) for n, _ in pyogrio.list_layers(path)}
    assert names == {"boundary", "facilities", "layer_styles"}
    nothing = dataclasses.replace(
        bare, boundary=None, facilities=result.facilities.iloc[0:0], sites=no_sites.iloc[0:0]
    )
    path = write.write_park_gpkg(nothing, tmp_path / "nothing.gpkg")
    assert {str(n) for n, _ in pyogrio.list_layers(path)} == {"route_legs", "layer_styles"}


def test_a_failed_write_leaves_the_earlier_file(
    job: tuple[JobResult, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while writing the styles leaves the earlier routes.gpkg byte for byte
    and no temporary file behind."""
    result, _ = job
    path = write.write_park_gpkg(result, tmp_path / "routes.gpkg")
    before = path.read_bytes()

    def broken(tmp: Path, styles: dict[str, Any]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(write, "write_layer_styles", broken)
    with pytest.raises(OSError, match="disk full"):
        write.write_park_gpkg(result, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["routes.gpkg"]


def _qgis_available() -> bool:
    return (
        Path(QGIS_PYTHON).exists()
        and subprocess.run(
            [QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, check=False
        ).returncode
        == 0
    )


def test_qgis_draws_each_layer_in_the_map_colours(job: tuple[JobResult, Path]) -> None:
    """Headless QGIS opens every layer with its default style: sites in the sector colours,
    the boundary dark grey (#333333), the depot gold (#ffd700) and facilities green
    (#2ca02c), the ordinary-waste exchange and candidates in Dark2 green (#1b9e77)."""
    if not _qgis_available():
        pytest.skip("QGIS (Debian's python3-qgis; run .ci/qgis)")
    _, folder = job
    gpkg = folder / "routes.gpkg"
    uris = [f"{gpkg}|layername={n}" for n in gis_layers.LAYERS]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": "/tmp"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [QGIS_PYTHON, str(Path(__file__).parent / "qgis" / "styled_layers.py"), *uris],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    got = {n: seen[u] for n, u in zip(gis_layers.LAYERS, uris, strict=True)}
    assert all(g["valid"] for g in got.values())
    assert got["sites"]["features"] == 23
    assert got["sites"]["renderer"] == "categorizedSymbol"
    assert got["sites"]["colours"] == SECTOR_COLOURS
    assert got["boundary"]["colours"] == ["#333333"]
    assert got["facilities"]["colours"] == ["#ffd700", "#2ca02c"]
    assert got["facilities"]["features"] == 5
    assert got["exchanges"]["renderer"] == "RuleRenderer"
    assert set(got["exchanges"]["colours"]) == {CLASS_COLOURS["ordinary"]} == {"#1b9e77"}
    assert set(got["candidates"]["colours"]) == {"#1b9e77"}
    assert got["route_legs"]["renderer"] == "RuleRenderer"
