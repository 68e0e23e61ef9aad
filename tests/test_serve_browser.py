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

            # the EN/VI switch
            page.click('#lang button[data-lang="vi"]')
            assert page.locator('h2[data-t="add_tenant"]').inner_text() == "Thêm doanh nghiệp"
            page.click('#lang button[data-lang="en"]')

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
