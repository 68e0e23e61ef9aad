"""Workshop symbiosis after the fresh-user review of issue 8: class unverified is kept and
planned (contract), same-text pairing, rejected pairs on screen, suggestions, CO2e notes."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

from eipgeo.cli import app
from eipgeo.symbiosis.catalogue import UNVERIFIED_FLAG, legal_check
from eipgeo.symbiosis.materials import resolve_material, suggest_names
from eipgeo.symbiosis.workshop import symbiosis_from_workshop

DATA = Path(__file__).parent / "data" / "symbiosis"
LAT_DEG_M = 6_371_009 * math.pi / 180  # 111,195.08 m per degree of latitude (osmnx sphere)
CIRCUITY = 1.343  # coefficients.csv circuity_factor


def _ws(name: str) -> str:
    return str(DATA / name)


def _cli(prefix: str, out: Path | None = None) -> Result:
    args = [
        "symbiosis",
        "--offers",
        _ws(f"{prefix}_offers.csv"),
        "--needs",
        _ws(f"{prefix}_needs.csv"),
        "--enterprises",
        _ws(f"{prefix}_enterprises.csv"),
    ]
    return CliRunner().invoke(app, args + (["--out", str(out)] if out else []))


def test_unverified_material_is_kept_and_planned_with_a_flag() -> None:
    """CONTRACT.md: 'A material without a waste code is kept as class unverified, not
    rejected.' 'phế phẩm nhuộm lạ' resolves to nothing; offer 40 t, need 25 t -> 25 t.

    U1-U2: 0.01 deg lat = 1,111.95 m x 1.343 = 1,493.35 m. Cut-off CO2e per t (no catalogue
    link: DESNZ fallbacks) = 521 landfill - 4.69 recycling (a cut-off factor that includes
    the haul) = 516.31 kg/t; x 25 t = 12,907.75 kg/yr.
    """
    res = symbiosis_from_workshop(
        _ws("unv_offers.csv"), _ws("unv_needs.csv"), _ws("unv_enterprises.csv")
    )
    assert len(res.candidates) == 1
    row = res.plan.iloc[0]
    assert (row.status, row.waste_class, row.chosen_t_per_yr) == ("feasible", "unverified", 25.0)
    assert UNVERIFIED_FLAG in row.reasons
    assert row.distance_m == pytest.approx(LAT_DEG_M * 0.01 * CIRCUITY, rel=1e-6)
    assert row.co2e_cutoff_kg_per_yr == pytest.approx(12_907.75, abs=0.1)
    assert (
        legal_check(
            "unverified",
            "",
            receiver_licensed=set(),
            receiver_accepts_hazardous=False,
            hazard_test=False,
        )
        == []
    )
    warn = [p for p in res.problems if p.code == "class_unverified"]
    assert [p.row for p in warn] == [2, 3]


def test_eaf_dust_still_needs_a_licence() -> None:
    """A material that RESOLVES to a hazardous code (05 01 04) still goes through the legal
    check: the unlicensed brickworks stays rejected, the licensed recycler gets 200 t."""
    res = symbiosis_from_workshop(
        _ws("eaf_offers.csv"), _ws("eaf_needs.csv"), _ws("eaf_enterprises.csv")
    )
    brick = res.candidates.set_index("receiver_id").loc["B1"]
    assert brick.status == "rejected" and brick.reasons.startswith("hazardous_unlicensed")
    assert list(res.plan.receiver_id) == ["R1"]


def test_cli_prints_the_unverified_flag(tmp_path: Path) -> None:
    """The chosen line of an unverified material carries the flag; exit 0 (a plan exists)."""
    out = _cli("unv", tmp_path)
    assert out.exit_code == 0, out.output
    line = next(s for s in out.stdout.splitlines() if "25.000 t/yr" in s)
    assert line.endswith(f"[{UNVERIFIED_FLAG}]")
    plan = pd.read_csv(tmp_path / "symbiosis_plan.csv")
    assert plan.reasons.str.contains("class unverified: confirm by a hazard test").all()


def test_same_text_pairs_a_coded_offer_with_an_uncoded_need() -> None:
    """Offer 'bột cá hỏng' (waste_code OI-15) and need 'bot ca hong' (no code) are the same
    text once tone marks are folded: paired, as OI-15 (ordinary), min(20, 50) = 20 t.
    Offer 'phế phẩm keo lạ' (no code) and the need of the same text coded 18 01 02:
    paired with the need's code, so it is controlled (KS) and, untested, rejected.
    'cặn lạ' 17 02 04 against 'cặn lạ' 16 01 04: the codes conflict, no pair."""
    res = symbiosis_from_workshop(
        _ws("txt_offers.csv"), _ws("txt_needs.csv"), _ws("txt_enterprises.csv")
    )
    cand = res.candidates.set_index("stream")
    assert set(cand.index) == {"bột cá hỏng", "phế phẩm keo lạ"}
    fish = cand.loc["bột cá hỏng"]
    assert (fish.status, fish.waste_code, fish.waste_class, fish.chosen_t_per_yr) == (
        "feasible",
        "OI-15",
        "ordinary",
        20.0,
    )
    assert "paired by the same text 'bot ca hong'" in fish.material_resolution
    drum = cand.loc["phế phẩm keo lạ"]
    assert (drum.status, drum.waste_code, drum.waste_class) == (
        "rejected",
        "18 01 02",
        "controlled",
    )
    assert drum.reasons.startswith("controlled_untested")
    assert "code and class from the need row 3" in drum.material_resolution


def test_cli_prints_rejected_pairs(tmp_path: Path) -> None:
    """Workshop mode prints the refused pairs' count and reasons, not only in the CSV."""
    out = _cli("txt", tmp_path)
    assert out.exit_code == 0, out.output
    assert (
        "1 pair rejected: 1 controlled_untested (Circular 02/2022/TT-BTNMT App. III "
        "marks KS codes 'controlled'"
    ) in out.stdout
    assert "- see symbiosis.csv" in out.stdout
    assert (
        "  rejected: Công ty Thép Miền Nam -> Công ty Xi măng Hà Tiên (phế phẩm keo lạ): "
        "controlled_untested: no hazard test recorded for 18 01 02"
    ) in out.stdout
    eaf = _cli("eaf")
    assert "1 pair rejected: 1 hazardous_unlicensed (LEP 72/2020/QH14 Art. 83(4)" in eaf.stdout
    assert "give --out to write symbiosis.csv" in eaf.stdout


