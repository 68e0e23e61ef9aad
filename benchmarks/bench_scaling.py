"""Scaling benchmark: serial against a dask LocalCluster of 2 workers, in the same run.

One command::

    EIPGEO_DATA_DIR=../shared/data .venv/bin/python benchmarks/bench_scaling.py [--quick]

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

Peak memory: resident memory (RSS) of each worker process sampled every 0.1 s during each
measured step (psutil), and ``ru_maxrss`` of the spawned serial process. Wall times
include no cluster start-up (it is printed apart). Ends with
``RESULT unit_time_spread_pct=... peak_worker_mib=...`` plus the cluster speed-ups, and
the arithmetic for 16 workers x all parks x 100 scenarios.
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

from eipgeo import batch, national, parks

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
    return [batch.BatchTask(p.slug, "national", p,
                            batch.input_hash(p, seed=SEED, iterations=iterations))
            for p in subset]


def _timed_batch(tasks: list[batch.BatchTask], iterations: int, **kw: Any) -> tuple[float, int]:
    out = Path(tempfile.mkdtemp(prefix="bench_scaling_"))
    try:
        started = time.perf_counter()
        report = batch.run_batch(tasks, out, seed=SEED, iterations=iterations, **kw)
        return time.perf_counter() - started, len(report.failed)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def parks_axis(sizes: list[int | None], iterations: int, address: str,
               every: list[parks.Park], client: Any) -> list[dict[str, Any]]:
    order = np.random.default_rng(SEED).permutation(len(every))
    rows = []
    for size in sizes:
        n = len(every) if size is None else size
        tasks = _tasks([every[i] for i in order[:n]], iterations)
        firms = sum(len(t.park.enterprises) for t in tasks)
        with PeakRss([os.getpid()]) as mine:
            serial_s, serial_failed = _timed_batch(tasks, iterations, serial=True)
        with PeakRss(_worker_pids(client)) as workers:
            cluster_s, cluster_failed = _timed_batch(tasks, iterations, scheduler=address)
        peak = workers.max_mib
        rows.append({"parks": n, "enterprises": firms, "serial_s": serial_s,
                     "cluster_s": cluster_s, "speedup": serial_s / cluster_s,
                     "serial_ms_per_firm": 1000 * serial_s / firms,
                     "cluster_ms_per_firm": 1000 * cluster_s / firms,
                     "serial_s_per_park": serial_s / n, "cluster_s_per_park": cluster_s / n,
                     "failed": serial_failed + cluster_failed, "peak_worker_mib": peak,
                     "serial_rss_mib": mine.max_mib})
        print(_fmt_parks(rows[-1]), flush=True)
    return rows


def _fmt_parks(r: dict[str, Any]) -> str:
    return (f"parks={r['parks']:4d} firms={r['enterprises']:6d} serial={r['serial_s']:7.1f}s "
            f"cluster={r['cluster_s']:7.1f}s speedup={r['speedup']:.2f}x "
            f"ms/firm serial={r['serial_ms_per_firm']:.1f} cluster={r['cluster_ms_per_firm']:.1f}"
            f" failed={r['failed']} peak_worker={r['peak_worker_mib']:.0f}MiB")


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
    firms = gpd.GeoDataFrame(pd.concat([gpd.read_parquet(p)
                                        for p in sorted(Path(folder).glob("*.parquet"))],
                                       ignore_index=True), crs=4326)
    joined = gpd.sjoin(firms[["id", "employees", "geometry"]], every[["slug", "geometry"]],
                       predicate="within")
    joined = joined.sort_values(["id", "slug"]).drop_duplicates("id")
    sums = joined.groupby("slug").agg({"id": "count", "employees": "sum"})
    return time.perf_counter() - started, _maxrss_mib(), int(sums["id"].sum())


def _collect() -> None:
    import gc

    gc.collect()


def enterprise_axis(sizes: list[int], workers: int, client: Any) -> list[dict[str, Any]]:
    import dask_geopandas
    import psutil

    every = national.read_national_parks()
    ctx = mp.get_context("spawn")
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
        rows.append({"enterprises": n, "generate_s": gen_s, "serial_s": serial_s,
                     "cluster_s": cluster_s, "speedup": serial_s / cluster_s,
                     "serial_peak_mib": serial_mib, "worker_idle_mib": idle,
                     "peak_worker_mib": peak, "assigned": kept, "agree": kept == serial_kept})
        r = rows[-1]
        print(f"enterprises={n:8d} generate={gen_s:6.1f}s read+assign+aggregate serial="
              f"{serial_s:6.1f}s cluster={cluster_s:6.1f}s speedup={r['speedup']:.2f}x "
              f"serial_peak={serial_mib:.0f}MiB worker_peak={peak:.0f}MiB (idle {idle:.0f}) "
              f"assigned={kept} agree={r['agree']}", flush=True)
    return rows


def default_iteration_factor(every: list[parks.Park], iterations: int) -> float:
    """Serial time ratio of the default 1,500 PyVRP iterations to the benchmark's, 5 parks."""
    order = np.random.default_rng(SEED).permutation(len(every))
    tasks_b = _tasks([every[i] for i in order[:5]], iterations)
    tasks_d = _tasks([every[i] for i in order[:5]], 1500)
    bench_s, _ = _timed_batch(tasks_b, iterations, serial=True)
    default_s, _ = _timed_batch(tasks_d, 1500, serial=True)
    return default_s / bench_s


