"""The routing core's data types: vehicles, timing, solver controls, routes and plans.

Plain dataclasses on site indices, metres, seconds and kilograms, with nothing of
geography or of the solver: the bottom layer of :mod:`eipgeo.routing` (data types below
the solver below the adapters, as PyVRP is built). :func:`distance_scale` and
:func:`ceil_kg` say how distances and loads become the integers a solver needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from eipgeo._errors import InfeasibleError, Problem

NO_ROAD_INT = 10**12
"""The integer the solver is given for "no road" (an unreachable pair)."""
_MAX_INT_DISTANCE = 2**40  # keep scaled route sums far from int64 overflow

HAZARDOUS_GROUP = ("hazardous", "controlled")
"""Classes collected apart by licensed vehicles: hazardous, and controlled (KS) codes,
which Circular 02/2022/TT-BTNMT App. III treats as hazardous unless a test shows them
below the threshold (a tested stream should be entered as ``ordinary``)."""


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
        Costs per used vehicle and per km, VND; 0 when unknown (the objective is then
        distance).
    shift_duration_s
        Longest working time of one vehicle per day, s (``None`` = no limit).
    vehicle_class
        Emission class key of ``coefficients.csv`` (``co2e_kg_per_km.<class>.*``);
        ``None`` = chosen from the payload by :func:`eipgeo.routing.frequency.vehicle_class`.
    route_capacity_kg
        Most one route (one vehicle's day) may collect over all its trips, kg
        (``None`` = no limit besides the shift).
    max_stops
        Most pickups on one route (``None`` = no limit).
    shift_s
        ``(start, end)`` of the working day, s from midnight; an end past 86,400 s is the
        next morning (a night shift). ``None`` = the garage's hours.
    break_rule
        ``(duration_s, start_open_s, start_close_s)``: a driver break of that length
        that must *start* inside the window (s from midnight; a close past 86,400 s is
        the next morning). ``None`` = no break.
    """

    id: str
    capacity_kg: int
    num_available: int = 1
    allowed_classes: tuple[str, ...] = ("ordinary", "domestic")
    fixed_cost_vnd: int = 0
    cost_per_km_vnd: int = 0
    shift_duration_s: int | None = None
    vehicle_class: str | None = None
    route_capacity_kg: float | None = None
    max_stops: int | None = None
    shift_s: tuple[float, float] | None = None
    break_rule: tuple[float, float, float] | None = None

    @property
    def day_limits(self) -> bool:
        """Whether a break, a route capacity or a stop limit applies (the wc model's rules)."""
        return (
            self.break_rule is not None
            or self.route_capacity_kg is not None
            or self.max_stops is not None
        )


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


@dataclass(frozen=True)
class Timing:
    """Time data of an instance (all optional; times in s from midnight).

    Attributes
    ----------
    duration_s
        Shape ``(n, n)`` travel times, s; ``None`` = no time dimension.
    service_s
        Length ``n``: time spent loading at each site, s.
    windows_s
        Length ``n``: gate hours ``(open, close)`` per site, s from midnight; for a
        disposal site this is when it accepts loads.
    unload_s
        Time to unload at a disposal site, s (each reload and the final unload).
    unload_at_s
        Length ``n``: the unload time at each site, s, where it differs by disposal
        site (overrides ``unload_s``); ``None`` = ``unload_s`` everywhere.
    """

    duration_s: NDArray[np.float64] | None = None
    service_s: Sequence[float] | None = None
    windows_s: Sequence[tuple[float, float]] | None = None
    unload_s: float = 0.0
    unload_at_s: Sequence[float] | None = None

    def unload(self, site: int) -> float:
        """Return the unload time at ``site``, s.

        Parameters
        ----------
        site
            Site index.

        Returns
        -------
        float
            ``unload_at_s[site]`` when given, else ``unload_s``.
        """
        return float(self.unload_at_s[site]) if self.unload_at_s is not None else self.unload_s


@dataclass
class Visit:
    """One stop of a route: where, when, and the load on board after it.

    ``kind`` is ``start``, ``pickup``, ``unload`` (reload depot), ``end`` (final unload)
    or ``garage`` (back at the garage after the final unload). Times are s from
    midnight: ``arrival_s`` when the truck gets there (for the garage at the start, when
    it leaves), ``start_s`` when service starts (after waiting for a gate, or a break
    taken on arrival), ``departure_s`` when it leaves (after the service, and after a
    break taken there); ``None`` = as ``arrival_s``.
    """

    site: int
    kind: str
    arrival_s: float
    load_kg: float
    pickup_kg: float = 0.0
    start_s: float | None = None
    departure_s: float | None = None


