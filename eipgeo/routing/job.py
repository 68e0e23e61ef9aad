"""The job behind ``eipgeo route``: read inputs, plan a day or a week, write the outputs.

Site order for the core: the garage (fleet ``depot``) first, then the disposal sites,
then the other sites in table order. With disposal sites, each route's last trip
unloads at the first of them and drives back to the garage; all of them serve as
reload depots mid-shift.

Travel times are distance / speed, rounded up to whole seconds; the speed is the fleet's
``speed_kph`` or else the legal maximum for trucks on urban undivided roads
(``truck_max_speed_kph.urban_undivided``), so planned times are lower bounds.

A class group (hazardous, or the rest) whose licensed vehicles have a ``break``,
``route_capacity_kg`` or ``max_stops`` is planned with the waste-collection model of the
Kim et al. benchmark
(:func:`eipgeo.routing.workday.plan_day`, time-limited: ``--seconds``, else
:data:`WC_DEFAULT_SECONDS`); the others with :func:`eipgeo.routing.solve.plan_by_class`.
Every plan then passes the independent checker
(:func:`eipgeo.routing.workday.check_plans`) before it is returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eipgeo import coefficients, matrix, network, settings, snapping
from eipgeo._errors import EipgeoError, InfeasibleError, InputReadError, Problem, UsageError
from eipgeo.routing import frequency as routing_week
from eipgeo.routing import tables as route_tables
from eipgeo.routing import workday
from eipgeo.routing.inputs import Fleet, collapsed_sites, read_fleet, read_matrix, read_sites
from eipgeo.routing.legs import (
    LegGeometry,
    StraightLegs,
    StreetLegs,
    legs_geodataframe,
    route_legs,
)
from eipgeo.routing.model import CollectionPlan, SolverParams, Timing
from eipgeo.routing.solve import class_groups, plan_by_class
from eipgeo.routing.wc import WcParams
from eipgeo.routing.workday import STOP_CODES

DAY_INDEX = {name: i for i, name in enumerate(routing_week.DAY_NAMES)}


@dataclass
class RouteRequest:
    """The options of ``eipgeo route`` (see its ``--help``)."""

    sites: Path
    fleet: Path
    network: Path | None = None
    matrix: Path | None = None
    matrix_unit: str | None = None
    iterations: int = 2000
    seconds: float | None = None
    seed: int | None = None
    storage_limit_days: float | None = None
    days: str = "Mon,Tue,Wed,Thu,Fri,Sat"


@dataclass
class RouteResult:
    """Everything planned: per-route and per-stop tables, totals, notes."""

    request: RouteRequest
    ids: list[str]
    routes: pd.DataFrame
    stops: pd.DataFrame
    legs: Any  # GeoDataFrame of drawn legs
    summary: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def total_distance_m(self) -> float:
        """Sum of route lengths, m (over the week when a week was planned)."""
        return float(self.routes.distance_m.sum()) if len(self.routes) else 0.0


def _order(table: pd.DataFrame, fleet: Fleet) -> list[str]:
    fixed = list(dict.fromkeys([fleet.depot, *fleet.disposal_sites]))
    rest = [s for s in table.site_id if s not in fixed]
    return fixed + rest


def _distances(
    req: RouteRequest, table: pd.DataFrame, ids: list[str]
) -> tuple[NDArray[np.float64], Any, Any]:
    """Distance matrix (m) in ``ids`` order, plus the graph and snaps when from a network."""
    if (req.network is None) == (req.matrix is None):
        raise UsageError("give exactly one of --network FILE or --matrix CSV")
    if req.matrix_unit not in {"m", "km", None}:
        raise UsageError(f"--matrix-unit {req.matrix_unit!r}: use m or km")
    if req.matrix is not None:
        known = table.dropna(subset=["lat", "lon"]) if "lat" in table else table.iloc[0:0]
        lat_lon = {
            str(s): (float(a), float(b))
            for s, a, b in zip(
                known.site_id, known.get("lat", []), known.get("lon", []), strict=False
            )
        }
        return read_matrix(req.matrix, ids, req.matrix_unit, lat_lon=lat_lon), None, None
    assert req.network is not None
    coords = table.set_index("site_id")
    missing = [
        s
        for s in ids
        if s not in coords.index or "lat" not in coords or pd.isna(coords.loc[s].get("lat"))
    ]
    if missing:
        raise InputReadError(
            f"{req.sites}: {', '.join(missing[:5])} have no lat/lon; with "
            "--network every site (garage and disposal sites too) needs them",
            [
                Problem(
                    f"{s}: no lat/lon; add them (EPSG:4326)",
                    file=str(req.sites),
                    value=s,
                    code="missing_coordinates",
                )
                for s in missing
            ],
        )
    graph = network.read_network(req.network)
    lons, lats = [float(coords.lon[s]) for s in ids], [float(coords.lat[s]) for s in ids]
    snaps = snapping.snap_to_nodes(graph, ids, lons, lats)
    matrix.raise_for_problems(
        snapping.snap_qa(graph, snaps, ids, lons, lats, settings.snap_tolerance_m)
    )
    return matrix.site_matrix_from_graph(graph, snaps).values, graph, snaps


def _timing(
    table: pd.DataFrame, ids: list[str], dist: NDArray[np.float64], fleet: Fleet
) -> tuple[Timing, float]:
    speed = fleet.speed_kph or coefficients.get("truck_max_speed_kph.urban_undivided").value
    rows = table.set_index("site_id")
    windows = [
        (float(rows.open_s[s]), float(rows.close_s[s])) if s in rows.index else (0.0, float("inf"))
        for s in ids
    ]
    windows = _after_midnight(windows, fleet)
    service = [float(rows.service_s[s]) if s in rows.index else 0.0 for s in ids]
    unload = [
        float(rows.unload_s[s])
        if s in rows.index and "unload_s" in rows and pd.notna(rows.unload_s[s])
        else fleet.unload_time_s
        for s in ids
    ]
    # whole seconds (rounded up), so the solver and the independent check time alike
    duration = np.where(np.isfinite(dist), np.ceil(dist / (speed / 3.6) - 1e-9), np.inf)
    return Timing(duration, service, windows, fleet.unload_time_s, unload), speed


def _after_midnight(windows: list[tuple[float, float]], fleet: Fleet) -> list[tuple[float, float]]:
    """Move a window wholly before every shift's start into the next morning.

    Only when a shift runs past midnight: a 02:00-03:00 stop on a 22:00-06:00 shift is
    served at 26:00.
    """
    shifts = [v.shift_s for v in fleet.vehicles if v.shift_s is not None]
    if not shifts or not any(hi > 86_400.0 for _, hi in shifts):
        return windows
    start = min(lo for lo, _ in shifts)
    return [
        (lo + 86_400.0, hi + 86_400.0) if np.isfinite(hi) and hi <= start else (lo, hi)
        for lo, hi in windows
    ]


SITE_COLUMNS: dict[str, str | None] = {
    "demand_over_capacity": "waste_kg",
    "bad_demand": "waste_kg",
    **STOP_CODES,
}
"""Problem code → the sites-table column it is about."""

FLEET_MARK = "in the fleet)"
"""Where a message about a stop's limit names the fleet; :func:`_locate` gives its file."""


