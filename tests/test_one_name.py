"""One name per thing (issue 21 item 7): a stream or an exchanged material is named the same
on the map, in the report and on the feasibility sheet, and eipgeo's own Vietnamese names
are written with their diacritics.

The expected names are written here by hand: the catalogue's English name and a
Vietnamese name with its tone marks (``eipgeo/data/waste_catalogue.csv`` rows OI-13 and
OI-18), never read back from the code.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

from eipgeo.data import data_file
from eipgeo.outputs.feasibility import feasibility_html
from eipgeo.outputs.maps import map_job
from eipgeo.outputs.report import report_html
from eipgeo.scenario.interventions import FeasibilityCase, feasibility_case
from eipgeo.scenario.result import ScenarioRun
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import load_scenario
from eipgeo.symbiosis.names import with_material_names

PHOSPHOGYPSUM = (
    "Phosphogypsum (by-product of wet-process phosphoric acid)",
    "Thạch cao phospho (bã thải PG)",
)
TYRES = ("Rubber and end-of-life tyre scrap", "Lốp, cao su phế thải")
OLD = ("Thach cao photpho", "end_of_life_tyres", "end of life tyres", "Lop, cao su phe thai")


@dataclass
class _Pages:
    map_text: str
    report: str
    sheets: dict[str, tuple[FeasibilityCase, str]]


def _text(page: str) -> str:
    r"""Return a page's text with ``\uXXXX`` escapes (JSON in scripts) and entities read."""
    page = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)
    return html.unescape(page)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> _Pages:
    path = Path("data/parks/deepc-haiphong/scenarios/baseline.yaml")
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec["iterations"] = 200
    tyres = dict(spec["interventions"][0])
    # DCHP-017 (DAP Dinh Vu) sends phosphogypsum to DCHP-023 (Dinh Vu Gypsum): the plan's
    # documented exchange; figures copied from the tyres example (illustrative)
    gypsum = {**tyres, "id": "pg-to-retarder", "name": "Phosphogypsum to set retarder"}
    gypsum.update(supplier_id="DCHP-017", receiver_id="DCHP-023")
    spec["interventions"] = [tyres, gypsum]
    folder = tmp_path_factory.mktemp("one_name")
    small = folder / "baseline.yaml"
    small.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    scenario = load_scenario(small)
    run: ScenarioRun = run_scenario(scenario)
    sheets = {}
    for ident in ("tyres-to-crumb", "pg-to-retarder"):
        case = feasibility_case(scenario, ident, run=run)
        sheets[ident] = (case, _text(feasibility_html(case, charts_png=b"")))
    return _Pages(
        map_text=_text(map_job(run.result).get_root().render()),
        report=_text(report_html(run.result, scenario=scenario)),
        sheets=sheets,
    )


def _both(name: tuple[str, str]) -> str:
    return f'<span class="eipgeo-en">{name[0]}</span><span class="eipgeo-vi">{name[1]}</span>'


@pytest.mark.parametrize("name", [PHOSPHOGYPSUM, TYRES], ids=["phosphogypsum", "tyres"])
def test_map_popup_names_the_exchange_by_the_catalogue(
    pages: _Pages, name: tuple[str, str]
) -> None:
    assert _both(name) in pages.map_text


def test_report_exchange_table_uses_the_same_names(pages: _Pages) -> None:
    report = pages.report
    exchanges = report.split("Candidates to investigate (")[0]
    assert _both(PHOSPHOGYPSUM) in exchanges  # the plan's exchange table
    assert _both(TYRES) in report  # the candidates table
    for old in OLD:
        assert old not in report, old
    assert ">rubber_scrap<" not in report and ">phosphogypsum<" not in report


@pytest.mark.parametrize(
    ("ident", "name"),
    [("tyres-to-crumb", TYRES), ("pg-to-retarder", PHOSPHOGYPSUM)],
)
def test_feasibility_text_uses_the_same_names(
    pages: _Pages, ident: str, name: tuple[str, str]
) -> None:
    case, sheet = pages.sheets[ident]
    assert f"t/yr of {name[0]} (waste code" in case.summary
    assert f"t/năm {name[1]} (mã chất thải" in sheet  # the summary's Vietnamese
    assert _both(name) in sheet  # the flows table
    for old in OLD:
        assert old not in sheet, old
    # the flows CSV keeps the machine key (contract: key columns are not renamed)
    assert set(case.flows["material"]) <= {"end_of_life_tyres", "phosphogypsum"}


# Proper nouns or loan words an own-row name may be written in ASCII for (none today).
_PROPER = {"PG"}


def test_own_catalogue_rows_have_vietnamese_diacritics() -> None:
    with data_file("waste_catalogue.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["code"].startswith(("OI-", "DW-"))]
    assert len(rows) == 21  # OI-01..OI-18 and DW-01..DW-03
    ascii_only = [r["code"] for r in rows if r["name_vi"].isascii() and r["name_en"] not in _PROPER]
    assert ascii_only == []
    by_code = {r["code"]: r["name_vi"] for r in rows}
    assert by_code["OI-06"] == "Pallet, bao bì gỗ thải"
    assert by_code["OI-17"] == "Chất thải rắn công nghiệp thông thường hỗn hợp"
    assert by_code["OI-18"] == PHOSPHOGYPSUM[1]
    assert by_code["OI-13"] == TYRES[1]


def test_symbiosis_csvs_keep_keys_and_add_display_names() -> None:
    plan = pd.DataFrame(
        {
            "stream": ["rubber_scrap", "phosphogypsum", "surplus_heat"],
            "material": ["end_of_life_tyres", "phosphogypsum", "surplus_heat"],
            "waste_code": ["OI-13", "OI-18", ""],
            "chosen_t_per_yr": [1.0, 2.0, 3.0],
        }
    )
    named = with_material_names(plan)
    assert list(named.columns) == [
        "stream",
        "material",
        "material_name_en",
        "material_name_vi",
        "waste_code",
        "chosen_t_per_yr",
    ]
    assert list(named["material"]) == list(plan["material"])  # keys kept
    assert list(zip(named.material_name_en, named.material_name_vi, strict=True)) == [
        TYRES,
        PHOSPHOGYPSUM,
        ("surplus heat", "surplus heat"),  # no catalogue code: the key, spaced
    ]
