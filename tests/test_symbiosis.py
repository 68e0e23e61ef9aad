"""Symbiosis: catalogue, legal checks, scores, the exchange LP, workshop tables and the CLI."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import folium
import numpy as np
import pandas as pd
import pytest
from folium import plugins
from typer.testing import CliRunner

from eipgeo._errors import InputReadError, ValidationError
from eipgeo._text import fold_key, nfc_key, normalise_code
from eipgeo.cli import app
from eipgeo.matrix import SiteMatrix
from eipgeo.outputs.exchange_layer import CLASS_COLOURS, map_symbiosis
from eipgeo.symbiosis.catalogue import legal_check, links_for_material, read_links
from eipgeo.symbiosis.from_job import symbiosis_for_sites
from eipgeo.symbiosis.plan import score_candidates, solve_exchanges
from eipgeo.symbiosis.workshop import pairs_from_workshop, symbiosis_from_workshop

DATA = Path(__file__).parent / "data" / "symbiosis"
LAT_DEG_M = 6_371_009 * math.pi / 180  # 0.01 deg of latitude = 1,111.95 m on osmnx's sphere
CIRCUITY = 1.343  # coefficients.csv circuity_factor


def _ws(name: str) -> str:
    return str(DATA / name)


def test_catalogue_has_40_sourced_links() -> None:
    """Every one of the >= 40 links names a source and a URL; unsourced numbers are NaN."""
    links = read_links()
    assert len(links) >= 40
    assert (links.source.str.len() > 0).all() and links.url.str.startswith("http").all()
    assert links.link_id.is_unique
    assert set(links.status) <= {"published", "derived", "unverified"}
    # no substitution ratio without a 'published' status
    assert links[links.substitution_ratio.notna()].substitution_status.eq("published").all()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("17 02 04", "17 02 04"),
        ("170204", "17 02 04"),
        ("１７ ０２ ０４", "17 02 04"),
        ("oi-15", "OI-15"),
        ("DW 02", "DW-02"),
        ("giấy vụn", ""),
    ],
)
def test_normalise_code(text: str, code: str) -> None:
    """Six digits in any spacing or width become NN NN NN; eipgeo's OI/DW codes upper-case."""
    assert normalise_code(text) == code


def test_names_match_after_nfc_and_fold() -> None:
    """NFD and NFC spellings are equal under nfc_key; tone marks only vanish under fold_key."""
    nfc = "Công ty Nhựa Tân Phú"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd and nfc_key(nfc) == nfc_key(nfd)
    assert nfc_key(nfc) != nfc_key("Cong ty Nhua Tan Phu")
    assert fold_key(nfc) == fold_key("Cong ty Nhua Tan Phu") == "cong ty nhua tan phu"
    assert fold_key("Đông Á") == "dong a"


def test_links_resolve_by_code_then_name() -> None:
    """The code 17 02 04 and the Vietnamese name both reach the re-refining link L27."""
    assert "L27" in set(links_for_material("anything", "17 02 04").link_id)
    assert "L27" in set(links_for_material("Dầu nhớt thải").link_id)
    assert links_for_material("bùn thải lạ").empty


def test_legal_check_hazardous_needs_licence() -> None:
    """LEP Art. 83(4): hazardous 17 02 04 to an unlicensed firm is refused; licensed is fine."""
    refused = legal_check(
        "hazardous",
        "17 02 04",
        receiver_licensed=set(),
        receiver_accepts_hazardous=False,
        hazard_test=False,
    )
    assert refused and refused[0].startswith("hazardous_unlicensed")
    assert (
        legal_check(
            "hazardous",
            "17 02 04",
            receiver_licensed={"17 02 04"},
            receiver_accepts_hazardous=False,
            hazard_test=False,
        )
        == []
    )
    untested = legal_check(
        "controlled",
        "04 01 01",
        receiver_licensed=set(),
        receiver_accepts_hazardous=False,
        hazard_test=False,
    )
    assert untested[0].startswith("controlled_untested")
    assert (
        legal_check(
            "controlled",
            "04 01 01",
            receiver_licensed=set(),
            receiver_accepts_hazardous=False,
            hazard_test=True,
        )
        == []
    )


def _candidates(values: dict[tuple[str, str], float]) -> pd.DataFrame:
    rows = [
        {
            "supply_key": s,
            "demand_key": d,
            "distance_m": 1000.0,
            "net_vnd_per_t": v,
            "co2e_cutoff_kg_per_t": v,
        }
        for (s, d), v in values.items()
    ]
    return pd.DataFrame(rows)


