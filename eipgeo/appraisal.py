"""Financial and environmental appraisal of an intervention: a numeric core over arrays.

Every function takes plain 1-D sequences, one value per year, index ``t = 0 .. T``
(``t = 0`` is the year of the first flow, usually the capex year, and is not
discounted). No geometry and no frames go in; frames come out only as tables
(:func:`benefit_split`, :func:`tornado`, :func:`appraisal_table`).

Sign convention
---------------
A cash flow ``CF_t`` (``net_vnd``) is seen from the party appraised: **positive =
money in** (savings, avoided disposal fees, revenue), **negative = money out** (capex,
opex, extra transport). Capex is therefore negative. ``cost_vnd`` of
:func:`levelised_cost_vnd_per_t` is the exception: it lists costs as positive amounts
spent (a saving entered there is negative). Rates are fractions per year (0.10 = 10 %);
a real rate goes with real (constant-price) flows.

Definitions
-----------
With ``r`` the discount rate and ``T`` the last year:

* **Net present value**: ``NPV = Σ_t CF_t / (1 + r)^t``, ``t = 0..T``. Computed by
  ``numpy_financial.npv``, whose convention is exactly this (the first flow is at the
  present and is not discounted).
* **Internal rate of return**: the rate ``IRR`` with ``Σ_t CF_t / (1 + IRR)^t = 0``,
  computed by ``numpy_financial.irr`` (roots of the polynomial in ``1/(1+r)``; when
  several real roots exist it returns the one closest to 0). There is no IRR when the
  flows never change sign (no rate can bring NPV to 0); when they change sign more than
  once several rates may solve the equation: then no single one is reported (the one
  closest to 0 can be a meaningless -97 %), :func:`irr_note` lists them all, and the
  modified IRR answers instead.
* **Modified IRR**: ``MIRR = (FV_T(inflows at the reinvestment rate) / PV_0(outflows at
  the finance rate))^(1/T) - 1`` (``numpy_financial.mirr``), both rates the discount
  rate unless given: one value for any pattern of flows.
* **Simple payback**: the time from ``t = 0`` at which the cumulative undiscounted
  net cash flow ``C_t = Σ_{s≤t} CF_s`` first becomes ``≥ 0`` after having been
  negative, interpolated linearly within the crossing year ``k`` (flows assumed to
  arrive evenly through it): ``payback = (k - 1) + (-C_{k-1}) / CF_k``. It is 0 when
  ``C_t`` is never negative and undefined when ``C_t`` stays negative to ``T``. Later
  dips below 0 (e.g. a replacement) do not move it: the NPV accounts for them.
* **Discounted payback**: the same on the discounted flows ``CF_t / (1 + r)^t``. It is
  defined only if the cumulative discounted flow reaches 0 by ``T``, so a measure with a
  negative NPV (and a cumulative that stays negative) has none.
* **Levelised cost per tonne**: ``LC = Σ_t C_t/(1+r)^t ÷ Σ_t Q_t/(1+r)^t`` with
  ``C_t`` the costs (VND, positive) and ``Q_t`` the tonnes (diverted, treated...) in
  year ``t``: the constant price per tonne whose present value equals that of the costs.
* **Abatement cost per t CO2e**: ``AC = -NPV ÷ Σ_t ΔE_t/(1+r)^t`` with ``ΔE_t`` the
  CO2e reduction (t, positive = less emitted) in year ``t``. ``-NPV`` is the net present
  cost, so a measure that saves money while abating has a **negative** abatement cost.
  The tonnes are discounted at the same rate (the levelised form), which keeps the
  ratio comparable between measures whose reductions come at different times; the
  chapter cited below divides by the lifetime reduction without saying it is
  discounted, so discounting it is this module's choice (at ``r = 0`` both agree).

References
----------
numpy-financial documentation, ``npv`` and ``irr``
(https://numpy.org/numpy-financial/latest/npv.html,
https://numpy.org/numpy-financial/latest/irr.html): the NPV and IRR formulas above and
the sign convention (investments negative, income positive); both pages cite
L. J. Gitman, *Principles of Managerial Finance, Brief*, 3rd ed., Addison-Wesley, 2003,
pp. 346 and 348.

HOMER Energy documentation, "Levelized Cost of Energy"
(https://support.homerenergy.com/docs/results/calculations/levelized-cost-of-energy):
levelised cost as present value of costs over present value of output.

Kontovas, C. A. and Psaraftis, H. N., "Transportation emissions: some basics", ch. 2 in
Psaraftis, H. N. (ed.), *Green Transportation Logistics: The Quest for Win-Win
Solutions*, Springer, 2016, §2.4.1 (marginal abatement cost = net present value of a
measure's costs and benefits divided by its emission reduction over the lifetime).

The payback definitions are the usual capital-budgeting ones, written out above; no
single source is cited for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy_financial as npf
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from eipgeo._errors import UsageError

__all__ = [
    "abatement_cost_vnd_per_t_co2e",
    "appraisal_table",
    "benefit_split",
    "break_even",
    "discounted_payback_yr",
    "irr",
    "irr_note",
    "irr_roots",
    "mirr",
    "levelised_cost_vnd_per_t",
    "npv_vnd",
    "simple_payback_yr",
    "tornado",
]

FloatArray = NDArray[np.float64]

_BRENTQ_RTOL = 1e-10
"""Relative tolerance of the break-even root: far below the 1e-6 a VND figure needs."""

_TORNADO_COLUMNS = [
    "driver",
    "change_pct",
    "low_value",
    "high_value",
    "unit",
    "npv_low_vnd",
    "npv_high_vnd",
    "swing_vnd",
]


# --------------------------------------------------------------------------- checks


def _flows(name: str, values: ArrayLike) -> FloatArray:
    """Return ``values`` as a 1-D float array, or raise naming the first bad entry."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        msg = (
            f"{name} could not be read as numbers ({exc}); pass a list or 1-D numpy "
            "array of floats, one per year from year 0"
        )
        raise UsageError(msg) from exc
    if arr.ndim != 1:
        msg = (
            f"{name} has shape {arr.shape}; it must be 1-D, one value per year from "
            "year 0 (flatten it, or pass one series at a time)"
        )
        raise UsageError(msg)
    if arr.size == 0:
        msg = f"{name} is empty; give at least the year-0 value"
        raise UsageError(msg)
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        i = int(bad[0])
        more = f" ({bad.size} non-finite values in all)" if bad.size > 1 else ""
        msg = (
            f"{name}[{i}] is {arr[i]}{more}: every yearly value must be a finite "
            f"number; put 0 for a year with nothing, or correct the value of year {i}"
        )
        raise UsageError(msg)
    return arr


