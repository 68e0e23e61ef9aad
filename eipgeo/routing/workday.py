"""One model for ``eipgeo route`` and the benchmark: the core's arrays as a checker instance.

``eipgeo route`` plans on the routing core's arrays (:mod:`eipgeo.routing.solve`: sites,
a distance and duration matrix, pickups per class, vehicle types). The rules of a real
working day (service and unload times, gate and disposal-site hours, overnight ones
too, a driver break, a route capacity and a stop limit) are those of
:mod:`eipgeo.routing.check`, the model of the Kim et al. (2006) benchmark. This module
turns the core's arrays into that model's :class:`~eipgeo.routing.check.Instance`, once
per class group and vehicle type, so that:

* a group whose vehicle type has a break, a route capacity or a stop limit is solved by
  :func:`eipgeo.routing.wc.solve_wc`, the solver of ``benchmarks/bench_wcvrptw.py``
  (:func:`plan_day`);
* every plan, from either solver, is re-checked by
  :func:`eipgeo.routing.check.check_solution` before it is written
  (:func:`check_plans`); a violation raises, naming the route and the stop.

Without a disposal site the garage takes the waste: the instance gets a disposal
location at the garage (0 m from it) with the fleet's unload time, since in the
checker's model every trip that collects ends at a disposal site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from eipgeo._errors import InfeasibleError, Problem
from eipgeo.routing import check, wc
from eipgeo.routing.model import CollectionPlan, Route, Timing, VehicleType, Visit
from eipgeo.routing.solve import class_groups, group_demands, span

DAY_S = check.DAY_S
_BUG = "(failed the independent check: a bug of eipgeo, please report it)"


@dataclass(frozen=True)
class DayInstance:
    """A checker instance built from the core's arrays, and how to map it back.

    Attributes
    ----------
    instance
        The :class:`~eipgeo.routing.check.Instance` (loads in kg).
    sites
        Location index → site index of the core's arrays (the garage's own disposal
        location, when there is no disposal site, maps to the garage).
    vehicle
        The vehicle type the instance's capacities, shift and break come from.
    """

    instance: check.Instance
    sites: tuple[int, ...]
    vehicle: VehicleType

    def location(self, site: int, kind: str) -> int:
        """Return the location index of a core site visited as ``kind``.

        Parameters
        ----------
        site
            Site index of the core's arrays.
        kind
            A :class:`~eipgeo.routing.model.Visit` kind: ``start`` and ``garage`` are the
            depot; ``unload`` and ``end`` a disposal location; ``pickup`` a client.

        Returns
        -------
        int
            Index into ``instance.locations``.
        """
        want = {"start": "depot", "garage": "depot", "pickup": "client"}.get(kind, "disposal")
        locs = self.instance.locations
        return next(i for i, s in enumerate(self.sites) if s == site and locs[i].kind == want)


def daily_window(lo: float, hi: float) -> tuple[float, float]:
    """Return a window as the checker's daily ``(open_s, close_s)`` within one day.

    Parameters
    ----------
    lo, hi
        Opening and closing, s from midnight; ``hi`` past 86,400 s is the next morning
        (``lo`` too for a window wholly after midnight), ``inf`` = no closing (open from
        ``lo`` to midnight, or all day from 0).

    Returns
    -------
    tuple of float
        Both in ``[0, 86400]``; ``close < open`` for an overnight window.
    """
    if not np.isfinite(hi) or hi - lo >= DAY_S:
        return (float(lo), DAY_S) if lo > 0 else (0.0, DAY_S)
    if lo >= DAY_S:  # wholly the next morning (a 02:00-03:00 stop on a night shift)
        lo, hi = lo - DAY_S, hi - DAY_S
    return (float(lo), float(hi)) if hi <= DAY_S else (float(lo), float(hi - DAY_S))


def _shift(vt: VehicleType, garage: tuple[float, float], cut: bool) -> tuple[float, float]:
    """Return the horizon: the vehicle's shift, else the garage hours, cut by its length.

    The cut (``shift_duration_s`` from the opening) applies when the routes leave at the
    opening, as the waste-collection model plans them; a core plan may leave later
    (PyVRP keeps the shift length itself), so its check uses the hours alone.
    """
    lo, hi = vt.shift_s if vt.shift_s is not None else garage
    if cut and vt.shift_duration_s is not None:
        hi = min(hi, lo + vt.shift_duration_s)
    return lo, hi


def day_instance(  # noqa: PLR0913 - keyword-only options of one instance
    distance_m: NDArray[np.float64],
    timing: Timing,
    demand_kg: Sequence[float],
    site_ids: Sequence[str],
    vehicle: VehicleType,
    *,
    depot: int,
    disposal: Sequence[int],
    waste_class: str = "ordinary",
    name: str = "",
    leave_at_opening: bool = True,
) -> DayInstance:
    """Build the checker's instance of one class group and vehicle type.

    Parameters
    ----------
    distance_m
        Shape ``(n, n)``, m, rows = from.
    timing
        With ``duration_s`` (s); service times, gate hours (s from midnight, a close past
        86,400 s is the next morning, ``inf`` = none) and unload times.
    demand_kg
        Length ``n``: kg to collect per site; sites with 0 (and the garage and
        disposal sites) are not clients.
    site_ids
        Length ``n``: ids shown in messages.
    vehicle
        Its capacity, route capacity, stop limit, shift and break; ``num_available`` is
        the most routes.
    depot
        Index of the garage.
    disposal
        Indices of the disposal sites (none: the garage takes the waste).
    waste_class
        Class given to every client (the group is planned apart already).
    name
        Instance name, for messages.
    leave_at_opening
        Routes leave the garage when the day opens (the waste-collection model), so a
        ``shift_duration_s`` ends the day that long after; ``False`` for a core plan,
        which may leave later: the day is then the shift or the garage's hours alone.

    Returns
    -------
    DayInstance
    """
    assert timing.duration_s is not None
    windows = timing.windows_s or [(0.0, float("inf"))] * len(site_ids)
    service = timing.service_s or [0.0] * len(site_ids)
    lo, hi = _shift(vehicle, windows[depot], leave_at_opening)
    locs = [check.Location(str(site_ids[depot]), "depot", 0.0, 0.0, *daily_window(lo, hi))]
    sites = [depot]
    for d in disposal:
        locs.append(
            check.Location(
                str(site_ids[d]), "disposal", 0.0, timing.unload(d), *daily_window(*windows[d])
            )
        )
        sites.append(d)
    if not disposal:
        locs.append(
            check.Location(f"{site_ids[depot]} (unload)", "disposal", 0.0, timing.unload(depot))
        )
        sites.append(depot)
    fixed = {depot, *disposal}
    for i, q in enumerate(demand_kg):
        if i in fixed or not q > 0:
            continue
        locs.append(
            check.Location(
                str(site_ids[i]),
                "client",
                float(q),
                float(service[i]),
                *daily_window(*windows[i]),
                waste_class=waste_class,
            )
        )
        sites.append(i)
    index = np.asarray(sites)
    rule = None
    if vehicle.break_rule is not None:
        length, b_lo, b_hi = vehicle.break_rule
        rule = check.BreakRule(length, *daily_window(b_lo, b_hi))
    instance = check.Instance(
        tuple(locs),
        distance_m[np.ix_(index, index)].astype(float),
        timing.duration_s[np.ix_(index, index)].astype(float),
        vehicle_capacity=float(vehicle.capacity_kg),
        route_capacity=float(vehicle.route_capacity_kg or float("inf")),
        max_stops=vehicle.max_stops,
        break_rule=rule,
        max_vehicles=vehicle.num_available,
        name=name,
    )
    return DayInstance(instance, tuple(sites), vehicle)


def planned_route(day: DayInstance, route: Route) -> check.PlannedRoute:
    """Return a core route as the checker's stops (depot to depot, every unload).

    Parameters
    ----------
    day
        The instance of the route's group and vehicle type.
    route
        A solved route with its visits.

    Returns
    -------
    check.PlannedRoute
        With the route's ``break_after`` mapped to the stop index.
    """
    stops: list[int] = []
    where: dict[int, int] = {}
    for k, v in enumerate(route.visits):
        where[k] = len(stops)
        stops.append(day.location(v.site, v.kind))
    if day.instance.locations[stops[-1]].kind != "depot":
        stops.append(0)  # the last unload was at the garage (no disposal site): home
    brk = None if route.break_after is None else where.get(route.break_after)
    return check.PlannedRoute(tuple(stops), brk)


def route_from_schedule(day: DayInstance, planned: check.PlannedRoute) -> Route:
    """Return a checked route as a core route, with the checker's times and break.

    Parameters
    ----------
    day
        The instance it was planned on.
    planned
        The route (:class:`~eipgeo.routing.check.PlannedRoute`).

    Returns
    -------
    Route
        Visits ``start``, ``pickup``, ``unload``, ``end`` (the last unload) and
        ``garage``, with arrival, service start and departure (s from midnight), load
        after each (kg), the break's start and length.
    """
    inst = day.instance
    sched = check.schedule_route(inst, planned)
    length = inst.break_rule.duration_s if inst.break_rule is not None else 0.0
    last_unload = max(
        (p for p, s in enumerate(planned.stops) if inst.locations[s].kind == "disposal"),
        default=-1,
    )
    visits = []
    for st in sched.stops:
        loc = inst.locations[st.location]
        kind = {"depot": "start" if st.position == 0 else "garage", "client": "pickup"}.get(
            loc.kind, "end" if st.position == last_unload else "unload"
        )
        leave = st.end_s
        if planned.break_after == st.position and sched.break_start_s is not None:
            leave = max(leave, sched.break_start_s + length)
            nxt = st.position + 1
            if nxt < len(planned.stops) and sched.break_start_s >= st.end_s + float(
                inst.duration_s[st.location, planned.stops[nxt]]
            ):
                leave = st.end_s  # taken on arrival at the next stop
        visits.append(
            Visit(
                day.sites[st.location],
                kind,
                st.arrival_s if st.position else st.start_s,
                st.load_after,
                loc.demand if loc.kind == "client" else 0.0,
                start_s=st.start_s,
                departure_s=leave,
            )
        )
    return Route(
        vehicle_type=day.vehicle.id,
        sites=[v.site for v in visits],
        distance_m=sched.distance_m,
        load_kg=int(round(sched.collected)),
        visits=visits,
        trips=sum(1 for s in planned.stops if inst.locations[s].kind == "disposal"),
        duration_s=float(visits[-1].departure_s or sched.return_s) - sched.stops[0].start_s,
        break_start_s=sched.break_start_s,
        break_s=length if sched.break_start_s is not None else 0.0,
        break_after=planned.break_after,
    )


def _check_start(vt: VehicleType, garage: tuple[float, float]) -> None:
    """Refuse a shift length with no start: the model leaves at the day's opening."""
    if vt.shift_duration_s is None or vt.shift_s is not None or garage != (0.0, float("inf")):
        return
    message = (
        f"vehicle {vt.id!r}: shift_duration_s without a start; with a break, "
        "route_capacity_kg or max_stops the day starts when the shift opens: give the "
        'vehicle a "shift" (e.g. "07:00-15:00") or the garage row open/close hours'
    )
    raise InfeasibleError(message, [Problem(message, code="bad_shift", value=vt.id)])


