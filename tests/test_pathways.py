"""Treatment pathways, costs and GHG on a two-enterprise park worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from eipgeo import pathways, waste
from eipgeo._errors import UsageError

FACILITIES = pd.DataFrame(
    {
        "id": ["landfill", "haz-plant"],
        "accepts": ["domestic;ordinary", "hazardous;controlled;ordinary"],
        "methods": ["", "incineration;oil_re_refining;decontamination"],
    }
)


def _park() -> pd.DataFrame:
    """A: tyre plant (ISIC 2211) of 124.3 t/yr; B: unknown sector, 50 workers (62.15 t/yr).

    A's total is pinned at 100 workers × the all-sector 1.243 t/worker/yr (low 97.1, high
    166.7), split by the tyre profile at 16 % hazardous, so these pathway, cost and GHG
    tests do not move with the division rates of the generation stage
    (``tests/test_generation.py`` checks those).
    """
    a = waste.profile_rows(
        "A",
        "2211",
        (97.1, 124.3, 166.7),
        keys="fixture: 124.3 t/yr",
        status="derived",
        method="per_worker_all_sector",
    )
    b = waste.industrial_streams(pd.DataFrame({"id": ["B"], "employees": [50.0]}))
    return pd.concat([pd.DataFrame(a, columns=waste.STREAM_COLUMNS), b], ignore_index=True)


def test_two_enterprise_park_by_hand() -> None:
    """Totals, shares, cost and CO2e of the two-enterprise park (no province: national prices).

    Generation (A pinned at 124.3 t, B 50 × 1.243 t/worker/yr; 16 % hazardous): A 124.3 t
    = 19.888 haz (17 02 04, 18 01 02, 18 02 01 at 6.629 each) + 104.412 ordinary (rubber,
    paper, wood at 34.804);
    B 62.15 t = 9.944 haz (18 02 01, 17 02 04 at 4.972) + 52.206 mixed ordinary.
    Handled as hazardous 29.832 t, of which KS (18 01 02, 18 02 01) is reported
    controlled: 6.629 + 6.629 + 4.972 = 18.230 t, hazardous 6.629 + 4.972 = 11.601 t;
    ordinary 156.618 t, total 186.45 t.

    Pathways (haz-plant's permit lists the methods incineration, oil_re_refining and
    decontamination): oil 17 02 04 → re-refining; steel drums 18 01 02 → decontaminated,
    steel recycled; rags 18 02 01 → incineration; scrap → recycling; mixed → landfill.
    recycling = 11.601 + 6.629 + 104.412 = 122.642 t (65.78 %); incineration 6.629 +
    4.972 = 11.601 t (6.22 %); landfill 52.206 t (28.00 %).

    Cost (VND/yr, 2025 VND, national rows of prices.csv; issue 19 follow-up: the hazardous
    treatment price, a 2009 quote taken as incineration, prices incineration only):
    rags incinerated 11.601 × (3,750,000 + 4,500,000 × 2.142720) = 11.601 × 13,392,239 =
    155,363,376; used oil re-refined earns the collectors' buying price, 5,714,286 × 1.0331
    (2024→2025) = 5,903,429 VND/t: −11.601 × 5,903,429 = −68,485,678; steel drums
    (decontamination) have no sourced price: unknown (NaN), left out of the sum; rubber
    34.804 × (239,128 − 1,500,000 × 2.286646 (2008→2025)) = −111,054,044; paper 34.804 ×
    (239,128 − 1,500,000 × 1.140216 (2021→2025)) = −51,203,509; wood (no price) 34.804 ×
    239,128 = 8,322,611; landfill 52.206 × (239,128 + 519,653) = 39,612,921; total
    −27,444,323. Revenue 34.804 × (3,429,969 + 1,710,324) + 68,485,678 = 247,388,442.
    CO2e (ipcc2006_vn): re-refining, drums and scrap at the DESNZ cut-off
    122.642 × 4.69 = 575.2; rags incinerated, IPCC industrial-waste default (unverified)
    11.601 × 1,650 = 19,141.7; mixed waste landfilled by IPCC tier 1 with the bulk-waste
    DOC 0.20 (1,493.333 kg/t, tests/test_ghg.py) 52.206 × 1,493.333 = 77,960.9; total
    97,677.8 kg.
    """
    inv, problems = pathways.plan_streams(_park(), FACILITIES)
    assert problems == []
    totals = pathways.park_totals(inv)
    by_class = totals.groupby("waste_class")["waste_t_per_yr"].sum()
    assert by_class["controlled"] == pytest.approx(18.230, abs=0.003)
    assert by_class["hazardous"] == pytest.approx(11.601, abs=0.003)
    assert by_class["ordinary"] == pytest.approx(156.618, abs=0.003)
    assert by_class.sum() == pytest.approx(186.45, abs=0.005)
    assert set(totals[totals.waste_class == "controlled"].handled_as) == {"hazardous"}
    share = totals.groupby("pathway")["share_pct"].sum()
    assert share["recycling"] == pytest.approx(65.78, abs=0.01)
    assert share["incineration"] == pytest.approx(6.22, abs=0.01)
    assert share["landfill"] == pytest.approx(28.00, abs=0.01)
    assert inv["cost_vnd_per_yr"].sum() == pytest.approx(-27_444_323, rel=1e-4)
    assert inv["revenue_vnd_per_yr"].sum() == pytest.approx(247_388_442, rel=1e-4)
    assert inv["co2e_kg_per_yr"].sum() == pytest.approx(97_677.8, rel=1e-4)
    assert set(inv["ghg_method"]) == {
        "ipcc2006_vn",
        "desnz_2025_cutoff (cut-off: transport to the recycler or kiln)",
    }
    landfill = inv[inv.waste_code == "OI-17"].iloc[0]
    assert landfill.ghg_factor_key == "ipcc2006_vn.landfill.mixed"
    drums = inv[inv.waste_code == "18 01 02"].iloc[0]
    assert pd.isna(drums.cost_vnd_per_yr)
    assert drums.price_keys.startswith("unpriced (unverified): no sourced price for hazardous")
    oil_row = inv[(inv.site_id == "A") & (inv.waste_code == "17 02 04")].iloc[0]
    assert oil_row.price_keys == "− revenue.used_oil"
    assert oil_row.cost_vnd_per_yr == pytest.approx(-6.629 * 5_903_429, rel=1e-6)
    rags = inv[(inv.site_id == "A") & (inv.waste_code == "18 02 01")].iloc[0]
    assert rags.price_keys == "collection_transport.hazardous + treatment.hazardous"
    oil = inv[(inv.site_id == "A") & (inv.waste_code == "17 02 04")].iloc[0]
    assert (oil.pathway, oil.facility_id) == ("recycling", "haz-plant")
    assert "permitted method oil_re_refining" in oil.pathway_note
    rubber = inv[inv.waste_code == "OI-13"].iloc[0]
    assert rubber.price_keys == "collection_transport.ordinary − revenue.rubber"
    assert "× CPI 2.2866 (2008→2025)" in rubber.price_basis


def test_hazardous_stream_without_permitted_handler_is_listed_priced_and_counted() -> None:
    """With only a landfill, every hazardous stream is 'unassigned' (no permitted
    destination) and gets a warning naming site and code; none goes to the landfill.
    It is still priced as the treatment its rule gives (national rows: rags incinerated
    11.601 × 13,392,239 = 155,363,376; used oil re-refined −11.601 × 5,903,429 =
    −68,485,678) or, where that treatment has no sourced price, at the licensed
    collection and treatment price (drums, 6.629 × 13,392,239 = 88,777,152): 175,654,850
    VND/yr, none left unpriced; and counted in CO2e at the
    treatment its rule gives: oil and drums at the cut-off (11.601 + 6.629) × 4.69 = 85.5,
    rags incinerated 11.601 × 1,650 = 19,141.7; 19,227.2 kg."""
    inv, problems = pathways.plan_streams(_park(), FACILITIES.iloc[:1])
    haz = inv[inv.waste_class == "hazardous"]  # handled as hazardous: NH and KS codes
    assert set(haz.pathway) == {"unassigned"}
    assert haz["cost_vnd_per_yr"].sum() == pytest.approx(175_654_850, rel=1e-4)
    assert haz["cost_vnd_per_yr"].notna().all()
    drums = haz[~haz.treatment.isin(["hazardous_incineration", "oil_re_refining"])]
    assert drums["price_basis"].str.contains("licensed hazardous collection").all()
    assert haz["co2e_kg_per_yr"].sum() == pytest.approx(19_227.2, rel=1e-4)
    assert haz["price_basis"].str.startswith("no permitted destination").all()
    assert haz["ghg_method"].str.contains("no permitted destination").all()
    assert len(problems) == len(haz) == 5
    assert any(
        "A: controlled (KS, handled as hazardous) stream 18 01 02" in p.message for p in problems
    )
    assert all(p.severity == "warning" and p.code == "no_permitted_destination" for p in problems)
    assert any(
        "A: hazardous stream 17 02 04" in p.message and "no permitted destination" in p.message
        for p in problems
    )
    rows = dict((k, v) for k, v, _, _ in pathways.summary_rows(inv))
    assert rows["waste_t_per_yr.unassigned"] == pytest.approx(29.8, abs=0.05)
    extra = {k: v for k, v, _, _ in pathways.cost_ghg_summary_rows(inv)}
    assert extra["waste_t_per_yr.no_permitted_destination"] == pytest.approx(29.8, abs=0.05)
    assert extra["waste_cost_vnd_per_yr.no_permitted_destination"] == pytest.approx(
        175_654_850, rel=1e-4
    )
    assert extra["price.treatment.hazardous"] == 9_642_239


def test_a_class_licence_is_not_a_permit() -> None:
    """A facility that accepts 'hazardous' but lists neither codes nor methods, a planned
    plant, and a handler whose codes do not include the stream are not permitted; a
    handler listing the code is, and a storage/transfer permit takes any code."""
    streams = _park().query("site_id == 'B'")
    cases = {
        "class only": ({"accepts": "hazardous"}, ""),
        "planned": (
            {
                "accepts": "hazardous",
                "methods": "incineration;oil_re_refining",
                "status": "planned",
            },
            "",
        ),
        "other codes": ({"accepts": "hazardous", "waste_codes": "17 02 04"}, "17 02 04"),
        "storage": ({"accepts": "hazardous", "methods": "storage_transfer"}, "18 02 01;17 02 04"),
    }
    for what, (fac, routed) in cases.items():
        inv, _ = pathways.plan_streams(streams, pd.DataFrame([{"id": "h", **fac}]))
        haz = inv[inv.waste_class == "hazardous"]
        placed = sorted(haz.loc[haz.facility_id == "h", "waste_code"])
        assert placed == sorted(c for c in routed.split(";") if c), what


def test_pathway_slips_oil_filters_emulsions_and_drums() -> None:
    """Used oil filters (15 01 02) are drained and crushed with the steel recycled, spent
    machining emulsions (07 03 04) split physico-chemically, steel drums (18 01 02)
    decontaminated and recycled: none goes to oil re-refining or incineration. At a
    handler permitted only for re-refining, none of the three is placed."""
    assert pathways.hazardous_rule("oil", "15 01 02") == ("recycling", "oil_filter_crushing")
    assert pathways.hazardous_rule("oil", "07 03 04") == ("physico_chemical", "emulsion_splitting")
    assert pathways.hazardous_rule("packaging_contaminated", "18 01 02") == (
        "recycling",
        "decontaminate_and_recycle",
    )
    assert pathways.hazardous_rule("oil", "17 02 04") == ("recycling", "oil_re_refining")
    rows = pd.DataFrame(
        {
            "site_id": ["S"] * 3,
            "waste_code": ["15 01 02", "07 03 04", "18 01 02"],
            "waste_class": ["hazardous"] * 3,
            "legal_class": ["hazardous", "hazardous", "controlled"],
            "material": ["oil", "oil", "packaging_contaminated"],
            "name_en": ["filters", "emulsion", "drums"],
            "waste_t_per_yr": [1.0, 2.0, 3.0],
        }
    )
    refiner = pd.DataFrame([{"id": "r", "accepts": "hazardous", "methods": "oil_re_refining"}])
    inv, problems = pathways.plan_streams(rows, refiner)
    assert set(inv.pathway) == {"unassigned"} and len(problems) == 3
    full = pd.DataFrame(
        [{"id": "f", "accepts": "hazardous", "methods": "decontamination;physico_chemical"}]
    )
    inv, problems = pathways.plan_streams(rows, full)
    assert problems == []
    assert inv.set_index("waste_code").treatment.to_dict() == {
        "15 01 02": "oil_filter_crushing",
        "07 03 04": "emulsion_splitting",
        "18 01 02": "decontaminate_and_recycle",
    }
    assert inv.set_index("waste_code").pathway["07 03 04"] == "physico_chemical"


def test_avoided_burden_option_is_labelled() -> None:
    """WARM: paper recycling credit -3.6 t CO2e/short ton / 0.907185 = -3,968.3 kg/t;
    A's paper 34.804 t → -138,113 kg. Rubber has no WARM factor → DESNZ, labelled."""
    inv, _ = pathways.plan_streams(_park(), FACILITIES, method="warm_avoided_burden")
    paper = inv[inv.waste_code == "OI-05"].iloc[0]
    assert paper.co2e_kg_per_yr == pytest.approx(-138_113, rel=1e-4)
    assert paper.ghg_method == "warm_avoided_burden"
    rubber = inv[inv.waste_code == "OI-13"].iloc[0]
    assert rubber.ghg_method == "desnz_2025_cutoff (no WARM factor for this row)"
    with pytest.raises(UsageError, match="unknown GHG method 'lca'"):
        pathways.add_costs_and_ghg(inv, method="lca")


