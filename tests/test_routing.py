"""The CVRP core on plain arrays (no geography): optimality, checks, classes apart."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eipgeo import routing
from eipgeo._errors import InfeasibleError, UnreachableError
from eipgeo.routing import SolverParams, VehicleType

# Depot 0 and four clients on a line at x = 0, 1, 2, 10, 11 km (symmetric distances in m).
X = np.array([0, 1000, 2000, 10000, 11000], dtype=float)
LINE = np.abs(X[:, None] - X[None, :])
IDS = ["DEPOT", "A", "B", "C", "D"]


def _brute_force(dist: np.ndarray, demand: list[int], capacity: int, vehicles: int) -> float:
    """Optimal CVRP cost by enumerating every assignment of clients to vehicles and order."""
    clients = [i for i in range(1, len(demand)) if demand[i] > 0]
    best = float("inf")
    for labels in itertools.product(range(vehicles), repeat=len(clients)):
        total = 0.0
        for v in range(vehicles):
            members = [c for c, lab in zip(clients, labels, strict=True) if lab == v]
            if sum(demand[c] for c in members) > capacity:
                total = float("inf")
                break
            if members:
                total += min(
                    dist[0, p[0]] + sum(dist[a, b] for a, b in zip(p[:-1], p[1:], strict=True))
                    + dist[p[-1], 0] for p in itertools.permutations(members))
        best = min(best, total)
    return best


def test_tiny_instance_matches_enumeration() -> None:
    """4 clients of 600 kg, trucks of 1,200 kg: the optimum pairs A+B and C+D.

    By enumeration: 0→A→B→0 = 4,000 m and 0→C→D→0 = 22,000 m, total 26,000 m.
    """
    demand = [0, 600, 600, 600, 600]
    expected = _brute_force(LINE, demand, 1200, 3)
    assert expected == 26000
    plan = routing.solve_cvrp(LINE, demand, [VehicleType("t", 1200, 3)], IDS,
                              params=SolverParams(seed=1, max_iterations=300))
    assert plan.distance_m == expected
    assert sorted(sorted(r.sites[1:-1]) for r in plan.routes) == [[1, 2], [3, 4]]


def test_same_seed_same_plan() -> None:
    demand = [0, 300, 500, 700, 200]
    runs = [routing.solve_cvrp(LINE, demand, [VehicleType("t", 1000, 3)], IDS,
                               params=SolverParams(seed=7, max_iterations=200)) for _ in range(2)]
    assert [r.sites for r in runs[0].routes] == [r.sites for r in runs[1].routes]


def _c11(cases: Path) -> tuple[np.ndarray, pd.DataFrame, dict[str, object]]:
    folder = cases / "C11_vrp_demand_over_capacity"
    dist = pd.read_csv(folder / "distance_m.csv", index_col=0)
    pickups = pd.read_csv(folder / "pickups.csv")
    fleet = json.loads((folder / "fleet.json").read_text(encoding="utf-8"))
    return dist, pickups, fleet


def test_c11_demand_over_capacity_stops_before_solving(cases: Path) -> None:
    """C11: E02 needs 12,500 kg; the largest truck holds 10,000 kg → error naming E02."""
    dist, pickups, fleet = _c11(cases)
    ids = list(dist.index)
    demand = [float(pickups.set_index(pickups.columns[0]).iloc[:, -1].get(i, 0)) for i in ids]
    with pytest.raises(InfeasibleError) as info:
        routing.solve_cvrp(dist.to_numpy(dtype=float), demand, [VehicleType("truck", 10000, 2)],
                           ids, depot=ids.index(str(fleet["depot"])))
    assert "E02 needs 12,500 kg but the largest vehicle holds 10,000 kg" in str(info.value)
    assert [p.code for p in info.value.problems] == ["demand_over_capacity"]


def test_c11_single_client_and_zero_demand(cases: Path) -> None:
    """C11 variant: only E01 to collect → DEPOT→E01→DEPOT = 874 m; E03 (0 kg) is skipped."""
    dist, pickups, fleet = _c11(cases)
    ids = list(dist.index)
    kg = pickups.set_index(pickups.columns[0]).iloc[:, -1]
    demand = [float(kg.get(i, 0)) if i in ("E01", "E03") else 0.0 for i in ids]
    plan = routing.solve_cvrp(dist.to_numpy(dtype=float), demand, [VehicleType("t", 10000, 2)],
                              ids, depot=ids.index(str(fleet["depot"])))
    assert plan.distance_m == 874
    assert ids.index("E03") in plan.skipped


def test_unreachable_pair_stops_before_solving() -> None:
    dist = LINE.copy()
    dist[2, 3] = np.inf
    with pytest.raises(UnreachableError, match="B → C: no road path"):
        routing.solve_cvrp(dist, [0, 1, 1, 1, 1], [VehicleType("t", 10)], IDS)


def test_routes_end_at_the_disposal_site() -> None:
    """With end_depot = D (index 4), every route finishes there, not at the garage."""
    plan = routing.solve_cvrp(LINE, [0, 100, 100, 100, 0], [VehicleType("t", 150, 3)], IDS,
                              end_depot=4, params=SolverParams(max_iterations=200))
    assert all(r.sites[0] == 0 and r.sites[-1] == 4 for r in plan.routes)
    # optimal: 0→A→B→D? capacity 150 forces one client per route: (0→A→D)+(0→B→D)+(0→C→D)
    assert plan.distance_m == (1000 + 10000) + (2000 + 9000) + (10000 + 1000)


def test_hazardous_rides_apart_and_needs_a_licence() -> None:
    demand = np.array([[0, 0], [100, 0], [0, 50], [100, 0], [0, 50]], dtype=float)
    classes = ["ordinary", "hazardous"]
    with pytest.raises(InfeasibleError, match="B, D: hazardous waste"):
        routing.plan_by_class(LINE, demand, classes, [VehicleType("c", 1000, 2)], IDS)
    fleet = [VehicleType("c", 1000, 2), VehicleType("h", 500, 1, ("hazardous",))]
    plans = routing.plan_by_class(LINE, demand, classes, fleet, IDS,
                                  params=SolverParams(max_iterations=200))
    haz = {s for r in plans["hazardous"].routes for s in r.sites[1:-1]}
    ordinary = {s for r in plans["non_hazardous"].routes for s in r.sites[1:-1]}
    assert haz == {2, 4} and ordinary == {1, 3}
    assert {r.vehicle_type for r in plans["hazardous"].routes} == {"h"}
