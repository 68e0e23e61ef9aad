"""``report.html``: content, links, and an offline Chromium that loads it without errors."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from eipgeo.outputs import report
from eipgeo.parks import list_parks
from eipgeo.scenario import compare
from eipgeo.scenario.compare import _frequency_kpis, _layout_kpis, compare_table
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import load_scenario

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hub + RECP test scenario run once into a temporary folder."""
    from eipgeo import settings

    out = tmp_path_factory.mktemp("run")
    old = settings.data_dir
    settings.data_dir = None
    try:
        run_scenario(load_scenario(DATA / "scenario_ok.yaml"), out_dir=out)
    finally:
        settings.data_dir = old
    return out / "deepc-quangninh"


def test_report_sections_and_links(run_folder: Path) -> None:
    page = (run_folder / "report.html").read_text(encoding="utf-8")
    for heading in (
        "Key figures",
        "Waste by class and pathway",
        "Routes",
        "Symbiosis exchanges",
        "EIP indicators",
        "Shared-facility siting",
        "Provenance and licences",
        "Which figures are estimates",
        "Layout review",
        "Setbacks",
        "Plot coverage",
        "Collection frequency",
    ):
        assert f">{heading}" in page, heading
    assert "scenario hub-recp" in page
    assert "Symbiosis objective: " in page  # the scenario sets none: auto, and what it chose
    assert "No setback rule in the scenario" in page
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
    """DCQN-001 of 4 firms (DCQN-001..004; the unlisted rest of the park is no firm) cuts
    waste in the scenario: 1/4 = 25 % >= 20 % (Art. 37(2)(c)). A scenario is modelled, not
    monitored: the threshold is reached as potential, never "meets" (issue 20)."""
    import pandas as pd

    from eipgeo.indicators import POTENTIAL_STATUS

    ind = pd.read_csv(run_folder / "indicators.csv").set_index("indicator")
    assert ind.at["firms_recp_pct", "value"] == pytest.approx(25.0)
    assert ind.at["firms_recp_pct", "status"] == POTENTIAL_STATUS
    assert "meets" not in set(ind.status)


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


def _summary(rows: list[tuple[str, object, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"key": k, "value": v, "unit": u, "note": ""} for k, v, u in rows])


SETBACKS = pd.DataFrame(
    [
        {
            "place_id": "F1",
            "name": "Store",
            "role": "hazardous_store",
            "rule": "r",
            "from": "boundary",
            "distance_m": 50.0,
            "found_m": 30.0,
            "nearest_id": "boundary",
            "ok": False,
            "source": "s",
        },
        {
            "place_id": "F2",
            "name": "Plant",
            "role": "hazardous_store",
            "rule": "r",
            "from": "boundary",
            "distance_m": 50.0,
            "found_m": 80.0,
            "nearest_id": "boundary",
            "ok": True,
            "source": "s",
        },
    ]
)
COVER = pd.DataFrame(
    {
        "plot_id": ["P1", "P2"],
        "measure": "nearest_point",
        "nearest_point_id": "K",
        "distance_m": [50.0, 250.0],
        "radius_m": 120.0,
        "covered": [True, False],
    }
)


def test_layout_section_by_hand() -> None:
    """F1 (30 m < 50 m) is the one breach, P2 (250 m > 120 m) the one uncovered plot, and
    the frequency table lists the scenario's groups (1 and 3 days), not the default row."""
    result = SimpleNamespace(
        summary=_summary(
            [
                ("collection_days_per_week", 6.0, "days/week"),
                ("collection_days_per_week.hazardous", 1, "days/week"),
                ("collection_days_per_week.non_hazardous", 3, "days/week"),
            ]
        )
    )
    spec = SimpleNamespace(plot_coverage=SimpleNamespace(radius_m=120.0, measure="nearest_point"))
    page = report._layout_section(result, spec, {"setbacks": SETBACKS, "plot_coverage": COVER})
    assert "2 check(s) of hazardous stores and treatment sites, 1 breach(es)" in page
    assert page.count("<tr class='breach'><td>F1</td>") == 1
    assert "<tr class=''><td>F2</td>" in page
    assert "1 of 2 plots have a collection point within 120 m (nearest_point)" in page
    # numbers right-aligned, per language (issue 21): 250.0 m is whole, so no decimals
    assert (
        "<td>P2</td><td>nearest_point</td><td>K</td><td class='num'>"
        '<span class="eipgeo-en">250</span><span class="eipgeo-vi">250</span></td>'
    ) in page
    haz = '<span class="eipgeo-en">hazardous waste</span><span class="eipgeo-vi">chất thải nguy hại'
    assert f"<td>{haz}</span></td><td>1</td>" in page
    assert ">non-hazardous waste</span>" in page and "</span></td><td>3</td>" in page
    assert "<td>6</td>" not in page  # the unverified default does not apply


