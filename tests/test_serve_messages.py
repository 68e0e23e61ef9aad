"""``eipgeo serve`` in Vietnamese: a refused change's message and the layout warnings.

Every refusal of :mod:`eipgeo.serve.session` is a catalogue entry (``serve.error.*``)
whose English and Vietnamese name the same placeholders; the English filled in is the
message the CLI and the tests have always read. The layout warnings carry the fields
their Vietnamese needs, from the run's tables. The page's rendering is checked in
Chromium (``tests/test_serve_browser.py``).
"""

from __future__ import annotations

import ast
import json
import string
import threading
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from _serve_layout import RULE_M, layout_geometry, write_rules_scenario
from shapely.geometry import Point

from eipgeo import parks
from eipgeo.outputs._catalogue import CATALOGUE
from eipgeo.serve import session as session_module
from eipgeo.serve.app import make_server
from eipgeo.serve.session import Choices, RefusedChange, ReviewSession, Term, _error

PARK = "deepc-quangninh"
SOURCE = Path(session_module.__file__)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _call_sites() -> list[tuple[int, str, set[str]]]:
    """``(line, key, keyword names)`` of every ``_error`` call in session.py.

    ``_positive(value, column, KEY)`` refuses with ``_error(key, ..., given=...)``: its
    call sites stand for that one.
    """
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    sites = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        names = {k.arg for k in node.keywords if k.arg}
        if node.func.id == "_error" and isinstance(node.args[0], ast.Constant):
            sites.append((node.lineno, str(node.args[0].value), names))
        elif node.func.id == "_positive":
            assert isinstance(node.args[2], ast.Constant)
            sites.append((node.lineno, str(node.args[2].value), {"given"}))
    return sites


def test_every_refusal_is_a_catalogue_entry_with_the_same_placeholders_in_en_and_vi() -> None:
    """Each call site's key is in the catalogue; its English and Vietnamese templates name
    exactly the values the call site gives."""
    sites = _call_sites()
    assert len(sites) >= 26  # the search itself works: the ~26 refusals of the brief
    bad = []
    for line, key, names in sites:
        entry = CATALOGUE.get(f"serve.error.{key}")
        if entry is None:
            bad.append((line, key, "missing"))
            continue
        en, vi = entry
        if not (_placeholders(en) == _placeholders(vi) == names):
            bad.append((line, key, f"{_placeholders(en)} / {_placeholders(vi)} / {names}"))
    assert bad == []


def test_the_english_template_gives_the_message_as_before() -> None:
    """Two messages written out by hand, as the f-strings of session.py wrote them."""
    outside = _error(
        "outside",
        "lat",
        "20.95000,106.80000",
        what=Term("new_tenant"),
        id="NEW-1",
        lat=20.95,
        lon=106.8,
        distance_m=6596.119,
        park="DEEP C Quang Ninh (Bac Tien Phong IZ)",
    )
    assert str(outside) == (
        "new tenant NEW-1 at (20.95000, 106.80000) is 6,596 m outside the boundary of DEEP C "
        "Quang Ninh (Bac Tien Phong IZ); place it inside the park boundary drawn on the map"
    )
    role = _error(
        "role",
        "applies_to",
        "x",
        role="'x'",
        choices=Choices(["hazardous_store", "hazardous_treatment"]),
    )
    assert str(role) == (
        "'x' is not a class of site a setback rule applies to; choose hazardous_store or "
        "hazardous_treatment"
    )
    assert role.problems[0].message == str(role)
    assert role.problems[0].column == "applies_to"


@pytest.fixture(scope="module")
def geometry() -> dict[str, Any]:
    return layout_geometry()


@pytest.fixture(scope="module")
def rules_session(
    tmp_path_factory: pytest.TempPathFactory, geometry: dict[str, Any]
) -> ReviewSession:
    """A scenario with one setback rule and plot coverage (:mod:`_serve_layout`)."""
    return ReviewSession(write_rules_scenario(tmp_path_factory.mktemp("vi"), geometry, 50))


def _refusal(session: ReviewSession, change: dict[str, Any]) -> RefusedChange:
    with pytest.raises(RefusedChange) as caught:
        session.apply(change)
    return caught.value


def test_a_point_6_6_km_outside_is_refused_with_the_english_message_as_before(
    rules_session: ReviewSession,
) -> None:
    """20.95 N 106.80 E lies 6.6 km north of DEEP C Quang Ninh: its distance measured here
    (the boundary in the park's EPSG:32648) is the one the message names."""
    park = parks.load_park(PARK)
    area = parks.read_boundary(park).to_crs(32648).geometry.union_all()
    distance_m = gpd.GeoSeries([Point(106.80, 20.95)], crs=4326).to_crs(32648).iloc[0]
    distance_m = distance_m.distance(area)
    assert 6550 < distance_m < 6650
    exc = _refusal(
        rules_session,
        {"action": "add", "isic4_class": "2220", "employees": 100, "lat": 20.95, "lon": 106.80},
    )
    assert str(exc) == (
        f"new tenant NEW-1 at (20.95000, 106.80000) is {distance_m:,.0f} m outside the "
        "boundary of DEEP C Quang Ninh (Bac Tien Phong IZ); place it inside the park boundary "
        "drawn on the map"
    )
    assert exc.key == "error.outside"
    assert exc.params["distance_m"] == pytest.approx(distance_m, abs=0.01)
    assert exc.problems[0].column == "lat"


