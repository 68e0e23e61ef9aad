"""A park's inputs to the main job: sources and their streams, facilities, depot, fleet, roads.

Every stage that needs a park's sources or streams (the main job, monitoring's baseline)
builds them here, so there is one way to do it:

* sources: a UIS case's food-service outlets from its OSM file, or a park's tenants
  placed by :func:`eipgeo.parks.place_enterprises` and sized by
  :func:`eipgeo.parks.fill_sizes`;
* streams: estimated by :mod:`eipgeo.generation` (tenants by what they do, then the rest
  of the park) or :mod:`eipgeo.waste` (urban outlets), measured and declared ones
  winning, with pathways, cost and CO2e (:func:`eipgeo.pathways.park_inventory`);
* roads: the trunk-road and street graphs, cached by the resolved file, its size and
  modification time (a change of ``settings.data_dir`` or of the file is seen).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pandas as pd
from shapely.ops import nearest_points

from eipgeo import _osm, generation, network, parks, pathways, settings, waste
from eipgeo._errors import DataNotFoundError, Problem
from eipgeo.data import data_file
from eipgeo.routing.model import VehicleType

# --------------------------------------------------------------------------------------
# Road graphs (cached by resolved path and file stamp)
# --------------------------------------------------------------------------------------


def trunk_graph(relative: str) -> nx.MultiDiGraph:
    """Return the trunk-road graph of a data file, cached by the file's resolved path and stamp.

    Parameters
    ----------
    relative
        The road-lines file in the data folder (``osm/trunk_roads_north.geojson``).

    Returns
    -------
    networkx.MultiDiGraph
        Noded, with dangling ends snapped (:func:`eipgeo.network.graph_from_lines`).
    """
    path = data_file(relative).resolve()
    stat = path.stat()
    return _trunk_graph_of(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _trunk_graph_of(path: str, size: int, mtime_ns: int) -> nx.MultiDiGraph:
    return network.graph_from_lines(_trunk_lines_of(path, size, mtime_ns))


def trunk_lines(relative: str) -> gpd.GeoDataFrame:
    """Return the trunk-road lines of a data file (a copy), read once per path and stamp.

    Parameters
    ----------
    relative
        The road-lines file in the data folder (``osm/trunk_roads_north.geojson``).

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`eipgeo.network.read_road_lines` reads it; the caller may change it.
    """
    path = data_file(relative).resolve()
    stat = path.stat()
    return _trunk_lines_of(str(path), stat.st_size, stat.st_mtime_ns).copy()


@lru_cache(maxsize=4)
def _trunk_lines_of(path: str, size: int, mtime_ns: int) -> gpd.GeoDataFrame:
    return network.read_road_lines(path)


def street_graph(path: str | Path, network_type: str) -> nx.MultiDiGraph:
    """Return the street graph of a file, cached by its resolved path, stamp and filter.

    Parameters
    ----------
    path
        OSM XML, PBF, GraphML or road lines (:func:`eipgeo.network.read_network`).
    network_type
        osmnx road filter, e.g. ``drive_service``.

    Returns
    -------
    networkx.MultiDiGraph
        EPSG:4326 nodes, ``length`` (m) edges.
    """
    resolved = Path(path).resolve()
    stat = resolved.stat() if resolved.is_file() else None
    return _street_graph_of(
        str(resolved), network_type, stat.st_size if stat else -1, stat.st_mtime_ns if stat else -1
    )


@lru_cache(maxsize=4)
def _street_graph_of(path: str, network_type: str, size: int, mtime_ns: int) -> nx.MultiDiGraph:
    graph = network.read_network(path, network_type=network_type)  # XML, PBF, GraphML, lines
    if graph.graph.get("distance_source") == "trunk_road":  # road lines: the park's own streets
        graph.graph["distance_source"] = STREET_LINES
    return graph


STREET_LINES = "street_lines"
"""Distance label of in-park legs on a street extract given as road lines (GeoJSON, GPKG,
SHP): real road geometry, but not OSM's tags (one-ways, access) unless the lines carry
them."""


# --------------------------------------------------------------------------------------
# Fleet, facilities and sources
# --------------------------------------------------------------------------------------


def fleet_of(park: parks.Park) -> list[VehicleType]:
    """Return the park's fleet (``park.json`` ``fleet.vehicles``), or the default fleet.

    The default is :data:`eipgeo.parks.DEFAULT_FLEET`.

    Parameters
    ----------
    park
        The park.

    Returns
    -------
    list of VehicleType
        One per vehicle type.
    """
    if park.meta.fleet is None:
        return list(parks.DEFAULT_FLEET)
    return [v.to_vehicle_type() for v in park.meta.fleet.vehicles]


def depot_opening(park: parks.Park) -> tuple[float, str]:
    """Return when the park's depot opens and where that hour comes from.

    Parameters
    ----------
    park
        The park: its ``park.json`` ``depot_opens`` (``HH:MM``, checked when the park is
        read), else ``eipgeo.settings.depot_opens`` read now.

    Returns
    -------
    tuple
        ``(opens_s, source)``: seconds from midnight, and the file and key (or setting) it
        was read from.

    Raises
    ------
    eipgeo._errors.UsageError
        ``settings.depot_opens`` is not ``HH:MM``.
    """
    if park.meta.depot_opens is not None:
        where = f"{park.folder / 'park.json'}: depot_opens"
        return settings.opening_s(park.meta.depot_opens), where
    note = (
        " (default: a typical day-shift start, unverified)"
        if settings.depot_opens == "07:00"
        else ""
    )
    return settings.depot_opening_s(), f"eipgeo.settings.depot_opens{note}"


def facility_frame(park: parks.Park) -> gpd.GeoDataFrame:
    """Return the park's facilities as EPSG:4326 points (an OSM way's point where no lat/lon).

    Parameters
    ----------
    park
        The park.

    Returns
    -------
    geopandas.GeoDataFrame
        ``facilities.csv`` with float ``lon``, ``lat`` and point geometry.
    """
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


def uis_sources(park: parks.Park) -> gpd.GeoDataFrame:
    """Return the food-service outlets of a UIS case, from its OSM file (EPSG:4326 points).

    Parameters
    ----------
    park
        A ``uis_collection`` case whose ``park.json`` names ``uis_sources``.

    Returns
    -------
    geopandas.GeoDataFrame
        ``site_id`` (``OSM-n<id>`` / ``OSM-w<id>``), ``name``, ``source_type``,
        ``lon``, ``lat``, ``location_quality`` (``osm_polygon`` for buildings).
    """
    spec = park.meta.uis_sources
    if spec is None:
        msg = (
            f"{park.folder / 'park.json'}: a uis_collection case needs 'uis_sources' "
            "(an OSM file and the tags of its outlets)"
        )
        raise DataNotFoundError(msg)
    feats = _osm.features_from_xml(data_file(spec.source), tags=dict(spec.tags))
    rows = []
    for (element, osm_id), feat in feats.sort_index().iterrows():
        kind = feat.get("amenity") if isinstance(feat.get("amenity"), str) else None
        if kind not in spec.tags.get("amenity", []):
            kind = "supermarket" if feat.get("shop") == "supermarket" else None
        if kind is None:
            continue
        geom = feat.geometry
        point = geom if geom.geom_type == "Point" else geom.representative_point()
        name = feat.get("name") if isinstance(feat.get("name"), str) else f"(unnamed {kind})"
        rows.append(
            {
                "site_id": f"OSM-{element[0]}{osm_id}",
                "name": name,
                "source_type": kind,
                "lon": point.x,
                "lat": point.y,
                "location_quality": "osm_point" if element == "node" else "osm_polygon",
            }
        )
    frame = pd.DataFrame(rows)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=4326)


def park_sources(park: parks.Park, boundary: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a park's tenants placed and sized, as the job's sources (EPSG:4326 points).

    Parameters
    ----------
    park
        An industrial park.
    boundary
        Its boundary polygons.

    Returns
    -------
    geopandas.GeoDataFrame
        ``site_id``, ``source_type`` and the enterprise columns, with ``location_quality``
        and ``employees_quality``.
    """
    placed = parks.place_enterprises(park, boundary)
    sized = parks.fill_sizes(park, placed)
    sized = sized.rename(columns={"id": "site_id"})
    sized["source_type"] = sized["sector_text"].where(sized["sector_text"] != "", "unknown")
    return gpd.GeoDataFrame(sized, geometry="geometry", crs=4326)


