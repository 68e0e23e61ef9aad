"""Shared-facility siting: p-median, capacitated p-median and coverage (spopt).

A numeric core over plain cost matrices (rows = demand sites, columns = candidate
sites, metres) with a thin geographic adapter that builds candidates (user points or a
grid inside the park boundary) and estimated road costs. The models are spopt's
``PMedian``, ``LSCP`` and ``MCLP`` solved with CBC through PuLP.

Before a coverage model is solved, :func:`coverage_check` lists the demand sites that
no candidate can reach within the radius and the smallest radius that would cover
every site (the largest, over sites, of the nearest-candidate cost).

References
----------
Hakimi, S. L. (1964), Optimum locations of switching centers and the absolute centers
and medians of a graph, Operations Research 12(3), 450-459 (p-median).
Toregas, C. et al. (1971), The location of emergency service facilities, Operations
Research 19(6), 1363-1373 (LSCP). Church, R. and ReVelle, C. (1974), The maximal
covering location problem, Papers of the Regional Science Association 32, 101-118.
spopt documentation: https://pysal.org/spopt/api.html (``spopt.locate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from shapely.geometry import Point

from eipgeo import matrix, settings, snapping
from eipgeo._errors import InfeasibleError, Problem, UsageError
from eipgeo.network import haversine_m

__all__ = [
    "CoverageCheck",
    "SitingResult",
    "coverage_check",
    "cost_matrix_estimated",
    "cost_matrix_road",
    "grid_candidates",
    "lscp",
    "mclp",
    "p_median",
    "plot_coverage",
    "plot_distance_m",
    "site_facility",
]


@dataclass
class SitingResult:
    """Which candidates a model opens and where each demand site goes.

    Attributes
    ----------
    model
        ``p-median``, ``capacitated p-median``, ``lscp`` or ``mclp``.
    open_ids
        Candidate ids opened, sorted.
    assignment
        One row per demand site: ``site_id, facility_id`` (empty when not covered),
        ``cost_m``, ``weight_t_per_yr``.
    objective
        The model's objective: t·m per year for p-median, number of facilities for
        LSCP, t/yr covered for MCLP.
    notes
        What the reader should know (cost basis, candidates left out...).
    cost_basis
        Where the costs came from: ``osm_street`` (road distances over a street
        graph), ``estimate_circuity`` (great-circle × circuity), or ``""`` (a cost
        matrix given by the caller). :func:`site_facility` also writes it as the
        ``cost_basis`` column of ``assignment``.
    """

    model: str
    open_ids: list[str]
    assignment: pd.DataFrame
    objective: float
    notes: list[str] = field(default_factory=list)
    cost_basis: str = ""


@dataclass
class CoverageCheck:
    """Result of the pre-solve coverage check.

    Attributes
    ----------
    uncoverable
        Demand site ids farther than the radius from every candidate.
    min_radius_m
        Smallest radius (m) at which every site has a candidate within reach.
    nearest_m
        For each uncoverable site, its cost (m) to the nearest candidate (``inf``
        when it reaches none).
    """

    uncoverable: list[str]
    min_radius_m: float
    nearest_m: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every site can be covered."""
        return not self.uncoverable


def _check_costs(
    cost_m: np.ndarray, client_ids: Sequence[str], candidate_ids: Sequence[str]
) -> np.ndarray:
    cost = np.asarray(cost_m, dtype=float)
    if cost.ndim != 2 or cost.shape != (len(client_ids), len(candidate_ids)):  # noqa: PLR2004
        raise UsageError(
            f"cost matrix has shape {cost.shape}; expected "
            f"({len(client_ids)}, {len(candidate_ids)}) = (sites, candidates)"
        )
    if cost.size == 0:
        raise UsageError("no demand sites or no candidates: give at least one of each")
    if np.isnan(cost).any() or (cost < 0).any():
        raise UsageError("cost matrix holds NaN or negative values; use inf for unreachable")
    return cost


