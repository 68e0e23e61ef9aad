"""A tenant a scenario removes leaves with its workforce or land; a moved one changes no total.

The rest of the park (published workforce or occupied land minus the listed tenants', at
the park rate) used to re-estimate a removed tenant's workers or hectares at the park
average, so removing a tenant of deepc-quangninh raised the park's waste (5,026.7 to
5,211.1 t/yr). Now the park's total falls by exactly the tenant's baseline streams.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from eipgeo import generation, parks
from eipgeo.jobs import summary
from eipgeo.jobs.sources import park_sources, park_streams
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.schema import scenario_from_dict


def _inventory(park: parks.Park) -> pd.DataFrame:
    """The park's waste inventory as the job builds it (estimates, measured, pathways)."""
    streams, _ = park_streams(park, park_sources(park, parks.read_boundary(park)))
    return streams


def _rest(streams: pd.DataFrame) -> float:
    return float(streams.loc[streams.site_id == generation.REST_OF_PARK, "waste_t_per_yr"].sum())


@pytest.mark.parametrize(
    ("slug", "tenant", "basis"),
    [("deepc-quangninh", "DCQN-002", "area"), ("deepc-haiphong", "DCHP-001", "workforce")],
)
def test_a_removed_tenant_takes_its_waste_and_nothing_else(
    slug: str, tenant: str, basis: str
) -> None:
    before = _inventory(parks.load_park(slug))
    park = park_for_scenario(
        scenario_from_dict({"name": "t", "park": slug, "removed_tenants": [tenant]})
    )
    after = _inventory(park)
    own = float(before.loc[before.site_id == tenant, "waste_t_per_yr"].sum())
    assert own > 0 and tenant not in set(after.site_id)
    assert _rest(after) == pytest.approx(_rest(before), abs=1e-6)
    for col in ("waste_t_per_yr", "waste_t_per_yr_low", "waste_t_per_yr_high"):
        drop = float(before.loc[before.site_id == tenant, col].sum())
        assert float(after[col].sum()) == pytest.approx(float(before[col].sum()) - drop, abs=0.1)
    sized = park_sources(park, parks.read_boundary(park)).rename(columns={"site_id": "id"})
    cov = generation.park_coverage(park, sized)
    assert cov.basis == basis
    assert "1 tenant(s) removed by the scenario leave with their workforce/land" in cov.note


def test_deepc_quangninh_rest_of_park_by_hand() -> None:
    """Area basis by hand: 93 ha occupied (park.json), 7 projects, so a tenant without an
    area holds 93/7 ha; listed = 7.6 ha (DCQN-002) + 3 × 93/7 ha; the rest of the park is
    (93 − 7.6 − 3 × 93/7) ha × 76.08 t/ha/yr (``t_per_ha_yr.occupied`` central), with or
    without DCQN-002, which leaves with its 7.6 ha."""
    rest_ha = 93 - 7.6 - 3 * 93 / 7
    park = park_for_scenario(
        scenario_from_dict(
            {"name": "t", "park": "deepc-quangninh", "removed_tenants": ["DCQN-002"]}
        )
    )
    sized = park_sources(park, parks.read_boundary(park)).rename(columns={"site_id": "id"})
    cov = generation.park_coverage(park, sized)
    assert cov.listed == pytest.approx(3 * 93 / 7)
    assert cov.departed == pytest.approx(7.6)
    assert cov.unlisted == pytest.approx(rest_ha)
    rest = generation.rest_of_park_streams(cov)
    assert rest["waste_t_per_yr"].astype(float).sum() == pytest.approx(rest_ha * 76.08, rel=1e-6)
    assert "(7.6 ha)" in cov.note
    assert "of tenants removed by the scenario" in summary._unlisted_note(cov)


def test_a_moved_tenant_changes_no_total(bundled_data: Path) -> None:
    before = _inventory(parks.load_park("deepc-quangninh"))
    moved = {"id": "DCQN-001", "lat": 20.886, "lon": 106.816}  # inside the boundary
    park = park_for_scenario(
        scenario_from_dict({"name": "t", "park": "deepc-quangninh", "moved_tenants": [moved]})
    )
    assert park.removed_enterprises is None
    after = _inventory(park)
    assert float(after["waste_t_per_yr"].sum()) == pytest.approx(
        float(before["waste_t_per_yr"].sum()), abs=0.1
    )
    assert _rest(after) == pytest.approx(_rest(before), abs=1e-6)
