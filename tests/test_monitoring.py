"""Monitoring: results table, progress against baseline and promises, indicators, outputs.

The synthetic case (hand-built, no routing): two enterprises of DEEP C Hai Phong with a
baseline of 600 t/yr, monitored over 2026 and 2027 (``tests/data/monitoring/results_ok.csv``).

Baseline (t/yr)                       pathway
  DCHP-001  OI-05 paper packaging 400 recycling
  DCHP-001  OI-13 rubber scrap     50 landfill
  DCHP-001  17 02 04 waste oil    100 unassigned (hazardous, no licensed facility)
  DCHP-004  OI-12 gypsum waste     50 co_processing
  total                           600

Results: 2026 DCHP-001 OI-05 measured 300, intervention I1 60 t; 2027 DCHP-001 OI-05
measured 250, I1 120 t, DCHP-004 OI-12 measured 20, exchange DCHP-001 -> DCHP-004 OI-13 40 t.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from eipgeo import parks
from eipgeo._errors import InputReadError, UsageError, ValidationError
from eipgeo.cli import app, cmd_monitor
from eipgeo.outputs import monitoring as monitoring_sheet
from eipgeo.scenario.interventions import PROMISE_COLUMNS
from eipgeo.scenario.monitoring import (
    PARK_COLUMNS,
    RESULT_COLUMNS,
    baseline_streams,
    indicators_by_year,
    monitor,
    monitored_streams,
    progress_enterprise,
    progress_intervention,
    progress_park,
    read_results,
)

DATA = Path(__file__).resolve().parent / "data" / "monitoring"
OK, BAD = DATA / "results_ok.csv", DATA / "results_bad.csv"
SITES = {"DCHP-001", "DCHP-004"}


def _baseline() -> pd.DataFrame:
    rows = [
        ("DCHP-001", "OI-05", 400.0, "ordinary", "recycling", ""),
        ("DCHP-001", "OI-13", 50.0, "ordinary", "landfill", "dinh-vu-landfill"),
        ("DCHP-001", "17 02 04", 100.0, "hazardous", "unassigned", ""),
        ("DCHP-004", "OI-12", 50.0, "ordinary", "co_processing", "kiln"),
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "site_id",
            "waste_code",
            "waste_t_per_yr",
            "waste_class",
            "pathway",
            "facility_id",
        ],
    )


def _promises() -> pd.DataFrame:
    rows = [
        ("I1", "recp", "DCHP-001", "OI-05", 2026, 100.0, -5000.0, 2_000_000.0),
        ("I2", "exchange", "DCHP-001;DCHP-004", "OI-13", 2027, 50.0, -1000.0, 500_000.0),
        ("I3", "recp", "DCHP-004", "", 2027, 20.0, 0.0, 0.0),
        ("I4", "facility", "DCHP-001;DCHP-004", "", 2026, 10.0, 0.0, 0.0),
    ]
    return pd.DataFrame(rows, columns=PROMISE_COLUMNS)


def _results() -> pd.DataFrame:
    return read_results(OK, site_ids=SITES)


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def test_read_ok_file() -> None:
    rows = _results()
    assert list(rows.columns) == RESULT_COLUMNS
    assert rows["year"].tolist() == [2026, 2026, 2027, 2027, 2027, 2027]
    assert rows["record"].tolist() == [
        "stream",
        "intervention",
        "stream",
        "intervention",
        "stream",
        "exchange",
    ]
    assert rows["quantity_t"].tolist() == [300.0, 60.0, 250.0, 120.0, 20.0, 40.0]
    assert rows["row"].tolist() == [2, 3, 4, 5, 6, 7]


def test_malformed_twin_raises_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        read_results(BAD, site_ids=SITES)
    got = [(p.row, p.column, p.code, p.value) for p in info.value.problems]
    assert got == [
        (3, "year", "bad_year", "2026.5"),
        (4, "site_id", "unknown_site", "DCHP-991"),
        (5, "intervention_id", "missing_value", ""),
        (5, "quantity_t", "negative_quantity", "-120"),
        (6, "waste_code", "unknown_waste_code", "99 99 99"),
        (7, "partner_id", "missing_value", ""),
        (8, "site_id", "duplicate_record", "DCHP-001"),
        (9, "quantity_t", "not_numeric", "abc"),
        (9, "record", "unknown_record", "swap"),
    ]
    lines = [p.to_line() for p in info.value.problems]
    assert lines[0] == (
        f"{BAD}:3:year: year is '2026.5'; give a whole calendar year from 2000 to 2100, e.g. 2026"
    )
    assert lines[6].endswith("as row 2; merge the two rows into one or delete one")
    assert all(p.file == str(BAD) for p in info.value.problems)


HEAD = "year,site_id,record,waste_code,intervention_id,partner_id,quantity_t,note\n"


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ("year,site_id,record\n2026,DCHP-001,stream\n", "missing_column", (1, "quantity_t")),
        (HEAD, "no_rows", (1, None)),
        (
            "year,site_id,enterprise_id,record,quantity_t\n2026,DCHP-001,DCHP-001,stream,1\n",
            "duplicate_column",
            (1, "enterprise_id"),
        ),
        (HEAD + "2026,DCHP-001,exchange,OI-13,,F-9,5,\n", "unknown_partner", (2, "partner_id")),
        (HEAD + "2026,DCHP-001,exchange,OI-13,,DCHP-001,5,\n", "self_exchange", (2, "partner_id")),
        (HEAD + "2026,DCHP-001,stream,,,,5,\n", "missing_value", (2, "waste_code")),
        (HEAD + "1999,DCHP-001,stream,OI-05,,,5,\n", "bad_year", (2, "year")),
        (HEAD + ",DCHP-001,stream,OI-05,,,5,\n", "missing_value", (2, "year")),
        (HEAD + "2026,DCHP-001,stream,OI-05,,,,\n", "missing_value", (2, "quantity_t")),
    ],
)
def test_bad_tables(tmp_path: Path, text: str, code: str, where: tuple[int, str | None]) -> None:
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_results(path, site_ids=SITES, partner_ids=["kiln"])
    assert [(p.code, (p.row, p.column)) for p in info.value.problems] == [(code, where)]


def test_vietnamese_headers_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    """vi-VN Excel export: ';' separator, decimal comma; the file's own headers are named."""
    path = tmp_path / "r.csv"
    path.write_text(
        "năm;mã_dn;loại_bản_ghi;mã_chất_thải;khối_lượng_t\n"
        "2026;DCHP-001;Stream;170204;12,5\n2026;DCHP-004;stream;OI-12;-1\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        read_results(path, site_ids=SITES)
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.code) == (3, "khối_lượng_t", "negative_quantity")
    path.write_text(path.read_text(encoding="utf-8").replace(";-1", ";0"), encoding="utf-8")
    rows = read_results(path, site_ids=SITES)
    assert rows["waste_code"].tolist() == ["17 02 04", "OI-12"]  # 170204 as the list writes it
    assert rows["quantity_t"].tolist() == [12.5, 0.0]
    assert rows["record"].tolist() == ["stream", "stream"]


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    pd.read_csv(OK, dtype=str, keep_default_na=False).to_excel(path, index=False)
    pd.testing.assert_frame_equal(read_results(path, site_ids=SITES), _results())


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputReadError, match="no such file"):
        read_results(tmp_path / "none.csv", site_ids=SITES)
    with pytest.raises(InputReadError, match="must be a CSV or XLSX"):
        read_results(tmp_path / "r.geojson", site_ids=SITES)