def _check_break(day: DayInstance) -> None:
    """Refuse a break that cannot be taken in the vehicle's day (a mistake, not a rule)."""
    rule = day.instance.break_rule
    if rule is None:
        return
    h0, h1 = check.horizon_s(day.instance)
    shift = f"{check.clock(h0)[:5]}-{check.clock(h1)[:5]}"
    window = f"{check.clock(rule.start_open_s)[:5]}-{check.clock(rule.start_close_s)[:5]}"
    why = None
    if rule.duration_s >= h1 - h0:
        why = f"its break ({rule.duration_s:g} s) is not shorter than its day {shift}"
    elif check.break_window_s(day.instance) is None:
        why = f"its break window {window} never falls in its day {shift}"
    if why is not None:
        message = (
            f"vehicle {day.vehicle.id!r}: {why} (the shift, else the garage's hours); "
            "fix the break or the shift in the fleet JSON, or the garage's open/close"
        )
        raise InfeasibleError(message, [Problem(message, code="bad_break", value=day.vehicle.id)])


STOP_CODES: dict[str, str | None] = {
    "stop_over_capacity": "waste_kg",
    "stop_over_route_capacity": "waste_kg",
    "service_longer_than_shift": "service_s",
    "gate_outside_day": "close",
    "trip_longer_than_day": None,
}
"""Codes of :func:`check_stops` → the sites-table column each names."""