def _same_length(**arrays: FloatArray) -> None:
    """Raise when the paired series do not all have the same number of years."""
    lengths = {name: arr.size for name, arr in arrays.items()}
    if len(set(lengths.values())) > 1:
        listed = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        msg = (
            f"paired series differ in length ({listed} values); give each one value "
            "per year over the same years, 0 where nothing happens"
        )
        raise UsageError(msg)


def _rate(rate: float) -> float:
    """Return ``rate`` as a float, or raise when it is not a finite fraction > -1."""
    try:
        r = float(rate)
    except (TypeError, ValueError) as exc:
        msg = f"rate={rate!r} is not a number; give the discount rate as a fraction (0.10)"
        raise UsageError(msg) from exc
    if not np.isfinite(r) or r <= -1.0:
        msg = (
            f"rate={rate!r} must be a finite fraction greater than -1 (e.g. 0.10 for "
            "10 %/yr); at -1 or below, (1 + rate)^t is not a discount factor"
        )
        raise UsageError(msg)
    return r


def _discounted(rate: float, arr: FloatArray) -> FloatArray:
    """Return ``arr[t] / (1 + rate)^t``."""
    factors: FloatArray = (1.0 + rate) ** -np.arange(arr.size, dtype=float)
    return arr * factors


def _pv(rate: float, arr: FloatArray) -> float:
    """Present value with numpy_financial's convention (year 0 undiscounted)."""
    return float(npf.npv(rate, arr))


