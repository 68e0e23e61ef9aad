"""Siting (spopt p-median, capacitated p-median, LSCP, MCLP) on a tiny instance solved by hand.

The instance: three demand sites A, B, C with 10, 20 and 30 t/yr; two candidates X, Y.
Costs (km): A-X 0, A-Y 4; B-X 1, B-Y 3; C-X 5, C-Y 0 (stored in metres).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from eipgeo import siting
from eipgeo._errors import InfeasibleError, UsageError

COST_M = np.array([[0.0, 4.0], [1.0, 3.0], [5.0, 0.0]]) * 1000
W = [10.0, 20.0, 30.0]
IDS = dict(client_ids=["A", "B", "C"], candidate_ids=["X", "Y"])


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
    assert "1000 m" in err.value.problems[0].message


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
    sites = pd.DataFrame({"site_id": ["L", "H"], "lon": [0.0, 0.01], "lat": [0.0, 0.0],
                          "waste_t_per_yr": [1.0, 99.0]})
    cands = pd.DataFrame({"candidate_id": ["cL", "cH"], "lon": [0.0, 0.01], "lat": [0.0, 0.0]})
    res, opened = siting.site_facility(sites, cands, p=1, circuity=1.0)
    assert res.open_ids == ["cH"]
    assert opened.assigned_t_per_yr.iloc[0] == pytest.approx(100.0)
    # 0.01 deg of longitude on the equator is about 1112 m (R = 6371 km)
    assert res.assignment.cost_m.max() == pytest.approx(1112, rel=0.01)
