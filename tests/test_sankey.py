"""The Sankey: flows conserved stage by stage, static SVG layout, PNG from the system Chromium."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
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


def _toy_links(t_a: float = 30.0, t_b: float = 10.0) -> pd.DataFrame:
    """Three links: generators A (``t_a``) and B (``t_b``) → sector X → class ordinary."""
    return pd.DataFrame(
        {
            "source": ["A", "B", "sector: X"],
            "target": ["sector: X", "sector: X", "class: ordinary"],
            "waste_t_per_yr": [t_a, t_b, t_a + t_b],
            "stage": ["generator", "generator", "sector"],
        }
    )


def _svg(links: pd.DataFrame, lang: str = "en") -> ET.Element:
    return ET.fromstring(sankey.sankey_svg(links, lang=lang))


def _tag(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _titled(root: ET.Element, tag: str) -> dict[str, ET.Element]:
    """Elements ``tag`` by the text of their ``<title>`` up to its last ``: ``."""
    out = {}
    for el in root.iter():
        if _tag(el) == tag:
            title = next(c for c in el if _tag(c) == "title").text or ""
            out[title.rsplit(": ", 1)[0]] = el
    return out


def _band(path: ET.Element) -> tuple[float, float, float, float]:
    """(source top, source bottom, target top, target bottom) of a band's ``d``:
    ``M x0,y0 C … x1,y1 V y1+w C … x0,y0+w Z``."""
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
    # M(2) C(6) V(1) C(6): y0 = nums[1], y1 = nums[7], y1 + w = nums[8], y0 + w = nums[14]
    return nums[1], nums[14], nums[7], nums[8]


def test_node_heights_and_band_widths_are_proportional_to_t_per_yr() -> None:
    """Hand-worked: the largest column total is 40 t/yr, so the scale is 600 px / 40 t =
    15 px per t/yr: A (30 t/yr) is 450 px high, B (10 t/yr) 150 px, X 600 px. Column 0 is
    450 + 8 (gap) + 150 = 608 px, the tallest; X's column (600 px) is centred: its top is
    14 (margin) + (608 - 600) / 2 = 18 px. A's band is 450 px wide and B's 150 px, stacked
    on X from 18 to 468 and from 468 to 618 (no overlap, inside X)."""
    root = _svg(_toy_links())
    nodes = _titled(root, "rect")
    assert float(nodes["A"].get("height", "")) == pytest.approx(450.0, abs=0.5)
    assert float(nodes["B"].get("height", "")) == pytest.approx(150.0, abs=0.5)
    assert float(nodes["sector: X"].get("height", "")) == pytest.approx(600.0, abs=0.5)
    assert float(nodes["sector: X"].get("y", "")) == pytest.approx(18.0, abs=0.1)
    bands = {k: _band(v) for k, v in _titled(root, "path").items()}
    a, b = bands["A → sector: X"], bands["B → sector: X"]
    assert a[1] - a[0] == pytest.approx(450.0, abs=0.5) and a[3] - a[2] == pytest.approx(
        450.0, abs=0.5
    )
    assert b[1] - b[0] == pytest.approx(150.0, abs=0.5) and b[3] - b[2] == pytest.approx(
        150.0, abs=0.5
    )
    assert a[2:] == pytest.approx((18.0, 468.0), abs=0.1)
    assert b[2:] == pytest.approx((468.0, 618.0), abs=0.1)
    x = bands["sector: X → class: ordinary"]
    assert x[1] - x[0] == pytest.approx(600.0, abs=0.5)
    assert nodes["A"].get("fill") == nodes["sector: X"].get("fill") == "#718096"
    assert nodes["class: ordinary"].get("fill") == "#2b6cb0"  # ordinary's colour


def _forty_generators() -> pd.DataFrame:
    """40 generators of 1 to 2,000 t/yr (very unequal: many at the minimum height) into
    three sectors, two classes and two pathways."""
    rows = []
    tonnes = [2000.0 if i == 0 else 1.0 + i for i in range(40)]
    for i, t in enumerate(tonnes):
        rows.append((f"Firm {i:02d}", f"sector: S{i % 3}", t, "generator"))
    per_sector = [sum(t for i, t in enumerate(tonnes) if i % 3 == s) for s in range(3)]
    for s, t in enumerate(per_sector):
        rows.append((f"sector: S{s}", "class: ordinary", t * 0.75, "sector"))
        rows.append((f"sector: S{s}", "class: hazardous", t * 0.25, "sector"))
    total = sum(tonnes)
    rows.append(("class: ordinary", "pathway: recycling", total * 0.75, "class"))
    rows.append(("class: hazardous", "pathway: incineration", total * 0.25, "class"))
    return pd.DataFrame(rows, columns=["source", "target", "waste_t_per_yr", "stage"])


def test_labels_of_a_forty_generator_park_do_not_overlap() -> None:
    """Each label is one line centred on its node: a line box is 1.2 × the font size (CSS
    2.1 §10.8.1, the top of ``normal``), so in every column the label centres must be at
    least that far apart; the drawing grows to hold them all."""
    root = _svg(_forty_generators())
    font_px = float(root.get("font-size", ""))
    columns: dict[float, list[float]] = {}
    for el in root.iter():
        if _tag(el) == "text":
            columns.setdefault(float(el.get("x", "")), []).append(float(el.get("y", "")))
    assert sorted(len(ys) for ys in columns.values()) == [2, 2, 3, 40]
    height = float(root.get("viewBox", "").split()[3])
    for ys in columns.values():
        ys.sort()
        assert all(b - a >= 1.2 * font_px for a, b in zip(ys, ys[1:], strict=False))
        assert ys[0] - 0.6 * font_px >= 0 and ys[-1] + 0.6 * font_px <= height


def test_tooltips_give_t_per_yr_in_english_and_vietnamese() -> None:
    """A 1,234.5 t/yr generator: EN ``1,234.5 t/yr``, VI ``1.234,5 t/năm``; labels in VI."""
    links = _toy_links(1234.5, 10.0)
    en = _svg(links, "en")
    vi = _svg(links, "vi")
    titles_en = [c.text for c in en.iter() if _tag(c) == "title"]
    titles_vi = [c.text for c in vi.iter() if _tag(c) == "title"]
    assert "A: 1,234.5 t/yr" in titles_en
    assert "A → sector: X: 1,234.5 t/yr" in titles_en
    assert "sector: X: 1,244.5 t/yr" in titles_en
    assert "A: 1.234,5 t/năm" in titles_vi
    assert "ngành: X → loại: công nghiệp thông thường: 1.244,5 t/năm" in titles_vi


def test_rest_of_park_node_is_named_in_both_languages() -> None:
    """Issue 21: the rest of the park's pseudo-source ``REST-OF-PARK`` is no id on the
    Sankey but "rest of the park (unlisted tenants, estimated)" / "phần còn lại của khu
    (doanh nghiệp chưa liệt kê, ước tính)"; a named tenant keeps its name."""
    streams = _inventory()
    streams.loc[streams.site_id == "B", "site_id"] = "REST-OF-PARK"
    links = sankey.sankey_links(streams, {"A": "Tyre plant"})
    generators = set(links[links.stage == "generator"].source)
    assert generators == {"Tyre plant", "rest of the park (unlisted tenants, estimated)"}
    vi_labels = ["".join(t.itertext()) for t in _svg(links, "vi").iter() if _tag(t) == "text"]
    assert "phần còn lại của khu (doanh nghiệp chưa liệt kê, ước tính)" in vi_labels
    assert "Tyre plant" in vi_labels and "REST-OF-PARK" not in vi_labels


