"""Waste catalogue, generation (estimated and measured) and scenarios."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from eipgeo import coefficients, waste
from eipgeo._errors import UsageError, ValidationError

DATA = Path(__file__).parent / "data"


def test_restaurant_rates_by_hand() -> None:
    """Restaurant food waste = 5.208 kg/worker/day × 0.4917 × 5 workers = 12.80 kg/day.

    Matsui et al. (2018): 5,208 g/worker/day for small restaurants, 49.17 % separated food
    residue; 5 workers per outlet is an unverified assumption. 12.80 × 365 / 1000 = 4.67 t/yr.
    Used cooking oil 0.254 kg/day (Ipoh campaign) → 0.093 t/yr.
    """
    out = waste.uis_streams(pd.DataFrame({"site_id": ["r1"], "source_type": ["restaurant"]}))
    food = out[out.stream == "food_waste"].iloc[0]
    assert food.waste_kg_per_day == pytest.approx(5.208 * 0.4917 * 5, abs=0.01)
    assert food.waste_t_per_yr == pytest.approx(5.208 * 0.4917 * 5 * 365 / 1000, abs=0.01)
    assert food.status == "unverified" and food.basis == "estimated"
    assert (food.waste_code, food.ewc_code, food.waste_class) == ("DW-01", "20 01 08", "domestic")
    oil = out[out.stream == "used_cooking_oil"].iloc[0]
    assert oil.waste_t_per_yr == pytest.approx(0.254 * 365 / 1000, abs=0.001)


def test_unknown_outlet_type_is_named() -> None:
    with pytest.raises(ValueError, match="x1: unknown source_type 'bar'"):
        waste.uis_streams(pd.DataFrame({"site_id": ["x1"], "source_type": ["bar"]}))


def test_industrial_split_by_hand() -> None:
    """100 workers × 1.243 t/yr = 124.3 t/yr; 16 % hazardous = 19.888 t, the rest 104.412 t.

    Unknown sector → the all-sector rate and the default profile: hazardous 18 02 01 and
    17 02 04 at 9.944 t each; ordinary all mixed (OI-17). The low end scales the rate
    (0.971 t/worker/yr, Dong Nai 2008 on the 2015 workforce) at the same 16 %:
    100 × 0.971 × 0.16 = 15.536 t.
    """
    out = waste.industrial_streams(pd.DataFrame({"id": ["e1"], "employees": [100.0]}))
    by_class = out.groupby("waste_class")["waste_t_per_yr"].sum()
    assert by_class["hazardous"] == pytest.approx(19.888, abs=0.002)
    assert by_class["ordinary"] == pytest.approx(104.412, abs=0.001)
    haz = out[out.waste_class == "hazardous"]
    assert sorted(haz.waste_code) == ["17 02 04", "18 02 01"]
    assert haz.waste_t_per_yr.tolist() == pytest.approx([9.944, 9.944], abs=0.001)
    assert haz.waste_t_per_yr_low.sum() == pytest.approx(15.536, abs=0.002)


def test_sector_profile_splits_a_tyre_plant() -> None:
    """ISIC 2211 (tyres), 100 workers at the rate of division 22: 7.14 / 7.39 × 1.243 =
    1.2009 t/worker/yr (stored to 4 decimals) → 120.09 t/yr; hazardous 16 % (no sector
    source) = 19.2144 t over 3 codes = 6.4048 t each; ordinary 100.8756 t over rubber,
    paper, wood = 33.6252 t each."""
    out = waste.industrial_streams(
        pd.DataFrame({"id": ["t"], "employees": [100.0], "isic4_class": ["2211"]})
    )
    rubber = out[out.waste_code == "OI-13"].iloc[0]
    assert rubber.waste_t_per_yr == pytest.approx(33.6252, abs=0.001)
    assert rubber.sector.startswith("ISIC 2211")
    assert out[out.waste_code == "17 02 04"].waste_t_per_yr.iloc[0] == pytest.approx(
        6.4048, abs=0.001
    )


def test_profile_falls_back_from_class_to_division_to_default() -> None:
    assert waste.profile_for("2212")[0] == "22"
    assert waste.profile_for("2211")[0] == "2211"
    assert waste.profile_for("")[0] == "default"
    assert waste.profile_for(float("nan"))[0] == "default"


def test_industrial_needs_a_worker_count() -> None:
    with pytest.raises(ValueError, match="e1: employees is nan; give a positive count"):
        waste.industrial_streams(pd.DataFrame({"id": ["e1"], "employees": [float("nan")]}))


def test_every_coefficient_has_a_source_or_says_unverified() -> None:
    table = coefficients.table()
    assert set(table["status"]) <= {"published", "derived", "unverified"}
    sourced = table[table["status"] != "unverified"]
    assert (sourced["url"].str.len() > 0).all()


# ---- catalogue ---------------------------------------------------------------------


def test_lookup_gives_class_and_names() -> None:
    """17 02 04 is 'other waste engine, gear and lubricating oils', hazardous ('**'),
    EWC 13 02 07 (TT 36/2015 Annex 1 C; EWC 2000/532/EC)."""
    entry = waste.lookup("170204")
    assert entry.code == "17 02 04"
    assert entry.waste_class == "hazardous" and entry.planning_class == "hazardous"
    assert entry.ewc_code == "13 02 07"
    assert entry.name_vi.startswith("Các loại dầu động cơ")
    assert waste.lookup("oi-01").ewc_code == "12 01 01"


def test_controlled_codes_are_planned_as_hazardous() -> None:
    """18 01 01 (contaminated flexible packaging) is KS ('*') in TT 36/2015."""
    entry = waste.lookup("18 01 01")
    assert (entry.waste_class, entry.planning_class) == ("controlled", "hazardous")


def test_ks_rows_are_reported_controlled_but_handled_as_hazardous() -> None:
    """Default profile, 100 workers: KS 18 02 01 = 124.3 × 0.16 / 2 = 9.944 t/yr, handled as
    hazardous (waste_class) and reported controlled (legal_class, reported_class), with the
    note why; NH 17 02 04 (9.944 t) stays hazardous with no note. By reported class:
    controlled 9.944 + hazardous 9.944 + ordinary 104.412 = 124.3 t/yr."""
    out = waste.industrial_streams(pd.DataFrame({"id": ["e1"], "employees": [100.0]}))
    ks = out[out.waste_code == "18 02 01"].iloc[0]
    assert (ks.waste_class, ks.legal_class) == ("hazardous", "controlled")
    assert ks.class_note == waste.CONTROLLED_NOTE and "threshold" in ks.class_note
    assert out[out.waste_code == "17 02 04"].class_note.iloc[0] == ""
    by_class = out.groupby(waste.reported_class(out))["waste_t_per_yr"].sum()
    assert by_class.to_dict() == pytest.approx(
        {"controlled": 9.944, "hazardous": 9.944, "ordinary": 104.412}, abs=0.001
    )
    assert by_class.sum() == pytest.approx(124.3, abs=0.001)
    # a frame without legal_class (or with an empty cell) falls back to waste_class
    bare = pd.DataFrame({"waste_class": ["hazardous", "ordinary"], "legal_class": ["", None]})
    assert waste.reported_class(bare).tolist() == ["hazardous", "ordinary"]
    assert waste.reported_class(bare[["waste_class"]]).tolist() == ["hazardous", "ordinary"]


def test_no_workers_domestic_stream_without_a_sourced_rate() -> None:
    """No per-worker domestic-waste rate is in the evidence files: enterprises get no DW-03
    row (a documented gap, not a zero)."""
    out = waste.industrial_streams(pd.DataFrame({"id": ["e1"], "employees": [100.0]}))
    assert "DW-03" not in set(out.waste_code)
    assert "Workers' domestic waste" in str(waste.__doc__)


def test_unknown_code_suggests_neighbours() -> None:
    with pytest.raises(KeyError, match="no waste code '17 02 09'.*17 02 0"):
        waste.lookup("17 02 09")


def test_catalogue_covers_the_required_families() -> None:
    materials = set(waste.catalogue()["material"])
    assert {
        "sludge",
        "oil",
        "solvent",
        "packaging_contaminated",
        "metal",
        "plastic",
        "paper",
        "wood",
        "ash_slag",
        "gypsum",
        "rubber",
        "food",
        "oil_edible",
        "e_waste",
        "battery",
        "lamp",
        "medical",
        "mixed",
    } <= materials
    assert set(waste.catalogue()["waste_class"]) == {
        "hazardous",
        "controlled",
        "ordinary",
        "domestic",
    }


def test_catalogue_agrees_with_the_legal_list(bundled_data: Path) -> None:
    """Every listed code restates the legal list's class ([NH]/[KS]), Vietnamese name and EWC."""
    with (bundled_data / "legal" / "vn_waste_codes.csv").open(encoding="utf-8") as f:
        legal = {r["code"]: r for r in csv.DictReader(f)}
    cls = {"hazardous [NH]": "hazardous", "controlled industrial [KS]": "controlled"}
    listed = waste.catalogue()[waste.catalogue()["code_system"].str.startswith("VN")]
    assert len(listed) >= 25
    for _, row in listed.iterrows():
        source = legal[row["code"]]
        assert cls[source["waste_class"]] == row["waste_class"], row["code"]
        assert (source["name_vi"], source["ewc_code"]) == (row["name_vi"], row["ewc_code"])
        assert row["status"] == "unverified"  # not checked against the 2022 text


