"""Graph building: OSM XML street graphs and routable graphs from road lines."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pytest
from _osm_rules import drivable as _drivable
from shapely.geometry import LineString

from eipgeo import network

CASES = Path(__file__).resolve().parent / "data" / "cases"


def _count_from_xml(path: Path) -> tuple[int, int]:
    """Nodes and directed edges of the drivable graph, counted straight from the XML."""
    root = ET.parse(path).getroot()
    known = {n.get("id") for n in root.iter("node")}
    nodes: set[str] = set()
    edges = 0
    for way in root.iter("way"):
        refs = [nd.get("ref") for nd in way.iter("nd")]
        tags = {t.get("k"): t.get("v") for t in way.iter("tag")}
        if not _drivable(tags) or any(r not in known for r in refs):
            continue
        oneway = (
            tags.get("oneway") in {"yes", "true", "1", "-1", "reverse", "T", "F"}
            or tags.get("junction") == "roundabout"
        )
        nodes.update(refs)
        edges += (len(refs) - 1) * (1 if oneway else 2)
    return len(nodes), edges


def test_hcmc_graph_counts_match_the_xml(bundled_data: Path) -> None:
    """Node and edge counts of the drivable HCMC graph equal a direct count of the XML.

    Counted by hand-coded rules above: a kept way of k nodes gives k-1 segments, one
    edge each if one-way (oneway=yes or a roundabout), else two. 938 nodes, 1,669 edges.
    """
    path = bundled_data / "osm" / "hcmc_d1_d3.osm"
    graph = network.graph_from_osm_xml(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == _count_from_xml(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (938, 1669)


def test_clipped_way_is_dropped_and_named() -> None:
    """clipped_way: way 210 references node 33, absent from the file; it is dropped with a
    warning naming both. Left: the 3×2 grid (nodes 21-26; 7 two-way segments) and the spur
    22-34 (1 two-way segment): 7 nodes, (7 + 1) × 2 = 16 directed edges, as the
    independent count of the XML says too."""
    path = CASES / "clipped_way" / "network_clipped.osm"
    with pytest.warns(network.NetworkWarning, match=r"way 210 references node 33"):
        graph = network.graph_from_osm_xml(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (7, 16)
    assert _count_from_xml(path) == (7, 16)
    assert graph.graph["dropped_ways"] == ["210"]


def test_oneway_lanes_kept() -> None:
    """oneway_trap: 1 weak component of 9 nodes; strong components {21..26}, {27}, {28},
    {35}: lane 26→35→27 (oneway=yes) only enters, lane 22-28 (oneway=-1, so 28→22) only
    leaves."""
    graph = network.graph_from_osm_xml(CASES / "oneway_trap" / "network.osm")
    assert [len(c) for c in nx.weakly_connected_components(graph)] == [9]
    strong = sorted(sorted(c) for c in nx.strongly_connected_components(graph))
    assert strong == [[21, 22, 23, 24, 25, 26], [27], [28], [35]]
    assert graph.has_edge(28, 22) and not graph.has_edge(22, 28)


def test_road_island_is_kept() -> None:
    """road_island: retain_all keeps the island: weak components {21..26} and {31, 32}."""
    graph = network.graph_from_osm_xml(CASES / "road_island" / "network.osm")
    comps = sorted(sorted(c) for c in nx.weakly_connected_components(graph))
    assert comps == [[21, 22, 23, 24, 25, 26], [31, 32]]


def test_not_osm_xml_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "roads.osm"
    bad.write_text("<gpx></gpx>", encoding="utf-8")
    with pytest.raises(network.InputReadError, match=r"roads.osm: root element is <gpx>"):
        network.graph_from_osm_xml(bad)


X0, Y0 = 600_000.0, 1_200_000.0  # a place inside UTM zone 48N


def _lines(*coords: tuple[tuple[float, float], ...]) -> gpd.GeoDataFrame:
    geoms = [LineString([(X0 + x, Y0 + y) for x, y in c]) for c in coords]
    return gpd.GeoDataFrame(geometry=geoms, crs="EPSG:32648")


def test_trunk_graph_noding_and_snapping_by_hand() -> None:
    """A hand-drawn line set, noded and snapped at 100 m (worked out on paper).

    A (0,0)-(1000,0) and B (500,-500)-(500,500) cross at (500,0): 4 pieces.
    C (1050,0)-(2000,0): its end is 50 m from A's end → a 50 m connector.
    D (500,580)-(500,1500): 80 m from B's end → an 80 m connector.
    F (1500,60)-(1500,800): no free end within 100 m, but 60 m from C's interior →
    a 60 m connector, and C is split at (1500,0).
    E (3000,0)-(4000,0): 1,000 m from anything → stays apart.
    Nodes: A 3 + B 2 + C 3 + D 2 + E 2 + F 2 = 14. Undirected edges: A 2, B 2, C 2, D 1,
    E 1, F 1, connectors 3 = 12 → 24 directed. Components: 12 nodes and 2 nodes.
    """
    lines = _lines(
        ((0, 0), (1000, 0)),
        ((500, -500), (500, 500)),
        ((1050, 0), (2000, 0)),
        ((500, 580), (500, 1500)),
        ((3000, 0), (4000, 0)),
        ((1500, 60), (1500, 800)),
    )
    graph = network.graph_from_lines(lines, snap_tolerance_m=100)
    assert graph.number_of_nodes() == 14
    assert graph.number_of_edges() == 24
    connectors = sorted(
        round(d["length"], 3) for u, v, d in graph.edges(data=True) if d["snap_connector"] and u < v
    )
    assert connectors == [50.0, 60.0, 80.0]
    report = network.component_report(graph)
    assert report.weak_sizes == (12, 2)
    at = {(round(d["x_m"] - X0), round(d["y_m"] - Y0)): n for n, d in graph.nodes(data=True)}
    # (0,0) → (500,0) → (500,500) → connector → (500,580) → (500,1500): 500+500+80+920
    assert nx.shortest_path_length(
        graph, at[(0, 0)], at[(500, 1500)], weight="length"
    ) == pytest.approx(2000.0, abs=0.05)
    # (0,0) → (1000,0) → 50 m → (1050,0) → (1500,0) → 60 m → (1500,60) → (1500,800)
    assert nx.shortest_path_length(
        graph, at[(0, 0)], at[(1500, 800)], weight="length"
    ) == pytest.approx(1000 + 50 + 450 + 60 + 740, abs=0.05)


def test_trunk_graph_joins_close_components() -> None:
    """Two parallel lines 40 m apart are joined where their free ends meet.

    G (0,0)-(1000,0) and H (0,40)-(1000,40): each end of H is 40 m from an end of G, so the
    dangling ends pair up: 2 connectors of 40 m, one component of 4 nodes.
    """
    graph = network.graph_from_lines(_lines(((0, 0), (1000, 0)), ((0, 40), (1000, 40))))
    assert network.component_report(graph).weak_sizes == (4,)
    connectors = sorted(
        round(d["length"], 3) for u, v, d in graph.edges(data=True) if d["snap_connector"] and u < v
    )
    assert connectors == [40.0, 40.0]


def test_trunk_graph_bundled_data_is_mostly_connected(bundled_data: Path) -> None:
    """The north trunk lines give one component with ≥ 97 % of nodes (README: 98 %)."""
    lines = network.read_road_lines(bundled_data / "osm" / "trunk_roads_north.geojson")
    report = network.component_report(network.graph_from_lines(lines))
    assert report.largest_weak_share >= 0.97


def test_lines_without_crs_are_rejected() -> None:
    gdf = gpd.GeoDataFrame(geometry=[LineString([(0, 0), (1, 1)])])
    with pytest.raises(network.InputReadError, match="no CRS"):
        network.graph_from_lines(gdf)


def test_component_report_describe_groups_thousands() -> None:
    """Hand-worked: 1598 nodes, 3650 directed edges, weak components of 1500 and 98 nodes
    (1500 / 1598 = 0.9387 -> 94 %), strong components of 1500, 90 and 8 nodes. The English
    groups thousands with ",", so the report's VI note writes them the vi-VN way ("1.598")."""
    from eipgeo.outputs._catalogue import note

    report = network.ComponentReport(1598, 3650, (1500, 98), (1500, 90, 8))
    en = (
        "1,598 nodes, 3,650 directed edges; 2 weak components (largest 94% of nodes), "
        "3 strong components"
    )
    assert report.describe() == en
    assert note(en)[1] == (
        "1.598 nút, 3.650 cạnh có hướng; 2 thành phần liên thông yếu (lớn nhất chiếm 94% số "
        "nút), 3 thành phần liên thông mạnh"
    )
