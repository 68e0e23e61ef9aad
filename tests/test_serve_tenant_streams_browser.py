"""``eipgeo serve`` in Chromium: a tenant added with a production capacity and a stream.

The intensity is chosen from the list the app sends (its unit shown beside the capacity);
a stream without its source is refused beside the streams, in English and Vietnamese; with
the source the tenant is added and the panel's ordinary t/yr rises by the hand-worked
425,500 + 1,200 t/yr (DAP 185,000 t/yr × 2.30 t PG per t DAP, ``phosphogypsum.dap``;
1,200 t/yr of OI-16 declared), as in ``tests/test_serve_tenant_streams.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eipgeo.serve.app import make_server
from eipgeo.serve.session import ReviewSession

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TIMEOUT_MS = 60_000


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, ReviewSession]]:
    path = tmp_path / "review.yaml"
    path.write_text("name: review\npark: deepc-quangninh\nseed: 7\niterations: 50\n", "utf-8")
    session = ReviewSession(path)
    server = make_server(session, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", session
    server.shutdown()
    server.server_close()


def _wait_revision(page: Any, n: int) -> None:
    page.wait_for_function(
        f"window.eipgeoServe && window.eipgeoServe.revision === {n}", timeout=TIMEOUT_MS
    )


def test_add_a_tenant_with_production_and_a_declared_stream(
    served: tuple[str, ReviewSession], chromium_path: str
) -> None:
    from playwright.sync_api import sync_playwright

    url, session = served
    near = next(t for t in session.state()["layers"]["tenants"] if t["id"] == "DCQN-004")
    plain = session.apply(
        {
            "action": "add",
            "isic4_class": "2220",
            "employees": "300",
            "lat": near["lat"] - 0.001,
            "lon": near["lon"],
        }
    )["figures"]["waste_t_per_yr.ordinary"]
    session.apply({"action": "reset"})
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url)
            _wait_revision(page, 0)
            page.fill("#isic4_class", "2220")
            page.fill("#employees", "300")
            page.fill("#lat", f"{near['lat'] - 0.001:.6f}")
            page.fill("#lon", f"{near['lon']:.6f}")
            page.select_option("#intensity_key", "phosphogypsum.dap")
            assert page.locator("#capacity_unit").inner_text() == "t DAP/yr"
            page.fill("#capacity_value", "185000")
            page.fill("#production_source", "https://example.org/eia")
            row = page.locator("#streams .stream").first
            row.locator(".stream-code").fill("OI-16")
            row.locator(".stream-t").fill("1200")
            page.click("#add")
            _wait_revision(page, 1)
            assert "stream 1: the figure has no source" in page.locator("#err-streams").inner_text()
            page.click('#lang button[data-lang="vi"]')
            assert "dòng 1: số liệu chưa có nguồn" in page.locator("#err-streams").inner_text()
            assert page.locator('legend[data-t="streams"]').inner_text().startswith("Dòng")
            page.click('#lang button[data-lang="en"]')
            row.locator(".stream-source").fill("EIA 2025, table 4")
            page.click("#add")
            _wait_revision(page, 2)
            assert page.locator("#error").inner_text() == ""
            ordinary = page.evaluate("window.eipgeoServe.state.figures['waste_t_per_yr.ordinary']")
            assert ordinary == pytest.approx(plain + 425_500 + 1_200, abs=1e-3)
            assert errors == []
        finally:
            browser.close()
