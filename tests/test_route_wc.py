"""The waste-collection solver (PyVRP underneath): every plan passes the independent checker."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from eipgeo._errors import InfeasibleError
from eipgeo.routing import wc as route_wc
from eipgeo.routing.check import (
    BreakRule,
    Instance,
    Location,
    PlannedRoute,
    check_solution,
    schedule_route,
)
from eipgeo.routing.wc import WcParams, place_break, real_windows_s, solve_wc, virtual_windows_s

H = 3600.0
M = 60.0
FAST = WcParams(max_seconds=1.0, seed=3)


def _grid(
    locations: list[Location], xy_min: list[tuple[float, float]], **options: object
) -> Instance:
    """Manhattan travel, in minutes between grid points; 600 m per minute."""
    xy = np.array(xy_min, dtype=float)
    minutes = np.abs(xy[:, None, :] - xy[None, :, :]).sum(axis=2)
    base: dict[str, object] = {"vehicle_capacity": 10.0, "load_unit": "m3"}
    base.update(options)
    return Instance(tuple(locations), minutes * 600.0, minutes * M, **base)  # type: ignore[arg-type]


def _day(n_clients: int = 8, **options: object) -> Instance:
    """Depot at the origin 06:00-15:00, a landfill 30 min east, clients on a ring."""
    locs = [
        Location("D", "depot", tw_open_s=6 * H, tw_close_s=15 * H),
        Location("L", "disposal", service_s=15 * M, tw_open_s=6 * H, tw_close_s=18 * H),
    ]
    xy = [(0.0, 0.0), (30.0, 0.0)]
    for k in range(n_clients):
        angle = 2 * np.pi * k / n_clients
        locs.append(Location(f"c{k}", "client", 3.0, 20 * M))
        xy.append((round(20 * np.cos(angle)), round(20 * np.sin(angle))))
    return _grid(locs, xy, **options)


def test_virtual_windows() -> None:
    """Break 11:00-12:00 start, 1 h long, shift 04:00-15:00 (virtual end 14:00).

    Wide window: [04:00, 14:00]. A window 08:30-12:00 with 5 min service: before the break
    [08:30, 11:55], after it [11:00, 11:00]: merged [08:30, 11:55]. A window 13:00-17:00:
    only after the break, [12:00, 16:00] clipped to 14:00.
    """
    horizon = (4 * H, 15 * H)
    brk = (11 * H, 12 * H, 1 * H)
    assert virtual_windows_s([horizon], 0.0, brk, horizon) == [(4 * H, 14 * H)]
    assert virtual_windows_s([(8.5 * H, 12 * H)], 5 * M, brk, horizon) == [
        (8.5 * H, 11 * H + 55 * M)
    ]
    assert virtual_windows_s([(13 * H, 17 * H)], 0.0, brk, horizon) == [(12 * H, 14 * H)]


def test_real_windows_overnight() -> None:
    """Shift 20:00-08:00+1d; a window 05:00-23:00 is open 20:00-23:00 and 05:00-08:00+1d."""
    assert real_windows_s(5 * H, 23 * H, (20 * H, 32 * H)) == [(20 * H, 23 * H), (29 * H, 32 * H)]
    assert real_windows_s(22 * H, 6 * H, (20 * H, 32 * H)) == [(22 * H, 30 * H)]


def test_plan_with_break_passes_the_checker() -> None:
    """Eight clients of 3 m3 and 20 min each, 10 m3 trucks: trips unload at L; the break
    (30 min, starting 08:00-08:30) falls inside the routes and is placed after a stop."""
    inst = _day(break_rule=BreakRule(30 * M, 8 * H, 8.5 * H))
    solution = solve_wc(inst, FAST)
    assert check_solution(inst, solution) == []
    assert any(r.break_after is not None for r in solution.routes)
    for route in solution.routes:
        sched = schedule_route(inst, route)
        if route.break_after is not None:
            assert 8 * H <= sched.break_start_s <= 8.5 * H  # type: ignore[operator]


def test_route_capacity_and_stop_limit_bind() -> None:
    """24 m3 in total, 9 m3 per route: at least 3 routes; at most 2 stops per route: 4."""
    inst = _day(route_capacity=9.0)
    solution = solve_wc(inst, FAST)
    assert check_solution(inst, solution) == []
    assert len(solution.routes) >= 3
    both = dataclasses.replace(inst, max_stops=2, route_capacity=12.0)
    solution = solve_wc(both, FAST)
    assert check_solution(both, solution) == []
    assert all(schedule_route(both, r).num_clients <= 2 for r in solution.routes)


def test_hazardous_rides_apart() -> None:
    """Two hazardous clients among ordinary ones: no trip mixes them (the checker agrees)."""
    inst = _day()
    locs = list(inst.locations)
    for k in (2, 5):
        locs[k] = dataclasses.replace(locs[k], waste_class="hazardous")
    inst = dataclasses.replace(inst, locations=tuple(locs))
    solution = solve_wc(inst, FAST)
    assert check_solution(inst, solution) == []
    for route in solution.routes:
        classes = {
            inst.locations[s].waste_class for s in route.stops if inst.locations[s].kind == "client"
        }
        assert classes in ({"ordinary"}, {"hazardous"})


def test_overnight_shift() -> None:
    """Depot 22:00-06:00 and clients open 23:00-04:00: served after midnight as needed."""
    inst = _day(4)
    locs = [
        dataclasses.replace(loc, tw_open_s=22 * H, tw_close_s=6 * H)
        if loc.kind == "depot"
        else dataclasses.replace(loc, tw_open_s=23 * H, tw_close_s=4 * H)
        if loc.kind == "client"
        else dataclasses.replace(loc, tw_open_s=0.0, tw_close_s=24 * H)
        for loc in inst.locations
    ]
    inst = dataclasses.replace(inst, locations=tuple(locs))
    solution = solve_wc(inst, FAST)
    assert check_solution(inst, solution) == []


def test_place_break_waits_for_its_window() -> None:
    """D→c0→L→D on the ring (c0 at (20, 0), L at (30, 0)): c0 served 06:20-06:40, L reached
    06:50, unloaded 06:50-07:05, home 07:35. Break window 07:00-07:30: after c0 it starts
    on arrival at L at 07:00 (L 07:30-07:45, home 08:15); after L at 07:05 (home 08:05);
    at the depot at 07:35, too late. After L brings the vehicle home first."""
    inst = _day(break_rule=BreakRule(30 * M, 7 * H, 7.5 * H))
    assert place_break(inst, [0, 2, 1, 0]) == (True, 2)
    assert schedule_route(inst, PlannedRoute((0, 2, 1, 0), 2)).return_s == 8 * H + 5 * M


def test_window_outside_the_shift_is_reported() -> None:
    inst = _day(2)
    locs = list(inst.locations)
    locs[2] = dataclasses.replace(locs[2], tw_open_s=16 * H, tw_close_s=17 * H)
    with pytest.raises(InfeasibleError, match="never opens"):
        solve_wc(dataclasses.replace(inst, locations=tuple(locs)), FAST)


def test_a_route_whose_break_fits_nowhere_is_cut() -> None:
    """Break 30 min starting 07:00-07:05, depot 06:00-09:00; travel in minutes:

    ==  ==  ==  ==  ==
        D   c0  c1  L
    D   0   20  40  30
    c0  20  0   30  25
    c1  40  30  0   10
    L   30  25  10  0
    ==  ==  ==  ==  ==

    c0 and c1 take 20 min, L 15 min to unload. D→c0→c1→L→D with no break: c0 06:20-06:40,
    c1 07:10-07:30, L 07:40-07:55, home 08:25 (the solver's virtual time sees 08:25 ≤
    09:00 - 30 min). The 30 min drive c0→c1 spans the whole window: on arrival at c1
    (07:10) is too late, so the break waits at c0 until 07:00, c1 08:00-08:20,
    L 08:30-08:45, home 09:15, late. Cut: D→c0→L→D (the break on arrival at L, 07:05-07:35,
    L 07:35-07:50, home 08:20) and D→c1→L→D (c1 06:40-07:00, break at c1 07:00-07:30 since
    L is reached only at 07:10, L 07:40-07:55, home 08:25).
    """
    minutes = np.array(
        [[0, 20, 40, 30], [20, 0, 30, 25], [40, 30, 0, 10], [30, 25, 10, 0]], dtype=float
    )
    locs = (
        Location("D", "depot", tw_open_s=6 * H, tw_close_s=9 * H),
        Location("c0", "client", 3.0, 20 * M),
        Location("c1", "client", 3.0, 20 * M),
        Location("L", "disposal", service_s=15 * M),
    )
    inst = Instance(
        locs, minutes * 600.0, minutes * M, 10.0, break_rule=BreakRule(30 * M, 7 * H, 7 * H + 5 * M)
    )
    assert route_wc._finish(inst, [0, 1, 2, 3], [3]) is None
    pieces = route_wc._split(inst, [0, 1, 2, 3], [3])
    assert [(p.stops, p.break_after) for p in pieces] == [((0, 1, 3, 0), 1), ((0, 2, 3, 0), 1)]
    assert [schedule_route(inst, p).return_s for p in pieces] == [8 * H + 20 * M, 8 * H + 25 * M]
