"""Treatment pathways on the waste hierarchy, with cost (VND/yr) and GHG (kg CO2e/yr).

Each stream goes by a default rule that follows its class, material and code and the
facilities the park's data lists (``facilities.csv``: ``accepts``, ``status``,
``waste_codes``, ``methods``):

* hazardous (and controlled, KS) streams go **only** to a handler *permitted for them*
  (:func:`eipgeo.parks.permit_basis`: operating, accepting hazardous waste, and listing
  the stream's code, or where the data holds no codes the method its treatment needs).
  A licence for "hazardous waste" as a class is not enough. With none, the stream is
  ``unassigned`` ("no permitted destination"), named in a warning, never routed, and
  still priced as the treatment its rule gives (below), or, where that treatment has no
  sourced price, at the licensed hazardous collection and treatment price (what a
  generator pays a licensed handler), and counted in CO2e at the treatment the rule
  gives it;
* the handler chosen is the one permitted for the most hazardous t/yr of the park (ties
  by id), so that one collection round serves as much as it can;
* used oil filters (15 01 02) are drained and crushed, the steel recycled; spent machining
  emulsions (07 03 04) are split physico-chemically; contaminated steel drums (18 01 02)
  are decontaminated and the steel recycled (not re-refined, not incinerated);
* clean scrap (metal, plastic, paper, wood, textile, rubber, glass) is recycled via scrap
  buyers (LEP 2020 Art. 82(1)(a); Decree 08/2022 Art. 65(1): sorted ordinary industrial
  solid waste used as raw material is managed as goods), with revenue where
  ``prices.csv`` has a price;
* ash, slag, gypsum and ordinary sludge go to co-processing / building materials;
* a declared fate (``measured_streams.csv`` column ``fate``) wins over these rules: a
  generator's own stack is land disposal at the plant, a named receiver's bulk reuse is
  co-processing; neither is priced at a generic tariff (cost unknown, unverified);
* food and organic waste is composted, used cooking oil recycled;
* mixed ordinary and domestic waste goes to landfill at a facility accepting its class.

``prevention`` is what a scenario avoids (:func:`eipgeo.waste.apply_change`).

**Prices** come from the one price table (:mod:`eipgeo.data.prices`), chosen by the park's
province (national fallback labelled) and expressed in VND of the study year. Hazardous
treatment is priced only for the method a price was quoted for: incineration
(``collection_transport.hazardous + treatment.hazardous``) and used-oil re-refining (the
collectors' buying price, revenue); every other routed hazardous method is unpriced
(cost unknown, said so in ``price_keys``), never charged the incineration price. A
hazardous stream with no permitted destination and an unpriced treatment is the one
exception: it is priced at the licensed collection and treatment price, labelled as a
stand-in in ``price_basis``, so unassigned hazardous waste is never left out of the cost.

**GHG methods** (every row names its method, factor key and the factor's status in
``ghg_method``, ``ghg_factor_key`` and ``ghg_factor_status``):

* ``ipcc2006_vn`` (default): IPCC 2006 tier 1 with Vietnamese site parameters
  (:mod:`eipgeo.coefficients`): landfill CH4 from each material's DOC at an unmanaged deep
  site with no gas capture; composting and anaerobic digestion with their CH4 and N2O;
  incineration by each material's dry matter and fossil carbon (none for steel);
  recycling and co-processing carry the DESNZ cut-off factor (transport to the recycler);
  mixed ordinary and domestic waste at the bulk-waste DOC 0.20 (40 CFR 98 Table HH-1); a
  landfilled material with no DOC in ``ghg_materials.csv`` falls back to DESNZ, labelled;
* ``desnz_2025_cutoff``: UK DESNZ 2025 conversion factors, cut-off approach (UK landfills
  capture gas); hazardous incineration still by the IPCC fossil carbon of the material;
* ``warm_avoided_burden``: US EPA WARM credits for recycled metal, paper and plastic and
  WARM-based landfill of mixed waste; any other row falls back to DESNZ, labelled.

**Ranges.** ``cost_vnd_per_yr_low/high`` and ``co2e_kg_per_yr_low/high`` are bounds: the
lowest and highest of the products of t/yr (``waste_t_per_yr_low/high``, equal to the
central value when absent) and the per-tonne value at its low and high end (prices: each
cost at its low end and each revenue at its high end for the low bound, and the reverse;
GHG: the factor's sourced range, e.g. landfill MCF 0.4-1.0). All low ends move together:
this is an envelope, not a confidence interval.

Classes: rules, prices and GHG follow ``waste_class`` (KS handled as hazardous);
totals and summary rows report :func:`eipgeo.waste.reported_class` (``controlled``
shown as such, with ``handled_as``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, cast

import pandas as pd

from eipgeo import coefficients, network
from eipgeo._errors import Problem, UsageError
from eipgeo.data import prices
from eipgeo.generation import REST_OF_PARK, total_range
from eipgeo.parks import Park, permit_basis
from eipgeo.waste import (
    FATE_REUSE_PREFIX,
    WasteChange,
    apply_change,
    apply_measured,
    generation_rates,
    rate,
    read_measured,
    reported_class,
)
from eipgeo.waste import METHODS as GENERATION_METHODS

PATHWAYS = (
    "prevention",
    "reuse",
    "recycling",
    "co_processing",
    "energy_recovery",
    "incineration",
    "physico_chemical",
    "landfill",
)
"""The waste hierarchy, most preferred first (``physico_chemical``: treatment such as
emulsion splitting, a disposal operation before landfill)."""

UNASSIGNED = "unassigned"
NO_PERMITTED_DESTINATION = "no permitted destination"
"""``pathway_note`` prefix of a hazardous or controlled stream no handler is permitted for."""
DEFAULT_METHOD = "ipcc2006_vn"
METHODS = ("ipcc2006_vn", "desnz_2025_cutoff", "warm_avoided_burden")
"""GHG methods: IPCC 2006 tier 1 with Vietnamese site parameters (default), and the UK
DESNZ cut-off and US WARM avoided-burden options."""
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
# material -> (pathway, treatment) for hazardous streams at a permitted handler
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
_HAZARDOUS_CODE_RULES: dict[str, tuple[str, str]] = {
    "15 01 02": ("recycling", "oil_filter_crushing"),  # drained, crushed, steel recycled
    "07 03 04": ("physico_chemical", "emulsion_splitting"),  # split, not re-refined
    "18 01 02": ("recycling", "decontaminate_and_recycle"),  # steel drums washed, recycled
}
"""Code rules that win over the material rule (review of Dec 2026, section 5)."""
_HAZARDOUS_DEFAULT = ("incineration", "hazardous_incineration")
TREATMENT_METHOD = {
    "hazardous_incineration": "incineration",
    "oil_re_refining": "oil_re_refining",
    "solvent_recovery": "solvent_recovery",
    "battery_recycling": "battery_recycling",
    "e_waste_recycling": "e_waste_recycling",
    "lamp_recycling": "lamp_recycling",
    "decontaminate_and_recycle": "decontamination",
    "oil_filter_crushing": "decontamination",
    "cement_kiln": "co_processing",
    "emulsion_splitting": "physico_chemical",
}
"""Hazardous treatment → the permitted method a handler needs
(:data:`eipgeo.parks.PERMIT_METHODS`)."""

_ORDINARY_PRICES: dict[str, list[str]] = {
    "scrap_recycling": ["collection_transport.ordinary"],
    "uco_collection": ["collection_transport.ordinary"],
    "composting": ["collection_transport.ordinary", "treatment.composting"],
    "building_materials": ["collection_transport.ordinary", "treatment.co_processing"],
    "cement_kiln": ["collection_transport.ordinary", "treatment.co_processing"],
    "sanitary_landfill": ["collection_transport.ordinary", "treatment.landfill"],
}
_HAZARDOUS_PRICES: dict[str, tuple[list[str], list[str]]] = {
    "hazardous_incineration": (["collection_transport.hazardous", "treatment.hazardous"], []),
    "oil_re_refining": ([], ["revenue.used_oil"]),
}
"""Hazardous treatment → (cost items, revenue items) of ``prices.csv``. ``treatment.hazardous``
(a 2009 quote whose method the source does not state, taken as incineration) prices
incineration only; used oil sent to re-refining earns the collectors' buying price (they
collect at the generator, so no collection cost). Every other hazardous treatment is
unpriced (:data:`UNPRICED_HAZARDOUS`)."""
UNPRICED_HAZARDOUS = (
    "unpriced (unverified): no sourced price for hazardous {treatment}; treatment.hazardous "
    "(a 2009 quote, taken as incineration) is not applied to other methods"
)
"""``price_keys`` of a hazardous row whose treatment has no sourced price (cost unknown)."""
LICENSED_STAND_IN = (
    "no permitted destination and no sourced price for hazardous {treatment}: priced at the "
    "licensed hazardous collection and treatment price, treatment.hazardous taken as "
    "incineration, as a stand-in"
)
"""``price_basis`` note of a hazardous stream with no permitted destination whose treatment
has no sourced price: it is priced at the region's licensed collection and treatment price
(``collection_transport.hazardous + treatment.hazardous``), so no such stream is left
unpriced."""
GENERATOR_STACK = "generator_stack"
"""Treatment of a stream the generator keeps on its own stack (``fate = generator_stack``)."""
RECEIVER_PROCESSING = "receiver_processing"
"""Treatment of a stream a named receiver takes in bulk and processes (``fate = reuse:ID``)."""
UNPRICED = {
    GENERATOR_STACK: (
        "unpriced (unverified): the generator's own stacking cost per tonne is not "
        "published (DAP-Vinachem disclosed only dike works: VND 9.33 bn in 2014, VCCI "
        "News); no generic disposal tariff applies"
    ),
    RECEIVER_PROCESSING: (
        "unpriced (unverified): no published transfer price between generator and "
        "receiver; no generic collection or treatment tariff applies to a bulk transfer"
    ),
}
"""Treatments of declared fates that carry no price: cost unknown (NaN, not 0), said so in
``price_keys``; their t/yr and CO2e still count."""
_DESNZ = "ghg_kg_co2e_per_t.desnz2025."
_CUTOFF_KEY = f"{_DESNZ}recycling_or_combustion"
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

PATHWAY_COLUMNS = ["pathway", "treatment", "facility_id", "pathway_note", "onward_facility_id"]
"""``onward_facility_id``: where a hazardous stream collected to a storage and transfer site
(``facility_id``) is treated, :func:`onward_handler`; blank otherwise."""
COST_GHG_COLUMNS = [
    "cost_vnd_per_yr",
    "cost_vnd_per_yr_low",
    "cost_vnd_per_yr_high",
    "revenue_vnd_per_yr",
    "price_keys",
    "price_basis",
    "co2e_kg_per_yr",
    "co2e_kg_per_yr_low",
    "co2e_kg_per_yr_high",
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


def hazardous_rule(material: str, code: str) -> tuple[str, str]:
    """Return ``(pathway, treatment)`` of a hazardous or controlled stream.

    Parameters
    ----------
    material
        The stream's material (``oil``, ``sludge`` ...).
    code
        Its waste code; a code rule (used oil filters, machining emulsions, steel drums)
        wins over the material rule.

    Returns
    -------
    tuple of str
        E.g. ``("recycling", "oil_filter_crushing")`` for 15 01 02; incineration without
        energy recovery when neither rule applies.
    """
    return _HAZARDOUS_CODE_RULES.get(code, _HAZARDOUS_RULES.get(material, _HAZARDOUS_DEFAULT))


def _handler_order(streams: pd.DataFrame, facilities: pd.DataFrame) -> list[str]:
    """Facility ids by hazardous t/yr they are permitted for (most first, then by id)."""
    if facilities is None or facilities.empty or "id" not in facilities.columns:
        return []
    haz = streams[streams["waste_class"] == "hazardous"]
    tonnes: dict[str, float] = {}
    for _, fac in facilities.iterrows():
        t = 0.0
        for _, s in haz.iterrows():
            method = TREATMENT_METHOD[hazardous_rule(str(s["material"]), str(s["waste_code"]))[1]]
            if permit_basis(fac, str(s["waste_code"]), method):
                t += float(s["waste_t_per_yr"])
        if t > 0:
            tonnes[str(fac["id"])] = t
    return sorted(tonnes, key=lambda f: (-tonnes[f], f))


def assign_pathways(
    streams: pd.DataFrame, facilities: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    """Give each stream its default pathway, treatment and destination.

    Parameters
    ----------
    streams
        Columns of :data:`eipgeo.waste.STREAM_COLUMNS` (``waste_class``, ``material``,
        ``waste_code``).
    facilities
        The park's ``facilities.csv`` (``id``, ``accepts``; optional ``status``,
        ``waste_codes``, ``methods``), possibly empty.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        ``streams`` plus :data:`PATHWAY_COLUMNS`; one ``no_permitted_destination`` (or
        ``no_facility``) warning per site and stream left ``unassigned``, or collected to a
        store with no handler permitted to treat it after (:func:`onward_handler`). An
        unassigned hazardous stream keeps the treatment its rule gives (for its price
        and CO2e).
    """
    order = _handler_order(streams, facilities)
    by_id = (
        {str(f["id"]): f for _, f in facilities.iterrows()}
        if facilities is not None and not facilities.empty
        else {}
    )
    out = streams.copy()
    rows, problems = [], []
    accepting: dict[str, list[str]] = {}  # facilities accepting a class, found once per class
    for _, s in out.iterrows():
        pathway, treatment, fac, note = _rule(s, order, by_id, facilities, accepting)
        onward, note = onward_handler(s, fac, by_id, order, note)
        if STORED_NO_TREATMENT in note:
            problems.append(
                Problem(
                    f"{s['site_id']}: hazardous stream {s['waste_code']} ({s['name_en']}, "
                    f"{s['waste_t_per_yr']:.2f} t/yr): {note}",
                    "no_permitted_destination",
                    "facilities.csv",
                    None,
                    "waste_codes or methods",
                    s["waste_code"],
                    "warning",
                )
            )
        if pathway == UNASSIGNED:
            hazardous = s["waste_class"] == "hazardous"
            label = (
                str(s["waste_class"])
                if s.get("legal_class", "") != "controlled"
                else "controlled (KS, handled as hazardous)"
            )
            column = "waste_codes or methods" if hazardous else "accepts"
            problems.append(
                Problem(
                    f"{s['site_id']}: {label} stream {s['waste_code']} "
                    f"({s['name_en']}, {s['waste_t_per_yr']:.2f} t/yr): {note} (column "
                    f"{column}), or plan a haul to one outside the park",
                    "no_permitted_destination" if hazardous else "no_facility",
                    "facilities.csv",
                    None,
                    column,
                    s["waste_code"],
                    "warning",
                )
            )
        rows.append((pathway, treatment, fac, note, onward))
    for j, col in enumerate(PATHWAY_COLUMNS):
        out[col] = [r[j] for r in rows]
    return out, problems


STORED_NO_TREATMENT = "stored, no permitted treatment"
"""Said in the pathway note of a hazardous stream a store holds that no handler may treat."""


def stored_untreated(streams: pd.DataFrame, facilities: pd.DataFrame | None) -> pd.Series:
    """Say which hazardous rows go to a store that no permitted handler treats them after.

    Parameters
    ----------
    streams
        An inventory (:data:`PATHWAY_COLUMNS`, ``waste_class``, ``material``,
        ``waste_code``).
    facilities
        The park's facilities, or ``None`` (then no row is known to be stored).

    Returns
    -------
    pandas.Series of bool
        Aligned with ``streams``: ``True`` where the row's ``facility_id`` may receive it
        only to store and transfer it (:func:`eipgeo.parks.permit_basis` gives
        ``storage_transfer``) and ``onward_facility_id`` names no handler.
    """
    flags = [False] * len(streams)
    if facilities is None or facilities.empty or "id" not in facilities.columns:
        return pd.Series(flags, index=streams.index, dtype=bool)
    by_id = {str(f["id"]): f for _, f in facilities.iterrows()}
    # a blank handler read back from a CSV is NaN: it names no handler, as "" does
    onward = streams.get("onward_facility_id", pd.Series("", index=streams.index))
    onward = onward.fillna("").astype(str)
    for n, ((_, s), after) in enumerate(zip(streams.iterrows(), onward, strict=True)):
        fac = s.get("facility_id", "")
        fac = "" if pd.isna(fac) else str(fac)
        if s["waste_class"] != "hazardous" or fac not in by_id or after != "":
            continue
        code = str(s.get("waste_code", ""))
        method = TREATMENT_METHOD[hazardous_rule(str(s.get("material", "")), code)[1]]
        flags[n] = permit_basis(by_id[fac], code, method) == "storage_transfer"
    return pd.Series(flags, index=streams.index, dtype=bool)


def onward_handler(
    s: pd.Series, fac: str, by_id: dict[str, pd.Series], order: list[str], note: str
) -> tuple[str, str]:
    """Return where a stream collected to a store is treated, and its pathway note.

    A storage and transfer site stores hazardous waste; it does not treat it (Decree
    08/2022/ND-CP and Circular 02/2022/TT-BTNMT: a hazardous-waste handling permit lists
    the codes and methods a handler may treat). When ``fac`` may receive the stream only
    on its ``storage_transfer`` permit (:func:`eipgeo.parks.permit_basis`), the treatment
    handler is the facility nearest the store (great circle, EPSG:4326; ties in
    ``order``) whose permit covers the stream's code or method, stores excluded.

    Parameters
    ----------
    s
        The stream (``waste_class``, ``material``, ``waste_code``).
    fac
        Its destination's id (blank: none).
    by_id
        The park's facilities by id (``lon``, ``lat``, ``accepts``, ``status``,
        ``waste_codes``, ``methods``).
    order
        Facility ids permitted for some hazardous stream (:func:`_handler_order`).
    note
        The stream's pathway note.

    Returns
    -------
    tuple of str
        (the handler's id, the note with the onward leg), ``("", note)`` when ``fac`` is
        no store, and ``("", note + "; stored, no permitted treatment for CODE in the
        park's data ...")`` when no handler may treat it.
    """
    if not fac or s["waste_class"] != "hazardous" or fac not in by_id:
        return "", note
    code = str(s["waste_code"])
    method = TREATMENT_METHOD[hazardous_rule(str(s["material"]), code)[1]]
    if permit_basis(by_id[fac], code, method) != "storage_transfer":
        return "", note
    handlers = [f for f in order if f != fac and permit_basis(by_id[f], code, method)]
    handlers = [f for f in handlers if permit_basis(by_id[f], code, method) != "storage_transfer"]
    if not handlers:
        return "", (
            f"{note}; {STORED_NO_TREATMENT} for {code} in the park's data (by code, or by "
            f"the method {method}): add the handler to facilities.csv with its permit"
        )
    store = by_id[fac]

    def km(f: str) -> float:
        try:
            d = float(
                network.haversine_m(
                    float(store["lon"]),
                    float(store["lat"]),
                    float(by_id[f]["lon"]),
                    float(by_id[f]["lat"]),
                )
            )
            return d if math.isfinite(d) else math.inf
        except (KeyError, TypeError, ValueError):
            return math.inf  # no coordinates: after the handlers that have them

    best = min(handlers, key=lambda f: (km(f), handlers.index(f)))
    basis = permit_basis(by_id[best], code, method)
    how = f"permit lists {code}" if basis == "code" else f"permitted method {method}"
    return best, f"{note}; onward to {best} for treatment ({how})"


def _fate_rule(fate: str) -> tuple[str, str, str, str] | None:
    """(pathway, treatment, facility, note) of a declared fate; ``None`` when none is declared."""
    if fate == GENERATOR_STACK:
        return (
            "landfill",
            GENERATOR_STACK,
            "",
            "declared fate: kept on the generator's own stack (not a licensed landfill; "
            "not routed)",
        )
    if fate.startswith(FATE_REUSE_PREFIX):
        receiver = fate.removeprefix(FATE_REUSE_PREFIX)
        return (
            "co_processing",
            RECEIVER_PROCESSING,
            "",
            f"declared fate: taken in bulk and processed into a product by {receiver} "
            "(a tenant of the park, not routed)",
        )
    return None


def _rule(
    s: pd.Series,
    order: list[str],
    by_id: dict[str, pd.Series],
    facilities: pd.DataFrame,
    accepting_of: dict[str, list[str]],
) -> tuple[str, str, str, str]:
    material, code = str(s["material"]), str(s["waste_code"])
    fate = s.get("fate", "")
    declared = _fate_rule(fate if isinstance(fate, str) else "")
    if declared is not None:
        return declared
    if s["waste_class"] == "hazardous":
        pathway, treatment = hazardous_rule(material, code)
        method = TREATMENT_METHOD[treatment]
        for fid in order:
            basis = permit_basis(by_id[fid], code, method)
            if basis:
                how = {
                    "code": f"permit lists {code}",
                    "method": f"permitted method {method}; its codes are not in the data",
                    "storage_transfer": "permitted storage and transfer",
                }[basis]
                return pathway, treatment, fid, f"permitted handler ({how})"
        return (
            UNASSIGNED,
            treatment,
            "",
            f"{NO_PERMITTED_DESTINATION}: no operating handler in the park's data is "
            f"permitted for {code} (by code, or by the method {method}); add one to "
            "facilities.csv with its permit",
        )
    pathway, treatment = _ORDINARY_RULES.get(material, ("landfill", "sanitary_landfill"))
    if treatment in ("scrap_recycling", "uco_collection"):
        return pathway, treatment, "", "scrap buyer or recycler (not in the facility data)"
    waste_class = str(s["waste_class"])
    if waste_class not in accepting_of:
        accepting_of[waste_class] = _accepting(facilities, waste_class)
    accepting = accepting_of[waste_class]
    if not accepting:
        return (
            UNASSIGNED,
            "",
            "",
            f"no facility accepting {s['waste_class']} waste in the "
            "park's data: add one to facilities.csv",
        )
    return pathway, treatment, accepting[0], f"facility accepting {s['waste_class']} waste"


Row = Mapping[str, Any]
"""One stream row, column -> value (a record of the streams table)."""


def _price_items(row: Row) -> tuple[list[str], list[str]]:
    """(cost items, revenue items) of ``prices.csv`` for a row with a pathway."""
    treatment = str(row["treatment"])
    if row["waste_class"] == "hazardous":
        return _HAZARDOUS_PRICES[treatment]
    costs = _ORDINARY_PRICES.get(treatment, _ORDINARY_PRICES["sanitary_landfill"])
    revenue = f"revenue.{row['material']}"
    known = _price_item_names()
    return costs, [revenue] if treatment == "scrap_recycling" and revenue in known else []


@lru_cache(maxsize=1)
def _price_item_names() -> frozenset[str]:
    """Return the items of ``prices.csv`` (read once, :func:`eipgeo.data.prices.table`)."""
    return frozenset(prices.table()["item"])


def _costs(row: Row, t: tuple[float, float, float], province: str | None) -> dict[str, object]:
    treatment = str(row["treatment"])
    why = UNPRICED.get(treatment)
    stand_in = ""
    if row["waste_class"] == "hazardous" and treatment not in _HAZARDOUS_PRICES:
        why = UNPRICED_HAZARDOUS.format(treatment=treatment)
        if row["pathway"] == UNASSIGNED:
            # no permitted destination: what a generator pays a licensed handler to collect
            # and treat it (issue 19: the region's licensed collection and treatment price)
            why, stand_in = None, "hazardous_incineration"
    if why is not None:
        nan = float("nan")
        return {
            "cost_vnd_per_yr": nan,
            "cost_vnd_per_yr_low": nan,
            "cost_vnd_per_yr_high": nan,
            "revenue_vnd_per_yr": nan,
            "price_keys": why,
            "price_basis": why,
        }
    costs, revenues = _HAZARDOUS_PRICES[stand_in] if stand_in else _price_items(row)
    cost_p = [prices.price(i, province) for i in costs]
    rev_p = [prices.price(i, province) for i in revenues]
    c = sum(p.vnd_per_t for p in cost_p), sum(p.low_vnd_per_t for p in cost_p)
    ch = sum(p.high_vnd_per_t for p in cost_p)
    r = sum(p.vnd_per_t for p in rev_p), sum(p.low_vnd_per_t for p in rev_p)
    rh = sum(p.high_vnd_per_t for p in rev_p)
    per_t = (c[0] - r[0], c[1] - rh, ch - r[1])
    low, high = _bounds(t, per_t)
    keys = (" + ".join(costs) + "".join(f" − {i}" for i in revenues)).strip()
    basis = " | ".join(p.cite() for p in [*cost_p, *rev_p])
    if stand_in:
        basis = f"{LICENSED_STAND_IN.format(treatment=treatment)} | {basis}"
    return {
        "cost_vnd_per_yr": round(t[0] * per_t[0], 0),
        "cost_vnd_per_yr_low": round(low, 0),
        "cost_vnd_per_yr_high": round(high, 0),
        "revenue_vnd_per_yr": round(t[0] * r[0], 0),
        "price_keys": keys,
        "price_basis": basis,
    }


def _bounds(
    t: tuple[float, float, float], per_t: tuple[float, float, float]
) -> tuple[float, float]:
    """Lowest and highest product of t/yr (low, high) and per-tonne value (low, high)."""
    products = [a * b for a in (t[1], t[2]) for b in (per_t[1], per_t[2])]
    return min(products), max(products)


def _desnz_landfill(row: Row) -> str:
    material = str(row["material"])
    kind = (
        "household_residual"
        if row["waste_class"] == "domestic" and material == "mixed"
        else _LANDFILL_FACTOR.get(material, "commercial_industrial")
    )
    return f"{_DESNZ}landfill.{kind}"


_Ghg = tuple[str, str, str, float, float, float]
"""(factor key, method label, status, central, low, high) kg CO2e/t."""


def _coef(key: str, label: str) -> _Ghg:
    c = coefficients.get(key)
    return key, label, c.status, c.value, c.value, c.value


def _derived(f: coefficients.Factor, label: str) -> _Ghg:
    return f.key, label, f.status, f.kg_co2e_per_t, f.low_kg_co2e_per_t, f.high_kg_co2e_per_t


def _ghg(row: Row, method: str) -> _Ghg:
    """(key, method label, status, central, low, high) kg CO2e/t of a row with a treatment."""
    material, treatment = str(row["material"]), str(row["treatment"])
    pathway = (
        hazardous_rule(material, str(row["waste_code"]))[0]
        if row["pathway"] == UNASSIGNED
        else str(row["pathway"])
    )
    if treatment == "hazardous_incineration":
        f = coefficients.incineration_factor(material, str(row["waste_code"]))
        label = method if method == DEFAULT_METHOD else IPCC_INCINERATION
        if method == "warm_avoided_burden":
            label += " (no WARM factor for this row)"
        return _derived(f, label) if f else _coef(IPCC_INCINERATION_KEY, label)
    if method == "warm_avoided_burden":
        found, fallback = _warm(material, pathway)
    elif method == DEFAULT_METHOD:
        found, fallback = _ipcc(material, pathway, treatment)
    else:
        found, fallback = None, "desnz_2025_cutoff"
    if found is not None:
        return found
    if pathway == "landfill":
        return _coef(_desnz_landfill(row), fallback)
    if treatment == "composting":
        return _coef(f"{_DESNZ}composting", fallback)
    return _coef(_CUTOFF_KEY, fallback)


def _warm(material: str, pathway: str) -> tuple[_Ghg | None, str]:
    method = "warm_avoided_burden"
    if pathway == "recycling" and material in _WARM_RECYCLING:
        key = f"ghg_kg_co2e_per_t.warm.recycling.{_WARM_RECYCLING[material]}"
        return _coef(key, method), ""
    if pathway == "landfill" and material == "mixed":
        return _coef("ghg_kg_co2e_per_t.warm.landfill.mixed_msw", method), ""
    return None, "desnz_2025_cutoff (no WARM factor for this row)"


def _ipcc(material: str, pathway: str, treatment: str) -> tuple[_Ghg | None, str]:
    if pathway == "landfill":
        f = coefficients.landfill_factor(material)
        if f is not None:
            return _derived(f, DEFAULT_METHOD), ""
        return None, "desnz_2025_cutoff (no IPCC DOC for this material; assumes UK gas capture)"
    if treatment in ("composting", "anaerobic_digestion"):
        return _derived(coefficients.biological_factor(treatment), DEFAULT_METHOD), ""
    return None, "desnz_2025_cutoff (cut-off: transport to the recycler or kiln)"


def add_costs_and_ghg(
    streams: pd.DataFrame, method: str = DEFAULT_METHOD, *, province: str | None = None
) -> pd.DataFrame:
    """Add cost (VND/yr), revenue and GHG (kg CO2e/yr), each with its range, to streams.

    Parameters
    ----------
    streams
        Output of :func:`assign_pathways`; ``waste_t_per_yr_low/high`` are used when
        present (else the central t/yr).
    method
        ``ipcc2006_vn`` (default), ``desnz_2025_cutoff`` or ``warm_avoided_burden``.
    province
        The park's province (``park.json``), which picks the regional prices of
        ``prices.csv``; ``None`` = national rows.

    Returns
    -------
    pandas.DataFrame
        ``streams`` plus :data:`COST_GHG_COLUMNS`. ``cost_vnd_per_yr = t/yr × (Σ cost
        prices − Σ revenue prices)`` (VND/t of the study year; items in ``price_keys``,
        citations in ``price_basis``); ``revenue_vnd_per_yr`` is the scrap revenue
        (positive); ``co2e_kg_per_yr = t/yr × factor`` (key in ``ghg_factor_key``, its
        status in ``ghg_factor_status``, the method in ``ghg_method``). Low/high: see the
        module notes. A hazardous stream with no permitted destination is priced and
        counted as the treatment its rule gives, and where that treatment has no sourced
        price at the licensed collection and treatment price (:data:`LICENSED_STAND_IN`);
        an unassigned ordinary stream, a routed hazardous method with no sourced price
        and a declared fate get NaN cost
        (unknown, said so in ``price_keys``);
        prevented rows get 0.

    Raises
    ------
    UsageError
        An unknown ``method``.
    """
    if method not in METHODS:
        raise UsageError(f"unknown GHG method '{method}'; use one of {list(METHODS)}")
    out = streams.copy()
    rows = cast(list[Row], out.to_dict("records"))  # records, not iterrows (issue 24)
    records = [_row_cost_ghg(row, method, province) for row in rows]
    frame = pd.DataFrame(records, index=out.index, columns=COST_GHG_COLUMNS)
    for col in COST_GHG_COLUMNS:
        out[col] = frame[col]
    return out


def _tonnes(row: Row) -> tuple[float, float, float]:
    t = float(row["waste_t_per_yr"])
    low, high = (float(row.get(c, t)) for c in ("waste_t_per_yr_low", "waste_t_per_yr_high"))
    return t, t if math.isnan(low) else low, t if math.isnan(high) else high


def _row_cost_ghg(row: Row, method: str, province: str | None) -> dict[str, object]:
    if row["pathway"] == "prevention" or (
        row["pathway"] == UNASSIGNED and row["waste_class"] != "hazardous"
    ):
        value = 0.0 if row["pathway"] == "prevention" else float("nan")
        why = "none: prevented" if row["pathway"] == "prevention" else "none: no facility"
        money = ["cost_vnd_per_yr", "cost_vnd_per_yr_low", "cost_vnd_per_yr_high"]
        ghg = ["co2e_kg_per_yr", "co2e_kg_per_yr_low", "co2e_kg_per_yr_high"]
        return {
            **dict.fromkeys([*money, *ghg], value),
            "revenue_vnd_per_yr": value,
            "price_keys": why,
            "price_basis": "",
            "ghg_factor_key": why,
            "ghg_method": method,
            "ghg_factor_status": "",
        }
    t = _tonnes(row)
    record = _costs(row, t, province)
    key, label, status, central, low, high = _ghg(row, method)
    lo, hi = _bounds(t, (central, low, high))
    if row["pathway"] == UNASSIGNED:
        record["price_basis"] = (
            f"{NO_PERMITTED_DESTINATION}: the treatment its rule gives is "
            f"{row['treatment']} | {record['price_basis']}"
        )
        label = f"{label} ({NO_PERMITTED_DESTINATION}: CO2e of {row['treatment']} assumed)"
    record.update(
        {
            "co2e_kg_per_yr": round(t[0] * central, 1),
            "co2e_kg_per_yr_low": round(lo, 1),
            "co2e_kg_per_yr_high": round(hi, 1),
            "ghg_factor_key": key,
            "ghg_method": label,
            "ghg_factor_status": status,
        }
    )
    return record


def with_prevention(streams: pd.DataFrame) -> pd.DataFrame:
    """Add one ``prevention`` row per stream a scenario reduced (``prevented_t_per_yr`` > 0).

    Parameters
    ----------
    streams
        Streams after :func:`eipgeo.waste.apply_change` (``prevented_t_per_yr``).

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
    if "onward_facility_id" in prevented.columns:
        prevented["onward_facility_id"] = ""
    return pd.concat([streams, prevented], ignore_index=True)


def park_totals(streams: pd.DataFrame) -> pd.DataFrame:
    """Totals by class and pathway: t/yr, share of the park's t/yr, VND/yr, kg CO2e/yr.

    Parameters
    ----------
    streams
        An inventory with :data:`COST_GHG_COLUMNS`.

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
    streams: pd.DataFrame,
    facilities: pd.DataFrame,
    method: str = DEFAULT_METHOD,
    *,
    province: str | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Pathways, then cost and GHG, in one call (what the main job uses).

    Parameters
    ----------
    streams
        Columns of :data:`eipgeo.waste.STREAM_COLUMNS`.
    facilities
        The park's facilities.
    method
        GHG method (:data:`METHODS`).
    province
        The park's province, for regional prices (:func:`eipgeo.data.prices.price`).

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        The full inventory and the warnings of :func:`assign_pathways`.

    Raises
    ------
    eipgeo._errors.UsageError
        An unknown ``method``.
    """
    assigned, problems = assign_pathways(streams, facilities)
    return add_costs_and_ghg(assigned, method, province=province), problems


def compare_scenario(
    streams: pd.DataFrame,
    facilities: pd.DataFrame,
    scenario: WasteChange,
    method: str = DEFAULT_METHOD,
    *,
    province: str | None = None,
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
    method
        GHG method (:data:`METHODS`).
    province
        The park's province, for regional prices.

    Returns
    -------
    pandas.DataFrame
        :func:`park_totals` columns plus ``case`` (``baseline`` = grown to the planning
        year without reductions, or the scenario's name). The scenario's avoided
        tonnage appears as pathway ``prevention`` (no cost, no GHG).

    Raises
    ------
    eipgeo._errors.UsageError
        An unknown ``method``.
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
        costed = add_costs_and_ghg(with_prevention(planned), method, province=province)
        totals = park_totals(costed)
        frames.append(totals.assign(case=case.name))
    return pd.concat(frames, ignore_index=True)


def park_inventory(park: Park, estimated: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Build a park's full inventory: measured streams win over estimates, then pathways.

    Parameters
    ----------
    park
        The park; ``<park folder>/measured_streams.csv`` (if present) holds measured or
        declared streams in the form :func:`eipgeo.waste.read_measured` reads, with a
        scenario's new tenants' declared streams (``park.added_rows``) after them (a
        ``site``-scope row replaces its tenant's estimate, a ``stream``-scope row only
        the estimate of its code; :func:`eipgeo.waste.apply_measured`). When a scenario
        replaced the tenant list (``park.enterprises_file`` set), measurements of sites
        that are not among its tenants are left out with a warning; those of tenants
        a scenario removed (``park.removed_ids``) are left out.
    estimated
        The estimated streams of its sources.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        Inventory with pathways, cost (prices of the park's ``province``) and GHG
        (default method), and the pathway warnings.

    Raises
    ------
    ValidationError
        The measured-streams table has bad rows (each named by file, row and column).
    """
    measured_file = park.folder / "measured_streams.csv"
    added = park.added_rows.get("measured_streams.csv")
    streams = estimated
    dropped: list[Problem] = []
    if measured_file.is_file() or added is not None:
        known = set(estimated["site_id"].astype(str)) - {REST_OF_PARK}
        if park.enterprises_file is None:  # a removed tenant's rows are valid, not used
            measured = read_measured(measured_file, known | park.removed_ids, added)
            measured = measured[~measured["site_id"].astype(str).isin(park.removed_ids)]
        else:  # a scenario's own tenant list: the park's measurements of others do not apply
            measured = read_measured(measured_file, None, added)
            other = sorted(set(measured["site_id"].astype(str)) - known)
            if other:
                dropped.append(
                    Problem(
                        f"measured streams of {', '.join(other)} are not used: they are not "
                        f"tenants in {park.enterprises_file.name}, which replaces the park's "
                        "tenant list in this scenario",
                        "measured_site_not_a_tenant",
                        str(measured_file),
                        column="site_id",
                        severity="warning",
                    )
                )
            measured = measured[measured["site_id"].astype(str).isin(known)]
        streams = apply_measured(estimated, measured)
    planned, problems = plan_streams(streams, park.facilities, province=park.meta.province or None)
    return planned, dropped + problems


def cost_ghg_summary_rows(
    inventory: pd.DataFrame, province: str | None = None
) -> list[tuple[str, object, str, str]]:
    """Return the ``summary.csv`` rows of prices, revenue, ranges and unplaced hazardous waste.

    Parameters
    ----------
    inventory
        The park's inventory (:func:`add_costs_and_ghg` columns).
    province
        The park's province (the prices' region).

    Returns
    -------
    list of (key, value, unit, note)
        ``waste_cost_vnd_per_yr.low/high`` and ``waste_co2e_kg_per_yr.low/high`` (the
        envelope of the module notes), ``waste_revenue_vnd_per_yr.total`` (scrap revenue,
        positive), ``waste_t_per_yr.no_permitted_destination`` with its cost and CO2e
        (hazardous and controlled streams no handler is permitted for: listed, not
        routed, but counted, and priced at their treatment's sourced price or else the
        licensed collection and treatment price),
        ``ghg_method``, and one ``price.<item>`` row per
        price used, with its region, escalation and source.
    """
    if inventory.empty or "cost_vnd_per_yr_low" not in inventory.columns:
        return []
    inv = inventory[inventory["pathway"] != "prevention"]
    unknown = inv["cost_vnd_per_yr"].isna()
    excl = (
        f"; cost excludes {inv.loc[unknown, 'waste_t_per_yr'].sum():,.1f} t/yr whose cost "
        "is unknown (ordinary waste with no facility, a hazardous treatment or a declared "
        "fate with no sourced price: see price_keys)"
        if unknown.any()
        else ""
    )
    rule = (
        "envelope: lowest/highest product of t/yr (low, high) and price or factor "
        "(low, high), all low ends together; not a confidence interval"
    )
    rows: list[tuple[str, object, str, str]] = [
        (
            f"waste_cost_vnd_per_yr.{end}",
            round(float(inv[f"cost_vnd_per_yr_{end}"].sum())),
            "VND/yr",
            f"{rule}{excl}",
        )
        for end in ("low", "high")
    ]
    rows += [
        (
            f"waste_co2e_kg_per_yr.{end}",
            round(float(inv[f"co2e_kg_per_yr_{end}"].sum()), 1),
            "kg CO2e/yr",
            f"{rule}{excl}",
        )
        for end in ("low", "high")
    ]
    rows.append(
        (
            "waste_revenue_vnd_per_yr.total",
            round(float(inv["revenue_vnd_per_yr"].sum())),
            "VND/yr",
            "scrap revenue (positive), already subtracted in waste_cost_vnd_per_yr; "
            "materials with no sourced price earn none",
        )
    )
    lost = inv[(inv["pathway"] == UNASSIGNED) & (inv["waste_class"] == "hazardous")]
    if not lost.empty:
        sites = ", ".join(sorted(set(lost["site_id"].astype(str))))
        rows += [
            (
                "waste_t_per_yr.no_permitted_destination",
                round(float(lost["waste_t_per_yr"].sum()), 1),
                "t/yr",
                "hazardous and controlled streams no handler in the data is permitted for: "
                f"listed, not routed (never to a depot); sites {sites}"[:500],
            ),
            (
                "waste_cost_vnd_per_yr.no_permitted_destination",
                round(float(lost["cost_vnd_per_yr"].sum())),
                "VND/yr",
                "priced as the treatment each stream's rule gives, or, where that "
                "treatment has no sourced price, at the licensed hazardous collection and "
                "treatment price (see price.* rows); included in waste_cost_vnd_per_yr.total",
            ),
            (
                "waste_co2e_kg_per_yr.no_permitted_destination",
                round(float(lost["co2e_kg_per_yr"].sum()), 1),
                "kg CO2e/yr",
                "CO2e of the treatment the rule gives each stream; included in the total",
            ),
        ]
    labels = sorted(set(inv["ghg_method"].astype(str)))
    chosen = next(
        (
            m
            for m in (DEFAULT_METHOD, "warm_avoided_burden")
            if any(x.startswith(m) for x in labels)
        ),
        "desnz_2025_cutoff",
    )
    rows.append(("ghg_method", chosen, "", _labels_note(labels)))
    used = sorted(
        {
            item.strip(" −")
            for keys in inv["price_keys"].astype(str)
            for item in keys.replace(" − ", " + ").split(" + ")
            if item.strip() and not item.startswith(("none", "unpriced"))
        }
    )
    for item in used:
        p = prices.price(item, province)
        unit = "VND/t revenue" if p.kind == "revenue" else "VND/t"
        rows.append((f"price.{item}", round(p.vnd_per_t), unit, p.cite()[:500]))
    return rows


def summary_rows(inventory: pd.DataFrame) -> list[tuple[str, object, str, str]]:
    """Return the waste rows of ``summary.csv``: totals by class and coverage, shares, cost, GHG.

    Parameters
    ----------
    inventory
        The park's inventory (:func:`park_inventory`), with the ``coverage`` and
        ``method`` columns of :data:`eipgeo.waste.STREAM_COLUMNS` (absent: all
        ``listed``).

    Parameters
    ----------
    inventory
        The planned inventory (:func:`plan_streams`): per stream ``site_id``,
        ``waste_class``, ``pathway``, ``basis``, ``waste_t_per_yr`` with its
        ``waste_t_per_yr_low``/``_high`` range (t/yr), ``cost_vnd_per_yr`` (VND/yr) and
        ``co2e_kg_per_yr`` (kg CO2e/yr).

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
        carries one); and, if any, ``waste_t_per_yr.unassigned`` naming the sites. An
        empty inventory (a park with no tenant, workforce or land data) gives the totals
        with an empty value and the note :data:`UNKNOWN_NO_DATA`, never 0.
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


UNKNOWN_NO_DATA = (
    "unknown: no tenant, workforce or occupied land in the park's data, so nothing can be "
    "estimated (not zero); add enterprises.csv rows or park.json statistics"
)
"""Note of a ``summary.csv`` total left empty because the park has no data to estimate from."""


def _unknown_rows() -> list[tuple[str, object, str, str]]:
    """Totals of a park with no streams: empty values (unknown), never 0."""
    keys = [
        ("waste_t_per_yr.listed", "t/yr"),
        ("waste_t_per_yr.rest_of_park", "t/yr"),
        ("waste_t_per_yr.park_total", "t/yr"),
        ("waste_t_per_yr.park_total_low", "t/yr"),
        ("waste_t_per_yr.park_total_high", "t/yr"),
        ("waste_t_per_yr.total", "t/yr"),
        ("waste_cost_vnd_per_yr.total", "VND/yr"),
        ("waste_co2e_kg_per_yr.total", "kg CO2e/yr"),
    ]
    return [(key, "", unit, UNKNOWN_NO_DATA) for key, unit in keys]


def _coverage_rows(inventory: pd.DataFrame) -> list[tuple[str, object, str, str]]:
    """Return the listed, rest-of-park and park-total rows, each with its range and share."""
    if inventory.empty:
        return _unknown_rows()
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
    if inventory.empty:
        return []  # the unknown totals are in _coverage_rows
    coverage = _coverage_of(inventory)
    t = inventory["waste_t_per_yr"].astype(float)
    excl_by_col = {}
    for col, what in (("cost_vnd_per_yr", "cost"), ("co2e_kg_per_yr", "CO2e")):
        unknown_t = float(t[inventory[col].isna()].sum())
        excl_by_col[col] = (
            f"; excludes {unknown_t:,.1f} t/yr whose {what} is unknown (unassigned ordinary "
            "waste, a hazardous treatment or a declared fate with no sourced price: see "
            "price_keys)"
            if unknown_t
            else ""
        )
    rows: list[tuple[str, object, str, str]] = []
    specs = (
        ("waste_cost_vnd_per_yr", "cost_vnd_per_yr", "VND/yr", 0),
        ("waste_co2e_kg_per_yr", "co2e_kg_per_yr", "kg CO2e/yr", 1),
    )
    for key, col, unit, digits in specs:
        excl = excl_by_col[col]
        base = (
            f"prices of eipgeo/data/prices.csv for the park's province (see the price.* "
            f"rows and each stream's price_basis){excl}"
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
                "total": "park total (listed + rest of park)"
                + (" of the streams whose value is known (a partial sum)" if excl else ""),
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


def _labels_note(labels: list[str], limit: int = 500) -> str:
    """Return ``labels used: a; b; …`` with whole labels only, within ``limit`` characters."""
    shown: list[str] = []
    for i, label in enumerate(labels):
        more = f"+{len(labels) - i} more in waste_inventory.csv (ghg_method)"
        if len(f"labels used: {'; '.join([*shown, label])}; {more}") > limit:
            return f"labels used: {'; '.join([*shown, more])}"
        shown.append(label)
    return f"labels used: {'; '.join(shown)}"


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
