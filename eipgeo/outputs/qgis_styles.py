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
  estimated (great-circle × circuity), as the map draws it;
* a park's map layers (the other layers of ``routes.gpkg``, :mod:`eipgeo.outputs.gis_layers`):
  ``sites`` by sector as the enterprises, ``boundary`` as the map's dark outline with a
  faint fill, ``facilities`` as the map's gold depot disc and green facility squares,
  ``exchanges`` by waste class in the arcs' colours
  (:data:`eipgeo.outputs.exchange_layer.CLASS_COLOURS`, dashed where the distance is
  estimated) and ``candidates`` dotted in the same colours.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from eipgeo.outputs._catalogue import pair
from eipgeo.outputs._map_text import LABELS, SECTOR_COLOURS, SECTORS
from eipgeo.outputs.exchange_layer import CLASS_COLOURS
from eipgeo.outputs.maps import HAZARDOUS_COLOUR, ROUTE_COLOURS

__all__ = [
    "LAYER_STYLES_GPKG_SQL",
    "LayerStyleRow",
    "boundary_qml",
    "enterprises_qml",
    "exchanges_qml",
    "facilities_qml",
    "route_legs_style",
    "routes_qml",
    "sites_qml",
    "styled_layers",
    "write_gpkg_styles",
    "write_layer_styles",
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


def _marker(
    name: str,
    fill: str,
    outline: str,
    *,
    size_mm: float,
    hollow: bool = False,
    shape: str = "circle",
    outline_mm: float = 0.2,
) -> str:
    props = {
        "name": shape,
        "color": _rgba(fill, 0 if hollow else 230),
        "outline_color": _rgba(outline),
        "outline_style": "solid",
        "outline_width": "0.5" if hollow else f"{outline_mm:g}",
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


def _line(
    name: str, colour: str, *, width_mm: float, dashed: bool, style: str | None = None
) -> str:
    props = {
        "line_color": _rgba(colour, 217),
        "line_style": style or ("dash" if dashed else "solid"),
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


def _fill(name: str, fill: str, outline: str, *, fill_alpha: int, outline_mm: float) -> str:
    props = {
        "color": _rgba(fill, fill_alpha),
        "style": "solid",
        "outline_color": _rgba(outline),
        "outline_style": "solid",
        "outline_width": f"{outline_mm:g}",
        "outline_width_unit": "MM",
        "joinstyle": "bevel",
        "offset": "0,0",
    }
    return (
        f'<symbol type="fill" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
        f'force_rhr="0"><layer class="SimpleFill" enabled="1" locked="0" '
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


def _categorised(attr: str, cats: list[tuple[str, str]], symbols: list[str]) -> str:
    """Return a categorised renderer: ``cats`` are ``(value, label)``, symbol ``i`` each."""
    body = "".join(
        f'<category render="true" symbol="{i}" value={quoteattr(value)} '
        f'label={quoteattr(label)} type="string"/>'
        for i, (value, label) in enumerate(cats)
    )
    return _document(
        f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(attr)} '
        'symbollevels="0" enableorderby="0" forceraster="0">'
        f"<categories>{body}</categories>"
        f"<symbols>{''.join(symbols)}</symbols></renderer-v2>"
    )


def sites_qml() -> str:
    """Return the QML of a park's ``sites`` layer: categorised by ``sector``, as the map.

    Each sector key of :data:`eipgeo._map_text.SECTORS` is one category, filled with its
    colour of :data:`eipgeo._map_text.SECTOR_COLOURS` (the map's enterprise points) and
    labelled in English and Vietnamese.
    """
    cats = [(key, f"{en} / {vi}") for key, en, vi, _, _ in SECTORS]
    symbols = [_marker(str(i), c, "#232323", size_mm=2.6) for i, c in enumerate(SECTOR_COLOURS)]
    return _categorised("sector", cats, symbols)


DEPOT_FILL = "#ffd700"
"""The map's depot: a gold disc, black outline (:func:`eipgeo.outputs.maps.add_facilities`)."""
FACILITY_FILL = "#2ca02c"
"""The map's facility: a green square with a black outline (``.eipgeo-facility``)."""


def facilities_qml() -> str:
    """Return the QML of a park's ``facilities`` layer: depot and facilities as on the map.

    Categorised by ``role``: ``depot`` a gold disc, ``facility`` a green square, both
    outlined in black, labelled in English and Vietnamese (the map's legend words).
    """
    cats = [
        ("depot", " / ".join(pair("depot"))),
        ("facility", " / ".join(pair("facility"))),
    ]
    symbols = [
        _marker("0", DEPOT_FILL, "#000000", size_mm=4.0, outline_mm=0.5),
        _marker("1", FACILITY_FILL, "#000000", size_mm=3.6, shape="square", outline_mm=0.5),
    ]
    return _categorised("role", cats, symbols)


BOUNDARY_COLOUR = "#333333"
"""The map's park outline (:func:`eipgeo.outputs.maps.add_boundary`): dark grey, fill 4 %."""


def boundary_qml() -> str:
    """Return the QML of a park's ``boundary`` layer: the map's outline and faint fill."""
    renderer = (
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" '
        'forceraster="0"><symbols>'
        f"{_fill('0', BOUNDARY_COLOUR, BOUNDARY_COLOUR, fill_alpha=10, outline_mm=0.5)}"
        "</symbols></renderer-v2>"
    )
    return _document(renderer)


ESTIMATED = "\"distance_source\" = 'estimate_circuity'"
"""QGIS filter of an exchange whose distance is estimated (great-circle × circuity)."""


def exchanges_qml(classes: Iterable[str], *, candidates: bool = False) -> str:
    """Return the QML of an ``exchanges`` (or ``candidates``) layer: one rule per waste class.

    Parameters
    ----------
    classes
        The layer's ``waste_class`` values; each is drawn in its arc colour of
        :data:`eipgeo.outputs.exchange_layer.CLASS_COLOURS` (grey when unknown), solid on
        road data and dashed where ``distance_source`` is ``estimate_circuity``, as the
        map draws the exchange arcs.
    candidates
        Style of the candidates to investigate instead: thin dotted lines of the same
        colours, as the map draws them.
    """
    rules, symbols = [], []
    for i, cls in enumerate(sorted(set(map(str, classes)))):
        colour = CLASS_COLOURS.get(cls, "#666666")
        label = " / ".join(pair(f"class.{cls}", cls))
        quoted = cls.replace("'", "''")
        where = f"\"waste_class\" = '{quoted}'"
        if candidates:
            symbols.append(_line(str(i), colour, width_mm=0.6, dashed=False, style="dot"))
            rules.append(
                f'<rule key="class-{i}" filter={quoteattr(where)} symbol="{i}" '
                f"label={quoteattr(label)}/>"
            )
            continue
        road, est = 2 * i, 2 * i + 1
        symbols += [
            _line(str(road), colour, width_mm=1.0, dashed=False),
            _line(str(est), colour, width_mm=1.0, dashed=True),
        ]
        rules.append(
            f'<rule key="class-{i}" filter={quoteattr(where)} label={quoteattr(label)}>'
            f'<rule key="class-{i}-est" filter={quoteattr(ESTIMATED)} symbol="{est}" '
            f"label={quoteattr(LABELS['estimate_leg'][0])}/>"
            f'<rule key="class-{i}-road" filter="ELSE" symbol="{road}" '
            f"label={quoteattr(LABELS['road_leg'][0])}/></rule>"
        )
    renderer = (
        '<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" '
        f'forceraster="0"><rules key="root">{"".join(rules)}</rules>'
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


def write_layer_styles(path: str | Path, styles: dict[str, tuple[str, str, str]]) -> None:
    """Write the default style of each named layer of a GeoPackage just written.

    Parameters
    ----------
    path
        The GeoPackage file holding the layers.
    styles
        Layer name to ``(qml, description, geometry type)``; the geometry type is
        ``Point``, ``Line`` or ``Polygon``. Each layer's geometry column is read from
        ``gpkg_geometry_columns`` (``geom`` when the layer has none recorded).
    """
    con = sqlite3.connect(str(path))
    try:
        columns = dict(
            con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall()
        )
    finally:
        con.close()
    write_gpkg_styles(
        path,
        [
            LayerStyleRow(
                layer, str(columns.get(layer, "geom")), f"eipgeo {layer}", qml, what, kind
            )
            for layer, (qml, what, kind) in styles.items()
        ],
    )


def route_legs_style(frame: Any) -> tuple[str, str, str] | None:
    """Return ``(qml, description, geometry type)`` of a route-legs layer, or ``None``.

    Parameters
    ----------
    frame
        The legs: ``route_id`` and, when present, ``distance_m`` (m; summed per route,
        shown in km in the style's labels). ``None`` is returned when it has no
        ``route_id`` column.
    """
    if "route_id" not in getattr(frame, "columns", ()):
        return None
    km: dict[str, float] = {}
    if "distance_m" in frame.columns:
        km = {
            str(k): float(v) / 1000
            for k, v in frame.groupby("route_id")["distance_m"].sum().items()
        }
    qml = routes_qml(frame["route_id"].astype(str), km=km)
    return qml, "eipgeo: routes as on the map", "Line"


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
    style = route_legs_style(frame)
    if style is not None:
        write_layer_styles(path, {layer: style})


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
