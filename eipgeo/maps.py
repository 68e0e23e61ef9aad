"""Interactive HTML maps of a job: context roads, boundary, sources, facilities, routes.

Maps are folium (Leaflet) maps made self-contained by :mod:`eipgeo._offline`: they open
with no internet. Tiles are off by default; the context layers (streets or trunk
roads, park outline) stand in for them. Every text that came from data is
HTML-escaped before it reaches a popup. Coordinates are EPSG:4326; the
``(lon, lat)`` → ``[lat, lon]`` swap that Leaflet wants happens in :func:`_latlon` only.

Each drawn feature carries a CSS class that tests and users can query:
``eipgeo-source``, ``eipgeo-depot``, ``eipgeo-facility``, ``eipgeo-route``,
``eipgeo-boundary`` and ``eipgeo-context``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from eipgeo import _offline
from eipgeo._io import atomic_write_text
from eipgeo.jobs import JobResult

OSM_ATTRIBUTION = "© OpenStreetMap contributors"
ROUTE_COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"]
HAZARDOUS_COLOUR = "#b30000"
ESTIMATE_DASH = "8 6"
MAX_ZOOM = 19


def _latlon(coords: Iterable[tuple[float, float]]) -> list[list[float]]:
    """Turn ``(lon, lat)`` into Leaflet's ``[lat, lon]`` (the one place that swaps)."""
    return [[float(lat), float(lon)] for lon, lat in coords]


def _popup(title: str, rows: list[tuple[str, object]]) -> folium.Popup:
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{html.escape(str(k))}</th>"
        f"<td>{html.escape(str(v))}</td></tr>" for k, v in rows
    )
    body = f"<b>{html.escape(title)}</b><table>{cells}</table>"
    return folium.Popup(body, max_width=360)


def _add_context(m: folium.Map, result: JobResult) -> None:
    lines = result.context_lines
    if lines is None or lines.empty:
        return
    label = "Streets (OSM)" if "kind" in lines.columns else "Trunk roads (OSM)"
    group = folium.FeatureGroup(name=label, show=True)
    for geom in lines.geometry:
        for part in getattr(geom, "geoms", [geom]):
            folium.PolyLine(_latlon(part.coords), color="#9a9a9a", weight=2, opacity=0.8,
                            class_name="eipgeo-context").add_to(group)
    group.add_to(m)


def _add_boundary(m: folium.Map, result: JobResult) -> None:
    if result.boundary is None:
        return
    group = folium.FeatureGroup(name="Park boundary (OSM)")
    for geom in result.boundary.geometry:
        for poly in getattr(geom, "geoms", [geom]):
            folium.Polygon(_latlon(poly.exterior.coords), color="#333333", weight=2,
                           fill=True, fill_opacity=0.05, class_name="eipgeo-boundary").add_to(group)
    group.add_to(m)


def _source_rows(result: JobResult, site_id: str) -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for _, s in result.streams[result.streams.site_id == site_id].iterrows():
        rows.append((s.stream, f"{s.waste_t_per_yr:,.2f} t/yr ({s.waste_class}; {s.basis}, "
                               f"{s.status})"))
    return rows


def _add_sources(m: folium.Map, result: JobResult) -> None:
    group = folium.FeatureGroup(name="Waste sources")
    clients = result.sites[result.sites.role == "client"]
    for _, site in clients.iterrows():
        t_yr = float(site.waste_t_per_yr)
        radius = 4 + min(14.0, (t_yr ** 0.5) / 2)
        rows: list[tuple[str, object]] = [("id", site.site_id), ("type", site.source_type)]
        rows += _source_rows(result, site.site_id)
        rows.append(("location", site.location_quality))
        if "employees_quality" in site and isinstance(site.employees_quality, str):
            rows.append(("employees", f"{site.employees:,.0f} ({site.employees_quality})"))
        if not site.routed:
            rows.append(("routing", "excluded: see summary.csv"))
        folium.CircleMarker(
            [float(site.lat), float(site.lon)], radius=radius, color="#2b6cb0",
            fill=True, fill_opacity=0.7, weight=1, class_name="eipgeo-source",
            popup=_popup(str(site["name"]), rows), tooltip=html.escape(str(site["name"])),
        ).add_to(group)
    group.add_to(m)


