"""``eipgeo serve``: the layout-review session, its HTTP API and the scenario it exports.

One session on ``deepc-quangninh`` (4 tenants, the smallest programme park with tenants)
at 50 PyVRP iterations keeps the module fast. The exported scenario is run by
``eipgeo run`` (the CLI) and must give the figures the session shows.
"""

from __future__ import annotations

import csv
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
from _serve_layout import RULE_M, layout_geometry, write_rules_scenario
from typer.testing import CliRunner

from eipgeo._errors import ValidationError
from eipgeo.cli import app
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.schema import scenario_from_dict
from eipgeo.serve import session as session_module
from eipgeo.serve.app import make_server
from eipgeo.serve.session import ReviewSession

PARK = "deepc-quangninh"
ITERATIONS = 50


@pytest.fixture(scope="module")
def session() -> ReviewSession:
    return ReviewSession(PARK, iterations=ITERATIONS)


@pytest.fixture(scope="module")
def base_url(session: ReviewSession) -> Iterator[str]:
    server = make_server(session, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _tenant(state: dict[str, Any], tenant_id: str) -> dict[str, Any]:
    return next(t for t in state["layers"]["tenants"] if t["id"] == tenant_id)


def _post(url: str, body: bytes) -> tuple[int, dict[str, Any]]:
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_moved_and_removed_tenants_apply_to_the_park() -> None:
    spec = {
        "name": "t",
        "park": PARK,
        "removed_tenants": ["DCQN-002"],
        "moved_tenants": [{"id": "DCQN-001", "lat": 20.886, "lon": 106.816}],
    }
    park = park_for_scenario(scenario_from_dict(spec))
    ents = park.enterprises.set_index("id")
    assert "DCQN-002" not in ents.index
    assert (ents.loc["DCQN-001", "lat"], ents.loc["DCQN-001", "lon"]) == ("20.886000", "106.816000")
    assert ents.loc["DCQN-001", "location_quality"] == "declared"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"removed_tenants": ["DCQN-009"]}, "'DCQN-009' is not a tenant of deepc-quangninh"),
        (
            {
                "removed_tenants": ["DCQN-001"],
                "moved_tenants": [{"id": "DCQN-001", "lat": 20.886, "lon": 106.816}],
            },
            "move it or remove it, not both",
        ),
    ],
)
def test_unknown_or_contradictory_tenant_changes_are_refused(
    spec: dict[str, Any], message: str
) -> None:
    scenario = scenario_from_dict({"name": "t", "park": PARK, **spec})
    with pytest.raises(ValidationError, match=message):
        park_for_scenario(scenario)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"action": "add", "isic4_class": "2220", "employees": 100, "lat": 20.95, "lon": 106.8},
            "lat",
            "m outside the boundary of DEEP C Quang Ninh",
        ),
        (
            {"action": "add", "isic4_class": "9999", "employees": 100, "at": "DCQN-004"},
            "isic4_class",
            "'9999' is not an ISIC Rev.4 class",
        ),
        (
            {"action": "add", "isic4_class": "2220", "employees": "many", "at": "DCQN-004"},
            "employees",
            "'many' is not a whole number above 0",
        ),
        (
            {"action": "add", "isic4_class": "2220", "employees": -5, "at": "DCQN-004"},
            "employees",
            "'-5' is not a whole number above 0",
        ),
        ({"action": "move", "id": "DCQN-001", "lat": "north", "lon": 1}, "lat", "must be numbers"),
        ({"action": "remove", "id": "NOPE"}, "id", "'NOPE' is not a tenant"),
        ({"action": "fly"}, "id", "not a tenant"),
    ],
)
def test_bad_changes_are_refused_and_leave_the_layout(
    session: ReviewSession, change: dict[str, Any], field: str, message: str
) -> None:
    before = session.state()
    if "at" in change:
        at = _tenant(before, change.pop("at"))
        change = {**change, "lat": at["lat"], "lon": at["lon"]}
    with pytest.raises(ValidationError, match=message) as caught:
        session.apply(change)
    assert caught.value.problems[0].column == field
    assert session.state()["figures"] == before["figures"]


