"""Eco-industrial park indicators from a job's data, laid against their criteria.

Six waste and material indicators: share of waste reused or recycled, share
landfilled, share of hazardous waste handled by a licensed facility, number of
symbiosis links, % of firms in symbiosis and % of firms applying RECP. Each is set
against the criteria of Decree 35/2022/ND-CP Art. 37 and the International Framework
for Eco-Industrial Parks v2.0 (World Bank, UNIDO, GIZ 2021) held in
``eipgeo/data/eip_criteria.csv``, each row with its source. Where no threshold could be
sourced the status is ``threshold unknown``: none is guessed.

Sources
-------
``shared/data/legal/eip_criteria_vn.md`` (compiled secondary sources): Art. 37(2)(b)
"at least one (01) industrial-symbiosis link"; Art. 37(2)(c) "at least 20% of the
enterprises apply RECP", both quoted by
https://danluatold.thuvienphapluat.vn/can-cu-vao-tieu-chi-nao-de-xac-dinh-doanh-nghiep-sinh-thai-202597.aspx.
No numeric waste target was found in Decree 35 or IFEIP v2.0.

Potential and running (issue 20): Art. 37(2)(b) asks for symbiosis links that are
*running*. A modelled exchange plan is potential; no indicator reads ``meets`` unless its
value rests on monitoring records of exchanges delivered (``running=True``, as
:mod:`eipgeo.scenario.monitoring` passes them). Otherwise a threshold the value reaches is
reported as :data:`POTENTIAL_STATUS`. A case that is not an industrial park (the central
Ho Chi Minh City collection case) is not scored against park criteria
(:data:`NOT_A_PARK_STATUS`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from eipgeo import pathways

__all__ = [
    "INDICATOR_COLUMNS",
    "NOT_A_PARK_STATUS",
    "POTENTIAL_STATUS",
    "criteria",
    "eip_indicators",
    "indicators_for_job",
]

POTENTIAL_STATUS = "potential: threshold reached by the plan, not running (no monitoring record)"
"""Status of a modelled value that reaches its threshold: "meets" needs monitoring evidence
of a running link (Decree 35/2022 Art. 37(2)(b))."""

NOT_A_PARK_STATUS = "not applicable: not an industrial park"
"""Status of every indicator of a case that is not an industrial park."""

REUSED_OR_RECYCLED = ("reuse", "recycling")
"""Pathways counted as reused or recycled (``eipgeo.pathways.PATHWAYS``)."""

INDICATOR_COLUMNS = [
    "indicator",
    "label",
    "value",
    "unit",
    "comparison",
    "threshold",
    "status",
    "framework",
    "locator",
    "source_url",
    "basis",
]

_LABELS = {
    "reused_recycled_pct": "Share of waste reused or recycled",
    "landfilled_pct": "Share of waste landfilled",
    "hazardous_licensed_pct": "Hazardous waste handled by licensed facilities",
    "symbiosis_links": "Number of industrial-symbiosis links",
    "firms_in_symbiosis_pct": "Firms in symbiosis",
    "firms_recp_pct": "Firms applying RECP",
}


@lru_cache(maxsize=1)
def criteria() -> pd.DataFrame:
    """Return the criteria table (``eipgeo/data/eip_criteria.csv``), indexed by indicator."""
    with resources.files("eipgeo.data").joinpath("eip_criteria.csv").open(encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    return frame.set_index("indicator")


def _share(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 2) if whole > 0 else None


def _waste_values(
    streams: pd.DataFrame, facilities: pd.DataFrame | None = None
) -> dict[str, float | None]:
    t = streams["waste_t_per_yr"].astype(float)
    total = float(t.sum())
    hazardous = streams["waste_class"] == "hazardous"
    # a store only stores and transfers: its waste counts once a permitted handler treats
    # it (onward_facility_id), Decree 08/2022/ND-CP, Circular 02/2022/TT-BTNMT
    handled = (
        hazardous
        & (streams["pathway"] != "unassigned")
        & (streams["facility_id"].astype(str) != "")
        & ~pathways.stored_untreated(streams, facilities)
    )
    return {
        "reused_recycled_pct": _share(
            float(t[streams["pathway"].isin(REUSED_OR_RECYCLED)].sum()), total
        ),
        "landfilled_pct": _share(float(t[streams["pathway"] == "landfill"].sum()), total),
        "hazardous_licensed_pct": _share(float(t[handled].sum()), float(t[hazardous].sum())),
    }


def _firm_values(
    firm_ids: list[str], plan: pd.DataFrame | None, streams: pd.DataFrame
) -> dict[str, float | None]:
    n = len(firm_ids)
    out: dict[str, float | None] = {
        "symbiosis_links": None,
        "firms_in_symbiosis_pct": None,
        "firms_recp_pct": None,
    }
    if plan is not None:
        links = plan[plan["chosen_t_per_yr"].astype(float) > 0]
        out["symbiosis_links"] = float(len(links))
        members = set(links["supplier_id"].astype(str)) | set(links["receiver_id"].astype(str))
        out["firms_in_symbiosis_pct"] = _share(len(members & set(firm_ids)), n)
    if "prevented_t_per_yr" in streams.columns:
        recp = set(streams.loc[streams["prevented_t_per_yr"].astype(float) > 0, "site_id"])
        out["firms_recp_pct"] = _share(len(recp & set(firm_ids)), n)
    return out


def _status(value: float | None, row: pd.Series, *, running: bool) -> str:
    if value is None:
        return "not known"
    if row["status"] == "threshold unknown" or row["threshold"] == "":
        return "threshold unknown"
    threshold = float(row["threshold"])
    ok = value >= threshold if row["comparison"] == ">=" else value <= threshold
    if not ok:
        return "below threshold"
    return "meets" if running else POTENTIAL_STATUS


def eip_indicators(
    firm_ids: list[str],
    streams: pd.DataFrame,
    symbiosis_plan: pd.DataFrame | None,
    *,
    basis: str = "estimated",
    running: bool = False,
    facilities: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Compute the six indicators and set them against their criteria.

    Parameters
    ----------
    firm_ids
        The park's firms (client site ids).
    streams
        The inventory (``waste_t_per_yr``, ``waste_class``, ``pathway``,
        ``facility_id``, ``site_id``; ``prevented_t_per_yr`` when a RECP scenario ran).
    symbiosis_plan
        Chosen exchanges (``supplier_id``, ``receiver_id``, ``chosen_t_per_yr``), or
        ``None`` when no symbiosis plan exists (the links are then "not known").
    basis
        ``estimated`` or ``measured``: how the tonnages were obtained.
    running
        The values rest on monitoring records of exchanges and measures delivered (default
        False: a modelled plan, whose reached thresholds read :data:`POTENTIAL_STATUS`).
    facilities
        The park's facilities (``id``, ``accepts``, ``status``, ``waste_codes``,
        ``methods``), or ``None``. A hazardous stream counts as handled by a licensed
        facility when a permitted handler treats it, directly or onward from a store
        (``onward_facility_id``); one a store holds with no handler to treat it
        (:func:`eipgeo.pathways.stored_untreated`) does not. With ``None`` every
        assigned stream with a ``facility_id`` counts.

    Returns
    -------
    pandas.DataFrame
        :data:`INDICATOR_COLUMNS`, one row per indicator. ``value`` is ``None`` when
        the data cannot tell (no RECP data, no symbiosis plan, no hazardous waste).
        ``status``: ``meets`` (running evidence only), :data:`POTENTIAL_STATUS`,
        ``below threshold``, ``threshold unknown`` or ``not known``.
    """
    values = {
        **_waste_values(streams, facilities),
        **_firm_values(firm_ids, symbiosis_plan, streams),
    }
    table = criteria()
    rows: list[dict[str, Any]] = []
    for key, label in _LABELS.items():
        row = table.loc[str(key)]
        assert isinstance(row, pd.Series)
        rows.append(
            {
                "indicator": key,
                "label": label,
                "value": values[key],
                "unit": row["unit"],
                "comparison": row["comparison"],
                "threshold": row["threshold"] or "threshold unknown",
                "status": _status(values[key], row, running=running),
                "framework": row["framework"],
                "locator": row["locator"],
                "source_url": row["source_url"],
                "basis": basis,
            }
        )
    frame = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    frame["value"] = pd.Series([r["value"] for r in rows], dtype=object)  # None stays None
    return frame