def test_packaged_template_is_valid_and_regenerates(tmp_path: Path) -> None:
    from importlib import resources

    packaged = resources.files("eipgeo.data").joinpath("templates/monitoring.csv")
    written = monitoring_sheet.write_template(tmp_path)
    assert [p.name for p in written] == ["monitoring.csv", "monitoring.xlsx"]
    assert (tmp_path / "monitoring.csv").read_text(encoding="utf-8") == packaged.read_text(
        encoding="utf-8"
    )
    rows = read_results(tmp_path / "monitoring.xlsx", site_ids={"E01", "E02"})
    assert rows["record"].tolist() == ["stream", "intervention", "exchange"]
    doc = pd.read_excel(tmp_path / "monitoring.xlsx", sheet_name="columns")
    assert doc["column"].tolist() == RESULT_COLUMNS[1:]


# --------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------


def test_monitored_streams_replace_measured_and_carry_the_rest() -> None:
    streams = monitored_streams(_baseline(), _results(), 2027)
    got = {(r.site_id, r.waste_code): (r.waste_t_per_yr, r.basis) for r in streams.itertuples()}
    assert got == {
        ("DCHP-001", "17 02 04"): (100.0, "baseline_carried"),
        ("DCHP-001", "OI-05"): (250.0, "measured"),
        ("DCHP-001", "OI-13"): (50.0, "baseline_carried"),
        ("DCHP-004", "OI-12"): (20.0, "measured"),
    }