@dataclass
class Route:
    """One vehicle's day: garage, pickups and unloads in order, end.

    Attributes
    ----------
    vehicle_type
        Id of the vehicle type.
    sites
        Site indices in visiting order, from the garage to the last stop (reload depots
        included where the truck unloads between trips).
    distance_m
        Route length, m, summed from the float matrix (includes the garage return).
    load_kg
        Total kg collected.
    visits
        The schedule: one :class:`Visit` per element of ``sites``.
    trips
        Number of trips (unloads).
    duration_s
        Working time from leaving the garage to the end, s (the break included).
    break_start_s
        When the driver break starts, s from midnight (``None`` = no break).
    break_s
        Length of the break, s (0 = none).
    break_after
        Index in ``visits`` after whose service the break is taken (``None`` = none).
    """

    vehicle_type: str
    sites: list[int]
    distance_m: float
    load_kg: int
    visits: list[Visit] = field(default_factory=list)
    trips: int = 1
    duration_s: float = 0.0
    break_start_s: float | None = None
    break_s: float = 0.0
    break_after: int | None = None


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
    classes
        Waste classes carried.
    """

    routes: list[Route] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    distance_m: float = 0.0
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ends:
    """Where routes start, unload and end (site indices).

    Attributes
    ----------
    depot
        The garage.
    end_depot
        Where the last trip unloads (``None`` = back to the garage).
    reload
        Disposal or transfer sites where a truck may unload between trips.
    garage_return
        Add the ``end_depot`` → garage leg after the last unload.
    """

    depot: int = 0
    end_depot: int | None = None
    reload: tuple[int, ...] = ()
    garage_return: bool = False

    def fixed(self) -> set[int]:
        """Return the indices that are not clients."""
        return {self.depot, *self.reload} | (
            {self.end_depot} if self.end_depot is not None else set()
        )


LONGEST_OVERNIGHT_S = 12 * 3600
"""A window given with its close before its open (``22:00``–``06:00``) is read as running
overnight when it lasts at most this long (12 h); a longer one is more likely the two
times swapped (``17:00``–``08:00`` for ``08:00``–``17:00``) and is refused unless the close
says ``+1d``. A declared rule of eipgeo, not a source's."""


def clock_s(text: str) -> float:
    """Return seconds from midnight for ``HH:MM`` (``24:00`` = midnight at the day's end).

    Parameters
    ----------
    text
        ``HH:MM`` or ``HH:MM:SS``; a ``+1d`` suffix adds a day (the next morning).

    Returns
    -------
    float
        Seconds from midnight of the plan day.

    Raises
    ------
    ValueError
        Not a time of day, with how to write one.
    """
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(\+1d)?\s*", str(text))
    if match is None:
        message = f"'{text}' is not a time; write HH:MM, e.g. 07:30 (22:00-06:00 runs overnight)"
        raise ValueError(message)
    h, m, sec = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if h > 24 or m > 59 or sec > 59 or (h == 24 and m + sec > 0):
        message = f"'{text}' is not a time of day; hours 00-24, minutes 00-59"
        raise ValueError(message)
    return h * 3600.0 + m * 60.0 + sec + (86_400.0 if match.group(4) else 0.0)


def window_s(open_text: str, close_text: str) -> tuple[float, float]:
    """Return a daily window from two ``HH:MM`` texts, unrolling an overnight one.

    Parameters
    ----------
    open_text, close_text
        Opening and closing, ``HH:MM``; a close before the open runs overnight
        (``22:00``–``06:00``) when the window is at most :data:`LONGEST_OVERNIGHT_S`
        long, or when the close says ``+1d`` (``17:00``–``08:00+1d``).

    Returns
    -------
    tuple of float
        ``(open_s, close_s)``, s from midnight; ``close_s`` > 86,400 s for an overnight
        window.

    Raises
    ------
    ValueError
        A text is not a time; the window is empty (close = open); or the close is before
        the open and read overnight the window would last over 12 h (ambiguous: likely
        swapped), each with how to fix it.
    """
    lo, hi = clock_s(open_text), clock_s(close_text)
    if lo >= 86_400.0:
        message = (
            f"opens at {open_text}: '+1d' is only for the close; a window wholly after "
            f"midnight is written without it (e.g. 02:00-03:00)"
        )
        raise ValueError(message)
    if hi == lo:
        message = (
            f"closes when it opens ({open_text}-{close_text}): an empty window; "
            "for all day give 00:00-24:00"
        )
        raise ValueError(message)
    if hi < lo:
        if lo - hi < 86_400.0 - LONGEST_OVERNIGHT_S:
            message = (
                f"closes at {close_text}, before it opens at {open_text}; read overnight it "
                f"would last {(hi + 86_400.0 - lo) / 3600:g} h (over 12 h, likely swapped): "
                f"write {close_text}-{open_text}, or {close_text}+1d as the close for an "
                "overnight window"
            )
            raise ValueError(message)
        hi += 86_400.0
    return lo, hi


