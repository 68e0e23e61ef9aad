"""The drawn legs of every route: the one leg builder of eipgeo.

A plan's routes are lists of site indices into a distance matrix. Drawing them needs,
for each consecutive pair, the distance, where it comes from and the vertices to draw.
A :class:`LegGeometry` says that for a pair; :func:`route_legs` walks the routes and
returns one row per drawn piece. Three geometries cover every plan eipgeo makes:

* :class:`StraightLegs`: a matrix with no road graph (``eipgeo route --matrix``, or a
  park whose in-park distances are estimates): straight lines, the matrix distance;
* :class:`StreetLegs`: a directed street graph and the sites' snaps: the shortest path's
  vertices, the matrix distance (the same shortest path's length);
* :class:`HaulLegs`: a local geometry for the sites plus, for each facility appended
  after them, the haul from the park gate (the depot) over the trunk-road graph: a leg to
  a facility is the local leg to the gate then the haul; a leg back is the haul reversed,
  then the local leg from the gate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from numpy.typing import NDArray
from shapely.geometry import LineString

from eipgeo.matrix import Leg
from eipgeo.routing.model import CollectionPlan
from eipgeo.routing.tables import route_id

LEG_COLUMNS = [
    "route_id",
    "day",
    "group",
    "seq",
    "from_id",
    "to_id",
    "kind",
    "distance_m",
    "source",
    "laden",
    "coords",
]
"""Columns of :func:`route_legs`: ``kind`` is ``collection`` or ``haul``; ``distance_m`` in
metres; ``source`` where the distance comes from; ``laden`` whether waste is on board;
``coords`` the ``(lon, lat)`` vertices (EPSG:4326)."""

LonLat = tuple[float, float]


class LegGeometry(Protocol):
    """How to draw the leg between two site indices of a plan."""

    def pieces(self, a: int, b: int) -> list[tuple[str, Leg]]:
        """Return the ``(kind, leg)`` pieces from site ``a`` to site ``b``, in order.

        Parameters
        ----------
        a, b
            Indices, into the plan's distance matrix, of the site the leg starts from
            and of the site it goes to.

        Returns
        -------
        list of tuple of (str, eipgeo.matrix.Leg)
            ``kind`` is ``collection`` or ``haul``; each leg's distance in m and its
            ``(lon, lat)`` vertices in EPSG:4326.
        """


@dataclass(frozen=True)
class StraightLegs:
    """Straight lines between sites, with the matrix distance and a source label.

    Attributes
    ----------
    lonlat
        ``(lon, lat)`` per site index (EPSG:4326); ``None`` when a site has none (its
        legs are then drawn with no vertices).
    distance_m
        The square matrix the plan was made on, m.
    source
        Label of the distances (``estimate_circuity``, ``matrix_straight_line``...), or
        a matrix of labels per pair.
    """

    lonlat: Sequence[LonLat | None]
    distance_m: NDArray[np.float64]
    source: str | NDArray[np.str_]

    def pieces(self, a: int, b: int) -> list[tuple[str, Leg]]:
        """Return one straight collection leg.

        Parameters
        ----------
        a, b
            Indices, into the plan's distance matrix, of the site the leg starts from
            and of the site it goes to.

        Returns
        -------
        list of tuple of (str, eipgeo.matrix.Leg)
            One ``collection`` leg: the matrix distance (m), the source label, and the
            two sites' ``(lon, lat)`` (no vertices when either has none).
        """
        ends = [self.lonlat[a], self.lonlat[b]]
        coords = [p for p in ends if p is not None] if None not in ends else []
        label = self.source if isinstance(self.source, str) else str(self.source[a, b])
        return [("collection", Leg(float(self.distance_m[a, b]), label, coords))]


@dataclass(frozen=True)
class StreetLegs:
    """Legs along the shortest directed street path between the sites' snapped nodes.

    Attributes
    ----------
    graph
        The street graph (EPSG:4326 node ``x``/``y``, ``length`` in m).
    nodes
        The graph node each site index is snapped to.
    lonlat
        ``(lon, lat)`` per site index; the drawn line starts and ends there.
    distance_m
        The matrix the plan was made on, m (a snapped road distance).
    source
        Label of the distances (default ``osm_street``).
    """

    graph: nx.MultiDiGraph
    nodes: Sequence[object]
    lonlat: Sequence[LonLat]
    distance_m: NDArray[np.float64]
    source: str | NDArray[np.str_] = "osm_street"

    def pieces(self, a: int, b: int) -> list[tuple[str, Leg]]:
        """Return one collection leg along the street path.

        Parameters
        ----------
        a, b
            Indices, into the plan's distance matrix, of the site the leg starts from
            and of the site it goes to.

        Returns
        -------
        list of tuple of (str, eipgeo.matrix.Leg)
            One ``collection`` leg: the matrix distance (m), the source label, and the
            vertices site ``a``, the shortest path's nodes by ``length``, site ``b``
            (EPSG:4326 ``(lon, lat)``).

        Raises
        ------
        networkx.NetworkXNoPath
            No directed path joins the two sites' nodes.
        """
        path = nx.shortest_path(self.graph, self.nodes[a], self.nodes[b], weight="length")
        street = [(self.graph.nodes[n]["x"], self.graph.nodes[n]["y"]) for n in path]
        coords = [self.lonlat[a], *street, self.lonlat[b]]
        label = self.source if isinstance(self.source, str) else str(self.source[a, b])
        return [("collection", Leg(float(self.distance_m[a, b]), label, coords))]


@dataclass(frozen=True)
class HaulLegs:
    """Local legs among the first ``n_local`` sites, hauls to the facilities after them.

    Attributes
    ----------
    local
        Geometry of the legs among the sites (indices below ``n_local``).
    n_local
        Number of sites; indices from ``n_local`` on are facilities.
    gate
        Index of the park gate (the depot) where every haul starts.
    hauls
        Facility index to the legs from the gate to it (:func:`eipgeo.matrix.regional_legs`).
    """

    local: LegGeometry
    n_local: int
    gate: int
    hauls: Mapping[int, Sequence[Leg]] = field(default_factory=dict)

    def pieces(self, a: int, b: int) -> list[tuple[str, Leg]]:
        """Return the haul back (from a facility), the local leg, then the haul out.

        Parameters
        ----------
        a, b
            Indices of the start and end site: below ``n_local`` a site of the park, from
            ``n_local`` on a facility (reached through the gate).

        Returns
        -------
        list of tuple of (str, eipgeo.matrix.Leg)
            ``haul`` legs (reversed when leaving a facility) and the ``collection`` legs
            of ``local`` between them; no local leg when both ends are the gate.
        """
        out: list[tuple[str, Leg]] = []
        if a >= self.n_local:  # back from the facility after an unload: the haul reversed
            out += [
                ("haul", Leg(leg.distance_m, leg.source, leg.coords[::-1]))
                for leg in reversed(self.hauls[a])
            ]
        origin = self.gate if a >= self.n_local else a
        target = self.gate if b >= self.n_local else b
        if origin != target:
            out += self.local.pieces(origin, target)
        if b >= self.n_local:
            out += [("haul", leg) for leg in self.hauls[b]]
        return out


def route_legs(
    plans_by_day: Mapping[str | None, Mapping[str, CollectionPlan]],
    ids: Sequence[str],
    geometry: LegGeometry,
) -> pd.DataFrame:
    """Return one row per drawn piece of every route, in visiting order.

    Parameters
    ----------
    plans_by_day
        Day name (``None`` for a plan of one day) to class group to plan.
    ids
        Site id per matrix index.
    geometry
        How each leg is drawn (:class:`StraightLegs`, :class:`StreetLegs`,
        :class:`HaulLegs`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LEG_COLUMNS`; ``seq`` counts the pieces of a route from 1.
    """
    rows = []
    for day, plans in plans_by_day.items():
        for group, plan in plans.items():
            for number, route in enumerate(plan.routes, start=1):
                rid = route_id(group, number, day)
                seq = 0
                loads = (
                    [v.load_kg for v in route.visits]
                    if len(route.visits) == len(route.sites)
                    else [0.0] * len(route.sites)
                )
                for i, (a, b) in enumerate(zip(route.sites[:-1], route.sites[1:], strict=True)):
                    for kind, leg in geometry.pieces(a, b):
                        seq += 1
                        rows.append(
                            {
                                "route_id": rid,
                                "day": day or "",
                                "group": group,
                                "seq": seq,
                                "from_id": ids[a],
                                "to_id": ids[b],
                                "kind": kind,
                                "distance_m": round(leg.distance_m, 1),
                                "source": leg.source,
                                "laden": loads[i] > 0,
                                "coords": leg.coords,
                            }
                        )
    return pd.DataFrame(rows, columns=LEG_COLUMNS)


def legs_geodataframe(legs: pd.DataFrame, **columns: Any) -> gpd.GeoDataFrame:
    """Return :func:`route_legs` rows as lines (EPSG:4326), without the ``coords`` column.

    A leg with fewer than two vertices (two sites at one point, or a site with no
    coordinates) becomes a zero-length line at its one vertex, or an empty geometry.

    Parameters
    ----------
    legs
        Rows of :func:`route_legs`.
    **columns
        Constant columns to add (e.g. ``park="deepc-haiphong"``).

    Returns
    -------
    geopandas.GeoDataFrame
        One line per leg.
    """
    geoms = [
        LineString(c if len(c) > 1 else list(c) * 2) if len(c) else None for c in legs["coords"]
    ]
    frame = legs.drop(columns=["coords"]).assign(**columns)
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=4326)
