"""Issue 20: receivers by process capability, not symbiosis, no assumed demand, evidence.

The first tests run on tiny hand-made parks (no geometry beyond points); the last ones run
the symbiosis stage of every bundled park and check the plan against the capability rules.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import folium
import numpy as np
import pandas as pd
import pytest

from eipgeo import parks
from eipgeo.jobs.park import run_park
from eipgeo.matrix import SiteMatrix
from eipgeo.outputs.exchange_layer import CLASS_COLOURS, map_candidates
from eipgeo.outputs.report import _symbiosis_section
from eipgeo.symbiosis.capability import (
    RULE_MIXED,
    RULE_TREATMENT_CONTRACT,
    TREATMENT_KINDS,
    capability,
    named_processes,
    read_capabilities,
    read_named_receivers,
)
from eipgeo.symbiosis.catalogue import RULE_ORDINARY, read_links
from eipgeo.symbiosis.from_job import symbiosis_for_sites
from eipgeo.symbiosis.plan import candidates_to_investigate

FACILITY_COLUMNS = ["id", "name", "kind", "accepts", "lon", "lat", "capacity_t_per_day"]


def _park(
    sites: list[dict[str, Any]],
    streams: list[dict[str, Any]],
    metres: dict[tuple[str, str], float],
    facilities: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, SiteMatrix]:
    ids = [s["site_id"] for s in sites]
    values = np.full((len(ids), len(ids)), np.nan)
    np.fill_diagonal(values, 0.0)
    for (a, b), m in metres.items():
        values[ids.index(a), ids.index(b)] = m
    matrix = SiteMatrix(ids, values, "m", np.full(values.shape, "osm_street", dtype=object))
    fac = facilities if facilities is not None else pd.DataFrame(columns=FACILITY_COLUMNS)
    return pd.DataFrame(sites).assign(role="client"), pd.DataFrame(streams), fac, matrix


def _site(sid: str, name: str, lon: float, isic: str, processes: str = "") -> dict[str, Any]:
    return {
        "site_id": sid,
        "name": name,
        "lon": lon,
        "lat": 10.0,
        "isic4_class": isic,
        "processes": processes,
    }


def _stream(sid: str, stream: str, code: str, cls: str, t: float) -> dict[str, Any]:
    return {
        "site_id": sid,
        "stream": stream,
        "waste_code": code,
        "waste_class": cls,
        "waste_t_per_yr": t,
    }


# --------------------------------------------------------------------------------------
# 1. Receivers by process capability
# --------------------------------------------------------------------------------------


def test_capability_rules_are_sourced_and_say_the_review_cases() -> None:
    """Every capability row names a source and a status; the review's three cases are
    refused: wood to an HFO/gas plant, mixed plastic to precision moulders, used oil to a
    lubricant blender (shared/reviews/2026-12-domain-review.md §5)."""
    cap = read_capabilities()
    assert (cap.source != "").all()
    assert set(cap.status) <= {"published", "derived", "unverified"}
    assert set(cap.accepts) <= {"yes", "no"}
    assert capability("hfo_gas_power", "scrap_wood").accepts is False
    assert capability("precision_injection_moulding", "plastic_scrap").accepts is False
    assert capability("lubricant_blending", "used_lubricating_oil").accepts is False
    for pid in ("biomass_boiler", "pallet_repair", "particleboard_manufacture"):
        assert capability(pid, "scrap_wood").accepts is True
    assert capability("film_recycling", "plastic_scrap").accepts is True
    assert capability("used_oil_rerefining_licensed", "used_lubricating_oil").accepts is True
    # every link's processes take its material
    for link in read_links().itertuples():
        for pid in str(link.process_id).split(";"):
            assert capability(pid, link.supply_group).accepts, (link.link_id, pid)
    # every named receiver's process exists in the capability table
    known = set(cap.process_id)
    for row in read_named_receivers().itertuples():
        assert set(str(row.processes).split(";")) <= known, row.receiver_name


def test_wood_goes_to_a_biomass_boiler_not_to_an_hfo_gas_power_plant() -> None:
    """Pallets (OI-06) of 40 t/yr: HPPC (named: HFO/gas, 3510) cannot take them; a declared
    biomass boiler 1 km away can, and a 3510 firm with no named process is only inferred
    from its class... and 3510 infers no wood-burning process, so it gets no pair at all."""
    hppc = "Hiep Phuoc Power Co., Ltd. (HPPC) - Hiep Phuoc power plant"
    assert named_processes(hppc)[0] == {"hfo_gas_power"}
    sites = [
        _site("S", "Exporter", 106.0, "2930"),
        _site("H", hppc, 106.01, "3510"),
        _site("B", "Steam supplier", 106.02, "3530", "biomass_boiler"),
        _site("P", "Other power plant", 106.03, "3510"),
    ]
    streams = [_stream("S", "wood_packaging", "OI-06", "ordinary", 40.0)]
    res = symbiosis_for_sites(
        *_park(sites, streams, {("S", "B"): 1000.0}), unknown_demand="uncapped"
    )
    assert set(res.candidates.receiver_id) == {"B"}
    assert res.plan.receiver_id.tolist() == ["B"]
    assert res.plan.receiver_process_id.iloc[0] == "biomass_boiler"
    assert res.plan.process_basis.iloc[0] == "declared in the sites table"


def test_process_inferred_from_isic_is_a_candidate_only() -> None:
    """A 1701 mill with no named process may run a recycled-fibre line: a candidate whose
    reason says the process is inferred, never a plan exchange."""
    sites = [_site("S", "Packer", 106.0, "2930"), _site("K", "Mill", 106.01, "1701")]
    streams = [_stream("S", "paper_packaging", "OI-05", "ordinary", 10.0)]
    res = symbiosis_for_sites(
        *_park(sites, streams, {("S", "K"): 1000.0}), unknown_demand="uncapped"
    )
    assert res.plan.empty
    cand = candidates_to_investigate(res)
    assert len(cand) == 1
    assert cand.why_not_in_plan.iloc[0].startswith("receiver process inferred from its ISIC")


# --------------------------------------------------------------------------------------
# 2. Not symbiosis
# --------------------------------------------------------------------------------------


def test_treatment_contracts_and_mixed_waste_are_never_exchanges() -> None:
    """Spent solvent to a licensed hazardous-waste plant is a treatment contract; mixed
    ordinary waste to a cement kiln is disposal. Neither enters the plan, and the Decree
    08/2022 Art. 65(1) raw-material note is not attached to them."""
    assert "hazardous_treatment" in TREATMENT_KINDS
    sites = [
        _site("A", "Paint plant", 106.0, "2022"),
        _site("C", "Cement plant", 106.02, "2394", "cement_kiln_coprocessing_licensed"),
    ]
    streams = [
        _stream("A", "spent_solvent", "17 08 03", "hazardous", 30.0),
        _stream("A", "industrial_ordinary_mixed", "OI-17", "ordinary", 50.0),
    ]
    fac = pd.DataFrame(
        [
            {
                "id": "H",
                "name": "Licensed handler",
                "kind": "hazardous_treatment",
                "accepts": "hazardous;controlled;ordinary",
                "lon": 106.01,
                "lat": 10.0,
                "capacity_t_per_day": 100.0,
            }
        ]
    )
    res = symbiosis_for_sites(
        *_park(sites, streams, {("A", "C"): 2000.0}, fac), unknown_demand="uncapped"
    )
    assert res.plan.empty
    by_stream = res.candidates.set_index("stream")
    solvent, mixed = by_stream.loc["spent_solvent"], by_stream.loc["industrial_ordinary_mixed"]
    assert (solvent.plan_status, solvent.receiver_id) == ("not_symbiosis", "H")
    assert solvent.reasons.startswith(RULE_TREATMENT_CONTRACT)
    assert (mixed.plan_status, mixed.receiver_id) == ("not_symbiosis", "C")
    assert mixed.reasons.startswith(RULE_MIXED)
    assert RULE_ORDINARY not in mixed.reasons
    totals = res.totals.set_index("key").value
    assert totals["not_symbiosis"] == 2 and totals["exchanges"] == 0


# --------------------------------------------------------------------------------------
# 3. No assumed demand
# --------------------------------------------------------------------------------------


def test_unknown_demand_is_a_candidate_not_a_plan_exchange() -> None:
    """Default rule: a named recycled-fibre mill with no published intake is not capped at
    its largest offer; the pair is a candidate with the reason 'demand unknown'."""
    sites = [
        _site("S", "Packer", 106.0, "2930"),
        _site("K", "Mill", 106.01, "1701", "recycled_fibre_paper_mill"),
    ]
    streams = [_stream("S", "paper_packaging", "OI-05", "ordinary", 60.0)]
    res = symbiosis_for_sites(*_park(sites, streams, {("S", "K"): 1000.0}))
    assert res.plan.empty
    cand = candidates_to_investigate(res)
    assert cand.why_not_in_plan.str.contains("demand unknown").all()
    assert cand.evidence_level.iloc[0] == "reported"  # L16: VNCPC, Hoa Khanh IP


# --------------------------------------------------------------------------------------
# 5. One counterfactual
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pathway", "baseline_kg_per_t", "avoided_kg_per_yr"),
    [
        # recycling: 4.69 - 4.69 = 0 kg/t: the exchange is what the inventory does already
        ("recycling", 4.69, 0.0),
        # landfill: 1164 - 4.69 = 1159.31 kg/t; x 100 t = 115,931.0 kg/yr
        ("landfill", 1164.0, 115931.0),
    ],
)
def test_avoided_co2e_is_baseline_minus_exchange(
    pathway: str, baseline_kg_per_t: float, avoided_kg_per_yr: float
) -> None:
    """100 t/yr paper packaging, 2 km by street to a recycled-fibre mill (L16).

    Exchange CO2e = L16 route factor 4.69 (DESNZ 2025 recycling, cut-off: transport to the
    facility included, so the 2 km haul adds nothing on top). Baseline = the inventory's
    own pathway for the stream (co2e_kg_per_yr / t): when the inventory already recycles
    the paper, the exchange saves nothing; only a landfilled stream is credited the
    landfill factor. No landfill default, no double counting.
    """
    sites = [
        _site("S", "Packer", 106.0, "2930"),
        _site("K", "Mill", 106.01, "1701", "recycled_fibre_paper_mill"),
    ]
    stream = _stream("S", "paper_packaging", "OI-05", "ordinary", 100.0)
    stream.update(pathway=pathway, co2e_kg_per_yr=100.0 * baseline_kg_per_t)
    res = symbiosis_for_sites(
        *_park(sites, [stream], {("S", "K"): 2000.0}), unknown_demand="uncapped"
    )
    row = res.plan.set_index("link_id").loc["L16"]
    assert row.baseline_co2e_kg_per_t == pytest.approx(baseline_kg_per_t)
    assert row.exchange_co2e_kg_per_t == pytest.approx(4.69)
    assert row.co2e_cutoff_kg_per_t == pytest.approx(baseline_kg_per_t - 4.69)
    assert row.co2e_cutoff_kg_per_yr == pytest.approx(avoided_kg_per_yr, abs=0.05)
    assert row.baseline_pathway == pathway and "inventory" in row.co2e_basis


# --------------------------------------------------------------------------------------
# Every bundled park: the plan against the capability rules
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def park_results() -> dict[str, Any]:
    """The symbiosis result of every bundled park (routing kept short)."""
    return {
        slug: run_park(parks.load_park(slug), max_iterations=20).symbiosis
        for slug in parks.list_parks()
    }


def _named_or_declared(receiver: str) -> set[str]:
    return named_processes(receiver)[0]


def test_no_plan_exchange_goes_to_a_receiver_whose_process_cannot_take_it(
    park_results: dict[str, Any],
) -> None:
    """For every plan exchange of every bundled park: the receiver's process is named
    (sourced table) or a non-treatment facility's kind, it takes the material by a rule
    that is not unverified, and the exchange is neither a treatment contract nor mixed."""
    links = read_links().set_index("link_id")
    checked = 0
    for slug, res in park_results.items():
        for r in res.plan.itertuples():
            material = links.loc[r.link_id, "supply_group"]
            cap = capability(str(r.receiver_process_id), str(material))
            assert cap.accepts is True, (slug, r.receiver_name, r.stream)
            assert cap.status != "unverified", (slug, r.receiver_name, r.stream)
            assert not str(r.process_basis).startswith("inferred"), (slug, r.receiver_name)
            if not str(r.process_basis).startswith("facility kind"):
                assert r.receiver_process_id in _named_or_declared(str(r.receiver_name))
            assert r.receiver_process_id != "licensed waste treatment"
            assert r.plan_status == "plan" and r.evidence_level and r.evidence_source
            assert "demand unknown" not in str(r.demand_status)
            checked += 1
    assert checked > 0


def test_deepc_plan_holds_the_phosphogypsum_exchange(park_results: dict[str, Any]) -> None:
    """DAP Dinh Vu's phosphogypsum to Dinh Vu Gypsum JSC: 200,000 t/yr (lower bound of the
    200,000-250,000 t/yr running throughput, Viet Reader 2022), documented as running."""
    plan = park_results["deepc-haiphong"].plan
    pg = plan[plan.link_id == "L49"]
    assert len(pg) == 1
    row = pg.iloc[0]
    assert (row.supplier_id, row.receiver_id, row.chosen_t_per_yr) == (
        "DCHP-017",
        "DCHP-023",
        200000.0,
    )
    assert row.evidence_level == "documented_running"
    assert "vietreader.com" in row.evidence_source


def test_hiepphuoc_has_a_water_exchange_candidate(park_results: dict[str, Any]) -> None:
    """The central WWTP's treated effluent (3,000 m3/day x 365 = 1,095,000 m3/yr design)
    is a candidate to investigate, in m3/yr, not counted in t/yr."""
    res = park_results["hiepphuoc"]
    cand = candidates_to_investigate(res)
    water = cand[cand.stream == "treated_wastewater"]
    assert len(water) >= 1
    assert (water.unit == "m3/yr").all()
    assert (water.supply_t_per_yr == 1_095_000.0).all()


def test_water_candidate_is_on_the_map_and_in_the_report(park_results: dict[str, Any]) -> None:
    """The Hiep Phuoc treated-effluent candidate is drawn (dotted, water blue, shown by
    default) and listed in the report's candidates table with its m3/yr."""
    res = park_results["hiepphuoc"]
    cand = candidates_to_investigate(res)
    layer = map_candidates(cand)
    m = folium.Map(location=[10.62, 106.75], tiles=None)
    layer.add_to(m)
    html = m.get_root().render()
    assert "treated_wastewater" in html and CLASS_COLOURS["water"] in html
    assert layer.show is True
    section = _symbiosis_section(SimpleNamespace(symbiosis=res, symbiosis_objective="auto"))  # type: ignore[arg-type]
    assert "Candidates to investigate" in section
    assert "treated_wastewater" in section and "m3/yr" in section