# ------------------------------------------------------------------ single metrics


def npv_vnd(rate: float, net_vnd: ArrayLike) -> float:
    """Return the net present value of yearly net cash flows.

    Parameters
    ----------
    rate
        Discount rate, fraction per year (0.10 = 10 %); must be > -1.
    net_vnd
        Net cash flow per year, VND, from year 0 (undiscounted); positive = money in.

    Returns
    -------
    float
        ``Σ_t net_vnd[t] / (1 + rate)^t``, VND (``numpy_financial.npv``).

    Raises
    ------
    eipgeo._errors.UsageError
        ``rate`` ≤ -1 or not finite; ``net_vnd`` not 1-D, empty or holding NaN/inf.
    """
    return _pv(_rate(rate), _flows("net_vnd", net_vnd))


def _sign_changes(arr: FloatArray) -> int:
    signs = np.sign(arr[arr != 0])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def _irr_candidates(arr: FloatArray) -> list[float]:
    """Every rate > -1 with NPV = 0, found as numpy_financial finds them (sorted)."""
    roots = np.roots(arr[::-1])
    real = roots[(roots.imag == 0) & (roots.real > 0)].real
    rates = sorted(float(r) for r in 1.0 / real - 1.0)
    distinct: list[float] = []
    for r in rates:
        if not distinct or abs(r - distinct[-1]) > 1e-9 * (1.0 + abs(r)):
            distinct.append(r)
    return distinct


def irr_roots(net_vnd: ArrayLike) -> list[float]:
    """Return every rate above -100 % at which the NPV of the flows is 0.

    Parameters
    ----------
    net_vnd
        Net cash flow per year, VND, from year 0; positive = money in.

    Returns
    -------
    list of float
        The rates (fractions per year), ascending; empty when there is none.

    Raises
    ------
    eipgeo._errors.UsageError
        ``net_vnd`` not 1-D, empty or holding NaN/inf.
    """
    arr = _flows("net_vnd", net_vnd)
    if _sign_changes(arr) == 0:
        return []
    return _irr_candidates(arr)


def irr(net_vnd: ArrayLike) -> float | None:
    """Return the internal rate of return of yearly net cash flows, or None.

    Parameters
    ----------
    net_vnd
        Net cash flow per year, VND, from year 0; positive = money in.

    Returns
    -------
    float or None
        The one rate (fraction per year) at which the NPV is 0. None when the flows
        never change sign, when no real rate solves it, and when several do (then no
        single one answers "does the measure earn more than the discount rate?": see
        :func:`irr_note` for the rates and :func:`mirr` for a rate that does).

    Raises
    ------
    eipgeo._errors.UsageError
        ``net_vnd`` not 1-D, empty or holding NaN/inf.
    """
    roots = irr_roots(net_vnd)
    if len(roots) != 1:
        return None
    value = float(npf.irr(_flows("net_vnd", net_vnd)))
    return value if np.isfinite(value) and abs(value - roots[0]) < 1e-6 else roots[0]


def mirr(
    rate: float,
    net_vnd: ArrayLike,
    *,
    finance_rate: float | None = None,
    reinvest_rate: float | None = None,
) -> float | None:
    """Return the modified internal rate of return, or None.

    ``MIRR = (FV_T(money in, at the reinvestment rate) / PV_0(money out, at the finance
    rate))^(1/T) - 1``: one rate for any pattern of flows, so it answers where the IRR
    has several values (``numpy_financial.mirr``).

    Parameters
    ----------
    rate
        Discount rate, fraction per year; the finance and reinvestment rates when those
        are not given.
    net_vnd
        Net cash flow per year, VND, from year 0; positive = money in.
    finance_rate, reinvest_rate
        Rate paid on money out and earned on money in, fractions per year; default
        ``rate``.

    Returns
    -------
    float or None
        The rate (fraction per year); None without both money in and money out.

    Raises
    ------
    eipgeo._errors.UsageError
        Bad rates; ``net_vnd`` not 1-D, empty or holding NaN/inf.
    """
    arr = _flows("net_vnd", net_vnd)
    finance = _rate(rate if finance_rate is None else finance_rate)
    reinvest = _rate(rate if reinvest_rate is None else reinvest_rate)
    if not ((arr > 0).any() and (arr < 0).any()):
        return None
    value = float(npf.mirr(arr, finance, reinvest))
    return value if np.isfinite(value) else None


