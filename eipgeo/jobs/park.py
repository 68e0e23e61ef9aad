"""The main job: from a park's data to waste streams, collection routes and exchanges.

This module only orchestrates the pipeline stages (sources and streams → network and
matrix → routing → symbiosis → indicators → key figures) and stores every result once in
a :class:`~eipgeo.jobs.result.JobResult`. Two kinds of case share one path:

* ``uis_collection`` (``hcmc-uis``): food-service outlets on a real OSM street graph,
  collected to a receiver;
* ``industrial_park``: tenants of a programme park, placed by documented rules,
  collected inside the park (road distances estimated unless a street extract is
  given) and hauled over the trunk-road graph to the nearest suitable facility.
"""

from __future__ import annotations

import dataclasses
import math
import time
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from shapely.geometry import LineString

from eipgeo import (
    coefficients,
    indicators,
    matrix,
    parks,
    pathways,
    settings,
    snapping,
    waste,
)
from eipgeo._errors import InfeasibleError, Problem
from eipgeo._progress import stage
from eipgeo.jobs.result import JobResult
from eipgeo.jobs.sources import (
    depot_of,
    depot_opening,
    facility_frame,
    fleet_of,
    outside_sources,
    park_sources,
    park_streams,
    street_graph_of,
    trunk_graph,
    trunk_lines,
    uis_sources,
)
from eipgeo.jobs.summary import summarise
from eipgeo.matrix import Leg, SiteMatrix
from eipgeo.routing import frequency as routing_week
from eipgeo.routing import tables as route_tables
from eipgeo.routing import workday
from eipgeo.routing.legs import HaulLegs, LegGeometry, StraightLegs, StreetLegs, route_legs
from eipgeo.routing.model import HAZARDOUS_GROUP, SolverParams, Timing
from eipgeo.routing.solve import plan_by_class
from eipgeo.symbiosis.from_job import symbiosis_for_sites

# --------------------------------------------------------------------------------------
# Matrices and facilities
# --------------------------------------------------------------------------------------


def _local_matrix(
    sites: pd.DataFrame, graph: nx.MultiDiGraph | None, circuity: float
) -> tuple[SiteMatrix, pd.DataFrame | None, list[Problem]]:
    """Street matrix when a graph exists, else estimates.

    Sites are projected onto the nearest edge of the graph's largest strongly connected
    component (edge snapping; the connector is not in the cells), so every cell is a
    real directed road distance; sites outside the network's extent or too far from
    it are errors naming them.
    """
    ids, lon, lat = list(sites.site_id), list(sites.lon), list(sites.lat)
    if graph is None:
        return matrix.estimated_matrix(ids, lon, lat, circuity), None, []
    main = max(nx.strongly_connected_components(graph), key=len)
    sub = graph.subgraph(main).copy()
    snaps = snapping.snap_to_edges(sub, ids, lon, lat)
    tolerance = settings.snap_tolerance_m
    problems = snapping.snap_qa(graph, snaps, ids, lon, lat, tolerance)
    return matrix.site_matrix_from_graph(sub, snaps), snaps, problems


def _composite(local: SiteMatrix, haul_m: dict[str, float], depot: int) -> np.ndarray:
    """Append one row and column per facility: local distance to/from the gate plus the haul.

    The haul back (facility → gate) is taken equal to the haul out.
    """
    n = len(local.site_ids)
    k = len(haul_m)
    values = np.full((n + k, n + k), np.inf)
    values[:n, :n] = local.values
    for j, dist in enumerate(haul_m.values()):
        values[:n, n + j] = local.values[:, depot] + dist
        values[n + j, :n] = dist + local.values[depot, :]
        values[n + j, n + j] = 0.0
    return values


