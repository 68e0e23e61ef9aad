"""``report.html``: one self-contained, offline page per run.

It holds a plain-language summary under the title (:func:`summary_sentences`), the key
figures, the waste generated (listed tenants + rest of park, with ranges) and its
plausibility against published figures, tables of waste, routes, symbiosis and EIP
indicators, a chart of the waste pathways (inline SVG, no script), the Sankey (inline SVG,
one per language, switched with the page), links to the map and tables, the provenance and
licences of the data, and which figures are estimates. It
loads nothing from the network: every link is relative to the run's folder.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd

from eipgeo import generation, pathways
from eipgeo._atomic import atomic_write_csv, atomic_write_text
from eipgeo.generation import REST_OF_PARK
from eipgeo.jobs.result import JobResult
from eipgeo.jobs.summary import plausibility_table
from eipgeo.outputs import maps, sankey
from eipgeo.outputs._catalogue import (
    CATALOGUE,
    NAME_END,
    NAME_START,
    number,
    pair,
    segments,
    vi_numbers,
)
from eipgeo.outputs._catalogue import note as _note
from eipgeo.outputs._map_elements import Panel
from eipgeo.outputs._map_text import both
from eipgeo.outputs.tables import routes_frame
from eipgeo.scenario.result import ScenarioRun
from eipgeo.scenario.schema import Scenario
from eipgeo.siting import SitingResult
from eipgeo.symbiosis.names import material_name
from eipgeo.symbiosis.plan import SymbiosisResult, candidates_to_investigate

__all__ = [
    "compare_sentences",
    "plain_summary",
    "report_html",
    "summary_sentences",
    "write_report",
]

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
.wide{max-width:100%;overflow-x:auto;margin:.5em 0 1.5em}
table{border-collapse:collapse;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top;
 overflow-wrap:anywhere;max-width:28em}
td.num{text-align:right;white-space:nowrap}
p,li{overflow-wrap:anywhere}
.lang{position:fixed;top:.5em;right:.8em;font-size:.85em}
.lang label{border:1px solid #888;border-radius:3px;padding:1px 7px;cursor:pointer;background:#fff}
input[name=eipgeo-lang]{display:none}
#lang-en:checked~main .eipgeo-vi,#lang-vi:checked~main .eipgeo-en{display:none}
#lang-en:checked~.lang label[for=lang-en],#lang-vi:checked~.lang label[for=lang-vi]{
 background:#333;color:#fff}
@media print{body{margin:0;max-width:none;font-size:9pt}.lang,input{display:none}
 .wide{overflow:visible}svg.eipgeo-sankey{page-break-inside:avoid}
 h2{page-break-after:avoid}@page{size:A4;margin:12mm}}
th{background:#f0f0f0}.est{background:#fff6dd}.note{color:#555;font-size:.9em}
.breach{background:#fde0dd;font-weight:bold}
svg.eipgeo-sankey{display:block;width:100%;height:auto;font-family:system-ui,sans-serif}
svg.eipgeo-sankey .link:hover{fill-opacity:.7}
svg.eipgeo-sankey .labels text{paint-order:stroke;stroke:#fff;stroke-width:3px;
 stroke-linejoin:round}
p.plain{font-size:1.05em;line-height:1.45}
"""

_LINKS = [
    ("map", "../{slug}.html"),
    ("summary.csv", "summary.csv"),
    ("waste_inventory.csv", "waste_inventory.csv"),
    ("routes.csv", "routes.csv"),
    ("stops.csv", "stops.csv"),
    ("routes.gpkg", "routes.gpkg"),
    ("symbiosis.csv", "symbiosis.csv"),
    ("symbiosis_plan.csv", "symbiosis_plan.csv"),
    ("symbiosis_candidates.csv", "symbiosis_candidates.csv"),
    ("sankey.html", "sankey.html"),
    ("siting.csv", "siting.csv"),
    ("setbacks.csv", "setbacks.csv"),
    ("plot_coverage.csv", "plot_coverage.csv"),
    ("indicators.csv", "indicators.csv"),
]

_LICENCE_KEYS = (
    "report.licence.osm",
    "report.licence.admin",
    "report.licence.facts",
    "report.licence.coefficients",
)
LICENCES = [pair(k)[0] for k in _LICENCE_KEYS]
"""The licences and sources of the data, in English (both languages: the catalogue's
``report.licence.*`` entries)."""

# Values of these columns are catalogue keys once prefixed (a pathway, a waste class)
_VALUE_PREFIXES = {
    "pathway": ("pathway.",),
    "class": ("class.",),
    "waste_class": ("class.",),
    "handled_as": ("class.",),
    "basis": ("basis.",),
    "status": ("status.",),
    "evidence_level": ("evidence.",),
    "group": ("group.",),
}


def _table(
    frame: pd.DataFrame,
    *,
    estimate_col: str | None = None,
    limit: int = 200,
    row_class: str = "est",
) -> str:
    if frame is None or frame.empty:
        return f"<p class='note'>{_t('report.none')}</p>"
    shown = frame.head(limit)
    body = []
    for _, row in shown.iterrows():
        est = estimate_col is not None and bool(row.get(estimate_col))
        cells = "".join(_cell(_value(str(k), v)) for k, v in row.items() if k != estimate_col)
        body.append(f"<tr class='{row_class if est else ''}'>{cells}</tr>")
    head = "".join(f"<th>{_header(str(c))}</th>" for c in shown.columns if c != estimate_col)
    more = (
        f"<p class='note'>{_tf('report.more_rows', n=len(frame) - limit)}</p>"
        if len(frame) > limit
        else ""
    )
    return f"<div class='wide'><table><tr>{head}</tr>{''.join(body)}</table></div>{more}"


# Columns whose texts are sources (titles, URLs, quotes: kept in their language, marked
# lang=en) or names (of firms, facilities: never translated, marked translate=no)
_SOURCE_COLUMNS = {"published", "evidence_source", "source", "source_url", "process_basis"}
_NAME_COLUMNS = {"supplier_name", "receiver_name", "name", "facility_name", "enterprise"}


class _Kept(str):
    """A source or a name, shown as it is in both languages."""

    __slots__ = ()