def _locate(
    problems: list[Problem], table: pd.DataFrame, path: Path, fleet: Path | None = None
) -> list[Problem]:
    """Give each problem about a site the sites file and its row; about a break, the fleet.

    A message about a stop against a vehicle's limit (``capacity_kg in the fleet``) names
    the fleet file too.
    """
    rows = {s: i + 2 for i, s in enumerate(table.site_id)}
    out = []
    for p in problems:
        located = p
        keys = {"bad_break": "break", "bad_shift": "shift"}
        if p.file is None and p.code in keys and fleet is not None:
            located = Problem(
                p.message, code=p.code, file=str(fleet), column=keys[p.code], value=p.value
            )
        elif p.file is None and isinstance(p.value, str) and p.value in rows:
            column = SITE_COLUMNS.get(p.code)
            message = p.message
            if fleet is not None and p.code in SITE_COLUMNS:
                message = message.replace(FLEET_MARK, f"in {fleet})", 1)
            located = Problem(
                message,
                code=p.code,
                file=str(path),
                row=rows[p.value],
                column=column,
                value=p.value,
                severity=p.severity,
            )
        out.append(located)
    return out


def _demand_days(
    req: RouteRequest, table: pd.DataFrame, ids: list[str], classes: list[str]
) -> dict[str | None, NDArray[np.float64]]:
    """Demand (kg, shape ``(n, k)``) per day; one ``None`` day without a storage limit."""
    clients = table[table.role == "client"]
    index = {s: i for i, s in enumerate(ids)}
    recs = list(
        zip(
            clients.site_id.astype(str),
            clients.waste_class.astype(str),
            clients.waste_kg.astype(float),
            strict=True,
        )
    )
    if req.storage_limit_days is None:
        demand = np.zeros((len(ids), len(classes)))
        for sid, cls, kg in recs:
            demand[index[sid], classes.index(cls)] += kg
        return {None: demand}
    try:
        days = [DAY_INDEX[d.strip().title()] for d in req.days.split(",") if d.strip()]
    except KeyError as exc:
        raise UsageError(f"--days {req.days!r}: use day names Mon,Tue,...,Sun") from exc
    key_of = {f"{sid} ({cls})": (sid, cls) for sid, cls, _ in recs}
    week = routing_week.assign_days(
        list(key_of), [kg for _, _, kg in recs], req.storage_limit_days, collection_days=days
    )
    out: dict[str | None, NDArray[np.float64]] = {}
    for d, pickups in week.items():
        demand = np.zeros((len(ids), len(classes)))
        for key, kg in pickups.items():
            sid, cls = key_of[key]
            demand[index[sid], classes.index(cls)] += kg
        out[routing_week.DAY_NAMES[d]] = demand
    return out


