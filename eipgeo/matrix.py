"""Snapping sites to a road graph, and road-distance matrices with reachability QA.

The numeric core works on a CSR adjacency built from the *minimum* weight over
parallel edges (``nx.to_scipy_sparse_array`` would sum them) and runs
``scipy.sparse.csgraph.dijkstra`` once per distinct source node. Unreachable pairs
stay ``inf`` in memory, are listed by site id, and are written as empty CSV cells:
they never pass as 0, NaN or None.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pyproj import Transformer
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from eipgeo._errors import Problem, SnapError, UnreachableError, UsageError

EARTH_RADIUS_M = 6_371_009.0
"""Mean Earth radius (m), the value osmnx uses for great-circle lengths."""


def csr_from_graph(
    graph: nx.MultiDiGraph, weight: str = "length"
) -> tuple[csr_array, list[object]]:
    """Return the CSR adjacency of ``graph`` with the minimum weight per node pair.

    Parameters
    ----------
    graph
        Directed graph; every edge must carry ``weight``.
    weight
        Edge attribute, ``length`` (m) or ``travel_time`` (s).

    Returns
    -------
    (scipy.sparse.csr_array, list)
        Shape ``(n, n)``; and the node ids in row order.
    """
    nodes = list(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    m = graph.number_of_edges()
    r = np.empty(m, dtype=np.int64)
    c = np.empty(m, dtype=np.int64)
    w = np.empty(m)
    for k, (u, v, value) in enumerate(graph.edges(data=weight)):
        r[k], c[k] = index[u], index[v]
        if value is None:
            raise UsageError(f"edge {u}->{v} has no '{weight}' attribute")
        w[k] = value
    loops = r == c
    r, c, w = r[~loops], c[~loops], w[~loops]
    n = len(nodes)
    order = np.lexsort((w, c, r))  # by row, col, then weight ascending
    r, c, w = r[order], c[order], w[order]
    keep = np.ones(len(r), dtype=bool)
    keep[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])  # first (smallest) of each pair
    return csr_array((w[keep], (r[keep], c[keep])), shape=(n, n)), nodes


DIJKSTRA_CHUNK = 256
"""Sources per ``dijkstra`` call: bounds memory to ``DIJKSTRA_CHUNK × n_nodes`` floats."""


def csr_distances(
    csr: csr_array, sources: Sequence[int] | NDArray[np.int64],
    targets: Sequence[int] | NDArray[np.int64],
) -> NDArray[np.float64]:
    """Shortest directed path weights between CSR row indices, computed in bounded memory.

    Each distinct source is searched once (``scipy.sparse.csgraph.dijkstra``), in chunks
    of :data:`DIJKSTRA_CHUNK` sources, and only the target columns are kept, so no
    ``n_nodes × n_nodes`` array is ever made.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(sources), len(targets))``; ``inf`` where no directed path exists.
    """
    unique, inverse = np.unique(np.asarray(sources, dtype=np.int64), return_inverse=True)
    cols = np.asarray(targets, dtype=np.int64)
    out = np.empty((len(unique), len(cols)))
    for start in range(0, len(unique), DIJKSTRA_CHUNK):
        chunk = unique[start:start + DIJKSTRA_CHUNK]
        out[start:start + len(chunk)] = dijkstra(csr, directed=True, indices=chunk)[:, cols]
    return out[inverse.ravel()]


def node_distances(
    graph: nx.MultiDiGraph, sources: Sequence[object], targets: Sequence[object],
    weight: str = "length",
) -> NDArray[np.float64]:
    """Shortest directed path weights from each source node to each target node.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(sources), len(targets))``; ``inf`` where no directed path exists.
    """
    csr, nodes = csr_from_graph(graph, weight)
    index = {n: i for i, n in enumerate(nodes)}
    return csr_distances(csr, [index[s] for s in sources], [index[t] for t in targets])


# --------------------------------------------------------------------------------------
# Snapping
# --------------------------------------------------------------------------------------


def haversine_m(
    lon1: NDArray[np.float64] | float, lat1: NDArray[np.float64] | float,
    lon2: NDArray[np.float64] | float, lat2: NDArray[np.float64] | float,
) -> NDArray[np.float64]:
    """Great-circle distance (m) between EPSG:4326 points, as osmnx computes it."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1))))


