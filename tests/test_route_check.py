"""The independent plan checker on tiny hand-built instances with hand-worked schedules.

Every instance is cut from one line of places, positions in minutes of driving from the
depot D (travel time = |difference| minutes, distance = 600 m per minute, i.e. 36 km/h):

====  ==========  ========  ===========  =========  ==================  ========
name  kind        position  demand (m3)  service    window              class
====  ==========  ========  ===========  =========  ==================  ========
D     depot       0         --           0          06:00-15:00         --
A     client      30        3            10 min     06:00-06:50         ordinary
B     client      50        4            5 min      all day             ordinary
C     client      60        6            5 min      all day             ordinary
H     client      20        2            5 min      all day             hazardous
L     disposal    90        --           20 min     06:00-18:00         --
====  ==========  ========  ===========  =========  ==================  ========

Vehicle capacity 10 m3, route capacity 20 m3, at most 5 client stops per route, unless a
test says otherwise. Each test has a violation and its feasible twin; the schedules in
the docstrings are worked by hand (HH:MM = service start, "-" = service end).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from eipgeo.routing.check import (
    BreakRule,
    Instance,
    Location,
    PlannedRoute,
    Solution,
    check_solution,
    clock,
    schedule_route,
    solution_distance_m,
    window_start_s,
)

H = 3600.0
M = 60.0
POSITION_MIN = {"D": 0, "A": 30, "B": 50, "C": 60, "H": 20, "L": 90}
PLACES = {
    "D": Location("D", "depot", tw_open_s=6 * H, tw_close_s=15 * H),
    "A": Location("A", "client", 3.0, 10 * M, 6 * H, 6 * H + 50 * M),
    "B": Location("B", "client", 4.0, 5 * M),
    "C": Location("C", "client", 6.0, 5 * M),
    "H": Location("H", "client", 2.0, 5 * M, waste_class="hazardous"),
    "L": Location("L", "disposal", service_s=20 * M, tw_open_s=6 * H, tw_close_s=18 * H),
}
LUNCH = BreakRule(30 * M, 8 * H, 8 * H + 30 * M)


def _instance(names: str, **overrides: object) -> Instance:
    pos = np.array([POSITION_MIN[n] for n in names], dtype=float)
    minutes = np.abs(pos[:, None] - pos[None, :])
    places = dict(PLACES, **{k: v for k, v in overrides.items() if k in PLACES})
    options = {k: v for k, v in overrides.items() if k not in PLACES}
    base: dict[str, object] = {
        "vehicle_capacity": 10.0,
        "route_capacity": 20.0,
        "max_stops": 5,
        "load_unit": "m3",
    }
    base.update(options)
    return Instance(tuple(places[n] for n in names), minutes * 600.0, minutes * M, **base)  # type: ignore[arg-type]


def _plan(instance: Instance, *routes: str, break_after: int | None = None) -> Solution:
    index = {loc.id: i for i, loc in enumerate(instance.locations)}
    return Solution(tuple(PlannedRoute(tuple(index[c] for c in r), break_after) for r in routes))


def _codes(instance: Instance, solution: Solution) -> list[str]:
    return [v.code for v in check_solution(instance, solution)]


def test_feasible_route_schedule_by_hand() -> None:
    """D→A→B→L→D.

    Leave D 06:00; A 06:30-06:40 (30 min drive, window 06:00-06:50); B 07:00-07:05;
    L 07:45-08:05 (unload 20 min); back at D 09:35. Loads 3, 7, 0 at L; 7 m3 collected;
    30+20+40+90 = 180 min of driving = 108 km.
    """
    inst = _instance("DABL")
    plan = _plan(inst, "DABLD")
    assert check_solution(inst, plan) == []
    sched = schedule_route(inst, plan.routes[0])
    assert [clock(s.start_s) for s in sched.stops] == [
        "06:00:00",
        "06:30:00",
        "07:00:00",
        "07:45:00",
        "09:35:00",
    ]
    assert [s.end_s for s in sched.stops][1:4] == [6 * H + 40 * M, 7 * H + 5 * M, 8 * H + 5 * M]
    assert [s.load_after for s in sched.stops] == [0, 3, 7, 0, 0]
    assert sched.collected == 7 and sched.num_clients == 2
    assert sched.distance_m == solution_distance_m(inst, plan) == 108_000


def test_late_arrival() -> None:
    """D→B→A→L→D: B 06:50-06:55, A reached 07:15, 25 min after its window closes (06:50).

    The twin D→A→B→L→D reaches A at 06:30 (see the schedule test).
    """
    inst = _instance("DABL")
    violations = check_solution(inst, _plan(inst, "DBALD"))
    assert [(v.code, v.route, v.position, v.excess) for v in violations] == [("late", 0, 2, 25 * M)]
    assert "07:15:00" in violations[0].message and "06:00:00–06:50:00" in violations[0].message
    assert check_solution(inst, _plan(inst, "DABLD")) == []


def test_late_back_at_depot() -> None:
    """Depot closing 09:30: D→A→B→L→D is back at 09:35, 5 min late; closing 09:35 is fine."""
    late = _instance("DABL", D=dataclasses.replace(PLACES["D"], tw_close_s=9.5 * H))
    violations = check_solution(late, _plan(late, "DABLD"))
    assert [(v.code, v.position, v.excess) for v in violations] == [("late", 4, 5 * M)]
    ok = _instance("DABL", D=dataclasses.replace(PLACES["D"], tw_close_s=9 * H + 35 * M))
    assert check_solution(ok, _plan(ok, "DABLD")) == []


def test_waiting_for_a_window() -> None:
    """A opening at 07:00: reached 06:30, waits 30 min, served 07:00-07:10; B 07:30-07:35;
    L 08:15-08:35; D 10:05."""
    inst = _instance("DABL", A=dataclasses.replace(PLACES["A"], tw_open_s=7 * H, tw_close_s=8 * H))
    sched = schedule_route(inst, _plan(inst, "DABLD").routes[0])
    assert sched.feasible
    assert (sched.stops[1].arrival_s, sched.stops[1].wait_s) == (6.5 * H, 30 * M)
    assert sched.return_s == 10 * H + 5 * M


def test_break_outside_its_window() -> None:
    """Break 30 min starting 08:00-08:30.

    After L (break_after=3): L ends 08:05; on arrival at D (09:35) would be too late, so
    the break is taken at L, 08:05-08:35; back at D 10:05: feasible.
    After A (break_after=1): A ends 06:40, drive to B (07:00), wait there, break
    08:00-08:30 on arrival, B 08:30-08:35, L 09:15-09:35, D 11:05: feasible.
    At the depot (break_after=4): back at 09:35, 65 min after the break window closed.
    """
    inst = _instance("DABL", break_rule=LUNCH)
    assert check_solution(inst, _plan(inst, "DABLD", break_after=3)) == []
    sched = schedule_route(inst, PlannedRoute((0, 1, 2, 3, 0), 3))
    assert sched.break_start_s == 8 * H + 5 * M and sched.return_s == 10 * H + 5 * M
    sched = schedule_route(inst, PlannedRoute((0, 1, 2, 3, 0), 1))
    assert sched.feasible and sched.break_start_s == 8 * H
    assert (sched.stops[2].arrival_s, sched.stops[2].start_s) == (7 * H, 8.5 * H)
    assert sched.return_s == 11 * H + 5 * M
    violations = check_solution(inst, _plan(inst, "DABLD", break_after=4))
    assert [(v.code, v.position, v.excess) for v in violations] == [("break_window", 4, 65 * M)]
    assert "09:35:00" in violations[0].message and "08:30:00" in violations[0].message


def test_missing_break_and_no_break_needed() -> None:
    """Back at 09:35 with no break, after the window opened at 08:00: missing. With the
    break window at 10:00-10:30 instead, the route is home before it opens: no break."""
    inst = _instance("DABL", break_rule=LUNCH)
    violations = check_solution(inst, _plan(inst, "DABLD"))
    assert [(v.code, v.excess) for v in violations] == [("missing_break", 95 * M)]
    later = _instance("DABL", break_rule=BreakRule(30 * M, 10 * H, 10.5 * H))
    assert check_solution(later, _plan(later, "DABLD")) == []


def test_over_route_capacity() -> None:
    """Route capacity 12: D→A→B→L→C→L→D collects 3+4 (unload at L) then 6: 13 at C.

    Times: A 06:30-06:40, B 07:00-07:05, L 07:45-08:05, C 08:35-08:40, L 09:10-09:30,
    D 11:00. With a route capacity of 13 it is feasible.
    """
    inst = _instance("DABCL", route_capacity=12.0)
    violations = check_solution(inst, _plan(inst, "DABLCLD"))
    assert [(v.code, v.position, v.excess) for v in violations] == [("route_capacity", 4, 1.0)]
    assert "13 m3 collected" in violations[0].message and "12 m3" in violations[0].message
    ok = dataclasses.replace(inst, route_capacity=13.0)
    assert check_solution(ok, _plan(ok, "DABLCLD")) == []
    assert schedule_route(ok, _plan(ok, "DABLCLD").routes[0]).return_s == 11 * H


def test_over_vehicle_capacity() -> None:
    """Vehicle 10 m3: D→A→B→C→L→D has 3, 7, then 13 on board at C (3 over).

    The twin unloads at L between B and C (D→A→B→L→C→L→D, back at 11:00).
    """
    inst = _instance("DABCL")
    violations = check_solution(inst, _plan(inst, "DABCLD"))
    assert [(v.code, v.position, v.excess) for v in violations] == [("vehicle_capacity", 3, 3.0)]
    assert check_solution(inst, _plan(inst, "DABLCLD")) == []


def test_too_many_stops() -> None:
    """At most 2 client stops: D→A→B→L→C→L→D makes a 3rd at C; at most 3 is fine."""
    inst = _instance("DABCL", max_stops=2)
    violations = check_solution(inst, _plan(inst, "DABLCLD"))
    assert [(v.code, v.position) for v in violations] == [("max_stops", 4)]
    ok = dataclasses.replace(inst, max_stops=3)
    assert check_solution(ok, _plan(ok, "DABLCLD")) == []


def test_mixed_class_trip() -> None:
    """H (hazardous) then B on one trip: D→H→B→L→D mixes at B.

    The twin unloads between them: D→H 06:20-06:25, L 07:35-07:55, B 08:35-08:40,
    L 09:20-09:40, D 11:10.
    """
    inst = _instance("DHBL")
    violations = check_solution(inst, _plan(inst, "DHBLD"))
    assert [(v.code, v.position) for v in violations] == [("mixed_classes", 2)]
    assert "hazardous" in violations[0].message
    twin = _plan(inst, "DHLBLD")
    assert check_solution(inst, twin) == []
    assert schedule_route(inst, twin.routes[0]).return_s == 11 * H + 10 * M


def test_disposal_site_refusing_a_class() -> None:
    """L accepting only ordinary waste cannot take H's hazardous load."""
    inst = _instance("DHL", L=dataclasses.replace(PLACES["L"], accepts=("ordinary",)))
    assert _codes(inst, _plan(inst, "DHLD")) == ["class_not_accepted"]
    assert _codes(_instance("DHL"), _plan(_instance("DHL"), "DHLD")) == []


