"""EIP indicators on a hand-made inventory; thresholds only where a source gives one.

The inventory (t/yr): F1 paper 30 recycled; F2 plastic 50 landfilled; F3 sludge 20
hazardous, incinerated at licensed facility ``hz``; F4 solvent 10 hazardous with no
facility (unassigned). Firms F1-F5 (F5 makes no waste). Total 110 t/yr.
"""

from __future__ import annotations

import pandas as pd
import pytest

from eipgeo import indicators

FIRMS = ["F1", "F2", "F3", "F4", "F5"]
STREAMS = pd.DataFrame(
    {
        "site_id": ["F1", "F2", "F3", "F4"],
        "waste_t_per_yr": [30.0, 50.0, 20.0, 10.0],
        "waste_class": ["ordinary", "ordinary", "hazardous", "hazardous"],
        "pathway": ["recycling", "landfill", "incineration", "unassigned"],
        "facility_id": ["r1", "lf", "hz", ""],
    }
)
PLAN = pd.DataFrame(
    {"supplier_id": ["F1", "F3"], "receiver_id": ["F2", "F2"], "chosen_t_per_yr": [5.0, 0.0]}
)


def _by_key(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("indicator")


def test_values_by_hand() -> None:
    """Recycled 30/110 = 27.27 %; landfilled 50/110 = 45.45 %; hazardous handled 20/30 =
    66.67 %; one link chosen (the 0 t/yr one is not); firms F1, F2 of 5 = 40 %."""
    t = _by_key(indicators.eip_indicators(FIRMS, STREAMS, PLAN))
    assert t.at["reused_recycled_pct", "value"] == pytest.approx(27.27)
    assert t.at["landfilled_pct", "value"] == pytest.approx(45.45)
    assert t.at["hazardous_licensed_pct", "value"] == pytest.approx(66.67)
    assert t.at["symbiosis_links", "value"] == 1
    assert t.at["firms_in_symbiosis_pct", "value"] == pytest.approx(40.0)


def test_thresholds_sourced_or_unknown() -> None:
    """Decree 35/2022 Art. 37(2)(b) asks >= 1 link: 1 meets it. No RECP data: not known.
    Waste shares have no sourced threshold: "threshold unknown", never a number."""
    t = _by_key(indicators.eip_indicators(FIRMS, STREAMS, PLAN, running=True))
    assert t.at["symbiosis_links", "status"] == "meets"
    assert "Art. 37(2)(b)" in t.at["symbiosis_links", "locator"]
    assert t.at["symbiosis_links", "source_url"].startswith("https://")
    assert t.at["firms_recp_pct", "status"] == "not known"
    for key in (
        "reused_recycled_pct",
        "landfilled_pct",
        "hazardous_licensed_pct",
        "firms_in_symbiosis_pct",
    ):
        assert t.at[key, "status"] == "threshold unknown"
        assert t.at[key, "threshold"] == "threshold unknown"


@pytest.mark.parametrize(
    ("recp_firms", "pct", "status"),
    [
        (["F1"], 20.0, "meets"),  # 1 of 5 = 20 %: Art. 37(2)(c) asks at least 20 %
        ([], 0.0, "below threshold"),
    ],
)
def test_recp_share_against_art_37_2_c(recp_firms: list[str], pct: float, status: str) -> None:
    streams = STREAMS.assign(
        prevented_t_per_yr=[5.0 if s in recp_firms else 0.0 for s in STREAMS.site_id]
    )
    t = _by_key(indicators.eip_indicators(FIRMS, streams, None, running=True))
    assert t.at["firms_recp_pct", "value"] == pytest.approx(pct)
    assert t.at["firms_recp_pct", "status"] == status
    assert t.at["symbiosis_links", "status"] == "not known"  # no plan given


def test_no_hazardous_waste_is_not_known() -> None:
    t = _by_key(indicators.eip_indicators(FIRMS, STREAMS.iloc[:2], PLAN))
    assert t.at["hazardous_licensed_pct", "value"] is None
    assert t.at["hazardous_licensed_pct", "status"] == "not known"


def test_every_criterion_row_has_a_source_or_says_unknown() -> None:
    for key, row in indicators.criteria().iterrows():
        assert row["status"] == "threshold unknown" or row["source_url"].startswith("https://"), key
        assert (row["threshold"] == "") == (row["status"] == "threshold unknown"), key


def test_job_indicators_flag_proposed_facilities_and_unknown_plans() -> None:
    """A stream sent to a scenario's proposed hub counts as handled, but its basis says so;
    with no exchange plan (``None``) the links are "not known"."""
    streams = STREAMS.assign(basis="estimated", facility_id=["r1", "lf", "hub", ""])
    t = _by_key(
        indicators.indicators_for_job(
            pd.DataFrame({"site_id": FIRMS, "role": "client"}),
            streams,
            pd.DataFrame({"id": ["hub"], "status": ["proposed (scenario)"]}),
            None,
        )
    )
    assert t.at["hazardous_licensed_pct", "value"] == pytest.approx(66.67)
    assert "includes proposed facilities (hub)" in t.at["hazardous_licensed_pct", "basis"]
    assert t.at["symbiosis_links", "status"] == "not known"


def test_a_modelled_link_is_potential_never_meets() -> None:
    """Issue 20: Art. 37(2)(b) asks for a *running* link. The same plan without monitoring
    evidence reaches the threshold only as potential; nothing reads "meets"."""
    t = _by_key(indicators.eip_indicators(FIRMS, STREAMS, PLAN))
    assert t.at["symbiosis_links", "value"] == 1.0
    assert t.at["symbiosis_links", "status"] == indicators.POTENTIAL_STATUS
    assert "meets" not in set(t.status)


def test_a_case_that_is_not_a_park_is_not_scored() -> None:
    """The central HCMC collection case is not an industrial park: no criterion applies."""
    t = indicators.indicators_for_job(
        pd.DataFrame({"site_id": FIRMS, "role": "client"}),
        STREAMS,
        pd.DataFrame(columns=["id", "status"]),
        PLAN,
        park_kind="uis_collection",
    )
    assert set(t.status) == {indicators.NOT_A_PARK_STATUS}