def _value(column: str, value: Any) -> Any:
    """Return a text cell in both languages (:func:`_note`), a number as it is.

    A pathway, a class or a status is named by the catalogue; a source or a name is kept
    as it is (:class:`_Kept`).
    """
    if isinstance(value, str) and column in _SOURCE_COLUMNS | _NAME_COLUMNS:
        return _Kept(value) if column in _NAME_COLUMNS else _Kept(_SOURCE_MARK + value)
    if isinstance(value, str):
        for prefix in (*_VALUE_PREFIXES.get(column, ()), "part.", "class.", "sum.", "col.", ""):
            if f"{prefix}{value}" in CATALOGUE:
                return pair(f"{prefix}{value}")
        en, vi = _note(value)
        return (en, vi) if vi != en else value
    return value


_SOURCE_MARK = "\x01"


def _cell(value: Any) -> str:
    if isinstance(value, tuple):  # (English, Vietnamese)
        return f"<td>{both(*value)}</td>"
    if isinstance(value, _Kept):
        if value.startswith(_SOURCE_MARK):
            return f'<td><cite lang="en">{html.escape(value[1:])}</cite></td>'
        return f'<td translate="no">{html.escape(value)}</td>'
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        return f"<td>{html.escape(_fmt(value))}</td>"
    if pd.isna(float(value)):
        return "<td></td>"
    return f"<td class='num'>{_number_html(float(value))}</td>"


def _decimals(value: float) -> int:
    """Digits shown: none for whole numbers and from 1,000 up, else 2 (1 from 100)."""
    if float(value).is_integer() or abs(value) >= 1000:
        return 0
    return 1 if abs(value) >= 100 else 2


def _number_html(value: float) -> str:
    """Return a number with thousands separators per language (``1,329`` / ``1.329``)."""
    return both(*number(value, _decimals(value)))


_UNIT_SUFFIXES: tuple[tuple[str, tuple[str, str]], ...] = (
    ("_t_per_yr", pair("unit.t_yr")),
    ("_vnd_per_yr", pair("unit.vnd_yr")),
    ("_kg_per_yr", pair("unit.kg_yr")),
    ("_kg_per_day", pair("unit.kg_day")),
    ("_vnd_per_t", pair("unit.vnd_t")),
    ("_pct", ("%", "%")),
    ("_km", pair("unit.km")),
    ("_kg", ("kg", "kg")),
    ("_vnd", pair("unit.vnd")),
    ("_m", ("m", "m")),
    ("_s", pair("unit.s")),
)


def _header(column: str) -> str:
    """Return a column's name for people: ``waste_t_per_yr_low`` → ``waste, low (t/yr)``."""
    if f"report.{column}" in CATALOGUE:
        return both(*pair(f"report.{column}"))
    if f"col.{column}" in CATALOGUE:
        return both(*pair(f"col.{column}"))
    name, detail = column.partition(".")[::2]
    unit: tuple[str, str] | None = None
    bound: tuple[str, str] | None = None
    for end in ("_low", "_high"):
        if name.endswith(end):
            name, bound = name.removesuffix(end), pair(f"part.{end[1:]}")
            break
    for suffix, shown in _UNIT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name, unit = name.removesuffix(suffix), shown
            break
    words = pair(f"col.{name}", name.replace("_", " ").strip())
    if detail:
        found = next(
            (
                pair(f"{p}{detail}")
                for p in ("dsource.", "class.", "part.")
                if f"{p}{detail}" in CATALOGUE
            ),
            (detail.replace("_", " "),) * 2,
        )
        words = (f"{words[0]}: {found[0]}", f"{words[1]}: {found[1]}")
    if bound:
        words = (f"{words[0]}, {bound[0]}", f"{words[1]}, {bound[1]}")
    if unit:
        words = (f"{words[0]} ({unit[0]})", f"{words[1]} ({unit[1]})")
    return both(*words)


def _summary_label(key: str) -> tuple[str, str]:
    """Return a key figure's name for people (English, Vietnamese).

    ``waste_t_per_yr.hazardous`` gives "waste generated: hazardous", from the catalogue's
    ``sum.``, ``part.`` and ``class.`` entries; a part with no entry keeps its words.
    """
    stem, _, rest = key.partition(".")
    en, vi = pair(f"sum.{stem}", stem.replace("_", " "))
    if not rest:
        return en, vi
    parts = []
    for piece in rest.split("."):
        found = next(
            (
                CATALOGUE[k]
                for k in (f"part.{piece}", f"class.{piece}", f"pathway.{piece}")
                if k in CATALOGUE
            ),
            None,
        )
        parts.append(found or (piece.replace("_", " "),) * 2)
    return f"{en}: {', '.join(p[0] for p in parts)}", f"{vi}: {', '.join(p[1] for p in parts)}"


_UNITS: dict[str, Any] = {
    pair(k)[0]: pair(k)
    for k in (
        "unit.t_yr",
        "unit.kg_day",
        "unit.vnd_yr",
        "unit.km_day",
        "unit.sites",
        "unit.workers",
        "unit.routes_day",
        "unit.co2e_kg_yr",
        "unit.vnd_t",
        "unit.vnd",
        "unit.s",
        "unit.kg_yr",
    )
}
"""Units of ``summary.csv`` shown in both languages."""


_NAMED_KEYS = ("park", "depot", "facility.")
"""Key figures whose note starts with a name (of the park, the depot, a facility)."""


def _summary_note(key: str, text: str) -> Any:
    """Return a key figure's note in both languages; a leading name stays as it is.

    ``Dinh Vu landfill (commune_centroid); <more>`` keeps the name, names the location
    quality by the catalogue (``loc.*``) and translates the rest (:func:`_note`).
    """
    first = segments(text)[0] if text else ""
    if not text or not key.startswith(_NAMED_KEYS) or _note(first)[1] != vi_numbers(first):
        return _value("", text)  # not a name, or a sentence of the catalogue's (a stand-in)
    name, *more = segments(text)
    sep, rest = ("; ", "; ".join(more)) if more else ("", "")
    found = re.fullmatch(r"(.*) \((\w+)\)", name)
    quality = bool(found) and f"loc.{found.group(2)}" in CATALOGUE  # type: ignore[union-attr]
    shown = found.group(1) if found and quality else name
    en_q, vi_q = pair(f"loc.{found.group(2)}") if found and quality else ("", "")
    vi = f"{NAME_START}{shown}{NAME_END}" + (f" ({vi_q})" if quality else "")
    en = f"{shown} ({en_q})" if quality else shown
    if sep:
        en_rest, vi_rest = _note(rest)
        en, vi = f"{en}; {en_rest}", f"{vi}; {vi_rest}"
    return en, vi


