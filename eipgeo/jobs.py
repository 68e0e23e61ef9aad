"""The main job: from a park's data to waste streams, collection routes, tables and a map.

This module only orchestrates the pipeline stages (parks → waste → network and
matrix → routing → maps). Two kinds of case share one path:

* ``uis_collection`` (``hcmc-uis``): food-service outlets on a real OSM street graph,
  collected to a receiver;
* ``industrial_park``: tenants of a programme park, placed by documented rules,
  collected inside the park (road distances estimated unless a street extract is
  given) and hauled over the trunk-road graph to the nearest suitable facility.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from shapely.geometry import LineString
from shapely.ops import nearest_points

from eipgeo import coefficients, matrix, network, parks, pathways, settings, waste
from eipgeo._errors import InfeasibleError, Problem
from eipgeo.data import data_file
from eipgeo.matrix import Leg, SiteMatrix
from eipgeo.routing import frequency as routing_week
from eipgeo.routing import tables as route_tables
from eipgeo.routing.legs import HaulLegs, LegGeometry, StraightLegs, StreetLegs, route_legs
from eipgeo.routing.model import HAZARDOUS_GROUP, CollectionPlan, SolverParams, VehicleType
from eipgeo.routing.solve import plan_by_class

DEFAULT_FLEET = [
    VehicleType("compactor-7t", 7000, 4, ("ordinary", "domestic")),
    VehicleType("hazmat-licensed-5t", 5000, 2, ("hazardous", "controlled")),
]
"""Fleet used when a park declares none: illustrative, unverified capacities."""


@dataclass
class JobResult:
    """Everything one park's job produced, ready for tables and the map."""

    park: parks.Park
    sites: gpd.GeoDataFrame
    streams: pd.DataFrame
    facilities: gpd.GeoDataFrame
    plans: dict[str, CollectionPlan]
    legs: pd.DataFrame
    summary: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    boundary: gpd.GeoDataFrame | None = None
    context_lines: gpd.GeoDataFrame | None = None
    local_matrix: SiteMatrix | None = None
    seconds: float = 0.0
    route_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    stop_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    graph: nx.MultiDiGraph | None = None
    symbiosis_objective: str = "auto"
    collection_frequencies: dict[str, routing_week.GroupFrequency] | None = None


def _trunk_graph(relative: str) -> nx.MultiDiGraph:
    """Return the trunk-road graph of a data file, cached by the file's resolved path and stamp."""
    path = data_file(relative).resolve()
    stat = path.stat()
    return _trunk_graph_of(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _trunk_graph_of(path: str, size: int, mtime_ns: int) -> nx.MultiDiGraph:
    return network.graph_from_lines(network.read_road_lines(path))


def _street_graph(path: str, network_type: str) -> nx.MultiDiGraph:
    """Return the street graph of a file, cached by its resolved path, stamp and filter."""
    resolved = Path(path).resolve()
    stat = resolved.stat() if resolved.is_file() else None
    return _street_graph_of(str(resolved), network_type, stat.st_size if stat else -1,
                            stat.st_mtime_ns if stat else -1)


@lru_cache(maxsize=4)
def _street_graph_of(path: str, network_type: str, size: int, mtime_ns: int) -> nx.MultiDiGraph:
    return network.read_network(path, network_type=network_type)  # XML, PBF, GraphML, lines


def _fleet(park: parks.Park) -> list[VehicleType]:
    spec = (park.meta.get("fleet") or {}).get("vehicles")
    if not spec:
        return list(DEFAULT_FLEET)
    return [VehicleType(str(v["id"]), int(v["capacity_kg"]), int(v.get("num_available", 1)),
                        tuple(v.get("allowed_classes", ["ordinary", "domestic"])),
                        int(v.get("fixed_cost_vnd", 0)), int(v.get("cost_per_km_vnd", 0)),
                        v.get("shift_duration_s"), v.get("vehicle_class"))
            for v in spec]


def _facility_frame(park: parks.Park) -> gpd.GeoDataFrame:
    fac = park.facilities.copy()
    if fac.empty:
        return gpd.GeoDataFrame(fac, geometry=[], crs=4326)
    lons, lats = [], []
    for _, row in fac.iterrows():
        way = str(row.get("osm_way_id", "") or "").strip()
        if not str(row.get("lat", "")).strip() and way:
            lon, lat = parks.osm_polygon_point(int(way))
        else:
            lon, lat = float(row["lon"]), float(row["lat"])
        lons.append(lon)
        lats.append(lat)
    fac["lon"], fac["lat"] = lons, lats
    return gpd.GeoDataFrame(fac, geometry=gpd.points_from_xy(lons, lats), crs=4326)


# --------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------


def uis_sources(park: parks.Park) -> gpd.GeoDataFrame:
    """Food-service outlets of a UIS case, from its OSM file (EPSG:4326 points).

    Returns
    -------
    geopandas.GeoDataFrame
        ``site_id`` (``OSM-n<id>`` / ``OSM-w<id>``), ``name``, ``source_type``,
        ``lon``, ``lat``, ``location_quality`` (``osm_polygon`` for buildings).
    """
    import osmnx as ox

    spec = park.meta["uis_sources"]
    feats = ox.features_from_xml(data_file(spec["source"]), tags=spec["tags"])
    rows = []
    for (element, osm_id), feat in feats.sort_index().iterrows():
        kind = feat.get("amenity") if isinstance(feat.get("amenity"), str) else None
        if kind not in spec["tags"].get("amenity", []):
            kind = "supermarket" if feat.get("shop") == "supermarket" else None
        if kind is None:
            continue
        geom = feat.geometry
        point = geom if geom.geom_type == "Point" else geom.representative_point()
        name = feat.get("name") if isinstance(feat.get("name"), str) else f"(unnamed {kind})"
        rows.append({"site_id": f"OSM-{element[0]}{osm_id}", "name": name, "source_type": kind,
                     "lon": point.x, "lat": point.y,
                     "location_quality": "osm_point" if element == "node" else "osm_polygon"})
    frame = pd.DataFrame(rows)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=4326)


