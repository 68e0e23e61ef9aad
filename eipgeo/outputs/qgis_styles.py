"""Default QGIS layer styles (the ``layer_styles`` table) matching eipgeo's maps.

QGIS looks in a GeoPackage's or PostgreSQL database's ``layer_styles`` table for the
default style (``useAsDefault``) of a layer it opens, by table name and geometry column
(and, in PostgreSQL, database and schema). The styles here are QML documents built from
the map's own colours and legend labels:

* enterprises: one category per sector of :data:`eipgeo._map_text.SECTORS`, filled with
  :data:`eipgeo._map_text.SECTOR_COLOURS` (as the map's enterprise points), labelled in
  English and Vietnamese; a superseded row (an earlier location) is a grey ring;
* route legs (``routes.gpkg``): one rule per route, coloured as the map colours it
  (:data:`eipgeo.maps.ROUTE_COLOURS` in route order, hazardous routes
  :data:`eipgeo.maps.HAZARDOUS_COLOUR`), solid on road data and dashed where the leg is
  estimated (great-circle × circuity), as the map draws it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from eipgeo.outputs._map_text import LABELS, SECTOR_COLOURS, SECTORS
from eipgeo.outputs.maps import HAZARDOUS_COLOUR, ROUTE_COLOURS

__all__ = [
    "LAYER_STYLES_GPKG_SQL",
    "LayerStyleRow",
    "enterprises_qml",
    "routes_qml",
    "styled_layers",
    "write_gpkg_styles",
    "write_route_styles",
]

QGIS_VERSION = "3.22.16-Białowieża"
"""The QGIS version the QML documents declare (Debian 12's QGIS; later versions read them)."""

SUPERSEDED_COLOUR = "#9a9a9a"
"""An enterprise row superseded by a newer one (its earlier location): grey, as the map's
context roads."""

LAYER_STYLES_GPKG_SQL = """CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, f_table_catalog TEXT(256),
    f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
    styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN,
    description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), type TEXT)"""
"""QGIS's ``layer_styles`` table in a GeoPackage (as QGIS creates it, plus ``type``)."""


@dataclass(frozen=True)
class LayerStyleRow:
    """One row of ``layer_styles``: the default style of one layer.

    Attributes
    ----------
    table, geometry_column
        The layer (``f_table_name``, ``f_geometry_column``).
    name, qml, description
        ``styleName``, ``styleQML`` and ``description``.
    geometry_type
        ``Point``, ``Line`` or ``Polygon`` (the ``type`` column).
    """

    table: str
    geometry_column: str
    name: str
    qml: str
    description: str
    geometry_type: str


def _rgba(hex_colour: str, alpha: int = 255) -> str:
    h = hex_colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha}"


def _options(props: dict[str, str]) -> str:
    items = "".join(
        f'<Option name={quoteattr(k)} type="QString" value={quoteattr(v)}/>'
        for k, v in sorted(props.items())
    )
    legacy = "".join(f"<prop k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in sorted(props.items()))
    return f'<Option type="Map">{items}</Option>{legacy}'


def _marker(name: str, fill: str, outline: str, *, size_mm: float, hollow: bool = False) -> str:
    props = {
        "name": "circle",
        "color": _rgba(fill, 0 if hollow else 230),
        "outline_color": _rgba(outline),
        "outline_style": "solid",
        "outline_width": "0.5" if hollow else "0.2",
        "outline_width_unit": "MM",
        "size": f"{size_mm:g}",
        "size_unit": "MM",
        "joinstyle": "bevel",
        "scale_method": "diameter",
        "angle": "0",
    }
    return (
        f'<symbol type="marker" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
        f'force_rhr="0"><layer class="SimpleMarker" enabled="1" locked="0" '
        f'pass="0">{_options(props)}</layer></symbol>'
    )


def _line(name: str, colour: str, *, width_mm: float, dashed: bool) -> str:
    props = {
        "line_color": _rgba(colour, 217),
        "line_style": "dash" if dashed else "solid",
        "line_width": f"{width_mm:g}",
        "line_width_unit": "MM",
        "capstyle": "round",
        "joinstyle": "round",
        "use_custom_dash": "0",
        "offset": "0",
        "customdash": "5;2",
        "customdash_unit": "MM",
    }
    return (
        f'<symbol type="line" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
        f'force_rhr="0"><layer class="SimpleLine" enabled="1" locked="0" '
        f'pass="0">{_options(props)}</layer></symbol>'
    )


def _document(renderer: str) -> str:
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        f'<qgis version={quoteattr(QGIS_VERSION)} styleCategories="Symbology">'
        f"{renderer}<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
        "<layerOpacity>1</layerOpacity></qgis>\n"
    )


