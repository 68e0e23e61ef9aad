"""The feasibility sheet of one intervention: one offline HTML file, its chart PNG and tables.

:func:`write_feasibility` writes, under ``OUT/<park_slug>/feasibility/<intervention id>/``:

* ``feasibility.html``: the sheet, one self-contained file (the chart PNG is a base64
  ``data:`` URI; the map extract is an ``<iframe srcdoc=...>`` whose Leaflet code is
  inlined by :mod:`eipgeo.outputs._offline`). It makes no request of any kind;
* ``charts.png``: the charts (:func:`chart_png`, byte-stable for a given case);
* ``cash_flows.csv``, ``assumptions.csv``, ``appraisal.csv``, ``sensitivity.csv``: the
  case's tables as they are.

The sheet shows, in order: the title, the summary, the key figures, the map extract, the
flows, the assumptions (origin ``model``/``user`` and source; user values and
``unverified`` sources highlighted), the cash flows, the appraisal with its formulas, the
benefit split, the sensitivity and break-even tables, the charts, the risks and a footer.
A figure that could not be computed (NaN) shows as "—" with its note, never as 0. Every
text from the case is HTML-escaped.

All inputs come from a :class:`eipgeo.interventions.FeasibilityCase`; this module computes
no appraisal figure itself, except two means over the operating years (t/yr diverted and
CO2e change per year) read off ``case.cash_flows``.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from eipgeo._atomic import atomic_write_bytes, atomic_write_csv, atomic_write_text
from eipgeo._errors import UsageError, ValidationError
from eipgeo.outputs import _offline
from eipgeo.outputs._catalogue import (
    CATALOGUE,
    CITE_END,
    CITE_START,
    note,
    pair,
    vi_numbers,
)
from eipgeo.outputs._chart_text import vi_axis
from eipgeo.outputs._map_text import both, script_json
from eipgeo.scenario.interventions import FeasibilityCase
from eipgeo.symbiosis.names import material_name

if TYPE_CHECKING:
    import folium
    from matplotlib.axes import Axes

__all__ = [
    "chart_png",
    "feasibility_folder",
    "feasibility_html",
    "key_figures",
    "map_extract_html",
    "write_feasibility",
]

OSM_ATTRIBUTION = "© OpenStreetMap contributors"
MVND = " (M VND)"
"""Header suffix of a column shown in million VND."""
DASH = "—"
"""What a figure that could not be computed (NaN) shows as."""

CHART_WIDTH_IN = 9.0
CHART_PANEL_HEIGHT_IN = 3.4
CHART_DPI = 100

REQUIRED = {
    "cash_flows": ("year", "net_vnd", "cumulative_vnd", "diverted_t", "co2e_change_kg"),
    "appraisal": ("metric", "value", "unit", "formula", "note"),
    "assumptions": ("item", "value", "unit", "origin", "source"),
    "sensitivity": ("driver", "change_pct", "npv_low_vnd", "npv_high_vnd"),
    "features": ("role", "name", "geometry"),
}
"""Columns each table of a case must have (``sensitivity`` and ``features`` only when
they have rows)."""

SENSITIVITY_COLUMNS = (
    "driver",
    "change_pct",
    "low_value",
    "high_value",
    "unit",
    "npv_low_vnd",
    "npv_high_vnd",
    "swing_vnd",
)
"""Header of ``sensitivity.csv`` when the case has no sensitivity row."""

OSM_DISTANCE_SOURCES = ("osm_street", "trunk_road")
"""``distance_source`` labels of distances measured on OpenStreetMap roads
(:mod:`eipgeo.network`); a sheet whose flows use one credits OpenStreetMap."""

KIND_LABELS = {
    "recp": "RECP measure",
    "exchange": "symbiosis exchange",
    "facility": "shared facility",
}

ROLE_COLOURS = {
    "supplier": "#d95f02",
    "receiver": "#1b9e77",
    "site": "#7570b3",
    "facility": "#e7298a",
    "route": "#1f77b4",
}
"""Marker and line colour by feature role (ColorBrewer Dark2, colour-blind safe)."""

LABEL_LIMIT = 12
"""Up to this many points the map extract labels each point permanently (printable);
above it, names show on hover."""

_METRICS = (
    ("payback", "Simple payback", ("payback",)),
    ("npv", "NPV", ("npv", "net present value")),
    ("irr", "IRR", ("irr", "internal rate")),
    ("lcod", "Levelised cost per t diverted", ("levelised", "levelized")),
    ("abatement", "Abatement cost per t CO2e", ("abatement",)),
)
"""Key figures taken from ``case.appraisal``: key, label, words its ``metric`` contains."""

_MOVED = {"recp": "Avoided", "exchange": "Diverted", "facility": "Handled"}
"""What ``diverted_t`` means per kind: cut at source, exchanged, or passing a facility."""

_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222;
 line-height:1.4}
h1{margin-bottom:.1em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
.sub,.note{color:#555;font-size:.9em}
.wide{overflow-x:auto}
table{border-collapse:collapse;margin:.5em 0 1.2em;font-size:.85em}
th,td{border:1px solid #ccc;padding:.2em .45em;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.user td{background:#e8f1fb}tr.unverified td{background:#fff1d6}
tr.user.unverified td{background:#f3e6f6}
.key{display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:.6em;
 border:2px solid #1b9e77;border-radius:6px;padding:.8em;margin:.5em 0 1em}
.key div{padding:.2em .4em}.key .label{font-size:.85em;color:#555}
.key .value{font-size:1.25em;font-weight:600}.key .kfnote{font-size:.8em;color:#8a4b00}
iframe.map{width:100%;height:26em;border:1px solid #ccc}
img.charts{max-width:100%;height:auto;border:1px solid #eee}
footer{margin-top:2em;border-top:1px solid #ccc;padding-top:.5em;font-size:.85em;color:#444}
@page{size:A4;margin:14mm}
@media print{body{margin:0;padding:0;max-width:none;font-size:9.5pt}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 h2{break-after:avoid}table,.key,figure,iframe,img{break-inside:avoid}
 .wide{overflow:visible}.wide table{font-size:7pt}.wide td,.wide th{padding:.1em .25em}
 iframe.map{height:11cm}.lang,input{display:none}}
.lang{position:fixed;top:.5em;right:.8em;font-size:.85em}
.lang label{border:1px solid #888;border-radius:3px;padding:1px 7px;cursor:pointer;background:#fff}
input[name=eipgeo-lang]{display:none}
#lang-en:checked~main .eipgeo-vi,#lang-vi:checked~main .eipgeo-en{display:none}
#lang-en:checked~.lang label[for=lang-en],#lang-vi:checked~.lang label[for=lang-vi]{
 background:#333;color:#fff}
.maplegend{font-size:.85em;margin:.3em 0}.maplegend span.sw{display:inline-block;width:1.6em;
 margin-right:.3em}
"""