def test_lp_matches_hand_solved_transportation_problem() -> None:
    """A 2x2 transportation problem solved by hand (MODI / dual check).

    Supplies S1 = 100, S2 = 50 t/yr; demands R1 = 80, R2 = 60 t/yr. Net value per t (kVND):
    S1R1 10, S1R2 4, S2R1 8, S2R2 6. Plan: S1R1 80, S1R2 10, S2R2 50 = 1,140 kVND/yr.
    Duals u1 = 0 (S1 not exhausted), v1 = 10, v2 = 4, u2 = 2; the only non-basic cell
    S2R1 has reduced cost u2 + v1 - 8 = 4 >= 0, so the plan is optimal. The alternative
    S2R1 50, S1R1 30, S1R2 60 gives 940 only.
    """
    cand = _candidates(
        {("S1", "R1"): 10.0, ("S1", "R2"): 4.0, ("S2", "R1"): 8.0, ("S2", "R2"): 6.0}
    )
    x = solve_exchanges(cand, {"S1": 100, "S2": 50}, {"R1": 80, "R2": 60}, "vnd")
    np.testing.assert_allclose(x, [80, 10, 0, 50], atol=1e-6)
    assert float(x @ cand.net_vnd_per_t) == pytest.approx(1140)


def test_lp_t_objective_prefers_the_nearer_receiver() -> None:
    """Objective t/yr: 100 t can all move; among maximal plans the one with fewer t.km wins.

    S1 = 100 t; R1 (5 km) and R2 (1 km) without capacity limits: all 100 t go to R2.
    """
    cand = _candidates({("S1", "R1"): 1.0, ("S1", "R2"): 1.0})
    cand["distance_m"] = [5000.0, 1000.0]
    x = solve_exchanges(cand, {"S1": 100}, {}, "t")
    np.testing.assert_allclose(x, [0, 100], atol=1e-6)


def _job(
    tmp_sites: list[dict[str, object]],
    streams: list[dict[str, object]],
    dist: dict[tuple[str, str], float],
) -> SimpleNamespace:
    ids = [str(s["site_id"]) for s in tmp_sites]
    values = np.full((len(ids), len(ids)), np.inf)
    np.fill_diagonal(values, 0.0)
    for (a, b), m in dist.items():
        values[ids.index(a), ids.index(b)] = m
    matrix = SiteMatrix(ids, values, "m", np.full(values.shape, "osm_street", dtype=object))
    return SimpleNamespace(
        sites=pd.DataFrame(tmp_sites).assign(role="client"),
        streams=pd.DataFrame(streams),
        facilities=pd.DataFrame(columns=["id", "name", "kind", "accepts", "lon", "lat"]),
        local_matrix=matrix,
    )


def test_small_park_plan_by_hand() -> None:
    """A three-firm park: paper packaging to the paper mill, used oil refused.

    P2 makes 50 t/yr paper packaging (OI-05); P1 is a recycled-fibre paper mill (declared
    process) 2,000 m away by street. P3 makes 2 t/yr waste lube oil (17 02 04, hazardous);
    P4 is a re-refiner without a permit for it, so that pair is rejected (LEP Art. 83(4)).
    The mill's intake is not published: the opt-in rule one_supplier caps it at 50 t/yr.
    Plan: 50 t/yr. CO2e cut-off = 50 x (1164 landfill paper - 4.69 recycling; the
    cut-off route factor includes the haul) = 50 x 1159.31 = 57,965.5 kg/yr. VND: the
    virgin-pulp price is unverified, so the net value is NaN and the objective falls back to t/yr.
    """
    sites = [
        {
            "site_id": "P1",
            "name": "Paper mill",
            "lon": 106.0,
            "lat": 10.0,
            "isic4_class": "1701",
            "processes": "recycled_fibre_paper_mill",
        },
        {"site_id": "P2", "name": "Packer", "lon": 106.01, "lat": 10.0, "isic4_class": "1702"},
        {"site_id": "P3", "name": "Workshop", "lon": 106.02, "lat": 10.0, "isic4_class": "2592"},
        {
            "site_id": "P4",
            "name": "Refinery",
            "lon": 106.03,
            "lat": 10.0,
            "isic4_class": "1920",
            "processes": "used_oil_rerefining_licensed",
        },
    ]
    streams = [
        {
            "site_id": "P2",
            "stream": "paper_packaging",
            "waste_code": "OI-05",
            "waste_class": "ordinary",
            "waste_t_per_yr": 50.0,
        },
        {
            "site_id": "P3",
            "stream": "waste_lube_oil",
            "waste_code": "17 02 04",
            "waste_class": "hazardous",
            "waste_t_per_yr": 2.0,
        },
    ]
    job = _job(sites, streams, {("P2", "P1"): 2000.0, ("P3", "P4"): 3000.0})
    res = symbiosis_for_sites(*_parts(job), unknown_demand="one_supplier")
    assert res.objective == "t"
    assert len(res.plan) == 1
    row = res.plan.iloc[0]
    assert (row.supplier_id, row.receiver_id, row.chosen_t_per_yr) == ("P2", "P1", 50.0)
    assert row.distance_source == "osm_street"
    assert row.co2e_cutoff_kg_per_yr == pytest.approx(57965.5, abs=0.1)
    rejected = res.candidates[res.candidates.status == "rejected"]
    assert set(rejected.supplier_id) == {"P3"}
    assert rejected.reasons.str.startswith("hazardous_unlicensed").all()
    totals = res.totals.set_index("key").value
    assert totals["diverted_from_landfill_t_per_yr"] == 50.0
    assert math.isnan(float(totals["net_value_vnd_per_yr"]))


