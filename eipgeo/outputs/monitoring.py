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
from eipgeo.scenario.monitoring import _EXAMPLES, TEMPLATE_COLUMNS, MonitoringResult

__all__ = ["chart_png", "monitoring_html", "write_monitoring", "write_template"]


def _park_panel(ax: Any, result: MonitoringResult) -> None:
    park = result.park
    base = float(park["baseline_t_per_yr"].iloc[0]) if len(park) else 0.0
    labels = ["baseline", *(str(y) for y in park["year"])]
    values = [base, *park["monitored_t_per_yr"].astype(float)]
    ax.bar(labels, values, color=["#95a5a6", *["#2a7f62"] * len(park)])
    for x, (value, pct) in enumerate(zip(values[1:], park["change_pct"], strict=True), 1):
        if not np.isnan(pct):
            ax.annotate(
                f"{pct:+.1f} %",
                (x, value),
                xytext=(0, -14),
                ha="center",
                textcoords="offset points",
                color="white",
                fontsize=9,
            )
    ax.axhline(base, color="#c0392b", linestyle="--", linewidth=1)
    ax.set_title(f"{result.park_name}: total waste, monitored vs baseline", fontsize=9)
    ax.set_ylabel("t/yr")


def _intervention_panel(ax: Any, result: MonitoringResult) -> None:
    iv = result.intervention
    iv = iv[
        (iv["achieved_t_per_yr"].notna() | iv["promised_t_per_yr"].notna())
        & (iv["status"] != "not_started")
    ]
    labels = [f"{i} {y}" for i, y in zip(iv["intervention_id"], iv["year"], strict=True)]
    ax.set_title("Interventions: promised vs achieved", fontsize=9)
    if not labels:
        ax.text(
            0.5,
            0.5,
            "no intervention promised or reported",
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
        label="promised (none = no promise)",
    )
    ax.bar(x + 0.2, iv["achieved_t_per_yr"].fillna(0.0), 0.4, color="#2a7f62", label="achieved")
    ax.set_xticks(x, labels, rotation=45, ha="right", fontsize=7)
    ax.set_ylabel("t/yr")
    ax.legend(loc="best", fontsize=7)


def chart_png(result: MonitoringResult) -> bytes:
    """Return the PNG: total t by year vs baseline; promised vs achieved per intervention.

    Drawn with matplotlib's Agg canvas (no display), without the version stamp, so equal
    input gives identical bytes.

    Parameters
    ----------
    result
        The monitoring result (:func:`eipgeo.scenario.monitoring.monitor`).

    Returns
    -------
    bytes
        A 1000 × 400 pixel PNG (10 × 4 in at 100 dpi), two panels side by side.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4), dpi=100)
    ax1, ax2 = fig.subplots(1, 2)
    _park_panel(ax1, result)
    _intervention_panel(ax2, result)
    fig.tight_layout()
    buf = _stdio.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _cell(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return f"{value:,.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _table_html(frame: pd.DataFrame) -> str:
    return frame.map(_cell).to_html(index=False, border=0)


def monitoring_html(result: MonitoringResult, png: bytes) -> str:
    """Return the self-contained HTML page (tables and the embedded PNG; no network).

    Parameters
    ----------
    result
        The monitoring result (:func:`eipgeo.scenario.monitoring.monitor`).
    png
        The chart (:func:`chart_png`), embedded as a base64 data URI.

    Returns
    -------
    str
        The page: notes, then the park, intervention, indicator and enterprise tables.
    """
    e = html.escape
    image = base64.b64encode(png).decode("ascii")
    notes = "".join(f"<li>{e(n)}</li>" for n in result.notes)
    sections = [
        ("Park: progress against the baseline", result.park),
        ("Interventions: promised vs achieved", result.intervention),
        ("EIP indicators by year", result.indicators.drop(columns=["threshold"])),
        ("Enterprises: progress against the baseline", result.enterprise),
    ]
    body = "".join(
        f"<h2>{e(title)}</h2><div class='t'>{_table_html(frame)}</div>" for title, frame in sections
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Monitoring: {e(result.park_name)}</title><style>"
        "body{font-family:sans-serif;margin:1.5em;max-width:80em}"
        "img{max-width:100%}div.t{overflow-x:auto}"
        "table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ccc;"
        "padding:.2em .5em;text-align:right;white-space:nowrap}th{background:#eee}</style>"
        "</head><body>"
        f"<h1>Monitoring: {e(result.park_name)} ({e(result.park_slug)})</h1>"
        f"<img alt='total waste by year against the baseline; interventions promised vs "
        f"achieved' src='data:image/png;base64,{image}'>"
        "<p>Monitored t: measured streams replace the baseline for the site and code "
        "measured that year; the rest is the baseline, carried (flagged "
        "<code>baseline_carried</code>). Status: <code>on_track</code> when achieved ≥ the "
        "on-track share of the promise (default 100 %), <code>behind</code> otherwise, "
        "<code>not_started</code> before the start year, <code>no_data</code> with nothing "
        "to go by.</p>"
        f"<ul>{notes}</ul>{body}</body></html>"
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
    atomic_write_text(folder / "monitoring.html", monitoring_html(result, png))
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
