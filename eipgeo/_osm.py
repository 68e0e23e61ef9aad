"""Adapter: download a park's street graph with osmnx, only when the network is allowed.

The one place eipgeo reaches the internet. The graph is cached as GraphML in
``settings.resolve_cache_dir() / "streets"``, keyed by the polygon's bounds, so a rerun
reads the cache offline.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import networkx as nx
from shapely.geometry.base import BaseGeometry

from eipgeo import settings
from eipgeo._errors import NetworkDisabledError, UsageError


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
        msg = (f"no street graph for the area (lon {west:.5f}..{east:.5f}, lat "
               f"{south:.5f}..{north:.5f}) is cached at {path}, and network access is off; "
               "give a network file (OSM XML, .osm.pbf, GraphML or road lines: "
               "network_file=... or --network FILE), or allow the download with "
               "EIPGEO_ALLOW_NETWORK=1 (eipgeo.settings.allow_network = True)")
        raise NetworkDisabledError(msg)
    else:
        graph = ox.graph_from_polygon(polygon, network_type=network_type, simplify=False,
                                      retain_all=True, truncate_by_edge=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        ox.save_graphml(graph, path)
    graph.graph["distance_source"] = "osm_street"
    graph.graph["source"] = str(path)
    return graph


def street_graph_for_bbox(
    west: float, south: float, east: float, north: float, *,
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
        msg = (f"bounding box west={west}, south={south}, east={east}, north={north} is not "
               "a non-empty EPSG:4326 box; give west < east and south < north in degrees")
        raise UsageError(msg)
    return street_graph_for(box(west, south, east, north), network_type=network_type)