def test_a_code_new_to_a_site_is_added_with_its_default_pathway() -> None:
    results = pd.DataFrame(
        [
            {
                "row": 2,
                "year": 2026,
                "site_id": "DCHP-004",
                "record": "stream",
                "waste_code": "OI-01",
                "intervention_id": "",
                "partner_id": "",
                "quantity_t": 7.0,
                "note": "",
            }
        ]
    )
    streams = monitored_streams(_baseline(), results, 2026)
    new = streams[streams["waste_code"] == "OI-01"].iloc[0]
    # OI-01 ferrous scrap: not in the baseline (0 t), measured 7 t, recycled via scrap buyers
    assert (new["baseline_t_per_yr"], new["waste_t_per_yr"], new["basis"]) == (0.0, 7.0, "measured")
    assert (new["waste_class"], new["pathway"]) == ("ordinary", "recycling")
    assert streams["waste_t_per_yr"].sum() == 607.0  # 600 baseline + 7 new


def test_progress_per_enterprise() -> None:
    """2026: DCHP-001 = 300 measured + 50 + 100 carried = 450 vs 550: -100 t, -18.18 %;
    DCHP-004 all carried (50). 2027: DCHP-001 = 250 + 150 = 400: -150 t, -27.27 %;
    DCHP-004 measured 20 vs 50: -30 t, -60 %."""
    ent = progress_enterprise(_baseline(), _results(), names={"DCHP-001": "Bridgestone"}).set_index(
        ["year", "site_id"]
    )
    cols = [
        "baseline_t_per_yr",
        "monitored_t_per_yr",
        "change_t_per_yr",
        "change_pct",
        "measured_t_per_yr",
        "streams_measured",
        "streams_carried",
        "baseline_carried",
        "intervention_t_per_yr",
        "exchanged_t_per_yr",
    ]
    assert ent.loc[(2026, "DCHP-001"), cols].tolist() == [
        550,
        450,
        -100,
        -18.18,
        300,
        1,
        2,
        False,
        60,
        0,
    ]
    assert ent.loc[(2026, "DCHP-004"), cols].tolist() == [50, 50, 0, 0.0, 0, 0, 1, True, 0, 0]
    assert ent.loc[(2027, "DCHP-001"), cols].tolist() == [
        550,
        400,
        -150,
        -27.27,
        250,
        1,
        2,
        False,
        120,
        40,
    ]
    assert ent.loc[(2027, "DCHP-004"), cols].tolist() == [50, 20, -30, -60.0, 20, 1, 0, False, 0, 0]
    assert ent.loc[(2026, "DCHP-001"), "name"] == "Bridgestone"
    assert ent.loc[(2026, "DCHP-004"), "name"] == ""