def _choose_facility(
    facilities: gpd.GeoDataFrame,
    classes: tuple[str, ...],
    gate: tuple[float, float],
    trunk: nx.MultiDiGraph | None,
    circuity: float,
) -> tuple[pd.Series | None, list[Leg]]:
    """Nearest facility (by haul distance) that accepts every class and can be routed to.

    Operating facilities are preferred: a facility whose ``status`` does not start with
    ``operating`` is chosen only when no operating one qualifies (a declared
    ``receiver_facility`` is used whatever its status). A facility a scenario adds
    (``confidence`` ``scenario``: a hub, a store) counts as operating: the scenario plans
    it as running, so it competes on distance (its onward haul is in ``summary.csv``,
    :mod:`eipgeo.jobs.onward`).
    """
    if facilities.empty:
        return None, []
    ok = facilities[
        facilities["accepts"].str.split(";").apply(lambda a: set(classes) <= set(a))
        & facilities["location_quality"].isin(parks.ROUTABLE_QUALITY)
    ]
    proposed = ok.get("confidence", pd.Series("", index=ok.index)).fillna("") == "scenario"
    operating = ok[ok["status"].fillna("").str.lower().str.startswith("operating") | proposed]
    if not operating.empty and len(facilities) > 1:
        ok = operating
    best: tuple[float, pd.Series, list[Leg]] | None = None
    for _, fac in ok.sort_values("id").iterrows():
        legs = matrix.regional_legs(trunk, gate, (fac.lon, fac.lat), circuity)
        dist = sum(leg.distance_m for leg in legs)
        if best is None or dist < best[0]:
            best = (dist, fac, legs)
    return (best[1], best[2]) if best else (None, [])


# --------------------------------------------------------------------------------------
# The job
# --------------------------------------------------------------------------------------


def _inputs(
    park: parks.Park, network_file: Path | None
) -> tuple[
    gpd.GeoDataFrame,
    pd.DataFrame,
    list[Problem],
    dict[str, object],
    gpd.GeoDataFrame | None,
    nx.MultiDiGraph | None,
]:
    """Read a park's sources, streams (and their warnings), depot, boundary and street graph."""
    if park.kind == "uis_collection":
        boundary = None
        sources = uis_sources(park)
    else:
        boundary = parks.read_boundary(park)
        sources = park_sources(park, boundary)
    graph = street_graph_of(park, boundary, network_file)
    streams, problems = park_streams(park, sources)
    return sources, streams, problems, depot_of(park, boundary, graph), boundary, graph