# A language switch with no script: two radio buttons, and CSS that hides the other
# language's spans in <main> (as report.html)
_LANG_SWITCH = (
    "<input type='radio' name='eipgeo-lang' id='lang-en' checked>"
    "<input type='radio' name='eipgeo-lang' id='lang-vi'>"
    "<div class='lang'><label for='lang-en'>EN</label> <label for='lang-vi'>VI</label></div>"
)


def _t(key: str) -> str:
    """Return the catalogue's ``key`` as the two spans the language switch toggles."""
    return both(*pair(key))


# --- Checks and small helpers ---------------------------------------------------------


def _check_case(case: FeasibilityCase) -> None:
    """Raise :class:`ValidationError` when a table lacks a column or the ids make bad paths."""
    problems: list[str] = []
    for name, columns in REQUIRED.items():
        frame = getattr(case, name)
        if frame is None or (name in ("sensitivity", "features") and len(frame) == 0):
            continue
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            problems.append(
                f"case.{name} lacks column(s) {', '.join(missing)} "
                f"(it has: {', '.join(map(str, frame.columns)) or 'none'})"
            )
    for what, value in (("park_slug", case.park_slug), ("spec.id", case.spec.id)):
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", value) or value in (".", ".."):
            problems.append(
                f"case.{what} = {value!r} cannot name a folder; use letters, "
                "digits, '_', '-' or '.' (not '.' or '..' alone)"
            )
    if problems:
        msg = (
            f"feasibility case {case.spec.id!r} cannot be rendered: "
            + "; ".join(problems)
            + ". Build it with the columns documented in eipgeo.interventions.FeasibilityCase."
        )
        raise ValidationError(msg)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(float(value))


