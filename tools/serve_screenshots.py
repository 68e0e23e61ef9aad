"""Write the README's Vietnamese screenshots of ``eipgeo serve`` (``docs/screenshots/``).

The layout is the tests' hand-placed one (``tests/_serve_layout.py``: ``deepc-quangninh``
with a 100 m setback rule from the boundary and plot coverage): a hazardous store 40 m
from the boundary (a setback breach), a shared hub, DCQN-002 removed and DCQN-001 moved
beside DCQN-004; then, on the page in Vietnamese, 0 collection days a week is refused.
It writes ``serve_store_breach_vi.png`` (map and panel top: the refusal and the layout
warnings), ``serve_panel_rules_vi.png`` (the places, rules and frequency forms),
``serve_panel_indicators_vi.png`` (the EIP indicators) and ``serve_store_breach_en.png``
(the panel top in English), in the system Chromium (Playwright), offline.

Usage::

    .venv/bin/python tools/serve_screenshots.py [OUT_FOLDER]
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from _serve_layout import layout_geometry, write_rules_scenario  # noqa: E402

from eipgeo.serve.app import make_server  # noqa: E402
from eipgeo.serve.session import ReviewSession  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TIMEOUT_MS = 120_000


def main(out: Path) -> None:
    """Make the layout, serve it, and write the four screenshots into ``out``."""
    from playwright.sync_api import sync_playwright

    geometry = layout_geometry()
    with tempfile.TemporaryDirectory() as folder:
        session = ReviewSession(write_rules_scenario(Path(folder), geometry, 50))
        lat, lon = geometry["near"]
        session.apply({"action": "add_facility", "kind": "hazardous_store", "lat": lat, "lon": lon})
        (a_lat, a_lon), (b_lat, b_lon) = geometry["inner"], geometry["east"]
        session.apply(
            {
                "action": "add_facility",
                "kind": "hub",
                "lat": (a_lat + b_lat) / 2,
                "lon": (a_lon + b_lon) / 2,
            }
        )
        session.apply({"action": "remove", "id": "DCQN-002"})
        beside = next(t for t in session.state()["layers"]["tenants"] if t["id"] == "DCQN-004")
        session.apply(
            {
                "action": "move",
                "id": "DCQN-001",
                "lat": beside["lat"] + 0.0008,
                "lon": beside["lon"] + 0.0008,
            }
        )
        server = make_server(session, port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"http://127.0.0.1:{server.server_port}/")
                page.wait_for_function("window.eipgeoServe.revision === 0", timeout=TIMEOUT_MS)
                page.click('#lang button[data-lang="vi"]')
                page.fill("#days_per_week", "0")
                page.click("#set-frequency")
                page.wait_for_function("window.eipgeoServe.revision === 1", timeout=TIMEOUT_MS)
                page.evaluate("document.getElementById('panel').scrollTop = 0")
                page.screenshot(path=str(out / "serve_store_breach_vi.png"))
                page.evaluate("document.querySelector('h2[data-t=\"add_place\"]').scrollIntoView()")
                page.screenshot(path=str(out / "serve_panel_rules_vi.png"))
                page.evaluate(
                    "document.querySelector('h2[data-t=\"indicators\"]').scrollIntoView()"
                )
                page.screenshot(path=str(out / "serve_panel_indicators_vi.png"))
                page.click('#lang button[data-lang="en"]')
                page.evaluate("document.getElementById('panel').scrollTop = 0")
                page.screenshot(path=str(out / "serve_store_breach_en.png"))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