def run_park(
    park: parks.Park | str,
    *,
    network_file: Path | None = None,
    seed: int | None = None,
    max_iterations: int = 1500,
    waste_scenario: waste.WasteChange | None = None,
    collection_days_per_week: dict[str, int] | None = None,
    symbiosis_objective: str = "auto",
    unknown_demand: str = "candidate",
) -> JobResult:
    """Run the main job on one park or case.

    Parameters
    ----------
    park
        A :class:`~eipgeo.parks.Park`, its slug or its folder. A tenant placed from its own
        coordinates more than ``settings.boundary_tolerance_m`` outside the park boundary
        is a warning (``outside_boundary``, naming it) and is left out of routes and
        exchanges (:func:`eipgeo.parks.outside_boundary`).
    network_file
        An OSM XML street extract covering the park; its real streets replace the
        estimated in-park distances. Without one, a programme park's streets are
        downloaded with osmnx when ``settings.allow_network`` is on (cached), and
        estimated otherwise.
    seed, max_iterations
        PyVRP controls (default ``settings.seed``).
    waste_scenario
        RECP reductions and growth applied to the streams before pathways and routing
        (a scenario file's ``recp`` block, :mod:`eipgeo.scenarios`).
    collection_days_per_week
        Group (``hazardous``, which includes ``controlled``, / ``non_hazardous``) →
        collection days a week, 1-7 (a scenario's ``collection.days_per_week``). A group
        collected d days a week is planned with pickups of kg/day × 7 / d and its week
        figures are its day plan × d (:func:`eipgeo.routing.frequency.group_frequencies`).
        ``None`` (default): one day's generation per pickup and week = day plan × the
        ``collection_days_per_week`` coefficient, as before.
    symbiosis_objective
        What the exchange plan maximises (:data:`eipgeo.symbiosis.plan.OBJECTIVES`).
    unknown_demand
        How the plan treats a receiver whose intake is not published
        (:data:`eipgeo.symbiosis.demand.UNKNOWN_DEMAND_RULES`).

    Returns
    -------
    JobResult
        Every stage's result, computed once.

    Raises
    ------
    DataNotFoundError
        A data file the park names is missing.
    InfeasibleError, UnreachableError
        The collection cannot be planned; the problems name the sites.
    """
    started = time.perf_counter()
    park = parks.load_park(park) if isinstance(park, str) else park
    circuity = coefficients.get("circuity_factor").value
    with stage("reading park, waste and streets"):
        sources, streams, pathway_problems, depot, boundary, graph = _inputs(park, network_file)
    if waste_scenario is not None:
        streams, pathway_problems = _apply_waste_scenario(park, streams, waste_scenario)
    trunk = trunk_graph(park.meta.trunk_roads) if park.meta.trunk_roads else None
    facilities = facility_frame(park)
    site_rows = pd.concat(
        [
            pd.DataFrame([{**depot, "role": "depot", "name": depot.get("name", "Depot")}]),
            pd.DataFrame(sources.drop(columns="geometry")).assign(role="client"),
        ],
        ignore_index=True,
    )
    with stage("network matrix"):
        local, snaps, problems = _local_matrix(site_rows, graph, circuity)
    if snaps is None:
        problems += _colocated_problems(site_rows)
    outside = outside_sources(park, sources, boundary) if boundary is not None else []
    problems += park.problems + outside
    outside_ids = {str(p.value) for p in outside}
    streams = streams[~streams["site_id"].astype(str).isin(outside_ids)]  # not in any total
    excluded = {p.value for p in problems if p.severity == "error"} | outside_ids
    if str(depot["site_id"]) in excluded:
        raise InfeasibleError(problems[0].message, problems)
    classes = sorted(streams["waste_class"].unique())
    kg_all = _kg_by_class(streams, site_rows, classes, excluded)
    # only streams of the park's shared rounds are routed: process streams the generator
    # ships in bulk itself and the unlisted rest of the park (no site) are counted, not
    # routed (eipgeo.waste.COLLECTIONS)
    on_round = (
        streams["collection"] == "park_round"
        if "collection" in streams.columns
        else pd.Series(True, index=streams.index)
    )
    gate = (float(str(depot["lon"])), float(str(depot["lat"])))
    group_facility, haul_legs = _facilities_for_groups(
        park, facilities, streams, classes, gate, trunk, circuity
    )
    problems += _destination_problems(park, streams, group_facility)
    kg = _kg_by_class(
        streams[_routed(streams, group_facility) & on_round], site_rows, classes, excluded
    )
    haul_m = {g: sum(leg.distance_m for leg in legs) for g, legs in haul_legs.items()}
    values = _composite(local, haul_m, depot=0)
    n = len(site_rows)
    ends = {g: n + j for j, g in enumerate(haul_m)}
    ids = list(site_rows.site_id) + [str(group_facility[g]["id"]) for g in haul_m]
    frequencies = routing_week.group_frequencies(collection_days_per_week)
    pickups = routing_week.pickup_kg(kg, frequencies)  # kg/day unless a frequency is set
    demand = np.vstack([pickups.to_numpy(), np.zeros((len(haul_m), len(classes)))])
    params = SolverParams(
        seed=settings.seed if seed is None else seed, max_iterations=max_iterations
    )
    fleet = fleet_of(park)
    timing, opens = _timing(values, park)
    with stage("routing"):
        plans = plan_by_class(
            values,
            demand,
            classes,
            fleet,
            ids,
            depot=0,
            end_depot=ends,
            reload={g: [e] for g, e in ends.items()},
            garage_return=True,
            timing=timing,
            params=params,
        )
        workday.raise_for_violations(  # every plan through the independent checker
            workday.check_plans(
                plans,
                values,
                demand,
                classes,
                fleet,
                ids,
                depot=0,
                disposal={g: [e] for g, e in ends.items()},
                timing=timing,
            )
        )
    lonlat = list(zip(site_rows.lon.astype(float), site_rows.lat.astype(float), strict=True))
    local_legs: LegGeometry = (
        StraightLegs(lonlat, local.values, local.source)
        if graph is None or snaps is None
        else StreetLegs(graph, list(snaps.node), lonlat, local.values, local.source)
    )
    legs = route_legs(
        {None: plans}, ids, HaulLegs(local_legs, n, 0, {ends[g]: haul_legs[g] for g in haul_legs})
    )
    sites = _sites_frame(site_rows, kg_all, snaps, excluded)
    with stage("symbiosis"):
        exchanges = symbiosis_for_sites(  # a site outside the park is no partner
            sites[~sites.site_id.astype(str).isin(outside_ids)],
            streams[streams["site_id"].isin(set(sites.site_id))],
            facilities,
            local,
            objective=symbiosis_objective,
            unknown_demand=unknown_demand,
            province=park.meta.province or None,
            park=park.slug,
        )
    result = JobResult(
        park=park,
        sites=sites,
        streams=streams,
        facilities=facilities,
        plans=plans,
        legs=legs,
        route_table=route_tables.routes_table(plans, values, fleet),
        stop_table=route_tables.stops_table(
            plans, ids, names=dict(zip(site_rows.site_id, site_rows["name"], strict=True))
        ),
        fleet=fleet,
        symbiosis=exchanges,
        indicators=indicators.indicators_for_job(
            sites, streams, facilities, exchanges.plan, park_kind=park.meta.kind
        ),
        summary=pd.DataFrame(columns=["key", "value", "unit", "note"]),
        problems=problems + pathway_problems,
        chosen_facilities=group_facility,
        boundary=boundary,
        context_lines=_context_lines(park, graph, trunk, sites),
        local_matrix=local,
        graph=graph,
        collection_frequencies=None if collection_days_per_week is None else frequencies,
        symbiosis_objective=symbiosis_objective,
        depot_opens=opens,
        seconds=time.perf_counter() - started,
    )
    return dataclasses.replace(result, summary=summarise(result))


