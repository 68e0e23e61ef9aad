"""Snapping sites to a road graph, with the QA that names far, detached and collapsed sites.

Two modes: to the nearest node (:func:`snap_to_nodes`), or projected onto the nearest
edge (:func:`snap_to_edges`, the connector reported, not added). Every snap says how far
the site is from the road and which connected components it reaches; :func:`snap_qa`
(:func:`extent_problems` and :func:`snap_problems`) turns those into problems naming the
site, for every matrix eipgeo builds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx
import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pyproj import Transformer
from scipy.spatial import cKDTree

from eipgeo._errors import Problem, SnapError, UsageError
from eipgeo.network import haversine_m, utm_crs


def _components(
    graph: nx.MultiDiGraph,
) -> tuple[dict[object, int], dict[object, int], dict[object, int]]:
    """Strong component size, weak component size and weak component label of each node.

    Weak labels are numbered by component size, largest first, then by first node order.
    """
    order = {n: i for i, n in enumerate(graph.nodes)}
    strong: dict[object, int] = {}
    for comp in nx.strongly_connected_components(graph):
        for node in comp:
            strong[node] = len(comp)
    comps = sorted(
        nx.weakly_connected_components(graph), key=lambda c: (-len(c), min(order[n] for n in c))
    )
    weak: dict[object, int] = {}
    label: dict[object, int] = {}
    for k, comp in enumerate(comps):
        for node in comp:
            weak[node], label[node] = len(comp), k
    return strong, weak, label


def _component_columns(
    graph: nx.MultiDiGraph,
    snapped: Sequence[object],
    lon: Sequence[float],
    lat: Sequence[float],
    crs: str | int,
) -> dict[str, list[object]]:
    """Component columns, and the fallback snap to the largest weak component."""
    strong, weak, label = _components(graph)
    nodes, xs, ys = _graph_lonlat(graph)
    main = np.array([label[n] == 0 for n in nodes])
    to_m = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    mx, my = to_m.transform(xs[main], ys[main])
    sx, sy = to_m.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    _, idx = cKDTree(np.column_stack([mx, my])).query(np.column_stack([sx, sy]))
    dist = haversine_m(
        np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), xs[main][idx], ys[main][idx]
    )
    return {
        "weak_component": [label[n] for n in snapped],
        "weak_component_size": [weak[n] for n in snapped],
        "strong_component_size": [strong[n] for n in snapped],
        "in_largest_weak": [label[n] == 0 for n in snapped],
        "main_node": [np.asarray(nodes, dtype=object)[main][i] for i in idx],
        "main_snap_distance_m": list(np.round(dist, 1)),
    }


def check_coordinates(site_ids: Sequence[str], lon: Sequence[float], lat: Sequence[float]) -> None:
    """Refuse non-finite or out-of-range EPSG:4326 coordinates before any snapping.

    Parameters
    ----------
    site_ids
        Site ids, named in the problems.
    lon, lat
        Longitude and latitude of each site, EPSG:4326 degrees; each must be finite and
        within ±180 and ±90.

    Raises
    ------
    SnapError
        One problem per bad site, naming it and the value.
    """
    problems = []
    for site, x, y in zip(site_ids, lon, lat, strict=True):
        fx, fy = float(x), float(y)
        if not (math.isfinite(fx) and math.isfinite(fy) and -180 <= fx <= 180 and -90 <= fy <= 90):
            problems.append(
                Problem(
                    f"{site} has lon={x}, lat={y}, not EPSG:4326 degrees; give WGS 84 longitude "
                    "and latitude",
                    code="bad_coordinates",
                    column="lon",
                    value=site,
                )
            )
    if problems:
        first = problems[0].message
        raise SnapError(f"{len(problems)} site(s) with unusable coordinates: {first}", problems)


def _graph_lonlat(
    graph: nx.MultiDiGraph,
) -> tuple[list[object], NDArray[np.float64], NDArray[np.float64]]:
    """Node ids and their EPSG:4326 coordinates; refuses a graph in another CRS."""
    from pyproj import CRS

    crs = graph.graph.get("crs", "EPSG:4326")
    if not CRS.from_user_input(crs).equals(CRS.from_epsg(4326)):
        msg = (
            f"the road graph's node x/y are in {crs}, not EPSG:4326; load it with "
            "eipgeo.network.read_network, which converts it"
        )
        raise SnapError(msg, [Problem(msg, code="crs_mismatch")])
    nodes = list(graph.nodes)
    xs = np.array([graph.nodes[n]["x"] for n in nodes], dtype=float)
    ys = np.array([graph.nodes[n]["y"] for n in nodes], dtype=float)
    return nodes, xs, ys


def snap_to_nodes(
    graph: nx.MultiDiGraph,
    site_ids: Sequence[str],
    lon: Sequence[float],
    lat: Sequence[float],
    *,
    crs: str | int | None = None,
) -> pd.DataFrame:
    """Snap each site to its nearest graph node (searched in a metric CRS).

    The nearest node is found in ``crs``; the reported ``snap_distance_m`` is the
    great-circle distance to it, as osmnx measures edge lengths.

    Parameters
    ----------
    graph
        Graph with node ``x``, ``y`` in EPSG:4326.
    site_ids, lon, lat
        Sites, EPSG:4326 degrees, all of one length.
    crs
        Projected CRS (metres) for the search. Default: the UTM zone of the sites
        (:func:`utm_crs`).

    Returns
    -------
    pandas.DataFrame
        One row per site, in input order, indexed by ``site_id``, with ``node``,
        ``snap_distance_m``, ``weak_component`` (label, 0 = largest),
        ``weak_component_size``, ``strong_component_size``, ``in_largest_weak`` (bool)
        and ``snap_mode`` (``node``).

    Raises
    ------
    SnapError
        Bad site coordinates, or a graph not in EPSG:4326.
    """
    check_coordinates(site_ids, lon, lat)
    nodes, xs, ys = _graph_lonlat(graph)
    crs = crs or utm_crs(lon, lat)
    to_m = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    nx_, ny_ = to_m.transform(xs, ys)
    sx, sy = to_m.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    _, idx = cKDTree(np.column_stack([nx_, ny_])).query(np.column_stack([sx, sy]))
    snapped = [nodes[i] for i in idx]
    dist = haversine_m(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), xs[idx], ys[idx])
    return pd.DataFrame(
        {
            "node": snapped,
            "snap_distance_m": np.round(dist, 1),
            **_component_columns(graph, snapped, lon, lat, crs),
            "snap_mode": "node",
        },
        index=pd.Index([str(s) for s in site_ids], name="site_id"),
    )


def _pair_table(
    graph: nx.MultiDiGraph, weight: str
) -> tuple[list[tuple[object, object]], dict[tuple[object, object], float]]:
    """Undirected node pairs (first-seen orientation) and the min weight of each directed edge."""
    best: dict[tuple[object, object], float] = {}
    pairs: list[tuple[object, object]] = []
    seen: set[frozenset[object]] = set()
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        w = float(data[weight])
        if (u, v) not in best or w < best[(u, v)]:
            best[(u, v)] = w
        key = frozenset((u, v))
        if key not in seen:
            seen.add(key)
            pairs.append((u, v))
    return pairs, best


def _pair_geometries(
    graph: nx.MultiDiGraph, pairs: Sequence[tuple[object, object]], crs: str | int
) -> NDArray[np.object_]:
    """Each pair's line in ``crs``, oriented u → v: the edge geometry if any, else straight."""
    import shapely

    to_m = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    geom_crs = graph.graph.get("metric_crs", graph.graph.get("crs", "EPSG:4326"))
    from_geom = Transformer.from_crs(geom_crs, crs, always_xy=True)
    lines = []
    for u, v in pairs:
        data = min(graph[u][v].values(), key=lambda d: float(d.get("length", 0.0)))
        geom = data.get("geometry")
        if geom is not None:
            line = shapely.transform(
                geom, lambda c: np.column_stack(from_geom.transform(c[:, 0], c[:, 1]))
            )
        else:
            a, b = graph.nodes[u], graph.nodes[v]
            (x0, x1), (y0, y1) = to_m.transform([a["x"], b["x"]], [a["y"], b["y"]])
            line = shapely.LineString([(x0, y0), (x1, y1)])
        lines.append(line)
    return np.array(lines, dtype=object)


