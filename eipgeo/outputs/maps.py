"""Interactive HTML maps: a job's map, a map of any enterprise table, and their writer.

Maps are folium (Leaflet) maps made self-contained by :mod:`eipgeo.outputs._offline`: they open
with no internet. Tiles are off by default; context layers (streets or trunk roads,
communes, park outline) stand in for them, and ``tiles="osm"`` adds OpenStreetMap tiles
and a minimap for online use.

Layers a planner can switch: park boundary, enterprises coloured by sector, waste
bubbles (area ~ t/yr), depot and facilities, one layer per route (one colour per
vehicle, direction arrows, popup with its figures), flagged sites with their reasons,
and the context layers. Panels: legend (categories, sizes, fast-mode note), key figures,
and an English/Vietnamese switch; controls: scale bar, fullscreen, measure.

Safety: every text from data reaches the page either escaped (:func:`html.escape`) or
through ``textContent`` in the browser (:mod:`eipgeo.outputs._map_elements`), and all embedded
JSON is strict and ``<``-escaped (:func:`eipgeo.outputs._map_text.script_json`).

Coordinates: every frame is reprojected to EPSG:4326 in :func:`_wgs84` only, and the
``(lon, lat)`` → ``[lat, lon]`` swap Leaflet wants happens in :func:`_latlon` only.

Each drawn feature carries a CSS class that tests and users can query:
``eipgeo-source``, ``eipgeo-bubble``, ``eipgeo-depot``, ``eipgeo-facility``,
``eipgeo-route``, ``eipgeo-flagged``, ``eipgeo-boundary``, ``eipgeo-context`` and
``eipgeo-commune``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from folium import plugins
from folium.folium import _default_css, _default_js

from eipgeo._atomic import atomic_write_text
from eipgeo._errors import DataNotFoundError, Problem, UsageError, ValidationError
from eipgeo.data import data_file
from eipgeo.jobs.result import JobResult
from eipgeo.outputs import _offline
from eipgeo.outputs._catalogue import number, pair
from eipgeo.outputs._map_elements import (
    FAST_LIMIT,
    Attribution,
    BoundPopup,
    FitButtons,
    LabelPlacement,
    Panel,
    PointData,
    PointLayer,
    head_element,
)
from eipgeo.outputs._map_text import (
    LABELS,
    LANGS,
    SECTOR_COLOURS,
    SECTORS,
    UNKNOWN_VALUE,
    both,
    plain,
    present,
    sector_index,
    t,
    text,
)
from eipgeo.outputs.exchange_layer import exchange_legend, map_candidates, map_symbiosis
from eipgeo.symbiosis.names import material_name
from eipgeo.symbiosis.plan import candidates_to_investigate

OSM_ATTRIBUTION = "© OpenStreetMap contributors"
ROUTE_COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"]
HAZARDOUS_COLOUR = "#b30000"
ESTIMATE_DASH = "8 6"
MAX_ZOOM = 19
TILES = ("none", "osm")
COMMUNES_FILE = "admin/vn_communes_4_provinces.geojson"
PROVINCES_FILE = "admin/vn_provinces_34.geojson"
BUBBLE_MAX_RADIUS_PX = 22.0
FIT_PADDING_TOP_LEFT = (270, 30)
"""Pixels kept clear by the first view's fit, left and top (the legend sits bottom left)."""
FIT_PADDING_BOTTOM_RIGHT = (340, 30)
"""Pixels kept clear by the first view's fit, right and bottom (key figures and layers)."""


# --------------------------------------------------------------------------------------
# Coordinates: the one reprojection and the one swap
# --------------------------------------------------------------------------------------


def _wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``frame`` in EPSG:4326 (the only reprojection the maps do)."""
    if frame.crs is None or frame.crs.to_epsg() == 4326:
        return frame
    return frame.to_crs(4326)


def _latlon(coords: Iterable[Sequence[float]]) -> list[list[float]]:
    """Turn ``(lon, lat)`` into Leaflet's ``[lat, lon]`` (the one place that swaps)."""
    return [[round(float(c[1]), 7), round(float(c[0]), 7)] for c in coords]


def _bounds(lats: Iterable[float], lons: Iterable[float]) -> list[list[float]] | None:
    la, lo = list(lats), list(lons)
    if not la:
        return None
    return [[min(la), min(lo)], [max(la), max(lo)]]


# --------------------------------------------------------------------------------------
# The base map and its panels
# --------------------------------------------------------------------------------------


def _check_options(tiles: str, lang: str) -> None:
    if tiles not in TILES:
        raise UsageError(
            f"tiles={tiles!r} is not one of {', '.join(TILES)}; use 'none' "
            "(offline, default) or 'osm'"
        )
    if lang not in LANGS:
        raise UsageError(f"lang={lang!r} is not one of {', '.join(LANGS)}; use 'vi' or 'en'")


def base_map(bounds: list[list[float]], *, tiles: str = "none", lang: str = "en") -> folium.Map:
    """Return an empty map fitted to ``bounds`` with the controls every eipgeo map has.

    Parameters
    ----------
    bounds
        ``[[south, west], [north, east]]`` in EPSG:4326 degrees.
    tiles
        ``none`` (default, offline) or ``osm``.
    lang
        ``en`` or ``vi``: the language shown first (the map has a switch).

    Returns
    -------
    folium.Map
        Its ``location`` is the centre of ``bounds``.

    Raises
    ------
    UsageError
        ``tiles`` or ``lang`` is not a known value.
    """
    _check_options(tiles, lang)
    (s, w), (n, e) = bounds
    centre = [round((s + n) / 2, 7), round((w + e) / 2, 7)]
    m = folium.Map(
        location=centre, zoom_start=14, tiles=None, max_zoom=MAX_ZOOM, control_scale=True
    )
    # Leaflet, and jQuery for folium's own Popup/Html (other modules add those to our
    # maps); folium's Bootstrap, Font Awesome and awesome-markers (about 1.1 MB inlined)
    # are used by no eipgeo layer.
    m.default_js = [js for js in _default_js if js[0] in ("leaflet", "jquery")]
    m.default_css = [css for css in _default_css if css[0] == "leaflet_css"]
    # folium passes max_zoom to the tile layer only; with no tiles Leaflet's limit would be
    # Infinity (a one-point fit then zooms to infinity), so set it on the map itself.
    m.options["maxZoom"] = MAX_ZOOM
    m.get_root().header.add_child(head_element(lang))  # type: ignore[attr-defined]
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", max_zoom=MAX_ZOOM, control=False).add_to(m)
        plugins.MiniMap(toggle_display=True, position="bottomright").add_to(m)
    else:  # the OSM tile layer carries its own attribution
        Attribution(OSM_ATTRIBUTION).add_to(m)
    plugins.Fullscreen(position="topleft").add_to(m)
    plugins.MeasureControl(
        position="topleft",
        primary_length_unit="meters",
        secondary_length_unit="kilometers",
        primary_area_unit="hectares",
    ).add_to(m)
    if s == n and w == e:  # one point: a fit would zoom to maxZoom
        m.options["zoom"] = 16
    else:
        # clear of the panels: the legend on the left, key figures and layers on the right
        m.fit_bounds(
            bounds,
            max_zoom=16,
            padding_top_left=FIT_PADDING_TOP_LEFT,
            padding_bottom_right=FIT_PADDING_BOTTOM_RIGHT,
        )
        # the first view is set at once, not animated, so a click right after load lands
        fit = [c for c in m._children.values() if isinstance(c, folium.FitBounds)][-1]
        fit.options["animate"] = False
    return m