def _solve(model: object) -> object:
    import warnings

    import pulp

    with warnings.catch_warnings():  # PuLP 3.x warns that PULP_CBC_CMD moves in 4.0
        warnings.simplefilter("ignore", DeprecationWarning)
        solved = model.solve(pulp.PULP_CBC_CMD(msg=False))  # type: ignore[attr-defined]
    status = pulp.LpStatus[solved.problem.status]
    if status != "Optimal":
        raise InfeasibleError(f"the siting model is {status.lower()}; check capacities and p")
    return solved


def _finite(cost: np.ndarray) -> np.ndarray:
    """Give unreachable cells a prohibitive finite cost (spopt needs finite costs)."""
    finite = cost[np.isfinite(cost)]
    big = (float(finite.max()) if finite.size else 1.0) * 1000 + 1e9
    return np.where(np.isfinite(cost), cost, big)


def _assignment(
    cost: np.ndarray,
    cli2fac: Sequence[Sequence[int]],
    client_ids: Sequence[str],
    candidate_ids: Sequence[str],
    weights: np.ndarray,
) -> pd.DataFrame:
    rows = []
    for i, facs in enumerate(cli2fac):
        j = min(facs, key=lambda f: cost[i, f]) if len(facs) else None
        rows.append(
            {
                "site_id": str(client_ids[i]),
                "facility_id": "" if j is None else str(candidate_ids[j]),
                "cost_m": float("nan") if j is None else round(float(cost[i, j]), 1),
                "weight_t_per_yr": float(weights[i]),
            }
        )
    return pd.DataFrame(rows)


def p_median(
    cost_m: np.ndarray,
    weights_t_per_yr: Sequence[float] | np.ndarray,
    *,
    p: int,
    client_ids: Sequence[str],
    candidate_ids: Sequence[str],
    capacities_t_per_yr: Sequence[float] | None = None,
) -> SitingResult:
    """Open ``p`` candidates minimising the t/yr-weighted cost to the nearest open one.

    Parameters
    ----------
    cost_m
        Shape ``(n_sites, n_candidates)``, metres (road or estimated); ``inf`` =
        unreachable.
    weights_t_per_yr
        Shape ``(n_sites,)``: waste of each site, t/yr.
    p
        Number of facilities to open (1 ≤ p ≤ n_candidates).
    client_ids, candidate_ids
        Row and column labels.
    capacities_t_per_yr
        Shape ``(n_candidates,)``: capacity of each candidate, t/yr (capacitated
        p-median; a site's t/yr then goes to one facility whole).

    Returns
    -------
    SitingResult
        ``objective`` in t·m per year.

    Raises
    ------
    UsageError
        Shapes disagree, ``p`` is out of range, or weights are negative.
    InfeasibleError
        The capacities cannot hold the total t/yr, or the solver finds no solution.
    """
    from spopt.locate import PMedian

    cost = _check_costs(cost_m, client_ids, candidate_ids)
    weights = np.asarray(weights_t_per_yr, dtype=float)
    if weights.shape != (cost.shape[0],) or (weights < 0).any() or np.isnan(weights).any():
        raise UsageError("weights_t_per_yr must be one non-negative t/yr value per site")
    if not 1 <= p <= cost.shape[1]:
        raise UsageError(f"p={p} is out of range; choose 1 to {cost.shape[1]} (the candidates)")
    caps = None if capacities_t_per_yr is None else np.asarray(capacities_t_per_yr, dtype=float)
    if caps is not None and float(np.sort(caps)[-p:].sum()) < float(weights.sum()):
        raise InfeasibleError(
            f"the {p} largest candidate capacities hold {np.sort(caps)[-p:].sum():.1f} t/yr, "
            f"less than the {weights.sum():.1f} t/yr to place; raise p or the capacities"
        )
    if caps is not None:
        single_source_check(weights, caps, p=p, client_ids=client_ids)
    model = PMedian.from_cost_matrix(
        _finite(cost), weights, p_facilities=p, facility_capacities=caps
    )
    solved = _solve(model)
    fac2cli = solved.fac2cli  # type: ignore[attr-defined]
    open_idx = [j for j, clients in enumerate(fac2cli) if len(clients)]
    table = _assignment(cost, solved.cli2fac, client_ids, candidate_ids, weights)  # type: ignore[attr-defined]
    objective = float((table.cost_m * table.weight_t_per_yr).sum())
    return SitingResult(
        "capacitated p-median" if caps is not None else "p-median",
        sorted(str(candidate_ids[j]) for j in open_idx),
        table,
        objective,
    )