def test_sector_profiles_are_complete() -> None:
    """Shares sum to 1 per sector and class group; every code is in the catalogue."""
    prof = waste.sector_profiles()
    sums = prof.groupby(["isic4", "waste_class_group"])["share_of_group"].sum()
    assert sums.to_numpy() == pytest.approx(1.0, abs=1e-5)
    assert set(prof["waste_code"]) <= set(waste.catalogue().index)
    # an equal split says so and is unverified; a sourced split names its source
    equal = prof["split_basis"] == "equal split, unverified"
    assert (prof.loc[equal, "status"] == "unverified").all()
    assert prof.loc[equal, "locator"].str.contains("section 2 line 40").all()
    sourced = prof[~equal]
    assert sourced["split_basis"].str.startswith("sourced split: ").all()
    assert (sourced["status"] == "derived").all() and (sourced["url"].str.len() > 0).all()


# ---- measured streams ----------------------------------------------------------------


def test_measured_streams_replace_the_estimates_of_their_site() -> None:
    """A has a measured table (12.5 + 0.8 = 13.3 t/yr); B keeps its estimate 62.15 t/yr."""
    est = waste.industrial_streams(pd.DataFrame({"id": ["A", "B"], "employees": [100.0, 50.0]}))
    measured = waste.read_measured(DATA / "measured_streams.csv", {"A", "B"})
    out = waste.apply_measured(est, measured)
    a = out[out.site_id == "A"]
    assert set(a.basis) == {"measured"} and a.waste_t_per_yr.sum() == pytest.approx(13.3)
    assert a[a.waste_code == "OI-13"].waste_t_per_yr_high.iloc[0] == 15
    assert out[out.site_id == "B"].waste_t_per_yr.sum() == pytest.approx(50 * 1.243, abs=0.002)