def distance_scale(distance_m: NDArray[np.float64]) -> int:
    """Return the power of ten that makes every positive distance ≥ 1 when integer.

    Parameters
    ----------
    distance_m
        Square matrix, m; ``inf`` allowed.

    Returns
    -------
    int
        1 when all positive finite distances are ≥ 1 m, else 10, 100, ... so that the
        smallest becomes ≥ 1 (e.g. 0.25 m → 10, since 0.25 × 10 = 2.5).

    Raises
    ------
    InfeasibleError
        The scaled largest distance would exceed ``2**40`` (range too wide for integers).
    """
    finite = distance_m[np.isfinite(distance_m)]
    positive = finite[finite > 0]
    if positive.size == 0:
        return 1
    scale = 1
    while positive.min() * scale < 1:
        scale *= 10
    if positive.max() * scale * max(len(distance_m), 1) > _MAX_INT_DISTANCE:
        raise InfeasibleError(
            f"distances span {positive.min():g} m to {positive.max():g} m: too wide to make "
            "integer; check the matrix unit (--matrix-unit) or merge co-located sites",
            [
                Problem(
                    "distance range too wide", code="distance_range", value=float(positive.min())
                )
            ],
        )
    return scale


def ceil_kg(q: float) -> int:
    """Return the integer pickup the solver sees: kg rounded up (never 0 when q > 0).

    Parameters
    ----------
    q
        Quantity to pick up, kg; a value within 1e-9 kg above an integer rounds down to it.

    Returns
    -------
    int
        kg.
    """
    return int(math.ceil(q - 1e-9))


MAX_LOAD_SCALE = 10**6
"""Finest load unit the solver is given: 1 mg (kg × 10⁶)."""


def load_scale(demand_kg: Sequence[float], capacities_kg: Sequence[float]) -> int:
    """Return the power of ten that makes every pickup and capacity a whole number.

    PyVRP works on integer loads. Rounding each pickup up to a whole kilogram changes
    which loads fit a truck (two pickups of 0.5 kg would fill a 1 kg vehicle twice over),
    so loads are scaled instead: by the smallest power of ten (up to
    :data:`MAX_LOAD_SCALE`) that makes every positive pickup and every capacity an
    integer to within 1e-9 of it. Where no such power exists (e.g. 1/3 kg), the largest
    one within the integer range is used, so rounding moves each pickup by under 1 mg.

    Parameters
    ----------
    demand_kg
        Pickups, kg (zeros and non-finite values ignored).
    capacities_kg
        Vehicle capacities, kg.

    Returns
    -------
    int
        1, 10, 100, ... ≤ :data:`MAX_LOAD_SCALE`, keeping every scaled capacity and the
        scaled total pickup under ``2**40``.
    """
    values = [float(q) for q in [*demand_kg, *capacities_kg] if math.isfinite(q) and q > 0]
    if not values:
        return 1
    ceiling = _MAX_INT_DISTANCE / sum(values)  # the largest load a route can sum to
    scale = 1
    while scale < MAX_LOAD_SCALE and scale * 10 <= ceiling:
        if all(abs(q * scale - round(q * scale)) <= 1e-9 * max(1.0, q * scale) for q in values):
            return scale
        scale *= 10
    return scale


def scaled_load(q: float, scale: int) -> int:
    """Return the integer load the solver sees for ``q`` kg at ``scale`` (rounded up).

    Parameters
    ----------
    q
        Quantity, kg.
    scale
        From :func:`load_scale`.

    Returns
    -------
    int
        ``q × scale`` rounded up (within 1e-9 of an integer rounds to it), never 0 when
        ``q > 0``.
    """
    return ceil_kg(q * scale)
