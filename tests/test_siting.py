"""Siting (spopt p-median, capacitated p-median, LSCP, MCLP) on a tiny instance solved by hand.

The instance: three demand sites A, B, C with 10, 20 and 30 t/yr; two candidates X, Y.
Costs (km): A-X 0, A-Y 4; B-X 1, B-Y 3; C-X 5, C-Y 0 (stored in metres).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from eipgeo import siting
from eipgeo._errors import InfeasibleError, UsageError

COST_M = np.array([[0.0, 4.0], [1.0, 3.0], [5.0, 0.0]]) * 1000
W = [10.0, 20.0, 30.0]
IDS: dict[str, Any] = {"client_ids": ["A", "B", "C"], "candidate_ids": ["X", "Y"]}


def test_p_median_one_facility_by_hand() -> None:
    """X costs 10*0 + 20*1 + 30*5 = 170 t.km; Y costs 10*4 + 20*3 + 30*0 = 100 t.km: open Y."""
    res = siting.p_median(COST_M, W, p=1, **IDS)
    assert res.open_ids == ["Y"]
    assert res.objective == pytest.approx(100_000.0)
    assert list(res.assignment.facility_id) == ["Y", "Y", "Y"]


def test_p_median_two_facilities_by_hand() -> None:
    """With both open, each site takes its nearest: A->X 0, B->X 20, C->Y 0 = 20 t.km."""
    res = siting.p_median(COST_M, W, p=2, **IDS)
    assert res.open_ids == ["X", "Y"]
    assert res.objective == pytest.approx(20_000.0)
    assert list(res.assignment.facility_id) == ["X", "X", "Y"]


def test_capacitated_p_median_by_hand() -> None:
    """X holds 15 t/yr: only A (10) fits, so B goes to Y: 0 + 20*3 + 0 = 60 t.km."""
    res = siting.p_median(COST_M, W, p=2, capacities_t_per_yr=[15, 100], **IDS)
    assert res.model == "capacitated p-median"
    assert list(res.assignment.facility_id) == ["X", "Y", "Y"]
    assert res.objective == pytest.approx(60_000.0)


def test_capacitated_p_median_too_small_is_infeasible() -> None:
    """Capacities 15 + 40 = 55 t/yr < 60 t/yr of waste: refused before solving."""
    with pytest.raises(InfeasibleError, match="55.0 t/yr"):
        siting.p_median(COST_M, W, p=2, capacities_t_per_yr=[15, 40], **IDS)


def test_coverage_check_names_sites_and_smallest_radius() -> None:
    """Nearest candidate: A 0, B 1000, C 0 m. At 500 m B is uncoverable; 1000 m works."""
    check = siting.coverage_check(COST_M, 500, **IDS)
    assert check.uncoverable == ["B"]
    assert check.min_radius_m == 1000.0
    with pytest.raises(InfeasibleError) as err:
        siting.lscp(COST_M, 500, **IDS)
    assert err.value.problems[0].value == "B"
    assert check.nearest_m == {"B": 1000.0}
    line = err.value.problems[0].to_line()  # no bare "site_id:" prefix
    assert line.startswith(
        "site B has no candidate within 500 m (the nearest is 1,000 m "
        "away); the smallest radius that covers every site is 1000 m"
    ), line
    assert str(err.value).startswith(
        "1 site(s) have no candidate within 500 m: B; the "
        "smallest radius that covers every site is 1000 m"
    )


def test_lscp_by_hand() -> None:
    """At 1000 m X covers A, B and Y covers C: two sites. At 4000 m Y alone covers all."""
    assert siting.lscp(COST_M, 1000, **IDS).open_ids == ["X", "Y"]
    res = siting.lscp(COST_M, 4000, **IDS)
    assert res.open_ids == ["Y"]
    assert res.objective == 1.0


def test_mclp_by_hand() -> None:
    """At 3000 m with p=1: X covers A+B = 30 t/yr, Y covers B+C = 50 t/yr: open Y, 50."""
    res = siting.mclp(COST_M, W, 3000, p=1, **IDS)
    assert res.open_ids == ["Y"]
    assert res.objective == pytest.approx(50.0)
    assert list(res.assignment.facility_id) == ["", "Y", "Y"]
    assert res.notes == []  # every site has a candidate within 3000 m


def test_bad_inputs_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="shape"):
        siting.p_median(COST_M[:2], W, p=1, **IDS)
    with pytest.raises(UsageError, match="p=3 is out of range"):
        siting.p_median(COST_M, W, p=3, **IDS)
    with pytest.raises(UsageError, match="non-negative"):
        siting.p_median(COST_M, [10, -1, 3], p=1, **IDS)


def test_grid_candidates_inside_boundary() -> None:
    """A 1000 m square at 500 m spacing holds the 4 cell centres (250 and 750 m in x and y)."""
    square = gpd.GeoDataFrame(geometry=[box(600_000, 2_300_000, 601_000, 2_301_000)], crs=32648)
    grid = siting.grid_candidates(square, spacing_m=500, epsg=32648)
    assert list(grid.candidate_id) == ["G001", "G002", "G003", "G004"]
    xy = grid.to_crs(32648)
    assert sorted(set(np.round(xy.geometry.x - 600_000))) == [250.0, 750.0]
    with pytest.raises(UsageError, match="smaller spacing"):
        siting.grid_candidates(square, spacing_m=5000, epsg=32648)


def test_site_facility_weights_by_tonnage() -> None:
    """Two sites on the equator 0.01 deg apart, 1 and 99 t/yr; candidates at each site.

    The median sits at the heavy site (cost 1 t x d) rather than the light one (99 t x d).
    """
    sites = pd.DataFrame(
        {
            "site_id": ["L", "H"],
            "lon": [0.0, 0.01],
            "lat": [0.0, 0.0],
            "waste_t_per_yr": [1.0, 99.0],
        }
    )
    cands = pd.DataFrame({"candidate_id": ["cL", "cH"], "lon": [0.0, 0.01], "lat": [0.0, 0.0]})
    res, opened = siting.site_facility(sites, cands, p=1, circuity=1.0)
    assert res.open_ids == ["cH"]
    assert opened.assigned_t_per_yr.iloc[0] == pytest.approx(100.0)
    # 0.01 deg of longitude on the equator is about 1112 m (R = 6371 km)
    assert res.assignment.cost_m.max() == pytest.approx(1112, rel=0.01)


def _u_road() -> nx.MultiDiGraph:
    """A street graph in EPSG:4326 near (106 E, 10 N), two-way, lengths in metres::

        b(106.000, 10.010) --220-- c(106.002, 10.010)
        |1100                       |1100
        a(106.000, 10.000)          d(106.002, 10.000)
        |1100 (west)
        e(105.990, 10.000)

    There is no road between a and d (a river): 219 m apart as the crow flies, 2420 m by
    road. The lengths are close to the straight-line ones (0.01 deg of latitude is about
    1110 m, 0.002 deg of longitude at 10 N about 219 m, 0.01 deg about 1095 m).
    """
    g = nx.MultiDiGraph(crs="EPSG:4326")
    for node, (x, y) in {
        "a": (106.0, 10.0),
        "b": (106.0, 10.01),
        "c": (106.002, 10.01),
        "d": (106.002, 10.0),
        "e": (105.99, 10.0),
    }.items():
        g.add_node(node, x=x, y=y)
    for u, v, m in [("a", "b", 1100.0), ("b", "c", 220.0), ("c", "d", 1100.0), ("a", "e", 1100.0)]:
        g.add_edge(u, v, length=m)
        g.add_edge(v, u, length=m)
    return g


# Sites at nodes a, b, c (60, 10, 10 t/yr); candidates X at d, Y at e.
ROAD_SITES = pd.DataFrame(
    {
        "site_id": ["A", "B", "C"],
        "lon": [106.0, 106.0, 106.002],
        "lat": [10.0, 10.01, 10.01],
        "waste_t_per_yr": [60.0, 10.0, 10.0],
    }
)
ROAD_CANDS = pd.DataFrame(
    {"candidate_id": ["X", "Y"], "lon": [106.002, 105.99], "lat": [10.0, 10.0]}
)


def test_road_cost_matrix_by_hand() -> None:
    """Road metres site -> candidate: A->X a-b-c-d 1100+220+1100 = 2420, A->Y a-e 1100;
    B->X b-c-d 1320, B->Y b-a-e 2200; C->X c-d 1100, C->Y c-b-a-e 2420."""
    cost, off = siting.cost_matrix_road(_u_road(), ROAD_SITES, ROAD_CANDS, snap_tolerance_m=250)
    assert cost == pytest.approx(np.array([[2420, 1100], [1320, 2200], [1100, 2420.0]]))
    assert off == []


def test_site_facility_on_roads_differs_from_estimate() -> None:
    """p = 1. By road: X = 60x2420 + 10x1320 + 10x1100 = 169 400 t.m/yr;
    Y = 60x1100 + 10x2200 + 10x2420 = 112 200: open Y. Estimated, X is nearer every site
    as the crow flies (A 219 m vs 1096 m), so X opens: the river is what road costs see."""
    res, opened = siting.site_facility(
        ROAD_SITES, ROAD_CANDS, p=1, circuity=1.3, graph=_u_road(), snap_tolerance_m=250
    )
    assert res.open_ids == ["Y"]
    assert res.objective == pytest.approx(112_200.0)
    assert res.cost_basis == "osm_street"
    assert set(res.assignment.cost_basis) == {"osm_street"}
    assert "costs on roads" in res.notes[0]
    assert list(opened.candidate_id) == ["Y"] and opened.assigned_t_per_yr.iloc[0] == 80.0
    est, _ = siting.site_facility(ROAD_SITES, ROAD_CANDS, p=1, circuity=1.3)
    assert est.open_ids == ["X"] and est.cost_basis == "estimate_circuity"
    assert set(est.assignment.cost_basis) == {"estimate_circuity"}


def test_off_road_candidate_is_left_out() -> None:
    """Z at (106.010, 10.005) is 0.008 deg of longitude (about 877 m) east of road c-d, over
    the 250 m tolerance: its column is inf, it is named in the notes, never opened; with
    only Z, siting is refused."""
    cands = pd.concat(
        [ROAD_CANDS, pd.DataFrame({"candidate_id": ["Z"], "lon": [106.01], "lat": [10.005]})],
        ignore_index=True,
    )
    cost, off = siting.cost_matrix_road(_u_road(), ROAD_SITES, cands, snap_tolerance_m=250)
    assert off == ["Z"] and np.isinf(cost[:, 2]).all()
    res, _ = siting.site_facility(
        ROAD_SITES, cands, p=2, circuity=1.3, graph=_u_road(), snap_tolerance_m=250
    )
    # p = 2 among X, Y: each site takes its nearer: A->Y 1100, B->X 1320, C->X 1100:
    # 60x1100 + 10x1320 + 10x1100 = 90 200 t.m/yr
    assert res.open_ids == ["X", "Y"] and res.objective == pytest.approx(90_200.0)
    assert any("left out: Z" in n for n in res.notes)
    with pytest.raises(InfeasibleError, match="none of the 1 candidates"):
        siting.site_facility(
            ROAD_SITES, cands.iloc[[2]], p=1, circuity=1.3, graph=_u_road(), snap_tolerance_m=250
        )


def test_scenario_hub_is_sited_on_the_job_roads() -> None:
    """A scenario's hub among points X and Y, after a job whose matrix came from the U-shaped
    streets: Y opens (112 200 < 169 400 t.m/yr, above), and the facility row says the
    costs were road costs."""
    from types import SimpleNamespace

    from eipgeo.matrix import SiteMatrix
    from eipgeo.scenario.run import _site_hub
    from eipgeo.scenario.schema import scenario_from_dict

    spec = scenario_from_dict(
        {
            "name": "s",
            "park": "hiepphuoc",
            "hub": {
                "accepts": ["hazardous"],
                "candidates": "points",
                "points": [
                    {"id": c, "lon": x, "lat": y}
                    for c, x, y in zip(
                        ROAD_CANDS.candidate_id, ROAD_CANDS.lon, ROAD_CANDS.lat, strict=True
                    )
                ],
            },
        }
    )
    street = SiteMatrix(["A"], np.zeros((1, 1)), source=np.full((1, 1), "osm_street"))
    first = SimpleNamespace(
        sites=ROAD_SITES.assign(role="client"), local_matrix=street, graph=_u_road(), boundary=None
    )
    result, opened, rows = _site_hub(spec, first)
    assert result.open_ids == ["Y"] and list(opened.candidate_id) == ["Y"]
    assert rows[0]["id"] == "shared-hub"
    assert str(rows[0]["location_method"]).endswith("(candidate Y) on osm_street costs")
