"""Network sources (PBF, GraphML, road lines, dispatch), the truck profile and travel times."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pytest
from _osm_rules import drivable as _drivable
from pyproj import CRS
from shapely.geometry import LineString

from eipgeo import matrix, network, snapping

DATA = Path(__file__).resolve().parent / "data"
ONEWAY = DATA / "cases" / "oneway_trap"


def _pbf() -> Path:
    pyrosm = pytest.importorskip("pyrosm")
    return Path(pyrosm.get_data("test_pbf"))


def _independent_pbf_count(path: Path) -> tuple[int, int]:
    """Nodes and directed edges of the drive_service graph, from pyrosm's raw way segments.

    The drivable rules are the hand transcription in ``test_network`` (not osmnx's text);
    one-way = ``oneway`` yes/true/1/-1/reverse or a roundabout.
    """
    import pyrosm

    _, edges = pyrosm.OSM(str(path)).get_network(
        network_type="all", nodes=True, extra_attributes=network._PBF_TAGS
    )
    nodes: set[int] = set()
    count = 0
    for row in edges.drop(columns="geometry").to_dict("records"):
        tags = {
            k: str(v)
            for k, v in row.items()
            if k in [*network._PBF_TAGS, "highway"] and isinstance(v, str) and v
        }
        if isinstance(row.get("tags"), str):
            tags.update(json.loads(row["tags"]))
        if not _drivable(tags) or row["u"] == row["v"]:
            continue
        nodes.update((int(row["u"]), int(row["v"])))
        one = (
            tags.get("oneway") in {"yes", "true", "1", "-1", "reverse"}
            or tags.get("junction") == "roundabout"
        )
        count += 1 if one else 2
    return len(nodes), count


def test_pbf_graph_matches_an_independent_count() -> None:
    """pyrosm's bundled test.osm.pbf (Helsinki area): 861 nodes, 1,611 directed edges.

    Counted independently from the raw way segments with hand-transcribed drive_service
    rules (see ``_independent_pbf_count``).
    """
    path = _pbf()
    graph = network.read_network(path)
    got = (graph.number_of_nodes(), graph.number_of_edges())
    assert got == _independent_pbf_count(path)
    assert got == (861, 1611)
    u, v, d = next(iter(graph.edges(data=True)))
    a, b = graph.nodes[u], graph.nodes[v]
    assert d["length"] == pytest.approx(float(network.haversine_m(a["x"], a["y"], b["x"], b["y"])))


def test_not_a_pbf_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "roads.osm.pbf"
    bad.write_bytes(b"this is not a protobuf file")
    with pytest.raises(network.InputReadError, match=r"roads.osm.pbf: cannot read as OSM PBF"):
        network.read_network(bad)


def test_graphml_round_trip_and_projected_graph(tmp_path: Path) -> None:
    """oneway_trap saved as GraphML (also projected to UTM 48N) reloads with the same
    matrix: node 27 stays at lon 106.6868, and HUB → DEAD stays 895.45 m in node mode
    (21→24→25→26 686.321 + lane 26→35→27 209.133, oneway_trap/README.md).
    """
    import osmnx as ox

    graph = network.read_network(ONEWAY / "network.osm")
    ox.save_graphml(graph, tmp_path / "g.graphml")
    ox.save_graphml(ox.project_graph(graph, to_crs="EPSG:32648"), tmp_path / "p.graphml")
    for name in ("g.graphml", "p.graphml"):
        loaded = network.read_network(tmp_path / name)
        assert CRS.from_user_input(loaded.graph["crs"]).to_epsg() == 4326
        assert loaded.nodes[27]["x"] == pytest.approx(106.6868, abs=1e-7)
        snaps = snapping.snap_to_nodes(
            loaded, ["HUB", "DEAD"], [106.68002, 106.68685], [20.86004, 20.86067]
        )
        m = matrix.site_matrix_from_graph(loaded, snaps)
        assert m.values[0, 1] == pytest.approx(895.45, abs=0.05)


def test_graphml_without_crs_is_refused(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node(1, x="106.0", y="10.0")  # osmnx's GraphML holds every value as text
    g.add_node(2, x="106.001", y="10.0")
    g.add_edge(1, 2, length="109.5")
    nx.write_graphml(g, tmp_path / "nocrs.graphml")
    with pytest.raises(network.InputReadError, match="declares no 'crs'"):
        network.read_network(tmp_path / "nocrs.graphml")


def test_road_lines_source_by_suffix(tmp_path: Path) -> None:
    """Two crossing 1 km lines (UTM 48N) as GeoJSON: 5 nodes, 4 pieces × 2 ways = 8 edges."""
    x0, y0 = 600_000.0, 1_200_000.0
    lines = gpd.GeoDataFrame(
        geometry=[
            LineString([(x0, y0), (x0 + 1000, y0)]),
            LineString([(x0 + 500, y0 - 500), (x0 + 500, y0 + 500)]),
        ],
        crs="EPSG:32648",
    )
    lines.to_crs(4326).to_file(tmp_path / "roads.geojson", driver="GeoJSON")
    graph = network.read_network(tmp_path / "roads.geojson")
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (5, 8)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("roads.txt", "unknown network format '.txt'"),
        ("missing.osm", "no such network file"),
    ],
)
def test_unknown_or_missing_network_file(tmp_path: Path, name: str, message: str) -> None:
    if name.endswith(".txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    with pytest.raises(network.InputReadError, match=message):
        network.read_network(tmp_path / name)


def test_truck_profile_honours_hgv_access_maxweight() -> None:
    """tests/data/truck_tags.osm, worked out by hand from its tags.

    Ways: 201 (1-2, plain), 202 (2-3, hgv=no), 203 (3-4, maxweight=10), 204 (4-5,
    access=no), 205 (1-5, access=no + hgv=destination). Car: all 5 ways, 10 edges.
    16 t truck: 201 and 205 only → nodes {1, 2, 5}, 4 edges. 7 t truck: also 203 →
    5 nodes, 6 edges.
    """
    path = DATA / "truck_tags.osm"
    car = network.read_network(path)
    assert car.number_of_edges() == 10
    heavy = network.read_network(path, truck_gross_t=16)
    assert sorted(heavy.nodes) == [1, 2, 5] and heavy.number_of_edges() == 4
    light = network.read_network(path, truck_gross_t=7)
    assert light.number_of_nodes() == 5 and light.number_of_edges() == 6
    assert {d["osmid"] for _, _, d in light.edges(data=True)} == {201, 203, 205}


def test_truck_profile_malformed_twin_and_bad_weight() -> None:
    with pytest.raises(network.InputReadError, match="truck_tags_bad.osm: cannot read as OSM XML"):
        network.read_network(DATA / "truck_tags_bad.osm", truck_gross_t=16)
    with pytest.raises(network.UsageError, match="truck gross weight must be > 0"):
        network.read_network(DATA / "truck_tags.osm", truck_gross_t=0)


@pytest.mark.parametrize(
    ("value", "tonnes"),
    [("10", 10.0), ("3.5 t", 3.5), ("12t", 12.0), ("10 st", None), (None, None)],
)
def test_parse_maxweight(value: str | None, tonnes: float | None) -> None:
    assert network.parse_maxweight_t(value) == tonnes


@pytest.mark.parametrize(
    ("value", "kph"),
    [("50", 50.0), ("30 mph", 48.28032), ("60;40", 40.0), ("VN:urban", None), (None, None)],
)
def test_parse_maxspeed(value: str | None, kph: float | None) -> None:
    """1 mph = 1.609344 km/h (international mile), so 30 mph = 48.28032 km/h."""
    assert network.parse_maxspeed_kph(value) == (pytest.approx(kph) if kph else None)


def test_travel_times_from_maxspeed_or_legal_maxima() -> None:
    """Speeds on truck_tags.osm (urban area, Circular 31/2019 Art. 6).

    Way 201 has maxspeed=40: 40 km/h. Way 205 has none and is two-way: the urban
    undivided legal maximum, 50 km/h. Edge 1→2 is 0.002° of longitude at 10.93° N:
    218.356 m (haversine, R = 6,371,009 m) / (40/3.6 m/s) = 19.652 s. Rural, special
    purpose truck: two-way → 60 km/h.
    """
    graph = network.add_travel_times(network.read_network(DATA / "truck_tags.osm"))
    assert graph[1][2][0]["speed_kph"] == 40.0
    assert graph[1][2][0]["travel_time"] == pytest.approx(218.356 / (40 / 3.6), abs=1e-3)
    assert graph[1][5][0]["speed_kph"] == 50.0
    rural = network.add_travel_times(network.read_network(DATA / "truck_tags.osm"), area="rural")
    assert rural[1][5][0]["speed_kph"] == 60.0
    assert "truck_max_speed_kph.rural_undivided.special_purpose" in rural.graph["speed_source"]


def test_speed_cap_classes() -> None:
    """Circular 31/2019: one-way with ≥ 2 lanes is divided; motorways are expressways."""
    assert (
        network.speed_cap_key({"oneway": True, "lanes": "2"}) == "truck_max_speed_kph.urban_divided"
    )
    assert (
        network.speed_cap_key({"oneway": True, "lanes": "1"})
        == "truck_max_speed_kph.urban_undivided"
    )
    assert network.speed_cap_key({"highway": "motorway_link"}) == "truck_max_speed_kph.expressway"
    with pytest.raises(network.UsageError, match="area must be"):
        network.speed_cap_key({}, area="suburban")


def test_download_fails_fast_offline_naming_the_ways_to_supply_data() -> None:
    """With the network off (the test default) and an empty cache, no download is tried."""
    from eipgeo import _osm
    from eipgeo._errors import NetworkDisabledError

    with pytest.raises(NetworkDisabledError, match=r"lon 106\.70000\.\.106\.71000.*\.osm\.pbf"):
        _osm.street_graph_for_bbox(106.70, 10.77, 106.71, 10.78)
    with pytest.raises(network.UsageError, match="not a non-empty EPSG:4326 box"):
        _osm.street_graph_for_bbox(106.71, 10.77, 106.70, 10.78)


def test_download_reads_the_cache_offline() -> None:
    """A graph placed in the cache for a box is read back offline (oneway_trap's 9
    nodes: the grid 21-26, lane nodes 35 and 27, exit node 28)."""
    import osmnx as ox
    from shapely.geometry import box

    from eipgeo import _osm

    graph = network.read_network(ONEWAY / "network.osm")
    area = box(106.679, 20.858, 106.688, 20.8625)
    target = _osm.cache_path(area)
    target.parent.mkdir(parents=True, exist_ok=True)
    ox.save_graphml(graph, target)
    cached = _osm.street_graph_for_bbox(106.679, 20.858, 106.688, 20.8625)
    assert cached.number_of_nodes() == 9
