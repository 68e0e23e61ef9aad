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
import numpy as np
import pandas as pd
from shapely.geometry import Point

from eipgeo._errors import InfeasibleError, Problem, UsageError

__all__ = [
    "CoverageCheck",
    "SitingResult",
    "coverage_check",
    "cost_matrix_estimated",
    "grid_candidates",
    "lscp",
    "mclp",
    "p_median",
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
    """

    model: str
    open_ids: list[str]
    assignment: pd.DataFrame
    objective: float
    notes: list[str] = field(default_factory=list)


@dataclass
class CoverageCheck:
    """Result of the pre-solve coverage check.

    Attributes
    ----------
    uncoverable
        Demand site ids farther than the radius from every candidate.
    min_radius_m
        Smallest radius (m) at which every site has a candidate within reach.
    """

    uncoverable: list[str]
    min_radius_m: float

    @property
    def ok(self) -> bool:
        """Whether every site can be covered."""
        return not self.uncoverable


def _check_costs(cost_m: np.ndarray, client_ids: Sequence[str],
                 candidate_ids: Sequence[str]) -> np.ndarray:
    cost = np.asarray(cost_m, dtype=float)
    if cost.ndim != 2 or cost.shape != (len(client_ids), len(candidate_ids)):  # noqa: PLR2004
        raise UsageError(f"cost matrix has shape {cost.shape}; expected "
                         f"({len(client_ids)}, {len(candidate_ids)}) = (sites, candidates)")
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


def _assignment(cost: np.ndarray, cli2fac: Sequence[Sequence[int]], client_ids: Sequence[str],
                candidate_ids: Sequence[str], weights: np.ndarray) -> pd.DataFrame:
    rows = []
    for i, facs in enumerate(cli2fac):
        j = min(facs, key=lambda f: cost[i, f]) if len(facs) else None
        rows.append({"site_id": str(client_ids[i]),
                     "facility_id": "" if j is None else str(candidate_ids[j]),
                     "cost_m": float("nan") if j is None else round(float(cost[i, j]), 1),
                     "weight_t_per_yr": float(weights[i])})
    return pd.DataFrame(rows)


def p_median(
    cost_m: np.ndarray, weights_t_per_yr: Sequence[float] | np.ndarray, *, p: int,
    client_ids: Sequence[str], candidate_ids: Sequence[str],
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
            f"less than the {weights.sum():.1f} t/yr to place; raise p or the capacities")
    model = PMedian.from_cost_matrix(_finite(cost), weights, p_facilities=p,
                                     facility_capacities=caps)
    solved = _solve(model)
    fac2cli = solved.fac2cli  # type: ignore[attr-defined]
    open_idx = [j for j, clients in enumerate(fac2cli) if len(clients)]
    table = _assignment(cost, solved.cli2fac, client_ids, candidate_ids,  # type: ignore[attr-defined]
                        weights)
    objective = float((table.cost_m * table.weight_t_per_yr).sum())
    return SitingResult("capacitated p-median" if caps is not None else "p-median",
                        sorted(str(candidate_ids[j]) for j in open_idx), table, objective)


def coverage_check(cost_m: np.ndarray, radius_m: float, *,
                   client_ids: Sequence[str], candidate_ids: Sequence[str]) -> CoverageCheck:
    """List the sites no candidate covers within ``radius_m``, and the radius that would work.

    Parameters
    ----------
    cost_m
        Shape ``(n_sites, n_candidates)``, metres.
    radius_m
        Service radius, metres.

    Returns
    -------
    CoverageCheck
        ``min_radius_m`` = max over sites of the min over candidates of the cost
        (``inf`` when a site reaches no candidate at all).
    """
    cost = _check_costs(cost_m, client_ids, candidate_ids)
    nearest = cost.min(axis=1)
    bad = [str(client_ids[int(i)]) for i in np.flatnonzero(nearest > radius_m)]
    return CoverageCheck(bad, float(nearest.max()))


def _coverage_problems(check: CoverageCheck, radius_m: float) -> list[Problem]:
    how = (f"the smallest radius that covers every site is {check.min_radius_m:.0f} m"
           if np.isfinite(check.min_radius_m) else "add a candidate that these sites can reach")
    return [Problem(f"no candidate within {radius_m:.0f} m; {how}", code="uncoverable_site",
                    column="site_id", value=s) for s in check.uncoverable]


def lscp(cost_m: np.ndarray, radius_m: float, *, client_ids: Sequence[str],
         candidate_ids: Sequence[str]) -> SitingResult:
    """Fewest candidates such that every site has one within ``radius_m`` (LSCP).

    Raises
    ------
    InfeasibleError
        The pre-solve check found sites no candidate can cover; its problems name
        them and give the smallest radius that would work.
    """
    from spopt.locate import LSCP

    check = coverage_check(cost_m, radius_m, client_ids=client_ids, candidate_ids=candidate_ids)
    if not check.ok:
        problems = _coverage_problems(check, radius_m)
        raise InfeasibleError(problems[0].message, problems)
    cost = np.asarray(cost_m, dtype=float)
    solved = _solve(LSCP.from_cost_matrix(_finite(cost), radius_m))
    fac2cli = solved.fac2cli  # type: ignore[attr-defined]
    open_idx = [j for j, clients in enumerate(fac2cli) if len(clients)]
    table = _nearest_open(cost, open_idx, client_ids, candidate_ids, np.ones(cost.shape[0]))
    return SitingResult("lscp", sorted(str(candidate_ids[j]) for j in open_idx), table,
                        float(len(open_idx)))


def _nearest_open(cost: np.ndarray, open_idx: list[int], client_ids: Sequence[str],
                  candidate_ids: Sequence[str], weights: np.ndarray,
                  radius_m: float = np.inf) -> pd.DataFrame:
    cli2fac = [[j for j in open_idx if cost[i, j] <= radius_m] for i in range(cost.shape[0])]
    return _assignment(cost, cli2fac, client_ids, candidate_ids, weights)


def mclp(cost_m: np.ndarray, weights_t_per_yr: Sequence[float], radius_m: float, *, p: int,
         client_ids: Sequence[str], candidate_ids: Sequence[str]) -> SitingResult:
    """Open ``p`` candidates covering the most t/yr within ``radius_m`` (MCLP).

    Returns
    -------
    SitingResult
        ``objective`` = t/yr covered; uncovered sites have an empty ``facility_id``.
        ``notes`` lists the sites no candidate could cover at all (pre-solve check).
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
    return SitingResult("mclp", sorted(str(candidate_ids[j]) for j in open_idx), table,
                        covered, notes)


# --------------------------------------------------------------------------------------
# Geographic adapter
# --------------------------------------------------------------------------------------


def grid_candidates(boundary: gpd.GeoDataFrame, *, spacing_m: float, epsg: int
                    ) -> gpd.GeoDataFrame:
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
        raise UsageError(f"no grid point at {spacing_m} m spacing falls inside the boundary; "
                         "use a smaller spacing")
    grid = gpd.GeoSeries(pts, crs=epsg).to_crs(4326)
    return gpd.GeoDataFrame({"candidate_id": [f"G{i:03d}" for i in range(1, len(pts) + 1)],
                             "lon": grid.x.to_numpy(), "lat": grid.y.to_numpy()},
                            geometry=grid.to_numpy(), crs=4326)


def cost_matrix_estimated(sites: pd.DataFrame, candidates: pd.DataFrame, circuity: float
                          ) -> np.ndarray:
    """Estimated road distance (great-circle × circuity), metres, sites × candidates.

    ``sites`` and ``candidates`` have ``lon`` and ``lat`` in EPSG:4326 degrees.
    """
    from eipgeo.matrix import haversine_m

    lo1, la1 = sites.lon.to_numpy(float)[:, None], sites.lat.to_numpy(float)[:, None]
    lo2, la2 = candidates.lon.to_numpy(float)[None, :], candidates.lat.to_numpy(float)[None, :]
    return np.asarray(haversine_m(lo1, la1, lo2, la2), dtype=float) * circuity


def site_facility(
    sites: pd.DataFrame, candidates: pd.DataFrame, *, p: int = 1, circuity: float,
    capacities_t_per_yr: Sequence[float] | None = None,
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
        Ratio of road to great-circle distance (``coefficients`` ``circuity_factor``).

    Returns
    -------
    tuple of (SitingResult, pandas.DataFrame)
        The solution, and the opened candidates (``candidate_id, lon, lat,
        assigned_t_per_yr, sites``) for the map and the scenario's facility list.
    """
    clients = sites[sites["role"] == "client"] if "role" in sites.columns else sites
    cost = cost_matrix_estimated(clients, candidates, circuity)
    result = p_median(cost, clients.waste_t_per_yr.to_numpy(float), p=p,
                      client_ids=list(clients.site_id.astype(str)),
                      candidate_ids=list(candidates.candidate_id.astype(str)),
                      capacities_t_per_yr=capacities_t_per_yr)
    load = result.assignment.groupby("facility_id").agg(
        assigned_t_per_yr=("weight_t_per_yr", "sum"), sites=("site_id", "count"))
    opened = candidates[candidates.candidate_id.isin(result.open_ids)][
        ["candidate_id", "lon", "lat"]].merge(load, left_on="candidate_id", right_index=True)
    result.notes.append("costs estimated: great-circle distance x circuity factor")
    return result, pd.DataFrame(opened).reset_index(drop=True)