def utm_crs(lon: Sequence[float] | NDArray[np.float64],
            lat: Sequence[float] | NDArray[np.float64]) -> str:
    """Return the WGS 84 / UTM zone (``EPSG:326zz`` north, ``327zz`` south) at the mean point."""
    lo = float(np.mean(np.asarray(lon, dtype=float)))
    la = float(np.mean(np.asarray(lat, dtype=float)))
    zone = int((lo + 180.0) // 6.0) % 60 + 1
    return f"EPSG:{(32600 if la >= 0 else 32700) + zone}"


def _components(graph: nx.MultiDiGraph) -> tuple[dict[object, int], dict[object, int],
                                                  dict[object, int]]:
    """Strong component size, weak component size and weak component label of each node.

    Weak labels are numbered by component size, largest first, then by first node order.
    """
    order = {n: i for i, n in enumerate(graph.nodes)}
    strong: dict[object, int] = {}
    for comp in nx.strongly_connected_components(graph):
        for node in comp:
            strong[node] = len(comp)
    comps = sorted(nx.weakly_connected_components(graph),
                   key=lambda c: (-len(c), min(order[n] for n in c)))
    weak: dict[object, int] = {}
    label: dict[object, int] = {}
    for k, comp in enumerate(comps):
        for node in comp:
            weak[node], label[node] = len(comp), k
    return strong, weak, label


def _component_columns(
    graph: nx.MultiDiGraph, snapped: Sequence[object], lon: Sequence[float],
    lat: Sequence[float], crs: str | int
) -> dict[str, list[object]]:
    """Component columns, and the fallback snap to the largest weak component."""
    strong, weak, label = _components(graph)
    nodes, xs, ys = _graph_lonlat(graph)
    main = np.array([label[n] == 0 for n in nodes])
    to_m = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    mx, my = to_m.transform(xs[main], ys[main])
    sx, sy = to_m.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    _, idx = cKDTree(np.column_stack([mx, my])).query(np.column_stack([sx, sy]))
    dist = haversine_m(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float),
                       xs[main][idx], ys[main][idx])
    return {
        "weak_component": [label[n] for n in snapped],
        "weak_component_size": [weak[n] for n in snapped],
        "strong_component_size": [strong[n] for n in snapped],
        "in_largest_weak": [label[n] == 0 for n in snapped],
        "main_node": [np.asarray(nodes, dtype=object)[main][i] for i in idx],
        "main_snap_distance_m": list(np.round(dist, 1)),
    }


def check_coordinates(
    site_ids: Sequence[str], lon: Sequence[float], lat: Sequence[float]
) -> None:
    """Refuse non-finite or out-of-range EPSG:4326 coordinates before any snapping.

    Raises
    ------
    SnapError
        One problem per bad site, naming it and the value.
    """
    problems = []
    for site, x, y in zip(site_ids, lon, lat, strict=True):
        fx, fy = float(x), float(y)
        if not (math.isfinite(fx) and math.isfinite(fy) and -180 <= fx <= 180 and -90 <= fy <= 90):
            problems.append(Problem(
                f"{site} has lon={x}, lat={y}, not EPSG:4326 degrees; give WGS 84 longitude "
                "and latitude", code="bad_coordinates", column="lon", value=site))
    if problems:
        first = problems[0].message
        raise SnapError(f"{len(problems)} site(s) with unusable coordinates: {first}", problems)


