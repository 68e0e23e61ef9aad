"""The batch runner: failure isolation, rerun skip, gathered outputs, CLI exit codes."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from typer.testing import CliRunner

from eipgeo import batch, national, parks, settings
from eipgeo._errors import DataNotFoundError, UsageError, ValidationError
from eipgeo.cli._app import app

DATA = Path(__file__).resolve().parent / "data"
ITERATIONS = 30


@pytest.fixture
def tiny_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose national file is tests/data/national_parks_ok.geojson (3 parks)."""
    root = tmp_path / "data"
    (root / "osm").mkdir(parents=True)
    shutil.copy(DATA / "national_parks_ok.geojson", root / national.NATIONAL_FILE)
    monkeypatch.setattr(settings, "data_dir", root)
    monkeypatch.setenv("EIPGEO_DATA_DIR", str(root))
    return root


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster of 2 single-threaded in-process workers (fast to start)."""
    cluster = batch.local_cluster(2, processes=False)
    yield str(cluster.scheduler_address)
    cluster.close()


def _tasks_with_one_broken() -> list[batch.BatchTask]:
    """The 3 tiny national parks; the middle one gets a 1 kg truck, so it cannot be planned."""
    tasks = batch.tasks_for(["all-national"], seed=1, iterations=ITERATIONS)
    bad = tasks[1]
    tiny = parks.VehicleSpec(id="tiny", capacity_kg=1, allowed_classes=["ordinary", "hazardous"])
    meta = bad.park.meta.model_copy(update={"fleet": parks.FleetSpec(vehicles=[tiny])})
    park = dataclasses.replace(bad.park, meta=meta)
    tasks[1] = batch.BatchTask(
        bad.key, bad.kind, park, batch.input_hash(park, seed=1, iterations=ITERATIONS)
    )
    return tasks


def test_failure_is_isolated_and_rerun_skips_done_work(
    tiny_data: Path, tmp_path: Path, scheduler: str
) -> None:
    """One park fails with its reason; the other two finish, are gathered, then cached.

    Expected by construction: parks vn-alpha-province-a (ok), vn-alpha-province-b (fleet of
    one 1 kg truck: infeasible), vn-beta-province-a (ok). The GeoPackage holds the sites of
    the two good parks only: their firms plus one depot each. On a rerun the two good parks
    are ``cached`` (their cache folders untouched) and the failed one is tried again.
    """
    out = tmp_path / "out"
    tasks = _tasks_with_one_broken()
    seen: list[tuple[int, int, str]] = []
    report = batch.run_batch(
        tasks,
        out,
        scheduler=scheduler,
        seed=1,
        iterations=ITERATIONS,
        progress=lambda d, n, o: seen.append((d, n, o.status)),
    )
    status = {o.key: o.status for o in report.outcomes}
    assert status == {
        "vn-alpha-province-a": "ok",
        "vn-alpha-province-b": "failed",
        "vn-beta-province-a": "ok",
    }
    assert "InfeasibleError" in report.failed[0].reason
    assert [d for d, n, _ in seen] == [1, 2, 3] and {n for _, n, _ in seen} == {3}
    summary = pd.read_csv(out / "batch_summary.csv")
    assert list(summary.park) == [t.key for t in tasks]
    assert (
        summary.set_index("park").loc["vn-alpha-province-b", "reason"].startswith("InfeasibleError")
    )
    sites = gpd.read_file(out / "batch_results.gpkg", layer="sites")
    good = [t for t in tasks if t.key != "vn-alpha-province-b"]
    assert len(sites) == sum(len(t.park.enterprises) + 1 for t in good)
    assert set(sites.park) == {t.key for t in good}
    routes = gpd.read_file(out / "batch_results.gpkg", layer="routes")
    assert set(routes.park) == {t.key for t in good}
    assert set(routes.source) == {"estimate_circuity"}
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "cache").iterdir()}
    assert len(stamps) == 2

    rerun = batch.run_batch(tasks, out, scheduler=scheduler, seed=1, iterations=ITERATIONS)
    assert [o.status for o in rerun.outcomes] == ["cached", "failed", "cached"]
    assert {p.name: p.stat().st_mtime_ns for p in (out / "cache").iterdir()} == stamps
    again = pd.read_csv(out / "batch_summary.csv").set_index("park")
    first = summary.set_index("park")
    for key in ("vn-alpha-province-a", "vn-beta-province-a"):
        assert again.loc[key, "route_km.total"] == first.loc[key, "route_km.total"]


def test_changed_input_is_not_skipped(tiny_data: Path, tmp_path: Path) -> None:
    """The hash covers the solver controls: other iterations -> a new hash -> run again."""
    tasks = batch.tasks_for(["vn-beta-province-a"], seed=1, iterations=ITERATIONS)
    out = tmp_path / "out"
    assert (
        batch.run_batch(tasks, out, serial=True, seed=1, iterations=ITERATIONS).outcomes[0].status
        == "ok"
    )
    other = batch.tasks_for(["vn-beta-province-a"], seed=1, iterations=ITERATIONS + 1)
    assert other[0].input_hash != tasks[0].input_hash
    assert (
        batch.run_batch(other, out, serial=True, seed=1, iterations=ITERATIONS + 1)
        .outcomes[0]
        .status
        == "ok"
    )
    assert len(list((out / "cache").iterdir())) == 2


def test_serial_and_distributed_agree(tiny_data: Path, tmp_path: Path, scheduler: str) -> None:
    """Same seed and iterations: the cluster gives the serial run's route lengths."""
    tasks = batch.tasks_for(["all-national"], seed=3, iterations=ITERATIONS)
    a = batch.run_batch(tasks, tmp_path / "a", serial=True, seed=3, iterations=ITERATIONS)
    b = batch.run_batch(tasks, tmp_path / "b", scheduler=scheduler, seed=3, iterations=ITERATIONS)
    km_a = [o.summary["route_km.total"] for o in a.outcomes]
    km_b = [o.summary["route_km.total"] for o in b.outcomes]
    assert km_a == km_b and all(k > 0 for k in km_a)