def irr_note(net_vnd: ArrayLike) -> str:
    """Explain why there is no IRR, or why it is ambiguous; "" when it is unique.

    Parameters
    ----------
    net_vnd
        Net cash flow per year, VND, from year 0; positive = money in.

    Returns
    -------
    str
        ``""`` when exactly one rate gives NPV = 0; otherwise a plain-English reason
        starting ``no IRR:`` (all zero, never changing sign, several sign changes and no
        root) or ``IRR ambiguous:`` (several rates solve it; they are listed).

    Raises
    ------
    eipgeo._errors.UsageError
        ``net_vnd`` not 1-D, empty or holding NaN/inf.
    """
    arr = _flows("net_vnd", net_vnd)
    nonzero = arr[arr != 0]
    if nonzero.size == 0:
        return "no IRR: every cash flow is zero"
    if (nonzero > 0).all():
        return (
            "no IRR: cash flows never change sign (all positive: the measure pays "
            "from year 0, so no discount rate brings the NPV to 0)"
        )
    if (nonzero < 0).all():
        return (
            "no IRR: all flows negative (the measure never brings money in, so no "
            "discount rate brings the NPV to 0)"
        )
    changes = _sign_changes(arr)
    rates = _irr_candidates(arr)
    if not rates:
        times = f"several sign changes ({changes})" if changes > 1 else "one sign change"
        return (
            f"no IRR: {times} but numpy_financial finds no real rate that brings "
            "the NPV to 0; judge the measure by its NPV"
        )
    if len(rates) == 1:
        return ""
    listed = ", ".join(f"{100 * r:.2f} %" for r in rates)
    return (
        f"IRR ambiguous: cash flows change sign {changes} times and {len(rates)} "
        f"rates give NPV = 0 ({listed}), so no single IRR is shown; judge the measure by "
        "its NPV or by the modified IRR (mirr_pct)"
    )


def _payback(flows: FloatArray) -> float | None:
    cumulative = np.cumsum(flows)
    negative = np.flatnonzero(cumulative < 0)
    if negative.size == 0:
        return 0.0
    after = np.flatnonzero(cumulative[negative[0] :] >= 0)
    if after.size == 0:
        return None
    k = int(negative[0] + after[0])
    # C_{k-1} < 0 <= C_k, so flows[k] = C_k - C_{k-1} > 0
    return (k - 1) + float(-cumulative[k - 1] / flows[k])


def simple_payback_yr(net_vnd: ArrayLike) -> float | None:
    """Return the simple (undiscounted) payback time, years from year 0, or None.

    Parameters
    ----------
    net_vnd
        Net cash flow per year, VND, from year 0; positive = money in.

    Returns
    -------
    float or None
        ``(k - 1) + (-C_{k-1}) / CF_k`` where ``C`` is the cumulative net cash flow and
        ``k`` the first year it reaches ≥ 0 after being negative (linear within the
        year); 0.0 when ``C`` is never negative; None when it stays negative.

    Raises
    ------
    eipgeo._errors.UsageError
        ``net_vnd`` not 1-D, empty or holding NaN/inf.
    """
    return _payback(_flows("net_vnd", net_vnd))


