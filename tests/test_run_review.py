"""``eipgeo run`` as a new user meets it: syntax errors, unknown RECP sites, warnings, --strict."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from eipgeo.cli import app
from eipgeo.outputs import sankey


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_syntax_error_is_one_located_line(tmp_path: Path) -> None:
    bad = _write(
        tmp_path / "syn.yaml",
        "name: x\npark: deepc-haiphong\nrecp:\n  reduction_pct_by_site: {DCHP-001: 20\n",
    )
    res = CliRunner().invoke(app, ["run", str(bad), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2
    lines = [ln for ln in res.stderr.splitlines() if "syn.yaml" in ln]
    # the flow mapping opened on line 4 is still open at the end of the file (line 5, col 1)
    assert len(lines) == 1 and lines[0].startswith(f"{bad}:5:1: YAML syntax error: expected")


def test_recp_for_an_unknown_site_is_refused(bundled_data: Path, tmp_path: Path) -> None:
    bad = _write(
        tmp_path / "bad.yaml",
        "name: x\npark: hiepphuoc\nrecp:\n  reduction_pct_by_site:\n    HP-999: 50\n",
    )
    res = CliRunner().invoke(app, ["run", str(bad), "--out", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert (
        f"{bad}:5:5: recp.reduction_pct_by_site.HP-999: 'HP-999' is not an enterprise of "
        "hiepphuoc; did you mean" in res.stderr
    )
    assert not list((tmp_path / "out").glob("*/hiepphuoc"))  # nothing written


def test_run_prints_warnings_writes_problems_and_strict_fails(
    bundled_data: Path, tmp_path: Path
) -> None:
    """DEEP C Hai Phong's data list no licensed hazardous facility: the run warns (as the
    demo does), writes problems.csv, exits 0, and 1 under --strict."""
    sc = _write(tmp_path / "b.yaml", "name: b\npark: deepc-haiphong\niterations: 100\n")
    res = CliRunner().invoke(app, ["run", str(sc), "--out", str(tmp_path / "o"), "--quiet"])
    assert res.exit_code == 0, res.output
    assert "warning: " in res.stderr and "no destination" in res.stderr
    problems = (tmp_path / "o" / "b" / "deepc-haiphong" / "problems.csv").read_text(
        encoding="utf-8"
    )
    assert "no_destination" in problems
    res = CliRunner().invoke(
        app, ["run", str(sc), "--out", str(tmp_path / "o"), "--quiet", "--strict"]
    )
    assert res.exit_code == 1


def test_empty_sankey_says_why_and_has_a_title(tmp_path: Path) -> None:
    page = sankey.write_sankey_html(
        pd.DataFrame(),
        tmp_path / "sankey.html",
        title="Park X: waste flows (t/yr)",
        reason="No waste streams: none listed",
    ).read_text(encoding="utf-8")
    assert "<title>Park X: waste flows (t/yr)</title>" in page
    assert "No waste streams: none listed" in page
    assert "<script" not in page  # no empty plot, so no JavaScript error (issue 21)
    assert "Không có dòng chất thải" in page