def test_desnz_option_and_ranges() -> None:
    """The UK cut-off option stays: mixed waste landfilled 52.206 × 521 = 27,199.3 kg.
    Ranges by hand on one stream with t/yr 10 (8-12), composted (Dong Nai):
    cost 239,128 + 558,439 = 797,567 VND/t (one figure each) → 7,975,670 (6,380,536 to
    9,570,804); CO2e 191.5 kg/t (16.74-383.0) → 1,915 (8 × 16.74 = 133.9 to 12 × 383 =
    4,596)."""
    inv, _ = pathways.plan_streams(_park(), FACILITIES, method="desnz_2025_cutoff")
    landfill = inv[inv.pathway == "landfill"].iloc[0]
    assert landfill.co2e_kg_per_yr == pytest.approx(52.206 * 521, abs=0.1)
    food = pd.DataFrame(
        {
            "site_id": ["F"],
            "waste_code": ["OI-01"],
            "waste_class": ["ordinary"],
            "material": ["food"],
            "name_en": ["food"],
            "waste_t_per_yr": [10.0],
            "waste_t_per_yr_low": [8.0],
            "waste_t_per_yr_high": [12.0],
        }
    )
    row = pathways.plan_streams(food, FACILITIES, province="Dong Nai")[0].iloc[0]
    assert row.cost_vnd_per_yr == pytest.approx(7_975_670)
    assert (row.cost_vnd_per_yr_low, row.cost_vnd_per_yr_high) == (6_380_536, 9_570_804)
    assert row.co2e_kg_per_yr == pytest.approx(1915.0)
    assert (row.co2e_kg_per_yr_low, row.co2e_kg_per_yr_high) == pytest.approx((133.9, 4596.0))