def test_progress_per_park() -> None:
    """2026: 450 + 50 = 500 vs 600: -100 t, -100/600 = -16.67 %; 300 t measured, 200
    carried. 2027: 400 + 20 = 420: -180 t, -30.00 %; 270 measured (250 + 20), 150 carried."""
    ent = progress_enterprise(_baseline(), _results())
    frame = progress_park(ent, park="synthetic")
    assert list(frame.columns) == PARK_COLUMNS
    assert frame["park"].tolist() == ["synthetic", "synthetic"]
    park = frame.set_index("year")
    cols = [
        "baseline_t_per_yr",
        "monitored_t_per_yr",
        "change_t_per_yr",
        "change_pct",
        "measured_t_per_yr",
        "carried_t_per_yr",
        "sites",
        "sites_measured",
        "sites_baseline_carried",
        "intervention_t_per_yr",
        "exchanged_t_per_yr",
    ]
    assert park.loc[2026, cols].tolist() == [600, 500, -100, -16.67, 300, 200, 2, 1, 1, 60, 0]
    assert park.loc[2027, cols].tolist() == [600, 420, -180, -30.0, 270, 150, 2, 2, 0, 120, 40]


def test_progress_per_intervention_against_promises() -> None:
    """I1 (recp, 100 t/yr from 2026): reported 60 t = 60 % (behind), 120 t = 120 % (on
    track); CO2e pro rata -5000 x 0.6 = -3000 kg, net 2e6 x 1.2 = 2.4e6 VND.
    I2 (exchange OI-13 between its sites, 50 t/yr from 2027): 2026 not started; 2027 the
    40 t exchange row = 80 % (behind). I3 (recp DCHP-004, 20 t/yr from 2027): 2027 measured
    50 - 20 = 30 t = 150 % (on track). I4 (facility): nothing to go by (no_data)."""
    iv = progress_intervention(_baseline(), _results(), _promises())
    iv = iv.set_index(["intervention_id", "year"])
    cols = ["achieved_t_per_yr", "achieved_pct", "achieved_source", "status"]
    assert iv.loc[("I1", 2026), cols].tolist() == [60.0, 60.0, "reported", "behind"]
    assert iv.loc[("I1", 2027), cols].tolist() == [120.0, 120.0, "reported", "on_track"]
    assert iv.loc[("I1", 2026), "achieved_co2e_change_kg_per_yr_pro_rata"] == -3000.0
    assert iv.loc[("I1", 2027), "achieved_net_vnd_per_yr_pro_rata"] == 2_400_000.0
    assert iv.loc[("I2", 2026), "status"] == "not_started"
    assert iv.loc[("I2", 2027), cols].tolist() == [40.0, 80.0, "exchange_records", "behind"]
    assert iv.loc[("I3", 2026), "status"] == "not_started"
    assert iv.loc[("I3", 2027), cols].tolist() == [30.0, 150.0, "measured_change", "on_track"]
    assert iv.loc[("I4", 2026), "status"] == iv.loc[("I4", 2027), "status"] == "no_data"
    assert math.isnan(iv.loc[("I4", 2027), "achieved_t_per_yr"])
    assert len(iv) == 8  # 4 interventions x 2 years


def test_on_track_share_and_unpromised_interventions() -> None:
    iv = progress_intervention(_baseline(), _results(), _promises(), on_track_pct=80.0).set_index(
        ["intervention_id", "year"]
    )
    assert iv.loc[("I2", 2027), "status"] == "on_track"  # 40 t >= 80 % of 50 t
    assert iv.loc[("I1", 2026), "status"] == "behind"  # 60 t < 80 t
    none = progress_intervention(_baseline(), _results(), None)
    assert none[["intervention_id", "year", "achieved_t_per_yr", "status"]].values.tolist() == [
        ["I1", 2026, 60.0, "no_promise"],
        ["I1", 2027, 120.0, "no_promise"],
    ]
    with pytest.raises(UsageError, match="promised_t_per_yr"):
        progress_intervention(
            _baseline(), _results(), _promises().drop(columns=["promised_t_per_yr"])
        )


