"""Weekly collection frequency, day assignment, and per-route km, fuel, CO2e and cost.

Frequency comes from a stream's daily volume and a storage limit set by the user: the
legal maximum storage time of hazardous waste at the generator was not found (D08 Art.
71 located, its text not seen; ``shared/data/legal/regulatory_facts.md`` A2), so the
limit has no default. Visits are spread evenly over the collection days and assigned
to the pattern that keeps the heaviest day lightest.

Emission factors are UK DESNZ 2025 HGV factors per vehicle class, empty (0 % laden)
and full (100 % laden), kg CO2e per km, tank-to-wheel (rows ``co2e_kg_per_km.*`` of
``coefficients.csv``). A leg's factor is interpolated linearly on the load fraction
(an assumption: DESNZ publishes 0 %, 50 %-average and 100 % points).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eipgeo import coefficients
from eipgeo._errors import Problem, ValidationError
from eipgeo.routing.model import HAZARDOUS_GROUP, Route, VehicleType

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def vehicle_class(vt: VehicleType) -> str:
    """Return the emission class of a vehicle type (its own, else from the payload).

    The payload → gross-weight class map is an assumption (a rigid truck's payload is
    roughly half its gross weight): ≤ 3.5 t payload → ``rigid_3.5_7.5t``; ≤ 9 t →
    ``rigid_7.5_17t``; larger → ``rigid_17t_plus``.

    Parameters
    ----------
    vt
        The vehicle type: its own ``vehicle_class`` when set, else its payload
        ``capacity_kg`` (kg).

    Returns
    -------
    str
        An emission class key of ``coefficients.csv`` (``co2e_kg_per_km.<class>.*``).
    """
    if vt.vehicle_class:
        return vt.vehicle_class
    if vt.capacity_kg <= 3500:
        return "rigid_3.5_7.5t"
    return "rigid_7.5_17t" if vt.capacity_kg <= 9000 else "rigid_17t_plus"


@dataclass(frozen=True)
class RouteMetrics:
    """Figures of one route (one day).

    Attributes
    ----------
    km_laden, km_empty
        Distance driven with waste on board / empty, km.
    hours
        Working time from leaving the garage to the end, h.
    t_km
        Sum over legs of load (t) × length (km).
    fuel_l
        Diesel, L: CO2e / 2.662 kg CO2e per L (DESNZ 2025, TTW; derived).
    co2e_kg
        Tank-to-wheel kg CO2e.
    cost_vnd
        Fixed cost + cost per km × km, VND; ``None`` when the fleet gives no cost.
    """

    km_laden: float
    km_empty: float
    hours: float
    t_km: float
    fuel_l: float
    co2e_kg: float
    cost_vnd: float | None


def route_metrics(route: Route, distance_m: NDArray[np.float64], vt: VehicleType) -> RouteMetrics:
    """Compute km laden/empty, hours, t·km, fuel, CO2e and cost of one route.

    Parameters
    ----------
    route
        A solved route with its visits (loads after each stop, kg).
    distance_m
        The ``(n, n)`` matrix the route was solved on, m.
    vt
        Its vehicle type (capacity, class, costs).

    Returns
    -------
    RouteMetrics
    """
    cls = vehicle_class(vt)
    empty = coefficients.get(f"co2e_kg_per_km.{cls}.empty").value
    full = coefficients.get(f"co2e_kg_per_km.{cls}.laden").value
    laden_km = empty_km = t_km = co2e = 0.0
    for a, b in zip(route.visits[:-1], route.visits[1:], strict=True):
        km = float(distance_m[a.site, b.site]) / 1000
        share = min(a.load_kg / vt.capacity_kg, 1.0)
        laden_km += km if a.load_kg > 0 else 0.0
        empty_km += 0.0 if a.load_kg > 0 else km
        t_km += a.load_kg / 1000 * km
        co2e += km * (empty + (full - empty) * share)
    fuel = co2e / coefficients.get("diesel_co2e_kg_per_l.ttw").value
    costed = vt.cost_per_km_vnd > 0 or vt.fixed_cost_vnd > 0
    cost = vt.fixed_cost_vnd + vt.cost_per_km_vnd * (laden_km + empty_km) if costed else None
    return RouteMetrics(laden_km, empty_km, route.duration_s / 3600, t_km, fuel, co2e, cost)


def visits_per_week(
    kg_per_day: float,
    storage_limit_days: float,
    *,
    storage_capacity_kg: float | None = None,
) -> int:
    """Return the fewest visits per week that respect the storage limit and volume.

    ``max(ceil(7 / storage_limit_days), ceil(7 × kg_per_day / storage_capacity_kg))``:
    no wait between visits longer than the limit, and no more waste on site than it
    can hold.

    Parameters
    ----------
    kg_per_day
        Waste the site produces, kg/day.
    storage_limit_days
        Longest time waste may wait on site between visits, days (> 0).
    storage_capacity_kg
        What the site's storage holds, kg; ``None`` (default) or 0: no volume limit, the
        storage time alone decides.

    Returns
    -------
    int
        Visits per week, at least 1.

    Raises
    ------
    ValueError
        A limit ≤ 0.
    """
    if storage_limit_days <= 0:
        raise ValueError(f"storage limit {storage_limit_days} days; give a number > 0")
    visits = math.ceil(7 / storage_limit_days - 1e-9)
    if storage_capacity_kg:
        visits = max(visits, math.ceil(7 * kg_per_day / storage_capacity_kg - 1e-9))
    return max(visits, 1)


def _patterns(visits: int, days: Sequence[int], limit: float) -> list[tuple[int, ...]]:
    """Evenly spaced day sets (day numbers Mon = 0) whose longest wait is within the limit."""
    out = []
    count = len(days)
    for offset in range(count):
        chosen = tuple(
            sorted({days[(offset + round(k * count / visits)) % count] for k in range(visits)})
        )
        if len(chosen) == visits and max(_gaps(chosen)) <= limit + 1e-9 and chosen not in out:
            out.append(chosen)
    return out


def _gaps(chosen: Sequence[int]) -> list[int]:
    """Days since the previous visit, cyclic over the 7-day week, per chosen day."""
    return [(d - chosen[i - 1]) % 7 or 7 for i, d in enumerate(chosen)]


def _peak(loads: dict[int, float], pattern: tuple[int, ...], kg_per_day: float) -> float:
    """Heaviest day's kg if a site with this pattern is added."""
    added = dict(zip(pattern, _gaps(pattern), strict=True))
    return max(kg + kg_per_day * added.get(d, 0) for d, kg in loads.items())


