"""Benchmark: a 500×500 road matrix on a seeded synthetic road graph of ≥ 20,000 nodes.

One command: ``.venv/bin/python benchmarks/bench_matrix.py``. In the same run it times

* eipgeo: ``matrix.node_distances(graph, sources, targets)`` (CSR build with the minimum
  over parallel edges, then chunked ``scipy.sparse.csgraph.dijkstra``);
* raw scipy: one ``dijkstra(csr, indices=sources)`` call on a prebuilt CSR, then the
  target columns (the floor our wrapping is compared with);
* networkx: a per-source ``single_source_dijkstra_path_length`` loop.

Times are CPU seconds of the process (``time.process_time``; the machine is shared, so
wall time is printed too but not used for the ratios), best of 3 for eipgeo and scipy,
run alternately. It checks that the three agree, prints the ratios and peak memory
(tracemalloc, MiB, of the eipgeo call), and ends with ``RESULT speedup_vs_networkx=...
ratio_vs_scipy=...
peak_mib=...``. Targets (issue 5): ≥ 20× faster than networkx, ≤ 1.3× raw scipy.
"""

from __future__ import annotations

import time
import tracemalloc

import networkx as nx
import numpy as np
from scipy.sparse.csgraph import dijkstra

from eipgeo import matrix

SIDE = 150  # 150 × 150 = 22,500 nodes
N_SITES = 500
SEED = 20260


def synthetic_road_graph(side: int = SIDE, seed: int = SEED) -> nx.MultiDiGraph:
    """A jittered grid of two-way streets (100 m blocks), 10 % one-way, 5 % removed, some
    parallel edges; lengths are the Euclidean segment lengths in metres."""
    rng = np.random.default_rng(seed)
    xy = {
        (i, j): (i * 100 + rng.uniform(-20, 20), j * 100 + rng.uniform(-20, 20))
        for i in range(side)
        for j in range(side)
    }
    g = nx.MultiDiGraph(crs="EPSG:4326")
    for k, (i, j) in enumerate(xy):
        g.add_node(k, x=105.0 + xy[i, j][0] / 1e5, y=10.0 + xy[i, j][1] / 1e5)
    index = {p: k for k, p in enumerate(xy)}
    for (i, j), (x, y) in xy.items():
        for di, dj in ((1, 0), (0, 1)):
            q = (i + di, j + dj)
            if q not in xy or rng.random() < 0.05:
                continue
            length = float(np.hypot(xy[q][0] - x, xy[q][1] - y))
            u, v = index[i, j], index[q]
            g.add_edge(u, v, length=length)
            if rng.random() >= 0.10:
                g.add_edge(v, u, length=length)
            if rng.random() < 0.02:
                g.add_edge(u, v, length=length * 1.5)  # a longer parallel road
    return g


def _timed(fn):  # type: ignore[no-untyped-def]
    """Run ``fn`` once; return (CPU seconds of this process, wall seconds, result)."""
    c, w = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - c, time.perf_counter() - w, out


def _best_alternating(fns, repeat: int = 3):  # type: ignore[no-untyped-def]
    """Best-of-``repeat`` CPU and wall times of each function, run in turn (a, b, a, b...)
    so that load from other processes on a shared machine hits both alike."""
    cpu = [float("inf")] * len(fns)
    wall = [float("inf")] * len(fns)
    outs: list[object] = [None] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            c, w, outs[k] = _timed(fn)
            cpu[k], wall[k] = min(cpu[k], c), min(wall[k], w)
    return cpu, wall, outs


def main() -> None:
    graph = synthetic_road_graph()
    rng = np.random.default_rng(SEED + 1)
    nodes = list(graph.nodes)
    picks = rng.choice(len(nodes), size=N_SITES, replace=False)
    sites = [nodes[i] for i in picks]
    print(
        f"graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges; "
        f"{N_SITES}×{N_SITES} matrix"
    )

    csr, order = matrix.csr_from_graph(graph)
    pos = {n: i for i, n in enumerate(order)}
    idx = np.array([pos[s] for s in sites])
    cpu, wall, (ours, raw) = _best_alternating(
        [
            lambda: matrix.node_distances(graph, sites, sites),
            lambda: dijkstra(csr, directed=True, indices=idx)[:, idx],
        ]
    )

    col = {s: k for k, s in enumerate(sites)}

    def networkx_loop() -> np.ndarray:
        ref = np.full((N_SITES, N_SITES), np.inf)
        for r, s in enumerate(sites):
            lengths = nx.single_source_dijkstra_path_length(graph, s, weight="length")
            for target, d in lengths.items():
                if target in col:
                    ref[r, col[target]] = d
        return ref

    nx_cpu, nx_wall, ref = _timed(networkx_loop)
    assert np.allclose(ours, raw) and np.allclose(ours, ref), "results disagree"
    tracemalloc.start()
    matrix.node_distances(graph, sites, sites)
    peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print("times are CPU seconds of this process (wall seconds in brackets), best of 3")
    print(f"eipgeo node_distances: {cpu[0]:.3f} s [{wall[0]:.3f}] (incl. CSR build)")
    print(f"raw scipy dijkstra:    {cpu[1]:.3f} s [{wall[1]:.3f}] (prebuilt CSR)")
    print(f"networkx loop:         {nx_cpu:.3f} s [{nx_wall:.3f}] (one run)")
    print(f"unreachable pairs: {int((~np.isfinite(ours)).sum())}; all three agree")
    print(
        f"RESULT speedup_vs_networkx={nx_cpu / cpu[0]:.1f} ratio_vs_scipy={cpu[0] / cpu[1]:.2f} "
        f"peak_mib={peak_mib:.1f}"
    )


if __name__ == "__main__":
    main()