def test_http_api_errors_are_json_lines_never_tracebacks(base_url: str) -> None:
    status, data = _post(base_url + "/api/change", b"not json")
    assert status == 400 and "not JSON" in data["error"]
    status, data = _post(base_url + "/api/change", b'{"action": "add", "isic4_class": "x"}')
    assert status == 400 and data["field"] == "isic4_class"
    assert "Traceback" not in data["error"]
    with urllib.request.urlopen(base_url + "/") as r:
        page = r.read().decode("utf-8")
    assert "http://" not in page and "https://" not in page  # only the app's own paths
    with urllib.request.urlopen(base_url + "/assets/leaflet.js") as r:
        assert b"Leaflet" in r.read(2000)


def _summary(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["key"]: row["value"] for row in csv.DictReader(f)}


def test_a_move_and_a_new_tenant_export_to_a_scenario_that_eipgeo_run_reproduces(
    session: ReviewSession, base_url: str, tmp_path: Path
) -> None:
    """Moving DCQN-001 next to DCQN-004 shortens the collection round; adding a tenant
    adds its waste to the listed tenants. The exported YAML, run by ``eipgeo run``, gives
    the same figures (summary.csv) as the app's panel."""
    try:
        state = session.apply({"action": "reset"})
        near = _tenant(state, "DCQN-004")
        status, moved = _post(
            base_url + "/api/change",
            json.dumps(
                {
                    "action": "move",
                    "id": "DCQN-001",
                    "lat": near["lat"] + 0.001,
                    "lon": near["lon"] + 0.001,
                }
            ).encode(),
        )
        assert status == 200, moved
        assert moved["deltas"]["route_km.total"] < 0
        assert moved["changes"]["moved"] == ["DCQN-001"]
        added = session.apply(
            {
                "action": "add",
                "isic4_class": "2220",
                "employees": "300",
                "name": "Plastics",
                "lat": near["lat"] - 0.001,
                "lon": near["lon"],
            }
        )
        assert added["changes"]["added"] == ["NEW-1"]
        assert _tenant(added, "NEW-1")["waste_t_per_yr"] > 0
        with urllib.request.urlopen(base_url + "/api/scenario.yaml") as r:
            assert "attachment" in r.headers["Content-Disposition"]
            text = r.read().decode("utf-8")
        path = tmp_path / "layout.yaml"
        path.write_text(text, encoding="utf-8")
        res = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "-q"])
        assert res.exit_code == 0, res.output
        summary = _summary(tmp_path / "out" / "layout-review" / PARK / "summary.csv")
        for key, value in added["figures"].items():
            if key in summary:
                assert float(summary[key]) == pytest.approx(value, abs=1e-3), key
        assert float(summary["route_km.total"]) == pytest.approx(added["figures"]["route_km.total"])
    finally:
        session.apply({"action": "reset"})


def test_serve_command_refuses_bad_usage_without_traceback() -> None:
    res = CliRunner().invoke(app, ["serve", "no-such-park", "--no-browser"])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    res = CliRunner().invoke(app, ["serve", PARK, "--port", "70000", "--no-browser"])
    assert res.exit_code == 2
    assert "--port 70000 is not a TCP port" in res.output