@pytest.mark.parametrize(
    "change",
    [
        {"action": "add", "isic4_class": "9999", "employees": 100, "lat": 1, "lon": 1},
        {"action": "add", "isic4_class": "2220", "employees": "many", "lat": 1, "lon": 1},
        {"action": "move", "id": "DCQN-001", "lat": "north", "lon": 1},
        {"action": "move", "id": "DCQN-001", "lat": "nan", "lon": 1},
        {"action": "remove", "id": "NOPE"},
        {"action": "add_facility", "kind": "tower", "lat": 1, "lon": 1},
        {"action": "add_facility", "kind": "hub", "id": "CP-1", "lat": 1, "lon": 1},
        {"action": "move_facility", "id": "thanh-cong-iii", "lat": 20.88, "lon": 106.81},
        {"action": "move_facility", "id": "NOPE", "lat": 20.88, "lon": 106.81},
        {"action": "remove_facility", "id": "CP-1"},
        {"action": "set_rule", "index": "7", "applies_to": "hazardous_store"},
        {"action": "set_rule", "applies_to": "school"},
        {"action": "set_rule", "applies_to": "hazardous_store", "from": "sea"},
        {"action": "set_rule", "applies_to": "hazardous_store", "from": "boundary"},
        {
            "action": "set_rule",
            "applies_to": "hazardous_store",
            "from": "boundary",
            "distance_m": 50,
        },
        {
            "action": "set_rule",
            "applies_to": "hazardous_store",
            "from": "water",
            "distance_m": 50,
            "source": "a zoning plan",
        },
        {
            "action": "set_rule",
            "applies_to": "hazardous_store",
            "from": "water",
            "distance_m": 50,
            "source": "a zoning plan",
            "features": "no-such-file.geojson",
        },
        {"action": "set_frequency", "group": "paper", "days_per_week": 2},
        {"action": "set_frequency", "group": "hazardous", "days_per_week": 8},
    ],
)
def test_a_real_refusal_fills_both_templates(
    rules_session: ReviewSession, change: dict[str, Any]
) -> None:
    """The values a refusal records fill its English (the message) and its Vietnamese,
    and go through JSON as the app sends them."""
    exc = _refusal(rules_session, change)
    en, vi = CATALOGUE[f"serve.{exc.key}"]
    assert str(exc) == en.format(**exc.params)
    filled = vi.format(**exc.params)
    assert "{" not in filled and filled != str(exc)
    assert json.loads(json.dumps(exc.params)) == exc.params


def test_a_refused_frequency_and_the_warnings_reach_the_page(
    rules_session: ReviewSession, geometry: dict[str, Any]
) -> None:
    """Over HTTP a refusal carries its key and values; a store 40 m from the boundary
    gives a breach warning with found 40.0 m and required 100 m (the hand-placed layout),
    and plot B, whose west side is 600 - 20 = 580 m from CP-1, is uncovered at 150 m."""
    import urllib.error
    import urllib.request

    server = make_server(rules_session, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/api/change"
    body = json.dumps({"action": "set_frequency", "group": "hazardous", "days_per_week": "0"})
    request = urllib.request.Request(url, data=body.encode(), method="POST")
    try:
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request)
        answer = json.loads(caught.value.read())
    finally:
        server.shutdown()
        server.server_close()
    assert caught.value.code == 400
    assert answer == {
        "error": "collection frequency '0' is not a whole number of days a week from 1 to 7; "
        "give e.g. 2 for twice a week",
        "field": "days_per_week",
        "key": "error.frequency",
        "params": {"given": "'0'"},
    }
    lat, lon = geometry["near"]
    try:
        state = rules_session.apply(
            {"action": "add_facility", "kind": "hazardous_store", "lat": lat, "lon": lon}
        )
        warnings = {w["code"]: w for w in state["warnings"]["layout"]}
        breach = warnings["setback_breach"]["params"]
        assert breach["id"] == "STORE-1"
        assert (breach["origin"], breach["nearest"], breach["role"]) == (
            "boundary",
            "",
            "hazardous_store",
        )
        assert breach["found_m"] == pytest.approx(40.0, abs=0.05)
        assert breach["required_m"] == RULE_M
        assert breach["source"] == "test rule (not a published distance)"
        uncovered = warnings["plot_uncovered"]["params"]
        assert (uncovered["id"], uncovered["point"], uncovered["radius_m"]) == ("B", "CP-1", 150)
        assert uncovered["distance_m"] == pytest.approx(580.0, abs=0.5)
        vi = CATALOGUE["serve.warn.setback_breach"][1]
        assert _placeholders(vi) <= set(breach)
    finally:
        rules_session.apply({"action": "reset"})


def test_every_layout_warning_code_has_its_vietnamese() -> None:
    """The panel writes each layout code in Vietnamese from its fields."""
    assert [c for c in session_module.LAYOUT_CODES if f"serve.warn.{c}" not in CATALOGUE] == []


def test_every_panel_figure_has_its_unit_in_both_languages() -> None:
    """Each figure's unit is a catalogue entry (the page would show the raw key otherwise)."""
    missing = [u for _, u in session_module.FIGURES if f"serve.unit.{u}" not in CATALOGUE]
    assert missing == []
    assert CATALOGUE["serve.unit.kg CO2e/yr"] == ("kg CO2e/yr", "kg CO2e/năm")
