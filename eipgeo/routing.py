"""Collection routing: a CVRP core on plain arrays, solved with PyVRP.

The core knows nothing of geography. It takes a square distance matrix in metres
(``inf`` = no road), demands in kg and vehicle types, checks the instance before any
solver runs, and returns routes as lists of site indices. Hazardous waste is planned
apart: :func:`plan_by_class` solves one CVRP per class group, each with the vehicle
types licensed for it, so classes never share a truck.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from eipgeo._errors import InfeasibleError, Problem, UnreachableError


@dataclass(frozen=True)
class VehicleType:
    """A kind of truck in the fleet.

    Attributes
    ----------
    id
        Name shown in outputs.
    capacity_kg
        Payload in kg (> 0).
    num_available
        How many of them.
    allowed_classes
        Waste classes it may carry (``hazardous`` needs a licensed vehicle, Law on
        Environmental Protection 2020 Art. 83).
    fixed_cost_vnd, cost_per_km_vnd
        Costs; 0 when unknown.
    """

    id: str
    capacity_kg: int
    num_available: int = 1
    allowed_classes: tuple[str, ...] = ("ordinary", "controlled", "domestic")
    fixed_cost_vnd: int = 0
    cost_per_km_vnd: int = 0


@dataclass(frozen=True)
class SolverParams:
    """PyVRP controls: the same seed and iterations give the same plan.

    Attributes
    ----------
    seed
        Random seed.
    max_iterations
        Iterations of PyVRP's iterated local search.
    max_seconds
        Optional wall-time cap (makes the result machine-dependent).
    """

    seed: int = 42
    max_iterations: int = 2000
    max_seconds: float | None = None


@dataclass
class Route:
    """One vehicle's trip: start depot, clients in order, end depot (site indices)."""

    vehicle_type: str
    sites: list[int]
    distance_m: int
    load_kg: int


@dataclass
class CollectionPlan:
    """The solved plan for one class group.

    Attributes
    ----------
    routes
        Routes in solver order.
    skipped
        Site indices with nothing to collect (demand 0), listed, not routed.
    distance_m
        Total distance (m) over all routes.
    """

    routes: list[Route] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    distance_m: int = 0
    classes: tuple[str, ...] = ()


def check_instance(
    distance_m: NDArray[np.float64],
    demand_kg: Sequence[float],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    *,
    depot: int = 0,
    end_depot: int | None = None,
) -> list[Problem]:
    """Run the pre-solve checks; return every problem found (empty when solvable).

    Checks: matrix shape and finiteness among the sites to route, each demand at most
    the largest vehicle capacity, non-negative demands, at least one vehicle.
    """
    n = len(site_ids)
    problems: list[Problem] = []
    if distance_m.shape != (n, n):
        problems.append(Problem(f"distance matrix is {distance_m.shape}, expected ({n}, {n})",
                                code="matrix_shape"))
        return problems
    if not vehicle_types:
        problems.append(Problem("no vehicle type can carry this waste; add one to the fleet",
                                code="no_vehicle"))
        return problems
    largest = max(v.capacity_kg for v in vehicle_types)
    for i, (sid, q) in enumerate(zip(site_ids, demand_kg, strict=True)):
        if i in (depot, end_depot):
            continue
        if not np.isfinite(q) or q < 0:
            problems.append(Problem(f"{sid} has demand {q!r} kg; give a number ≥ 0",
                                    code="bad_demand", value=q))
        elif q > largest:
            problems.append(Problem(
                f"{sid} needs {q:,.0f} kg but the largest vehicle holds {largest:,.0f} kg "
                "(needs ≥ 2 visits or a bigger vehicle)", code="demand_over_capacity", value=q))
    active = [i for i, q in enumerate(demand_kg) if q > 0 or i in (depot, end_depot)]
    sub = distance_m[np.ix_(active, active)]
    rows, cols = np.nonzero(~np.isfinite(sub))
    for r, c in zip(rows, cols, strict=True):
        a, b = active[r], active[c]
        if a == end_depot or b == depot:
            continue  # legs that no route uses
        problems.append(Problem(f"{site_ids[a]} → {site_ids[b]}: no road path; the solver "
                                "cannot be given this pair", code="unreachable_pair"))
    return problems


def solve_cvrp(
    distance_m: NDArray[np.float64],
    demand_kg: Sequence[float],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    *,
    depot: int = 0,
    end_depot: int | None = None,
    params: SolverParams | None = None,
) -> CollectionPlan:
    """Solve a capacitated collection (CVRP, pickups) with PyVRP.

    Parameters
    ----------
    distance_m
        Shape ``(n, n)``, metres, rows = from; ``inf`` where no road path exists.
        Rounded to integer metres for the solver.
    demand_kg
        Length ``n``; kg to pick up per site (depots ignored). Sites with 0 are skipped.
    vehicle_types
        The fleet for this waste.
    site_ids
        Length ``n``; names used in messages.
    depot, end_depot
        Index of the garage where routes start, and of the site where they end
        (a disposal site or receiver); ``None`` = back to ``depot``.
    params
        Solver controls (:class:`SolverParams`; defaults when ``None``).

    Returns
    -------
    CollectionPlan

    Raises
    ------
    UnreachableError
        A pair of sites to route has no road path.
    InfeasibleError
        A pre-solve check failed, or PyVRP returned no feasible solution.
    """
    problems = check_instance(distance_m, demand_kg, vehicle_types, site_ids,
                              depot=depot, end_depot=end_depot)
    if problems:
        kind = (UnreachableError if all(p.code == "unreachable_pair" for p in problems)
                else InfeasibleError)
        raise kind("; ".join(p.message for p in problems[:5]), problems)
    clients = [i for i, q in enumerate(demand_kg)
               if i not in (depot, end_depot) and q > 0]
    skipped = [i for i, q in enumerate(demand_kg)
               if i not in (depot, end_depot) and q == 0]
    plan = CollectionPlan(skipped=skipped)
    if not clients:
        return plan
    ends = (depot, end_depot)
    result_routes = _pyvrp_solve(distance_m, demand_kg, vehicle_types, clients, ends,
                                 params or SolverParams(), site_ids)
    plan.routes = result_routes
    plan.distance_m = sum(r.distance_m for r in result_routes)
    return plan


