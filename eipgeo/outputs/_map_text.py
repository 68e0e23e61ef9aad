"""Bilingual (English / Vietnamese) labels, sector groups and safe JSON for the maps.

Every label a map shows is written in both languages at once, as
``<span class="eipgeo-en">…</span><span class="eipgeo-vi">…</span>``; a CSS rule on the
page's ``data-eipgeo-lang`` attribute shows one of the two, so the switch in the map
changes layer names, legend, panel and popups together, with no page reload.

Sector groups follow the divisions of ISIC Rev.4 (United Nations, *International Standard
Industrial Classification of All Economic Activities, Revision 4*, ST/ESA/STAT/SER.M/4/Rev.4,
2008, "Part Three: Detailed structure and explanatory notes", sections C–I,
https://unstats.un.org/unsd/publication/seriesm/seriesm_4rev4e.pdf). The grouping of
divisions into the twelve map colours below is ours (a legend of 40+ divisions is
unreadable); it is a display choice, not a published classification.
"""

from __future__ import annotations

import html
import json
import math
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from eipgeo.outputs._catalogue import CATALOGUE, CITE_END, CITE_START, NAME_END, NAME_START

LANGS = ("en", "vi")

LABELS = CATALOGUE
"""Label key -> (English, Vietnamese): :data:`eipgeo.outputs._catalogue.CATALOGUE`."""

UNKNOWN_VALUE = (
    "unknown: no tenant or workforce data / chưa biết: chưa có dữ liệu doanh nghiệp, lao động"
)
"""KPI value of a total that cannot be estimated (a park with no tenant or workforce data);
values are plain text, so both languages are given."""

# (key, English, Vietnamese, first ISIC Rev.4 division, last division)
SECTORS: list[tuple[str, str, str, int, int]] = [
    ("food", "Food and beverages", "Thực phẩm, đồ uống", 10, 12),
    ("textile", "Textiles, apparel, leather", "Dệt may, da giày", 13, 15),
    ("wood_paper", "Wood, paper, printing", "Gỗ, giấy, in ấn", 16, 18),
    ("chemical", "Chemicals, plastics, rubber", "Hóa chất, nhựa, cao su", 19, 22),
    ("minerals", "Non-metallic minerals", "Khoáng phi kim loại", 23, 23),
    ("metal", "Metals, metal products", "Kim loại, sản phẩm kim loại", 24, 25),
    ("electronics", "Electronics, machinery", "Điện tử, máy móc", 26, 28),
    ("vehicles", "Vehicles, other manufacturing", "Phương tiện, chế tạo khác", 29, 33),
    ("utilities", "Energy, water, waste", "Năng lượng, nước, chất thải", 35, 39),
    ("logistics", "Trade, logistics", "Thương mại, kho vận", 45, 53),
    ("food_service", "Food service, retail (urban)", "Ăn uống, bán lẻ (đô thị)", 55, 56),
    ("other", "Other or not stated", "Khác / chưa rõ", -1, -1),
]
SECTOR_COLOURS = [
    "#e6194b",
    "#911eb4",
    "#9a6324",
    "#f58231",
    "#808000",
    "#469990",
    "#4363d8",
    "#000075",
    "#3cb44b",
    "#42d4f4",
    "#f032e6",
    "#7f7f7f",
]
"""One colour per entry of :data:`SECTORS` (Sasha Trubetskoy's 20 distinct colours, a subset)."""

_URBAN_TYPES = {"restaurant", "cafe", "fast_food", "supermarket", "food_court", "bar"}


def t(key: str) -> str:
    """Return the bilingual HTML of label ``key`` (both spans, escaped)."""
    en, vi = LABELS.get(key, (key, key))
    return both(en, vi)


def both(en: str, vi: str) -> str:
    """Return ``en`` and ``vi`` as two escaped spans that the language switch toggles.

    A source kept in its own language inside the Vietnamese (between
    :data:`~eipgeo.outputs._catalogue.CITE_START` and ``CITE_END``, as
    :func:`~eipgeo.outputs._catalogue.note` marks it) becomes ``<cite lang="en">``; a
    name (between ``NAME_START`` and ``NAME_END``) ``<span translate="no">``.
    """
    shown = (
        html.escape(vi)
        .replace(CITE_START, '<cite lang="en">')
        .replace(CITE_END, "</cite>")
        .replace(NAME_START, '<span translate="no">')
        .replace(NAME_END, "</span>")
    )
    return f'<span class="eipgeo-en">{html.escape(en)}</span><span class="eipgeo-vi">{shown}</span>'


def sector_index(isic: object = None, sector: object = None, source_type: object = None) -> int:
    """Index in :data:`SECTORS` of a site, from its ISIC class, sector key or source type.

    Parameters
    ----------
    isic
        ISIC Rev.4 class or division (``"2011"``, ``20``); its first two digits are the
        division.
    sector
        A sector key of :data:`SECTORS` (e.g. ``"metal"``), or its English name.
    source_type
        An OSM amenity/shop value (``restaurant``, ``cafe``...) for urban sources.

    Returns
    -------
    int
        The index; the last (``other``) when nothing matches.
    """
    digits = "".join(ch for ch in str(isic if present(isic) else "") if ch.isdigit())
    if len(digits) >= 2:
        division = int(digits[:2])
        for i, (_, _, _, lo, hi) in enumerate(SECTORS):
            if lo <= division <= hi:
                return i
    if present(sector):
        wanted = str(sector).strip().lower()
        for i, (key, en, _, _, _) in enumerate(SECTORS):
            if wanted in (key, en.lower()):
                return i
    if present(source_type) and str(source_type) in _URBAN_TYPES:
        return [s[0] for s in SECTORS].index("food_service")
    return len(SECTORS) - 1


def present(value: object) -> bool:
    """Return False for None, NaN, NaT, pandas NA and blank text."""
    if value is None or value is pd.NaT or value is pd.NA:
        return False
    if isinstance(value, float | np.floating) and math.isnan(float(value)):
        return False
    return not (isinstance(value, str) and not value.strip())


def plain(value: Any) -> Any:
    """Turn numpy scalars, timestamps and missing values into JSON-safe Python values.

    Returns
    -------
    None, bool, int, float or str
        Missing values (None, NaN, NaT, NA) become None, never ``NaN`` (invalid JSON).
    """
    if not present(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    return str(value)


def text(value: Any) -> str:
    """Display text of a data value: missing values show as an em dash."""
    v = plain(value)
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".")
    return str(v)


def script_json(obj: Any) -> str:
    r"""Return JSON for inclusion inside ``<script>``: strict (no NaN) and with every ``<`` escaped.

    Escaping ``<`` as ``\\u003c`` keeps a data value such as ``</script><script>...`` from
    ending the script element; the browser's JSON/JS parser turns it back into ``<``.
    """
    return (
        json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
