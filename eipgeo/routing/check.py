"""Independent feasibility checker for waste-collection plans (VRPTW with disposal trips).

The instance and solution types of waste-collection routing, and a checker that takes a
plan and recomputes every arrival, wait, service, break, load and capacity from scratch,
with plain arithmetic. It does not import the solver: a plan the solver returns is
checked here, and a violation is a bug in the model, never a tolerance to tune.

The problem is the one of Kim, Kim & Sahoo (2006) and of ``eipgeo route`` with hours:

* one depot (the garage); its time window is the drivers' shift (``depot hours``);
* clients with a demand, a service time, a time window on the *start* of service and a
  waste class;
* disposal sites (landfills, transfer stations) with an unload (service) time and hours;
  arriving at one empties the vehicle;
* a vehicle capacity, a route (daily) capacity on the total collected, a maximum number
  of client stops per route;
* a driver break of a given duration that must *start* inside a window;
* hazardous and controlled waste never share a trip with other classes.

Time
----
Times are seconds from midnight of the plan day. A window ``(open_s, close_s)`` with
``close_s < open_s`` runs overnight (``(79200, 21600)`` is 22:00–06:00). Windows recur
every day: a time is inside a window when it falls in one of its daily occurrences.
A route lives in one occurrence of the depot window, its *horizon*: it leaves the depot
when the depot opens, and every service and the return happen no later than the depot
closes (a depot window ``22:00–06:00`` gives the horizon 22:00 to 06:00 the next morning,
i.e. 79,200 s to 108,000 s). A vehicle that arrives before a window opens waits; one that
arrives after it closes may wait for the next day's opening only if that still falls
inside the horizon.

Checking the earliest schedule (leave the depot at its opening, serve each stop as early
as its window allows) is exact here: with waiting allowed and no limit on the route's
duration, any later schedule reaches every stop later, never earlier.

Break
-----
``PlannedRoute.break_after = k`` means the break is taken between the service at
``stops[k]`` and the service at ``stops[k + 1]``, and must *start* inside its window. The
driver takes it on arrival at ``stops[k + 1]`` (waiting there for the window to open if
need be) when that starts in time, since it is the earliest way to be ready for the next
service; otherwise at ``stops[k]`` as soon as the service ends or the window opens
(Kim et al.'s lunch "stop" with zero travel, the window as its time window), then
drives on. No break ever overlaps driving or a service. ``k`` may be the last index (the
break is taken back at the depot; it must end before the depot closes). A route needs a
break when it is back at the depot after the break window opens; a route back before
it opens has ``break_after=None``.

Trips
-----
A trip runs from the depot or a disposal site to the next disposal site or the depot.
A trip that collects anything (visits a client) must end at a disposal site, so every
vehicle unloads before it returns to the depot, and returns empty. Loads are counted in
``Instance.load_unit`` (kg, m³, yd³...), the unit of demands and capacities.

Only numpy, dataclasses and typing are imported, on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

DAY_S = 86400.0
"""Seconds in a day: windows recur with this period."""

TIME_TOLERANCE_S = 1e-6
"""Float slack on every time comparison, s."""

LOAD_TOLERANCE = 1e-9
"""Float slack on every load comparison, in the instance's load unit."""

LocationKind = Literal["depot", "client", "disposal"]

HAZARDOUS_CLASSES = ("hazardous", "controlled")
"""Classes collected apart (:attr:`Instance.apart_classes` default), as in
:data:`eipgeo.routing.HAZARDOUS_GROUP`."""