def _general(value: float) -> str:
    """Format a number of unknown unit: separators from 1,000, else 4 significant digits."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _cell(column: str, value: Any) -> str:
    """Return the display text of one table cell; the column name gives the unit."""
    if _is_missing(value):
        return DASH
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer, float, np.floating)):
        return _number(column, float(value))
    return str(value)


_FORMATS: tuple[tuple[Callable[[str], bool], str], ...] = (
    (lambda c: c == "year", ".0f"),
    (lambda c: c == "discount_factor", ".4f"),
    (lambda c: c.endswith(MVND.lower()), ",.2f"),
    (lambda c: "vnd" in c, ",.0f"),
    (lambda c: c.endswith("_pct"), ",.1f"),
    (lambda c: c.endswith(("_kg", "_m")), ",.0f"),
    (lambda c: c.endswith("_t") or "_t_per" in c, ",.1f"),
)
"""Number format by (lower-case) column name: the unit in the name decides."""


def _number(column: str, v: float) -> str:
    col = column.lower()
    spec = next((f for test, f in _FORMATS if test(col)), None)
    return _general(v) if spec is None else format(v, spec)


def _head(column: str) -> str:
    """Return a column's header in both languages from the catalogue.

    A name with no entry keeps a break opportunity after each '_' (wraps on paper).
    """
    key = f"col.{column.removesuffix(MVND).removesuffix(MVND.lower())}"
    if key in CATALOGUE:
        en, vi = pair(key)
        unit = column[len(key) - 4 :]
        return both(en + unit, vi + unit.replace("VND", "đồng"))
    return _e(column).replace("_", "_<wbr>")


def _both_text(text: str) -> str:
    """Return a text cell escaped, as two language spans when its Vietnamese differs."""
    en, vi = note(text)
    return both(en, vi) if vi != en else _e(text)


# Columns of sources: a text no sentence of the catalogue matches is a title or a citation,
# kept in its language (marked lang=en)
_SOURCE_COLUMNS = {"source", "source_url"}


def _table(frame: pd.DataFrame | None, *, row_classes: Sequence[str] = ()) -> str:
    """Return an HTML table of ``frame``, numbers right-aligned and formatted by column unit.

    :func:`eipgeo.outputs.report._table` shows NaN as an empty cell and every float with two
    decimals; a sheet must show "—" and VND without decimals, hence this one.
    """
    if frame is None or frame.empty:
        return f"<p class='note'>{_t('report.none')}</p>"
    head = "".join(f"<th>{_head(str(c))}</th>" for c in frame.columns)
    rows = []
    for i, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = []
        for column, value in zip(frame.columns, values, strict=True):
            num = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
                value, (bool, np.bool_)
            )
            cls = " class='num'" if num else ""
            text = _cell(str(column), value)
            if str(column) == "material" and text != DASH:  # the material's one name
                row = dict(zip(frame.columns, values, strict=True))
                code = "" if _is_missing(row.get("waste_code")) else str(row.get("waste_code"))
                cells.append(f"<td>{both(*material_name('', code, text))}</td>")
                continue
            if str(column) in _SOURCE_COLUMNS and note(text)[1] == vi_numbers(text):
                cells.append(f'<td><cite lang="en">{_e(text)}</cite></td>')  # a source
            else:
                cells.append(f"<td{cls}>{_both_text(text)}</td>")
        cls = row_classes[i] if i < len(row_classes) else ""
        rows.append(
            f"<tr class='{cls}'>{''.join(cells)}</tr>" if cls else f"<tr>{''.join(cells)}</tr>"
        )
    return f"<div class='wide'><table><tr>{head}</tr>{''.join(rows)}</table></div>"


def _in_million_vnd(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with its ``*_vnd`` columns in million VND, headed ``<name> (M VND)``.

    The sheet's cash-flow table fits an A4 page this way; the CSV keeps whole VND.
    """
    shown = frame.copy()
    names = {}
    for column in frame.columns:
        if str(column).endswith("_vnd") and pd.api.types.is_numeric_dtype(frame[column]):
            shown[column] = frame[column].astype(float) / 1e6
            names[column] = f"{str(column).removesuffix('_vnd')}{MVND}"
    return shown.rename(columns=names)


def _operating(case: FeasibilityCase) -> pd.DataFrame:
    """Cash-flow rows of the operating years (``year >= spec.start_year``)."""
    flows = case.cash_flows
    return flows[pd.to_numeric(flows["year"], errors="coerce") >= case.spec.start_year]


def _metric(appraisal: pd.DataFrame, words: Iterable[str]) -> pd.Series | None:
    """First appraisal row whose ``metric`` contains one of ``words`` (case-insensitive)."""
    names = appraisal["metric"].astype(str).str.lower()
    for word in words:
        hit = names.str.contains(word, regex=False)
        if hit.any():
            return appraisal[hit].iloc[0]
    return None


def _npv_base(case: FeasibilityCase) -> float:
    row = _metric(case.appraisal, _METRICS[1][2])
    if row is None or _is_missing(row["value"]):
        return math.nan
    return float(row["value"])


# --- Key figures ----------------------------------------------------------------------


def _quantity(value: Any, unit: str) -> str:
    """Key-figure text: VND without decimals, other units with two; NaN shows "—"."""
    if _is_missing(value):
        return DASH
    try:
        v = float(value)
    except (TypeError, ValueError):
        return f"{value} {unit}".strip()
    text = f"{v:,.0f}" if "vnd" in unit.lower() else f"{v:,.2f}"
    return f"{text} {unit}".strip()