def test_indicators_by_year() -> None:
    """Baseline: recycled 400/600 = 66.67 %, landfilled 50/600 = 8.33 %, hazardous handled
    0/100 = 0 %. 2026 (500 t): 300/500 = 60 %, 50/500 = 10 %; no exchange row, so links
    not known; RECP: DCHP-001 reported I1 -> 1 of 2 firms = 50 %. 2027 (420 t): the 40 t
    exchange leaves landfill for reuse: (250 + 40)/420 = 69.05 %, landfill 10/420 = 2.38 %;
    1 link, both firms in it (100 %); RECP 50 %."""
    table = indicators_by_year(
        _baseline(), _results(), firm_ids=sorted(SITES), promises=_promises()
    )
    got = {(r.year, r.indicator): (r.value, r.baseline_value) for r in table.itertuples()}
    assert got[(2026, "reused_recycled_pct")] == (60.0, 66.67)
    assert got[(2026, "landfilled_pct")] == (10.0, 8.33)
    assert got[(2026, "hazardous_licensed_pct")] == (0.0, 0.0)
    assert got[(2026, "symbiosis_links")] == (None, None)
    assert got[(2026, "firms_recp_pct")] == (50.0, None)
    assert got[(2027, "reused_recycled_pct")] == (69.05, 66.67)
    assert got[(2027, "landfilled_pct")] == (2.38, 8.33)
    assert got[(2027, "symbiosis_links")] == (1.0, None)
    assert got[(2027, "firms_in_symbiosis_pct")] == (100.0, None)
    assert got[(2027, "firms_recp_pct")] == (50.0, None)
    status = table.set_index(["year", "indicator"])["status"]
    assert status[(2027, "symbiosis_links")] == "meets"  # Decree 35 Art. 37(2)(b): >= 1
    assert status[(2026, "symbiosis_links")] == "not known"
    basis = table.set_index(["year", "indicator"])["basis"]
    assert basis[(2026, "landfilled_pct")] == "measured 1 of 4 streams; the rest baseline_carried"
    assert table.attrs["notes"] == []


def test_exchange_larger_than_the_stream_is_capped_with_a_note() -> None:
    results = _results()
    results.loc[results["record"] == "exchange", "quantity_t"] = 70.0  # stream is 50 t
    table = indicators_by_year(_baseline(), results, firm_ids=sorted(SITES))
    got = table.set_index(["year", "indicator"])["value"]
    assert got[(2027, "landfilled_pct")] == 0.0  # all 50 t reused, none left to landfill
    assert got[(2027, "reused_recycled_pct")] == round(100 * 300 / 420, 2)
    assert table.attrs["notes"] == [
        "2027: exchange of OI-13 by DCHP-001: 70 t exceeds the "
        "50 t generated; 50 t counted in indicators"
    ]


# --------------------------------------------------------------------------------------
# Outputs and CLI
# --------------------------------------------------------------------------------------


def _park(tmp_path: Path) -> parks.Park:
    ents = pd.DataFrame({"id": ["DCHP-001", "DCHP-004"], "name": ["Tyres Co", "Gypsum Co"]})
    return parks.Park(
        slug="synthetic",
        meta=parks.ParkMeta(slug="synthetic", name_en="Synthetic park"),
        enterprises=ents,
        facilities=pd.DataFrame(),
        folder=tmp_path,
    )


