"""One name per thing: the name pages give a waste stream or an exchanged material.

A stream (``rubber_scrap``), a waste code (``OI-13``) and a symbiosis material group
(``end_of_life_tyres``, a ``supply_group`` of ``eipgeo/data/symbiosis_links.csv``) that
stand for one thing get one (English, Vietnamese) name: the waste catalogue's
(``eipgeo/data/waste_catalogue.csv``, ``name_en``/``name_vi``). Maps, report tables,
feasibility sheets and the symbiosis notes all name things through :func:`material_name`.
"""

from __future__ import annotations

import pandas as pd

from eipgeo.symbiosis.catalogue import _split, read_links
from eipgeo.waste import catalogue


def material_name(stream: str = "", waste_code: str = "", material: str = "") -> tuple[str, str]:
    """Return the one (English, Vietnamese) name of a stream or a symbiosis material.

    Every page (map popups and arcs, report tables, feasibility and monitoring pages)
    names a stream or an exchanged material through this function, so one thing has one
    name everywhere: the catalogue's name (``name_en``, ``name_vi`` of
    ``eipgeo/data/waste_catalogue.csv``) of its waste code, else of its stream, else of
    the one code of its symbiosis material group.

    Parameters
    ----------
    stream
        A ``stream`` key (``rubber_scrap``) or, for a workshop row, the material as typed.
    waste_code
        The row's waste code (``OI-13``, ``07 01 05``); ``""`` when none.
    material
        A symbiosis material key: a ``supply_group`` of ``eipgeo/data/symbiosis_links.csv``
        (``end_of_life_tyres``), aliases of the stream of its one waste code.

    Returns
    -------
    tuple of str
        ``(name_en, name_vi)``. In order: the catalogue entry of ``waste_code``; of
        ``stream``; of the one catalogue code of the ``material`` group; else the key
        with ``_`` as spaces, in both languages.
    """
    by_code = _code_names()
    code = str(waste_code or "").strip()
    if code in by_code:
        return by_code[code]
    names = _stream_names()
    for key in (str(stream or ""), str(material or "")):
        if key in names:
            return names[key]
    group = _group_codes().get(str(material or ""), ())
    known = {by_code[c] for c in group if c in by_code}
    if len(known) == 1:
        return known.pop()
    shown = str(stream or material or waste_code).replace("_", " ")
    return shown, shown


def material_vi(name_en: str) -> str:
    """Return the Vietnamese of a name :func:`material_name` gives in English.

    Parameters
    ----------
    name_en
        An English stream or material name (``Rubber and end-of-life tyre scrap``).

    Returns
    -------
    str
        Its ``name_vi`` in the waste catalogue; ``name_en`` itself when not found.
    """
    if not _EN_TO_VI:
        for en, vi in (*_code_names().values(), *_stream_names().values()):
            _EN_TO_VI.setdefault(en, vi)
    return _EN_TO_VI.get(name_en, name_en)


_EN_TO_VI: dict[str, str] = {}
_CODES: dict[str, tuple[str, str]] = {}
_GROUPS: dict[str, tuple[str, ...]] = {}


def _code_names() -> dict[str, tuple[str, str]]:
    if not _CODES:
        table = catalogue()
        for code, en, vi in zip(table["code"], table["name_en"], table["name_vi"], strict=True):
            if code and str(code) not in _CODES:
                _CODES[str(code)] = (str(en or code), str(vi or en or code))
    return _CODES


def _group_codes() -> dict[str, tuple[str, ...]]:
    """Return each symbiosis ``supply_group``'s waste codes (``symbiosis_links.csv``)."""
    if not _GROUPS:
        links = read_links()
        for group, codes in zip(links["supply_group"], links["supply_codes"], strict=True):
            found = _GROUPS.get(str(group), ())
            _GROUPS[str(group)] = tuple(dict.fromkeys((*found, *_split(str(codes)))))
    return _GROUPS


_STREAMS: dict[str, tuple[str, str]] = {}


def _stream_names() -> dict[str, tuple[str, str]]:
    if not _STREAMS:
        table = catalogue()
        for stream, en, vi in zip(table["stream"], table["name_en"], table["name_vi"], strict=True):
            if stream and stream not in _STREAMS:
                _STREAMS[str(stream)] = (str(en or stream), str(vi or en or stream))
    return _STREAMS


def with_material_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a symbiosis table with its material's display names added.

    Parameters
    ----------
    frame
        A table of :mod:`eipgeo.symbiosis.plan` (``symbiosis.csv``,
        ``symbiosis_plan.csv``, ``symbiosis_candidates.csv``) with ``stream``,
        ``waste_code`` and ``material`` columns (any may be missing).

    Returns
    -------
    pandas.DataFrame
        A copy with ``material_name_en`` and ``material_name_vi`` (:func:`material_name`)
        right after ``material`` (at the end when there is none); the key columns are
        unchanged. ``frame`` itself when it already has them.
    """
    if "material_name_en" in frame.columns:
        return frame

    def get(col: str) -> list[str]:
        if col not in frame.columns:
            return [""] * len(frame)
        return ["" if pd.isna(v) else str(v) for v in frame[col]]

    names = [
        material_name(s, c, m)
        for s, c, m in zip(get("stream"), get("waste_code"), get("material"), strict=True)
    ]
    out = frame.copy()
    at = list(out.columns).index("material") + 1 if "material" in out.columns else len(out.columns)
    out.insert(at, "material_name_en", [n[0] for n in names])
    out.insert(at + 1, "material_name_vi", [n[1] for n in names])
    return out
