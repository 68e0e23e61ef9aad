"""A park's waste flows as a Sankey diagram: generators → sector → class → pathway.

The diagram is static SVG written by Python (:func:`sankey_layout`, :func:`sankey_svg`)
inline in a small HTML page with no script at all: it draws as soon as the page is parsed,
and an empty park's page is a message. The page has a script-free EN/VI switch
(:mod:`eipgeo.outputs._catalogue`). It replaced a plotly.js page (issue 21): plotly.min.js
is 4.8 MB and took 2.2 s to draw under load. The PNG is rendered with the machine's
Chromium (``/usr/bin/chromium``) through Playwright with every request that is not
``file://`` aborted; no library is ever allowed to download a browser.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eipgeo._atomic import atomic_write_text
from eipgeo._errors import DataNotFoundError, InputReadError
from eipgeo.generation import REST_OF_PARK
from eipgeo.outputs import _chromium
from eipgeo.outputs._catalogue import number, pair
from eipgeo.waste import reported_class

SVG_SELECTOR = "svg.eipgeo-sankey:visible"
"""Playwright selector of the drawn Sankey (the SVG of the language shown)."""

MAX_GENERATOR_NODES = 40
"""Above this many generators, generators are grouped by ``source_type``."""


CONTROLLED_LABEL = "controlled (KS, handled as hazardous)"
"""Class node of KS streams: reported as controlled, planned and routed as hazardous."""

_REST_LABEL = pair("sankey.rest_of_park_node")
"""The rest of the park's generator node (English, Vietnamese)."""

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
        Site id → display name; ids are used where missing, but the rest of the park
        (:data:`eipgeo.generation.REST_OF_PARK`) is the catalogue's
        ``sankey.rest_of_park_node`` ("rest of the park (unlisted tenants, estimated)").

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
        else frame["site_id"].map(
            lambda s: names.get(s, _REST_LABEL[0] if s == REST_OF_PARK else s)
        )
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


def park_sankey(
    streams: pd.DataFrame, sites: pd.DataFrame, park_name: str
) -> tuple[pd.DataFrame, str, str]:
    """Return a job's Sankey links and its title in English and Vietnamese.

    ``sankey.html`` and ``report.html`` draw the same links with the same title.

    Parameters
    ----------
    streams
        The job's inventory (:func:`sankey_links`); empty for a park with no flows.
    sites
        The job's sites (``site_id``, ``name``): generators are shown by name.
    park_name
        The park's name, first in the title.

    Returns
    -------
    tuple
        ``(links, title_en, title_vi)``; the links are empty when ``streams`` is, and the
        title then says no basis.
    """
    flows_en, flows_vi = pair("sankey_title")
    if streams.empty:
        return pd.DataFrame(), f"{park_name}: {flows_en}", f"{park_name}: {flows_vi}"
    names = dict(zip(sites.site_id, sites["name"].astype(str), strict=True))
    basis_en, basis_vi = pair(
        "sankey.basis_estimated" if set(streams["basis"]) == {"estimated"} else "sankey.basis_mixed"
    )
    return (
        sankey_links(streams, names),
        f"{park_name}: {flows_en}; {basis_en}",
        f"{park_name}: {flows_vi}; {basis_vi}",
    )


SVG_WIDTH_PX = 1180.0
"""Width of the drawing in viewBox units (CSS px at full size); the page scales it to fit."""

PLOT_HEIGHT_PX = 600.0
"""Height (px) the largest column's t/yr spans: fixes the scale, ``px_per_t`` =
``PLOT_HEIGHT_PX`` / the largest column total (layout choice, not a measured figure)."""

FONT_PX = 11.0
"""Font size of the node labels (px), as the plotly page had (``font_size=11``)."""

LABEL_LINE_PX = 14.0
"""Height of a label's line box (px): ≥ 1.2 × ``FONT_PX``, the top of the range CSS 2.1
§10.8.1 recommends for ``line-height: normal`` (1.0 to 1.2)."""

MIN_NODE_PX = 6.0
"""Smallest node height (px), so a tiny flow still shows and can be hovered."""

NODE_GAP_PX = 8.0
"""Vertical gap between two nodes of a column (px). ``MIN_NODE_PX + NODE_GAP_PX`` =
``LABEL_LINE_PX``: the centres, and so the labels, of two neighbours are at least one line
apart, so labels never overlap however many nodes a column has."""

