"""Run many parks and scenarios as tasks on dask.distributed, and gather the results.

One task per park. Tasks run on a :class:`distributed.LocalCluster` sized to the machine by
default, or on an existing cluster given its scheduler address. Each task calls the main job
(:func:`eipgeo.jobs.run_park`) and returns only its public result (summary, sites, route
legs); a task that fails returns its reason, and the others finish. The client gathers:

* ``OUT/batch_summary.csv``: one row per task: ``park``, ``kind``, ``status``
  (``ok``, ``cached``, ``failed``), ``reason``, ``input_hash``, ``road_data`` and the job's
  key figures;
* ``OUT/batch_results.gpkg``: layers ``sites`` (points) and ``routes`` (route legs), every
  row carrying its ``park``; EPSG:4326;
* ``OUT/cache/<park>-<hash>/``: each finished task's result. A rerun skips a task whose
  input hash is already there (status ``cached``). Failed tasks are not cached.

The input hash (SHA-256) covers the park's metadata, enterprises, facilities and boundary,
the size and modification time of the external data files it names, the coefficient table,
the solver seed and iteration count, and the eipgeo version.

A task is a :class:`BatchTask` of one of four kinds: ``bundled``, ``user`` (a park folder
of the user's, by slug on ``EIPGEO_PARKS_PATH`` or by path) and ``national`` parks, and
``scenario`` files (``*.yaml``, :mod:`eipgeo.scenarios`). A scenario is read and
validated on the client, its park built there with the changes applied
(:func:`eipgeo.scenarios.park_for_scenario`, so the worker needs neither the file nor the
enterprise table it names), and the worker does the work of
:func:`eipgeo.scenarios.run_scenario` (the job with the RECP block, and for a ``hub`` block
the p-median siting and the second run) with the scenario's own ``seed`` and
``iterations``; the command's ``--seed``/``--iterations`` apply to parks only. A scenario's
input hash covers its validated content and its changed park's inputs, and its key is
``<park>--<scenario name>``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from eipgeo import national, parks, settings
from eipgeo._atomic import atomic_write_csv, gpkg_safe_columns, nfc_frame
from eipgeo._errors import DataNotFoundError, EipgeoError, UsageError
from eipgeo.data import BUNDLED_DATA_DIR, data_file
from eipgeo.routing.legs import legs_geodataframe
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import Scenario, baseline_scenario, load_scenario

ALL_NATIONAL = "all-national"
"""Keyword that selects every park of the national file (:mod:`eipgeo.national`)."""

ALL_BUNDLED = "all-bundled"
"""Keyword that selects every bundled park (``data/parks/``)."""

SUMMARY_FIRST = ["park", "kind", "status", "reason", "input_hash", "road_data", "seconds"]


@dataclass(frozen=True)
class BatchTask:
    """One unit of work: a park, or a scenario of a park, to run through the main job.

    Attributes
    ----------
    key
        Name in outputs (the park slug; ``<park>--<scenario name>`` for a scenario).
    kind
        ``bundled``, ``user``, ``national`` or ``scenario``.
    park
        The park itself (bundled parks are loaded on the client, so the worker needs no
        repository checkout; a scenario's park has the scenario's changes applied).
    input_hash
        SHA-256 (hex) of everything the result depends on (see module notes).
    scenario
        The validated scenario (``kind == "scenario"`` only).
    """

    key: str
    kind: str
    park: parks.Park = field(repr=False)
    input_hash: str
    scenario: Scenario | None = field(default=None, repr=False)


@dataclass
class TaskOutcome:
    """What one task produced (``sites``/``legs`` are ``None`` when it failed)."""

    key: str
    kind: str
    status: str
    input_hash: str
    reason: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    sites: gpd.GeoDataFrame | None = None
    legs: gpd.GeoDataFrame | None = None
    seconds: float = 0.0


@dataclass
class BatchReport:
    """All outcomes of a batch and the files written."""

    outcomes: list[TaskOutcome]
    files: list[Path]
    seconds: float

    @property
    def failed(self) -> list[TaskOutcome]:
        """Outcomes whose task failed."""
        return [o for o in self.outcomes if o.status == "failed"]


# --------------------------------------------------------------------------------------
# Tasks and their input hash
# --------------------------------------------------------------------------------------


def _external_stamps(meta: parks.ParkMeta) -> dict[str, str]:
    named = [
        meta.boundary.source if meta.boundary else None,
        meta.trunk_roads,
        meta.street_network.source if meta.street_network else None,
        meta.uis_sources.source if meta.uis_sources else None,
    ]
    stamps = {}
    for rel in sorted({str(n) for n in named if n}):
        try:
            path = data_file(rel)
        except DataNotFoundError:
            stamps[rel] = "missing"
            continue
        st = path.stat()
        stamps[rel] = f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"
    return stamps


def input_hash(park: parks.Park, *, seed: int, iterations: int) -> str:
    """Return the SHA-256 (hex) of everything a park's result depends on.

    Parameters
    ----------
    park
        Bundled or in-memory park.
    seed, iterations
        Solver controls passed to :func:`eipgeo.scenario.run.run_scenario`.

    Returns
    -------
    str
        64 hex digits.
    """
    h = hashlib.sha256()
    h.update(park.meta.model_dump_json().encode())
    h.update(park.enterprises.to_csv(index=False).encode())
    h.update(park.facilities.to_csv(index=False).encode())
    if park.boundary is not None:
        h.update(b"".join(park.boundary.geometry.to_wkb()))
    h.update(json.dumps(_external_stamps(park.meta), sort_keys=True).encode())
    for table in sorted(BUNDLED_DATA_DIR.glob("*.csv")):  # every sourced table of eipgeo
        h.update(table.name.encode() + table.read_bytes())
    h.update(f"seed={seed};iterations={iterations};eipgeo={_version()}".encode())
    return h.hexdigest()


def scenario_hash(scenario: Scenario, park: parks.Park) -> str:
    """Return the SHA-256 (hex) of a scenario's validated content and its park's inputs.

    Parameters
    ----------
    scenario
        Validated scenario (its ``seed`` and ``iterations`` are the solver controls).
    park
        The scenario's park with its changes applied
        (:func:`eipgeo.scenarios.park_for_scenario`).
    """
    h = hashlib.sha256()
    h.update(input_hash(park, seed=scenario.seed, iterations=scenario.iterations).encode())
    h.update(scenario.model_dump_json().encode())  # every key, defaults filled in
    return h.hexdigest()


def is_scenario_file(name: str) -> bool:
    """Whether a command-line name is a scenario file (ends in ``.yaml`` or ``.yml``).

    Parameters
    ----------
    name
        A name given on the command line: a park slug, a keyword or a file path. The
        suffix is compared case-insensitively.

    Returns
    -------
    bool
        True when ``name`` ends in ``.yaml`` or ``.yml``.
    """
    return name.lower().endswith((".yaml", ".yml"))


def scenario_task(path: str | Path) -> BatchTask:
    """Read a scenario file and build its task (park changed on the client).

    Parameters
    ----------
    path
        Scenario YAML file (:mod:`eipgeo.scenarios`).

    Returns
    -------
    BatchTask
        Of kind ``scenario``, keyed ``<park>--<scenario name>`` (characters other than
        letters, digits, ``_``, ``.`` and ``-`` replaced by ``-``), its park with the
        scenario's changes applied and its input hash from :func:`scenario_hash`.

    Raises
    ------
    InputReadError, ValidationError
        The file cannot be read or is not a valid scenario (:func:`eipgeo.scenarios.load_scenario`).
    """
    scenario = load_scenario(path)
    park = park_for_scenario(scenario)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", scenario.name).strip("-") or "scenario"
    return BatchTask(
        f"{park.slug}--{name}", "scenario", park, scenario_hash(scenario, park), scenario
    )


def tasks_for(
    names: Sequence[str],
    *,
    seed: int,
    iterations: int,
    national_seed: int = 42,
) -> list[BatchTask]:
    """Turn command-line names into tasks, in the order given (duplicates dropped).

    Parameters
    ----------
    names
        Park slugs (bundled, or on ``EIPGEO_PARKS_PATH``) or park folders, national park
        slugs or OSM ids (``osm_way_627990023``), scenario files (``*.yaml``), or the
        keywords :data:`ALL_NATIONAL` and :data:`ALL_BUNDLED`.
    seed, iterations
        Solver controls of the parks (part of the input hash); a scenario uses its own.
    national_seed
        Seed of the synthetic national enterprise generator.

    Raises
    ------
    UsageError
        No names given, or two different scenario files with one park and name.
    DataNotFoundError
        A name is neither a bundled park nor a national one; the message says which.
    InputReadError, ValidationError
        A scenario file cannot be read or is invalid.
    """
    if not names:
        raise UsageError(
            f"name at least one park or scenario file, or {ALL_NATIONAL} / {ALL_BUNDLED}"
        )
    bundled = set(parks.list_parks())
    chosen: list[BatchTask | tuple[str, parks.Park]] = []
    national_keys: list[str] = []
    for name in names:
        if is_scenario_file(name):
            chosen.append(scenario_task(name))
        elif name == ALL_BUNDLED:
            chosen += [("bundled", parks.load_park(s)) for s in sorted(bundled)]
        elif name in bundled:
            chosen.append(("bundled", parks.load_park(name)))
        elif (folder := parks.find_park(name)) is not None:
            chosen.append(("user", parks.load_park(folder)))
        else:
            national_keys.append(name)
    if national_keys:
        chosen += [("national", p) for p in _national(national_keys, national_seed)]
    return _unique(chosen, seed, iterations)


def _unique(
    chosen: list[BatchTask | tuple[str, parks.Park]], seed: int, iterations: int
) -> list[BatchTask]:
    seen: dict[str, BatchTask] = {}
    for item in chosen:
        task = (
            item
            if isinstance(item, BatchTask)
            else BatchTask(
                item[1].slug,
                item[0],
                item[1],
                input_hash(item[1], seed=seed, iterations=iterations),
            )
        )
        other = seen.get(task.key)
        if other is None:
            seen[task.key] = task
        elif task.kind == "scenario" and other.input_hash != task.input_hash:
            msg = (
                f"two different scenario files are both named '{task.key}' (park--name); "
                "give each scenario its own 'name:'"
            )
            raise UsageError(msg)
    return list(seen.values())


def _version() -> str:
    try:
        return version("eipgeo")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


def _national(keys: list[str], seed: int) -> list[parks.Park]:
    wanted = None if ALL_NATIONAL in keys else [k for k in keys if k != ALL_NATIONAL]
    try:
        every = national.national_parks_with_firms(wanted, seed=seed)
    except DataNotFoundError as exc:
        known = ", ".join(e.slug for e in parks.find_parks())
        msg = f"{exc}; parks by slug are {known} (or give a park folder), or use {ALL_NATIONAL}"
        raise DataNotFoundError(msg) from exc
    return every


# --------------------------------------------------------------------------------------
# The task (runs on a worker)
# --------------------------------------------------------------------------------------


def _summary_dict(summary: pd.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in zip(summary["key"], summary["value"], strict=True):
        if key not in ("park", "circuity_factor"):
            out[str(key)] = value
    return out


def run_task(
    task: BatchTask,
    *,
    data_dir: str | None,
    seed: int,
    iterations: int,
) -> TaskOutcome:
    """Run one task through the one scenario runner; never raises for a failing park.

    A scenario task runs its scenario; a park task runs the park as it is (its
    :func:`~eipgeo.scenario.schema.baseline_scenario`). Both go through
    :func:`eipgeo.scenario.run.run_scenario`, so a scenario file gives the same figures
    here as in ``eipgeo run``.

    Parameters
    ----------
    task
        What to run.
    data_dir
        The client's external data folder, set on the worker (workers on other machines
        need the same path), or ``None``.
    seed, iterations
        Solver controls of a park task (a scenario uses its own).

    Returns
    -------
    TaskOutcome
        ``ok`` with the sites, legs and summary, or ``failed`` with the reason.
    """
    started = time.perf_counter()
    if data_dir is not None:
        settings.data_dir = data_dir
    try:
        scenario = task.scenario or baseline_scenario(
            task.park.slug, seed=seed, iterations=iterations
        )
        done = run_scenario(scenario, park=task.park)
    except Exception as exc:  # isolate the park: report why, let the others finish
        return TaskOutcome(
            task.key,
            task.kind,
            "failed",
            task.input_hash,
            reason=_reason(exc),
            seconds=time.perf_counter() - started,
        )
    result = done.result
    extra: dict[str, Any] = (
        {}
        if task.scenario is None
        else {"scenario": task.scenario.name, "scenario_park": task.scenario.park}
    )
    if done.siting is not None:
        extra["hubs_opened"] = ";".join(str(h) for h in done.hubs["candidate_id"])
    sites = gpd.GeoDataFrame(
        result.sites.assign(park=task.key), geometry="geometry", crs=result.sites.crs
    )
    legs = legs_geodataframe(result.legs, park=task.key)
    road = ";".join(sorted(legs["source"].unique())) or "none (no routes)"
    return TaskOutcome(
        task.key,
        task.kind,
        "ok",
        task.input_hash,
        summary={"road_data": road, **extra, **_summary_dict(result.summary)},
        sites=sites,
        legs=legs,
        seconds=time.perf_counter() - started,
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, EipgeoError):
        lines = [p.to_line() for p in exc.problems[:3]] or [str(exc)]
        return f"{type(exc).__name__}: " + " | ".join(lines)
    return f"{type(exc).__name__}: {exc}"


# --------------------------------------------------------------------------------------
# Cache (client side): a rerun skips tasks whose input hash is stored
# --------------------------------------------------------------------------------------


def _cache_dir(out: Path, task: BatchTask) -> Path:
    return out / "cache" / f"{task.key}-{task.input_hash[:16]}"


def _read_cached(out: Path, task: BatchTask) -> TaskOutcome | None:
    """Return the stored outcome of ``task``, or None to run it again.

    The cache key alone is not trusted: a record whose outputs are missing, truncated or
    unreadable (a disk that filled up, a file deleted by hand) is run again.
    """
    folder = _cache_dir(out, task)
    meta_path = folder / "outcome.json"
    if not meta_path.is_file():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("input_hash") != task.input_hash:
            return None
        sites = gpd.read_parquet(folder / "sites.parquet")
        legs = gpd.read_parquet(folder / "legs.parquet")
        summary = dict(meta["summary"])
    except Exception:  # noqa: BLE001 - any unreadable record means: run the task again
        return None
    return TaskOutcome(
        task.key,
        task.kind,
        "cached",
        task.input_hash,
        summary=summary,
        seconds=0.0,
        sites=sites,
        legs=legs,
    )


def _write_cache(out: Path, task: BatchTask, outcome: TaskOutcome) -> None:
    """Store an ``ok`` outcome in a temporary folder, then rename it into place."""
    if outcome.sites is None or outcome.legs is None:
        return
    final = _cache_dir(out, task)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}."))
    try:
        outcome.sites.to_parquet(tmp / "sites.parquet")
        outcome.legs.to_parquet(tmp / "legs.parquet")
        record = {
            "input_hash": task.input_hash,
            "park": task.key,
            "kind": task.kind,
            "summary": outcome.summary,
            "seconds": outcome.seconds,
        }
        (tmp / "outcome.json").write_text(json.dumps(record, default=str), encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; give the usual folder mode
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------

Progress = Callable[[int, int, TaskOutcome], None]


def machine_workers() -> int:
    """Return the CPU cores this process may use (the default LocalCluster size)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


