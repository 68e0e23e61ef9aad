"""The CVRP core on plain arrays (no geography): optimality, checks, classes apart."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eipgeo._errors import InfeasibleError, UnreachableError
from eipgeo.routing.model import SolverParams, Timing, VehicleType, distance_scale
from eipgeo.routing.solve import plan_by_class, solve_cvrp

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
                    dist[0, p[0]]
                    + sum(dist[a, b] for a, b in zip(p[:-1], p[1:], strict=True))
                    + dist[p[-1], 0]
                    for p in itertools.permutations(members)
                )
        best = min(best, total)
    return best


def test_tiny_instance_matches_enumeration() -> None:
    """4 clients of 600 kg, trucks of 1,200 kg: the optimum pairs A+B and C+D.

    By enumeration: 0→A→B→0 = 4,000 m and 0→C→D→0 = 22,000 m, total 26,000 m.
    """
    demand = [0, 600, 600, 600, 600]
    expected = _brute_force(LINE, demand, 1200, 3)
    assert expected == 26000
    plan = solve_cvrp(
        LINE,
        demand,
        [VehicleType("t", 1200, 3)],
        IDS,
        params=SolverParams(seed=1, max_iterations=300),
    )
    assert plan.distance_m == expected
    assert sorted(sorted(r.sites[1:-1]) for r in plan.routes) == [[1, 2], [3, 4]]


def test_same_seed_same_plan() -> None:
    demand = [0, 300, 500, 700, 200]
    runs = [
        solve_cvrp(
            LINE,
            demand,
            [VehicleType("t", 1000, 3)],
            IDS,
            params=SolverParams(seed=7, max_iterations=200),
        )
        for _ in range(2)
    ]
    assert [r.sites for r in runs[0].routes] == [r.sites for r in runs[1].routes]


OVER = Path(__file__).resolve().parent / "data" / "cases" / "demand_over_capacity"


def _over() -> tuple[pd.DataFrame, pd.DataFrame, list[VehicleType], str]:
    dist = pd.read_csv(OVER / "distance_m.csv", index_col=0)
    pickups = pd.read_csv(OVER / "pickups.csv")
    fleet = json.loads((OVER / "fleet.json").read_text(encoding="utf-8"))
    types = [VehicleType(v["id"], v["capacity_kg"], 1) for v in fleet["vehicles"]]
    return dist, pickups, types, str(fleet["depot"])


def test_demand_over_capacity_stops_before_solving() -> None:
    """demand_over_capacity: K3 needs 9,400 kg; the larger truck (X2) holds 8,000 kg →
    error naming K3."""
    dist, pickups, types, depot = _over()
    ids = list(dist.index)
    demand = [float(pickups.set_index(pickups.columns[0]).iloc[:, -1].get(i, 0)) for i in ids]
    with pytest.raises(InfeasibleError) as info:
        solve_cvrp(dist.to_numpy(dtype=float), demand, types, ids, depot=ids.index(depot))
    assert (
        "K3 needs 9,400 kg in one visit but the largest vehicle that may carry it, 'X2', "
        "holds 8,000 kg" in str(info.value)
    )
    assert [p.code for p in info.value.problems] == ["demand_over_capacity"]


def test_single_client_and_zero_demand() -> None:
    """demand_over_capacity variant: only K1 to collect → BASE→K1→BASE = 512 + 512 =
    1,024 m; K2 (0 kg) is skipped."""
    dist, pickups, types, depot = _over()
    ids = list(dist.index)
    kg = pickups.set_index(pickups.columns[0]).iloc[:, -1]
    demand = [float(kg.get(i, 0)) if i in ("K1", "K2") else 0.0 for i in ids]
    plan = solve_cvrp(dist.to_numpy(dtype=float), demand, types, ids, depot=ids.index(depot))
    assert plan.distance_m == 1024
    assert ids.index("K2") in plan.skipped


def test_unreachable_pair_stops_before_solving() -> None:
    dist = LINE.copy()
    dist[2, 3] = np.inf
    with pytest.raises(UnreachableError, match="B → C: no road path"):
        solve_cvrp(dist, [0, 1, 1, 1, 1], [VehicleType("t", 10)], IDS)


def test_routes_end_at_the_disposal_site() -> None:
    """With end_depot = D (index 4), every route finishes there, not at the garage."""
    plan = solve_cvrp(
        LINE,
        [0, 100, 100, 100, 0],
        [VehicleType("t", 150, 3)],
        IDS,
        end_depot=4,
        params=SolverParams(max_iterations=200),
    )
    assert all(r.sites[0] == 0 and r.sites[-1] == 4 for r in plan.routes)
    # optimal: 0→A→B→D? capacity 150 forces one client per route: (0→A→D)+(0→B→D)+(0→C→D)
    assert plan.distance_m == (1000 + 10000) + (2000 + 9000) + (10000 + 1000)


def test_hazardous_rides_apart_and_needs_a_licence() -> None:
    demand = np.array([[0, 0], [100, 0], [0, 50], [100, 0], [0, 50]], dtype=float)
    classes = ["ordinary", "hazardous"]
    with pytest.raises(InfeasibleError, match="B, D: hazardous waste"):
        plan_by_class(LINE, demand, classes, [VehicleType("c", 1000, 2)], IDS)
    fleet = [VehicleType("c", 1000, 2), VehicleType("h", 500, 1, ("hazardous",))]
    plans = plan_by_class(
        LINE, demand, classes, fleet, IDS, params=SolverParams(max_iterations=200)
    )
    haz = {s for r in plans["hazardous"].routes for s in r.sites[1:-1]}
    ordinary = {s for r in plans["non_hazardous"].routes for s in r.sites[1:-1]}
    assert haz == {2, 4} and ordinary == {1, 3}
    assert {r.vehicle_type for r in plans["hazardous"].routes} == {"h"}


def test_controlled_codes_ride_with_hazardous_waste() -> None:
    """KS (controlled) waste is hazardous until tested, so only licensed trucks take it.

    Same line as above: B and D have controlled waste, A and C ordinary. The default
    compactor may not carry ``controlled``; the licensed truck may.
    """
    demand = np.array([[0, 0], [100, 0], [0, 50], [100, 0], [0, 50]], dtype=float)
    classes = ["ordinary", "controlled"]
    with pytest.raises(InfeasibleError, match="B, D"):
        plan_by_class(LINE, demand, classes, [VehicleType("c", 1000, 2)], IDS)
    fleet = [VehicleType("c", 1000, 2), VehicleType("h", 500, 1, ("hazardous", "controlled"))]
    plans = plan_by_class(
        LINE, demand, classes, fleet, IDS, params=SolverParams(max_iterations=200)
    )
    assert {s for r in plans["hazardous"].routes for s in r.sites[1:-1]} == {2, 4}
    assert {r.vehicle_type for r in plans["hazardous"].routes} == {"h"}


# Garage G at 0 km, clients A (1 km) and B (2 km), disposal site at 10 km (index 3).
MULTI = dict(depot=0, end_depot=3, reload=[3], garage_return=True)


def test_reload_trips_and_last_unload_before_the_garage() -> None:
    """One 100 kg truck, A and B 100 kg each: two trips in one shift.

    By hand: G→A→D→B→D→G = 1 + 9 + 8 + 8 + 10 = 36 km; the other order
    G→B→D→A→D→G = 2 + 8 + 9 + 9 + 10 = 38 km. At 10 m/s with 600 s per unload:
    3,600 s driving + 2 × 600 s = 4,800 s.
    """
    timing = Timing(duration_s=LINE / 10, unload_s=600)
    plan = solve_cvrp(
        LINE,
        [0, 100, 100, 0, 0],
        [VehicleType("t", 100, 1)],
        IDS,
        timing=timing,
        params=SolverParams(max_iterations=300),
        **MULTI,
    )
    (route,) = plan.routes
    assert route.sites == [0, 1, 3, 2, 3, 0]
    assert [v.kind for v in route.visits] == [
        "start",
        "pickup",
        "unload",
        "pickup",
        "end",
        "garage",
    ]
    assert route.trips == 2 and plan.distance_m == 36000
    assert route.duration_s == 4800
    assert [v.load_kg for v in route.visits] == [0, 100, 0, 100, 0, 0]


def test_shift_too_short_is_infeasible_and_exact_shift_fits() -> None:
    """The plan above needs 4,800 s: a 4,799 s shift cannot hold it, 4,800 s can."""
    timing = Timing(duration_s=LINE / 10, unload_s=600)
    for shift, ok in [(4799, False), (4800, True)]:
        fleet = [VehicleType("t", 100, 1, shift_duration_s=shift)]
        if ok:
            plan = solve_cvrp(
                LINE,
                [0, 100, 100, 0, 0],
                fleet,
                IDS,
                timing=timing,
                params=SolverParams(max_iterations=300),
                **MULTI,
            )
            assert plan.distance_m == 36000
        else:
            with pytest.raises(InfeasibleError, match="no feasible plan"):
                solve_cvrp(
                    LINE,
                    [0, 100, 100, 0, 0],
                    fleet,
                    IDS,
                    timing=timing,
                    params=SolverParams(max_iterations=300),
                    **MULTI,
                )


def test_gate_window_forces_the_longer_order() -> None:
    """B's gate closes at 1,000 s: B must come first (arrival 200 s), so 38 km, not 36."""
    windows = [(0, 10**6), (0, 10**6), (0, 1000), (0, 10**6), (0, 10**6)]
    timing = Timing(duration_s=LINE / 10, windows_s=windows, unload_s=600)
    plan = solve_cvrp(
        LINE,
        [0, 100, 100, 0, 0],
        [VehicleType("t", 100, 1)],
        IDS,
        timing=timing,
        params=SolverParams(max_iterations=300),
        **MULTI,
    )
    assert plan.routes[0].sites == [0, 2, 3, 1, 3, 0] and plan.distance_m == 38000
    assert plan.routes[0].visits[1].arrival_s <= 1000


