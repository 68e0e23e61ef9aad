"""Build a PyVRP 0.14 model from :mod:`eipgeo.routing`'s arrays, solve it, read routes back.

Private to :mod:`eipgeo.routing` (which checks the instance first). Site indices of the
caller map to PyVRP locations; the garage, end depot and reload depots are PyVRP depots
(index 0, 1, 2, ... in the order added), clients keep the order of ``clients``.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eipgeo._errors import InfeasibleError, Problem
from eipgeo.routing.model import (
    NO_ROAD_INT,
    Ends,
    Route,
    SolverParams,
    Timing,
    VehicleType,
    Visit,
    distance_scale,
    load_scale,
    scaled_load,
)

_NO_LIMIT = 2**62


def _int_matrix(values: NDArray[np.float64], scale: int) -> NDArray[np.int64]:
    out = np.where(np.isfinite(values), np.rint(values * scale), NO_ROAD_INT)
    return out.astype(np.int64)


def _window(timing: Timing, i: int) -> tuple[int, int]:
    if timing.windows_s is None:
        return 0, _NO_LIMIT
    lo, hi = timing.windows_s[i]
    return int(lo), int(hi) if np.isfinite(hi) else _NO_LIMIT


def _depots(
    model: Any, locs: dict[int, Any], ends: Ends, timing: Timing, site_ids: Sequence[str]
) -> tuple[list[int], list[Any]]:
    """Add garage, end and reload depots; return their site indices and PyVRP objects."""
    order = list(
        dict.fromkeys(
            [ends.depot, *([ends.end_depot] if ends.end_depot is not None else []), *ends.reload]
        )
    )
    objs = []
    for i in order:
        lo, hi = _window(timing, i)
        service = int(round(timing.unload(i))) if i != ends.depot else 0
        objs.append(
            model.add_depot(
                locs[i], tw_early=lo, tw_late=hi, service_duration=service, name=str(site_ids[i])
            )
        )
    return order, objs


def _return_leg(dist: NDArray[np.int64], dur: NDArray[np.int64], ends: Ends) -> tuple[int, int]:
    """Scaled distance and duration of the final unload plus the drive back to the garage."""
    if not ends.garage_return or ends.end_depot is None:
        return 0, 0
    return int(dist[ends.end_depot, ends.depot]), int(dur[ends.end_depot, ends.depot])


def _vehicle_types(
    model: object,
    vehicle_types: Sequence[VehicleType],
    depot_objs: list[object],
    order: list[int],
    ends: Ends,
    tail: tuple[int, int],
    timing: Timing,
    scales: tuple[int, int],
) -> None:
    scale, loads = scales  # distance and load scales
    start = depot_objs[0]
    end = depot_objs[order.index(ends.end_depot)] if ends.end_depot is not None else start
    reloads = [depot_objs[order.index(r)] for r in ends.reload]
    costed = all(v.cost_per_km_vnd > 0 for v in vehicle_types)
    final_unload = int(round(timing.unload(ends.end_depot))) if ends.end_depot is not None else 0
    for vt in vehicle_types:
        # objective: VND when every type has a cost per km, else scaled metres
        unit = max(1, round(vt.cost_per_km_vnd / 1000 / scale)) if costed else 1
        fixed = (vt.fixed_cost_vnd if costed else 0) + unit * tail[0]
        shift = (
            _NO_LIMIT
            if vt.shift_duration_s is None
            else max(0, int(vt.shift_duration_s) - tail[1] - final_unload)
        )
        hours = {}
        if vt.shift_s is not None:  # leave no earlier, back (after the last unload) by the end
            back_by = int(vt.shift_s[1]) - tail[1] - final_unload
            hours = {"tw_early": int(vt.shift_s[0]), "tw_late": max(int(vt.shift_s[0]), back_by)}
        model.add_vehicle_type(  # type: ignore[attr-defined]
            vt.num_available,
            **hours,
            capacity=[int(vt.capacity_kg) * loads],
            start_depot=start,
            end_depot=end,
            fixed_cost=int(fixed),
            unit_distance_cost=int(unit),
            shift_duration=shift,
            reload_depots=reloads,
            name=vt.id,
        )


_SOLVED: OrderedDict[str, list[Route]] = OrderedDict()
"""The routes of the last :data:`_SOLVED_KEEP` problems solved, by :func:`_problem_key`."""

_SOLVED_KEEP = 16
_SOLVED_LOCK = threading.Lock()


def _problem_key(*parts: object) -> str:
    """Return a digest of a problem's inputs (:func:`_feed`)."""
    digest = hashlib.sha256()
    _feed(digest, parts)
    return digest.hexdigest()


