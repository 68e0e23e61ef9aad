"""Every map that ``eipgeo demo`` writes, opened in a real (Debian) Chromium, offline.

Playwright drives ``/usr/bin/chromium`` (never a Playwright-downloaded browser) with
every non-``file://`` request aborted, so a map that needs the internet fails here.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from eipgeo.parks import list_parks

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

FIND_MAP = ("Object.keys(window).find(k => k.startsWith('map_') "
            "&& window[k] instanceof L.Map)")

# Resolves to the map's zoom once Leaflet's whenReady has fired (or null if no map).
WHEN_READY = f"""() => new Promise(resolve => {{
    const name = {FIND_MAP};
    if (!name) return resolve(null);
    const m = window[name];
    m.whenReady(() => resolve(m.getZoom()));
}})"""


def _summary(path: Path) -> dict[str, str]:
    """``summary.csv`` (columns key,value,unit,note) as key -> value text."""
    with path.open(encoding="utf-8", newline="") as f:
        return {row["key"]: row["value"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def browser(chromium_path: str):  # type: ignore[no-untyped-def]
    """One headless Chromium for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("slug", list_parks())
def test_map_renders_offline(slug: str, demo_maps: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The map initialises, draws sources, route, depot and attribution, with no errors
    and no request leaving ``file://``; a screenshot is kept as ``<slug>.png``.

    All problems of one map are reported together, page errors first (they usually
    explain the rest)."""
    html = demo_maps / f"{slug}.html"
    assert html.is_file(), f"demo did not write {html.name}"
    summary = _summary(demo_maps / slug / "summary.csv")

    requests: list[str] = []
    errors: list[str] = []

    def route(r) -> None:  # type: ignore[no-untyped-def]
        requests.append(r.request.url)
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            r.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"console error: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        page.goto(html.as_uri(), wait_until="load")
        has_leaflet = page.evaluate("typeof window.L") == "object"
        zoom = page.evaluate(WHEN_READY) if has_leaflet else None
        page.screenshot(path=str(demo_maps / f"{slug}.png"))

        def count(selector: str) -> int:
            return int(page.locator(selector).count())

        problems = list(errors)  # a script error stops the rest of the map being built
        problems += [f"request left file://: {u}" for u in requests
                     if not u.startswith("file://")]  # the map must work offline
        # Leaflet came from the inlined assets and built exactly one map with a real zoom.
        if not has_leaflet:
            problems.append("Leaflet (window.L) missing")
        if count(".leaflet-container") != 1:
            problems.append(f"{count('.leaflet-container')} .leaflet-container, expected 1")
        if not isinstance(zoom, (int, float)) or not math.isfinite(zoom):
            problems.append(f"map zoom after whenReady is {zoom!r}, expected a finite number")
        # One marker per source: a lat/lon swap or a wrong fit drops them from view.
        n_sources = int(float(summary["sources"]))
        if count("path.eipgeo-source") != n_sources:
            problems.append(f"{count('path.eipgeo-source')} path.eipgeo-source, "
                            f"summary.csv says sources={n_sources}")
        # The planned routes are drawn.
        planned = any(float(v) > 0 for k, v in summary.items() if k.startswith("routes."))
        if planned and count("path.eipgeo-route") == 0:
            problems.append("routes planned in summary.csv, no path.eipgeo-route drawn")
        # Depot shown; OSM attribution present (ODbL requires it; there are no tiles).
        if count(".eipgeo-depot") == 0:
            problems.append("no .eipgeo-depot")
        attribution = page.locator(".leaflet-control-attribution").all_inner_texts()
        if not any("© OpenStreetMap contributors" in a for a in attribution):
            problems.append(f"attribution lacks '© OpenStreetMap contributors': {attribution}")
    finally:
        context.close()
    assert not problems, f"{slug}.html:\n  " + "\n  ".join(problems)


def test_assets_inlined(demo_maps: Path) -> None:
    """No CDN script or stylesheet remains: the map must open with no internet."""
    text = (demo_maps / "hcmc-uis.html").read_text(encoding="utf-8")
    assert '<script src="http' not in text
    assert '<link rel="stylesheet" href="http' not in text
