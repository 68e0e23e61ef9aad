"""Distance matrices: minimum over parallel edges, unreachable pairs, snapping QA."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from eipgeo import matrix, network


def test_parallel_edges_take_the_minimum() -> None:
    """Parallel edges of 10 m and 3 m: the distance is 3 m (summing them would give 13)."""
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", length=10.0)
    g.add_edge("a", "b", length=3.0)
    g.add_edge("b", "c", length=4.0)
    d = matrix.node_distances(g, ["a", "c"], ["a", "b", "c"])
    assert d[0].tolist() == [0.0, 3.0, 7.0]
    assert d[1, 0] == np.inf  # c → a: no edge back


def _c07(cases: Path) -> tuple[nx.MultiDiGraph, pd.DataFrame]:
    folder = cases / "C07_oneway_trap_unreachable"
    graph = network.graph_from_osm_xml(folder / "network.osm")
    sites = pd.read_csv(folder / "sites.csv")
    snaps = matrix.snap_to_nodes(graph, sites.id, sites.lon, sites.lat)
    return graph, snaps


def test_c07_matrix_in_node_mode(cases: Path) -> None:
    """C07's README matrix (m): DEPOT→SA 681.7, SB→DEPOT 374.2, SB→SA 619.2; 3 pairs unreachable.

    By hand (great circle, R = 6,371,009 m): DEPOT→SA runs 1→2→3→7 =
    218.36 + 218.36 + 245.05 = 681.8 m; the README gives 681.7.
    """
    graph, snaps = _c07(cases)
    assert snaps.node.tolist() == [1, 7, 8]
    assert snaps.snap_distance_m.tolist() == pytest.approx([7.8, 7.8, 7.8], abs=0.1)
    m = matrix.site_matrix_from_graph(graph, snaps)
    expected = np.array([[0, 681.7, np.inf], [np.inf, 0, np.inf], [374.2, 619.2, 0]])
    assert m.values == pytest.approx(expected, abs=0.15)
    assert m.unreachable_pairs() == [("DEPOT", "SB"), ("SA", "DEPOT"), ("SA", "SB")]
    problems = matrix.unreachable_problems(m, {"DEPOT": 6, "SA": 1, "SB": 1})
    assert "SA → DEPOT: no directed path (SA sits on a one-way dead end" in \
        [p.message for p in problems][1]


def test_c07_csv_leaves_unreachable_cells_empty(cases: Path) -> None:
    graph, snaps = _c07(cases)
    text = matrix.site_matrix_from_graph(graph, snaps).to_csv()
    assert text is not None
    lines = text.splitlines()
    assert lines[0] == "from\\to,DEPOT,SA,SB"
    assert lines[2] == "SA,,0.0,"


def test_c07_fallback_snap_to_largest_scc(cases: Path) -> None:
    """C07 fallback: re-snapped to the largest SCC, SA → node 6 (247.5 m), SB → node 3 (156.2 m)."""
    graph, _ = _c07(cases)
    main = graph.subgraph(max(nx.strongly_connected_components(graph), key=len)).copy()
    sites = pd.read_csv(cases / "C07_oneway_trap_unreachable" / "sites.csv")
    snaps = matrix.snap_to_nodes(main, sites.id, sites.lon, sites.lat)
    assert snaps.node.tolist() == [1, 6, 3]
    assert snaps.snap_distance_m.tolist()[1:] == pytest.approx([247.5, 156.2], abs=0.2)


def test_c08_far_and_detached_sites_are_named(cases: Path) -> None:
    """C08: SC is on an island (109.7 m from node 9); SD is 5,666 m away; both share node 9."""
    folder = cases / "C08_disconnected_island_far_snap"
    graph = network.graph_from_osm_xml(folder / "network.osm")
    sites = pd.read_csv(folder / "sites.csv")
    snaps = matrix.snap_to_nodes(graph, sites.id, sites.lon, sites.lat)
    assert snaps.loc["SC", "snap_distance_m"] == pytest.approx(109.7, abs=0.2)
    assert snaps.loc["SD", "snap_distance_m"] == pytest.approx(5666, abs=2)
    problems = matrix.snap_problems(snaps, tolerance_m=250)
    codes = {(p.value, p.code) for p in problems if p.severity == "error"}
    assert codes == {("SC", "snap_detached"), ("SD", "snap_too_far")}
    collapse = [p for p in problems if p.code == "snap_collapse"]
    assert len(collapse) == 1 and "SC, SD snap to the same road node 9" in collapse[0].message
    # the README's fallback snaps to the main component: node 6 at 1,181 m, SD 6,449 m
    assert snaps.loc["SC", "main_node"] == "6" or snaps.loc["SC", "main_node"] == 6
    assert snaps.loc["SC", "main_snap_distance_m"] == pytest.approx(1181, abs=2)
    assert snaps.loc["SD", "main_snap_distance_m"] == pytest.approx(6449, abs=2)
    detached = next(p for p in problems if p.code == "snap_detached")
    assert "nearest node, 6, is 1,181 m away, over the 250 m tolerance" in detached.message
    with pytest.raises(matrix.SnapError, match="SD is 5,666 m from the nearest road node"):
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


def test_c07_matrix_in_edge_mode(cases: Path) -> None:
    """C07 in edge mode, by hand (haversine, R = 6,371,009 m; connectors not added).

    DEPOT (10.93005, 106.85005) is 5.459 m from road 1-4 (0.00005° of longitude) and
    5.560 m from road 1-2, so it projects onto 1-4, 5.560 m north of node 1 (fraction
    5.560 / 222.390 = 0.025). SA projects past the end of one-way 3→7, so it sits at
    node 7; SB projects before the start of one-way 8→2, so it sits at node 8.
    DEPOT→SA = 5.560 + 1→2 218.356 + 2→3 218.356 + 3→7 245.038 = 687.3 m.
    SB→DEPOT = 8→2 155.834 + 2→1 218.356 + 5.560 = 379.7 m. SB→SA = 619.2 m (as in
    node mode). DEPOT→SB, SA→DEPOT, SA→SB: no directed path.
    """
    folder = cases / "C07_oneway_trap_unreachable"
    graph = network.graph_from_osm_xml(folder / "network.osm")
    sites = _sites(folder)
    snaps = matrix.snap_sites(graph, sites.id, sites.lon, sites.lat)  # edge is the default
    assert snaps.snap_mode.tolist() == ["edge"] * 3
    assert snaps.fraction.tolist() == pytest.approx([0.025, 1.0, 0.0], abs=1e-4)
    assert snaps.snap_distance_m.tolist() == pytest.approx([5.5, 7.8, 7.8], abs=0.1)
    m = matrix.site_matrix_from_graph(graph, snaps)
    expected = np.array([[0, 687.31, np.inf], [np.inf, 0, np.inf], [379.75, 619.23, 0]])
    assert m.values == pytest.approx(expected, abs=0.05)
    assert m.unreachable_pairs() == [("DEPOT", "SB"), ("SA", "DEPOT"), ("SA", "SB")]
    reach = {p.value: p.message for p in matrix.depot_reach_problems(m, "DEPOT", snaps)}
    assert "no road leads back (a one-way dead end)" in reach["SA"]
    assert "no road leads in from DEPOT (an exit-only road)" in reach["SB"]


def test_c07_duration_matrix(cases: Path) -> None:
    """C07 durations: every road is two-way or single-lane one-way, no maxspeed → urban
    undivided legal maximum 50 km/h (Circular 31/2019 Art. 6). DEPOT→SA in node mode:
    681.75 m / (50/3.6) m/s = 49.09 s; in edge mode 687.31 m → 49.49 s."""
    folder = cases / "C07_oneway_trap_unreachable"
    graph = network.add_travel_times(network.graph_from_osm_xml(folder / "network.osm"))
    sites = _sites(folder)
    for mode, seconds in (("node", 49.09), ("edge", 49.49)):
        snaps = matrix.snap_sites(graph, sites.id, sites.lon, sites.lat, mode=mode)
        m = matrix.site_matrix_from_graph(graph, snaps, weight="travel_time")
        assert m.unit == "s"
        assert m.values[0, 1] == pytest.approx(seconds, abs=0.01)
        assert not np.isfinite(m.values[1, 0])


def test_c08_in_edge_mode(cases: Path) -> None:
    """C08 in edge mode, by hand.

    SC (10.9401, 106.861) projects onto island road 9-10 (lat 10.94, lon 106.860-106.862)
    at its midpoint: connector 0.0001° of latitude = 11.1 m, fraction 0.5. SD (10.99,
    106.85) lies west of node 9, so it projects onto node 9: connector 5,666 m (README).
    SC↔SD = half of 9-10 = 0.001° of longitude at 10.94° N = 109.2 m (the node-mode 0
    collapse is gone). SC is on an island; SD is too far and outside the extent.
    """
    folder = cases / "C08_disconnected_island_far_snap"
    graph = network.graph_from_osm_xml(folder / "network.osm")
    sites = _sites(folder)
    snaps = matrix.snap_to_edges(graph, sites.id, sites.lon, sites.lat)
    assert snaps.loc["SC", "snap_distance_m"] == pytest.approx(11.1, abs=0.1)
    assert snaps.loc["SD", "snap_distance_m"] == pytest.approx(5666, abs=2)
    m = matrix.site_matrix_from_graph(graph, snaps)
    assert m.values[1, 2] == pytest.approx(109.2, abs=0.1)
    problems = matrix.snap_problems(snaps, tolerance_m=250)
    assert {(p.value, p.code) for p in problems} == {("SC", "snap_detached"),
                                                      ("SD", "snap_too_far")}
    extent = matrix.extent_problems(graph, list(sites.id), sites.lon, sites.lat, margin_m=250)
    assert [(p.value, p.code) for p in extent] == [("SD", "outside_extent")]
    reach = matrix.depot_reach_problems(m, "DEPOT", snaps)
    assert [p.value for p in reach] == ["SC", "SD"]
    assert all("road island" in p.message for p in reach)
    text = " ".join(p.message for p in matrix.unreachable_problems(
        m, weak_labels=dict(zip(snaps.index, snaps.weak_component, strict=True))))
    assert "DEPOT → SC: no directed path (they are on separate road islands)" in text


@pytest.mark.parametrize("mode", ["node", "edge"])
def test_c09_clipped_network_matrix_in_both_modes(cases: Path, mode: str) -> None:
    """C09 (way 109 dropped): DEPOT near node 1, S6 near node 6 (tests/data/c09_sites.csv).

    Node mode: 1→2→3→6 = 218.356 + 218.356 + 222.390 = 659.10 m. Edge mode: DEPOT sits
    5.560 m up 1-4, S6 5.560 m down 6-3; every way round is 5.560 + 436.712 + 216.830 =
    659.10 m too. Both directions equal (all two-way).
    """
    with pytest.warns(network.NetworkWarning, match="way 109 references node 11"):
        graph = network.read_network(cases / "C09_osm_xml_missing_node_ref" /
                                     "network_clipped.osm")
    sites = pd.read_csv(DATA / "c09_sites.csv")
    snaps = matrix.snap_sites(graph, sites.id, sites.lon, sites.lat, mode=mode)
    m = matrix.site_matrix_from_graph(graph, snaps)
    assert m.values == pytest.approx(np.array([[0, 659.10], [659.10, 0]]), abs=0.05)


def test_same_edge_sites_run_along_the_edge() -> None:
    """Two sites on one 1,000 m one-way edge a→b at fractions 0.2 and 0.7: 500 m one way,
    no path back (the edge is one-way and there is no other road)."""
    g = nx.MultiDiGraph(crs="EPSG:4326")
    g.add_node("a", x=106.0, y=10.0)
    g.add_node("b", x=106.0 + 1000 / 109_574.0, y=10.0)
    g.add_edge("a", "b", length=1000.0)
    lon = [106.0 + 200 / 109_574.0, 106.0 + 700 / 109_574.0]
    snaps = matrix.snap_to_edges(g, ["P", "Q"], lon, [10.0001, 10.0001])
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
        matrix.snap_to_edges(g, ["A"], [106.0], [10.0])
    with pytest.raises(matrix.SnapError, match=r"A has lon=106.0, lat=95.0"):
        matrix.snap_to_nodes(g, ["A"], [106.0], [95.0])


def test_swapped_axes_are_named(cases: Path) -> None:
    """C07's DEPOT with lon and lat swapped: lat 106.85 is not a latitude → refused by name.

    A site at 0.1° (about 11 km) north of the C07 grid is outside the extent (+250 m).
    """
    graph = network.graph_from_osm_xml(cases / "C07_oneway_trap_unreachable" / "network.osm")
    with pytest.raises(matrix.SnapError, match=r"DEPOT has lon=10.93005, lat=106.85005"):
        matrix.snap_to_edges(graph, ["DEPOT"], [10.93005], [106.85005])
    problems = matrix.extent_problems(graph, ["FAR"], [106.85], [11.03], margin_m=250)
    assert [(p.value, p.code) for p in problems] == [("FAR", "outside_extent")]


def test_cli_matrix_c07_edge_mode(cases: Path, tmp_path: Path) -> None:
    """`eipgeo matrix` on C07: the edge-mode CSV (values above), exit 1, problems named."""
    from typer.testing import CliRunner

    from eipgeo.cli import app

    folder = cases / "C07_oneway_trap_unreachable"
    out = tmp_path / "m.csv"
    result = CliRunner().invoke(app, ["matrix", "--network", str(folder / "network.osm"),
                                      "--sites", str(folder / "sites.csv"), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert out.read_text(encoding="utf-8").splitlines() == [
        "from\\to,DEPOT,SA,SB", "DEPOT,0.0,687.3,", "SA,,0.0,", "SB,379.7,619.2,0.0"]
    assert "SA → DEPOT: no directed path" in result.output
    assert "largest snap 7.8 m (SA)" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--snap", "vertex"], "--snap 'vertex' is not one of edge, node"),
    (["--metric", "cost"], "--metric 'cost' is not one of distance, duration"),
])
def test_cli_matrix_usage_errors(cases: Path, args: list[str], message: str) -> None:
    from typer.testing import CliRunner

    from eipgeo.cli import app

    folder = cases / "C09_osm_xml_missing_node_ref"
    result = CliRunner().invoke(app, ["matrix", "--network", str(folder / "network_clipped.osm"),
                                      "--sites", str(DATA / "c09_sites.csv"), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_matrix_bad_sites_and_network(cases: Path) -> None:
    """Malformed twins: a non-numeric lat (exit 1, FILE:ROW:COLUMN), a truncated OSM (exit 2)."""
    from typer.testing import CliRunner

    from eipgeo.cli import app

    runner = CliRunner()
    net = cases / "C09_osm_xml_missing_node_ref" / "network_clipped.osm"
    bad_sites = runner.invoke(app, ["matrix", "--network", str(net), "--sites",
                                    str(DATA / "c09_sites_bad.csv")])
    assert bad_sites.exit_code == 1
    assert "c09_sites_bad.csv:3:lat: 'abc' is not a number" in bad_sites.output
    bad_net = runner.invoke(app, ["matrix", "--network", str(DATA / "truck_tags_bad.osm"),
                                  "--sites", str(DATA / "c09_sites.csv")])
    assert bad_net.exit_code == 2
    assert "Traceback" not in bad_net.output


def test_c07_fallback_in_edge_mode(cases: Path) -> None:
    """C07 fallback, edge mode: snapped onto the largest SCC {1..6}, every cell is finite.

    SA (10.93105, 106.85605) → road 3-6 (lon 106.854) at 0.00205° of longitude =
    223.8 m, 0.525 of the way from 3 (0.00105° / 0.002°); SB (10.92895, 106.85305) →
    road 2-3 (lat 10.93) at 0.00105° of latitude = 116.8 m, 0.525 from 2. Both are within
    250 m (node mode needed 247.5 m and 156.2 m). By hand: DEPOT→SB = 5.560 + 218.356 +
    0.525 × 218.356 = 338.6 m; DEPOT→SA = 5.560 + 436.712 + 0.525 × 222.390 = 559.0 m;
    SB→SA = 0.475 × 218.356 + 0.525 × 222.390 = 220.5 m; symmetric (all two-way).
    """
    folder = cases / "C07_oneway_trap_unreachable"
    graph = network.graph_from_osm_xml(folder / "network.osm")
    main = graph.subgraph(max(nx.strongly_connected_components(graph), key=len)).copy()
    sites = _sites(folder)
    snaps = matrix.snap_to_edges(main, sites.id, sites.lon, sites.lat)
    assert snaps.snap_distance_m.tolist() == pytest.approx([5.5, 223.8, 116.8], abs=0.1)
    assert matrix.snap_problems(snaps, 250) == []
    m = matrix.site_matrix_from_graph(main, snaps)
    expected = np.array([[0, 559.0, 338.6], [559.0, 0, 220.5], [338.6, 220.5, 0]])
    assert m.values == pytest.approx(expected, abs=0.1)