WORKER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask settings for the local workers. With dask's defaults (a stack sampler every 10 ms,
an event-loop tick every 20 ms, monitors every 0.1-0.5 s) a task of this job, which is
pure-Python heavy, used 20-28 % more CPU in a worker's task thread than the same loop in
the worker's main thread (25 national parks, 19.9 s against 15.6 s); with these, 2 %
(15.6 s against 15.3 s). Measured by ``benchmarks/bench_scaling.py``'s author, 2026-11-29,
distributed 2026.8.0. Give a remote cluster's workers the same settings."""


def local_cluster(n_workers: int | None = None, *, processes: bool = True) -> Any:
    """Start a :class:`distributed.LocalCluster`: one single-threaded worker per core.

    The job is CPU-bound Python (PyVRP, shapely), so workers are processes with one thread
    each; memory is shared out equally (dask's ``memory_limit="auto"``). No dashboard is
    started (the machine may be shared). Workers get :data:`WORKER_CONFIG`.

    Parameters
    ----------
    n_workers
        Number of workers; ``None`` (or 0) starts one per CPU core this process may use
        (:func:`machine_workers`).
    processes
        True (default) runs each worker in its own process; False runs the workers as
        threads of this process (dask's ``processes`` option).

    Returns
    -------
    distributed.LocalCluster
        The running cluster; the caller closes it.
    """
    import dask
    from distributed import LocalCluster

    with dask.config.set(WORKER_CONFIG):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n_workers or machine_workers(),
            threads_per_worker=1,
            processes=processes,
            dashboard_address=":0",
            memory_limit="auto",
        )


