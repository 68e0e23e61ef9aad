"""The feasibility sheet: files, formatting, NaN, escaping, PNG determinism, atomicity, browser.

The case is built by hand. One exchange, capex in 2025, two operating years, 10 %/yr:

* net cash flow: 2025 = -100,000,000 (capex); 2026 and 2027 = avoided disposal 60e6 +
  revenue 20e6 - transport 5e6 - opex 10e6 = 65,000,000 VND each; cumulative -100e6,
  -35e6, +30e6.
* NPV = -100e6 + 65e6/1.1 + 65e6/1.21 = -100e6 + 59,090,909.09 + 53,719,008.26
  = 12,809,917.36 VND.
* IRR: 65x + 65x^2 = 100 with x = 1/(1+r): x = (-1 + sqrt(1 + 4*100/65))/2 = 0.837338,
  r = 0.194264 -> 19.43 %.
* payback: 1 + 35/65 = 1.5385 years of operation.
* levelised cost: PV costs (100e6 + 10e6/1.1 + 10e6/1.21 = 117,355,371.90) / PV tonnes
  (120/1.1 + 120/1.21 = 208.2645) = 563,492.06 VND/t.
* abatement cost: -NPV / PV t CO2e (30/1.1 + 30/1.21 = 52.0661) = -246,031.75 VND/t CO2e.
* sensitivity: gate fee ±20 % moves avoided disposal by ±12e6/yr, NPV by
  ±12e6 x (1/1.1 + 1/1.21 = 1.7355372) = ±20,826,446.28; distance ±20 % moves transport
  by ±1e6/yr, NPV by ∓1,735,537.19.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from eipgeo._errors import ValidationError
from eipgeo.outputs import feasibility as fs
from eipgeo.scenario.interventions import FeasibilityCase
from eipgeo.scenario.schema import InterventionSpec

NPV = -100e6 + 65e6 / 1.1 + 65e6 / 1.21  # 12,809,917.36 VND
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _case(
    name: str = "Sawdust to pellet plant", *, irr: float = 19.43, irr_note: str = ""
) -> FeasibilityCase:
    spec = InterventionSpec(
        id="ex-1",
        kind="exchange",
        name=name,
        start_year=2026,
        lifetime_yr=2,
        discount_rate_pct=10.0,
        capex_vnd=100e6,
        opex_vnd_per_yr=10e6,
        risks=["Receiver may stop buying"],
    )
    df = [1.0, 1 / 1.1, 1 / 1.21]
    net = [-100e6, 65e6, 65e6]
    cash = pd.DataFrame(
        {
            "year": [2025, 2026, 2027],
            "capex_vnd": [100e6, 0.0, 0.0],
            "opex_vnd": [0.0, 10e6, 10e6],
            "avoided_disposal_vnd": [0.0, 60e6, 60e6],
            "avoided_purchase_vnd": [0.0, 0.0, 0.0],
            "transport_change_vnd": [0.0, -5e6, -5e6],
            "revenue_vnd": [0.0, 20e6, 20e6],
            "net_vnd": net,
            "cumulative_vnd": [-100e6, -35e6, 30e6],
            "discount_factor": df,
            "discounted_net_vnd": [n * d for n, d in zip(net, df, strict=True)],
            "diverted_t": [0.0, 120.0, 120.0],
            "co2e_change_kg": [0.0, -30_000.0, -30_000.0],
        }
    )
    appraisal = pd.DataFrame(
        {
            "metric": [
                "simple_payback",
                "npv",
                "irr",
                "levelised_cost_per_t_diverted",
                "abatement_cost_per_t_co2e",
            ],
            "value": [1 + 35 / 65, NPV, irr, 563_492.06, -246_031.75],
            "unit": ["yr", "VND", "%", "VND/t", "VND/t CO2e"],
            "formula": [
                "first year cumulative >= 0",
                "sum(net_t / (1+r)^t)",
                "r where NPV(r) = 0",
                "PV(costs) / PV(t)",
                "-NPV / PV(t CO2e)",
            ],
            "note": ["", "", irr_note, "", ""],
        }
    )
    assumptions = pd.DataFrame(
        {
            "item": ["gate fee avoided", "capex", "pellet price"],
            "value": [500_000.0, 100e6, 20e6],
            "unit": ["VND/t", "VND", "VND/yr"],
            "origin": ["model", "user", "user"],
            "source": ["coefficients.csv", "vendor quote 2025", "unverified"],
        }
    )
    swing_fee = 12e6 * (1 / 1.1 + 1 / 1.21)
    swing_km = 1e6 * (1 / 1.1 + 1 / 1.21)
    sensitivity = pd.DataFrame(
        {
            "driver": ["gate fee", "distance"],
            "change_pct": [20.0, 20.0],
            "low_value": [400_000.0, 8_000.0],
            "high_value": [600_000.0, 12_000.0],
            "unit": ["VND/t", "m"],
            "npv_low_vnd": [NPV - swing_fee, NPV + swing_km],
            "npv_high_vnd": [NPV + swing_fee, NPV - swing_km],
            "swing_vnd": [2 * swing_fee, 2 * swing_km],
        }
    )
    break_even = pd.DataFrame(
        {
            "driver": ["gate fee"],
            "value": [192_500.0],
            "unit": ["VND/t"],
            "base_value": [500_000.0],
            "note": ["NPV = 0"],
        }
    )
    flows = pd.DataFrame(
        {
            "from_id": ["S1"],
            "from_name": ["Supplier A"],
            "to_id": ["R1"],
            "to_name": ["Receiver B"],
            "waste_code": ["W01"],
            "material": ["sawdust"],
            "t_per_yr": [120.0],
            "distance_m": [10_000.0],
            "distance_source": ["osm_street"],
        }
    )
    features = gpd.GeoDataFrame(
        {
            "role": ["supplier", "receiver", "route"],
            "name": ["Supplier A", "Receiver B", "S1 → R1"],
        },
        geometry=[
            Point(106.80, 10.90),
            Point(106.82, 10.92),
            LineString([(106.80, 10.90), (106.81, 10.915), (106.82, 10.92)]),
        ],
        crs="EPSG:4326",
    )
    benefit = pd.DataFrame(
        {
            "party": ["Supplier A", "Receiver B"],
            "role": ["supplier", "receiver"],
            "benefit_vnd_per_yr": [40e6, 25e6],
            "share_pct": [61.5, 38.5],
        }
    )
    return FeasibilityCase(
        spec=spec,
        park_slug="demo-park",
        park_name="Demo Park",
        scenario_name="base",
        summary="Supplier A sells 120 t/yr of sawdust to Receiver B.",
        assumptions=assumptions,
        cash_flows=cash,
        appraisal=appraisal,
        benefit_split=benefit,
        sensitivity=sensitivity,
        break_even=break_even,
        flows=flows,
        features=features,
        risks=list(spec.risks),
    )


def _key_box(page: str, label: str) -> str:
    """The key-figure box whose label is ``label`` (up to the next box)."""
    plain, spans = (
        f"<div class='label'>{label}</div>",
        f"<div class='label'><span class=\"eipgeo-en\">{label}</span>",
    )
    start = page.index(plain if plain in page else spans)
    return page[start : page.index("</div></div>", start)]


def test_write_feasibility_writes_every_file(tmp_path: Path) -> None:
    paths = fs.write_feasibility(_case(), tmp_path)
    folder = tmp_path / "demo-park" / "feasibility" / "ex-1"
    names = [
        "appraisal.csv",
        "assumptions.csv",
        "benefit_split.csv",
        "break_even.csv",
        "cash_flows.csv",
        "charts.png",
        "feasibility.html",
        "flows.csv",
        "sensitivity.csv",
    ]
    assert paths == [folder / n for n in names]
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    assert sorted(p.name for p in folder.iterdir()) == names  # no temporary file left
    cash = pd.read_csv(folder / "cash_flows.csv")
    assert cash["net_vnd"].tolist() == [-100e6, 65e6, 65e6]
    assert (folder / "charts.png").read_bytes() == fs.chart_png(_case())


def test_key_figures_are_formatted() -> None:
    """NPV 12,809,917.36 -> '12,809,917 VND'; diverted mean(120, 120) = 120.0 t/yr;
    CO2e mean(-30,000, -30,000) kg / 1000 = -30.0 t/yr; payback 1.5385 -> 1.54 yr."""
    figures = {label: (value, note) for label, value, note in fs.key_figures(_case())}
    assert figures["NPV at 10 %/yr"] == ("12,809,917 VND", "")
    assert figures["IRR"] == ("19.43 %", "")
    assert figures["Simple payback"] == ("1.54 yr", "")
    assert figures["Levelised cost per t diverted"][0] == "563,492 VND/t"
    assert figures["Abatement cost per t CO2e"][0] == "-246,032 VND/t CO2e"
    assert figures["Diverted"] == ("120.0 t/yr", "mean over 2 operating years")
    assert figures["CO2e change"][0] == "-30.0 t CO2e/yr"


def _num(en: str, vi: str) -> str:
    """A number cell of the sheet: its English and its vi-VN form, one per language."""
    return (
        f"<td class='num'><span class=\"eipgeo-en\">{en}</span>"
        f'<span class="eipgeo-vi">{vi}</span></td>'
    )


def test_sheet_numbers_and_order() -> None:
    page = fs.feasibility_html(_case(), charts_png=b"x")
    assert "12,809,917 VND" in _key_box(page, "NPV at 10 %/yr")
    # cash-flow table in million VND: 65e6 -> 65.00, -100e6 -> -100.00;
    # discount factor 1/1.1 = 0.9091 to 4 places
    assert '<th><span class="eipgeo-en">net value (M VND)</span>' in page
    assert _num("65.00", "65,00") in page  # vi-VN: decimal comma, thousands dot
    assert _num("-100.00", "-100,00") in page
    assert _num("0.9091", "0,9091") in page
    # appraisal table: NPV in whole VND
    assert "<td>npv</td>" + _num("12,809,917", "12.809.917") in page
    # tonnage 120 -> 120.0, distance 10,000 m, share 61.5 %
    assert _num("120.0", "120,0") in page and _num("10,000", "10.000") in page
    assert _num("61.5", "61,5") in page
    headings = [
        "Key figures",
        "Map extract",
        "Flows and route",
        "Assumptions",
        "Cash flows",
        "Appraisal",
        "Benefit split",
        "Sensitivity",
        "Charts",
        "Risks",
    ]
    positions = [page.index(f'<h2><span class="eipgeo-en">{h}') for h in headings]
    assert positions == sorted(positions)
    assert page.index("Break-even values") > page.index(">Sensitivity</span>")
    assert "sum(net_t / (1+r)^t)" in page  # the appraisal's formulas are shown
    assert "<li>Receiver may stop buying</li>" in page
    assert "© OpenStreetMap contributors" in page  # distance_source osm_street


def test_assumptions_highlight_user_and_unverified() -> None:
    page = fs.feasibility_html(_case(), charts_png=b"x")
    assert page.count("<tr class='user'>") == 1  # capex: user, vendor quote
    assert page.count("<tr class='user unverified'>") == 1  # pellet price: unverified
    assert '<td><span class="eipgeo-en">user value; unverified source</span>' in page


def test_nan_shows_dash_and_note_never_zero() -> None:
    case = _case(irr=math.nan, irr_note="no IRR: cash flows never change sign")
    page = fs.feasibility_html(case, charts_png=b"x")
    box = _key_box(page, "IRR")
    assert "<div class='value'>—</div>" in box
    assert "no IRR: cash flows never change sign" in box
    assert "0.00" not in box
    # in the appraisal table the IRR row's value cell is the dash too
    row = page[page.index("<td>irr</td>") :]
    assert row.startswith("<td>irr</td><td class='num'>—</td>")


def test_no_operating_year_shows_dash() -> None:
    case = _case()
    case.spec = case.spec.model_copy(update={"start_year": 2030})
    figures = {label: (value, note) for label, value, note in fs.key_figures(case)}
    assert figures["Diverted"] == ("—", "no operating year in the cash flows")


def test_text_is_escaped() -> None:
    case = _case(name="<b>&")
    case.risks = ["<script>alert(1)</script>"]
    page = fs.feasibility_html(case, charts_png=b"x")
    assert "<h1>&lt;b&gt;&amp;</h1>" in page
    assert "<title>&lt;b&gt;&amp;: feasibility</title>" in page
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>" in page
    assert "<b>&" not in page and "<script>alert" not in page


def test_map_name_is_json_in_the_map_and_escaped_in_srcdoc() -> None:
    case = _case()
    case.features.loc[1, "name"] = "R`${x}</script><b>"
    page = fs.map_extract_html(case)
    # escaped once for HTML, then JSON with '<' as \u003c: no raw tag, no template literal
    assert "R`${x}\\u003c/script>" not in page
    assert "R`${x}&lt;/script&gt;&lt;b&gt; (receiver)" in page
    assert page.count("eipgeo-point") == 2
    sheet = fs.feasibility_html(case, charts_png=b"x")
    assert "</script><b>" not in sheet.split("srcdoc=")[1].split("></iframe>")[0]


def test_map_extract_is_offline_and_stable() -> None:
    page = fs.map_extract_html(_case())
    assert '<script src="http' not in page
    assert '<link rel="stylesheet" href="http' not in page
    assert "OpenStreetMap" not in page  # no tiles, so no tile attribution
    assert "fitBounds" in page
    assert page == fs.map_extract_html(_case())  # sequential element ids


def test_map_extract_without_features_explains() -> None:
    case = _case()
    case.features = case.features.iloc[0:0]
    text = fs.map_extract_html(case)
    assert text.startswith("<p") and "No map extract" in text
    assert "<iframe" not in fs.feasibility_html(case, charts_png=b"x")


def test_empty_sensitivity_still_renders(tmp_path: Path) -> None:
    case = _case()
    case.sensitivity = pd.DataFrame()
    case.break_even = pd.DataFrame()
    paths = fs.write_feasibility(case, tmp_path)
    sens = next(p for p in paths if p.name == "sensitivity.csv")
    assert sens.read_text(encoding="utf-8").splitlines() == [",".join(fs.SENSITIVITY_COLUMNS)]
    page = next(p for p in paths if p.name == "feasibility.html").read_text(encoding="utf-8")
    after = page[page.index('<h2><span class="eipgeo-en">Sensitivity</span>') :]
    assert "</h2><p class='note'><span class=\"eipgeo-en\">(none)</span>" in after[:200]


def test_projected_features_are_mapped_in_wgs84() -> None:
    """Features given in UTM 48N come back to (lat 10.90, lon 106.80) on the map."""
    case = _case()
    case.features = case.features.to_crs(32648)
    page = fs.map_extract_html(case)
    assert "[10.9, 106.8]" in page  # supplier, rounded to 7 decimals


def test_no_osm_credit_without_osm_data() -> None:
    case = _case()
    case.flows["distance_source"] = "estimate_circuity"
    page = fs.feasibility_html(case, charts_png=b"x")
    assert "OpenStreetMap" not in page.split("<footer>")[1]
    assert "estimates" in page.split("<footer>")[1]


def test_chart_png_is_a_stable_png() -> None:
    first = fs.chart_png(_case())
    assert first[:8] == PNG_SIGNATURE
    assert fs.chart_png(_case()) == first
    # 9 in x 100 dpi wide; 3 panels (CO2e non-zero) x 3.4 in x 100 dpi high
    assert int.from_bytes(first[16:20], "big") == 900
    assert int.from_bytes(first[20:24], "big") == 1020
    assert b"Software" not in first


def test_chart_png_without_co2_has_two_panels() -> None:
    case = _case()
    case.cash_flows["co2e_change_kg"] = 0.0
    png = fs.chart_png(case)
    assert int.from_bytes(png[20:24], "big") == 680  # 2 x 3.4 in x 100 dpi


def test_missing_column_is_a_clear_error() -> None:
    case = _case()
    case.cash_flows = case.cash_flows.drop(columns=["net_vnd"])
    with pytest.raises(ValidationError, match=r"case.cash_flows lacks column\(s\) net_vnd"):
        fs.feasibility_html(case, charts_png=b"x")


def test_bad_id_cannot_escape_the_folder(tmp_path: Path) -> None:
    case = _case()
    case.spec = case.spec.model_copy(update={"id": ".."})
    with pytest.raises(ValidationError, match="cannot name a folder"):
        fs.write_feasibility(case, tmp_path)
    assert not any(tmp_path.rglob("*.csv"))


def test_failed_render_leaves_previous_sheet_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first write succeeds; a second whose map extract raises leaves every file as is."""
    paths = fs.write_feasibility(_case(), tmp_path)
    before = {p: p.read_bytes() for p in paths}

    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("map failed")

    changed = _case(name="Changed name")
    changed.cash_flows.loc[1, "net_vnd"] = 1.0
    monkeypatch.setattr(fs, "_map_page", boom)
    with pytest.raises(RuntimeError, match="map failed"):
        fs.write_feasibility(changed, tmp_path)
    assert {p: p.read_bytes() for p in paths} == before
    folder = paths[0].parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)


@pytest.mark.browser
def test_sheet_opens_offline_in_chromium(tmp_path: Path, chromium_path: str) -> None:
    """feasibility.html from file://: no console error, no request outside file:// or data:,
    the chart image decoded, and the iframe's map has one Leaflet container and 2 markers."""
    from playwright.sync_api import sync_playwright

    paths = fs.write_feasibility(_case(), tmp_path)
    sheet = next(p for p in paths if p.name == "feasibility.html")
    outside: list[str] = []
    errors: list[str] = []

    def route(r) -> None:  # type: ignore[no-untyped-def]
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context()
            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(sheet.as_uri(), wait_until="load")
            width = page.evaluate("document.querySelector('img.charts').naturalWidth")
            frame = page.frame_locator("iframe.map")
            containers = frame.locator(".leaflet-container").count()
            markers = frame.locator("path.eipgeo-point").count()
            routes = frame.locator("path.eipgeo-route").count()
            labels = frame.locator(".leaflet-tooltip").all_inner_texts()
        finally:
            browser.close()
    assert errors == []
    assert outside == []
    assert width == 900
    assert containers == 1
    assert markers == 2
    assert routes == 1
    assert sorted(labels) == ["Receiver B (receiver)", "Supplier A (supplier)"]
