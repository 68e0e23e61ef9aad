"""Generation by what each tenant does, the rest of the park, and ranges (issue 19).

Every expected value below is worked out by hand in the test's docstring, from the rows
of ``eipgeo/data/generation_rates.csv`` and ``production_intensities.csv``.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError as PydanticValidationError

from eipgeo import generation, pathways, waste
from eipgeo._errors import ValidationError
from eipgeo.outputs.report import generation_table
from eipgeo.parks import Statistic

DATA = Path(__file__).parent / "data" / "generation"


def test_production_based_phosphogypsum_by_hand() -> None:
    """DAP Dinh Vu's 2022 output, 186,000 t DAP, × t phosphogypsum per t DAP.

    Intensity: 0.46 t P2O5 per t DAP (18-46-0) × 4.5 / 5.0 / 5.5 t PG per t P2O5 (FIPR;
    Taha) = 2.07 / 2.30 / 2.53 t PG per t DAP. So 186,000 × 2.07 = 385,020; × 2.30 =
    427,800; × 2.53 = 470,580 t/yr, against the 350,000-450,000 t/yr DAP-Vinachem states.
    """
    production = pd.DataFrame(
        {
            "site_id": ["DAP"],
            "capacity_value": [186_000.0],
            "capacity_unit": ["t DAP/yr"],
            "capacity_basis": ["actual_output"],
            "year": ["2022"],
            "intensity_key": ["phosphogypsum.dap"],
            "source_url": ["https://thanhtra.com.vn/..."],
        }
    )
    row = generation.production_streams(production).iloc[0]
    assert row.waste_t_per_yr == pytest.approx(427_800.0)
    assert (row.waste_t_per_yr_low, row.waste_t_per_yr_high) == pytest.approx(
        (385_020.0, 470_580.0)
    )
    assert (row.waste_code, row.legal_class, row.method) == ("OI-18", "ordinary", "production")
    assert row.collection == "generator_bulk" and row.status == "derived"
    assert "actual output" in row.coefficients and "phosphogypsum.dap" in row.coefficients


def test_per_worker_rate_of_a_division_by_hand() -> None:
    """An electronics plant (ISIC 2610), 1,000 workers.

    Rate: US electronics coefficient 2.29 / mean of the 8 US divisions (59.12 / 8 = 7.39)
    = 0.30988 × the Vietnamese IZ average 0.971 / 1.243 / 1.667 t/worker/yr = 0.3009 /
    0.3852 / 0.5166 (stored to 4 decimals). Total 1,000 × 0.3852 = 385.2 t/yr (low 300.9,
    high 516.6). Hazardous share of division 26: 10,386 / (9,156 + 10,386) = 0.53 (NRIE
    Lamphun) → 385.2 × 0.53 = 204.156 t over 3 codes = 68.052 t each; ordinary 181.044 t.
    """
    out = waste.industrial_streams(
        pd.DataFrame({"id": ["E"], "employees": [1000.0], "isic4_class": ["2610"]})
    )
    assert out.waste_t_per_yr.sum() == pytest.approx(385.2, abs=0.002)
    assert out.waste_t_per_yr_low.sum() == pytest.approx(300.9, abs=0.002)
    assert out.waste_t_per_yr_high.sum() == pytest.approx(516.6, abs=0.002)
    haz = out[out.waste_class == "hazardous"]
    assert haz.waste_t_per_yr.sum() == pytest.approx(204.156, abs=0.002)
    assert haz.waste_t_per_yr.tolist() == pytest.approx([68.052] * 3, abs=0.001)
    assert set(out.method) == {"per_worker_division"}
    assert out.split_basis.str.startswith("equal split, unverified; hazardous share 53 %").all()


def test_division_rates_follow_their_stated_arithmetic() -> None:
    """Each division rate = its US coefficient / 7.39 × 0.971 / 1.243 / 1.667 (4 decimals)."""
    us = {
        "16": 17.40,
        "24_25": 8.21,
        "10_11": 7.19,
        "20_22": 7.14,
        "17_18": 6.63,
        "29_30": 2.97,
        "13_14": 7.29,
        "26_27": 2.29,
    }
    assert sum(us.values()) / 8 == pytest.approx(7.39)
    for div, coef in us.items():
        r = waste.rate(f"t_per_worker_yr.div{div}")
        expected = [coef / 7.39 * v for v in (0.971, 1.243, 1.667)]
        assert [r.low, r.central, r.high] == pytest.approx(expected, abs=6e-5), div


def test_unknown_sector_uses_the_all_sector_average() -> None:
    """100 workers, no ISIC class: 100 × 1.243 = 124.3 t/yr (low 97.1, high 166.7), 16 %
    hazardous (HCMC 2019) = 19.888 t, said to be an all-industry share with no sector source."""
    out = waste.industrial_streams(pd.DataFrame({"id": ["e"], "employees": [100.0]}))
    assert generation.total_range(out) == pytest.approx((97.1, 124.3, 166.7), abs=0.002)
    assert out[out.waste_class == "hazardous"].waste_t_per_yr.sum() == pytest.approx(19.888)
    assert set(out.method) == {"per_worker_all_sector"}
    assert out.split_basis.str.contains("all-industry (HCMC), no sector source", regex=False).all()


def test_hazardous_shares_differ_by_sector() -> None:
    """Electronics 53 % (NRIE), paper 0.45 % (EU kraft mill), basic metals 6.9 % (EAF
    mini mill), and any sector without a source the all-industry 16 % (HCMC 2019)."""
    shares = {isic: waste.hazardous_share_for(isic).central for isic in ("2610", "1701", "2410")}
    assert shares == {"2610": 0.53, "1701": 0.0045, "2410": 0.069}
    assert waste.hazardous_share_for("2022").key == "hazardous_share.all"
    assert len({*shares.values(), waste.hazardous_share_for("2022").central}) == 4


def test_range_propagation_by_hand() -> None:
    """Full correlation: the range of a sum is the sum of the ranges.

    Rows (90, 100, 120) and (350,000, 400,000, 450,000) t/yr → (350,090, 400,100,
    450,120). (Quadrature would give 400,100 - sqrt(10² + 50,000²) = 350,100.0 low.)
    """
    frame = pd.DataFrame(
        {
            "waste_t_per_yr_low": [90.0, 350_000.0],
            "waste_t_per_yr": [100.0, 400_000.0],
            "waste_t_per_yr_high": [120.0, 450_000.0],
        }
    )
    assert generation.total_range(frame) == (350_090.0, 400_100.0, 450_120.0)


def test_rest_of_park_by_workforce_and_by_area_by_hand() -> None:
    """DEEP C Hai Phong: 13,500 published workers - 4,362 listed = 9,138 unlisted × 0.971 /
    1.243 / 1.667 = 8,873.00 / 11,358.53 / 15,233.05 t/yr. By land: 100 ha unlisted ×
    55.56 / 76.08 / 109.7 t/ha/yr = 5,556 / 7,608 / 10,970 t/yr."""
    by_workers = generation.Coverage(
        "workforce", "workers", 13_500.0, 4_362.0, 2_500.0, 2022, "u", ""
    )
    rest = generation.rest_of_park_streams(by_workers)
    assert generation.total_range(rest) == pytest.approx((8_873.00, 11_358.53, 15_233.05), abs=0.01)
    assert set(rest.site_id) == {generation.REST_OF_PARK}
    assert set(rest.coverage) == {"rest_of_park"} and set(rest.collection) == {"not_routed"}
    assert set(rest.method) == {"rest_of_park_per_worker"}
    assert by_workers.listed_share_pct == pytest.approx(100 * 4_362 / 13_500)
    by_land = generation.Coverage("area", "ha", 150.0, 50.0, 50.0, 2023, "u", "")
    assert generation.total_range(generation.rest_of_park_streams(by_land)) == pytest.approx(
        (5_556.0, 7_608.0, 10_970.0), abs=0.01
    )
    none = generation.Coverage("none", "", None, 0.0, 0.0, None, "", "")
    assert generation.rest_of_park_streams(none).empty


def test_a_declared_stream_replaces_only_its_own_code() -> None:
    """A tenant's disclosed phosphogypsum (scope = stream) replaces the estimate of OI-18
    only; its per-worker rows stay. A site-scope RECP table replaces the whole site."""
    est = waste.industrial_streams(
        pd.DataFrame({"id": ["DAP", "B"], "employees": [700.0, 10.0], "isic4_class": ["2012", ""]})
    )
    production = generation.production_streams(
        pd.DataFrame(
            {
                "site_id": ["DAP"],
                "capacity_value": [186_000.0],
                "capacity_unit": ["t DAP/yr"],
                "capacity_basis": ["actual_output"],
                "year": ["2022"],
                "intensity_key": ["phosphogypsum.dap"],
                "source_url": ["u"],
            }
        )
    )
    est = generation.apply_production(est, production)
    declared = waste.read_measured(DATA / "declared_streams.csv", {"DAP", "B"})
    out = waste.apply_measured(est, declared)
    dap = out[out.site_id == "DAP"]
    pg = dap[dap.waste_code == "OI-18"]
    assert len(pg) == 1 and pg.iloc[0].method == "declared" and pg.iloc[0].basis == "declared"
    assert (pg.iloc[0].waste_t_per_yr_low, pg.iloc[0].waste_t_per_yr_high) == (350_000, 450_000)
    # 700 workers × 1.2009 t (division 20) stay as per-worker rows beside the disclosure
    assert dap[dap.method == "per_worker_division"].waste_t_per_yr.sum() == pytest.approx(
        840.63, abs=0.01
    )
    assert set(out[out.site_id == "B"].method) == {"measured"}


def test_malformed_declared_and_production_tables_name_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        waste.read_measured(DATA / "declared_streams_malformed.csv", {"DAP"})
    lines = [p.to_line() for p in info.value.problems]
    name = "declared_streams_malformed.csv"
    assert any(f"{name}:2:kind: kind is 'guessed'; use one of" in ln for ln in lines)
    assert any(f"{name}:3:scope: scope is 'plant'" in ln for ln in lines)
    assert any(
        f"{name}:4:waste_t_per_yr:" in ln and "between waste_t_per_yr_low" in ln for ln in lines
    )
    assert len(lines) == 3
    with pytest.raises(ValidationError) as info:
        generation.read_production(DATA / "production_malformed.csv", {"DAP"})
    lines = [p.to_line() for p in info.value.problems]
    name = "production_malformed.csv"
    assert any(f"{name}:2:capacity_unit:" in ln and "per 't DAP/yr': convert" in ln for ln in lines)
    assert any(f"{name}:3:intensity_key: intensity_key is 'dap'" in ln for ln in lines)
    assert any(f"{name}:4:capacity_value: capacity_value is '0'" in ln for ln in lines)
    assert any(f"{name}:5:site_id: site_id is 'ZZ'" in ln for ln in lines)
    assert len(lines) == 4


def test_plausibility_verdicts_by_hand() -> None:
    """1,000 t/yr, 400 workers, 10 ha, 100 t hazardous of 1,000: 2.5 t/worker/yr against
    the Vietnamese IZ points 0.971-2.083 → 2.5 / 2.083 = 1.2 × the top; 100 t/ha/yr inside
    42.01-109.7; 10 % inside 3.8-24.1 %."""
    inv = pd.DataFrame(
        {
            "waste_t_per_yr": [100.0, 900.0],
            "waste_class": ["hazardous", "ordinary"],
            "legal_class": ["hazardous", "ordinary"],
        }
    )
    table = pathways.plausibility(inv, area_ha=10.0, workers=400).set_index("metric")
    worker = table.loc["waste_t_per_worker_yr"]
    assert (worker.park_value, worker.published_low, worker.published_high) == (
        2.5,
        0.971,
        2.083,
    )
    assert worker.verdict == "1.2 x the top of the published range (above)"
    assert "Dong Nai" in worker.published and "Vinats" in worker.published
    assert table.loc["waste_t_per_ha_yr", "verdict"] == "inside the published range"
    assert table.loc["hazardous_incl_controlled_pct", "park_value"] == 10.0
    assert pathways.verdict(0.2, 0.971, 2.083) == "0.21 x the bottom of the published range (below)"


def test_report_generation_table_by_hand() -> None:
    """Listed (90, 100, 120) + rest of park (300, 400, 600) = park total (390, 500, 720) t/yr;
    shares 100 / 500 = 20 % and 80 %."""

    streams = pd.DataFrame(
        {
            "coverage": ["listed", "rest_of_park"],
            "method": ["per_worker_division", "rest_of_park_per_worker"],
            "waste_t_per_yr_low": [90.0, 300.0],
            "waste_t_per_yr": [100.0, 400.0],
            "waste_t_per_yr_high": [120.0, 600.0],
        }
    )
    table = generation_table(streams).set_index("part")
    total = table.loc["park total"]
    assert (total.waste_t_per_yr_low, total.waste_t_per_yr, total.waste_t_per_yr_high) == (
        390.0,
        500.0,
        720.0,
    )
    assert table.share_pct.tolist() == [20.0, 80.0, 100.0]


def test_phosphogypsum_split_into_reused_and_stacked_shares_by_hand() -> None:
    """DAP Dinh Vu's phosphogypsum (issue 19 follow-up, item 1): of the declared
    350,000-450,000 t/yr, 200,000-250,000 t/yr is reused by the gypsum processor (Viet
    Reader 2022; central (200,000 + 250,000) / 2 = 225,000) and the rest is stacked at the
    plant: 350,000 - 200,000 = 150,000; 400,000 - 225,000 = 175,000; 450,000 - 250,000 =
    200,000. The two rows add up to the published 350,000 / 400,000 / 450,000.

    Neither share is priced at a generic tariff: both are unpriced (unverified), so the
    cost is unknown (NaN, said so in price_keys), not 400,000 × 758,781 VND = 303.5 bn
    VND/yr (national collection + co-processing). The stacked share is land disposal of
    calcium sulphate (DOC 0): IPCC CH4 = 0 kg; the reused share carries the DESNZ cut-off
    4.69 kg/t: 225,000 × 4.69 = 1,055,250 kg CO2e/yr."""
    est = waste.industrial_streams(
        pd.DataFrame(
            {"id": ["DAP", "GYP"], "employees": [700.0, 10.0], "isic4_class": ["2012", ""]}
        )
    )
    declared = waste.read_measured(DATA / "declared_fates.csv", {"DAP", "GYP"})
    out = waste.apply_measured(est, declared)
    pg = out[(out.site_id == "DAP") & (out.waste_code == "OI-18")]
    assert sorted(pg.fate) == ["generator_stack", "reuse:GYP"]
    assert pg.waste_t_per_yr.sum() == 400_000
    assert pg.waste_t_per_yr_low.sum() == 350_000
    assert pg.waste_t_per_yr_high.sum() == 450_000
    facilities = pd.DataFrame({"id": ["lf"], "accepts": ["domestic;ordinary"], "methods": [""]})
    inv, _ = pathways.plan_streams(out, facilities)
    pg = inv[(inv.site_id == "DAP") & (inv.waste_code == "OI-18")].set_index("fate")
    stack, reuse = pg.loc["generator_stack"], pg.loc["reuse:GYP"]
    assert (stack.pathway, stack.treatment, stack.facility_id) == (
        "landfill",
        "generator_stack",
        "",
    )
    assert (reuse.pathway, reuse.treatment) == ("co_processing", "receiver_processing")
    assert "GYP" in reuse.pathway_note
    for row in (stack, reuse):
        assert math.isnan(row.cost_vnd_per_yr)
        assert row.price_keys.startswith("unpriced (unverified)")
    assert stack.co2e_kg_per_yr == 0.0
    assert reuse.co2e_kg_per_yr == pytest.approx(1_055_250.0)
    unknown_t = float(inv.loc[inv.cost_vnd_per_yr.isna(), "waste_t_per_yr"].sum())
    assert unknown_t >= 400_000  # plus hazardous methods with no sourced price
    rows = {k: n for k, _, _, n in pathways.summary_rows(inv)}
    assert (
        f"excludes {unknown_t:,.1f} t/yr whose cost is unknown"
        in rows["waste_cost_vnd_per_yr.total"]
    )


def test_malformed_fates_name_their_row() -> None:
    with pytest.raises(ValidationError) as info:
        waste.read_measured(DATA / "declared_fates_malformed.csv", {"DAP"})
    lines = [p.to_line() for p in info.value.problems]
    name = "declared_fates_malformed.csv"
    assert any(f"{name}:2:fate: fate is 'reuse:NOBODY'" in ln for ln in lines)
    assert any(f"{name}:3:fate: fate is 'landfilled'" in ln for ln in lines)
    assert len(lines) == 2


def test_rest_of_park_follows_a_published_workforce_range_by_hand() -> None:
    """Issue 19 follow-up, item 6: a workforce published as a range (here 12,000-15,000,
    central 13,500) gives the rest of the park a range from both the workforce and the
    rate: 4,362 listed; unlisted 12,000 - 4,362 = 7,638 / 9,138 / 15,000 - 4,362 = 10,638
    workers; × 0.971 / 1.243 / 1.667 t/worker/yr = 7,416.50 / 11,358.53 / 17,733.55 t/yr
    (a single published figure would give 8,873.00-15,233.05)."""
    cov = generation.Coverage(
        "workforce", "workers", 13_500.0, 4_362.0, 2_500.0, 2022, "u", "", 12_000.0, 15_000.0
    )
    assert cov.unlisted_range == (7_638.0, 9_138.0, 10_638.0)
    rest = generation.rest_of_park_streams(cov)
    assert generation.total_range(rest) == pytest.approx((7_416.50, 11_358.53, 17_733.55), abs=0.01)
    assert "range 7,638.0-10,638.0" in rest.iloc[0].coefficients


def test_a_statistic_range_out_of_order_is_refused() -> None:
    with pytest.raises(PydanticValidationError, match="out of order; give low <= value <= high"):
        Statistic(key="workers", value=13_500, low=14_000, high=15_000)
    with pytest.raises(PydanticValidationError, match="a range .low/high. needs a central value"):
        Statistic(key="workers", low=12_000, high=15_000)


def test_paper_sludge_is_on_the_wet_basis_and_paint_waste_states_its_basis_by_hand() -> None:
    """Issue 19 follow-up, item 5: Xuan Mai's 95,000 t paper/yr × dry sludge 40-50 kg/t
    (Bajpai) is 3,800 / 4,275 / 4,750 t DRY; as hauled (cake solids 53 / 39 / 21 %, NCASI TB
    174) 0.040 / 0.53 = 0.0755, 0.045 / 0.39 = 0.1154, 0.050 / 0.21 = 0.2381 t wet per t
    paper → 7,172.5 / 10,963.0 / 22,619.5 t/yr. Paint waste is as generated (wet): 0.30-0.45
    lb/gal × 119.83 = 35.95-53.92 kg/m3; Jotun's 85,000 m3/yr → 3,055.75 / 3,819.475 /
    4,583.2 t/yr."""
    production = pd.DataFrame(
        {
            "site_id": ["HP-004", "HP-003"],
            "capacity_value": [95_000.0, 85_000.0],
            "capacity_unit": ["t paper/yr", "m3 paint/yr"],
            "capacity_basis": ["actual_output", "design"],
            "year": ["2023", "2021"],
            "intensity_key": ["paper_sludge.paper_mill", "paint_waste.paint_plant"],
            "source_url": ["u", "u"],
        }
    )
    rows = generation.production_streams(production).set_index("site_id")
    paper, paint = rows.loc["HP-004"], rows.loc["HP-003"]
    assert (paper.waste_t_per_yr_low, paper.waste_t_per_yr, paper.waste_t_per_yr_high) == (
        pytest.approx(7_172.5),
        pytest.approx(10_963.0),
        pytest.approx(22_619.5),
    )
    assert "t wet sludge as hauled" in paper.coefficients
    assert (paint.waste_t_per_yr_low, paint.waste_t_per_yr, paint.waste_t_per_yr_high) == (
        pytest.approx(3_055.75),
        pytest.approx(3_819.475),
        pytest.approx(4_583.2),
    )
    assert "as generated (wet)" in paint.coefficients


def test_dap_dinh_vu_profile_matches_its_published_design_by_hand() -> None:
    """Issue 19 follow-up, item 7: DAP Dinh Vu's design is 330,000 t DAP/yr (MOFA 2008,
    VIR 2010); at 0.46 t P2O5 per t DAP that is 151,800 t P2O5/yr, and the ratio is stated
    per t P2O5 (not per t of acid solution): 151,800 × 4.5 / 5.0 / 5.5 = 683,100 / 759,000
    / 834,900 t PG/yr = 330,000 × 2.07 / 2.30 / 2.53. The bundled production row uses the
    2022 output (186,000 t) and names the design in its note; the tenant row says ~700
    workers and the 330,000 t design."""
    it = generation.production_intensities().loc["phosphogypsum.dap"]
    assert "per t P2O5" in str(it["unit"]) and "not per t of acid solution" in str(it["unit"])
    design = 330_000.0
    p2o5 = design * 0.46
    assert p2o5 == pytest.approx(151_800.0)
    for ratio, per_dap, expected in ((4.5, "low", 683_100), (5.0, "central", 759_000)):
        assert p2o5 * ratio == pytest.approx(expected)
        assert design * float(it[per_dap]) == pytest.approx(expected)
    assert design * float(it["high"]) == pytest.approx(834_900)
    assert p2o5 * 5.5 == pytest.approx(834_900)