_RANGE = re.compile(r"\b(range|khoảng) (-?\d[\d.,]*?)-(-?\d)")
"""A range's two ends in a note (``range -3,393,930,911-7,313,549,555``)."""


def _dash_ranges(shown: Any) -> Any:
    """Return a note with each range's ends joined by " – " (a negative end reads as one).

    ``range -3,393,930,911-7,313,549,555`` becomes ``range -3,393,930,911 – 7,313,549,555``,
    in each language of a pair; anything else is returned as it is.
    """
    if isinstance(shown, tuple):
        return tuple(_RANGE.sub(r"\1 \2 – \3", text) for text in shown)
    if isinstance(shown, str) and not isinstance(shown, _Kept):
        return _RANGE.sub(r"\1 \2 – \3", shown)
    return shown


def _summary_table(
    summary: pd.DataFrame, facility_names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Return the key figures with names for people and numbers formatted.

    A facility's key figure (``facility.<group>``) shows the facility's name from
    ``facility_names`` (id → name) where its id is there, else its id.
    """
    names = facility_names or {}
    rows = []
    for _, r in summary.iterrows():
        value = pd.to_numeric(r["value"], errors="coerce")
        shown: Any = float(value) if pd.notna(value) else _value("", _fmt(r["value"]))
        if str(r["key"]).startswith("facility.") and _fmt(r["value"]) in names:
            shown = _Kept(names[_fmt(r["value"])])
        rows.append(
            {
                "figure": _summary_label(str(r["key"])),
                "value": shown,
                "unit": _UNITS.get(_fmt(r.get("unit"))) or _value("", _fmt(r.get("unit"))),
                "note": _dash_ranges(_summary_note(str(r["key"]), _fmt(r.get("note")))),
                "_est": bool(r["_est"]),
            }
        )
    return pd.DataFrame(rows)


def _counts(counts: dict[Any, Any], prefix: str) -> tuple[str, str]:
    """Return ``{'estimated': 40}`` as ``estimated 40`` (English, Vietnamese).

    A value with a catalogue entry under ``prefix`` shows by its name, else as it is.
    """
    names = [(pair(f"{prefix}{k}", str(k)), int(v)) for k, v in counts.items()]
    if not names:
        return pair("report.none")
    en = ", ".join(f"{n[0]} {v:,}" for n, v in names)
    vi = ", ".join(f"{n[1]} {number(v)[1]}" for n, v in names)
    return en, vi


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.{_decimals(value)}f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _is_estimate(row: pd.Series) -> bool:
    note = f"{row['note']} {row['key']}".lower()
    return any(w in note for w in ("estimat", "unverified", "lower bound", "assumption"))


def _bar_chart(totals: pd.DataFrame) -> str:
    """Inline SVG bars: t/yr by pathway (all classes)."""
    by = totals.groupby("pathway", sort=False)["waste_t_per_yr"].sum()
    if by.empty or float(by.max()) <= 0:
        return ""
    width, bar = 420.0, 22
    rows = []
    for i, (name, t) in enumerate(by.items()):
        w = width * float(t) / float(by.max())
        y = i * (bar + 6)
        label = _svg_both(*pair(f"pathway.{name}", str(name)))
        value = number(float(t), 1)
        unit = pair("unit.t_yr")
        rows.append(
            f"<text x='0' y='{y + 16}' font-size='13'>{label}</text>"
            f"<rect x='130' y='{y}' width='{w:.1f}' height='{bar}' fill='#1b9e77'/>"
            f"<text x='{135 + w:.1f}' y='{y + 16}' font-size='12'>"
            f"{_svg_both(f'{value[0]} {unit[0]}', f'{value[1]} {unit[1]}')}</text>"
        )
    height = len(by) * (bar + 6)
    return (
        f"<svg role='img' aria-label='{html.escape(pair('report.chart_label')[0])}' "
        f"width='700' height='{height}'>"
        f"{''.join(rows)}</svg>"
    )


def _svg_both(en: str, vi: str) -> str:
    """Return ``en`` and ``vi`` as two SVG ``tspan`` that the language switch toggles."""
    return (
        f"<tspan class='eipgeo-en'>{html.escape(en)}</tspan>"
        f"<tspan class='eipgeo-vi'>{html.escape(vi)}</tspan>"
    )


def _provenance(result: JobResult) -> str:
    streams, sites = result.streams, result.sites
    items = [f"<li>{_t(k)}</li>" for k in _LICENCE_KEYS]
    basis = streams["basis"].value_counts().to_dict() if "basis" in streams else {}
    quality = (
        sites["location_quality"].value_counts().to_dict() if "location_quality" in sites else {}
    )
    est = [
        _tf("report.streams_by_basis", counts=_counts(basis, "basis.")),
        _tf("report.sites_by_quality", counts=_counts(quality, "loc.")),
        _t("report.circuity_note"),
    ]
    sources = sorted({str(s) for s in streams.get("source", pd.Series(dtype=str)) if str(s)})
    fac = sorted(
        {str(s) for s in result.facilities.get("source_url", pd.Series(dtype=str)) if str(s)}
    )
    src = "".join(f'<li><cite lang="en">{html.escape(s)}</cite></li>' for s in sources + fac)
    return (
        f"<h3>{_t('report.licences')}</h3><ul>{''.join(items)}</ul>"
        f"<h3>{_t('report.which_estimates')}</h3>"
        f"<ul>{''.join(f'<li>{e}</li>' for e in est)}</ul>"
        f"<h3>{_t('report.sources')}</h3><ul>{src}</ul>"
    )


def generation_table(streams: pd.DataFrame) -> pd.DataFrame:
    """Return the park's generation as listed tenants, rest of park and park total.

    Parameters
    ----------
    streams
        The job's streams (``coverage``, ``method`` and the three t/yr columns).

    Returns
    -------
    pandas.DataFrame
        ``part, waste_t_per_yr_low, waste_t_per_yr, waste_t_per_yr_high, share_pct,
        methods``: one row each for ``listed tenants``, ``rest of park`` and ``park
        total`` (ranges summed: :func:`eipgeo.generation.total_range`).
    """
    coverage = (
        streams["coverage"].fillna("listed").astype(str)
        if "coverage" in streams.columns
        else pd.Series("listed", index=streams.index)
    )
    _, whole, _ = generation.total_range(streams)
    rows = []
    for label, part in (
        ("listed tenants", streams[coverage == "listed"]),
        ("rest of park (not routed)", streams[coverage == "rest_of_park"]),
        ("park total", streams),
    ):
        low, central, high = generation.total_range(part)
        methods = (
            ", ".join(sorted(set(part["method"].astype(str)))) if "method" in part.columns else ""
        )
        rows.append(
            {
                "part": label,
                "waste_t_per_yr_low": round(low, 1),
                "waste_t_per_yr": round(central, 1),
                "waste_t_per_yr_high": round(high, 1),
                "share_pct": round(100 * central / whole, 1) if whole else 0.0,
                "methods": methods,
            }
        )
    return pd.DataFrame(rows)


def _generation_section(result: JobResult) -> str:
    """Return the waste generated (listed + rest of park, with ranges) and its plausibility."""
    streams = result.streams
    if streams.empty:
        return ""
    summary = dict(
        zip(result.summary.key.astype(str), result.summary.note.astype(str), strict=True)
    )
    coverage = summary.get("coverage.basis", "")
    plaus = plausibility_table(result)
    shown = plaus.drop(columns=["area_from"]) if "area_from" in plaus.columns else plaus
    return (
        f"<h2>{_t('report.generation')}</h2>"
        f"<p class='note'>{_t('report.generation_intro')}</p>"
        + (
            f"<p class='note'>{_t('report.coverage')}: {both(*_note(coverage))}</p>"
            if coverage
            else ""
        )
        + _table(generation_table(streams))
        + f"<h2>{_t('report.plausibility')}</h2>"
        f"<p class='note'>{_t('report.plausibility_intro')}</p>" + _table(shown)
    )


CANDIDATES_IN_REPORT = 15
"""How many candidates to investigate the report lists (all are in symbiosis_candidates.csv)."""


def _symbiosis_section(result: JobResult) -> str:
    sym = result.symbiosis
    plan = sym.plan
    cols = [
        c
        for c in (
            "supplier_name",
            "receiver_name",
            "material",
            "chosen_t_per_yr",
            "unit",
            "distance_km",
            "net_vnd_per_yr",
            "co2e_cutoff_kg_per_yr",
            "evidence_level",
            "evidence_source",
        )
        if c in plan.columns
    ]
    cand = candidates_to_investigate(sym)
    cand_cols = [
        c
        for c in (
            "supplier_name",
            "receiver_name",
            "stream",
            "supply_t_per_yr",
            "unit",
            "evidence_level",
            "why_not_in_plan",
        )
        if c in cand.columns
    ]
    status = sym.candidates.get("plan_status", pd.Series(dtype=str))
    other = int((status == "not_symbiosis").sum())
    note = f"<p class='note'>{_t('report.plan_note')}</p>"
    shown = _named(cand.head(CANDIDATES_IN_REPORT), "stream")
    return (
        _objective_note(result, sym)
        + note
        + _table(_named(plan[cols], "material", plan))
        + f"<h3>{_tf('report.candidates', n=len(cand))}</h3>"
        + _table(shown[cand_cols])
        + (f"<p class='note'>{_tf('report.not_symbiosis', n=other)}</p>" if other else "")
    )


def _named(frame: pd.DataFrame, column: str, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return ``frame`` with its ``column`` of keys shown as the material's one name.

    The name is :func:`eipgeo.outputs._catalogue.material_name` of each row's ``stream``,
    ``waste_code`` and ``material`` (read from ``rows``, the full table, when ``frame``
    shows only some of its columns), so the report names an exchange as the map does.
    """
    if column not in frame.columns or frame.empty:
        return frame
    src = frame if rows is None else rows.loc[frame.index]

    def get(col: str) -> list[str]:
        values = src[col] if col in src.columns else pd.Series("", index=src.index)
        return ["" if pd.isna(v) else str(v) for v in values]

    names = [
        material_name(s, c, m)
        for s, c, m in zip(get("stream"), get("waste_code"), get("material"), strict=True)
    ]
    out = frame.copy()
    out[column] = pd.Series(names, index=frame.index, dtype=object)
    return out


def _objective_note(result: JobResult, sym: SymbiosisResult) -> str:
    """Say which objective the exchange plan maximised (asked for, and used)."""
    asked = str(getattr(result, "symbiosis_objective", "auto"))
    used = str(getattr(sym, "objective", asked))
    meaning = pair(f"report.objective.{used}", used)
    label, chosen = pair("report.objective"), pair("report.chosen_by")
    en, vi = (
        f"{label[i]}: {used} ({meaning[i]})" + (f", {chosen[i]} '{asked}'" if asked != used else "")
        for i in (0, 1)
    )
    return f"<p>{both(en + '.', vi + '.')}</p>"


def _frequency_section(result: JobResult) -> str:
    """Show collection days a week per group (``collection_days_per_week.<group>`` rows)."""
    summary = result.summary
    keys = summary.key.astype(str)
    rows = summary[keys.str.startswith("collection_days_per_week.")]
    if rows.empty:
        rows = summary[keys == "collection_days_per_week"]
        intro = "report.frequency_default"
    else:
        intro = "report.frequency_set"
    table = pd.DataFrame(
        {
            "group": rows.key.astype(str).str.replace("collection_days_per_week.", "", regex=False),
            "days_per_week": [
                f"{float(v):g}" if pd.notna(pd.to_numeric(v, errors="coerce")) else str(v)
                for v in rows.value
            ],
            "note": rows.get("note", ""),
        }
    )
    return f"<h3>{_t('report.frequency')}</h3><p class='note'>{_t(intro)}</p>" + _table(table)


def _setback_section(table: pd.DataFrame | None) -> str:
    if table is None:
        return f"<h3>{_t('report.setbacks')}</h3><p class='note'>{_t('report.no_setbacks')}</p>"
    bad = int((~table.ok.astype(bool)).sum())
    text = _tf("report.setback_text", n=len(table), bad=bad)
    shown = table.assign(_breach=~table.ok.astype(bool))
    return f"<h3>{_t('report.setbacks')}</h3><p>{text}</p>" + _table(
        shown, estimate_col="_breach", row_class="breach"
    )


def _coverage_section(table: pd.DataFrame | None, scenario: Scenario | None) -> str:
    if table is None:
        return (
            f"<h3>{_t('report.plot_coverage')}</h3>"
            f"<p class='note'>{_t('report.no_plot_coverage')}</p>"
        )
    spec = getattr(scenario, "plot_coverage", None)
    radius = f"{spec.radius_m:g} m" if spec is not None else "the radius"
    measure = f" ({spec.measure})" if spec is not None else ""
    missed = table[~table.covered.astype(bool)]
    text = _tf(
        "report.coverage_text",
        covered=len(table) - len(missed),
        n=len(table),
        radius=radius,
        measure=measure,
        missed=len(missed),
    )
    return f"<h3>{_t('report.plot_coverage')}</h3><p>{text}</p>" + (
        f"<p>{_t('report.uncovered')}</p>{_table(missed)}" if len(missed) else ""
    )


def _layout_section(
    result: JobResult, scenario: Scenario | None, layout: dict[str, pd.DataFrame]
) -> str:
    """Return the layout review: setbacks, plot coverage, collection frequency per group."""
    return (
        f"<h2>{_t('report.layout')}</h2>"
        + _setback_section(layout.get("setbacks"))
        + _coverage_section(layout.get("plot_coverage"), scenario)
        + _frequency_section(result)
    )


def _known(figures: dict[str, Any], key: str) -> float | None:
    """Return ``figures[key]`` as a number; None when it is missing, blank or NaN."""
    value = pd.to_numeric(pd.Series([figures.get(key)]), errors="coerce").iloc[0]
    return None if pd.isna(value) else float(value)


_PCT = ("%", "%")


def _shown(
    value: float | None,
    decimals: int | None = None,
    unit: tuple[str, str] | None = None,
    *,
    sign: bool = False,
) -> tuple[str, str]:
    """Return a figure per language (EN ``416,527 t/yr``, VI ``416.527 t/năm``).

    None is "unknown" / "chưa rõ" (no unit), never 0. ``decimals`` None: :func:`_decimals`.
    ``sign``: a change, ``+`` before a rise; a change that rounds to nothing is ``0``,
    never ``-0``.
    """
    if value is None:
        return pair("report.unknown")
    digits = _decimals(value) if decimals is None else decimals
    if sign and round(value, digits) == 0:
        en, vi = "0", "0"
    else:
        plus = "+" if sign and value > 0 else ""
        en, vi = (f"{plus}{n}" for n in number(value, digits))
    if unit is None:
        return en, vi
    return f"{en} {unit[0]}", f"{vi} {unit[1]}"


def _fill(key: str, **fields: Any) -> tuple[str, str]:
    """Return the catalogue's ``key`` filled per language (a pair fills each its own)."""
    en, vi = pair(key)
    return (
        en.format(**{k: v[0] if isinstance(v, tuple) else v for k, v in fields.items()}),
        vi.format(**{k: v[1] if isinstance(v, tuple) else v for k, v in fields.items()}),
    )


def summary_sentences(
    summary: pd.DataFrame,
    *,
    largest: tuple[str, float] | None = None,
    exchanges: float | None = None,
    candidates: float | None = None,
) -> list[tuple[str, str]]:
    """Return the report's plain-language summary: five sentences (English, Vietnamese).

    Every figure is read from ``summary`` (the job's ``summary.csv``), none recomputed:
    the park's total t/yr and its range, the hazardous and controlled share, the shares by
    pathway, the waste cost and its range, route km/day and route cost, the listed
    tenants' share and the routes' coverage. A figure missing or NaN is said to be
    unknown (EN "unknown", VI "chưa rõ"), never 0. Numbers are written per language
    (EN ``416,527``, VI ``416.527``); a range's ends are joined by " – ".

    Parameters
    ----------
    summary
        ``key, value`` rows of ``summary.csv``.
    largest
        The largest listed generator's name and its t/yr; None: unknown.
    exchanges, candidates
        Exchanges in the symbiosis plan and candidate pairs to investigate; None: unknown.

    Returns
    -------
    list of tuple of str
        Five ``(english, vietnamese)`` sentences: waste, where it goes, cost and routes,
        coverage, symbiosis.
    """
    fig = dict(zip(summary["key"].astype(str), summary["value"], strict=True))
    t_yr = pair("unit.t_yr")
    total = _known(fig, "waste_t_per_yr.park_total")
    if total is None:
        total = _known(fig, "waste_t_per_yr.total")
    largest_pct = (
        100 * largest[1] / total if largest is not None and total is not None and total else None
    )
    out = [
        _fill(
            "report.plain.waste",
            total=_shown(total, None, t_yr),
            low=_shown(_known(fig, "waste_t_per_yr.park_total_low")),
            high=_shown(_known(fig, "waste_t_per_yr.park_total_high"), None, t_yr),
            hazardous=_shown(_known(fig, "waste_share_pct.hazardous_incl_controlled"), 1, _PCT),
            largest=(largest[0], f"{NAME_START}{largest[0]}{NAME_END}")
            if largest is not None
            else pair("report.unknown"),
            largest_pct=_shown(largest_pct, 1, _PCT),
        )
    ]
    shares = []
    for name in (*pathways.PATHWAYS, pathways.UNASSIGNED):
        pct = _known(fig, f"waste_share_pct.{name}")
        if pct is not None:
            words, shown = pair(f"pathway.{name}", name), number(pct, 1)
            shares.append((f"{words[0]} {shown[0]} %", f"{words[1]} {shown[1]} %"))
    out.append(
        _fill(
            "report.plain.where",
            shares=(", ".join(e for e, _ in shares), ", ".join(v for _, v in shares))
            if shares
            else pair("report.unknown"),
        )
    )
    out.append(
        _fill(
            "report.plain.cost",
            cost=_shown(_known(fig, "waste_cost_vnd_per_yr.total"), 0, pair("unit.vnd_yr")),
            low=_shown(_known(fig, "waste_cost_vnd_per_yr.low"), 0),
            high=_shown(_known(fig, "waste_cost_vnd_per_yr.high"), 0, pair("unit.vnd_yr")),
            km=_shown(_known(fig, "route_km.total"), 1, pair("unit.km_day")),
            route_cost=_shown(_known(fig, "route_cost_vnd"), 0, pair("unit.vnd_day")),
        )
    )
    out.append(
        _fill(
            "report.plain.coverage",
            listed=_shown(_known(fig, "waste_share_pct.listed"), 1, _PCT),
            routes=_shown(_known(fig, "routes.coverage"), 1, _PCT),
        )
    )
    out.append(
        _fill(
            "report.plain.symbiosis",
            exchanges=_shown(exchanges, 0),
            candidates=_shown(candidates, 0),
        )
    )
    return out


def _facility_names(result: JobResult) -> dict[str, str]:
    """Return the job's facilities as id → name (ids with no name left out)."""
    fac = result.facilities
    if "id" not in fac.columns or "name" not in fac.columns:
        return {}
    return {str(i): str(n) for i, n in zip(fac["id"], fac["name"], strict=True) if _fmt(n)}


def _largest_generator(result: JobResult) -> tuple[str, float] | None:
    """Return the listed generator with the most t/yr (its name, t/yr); None if none."""
    streams = result.streams
    if streams.empty or "site_id" not in streams.columns:
        return None
    listed = streams[streams["site_id"].astype(str) != REST_OF_PARK]
    if "coverage" in listed.columns:
        listed = listed[listed["coverage"].fillna("listed").astype(str) != "rest_of_park"]
    by = listed.groupby("site_id")["waste_t_per_yr"].sum()
    if by.empty:
        return None
    site = str(by.idxmax())
    names = dict(
        zip(result.sites.site_id.astype(str), result.sites["name"].astype(str), strict=True)
    )
    return names.get(site, site), float(by.max())


def plain_summary(result: JobResult) -> str:
    """Return the plain-language summary paragraph under the report's title.

    The sentences are :func:`summary_sentences` of the job's summary, its largest listed
    generator, and the exchanges and candidates of its symbiosis plan.

    Parameters
    ----------
    result
        The job's result.

    Returns
    -------
    str
        ``<p class="plain">`` with each sentence in both languages.
    """
    totals = result.symbiosis.totals
    row = totals[totals["key"].astype(str) == "exchanges"] if "key" in totals.columns else totals
    exchanges = _known({"x": row["value"].iloc[0]}, "x") if len(row) else None
    sentences = summary_sentences(
        result.summary,
        largest=_largest_generator(result),
        exchanges=exchanges,
        candidates=float(len(candidates_to_investigate(result.symbiosis))),
    )
    return "<p class='plain'>" + " ".join(both(en, vi) for en, vi in sentences) + "</p>"


def _sankey_section(result: JobResult) -> str:
    """Return the Sankey inline: one SVG per language, shown by the report's switch."""
    links, title_en, title_vi = sankey.park_sankey(result.streams, result.sites, result.park.name)
    if links.empty:
        return f"<h2>{_t('report.sankey')}</h2><p class='note'>{_t('sankey_no_flows')}</p>"
    return (
        f"<h2>{_t('report.sankey')}</h2>"
        + sankey.sankey_svg(links, lang="en", title=title_en)
        + sankey.sankey_svg(links, lang="vi", title=title_vi)
    )


def report_html(
    result: JobResult,
    *,
    scenario: Scenario | None = None,
    siting: SitingResult | None = None,
    hubs: pd.DataFrame | None = None,
    folder: Path | None = None,
    layout: dict[str, pd.DataFrame] | None = None,
) -> str:
    """Return the report page of one job (a :class:`eipgeo.jobs.JobResult`).

    Parameters
    ----------
    result
        The job's result.
    scenario
        The :class:`eipgeo.scenarios.Scenario` it ran, if any.
    siting, hubs
        The siting solution and opened hubs of a scenario's ``hub`` block, if any.
    folder
        Where the report goes: only the files that exist there are linked. ``None``
        links every file a run can write.
    layout
        The layout review's tables (``setbacks``, ``plot_coverage``;
        :func:`eipgeo.layout.review`), shown in the "Layout review" section with the
        collection frequency per group.

    Returns
    -------
    str
        A complete HTML document with no script and no external resource.
    """
    slug = result.park.slug
    summary = result.summary.assign(_est=result.summary.apply(_is_estimate, axis=1))
    totals = pathways.park_totals(result.streams)
    title = f"{result.park.name}" + (f" — scenario {scenario.name}" if scenario else "")
    heading = f'<span translate="no">{html.escape(result.park.name)}</span>' + (
        f" — {_t('report.scenario')} {html.escape(scenario.name)}" if scenario else ""
    )
    hrefs = [(n, h.format(slug=slug)) for n, h in _LINKS]
    if folder is not None:
        hrefs = [(n, h) for n, h in hrefs if (folder / h).is_file() or n == "indicators.csv"]
    links = " · ".join(
        f"<a href='{html.escape(h)}'>{_t('report.link_map') if n == 'map' else html.escape(n)}</a>"
        for n, h in hrefs
    )
    parts = [
        f"<h1>{heading}</h1>",
        f"<p class='note'>{html.escape(scenario.description)}</p>" if scenario else "",
        plain_summary(result),
        f"<p>{links}</p>",
        f"<h2>{_t('report.key_figures')}</h2><p class='note'>{_t('report.shaded')}</p>",
        _table(_summary_table(summary, _facility_names(result)), estimate_col="_est"),
        _generation_section(result),
        f"<h2>{_t('report.by_class_pathway')}</h2>",
        _bar_chart(totals),
        _table(totals),
        _sankey_section(result),
        f"<h2>{_t('report.routes')}</h2>",
        _table(routes_frame(result)),
        f"<h2>{_t('report.symbiosis')}</h2>",
        _symbiosis_section(result),
        f"<h2>{_t('report.indicators')}</h2>",
        _table(result.indicators),
    ]
    if siting is not None:
        parts += [
            f"<h2>{_t('report.siting')} ({html.escape(siting.model)})</h2>",
            f"<p>{_t('report.opened')}: {html.escape(', '.join(siting.open_ids))}; "
            f"{_t('report.objective_value')} {both(*number(siting.objective))} t·m/yr. "
            f"{html.escape('; '.join(siting.notes))}</p>",
            _table(hubs if hubs is not None else pd.DataFrame()),
            _table(siting.assignment),
        ]
    parts += [
        _layout_section(result, scenario, layout or {}),
        f"<h2>{_t('report.provenance')}</h2>",
        _provenance(result),
    ]
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}: report</title><style>{_CSS}</style></head>"
        f"<body>{_LANG_SWITCH}<main>{''.join(parts)}</main></body></html>"
    )


