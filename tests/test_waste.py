"""Waste estimates: per-outlet and per-worker rates, with their status."""

from __future__ import annotations

import pandas as pd
import pytest

from eipgeo import coefficients, waste


def test_restaurant_rates_by_hand() -> None:
    """Restaurant food waste = 5.208 kg/worker/day × 0.4917 × 5 workers = 12.80 kg/day.

    Matsui et al. (2018): 5,208 g/worker/day for small restaurants, 49.17 % separated food
    residue; 5 workers per outlet is an unverified assumption. 12.80 × 365 / 1000 = 4.67 t/yr.
    Used cooking oil 0.254 kg/day (Ipoh campaign) → 0.093 t/yr.
    """
    out = waste.uis_streams(pd.DataFrame({"site_id": ["r1"], "source_type": ["restaurant"]}))
    food = out[out.stream == "food_waste"].iloc[0]
    assert food.waste_kg_per_day == pytest.approx(5.208 * 0.4917 * 5, abs=0.01)
    assert food.waste_t_per_yr == pytest.approx(5.208 * 0.4917 * 5 * 365 / 1000, abs=0.01)
    assert food.status == "unverified" and food.basis == "estimated"
    oil = out[out.stream == "used_cooking_oil"].iloc[0]
    assert oil.waste_t_per_yr == pytest.approx(0.254 * 365 / 1000, abs=0.001)


def test_unknown_outlet_type_is_named() -> None:
    with pytest.raises(ValueError, match="x1: unknown source_type 'bar'"):
        waste.uis_streams(pd.DataFrame({"site_id": ["x1"], "source_type": ["bar"]}))


def test_industrial_split_by_hand() -> None:
    """100 workers × 1.243 t/yr = 124.3 t/yr; 16 % hazardous = 19.89 t, the rest 104.41 t."""
    out = waste.industrial_streams(pd.DataFrame({"id": ["e1"], "employees": [100.0]}))
    by_class = out.set_index("waste_class")["waste_t_per_yr"]
    assert by_class["hazardous"] == pytest.approx(19.888, abs=0.001)
    assert by_class["ordinary"] == pytest.approx(104.412, abs=0.001)


def test_industrial_needs_a_worker_count() -> None:
    with pytest.raises(ValueError, match="e1: employees is nan; give a positive count"):
        waste.industrial_streams(pd.DataFrame({"id": ["e1"], "employees": [float("nan")]}))


def test_every_coefficient_has_a_source_or_says_unverified() -> None:
    table = coefficients.table()
    assert set(table["status"]) <= {"published", "derived", "unverified"}
    sourced = table[table["status"] != "unverified"]
    assert (sourced["url"].str.len() > 0).all()
