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
    """Totals, shares, cost and CO2e of the two-enterprise park.

    Generation (A pinned at 124.3 t, B 50 × 1.243 t/worker/yr; 16 % hazardous): A 124.3 t
    = 19.888 haz (17 02 04, 18 01 02, 18 02 01 at 6.629 each) + 104.412 ordinary (rubber,
    paper, wood at 34.804);
    B 62.15 t = 9.944 haz (18 02 01, 17 02 04 at 4.972) + 52.206 mixed ordinary.
    Handled as hazardous 29.832 t, of which KS (18 01 02, 18 02 01) is reported
    controlled: 6.629 + 6.629 + 4.972 = 18.230 t, hazardous 6.629 + 4.972 = 11.601 t;
    ordinary 156.618 t, total 186.45 t.

    Pathways: oil 17 02 04 → recycling (re-refining) at the licensed plant; packaging
    18 01 02 / 18 02 01 → incineration there; scrap → recycling; mixed → landfill.
    recycling = 6.629 + 4.972 + 104.412 = 116.013 t (62.22 %); incineration = 2 × 6.629 +
    4.972 = 18.230 t (9.78 %); landfill 52.206 t (28.00 %).

    Cost (VND/yr): hazardous 29.832 × (3.75 M + 4.5 M) = 246,114,000; scrap 104.412 ×
    239,128 = 24,967,833; landfill 52.206 × (239,128 + 519,653) = 39,612,921;
    total 310,694,754.
    CO2e: oil re-refining and scrap (DESNZ cut-off) (11.601 + 104.412) × 4.69 = 544.1;
    landfill 52.206 × 521 = 27,199.3; incineration without energy recovery (IPCC 2006
    Eq. 5.1, unverified defaults) 18.230 × 1,650 = 30,079.5; total 57,822.9 kg.
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
    assert share["recycling"] == pytest.approx(62.22, abs=0.01)
    assert share["incineration"] == pytest.approx(9.78, abs=0.01)
    assert share["landfill"] == pytest.approx(28.00, abs=0.01)
    assert inv["cost_vnd_per_yr"].sum() == pytest.approx(310_694_754, rel=1e-4)
    assert inv["co2e_kg_per_yr"].sum() == pytest.approx(57_822.9, rel=1e-4)
    assert set(inv["ghg_method"]) == {"desnz_2025_cutoff", "ipcc2006_incineration"}
    oil = inv[(inv.site_id == "A") & (inv.waste_code == "17 02 04")].iloc[0]
    assert (oil.pathway, oil.facility_id) == ("recycling", "haz-plant")


def test_hazardous_stream_without_licensed_facility_is_named_not_landfilled() -> None:
    """With only a landfill, every hazardous stream is 'unassigned' and gets a warning
    naming site and code; none goes to the landfill."""
    inv, problems = pathways.plan_streams(_park(), FACILITIES.iloc[:1])
    haz = inv[inv.waste_class == "hazardous"]  # handled as hazardous: NH and KS codes
    assert set(haz.pathway) == {"unassigned"}
    assert len(problems) == len(haz) == 5
    assert any(
        "A: controlled (KS, handled as hazardous) stream 18 01 02" in p.message for p in problems
    )
    assert all(p.severity == "warning" and p.code == "no_licensed_facility" for p in problems)
    assert any(
        "A: hazardous stream 17 02 04" in p.message
        and "no licensed hazardous-waste facility" in p.message
        for p in problems
    )
    rows = dict((k, v) for k, v, _, _ in pathways.summary_rows(inv))
    assert rows["waste_t_per_yr.unassigned"] == pytest.approx(29.8, abs=0.05)


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


def test_hazardous_incineration_uses_the_ipcc_factor_labelled_unverified() -> None:
    """A's contaminated metal packaging (18 01 02, KS) is incinerated at the licensed plant
    without energy recovery: 6.629 t × 1,650 kg CO2/t = 10,937.9 kg (IPCC 2006 Vol. 5
    Ch. 5 Eq. 5.1: 1.0 × 0.50 × 0.90 × 1.00 × 44/12 = 1.650 t CO2/t), not the DESNZ
    'combustion' 6.629 × 4.69 = 31.1 kg. The factor is unverified, and the summary says
    how much CO2e rests on it: 18.230 × 1,650 = 30,079.5 of 57,822.9 kg (52 %); the note
    sums the rows as rounded to 0.1 kg: 10,937.8 + 10,937.8 + 8,203.8 = 30,079.4."""
    inv, _ = pathways.plan_streams(_park(), FACILITIES)
    row = inv[(inv.site_id == "A") & (inv.waste_code == "18 01 02")].iloc[0]
    assert (row.pathway, row.treatment) == ("incineration", "hazardous_incineration")
    assert row.co2e_kg_per_yr == pytest.approx(6.629 * 1650, abs=0.1)
    assert row.ghg_factor_key == "ghg_kg_co2e_per_t.ipcc2006.incineration.hazardous_industrial"
    assert (row.ghg_method, row.ghg_factor_status) == ("ipcc2006_incineration", "unverified")
    oil = inv[(inv.site_id == "A") & (inv.waste_code == "17 02 04")].iloc[0]
    assert (oil.ghg_method, oil.ghg_factor_status) == ("desnz_2025_cutoff", "published")
    note = dict((k, n) for k, _, _, n in pathways.summary_rows(inv))["waste_co2e_kg_per_yr.total"]
    assert "30,079.4 kg CO2e/yr (52 % of the total) use factors marked unverified" in note
    assert "ipcc2006_incineration" in note
    warm, _ = pathways.plan_streams(_park(), FACILITIES, method="warm_avoided_burden")
    row = warm[(warm.site_id == "A") & (warm.waste_code == "18 01 02")].iloc[0]
    assert row.ghg_method == "ipcc2006_incineration (no WARM factor for this row)"


def test_ks_stream_is_reported_controlled_and_sent_only_to_a_licensed_facility() -> None:
    """B (unknown sector, 50 workers) has KS 18 02 01 (oily rags) of 50 × 1.243 × 0.16 / 2
    = 4.972 t/yr. With a landfill accepting 'controlled' but no hazardous licence, and a
    licensed plant, the stream goes to the plant (incineration), never the landfill; it
    is reported 'controlled' in the inventory, totals and summary, handled as hazardous."""
    facilities = pd.DataFrame(
        {"id": ["a-landfill", "z-haz"], "accepts": ["controlled;ordinary", "hazardous"]}
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
    # without the licensed plant the KS stream is left unassigned and named, not landfilled
    alone, problems = pathways.plan_streams(_park().query("site_id == 'B'"), facilities.iloc[:1])
    ks = alone[alone.waste_code == "18 02 01"].iloc[0]
    assert ks.pathway == "unassigned" and ks.facility_id == ""
    assert any(
        "B: controlled (KS, handled as hazardous) stream 18 02 01" in p.message
        and p.code == "no_licensed_facility"
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