def outside_sources(
    park: parks.Park, sources: gpd.GeoDataFrame, boundary: gpd.GeoDataFrame
) -> list[Problem]:
    """Return a warning per source outside the park boundary (by :func:`parks.outside_boundary`).

    Each names the tenant file and the row the tenant came from. The job and monitoring's
    baseline leave these sources out of every total, route and exchange.

    Parameters
    ----------
    park
        The park (its tenant file names the problems).
    sources
        Its placed sources (:func:`park_sources`), EPSG:4326.
    boundary
        Its boundary polygons.

    Returns
    -------
    list of Problem
        Code ``outside_boundary``, ``value`` = the site id.
    """
    if sources.empty:
        return []
    tenant_file = park.enterprises_file or park.folder / "enterprises.csv"
    rows = {str(i): n + 2 for n, i in enumerate(park.enterprises.get("id", []))}
    return parks.outside_boundary(sources, boundary, park.epsg, file=str(tenant_file), rows=rows)


def depot_of(
    park: parks.Park,
    boundary: gpd.GeoDataFrame | None,
    graph: nx.MultiDiGraph | None = None,
) -> dict[str, object]:
    """Return the depot: the park's declared one, else its road entrance nearest the trunk.

    With no depot in ``park.json``:

    * with a street graph, the depot is the street node within
      :data:`ENTRANCE_BAND_M` of the boundary line (a road entering the park), on the
      graph's largest strongly connected component (so every site can be reached from it
      and back), nearest the trunk roads (``location_quality``
      ``road_entrance_nearest_trunk``);
    * without one, the boundary point nearest the trunk roads, a stand-in for the gate
      (``boundary_point_nearest_trunk``);
    * with no trunk-road file, the boundary's representative point
      (``polygon_representative_point``).

    Each is labelled in its name, so outputs say what it is.

    Parameters
    ----------
    park
        The park.
    boundary
        Its boundary polygons (needed when no depot is declared).
    graph
        Its street graph (EPSG:4326 nodes), or ``None``.

    Returns
    -------
    dict
        ``site_id``, ``name``, ``lon``, ``lat`` (EPSG:4326), ``location_quality``.
    """
    if park.meta.depot is not None:
        depot: dict[str, object] = park.meta.depot.model_dump()
        depot["site_id"] = depot.pop("id")
        return depot
    assert boundary is not None
    return _depot_near_trunk(park, boundary, graph)


