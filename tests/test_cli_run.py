"""``eipgeo run`` / ``compare``: stage progress, ``--quiet``, ``--log-file``, stdout unchanged.

The scenario job is replaced by a stub that marks two stages (the real job is run by
``tests/test_scenarios.py``), so these tests check the command's wiring in a second.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from eipgeo._progress import reporting, stage
from eipgeo.cli import app, cmd_run
from eipgeo.outputs import write
from eipgeo.scenario.schema import Scenario

DATA = Path(__file__).resolve().parent / "data"
OK = DATA / "scenarios" / "recp.yaml"
BAD = DATA / "scenarios" / "recp_bad.yaml"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


@pytest.fixture
def stub_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """``run_scenario`` that marks ``park job`` with a nested ``routing`` stage."""

    def fake(spec: Scenario, *, out_dir: Path | None = None, view: str = "firm") -> Any:
        with stage("park job"), stage("routing"):
            pass
        park = SimpleNamespace(slug=spec.park)
        return SimpleNamespace(
            scenario=spec,
            result=SimpleNamespace(park=park, problems=[]),
            files=[Path("a"), Path("b")],
        )

    def fake_write(done: Any, out: Path, *, view: str) -> Path:
        folder = out / write.safe_name(done.scenario.name) / done.result.park.slug
        folder.mkdir(parents=True)
        return folder

    monkeypatch.setattr(cmd_run, "run_scenario", fake)
    monkeypatch.setattr(write, "write_scenario_run", fake_write)


def test_run_prints_one_summary_line_and_unchanged_stdout(stub_run: None, tmp_path: Path) -> None:
    """stderr is not a terminal here: no live display, only the summary line."""
    res = CliRunner().invoke(app, ["run", str(OK), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1] == (
        f"scenario=recp park=deepc-haiphong files=2 warnings=0 "
        f"report={tmp_path / 'recp' / 'deepc-haiphong' / 'report.html'}"
    )
    err = res.stderr.splitlines()
    assert len(err) == 1, err
    assert re.fullmatch(
        r"run recp\.yaml: done in \d+\.\d s \(reading scenario \d+\.\d s, "
        r"park job \d+\.\d s, writing outputs \d+\.\d s\)",
        err[0],
    ), err  # top-level stages only
    assert "\x1b" not in res.stderr  # no terminal control codes


def test_quiet_silences_stderr(stub_run: None, tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["run", str(OK), "--out", str(tmp_path), "--quiet"])
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    assert res.stdout.startswith("scenario=recp park=deepc-haiphong files=2 ")


def test_log_file_lists_stages_with_timings(stub_run: None, tmp_path: Path) -> None:
    log = tmp_path / "logs" / "run.log"
    res = CliRunner().invoke(
        app, ["run", str(OK), "--out", str(tmp_path), "-q", "--log-file", str(log)]
    )
    assert res.exit_code == 0, res.output
    lines = log.read_text(encoding="utf-8").splitlines()
    expected = [
        r"begin run recp\.yaml",
        "start reading scenario",
        r"done reading scenario in \d+\.\d\d s",
        "scenario 'recp' on park deepc-haiphong \\(seed 42\\)",
        "start park job",
        "  start routing",
        r"  done routing in \d+\.\d\d s",
        r"done park job in \d+\.\d\d s",
        "start writing outputs",
        r"done writing outputs in \d+\.\d\d s",
        r"end after \d+\.\d\d s",
    ]
    assert len(lines) == len(expected), lines
    for line, pattern in zip(lines, expected, strict=True):
        assert re.fullmatch(f"{STAMP} {pattern}", line), (line, pattern)


def test_failed_run_logs_the_failure_and_prints_only_the_error(tmp_path: Path) -> None:
    """A malformed file: exit 1, its problems on stderr (no summary line), log says why."""
    log = tmp_path / "run.log"
    res = CliRunner().invoke(app, ["run", str(BAD), "--out", str(tmp_path), "--log-file", str(log)])
    assert res.exit_code == 1
    assert all(line.startswith(f"{BAD}:") for line in res.stderr.splitlines()), res.stderr
    assert "done in" not in res.stderr
    lines = log.read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(f"{STAMP} FAILED reading scenario in \\d+\\.\\d\\d s", lines[-2])
    assert re.fullmatch(
        f"{STAMP} failed \\(ValidationError: {re.escape(str(BAD))}:4:13: "
        r"iterations: .*\) after \d+\.\d\d s",
        lines[-1],
    ), lines[-1]
    assert not list(tmp_path.glob("*/deepc-haiphong"))  # nothing written


def test_compare_quiet_and_log(
    stub_run: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two scenarios: one stage per scenario, numbered; stdout's files= line as before."""
    import pandas as pd

    from eipgeo.outputs import report

    monkeypatch.setattr(
        cmd_run, "compare_table", lambda runs: pd.DataFrame({"key": ["k"], "unit": [""]})
    )
    monkeypatch.setattr(report, "write_compare", lambda runs, table, out: [out / "x.html"])
    other = tmp_path / "other.yaml"
    other.write_text(
        OK.read_text(encoding="utf-8").replace("name: recp", "name: other"), encoding="utf-8"
    )
    log = tmp_path / "compare.log"
    res = CliRunner().invoke(
        app,
        ["compare", str(OK), str(other), "--out", str(tmp_path), "--quiet", "--log-file", str(log)],
    )
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    assert res.stdout.strip() == f"files={tmp_path / 'compare.csv'},{tmp_path / 'x.html'}"
    text = log.read_text(encoding="utf-8")
    for name in (
        "start scenario 'recp' (1/2)",
        "start scenario 'other' (2/2)",
        "start writing the comparison",
        "begin compare 2 scenarios",
    ):
        assert name in text, text