NODE_WIDTH_PX = 14.0
"""Width of a node bar (px), as the plotly page had (``thickness: 14``)."""

MARGIN_PX = 14.0
"""Space around the drawing (px): one label line, so the top and bottom labels are not cut."""

LINK_OPACITY = 0.4
"""Fill opacity of a link band, so crossing bands stay readable (layout choice)."""

_GREY = "#718096"
_COLUMN_OF_STAGE = {"generator": 0, "sector": 1, "class": 2}
_COLUMNS = 4  # generator, sector, class, pathway


@dataclass(frozen=True)
class SankeyNode:
    """A node of :func:`sankey_layout`: a bar at ``x_px``, from ``y_px`` down ``height_px``."""

    label: str
    column: int
    t_per_yr: float
    x_px: float
    y_px: float
    height_px: float


@dataclass(frozen=True)
class SankeyBand:
    """A link of :func:`sankey_layout`, a band ``width_px`` high.

    It leaves its source's right side at ``y0_px`` (top edge) and reaches its target's
    left side at ``y1_px``.
    """

    source: str
    target: str
    t_per_yr: float
    x0_px: float
    y0_px: float
    x1_px: float
    y1_px: float
    width_px: float


@dataclass(frozen=True)
class SankeyLayout:
    """Nodes and bands of :func:`sankey_layout`, the scale and the drawing's size (px)."""

    nodes: list[SankeyNode]
    bands: list[SankeyBand]
    px_per_t: float
    width_px: float
    height_px: float


def _column_order(
    links: pd.DataFrame, nodes: dict[int, list[str]], value: dict[str, float]
) -> None:
    """Order each column in place; ties by label.

    The first column by t/yr (largest first), each next one by the barycentre of its
    incoming links' source ranks, weighted by t/yr.
    """
    nodes[0].sort(key=lambda n: (-value[n], n))
    for col in range(1, _COLUMNS):
        rank = {n: i for i, n in enumerate(nodes[col - 1])}
        inflow = links[links["source"].isin(rank)]

        def barycentre(
            node: str, inflow: pd.DataFrame = inflow, rank: dict[str, int] = rank
        ) -> float:
            rows = inflow[inflow["target"] == node]
            weight = float(rows["waste_t_per_yr"].sum())
            if weight <= 0:
                return float("inf")
            return float((rows["source"].map(rank) * rows["waste_t_per_yr"]).sum()) / weight

        nodes[col].sort(key=lambda n: (barycentre(n), n))