def assign_days(
    site_ids: Sequence[str],
    kg_per_day: Sequence[float],
    storage_limit_days: float,
    *,
    collection_days: Sequence[int] = (0, 1, 2, 3, 4, 5),
    storage_capacity_kg: Sequence[float | None] | None = None,
) -> dict[int, dict[str, float]]:
    """Assign each site's visits to weekdays, balanced; return kg picked up per day.

    Sites are placed heaviest first; each takes the evenly spaced pattern of its
    frequency (:func:`visits_per_week`) that keeps the heaviest day lightest (ties: the
    earliest pattern). A visit picks up what accumulated since the previous one:
    ``kg_per_day × days since the previous visit``.

    Parameters
    ----------
    site_ids, kg_per_day
        Sites and their generation, kg/day (7 days a week).
    storage_limit_days
        Longest time waste may wait on site, days (user-set; no legal default found).
    collection_days
        Weekdays trucks run (Mon = 0).
    storage_capacity_kg
        Optional per-site storage capacity, kg.

    Returns
    -------
    dict
        Day number → {site id → pickup kg}.

    Raises
    ------
    ValidationError
        A site cannot be served within the limit on these days (names the site).
    """
    caps = storage_capacity_kg or [None] * len(site_ids)
    loads = {d: 0.0 for d in collection_days}
    plan: dict[int, dict[str, float]] = {d: {} for d in collection_days}
    problems = []
    order = sorted(range(len(site_ids)), key=lambda i: (-kg_per_day[i], str(site_ids[i])))
    for i in order:
        if kg_per_day[i] <= 0:
            continue
        visits = visits_per_week(kg_per_day[i], storage_limit_days, storage_capacity_kg=caps[i])
        options = (
            _patterns(visits, list(collection_days), storage_limit_days)
            if visits <= len(collection_days)
            else []
        )
        if not options:
            problems.append(
                Problem(
                    f"{site_ids[i]} needs {visits} visits a week to keep within "
                    f"{storage_limit_days:g} days of storage, which the collection days "
                    f"{', '.join(DAY_NAMES[d] for d in collection_days)} cannot give; add days "
                    "or raise the limit",
                    code="frequency_infeasible",
                    value=site_ids[i],
                )
            )
            continue
        best = min(options, key=lambda p: _peak(loads, p, kg_per_day[i]))
        for d, gap in zip(best, _gaps(best), strict=True):
            plan[d][str(site_ids[i])] = kg_per_day[i] * gap
            loads[d] += kg_per_day[i] * gap
    if problems:
        raise ValidationError("; ".join(p.message for p in problems[:5]), problems)
    return plan