def _pyvrp_solve(
    distance_m: NDArray[np.float64], demand_kg: Sequence[float],
    vehicle_types: Sequence[VehicleType], clients: list[int],
    ends: tuple[int, int | None], params: SolverParams, site_ids: Sequence[str],
) -> list[Route]:
    from pyvrp import Model
    from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion

    depot, end_depot = ends
    model = Model()
    used = [depot] + ([end_depot] if end_depot is not None else []) + clients
    locs = {i: model.add_location(x=0, y=0, name=str(site_ids[i])) for i in used}
    start = model.add_depot(locs[depot], name=str(site_ids[depot]))
    end = model.add_depot(locs[end_depot], name=str(site_ids[end_depot])) \
        if end_depot is not None else start
    client_of = [i for i in clients]
    for i in clients:
        model.add_client(locs[i], pickup=[int(round(demand_kg[i]))], name=str(site_ids[i]))
    for vt in vehicle_types:
        model.add_vehicle_type(
            vt.num_available, capacity=[int(vt.capacity_kg)], start_depot=start, end_depot=end,
            fixed_cost=int(vt.fixed_cost_vnd), name=vt.id,
        )
    for a in used:
        for b in used:
            d = distance_m[a, b]
            model.add_edge(locs[a], locs[b], int(round(d)) if np.isfinite(d) else 10**12)
    stop: StoppingCriterion = MaxIterations(params.max_iterations)
    if params.max_seconds is not None:
        stop = MultipleCriteria([stop, MaxRuntime(params.max_seconds)])
    result = model.solve(stop, seed=params.seed, display=False)
    if not result.is_feasible():
        raise InfeasibleError(
            "PyVRP found no feasible plan: add vehicles or capacity, or relax the limits",
            [Problem("no feasible plan", code="infeasible")])
    routes = []
    for route in result.best.routes():
        visits = [client_of[a.idx] for a in route.schedule() if a.is_client()]
        routes.append(Route(
            vehicle_type=vehicle_types[route.vehicle_type()].id,
            sites=[depot, *visits, end_depot if end_depot is not None else depot],
            distance_m=int(route.distance()),
            load_kg=int(sum(route.pickup())),
        ))
    return routes


def plan_by_class(
    distance_m: NDArray[np.float64],
    demand_kg: NDArray[np.float64],
    classes: Sequence[str],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    *,
    depot: int = 0,
    end_depot: dict[str, int] | None = None,
    params: SolverParams | None = None,
) -> dict[str, CollectionPlan]:
    """Plan hazardous and non-hazardous collection apart, each with its own vehicles.

    Parameters
    ----------
    distance_m
        Shape ``(n, n)`` metres.
    demand_kg
        Shape ``(n, k)``: kg per site (rows) and class (columns, in ``classes`` order).
    classes
        The ``k`` waste classes. ``hazardous`` forms its own group; the others share
        one group (``non_hazardous``) and ride together.
    vehicle_types
        Whole fleet; a type serves a group only if it may carry every class in it.
    end_depot
        Per group (``hazardous`` / ``non_hazardous``), the index of the disposal site
        where its routes end.

    Returns
    -------
    dict
        Group name → :class:`CollectionPlan` (groups with no demand are absent).

    Raises
    ------
    InfeasibleError
        A group has demand but no vehicle type licensed for all its classes, naming
        the clients.
    """
    groups: dict[str, list[int]] = {}
    for k, cls in enumerate(classes):
        groups.setdefault("hazardous" if cls == "hazardous" else "non_hazardous", []).append(k)
    plans = {}
    for group, cols in groups.items():
        demand = demand_kg[:, cols].sum(axis=1)
        if not np.any(demand > 0):
            continue
        group_classes = tuple(classes[k] for k in cols if demand_kg[:, k].sum() > 0)
        fleet = [v for v in vehicle_types if set(group_classes) <= set(v.allowed_classes)]
        if not fleet:
            names = [site_ids[int(i)] for i in np.nonzero(demand > 0)[0]][:5]
            raise InfeasibleError(
                f"{', '.join(names)}: {group} waste ({', '.join(group_classes)}) but no vehicle "
                "type is licensed for it; add one with these allowed_classes",
                [Problem(f"no vehicle for {group}", code="no_vehicle", value=n) for n in names])
        end = (end_depot or {}).get(group)
        plan = solve_cvrp(distance_m, list(demand), fleet, site_ids, depot=depot, end_depot=end,
                          params=params)
        plan.classes = group_classes
        plans[group] = plan
    return plans