def _finish(
    m: folium.Map,
    legend_html: str,
    kpi_rows: Sequence[tuple[str, str | Bilingual]],
    title: str,
    lang: str,
) -> None:
    switch = lang_switch()
    cells = "".join(
        f"<tr><th>{t(k)}</th><td>{v.html() if isinstance(v, Bilingual) else html.escape(v)}"
        "</td></tr>"
        for k, v in kpi_rows
    )
    kpi = (
        f"<b>{html.escape(title)}</b> <span style='float:right'>{switch}</span>"
        f"<div style='margin-top:3px'>{t('kpi')}</div><table>{cells}</table>"
    )
    Panel(kpi, position="topright", css_class="eipgeo-kpi").add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    Panel(legend_html, position="bottomleft", css_class="eipgeo-legend").add_to(m)


def lang_switch() -> str:
    """Return the EN/VI buttons of a map (they call the page's ``eipgeoSetLang``)."""
    return "".join(
        f"<button type='button' class='eipgeo-lang-{code}' "
        f"onclick=\"eipgeoSetLang('{code}')\">{code.upper()}</button>"
        for code in LANGS
    )


def _legend(
    sector_counts: dict[int, int], t_max: float | None, n_points: int, extra: Sequence[str] = ()
) -> str:
    parts = [f"<b>{t('legend')}</b><br>"]
    for i, count in sorted(sector_counts.items()):
        _, en, vi, _, _ = SECTORS[i]
        parts.append(
            f"<span class='eipgeo-swatch' style='background:{SECTOR_COLOURS[i]}'>"
            f"</span>{both(en, vi)} ({count:,})<br>"
        )
    if t_max:
        sizes = []
        for frac in (1.0, 0.25):
            r = BUBBLE_MAX_RADIUS_PX * frac**0.5
            sizes.append(
                f"<svg width='{2 * r + 2:.0f}' height='{2 * r + 2:.0f}' "
                f"style='vertical-align:middle'><circle cx='{r + 1:.1f}' "
                f"cy='{r + 1:.1f}' r='{r:.1f}' fill='#8888' stroke='#555'/></svg>"
                f" {_amount(t_max * frac, 1, 'unit.t_yr').html()} "
            )
        parts.append(f"{t('bubbles')}:<br>{''.join(sizes)}<br>")
    parts.extend(extra)
    if n_points > FAST_LIMIT:
        en, vi = (s.format(n=n_points, limit=FAST_LIMIT) for s in _fast_note())
        parts.append(f"<i class='eipgeo-fast'>{both(en, vi)}</i><br>")
    return "".join(parts)


def _fast_note() -> tuple[str, str]:
    en, vi = LABELS["fast_mode"]
    return str(en), str(vi)


# --------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------


def _popup(title: str | Bilingual, rows: Sequence[tuple[str, object]]) -> BoundPopup:
    """Return a popup of our own HTML: keys are label keys, every data text escaped."""
    cells = "".join(
        f"<tr><th>{t(k)}</th><td>{v.html() if isinstance(v, Bilingual) else html.escape(text(v))}"
        "</td></tr>"
        for k, v in rows
    )
    head = title.html() if isinstance(title, Bilingual) else html.escape(title)
    body = f"<div class='eipgeo-popup'><b>{head}</b><table>{cells}</table></div>"
    return BoundPopup(body)


class Bilingual:
    """A text in English and Vietnamese, escaped and shown by the page's language switch.

    Parameters
    ----------
    en, vi
        The two texts (plain text: escaped when written).
    """

    def __init__(self, en: str, vi: str) -> None:
        self.en, self.vi = en, vi

    def html(self) -> str:
        """Return the two spans of :func:`eipgeo.outputs._map_text.both`."""
        return both(self.en, self.vi)


def _amount(value: float, decimals: int, unit: str) -> Bilingual:
    """Return ``value`` and its unit per language (``1,234.5 t/yr`` / ``1.234,5 t/năm``)."""
    (en, vi), (u_en, u_vi) = number(value, decimals), pair(unit)
    return Bilingual(f"{en} {u_en}", f"{vi} {u_vi}")


def route_label(route_id: str) -> Bilingual:
    """Return a route's name for people: ``hazardous-1`` → "hazardous waste, truck 1".

    Parameters
    ----------
    route_id
        ``<group>-<number>`` as the routing writes it.

    Returns
    -------
    Bilingual
        The group from the catalogue (its key as is when unknown) and the truck number.
    """
    group, _, seq = str(route_id).rpartition("-")
    if not group or not seq.isdigit():
        return Bilingual(str(route_id), str(route_id))
    (g_en, g_vi), (tr_en, tr_vi) = pair(f"group.{group}", group), pair("truck")
    return Bilingual(f"{g_en}, {tr_en} {seq}", f"{g_vi}, {tr_vi} {seq}")


def route_colour(index: int, route_id: str) -> str:
    """Return the colour of a route as the park map draws it (the layout app draws it so too).

    Parameters
    ----------
    index
        The route's place among the job's route ids, sorted.
    route_id
        ``<group>-<number>``; a ``hazardous`` route is drawn in :data:`HAZARDOUS_COLOUR`.

    Returns
    -------
    str
        A CSS colour: :data:`HAZARDOUS_COLOUR`, else :data:`ROUTE_COLOURS` in turn.
    """
    if str(route_id).startswith("hazardous"):
        return HAZARDOUS_COLOUR
    return ROUTE_COLOURS[index % len(ROUTE_COLOURS)]


