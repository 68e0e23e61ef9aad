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
from eipgeo._errors import NetworkDisabledError


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
        msg = (f"no street graph cached at {path} and network access is off; pass an OSM "
               "extract (network_file=...), or allow the download with "
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