ENTRANCE_BAND_M = 100.0
"""A street node this close (m) to the park boundary line counts as a road entrance:
about the width of a gate and its turning area; a declared default (unverified)."""


def _gate_fallback(park: parks.Park, boundary: gpd.GeoDataFrame) -> dict[str, object]:
    """With no trunk roads in the data: the boundary's representative point, labelled."""
    point = boundary.to_crs(park.epsg).geometry.union_all().representative_point()
    lonlat = gpd.GeoSeries([point], crs=park.epsg).to_crs(4326).iloc[0]
    return {
        "site_id": "DEPOT",
        "name": "Stand-in depot: a point inside the park boundary (no trunk-road data)",
        "lon": lonlat.x,
        "lat": lonlat.y,
        "location_quality": "polygon_representative_point",
    }


def _depot_near_trunk(
    park: parks.Park, boundary: gpd.GeoDataFrame, graph: nx.MultiDiGraph | None
) -> dict[str, object]:
    """Return the road entrance (or boundary point) nearest the trunk roads."""
    if park.meta.trunk_roads is None:
        return _gate_fallback(park, boundary)
    lines = trunk_lines(park.meta.trunk_roads)
    poly = boundary.to_crs(park.epsg).geometry.union_all()
    near = lines.to_crs(park.epsg)
    near = near[near.distance(poly) < 30_000]
    target = near.geometry.union_all() if not near.empty else poly.centroid
    if graph is not None and graph.number_of_nodes():
        components = [sorted(c) for c in nx.strongly_connected_components(graph)]
        sizes = [len(c) for c in components]
        ids = components[sizes.index(max(sizes))]  # reach every site from the depot and back
        nodes = gpd.GeoSeries(
            gpd.points_from_xy(
                [graph.nodes[n]["x"] for n in ids], [graph.nodes[n]["y"] for n in ids]
            ),
            index=ids,
            crs=4326,
        ).to_crs(park.epsg)
        entrances = nodes[nodes.distance(poly.boundary) <= ENTRANCE_BAND_M]
        if not entrances.empty:
            best = entrances.distance(target).idxmin()
            lonlat = gpd.GeoSeries([entrances[best]], crs=park.epsg).to_crs(4326).iloc[0]
            return {
                "site_id": "DEPOT",
                "name": "Depot at the park's road entrance nearest the trunk road "
                f"(street node {best}; not a declared depot)",
                "lon": lonlat.x,
                "lat": lonlat.y,
                "location_quality": "road_entrance_nearest_trunk",
            }
    point = nearest_points(poly.boundary, target)[0]
    lonlat = gpd.GeoSeries([point], crs=park.epsg).to_crs(4326).iloc[0]
    return {
        "site_id": "DEPOT",
        "name": "Stand-in depot: the boundary point nearest the trunk road (no street data; "
        "not a surveyed gate)",
        "lon": lonlat.x,
        "lat": lonlat.y,
        "location_quality": "boundary_point_nearest_trunk",
    }