def add_context(m: folium.Map, lines: gpd.GeoDataFrame | None, *, streets: bool) -> None:
    """Grey context lines (streets or trunk roads), class ``eipgeo-context``.

    Parameters
    ----------
    m
        The map the layer is added to (in place).
    lines
        Road lines in any declared CRS (drawn in EPSG:4326; a frame without a CRS is taken
        as EPSG:4326). ``None`` or empty: nothing is drawn.
    streets
        True names the layer after streets, False after trunk roads.
    """
    if lines is None or lines.empty:
        return
    group = folium.FeatureGroup(name=t("streets" if streets else "trunk"), show=True)
    for geom in _wgs84(lines).geometry:
        for part in getattr(geom, "geoms", [geom]):
            folium.PolyLine(
                _latlon(part.coords),
                color="#9a9a9a",
                weight=2,
                opacity=0.8,
                class_name="eipgeo-context",
            ).add_to(group)
    group.add_to(m)


def add_communes(m: folium.Map, bounds: list[list[float]], *, margin_deg: float = 0.05) -> int:
    """Draw commune and ward outlines around ``bounds`` (class ``eipgeo-commune``).

    Returns how many were drawn: 0 when the data folder lacks the file.

    Parameters
    ----------
    m
        The map the layer is added to (in place).
    bounds
        ``[[south, west], [north, east]]`` of the view, EPSG:4326 degrees.
    margin_deg
        Margin added on every side of ``bounds`` before the communes are read and
        clipped, degrees; default 0.05.

    Returns
    -------
    int
        Number of communes and wards read within the widened bounds.
    """
    try:
        path = data_file(COMMUNES_FILE)
    except DataNotFoundError:
        return 0
    (s, w), (n, e) = bounds
    bbox = (w - margin_deg, s - margin_deg, e + margin_deg, n + margin_deg)
    communes = _wgs84(gpd.read_file(path, bbox=bbox))
    if communes.empty:
        return 0
    # Outlines as lines clipped to the view (clipping polygons would draw the clip box),
    # simplified to about 20 m: context only, and small HTML.
    lines = communes.set_geometry(communes.geometry.boundary.simplify(0.0002))
    lines = gpd.clip(lines, bbox)
    lines = lines[~lines.geometry.is_empty & lines.geometry.notna()]
    name_col = next((c for c in ("name", "ten", "NAME") if c in lines.columns), None)
    group = folium.FeatureGroup(name=t("communes"), show=True)
    for _, row in lines.iterrows():
        label = html.escape(text(row[name_col])) if name_col else None
        for part in getattr(row.geometry, "geoms", [row.geometry]):
            if part.geom_type not in ("LineString", "LinearRing"):
                continue
            folium.PolyLine(
                _latlon(part.coords),
                color="#b0a0c8",
                weight=1,
                dash_array="3 4",
                class_name="eipgeo-commune",
                tooltip=label,
            ).add_to(group)
    group.add_to(m)
    return len(communes)


def add_provinces(m: folium.Map, *, simplify_deg: float = 0.003) -> int:
    """Draw the country's and provinces' outlines with bilingual province labels.

    Parameters
    ----------
    m
        The map the layer is added to (in place).
    simplify_deg
        Simplification tolerance of the outlines, degrees (0.003, about 300 m: context).

    Returns
    -------
    int
        Number of provinces drawn; 0 when the data folder lacks the file.
    """
    try:
        path = data_file(PROVINCES_FILE)
    except DataNotFoundError:
        return 0
    provinces = _wgs84(gpd.read_file(path))
    if provinces.empty:
        return 0
    group = folium.FeatureGroup(name=t("provinces"), show=True)
    country = provinces.geometry.union_all().boundary.simplify(simplify_deg)
    outlines = [
        (provinces.geometry.boundary.simplify(simplify_deg), "#9b8fc0", 1),
        (gpd.GeoSeries([country], crs=4326), "#444444", 2),
    ]
    for lines, colour, weight in outlines:
        for geom in lines:
            for part in getattr(geom, "geoms", [geom]):
                line = folium.PolyLine(
                    _latlon(part.coords), color=colour, weight=weight, class_name="eipgeo-province"
                )
                line.options["interactive"] = False
                line.add_to(group)
    for _, row in provinces.iterrows():
        at = row.geometry.representative_point()
        label = both(str(row.get("name_en") or ""), str(row.get("name_vi") or ""))
        folium.Marker(
            [at.y, at.x],
            icon=folium.DivIcon(
                html=label,
                icon_size=(110, 14),
                icon_anchor=(55, 7),
                class_name="eipgeo-province-label",
            ),
            interactive=False,
        ).add_to(group)
    group.add_to(m)
    return len(provinces)


def add_boundary(m: folium.Map, boundary: gpd.GeoDataFrame | None) -> None:
    """Park outline(s), class ``eipgeo-boundary``.

    Parameters
    ----------
    m
        The map the layer is added to (in place).
    boundary
        Park polygons in any declared CRS (drawn in EPSG:4326; a frame without a CRS is
        taken as EPSG:4326). ``None`` or empty: nothing is drawn.
    """
    if boundary is None or boundary.empty:
        return
    group = folium.FeatureGroup(name=t("boundary"))
    for geom in _wgs84(boundary).geometry:
        for poly in getattr(geom, "geoms", [geom]):
            outline = folium.Polygon(
                _latlon(poly.exterior.coords),
                color="#333333",
                weight=2,
                fill=True,
                fill_opacity=0.04,
                class_name="eipgeo-boundary",
            )
            # folium drops ``interactive`` from a path's options: set it on the options
            # themselves, so the park's area never catches a click meant for a firm
            outline.options["interactive"] = False
            outline.add_to(group)
    group.add_to(m)