def _graph_lonlat(graph: nx.MultiDiGraph) -> tuple[list[object], NDArray[np.float64],
                                                   NDArray[np.float64]]:
    """Node ids and their EPSG:4326 coordinates; refuses a graph in another CRS."""
    from pyproj import CRS

    crs = graph.graph.get("crs", "EPSG:4326")
    if not CRS.from_user_input(crs).equals(CRS.from_epsg(4326)):
        msg = (f"the road graph's node x/y are in {crs}, not EPSG:4326; load it with "
               "eipgeo.network.read_network, which converts it")
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
    dist = haversine_m(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float),
                       xs[idx], ys[idx])
    return pd.DataFrame(
        {"node": snapped, "snap_distance_m": np.round(dist, 1),
         **_component_columns(graph, snapped, lon, lat, crs), "snap_mode": "node"},
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
            line = shapely.transform(geom, lambda c: np.column_stack(
                from_geom.transform(c[:, 0], c[:, 1])))
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
    dist = haversine_m(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float),
                       np.asarray(plon), np.asarray(plat))
    us = [pairs[i][0] for i in idx]
    vs = [pairs[i][1] for i in idx]
    near = [u if f <= 0.5 else v for u, v, f in zip(us, vs, fraction, strict=True)]
    return pd.DataFrame(
        {"u": us, "v": vs, "fraction": fraction, "snap_lon": plon, "snap_lat": plat,
         "snap_distance_m": np.round(dist, 1), "node": near,
         **_component_columns(graph, near, lon, lat, crs), "snap_mode": "edge"},
        index=pd.Index([str(s) for s in site_ids], name="site_id"),
    )


def snap_sites(
    graph: nx.MultiDiGraph, site_ids: Sequence[str], lon: Sequence[float],
    lat: Sequence[float], *, mode: str = "edge", crs: str | int | None = None,
) -> pd.DataFrame:
    """Snap sites in ``mode`` ``edge`` (:func:`snap_to_edges`) or ``node`` (:func:`snap_to_nodes`).

    Raises
    ------
    UsageError
        Unknown mode.
    """
    if mode == "edge":
        return snap_to_edges(graph, site_ids, lon, lat, crs=crs)
    if mode == "node":
        return snap_to_nodes(graph, site_ids, lon, lat, crs=crs)
    raise UsageError(f"snap mode must be 'edge' or 'node', got {mode!r}")


_AT_END = 1e-9


def _options(
    snaps: pd.DataFrame, best: dict[tuple[object, object], float], index: dict[object, int],
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.int64], NDArray[np.float64]]:
    """Per site, the 2 nodes it can leave to / arrive from, and the cost on its own edge.

    Shapes ``(n, 2)``; a cost of ``inf`` means the option does not exist. A site at
    fraction ``f`` of pair (u, v) leaves to v for ``(1-f)·w(u→v)`` and to u for
    ``f·w(v→u)``, and arrives from u for ``f·w(u→v)`` and from v for ``(1-f)·w(v→u)``;
    a site at an end of its edge also leaves and arrives at that node for 0.
    """
    n = len(snaps)
    out_i = np.zeros((n, 2), dtype=np.int64)
    in_i = np.zeros((n, 2), dtype=np.int64)
    out_c = np.full((n, 2), np.inf)
    in_c = np.full((n, 2), np.inf)
    inf = math.inf
    for k, (u, v, f) in enumerate(zip(snaps.u, snaps.v, snaps.fraction, strict=True)):
        fwd, rev = best.get((u, v), inf), best.get((v, u), inf)
        out_i[k], in_i[k] = (index[u], index[v]), (index[u], index[v])
        out_c[k] = (f * rev, (1 - f) * fwd)
        in_c[k] = (f * fwd, (1 - f) * rev)
        if f <= _AT_END:
            out_c[k, 0] = in_c[k, 0] = 0.0
        if f >= 1 - _AT_END:
            out_c[k, 1] = in_c[k, 1] = 0.0
    out_c[np.isnan(out_c)] = inf  # 0 × inf
    in_c[np.isnan(in_c)] = inf
    return out_i, out_c, in_i, in_c


