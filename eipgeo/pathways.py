"""Treatment pathways on the waste hierarchy, with cost (VND/yr) and GHG (kg CO2e/yr).

Each stream goes by a default rule that follows its class and material and the
facilities the park's data lists (``facilities.csv``, column ``accepts``):

* hazardous (and controlled, KS) streams go **only** to a facility that accepts
  ``hazardous``; with none, the stream is left ``unassigned`` and a warning names it
  (never a silent landfill);
* clean scrap (metal, plastic, paper, wood, textile, rubber, glass) is recycled via scrap
  buyers (LEP 2020 Art. 82(1)(a); Decree 08/2022 Art. 65(1): sorted ordinary industrial
  solid waste used as raw material is managed as goods);
* ash, slag, gypsum and ordinary sludge go to co-processing / building materials
  (LEP Art. 82(1)(a));
* food and organic waste is composted, used cooking oil recycled;
* mixed ordinary and domestic waste goes to landfill at a facility accepting its class.

``prevention`` is what a scenario avoids (:func:`eipgeo.waste.apply_change`).

GHG methods (every figure names its method, factor key and the factor's status in
``ghg_method``, ``ghg_factor_key`` and ``ghg_factor_status``):

* ``desnz_2025_cutoff`` (default): UK DESNZ 2025 conversion factors, cut-off approach
  (recycling and combustion with energy recovery carry transport to the facility only);
* ``ipcc2006_incineration``: hazardous and KS waste incinerated **without** energy
  recovery, whose fossil CO2 the DESNZ cut-off leaves out: IPCC 2006 Vol. 5 Ch. 5
  Eq. 5.1 with the Table 5.2 defaults for industrial waste (CF 0.50 of dry matter,
  FCF 0.90, OF 1.00; dm taken as 1.0) = 1,650 kg CO2/t. Those defaults could not be
  verified in any stored source, so the factor is ``unverified`` and every such row
  and the summary say so;
* ``warm_avoided_burden``: US EPA WARM credits for recycled metal, paper and plastic and
  WARM-based landfill of mixed waste; any other row falls back to DESNZ (or the IPCC
  incineration factor), labelled so.

Classes: rules, prices and GHG follow ``waste_class`` (KS handled as hazardous);
totals and summary rows report :func:`eipgeo.waste.reported_class` (``controlled``
shown as such, with ``handled_as``).
"""

from __future__ import annotations

import pandas as pd

from eipgeo import coefficients
from eipgeo._errors import Problem, UsageError
from eipgeo.generation import REST_OF_PARK, total_range
from eipgeo.parks import Park
from eipgeo.waste import METHODS as GENERATION_METHODS
from eipgeo.waste import (
    WasteChange,
    apply_change,
    apply_measured,
    generation_rates,
    rate,
    read_measured,
    reported_class,
)

PATHWAYS = (
    "prevention",
    "reuse",
    "recycling",
    "co_processing",
    "energy_recovery",
    "incineration",
    "landfill",
)
"""The waste hierarchy, most preferred first."""

UNASSIGNED = "unassigned"
METHODS = ("desnz_2025_cutoff", "warm_avoided_burden")
IPCC_INCINERATION = "ipcc2006_incineration"
"""Method label of hazardous incineration without energy recovery (fossil CO2)."""
IPCC_INCINERATION_KEY = "ghg_kg_co2e_per_t.ipcc2006.incineration.hazardous_industrial"

# material -> (pathway, treatment) for non-hazardous streams
_ORDINARY_RULES: dict[str, tuple[str, str]] = {
    "metal": ("recycling", "scrap_recycling"),
    "plastic": ("recycling", "scrap_recycling"),
    "paper": ("recycling", "scrap_recycling"),
    "wood": ("recycling", "scrap_recycling"),
    "textile": ("recycling", "scrap_recycling"),
    "rubber": ("recycling", "scrap_recycling"),
    "glass": ("recycling", "scrap_recycling"),
    "oil_edible": ("recycling", "uco_collection"),
    "food": ("recycling", "composting"),
    "ash_slag": ("co_processing", "building_materials"),
    "gypsum": ("co_processing", "building_materials"),
    "sludge": ("co_processing", "cement_kiln"),
    "mixed": ("landfill", "sanitary_landfill"),
}
# material -> (pathway, treatment) for hazardous streams at a licensed facility
_HAZARDOUS_RULES: dict[str, tuple[str, str]] = {
    "oil": ("recycling", "oil_re_refining"),
    "solvent": ("recycling", "solvent_recovery"),
    "battery": ("recycling", "battery_recycling"),
    "e_waste": ("recycling", "e_waste_recycling"),
    "metal": ("recycling", "decontaminate_and_recycle"),
    "lamp": ("recycling", "lamp_recycling"),
    "sludge": ("co_processing", "cement_kiln"),
    "ash_slag": ("co_processing", "cement_kiln"),
}
_HAZARDOUS_DEFAULT = ("incineration", "hazardous_incineration")