def key_figures(case: FeasibilityCase) -> list[tuple[str, str, str]]:
    """Return the sheet's key figures as ``(label, value text, note)``.

    The appraisal figures are ``case.appraisal``'s rows whose ``metric`` names simple
    payback, NPV, IRR, levelised cost and abatement cost; t/yr diverted and CO2e change
    per year are the means of ``diverted_t`` and ``co2e_change_kg`` / 1000 over the
    operating years (``year >= spec.start_year``) of ``case.cash_flows``. A figure that
    is NaN or absent shows "—" with its note.

    Parameters
    ----------
    case
        The intervention's feasibility case (appraisal, cash flows and spec).

    Returns
    -------
    list of tuple of str
        Seven entries, in the sheet's order.
    """
    out: list[tuple[str, str, str]] = []
    for key, name, words in _METRICS:
        row = _metric(case.appraisal, words)
        label = f"NPV at {case.spec.discount_rate_pct:g} %/yr" if key == "npv" else name
        label = label.replace("diverted", _MOVED[case.spec.kind].lower())
        if row is None:
            out.append((label, DASH, "not in the appraisal"))
            continue
        note = "" if _is_missing(row["note"]) else str(row["note"])
        out.append((label, _quantity(row["value"], str(row["unit"])), note))
    operating = _operating(case)
    n = len(operating)
    if n == 0:
        none = "no operating year in the cash flows"
        return [*out, ("Diverted", DASH, none), ("CO2e change", DASH, none)]
    diverted = float(pd.to_numeric(operating["diverted_t"]).mean())
    co2e_t = float(pd.to_numeric(operating["co2e_change_kg"]).mean()) / 1000.0
    span = f"mean over {n} operating year{'s' if n != 1 else ''}"
    moved = _MOVED[case.spec.kind]
    out.append((moved, DASH if math.isnan(diverted) else f"{diverted:,.1f} t/yr", span))
    out.append(
        (
            "CO2e change",
            DASH if math.isnan(co2e_t) else f"{co2e_t:+,.1f} t CO2e/yr",
            f"{span}; negative = reduction",
        )
    )
    return out


def _key_figures_html(case: FeasibilityCase) -> str:
    boxes = []
    for label, value, remark in key_figures(case):
        note_html = f"<div class='kfnote'>{_both_text(remark)}</div>" if remark else ""
        boxes.append(
            f"<div><div class='label'>{_both_text(label)}</div>"
            f"<div class='value'>{_both_text(value)}</div>{note_html}</div>"
        )
    return f"<section class='key' aria-label='key figures'>{''.join(boxes)}</section>"


# --- Charts (matplotlib, Agg, byte-stable) --------------------------------------------


def _scale(values: Iterable[float], lang: str = "en") -> tuple[float, str]:
    """Divisor and unit label for VND values: billions from 1e9, else millions."""
    finite = [abs(v) for v in values if not math.isnan(v)]
    big = max(finite, default=0.0)
    div, key = (1e9, "unit.billion_vnd") if big >= 1e9 else (1e6, "unit.million_vnd")
    return div, _say(key, lang)


def _say(key: str, lang: str, **fields: Any) -> str:
    """Return the catalogue's ``key`` in ``lang`` (``en`` or ``vi``), ``{fields}`` filled."""
    return pair(key)[lang == "vi"].format(**fields)


def _vi_ticks(ax: Any, lang: str, *, x: bool = False) -> None:
    """In Vietnamese, write the value axis with ``.`` thousands and ``,`` decimals."""
    if lang == "vi":
        vi_axis(ax, x=x)


def _plain(text: str) -> str:
    """Escape ``$`` so matplotlib shows a data text literally instead of as mathtext."""
    return text.replace("$", r"\$")


def _year_axis(ax: Axes, years: list[int], lang: str = "en") -> None:
    """Label every year up to 15 years, else whole years chosen by matplotlib."""
    from matplotlib.ticker import MaxNLocator

    if len(years) <= 15:
        ax.set_xticks(years)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_say("chart.year", lang))


def _cash_panel(ax: Axes, flows: pd.DataFrame, lang: str = "en") -> None:
    years = pd.to_numeric(flows["year"]).astype(int).tolist()
    net = pd.to_numeric(flows["net_vnd"]).astype(float).to_numpy()
    cum = pd.to_numeric(flows["cumulative_vnd"]).astype(float).to_numpy()
    div, unit = _scale([*net, *cum], lang)
    colours = ["#1b9e77" if v >= 0 else "#d95f02" for v in net]
    ax.bar(years, net / div, color=colours, label=_say("chart.net_cash_flow", lang))
    ax.plot(years, cum / div, color="#333333", marker="o", label=_say("chart.cumulative", lang))
    ax.axhline(0, color="#888888", linewidth=0.8)
    _year_axis(ax, years, lang)
    _vi_ticks(ax, lang)
    ax.set_ylabel(unit)
    ax.set_title(_say("chart.cash_title", lang, unit=unit))
    ax.legend(loc="best", fontsize="small")


def _tornado_panel(ax: Axes, sens: pd.DataFrame, base: float, lang: str = "en") -> None:
    rows = sens.reset_index(drop=True) if len(sens) else sens
    if rows is None or len(rows) == 0:
        ax.text(0.5, 0.5, _say("chart.no_sensitivity", lang), ha="center", va="center")
        ax.set_title(_say("chart.npv_sensitivity", lang))
        ax.set_axis_off()
        return
    low = pd.to_numeric(rows["npv_low_vnd"]).astype(float).to_numpy()
    high = pd.to_numeric(rows["npv_high_vnd"]).astype(float).to_numpy()
    centre = 0.0 if math.isnan(base) else base
    div, unit = _scale([*low, *high, centre], lang)
    y = np.arange(len(rows))[::-1]  # the first row (largest swing) on top
    for values, colour, key in (
        (low, "#d95f02", "chart.driver_low"),
        (high, "#1b9e77", "chart.driver_high"),
    ):
        ok = ~np.isnan(values)
        ax.barh(
            y[ok],
            (values[ok] - centre) / div,
            left=centre / div,
            color=colour,
            height=0.6,
            label=_say(key, lang),
        )
    labels = [
        _plain(f"{_uncite(_driver(str(d))[lang == 'vi'])} (±{_pct(float(p), lang)} %)")
        for d, p in zip(rows["driver"], rows["change_pct"], strict=True)
    ]
    ax.set_yticks(y, labels)
    ax.axvline(
        centre / div,
        color="#333333",
        linewidth=1,
        label=_say("chart.base_npv" if not math.isnan(base) else "chart.no_base_npv", lang),
    )
    _vi_ticks(ax, lang, x=True)
    ax.set_xlabel(f"NPV ({unit})")
    ax.set_title(_say("chart.tornado_title", lang, unit=unit))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")