def run_batch(
    tasks: Sequence[BatchTask],
    out: Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    serial: bool = False,
    seed: int = 42,
    iterations: int = 1500,
    progress: Progress | None = None,
) -> BatchReport:
    """Run every task, skipping those already cached in ``out``, and gather the results.

    On a cluster, tasks are submitted largest first (by enterprise count, so a big park
    does not finish last on its own) under keys unique to this call (dask never hands
    back a result of an earlier call); outcomes come back in task order.

    Parameters
    ----------
    tasks
        From :func:`tasks_for`.
    out
        Output folder (created).
    scheduler
        Address of an existing dask scheduler (``tcp://host:8786``); ``None`` starts a
        LocalCluster of ``workers`` processes (default: one per core).
    workers
        Number of worker processes of the LocalCluster started when ``scheduler`` is
        ``None``; ``None`` (default) = one per CPU core (:func:`machine_workers`). Not used
        with ``scheduler`` or ``serial``.
    serial
        Run in this process, one task after the other (the benchmark's baseline).
    seed, iterations
        Solver controls; must match those the tasks were hashed with.
    progress
        Called as ``progress(done, total, outcome)`` after each task.

    Returns
    -------
    BatchReport
        Outcomes in task order, and the gathered files.

    Raises
    ------
    eipgeo._errors.UsageError
        The dask scheduler at ``scheduler`` cannot be reached.
    """
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, TaskOutcome] = {}
    todo = []
    for task in tasks:
        cached = _read_cached(out, task)
        if cached is None:
            todo.append(task)
        else:
            outcomes[task.key] = cached
            if progress:
                progress(len(outcomes), len(tasks), cached)
    kwargs: dict[str, Any] = {"data_dir": _data_dir_str(), "seed": seed, "iterations": iterations}
    by_key = {t.key: t for t in todo}

    def finished(outcome: TaskOutcome) -> None:
        if outcome.status == "ok":
            try:
                _write_cache(out, by_key[outcome.key], outcome)
            except Exception as exc:  # noqa: BLE001 - a task whose outputs fail is failed
                outcome = _write_failed(outcome, exc)
        outcomes[outcome.key] = outcome
        if progress:
            progress(len(outcomes), len(tasks), outcome)

    if serial:
        for task in todo:
            finished(run_task(task, **kwargs))
    elif todo:
        _run_distributed(todo, scheduler, workers, kwargs, finished)
    ordered = [outcomes[t.key] for t in tasks]
    ordered = _writable(ordered, out)
    files = write_results(ordered, out)
    return BatchReport(ordered, files, time.perf_counter() - started)


