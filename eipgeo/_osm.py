"""Adapter to OpenStreetMap tools: osmnx and pyrosm are called here and nowhere else.

Reading OSM XML (graphs and features), GraphML and PBF, and downloading a park's street
graph or a place's boundary, only when the network is allowed: the one place eipgeo
reaches the internet. A boundary is cached as GeoJSON in ``.../boundaries``; a street
download is cached as GraphML in ``settings.resolve_cache_dir() / "streets"``, keyed by
the polygon's bounds, so a rerun reads the cache offline. osmnx and pyrosm are imported
inside the functions that need them (heavy, and pyrosm optional).
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
from shapely.geometry.base import BaseGeometry

from eipgeo import settings
from eipgeo._errors import DataNotFoundError, InputReadError, NetworkDisabledError, UsageError


def graph_from_xml(path: str | Path) -> nx.MultiDiGraph:
    """Return osmnx's directed graph of an OSM XML file, keeping every node and island.

    Parameters
    ----------
    path
        An OSM XML file whose ways all pass the caller's road filter.

    Returns
    -------
    networkx.MultiDiGraph
        ``simplify=False, retain_all=True``; EPSG:4326 node ``x``/``y``, edge ``length`` (m).
    """
    import osmnx as ox

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        graph: nx.MultiDiGraph = ox.graph_from_xml(path, simplify=False, retain_all=True)
    return graph


def features_from_xml(path: str | Path, tags: dict[str, Any]) -> Any:
    """Return osmnx's features (a GeoDataFrame indexed by element and id) of an OSM XML file.

    Parameters
    ----------
    path
        An OSM XML file.
    tags
        osmnx tag filter, e.g. ``{"amenity": ["restaurant"], "shop": ["supermarket"]}``.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 geometries with the OSM tags as columns.
    """
    import osmnx as ox

    return ox.features_from_xml(path, tags=tags)


def load_graphml(path: str | Path) -> nx.MultiDiGraph:
    """Load a GraphML graph as osmnx writes it (typed node and edge attributes).

    Parameters
    ----------
    path
        The ``.graphml`` file.

    Returns
    -------
    networkx.MultiDiGraph
        As saved.
    """
    import osmnx as ox

    graph: nx.MultiDiGraph = ox.load_graphml(path)
    return graph


def pbf_network(path: str | Path, extra_tags: Sequence[str]) -> tuple[Any, Any]:
    """Return pyrosm's nodes and edges of every highway way of an OSM PBF file.

    Parameters
    ----------
    path
        An ``.osm.pbf`` file.
    extra_tags
        OSM tags to keep as edge columns (besides pyrosm's defaults).

    Returns
    -------
    tuple of geopandas.GeoDataFrame
        Nodes (``id``, ``lon``, ``lat``) and edges (``u``, ``v``, ``id``, tags).

    Raises
    ------
    InputReadError
        pyrosm is missing, or the file is not a PBF with highway ways.
    """
    try:
        import pyrosm
    except ImportError as exc:
        raise InputReadError(f"{path}: reading PBF needs pyrosm (pip install pyrosm)") from exc
    try:
        osm = pyrosm.OSM(str(path))
        got = osm.get_network(network_type="all", nodes=True, extra_attributes=list(extra_tags))
    except Exception as exc:  # pyrosm raises several types for a bad file
        msg = f"{path}: cannot read as OSM PBF ({exc}); give an .osm.pbf extract"
        raise InputReadError(msg) from exc
    if got is None or got[1] is None or len(got[1]) == 0:
        raise InputReadError(f"{path}: no highway ways in this PBF file")
    return got[0], got[1]


def cache_path(polygon: BaseGeometry) -> Path:
    """Return the GraphML cache file for a polygon (EPSG:4326)."""
    key = hashlib.sha256(",".join(f"{b:.5f}" for b in polygon.bounds).encode()).hexdigest()[:16]
    return settings.resolve_cache_dir() / "streets" / f"{key}.graphml"


def street_graph_for(
    polygon: BaseGeometry, *, network_type: str = "drive_service"
) -> nx.MultiDiGraph:
    """Return the drivable street graph inside ``polygon`` (EPSG:4326), cached or downloaded.

    Raises
    ------
    NetworkDisabledError
        No cached graph, and network access is off; the message names the ways to supply
        the streets instead.
    """
    import osmnx as ox

    path = cache_path(polygon)
    if path.is_file():
        graph = ox.load_graphml(path)
    elif not settings.network_allowed():
        west, south, east, north = polygon.bounds
        msg = (
            f"no street graph for the area (lon {west:.5f}..{east:.5f}, lat "
            f"{south:.5f}..{north:.5f}) is cached at {path}, and network access is off; "
            "give a network file (OSM XML, .osm.pbf, GraphML or road lines: "
            "network_file=... or --network FILE), or allow the download with "
            "EIPGEO_ALLOW_NETWORK=1 (eipgeo.settings.allow_network = True)"
        )
        raise NetworkDisabledError(msg)
    else:
        graph = ox.graph_from_polygon(
            polygon,
            network_type=network_type,
            simplify=False,
            retain_all=True,
            truncate_by_edge=True,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        ox.save_graphml(graph, path)
    graph.graph["distance_source"] = "osm_street"
    graph.graph["source"] = str(path)
    return graph


def street_graph_for_bbox(
    west: float,
    south: float,
    east: float,
    north: float,
    *,
    network_type: str = "drive_service",
) -> nx.MultiDiGraph:
    """Return the drivable street graph of a bounding box (EPSG:4326 degrees), cached.

    Raises
    ------
    UsageError
        The box is empty or not in degrees.
    NetworkDisabledError
        As :func:`street_graph_for`.
    """
    from shapely.geometry import box

    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        msg = (
            f"bounding box west={west}, south={south}, east={east}, north={north} is not "
            "a non-empty EPSG:4326 box; give west < east and south < north in degrees"
        )
        raise UsageError(msg)
    return street_graph_for(box(west, south, east, north), network_type=network_type)


def boundary_from_osm(query: str) -> gpd.GeoDataFrame:
    """Return a place's boundary polygon(s) from OSM (Nominatim via osmnx), cached.

    Parameters
    ----------
    query
        A place name (``"Khu công nghiệp Biên Hòa 2, Đồng Nai"``) or an OSM id with its
        type letter (``W306132369`` way, ``R123`` relation).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 polygons with ``display_name`` and ``osm_id`` where OSM gives them.

    Raises
    ------
    NetworkDisabledError
        Not cached and network access is off.
    DataNotFoundError
        OSM has no polygon for the query.
    """
    import osmnx as ox

    by_id = re.fullmatch(r"[NWRnwr]\d+", query.strip()) is not None
    key = hashlib.sha256(query.strip().encode("utf-8")).hexdigest()[:16]
    path = settings.resolve_cache_dir() / "boundaries" / f"{key}.geojson"
    if path.is_file():
        return gpd.read_file(path).to_crs(4326)
    if not settings.network_allowed():
        msg = (
            f"the boundary of '{query}' is not cached ({path}) and network access is off; "
            "allow the download with EIPGEO_ALLOW_NETWORK=1, or give --boundary FILE or "
            "--from-national NAME_OR_ID (the bundled national layer, offline)"
        )
        raise NetworkDisabledError(msg)
    try:
        gdf = ox.geocode_to_gdf(query.strip().upper() if by_id else query, by_osmid=by_id)
    except Exception as exc:  # osmnx raises several types (no result, HTTP errors)
        raise DataNotFoundError(f"OSM gives no boundary for '{query}' ({exc})") from exc
    gdf = gdf[gdf.geom_type.isin(["Polygon", "MultiPolygon"])]
    if gdf.empty:
        raise DataNotFoundError(
            f"OSM's result for '{query}' is not a polygon; give the park's way or relation id"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    gdf.to_file(path, driver="GeoJSON")
    return gdf.to_crs(4326)