def test_layout_section_without_rules_shows_the_default_frequency() -> None:
    result = SimpleNamespace(summary=_summary([("collection_days_per_week", 6.0, "days/week")]))
    page = report._layout_section(result, None, {})
    assert "No setback rule" in page and "No plot coverage" in page
    assert "No collection frequency set by the scenario" in page
    assert '<span class="eipgeo-vi">số ngày thu gom mỗi tuần</span></td><td>6</td>' in page


def test_objective_note() -> None:
    note = report._objective_note(
        SimpleNamespace(symbiosis_objective="auto"), SimpleNamespace(objective="t")
    )
    assert note.startswith(
        '<p><span class="eipgeo-en">Symbiosis objective: t (t/yr exchanged), chosen by '
        "&#x27;auto&#x27;.</span>"
    )
    assert (
        ">Mục tiêu tối ưu cộng sinh: t (khối lượng trao đổi, t/năm), chọn theo &#x27;auto&#x27;."
        in note
    )
    note = report._objective_note(
        SimpleNamespace(symbiosis_objective="co2e"), SimpleNamespace(objective="co2e")
    )
    assert ">Symbiosis objective: co2e (CO2e saved, kg/yr (cut-off method)).</span>" in note


def test_compare_frequency_rows_per_group() -> None:
    """Set frequencies: the plain (default 6) row goes, the group rows stay. Not set: the
    default is shown once per routed group (hazardous, non_hazardous)."""
    set_ = _summary(
        [
            ("collection_days_per_week", 6.0, "days/week"),
            ("collection_days_per_week.hazardous", 1, "days/week"),
        ]
    )
    rows = _frequency_kpis(set_, SimpleNamespace())
    assert list(rows.key) == ["collection_days_per_week.hazardous"]
    routes = pd.DataFrame({"group": ["non_hazardous", "hazardous", "non_hazardous"]})
    rows = _frequency_kpis(
        _summary([("collection_days_per_week", 6.0, "days/week")]),
        SimpleNamespace(route_table=routes),
    )
    assert list(zip(rows.key, rows.value, rows.unit, strict=True)) == [
        ("collection_days_per_week.hazardous", 6.0, "days/week"),
        ("collection_days_per_week.non_hazardous", 6.0, "days/week"),
    ]


def test_compare_counts_breaches_and_keeps_units(monkeypatch: pytest.MonkeyPatch) -> None:
    run: Any = SimpleNamespace(layout={"setbacks": SETBACKS})
    assert _layout_kpis(run).to_dict("records") == [
        {"key": "setback_breaches", "unit": "breaches", "value": 1}
    ]  # F1 only
    kpis = {
        "a": pd.DataFrame({"key": ["x"], "value": [1.0], "unit": ["t/yr"]}),
        "b": pd.DataFrame(
            {"key": ["x", "setback_breaches"], "value": [3.0, 2], "unit": ["t/yr", "breaches"]}
        ),
    }
    monkeypatch.setattr(compare, "_kpis", lambda r: kpis[r.scenario.name])
    runs: Any = [SimpleNamespace(scenario=SimpleNamespace(name=n)) for n in ("a", "b")]
    table = compare_table(runs).set_index("key")
    assert table.at["setback_breaches", "unit"] == "breaches"  # only in b, unit kept
    assert table.at["x", "unit"] == "t/yr" and table.at["x", "delta.b"] == 2.0  # 3 - 1


def test_report_reads_without_help(demo_maps: Path) -> None:
    """Issue 21: no internal summary key and no printed Python dict; the hazardous figure
    is named for people in both languages, numbers carry thousands separators per
    language, and the report has a script-free EN/VI switch."""
    page = (demo_maps / "deepc-haiphong" / "report.html").read_text(encoding="utf-8")
    assert "waste_t_per_yr.hazardous" not in page
    assert not re.search(r"\{'[a-z_]+': ", page)  # no printed dict
    assert (
        ">waste generated: hazardous<" in page and ">lượng chất thải phát sinh: nguy hại<" in page
    )
    summary = pd.read_csv(demo_maps / "deepc-haiphong" / "summary.csv").set_index("key")
    total = float(summary.loc["waste_t_per_yr.park_total", "value"])
    assert total > 1000
    en, vi = f"{total:,.0f}", f"{total:,.0f}".replace(",", ".")
    assert f'<span class="eipgeo-en">{en}</span><span class="eipgeo-vi">{vi}</span>' in page
    assert "id='lang-vi'" in page and "<script" not in page