def test_unknown_name_and_no_name(tiny_data: Path) -> None:
    """Unknown park: DataNotFoundError listing bundled parks; nothing named: UsageError."""
    with pytest.raises(DataNotFoundError, match="deepc-haiphong"):
        batch.tasks_for(["no-such-park"], seed=1, iterations=1)
    with pytest.raises(UsageError, match="all-national"):
        batch.tasks_for([], seed=1, iterations=1)


def test_cli_exit_codes(tiny_data: Path, tmp_path: Path) -> None:
    """CLI: a good park exits 0 with one summary line; an unknown one exits 2, no traceback."""
    runner = CliRunner()
    ok = runner.invoke(
        app,
        [
            "batch",
            "vn-beta-province-a",
            "--serial",
            "--iterations",
            str(ITERATIONS),
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert "tasks=1 ok=1 cached=0 failed=0" in ok.stdout
    assert "[1/1] vn-beta-province-a: ok" in ok.stderr
    bad = runner.invoke(app, ["batch", "no-such-park", "--out", str(tmp_path / "o")])
    assert bad.exit_code == 2
    assert "Traceback" not in bad.output and "no national park 'no-such-park'" in bad.stderr


SCENARIO_YAML = """\
name: recp-small
park: deepc-quangninh
seed: 7
iterations: {iterations}
recp:
  reduction_pct_by_sector: {{"22": {pct}}}
"""


def test_scenario_file_is_a_task_and_rerun_is_cached(
    bundled_data: Path, tmp_path: Path, scheduler: str
) -> None:
    """A scenario file runs as one task on the cluster; the rerun is ``cached``.

    Expected: key ``deepc-quangninh--recp-small`` (park--name); the task survives pickling
    (a remote worker gets it that way); the summary names the scenario; its hash covers the
    file's content, so a changed reduction (15 -> 16 %) gives a new hash, and the same
    content gives the same one.
    """
    path = tmp_path / "recp.yaml"
    path.write_text(SCENARIO_YAML.format(iterations=ITERATIONS, pct=15), encoding="utf-8")
    tasks = batch.tasks_for([str(path)], seed=1, iterations=ITERATIONS)
    assert [(t.key, t.kind) for t in tasks] == [("deepc-quangninh--recp-small", "scenario")]
    assert pickle.loads(pickle.dumps(tasks[0])).input_hash == tasks[0].input_hash
    out = tmp_path / "out"
    first = batch.run_batch(tasks, out, scheduler=scheduler)
    assert [o.status for o in first.outcomes] == ["ok"], first.outcomes[0].reason
    assert first.outcomes[0].summary["scenario"] == "recp-small"
    summary = pd.read_csv(out / "batch_summary.csv")
    assert list(summary.park) == ["deepc-quangninh--recp-small"]
    assert list(summary.kind) == ["scenario"]

    again = batch.tasks_for([str(path)], seed=99, iterations=1)  # parks' controls: unused
    assert again[0].input_hash == tasks[0].input_hash
    rerun = batch.run_batch(again, out, scheduler=scheduler)
    assert [o.status for o in rerun.outcomes] == ["cached"]
    assert (
        rerun.outcomes[0].summary["route_km.total"] == first.outcomes[0].summary["route_km.total"]
    )

    path.write_text(SCENARIO_YAML.format(iterations=ITERATIONS, pct=16), encoding="utf-8")
    changed = batch.tasks_for([str(path)], seed=1, iterations=ITERATIONS)
    assert changed[0].input_hash != tasks[0].input_hash


def test_bad_scenario_file_is_reported(tmp_path: Path) -> None:
    """An invalid scenario file stops the batch before any work, naming the bad key."""
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\npark: deepc-quangninh\nrecpp: {}\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="unknown key 'recpp'; did you mean 'recp'"):
        batch.tasks_for([str(path)], seed=1, iterations=1)