def _timing(values: np.ndarray, park: parks.Park) -> tuple[Timing, tuple[float, str]]:
    """Travel, service and unload times, the depot (index 0) opening when the park says.

    The day's clock starts at the depot's opening (:func:`depot_opening`, s from
    midnight); every other site (clients, disposal sites) is open all day, so no absolute
    window is shifted. Returns the timing and ``(opens_s, where it was read)``.
    """
    opens = depot_opening(park)
    timing = dataclasses.replace(
        route_tables.travel_timing(values),
        windows_s=[(opens[0], math.inf)] + [(0.0, math.inf)] * (len(values) - 1),
    )
    return timing, opens


def _kg_by_class(
    streams: pd.DataFrame, site_rows: pd.DataFrame, classes: list[str], excluded: set[object]
) -> pd.DataFrame:
    """Return kg/day per site (rows, in ``site_rows`` order) and class (columns)."""
    kg = (
        streams.pivot_table(
            index="site_id", columns="waste_class", values="waste_kg_per_day", aggfunc="sum"
        )
        .reindex(index=site_rows.site_id, columns=classes)
        .fillna(0.0)
    )
    kg.loc[kg.index.isin(list(excluded))] = 0.0
    return kg


def _colocated_problems(sites: pd.DataFrame) -> list[Problem]:
    """Warn about sites placed at one point (e.g. tenants of a zone with a reference point)."""
    problems = []
    key = (
        sites["lon"].astype(float).round(6).astype(str)
        + ","
        + sites["lat"].astype(float).round(6).astype(str)
    )
    for point, group in sites.groupby(key, sort=True):
        if len(group) > 1:
            quality = ", ".join(
                sorted(
                    set(group.get("location_quality", pd.Series(dtype=str)).fillna("").astype(str))
                )
            )
            problems.append(
                Problem(
                    f"{', '.join(map(str, group.site_id))} sit at the same point ({point}; "
                    f"{quality}), so the legs between them are 0 km; give plot coordinates",
                    code="colocated_sites",
                    severity="warning",
                )
            )
    return problems