def _packs(weights: np.ndarray, caps: np.ndarray) -> bool | None:
    """Whether each weight can go whole to one of ``caps`` (a small MILP; None = unknown)."""
    n, m = len(weights), len(caps)
    if n == 0:
        return True
    # x[i, j] = 1 when site i goes to hub j: each site once, each hub within its capacity
    a_site = np.kron(np.eye(n), np.ones(m))
    a_hub = _hub_rows(weights, m)
    res = milp(
        np.zeros(n * m),
        constraints=[LinearConstraint(a_site, 1, 1), LinearConstraint(a_hub, 0, caps)],
        integrality=np.ones(n * m),
        bounds=Bounds(0, 1),
        options={"time_limit": 10.0},
    )
    if res.status == 0:
        return True
    return False if res.status == 2 else None


def _hub_rows(weights: np.ndarray, m: int) -> np.ndarray:
    """Rows of the hub-capacity constraint: ``Σ_i w_i x[i, j]`` for each hub ``j``."""
    n = len(weights)
    rows = np.zeros((m, n * m))
    for j in range(m):
        rows[j, j::m] = weights
    return rows


def _smallest_common_capacity(weights: np.ndarray, p: int) -> float | None:
    """Return the smallest capacity C such that ``p`` hubs of C take every site whole."""
    n = len(weights)
    # variables: x[i, j] (n·p binaries), then C; minimise C
    cost = np.r_[np.zeros(n * p), 1.0]
    a_site = np.hstack([np.kron(np.eye(n), np.ones(p)), np.zeros((n, 1))])
    a_hub = np.hstack([_hub_rows(weights, p), -np.ones((p, 1))])
    res = milp(
        cost,
        constraints=[LinearConstraint(a_site, 1, 1), LinearConstraint(a_hub, -np.inf, 0)],
        integrality=np.r_[np.ones(n * p), 0],
        bounds=Bounds(np.zeros(n * p + 1), np.r_[np.ones(n * p), np.inf]),
        options={"time_limit": 10.0},
    )
    return float(res.x[-1]) if res.status == 0 else None


def single_source_check(
    weights_t_per_yr: Sequence[float] | np.ndarray,
    capacities_t_per_yr: Sequence[float] | np.ndarray,
    *,
    p: int,
    client_ids: Sequence[str],
) -> None:
    """Check that the sites fit the hubs whole, before any solver runs.

    A capacitated siting sends each site's t/yr to one hub whole (single source). The
    total capacity of the ``p`` largest candidates can exceed the total t/yr while no
    such assignment exists (three sites of 40 t/yr do not fit two hubs of 60 t/yr). Since
    only capacities matter for whether one exists, the ``p`` largest candidates are the
    test: if they cannot take every site whole, no choice of ``p`` can.

    Parameters
    ----------
    weights_t_per_yr
        Waste of each site, t/yr.
    capacities_t_per_yr
        Capacity of each candidate, t/yr.
    p
        Number of hubs to open.
    client_ids
        Site ids, for messages.

    Raises
    ------
    InfeasibleError
        No single-source assignment exists; the message gives the smallest number of
        hubs (largest candidates first) and the smallest common capacity for ``p`` hubs
        that would work.
    """
    weights = np.asarray(weights_t_per_yr, dtype=float)
    caps = np.sort(np.asarray(capacities_t_per_yr, dtype=float))[::-1]
    if weights.size == 0 or not (weights > 0).any():
        return
    biggest = int(np.argmax(weights))
    if weights[biggest] > caps[0]:
        msg = (
            f"site {client_ids[biggest]} alone sends {weights[biggest]:,.1f} t/yr but the "
            f"largest candidate holds {caps[0]:,.1f} t/yr, and a site goes whole to one hub; "
            f"give a candidate of at least {weights[biggest]:,.1f} t/yr"
        )
        raise InfeasibleError(msg, [Problem(msg, code="single_source", value=client_ids[biggest])])
    used = weights[weights > 0]
    if _packs(used, caps[:p]) is not False:
        return
    more = next((k for k in range(p + 1, len(caps) + 1) if _packs(used, caps[:k]) is True), None)
    common = _smallest_common_capacity(used, p)
    hubs = (
        f"{more} hubs (the largest candidates) would work"
        if more
        else "no number of these candidates works"
    )
    size = f"; or {p} hubs of at least {common:,.1f} t/yr each" if common is not None else ""
    msg = (
        f"the {p} largest candidates hold {caps[:p].sum():,.1f} t/yr, enough for the "
        f"{used.sum():,.1f} t/yr in total, but no assignment of each site whole to one hub "
        f"fits their capacities ({', '.join(f'{c:,.1f}' for c in caps[:p])} t/yr); {hubs}{size}"
    )
    raise InfeasibleError(msg, [Problem(msg, code="single_source", value=p)])