WC_DEFAULT_SECONDS = 30.0
"""Time limit of the waste-collection model when ``--seconds`` is not given, s: a
declared default (the model is time-limited; the benchmark runs 60 s per instance)."""


def _solve_day(  # noqa: PLR0913 - one day's inputs
    req: RouteRequest,
    dist: NDArray[np.float64],
    demand: NDArray[np.float64],
    classes: list[str],
    fleet: Fleet,
    ids: list[str],
    *,
    disposal: list[int],
    timing: Timing,
    params: SolverParams,
) -> dict[str, CollectionPlan]:
    """Solve one day: groups whose vehicles have day limits on the waste-collection model."""
    limited = wc_groups(classes, fleet)
    groups = class_groups(classes)
    wc_demand, core_demand = demand.copy(), demand.copy()
    for group, cols in groups.items():
        (core_demand if group in limited else wc_demand)[:, cols] = 0.0
    plans: dict[str, CollectionPlan] = {}
    if limited:
        plans |= workday.plan_day(
            dist,
            wc_demand,
            classes,
            fleet.vehicles,
            ids,
            depot=0,
            disposal=disposal,
            timing=timing,
            params=WcParams(
                max_seconds=WC_DEFAULT_SECONDS if req.seconds is None else req.seconds,
                max_iterations=req.iterations,
                seed=params.seed,
            ),
        )
    if len(limited) < len(groups):
        plans |= plan_by_class(
            dist,
            core_demand,
            classes,
            fleet.vehicles,
            ids,
            depot=0,
            end_depot={g: disposal[0] for g in groups} if disposal else None,
            reload={g: disposal for g in groups},
            garage_return=bool(disposal),
            timing=timing,
            params=params,
        )
    return {g: plans[g] for g in groups if g in plans}


def wc_groups(classes: list[str], fleet: Fleet) -> set[str]:
    """Return the class groups planned on the waste-collection model.

    Parameters
    ----------
    classes
        The waste classes to collect.
    fleet
        The fleet JSON as read.

    Returns
    -------
    set of str
        The groups (``hazardous``, ``non_hazardous``) one of whose licensed vehicle types
        has a ``break``, ``route_capacity_kg`` or ``max_stops``.
    """
    out = set()
    for group, cols in class_groups(classes).items():
        need = {classes[k] for k in cols}
        if any(v.day_limits and need <= set(v.allowed_classes) for v in fleet.vehicles):
            out.add(group)
    return out


def plan(req: RouteRequest) -> RouteResult:
    """Read the inputs, plan, and return the tables (see :class:`RouteResult`).

    Parameters
    ----------
    req
        The options of ``eipgeo route``: the sites and fleet files, the network or matrix
        the distances come from, the solver controls and the days planned.

    Returns
    -------
    RouteResult
        Per-route and per-stop tables over every day planned, the drawn legs (EPSG:4326),
        the summary and notes (e.g. clients with 0 kg, listed but not routed).

    Raises
    ------
    InputReadError, UsageError
        Unreadable input or wrong options (exit 2).
    ValidationError, InfeasibleError, UnreachableError
        Problems in readable input, each naming its site and row (exit 1).
    """
    table, fleet = read_sites(req.sites), read_fleet(req.fleet)
    ids = _order(table, fleet)
    dist, graph, snaps = _distances(req, table, ids)
    timing, speed = _timing(table, ids, dist, fleet)
    classes = sorted(set(table[table.role == "client"].waste_class)) or ["ordinary"]
    disposal = [ids.index(s) for s in dict.fromkeys(fleet.disposal_sites)]
    params = SolverParams(
        seed=settings.seed if req.seed is None else req.seed,
        max_iterations=req.iterations,
        max_seconds=req.seconds,
    )
    route_frames, stop_frames = [], []
    names = dict(zip(table.site_id, table.name, strict=True))
    plans_by_day = {}
    try:
        for day, demand in _demand_days(req, table, ids, classes).items():
            plans = _solve_day(
                req,
                dist,
                demand,
                classes,
                fleet,
                ids,
                disposal=disposal,
                timing=timing,
                params=params,
            )
            problems = workday.check_plans(
                plans,
                dist,
                demand,
                classes,
                fleet.vehicles,
                ids,
                depot=0,
                disposal=disposal,
                timing=timing,
                route_ids={
                    (g, r + 1): route_tables.route_id(g, r + 1, day)
                    for g, p in plans.items()
                    for r in range(len(p.routes))
                },
            )
            workday.raise_for_violations(problems)
            plans_by_day[day] = plans
            route_frames.append(route_tables.routes_table(plans, dist, fleet.vehicles, day=day))
            stop_frames.append(route_tables.stops_table(plans, ids, names=names, day=day))
    except EipgeoError as exc:
        exc.problems = _locate(exc.problems, table, req.sites, req.fleet)
        raise
    routes, stops = (
        pd.concat(route_frames, ignore_index=True),
        pd.concat(stop_frames, ignore_index=True),
    )
    if routes.empty:
        raise InfeasibleError(
            f"{req.sites}: nothing to collect (every client has 0 kg); no route planned",
            [
                Problem(
                    "nothing to collect: every client has 0 kg",
                    file=str(req.sites),
                    code="empty_plan",
                )
            ],
        )
    zero = sorted(table[(table.role == "client") & (table.waste_kg == 0)].site_id)
    notes = list(table.attrs.get("warnings", [])) + collapsed_sites(dist, ids)
    notes += [f"{s}: nothing to collect (0 kg); listed, not routed" for s in zero]
    legs = legs_geodataframe(
        route_legs(plans_by_day, ids, _leg_geometry(table, ids, dist, graph, snaps)),
        estimated=graph is None,
    )
    summary = _summary(req, routes, zero, speed, disposal, ids, fleet, classes)
    return RouteResult(req, ids, routes, stops, legs, summary, notes)