# A summary.csv of known figures (DEEP C Hai Phong's, rounded), for the plain summary
PLAIN = [
    ("waste_t_per_yr.park_total", 416527.3, "t/yr"),
    ("waste_t_per_yr.park_total_low", 362910.9, "t/yr"),
    ("waste_t_per_yr.park_total_high", 472165.0, "t/yr"),
    ("waste_share_pct.hazardous_incl_controlled", 0.6, "%"),
    ("waste_share_pct.recycling", 0.8, "%"),
    ("waste_share_pct.co_processing", 54.1, "%"),
    ("waste_share_pct.landfill", 44.5, "%"),
    ("waste_share_pct.unassigned", 0.6, "%"),
    ("waste_cost_vnd_per_yr.total", 15793455043, "VND/yr"),
    ("waste_cost_vnd_per_yr.low", -3393930911, "VND/yr"),
    ("waste_cost_vnd_per_yr.high", 31642951718, "VND/yr"),
    ("route_km.total", 185.01, "km/day"),
    ("route_cost_vnd", float("nan"), "VND/day"),
    ("waste_share_pct.listed", 97.3, "%"),
    ("routes.coverage", 1.2, "% of park t/yr"),
]


def test_plain_summary_by_hand() -> None:
    """Issue 21 item 5: five sentences from summary.csv's figures, per language. The
    largest generator's share is 400,000 / 416,527.3 = 96.03 % -> 96.0 %; route cost
    NaN is unknown; a negative low end is joined by " – "."""
    from eipgeo.outputs._catalogue import NAME_END, NAME_START

    said = report.summary_sentences(
        _summary(PLAIN), largest=("DAP Dinh Vu", 400000.0), exchanges=1, candidates=2
    )
    assert [en for en, _ in said] == [
        "The park's waste: 416,527 t/yr (range 362,911 – 472,165 t/yr); 0.6 % of its "
        "non-domestic waste is hazardous or controlled; the largest generator, DAP Dinh Vu, "
        "gives 96.0 % of the total.",
        "Where it goes, as shares of the park's t/yr: recycling 0.8 %, co-processing 54.1 %, "
        "landfill 44.5 %, unassigned (no permitted destination) 0.6 %.",
        "Treating and disposing of it costs 15,793,455,043 VND/yr (range -3,393,930,911 – "
        "31,642,951,718 VND/yr); the collection routes run 185.0 km/day; route cost: unknown.",
        "The listed tenants give 97.3 % of the park's t/yr, the rest of the park is estimated; "
        "the routes carry 1.2 % of the park's t/yr.",
        "Exchanges in the symbiosis plan: 1; candidate pairs to investigate: 2.",
    ]
    assert [vi for _, vi in said] == [
        "Chất thải của khu: 416.527 t/năm (khoảng 362.911 – 472.165 t/năm); 0,6 % chất thải "
        f"ngoài sinh hoạt là nguy hại hoặc cần kiểm soát; nguồn thải lớn nhất, {NAME_START}"
        f"DAP Dinh Vu{NAME_END}, chiếm 96,0 % tổng lượng.",
        "Chất thải đi đâu, theo tỷ lệ t/năm của khu: tái chế 0,8 %, đồng xử lý 54,1 %, chôn "
        "lấp 44,5 %, chưa có nơi tiếp nhận được cấp phép 0,6 %.",
        "Chi phí xử lý và thải bỏ: 15.793.455.043 đ/năm (khoảng -3.393.930.911 – "
        "31.642.951.718 đ/năm); các tuyến thu gom chạy 185,0 km/ngày; chi phí tuyến: chưa rõ.",
        "Các doanh nghiệp được liệt kê chiếm 97,3 % t/năm của khu, phần còn lại của khu là "
        "ước tính; các tuyến thu gom chở 1,2 % t/năm của khu.",
        "Trao đổi trong kế hoạch cộng sinh: 1; cặp ứng viên cần xem xét: 2.",
    ]