def coverage_check(
    cost_m: np.ndarray, radius_m: float, *, client_ids: Sequence[str], candidate_ids: Sequence[str]
) -> CoverageCheck:
    """List the sites no candidate covers within ``radius_m``, and the radius that would work.

    Parameters
    ----------
    cost_m
        Shape ``(n_sites, n_candidates)``, metres.
    radius_m
        Service radius, metres.
    client_ids, candidate_ids
        Demand site ids (rows of ``cost_m``) and candidate ids (its columns), in order.

    Returns
    -------
    CoverageCheck
        ``min_radius_m`` = max over sites of the min over candidates of the cost
        (``inf`` when a site reaches no candidate at all).

    Raises
    ------
    UsageError
        ``cost_m`` is not of shape ``(len(client_ids), len(candidate_ids))``, is empty, or
        holds NaN or negative values.
    """
    cost = _check_costs(cost_m, client_ids, candidate_ids)
    nearest = cost.min(axis=1)
    far = np.flatnonzero(nearest > radius_m)
    return CoverageCheck(
        [str(client_ids[int(i)]) for i in far],
        float(nearest.max()),
        {str(client_ids[int(i)]): float(nearest[i]) for i in far},
    )


def _how(check: CoverageCheck) -> str:
    return (
        f"the smallest radius that covers every site is {check.min_radius_m:.0f} m; "
        "raise the radius or add candidates near them"
        if np.isfinite(check.min_radius_m)
        else "add a candidate that these sites can reach"
    )


def _coverage_problems(check: CoverageCheck, radius_m: float) -> list[Problem]:
    how = _how(check)
    return [
        Problem(
            f"site {s} has no candidate within {radius_m:.0f} m (the nearest is "
            f"{check.nearest_m.get(s, np.inf):,.0f} m away); {how}",
            code="uncoverable_site",
            value=s,
        )
        for s in check.uncoverable
    ]


def lscp(
    cost_m: np.ndarray, radius_m: float, *, client_ids: Sequence[str], candidate_ids: Sequence[str]
) -> SitingResult:
    """Fewest candidates such that every site has one within ``radius_m`` (LSCP).

    Parameters
    ----------
    cost_m
        Shape ``(n_sites, n_candidates)``, m; ``inf`` where a site cannot reach a
        candidate.
    radius_m
        Service radius, m: a site is covered by a candidate at most this far.
    client_ids, candidate_ids
        Demand site ids (rows of ``cost_m``) and candidate ids (its columns), in order.

    Returns
    -------
    SitingResult
        ``objective`` = number of candidates opened; each site assigned to its nearest
        open candidate (``weight_t_per_yr`` 1).

    Raises
    ------
    InfeasibleError
        The pre-solve check found sites no candidate can cover; its problems name
        them and give the smallest radius that would work. Also when CBC finds no
        optimal solution.
    UsageError
        ``cost_m`` does not match the ids, or holds NaN or negative values.
    """
    from spopt.locate import LSCP

    check = coverage_check(cost_m, radius_m, client_ids=client_ids, candidate_ids=candidate_ids)
    if not check.ok:
        problems = _coverage_problems(check, radius_m)
        raise InfeasibleError(
            f"{len(problems)} site(s) have no candidate within {radius_m:.0f} m: "
            f"{', '.join(check.uncoverable[:10])}{' ...' if len(problems) > 10 else ''}; "  # noqa: PLR2004
            f"{_how(check)}",
            problems,
        )
    cost = np.asarray(cost_m, dtype=float)
    solved = _solve(LSCP.from_cost_matrix(_finite(cost), radius_m))
    fac2cli = solved.fac2cli  # type: ignore[attr-defined]
    open_idx = [j for j, clients in enumerate(fac2cli) if len(clients)]
    table = _nearest_open(cost, open_idx, client_ids, candidate_ids, np.ones(cost.shape[0]))
    return SitingResult(
        "lscp", sorted(str(candidate_ids[j]) for j in open_idx), table, float(len(open_idx))
    )