_SPLIT = (
    "split its waste over several stops at the same point (rows such as {sid}-1, "
    "{sid}-2 of at most {most:,.0f} kg each) or over more days (--storage-limit-days)"
)


def _load_problem(day: DayInstance, c: int, group: str) -> Problem | None:
    """Return the problem of a stop whose load alone is over the vehicle's limits, if any."""
    inst, vt = day.instance, day.vehicle
    loc = inst.locations[c]
    carry = f"the vehicle type for {group.replace('_', '-')} waste"
    if loc.demand > inst.vehicle_capacity + check.LOAD_TOLERANCE:
        message = (
            f"{loc.id}: {loc.demand:,.0f} kg to collect in one visit, but the largest vehicle "
            f"that may carry it, {vt.id!r}, holds {inst.vehicle_capacity:,.0f} kg "
            f"(capacity_kg in the fleet); "
            + _SPLIT.format(sid=loc.id, most=inst.vehicle_capacity)
            + f", or raise capacity_kg of {vt.id!r}"
        )
        return Problem(message, code="stop_over_capacity", value=loc.id)
    if loc.demand > inst.route_capacity + check.LOAD_TOLERANCE:
        message = (
            f"{loc.id}: {loc.demand:,.0f} kg to collect, but vehicle {vt.id!r} ({carry}) "
            f"collects at most {inst.route_capacity:,.0f} kg a day (route_capacity_kg in the "
            "fleet); " + _SPLIT.format(sid=loc.id, most=inst.route_capacity) + ", or raise "
            f"route_capacity_kg of {vt.id!r}"
        )
        return Problem(message, code="stop_over_route_capacity", value=loc.id)
    return None


