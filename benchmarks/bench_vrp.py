"""Benchmark the routing core against OR-Tools at equal time on CVRPLIB X instances.

One command::

    EIPGEO_DATA_DIR=../shared/data .venv/bin/python benchmarks/bench_vrp.py [--seconds 30]

For each of the 10 X instances of ``CONTRACT.md`` (Uchoa et al. 2017, files and BKS
from ``$EIPGEO_DATA_DIR/cvrplib/X``), both solvers get the same wall time in the same
run: our core (:func:`eipgeo.routing.solve_cvrp`, PyVRP 0.14 underneath) and OR-Tools'
routing library (guided local search, the setting Google recommends for VRPs). Distances
are Euclidean rounded to the nearest integer, as the instances define; gaps are on
these rounded costs, as in the ``.sol`` files: ``gap = 100 (cost - BKS) / BKS``.

Then a few MTVRPTWR instances (multi-trip VRP with time windows, release times and
reload depots; Yang 2023 as packaged in ``cvrplib/MTVRPTWR``) are solved with PyVRP,
the engine of the core, with DIMACS rounding (distances × 10, truncated), which is the
rounding under which their ``.sol`` costs check out.

The last line is ``RESULT mean_gap_pct=<ours> ortools_mean_gap_pct=<OR-Tools> ...``.
OR-Tools is needed only here (``pip install ortools``).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from pathlib import Path

import numpy as np

from eipgeo import settings
from eipgeo.routing.model import SolverParams, VehicleType
from eipgeo.routing.solve import solve_cvrp

X_INSTANCES = [
    "X-n101-k25",
    "X-n120-k6",
    "X-n139-k10",
    "X-n157-k13",
    "X-n176-k26",
    "X-n195-k51",
    "X-n214-k11",
    "X-n233-k16",
    "X-n251-k28",
    "X-n280-k17",
]
MTVRPTWR = ["C201R0.25", "R201R0.5", "RC201R0.75"]


def _bks(sol: Path) -> int:
    match = re.search(r"Cost:?\s*([0-9.]+)", sol.read_text())
    if match is None:
        raise SystemExit(f"{sol}: no 'Cost' line; is this a CVRPLIB .sol file?")
    return int(round(float(match.group(1))))


def _x_instance(path: Path) -> tuple[np.ndarray, list[int], int, int]:
    import vrplib

    inst = vrplib.read_instance(str(path))
    xy = np.asarray(inst["node_coord"], dtype=float)
    dist = np.rint(np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1]))
    k = int(re.search(r"-k(\d+)", path.stem).group(1))  # type: ignore[union-attr]
    return dist, [int(q) for q in inst["demand"]], int(inst["capacity"]), k


def _ours(dist: np.ndarray, demand: list[int], capacity: int, seconds: float) -> int:
    ids = [str(i) for i in range(len(demand))]
    plan = solve_cvrp(
        dist,
        [float(q) for q in demand],
        [VehicleType("x", capacity, len(demand) - 1)],
        ids,
        params=SolverParams(seed=1, max_iterations=10**9, max_seconds=seconds),
    )
    return int(round(plan.distance_m))


def _ortools(
    dist: np.ndarray, demand: list[int], capacity: int, vehicles: int, seconds: float
) -> int | None:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    n = len(demand)
    manager = pywrapcp.RoutingIndexManager(n, vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    d = dist.astype(np.int64).tolist()
    transit = routing.RegisterTransitCallback(
        lambda i, j: d[manager.IndexToNode(i)][manager.IndexToNode(j)]
    )
    routing.SetArcCostEvaluatorOfAllVehicles(transit)
    load = routing.RegisterUnaryTransitCallback(lambda i: demand[manager.IndexToNode(i)])
    routing.AddDimensionWithVehicleCapacity(load, 0, [capacity] * vehicles, True, "load")
    search = pywrapcp.DefaultRoutingSearchParameters()
    search.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    search.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    search.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(search)
    return None if solution is None else int(solution.ObjectiveValue())


def _mtvrptwr(path: Path, seconds: float) -> int:
    from pyvrp import read, solve
    from pyvrp.stop import MaxRuntime

    data = read(path, round_func="dimacs")
    result = solve(data, stop=MaxRuntime(seconds), seed=1, display=False)
    return int(result.cost()) if result.is_feasible() else -1


def _gap(cost: float | None, bks: int) -> float:
    return math.nan if cost is None or cost < 0 else 100 * (cost - bks) / bks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="time per instance, each")
    parser.add_argument(
        "--instances",
        type=int,
        default=len(X_INSTANCES),
        help="use only the first N X instances (quick checks)",
    )
    args = parser.parse_args()
    root = settings.resolve_data_dir()
    if root is None or not (root / "cvrplib" / "X").is_dir():
        raise SystemExit(
            "set EIPGEO_DATA_DIR to a data folder holding cvrplib/X/*.vrp and .sol "
            "and cvrplib/MTVRPTWR (the CVRPLIB X instances of Uchoa et al. 2017 "
            "and Yang's MTVRPTWR instances, e.g. from github PyVRP/Instances; the "
            "project's ../shared/data has them)"
        )
    ours_gaps, ort_gaps = [], []
    print(
        f"{'instance':<12} {'BKS':>7} {'ours':>7} {'gap%':>6} {'ortools':>7} {'gap%':>6} "
        f"{'ratio':>6}   (equal {args.seconds:g} s each)"
    )
    for name in X_INSTANCES[: args.instances]:
        dist, demand, capacity, k = _x_instance(root / "cvrplib/X" / f"{name}.vrp")
        bks = _bks(root / "cvrplib/X" / f"{name}.sol")
        t0 = time.perf_counter()
        ours = _ours(dist, demand, capacity, args.seconds)
        t_ours = time.perf_counter() - t0
        ort = _ortools(dist, demand, capacity, k + max(2, math.ceil(0.2 * k)), args.seconds)
        ours_gaps.append(_gap(ours, bks))
        ort_gaps.append(_gap(ort, bks))
        ratio = (ort / ours) if ort else math.nan
        print(
            f"{name:<12} {bks:>7} {ours:>7} {ours_gaps[-1]:>6.2f} {ort or 'none':>7} "
            f"{ort_gaps[-1]:>6.2f} {ratio:>6.3f}   (ours took {t_ours:.1f} s)",
            flush=True,
        )
    reload_gaps = []
    for name in MTVRPTWR:
        path = root / "cvrplib/MTVRPTWR" / f"{name}.vrp"
        bks = _bks(path.with_suffix(".sol"))
        cost = _mtvrptwr(path, args.seconds)
        reload_gaps.append(_gap(cost, bks))
        print(
            f"{name:<12} {bks:>7} {cost:>7} {reload_gaps[-1]:>6.2f}   (MTVRPTWR, PyVRP)", flush=True
        )
    mean = float(np.nanmean(ours_gaps))
    ort_mean = float(np.nanmean(ort_gaps))
    print(f"mean gap: ours {mean:.2f} %, OR-Tools {ort_mean:.2f} % over {len(ours_gaps)} instances")
    print(
        f"RESULT mean_gap_pct={mean:.3f} ortools_mean_gap_pct={ort_mean:.3f} "
        f"mtvrptwr_mean_gap_pct={float(np.nanmean(reload_gaps)):.3f} "
        f"seconds_per_instance={args.seconds:g} instances={len(ours_gaps)}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