def snap_to_edges(
    graph: nx.MultiDiGraph,
    site_ids: Sequence[str],
    lon: Sequence[float],
    lat: Sequence[float],
    *,
    crs: str | int | None = None,
) -> pd.DataFrame:
    """Project each site onto its nearest road edge (searched in a metric CRS).

    A site joins the road at the projected point, a ``fraction`` of the way along the
    edge from ``u`` to ``v``; the straight connector from the site to that point
    (``snap_distance_m``, great-circle metres) is reported and **not** added to matrix
    cells. A projection that falls past an end of the edge stops at that node.

    Parameters
    ----------
    graph
        Graph with node ``x``, ``y`` in EPSG:4326 and edge ``length`` (m).
    site_ids, lon, lat
        Sites in EPSG:4326 degrees.
    crs
        Projected CRS (metres) for the search. Default: the sites' UTM zone.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``site_id``: ``u``, ``v`` (the edge's nodes), ``fraction`` (0..1
        from ``u``), ``snap_lon``, ``snap_lat`` (EPSG:4326), ``snap_distance_m``,
        ``node`` (the nearer end, for drawing), the component columns of
        :func:`snap_to_nodes` (of ``node``) and ``snap_mode`` (``edge``).

    Raises
    ------
    SnapError
        Bad coordinates, a graph not in EPSG:4326, or a graph with no edge.
    """
    import shapely

    check_coordinates(site_ids, lon, lat)
    _graph_lonlat(graph)
    pairs, _ = _pair_table(graph, "length")
    if not pairs:
        raise SnapError("the road graph has no edge to snap to; check the network file")
    crs = crs or utm_crs(lon, lat)
    lines = _pair_geometries(graph, pairs, crs)
    to_m = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    sx, sy = to_m.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    points = shapely.points(sx, sy)
    idx = shapely.STRtree(lines).query_nearest(points, all_matches=False)[1]
    chosen = lines[idx]
    fraction = np.clip(shapely.line_locate_point(chosen, points, normalized=True), 0.0, 1.0)
    on_road = shapely.line_interpolate_point(chosen, fraction, normalized=True)
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    plon, plat = back.transform(shapely.get_x(on_road), shapely.get_y(on_road))
    dist = haversine_m(
        np.asarray(lon, dtype=float),
        np.asarray(lat, dtype=float),
        np.asarray(plon),
        np.asarray(plat),
    )
    us = [pairs[i][0] for i in idx]
    vs = [pairs[i][1] for i in idx]
    near = [u if f <= 0.5 else v for u, v, f in zip(us, vs, fraction, strict=True)]
    return pd.DataFrame(
        {
            "u": us,
            "v": vs,
            "fraction": fraction,
            "snap_lon": plon,
            "snap_lat": plat,
            "snap_distance_m": np.round(dist, 1),
            "node": near,
            **_component_columns(graph, near, lon, lat, crs),
            "snap_mode": "edge",
        },
        index=pd.Index([str(s) for s in site_ids], name="site_id"),
    )