def _t(key: str) -> str:
    """Return the catalogue's ``key`` as the two spans the language switch toggles."""
    return both(*pair(key))


def _tf(key: str, **fields: Any) -> str:
    """Return the catalogue's ``key`` with its ``{fields}`` filled, as the two spans.

    A field given as an (English, Vietnamese) pair fills each language with its own.
    """
    en, vi = pair(key)
    return both(
        en.format(**{k: v[0] if isinstance(v, tuple) else v for k, v in fields.items()}),
        vi.format(**{k: v[1] if isinstance(v, tuple) else v for k, v in fields.items()}),
    )


# A language switch with no script (the report has none): two radio buttons, and CSS that
# hides the other language's spans in <main>
_LANG_SWITCH = (
    "<input type='radio' name='eipgeo-lang' id='lang-en' checked>"
    "<input type='radio' name='eipgeo-lang' id='lang-vi'>"
    "<div class='lang'><label for='lang-en'>EN</label> <label for='lang-vi'>VI</label></div>"
)


def write_report(
    result: JobResult,
    folder: Path,
    *,
    scenario: Scenario | None = None,
    siting: SitingResult | None = None,
    hubs: pd.DataFrame | None = None,
    layout: dict[str, pd.DataFrame] | None = None,
) -> Path:
    """Write ``folder/report.html`` and ``folder/indicators.csv`` atomically.

    The arguments are those of :func:`report_html`.

    Parameters
    ----------
    result
        The job's result; its ``indicators`` become ``indicators.csv``.
    folder
        The park's output folder (created if missing); the report links only the files
        that exist in it.
    scenario
        The :class:`eipgeo.scenarios.Scenario` it ran; ``None`` (default) for a plain job.
    siting, hubs
        The siting solution and opened hubs of a scenario's ``hub`` block; ``None``
        (default) when there is none.
    layout
        The layout review's tables (``setbacks``, ``plot_coverage``); ``None`` (default)
        leaves the section out.

    Returns
    -------
    pathlib.Path
        The report's path.
    """
    atomic_write_csv(folder / "indicators.csv", result.indicators)
    path = folder / "report.html"
    atomic_write_text(
        path,
        report_html(
            result, scenario=scenario, siting=siting, hubs=hubs, folder=folder, layout=layout
        ),
    )
    return path