def discounted_payback_yr(rate: float, net_vnd: ArrayLike) -> float | None:
    """Return the discounted payback time, years from year 0, or None.

    Parameters
    ----------
    rate
        Discount rate, fraction per year; must be > -1.
    net_vnd
        Net cash flow per year, VND, from year 0; positive = money in.

    Returns
    -------
    float or None
        :func:`simple_payback_yr` of ``net_vnd[t] / (1 + rate)^t``; None when the
        cumulative discounted flow stays negative to the last year.

    Raises
    ------
    eipgeo._errors.UsageError
        Bad ``rate`` or ``net_vnd`` (see :func:`npv_vnd`).
    """
    return _payback(_discounted(_rate(rate), _flows("net_vnd", net_vnd)))


def levelised_cost_vnd_per_t(rate: float, cost_vnd: ArrayLike, tonnes: ArrayLike) -> float | None:
    """Return the levelised cost per tonne, PV(costs) / PV(tonnes), or None.

    Parameters
    ----------
    rate
        Discount rate, fraction per year; must be > -1.
    cost_vnd
        Costs per year, VND, from year 0, **positive = spent** (capex, opex); a saving
        counted against the cost is negative.
    tonnes
        Tonnes per year (diverted, treated...), t, from year 0; non-negative; same
        length as ``cost_vnd``.

    Returns
    -------
    float or None
        VND per t; None when no tonnes at all (PV of tonnes = 0).

    Raises
    ------
    eipgeo._errors.UsageError
        Bad ``rate``; a series not 1-D, empty or holding NaN/inf; lengths differ; a
        negative tonnage.
    """
    r = _rate(rate)
    cost = _flows("cost_vnd", cost_vnd)
    t = _flows("tonnes", tonnes)
    _same_length(cost_vnd=cost, tonnes=t)
    neg = np.flatnonzero(t < 0)
    if neg.size:
        i = int(neg[0])
        msg = (
            f"tonnes[{i}] is {t[i]}: tonnes diverted cannot be negative; give 0 for a "
            "year with none"
        )
        raise UsageError(msg)
    pv_t = _pv(r, t)
    if pv_t == 0:
        return None
    return _pv(r, cost) / pv_t


def abatement_cost_vnd_per_t_co2e(
    rate: float, net_vnd: ArrayLike, co2e_reduction_t: ArrayLike
) -> float | None:
    """Return the abatement cost, -NPV / PV(CO2e reduction), VND per t CO2e, or None.

    Parameters
    ----------
    rate
        Discount rate, fraction per year; must be > -1.
    net_vnd
        Net cash flow per year, VND, from year 0; positive = money in.
    co2e_reduction_t
        CO2e reduction per year, t CO2e, **positive = less emitted**; same length as
        ``net_vnd``.

    Returns
    -------
    float or None
        VND per t CO2e; negative when the measure saves money while abating. None when
        the discounted reduction is ≤ 0 (nothing abated: the ratio has no meaning).

    Raises
    ------
    eipgeo._errors.UsageError
        Bad ``rate``; a series not 1-D, empty or holding NaN/inf; lengths differ.
    """
    r = _rate(rate)
    net = _flows("net_vnd", net_vnd)
    red = _flows("co2e_reduction_t", co2e_reduction_t)
    _same_length(net_vnd=net, co2e_reduction_t=red)
    pv_red = _pv(r, red)
    if pv_red <= 0:
        return None
    return -_pv(r, net) / pv_red


# ------------------------------------------------------------------------- tables


