"""Distance matrices: minimum over parallel edges, unreachable pairs, snapping QA."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from eipgeo import matrix, network, snapping

CASES = Path(__file__).resolve().parent / "data" / "cases"
ONEWAY = CASES / "oneway_trap"
ISLAND = CASES / "road_island"
CLIPPED = CASES / "clipped_way"


def test_parallel_edges_take_the_minimum() -> None:
    """Parallel edges of 10 m and 3 m: the distance is 3 m (summing them would give 13)."""
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", length=10.0)
    g.add_edge("a", "b", length=3.0)
    g.add_edge("b", "c", length=4.0)
    d = matrix.node_distances(g, ["a", "c"], ["a", "b", "c"])
    assert d[0].tolist() == [0.0, 3.0, 7.0]
    assert d[1, 0] == np.inf  # c → a: no edge back


def _oneway() -> tuple[nx.MultiDiGraph, pd.DataFrame]:
    graph = network.graph_from_osm_xml(ONEWAY / "network.osm")
    sites = pd.read_csv(ONEWAY / "sites.csv")
    snaps = snapping.snap_to_nodes(graph, sites.id, sites.lon, sites.lat)
    return graph, snaps


def test_oneway_matrix_in_node_mode() -> None:
    """oneway_trap/README.md, node mode (great circle, R = 6,371,009 m).

    HUB → node 21 (4.9 m), DEAD → node 27 (6.2 m), EXIT → node 28 (5.4 m).
    HUB→DEAD = 21→24→25→26 (166.793 + 259.764 + 259.764 = 686.321) + lane 26→35→27
    (109.129 + 100.004 = 209.133) = 895.45 m. EXIT→HUB = 28→22 152.187 + 22→21 259.767 =
    411.95 m. EXIT→DEAD = 152.187 + 22→23→26 (259.767 + 166.793) + 209.133 = 787.88 m.
    HUB→EXIT, DEAD→HUB, DEAD→EXIT: no directed path.
    """
    graph, snaps = _oneway()
    assert snaps.node.tolist() == [21, 27, 28]
    assert snaps.snap_distance_m.tolist() == pytest.approx([4.9, 6.2, 5.4], abs=0.1)
    m = matrix.site_matrix_from_graph(graph, snaps)
    expected = np.array([[0, 895.45, np.inf], [np.inf, 0, np.inf], [411.95, 787.88, 0]])
    assert m.values == pytest.approx(expected, abs=0.05)
    assert m.unreachable_pairs() == [("HUB", "EXIT"), ("DEAD", "HUB"), ("DEAD", "EXIT")]
    problems = matrix.unreachable_problems(m, {"HUB": 6, "DEAD": 1, "EXIT": 1})
    assert (
        "DEAD → HUB: no directed path (DEAD sits on a one-way dead end"
        in [p.message for p in problems][1]
    )


def test_oneway_csv_leaves_unreachable_cells_empty() -> None:
    graph, snaps = _oneway()
    text = matrix.site_matrix_from_graph(graph, snaps).to_csv()
    assert text is not None
    lines = text.splitlines()
    assert lines[0] == "from\\to,HUB,DEAD,EXIT"
    assert lines[2] == "DEAD,,0.0,"


def test_oneway_fallback_snap_to_largest_scc() -> None:
    """oneway_trap fallback: re-snapped to the largest SCC {21..26}, DEAD → node 23
    (0.00067° N, 0.00185° E of it: 206.2 m; node 26 would be 213.2 m) and EXIT → node 22
    (0.00104° S, 0.00103° W: 157.6 m; node 21 would be 191.6 m)."""
    graph, _ = _oneway()
    main = graph.subgraph(max(nx.strongly_connected_components(graph), key=len)).copy()
    sites = pd.read_csv(ONEWAY / "sites.csv")
    snaps = snapping.snap_to_nodes(main, sites.id, sites.lon, sites.lat)
    assert snaps.node.tolist() == [21, 23, 22]
    assert snaps.snap_distance_m.tolist()[1:] == pytest.approx([206.2, 157.6], abs=0.1)


def test_island_far_and_detached_sites_are_named() -> None:
    """road_island/README.md: ISLE is on the island (94.5 m from node 31); FAR is 5,797 m
    from node 31; both share node 31.

    By hand (great circle): ISLE (20.86812, 106.69290) to node 31 (20.868, 106.692) =
    94.46 m; FAR (20.92, 106.688) to node 31 = 5,797.1 m. Fallback to the main component:
    node 26 (20.8615, 106.685) at 1,102.6 m from ISLE and 6,512.4 m from FAR.
    """
    graph = network.graph_from_osm_xml(ISLAND / "network.osm")
    sites = pd.read_csv(ISLAND / "sites.csv")
    snaps = snapping.snap_to_nodes(graph, sites.id, sites.lon, sites.lat)
    assert snaps.loc["ISLE", "snap_distance_m"] == pytest.approx(94.5, abs=0.1)
    assert snaps.loc["FAR", "snap_distance_m"] == pytest.approx(5797.1, abs=0.1)
    problems = snapping.snap_problems(snaps, tolerance_m=250)
    codes = {(p.value, p.code) for p in problems if p.severity == "error"}
    assert codes == {("ISLE", "snap_detached"), ("FAR", "snap_too_far")}
    collapse = [p for p in problems if p.code == "snap_collapse"]
    assert len(collapse) == 1 and "FAR, ISLE snap to the same road node 31" in collapse[0].message
    # the fallback snaps to the main component: node 26 at 1,103 m (ISLE), 6,512 m (FAR)
    assert snaps.loc["ISLE", "main_node"] == 26
    assert snaps.loc["ISLE", "main_snap_distance_m"] == pytest.approx(1102.6, abs=0.1)
    assert snaps.loc["FAR", "main_snap_distance_m"] == pytest.approx(6512.4, abs=0.1)
    detached = next(p for p in problems if p.code == "snap_detached")
    assert "nearest node, 26, is 1,103 m away, over the 250 m tolerance" in detached.message
    with pytest.raises(matrix.SnapError, match="FAR is 5,797 m from the nearest road node"):
        matrix.raise_for_problems(problems)


def test_estimated_matrix_is_great_circle_times_circuity() -> None:
    """0.01° of latitude is 1,111.95 m on a 6,371,009 m sphere; × 1.3 = 1,445.5 m."""
    m = matrix.estimated_matrix(["a", "b"], [106.0, 106.0], [10.0, 10.01], circuity=1.3)
    assert m.values[0, 1] == pytest.approx(1111.95 * 1.3, abs=0.1)
    assert set(m.source.ravel()) == {"estimate_circuity"}


def test_regional_leg_without_trunk_is_one_estimate() -> None:
    legs = matrix.regional_legs(None, (106.0, 10.0), (106.0, 10.01), 1.5)
    assert [leg.source for leg in legs] == ["estimate_circuity"]
    assert legs[0].distance_m == pytest.approx(1111.95 * 1.5, abs=0.1)


# --------------------------------------------------------------------------------------
# Edge snapping (the default), QA and the CLI
# --------------------------------------------------------------------------------------

DATA = Path(__file__).resolve().parent / "data"


def _sites(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "sites.csv")


def test_oneway_matrix_in_edge_mode() -> None:
    """oneway_trap in edge mode, by hand (haversine, R = 6,371,009 m; connectors not added).

    HUB (20.86004, 106.68002) is 2.078 m from road 21-24 (0.00002° of longitude) and
    4.448 m from road 21-22 (0.00004° of latitude), so it projects onto 21-24, 4.448 m
    north of node 21 (fraction 0.00004 / 0.0015 = 0.02667). DEAD projects past the end
    of one-way 26→35→27, so it sits at node 27 (6.174 m); EXIT projects before the start
    of 28→22 (oneway=-1 on a way drawn 22→28), so it sits at node 28 (5.431 m).
    HUB→DEAD = (1 − 0.02667) × 166.793 = 162.345 up to 24, + 24→25→26 519.528 + lane
    209.133 = 891.01 m (via node 21 it would be 4.448 + 686.326 + 209.133 = 899.91).
    EXIT→HUB = 152.187 + 259.767 + 4.448 = 416.40 m. EXIT→DEAD = 787.88 m (as in node
    mode). HUB→EXIT, DEAD→HUB, DEAD→EXIT: no directed path.
    """
    graph = network.graph_from_osm_xml(ONEWAY / "network.osm")
    sites = _sites(ONEWAY)
    snaps = snapping.snap_sites(graph, sites.id, sites.lon, sites.lat)  # edge is the default
    assert snaps.snap_mode.tolist() == ["edge"] * 3
    assert snaps.fraction.tolist() == pytest.approx([0.02667, 1.0, 0.0], abs=1e-4)
    assert snaps.snap_distance_m.tolist() == pytest.approx([2.1, 6.2, 5.4], abs=0.1)
    m = matrix.site_matrix_from_graph(graph, snaps)
    expected = np.array([[0, 891.01, np.inf], [np.inf, 0, np.inf], [416.40, 787.88, 0]])
    assert m.values == pytest.approx(expected, abs=0.05)
    assert m.unreachable_pairs() == [("HUB", "EXIT"), ("DEAD", "HUB"), ("DEAD", "EXIT")]
    reach = {p.value: p.message for p in matrix.depot_reach_problems(m, "HUB", snaps)}
    assert "no road leads back (a one-way dead end)" in reach["DEAD"]
    assert "no road leads in from HUB (an exit-only road)" in reach["EXIT"]


def test_oneway_duration_matrix() -> None:
    """oneway_trap durations: the grid roads have no maxspeed → urban undivided legal
    maximum 50 km/h (Circular 31/2019 Art. 6); lane 26→35→27 is posted maxspeed=20.
    HUB→DEAD in node mode: 686.321 m / (50/3.6) m/s + 209.133 m / (20/3.6) m/s =
    49.415 + 37.644 = 87.06 s; in edge mode 681.873 m at 50 km/h + the lane =
    49.095 + 37.644 = 86.74 s."""
    graph = network.add_travel_times(network.graph_from_osm_xml(ONEWAY / "network.osm"))
    sites = _sites(ONEWAY)
    for mode, seconds in (("node", 87.06), ("edge", 86.74)):
        snaps = snapping.snap_sites(graph, sites.id, sites.lon, sites.lat, mode=mode)
        m = matrix.site_matrix_from_graph(graph, snaps, weight="travel_time")
        assert m.unit == "s"
        assert m.values[0, 1] == pytest.approx(seconds, abs=0.01)
        assert not np.isfinite(m.values[1, 0])


def test_island_in_edge_mode() -> None:
    """road_island in edge mode, by hand.

    ISLE (20.86812, 106.6929) projects onto island road 31-32 (lat 20.868, lon
    106.692-106.6945) at fraction 0.0009 / 0.0025 = 0.36: connector 0.00012° of latitude
    = 13.3 m. FAR (20.92, 106.688) lies west of node 31's meridian, so it projects onto
    node 31: connector 5,797.1 m. FAR↔ISLE = 0.36 × 259.753 = 93.5 m along 31-32 (the
    node-mode 0 collapse is gone). ISLE is on an island; FAR is too far and outside the
    extent.
    """
    graph = network.graph_from_osm_xml(ISLAND / "network.osm")
    sites = _sites(ISLAND)
    snaps = snapping.snap_to_edges(graph, sites.id, sites.lon, sites.lat)
    assert snaps.loc["ISLE", "snap_distance_m"] == pytest.approx(13.3, abs=0.1)
    assert snaps.loc["FAR", "snap_distance_m"] == pytest.approx(5797.1, abs=0.1)
    m = matrix.site_matrix_from_graph(graph, snaps)
    assert m.values[1, 2] == pytest.approx(93.51, abs=0.05)
    assert m.values[2, 1] == pytest.approx(93.51, abs=0.05)
    problems = snapping.snap_problems(snaps, tolerance_m=250)
    assert {(p.value, p.code) for p in problems} == {
        ("ISLE", "snap_detached"),
        ("FAR", "snap_too_far"),
    }
    extent = snapping.extent_problems(graph, list(sites.id), sites.lon, sites.lat, margin_m=250)
    assert [(p.value, p.code) for p in extent] == [("FAR", "outside_extent")]
    reach = matrix.depot_reach_problems(m, "HUB", snaps)
    assert [p.value for p in reach] == ["FAR", "ISLE"]
    assert all("road island" in p.message for p in reach)
    text = " ".join(
        p.message
        for p in matrix.unreachable_problems(
            m, weak_labels=dict(zip(snaps.index, snaps.weak_component, strict=True))
        )
    )
    assert "HUB → ISLE: no directed path (they are on separate road islands)" in text


@pytest.mark.parametrize("mode", ["node", "edge"])
def test_clipped_network_matrix_in_both_modes(mode: str) -> None:
    """clipped_way (way 210 dropped): HUB near node 21, S26 near node 26 (sites.csv).

    Node mode: 21→24→25→26 = 166.793 + 259.764 + 259.764 = 686.32 m (21→22→23→26 is
    686.33, the bottom row being 0.003 m longer per block). Edge mode: HUB sits 4.448 m
    up 21-24 (0.00004° of latitude), S26 6.672 m down 26-23 (0.00006°); the shorter way
    round is 4.448 + 21→22→23 519.534 + (166.793 − 6.672) = 684.10 m (the other,
    162.345 + 519.528 + 6.672 = 688.54). Both directions equal (all two-way).
    """
    with pytest.warns(network.NetworkWarning, match="way 210 references node 33"):
        graph = network.read_network(CLIPPED / "network_clipped.osm")
    sites = pd.read_csv(CLIPPED / "sites.csv")
    snaps = snapping.snap_sites(graph, sites.id, sites.lon, sites.lat, mode=mode)
    m = matrix.site_matrix_from_graph(graph, snaps)
    d = {"node": 686.32, "edge": 684.10}[mode]
    assert m.values == pytest.approx(np.array([[0, d], [d, 0]]), abs=0.05)


def test_same_edge_sites_run_along_the_edge() -> None:
    """Two sites on one 1,000 m one-way edge a→b at fractions 0.2 and 0.7: 500 m one way,
    no path back (the edge is one-way and there is no other road)."""
    g = nx.MultiDiGraph(crs="EPSG:4326")
    g.add_node("a", x=106.0, y=10.0)
    g.add_node("b", x=106.0 + 1000 / 109_574.0, y=10.0)
    g.add_edge("a", "b", length=1000.0)
    lon = [106.0 + 200 / 109_574.0, 106.0 + 700 / 109_574.0]
    snaps = snapping.snap_to_edges(g, ["P", "Q"], lon, [10.0001, 10.0001])
    m = matrix.site_matrix_from_graph(g, snaps)
    assert m.values[0, 1] == pytest.approx(500.0, abs=0.5)
    assert m.values[1, 0] == np.inf


def test_chunked_dijkstra_equals_one_call() -> None:
    """csr_distances in chunks of 2 equals one scipy call (a 5-node ring, lengths 1..5)."""
    g = nx.MultiDiGraph()
    for k in range(5):
        g.add_edge(k, (k + 1) % 5, length=float(k + 1))
    old = matrix.DIJKSTRA_CHUNK
    try:
        matrix.DIJKSTRA_CHUNK = 2
        d = matrix.node_distances(g, [0, 1, 2, 3, 4, 0], [0, 4])
    finally:
        matrix.DIJKSTRA_CHUNK = old
    # 0→4 = 1+2+3+4 = 10; 4→0 = 5; 3→4 = 4; 1→0 = 2+3+4+5 = 14
    assert d[:, 1].tolist() == [10.0, 9.0, 7.0, 4.0, 0.0, 10.0]
    assert d[:, 0].tolist() == [0.0, 14.0, 12.0, 9.0, 5.0, 0.0]


def test_bad_coordinates_and_crs_are_refused() -> None:
    g = nx.MultiDiGraph(crs="EPSG:32648")
    g.add_node(1, x=600_000.0, y=1_200_000.0)
    g.add_node(2, x=600_100.0, y=1_200_000.0)
    g.add_edge(1, 2, length=100.0)
    with pytest.raises(matrix.SnapError, match="not EPSG:4326"):
        snapping.snap_to_edges(g, ["A"], [106.0], [10.0])
    with pytest.raises(matrix.SnapError, match=r"A has lon=106.0, lat=95.0"):
        snapping.snap_to_nodes(g, ["A"], [106.0], [95.0])


def test_swapped_axes_are_named() -> None:
    """oneway_trap's HUB with lon and lat swapped: lat 106.68002 is not a latitude →
    refused by name.

    A site 0.1° (about 11 km) north of the grid is outside the extent (+250 m).
    """
    graph = network.graph_from_osm_xml(ONEWAY / "network.osm")
    with pytest.raises(matrix.SnapError, match=r"HUB has lon=20.86004, lat=106.68002"):
        snapping.snap_to_edges(graph, ["HUB"], [20.86004], [106.68002])
    problems = snapping.extent_problems(graph, ["NORTH"], [106.68], [20.96], margin_m=250)
    assert [(p.value, p.code) for p in problems] == [("NORTH", "outside_extent")]


def test_cli_matrix_oneway_edge_mode(tmp_path: Path) -> None:
    """`eipgeo matrix` on oneway_trap: the edge-mode CSV (values of
    test_oneway_matrix_in_edge_mode, to 0.1 m), exit 1, problems named; the largest
    connector is DEAD's 6.2 m."""
    from typer.testing import CliRunner

    from eipgeo.cli import app

    out = tmp_path / "m.csv"
    result = CliRunner().invoke(
        app,
        [
            "matrix",
            "--network",
            str(ONEWAY / "network.osm"),
            "--sites",
            str(ONEWAY / "sites.csv"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 1, result.output
    assert out.read_text(encoding="utf-8").splitlines() == [
        "from\\to,HUB,DEAD,EXIT",
        "HUB,0.0,891.0,",
        "DEAD,,0.0,",
        "EXIT,416.4,787.9,0.0",
    ]
    assert "DEAD → HUB: no directed path" in result.output
    assert "largest snap 6.2 m (DEAD)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--snap", "vertex"], "--snap 'vertex' is not one of edge, node"),
        (["--metric", "cost"], "--metric 'cost' is not one of distance, duration"),
    ],
)
def test_cli_matrix_usage_errors(args: list[str], message: str) -> None:
    from typer.testing import CliRunner

    from eipgeo.cli import app

    result = CliRunner().invoke(
        app,
        [
            "matrix",
            "--network",
            str(CLIPPED / "network_clipped.osm"),
            "--sites",
            str(CLIPPED / "sites.csv"),
            *args,
        ],
    )
    assert result.exit_code == 2
    assert message in result.output


