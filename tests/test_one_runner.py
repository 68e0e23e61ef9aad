"""One runner, one reader, results stored once (issue 17): the bugs the old house had.

* ``eipgeo run`` and ``eipgeo batch`` gave different figures for one scenario file (batch
  had its own runner without the collection frequencies);
* ``eipgeo matrix`` crashed on any warning of the sites file (problems travelled in
  ``DataFrame.attrs`` as dicts);
* the workshop reader refused Windows-1258, which the enterprise reader reads;
* the exchange plan was solved again by every table, map and report (4 times per
  ``write_job``, 7 per scenario run).
"""

from __future__ import annotations

import codecs
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from eipgeo.cli import app
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import load_scenario
from eipgeo.symbiosis import from_job
from eipgeo.symbiosis.workshop import symbiosis_from_workshop

DATA = Path(__file__).resolve().parent / "data"
FREQUENCY = DATA / "scenarios" / "frequency.yaml"


def test_run_and_batch_give_the_same_figures(tmp_path: Path) -> None:
    """The scenario sets hazardous waste collected 1 day a week and the rest 6: ``run`` and
    ``batch`` must agree on every figure that depends on it (routes, km, CO2e a week)."""
    runner = CliRunner()
    run = runner.invoke(app, ["run", str(FREQUENCY), "--out", str(tmp_path / "run"), "-q"])
    assert run.exit_code == 0, run.output
    batch = runner.invoke(
        app, ["batch", str(FREQUENCY), "--serial", "--out", str(tmp_path / "batch")]
    )
    assert batch.exit_code == 0, batch.output
    summary = pd.read_csv(
        tmp_path / "run" / "frequency" / "deepc-quangninh" / "summary.csv"
    ).set_index("key")
    row = pd.read_csv(tmp_path / "batch" / "batch_summary.csv").iloc[0]
    keys = [
        "routes.hazardous",
        "routes.non_hazardous",
        "route_km.total",
        "week_route_km",
        "week_route_co2e_kg",
        "collection_days_per_week.hazardous",
        "collection_days_per_week.non_hazardous",
        "waste_t_per_yr.total",
    ]
    for key in keys:
        assert float(row[key]) == pytest.approx(float(summary.at[key, "value"])), key
    assert float(summary.at["collection_days_per_week.hazardous", "value"]) == 1


def test_matrix_with_warnings_exits_0_and_prints_them(tmp_path: Path) -> None:
    """Two sites share the name 'Kho Minh Phát': a warning, printed; the matrix is written."""
    folder = DATA / "cases" / "oneway_trap"
    out = tmp_path / "m.csv"
    result = CliRunner().invoke(
        app,
        [
            "matrix",
            "--network",
            str(folder / "network.osm"),
            "--sites",
            str(folder / "sites_same_name.csv"),
            "--out",
            str(out),
        ],
    )
    assert "Traceback" not in result.output and "AttributeError" not in result.output
    assert "warning:" in result.output and "Kho Minh Phát" in result.output
    assert out.is_file()
    assert result.exit_code == 1  # the one-way trap leaves unreachable pairs: errors
    warned = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert any("sites_same_name.csv:4:name" in line for line in warned), warned


def test_workshop_reader_accepts_windows_1258(tmp_path: Path) -> None:
    """The same offers, needs and enterprises saved in Windows-1258 (with ';' and a decimal
    comma, as a vi-VN Excel export) give the same plan as the UTF-8 files: 100 t/yr of
    waste paper from Nhà máy Bao bì Đông Á to Công ty Giấy Sài Gòn."""
    utf8 = symbiosis_from_workshop(
        str(DATA / "symbiosis" / "ok_offers.csv"),
        str(DATA / "symbiosis" / "ok_needs.csv"),
        str(DATA / "symbiosis" / "ok_enterprises.csv"),
    )
    paths = {}
    for name in ("offers", "needs", "enterprises"):
        text = (DATA / "symbiosis" / f"ok_{name}.csv").read_text(encoding="utf-8")
        vi = "\n".join(line.replace(",", ";") for line in text.splitlines())
        vi = vi.replace("10.70", "10,70").replace("10.71", "10,71").replace("10.72", "10,72")
        vi = vi.replace("106.70", "106,70").replace("106.71", "106,71")
        vi = vi.replace("106.72", "106,72")
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_bytes(_cp1258(vi))
    legacy = symbiosis_from_workshop(
        str(paths["offers"]), str(paths["needs"]), str(paths["enterprises"])
    )
    cols = ["supplier_name", "receiver_name", "chosen_t_per_yr"]
    assert legacy.plan[cols].equals(utf8.plan[cols])
    paper = legacy.plan[legacy.plan.receiver_name == "Công ty Giấy Sài Gòn"]
    assert list(paper.chosen_t_per_yr) == [100.0]


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does for Vietnamese: precomposed where the code page has the
    letter (â, ơ, ư...), with the tone marks as combining characters."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += codecs.encode(ch, "cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += codecs.encode(base, "cp1258") + codecs.encode(tones, "cp1258")
    return out


def test_the_exchange_plan_is_solved_once_per_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scenario run with all its outputs written (tables, map, report, indicators) solves
    the exchange plan once; everything else reads it from the job's result."""
    calls: list[str] = []
    real = from_job.plan_symbiosis

    def counting(*args: object, **kwargs: object) -> object:
        calls.append("solve")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(from_job, "plan_symbiosis", counting)
    scenario = load_scenario(FREQUENCY)
    done = run_scenario(scenario, out_dir=tmp_path)
    assert calls == ["solve"]
    assert (tmp_path / "deepc-quangninh" / "report.html").is_file()
    assert (tmp_path / "deepc-quangninh" / "symbiosis.csv").is_file()
    assert done.result.symbiosis.objective in ("t", "vnd", "co2e")
    shutil.rmtree(tmp_path / "deepc-quangninh")


def test_trunk_graph_cache_follows_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trunk-road graph is cached by the file it was read from: after
    ``settings.data_dir`` names a folder with its own trunk roads (one 2-vertex line: 2
    nodes, 2 directed edges), the graph changes; back to the bundled file, it changes back."""
    from eipgeo import settings
    from eipgeo.jobs.sources import trunk_graph

    bundled = trunk_graph("osm/trunk_roads_north.geojson")
    (tmp_path / "osm").mkdir()
    (tmp_path / "osm" / "trunk_roads_north.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"id": "a", "name_vi": "Đường thử", "infrastructure_type": "national_highway"}, '
        '"geometry": {"type": "LineString", "coordinates": [[106.70, 20.85], '
        "[106.72, 20.85]]}}]}",
        encoding="utf-8",
    )
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    own = trunk_graph("osm/trunk_roads_north.geojson")
    assert (own.number_of_nodes(), own.number_of_edges()) == (2, 2)
    monkeypatch.setattr(settings, "data_dir", None)
    assert (
        trunk_graph("osm/trunk_roads_north.geojson").number_of_nodes()
        == bundled.number_of_nodes()
        > 2
    )
