"""``eipgeo serve`` in a real (Debian) Chromium: drag, add, export, all offline.

Playwright drives ``/usr/bin/chromium``; every request to a host other than the app's is
aborted and recorded, and the test fails if there is any. The app serves
``deepc-quangninh`` (4 tenants) from a scenario file at 50 PyVRP iterations, so each
recompute takes a few seconds.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from eipgeo.cli import app
from eipgeo.serve.app import make_server
from eipgeo.serve.session import ReviewSession

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SCENARIO = "name: review\npark: deepc-quangninh\nseed: 7\niterations: 50\n"
TIMEOUT_MS = 60_000


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "review.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    server = make_server(ReviewSession(path), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def _outside_m(lat: float, lon: float) -> float:
    """Distance (m) of a point from the park boundary, measured in EPSG:32648."""
    import geopandas as gpd
    from shapely.geometry import Point

    from eipgeo import parks

    area = parks.read_boundary(parks.load_park("deepc-quangninh")).to_crs(32648)
    point = gpd.GeoSeries([Point(lon, lat)], crs=4326).to_crs(32648).iloc[0]
    return float(point.distance(area.geometry.union_all()))


def _summary(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["key"]: row["value"] for row in csv.DictReader(f)}


def _wait_revision(page: Any, n: int) -> None:
    page.wait_for_function(
        f"window.eipgeoServe && window.eipgeoServe.revision === {n}", timeout=TIMEOUT_MS
    )


def _figure(page: Any, key: str, what: str = "value") -> float:
    row = page.locator(f"#fig-{key.replace('.', '-')}")
    return float(row.get_attribute(f"data-{what}"))


def test_drag_add_and_export_offline(served: str, chromium_path: str, tmp_path: Path) -> None:
    """Drag DCQN-001 next to DCQN-004: the route km falls and the drawn routes change; a
    tenant added 6 km north of the park is refused with the error beside the point; the
    exported YAML run by ``eipgeo run`` gives the panel's figures; no request leaves the
    app's host."""
    from playwright.sync_api import sync_playwright

    own = urlsplit(served).netloc
    outside: list[str] = []

    def route(r: Any) -> None:
        if urlsplit(r.request.url).netloc == own:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1280, "height": 800}, accept_downloads=True
            )
            context.route("**/*", route)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(served)
            _wait_revision(page, 0)
            assert page.locator(".tenant").count() == 4
            routes_before = page.eval_on_selector_all(
                "path.route", "els => els.map(e => e.getAttribute('d')).join('|')"
            )
            km_before = _figure(page, "route_km.total")
            assert "© OpenStreetMap contributors" in page.inner_text(".leaflet-control-attribution")
            page.screenshot(path=str(tmp_path / "serve_start.png"))

            # drag DCQN-001 onto a point beside DCQN-004
            box = page.locator('.tenant[data-id="DCQN-001"]').bounding_box()
            target = page.evaluate(
                """() => {
                  const s = window.eipgeoServe.state;
                  const t = s.layers.tenants.find(t => t.id === 'DCQN-004');
                  const p = window.reviewMap.latLngToContainerPoint(
                    [t.lat + 0.0008, t.lon + 0.0008]);
                  const r = document.getElementById('map').getBoundingClientRect();
                  return {x: p.x + r.left, y: p.y + r.top};
                }"""
            )
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.down()
            page.mouse.move(target["x"], target["y"], steps=12)
            page.mouse.up()
            _wait_revision(page, 1)
            assert page.locator("#error").inner_text() == ""
            km_after = _figure(page, "route_km.total")
            assert km_after < km_before
            assert _figure(page, "route_km.total", "delta") == pytest.approx(km_after - km_before)
            routes_after = page.eval_on_selector_all(
                "path.route", "els => els.map(e => e.getAttribute('d')).join('|')"
            )
            assert routes_after != routes_before
            assert "DCQN-001" in page.locator("#changes").inner_text()
            page.screenshot(path=str(tmp_path / "serve_dragged.png"))

            # a tenant outside the park: refused, the error shown beside the point
            page.fill("#isic4_class", "2220")
            page.fill("#employees", "120")
            page.fill("#lat", "20.95")
            page.fill("#lon", "106.80")
            page.click("#add")
            _wait_revision(page, 2)
            assert "outside the boundary" in page.locator("#error").inner_text()
            assert "outside the boundary" in page.locator("#err-lat").inner_text()
            assert page.locator(".tenant").count() == 4
            assert _figure(page, "route_km.total") == km_after  # the last good state
            page.screenshot(path=str(tmp_path / "serve_error.png"))

            # the EN/VI switch, the refusal written again in Vietnamese (vi-VN numbers)
            page.click('#lang button[data-lang="vi"]')
            assert page.locator('h2[data-t="add_tenant"]').inner_text() == "Thêm doanh nghiệp"
            metres = f"{_outside_m(20.95, 106.80):,.0f}".replace(",", ".")  # vi-VN 6.596
            vi_outside = (
                "doanh nghiệp mới NEW-1 tại (vĩ độ 20,95000; kinh độ 106,80000) nằm ngoài ranh "
                f"giới khu công nghiệp DEEP C Quang Ninh (Bac Tien Phong IZ) {metres} m; hãy "
                "đặt vào trong ranh giới khu công nghiệp vẽ trên bản đồ"
            )
            assert page.locator("#err-lat").inner_text() == vi_outside
            assert page.locator("#error").inner_text() == vi_outside
            page.click('#lang button[data-lang="en"]')
            assert "m outside the boundary of DEEP C" in page.locator("#err-lat").inner_text()

            # export, and run it with eipgeo run
            with page.expect_download() as info:
                page.click("#export")
            exported = tmp_path / "exported.yaml"
            info.value.save_as(exported)
            shown = page.evaluate("window.eipgeoServe.state.figures")
            assert errors == []
        finally:
            browser.close()

    assert outside == [], f"requests left the app's host: {outside}"
    assert "moved_tenants" in exported.read_text(encoding="utf-8")
    res = CliRunner().invoke(app, ["run", str(exported), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 0, res.output
    summary = _summary(tmp_path / "out" / "review" / "deepc-quangninh" / "summary.csv")
    for key in ("waste_t_per_yr.total", "route_km.total", "route_co2e_kg"):
        assert float(summary[key]) == pytest.approx(shown[key], abs=1e-3), key


@pytest.fixture
def served_rules(tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The app on a scenario with a 100 m setback rule and plot coverage (:mod:`_serve_layout`)."""
    from _serve_layout import layout_geometry, write_rules_scenario

    geometry = layout_geometry()
    server = make_server(ReviewSession(write_rules_scenario(tmp_path, geometry, 50)), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", geometry
    server.shutdown()
    server.server_close()


def _drag_to(page: Any, selector: str, lat: float, lon: float) -> None:
    box = page.locator(selector).bounding_box()
    target = page.evaluate(
        """([lat, lon]) => {
          const p = window.reviewMap.latLngToContainerPoint([lat, lon]);
          const r = document.getElementById('map').getBoundingClientRect();
          return {x: p.x + r.left, y: p.y + r.top};
        }""",
        [lat, lon],
    )
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"], target["y"], steps=12)
    page.mouse.up()


def test_store_move_and_rule_change_offline(
    served_rules: tuple[str, dict[str, Any]], chromium_path: str, tmp_path: Path
) -> None:
    """A hazardous store added 40 m from the boundary breaks the 100 m rule (its marker
    ringed, one warning); dragged to the representative point (``depth_m`` from the
    boundary, within the ~10 m of a drag) it breaks none; the rule raised to ``depth_m``
    + 30 m breaks it again; a negative distance and 0 days a week are refused beside
    their fields with nothing changed; the VI switch names the new sections; the export
    run by ``eipgeo run`` gives the panel's figures; no request leaves the app's host."""
    from playwright.sync_api import sync_playwright

    served, geometry = served_rules
    own = urlsplit(served).netloc
    outside: list[str] = []

    def route(r: Any) -> None:
        if urlsplit(r.request.url).netloc == own:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    def breaches() -> list[str]:
        return list(
            page.evaluate(
                "window.eipgeoServe.state.warnings.layout"
                ".filter(w => w.code === 'setback_breach').map(w => w.id)"
            )
        )

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1280, "height": 800}, accept_downloads=True
            )
            context.route("**/*", route)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(served)
            _wait_revision(page, 0)
            assert page.locator(".place.collection_point").count() == 1
            # plot B, 580 m from the only collection point (radius 150 m), drawn uncovered
            assert page.locator("path.plot").count() == 2
            assert page.locator("path.plot.uncovered").count() == 1
            assert page.locator("#indicators tbody tr").count() == 6  # eipgeo.indicators
            assert "Legend" in page.locator("#legend").inner_text()

            # a store 40 m from the boundary: one breach, its marker ringed
            lat, lon = geometry["near"]
            page.select_option("#place-kind", "hazardous_store")
            page.fill("#place-lat", f"{lat:.7f}")
            page.fill("#place-lon", f"{lon:.7f}")
            page.click("#add-place")
            _wait_revision(page, 1)
            assert page.locator("#error").inner_text() == ""
            assert breaches() == ["STORE-1"]
            assert (
                page.locator('.place.hazardous_store.breach.changed[data-id="STORE-1"]').count()
                == 1
            )
            assert "40.0 m from the park boundary" in page.locator("#layout-warnings").inner_text()
            # in Vietnamese, from the breach's fields: 40,0 m found, 100,0 m required
            page.click('#lang button[data-lang="vi"]')
            breach_vi = page.locator('#layout-warnings li[data-code="setback_breach"]').inner_text()
            assert breach_vi.startswith(
                "vi phạm khoảng cách an toàn: kho lưu giữ chất thải nguy hại STORE-1 "
                "(Hazardous-waste store (layout review)) cách ranh giới khu công nghiệp 40,0 m, "
                "nhỏ hơn khoảng cách tối thiểu 100,0 m theo quy định (nguồn: test rule (not a "
                "published distance))"
            )
            uncovered_vi = page.locator('#layout-warnings li[data-code="plot_uncovered"]')
            assert "lô đất B không có điểm tập kết nào trong bán kính 150 m" in (
                uncovered_vi.inner_text()
            )
            page.click('#lang button[data-lang="en"]')

            # dragged to the representative point: no breach
            lat, lon = geometry["inner"]
            _drag_to(page, '.place[data-id="STORE-1"]', lat, lon)
            _wait_revision(page, 2)
            assert page.locator("#error").inner_text() == ""
            assert breaches() == []
            store = page.evaluate(
                "window.eipgeoServe.state.layers.facilities.find(f => f.id === 'STORE-1')"
            )
            assert (store["lat"], store["lon"]) == pytest.approx((lat, lon), abs=1e-4)  # ~10 m

            # the rule raised above the store's distance to the boundary: a breach again
            page.select_option("#rule-index", "0")
            assert page.input_value("#distance_m") == "100"
            page.fill("#distance_m", f"{geometry['depth_m'] + 30:.0f}")
            page.click("#save-rule")
            _wait_revision(page, 3)
            assert breaches() == ["STORE-1"]
            assert page.locator("#rule-list.changed").count() == 1
            km = _figure(page, "route_km.total")

            # a negative distance and 0 days a week: refused beside the field, nothing changed
            page.fill("#distance_m", "-5")
            page.click("#save-rule")
            _wait_revision(page, 4)
            assert "not a number above 0" in page.locator("#err-distance_m").inner_text()
            assert page.evaluate("window.eipgeoServe.state.rules[0].distance_m") == round(
                geometry["depth_m"] + 30
            )
            page.fill("#days_per_week", "0")
            page.click("#set-frequency")
            _wait_revision(page, 5)
            assert "1 to 7" in page.locator("#err-days_per_week").inner_text()
            page.click('#lang button[data-lang="vi"]')  # the refusal written again
            assert page.locator("#err-days_per_week").inner_text() == (
                "tần suất thu gom '0' không phải số ngày nguyên trong tuần từ 1 đến 7; nhập ví "
                "dụ 2 nếu thu gom hai lần một tuần"
            )
            page.click('#lang button[data-lang="en"]')
            assert (
                page.locator("#err-days_per_week")
                .inner_text()
                .startswith("collection frequency '0' is not a whole number")
            )
            assert _figure(page, "route_km.total") == km
            assert breaches() == ["STORE-1"]

            # the EN/VI switch covers the new sections and the legend
            page.click('#lang button[data-lang="vi"]')
            assert page.locator('h2[data-t="rules"]').inner_text() == "Quy định khoảng cách an toàn"
            assert "Chú giải" in page.locator("#legend").inner_text()
            assert "kho lưu giữ chất thải nguy hại" in page.locator("#legend").inner_text()
            landfilled = page.locator('#indicators tr[data-indicator="landfilled_pct"]')
            assert "Tỷ lệ chất thải chôn lấp" in landfilled.inner_text()
            page.click('#lang button[data-lang="en"]')

            with page.expect_download() as info:
                page.click("#export")
            exported = tmp_path / "exported.yaml"
            info.value.save_as(exported)
            shown = page.evaluate("window.eipgeoServe.state.figures")
            assert errors == []
        finally:
            browser.close()

    assert outside == [], f"requests left the app's host: {outside}"
    text = exported.read_text(encoding="utf-8")
    assert "facilities:" in text and "STORE-1" in text
    res = CliRunner().invoke(app, ["run", str(exported), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 0, res.output
    folder = tmp_path / "out" / "rules" / "deepc-quangninh"
    summary = _summary(folder / "summary.csv")
    for key in ("waste_t_per_yr.total", "route_km.total", "route_co2e_kg"):
        assert float(summary[key]) == pytest.approx(shown[key], abs=1e-3), key
    with (folder / "setbacks.csv").open(encoding="utf-8", newline="") as f:
        assert [r["place_id"] for r in csv.DictReader(f) if r["ok"] == "False"] == ["STORE-1"]