def _same_edge(snaps: pd.DataFrame, best: dict[tuple[object, object], float],
               values: NDArray[np.float64]) -> None:
    """Lower cells of sites on one edge to the direct run along it, in place."""
    keyed = snaps.assign(_k=range(len(snaps)))
    for (u, v), group in keyed.groupby(["u", "v"], sort=False):
        if len(group) < 2:
            continue
        fwd, rev = best.get((u, v), math.inf), best.get((v, u), math.inf)
        for a, fa in zip(group._k, group.fraction, strict=True):
            for b, fb in zip(group._k, group.fraction, strict=True):
                direct = (fb - fa) * fwd if fb >= fa else (fa - fb) * rev
                if a != b and direct < values[a, b]:
                    values[a, b] = direct


def _edge_mode_values(graph: nx.MultiDiGraph, snaps: pd.DataFrame,
                      weight: str) -> NDArray[np.float64]:
    csr, nodes = csr_from_graph(graph, weight)
    index = {n: i for i, n in enumerate(nodes)}
    _, best = _pair_table(graph, weight)
    out_i, out_c, in_i, in_c = _options(snaps, best, index)
    src = np.unique(out_i)
    tgt = np.unique(in_i)
    between = csr_distances(csr, src, tgt)
    row = np.searchsorted(src, out_i)
    col = np.searchsorted(tgt, in_i)
    values = np.full((len(snaps), len(snaps)), np.inf)
    for a in range(2):
        for b in range(2):
            cand = out_c[:, a, None] + between[row[:, a][:, None], col[:, b][None, :]] \
                + in_c[None, :, b]
            np.minimum(values, cand, out=values)
    _same_edge(snaps, best, values)
    return values


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
        main = "" if row.in_largest_weak or "main_node" not in row else (
            f" (the main network's nearest node, {row.main_node}, is "
            f"{row.main_snap_distance_m:,.0f} m away")
        if row.snap_distance_m > tolerance_m:
            problems.append(Problem(
                f"{site} is {row.snap_distance_m:,.0f} m from the nearest {what}, over the "
                f"{tolerance_m:,.0f} m snap tolerance{main + ')' if main else ''}; check its "
                "coordinates or supply a network that reaches it", code="snap_too_far",
                column="site_id", value=site))
        elif not row.in_largest_weak:
            side = "over" if row.main_snap_distance_m > tolerance_m else "within"
            fallback = main and f"{main}, {side} the {tolerance_m:,.0f} m tolerance)"
            problems.append(Problem(
                f"{site} snaps to a road piece of {row.weak_component_size} nodes that has no link "
                f"to the main network (an island){fallback}; add the missing road or move the "
                "site", code="snap_detached", column="site_id", value=site))
    keys = (snaps.snap_lon.round(7).astype(str) + "," + snaps.snap_lat.round(7).astype(str)) \
        if edge else snaps.node
    for key, group in snaps.groupby(keys, sort=True):
        if len(group) > 1:
            names = ", ".join(map(str, group.index))
            where = f"road point ({key})" if edge else f"road node {key}"
            problems.append(Problem(
                f"{names} snap to the same {where}, so their road distance is 0; check "
                "that they are distinct sites", code="snap_collapse", severity="warning"))
    return problems