_PRICE_KEYS: dict[str, list[str]] = {
    "scrap_recycling": ["price_vnd_per_t.recycling"],
    "uco_collection": ["price_vnd_per_t.recycling"],
    "composting": ["price_vnd_per_t.collection_domestic", "price_vnd_per_t.composting"],
    "building_materials": ["price_vnd_per_t.collection_domestic", "price_vnd_per_t.co_processing"],
    "cement_kiln": ["price_vnd_per_t.collection_domestic", "price_vnd_per_t.co_processing"],
    "sanitary_landfill": ["price_vnd_per_t.collection_domestic", "price_vnd_per_t.landfill"],
    "hazardous": [
        "price_vnd_per_t.hazardous_collection_transport",
        "price_vnd_per_t.hazardous_treatment",
    ],
}
_DESNZ = "ghg_kg_co2e_per_t.desnz2025."
_LANDFILL_FACTOR = {
    "food": "food",
    "paper": "paper",
    "wood": "wood",
    "textile": "textile",
    "gypsum": "plasterboard",
    "ash_slag": "aggregates",
    "metal": "inert",
    "plastic": "inert",
    "glass": "inert",
    "e_waste": "inert",
    "rubber": "commercial_industrial",
    "sludge": "commercial_industrial",
    "mixed": "commercial_industrial",
}
_WARM_RECYCLING = {"metal": "steel", "paper": "paper", "plastic": "plastic"}

PATHWAY_COLUMNS = ["pathway", "treatment", "facility_id", "pathway_note"]
COST_GHG_COLUMNS = [
    "cost_vnd_per_yr",
    "price_keys",
    "co2e_kg_per_yr",
    "ghg_factor_key",
    "ghg_method",
    "ghg_factor_status",
]


def _accepting(facilities: pd.DataFrame, waste_class: str) -> list[str]:
    if facilities is None or facilities.empty or "accepts" not in facilities.columns:
        return []
    ok = (
        facilities["accepts"]
        .astype(str)
        .str.split(";")
        .apply(lambda a: waste_class in [s.strip() for s in a])
    )
    return sorted(facilities.loc[ok, "id"].astype(str))


