"""Benchmark eipgeo's waste-collection routing on the Kim, Kim & Sahoo (2006) VRPTW instances.

One command::

    EIPGEO_DATA_DIR=../shared/data .venv/bin/python benchmarks/bench_wcvrptw.py \
        [--seconds 60] [--out DIR]

Reads the 10 instances of ``$EIPGEO_DATA_DIR/wcvrptw`` (default ``../shared/data``) under
the rules of their ``benchmark.html``:

* header: vehicle capacity (yd³), route capacity per day (yd³), most regular stops per
  route, lunch length (s, to start between 11:00 and 12:00), speed (mph);
* stop lines: id, x and y (ft), earliest and latest start of service (HHMM), service
  (s), load (yd³), type (0 depot, 1 client, 2 disposal site);
* Manhattan distance in feet, travel time at the header's speed: 0 → 1 in 102 is
  15387 ft = 2.914 mi = 262.3 s at 40 mph (checked at start-up);
* HHMM with no leading zero (``600``) is read as 06:00; minutes ≥ 60 (``875``,
  ``1675``, in 1932 and 2100) are read as minutes past the hour (08:75 = 09:15), as
  HH × 3600 + MM × 60 gives; no source says otherwise.

Each instance is solved by :func:`eipgeo.routing.wc.solve_wc` within ``--seconds`` of
wall time (model building included), then checked by
:func:`eipgeo.routing.check.check_solution` (independent of the solver) and written as
``DIR/<instance>.json`` (``stops`` = the instance's stop ids from and back to the
depot with every disposal visit; ``break_after`` = index in ``stops`` after whose
service the lunch starts, ``null`` when the route is home before 11:00).

The table compares vehicles and miles with ``published_results.csv``: Kim et al.'s two
algorithms (Table 3, with simulated annealing), Benjamin & Beasley's best and Buhrkal
et al.'s best of 10 runs. The best published distance is the smallest of these single
solutions (Buhrkal's averages are left out). A Kim row with fewer vehicles than the
route capacity allows (``vehicles × route capacity < total load``; 102 and 335 of
Alg 1) is impossible, and is left out of "Kim's best" and of the best published.
The last line is::

    RESULT feasible=<n of 10> mean_gap_best_pct=<mean of 100 (ours - best) / best>
           beats_kim=<instances with distance ≤ Kim's best and no more vehicles>
           vehicles_over_best=<sum of ours - vehicles of the best published solution>
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eipgeo import settings
from eipgeo._errors import InfeasibleError
from eipgeo.routing.check import (
    BreakRule,
    Instance,
    Location,
    Solution,
    check_solution,
    solution_distance_m,
)
from eipgeo.routing.wc import WcParams, solve_wc

INSTANCES = [
    "102_stop",
    "277_stop",
    "335_stop",
    "444_stop",
    "804_stop",
    "1051_stop",
    "1351_stop",
    "1599_stop",
    "1932_stop",
    "2100_stop",
]
FT_M = 0.3048
MI_M = 1609.344
KINDS = {0: "depot", 1: "client", 2: "disposal"}
KIM = {"Alg1 extended insertion + SA": "kim1", "Alg2 clustering-based + SA": "kim2"}


def hhmm_s(text: str) -> float:
    """Return seconds from midnight for an HHMM value (``600`` = 06:00, ``875`` = 09:15)."""
    value = int(round(float(text)))
    return float((value // 100) * 3600 + (value % 100) * 60)


def read_instance(path: Path) -> Instance:
    """Read one ``*_stop.txt`` file as a :class:`eipgeo.routing.check.Instance`."""
    lines = path.read_text(errors="replace").splitlines()
    header = [float(line.split()[0]) for line in lines[:5]]
    vehicle_yd3, route_yd3, max_stops, lunch_s, speed_mph = header
    rows = [line.split() for line in lines[6:]]
    rows = [r for r in rows if len(r) >= 8]
    locations = []
    for r in rows:
        kind = KINDS[int(r[7])]
        locations.append(
            Location(
                r[0],
                kind,
                demand=float(r[6]) if kind == "client" else 0.0,
                service_s=float(r[5]),
                tw_open_s=min(hhmm_s(r[3]), 86400.0),
                tw_close_s=min(hhmm_s(r[4]), 86400.0),
            )
        )
    xy_ft = np.array([[float(r[1]), float(r[2])] for r in rows])
    manhattan_ft = np.abs(xy_ft[:, None, 0] - xy_ft[None, :, 0]) + np.abs(
        xy_ft[:, None, 1] - xy_ft[None, :, 1]
    )
    duration_s = manhattan_ft / 5280.0 / speed_mph * 3600.0
    return Instance(
        tuple(locations),
        manhattan_ft * FT_M,
        duration_s,
        vehicle_yd3,
        route_capacity=route_yd3,
        max_stops=int(max_stops),
        break_rule=BreakRule(lunch_s, 11 * 3600.0, 12 * 3600.0),
        load_unit="yd3",
        name=path.stem,
    )


def _check_worked_example(inst: Instance) -> None:
    """benchmark.html: 0 → 1 in 102 is 15387 ft = 2.914 mi, 262.3 s at 40 mph."""
    feet = inst.distance_m[0, 1] / FT_M
    miles = inst.distance_m[0, 1] / MI_M
    if round(feet) != 15387 or round(miles, 3) != 2.914 or round(inst.duration_s[0, 1], 1) != 262.3:
        raise SystemExit(
            f"reader disagrees with benchmark.html's worked example: {feet:.0f} ft, "
            f"{miles:.3f} mi, {inst.duration_s[0, 1]:.1f} s"
        )


@dataclass
class Published:
    """Vehicles and miles of one published solution."""

    vehicles: int
    distance_mi: float
    label: str


def read_published(path: Path) -> dict[str, list[tuple[str, Published]]]:
    """Per instance, the comparable rows as (kim1 | kim2 | bb | buhrkal, solution)."""
    out: dict[str, list[tuple[str, Published]]] = {}
    with path.open(newline="") as fh:
        for row in csv.DictReader(fh):
            name, source, method = row["instance"], row["source"], row["method"]
            pub = Published(int(row["vehicles"]), float(row["distance_mi"]), f"{source}: {method}")
            key = (
                KIM.get(method)
                if source == "Kim2006"
                else "bb"
                if source == "BenjaminBeasley2010"
                else "buhrkal"
                if source == "Buhrkal2012" and "best of 10" in method
                else None
            )
            if key is not None:
                out.setdefault(name, []).append((key, pub))
    return out


def best_published(rows: list[tuple[str, Published]], bound: int) -> dict[str, Published]:
    """Shortest per source, Kim's best (rows not below the vehicle bound) and the best."""
    slots: dict[str, Published] = {}
    for key, pub in rows:
        keys = [key]
        if not key.startswith("kim"):
            keys.append("best")
        elif pub.vehicles >= bound:
            keys += ["kim_best", "best"]
        for k in keys:
            if k not in slots or pub.distance_mi < slots[k].distance_mi:
                slots[k] = pub
    return slots


