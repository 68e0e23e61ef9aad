"""The exchange plan: scores per tonne, then a linear program under supply and demand limits.

The linear program is scipy's ``linprog`` (HiGHS).

Each candidate pair (a supplier's stream, a receiver, a catalogue link) is scored by road
distance, value (VND/t) and CO2e (kg/t, cut-off and avoided burden) and checked against the
law (:func:`eipgeo.symbiosis.catalogue.legal_check`); the feasible ones go into a linear
program that picks the plan. Receivers' unknown demand follows a stated rule
(:mod:`eipgeo.symbiosis.demand`).

Units: tonnes per year (``_t_per_yr``), metres (``_m``), VND, kg CO2e.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from eipgeo import coefficients
from eipgeo._errors import InfeasibleError, Problem, UsageError
from eipgeo.data import prices
from eipgeo.symbiosis.capability import evidence_of
from eipgeo.symbiosis.catalogue import (
    RULE_ORDINARY,
    RULE_UNRESOLVED,
    UNVERIFIED_FLAG,
    legal_check,
    read_links,
)
from eipgeo.symbiosis.demand import DEMAND_UNKNOWN, apply_unknown_demand

NEAREST_MISSES = 5
"""How many rejected candidates an empty plan lists as its nearest misses."""

OBJECTIVES = ("auto", "t", "vnd", "co2e")
"""``t`` maximises t/yr diverted; ``vnd`` the net value; ``co2e`` the cut-off CO2e saved;
``auto`` is ``vnd`` when every feasible candidate has a known net value, else ``t``."""

CANDIDATE_COLUMNS = [
    "rank",
    "plan_status",
    "status",
    "chosen_t_per_yr",
    "unit",
    "evidence_level",
    "evidence_source",
    "why_not_in_plan",
    "supplier_id",
    "supplier_name",
    "receiver_id",
    "receiver_name",
    "stream",
    "material",
    "waste_code",
    "waste_class",
    "link_id",
    "receiver_process",
    "receiver_process_id",
    "process_basis",
    "supply_t_per_yr",
    "demand_t_per_yr",
    "distance_m",
    "distance_source",
    "avoided_disposal_vnd_per_t",
    "avoided_purchase_vnd_per_t",
    "transport_vnd_per_t",
    "processing_vnd_per_t",
    "net_vnd_per_t",
    "net_vnd_per_yr",
    "vnd_note",
    "co2e_cutoff_kg_per_t",
    "co2e_avoided_burden_kg_per_t",
    "co2e_cutoff_kg_per_yr",
    "co2e_avoided_burden_kg_per_yr",
    "co2e_note",
    "baseline_pathway",
    "baseline_co2e_kg_per_t",
    "exchange_co2e_kg_per_t",
    "co2e_basis",
    "landfill_ef_basis",
    "demand_status",
    "material_resolution",
    "nearest_miss",
    "reasons",
    "link_status",
    "source_url",
    "offer_source",
    "supplier_lon",
    "supplier_lat",
    "receiver_lon",
    "receiver_lat",
]


@dataclass
class SymbiosisResult:
    """What :func:`plan_symbiosis` found.

    Attributes
    ----------
    candidates
        Every candidate pair, ranked: feasible ones first (best per tonne first), then the
        rejected ones with their ``reasons``. Columns :data:`CANDIDATE_COLUMNS`;
        ``plan_status`` is ``plan``, ``candidate`` (to investigate: ``why_not_in_plan``
        says why), ``rejected`` (law) or ``not_symbiosis`` (a treatment contract or mixed
        waste: the waste-management plan's business).
    plan
        The chosen exchanges (``chosen_t_per_yr > 0``, in ``unit``: t/yr, m3/yr or MWh/yr)
        with km, VND/yr, CO2e/yr, ``evidence_level`` and ``evidence_source``.
    totals
        ``key, value, unit, note`` rows: t/yr diverted, VND/yr, CO2e/yr (both methods).
    objective
        The objective actually used (``t``, ``vnd`` or ``co2e``).
    problems
        Warnings (probable duplicate names, classes unverified, unmatched names).
    materials
        Workshop mode: one row per offer and need with the material's resolution (codes,
        class, how it matched, or ``unresolved``) and the catalogue ``links``, their
        ``evidence`` levels and the ``receiver_processes`` that can take it; empty for a
        park.
    """

    candidates: pd.DataFrame
    plan: pd.DataFrame
    totals: pd.DataFrame
    objective: str
    problems: list[Problem] = field(default_factory=list)
    materials: pd.DataFrame = field(default_factory=pd.DataFrame)


DISPOSAL_ITEMS = {
    "hazardous": ("collection_transport.hazardous", "treatment.hazardous"),
    "ordinary": ("collection_transport.ordinary", "treatment.landfill"),
}
"""Items of ``prices.csv`` an exchange avoids: what the inventory pays for the stream
without it (hazardous: licensed collection + treatment; other classes: collection +
landfill)."""


def disposal_prices(cls: str, province: str | None = None) -> list[prices.Price]:
    """Return the prices of the disposal an exchange of class ``cls`` avoids.

    Parameters
    ----------
    cls
        The offer's class (``hazardous``; any other waste class is priced as ordinary).
    province
        The park's province (regional prices; ``None`` = national rows).

    Returns
    -------
    list of Price
        The same rows the inventory uses (:mod:`eipgeo.data.prices`), in VND of the study year.
    """
    items = DISPOSAL_ITEMS["hazardous" if cls == "hazardous" else "ordinary"]
    return [prices.price(item, province) for item in items]


def _per_t_values(
    cls: str,
    link: pd.Series | None,
    distance_m: float,
    *,
    price_vnd_per_t: float,
    processing_vnd_per_t: float,
    province: str | None = None,
    baseline_co2e_kg_per_t: float = float("nan"),
) -> dict[str, float]:
    """Money and CO2e per tonne exchanged (see :func:`score_candidates` for the formulae)."""
    km = distance_m / 1000.0
    transport = km * coefficients.get("symbiosis.transport_vnd_per_t_km").value
    if cls in ("energy", "water"):
        disposal = 0.0  # not a waste: no disposal fee is avoided
    else:
        disposal = sum(p.vnd_per_t for p in disposal_prices(cls, province))
    ratio = float(link.get("substitution_ratio", np.nan)) if link is not None else np.nan
    virgin_price = float(link.get("virgin_price_vnd_per_t", np.nan)) if link is not None else np.nan
    purchase = price_vnd_per_t if np.isfinite(price_vnd_per_t) else ratio * virgin_price
    landfill = float(link.get("landfill_ef_kg_co2e_per_t", np.nan)) if link is not None else np.nan
    if not np.isfinite(landfill) and cls in ("ordinary", "controlled", "unverified"):
        landfill = coefficients.get("symbiosis.landfill_co2e_kg_per_t.commercial_industrial").value
    route = float(link.get("route_ef_kg_co2e_per_t", np.nan)) if link is not None else np.nan
    route = (
        route if np.isfinite(route) else coefficients.get("symbiosis.recycling_co2e_kg_per_t").value
    )
    # The route factor is a DESNZ cut-off factor, which already holds the transport to the
    # receiving facility (as the baseline pathway's factor holds its own): no truck-km on top.
    exchange = route
    baseline = baseline_co2e_kg_per_t if np.isfinite(baseline_co2e_kg_per_t) else landfill
    cutoff = baseline - exchange
    virgin_ef = float(link.get("virgin_ef_kg_co2e_per_t", np.nan)) if link is not None else np.nan
    return {
        "avoided_disposal_vnd_per_t": disposal,
        "avoided_purchase_vnd_per_t": purchase,
        "transport_vnd_per_t": transport,
        "processing_vnd_per_t": processing_vnd_per_t,
        "net_vnd_per_t": disposal + purchase - transport - processing_vnd_per_t,
        "co2e_cutoff_kg_per_t": cutoff,
        "co2e_avoided_burden_kg_per_t": cutoff + ratio * virgin_ef,
        "baseline_co2e_kg_per_t": baseline,
        "exchange_co2e_kg_per_t": exchange,
    }


def _landfill_basis(cls: str, link: pd.Series | None) -> str:
    """Which landfill factor the cut-off CO2e used (see :func:`_per_t_values`)."""
    if link is not None and np.isfinite(float(link.get("landfill_ef_kg_co2e_per_t", np.nan))):
        return f"{float(link['landfill_ef_kg_co2e_per_t']):g} kg/t: {link['ef_source']}"
    if cls in ("ordinary", "controlled", "unverified"):
        coef = coefficients.get("symbiosis.landfill_co2e_kg_per_t.commercial_industrial")
        return (
            f"{coef.value:g} kg/t: fallback, DESNZ 2025 landfill commercial and "
            "industrial waste (no material factor)"
        )
    return "none: no landfill factor for this class (CO2e NaN)"


def _co2e_basis(p: pd.Series, link: pd.Series | None, baseline: float) -> str:
    """Say which baseline the avoided CO2e is measured against (one counterfactual)."""
    route = "route factor" if link is None else f"link {link.name} route factor"
    if np.isfinite(baseline):
        return (
            f"avoided = baseline {baseline:,.2f} kg/t (the inventory's own pathway for this "
            f"stream: {p.get('baseline_pathway', '')}, same GHG table) - exchange "
            f"({route}; like the baseline's, a cut-off factor that includes transport to the "
            "facility)"
        )
    return (
        "avoided = landfill factor - exchange (no inventory baseline for this offer: "
        "workshop or test data)"
    )


def score_candidates(pairs: pd.DataFrame, *, province: str | None = None) -> pd.DataFrame:
    """Add legal status and per-tonne values to candidate pairs.

    Parameters
    ----------
    pairs
        One row per (supply, receiver, link): ``waste_class``, ``waste_code``, ``link_id``
        (``""`` for a workshop material not in the catalogue), ``distance_m``,
        ``receiver_licensed`` (set of codes), ``receiver_accepts_hazardous``, ``hazard_test``,
        ``price_vnd_per_t`` and ``processing_vnd_per_t`` (NaN when unknown).
    province
        The park's province: the avoided disposal is its price in ``prices.csv``
        (:func:`disposal_prices`), the one the inventory uses.

    Returns
    -------
    pandas.DataFrame
        ``pairs`` plus ``status`` (``feasible``/``rejected``), ``reasons`` and the value
        columns of :data:`CANDIDATE_COLUMNS`.

    Notes
    -----
    Per tonne: ``net_vnd = avoided disposal + avoided purchase - transport - processing``;
    transport = km x ``symbiosis.transport_vnd_per_t_km``; avoided disposal is the
    price of :func:`disposal_prices` (0 for energy and water). A part with no
    published figure is NaN, so the net value is NaN (never a silent 0).
    CO2e (kg/t), cut-off method (DESNZ): the stream's **baseline** - the exchange's own
    CO2e, where the baseline is the inventory's pathway for that stream
    (``baseline_co2e_kg_per_t`` = its ``co2e_kg_per_yr`` / t/yr, the same GHG table; no
    landfill default) and the exchange's is the recovery route's factor (a DESNZ cut-off
    factor: transport to the facility included, as in the baseline's, so no truck-km is
    added). A share the inventory already sends to this receiver (``fate = reuse:<id>``)
    has that share's own CO2e as its baseline: the exchange is the status quo and avoids
    0. Only an offer without an inventory (a workshop)
    falls back to the material's landfill factor, said in ``co2e_basis``. A pair with
    ``not_symbiosis`` set (treatment contract, mixed waste) gets status ``not_symbiosis``;
    ``plan_blocks`` (process inferred, capability unverified, link unverified) keep a
    feasible pair a candidate. Avoided-burden method
    (WARM-style) adds ``substitution_ratio x virgin_ef``. Energy and water links have no
    landfill factor: their CO2e is NaN. A pair of class ``unverified`` is feasible but its
    ``reasons`` carry :data:`UNVERIFIED_FLAG`.
    """
    links = read_links().set_index("link_id")
    rows = []
    for _, p in pairs.iterrows():
        link = links.loc[p.link_id] if p.link_id in links.index else None
        reasons = legal_check(
            p.waste_class,
            p.waste_code,
            receiver_licensed=p.receiver_licensed,
            receiver_accepts_hazardous=bool(p.receiver_accepts_hazardous),
            hazard_test=bool(p.hazard_test),
        )
        if not np.isfinite(p.distance_m):
            reasons.append(
                "no_distance: the pair has no road path or location; "
                "give coordinates or a street network"
            )
        not_sym = str(p.get("not_symbiosis", "") or "")
        level, evidence_source, evidence_blocks = evidence_of(
            link, str(p.get("documented_source", "") or "")
        )
        notes = []
        if link is not None and link["status"] != "published":
            notes.append(f"catalogue link {p.link_id} is {link['status']}")
        if p.waste_class == "unverified":
            notes.append(
                "class unverified: hazard test recorded, no waste code"
                if bool(p.hazard_test)
                else f"{UNVERIFIED_FLAG} [{RULE_UNRESOLVED}]"
            )
        elif p.waste_class == "ordinary" and not not_sym:
            notes.append(f"raw-material use allowed [{RULE_ORDINARY}]")
        blocks = [b for b in str(p.get("plan_blocks", "") or "").split("; ") if b]
        baseline = float(str(p.get("baseline_co2e_kg_per_t", np.nan)))
        values = _per_t_values(
            p.waste_class,
            link,
            float(p.distance_m),
            price_vnd_per_t=float(p.price_vnd_per_t),
            processing_vnd_per_t=float(p.processing_vnd_per_t),
            province=province,
            baseline_co2e_kg_per_t=baseline,
        )
        rows.append(
            {
                **values,
                "status": "not_symbiosis" if not_sym else "rejected" if reasons else "feasible",
                "reasons": "; ".join(([not_sym] if not_sym else []) + reasons + notes),
                "_blocking": len(reasons),
                "plan_blocks": "; ".join(blocks + evidence_blocks),
                "evidence_level": level,
                "evidence_source": evidence_source,
                "co2e_basis": _co2e_basis(p, link, baseline),
                "landfill_ef_basis": _landfill_basis(p.waste_class, link),
                "link_status": "" if link is None else str(link["status"]),
            }
        )
    scored = pd.DataFrame(rows, index=pairs.index)
    kept = pairs.drop(columns=[c for c in scored.columns if c in pairs.columns])
    return pd.concat([kept, scored], axis=1)


# --------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------


def choose_objective(candidates: pd.DataFrame, objective: str) -> str:
    """Resolve ``auto`` to ``vnd`` (every feasible net value known) or ``t``.

    Parameters
    ----------
    candidates
        Candidate exchanges: ``status`` and ``net_vnd_per_t`` (VND/t, NaN when unknown).
    objective
        One of :data:`OBJECTIVES`: ``auto``, ``t``, ``vnd`` or ``co2e``.

    Returns
    -------
    str
        ``objective`` itself, or for ``auto``: ``vnd`` when there is a feasible candidate
        and every feasible one has a finite net value, else ``t``.

    Raises
    ------
    eipgeo._errors.UsageError
        ``objective`` is not one of :data:`OBJECTIVES`.
    """
    if objective not in OBJECTIVES:
        msg = f"unknown objective '{objective}'; use one of {', '.join(OBJECTIVES)}"
        raise UsageError(msg)
    if objective != "auto":
        return objective
    feasible = candidates[candidates.status == "feasible"]
    known = len(feasible) > 0 and bool(np.isfinite(feasible.net_vnd_per_t).all())
    return "vnd" if known else "t"


def solve_exchanges(
    candidates: pd.DataFrame,
    supply_t: dict[str, float],
    demand_t: dict[str, float],
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
    first = snap_to_limits(_linprog(-gain, a_rows, b, ub), a_rows, b, ub)
    if objective != "t":
        return first
    best_t = float(first.sum())
    km = candidates.distance_m.to_numpy(dtype=float) / 1000.0
    tie = km + 1e-6 * np.arange(n)  # deterministic tie-break on equal distances
    a2 = np.vstack([a_rows, -np.ones((1, n))]) if len(a_rows) else -np.ones((1, n))
    b2 = np.append(b, -best_t * (1 - 1e-9))
    return snap_to_limits(_linprog(tie, a2, b2, ub), a_rows, b, ub)


LP_TOLERANCE = 1e-6
"""Relative tolerance within which an LP value is snapped to the limit it meets."""


def snap_to_limits(
    x: np.ndarray, a: np.ndarray, b: np.ndarray, ub: np.ndarray, *, rtol: float = LP_TOLERANCE
) -> np.ndarray:
    """Snap LP values to the limits they meet within the solver's tolerance.

    HiGHS meets a limit to within its feasibility tolerance (and the tie-break pass above
    keeps the total only to ``1 - 1e-9`` of the best), so an offer of 2,000,000 t/yr
    fully taken comes back as 1,999,999.998. Each value within ``rtol`` (relative, at
    least 1e-9 t absolute) of 0, of its own upper bound, or of what a limit row leaves
    for it once the others are counted, becomes that figure exactly.

    Parameters
    ----------
    x
        The LP's values, t/yr.
    a, b
        The limit rows (``a @ x ≤ b``): one row per supply or demand limit, 0/1.
    ub
        Upper bound of each value, t/yr (``inf`` = none).
    rtol
        Relative tolerance; default :data:`LP_TOLERANCE`.

    Returns
    -------
    numpy.ndarray
        The snapped values (a copy).
    """
    out = np.asarray(x, dtype=float).copy()
    for i in range(out.size):
        targets = [0.0, float(ub[i])]
        for k in np.nonzero(a[:, i])[0] if len(a) else []:
            others = float(a[k] @ out - out[i])
            targets += [float(b[k]), float(b[k]) - others]
        for t in targets:
            if np.isfinite(t) and t >= 0 and abs(out[i] - t) <= max(rtol * abs(t), 1e-9):
                out[i] = t
                break
    return out


def _limit_rows(
    candidates: pd.DataFrame, supply_t: dict[str, float], demand_t: dict[str, float]
) -> tuple[np.ndarray, np.ndarray]:
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
    res = linprog(
        c,
        A_ub=a if len(a) else None,
        b_ub=b if len(b) else None,
        bounds=list(zip(np.zeros_like(ub), ub, strict=True)),
        method="highs",
    )
    if res.status != 0:
        msg = f"the exchange plan could not be solved: {res.message}"
        raise InfeasibleError(msg)
    x = np.where(res.x > 1e-9, res.x, 0.0)
    return np.asarray(x, dtype=float)


def plan_symbiosis(
    pairs: pd.DataFrame,
    supply_t: dict[str, float],
    demand_t: dict[str, float],
    *,
    objective: str = "auto",
    problems: list[Problem] | None = None,
    materials: pd.DataFrame | None = None,
    unknown_demand: str = "candidate",
    province: str | None = None,
) -> SymbiosisResult:
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
        :data:`eipgeo.symbiosis.demand.UNKNOWN_DEMAND_RULES` (default ``candidate``: such a
        pair is listed to investigate with "demand unknown", never planned).
    province
        The park's province, for the avoided-disposal prices.

    Returns
    -------
    SymbiosisResult
        An empty plan is not an error: ``totals`` then says "no feasible exchange" and
        the candidates table keeps the nearest misses with their reasons.
    """
    scored = score_candidates(pairs, province=province) if len(pairs) else _empty_scored()
    for col in ("plan_blocks", "unit", "demand_status"):
        if col not in scored.columns:
            scored[col] = "t/yr" if col == "unit" else ""
    demand_t = apply_unknown_demand(scored, demand_t, unknown_demand)
    if unknown_demand == "candidate" and len(scored):
        unknown = ~scored.demand_key.isin(list(demand_t))
        scored.loc[unknown, "plan_blocks"] = [
            "; ".join(b for b in (str(v), DEMAND_UNKNOWN) if b)
            for v in scored.loc[unknown, "plan_blocks"]
        ]
    eligible = scored[(scored.status == "feasible") & (scored.plan_blocks.astype(str) == "")]
    used = choose_objective(eligible, objective)
    x = solve_exchanges(eligible, supply_t, demand_t, used)
    scored["chosen_t_per_yr"] = 0.0
    scored.loc[eligible.index, "chosen_t_per_yr"] = np.round(x, 3)
    scored["plan_status"] = [
        "plan" if t > 0 else "candidate" if st == "feasible" else st
        for t, st in zip(scored.chosen_t_per_yr, scored.status, strict=True)
    ]
    scored["why_not_in_plan"] = [
        ""
        if ps == "plan"
        else str(b)
        if b
        else "supply or receiver demand taken by better exchanges"
        if ps == "candidate"
        else str(r).split(" [")[0]
        for ps, b, r in zip(scored.plan_status, scored.plan_blocks, scored.reasons, strict=True)
    ]
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
            "; streams without candidates: " + ", ".join(unmatched[:12])
        )
    return SymbiosisResult(
        candidates=ranked,
        plan=plan,
        totals=totals,
        objective=used,
        problems=problems,
        materials=pd.DataFrame() if materials is None else materials,
    )


