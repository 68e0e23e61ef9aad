"""Road-distance matrices between snapped sites, with reachability QA, and estimates.

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
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from eipgeo._errors import Problem, SnapError, UnreachableError, UsageError
from eipgeo.io.readers import check_enterprises_file
from eipgeo.network import add_travel_times, component_report, haversine_m, read_network
from eipgeo.snapping import _pair_table, snap_qa, snap_sites


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
    csr: csr_array,
    sources: Sequence[int] | NDArray[np.int64],
    targets: Sequence[int] | NDArray[np.int64],
) -> NDArray[np.float64]:
    """Shortest directed path weights between CSR row indices, computed in bounded memory.

    Each distinct source is searched once (``scipy.sparse.csgraph.dijkstra``), in chunks
    of :data:`DIJKSTRA_CHUNK` sources, and only the target columns are kept, so no
    ``n_nodes × n_nodes`` array is ever made.

    Parameters
    ----------
    csr
        Square adjacency of edge weights (:func:`csr_from_graph`), in the weight's unit
        (m for ``length``, s for ``travel_time``).
    sources, targets
        Row indices of the origins and of the destinations; repeats are allowed.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(sources), len(targets))``; ``inf`` where no directed path exists.
    """
    unique, inverse = np.unique(np.asarray(sources, dtype=np.int64), return_inverse=True)
    cols = np.asarray(targets, dtype=np.int64)
    out = np.empty((len(unique), len(cols)))
    for start in range(0, len(unique), DIJKSTRA_CHUNK):
        chunk = unique[start : start + DIJKSTRA_CHUNK]
        out[start : start + len(chunk)] = dijkstra(csr, directed=True, indices=chunk)[:, cols]
    return out[inverse.ravel()]


def node_distances(
    graph: nx.MultiDiGraph,
    sources: Sequence[object],
    targets: Sequence[object],
    weight: str = "length",
) -> NDArray[np.float64]:
    """Shortest directed path weights from each source node to each target node.

    Parameters
    ----------
    graph
        Directed graph; every edge must carry ``weight``.
    sources, targets
        Node ids of ``graph``: the origins and the destinations.
    weight
        Edge attribute summed along paths: ``length`` (default, m) or ``travel_time``
        (s); the result is in its unit.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(sources), len(targets))``; ``inf`` where no directed path exists.

    Raises
    ------
    KeyError
        A source or target is not a node of ``graph``.
    eipgeo._errors.UsageError
        An edge has no ``weight`` attribute.
    """
    csr, nodes = csr_from_graph(graph, weight)
    index = {n: i for i, n in enumerate(nodes)}
    return csr_distances(csr, [index[s] for s in sources], [index[t] for t in targets])


# --------------------------------------------------------------------------------------
# Edge mode: leaving and arriving along each site's own edge
# --------------------------------------------------------------------------------------


_AT_END = 1e-9


def _options(
    snaps: pd.DataFrame,
    best: dict[tuple[object, object], float],
    index: dict[object, int],
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


def _same_edge(
    snaps: pd.DataFrame, best: dict[tuple[object, object], float], values: NDArray[np.float64]
) -> None:
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


def _edge_mode_values(
    graph: nx.MultiDiGraph, snaps: pd.DataFrame, weight: str
) -> NDArray[np.float64]:
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
            cand = (
                out_c[:, a, None]
                + between[row[:, a][:, None], col[:, b][None, :]]
                + in_c[None, :, b]
            )
            np.minimum(values, cand, out=values)
    _same_edge(snaps, best, values)
    return values


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
        r"""Write the CSV of ``CONTRACT.md``: a ``from\to`` corner, empty unreachable cells.

        Parameters
        ----------
        path_or_buf
            File path or writable buffer, as :meth:`pandas.DataFrame.to_csv` takes it;
            ``None`` (default) returns the text instead.
        decimals
            Decimal places the values are rounded to, in the matrix's unit (m or s);
            default 1.

        Returns
        -------
        str or None
            The CSV text when ``path_or_buf`` is ``None``, else ``None``.
        """
        frame = self.to_frame().round(decimals)
        return frame.to_csv(path_or_buf, na_rep="")  # type: ignore[call-overload, no-any-return]


def unreachable_problems(
    matrix: SiteMatrix,
    strong_sizes: dict[str, int] | None = None,
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
                reason += (
                    f" ({' and '.join(small)} {verb} on a one-way dead end or an "
                    "entry/exit-only road)"
                )
        problems.append(
            Problem(
                f"{frm} → {to}: {reason}; fix the road data or move the site",
                code="unreachable_pair",
                value=f"{frm}->{to}",
            )
        )
    return problems


def depot_reach_problems(
    matrix: SiteMatrix, depot: str, snaps: pd.DataFrame | None = None
) -> list[Problem]:
    """Flag each site that the depot cannot reach or that cannot return, with the reason.

    Reasons: ``island`` (on another weak component than the depot), ``one-way dead
    end`` (the depot reaches it, nothing leads back), ``entry impossible`` (it can
    leave towards the depot but no road leads in), or no directed path either way.

    Parameters
    ----------
    matrix
        Site matrix that includes the depot; ``inf`` cells are unreachable.
    depot
        Site id of the depot, one of ``matrix.site_ids``.
    snaps
        Snap frame indexed by site id (:func:`eipgeo.snapping.snap_sites`); its
        ``weak_component`` column tells road islands apart. ``None`` (default), or a
        frame without that column: islands are not named as the reason.

    Returns
    -------
    list of Problem
        One ``off_depot_component`` error per site, ``value`` = the site id.

    Raises
    ------
    ValueError
        ``depot`` is not one of ``matrix.site_ids``.
    """
    ids = matrix.site_ids
    d = ids.index(depot)
    comp = (
        dict(zip(snaps.index, snaps.weak_component, strict=True))
        if snaps is not None and "weak_component" in snaps
        else {}
    )
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
        problems.append(
            Problem(
                f"{site} is on another strongly connected component than the depot: {reason}; "
                "fix the road data or move the site",
                code="off_depot_component",
                column="site_id",
                value=site,
            )
        )
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
    """Raise the matching error when ``problems`` hold errors (or warnings under ``strict``).

    Parameters
    ----------
    problems
        Problems found by the matrix QA.
    strict
        Treat warnings as errors too. Default False: only ``error`` problems raise.

    Raises
    ------
    eipgeo._errors.UnreachableError
        Every problem raised is an ``unreachable_pair``.
    eipgeo._errors.SnapError
        Any other problem; the message quotes the first five, ``problems`` holds all.
    """
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
        site_ids=[str(s) for s in site_ids],
        values=values,
        unit="m",
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


# --------------------------------------------------------------------------------------
# The matrix of a sites file on a network file (``eipgeo matrix``)
# --------------------------------------------------------------------------------------


@dataclass
class MatrixRun:
    """A site matrix computed from files, with everything its QA found.

    Attributes
    ----------
    matrix
        The site matrix (m, or s for durations).
    snaps
        One row per site: node or edge, ``snap_distance_m``, components.
    problems
        The sites file's warnings, far or detached snaps, sites outside the network,
        sites the depot cannot reach, and unreachable pairs.
    graph_report
        Nodes, edges and components of the network read.
    """

    matrix: SiteMatrix
    snaps: pd.DataFrame
    problems: list[Problem]
    graph_report: str

    def snap_report(self, mode: str) -> str:
        """Return one line on the snaps: count, largest (with its site) and median, m.

        Parameters
        ----------
        mode
            Snap mode the sites were snapped in (``edge`` or ``node``), named in the line.

        Returns
        -------
        str
            E.g. ``snapped 12 sites (edge mode): largest snap 48.2 m (E07); median 9.1 m``.
        """
        worst = self.snaps.snap_distance_m.idxmax()
        return (
            f"snapped {len(self.snaps)} sites ({mode} mode): largest snap "
            f"{self.snaps.snap_distance_m.max():,.1f} m ({worst}); median "
            f"{self.snaps.snap_distance_m.median():,.1f} m"
        )


def matrix_from_files(  # noqa: PLR0913 - keyword-only options of one command
    network_file: str | Path,
    sites_file: str | Path,
    *,
    snap: str = "edge",
    tolerance_m: float = 250.0,
    metric: str = "distance",
    truck_gross_t: float | None = None,
) -> MatrixRun:
    """Read a sites file (as ``eipgeo validate`` does) and a network, and build their matrix.

    Parameters
    ----------
    network_file
        OSM XML, OSM PBF, GraphML or road lines (:func:`eipgeo.network.read_network`).
    sites_file
        Sites table with ``id``, ``lat``, ``lon`` (EPSG:4326) and an optional ``role``
        (``depot``): read by :func:`eipgeo.io.readers.check_enterprises_file`.
    snap
        ``edge`` (project onto the nearest edge) or ``node``.
    tolerance_m
        Largest accepted snap, m.
    metric
        ``distance`` (m) or ``duration`` (s, from legal truck maxima).
    truck_gross_t
        Drop ways closed to a truck of this gross weight (t); ``None``: no truck profile.

    Returns
    -------
    MatrixRun
        The matrix and every problem found (the sites file's warnings first).

    Raises
    ------
    UsageError
        An unknown ``snap`` or ``metric``, or a tolerance not > 0.
    InputReadError, ValidationError
        The sites or the network cannot be read, or the sites have errors.
    """
    if metric not in ("distance", "duration"):
        raise UsageError(f"--metric {metric!r} is not one of distance, duration")
    if snap not in ("edge", "node"):
        raise UsageError(f"--snap {snap!r} is not one of edge, node")
    if not tolerance_m > 0:
        raise UsageError(f"--snap-tolerance-m must be > 0, got {tolerance_m}")
    checked = check_enterprises_file(sites_file)
    sites = checked.frame
    ids = [str(s) for s in sites["id"]]
    lon, lat = list(sites["lon"].astype(float)), list(sites["lat"].astype(float))
    graph = read_network(network_file, truck_gross_t=truck_gross_t)
    weight = "length"
    if metric == "duration":
        add_travel_times(graph)
        weight = "travel_time"
    snaps = snap_sites(graph, ids, lon, lat, mode=snap)
    result = site_matrix_from_graph(graph, snaps, weight=weight)
    problems = list(checked.problems)
    problems += snap_qa(graph, snaps, ids, lon, lat, tolerance_m)
    depot = _depot_id(sites)
    if depot is not None:
        problems += depot_reach_problems(result, depot, snaps)
    problems += unreachable_problems(
        result,
        dict(zip(snaps.index, snaps.strong_component_size, strict=True)),
        dict(zip(snaps.index, snaps.weak_component, strict=True)),
    )
    return MatrixRun(result, snaps, problems, component_report(graph).describe())


def _depot_id(sites: pd.DataFrame) -> str | None:
    if "role" not in sites.columns:
        return None
    depots = sites.loc[sites["role"].astype(str).str.strip().str.lower() == "depot", "id"]
    return str(depots.iloc[0]) if len(depots) else None
