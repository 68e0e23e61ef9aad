"""Issue 21: one catalogue of the words eipgeo's pages show, each in English and Vietnamese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eipgeo.outputs import _catalogue
from eipgeo.outputs._catalogue import CATALOGUE, note, number, pair, stream_name
from eipgeo.outputs.exchange_layer import CLASS_COLOURS
from eipgeo.parks import LOCATION_QUALITY
from eipgeo.pathways import PATHWAYS, UNASSIGNED

OUTPUTS = Path(_catalogue.__file__).parent
# Vietnamese letters outside ASCII: a Vietnamese text of more than one word has one
_VI_LETTER = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
# Entries that are the same in both languages (codes, units, abbreviations)
_SAME = {"unit.km"}


def _missing_vietnamese(table: dict[str, tuple[str, str]]) -> list[str]:
    """Keys whose Vietnamese is blank, or a copy of the English (except :data:`_SAME`), or
    (for a text of three or more words) has no Vietnamese letter at all."""
    bad = []
    for key, (en, vi) in table.items():
        if key in _SAME:
            continue
        words = re.sub(r"\{[^}]*\}|\([^)]*\)|[\d.,:;/%~×→-]", " ", vi).split()
        if (
            not vi.strip()
            or vi.strip() == en.strip()
            or (len(words) >= 3 and not _VI_LETTER.search(vi.casefold()))
        ):
            bad.append(key)
    return bad


def test_every_catalogue_string_has_its_vietnamese() -> None:
    """No entry of the catalogue lacks its Vietnamese."""
    assert _missing_vietnamese(CATALOGUE) == []


def test_the_check_fails_on_a_missing_translation() -> None:
    """The check above finds a blank, a copied and an untranslated Vietnamese."""
    table = {
        "ok": ("waste", "chất thải"),
        "blank": ("route", ""),
        "copied": ("route length", "route length"),
        "english": ("key figures", "key figures here"),
    }
    assert _missing_vietnamese(table) == ["blank", "copied", "english"]


def _keys_used() -> set[str]:
    """Literal keys passed to ``t("…")`` and ``pair("…")`` anywhere in eipgeo/outputs."""
    keys: set[str] = set()
    for path in OUTPUTS.glob("*.py"):
        for m in re.finditer(r"\b(?:t|pair)\(\s*[\"']([a-z_.]+)[\"']", path.read_text("utf-8")):
            keys.add(m.group(1))
    return keys


def test_every_key_the_pages_ask_for_is_in_the_catalogue() -> None:
    """A key asked for by the code but missing from the catalogue would show as the key."""
    used = _keys_used()
    assert len(used) > 30  # the search itself works
    assert sorted(used - set(CATALOGUE)) == []


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("class.", [*CLASS_COLOURS]),
        ("loc.", [*LOCATION_QUALITY]),
        ("pathway.", [*PATHWAYS, UNASSIGNED]),
    ],
)
def test_every_value_shown_through_the_catalogue_has_an_entry(
    prefix: str, values: list[str]
) -> None:
    """Waste classes, location qualities and pathways are shown by their catalogue entry,
    never as the internal key."""
    assert [v for v in values if prefix + v not in CATALOGUE] == []


def test_stream_names_from_the_legal_list() -> None:
    """``plating_sludge`` is waste code 07 01 05 of the waste catalogue: its names there."""
    assert stream_name("plating_sludge") == (
        "Metal-finishing sludge and filter cake with hazardous substances",
        "Bùn thải và bã lọc có các thành phần nguy hại",
    )
    assert stream_name("no_such_stream") == ("no such stream", "no such stream")


def test_numbers_per_language() -> None:
    """vi-VN groups thousands with '.' and marks decimals with ',' (issue 21's examples)."""
    assert number(1329194619) == ("1,329,194,619", "1.329.194.619")
    assert number(4551.94, 1) == ("4,551.9", "4.551,9")
    assert pair("unit.t_yr") == ("t/yr", "t/năm")
    assert pair("no.such.key", "raw") == ("raw", "raw")


def test_every_note_sentence_has_its_vietnamese() -> None:
    """No sentence of the notes lacks its Vietnamese, and each keeps its placeholders."""
    assert _missing_vietnamese(_catalogue.NOTES) == []
    holes = re.compile(r"\{(\w+)\}")
    assert [
        k
        for k, (en, vi) in _catalogue.NOTES.items()
        if set(holes.findall(en)) != set(holes.findall(vi))
    ] == []


def test_notes_in_vietnamese_with_vi_numbers() -> None:
    """A note of summary.csv, piece by piece, with its numbers written the vi-VN way
    (worked by hand: 3,242.0 -> 3.242,0; 74,490.8 -> 74.490,8)."""
    en = (
        "routes, trucks, route km, fuel and route CO2e cover listed tenants' park-round "
        "streams only (3,242.0 of 74,490.8 t/yr); not a confidence interval"
    )
    assert note(en) == (
        en,
        "tuyến, số xe, km tuyến, nhiên liệu và CO2e của tuyến chỉ tính các dòng thải thu "
        "gom thường xuyên trong khu của doanh nghiệp được liệt kê (3.242,0 trên 74.490,8 "
        "t/năm); không phải khoảng tin cậy",
    )
    assert note("listed tenants; range -2,317,670,038-3,748,827,056")[1] == (
        "doanh nghiệp được liệt kê; khoảng -2.317.670.038-3.748.827.056"
    )


def test_price_note_keeps_its_source_marked() -> None:
    """A price citation: the sentence around it is Vietnamese, the number vi-VN, the
    province a name, and the source (title, URL, its own '; ') kept as published between
    the marks."""
    src = "Intracom Group, 'Gia xu ly' (undated) <https://intracom.com.vn/a-1.5> (derived; x)"
    vi = note(f"collection_transport.hazardous 3,750,000 VND/t [province: Dong Nai] {src}")[1]
    assert vi == (
        f"collection_transport.hazardous 3.750.000 đ/t [tỉnh: {_catalogue.NAME_START}Dong Nai"
        f"{_catalogue.NAME_END}], nguồn: "
        f"{_catalogue.CITE_START}{src}{_catalogue.CITE_END}"
    )


def test_numbers_in_free_text_vi() -> None:
    """A piece no sentence matches still gets vi-VN numbers; URLs keep theirs."""
    assert _catalogue.vi_numbers("x 1,329,194,619 and 4,551.9 <https://a.vn/1,000.5>") == (
        "x 1.329.194.619 and 4.551,9 <https://a.vn/1,000.5>"
    )


def test_a_source_never_swallows_the_next_sentence() -> None:
    """The coverage note of a park with land only: the source of the land figure ends at
    its bracket, so the listed tenants' sentence after it is translated too."""
    en = (
        "no published workforce; occupied or leased land 93.0 ha (2022; a lower bound (the "
        "PP plant), so x); listed tenants 47.5 ha (7.6 ha reported; 3 tenants without an "
        "area filled at 93.0 ha / 7 projects = 13.29 ha each)"
    )
    cite = f"{_catalogue.CITE_START}2022; a lower bound (the PP plant), so x{_catalogue.CITE_END}"
    assert note(en)[1] == (
        f"chưa có số lao động được công bố; đất đã sử dụng hoặc cho thuê 93,0 ha ({cite}); "
        "doanh nghiệp được liệt kê 47,5 ha (7,6 ha theo công bố; 3 doanh nghiệp chưa có diện "
        "tích được điền theo 93,0 ha / 7 dự án = 13,29 ha mỗi doanh nghiệp)"
    )


def test_an_english_sentence_is_never_half_translated() -> None:
    """A sentence no entry matches stays whole (numbers aside): no 'sorting bay đến baler'."""
    assert note("sorting bay and baler, 1,200.5 t")[1] == "sorting bay and baler, 1.200,5 t"


def test_chart_ticks_in_vietnamese() -> None:
    """Tick labels of the VI charts, worked by hand: 400000 → 400.000, −7.5 → −7,5."""
    from eipgeo.outputs._chart_text import _vi_tick

    assert [_vi_tick(t) for t in ("400000", "−7.5", "0.0", "1329194619")] == [
        "400.000",
        "−7,5",
        "0,0",
        "1.329.194.619",
    ]