def _per_year(scored: pd.DataFrame) -> pd.DataFrame:
    """Add VND/yr and CO2e/yr at the chosen t/yr; a NaN value says why (vnd/co2e_note)."""
    t = scored.chosen_t_per_yr.astype(float)
    out = scored.assign(
        net_vnd_per_yr=(scored.net_vnd_per_t.astype(float) * t).round(0),
        co2e_cutoff_kg_per_yr=(scored.co2e_cutoff_kg_per_t.astype(float) * t).round(1),
        co2e_avoided_burden_kg_per_yr=(scored.co2e_avoided_burden_kg_per_t.astype(float) * t).round(
            1
        ),
    )
    out["vnd_note"] = [_vnd_note(r) for r in scored.itertuples()]
    links = read_links().set_index("link_id")  # once, not once per candidate
    out["co2e_note"] = [_co2e_note(r, links) for r in scored.itertuples()]
    return out


def _co2e_note(r: object, links: pd.DataFrame) -> str:
    """Why a CO2e figure is NaN (never a silent blank): the factor that is not published.

    ``links`` is the catalogue (:func:`read_links`) indexed by ``link_id``.
    """
    link_id = str(getattr(r, "link_id", ""))
    notes = []
    if not np.isfinite(float(str(getattr(r, "co2e_cutoff_kg_per_t", np.nan)))):
        notes.append(f"cut-off NaN: no landfill factor for class '{getattr(r, 'waste_class', '')}'")
    if not np.isfinite(float(str(getattr(r, "co2e_avoided_burden_kg_per_t", np.nan)))):
        if link_id not in links.index:
            notes.append("avoided-burden NaN: material not in the catalogue (no virgin factor)")
        else:
            link = links.loc[link_id]
            why = [
                f"{name} unverified"
                for name, col in (
                    ("substitution ratio", "substitution_ratio"),
                    (f"virgin factor of '{link['avoided_material']}'", "virgin_ef_kg_co2e_per_t"),
                )
                if not np.isfinite(float(str(link[col])))
            ] or ["cut-off part unknown"]
            notes.append(f"avoided-burden NaN: {' and '.join(why)} (link {link_id})")
    return "; ".join(notes)