def sankey_layout(links: pd.DataFrame) -> SankeyLayout:
    """Place the nodes and link bands of :func:`sankey_links` (all sizes in px).

    Four fixed columns (generator, sector, class, pathway). A node's height is its
    throughput, max(t/yr in, t/yr out), times ``px_per_t`` = :data:`PLOT_HEIGHT_PX` / the
    largest column total, and at least :data:`MIN_NODE_PX`; nodes are :data:`NODE_GAP_PX`
    apart, so the drawing grows with the tallest column and labels (one per node, at its
    centre) stay at least :data:`LABEL_LINE_PX` apart. The first column is ordered by t/yr,
    each next one by a barycentre pass against the one before (ties by label) to cut
    crossings. A band is ``t/yr × px_per_t`` wide; bands are stacked from the top of each
    node in the order of their other end's position.

    Parameters
    ----------
    links
        Rows of :func:`sankey_links`: ``source``, ``target``, ``waste_t_per_yr`` (t/yr,
        > 0) and ``stage``; at least one row.

    Returns
    -------
    SankeyLayout
        Nodes (column by column, top to bottom), bands, the scale (px per t/yr) and the
        drawing's width and height (px, margins included).
    """
    rows = list(
        zip(
            links["source"].astype(str),
            links["target"].astype(str),
            links["waste_t_per_yr"].astype(float).tolist(),
            links["stage"].astype(str),
            strict=True,
        )
    )
    column: dict[str, int] = {}
    for src, tgt, _, stage in rows:
        column.setdefault(src, _COLUMN_OF_STAGE[stage])
        column.setdefault(tgt, _COLUMN_OF_STAGE[stage] + 1)
    t_out = links.groupby("source")["waste_t_per_yr"].sum()
    t_in = links.groupby("target")["waste_t_per_yr"].sum()
    value = {n: max(float(t_out.get(n, 0.0)), float(t_in.get(n, 0.0))) for n in column}
    nodes: dict[int, list[str]] = {c: [] for c in range(_COLUMNS)}
    for n, c in column.items():
        nodes[c].append(n)
    _column_order(links, nodes, value)
    px_per_t = PLOT_HEIGHT_PX / max(sum(value[n] for n in nodes[c]) for c in nodes)
    height = {n: max(value[n] * px_per_t, MIN_NODE_PX) for n in column}
    tall = {
        c: sum(height[n] for n in ns) + NODE_GAP_PX * max(len(ns) - 1, 0) for c, ns in nodes.items()
    }
    plot_px = max(tall.values())
    step = (SVG_WIDTH_PX - 2 * MARGIN_PX - NODE_WIDTH_PX) / (_COLUMNS - 1)
    placed: dict[str, SankeyNode] = {}
    for c, ns in nodes.items():
        y = MARGIN_PX + (plot_px - tall[c]) / 2
        for n in ns:
            placed[n] = SankeyNode(n, c, value[n], MARGIN_PX + c * step, y, height[n])
            y += height[n] + NODE_GAP_PX
    order = {n: (node.column, node.y_px) for n, node in placed.items()}
    top_out = {n: node.y_px for n, node in placed.items()}
    top_in = dict(top_out)
    start: dict[tuple[str, str], float] = {}
    for src, tgt, t, _ in sorted(rows, key=lambda r: (order[r[0]], order[r[1]])):
        start[(src, tgt)] = top_out[src]
        top_out[src] += t * px_per_t
    bands = []
    for src, tgt, t, _ in sorted(rows, key=lambda r: (order[r[1]], order[r[0]])):
        x0, x1 = placed[src].x_px + NODE_WIDTH_PX, placed[tgt].x_px
        bands.append(SankeyBand(src, tgt, t, x0, start[(src, tgt)], x1, top_in[tgt], t * px_per_t))
        top_in[tgt] += t * px_per_t
    return SankeyLayout(
        nodes=[placed[n] for c in range(_COLUMNS) for n in nodes[c]],
        bands=bands,
        px_per_t=px_per_t,
        width_px=SVG_WIDTH_PX,
        height_px=plot_px + 2 * MARGIN_PX,
    )


def _colour(label: str) -> str:
    """Return a class node's colour; grey for any other node."""
    if label.startswith("class: "):
        return _CLASS_COLOURS.get(label.removeprefix("class: "), _GREY)
    return _GREY


def _f(px: float) -> str:
    """Return a coordinate with one decimal (0.1 px is below what a screen shows)."""
    return f"{px:.1f}"


