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
from typing import Any

import pytest
from typer.testing import CliRunner

from eipgeo._errors import ValidationError
from eipgeo.cli import app
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.schema import scenario_from_dict
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
    """Removing DCQN-002 leaves 3 tenants on the map and in the export; reset brings back
    the baseline figures."""
    try:
        removed = session.apply({"action": "remove", "id": "DCQN-002"})
        assert [t["id"] for t in removed["layers"]["tenants"]] == [
            "DCQN-001",
            "DCQN-003",
            "DCQN-004",
        ]
        assert removed["changes"]["removed"] == ["DCQN-002"]
        assert "removed_tenants:\n- DCQN-002" in session.export_yaml()
    finally:
        back = session.apply({"action": "reset"})
    assert back["figures"] == back["baseline"]
    assert back["changes"] == {"moved": [], "removed": [], "added": []}


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
