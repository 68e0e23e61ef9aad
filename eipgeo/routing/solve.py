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

from collections.abc import Iterator, Sequence

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


def check_instance(  # noqa: PLR0913 - keyword-only options of one check
    distance_m: NDArray[np.float64],
    demand_kg: Sequence[float],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    *,
    depot: int = 0,
    end_depot: int | None = None,
    reload: Sequence[int] = (),
    timing: Timing | None = None,
    garage_return: bool = False,
) -> list[Problem]:
    """Run the pre-solve checks; return every problem found (empty when solvable).

    Checks: matrix shape and finiteness among the sites to route, each demand at most
    the largest vehicle capacity, non-negative demands, at least one vehicle; with travel
    times, each site's gate against the earliest possible arrival and each site's
    shortest round trip against the longest shift (:func:`check_times`).

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
    timing
        Travel times, service times, gate hours and unload time; ``None`` (default) or
        no ``duration_s``: the time checks are skipped.
    garage_return
        Routes drive back from ``end_depot`` to ``depot`` after the last unload (the leg
        counts in the shift).

    Returns
    -------
    list of Problem
        ``matrix_shape``, ``no_vehicle`` or ``day_limits_unsupported`` (a vehicle with
        a break, route capacity or stop limit, which this solver does not model) alone
        (nothing else is checked then); else
        ``bad_demand``, ``demand_over_capacity``, ``fleet_capacity`` (no reload site and
        more to collect than every vehicle holds in one trip), ``unreachable_pair``,
        ``gate_closes_before_arrival`` and ``trip_longer_than_shift`` errors.
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
    limited = [v.id for v in vehicle_types if v.day_limits]
    if limited:
        problems.append(
            Problem(
                f"vehicle {', '.join(limited)}: a break, route_capacity_kg or max_stops is not "
                "modelled by this solver; plan with eipgeo.routing.workday.plan_day (as "
                "eipgeo route does) or drop those keys",
                code="day_limits_unsupported",
                value=limited[0],
            )
        )
        return problems
    fixed = {depot, *reload} | ({end_depot} if end_depot is not None else set())
    biggest = max(vehicle_types, key=lambda v: v.capacity_kg)
    largest = biggest.capacity_kg
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
                    f"{sid} needs {q:,.0f} kg in one visit but the largest vehicle that may "
                    f"carry it, {biggest.id!r}, holds {largest:,.0f} kg (capacity_kg in the "
                    "fleet); split its waste over several stops at the same point (rows "
                    f"such as {sid}-1, {sid}-2 of at most {largest:,.0f} kg each) or over "
                    f"more days, raise capacity_kg of {biggest.id!r}, or add a vehicle type "
                    "with a larger capacity_kg",
                    code="demand_over_capacity",
                    value=sid,
                )
            )
    if not problems and not reload:
        problems += _fleet_capacity(demand_kg, vehicle_types, site_ids, fixed)
    final = None if end_depot in reload else end_depot  # reload depots are left for clients
    problems += _unreachable(distance_m, demand_kg, site_ids, depot, final, fixed)
    if timing is not None and timing.duration_s is not None and not problems:
        clients = [i for i, q in enumerate(demand_kg) if i not in fixed and q > 0]
        problems += check_times(
            timing,
            clients,
            vehicle_types,
            site_ids,
            Ends(depot, end_depot, tuple(reload), garage_return and end_depot is not None),
        )
    return problems


def clock(seconds: float) -> str:
    """Return a time of day from seconds after midnight: ``07:30``, ``05:00 (+1 day)``.

    Parameters
    ----------
    seconds
        Seconds after midnight of the planning day (≥ 86,400 is the next day).

    Returns
    -------
    str
        ``HH:MM``, with ``(+N day)`` past midnight.
    """
    days, rest = divmod(int(round(seconds)), 86_400)
    text = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}"
    return text + (f" (+{days} day)" if days else "")


def span(seconds: float) -> str:
    """Return a duration as ``2 h 05 min`` (or ``45 min``).

    Parameters
    ----------
    seconds
        Duration, s.

    Returns
    -------
    str
        Hours and minutes, rounded to the minute.
    """
    minutes = int(round(seconds / 60))
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def check_times(
    timing: Timing,
    clients: Sequence[int],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    ends: Ends,
) -> list[Problem]:
    """Say which site no schedule can serve, and the limit that binds, with both figures.

    For each client ``i``: the earliest arrival is the garage's opening plus the drive
    ``garage → i``; a gate that closes before it can never be met. The shortest round
    trip is ``garage → i``, loading, ``i →`` end (the disposal site, its unload, and the
    drive back to the garage when routes return there); longer than the longest shift,
    no vehicle can serve ``i``.

    Parameters
    ----------
    timing
        With ``duration_s`` (s); ``service_s``, ``windows_s`` (s after midnight; a close
        past 86,400 s is the next morning) and ``unload_s`` optional.
    clients
        Indices of the sites with something to collect.
    vehicle_types
        The fleet for this waste; a vehicle's day is the shorter of its
        ``shift_duration_s`` and its ``shift`` window (neither = no limit).
    site_ids
        Names used in messages.
    ends
        Garage, end depot and garage return.

    Returns
    -------
    list of Problem
        ``gate_closes_before_arrival`` and ``trip_longer_than_shift`` errors, each with
        the site id as ``value``.
    """
    assert timing.duration_s is not None
    dur = timing.duration_s
    g = ends.depot
    opens = timing.windows_s[g][0] if timing.windows_s is not None else 0.0
    shifts = [_work_s(v) for v in vehicle_types]
    longest = None if any(s is None for s in shifts) else max(float(s or 0) for s in shifts)
    problems = []
    for i in clients:
        sid = site_ids[i]
        arrive = opens + float(dur[g, i])
        if timing.windows_s is not None and timing.windows_s[i][1] < arrive:
            close = timing.windows_s[i][1]
            msg = (
                f"{sid}: the gate closes at {clock(close)} but the earliest possible arrival "
                f"is {clock(arrive)} (the garage {site_ids[g]} opens at {clock(opens)}, then "
                f"{span(float(dur[g, i]))} of driving); open the gate later, or start from a "
                "nearer garage"
            )
            problems.append(Problem(msg, code="gate_closes_before_arrival", value=sid))
            continue
        if longest is None:
            continue
        service = float(timing.service_s[i]) if timing.service_s is not None else 0.0
        if ends.end_depot is None:
            back, legs = float(dur[i, g]), f"{sid} → {site_ids[g]} {span(float(dur[i, g]))}"
        else:
            e = ends.end_depot
            back = float(dur[i, e]) + timing.unload(e)
            unload = span(timing.unload(e))
            legs = f"{sid} → {site_ids[e]} {span(float(dur[i, e]))}, unloading {unload}"
            if ends.garage_return:
                back += float(dur[e, g])
                legs += f", {site_ids[e]} → {site_ids[g]} {span(float(dur[e, g]))}"
        trip = float(dur[g, i]) + service + back
        if trip > longest:
            msg = (
                f"{sid}: the shortest round trip takes {span(trip)} ({site_ids[g]} → {sid} "
                f"{span(float(dur[g, i]))}, loading {span(service)}, {legs}) but the longest "
                f"shift is {span(longest)}; lengthen the shift or add a nearer disposal site"
            )
            problems.append(Problem(msg, code="trip_longer_than_shift", value=sid))
    return problems


def _work_s(vehicle: VehicleType) -> float | None:
    """Return a vehicle's longest working time, s: its shift length or window, the shorter."""
    limits = [float(vehicle.shift_duration_s)] if vehicle.shift_duration_s else []
    if vehicle.shift_s is not None:
        limits.append(vehicle.shift_s[1] - vehicle.shift_s[0])
    return min(limits) if limits else None