def benefit_split(benefits_vnd_per_yr: Mapping[str, float]) -> pd.DataFrame:
    """Split the yearly benefit of an exchange between its parties.

    ``share_pct`` is each party's share of the **total positive benefit** (the sum of
    the benefits that are > 0), so the shares of the gaining parties add up to 100.
    A party whose benefit is negative (the exchange costs it money) gets NaN and a note,
    not a negative share; when no party gains (total positive benefit 0), every share is
    NaN with a note. A party with benefit 0 while others gain has share 0.

    Parameters
    ----------
    benefits_vnd_per_yr
        ``{party: benefit}``, VND per year, positive = the party gains.

    Returns
    -------
    pandas.DataFrame
        One row per party, in the mapping's order: ``party``, ``benefit_vnd_per_yr``,
        ``share_pct`` (%), ``note`` ("" when the share is defined).

    Raises
    ------
    eipgeo._errors.UsageError
        No party, or a benefit that is not a finite number.
    """
    if not benefits_vnd_per_yr:
        msg = "benefit_split needs at least one party; pass {party: VND per year}"
        raise UsageError(msg)
    values: dict[str, float] = {}
    for party, value in benefits_vnd_per_yr.items():
        try:
            v = float(value)
        except (TypeError, ValueError):
            v = float("nan")
        if not np.isfinite(v):
            msg = (
                f"benefit of party {party!r} is {value}: give a finite VND/yr figure "
                "(0 if the party neither gains nor loses)"
            )
            raise UsageError(msg)
        values[party] = v
    total = sum(v for v in values.values() if v > 0)
    rows = []
    for party, v in values.items():
        share, note = np.nan, ""
        if total <= 0:
            note = "no party gains (total positive benefit is 0): shares are undefined"
        elif v < 0:
            note = "net cost to this party: not a share of the gains"
        else:
            share = 100.0 * v / total
        rows.append({"party": party, "benefit_vnd_per_yr": v, "share_pct": share, "note": note})
    return pd.DataFrame(rows, columns=["party", "benefit_vnd_per_yr", "share_pct", "note"])


def _npv_at(
    npv_of: Callable[[Mapping[str, float]], float],
    base: Mapping[str, float],
    driver: str,
    value: float,
) -> float:
    params = dict(base)
    params[driver] = value
    result = float(npv_of(params))
    if not np.isfinite(result):
        msg = (
            f"npv_of returned {result} with {driver} = {value}: the NPV model must give "
            "a finite VND figure over the whole range tested; check the model or the "
            "range"
        )
        raise UsageError(msg)
    return result


def _check_driver(base: Mapping[str, float], driver: str) -> float:
    if driver not in base:
        msg = (
            f"driver {driver!r} is not in the base values ({', '.join(map(str, base))}); "
            "add its base value or fix the name"
        )
        raise UsageError(msg)
    value = float(base[driver])
    if not np.isfinite(value):
        msg = f"base value of driver {driver!r} is {value}; give a finite number"
        raise UsageError(msg)
    return value