def _vnd_note(r: object) -> str:
    """Why a net value is NaN: the parts whose price is not published."""
    parts = {
        "avoided purchase (virgin price unverified; give the buyer's price)": getattr(
            r, "avoided_purchase_vnd_per_t", np.nan
        ),
        "processing cost (not published; give processing_vnd_per_t)": getattr(
            r, "processing_vnd_per_t", np.nan
        ),
        "avoided disposal": getattr(r, "avoided_disposal_vnd_per_t", np.nan),
        "transport (no distance)": getattr(r, "transport_vnd_per_t", np.nan),
    }
    missing = [k for k, v in parts.items() if not np.isfinite(float(str(v)))]
    return ("VND/yr NaN, not 0: unknown " + ", ".join(missing)) if missing else ""


def _empty_scored() -> pd.DataFrame:
    cols = [*CANDIDATE_COLUMNS, "supply_key", "demand_key", "_blocking"]
    return pd.DataFrame(
        {c: pd.Series(dtype=float if c.endswith(("_t", "_m", "_yr")) else object) for c in cols}
    )


def _rank(scored: pd.DataFrame, objective: str) -> pd.DataFrame:
    key = {"t": "distance_m", "vnd": "net_vnd_per_t", "co2e": "co2e_cutoff_kg_per_t"}[objective]
    ascending = objective == "t"
    scored = scored.assign(
        _feasible=scored.status != "feasible",
        _chosen=-scored.chosen_t_per_yr,
        _blocking=pd.to_numeric(scored["_blocking"]).fillna(0),
    )
    ranked = scored.sort_values(
        ["_feasible", "_chosen", "_blocking", key, "distance_m"],
        ascending=[True, True, True, ascending, True],
        na_position="last",
        kind="stable",
    )
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
    unit = plan.unit if "unit" in plan.columns else pd.Series("t/yr", index=plan.index)
    tonnes = plan[unit.astype(str) == "t/yr"]
    diverted = tonnes[~tonnes.waste_class.isin(["energy", "water"])].chosen_t_per_yr.sum()
    status = ranked.get("plan_status", pd.Series(dtype=str))
    cutoff, cutoff_note = _known_sum(plan, "co2e_cutoff_kg_per_yr")
    rows: list[tuple[str, object, str, str]] = [
        (
            "objective",
            objective,
            "",
            "t = t/yr diverted (no complete prices); vnd = net value; co2e = cut-off CO2e",
        ),
        ("exchanges", len(plan), "pairs", "" if len(plan) else _no_feasible_note(ranked)),
        ("exchanged_t_per_yr", round(float(tonnes.chosen_t_per_yr.sum()), 3), "t/yr", ""),
        (
            "exchanged_m3_per_yr",
            round(float(plan.chosen_t_per_yr[unit.astype(str) == "m3/yr"].sum()), 1),
            "m3/yr",
            "water exchanges",
        ),
        (
            "exchanged_mwh_per_yr",
            round(float(plan.chosen_t_per_yr[unit.astype(str) == "MWh/yr"].sum()), 1),
            "MWh/yr",
            "energy exchanges",
        ),
        (
            "diverted_from_landfill_t_per_yr",
            round(float(diverted), 3),
            "t/yr",
            "waste streams only (energy and water excluded)",
        ),
        (
            "net_value_vnd_per_yr",
            _sum_or_nan(plan.net_vnd_per_yr),
            "VND/yr",
            "NaN when a price (purchase or processing) is not published; see candidates",
        ),
        (
            "co2e_saved_cutoff_kg_per_yr",
            cutoff,
            "kg CO2e/yr",
            "cut-off method (DESNZ): avoided treatment minus transport" + cutoff_note,
        ),
        (
            "co2e_saved_avoided_burden_kg_per_yr",
            _sum_or_nan(plan.co2e_avoided_burden_kg_per_yr),
            "kg CO2e/yr",
            "avoided-burden method (WARM-style): adds avoided virgin production; "
            "NaN while virgin factors are unverified",
        ),
        ("candidates_rejected", int((ranked.status == "rejected").sum()), "pairs", ""),
        (
            "candidates_to_investigate",
            int((status == "candidate").sum()),
            "pairs",
            "feasible pairs kept out of the plan: see why_not_in_plan",
        ),
        (
            "not_symbiosis",
            int((status == "not_symbiosis").sum()),
            "pairs",
            "treatment contracts and mixed waste: waste-management plan, not symbiosis",
        ),
    ]
    return pd.DataFrame(rows, columns=["key", "value", "unit", "note"])