def _fleet_capacity(
    demand_kg: Sequence[float],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    fixed: set[int],
) -> list[Problem]:
    """With no disposal site to unload at mid-shift, each vehicle makes one trip."""
    total = float(sum(q for i, q in enumerate(demand_kg) if i not in fixed and q > 0))
    fleet = sum(int(v.capacity_kg) * int(v.num_available) for v in vehicle_types)
    if total <= fleet:
        return []
    count = sum(int(v.num_available) for v in vehicle_types)
    largest = max(
        (i for i, q in enumerate(demand_kg) if i not in fixed), key=lambda i: demand_kg[i]
    )
    msg = (
        f"{total:,.0f} kg is to be collected but the fleet holds {fleet:,.0f} kg in one trip "
        f"each ({count} vehicle{'s' if count != 1 else ''}), and no disposal site lets a "
        f"truck unload and go again (the largest pickup is {site_ids[largest]}, "
        f"{demand_kg[largest]:,.0f} kg); add vehicles or a disposal site (disposal_sites)"
    )
    return [Problem(msg, code="fleet_capacity", value=total)]


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
        timing=timing,
        garage_return=garage_return,
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


def group_fleet(
    group: str,
    group_classes: tuple[str, ...],
    demand: NDArray[np.float64],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
) -> list[VehicleType]:
    """Return the vehicle types licensed for every class of a group.

    Parameters
    ----------
    group
        ``hazardous`` or ``non_hazardous``, for messages.
    group_classes
        The classes the group carries.
    demand
        Length ``n``: kg per site, to name the clients in a message.
    vehicle_types
        The whole fleet.
    site_ids
        Length ``n``: names used in messages.

    Returns
    -------
    list of VehicleType
        Those whose ``allowed_classes`` hold every class of the group.

    Raises
    ------
    InfeasibleError
        None is, naming the clients.
    """
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


