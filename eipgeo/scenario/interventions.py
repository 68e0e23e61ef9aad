"""Interventions and their feasibility cases: RECP measures, symbiosis exchanges, shared facilities.

An intervention is declared in a scenario file (``interventions:``) and is one of:

* ``recp``: a RECP measure at one enterprise, cutting its streams by ``reduction_pct``;
* ``exchange``: one symbiosis exchange of the scenario's exchange plan (supplier, receiver,
  waste code);
* ``facility``: a shared facility of the scenario (a hub sited by p-median, or a facility
  the scenario adds).

Each has capex and opex in VND by year, savings (avoided disposal, avoided purchase,
transport change, revenue), a lifetime, a start year and a CO2e change per year. Values
come from the model's own results where they exist (``origin = "model"``) and from the
scenario file where they do not (``origin = "user"``); :class:`FeasibilityCase` keeps
that mark on every assumption. The appraisal itself is :mod:`eipgeo.appraisal`; the
sheet is :mod:`eipgeo.outputs.feasibility`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, Point

from eipgeo import appraisal, coefficients, parks
from eipgeo._errors import UsageError, ValidationError
from eipgeo.data import prices
from eipgeo.jobs import onward
from eipgeo.jobs.result import JobResult
from eipgeo.routing.model import HAZARDOUS_GROUP
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.result import ScenarioRun
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import InterventionSpec, Scenario, scenario_problem
from eipgeo.symbiosis.catalogue import read_links
from eipgeo.symbiosis.names import material_name

__all__ = [
    "PROMISE_COLUMNS",
    "AnnualModel",
    "FeasibilityCase",
    "InterventionSpec",
    "annual_model",
    "appraise_case",
    "base_drivers",
    "cash_flow_table",
    "feasibility_case",
    "find_intervention",
    "promises",
]


@dataclass
class FeasibilityCase:
    """Everything a feasibility sheet shows for one intervention.

    Attributes
    ----------
    spec
        The intervention as declared.
    park_slug, park_name, scenario_name
        Where it is.
    summary
        One paragraph: what is done, by whom, with which quantities.
    assumptions
        ``item, value, unit, origin, source`` rows; ``origin`` is ``model`` or ``user``.
    cash_flows
        One row per year (``year`` int, first = capex year): ``capex_vnd``, ``opex_vnd``,
        ``avoided_disposal_vnd``, ``avoided_purchase_vnd``, ``transport_change_vnd``
        (negative = extra cost), ``revenue_vnd``, ``net_vnd``, ``cumulative_vnd``,
        ``discount_factor``, ``discounted_net_vnd``, ``diverted_t``, ``co2e_change_kg``
        (negative = reduction).
    appraisal
        ``metric, value, unit, formula, note`` rows: simple payback, NPV, IRR, levelised
        cost per t diverted, abatement cost per t CO2e.
    benefit_split
        ``party, role, benefit_vnd_per_yr, share_pct`` (exchanges: supplier and receiver).
    sensitivity
        Tornado rows: ``driver, change_pct, low_value, high_value, unit, npv_low_vnd,
        npv_high_vnd, swing_vnd``, largest swing first.
    break_even
        ``driver, value, unit, base_value, note`` rows (e.g. the gate fee at which NPV = 0).
    flows
        ``from_id, from_name, to_id, to_name, waste_code, material, t_per_yr, distance_m,
        distance_source``.
    features
        EPSG:4326 points and lines for the map extract: columns ``role`` (``supplier``,
        ``receiver``, ``site``, ``facility``, ``route``), ``name``, ``geometry``.
    risks
        Risks (user's, then the model's own caveats).
    """

    spec: InterventionSpec
    park_slug: str
    park_name: str
    scenario_name: str
    summary: str
    assumptions: pd.DataFrame
    cash_flows: pd.DataFrame
    appraisal: pd.DataFrame
    benefit_split: pd.DataFrame
    sensitivity: pd.DataFrame
    break_even: pd.DataFrame
    flows: pd.DataFrame
    features: gpd.GeoDataFrame
    risks: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Model values per kind: one year of operation
# --------------------------------------------------------------------------------------


@dataclass
class AnnualModel:
    """One year of operation of an intervention, before the user's capex and opex.

    Money is VND per year (positive = a saving or income of the parties together);
    ``co2e_change_kg`` is negative for a reduction. ``drivers`` are the base values the
    sensitivity varies (``{name: (value, unit)}``); ``scales`` says which money lines
    each driver scales.
    """

    avoided_disposal_vnd: float = 0.0
    avoided_purchase_vnd: float = 0.0
    transport_change_vnd: float = 0.0
    revenue_vnd: float = 0.0
    processing_vnd: float = 0.0
    diverted_t: float = 0.0
    co2e_change_kg: float = 0.0
    assumptions: list[dict[str, object]] = field(default_factory=list)
    flows: list[dict[str, object]] = field(default_factory=list)
    points: list[dict[str, object]] = field(default_factory=list)
    lines: list[dict[str, object]] = field(default_factory=list)
    parties: dict[str, float] = field(default_factory=dict)
    summary: str = ""
    risks: list[str] = field(default_factory=list)
    break_even_driver: str = "disposal_price_vnd_per_t"


def _assume(
    model: AnnualModel, item: str, value: object, unit: str, origin: str, source: str
) -> None:
    model.assumptions.append(
        {"item": item, "value": value, "unit": unit, "origin": origin, "source": source}
    )


def _coef_source(key: str) -> str:
    c = coefficients.get(key)
    return f"{c.source} ({c.status}; coefficient {key})"


_HAZARDOUS_GHG_KEY = "ghg_kg_co2e_per_t.ipcc2006.incineration.hazardous_industrial"


def _keys_source(keys: object) -> str:
    found = [k for k in re.split(r"[;+,\s]+", str(keys or "")) if k in coefficients.table().index]
    return " + ".join(_coef_source(k) for k in found) or str(keys)


@dataclass
class Counterfactual:
    """What one tonne of a stream costs and emits where the baseline sends it."""

    vnd_per_t: float
    co2e_kg_per_t: float
    vnd_source: str
    co2e_source: str


def counterfactual(row: pd.Series, province: str | None = None) -> Counterfactual:
    """Return the baseline pathway's cost and CO2e per tonne of one inventory row.

    The row's own ``cost_vnd_per_yr`` and ``co2e_kg_per_yr`` per ``waste_t_per_yr``
    (its pathway in the model's baseline; prices from the one price table,
    :mod:`eipgeo.data.prices`, as the row's ``price_basis`` cites). A hazardous or controlled
    row with no permitted destination is already priced there at the region's licensed
    collection + treatment and counted at its treatment's CO2e; an older inventory without
    those figures is priced here the same way (``prices.csv`` items
    ``collection_transport.hazardous`` + ``treatment.hazardous``), its CO2e taken as
    incineration without energy recovery (IPCC 2006 Vol. 5 Ch. 5, unverified). Other
    unknowns stay NaN.

    Parameters
    ----------
    row
        One row of ``waste_inventory.csv``.
    province
        The park's province (for the fallback price).

    Returns
    -------
    Counterfactual
        VND/t and kg CO2e/t with their sources.
    """
    t = float(row["waste_t_per_yr"])
    cost, co2e = float(row.get("cost_vnd_per_yr", np.nan)), float(row.get("co2e_kg_per_yr", np.nan))
    vnd = cost / t if t > 0 and np.isfinite(cost) else np.nan
    kg = co2e / t if t > 0 and np.isfinite(co2e) else np.nan
    basis = str(row.get("price_basis", "") or "")
    vnd_src = f"baseline pathway {row['pathway']}: " + (
        basis if basis and basis != "nan" else _keys_source(row.get("price_keys"))
    )
    kg_src = f"baseline pathway {row['pathway']}: {_keys_source(row.get('ghg_factor_key'))}"
    if row["waste_class"] in ("hazardous", "controlled"):
        if not np.isfinite(vnd):
            used = [
                prices.price(item, province)
                for item in ("collection_transport.hazardous", "treatment.hazardous")
            ]
            vnd = sum(p.vnd_per_t for p in used)
            vnd_src = (
                "no permitted destination in the park's data; priced as licensed "
                "collection + treatment: " + " + ".join(p.cite() for p in used)
            )
        if not np.isfinite(kg):
            kg = coefficients.get(_HAZARDOUS_GHG_KEY).value
            kg_src = (
                "no permitted destination in the park's data; taken as incineration: "
                + _coef_source(_HAZARDOUS_GHG_KEY)
            )
    return Counterfactual(vnd, kg, vnd_src, kg_src)


def _recp_model(spec: InterventionSpec, scenario: Scenario, result: JobResult) -> AnnualModel:
    site = spec.site_id
    pct = spec.reduction_pct
    origin = "user"
    if pct is None and scenario.recp is not None:
        pct = scenario.recp.reduction_pct_by_site.get(str(site))
        origin = "user (scenario recp block)"
    if pct is None:
        raise _spec_error(
            scenario,
            spec,
            "site_id",
            f"no reduction for site {site!r}; give "
            "`reduction_pct:` or list the site under recp.reduction_pct_by_site",
            "no_reduction",
            site,
        )
    streams = result.streams
    rows = streams[
        (streams["site_id"].astype(str) == str(site)) & (streams["pathway"] != "prevention")
    ]
    name = str(result.sites.set_index("site_id")["name"].get(site, site))
    model = AnnualModel(break_even_driver="disposal_price_vnd_per_t")
    _assume(
        model,
        "reduction of every stream",
        pct,
        "%",
        origin,
        spec.sources.get(
            "reduction_pct",
            "the scenario file (an assumption to replace with the RECP assessment's figure)",
        ),
    )
    unknown_t = 0.0
    for _, row in rows.iterrows():
        pre_t = float(row.get("baseline_t_per_yr", row["waste_t_per_yr"]))
        if not np.isfinite(pre_t) or pre_t <= 0:
            continue
        cut_t = pre_t * float(pct) / 100
        cf = counterfactual(row, result.park.meta.province or None)
        if np.isfinite(cf.vnd_per_t):
            model.avoided_disposal_vnd += cut_t * cf.vnd_per_t
        else:
            unknown_t += cut_t
        model.diverted_t += cut_t
        model.co2e_change_kg -= cut_t * (cf.co2e_kg_per_t if np.isfinite(cf.co2e_kg_per_t) else 0.0)
        model.flows.append(
            {
                "from_id": site,
                "from_name": name,
                "to_id": "prevention",
                "to_name": "avoided at source (RECP)",
                "waste_code": row["waste_code"],
                "material": row.get("material", ""),
                "t_per_yr": round(cut_t, 3),
                "distance_m": np.nan,
                "distance_source": "",
            }
        )
        code = row["waste_code"]
        _assume(
            model,
            f"disposal cost of {code}",
            round(cf.vnd_per_t) if np.isfinite(cf.vnd_per_t) else "unknown",
            "VND/t",
            "model",
            cf.vnd_source,
        )
        _assume(
            model,
            f"CO2e of {code} where it goes",
            round(cf.co2e_kg_per_t, 1) if np.isfinite(cf.co2e_kg_per_t) else "unknown",
            "kg CO2e/t",
            "model",
            cf.co2e_source,
        )
    if unknown_t > 0:
        model.risks.append(
            f"{unknown_t:.1f} t/yr avoided have no known disposal price and "
            "are not counted as savings."
        )
    model.summary = (
        f"{name} ({site}) cuts every waste stream by {pct:g} % through RECP "
        f"measures: {model.diverted_t:,.1f} t/yr avoided at source."
    )
    model.parties = {name: model.avoided_disposal_vnd}
    model.risks.append(
        "Collection and transport are inside the per-tonne prices; fewer pickups "
        "are not counted separately."
    )
    _site_point(model, result, str(site), "site")
    return model


def _site_point(model: AnnualModel, result: JobResult, site: str, role: str) -> None:
    sites = result.sites
    match = sites[sites["site_id"].astype(str) == site]
    if len(match):
        row = match.iloc[0]
        model.points.append(
            {
                "role": role,
                "name": f"{row['name']} ({site})",
                "lon": float(row["lon"]),
                "lat": float(row["lat"]),
            }
        )


def _pick_exchange(
    spec: InterventionSpec, scenario: Scenario, plan: pd.DataFrame, candidates: pd.DataFrame
) -> pd.Series:
    """Return the plan exchange the spec names, else the candidate to investigate it names.

    A feasibility sheet is how a candidate (demand unknown, process to confirm) is studied:
    its quantity is then the supplier's whole offer, and its ``why_not_in_plan`` is kept.
    """
    match = plan[_spec_rows(spec, plan)]
    if match.empty and "plan_status" in candidates.columns:
        cand = candidates[candidates.plan_status == "candidate"]
        match = cand[_spec_rows(spec, cand)].assign(chosen_t_per_yr=cand.supply_t_per_yr)
    if match.empty:
        listed = (
            "; ".join(
                f"{r.supplier_id}->{r.receiver_id} {r.waste_code}"
                for r in plan.head(10).itertuples()
            )
            or "none"
        )
        raise _spec_error(
            scenario,
            spec,
            "supplier_id",
            f"the scenario's exchange plan has no exchange from {spec.supplier_id!r}"
            + (f" to {spec.receiver_id!r}" if spec.receiver_id else "")
            + (f" of {spec.waste_code!r}" if spec.waste_code else "")
            + f"; the plan's exchanges are: {listed}. Run `eipgeo symbiosis` on the park to "
            "see them and fix supplier_id/receiver_id/waste_code",
            "no_exchange",
            spec.supplier_id,
        )
    return match.sort_values(["chosen_t_per_yr", "receiver_id"], ascending=[False, True]).iloc[0]


def _spec_rows(spec: InterventionSpec, table: pd.DataFrame) -> pd.Series:
    keep = table["supplier_id"].astype(str) == str(spec.supplier_id)
    if spec.receiver_id:
        keep &= table["receiver_id"].astype(str) == spec.receiver_id
    if spec.waste_code:
        keep &= table["waste_code"].astype(str) == spec.waste_code
    return keep


def _supplier_counterfactual(result: JobResult, row: pd.Series) -> Counterfactual:
    streams = result.streams
    rows = streams[
        (streams["site_id"].astype(str) == str(row["supplier_id"]))
        & (streams["waste_code"].astype(str) == str(row["waste_code"]))
        & (streams["pathway"] != "prevention")
    ]
    if rows.empty:
        return Counterfactual(
            np.nan,
            np.nan,
            "the supplier's stream is not in the inventory",
            "the supplier's stream is not in the inventory",
        )
    agg = rows.iloc[0].copy()
    for col in ("waste_t_per_yr", "cost_vnd_per_yr", "co2e_kg_per_yr"):
        agg[col] = pd.to_numeric(rows[col], errors="coerce").sum(min_count=len(rows))
    return counterfactual(agg, result.park.meta.province or None)


def _exchange_co2e(model: AnnualModel, row: pd.Series, before: Counterfactual, t: float) -> None:
    """CO2e change of an exchange: its route and haul against where the stream goes today."""
    km = float(row["distance_m"]) / 1000
    link = read_links().set_index("link_id")
    route = float(link["route_ef_kg_co2e_per_t"].get(row["link_id"], np.nan))
    route_src = f"link {row['link_id']}'s recycling route factor"
    if not np.isfinite(route):
        route = coefficients.get("symbiosis.recycling_co2e_kg_per_t").value
        route_src = _coef_source("symbiosis.recycling_co2e_kg_per_t")
    after_kg = route  # a cut-off factor: transport to the facility included (no truck-km)
    _assume(
        model,
        "CO2e per t where the stream goes today",
        round(before.co2e_kg_per_t, 1) if np.isfinite(before.co2e_kg_per_t) else "unknown",
        "kg CO2e/t",
        "model",
        before.co2e_source,
    )
    _assume(
        model,
        "CO2e per t of the exchange (route, haul included)",
        round(after_kg, 2),
        "kg CO2e/t",
        "model",
        f"{route_src} (DESNZ cut-off: transport to the facility included, so the "
        f"{km:.2f} km haul adds nothing on top)",
    )
    model.co2e_change_kg = (
        t * (after_kg - before.co2e_kg_per_t) if np.isfinite(before.co2e_kg_per_t) else 0.0
    )
    if not np.isfinite(before.co2e_kg_per_t):
        model.risks.append(
            "The stream's CO2e where it goes today is unknown; the CO2e change is not counted."
        )


def _exchange_model(spec: InterventionSpec, scenario: Scenario, result: JobResult) -> AnnualModel:
    row = _pick_exchange(spec, scenario, result.symbiosis.plan, result.symbiosis.candidates)
    t = float(row["chosen_t_per_yr"])
    model = AnnualModel(diverted_t=t, break_even_driver="disposal_price_vnd_per_t")
    if str(row.get("plan_status", "plan")) != "plan":
        model.risks.append(
            "A candidate to investigate, not a plan exchange: "
            f"{row.get('why_not_in_plan', '')}. The quantity is the supplier's whole offer."
        )
    src_row = f"exchange plan (eipgeo symbiosis), link {row['link_id']}: {row['source_url']}"
    _assume(
        model,
        "quantity exchanged",
        round(t, 3),
        "t/yr",
        "model",
        "the supplier's estimated stream, capped by the plan (symbiosis.csv)",
    )
    _assume(
        model,
        "road distance",
        round(float(row["distance_m"])),
        "m",
        "model",
        f"eipgeo matrix ({row['distance_source']})",
    )
    before = _supplier_counterfactual(result, row)
    disposal = before.vnd_per_t if np.isfinite(before.vnd_per_t) else 0.0
    model.avoided_disposal_vnd = t * disposal
    _assume(
        model,
        "supplier's avoided cost where the stream goes today",
        round(disposal) if np.isfinite(before.vnd_per_t) else "unknown (not counted)",
        "VND/t",
        "model",
        before.vnd_source,
    )
    purchase = spec.avoided_purchase_vnd_per_t
    origin, source = "user", spec.sources.get("avoided_purchase_vnd_per_t", "scenario file")
    if purchase is None:
        purchase, origin, source = float(row["avoided_purchase_vnd_per_t"]), "model", src_row
    if not np.isfinite(purchase):
        purchase, source = (
            0.0,
            (
                "no published price of the material replaced: NOT counted "
                "(give avoided_purchase_vnd_per_t to count it)"
            ),
        )
        model.risks.append(
            "The receiver's avoided purchase is unknown and not counted; the "
            "appraisal understates the exchange's value."
        )
    model.avoided_purchase_vnd = t * purchase
    _assume(model, "receiver's avoided purchase price", round(purchase), "VND/t", origin, source)
    haul = float(row["transport_vnd_per_t"])
    model.transport_change_vnd = -t * haul
    _assume(
        model,
        "haul cost",
        round(haul),
        "VND/t",
        "model",
        _coef_source("symbiosis.transport_vnd_per_t_km") + " × road km",
    )
    processing = float(row["processing_vnd_per_t"])
    if np.isfinite(processing):
        model.processing_vnd = t * processing
        _assume(model, "receiver's processing cost", round(processing), "VND/t", "model", src_row)
    _exchange_co2e(model, row, before, t)
    model.risks.append(
        "The counterfactual is the model's baseline pathway for this stream "
        "(what it costs and emits today), not a landfill default."
    )
    supplier = f"{row['supplier_name']} ({row['supplier_id']})"
    receiver = f"{row['receiver_name']} ({row['receiver_id']})"
    model.parties = {
        supplier: model.avoided_disposal_vnd + model.transport_change_vnd,
        receiver: model.avoided_purchase_vnd - model.processing_vnd,
    }
    model.flows.append(
        {
            "from_id": row["supplier_id"],
            "from_name": row["supplier_name"],
            "to_id": row["receiver_id"],
            "to_name": row["receiver_name"],
            "waste_code": row["waste_code"],
            "material": row["material"],
            "t_per_yr": round(t, 3),
            "distance_m": round(float(row["distance_m"])),
            "distance_source": row["distance_source"],
        }
    )
    model.points += [
        {
            "role": "supplier",
            "name": supplier,
            "lon": float(row["supplier_lon"]),
            "lat": float(row["supplier_lat"]),
        },
        {
            "role": "receiver",
            "name": receiver,
            "lon": float(row["receiver_lon"]),
            "lat": float(row["receiver_lat"]),
        },
    ]
    model.lines.append(
        {
            "role": "route",
            "name": f"{row['waste_code']} {t:,.1f} t/yr ({row['distance_source']}; drawn straight)",
            "coords": [
                (float(row["supplier_lon"]), float(row["supplier_lat"])),
                (float(row["receiver_lon"]), float(row["receiver_lat"])),
            ],
        }
    )
    name_en = material_name(
        str(row.get("stream", "")), str(row["waste_code"]), str(row["material"])
    )[0]
    model.summary = (
        f"{supplier} sends {t:,.1f} t/yr of {name_en} (waste code "
        f"{row['waste_code']}, {row['waste_class']}) to {receiver} for "
        f"{row['receiver_process']}, "
        f"{float(row['distance_m']) / 1000:.1f} km by road."
    )
    if row.get("link_status") == "unverified":
        model.risks.append(
            f"Catalogue link {row['link_id']} is unverified: confirm the "
            "receiver's process can take this material."
        )
    model.risks.append("The haul is paid by the supplier in the benefit split (an assumption).")
    return model


def _summary_value(result: JobResult, key: str) -> float:
    s = result.summary.set_index("key")["value"]
    value = pd.to_numeric(s.get(key, np.nan), errors="coerce")
    return float(value) if pd.notna(value) else 0.0


def handled_streams(result: JobResult, facility_id: str) -> pd.DataFrame:
    """Return the inventory rows that pass a facility: routed to it or treated there.

    A class group is routed to the facility when ``summary.csv``'s ``facility.<group>``
    names it (it is the group's unload point, e.g. a transfer hub); a row is treated
    there when its ``facility_id`` does.

    Parameters
    ----------
    result
        The job's result: its ``streams`` (inventory with pathways) and ``summary``.
    facility_id
        Id of the facility (a row of the park's facilities).

    Returns
    -------
    pandas.DataFrame
        The matching inventory rows, ``prevention`` rows left out; empty when none.
    """
    streams = result.streams
    summary = result.summary.set_index("key")["value"].astype(str)
    hazardous = streams["waste_class"].isin(HAZARDOUS_GROUP)
    mask = streams["facility_id"].astype(str) == facility_id
    if summary.get("facility.hazardous") == facility_id:
        mask |= hazardous
    if summary.get("facility.non_hazardous") == facility_id:
        mask |= ~hazardous
    out: pd.DataFrame = streams[mask & (streams["pathway"] != "prevention")]
    return out


def _onward_haul(model: AnnualModel, result: JobResult, rows: pd.DataFrame, fid: str) -> None:
    """Add the haul from a transfer facility on to where its waste is treated.

    The legs are :func:`eipgeo.jobs.onward.onward_legs` (the job's ``summary.csv``
    ``onward_haul_*`` rows use the same), from ``fid`` to each row's treatment facility
    (``onward_facility_id``, else ``facility_id``).
    """
    legs = onward.onward_legs(rows, result.facilities, from_id=fid)
    if legs.empty:
        return
    circuity = coefficients.get("circuity_factor").value
    for dest, km in zip(legs["to_id"], legs["km"].astype(float), strict=True):
        _assume(
            model,
            f"onward haul to {dest}",
            round(km, 2),
            "km",
            "model",
            f"great-circle × {circuity} ({_coef_source('circuity_factor')}); estimate",
        )
    tkm = float(legs["t_km_per_yr"].sum())
    per_tkm = coefficients.get("symbiosis.transport_vnd_per_t_km").value
    model.transport_change_vnd -= tkm * per_tkm
    model.co2e_change_kg += float(legs["co2e_kg_per_yr"].sum())
    _assume(
        model,
        "onward haul (laden, one way)",
        round(tkm, 1),
        "t·km/yr",
        "model",
        "t/yr treated elsewhere × km; priced at the haul price, CO2e at "
        + _coef_source("symbiosis.truck_co2e_kg_per_t_km"),
    )


def _facility_model(
    spec: InterventionSpec, scenario: Scenario, result: JobResult, without: JobResult
) -> AnnualModel:
    fid = str(spec.facility_id)
    rows = handled_streams(result, fid)
    handled = float(rows["waste_t_per_yr"].sum())
    model = AnnualModel(diverted_t=handled, break_even_driver="gate_fee_vnd_per_t")
    _assume(
        model,
        "waste handled at the facility",
        round(handled, 3),
        "t/yr",
        "model",
        "streams routed to it (summary.csv facility.<group>) or treated there "
        "(waste_inventory.csv facility_id)",
    )
    weeks = 52.0
    days = (
        _summary_value(result, "collection_days_per_week")
        or coefficients.get("collection_days_per_week").value
    ) * weeks
    tkm = (_summary_value(without, "route_t_km") - _summary_value(result, "route_t_km")) * days
    per_tkm = coefficients.get("symbiosis.transport_vnd_per_t_km").value
    model.transport_change_vnd = tkm * per_tkm
    km_yr = _summary_value(without, "week_route_km") - _summary_value(result, "week_route_km")
    _assume(
        model,
        "laden haul avoided",
        round(tkm, 1),
        "t·km/yr",
        "model",
        f"route_t_km without − with the facility × {days:g} collection days/yr",
    )
    _assume(
        model,
        "route distance avoided",
        round(km_yr * weeks, 1),
        "km/yr",
        "model",
        "week_route_km without − with the facility × 52",
    )
    _assume(
        model,
        "haul price",
        round(per_tkm),
        "VND/(t·km)",
        "model",
        _coef_source("symbiosis.transport_vnd_per_t_km"),
    )
    co2e = (
        _summary_value(without, "week_route_co2e_kg") - _summary_value(result, "week_route_co2e_kg")
    ) * weeks
    model.co2e_change_kg = -co2e
    _assume(
        model,
        "route CO2e avoided",
        round(co2e, 1),
        "kg CO2e/yr",
        "model",
        "week_route_co2e_kg without − with the facility × 52 (truck fuel)",
    )
    _onward_haul(model, result, rows, fid)
    if spec.gate_fee_vnd_per_t is not None:
        model.revenue_vnd = handled * spec.gate_fee_vnd_per_t
        _assume(
            model,
            "gate fee",
            spec.gate_fee_vnd_per_t,
            "VND/t",
            "user",
            spec.sources.get("gate_fee_vnd_per_t", "scenario file"),
        )
    fac = result.facilities[result.facilities["id"].astype(str) == fid]
    name = str(fac.iloc[0]["name"]) if len(fac) else fid
    if len(fac):
        model.points.append(
            {
                "role": "facility",
                "name": f"{name} ({fid})",
                "lon": float(fac.iloc[0]["lon"]),
                "lat": float(fac.iloc[0]["lat"]),
            }
        )
    for site in rows["site_id"].unique():
        _site_point(model, result, str(site), "site")
    model.flows += [
        {
            "from_id": r.site_id,
            "from_name": r.site_id,
            "to_id": fid,
            "to_name": name,
            "waste_code": r.waste_code,
            "material": getattr(r, "material", ""),
            "t_per_yr": round(float(str(r.waste_t_per_yr)), 3),
            "distance_m": np.nan,
            "distance_source": "see routes.csv",
        }
        for r in rows.itertuples()
    ]
    model.parties = {
        "facility operator": model.revenue_vnd,
        "tenants (collection transport)": model.transport_change_vnd,
    }
    model.summary = (
        f"{name} ({fid}) receives {handled:,.1f} t/yr; the collection routes change "
        f"by {-km_yr * weeks:+,.0f} km/yr against the scenario without it."
    )
    model.risks.append(
        "Downstream treatment is unchanged; only transport and the gate fee are counted."
    )
    gap = _summary_value(without, "waste_t_per_yr.unassigned") - _summary_value(
        result, "waste_t_per_yr.unassigned"
    )
    if gap > 0:
        model.risks.append(
            f"Without the facility, {gap:,.1f} t/yr had no licensed destination in "
            "the park's data and were not routed at all, so the route change "
            "understates what a real alternative (a licensed collector's haul) "
            "would cost."
        )
    return model


# --------------------------------------------------------------------------------------
# Cash flows, appraisal and sensitivity
# --------------------------------------------------------------------------------------

_UNITS = {
    "disposal_price_vnd_per_t": "VND/t",
    "purchase_price_vnd_per_t": "VND/t",
    "gate_fee_vnd_per_t": "VND/t",
    "quantity_t_per_yr": "t/yr",
    "haul_vnd_per_t": "VND/t",
    "transport_saving_vnd_per_yr": "VND/yr",
    "capex_vnd": "VND",
    "opex_vnd_per_yr": "VND/yr",
    "discount_rate_pct": "%/yr",
}
"""The drivers of the sensitivity analysis and their units."""


def _capex_by_year(spec: InterventionSpec) -> dict[int, float]:
    if isinstance(spec.capex_vnd, dict):
        return {int(y): float(v) for y, v in spec.capex_vnd.items()}
    return {spec.start_year - 1: float(spec.capex_vnd)}


def base_drivers(spec: InterventionSpec, model: AnnualModel) -> dict[str, float]:
    """Return the base value of every driver (units in :data:`_UNITS`), per t diverted.

    Parameters
    ----------
    spec
        The intervention as declared in the scenario.
    model
        Its year of operation (:func:`annual_model`): money in VND/yr, ``diverted_t`` in
        t/yr.

    Returns
    -------
    dict of str to float
        Driver name → value in its unit (:data:`_UNITS`): the quantity (t/yr), the
        disposal and purchase prices and the haul (VND/t; 0 when nothing is diverted),
        the gate fee (VND/t), the facility's transport saving (VND/yr), total capex (VND),
        opex (VND/yr) and discount rate (%/yr).
    """
    q = model.diverted_t
    per_t = (lambda v: v / q) if q > 0 else (lambda v: 0.0)
    facility = spec.kind == "facility"
    return {
        "quantity_t_per_yr": q,
        "disposal_price_vnd_per_t": per_t(model.avoided_disposal_vnd),
        "purchase_price_vnd_per_t": per_t(model.avoided_purchase_vnd),
        "gate_fee_vnd_per_t": float(spec.gate_fee_vnd_per_t or 0.0),
        "haul_vnd_per_t": 0.0 if facility else per_t(-model.transport_change_vnd),
        "transport_saving_vnd_per_yr": model.transport_change_vnd if facility else 0.0,
        "capex_vnd": sum(_capex_by_year(spec).values()),
        "opex_vnd_per_yr": float(spec.opex_vnd_per_yr),
        "discount_rate_pct": float(spec.discount_rate_pct),
    }


def cash_flow_table(
    spec: InterventionSpec, model: AnnualModel, values: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Year-by-year cash flows (VND) and physical flows for driver ``values``.

    Parameters
    ----------
    spec
        The intervention as declared in the scenario.
    model
        Its year of operation (:func:`annual_model`): money in VND/yr, ``diverted_t`` in
        t/yr.
    values
        Driver values that replace the base ones (:func:`base_drivers`; units in
        :data:`_UNITS`), e.g. a price changed by the sensitivity analysis; drivers left
        out keep their base value. ``None`` (default): all base values.

    Returns
    -------
    pandas.DataFrame
        The ``cash_flows`` columns of :class:`FeasibilityCase`.

    Notes
    -----
    In each operating year (``start_year`` .. ``start_year + lifetime_yr - 1``), with
    ``q`` t/yr diverted: avoided disposal = ``q × disposal price``; avoided purchase =
    ``q × purchase price``; revenue = ``q × gate fee`` + the user's revenue; transport
    change = ``−q × haul`` (exchange) or the route saving (facility); opex = the user's
    opex + ``q ×`` processing cost. Capex falls in the years given (one figure: the
    year before ``start_year``). ``net = savings + revenue − capex − opex``;
    discount factor = ``1 / (1 + r) ** (year − first year)``.
    """
    base = base_drivers(spec, model)
    v = {**base, **(values or {})}
    q = v["quantity_t_per_yr"]
    scale_q = q / base["quantity_t_per_yr"] if base["quantity_t_per_yr"] > 0 else 1.0
    capex = _capex_by_year(spec)
    capex_scale = v["capex_vnd"] / base["capex_vnd"] if base["capex_vnd"] else 1.0
    first = min([*capex, spec.start_year])
    years = list(range(first, spec.start_year + spec.lifetime_yr))
    rate = v["discount_rate_pct"] / 100
    rows = []
    for year in years:
        on = spec.start_year <= year < spec.start_year + spec.lifetime_yr
        processing = model.processing_vnd * scale_q if on else 0.0
        row = {
            "year": year,
            "capex_vnd": capex.get(year, 0.0) * capex_scale,
            "opex_vnd": (v["opex_vnd_per_yr"] + processing) if on else 0.0,
            "avoided_disposal_vnd": q * v["disposal_price_vnd_per_t"] if on else 0.0,
            "avoided_purchase_vnd": q * v["purchase_price_vnd_per_t"] if on else 0.0,
            "transport_change_vnd": (v["transport_saving_vnd_per_yr"] - q * v["haul_vnd_per_t"])
            if on
            else 0.0,
            "revenue_vnd": (q * v["gate_fee_vnd_per_t"] + float(spec.revenue_vnd_per_yr or 0))
            if on
            else 0.0,
            "diverted_t": q if on else 0.0,
            "co2e_change_kg": model.co2e_change_kg * (scale_q if spec.kind != "facility" else 1.0)
            if on
            else 0.0,
        }
        rows.append(row)
    cf = pd.DataFrame(rows)
    cf["net_vnd"] = (
        cf.avoided_disposal_vnd
        + cf.avoided_purchase_vnd
        + cf.transport_change_vnd
        + cf.revenue_vnd
        - cf.capex_vnd
        - cf.opex_vnd
    )
    cf["cumulative_vnd"] = cf["net_vnd"].cumsum()
    cf["discount_factor"] = 1 / (1 + rate) ** (cf["year"] - first)
    cf["discounted_net_vnd"] = cf["net_vnd"] * cf["discount_factor"]
    return cf[
        [
            "year",
            "capex_vnd",
            "opex_vnd",
            "avoided_disposal_vnd",
            "avoided_purchase_vnd",
            "transport_change_vnd",
            "revenue_vnd",
            "net_vnd",
            "cumulative_vnd",
            "discount_factor",
            "discounted_net_vnd",
            "diverted_t",
            "co2e_change_kg",
        ]
    ]


def _npv_of(spec: InterventionSpec, model: AnnualModel) -> Callable[[Mapping[str, float]], float]:
    def npv(values: Mapping[str, float]) -> float:
        cf = cash_flow_table(spec, model, values)
        return appraisal.npv_vnd(values["discount_rate_pct"] / 100, cf["net_vnd"].to_numpy())

    return npv


def appraise_case(
    spec: InterventionSpec, model: AnnualModel
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Cash flows, appraisal table, tornado and break-even for one intervention.

    Parameters
    ----------
    spec
        The intervention as declared in the scenario.
    model
        Its year of operation (:func:`annual_model`): money in VND/yr, ``diverted_t`` in
        t/yr.

    Returns
    -------
    tuple of pandas.DataFrame
        The ``cash_flows``, ``appraisal``, ``sensitivity`` (tornado; empty, with its
        columns, when every driver is 0) and ``break_even`` tables of
        :class:`FeasibilityCase`, at the spec's discount rate.
    """
    cf = cash_flow_table(spec, model)
    rate = spec.discount_rate_pct / 100
    costs = cf.capex_vnd + cf.opex_vnd + (-cf.transport_change_vnd).clip(lower=0)
    table = appraisal.appraisal_table(
        rate,
        cf.net_vnd.to_numpy(),
        costs.to_numpy(),
        cf.diverted_t.to_numpy(),
        (-cf.co2e_change_kg / 1000).to_numpy(),
    )
    base = base_drivers(spec, model)
    npv = _npv_of(spec, model)
    drivers = [d for d, v in base.items() if v != 0]
    tornado = (
        appraisal.tornado(npv, base, drivers, pct=spec.sensitivity_pct, units=_UNITS)
        if drivers
        else pd.DataFrame(
            columns=[
                "driver",
                "change_pct",
                "low_value",
                "high_value",
                "unit",
                "npv_low_vnd",
                "npv_high_vnd",
                "swing_vnd",
            ]
        )
    )
    return cf, table, tornado, _break_even(model, base, npv)


def _break_even(
    model: AnnualModel, base: dict[str, float], npv: Callable[[Mapping[str, float]], float]
) -> pd.DataFrame:
    rows = []
    for driver in dict.fromkeys([model.break_even_driver, "capex_vnd", "quantity_t_per_yr"]):
        if driver == "capex_vnd" and base["capex_vnd"] == 0:
            continue
        if driver == "quantity_t_per_yr" and base["quantity_t_per_yr"] == 0:
            continue
        hi = max(100 * abs(base[driver]), 1e9 if driver.endswith("_per_t") else 1.0)
        value = appraisal.break_even(npv, base, driver, 0.0, hi)
        note = (
            "NPV = 0 at this value"
            if value is not None
            else f"NPV does not change sign between 0 and {hi:,.0f} {_UNITS[driver]}"
        )
        rows.append(
            {
                "driver": driver,
                "value": np.nan if value is None else value,
                "unit": _UNITS[driver],
                "base_value": base[driver],
                "note": note,
            }
        )
    return pd.DataFrame(rows, columns=["driver", "value", "unit", "base_value", "note"])


# --------------------------------------------------------------------------------------
# From a scenario to a feasibility case
# --------------------------------------------------------------------------------------


def find_intervention(scenario: Scenario, intervention_id: str) -> InterventionSpec:
    """Return the scenario's intervention ``intervention_id``.

    Parameters
    ----------
    scenario
        The validated scenario.
    intervention_id
        The ``id`` of one of its ``interventions``.

    Returns
    -------
    InterventionSpec
        The first intervention with that id.

    Raises
    ------
    UsageError
        No such id; the message lists the scenario's ids.
    """
    for spec in scenario.interventions:
        if spec.id == intervention_id:
            return spec
    ids = ", ".join(s.id for s in scenario.interventions) or "none (add an `interventions:` list)"
    raise UsageError(
        f"{scenario.source_file or scenario.name}: no intervention "
        f"{intervention_id!r}; this scenario's interventions are: {ids}"
    )


def _spec_error(
    scenario: Scenario,
    spec: InterventionSpec,
    key: str,
    message: str,
    code: str,
    value: object = None,
) -> ValidationError:
    """Return the error for one intervention, located at its key's YAML line (exit 1)."""
    index = [s.id for s in scenario.interventions].index(spec.id)
    problem = scenario_problem(
        scenario,
        ("interventions", index, key),
        f"intervention {spec.id!r}: {message}",
        code=code,
        value=value,
    )
    return ValidationError(problem.to_line(), [problem])


def _check_spec(spec: InterventionSpec, scenario: Scenario) -> None:
    """Check the intervention against the scenario and its park before any run."""
    need = {"recp": "site_id", "exchange": "supplier_id", "facility": "facility_id"}[spec.kind]
    if not getattr(spec, need):
        raise _spec_error(
            scenario,
            spec,
            "kind",
            f"a {spec.kind} intervention needs `{need}:`; add it",
            "missing",
            None,
        )
    if spec.kind in ("recp", "exchange"):
        park = park_for_scenario(scenario)
        known = [str(i) for i in park.enterprises.get("id", pd.Series(dtype=str))]
        for key in ("site_id", "supplier_id", "receiver_id"):
            value = getattr(spec, key)
            if value and str(value) not in known:
                near = difflib.get_close_matches(str(value), known, n=3, cutoff=0.5)
                hint = (
                    f"did you mean {', '.join(near)}?"
                    if near
                    else f"its enterprises are {', '.join(known[:8])}"
                    + (" ..." if len(known) > 8 else "")
                )
                raise _spec_error(
                    scenario,
                    spec,
                    key,
                    f"{value!r} is not an enterprise of {scenario.park}; {hint}",
                    "unknown_site",
                    value,
                )
    if spec.kind == "facility":
        ids = {f.id for f in scenario.facilities}
        if scenario.hub is not None:
            ids |= (
                {scenario.hub.id}
                if scenario.hub.p == 1
                else {f"{scenario.hub.id}-{i}" for i in range(1, scenario.hub.p + 1)}
            )
        if spec.facility_id not in ids:
            have = (
                ", ".join(sorted(ids))
                if ids
                else "none: add a `hub:` or a `facilities:` entry to the scenario"
            )
            raise _spec_error(
                scenario,
                spec,
                "facility_id",
                f"{spec.facility_id!r} is not a facility this scenario adds (it adds: {have})",
                "unknown_facility",
                spec.facility_id,
            )


def _without_facility(scenario: Scenario, spec: InterventionSpec) -> Scenario:
    hub = scenario.hub
    if hub is not None and str(spec.facility_id).startswith(hub.id):
        hub = None
    return scenario.model_copy(
        update={
            "hub": hub,
            "facilities": [f for f in scenario.facilities if f.id != spec.facility_id],
        }
    )


def annual_model(
    scenario: Scenario, spec: InterventionSpec, run: ScenarioRun | None = None
) -> AnnualModel:
    """Run the scenario (unless ``run`` is given) and derive the intervention's model values.

    Parameters
    ----------
    scenario
        The validated scenario the intervention belongs to.
    spec
        The intervention (``recp``, ``exchange`` or ``facility``).
    run
        The scenario's run, when already made; ``None`` (default) runs it. A facility is
        also run once more without the facility, for the difference it makes.

    Returns
    -------
    AnnualModel
        One year of operation: money in VND/yr, ``diverted_t`` in t/yr,
        ``co2e_change_kg`` in kg CO2e/yr (negative = reduction).

    Raises
    ------
    ValidationError
        The intervention does not match the scenario (unknown site, exchange or facility,
        or a facility that receives nothing); the problem names the YAML line.
    """
    _check_spec(spec, scenario)
    run = run or run_scenario(scenario)
    if spec.kind == "recp":
        return _recp_model(spec, scenario, run.result)
    if spec.kind == "exchange":
        return _exchange_model(spec, scenario, run.result)
    if handled_streams(run.result, str(spec.facility_id)).empty:
        raise _spec_error(
            scenario,
            spec,
            "facility_id",
            f"{spec.facility_id!r} receives no "
            "waste in this scenario's run (the job sends each class to the "
            "facility it prefers, e.g. an operating licensed one), so there is "
            "nothing to appraise; check the facility's `accepts` and the park's "
            "other facilities",
            "facility_unused",
            spec.facility_id,
        )
    without = run_scenario(_without_facility(scenario, spec))
    return _facility_model(spec, scenario, run.result, without.result)


def _user_assumptions(spec: InterventionSpec) -> list[dict[str, object]]:
    src = spec.sources
    capex = _capex_by_year(spec)
    capex_text = "; ".join(f"{y}: {v:,.0f}" for y, v in sorted(capex.items()))
    rows: list[dict[str, object]] = [
        {
            "item": "capex (year: VND)",
            "value": capex_text,
            "unit": "VND",
            "source": src.get("capex_vnd", ""),
        },
        {
            "item": "opex",
            "value": spec.opex_vnd_per_yr,
            "unit": "VND/yr",
            "source": src.get("opex_vnd_per_yr", ""),
        },
        {
            "item": "start year",
            "value": str(spec.start_year),
            "unit": "",
            "source": src.get("start_year", ""),
        },
        {
            "item": "lifetime",
            "value": spec.lifetime_yr,
            "unit": "yr",
            "source": src.get("lifetime_yr", ""),
        },
        {
            "item": "discount rate (real)",
            "value": spec.discount_rate_pct,
            "unit": "%/yr",
            "source": src.get("discount_rate_pct", ""),
        },
    ]
    if spec.revenue_vnd_per_yr:
        rows.append(
            {
                "item": "other revenue",
                "value": spec.revenue_vnd_per_yr,
                "unit": "VND/yr",
                "source": src.get("revenue_vnd_per_yr", ""),
            }
        )
    for row in rows:
        row["origin"] = "user"
        row["source"] = row["source"] or "scenario file; no source given (unverified)"
    return rows


def _features(model: AnnualModel) -> gpd.GeoDataFrame:
    rows = [
        {
            "role": p["role"],
            "name": p["name"],
            "geometry": Point(float(str(p["lon"])), float(str(p["lat"]))),
        }
        for p in model.points
    ]
    rows += [
        {"role": ln["role"], "name": ln["name"], "geometry": LineString(ln["coords"])}
        for ln in model.lines
    ]
    return gpd.GeoDataFrame(
        rows, columns=["role", "name", "geometry"], geometry="geometry", crs=4326
    )


def feasibility_case(
    scenario: Scenario, intervention_id: str, *, run: ScenarioRun | None = None
) -> FeasibilityCase:
    """Build the feasibility case of one intervention of a scenario.

    Parameters
    ----------
    scenario
        A loaded :class:`eipgeo.scenario.schema.Scenario` with an ``interventions`` list.
    intervention_id
        The intervention's ``id``.
    run
        An earlier :func:`eipgeo.scenario.run.run_scenario` result of the same scenario
        (saves a run).

    Returns
    -------
    FeasibilityCase

    Raises
    ------
    UsageError
        Unknown id, or the intervention does not match the scenario's results.
    """
    spec = find_intervention(scenario, intervention_id)
    model = annual_model(scenario, spec, run)
    cf, table, tornado, be = appraise_case(spec, model)
    assumptions = pd.DataFrame(
        _user_assumptions(spec) + model.assumptions,
        columns=["item", "value", "unit", "origin", "source"],
    )
    split = appraisal.benefit_split(model.parties) if model.parties else pd.DataFrame()
    park = parks.load_park(scenario.park_folder or scenario.park)
    return FeasibilityCase(
        spec=spec,
        park_slug=park.slug,
        park_name=park.name,
        scenario_name=scenario.name,
        summary=(spec.description + " " + model.summary).strip(),
        assumptions=assumptions,
        cash_flows=cf,
        appraisal=table,
        benefit_split=split,
        sensitivity=tornado,
        break_even=be,
        flows=pd.DataFrame(
            model.flows,
            columns=[
                "from_id",
                "from_name",
                "to_id",
                "to_name",
                "waste_code",
                "material",
                "t_per_yr",
                "distance_m",
                "distance_source",
            ],
        ),
        features=_features(model),
        risks=[*spec.risks, *model.risks, *_common_risks(spec)],
    )


def _common_risks(spec: InterventionSpec) -> list[str]:
    risks = [
        "Waste prices are Dong Nai's 2025/26 maximum tariffs (and a 2009 HCMC price for "
        "hazardous treatment) used for every province: check the province's own tariff."
    ]
    if spec.kind == "exchange":
        risks.append(
            "The benefit split shows each party's operating benefit before capex and "
            "opex; who pays those is for the parties to agree."
        )
    return risks


PROMISE_COLUMNS = [
    "intervention_id",
    "kind",
    "site_ids",
    "waste_code",
    "start_year",
    "promised_t_per_yr",
    "promised_co2e_change_kg_per_yr",
    "promised_net_vnd_per_yr",
]
"""Columns of :func:`promises` (what :mod:`eipgeo.monitoring` tracks)."""


def promises(scenario: Scenario, run: ScenarioRun | None = None) -> pd.DataFrame:
    """Return what each intervention of a scenario promises per year of operation.

    Parameters
    ----------
    scenario
        The validated scenario and its ``interventions``.
    run
        The scenario's run, when already made; ``None`` (default) runs it.

    Returns
    -------
    pandas.DataFrame
        One row per intervention, :data:`PROMISE_COLUMNS`: t/yr cut or diverted, CO2e
        change (kg/yr, negative = reduction) and net VND/yr in an operating year.

    Raises
    ------
    ValidationError
        An intervention does not match the scenario (:func:`annual_model`).
    """
    run = run or run_scenario(scenario)
    rows = []
    for spec in scenario.interventions:
        model = annual_model(scenario, spec, run)
        cf = cash_flow_table(spec, model)
        year = cf[cf.year == spec.start_year].iloc[0]
        sites = {str(f["from_id"]) for f in model.flows}
        rows.append(
            {
                "intervention_id": spec.id,
                "kind": spec.kind,
                "site_ids": ";".join(sorted(sites)),
                "waste_code": spec.waste_code or "",
                "start_year": spec.start_year,
                "promised_t_per_yr": model.diverted_t,
                "promised_co2e_change_kg_per_yr": model.co2e_change_kg,
                "promised_net_vnd_per_yr": float(year.net_vnd),
            }
        )
    return pd.DataFrame(rows, columns=PROMISE_COLUMNS)
