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

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

FIND_MAP = "Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map)"

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
        page.on(
            "console",
            lambda m: errors.append(f"console error: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        page.goto(html.as_uri(), wait_until="load")
        has_leaflet = page.evaluate("typeof window.L") == "object"
        zoom = page.evaluate(WHEN_READY) if has_leaflet else None
        page.screenshot(path=str(demo_maps / f"{slug}.png"))

        def count(selector: str) -> int:
            return int(page.locator(selector).count())

        problems = list(errors)  # a script error stops the rest of the map being built
        problems += [
            f"request left file://: {u}" for u in requests if not u.startswith("file://")
        ]  # the map must work offline
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
            problems.append(
                f"{count('path.eipgeo-source')} path.eipgeo-source, "
                f"summary.csv says sources={n_sources}"
            )
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


# --------------------------------------------------------------------------------------
# Maps of enterprise files (``eipgeo map FILE``): C03, hostile names, language, fast mode
# --------------------------------------------------------------------------------------

DATA = Path(__file__).parent / "data"


def _open(browser, html: Path):  # type: ignore[no-untyped-def]
    """Open ``html`` offline; return (context, page, problems) with problems filled live."""
    problems: list[str] = []

    def route(r) -> None:  # type: ignore[no-untyped-def]
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            problems.append(f"request left file://: {r.request.url}")
            r.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "console",
        lambda m: problems.append(f"console error: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog opened: {d.message}"), d.dismiss()))
    page.goto(html.as_uri(), wait_until="load")
    zoom = page.evaluate(WHEN_READY)
    if not isinstance(zoom, (int, float)) or not math.isfinite(zoom):
        problems.append(f"map zoom after whenReady is {zoom!r}")
    return context, page, problems