def add_points(
    m: folium.Map, points: list[list[Any]], keys: list[str], *, bubbles: bool = True
) -> None:
    """Enterprises coloured by sector (``eipgeo-source``) and waste bubbles (``eipgeo-bubble``).

    Parameters
    ----------
    m
        The map the layer is added to (in place).
    points
        ``[lat, lon, sector_index, waste_t_per_yr, title, values, extra_rows]`` per point
        (EPSG:4326), see :class:`eipgeo.outputs._map_elements.PointData`.
    keys
        Popup labels of ``values``.
    bubbles
        Add the waste-bubble layer (hidden at first) when some point has t/yr > 0.
    """
    data = PointData(points, keys=keys, sectors=[[en, vi] for _, en, vi, _, _ in SECTORS])
    data.add_to(m)
    if bubbles and any((p[3] or 0) > 0 for p in points):
        PointLayer(
            data,
            name=t("bubbles"),
            colours=SECTOR_COLOURS,
            css_class="eipgeo-bubble",
            radius_px=None,
            max_radius_px=BUBBLE_MAX_RADIUS_PX,
            fill_opacity=0.35,
            show=False,
        ).add_to(m)
    PointLayer(
        data,
        name=t("sources"),
        colours=SECTOR_COLOURS,
        css_class="eipgeo-source",
        radius_px=6.0 if len(points) <= FAST_LIMIT else 3.0,
    ).add_to(m)


def add_flagged(
    m: folium.Map, flagged: Sequence[tuple[float, float, str, str | Bilingual]]
) -> None:
    """Rings around flagged sites (class ``eipgeo-flagged``): ``(lat, lon, title, reason)``.

    Parameters
    ----------
    m
        The map the layer is added to (in place).
    flagged
        One ``(lat, lon, title, reason)`` per site, EPSG:4326 degrees; empty: nothing is
        drawn.
    """
    if not flagged:
        return
    group = folium.FeatureGroup(name=t("flagged"))
    for lat, lon, title, reason in flagged:
        marker = folium.CircleMarker(
            [lat, lon],
            radius=11,
            color="#e00000",
            weight=2,
            fill=False,
            dash_array="4 3",
            class_name="eipgeo-flagged",
            tooltip=html.escape(title),
        ).add_to(group)
        _popup(title, [("reason", reason)]).add_to(marker)
    group.add_to(m)


def add_facilities(m: folium.Map, depots: pd.DataFrame, facilities: pd.DataFrame) -> None:
    """Depot (gold disc, ``eipgeo-depot``) and facilities (green square, ``eipgeo-facility``).

    Parameters
    ----------
    m
        The map the layer is added to (in place).
    depots
        Depot sites with ``lat``, ``lon`` (EPSG:4326 degrees), ``name``, ``site_id`` and
        ``location_quality``.
    facilities
        Facilities with ``lat``, ``lon`` (EPSG:4326 degrees) and ``name``; ``id``,
        ``kind``, ``accepts``, ``status``, ``location_quality`` and ``source_url`` are
        shown in the popup when present.
    """
    group = folium.FeatureGroup(name=t("facilities"))
    for _, depot in depots.iterrows():
        marker = folium.CircleMarker(
            [float(depot.lat), float(depot.lon)],
            radius=9,
            color="#000000",
            fill=True,
            fill_color="#ffd700",
            fill_opacity=1,
            weight=2,
            class_name="eipgeo-depot",
            tooltip=html.escape(str(depot["name"])),
        ).add_to(group)
        _popup(
            str(depot["name"]), [("id", depot.site_id), ("location", depot.location_quality)]
        ).add_to(marker)
    for _, fac in facilities.iterrows():
        rows = [
            ("id", fac.get("id")),
            ("kind", fac.get("kind")),
            ("accepts", fac.get("accepts")),
            ("status", fac.get("status")),
            ("location", fac.get("location_quality")),
            ("source", fac.get("source_url")),
        ]
        marker = folium.Marker(  # a plain square DivIcon: no icon font, no extra plugin
            [float(fac.lat), float(fac.lon)],
            icon=folium.DivIcon(
                html="", icon_size=(16, 16), icon_anchor=(8, 8), class_name="eipgeo-facility"
            ),
            tooltip=html.escape(str(fac["name"])),
        ).add_to(group)
        _popup(str(fac["name"]), rows).add_to(marker)
    group.add_to(m)


def _route_rows(result: JobResult, route_id: str, legs: pd.DataFrame) -> list[tuple[str, object]]:
    group, _, seq = str(route_id).rpartition("-")
    plan = result.plans.get(group)
    rows: list[tuple[str, object]] = [
        ("distance", _amount(legs.distance_m.sum() / 1000, 2, "unit.km")),
        ("stops", str(max(0, legs.to_id.nunique() - 1))),
    ]
    if plan is not None and seq.isdigit() and int(seq) - 1 < len(plan.routes):
        route = plan.routes[int(seq) - 1]
        rows += [
            ("vehicle", str(route.vehicle_type)),
            ("load", _amount(route.load_kg, 0, "unit.kg_day")),
        ]
    table = result.route_table
    timed = table[table.route_id == route_id] if "start" in table.columns else table.iloc[0:0]
    if len(timed) and str(timed.start.iloc[0]):  # clock times from the depot's opening
        rows.append(("route_hours", f"{timed.start.iloc[0]}–{timed.end.iloc[0]}"))
    by_source = legs.groupby("source").distance_m.sum()
    for src, d in by_source.items():
        en, vi = pair(f"dsource.{src}", str(src))
        km_en, km_vi = number(d / 1000, 2)
        rows.append(("source", Bilingual(f"{en}: {km_en} km", f"{vi}: {km_vi} km")))
    return rows


def add_routes(m: folium.Map, result: JobResult) -> list[tuple[str, str]]:
    """Draw one layer per route (``eipgeo-route``), with arrows and a popup of its figures.

    Legs are solid on road data and dashed where the distance is estimated.

    Parameters
    ----------
    m
        The map the layer is added to (in place).
    result
        Output of :func:`eipgeo.jobs.run_park`; its ``legs`` (``coords`` in EPSG:4326
        ``(lon, lat)``, ``distance_m`` in m) are drawn, grouped by ``route_id``.

    Returns
    -------
    list of tuple of str
        ``(colour, legend_html)`` per route drawn: its group and truck, vehicle and km.
    """
    drawn = []
    for i, (route_id, legs) in enumerate(result.legs.groupby("route_id", sort=True)):
        colour = route_colour(i, str(route_id))
        label = route_label(str(route_id))
        km = _amount(legs.distance_m.sum() / 1000, 1, "unit.km")
        rows = _route_rows(result, str(route_id), legs)
        vehicle = next((str(v) for k, v in rows if k == "vehicle"), "")
        name = f"{t('route')}: {label.html()} ({km.html()})"
        group = folium.FeatureGroup(name=name)
        _popup(label, rows).add_to(group)
        for _, leg in legs.iterrows():
            estimate = leg.source == "estimate_circuity"
            src_en, src_vi = pair(f"dsource.{leg.source}", str(leg.source))
            d_en, d_vi = number(leg.distance_m / 1000, 2)
            ids = html.escape(f"{leg.from_id} → {leg.to_id}")
            line = folium.PolyLine(
                _latlon(leg.coords),
                color=colour,
                weight=4 if leg.kind == "collection" else 3,
                opacity=0.85,
                dash_array=ESTIMATE_DASH if estimate else None,
                class_name="eipgeo-route",
                tooltip=f"{label.html()}: {ids}, "
                + both(f"{d_en} km ({src_en})", f"{d_vi} km ({src_vi})"),
            ).add_to(group)
            plugins.PolyLineTextPath(
                line,
                "   ►   ",
                repeat=True,
                offset=4,
                attributes={"fill": colour, "font-size": "11", "class": "eipgeo-arrow"},
            ).add_to(group)
        group.add_to(m)
        extra = f", {html.escape(vehicle)}" if vehicle else ""
        drawn.append((colour, f"{label.html()}{extra}, {km.html()}"))
    return drawn


