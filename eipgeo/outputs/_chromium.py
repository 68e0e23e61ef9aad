"""Adapter: open a map in Debian's headless Chromium (Playwright), offline, for PNGs and timing.

Only ``/usr/bin/chromium`` (or ``chromium`` on ``PATH``) is used, never a browser that
Playwright downloads. Every request outside ``file://`` is aborted and recorded, so a page
that needs the internet shows it.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from eipgeo._errors import InputReadError

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

WHEN_READY = f"""() => new Promise(resolve => {{
    if (typeof window.L !== 'object') return resolve(null);
    const name = {FIND_MAP};
    if (!name) return resolve(null);
    window[name].whenReady(() => resolve(window[name].getZoom()));
}})"""
"""Resolves to the map's zoom once Leaflet's ``whenReady`` has fired (null if no map)."""


@dataclass
class PageLoad:
    """What opening one map gave: time to ``load`` + ``whenReady``, zoom and problems."""

    seconds: float
    zoom: float | None
    errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


def chromium_path() -> str:
    """Path of the system Chromium.

    Raises
    ------
    InputReadError
        No Chromium is installed (install Debian's ``chromium`` package).
    """
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if path is None:
        raise InputReadError(
            "no Chromium found; install it with `apt-get install chromium` "
            "(eipgeo never downloads a browser)"
        )
    return path


T = TypeVar("T")


def outside_event_loop(fn: Callable[[], T]) -> T:
    """Call ``fn`` here, or in a worker thread when this thread runs an asyncio loop.

    Playwright's sync API refuses to run inside an event loop (a Jupyter kernel runs
    one); a worker thread has none.

    Parameters
    ----------
    fn
        The work (it opens and closes its own browser).

    Returns
    -------
    object
        What ``fn`` returns.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def screenshot(
    html: Path, png: Path, *, selector: str, width: int, height: int, full_page: bool = False
) -> list[str]:
    """Open a local page offline, wait for ``selector``, and save a PNG of the viewport.

    Parameters
    ----------
    html, png
        The page and the image to write.
    selector
        CSS selector of the element that shows the page has drawn.
    width, height
        Viewport size, CSS pixels.
    full_page
        Capture the whole scrollable page rather than the viewport.

    Returns
    -------
    list of str
        The JavaScript errors the page raised (empty when none).

    Raises
    ------
    InputReadError
        Playwright's Python package or Chromium is missing.
    """

    def work() -> list[str]:
        errors: list[str] = []
        with browser() as b:
            page = b.new_page(viewport={"width": width, "height": height})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file://") else route.abort()
                ),
            )
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.wait_for_selector(selector, timeout=15_000)
            page.screenshot(path=str(png), full_page=full_page)
        return errors

    return outside_event_loop(work)


@contextmanager
def browser() -> Iterator[Any]:
    """Yield a headless Chromium (Playwright ``Browser``) for the ``with`` block.

    Raises
    ------
    InputReadError
        Playwright's Python package or Chromium is missing.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        msg = "PNG export needs Playwright's Python package: pip install 'playwright>=1.45'"
        raise InputReadError(msg) from exc
    path = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def open_map(
    b: Any,
    html: Path,
    *,
    png: Path | None = None,
    width: int = 1280,
    height: int = 800,
    timeout_ms: int = 60_000,
) -> PageLoad:
    """Open ``html`` in browser ``b`` with the network cut; optionally save a screenshot.

    Returns
    -------
    PageLoad
        Seconds from navigation to ``load`` plus Leaflet's ``whenReady``, the zoom, console
        and page errors, and the requests that tried to leave ``file://``.
    """
    errors: list[str] = []
    outside: list[str] = []

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file://", "data:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context = b.new_context(viewport={"width": width, "height": height})
    try:
        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.on(
            "console",
            lambda m: errors.append(f"console error: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        start = time.perf_counter()
        page.goto(html.resolve().as_uri(), wait_until="load", timeout=timeout_ms)
        zoom = page.evaluate(WHEN_READY)
        seconds = time.perf_counter() - start
        if png is not None:
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png))
    finally:
        context.close()
    return PageLoad(seconds, zoom, errors, outside)
