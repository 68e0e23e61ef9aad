"""Weekly frequency and day assignment, route figures (km laden/empty, t·km, CO2e, cost)."""

from __future__ import annotations

import numpy as np
import pytest

from eipgeo._errors import ValidationError
from eipgeo.routing import frequency as routing_week
from eipgeo.routing.model import Route, VehicleType, Visit


def test_visits_per_week_from_storage_limit_and_volume() -> None:
    """ceil(7 / 3) = 3 visits; with 250 kg of storage and 100 kg/day: ceil(700 / 250) = 3;
    with 150 kg of storage: ceil(700 / 150) = 5."""
    assert routing_week.visits_per_week(100, 3) == 3
    assert routing_week.visits_per_week(100, 3, storage_capacity_kg=250) == 3
    assert routing_week.visits_per_week(100, 3, storage_capacity_kg=150) == 5
    assert routing_week.visits_per_week(100, 7) == 1
    with pytest.raises(ValueError, match="storage limit 0 days"):
        routing_week.visits_per_week(100, 0)


def test_day_assignment_by_hand() -> None:
    """Storage limit 3 days, collection Mon–Sat; A 100 kg/day, B 50 kg/day.

    A first (heavier): 3 visits spaced over 6 days from Monday = Mon, Wed, Fri; waits
    Fri→Mon 3 days, Mon→Wed 2, Wed→Fri 2 → pickups 300, 200, 200 kg (= 7 × 100).
    B: Mon/Wed/Fri would make Monday 450 kg; Tue/Thu/Sat keeps the peak at 300 kg:
    pickups Tue 150 (Sat→Tue 3 days), Thu 100, Sat 100 (= 7 × 50).
    """
    plan = routing_week.assign_days(["A", "B"], [100, 50], 3)
    assert plan == {
        0: {"A": 300},
        1: {"B": 150},
        2: {"A": 200},
        3: {"B": 100},
        4: {"A": 200},
        5: {"B": 100},
    }


def test_limit_that_the_days_cannot_meet_names_the_site() -> None:
    """A 1-day limit needs a visit every day; Mon–Sat leaves Sat→Mon = 2 days."""
    with pytest.raises(ValidationError, match="A needs 7 visits a week"):
        routing_week.assign_days(["A"], [10], 1)


def test_route_figures_by_hand() -> None:
    """C11 single client: DEPOT→E01 437 m empty, E01→DEPOT 437 m with 3,200 kg.

    10 t payload → class rigid_17t_plus (DESNZ 2025: 0.774 empty, 1.109 full kg CO2e/km).
    Load share 0.32 → 0.774 + 0.32 × (1.109 − 0.774) = 0.8812 kg/km.
    CO2e = 0.437 × 0.774 + 0.437 × 0.8812 = 0.338238 + 0.385084 = 0.723322 kg;
    t·km = 3.2 × 0.437 = 1.3984; fuel = 0.723322 / 2.662 = 0.271721 L;
    cost = 100,000 + 20,000 × 0.874 = 117,480 VND.
    """
    dist = np.array([[0, 437.0], [437.0, 0]])
    route = Route(
        "T",
        [0, 1, 0],
        874.0,
        3200,
        visits=[
            Visit(0, "start", 0, 0),
            Visit(1, "pickup", 44, 3200, 3200),
            Visit(0, "end", 88, 0),
        ],
        duration_s=88,
    )
    vt = VehicleType("T", 10000, fixed_cost_vnd=100_000, cost_per_km_vnd=20_000)
    m = routing_week.route_metrics(route, dist, vt)
    assert routing_week.vehicle_class(vt) == "rigid_17t_plus"
    assert (m.km_laden, m.km_empty) == (pytest.approx(0.437), pytest.approx(0.437))
    assert m.co2e_kg == pytest.approx(0.723322, abs=1e-6)
    assert m.t_km == pytest.approx(1.3984)
    assert m.fuel_l == pytest.approx(0.271721, abs=1e-6)
    assert m.cost_vnd == pytest.approx(117_480)
    assert routing_week.route_metrics(route, dist, VehicleType("T", 10000)).cost_vnd is None