def test_remove_then_reset(session: ReviewSession) -> None:
    """Removing DCQN-002 leaves 3 tenants on the map and in the export, and a marker at its
    baseline point; moving DCQN-001 draws a line from its baseline point to the new one;
    reset brings back the baseline figures."""
    base = session.apply({"action": "reset"})
    baseline_1, baseline_2 = _tenant(base, "DCQN-001"), _tenant(base, "DCQN-002")
    near = _tenant(base, "DCQN-004")
    target = (round(near["lat"] + 0.001, 6), round(near["lon"], 6))
    try:
        removed = session.apply({"action": "remove", "id": "DCQN-002"})
        assert [t["id"] for t in removed["layers"]["tenants"]] == [
            "DCQN-001",
            "DCQN-003",
            "DCQN-004",
        ]
        assert removed["changes"]["removed"] == ["DCQN-002"]
        (ghost,) = removed["layers"]["removed_tenants"]  # drawn at its baseline point
        assert ghost["id"] == "DCQN-002"
        assert (ghost["lat"], ghost["lon"]) == (baseline_2["lat"], baseline_2["lon"])
        moved = session.apply(
            {"action": "move", "id": "DCQN-001", "lat": target[0], "lon": target[1]}
        )
        assert moved["layers"]["moved_from"] == [
            {"id": "DCQN-001", "latlngs": [[baseline_1["lat"], baseline_1["lon"]], list(target)]}
        ]
        assert "removed_tenants:\n- DCQN-002" in session.export_yaml()
    finally:
        back = session.apply({"action": "reset"})
    assert back["figures"] == back["baseline"]
    assert back["changes"] == {
        "moved": [],
        "removed": [],
        "added": [],
        "places": [],
        "setbacks": False,
        "collection": False,
    }


def test_an_exported_layout_loads_to_continue(session: ReviewSession, tmp_path: Path) -> None:
    """``eipgeo serve exported.yaml`` starts from the exported layout: its baseline is the
    figures the first session showed, and the moved tenant can be moved again."""
    try:
        near = _tenant(session.apply({"action": "reset"}), "DCQN-004")
        shown = session.apply(
            {"action": "move", "id": "DCQN-001", "lat": near["lat"] + 0.001, "lon": near["lon"]}
        )
        path = tmp_path / "exported.yaml"
        path.write_text(session.export_yaml(), encoding="utf-8")
    finally:
        session.apply({"action": "reset"})
    again = ReviewSession(path)
    assert again.baseline_figures == shown["figures"]
    moved = again.apply(
        {"action": "move", "id": "DCQN-001", "lat": near["lat"], "lon": near["lon"] + 0.001}
    )
    assert again.scenario_dict()["moved_tenants"] == [
        {"id": "DCQN-001", "lat": round(near["lat"], 6), "lon": round(near["lon"] + 0.001, 6)}
    ]
    assert moved["changes"]["moved"] == ["DCQN-001"]


# --------------------------------------------------------------------------------------
# Facilities, hub, collection points, setback rules and collection frequencies
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def geometry() -> dict[str, Any]:
    return layout_geometry()


@pytest.fixture(scope="module")
def rules_session(
    tmp_path_factory: pytest.TempPathFactory, geometry: dict[str, Any]
) -> ReviewSession:
    """A scenario with one setback rule and plot coverage (:mod:`_serve_layout`)."""
    folder = tmp_path_factory.mktemp("rules")
    return ReviewSession(write_rules_scenario(folder, geometry, ITERATIONS))


