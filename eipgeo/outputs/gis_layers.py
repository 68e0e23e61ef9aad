"""A park's map as GeoPackage layers: the same map in QGIS (``routes.gpkg``).

Every layer the park's HTML map draws (:func:`eipgeo.outputs.maps.map_job`), taken from
the job's stored results (:class:`~eipgeo.jobs.result.JobResult`; nothing is solved or
placed again), in EPSG:4326:

``sites``
    The mapped sources (the map's enterprise points), at their placed position: ``site_id``,
    ``name``, ``sector`` (the map's sector key) and ``sector_label``, the enterprise
    columns the job keeps (``isic4_class``, ``sector_text``, ``source_type``,
    ``location_quality``, ``employees``...), ``waste_t_per_yr`` (the map's bubble, t/yr),
    ``t_per_yr_<class>`` per waste class (the site's streams summed, t/yr), ``routed``
    and ``flagged`` (the map's ring: why the site is flagged, empty when it is not).
``boundary``
    The park's boundary polygons, with the boundary file's columns.
``route_legs``
    One line per leg of every route (:func:`eipgeo.routing.legs.legs_geodataframe`).
``exchanges``
    The symbiosis exchange plan (``symbiosis_plan.csv``), one supplier → receiver line per
    exchange, with every column of the CSV (``chosen_t_per_yr`` in ``unit``,
    ``distance_km``, ``distance_source``...).
``candidates``
    The candidates to investigate the map draws
    (:func:`eipgeo.outputs.exchange_layer.candidates_on_map`), as lines, with every
    column of ``symbiosis_candidates.csv``.
``facilities``
    The depot (``role`` ``depot``) and the park's facilities (``role`` ``facility``),
    with ``chosen_for`` naming the route groups whose waste a facility receives.

A layer with nothing to draw (no boundary, no exchange, no candidate) is left out; the
route legs are always written, as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString

from eipgeo.jobs.result import JobResult
from eipgeo.outputs._map_text import SECTORS, sector_index
from eipgeo.outputs.exchange_layer import candidates_on_map
from eipgeo.outputs.maps import flag_reasons
from eipgeo.outputs.qgis_styles import (
    boundary_qml,
    exchanges_qml,
    facilities_qml,
    route_legs_style,
    sites_qml,
)
from eipgeo.routing.legs import legs_geodataframe
from eipgeo.symbiosis.names import with_material_names
from eipgeo.symbiosis.plan import candidates_to_investigate

__all__ = ["LAYERS", "park_layer_styles", "park_layers"]

LAYERS = ("sites", "boundary", "route_legs", "exchanges", "candidates", "facilities")
"""The layers of a park's ``routes.gpkg``, in the order written."""

SITE_COLUMNS = (
    "site_id",
    "name",
    "isic4_class",
    "sector_text",
    "source_type",
    "zone",
    "lot",
    "investor_country",
    "location_quality",
    "employees",
    "employees_quality",
    "snap_distance_m",
    "waste_kg_per_day",
    "waste_t_per_yr",
    "routed",
    "lon",
    "lat",
)
"""The site columns a ``sites`` layer keeps, when the job's sites have them."""