# --------------------------------------------------------------------------------------
# Collection frequency per class group (scenario key ``collection.days_per_week``)
# --------------------------------------------------------------------------------------

FREQUENCY_GROUPS = ("hazardous", "non_hazardous")
"""Class groups a frequency is set for, as :func:`eipgeo.routing.plan_by_class` forms them
(``hazardous`` includes ``controlled``)."""


@dataclass(frozen=True)
class GroupFrequency:
    """How often one class group is collected.

    Attributes
    ----------
    days_per_week
        Collection days a week, 1-7.
    pickup_factor
        Each pickup's kg = kg/day × this factor: ``7 / days_per_week`` when the user
        set the frequency (waste accumulates between pickups); ``1.0`` for the default
        (one day's generation per pickup, the behaviour without the key).
    source
        ``scenario collection.days_per_week`` or the default coefficient's citation.
    """

    days_per_week: int
    pickup_factor: float
    source: str


def group_frequencies(days_per_week: Mapping[str, int] | None) -> dict[str, GroupFrequency]:
    """Resolve each group's frequency: the user's, else ``collection_days_per_week``.

    Parameters
    ----------
    days_per_week
        Group (``hazardous`` / ``non_hazardous``) → collection days a week (1-7), as a
        scenario's ``collection.days_per_week``; ``None`` or a missing group = the
        default coefficient ``collection_days_per_week`` (an unverified assumption,
        ``coefficients.csv``), whose day plan carries one day's generation.

    Returns
    -------
    dict
        Group → :class:`GroupFrequency`, for both groups.

    Raises
    ------
    ValidationError
        A group that is not ``hazardous`` / ``non_hazardous``, or days outside 1-7.
    """
    given = dict(days_per_week or {})
    problems = [
        Problem(
            f"collection group '{g}' is not known; use one of {', '.join(FREQUENCY_GROUPS)}",
            code="unknown_group",
            column="collection.days_per_week",
            value=g,
        )
        for g in given
        if g not in FREQUENCY_GROUPS
    ]
    problems += [
        Problem(
            f"{g}: {d!r} collection days a week is out of range; give a whole number from 1 to 7",
            code="days_out_of_range",
            column=f"collection.days_per_week.{g}",
            value=d,
        )
        for g, d in given.items()
        if g in FREQUENCY_GROUPS
        and (isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= 7)
    ]
    if problems:
        raise ValidationError(problems[0].to_line(), problems)
    default = coefficients.get("collection_days_per_week")
    out = {}
    for group in FREQUENCY_GROUPS:
        if group in given:
            d = int(given[group])
            out[group] = GroupFrequency(d, 7 / d, "scenario collection.days_per_week")
        else:
            out[group] = GroupFrequency(
                int(default.value), 1.0, f"default coefficient: {default.cite()}"
            )
    return out


def pickup_kg(kg_per_day: pd.DataFrame, frequencies: Mapping[str, GroupFrequency]) -> pd.DataFrame:
    """Scale each class column of daily kg to the kg of one pickup of its group.

    Parameters
    ----------
    kg_per_day
        Sites (rows) × waste classes (columns), kg/day.
    frequencies
        As :func:`group_frequencies` returns.

    Returns
    -------
    pandas.DataFrame
        Same shape: kg per pickup = kg/day × the group's ``pickup_factor``.
    """
    out = kg_per_day.astype(float).copy()
    for cls in out.columns:
        group = "hazardous" if cls in HAZARDOUS_GROUP else "non_hazardous"
        out[cls] = out[cls] * frequencies[group].pickup_factor
    return out