def _routed(streams: pd.DataFrame, chosen: dict[str, pd.Series]) -> pd.Series:
    """Rows a collection round carries: a hazardous row never rides without its handler.

    A hazardous or controlled row rides only when it is assigned (by its permit) to the
    handler the hazardous round ends at: never to a depot, which is not a permitted
    storage site. Other rows ride as before (to the depot when their group has no
    facility; the summary says the haul is not planned).
    """
    haz = streams["waste_class"].isin(HAZARDOUS_GROUP)
    target = str(chosen["hazardous"]["id"]) if "hazardous" in chosen else None
    to_handler = streams.get("facility_id", pd.Series("", index=streams.index)).astype(str)
    return (haz & (to_handler == target)) | ~haz


def _destination_problems(
    park: parks.Park, streams: pd.DataFrame, chosen: dict[str, pd.Series]
) -> list[Problem]:
    """Warn, naming the tonnage, about waste with no destination.

    Hazardous (and controlled) waste with no routable permitted handler is listed, never
    routed; other waste with no facility is routed back to the depot, as the summary says.
    """
    problems = []
    routed = _routed(streams, chosen)
    haz = streams["waste_class"].isin(HAZARDOUS_GROUP)
    for group in ("hazardous", "non_hazardous"):
        rows = streams[haz & ~routed] if group == "hazardous" else streams[~haz]
        t_yr = float(rows["waste_t_per_yr"].sum())
        if t_yr <= 0 or (group == "non_hazardous" and group in chosen):
            continue
        legal = rows.get("legal_class", rows["waste_class"])
        ks = float(rows.loc[legal.eq("controlled"), "waste_t_per_yr"].sum())
        what = f"{group.replace('_', '-')} waste" + (
            f" (incl. {ks:,.1f} t/yr of controlled KS codes, handled as hazardous)"
            if ks > 0
            else ""
        )
        if group == "hazardous":
            assigned = rows.get("facility_id", pd.Series("", index=rows.index)).astype(str)
            elsewhere = rows[assigned.str.len() > 0]
            others = ", ".join(sorted(set(elsewhere["facility_id"].astype(str))))
            why = (
                "no routable handler in facilities.csv is permitted for it (waste_codes or methods)"
            )
            if not elsewhere.empty:
                why += (
                    f"; {float(elsewhere['waste_t_per_yr'].sum()):,.1f} t/yr of it goes to "
                    f"other permitted handlers ({others}) by separate haul"
                )
            message = (
                f"{park.slug}: {t_yr:,.1f} t/yr of {what} has no destination it may go to "
                f"and is not routed: {why}. It is listed "
                "(summary.csv, waste_inventory.csv), counted in CO2e, priced (at the "
                "licensed collection and treatment price where its treatment has no "
                "sourced price: see price_basis), and never taken to the depot. Add a "
                "handler with its permit to facilities.csv"
            )
        else:
            message = (
                f"{park.slug}: {t_yr:,.1f} t/yr of {what} has no destination: facilities.csv "
                "names no routable facility accepting these classes; routes end at the "
                "depot. Add the facility to facilities.csv"
            )
        problems.append(
            Problem(message, code="no_destination", value=f"{t_yr:.1f}", severity="warning")
        )
    return problems


def _apply_waste_scenario(
    park: parks.Park, streams: pd.DataFrame, scenario: waste.WasteChange
) -> tuple[pd.DataFrame, list[Problem]]:
    """Scale the streams by a scenario's reductions and growth, then plan pathways again."""
    done = [*pathways.PATHWAY_COLUMNS, *pathways.COST_GHG_COLUMNS]
    base = streams.drop(columns=[c for c in done if c in streams.columns])
    changed = waste.apply_change(base, scenario)
    return pathways.plan_streams(changed, park.facilities, province=park.meta.province or None)