def test_trip_not_ending_at_a_disposal_site() -> None:
    """D→A→B→D comes home with 7 m3: the last trip must unload at L first (D→A→B→L→D)."""
    inst = _instance("DABL")
    violations = check_solution(inst, _plan(inst, "DABD"))
    assert [(v.code, v.position, v.excess) for v in violations] == [("trip_end", 3, 7.0)]
    assert check_solution(inst, _plan(inst, "DABLD")) == []


def test_route_not_ending_at_the_depot_empty() -> None:
    """D→A→B→L stops at the disposal site: the vehicle never returns to the depot.

    D→A→L→B→D returns with B's 4 m3 on board. The twin is D→A→B→L→D.
    """
    inst = _instance("DABL")
    assert _codes(inst, _plan(inst, "DABL")) == ["route_end"]
    violations = check_solution(inst, _plan(inst, "DALBD"))
    assert [(v.code, v.excess) for v in violations] == [("trip_end", 4.0)]
    assert check_solution(inst, _plan(inst, "DABLD")) == []


def test_every_client_exactly_once() -> None:
    """B on no route, and A on two."""
    inst = _instance("DABL")
    assert sorted(_codes(inst, _plan(inst, "DALD", "DALD"))) == [
        "missing_client",
        "repeated_client",
    ]