def test_score_with_buyer_price() -> None:
    """Per-t value of paper over 10 km with a buyer price of 500,000 and processing 100,000 VND.

    net = 758,781 disposal (Dong Nai 239,128 + 519,653) + 500,000 - 10 x 13,664 transport
    - 100,000 = 1,022,141 VND/t; CO2e cut-off = 1164 - 4.69 = 1159.31 kg/t (the route
    factor includes the haul).
    """
    pairs = pd.DataFrame(
        [
            {
                "waste_class": "ordinary",
                "waste_code": "OI-05",
                "link_id": "L16",
                "distance_m": 10_000.0,
                "receiver_licensed": set(),
                "receiver_accepts_hazardous": False,
                "hazard_test": False,
                "price_vnd_per_t": 500_000.0,
                "processing_vnd_per_t": 100_000.0,
            }
        ]
    )
    scored = score_candidates(pairs).iloc[0]
    assert scored.status == "feasible"
    assert scored.net_vnd_per_t == pytest.approx(1_022_141)
    assert scored.co2e_cutoff_kg_per_t == pytest.approx(1159.31)
    assert math.isnan(scored.co2e_avoided_burden_kg_per_t)  # virgin pulp factor unverified


def test_workshop_plan_by_hand() -> None:
    """Workshop tables (NFD names, free Vietnamese materials) give 130 t/yr.

    Paper E2 -> E1: min(120, 100) = 100 t; plastic E3 -> E2: min(40, 30) = 30 t. The
    sludge 'bùn thải lạ' resolves (alias 'bùn thải' in the text) to OI-16 or KS 12 06 05 /
    10 02 03, so it is controlled and, with no hazard test, E1 -> E3 is rejected. Used oil
    (17 02 04) E1 -> E2 is rejected: E2 holds no permit. Distances = haversine x 1.343:
    E2-E1 0.01 deg lat = 1,111.95 m -> 1,493.35 m; E3-E2 hypot(1,111.95,
    1,111.95 cos 10.705 deg = 1,092.6) = 1,558.9 m -> 2,093.6 m.
    CO2e cut-off = 100 (1164 - 4.69) + 30 (8.98 - 4.69) = 115,931.0 + 128.7
    = 116,059.7 kg/yr (the cut-off route factor includes the haul).
    """
    res = symbiosis_from_workshop(
        _ws("ok_offers.csv"), _ws("ok_needs.csv"), _ws("ok_enterprises.csv")
    )
    chosen = res.plan.set_index("supplier_id").chosen_t_per_yr.to_dict()
    assert chosen == {"E2": 100.0, "E3": 30.0}
    paper = res.plan.set_index("supplier_id").loc["E2"]
    assert paper.distance_m == pytest.approx(LAT_DEG_M * 0.01 * CIRCUITY, rel=1e-6)
    totals = res.totals.set_index("key").value
    assert totals["exchanged_t_per_yr"] == 130.0
    assert float(totals["co2e_saved_cutoff_kg_per_yr"]) == pytest.approx(116_059.7, rel=1e-4)
    oil = res.candidates[res.candidates.material == "used_lubricating_oil"].iloc[0]
    assert oil.status == "rejected" and "hazardous_unlicensed" in oil.reasons
    from_e1 = res.candidates[res.candidates.supplier_id == "E1"]
    sludge = from_e1[from_e1.material == "wastewater_treatment_sludge"].iloc[0]
    assert sludge.status == "rejected" and sludge.waste_class == "controlled"
    assert sludge.reasons.startswith("controlled_untested")
    assert "probable_duplicate" in {p.code for p in res.problems}
    # every offer and need row reports how its material resolved
    assert len(res.materials) == 8
    assert set(res.materials.how) <= {"catalogue name", "alias in text", "waste_code column"}


def test_empty_result_names_nearest_miss() -> None:
    """Only used oil to an unlicensed buyer: no feasible exchange, the miss keeps its reason."""
    res = symbiosis_from_workshop(
        _ws("none_offers.csv"), _ws("none_needs.csv"), _ws("ok_enterprises.csv")
    )
    assert res.plan.empty
    note = res.totals.set_index("key").note["exchanges"]
    assert note.startswith("no feasible exchange; nearest misses")
    assert "hazardous_unlicensed" in note