def _driver(driver: str) -> tuple[str, str]:
    """Return a sensitivity driver's name (``driver.*`` of the catalogue), else its note."""
    return pair(f"driver.{driver}") if f"driver.{driver}" in CATALOGUE else note(driver)


def _uncite(text: str) -> str:
    """Return a note's text without the marks around its sources (for a chart)."""
    return text.replace(CITE_START, "").replace(CITE_END, "")


def _pct(value: float, lang: str) -> str:
    """Return a percentage as ``:g`` gives it, with a decimal comma in Vietnamese."""
    shown = f"{value:g}"
    return shown.replace(".", ",") if lang == "vi" else shown


def _co2_panel(ax: Axes, flows: pd.DataFrame, lang: str = "en") -> None:
    years = pd.to_numeric(flows["year"]).astype(int).tolist()
    t = pd.to_numeric(flows["co2e_change_kg"]).astype(float).to_numpy() / 1000.0
    ax.bar(years, t, color=["#1b9e77" if v <= 0 else "#d95f02" for v in t])
    ax.axhline(0, color="#888888", linewidth=0.8)
    _year_axis(ax, years, lang)
    _vi_ticks(ax, lang)
    ax.set_ylabel("t CO2e")
    ax.set_title(_say("chart.co2_title", lang))


def _has_co2(flows: pd.DataFrame) -> bool:
    values = pd.to_numeric(flows["co2e_change_kg"], errors="coerce").fillna(0.0)
    return bool((values.abs() > 0).any())


def chart_png(case: FeasibilityCase, lang: str = "en") -> bytes:
    """Return the sheet's charts as one PNG.

    Panels: (a) annual net cash flow (bars) and cumulative cash flow (line) by year;
    (b) the NPV tornado: for each sensitivity row, bars from the base NPV to the NPV
    at the driver's low and high value, largest swing on top; (c) CO2e change per year
    (t CO2e), only when some year's change is non-zero. VND axes are in millions, or
    billions when a value reaches 1e9; the unit is in each title and axis label.

    Parameters
    ----------
    case
        The feasibility case.
    lang
        ``en`` (default) or ``vi``: the language of titles, axis labels, legends and
        units (the catalogue's ``chart.*`` entries); in ``vi`` the value axes group
        thousands with ``.`` and mark decimals with ``,``.

    Returns
    -------
    bytes
        A PNG, 900 px wide and 340 px high per panel (9 in x 3.4 in at 100 dpi). The
        bytes depend on the case and the language only (matplotlib's default style,
        Agg, no ``Software`` metadata), so two calls give the same bytes.

    Raises
    ------
    ValidationError
        A table of the case lacks a documented column.
    UsageError
        ``lang`` is not ``en`` or ``vi``.
    """
    from matplotlib import style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _check_case(case)
    _check_lang(lang)
    panels = 3 if _has_co2(case.cash_flows) else 2
    with style.context("default"):
        fig = Figure(
            figsize=(CHART_WIDTH_IN, CHART_PANEL_HEIGHT_IN * panels),
            dpi=CHART_DPI,
            layout="constrained",
        )
        FigureCanvasAgg(fig)
        axes = fig.subplots(panels, 1, squeeze=False)[:, 0]
        _cash_panel(axes[0], case.cash_flows, lang)
        sens = case.sensitivity if case.sensitivity is not None else pd.DataFrame()
        _tornado_panel(axes[1], sens, _npv_base(case), lang)
        if panels == 3:
            _co2_panel(axes[2], case.cash_flows, lang)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=CHART_DPI, metadata={"Software": None})
    return buf.getvalue()


def _check_lang(lang: str) -> None:
    if lang not in ("en", "vi"):
        raise UsageError(f"chart language {lang!r} is not known; use 'en' or 'vi'")


# --- Map extract (folium, offline) ----------------------------------------------------


class _Label(MacroElement):
    """Binds an escaped, JSON-quoted tooltip to its parent feature.

    folium's own ``Tooltip`` puts its text into a JavaScript template literal, where a
    backtick or ``${`` in a name would break out; this passes strict JSON instead.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip({{ this.text }},
            {permanent: {{ this.permanent }}, direction: "right", offset: [8, 0]});
        {% endmacro %}
    """)

    def __init__(self, text: str, *, permanent: bool) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Label"
        self.text = script_json(html.escape(text))
        self.permanent = "true" if permanent else "false"


