"""How much each receiver can take: sourced demand limits, and the rule when none is known.

A receiver's intake limit comes, in this order, from:

1. ``eipgeo/data/symbiosis_receiver_demand.csv``: a published (or derived, labelled) intake
   of a named receiver for listed catalogue links; one limit shared by those links;
2. a treatment facility's ``capacity_t_per_day`` x 365 (its total capacity, not its spare
   capacity; the facility table's ``source_url``), shared by every link it receives;
3. otherwise the demand is **unknown** and :data:`UNKNOWN_DEMAND_RULES` decides:
   ``candidate`` (default) keeps the pair out of the plan, as a candidate with the reason
   "demand unknown" (no demand is assumed); ``one_supplier`` (opt-in) caps it at the largest
   single feasible offer to it; ``uncapped`` (opt-in) leaves it unlimited. Either way
   ``demand_status`` says the demand is unknown.

Units: t/yr.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from eipgeo._errors import UsageError
from eipgeo._text import nfc_key
from eipgeo.symbiosis.catalogue import _split

UNKNOWN_DEMAND_RULES = ("candidate", "one_supplier", "uncapped")
"""``candidate`` (default): a pair whose receiver demand is unknown is a candidate, not a
plan exchange; ``one_supplier``: cap an unknown demand at the largest single feasible offer
to it; ``uncapped``: no cap (flagged)."""

DEMAND_UNKNOWN = "demand unknown: the receiver's intake is not published; ask the receiver"
"""The reason a pair with an unknown receiver demand stays a candidate (rule ``candidate``)."""

DAYS_PER_YR = 365.0
"""A facility's t/day capacity is converted at 365 operating days (calendar year)."""


@lru_cache(maxsize=1)
def read_receiver_demand() -> pd.DataFrame:
    """Return ``eipgeo/data/symbiosis_receiver_demand.csv`` (``demand_t_per_yr`` NaN if unknown).

    Each row names a receiver (as in the tenant table), the catalogue ``link_ids`` its limit
    covers (``;``-separated), ``demand_t_per_yr``, the ``basis`` and its ``source``/``url``;
    ``status`` is ``derived`` for a limit worked from a published figure and ``unverified``
    where no intake was found (the row then only documents the search).
    """
    with (
        resources.files("eipgeo.data")
        .joinpath("symbiosis_receiver_demand.csv")
        .open(encoding="utf-8") as f
    ):
        table = pd.read_csv(f, dtype=str, keep_default_na=False)
    table["demand_t_per_yr"] = pd.to_numeric(table.demand_t_per_yr.replace("", np.nan))
    return table


@lru_cache(maxsize=8192)  # the table is read once; a result is an immutable tuple
def demand_of(
    receiver_name: str, link_id: str, capacity_t_per_yr: float, receiver_id: str, intake: str = ""
) -> tuple[str, float, str]:
    """Return ``(demand_key, limit_t_per_yr, status)`` for one receiver and link.

    ``limit_t_per_yr`` is NaN when unknown (the plan then applies its unknown-demand rule).
    An unknown demand is keyed by the receiver and ``intake`` (the link's avoided virgin
    material, e.g. "virgin pulp"), so two links feeding the same intake share one limit.

    Parameters
    ----------
    receiver_name
        The receiver's name as in the tenant table, matched (NFC, case-folded) against
        ``symbiosis_receiver_demand.csv``.
    link_id
        The catalogue link the material would travel by.
    capacity_t_per_yr
        The receiver's facility capacity, t/yr (t/day × 365), used when the demand table
        has no row for it; NaN when it is not a facility or its capacity is unknown.
    receiver_id
        The receiver's site id; every key starts ``<receiver_id>|``.
    intake
        The link's avoided virgin material, which keys an unknown demand; default ``""``
        keys it by ``link_id``.

    Returns
    -------
    tuple of (str, float, str)
        The demand key, the limit (t/yr, NaN when unknown) and a status text naming its
        source.
    """
    table = read_receiver_demand()
    for row in table.itertuples():
        if nfc_key(row.receiver_name) == nfc_key(receiver_name) and link_id in _split(row.link_ids):
            value = float(str(row.demand_t_per_yr))
            if np.isfinite(value):
                return (
                    f"{receiver_id}|{row.demand_id}",
                    value,
                    f"{row.status} demand {value:,.0f} t/yr ({row.demand_id}: "
                    f"{row.basis}; {row.url})",
                )
            return (
                f"{receiver_id}|{intake or link_id}",
                float("nan"),
                f"unknown ({row.demand_id}: {row.basis})",
            )
    if np.isfinite(capacity_t_per_yr):
        return (
            f"{receiver_id}|facility",
            capacity_t_per_yr,
            f"facility capacity {capacity_t_per_yr:,.0f} t/yr (t/day x 365; total, "
            "not spare capacity)",
        )
    return (
        f"{receiver_id}|{intake or link_id}",
        float("nan"),
        f"unknown (intake of {intake or link_id})",
    )


def apply_unknown_demand(
    scored: pd.DataFrame, demand_t: dict[str, float], rule: str
) -> dict[str, float]:
    """Fill the demand limits left unknown, by ``rule``; label ``scored`` in place.

    Parameters
    ----------
    scored
        Scored candidates with ``status``, ``demand_key``, ``supply_t_per_yr``,
        ``demand_t_per_yr`` and ``demand_status``.
    demand_t
        Known limits (t/yr) by ``demand_key``.
    rule
        One of :data:`UNKNOWN_DEMAND_RULES`.

    Returns
    -------
    dict
        ``demand_t`` plus the caps the rule set.

    Raises
    ------
    UsageError
        ``rule`` is not one of :data:`UNKNOWN_DEMAND_RULES`.
    """
    if rule not in UNKNOWN_DEMAND_RULES:
        msg = f"unknown-demand rule '{rule}' is not one of {', '.join(UNKNOWN_DEMAND_RULES)}"
        raise UsageError(msg)
    out = dict(demand_t)
    if scored.empty:
        return out
    if "demand_status" not in scored.columns:
        scored["demand_status"] = ""
    unknown = ~scored.demand_key.isin(list(out))
    feasible = scored[unknown & (scored.status == "feasible")]
    caps = feasible.groupby("demand_key").supply_t_per_yr.max()
    for key in scored.demand_key[unknown].unique():
        rows = unknown & (scored.demand_key == key)
        before = scored.loc[rows, "demand_status"].astype(str)
        base = before.where(before != "", "unknown")
        if rule == "candidate":
            scored.loc[rows, "demand_status"] = base + "; " + DEMAND_UNKNOWN
        elif rule == "one_supplier" and key in caps.index:
            cap = float(caps[key])
            out[key] = cap
            scored.loc[rows, "demand_t_per_yr"] = cap
            scored.loc[rows, "demand_status"] = (
                base + f"; capped at the largest single feasible offer, {cap:,.3f} t/yr "
                "(eipgeo conservative rule for an unknown demand)"
            )
        else:
            scored.loc[rows, "demand_status"] = base + "; not capped (demand unknown)"
    return out