def _codes(state: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [w for w in state["warnings"]["layout"] if w["code"] == code]


def test_a_store_within_the_setback_breaks_it_once_and_moving_it_clears_it(
    rules_session: ReviewSession, geometry: dict[str, Any]
) -> None:
    """A hazardous store placed 40 m from the boundary breaks the 100 m rule: exactly one
    setback_breach warning, naming the store and 40.0 m; dragged to the representative
    point (farther than 100 m from the boundary) it breaks none."""
    assert geometry["depth_m"] > RULE_M  # the hand-placed inner point is far enough
    session = rules_session
    try:
        lat, lon = geometry["near"]
        state = session.apply(
            {"action": "add_facility", "kind": "hazardous_store", "lat": lat, "lon": lon}
        )
        breaches = _codes(state, "setback_breach")
        assert [b["id"] for b in breaches] == ["STORE-1"]
        assert "is 40.0 m from the park boundary, less than the 100.0 m" in breaches[0]["message"]
        store = next(f for f in state["layers"]["facilities"] if f["id"] == "STORE-1")
        assert (store["role"], store["editable"], store["changed"]) == (
            "hazardous_store",
            True,
            True,
        )
        assert state["changes"]["places"] == ["STORE-1"]
        lat, lon = geometry["inner"]
        moved = session.apply({"action": "move_facility", "id": "STORE-1", "lat": lat, "lon": lon})
        assert _codes(moved, "setback_breach") == []
        spec = session.scenario_dict()
        assert spec["facilities"] == [
            {
                "id": "STORE-1",
                "name": "Hazardous-waste store (layout review)",
                "lat": round(lat, 6),
                "lon": round(lon, 6),
                "kind": "hazardous_store",
                "accepts": ["hazardous"],
            }
        ]
    finally:
        session.apply({"action": "reset"})


def test_a_rule_change_and_a_collection_point_change_the_warnings(
    rules_session: ReviewSession, geometry: dict[str, Any]
) -> None:
    """Plot B (600 m east of the only collection point, radius 150 m) is uncovered: one
    plot_uncovered warning. A point added at B covers it. With the store 40 m from the
    boundary, lowering the rule to 30 m clears the breach; raising it to 50 m brings it
    back."""
    session = rules_session
    try:
        state = session.apply({"action": "reset"})
        assert [w["id"] for w in _codes(state, "plot_uncovered")] == ["B"]
        lat, lon = geometry["east"]
        covered = session.apply(
            {"action": "add_facility", "kind": "collection_point", "lat": lat, "lon": lon}
        )
        assert _codes(covered, "plot_uncovered") == []
        assert [p["id"] for p in covered["layers"]["collection_points"]] == ["CP-1", "CP-2"]
        lat, lon = geometry["near"]
        session.apply({"action": "add_facility", "kind": "hazardous_store", "lat": lat, "lon": lon})
        rule = {
            "action": "set_rule",
            "index": 0,
            "applies_to": "hazardous_store",
            "from": "boundary",
            "source": "test rule",
        }
        loose = session.apply({**rule, "distance_m": "30"})
        assert _codes(loose, "setback_breach") == []
        assert loose["rules"][0]["distance_m"] == 30.0 and loose["changes"]["setbacks"]
        tight = session.apply({**rule, "distance_m": "50"})
        assert len(_codes(tight, "setback_breach")) == 1
        assert session.scenario_dict()["setbacks"] == [
            {
                "applies_to": "hazardous_store",
                "from": "boundary",
                "distance_m": 50.0,
                "source": "test rule",
            }
        ]
    finally:
        session.apply({"action": "reset"})


def test_a_collection_frequency_scales_the_pickups(session: ReviewSession) -> None:
    """Non-hazardous waste collected 2 days a week instead of the default 6: each pickup
    carries 7/2 days of waste instead of one, so the waste totals stay and the export
    holds collection.days_per_week."""
    try:
        base = session.apply({"action": "reset"})
        state = session.apply(
            {"action": "set_frequency", "group": "non_hazardous", "days_per_week": "2"}
        )
        assert state["frequency"] == {"hazardous": None, "non_hazardous": 2}
        assert state["default_days_per_week"] == 6
        assert state["figures"]["waste_t_per_yr.total"] == base["figures"]["waste_t_per_yr.total"]
        assert session.scenario_dict()["collection"] == {"days_per_week": {"non_hazardous": 2}}
    finally:
        session.apply({"action": "reset"})


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {
                "action": "set_rule",
                "index": 0,
                "applies_to": "hazardous_store",
                "from": "boundary",
                "distance_m": "-5",
                "source": "test rule",
            },
            "distance_m",
            "setback distance '-5' m is not a number above 0",
        ),
        (
            {
                "action": "set_rule",
                "applies_to": "hazardous_dump",
                "from": "boundary",
                "distance_m": "50",
                "source": "test rule",
            },
            "applies_to",
            "'hazardous_dump' is not a class of site a setback rule applies to",
        ),
        (
            {
                "action": "set_rule",
                "applies_to": "hazardous_store",
                "from": "school",
                "distance_m": "50",
                "source": "test rule",
            },
            "from",
            "'school' is not what a setback is measured from",
        ),
        (
            {
                "action": "set_rule",
                "applies_to": "hazardous_store",
                "from": "boundary",
                "distance_m": "50",
                "source": "",
            },
            "source",
            "a setback rule needs its source",
        ),
        (
            {
                "action": "set_rule",
                "applies_to": "hazardous_store",
                "from": "residential",
                "distance_m": "50",
                "source": "test rule",
                "features": "nowhere.geojson",
            },
            "features",
            "needs 'features': an existing file",
        ),
        ({"action": "remove_rule", "index": 3}, "index", "'3' is not a rule of the layout"),
        (
            {"action": "set_frequency", "group": "hazardous", "days_per_week": "0"},
            "days_per_week",
            "'0' is not a whole number of days a week",
        ),
        (
            {"action": "set_frequency", "group": "hazardous", "days_per_week": "two"},
            "days_per_week",
            "'two' is not a whole number",
        ),
        (
            {"action": "set_frequency", "group": "hazardous", "days_per_week": "2.5"},
            "days_per_week",
            "'2.5' is not a whole number",
        ),
        (
            {"action": "set_frequency", "group": "hazardous", "days_per_week": "8"},
            "days_per_week",
            "'8' is not a whole number",
        ),
        (
            {"action": "set_frequency", "group": "glass", "days_per_week": "2"},
            "group",
            "'glass' is not a collection group",
        ),
        (
            {"action": "add_facility", "kind": "incinerator", "at": "inner"},
            "kind",
            "'incinerator' is not a place the map can add",
        ),
        (
            {"action": "add_facility", "kind": "hazardous_store", "lat": 20.95, "lon": 106.8},
            "lat",
            "m outside the boundary",
        ),
        (
            {"action": "add_facility", "kind": "hazardous_store", "id": "CP-1", "at": "inner"},
            "id",
            "'CP-1' is already used",
        ),
        (
            {"action": "move_facility", "id": "thanh-cong-iii", "at": "inner"},
            "id",
            "is in the park's facilities.csv",
        ),
        ({"action": "remove_facility", "id": "CP-1"}, "id", "is the last one of plot_coverage"),
    ],
)
def test_bad_rules_frequencies_and_places_are_refused_beside_their_field(
    rules_session: ReviewSession,
    geometry: dict[str, Any],
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    before = rules_session.state()
    if "at" in change:
        lat, lon = geometry[change.pop("at")]
        change = {**change, "lat": lat, "lon": lon}
    with pytest.raises(ValidationError, match=message) as caught:
        rules_session.apply(change)
    assert caught.value.problems[0].column == field
    after = rules_session.state()
    assert (after["figures"], after["rules"], after["frequency"]) == (
        before["figures"],
        before["rules"],
        before["frequency"],
    )


def test_a_collection_point_needs_plot_coverage_and_a_second_hub_is_refused(
    session: ReviewSession,
) -> None:
    at = _tenant(session.state(), "DCQN-004")
    with pytest.raises(ValidationError, match="no plot_coverage block") as caught:
        session.apply(
            {
                "action": "add_facility",
                "kind": "collection_point",
                "lat": at["lat"],
                "lon": at["lon"],
            }
        )
    assert caught.value.problems[0].column == "kind"
    try:
        hub = session.apply(
            {"action": "add_facility", "kind": "hub", "lat": at["lat"], "lon": at["lon"]}
        )
        assert next(f for f in hub["layers"]["facilities"] if f["id"] == "HUB-1")["role"] == "hub"
        # the hub is the non-hazardous rounds' unload point, and their waste goes on from
        # it (onward haul = the rounds' non-hazardous t/yr x km x 0.197 kg CO2e/t.km)
        summary = session.result.summary.set_index("key")["value"]
        assert summary["facility.non_hazardous"] == "HUB-1"
        streams = session.result.streams
        rounds = streams[
            (streams.collection == "park_round")
            & ~streams.waste_class.isin(["hazardous", "controlled"])
        ]
        t_km = float(summary["onward_haul_t_km"])
        assert float(summary["onward_haul_t_per_yr"]) == pytest.approx(
            rounds.waste_t_per_yr.sum(), abs=0.1
        )
        assert hub["figures"]["onward_haul_co2e_kg"] == pytest.approx(t_km * 0.197, rel=1e-3)
        assert hub["figures"]["route_km.total"] < hub["baseline"]["route_km.total"]
        with pytest.raises(ValidationError, match="the scenario has a hub already"):
            session.apply(
                {"action": "add_facility", "kind": "hub", "lat": at["lat"], "lon": at["lon"]}
            )
    finally:
        session.apply({"action": "reset"})


def test_facility_hub_rule_and_frequency_export_to_a_scenario_that_eipgeo_run_reproduces(
    rules_session: ReviewSession, geometry: dict[str, Any], tmp_path: Path
) -> None:
    """A store 40 m from the boundary, a hub moved by hand, a rule at 50 m and hazardous
    waste collected weekly: ``eipgeo run`` on the export gives the panel's figures and
    the one breach (setbacks.csv: STORE-1 the only row not ok, found 40.0 m)."""
    session = rules_session
    try:
        lat, lon = geometry["near"]
        session.apply({"action": "add_facility", "kind": "hazardous_store", "lat": lat, "lon": lon})
        lat, lon = geometry["inner"]
        session.apply({"action": "add_facility", "kind": "hub", "lat": lat, "lon": lon})
        lat, lon = geometry["east"]
        session.apply({"action": "move_facility", "id": "HUB-1", "lat": lat, "lon": lon})
        session.apply(
            {
                "action": "set_rule",
                "index": 0,
                "applies_to": "hazardous_store",
                "from": "boundary",
                "distance_m": 50,
                "source": "test rule",
            }
        )
        shown = session.apply({"action": "set_frequency", "group": "hazardous", "days_per_week": 1})
        hub = next(f for f in shown["layers"]["facilities"] if f["id"] == "HUB-1")
        assert (hub["lat"], hub["lon"]) == pytest.approx((lat, lon), abs=1e-6)
        path = tmp_path / "layout.yaml"
        path.write_text(session.export_yaml(), encoding="utf-8")
        res = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "-q"])
        assert res.exit_code == 0, res.output
        folder = tmp_path / "out" / "rules" / PARK
        summary = _summary(folder / "summary.csv")
        compared = [k for k in shown["figures"] if k in summary]
        assert "route_km.total" in compared and "waste_t_per_yr.total" in compared
        for key in compared:
            assert float(summary[key]) == pytest.approx(shown["figures"][key], abs=1e-3), key
        with (folder / "setbacks.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [(r["place_id"], r["found_m"]) for r in rows if r["ok"] == "False"] == [
            ("STORE-1", "40.0")
        ]
        assert len(_codes(shown, "setback_breach")) == 1
    finally:
        session.apply({"action": "reset"})


