"""The routing core: a capacitated pickup VRP on plain arrays, checked, then solved with PyVRP.

The core knows nothing of geography. It takes a square distance matrix in metres
(``inf`` = no road), optionally a duration matrix in seconds, pickups in kg and vehicle
types, checks the instance before any solver runs, and returns routes as lists of
site indices with their schedule and loads.

What it models (PyVRP 0.14 primitives):

* a garage (start depot) and an end depot, normally a disposal site; the disposal →
  garage leg is added after the last unload (``garage_return``);
* disposal or transfer sites as *reload depots* with an unload time, so one shift runs
  several trips;
* shift duration per vehicle type, gate time windows per site;
* hazardous waste planned apart (:func:`plan_by_class`), each class group with the
  vehicle types licensed for it.

Distances are made integer for the solver after scaling by a power of ten chosen so
that no positive distance rounds to 0 (:func:`eipgeo.routing.model.distance_scale`);
reported distances are
summed from the float matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from eipgeo._errors import InfeasibleError, Problem, UnreachableError
from eipgeo.routing import _pyvrp
from eipgeo.routing.model import (
    HAZARDOUS_GROUP,
    CollectionPlan,
    Ends,
    SolverParams,
    Timing,
    VehicleType,
)


def check_instance(
    distance_m: NDArray[np.float64],
    demand_kg: Sequence[float],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    *,
    depot: int = 0,
    end_depot: int | None = None,
    reload: Sequence[int] = (),
) -> list[Problem]:
    """Run the pre-solve checks; return every problem found (empty when solvable).

    Checks: matrix shape and finiteness among the sites to route, each demand at most
    the largest vehicle capacity, non-negative demands, at least one vehicle.

    Parameters
    ----------
    distance_m
        Shape ``(n, n)``, m, rows = from; ``inf`` where no road path exists. Only pairs
        among the depots and the sites with demand > 0 must be finite (not the legs no
        route uses: clients to the garage when routes end at ``end_depot``).
    demand_kg
        Length ``n``; kg to pick up per site (depot, end depot and reload sites not
        checked).
    vehicle_types
        The fleet for this waste; their largest ``capacity_kg`` (kg) bounds each demand.
    site_ids
        Length ``n``; names used in messages.
    depot, end_depot
        Index of the garage where routes start (default 0), and of the site where the
        last trip unloads; ``None`` (default) = back to ``depot``.
    reload
        Indices of disposal sites where trucks may unload between trips; default none.

    Returns
    -------
    list of Problem
        ``matrix_shape`` or ``no_vehicle`` alone (nothing else is checked then); else
        ``bad_demand``, ``demand_over_capacity`` and ``unreachable_pair`` errors.
    """
    n = len(site_ids)
    problems: list[Problem] = []
    if distance_m.shape != (n, n):
        problems.append(
            Problem(
                f"distance matrix is {distance_m.shape}, expected ({n}, {n})", code="matrix_shape"
            )
        )
        return problems
    if not vehicle_types:
        problems.append(
            Problem("no vehicle type can carry this waste; add one to the fleet", code="no_vehicle")
        )
        return problems
    fixed = {depot, *reload} | ({end_depot} if end_depot is not None else set())
    largest = max(v.capacity_kg for v in vehicle_types)
    for i, (sid, q) in enumerate(zip(site_ids, demand_kg, strict=True)):
        if i in fixed:
            continue
        if not np.isfinite(q) or q < 0:
            problems.append(
                Problem(
                    f"{sid} has demand {q!r} kg; give a number ≥ 0", code="bad_demand", value=sid
                )
            )
        elif q > largest:
            problems.append(
                Problem(
                    f"{sid} needs {q:,.0f} kg but the largest vehicle holds {largest:,.0f} kg "
                    "(needs ≥ 2 visits or a bigger vehicle)",
                    code="demand_over_capacity",
                    value=sid,
                )
            )
    final = None if end_depot in reload else end_depot  # reload depots are left for clients
    problems += _unreachable(distance_m, demand_kg, site_ids, depot, final, fixed)
    return problems


def _unreachable(
    distance_m: NDArray[np.float64],
    demand_kg: Sequence[float],
    site_ids: Sequence[str],
    depot: int,
    end_depot: int | None,
    fixed: set[int],
) -> list[Problem]:
    active = [i for i, q in enumerate(demand_kg) if q > 0 or i in fixed]
    sub = distance_m[np.ix_(active, active)]
    rows, cols = np.nonzero(~np.isfinite(sub))
    problems = []
    for r, c in zip(rows, cols, strict=True):
        a, b = active[r], active[c]
        if (end_depot is not None and a == end_depot and b != depot) or (
            b == depot and a != end_depot and end_depot is not None
        ):
            continue  # legs that no route uses (clients → garage when routes end elsewhere)
        problems.append(
            Problem(
                f"{site_ids[a]} → {site_ids[b]}: no road path; the solver "
                "cannot be given this pair",
                code="unreachable_pair",
                value=site_ids[a],
            )
        )
    return problems


def solve_cvrp(  # noqa: PLR0913 - keyword-only options of one solve
    distance_m: NDArray[np.float64],
    demand_kg: Sequence[float],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    *,
    depot: int = 0,
    end_depot: int | None = None,
    reload: Sequence[int] = (),
    garage_return: bool = False,
    timing: Timing | None = None,
    params: SolverParams | None = None,
) -> CollectionPlan:
    """Solve a capacitated collection (pickups, multi-trip) with PyVRP.

    Parameters
    ----------
    distance_m
        Shape ``(n, n)``, metres, rows = from; ``inf`` where no road path exists.
        Scaled by :func:`distance_scale` and rounded for the solver.
    demand_kg
        Length ``n``; kg to pick up per site (depots ignored). Sites with 0 are skipped.
    vehicle_types
        The fleet for this waste.
    site_ids
        Length ``n``; names used in messages.
    depot, end_depot
        Index of the garage where routes start, and of the site where the last trip
        unloads (a disposal site or receiver); ``None`` = back to ``depot``.
    reload
        Indices of disposal sites where trucks may unload between trips.
    garage_return
        After the last unload at ``end_depot``, drive back to ``depot`` (the leg is in
        each route's distance and duration, and in the solver's per-vehicle fixed cost).
    timing
        Travel times, service times, gate windows and unload time (:class:`Timing`).
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
        A pre-solve check failed; PyVRP returned no feasible solution; or a route with
        stops has length 0 (distances lost to rounding, or sites at one point).
    """
    problems = check_instance(
        distance_m,
        demand_kg,
        vehicle_types,
        site_ids,
        depot=depot,
        end_depot=end_depot,
        reload=reload,
    )
    if problems:
        kind = (
            UnreachableError
            if all(p.code == "unreachable_pair" for p in problems)
            else InfeasibleError
        )
        raise kind("; ".join(p.message for p in problems[:5]), problems)
    ends = Ends(depot, end_depot, tuple(reload), garage_return and end_depot is not None)
    clients = [i for i, q in enumerate(demand_kg) if i not in ends.fixed() and q > 0]
    skipped = [i for i, q in enumerate(demand_kg) if i not in ends.fixed() and q == 0]
    plan = CollectionPlan(skipped=skipped)
    if not clients:
        return plan
    plan.routes = _pyvrp.solve(
        distance_m,
        demand_kg,
        vehicle_types,
        clients,
        ends,
        timing or Timing(),
        params or SolverParams(),
        site_ids,
    )
    plan.distance_m = float(sum(r.distance_m for r in plan.routes))
    return plan


def _group_fleet(
    group: str,
    group_classes: tuple[str, ...],
    demand: NDArray[np.float64],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
) -> list[VehicleType]:
    fleet = [v for v in vehicle_types if set(group_classes) <= set(v.allowed_classes)]
    if not fleet:
        names = [site_ids[int(i)] for i in np.nonzero(demand > 0)[0]][:5]
        raise InfeasibleError(
            f"{', '.join(names)}: {group} waste ({', '.join(group_classes)}) but no vehicle "
            "type is licensed for it; add one with these allowed_classes",
            [
                Problem(
                    f"{n}: {group} waste but no vehicle type is licensed for it",
                    code="no_vehicle",
                    value=n,
                )
                for n in names
            ],
        )
    return fleet


def plan_by_class(  # noqa: PLR0913 - keyword-only options of one solve
    distance_m: NDArray[np.float64],
    demand_kg: NDArray[np.float64],
    classes: Sequence[str],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    *,
    depot: int = 0,
    end_depot: dict[str, int] | None = None,
    reload: dict[str, Sequence[int]] | None = None,
    garage_return: bool = False,
    timing: Timing | None = None,
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
        The ``k`` waste classes. ``hazardous`` and ``controlled`` form their own group
        (:data:`HAZARDOUS_GROUP`); the others share one group (``non_hazardous``) and
        ride together.
    vehicle_types
        Whole fleet; a type serves a group only if it may carry every class in it.
    site_ids
        Length ``n``; names used in messages.
    depot
        Index of the garage where every group's routes start; default 0.
    end_depot, reload
        Per group (``hazardous`` / ``non_hazardous``), the index of the disposal site
        where its routes end, and the disposal sites where they may unload mid-shift.
    garage_return, timing, params
        As in :func:`solve_cvrp`.

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
        groups.setdefault("hazardous" if cls in HAZARDOUS_GROUP else "non_hazardous", []).append(k)
    plans = {}
    for group, cols in groups.items():
        demand = demand_kg[:, cols].sum(axis=1)
        if not np.any(demand > 0):
            continue
        group_classes = tuple(classes[k] for k in cols if demand_kg[:, k].sum() > 0)
        fleet = _group_fleet(group, group_classes, demand, vehicle_types, site_ids)
        plan = solve_cvrp(
            distance_m,
            list(demand),
            fleet,
            site_ids,
            depot=depot,
            end_depot=(end_depot or {}).get(group),
            reload=(reload or {}).get(group, ()),
            garage_return=garage_return,
            timing=timing,
            params=params,
        )
        plan.classes = group_classes
        plans[group] = plan
    return plans
