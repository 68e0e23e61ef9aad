"""Road networks: OSM XML street graphs and routable graphs from road lines.

Every graph eipgeo builds is a :class:`networkx.MultiDiGraph` in the osmnx convention:
node attributes ``x`` (longitude) and ``y`` (latitude) in EPSG:4326, edge attribute
``length`` in metres, ``graph["crs"] == "EPSG:4326"``. Directed edges follow one-way
tags; two-way roads have an edge each way.
"""

from __future__ import annotations

import re
import tempfile
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from shapely.geometry import LineString, Point
from shapely.strtree import STRtree

from eipgeo import _osm, coefficients
from eipgeo._errors import InputReadError, Problem, UsageError, ValidationError
from eipgeo.io.checks import check_in_vietnam

EARTH_RADIUS_M = 6_371_009.0
"""Mean Earth radius (m), the value osmnx uses for great-circle lengths."""

DEFAULT_LINE_SNAP_M = 100.0
"""Endpoint snap tolerance (m) when noding road lines.

The trunk-road lines of ``shared/data/osm`` are generalised to 100 m, so a dangling end
can lie up to about that far from the road it meets; ``shared/README.md`` reports that
a 100 m snap joins 98 % (north) and 97 % (south) of the nodes into one component.
"""


def haversine_m(
    lon1: NDArray[np.float64] | float,
    lat1: NDArray[np.float64] | float,
    lon2: NDArray[np.float64] | float,
    lat2: NDArray[np.float64] | float,
) -> NDArray[np.float64]:
    """Great-circle distance (m) between EPSG:4326 points, as osmnx computes it.

    Parameters
    ----------
    lon1, lat1
        First point(s): longitude and latitude, EPSG:4326 degrees; scalars or arrays.
    lon2, lat2
        Second point(s), EPSG:4326 degrees; broadcast against the first.

    Returns
    -------
    numpy.ndarray
        Distance, m, on a sphere of radius :data:`EARTH_RADIUS_M` (0-d for scalars).
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1))))


def utm_crs(
    lon: Sequence[float] | NDArray[np.float64], lat: Sequence[float] | NDArray[np.float64]
) -> str:
    """Return the one projected CRS (metres) for a study area's whole extent.

    When every point lies in one WGS 84 / UTM zone, that zone (``EPSG:326zz`` north,
    ``327zz`` south): a road in zone 49 is measured in zone 49, not in the 48 of a
    default. When the extent spans zones (sites either side of 108 °E), one transverse
    Mercator centred on the extent's middle meridian (UTM's scale factor 0.9996 and false
    easting), so all of it is measured in one CRS with the least distortion.

    Parameters
    ----------
    lon, lat
        Longitudes and latitudes of the points, EPSG:4326 degrees (non-finite values are
        ignored); the extent picks the zone, the mean latitude the hemisphere.

    Returns
    -------
    str
        E.g. ``EPSG:32648``, or a PROJ string ``+proj=tmerc +lon_0=108.1 ...``.
    """
    lons = np.asarray(lon, dtype=float)
    lats = np.asarray(lat, dtype=float)
    lons, lats = lons[np.isfinite(lons)], lats[np.isfinite(lats)]
    if not lons.size or not lats.size:
        return "EPSG:32648"
    south = float(np.mean(lats)) < 0
    zones = {int((lo + 180.0) // 6.0) % 60 + 1 for lo in (float(lons.min()), float(lons.max()))}
    if len(zones) == 1:
        return f"EPSG:{(32700 if south else 32600) + zones.pop()}"
    middle = round((float(lons.min()) + float(lons.max())) / 2, 4)
    return (
        f"+proj=tmerc +lat_0=0 +lon_0={middle} +k=0.9996 +x_0=500000 "
        f"+y_0={10_000_000 if south else 0} +datum=WGS84 +units=m +no_defs"
    )


class NetworkWarning(UserWarning):
    """A network input was usable but something in it was dropped or repaired."""


# --------------------------------------------------------------------------------------
# OSM XML
# --------------------------------------------------------------------------------------


def _overpass_filter(network_type: str) -> list[tuple[str, str | None, bool]]:
    """Parse osmnx's Overpass filter for ``network_type`` into ``(key, regex, negate)``.

    Taking the filter text from osmnx itself keeps eipgeo's drivable filter identical to
    osmnx's ``network_type`` semantics (e.g. ``drive_service``).
    """
    from osmnx import _overpass  # private adapter: the only place we read it

    text = _overpass._get_network_filter(network_type)
    clauses: list[tuple[str, str | None, bool]] = []
    for m in re.finditer(r'\["([^"]+)"(?:(!?~)"([^"]*)")?\]', text):
        key, op, regex = m.group(1), m.group(2), m.group(3)
        clauses.append((key, regex, op == "!~") if op else (key, None, False))
    return clauses


def way_filter(network_type: str = "drive_service") -> Callable[[dict[str, str]], bool]:
    """Return a predicate telling whether a way's tags pass osmnx's ``network_type`` filter.

    Parameters
    ----------
    network_type
        An osmnx network type: ``drive_service`` (default), ``drive``, ``walk``, ...

    Returns
    -------
    callable
        ``f(tags) -> bool``, with Overpass semantics: ``["k"]`` needs the key,
        ``["k"!~"re"]`` passes when the key is absent or its value does not match.
    """
    clauses = _overpass_filter(network_type)

    def passes(tags: dict[str, str]) -> bool:
        for key, regex, negate in clauses:
            value = tags.get(key)
            if regex is None:
                if value is None:
                    return False
                continue
            matched = value is not None and re.search(regex, value) is not None
            if matched == negate:
                return False
        return True

    return passes


@dataclass
class _OsmParse:
    nodes: dict[str, ET.Element]
    ways: list[ET.Element]


def _parse_osm_xml(path: Path) -> _OsmParse:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        msg = f"{path}: cannot read as OSM XML ({exc}); give an .osm file exported from OSM"
        raise InputReadError(msg) from exc
    if root.tag != "osm":
        msg = f"{path}: root element is <{root.tag}>, not <osm>; give an OSM XML (.osm) file"
        raise InputReadError(msg)
    nodes = {n.get("id", ""): n for n in root.iter("node")}
    return _OsmParse(nodes=nodes, ways=list(root.iter("way")))


def _has_coordinates(node: ET.Element) -> bool:
    """Whether an OSM node carries a finite ``lat`` and ``lon`` within their ranges."""
    try:
        lat, lon = float(node.get("lat", "")), float(node.get("lon", ""))
    except ValueError:
        return False
    return bool(np.isfinite(lat) and np.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180)


def _drop_broken_ways(parsed: _OsmParse, path: Path) -> list[ET.Element]:
    """Keep ways whose nodes all exist with coordinates; warn per dropped way, naming both."""
    kept = []
    for way in parsed.ways:
        refs = [str(nd.get("ref")) for nd in way.iter("nd")]
        missing = [r for r in refs if r not in parsed.nodes]
        blank = [r for r in refs if r in parsed.nodes and not _has_coordinates(parsed.nodes[r])]
        if missing:
            msg = (
                f"{path.name}: way {way.get('id')} references node {missing[0]}, which is not in "
                "the file (clipped extract?); the way was dropped. Re-extract with complete "
                "ways (osmium --strategy=complete_ways, osmosis completeWays=yes) to keep it."
            )
        elif blank:
            node = parsed.nodes[blank[0]]
            msg = (
                f"{path.name}: way {way.get('id')} uses node {blank[0]}, which has no usable "
                f"coordinates (lat={node.get('lat')!r}, lon={node.get('lon')!r}); the way was "
                "dropped. Re-export the extract, or give the node its lat and lon."
            )
        else:
            kept.append(way)
            continue
        warnings.warn(msg, NetworkWarning, stacklevel=3)
    return kept


def _write_filtered_osm(parsed: _OsmParse, ways: list[ET.Element], target: Path) -> None:
    root = ET.Element("osm", version="0.6", generator="eipgeo")
    used: set[str] = {nd.get("ref", "") for w in ways for nd in w.iter("nd")}
    for node_id, node in parsed.nodes.items():
        if node_id in used:
            ET.SubElement(
                root, "node", id=node_id, lat=node.get("lat", ""), lon=node.get("lon", "")
            )
    for way in ways:
        root.append(way)
    ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)


def graph_from_osm_xml(
    path: str | Path,
    *,
    network_type: str = "drive_service",
    truck_gross_t: float | None = None,
) -> nx.MultiDiGraph:
    """Build the directed street graph of an OSM XML file, as drivable roads.

    Ways are kept when they pass osmnx's ``network_type`` filter; one-way tags give
    one-way edges. The graph keeps every node of every kept way
    (``simplify=False, retain_all=True``), so no corner disappears and no island is
    dropped silently.

    Parameters
    ----------
    path
        An ``.osm`` file (OSM XML 0.6), coordinates in EPSG:4326.
    network_type
        osmnx network type of the drivable filter. ``drive_service`` (default) keeps
        service roads except parking aisles, driveways to private land and emergency access.
    truck_gross_t
        When given, also apply the truck profile (:func:`truck_filter`): ``hgv``,
        ``access`` and ``maxweight`` tags for a truck of this gross weight (t).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes with ``x``, ``y`` (EPSG:4326); edges with ``length`` (m), ``highway``,
        ``osmid``. ``graph["dropped_ways"]`` lists ways dropped for missing nodes.

    Raises
    ------
    InputReadError
        The file is not OSM XML, or no way in it passes the filter.

    Warns
    -----
    NetworkWarning
        A way references a node absent from the file (a clipped extract); it is dropped.
    """
    path = Path(path)
    parsed = _parse_osm_xml(path)
    complete = _drop_broken_ways(parsed, path)
    dropped = sorted({str(w.get("id")) for w in parsed.ways} - {str(w.get("id")) for w in complete})
    passes = road_filter(network_type, truck_gross_t=truck_gross_t)
    ways = [w for w in complete if passes({t.get("k", ""): t.get("v", "") for t in w.iter("tag")})]
    if not ways:
        msg = f"{path}: no way passes the '{network_type}' road filter; is this a street extract?"
        raise InputReadError(msg)
    with tempfile.TemporaryDirectory() as tmp:
        filtered = Path(tmp) / "filtered.osm"
        _write_filtered_osm(parsed, ways, filtered)
        graph = _osm.graph_from_xml(filtered)
    graph.graph["source"] = str(path)
    graph.graph["network_type"] = network_type
    graph.graph["dropped_ways"] = dropped
    graph.graph["distance_source"] = "osm_street"
    return graph


# --------------------------------------------------------------------------------------
# Road lines (GeoJSON, GPKG, Shapefile): noding and endpoint snapping
# --------------------------------------------------------------------------------------


def _exploded_lines(lines: gpd.GeoDataFrame, crs: str | int) -> list[LineString]:
    metric = lines.to_crs(crs).geometry.explode(index_parts=False)
    return [g for g in metric if isinstance(g, LineString) and not g.is_empty and g.length > 0]


def _endpoint_connectors(parts: list[LineString], tolerance_m: float) -> list[LineString]:
    """Join dangling endpoints: first to the nearest other dangling end, else to a line.

    A dangling endpoint is one that touches no other line. Ends of consecutive ways
    that generalisation pulled apart meet each other first (so a continuation is not
    mistaken for the parallel carriageway); an end with no partner within the
    tolerance joins the nearest point of the nearest other line.
    """
    ends: dict[tuple[float, float], int] = {}
    owner: dict[tuple[float, float], int] = {}
    for i, part in enumerate(parts):
        for xy in (part.coords[0], part.coords[-1]):
            ends[xy] = ends.get(xy, 0) + 1
            owner[xy] = i
    dangling = sorted(k for k, n in ends.items() if n == 1)
    connectors: list[LineString] = []
    unmatched = _pair_dangling_ends(dangling, owner, tolerance_m, connectors)
    tree = STRtree(parts)
    for xy in unmatched:
        point = Point(xy)
        best: tuple[float, LineString] | None = None
        for idx in tree.query(point.buffer(tolerance_m)):
            line = parts[int(idx)]
            if xy in (line.coords[0], line.coords[-1]):
                continue
            dist = line.distance(point)
            if dist <= tolerance_m and (best is None or dist < best[0]):
                best = (dist, line)
        if best is not None and best[0] > 0:
            target = best[1].interpolate(best[1].project(point))
            connectors.append(LineString([xy, (target.x, target.y)]))
    return connectors


def _pair_dangling_ends(
    dangling: list[tuple[float, float]],
    owner: dict[tuple[float, float], int],
    tolerance_m: float,
    connectors: list[LineString],
) -> list[tuple[float, float]]:
    """Connect each dangling end to its nearest dangling end of another line; return the rest."""
    from scipy.spatial import cKDTree

    if len(dangling) < 2:
        return dangling
    tree = cKDTree(np.array(dangling))
    unmatched = []
    seen: set[tuple[int, int]] = set()
    for i, xy in enumerate(dangling):
        candidates = sorted(
            (float(np.hypot(dangling[j][0] - xy[0], dangling[j][1] - xy[1])), j)
            for j in tree.query_ball_point(xy, tolerance_m)
            if j != i and owner[dangling[j]] != owner[xy]
        )
        if not candidates:
            unmatched.append(xy)
            continue
        j = candidates[0][1]
        key = (min(i, j), max(i, j))
        if key not in seen:
            seen.add(key)
            connectors.append(LineString([xy, dangling[j]]))
    return unmatched


def _noded(lines: Iterable[LineString], grid_m: float) -> list[LineString]:
    merged = shapely.union_all(list(lines), grid_size=grid_m)
    parts = shapely.get_parts(merged)
    return [p for p in parts if isinstance(p, LineString) and p.length > 0]


def graph_from_lines(
    lines: gpd.GeoDataFrame,
    *,
    crs: str | int | None = None,
    snap_tolerance_m: float = DEFAULT_LINE_SNAP_M,
    grid_m: float = 0.01,
    oneway: bool = False,
) -> nx.MultiDiGraph:
    """Make a routable graph from road lines that are not noded at crossings.

    The method, step by step:

    1. Reproject to ``crs`` (metres) and explode multi-part lines.
    2. Node: union all lines on a ``grid_m`` precision grid, which splits them at
       every crossing and shared vertex.
    3. Snap: every dangling endpoint (one that touches no other line) within
       ``snap_tolerance_m`` of another line is joined to the nearest point on it by a
       straight connector edge (``snap_connector=True``); the line is split there.
    4. Node again, then every piece becomes an edge each way (``oneway=False``).
    5. Join components: where two weak components have nodes closer than
       ``snap_tolerance_m``, their closest pair gets a straight connector edge.

    Parameters
    ----------
    lines
        Road lines with a CRS.
    crs
        Projected CRS in metres for the geometry work. ``None`` (default): the one CRS
        for the lines' whole extent (:func:`utm_crs`: their UTM zone, or one transverse
        Mercator when they span zones).
    snap_tolerance_m
        Largest gap (m) that a snap may bridge. Default :data:`DEFAULT_LINE_SNAP_M`.
    grid_m
        Precision grid (m) for noding.
    oneway
        If True, edges run only in the digitised direction.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes numbered 0.. in sorted coordinate order, with ``x``, ``y`` (EPSG:4326) and
        ``x_m``, ``y_m`` (``crs``); edges with ``length`` (m), ``geometry`` (``crs``)
        and ``snap_connector``.

    Raises
    ------
    InputReadError
        ``lines`` has no CRS or no line geometry.
    """
    if lines.crs is None:
        msg = "road lines have no CRS; set it (e.g. gdf.set_crs('EPSG:4326')) before building"
        raise InputReadError(msg)
    if crs is None:
        bounds = lines.to_crs(4326).total_bounds  # one CRS for the lines' whole extent
        crs = utm_crs([bounds[0], bounds[2]], [bounds[1], bounds[3]])
    parts = _noded(_exploded_lines(lines, crs), grid_m)
    if not parts:
        raise InputReadError("road lines contain no line geometry to build a network from")
    connectors = _endpoint_connectors(parts, snap_tolerance_m)
    connector_keys = {shapely.set_precision(c, grid_m).wkb for c in connectors}
    final = _noded(parts + connectors, grid_m)
    graph = _graph_from_pieces(final, connector_keys, crs=crs, grid_m=grid_m, oneway=oneway)
    _join_close_components(graph, snap_tolerance_m)
    return graph


def _join_close_components(graph: nx.MultiDiGraph, tolerance_m: float) -> None:
    """Join weak components whose closest nodes lie within the tolerance (step 5).

    For every pair of components with nodes closer than ``tolerance_m``, the closest
    node pair gets a two-way straight connector edge (``snap_connector=True``).
    Component pairs are taken shortest gap first, so the result is deterministic.
    """
    from scipy.spatial import cKDTree

    nodes = sorted(graph.nodes)
    comp_of: dict[int, int] = {}
    for c, members in enumerate(nx.weakly_connected_components(graph)):
        for node in members:
            comp_of[node] = c
    xy = np.array([(graph.nodes[n]["x_m"], graph.nodes[n]["y_m"]) for n in nodes])
    pairs = cKDTree(xy).query_pairs(tolerance_m, output_type="ndarray")
    candidates = sorted(
        (float(np.hypot(*(xy[i] - xy[j]))), nodes[i], nodes[j])
        for i, j in pairs
        if comp_of[nodes[i]] != comp_of[nodes[j]]
    )
    parent = {c: c for c in set(comp_of.values())}

    def find(c: int) -> int:
        while parent[c] != c:
            c = parent[c]
        return c

    for dist, u, v in candidates:
        cu, cv = find(comp_of[u]), find(comp_of[v])
        if cu == cv:
            continue
        parent[max(cu, cv)] = min(cu, cv)
        a, b = graph.nodes[u], graph.nodes[v]
        line = LineString([(a["x_m"], a["y_m"]), (b["x_m"], b["y_m"])])
        graph.add_edge(u, v, length=dist, geometry=line, snap_connector=True)
        graph.add_edge(v, u, length=dist, geometry=line.reverse(), snap_connector=True)


def _graph_from_pieces(
    pieces: list[LineString],
    connector_keys: set[bytes],
    *,
    crs: str | int,
    grid_m: float,
    oneway: bool,
) -> nx.MultiDiGraph:
    from pyproj import Transformer

    coords = sorted({xy for p in pieces for xy in (p.coords[0], p.coords[-1])})
    index = {xy: i for i, xy in enumerate(coords)}
    to_wgs = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    lon, lat = to_wgs.transform(np.array([c[0] for c in coords]), np.array([c[1] for c in coords]))
    graph = nx.MultiDiGraph(crs="EPSG:4326", metric_crs=str(crs), distance_source="trunk_road")
    for i, xy in enumerate(coords):
        graph.add_node(i, x=float(lon[i]), y=float(lat[i]), x_m=xy[0], y_m=xy[1])
    for piece in sorted(pieces, key=lambda p: (index[p.coords[0]], index[p.coords[-1]], p.length)):
        u, v = index[piece.coords[0]], index[piece.coords[-1]]
        if u == v:
            continue
        attrs = {
            "length": float(piece.length),
            "geometry": piece,
            "snap_connector": shapely.set_precision(piece, grid_m).wkb in connector_keys,
        }
        graph.add_edge(u, v, **attrs)
        if not oneway:
            graph.add_edge(v, u, **{**attrs, "geometry": piece.reverse()})
    return graph


def read_road_lines(path: str | Path) -> gpd.GeoDataFrame:
    """Read road lines from GeoJSON, GeoPackage or Shapefile.

    Parameters
    ----------
    path
        The GIS file of road lines; it must declare its CRS.

    Returns
    -------
    geopandas.GeoDataFrame
        The lines and their attributes, in the file's own CRS.

    Raises
    ------
    InputReadError
        The file cannot be read, or has no CRS.
    ValidationError
        A line has a point outside Viet Nam, or was written ``[lat, lon]``
        (:func:`eipgeo.io.checks.check_in_vietnam`), naming the feature.
    """
    path = Path(path)
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises many types; re-raise as ours with the file
        msg = f"{path}: cannot read road lines ({exc}); give a GeoJSON, GPKG or Shapefile"
        raise InputReadError(msg) from exc
    if gdf.crs is None:
        msg = f"{path}: no CRS declared; add one (GeoJSON is EPSG:4326) and retry"
        raise InputReadError(msg)
    outside = check_in_vietnam(gdf.set_axis(range(1, len(gdf) + 1)), str(path), what="road line")
    if outside:
        raise ValidationError("; ".join(p.to_line() for p in outside[:3]), outside)
    return gdf


# --------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentReport:
    """Connectivity of a directed graph.

    Attributes
    ----------
    nodes, edges
        Counts (directed edges).
    weak_sizes, strong_sizes
        Sizes of weakly and strongly connected components, largest first.
    """

    nodes: int
    edges: int
    weak_sizes: tuple[int, ...]
    strong_sizes: tuple[int, ...]

    @property
    def largest_weak_share(self) -> float:
        """Share of nodes in the largest weakly connected component (0..1)."""
        return self.weak_sizes[0] / self.nodes if self.nodes else 0.0

    def describe(self) -> str:
        """Return a one-line human summary, counts with thousands separators (``1,598``)."""
        return (
            f"{self.nodes:,} nodes, {self.edges:,} directed edges; {len(self.weak_sizes):,} weak "
            f"components (largest {self.largest_weak_share:.0%} of nodes), "
            f"{len(self.strong_sizes):,} strong components"
        )


def component_report(graph: nx.MultiDiGraph) -> ComponentReport:
    """Count nodes, edges and connected components of ``graph``.

    Parameters
    ----------
    graph
        Directed street graph.

    Returns
    -------
    ComponentReport
        Node and edge counts, and the sizes (nodes) of the weakly and the strongly
        connected components, largest first.
    """
    weak = sorted((len(c) for c in nx.weakly_connected_components(graph)), reverse=True)
    strong = sorted((len(c) for c in nx.strongly_connected_components(graph)), reverse=True)
    return ComponentReport(
        graph.number_of_nodes(), graph.number_of_edges(), tuple(weak), tuple(strong)
    )


# --------------------------------------------------------------------------------------
# Truck profile
# --------------------------------------------------------------------------------------

_NO_HGV = {"no", "private"}
_HGV_OK = {"yes", "designated", "destination", "delivery", "permissive"}
_WEIGHT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(t|tonnes?)?\s*$", re.IGNORECASE)


def parse_maxweight_t(value: str | None) -> float | None:
    """Return an OSM ``maxweight`` value in tonnes, or None when absent or not in tonnes.

    OSM's default unit for ``maxweight`` is the metric tonne (``10``, ``10 t``,
    ``3.5 t``); values in other units (``st``, ``lbs``) or conditional values are not
    parsed, and the caller keeps the way (see ``graph.graph["unparsed_maxweight"]``).

    Parameters
    ----------
    value
        The raw tag value; ``None`` when the way has no ``maxweight``.

    Returns
    -------
    float or None
        The limit, t; None when absent or not in tonnes.
    """
    if value is None:
        return None
    m = _WEIGHT.match(str(value))
    return float(m.group(1)) if m else None


def truck_filter(gross_weight_t: float) -> Callable[[dict[str, str]], bool]:
    """Return a predicate telling whether a truck of ``gross_weight_t`` may use a way.

    A way is closed to the truck when ``hgv`` is ``no`` or ``private``; when ``access``
    is ``no`` or ``private`` and ``hgv`` does not open it again (``yes``,
    ``designated``, ``destination``, ``delivery``, ``permissive``: a waste collection
    truck is destination traffic); or when ``maxweight`` (or ``maxweight:hgv``), in
    tonnes, is below ``gross_weight_t``. Tag meanings follow the OSM wiki pages
    ``Key:hgv``, ``Key:access`` and ``Key:maxweight``.

    Parameters
    ----------
    gross_weight_t
        Gross vehicle weight (t), compared with ``maxweight``.
    """

    def allowed(tags: dict[str, str]) -> bool:
        hgv = tags.get("hgv")
        if hgv in _NO_HGV:
            return False
        if tags.get("access") in _NO_HGV and hgv not in _HGV_OK:
            return False
        for key in ("maxweight", "maxweight:hgv"):
            limit = parse_maxweight_t(tags.get(key))
            if limit is not None and limit < gross_weight_t:
                return False
        return True

    return allowed


def road_filter(
    network_type: str = "drive_service", *, truck_gross_t: float | None = None
) -> Callable[[dict[str, str]], bool]:
    """Combine osmnx's ``network_type`` filter with the truck profile (when a weight is given).

    Parameters
    ----------
    network_type
        An osmnx network type (:func:`way_filter`); default ``drive_service``.
    truck_gross_t
        Gross vehicle weight, t, checked against ``hgv``, ``access`` and ``maxweight``
        (:func:`truck_filter`); ``None`` (default) applies the ``network_type`` filter
        alone.

    Returns
    -------
    callable
        ``f(tags) -> bool``: True when a way with these OSM tags may be used.

    Raises
    ------
    eipgeo._errors.UsageError
        ``truck_gross_t`` is not > 0.
    """
    drivable = way_filter(network_type)
    if truck_gross_t is None:
        return drivable
    if not truck_gross_t > 0:
        raise UsageError(f"truck gross weight must be > 0 t, got {truck_gross_t}")
    truck = truck_filter(truck_gross_t)
    return lambda tags: drivable(tags) and truck(tags)


# --------------------------------------------------------------------------------------
# Speeds and travel times
# --------------------------------------------------------------------------------------

_MPH_KPH = 1.609344
_SPEED = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(km/h|kmh|kph|mph)?\s*$", re.IGNORECASE)


def parse_maxspeed_kph(value: object) -> float | None:
    """Return an OSM ``maxspeed`` in km/h (``50``, ``50 km/h``, ``30 mph``; lowest of a list).

    Returns None for absent values and for zone codes such as ``VN:urban``, which the
    per-class defaults then replace.

    Parameters
    ----------
    value
        The tag value: text (several values separated by ``;`` or ``|``), a list of them
        (osmnx's merged edges), a number, or ``None``/NaN when absent. A number without a
        unit is km/h; ``mph`` values are converted (1 mph = 1.609344 km/h).

    Returns
    -------
    float or None
        The lowest speed given, km/h.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    values = value if isinstance(value, list) else re.split(r"[;|]", str(value))
    speeds = []
    for item in values:
        m = _SPEED.match(str(item))
        if m:
            unit = (m.group(2) or "").lower()
            speeds.append(float(m.group(1)) * (_MPH_KPH if unit == "mph" else 1.0))
    return min(speeds) if speeds else None


def _tag_text(value: object) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def speed_cap_key(
    edge: dict[str, object], *, area: str = "urban", special_purpose: bool = True
) -> str:
    """Return the ``truck_max_speed_kph.*`` coefficient key that caps a truck on ``edge``.

    Circular 31/2019/TT-BGTVT (Art. 6, 7) sets maxima by area (in or outside residential
    areas), by carriageway (divided or not) and by vehicle (special-purpose trucks such
    as garbage compactors have their own, lower rural caps). OSM maps a dual
    carriageway as one-way ways, so an edge counts as divided when it is one-way with
    ``lanes`` >= 2 (the Circular's urban wording: "dual carriageway or one-way >= 2
    lanes"). ``motorway`` and ``motorway_link`` are expressways.

    Parameters
    ----------
    edge
        An edge's attributes: its OSM tags ``highway``, ``oneway`` and ``lanes`` are read
        (any may be missing).
    area
        ``urban`` (default; inside residential areas, Art. 6) or ``rural`` (Art. 7).
    special_purpose
        True (default) for special-purpose trucks (garbage compactors), whose rural caps
        are lower; it makes no difference in urban areas or on expressways.

    Returns
    -------
    str
        A row key of ``eipgeo/data/coefficients.csv``, e.g.
        ``truck_max_speed_kph.rural_undivided.special_purpose``.

    Raises
    ------
    eipgeo._errors.UsageError
        ``area`` is neither ``urban`` nor ``rural``.
    """
    if area not in {"urban", "rural"}:
        raise UsageError(f"area must be 'urban' or 'rural', got {area!r}")
    if _tag_text(edge.get("highway")).startswith("motorway"):
        return "truck_max_speed_kph.expressway"
    lanes = re.match(r"\s*(\d+)", _tag_text(edge.get("lanes")))
    divided = bool(edge.get("oneway")) and lanes is not None and int(lanes.group(1)) >= 2
    key = f"truck_max_speed_kph.{area}_{'divided' if divided else 'undivided'}"
    return f"{key}.special_purpose" if area == "rural" and special_purpose else key


def add_travel_times(
    graph: nx.MultiDiGraph, *, area: str = "urban", special_purpose: bool = True
) -> nx.MultiDiGraph:
    """Add ``speed_kph`` and ``travel_time`` (s) to every edge, in place.

    The speed is the posted ``maxspeed`` when the edge has one, capped by the legal
    truck maximum of its class in Viet Nam (:func:`speed_cap_key`); without ``maxspeed``
    it is that legal maximum. These are **maxima**, not operating speeds: the travel
    times are lower bounds (congested city streets are slower).

    Parameters
    ----------
    graph
        Edges with ``length`` (m).
    area
        ``urban`` (inside residential areas, Art. 6) or ``rural`` (Art. 7).
    special_purpose
        True for special-purpose trucks (garbage compactors), whose rural caps are lower.

    Returns
    -------
    networkx.MultiDiGraph
        The same graph; ``graph["speed_source"]`` names the coefficients used.

    Notes
    -----
    Caps are rows ``truck_max_speed_kph.*`` of ``eipgeo/data/coefficients.csv``:
    Circular 31/2019/TT-BGTVT, Art. 6-7 (https://thuvienphapluat.vn/van-ban/
    Giao-thong-Van-tai/Thong-tu-31-2019-TT-BGTVT-quy-dinh-ve-toc-do-va-khoang-cach-an-toan-
    cua-xe-co-gioi-423005.aspx); expressway cap from Circular 38/2024/TT-BGTVT.
    """
    used: set[str] = set()
    for _, _, data in graph.edges(data=True):
        key = speed_cap_key(data, area=area, special_purpose=special_purpose)
        used.add(key)
        cap = coefficients.get(key).value
        posted = parse_maxspeed_kph(data.get("maxspeed"))
        speed = min(posted, cap) if posted else cap
        data["speed_kph"] = speed
        data["travel_time"] = float(data["length"]) / (speed / 3.6)
    graph.graph["speed_source"] = sorted(used)
    return graph


# --------------------------------------------------------------------------------------
# OSM PBF (pyrosm) and GraphML
# --------------------------------------------------------------------------------------

_FORWARD = {"yes", "true", "1"}
_REVERSE = {"-1", "reverse"}
_PBF_TAGS = [
    "access",
    "hgv",
    "maxweight",
    "maxweight:hgv",
    "maxspeed",
    "lanes",
    "service",
    "motor_vehicle",
    "motorcar",
    "area",
    "junction",
    "oneway",
]


def _way_tags(row: dict[str, object]) -> dict[str, str]:
    import json

    tags = {
        k: str(v)
        for k, v in row.items()
        if k in [*_PBF_TAGS, "highway"] and isinstance(v, str) and v
    }
    extra = row.get("tags")
    if isinstance(extra, str) and extra:
        tags.update({k: str(v) for k, v in json.loads(extra).items()})
    return tags


def graph_from_pbf(
    path: str | Path,
    *,
    network_type: str = "drive_service",
    truck_gross_t: float | None = None,
) -> nx.MultiDiGraph:
    """Build the directed street graph of an OSM PBF file (read with pyrosm).

    Every way segment that passes :func:`road_filter` becomes an edge, one way or both
    ways by the osmnx ``oneway`` rules (``yes``/``true``/``1`` and roundabouts forward,
    ``-1``/``reverse`` backward). Lengths are great-circle distances between the node
    coordinates, as osmnx computes them; no node is dropped (``simplify=False,
    retain_all=True`` semantics).

    Parameters
    ----------
    path
        An ``.osm.pbf`` file (EPSG:4326).
    network_type
        osmnx network type of the drivable filter (default ``drive_service``).
    truck_gross_t
        Apply the truck profile (:func:`truck_filter`) for this gross weight (t).

    Returns
    -------
    networkx.MultiDiGraph
        As :func:`graph_from_osm_xml`.

    Raises
    ------
    InputReadError
        Not a PBF file, pyrosm missing, or no way passes the filter.
    """
    path = Path(path)
    nodes, edges = _osm.pbf_network(path, _PBF_TAGS)
    passes = road_filter(network_type, truck_gross_t=truck_gross_t)
    graph = nx.MultiDiGraph(
        crs="EPSG:4326",
        source=str(path),
        network_type=network_type,
        distance_source="osm_street",
        dropped_ways=[],
    )
    xy = {
        int(i): (float(x), float(y)) for i, x, y in zip(nodes.id, nodes.lon, nodes.lat, strict=True)
    }
    attrs = edges.drop(columns=["geometry"]).to_dict("records")
    kept = 0
    for row in attrs:
        tags = _way_tags(row)
        u, v = int(row["u"]), int(row["v"])
        if not passes(tags) or u not in xy or v not in xy or u == v:
            continue
        kept += 1
        one = tags.get("oneway", "")
        forward = one in _FORWARD or tags.get("junction") == "roundabout"
        if one in _REVERSE:
            u, v = v, u
        for n in (u, v):
            graph.add_node(n, x=xy[n][0], y=xy[n][1])
        length = float(haversine_m(xy[u][0], xy[u][1], xy[v][0], xy[v][1]))
        data = {
            "osmid": int(row["id"]),
            "length": length,
            "highway": tags.get("highway"),
            "oneway": forward or one in _REVERSE,
            "maxspeed": tags.get("maxspeed"),
            "lanes": tags.get("lanes"),
        }
        graph.add_edge(u, v, **data)
        if not data["oneway"]:
            graph.add_edge(v, u, **data)
    if not kept:
        raise InputReadError(f"{path}: no way passes the '{network_type}' road filter")
    return graph


def graph_from_graphml(path: str | Path) -> nx.MultiDiGraph:
    """Load a GraphML street graph (as osmnx ``save_graphml`` writes it).

    A projected graph (``crs`` in metres) has its node ``x``, ``y`` converted back to
    EPSG:4326, so every graph eipgeo holds shares one CRS.

    Parameters
    ----------
    path
        GraphML file; the graph must declare its ``crs`` and every edge its ``length``
        (m).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes' ``x``, ``y`` in EPSG:4326 degrees; ``graph["source"]`` is ``path`` and
        ``graph["distance_source"]`` defaults to ``osm_street``.

    Raises
    ------
    InputReadError
        The file cannot be read as GraphML, declares no ``crs``, or an edge has no
        ``length``.
    ValidationError
        The lengths cannot be metres (most edges shorter than a tenth of the straight
        line between their ends: a file in km), naming one edge.
    """
    path = Path(path)
    try:
        graph = _osm.load_graphml(path)
    except Exception as exc:  # networkx/lxml raise many types for a bad file
        msg = f"{path}: cannot read as GraphML ({exc}); give a file written by osmnx.save_graphml"
        raise InputReadError(msg) from exc
    crs = graph.graph.get("crs")
    if not crs:
        raise InputReadError(f"{path}: the graph declares no 'crs'; add crs='EPSG:4326' to it")
    missing = next(((u, v) for u, v, d in graph.edges(data=True) if "length" not in d), None)
    if missing is not None:
        msg = f"{path}: edge {missing[0]}->{missing[1]} has no 'length' (m); add edge lengths"
        raise InputReadError(msg)
    if not CRS.from_user_input(crs).equals(CRS.from_epsg(4326)):
        to_wgs = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        for _, data in graph.nodes(data=True):
            data["x"], data["y"] = to_wgs.transform(data["x"], data["y"])
        graph.graph["crs"] = "EPSG:4326"
    _check_length_unit(graph, path)
    graph.graph.setdefault("distance_source", "osm_street")
    graph.graph["source"] = str(path)
    return graph


def _check_length_unit(graph: nx.MultiDiGraph, path: Path) -> None:
    """Refuse edge lengths that cannot be metres (a GraphML written in km).

    A road edge is never shorter than the straight line between its ends; when most
    edges whose ends are at least 20 m apart are given under a tenth of that, the
    lengths are not metres (e.g. 0.25 for a 250 m street) and every tour would come out
    a thousand times too short.
    """
    ratios, worst = [], None
    for u, v, data in graph.edges(data=True):
        a, b = graph.nodes[u], graph.nodes[v]
        straight = float(haversine_m(a["x"], a["y"], b["x"], b["y"]))
        try:
            length = float(data["length"])
        except (TypeError, ValueError):
            msg = f"{path}: edge {u}->{v} has length {data['length']!r}; give metres"
            raise InputReadError(msg) from None
        if straight >= 20.0:
            ratios.append(length / straight)
            if worst is None or straight > worst[3]:
                worst = (u, v, length, straight)
    if ratios and worst is not None and float(np.median(ratios)) < 0.1:
        u, v, length, straight = worst
        msg = (
            f"edge {u}->{v} has length {length:g} but its ends are {straight:,.0f} m apart: "
            "the edge lengths are not in metres (km?); eipgeo reads GraphML 'length' in "
            "metres, as osmnx writes it: convert the lengths to metres"
        )
        raise ValidationError(
            f"{path}: {msg}", [Problem(msg, code="length_unit", file=str(path), value=length)]
        )


_LINE_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp"}


def read_network(
    path: str | Path,
    *,
    network_type: str = "drive_service",
    truck_gross_t: float | None = None,
) -> nx.MultiDiGraph:
    """Read a road network from OSM XML, OSM PBF, GraphML or road lines, by file suffix.

    Parameters
    ----------
    path
        ``.osm``/``.xml`` (OSM XML), ``.pbf`` (OSM PBF), ``.graphml``, or road lines
        (``.geojson``, ``.json``, ``.gpkg``, ``.shp``; noded, two-way).
    network_type, truck_gross_t
        Road filter for OSM sources (see :func:`road_filter`).

    Returns
    -------
    networkx.MultiDiGraph
        EPSG:4326 nodes, ``length`` (m) edges.

    Raises
    ------
    InputReadError
        Missing file, unknown suffix, or unreadable content.
    """
    path = Path(path)
    if not path.is_file():
        raise InputReadError(
            f"{path}: no such network file; give an OSM, PBF, GraphML or road-line file"
        )
    suffix = path.suffix.lower()
    if suffix in {".osm", ".xml"}:
        return graph_from_osm_xml(path, network_type=network_type, truck_gross_t=truck_gross_t)
    if suffix == ".pbf":
        return graph_from_pbf(path, network_type=network_type, truck_gross_t=truck_gross_t)
    if suffix == ".graphml":
        return graph_from_graphml(path)
    if suffix in _LINE_SUFFIXES:
        graph = graph_from_lines(read_road_lines(path))
        graph.graph["source"] = str(path)
        return graph
    msg = (
        f"{path}: unknown network format '{suffix}'; give .osm, .osm.pbf, .graphml, "
        ".geojson, .gpkg or .shp"
    )
    raise InputReadError(msg)