def _nearest_open(
    cost: np.ndarray,
    open_idx: list[int],
    client_ids: Sequence[str],
    candidate_ids: Sequence[str],
    weights: np.ndarray,
    radius_m: float = np.inf,
) -> pd.DataFrame:
    cli2fac = [[j for j in open_idx if cost[i, j] <= radius_m] for i in range(cost.shape[0])]
    return _assignment(cost, cli2fac, client_ids, candidate_ids, weights)


def mclp(
    cost_m: np.ndarray,
    weights_t_per_yr: Sequence[float],
    radius_m: float,
    *,
    p: int,
    client_ids: Sequence[str],
    candidate_ids: Sequence[str],
) -> SitingResult:
    """Open ``p`` candidates covering the most t/yr within ``radius_m`` (MCLP).

    Parameters
    ----------
    cost_m
        Shape ``(n_sites, n_candidates)``, m; ``inf`` where a site cannot reach a
        candidate.
    weights_t_per_yr
        Waste of each demand site, t/yr (the quantity covered), in ``client_ids`` order.
    radius_m
        Service radius, m: a site is covered by a candidate at most this far.
    p
        Number of candidates to open, 1 to ``n_candidates``.
    client_ids, candidate_ids
        Demand site ids (rows of ``cost_m``) and candidate ids (its columns), in order.

    Returns
    -------
    SitingResult
        ``objective`` = t/yr covered; uncovered sites have an empty ``facility_id``.
        ``notes`` lists the sites no candidate could cover at all (pre-solve check).

    Raises
    ------
    UsageError
        ``p`` out of range, or ``cost_m`` does not match the ids or holds NaN or negative
        values.
    InfeasibleError
        CBC finds no optimal solution.
    """
    from spopt.locate import MCLP

    cost = _check_costs(cost_m, client_ids, candidate_ids)
    weights = np.asarray(weights_t_per_yr, dtype=float)
    if not 1 <= p <= cost.shape[1]:
        raise UsageError(f"p={p} is out of range; choose 1 to {cost.shape[1]} (the candidates)")
    check = coverage_check(cost, radius_m, client_ids=client_ids, candidate_ids=candidate_ids)
    solved = _solve(MCLP.from_cost_matrix(_finite(cost), weights, radius_m, p_facilities=p))
    fac2cli = solved.fac2cli  # type: ignore[attr-defined]
    open_idx = [j for j, clients in enumerate(fac2cli) if len(clients)]
    table = _nearest_open(cost, open_idx, client_ids, candidate_ids, weights, radius_m)
    covered = float(table.loc[table.facility_id != "", "weight_t_per_yr"].sum())
    notes = [p.to_line() for p in _coverage_problems(check, radius_m)]
    return SitingResult(
        "mclp", sorted(str(candidate_ids[j]) for j in open_idx), table, covered, notes
    )


# --------------------------------------------------------------------------------------
# Geographic adapter
# --------------------------------------------------------------------------------------


