"""Privacy-aware views: group totals with primary and secondary cell suppression.

Firms share data only if others see aggregates. The ``aggregate`` view publishes one
total per group (sector or zone) and suppresses a group when

* it has fewer than ``k`` firms (threshold rule, default 3), or
* one firm makes up more than ``dominance_pct`` of its total (dominance or (n, k)
  rule with n = 1, default 85 %).

Secondary suppression then stops a suppressed group being recovered by subtraction from
the published grand total: if exactly one group is suppressed, the smallest published
group is suppressed as well, so that only the sum of two or more suppressed groups can be
derived.

References
----------
Hundepool, A. et al. (2012), *Statistical Disclosure Control*, Wiley, ch. 5 (tabular
data: threshold rule, dominance (n, k) rule, secondary suppression). The defaults k = 3
and 85 % are the issue's; they are policy choices, not published constants.
"""

from __future__ import annotations

import pandas as pd

from eipgeo._errors import UsageError

__all__ = ["VIEWS", "aggregate_view", "suppress_groups"]

VIEWS = ("aggregate", "firm")
"""``aggregate``: group totals only (park developers); ``firm``: firm-level detail
(facilitators)."""

TOTAL = "(all groups)"


def _primary(firm_totals: pd.DataFrame, k: int, dominance_pct: float) -> pd.DataFrame:
    g = firm_totals.groupby("group", sort=True)["value"]
    table = pd.DataFrame({"firms": g.size(), "value": g.sum(), "largest": g.max()})
    share = (100 * table["largest"] / table["value"]).where(table["value"] > 0, 0.0)
    table["status"] = "published"
    table.loc[share > dominance_pct, "status"] = (
        f"suppressed: one firm over {dominance_pct:g} % of the total"
    )
    table.loc[table["firms"] < k, "status"] = f"suppressed: fewer than {k} firms"
    return table.drop(columns="largest")


def suppress_groups(
    firm_totals: pd.DataFrame, *, k: int = 3, dominance_pct: float = 85.0
) -> pd.DataFrame:
    """Publish group totals with primary and secondary suppression.

    Parameters
    ----------
    firm_totals
        One row per firm: ``group``, ``firm_id``, ``value`` (e.g. t/yr, non-negative).
    k
        Fewest firms a published group may have.
    dominance_pct
        Largest share (%) of a group's total one firm may hold.

    Returns
    -------
    pandas.DataFrame
        One row per group plus a last ``(all groups)`` row: ``group, firms, value,
        status``. ``value`` is ``None`` where suppressed.

    Raises
    ------
    UsageError
        ``k`` < 1, ``dominance_pct`` outside (0, 100], or negative values.
    """
    if k < 1 or not 0 < dominance_pct <= 100:  # noqa: PLR2004
        raise UsageError(f"k={k} must be >= 1 and dominance_pct={dominance_pct} in (0, 100]")
    if (firm_totals["value"] < 0).any():
        raise UsageError("values must be non-negative to be aggregated")
    firm_totals = pd.DataFrame(
        firm_totals.groupby(["group", "firm_id"], as_index=False)["value"].sum()
    )
    table = _primary(firm_totals, k, dominance_pct)
    published = table["status"] == "published"
    if (~published).sum() == 1 and published.any():
        smallest = table[published].sort_values(["value", "firms"]).index[0]
        table.loc[smallest, "status"] = "suppressed: secondary (protects another group)"
    total = _primary(firm_totals.assign(group=TOTAL), k, dominance_pct)
    if len(table) == 1 and not published.iloc[0]:
        total["status"] = "suppressed: the total is the one suppressed group"
    out = pd.concat([table, total]).rename_axis("group").reset_index()
    out["value"] = out["value"].astype(object).where(out["status"] == "published", None)
    return out


def aggregate_view(
    sites: pd.DataFrame,
    *,
    by: str,
    value: str = "waste_t_per_yr",
    k: int = 3,
    dominance_pct: float = 85.0,
) -> pd.DataFrame:
    """Group totals of a job's client sites, with suppression (the ``aggregate`` view).

    Parameters
    ----------
    sites
        A job's ``sites`` (``site_id``, ``role``, the ``by`` column and ``value``).
    by
        Grouping column, e.g. ``isic4_class``, ``sector_text`` or ``zone``; empty values
        form the group ``(unknown)``.
    value
        The quantity summed, e.g. ``waste_t_per_yr``.
    k
        Fewest firms a published group may have (:func:`suppress_groups`); default 3.
    dominance_pct
        Largest share of a group's total one firm may hold, %; default 85.

    Returns
    -------
    pandas.DataFrame
        As :func:`suppress_groups`, the ``group`` column renamed to ``by``.

    Raises
    ------
    UsageError
        ``by`` or ``value`` is not a column of ``sites``; or ``k`` < 1, ``dominance_pct``
        outside (0, 100] or a negative value (:func:`suppress_groups`).
    """
    missing = [c for c in (by, value) if c not in sites.columns]
    if missing:
        raise UsageError(
            f"cannot group by {by!r}: no column {missing}; use one of "
            f"{sorted(sites.columns.astype(str))}"
        )
    clients = sites[sites["role"] == "client"] if "role" in sites.columns else sites
    group = clients[by].astype(str).replace({"": "(unknown)", "nan": "(unknown)"})
    frame = pd.DataFrame(
        {
            "group": group.to_numpy(),
            "firm_id": clients["site_id"].to_numpy(),
            "value": clients[value].astype(float).to_numpy(),
        }
    )
    return suppress_groups(frame, k=k, dominance_pct=dominance_pct).rename(
        columns={"group": by, "value": value}
    )