def test_cli_matrix_bad_sites_and_network() -> None:
    """Malformed twins: a lon typed with a letter O (exit 1, FILE:ROW:COLUMN), a
    truncated OSM (exit 2)."""
    from typer.testing import CliRunner

    from eipgeo.cli import app

    runner = CliRunner()
    net = CLIPPED / "network_clipped.osm"
    bad_sites = runner.invoke(
        app, ["matrix", "--network", str(net), "--sites", str(CLIPPED / "sites_bad.csv")]
    )
    assert bad_sites.exit_code == 1
    assert "sites_bad.csv:3:lon: S26: '1O6.68498' is not a number" in bad_sites.output
    bad_net = runner.invoke(
        app,
        [
            "matrix",
            "--network",
            str(DATA / "truck_tags_bad.osm"),
            "--sites",
            str(CLIPPED / "sites.csv"),
        ],
    )
    assert bad_net.exit_code == 2
    assert "Traceback" not in bad_net.output


def test_oneway_fallback_in_edge_mode() -> None:
    """oneway_trap fallback, edge mode: snapped onto the largest SCC {21..26}, every cell
    is finite.

    DEAD (20.86067, 106.68685) → road 23-26 (lon 106.685) at 0.00185° of longitude =
    192.2 m, 0.44667 of the way from 23 (0.00067° / 0.0015°); EXIT (20.85896, 106.68147)
    → road 21-22 (lat 20.86) at 0.00104° of latitude = 115.6 m, 0.588 from 21
    (0.00147° / 0.0025°). Both are within 250 m (node mode needed 206.2 m and 157.6 m).
    By hand: HUB→EXIT = 4.448 + 0.588 × 259.767 = 157.19 m; HUB→DEAD = 4.448 +
    519.534 + 0.44667 × 166.793 = 598.48 m; EXIT→DEAD = 0.412 × 259.767 + 259.767 +
    74.501 = 441.29 m; symmetric (all two-way).
    """
    graph = network.graph_from_osm_xml(ONEWAY / "network.osm")
    main = graph.subgraph(max(nx.strongly_connected_components(graph), key=len)).copy()
    sites = _sites(ONEWAY)
    snaps = snapping.snap_to_edges(main, sites.id, sites.lon, sites.lat)
    assert snaps.snap_distance_m.tolist() == pytest.approx([2.1, 192.2, 115.6], abs=0.1)
    assert snapping.snap_problems(snaps, 250) == []
    m = matrix.site_matrix_from_graph(main, snaps)
    expected = np.array([[0, 598.48, 157.19], [598.48, 0, 441.29], [157.19, 441.29, 0]])
    assert m.values == pytest.approx(expected, abs=0.05)
