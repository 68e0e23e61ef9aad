"""A scenario's new tenant with a capacity (``production``) or declared ``streams`` (issue 24).

They become rows of the changed park's ``production.csv`` and ``measured_streams.csv``
tables (:attr:`eipgeo.parks.Park.added_rows`), so the park's own estimation applies: a
production row replaces the per-worker row of the intensity's code, a declared stream
replaces the tenant's estimate of its code (scope ``stream``), as for the park's own
tenants (DCHP-017's declared phosphogypsum rows replace its production estimate).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from eipgeo import generation, parks, pathways
from eipgeo._errors import ValidationError
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.schema import scenario_from_dict

TENANT: dict[str, Any] = {
    "id": "NEW-1",
    "name": "New fertiliser plant",
    "isic4_class": "2012",
    "employees": 300,
    "lat": 20.835,
    "lon": 106.77,
}


def _scenario(**tenant: Any) -> dict[str, Any]:
    return {"name": "t", "park": "deepc-haiphong", "new_tenants": [{**TENANT, **tenant}]}


def _inventory(spec: dict[str, Any]) -> pd.DataFrame:
    park = park_for_scenario(scenario_from_dict(spec))
    placed = parks.fill_sizes(park, parks.place_enterprises(park, parks.read_boundary(park)))
    inventory, _ = pathways.park_inventory(park, generation.park_estimates(park, placed))
    return inventory


def _ordinary_t(inventory: pd.DataFrame) -> float:
    return float(inventory.loc[inventory.waste_class == "ordinary", "waste_t_per_yr"].sum())


def test_a_declared_stream_of_a_code_not_estimated_adds_exactly_its_tonnes() -> None:
    """1,200 t/yr of OI-18 (phosphogypsum, ordinary), a code the per-worker estimate of
    ISIC 2012 does not give: the park's ordinary total is the same tenant's without it
    + 1,200 t/yr, and the row is declared, unverified, with its source."""
    plain = _inventory(_scenario())
    assert "OI-18" not in set(plain.loc[plain.site_id == "NEW-1", "waste_code"])
    stream = {"waste_code": "OI-18", "waste_t_per_yr": 1200, "source": "EIA report 2025, p. 12"}
    declared = _inventory(_scenario(streams=[stream]))
    assert _ordinary_t(declared) == pytest.approx(_ordinary_t(plain) + 1200.0, abs=1e-6)
    row = declared[(declared.site_id == "NEW-1") & (declared.waste_code == "OI-18")]
    assert len(row) == 1
    assert row.iloc[0][["basis", "status", "source"]].tolist() == [
        "declared",
        "unverified",
        "EIA report 2025, p. 12",
    ]


def test_a_declared_stream_replaces_the_estimate_of_its_code() -> None:
    """As the park's own declared rows (scope ``stream``): the tenant's estimated t/yr of
    that code goes, 1,200 t/yr comes instead; its other codes stay estimated."""
    plain = _inventory(_scenario())
    mine = plain[(plain.site_id == "NEW-1") & (plain.waste_class == "ordinary")]
    code = str(mine.sort_values("waste_t_per_yr").iloc[-1]["waste_code"])
    estimate = float(mine.loc[mine.waste_code == code, "waste_t_per_yr"].sum())
    assert estimate > 0
    stream = {"waste_code": code, "waste_t_per_yr": "1200", "source": "tenant's permit"}
    declared = _inventory(_scenario(streams=[stream]))
    assert _ordinary_t(declared) == pytest.approx(_ordinary_t(plain) - estimate + 1200.0, abs=1e-6)
    others = declared[(declared.site_id == "NEW-1") & (declared.waste_code != code)]
    assert others.waste_t_per_yr.sum() == pytest.approx(
        plain[(plain.site_id == "NEW-1") & (plain.waste_code != code)].waste_t_per_yr.sum()
    )


def test_a_production_based_tenant_is_capacity_times_intensity() -> None:
    """DAP 185,000 t/yr × production_intensities.csv ``phosphogypsum.dap`` (2.07 / 2.30 /
    2.53 t PG per t DAP): 382,950 / 425,500 / 468,050 t/yr of OI-18, by hand."""
    production = {
        "product": "DAP",
        "capacity_value": 185000,
        "capacity_unit": "t DAP/yr",
        "intensity_key": "phosphogypsum.dap",
        "capacity_basis": "design",
        "source": "https://example.org/new-dap-plant",
    }
    inventory = _inventory(_scenario(production=production))
    row = inventory[(inventory.site_id == "NEW-1") & (inventory.waste_code == "OI-18")]
    assert len(row) == 1
    assert float(row.iloc[0].waste_t_per_yr) == pytest.approx(425_500.0)
    assert float(row.iloc[0].waste_t_per_yr_low) == pytest.approx(382_950.0)
    assert float(row.iloc[0].waste_t_per_yr_high) == pytest.approx(468_050.0)
    assert row.iloc[0].method == "production"


GOOD_PRODUCTION = {
    "capacity_value": 185000,
    "capacity_unit": "t DAP/yr",
    "intensity_key": "phosphogypsum.dap",
    "source": "https://example.org/p",
}
GOOD_STREAM = {"waste_code": "OI-18", "waste_t_per_yr": 1200, "source": "permit"}


@pytest.mark.parametrize(
    ("tenant", "words"),
    [
        (
            {"production": {**GOOD_PRODUCTION, "intensity_key": "phosphogypsum.dapp"}},
            ["intensity_key 'phosphogypsum.dapp'", "did you mean phosphogypsum.dap", "known keys"],
        ),
        (
            {"production": {**GOOD_PRODUCTION, "capacity_unit": "t/yr"}},
            ["capacity_unit 't/yr'", "give the capacity in 't DAP/yr'"],
        ),
        (
            {"production": {**GOOD_PRODUCTION, "source": " "}},
            ["production has no source"],
        ),
        (
            {"streams": [{**GOOD_STREAM, "waste_code": "99 99 99"}]},
            ["no waste code '99 99 99'", "legal list"],
        ),
        (
            {"streams": [{**GOOD_STREAM, "waste_t_per_yr": -5}]},
            ["waste_t_per_yr is -5", "number >= 0"],
        ),
        (
            {"streams": [{**GOOD_STREAM, "waste_t_per_yr": "lots"}]},
            ["waste_t_per_yr is 'lots'", "number >= 0"],
        ),
        (
            {"streams": [{k: v for k, v in GOOD_STREAM.items() if k != "source"}]},
            ["the stream has no source", "measured_streams.csv requires"],
        ),
        (
            {"streams": [{**GOOD_STREAM, "fate": "landfill"}]},
            ["fate is 'landfill'"],
        ),
        (  # two rows of one code and fate would be added together
            {"streams": [GOOD_STREAM, {**GOOD_STREAM, "waste_t_per_yr": 300}]},
            ["streams[1] repeats streams[0] (code OI-18)", "one row with the total t/yr"],
        ),
    ],
)
def test_malformed_production_or_streams_are_refused(
    tenant: dict[str, Any], words: list[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        scenario_from_dict(_scenario(**tenant))
    text = str(caught.value)
    for word in words:
        assert word in text, text
    assert "new_tenants" in text, text


def test_a_reuse_fate_must_name_a_tenant(tmp_path: Path) -> None:
    spec = _scenario(streams=[{**GOOD_STREAM, "fate": "reuse:DCHP-0233"}])
    with pytest.raises(ValidationError, match="'DCHP-0233' is not a tenant.*DCHP-023"):
        park_for_scenario(scenario_from_dict(spec))