def _no_feasible_note(ranked: pd.DataFrame) -> str:
    waiting = candidates_to_investigate_frame(ranked)
    if len(waiting):
        return (
            f"no plan exchange yet: {len(waiting)} candidates to investigate "
            "(why_not_in_plan says what would move each into the plan)"
        )
    misses = ranked[ranked.status == "rejected"].head(NEAREST_MISSES)
    if misses.empty:
        return "no feasible exchange: no candidate pair (no catalogue link or receiver matched)"
    near = " | ".join(
        f"{r.supplier_name} -> {r.receiver_name} ({r.material}): {str(r.reasons).split(' [')[0]}"
        for r in misses.itertuples()
    )
    return f"no feasible exchange; nearest misses: {near}"


EVIDENCE_ORDER = {"documented_running": 0, "reported": 1, "potential": 2}
"""Candidates to investigate are listed best-evidenced first."""


def candidates_to_investigate_frame(candidates: pd.DataFrame) -> pd.DataFrame:
    """Return the feasible pairs kept out of the plan, best evidence and largest offer first.

    Parameters
    ----------
    candidates
        :attr:`SymbiosisResult.candidates` (``plan_status``, ``evidence_level``,
        ``supply_t_per_yr``, ``why_not_in_plan``).

    Returns
    -------
    pandas.DataFrame
        The rows whose ``plan_status`` is ``candidate``, one per (supplier, stream,
        receiver) (the best-evidenced link kept) and none for a pair already planned by
        another link, re-indexed from 0.
    """
    if "plan_status" not in candidates.columns:
        return candidates.iloc[0:0]
    keys = ["supplier_id", "stream", "receiver_id"]
    planned = set(
        map(tuple, candidates.loc[candidates.plan_status == "plan", keys].astype(str).to_numpy())
    )
    cand = candidates[candidates.plan_status == "candidate"]
    fresh = [tuple(k) not in planned for k in cand[keys].astype(str).to_numpy()]
    cand = cand.loc[np.array(fresh, dtype=bool)]
    if cand.empty or "evidence_level" not in cand.columns:
        return cand.reset_index(drop=True)
    order = cand.evidence_level.map(EVIDENCE_ORDER).fillna(3)
    cand = cand.assign(_order=order, _qty=-cand.supply_t_per_yr.astype(float))
    cand = cand.sort_values(["_order", "_qty", "distance_m"], kind="stable")
    cand = cand.drop_duplicates(["supplier_id", "stream", "receiver_id"])
    return cand.drop(columns=["_order", "_qty"]).reset_index(drop=True)


def candidates_to_investigate(result: SymbiosisResult) -> pd.DataFrame:
    """Return a result's candidates to investigate (see :func:`candidates_to_investigate_frame`).

    Parameters
    ----------
    result
        What :func:`plan_symbiosis` returned.

    Returns
    -------
    pandas.DataFrame
        The candidates, apart from the plan.
    """
    return candidates_to_investigate_frame(result.candidates)