def grid_candidates(boundary: gpd.GeoDataFrame, *, spacing_m: float, epsg: int) -> gpd.GeoDataFrame:
    """Candidate points on a square grid inside a boundary.

    Parameters
    ----------
    boundary
        Polygons, any CRS.
    spacing_m
        Grid spacing, metres, in the projected CRS ``epsg``.
    epsg
        Projected CRS (metres) the grid is laid in, e.g. the park's UTM zone.

    Returns
    -------
    geopandas.GeoDataFrame
        ``candidate_id`` (``G001``...), ``lon``, ``lat``; EPSG:4326 points.

    Raises
    ------
    UsageError
        ``spacing_m`` is not positive, or no grid point falls inside the boundary.
    """
    if not spacing_m > 0:
        raise UsageError(f"grid spacing {spacing_m} m must be positive")
    poly = boundary.to_crs(epsg).geometry.union_all()
    x0, y0, x1, y1 = poly.bounds
    xs = np.arange(x0 + spacing_m / 2, x1, spacing_m)
    ys = np.arange(y0 + spacing_m / 2, y1, spacing_m)
    pts = [Point(x, y) for y in ys for x in xs if poly.contains(Point(x, y))]
    if not pts:
        raise UsageError(
            f"no grid point at {spacing_m} m spacing falls inside the boundary; "
            "use a smaller spacing"
        )
    grid = gpd.GeoSeries(pts, crs=epsg).to_crs(4326)
    return gpd.GeoDataFrame(
        {
            "candidate_id": [f"G{i:03d}" for i in range(1, len(pts) + 1)],
            "lon": grid.x.to_numpy(),
            "lat": grid.y.to_numpy(),
        },
        geometry=grid.to_numpy(),
        crs=4326,
    )


def cost_matrix_estimated(
    sites: pd.DataFrame, candidates: pd.DataFrame, circuity: float
) -> np.ndarray:
    """Estimated road distance (great-circle × circuity), metres, sites × candidates.

    ``sites`` and ``candidates`` have ``lon`` and ``lat`` in EPSG:4326 degrees.

    Parameters
    ----------
    sites
        Demand sites (rows of the result), ``lon``/``lat`` in EPSG:4326 degrees.
    candidates
        Candidate sites (columns of the result), ``lon``/``lat`` in EPSG:4326 degrees.
    circuity
        Ratio of road distance to great-circle distance (e.g. the ``circuity_factor``
        coefficient) that every great-circle distance is multiplied by.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(sites), len(candidates))``, m.
    """
    lo1, la1 = sites.lon.to_numpy(float)[:, None], sites.lat.to_numpy(float)[:, None]
    lo2, la2 = candidates.lon.to_numpy(float)[None, :], candidates.lat.to_numpy(float)[None, :]
    return np.asarray(haversine_m(lo1, la1, lo2, la2), dtype=float) * circuity


def cost_matrix_road(
    graph: nx.MultiDiGraph,
    sites: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    snap_tolerance_m: float,
) -> tuple[np.ndarray, list[str]]:
    """Road distance from each site to each candidate over a street graph, metres.

    Sites and candidates are projected onto the nearest edge of the graph's largest
    strongly connected component (:func:`eipgeo.matrix.snap_to_edges`), and a cell is
    the directed road distance from the site's point to the candidate's point
    (:func:`eipgeo.matrix.site_matrix_from_graph`); as in the job's matrix, the
    straight connectors from the points to the road are not added. A candidate farther
    than ``snap_tolerance_m`` from every road cannot be reached by truck: its column is
    ``inf``, so it is never opened.

    Parameters
    ----------
    graph
        Street graph, node ``x``/``y`` in EPSG:4326, edge ``length`` in m (as
        :func:`eipgeo.network.read_network` returns it).
    sites, candidates
        ``site_id`` / ``candidate_id``, ``lon``, ``lat`` in EPSG:4326 degrees.
    snap_tolerance_m
        Largest accepted connector, m (``eipgeo.settings.snap_tolerance_m``).

    Returns
    -------
    tuple of (numpy.ndarray, list of str)
        The ``(n_sites, n_candidates)`` cost matrix (m, ``inf`` = unreachable), and
        the ids of the candidates left out for being off the road.

    Raises
    ------
    SnapError
        The graph has no edge or is not in EPSG:4326.
    InfeasibleError
        No candidate is within ``snap_tolerance_m`` of a road.
    """
    main = max(nx.strongly_connected_components(graph), key=len)
    sub = graph.subgraph(main).copy()
    n = len(sites)
    keys = [f"site:{i}" for i in range(n)] + [f"cand:{j}" for j in range(len(candidates))]
    lon = [*sites.lon.astype(float), *candidates.lon.astype(float)]
    lat = [*sites.lat.astype(float), *candidates.lat.astype(float)]
    snaps = snapping.snap_to_edges(sub, keys, lon, lat)
    cost = np.array(matrix.site_matrix_from_graph(sub, snaps).values[:n, n:], dtype=float)
    off = snaps.snap_distance_m.to_numpy(float)[n:] > snap_tolerance_m
    cost[:, off] = np.inf
    ids = list(candidates.candidate_id.astype(str))
    if off.all():
        raise InfeasibleError(
            f"none of the {len(ids)} candidates is within {snap_tolerance_m:.0f} m of a road "
            "of the street graph; add candidates by the roads or raise the snap tolerance"
        )
    return cost, [ids[j] for j in np.flatnonzero(off)]