def sankey_svg(links: pd.DataFrame, *, lang: str = "en", title: str = "") -> str:
    """Return the Sankey of :func:`sankey_links` as a static SVG element, in one language.

    The geometry is :func:`sankey_layout`'s. Links are filled cubic-Bézier bands coloured
    by their waste class (grey from generators to sectors, which mix classes) at
    :data:`LINK_OPACITY`; nodes are bars (class nodes in the class colour); every node and
    band has a ``<title>`` tooltip with its t/yr, written per language (EN ``1,234.5 t/yr``,
    VI ``1.234,5 t/năm``). Labels sit right of the nodes, left of the last column's.

    Parameters
    ----------
    links
        Rows of :func:`sankey_links` (at least one).
    lang
        ``en`` or ``vi``: labels by :func:`vietnamese_labels`, numbers and unit per language.
    title
        The drawing's accessible name (``aria-label``).

    Returns
    -------
    str
        ``<svg class="eipgeo-sankey eipgeo-<lang>" viewBox="0 0 W H">…</svg>``, with no
        fixed size: the page scales it to its width.
    """
    lay = sankey_layout(links)
    i = 1 if lang == "vi" else 0
    labels = [n.label for n in lay.nodes]
    shown = dict(zip(labels, vietnamese_labels(labels) if i else labels, strict=True))
    unit = pair("unit.t_yr")[i]

    def tip(text: str, t_per_yr: float) -> str:
        return f"<title>{html.escape(text)}: {number(t_per_yr, 1)[i]} {unit}</title>"

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="eipgeo-sankey eipgeo-{lang}" '
        f'viewBox="0 0 {_f(lay.width_px)} {_f(lay.height_px)}" role="img" '
        f'aria-label="{html.escape(title)}" font-size="{FONT_PX:g}">',
        f'<g class="links" fill-opacity="{LINK_OPACITY:g}">',
    ]
    for b in lay.bands:
        xm = (b.x0_px + b.x1_px) / 2
        y0, y1, w = b.y0_px, b.y1_px, b.width_px
        colour = _colour(b.target if b.target.startswith("class: ") else b.source)
        d = (
            f"M{_f(b.x0_px)},{_f(y0)}C{_f(xm)},{_f(y0)} {_f(xm)},{_f(y1)} {_f(b.x1_px)},{_f(y1)}"
            f"V{_f(y1 + w)}C{_f(xm)},{_f(y1 + w)} {_f(xm)},{_f(y0 + w)} {_f(b.x0_px)},{_f(y0 + w)}Z"
        )
        name = f"{shown[b.source]} → {shown[b.target]}"
        out.append(f'<path class="link" d="{d}" fill="{colour}">{tip(name, b.t_per_yr)}</path>')
    out.append('</g><g class="nodes">')
    for n in lay.nodes:
        out.append(
            f'<rect class="node" x="{_f(n.x_px)}" y="{_f(n.y_px)}" width="{NODE_WIDTH_PX:g}" '
            f'height="{_f(n.height_px)}" fill="{_colour(n.label)}">'
            f"{tip(shown[n.label], n.t_per_yr)}</rect>"
        )
    out.append('</g><g class="labels">')
    for n in lay.nodes:
        last = n.column == _COLUMNS - 1
        x = n.x_px - 4 if last else n.x_px + NODE_WIDTH_PX + 4
        out.append(
            f'<text x="{_f(x)}" y="{_f(n.y_px + n.height_px / 2)}" '
            f'text-anchor="{"end" if last else "start"}" dominant-baseline="central">'
            f"{_label_html(n.label, shown[n.label], n.column)}</text>"
        )
    out.append("</g></svg>")
    return "\n".join(out)


def _label_html(label: str, shown: str, column: int) -> str:
    """Return a node's label text; a name or a data text is marked as kept as published.

    A generator's name (``translate="no"``) and a sector's description from the data
    (``ISIC 2211: Manufacture of …``, ``lang="en" translate="no"``) are not the catalogue's
    words: they are shown as they are in both languages.
    """
    if column == 0 and label != _REST_LABEL[0]:
        return f'<tspan translate="no">{html.escape(shown)}</tspan>'
    word, sep, rest = shown.partition(": ")
    if column == 1 and sep and rest == label.partition(": ")[2]:
        return f'{html.escape(word)}: <tspan lang="en" translate="no">{html.escape(rest)}</tspan>'
    return html.escape(shown)


def vietnamese_labels(labels: list[str]) -> list[str]:
    """Return the Vietnamese of the node labels of :func:`sankey_links`.

    Parameters
    ----------
    labels
        Node labels: ``sector: …``, ``class: …``, ``pathway: …`` or a generator's name
        (the rest of the park's node by the catalogue).

    Returns
    -------
    list of str
        The stage word, class and pathway from the catalogue; names and sector texts (data)
        as they are.
    """
    out = []
    for label in labels:
        if label == _REST_LABEL[0]:
            out.append(_REST_LABEL[1])
            continue
        stage, sep, rest = label.partition(": ")
        if not sep or stage not in ("sector", "class", "pathway"):
            out.append(label)
            continue
        if stage == "class":
            key = "controlled" if rest == CONTROLLED_LABEL else rest
            rest = pair(f"class.{key}", rest)[1]
        elif stage == "pathway":
            rest = pair(f"pathway.{rest}", rest)[1]
        elif rest == pair("sankey.rest_of_park")[0]:
            rest = pair("sankey.rest_of_park")[1]
        out.append(f"{pair(f'sankey.{stage}')[1]}: {rest}")
    return out


