"""Benchmark: the layout app's recompute after one tenant move, on a 100-tenant park.

A synthetic park (seeded): Amata City Ha Long's boundary (bundled with 0 tenants) with
100 tenants at random points inside it (10 manufacturing ISIC classes, 20-300 workers),
given to a scenario as its ``enterprises`` file, with a fleet of 10 compactors (10 t) and
3 licensed hazardous-waste trucks (5 t). A :class:`eipgeo.serve.session.ReviewSession`
runs the baseline once (the full runner: waste, routing, symbiosis, indicators), timed
as the baseline; then each repeat moves one tenant to another point of the park through
:meth:`~eipgeo.serve.session.ReviewSession.apply`, exactly as the page's drag does, and
is timed. It prints each recompute with the seconds of the park job's stages (reading
park, waste and streets; network matrix; routing, i.e. PyVRP and the plan checker;
symbiosis) and of the rest, the median and its ratio to the baseline run, and ends with
``RESULT recompute_s_100=<median seconds>`` (target: ≤ 2 s, issue 24).

Reads only the data bundled with eipgeo; writes only to a temporary folder.

    python benchmarks/bench_serve.py [--tenants 100] [--repeats 3] [--iterations 1500]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from eipgeo import parks
from eipgeo._progress import Reporter, reporting
from eipgeo.serve.session import ReviewSession

SEED = 24
PARK = "amata-halong"
FLEET = """fleet:
  note: synthetic benchmark fleet
  vehicles:
    - {id: compactor-10t, capacity_kg: 10000, num_available: 10}
    - {id: hazmat-5t, capacity_kg: 5000, num_available: 3, allowed_classes: [hazardous, controlled]}
"""
SECTORS = ["2220", "2610", "2511", "1709", "2013", "1410", "2930", "1079", "2599", "3100"]


def _points_in_park(n: int, rng: np.random.Generator) -> list[tuple[float, float]]:
    """``n`` seeded (lat, lon) points at least 50 m inside the park boundary."""
    park = parks.load_park(PARK)
    boundary = parks.read_boundary(park).to_crs(park.epsg)
    area = boundary.geometry.union_all().buffer(-50)
    minx, miny, maxx, maxy = area.bounds
    found: list[Point] = []
    while len(found) < n:
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if area.contains(p):
            found.append(p)
    pts = gpd.GeoSeries(found, crs=park.epsg).to_crs(4326)
    return [(round(float(q.y), 6), round(float(q.x), 6)) for q in pts]


def write_synthetic(folder: Path, n: int, iterations: int) -> Path:
    """Write the synthetic tenants and their scenario file; return the scenario's path."""
    rng = np.random.default_rng(SEED)
    points = _points_in_park(n, rng)
    frame = pd.DataFrame(
        {
            "id": [f"SYN-{i:03d}" for i in range(1, n + 1)],
            "name": [f"Synthetic tenant {i}" for i in range(1, n + 1)],
            "isic4_class": rng.choice(SECTORS, size=n),
            "employees": rng.integers(20, 300, size=n),
            "lat": [p[0] for p in points],
            "lon": [p[1] for p in points],
        }
    )
    frame.to_csv(folder / "tenants.csv", index=False)
    scenario = folder / "synthetic.yaml"
    scenario.write_text(
        f"name: synthetic-{n}\npark: {PARK}\nseed: {SEED}\niterations: {iterations}\n"
        "enterprises: tenants.csv\n" + FLEET,
        encoding="utf-8",
    )
    return scenario


def _stages(reporter: Reporter, total_s: float) -> str:
    """The park job's stages (s) and the rest of the recompute (checks, tables, state)."""
    inner = [r for r in reporter.records if r.depth == 1]  # inside "park job"
    rest = total_s - sum(r.seconds for r in inner)
    return ", ".join([*(f"{r.name} {r.seconds:.2f}" for r in inner), f"rest {rest:.2f}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=1500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scenario = write_synthetic(Path(tmp), args.tenants, args.iterations)
        started = time.perf_counter()
        session = ReviewSession(scenario)
        baseline_s = time.perf_counter() - started
        state = session.state()
        tenants = state["layers"]["tenants"]
        print(
            f"park={PARK} tenants={len(tenants)} iterations={args.iterations} "
            f"baseline_run_s={baseline_s:.2f} (session start: the full runner once)"
        )
        rng = np.random.default_rng(SEED + 1)
        times = []
        for i in range(args.repeats):
            moved, target = rng.choice(len(tenants), size=2, replace=False)
            to = tenants[int(target)]
            change = {
                "action": "move",
                "id": tenants[int(moved)]["id"],
                "lat": to["lat"] + 0.0005,
                "lon": to["lon"] + 0.0005,
            }
            with reporting("bench move", quiet=True) as reporter:
                t0 = time.perf_counter()
                after = session.apply(change)
                times.append(time.perf_counter() - t0)
            print(
                f"move {i + 1}: {change['id']} -> near {to['id']}: {times[-1]:.2f} s, "
                f"route km/day {after['figures']['route_km.total']:.1f} "
                f"(delta {after['deltas']['route_km.total']:+.1f}); {_stages(reporter, times[-1])}"
            )
    median = statistics.median(times)
    print(
        f"recompute median {median:.2f} s = {median / baseline_s:.2f} x the baseline run "
        f"({baseline_s:.2f} s); target <= 2 s"
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"load average (1, 5, 15 min): {load} on {os.cpu_count()} cores; wall times are only "
        "comparable on an otherwise idle machine"
    )
    print(f"RESULT recompute_s_100={median:.2f}")


if __name__ == "__main__":
    main()