def _time_problem(day: DayInstance, c: int) -> Problem | None:
    """Return the problem of a stop no route of the vehicle type can serve, if any.

    Its service alone longer than the day; or the single-stop route garage → stop →
    disposal site → garage, tried at every disposal site taking its class with the
    break placed as the solver places it (:func:`wc.place_break`), never fits.
    """
    inst, vt = day.instance, day.vehicle
    loc, g = inst.locations[c], inst.depot
    h0, h1 = check.horizon_s(inst)
    shift = f"{check.clock(h0)[:5]}-{check.clock(h1)[:5]}"
    day_text = f"vehicle {vt.id!r} works {shift} (its shift, else the garage's hours)"
    if loc.service_s >= h1 - h0:
        message = (
            f"{loc.id}: loading alone takes {span(loc.service_s)} (service_s "
            f"{loc.service_s:g} s) but {day_text}: {span(h1 - h0)}; shorten service_s, "
            "split the stop, or lengthen the shift in the fleet"
        )
        return Problem(message, code="service_longer_than_shift", value=loc.id)
    sites = [
        d
        for d in inst.disposal_sites
        if not inst.locations[d].accepts or loc.waste_class in inst.locations[d].accepts
    ]
    if not sites or any(wc.place_break(inst, [g, c, d, g])[0] for d in sites):
        return None  # served alone (or no disposal site: said by the solver)
    drive = float(inst.duration_s[g, c])
    arrive = h0 + drive
    start, _ = check.window_start_s(arrive, loc.tw_open_s, loc.tw_close_s)
    gate = f"{check.clock(loc.tw_open_s)[:5]}-{check.clock(loc.tw_close_s)[:5]}"
    if start > h1 - loc.service_s:
        why = (
            f"its gate is {gate} and the earliest arrival is {check.clock(arrive)[:5]} (the "
            f"garage {inst.locations[g].id} opens at {check.clock(h0)[:5]}, then "
            f"{span(drive)} of driving), so loading cannot start within the day"
        )
        fix = "widen the gate (open/close), or move the shift to overlap it"
        code = "gate_outside_day"
    else:
        d = min(sites, key=lambda k: inst.duration_s[c, k] + inst.duration_s[k, g])
        back = (
            start
            + loc.service_s
            + float(inst.duration_s[c, d])
            + inst.locations[d].service_s
            + float(inst.duration_s[d, g])
        )
        brk = "" if inst.break_rule is None else " with its break"
        why = (
            f"even alone on a route{brk} it is not back in time (loading from "
            f"{check.clock(start)[:5]}, {loc.id} → {inst.locations[d].id} "
            f"{span(float(inst.duration_s[c, d]))}, unloading "
            f"{span(inst.locations[d].service_s)}, back at the garage at "
            f"{check.clock(back)[:5]} at the earliest)"
        )
        fix = "lengthen the shift, widen the gate, or add a nearer disposal site"
        code = "trip_longer_than_day"
    message = f"{loc.id}: {day_text}; {why}; {fix}"
    return Problem(message, code=code, value=loc.id)