def _cell(value: object) -> object:
    """Return a value a GeoPackage column holds: lists and dicts as JSON text."""
    if isinstance(value, list | tuple | dict | set):
        return json.dumps(list(value) if isinstance(value, set) else value, default=str)
    return value


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with object columns holding only scalars (lists/dicts as JSON)."""
    out = frame.copy()
    for col in [c for c in out.columns if pd.api.types.is_object_dtype(out[c])]:
        out[col] = out[col].map(_cell)
    return out


def _sites(result: JobResult) -> gpd.GeoDataFrame:
    clients = result.sites[result.sites.role == "client"]
    frame = pd.DataFrame(clients[[c for c in SITE_COLUMNS if c in clients.columns]])
    sectors = [
        sector_index(s.get("isic4_class"), s.get("sector"), s.get("source_type"))
        for _, s in clients.iterrows()
    ]
    frame.insert(2, "sector", [SECTORS[i][0] for i in sectors])
    frame.insert(3, "sector_label", [f"{SECTORS[i][1]} / {SECTORS[i][2]}" for i in sectors])
    by_class = (
        result.streams.groupby(["site_id", "waste_class"])["waste_t_per_yr"].sum().unstack()
        if len(result.streams)
        else pd.DataFrame()
    )
    for cls in sorted(by_class.columns):
        totals = by_class[cls].fillna(0.0)
        frame[f"t_per_yr_{cls}"] = frame.site_id.map(totals).fillna(0.0).astype(float)
    reasons = flag_reasons(result)
    frame["flagged"] = [
        "; ".join(dict.fromkeys(en for en, _ in reasons.get(str(s), []))) for s in frame.site_id
    ]
    points = gpd.points_from_xy(clients.lon.astype(float), clients.lat.astype(float))
    return gpd.GeoDataFrame(_plain(frame), geometry=points, crs=4326)


def _boundary(result: JobResult) -> gpd.GeoDataFrame | None:
    if result.boundary is None or result.boundary.empty:
        return None
    boundary = result.boundary
    if boundary.crs is None:  # the map takes a frame without a CRS as EPSG:4326
        boundary = boundary.set_crs(4326)
    return gpd.GeoDataFrame(_plain(boundary.to_crs(4326)))


def _lines(frame: pd.DataFrame) -> gpd.GeoDataFrame | None:
    """Supplier → receiver lines of exchange rows (EPSG:4326 ``*_lon``, ``*_lat``)."""
    if frame.empty:
        return None
    ends = frame[["supplier_lon", "supplier_lat", "receiver_lon", "receiver_lat"]].astype(float)
    lines = [LineString([(a, b), (c, d)]) for a, b, c, d in ends.to_numpy().tolist()]
    return gpd.GeoDataFrame(_plain(frame.reset_index(drop=True)), geometry=lines, crs=4326)


def _facilities(result: JobResult) -> gpd.GeoDataFrame:
    sites = result.sites
    depots = sites[sites.role == "depot"]
    rows = pd.DataFrame(
        {
            "role": "depot",
            "id": depots.site_id.astype(str),
            "name": depots["name"].astype(str),
            "location_quality": depots.get("location_quality"),
            "lon": depots.lon.astype(float),
            "lat": depots.lat.astype(float),
        }
    )
    fac = pd.DataFrame(result.facilities.drop(columns="geometry", errors="ignore")).copy()
    chosen: dict[str, list[str]] = {}
    for group, row in result.chosen_facilities.items():
        chosen.setdefault(str(row.get("id")), []).append(str(group))
    if len(fac):
        fac.insert(0, "role", "facility")
        fac["chosen_for"] = [";".join(sorted(chosen.get(str(i), []))) for i in fac.get("id", [])]
    frame = pd.concat([rows, fac], ignore_index=True)
    frame["lon"], frame["lat"] = frame.lon.astype(float), frame.lat.astype(float)
    points = gpd.points_from_xy(frame.lon, frame.lat)
    return gpd.GeoDataFrame(_plain(frame), geometry=points, crs=4326)


def park_layers(result: JobResult) -> dict[str, gpd.GeoDataFrame]:
    """Return the layers of a park's map, from the job's stored results (EPSG:4326).

    Parameters
    ----------
    result
        The job's result (:func:`eipgeo.jobs.run_park`).

    Returns
    -------
    dict
        Layer name to frame, in the order of :data:`LAYERS`; a layer with nothing to draw
        (no boundary, no tenant, no route, no exchange) is left out, except the route legs
        of a park with nothing at all to draw (a GeoPackage holds at least one layer). See
        the module's docstring for each layer's columns.
    """
    legs = legs_geodataframe(result.legs, estimated=result.legs.source == "estimate_circuity")
    layers: dict[str, gpd.GeoDataFrame | None] = {
        "sites": _sites(result),
        "boundary": _boundary(result),
        "route_legs": legs,
        "exchanges": _lines(with_material_names(result.symbiosis.plan)),
        "candidates": _lines(
            with_material_names(candidates_on_map(candidates_to_investigate(result.symbiosis)))
        ),
        "facilities": _facilities(result),
    }
    drawn = {k: v for k, v in layers.items() if v is not None and not v.empty}
    # a GeoPackage needs one layer: a park with nothing to draw keeps its (empty) route legs
    return drawn or {"route_legs": legs}


def _classes(frame: gpd.GeoDataFrame) -> Iterable[str]:
    return frame["waste_class"].astype(str) if "waste_class" in frame.columns else []


def park_layer_styles(layers: dict[str, gpd.GeoDataFrame]) -> dict[str, tuple[str, str, str]]:
    """Return each layer's QGIS default style, coloured as the map draws it.

    Parameters
    ----------
    layers
        :func:`park_layers`.

    Returns
    -------
    dict
        Layer name to ``(qml, description, geometry type)`` for
        :func:`eipgeo.outputs.qgis_styles.write_layer_styles`.
    """
    styles: dict[str, tuple[str, str, str]] = {}
    for name, frame in layers.items():
        if name == "sites":
            styles[name] = (sites_qml(), "eipgeo: sites by sector, as on the map", "Point")
        elif name == "boundary":
            styles[name] = (boundary_qml(), "eipgeo: park boundary, as on the map", "Polygon")
        elif name == "route_legs":
            style = route_legs_style(frame)
            if style is not None:
                styles[name] = style
        elif name == "exchanges":
            qml = exchanges_qml(_classes(frame))
            styles[name] = (qml, "eipgeo: exchanges by waste class, as on the map", "Line")
        elif name == "candidates":
            qml = exchanges_qml(_classes(frame), candidates=True)
            styles[name] = (qml, "eipgeo: candidates to investigate, as on the map", "Line")
        elif name == "facilities":
            what = "eipgeo: depot and facilities, as on the map"
            styles[name] = (facilities_qml(), what, "Point")
    return styles