def test_exchange_rows_mark_new_and_gone_exchanges_against_the_baseline() -> None:
    """Baseline: S1→R1 (code A, 10 t/yr) and S2→R2 (B). Now: S1→R1 (A, 12 t/yr) and
    S3→R3 (C). So S1→R1 is kept (12 t/yr, no mark), S3→R3 is new, S2→R2 is gone; the line
    of an exchange runs supplier to receiver."""
    import pandas as pd

    from eipgeo.serve.session import exchange_rows

    def table(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "supplier_id": s,
                    "supplier_name": f"{s} Co.",
                    "receiver_id": r,
                    "receiver_name": f"{r} Co.",
                    "material": "scrap",
                    "waste_code": code,
                    "chosen_t_per_yr": t,
                    "supplier_lat": 20.9,
                    "supplier_lon": 106.8,
                    "receiver_lat": 20.91,
                    "receiver_lon": 106.81,
                }
                for s, r, code, t in rows
            ]
        )

    base = table([("S1", "R1", "A", 10.0), ("S2", "R2", "B", 5.0)])
    now = table([("S1", "R1", "A", 12.0), ("S3", "R3", "C", 7.0)])
    rows = exchange_rows(now, "chosen_t_per_yr", base)
    assert [(r["supplier"], r["change"], r["t_per_yr"]) for r in rows] == [
        ("S1 Co.", "", 12.0),
        ("S3 Co.", "new", 7.0),
        ("S2 Co.", "gone", 5.0),
    ]
    assert rows[0]["latlngs"] == [[20.9, 106.8], [20.91, 106.81]]