def test_terminal_shows_live_stages() -> None:
    """On a terminal the stages are drawn, nested ones indented, each ticked when done."""
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=60, color_system=None)
    with reporting("run x", console=console) as rep:
        with stage("park job"), stage("routing"):
            pass
    out = buf.getvalue()
    assert "✓ park job" in out and "  ✓ routing" in out, out
    assert [r.name for r in rep.records] == ["routing", "park job"]
    assert [r.depth for r in rep.records] == [1, 0]


def test_quiet_terminal_and_no_block_draw_nothing() -> None:
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=60)
    with reporting("run x", console=console, quiet=True) as rep, stage("waste"):
        pass
    with stage("outside any block"):  # a no-op: nothing recorded anywhere
        pass
    assert buf.getvalue() == ""
    assert [r.name for r in rep.records] == ["waste"]


def test_log_goes_to_the_output_folder_by_default(stub_run: None, tmp_path: Path) -> None:
    """Without --log-file: OUT/<scenario name>/eipgeo-run.log; with it, nothing extra."""
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(OK), "--out", str(out), "-q"])
    assert res.exit_code == 0, res.output
    lines = (out / "recp" / "eipgeo-run.log").read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(f"{STAMP} begin run recp\\.yaml", lines[0]), lines[0]
    assert re.fullmatch(f"{STAMP} end after \\d+\\.\\d\\d s", lines[-1]), lines[-1]
    other = tmp_path / "other"
    res = CliRunner().invoke(
        app, ["run", str(OK), "--out", str(other), "-q", "--log-file", str(tmp_path / "mine.log")]
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "mine.log").is_file()
    assert not (other / "recp" / "eipgeo-run.log").exists()


def test_failed_run_writes_its_log_and_keeps_earlier_outputs(tmp_path: Path) -> None:
    """A scenario that cannot be read still logs, to OUT/eipgeo-run.log; earlier files stay."""
    earlier = tmp_path / "recp" / "deepc-haiphong" / "report.html"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("earlier run", encoding="utf-8")
    res = CliRunner().invoke(app, ["run", str(BAD), "--out", str(tmp_path)])
    assert res.exit_code == 1
    lines = (tmp_path / "eipgeo-run.log").read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(
        f"{STAMP} failed \\(ValidationError: .*\\) after \\d+\\.\\d\\d s", lines[-1]
    ), lines[-1]
    assert earlier.read_text(encoding="utf-8") == "earlier run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eipgeo-run.log", "recp"]


def test_compare_logs_to_the_output_folder_by_default(
    stub_run: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    from eipgeo.outputs import report

    monkeypatch.setattr(
        cmd_run, "compare_table", lambda runs: pd.DataFrame({"key": ["k"], "unit": [""]})
    )
    monkeypatch.setattr(report, "write_compare", lambda runs, table, out: [])
    other = tmp_path / "other.yaml"
    other.write_text(
        OK.read_text(encoding="utf-8").replace("name: recp", "name: other"), encoding="utf-8"
    )
    res = CliRunner().invoke(
        app, ["compare", str(OK), str(other), "--out", str(tmp_path / "cmp"), "-q"]
    )
    assert res.exit_code == 0, res.output
    text = (tmp_path / "cmp" / "eipgeo-compare.log").read_text(encoding="utf-8")
    assert "start scenario 'other' (2/2)" in text and text.rstrip().split(" ")[-3] == "after"
