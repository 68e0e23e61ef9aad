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