def test_exchange_rows_with_unknown_points_or_quantities_say_so() -> None:
    """A receiver with no point draws no line, and a missing t/yr stays unknown (None),
    not 0."""
    import pandas as pd

    from eipgeo.serve.session import exchange_rows

    table = pd.DataFrame(
        [
            {
                "supplier_id": "S1",
                "receiver_id": "R1",
                "material": "sludge",
                "supply_t_per_yr": float("nan"),
                "supplier_lat": 20.9,
                "supplier_lon": 106.8,
                "receiver_lat": None,
                "receiver_lon": "",
            }
        ]
    )
    (row,) = exchange_rows(table, "supply_t_per_yr")
    assert (row["supplier"], row["t_per_yr"], row["latlngs"], row["change"]) == ("S1", None, [], "")


def test_the_panel_lists_every_indicator_in_both_languages(session: ReviewSession) -> None:
    """The six EIP indicators of eipgeo.indicators, each with its Vietnamese label from the
    catalogue; with no change the layout's values are the baseline's."""
    state = session.apply({"action": "reset"})
    rows = {r["indicator"]: r for r in state["indicators"]}
    assert sorted(rows) == sorted(
        [
            "reused_recycled_pct",
            "landfilled_pct",
            "hazardous_licensed_pct",
            "symbiosis_links",
            "firms_in_symbiosis_pct",
            "firms_recp_pct",
        ]
    )
    assert rows["landfilled_pct"]["label"] == {
        "en": "Share of waste landfilled",
        "vi": "Tỷ lệ chất thải chôn lấp",
    }
    assert all(r["value"] == r["baseline"] for r in rows.values())
    assert rows["firms_recp_pct"]["value"] is None  # not known: shown as '-', never 0
    assert state["figures"]["candidates"] == len(state["candidates"])


