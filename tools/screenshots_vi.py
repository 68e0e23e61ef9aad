"""Take the Vietnamese screenshots of ``docs/screenshots/`` from pages eipgeo wrote.

Usage (Debian's headless Chromium, offline: every request outside ``file://`` is aborted)::

    eipgeo demo --out /tmp/demo
    eipgeo feasibility data/parks/deepc-haiphong/scenarios/baseline.yaml
        --intervention tyres-to-crumb --out /tmp/feas
    python tools/screenshots_vi.py /tmp/demo
        /tmp/feas/deepc-haiphong/feasibility/tyres-to-crumb/feasibility.html docs/screenshots

(each command on one line).

It writes ``overview_vi.png`` and ``park_map_popup_vi.png`` (1280 x 800; DEEP C Hai Phong's
map with a firm's popup open), ``report_vi.png`` (1280 x 900, the top of the report) and
``feasibility_vi.png`` (1280 x 1150, the charts of the sheet), each switched to VI.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from eipgeo.outputs._chromium import ARGS, FIND_MAP, WHEN_READY, chromium_path

PARK = "deepc-haiphong"

# Centre (viewport px) of the first firm dot in view that no control and no other dot covers
_FREE_DOT = """() => {
  const dots = [...document.querySelectorAll('path.eipgeo-source')];
  const ctrls = [...document.querySelectorAll('.leaflet-control')]
    .map(c => c.getBoundingClientRect());
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  const inside = (x, y, r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  for (const [i, p] of dots.entries()) {
    const r = p.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
    if (!inside(x, y, box) || ctrls.some(c => inside(x, y, c))) continue;
    if (dots.some((q, j) => j !== i && inside(x, y, q.getBoundingClientRect()))) continue;
    if (y < box.top + 260) continue;  // room above the dot for the popup
    return [x, y];
  }
  return null;
}"""


def _open(page: Page, html: Path) -> None:
    page.goto(html.as_uri(), wait_until="load")
    page.evaluate(WHEN_READY)
    page.wait_for_timeout(500)


def main(demo: Path, feasibility: Path, out: Path) -> None:
    """Write the four screenshots into ``out``."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.route(
            "**/*",
            lambda r: (
                r.continue_() if r.request.url.startswith(("file://", "data:")) else r.abort()
            ),
        )
        page = context.new_page()
        _open(page, demo / "overview.html")
        page.click("button.eipgeo-lang-vi")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "overview_vi.png"))

        _open(page, demo / f"{PARK}.html")
        page.click("button.eipgeo-lang-vi")
        page.evaluate(f"() => window[{FIND_MAP}].closePopup()")
        dot = page.evaluate(_FREE_DOT)
        if dot is None:
            raise SystemExit(f"no free firm dot on {PARK}'s map")
        page.mouse.click(dot[0], dot[1])
        page.wait_for_timeout(500)
        page.screenshot(path=str(out / "park_map_popup_vi.png"))

        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto((demo / PARK / "report.html").as_uri(), wait_until="load")
        page.click("label[for=lang-vi]")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "report_vi.png"))

        page.set_viewport_size({"width": 1280, "height": 1150})
        page.goto(feasibility.as_uri(), wait_until="load")
        page.click("label[for=lang-vi]")
        page.evaluate(  # the charts' heading at the top of the view
            "() => { const h = [...document.querySelectorAll('h2')].find(e => "
            "e.nextElementSibling && e.nextElementSibling.tagName === 'FIGURE'); "
            "window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10); }"
        )
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "feasibility_vi.png"))
        context.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