def projection(park_rows: list[dict[str, Any]], factor: float, peak_mib: float,
               n_parks: int) -> None:
    per_park = park_rows[-1]["serial_s_per_park"]
    tasks = n_parks * 100
    cpu_s = tasks * per_park * factor
    print("\n16-worker cluster, all parks x 100 scenarios (arithmetic):")
    print(f"  tasks = {n_parks} parks x 100 scenarios = {tasks:,}")
    print(f"  CPU per task = {per_park:.2f} s (serial, {park_rows[-1]['parks']} parks, bench "
          f"iterations) x {factor:.2f} (default 1,500 iterations) = {per_park * factor:.2f} s")
    print(f"  CPU total = {tasks:,} x {per_park * factor:.2f} s = {cpu_s:,.0f} s "
          f"= {cpu_s / 3600:.1f} core-hours")
    print(f"  wall on 16 workers = {cpu_s:,.0f} / 16 = {cpu_s / 16 / 60:.0f} min at perfect "
          f"scaling; / 0.8 efficiency = {cpu_s / 16 / 0.8 / 60:.0f} min")
    print(f"  memory = 16 x {peak_mib:.0f} MiB peak per worker = {16 * peak_mib / 1024:.1f} GiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--iterations", type=int, default=None,
                    help="PyVRP iterations per park (default 50)")
    args = ap.parse_args()
    iterations = args.iterations or 50
    park_sizes: list[int | None] = [5, 20] if args.quick else [10, 50, None]
    firm_sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]

    from distributed import Client

    every = national.national_parks_with_firms(None, seed=SEED)
    print(f"{len(every)} national parks, {sum(len(p.enterprises) for p in every)} synthetic "
          f"firms; PyVRP iterations={iterations}; workers={args.workers}", flush=True)
    started = time.perf_counter()
    cluster = batch.local_cluster(args.workers)
    print(f"LocalCluster start-up: {time.perf_counter() - started:.1f} s (not in the timings)")
    with Client(cluster) as client:
        firm_rows = enterprise_axis(firm_sizes, args.workers, client)
        park_rows = parks_axis(park_sizes, iterations, cluster.scheduler_address, every,
                               client)
    cluster.close()
    factor = 1.0 if args.quick else default_iteration_factor(every, iterations)
    peak = max(r["peak_worker_mib"] for r in park_rows + firm_rows)
    projection(park_rows, factor, peak, len(every))
    a, b = park_rows[-2], park_rows[-1]
    spread = max(abs(b[k] - a[k]) / a[k] * 100
                 for k in ("serial_ms_per_firm", "cluster_ms_per_firm"))
    print(f"\nunit time (ms per firm) {a['parks']} -> {b['parks']} parks: serial "
          f"{a['serial_ms_per_firm']:.1f} -> {b['serial_ms_per_firm']:.1f}, cluster "
          f"{a['cluster_ms_per_firm']:.1f} -> {b['cluster_ms_per_firm']:.1f}; spread = the "
          f"larger relative change (target <= 25 %)")
    print(f"RESULT unit_time_spread_pct={spread:.1f} peak_worker_mib={peak:.0f} "
          f"speedup_{a['parks']}={a['speedup']:.2f} speedup_{b['parks']}={b['speedup']:.2f} "
          f"speedup_1m_assign={firm_rows[-1]['speedup']:.2f}")


if __name__ == "__main__":
    main()