def site_facility(
    sites: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    p: int = 1,
    circuity: float,
    capacities_t_per_yr: Sequence[float] | None = None,
    graph: nx.MultiDiGraph | None = None,
    snap_tolerance_m: float | None = None,
) -> tuple[SitingResult, pd.DataFrame]:
    """Choose ``p`` shared-facility sites among candidates for the clients of a job.

    Parameters
    ----------
    sites
        ``site_id, lon, lat, waste_t_per_yr`` (EPSG:4326); rows with ``role`` other
        than ``client`` are dropped when ``role`` is present.
    candidates
        ``candidate_id, lon, lat`` (EPSG:4326): user points or :func:`grid_candidates`.
    p, capacities_t_per_yr
        As in :func:`p_median`.
    circuity
        Ratio of road to great-circle distance (``coefficients`` ``circuity_factor``),
        used when there is no ``graph``.
    graph
        A street graph (EPSG:4326, edge ``length`` m): costs are then road distances
        (:func:`cost_matrix_road`) instead of great-circle × circuity.
    snap_tolerance_m
        With ``graph``: largest connector from a candidate to the road, m (default
        ``eipgeo.settings.snap_tolerance_m``).

    Returns
    -------
    tuple of (SitingResult, pandas.DataFrame)
        The solution (``cost_basis`` says which costs were used, also a column of
        its ``assignment``), and the opened candidates (``candidate_id, lon, lat,
        assigned_t_per_yr, sites``) for the map and the scenario's facility list.

    Raises
    ------
    InfeasibleError
        As :func:`p_median`, and (with ``graph``) no candidate near a road.
    """
    clients = sites[sites["role"] == "client"] if "role" in sites.columns else sites
    off: list[str] = []
    if graph is None:
        cost, basis = cost_matrix_estimated(clients, candidates, circuity), "estimate_circuity"
        note = "costs estimated: great-circle distance x circuity factor"
    else:
        tol = settings.snap_tolerance_m if snap_tolerance_m is None else snap_tolerance_m
        cost, off = cost_matrix_road(graph, clients, candidates, snap_tolerance_m=tol)
        basis = str(graph.graph.get("distance_source", "osm_street"))
        note = (
            "costs on roads: directed street distance from each site to each candidate, "
            "both snapped to the nearest street edge"
        )
    result = p_median(
        cost,
        clients.waste_t_per_yr.to_numpy(float),
        p=p,
        client_ids=list(clients.site_id.astype(str)),
        candidate_ids=list(candidates.candidate_id.astype(str)),
        capacities_t_per_yr=capacities_t_per_yr,
    )
    load = result.assignment.groupby("facility_id").agg(
        assigned_t_per_yr=("weight_t_per_yr", "sum"), sites=("site_id", "count")
    )
    opened = candidates[candidates.candidate_id.isin(result.open_ids)][
        ["candidate_id", "lon", "lat"]
    ].merge(load, left_on="candidate_id", right_index=True)
    result.notes.append(note)
    if off:
        result.notes.append(
            f"{len(off)} candidate(s) farther than the snap tolerance from a "
            f"road left out: {', '.join(off[:10])}"
        )
    result.cost_basis = basis
    result.assignment["cost_basis"] = basis
    return result, pd.DataFrame(opened).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Coverage of plots (polygons)