def test_scenario_against_baseline() -> None:
    """50 % less rubber at A (no growth): 17.402 t of 186.45 t prevented (9.33 %); the
    baseline has no prevention row."""
    sc = waste.WasteChange(name="recp", reduction_pct_by_code={"OI-13": 50})
    cmp = pathways.compare_scenario(_park(), FACILITIES, sc)
    base = cmp[cmp.case == "baseline"]
    recp = cmp[cmp.case == "recp"]
    assert "prevention" not in set(base.pathway)
    prevented = recp[recp.pathway == "prevention"].iloc[0]
    assert prevented.waste_t_per_yr == pytest.approx(17.402, abs=0.001)
    assert prevented.share_pct == pytest.approx(9.33, abs=0.01)
    assert prevented.cost_vnd_per_yr == 0 and prevented.co2e_kg_per_yr == 0
    assert recp.waste_t_per_yr.sum() == pytest.approx(base.waste_t_per_yr.sum(), abs=0.002)


def test_hazardous_incineration_by_fossil_carbon_labelled_unverified() -> None:
    """Oily rags (18 02 01, KS) are incinerated at the permitted plant without energy
    recovery: A's 6.629 t × 1,650 kg CO2/t = 10,937.9 kg (IPCC 2006 Vol. 5 Ch. 5 Eq. 5.1
    with the industrial-waste defaults, unverified: 1.0 × 0.50 × 0.90 × 44/12), not the
    DESNZ 'combustion' 4.69. The summary says how much CO2e rests on unverified factors:
    11.601 × 1,650 = 19,141.7 of 97,677.8 kg (20 %); the note sums the rows as rounded to
    0.1 kg: 10,937.8 + 8,203.8 = 19,141.6. Under the DESNZ option the row keeps the IPCC
    factor, labelled ipcc2006_incineration."""
    inv, _ = pathways.plan_streams(_park(), FACILITIES)
    row = inv[(inv.site_id == "A") & (inv.waste_code == "18 02 01")].iloc[0]
    assert (row.pathway, row.treatment) == ("incineration", "hazardous_incineration")
    assert row.co2e_kg_per_yr == pytest.approx(6.629 * 1650, abs=0.1)
    assert row.ghg_factor_key == "ipcc2006_vn.incineration.packaging_contaminated"
    assert (row.ghg_method, row.ghg_factor_status) == ("ipcc2006_vn", "unverified")
    note = dict((k, n) for k, _, _, n in pathways.summary_rows(inv))["waste_co2e_kg_per_yr.total"]
    assert "19,141.6 kg CO2e/yr (20 % of the total) use factors marked unverified" in note
    desnz, _ = pathways.plan_streams(_park(), FACILITIES, method="desnz_2025_cutoff")
    row = desnz[(desnz.site_id == "A") & (desnz.waste_code == "18 02 01")].iloc[0]
    assert row.ghg_method == "ipcc2006_incineration"
    warm, _ = pathways.plan_streams(_park(), FACILITIES, method="warm_avoided_burden")
    row = warm[(warm.site_id == "A") & (warm.waste_code == "18 02 01")].iloc[0]
    assert row.ghg_method == "ipcc2006_incineration (no WARM factor for this row)"


