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

from eipgeo._errors import Problem, SnapError, UnreachableError

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
    rows, cols, vals = [], [], []
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        rows.append(index[u])
        cols.append(index[v])
        vals.append(float(data[weight]))
    n = len(nodes)
    r, c, w = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals)
    order = np.lexsort((w, c, r))  # by row, col, then weight ascending
    r, c, w = r[order], c[order], w[order]
    keep = np.ones(len(r), dtype=bool)
    keep[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])  # first (smallest) of each pair
    return csr_array((w[keep], (r[keep], c[keep])), shape=(n, n)), nodes


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
    unique_sources = sorted({index[s] for s in sources})
    dist = dijkstra(csr, directed=True, indices=unique_sources)
    row_of = {s: i for i, s in enumerate(unique_sources)}
    src_rows = [row_of[index[s]] for s in sources]
    tgt_cols = [index[t] for t in targets]
    return np.asarray(dist[np.ix_(src_rows, tgt_cols)], dtype=np.float64)


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


def _component_sizes(graph: nx.MultiDiGraph) -> tuple[dict[object, int], dict[object, int]]:
    strong: dict[object, int] = {}
    for comp in nx.strongly_connected_components(graph):
        for node in comp:
            strong[node] = len(comp)
    weak: dict[object, int] = {}
    for comp in nx.weakly_connected_components(graph):
        for node in comp:
            weak[node] = len(comp)
    return strong, weak


def snap_to_nodes(
    graph: nx.MultiDiGraph,
    site_ids: Sequence[str],
    lon: Sequence[float],
    lat: Sequence[float],
    *,
    crs: str | int = "EPSG:32648",
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
        Projected CRS (metres) for the nearest-node search. Default UTM 48N.

    Returns
    -------
    pandas.DataFrame
        One row per site, in input order, indexed by ``site_id``, with ``node``,
        ``snap_distance_m``, ``weak_component_size``, ``strong_component_size`` and
        ``in_largest_weak`` (bool).
    """
    nodes = list(graph.nodes)
    to_m = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    nx_, ny_ = to_m.transform(
        np.array([graph.nodes[n]["x"] for n in nodes]),
        np.array([graph.nodes[n]["y"] for n in nodes]),
    )
    sx, sy = to_m.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    _, idx = cKDTree(np.column_stack([nx_, ny_])).query(np.column_stack([sx, sy]))
    strong, weak = _component_sizes(graph)
    largest_weak = max(weak.values()) if weak else 0
    snapped = [nodes[i] for i in idx]
    dist = haversine_m(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float),
                       np.array([graph.nodes[n]["x"] for n in snapped]),
                       np.array([graph.nodes[n]["y"] for n in snapped]))
    return pd.DataFrame(
        {
            "node": snapped,
            "snap_distance_m": np.round(dist, 1),
            "weak_component_size": [weak[n] for n in snapped],
            "strong_component_size": [strong[n] for n in snapped],
            "in_largest_weak": [weak[n] == largest_weak for n in snapped],
        },
        index=pd.Index([str(s) for s in site_ids], name="site_id"),
    )


def snap_problems(snaps: pd.DataFrame, tolerance_m: float) -> list[Problem]:
    """List snaps that are too far, on a detached component, or collapsed onto one node.

    Parameters
    ----------
    snaps
        Output of :func:`snap_to_nodes`.
    tolerance_m
        Largest accepted snap distance (m).

    Returns
    -------
    list of Problem
        Errors for far or detached sites; a warning for sites sharing one node.
    """
    problems = []
    for site, row in snaps.iterrows():
        if row.snap_distance_m > tolerance_m:
            problems.append(Problem(
                f"{site} is {row.snap_distance_m:,.0f} m from the nearest road node, over the "
                f"{tolerance_m:,.0f} m snap tolerance; check its coordinates or supply a network "
                "that reaches it", code="snap_too_far", column="site_id", value=site))
        elif not row.in_largest_weak:
            problems.append(Problem(
                f"{site} snaps to a road piece of {row.weak_component_size} nodes that has no link "
                "to the main network; add the missing road or move the site",
                code="snap_detached", column="site_id", value=site))
    for node, group in snaps.groupby("node", sort=True):
        if len(group) > 1:
            names = ", ".join(map(str, group.index))
            problems.append(Problem(
                f"{names} snap to the same road node {node}, so their road distance is 0; check "
                "that they are distinct sites", code="snap_collapse", severity="warning"))
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
    matrix: SiteMatrix, strong_sizes: dict[str, int] | None = None
) -> list[Problem]:
    """One problem per unreachable ordered pair, naming both sites and the direction."""
    largest = max(strong_sizes.values()) if strong_sizes else None
    problems = []
    for frm, to in matrix.unreachable_pairs():
        reason = "no directed path"
        if strong_sizes is not None and largest is not None:
            small = [s for s in (frm, to) if strong_sizes.get(s, largest) < largest]
            if small:
                reason += (f" ({' and '.join(small)} sits on a one-way dead end or an "
                           "entry/exit-only road)")
        problems.append(Problem(
            f"{frm} → {to}: {reason}; fix the road data or move the site",
            code="unreachable_pair", value=f"{frm}->{to}"))
    return problems


def site_matrix_from_graph(
    graph: nx.MultiDiGraph, snaps: pd.DataFrame, *, weight: str = "length"
) -> SiteMatrix:
    """Road matrix between snapped sites, node to node.

    Parameters
    ----------
    graph
        The graph the sites were snapped to.
    snaps
        Output of :func:`snap_to_nodes` (index = site ids, column ``node``).
    weight
        ``length`` (m) or ``travel_time`` (s).

    Returns
    -------
    SiteMatrix
        Diagonal 0; ``inf`` where there is no directed path.
    """
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
