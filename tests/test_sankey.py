"""The Sankey: flows conserved stage by stage, offline HTML, PNG from the system Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from eipgeo import pathways, waste
from eipgeo.outputs import sankey

FACILITIES = pd.DataFrame({"id": ["lf"], "accepts": ["domestic;ordinary;hazardous"]})


def _inventory() -> pd.DataFrame:
    est = waste.industrial_streams(
        pd.DataFrame({"id": ["A", "B"], "employees": [100.0, 50.0], "isic4_class": ["2211", ""]})
    )
    return pathways.plan_streams(est, FACILITIES)[0]


def test_links_conserve_the_tonnage_at_every_stage() -> None:
    """Each stage carries the park total. A (tyres, division 22): 100 workers × 7.14 / 7.39
    × 1.243 = 1.2009 t/worker/yr → 120.09 t; B (unknown sector): 50 × 1.243 = 62.15 t;
    120.09 + 62.15 = 182.24 t/yr. A → tyre sector carries A's 120.09 t."""
    links = sankey.sankey_links(_inventory(), {"A": "Tyre plant"})
    for stage in ("generator", "sector", "class"):
        assert links[links.stage == stage].waste_t_per_yr.sum() == pytest.approx(182.24, abs=0.005)
    a = links[(links.source == "Tyre plant")]
    assert a.target.tolist() == ["sector: ISIC 2211: Manufacture of rubber tyres and tubes"]
    assert a.waste_t_per_yr.iloc[0] == pytest.approx(120.09, abs=0.003)


def test_html_is_offline_and_small(tmp_path: Path) -> None:
    """Issue 21: the page loads plotly.js from the one local copy beside the park folders
    (nothing from the network) and stays far under 1 MB; it carries both languages."""
    fig = sankey.sankey_figure(sankey.sankey_links(_inventory()), "test park")
    page = sankey.write_sankey_html(fig, tmp_path / "park" / "sankey.html", title_vi="khu thử")
    html = page.read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]+src=\"([^\"]+)\"", html) == ["../plotly.min.js"]
    asset = tmp_path / "plotly.min.js"
    assert asset.stat().st_size > 1_000_000  # the full plotly.js, once
    assert "Plotly.newPlot" in html and '"type":"sankey"' in html
    assert page.stat().st_size <= 1_000_000
    assert "class: ordinary" in html and "loại: công nghiệp thông thường" in html
    assert "khu thử" in html


@pytest.mark.browser
def test_png_renders_in_system_chromium(tmp_path: Path, chromium_path: str) -> None:
    """The page loads offline in /usr/bin/chromium, draws a Sankey and gives a 1200 px PNG."""
    fig = sankey.sankey_figure(sankey.sankey_links(_inventory()), "test park")
    html = sankey.write_sankey_html(fig, tmp_path / "park" / "sankey.html")
    png = sankey.render_png(html, tmp_path / "sankey.png")
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(head[16:20], "big") == 1200


def test_demo_writes_inventory_totals_and_sankey_per_park(demo_maps: Path) -> None:
    """Every park with sources gets an inventory with the map's columns, waste totals in
    its summary, and a Sankey (HTML and a PNG rendered offline by Chromium); hazardous
    tonnage is either routed to a licensed facility or reported unassigned, never landfilled.
    """
    needed = {
        "site_id",
        "stream",
        "waste_code",
        "ewc_code",
        "waste_class",
        "waste_kg_per_day",
        "waste_t_per_yr",
        "basis",
        "status",
        "pathway",
        "cost_vnd_per_yr",
        "co2e_kg_per_yr",
        "ghg_method",
    }
    for folder in sorted(p for p in demo_maps.iterdir() if p.is_dir()):
        # issue 21: each Sankey page is light (plotly.js is shared: ../plotly.min.js)
        assert (folder / "sankey.html").stat().st_size <= 1_000_000, folder.name
        inventory = pd.read_csv(folder / "waste_inventory.csv")
        assert needed <= set(inventory.columns), folder.name
        summary = pd.read_csv(folder / "summary.csv").set_index("key")["value"]
        assert "waste_t_per_yr.total" in summary.index
        if inventory.empty:
            continue
        assert float(summary["waste_t_per_yr.total"]) == pytest.approx(
            inventory.waste_t_per_yr.sum(), abs=0.1
        )
        assert (folder / "sankey.html").is_file() and (folder / "sankey.png").is_file()
        haz = inventory[inventory.waste_class == "hazardous"]
        assert not set(haz.pathway) & {"landfill"}, folder.name