def enterprises_qml() -> str:
    """Return the QML of the enterprises layer: categorised by sector, as the map.

    The category value is ``sector`` for a current row and ``superseded`` for a row that
    a newer one replaced (``superseded_by`` set), drawn as a grey ring.
    """
    cats, symbols = [], []
    for i, ((key, en, vi, _, _), colour) in enumerate(zip(SECTORS, SECTOR_COLOURS, strict=True)):
        cats.append(
            f'<category render="true" symbol="{i}" value={quoteattr(key)} '
            f'label={quoteattr(f"{en} / {vi}")} type="string"/>'
        )
        symbols.append(_marker(str(i), colour, "#232323", size_mm=2.6))
    n = len(SECTORS)
    cats.append(
        f'<category render="true" symbol="{n}" value="superseded" '
        f"label={quoteattr('earlier location (superseded) / vị trí cũ')} "
        'type="string"/>'
    )
    symbols.append(_marker(str(n), SUPERSEDED_COLOUR, SUPERSEDED_COLOUR, size_mm=2.6, hollow=True))
    attr = 'CASE WHEN "superseded_by" IS NULL THEN "sector" ELSE \'superseded\' END'
    renderer = (
        f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(attr)} '
        'symbollevels="0" enableorderby="0" forceraster="0">'
        f"<categories>{''.join(cats)}</categories>"
        f"<symbols>{''.join(symbols)}</symbols></renderer-v2>"
    )
    return _document(renderer)


def route_colour(route_id: str, index: int) -> str:
    """Return the map's colour of the ``index``-th route (routes sorted by id).

    Parameters
    ----------
    route_id
        The route's id; an id starting ``hazardous`` always gets the hazardous colour.
    index
        The route's 0-based position among the routes sorted by id; the palette repeats.

    Returns
    -------
    str
        A CSS hex colour, as the HTML map draws the route.
    """
    if str(route_id).startswith("hazardous"):
        return HAZARDOUS_COLOUR
    return ROUTE_COLOURS[index % len(ROUTE_COLOURS)]