def _park_sources(park: parks.Park, boundary: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    placed = parks.place_enterprises(park, boundary)
    sized = parks.fill_sizes(park, placed)
    sized = sized.rename(columns={"id": "site_id"})
    sized["source_type"] = sized["sector_text"].where(sized["sector_text"] != "", "unknown")
    return gpd.GeoDataFrame(sized, geometry="geometry", crs=4326)


def _depot_near_trunk(park: parks.Park, boundary: gpd.GeoDataFrame) -> dict[str, object]:
    """Return the boundary point nearest the trunk roads (the park gate for hauls)."""
    lines = network.read_road_lines(data_file(park.meta["trunk_roads"]))
    poly = boundary.to_crs(park.epsg).geometry.union_all()
    near = lines.to_crs(park.epsg)
    near = near[near.distance(poly) < 30_000]
    target = near.geometry.union_all() if not near.empty else poly.centroid
    point = nearest_points(poly.boundary, target)[0]
    lonlat = gpd.GeoSeries([point], crs=park.epsg).to_crs(4326).iloc[0]
    return {"site_id": "DEPOT", "name": "Park gate nearest the trunk road (depot)",
            "lon": lonlat.x, "lat": lonlat.y, "location_quality": "boundary_point_nearest_trunk"}


# --------------------------------------------------------------------------------------
# Matrices
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
    snaps = matrix.snap_to_edges(sub, ids, lon, lat)
    tolerance = settings.snap_tolerance_m
    problems = matrix.extent_problems(graph, ids, lon, lat, margin_m=tolerance)
    problems += matrix.snap_problems(snaps, tolerance)
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
    facilities: gpd.GeoDataFrame, classes: tuple[str, ...], gate: tuple[float, float],
    trunk: nx.MultiDiGraph | None, circuity: float,
) -> tuple[pd.Series | None, list[Leg]]:
    """Nearest facility (by haul distance) that accepts every class and can be routed to.

    Operating facilities are preferred: a facility whose ``status`` does not start with
    ``operating`` is chosen only when no operating one qualifies (a declared
    ``receiver_facility`` is used whatever its status).
    """
    if facilities.empty:
        return None, []
    ok = facilities[
        facilities["accepts"].str.split(";").apply(lambda a: set(classes) <= set(a))
        & facilities["location_quality"].isin(parks.ROUTABLE_QUALITY)
    ]
    operating = ok[ok["status"].fillna("").str.lower().str.startswith("operating")]
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
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, dict[str, object], gpd.GeoDataFrame | None,
           nx.MultiDiGraph | None]:
    """Read a park's sources, streams, depot, boundary and street graph."""
    street_spec = park.meta.get("street_network") or {}
    street_path = network_file or (data_file(street_spec["source"]) if street_spec else None)
    graph = _street_graph(str(street_path), street_spec.get("network_type", "drive_service")) \
        if street_path else None
    if park.kind == "uis_collection":
        sources = uis_sources(park)
        streams = pathways.park_inventory(park, waste.uis_streams(sources))
        depot = dict(park.meta["depot"])
        depot["site_id"] = depot.pop("id")
        return sources, streams, depot, None, graph
    boundary = parks.read_boundary(park)
    if graph is None and settings.network_allowed():
        from eipgeo import _osm

        area = boundary.to_crs(park.epsg).buffer(500).to_crs(4326).union_all()
        graph = _osm.street_graph_for(area)
    sources = _park_sources(park, boundary)
    streams = pathways.park_inventory(
        park, waste.industrial_streams(sources.rename(columns={"site_id": "id"})))
    depot = dict(park.meta["depot"]) if park.meta.get("depot") else \
        _depot_near_trunk(park, boundary)
    depot.setdefault("site_id", depot.pop("id", "DEPOT"))
    return sources, streams, depot, boundary, graph