def _wgs84_features(case: FeasibilityCase) -> Any:
    feats = case.features
    if feats is None or len(feats) == 0:
        return None
    if feats.crs is not None and feats.crs.to_epsg() != 4326:
        feats = feats.to_crs(4326)
    feats = feats[feats.geometry.notna() & ~feats.geometry.is_empty]
    feats = feats.explode(index_parts=False)
    return feats if len(feats) else None


def _latlon(coords: Iterable[Sequence[float]]) -> list[list[float]]:
    """Shapely's ``(lon, lat)`` to Leaflet's ``[lat, lon]`` (the one swap here)."""
    return [[round(float(c[1]), 7), round(float(c[0]), 7)] for c in coords]


def _add_feature(m: folium.Map, geom: Any, role: str, name: str, *, permanent: bool) -> None:
    import folium

    colour = ROLE_COLOURS.get(role, "#555555")
    css = f"eipgeo-{re.sub(r'[^a-z0-9_-]', '', role.lower()) or 'feature'}"
    item: Any
    if geom.geom_type == "Point":
        item = folium.CircleMarker(
            _latlon([geom.coords[0]])[0],
            radius=8,
            color=colour,
            weight=2,
            fill=True,
            fill_opacity=0.8,
            class_name=f"eipgeo-point {css}",
        )
    elif geom.geom_type == "LineString":
        item = folium.PolyLine(  # type: ignore[no-untyped-call]
            _latlon(geom.coords),
            color=colour,
            weight=4,
            opacity=0.85,
            class_name=f"eipgeo-line {css}",
        )
        permanent = False
    elif geom.geom_type == "Polygon":
        item = folium.Polygon(
            _latlon(geom.exterior.coords),
            color=colour,
            weight=2,
            fill=True,
            fill_opacity=0.15,
            class_name=f"eipgeo-area {css}",
        )
        permanent = False
    else:  # explode() leaves no multi-part geometry; anything else is not drawable
        return
    item.add_child(_Label(f"{name} ({role})" if name else role, permanent=permanent))
    item.add_to(m)


def _stable_ids(element: Any, counter: list[int]) -> None:
    """Give every folium element a sequential id, so the rendered page is byte-stable."""
    counter[0] += 1
    element._id = f"{counter[0]:08x}"
    for child in element._children.values():
        _stable_ids(child, counter)


def _map_page(case: FeasibilityCase, *, tiles: bool = False) -> str | None:
    """Return the map extract as a complete offline page, or ``None`` with no feature."""
    import folium
    from folium.folium import _default_css, _default_js

    feats = _wgs84_features(case)
    if feats is None:
        return None
    west, south, east, north = (float(v) for v in feats.total_bounds)
    centre = [round((south + north) / 2, 7), round((west + east) / 2, 7)]
    m = folium.Map(location=centre, zoom_start=15, tiles=None, max_zoom=19, control_scale=True)
    m.default_js = [js for js in _default_js if js[0] == "leaflet"]
    m.default_css = [css for css in _default_css if css[0] == "leaflet_css"]
    m.options["maxZoom"] = 19
    if tiles:  # the tile layer carries the OSM attribution itself
        folium.TileLayer("OpenStreetMap", max_zoom=19).add_to(m)
    n_points = int((feats.geometry.geom_type == "Point").sum())
    for role, name, geom in zip(feats["role"], feats["name"], feats.geometry, strict=True):
        _add_feature(
            m,
            geom,
            str(role),
            "" if _is_missing(name) else str(name),
            permanent=n_points <= LABEL_LIMIT,
        )
    if south == north and west == east:
        m.options["zoom"] = 16
    else:
        m.fit_bounds([[south, west], [north, east]], max_zoom=17, padding=(30, 30))
    root = m.get_root()
    _stable_ids(root, [0])
    return _offline.inline_assets(root.render())


_NO_MAP = f"<p class='note'>{_t('feas.no_map')}</p>"


def map_extract_html(case: FeasibilityCase, *, tiles: bool = False) -> str:
    """Return the map extract of the case: a small, fully offline Leaflet page.

    Points (``case.features`` rows with a point geometry) are circle markers coloured by
    ``role`` with the name as label (permanent up to :data:`LABEL_LIMIT` points); lines
    are the routes. The view fits the features' bounds. Leaflet's script and stylesheet
    are inlined (:mod:`eipgeo.outputs._offline`); no tiles are drawn unless ``tiles`` is true, and
    only then does the map carry "© OpenStreetMap contributors" (the tile layer's own
    attribution). Element ids are sequential, so the same case gives the same page.

    Parameters
    ----------
    case
        The feasibility case; ``features`` in any CRS (reprojected to EPSG:4326).
    tiles
        Draw OpenStreetMap tiles (needs the internet when viewed).

    Returns
    -------
    str
        A complete HTML document, or, when the case has no feature, a paragraph saying so.

    Raises
    ------
    ValidationError
        ``features`` lacks ``role``, ``name`` or ``geometry``.
    RuntimeError
        folium referenced an asset that folium-offline does not ship.
    """
    _check_case(case)
    page = _map_page(case, tiles=tiles)
    return _NO_MAP if page is None else page