def test_ks_stream_is_reported_controlled_and_sent_only_to_a_permitted_handler() -> None:
    """B (unknown sector, 50 workers) has KS 18 02 01 (oily rags) of 50 × 1.243 × 0.16 / 2
    = 4.972 t/yr. With a landfill accepting 'controlled' but no hazardous permit, and a
    handler permitted to incinerate, the stream goes to the handler, never the landfill; it
    is reported 'controlled' in the inventory, totals and summary, handled as hazardous."""
    facilities = pd.DataFrame(
        {
            "id": ["a-landfill", "z-haz"],
            "accepts": ["controlled;ordinary", "hazardous"],
            "methods": ["", "incineration;oil_re_refining"],
        }
    )
    inv, problems = pathways.plan_streams(_park().query("site_id == 'B'"), facilities)
    rags = inv[inv.waste_code == "18 02 01"].iloc[0]
    assert (rags.legal_class, rags.waste_class) == ("controlled", "hazardous")
    assert rags.class_note.startswith("KS (controlled)")
    assert (rags.facility_id, rags.pathway) == ("z-haz", "incineration")
    assert rags.waste_t_per_yr == pytest.approx(4.972, abs=0.001)
    totals = pathways.park_totals(inv).set_index(["waste_class", "pathway"])
    assert totals.loc[("controlled", "incineration"), "waste_t_per_yr"] == pytest.approx(
        4.972, abs=0.001
    )
    rows = {k: (v, n) for k, v, _, n in pathways.summary_rows(inv)}
    assert rows["waste_t_per_yr.controlled"][0] == pytest.approx(5.0, abs=0.05)
    assert rows["waste_t_per_yr.controlled"][1].startswith("handled as hazardous")
    assert problems == []
    # without the permitted handler the KS stream is left unassigned and named, not landfilled
    alone, problems = pathways.plan_streams(_park().query("site_id == 'B'"), facilities.iloc[:1])
    ks = alone[alone.waste_code == "18 02 01"].iloc[0]
    assert ks.pathway == "unassigned" and ks.facility_id == ""
    assert any(
        "B: controlled (KS, handled as hazardous) stream 18 02 01" in p.message
        and p.code == "no_permitted_destination"
        for p in problems
    )