def run_park(
    park: parks.Park | str,
    *,
    network_file: Path | None = None,
    seed: int | None = None,
    max_iterations: int = 1500,
    waste_scenario: waste.Scenario | None = None,
    collection_days_per_week: dict[str, int] | None = None,
) -> JobResult:
    """Run the main job on one park or case.

    Parameters
    ----------
    park
        A :class:`~eipgeo.parks.Park` or its slug.
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

    Returns
    -------
    JobResult

    Raises
    ------
    DataNotFoundError
        The external data folder or a file in it is missing.
    InfeasibleError, UnreachableError
        The collection cannot be planned; the problems name the sites.
    """
    from eipgeo._progress import stage

    started = time.perf_counter()
    park = parks.load_park(park) if isinstance(park, str) else park
    circuity = coefficients.get("circuity_factor").value
    with stage("reading park, waste and streets"):
        sources, streams, depot, boundary, graph = _inputs(park, network_file)
    # pathway warnings travel in attrs; take them out at once, as pandas deep-copies attrs
    # on every operation (a third of a park's run time when left in)
    pathway_problems = list(streams.attrs.pop("problems", []))
    if waste_scenario is not None:
        streams = _apply_waste_scenario(park, streams, waste_scenario)
        pathway_problems = list(streams.attrs.pop("problems", []))
    trunk = _trunk_graph(park.meta["trunk_roads"]) if park.meta.get("trunk_roads") else None
    facilities = _facility_frame(park)
    site_rows = pd.concat(
        [pd.DataFrame([{**depot, "role": "depot", "name": depot.get("name", "Depot")}]),
         pd.DataFrame(sources.drop(columns="geometry")).assign(role="client")],
        ignore_index=True)
    with stage("network matrix"):
        local, snaps, problems = _local_matrix(site_rows, graph, circuity)
    if snaps is None:
        problems += _colocated_problems(site_rows)
    excluded = {p.value for p in problems if p.severity == "error"}
    if str(depot["site_id"]) in excluded:
        raise InfeasibleError(problems[0].message, problems)
    classes = sorted(streams["waste_class"].unique())
    kg = streams.pivot_table(index="site_id", columns="waste_class", values="waste_kg_per_day",
                             aggfunc="sum").reindex(site_rows.site_id).fillna(0.0)[classes]
    kg.loc[list(excluded)] = 0.0
    gate = (float(str(depot["lon"])), float(str(depot["lat"])))
    group_facility, haul_legs = _facilities_for_groups(park, facilities, classes, gate, trunk,
                                                       circuity)
    problems += _destination_problems(park, streams, group_facility)
    haul_m = {g: sum(leg.distance_m for leg in legs) for g, legs in haul_legs.items()}
    values = _composite(local, haul_m, depot=0)
    n = len(site_rows)
    ends = {g: n + j for j, g in enumerate(haul_m)}
    ids = list(site_rows.site_id) + [str(group_facility[g]["id"]) for g in haul_m]
    frequencies = routing_week.group_frequencies(collection_days_per_week)
    pickups = routing_week.pickup_kg(kg, frequencies)  # kg/day unless a frequency is set
    demand = np.vstack([pickups.to_numpy(), np.zeros((len(haul_m), len(classes)))])
    params = SolverParams(seed=settings.seed if seed is None else seed,
                                  max_iterations=max_iterations)
    fleet = _fleet(park)
    with stage("routing"):
        plans = plan_by_class(
            values, demand, classes, fleet, ids, depot=0, end_depot=ends,
            reload={g: [e] for g, e in ends.items()}, garage_return=True,
            timing=route_tables.travel_timing(values), params=params)
    lonlat = list(zip(site_rows.lon.astype(float), site_rows.lat.astype(float), strict=True))
    local_legs: LegGeometry = StraightLegs(lonlat, local.values, local.source) \
        if graph is None or snaps is None else \
        StreetLegs(graph, list(snaps.node), lonlat, local.values, local.source)
    legs = route_legs({None: plans}, ids, HaulLegs(local_legs, n, 0, {
        ends[g]: haul_legs[g] for g in haul_legs}))
    sites = _sites_frame(site_rows, kg, snaps, excluded)
    result = JobResult(park=park, sites=sites, streams=streams, facilities=facilities,
                       plans=plans, legs=legs, summary=pd.DataFrame(),
                       problems=problems + pathway_problems,
                       boundary=boundary, local_matrix=local, graph=graph,
                       seconds=time.perf_counter() - started,
                       collection_frequencies=None if collection_days_per_week is None
                       else frequencies)
    result.route_table = route_tables.routes_table(plans, values, fleet)
    result.stop_table = route_tables.stops_table(plans, ids, names=dict(
        zip(site_rows.site_id, site_rows["name"], strict=True)))
    result.context_lines = _context_lines(park, graph, trunk, sites)
    result.summary = summarise(result, group_facility)
    return result