def check_stops(day: DayInstance, group: str) -> list[Problem]:
    """Say which stop no plan can serve, whatever the number of vehicles, before solving.

    Per stop: its load against the vehicle's ``capacity_kg`` and ``route_capacity_kg``,
    its service time against the vehicle's day, and the route that serves it alone
    (garage, the stop, a disposal site, home, with the break) against the gate hours and
    the day. A stop that fails one of these can never be served, so the solver's generic
    "no feasible plan" would hide the cause; what remains infeasible after these checks
    needs more vehicles or time.

    Parameters
    ----------
    day
        The group's instance and vehicle type (:func:`day_instance`).
    group
        ``hazardous`` or ``non_hazardous``, for messages.

    Returns
    -------
    list of Problem
        One per stop, codes of :data:`STOP_CODES`, each with the site id as ``value``.
    """
    out = []
    for c in day.instance.clients:
        problem = _load_problem(day, c, group) or _time_problem(day, c)
        if problem is not None:
            out.append(problem)
    return out


def plan_day(  # noqa: PLR0913 - keyword-only options of one solve
    distance_m: NDArray[np.float64],
    demand_kg: NDArray[np.float64],
    classes: Sequence[str],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    *,
    depot: int,
    disposal: Sequence[int],
    timing: Timing,
    params: wc.WcParams,
) -> dict[str, CollectionPlan]:
    """Plan each class group apart on the waste-collection model (:func:`wc.solve_wc`).

    Parameters
    ----------
    distance_m
        Shape ``(n, n)``, m.
    demand_kg
        Shape ``(n, k)``: kg per site and class.
    classes
        The ``k`` classes; hazardous and controlled waste form their own group.
    vehicle_types
        The fleet; each group must be served by exactly one vehicle type (the model has
        one vehicle type).
    site_ids
        Length ``n``: ids shown in messages.
    depot, disposal
        The garage, and the disposal sites (none: the garage takes the waste).
    timing
        Durations (s), service times, gate hours and unload times.
    params
        Solver controls.

    Returns
    -------
    dict
        Group → :class:`CollectionPlan`, each route with its break and times; every plan
        passes the independent checker (:func:`wc.solve_wc` checks it).

    Raises
    ------
    InfeasibleError
        A group has no licensed vehicle type, or several (name one per class group); a
        break cannot be taken in the vehicle's day (not shorter than it, or its window
        outside it); a stop can never be served (:func:`check_stops`: its load over the
        vehicle's capacity or route capacity, its service longer than the day, its gate
        or its round trip outside the day); or no plan is found.
    """
    plans = {}
    for group, group_classes, demand, fleet in group_demands(
        classes, demand_kg, vehicle_types, site_ids
    ):
        if len(fleet) != 1:
            message = (
                f"{group} waste may ride on {len(fleet)} vehicle types "
                f"({', '.join(v.id for v in fleet)}); with a break, route_capacity_kg or "
                "max_stops give one vehicle type per class group (set allowed_classes, "
                "and num_available for the number of trucks)"
            )
            raise InfeasibleError(message, [Problem(message, code="one_vehicle_type")])
        _check_start(fleet[0], (timing.windows_s or [(0.0, float("inf"))])[depot])
        day = day_instance(
            distance_m,
            timing,
            list(demand),
            site_ids,
            fleet[0],
            depot=depot,
            disposal=disposal,
            waste_class="hazardous" if group == "hazardous" else "ordinary",
            name=group,
        )
        _check_break(day)
        stuck = check_stops(day, group)
        if stuck:
            raise InfeasibleError("; ".join(p.message for p in stuck[:5]), stuck)
        solution = wc.solve_wc(day.instance, params)
        routes = [route_from_schedule(day, r) for r in solution.routes]
        fixed = {depot, *disposal}
        skipped = [i for i, q in enumerate(demand) if i not in fixed and q == 0]
        plans[group] = CollectionPlan(
            routes, skipped, float(sum(r.distance_m for r in routes)), group_classes
        )
    return plans