def test_malformed_measured_table_names_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        waste.read_measured(DATA / "measured_streams_malformed.csv", {"A"})
    lines = [p.to_line() for p in info.value.problems]
    name = "measured_streams_malformed.csv"
    assert any(f"{name}:2:waste_code: waste_code is '99 99 99'" in ln for ln in lines)
    assert any(f"{name}:3:site_id: site_id is 'Z'" in ln for ln in lines)
    assert any(f"{name}:4:waste_t_per_yr: waste_t_per_yr is '-3'" in ln for ln in lines)
    assert any(f"{name}:5:source:" in ln and "name the RECP assessment" in ln for ln in lines)
    assert len(lines) == 4


# ---- scenarios -------------------------------------------------------------------------


def test_reduction_scenario_by_hand() -> None:
    """Tyre plant, 100 workers: rubber OI-13 = 33.6252 t/yr in 2025 (see the tyre-plant
    test). Growth 5 %/yr to 2027: 33.6252 × 1.05² = 37.0718 t. Reductions 50 % (code
    OI-13) and 10 % (division 22) → 37.0718 × 0.5 × 0.9 = 16.6823 t; prevented 20.3895 t.
    Paper OI-05 gets only the 10 %."""
    est = waste.industrial_streams(
        pd.DataFrame({"id": ["t"], "employees": [100.0], "isic4_class": ["2211"]})
    )
    sc = waste.change_from_dict(
        {
            "name": "recp",
            "reduction_pct_by_code": {"OI-13": 50},
            "reduction_pct_by_sector": {"22": 10},
            "growth_pct_per_yr": 5,
            "base_year": 2025,
            "planning_year": 2027,
        }
    )
    out = waste.apply_change(est, sc).set_index("waste_code")
    assert out.loc["OI-13", "baseline_t_per_yr"] == pytest.approx(37.0718, abs=0.002)
    assert out.loc["OI-13", "scenario_t_per_yr"] == pytest.approx(16.6823, abs=0.002)
    assert out.loc["OI-13", "prevented_t_per_yr"] == pytest.approx(20.3895, abs=0.003)
    assert out.loc["OI-05", "scenario_t_per_yr"] == pytest.approx(33.6252 * 1.1025 * 0.9, abs=0.002)