def test_overnight_windows() -> None:
    """Depot 22:00-06:00 (the horizon runs to 06:00 next day), A 23:00-01:00, B 02:00-04:00.

    D 22:00, A reached 22:30, waits to 23:00, 23:00-23:10; B reached 23:30, waits to 02:00
    (+1d), 02:00-02:05; L 02:45-03:05; back at D 04:35 (+1d).
    """
    inst = _instance(
        "DABL",
        D=dataclasses.replace(PLACES["D"], tw_open_s=22 * H, tw_close_s=6 * H),
        A=dataclasses.replace(PLACES["A"], tw_open_s=23 * H, tw_close_s=1 * H),
        B=dataclasses.replace(PLACES["B"], tw_open_s=2 * H, tw_close_s=4 * H),
        L=dataclasses.replace(PLACES["L"], tw_open_s=0.0, tw_close_s=24 * H),
    )
    sched = schedule_route(inst, _plan(inst, "DABLD").routes[0])
    assert sched.feasible
    assert [clock(s.start_s) for s in sched.stops] == [
        "22:00:00",
        "23:00:00",
        "02:00:00+1d",
        "02:45:00+1d",
        "04:35:00+1d",
    ]
    # closing the depot at 04:00 makes the return 35 min late
    short = dataclasses.replace(
        inst,
        locations=(dataclasses.replace(inst.locations[0], tw_close_s=4 * H), *inst.locations[1:]),
    )
    assert [(v.code, v.excess) for v in check_solution(short, _plan(short, "DABLD"))] == [
        ("late", 35 * M)
    ]


def test_window_start_semantics() -> None:
    """Closed: wait for the next opening (and say how long since the last close); open: at
    once. Whether waiting is allowed is the horizon's business (the depot hours)."""
    assert window_start_s(5 * H, 6 * H, 7 * H) == (6 * H, 22 * H)
    assert window_start_s(6.5 * H, 6 * H, 7 * H) == (6.5 * H, 0.0)
    assert window_start_s(8 * H, 6 * H, 7 * H) == (30 * H, 1 * H)
    assert window_start_s(23.5 * H, 22 * H, 6 * H) == (23.5 * H, 0.0)
    assert window_start_s(29 * H, 22 * H, 6 * H) == (29 * H, 0.0)


def test_unknown_stop_and_depot_mid_route() -> None:
    inst = _instance("DABL")
    assert _codes(inst, Solution((PlannedRoute((0, 9, 0)),)))[0] == "unknown_stop"
    assert "depot_mid_route" in _codes(inst, _plan(inst, "DALDBLD"))


@pytest.mark.parametrize("field", ["demand", "service_s", "tw_open_s"])
def test_location_rejects_bad_numbers(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Location("X", "client", **{field: -1.0})  # type: ignore[arg-type]