def _colocated_problems(sites: pd.DataFrame) -> list[Problem]:
    """Warn about sites placed at one point (e.g. tenants of a zone with a reference point)."""
    problems = []
    key = sites["lon"].astype(float).round(6).astype(str) + "," + \
        sites["lat"].astype(float).round(6).astype(str)
    for point, group in sites.groupby(key, sort=True):
        if len(group) > 1:
            quality = ", ".join(sorted(set(group.get("location_quality", pd.Series(dtype=str))
                                           .fillna("").astype(str))))
            problems.append(Problem(
                f"{', '.join(map(str, group.site_id))} sit at the same point ({point}; "
                f"{quality}), so the legs between them are 0 km; give plot coordinates",
                code="colocated_sites", severity="warning"))
    return problems


def _destination_problems(
    park: parks.Park, streams: pd.DataFrame, chosen: dict[str, pd.Series]
) -> list[Problem]:
    """Warn, naming the tonnage, when a class group has waste but no suitable facility."""
    problems = []
    for group in ("hazardous", "non_hazardous"):
        mask = streams["waste_class"].isin(HAZARDOUS_GROUP)
        rows = streams[mask if group == "hazardous" else ~mask]
        t_yr = float(rows["waste_t_per_yr"].sum())
        if t_yr > 0 and group not in chosen:
            need = "licensed hazardous-waste facility" if group == "hazardous" else \
                "facility accepting these classes"
            ks = float(rows.loc[rows.get("legal_class", rows["waste_class"]).eq("controlled"),
                                "waste_t_per_yr"].sum())
            what = f"{group.replace('_', '-')} waste" + (
                f" (incl. {ks:,.1f} t/yr of controlled KS codes, handled as hazardous)"
                if ks > 0 else "")
            problems.append(Problem(
                f"{park.slug}: {t_yr:,.1f} t/yr of {what} has no "
                f"destination: facilities.csv names no routable {need}; routes end at the "
                "depot. Add the facility (with its licence) to facilities.csv",
                code="no_destination", value=f"{t_yr:.1f}", severity="warning"))
    return problems


def _apply_waste_scenario(
    park: parks.Park, streams: pd.DataFrame, scenario: waste.Scenario
) -> pd.DataFrame:
    """Scale the streams by a scenario's reductions and growth, then plan pathways again."""
    done = [*pathways.PATHWAY_COLUMNS, *pathways.COST_GHG_COLUMNS]
    base = streams.drop(columns=[c for c in done if c in streams.columns])
    planned, problems = pathways.plan_streams(waste.apply_scenario(base, scenario),
                                              park.facilities)
    planned.attrs["problems"] = problems
    return planned