def tornado(
    npv_of: Callable[[Mapping[str, float]], float],
    base: Mapping[str, float],
    drivers: Sequence[str],
    pct: float = 20.0,
    units: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Return the NPV with each driver moved by ±``pct`` %, the others at base.

    Parameters
    ----------
    npv_of
        NPV model: ``{driver: value}`` → NPV, VND. Called with a copy of ``base`` in
        which one driver is changed; it must not rely on mutating it.
    base
        Base value of every parameter of the model, in the model's units.
    drivers
        Names (keys of ``base``) to vary, each once.
    pct
        The change, % of the base value (0 < pct ≤ 100).
    units
        ``{driver: unit}`` shown in the ``unit`` column ("" when absent).

    Returns
    -------
    pandas.DataFrame
        ``driver, change_pct, low_value, high_value, unit, npv_low_vnd, npv_high_vnd,
        swing_vnd`` with ``low_value = base·(1 - pct/100)``, ``high_value =
        base·(1 + pct/100)`` (so for a negative base ``low_value`` is the larger
        number: "low" means the −pct % case) and ``swing_vnd = |npv_high_vnd -
        npv_low_vnd|``; sorted by swing (largest first), then driver name.

    Raises
    ------
    eipgeo._errors.UsageError
        ``pct`` out of range; a driver missing from ``base``, repeated, or with base 0
        (a % change of 0 is 0: vary it over an absolute range with :func:`break_even`
        or give it a non-zero base); ``npv_of`` returning NaN/inf.
    """
    p = float(pct)
    if not (np.isfinite(p) and 0 < p <= 100):
        msg = f"pct={pct!r} must be in (0, 100]: the ± change in % of each base value"
        raise UsageError(msg)
    repeated = sorted({d for d in drivers if list(drivers).count(d) > 1})
    if repeated:
        msg = f"drivers repeated: {', '.join(repeated)}; list each driver once"
        raise UsageError(msg)
    units = units or {}
    rows = []
    for driver in drivers:
        b = _check_driver(base, driver)
        if b == 0:
            msg = (
                f"driver {driver!r} has base value 0, which a ±{p:g} % change leaves at "
                "0; give it a non-zero base value, leave it out of the tornado, or find "
                "its break-even over an absolute range with break_even()"
            )
            raise UsageError(msg)
        low, high = b * (1 - p / 100), b * (1 + p / 100)
        npv_low = _npv_at(npv_of, base, driver, low)
        npv_high = _npv_at(npv_of, base, driver, high)
        rows.append(
            {
                "driver": driver,
                "change_pct": p,
                "low_value": low,
                "high_value": high,
                "unit": units.get(driver, ""),
                "npv_low_vnd": npv_low,
                "npv_high_vnd": npv_high,
                "swing_vnd": abs(npv_high - npv_low),
            }
        )
    table = pd.DataFrame(rows, columns=_TORNADO_COLUMNS)
    table = table.sort_values(["swing_vnd", "driver"], ascending=[False, True], kind="mergesort")
    return table.reset_index(drop=True)


def break_even(
    npv_of: Callable[[Mapping[str, float]], float],
    base: Mapping[str, float],
    driver: str,
    lo: float,
    hi: float,
) -> float | None:
    """Return the value of ``driver`` in ``[lo, hi]`` at which the NPV is 0, or None.

    Solved with ``scipy.optimize.brentq`` (relative tolerance 1e-10, well inside the
    1e-6 a VND figure needs), the other parameters at ``base``.

    Parameters
    ----------
    npv_of
        NPV model: ``{driver: value}`` → NPV, VND.
    base
        Base value of every parameter; must hold ``driver``.
    driver
        The parameter to solve for (e.g. a gate fee, VND/t).
    lo, hi
        The search range, in the driver's unit, ``lo < hi``.

    Returns
    -------
    float or None
        The break-even value; ``lo`` or ``hi`` when the NPV is exactly 0 there; None
        when the NPV has the same sign at ``lo`` and ``hi`` (no crossing in the range,
        or an even number of them).

    Raises
    ------
    eipgeo._errors.UsageError
        ``driver`` not in ``base``; ``lo``/``hi`` not finite or ``lo ≥ hi``; ``npv_of``
        returning NaN/inf.
    """
    _check_driver(base, driver)
    a, b = float(lo), float(hi)
    if not (np.isfinite(a) and np.isfinite(b) and a < b):
        msg = (
            f"break-even range for {driver!r} is lo={lo!r}, hi={hi!r}; give finite "
            "numbers with lo < hi"
        )
        raise UsageError(msg)
    f_lo = _npv_at(npv_of, base, driver, a)
    f_hi = _npv_at(npv_of, base, driver, b)
    if f_lo == 0:
        return a
    if f_hi == 0:
        return b
    if np.sign(f_lo) == np.sign(f_hi):
        return None
    xtol = 1e-12 * max(1.0, abs(a), abs(b))
    root = brentq(
        lambda x: _npv_at(npv_of, base, driver, x), a, b, xtol=xtol, rtol=_BRENTQ_RTOL, maxiter=500
    )
    return float(root)


def _row(
    metric: str, value: float | None, unit: str, formula: str, why_missing: str, note: str = ""
) -> dict[str, object]:
    if value is None:
        return {
            "metric": metric,
            "value": np.nan,
            "unit": unit,
            "formula": formula,
            "note": why_missing,
        }
    return {"metric": metric, "value": float(value), "unit": unit, "formula": formula, "note": note}


def appraisal_table(
    rate: float,
    net_vnd: ArrayLike,
    cost_vnd: ArrayLike,
    tonnes: ArrayLike,
    co2e_reduction_t: ArrayLike,
) -> pd.DataFrame:
    """Return every appraisal figure with its unit, formula and a note.

    Parameters
    ----------
    rate
        Discount rate, fraction per year; must be > -1.
    net_vnd
        Net cash flow per year, VND, from year 0; positive = money in.
    cost_vnd
        Costs per year, VND, positive = spent (for the levelised cost).
    tonnes
        Tonnes diverted per year, t, non-negative.
    co2e_reduction_t
        CO2e reduction per year, t CO2e, positive = less emitted.

    Returns
    -------
    pandas.DataFrame
        Rows ``simple_payback_yr``, ``discounted_payback_yr``, ``npv_vnd``, ``irr_pct``,
        ``mirr_pct`` (finance and reinvestment at ``rate``), ``levelised_cost_vnd_per_t``,
        ``abatement_cost_vnd_per_t_co2e``; columns
        ``metric, value, unit, formula, note``. A figure that does not exist is NaN
        (never 0) with the reason in ``note``.

    Raises
    ------
    eipgeo._errors.UsageError
        Bad ``rate``; a series not 1-D, empty, holding NaN/inf, or of another length
        than ``net_vnd``; a negative tonnage.
    """
    r = _rate(rate)
    net = _flows("net_vnd", net_vnd)
    cost = _flows("cost_vnd", cost_vnd)
    t = _flows("tonnes", tonnes)
    red = _flows("co2e_reduction_t", co2e_reduction_t)
    _same_length(net_vnd=net, cost_vnd=cost, tonnes=t, co2e_reduction_t=red)
    at = f"r = {100 * r:g} %/yr, t = 0..{net.size - 1}"
    irr_value, why_no_irr = irr(net), irr_note(net)
    abatement = abatement_cost_vnd_per_t_co2e(r, net, red)
    rows = [
        _row(
            "simple_payback_yr",
            simple_payback_yr(net),
            "yr",
            "first k with C_k = Σ_{s≤k} CF_s ≥ 0; payback = (k−1) + (−C_{k−1})/CF_k",
            f"not paid back: the cumulative net cash flow stays negative to year {net.size - 1}",
        ),
        _row(
            "discounted_payback_yr",
            discounted_payback_yr(r, net),
            "yr",
            "as simple payback, on CF_t/(1+r)^t",
            f"not paid back on discounted flows by year {net.size - 1} ({at})",
            at,
        ),
        _row("npv_vnd", npv_vnd(r, net), "VND", "NPV = Σ_t CF_t/(1+r)^t, t=0..T", "", at),
        _row(
            "irr_pct",
            None if irr_value is None else 100 * irr_value,
            "%",
            "IRR: the r with Σ_t CF_t/(1+r)^t = 0",
            why_no_irr,
            why_no_irr,
        ),
        _row(
            "mirr_pct",
            None if (m := mirr(r, net)) is None else 100 * m,
            "%",
            "MIRR = (FV_T(CF>0 at r) / PV_0(−CF<0 at r))^(1/T) − 1",
            "no MIRR: the flows need both money in and money out",
            f"finance and reinvestment rate r = {100 * r:g} %/yr",
        ),
        _row(
            "levelised_cost_vnd_per_t",
            levelised_cost_vnd_per_t(r, cost, t),
            "VND/t",
            "LC = Σ_t C_t/(1+r)^t ÷ Σ_t Q_t/(1+r)^t",
            "no tonnes diverted (present value of tonnes is 0)",
            at,
        ),
        _row(
            "abatement_cost_vnd_per_t_co2e",
            abatement,
            "VND/t CO2e",
            "AC = −NPV ÷ Σ_t ΔE_t/(1+r)^t",
            "no net CO2e reduction (present value of reductions ≤ 0)",
            f"negative: saves money while abating ({at})"
            if abatement is not None and abatement < 0
            else at,
        ),
    ]
    return pd.DataFrame(rows, columns=["metric", "value", "unit", "formula", "note"])
