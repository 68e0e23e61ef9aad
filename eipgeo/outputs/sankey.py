"""A park's waste flows as a Sankey diagram: generators → sector → class → pathway.

The HTML loads plotly.js from one local copy shared by every Sankey of a run
(``../plotly.min.js``, written beside the park folders), so each page stays
small and opens offline; it has an EN/VI switch (:mod:`eipgeo.outputs._catalogue`). A
park with no flows gets a page that says so, with no script at all. The PNG is rendered
with the machine's Chromium (``/usr/bin/chromium``) through Playwright with every request
that is not ``file://`` aborted; no library is ever allowed to download a browser.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from eipgeo._atomic import atomic_write_text
from eipgeo._errors import DataNotFoundError, InputReadError
from eipgeo.outputs import _chromium
from eipgeo.outputs._catalogue import pair
from eipgeo.outputs._map_text import script_json
from eipgeo.waste import reported_class

PLOTLY_ASSET = "plotly.min.js"
"""Where the shared plotly.js goes, relative to the folder that holds the park folders."""

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
    # the page's width (no fixed width: the report's frame is narrower than 1180 px)
    fig.update_layout(title_text=title, font_size=11, height=780, autosize=True)
    return fig


def vietnamese_labels(labels: list[str]) -> list[str]:
    """Return the Vietnamese of the node labels of :func:`sankey_links`.

    Parameters
    ----------
    labels
        Node labels: ``sector: …``, ``class: …``, ``pathway: …`` or a generator's name.

    Returns
    -------
    list of str
        The stage word, class and pathway from the catalogue; names and sector texts (data)
        as they are.
    """
    out = []
    for label in labels:
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


_PAGE = """<!DOCTYPE html>
<html lang="{lang}" data-eipgeo-lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font: 13px system-ui, sans-serif; margin: 0; color: #222; }}
.bar {{ padding: 4px 8px; text-align: right; }}
.bar button {{ font: 11px sans-serif; padding: 1px 6px; cursor: pointer; }}
.empty {{ margin: 3em auto; max-width: 40em; font-size: 16px; text-align: center; }}
[data-eipgeo-lang="en"] .eipgeo-vi, [data-eipgeo-lang="vi"] .eipgeo-en {{ display: none; }}
</style>
{script}
</head><body>
<div class="bar"><button type="button" onclick="eipgeoSetLang('en')">EN</button>
<button type="button" onclick="eipgeoSetLang('vi')">VI</button></div>
{body}
</body></html>
"""

_SWITCH_ONLY = """<script>
function eipgeoSetLang(lang) {
  document.documentElement.setAttribute("data-eipgeo-lang", lang);
  document.documentElement.lang = lang;
}
</script>"""

_PLOT = """<div id="sankey" style="width:100%;height:780px"></div>
<script>
var eipgeoFig = {figure}, eipgeoText = {text};
function eipgeoSetLang(lang) {{
  document.documentElement.setAttribute("data-eipgeo-lang", lang);
  document.documentElement.lang = lang;
  var t = eipgeoText[lang], gd = document.getElementById("sankey");
  if (!gd.data) return;
  Plotly.restyle(gd, {{"node.label": [t.labels], "valuesuffix": t.suffix}});
  Plotly.relayout(gd, {{"title.text": t.title, "separators": t.separators}});
}}
Plotly.newPlot("sankey", eipgeoFig.data, eipgeoFig.layout, {{responsive: true}}).then(function () {{
  eipgeoSetLang(document.documentElement.getAttribute("data-eipgeo-lang"));
}});
</script>"""


def write_sankey_html(
    fig: go.Figure, path: Path, *, title_vi: str | None = None, lang: str = "en"
) -> Path:
    """Write the figure as an offline HTML page with an EN/VI switch, atomically.

    plotly.js is written once to ``path.parent.parent / "plotly.min.js"`` (shared
    by every park folder beside ``path.parent``) and loaded from there. A figure with no
    nodes gives a page holding its title and the reason (its annotation), with no plot and
    no plotly.js (only the language switch).

    Parameters
    ----------
    fig
        The Sankey figure; its title (else ``Waste flows``) becomes the page title.
    path
        HTML file written (replaced if it exists; its folder is created if missing).
    title_vi
        The title in Vietnamese; None: the English title.
    lang
        ``en`` (default) or ``vi``: the language the page opens in.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    title = str(fig.layout.title.text or "Waste flows")
    title_vi = title_vi or title
    sankey = fig.data[0] if fig.data else None
    labels = list(sankey.node.label or []) if sankey is not None else []
    both = (
        f'<span class="eipgeo-en">{html.escape(title)}</span>'
        f'<span class="eipgeo-vi">{html.escape(title_vi)}</span>'
    )
    if not labels:
        notes = [str(a.text) for a in fig.layout.annotations or []]
        reason_en = " ".join(notes) or pair("sankey_no_flows")[0]
        body = (
            f"<h2 class='empty'>{both}</h2><p class='empty'>"
            f'<span class="eipgeo-en">{html.escape(reason_en)}</span>'
            f'<span class="eipgeo-vi">{html.escape(pair("sankey_no_flows")[1])}</span></p>'
        )
        page = _PAGE.format(lang=lang, title=html.escape(title), script=_SWITCH_ONLY, body=body)
        atomic_write_text(path, page)
        return path
    asset = path.parent.parent / PLOTLY_ASSET
    js = get_plotlyjs()
    if not asset.is_file() or asset.stat().st_size != len(js.encode("utf-8")):
        atomic_write_text(asset, js)
    unit_en, unit_vi = pair("unit.t_yr")
    text = {
        "en": {"labels": labels, "title": title, "suffix": f" {unit_en}", "separators": ".,"},
        "vi": {
            "labels": vietnamese_labels(labels),
            "title": title_vi,
            "suffix": f" {unit_vi}",
            "separators": ",.",
        },
    }
    figure = json.loads(fig.to_json())
    body = _PLOT.format(figure=script_json(figure), text=script_json(text))
    script = f'<script src="../{PLOTLY_ASSET}"></script>'
    page = _PAGE.format(lang=lang, title=html.escape(title), script=script, body=body)
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