# --------------------------------------------------------------------------------------

PLOT_MEASURES = ("nearest_point", "centroid")
"""How a plot's distance to a collection point is measured: from the plot's nearest
point (its edge; 0 when the point is inside it) or from its centroid."""


def plot_distance_m(
    plots: gpd.GeoDataFrame, points: pd.DataFrame, *, epsg: int, measure: str = "nearest_point"
) -> np.ndarray:
    """Straight-line distance from each plot to each collection point, metres.

    Parameters
    ----------
    plots
        Plot polygons, any CRS.
    points
        ``lon``, ``lat`` in EPSG:4326 degrees.
    epsg
        Projected CRS (metres) to measure in: the park's ``epsg``.
    measure
        ``nearest_point`` (from the plot's nearest edge point; 0 inside the plot) or
        ``centroid`` (from the plot's centroid).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_plots, n_points)``, m.

    Raises
    ------
    UsageError
        An unknown ``measure``, or no plots or no points.
    """
    if measure not in PLOT_MEASURES:
        raise UsageError(
            f"plot measure '{measure}' is not known; use one of {', '.join(PLOT_MEASURES)}"
        )
    if plots.empty or points.empty:
        raise UsageError("plot coverage needs at least one plot and one collection point")
    shapes = plots.to_crs(epsg).geometry
    if measure == "centroid":
        shapes = shapes.centroid
    pts = gpd.GeoSeries(
        gpd.points_from_xy(points.lon.astype(float), points.lat.astype(float)), crs=4326
    ).to_crs(epsg)
    return np.array([[float(shape.distance(pt)) for pt in pts] for shape in shapes])


def plot_coverage(
    plots: gpd.GeoDataFrame,
    points: pd.DataFrame,
    radius_m: float,
    *,
    epsg: int,
    id_column: str = "plot_id",
    measure: str = "nearest_point",
) -> pd.DataFrame:
    """Which plots have an (opened) collection point within ``radius_m``.

    A plot is covered when the straight-line distance from its nearest point (or its
    centroid, ``measure``) to the nearest collection point is at most ``radius_m``.
    The distance is not a walking or road distance.

    Parameters
    ----------
    plots
        Polygons with an id column ``id_column``, any CRS.
    points
        The collection points: ``point_id``, ``lon``, ``lat`` (EPSG:4326 degrees).
    radius_m
        Service radius, m (> 0).
    epsg, measure
        As :func:`plot_distance_m`.
    id_column
        Name of the plots' id column; default ``plot_id``. The output column is always
        ``plot_id``.

    Returns
    -------
    pandas.DataFrame
        One row per plot: ``plot_id``, ``measure``, ``nearest_point_id``,
        ``distance_m``, ``radius_m``, ``covered``.

    Raises
    ------
    UsageError
        ``radius_m`` not positive, ``id_column`` missing, or as :func:`plot_distance_m`.
    """
    if not radius_m > 0:
        raise UsageError(f"coverage radius {radius_m} m must be positive")
    if id_column not in plots.columns:
        raise UsageError(
            f"the plots have no '{id_column}' column (columns: "
            f"{', '.join(map(str, plots.columns))}); name the id column"
        )
    dist = plot_distance_m(plots, points, epsg=epsg, measure=measure)
    best = dist.argmin(axis=1)
    ids = points.point_id.astype(str).to_numpy()
    near = dist[np.arange(len(best)), best]
    return pd.DataFrame(
        {
            "plot_id": plots[id_column].astype(str).to_numpy(),
            "measure": measure,
            "nearest_point_id": ids[best],
            "distance_m": near.round(1),
            "radius_m": float(radius_m),
            "covered": near <= radius_m,
        }
    )
