"""Symbiosis in a park: candidate pairs from a job's streams, tenants and facilities.

A park job (:mod:`eipgeo.jobs`) calls :func:`symbiosis_for_sites` once with its sites,
streams, facilities and site matrix; the result is kept on the job's result and every
table, map and report reads it from there.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from eipgeo import coefficients, matrix, network
from eipgeo._errors import Problem
from eipgeo._text import normalise_code
from eipgeo.symbiosis.capability import (
    RULE_MIXED,
    RULE_TREATMENT_CONTRACT,
    TREATMENT_KINDS,
    capability,
    documented_exchange,
    inferable_processes,
    named_processes,
    read_utility_offers,
)
from eipgeo.symbiosis.catalogue import _split, class_of, links_for_material
from eipgeo.symbiosis.demand import demand_of
from eipgeo.symbiosis.names import material_name
from eipgeo.symbiosis.plan import SymbiosisResult, plan_symbiosis

BASELINE_NOTE = "the stream's baseline pathway in the inventory"


def _receivers(sites: pd.DataFrame, facilities: pd.DataFrame) -> pd.DataFrame:
    sites = sites[sites.role == "client"]
    rec = pd.DataFrame(
        {
            "receiver_id": sites.site_id.astype(str),
            "receiver_name": sites["name"].astype(str),
            "lon": sites.lon.astype(float),
            "lat": sites.lat.astype(float),
            "isic4": sites.get("isic4_class", pd.Series("", index=sites.index))
            .astype(str)
            .str.replace(r"\.0$", "", regex=True),
            "kind": "enterprise",
            "licensed": [set() for _ in range(len(sites))],
            "accepts_hazardous": False,
            "capacity_t_per_yr": np.nan,
        }
    )
    declared = sites.get("processes", pd.Series("", index=sites.index)).fillna("").astype(str)
    named = [named_processes(n) for n in sites["name"]]
    processes: list[set[str]] = [
        set(_split(d)) or n[0] for d, n in zip(declared, named, strict=True)
    ]
    rec["processes"] = pd.Series(processes, index=rec.index, dtype=object)
    rec["process_basis"] = [
        "declared in the sites table" if d.strip() else n[1]
        for d, n in zip(declared, named, strict=True)
    ]
    fac = facilities
    if len(fac):
        fac = fac[np.isfinite(pd.to_numeric(fac["lon"], errors="coerce"))]
        rec = pd.concat(
            [
                rec,
                pd.DataFrame(
                    {
                        "receiver_id": fac["id"].astype(str),
                        "receiver_name": fac["name"].astype(str),
                        "lon": fac.lon.astype(float),
                        "lat": fac.lat.astype(float),
                        "isic4": "",
                        "kind": fac["kind"].astype(str),
                        "licensed": [set() for _ in range(len(fac))],
                        "accepts_hazardous": fac["accepts"].astype(str).str.contains("hazardous"),
                        "capacity_t_per_yr": 365.0
                        * pd.to_numeric(
                            fac.get("capacity_t_per_day", pd.Series(np.nan, index=fac.index)),
                            errors="coerce",
                        ),
                        "processes": [set() for _ in range(len(fac))],
                        "process_basis": "",
                    }
                ),
            ],
            ignore_index=True,
        )
    return rec


MIXED_MATERIALS = frozenset({"mixed"})
"""``waste_catalogue.csv`` materials that are mixed, unsorted waste (never an exchange)."""


def is_mixed(stream: object, code: object) -> bool:
    """Return whether a stream is mixed, unsorted waste (by its code's material or its name).

    Parameters
    ----------
    stream
        The stream's name (``industrial_ordinary_mixed``, ``rác hỗn hợp``, ...).
    code
        Its waste code; a code whose ``waste_catalogue.csv`` material is ``mixed`` is mixed.

    Returns
    -------
    bool
        True for mixed or unsorted waste.
    """
    name = str(stream or "").casefold()
    if "mixed" in name or "hỗn hợp" in name or "unsorted" in name:
        return True
    return _catalogue_material(normalise_code(code)) in MIXED_MATERIALS


def _catalogue_material(code: str) -> str:
    table = _waste_catalogue()
    return table.get(code, "")


_CATALOGUE: dict[str, str] = {}


def _waste_catalogue() -> dict[str, str]:
    if not _CATALOGUE:
        with (
            resources.files("eipgeo.data")
            .joinpath("waste_catalogue.csv")
            .open(encoding="utf-8") as f
        ):
            own = pd.read_csv(f, dtype=str, keep_default_na=False)
        _CATALOGUE.update(
            {normalise_code(c): str(m) for c, m in zip(own.code, own.material, strict=True)}
        )
    return _CATALOGUE


def _named_match(named: set[str], pids: list[str], group: str) -> tuple[str, list[str]] | None:
    """Return the first named process that takes ``group`` and its plan blocks, or None."""
    for pid in (p for p in pids if p in named):
        cap = capability(pid, group)
        if cap.accepts:
            unverified = cap.status == "unverified"
            return pid, [f"capability unverified: {cap.rule}"] if unverified else []
    return None


def match_receiver(
    r: object, link: object, *, mixed: bool
) -> tuple[str, str, list[str], str] | None:
    """Return how receiver ``r`` may take material by ``link``, or ``None`` when it cannot.

    Parameters
    ----------
    r
        A receiver row (``kind``, ``isic4``, ``processes``, ``process_basis``).
    link
        A catalogue link row (``supply_group``, ``process_id``, ``receiver_isic4``,
        ``receiver_kinds``).
    mixed
        The stream is mixed, unsorted waste.

    Returns
    -------
    tuple or None
        ``(process_id, process_basis, plan_blocks, not_symbiosis)``: the receiver's process
        used, why it is known, the reasons the pair can only be a candidate, and the reason
        it is not symbiosis at all (``""`` when it is).

    Notes
    -----
    In order: a waste-treatment facility (:data:`~eipgeo.symbiosis.capability.TREATMENT_KINDS`)
    is a treatment contract; a receiver with named processes matches only through a process
    that takes the material (``symbiosis_capabilities.csv``); a facility of a kind the link
    lists matches by kind; otherwise a process may be inferred from the ISIC class, and the
    pair stays a candidate.
    """
    kind, isic = str(getattr(r, "kind", "")), str(getattr(r, "isic4", ""))
    pids = _split(getattr(link, "process_id", ""))
    group = str(getattr(link, "supply_group", ""))
    kinds, classes = (
        set(_split(getattr(link, "receiver_kinds", ""))),
        set(_split(getattr(link, "receiver_isic4", ""))),
    )
    not_sym = RULE_MIXED if mixed else ""
    if kind in TREATMENT_KINDS:
        treat: tuple[str, str, list[str], str] = (
            "licensed waste treatment",
            f"facility kind {kind}",
            [],
            RULE_TREATMENT_CONTRACT,
        )
        return treat if kind in kinds else None
    named: set[str] = set(getattr(r, "processes", set()) or set())
    if named:
        found = _named_match(named, pids, group)
        if found is None:
            return None
        return found[0], str(getattr(r, "process_basis", "")), found[1], not_sym
    if kind != "enterprise" and kind in kinds:
        return (pids[0] if pids else ""), f"facility kind {kind}", [], not_sym
    inferred = [
        pid
        for pid in (inferable_processes(isic, pids) if isic in classes else [])
        if capability(pid, group).accepts
    ]
    if not inferred:
        return None
    why = (
        f"receiver process inferred from its ISIC class {isic}: confirm it runs "
        f"{inferred[0]} and takes {material_name(material=group)[0]}"
    )
    return inferred[0], f"inferred from ISIC {isic}", [why], not_sym


def _distance(
    result_matrix: matrix.SiteMatrix | None,
    a: str,
    b: str,
    a_xy: tuple[float, float],
    b_xy: tuple[float, float],
    circuity: float,
    position: dict[str, int] | None = None,
) -> tuple[float, str]:
    at = _positions(result_matrix) if position is None else position
    if result_matrix is not None and a in at and b in at:
        i, j = at[a], at[b]
        value = float(result_matrix.values[i, j])
        return (value if np.isfinite(value) else np.nan), str(result_matrix.source[i, j])
    m = (
        float(
            network.haversine_m(
                np.array(a_xy[0]), np.array(a_xy[1]), np.array(b_xy[0]), np.array(b_xy[1])
            )
        )
        * circuity
    )
    return m, "estimate_circuity"


def _positions(result_matrix: matrix.SiteMatrix | None) -> dict[str, int]:
    """Return each site id's first row in the matrix (``{}`` without a matrix)."""
    out: dict[str, int] = {}
    for i, site in enumerate(result_matrix.site_ids if result_matrix is not None else []):
        out.setdefault(site, i)
    return out


def _offers(streams: pd.DataFrame, by_id: pd.DataFrame) -> list[dict[str, object]]:
    """Return the job's waste streams as offers, with their inventory baseline CO2e per t."""
    cols = ["site_id", "stream", "waste_code", "waste_class"]
    agg: dict[str, tuple[str, object]] = {"waste_t_per_yr": ("waste_t_per_yr", "sum")}
    if "co2e_kg_per_yr" in streams.columns:
        agg["co2e_kg_per_yr"] = ("co2e_kg_per_yr", lambda c: c.sum(min_count=1))
    if "pathway" in streams.columns:
        agg["pathway"] = ("pathway", lambda p: "; ".join(sorted({str(v) for v in p})))
    offered = streams.groupby(cols, as_index=False, dropna=False).agg(**agg)
    # A share the inventory already sends to a named receiver (fate ``reuse:<id>``): an
    # exchange to that receiver is the status quo, so its baseline is that share's own CO2e.
    fated: dict[tuple[str, str], dict[str, tuple[float, str]]] = {}
    if {"fate", "co2e_kg_per_yr"} <= set(streams.columns):
        for r in streams[streams["fate"].astype(str).str.startswith("reuse:")].itertuples():
            t_r = float(str(r.waste_t_per_yr))
            if t_r > 0:
                receiver = str(r.fate).removeprefix("reuse:")
                fated.setdefault((str(r.site_id), str(r.stream)), {})[receiver] = (
                    float(str(r.co2e_kg_per_yr)) / t_r,
                    f"{r.pathway} (the inventory already sends {t_r:,.0f} t/yr to {receiver})",
                )
    # each site's name, position and hazard test, looked up once (not per offer)
    ids = [str(i) for i in by_id.index]
    name_of = dict(zip(ids, by_id["name"], strict=True))
    xy_of = dict(zip(ids, zip(by_id["lon"], by_id["lat"], strict=True), strict=True))
    tested = dict(zip(ids, by_id["hazard_test"], strict=True)) if "hazard_test" in by_id else {}
    out = []
    for s in offered.to_dict("records"):
        sid = str(s["site_id"])
        t = float(s["waste_t_per_yr"])
        co2e = float(s.get("co2e_kg_per_yr", np.nan))
        out.append(
            {
                "sid": sid,
                "name": str(name_of[sid]),
                "stream": s["stream"],
                "code": normalise_code(s["waste_code"]),
                "class_label": s["waste_class"],
                "qty": t,
                "unit": "t/yr",
                "xy": (float(str(xy_of[sid][0])), float(str(xy_of[sid][1]))),
                "hazard_test": bool(tested.get(sid, False)),
                "baseline_pathway": str(s.get("pathway", "")),
                "baseline_co2e_kg_per_t": co2e / t if t > 0 and np.isfinite(co2e) else np.nan,
                "fated": fated.get((sid, str(s["stream"])), {}),
                "offer_source": "",
            }
        )
    return out


def _fated(offer: dict[str, object], receiver_id: str) -> tuple[float, str]:
    """Return an offer's baseline CO2e (kg/t) and pathway for an exchange to ``receiver_id``."""
    fated = offer.get("fated") or {}
    assert isinstance(fated, dict)
    if receiver_id in fated:
        return fated[receiver_id]  # type: ignore[no-any-return]
    return float(str(offer["baseline_co2e_kg_per_t"])), str(offer["baseline_pathway"])


def _utility_offers(park: str) -> list[dict[str, object]]:
    """Return a park's water and energy by-products (``symbiosis_utility_offers.csv``)."""
    table = read_utility_offers()
    return [
        {
            "sid": str(u.supplier_id),
            "name": str(u.supplier_name),
            "stream": str(u.stream),
            "code": "",
            "class_label": str(u.waste_class),
            "qty": float(str(u.quantity)),
            "unit": str(u.unit),
            "xy": (float(str(u.lon)), float(str(u.lat))),
            "hazard_test": False,
            "baseline_pathway": "",
            "baseline_co2e_kg_per_t": np.nan,
            "offer_source": f"{u.basis} ({u.source}; {u.url}; {u.status})",
        }
        for u in table[table.park == park].itertuples()
    ]


def pairs_from_sites(
    sites: pd.DataFrame,
    streams: pd.DataFrame,
    facilities: pd.DataFrame,
    site_matrix: matrix.SiteMatrix | None,
    *,
    park: str = "",
) -> tuple[pd.DataFrame, dict[str, float], list[Problem]]:
    """Build candidate pairs in a park: its streams against its tenants and facilities.

    A stream matches catalogue links by ``waste_code`` first, then by ``stream`` name; a
    receiver matches a link by the process it runs (:func:`match_receiver`). Distances
    come from the site matrix where both ends are in it, else great-circle x
    ``circuity_factor`` (labelled ``estimate_circuity``).

    Parameters
    ----------
    sites
        The job's sites (``site_id``, ``name``, ``role``, ``lon``, ``lat``, EPSG:4326,
        ``isic4_class``; optional ``processes``, ``;``-separated process ids of
        ``symbiosis_capabilities.csv``).
    streams
        The job's streams (``site_id``, ``stream``, ``waste_code``, ``waste_class``,
        ``waste_t_per_yr``; with ``pathway`` and ``co2e_kg_per_yr`` the baseline of the
        avoided CO2e).
    facilities
        The park's facilities (``id``, ``name``, ``kind``, ``accepts``, ``lon``, ``lat``,
        ``capacity_t_per_day``).
    site_matrix
        Road distances among the sites (m), or ``None``.
    park
        The park slug: its documented exchanges and its water and energy by-products
        (``symbiosis_documented.csv``, ``symbiosis_utility_offers.csv``); ``""`` for none.

    Returns
    -------
    tuple
        Pairs (see :func:`plan_symbiosis`), supply limits (t/yr, or the offer's ``unit``),
        and warnings.
    """
    receivers = _receivers(sites, facilities)
    by_id = sites.set_index(sites.site_id.astype(str))
    circuity = coefficients.get("circuity_factor").value
    offers = _offers(streams, by_id) + _utility_offers(park)
    rows, supply_t = [], {}
    links_of: dict[tuple[str, str], list[Any]] = {}
    # Built once per call (issue 24's recompute): the receivers' rows, each site's matrix
    # position, and how a receiver takes a link (a pure function of the two rows).
    receiver_rows = list(receivers.itertuples())
    position = _positions(site_matrix)
    matched: dict[tuple[int, Any, bool], tuple[str, str, list[str], str] | None] = {}
    for o in offers:
        sid, xy = str(o["sid"]), o["xy"]
        assert isinstance(xy, tuple)
        supply_key = f"{sid}|{o['stream']}"
        supply_t[supply_key] = float(str(o["qty"]))
        cls = class_of(o["class_label"], o["code"])
        mixed = is_mixed(o["stream"], o["code"])
        material = (str(o["stream"]), str(o["code"]))
        if material not in links_of:  # looked up once per material (issue 24's recompute)
            links_of[material] = list(links_for_material(o["stream"], o["code"]).itertuples())
        for link in links_of[material]:
            for k, r in enumerate(receiver_rows):
                if r.receiver_id == sid:
                    continue
                if (k, link.Index, mixed) not in matched:
                    matched[k, link.Index, mixed] = match_receiver(r, link, mixed=mixed)
                how = matched[k, link.Index, mixed]
                if how is None:
                    continue
                process_id, basis, blocks, not_sym = how
                dist, src = _distance(
                    site_matrix,
                    sid,
                    str(r.receiver_id),
                    xy,
                    (float(str(r.lon)), float(str(r.lat))),
                    circuity,
                    position,
                )
                key, limit, status = demand_of(
                    str(r.receiver_name),
                    str(link.link_id),
                    float(str(r.capacity_t_per_yr)),
                    str(r.receiver_id),
                    str(link.avoided_material),
                )
                rows.append(
                    {
                        "supply_key": supply_key,
                        "demand_key": key,
                        "demand_status": status,
                        "supplier_id": sid,
                        "supplier_name": o["name"],
                        "receiver_id": r.receiver_id,
                        "receiver_name": r.receiver_name,
                        "stream": o["stream"],
                        "material": link.supply_group,
                        "waste_code": o["code"],
                        "waste_class": cls,
                        "link_id": link.link_id,
                        "receiver_process": link.receiver_process,
                        "receiver_process_id": process_id,
                        "process_basis": basis,
                        "plan_blocks": "; ".join(blocks),
                        "not_symbiosis": not_sym,
                        "documented_source": documented_exchange(
                            park, sid, str(r.receiver_id), str(link.link_id)
                        ),
                        "offer_source": o["offer_source"],
                        "unit": o["unit"],
                        "baseline_pathway": _fated(o, str(r.receiver_id))[1],
                        "baseline_co2e_kg_per_t": _fated(o, str(r.receiver_id))[0],
                        "supply_t_per_yr": float(str(o["qty"])),
                        "demand_t_per_yr": limit,
                        "distance_m": dist,
                        "distance_source": src,
                        "receiver_licensed": r.licensed,
                        "receiver_accepts_hazardous": bool(r.accepts_hazardous),
                        "hazard_test": o["hazard_test"],
                        "price_vnd_per_t": np.nan,
                        "processing_vnd_per_t": np.nan,
                        "source_url": link.url,
                        "supplier_lon": xy[0],
                        "supplier_lat": xy[1],
                        "receiver_lon": float(str(r.lon)),
                        "receiver_lat": float(str(r.lat)),
                    }
                )
    pairs = drop_reciprocal(pd.DataFrame(rows))
    offered_names = {str(o["stream"]) for o in offers}
    unmatched = sorted(offered_names - set(pairs.get("stream", pd.Series(dtype=str))))
    problems = [
        Problem(
            f"stream '{name}' has no exchange candidate: no catalogue link, or "
            "no receiver in this park whose process takes it",
            code="no_candidate",
            value=name,
            severity="warning",
        )
        for name in unmatched
    ]
    return pairs, supply_t, problems


def drop_reciprocal(pairs: pd.DataFrame) -> pd.DataFrame:
    """Drop the smaller direction of two firms offering each other the same material.

    When A can send material group G to B and B can send G to A, both would count as
    diverted t/yr, yet a firm that takes G in does not ship its own G to its supplier.
    The direction whose supplier has the larger supply is kept (ties: smaller id sends).

    Parameters
    ----------
    pairs
        Candidate pairs: ``supplier_id``, ``receiver_id``, ``material`` (the material
        group) and ``supply_t_per_yr`` (t/yr).

    Returns
    -------
    pandas.DataFrame
        The pairs without the dropped directions, re-indexed from 0.
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


def symbiosis_for_sites(
    sites: pd.DataFrame,
    streams: pd.DataFrame,
    facilities: pd.DataFrame,
    site_matrix: matrix.SiteMatrix | None,
    *,
    objective: str = "auto",
    unknown_demand: str = "candidate",
    province: str | None = None,
    park: str = "",
) -> SymbiosisResult:
    """Plan a park's (or UIS case's) exchanges from its sites, streams and facilities.

    Receiver demand limits come from :mod:`eipgeo.symbiosis.demand` (sourced intakes,
    facility capacities); an unknown demand follows ``unknown_demand`` (default
    ``candidate``: the pair is a candidate with the reason "demand unknown", never a plan
    exchange) and ``demand_status`` says so.

    Parameters
    ----------
    sites, streams, facilities, site_matrix
        As :func:`pairs_from_sites`.
    objective
        What the plan maximises (:data:`eipgeo.symbiosis.plan.OBJECTIVES`).
    unknown_demand
        Rule for receivers whose intake is not published
        (:data:`eipgeo.symbiosis.demand.UNKNOWN_DEMAND_RULES`).
    province
        The park's province: avoided disposal at its prices (``prices.csv``).
    park
        The park slug, for its documented exchanges and water and energy by-products.

    Returns
    -------
    SymbiosisResult
        Candidates, plan, totals and warnings.

    Raises
    ------
    UsageError
        Unknown objective or demand rule.
    """
    pairs, supply_t, problems = pairs_from_sites(sites, streams, facilities, site_matrix, park=park)
    demand_t: dict[str, float] = {}
    if len(pairs):
        known = pairs[np.isfinite(pairs.demand_t_per_yr.astype(float))]
        demand_t = {
            str(k): float(v) for k, v in zip(known.demand_key, known.demand_t_per_yr, strict=True)
        }
    return plan_symbiosis(
        pairs,
        supply_t,
        demand_t,
        objective=objective,
        problems=problems,
        unknown_demand=unknown_demand,
        province=province,
    )