def check_plans(  # noqa: PLR0913 - keyword-only options of one check
    plans: Mapping[str, CollectionPlan],
    distance_m: NDArray[np.float64],
    demand_kg: NDArray[np.float64],
    classes: Sequence[str],
    vehicle_types: Sequence[VehicleType],
    site_ids: Sequence[str],
    *,
    depot: int,
    disposal: Sequence[int] | Mapping[str, Sequence[int]],
    timing: Timing,
    route_ids: Mapping[tuple[str, int], str] | None = None,
) -> list[Problem]:
    """Re-check every route of the plans with :func:`eipgeo.routing.check.schedule_route`.

    Each route is checked against the instance of its group and vehicle type (capacity,
    route capacity, stop limit, shift or garage hours, break, every gate and unload);
    each group's plan for covering every client exactly once.

    Parameters
    ----------
    plans
        Group → plan, as :func:`eipgeo.routing.solve.plan_by_class` or :func:`plan_day`
        return.
    distance_m, demand_kg, classes, vehicle_types, site_ids
        What the plans were solved on (``demand_kg`` shape ``(n, k)``).
    depot, disposal, timing
        The garage, the disposal sites (one list for every group, or per group) and the
        timing the plans were solved with.
    route_ids
        ``(group, route number from 1)`` → the id shown in messages; default
        ``<group>-<n>``.

    Returns
    -------
    list of Problem
        One ``plan_check`` error per violation, naming the route and the stop; empty
        when every route is feasible.
    """
    groups = class_groups(classes)
    by_id = {v.id: v for v in vehicle_types}
    out: list[Problem] = []
    for group, plan in plans.items():
        demand = demand_kg[:, groups[group]].sum(axis=1)
        cls = "hazardous" if group == "hazardous" else "ordinary"
        days: dict[str, DayInstance] = {}
        planned = []
        for r, route in enumerate(plan.routes):
            vid = route.vehicle_type
            if vid not in days:
                days[vid] = day_instance(
                    distance_m,
                    timing,
                    list(demand),
                    site_ids,
                    by_id[vid],
                    depot=depot,
                    disposal=disposal.get(group, ()) if isinstance(disposal, Mapping) else disposal,
                    waste_class=cls,
                    name=group,
                    leave_at_opening=False,
                )
            route_id = (route_ids or {}).get((group, r + 1), f"{group}-{r + 1}")
            pr = planned_route(days[vid], route)
            planned.append(pr)
            out += [
                Problem(f"{route_id}: {v.message} {_BUG}", code="plan_check", value=route_id)
                for v in check.schedule_route(days[vid].instance, pr, r).violations
            ]
        if days:
            first = next(iter(days.values())).instance
            cover = check.Instance(
                first.locations, first.distance_m, first.duration_s, first.vehicle_capacity
            )
            out += [
                Problem(f"{group}: {v.message} {_BUG}", code="plan_check", value=group)
                for v in check.check_solution(cover, check.Solution(tuple(planned)))
                if v.code in {"missing_client", "repeated_client"}
            ]
    return out


def raise_for_violations(problems: Sequence[Problem]) -> None:
    """Raise when the independent check found violations (a bug of eipgeo).

    Parameters
    ----------
    problems
        From :func:`check_plans`.

    Raises
    ------
    InfeasibleError
        At least one violation, the first one quoted and all listed.
    """
    if problems:
        message = (
            f"the plan fails the independent check ({len(problems)} violations; "
            f"first: {problems[0].message}); this is a bug of eipgeo, please report it"
        )
        raise InfeasibleError(message, list(problems))
