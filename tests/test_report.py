"""``report.html``: content, links, and an offline Chromium that loads it without errors."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from eipgeo import scenarios
from eipgeo.parks import list_parks

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hub + RECP test scenario run once into a temporary folder."""
    from eipgeo import settings

    found = Path(os.environ.get("EIPGEO_DATA_DIR") or DATA.parent.parent.parent / "shared" / "data")
    if not (found / "osm").is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("the external data folder is missing, and CI=true requires it")
        pytest.skip("the external data folder is missing (set EIPGEO_DATA_DIR)")
    out = tmp_path_factory.mktemp("run")
    old = settings.data_dir
    settings.data_dir = found
    try:
        scenarios.run_scenario(scenarios.load_scenario(DATA / "scenario_ok.yaml"), out_dir=out)
    finally:
        settings.data_dir = old
    return out / "deepc-quangninh"


def test_report_sections_and_links(run_folder: Path) -> None:
    page = (run_folder / "report.html").read_text(encoding="utf-8")
    for heading in ("Key figures", "Waste by class and pathway", "Routes", "Symbiosis exchanges",
                    "EIP indicators", "Shared-facility siting", "Provenance and licences",
                    "Which figures are estimates"):
        assert f">{heading}" in page, heading
    assert "scenario hub-recp" in page
    assert "OpenStreetMap contributors, ODbL 1.0" in page
    assert "threshold unknown" in page and "Art. 37(2)(b)" in page
    assert "class='est'" in page  # estimated key figures are shaded
    hrefs = re.findall(r"(?:href|src)='([^']+)'", page)
    assert "../deepc-quangninh.html" in hrefs and "siting.csv" in hrefs
    for href in hrefs:  # every link is relative and resolves in the run's folder
        assert not re.match(r"[a-z]+:", href), href
        assert (run_folder / href).is_file(), href
    assert "<script" not in page


def test_indicators_csv_written(run_folder: Path) -> None:
    """DCQN-001 of 3 firms cuts waste in the scenario: 1/3 = 33.33 % >= 20 % (Art. 37(2)(c))."""
    import pandas as pd

    ind = pd.read_csv(run_folder / "indicators.csv").set_index("indicator")
    assert ind.at["firms_recp_pct", "value"] == pytest.approx(33.33)
    assert ind.at["firms_recp_pct", "status"] == "meets"


@pytest.mark.browser
def test_report_opens_offline_in_chromium(run_folder: Path, chromium_path: str) -> None:
    """Zero page or console errors, and zero requests outside ``file://``."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []

    def route(r) -> None:  # type: ignore[no-untyped-def]
        requests.append(r.request.url)
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True,
                                    args=["--no-sandbox", "--disable-gpu",
                                          "--disable-background-networking"])
        try:
            context = browser.new_context()
            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((run_folder / "report.html").as_uri(), wait_until="load")
            assert page.locator("h1").inner_text().startswith("DEEP C Quang Ninh")
            assert page.locator("table").count() >= 5
        finally:
            browser.close()
    assert errors == []
    assert [u for u in requests if not u.startswith("file://")] == []


@pytest.mark.parametrize("slug", list_parks())
def test_demo_writes_report(slug: str, demo_maps: Path) -> None:
    """``eipgeo demo`` writes ``maps/<slug>/report.html`` (CONTRACT.md outputs)."""
    page = (demo_maps / slug / "report.html").read_text(encoding="utf-8")
    assert f"href='../{slug}.html'" in page