def _facilities_for_groups(
    park: parks.Park, facilities: gpd.GeoDataFrame, classes: list[str],
    gate: tuple[float, float], trunk: nx.MultiDiGraph | None, circuity: float,
) -> tuple[dict[str, pd.Series], dict[str, list[Leg]]]:
    groups = {"hazardous" if c in HAZARDOUS_GROUP else "non_hazardous" for c in classes}
    chosen: dict[str, pd.Series] = {}
    legs: dict[str, list[Leg]] = {}
    for group in sorted(groups):
        wanted = ("hazardous",) if group == "hazardous" else \
            tuple(c for c in classes if c not in HAZARDOUS_GROUP)
        receiver = park.meta.get("receiver_facility")
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
    park: parks.Park, graph: nx.MultiDiGraph | None, trunk: nx.MultiDiGraph | None,
    sites: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame | None:
    if graph is not None:
        pairs = sorted({tuple(sorted((u, v))) for u, v in graph.edges()})
        geoms = [LineString([(graph.nodes[u]["x"], graph.nodes[u]["y"]),
                             (graph.nodes[v]["x"], graph.nodes[v]["y"])]) for u, v in pairs]
        return gpd.GeoDataFrame({"kind": ["street"] * len(geoms)}, geometry=geoms, crs=4326)
    if park.meta.get("trunk_roads"):
        roads = network.read_road_lines(data_file(park.meta["trunk_roads"])).to_crs(4326)
        box = sites.to_crs(park.epsg).geometry.union_all().buffer(25_000)
        area = gpd.GeoSeries([box], crs=park.epsg).to_crs(4326).iloc[0]
        return roads[roads.intersects(area)][["name_vi", "infrastructure_type", "geometry"]]
    return None


def _network_rows(result: JobResult) -> list[tuple[str, object, str, str]]:
    """Summary rows on the road data used: graph sizes, snaps and haul-leg sources."""
    rows: list[tuple[str, object, str, str]] = []
    snaps = result.sites.get("snap_distance_m")
    if snaps is not None and snaps.notna().any():
        worst = result.sites.loc[snaps.idxmax()]
        rows.append(("snap_m.max", round(float(snaps.max()), 1), "m",
                     f"largest snap: {worst.site_id} ({worst['name']})"))
        rows.append(("snap_m.median", round(float(snaps.median()), 1), "m", ""))
    if result.local_matrix is not None:
        kinds = sorted(set(result.local_matrix.source.ravel()))
        rows.append(("distances.in_park", ";".join(map(str, kinds)), "",
                     "osm_street = real streets; estimate_circuity = great-circle x circuity"))
    if result.park.meta.get("trunk_roads"):
        report = network.component_report(_trunk_graph(result.park.meta["trunk_roads"]))
        rows.append(("network.trunk", report.nodes, "nodes", report.describe()))
    hauls = result.legs[result.legs.kind == "haul"] if not result.legs.empty else result.legs
    for source, m in hauls.groupby("source")["distance_m"].sum().items():
        why = "trunk-road graph" if source == "trunk_road" else (
            "access legs and hauls the trunk graph does not serve within "
            f"{matrix.MAX_TRUNK_DETOUR:g}x the direct estimate")
        rows.append((f"haul_km.{source}", round(float(m) / 1000, 2), "km/day", why))
    return rows


def summarise(result: JobResult, facilities: dict[str, pd.Series]) -> pd.DataFrame:
    """Return the job's key figures as ``key, value, unit, note`` rows (``summary.csv``)."""
    s, legs = result.sites, result.legs
    clients = s[s.role == "client"]
    rows: list[tuple[str, object, str, str]] = [
        ("park", result.park.slug, "", result.park.name),
        ("sources", len(clients), "sites", "enterprises or outlets"),
        ("sources_routed", int(clients.routed.sum()), "sites", ""),
        ("sources_excluded", int((~clients.routed).sum()), "sites",
         "; ".join(p.to_line() for p in result.problems if p.severity == "error")[:500]),
    ]
    if clients.empty:
        rows.append(("flag", "no tenants", "", "no public tenant facts in the data: the park "
                     "is mapped with its boundary only; add enterprises.csv rows to plan it"))
    rows += _network_rows(result)
    rows += pathways.summary_rows(result.streams)
    for group, plan in result.plans.items():
        fac = facilities.get(group)
        rows.append((f"routes.{group}", len(plan.routes), "routes/day", ""))
        rows.append((f"facility.{group}", "" if fac is None else fac["id"], "",
                     "none suitable in the data: haul not planned" if fac is None
                     else f"{fac['name']} ({fac['location_quality']})"))
    for source, m in legs.groupby("source")["distance_m"].sum().items():
        rows.append((f"route_km.{source}", round(float(m) / 1000, 2), "km/day",
                     "estimated (great-circle x circuity)" if source == "estimate_circuity"
                     else "road network"))
    rows.append(("route_km.total", round(float(legs.distance_m.sum()) / 1000, 2), "km/day", ""))
    rows += route_tables.summary_rows(result.route_table, result.collection_frequencies)
    rows.append(("circuity_factor", coefficients.get("circuity_factor").value, "ratio",
                 coefficients.get("circuity_factor").cite()))
    rows.append(("runtime_s", round(result.seconds, 1), "s", ""))
    return pd.DataFrame(rows, columns=["key", "value", "unit", "note"])