def snap_sites(
    graph: nx.MultiDiGraph,
    site_ids: Sequence[str],
    lon: Sequence[float],
    lat: Sequence[float],
    *,
    mode: str = "edge",
    crs: str | int | None = None,
) -> pd.DataFrame:
    """Snap sites in ``mode`` ``edge`` (:func:`snap_to_edges`) or ``node`` (:func:`snap_to_nodes`).

    Parameters
    ----------
    graph
        Graph with node ``x``, ``y`` in EPSG:4326 and edge ``length`` (m).
    site_ids, lon, lat
        Sites in EPSG:4326 degrees.
    mode
        ``edge`` (default: onto the nearest edge) or ``node`` (to the nearest node).
    crs
        Projected CRS (metres) for the search, as an EPSG code or text such as
        ``EPSG:32648``. Default: the sites' UTM zone.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``site_id``, as :func:`snap_to_edges` or :func:`snap_to_nodes`
        returns it (``snap_distance_m`` in m, ``snap_mode`` naming the mode).

    Raises
    ------
    UsageError
        Unknown mode.
    SnapError
        Bad coordinates, a graph not in EPSG:4326, or nothing to snap to.
    """
    if mode == "edge":
        return snap_to_edges(graph, site_ids, lon, lat, crs=crs)
    if mode == "node":
        return snap_to_nodes(graph, site_ids, lon, lat, crs=crs)
    raise UsageError(f"snap mode must be 'edge' or 'node', got {mode!r}")