# --------------------------------------------------------------------------------------
# A job's map
# --------------------------------------------------------------------------------------


_JOB_KEYS = ["id", "type", "waste", "location", "employees", "routing"]


def _job_points(result: JobResult) -> list[list[Any]]:
    clients = result.sites[result.sites.role == "client"]
    streams = {sid: g for sid, g in result.streams.groupby("site_id")}
    points = []
    for _, site in clients.iterrows():
        sector = sector_index(site.get("isic4_class"), site.get("sector"), site.get("source_type"))
        extra = [
            [
                list(material_name(str(s.stream), str(s.get("waste_code", "") or ""))),
                _stream_value(s),
            ]
            for _, s in streams.get(site.site_id, pd.DataFrame()).iterrows()
        ]
        employees = None
        if present(site.get("employees_quality")):
            n_en, n_vi = number(float(site.employees), 0)
            quality = str(site.employees_quality)
            q_en, q_vi = pair(
                "employees.reported" if quality == "reported" else "employees.estimated"
            )
            employees = [f"{n_en} ({q_en})", f"{n_vi} ({q_vi})"]
        values = [
            plain(site.site_id),
            plain(site.get("sector_text", site.get("source_type"))),
            _basis_label(streams.get(site.site_id)),
            list(pair(f"loc.{site.location_quality}", text(site.location_quality))),
            employees,
            None if site.routed else list(pair("excluded_short")),
        ]
        points.append(
            [
                round(float(site.lat), 6),
                round(float(site.lon), 6),
                sector,
                round(float(site.waste_t_per_yr), 3),
                text(site["name"]),
                values,
                extra,
            ]
        )
    return points


def _basis_label(streams: pd.DataFrame | None) -> list[str]:
    """Say what a site's tonnage rests on (``[English, Vietnamese]``), by its rows' basis."""
    if streams is None or streams.empty:
        return list(pair("estimated_from_coefficients"))
    bases = set(streams["basis"].astype(str))
    stated = [pair(f"basis_label.{b}") for b in ("measured", "declared") if b in bases]
    if not stated:
        return list(pair("estimated_from_coefficients"))
    rest = pair("basis_label.rest") if "estimated" in bases else ("", "")
    en = " + ".join(x[0] for x in stated) + (f"; {rest[0]}" if rest[0] else "")
    vi = " + ".join(x[1] for x in stated) + (f"; {rest[1]}" if rest[1] else "")
    return [en, vi]


def _stream_value(s: pd.Series) -> list[str]:
    """``[English, Vietnamese]`` of a stream's popup value: t/yr, class, basis and status."""
    amount = _amount(float(s.waste_t_per_yr), 2, "unit.t_yr")
    parts = [
        pair(f"class.{s.waste_class}", str(s.waste_class)),
        pair(f"basis.{s.basis}", str(s.basis)),
        pair(f"status.{s.status}", str(s.status)),
    ]
    en = f"{amount.en} ({parts[0][0]}; {parts[1][0]}, {parts[2][0]})"
    vi = f"{amount.vi} ({parts[0][1]}; {parts[1][1]}, {parts[2][1]})"
    return [en, vi]


_OUTSIDE = pair("outside_boundary")
_NOT_ROUTED = pair("not_routed")


def flag_reasons(result: JobResult) -> dict[str, list[tuple[str, str]]]:
    """Return why each flagged client site is flagged: ``site_id`` → ``[(English, Vietnamese)]``.

    A site is flagged when an error names it, when it lies outside the park boundary
    (buffered by 1e-4°, about 11 m) or when it is left out of routing; the map rings it.

    Parameters
    ----------
    result
        The job's result (its problems, boundary and sites).

    Returns
    -------
    dict
        Only flagged sites, each with its reasons in the order found.
    """
    reasons: dict[str, list[tuple[str, str]]] = {}
    clients = result.sites[result.sites.role == "client"]
    for p in result.problems:
        if p.severity != "error":  # warnings (e.g. two sites on one road node) stay in the tables
            continue
        for sid in clients.site_id:
            if p.value == sid or (isinstance(p.message, str) and str(sid) in p.message):
                reasons.setdefault(str(sid), []).append((p.message, p.message))
    if result.boundary is not None and not result.boundary.empty:
        area = _wgs84(result.boundary).union_all().buffer(1e-4)
        pts = gpd.points_from_xy(clients.lon, clients.lat, crs=4326)
        for sid, inside in zip(clients.site_id, pts.within(area), strict=True):
            if not inside:
                reasons.setdefault(str(sid), []).append(_OUTSIDE)
    for sid in clients.site_id[~clients.routed.astype(bool)]:
        reasons.setdefault(str(sid), []).append(_NOT_ROUTED)
    return reasons


def _job_flagged(result: JobResult) -> list[tuple[float, float, str, str | Bilingual]]:
    """Sites left out of routing or outside the park boundary, with the reasons."""
    reasons = flag_reasons(result)
    clients = result.sites[result.sites.role == "client"]
    out: list[tuple[float, float, str, str | Bilingual]] = []
    for _, site in clients[clients.site_id.astype(str).isin(reasons)].iterrows():
        out.append(
            (
                float(site.lat),
                float(site.lon),
                text(site["name"]),
                Bilingual(
                    "; ".join(dict.fromkeys(en for en, _ in reasons[str(site.site_id)])),
                    "; ".join(dict.fromkeys(vi for _, vi in reasons[str(site.site_id)])),
                ),
            )
        )
    return out