def _add_sites(m: folium.Map, result: JobResult) -> None:
    group = folium.FeatureGroup(name="Depot and facilities")
    for _, depot in result.sites[result.sites.role == "depot"].iterrows():
        folium.CircleMarker(
            [float(depot.lat), float(depot.lon)], radius=9, color="#000000", fill=True,
            fill_color="#ffd700", fill_opacity=1, weight=2, class_name="eipgeo-depot",
            popup=_popup(str(depot["name"]), [("id", depot.site_id),
                                               ("location", depot.location_quality)]),
        ).add_to(group)
    for _, fac in result.facilities.iterrows():
        rows = [("id", fac["id"]), ("kind", fac["kind"]), ("accepts", fac["accepts"]),
                ("status", fac["status"]), ("location", fac["location_quality"]),
                ("source", fac.get("source_url", ""))]
        folium.RegularPolygonMarker(
            [float(fac.lat), float(fac.lon)], number_of_sides=4, radius=10, color="#000000",
            fill=True, fill_color="#2ca02c", fill_opacity=0.9, class_name="eipgeo-facility",
            popup=_popup(str(fac["name"]), rows),
        ).add_to(group)
    group.add_to(m)


def _add_routes(m: folium.Map, result: JobResult) -> None:
    legs = result.legs
    for i, (route_id, route_legs) in enumerate(legs.groupby("route_id", sort=True)):
        hazardous = str(route_id).startswith("hazardous")
        colour = HAZARDOUS_COLOUR if hazardous else ROUTE_COLOURS[i % len(ROUTE_COLOURS)]
        km = route_legs.distance_m.sum() / 1000
        group = folium.FeatureGroup(name=f"Route {route_id} ({km:,.1f} km)")
        for _, leg in route_legs.iterrows():
            estimate = leg.source == "estimate_circuity"
            folium.PolyLine(
                _latlon(leg.coords), color=colour, weight=4 if leg.kind == "collection" else 3,
                opacity=0.85, dash_array=ESTIMATE_DASH if estimate else None,
                class_name="eipgeo-route",
                tooltip=html.escape(f"{route_id}: {leg.from_id} → {leg.to_id}, "
                                    f"{leg.distance_m / 1000:,.2f} km ({leg.source})"),
            ).add_to(group)
        group.add_to(m)


_LEGEND = """
<div id="eipgeo-legend" style="position:fixed;bottom:24px;left:12px;z-index:1000;
 background:white;padding:8px 10px;border:1px solid #888;border-radius:4px;font:12px sans-serif;
 max-width:320px">
<b>{title}</b><br>
<span style="color:#2b6cb0">&#9679;</span> waste source (size ~ t/yr)<br>
<span style="color:#ffd700">&#9679;</span> depot &nbsp;
<span style="color:#2ca02c">&#9632;</span> treatment / receiver<br>
<span style="color:#d62728">&#9473;&#9473;</span> route on road data &nbsp;
<span style="color:#d62728">&#9476;&#9476;</span> estimated leg<br>
<span style="color:#b30000">&#9473;&#9473;</span> hazardous fleet<br>
<span style="color:#666">{note}</span>
</div>
"""


class _Attribution(MacroElement):
    """Adds a text to the map's attribution control (there is no tile layer to carry it)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = json.dumps(text)


def map_job(result: JobResult, *, tiles: str = "none") -> folium.Map:
    """Draw a job's map.

    Parameters
    ----------
    result
        Output of :func:`eipgeo.jobs.run_park`.
    tiles
        ``none`` (default; works offline) or ``osm`` (OpenStreetMap tiles, needs the
        internet).

    Returns
    -------
    folium.Map
    """
    focus = [result.sites[["lat", "lon"]]]
    if result.park.kind != "uis_collection":  # a city case zooms to its streets
        focus.append(result.facilities[["lat", "lon"]])
    pts = pd.concat(focus)
    m = folium.Map(tiles="OpenStreetMap" if tiles == "osm" else None, max_zoom=MAX_ZOOM,
                   control_scale=True, prefer_canvas=False, location=[0, 0], zoom_start=12)
    # folium passes max_zoom to the tile layer only; with no tiles Leaflet's limit would be
    # Infinity (a one-point fit then zooms to infinity), so set it on the map itself.
    m.options["maxZoom"] = MAX_ZOOM
    _add_context(m, result)
    _add_boundary(m, result)
    _add_routes(m, result)
    _add_sources(m, result)
    _add_sites(m, result)
    if not pts.empty:
        m.fit_bounds([[pts.lat.min(), pts.lon.min()], [pts.lat.max(), pts.lon.max()]],
                     max_zoom=16)
    folium.LayerControl(collapsed=False).add_to(m)
    note = ("Distances: solid = road data, dashed = estimate (great-circle × circuity). "
            "Tonnages are estimates; see summary.csv.")
    legend = _LEGEND.format(title=html.escape(result.park.name), note=html.escape(note))
    m.get_root().html.add_child(Element(legend))  # type: ignore[attr-defined]
    if tiles != "osm":  # the OSM tile layer carries its own attribution
        _Attribution(OSM_ATTRIBUTION).add_to(m)
    return m


def write_map(m: folium.Map, path: Path) -> Path:
    """Render ``m`` to a self-contained HTML file, atomically.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    page = _offline.inline_assets(m.get_root().render())
    atomic_write_text(path, page)
    return path