def test_a_hub_sited_by_p_median_is_placed_by_hand(
    tmp_path: Path, geometry: dict[str, Any]
) -> None:
    """The bundled shared-hub scenario's hub (a hazardous store sited by p-median on a
    250 m grid) dragged to a point: its only candidate is that point, so the hub stands
    there; its kind and classes stay; the export holds ``candidates: points`` and
    ``p: 1``."""
    (tmp_path / "hub.yaml").write_text(
        f"""name: hub
park: {PARK}
seed: 7
iterations: {ITERATIONS}
hub:
  id: shared-hub
  kind: hazardous_store
  accepts: [hazardous]
  candidates: grid
  grid_spacing_m: 250
""",
        encoding="utf-8",
    )
    session = ReviewSession(tmp_path / "hub.yaml")
    hub = next(f for f in session.state()["layers"]["facilities"] if f["id"] == "shared-hub")
    assert (hub["editable"], hub["role"]) == (True, "hub")
    lat, lon = geometry["inner"]
    state = session.apply({"action": "move_facility", "id": "shared-hub", "lat": lat, "lon": lon})
    hub = next(f for f in state["layers"]["facilities"] if f["id"] == "shared-hub")
    assert (hub["lat"], hub["lon"]) == pytest.approx((round(lat, 6), round(lon, 6)), abs=1e-6)
    spec = session.scenario_dict()["hub"]
    assert (spec["kind"], spec["accepts"], spec["candidates"], spec["p"]) == (
        "hazardous_store",
        ["hazardous"],
        "points",
        1,
    )
    assert spec["points"] == [
        {"id": "shared-hub-point", "lat": round(lat, 6), "lon": round(lon, 6)}
    ]
    gone = session.apply({"action": "remove_facility", "id": "shared-hub"})
    assert "hub" not in session.scenario_dict()
    assert all(f["id"] != "shared-hub" for f in gone["layers"]["facilities"])


