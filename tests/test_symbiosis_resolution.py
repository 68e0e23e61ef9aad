"""Symbiosis gaps of issue 8: material resolution, inert factors, demand limits, bricks, VND."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from eipgeo.cli import app
from eipgeo.matrix import SiteMatrix
from eipgeo.symbiosis.catalogue import read_links
from eipgeo.symbiosis.demand import apply_unknown_demand, demand_of
from eipgeo.symbiosis.from_job import symbiosis_for_sites
from eipgeo.symbiosis.materials import resolve_material
from eipgeo.symbiosis.workshop import symbiosis_from_workshop

DATA = Path(__file__).parent / "data" / "symbiosis"
LAT_DEG_M = 6_371_009 * math.pi / 180  # 111,195.08 m per degree of latitude (osmnx sphere)
CIRCUITY = 1.343  # coefficients.csv circuity_factor


def _ws(name: str) -> str:
    return str(DATA / name)


@pytest.mark.parametrize(
    ("text", "codes", "cls", "how"),
    [
        ("Bụi lò hồ quang", "05 01 04", "hazardous", "alias"),
        ("bui lo ho quang", "05 01 04", "hazardous", "alias (tone marks folded)"),
        ("EAF dust", "05 01 04", "hazardous", "alias"),
        ("bụi lò hồ quang của lò điện", "05 01 04", "hazardous", "alias in text"),
        ("xỉ", "OI-11;05 02 01;12 01 05", "controlled", "alias"),
        ("Xỉ thép", "OI-11", "ordinary", "catalogue name"),
        ("xi thep", "OI-11", "ordinary", "catalogue name (tone marks folded)"),
        ("tro bay", "04 02 02;OI-10", "controlled", "catalogue name"),
        ("dầu thải", "15 01 07;15 02 05;17 05 04;17 07 03", "hazardous", "alias"),
        ("Giấy vụn", "OI-05", "ordinary", "catalogue name"),
        ("hàng lạ", "", "unverified", "unresolved"),
    ],
)
def test_resolve_vietnamese_names(text: str, codes: str, cls: str, how: str) -> None:
    """Names with and without tone marks reach the same codes; a slag or fly ash named
    without its process keeps its KS candidates, so it plans as controlled (the strictest);
    05 01 04 is NH in the bundled legal code list (TT 02/2022 App. III)."""
    for form in (text, unicodedata.normalize("NFD", text)):
        res = resolve_material(form)
        assert (res.code, res.waste_class, res.how) == (codes, cls, how)


def test_legal_name_beats_a_contained_alias(bundled_data: Path) -> None:
    """The list's own name 'Tro bay và bụi lò hơi có dầu' (typed without tone marks) is
    code 04 01 01 (KS), not the looser catalogue match on 'tro bay' inside it."""
    res = resolve_material("tro bay va bui lo hoi co dau")
    assert (res.code, res.waste_class, res.how) == ("04 01 01", "controlled", "legal name")


def test_stated_class_never_makes_a_material_milder() -> None:
    """A form that says 'ordinary' for EAF dust is overruled: 05 01 04 stays hazardous."""
    res = resolve_material("bụi lò hồ quang", "", "ordinary")
    assert res.waste_class == "hazardous"
    assert "kept hazardous" in res.note
    assert resolve_material("hàng lạ", "", "ordinary").waste_class == "ordinary"


def test_workshop_eaf_dust_needs_a_licence() -> None:
    """EAF dust (500 t) offered to a brickworks with no licence is refused by law; the
    licensed zinc recycler R1 (05 01 04 on its permit) takes its 200 t.

    S1 -> R1: 0.02 deg lat = 2,223.90 m x 1.343 = 2,986.7 m. Net VND/t = 13,392,239 avoided
    hazardous disposal (the inventory's licensed collection 3,750,000 + treatment 4,500,000
    x CPI 2.142720 = 9,642,239, national rows of prices.csv) + 200,000 buyer price -
    2.9867 km x 13,664 transport - 50,000 processing = 13,542,239 - 40,810.4 =
    13,501,428.6 VND/t; x 200 t = 2,700,285,720 VND/yr.
    """
    res = symbiosis_from_workshop(
        _ws("eaf_offers.csv"), _ws("eaf_needs.csv"), _ws("eaf_enterprises.csv")
    )
    cand = res.candidates.set_index("receiver_id")
    brick = cand.loc["B1"]
    assert brick.status == "rejected" and brick.waste_code == "05 01 04"
    assert brick.reasons.startswith("hazardous_unlicensed")
    assert "LEP 72/2020/QH14 Art. 83(4)" in brick.reasons
    assert "Decree 08/2022/ND-CP Art. 69(1)" in brick.reasons
    assert "licensed codes: none given" in brick.reasons
    assert "alias" in brick.material_resolution
    assert len(res.plan) == 1
    row = res.plan.iloc[0]
    assert (row.receiver_id, row.chosen_t_per_yr) == ("R1", 200.0)
    assert row.distance_m == pytest.approx(LAT_DEG_M * 0.02 * CIRCUITY, rel=1e-6)
    assert row.net_vnd_per_t == pytest.approx(13_501_428.6, abs=1.0)
    assert row.net_vnd_per_yr == pytest.approx(2_700_285_720, rel=1e-6)
    assert math.isnan(row.co2e_cutoff_kg_per_yr)  # no landfill factor for hazardous dust
    assert set(res.materials.waste_class) == {"hazardous"}


def test_empty_workshop_lists_five_nearest_misses(tmp_path: Path) -> None:
    """3 EAF-dust offers x 2 unlicensed brickworks = 6 refused pairs, none planned.

    All on one meridian; distances in degrees of latitude: S2-G1 0.010, S3-G1 0.015,
    S1-G1 0.020, S3-G2 0.025, S2-G2 0.050, S1-G2 0.060. The five nearest are listed in that
    order; S1-G2 is not.
    """
    res = symbiosis_from_workshop(
        _ws("miss_offers.csv"), _ws("miss_needs.csv"), _ws("miss_enterprises.csv")
    )
    assert res.plan.empty
    misses = res.candidates.dropna(subset=["nearest_miss"]).sort_values("nearest_miss")
    pairs = list(zip(misses.supplier_id, misses.receiver_id, strict=True))
    assert pairs == [("S2", "G1"), ("S3", "G1"), ("S1", "G1"), ("S3", "G2"), ("S2", "G2")]
    assert misses.reasons.str.startswith("hazardous_unlicensed").all()
    runner = CliRunner()
    out = runner.invoke(
        app,
        [
            "symbiosis",
            "--offers",
            _ws("miss_offers.csv"),
            "--needs",
            _ws("miss_needs.csv"),
            "--enterprises",
            _ws("miss_enterprises.csv"),
            "--out",
            str(tmp_path),
        ],
    )
    assert out.exit_code == 1
    assert out.stderr.count("nearest miss") == 5 and "no feasible exchange" in out.stderr
    table = pd.read_csv(tmp_path / "symbiosis.csv")
    assert sorted(table.nearest_miss.dropna()) == [1, 2, 3, 4, 5]


def _park(
    sites: list[dict[str, object]],
    streams: list[dict[str, object]],
    dist: dict[tuple[str, str], float],
    facilities: pd.DataFrame | None = None,
) -> SimpleNamespace:
    ids = [str(s["site_id"]) for s in sites]
    values = np.full((len(ids), len(ids)), np.inf)
    np.fill_diagonal(values, 0.0)
    for (a, b), m in dist.items():
        values[ids.index(a), ids.index(b)] = m
    fac = (
        facilities
        if facilities is not None
        else pd.DataFrame(
            columns=["id", "name", "kind", "accepts", "lon", "lat", "capacity_t_per_day"]
        )
    )
    return SimpleNamespace(
        sites=pd.DataFrame(sites).assign(role="client"),
        streams=pd.DataFrame(streams),
        facilities=fac,
        local_matrix=SiteMatrix(
            ids, values, "m", np.full(values.shape, "osm_street", dtype=object)
        ),
    )


def test_slag_uses_the_desnz_aggregates_landfill_factor() -> None:
    """1,000 t/yr steel slag (OI-11) to a road builder (ISIC 4210) 5 km away by street.

    Cut-off CO2e per t = 1.26 landfill (DESNZ 2025 aggregates, inert) - 4.69 recycling
    (a cut-off factor that includes the 5 km haul) = -3.43 kg/t; x 1,000 t = -3,430.0
    kg/yr. (The 521 kg/t commercial and industrial factor used before would have claimed
    +516.3 kg/t.)
    """
    sites = [
        {"site_id": "M", "name": "Steel mill", "lon": 106.0, "lat": 10.0, "isic4_class": "2410"},
        {
            "site_id": "R",
            "name": "Road contractor",
            "lon": 106.05,
            "lat": 10.0,
            "isic4_class": "4210",
            "processes": "road_construction",
        },
    ]
    streams = [
        {
            "site_id": "M",
            "stream": "steel_slag",
            "waste_code": "OI-11",
            "waste_class": "ordinary",
            "waste_t_per_yr": 1000.0,
        }
    ]
    park = _park(sites, streams, {("M", "R"): 5000.0})
    res = symbiosis_for_sites(*_parts(park), unknown_demand="one_supplier")
    row = res.plan.iloc[0]
    assert (row.link_id, row.chosen_t_per_yr) == ("L48", 1000.0)
    assert row.co2e_cutoff_kg_per_t == pytest.approx(-3.43)
    assert row.co2e_cutoff_kg_per_yr == pytest.approx(-3430.0)
    assert row.landfill_ef_basis.startswith("1.26 kg/t") and "aggregates" in row.landfill_ef_basis
    for link in ("L02", "L03", "L04"):  # fly ash and boiler ash use the same inert factor
        assert read_links().set_index("link_id").landfill_ef_kg_co2e_per_t[link] == 1.26


def test_unknown_demand_is_capped_at_one_supplier() -> None:
    """Paper packaging 60 t (1 km) and 50 t (2 km) to one kraft mill of unknown intake.

    Links L16 and L46 both replace 'virgin pulp', so they share the mill's one pulp intake.
    Rule one_supplier: cap = max(60, 50) = 60 t/yr; objective t moves 60 t and, among
    60-t plans, the fewest t.km: all 60 t from the 1 km supplier. Uncapped: 110 t.
    """
    sites = [
        {"site_id": "S1", "name": "Packer 1", "lon": 106.0, "lat": 10.0, "isic4_class": "2930"},
        {"site_id": "S2", "name": "Packer 2", "lon": 106.02, "lat": 10.0, "isic4_class": "2930"},
        {
            "site_id": "K",
            "name": "Kraft mill",
            "lon": 106.01,
            "lat": 10.0,
            "isic4_class": "1701",
            "processes": "recycled_fibre_paper_mill",
        },
    ]
    streams = [
        {
            "site_id": "S1",
            "stream": "paper_packaging",
            "waste_code": "OI-05",
            "waste_class": "ordinary",
            "waste_t_per_yr": 60.0,
        },
        {
            "site_id": "S2",
            "stream": "paper_packaging",
            "waste_code": "OI-05",
            "waste_class": "ordinary",
            "waste_t_per_yr": 50.0,
        },
    ]
    job = _park(sites, streams, {("S1", "K"): 1000.0, ("S2", "K"): 2000.0})
    res = symbiosis_for_sites(*_parts(job), unknown_demand="one_supplier")
    assert res.plan.set_index("supplier_id").chosen_t_per_yr.to_dict() == {"S1": 60.0}
    assert res.plan.demand_t_per_yr.iloc[0] == 60.0
    assert "largest single feasible offer" in res.plan.demand_status.iloc[0]
    free = symbiosis_for_sites(*_parts(job), unknown_demand="uncapped")
    assert free.plan.chosen_t_per_yr.sum() == 110.0
    assert free.plan.demand_status.str.contains("not capped").all()


def test_facility_capacity_binds() -> None:
    """A food-waste receiver of 0.1 t/day = 36.5 t/yr takes 30 t (near) + 6.5 t (far).

    Two canteens offer 30 t and 20 t of food waste (DW-01); the nearer one is served first.
    """
    sites = [
        {"site_id": "C1", "name": "Canteen 1", "lon": 106.0, "lat": 10.0},
        {"site_id": "C2", "name": "Canteen 2", "lon": 106.0, "lat": 10.05},
    ]
    streams = [
        {
            "site_id": s,
            "stream": "food_waste",
            "waste_code": "DW-01",
            "waste_class": "domestic",
            "waste_t_per_yr": t,
        }
        for s, t in (("C1", 30.0), ("C2", 20.0))
    ]
    fac = pd.DataFrame(
        [
            {
                "id": "AD",
                "name": "Digester",
                "kind": "receiver",
                "accepts": "domestic;ordinary",
                "lon": 106.0,
                "lat": 9.99,
                "capacity_t_per_day": 0.1,
            }
        ]
    )
    res = symbiosis_for_sites(*_parts(_park(sites, streams, {}, fac)))
    chosen = res.plan.groupby("supplier_id").chosen_t_per_yr.sum().to_dict()
    assert chosen == pytest.approx({"C1": 30.0, "C2": 6.5})
    assert res.plan.demand_status.str.startswith("facility capacity 36").all()


def test_sourced_demand_is_shared_by_its_links() -> None:
    """Xuan Mai Paper's fibre intake (<= 95,000 t/yr output, SGGP) covers L16 and L46."""
    k16, v16, s16 = demand_of("Xuan Mai Paper Co.", "L16", float("nan"), "X")
    k46, v46, _ = demand_of("Xuan Mai Paper Co.", "L46", float("nan"), "X")
    assert k16 == k46 == "X|D01" and v16 == v46 == 95_000.0
    assert s16.startswith("derived demand 95,000 t/yr")
    key, value, status = demand_of(
        "Hiep Phuoc Power Co., Ltd. (HPPC) - Hiep Phuoc power plant",
        "L24",
        float("nan"),
        "H",
        "coal",
    )
    assert key == "H|coal" and math.isnan(value) and status.startswith("unknown (D02")


