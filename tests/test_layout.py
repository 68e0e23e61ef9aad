"""Layout review: setback rules for hazardous sites, and coverage of plots, by hand.

All shapes are laid out in EPSG:32648 (UTM 48N, metres) from the origin
X0 = 600 000 m E, Y0 = 1 200 000 m N, then given to the code in EPSG:4326 where it
expects degrees. The park is the square X0..X0+1000 × Y0..Y0+1000.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from eipgeo import siting
from eipgeo._errors import InfeasibleError, InputReadError, ValidationError
from eipgeo.scenario.schema import Scenario, SetbackRule, load_scenario, scenario_from_dict
from eipgeo.scenario.setbacks import (
    check_setbacks,
    place_role,
    read_features,
    review,
    screen_candidates,
    screen_hub,
    setback_problems,
)

EPSG = 32648
X0, Y0 = 600_000.0, 1_200_000.0
BOUNDARY = gpd.GeoDataFrame(
    {"id": ["park"]}, geometry=[box(X0, Y0, X0 + 1000, Y0 + 1000)], crs=EPSG
)
SOURCE = "test rule, hand-made"


def _lonlat(x: float, y: float) -> tuple[float, float]:
    p = gpd.GeoSeries([Point(X0 + x, Y0 + y)], crs=EPSG).to_crs(4326).iloc[0]
    return float(p.x), float(p.y)


def _points(rows: list[tuple[str, float, float]], **cols: Any) -> gpd.GeoDataFrame:
    geoms = [Point(X0 + x, Y0 + y) for _, x, y in rows]
    frame = gpd.GeoDataFrame({"id": [r[0] for r in rows], **cols}, geometry=geoms, crs=EPSG)
    return frame.to_crs(4326)


# Stores S1 at (100, 500): 100 m from the west edge; S2 at (30, 500): 30 m from it.
# Enterprises E1 at (100, 540): 40 m from S1; E2 at (500, 500).
# S2 to E1 = sqrt(70² + 40²) = 80.62 m.
STORES = _points([("S1", 100, 500), ("S2", 30, 500)], role="hazardous_store", name="")
ENTERPRISES = _points([("E1", 100, 540), ("E2", 500, 500)]).rename(columns={"id": "site_id"})


def _rule(**kw: Any) -> SetbackRule:
    return SetbackRule.model_validate({"applies_to": "hazardous_store", "source": SOURCE, **kw})


def test_setbacks_by_hand() -> None:
    places = STORES.rename(columns={"id": "place_id"})
    rules = [
        _rule(**{"from": "boundary", "distance_m": 50}),
        _rule(**{"from": "enterprise", "distance_m": 60}),
        SetbackRule.model_validate(
            {
                "applies_to": "hazardous_treatment",
                "from": "boundary",
                "distance_m": 500,
                "source": SOURCE,
            }
        ),
    ]
    table = check_setbacks(places, rules, epsg=EPSG, boundary=BOUNDARY, enterprises=ENTERPRISES)
    got = {(r.place_id, r["from"]): (r.found_m, r.nearest_id, r.ok) for _, r in table.iterrows()}
    assert got[("S1", "boundary")] == (pytest.approx(100.0, abs=0.1), "boundary", True)
    assert got[("S2", "boundary")] == (pytest.approx(30.0, abs=0.1), "boundary", False)
    assert got[("S1", "enterprise")] == (pytest.approx(40.0, abs=0.1), "E1", False)
    assert got[("S2", "enterprise")] == (pytest.approx(80.6, abs=0.1), "E1", True)
    assert len(table) == 4  # the treatment rule applies to no store
    problems = setback_problems(table, file="s.yaml")
    assert [p.value for p in problems] == ["S2", "S1"]
    assert {(p.code, p.severity, p.file) for p in problems} == {
        ("setback_breach", "warning", "s.yaml")
    }
    assert problems[0].message == (
        "setback breach: facility S2 (hazardous_store) is 30.0 m from the park boundary, less "
        "than the 50.0 m required by rule 'hazardous_store ≥ 50 m from boundary' (source: "
        f"{SOURCE}); move the facility or check the rule"
    )
    assert "is 40.0 m from enterprise E1, less than the 60.0 m required" in problems[1].message


def test_water_rule_reads_features(tmp_path: Path) -> None:
    """A river polygon from x = 900 to 1000 m: S1 (x = 100) is 800 m away, S2 870 m."""
    river = gpd.GeoDataFrame(
        {"id": ["river"]}, geometry=[box(X0 + 900, Y0, X0 + 1000, Y0 + 1000)], crs=EPSG
    )
    path = tmp_path / "water.geojson"
    river.to_crs(4326).to_file(path, driver="GeoJSON")
    rule = _rule(**{"from": "water", "distance_m": 850, "features": str(path)})
    table = check_setbacks(
        STORES.rename(columns={"id": "place_id"}),
        [rule],
        epsg=EPSG,
        features={str(path): read_features(path)},
    )
    assert list(table.found_m) == [pytest.approx(800.0, abs=0.1), pytest.approx(870.0, abs=0.1)]
    assert list(table.ok) == [False, True]
    assert list(table.nearest_id) == ["river", "river"]


def test_rules_need_a_source_and_features() -> None:
    with pytest.raises(ValueError, match="needs 'features'"):
        _rule(**{"from": "residential", "distance_m": 100})
    base = {"name": "s", "park": "deepc-haiphong"}
    with pytest.raises(ValidationError, match="setbacks.0.source: required key 'source'"):
        scenario_from_dict(
            {
                **base,
                "setbacks": [
                    {"applies_to": "hazardous_store", "from": "boundary", "distance_m": 50}
                ],
            }
        )
    with pytest.raises(ValidationError) as err:
        scenario_from_dict(
            {
                **base,
                "setbacks": [
                    {
                        "applies_to": "hazardous_store",
                        "frm": "boundary",
                        "distance_m": 50,
                        "source": SOURCE,
                    }
                ],
            }
        )
    messages = [p.message for p in err.value.problems]
    assert "unknown key 'frm'; did you mean 'from'?" in messages, messages


def test_roles() -> None:
    assert place_role("hazardous_treatment", "hazardous;controlled") == "hazardous_treatment"
    assert place_role("transfer_station", ["hazardous"]) == "hazardous_store"
    assert place_role("landfill", "domestic;ordinary") == ""
    # Thanh Cong III cement plant (deepc-quangninh facilities.csv) is kind co_processing:
    # a co-processing kiln treats hazardous waste; it is not a store.
    for kind in ("co_processing", "Co Processing", "co-processing"):
        assert place_role(kind, "hazardous") == "hazardous_treatment"


def _candidates(rows: list[tuple[str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"candidate_id": c, "lon": _lonlat(x, y)[0], "lat": _lonlat(x, y)[1]} for c, x, y in rows]
    )


def test_screen_candidates_excludes_violations() -> None:
    """C2 sits 30 m from the boundary (< 50 m): excluded; C1 (100 m) kept."""
    cands = _candidates([("C1", 100, 500), ("C2", 30, 500)])
    rule = [_rule(**{"from": "boundary", "distance_m": 50})]
    kept, bad = screen_candidates(cands, "hazardous_store", rule, epsg=EPSG, boundary=BOUNDARY)
    assert list(kept.candidate_id) == ["C1"]
    assert list(bad.place_id) == ["C2"] and bad.found_m.iloc[0] == pytest.approx(30.0, abs=0.1)
    kept, bad = screen_candidates(cands, "", rule, epsg=EPSG, boundary=BOUNDARY)
    assert len(kept) == 2 and bad.empty  # a hub that takes no hazardous waste: no rule
    with pytest.raises(InfeasibleError, match="all 2 hub candidates break a setback rule"):
        screen_candidates(
            cands,
            "hazardous_store",
            [_rule(**{"from": "boundary", "distance_m": 200})],
            epsg=EPSG,
            boundary=BOUNDARY,
        )


def _job(sites: gpd.GeoDataFrame | None = None) -> Any:
    ents = ENTERPRISES.assign(role="client")
    fac = STORES.rename(columns={"id": "id"}).assign(
        name=["Store one", "Store two"], kind="hazardous_store", accepts="hazardous"
    )
    return SimpleNamespace(
        park=SimpleNamespace(epsg=EPSG),
        boundary=BOUNDARY,
        sites=ents if sites is None else sites,
        facilities=fac,
        problems=[],
        summary=pd.DataFrame(columns=["key", "value", "unit", "note"]),
    )


def test_screen_hub_says_how_many_were_excluded(tmp_path: Path) -> None:
    sc = scenario_from_dict(
        {
            "name": "s",
            "park": "deepc-haiphong",
            "hub": {
                "accepts": ["hazardous"],
                "candidates": "points",
                "points": [{"id": "C1", "lon": 106.76, "lat": 20.84}],
            },
            "setbacks": [
                {
                    "applies_to": "hazardous_store",
                    "from": "boundary",
                    "distance_m": 50,
                    "source": SOURCE,
                }
            ],
        },
        file=str(tmp_path / "s.yaml"),
    )
    cands = _candidates([("C1", 100, 500), ("C2", 30, 500), ("C3", 10, 10)])
    kept, note = screen_hub(sc, _job(), cands)
    assert list(kept.candidate_id) == ["C1"]
    assert note == "setbacks: 2 of 3 candidates excluded as hazardous_store (C2, C3)"


# Plots P1 = [0, 100] × [0, 100] and P2 = [400, 500] × [0, 100]; collection point K at
# (150, 50). Nearest point: P1 50 m (its east edge), P2 250 m (its west edge).
# Centroid: P1 (50, 50) → 100 m, P2 (450, 50) → 300 m.
PLOTS = gpd.GeoDataFrame(
    {"plot_id": ["P1", "P2"]},
    geometry=[box(X0, Y0, X0 + 100, Y0 + 100), box(X0 + 400, Y0, X0 + 500, Y0 + 100)],
    crs=EPSG,
)
K = pd.DataFrame([{"point_id": "K", "lon": _lonlat(150, 50)[0], "lat": _lonlat(150, 50)[1]}])


@pytest.mark.parametrize(
    ("measure", "radius", "dist", "covered"),
    [
        ("nearest_point", 120, [50.0, 250.0], [True, False]),
        ("centroid", 120, [100.0, 300.0], [True, False]),
        ("nearest_point", 260, [50.0, 250.0], [True, True]),
        ("centroid", 260, [100.0, 300.0], [True, False]),
    ],
)
def test_plot_coverage_by_hand(
    measure: str, radius: float, dist: list[float], covered: list[bool]
) -> None:
    table = siting.plot_coverage(PLOTS.to_crs(4326), K, radius, epsg=EPSG, measure=measure)
    assert list(table.plot_id) == ["P1", "P2"]
    assert list(table.distance_m) == [pytest.approx(d, abs=0.1) for d in dist]
    assert list(table.covered) == covered
    assert set(table.nearest_point_id) == {"K"}


def test_plot_coverage_point_inside_a_plot_is_zero() -> None:
    inside = pd.DataFrame([{"point_id": "I", "lon": _lonlat(50, 50)[0], "lat": _lonlat(50, 50)[1]}])
    table = siting.plot_coverage(PLOTS, inside, 10, epsg=EPSG)
    assert table.distance_m.iloc[0] == 0.0 and bool(table.covered.iloc[0])
    assert table.distance_m.iloc[1] == pytest.approx(350.0, abs=0.1)  # P2's edge x = 400


def test_review_plots_lscp_and_setbacks(tmp_path: Path) -> None:
    """Candidates K1 (150, 50) and K2 (550, 50), radius 120 m from the plots' edges: P1
    needs K1 (50 m; K2 450 m), P2 needs K2 (50 m; K1 250 m), so LSCP opens both and all
    plots are covered. Setbacks: S2 is 30 m from the boundary (< 50 m), one warning."""
    path = tmp_path / "plots.geojson"
    PLOTS.to_crs(4326).to_file(path, driver="GeoJSON")
    k1, k2 = _lonlat(150, 50), _lonlat(550, 50)
    sc = scenario_from_dict(
        {
            "name": "s",
            "park": "deepc-haiphong",
            "setbacks": [
                {
                    "applies_to": "hazardous_store",
                    "from": "boundary",
                    "distance_m": 50,
                    "source": SOURCE,
                }
            ],
            "plot_coverage": {
                "plots": "plots.geojson",
                "radius_m": 120,
                "candidates": [
                    {"id": "K1", "lon": k1[0], "lat": k1[1]},
                    {"id": "K2", "lon": k2[0], "lat": k2[1]},
                ],
            },
        },
        file=str(tmp_path / "s.yaml"),
    )
    found = review(sc, _job())
    cover = found.tables["plot_coverage"]
    assert list(cover.nearest_point_id) == ["K1", "K2"] and cover.covered.all()
    summary = found.summary_rows.set_index("key")["value"]
    assert summary["plot_coverage.covered"] == 2 and summary["plot_coverage.plots"] == 2
    setbacks = found.tables["setbacks"]
    assert list(setbacks[~setbacks.ok].place_id) == ["S2"]
    assert [(p.code, p.severity, p.value) for p in found.problems] == [
        ("setback_breach", "warning", "S2")
    ]
    assert found.problems[0].file == str(tmp_path / "s.yaml")


def test_plot_coverage_spec_needs_points_or_candidates() -> None:
    with pytest.raises(ValidationError, match="give either 'points'"):
        scenario_from_dict(
            {
                "name": "s",
                "park": "deepc-haiphong",
                "plot_coverage": {"plots": "p.geojson", "radius_m": 50},
            }
        )


def test_scenario_dump_reads_back() -> None:
    """scenario.json keeps the YAML key ``from``, so the dump validates again."""
    spec = {
        "name": "s",
        "park": "deepc-haiphong",
        "setbacks": [
            {
                "applies_to": "hazardous_store",
                "from": "boundary",
                "distance_m": 50,
                "source": SOURCE,
            }
        ],
    }
    dumped = scenario_from_dict(spec).model_dump(mode="json")
    assert dumped["setbacks"][0]["from"] == "boundary" and "from_" not in dumped["setbacks"][0]
    assert scenario_from_dict(dumped).setbacks[0].from_ == "boundary"


def _coverage_yaml(tmp_path: Path, block: str) -> Scenario:
    """A scenario file with a plot_coverage block (line 3 on) and the plots beside it."""
    PLOTS.to_crs(4326).to_file(tmp_path / "plots.geojson", driver="GeoJSON")
    path = tmp_path / "cover.yaml"
    path.write_text(f"name: cover\npark: deepc-haiphong\nplot_coverage:\n{block}", encoding="utf-8")
    return load_scenario(path)


def _point(pid: str, x: float, y: float) -> str:
    lon, lat = _lonlat(x, y)
    return f"    - {{id: {pid}, lon: {lon:.9f}, lat: {lat:.9f}}}\n"


def test_uncovered_plots_are_warnings_with_their_distance(tmp_path: Path) -> None:
    """K at (150, 50), radius 120 m from the plots' edges: P1 is 50 m away (covered), P2
    250 m (its west edge x = 400; 400 - 150 = 250): one warning naming P2 and 250.0 m."""
    sc = _coverage_yaml(
        tmp_path, "  plots: plots.geojson\n  radius_m: 120\n  points:\n" + _point("K", 150, 50)
    )
    found = review(sc, _job())
    table = found.tables["plot_coverage"]
    assert list(table.covered) == [True, False]
    assert [(p.code, p.severity, p.value) for p in found.problems] == [
        ("plot_uncovered", "warning", "P2")
    ]
    assert (
        "plot P2 has no collection point within 120 m (nearest_point): the nearest, K, is "
        "250.0 m away" in found.problems[0].message
    )
    summary = found.summary_rows.set_index("key")["value"]
    assert summary["plot_coverage.covered"] == 1 and summary["plot_coverage.plots"] == 2


def test_uncoverable_plot_names_file_key_and_plot(tmp_path: Path) -> None:
    """One candidate K1 at (150, 50), radius 120 m: P2 is 250 m from it, so LSCP cannot
    cover it and the smallest radius that covers every plot is max(50, 250) = 250 m."""
    sc = _coverage_yaml(
        tmp_path, "  plots: plots.geojson\n  radius_m: 120\n  candidates:\n" + _point("K1", 150, 50)
    )
    with pytest.raises(InfeasibleError) as err:
        review(sc, _job())
    msg = str(err.value)
    assert msg.startswith(f"{tmp_path / 'cover.yaml'}: plot_coverage.radius_m: 1 plot(s)")
    assert "P2 (250 m)" in msg and "smallest radius that covers every plot is 250 m" in msg
    assert err.value.exit_code == 1
    [problem] = err.value.problems
    assert (problem.value, problem.file, problem.row) == ("P2", str(tmp_path / "cover.yaml"), 5)
    assert problem.to_line().startswith(f"{tmp_path / 'cover.yaml'}:5:")  # radius_m: line 5
    assert "site_id" not in problem.to_line()


def test_missing_plots_file_names_the_key(tmp_path: Path) -> None:
    sc = _coverage_yaml(
        tmp_path, "  plots: nothere.geojson\n  radius_m: 120\n  points:\n" + _point("K", 150, 50)
    )
    with pytest.raises(InputReadError) as err:
        review(sc, _job())
    msg = str(err.value)
    assert err.value.exit_code == 2
    assert msg.startswith(
        f"{tmp_path / 'cover.yaml'}: plot_coverage.plots: the plots file "
        f"{tmp_path / 'nothere.geojson'} does not exist; fix"
    )
    assert "setback" not in msg
    assert err.value.problems[0].column == "plot_coverage.plots"


def test_missing_features_file_names_the_rule_key(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    sc = scenario_from_dict(
        {
            "name": "s",
            "park": "deepc-haiphong",
            "setbacks": [
                {
                    "applies_to": "hazardous_store",
                    "from": "water",
                    "distance_m": 50,
                    "source": SOURCE,
                    "features": "river.geojson",
                }
            ],
        },
        file=str(path),
    )
    with pytest.raises(
        InputReadError,
        match=r"setbacks\.0\.features: the setback features "
        r"file .*river\.geojson does not exist",
    ):
        review(sc, _job())