def routes_qml(route_ids: Iterable[str], *, km: dict[str, float] | None = None) -> str:
    """Return the QML of a route-legs layer: one rule per route, as the map draws them.

    Parameters
    ----------
    route_ids
        The layer's ``route_id`` values (sorted here, as the map sorts them).
    km
        Length of each route, km, for its legend label (as the map's layer names).
    """
    rules, symbols = [], []
    for i, route_id in enumerate(sorted(set(map(str, route_ids)))):
        colour = route_colour(route_id, i)
        label = f"{LABELS['route'][0]} {route_id}"
        if km and route_id in km:
            label += f" ({km[route_id]:,.1f} km)"
        quoted = route_id.replace("'", "''")
        road, est = 2 * i, 2 * i + 1
        symbols += [
            _line(str(road), colour, width_mm=1.0, dashed=False),
            _line(str(est), colour, width_mm=0.8, dashed=True),
        ]
        where = f"\"route_id\" = '{quoted}'"
        rules.append(
            f'<rule key="route-{i}" filter={quoteattr(where)} label={quoteattr(label)}>'
            f'<rule key="route-{i}-est" filter="&quot;estimated&quot;" symbol="{est}" '
            f"label={quoteattr(LABELS['estimate_leg'][0])}/>"
            f'<rule key="route-{i}-road" filter="ELSE" symbol="{road}" '
            f"label={quoteattr(LABELS['road_leg'][0])}/></rule>"
        )
    renderer = (
        '<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" '
        f'forceraster="0"><rules key="root">{"".join(rules)}</rules>'
        f"<symbols>{''.join(symbols)}</symbols></renderer-v2>"
    )
    return _document(renderer)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def write_gpkg_styles(
    path: str | Path, rows: Sequence[LayerStyleRow], *, owner: str = "eipgeo"
) -> None:
    """Write ``rows`` as the default styles of a GeoPackage's layers (sqlite3, one transaction).

    Creates ``layer_styles`` as QGIS does when missing, registers it in ``gpkg_contents``
    (``attributes``), and replaces any earlier eipgeo style of the same layer and name.

    Parameters
    ----------
    path
        An existing GeoPackage file, changed in place.
    rows
        One style per layer; each becomes its layer's default (other styles of that
        layer stop being default).
    owner
        Value of the ``owner`` column of the rows written; default ``eipgeo``.
    """
    con = sqlite3.connect(str(path))
    try:
        with con:
            con.execute(LAYER_STYLES_GPKG_SQL)
            con.execute(
                "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, "
                "identifier, description) VALUES ('layer_styles', 'attributes', "
                "'layer_styles', 'QGIS default layer styles')"
            )
            for row in rows:
                con.execute(
                    "DELETE FROM layer_styles WHERE f_table_name = ? AND "
                    "f_geometry_column = ? AND styleName = ?",
                    (row.table, row.geometry_column, row.name),
                )
                con.execute(
                    "UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = ? "
                    "AND f_geometry_column = ?",
                    (row.table, row.geometry_column),
                )
                con.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, "
                    "f_table_name, f_geometry_column, styleName, styleQML, styleSLD, "
                    "useAsDefault, description, owner, ui, update_time, type) "
                    "VALUES ('', '', ?, ?, ?, ?, '', 1, ?, ?, '', ?, ?)",
                    (
                        row.table,
                        row.geometry_column,
                        row.name,
                        row.qml,
                        row.description,
                        owner,
                        _now(),
                        row.geometry_type,
                    ),
                )
    finally:
        con.close()


def write_route_styles(path: str | Path, frame: Any, layer: str) -> None:
    """Write the default style of a route-legs layer into a GeoPackage just written.

    Does nothing when ``frame`` has no ``route_id`` column.

    Parameters
    ----------
    path
        The GeoPackage file ``frame`` was written to.
    frame
        The legs written as ``layer``: ``route_id`` and, when present, ``distance_m`` (m;
        summed per route, shown in km in the style's labels).
    layer
        Name of the layer in the GeoPackage.
    """
    if "route_id" not in getattr(frame, "columns", ()):
        return
    con = sqlite3.connect(str(path))
    try:
        found = con.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
        ).fetchone()
    finally:
        con.close()
    km: dict[str, float] = {}
    if "distance_m" in frame.columns:
        km = {
            str(k): float(v) / 1000
            for k, v in frame.groupby("route_id")["distance_m"].sum().items()
        }
    qml = routes_qml(frame["route_id"].astype(str), km=km)
    write_gpkg_styles(
        path,
        [
            LayerStyleRow(
                layer,
                found[0] if found else "geom",
                f"eipgeo {layer}",
                qml,
                "eipgeo: routes as on the map",
                "Line",
            )
        ],
    )


def styled_layers(path: str | Path) -> list[tuple[str, str, str]]:
    """Return ``(table, geometry column, style name)`` of each default style in a GeoPackage.

    Parameters
    ----------
    path
        GeoPackage file, opened read-only.

    Returns
    -------
    list of tuple of str
        Sorted by table; empty when the file has no ``layer_styles`` table.
    """
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'layer_styles'").fetchone():
            return []
        rows = con.execute(
            "SELECT f_table_name, f_geometry_column, styleName FROM "
            "layer_styles WHERE useAsDefault ORDER BY f_table_name"
        ).fetchall()
    finally:
        con.close()
    return [(str(a), str(b), str(c)) for a, b, c in rows]
