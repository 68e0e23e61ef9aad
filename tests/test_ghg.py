"""GHG factors of the ipcc2006_vn method, worked out by hand from their parameters."""

from __future__ import annotations

import pytest

from eipgeo import coefficients


def test_food_landfilled_at_a_vietnamese_site_by_hand() -> None:
    """IPCC 2006 Vol. 5 Ch. 3 tier 1, unmanaged deep site, no gas capture, AR5 GWP:
    CH4 = DOC 0.15 × DOCf 0.5 × MCF 0.8 × F 0.5 × 16/12 × (1 − OX 0) = 0.04 t/t;
    × 28 = 1.120 t CO2e/t = 1,120 kg (DESNZ, with UK gas capture: 700). Range: MCF 0.4
    (unmanaged shallow) → 560 kg; MCF 1.0 (managed anaerobic) → 1,400 kg. The review's
    1.1-1.3 t CO2e/t is matched."""
    f = coefficients.landfill_factor("food")
    assert f is not None
    assert f.kg_co2e_per_t == pytest.approx(1120.0)
    assert (f.low_kg_co2e_per_t, f.high_kg_co2e_per_t) == pytest.approx((560.0, 1400.0))
    assert f.status == "derived"
    assert "DOC 0.15 × DOCf 0.5 × MCF 0.8" in f.derivation
    # a material with no DOC in ghg_materials.csv: no factor (the caller falls back, labelled)
    assert coefficients.landfill_factor("lamp") is None
    # inert materials emit no landfill CH4
    metal = coefficients.landfill_factor("metal")
    assert metal is not None and metal.kg_co2e_per_t == 0


def test_mixed_waste_landfilled_by_ipcc_not_a_uk_factor_by_hand() -> None:
    """Issue 19 follow-up, item 4: mixed ordinary (and domestic residual) waste at a
    Vietnamese site under ipcc2006_vn, no gas capture: bulk-waste DOC 0.20 (40 CFR 98 Table
    HH-1) × DOCf 0.5 × MCF 0.8 (unmanaged deep) × F 0.5 × 16/12 × (1 − OX 0) × (1 − capture
    0) = 0.2 × 0.5 × 0.8 × 0.5 × 1.3333 = 0.05333 t CH4/t; × GWP 28 × 1000 = 1,493.3 kg
    CO2e/t. MCF 0.4: 746.7; MCF 1.0: 1,866.7. (The UK DESNZ C&I factor it replaces, 521 kg,
    assumes UK gas capture.)"""
    f = coefficients.landfill_factor("mixed")
    assert f is not None
    assert f.key == "ipcc2006_vn.landfill.mixed"
    assert f.kg_co2e_per_t == pytest.approx(1493.333, abs=0.001)
    assert (f.low_kg_co2e_per_t, f.high_kg_co2e_per_t) == pytest.approx((746.667, 1866.667))
    assert "DOC 0.2 × DOCf 0.5 × MCF 0.8 × F 0.5" in f.derivation
    assert "(1 − OX 0) × (1 − capture 0)" in f.derivation
    assert f.status == "derived"


def test_composting_counts_its_ch4_and_n2o() -> None:
    """IPCC Table 4.1, wet basis: 4 g CH4 × 28 + 0.3 g N2O × 265 = 112 + 79.5 = 191.5 kg
    CO2e/t (DESNZ 8.98 leaves them out); range 0.03 × 28 + 0.06 × 265 = 16.74 to
    8 × 28 + 0.6 × 265 = 383.0. Anaerobic digestion: 0.8 × 28 = 22.4."""
    f = coefficients.biological_factor("composting")
    assert f.kg_co2e_per_t == pytest.approx(191.5)
    assert (f.low_kg_co2e_per_t, f.high_kg_co2e_per_t) == pytest.approx((16.74, 383.0))
    assert coefficients.biological_factor("anaerobic_digestion").kg_co2e_per_t == pytest.approx(
        22.4
    )
    with pytest.raises(KeyError, match="no biological factor"):
        coefficients.biological_factor("landfill")


def test_incineration_by_dry_matter_and_fossil_carbon() -> None:
    """Eq. 5.1 per wet tonne: plastics 1.0 × 0.75 × 1.0 × 1.0 × 44/12 = 2,750 kg CO2;
    steel drums (18 01 02, metal: CF 0) 0 kg; rubber 0.84 × 0.67 × 0.20 × 44/12 = 412.72;
    food (FCF 0) 0; oily rags (18 02 01) fall to the industrial-waste default
    1.0 × 0.50 × 0.90 × 44/12 = 1,650, marked unverified."""
    plastic = coefficients.incineration_factor("plastic")
    drums = coefficients.incineration_factor("packaging_contaminated", "18 01 02")
    rubber = coefficients.incineration_factor("rubber")
    food = coefficients.incineration_factor("food")
    rags = coefficients.incineration_factor("packaging_contaminated", "18 02 01")
    assert plastic is not None and plastic.kg_co2e_per_t == pytest.approx(2750.0)
    assert drums is not None and drums.kg_co2e_per_t == 0
    assert rubber is not None and rubber.kg_co2e_per_t == pytest.approx(412.72)
    assert food is not None and food.kg_co2e_per_t == 0
    assert rags is not None and rags.kg_co2e_per_t == pytest.approx(1650.0)
    assert rags.status == "unverified" and plastic.status == "derived"
    assert coefficients.incineration_factor("mixed") is None