def snap_problems(snaps: pd.DataFrame, tolerance_m: float) -> list[Problem]:
    """List snaps that are too far, on a detached component, or collapsed onto one point.

    Parameters
    ----------
    snaps
        Output of :func:`snap_to_nodes` or :func:`snap_to_edges`.
    tolerance_m
        Largest accepted snap (connector) distance (m).

    Returns
    -------
    list of Problem
        Errors for far or detached sites; a warning for distinct sites sharing one
        node (node mode) or one projected point (edge mode).
    """
    edge = "u" in snaps.columns
    what = "road" if edge else "road node"
    problems = []
    for site, row in snaps.iterrows():
        main = (
            ""
            if row.in_largest_weak or "main_node" not in row
            else (
                f" (the main network's nearest node, {row.main_node}, is "
                f"{row.main_snap_distance_m:,.0f} m away"
            )
        )
        if row.snap_distance_m > tolerance_m:
            problems.append(
                Problem(
                    f"{site} is {row.snap_distance_m:,.0f} m from the nearest {what}, over the "
                    f"{tolerance_m:,.0f} m snap tolerance{main + ')' if main else ''}; check its "
                    "coordinates or supply a network that reaches it",
                    code="snap_too_far",
                    column="site_id",
                    value=site,
                )
            )
        elif not row.in_largest_weak:
            side = "over" if row.main_snap_distance_m > tolerance_m else "within"
            fallback = main and f"{main}, {side} the {tolerance_m:,.0f} m tolerance)"
            problems.append(
                Problem(
                    f"{site} snaps to a road piece of {row.weak_component_size} nodes that has "
                    f"no link to the main network (an island){fallback}; add the missing road "
                    "or move the site",
                    code="snap_detached",
                    column="site_id",
                    value=site,
                )
            )
    keys = (
        (snaps.snap_lon.round(7).astype(str) + "," + snaps.snap_lat.round(7).astype(str))
        if edge
        else snaps.node
    )
    for key, group in snaps.groupby(keys, sort=True):
        if len(group) > 1:
            names = ", ".join(map(str, group.index))
            where = f"road point ({key})" if edge else f"road node {key}"
            problems.append(
                Problem(
                    f"{names} snap to the same {where}, so their road distance is 0; check "
                    "that they are distinct sites",
                    code="snap_collapse",
                    severity="warning",
                )
            )
    return problems


def extent_problems(
    graph: nx.MultiDiGraph,
    site_ids: Sequence[str],
    lon: Sequence[float],
    lat: Sequence[float],
    *,
    margin_m: float,
) -> list[Problem]:
    """Flag sites outside the network's extent (its nodes' convex hull plus ``margin_m``).

    A site outside that would fall inside with longitude and latitude swapped is
    reported as probably swapped.

    Parameters
    ----------
    graph
        Graph with node ``x``, ``y`` in EPSG:4326; the hull is built in the UTM zone of
        its nodes.
    site_ids, lon, lat
        Sites in EPSG:4326 degrees.
    margin_m
        Buffer around the nodes' convex hull, m.

    Returns
    -------
    list of Problem
        One ``outside_extent`` error per site outside.
    """
    import shapely

    _, xs, ys = _graph_lonlat(graph)
    crs = utm_crs(xs, ys)
    to_m = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    hull = shapely.MultiPoint(np.column_stack(to_m.transform(xs, ys))).convex_hull.buffer(margin_m)
    lo, la = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    inside = shapely.contains_xy(hull, *to_m.transform(lo, la))
    problems = []
    for k in (int(i) for i in np.flatnonzero(~inside)):
        swapped = bool(shapely.contains_xy(hull, *to_m.transform(la[k], lo[k])))
        hint = (
            "; its lon and lat look swapped"
            if swapped
            else "; check its coordinates or give a network that covers it"
        )
        problems.append(
            Problem(
                f"{site_ids[k]} (lon {lo[k]:.6f}, lat {la[k]:.6f}) is outside the road network's "
                f"extent (+{margin_m:,.0f} m){hint}",
                code="outside_extent",
                column="site_id",
                value=str(site_ids[k]),
            )
        )
    return problems


def snap_qa(
    graph: nx.MultiDiGraph,
    snaps: pd.DataFrame,
    site_ids: Sequence[str],
    lon: Sequence[float],
    lat: Sequence[float],
    tolerance_m: float,
) -> list[Problem]:
    """Return every problem of a set of snaps: the one check every matrix goes through.

    Sites outside the network's extent (beyond ``tolerance_m``), snaps longer than
    ``tolerance_m``, sites on a detached piece of road, and distinct sites collapsed onto
    one road point (:func:`extent_problems` and :func:`snap_problems`).

    Parameters
    ----------
    graph
        The road graph (EPSG:4326 node ``x``/``y``).
    snaps
        :func:`snap_to_nodes` or :func:`snap_to_edges` of the sites.
    site_ids, lon, lat
        The sites, in EPSG:4326 degrees.
    tolerance_m
        Largest accepted snap, m.

    Returns
    -------
    list of Problem
        Errors and warnings, each naming its site.
    """
    return [
        *extent_problems(graph, site_ids, lon, lat, margin_m=tolerance_m),
        *snap_problems(snaps, tolerance_m),
    ]