def test_totals_by_class_add_up_and_share_row_by_hand() -> None:
    """Summary class rows sum to the total (18.2 + 11.6 + 156.6 = 186.4 t/yr, rounded);
    hazardous incl. controlled = 29.832 / 186.45 = 16.0 % of the non-domestic t/yr."""
    inv, _ = pathways.plan_streams(_park(), FACILITIES)
    rows = {k: v for k, v, _, _ in pathways.summary_rows(inv)}
    parts = [
        float(str(rows[f"waste_t_per_yr.{c}"])) for c in ("controlled", "hazardous", "ordinary")
    ]
    assert sum(parts) == pytest.approx(float(str(rows["waste_t_per_yr.total"])), abs=0.15)
    assert rows["waste_share_pct.hazardous_incl_controlled"] == pytest.approx(16.0, abs=0.05)


def test_plausibility_by_hand() -> None:
    """100 t/yr on 2 ha (50 t/ha/yr) with 10 t hazardous, 6 t controlled and 20 t domestic:
    share = 16 / 80 = 20 % of the non-domestic t/yr. Published: gross 42.01 (Viet Nam),
    55.56 (Dong Nai), 109.7 t/ha/yr (Can Tho) → 50 is inside 42.01-109.7; hazardous 3.8
    (Binh Duong) to 24.1 % (HCMC c.2011) → 20 % inside. 40 workers → 2.5 t/worker/yr
    against 0.971-2.083 (Dong Nai, Viet Nam IZs) → 2.5 / 2.083 = 1.2 × the top."""
    inv = pd.DataFrame(
        {
            "waste_t_per_yr": [10.0, 6.0, 64.0, 20.0],
            "waste_class": ["hazardous", "hazardous", "ordinary", "domestic"],
            "legal_class": ["hazardous", "controlled", "ordinary", "domestic"],
        }
    )
    table = pathways.plausibility(inv, area_ha=2.0, workers=40).set_index("metric")
    per_ha = table.loc["waste_t_per_ha_yr"]
    assert (per_ha.park_value, per_ha.published_low, per_ha.published_high) == (50.0, 42.01, 109.7)
    assert per_ha.verdict == "inside the published range"
    share = table.loc["hazardous_incl_controlled_pct"]
    assert (share.park_value, share.published_low, share.published_high) == (20.0, 3.8, 24.1)
    worker = table.loc["waste_t_per_worker_yr"]
    assert worker.park_value == 2.5
    assert worker.verdict == "1.2 x the top of the published range (above)"
    assert "cost_vnd_per_t" not in table.index  # no cost column in this inventory
    with pytest.raises(UsageError, match="area_ha is 0"):
        pathways.plausibility(inv, area_ha=0)