def test_sub_metre_distances_are_scaled_not_truncated() -> None:
    """The line shrunk 10,000×: 0.1 m steps would round to 0; scale 10 keeps them.

    The optimum keeps its shape (A+B, C+D) and its length 26,000 / 10,000 = 2.6 m.
    """
    tiny = LINE / 10000
    assert distance_scale(tiny) == 10
    assert distance_scale(LINE) == 1
    plan = solve_cvrp(
        tiny,
        [0, 600, 600, 600, 600],
        [VehicleType("t", 1200, 3)],
        IDS,
        params=SolverParams(seed=1, max_iterations=300),
    )
    assert plan.distance_m == pytest.approx(2.6)
    assert sorted(sorted(r.sites[1:-1]) for r in plan.routes) == [[1, 2], [3, 4]]


def test_route_with_stops_but_zero_length_is_an_error() -> None:
    """Every site at one point: a route with pickups and 0 m is refused, naming the sites."""
    with pytest.raises(InfeasibleError, match="A, B: a route with stops has length 0 m"):
        solve_cvrp(np.zeros((3, 3)), [0, 5, 5], [VehicleType("t", 100)], ["G", "A", "B"])


def test_single_client_with_disposal_and_return() -> None:
    """Only C (10 km) to collect, disposal D at 11 km: G→C→D→G = 10 + 1 + 11 = 22 km."""
    plan = solve_cvrp(
        LINE,
        [0, 0, 0, 50, 0],
        [VehicleType("t", 100)],
        IDS,
        depot=0,
        end_depot=4,
        reload=[4],
        garage_return=True,
    )
    assert [r.sites for r in plan.routes] == [[0, 3, 4, 0]] and plan.distance_m == 22000
    assert plan.skipped == [1, 2]
