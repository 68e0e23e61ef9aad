"""Bad input to ``eipgeo route`` named before any solver runs: a good file and its twin.

The files are under ``tests/data/faults/routing/`` (table in ``tests/data/faults/README.md``).
Every expected message is written out by hand from the files: the matrix ``matrix_m.csv``
has G → A 18 km, A → B 18 km, G → B 36 km, and at ``speed_kph`` 36 (10 m/s) that is
30 min, 30 min and 1 h of driving.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from eipgeo._errors import ValidationError
from eipgeo.cli import app
from eipgeo.routing.inputs import read_fleet

ROUTING = Path(__file__).resolve().parent / "data" / "faults" / "routing"
runner = CliRunner()


def _route(sites: str, fleet: str, out: Path) -> tuple[int, str]:
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(ROUTING / sites),
            "--fleet",
            str(ROUTING / fleet),
            "--matrix",
            str(ROUTING / "matrix_m.csv"),
            "--matrix-unit",
            "m",
            "--iterations",
            "200",
            "--seconds",
            "5",
            "--out",
            str(out),
        ],
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.output.strip()


def test_core_fleet_with_a_shift_window_plans(tmp_path: Path) -> None:
    """The good twin of the shift window (no day limits: the core solver): G → A → B → G
    = 72 km within 06:00-18:00."""
    code, output = _route("day_sites.csv", "ok_fleet_shift.json", tmp_path)
    assert code == 0, output
    assert "total_distance_m=72000 routes=1" in output


def test_day_fleet_with_route_capacity_plans(tmp_path: Path) -> None:
    """The good twin: one truck (route capacity 400 kg) takes A 200 + B 150 = 350 kg on one
    route G → A → B → G (unloading at the garage): 18 + 18 + 36 = 72 km."""
    code, output = _route("day_sites.csv", "ok_fleet_day.json", tmp_path)
    assert code == 0, output
    assert "total_distance_m=72000 routes=1" in output


@pytest.mark.parametrize(
    ("sites", "fleet", "expected"),
    [
        (
            "day_sites.csv",
            "bad_fleet_day_route_capacity.json",
            # A gives 200 kg; truck may collect 180 kg a day
            "{sites}:3:waste_kg: A: 200 kg to collect, but vehicle 'truck' (the vehicle type "
            "for non-hazardous waste) collects at most 180 kg a day (route_capacity_kg in "
            "{fleet}); split its waste over several stops at the same point (rows such as A-1, "
            "A-2 of at most 180 kg each) or over more days (--storage-limit-days), or raise "
            "route_capacity_kg of 'truck'",
        ),
        (
            "day_sites.csv",
            "bad_fleet_day_capacity.json",
            # A gives 200 kg; truck holds 190 kg
            "{sites}:3:waste_kg: A: 200 kg to collect in one visit, but the largest vehicle "
            "that may carry it, 'truck', holds 190 kg (capacity_kg in {fleet}); split its "
            "waste over several stops at the same point (rows such as A-1, A-2 of at most 190 "
            "kg each) or over more days (--storage-limit-days), or raise capacity_kg of 'truck'",
        ),
        (
            "sites.csv",
            "bad_fleet_small_trucks.json",
            # no day limits (the core solver): of 'small' 120 kg and 'medium' 190 kg the
            # largest is 'medium'; A gives 200 kg
            "{sites}:3:waste_kg: A needs 200 kg in one visit but the largest vehicle that may "
            "carry it, 'medium', holds 190 kg (capacity_kg in {fleet}); split its waste over "
            "several stops at the same point (rows such as A-1, A-2 of at most 190 kg each) or "
            "over more days, raise capacity_kg of 'medium', or add a vehicle type with a "
            "larger capacity_kg",
        ),
        (
            "bad_day_sites_long_service.csv",
            "ok_fleet_day.json",
            # B's service 46,800 s = 13 h; the shift 06:00-18:00 = 12 h
            "{sites}:4:service_s: B: loading alone takes 13 h 00 min (service_s 46800 s) but "
            "vehicle 'truck' works 06:00-18:00 (its shift, else the garage's hours): 12 h 00 "
            "min; shorten service_s, split the stop, or lengthen the shift in the fleet",
        ),
        (
            "bad_day_sites_gate.csv",
            "ok_fleet_day.json",
            # shift from 06:00, G → A 30 min: 06:30, after A's gate closes at 06:20 (and it
            # opens again at 05:00 the next day, after the shift's 18:00)
            "{sites}:3:close: A: vehicle 'truck' works 06:00-18:00 (its shift, else the "
            "garage's hours); its gate is 05:00-06:20 and the earliest arrival is 06:30 (the "
            "garage G opens at 06:00, then 30 min of driving), so loading cannot start within "
            "the day; widen the gate (open/close), or move the shift to overlap it",
        ),
        (
            "day_sites.csv",
            "bad_fleet_day_short_shift.json",
            # B alone: leave 06:00, G → B 1 h, load 07:00-07:10, B → G 1 h: 08:10 > 07:50
            "{sites}:4: B: vehicle 'truck' works 06:00-07:50 (its shift, else the garage's "
            "hours); even alone on a route it is not back in time (loading from 07:00, B → G "
            "(unload) 1 h 00 min, unloading 0 min, back at the garage at 08:10 at the "
            "earliest); lengthen the shift, widen the gate, or add a nearer disposal site",
        ),
        (
            "day_sites.csv",
            "bad_fleet_short_shift_window.json",
            # the core solver (no day limits): a shift window 06:00-07:50 = 1 h 50 min;
            # B's round trip 1 h + 10 min + 1 h = 2 h 10 min
            "{sites}:4: B: the shortest round trip takes 2 h 10 min (G → B 1 h 00 min, loading "
            "10 min, B → G 1 h 00 min) but the longest shift is 1 h 50 min; lengthen the shift "
            "or add a nearer disposal site",
        ),
        (
            "bad_day_sites_long_service.csv",
            "ok_fleet_shift.json",
            # the core solver: B's 13 h service alone is over the 12 h shift window
            "{sites}:4: B: the shortest round trip takes 15 h 00 min (G → B 1 h 00 min, "
            "loading 13 h 00 min, B → G 1 h 00 min) but the longest shift is 12 h 00 min; "
            "lengthen the shift or add a nearer disposal site",
        ),
    ],
)
def test_stop_that_no_vehicle_can_serve_is_named_before_solving(
    sites: str, fleet: str, expected: str, tmp_path: Path
) -> None:
    """Each twin breaks one per-stop limit; the message names the file, row, column, the
    site, its figure and the vehicle's limit (and its key), and the fixes."""
    code, output = _route(sites, fleet, tmp_path)
    assert code == 1
    assert output.splitlines()[-1] == expected.format(sites=ROUTING / sites, fleet=ROUTING / fleet)
    assert "no feasible plan" not in output


