"""Scenario files: validation with suggestions, ``eipgeo run`` and ``eipgeo compare``."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from eipgeo import parks
from eipgeo._errors import InputReadError, ValidationError
from eipgeo.cli import app
from eipgeo.data import PARKS_DIR
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.schema import load_scenario, scenario_from_dict

DATA = Path(__file__).resolve().parent / "data"


def _summary(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["key"]: row["value"] for row in csv.DictReader(f)}


def test_load_ok() -> None:
    sc = load_scenario(DATA / "scenario_ok.yaml")
    assert sc.name == "hub-recp" and sc.park == "deepc-quangninh"
    assert sc.recp is not None and sc.recp.reduction_pct_by_site == {"DCQN-001": 20.0}
    assert sc.hub is not None and sc.hub.accepts == ["hazardous"]


@pytest.mark.parametrize(
    ("name", "error", "expected"),
    [
        (
            "scenario_typo.yaml",
            ValidationError,
            "recp.reduction_pct_by_sitee: unknown key 'reduction_pct_by_sitee'; did you mean "
            "'reduction_pct_by_site'?",
        ),
        (
            "scenario_bad_value.yaml",
            ValidationError,
            "iterations: Input should be greater than or equal to 1",
        ),
        (
            "scenario_bad_park.yaml",
            ValidationError,
            "unknown park 'deepc-haiphon'; did you mean 'deepc-haiphong'?",
        ),
        ("scenario_not_mapping.yaml", InputReadError, "a scenario file is a YAML mapping"),
        ("no_such_scenario.yaml", InputReadError, "cannot read the scenario file"),
    ],
)
def test_bad_files(name: str, error: type[Exception], expected: str) -> None:
    with pytest.raises(error) as err:
        load_scenario(DATA / name)
    lines = [p.to_line() for p in getattr(err.value, "problems", [])] or [str(err.value)]
    assert any(expected in line for line in lines), lines
    if name == "scenario_bad_value.yaml":  # every problem is collected, each with its key
        # line 5 "depot: {id: D, lat: 200, ...}": 200 starts at column 21
        assert any(line.startswith(str(DATA / name) + ":5:21: depot.lat:") for line in lines), lines


def test_top_level_typo_suggests() -> None:
    with pytest.raises(ValidationError, match="unknown key 'recpp'; did you mean 'recp'"):
        scenario_from_dict({"name": "x", "park": "hiepphuoc", "recpp": {}})


def test_park_for_scenario_applies_changes(tmp_path: Path) -> None:
    """A facility, a fleet and a depot from the file are in the park copy; the bundled park
    itself is unchanged."""
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "name: s\npark: hiepphuoc\n"
        "fleet: {vehicles: [{id: t1, capacity_kg: 3000, num_available: 2}]}\n"
        "depot: {id: G, name: gate, lat: 10.63, lon: 106.75}\n"
        "facilities: [{id: ts1, name: station, lat: 10.64, lon: 106.76, "
        "accepts: [ordinary, hazardous]}]\n",
        encoding="utf-8",
    )
    park = park_for_scenario(load_scenario(spec))
    row = park.facilities[park.facilities.id == "ts1"].iloc[0]
    assert row["accepts"] == "ordinary;hazardous" and row["location_quality"] == "declared"
    assert park.meta.fleet is not None and park.meta.fleet.vehicles[0].capacity_kg == 3000
    assert park.meta.depot is not None and park.meta.depot.id == "G"
    assert parks.load_park("hiepphuoc").meta.fleet is None


def test_every_example_scenario_validates() -> None:
    """Each programme park ships baseline, recp and shared-hub (amata-halong: no tenants, so
    only a baseline)."""
    files = sorted(PARKS_DIR.glob("*/scenarios/*.yaml"))
    by_park: dict[str, set[str]] = {}
    for f in files:
        sc = load_scenario(f)
        assert sc.park == f.parent.parent.name
        by_park.setdefault(sc.park, set()).add(sc.name)
    for slug in ("deepc-haiphong", "deepc-quangninh", "amata-bienhoa", "hiepphuoc"):
        assert by_park[slug] == {"baseline", "recp", "shared-hub"}
    assert by_park["amata-halong"] == {"baseline"}


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``eipgeo compare`` of the base and hub-recp test scenarios (module-wide, run once)."""

    from eipgeo import settings

    out = tmp_path_factory.mktemp("compare")
    old = settings.data_dir
    settings.data_dir = None
    try:
        res = CliRunner().invoke(
            app,
            [
                "compare",
                str(DATA / "scenario_base.yaml"),
                str(DATA / "scenario_ok.yaml"),
                "--out",
                str(out),
            ],
        )
    finally:
        settings.data_dir = old
    assert res.exit_code == 0, res.output
    return out