def test_html_is_static_small_and_bilingual(tmp_path: Path) -> None:
    """Issue 21: the page is inline SVG with no script (nothing to load, nothing to fail),
    far under 1 MB, with both languages and a script-free switch."""
    links = sankey.sankey_links(_inventory())
    page = sankey.write_sankey_html(
        links, tmp_path / "park" / "sankey.html", title="test park", title_vi="khu thử"
    )
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "plotly" not in html.lower()
    assert not (tmp_path / "plotly.min.js").exists()
    assert html.count("<svg") == 2 and "eipgeo-sankey eipgeo-vi" in html
    assert page.stat().st_size <= 1_000_000
    assert ">class: ordinary</text>" in html and ">loại: công nghiệp thông thường</text>" in html
    assert "khu thử" in html and 'id="lang-en" checked' in html
    vi = sankey.write_sankey_html(links, tmp_path / "vi.html", title="t", lang="vi")
    assert 'id="lang-vi" checked' in vi.read_text(encoding="utf-8")


def test_empty_park_page_is_a_message(tmp_path: Path) -> None:
    """No flows: a message in both languages, no drawing, no script."""
    page = sankey.write_sankey_html(pd.DataFrame(), tmp_path / "sankey.html", title="Park Y")
    html = page.read_text(encoding="utf-8")
    assert "<svg" not in html and "<script" not in html
    assert "No waste flows" in html and "Không có dòng chất thải" in html


@pytest.mark.browser
def test_png_renders_in_system_chromium(tmp_path: Path, chromium_path: str) -> None:
    """The page loads offline in /usr/bin/chromium and gives a 1200 px wide PNG of the
    whole page: the 40-generator Sankey is taller than the 800 px viewport."""
    html = sankey.write_sankey_html(
        _forty_generators(), tmp_path / "park" / "sankey.html", title="test park"
    )
    png = sankey.render_png(html, tmp_path / "sankey.png")
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(head[16:20], "big") == 1200
    assert int.from_bytes(head[20:24], "big") > 800


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
        # issue 21: each Sankey page is light: static SVG, no script
        assert (folder / "sankey.html").stat().st_size <= 1_000_000, folder.name
        assert "<script" not in (folder / "sankey.html").read_text(encoding="utf-8")
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