_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]


def map_differences(runs: list[ScenarioRun], *, lang: str = "en") -> folium.Map:
    """Return a folium map of what differs between scenario runs.

    One layer of routes per scenario (its colour), the facilities a scenario adds, and
    one layer of circles at sites whose t/yr differs from the first scenario's (green
    = less, red = more; area proportional to the change). EPSG:4326. Layer names,
    legend and tooltips are in English and Vietnamese; an EN/VI switch shows one.

    Parameters
    ----------
    runs
        At least one scenario run of the same park; the first is the reference the others
        are compared with, and its sites set the map's extent.
    lang
        ``en`` (default) or ``vi``: the language the map opens in.

    Returns
    -------
    folium.Map
        With a layer control listing every layer.
    """
    first = runs[0].result.sites.set_index("site_id")
    lats, lons = first.lat.astype(float), first.lon.astype(float)
    m = maps.base_map([[lats.min(), lons.min()], [lats.max(), lons.max()]], lang=lang)
    base_fac = set(runs[0].result.facilities.get("id", []))
    for i, run in enumerate(runs):
        colour = _COLOURS[i % len(_COLOURS)]
        layer = folium.FeatureGroup(
            name=f"{_t('compare.routes_of')} {html.escape(run.scenario.name)}"
        )
        for coords in run.result.legs.coords:
            folium.PolyLine(  # type: ignore[no-untyped-call]
                [[c[1], c[0]] for c in coords], color=colour, weight=3, opacity=0.7
            ).add_to(layer)
        fac = run.result.facilities
        for _, f in fac[~fac.id.isin(base_fac)].iterrows() if i else []:
            folium.CircleMarker(
                [float(f.lat), float(f.lon)],
                radius=9,
                color=colour,
                fill=True,
                tooltip=html.escape(f"{run.scenario.name}: {f['name']}"),
            ).add_to(layer)
        layer.add_to(m)
        if i:
            _delta_layer(run, first, runs[0].scenario.name).add_to(m)
    title = f"<b>{_t('compare.title')}</b> <span style='float:right'>{maps.lang_switch()}</span>"
    Panel(title, position="topright", css_class="eipgeo-kpi").add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    Panel(_compare_legend(runs), position="bottomleft", css_class="eipgeo-legend").add_to(m)
    return m