def _feed(digest: Any, value: object) -> None:
    """Add a value to a digest, never through a shortened repr.

    Arrays by dtype, shape and bytes; dataclasses field by field; lists and tuples item by
    item; anything else by its repr.
    """
    if isinstance(value, np.ndarray):
        digest.update(f"array {value.dtype} {value.shape}:".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(f"{type(value).__name__}(".encode())
        for f in dataclasses.fields(value):
            digest.update(f"{f.name}=".encode())
            _feed(digest, getattr(value, f.name))
        digest.update(b")")
    elif isinstance(value, (list, tuple)):
        digest.update(f"{type(value).__name__}[{len(value)}](".encode())
        for item in value:
            _feed(digest, item)
        digest.update(b")")
    else:
        digest.update(repr(value).encode())
    digest.update(b";")


def solve(
    distance_m: NDArray[np.float64],
    demand_kg: Sequence[float],
    vehicle_types: Sequence[VehicleType],
    clients: list[int],
    ends: Ends,
    timing: Timing,
    params: SolverParams,
    site_ids: Sequence[str],
) -> list[Route]:
    """Solve with PyVRP and return the routes (see :func:`eipgeo.routing.solve_cvrp`).

    PyVRP is deterministic for one seed and iteration budget, so a problem solved again
    with the very same inputs (the layout app's reset, or a tenant moved back) gets a copy
    of the routes found before instead of a new search: the same routes, at once. A run
    with a time limit (``params.max_seconds``) is not deterministic and is always solved.
    """
    if params.max_seconds is not None:
        return _solve(distance_m, demand_kg, vehicle_types, clients, ends, timing, params, site_ids)
    key = _problem_key(
        np.asarray(distance_m, dtype=np.float64),
        np.asarray(demand_kg, dtype=np.float64),
        list(vehicle_types),
        list(clients),
        ends,
        timing,
        params,
        [str(i) for i in site_ids],
    )
    with _SOLVED_LOCK:
        routes = _SOLVED.get(key)
        if routes is not None:
            _SOLVED.move_to_end(key)
    if routes is None:
        routes = _solve(
            distance_m, demand_kg, vehicle_types, clients, ends, timing, params, site_ids
        )
        with _SOLVED_LOCK:
            _SOLVED[key] = routes
            while len(_SOLVED) > _SOLVED_KEEP:
                _SOLVED.popitem(last=False)
    return copy.deepcopy(routes)


def _solve(
    distance_m: NDArray[np.float64],
    demand_kg: Sequence[float],
    vehicle_types: Sequence[VehicleType],
    clients: list[int],
    ends: Ends,
    timing: Timing,
    params: SolverParams,
    site_ids: Sequence[str],
) -> list[Route]:
    """Solve with PyVRP and return the routes (no memo)."""
    from pyvrp import Model

    scale = distance_scale(distance_m)
    loads = load_scale([demand_kg[i] for i in clients], [v.capacity_kg for v in vehicle_types])
    dist = _int_matrix(distance_m, scale)
    dur = (
        _int_matrix(timing.duration_s, 1) if timing.duration_s is not None else np.zeros_like(dist)
    )
    model = Model()
    fixed = list(
        dict.fromkeys(
            [ends.depot, *([ends.end_depot] if ends.end_depot is not None else []), *ends.reload]
        )
    )
    used = fixed + clients
    locs = {i: model.add_location(x=0, y=0, name=str(site_ids[i])) for i in used}
    order, depot_objs = _depots(model, locs, ends, timing, site_ids)
    for i in clients:
        lo, hi = _window(timing, i)
        service = int(round(timing.service_s[i])) if timing.service_s is not None else 0
        model.add_client(
            locs[i],
            pickup=[scaled_load(demand_kg[i], loads)],
            service_duration=service,
            tw_early=lo,
            tw_late=hi,
            name=str(site_ids[i]),
        )
    _vehicle_types(
        model,
        vehicle_types,
        depot_objs,
        order,
        ends,
        _return_leg(dist, dur, ends),
        timing,
        (scale, loads),
    )
    for a in used:
        for b in used:
            if a != b:
                model.add_edge(locs[a], locs[b], int(dist[a, b]), duration=int(dur[a, b]))
    try:
        result = model.solve(_stop(params), seed=params.seed, display=False)
    except ValueError as exc:  # PyVRP's own check of the model (e.g. hours that never meet)
        message = (
            f"the plan cannot be set up: {exc} Check that each vehicle's shift overlaps the "
            "garage hours and the hours of the disposal site it ends at (sites table "
            "open/close, fleet shift)"
        )
        raise InfeasibleError(message, [Problem(message, code="infeasible")]) from exc
    if not result.is_feasible():
        raise InfeasibleError(
            "PyVRP found no feasible plan: add vehicles, capacity or shift time, or widen "
            "the gate hours",
            [
                Problem(
                    "PyVRP found no feasible plan: add vehicles, capacity "
                    "or shift time, or widen the gate hours",
                    code="infeasible",
                )
            ],
        )
    routes = [
        _route(r, vehicle_types, clients, order, ends, demand_kg, distance_m, timing)
        for r in result.best.routes()
    ]
    _check_zero_length(routes, site_ids)
    return routes


def _stop(params: SolverParams) -> Any:
    from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion

    stop: StoppingCriterion = MaxIterations(params.max_iterations)
    if params.max_seconds is not None:
        stop = MultipleCriteria([stop, MaxRuntime(params.max_seconds)])
    return stop


def _route(
    route: object,
    vehicle_types: Sequence[VehicleType],
    clients: list[int],
    order: list[int],
    ends: Ends,
    demand_kg: Sequence[float],
    distance_m: NDArray[np.float64],
    timing: Timing,
) -> Route:
    """Turn a PyVRP route into a :class:`Route` with its visits, loads and times."""
    schedule = list(route.schedule())  # type: ignore[attr-defined]
    visits: list[Visit] = []
    load = 0.0
    for k, act in enumerate(schedule):
        if act.is_client():
            site = clients[act.idx]
            load += float(demand_kg[site])
            visits.append(
                Visit(
                    site,
                    "pickup",
                    float(act.start_time - act.wait_duration),
                    load,
                    float(demand_kg[site]),
                    start_s=float(act.start_time),
                    departure_s=float(act.end_time),
                )
            )
            continue
        site = order[act.idx]
        kind = "start" if k == 0 else ("end" if k == len(schedule) - 1 else "unload")
        if kind != "start":
            load = 0.0
        arrival = float(act.start_time - (act.wait_duration if k else 0))
        leave = float(act.end_time) + (timing.unload(site) if kind == "end" else 0.0)
        visits.append(
            Visit(site, kind, arrival, load, start_s=float(act.start_time), departure_s=leave)
        )
    end_time = float(route.end_time())  # type: ignore[attr-defined]
    if ends.end_depot is not None:
        end_time += timing.unload(ends.end_depot)
    if ends.garage_return and ends.end_depot is not None:
        back = (
            timing.duration_s[ends.end_depot, ends.depot] if timing.duration_s is not None else 0.0
        )
        end_time += float(back)
        visits.append(Visit(ends.depot, "garage", end_time, 0.0))
    sites = [v.site for v in visits]
    length = float(sum(distance_m[a, b] for a, b in zip(sites[:-1], sites[1:], strict=True)))
    return Route(
        vehicle_type=vehicle_types[route.vehicle_type()].id,  # type: ignore[attr-defined]
        sites=sites,
        distance_m=length,
        load_kg=int(round(sum(v.pickup_kg for v in visits))),
        visits=visits,
        trips=int(route.num_trips()),  # type: ignore[attr-defined]
        duration_s=end_time - float(route.start_time()),  # type: ignore[attr-defined]
    )


def _check_zero_length(routes: list[Route], site_ids: Sequence[str]) -> None:
    bad = [r for r in routes if r.distance_m <= 0 and any(v.kind == "pickup" for v in r.visits)]
    if bad:
        names = sorted(str(site_ids[v.site]) for r in bad for v in r.visits if v.kind == "pickup")
        message = (
            f"{', '.join(names[:5])}: a route with stops has length 0 m; the sites sit "
            "on the depot or the distances were lost to rounding; check the matrix "
            "unit and the coordinates"
        )
        raise InfeasibleError(message, [Problem(message, code="zero_length_route", value=names[0])])