def _write_failed(outcome: TaskOutcome, exc: BaseException) -> TaskOutcome:
    """Return the outcome of a task whose results could not be written: failed, with why."""
    reason = f"its outputs could not be written ({type(exc).__name__}: {exc})"
    return TaskOutcome(
        outcome.key,
        outcome.kind,
        "failed",
        outcome.input_hash,
        reason=reason,
        summary=outcome.summary,
        seconds=outcome.seconds,
    )


def _writable(outcomes: list[TaskOutcome], out: Path) -> list[TaskOutcome]:
    """Fail each task whose sites or legs cannot go into the gathered GeoPackage.

    Each task's layers are tried alone in a scratch file, so one task's bad column fails
    that task (reported, with the reason) instead of the batch, and never leaves it ``ok``.
    """
    return [_writable_one(o, out) for o in outcomes]


def _writable_one(outcome: TaskOutcome, out: Path) -> TaskOutcome:
    if outcome.sites is None or outcome.legs is None:
        return outcome
    fd, name = tempfile.mkstemp(dir=out, prefix=".check.", suffix=".gpkg")
    os.close(fd)
    scratch = Path(name)
    scratch.unlink()
    try:
        _gpkg_ready(gpd.GeoDataFrame(outcome.sites, crs=4326)).to_file(scratch, layer="sites")
        _gpkg_ready(gpd.GeoDataFrame(outcome.legs, crs=4326)).to_file(scratch, layer="routes")
    except Exception as exc:  # noqa: BLE001 - pyogrio raises many kinds
        # its cached record must not make the next run skip it
        cached = out / "cache" / f"{outcome.key}-{outcome.input_hash[:16]}"
        shutil.rmtree(cached, ignore_errors=True)
        return _write_failed(outcome, exc)
    finally:
        scratch.unlink(missing_ok=True)
    return outcome
    if True:
        fd, name = tempfile.mkstemp(dir=out, prefix=".check.", suffix=".gpkg")
        os.close(fd)
        scratch = Path(name)
        scratch.unlink()
        try:
            _gpkg_ready(gpd.GeoDataFrame(outcome.sites, crs=4326)).to_file(scratch, layer="sites")
            _gpkg_ready(gpd.GeoDataFrame(outcome.legs, crs=4326)).to_file(scratch, layer="routes")
        except Exception as exc:  # noqa: BLE001 - pyogrio raises many kinds
            # its cached record must not make the next run skip it
            cached = out / "cache" / f"{outcome.key}-{outcome.input_hash[:16]}"
            shutil.rmtree(cached, ignore_errors=True)
            return _write_failed(outcome, exc)
        finally:
            scratch.unlink(missing_ok=True)
    return outcome


