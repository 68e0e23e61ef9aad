"""Monitoring outputs: charts (PNG), an offline HTML page, CSV tables and the results template.

The tables come from :func:`eipgeo.monitoring.monitor`; this module only draws and writes
them (atomically, :mod:`eipgeo._atomic`).
"""

from __future__ import annotations

import base64
import html
import io as _stdio
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eipgeo._atomic import atomic_write_bytes, atomic_write_csv, atomic_write_text
from eipgeo._errors import UsageError
from eipgeo.outputs._catalogue import CATALOGUE, note, pair
from eipgeo.outputs._chart_text import vi_axis
from eipgeo.outputs._map_text import both
from eipgeo.scenario.monitoring import _EXAMPLES, TEMPLATE_COLUMNS, MonitoringResult

__all__ = ["chart_png", "monitoring_html", "write_monitoring", "write_template"]


def _say(key: str, lang: str, **fields: Any) -> str:
    """Return the catalogue's ``key`` in ``lang`` (``en`` or ``vi``), ``{fields}`` filled."""
    return pair(key)[lang == "vi"].format(**fields)


def _vi_ticks(ax: Any, lang: str, *, x: bool = False) -> None:
    """In Vietnamese, write the value axis with ``.`` thousands and ``,`` decimals."""
    if lang == "vi":
        vi_axis(ax, x=x)


def _park_panel(ax: Any, result: MonitoringResult, lang: str = "en") -> None:
    park = result.park
    base = float(park["baseline_t_per_yr"].iloc[0]) if len(park) else 0.0
    labels = [_say("chart.baseline", lang), *(str(y) for y in park["year"])]
    values = [base, *park["monitored_t_per_yr"].astype(float)]
    ax.bar(labels, values, color=["#95a5a6", *["#2a7f62"] * len(park)])
    for x, (value, pct) in enumerate(zip(values[1:], park["change_pct"], strict=True), 1):
        if not np.isnan(pct):
            shown = f"{pct:+.1f} %"
            ax.annotate(
                shown.replace(".", ",") if lang == "vi" else shown,
                (x, value),
                xytext=(0, -14),
                ha="center",
                textcoords="offset points",
                color="white",
                fontsize=9,
            )
    ax.axhline(base, color="#c0392b", linestyle="--", linewidth=1)
    ax.set_title(_say("chart.mon_park_title", lang, park=result.park_name), fontsize=9)
    ax.set_ylabel(_say("unit.t_yr", lang))
    _vi_ticks(ax, lang)


