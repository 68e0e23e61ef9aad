"""A park that is not bundled: ``eipgeo park new``, then every command on its folder.

The park is Khu công nghiệp Biên Hòa 2 (Dong Nai), from its OSM boundary, with a
synthetic Vietnamese-headed tenant list (``eipgeo/data/examples/own_park/README.md``). Everything
is written under ``tmp_path``, outside the package.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Geod
from shapely.geometry import Point, box
from typer.testing import CliRunner

from eipgeo import parks, settings
from eipgeo._atomic import staged_folder
from eipgeo.cli import app
from eipgeo.data import EXAMPLES_DIR, PARKS_DIR

EXAMPLE = EXAMPLES_DIR / "own_park"
BOUNDARY = EXAMPLE / "bien_hoa_2_boundary.geojson"
TENANTS = EXAMPLE / "bien_hoa_2_tenants_vi.csv"
TENANTS_BAD = (
    Path(__file__).resolve().parent / "data" / "parks_user" / "bien_hoa_2_tenants_vi_bad.csv"
)
REGISTER = Path(parks.__file__).resolve().parent / "data" / "regional_facilities.csv"
TEMPLATE = Path(parks.__file__).resolve().parent / "data" / "templates" / "enterprises.csv"
runner = CliRunner()


def _new(folder: Path, *extra: str, tenants: Path = TENANTS) -> object:
    return runner.invoke(
        app,
        ["park", "new", str(folder), "--boundary", str(BOUNDARY), "--enterprises", str(tenants)]
        + list(extra),
    )


@pytest.fixture(scope="module")
def own_park(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("user") / "parks" / "bien-hoa-2"
    res = _new(folder)
    assert res.exit_code == 0, res.output
    return folder


def test_park_new_writes_a_folder_laid_out_as_a_bundled_park(own_park: Path) -> None:
    meta = json.loads((own_park / "park.json").read_text(encoding="utf-8"))
    # Longitude 106.86 E lies in UTM zone floor((106.86 + 180) / 6) + 1 = 48 -> EPSG:32648.
    assert meta["epsg"] == 32648
    # The area by the geodesic formula on the WGS 84 ellipsoid (independent of the UTM
    # projection eipgeo uses) agrees within 0.1 %.
    polygon = gpd.read_file(BOUNDARY).geometry.iloc[0]
    geodesic_ha = abs(Geod(ellps="WGS84").geometry_area_perimeter(polygon)[0]) / 10_000
    assert meta["area_ha"] == pytest.approx(geodesic_ha, rel=1e-3)
    assert (meta["province"], meta["province_code"]) == ("Dong Nai", "75")
    assert meta["facility_source"] == "regional"
    assert meta["trunk_roads"] == "osm/trunk_roads_south.geojson"
    assert {"park.json", "boundary.geojson", "enterprises.csv", "measured_streams.csv"} <= {
        p.name for p in own_park.iterdir()
    }
    tenants = pd.read_csv(own_park / "enterprises.csv", dtype=str, keep_default_na=False)
    assert list(tenants.columns[:16]) == parks.ENTERPRISE_COLUMNS
    assert len(tenants) == 12  # the 12 rows of the file
    assert tenants.set_index("id").loc["BH2-01", "isic4_class"] == "2610"
    assert (tenants["lat"] == "").sum() == 3  # blank coordinates stay blank: placed by rule
    # The regional register gives Dong Nai's three sites, labelled as the register's.
    park = parks.load_park(own_park)
    register = pd.read_csv(REGISTER, dtype=str, keep_default_na=False)
    dong_nai = sorted(register.loc[register.province_code == "75", "id"])
    assert {"bau-can", "quang-trung", "vinh-tan"} <= set(dong_nai)  # the Amata Bien Hoa sites
    assert park.origin == "user" and sorted(park.facilities["id"]) == dong_nai
    assert park.facilities["facility_origin"].str.startswith("eipgeo regional register").all()


def test_park_new_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "bad-park"
    res = _new(folder, tenants=TENANTS_BAD)
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert [line.split(":")[1:3] for line in lines] == [
        ["3", "id"],
        ["4", "isic4_class"],
        ["5", "lat"],
    ], lines
    assert not folder.exists() and list(tmp_path.iterdir()) == []
    # A folder that exists and is not empty is refused (usage error), and kept as it was.
    folder.mkdir()
    (folder / "mine.txt").write_text("keep", encoding="utf-8")
    res = _new(folder)
    assert res.exit_code == 2 and "--force" in res.stderr
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


def test_every_command_runs_on_the_folder(own_park: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["map", str(own_park), "--out", str(out / "map.html")])
    assert res.exit_code == 0, res.output
    assert "Biên Hòa 2" in (out / "map.html").read_text(encoding="utf-8")
    res = runner.invoke(
        app, ["run", str(own_park / "scenarios" / "baseline.yaml"), "--out", str(out), "-q"]
    )
    assert res.exit_code == 0, res.output
    folder = out / "baseline" / "bien-hoa-2"
    inventory = pd.read_csv(folder / "waste_inventory.csv", dtype={"waste_code": str})
    declared = inventory[(inventory.site_id == "BH2-03") & (inventory.waste_code == "08 01 01")]
    assert declared["waste_t_per_yr"].tolist() == [12.5]  # the tenant's own figure
    assert declared["basis"].tolist() == ["declared"]  # the tenant's own figure, kind declared
    stops = pd.read_csv(folder / "stops.csv")
    assert {f"BH2-{i:02d}" for i in range(1, 13)} <= set(stops["site_id"])
    res = runner.invoke(app, ["symbiosis", str(own_park), "--out", str(out / "sym")])
    assert res.exit_code == 0, res.output
    recp = own_park / "scenarios" / "recp.yaml"
    res = runner.invoke(
        app, ["feasibility", str(recp), "--intervention", "recp-BH2-04", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert (out / "bien-hoa-2" / "feasibility" / "recp-BH2-04" / "feasibility.html").is_file()
    res = runner.invoke(app, ["batch", str(own_park), "--serial", "--out", str(out / "batch")])
    assert res.exit_code == 0, res.output
    row = pd.read_csv(out / "batch" / "batch_summary.csv").iloc[0]
    assert (row["park"], row["kind"], row["status"]) == ("bien-hoa-2", "user", "ok")


def test_a_relative_park_path_runs_from_any_working_directory(
    own_park: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenarios = tmp_path / "analyst" / "scenarios"
    scenarios.mkdir(parents=True)
    relative = Path("..") / ".." / own_park.relative_to(own_park.parents[2])
    shutil.copytree(own_park.parents[1], tmp_path / own_park.parents[1].name)
    spec = scenarios / "mine.yaml"
    spec.write_text(f"name: mine\npark: {relative.as_posix()}\niterations: 200\n", "utf-8")
    figures = []
    for cwd in (tmp_path, scenarios, Path("/")):
        monkeypatch.chdir(cwd)
        out = tmp_path / f"out-{len(figures)}"
        res = runner.invoke(app, ["run", str(spec), "--out", str(out), "-q"])
        assert res.exit_code == 0, (cwd, res.output)
        summary = pd.read_csv(out / "mine" / "bien-hoa-2" / "summary.csv").set_index("key")
        figures.append(summary.loc["route_km.total", "value"])
    assert len(set(figures)) == 1


def test_template_and_vietnamese_enterprise_files_run_as_scenario_enterprises(
    own_park: Path, tmp_path: Path
) -> None:
    """The template's own columns, and Vietnamese headers, through ``enterprises:``."""
    for name, table in (("template", TEMPLATE), ("vietnamese", TENANTS)):
        spec = tmp_path / f"{name}.yaml"
        spec.write_text(
            f"name: {name}\npark: {own_park}\niterations: 100\nenterprises: {table}\n",
            encoding="utf-8",
        )
        res = runner.invoke(app, ["run", str(spec), "--out", str(tmp_path / "out"), "-q"])
        assert res.exit_code == 0, (name, res.output)
    folder = tmp_path / "out" / "template" / "bien-hoa-2"
    # The template's example row (E01 at 10.9312, 106.8521) lies west of this park: a
    # warning naming it, and it is not routed.
    problems = pd.read_csv(folder / "problems.csv")
    assert problems.loc[problems.code == "outside_boundary", "value"].tolist() == ["E01"]
    folder = tmp_path / "out" / "vietnamese" / "bien-hoa-2"
    assert len(pd.read_csv(folder / "stops.csv"))
    assert "declared_waste_unused" in (folder / "problems.csv").read_text(encoding="utf-8")