def estimated_streams(park: parks.Park, sources: pd.DataFrame) -> pd.DataFrame:
    """Return the estimated streams of a park's sources (before measured ones and pathways).

    Parameters
    ----------
    park
        The park or UIS case.
    sources
        Its sources (:func:`uis_sources`, :func:`park_sources`, or the enterprise table
        with sizes).

    Returns
    -------
    pandas.DataFrame
        :data:`eipgeo.waste.STREAM_COLUMNS`. For an industrial park: its listed tenants
        by what each does, then the unlisted rest of the park
        (:func:`eipgeo.generation.park_estimates`).
    """
    if park.kind == "uis_collection":
        return waste.uis_streams(sources)
    return generation.park_estimates(park, sources)


def park_streams(park: parks.Park, sources: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Return a park's waste inventory (measured streams winning, pathways, cost, CO2e).

    Parameters
    ----------
    park
        The park or UIS case.
    sources
        As :func:`estimated_streams`.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        The inventory and the pathway warnings.

    Raises
    ------
    ValidationError
        The park's ``measured_streams.csv`` has bad rows.
    """
    return pathways.park_inventory(park, estimated_streams(park, sources))


def street_graph_of(
    park: parks.Park, boundary: gpd.GeoDataFrame | None, network_file: Path | None
) -> nx.MultiDiGraph | None:
    """Return the park's street graph, or ``None`` when in-park distances are estimated.

    In order: the file given; the park's own ``street_network`` extract (a file in the
    park folder, else in the data folder); an osmnx download of the boundary plus 500 m
    when ``settings.allow_network`` is on (cached).

    Parameters
    ----------
    park
        The park.
    boundary
        Its boundary (EPSG:4326), for the download area.
    network_file
        An OSM XML, PBF, GraphML or road-lines file covering the park.

    Returns
    -------
    networkx.MultiDiGraph or None
        EPSG:4326 nodes, ``length`` (m) edges.
    """
    spec = park.meta.street_network
    path = network_file or (parks.park_file(park, spec.source) if spec is not None else None)
    if path is not None:
        return street_graph(path, spec.network_type if spec is not None else "drive_service")
    if boundary is not None and settings.network_allowed():
        area = boundary.to_crs(park.epsg).buffer(500).to_crs(4326).union_all()
        return _osm.street_graph_for(area)
    return None
