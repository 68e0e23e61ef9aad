"""The one price table: escalation by hand, regional choice, flags, and the table's checks."""

from __future__ import annotations

import pandas as pd
import pytest

from eipgeo._errors import UsageError
from eipgeo.data import prices


def test_hazardous_treatment_2009_escalated_by_hand() -> None:
    """HCMC 2009 plant price 4,500,000 VND/t to 2025 VND with the annual-average CPI.

    Factor = Π (1 + r/100) over 2010-2025, r from price_index.csv (World Bank for 2010,
    2011, 2013, 2014; GSO otherwise): 1.09207 (2010) × 1.18678 = 1.29605; × 1.0921 =
    1.41541; × 1.06593 = 1.50873; × 1.04085 = 1.57036; × 1.0063 = 1.58026; × 1.0266 =
    1.62229; × 1.0353 = 1.67956; × 1.0354 = 1.73901; × 1.0279 = 1.78753; × 1.0323 =
    1.84527; × 1.0184 = 1.87922; × 1.0315 = 1.93842; × 1.0325 = 2.00142; × 1.0363 =
    2.07407; × 1.0331 = 2.14272. 4,500,000 × 2.14272 = 9,642,240 VND/t (to the nearest
    10 VND; the research file's 9,642,168 used the factor rounded to 2.1427).
    """
    assert prices.escalation_factor(2009) == pytest.approx(2.14272, abs=5e-6)
    p = prices.price("treatment.hazardous", "Ho Chi Minh City")
    assert p.vnd_per_t == pytest.approx(9_642_240, abs=10)
    assert (p.price_year, p.basis) == (2009, "province: Ho Chi Minh City")
    assert "escalated" in p.flag
    assert "× CPI 2.1427 (2009→2025)" in p.cite()


def test_province_then_macro_region_then_national_fallback_labelled() -> None:
    """Hai Phong has no hazardous-treatment row: the national row (the HCMC 2009 price) is
    used and labelled; ferrous scrap comes from the 'north' row (S&P Global, 8,700-9,700
    VND/kg, 2026, kept as quoted); Dong Nai's own collection tariff is 239,128 VND/t."""
    hp = prices.price("treatment.hazardous", "Hai Phong")
    assert hp.basis == "national fallback (no Hai Phong row)"
    scrap = prices.price("revenue.metal", "Hai Phong")
    assert (scrap.region, scrap.kind, scrap.factor) == ("north", "revenue", 1.0)
    assert (scrap.low_vnd_per_t, scrap.vnd_per_t, scrap.high_vnd_per_t) == (
        8_700_000,
        9_200_000,
        9_700_000,
    )
    assert "not deflated" in scrap.flag
    assert prices.price("collection_transport.ordinary", "Dong Nai").vnd_per_t == 239_128
    assert prices.price("treatment.landfill", None).basis.startswith("national fallback")


def test_hcmc_2018_treatment_escalated() -> None:
    """QĐ 38/2018 treatment 475 VND/kg: 475,000 × (1.0354 × 1.0279 × 1.0323 × 1.0184 ×
    1.0315 × 1.0325 × 1.0363 × 1.0331 = 1.232146) = 585,270 VND/t."""
    p = prices.price("treatment.landfill", "Ho Chi Minh City")
    assert p.vnd_per_t == pytest.approx(585_270, abs=1)


def test_bundled_table_is_sound_and_no_old_price_goes_unflagged() -> None:
    """Every item has a national row; no price dated before 2015 lacks a flag; every row
    has a source; the undated vendor quote is not escalated."""
    assert prices.check_table() == []
    table = prices.table()
    years = pd.to_numeric(table["price_year"].replace("", None))
    old = table[years < prices.OLD_YEAR]
    assert not old.empty and (old["flag"].str.strip() != "").all()
    vendor = prices.price("collection_transport.hazardous", "Dong Nai")
    assert (vendor.price_year, vendor.factor, vendor.vnd_per_t) == (None, 1.0, 3_750_000)


def test_malformed_table_and_unknown_item_are_named() -> None:
    """A twin of the table with a 2009 price without a flag, a revenue below zero and an
    item with no national row gives one message each; an unknown item suggests the
    nearest."""
    bad = prices.table().copy()
    bad.loc[bad.index[0], ["region", "item"]] = ["Dong Nai", "treatment.new"]
    row = bad.index[1]
    bad.loc[row, ["price_year", "flag"]] = ["2009", ""]
    bad.loc[bad.index[2], "value_vnd_per_t"] = -5.0
    problems = prices.check_table(bad)
    assert any("treatment.new: no national row" in p for p in problems)
    assert any("a 2009 price needs a flag" in p for p in problems)
    assert any("give a positive number" in p for p in problems)
    with pytest.raises(UsageError, match="did you mean"):
        prices.price("treatment.hazardus")
    with pytest.raises(UsageError, match="no CPI change for 2006"):
        prices.escalation_factor(2005)