def _facilities_for_groups(
    park: parks.Park,
    facilities: gpd.GeoDataFrame,
    streams: pd.DataFrame,
    classes: list[str],
    gate: tuple[float, float],
    trunk: nx.MultiDiGraph | None,
    circuity: float,
) -> tuple[dict[str, pd.Series], dict[str, list[Leg]]]:
    """Choose the facility each class group's round ends at, and the haul legs to it.

    The hazardous round ends at the routable handler that the pathways assigned the most
    hazardous t/yr to (each stream goes only to a handler permitted for it,
    :func:`eipgeo.pathways.assign_pathways`); with none, there is no hazardous round.
    """
    groups = {"hazardous" if c in HAZARDOUS_GROUP else "non_hazardous" for c in classes}
    chosen: dict[str, pd.Series] = {}
    legs: dict[str, list[Leg]] = {}
    for group in sorted(groups):
        if group == "hazardous":
            haz = streams[streams["waste_class"].isin(HAZARDOUS_GROUP)]
            assigned = haz.get("facility_id", pd.Series(dtype=str)).astype(str)
            tonnes = haz.groupby(assigned)["waste_t_per_yr"].sum().drop("", errors="ignore")
            fac: pd.Series | None = None
            fac_legs: list[Leg] = []
            for fid in sorted(tonnes.index, key=lambda f: (-tonnes[f], f)):
                pool = facilities[facilities["id"].astype(str) == fid]
                fac, fac_legs = _choose_facility(pool, ("hazardous",), gate, trunk, circuity)
                if fac is not None:
                    break
        else:
            wanted = tuple(c for c in classes if c not in HAZARDOUS_GROUP)
            receiver = park.meta.receiver_facility
            pool = facilities[facilities["id"] == receiver] if receiver else facilities
            fac, fac_legs = _choose_facility(pool, wanted, gate, trunk, circuity)
        if fac is not None:
            chosen[group], legs[group] = fac, fac_legs
    return chosen, legs


def _sites_frame(
    site_rows: pd.DataFrame, kg: pd.DataFrame, snaps: pd.DataFrame | None, excluded: set[object]
) -> gpd.GeoDataFrame:
    sites = site_rows.copy()
    sites["waste_kg_per_day"] = kg.sum(axis=1).to_numpy().round(3)
    sites["waste_t_per_yr"] = (sites["waste_kg_per_day"] * waste.DAYS_PER_YEAR / 1000).round(3)
    if snaps is not None:
        sites["snap_distance_m"] = snaps["snap_distance_m"].to_numpy()
    sites["routed"] = ~sites.site_id.isin(excluded) & (sites.role == "client")
    return gpd.GeoDataFrame(sites, geometry=gpd.points_from_xy(sites.lon, sites.lat), crs=4326)


def _context_lines(
    park: parks.Park,
    graph: nx.MultiDiGraph | None,
    trunk: nx.MultiDiGraph | None,
    sites: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame | None:
    if graph is not None:
        pairs = sorted({tuple(sorted((u, v))) for u, v in graph.edges()})
        geoms = [
            LineString(
                [
                    (graph.nodes[u]["x"], graph.nodes[u]["y"]),
                    (graph.nodes[v]["x"], graph.nodes[v]["y"]),
                ]
            )
            for u, v in pairs
        ]
        return gpd.GeoDataFrame({"kind": ["street"] * len(geoms)}, geometry=geoms, crs=4326)
    if park.meta.trunk_roads:
        roads = trunk_lines(park.meta.trunk_roads).to_crs(4326)
        box = sites.to_crs(park.epsg).geometry.union_all().buffer(25_000)
        area = gpd.GeoSeries([box], crs=park.epsg).to_crs(4326).iloc[0]
        return roads[roads.intersects(area)][["name_vi", "infrastructure_type", "geometry"]]
    return None
