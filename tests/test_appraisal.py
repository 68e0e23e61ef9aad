"""Appraisal core: every figure against values worked out by hand.

The small case used throughout: capex 1,000 VND at t = 0, then +300 VND/yr for 5 years,
discount rate 10 %/yr.

    1.1^5 = 1.61051, so the 5-year annuity factor at 10 % is
    a = (1 - 1/1.61051) / 0.1 = (1 - 0.6209213) / 0.1 = 3.790787.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pytest

from eipgeo import appraisal as ap
from eipgeo._errors import UsageError

RATE = 0.10
NET = [-1000.0] + [300.0] * 5
ANNUITY_5_10 = 3.7907868  # (1 - 1.1**-5) / 0.1, worked above


# ----------------------------------------------------------------------------- NPV


def test_npv_small_case() -> None:
    # NPV = -1000 + 300 * 3.7907868 = -1000 + 1137.23603 = 137.23603
    assert ap.npv_vnd(RATE, NET) == pytest.approx(137.23603, abs=1e-4)


def test_npv_year_zero_is_not_discounted() -> None:
    # a single flow at t = 0 is its own present value; 110 at t = 1 is 110/1.1 = 100
    assert ap.npv_vnd(RATE, [-50.0]) == -50.0
    assert ap.npv_vnd(RATE, [0.0, 110.0]) == pytest.approx(100.0)


# ----------------------------------------------------------------------------- IRR


def test_irr_small_case() -> None:
    """Hand bisection: NPV at 15 % and 15.5 % bracket the root.

    15 %:   1.15^5 = 2.0113572; a = (1 - 0.4971767)/0.15 = 3.352155; 300a = 1005.65
            -> NPV = +5.65
    15.5 %: 1.155^5 = 2.055464; a = (1 - 0.486508)/0.155 = 3.312852; 300a = 993.86
            -> NPV = -6.14
    linear interpolation: 0.15 + 0.005 * 5.65 / (5.65 + 6.14) = 0.152396;
    the known value is 0.152382.
    """
    value = ap.irr(NET)
    assert value is not None
    assert 0.15 < value < 0.155
    assert value == pytest.approx(0.152382, abs=1e-6)
    assert ap.npv_vnd(value, NET) == pytest.approx(0.0, abs=1e-6)
    assert ap.npv_vnd(0.15, NET) == pytest.approx(5.65, abs=0.01)
    assert ap.npv_vnd(0.155, NET) == pytest.approx(-6.14, abs=0.01)
    assert ap.irr_note(NET) == ""


def test_no_irr_all_positive() -> None:
    # 100 + 200/(1+r) > 0 for every r > -1: no rate makes the NPV 0
    assert ap.irr([100.0, 200.0]) is None
    note = ap.irr_note([100.0, 200.0])
    assert note.startswith("no IRR: cash flows never change sign")
    assert "all positive" in note


def test_no_irr_all_negative() -> None:
    assert ap.irr([-100.0, -50.0, 0.0]) is None
    assert ap.irr_note([-100.0, -50.0, 0.0]).startswith("no IRR: all flows negative")


def test_no_irr_all_zero() -> None:
    assert ap.irr([0.0, 0.0]) is None
    assert ap.irr_note([0.0, 0.0]) == "no IRR: every cash flow is zero"


def test_irr_ambiguous_two_roots() -> None:
    """-100 + 230/y - 132/y^2 = 0 with y = 1 + r  <=>  100y^2 - 230y + 132 = 0,
    y = (230 ± sqrt(52900 - 52800)) / 200 = (230 ± 10)/200 = 1.1 or 1.2: IRR 10 % or 20 %.
    Two rates, so no single IRR is reported (issue 23); both are listed, and the MIRR at
    10 % answers: (230 × 1.1) / (100 + 132/1.1²) = 253 / 209.0909 = 1.21 = 1.1², so
    MIRR = 1.21^(1/2) − 1 = 10 %."""
    flows = [-100.0, 230.0, -132.0]
    assert ap.irr(flows) is None
    assert ap.irr_roots(flows) == pytest.approx([0.10, 0.20], abs=1e-9)
    note = ap.irr_note(flows)
    assert note == (
        "IRR ambiguous: cash flows change sign 2 times and 2 rates give NPV = 0 "
        "(10.00 %, 20.00 %), so no single IRR is shown; judge the measure by its NPV or "
        "by the modified IRR (mirr_pct)"
    )
    assert ap.mirr(0.10, flows) == pytest.approx(0.10, abs=1e-12)


def test_no_irr_several_sign_changes_no_root() -> None:
    """-1 + 1/y - 1/y^2 = 0  <=>  y^2 - y + 1 = 0: discriminant 1 - 4 < 0, no real root."""
    flows = [-1.0, 1.0, -1.0]
    assert ap.irr(flows) is None
    assert ap.irr_note(flows).startswith("no IRR: several sign changes (2)")


# ------------------------------------------------------------------------- payback


def test_simple_payback_small_case() -> None:
    # cumulative: -1000, -700, -400, -100, +200 -> crosses in year 4: 3 + 100/300
    assert ap.simple_payback_yr(NET) == pytest.approx(3 + 100 / 300)


def test_discounted_payback_small_case() -> None:
    """Discounted flows 300/1.1^t: 272.7273, 247.9339, 225.3944, 204.9040, 186.2764.

    cumulative: -1000, -727.2727, -479.3388, -253.9444, -49.0404, +137.2360
    -> crosses in year 5: 4 + 49.0404 / 186.2764 = 4 + 0.263267 = 4.263267
    """
    assert ap.discounted_payback_yr(RATE, NET) == pytest.approx(4.263267, abs=1e-6)


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-300.0, 300.0], 1.0),  # cumulative -300, 0: 0 + 300/300
        ([0.0, -100.0, 200.0], 1.5),  # cumulative 0, -100, +100: 1 + 100/200
        ([100.0, 50.0], 0.0),  # never negative
        ([-1000.0, 100.0, 100.0], None),  # cumulative -1000, -900, -800: never paid back
        ([-1000.0] + [200.0] * 5, 5.0),  # cumulative reaches exactly 0 in year 5: 4 + 200/200
    ],
)
def test_simple_payback_cases(flows: list[float], expected: float | None) -> None:
    assert ap.simple_payback_yr(flows) == expected


def test_discounted_payback_none_when_npv_negative() -> None:
    # -1000 + 200 * 3.7907868 = -241.84: the discounted cumulative never reaches 0
    assert ap.discounted_payback_yr(RATE, [-1000.0] + [200.0] * 5) is None


def test_discounted_payback_at_zero_rate_equals_simple() -> None:
    assert ap.discounted_payback_yr(0.0, NET) == pytest.approx(3 + 100 / 300)


# --------------------------------------------------------- levelised and abatement


def test_levelised_cost_small_case() -> None:
    """Costs 1000 at t=0 then 50/yr; 10 t/yr diverted in years 1..5.

    PV(costs) = 1000 + 50 * 3.7907868 = 1189.5393; PV(t) = 10 * 3.7907868 = 37.907868
    LC = 1189.5393 / 37.907868 = 1000/37.907868 + 50/10 = 26.37975 + 5 = 31.37975 VND/t
    """
    value = ap.levelised_cost_vnd_per_t(RATE, [1000.0] + [50.0] * 5, [0.0] + [10.0] * 5)
    assert value == pytest.approx(31.37975, abs=1e-4)


def test_levelised_cost_none_without_tonnes() -> None:
    assert ap.levelised_cost_vnd_per_t(RATE, [1000.0, 50.0], [0.0, 0.0]) is None


def test_abatement_cost_saving_measure_is_negative() -> None:
    """2 t CO2e/yr less in years 1..5: PV = 2 * 3.7907868 = 7.5815736.

    AC = -137.23603 / 7.5815736 = -18.10126 VND/t CO2e (saves money while abating)
    """
    value = ap.abatement_cost_vnd_per_t_co2e(RATE, NET, [0.0] + [2.0] * 5)
    assert value == pytest.approx(-18.10126, abs=1e-4)


def test_abatement_cost_costly_measure_is_positive() -> None:
    """Net -1000 then +200/yr: NPV = -1000 + 200 * 3.7907868 = -241.84264.

    AC = 241.84264 / 7.5815736 = 31.89874 VND/t CO2e
    """
    value = ap.abatement_cost_vnd_per_t_co2e(RATE, [-1000.0] + [200.0] * 5, [0.0] + [2.0] * 5)
    assert value == pytest.approx(31.89874, abs=1e-4)


@pytest.mark.parametrize("reduction", [[0.0, 0.0, 0.0], [0.0, -1.0, -1.0]])
def test_abatement_cost_none_without_reduction(reduction: list[float]) -> None:
    assert ap.abatement_cost_vnd_per_t_co2e(RATE, [-10.0, 5.0, 5.0], reduction) is None


# -------------------------------------------------------------------- benefit split


def test_benefit_split_shares_of_positive_total() -> None:
    # positive total = 300 + 100 = 400: supplier 75 %, receiver 25 %, idle 0 %;
    # the hauler loses 50/yr: NaN with a note, not -12.5 %
    table = ap.benefit_split({"supplier": 300.0, "receiver": 100.0, "hauler": -50.0, "idle": 0.0})
    assert list(table.columns) == ["party", "benefit_vnd_per_yr", "share_pct", "note"]
    assert list(table["party"]) == ["supplier", "receiver", "hauler", "idle"]
    shares = table.set_index("party")["share_pct"]
    assert shares["supplier"] == pytest.approx(75.0)
    assert shares["receiver"] == pytest.approx(25.0)
    assert shares["idle"] == 0.0
    assert np.isnan(shares["hauler"])
    notes = table.set_index("party")["note"]
    assert "net cost" in notes["hauler"]
    assert notes["supplier"] == ""


def test_benefit_split_no_gain_is_nan_not_zero() -> None:
    table = ap.benefit_split({"a": -3.0, "b": 0.0})
    assert table["share_pct"].isna().all()
    assert table["note"].str.contains("no party gains").all()


# ---------------------------------------------------------- sensitivity: a 2+1 model


def _linear(p: Mapping[str, float]) -> float:
    # NPV = 4*price + 8*fee - 10*opex; base 100, 50, 30 -> 400 + 400 - 300 = 500
    return 4 * p["price"] + 8 * p["fee"] - 10 * p["opex"]


def test_tornado_linear_model_by_hand() -> None:
    """±20 % around base, others at base (base NPV 500):

    price 80 / 120:  500 - 80 = 420 / 500 + 80 = 580  swing 160
    fee   40 / 60:   500 - 80 = 420 / 500 + 80 = 580  swing 160 (tie: 'fee' < 'price')
    opex  24 / 36:   500 + 60 = 560 / 500 - 60 = 440  swing 120
    """
    base = {"price": 100.0, "fee": 50.0, "opex": 30.0}
    table = ap.tornado(
        _linear, base, ["opex", "price", "fee"], units={"price": "VND/t", "opex": "VND/yr"}
    )
    assert list(table.columns) == [
        "driver",
        "change_pct",
        "low_value",
        "high_value",
        "unit",
        "npv_low_vnd",
        "npv_high_vnd",
        "swing_vnd",
    ]
    assert list(table["driver"]) == ["fee", "price", "opex"]
    rows = table.set_index("driver")
    assert rows.loc["price", ["low_value", "high_value"]].tolist() == pytest.approx([80.0, 120.0])
    assert rows.loc[
        "price", ["npv_low_vnd", "npv_high_vnd", "swing_vnd"]
    ].tolist() == pytest.approx([420.0, 580.0, 160.0])
    assert rows.loc["opex", ["npv_low_vnd", "npv_high_vnd", "swing_vnd"]].tolist() == pytest.approx(
        [560.0, 440.0, 120.0]
    )
    assert rows.loc["fee", "unit"] == ""
    assert rows.loc["price", "unit"] == "VND/t"
    assert (table["change_pct"] == 20.0).all()
    assert base == {"price": 100.0, "fee": 50.0, "opex": 30.0}  # not mutated


def _gate_fee_npv(p: Mapping[str, float]) -> float:
    # capex 1000 at t=0, then 5 years of (gate fee * 10 t - 100 opex)
    yearly = p["gate_fee"] * p["t_per_yr"] - p["opex"]
    return ap.npv_vnd(p["rate"], [-1000.0] + [yearly] * 5)


GATE_BASE = {"gate_fee": 50.0, "t_per_yr": 10.0, "opex": 100.0, "rate": 0.10}


def test_tornado_gate_fee_model() -> None:
    """gate fee 40 / 60 (±20 %): yearly 300 / 500.

    NPV(40) = -1000 + 300 * 3.7907868 = 137.236; NPV(60) = -1000 + 500 * 3.7907868 = 895.393
    """
    table = ap.tornado(_gate_fee_npv, GATE_BASE, ["gate_fee"])
    row = table.iloc[0]
    assert row["npv_low_vnd"] == pytest.approx(137.236, abs=1e-3)
    assert row["npv_high_vnd"] == pytest.approx(895.393, abs=1e-3)
    assert row["swing_vnd"] == pytest.approx(758.157, abs=1e-3)


def test_tornado_zero_base_driver_is_an_error() -> None:
    with pytest.raises(UsageError, match=r"driver 'fee' has base value 0.*non-zero base"):
        ap.tornado(_linear, {"price": 100.0, "fee": 0.0, "opex": 30.0}, ["price", "fee"])


@pytest.mark.parametrize(
    ("drivers", "pct", "match"),
    [
        (["volume"], 20.0, r"driver 'volume' is not in the base values"),
        (["price", "price"], 20.0, r"drivers repeated: price"),
        (["price"], 0.0, r"pct=0.0 must be in \(0, 100\]"),
    ],
)
def test_tornado_bad_calls(drivers: list[str], pct: float, match: str) -> None:
    with pytest.raises(UsageError, match=match):
        ap.tornado(_linear, {"price": 100.0, "fee": 50.0, "opex": 30.0}, drivers, pct)


def test_break_even_gate_fee_by_hand() -> None:
    """NPV(g) = -1000 + 3.7907868 * (10g - 100) = 0
    -> 10g - 100 = 1000 / 3.7907868 = 263.79748 -> g = 36.379748 VND/t."""
    g = ap.break_even(_gate_fee_npv, GATE_BASE, "gate_fee", 0.0, 100.0)
    assert g is not None
    assert g == pytest.approx(36.379748, rel=1e-6)
    assert _gate_fee_npv({**GATE_BASE, "gate_fee": g}) == pytest.approx(0.0, abs=1e-6)


def test_break_even_none_when_no_crossing() -> None:
    # NPV(50) = -1000 + 400 * 3.7907868 = 516.3 > 0 and NPV(100) > 0: same sign
    assert ap.break_even(_gate_fee_npv, GATE_BASE, "gate_fee", 50.0, 100.0) is None


def test_break_even_exact_at_bound() -> None:
    def npv(p: Mapping[str, float]) -> float:
        return 10 * p["x"] - 100  # zero at x = 10 exactly

    assert ap.break_even(npv, {"x": 1.0}, "x", 10.0, 20.0) == 10.0


def test_break_even_bad_calls() -> None:
    with pytest.raises(UsageError, match=r"lo < hi"):
        ap.break_even(_gate_fee_npv, GATE_BASE, "gate_fee", 100.0, 0.0)
    with pytest.raises(UsageError, match=r"driver 'fees' is not in the base values"):
        ap.break_even(_gate_fee_npv, GATE_BASE, "fees", 0.0, 100.0)
    with pytest.raises(UsageError, match=r"npv_of returned nan with gate_fee = 0.0"):
        ap.break_even(lambda p: float("nan"), GATE_BASE, "gate_fee", 0.0, 100.0)


# --------------------------------------------------------------------------- table


def test_appraisal_table_small_case() -> None:
    table = ap.appraisal_table(
        RATE, NET, [1000.0] + [50.0] * 5, [0.0] + [10.0] * 5, [0.0] + [2.0] * 5
    )
    assert list(table.columns) == ["metric", "value", "unit", "formula", "note"]
    values = table.set_index("metric")["value"]
    assert list(values.index) == [
        "simple_payback_yr",
        "discounted_payback_yr",
        "npv_vnd",
        "irr_pct",
        "mirr_pct",
        "levelised_cost_vnd_per_t",
        "abatement_cost_vnd_per_t_co2e",
    ]
    # the same hand figures as above; MIRR: FV_5 of 300/yr at 10 % = 300 × 6.1051 =
    # 1831.53, PV of the outflow 1000, (1.83153)^(1/5) − 1 = 12.86592 %
    assert values.tolist() == pytest.approx(
        [3.333333, 4.263267, 137.23603, 15.2382, 12.86592, 31.37975, -18.10126], abs=1e-4
    )
    assert table.set_index("metric").loc["npv_vnd", "formula"] == "NPV = Σ_t CF_t/(1+r)^t, t=0..T"
    assert table["formula"].str.len().gt(0).all()


def test_appraisal_table_missing_values_are_nan_with_reason() -> None:
    table = ap.appraisal_table(RATE, [100.0, 200.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0])
    rows = table.set_index("metric")
    assert rows.loc["simple_payback_yr", "value"] == 0.0  # pays from year 0
    for metric in ["irr_pct", "levelised_cost_vnd_per_t", "abatement_cost_vnd_per_t_co2e"]:
        assert np.isnan(rows.loc[metric, "value"]), metric
        assert rows.loc[metric, "note"] != "", metric
    assert rows.loc["irr_pct", "note"].startswith("no IRR: cash flows never change sign")


def test_appraisal_table_never_paid_back() -> None:
    table = ap.appraisal_table(
        RATE, [-1000.0, 100.0], [1000.0, 0.0], [0.0, 5.0], [0.0, 1.0]
    ).set_index("metric")
    assert np.isnan(table.loc["simple_payback_yr", "value"])
    assert "not paid back" in table.loc["simple_payback_yr", "note"]
    assert np.isnan(table.loc["discounted_payback_yr", "value"])


# ---------------------------------------------------------------------- bad inputs

Call = Callable[[], Any]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ap.npv_vnd(RATE, [1.0, float("nan"), 3.0]), r"net_vnd\[1\] is nan"),
        (lambda: ap.irr([1.0, 2.0, float("inf")]), r"net_vnd\[2\] is inf"),
        (lambda: ap.simple_payback_yr([1.0, None]), r"net_vnd\[1\] is nan"),
        (lambda: ap.npv_vnd(RATE, [[1.0, 2.0], [3.0, 4.0]]), r"shape \(2, 2\).*1-D"),
        (lambda: ap.npv_vnd(RATE, []), r"net_vnd is empty"),
        (lambda: ap.npv_vnd(RATE, ["a"]), r"net_vnd could not be read as numbers"),
        (lambda: ap.npv_vnd(-1.0, [1.0]), r"rate=-1.0 must be a finite fraction greater than -1"),
        (lambda: ap.discounted_payback_yr(float("nan"), [1.0]), r"rate=nan"),
        (
            lambda: ap.levelised_cost_vnd_per_t(RATE, [1.0, 2.0, 3.0], [1.0, 2.0]),
            r"cost_vnd has 3, tonnes has 2",
        ),
        (
            lambda: ap.levelised_cost_vnd_per_t(RATE, [1.0, 2.0], [1.0, -2.0]),
            r"tonnes\[1\] is -2.0.*cannot be negative",
        ),
        (
            lambda: ap.abatement_cost_vnd_per_t_co2e(RATE, [1.0], [float("nan")]),
            r"co2e_reduction_t\[0\] is nan",
        ),
        (
            lambda: ap.appraisal_table(RATE, [1.0, 2.0], [1.0, 2.0], [1.0, 2.0], [1.0]),
            r"co2e_reduction_t has 1",
        ),
        (lambda: ap.benefit_split({"supplier": float("nan")}), r"party 'supplier' is nan"),
        (lambda: ap.benefit_split({}), r"at least one party"),
        (lambda: ap.benefit_split({"receiver": "lots"}), r"party 'receiver' is lots"),
    ],
)
def test_bad_inputs_raise_usage_error(call: Call, match: str) -> None:
    with pytest.raises(UsageError, match=match) as info:
        call()
    assert isinstance(info.value, ValueError)  # callers catching ValueError still work
    assert info.value.exit_code == 2


def test_finite_check_reports_first_bad_index_and_count() -> None:
    with pytest.raises(UsageError, match=r"net_vnd\[2\] is nan \(2 non-finite values"):
        ap.npv_vnd(RATE, pd.Series([1.0, 2.0, np.nan, np.inf]))
