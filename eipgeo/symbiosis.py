"""Industrial and urban-industrial symbiosis: candidates, legal checks, scores and a plan.

The flow is: a supply table (who offers which stream, t/yr) and a receiver table (who can
take it, by ISIC class, facility kind or a workshop "need") are joined through the sourced
catalogue ``eipgeo/data/symbiosis_links.csv``. Every candidate pair is checked against the
law (hazardous waste only to licensed receivers; controlled waste only with its hazard test
recorded; ordinary industrial solid waste may become a raw material under Decree
08/2022/ND-CP Art. 65(1)), scored by road distance (a site matrix from
:mod:`eipgeo.matrix`, or great-circle x circuity, labelled ``estimate_circuity``), valued in
VND/yr and CO2e/yr, and the feasible ones go into a linear program (scipy ``linprog``,
HiGHS) that picks the exchange plan under supply and demand limits. Receivers' demand limits
(sourced, facility capacity, or an unknown demand under a stated rule) are in
:mod:`eipgeo.symbiosis_demand`; free-text materials resolve to waste codes in
:mod:`eipgeo.symbiosis_materials`; the map layer is :mod:`eipgeo.symbiosis_map`.

Units: tonnes per year (``_t_per_yr``), metres (``_m``), VND, kg CO2e. Coordinates are
EPSG:4326 longitude/latitude.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from eipgeo import coefficients, matrix
from eipgeo._errors import InfeasibleError, Problem
from eipgeo._text import nfc_key, normalise_code
from eipgeo.data import data_file
from eipgeo.symbiosis_map import CLASS_COLOURS as CLASS_COLOURS  # noqa: PLC0414 (re-export)
from eipgeo.symbiosis_map import map_symbiosis as map_symbiosis  # noqa: PLC0414 (re-export)

if TYPE_CHECKING:
    from eipgeo.jobs import JobResult

NEAREST_MISSES = 5
"""How many rejected candidates an empty plan lists as its nearest misses."""

OBJECTIVES = ("auto", "t", "vnd", "co2e")
"""``t`` maximises t/yr diverted; ``vnd`` the net value; ``co2e`` the cut-off CO2e saved;
``auto`` is ``vnd`` when every feasible candidate has a known net value, else ``t``."""

RULE_HAZARDOUS = ("LEP 72/2020/QH14 Art. 83(4) and Decree 08/2022/ND-CP Art. 69(1) (seen in "
                  "shared legal/regulatory_facts.md B1): hazardous waste goes only to holders "
                  "of a permit covering it")
RULE_CONTROLLED = ("Circular 02/2022/TT-BTNMT App. III marks KS codes 'controlled': hazardous "
                   "unless tested below threshold (article locator unverified)")
RULE_ORDINARY = ("Decree 08/2022/ND-CP Art. 65(1) (seen): ordinary industrial solid waste "
                 "sorted for direct use as raw material, fuel or material is managed as a "
                 "product; amendment by Decree 05/2025/ND-CP unverified")
RULE_UNRESOLVED = ("eipgeo symbiosis contract (CONTRACT.md): a material without a waste code "
                   "is kept as 'class unverified', not rejected; it may be hazardous, so LEP "
                   "72/2020/QH14 Art. 83(4) still applies once its code or hazard test is known")
UNVERIFIED_FLAG = ("class unverified: confirm by a hazard test or a waste code before any "
                   "transfer")
"""Flag carried by every planned pair whose material resolved to no known waste class."""

CANDIDATE_COLUMNS = [
    "rank", "status", "chosen_t_per_yr", "supplier_id", "supplier_name", "receiver_id",
    "receiver_name", "stream", "material", "waste_code", "waste_class", "link_id",
    "receiver_process", "supply_t_per_yr", "demand_t_per_yr", "distance_m", "distance_source",
    "avoided_disposal_vnd_per_t", "avoided_purchase_vnd_per_t", "transport_vnd_per_t",
    "processing_vnd_per_t", "net_vnd_per_t", "net_vnd_per_yr", "vnd_note",
    "co2e_cutoff_kg_per_t", "co2e_avoided_burden_kg_per_t", "co2e_cutoff_kg_per_yr",
    "co2e_avoided_burden_kg_per_yr", "co2e_note", "landfill_ef_basis", "demand_status",
    "material_resolution", "nearest_miss", "reasons", "link_status", "source_url",
    "supplier_lon", "supplier_lat", "receiver_lon", "receiver_lat",
]


@dataclass
class SymbiosisResult:
    """What :func:`plan_symbiosis` found.

    Attributes
    ----------
    candidates
        Every candidate pair, ranked: feasible ones first (best per tonne first), then the
        rejected ones with their ``reasons``. Columns :data:`CANDIDATE_COLUMNS`.
    plan
        The chosen exchanges (``chosen_t_per_yr > 0``) with t/yr, km, VND/yr and CO2e/yr.
    totals
        ``key, value, unit, note`` rows: t/yr diverted, VND/yr, CO2e/yr (both methods).
    objective
        The objective actually used (``t``, ``vnd`` or ``co2e``).
    problems
        Warnings (probable duplicate names, classes unverified, unmatched names).
    materials
        Workshop mode: one row per offer and need with the material's resolution (codes,
        class, how it matched, or ``unresolved``); empty for a park.
    """

    candidates: pd.DataFrame
    plan: pd.DataFrame
    totals: pd.DataFrame
    objective: str
    problems: list[Problem] = field(default_factory=list)
    materials: pd.DataFrame = field(default_factory=pd.DataFrame)


# --------------------------------------------------------------------------------------
# Text and codes
# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def read_links() -> pd.DataFrame:
    """Return the sourced waste-to-resource catalogue (``eipgeo/data/symbiosis_links.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per link. List columns (``supply_codes``, ``supply_aliases``,
        ``receiver_isic4``, ``receiver_kinds``) are ``;``-separated. Numeric columns
        (``substitution_ratio``, ``virgin_price_vnd_per_t``, ``virgin_ef_kg_co2e_per_t``,
        ``landfill_ef_kg_co2e_per_t``, ``route_ef_kg_co2e_per_t``) are NaN where no
        published figure was found (their ``*_status`` says ``unverified``).

    Notes
    -----
    Each row names its published source (``source``, ``url``, ``locator``). Landfill and
    route factors are UK DESNZ 2025 (cut-off method; see
    ``shared/data/evidence/emission_factors.md``).
    """
    with resources.files("eipgeo.data").joinpath("symbiosis_links.csv").open(
            encoding="utf-8") as f:
        links = pd.read_csv(f, dtype=str, keep_default_na=False)
    for col in ("substitution_ratio", "virgin_price_vnd_per_t", "virgin_ef_kg_co2e_per_t",
                "landfill_ef_kg_co2e_per_t", "route_ef_kg_co2e_per_t"):
        links[col] = pd.to_numeric(links[col].replace("", np.nan))
    return links


def _split(cell: object) -> list[str]:
    return [p.strip() for p in str(cell or "").split(";") if p.strip()]


def links_for_material(stream: object, waste_code: object = "") -> pd.DataFrame:
    """Return the catalogue links whose supply matches a stream name or waste code.

    A valid waste code matches a link listing it; otherwise the NFC-normalised name must
    equal the link's ``supply_group`` or one of its ``supply_aliases``.
    """
    links = read_links()
    code = normalise_code(waste_code)
    by_code = links.supply_codes.apply(lambda c: code in {normalise_code(x) for x in _split(c)})
    if code and by_code.any():
        return links[by_code]
    key = nfc_key(stream)
    hit = [key == nfc_key(group) or key in {nfc_key(a) for a in _split(aliases)}
           for group, aliases in zip(links.supply_group, links.supply_aliases, strict=True)]
    return links[np.array(hit, dtype=bool)]


def class_of(waste_class: object, waste_code: object) -> str:
    """Return the legal class of a stream from its class label or its waste code.

    One of ``hazardous``, ``controlled``, ``ordinary``, ``domestic``, ``energy``, ``water``
    or ``unverified``. A label such as ``hazardous [NH]`` wins; otherwise the code is looked
    up in the shared Vietnamese code list (``legal/vn_waste_codes.csv``).
    """
    label = nfc_key(waste_class)
    for cls in ("hazardous", "controlled", "ordinary", "domestic", "energy", "water"):
        if label.startswith(cls):
            return cls
    code = normalise_code(waste_code)
    if code:
        found = _code_classes().get(code)
        if found:
            return found
    return "unverified"


def _code_classes() -> dict[str, str]:

    return _code_classes_in(str(data_file("legal/vn_waste_codes.csv").resolve()))


@lru_cache(maxsize=4)
def _code_classes_in(path: str) -> dict[str, str]:
    """Waste codes to their class: the legal list, then eipgeo's bundled waste catalogue.

    ``legal/vn_waste_codes.csv`` (bundled, or of the external data folder) gives every
    listed code (``hazardous [NH]`` or ``controlled industrial [KS]``);
    ``eipgeo/data/waste_catalogue.csv`` (codes used by the sector profiles) is read on top.
    """
    out: dict[str, str] = {}
    codes = pd.read_csv(path, dtype=str, keep_default_na=False)
    codes = codes[codes.level == "item"]
    out.update({normalise_code(c): ("hazardous" if w.startswith("hazardous") else
                                    "controlled")
                for c, w in zip(codes.code, codes.waste_class, strict=True)})
    with resources.files("eipgeo.data").joinpath("waste_catalogue.csv").open(
            encoding="utf-8") as f:
        own = pd.read_csv(f, dtype=str, keep_default_na=False)
    out.update({normalise_code(c): str(w) for c, w in zip(own.code, own.waste_class,
                                                          strict=True) if normalise_code(c)})
    return out


# --------------------------------------------------------------------------------------
# Candidates: legal checks and scores
# --------------------------------------------------------------------------------------


def legal_check(waste_class: str, waste_code: str, *, receiver_licensed: set[str],
                receiver_accepts_hazardous: bool, hazard_test: bool) -> list[str]:
    """Return the reasons a transfer is not allowed (empty when it is).

    Parameters
    ----------
    waste_class
        As :func:`class_of` returns it; ``unverified`` when the class is unknown.
    waste_code
        ``NN NN NN``, ``""``, or several candidate codes joined by ``;`` (a material named
        without its exact code): a permit must then cover every candidate.
    receiver_licensed
        Normalised codes the receiver's permit covers.
    receiver_accepts_hazardous
        The receiver is a facility licensed for hazardous waste (``accepts`` lists it).
    hazard_test
        A hazard test below threshold is recorded for this controlled stream.

    Notes
    -----
    Hazardous: only to a permit holder for the code (:data:`RULE_HAZARDOUS`). Controlled
    (KS): a recorded hazard test, or a licensed receiver (:data:`RULE_CONTROLLED`). Class
    ``unverified`` (no waste code resolved) is not a reason to refuse: the contract keeps it
    as "class unverified", and :func:`score_candidates` flags it with
    :data:`UNVERIFIED_FLAG` (:data:`RULE_UNRESOLVED`).
    """
    codes = [c for c in (p.strip() for p in str(waste_code or "").split(";")) if c]
    covered = bool(codes) and all(c in receiver_licensed for c in codes)
    licensed = receiver_accepts_hazardous or covered
    held = ", ".join(sorted(receiver_licensed)) or "none given"
    listed = ";".join(codes) or "(none given)"
    reasons = []
    if waste_class == "hazardous" and not licensed:
        reasons.append(f"hazardous_unlicensed: receiver holds no permit for code {listed} "
                       f"(licensed codes: {held}) [{RULE_HAZARDOUS}]")
    if waste_class == "controlled" and not hazard_test and not licensed:
        reasons.append(f"controlled_untested: no hazard test recorded for {listed}; "
                       f"record one or send to a licensed receiver [{RULE_CONTROLLED}]")
    return reasons


def _per_t_values(cls: str, link: pd.Series | None, distance_m: float, *,
                  price_vnd_per_t: float, processing_vnd_per_t: float) -> dict[str, float]:
    """Money and CO2e per tonne exchanged (see :func:`score_candidates` for the formulae)."""
    km = distance_m / 1000.0
    transport = km * coefficients.get("symbiosis.transport_vnd_per_t_km").value
    truck = km * coefficients.get("symbiosis.truck_co2e_kg_per_t_km").value
    if cls in ("energy", "water"):
        disposal = 0.0  # not a waste: no disposal fee is avoided
    elif cls == "hazardous":
        disposal = coefficients.get("symbiosis.disposal_vnd_per_t.hazardous").value
    else:
        disposal = coefficients.get("symbiosis.disposal_vnd_per_t.ordinary").value
    ratio = float(link.get("substitution_ratio", np.nan)) if link is not None else np.nan
    virgin_price = float(link.get("virgin_price_vnd_per_t", np.nan)) if link is not None \
        else np.nan
    purchase = price_vnd_per_t if np.isfinite(price_vnd_per_t) else ratio * virgin_price
    landfill = float(link.get("landfill_ef_kg_co2e_per_t", np.nan)) if link is not None \
        else np.nan
    if not np.isfinite(landfill) and cls in ("ordinary", "controlled", "unverified"):
        landfill = coefficients.get("symbiosis.landfill_co2e_kg_per_t.commercial_industrial").value
    route = float(link.get("route_ef_kg_co2e_per_t", np.nan)) if link is not None else np.nan
    route = route if np.isfinite(route) else \
        coefficients.get("symbiosis.recycling_co2e_kg_per_t").value
    cutoff = landfill - route - truck
    virgin_ef = float(link.get("virgin_ef_kg_co2e_per_t", np.nan)) if link is not None \
        else np.nan
    return {
        "avoided_disposal_vnd_per_t": disposal, "avoided_purchase_vnd_per_t": purchase,
        "transport_vnd_per_t": transport, "processing_vnd_per_t": processing_vnd_per_t,
        "net_vnd_per_t": disposal + purchase - transport - processing_vnd_per_t,
        "co2e_cutoff_kg_per_t": cutoff, "co2e_avoided_burden_kg_per_t": cutoff + ratio * virgin_ef,
    }


def _landfill_basis(cls: str, link: pd.Series | None) -> str:
    """Which landfill factor the cut-off CO2e used (see :func:`_per_t_values`)."""
    if link is not None and np.isfinite(float(link.get("landfill_ef_kg_co2e_per_t", np.nan))):
        return f"{float(link['landfill_ef_kg_co2e_per_t']):g} kg/t: {link['ef_source']}"
    if cls in ("ordinary", "controlled", "unverified"):
        coef = coefficients.get("symbiosis.landfill_co2e_kg_per_t.commercial_industrial")
        return (f"{coef.value:g} kg/t: fallback, DESNZ 2025 landfill commercial and "
                "industrial waste (no material factor)")
    return "none: no landfill factor for this class (CO2e NaN)"


def score_candidates(pairs: pd.DataFrame) -> pd.DataFrame:
    """Add legal status and per-tonne values to candidate pairs.

    Parameters
    ----------
    pairs
        One row per (supply, receiver, link): ``waste_class``, ``waste_code``, ``link_id``
        (``""`` for a workshop material not in the catalogue), ``distance_m``,
        ``receiver_licensed`` (set of codes), ``receiver_accepts_hazardous``, ``hazard_test``,
        ``price_vnd_per_t`` and ``processing_vnd_per_t`` (NaN when unknown).

    Returns
    -------
    pandas.DataFrame
        ``pairs`` plus ``status`` (``feasible``/``rejected``), ``reasons`` and the value
        columns of :data:`CANDIDATE_COLUMNS`.

    Notes
    -----
    Per tonne: ``net_vnd = avoided disposal + avoided purchase - transport - processing``;
    transport = km x ``symbiosis.transport_vnd_per_t_km``; avoided disposal is
    ``symbiosis.disposal_vnd_per_t.<class>`` (0 for energy and water). A part with no
    published figure is NaN, so the net value is NaN (never a silent 0).
    CO2e (kg/t), cut-off method (DESNZ): landfill factor of the material - factor of the
    recovery route - km x ``symbiosis.truck_co2e_kg_per_t_km``. Avoided-burden method
    (WARM-style) adds ``substitution_ratio x virgin_ef``. Energy and water links have no
    landfill factor: their CO2e is NaN. A pair of class ``unverified`` is feasible but its
    ``reasons`` carry :data:`UNVERIFIED_FLAG`.
    """
    links = read_links().set_index("link_id")
    rows = []
    for _, p in pairs.iterrows():
        link = links.loc[p.link_id] if p.link_id in links.index else None
        reasons = legal_check(p.waste_class, p.waste_code,
                              receiver_licensed=p.receiver_licensed,
                              receiver_accepts_hazardous=bool(p.receiver_accepts_hazardous),
                              hazard_test=bool(p.hazard_test))
        if not np.isfinite(p.distance_m):
            reasons.append("no_distance: the pair has no road path or location; "
                           "give coordinates or a street network")
        notes = []
        if link is not None and link["status"] != "published":
            notes.append(f"catalogue link {p.link_id} is {link['status']}")
        if p.waste_class == "unverified":
            notes.append("class unverified: hazard test recorded, no waste code" if
                         bool(p.hazard_test) else f"{UNVERIFIED_FLAG} [{RULE_UNRESOLVED}]")
        elif p.waste_class == "ordinary":
            notes.append(f"raw-material use allowed [{RULE_ORDINARY}]")
        values = _per_t_values(p.waste_class, link, float(p.distance_m),
                               price_vnd_per_t=float(p.price_vnd_per_t),
                               processing_vnd_per_t=float(p.processing_vnd_per_t))
        rows.append({**values, "status": "rejected" if reasons else "feasible",
                     "reasons": "; ".join(reasons + notes), "_blocking": len(reasons),
                     "landfill_ef_basis": _landfill_basis(p.waste_class, link),
                     "link_status": "" if link is None else str(link["status"])})
    scored = pd.DataFrame(rows, index=pairs.index)
    kept = pairs.drop(columns=[c for c in scored.columns if c in pairs.columns])
    return pd.concat([kept, scored], axis=1)


# --------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------


def choose_objective(candidates: pd.DataFrame, objective: str) -> str:
    """Resolve ``auto`` to ``vnd`` (every feasible net value known) or ``t``."""
    if objective not in OBJECTIVES:
        from eipgeo._errors import UsageError

        msg = f"unknown objective '{objective}'; use one of {', '.join(OBJECTIVES)}"
        raise UsageError(msg)
    if objective != "auto":
        return objective
    feasible = candidates[candidates.status == "feasible"]
    known = len(feasible) > 0 and bool(np.isfinite(feasible.net_vnd_per_t).all())
    return "vnd" if known else "t"


def solve_exchanges(
    candidates: pd.DataFrame, supply_t: dict[str, float], demand_t: dict[str, float],
    objective: str,
) -> np.ndarray:
    """Solve the exchange plan as a linear transportation problem.

    Parameters
    ----------
    candidates
        Feasible candidates with ``supply_key``, ``demand_key``, ``distance_m`` and the
        per-tonne value columns.
    supply_t, demand_t
        Limits in t/yr per ``supply_key`` and ``demand_key``. A demand key that is absent
        (unknown capacity) is not limited.
    objective
        ``t``: maximise t/yr, then (second stage) minimise t x km among the maximal plans.
        ``vnd``: maximise sum of ``net_vnd_per_t`` x t. ``co2e``: maximise sum of
        ``co2e_cutoff_kg_per_t`` x t. Candidates with a NaN or non-positive coefficient
        are not used under ``vnd``/``co2e``.

    Returns
    -------
    numpy.ndarray
        t/yr per candidate row (shape ``(len(candidates),)``).

    Raises
    ------
    InfeasibleError
        The solver failed (it should not: x = 0 is always feasible).
    """
    n = len(candidates)
    if n == 0:
        return np.zeros(0)
    a_rows, b = _limit_rows(candidates, supply_t, demand_t)
    ub = np.full(n, np.inf)
    if objective == "t":
        gain = np.ones(n)
    else:
        col = "net_vnd_per_t" if objective == "vnd" else "co2e_cutoff_kg_per_t"
        gain = candidates[col].to_numpy(dtype=float)
        ub[~(np.isfinite(gain) & (gain > 0))] = 0.0
        gain = np.nan_to_num(gain, nan=0.0)
    # keep every variable bounded: no single pair can exceed its supply
    ub = np.minimum(ub, candidates.supply_key.map(supply_t).to_numpy(dtype=float))
    first = _linprog(-gain, a_rows, b, ub)
    if objective != "t":
        return np.asarray(first, dtype=float)
    best_t = float(first.sum())
    km = candidates.distance_m.to_numpy(dtype=float) / 1000.0
    tie = km + 1e-6 * np.arange(n)  # deterministic tie-break on equal distances
    a2 = np.vstack([a_rows, -np.ones((1, n))]) if len(a_rows) else -np.ones((1, n))
    b2 = np.append(b, -best_t * (1 - 1e-9))
    return np.asarray(_linprog(tie, a2, b2, ub), dtype=float)


def _limit_rows(candidates: pd.DataFrame, supply_t: dict[str, float],
                demand_t: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    rows, bounds = [], []
    for col, limits in (("supply_key", supply_t), ("demand_key", demand_t)):
        for key, limit in limits.items():
            mask = (candidates[col] == key).to_numpy(dtype=float)
            if mask.any() and np.isfinite(limit):
                rows.append(mask)
                bounds.append(float(limit))
    n = len(candidates)
    return (np.array(rows) if rows else np.zeros((0, n))), np.array(bounds, dtype=float)


def _linprog(c: np.ndarray, a: np.ndarray, b: np.ndarray, ub: np.ndarray) -> np.ndarray:
    res = linprog(c, A_ub=a if len(a) else None, b_ub=b if len(b) else None,
                  bounds=list(zip(np.zeros_like(ub), ub, strict=True)), method="highs")
    if res.status != 0:
        msg = f"the exchange plan could not be solved: {res.message}"
        raise InfeasibleError(msg)
    x = np.where(res.x > 1e-9, res.x, 0.0)
    return np.asarray(x, dtype=float)


def plan_symbiosis(pairs: pd.DataFrame, supply_t: dict[str, float],
                   demand_t: dict[str, float], *, objective: str = "auto",
                   problems: list[Problem] | None = None,
                   materials: pd.DataFrame | None = None,
                   unknown_demand: str = "one_supplier") -> SymbiosisResult:
    """Score candidate pairs, solve the plan and rank everything.

    Parameters
    ----------
    pairs
        As :func:`score_candidates` takes them, plus ``supply_key``, ``demand_key`` and the
        descriptive columns of :data:`CANDIDATE_COLUMNS`.
    supply_t, demand_t
        Limits in t/yr (see :func:`solve_exchanges`).
    objective
        One of :data:`OBJECTIVES`.
    problems, materials
        Warnings and the workshop's material resolutions, passed through.
    unknown_demand
        Rule for a demand key absent from ``demand_t``; see
        :data:`eipgeo.symbiosis_demand.UNKNOWN_DEMAND_RULES`.

    Returns
    -------
    SymbiosisResult
        An empty plan is not an error: ``totals`` then says "no feasible exchange" and
        the candidates table keeps the nearest misses with their reasons.
    """
    from eipgeo.symbiosis_demand import apply_unknown_demand

    scored = score_candidates(pairs) if len(pairs) else _empty_scored()
    used = choose_objective(scored, objective)
    demand_t = apply_unknown_demand(scored, demand_t, unknown_demand)
    feasible = scored[scored.status == "feasible"]
    x = solve_exchanges(feasible, supply_t, demand_t, used)
    scored["chosen_t_per_yr"] = 0.0
    scored.loc[feasible.index, "chosen_t_per_yr"] = np.round(x, 3)
    scored = _per_year(scored)
    for col in ("demand_status", "material_resolution"):
        if col not in scored.columns:
            scored[col] = ""
    ranked = _rank(scored, used)
    plan = _plan_frame(ranked)
    problems = list(problems or [])
    totals = _totals(plan, ranked, used)
    unmatched = [str(p.value) for p in problems if p.code == "no_candidate"]
    if plan.empty and unmatched:
        totals.loc[totals.key == "exchanges", "note"] += (
            "; streams without candidates: " + ", ".join(unmatched[:12]))
    return SymbiosisResult(candidates=ranked, plan=plan, totals=totals, objective=used,
                           problems=problems,
                           materials=pd.DataFrame() if materials is None else materials)


def _per_year(scored: pd.DataFrame) -> pd.DataFrame:
    """Add VND/yr and CO2e/yr at the chosen t/yr; a NaN value says why (vnd/co2e_note)."""
    t = scored.chosen_t_per_yr.astype(float)
    out = scored.assign(
        net_vnd_per_yr=(scored.net_vnd_per_t.astype(float) * t).round(0),
        co2e_cutoff_kg_per_yr=(scored.co2e_cutoff_kg_per_t.astype(float) * t).round(1),
        co2e_avoided_burden_kg_per_yr=(scored.co2e_avoided_burden_kg_per_t.astype(float)
                                       * t).round(1))
    out["vnd_note"] = [_vnd_note(r) for r in scored.itertuples()]
    out["co2e_note"] = [_co2e_note(r) for r in scored.itertuples()]
    return out


def _co2e_note(r: object) -> str:
    """Why a CO2e figure is NaN (never a silent blank): the factor that is not published."""
    link_id = str(getattr(r, "link_id", ""))
    notes = []
    if not np.isfinite(float(str(getattr(r, "co2e_cutoff_kg_per_t", np.nan)))):
        notes.append("cut-off NaN: no landfill factor for class "
                     f"'{getattr(r, 'waste_class', '')}'")
    if not np.isfinite(float(str(getattr(r, "co2e_avoided_burden_kg_per_t", np.nan)))):
        links = read_links().set_index("link_id")
        if link_id not in links.index:
            notes.append("avoided-burden NaN: material not in the catalogue (no virgin factor)")
        else:
            link = links.loc[link_id]
            why = [f"{name} unverified" for name, col in
                   (("substitution ratio", "substitution_ratio"),
                    (f"virgin factor of '{link['avoided_material']}'", "virgin_ef_kg_co2e_per_t"))
                   if not np.isfinite(float(str(link[col])))] or ["cut-off part unknown"]
            notes.append(f"avoided-burden NaN: {' and '.join(why)} (link {link_id})")
    return "; ".join(notes)


def _vnd_note(r: object) -> str:
    """Why a net value is NaN: the parts whose price is not published."""
    parts = {"avoided purchase (virgin price unverified; give the buyer's price)":
             getattr(r, "avoided_purchase_vnd_per_t", np.nan),
             "processing cost (not published; give processing_vnd_per_t)":
             getattr(r, "processing_vnd_per_t", np.nan),
             "avoided disposal": getattr(r, "avoided_disposal_vnd_per_t", np.nan),
             "transport (no distance)": getattr(r, "transport_vnd_per_t", np.nan)}
    missing = [k for k, v in parts.items() if not np.isfinite(float(str(v)))]
    return ("VND/yr NaN, not 0: unknown " + ", ".join(missing)) if missing else ""


def _empty_scored() -> pd.DataFrame:
    cols = [*CANDIDATE_COLUMNS, "supply_key", "demand_key", "_blocking"]
    return pd.DataFrame({c: pd.Series(dtype=float if c.endswith(("_t", "_m", "_yr")) else object)
                         for c in cols})


def _rank(scored: pd.DataFrame, objective: str) -> pd.DataFrame:
    key = {"t": "distance_m", "vnd": "net_vnd_per_t", "co2e": "co2e_cutoff_kg_per_t"}[objective]
    ascending = objective == "t"
    scored = scored.assign(_feasible=scored.status != "feasible", _chosen=-scored.chosen_t_per_yr,
                           _blocking=pd.to_numeric(scored["_blocking"]).fillna(0))
    ranked = scored.sort_values(["_feasible", "_chosen", "_blocking", key, "distance_m"],
                                ascending=[True, True, True, ascending, True],
                                na_position="last", kind="stable")
    ranked = ranked.drop(columns=["_feasible", "_chosen"]).reset_index(drop=True)
    ranked["rank"] = np.arange(1, len(ranked) + 1)
    # nearest misses: the rejected pairs with the fewest blocking reasons, nearest first
    misses = np.flatnonzero((ranked.status == "rejected").to_numpy())[:NEAREST_MISSES]
    ranked["nearest_miss"] = pd.array([pd.NA] * len(ranked), dtype="Int64")
    ranked.loc[misses, "nearest_miss"] = np.arange(1, len(misses) + 1)
    return ranked[[c for c in CANDIDATE_COLUMNS if c in ranked.columns]]


def _plan_frame(ranked: pd.DataFrame) -> pd.DataFrame:
    plan = ranked[ranked.chosen_t_per_yr > 0].copy()
    plan["distance_km"] = (plan.distance_m / 1000).round(2)
    return plan.reset_index(drop=True)


def _sum_or_nan(values: pd.Series) -> float:
    return float(values.sum()) if len(values) and bool(np.isfinite(values).all()) else float("nan")


def _known_sum(plan: pd.DataFrame, col: str) -> tuple[float, str]:
    """Sum of the known values of ``col`` and a note on the t/yr it leaves out."""
    known = np.isfinite(plan[col].to_numpy(dtype=float))
    left_out = float(plan.chosen_t_per_yr[~known].sum())
    total = float(plan[col][known].sum()) if known.any() else float("nan")
    note = f"; excludes {left_out:.1f} t/yr with no published factor" if left_out > 0 else ""
    return round(total, 1), note


def _totals(plan: pd.DataFrame, ranked: pd.DataFrame, objective: str) -> pd.DataFrame:
    diverted = plan[~plan.waste_class.isin(["energy", "water"])].chosen_t_per_yr.sum()
    cutoff, cutoff_note = _known_sum(plan, "co2e_cutoff_kg_per_yr")
    rows: list[tuple[str, object, str, str]] = [
        ("objective", objective, "", "t = t/yr diverted (no complete prices); vnd = net value; "
         "co2e = cut-off CO2e"),
        ("exchanges", len(plan), "pairs", "" if len(plan) else _no_feasible_note(ranked)),
        ("exchanged_t_per_yr", round(float(plan.chosen_t_per_yr.sum()), 3), "t/yr", ""),
        ("diverted_from_landfill_t_per_yr", round(float(diverted), 3), "t/yr",
         "waste streams only (energy and water excluded)"),
        ("net_value_vnd_per_yr", _sum_or_nan(plan.net_vnd_per_yr), "VND/yr",
         "NaN when a price (purchase or processing) is not published; see candidates"),
        ("co2e_saved_cutoff_kg_per_yr", cutoff, "kg CO2e/yr",
         "cut-off method (DESNZ): avoided treatment minus transport" + cutoff_note),
        ("co2e_saved_avoided_burden_kg_per_yr", _sum_or_nan(plan.co2e_avoided_burden_kg_per_yr),
         "kg CO2e/yr", "avoided-burden method (WARM-style): adds avoided virgin production; "
         "NaN while virgin factors are unverified"),
        ("candidates_rejected", int((ranked.status == "rejected").sum()), "pairs", ""),
    ]
    return pd.DataFrame(rows, columns=["key", "value", "unit", "note"])


def _no_feasible_note(ranked: pd.DataFrame) -> str:
    misses = ranked[ranked.status == "rejected"].head(NEAREST_MISSES)
    if misses.empty:
        return "no feasible exchange: no candidate pair (no catalogue link or receiver matched)"
    near = " | ".join(f"{r.supplier_name} -> {r.receiver_name} ({r.material}): "
                      f"{str(r.reasons).split(' [')[0]}" for r in misses.itertuples())
    return f"no feasible exchange; nearest misses: {near}"


# --------------------------------------------------------------------------------------
# Building pairs: a park job, or a workshop's offers and needs
# --------------------------------------------------------------------------------------


def _receivers_from_job(result: JobResult) -> pd.DataFrame:
    sites = result.sites[result.sites.role == "client"]
    rec = pd.DataFrame({
        "receiver_id": sites.site_id.astype(str), "receiver_name": sites["name"].astype(str),
        "lon": sites.lon.astype(float), "lat": sites.lat.astype(float),
        "isic4": sites.get("isic4_class", pd.Series("", index=sites.index)).astype(str)
        .str.replace(r"\.0$", "", regex=True),
        "kind": "enterprise", "licensed": [set() for _ in range(len(sites))],
        "accepts_hazardous": False, "capacity_t_per_yr": np.nan,
    })
    fac = result.facilities
    if len(fac):
        fac = fac[np.isfinite(pd.to_numeric(fac.get("lon"), errors="coerce"))]
        rec = pd.concat([rec, pd.DataFrame({
            "receiver_id": fac["id"].astype(str), "receiver_name": fac["name"].astype(str),
            "lon": fac.lon.astype(float), "lat": fac.lat.astype(float), "isic4": "",
            "kind": fac["kind"].astype(str), "licensed": [set() for _ in range(len(fac))],
            "accepts_hazardous": fac["accepts"].astype(str).str.contains("hazardous"),
            "capacity_t_per_yr": 365.0 * pd.to_numeric(
                fac.get("capacity_t_per_day", pd.Series(np.nan, index=fac.index)),
                errors="coerce"),
        })], ignore_index=True)
    return rec


def _distance(result_matrix: matrix.SiteMatrix | None, a: str, b: str,
              a_xy: tuple[float, float], b_xy: tuple[float, float],
              circuity: float) -> tuple[float, str]:
    ids = result_matrix.site_ids if result_matrix is not None else []
    if result_matrix is not None and a in ids and b in ids:
        i, j = ids.index(a), ids.index(b)
        value = float(result_matrix.values[i, j])
        return (value if np.isfinite(value) else np.nan), str(result_matrix.source[i, j])
    m = float(matrix.haversine_m(np.array(a_xy[0]), np.array(a_xy[1]), np.array(b_xy[0]),
                                 np.array(b_xy[1]))) * circuity
    return m, "estimate_circuity"


def pairs_from_job(result: JobResult) -> tuple[pd.DataFrame, dict[str, float], list[Problem]]:
    """Build candidate pairs from a park job: its streams against its tenants and facilities.

    A stream matches catalogue links by ``waste_code`` first, then by ``stream`` name; a
    receiver matches a link by its ISIC Rev.4 class or its facility ``kind``. Distances
    come from the job's site matrix (``result.local_matrix``) where both ends are in it,
    else great-circle x ``circuity_factor`` (labelled ``estimate_circuity``).

    Returns
    -------
    tuple
        Pairs (see :func:`plan_symbiosis`), supply limits in t/yr, and warnings.
    """
    from eipgeo.symbiosis_demand import demand_of

    receivers = _receivers_from_job(result)
    sites = result.sites.set_index(result.sites.site_id.astype(str))
    circuity = coefficients.get("circuity_factor").value
    streams = result.streams.groupby(["site_id", "stream", "waste_code", "waste_class"],
                                     as_index=False, dropna=False)["waste_t_per_yr"].sum()
    rows, supply_t = [], {}
    for s in streams.itertuples():
        sid = str(s.site_id)
        supply_key = f"{sid}|{s.stream}"
        supply_t[supply_key] = float(s.waste_t_per_yr)
        code = normalise_code(s.waste_code)
        cls = class_of(s.waste_class, code)
        xy = (float(sites.at[sid, "lon"]), float(sites.at[sid, "lat"]))
        hazard_test = bool(sites.get("hazard_test", pd.Series(dtype=bool)).get(sid, False))
        for link in links_for_material(s.stream, code).itertuples():
            isic, kinds = set(_split(link.receiver_isic4)), set(_split(link.receiver_kinds))
            match = receivers[(receivers.isic4.isin(isic) | receivers.kind.isin(kinds))
                              & (receivers.receiver_id != sid)]
            for r in match.itertuples():
                dist, src = _distance(result.local_matrix, sid, str(r.receiver_id), xy,
                                      (float(str(r.lon)), float(str(r.lat))), circuity)
                key, limit, status = demand_of(str(r.receiver_name), str(link.link_id),
                                               float(str(r.capacity_t_per_yr)),
                                               str(r.receiver_id), str(link.avoided_material))
                rows.append({
                    "supply_key": supply_key, "demand_key": key, "demand_status": status,
                    "supplier_id": sid, "supplier_name": str(sites.at[sid, "name"]),
                    "receiver_id": r.receiver_id, "receiver_name": r.receiver_name,
                    "stream": s.stream, "material": link.supply_group, "waste_code": code,
                    "waste_class": cls, "link_id": link.link_id,
                    "receiver_process": link.receiver_process,
                    "supply_t_per_yr": float(s.waste_t_per_yr), "demand_t_per_yr": limit,
                    "distance_m": dist, "distance_source": src,
                    "receiver_licensed": r.licensed,
                    "receiver_accepts_hazardous": bool(r.accepts_hazardous),
                    "hazard_test": hazard_test, "price_vnd_per_t": np.nan,
                    "processing_vnd_per_t": np.nan, "source_url": link.url,
                    "supplier_lon": xy[0], "supplier_lat": xy[1],
                    "receiver_lon": float(str(r.lon)), "receiver_lat": float(str(r.lat)),
                })
    pairs = drop_reciprocal(pd.DataFrame(rows))
    unmatched = sorted(set(streams.stream) - set(pairs.get("stream", pd.Series(dtype=str))))
    problems = [Problem(f"stream '{name}' has no exchange candidate: no catalogue link, or "
                        "no receiver of a linked class in this park", code="no_candidate",
                        value=name, severity="warning") for name in unmatched]
    return pairs, supply_t, problems


def drop_reciprocal(pairs: pd.DataFrame) -> pd.DataFrame:
    """Drop the smaller direction of two firms offering each other the same material.

    When A can send material group G to B and B can send G to A, both would count as
    diverted t/yr, yet a firm that takes G in does not ship its own G to its supplier.
    The direction whose supplier has the larger supply is kept (ties: smaller id sends).
    """
    if pairs.empty:
        return pairs
    senders = [str(v) for v in pairs.supplier_id]
    takers = [str(v) for v in pairs.receiver_id]
    groups = [str(v) for v in pairs.material]
    qty = [float(v) for v in pairs.supply_t_per_yr]
    supply = {(a, b, g): q for a, b, g, q in zip(senders, takers, groups, qty, strict=True)}
    drop = []
    for i, (a, b, g) in enumerate(zip(senders, takers, groups, strict=True)):
        theirs = supply.get((b, a, g))
        if theirs is not None and (qty[i] < theirs or (qty[i] == theirs and a > b)):
            drop.append(i)
    return pairs.drop(index=pairs.index[drop]).reset_index(drop=True)


def symbiosis_from_job(result: JobResult, *, objective: str | None = None,
                       unknown_demand: str = "one_supplier") -> SymbiosisResult:
    """Plan a park's (or UIS case's) exchanges from its main-job result.

    ``objective`` (:data:`OBJECTIVES`) defaults to the job's ``symbiosis_objective``
    (a scenario file's ``symbiosis.objective``, else ``auto``).

    Receiver demand limits come from :mod:`eipgeo.symbiosis_demand` (sourced intakes,
    facility capacities); an unknown demand follows ``unknown_demand`` (default: capped at
    the largest single feasible offer) and ``demand_status`` says so.
    """
    pairs, supply_t, problems = pairs_from_job(result)
    demand_t: dict[str, float] = {}
    if len(pairs):
        known = pairs[np.isfinite(pairs.demand_t_per_yr.astype(float))]
        demand_t = {str(k): float(v) for k, v in
                    zip(known.demand_key, known.demand_t_per_yr, strict=True)}
    if objective is None:
        objective = getattr(result, "symbiosis_objective", "auto")
    return plan_symbiosis(pairs, supply_t, demand_t, objective=objective, problems=problems,
                          unknown_demand=unknown_demand)