def test_compare_table_deltas(compared: Path) -> None:
    """RECP cuts DCQN-001 by 20 %, so the park total falls by 0.2 x DCQN-001's baseline t/yr
    (read from the base run's waste inventory), and nothing else changes the tonnage."""
    table = pd.read_csv(compared / "compare.csv").set_index("key")
    inv = pd.read_csv(compared / "base" / "deepc-quangninh" / "waste_inventory.csv")
    site_t = inv.loc[inv.site_id == "DCQN-001", "waste_t_per_yr"].sum()
    expected = -0.2 * site_t
    assert float(table.at["waste_t_per_yr.total", "delta.hub-recp"]) == pytest.approx(
        expected, abs=0.15
    )  # summary rounds totals to 0.1 t
    assert list(table.columns[:3]) == ["unit", "base", "hub-recp"]
    assert table.at["facility.hazardous", "hub-recp"] == "shared-hub"
    assert table.at["siting.open", "hub-recp"].startswith("G")
    assert float(table.at["indicator.firms_recp_pct", "hub-recp"]) == pytest.approx(
        100 / 4, abs=0.01
    )  # DCQN-001 of the 4 listed tenants
    for f in (
        "compare.html",
        "compare_map.html",
        "base/deepc-quangninh/report.html",
        "hub-recp/deepc-quangninh/siting.csv",
        "hub-recp/deepc-quangninh/routes.gpkg",
    ):
        assert (compared / f).is_file(), f


def test_compare_map_has_a_layer_per_scenario(compared: Path) -> None:
    page = (compared / "compare_map.html").read_text(encoding="utf-8")
    # each scenario's routes are a layer of the layer control, named by the catalogue in
    # both languages (issue 21); folium writes the names as JSON strings
    names = [
        json.loads(f'"{raw}"')
        for raw in re.findall(r'"((?:[^"\\]|\\.)*)"\s*:\s*feature_group_', page)
    ]
    for name in ("base", "hub-recp"):
        layer = (
            '<span class="eipgeo-en">routes of scenario</span>'
            f'<span class="eipgeo-vi">tuyến của kịch bản</span> {name}'
        )
        assert layer in names, names
    assert "t/yr change: hub-recp vs base" in page
    assert "DCQN-001: -" in page  # the reduced site is drawn with its negative change
    # issue 21: the comparison map has a legend naming each scenario's colour, in EN and VI
    assert "eipgeo-legend" in page
    assert "routes of scenario" in page and "tuyến của kịch bản" in page