def test_firms_outside_the_boundary_are_warnings_and_strict_fails(
    own_park: Path, tmp_path: Path
) -> None:
    rows = list(csv.reader(TENANTS.open(encoding="utf-8")))
    moved = {"BH2-01", "BH2-02"}
    for row in rows[1:]:
        if row[0] in moved:
            row[6] = f"{float(row[6]) + 0.05:.6f}"  # 0.05 deg of latitude = about 5.5 km north
    shifted = tmp_path / "shifted.csv"
    with shifted.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    spec = tmp_path / "outside.yaml"
    spec.write_text(
        f"name: outside\npark: {own_park}\niterations: 100\nenterprises: {shifted}\n", "utf-8"
    )
    res = runner.invoke(app, ["run", str(spec), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    for firm, row in (("BH2-01", 2), ("BH2-02", 3)):  # each named, at its row of the file
        assert f"warning: {shifted}:{row}:lat: {firm} (" in res.stderr
    assert " outside_boundary=BH2-01,BH2-02 " in res.stdout.splitlines()[-1]
    folder = tmp_path / "out" / "outside" / "bien-hoa-2"
    problems = pd.read_csv(folder / "problems.csv")
    outside = problems[problems.code == "outside_boundary"]
    assert sorted(outside["value"]) == sorted(moved)
    assert not moved & set(pd.read_csv(folder / "stops.csv")["site_id"])  # never routed
    res = runner.invoke(app, ["run", str(spec), "--out", str(tmp_path / "out"), "--strict"])
    assert res.exit_code == 1
    # eipgeo map names the same firms and, with --strict, exits 1 (the map is still written)
    page = tmp_path / "outside.html"
    res = runner.invoke(app, ["map", str(spec), "--out", str(page), "--strict"])
    assert res.exit_code == 1 and page.is_file()
    assert "BH2-01" in res.stderr and "BH2-02" in res.stderr


def test_outside_boundary_measures_the_distance() -> None:
    """A 1 km square in UTM 48N; a point 100 m east of it is outside by 100 m (> 50 m), one
    30 m east is within the tolerance, a point placed by rule is never checked."""
    square = gpd.GeoDataFrame(geometry=[box(700_000, 1_200_000, 701_000, 1_201_000)], crs=32648)
    pts = gpd.GeoDataFrame(
        {
            "site_id": ["far", "near", "placed"],
            "name": ["F", "N", "P"],
            "location_quality": ["surveyed", "surveyed", "placed_in_polygon"],
        },
        geometry=[Point(701_100, 1_200_500), Point(701_030, 1_200_500), Point(702_000, 1_200_500)],
        crs=32648,
    ).to_crs(4326)
    problems = parks.outside_boundary(pts, square, 32648)
    assert [p.value for p in problems] == ["far"]
    assert " is 100 m outside the park boundary (tolerance 50 m)" in problems[0].message


def test_two_scenarios_into_one_folder_keep_both(own_park: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = own_park / "scenarios" / "baseline.yaml"
    recp = own_park / "scenarios" / "recp.yaml"
    for spec in (base, recp, base):  # the second baseline run replaces only its own folder
        res = runner.invoke(app, ["run", str(spec), "--out", str(out), "-q"])
        assert res.exit_code == 0, res.output
    for name in ("baseline", "recp"):
        record = json.loads((out / name / "bien-hoa-2" / "run.json").read_text("utf-8"))
        assert record["scenario_name"] == name and "summary.csv" in record["files"]
    a = pd.read_csv(out / "baseline" / "bien-hoa-2" / "summary.csv").set_index("key")
    b = pd.read_csv(out / "recp" / "bien-hoa-2" / "summary.csv").set_index("key")
    key = "waste_t_per_yr.total"
    assert float(b.loc[key, "value"]) < float(a.loc[key, "value"])  # the RECP cut shows
    assert not [p for p in (out / "baseline").iterdir() if p.name.startswith(".")]
    # each run's sankey.html is static SVG: no script, nothing shared beside the map
    for name in ("baseline", "recp"):
        page = (out / name / "bien-hoa-2" / "sankey.html").read_text("utf-8")
        assert "<svg" in page and "<script" not in page
        assert not (out / name / "plotly.min.js").exists()
    # Another file with the same name must not overwrite them.
    twin = tmp_path / "twin.yaml"
    twin.write_text(base.read_text("utf-8").replace("park: ..", f"park: {own_park}"), "utf-8")
    res = runner.invoke(app, ["run", str(twin), "--out", str(out), "-q"])
    assert res.exit_code == 2 and "give" in res.stderr and "its own 'name:'" in res.stderr


def test_parks_path_makes_a_slug_and_parks_lists_it(
    own_park: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "parks_path", None)
    monkeypatch.setenv("EIPGEO_PARKS_PATH", str(own_park.parent))
    assert parks.resolve_park("bien-hoa-2") == own_park.resolve()
    res = runner.invoke(app, ["parks"])
    assert res.exit_code == 0, res.output
    line = res.stdout.strip().splitlines()[-1].split("\t")
    assert line == [
        "bien-hoa-2",
        "Khu công nghiệp Biên Hòa 2",
        "12 tenants",
        f"user {own_park}",
    ]
    # A user folder named like a bundled park cannot take its slug.
    clash = own_park.parent / "hiepphuoc"
    shutil.copytree(own_park, clash)
    try:
        assert parks.resolve_park("hiepphuoc") == (PARKS_DIR / "hiepphuoc").resolve()
        listed = runner.invoke(app, ["parks"]).stdout
        assert "slug taken by" in listed
    finally:
        shutil.rmtree(clash)


def test_streets_extract_routes_on_streets_from_a_road_entrance(tmp_path: Path) -> None:
    """The hand-written grid of ``tests/data/cases/oneway_trap`` (near Hai Phong) as the
    park's streets. Boundary: lon 106.6795-106.6875, lat 20.8585-20.8635. Street nodes
    within 100 m of its line: 21 and 24 (0.0005 deg of longitude = 52 m from the west
    edge) and 28 (0.0005 deg of latitude = 55 m from the south edge); 28 sits on the
    one-way trap (not strongly connected), so the depot must be 21 or 24."""
    grid = Path(__file__).resolve().parent / "data" / "cases" / "oneway_trap" / "network.osm"
    boundary = tmp_path / "boundary.geojson"
    gpd.GeoDataFrame(
        {"name": ["KCN lưới thử"]}, geometry=[box(106.6795, 20.8585, 106.6875, 20.8635)], crs=4326
    ).to_file(boundary, driver="GeoJSON")
    tenants = tmp_path / "tenants.csv"
    tenants.write_text(
        "Mã DN,Tên doanh nghiệp,Mã ISIC,Số lao động,Vĩ độ,Kinh độ\n"
        "G1,Xưởng G1,2592,100,20.8600,106.6825\n"
        "G2,Xưởng G2,1079,80,20.8615,106.6825\n"
        "G3,Xưởng G3,2220,60,20.8615,106.6850\n",
        encoding="utf-8",
    )
    folder = tmp_path / "grid-park"
    res = runner.invoke(
        app,
        ["park", "new", str(folder), "--boundary", str(boundary), "--enterprises", str(tenants)]
        + ["--streets", str(grid)],
    )
    assert res.exit_code == 0, res.output
    assert (folder / "streets.osm").read_bytes() == grid.read_bytes()
    res = runner.invoke(
        app, ["run", str(folder / "scenarios" / "baseline.yaml"), "--out", str(tmp_path), "-q"]
    )
    assert res.exit_code == 0, res.output
    summary = pd.read_csv(tmp_path / "baseline" / "grid-park" / "summary.csv").set_index("key")
    assert summary.loc["distances.in_park", "value"] == "osm_street"
    stops = pd.read_csv(tmp_path / "baseline" / "grid-park" / "stops.csv")
    depot = parks.load_park(folder)
    assert depot.meta.depot is None  # not declared: the job chose it
    from eipgeo.jobs.sources import depot_of, street_graph_of

    graph = street_graph_of(depot, parks.read_boundary(depot), None)
    chosen = depot_of(depot, parks.read_boundary(depot), graph)
    assert chosen["location_quality"] == "road_entrance_nearest_trunk"
    entrances = {(106.6800, 20.8600), (106.6800, 20.8615)}  # nodes 21 and 24
    assert (round(float(chosen["lon"]), 4), round(float(chosen["lat"]), 4)) in entrances
    assert {"G1", "G2", "G3"} <= set(stops["site_id"])


def test_a_killed_runs_staging_folder_is_cleared_by_the_next_run(tmp_path: Path) -> None:
    """A run killed mid-write leaves ``.<name>.staging-*`` beside its output; the next write
    of that folder deletes it when its ``.pid`` names a process that has ended, and keeps
    one whose process still runs (this test's own)."""
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = tmp_path / ".baseline.staging-killed"
    (dead / "baseline").mkdir(parents=True)
    (dead / ".pid").write_text(ended.stdout.strip(), encoding="ascii")
    alive = tmp_path / ".baseline.staging-running"
    alive.mkdir()
    (alive / ".pid").write_text(str(os.getpid()), encoding="ascii")
    with staged_folder(tmp_path / "baseline") as staging:
        (staging / "baseline").mkdir()
        (staging / "baseline" / "summary.csv").write_text("x\n", encoding="utf-8")
    assert not dead.exists() and alive.exists()
    assert (tmp_path / "baseline" / "summary.csv").read_text(encoding="utf-8") == "x\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".baseline.staging-running", "baseline"]
