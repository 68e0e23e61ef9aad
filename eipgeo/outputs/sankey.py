"""A park's waste flows as a Sankey diagram: generators → sector → class → pathway.

The HTML inlines plotly.js, so it opens offline. The PNG is rendered with the machine's
Chromium (``/usr/bin/chromium``) through Playwright with every request that is not
``file://`` aborted; no library is ever allowed to download a browser.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from eipgeo._atomic import atomic_write_text
from eipgeo._errors import DataNotFoundError, InputReadError
from eipgeo.outputs import _chromium
from eipgeo.waste import reported_class

MAX_GENERATOR_NODES = 40
"""Above this many generators, generators are grouped by ``source_type``."""


CONTROLLED_LABEL = "controlled (KS, handled as hazardous)"
"""Class node of KS streams: reported as controlled, planned and routed as hazardous."""

_CLASS_COLOURS = {
    "hazardous": "#c53030",
    CONTROLLED_LABEL: "#dd6b20",
    "ordinary": "#2b6cb0",
    "domestic": "#2f855a",
}


def sankey_links(streams: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Return the Sankey links (source label, target label, t/yr) of an inventory.

    Parameters
    ----------
    streams
        Inventory with ``site_id``, ``sector``, ``waste_class``, ``pathway`` and
        ``waste_t_per_yr`` (prevention rows included, if any).
    names
        Site id → display name; ids are used where missing.

    Returns
    -------
    pandas.DataFrame
        ``source, target, waste_t_per_yr, stage`` with stages ``generator``,
        ``sector`` and ``class``; labels carry a prefix so a sector and a class never
        share a node. The class is the reported one (:func:`eipgeo.waste.reported_class`):
        KS codes appear as ``controlled (KS, handled as hazardous)``.
    """
    frame = streams.copy()
    names = names or {}
    many = frame["site_id"].nunique() > MAX_GENERATOR_NODES
    frame["gen"] = (
        frame["sector"].astype(str).str.split(":").str[0] + " (all sites)"
        if many
        else frame["site_id"].map(lambda s: names.get(s, s))
    )
    frame["sec"] = "sector: " + frame["sector"].astype(str)
    frame["cls"] = "class: " + reported_class(frame).replace("controlled", CONTROLLED_LABEL)
    frame["pw"] = "pathway: " + frame["pathway"].astype(str)
    parts = []
    for stage, a, b in (
        ("generator", "gen", "sec"),
        ("sector", "sec", "cls"),
        ("class", "cls", "pw"),
    ):
        g = frame.groupby([a, b])["waste_t_per_yr"].sum().reset_index()
        g.columns = pd.Index(["source", "target", "waste_t_per_yr"])
        parts.append(g.assign(stage=stage))
    links = pd.concat(parts, ignore_index=True)
    out: pd.DataFrame = links[links["waste_t_per_yr"] > 0].reset_index(drop=True)
    return out


def sankey_figure(links: pd.DataFrame, title: str) -> go.Figure:
    """Build the plotly Sankey of :func:`sankey_links` (values in t/yr).

    Parameters
    ----------
    links
        Rows of :func:`sankey_links`: ``source``, ``target`` and ``waste_t_per_yr``
        (t/yr, the link's width).
    title
        Title written above the diagram.

    Returns
    -------
    plotly.graph_objects.Figure
        1180 × 780 px; nodes coloured by waste class.
    """
    labels = list(dict.fromkeys([*links["source"], *links["target"]]))
    index = {label: i for i, label in enumerate(labels)}
    colours = [_CLASS_COLOURS.get(lbl.removeprefix("class: "), "#718096") for lbl in labels]
    fig = go.Figure(
        go.Sankey(
            valueformat=",.1f",
            valuesuffix=" t/yr",
            node={"label": labels, "pad": 12, "thickness": 14, "color": colours},
            link={
                "source": [index[s] for s in links["source"]],
                "target": [index[t] for t in links["target"]],
                "value": links["waste_t_per_yr"].round(3).tolist(),
            },
        )
    )
    fig.update_layout(title_text=title, font_size=11, width=1180, height=780)
    return fig


def empty_figure(title: str, reason: str) -> go.Figure:
    """Return a Sankey page with no flows and the reason written on it.

    Parameters
    ----------
    title
        Title written above the (empty) diagram.
    reason
        Why there are no flows, written in the middle of the page.

    Returns
    -------
    plotly.graph_objects.Figure
        1180 × 400 px.
    """
    fig = go.Figure(go.Sankey(node={"label": []}, link={"source": [], "target": [], "value": []}))
    fig.update_layout(
        title_text=title,
        font_size=11,
        width=1180,
        height=400,
        annotations=[
            {
                "text": reason,
                "showarrow": False,
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "font": {"size": 16},
            }
        ],
    )
    return fig


def write_sankey_html(fig: go.Figure, path: Path) -> Path:
    """Write the figure as one self-contained HTML file (plotly.js inlined), atomically.

    Parameters
    ----------
    fig
        The Sankey figure; its title (else ``Waste flows``) becomes the page title.
    path
        HTML file written (replaced if it exists; its folder is created if missing).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    page = fig.to_html(include_plotlyjs=True, full_html=True)
    title = html.escape(str(fig.layout.title.text or "Waste flows"))
    page = page.replace("<head>", f"<head><title>{title}</title>", 1)
    atomic_write_text(path, page)
    return path


def render_png(html: Path, png: Path, *, width: int = 1200, height: int = 800) -> Path:
    """Screenshot a local HTML file with the machine's Chromium, offline.

    Parameters
    ----------
    html, png
        Input page and output image (written through a temporary file, then renamed).
    width, height
        Size of the browser viewport, and so of the image, in CSS pixels; default
        1200 × 800.

    Returns
    -------
    pathlib.Path
        ``png``.

    Raises
    ------
    DataNotFoundError
        No system Chromium (:func:`eipgeo.outputs._chromium.chromium_path`), or Playwright
        not installed.
    RuntimeError
        The page raised a JavaScript error or drew no Sankey.
    """
    tmp = png.with_name(f".{png.name}.tmp.png")
    try:
        errors = _chromium.screenshot(html, tmp, selector="g.sankey", width=width, height=height)
    except InputReadError as exc:  # no Chromium or no Playwright: say so, as before
        raise DataNotFoundError(str(exc)) from exc
    if errors:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"{html}: the Sankey page raised {errors[0]}")
    tmp.replace(png)
    return png
