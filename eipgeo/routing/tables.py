"""Tables of solved collection plans: routes, stops, the hazardous timetable, weekly totals.

Shared by ``eipgeo route`` and the main job. Route ids are ``<group>-<n>`` (prefixed
``<Day>-`` in weekly plans), the ids used in ``legs`` and on the map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eipgeo import coefficients
from eipgeo.routing.frequency import GroupFrequency, route_metrics, vehicle_class
from eipgeo.routing.model import CollectionPlan, Route, Timing, VehicleType, Visit

ROUTE_COLUMNS = [
    "route_id",
    "day",
    "group",
    "classes",
    "vehicle_type",
    "vehicle_class",
    "stops",
    "trips",
    "load_kg",
    "distance_m",
    "km_laden",
    "km_empty",
    "hours",
    "t_km",
    "fuel_l",
    "co2e_kg",
    "cost_vnd",
    "start",
    "end",
    "duration_s",
    "break_start",
    "break_s",
]
STOP_COLUMNS = [
    "route_id",
    "day",
    "seq",
    "site_id",
    "name",
    "kind",
    "arrival_s",
    "arrival",
    "pickup_kg",
    "load_kg",
    "service_start_s",
    "service_start",
    "departure_s",
    "departure",
    "break_start",
]


SERVICE_KEY = "service_time_s.client"
UNLOAD_KEY = "unload_time_s.facility"


def travel_timing(
    distance_m: NDArray[np.float64],
    speed_kph: float | None = None,
    *,
    service_s: float | None = None,
    unload_s: float | None = None,
) -> Timing:
    """Travel times (s) as distance / speed, plus a service time per stop and an unload time.

    Parameters
    ----------
    distance_m
        Shape ``(n, n)``, m.
    speed_kph
        Default: the legal maximum for trucks on urban undivided roads
        (``truck_max_speed_kph.urban_undivided``), so driving hours are lower bounds.
    service_s
        Time at each pickup (loading, weighing, handover), s; default the coefficient
        ``service_time_s.client`` (a declared default, shown in ``summary.csv``).
    unload_s
        Time at a facility for each unload (weighbridge, tipping), s; default the
        coefficient ``unload_time_s.facility``.

    Returns
    -------
    Timing
        Durations, a service time for every site (the solver applies it at clients) and
        the unload time; route durations include both.
    """
    speed = speed_kph or coefficients.get("truck_max_speed_kph.urban_undivided").value
    service = coefficients.get(SERVICE_KEY).value if service_s is None else service_s
    unload = coefficients.get(UNLOAD_KEY).value if unload_s is None else unload_s
    duration = np.where(np.isfinite(distance_m), distance_m / (speed / 3.6), np.inf)
    return Timing(duration_s=duration, service_s=[service] * len(distance_m), unload_s=unload)


def timing_rows() -> list[tuple[str, object, str, str]]:
    """Return the ``summary.csv`` rows of the service and unload times routes include.

    Returns
    -------
    list of tuple
        ``service_time_s.client`` and ``unload_time_s.facility`` with their source.
    """
    return [
        (key, coefficients.get(key).value, unit, coefficients.get(key).cite())
        for key, unit in ((SERVICE_KEY, "s/stop"), (UNLOAD_KEY, "s/unload"))
    ]


def route_id(group: str, number: int, day: str | None = None) -> str:
    """Return ``<group>-<number>``, prefixed ``<day>-`` in weekly plans.

    Parameters
    ----------
    group
        Route group, ``hazardous`` or ``non_hazardous``.
    number
        The route's 1-based number within its group.
    day
        Day label of a weekly plan (e.g. ``Mon``); ``None`` (default) or empty for a
        single-day plan.

    Returns
    -------
    str
        E.g. ``hazardous-2`` or ``Mon-hazardous-2``.
    """
    return f"{day}-{group}-{number}" if day else f"{group}-{number}"


def clock(seconds: float) -> str:
    """Format seconds from midnight as ``HH:MM`` (``+1d`` past midnight).

    Parameters
    ----------
    seconds
        Time of day, s from midnight; rounded to the nearest second, then truncated to
        the minute.

    Returns
    -------
    str
        E.g. ``07:30``, or ``01:15+1d`` for 25.25 h.
    """
    s = int(round(seconds))
    days, rest = divmod(s, 86400)
    text = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}"
    return text + (f"+{days}d" if days else "")


def routes_table(
    plans: Mapping[str, CollectionPlan],
    distance_m: NDArray[np.float64],
    fleet: Sequence[VehicleType],
    *,
    day: str | None = None,
) -> pd.DataFrame:
    """One row per route: stops, trips, load, km laden/empty, hours, t·km, fuel, CO2e, cost.

    Parameters
    ----------
    plans
        Group → plan, as :func:`eipgeo.routing.plan_by_class` returns.
    distance_m
        The ``(n, n)`` matrix the plans were solved on, m.
    fleet
        The vehicle types (looked up by id).
    day
        Weekday name for weekly plans.

    Returns
    -------
    pandas.DataFrame
        Columns ``ROUTE_COLUMNS``; ``cost_vnd`` is empty when the fleet gives no cost;
        ``start``/``end`` when the truck leaves the garage and is back (``HH:MM``),
        ``duration_s`` the working time between (s, the break included), ``break_start``
        (``HH:MM``, empty = no break) and ``break_s`` its length (s).
    """
    by_id = {v.id: v for v in fleet}
    rows = []
    for group, plan in plans.items():
        for r, route in enumerate(plan.routes, start=1):
            vt = by_id[route.vehicle_type]
            m = route_metrics(route, distance_m, vt)
            rows.append(
                {
                    "route_id": route_id(group, r, day),
                    "day": day or "",
                    "group": group,
                    "classes": ";".join(plan.classes),
                    "vehicle_type": vt.id,
                    "vehicle_class": vehicle_class(vt),
                    "stops": sum(v.kind == "pickup" for v in route.visits),
                    "trips": route.trips,
                    "load_kg": route.load_kg,
                    "distance_m": round(route.distance_m, 1),
                    "km_laden": round(m.km_laden, 3),
                    "km_empty": round(m.km_empty, 3),
                    "hours": round(m.hours, 3),
                    "t_km": round(m.t_km, 3),
                    "fuel_l": round(m.fuel_l, 3),
                    "co2e_kg": round(m.co2e_kg, 3),
                    "cost_vnd": None if m.cost_vnd is None else round(m.cost_vnd),
                    **_route_times(route),
                }
            )
    return pd.DataFrame(rows, columns=ROUTE_COLUMNS)


def _route_times(route: Route) -> dict[str, object]:
    """Leaving the garage, back (``HH:MM``), working time (s) and the break."""
    first = route.visits[0] if route.visits else None
    leave = (
        (first.departure_s if first.departure_s is not None else first.arrival_s) if first else 0.0
    )
    return {
        "start": clock(leave) if first else "",
        "end": clock(leave + route.duration_s) if first else "",
        "duration_s": round(route.duration_s),
        "break_start": "" if route.break_start_s is None else clock(route.break_start_s),
        "break_s": round(route.break_s),
    }


def stops_table(
    plans: Mapping[str, CollectionPlan],
    site_ids: Sequence[str],
    *,
    names: Mapping[str, str] | None = None,
    day: str | None = None,
) -> pd.DataFrame:
    """One row per visit of every route, in order: arrival time, pickup and load on board.

    ``kind`` is ``start``, ``pickup``, ``unload`` (mid-shift at a disposal site), ``end``
    (final unload) or ``garage``. ``load_kg`` is on board after the visit.

    Parameters
    ----------
    plans
        Group name → solved plan (:func:`eipgeo.routing.solve.plan_by_class`).
    site_ids
        Site id per index of the plans' distance matrix.
    names
        Site id → display name; ``None`` (default) or a missing id shows the id.
    day
        Day label of a weekly plan, prefixed to the route ids; ``None`` (default) for a
        single-day plan.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STOP_COLUMNS`: ``arrival_s`` in s from midnight, ``arrival`` as
        ``HH:MM``, ``pickup_kg`` and ``load_kg`` in kg; ``service_start_s`` (after any
        wait for the gate or a break taken on arrival) and ``departure_s`` (after the
        service and a break taken here), s from midnight, each also as ``HH:MM``;
        ``break_start`` (``HH:MM``) on the stop where the break is taken (on arrival,
        before its service; or after its service).
    """
    names = names or {}
    rows = []
    for group, plan in plans.items():
        for r, route in enumerate(plan.routes, start=1):
            taken = _break_row(route)
            for seq, v in enumerate(route.visits):
                sid = str(site_ids[v.site])
                rows.append(
                    {
                        "route_id": route_id(group, r, day),
                        "day": day or "",
                        "seq": seq,
                        "site_id": sid,
                        "name": names.get(sid, sid),
                        "kind": v.kind,
                        "arrival_s": round(v.arrival_s),
                        "arrival": clock(v.arrival_s),
                        "pickup_kg": round(v.pickup_kg, 3),
                        "load_kg": round(v.load_kg, 3),
                        **_visit_times(v, route.break_start_s if seq == taken else None),
                    }
                )
    return pd.DataFrame(rows, columns=STOP_COLUMNS)


def _break_row(route: Route) -> int | None:
    """Index of the visit where the break is taken: on arrival at the next, or after it."""
    k, start = route.break_after, route.break_start_s
    if k is None or start is None:
        return None
    nxt = k + 1
    on_arrival = nxt < len(route.visits) and start >= route.visits[nxt].arrival_s - 1e-6
    return nxt if on_arrival else k


def _visit_times(v: Visit, break_start_s: float | None) -> dict[str, object]:
    """Service start and departure (s from midnight and ``HH:MM``), and a break taken here."""
    start = v.arrival_s if v.start_s is None else v.start_s
    leave = start if v.departure_s is None else v.departure_s
    return {
        "service_start_s": round(start),
        "service_start": clock(start),
        "departure_s": round(leave),
        "departure": clock(leave),
        "break_start": "" if break_start_s is None else clock(break_start_s),
    }


def hazardous_timetable(stops: pd.DataFrame, routes: pd.DataFrame) -> pd.DataFrame:
    """Return the planned times and quantities of hazardous routes, stop by stop.

    It *supports* what LEP 2020 Art. 83 requires of hazardous-waste transport (GPS-fitted
    vehicles on declared routes and times) and the transfer record of each handover; it
    is not the legal form. Columns: the stop columns plus ``vehicle_type``, ``classes``
    and empty ``handover_signed_by`` / ``gps_checked`` columns for the crew.

    Parameters
    ----------
    stops
        Stop table (:func:`stops_table`, or the job's stops with a ``day`` column).
    routes
        Route table with ``route_id``, ``group``, ``vehicle_type`` and ``classes``; only
        its ``hazardous`` routes are kept.

    Returns
    -------
    pandas.DataFrame
        The stops of hazardous routes, in the stop table's order.
    """
    haz = routes[routes.group == "hazardous"][["route_id", "vehicle_type", "classes"]]
    table = stops.merge(haz, on="route_id", how="inner")
    return table.assign(handover_signed_by="", gps_checked="")


def weekly_totals(routes: pd.DataFrame) -> dict[str, float | None]:
    """Sum a week's (or a day's) route table: km, km laden/empty, hours, t·km, fuel, CO2e, cost.

    The sums are not rounded (a week figure multiplies them); round when writing.
    ``cost_vnd`` is ``None`` unless every route has a cost.

    Parameters
    ----------
    routes
        Route table (:data:`ROUTE_COLUMNS`): ``distance_m`` (m), ``km_laden``,
        ``km_empty`` (km), ``hours`` (h), ``t_km`` (t·km), ``fuel_l`` (L), ``co2e_kg``
        (kg CO2e) and ``cost_vnd`` (VND).

    Returns
    -------
    dict
        ``routes`` (count), ``km`` (from ``distance_m``), and the sums of ``km_laden``,
        ``km_empty``, ``hours``, ``t_km``, ``fuel_l``, ``co2e_kg`` and ``cost_vnd``, in
        the columns' units.
    """
    out: dict[str, float | None] = {
        "routes": float(len(routes)),
        "km": float(routes.distance_m.sum()) / 1000,
        **{
            k: float(routes[k].sum())
            for k in ["km_laden", "km_empty", "hours", "t_km", "fuel_l", "co2e_kg"]
        },
    }
    costs = pd.to_numeric(routes.cost_vnd, errors="coerce")
    out["cost_vnd"] = float(costs.sum()) if len(costs) and costs.notna().all() else None
    return out


def summary_rows(
    routes: pd.DataFrame,
    frequencies: Mapping[str, GroupFrequency] | None = None,
) -> list[tuple[str, object, str, str]]:
    """Key figures of a day's route table, and the week.

    Parameters
    ----------
    routes
        One collection day's route table (:func:`routes_table`).
    frequencies
        Per group, the collection days a week and their source
        (:func:`eipgeo.routing.frequency.group_frequencies`), given when a scenario sets
        ``collection.days_per_week``. Without it, the week is the whole day plan ×
        the coefficient ``collection_days_per_week`` (unverified assumption), as before.
        With it, each group's ``collection_days_per_week.<group>`` row names the
        frequency used and its source, and a week figure is the sum over groups of
        the group's day plan × its days a week (``week_route_<x>.<group>`` per group).

    Returns
    -------
    list of tuple
        ``(key, value, unit, note)`` rows for ``summary.csv``.
    """
    if routes.empty:
        return []
    day = weekly_totals(routes)
    days = coefficients.get("collection_days_per_week")
    factors = "DESNZ 2025 HGV factors, laden/empty per vehicle class (coefficients.csv)"
    rows: list[tuple[str, object, str, str]] = [
        ("route_km_laden", _r3(day["km_laden"]), "km/day", "waste on board"),
        (
            "route_km_empty",
            _r3(day["km_empty"]),
            "km/day",
            "garage to first stop, back from unloads",
        ),
        (
            "route_hours",
            _r3(day["hours"]),
            "h/day",
            "driving at the legal maximum truck speed (lower bound) + service_time_s.client "
            "per stop + unload_time_s.facility per unload",
        ),
        ("route_t_km", _r3(day["t_km"]), "t·km/day", ""),
        ("route_fuel_l", _r3(day["fuel_l"]), "L/day", "CO2e / 2.662 kg CO2e per L (derived)"),
        ("route_co2e_kg", _r3(day["co2e_kg"]), "kg CO2e/day", f"tank-to-wheel; {factors}"),
        (
            "route_cost_vnd",
            "" if day["cost_vnd"] is None else day["cost_vnd"],
            "VND/day",
            "no cost in the fleet data" if day["cost_vnd"] is None else "fixed + per km",
        ),
        ("collection_days_per_week", days.value, "days/week", days.cite()),
    ]
    if frequencies is not None:
        return rows + _group_week_rows(routes, frequencies)
    for key, unit in (("km", "km"), ("co2e_kg", "kg CO2e"), ("cost_vnd", "VND")):
        value = day[key]
        rows.append(
            (
                f"week_route_{key}",
                "" if value is None else round(value * days.value, 3),
                f"{unit}/week",
                "day plan × collection_days_per_week",
            )
        )
    return rows


def _r3(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _group_week_rows(
    routes: pd.DataFrame, frequencies: Mapping[str, GroupFrequency]
) -> list[tuple[str, object, str, str]]:
    """Per-group frequency rows and week figures = Σ over groups of day plan × days/week."""
    rows: list[tuple[str, object, str, str]] = []
    week: dict[str, float | None] = {"km": 0.0, "co2e_kg": 0.0, "cost_vnd": 0.0}
    for group in sorted(set(routes.group)):
        freq = frequencies[group]
        how = (
            f"each pickup carries {freq.pickup_factor:.4g} days of waste (7 / {freq.days_per_week})"
            if freq.source.startswith("scenario")
            else "each pickup carries one day's waste (as without the key)"
        )
        rows.append(
            (
                f"collection_days_per_week.{group}",
                freq.days_per_week,
                "days/week",
                f"{freq.source}; {how}",
            )
        )
        totals = weekly_totals(routes[routes.group == group])
        for key, unit in (("km", "km"), ("co2e_kg", "kg CO2e"), ("cost_vnd", "VND")):
            value, so_far = totals[key], week[key]
            per_week = None if value is None else value * freq.days_per_week
            week[key] = None if per_week is None or so_far is None else so_far + per_week
            rows.append(
                (
                    f"week_route_{key}.{group}",
                    "" if per_week is None else round(per_week, 3),
                    f"{unit}/week",
                    f"{group} day plan × {freq.days_per_week} days/week",
                )
            )
    for key, unit in (("km", "km"), ("co2e_kg", "kg CO2e"), ("cost_vnd", "VND")):
        total = week[key]
        rows.append(
            (
                f"week_route_{key}",
                "" if total is None else round(total, 3),
                f"{unit}/week",
                "Σ over groups of the day plan × the group's days/week",
            )
        )
    return rows