def _cli_map(src: Path, out: Path, *extra: str) -> Path:
    from typer.testing import CliRunner

    from eipgeo.cli import app

    result = CliRunner().invoke(app, ["map", str(src), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def test_partial_map_in_browser(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """missing_coords: the partial file's map shows exactly 2 markers (M1, M4), offline,
    no errors."""
    html = _cli_map(
        DATA / "cases" / "missing_coords" / "enterprises_partial.csv", tmp_path / "partial.html"
    )
    context, page, problems = _open(browser, html)
    try:
        n = page.locator("path.eipgeo-source").count()
        tips = []
        for i in range(n):
            page.locator("path.eipgeo-source").nth(i).hover()
            tips += page.locator(".leaflet-tooltip").all_inner_texts()
    finally:
        context.close()
    assert not problems, problems
    assert n == 2
    assert set(tips) == {"Công ty TNHH Cơ khí Đình Vũ", "Nhà máy Bao bì Tràng Duệ"}


def test_hostile_names_show_as_text(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """tests/data/map_hostile.csv: each popup title is the name verbatim (3 rows, so 3
    markers); no script from the data runs (window.eipgeoPwned stays undefined), no dialog,
    no request (an <img src=x> would ask for file://.../x)."""
    import pandas as pd

    names = list(pd.read_csv(DATA / "map_hostile.csv")["name"])
    html = _cli_map(DATA / "map_hostile.csv", tmp_path / "hostile.html")
    context, page, problems = _open(browser, html)
    titles = []
    try:
        markers = page.locator("path.eipgeo-source")
        count = markers.count()
        title = page.locator(".leaflet-popup-content .eipgeo-popup > b")
        for i in range(count):
            markers.nth(i).click(force=True)
            for _ in range(40):  # the popup of this marker replaces the last one
                if title.count() and title.inner_text() not in titles:
                    break
                page.wait_for_timeout(50)
            titles.append(title.inner_text())
        pwned = page.evaluate("typeof window.eipgeoPwned")
        imgs = page.locator(".leaflet-popup-content img").count()
    finally:
        context.close()
    assert not problems, problems
    assert count == 3
    assert sorted(titles) == sorted(names)
    assert pwned == "undefined" and imgs == 0


def test_language_switch(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The map opens in --lang vi; the EN button switches legend and layer names."""
    html = _cli_map(DATA / "map_hostile.csv", tmp_path / "vi.html", "--lang", "vi")
    context, page, problems = _open(browser, html)
    try:
        legend_vi = page.locator(".eipgeo-legend").inner_text()
        layers_vi = page.locator(".leaflet-control-layers").inner_text()
        page.locator(".eipgeo-kpi button.eipgeo-lang-en").click()
        legend_en = page.locator(".eipgeo-legend").inner_text()
    finally:
        context.close()
    assert not problems, problems
    assert "Chú giải" in legend_vi and "Legend" not in legend_vi
    assert "Doanh nghiệp, nguồn thải" in layers_vi
    assert "Legend" in legend_en and "Chú giải" not in legend_en


def test_fast_mode_canvas_and_popup(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Above FAST_LIMIT points: one canvas, no per-point path, and a click on a point's
    pixel opens that point's popup."""
    import numpy as np
    import pandas as pd

    from eipgeo.outputs import maps
    from eipgeo.outputs._map_elements import FAST_LIMIT

    n = FAST_LIMIT + 500
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(
        {
            "id": [f"E{i}" for i in range(n)],
            "name": [f"site {i}" for i in range(n)],
            "lat": 10.9 + rng.uniform(0, 0.1, n),
            "lon": 106.8 + rng.uniform(0, 0.1, n),
        }
    )
    frame.loc[0, ["lat", "lon"]] = [10.95, 106.85]  # the centre of the extent, roughly
    points, _ = maps.points_from_table(frame)
    html = maps.write_map(maps.map_enterprises(points, title="fast"), tmp_path / "fast.html")
    context, page, problems = _open(browser, html)
    try:
        canvases = page.locator("canvas.eipgeo-source").count()
        paths = page.locator("path.eipgeo-source").count()
        xy = page.evaluate(
            f"() => {{ const m = window[{FIND_MAP}]; "
            "const p = m.latLngToContainerPoint([10.95, 106.85]); "
            "return [p.x, p.y]; }"
        )
        page.locator(".leaflet-container").click(position={"x": xy[0], "y": xy[1]}, force=True)
        title = page.locator(".leaflet-popup-content .eipgeo-popup > b").inner_text()
    finally:
        context.close()
    assert not problems, problems
    assert canvases == 1 and paths == 0
    assert title.startswith("site ")


def test_cli_png(tmp_path: Path, chromium_path: str) -> None:
    """`eipgeo map FILE --png` writes a 1280×800 PNG through /usr/bin/chromium."""
    import subprocess
    import sys

    png = tmp_path / "hostile.png"
    # A separate process: this module's Playwright session is still open in this one.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "eipgeo.cli",
            "map",
            str(DATA / "map_hostile.csv"),
            "--out",
            str(tmp_path / "hostile.html"),
            "--png",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(head[16:20], "big") == 1280
    assert int.from_bytes(head[20:24], "big") == 800


def test_overview_renders_offline(demo_maps: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """``overview.html`` (all parks on one map, CONTRACT.md) comes up offline: Leaflet up,
    OSM attribution, no console or page error, no request outside ``file://``."""
    context, page, problems = _open(browser, demo_maps / "overview.html")
    try:
        assert page.locator(".leaflet-container").count() == 1
        assert "OpenStreetMap contributors" in page.inner_text(".leaflet-control-attribution")
    finally:
        context.close()
    assert problems == []


_LABEL_BOXES = """() => [...document.querySelectorAll('.leaflet-tooltip.eipgeo-park-label')]
  .filter(e => getComputedStyle(e).visibility !== 'hidden')
  .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""

_PARK_LATLNGS = FIND_MAP.join(
    [
        """() => { const m = window[""",
        """], out = [];
  m.eachLayer(l => { const t = l.getTooltip && l.getTooltip();
    if (t && t.options.className === 'eipgeo-park-label') out.push([l.getLatLng().lat,
      l.getLatLng().lng]); });
  return out; }""",
    ]
)


def _overlaps(boxes: list[list[float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[:i])
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


# Per park label: [label box, marker box, leader [x1, y1, x2, y2] or None], viewport px,
# then the map's box and the boxes of its controls.
_LABEL_GEOMETRY = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right,
    r.bottom]; };
  const svg = document.querySelector('svg.eipgeo-leaders'), o = box(svg);
  const labels = [...document.querySelectorAll('.leaflet-tooltip.eipgeo-park-label')]
    .map(e => { const k = e.getAttribute('data-eipgeo-label');
      const m = document.querySelector('.eipgeo-park[data-eipgeo-label="' + k + '"]');
      const l = svg.querySelector('line[data-eipgeo-label="' + k + '"]');
      return [getComputedStyle(e).visibility === 'hidden' ? null : box(e), box(m),
        l && ['x1', 'y1', 'x2', 'y2'].map((a, i) => +l.getAttribute(a) + o[i % 2])]; });
  return [labels, box(document.querySelector('.leaflet-container')),
    [...document.querySelectorAll('.leaflet-control')].map(box)];
}"""


def _gap_px(box: list[float], x: float, y: float) -> float:
    """Distance (px) from the point (x, y) to the box [left, top, right, bottom]."""
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return math.hypot(dx, dy)


def _box_gap_px(a: list[float], b: list[float]) -> float:
    """Distance (px) between two boxes [left, top, right, bottom]; 0 if they touch."""
    dx = max(a[0] - b[2], 0.0, b[0] - a[2])
    dy = max(a[1] - b[3], 0.0, b[1] - a[3])
    return math.hypot(dx, dy)


def test_box_gaps_hand_worked() -> None:
    """Hand-worked: the point (0, 0) is 5 px from the box [3, 4, 9, 9] (a 3-4-5 triangle);
    boxes [0, 0, 2, 2] and [5, 6, 7, 7] are 5 px apart; touching boxes are 0 apart."""
    assert _gap_px([3, 4, 9, 9], 0, 0) == 5.0
    assert _gap_px([3, 4, 9, 9], 5, 5) == 0.0
    assert _box_gap_px([0, 0, 2, 2], [5, 6, 7, 7]) == 5.0
    assert _box_gap_px([0, 0, 2, 2], [2, 0, 4, 2]) == 0.0


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overview_names_every_park(demo_maps: Path, browser, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 follow-up: at the first (national) view every park's label shows, inside
    the map, clear of the other labels, the park markers and the map's controls; a label
    set more than 8 px off its marker has a leader line from the marker's edge to the
    label's box (each end within 3 px)."""
    context, page, problems = _open(browser, demo_maps / "overview.html")
    try:
        page.evaluate(WHEN_READY)
        page.click(f"button.eipgeo-lang-{lang}")
        page.wait_for_timeout(300)
        labels, container, controls = page.evaluate(_LABEL_GEOMETRY)
        assert len(labels) == len(list_parks())
        boxes = [b for b, _, _ in labels]
        assert None not in boxes, "a park label is hidden"
        assert _overlaps(boxes) == []
        for label, marker, leader in labels:
            assert container[0] <= label[0] and label[2] <= container[2]
            assert container[1] <= label[1] and label[3] <= container[3]
            assert all(_box_gap_px(label, m) > 0 for _, m, _ in labels), (label, marker)
            assert all(_box_gap_px(label, c) > 0 for c in controls), label
            if _box_gap_px(label, marker) > 8:
                assert leader is not None, f"label {label} is off its marker {marker}"
            if leader is not None:
                assert _gap_px(marker, leader[0], leader[1]) <= 3, (leader, marker)
                assert _gap_px(label, leader[2], leader[3]) <= 3, (leader, label)
    finally:
        context.close()
    assert problems == []


def test_overview_labels_do_not_overlap(demo_maps: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: the overview's park labels never overlap (first view, in VI), and each
    park's label shows once the map is zoomed in on that park (zoom 12)."""
    context, page, problems = _open(browser, demo_maps / "overview.html")
    try:
        page.evaluate(WHEN_READY)
        page.click("button.eipgeo-lang-vi")
        page.wait_for_timeout(300)
        first = page.evaluate(_LABEL_BOXES)
        parks = page.evaluate(_PARK_LATLNGS)
        assert len(parks) == len(list_parks()) and first
        assert _overlaps(first) == []
        for lat, lon in parks:
            page.evaluate(
                f"() => window[{FIND_MAP}].setView([{lat}, {lon}], 12, {{animate: false}})"
            )
            page.wait_for_timeout(200)
            boxes = page.evaluate(_LABEL_BOXES)
            assert _overlaps(boxes) == []
            centre = page.evaluate(
                "() => { const r = document.querySelector('.leaflet-container')"
                ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }"
            )
            # the park's own label starts or ends next to its marker, at the centre
            assert any(
                abs(b[1] + (b[3] - b[1]) / 2 - centre[1]) < 20
                and min(abs(b[0] - centre[0]), abs(b[2] - centre[0])) < 30
                for b in boxes
            ), f"no label next to the park at {lat}, {lon}: {boxes}"
    finally:
        context.close()
    assert problems == []


# Centres (viewport px) of the firm dots that are in view, clear of every control and of
# every other dot: [index, x, y, in_view_count].
_FREE_DOTS = """() => {
  const dots = [...document.querySelectorAll('path.eipgeo-source')];
  const ctrls = [...document.querySelectorAll('.leaflet-control')]
    .map(c => c.getBoundingClientRect());
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  const inside = (x, y, r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  const out = []; let inView = 0;
  dots.forEach((p, i) => {
    const r = p.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
    if (!inside(x, y, box)) return;
    inView += 1;
    if (ctrls.some(c => inside(x, y, c))) return;
    if (dots.some((q, j) => j !== i && inside(x, y, q.getBoundingClientRect()))) return;
    out.push([i, x, y]);
  });
  return {free: out, inView: inView};
}"""


@pytest.mark.parametrize("slug", list_parks())
def test_firm_popup_in_default_view(slug: str, demo_maps: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: in the map's first view, with every layer as it opens (routes, exchange
    arcs, boundary on), every firm's dot is in view, and a real click on a dot (up to
    six of them, each clear of the others and of the panels) opens a popup titled with a
    firm of ``waste_inventory.csv``, the same name the dot's hover tooltip shows. A park
    with no tenant data (amata-halong) has no dot and its key figures read 'unknown'."""
    with (demo_maps / slug / "waste_inventory.csv").open(encoding="utf-8", newline="") as f:
        names = {row["name"] for row in csv.DictReader(f)}
    n_sources = int(float(_summary(demo_maps / slug / "summary.csv")["sources"]))
    html = demo_maps / f"{slug}.html"
    if n_sources == 0:  # a park with no tenant data: no dot, and its total reads unknown
        context, page, problems = _open(browser, html)
        try:
            dots = page.locator("path.eipgeo-source").count()
            panel = page.locator(".leaflet-control").all_inner_texts()
        finally:
            context.close()
        assert not problems, problems
        assert dots == 0
        assert any("unknown" in text for text in panel), panel
        return
    context, page, problems = _open(browser, html)
    try:
        page.wait_for_timeout(500)  # let the first fit settle before reading positions
        first = page.evaluate(_FREE_DOTS)
        free = first["free"]
        step = max(1, len(free) // 6)
        clicked = []
        for k in range(0, len(free), step)[:6]:
            page.goto(html.as_uri(), wait_until="load")  # the first view again
            page.evaluate(WHEN_READY)
            page.wait_for_timeout(500)
            _, x, y = page.evaluate(_FREE_DOTS)["free"][k]
            page.mouse.move(x, y)
            tip = page.locator(".leaflet-tooltip").all_inner_texts()
            page.mouse.click(x, y)
            titles = page.locator(".leaflet-popup-content .eipgeo-popup > b").all_inner_texts()
            clicked.append((tip, titles))
    finally:
        context.close()
    assert not problems, problems
    assert first["inView"] == n_sources, f"{first['inView']} of {n_sources} firms in first view"
    assert free, "no firm dot can be clicked clear of the others and of the panels"
    for tip, titles in clicked:
        assert len(titles) == 1, f"click on a firm's dot opened {titles} (tooltip {tip})"
        assert titles[0] in names, f"popup {titles[0]!r} is not a firm of {slug}"
        assert tip == titles, f"tooltip {tip} and popup {titles} name different firms"


# Every visible text node of the page (SVG text included), trimmed.
_VISIBLE_TEXT = """() => {
  const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement, s = n.textContent.trim();
    if (!s || !el || ['SCRIPT', 'STYLE'].includes(el.tagName)) continue;
    if (el.checkVisibility && !el.checkVisibility({checkVisibilityCSS: true})) continue;
    out.push(s);
  }
  return out;
}"""

# Opens the popup of the first layer whose path has the class: an arc, a route.
_OPEN_POPUP = FIND_MAP.join(
    [
        """(cls) => { const m = window[""",
        """]; let done = false;
  m.eachLayer(l => { if (!done && l.options && l.options.className === cls && l._path) {
    const p = l.getPopup() || (l._eventParents && Object.values(l._eventParents)
      .map(g => g.getPopup && g.getPopup()).find(Boolean));
    if (p) { l.openPopup ? l.openPopup(l.getCenter()) : null; done = !!document
      .querySelector('.leaflet-popup-content'); }
    if (!done && p) { p.setLatLng(l.getCenter()).openOn(m); done = true; }
  }});
  return done; }""",
    ]
)


def _english_left(texts: list[str]) -> list[str]:
    """Texts that are a catalogue string's English (whose Vietnamese differs), whole or,
    for long strings and units, inside a longer text."""
    from eipgeo.outputs._catalogue import CATALOGUE
    from eipgeo.outputs._map_text import SECTORS

    english = {en for en, vi in CATALOGUE.values() if en != vi}
    english |= {en for _, en, vi, _, _ in SECTORS if en != vi}
    units = {CATALOGUE[k][0] for k in ("unit.t_yr", "unit.kg_day", "unit.kg_yr", "unit.vnd_yr")}
    left = []
    for s in texts:
        if s in english or any(
            (len(en) >= 14 or en in units) and en in s for en in english | units
        ):
            left.append(s)
    return sorted(set(left))


# Visible text outside sources kept in their language (<cite lang=en>), names (marked
# translate=no) and links (URLs)
_VISIBLE_PROSE = _VISIBLE_TEXT.replace(
    "if (!s || !el",
    "if (el && el.closest('cite[lang=en], a, [translate=no]')) continue;\n    if (!s || !el",
)

# English function words: one of them in a Vietnamese view is an English sentence left
_FUNCTION_WORDS = (" the ", " of ", " and ", " with ", " for ", " is ", " are ", " not ")


def _english_sentences(texts: list[str]) -> list[str]:
    """Texts with an English function word (" the ", " of ", " and "...), i.e. English
    prose shown in the Vietnamese view."""
    return sorted({s for s in texts if any(w in f" {s.lower()} " for w in _FUNCTION_WORDS)})


def test_the_prose_check_finds_english() -> None:
    """The check above flags an English note and passes a Vietnamese one."""
    assert _english_sentences(
        ["not a confidence interval", "không phải khoảng tin cậy", "share of the park's t/yr"]
    ) == ["not a confidence interval", "share of the park's t/yr"]


@pytest.mark.parametrize("slug", list_parks())
def test_every_page_switches_to_vietnamese(slug: str, demo_maps: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: the park map (with a firm's, a route's and an exchange arc's popup open),
    its Sankey page and its report, switched to VI, show no English string of the
    catalogue."""
    left: dict[str, list[str]] = {}
    context, page, problems = _open(browser, demo_maps / f"{slug}.html")
    try:
        page.click("button.eipgeo-lang-vi")
        texts = page.evaluate(_VISIBLE_TEXT)
        for cls in ("eipgeo-route", "eipgeo-exchange"):
            if page.evaluate(_OPEN_POPUP, cls):
                texts += page.evaluate(_VISIBLE_TEXT)
        dots = page.locator("path.eipgeo-source")
        if dots.count():
            page.evaluate(
                "(el) => el.dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                dots.first.element_handle(),
            )
            texts += page.evaluate(_VISIBLE_TEXT)
            titles = page.locator(".leaflet-popup-content .eipgeo-popup > b").all_inner_texts()
            assert titles, "the firm's popup did not open"
        left[f"{slug}.html"] = _english_left(texts)
        assert "Chú giải" in texts  # the switch did switch: the legend's title
        page.goto((demo_maps / slug / "sankey.html").as_uri(), wait_until="load")
        page.click("text=VI")
        page.wait_for_timeout(300)
        if page.locator("svg.eipgeo-sankey").count():  # the switch did switch: VI drawing only
            assert page.locator("svg.eipgeo-vi").is_visible()
            assert page.locator("svg.eipgeo-en").is_hidden()
        left["sankey.html"] = _english_left(page.evaluate(_VISIBLE_TEXT))
        page.goto((demo_maps / slug / "report.html").as_uri(), wait_until="load")
        page.click("label[for=lang-vi]")
        texts = page.evaluate(_VISIBLE_TEXT)
        assert "Số liệu chính" in texts  # the report did switch: its first heading
        assert any(s.startswith("Chất thải của khu: ") for s in texts)  # the plain summary
        drawn = page.locator("svg.eipgeo-sankey.eipgeo-vi")
        if drawn.count():  # the Sankey is inline: the report's switch shows its VI drawing
            assert drawn.is_visible()
            assert page.locator("svg.eipgeo-sankey.eipgeo-en").is_hidden()
            labels = drawn.locator(".labels text").all_text_contents()
            assert any(x.startswith("hướng xử lý: ") for x in labels), labels
            assert not any(x.startswith(("pathway: ", "class: ", "sector: ")) for x in texts)
            if slug == "deepc-haiphong":  # 44.5 % of its t/yr goes to landfill
                assert "hướng xử lý: chôn lấp" in texts
        prose = page.evaluate(_VISIBLE_PROSE)  # sources and names stay as published
        left["report.html"] = _english_left(prose)
        left["report.html (prose)"] = _english_sentences(prose)
    finally:
        context.close()
    assert not problems, problems
    assert {k: v for k, v in left.items() if v} == {}


def test_compare_page_switches_to_vietnamese(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: ``compare.html`` (``eipgeo compare`` of two bundled-park test scenarios,
    50 solver iterations) switched to VI shows no English string of the catalogue."""
    from typer.testing import CliRunner

    from eipgeo import settings
    from eipgeo.cli import app

    data = Path(__file__).parent / "data"
    old, settings.data_dir = settings.data_dir, None
    try:
        res = CliRunner().invoke(
            app,
            [
                "compare",
                str(data / "scenario_base.yaml"),
                str(data / "scenario_ok.yaml"),
                "--out",
                str(tmp_path),
                "-q",
            ],
        )
    finally:
        settings.data_dir = old
    assert res.exit_code == 0, res.output
    assert _vietnamese_page(browser, tmp_path / "compare.html", "So sánh các kịch bản") == []
    context = browser.new_context()
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort()
    )
    try:  # the sentence of what changes, in Vietnamese only
        page = context.new_page()
        page.goto((tmp_path / "compare.html").as_uri(), wait_until="load")
        page.click("label[for=lang-vi]")
        texts = page.evaluate(_VISIBLE_TEXT)
        said = [s for s in texts if s.startswith("hub-recp so với base: tổng chất thải ")]
        assert len(said) == 1 and "trao đổi cộng sinh " in said[0], texts
        assert not any(s.startswith("hub-recp against base") for s in texts)
    finally:
        context.close()
    context, page, problems = _open(browser, tmp_path / "compare_map.html")
    try:
        page.click("button.eipgeo-lang-vi")
        texts = page.evaluate(_VISIBLE_TEXT)
        assert "So sánh các kịch bản" in texts and "Chú giải" in texts
        assert any(s.startswith("thay đổi t/năm: ") for s in texts)  # the change layer
        left = _english_left(texts) + _english_sentences(texts)
    finally:
        context.close()
    assert not problems, problems
    assert left == []


def test_aggregate_report_switches_to_vietnamese(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: the aggregate view's report (``eipgeo run --view aggregate``) switched to
    VI shows no English string of the catalogue and no English sentence."""
    from typer.testing import CliRunner

    from eipgeo import settings
    from eipgeo.cli import app

    scenario = Path(__file__).parent / "data" / "scenario_base.yaml"
    old, settings.data_dir = settings.data_dir, None
    try:
        res = CliRunner().invoke(
            app, ["run", str(scenario), "--out", str(tmp_path), "--view", "aggregate"]
        )
    finally:
        settings.data_dir = old
    assert res.exit_code == 0, res.output
    page = tmp_path / "base" / "deepc-quangninh" / "report.html"
    heading = "DEEP C Quang Ninh (Bac Tien Phong IZ): bản tổng hợp, kịch bản base"
    assert _vietnamese_page(browser, page, heading, prose=True) == []


def _vietnamese_page(browser, html: Path, heading: str, *, prose: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """Open a script-free page offline, switch it to VI, and return the catalogue's
    English left visible (and, with ``prose``, the English sentences outside sources);
    ``heading`` must show (the switch did switch)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file://", "data:")) else r.abort(),
    )
    try:
        page = context.new_page()
        page.goto(html.as_uri(), wait_until="load")
        page.click("label[for=lang-vi]")
        texts = page.evaluate(_VISIBLE_TEXT)
        assert heading in texts
        if not prose:
            return _english_left(texts)
        shown = page.evaluate(_VISIBLE_PROSE)  # sources and names stay as published
        return _english_left(shown) + _english_sentences(shown)
    finally:
        context.close()


def test_feasibility_page_switches_to_vietnamese(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: ``feasibility.html`` (``eipgeo feasibility``, DEEP C Hai Phong's
    tyres-to-crumb, 50 solver iterations) switched to VI shows no English string of the
    catalogue, and its map extract has a bilingual legend."""
    import yaml
    from typer.testing import CliRunner

    from eipgeo import settings
    from eipgeo.cli import app

    path = Path(__file__).parents[1] / "data/parks/deepc-haiphong/scenarios/baseline.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec["iterations"] = 50
    small = tmp_path / "baseline.yaml"
    small.write_text(yaml.safe_dump(spec), encoding="utf-8")
    old, settings.data_dir = settings.data_dir, None
    try:
        res = CliRunner().invoke(
            app,
            ["feasibility", str(small), "--intervention", "tyres-to-crumb", "--out", str(tmp_path)],
        )
    finally:
        settings.data_dir = old
    assert res.exit_code == 0, res.output
    page = tmp_path / "deepc-haiphong" / "feasibility" / "tyres-to-crumb" / "feasibility.html"
    text = page.read_text(encoding="utf-8")
    assert "class='maplegend'" in text and ">bên cung cấp<" in text
    assert "class='charts eipgeo-vi'" in text  # the charts drawn in Vietnamese too
    assert _vietnamese_page(browser, page, "Trích đoạn bản đồ", prose=True) == []


def test_monitoring_page_switches_to_vietnamese(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: ``monitoring.html`` (``eipgeo monitor`` of DEEP C Hai Phong with the test
    results) switched to VI shows no English string of the catalogue."""
    from typer.testing import CliRunner

    from eipgeo import settings
    from eipgeo.cli import app

    results = Path(__file__).parent / "data" / "monitoring" / "results_ok.csv"
    old, settings.data_dir = settings.data_dir, None
    try:
        res = CliRunner().invoke(
            app, ["monitor", "deepc-haiphong", "--results", str(results), "--out", str(tmp_path)]
        )
    finally:
        settings.data_dir = old
    assert res.exit_code == 0, res.output
    page = tmp_path / "deepc-haiphong" / "monitoring" / "monitoring.html"
    assert "<img class='eipgeo-vi'" in page.read_text(encoding="utf-8")
    assert _vietnamese_page(browser, page, "Quan trắc, giám sát", prose=True) == []
