"""Scaling benchmark: serial against a dask LocalCluster of 2 workers, in the same run.

One command::

    .venv/bin/python benchmarks/bench_scaling.py [--quick]

It reads the bundled national parks layer (``eipgeo/data/osm/vn_industrial_parks.geojson``).

Two axes (issue 11):

* **parks** (10, 50, all national parks; ``--quick``: 5, 20): the main job
  (:func:`eipgeo.jobs.run_park`) on each park with its synthetic firms, through
  :func:`eipgeo.batch.run_batch`, serially in this process and then on the cluster. The
  parks are a seeded random sample (seed 42) of the de-duplicated national list, so the
  10 and 50 are nested samples of "all". Unit of work = one enterprise through the job.
* **enterprises** (10k, 100k, 1M; ``--quick``: 10k, 100k): the national spatial steps on a
  synthetic national table written as GeoParquet parts (untimed, as a register on disk
  would be): read + :func:`eipgeo.national.assign_to_parks` +
  :func:`eipgeo.national.aggregate_by_park` (dask-geopandas on the cluster) against
  geopandas read + ``sjoin`` + ``groupby`` in a fresh spawned process (the serial
  baseline, whose peak RSS is that process's).

Method (both arms do the same work from the same warm state):

* warm-up, untimed: this process and every worker (``client.run``) import the job, load
  the lru-cached trunk graphs and coefficient tables a task names, and run one park; the
  dask-geopandas steps run once on 2,000 firms;
* each timed run writes to a fresh output folder (nothing ``cached``), and
  :func:`eipgeo.batch.run_batch` gives the cluster's tasks keys unique to the run, so no
  earlier result is handed back; both arms write the same cache and GeoPackage;
* work done = the firms of the parks whose job finished; the benchmark stops if the two
  arms failed on different parks, and prints each failure's reason;
* wall time and CPU time (user + system of this process, plus the workers' for the
  cluster arm, psutil) are both reported; on a shared machine CPU per firm is the steadier
  figure, and the load average at start and end is printed.

Peak memory: resident memory (RSS) of each worker process sampled every 0.1 s during each
measured step (psutil), and ``ru_maxrss`` of the spawned serial process. Wall times
include no cluster start-up (it is printed apart). Ends with
``RESULT unit_time_spread_pct=... peak_worker_mib=...`` (the spread is the larger relative
change of wall ms per firm, serial or cluster, from 50 parks to all) plus CPU spread,
speed-ups and load, and the arithmetic for 16 workers x all parks x 100 scenarios.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from eipgeo import batch, national, parks, settings

SEED = 42


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


class PeakRss:
    """Sample the resident memory of some processes every 0.1 s; keep the largest per pid."""

    def __init__(self, pids: list[int]) -> None:
        import psutil

        self.procs = [psutil.Process(p) for p in pids]
        self.peak = dict.fromkeys(pids, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            for proc in self.procs:
                try:
                    mib = proc.memory_info().rss / 2**20
                except Exception:  # a worker restarting
                    continue
                self.peak[proc.pid] = max(self.peak[proc.pid], mib)
            self._stop.wait(0.1)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def max_mib(self) -> float:
        return max(self.peak.values())


def _worker_pids(client: Any) -> list[int]:
    return list(client.run(os.getpid).values())


def _tasks(subset: list[parks.Park], iterations: int) -> list[batch.BatchTask]:
    return [
        batch.BatchTask(
            p.slug, "national", p, batch.input_hash(p, seed=SEED, iterations=iterations)
        )
        for p in subset
    ]


def _cpu_s() -> float:
    """CPU seconds (user + system, all threads) this process has used."""
    import psutil

    t = psutil.Process().cpu_times()
    return float(t.user + t.system)


def _warm(task: batch.BatchTask, data_dir: str | None, iterations: int) -> str:
    """Warm one process (here or a worker), untimed: imports, the lru-cached trunk graphs
    and coefficient tables, and one park through the job."""
    import gc

    from eipgeo.jobs.sources import trunk_graph

    if data_dir is not None:
        settings.data_dir = data_dir
    trunk = task.park.meta.get("trunk_roads")
    if trunk:
        trunk_graph(str(trunk))
    outcome = batch.run_task(task, data_dir=data_dir, seed=SEED, iterations=iterations)
    gc.collect()
    return outcome.status


def warm_up(client: Any, task: batch.BatchTask, iterations: int) -> None:
    """Warm this process and every worker the same way (untimed)."""
    root = settings.resolve_data_dir()
    data_dir = None if root is None else str(root)
    here = _warm(task, data_dir, iterations)
    there = client.run(_warm, task, data_dir, iterations)
    print(f"warm-up (untimed): {task.key} here={here} workers={sorted(there.values())}", flush=True)


def _collect() -> None:
    import gc

    gc.collect()


def _run_arm(
    tasks: list[batch.BatchTask], iterations: int, client: Any, serial: bool
) -> dict[str, Any]:
    """One timed run in a fresh output folder: wall and CPU seconds, peak RSS, outcomes."""
    _collect()
    client.run(_collect)
    pids = [os.getpid()] if serial else _worker_pids(client)
    address = str(client.scheduler_info()["address"])
    cpu0 = _cpu_s() + (0.0 if serial else sum(client.run(_cpu_s).values()))
    out = Path(tempfile.mkdtemp(prefix="bench_scaling_"))
    try:
        with PeakRss(pids) as rss:
            started = time.perf_counter()
            if serial:
                report = batch.run_batch(tasks, out, serial=True, seed=SEED, iterations=iterations)
            else:
                report = batch.run_batch(
                    tasks, out, scheduler=address, seed=SEED, iterations=iterations
                )
            wall = time.perf_counter() - started
    finally:
        shutil.rmtree(out, ignore_errors=True)
    cpu = _cpu_s() + (0.0 if serial else sum(client.run(_cpu_s).values())) - cpu0
    size = {t.key: len(t.park.enterprises) for t in tasks}
    ok = [o for o in report.outcomes if o.status == "ok"]
    assert all(o.status != "cached" for o in report.outcomes), "fresh folder, nothing cached"
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_mib": rss.max_mib,
        "firms_done": sum(size[o.key] for o in ok),
        "parks_done": len(ok),
        "failed": {o.key: o.reason for o in report.failed},
    }


def parks_axis(
    sizes: list[int | None], iterations: int, every: list[parks.Park], client: Any
) -> list[dict[str, Any]]:
    """Serial then cluster on nested samples; work = firms of the parks that finished."""
    order = np.random.default_rng(SEED).permutation(len(every))
    rows = []
    for size in sizes:
        n = len(every) if size is None else size
        tasks = _tasks([every[i] for i in order[:n]], iterations)
        serial = _run_arm(tasks, iterations, client, serial=True)
        cluster = _run_arm(tasks, iterations, client, serial=False)
        if serial["failed"].keys() != cluster["failed"].keys():
            raise SystemExit(
                f"the arms failed on different parks: serial "
                f"{sorted(serial['failed'])} cluster {sorted(cluster['failed'])}"
            )
        firms = serial["firms_done"]
        row = {
            "parks": n,
            "parks_done": serial["parks_done"],
            "enterprises": firms,
            "serial_s": serial["wall_s"],
            "cluster_s": cluster["wall_s"],
            "serial_cpu_s": serial["cpu_s"],
            "cluster_cpu_s": cluster["cpu_s"],
            "speedup": serial["wall_s"] / cluster["wall_s"],
            "serial_ms_per_firm": 1000 * serial["wall_s"] / firms,
            "cluster_ms_per_firm": 1000 * cluster["wall_s"] / firms,
            "serial_cpu_ms_per_firm": 1000 * serial["cpu_s"] / firms,
            "cluster_cpu_ms_per_firm": 1000 * cluster["cpu_s"] / firms,
            "serial_s_per_park": serial["wall_s"] / serial["parks_done"],
            "failed": serial["failed"],
            "peak_worker_mib": cluster["peak_mib"],
            "serial_rss_mib": serial["peak_mib"],
        }
        rows.append(row)
        print(_fmt_parks(row), flush=True)
        for key, reason in sorted(row["failed"].items()):
            print(f"  failed in both arms: {key}: {reason}", flush=True)
    return rows


def _fmt_parks(r: dict[str, Any]) -> str:
    return (
        f"parks={r['parks']:4d} done={r['parks_done']:4d} firms_done={r['enterprises']:6d}"
        f" wall serial={r['serial_s']:7.1f}s cluster={r['cluster_s']:7.1f}s "
        f"speedup={r['speedup']:.2f}x | ms/firm wall serial={r['serial_ms_per_firm']:.1f} "
        f"cluster={r['cluster_ms_per_firm']:.1f} cpu serial="
        f"{r['serial_cpu_ms_per_firm']:.1f} cluster={r['cluster_cpu_ms_per_firm']:.1f} | "
        f"failed={len(r['failed'])} peak_worker={r['peak_worker_mib']:.0f}MiB "
        f"serial_rss={r['serial_rss_mib']:.0f}MiB"
    )


def _write_table(n_total: int, folder: Path, parts: int) -> float:
    """Write the synthetic national table as ``parts`` GeoParquet files; return seconds."""
    every = national.read_national_parks()
    started = time.perf_counter()
    firms = national.synthetic_enterprises(every, n_total=n_total, seed=SEED)
    gen_s = time.perf_counter() - started
    folder.mkdir(parents=True)
    cols = ["id", "employees", "sector_text", "geometry"]
    for i, chunk in enumerate(np.array_split(np.arange(len(firms)), parts)):
        firms.iloc[chunk][cols].to_parquet(folder / f"part.{i:04d}.parquet")
    return gen_s


def _serial_assign(folder: str) -> tuple[float, float, int]:
    """Spawned process: read the table, geopandas sjoin + groupby; (s, peak MiB, kept)."""
    import geopandas as gpd
    import pandas as pd

    every = national.read_national_parks()
    started = time.perf_counter()
    firms = gpd.GeoDataFrame(
        pd.concat(
            [gpd.read_parquet(p) for p in sorted(Path(folder).glob("*.parquet"))], ignore_index=True
        ),
        crs=4326,
    )
    joined = gpd.sjoin(
        firms[["id", "employees", "geometry"]], every[["slug", "geometry"]], predicate="within"
    )
    joined = joined.sort_values(["id", "slug"]).drop_duplicates("id")
    sums = joined.groupby("slug").agg({"id": "count", "employees": "sum"})
    return time.perf_counter() - started, _maxrss_mib(), int(sums["id"].sum())


def _warm_assign(every: Any, client: Any) -> None:
    """Run the dask-geopandas steps once on 2,000 firms (untimed): imports on the workers."""
    import dask_geopandas

    folder = Path(tempfile.mkdtemp(prefix="bench_warm_")) / "firms"
    try:
        _write_table(2_000, folder, parts=4)
        table = dask_geopandas.read_parquet(str(folder))
        national.aggregate_by_park(national.assign_to_parks(table, every))
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
    client.run(_collect)


def enterprise_axis(sizes: list[int], workers: int, client: Any) -> list[dict[str, Any]]:
    import dask_geopandas
    import psutil

    every = national.read_national_parks()
    ctx = mp.get_context("spawn")
    _warm_assign(every, client)
    rows = []
    for n in sizes:
        folder = Path(tempfile.mkdtemp(prefix="bench_firms_")) / "firms"
        try:
            gen_s = _write_table(n, folder, parts=max(2 * workers, n // 50_000))
            with ctx.Pool(1) as pool:
                serial_s, serial_mib, serial_kept = pool.apply(_serial_assign, (str(folder),))
            client.run(_collect)
            pids = _worker_pids(client)
            idle = max(psutil.Process(p).memory_info().rss / 2**20 for p in pids)
            started = time.perf_counter()
            with PeakRss(pids) as sampled:
                table = dask_geopandas.read_parquet(str(folder))
                agg = national.aggregate_by_park(national.assign_to_parks(table, every))
            cluster_s = time.perf_counter() - started
        finally:
            shutil.rmtree(folder.parent, ignore_errors=True)
        peak = sampled.max_mib
        kept = int(agg["enterprises"].sum())
        rows.append(
            {
                "enterprises": n,
                "generate_s": gen_s,
                "serial_s": serial_s,
                "cluster_s": cluster_s,
                "speedup": serial_s / cluster_s,
                "serial_peak_mib": serial_mib,
                "worker_idle_mib": idle,
                "peak_worker_mib": peak,
                "assigned": kept,
                "agree": kept == serial_kept,
            }
        )
        r = rows[-1]
        print(
            f"enterprises={n:8d} generate={gen_s:6.1f}s read+assign+aggregate serial="
            f"{serial_s:6.1f}s cluster={cluster_s:6.1f}s speedup={r['speedup']:.2f}x "
            f"serial_peak={serial_mib:.0f}MiB worker_peak={peak:.0f}MiB (idle {idle:.0f}) "
            f"assigned={kept} agree={r['agree']}",
            flush=True,
        )
    return rows


def default_iteration_factor(every: list[parks.Park], iterations: int, client: Any) -> float:
    """Serial CPU ratio of the default 1,500 PyVRP iterations to the benchmark's, 10 parks."""
    order = np.random.default_rng(SEED).permutation(len(every))
    sample = [every[i] for i in order[:10]]
    bench = _run_arm(_tasks(sample, iterations), iterations, client, serial=True)
    default = _run_arm(_tasks(sample, 1500), 1500, client, serial=True)
    return float(default["cpu_s"] / bench["cpu_s"])