def test_unknown_demand_rule_is_checked() -> None:
    """A misspelt rule is a usage error, not a silent default."""
    from eipgeo._errors import UsageError

    with pytest.raises(UsageError):
        apply_unknown_demand(pd.DataFrame(), {}, "one-supplier")


def test_bricks_link_goes_to_brick_makers_not_cement() -> None:
    """L37 (Vieira et al. 2016: paper sludge in *fired clay bricks*) receives ISIC 2392
    (clay building materials) only: a brickworks gets it, a cement plant (2394) does not."""
    link = read_links().set_index("link_id").loc["L37"]
    assert link.receiver_isic4 == "2392" and "bricks" in link.receiver_process
    sites = [
        {"site_id": "P", "name": "Paper mill", "lon": 106.0, "lat": 10.0, "isic4_class": "1701"},
        {"site_id": "B", "name": "Brickworks", "lon": 106.01, "lat": 10.0, "isic4_class": "2392"},
        {"site_id": "C", "name": "Cement plant", "lon": 106.02, "lat": 10.0, "isic4_class": "2394"},
    ]
    streams = [
        {
            "site_id": "P",
            "stream": "paper sludge",
            "waste_code": "",
            "waste_class": "ordinary",
            "waste_t_per_yr": 10.0,
        }
    ]
    res = symbiosis_for_sites(*_parts(_park(sites, streams, {})))
    l37 = res.candidates[res.candidates.link_id == "L37"]
    assert list(l37.receiver_id) == ["B"]
    assert "C" not in set(res.candidates.receiver_id)