def test_plain_summary_says_unknown_never_zero() -> None:
    """A figure missing from summary.csv (the park total, the shares) or blank is unknown,
    and so is a share of an unknown total; no 0 stands in for it."""
    rows = [r for r in PLAIN if not r[0].startswith(("waste_t_per_yr", "waste_share_pct"))]
    rows.append(("waste_t_per_yr.park_total", "", "t/yr"))
    said = report.summary_sentences(_summary(rows), largest=("DAP Dinh Vu", 400000.0))
    assert said[0][0] == (
        "The park's waste: unknown (range unknown – unknown); unknown of its non-domestic "
        "waste is hazardous or controlled; the largest generator, DAP Dinh Vu, gives unknown "
        "of the total."
    )
    assert said[1] == (
        "Where it goes, as shares of the park's t/yr: unknown.",
        "Chất thải đi đâu, theo tỷ lệ t/năm của khu: chưa rõ.",
    )
    assert said[3][1] == (
        "Các doanh nghiệp được liệt kê chiếm chưa rõ t/năm của khu, phần còn lại của khu là "
        "ước tính; các tuyến thu gom chở 1,2 % t/năm của khu."
    )
    assert (
        said[4][1]
        == "Trao đổi trong kế hoạch cộng sinh: chưa rõ; cặp ứng viên cần xem xét: chưa rõ."
    )
    assert not any(re.search(r"(?<![\d.,])0(?![\d.,])", en) for en, _ in said)


def test_compare_sentence_by_hand() -> None:
    """One sentence per scenario after the first, from the KPI table's deltas: total
    416,527.3 -> 416,000.0 is -527.3 t/yr (one digit below 1,000), route 185.01 -> 190.51 km/day is
    +5.5, cost unchanged is 0 (never -0), exchanges missing from the table are unknown."""
    table = pd.DataFrame(
        {
            "key": ["waste_t_per_yr.total", "route_km.total", "waste_cost_vnd_per_yr.total"],
            "unit": ["t/yr", "km/day", "VND/yr"],
            "base": [416527.3, 185.01, 15793455043.0],
            "hub": [416000.0, 190.51, 15793455043.0],
            "delta.hub": [-527.3, 5.5, 0.0],
        }
    )
    assert report.compare_sentences(table) == [
        (
            "hub against base: total waste -527.3 t/yr, route length +5.5 km/day, waste cost "
            "0 VND/yr, symbiosis exchanges unknown.",
            "hub so với base: tổng chất thải -527,3 t/năm, chiều dài tuyến +5,5 km/ngày, chi phí "
            "chất thải 0 đ/năm, trao đổi cộng sinh chưa rõ.",
        )
    ]
    assert report.compare_sentences(table.drop(columns=["hub", "delta.hub"])) == []


def test_key_figures_dash_ranges_and_name_facilities() -> None:
    """A range with a negative low end reads ``-3,393,930,911 – 7,313,549,555`` (VI
    ``-3.393.930.911 – 7.313.549.555``), never ``…911-7,313…``; a facility's key figure
    shows its name from the facilities table, not its id."""
    summary = pd.DataFrame(
        [
            {
                "key": "waste_cost_vnd_per_yr.listed",
                "value": 1748842828,
                "unit": "VND/yr",
                "note": "listed tenants; range -3,393,930,911-7,313,549,555",
            },
            {"key": "facility.hazardous", "value": "thanh-cong-iii", "unit": "", "note": ""},
            {"key": "facility.non_hazardous", "value": "no-name", "unit": "", "note": ""},
        ]
    ).assign(_est=False)
    shown = report._summary_table(summary, {"thanh-cong-iii": "Thanh Cong III cement plant"})
    en, vi = shown.at[0, "note"]
    assert "range -3,393,930,911 – 7,313,549,555" in en
    assert "-3.393.930.911 – 7.313.549.555" in vi and "911-7" not in vi
    assert shown.at[1, "value"] == "Thanh Cong III cement plant"
    assert shown.at[2, "value"] == "no-name"


def test_plain_summary_route_cost_known() -> None:
    """A route cost of 1,200,000 VND/day reads ``1,200,000 VND/day`` / ``1.200.000 đ/ngày``."""
    rows = [r for r in PLAIN if r[0] != "route_cost_vnd"] + [("route_cost_vnd", 1200000, "")]
    en, vi = report.summary_sentences(_summary(rows))[2]
    assert en.endswith("the collection routes run 185.0 km/day; route cost: 1,200,000 VND/day.")
    assert vi.endswith("các tuyến thu gom chạy 185,0 km/ngày; chi phí tuyến: 1.200.000 đ/ngày.")
