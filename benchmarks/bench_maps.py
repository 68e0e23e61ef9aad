"""Map size, build and render time for 1k, 10k and 50k synthetic enterprises.

Run: ``.venv/bin/python benchmarks/bench_maps.py`` (needs /usr/bin/chromium and Playwright).

For each size it builds the map with :func:`eipgeo.outputs.maps.map_enterprises` and writes it
with :func:`eipgeo.outputs.maps.write_map` (build time = both), reports the HTML size, and opens
it three times in headless Debian Chromium with the network cut: render time = Playwright's
``load`` event plus Leaflet's ``whenReady``, median of 3. The baseline, measured in the
same run at 1k and 10k, is folium's plain approach (one ``folium.CircleMarker`` with a
``folium.Popup`` per point, folium's default assets inlined the same way).

Targets (issue 9): 10k points <= 3 MB and <= 3 s to build; 50k <= 10 MB; each renders
in under 3 s.

The report (issue 21): the main job's outputs of the bundled park ``REPORT_PARK`` are
written to a temporary folder; ``report_mib`` is the size of its ``report.html`` and
``report_render_s`` the time to its first full render in the same Chromium (navigation to
the ``load`` event, until the Sankey's SVG, inline in the report, is visible), median of 3,
offline; ``sankey_kib`` and ``sankey_render_s`` the
same for its ``sankey.html`` opened alone (navigation to its SVG visible).

The last line is ``RESULT html_mib_10k=... build_s_10k=... html_mib_50k=...
render_s_50k=... report_mib=... report_render_s=... sankey_kib=... sankey_render_s=...``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd

from eipgeo.jobs.park import run_park
from eipgeo.outputs import _chromium, maps
from eipgeo.outputs.sankey import SVG_SELECTOR
from eipgeo.outputs.write import write_job

SIZES = (1_000, 10_000, 50_000)
REPORT_PARK = "deepc-haiphong"
"""The bundled park with the most listed tenants and streams (its report is the largest)."""
SECTORS = ["food", "textile", "chemical", "metal", "electronics", "logistics", "other"]


def synthetic(n: int, seed: int = 9) -> pd.DataFrame:
    """``n`` seeded enterprises scattered over 0.4° around Bien Hoa (EPSG:4326)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": [f"E{i:05d}" for i in range(n)],
            "name": [f"Công ty TNHH Số {i} <b>&\"'" for i in range(n)],
            "lat": np.round(10.95 + rng.uniform(-0.2, 0.2, n), 6),
            "lon": np.round(106.85 + rng.uniform(-0.2, 0.2, n), 6),
            "sector": rng.choice(SECTORS, n),
            "waste_type": rng.choice(["sludge", "plastic_scrap", "steel_slag"], n),
            "qty_t_per_year": np.round(rng.lognormal(3, 1.2, n), 1),
        }
    )


def build(frame: pd.DataFrame, path: Path) -> float:
    started = time.perf_counter()
    points, problems = maps.points_from_table(frame, file="synthetic.csv")
    m = maps.map_enterprises(points, title="synthetic", problems=problems)
    maps.write_map(m, path)
    return time.perf_counter() - started


def build_baseline(frame: pd.DataFrame, path: Path) -> float:
    started = time.perf_counter()
    m = folium.Map(location=[10.95, 106.85], zoom_start=11, tiles=None)
    for rec in frame.itertuples():
        folium.CircleMarker([rec.lat, rec.lon], radius=6, popup=folium.Popup(rec.name)).add_to(m)
    maps.write_map(m, path)
    return time.perf_counter() - started


def render(b: object, path: Path) -> float:
    times = []
    for _ in range(3):
        load = _chromium.open_map(b, path, timeout_ms=180_000)
        if load.errors or load.outside_requests or load.zoom is None:
            raise SystemExit(f"{path.name}: {load.errors} {load.outside_requests} zoom={load.zoom}")
        times.append(load.seconds)
    return statistics.median(times)


def render_report(b: Any, path: Path) -> float:
    """Seconds from navigation to ``load`` plus the report's inline Sankey drawn, offline."""
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context = b.new_context(viewport={"width": 1280, "height": 800})
    try:
        context.route("**/*", route)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        started = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=120_000)
        page.locator(SVG_SELECTOR).first.wait_for(state="visible", timeout=120_000)
        seconds = time.perf_counter() - started
    finally:
        context.close()
    if errors or outside:
        raise SystemExit(f"{path}: {errors} {outside}")
    return seconds


def render_sankey(b: Any, path: Path) -> float:
    """Seconds from navigation to the Sankey's SVG visible, offline (no script to wait for)."""
    context = b.new_context(viewport={"width": 1280, "height": 800})
    try:
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort()
        )
        page = context.new_page()
        started = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=120_000)
        page.locator(SVG_SELECTOR).first.wait_for(state="visible", timeout=120_000)
        return time.perf_counter() - started
    finally:
        context.close()


def report(b: Any, tmp: Path) -> dict[str, float]:
    """``report_mib`` and ``report_render_s`` (median of 3) of ``REPORT_PARK``'s report."""
    write_job(run_park(REPORT_PARK), tmp / "report")
    path = tmp / "report" / REPORT_PARK / "report.html"
    mib = path.stat().st_size / 2**20
    seconds = statistics.median(render_report(b, path) for _ in range(3))
    print(f"report.html of {REPORT_PARK}: {mib:.3f} MiB, first full render {seconds:.2f} s")
    sankey = path.with_name("sankey.html")
    kib = sankey.stat().st_size / 2**10
    sankey_s = statistics.median(render_sankey(b, sankey) for _ in range(3))
    print(f"sankey.html of {REPORT_PARK}: {kib:.1f} KiB, drawn in {sankey_s:.2f} s")
    return {
        "report_mib": mib,
        "report_render_s": seconds,
        "sankey_kib": kib,
        "sankey_render_s": sankey_s,
    }


def main() -> None:
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, _chromium.browser() as b:
        print(
            f"{'points':>7} {'build_s':>8} {'html_MiB':>9} {'render_s':>9} "
            f"{'base_build_s':>13} {'base_MiB':>9} {'base_render_s':>14} {'size_ratio':>10}"
        )
        for n in SIZES:
            frame = synthetic(n)
            path = Path(tmp) / f"map_{n}.html"
            build_s = build(frame, path)
            mib = path.stat().st_size / 2**20
            render_s = render(b, path)
            row = f"{n:>7} {build_s:>8.2f} {mib:>9.2f} {render_s:>9.2f}"
            if n <= 10_000:
                base = Path(tmp) / f"base_{n}.html"
                base_build = build_baseline(frame, base)
                base_mib = base.stat().st_size / 2**20
                base_render = render(b, base)
                row += (
                    f" {base_build:>13.2f} {base_mib:>9.2f} {base_render:>14.2f} "
                    f"{base_mib / mib:>10.1f}"
                )
            print(row, flush=True)
            k = f"{n // 1000}k"
            out |= {f"html_mib_{k}": mib, f"build_s_{k}": build_s, f"render_s_{k}": render_s}
        out |= report(b, Path(tmp))
    print(
        f"RESULT html_mib_10k={out['html_mib_10k']:.2f} build_s_10k={out['build_s_10k']:.2f} "
        f"html_mib_50k={out['html_mib_50k']:.2f} render_s_50k={out['render_s_50k']:.2f} "
        f"report_mib={out['report_mib']:.3f} report_render_s={out['report_render_s']:.2f} "
        f"sankey_kib={out['sankey_kib']:.1f} sankey_render_s={out['sankey_render_s']:.2f}"
    )


if __name__ == "__main__":
    main()