def test_unknown_price_gives_nan_vnd_with_a_note_never_zero() -> None:
    """Park candidates have no virgin price: VND/yr is NaN with its reason, even at 0 t."""
    sites = [
        {"site_id": "M", "name": "Steel mill", "lon": 106.0, "lat": 10.0, "isic4_class": "2410"},
        {
            "site_id": "R",
            "name": "Road contractor",
            "lon": 106.05,
            "lat": 10.0,
            "isic4_class": "4210",
        },
    ]
    streams = [
        {
            "site_id": "M",
            "stream": "steel_slag",
            "waste_code": "OI-11",
            "waste_class": "ordinary",
            "waste_t_per_yr": 10.0,
        }
    ]
    park = _park(sites, streams, {("M", "R"): 5000.0})
    res = symbiosis_for_sites(*_parts(park), unknown_demand="one_supplier")
    cand = res.candidates.iloc[0]
    assert math.isnan(cand.net_vnd_per_yr)
    assert cand.vnd_note.startswith("VND/yr NaN, not 0") and "avoided purchase" in cand.vnd_note
    assert math.isnan(float(res.totals.set_index("key").value["net_value_vnd_per_yr"]))


def _parts(job: object) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, object]:
    """A stand-in job's sites, streams, facilities and site matrix."""
    return (
        job.sites,
        job.streams,
        job.facilities,  # type: ignore[attr-defined]
        getattr(job, "local_matrix", None),
    )