def test_a_park_with_no_data_has_unknown_totals_not_zero() -> None:
    """Issue 19 follow-up, item 9: a park with no tenant, workforce or land data (Amata
    City Ha Long) has no streams; its totals are unknown (empty value, the reason in the
    note), never 0.0."""
    inv, _ = pathways.plan_streams(pd.DataFrame(columns=waste.STREAM_COLUMNS), FACILITIES)
    rows = {k: (v, n) for k, v, _, n in pathways.summary_rows(inv)}
    for key in (
        "waste_t_per_yr.park_total",
        "waste_t_per_yr.park_total_low",
        "waste_t_per_yr.park_total_high",
        "waste_t_per_yr.total",
        "waste_cost_vnd_per_yr.total",
        "waste_co2e_kg_per_yr.total",
    ):
        value, note = rows[key]
        assert value == "", key
        assert note == pathways.UNKNOWN_NO_DATA
    assert not any(v == 0 for v, _ in rows.values())


def test_labels_note_keeps_whole_labels() -> None:
    """The ghg_method note never cuts a label: three 200-character labels give
    13 + 200 + 2 + 200 = 415 characters, the third would pass 500, so it is counted."""
    from eipgeo.pathways import _labels_note

    a, b, c = ("a" * 200, "b" * 200, "c" * 200)
    assert _labels_note([a, b, c]) == (
        f"labels used: {a}; {b}; +1 more in waste_inventory.csv (ghg_method)"
    )
    assert _labels_note(["x", "y"]) == "labels used: x; y"