def vehicle_bound(inst: Instance) -> int:
    """ceil(total load / route capacity): fewer vehicles cannot carry the day."""
    total = sum(loc.demand for loc in inst.locations if loc.kind == "client")
    return math.ceil(total / inst.route_capacity - 1e-9)


def write_solution(path: Path, inst: Instance, solution: Solution) -> None:
    """Write the CONTRACT's JSON: instance stop ids per route and the break position."""

    def stop_id(i: int) -> int | str:
        text = inst.locations[i].id
        return int(text) if text.lstrip("-").isdigit() else text

    routes = [
        json.dumps({"stops": [stop_id(i) for i in r.stops], "break_after": r.break_after})
        for r in solution.routes
    ]
    head = json.dumps(
        {
            "instance": inst.name,
            "vehicles": len(solution.routes),
            "distance_mi": round(solution_distance_m(inst, solution) / MI_M, 3),
        }
    )
    path.write_text(head[:-1] + ', "routes": [\n  ' + ",\n  ".join(routes) + "\n]}\n")


def _cell(p: Published | None) -> str:
    return f"{'-':>3} {'-':>7}" if p is None else f"{p.vehicles:>3} {p.distance_mi:>7.1f}"


def _data_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    root = settings.resolve_data_dir()
    if root is not None and (root / "wcvrptw").is_dir():
        return root / "wcvrptw"
    fallback = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wcvrptw"
    if fallback.is_dir():
        return fallback
    raise SystemExit(
        "set EIPGEO_DATA_DIR to a folder holding wcvrptw/*_stop.txt and "
        "published_results.csv (the project's ../shared/data has them), or "
        "give --data DIR"
    )