def _job_kpis(result: JobResult, n_flagged: int) -> list[tuple[str, str | Bilingual]]:
    summary = dict(zip(result.summary.get("key", []), result.summary.get("value", []), strict=True))
    rows: list[tuple[str, str | Bilingual]] = [
        ("points_mapped", _n(int((result.sites.role == "client").sum()))),
        ("total_t_yr", _mapped_total(result)),
        ("routes", _n(result.legs.route_id.nunique())),
        ("route_km", _n(result.legs.distance_m.sum() / 1000, 1)),
        ("flagged", _n(n_flagged)),
    ]
    if "sources_excluded" in summary:
        rows.append(("sources_excluded", text(summary["sources_excluded"])))
    if {"waste_t_per_yr.park_total", "waste_t_per_yr.park_total_low"} <= set(summary):
        values = [summary[f"waste_t_per_yr.park_total{k}"] for k in ("", "_low", "_high")]
        if any(pd.isna(v) or str(v).strip() == "" for v in values):
            rows.insert(2, ("park_total_t_yr", UNKNOWN_VALUE))
            return rows
        central, low, high = (float(v) for v in values)
        (c_en, c_vi), (l_en, l_vi), (h_en, h_vi) = (number(v) for v in (central, low, high))
        rows.insert(
            2,
            ("park_total_t_yr", Bilingual(f"{c_en} ({l_en}-{h_en})", f"{c_vi} ({l_vi}-{h_vi})")),
        )
    return rows


def _mapped_total(result: JobResult) -> str | Bilingual:
    """t/yr of the mapped sites, or :data:`UNKNOWN_VALUE` for a park with no source."""
    if not (result.sites.role == "client").any():
        return UNKNOWN_VALUE
    return _n(float(result.sites.waste_t_per_yr.sum()), 1)


def _n(value: float, decimals: int = 0) -> Bilingual:
    """Return a number formatted for each language (``1,234.5`` / ``1.234,5``)."""
    return Bilingual(*number(float(value), decimals))


def map_job(result: JobResult, *, tiles: str = "none", lang: str = "en") -> folium.Map:
    """Draw a job's map.

    Parameters
    ----------
    result
        Output of :func:`eipgeo.jobs.run_park` (sites, facilities and legs in EPSG:4326).
    tiles
        ``none`` (default; works offline) or ``osm`` (OpenStreetMap tiles and a minimap,
        needs the internet).
    lang
        ``en`` (default) or ``vi``: the language the map opens in.

    Returns
    -------
    folium.Map

    Raises
    ------
    UsageError
        ``tiles`` or ``lang`` is not a known value.
    """
    sites = result.sites
    bounds = _park_bounds(result)
    m = base_map(bounds, tiles=tiles, lang=lang)
    streets = result.context_lines is not None and "kind" in result.context_lines.columns
    if not streets and tiles == "none":
        add_communes(m, bounds)
    add_context(m, result.context_lines, streets=streets)
    add_boundary(m, result.boundary)
    drawn = add_routes(m, result)
    plan = result.symbiosis.plan
    if len(plan):  # the exchange plan as arcs (issue 8)
        map_symbiosis(plan).add_to(m)
    candidates = candidates_to_investigate(result.symbiosis)
    if len(candidates):  # candidates to investigate, dotted (issue 20)
        map_candidates(candidates).add_to(m)
    points = _job_points(result)
    add_points(m, points, _JOB_KEYS)
    flagged = _job_flagged(result)
    add_flagged(m, flagged)
    add_facilities(m, sites[sites.role == "depot"], result.facilities)
    _add_fit_buttons(m, bounds, result.facilities)
    legend_extra = [_route_legend(drawn), exchange_legend(plan), f"{t('data_sources')}<br>"]
    sectors = dict(Counter(int(p[2]) for p in points))
    t_max = max((p[3] for p in points), default=0.0)
    _finish(
        m,
        _legend(sectors, t_max, len(points), legend_extra),
        _job_kpis(result, len(flagged)),
        result.park.name,
        lang,
    )
    return m


def _add_fit_buttons(m: folium.Map, park: list[list[float]], facilities: pd.DataFrame) -> None:
    """Add "show facilities" / "back to the park" when facilities lie outside the first view."""
    (s, w), (n, e) = park
    lat, lon = facilities.lat.astype(float), facilities.lon.astype(float)
    if facilities.empty or bool(((lat >= s) & (lat <= n) & (lon >= w) & (lon <= e)).all()):
        return
    every = _bounds([s, n, *lat], [w, e, *lon])
    assert every is not None
    FitButtons([(t("show_facilities"), every), (t("show_park"), park)]).add_to(m)


def _short_name(name: str, limit: int = 30) -> str:
    """Return a park's name for a map label: before any bracket or colon, at most ``limit``."""
    short = name.split(" (", maxsplit=1)[0].split(":", maxsplit=1)[0].strip()
    return short if len(short) <= limit else short[: limit - 1].rstrip() + "…"


def _park_bounds(result: JobResult) -> list[list[float]]:
    """Return the first view: the park's sites (depot included) and boundary, no far facility.

    Facilities kilometres away are reached by the "show facilities" control.
    """
    lats, lons = list(result.sites.lat.astype(float)), list(result.sites.lon.astype(float))
    if result.boundary is not None and not result.boundary.empty:
        w, s, e, n = _wgs84(result.boundary).total_bounds
        lats += [float(s), float(n)]
        lons += [float(w), float(e)]
    if not lats:  # nothing in the park: the facilities are all there is
        lats, lons = list(result.facilities.lat), list(result.facilities.lon)
    return _bounds(lats, lons) or [[0.0, 0.0], [0.0, 0.0]]


def _route_legend(drawn: Sequence[tuple[str, str]]) -> str:
    """Legend of the points and lines drawn: depot, facilities, each route by colour."""
    routes = "".join(
        f"<span class='eipgeo-line' style='color:{colour}'>&#9473;&#9473;&#9658;</span> {label}<br>"
        for colour, label in drawn
    )
    return (
        f"<span style='color:#ffd700'>&#9679;</span> {t('depot')} &nbsp;"
        f"<span style='color:#2ca02c'>&#9632;</span> {t('facility')}<br>"
        + (f"<b>{t('routes_legend')}</b><br>{routes}" if drawn else "")
        + f"<span style='color:#555'>&#9473;&#9473;&#9658;</span> {t('road_leg')}<br>"
        f"<span style='color:#555'>&#9476;&#9476;&#9658;</span> {t('estimate_leg')}<br>"
        f"<span style='color:#e00000'>&#9711;</span> {t('flagged')}<br>"
        f"<span style='color:#666'>{t('estimate_note')}</span><br>"
    )