def test_malformed_workshop_tables() -> None:
    """Bad quantity and unknown firm are reported with file, spreadsheet row and column."""
    with pytest.raises(ValidationError) as err:
        pairs_from_workshop(_ws("bad_offers.csv"), _ws("ok_needs.csv"), _ws("ok_enterprises.csv"))
    lines = [p.to_line() for p in err.value.problems if p.severity == "error"]
    assert any(
        line.startswith(f"{_ws('bad_offers.csv')}:2:qty_t_per_year: 'mười'") for line in lines
    )
    assert any(
        ":3:supplier_name: firm 'Công ty Ma' is not in the enterprise list" in line
        for line in lines
    )
    with pytest.raises(ValidationError) as err2:
        pairs_from_workshop(_ws("ok_offers.csv"), _ws("bad_needs.csv"), _ws("ok_enterprises.csv"))
    assert err2.value.problems[0].column == "buyer_name"
    with pytest.raises(InputReadError):
        pairs_from_workshop(_ws("missing.csv"), _ws("ok_needs.csv"), _ws("ok_enterprises.csv"))


def test_cli_workshop(tmp_path: Path) -> None:
    """The CLI prints each chosen exchange with its t/yr and writes symbiosis.csv."""
    runner = CliRunner()
    args = [
        "symbiosis",
        "--offers",
        _ws("ok_offers.csv"),
        "--needs",
        _ws("ok_needs.csv"),
        "--enterprises",
        _ws("ok_enterprises.csv"),
        "--out",
        str(tmp_path),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "100.000 t/yr" in result.stdout and "30.000 t/yr" in result.stdout
    table = pd.read_csv(tmp_path / "symbiosis.csv")
    assert table.columns.is_unique
    assert table.chosen_t_per_yr.sum() == pytest.approx(130.0)
    assert (table.status == "rejected").sum() == 2
    assert (tmp_path / "symbiosis_materials.csv").exists()
    assert "material offers row 4" in result.stdout and "17 02 04 [hazardous]" in result.stdout


def test_cli_exit_codes() -> None:
    """No feasible exchange exits 1; unreadable input and bad usage exit 2."""
    runner = CliRunner()
    empty = runner.invoke(
        app,
        [
            "symbiosis",
            "--offers",
            _ws("none_offers.csv"),
            "--needs",
            _ws("none_needs.csv"),
            "--enterprises",
            _ws("ok_enterprises.csv"),
        ],
    )
    assert empty.exit_code == 1
    assert "no feasible exchange" in empty.stderr
    missing = runner.invoke(
        app,
        [
            "symbiosis",
            "--offers",
            _ws("missing.csv"),
            "--needs",
            _ws("ok_needs.csv"),
            "--enterprises",
            _ws("ok_enterprises.csv"),
        ],
    )
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    usage = runner.invoke(app, ["symbiosis", "--offers", _ws("ok_offers.csv")])
    assert usage.exit_code == 2
    unknown = runner.invoke(app, ["symbiosis", "no-such-park"])
    assert unknown.exit_code == 2


def test_map_layer_arcs() -> None:
    """One arc per exchange: the largest is 2 + 8 = 10 px wide, coloured by class; estimated
    distances are dashed; the popup carries t/yr and km."""
    res = symbiosis_from_workshop(
        _ws("ok_offers.csv"), _ws("ok_needs.csv"), _ws("ok_enterprises.csv")
    )
    layer = map_symbiosis(res.plan)
    lines: list[Any] = [c for c in layer._children.values() if isinstance(c, folium.PolyLine)]
    arrows = [c for c in layer._children.values() if isinstance(c, plugins.PolyLineTextPath)]
    assert len(lines) == 2
    assert len(arrows) == 2  # each arc shows its direction, supplier -> receiver (issue 21)
    widths = sorted(line.options["weight"] for line in lines)
    assert widths[-1] == pytest.approx(10.0)
    assert widths[0] == pytest.approx(2 + 8 * 30 / 100)
    # paper (OI-05) and plastic (OI-03;OI-04) resolve to ordinary: the 'ordinary' colour
    assert {line.options["color"] for line in lines} == {CLASS_COLOURS["ordinary"]}
    assert all(line.options["dashArray"] == "6 6" for line in lines)

    m = folium.Map(tiles=None)
    layer.add_to(m)
    html = m.get_root().render()
    # bilingual (issue 21): t/yr and the distance's basis in both languages
    assert "100.0 t/yr" in html and "100,0 t/năm" in html
    assert "estimate: great-circle × circuity" in html and "đường chim bay" in html


def _parts(job: object) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, object]:
    """A stand-in job's sites, streams, facilities and site matrix."""
    return (
        job.sites,
        job.streams,
        job.facilities,  # type: ignore[attr-defined]
        getattr(job, "local_matrix", None),
    )