def _data_dir_str() -> str | None:
    root = settings.resolve_data_dir()
    return None if root is None else str(root.resolve())


def _run_distributed(
    todo: list[BatchTask],
    scheduler: str | None,
    workers: int | None,
    kwargs: dict[str, Any],
    finished: Callable[[TaskOutcome], None],
) -> None:
    from distributed import Client, as_completed

    cluster = None if scheduler else local_cluster(workers)
    try:
        with Client(scheduler or cluster, timeout="30s") as client:  # type: ignore[no-untyped-call]
            run_id = uuid.uuid4().hex[:8]  # fresh keys: never an earlier run's result
            futures = [
                client.submit(
                    run_task,
                    t,
                    key=f"eipgeo-{t.key}-{t.input_hash[:12]}-{run_id}",
                    priority=len(t.park.enterprises),
                    **kwargs,
                )
                for t in todo
            ]  # a higher priority runs first: largest park first
            by_key = {f.key: t for f, t in zip(futures, todo, strict=True)}
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                task = by_key[future.key]
                if future.status == "error":  # the worker died, or the task could not run
                    exc = future.exception()
                    finished(
                        TaskOutcome(
                            task.key, task.kind, "failed", task.input_hash, reason=_reason(exc)
                        )
                    )
                else:
                    finished(future.result())
                future.release()
    except OSError as exc:
        msg = (
            f"cannot reach the dask scheduler at {scheduler}: {exc}; check the address "
            "(tcp://HOST:8786) or leave --scheduler out to start a local cluster"
        )
        raise UsageError(msg) from exc
    finally:
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------------------
# Gathering
# --------------------------------------------------------------------------------------