def test_write_monitoring(tmp_path: Path) -> None:
    res = monitor(_park(tmp_path), _results(), _promises(), baseline=_baseline())
    files = monitoring_sheet.write_monitoring(res, tmp_path / "out")
    folder = tmp_path / "out" / "synthetic" / "monitoring"
    assert [f.name for f in files] == [
        "progress_park.csv",
        "progress_enterprise.csv",
        "progress_intervention.csv",
        "indicators_by_year.csv",
        "monitoring.png",
        "monitoring.html",
    ]
    assert all(f.parent == folder and f.stat().st_size > 0 for f in files)
    park = pd.read_csv(folder / "progress_park.csv")
    assert park["monitored_t_per_yr"].tolist() == [500.0, 420.0]
    assert park["change_pct"].tolist() == [-16.67, -30.0]
    png = (folder / "monitoring.png").read_bytes()
    assert png.startswith(b"\x89PNG") and png == monitoring_sheet.chart_png(res)  # deterministic
    page = (folder / "monitoring.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and "<script" not in page
    assert "src='http" not in page and 'src="http' not in page  # offline
    assert "Synthetic park" in page
    # statuses and bases read as words in both languages, not keys
    statuses = set(res.intervention["status"].astype(str))
    assert {"on_track", "behind"} <= statuses  # the synthetic promises, by construction
    assert "<td>on_track</td>" not in page and "<td>behind</td>" not in page
    assert ">on track<" in page and ">đúng tiến độ<" in page
    assert ">behind<" in page and ">chậm tiến độ<" in page
    assert ">-0<" not in page
    assert "white-space:normal" in page  # printed, wide tables wrap (A4)
    assert not list(folder.glob(".*"))  # no temporary file left


runner = CliRunner()


def test_cli_monitor_on_a_bundled_park(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["monitor", "deepc-haiphong", "--results", str(OK), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("park=deepc-haiphong years=2 (2026-2027) ")
    assert line.endswith(f"files=6 out={tmp_path / 'deepc-haiphong' / 'monitoring'}")
    folder = tmp_path / "deepc-haiphong" / "monitoring"
    assert sorted(p.name for p in folder.iterdir()) == [
        "indicators_by_year.csv",
        "monitoring.html",
        "monitoring.png",
        "progress_enterprise.csv",
        "progress_intervention.csv",
        "progress_park.csv",
    ]
    ent = pd.read_csv(folder / "progress_enterprise.csv")
    assert len(ent) == 2 * (23 + 1)  # every tenant and the REST-OF-PARK source, both years
    park = pd.read_csv(folder / "progress_park.csv")
    # the measured streams lower the park total by exactly their change against the baseline
    assert (park["monitored_t_per_yr"] - park["baseline_t_per_yr"]).round(3).tolist() == park[
        "change_t_per_yr"
    ].tolist()
    assert (park["change_t_per_yr"] < 0).all()


def test_cli_monitor_exit_codes(tmp_path: Path) -> None:
    bad = runner.invoke(
        app, ["monitor", "deepc-haiphong", "--results", str(BAD), "--out", str(tmp_path)]
    )
    assert bad.exit_code == 1
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 9 and "Traceback" not in bad.output
    assert lines[0].startswith(f"{BAD}:3:year: year is '2026.5'")
    assert not (tmp_path / "deepc-haiphong").exists()
    unknown = runner.invoke(app, ["monitor", "nowhere", "--results", str(OK)])
    assert unknown.exit_code == 2 and "is neither a park" in unknown.stderr
    missing = runner.invoke(
        app, ["monitor", "deepc-haiphong", "--results", str(tmp_path / "none.csv")]
    )
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_cli_monitor_on_a_scenario_takes_its_promises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scenario file: its park, and the promises of eipgeo.interventions.promises (here a
    stand-in, so that no scenario is run): I1 promised 100 t/yr; reported 60 then 120 t."""

    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: monitored\npark: deepc-haiphong\n", encoding="utf-8")
    monkeypatch.setattr(cmd_monitor, "promises", lambda spec: _promises().iloc[:1], raising=False)
    result = runner.invoke(
        app, ["monitor", str(scenario), "--results", str(OK), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "status=on_track:1" in result.stdout
    iv = pd.read_csv(tmp_path / "deepc-haiphong" / "monitoring" / "progress_intervention.csv")
    assert iv[["year", "achieved_pct", "status"]].values.tolist() == [
        [2026, 60.0, "behind"],
        [2027, 120.0, "on_track"],
    ]


def test_monitor_a_real_scenario_against_its_feasibility_promise(
    bundled_data: Path, tmp_path: Path
) -> None:
    """DEEP C Hai Phong's RECP scenario promises a 20 % cut at DCHP-001 from 2026.

    Its promise is 20 % of DCHP-001's baseline t/yr (read from the baseline streams here);
    the results report 50 % of it in 2026 and 100 % in 2027, so the intervention is
    ``behind`` (50 %), then ``on_track`` (100 %).
    """
    import yaml

    spec = yaml.safe_load(
        Path("data/parks/deepc-haiphong/scenarios/recp.yaml").read_text(encoding="utf-8")
    )
    spec["iterations"] = 100
    scenario = tmp_path / "recp.yaml"
    scenario.write_text(yaml.safe_dump(spec), encoding="utf-8")
    base = baseline_streams(parks.load_park("deepc-haiphong"))
    promised = 0.2 * float(base.loc[base.site_id == "DCHP-001", "waste_t_per_yr"].sum())
    # One decimal, as a monitoring sheet records tonnes: a value such as 132.099 would be
    # ambiguous under the vi-VN number rules (132.099 or 132099) and is refused.
    rows = [
        (y, "DCHP-001", "intervention", "", "recp-DCHP-001", "", round(promised * f, 1), "")
        for y, f in ((2026, 0.5), (2027, 1.0))
    ]
    results = tmp_path / "results.csv"
    pd.DataFrame(
        rows,
        columns=[
            "year",
            "site_id",
            "record",
            "waste_code",
            "intervention_id",
            "partner_id",
            "quantity_t",
            "note",
        ],
    ).to_csv(results, index=False)
    res = runner.invoke(
        app, ["monitor", str(scenario), "--results", str(results), "--out", str(tmp_path / "out")]
    )
    assert res.exit_code == 0, res.output
    iv = pd.read_csv(
        tmp_path / "out" / "deepc-haiphong" / "monitoring" / "progress_intervention.csv"
    )
    iv = iv[iv.intervention_id == "recp-DCHP-001"]
    assert iv.promised_t_per_yr.iloc[0] == pytest.approx(promised, rel=1e-3)
    assert iv.status.tolist() == ["behind", "on_track"]
    assert iv.achieved_pct.tolist() == pytest.approx([50.0, 100.0], abs=0.1)


def test_misspelt_intervention_id_is_named(tmp_path: Path) -> None:
    """With promises, an id in the results that no promise has gets a note with the fix."""
    results = _results()
    results.loc[results.intervention_id == "I1", "intervention_id"] = "I-1"
    res = monitor(_park(tmp_path), results, _promises(), baseline=_baseline())
    assert any(
        "intervention 'I-1' in the results is not in the scenario (did you mean 'I1'?)" in n
        for n in res.notes
    )
    assert "no_promise" in set(res.intervention.status)


def test_indicators_by_year_a_store_is_not_licensed_treatment() -> None:
    """The 100 t of 17 02 04 collected to a store (permit: storage and transfer only) with
    no handler after it is not handled by a licensed facility: 0/100 = 0 % at baseline and
    in each year; with a handler named onward (``onward_facility_id``) it is 100/100."""
    store = pd.DataFrame(
        [{"id": "STORE", "accepts": "hazardous", "methods": "storage_transfer", "status": ""}]
    )
    baseline = _baseline()
    haz = baseline["waste_code"] == "17 02 04"
    baseline.loc[haz, ["pathway", "facility_id"]] = ["incineration", "STORE"]
    kw = {"firm_ids": sorted(SITES), "facilities": store}
    table = indicators_by_year(baseline, _results(), **kw)
    got = table.set_index(["year", "indicator"])[["value", "baseline_value"]]
    assert tuple(got.loc[(2026, "hazardous_licensed_pct")]) == (0.0, 0.0)
    baseline["onward_facility_id"] = ""
    baseline.loc[haz, "onward_facility_id"] = "HANDLER"
    table = indicators_by_year(baseline, _results(), **kw)
    got = table.set_index(["year", "indicator"])[["value", "baseline_value"]]
    assert tuple(got.loc[(2026, "hazardous_licensed_pct")]) == (100.0, 100.0)