def main() -> None:  # noqa: PLR0915 - one table loop
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="wall time per instance, s (default 60)"
    )
    parser.add_argument("--out", default=None, help="write <instance>.json solutions here")
    parser.add_argument("--data", default=None, help="folder of the instances (wcvrptw)")
    parser.add_argument(
        "--instances", nargs="*", default=INSTANCES, help="only these (e.g. 102_stop 277_stop)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--vehicle-cost-mi",
        type=float,
        default=0.0,
        help="fixed cost of a vehicle in miles of driving (0 = distance only)",
    )
    args = parser.parse_args()
    folder = _data_dir(args.data)
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    _check_worked_example(read_instance(folder / "102_stop.txt"))
    published = read_published(folder / "published_results.csv")
    params = WcParams(
        max_seconds=args.seconds, seed=args.seed, vehicle_cost_m=args.vehicle_cost_mi * MI_M
    )
    print(
        f"{'instance':<10} {'ours':>11}  {'Kim Alg1':>11} {'Kim Alg2':>11} {'B&B best':>11} "
        f"{'Buhrkal':>11}  {'gap%':>6} {'Kim?':>4} {'s':>5}   (veh  mi; {args.seconds:g} s each)"
    )
    feasible, gaps, beats, over = 0, [], 0, 0
    for name in args.instances:
        inst = read_instance(folder / f"{name}.txt")
        pub = best_published(published.get(name, []), vehicle_bound(inst))
        t0 = time.perf_counter()
        try:
            solution = solve_wc(inst, params)
        except InfeasibleError as exc:
            print(f"{name:<10} failed: {exc}", flush=True)
            gaps.append(math.nan)
            continue
        wall = time.perf_counter() - t0
        violations = check_solution(inst, solution)
        ok = not violations
        feasible += ok
        miles = solution_distance_m(inst, solution) / MI_M
        vehicles = len(solution.routes)
        best, kim = pub.get("best"), pub.get("kim_best")
        gap = 100 * (miles - best.distance_mi) / best.distance_mi if best and ok else math.nan
        gaps.append(gap)
        beat = bool(ok and kim and miles <= kim.distance_mi + 1e-9 and vehicles <= kim.vehicles)
        beats += beat
        over += vehicles - best.vehicles if best else 0
        if out is not None:
            write_solution(out / f"{name}.json", inst, solution)
        flag = "" if ok else f"  INFEASIBLE: {violations[0].message}"
        print(
            f"{name:<10} {vehicles:>3} {miles:>7.1f}  {_cell(pub.get('kim1'))} "
            f"{_cell(pub.get('kim2'))} {_cell(pub.get('bb'))} {_cell(pub.get('buhrkal'))}  "
            f"{gap:>6.2f} {'yes' if beat else 'no':>4} {wall:>5.1f}{flag}",
            flush=True,
        )
    mean_gap = float(np.nanmean(gaps)) if any(not math.isnan(g) for g in gaps) else math.nan
    print(
        "gap% = 100 (ours - best published) / best published; Kim? = distance ≤ Kim's best "
        "(valid rows) with no more vehicles"
    )
    print(
        f"RESULT feasible={feasible} mean_gap_best_pct={mean_gap:.3f} beats_kim={beats} "
        f"vehicles_over_best={over} seconds_per_instance={args.seconds:g} "
        f"instances={len(args.instances)}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