def test_a_hub_of_two_sites_is_not_moved_by_hand(tmp_path: Path) -> None:
    """With p: 2 the hub is two sites (shared-hub-1, -2) chosen together: dragging one is
    refused with how to place it by hand, and the layout stays."""
    (tmp_path / "hub2.yaml").write_text(
        f"name: hub2\npark: {PARK}\nseed: 7\niterations: {ITERATIONS}\n"
        "hub: {id: shared-hub, accepts: [ordinary], grid_spacing_m: 250, p: 2}\n",
        encoding="utf-8",
    )
    session = ReviewSession(tmp_path / "hub2.yaml")
    before = session.state()
    ids = sorted(f["id"] for f in before["layers"]["facilities"] if f["id"].startswith("shared"))
    assert ids == ["shared-hub-1", "shared-hub-2"]
    assert not any(f["editable"] for f in before["layers"]["facilities"])
    site = before["layers"]["facilities"][-1]
    with pytest.raises(ValidationError, match="sited by p-median with p=2; set p: 1"):
        session.apply(
            {"action": "move_facility", "id": ids[0], "lat": site["lat"], "lon": site["lon"]}
        )
    assert session.state()["figures"] == before["figures"]


def test_routes_are_drawn_and_named_as_on_the_park_map(session: ReviewSession) -> None:
    """deepc-quangninh has one hazardous and one non-hazardous truck. Sorted, the ids are
    hazardous-1 then non_hazardous-1: the first takes the park map's hazardous red
    (#b30000), the second the park map's second route colour (#1f77b4); their names are
    the park map's; their km add up to the panel's route km/day."""
    state = session.apply({"action": "reset"})
    legend = state["layers"]["route_legend"]
    assert [(r["route_id"], r["colour"], r["en"]) for r in legend] == [
        ("hazardous-1", "#b30000", "hazardous waste, truck 1"),
        ("non_hazardous-1", "#1f77b4", "non-hazardous waste, truck 1"),
    ]
    assert all(r["vi"] and r["vi"] != r["en"] for r in legend)
    assert sum(r["km"] for r in legend) == pytest.approx(
        state["figures"]["route_km.total"], abs=0.01
    )
    colours = {r["route_id"]: r["colour"] for r in legend}
    assert all(leg["colour"] == colours[leg["route_id"]] for leg in state["layers"]["routes"])


def test_route_colours_wrap_and_unknown_groups_take_the_palette() -> None:
    """An eighth route wraps to the first colour of the 7-colour palette; a hazardous route
    is red whatever its place; a route id that is not <group>-<n> keeps its id as name."""
    from eipgeo.outputs.maps import ROUTE_COLOURS, route_colour, route_label

    assert route_colour(7, "ordinary-8") == ROUTE_COLOURS[0]
    assert route_colour(3, "hazardous-2") == "#b30000"
    assert (route_label("odd").en, route_label("odd").vi) == ("odd", "odd")


def test_a_figure_written_blank_is_unknown_and_one_not_written_is_zero() -> None:
    """amata-halong writes its park total blank (no tenant data): the panel shows it
    unknown (None), never 0; a key not written at all (no store, so no onward haul) is 0;
    a delta against an unknown is unknown."""
    summary = pd.DataFrame(
        {
            "key": ["waste_t_per_yr.total", "route_km.total", "routes.hazardous"],
            "value": ["", "12.5", "2"],
        }
    )
    sym = SimpleNamespace(plan=pd.DataFrame(columns=["chosen_t_per_yr"]), candidates=pd.DataFrame())
    result = SimpleNamespace(summary=summary, symbiosis=sym, problems=[])
    figures = session_module.figures_of(result)  # type: ignore[arg-type]
    assert figures["waste_t_per_yr.total"] is None
    assert figures["route_km.total"] == 12.5
    assert figures["onward_haul_co2e_kg"] == 0.0
    assert figures["trucks"] == 2.0
    assert session_module._delta(None, 3.0) is None
    assert session_module._delta(12.5, 10.0) == 2.5