def _compare_legend(runs: list[ScenarioRun]) -> str:
    """Return the comparison map's legend: each scenario's colour, and the change circles."""
    rows = [f"<b>{_t('legend')}</b><br>"]
    for i, run in enumerate(runs):
        colour = _COLOURS[i % len(_COLOURS)]
        rows.append(
            f"<span style='color:{colour}'>&#9473;&#9473;</span> {_t('compare.routes_of')} "
            f"{html.escape(run.scenario.name)}<br>"
        )
    rows.append(f"{_t('compare.added_facility')}<br>")
    if len(runs) > 1:
        rows.append(f"<span style='color:#1a9641'>&#9679;</span> {_t('compare.less')}<br>")
        rows.append(f"<span style='color:#d7191c'>&#9679;</span> {_t('compare.more')}<br>")
    return "".join(rows)


def _delta_layer(run: ScenarioRun, first: pd.DataFrame, base_name: str) -> folium.FeatureGroup:
    en, vi = pair("compare.change_layer")
    names = {"run": html.escape(run.scenario.name), "base": html.escape(base_name)}
    layer = folium.FeatureGroup(
        name=f'<span class="eipgeo-en">{en.format(**names)}</span>'
        f'<span class="eipgeo-vi">{vi.format(**names)}</span>'
    )
    other = run.result.sites.set_index("site_id")
    common = first.index.intersection(other.index)
    delta = other.loc[common, "waste_t_per_yr"].astype(float) - first.loc[
        common, "waste_t_per_yr"
    ].astype(float)
    unit = pair("unit.t_yr")
    for site, d in delta[delta.abs() > 1e-6].items():
        lat, lon = first.loc[site, ["lat", "lon"]].astype(float)
        shown = number(abs(float(d)), 1)
        sign = "+" if d > 0 else "-"
        folium.CircleMarker(
            [lat, lon],
            radius=float(2 + np.sqrt(abs(d))),
            color="#1a9641" if d < 0 else "#d7191c",
            fill=True,
            fill_opacity=0.6,
            tooltip=both(
                f"{site}: {sign}{shown[0]} {unit[0]}", f"{site}: {sign}{shown[1]} {unit[1]}"
            ),
        ).add_to(layer)
    return layer