def summary_table(outcomes: Sequence[TaskOutcome]) -> pd.DataFrame:
    """One row per task: status, reason, input hash, road data and the key figures.

    Parameters
    ----------
    outcomes
        Task outcomes, as :func:`run_batch` gathers them; one row each, in this order.

    Returns
    -------
    pandas.DataFrame
        Columns ``park, kind, status, reason, input_hash, road_data, seconds`` first (those
        present; ``seconds`` is the task's run time, s, rounded to 0.01), then the job's
        summary figures in alphabetical order.
    """
    rows = [
        {
            "park": o.key,
            "kind": o.kind,
            "status": o.status,
            "reason": o.reason,
            "input_hash": o.input_hash,
            "seconds": round(o.seconds, 2),
            **o.summary,
        }
        for o in outcomes
    ]
    frame = pd.DataFrame(rows)
    first = [c for c in SUMMARY_FIRST if c in frame.columns]
    return frame[first + sorted(c for c in frame.columns if c not in first)]


def write_results(outcomes: Sequence[TaskOutcome], out: Path) -> list[Path]:
    """Write ``batch_summary.csv`` and ``batch_results.gpkg`` (layers ``sites``, ``routes``).

    Both are written atomically (temporary file, then rename). Failed tasks appear only in
    the summary, with their reason.

    Parameters
    ----------
    outcomes
        Task outcomes, as :func:`run_batch` gathers them.
    out
        Output folder the files are written into (created if missing).

    Returns
    -------
    list of pathlib.Path
        The summary CSV, then the GeoPackage (EPSG:4326) when at least one task produced
        sites and route legs.
    """
    summary_path = out / "batch_summary.csv"
    atomic_write_csv(summary_path, summary_table(outcomes))
    done = [o for o in outcomes if o.sites is not None and o.legs is not None]
    if not done:
        return [summary_path]
    gpkg = out / "batch_results.gpkg"
    fd, tmp_name = tempfile.mkstemp(dir=out, prefix=".batch_results.", suffix=".gpkg")
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        sites = pd.concat([o.sites for o in done if o.sites is not None], ignore_index=True)
        legs = pd.concat([o.legs for o in done if o.legs is not None], ignore_index=True)
        _gpkg_ready(gpd.GeoDataFrame(sites, crs=4326)).to_file(tmp, layer="sites")
        _gpkg_ready(gpd.GeoDataFrame(legs, crs=4326)).to_file(tmp, layer="routes")
        os.replace(tmp, gpkg)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return [summary_path, gpkg]


def _gpkg_ready(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Turn mixed-type object columns into text and rename reserved ones (``fid``, ``geom``)."""
    out = nfc_frame(gpkg_safe_columns(frame)).copy()
    for col in out.columns:
        if col != out.geometry.name and out[col].dtype == object:
            out[col] = out[col].map(lambda v: "" if v is None else str(v))
    return out