def map_overview(
    results: Sequence[JobResult], *, tiles: str = "none", lang: str = "en"
) -> folium.Map:
    """Draw many parks on one map: outlines, enterprises by sector, a marker per park.

    Each park's marker has its short name as a label, always shown: at every view a
    script (:class:`~eipgeo.outputs._map_elements.LabelPlacement`) moves each label to
    the first spot around its marker clear of the other labels, the markers and the
    map's panels, with a leader line to a label set further off.

    Parameters
    ----------
    results
        One :class:`~eipgeo.jobs.JobResult` per park (EPSG:4326 sites).
    tiles, lang
        As :func:`map_job`.

    Returns
    -------
    folium.Map

    Raises
    ------
    ValidationError
        ``results`` is empty or has no site at all.
    """
    sites = [r.sites for r in results if not r.sites.empty]
    if not sites:
        raise ValidationError("no park with sites to map; run at least one park first")
    every = pd.concat(sites)
    bounds = _bounds(every.lat, every.lon)
    assert bounds is not None
    m = base_map(bounds, tiles=tiles, lang=lang)
    if tiles == "none":
        add_provinces(m)
    points = [p for r in results for p in _job_points(r)]
    for r in results:
        add_boundary(m, r.boundary)
    add_points(m, points, _JOB_KEYS)
    group = folium.FeatureGroup(name=t("parks"))
    for r in results:
        clients = r.sites[r.sites.role == "client"]
        rows = [
            ("points_mapped", _n(len(clients))),
            ("total_t_yr", _mapped_total(r)),
            ("route_km", _n(r.legs.distance_m.sum() / 1000, 1)),
        ]
        marker = folium.Marker(
            [float(r.sites.lat.mean()), float(r.sites.lon.mean())],
            icon=folium.DivIcon(
                html="", icon_size=(14, 14), icon_anchor=(7, 7), class_name="eipgeo-park"
            ),
            tooltip=folium.Tooltip(  # short names; LabelPlacement moves them
                html.escape(_short_name(r.park.name)),
                permanent=True,
                direction="right",
                offset=(8, 0),
                className="eipgeo-park-label",
            ),
        ).add_to(group)
        slug = html.escape(r.park.slug)
        links = (
            f"<a href='{slug}.html'>{t('open_map')}</a> · "
            f"<a href='{slug}/report.html'>{t('open_report')}</a>"
        )
        body = _popup(r.park.name, rows).raw_html.replace("</table>", f"</table>{links}", 1)
        BoundPopup(body).add_to(marker)
    group.add_to(m)
    LabelPlacement("eipgeo-park-label").add_to(m)  # every label shown, none overlapping
    sectors = dict(Counter(int(p[2]) for p in points))
    t_max = max((p[3] for p in points), default=0.0)
    known = [r for r in results if (r.sites.role == "client").any()]
    kpis: list[tuple[str, str | Bilingual]] = [
        ("parks", _n(len(results))),
        ("points_mapped", _n(len(points))),
        ("total_t_yr", _n(sum(float(r.sites.waste_t_per_yr.sum()) for r in known), 1)),
    ]
    if len(known) < len(results):
        unknown = sorted(r.park.name for r in results if r not in known)
        kpis.append(("parks_unknown", f"{len(unknown)}: {', '.join(unknown)}"))
    _finish(m, _legend(sectors, t_max, len(points)), kpis, "eipgeo", lang)
    return m


# --------------------------------------------------------------------------------------
# A map of any enterprise table (``eipgeo map FILE``)
# --------------------------------------------------------------------------------------

_LAT = ("lat", "latitude", "vi_do", "y")
_LON = ("lon", "lng", "long", "longitude", "kinh_do", "x")
_QTY = ("qty_t_per_year", "waste_t_per_yr", "qty_t_per_yr", "waste_t_per_year", "waste_t")


def _column(frame: pd.DataFrame, names: Sequence[str]) -> str | None:
    lower = {str(c).strip().lower(): c for c in frame.columns}
    return next((str(lower[n]) for n in names if n in lower), None)


def _coordinate_problems(
    frame: pd.DataFrame, file: str, lat_col: str, lon_col: str
) -> tuple[pd.Series, list[Problem]]:
    """Check the raw coordinate numbers of every row; return a usable-row mask.

    NaN points are neither empty nor NA to geopandas, so the numbers themselves are checked.
    """
    lat = pd.to_numeric(frame[lat_col], errors="coerce")
    lon = pd.to_numeric(frame[lon_col], errors="coerce")
    problems, usable = [], []
    ids = frame[_column(frame, ("id", "site_id")) or frame.columns[0]]
    for i, (la, lo, ident) in enumerate(zip(lat, lon, ids, strict=True)):
        row = i + 2  # header is spreadsheet row 1
        where: dict[str, Any] = {
            "file": file,
            "row": row,
            "severity": "error",
            "value": text(ident),
        }
        missing = [c for c, v in ((lat_col, la), (lon_col, lo)) if pd.isna(v)]
        if missing:
            raw = frame.iloc[i][missing[0]]
            what = "blank" if not present(raw) else f"not a number ({text(raw)!r})"
            problems.append(
                Problem(
                    f"{text(ident)}: {' and '.join(missing)} {what}, so it is not mapped; fill in "
                    "decimal degrees (EPSG:4326)",
                    "missing_coordinates",
                    column=missing[0],
                    **where,
                )
            )
        elif la == 0 and lo == 0:
            problems.append(
                Problem(
                    f"{text(ident)}: (0, 0) is a placeholder, not a location, so it is not "
                    "mapped; give the site's real coordinates",
                    "placeholder_coordinates",
                    column=lat_col,
                    **where,
                )
            )
        elif not (-90 <= la <= 90 and -180 <= lo <= 180):
            problems.append(
                Problem(
                    f"{text(ident)}: ({la}, {lo}) is outside the range of degrees; check that "
                    "lat and lon are not swapped and are in EPSG:4326",
                    "coordinates_out_of_range",
                    column=lat_col,
                    **where,
                )
            )
        usable.append(
            not missing and not (la == 0 and lo == 0) and -90 <= la <= 90 and -180 <= lo <= 180
        )
    return pd.Series(usable, index=frame.index), problems


