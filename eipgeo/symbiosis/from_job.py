"""Symbiosis in a park: candidate pairs from a job's streams, tenants and facilities.

A park job (:mod:`eipgeo.jobs`) calls :func:`symbiosis_for_sites` once with its sites,
streams, facilities and site matrix; the result is kept on the job's result and every
table, map and report reads it from there.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from eipgeo import coefficients, matrix, network
from eipgeo._errors import Problem
from eipgeo._text import normalise_code
from eipgeo.symbiosis.catalogue import _split, class_of, links_for_material
from eipgeo.symbiosis.demand import demand_of
from eipgeo.symbiosis.plan import SymbiosisResult, plan_symbiosis


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
                    }
                ),
            ],
            ignore_index=True,
        )
    return rec


def _distance(
    result_matrix: matrix.SiteMatrix | None,
    a: str,
    b: str,
    a_xy: tuple[float, float],
    b_xy: tuple[float, float],
    circuity: float,
) -> tuple[float, str]:
    ids = result_matrix.site_ids if result_matrix is not None else []
    if result_matrix is not None and a in ids and b in ids:
        i, j = ids.index(a), ids.index(b)
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


def pairs_from_sites(
    sites: pd.DataFrame,
    streams: pd.DataFrame,
    facilities: pd.DataFrame,
    site_matrix: matrix.SiteMatrix | None,
) -> tuple[pd.DataFrame, dict[str, float], list[Problem]]:
    """Build candidate pairs in a park: its streams against its tenants and facilities.

    A stream matches catalogue links by ``waste_code`` first, then by ``stream`` name; a
    receiver matches a link by its ISIC Rev.4 class or its facility ``kind``. Distances
    come from the site matrix where both ends are in it, else great-circle x
    ``circuity_factor`` (labelled ``estimate_circuity``).

    Parameters
    ----------
    sites
        The job's sites (``site_id``, ``name``, ``role``, ``lon``, ``lat``, EPSG:4326,
        ``isic4_class``).
    streams
        The job's streams (``site_id``, ``stream``, ``waste_code``, ``waste_class``,
        ``waste_t_per_yr``).
    facilities
        The park's facilities (``id``, ``name``, ``kind``, ``accepts``, ``lon``, ``lat``,
        ``capacity_t_per_day``).
    site_matrix
        Road distances among the sites (m), or ``None``.

    Returns
    -------
    tuple
        Pairs (see :func:`plan_symbiosis`), supply limits in t/yr, and warnings.
    """
    receivers = _receivers(sites, facilities)
    by_id = sites.set_index(sites.site_id.astype(str))
    circuity = coefficients.get("circuity_factor").value
    offered = streams.groupby(
        ["site_id", "stream", "waste_code", "waste_class"], as_index=False, dropna=False
    )["waste_t_per_yr"].sum()
    rows, supply_t = [], {}
    # Links per (stream, code) and receivers per link are looked up once, not once per
    # stream and site: a 100-tenant park has ~600 streams (issue 24's recompute target).
    links_of: dict[tuple[str, str], list[Any]] = {}
    takers_of: dict[tuple[str, str], list[Any]] = {}
    for s in offered.itertuples():
        sid = str(s.site_id)
        supply_key = f"{sid}|{s.stream}"
        supply_t[supply_key] = float(s.waste_t_per_yr)
        code = normalise_code(s.waste_code)
        cls = class_of(s.waste_class, code)
        xy = (float(str(by_id.at[sid, "lon"])), float(str(by_id.at[sid, "lat"])))
        hazard_test = bool(by_id.get("hazard_test", pd.Series(dtype=bool)).get(sid, False))
        material = (str(s.stream), str(code))
        if material not in links_of:
            links_of[material] = list(links_for_material(s.stream, code).itertuples())
        for link in links_of[material]:
            link_key = (str(link.receiver_isic4), str(link.receiver_kinds))
            if link_key not in takers_of:
                isic, kinds = set(_split(link.receiver_isic4)), set(_split(link.receiver_kinds))
                takers_of[link_key] = list(
                    receivers[receivers.isic4.isin(isic) | receivers.kind.isin(kinds)].itertuples()
                )
            for r in (r for r in takers_of[link_key] if r.receiver_id != sid):
                dist, src = _distance(
                    site_matrix,
                    sid,
                    str(r.receiver_id),
                    xy,
                    (float(str(r.lon)), float(str(r.lat))),
                    circuity,
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
                        "supplier_name": str(by_id.at[sid, "name"]),
                        "receiver_id": r.receiver_id,
                        "receiver_name": r.receiver_name,
                        "stream": s.stream,
                        "material": link.supply_group,
                        "waste_code": code,
                        "waste_class": cls,
                        "link_id": link.link_id,
                        "receiver_process": link.receiver_process,
                        "supply_t_per_yr": float(s.waste_t_per_yr),
                        "demand_t_per_yr": limit,
                        "distance_m": dist,
                        "distance_source": src,
                        "receiver_licensed": r.licensed,
                        "receiver_accepts_hazardous": bool(r.accepts_hazardous),
                        "hazard_test": hazard_test,
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
    unmatched = sorted(set(offered.stream) - set(pairs.get("stream", pd.Series(dtype=str))))
    problems = [
        Problem(
            f"stream '{name}' has no exchange candidate: no catalogue link, or "
            "no receiver of a linked class in this park",
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
    unknown_demand: str = "one_supplier",
    province: str | None = None,
) -> SymbiosisResult:
    """Plan a park's (or UIS case's) exchanges from its sites, streams and facilities.

    Receiver demand limits come from :mod:`eipgeo.symbiosis.demand` (sourced intakes,
    facility capacities); an unknown demand follows ``unknown_demand`` (default: capped at
    the largest single feasible offer) and ``demand_status`` says so.

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

    Returns
    -------
    SymbiosisResult
        Candidates, plan, totals and warnings.

    Raises
    ------
    UsageError
        Unknown objective or demand rule.
    """
    pairs, supply_t, problems = pairs_from_sites(sites, streams, facilities, site_matrix)
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