_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font: 13px system-ui, sans-serif; margin: 0 8px 8px; color: #222; }}
h1 {{ font-size: 15px; font-weight: 600; margin: 8px 70px 4px 0; }}
.lang {{ position: absolute; top: 6px; right: 8px; font-size: 11px; }}
.lang label {{ border: 1px solid #888; border-radius: 3px; padding: 1px 6px; cursor: pointer; }}
input[name=eipgeo-lang] {{ display: none; }}
#lang-en:checked~main .eipgeo-vi, #lang-vi:checked~main .eipgeo-en {{ display: none; }}
#lang-en:checked~.lang label[for=lang-en], #lang-vi:checked~.lang label[for=lang-vi] {{
 background: #333; color: #fff; }}
svg.eipgeo-sankey {{ display: block; width: 100%; height: auto;
 font-family: system-ui, sans-serif; }}
svg .link:hover {{ fill-opacity: 0.7; }}
svg .labels text {{ paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }}
.empty {{ margin: 3em auto; max-width: 40em; font-size: 16px; text-align: center; }}
@media print {{ .lang {{ display: none; }} @page {{ size: A4; margin: 10mm; }}
 svg.eipgeo-sankey {{ break-inside: avoid; }} }}
</style>
</head><body>
<input type="radio" name="eipgeo-lang" id="lang-en"{en}>
<input type="radio" name="eipgeo-lang" id="lang-vi"{vi}>
<div class="lang"><label for="lang-en">EN</label> <label for="lang-vi">VI</label></div>
<main>
{body}
</main>
</body></html>
"""


def write_sankey_html(
    links: pd.DataFrame,
    path: Path,
    *,
    title: str,
    title_vi: str | None = None,
    lang: str = "en",
    reason: str | None = None,
) -> Path:
    """Write the Sankey of ``links`` as a static HTML page (inline SVG, no script), atomically.

    The page holds the drawing twice, one :func:`sankey_svg` per language, and a language
    switch with no script (two radio buttons; CSS hides the other language), as
    ``report.html``'s. With no links the page says why instead (``reason``, and the
    catalogue's ``sankey_no_flows`` in Vietnamese).

    Parameters
    ----------
    links
        Rows of :func:`sankey_links`; empty for a park with no flows.
    path
        HTML file written (replaced if it exists; its folder is created if missing).
    title, title_vi
        The page's title in English and in Vietnamese (None: the English one).
    lang
        ``en`` (default) or ``vi``: the language the page opens in.
    reason
        Why there are no flows, in English (None: the catalogue's ``sankey_no_flows``).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    title_vi = title_vi or title
    head = (
        f'<h1><span class="eipgeo-en">{html.escape(title)}</span>'
        f'<span class="eipgeo-vi">{html.escape(title_vi)}</span></h1>'
    )
    if links.empty:
        reason_en, reason_vi = pair("sankey_no_flows")
        body = (
            f"{head}<p class='empty'><span class=\"eipgeo-en\">{html.escape(reason or reason_en)}"
            f'</span><span class="eipgeo-vi">{html.escape(reason_vi)}</span></p>'
        )
    else:
        body = "\n".join(
            [
                head,
                sankey_svg(links, lang="en", title=title),
                sankey_svg(links, lang="vi", title=title_vi),
            ]
        )
    checked = " checked"
    page = _PAGE.format(
        lang=lang,
        title=html.escape(title_vi if lang == "vi" else title),
        en="" if lang == "vi" else checked,
        vi=checked if lang == "vi" else "",
        body=body,
    )
    atomic_write_text(path, page)
    return path


def render_png(html: Path, png: Path, *, width: int = 1200, height: int = 800) -> Path:
    """Screenshot a local HTML file with the machine's Chromium, offline.

    Parameters
    ----------
    html, png
        Input page and output image (written through a temporary file, then renamed).
    width, height
        Size of the browser viewport in CSS pixels (default 1200 × 800): the image is
        ``width`` wide and as tall as the whole page (at least ``height``), so a tall
        Sankey is never cut.

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
        errors = _chromium.screenshot(
            html, tmp, selector=SVG_SELECTOR, width=width, height=height, full_page=True
        )
    except InputReadError as exc:  # no Chromium or no Playwright: say so, as before
        raise DataNotFoundError(str(exc)) from exc
    if errors:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"{html}: the Sankey page raised {errors[0]}")
    tmp.replace(png)
    return png