def test_unresolved_material_gets_nearest_names(tmp_path: Path) -> None:
    """'dau nhot thaii' resolves to nothing; the nearest name is 'dầu nhớt thải':
    word ratio 2 x 3 / (4 + 3) = 0.857 (character ratio 2 x 13 / (18 + 13) = 0.839), above
    the 0.6 cut-off. 'bột cá hỏng' has no name that close."""
    near = suggest_names("dau nhot thaii")
    assert near[0] == "'dầu nhớt thải' (catalogue used_lubricating_oil)"
    assert len(near) == 3
    assert suggest_names("bột cá hỏng") == []
    res = symbiosis_from_workshop(
        _ws("unv_offers.csv"), _ws("unv_needs.csv"), _ws("unv_enterprises.csv")
    )
    oil = res.materials.set_index("material").loc["dau nhot thaii"]
    assert oil.how == "unresolved" and oil.suggestions.startswith("'dầu nhớt thải'")
    out = _cli("unv", tmp_path)
    assert (
        "'dau nhot thaii' -> unresolved (class unverified, kept and planned with a "
        "flag); nearest catalogue names: 'dầu nhớt thải'"
    ) in out.stdout
    table = pd.read_csv(tmp_path / "symbiosis_materials.csv", keep_default_na=False)
    assert table.suggestions.str.contains("dầu nhớt thải").any()


def test_blank_co2e_says_why() -> None:
    """No CO2e figure is a silent blank: each NaN has its reason in co2e_note."""
    ok = symbiosis_from_workshop(
        _ws("ok_offers.csv"), _ws("ok_needs.csv"), _ws("ok_enterprises.csv")
    )
    paper = ok.plan.set_index("supplier_id").loc["E2"]
    assert math.isnan(float(str(paper.co2e_avoided_burden_kg_per_yr)))
    assert f"virgin factor of 'virgin pulp' unverified (link {paper.link_id})" in paper.co2e_note
    unv = symbiosis_from_workshop(
        _ws("unv_offers.csv"), _ws("unv_needs.csv"), _ws("unv_enterprises.csv")
    )
    assert unv.plan.co2e_note.iloc[0] == (
        "avoided-burden NaN: material not in the catalogue (no virgin factor)"
    )
    eaf = symbiosis_from_workshop(
        _ws("eaf_offers.csv"), _ws("eaf_needs.csv"), _ws("eaf_enterprises.csv")
    )
    assert eaf.plan.co2e_note.iloc[0].startswith(
        "cut-off NaN: no landfill factor for class 'hazardous'"
    )
    out = CliRunner().invoke(
        app,
        [
            "symbiosis",
            "--offers",
            _ws("ok_offers.csv"),
            "--needs",
            _ws("ok_needs.csv"),
            "--enterprises",
            _ws("ok_enterprises.csv"),
        ],
    )
    assert "CO2e avoided-burden n/a: " in out.stdout and "virgin pulp" in out.stdout


def test_metal_drums_resolve_to_18_01_02() -> None:
    """Alias A06: a used metal drum is rigid metal packaging, TT 02/2022 App. III 18 01 02
    (KS), so 'thùng phuy kim loại thải' plans as controlled, not as class unverified."""
    res = resolve_material("thùng phuy kim loại thải")
    assert (res.code, res.waste_class, res.how) == ("18 01 02", "controlled", "alias in text")
    assert resolve_material("Metal drums").code == "18 01 02"


def test_known_hazardous_name_inside_loose_text_without_tone_marks() -> None:
    """'dau nhot thai hong' (waste oil, no tone marks, an extra word) still resolves to the
    waste-oil codes (hazardous), so it goes through the legal check, not as unverified."""
    from eipgeo.symbiosis.materials import resolve_material

    res = resolve_material("dau nhot thai hong")
    assert res.waste_class == "hazardous" and "17 02 04" in res.codes
    assert res.how.endswith("(tone marks folded)")


def test_materials_say_their_evidence_and_receiver_processes(tmp_path: Path) -> None:
    """Issue 20, workshop mode: each typed material shows the catalogue links it matched,
    their evidence levels and the receiver processes that can take it ('giấy vụn' is waste
    paper: L16, documented in Viet Nam, for a recycled-fibre mill)."""
    out = _cli("ok", tmp_path)
    table = pd.read_csv(tmp_path / "symbiosis_materials.csv", keep_default_na=False)
    paper = table[table.material == "giấy vụn"].iloc[0]
    assert "L16" in paper.links.split(";")
    assert "documented_vn" in paper.evidence
    assert "recycled_fibre_paper_mill" in paper.receiver_processes
    assert "receiver processes" in out.stdout