def test_scenario_rejects_unknown_keys_and_bad_values() -> None:
    with pytest.raises(UsageError, match="did you mean 'growth_pct_per_yr'"):
        waste.change_from_dict({"growth_pct_per_year": 3})
    with pytest.raises(UsageError, match=r"reduction_pct_by_code\['OI-13'\] is 120"):
        waste.change_from_dict({"reduction_pct_by_code": {"OI-13": 120}})
    with pytest.raises(UsageError, match="before base_year"):
        waste.change_from_dict({"base_year": 2030, "planning_year": 2025})


def test_density_grid_by_hand() -> None:
    """Two sites 100 m apart share one 1 km cell (10 + 3 + 2 = 15 t/yr → 15 t/km²/yr, 2 t
    of it hazardous); a third, 3 km east, has its own (2 t/yr); a site with no waste draws none.
    Points are laid in EPSG:32648 at x = 500,500 / 500,600 / 503,500 m, y = 1,200,500 m."""
    from pyproj import Transformer

    to_wgs = Transformer.from_crs(32648, 4326, always_xy=True)
    xs = [500_500, 500_600, 503_500, 506_500]
    lon, lat = to_wgs.transform(xs, [1_200_500] * 4)
    sites = pd.DataFrame({"site_id": ["a", "b", "c", "d"], "lon": lon, "lat": lat})
    streams = pd.DataFrame(
        {
            "site_id": ["a", "b", "b", "c"],
            "waste_t_per_yr": [10, 3, 2, 2],
            "waste_class": ["ordinary", "ordinary", "hazardous", "ordinary"],
        }
    )
    grid = waste.density_grid(sites, streams, 32648, cell_m=1000).sort_values("waste_t_per_yr")
    assert grid.t_per_km2_yr.tolist() == [2.0, 15.0]
    assert grid.hazardous_t_per_yr.tolist() == [0.0, 2.0]
    assert grid.sites.tolist() == [1, 2]
    assert grid.crs.to_epsg() == 4326
    with pytest.raises(UsageError, match="cell_m is 0"):
        waste.density_grid(sites, streams, 32648, cell_m=0)