def assign_pathways(
    streams: pd.DataFrame, facilities: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    """Give each stream its default pathway and treatment.

    Parameters
    ----------
    streams
        Columns of :data:`eipgeo.waste.STREAM_COLUMNS` (``waste_class``, ``material``).
    facilities
        The park's ``facilities.csv`` (``id``, ``accepts``), possibly empty.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        ``streams`` plus :data:`PATHWAY_COLUMNS`; one ``no_licensed_facility`` (or
        ``no_facility``) warning per site and stream left ``unassigned``.
    """
    licensed = _accepting(facilities, "hazardous")
    out = streams.copy()
    rows, problems = [], []
    for _, s in out.iterrows():
        pathway, treatment, fac, note = _rule(s, licensed, facilities)
        if pathway == UNASSIGNED:
            label = (
                str(s["waste_class"])
                if s.get("legal_class", "") != "controlled"
                else "controlled (KS, handled as hazardous)"
            )
            problems.append(
                Problem(
                    f"{s['site_id']}: {label} stream {s['waste_code']} "
                    f"({s['name_en']}, {s['waste_t_per_yr']:.2f} t/yr): {note} (column accepts), "
                    "or plan a haul to one outside the park",
                    "no_licensed_facility" if s["waste_class"] == "hazardous" else "no_facility",
                    "facilities.csv",
                    None,
                    "accepts",
                    s["waste_code"],
                    "warning",
                )
            )
        rows.append((pathway, treatment, fac, note))
    for j, col in enumerate(PATHWAY_COLUMNS):
        out[col] = [r[j] for r in rows]
    return out, problems


def _rule(s: pd.Series, licensed: list[str], facilities: pd.DataFrame) -> tuple[str, str, str, str]:
    material = str(s["material"])
    if s["waste_class"] == "hazardous":
        if not licensed:
            return (
                UNASSIGNED,
                "",
                "",
                "no licensed hazardous-waste facility in the park's "
                "data: add one to facilities.csv",
            )
        pathway, treatment = _HAZARDOUS_RULES.get(material, _HAZARDOUS_DEFAULT)
        return pathway, treatment, licensed[0], "licensed facility (accepts hazardous)"
    pathway, treatment = _ORDINARY_RULES.get(material, ("landfill", "sanitary_landfill"))
    if treatment in ("scrap_recycling", "uco_collection"):
        return pathway, treatment, "", "scrap buyer or recycler (not in the facility data)"
    accepting = _accepting(facilities, str(s["waste_class"]))
    if not accepting:
        return (
            UNASSIGNED,
            "",
            "",
            f"no facility accepting {s['waste_class']} waste in the "
            "park's data: add one to facilities.csv",
        )
    return pathway, treatment, accepting[0], f"facility accepting {s['waste_class']} waste"


def _price_keys(row: pd.Series) -> list[str]:
    if row["waste_class"] == "hazardous":
        return _PRICE_KEYS["hazardous"]
    return _PRICE_KEYS.get(str(row["treatment"]), _PRICE_KEYS["sanitary_landfill"])


def _ghg_key(row: pd.Series, method: str) -> tuple[str, str]:
    material, pathway = str(row["material"]), str(row["pathway"])
    if method == "warm_avoided_burden":
        if pathway == "recycling" and material in _WARM_RECYCLING:
            return f"ghg_kg_co2e_per_t.warm.recycling.{_WARM_RECYCLING[material]}", method
        if pathway == "landfill" and material == "mixed":
            return "ghg_kg_co2e_per_t.warm.landfill.mixed_msw", method
        fallback = "desnz_2025_cutoff (no WARM factor for this row)"
    else:
        fallback = "desnz_2025_cutoff"
    if row["treatment"] == "hazardous_incineration":
        suffix = " (no WARM factor for this row)" if method == "warm_avoided_burden" else ""
        return IPCC_INCINERATION_KEY, f"{IPCC_INCINERATION}{suffix}"
    if pathway == "landfill":
        kind = (
            "household_residual"
            if row["waste_class"] == "domestic" and material == "mixed"
            else _LANDFILL_FACTOR.get(material, "commercial_industrial")
        )
        return f"{_DESNZ}landfill.{kind}", fallback
    if row["treatment"] == "composting":
        return f"{_DESNZ}composting", fallback
    return f"{_DESNZ}recycling_or_combustion", fallback


def add_costs_and_ghg(streams: pd.DataFrame, method: str = "desnz_2025_cutoff") -> pd.DataFrame:
    """Add cost (VND/yr) and GHG (kg CO2e/yr) to streams that have a pathway.

    Parameters
    ----------
    streams
        Output of :func:`assign_pathways`.
    method
        ``desnz_2025_cutoff`` (default) or ``warm_avoided_burden``.

    Returns
    -------
    pandas.DataFrame
        ``streams`` plus :data:`COST_GHG_COLUMNS`. ``cost_vnd_per_yr = t/yr × Σ prices``
        (VND/t, keys in ``price_keys``); ``co2e_kg_per_yr = t/yr × factor`` (kg CO2e/t,
        key in ``ghg_factor_key``, its status in ``ghg_factor_status``, the method in
        ``ghg_method``). Unassigned rows get NaN (unknown: no facility) and prevented
        rows 0, with ``price_keys``/``ghg_factor_key`` saying why.

    Raises
    ------
    UsageError
        An unknown ``method``.

    Notes
    -----
    Prices: Dong Nai Decision 3432/QĐ-UBND (2025/26) for collection, composting and
    incineration; landfill, co-processing and recycling use stand-ins marked
    ``unverified``; hazardous = vendor collection + transport (3.75 M VND/t, midpoint of
    2,500-5,000 VND/kg) + 4.5 M VND/t treatment (HCMC 2009). Factors: DESNZ 2025
    (kg CO2e/t): landfill food 700, paper 1,164, wood 925, C&I 521, household residual
    497, plasterboard 72, aggregates 1.26, inert 8.98; recycling or combustion (with
    energy recovery) 4.69; composting 8.98. Hazardous incineration without energy
    recovery: IPCC 2006 Vol. 5 Ch. 5 Eq. 5.1, 1.0 × 0.50 × 0.90 × 1.00 × 44/12 = 1,650 kg
    CO2/t (Table 5.2 industrial-waste defaults, ``unverified``: not found in a stored
    source). WARM credits: per short ton as quoted, / 0.907185.
    """
    if method not in METHODS:
        raise UsageError(f"unknown GHG method '{method}'; use one of {list(METHODS)}")
    out = streams.copy()
    cost, prices, co2e, keys, methods, statuses = [], [], [], [], [], []
    for _, row in out.iterrows():
        if row["pathway"] in (UNASSIGNED, "prevention"):
            why = "none: no facility" if row["pathway"] == UNASSIGNED else "none: prevented"
            # unassigned: the cost and GHG are unknown (NaN, never 0); prevented: truly 0
            cost.append(float("nan") if row["pathway"] == UNASSIGNED else 0.0)
            prices.append(why)
            co2e.append(float("nan") if row["pathway"] == UNASSIGNED else 0.0)
            keys.append(why)
            methods.append(method)
            statuses.append("")
            continue
        pk = _price_keys(row)
        cost.append(
            round(float(row["waste_t_per_yr"]) * sum(coefficients.get(k).value for k in pk), 0)
        )
        prices.append(" + ".join(pk))
        gk, label = _ghg_key(row, method)
        factor = coefficients.get(gk)
        co2e.append(round(float(row["waste_t_per_yr"]) * factor.value, 1))
        keys.append(gk)
        methods.append(label)
        statuses.append(factor.status)
    out["cost_vnd_per_yr"], out["price_keys"] = cost, prices
    out["co2e_kg_per_yr"], out["ghg_factor_key"], out["ghg_method"] = co2e, keys, methods
    out["ghg_factor_status"] = statuses
    return out


def with_prevention(streams: pd.DataFrame) -> pd.DataFrame:
    """Add one ``prevention`` row per stream a scenario reduced (``prevented_t_per_yr`` > 0).

    Returns
    -------
    pandas.DataFrame
        ``streams`` plus the prevention rows (``waste_t_per_yr`` = prevented t/yr).
    """
    if "prevented_t_per_yr" not in streams.columns:
        return streams
    prevented = streams[streams["prevented_t_per_yr"] > 0].copy()
    prevented["waste_t_per_yr"] = prevented["prevented_t_per_yr"]
    prevented["waste_kg_per_day"] = (prevented["waste_t_per_yr"] * 1000 / 365).round(3)
    prevented["pathway"], prevented["treatment"] = "prevention", "recp_reduction"
    prevented["facility_id"], prevented["pathway_note"] = "", "avoided by the scenario"
    return pd.concat([streams, prevented], ignore_index=True)


def park_totals(streams: pd.DataFrame) -> pd.DataFrame:
    """Totals by class and pathway: t/yr, share of the park's t/yr, VND/yr, kg CO2e/yr.

    Returns
    -------
    pandas.DataFrame
        Columns ``waste_class, handled_as, pathway, waste_t_per_yr, share_pct,
        cost_vnd_per_yr, co2e_kg_per_yr, ghg_method``, sorted by class then hierarchy
        order. ``waste_class`` is the reported class (:func:`eipgeo.waste.reported_class`:
        ``controlled`` for KS codes); ``handled_as`` is the class the plan used
        (``hazardous`` for KS). The rows of one class add up to its total.
    """
    frame = streams.assign(_reported=reported_class(streams))
    grouped = frame.groupby(["_reported", "pathway"], as_index=False).agg(
        handled_as=("waste_class", lambda c: "; ".join(sorted(set(c.astype(str))))),
        waste_t_per_yr=("waste_t_per_yr", "sum"),
        cost_vnd_per_yr=("cost_vnd_per_yr", lambda c: c.sum(min_count=1)),  # NaN stays unknown
        co2e_kg_per_yr=("co2e_kg_per_yr", lambda c: c.sum(min_count=1)),
        ghg_method=("ghg_method", lambda m: "; ".join(sorted(set(m)))),
    )
    grouped = grouped.rename(columns={"_reported": "waste_class"})
    total = float(grouped["waste_t_per_yr"].sum())
    grouped["share_pct"] = (100 * grouped["waste_t_per_yr"] / total).round(2) if total else 0.0
    order = {p: i for i, p in enumerate((*PATHWAYS, UNASSIGNED))}
    grouped = grouped.sort_values(
        ["waste_class", "pathway"], key=lambda c: c.map(order) if c.name == "pathway" else c
    )
    grouped["waste_t_per_yr"] = grouped["waste_t_per_yr"].round(3)
    grouped["cost_vnd_per_yr"] = grouped["cost_vnd_per_yr"].round(0)
    grouped["co2e_kg_per_yr"] = grouped["co2e_kg_per_yr"].round(1)
    return grouped[
        [
            "waste_class",
            "handled_as",
            "pathway",
            "waste_t_per_yr",
            "share_pct",
            "cost_vnd_per_yr",
            "co2e_kg_per_yr",
            "ghg_method",
        ]
    ].reset_index(drop=True)


def plan_streams(
    streams: pd.DataFrame, facilities: pd.DataFrame, method: str = "desnz_2025_cutoff"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Pathways, then cost and GHG, in one call (what the main job uses).

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        The full inventory and the warnings of :func:`assign_pathways`.
    """
    assigned, problems = assign_pathways(streams, facilities)
    return add_costs_and_ghg(assigned, method), problems


def compare_scenario(
    streams: pd.DataFrame,
    facilities: pd.DataFrame,
    scenario: WasteChange,
    method: str = "desnz_2025_cutoff",
) -> pd.DataFrame:
    """Park totals of the baseline against a scenario, by class and pathway.

    Parameters
    ----------
    streams
        The baseline inventory (:data:`eipgeo.waste.STREAM_COLUMNS`).
    facilities
        The park's facilities.
    scenario
        Reductions, growth and years (:class:`eipgeo.waste.WasteChange`).

    Returns
    -------
    pandas.DataFrame
        :func:`park_totals` columns plus ``case`` (``baseline`` = grown to the planning
        year without reductions, or the scenario's name). The scenario's avoided
        tonnage appears as pathway ``prevention`` (no cost, no GHG).
    """
    grown = WasteChange(
        name="baseline",
        growth_pct_per_yr=scenario.growth_pct_per_yr,
        base_year=scenario.base_year,
        planning_year=scenario.planning_year,
    )
    frames = []
    for case in (grown, scenario):
        planned, _ = assign_pathways(apply_change(streams, case), facilities)
        totals = park_totals(add_costs_and_ghg(with_prevention(planned), method))
        frames.append(totals.assign(case=case.name))
    return pd.concat(frames, ignore_index=True)


def park_inventory(park: Park, estimated: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Build a park's full inventory: measured streams win over estimates, then pathways.

    Parameters
    ----------
    park
        The park; ``<park folder>/measured_streams.csv`` (if present) holds measured or
        declared streams in the form :func:`eipgeo.waste.read_measured` reads (a
        ``site``-scope row replaces its tenant's estimate, a ``stream``-scope row only
        the estimate of its code; :func:`eipgeo.waste.apply_measured`).
    estimated
        The estimated streams of its sources.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        Inventory with pathways, cost and GHG (default method), and the pathway
        warnings.

    Raises
    ------
    ValidationError
        The measured-streams table has bad rows (each named by file, row and column).
    """
    measured_file = park.folder / "measured_streams.csv"
    streams = estimated
    if measured_file.is_file():
        known = set(estimated["site_id"].astype(str)) - {REST_OF_PARK}
        streams = apply_measured(estimated, read_measured(measured_file, known))
    return plan_streams(streams, park.facilities)


def summary_rows(inventory: pd.DataFrame) -> list[tuple[str, object, str, str]]:
    """Return the waste rows of ``summary.csv``: totals by class and coverage, shares, cost, GHG.

    Parameters
    ----------
    inventory
        The park's inventory (:func:`park_inventory`), with the ``coverage`` and
        ``method`` columns of :data:`eipgeo.waste.STREAM_COLUMNS` (absent: all
        ``listed``).

    Returns
    -------
    list of (key, value, unit, note)
        ``waste_t_per_yr.<class>`` per reported class (``controlled`` apart from
        ``hazardous``, its note saying it is handled as hazardous; with basis and
        low-high range); ``waste_t_per_yr.listed``, ``.rest_of_park`` and
        ``.park_total`` (central, with the range and the share of the park total in the
        note) and ``waste_t_per_yr.park_total_low`` / ``_high`` (the propagated range,
        :func:`eipgeo.generation.total_range`); ``waste_t_per_yr.total`` (= the park
        total); ``waste_share_pct.listed`` / ``.rest_of_park``;
        ``waste_t_per_yr.method.<method>``;
        ``waste_share_pct.hazardous_incl_controlled`` (of the non-domestic t/yr, with
        the sector shares used); ``waste_share_pct.<pathway>``;
        ``waste_cost_vnd_per_yr.total`` / ``.listed`` / ``.rest_of_park`` and the same
        for ``waste_co2e_kg_per_yr`` (notes name the methods, the CO2e resting on
        ``unverified`` factors, and the ``_low``/``_high`` range where the inventory
        carries one); and, if any, ``waste_t_per_yr.unassigned`` naming the sites.
    """
    rows: list[tuple[str, object, str, str]] = []
    classes = reported_class(inventory)
    for cls, part in inventory.groupby(classes):
        basis = ", ".join(f"{b} {n} rows" for b, n in part["basis"].value_counts().items())
        handled = (
            "handled as hazardous (KS: hazardous unless tested below the threshold); "
            if cls == "controlled"
            else ""
        )
        rows.append(
            (
                f"waste_t_per_yr.{cls}",
                round(float(part["waste_t_per_yr"].sum()), 1),
                "t/yr",
                f"{handled}{basis}; range {part['waste_t_per_yr_low'].sum():,.1f}-"
                f"{part['waste_t_per_yr_high'].sum():,.1f}; see "
                "waste_inventory.csv",
            )
        )
    rows += _coverage_rows(inventory)
    rows += _hazardous_share_row(inventory, classes)
    shares = park_totals(inventory).groupby("pathway")["share_pct"].sum()
    for pathway in (p for p in (*PATHWAYS, UNASSIGNED) if p in shares.index):
        rows.append(
            (
                f"waste_share_pct.{pathway}",
                round(float(shares[pathway]), 1),
                "%",
                "share of the park's t/yr",
            )
        )
    rows += _money_and_co2e_rows(inventory)
    lost = inventory[inventory["pathway"] == UNASSIGNED]
    if not lost.empty:
        sites = ", ".join(sorted(set(lost["site_id"].astype(str))))
        rows.append(
            (
                "waste_t_per_yr.unassigned",
                round(float(lost["waste_t_per_yr"].sum()), 1),
                "t/yr",
                f"no licensed/accepting facility in the data for: {sites}"[:500],
            )
        )
    return rows


def _coverage_of(inventory: pd.DataFrame) -> pd.Series:
    if "coverage" not in inventory.columns:
        return pd.Series("listed", index=inventory.index)
    return inventory["coverage"].fillna("listed").replace("", "listed").astype(str)


def _coverage_rows(inventory: pd.DataFrame) -> list[tuple[str, object, str, str]]:
    """Return the listed, rest-of-park and park-total rows, each with its range and share."""
    coverage = _coverage_of(inventory)
    low, central, high = total_range(inventory)
    rows: list[tuple[str, object, str, str]] = []
    labels = {
        "listed": "listed tenants (public sources name them)",
        "rest_of_park": "rest of park: unlisted workforce or land at the IZ average (not routed)",
    }
    for part_name, label in labels.items():
        part = inventory[coverage == part_name]
        lo, c, hi = total_range(part)
        share = 100 * c / central if central else 0.0
        rows.append(
            (
                f"waste_t_per_yr.{part_name}",
                round(c, 1),
                "t/yr",
                f"{label}; range {lo:,.1f}-{hi:,.1f}; {share:.1f} % of the park total",
            )
        )
        rows.append((f"waste_share_pct.{part_name}", round(share, 1), "%", "of the park total"))
    rule = (
        "range: sum of the rows' lows and highs (full correlation, eipgeo.generation.total_range)"
    )
    if inventory.empty:
        rule = "no streams: no tenant or workforce in the park's data (unknown, not zero)"
    rows += [
        ("waste_t_per_yr.park_total", round(central, 1), "t/yr", f"listed + rest of park; {rule}"),
        ("waste_t_per_yr.park_total_low", round(low, 1), "t/yr", rule),
        ("waste_t_per_yr.park_total_high", round(high, 1), "t/yr", rule),
        ("waste_t_per_yr.total", round(central, 1), "t/yr", "= park_total (listed + rest of park)"),
    ]
    if "method" in inventory.columns:
        for method, part in inventory.groupby(inventory["method"].astype(str)):
            lo, c, hi = total_range(part)
            rows.append(
                (
                    f"waste_t_per_yr.method.{method}",
                    round(c, 1),
                    "t/yr",
                    f"{GENERATION_METHODS.get(method, method)}; range {lo:,.1f}-{hi:,.1f}",
                )
            )
    return rows


def _money_and_co2e_rows(inventory: pd.DataFrame) -> list[tuple[str, object, str, str]]:
    """Cost and CO2e of the park total, listed tenants and rest of park (with ranges)."""
    coverage = _coverage_of(inventory)
    unknown_t = float(inventory.loc[inventory["cost_vnd_per_yr"].isna(), "waste_t_per_yr"].sum())
    excl = (
        f"; excludes {unknown_t:,.1f} t/yr unassigned (cost and GHG unknown)" if unknown_t else ""
    )
    rows: list[tuple[str, object, str, str]] = []
    specs = (
        ("waste_cost_vnd_per_yr", "cost_vnd_per_yr", "VND/yr", 0),
        ("waste_co2e_kg_per_yr", "co2e_kg_per_yr", "kg CO2e/yr", 1),
    )
    for key, col, unit, digits in specs:
        base = (
            f"Dong Nai 2025/26 tariffs and stand-ins; see price_keys{excl}"
            if col == "cost_vnd_per_yr"
            else f"{_ghg_note(inventory)}{excl}"
        )
        for part_name, part in (
            ("total", inventory),
            ("listed", inventory[coverage == "listed"]),
            ("rest_of_park", inventory[coverage == "rest_of_park"]),
        ):
            value = float(part[col].sum())
            span = ""
            if f"{col}_low" in part.columns and f"{col}_high" in part.columns:
                span = (
                    f"; range {float(part[f'{col}_low'].sum()):,.{digits}f}-"
                    f"{float(part[f'{col}_high'].sum()):,.{digits}f}"
                )
            what = {
                "total": "park total (listed + rest of park)",
                "listed": "listed tenants",
                "rest_of_park": "rest of park (not routed)",
            }[part_name]
            note = f"{what}{span}; {base}" if part_name == "total" else f"{what}{span}"
            rows.append((f"{key}.{part_name}", round(value, digits or None), unit, note))
    return rows


def _hazardous_share_row(
    inventory: pd.DataFrame, classes: pd.Series
) -> list[tuple[str, object, str, str]]:
    """Hazardous + controlled share of the non-domestic t/yr, with the shares it rests on."""
    t = inventory["waste_t_per_yr"].astype(float)
    industrial = float(t[classes != "domestic"].sum())
    if industrial <= 0:
        return []
    haz = float(t[classes.isin(["hazardous", "controlled"])].sum())
    basis = ""
    if "split_basis" in inventory.columns:
        used = inventory["split_basis"].astype(str).str.extract(r"(hazardous share [^;]*)")[0]
        basis = "; ".join(sorted(set(used.dropna())))
    share = rate("hazardous_share.all")
    return [
        (
            "waste_share_pct.hazardous_incl_controlled",
            round(100 * haz / industrial, 1),
            "%",
            f"of non-domestic t/yr; shares used by sector: {basis or 'none'}; all-industry "
            f"published range {100 * share.low:.1f}-{100 * share.high:.1f} % (HCMC 2019 and "
            "c.2011, generation_rates.csv hazardous_share.all)",
        )
    ]


def _ghg_note(inventory: pd.DataFrame) -> str:
    """Methods used, and the CO2e that rests on ``unverified`` factors (with their keys)."""
    methods = "; ".join(sorted(set(inventory["ghg_method"]))) or "desnz_2025_cutoff (no rows)"
    if "ghg_factor_status" not in inventory.columns:
        return f"method: {methods}"
    weak = inventory[inventory["ghg_factor_status"] == "unverified"]
    if weak.empty:
        return f"method: {methods}"
    kg = float(weak["co2e_kg_per_yr"].sum())
    total = float(inventory["co2e_kg_per_yr"].sum())
    share = f" ({100 * kg / total:.0f} % of the total)" if total > 0 else ""
    keys = ", ".join(sorted(set(weak["ghg_factor_key"])))
    return (
        f"method: {methods}; {kg:,.1f} kg CO2e/yr{share} use factors marked unverified "
        f"({keys}; see coefficients.csv)"
    )


PLAUSIBILITY_CHECKS = {
    "waste_t_per_worker_yr": ("check.t_per_worker_yr.dong_nai", "check.t_per_worker_yr.vn_iz"),
    "waste_t_per_worker_yr.excl_generator_bulk": (
        "check.t_per_worker_yr.dong_nai",
        "check.t_per_worker_yr.vn_iz",
    ),
    "waste_t_per_ha_yr": (
        "check.t_per_ha_yr.vn_gross",
        "check.t_per_ha_yr.dong_nai_gross",
        "check.t_per_ha_yr.can_tho_gross",
    ),
    "waste_t_per_ha_yr.occupied": ("check.t_per_ha_yr.dong_nai_leased",),
    "hazardous_incl_controlled_pct": (
        "check.hazardous_share.binh_duong",
        "check.hazardous_share.hcmc_2019",
        "check.hazardous_share.hcmc_2011",
    ),
    "hazardous_incl_controlled_pct.excl_generator_bulk": (
        "check.hazardous_share.binh_duong",
        "check.hazardous_share.hcmc_2019",
        "check.hazardous_share.hcmc_2011",
    ),
}
"""Metric -> the published calibration figures it is checked against (rows of
``eipgeo/data/generation_rates.csv`` with ``use = check``)."""

PLAUSIBILITY_COLUMNS = [
    "metric",
    "park_value",
    "unit",
    "published_low",
    "published_high",
    "verdict",
    "published",
    "note",
]


def verdict(value: float, low: float, high: float) -> str:
    """Say whether a value lies inside a published range, or how far outside.

    Parameters
    ----------
    value
        The park's figure.
    low, high
        The published range (``low <= high``), same unit.

    Returns
    -------
    str
        ``inside the published range``, ``N.N x the top of the published range (above)``
        or ``N.NN x the bottom of the published range (below)``; ``not computable`` for a
        missing value.
    """
    if value is None or pd.isna(value):
        return "not computable"
    if low <= value <= high:
        return "inside the published range"
    if value > high:
        return f"{value / high:,.1f} x the top of the published range (above)"
    return f"{value / low:.2f} x the bottom of the published range (below)"


def _checked(metric: str, value: float, unit: str, note: str) -> tuple[object, ...]:
    """Return one plausibility row: the value against its published figures."""
    table = generation_rates()
    lows, highs, named = [], [], []
    for key in PLAUSIBILITY_CHECKS[metric]:
        low, high = float(str(table.at[key, "low"])), float(str(table.at[key, "high"]))
        lows.append(low)
        highs.append(high)
        span = f"{low:g}" if low == high else f"{low:g}-{high:g}"
        what, source = str(table.at[key, "note"]), str(table.at[key, "source"])
        named.append(f"{span}: {what} ({source})")
    low, high = min(lows), max(highs)
    return (
        metric,
        round(value, 3),
        unit,
        low,
        high,
        verdict(value, low, high),
        "; ".join(named),
        note,
    )


def plausibility(
    inventory: pd.DataFrame,
    *,
    area_ha: float,
    workers: float | None = None,
    occupied_area_ha: float | None = None,
) -> pd.DataFrame:
    """Set a park's totals against published calibration figures, with a verdict each.

    Parameters
    ----------
    inventory
        The park's whole inventory, listed tenants and rest of park (``waste_t_per_yr``,
        ``waste_class``, ``legal_class``; optionally ``collection`` and
        ``cost_vnd_per_yr``). Give a baseline inventory (no ``prevention`` rows).
    area_ha
        The park's gross area (ha, > 0) in the scope of its totals (e.g. the
        ``gross_area_ha`` statistic of ``park.json``).
    workers
        The park's published workforce, if known (for t/worker/yr).
    occupied_area_ha
        Land occupied or leased by tenants (ha), if published (for t/ha/yr on it).

    Returns
    -------
    pandas.DataFrame
        :data:`PLAUSIBILITY_COLUMNS`, one row per metric: ``waste_t_per_worker_yr``,
        ``waste_t_per_ha_yr`` (gross area; ``.occupied`` on occupied land when given),
        ``hazardous_incl_controlled_pct`` (where the park has process streams its
        generators ship in bulk, t/worker/yr and the share also without them,
        ``...excl_generator_bulk``) and ``cost_vnd_per_t`` (no published figure found:
        its verdict says so). ``published_low``/``_high`` span the published
        figures (:data:`PLAUSIBILITY_CHECKS`), listed with their source and year in
        ``published``; ``verdict`` is :func:`verdict`.

    Raises
    ------
    UsageError
        ``area_ha`` is not positive.

    Notes
    -----
    Calibration figures (``generation_rates.csv``, ``use = check``): t/worker/yr Dong
    Nai IZs 0.971-1.343 (2008 waste on the 2015 and 2010 workforce) and Viet Nam IZs
    1.667-2.083 (2015 forecast on the 2019 workforce); t/ha/yr on gross area Viet Nam
    42.01 (2011/2020), Dong Nai 55.56 (2008/2010), Can Tho 109.7 (undated); hazardous
    share Binh Duong 3.8 % (c.2014), HCMC 9.09-16.0 % (2019) and 13.5-24.1 % (c.2011).
    """
    if not area_ha > 0:
        raise UsageError(f"area_ha is {area_ha}; give the park's area in hectares (> 0)")
    classes = reported_class(inventory)
    t = inventory["waste_t_per_yr"].astype(float)
    total = float(t.sum())
    industrial = float(t[classes != "domestic"].sum())
    haz = float(t[classes.isin(["hazardous", "controlled"])].sum())
    bulk = (
        inventory["collection"].astype(str) == "generator_bulk"
        if "collection" in inventory.columns
        else pd.Series(False, index=inventory.index)
    )
    without = (
        f"without {float(t[bulk].sum()):,.0f} t/yr of process streams shipped in bulk by "
        "their generators (e.g. phosphogypsum)"
    )
    rows: list[tuple[object, ...]] = []
    if not workers:
        rows.append(
            (
                "waste_t_per_worker_yr",
                float("nan"),
                "t/worker/yr",
                float("nan"),
                float("nan"),
                "not computable: no published workforce",
                "",
                "",
            )
        )
    else:
        rows.append(_checked("waste_t_per_worker_yr", total / workers, "t/worker/yr", "park total"))
        if bulk.any():
            rows.append(
                _checked(
                    "waste_t_per_worker_yr.excl_generator_bulk",
                    float(t[~bulk].sum()) / workers,
                    "t/worker/yr",
                    without,
                )
            )
    rows.append(_checked("waste_t_per_ha_yr", total / area_ha, "t/ha/yr", "gross area"))
    if occupied_area_ha:
        rows.append(
            _checked(
                "waste_t_per_ha_yr.occupied",
                total / occupied_area_ha,
                "t/ha/yr",
                "occupied or leased land; partly circular where the rest of the park is "
                "estimated at the Dong Nai rate per occupied ha",
            )
        )
    share = 100 * haz / industrial if industrial else float("nan")
    rows.append(_checked("hazardous_incl_controlled_pct", share, "%", "of the non-domestic t/yr"))
    if bulk.any():
        rest = ~bulk & (classes != "domestic")
        part = float(t[rest].sum())
        haz_rest = float(t[rest & classes.isin(["hazardous", "controlled"])].sum())
        rows.append(
            _checked(
                "hazardous_incl_controlled_pct.excl_generator_bulk",
                100 * haz_rest / part if part else float("nan"),
                "%",
                without,
            )
        )
    if "cost_vnd_per_yr" in inventory.columns:
        priced = inventory["cost_vnd_per_yr"].notna()
        tonnes = float(t[priced].sum())
        cost = float(inventory.loc[priced, "cost_vnd_per_yr"].sum())
        rows.append(
            (
                "cost_vnd_per_t",
                round(cost / tonnes, 0) if tonnes else float("nan"),
                "VND/t",
                float("nan"),
                float("nan"),
                "no published calibration figure found (no park-level cost per tonne "
                "of industrial waste in the sources searched)",
                "",
                "priced rows only",
            )
        )
    return pd.DataFrame(rows, columns=PLAUSIBILITY_COLUMNS)