def write_compare(runs: list[ScenarioRun], table: pd.DataFrame, out: Path) -> list[Path]:
    """Write ``out/compare.html`` (the KPI table, links) and ``out/compare_map.html``.

    Parameters
    ----------
    runs
        The scenario runs compared (at least one; the first is the map's reference). The
        page links each run's report as ``<scenario name>/<park slug>/report.html``.
    table
        The KPI table shown (:func:`eipgeo.scenario.compare.compare_table`), up to 1000
        rows.
    out
        Output folder the two files are written into (created if missing).

    Returns
    -------
    list of pathlib.Path
        The two files.
    """
    map_path = maps.write_map(map_differences(runs), out / "compare_map.html")
    links = " · ".join(
        f"<a href='{html.escape(r.scenario.name)}/{r.result.park.slug}/report.html'>"
        f"{html.escape(r.scenario.name)}</a>"
        for r in runs
    )
    said = compare_sentences(table)
    sentences = (
        "<p class='plain'>" + " ".join(both(en, vi) for en, vi in said) + "</p>" if said else ""
    )
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>compare"
        f"</title><style>{_CSS}</style></head><body>{_LANG_SWITCH}<main>"
        f"<h1>{_t('compare.title')}</h1>"
        f"<p>{_t('compare.reports')}: {links} · "
        f"<a href='compare_map.html'>{_t('compare.map_link')}</a></p>"
        f"{sentences}"
        f"{_table(_compare_shown(table), limit=1000)}</main></body></html>"
    )
    atomic_write_text(out / "compare.html", page)
    return [out / "compare.html", map_path]