# --- The sheet ------------------------------------------------------------------------


def _assumption_classes(frame: pd.DataFrame) -> list[str]:
    classes = []
    for _, row in frame.iterrows():
        cls = ["user"] if str(row["origin"]).strip().lower() == "user" else []
        if any("unverified" in str(v).lower() for v in row.to_numpy()):
            cls.append("unverified")
        classes.append(" ".join(cls))
    return classes


def _assumptions_html(frame: pd.DataFrame | None) -> str:
    if frame is None or frame.empty:
        return "<p class='note'>(none)</p>"
    classes = _assumption_classes(frame)
    shown = frame.assign(
        check=[
            "; ".join(
                {"user": "user value", "unverified": "unverified source"}[c] for c in cls.split()
            )
            for cls in classes
        ]
    )
    legend = f"<p class='note'>{_t('feas.assumptions_note')}</p>"
    return legend + _table(shown, row_classes=classes)


def _uses_osm(case: FeasibilityCase) -> bool:
    """Whether the case rests on OpenStreetMap data (road distances, or a source citing it)."""
    flows = case.flows
    if flows is not None and "distance_source" in flows.columns:
        labels = flows["distance_source"].astype(str).str.lower()
        if labels.isin(OSM_DISTANCE_SOURCES).any() or labels.str.startswith("osm").any():
            return True
    sources = (
        case.assumptions["source"].astype(str).str.lower()
        if case.assumptions is not None and "source" in case.assumptions
        else pd.Series([])
    )
    return bool(sources.str.contains("openstreetmap|\\bosm\\b", regex=True).any())


def _footer(case: FeasibilityCase) -> str:
    osm = f" {_t('feas.osm')}" if _uses_osm(case) else ""
    return f"<footer>{_t('feas.footer')}{osm}</footer>"


def _title(case: FeasibilityCase) -> tuple[str, str]:
    spec = case.spec
    name = spec.name or spec.id
    sub = (
        f"{KIND_LABELS.get(spec.kind, spec.kind)} · intervention {spec.id} · park "
        f"{case.park_name} ({case.park_slug}) · scenario {case.scenario_name}"
    )
    return name, sub


def _map_section(case: FeasibilityCase) -> str:
    page = _map_page(case)
    if page is None:
        return _NO_MAP
    return (
        f"<iframe class='map' title='map extract' srcdoc=\"{_e(page)}\"></iframe>"
        + _map_legend(case)
        + f"<p class='note'>{_t('feas.map_note')}</p>"
    )


def _map_legend(case: FeasibilityCase) -> str:
    """Return the map extract's legend: one row per role drawn, with its colour and mark."""
    feats = _wgs84_features(case)
    roles = [] if feats is None else list(dict.fromkeys(str(r) for r in feats["role"]))
    rows = []
    for role in roles:
        colour = ROLE_COLOURS.get(role, "#555555")
        lines = feats[feats["role"].astype(str) == role].geometry.geom_type
        mark = "&#9473;&#9473;" if (lines == "LineString").all() else "&#9679;"
        rows.append(
            f"<span class='sw' style='color:{colour}'>{mark}</span>"
            f"{both(*pair(f'feas.role.{role}', role))}"
        )
    return f"<p class='maplegend'><b>{_t('legend')}</b>: {' · '.join(rows)}</p>" if rows else ""


def _charts_html(charts_png: bytes, charts_png_vi: bytes) -> str:
    """Return both languages' charts; the language switch shows one.

    They carry the ``eipgeo-en`` / ``eipgeo-vi`` classes, as every bilingual text.
    """
    images = []
    for lang, png in (("en", charts_png), ("vi", charts_png_vi)):
        data = base64.b64encode(png).decode("ascii")
        alt = _e(pair("chart.feas_alt")[lang == "vi"])
        images.append(
            f"<img class='charts eipgeo-{lang}' alt='{alt}' src='data:image/png;base64,{data}'>"
        )
    return f"<figure>{''.join(images)}</figure>"


def _risks_html(risks: Sequence[str]) -> str:
    if not risks:
        return f"<p class='note'>{_t('feas.none_listed')}</p>"
    return "<ul>" + "".join(f"<li>{_both_text(r)}</li>" for r in risks) + "</ul>"