def class_groups(classes: Sequence[str]) -> dict[str, list[int]]:
    """Return the class groups planned apart and their columns.

    Parameters
    ----------
    classes
        Waste classes, in the demand matrix's column order.

    Returns
    -------
    dict
        ``hazardous`` (the classes of :data:`HAZARDOUS_GROUP`) and ``non_hazardous``
        (the others) → column indices; a group with no class is absent.
    """
    groups: dict[str, list[int]] = {}
    for k, cls in enumerate(classes):
        groups.setdefault("hazardous" if cls in HAZARDOUS_GROUP else "non_hazardous", []).append(k)
    return groups


def group_demands(
    classes: Sequence[str],
    demand_kg: NDArray[np.float64],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
) -> Iterator[tuple[str, tuple[str, ...], NDArray[np.float64], list[VehicleType]]]:
    """Yield each class group with demand: its name, demand per site and licensed fleet.

    Parameters
    ----------
    classes
        Waste classes, in the demand matrix's column order.
    demand_kg
        Sites × classes, kg.
    vehicle_types
        The fleet.
    site_ids
        Site ids, for messages.

    Yields
    ------
    tuple of (str, tuple of str, numpy.ndarray, list of VehicleType)
        Group name, its classes with demand, kg per site summed over its classes, and
        :func:`group_fleet`'s vehicle types; a group with no demand is skipped.

    Raises
    ------
    InfeasibleError
        From :func:`group_fleet`: no vehicle type is licensed for all the group's classes.
    """
    for group, cols in class_groups(classes).items():
        demand = demand_kg[:, cols].sum(axis=1)
        if not np.any(demand > 0):
            continue
        group_classes = tuple(classes[k] for k in cols if demand_kg[:, k].sum() > 0)
        fleet = group_fleet(group, group_classes, demand, vehicle_types, site_ids)
        yield group, group_classes, demand, fleet


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
    plans = {}
    for group, group_classes, demand, fleet in group_demands(
        classes, demand_kg, vehicle_types, site_ids
    ):
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