def test_run_is_deterministic_and_failed_run_keeps_outputs(
    compared: Path, tmp_path: Path, bundled_data: Path
) -> None:
    """``eipgeo run`` of the same file and seed gives the routes ``compare`` gave; a run
    that fails (hub capacity 1 t/yr < the park's waste) exits 1 and leaves them intact."""
    runner = CliRunner()
    res = runner.invoke(app, ["run", str(DATA / "scenario_ok.yaml"), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    mine = tmp_path / "hub-recp" / "deepc-quangninh"
    theirs = compared / "hub-recp" / "deepc-quangninh"
    assert (mine / "routes.csv").read_text() == (theirs / "routes.csv").read_text()
    a, b = _summary(mine / "summary.csv"), _summary(theirs / "summary.csv")
    a.pop("runtime_s"), b.pop("runtime_s")
    assert a == b
    before = (mine / "report.html").read_bytes()
    tight = tmp_path / "tight.yaml"
    tight.write_text(
        (DATA / "scenario_tight_hub.yaml").read_text().replace("name: tight", "name: hub-recp"),
        encoding="utf-8",
    )
    res = runner.invoke(app, ["run", str(tight), "--out", str(tmp_path)])
    assert res.exit_code == 1
    assert "less than the" in res.output and "Traceback" not in res.output
    assert (mine / "report.html").read_bytes() == before


def test_cli_bad_file_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the run without --out logs into ./runs/
    runner = CliRunner()
    res = runner.invoke(app, ["run", str(DATA / "scenario_typo.yaml"), "--out", str(tmp_path)])
    assert res.exit_code == 1
    assert "did you mean 'reduction_pct_by_site'?" in res.output
    res = runner.invoke(app, ["run", str(DATA / "scenario_not_mapping.yaml")])
    assert res.exit_code == 2
    res = runner.invoke(app, ["compare", str(DATA / "scenario_ok.yaml")])
    assert res.exit_code == 2 and "at least two" in res.output


def test_new_tenant_what_if(bundled_data: Path, tmp_path: Path) -> None:
    """A new ISIC 2211 tenant with 500 employees at a declared point: its estimate scales
    with employees, so it is 500/1100 of DCHP-001's (ISIC 2211, 1100 employees reported)."""
    from eipgeo import parks, waste

    spec = tmp_path / "tenant.yaml"
    spec.write_text(
        "name: tenant\npark: deepc-haiphong\nnew_tenants:\n"
        "  - {id: NEW-1, name: New tyre plant, isic4_class: '2211', employees: 500,"
        " lat: 20.835, lon: 106.77}\n",
        encoding="utf-8",
    )
    park = park_for_scenario(load_scenario(spec))
    placed = parks.fill_sizes(park, parks.place_enterprises(park, parks.read_boundary(park)))
    new = placed.set_index("id").loc["NEW-1"]
    assert new["location_quality"] == "declared" and new["lat"] == pytest.approx(20.835)
    t = waste.industrial_streams(placed).groupby("site_id").waste_t_per_yr.sum()
    assert t["NEW-1"] == pytest.approx(t["DCHP-001"] * 500 / 1100, rel=1e-3)
    spec.write_text(spec.read_text().replace("NEW-1", "DCHP-001"), encoding="utf-8")
    with pytest.raises(ValidationError, match="already a tenant"):
        park_for_scenario(load_scenario(spec))


def test_a_new_tenant_joins_on_top_of_the_published_park(
    bundled_data: Path, tmp_path: Path
) -> None:
    """A tenant a scenario adds takes vacant land: the rest of the park (published workforce
    − listed workforce, at the park rate) stays what the baseline gives, and the park
    total grows by exactly the new tenant's own estimate (it used to shrink the rest by
    its 500 workers and could lower the park total)."""
    from eipgeo import generation, parks

    spec = tmp_path / "tenant.yaml"
    spec.write_text(
        "name: tenant\npark: deepc-haiphong\nnew_tenants:\n"
        "  - {id: NEW-1, name: New tyre plant, isic4_class: '2211', employees: 500,"
        " lat: 20.835, lon: 106.77}\n",
        encoding="utf-8",
    )

    def estimates(park: parks.Park) -> pd.DataFrame:
        placed = parks.fill_sizes(park, parks.place_enterprises(park, parks.read_boundary(park)))
        return generation.park_estimates(park, placed)

    before = estimates(parks.load_park("deepc-haiphong"))
    after = estimates(park_for_scenario(load_scenario(spec)))
    rest = generation.REST_OF_PARK
    assert after.loc[after.site_id == rest, "waste_t_per_yr"].sum() == pytest.approx(
        before.loc[before.site_id == rest, "waste_t_per_yr"].sum(), rel=1e-9
    )
    new_t = after.loc[after.site_id == "NEW-1", "waste_t_per_yr"].sum()
    assert new_t > 0
    assert after["waste_t_per_yr"].sum() == pytest.approx(
        before["waste_t_per_yr"].sum() + new_t, rel=1e-9
    )