def extent_problems(
    graph: nx.MultiDiGraph, site_ids: Sequence[str], lon: Sequence[float],
    lat: Sequence[float], *, margin_m: float,
) -> list[Problem]:
    """Flag sites outside the network's extent (its nodes' convex hull plus ``margin_m``).

    A site outside that would fall inside with longitude and latitude swapped is
    reported as probably swapped.

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
        hint = ("; its lon and lat look swapped" if swapped
                else "; check its coordinates or give a network that covers it")
        problems.append(Problem(
            f"{site_ids[k]} (lon {lo[k]:.6f}, lat {la[k]:.6f}) is outside the road network's "
            f"extent (+{margin_m:,.0f} m){hint}", code="outside_extent", column="site_id",
            value=str(site_ids[k])))
    return problems


# --------------------------------------------------------------------------------------
# Site matrices
# --------------------------------------------------------------------------------------


@dataclass
class SiteMatrix:
    """A square site-to-site matrix with its provenance.

    Attributes
    ----------
    site_ids
        Row and column labels.
    values
        Shape ``(n, n)``, metres (or seconds for durations); ``inf`` = unreachable.
    unit
        ``m`` or ``s``.
    source
        Same shape, one label per cell saying where it came from: ``osm_street``,
        ``trunk_road`` or ``estimate_circuity``.
    """

    site_ids: list[str]
    values: NDArray[np.float64]
    unit: str = "m"
    source: NDArray[np.str_] = field(default_factory=lambda: np.empty((0, 0), dtype=str))

    def unreachable_pairs(self) -> list[tuple[str, str]]:
        """Return the ordered ``(from, to)`` pairs with no directed path."""
        rows, cols = np.nonzero(~np.isfinite(self.values))
        return [(self.site_ids[r], self.site_ids[c]) for r, c in zip(rows, cols, strict=True)]

    def to_frame(self) -> pd.DataFrame:
        """Return the matrix as a DataFrame, rows = from; unreachable cells are ``NA``."""
        values = np.where(np.isfinite(self.values), self.values, np.nan)
        frame = pd.DataFrame(values, index=self.site_ids, columns=self.site_ids)
        frame.index.name = "from\\to"
        return frame

    def to_csv(self, path_or_buf: object = None, decimals: int = 1) -> str | None:
        r"""Write the CSV of ``CONTRACT.md``: a ``from\to`` corner, empty unreachable cells."""
        frame = self.to_frame().round(decimals)
        return frame.to_csv(path_or_buf, na_rep="")  # type: ignore[call-overload, no-any-return]


def unreachable_problems(
    matrix: SiteMatrix, strong_sizes: dict[str, int] | None = None,
    weak_labels: dict[str, int] | None = None,
) -> list[Problem]:
    """One problem per unreachable ordered pair, naming both sites, the direction and why.

    Parameters
    ----------
    matrix
        The site matrix.
    strong_sizes, weak_labels
        Per site id, the size of its strongly connected component and the label of its
        weak component (columns of the snap frame); they name the reason: separate road
        islands, or a site on a one-way dead end or an entry/exit-only road.
    """
    largest = max(strong_sizes.values()) if strong_sizes else None
    problems = []
    for frm, to in matrix.unreachable_pairs():
        reason = "no directed path"
        if weak_labels is not None and weak_labels.get(frm) != weak_labels.get(to):
            reason += " (they are on separate road islands)"
        elif strong_sizes is not None and largest is not None:
            small = [s for s in (frm, to) if strong_sizes.get(s, largest) < largest]
            if small:
                verb = "sits" if len(small) == 1 else "sit"
                reason += (f" ({' and '.join(small)} {verb} on a one-way dead end or an "
                           "entry/exit-only road)")
        problems.append(Problem(
            f"{frm} → {to}: {reason}; fix the road data or move the site",
            code="unreachable_pair", value=f"{frm}->{to}"))
    return problems


def depot_reach_problems(
    matrix: SiteMatrix, depot: str, snaps: pd.DataFrame | None = None
) -> list[Problem]:
    """Flag each site that the depot cannot reach or that cannot return, with the reason.

    Reasons: ``island`` (on another weak component than the depot), ``one-way dead
    end`` (the depot reaches it, nothing leads back), ``entry impossible`` (it can
    leave towards the depot but no road leads in), or no directed path either way.

    Returns
    -------
    list of Problem
        One ``off_depot_component`` error per site, ``value`` = the site id.
    """
    ids = matrix.site_ids
    d = ids.index(depot)
    comp = dict(zip(snaps.index, snaps.weak_component, strict=True)) \
        if snaps is not None and "weak_component" in snaps else {}
    problems = []
    for k, site in enumerate(ids):
        there, back = np.isfinite(matrix.values[d, k]), np.isfinite(matrix.values[k, d])
        if k == d or (there and back):
            continue
        if comp and comp.get(site) != comp.get(depot):
            reason = "it is on a road island with no link to the depot's network"
        elif there:
            reason = f"{depot} reaches it but no road leads back (a one-way dead end)"
        elif back:
            reason = f"no road leads in from {depot} (an exit-only road)"
        else:
            reason = f"no directed path to or from {depot}"
        problems.append(Problem(
            f"{site} is on another strongly connected component than the depot: {reason}; "
            "fix the road data or move the site", code="off_depot_component",
            column="site_id", value=site))
    return problems


def site_matrix_from_graph(
    graph: nx.MultiDiGraph, snaps: pd.DataFrame, *, weight: str = "length"
) -> SiteMatrix:
    """Directed road matrix between snapped sites, computed with scipy's Dijkstra.

    In node mode (snaps from :func:`snap_to_nodes`) a cell is the shortest path between
    the two sites' nodes. In edge mode (:func:`snap_to_edges`) a trip starts at the
    origin's projected point, runs along its edge in a direction the edge allows, then
    over the graph, and ends along the destination's edge; two sites on one edge may
    also run straight along it. Connectors are not included.

    Parameters
    ----------
    graph
        The graph the sites were snapped to.
    snaps
        Output of :func:`snap_to_nodes` or :func:`snap_to_edges` (index = site ids).
    weight
        ``length`` (m) or ``travel_time`` (s, see :func:`eipgeo.network.add_travel_times`).

    Returns
    -------
    SiteMatrix
        Diagonal 0; ``inf`` where there is no directed path.

    Raises
    ------
    UsageError
        An edge lacks ``weight``.
    """
    missing = next((d for _, _, d in graph.edges(data=True) if weight not in d), None)
    if missing is not None:
        hint = "; call eipgeo.network.add_travel_times first" if weight == "travel_time" else ""
        raise UsageError(f"graph edges have no '{weight}' attribute{hint}")
    if "u" in snaps.columns:
        values = _edge_mode_values(graph, snaps, weight)
    else:
        nodes = list(snaps["node"])
        values = node_distances(graph, nodes, nodes, weight)
    np.fill_diagonal(values, 0.0)
    label = str(graph.graph.get("distance_source", "osm_street"))
    return SiteMatrix(
        site_ids=[str(s) for s in snaps.index],
        values=values,
        unit="s" if weight == "travel_time" else "m",
        source=np.full(values.shape, label, dtype=object),
    )


def raise_for_problems(problems: Sequence[Problem], *, strict: bool = False) -> None:
    """Raise the matching error when ``problems`` hold errors (or warnings under ``strict``)."""
    errors = [p for p in problems if p.severity == "error" or strict]
    if not errors:
        return
    codes = {p.code for p in errors}
    kind: type[SnapError] | type[UnreachableError] = (
        UnreachableError if codes == {"unreachable_pair"} else SnapError
    )
    msg = f"{len(errors)} problem(s): " + "; ".join(p.to_line() for p in errors[:5])
    raise kind(msg, errors)


def estimated_matrix(
    site_ids: Sequence[str], lon: Sequence[float], lat: Sequence[float], circuity: float
) -> SiteMatrix:
    """Estimate road distances as great-circle distance times a circuity factor.

    Parameters
    ----------
    site_ids, lon, lat
        Sites in EPSG:4326.
    circuity
        Ratio of road to great-circle distance (see ``eipgeo.coefficients``).

    Returns
    -------
    SiteMatrix
        Symmetric, every cell labelled ``estimate_circuity``.
    """
    lo, la = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    values = haversine_m(lo[:, None], la[:, None], lo[None, :], la[None, :]) * circuity
    if not math.isfinite(float(values.sum())):
        raise SnapError("site coordinates contain NaN or inf; fix them before estimating")
    return SiteMatrix(
        site_ids=[str(s) for s in site_ids], values=values, unit="m",
        source=np.full(values.shape, "estimate_circuity", dtype=object),
    )


# --------------------------------------------------------------------------------------
# Regional legs over a trunk-road graph
# --------------------------------------------------------------------------------------


MAX_TRUNK_DETOUR = 2.0
"""A trunk journey longer than this multiple of the direct estimate is not used."""


@dataclass
class Leg:
    """One piece of a journey, with where its distance comes from.

    Attributes
    ----------
    distance_m
        Metres.
    source
        ``osm_street``, ``trunk_road`` or ``estimate_circuity``.
    coords
        ``(lon, lat)`` vertices for drawing (EPSG:4326).
    """

    distance_m: float
    source: str
    coords: list[tuple[float, float]]


def _estimate_leg(a: tuple[float, float], b: tuple[float, float], circuity: float) -> Leg:
    d = float(haversine_m(a[0], a[1], b[0], b[1])) * circuity
    return Leg(d, "estimate_circuity", [a, b])


def regional_legs(
    trunk: nx.MultiDiGraph | None,
    origin: tuple[float, float],
    destination: tuple[float, float],
    circuity: float,
) -> list[Leg]:
    """Legs from ``origin`` to ``destination`` over the trunk-road graph.

    The journey is: an estimated leg to the nearest trunk node of the largest
    component, the shortest trunk path, and an estimated leg from the trunk node
    nearest the destination. When the two access legs together are longer than the
    direct great-circle distance, or the whole journey is more than
    :data:`MAX_TRUNK_DETOUR` times the direct estimate (the trunk data then lacks the
    links a truck would use), one direct estimated leg is returned instead. Estimated
    legs are great-circle distance times ``circuity``.

    Parameters
    ----------
    trunk
        Graph from :func:`eipgeo.network.graph_from_lines`, or ``None`` (estimate only).
    origin, destination
        ``(lon, lat)`` in EPSG:4326.
    circuity
        Road/great-circle ratio for the estimated legs.

    Returns
    -------
    list of Leg
    """
    direct = float(haversine_m(origin[0], origin[1], destination[0], destination[1]))
    if trunk is None or trunk.number_of_nodes() == 0 or direct == 0:
        return [_estimate_leg(origin, destination, circuity)]
    main = max(nx.weakly_connected_components(trunk), key=len)
    nodes = sorted(main)
    xs = np.array([trunk.nodes[n]["x"] for n in nodes])
    ys = np.array([trunk.nodes[n]["y"] for n in nodes])
    d_o = haversine_m(origin[0], origin[1], xs, ys)
    d_d = haversine_m(destination[0], destination[1], xs, ys)
    n_o, n_d = nodes[int(np.argmin(d_o))], nodes[int(np.argmin(d_d))]
    if float(d_o.min() + d_d.min()) >= direct or n_o == n_d:
        return [_estimate_leg(origin, destination, circuity)]
    try:
        path = nx.shortest_path(trunk, n_o, n_d, weight="length")
    except nx.NetworkXNoPath:
        return [_estimate_leg(origin, destination, circuity)]
    coords: list[tuple[float, float]] = []
    length = 0.0
    for u, v in zip(path[:-1], path[1:], strict=True):
        length += min(float(d["length"]) for d in trunk[u][v].values())
        coords.append((trunk.nodes[u]["x"], trunk.nodes[u]["y"]))
    coords.append((trunk.nodes[n_d]["x"], trunk.nodes[n_d]["y"]))
    start = (trunk.nodes[n_o]["x"], trunk.nodes[n_o]["y"])
    legs = [
        _estimate_leg(origin, start, circuity),
        Leg(length, "trunk_road", coords),
        _estimate_leg(coords[-1], destination, circuity),
    ]
    if sum(leg.distance_m for leg in legs) > MAX_TRUNK_DETOUR * direct * circuity:
        return [_estimate_leg(origin, destination, circuity)]
    return legs