def projection(
    park_rows: list[dict[str, Any]], factor: float, peak_mib: float, n_parks: int
) -> None:
    """Print what a 16-worker cluster needs for every park x 100 scenarios."""
    last = park_rows[-1]
    per_park = last["serial_cpu_s"] / last["parks_done"]
    per_task = per_park * factor
    tasks = n_parks * 100
    cpu_s = tasks * per_task
    print("\n16-worker cluster, all parks x 100 scenarios (arithmetic):")
    print(
        f"  tasks = {n_parks} parks x 100 scenarios = {tasks:,} (a scenario = one park job; "
        "one with a hub block = two, so double those)"
    )
    print(
        f"  CPU per task = {per_park:.2f} s (serial CPU, {last['parks_done']} parks, "
        f"{last['enterprises']} firms, bench iterations) x {factor:.2f} (default 1,500 "
        f"iterations / bench, 10 parks) = {per_task:.2f} s"
    )
    print(
        f"  CPU total = {tasks:,} x {per_task:.2f} s = {cpu_s:,.0f} s "
        f"= {cpu_s / 3600:.1f} core-hours"
    )
    print(
        f"  wall on 16 workers = {cpu_s:,.0f} / 16 = {cpu_s / 16 / 60:.0f} min at perfect "
        f"scaling; / 0.8 efficiency = {cpu_s / 16 / 0.8 / 60:.0f} min"
    )
    print(f"  memory = 16 x {peak_mib:.0f} MiB peak per worker = {16 * peak_mib / 1024:.1f} GiB")


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--iterations", type=int, default=None, help="PyVRP iterations per park (default 50)"
    )
    args = ap.parse_args()
    iterations = args.iterations or 50
    park_sizes: list[int | None] = [5, 20] if args.quick else [10, 50, None]
    firm_sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]

    from distributed import Client

    load_start = _load()
    every = national.national_parks_with_firms(None, seed=SEED)
    print(
        f"{len(every)} national parks, {sum(len(p.enterprises) for p in every)} synthetic "
        f"firms; PyVRP iterations={iterations}; workers={args.workers}; load average "
        f"(1/5/15 min) {load_start}",
        flush=True,
    )
    started = time.perf_counter()
    cluster = batch.local_cluster(args.workers)
    print(f"LocalCluster start-up: {time.perf_counter() - started:.1f} s (not in the timings)")
    with Client(cluster) as client:  # type: ignore[no-untyped-call]
        firm_rows = enterprise_axis(firm_sizes, args.workers, client)
        warm_up(client, _tasks([every[0]], iterations)[0], iterations)
        park_rows = parks_axis(park_sizes, iterations, every, client)
        factor = 1.0 if args.quick else default_iteration_factor(every, iterations, client)
    cluster.close()
    peak = max(r["peak_worker_mib"] for r in park_rows + firm_rows)
    projection(park_rows, factor, peak, len(every))
    a, b = park_rows[-2], park_rows[-1]
    arms = ("serial_ms_per_firm", "cluster_ms_per_firm")
    spread = max(abs(b[k] - a[k]) / a[k] * 100 for k in arms)
    cpu_spread = max(
        abs(b[k] - a[k]) / a[k] * 100 for k in ("serial_cpu_ms_per_firm", "cluster_cpu_ms_per_firm")
    )
    print(
        f"\nunit time (wall ms per firm) {a['parks']} -> {b['parks']} parks: serial "
        f"{a['serial_ms_per_firm']:.1f} -> {b['serial_ms_per_firm']:.1f}, cluster "
        f"{a['cluster_ms_per_firm']:.1f} -> {b['cluster_ms_per_firm']:.1f}; spread = the "
        f"larger relative change (target <= 25 %); CPU ms per firm: serial "
        f"{a['serial_cpu_ms_per_firm']:.1f} -> {b['serial_cpu_ms_per_firm']:.1f}, cluster "
        f"{a['cluster_cpu_ms_per_firm']:.1f} -> {b['cluster_cpu_ms_per_firm']:.1f}"
    )
    load_end = _load()
    print(
        f"load average (1/5/15 min) at start {load_start}, at end {load_end} "
        f"(2 cores: above ~2 the machine was shared and wall times are inflated)"
    )
    print(
        f"RESULT unit_time_spread_pct={spread:.1f} peak_worker_mib={peak:.0f} "
        f"cpu_unit_time_spread_pct={cpu_spread:.1f} "
        f"speedup_{a['parks']}={a['speedup']:.2f} speedup_{b['parks']}={b['speedup']:.2f} "
        f"speedup_1m_assign={firm_rows[-1]['speedup']:.2f} failed={len(b['failed'])} "
        f"load1_start={load_start.split('/')[0]} load1_end={load_end.split('/')[0]}"
    )


if __name__ == "__main__":
    main()