_COMPARED: dict[str, tuple[str, int | None, tuple[str, str] | None]] = {
    "total": ("waste_t_per_yr.total", None, pair("unit.t_yr")),
    "km": ("route_km.total", 1, pair("unit.km_day")),
    "cost": ("waste_cost_vnd_per_yr.total", 0, pair("unit.vnd_yr")),
    "exchanges": ("symbiosis.exchanges", 0, None),
}
"""Figures each scenario's sentence gives the change of: placeholder → (KPI key, digits,
unit)."""


def compare_sentences(table: pd.DataFrame) -> list[tuple[str, str]]:
    """Return one sentence per scenario after the first: what changes against the first.

    The changes are the KPI table's ``delta.<name>`` figures (never recomputed) of the
    park's total t/yr, route km/day, waste cost VND/yr and symbiosis exchanges; a rise
    has ``+``; a change the table does not give (a key missing, a value not a number)
    is "unknown" / "chưa rõ".

    Parameters
    ----------
    table
        :func:`eipgeo.scenario.compare.compare_table`'s table (``key, unit, <names>…,
        delta.<name>…``).

    Returns
    -------
    list of tuple of str
        ``(english, vietnamese)``, one per scenario compared with the first; empty for
        one scenario.
    """
    if table.empty or "key" not in table.columns:
        return []
    deltas = [str(c) for c in table.columns if str(c).startswith("delta.")]
    names = [str(c) for c in table.columns if str(c) not in {"key", "unit", *deltas}]
    if not names:
        return []
    out = []
    for column in deltas:
        figures = dict(zip(table["key"].astype(str), table[column], strict=True))
        fields = {
            field: _shown(_known(figures, key), digits, unit, sign=True)
            for field, (key, digits, unit) in _COMPARED.items()
        }
        out.append(
            _fill("compare.plain", name=column.removeprefix("delta."), base=names[0], **fields)
        )
    return out


def _compare_shown(table: pd.DataFrame) -> pd.DataFrame:
    """Return the comparison table with each key figure and unit named in both languages."""
    if table.empty or "key" not in table.columns:
        return table
    shown = table.copy()
    shown["key"] = [_summary_label(str(k)) for k in table["key"]]
    if "unit" in shown.columns:
        shown["unit"] = [_UNITS.get(_fmt(u), _fmt(u)) for u in table["unit"]]
    return shown.rename(columns={"key": "figure"})


def aggregate_report_html(
    result: JobResult, tables: dict[str, pd.DataFrame], *, scenario: Scenario | None = None
) -> str:
    """Return the ``aggregate`` view's report: park-level figures and suppressed group totals.

    No firm-level row, map or route is in it (:mod:`eipgeo.outputs.privacy`).

    Parameters
    ----------
    result
        The job's result; its park totals by class and pathway and its EIP indicators are
        shown.
    tables
        Suppressed group totals to show, by section title
        (:func:`eipgeo.outputs.privacy.aggregate_view`).
    scenario
        The scenario run, named in the title; ``None`` (default) for a plain job.

    Returns
    -------
    str
        A complete HTML document with no script and no external resource.
    """
    en, vi = pair("report.aggregate_title")
    title = (en.format(park=result.park.name), vi.format(park=result.park.name))
    if scenario:
        word = pair("report.scenario")
        title = (f"{title[0]}, {word[0]} {scenario.name}", f"{title[1]}, {word[1]} {scenario.name}")
    names = {
        "aggregate_by_sector": "report.aggregate_by_sector",
        "aggregate_by_zone": "report.aggregate_by_zone",
    }
    parts = [
        f"<h1>{both(*title)}</h1>",
        f"<p class='note'>{_t('report.aggregate_note')}</p>",
        f"<h2>{_t('report.by_class_pathway')}</h2>",
        _table(pathways.park_totals(result.streams).drop(columns=["ghg_method"])),
        f"<h2>{_t('report.indicators')}</h2>",
        _table(result.indicators),
    ]
    for name, table in tables.items():
        heading = _t(names[name]) if name in names else html.escape(name)
        parts += [f"<h2>{heading}</h2>", _table(table)]
    parts += [
        f"<h2>{_t('report.provenance')}</h2>",
        f"<ul>{''.join(f'<li>{_t(k)}</li>' for k in _LICENCE_KEYS)}</ul>",
    ]
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title[0])}</title><style>{_CSS}</style></head>"
        f"<body>{_LANG_SWITCH}<main>{''.join(parts)}</main></body></html>"
    )