@dataclass(frozen=True)
class Location:
    """A depot, client or disposal site.

    Attributes
    ----------
    id
        Name shown in messages (the instance's own stop id).
    kind
        ``depot``, ``client`` or ``disposal``.
    demand
        What a client gives, in :attr:`Instance.load_unit`; ignored elsewhere.
    service_s
        Time spent at the stop, s: collection at a client, unloading at a disposal site.
    tw_open_s, tw_close_s
        Window on the *start* of service, s from midnight; ``tw_close_s < tw_open_s``
        is an overnight window. For the depot, its hours: when routes may leave and by
        when they must be back.
    waste_class
        A client's waste class (``ordinary``, ``hazardous``, ...).
    accepts
        A disposal site's accepted classes; empty = all.
    """

    id: str
    kind: LocationKind
    demand: float = 0.0
    service_s: float = 0.0
    tw_open_s: float = 0.0
    tw_close_s: float = DAY_S
    waste_class: str = "ordinary"
    accepts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Reject negative or non-finite amounts and windows outside one day."""
        problems = []
        if self.kind not in ("depot", "client", "disposal"):
            problems.append(f"kind {self.kind!r} is not depot, client or disposal")
        if not (np.isfinite(self.demand) and self.demand >= 0):
            problems.append(f"demand {self.demand!r} must be a number ≥ 0")
        if not (np.isfinite(self.service_s) and self.service_s >= 0):
            problems.append(f"service_s {self.service_s!r} must be a number ≥ 0")
        for name, value in (("tw_open_s", self.tw_open_s), ("tw_close_s", self.tw_close_s)):
            if not (np.isfinite(value) and 0 <= value <= DAY_S):
                problems.append(f"{name} {value!r} must be in [0, {DAY_S:.0f}] s")
        if problems:
            message = f"location {self.id!r}: " + "; ".join(problems)
            raise ValueError(message)


@dataclass(frozen=True)
class BreakRule:
    """A driver break: how long, and when it may start.

    Attributes
    ----------
    duration_s
        Length of the break, s.
    start_open_s, start_close_s
        Window on the start of the break, s from midnight (overnight when close < open).
    """

    duration_s: float
    start_open_s: float
    start_close_s: float


@dataclass(frozen=True, eq=False)
class Instance:
    """A waste-collection routing instance on plain arrays.

    Attributes
    ----------
    locations
        Every location; exactly one is the depot.
    distance_m
        Shape ``(n, n)``, metres, rows = from.
    duration_s
        Shape ``(n, n)``, travel times, s, rows = from.
    vehicle_capacity
        What a vehicle holds between two unloads, in :attr:`load_unit`.
    route_capacity
        What one route (driver-day) may collect in total, in :attr:`load_unit`.
    max_stops
        Most client stops per route (``None`` = no limit).
    break_rule
        The driver break (``None`` = no break).
    max_vehicles
        Most routes (``None`` = no limit).
    apart_classes
        Classes that never share a trip with a class outside this set.
    load_unit
        Unit of demands and capacities (``kg``, ``m3``, ``yd3``...), for messages.
    name
        Instance name, for messages.
    """

    locations: tuple[Location, ...]
    distance_m: NDArray[np.float64]
    duration_s: NDArray[np.float64]
    vehicle_capacity: float
    route_capacity: float = float("inf")
    max_stops: int | None = None
    break_rule: BreakRule | None = None
    max_vehicles: int | None = None
    apart_classes: tuple[str, ...] = HAZARDOUS_CLASSES
    load_unit: str = "kg"
    name: str = ""

    def __post_init__(self) -> None:
        """Check shapes and that there is exactly one depot."""
        n = len(self.locations)
        problems = []
        for label, matrix in (("distance_m", self.distance_m), ("duration_s", self.duration_s)):
            if np.shape(matrix) != (n, n):
                problems.append(f"{label} is {np.shape(matrix)}, expected ({n}, {n})")
        depots = [loc.id for loc in self.locations if loc.kind == "depot"]
        if len(depots) != 1:
            problems.append(f"{len(depots)} depots ({', '.join(depots)}); give exactly one")
        if problems:
            message = f"instance {self.name!r}: " + "; ".join(problems)
            raise ValueError(message)

    @property
    def depot(self) -> int:
        """Index of the depot."""
        return next(i for i, loc in enumerate(self.locations) if loc.kind == "depot")

    @property
    def clients(self) -> list[int]:
        """Indices of the clients, in order."""
        return [i for i, loc in enumerate(self.locations) if loc.kind == "client"]

    @property
    def disposal_sites(self) -> list[int]:
        """Indices of the disposal sites, in order."""
        return [i for i, loc in enumerate(self.locations) if loc.kind == "disposal"]


@dataclass(frozen=True)
class PlannedRoute:
    """One vehicle's day.

    Attributes
    ----------
    stops
        Location indices (into :attr:`Instance.locations`) in visiting order, from the
        depot back to the depot, with every disposal visit.
    break_after
        Index in ``stops`` after whose service the break starts; ``None`` when the
        route is back at the depot before the break window opens.
    """

    stops: tuple[int, ...]
    break_after: int | None = None


@dataclass(frozen=True)
class Solution:
    """A plan: one :class:`PlannedRoute` per vehicle used."""

    routes: tuple[PlannedRoute, ...] = ()


@dataclass(frozen=True)
class Violation:
    """One broken rule.

    Attributes
    ----------
    code
        Stable identifier: ``late``, ``break_window``, ``missing_break``,
        ``break_position``, ``vehicle_capacity``, ``route_capacity``, ``max_stops``,
        ``mixed_classes``, ``class_not_accepted``, ``trip_end``, ``route_start``,
        ``route_end``, ``depot_mid_route``, ``unknown_stop``, ``missing_client``,
        ``repeated_client``, ``max_vehicles``.
    route
        Index of the route in :attr:`Solution.routes` (``None`` for plan-wide rules).
    position
        Index in the route's ``stops`` where it happens (``None`` if route-wide).
    message
        What is broken, with the binding numbers.
    excess
        By how much (s for times, the load unit for loads, a count for stops).
    """

    code: str
    route: int | None
    position: int | None
    message: str
    excess: float = 0.0


@dataclass(frozen=True)
class StopTime:
    """The recomputed schedule at one stop of a route (times in s from midnight).

    ``arrival_s`` is when the vehicle gets there; ``wait_s`` = ``start_s - arrival_s``
    includes a break taken on arrival.
    """

    position: int
    location: int
    arrival_s: float
    start_s: float
    wait_s: float
    end_s: float
    load_after: float


@dataclass(frozen=True)
class RouteSchedule:
    """A route's recomputed schedule and what it breaks.

    Attributes
    ----------
    stops
        One :class:`StopTime` per stop (empty when the route cannot be read).
    break_start_s
        When the break starts (``None`` = no break).
    return_s
        Arrival back at the depot.
    distance_m
        Route length, m.
    collected
        Total collected, in the load unit.
    num_clients
        Client stops.
    violations
        Every broken rule of this route.
    """

    stops: tuple[StopTime, ...]
    break_start_s: float | None
    return_s: float
    distance_m: float
    collected: float
    num_clients: int
    violations: tuple[Violation, ...] = field(default_factory=tuple)

    @property
    def feasible(self) -> bool:
        """Whether no rule is broken."""
        return not self.violations


def clock(t_s: float) -> str:
    """Return ``HH:MM:SS`` for seconds from midnight, with ``+Nd`` past midnight.

    Parameters
    ----------
    t_s
        Seconds from midnight of the plan day.

    Returns
    -------
    str
        E.g. ``11:42:10`` or ``02:00:00+1d``.
    """
    day = int(np.floor(t_s / DAY_S))
    rest = t_s - day * DAY_S
    whole = int(np.floor(rest + 1e-6))
    h, m, s = whole // 3600, (whole // 60) % 60, whole % 60
    return f"{h:02d}:{m:02d}:{s:02d}" + (f"+{day}d" if day else "")


def span_s(open_s: float, close_s: float) -> tuple[float, float]:
    """Return a window as an interval of the plan day, unrolling an overnight one.

    Parameters
    ----------
    open_s, close_s
        The window, s from midnight.

    Returns
    -------
    tuple of float
        ``(open_s, close_s)``, with ``close_s + 86400`` when ``close_s < open_s``.
    """
    return open_s, close_s if close_s >= open_s else close_s + DAY_S


def horizon_s(instance: Instance) -> tuple[float, float]:
    """Return the routes' horizon: the depot window on the plan day's timeline, s.

    Parameters
    ----------
    instance
        The instance (its depot's window, s after midnight).

    Returns
    -------
    tuple of (float, float)
        Opening and closing, s; an overnight window closes the next day (+86,400 s).
    """
    depot = instance.locations[instance.depot]
    return span_s(depot.tw_open_s, depot.tw_close_s)


def break_window_s(instance: Instance) -> tuple[float, float] | None:
    """Return the occurrence of the break window that the routes must use, s.

    The first daily occurrence that closes at or after the depot opens; ``None`` when
    there is no break rule or that occurrence opens after the depot closes.

    Parameters
    ----------
    instance
        The instance (its break rule and depot window, s after midnight).

    Returns
    -------
    tuple of (float, float) or None
        Earliest and latest break start, s on the plan day's timeline.
    """
    rule = instance.break_rule
    if rule is None:
        return None
    lo, hi = span_s(rule.start_open_s, rule.start_close_s)
    h0, h1 = horizon_s(instance)
    k = np.ceil((h0 - hi) / DAY_S)
    lo, hi = lo + k * DAY_S, hi + k * DAY_S
    return None if lo > h1 else (float(lo), float(hi))


def window_start_s(arrival_s: float, open_s: float, close_s: float) -> tuple[float, float]:
    """Return the earliest service start at or after an arrival, and how long it is closed.

    Parameters
    ----------
    arrival_s
        Arrival time, s from midnight of the plan day.
    open_s, close_s
        The stop's daily window, s from midnight (overnight when close < open).

    Returns
    -------
    tuple of float
        ``(start_s, closed_for_s)``: ``start_s`` is the arrival when the window is open,
        else its next opening (later that day or on a following day); ``closed_for_s`` is
        0 when the window is open at the arrival, else the time since it last closed.
    """
    lo, hi = span_s(open_s, close_s)
    if hi - lo >= DAY_S:
        return arrival_s, 0.0
    k = np.floor((arrival_s - lo) / DAY_S)  # the occurrence that opened last
    occ_lo, occ_hi = lo + k * DAY_S, hi + k * DAY_S
    if arrival_s <= occ_hi + TIME_TOLERANCE_S:
        return float(max(arrival_s, occ_lo)), 0.0
    return float(occ_lo + DAY_S), float(arrival_s - occ_hi)


def _window_text(loc: Location) -> str:
    return f"{clock(loc.tw_open_s)}–{clock(loc.tw_close_s)}"


def _stop_text(instance: Instance, route: int, pos: int, stops: tuple[int, ...]) -> str:
    loc = instance.locations[stops[pos]]
    return f"routes[{route}] stops[{pos}] ({loc.kind} {loc.id})"


@dataclass
class _Walk:
    """Running state of one route walk (loads, trip, counts)."""

    load: float = 0.0
    collected: float = 0.0
    num_clients: int = 0
    trip_classes: set[str] = field(default_factory=set)
    trip_clients: int = 0
    trip_over: bool = False
    route_over: bool = False
    stops_over: bool = False
    mixed: bool = False


def _structure(instance: Instance, route: PlannedRoute, index: int) -> list[Violation]:
    """Check the stop list itself: known indices, depot at both ends only, break index."""
    stops, n = route.stops, len(instance.locations)
    bad = [p for p, s in enumerate(stops) if not 0 <= s < n]
    if len(stops) < 2 or bad:
        what = (
            f"has {len(stops)} stops; a route is at least depot → depot"
            if len(stops) < 2
            else f"stops[{bad[0]}] = {stops[bad[0]]} is not a location index (0..{n - 1})"
        )
        return [
            Violation("unknown_stop", index, bad[0] if bad else None, f"routes[{index}] {what}")
        ]
    out = []
    depot = instance.locations[instance.depot]
    for pos, code, word in ((0, "route_start", "start"), (len(stops) - 1, "route_end", "end")):
        if instance.locations[stops[pos]].kind != "depot":
            out.append(
                Violation(
                    code,
                    index,
                    pos,
                    f"{_stop_text(instance, index, pos, stops)}: "
                    f"a route must {word} at the depot {depot.id}",
                )
            )
    out += [
        Violation(
            "depot_mid_route",
            index,
            p,
            f"{_stop_text(instance, index, p, stops)}: the depot inside a route; "
            "split it into two routes",
        )
        for p in range(1, len(stops) - 1)
        if instance.locations[stops[p]].kind == "depot"
    ]
    k = route.break_after
    if k is not None and not 0 <= k < len(stops):
        out.append(
            Violation(
                "break_position",
                index,
                None,
                f"routes[{index}] break_after = {k}, not an index of its {len(stops)} stops",
            )
        )
    return out


def _load_rules(
    instance: Instance, walk: _Walk, index: int, pos: int, stops: tuple[int, ...]
) -> list[Violation]:
    """Update loads for the stop at ``pos``; return the capacity and class violations."""
    loc = instance.locations[stops[pos]]
    unit = instance.load_unit
    where = _stop_text(instance, index, pos, stops)
    out = []
    if loc.kind == "client":
        walk.load += loc.demand
        walk.collected += loc.demand
        walk.num_clients += 1
        walk.trip_clients += 1
        walk.trip_classes.add(loc.waste_class)
        if walk.load > instance.vehicle_capacity + LOAD_TOLERANCE and not walk.trip_over:
            walk.trip_over = True
            out.append(
                Violation(
                    "vehicle_capacity",
                    index,
                    pos,
                    f"{where}: {walk.load:g} {unit} on board, over the vehicle "
                    f"capacity {instance.vehicle_capacity:g} {unit}",
                    walk.load - instance.vehicle_capacity,
                )
            )
        if walk.collected > instance.route_capacity + LOAD_TOLERANCE and not walk.route_over:
            walk.route_over = True
            out.append(
                Violation(
                    "route_capacity",
                    index,
                    pos,
                    f"{where}: {walk.collected:g} {unit} collected on the route, "
                    f"over the route capacity {instance.route_capacity:g} {unit}",
                    walk.collected - instance.route_capacity,
                )
            )
        if (
            instance.max_stops is not None
            and walk.num_clients > instance.max_stops
            and not walk.stops_over
        ):
            walk.stops_over = True
            out.append(
                Violation(
                    "max_stops",
                    index,
                    pos,
                    f"{where}: client stop {walk.num_clients}, over the "
                    f"{instance.max_stops} stops a route may make",
                    1.0,
                )
            )
        apart = set(instance.apart_classes)
        if not walk.mixed and walk.trip_classes & apart and walk.trip_classes - apart:
            walk.mixed = True
            out.append(
                Violation(
                    "mixed_classes",
                    index,
                    pos,
                    f"{where}: {loc.waste_class} waste joins a trip carrying "
                    f"{', '.join(sorted(walk.trip_classes - {loc.waste_class}))}; "
                    f"{', '.join(instance.apart_classes)} waste rides apart; "
                    "unload first",
                )
            )
    elif loc.kind == "disposal":
        refused = sorted(walk.trip_classes - set(loc.accepts)) if loc.accepts else []
        if refused:
            out.append(
                Violation(
                    "class_not_accepted",
                    index,
                    pos,
                    f"{where}: does not accept {', '.join(refused)} waste "
                    f"(accepts {', '.join(loc.accepts)})",
                )
            )
        walk.load = 0.0
        walk.trip_classes, walk.trip_clients = set(), 0
        walk.trip_over = walk.mixed = False
    elif pos == len(stops) - 1 and walk.trip_clients:
        out.append(
            Violation(
                "trip_end",
                index,
                pos,
                f"{where}: the last trip collects {walk.trip_clients} client(s) "
                f"and comes back with {walk.load:g} {unit} on board; it must "
                "end at a disposal site",
                walk.load,
            )
        )
    return out


def _arrive(
    instance: Instance,
    index: int,
    pos: int,
    stops: tuple[int, ...],
    arrival: float,
    horizon: tuple[float, float],
) -> tuple[float, list[Violation]]:
    """Return the service start at ``stops[pos]`` and its time-window violations."""
    loc = instance.locations[stops[pos]]
    where = _stop_text(instance, index, pos, stops)
    if loc.kind == "depot":
        if arrival > horizon[1] + TIME_TOLERANCE_S:
            return arrival, [
                Violation(
                    "late",
                    index,
                    pos,
                    f"{where}: back at {clock(arrival)}, after the depot "
                    f"closes at {clock(horizon[1])} (late by "
                    f"{arrival - horizon[1]:.1f} s)",
                    arrival - horizon[1],
                )
            ]
        return arrival, []
    start, closed_for = window_start_s(arrival, loc.tw_open_s, loc.tw_close_s)
    if start <= horizon[1] + TIME_TOLERANCE_S:
        return start, []
    if closed_for > 0 and arrival - closed_for >= horizon[0]:
        return arrival, [
            Violation(
                "late",
                index,
                pos,
                f"{where}: arrives {clock(arrival)}, after its window "
                f"{_window_text(loc)} closes (late by {closed_for:.1f} s)",
                closed_for,
            )
        ]
    return arrival, [
        Violation(
            "late",
            index,
            pos,
            f"{where}: arrives {clock(arrival)}; its window "
            f"{_window_text(loc)} next opens at {clock(start)}, after the "
            f"depot closes at {clock(horizon[1])}",
            start - horizon[1],
        )
    ]


def break_start_s(
    end_s: float, travel_s: float | None, window: tuple[float, float]
) -> tuple[float, bool] | None:
    """Return when a break placed after a service starts, and whether on the next arrival.

    Parameters
    ----------
    end_s
        When the service after which the break is placed ends, s.
    travel_s
        Travel time to the next stop, s (``None`` at the route's last stop).
    window
        The break-start window on the plan day's timeline, s.

    Returns
    -------
    tuple or None
        ``(start_s, at_next)``: on arrival at the next stop, waiting for the window to
        open if need be, when that starts in the window (``at_next`` = True, the
        earliest way to be ready for the next service); else at this stop, as soon as
        the service ends or the window opens. ``None`` when neither starts by the
        window's close.
    """
    if travel_s is not None:
        on_arrival = max(end_s + travel_s, window[0])
        if on_arrival <= window[1] + TIME_TOLERANCE_S:
            return on_arrival, True
    here = max(end_s, window[0])
    return (here, False) if here <= window[1] + TIME_TOLERANCE_S else None


def _take_break(
    instance: Instance,
    index: int,
    pos: int,
    stops: tuple[int, ...],
    end: float,
    window: tuple[float, float] | None,
    horizon: tuple[float, float],
) -> tuple[float, bool, list[Violation]]:
    """Return the start of the break after ``stops[pos]``, if on arrival, and violations."""
    rule = instance.break_rule
    where = _stop_text(instance, index, pos, stops)
    if rule is None or window is None:
        return (
            end,
            False,
            [
                Violation(
                    "break_window",
                    index,
                    pos,
                    f"{where}: a break is placed but the instance has no "
                    "break window inside the depot hours",
                )
            ],
        )
    last = pos == len(stops) - 1
    travel = None if last else float(instance.duration_s[stops[pos], stops[pos + 1]])
    timing = break_start_s(end, travel, window)
    if timing is None:
        start = max(end, window[0])
        return (
            start,
            False,
            [
                Violation(
                    "break_window",
                    index,
                    pos,
                    f"{where}: the break would start at {clock(start)} "
                    f"(service ends {clock(end)}), "
                    f"after its window {clock(window[0])}–{clock(window[1])} closes (late by "
                    f"{start - window[1]:.1f} s)",
                    start - window[1],
                )
            ],
        )
    start, at_next = timing
    if last and start + rule.duration_s > horizon[1] + TIME_TOLERANCE_S:
        return (
            start,
            False,
            [
                Violation(
                    "break_window",
                    index,
                    pos,
                    f"{where}: the break at the depot ends at "
                    f"{clock(start + rule.duration_s)}, after "
                    f"the depot closes at {clock(horizon[1])}",
                    start + rule.duration_s - horizon[1],
                )
            ],
        )
    return start, at_next, []


def schedule_route(instance: Instance, route: PlannedRoute, index: int = 0) -> RouteSchedule:
    """Recompute one route's schedule, loads and every rule it breaks.

    Parameters
    ----------
    instance
        The instance.
    route
        The route to check.
    index
        Its index in the solution, used in messages.

    Returns
    -------
    RouteSchedule
        Times, loads, length and violations (see the module docstring for the rules).
    """
    violations = _structure(instance, route, index)
    stops = route.stops
    if any(v.code == "unknown_stop" for v in violations):
        return RouteSchedule((), None, 0.0, 0.0, 0.0, 0, tuple(violations))
    horizon = horizon_s(instance)
    window = break_window_s(instance)
    walk = _Walk()
    times: list[StopTime] = []
    distance = 0.0
    departure = arrival = ready = horizon[0]
    length = instance.break_rule.duration_s if instance.break_rule is not None else 0.0
    break_start: float | None = None
    break_on_arrival = False
    for pos, loc_idx in enumerate(stops):
        loc = instance.locations[loc_idx]
        if pos > 0:
            prev = stops[pos - 1]
            arrival = departure + float(instance.duration_s[prev, loc_idx])
            distance += float(instance.distance_m[prev, loc_idx])
            # a break taken on arrival here delays the service, not the drive
            ready = (
                arrival
                if not break_on_arrival or break_start is None
                else max(arrival, break_start + length)
            )
            ready, late = _arrive(instance, index, pos, stops, ready, horizon)
            violations += late
        start = ready
        end = start + loc.service_s
        violations += _load_rules(instance, walk, index, pos, stops)
        departure = end
        if route.break_after == pos:
            break_start, break_on_arrival, broken = _take_break(
                instance, index, pos, stops, end, window, horizon
            )
            violations += broken
            if not break_on_arrival:
                departure = break_start + length
        times.append(StopTime(pos, loc_idx, arrival, start, start - arrival, end, walk.load))
    if window is not None and route.break_after is None and arrival > window[0] + TIME_TOLERANCE_S:
        violations.append(
            Violation(
                "missing_break",
                index,
                None,
                f"routes[{index}] is back at the depot at {clock(arrival)}, "
                f"after the break window opens at {clock(window[0])}, but "
                "has no break; place one (break_after)",
                arrival - window[0],
            )
        )
    return RouteSchedule(
        tuple(times),
        break_start,
        arrival,
        distance,
        walk.collected,
        walk.num_clients,
        tuple(violations),
    )


def _coverage(instance: Instance, solution: Solution) -> list[Violation]:
    """Every client exactly once; no more routes than vehicles."""
    n = len(instance.locations)
    seen: dict[int, tuple[int, int]] = {}
    out = []
    for r, route in enumerate(solution.routes):
        for pos, s in enumerate(route.stops):
            if not 0 <= s < n or instance.locations[s].kind != "client":
                continue
            if s in seen:
                first = seen[s]
                out.append(
                    Violation(
                        "repeated_client",
                        r,
                        pos,
                        f"client {instance.locations[s].id} is visited again at "
                        f"routes[{r}] stops[{pos}] (first at routes[{first[0]}] "
                        f"stops[{first[1]}])",
                    )
                )
            else:
                seen[s] = (r, pos)
    out += [
        Violation(
            "missing_client",
            None,
            None,
            f"client {instance.locations[c].id} (index {c}) is on no route",
        )
        for c in instance.clients
        if c not in seen
    ]
    used = sum(1 for route in solution.routes if len(route.stops) > 2)
    if instance.max_vehicles is not None and used > instance.max_vehicles:
        out.append(
            Violation(
                "max_vehicles",
                None,
                None,
                f"{used} routes, over the {instance.max_vehicles} vehicles available",
                float(used - instance.max_vehicles),
            )
        )
    return out


def check_solution(instance: Instance, solution: Solution) -> list[Violation]:
    """Recompute a plan from scratch and return every rule it breaks.

    Parameters
    ----------
    instance
        The instance (locations, matrices, capacities, break rule, depot hours).
    solution
        The plan: ordered stops per route with the break position.

    Returns
    -------
    list of Violation
        Empty when the plan is feasible; otherwise one entry per broken rule, naming the
        route, the stop and the binding numbers.

    Notes
    -----
    The rules are in the module docstring. Each route is walked from the depot's
    opening: arrival = previous departure + travel time; service starts at the arrival
    or when the window opens; the break, when placed after a stop, starts when its
    service ends or when the break window opens; loads rise at clients and drop to 0
    at disposal sites. Per route, a broken capacity is reported once, at the stop where
    it is first exceeded (per trip for the vehicle capacity).
    """
    out: list[Violation] = []
    for r, route in enumerate(solution.routes):
        out += schedule_route(instance, route, r).violations
    return out + _coverage(instance, solution)


def solution_distance_m(instance: Instance, solution: Solution) -> float:
    """Return the total length of a plan, m, summed from ``instance.distance_m``.

    Parameters
    ----------
    instance
        The instance (its distance matrix, m).
    solution
        The plan (stops per route, as location indices).

    Returns
    -------
    float
        Metres.
    """
    return float(
        sum(
            instance.distance_m[a, b]
            for route in solution.routes
            for a, b in zip(route.stops[:-1], route.stops[1:], strict=True)
        )
    )