def _leg_geometry(
    table: pd.DataFrame, ids: list[str], dist: NDArray[np.float64], graph: Any, snaps: Any
) -> LegGeometry:
    """Along the roads with a network, else straight lines (no vertices without lat/lon)."""
    rows = table.set_index("site_id")
    has_xy = "lat" in rows and all(s in rows.index and pd.notna(rows.lat.get(s)) for s in ids)
    lonlat: list[tuple[float, float] | None] = [
        (float(rows.lon[s]), float(rows.lat[s])) if has_xy else None for s in ids
    ]
    if graph is not None:
        return StreetLegs(
            graph, list(snaps.node), [p for p in lonlat if p is not None], dist, "road_network"
        )
    return StraightLegs(lonlat, dist, "matrix_straight_line")


def _solver_summary(req: RouteRequest, fleet: Fleet, classes: list[str]) -> dict[str, Any]:
    """Which model planned, its controls (declared defaults shown), and the check."""
    limited = wc_groups(classes, fleet)
    wc_model = bool(limited)
    seconds = req.seconds
    if wc_model and seconds is None:
        seconds = WC_DEFAULT_SECONDS
    return {
        "engine": "PyVRP 0.14",
        "model": {
            g: "waste-collection (eipgeo.routing.wc)" if g in limited else "core (eipgeo.routing)"
            for g in class_groups(classes)
        },
        "seed": settings.seed if req.seed is None else req.seed,
        "iterations": req.iterations,
        "max_seconds": seconds,
        "max_seconds_source": (
            "--seconds"
            if req.seconds is not None
            else "declared default (WC_DEFAULT_SECONDS)"
            if wc_model
            else None
        ),
        "checked_by": "eipgeo.routing.check (independent checker): no violation",
    }


def _rounded(totals: dict[str, float | None]) -> dict[str, float | None]:
    return {k: None if v is None else round(v, 3) for k, v in totals.items()}


def _summary(
    req: RouteRequest,
    routes: pd.DataFrame,
    zero: list[str],
    speed: float,
    disposal: list[int],
    ids: list[str],
    fleet: Fleet,
    classes: list[str],
) -> dict[str, Any]:
    factors = sorted(
        {f"co2e_kg_per_km.{c}.{s}" for c in routes.vehicle_class for s in ("empty", "laden")}
        | {"diesel_co2e_kg_per_l.ttw"}
    )
    return {
        "total_distance_m": int(round(float(routes.distance_m.sum()))),
        "routes": len(routes),
        "period": "week" if req.storage_limit_days is not None else "day",
        "totals": _rounded(route_tables.weekly_totals(routes)),
        "by_day": {
            str(d): _rounded(route_tables.weekly_totals(g))
            for d, g in routes.groupby("day", sort=False)
        },
        "by_group": {
            str(g): _rounded(route_tables.weekly_totals(f)) for g, f in routes.groupby("group")
        },
        "not_routed_zero_demand": zero,
        "disposal_sites": [ids[i] for i in disposal],
        "storage_limit_days": req.storage_limit_days,
        "solver": _solver_summary(req, fleet, classes),
        "speed_kph": speed,
        "sources": {k: coefficients.get(k).cite() for k in factors},
    }
