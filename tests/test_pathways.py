"""Treatment pathways, costs and GHG on a two-enterprise park worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from eipgeo import pathways, waste
from eipgeo._errors import UsageError

FACILITIES = pd.DataFrame({"id": ["landfill", "haz-plant"],
                           "accepts": ["domestic;ordinary", "hazardous;controlled;ordinary"]})


def _park() -> pd.DataFrame:
    """A: tyre plant (ISIC 2211), 100 workers; B: unknown sector, 50 workers."""
    return waste.industrial_streams(pd.DataFrame(
        {"id": ["A", "B"], "employees": [100.0, 50.0], "isic4_class": ["2211", ""]}))


def test_two_enterprise_park_by_hand() -> None:
    """Totals, shares, cost and CO2e of the two-enterprise park.

    Generation (1.243 t/worker/yr, 16 % hazardous): A 124.3 t = 19.888 haz (17 02 04,
    18 01 02, 18 02 01 at 6.629 each) + 104.412 ordinary (rubber, paper, wood at 34.804);
    B 62.15 t = 9.944 haz (18 02 01, 17 02 04 at 4.972) + 52.206 mixed ordinary.
    Hazardous 29.832 t, ordinary 156.618 t, total 186.45 t.

    Pathways: oil 17 02 04 → recycling (re-refining) at the licensed plant; packaging
    18 01 02 / 18 02 01 → incineration there; scrap → recycling; mixed → landfill.
    recycling = 6.629 + 4.972 + 104.412 = 116.013 t (62.22 %); incineration = 2 × 6.629 +
    4.972 = 18.230 t (9.78 %); landfill 52.206 t (28.00 %).

    Cost (VND/yr): hazardous 29.832 × (3.75 M + 4.5 M) = 246,114,000; scrap 104.412 ×
    239,128 = 24,967,833; landfill 52.206 × (239,128 + 519,653) = 39,612,921;
    total 310,694,754.
    CO2e (DESNZ 2025 cut-off): (29.832 + 104.412) × 4.69 + 52.206 × 521 = 27,828.9 kg.
    """
    inv, problems = pathways.plan_streams(_park(), FACILITIES)
    assert problems == []
    totals = pathways.park_totals(inv)
    by_class = totals.groupby("waste_class")["waste_t_per_yr"].sum()
    assert by_class["hazardous"] == pytest.approx(29.832, abs=0.003)
    assert by_class["ordinary"] == pytest.approx(156.618, abs=0.003)
    share = totals.groupby("pathway")["share_pct"].sum()
    assert share["recycling"] == pytest.approx(62.22, abs=0.01)
    assert share["incineration"] == pytest.approx(9.78, abs=0.01)
    assert share["landfill"] == pytest.approx(28.00, abs=0.01)
    assert inv["cost_vnd_per_yr"].sum() == pytest.approx(310_694_754, rel=1e-4)
    assert inv["co2e_kg_per_yr"].sum() == pytest.approx(27_828.9, rel=1e-4)
    assert set(inv["ghg_method"]) == {"desnz_2025_cutoff"}
    oil = inv[(inv.site_id == "A") & (inv.waste_code == "17 02 04")].iloc[0]
    assert (oil.pathway, oil.facility_id) == ("recycling", "haz-plant")


def test_hazardous_stream_without_licensed_facility_is_named_not_landfilled() -> None:
    """With only a landfill, every hazardous stream is 'unassigned' and gets a warning
    naming site and code; none goes to the landfill."""
    inv, problems = pathways.plan_streams(_park(), FACILITIES.iloc[:1])
    haz = inv[inv.waste_class == "hazardous"]
    assert set(haz.pathway) == {"unassigned"}
    assert len(problems) == len(haz) == 5
    assert all(p.severity == "warning" and p.code == "no_licensed_facility" for p in problems)
    assert any("A: hazardous stream 17 02 04" in p.message
               and "no licensed hazardous-waste facility" in p.message for p in problems)
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
    sc = waste.Scenario(name="recp", reduction_pct_by_code={"OI-13": 50})
    cmp = pathways.compare_scenario(_park(), FACILITIES, sc)
    base = cmp[cmp.case == "baseline"]
    recp = cmp[cmp.case == "recp"]
    assert "prevention" not in set(base.pathway)
    prevented = recp[recp.pathway == "prevention"].iloc[0]
    assert prevented.waste_t_per_yr == pytest.approx(17.402, abs=0.001)
    assert prevented.share_pct == pytest.approx(9.33, abs=0.01)
    assert prevented.cost_vnd_per_yr == 0 and prevented.co2e_kg_per_yr == 0
    assert recp.waste_t_per_yr.sum() == pytest.approx(base.waste_t_per_yr.sum(), abs=0.002)
