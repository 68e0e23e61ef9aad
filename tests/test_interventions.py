"""Interventions: cash flows, appraisal and break-even worked by hand; scenario wiring; CLI.

The hand cases use :class:`eipgeo.interventions.AnnualModel` directly (no park, no
routing), as the numeric core should be tested; the CLI cases run real bundled parks.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from eipgeo import appraisal
from eipgeo._errors import UsageError
from eipgeo.cli import app
from eipgeo.scenario.interventions import (
    AnnualModel,
    _check_spec,
    appraise_case,
    cash_flow_table,
    counterfactual,
    find_intervention,
)
from eipgeo.scenario.schema import InterventionSpec, load_scenario, scenario_from_dict

# Annuity factor, 3 years at 10 %: 1/1.1 + 1/1.21 + 1/1.331
#   = 0.9090909 + 0.8264463 + 0.7513148 = 2.4868520
A3 = 1 / 1.1 + 1 / 1.1**2 + 1 / 1.1**3


def _exchange() -> tuple[InterventionSpec, AnnualModel]:
    """100 t/yr exchanged; 500,000 VND/t disposal avoided; haul 40,000 VND/t; 300 kg CO2e/t.

    Capex 100 M VND in 2025, opex 6 M VND/yr, 2026-2028, 10 %.
    """
    spec = InterventionSpec(
        id="x",
        kind="exchange",
        supplier_id="S",
        capex_vnd=100e6,
        opex_vnd_per_yr=6e6,
        start_year=2026,
        lifetime_yr=3,
        discount_rate_pct=10,
    )
    model = AnnualModel(
        avoided_disposal_vnd=50e6,
        transport_change_vnd=-4e6,
        diverted_t=100,
        co2e_change_kg=-30_000,
        parties={"S": 46e6, "R": 0.0},
    )
    return spec, model


def test_cash_flows_by_hand() -> None:
    spec, model = _exchange()
    cf = cash_flow_table(spec, model)
    assert cf.year.tolist() == [2025, 2026, 2027, 2028]
    # net = 50 M − 4 M haul − 6 M opex = 40 M in each operating year; −100 M capex first
    assert cf.net_vnd.tolist() == pytest.approx([-100e6, 40e6, 40e6, 40e6])
    assert cf.cumulative_vnd.tolist() == pytest.approx([-100e6, -60e6, -20e6, 20e6])
    assert cf.diverted_t.tolist() == [0, 100, 100, 100]
    assert cf.co2e_change_kg.tolist() == [0, -30_000, -30_000, -30_000]


def test_appraisal_by_hand() -> None:
    spec, model = _exchange()
    _, table, tornado, be = appraise_case(spec, model)
    v = table.set_index("metric")["value"]
    # NPV = −100 M + 40 M × 2.4868520 = −525,920 VND
    assert v["npv_vnd"] == pytest.approx(-100e6 + 40e6 * A3, abs=1)
    assert v["npv_vnd"] == pytest.approx(-525_920, abs=1)
    # payback: cumulative −20 M after 2 operating years; 20/40 of the third: 2.5 yr from 2025
    assert v["simple_payback_yr"] == pytest.approx(2.5)
    # levelised cost = PV(100 M + 10 M/yr (opex 6 M + haul 4 M)) / PV(100 t/yr)
    #   = (100 M + 10 M × 2.4868520) / (100 × 2.4868520) = 124,868,520 / 248.68520 = 502,115
    assert v["levelised_cost_vnd_per_t"] == pytest.approx(502_114.8, abs=1)
    # abatement = −NPV / PV(30 t CO2e/yr) = 525,920 / (30 × 2.4868520) = 7,049.3 VND/t CO2e
    assert v["abatement_cost_vnd_per_t_co2e"] == pytest.approx(7_049.3, abs=0.5)
    # IRR just below 10 % since NPV(10 %) < 0 (flows −100, 40, 40, 40: IRR = 9.70 %)
    assert 9.6 < v["irr_pct"] < 10.0
    # break-even disposal price p: −100 M + (100 p − 10 M) × 2.4868520 = 0
    #   → p = (100 M / 2.4868520 + 10 M) / 100 = 502,115 VND/t
    row = be.set_index("driver").loc["disposal_price_vnd_per_t"]
    assert row["value"] == pytest.approx(502_114.8, abs=1)
    assert row["base_value"] == pytest.approx(500_000)
    # tornado: ±20 % of the disposal price moves NPV by ±100 t × 100,000 × 2.4868520
    t = tornado.set_index("driver")
    assert t.loc["disposal_price_vnd_per_t", "swing_vnd"] == pytest.approx(2 * 10e6 * A3, abs=1)
    assert tornado.iloc[0]["driver"] in ("disposal_price_vnd_per_t", "quantity_t_per_yr")


def test_facility_gate_fee_break_even_by_hand() -> None:
    """200 t/yr at a 1 M VND/t gate fee, route saving 10 M VND/yr, opex 150 M VND/yr,
    capex 1,000 M VND in 2026, operating 2027-2028 at 10 %."""
    spec = InterventionSpec(
        id="hub",
        kind="facility",
        facility_id="hub",
        capex_vnd={2026: 1e9},
        opex_vnd_per_yr=150e6,
        gate_fee_vnd_per_t=1e6,
        start_year=2027,
        lifetime_yr=2,
        discount_rate_pct=10,
    )
    model = AnnualModel(
        transport_change_vnd=10e6, diverted_t=200, break_even_driver="gate_fee_vnd_per_t"
    )
    cf = cash_flow_table(spec, model)
    # 200 × 1 M + 10 M − 150 M = 60 M per operating year
    assert cf.net_vnd.tolist() == pytest.approx([-1e9, 60e6, 60e6])
    _, _, _, be = appraise_case(spec, model)
    # −1,000 M + (200 g − 140 M) × (1/1.1 + 1/1.21) = 0, 1/1.1 + 1/1.21 = 1.7355372
    #   → 200 g = 1,000 M / 1.7355372 + 140 M = 716,190,476 → g = 3,580,952 VND/t
    fee = be.set_index("driver").loc["gate_fee_vnd_per_t", "value"]
    assert fee == pytest.approx(3_580_952.4, abs=1)


def test_benefit_split_by_hand() -> None:
    split = appraisal.benefit_split({"supplier": 46e6, "receiver": 4e6})
    s = split.set_index("party")
    assert s.loc["supplier", "share_pct"] == pytest.approx(92.0)  # 46 / 50
    assert s.loc["receiver", "share_pct"] == pytest.approx(8.0)


def _scenario(**extra: object) -> dict[str, object]:
    return {
        "name": "t",
        "park": "deepc-haiphong",
        "interventions": [
            {"id": "a", "kind": "recp", "site_id": "DCHP-001", "reduction_pct": 10, **extra}
        ],
    }


def test_scenario_file_interventions_validated() -> None:
    sc = scenario_from_dict(_scenario())
    assert find_intervention(sc, "a").reduction_pct == 10
    with pytest.raises(UsageError, match="interventions are: a"):
        find_intervention(sc, "nope")
    with pytest.raises(ValueError, match="capex_vdn"):
        scenario_from_dict(_scenario(capex_vdn=5))


def test_intervention_must_match_scenario(tmp_path: Path) -> None:
    """Checked before any run; each error names the YAML line of the offending key (exit 1)."""
    from eipgeo._errors import ValidationError

    path = tmp_path / "s.yaml"
    path.write_text(
        "name: t\npark: deepc-haiphong\ninterventions:\n"
        "  - id: h\n    kind: facility\n    facility_id: nowhere\n"
        "  - id: e\n    kind: exchange\n"
        "  - id: r\n    kind: recp\n    site_id: DCHP-0001\n",
        encoding="utf-8",
    )
    sc = load_scenario(path)
    with pytest.raises(
        ValidationError,
        match=r"s.yaml:6:18: interventions.0.facility_id: "
        r"intervention 'h': 'nowhere' is not a facility",
    ):
        _check_spec(sc.interventions[0], sc)
    with pytest.raises(ValidationError, match=r"s.yaml:8:11: .*needs `supplier_id:`"):
        _check_spec(sc.interventions[1], sc)
    with pytest.raises(
        ValidationError,
        match=r"s.yaml:11:14: .*'DCHP-0001' is not an "
        r"enterprise of deepc-haiphong; did you mean "
        r"DCHP-001",
    ):
        _check_spec(sc.interventions[2], sc)
    assert ValidationError("x").exit_code == 1


def test_duplicate_ids_and_exchange_gate_fee_are_refused() -> None:
    with pytest.raises(ValueError, match="intervention id 'a' is used twice"):
        scenario_from_dict(
            {
                "name": "t",
                "park": "deepc-haiphong",
                "interventions": [
                    {"id": "a", "kind": "recp", "site_id": "DCHP-001"},
                    {"id": "a", "kind": "recp", "site_id": "DCHP-002"},
                ],
            }
        )
    with pytest.raises(ValueError, match="gate_fee_vnd_per_t applies to a facility only"):
        scenario_from_dict(
            {
                "name": "t",
                "park": "deepc-haiphong",
                "interventions": [
                    {
                        "id": "a",
                        "kind": "exchange",
                        "supplier_id": "DCHP-001",
                        "gate_fee_vnd_per_t": 50_000,
                    }
                ],
            }
        )


def test_counterfactual_is_the_baseline_pathway() -> None:
    """A recycled row: 239,128 VND/t and 4.69 kg/t from its own cost and CO2e; an
    unassigned hazardous row of an older inventory (no cost): licensed collection +
    treatment of prices.csv, national rows: 3,750,000 + 4,500,000 × CPI 2.142720 (2009→2025)
    = 13,392,239 VND/t, and the IPCC incineration factor (1,650 kg/t, unverified)."""
    rec = pd.Series(
        {
            "waste_t_per_yr": 100.0,
            "cost_vnd_per_yr": 23_912_800.0,
            "co2e_kg_per_yr": 469.0,
            "pathway": "recycling",
            "waste_class": "ordinary",
            "price_keys": "collection_transport.ordinary",
            "ghg_factor_key": "",
        }
    )
    cf = counterfactual(rec)
    assert (cf.vnd_per_t, cf.co2e_kg_per_t) == pytest.approx((239_128.0, 4.69))
    haz = pd.Series(
        {
            "waste_t_per_yr": 10.0,
            "cost_vnd_per_yr": np.nan,
            "co2e_kg_per_yr": np.nan,
            "pathway": "unassigned",
            "waste_class": "hazardous",
            "price_keys": "",
            "ghg_factor_key": "",
        }
    )
    cf = counterfactual(haz)
    assert (cf.vnd_per_t, cf.co2e_kg_per_t) == pytest.approx((13_392_239.0, 1_650.0))
    assert "treatment.hazardous 9,642,239 VND/t × CPI 2.1427" in cf.vnd_source
    assert "unverified" in cf.co2e_source


# --------------------------------------------------------------------------------------
# Real parks through the CLI
# --------------------------------------------------------------------------------------

PROGRAMME = [
    ("deepc-haiphong", "baseline.yaml", "tyres-to-crumb"),
    ("amata-bienhoa", "recp.yaml", "recp-ABH-001"),
    ("hiepphuoc", "recp.yaml", "recp-HP-001"),
]


@pytest.mark.parametrize(("slug", "file", "ident"), PROGRAMME)
def test_feasibility_cli_programme_parks(
    bundled_data: Path, tmp_path: Path, slug: str, file: str, ident: str
) -> None:
    path = Path("data/parks") / slug / "scenarios" / file
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec["iterations"] = 200
    small = tmp_path / file
    small.write_text(yaml.safe_dump(spec), encoding="utf-8")
    res = CliRunner().invoke(
        app, ["feasibility", str(small), "--intervention", ident, "--out", str(tmp_path / "out")]
    )
    assert res.exit_code == 0, res.output
    folder = tmp_path / "out" / slug / "feasibility" / ident
    for name in (
        "feasibility.html",
        "charts.png",
        "cash_flows.csv",
        "assumptions.csv",
        "appraisal.csv",
        "sensitivity.csv",
        "break_even.csv",
        "flows.csv",
    ):
        assert (folder / name).is_file(), name
    cf = pd.read_csv(folder / "cash_flows.csv")
    table = pd.read_csv(folder / "appraisal.csv").set_index("metric")["value"]
    # the sheet's NPV is the discounted sum of its own cash-flow table
    rate = spec["interventions"][0]["discount_rate_pct"] / 100
    t = cf.year - cf.year.iloc[0]
    assert table["npv_vnd"] == pytest.approx(float((cf.net_vnd / (1 + rate) ** t).sum()), rel=1e-9)
    assert (cf.diverted_t > 0).any()
    assumptions = pd.read_csv(folder / "assumptions.csv")
    assert set(assumptions.origin.str.split().str[0]) == {"model", "user"}
    assert np.isfinite(table["npv_vnd"])


def test_feasibility_cli_unknown_intervention(bundled_data: Path, tmp_path: Path) -> None:
    path = Path("data/parks/deepc-haiphong/scenarios/recp.yaml")
    res = CliRunner().invoke(
        app, ["feasibility", str(path), "--intervention", "nope", "--out", str(tmp_path)]
    )
    assert res.exit_code == 2
    assert "recp-DCHP-001" in res.output


def test_scenario_symbiosis_objective_reaches_the_plan() -> None:
    """``symbiosis.objective`` is validated and becomes the job's default objective."""
    sc = scenario_from_dict(
        {"name": "t", "park": "deepc-haiphong", "symbiosis": {"objective": "co2e"}}
    )
    assert sc.symbiosis is not None and sc.symbiosis.objective == "co2e"
    with pytest.raises(ValueError, match="objective"):
        scenario_from_dict(
            {"name": "t", "park": "deepc-haiphong", "symbiosis": {"objective": "money"}}
        )