def points_from_table(
    frame: pd.DataFrame, *, file: str = "input"
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Return the mappable rows of an enterprise table, and a problem for every row left out.

    Parameters
    ----------
    frame
        One row per enterprise with ``lat``/``lon`` columns (EPSG:4326 degrees; also
        ``latitude``/``longitude``...), or a GeoDataFrame (reprojected to EPSG:4326).
    file
        Name used in the problems.

    Returns
    -------
    geopandas.GeoDataFrame
        The usable rows, EPSG:4326, with ``lat`` and ``lon`` columns.
    list of Problem
        One per row not mapped: missing lat/lon, placeholder (0, 0), out of range.

    Raises
    ------
    ValidationError
        No row has usable coordinates (the message says ``0 of N``), or there is no
        coordinate column.
    """
    if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in frame.columns:
        frame = _wgs84(frame)
        geom = frame.geometry
        frame = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        frame["lon"] = [g.x if g is not None and not g.is_empty else None for g in geom]
        frame["lat"] = [g.y if g is not None and not g.is_empty else None for g in geom]
    lat_col, lon_col = _column(frame, _LAT), _column(frame, _LON)
    if lat_col is None or lon_col is None:
        raise ValidationError(
            f"{file}: no latitude/longitude columns; add 'lat' and 'lon' in "
            "decimal degrees (EPSG:4326). Columns: "
            f"{', '.join(map(str, frame.columns))}"
        )
    usable, problems = _coordinate_problems(frame, file, lat_col, lon_col)
    if not usable.any():
        msg = (
            f"no enterprise in {file} has usable coordinates (0 of {len(frame)}); fill in "
            "lat and lon in decimal degrees (EPSG:4326)"
        )
        raise ValidationError(msg, [Problem(msg, "no_coordinates", file=file), *problems])
    good = frame[usable].copy()
    good["lat"] = pd.to_numeric(good[lat_col]).astype(float)
    good["lon"] = pd.to_numeric(good[lon_col]).astype(float)
    out = gpd.GeoDataFrame(good, geometry=gpd.points_from_xy(good.lon, good.lat), crs=4326)
    return out, problems


def _sectors(points: pd.DataFrame) -> list[int]:
    cols = [
        points.get(c, pd.Series(None, index=points.index)).tolist()
        for c in ("isic4_class", "sector", "source_type")
    ]
    cache: dict[tuple[str, str, str], int] = {}
    out = []
    for key in zip(*cols, strict=True):
        k = tuple(str(v) for v in key)
        if k not in cache:
            cache[k] = sector_index(*key)  # type: ignore[index]
        out.append(cache[k])  # type: ignore[index]
    return out


def _table_points(points: pd.DataFrame) -> tuple[list[list[Any]], list[str]]:
    """Points and popup keys of an enterprise table (columns in file order)."""
    id_col = _column(points, ("id", "site_id"))
    name_col = _column(points, ("name", "company", "ten")) or id_col
    qty_col = _column(points, _QTY)
    skip = {name_col, "lat", "lon", "geometry", *_LAT, *_LON}
    keys = [str(c) for c in points.columns if c not in skip]
    columns = [[plain(v) for v in points[c].tolist()] for c in keys]
    qty = (
        pd.to_numeric(points[qty_col], errors="coerce").tolist()
        if qty_col
        else [None] * len(points)
    )
    titles = [text(v) for v in points[name_col].tolist()] if name_col else [""] * len(points)
    if qty_col:
        keys.append("waste")
        columns.append(["as given in the file (not checked)"] * len(points))
    values = [list(v) for v in zip(*columns, strict=True)] if columns else [[]] * len(points)
    out = [
        [round(la, 6), round(lo, 6), sec, plain(q), title, vals]
        for la, lo, sec, q, title, vals in zip(
            points.lat.astype(float).tolist(),
            points.lon.astype(float).tolist(),
            _sectors(points),
            qty,
            titles,
            values,
            strict=True,
        )
    ]
    return out, keys


def map_enterprises(
    points: gpd.GeoDataFrame,
    *,
    title: str,
    problems: Sequence[Problem] = (),
    boundary: gpd.GeoDataFrame | None = None,
    tiles: str = "none",
    lang: str = "en",
) -> folium.Map:
    """Map an enterprise table: points coloured by sector, waste bubbles, context layers.

    Parameters
    ----------
    points
        Output of :func:`points_from_table` (EPSG:4326, ``lat``/``lon`` columns).
    title
        Shown in the key-figures panel (escaped).
    problems
        Rows left out; counted in the panel.
    boundary
        Optional outline(s) to draw.
    tiles, lang
        As :func:`map_job`.

    Returns
    -------
    folium.Map
        Centred on the middle of the points' extent.

    Raises
    ------
    ValidationError
        ``points`` is empty (a map with nothing on it is never written).
    """
    if points.empty:
        raise ValidationError(f"{title}: no point to map")
    bounds = _bounds(points.lat, points.lon)
    assert bounds is not None
    m = base_map(bounds, tiles=tiles, lang=lang)
    if tiles == "none":
        add_communes(m, bounds)
    add_boundary(m, boundary)
    data, keys = _table_points(points)
    add_points(m, data, keys)
    sectors = dict(Counter(int(p[2]) for p in data))
    t_max = max((p[3] or 0.0 for p in data), default=0.0)
    not_mapped = len({(p.row, p.file) for p in problems if p.row is not None})
    kpis = [("points_mapped", f"{len(data):,}"), ("rows_not_mapped", f"{not_mapped:,}")]
    if t_max:
        kpis.append(("total_t_yr", f"{sum(p[3] or 0.0 for p in data):,.1f}"))
    _finish(m, _legend(sectors, t_max, len(data)), kpis, title, lang)
    return m


def _layer_control_last(m: folium.Map) -> None:
    """Move the layer control after every layer.

    Callers may add layers to a built map (e.g. symbiosis arcs); a control rendered before
    them would reference undefined layers.
    """
    for key, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl):
            del m._children[key]
            m._children[key] = child


def write_map(m: folium.Map, path: Path) -> Path:
    """Render ``m`` to a self-contained HTML file, atomically.

    Parameters
    ----------
    m
        The map; its layer control is moved last before rendering.
    path
        HTML file written (replaced if it exists; its folder is created if missing).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    RuntimeError
        A script or stylesheet the page uses has no offline copy to inline.
    """
    _layer_control_last(m)
    page = _offline.inline_assets(m.get_root().render())
    atomic_write_text(path, page)
    return path