def _intervention_panel(ax: Any, result: MonitoringResult, lang: str = "en") -> None:
    iv = result.intervention
    iv = iv[
        (iv["achieved_t_per_yr"].notna() | iv["promised_t_per_yr"].notna())
        & (iv["status"] != "not_started")
    ]
    labels = [f"{i} {y}" for i, y in zip(iv["intervention_id"], iv["year"], strict=True)]
    ax.set_title(_say("chart.mon_iv_title", lang), fontsize=9)
    if not labels:
        ax.text(
            0.5,
            0.5,
            _say("chart.mon_no_iv", lang),
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
        ax.set_axis_off()
        return
    x = np.arange(len(labels))
    ax.bar(
        x - 0.2,
        iv["promised_t_per_yr"].fillna(0.0),
        0.4,
        color="#95a5a6",
        label=_say("chart.mon_promised", lang),
    )
    ax.bar(
        x + 0.2,
        iv["achieved_t_per_yr"].fillna(0.0),
        0.4,
        color="#2a7f62",
        label=_say("chart.mon_achieved", lang),
    )
    ax.set_xticks(x, labels, rotation=45, ha="right", fontsize=7)
    ax.set_ylabel(_say("unit.t_yr", lang))
    _vi_ticks(ax, lang)
    ax.legend(loc="best", fontsize=7)


def chart_png(result: MonitoringResult, lang: str = "en") -> bytes:
    """Return the PNG: total t by year vs baseline; promised vs achieved per intervention.

    Drawn with matplotlib's Agg canvas (no display), without the version stamp, so equal
    input gives identical bytes.

    Parameters
    ----------
    result
        The monitoring result (:func:`eipgeo.scenario.monitoring.monitor`).
    lang
        ``en`` (default) or ``vi``: the language of titles, axis labels, legends and
        units (the catalogue's ``chart.*`` entries); in ``vi`` the t/yr axes group
        thousands with ``.`` and mark decimals with ``,``.

    Returns
    -------
    bytes
        A 1000 × 400 pixel PNG (10 × 4 in at 100 dpi), two panels side by side.

    Raises
    ------
    UsageError
        ``lang`` is not ``en`` or ``vi``.
    """
    from matplotlib.figure import Figure

    if lang not in ("en", "vi"):
        raise UsageError(f"chart language {lang!r} is not known; use 'en' or 'vi'")
    fig = Figure(figsize=(10, 4), dpi=100)
    ax1, ax2 = fig.subplots(1, 2)
    _park_panel(ax1, result, lang)
    _intervention_panel(ax2, result, lang)
    fig.tight_layout()
    buf = _stdio.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _cell(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float):
        text = f"{value:,.3f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text  # a change that rounds to 0 is 0, never -0
    return str(value)


def _text(value: str) -> str:
    """Return a text escaped, as two language spans when its Vietnamese differs."""
    for key in (
        f"col.{value}",
        f"unit.{value}",
        f"employees.{value}",
        f"status.{value}",
        f"part.{value}",  # an indicator's key (reused_recycled_pct, ...)
    ):
        if key in CATALOGUE:
            return both(*pair(key))
    en, vi = note(value)
    return both(en, vi) if vi != en else html.escape(value)


def _head(column: str) -> str:
    """Return a column's header in both languages (``col.<column>``), else its name."""
    key = f"col.{column}"
    return both(*pair(key)) if key in CATALOGUE else html.escape(column)


# Columns of names (firms, parks): shown as they are, marked translate=no
_NAME_COLUMNS = {"enterprise", "name", "park_name"}


def _table_html(frame: pd.DataFrame) -> str:
    if frame.empty:
        return f"<p>{both(*pair('report.none'))}</p>"
    head = "".join(f"<th>{_head(str(c))}</th>" for c in frame.columns)
    names = [str(c) in _NAME_COLUMNS for c in frame.columns]
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td translate="no">{html.escape(_cell(v))}</td>'
            if name
            else f"<td>{_text(_cell(v))}</td>"
            for v, name in zip(row, names, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


# A language switch with no script (as report.html): two radio buttons, and CSS that
# hides the other language's spans in <main>
_LANG = (
    "<input type='radio' name='eipgeo-lang' id='lang-en' checked>"
    "<input type='radio' name='eipgeo-lang' id='lang-vi'>"
    "<div class='lang'><label for='lang-en'>EN</label> <label for='lang-vi'>VI</label></div>"
)
_LANG_CSS = (
    ".lang{position:fixed;top:.5em;right:.8em;font-size:.85em}"
    ".lang label{border:1px solid #888;border-radius:3px;padding:1px 7px;cursor:pointer;"
    "background:#fff}input[name=eipgeo-lang]{display:none}"
    "#lang-en:checked~main .eipgeo-vi,#lang-vi:checked~main .eipgeo-en{display:none}"
    "#lang-en:checked~.lang label[for=lang-en],#lang-vi:checked~.lang label[for=lang-vi]"
    "{background:#333;color:#fff}@media print{.lang{display:none}}"
)


def monitoring_html(result: MonitoringResult, png: bytes, png_vi: bytes | None = None) -> str:
    """Return the self-contained HTML page (tables and the embedded PNG; no network).

    Parameters
    ----------
    result
        The monitoring result (:func:`eipgeo.scenario.monitoring.monitor`).
    png
        The chart (:func:`chart_png`), embedded as a base64 data URI.
    png_vi
        The chart in Vietnamese (``chart_png(result, "vi")``), shown instead when the
        page is switched to VI; None (default) draws it.

    Returns
    -------
    str
        The page: notes, then the park, intervention, indicator and enterprise tables.
    """
    e = html.escape
    images = "".join(
        f"<img class='eipgeo-{lang}' alt='{e(pair('chart.mon_alt')[lang == 'vi'])}' "
        f"src='data:image/png;base64,{base64.b64encode(data).decode('ascii')}'>"
        for lang, data in (
            ("en", png),
            ("vi", chart_png(result, "vi") if png_vi is None else png_vi),
        )
    )
    notes = "".join(f"<li>{_text(str(n))}</li>" for n in result.notes)
    sections = [
        ("mon.park", result.park),
        ("mon.interventions", result.intervention),
        ("mon.indicators", result.indicators.drop(columns=["threshold"])),
        ("mon.enterprises", result.enterprise),
    ]
    body = "".join(
        f"<h2>{both(*pair(key))}</h2><div class='t'>{_table_html(frame)}</div>"
        for key, frame in sections
    )
    title = pair("mon.title")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Monitoring: {e(result.park_name)}</title><style>"
        "body{font-family:sans-serif;margin:1.5em;max-width:80em}"
        "img{max-width:100%}div.t{overflow-x:auto}"
        # printed, a wide table wraps and shrinks to the A4 page rather than being cut
        "@media print{div.t{overflow:visible}table{font-size:.6em}"
        "td,th{white-space:normal}}"
        "table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ccc;"
        "padding:.2em .5em;text-align:right;white-space:nowrap}th{background:#eee}"
        f"{_LANG_CSS}</style></head><body>{_LANG}<main>"
        f"<h1>{both(*title)}: {e(result.park_name)} ({e(result.park_slug)})</h1>"
        f"{images}"
        f"<p>{both(*pair('mon.intro'))}</p>"
        f"<ul>{notes}</ul>{body}</main></body></html>"
    )


def write_monitoring(result: MonitoringResult, out_dir: str | Path) -> list[Path]:
    """Write the outputs atomically under ``OUT/<park slug>/monitoring/``.

    ``progress_{park,enterprise,intervention}.csv``, ``indicators_by_year.csv``,
    ``monitoring.png`` and ``monitoring.html`` (self-contained, offline).

    Parameters
    ----------
    result
        The monitoring result (:func:`eipgeo.scenario.monitoring.monitor`).
    out_dir
        Output folder ``OUT``; the park's ``monitoring`` folder is created under it.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    folder = Path(out_dir) / result.park_slug / "monitoring"
    tables = {
        "progress_park.csv": result.park,
        "progress_enterprise.csv": result.enterprise,
        "progress_intervention.csv": result.intervention,
        "indicators_by_year.csv": result.indicators,
    }
    written = []
    for name, frame in tables.items():
        atomic_write_csv(folder / name, frame)
        written.append(folder / name)
    png = chart_png(result)
    atomic_write_bytes(folder / "monitoring.png", png)
    atomic_write_text(
        folder / "monitoring.html", monitoring_html(result, png, chart_png(result, "vi"))
    )
    return [*written, folder / "monitoring.png", folder / "monitoring.html"]


def write_template(folder: str | Path) -> list[Path]:
    """Write ``monitoring.csv`` and ``monitoring.xlsx`` (sheets ``data`` and ``columns``).

    Parameters
    ----------
    folder
        Folder the two files are written into (created if missing); files of the same
        name are replaced.

    Returns
    -------
    list of pathlib.Path
        The CSV, then the workbook.
    """
    folder = Path(folder)
    frame = pd.DataFrame(_EXAMPLES, columns=[c[0] for c in TEMPLATE_COLUMNS])
    atomic_write_csv(folder / "monitoring.csv", frame)
    doc = pd.DataFrame(TEMPLATE_COLUMNS, columns=["column", "need", "unit", "meaning"])
    with pd.ExcelWriter(folder / "monitoring.xlsx", engine="openpyxl") as xlsx:
        frame.to_excel(xlsx, sheet_name="data", index=False)
        doc.to_excel(xlsx, sheet_name="columns", index=False)
    return [folder / "monitoring.csv", folder / "monitoring.xlsx"]