def _body(case: FeasibilityCase, charts_png: bytes, charts_png_vi: bytes) -> list[str]:
    name, sub = _title(case)
    benefit = case.benefit_split
    desc = case.spec.description
    return [
        f"<header><h1>{_e(name)}</h1><p class='sub'>{_e(sub)}</p></header>",
        f"<p class='summary'>{_both_text(case.summary)}</p>",
        f"<p>{_both_text(desc)}</p>" if desc else "",
        f"<h2>{_t('report.key_figures')}</h2>",
        _key_figures_html(case),
        f"<h2>{_t('feas.map')}</h2>",
        _map_section(case),
        f"<h2>{_t('feas.flows')}</h2>",
        _table(case.flows),
        f"<h2>{_t('feas.assumptions')}</h2>",
        _assumptions_html(case.assumptions),
        f"<h2>{_t('feas.cash_flows')}</h2><p class='note'>{_t('feas.cash_note')}</p>",
        _table(_in_million_vnd(case.cash_flows)),
        f"<h2>{_t('feas.appraisal')}</h2>",
        _table(case.appraisal),
        f"<h2>{_t('feas.benefit_split')}</h2>" + _table(benefit)
        if benefit is not None and len(benefit)
        else "",
        f"<h2>{_t('feas.sensitivity')}</h2>",
        _table(case.sensitivity),
        f"<h3>{_t('feas.break_even')}</h3>",
        _table(case.break_even),
        f"<h2>{_t('feas.charts')}</h2>",
        _charts_html(charts_png, charts_png_vi),
        f"<h2>{_t('feas.risks')}</h2>",
        _risks_html(case.risks),
        _footer(case),
    ]


def feasibility_html(
    case: FeasibilityCase, *, charts_png: bytes, charts_png_vi: bytes | None = None
) -> str:
    """Return the feasibility sheet of one intervention as one self-contained HTML page.

    Parameters
    ----------
    case
        The feasibility case (tables as documented in
        :class:`eipgeo.interventions.FeasibilityCase`; ``features`` in any CRS).
    charts_png
        The charts (:func:`chart_png`), embedded as a base64 ``data:`` URI.
    charts_png_vi
        The charts in Vietnamese (``chart_png(case, "vi")``), shown instead when the page
        is switched to VI; None (default) draws them.

    Returns
    -------
    str
        A complete HTML document with no external reference: no script but the inlined
        Leaflet of the map extract (an ``<iframe srcdoc>``), print-friendly CSS. Every
        text from the case is HTML-escaped; NaN figures show "—" with their note.

    Raises
    ------
    ValidationError
        A table of the case lacks a documented column, or ``park_slug`` / ``spec.id``
        cannot name a folder.
    """
    _check_case(case)
    name, _ = _title(case)
    vi = chart_png(case, "vi") if charts_png_vi is None else charts_png_vi
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(name)}: feasibility</title><style>{_CSS}</style></head>"
        f"<body>{_LANG_SWITCH}<main>{''.join(_body(case, charts_png, vi))}</main></body></html>"
    )


# --- Writing --------------------------------------------------------------------------


def _with_columns(frame: pd.DataFrame | None, columns: Sequence[str]) -> pd.DataFrame:
    """Return ``frame``, or an empty frame of ``columns`` when it has none (a CSV header)."""
    if frame is None or len(frame.columns) == 0:
        return pd.DataFrame(columns=list(columns))
    return frame


def feasibility_folder(case: FeasibilityCase, out_dir: Path) -> Path:
    """Return ``out_dir/<park_slug>/feasibility/<intervention id>``.

    Parameters
    ----------
    case
        The intervention's feasibility case (its ``park_slug`` and ``spec.id``).
    out_dir
        The run's output folder. Nothing is created.

    Returns
    -------
    pathlib.Path
        The folder of the intervention's sheet.
    """
    return out_dir / case.park_slug / "feasibility" / case.spec.id


def write_feasibility(case: FeasibilityCase, out_dir: Path) -> list[Path]:
    """Write the feasibility sheet and its tables under ``out_dir``.

    Everything is rendered in memory first, then each file is written atomically
    (temporary file + rename), so a failure while rendering leaves earlier files intact.

    Parameters
    ----------
    case
        The feasibility case.
    out_dir
        The output folder (``--out``).

    Returns
    -------
    list of pathlib.Path
        Sorted: ``appraisal.csv``, ``assumptions.csv``, ``benefit_split.csv``,
        ``break_even.csv``, ``cash_flows.csv``, ``charts.png``, ``feasibility.html``,
        ``flows.csv`` and ``sensitivity.csv`` in
        ``out_dir/<park_slug>/feasibility/<intervention id>/``.

    Raises
    ------
    ValidationError
        A table of the case lacks a documented column, or an id cannot name a folder.
    """
    _check_case(case)
    folder = feasibility_folder(case, out_dir)
    png = chart_png(case)
    page = feasibility_html(case, charts_png=png, charts_png_vi=chart_png(case, "vi"))
    tables = {
        "cash_flows.csv": case.cash_flows,
        "assumptions.csv": case.assumptions,
        "appraisal.csv": case.appraisal,
        "sensitivity.csv": _with_columns(case.sensitivity, SENSITIVITY_COLUMNS),
        "break_even.csv": case.break_even,
        "benefit_split.csv": case.benefit_split,
        "flows.csv": case.flows,
    }
    atomic_write_bytes(folder / "charts.png", png)
    for file, frame in tables.items():
        atomic_write_csv(folder / file, frame)
    atomic_write_text(folder / "feasibility.html", page)
    return sorted(
        [folder / "charts.png", folder / "feasibility.html", *(folder / f for f in tables)]
    )