def indicators_for_job(
    sites: pd.DataFrame,
    streams: pd.DataFrame,
    facilities: pd.DataFrame,
    plan: pd.DataFrame | None,
    *,
    park_kind: str = "industrial_park",
) -> pd.DataFrame:
    """Return the indicators of a park job from its sites, streams, facilities and exchanges.

    Parameters
    ----------
    sites
        The job's sites (``site_id``, ``role``: the firms are the ``client`` rows).
    streams
        The job's waste inventory.
    facilities
        The park's facilities (``id``, ``status``): a ``proposed`` facility that receives
        waste makes the licensed, recycled and landfilled shares rest on an assumption,
        said in ``basis``; a store's waste counts as handled by a licensed facility only
        once a permitted handler treats it (``facilities`` of :func:`eip_indicators`).
    plan
        The exchange plan (``chosen_t_per_yr`` per exchange), or ``None`` when unknown. A
        modelled plan is potential: no status reads ``meets``.
    park_kind
        The park's ``kind`` (``park.json``); anything but ``industrial_park`` is not scored
        against park criteria (:data:`NOT_A_PARK_STATUS`).

    Returns
    -------
    pandas.DataFrame
        As :func:`eip_indicators`.
    """
    firms = list(sites.loc[sites.role == "client", "site_id"].astype(str))
    basis = (
        "no streams"
        if streams.empty
        else "measured"
        if "basis" in streams and (streams["basis"] == "measured").all()
        else "estimated"
    )
    table = eip_indicators(firms, streams, plan, basis=basis, facilities=facilities)
    if park_kind != "industrial_park":
        table["status"] = NOT_A_PARK_STATUS
    fac = facilities
    if "status" in fac and len(fac):
        proposed = set(fac.loc[fac["status"].astype(str).str.startswith("proposed"), "id"])
        used = set(streams.get("facility_id", pd.Series(dtype=str)).astype(str)) & proposed
        if used:  # a scenario's planned facility: its licence is an assumption
            table["basis"] = table["basis"].where(
                ~table["indicator"].isin(
                    ["hazardous_licensed_pct", "reused_recycled_pct", "landfilled_pct"]
                ),
                f"{basis}; includes proposed facilities ({', '.join(sorted(used))})",
            )
    return table