def test_too_few_vehicles_keeps_the_solver_message(tmp_path: Path) -> None:
    """Every stop fits alone (A 200, B 150 kg ≤ 300 kg a day) but one truck cannot take
    350 kg in a day: true infeasibility (more vehicles needed), the solver's message."""
    code, output = _route("day_sites.csv", "bad_fleet_day_one_truck.json", tmp_path)
    assert code == 1
    assert output.splitlines()[-1] == (
        "PyVRP found no feasible plan in the time given: add vehicles or time, or widen the hours"
    )


def test_break_keys_read() -> None:
    """The good twin: a 30 min break to start 11:00-12:00 = 39,600-43,200 s."""
    (truck,) = read_fleet(ROUTING / "ok_fleet_day_break.json").vehicles
    assert truck.break_rule == (1800.0, 39_600.0, 43_200.0)


def test_misspelt_break_key_names_the_break_keys() -> None:
    """Twin: ``duraton_s`` inside ``break``: one problem naming the file, the vehicle, the
    key, the keys a break takes and the nearest one (not the vehicle's keys, nor a second
    "duration_s missing" for the same slip)."""
    path = ROUTING / "bad_fleet_day_break.json"
    with pytest.raises(ValidationError) as info:
        read_fleet(path)
    (problem,) = info.value.problems
    assert problem.to_line() == (
        f"{path}:vehicles[0].break.duraton_s: unknown key 'duraton_s' inside 'break'; did you "
        "mean 'duration_s'? a break takes duration_s, window (e.g. duration_s 1800 and window "
        "11:00-12:00) (vehicle 'truck')"
    )
    assert problem.value == "duraton_s"
