"""The monitoring store (issue 25): one suite, run against a GeoPackage and a PostGIS store.

The GeoPackage store needs no server. The PostGIS store is a fresh database per test on the
server named by ``EIPGEO_TEST_POSTGRES_URL`` (``.ci/postgres start`` prints it), created
by pytest-postgresql's no-process fixture from ``template1``, which holds postgis. Without
that variable the PostGIS tests skip, except under ``CI=true``, where they fail. The QGIS
tests run Debian's PyQGIS (``/usr/bin/python3``, ``python3-qgis``) headless, under the
same rule.

Fixtures (``tests/data/monitoring/``), all for DEEP C Hai Phong (``deepc-haiphong``):
``results_ok.csv`` (6 rows, 2026-2027; see ``test_monitoring.py``), its malformed twin
``results_bad.csv`` (9 problems), ``results_corrected.csv`` (the 2027 DCHP-001 OI-05
stream corrected from 250 to 262.5 t with a new note, and one row added: 5 rows
unchanged, 1 superseding, 1 added), ``results_80.csv`` (80 valid stream rows, 2020-2027 x
DCHP-001..010, t = 10 + 1.5 n for row n), and ``results_2026.csv`` / ``results_2027.csv``
(two files with no key in common, loaded concurrently).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest import IN_CI, _need
from typer.testing import CliRunner

from eipgeo import parks
from eipgeo._errors import InputReadError, UsageError, ValidationError
from eipgeo.cli import app, cmd_monitor
from eipgeo.outputs import qgis_styles as styles
from eipgeo.outputs._map_text import SECTOR_COLOURS
from eipgeo.outputs.maps import HAZARDOUS_COLOUR, ROUTE_COLOURS
from eipgeo.outputs.write import write_routes_gpkg
from eipgeo.scenario import monitoring
from eipgeo.store import _postgis, api
from eipgeo.store.export import export_records
from eipgeo.store.schema import Base

DATA = Path(__file__).resolve().parent / "data" / "monitoring"
OK, BAD = DATA / "results_ok.csv", DATA / "results_bad.csv"
PARK = "deepc-haiphong"
PG_URL = os.environ.get("EIPGEO_TEST_POSTGRES_URL", "")
QGIS_PYTHON = "/usr/bin/python3"
runner = CliRunner()

if PG_URL:
    from pytest_postgresql import factories

    _pg = sa.make_url(PG_URL)
    postgresql_noproc = factories.postgresql_noproc(
        host=_pg.host,
        port=_pg.port,
        user=_pg.username,
        password=_pg.password,
        dbname="eipgeo_store_test",
    )
    postgresql = factories.postgresql("postgresql_noproc")


def _need_postgis() -> None:
    _need(
        "the PostGIS test server (EIPGEO_TEST_POSTGRES_URL; run .ci/postgres start)", bool(PG_URL)
    )


@pytest.fixture(params=["gpkg", "postgis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store: a GeoPackage path, or the URL of a fresh PostGIS database."""
    if request.param == "gpkg":
        return str(tmp_path / "store.gpkg")
    _need_postgis()
    info = request.getfixturevalue("postgresql").info
    return f"postgresql://{info.user}:{info.password}@{info.host}:{info.port}/{info.dbname}"


@pytest.fixture
def ready(store: str) -> str:
    """An initialised, empty store."""
    api.init_store(store)
    return store


def _engine(store: str) -> sa.Engine:
    return api.open_store(store).engine


def _snapshot(store: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the store, in id order."""
    engine = _engine(store)
    try:
        with engine.connect() as conn:
            return {
                t: [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY id"))]
                for t in Base.metadata.tables
            }
    finally:
        engine.dispose()


def _count(store: str, table: str, where: str = "1=1") -> int:
    engine = _engine(store)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one()
            )
    finally:
        engine.dispose()


# --------------------------------------------------------------------------------------
# Schema and migrations
# --------------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:Did not recognize type 'xml'")  # QGIS's layer_styles
def test_init_from_empty_runs_the_migrations_and_matches_the_models(store: str) -> None:
    """Alembic from an empty store to the head; its tables have the models' columns,
    nullability, foreign keys and partial unique indexes of current rows."""
    label, before, after = api.init_store(store)
    assert (before, after) == (None, api.head_revision())
    assert ("***" in label) == store.startswith("postgresql")
    engine = _engine(store)
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            assert {"waste_streams", "exchanges"} <= set(insp.get_view_names())
            for name, table in Base.metadata.tables.items():
                got = {c["name"].lower(): c["nullable"] for c in insp.get_columns(name)}
                want = {c.name.lower(): c.nullable for c in table.columns}
                assert {k: v for k, v in got.items() if k in want} == want, name
                if name == "layer_styles":
                    continue
                fks = {
                    (tuple(f["constrained_columns"]), f["referred_table"])
                    for f in insp.get_foreign_keys(name)
                }
                assert fks == {
                    ((fk.parent.name,), fk.column.table.name) for fk in table.foreign_keys
                }, name
                indexes = {i["name"]: i for i in insp.get_indexes(name)}
                for index in table.indexes:
                    assert indexes[index.name]["unique"] == index.unique
                    assert [*indexes[index.name]["column_names"]] == [c.name for c in index.columns]
    finally:
        engine.dispose()
    assert api.init_store(store)[1:] == (after, after)  # idempotent


def test_geopackage_store_is_a_geopackage(tmp_path: Path) -> None:
    """GeoPackage 1.3 header, required tables and rows; enterprises is a Point layer."""
    import sqlite3

    import pyogrio

    path = tmp_path / "s.gpkg"
    api.init_store(path)
    api.load_results(path, PARK, OK)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert con.execute("PRAGMA user_version").fetchone()[0] == 10300
        assert {r[0] for r in con.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")} >= {
            -1,
            0,
            4326,
        }
        assert con.execute(
            "SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns "
            "WHERE table_name = 'enterprises'"
        ).fetchone() == ("POINT", 4326)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert layers["enterprises"] == "Point"
    assert {"monitoring_records", "waste_streams", "exchanges", "layer_styles"} <= set(layers)
    ents = pyogrio.read_dataframe(path, layer="enterprises")
    assert ents.crs.to_epsg() == 4326 and len(ents) == 23  # 22 + Dinh Vu Gypsum (issue 19)
    placed = parks.place_enterprises(
        parks.load_park(PARK), parks.read_boundary(parks.load_park(PARK))
    )
    first = ents.set_index("site_id").geometry["DCHP-001"]
    row = placed.set_index("id").loc["DCHP-001"]
    assert (round(first.x, 6), round(first.y, 6)) == (row.lon, row.lat)


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


def test_load_and_read_round_trip_equals_the_file_reader(ready: str) -> None:
    summary = api.load_results(ready, PARK, OK, by="analyst")
    assert (summary.rows_read, summary.added, summary.superseding, summary.unchanged) == (
        6,
        6,
        0,
        0,
    )
    assert summary.enterprises_added == 23 and summary.load_id == 1
    got = api.read_records(ready, PARK)
    want = api.validate_results(parks.load_park(PARK), OK)
    pd.testing.assert_frame_equal(got, want)
    assert list(got.columns) == monitoring.RESULT_COLUMNS


def test_provenance_of_every_row(ready: str) -> None:
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    api.load_results(ready, PARK, OK, by="analyst")
    from eipgeo.store.schema import MonitoringRecord

    engine = _engine(ready)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT loaded_by, source_file, source_row FROM monitoring_records "
                    "ORDER BY source_row"
                )
            ).all()
            ents = conn.execute(sa.text("SELECT DISTINCT source_file FROM enterprises")).all()
            load = conn.execute(sa.text("SELECT source_sha256, rows_added FROM loads")).one()
            stamps = conn.execute(sa.select(MonitoringRecord.loaded_at)).scalars().all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [("analyst", str(OK), n) for n in range(2, 8)]
    assert ents[0][0].endswith("deepc-haiphong/enterprises.csv")
    import hashlib

    assert tuple(load) == (hashlib.sha256(OK.read_bytes()).hexdigest(), 6)
    assert all(
        s.tzinfo is not None and before <= s <= dt.datetime.now(dt.timezone.utc) for s in stamps
    )


def test_second_load_of_the_same_file_adds_nothing(ready: str) -> None:
    api.load_results(ready, PARK, OK)
    first = _snapshot(ready)
    again = api.load_results(ready, PARK, OK)
    assert again.load_id is None and (again.added, again.unchanged) == (0, 6)
    assert _snapshot(ready) == first


def test_a_failure_on_row_40_of_80_leaves_the_store_unchanged(
    ready: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load writes 25 records a statement: rows 1-25 (and the park, its 23 enterprises
    and the load) are written in the transaction when row 40 (spreadsheet row 41) fails."""
    api.load_results(ready, PARK, OK)  # a store with records already
    before = _snapshot(ready)
    written: list[int] = []
    real = api._record_row

    def failing(values: dict[str, Any]) -> dict[str, Any]:
        if values["source_row"] == 41:
            raise RuntimeError("disk full (simulated) at row 40 of 80")
        written.append(values["source_row"])
        return real(values)

    monkeypatch.setattr(api, "_record_row", failing)
    with pytest.raises(RuntimeError, match="row 40 of 80"):
        api.load_results(ready, PARK, DATA / "results_80.csv")
    assert len(written) == 39  # 25 inserted, 14 more prepared, then the failure
    assert _snapshot(ready) == before
    monkeypatch.setattr(api, "_record_row", real)
    done = api.load_results(ready, PARK, DATA / "results_80.csv")
    assert (done.added, done.superseding) == (78, 2)  # 2026 and 2027 DCHP-001 OI-05 change


def test_a_failure_on_a_fresh_store_leaves_it_empty(
    ready: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(ready)
    monkeypatch.setattr(api, "_record_row", lambda v: 1 / (v["source_row"] != 41) and v)
    with pytest.raises(ZeroDivisionError):
        api.load_results(ready, PARK, DATA / "results_80.csv")
    assert _snapshot(ready) == before
    assert all(rows == [] for t, rows in before.items() if t != "layer_styles")


def test_a_file_with_errors_loads_nothing(ready: str) -> None:
    """Validated exactly as `eipgeo monitor --results`: the same 9 problems, same lines."""
    before = _snapshot(ready)
    with pytest.raises(ValidationError) as info:
        api.load_results(ready, PARK, BAD)
    assert len(info.value.problems) == 9
    cli = runner.invoke(app, ["db", "load", ready, "--park", PARK, "--results", str(BAD)])
    mon = runner.invoke(app, ["monitor", PARK, "--results", str(BAD), "--out", "/nonexistent"])
    assert cli.exit_code == mon.exit_code == 1
    assert cli.stderr.splitlines() == mon.stderr.splitlines()
    assert _snapshot(ready) == before


def test_a_correction_supersedes_without_deleting(ready: str) -> None:
    api.load_results(ready, PARK, OK)
    s = api.load_results(ready, PARK, DATA / "results_corrected.csv", by="auditor")
    assert (s.added, s.superseding, s.unchanged, s.load_id) == (1, 1, 5, 2)
    rows = api.read_records(ready, PARK)
    fixed = rows[(rows.year == 2027) & (rows.site_id == "DCHP-001") & (rows.record == "stream")]
    assert fixed.quantity_t.tolist() == [262.5]
    assert _count(ready, "monitoring_records") == 8  # 6 + 1 superseding + 1 new
    engine = _engine(ready)
    try:
        with engine.connect() as conn:
            old, new = conn.execute(
                sa.text(
                    "SELECT id, quantity_t, superseded_by, superseded_at IS NOT NULL, loaded_by, "
                    "load_id FROM monitoring_records WHERE year = 2027 AND site_id = 'DCHP-001' "
                    "AND record = 'stream' ORDER BY id"
                )
            ).all()
    finally:
        engine.dispose()
    assert tuple(old[1:]) == (250.0, new[0], True, api._user(None), 1)
    assert tuple(new[1:]) == (262.5, None, False, "auditor", 2)
    assert _count(ready, "waste_streams", "site_id = 'DCHP-001' AND year = 2027") == 1
    # and the original file, loaded again, supersedes the correction in its turn
    assert api.load_results(ready, PARK, OK).superseding == 1


def test_a_moved_enterprise_keeps_its_location_history(ready: str, tmp_path: Path) -> None:
    api.load_results(ready, PARK, OK)
    folder = tmp_path / "park"
    shutil.copytree(parks.load_park(PARK).folder, folder)
    ents = pd.read_csv(folder / "enterprises.csv", dtype=str, keep_default_na=False)
    ents.loc[ents.id == "DCHP-001", ["lat", "lon", "location_quality"]] = [
        "20.8200",
        "106.7800",
        "surveyed",
    ]
    ents.to_csv(folder / "enterprises.csv", index=False)
    s = api.load_results(ready, parks.load_park(folder), OK)
    assert (s.enterprises_added, s.enterprises_superseding, s.added) == (0, 1, 0)
    out = tmp_path / "e.gpkg"
    export_records(ready, PARK, out)
    import pyogrio

    history = pyogrio.read_dataframe(out, layer="enterprises")
    moved = history[history.site_id == "DCHP-001"].sort_values("enterprise_row_id")
    assert moved.location_quality.tolist() == ["placed_in_polygon", "surveyed"]
    assert moved.superseded_by.iloc[0] == moved.enterprise_row_id.iloc[1]
    assert (moved.geometry.iloc[1].x, moved.geometry.iloc[1].y) == (106.78, 20.82)


def test_concurrent_loads_from_two_processes_both_land_in_order(ready: str, tmp_path: Path) -> None:
    """Two `eipgeo db load` processes wait on the store's lock (held here), then both land.

    PostGIS: the test holds the advisory lock until both processes wait on it (pg_locks).
    GeoPackage: the test holds SQLite's write lock (BEGIN IMMEDIATE) for a while.
    In order: all records of the first load to commit have smaller ids than the second's.
    """
    engine = _engine(ready)
    conn = engine.connect()
    trans = conn.begin()
    if ready.startswith("postgresql"):
        _postgis.lock_for_load(conn)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "eipgeo.cli",
                "db",
                "load",
                ready,
                "--park",
                PARK,
                "--results",
                str(DATA / f"results_{y}.csv"),
                "--by",
                f"process-{y}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for y in (2026, 2027)
    ]
    try:
        deadline = time.monotonic() + 120
        if ready.startswith("postgresql"):
            waiting = 0
            while waiting < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
                with engine.connect() as probe:
                    waiting = probe.execute(
                        sa.text(
                            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT "
                            "granted"
                        )
                    ).scalar_one()
            assert waiting == 2, "both loads should be waiting on the lock"
        else:
            time.sleep(8)  # a load validates in about 3 s, then waits for the write lock
        assert all(p.poll() is None for p in procs), "a load finished while the lock was held"
    finally:
        trans.rollback()
        conn.close()
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    engine2 = _engine(ready)
    try:
        with engine2.connect() as c:
            loads = c.execute(sa.text("SELECT id, loaded_by FROM loads ORDER BY id")).all()
            by_load = c.execute(
                sa.text(
                    "SELECT load_id, min(id), max(id), count(*) FROM "
                    "monitoring_records GROUP BY load_id ORDER BY load_id"
                )
            )
            spans = [tuple(r) for r in by_load]
    finally:
        engine.dispose()
        engine2.dispose()
    assert sorted(r[1] for r in loads) == ["process-2026", "process-2027"]
    assert [s[3] for s in spans] == [
        3 if loads[0][1] == "process-2026" else 4,
        4 if loads[0][1] == "process-2026" else 3,
    ]
    assert spans[0][2] < spans[1][1]  # the second load's records all come after the first's
    assert len(api.read_records(ready, PARK)) == 7


# --------------------------------------------------------------------------------------
# The command line: eipgeo db, and eipgeo monitor --db
# --------------------------------------------------------------------------------------


def _monitor_files(args: list[str], out: Path) -> dict[str, bytes]:
    result = runner.invoke(app, ["monitor", PARK, *args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / PARK / "monitoring"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_monitor_db_gives_byte_identical_outputs(store: str, tmp_path: Path) -> None:
    init = runner.invoke(app, ["db", "init", store])
    assert init.exit_code == 0, init.output
    assert f"schema={api.head_revision()} (was empty)" in init.stdout
    load = runner.invoke(app, ["db", "load", store, "--park", PARK, "--results", str(OK)])
    assert load.exit_code == 0, load.output
    assert "rows=6 added=6 superseding=0 unchanged=0" in load.stdout
    from_file = _monitor_files(["--results", str(OK)], tmp_path / "file")
    from_db = _monitor_files(["--db", store], tmp_path / "db")
    assert list(from_db) == [
        "indicators_by_year.csv",
        "monitoring.html",
        "monitoring.png",
        "progress_enterprise.csv",
        "progress_intervention.csv",
        "progress_park.csv",
    ]
    assert from_db == from_file
    assert _count(store, "runs", "target = 'deepc-haiphong' AND last_year = 2027") == 1


def test_monitor_a_scenario_keeps_its_promises(
    ready: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load registers I1 (kind and promise unknown); `monitor SCENARIO --db` keeps the
    scenario's promise as a new version of I1 (a stand-in promise, as test_monitoring.py)."""
    api.load_results(ready, PARK, OK)
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: monitored\npark: deepc-haiphong\n", encoding="utf-8")
    promise = pd.DataFrame(
        [("I1", "recp", "DCHP-001", "OI-05", 2026, 100.0, -5000.0, 2e6)],
        columns=monitoring.PROMISE_COLUMNS,
    )
    monkeypatch.setattr(cmd_monitor, "promises", lambda spec: promise)
    for _ in range(2):
        res = runner.invoke(
            app, ["monitor", str(scenario), "--db", ready, "--out", str(tmp_path / "o")]
        )
        assert res.exit_code == 0, res.output
        assert "status=on_track:1" in res.stdout
    engine = _engine(ready)
    try:
        with engine.connect() as conn:
            rows = [
                tuple(r)
                for r in conn.execute(
                    sa.text(
                        "SELECT intervention_id, kind, start_year, promised_t_per_yr, "
                        "superseded_at IS NULL, source_file FROM interventions ORDER BY id"
                    )
                )
            ]
            runs = conn.execute(sa.text("SELECT target, statuses, last_year FROM runs")).all()
    finally:
        engine.dispose()
    assert rows == [
        ("I1", "", None, None, False, str(OK)),
        ("I1", "recp", 2026, 100.0, True, str(scenario)),
    ]
    assert [tuple(r) for r in runs] == [(str(scenario), "on_track:1", 2027)] * 2


def test_postgis_and_geopackage_give_the_same_tables_as_the_file(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The issue's criterion in one test: file, GeoPackage and PostGIS, byte for byte."""
    _need_postgis()
    info = request.getfixturevalue("postgresql").info
    url = f"postgresql://{info.user}:{info.password}@{info.host}:{info.port}/{info.dbname}"
    outputs = []
    for i, target in enumerate([str(tmp_path / "s.gpkg"), url]):
        api.init_store(target)
        api.load_results(target, PARK, DATA / "results_corrected.csv")
        outputs.append(_monitor_files(["--db", target], tmp_path / f"db{i}"))
    outputs.append(
        _monitor_files(["--results", str(DATA / "results_corrected.csv")], tmp_path / "file")
    )
    assert outputs[0] == outputs[1] == outputs[2]


def test_cli_usage_and_unreadable_stores(tmp_path: Path) -> None:
    missing = runner.invoke(
        app, ["db", "load", str(tmp_path / "none.gpkg"), "--park", PARK, "--results", str(OK)]
    )
    assert missing.exit_code == 2 and "no such store; create it with" in missing.stderr
    wrong = runner.invoke(app, ["db", "init", str(tmp_path / "store.csv")])
    assert wrong.exit_code == 2 and "a store is a GeoPackage file" in wrong.stderr
    runner.invoke(app, ["db", "init", str(tmp_path / "s.gpkg")])
    none = runner.invoke(app, ["monitor", PARK, "--db", str(tmp_path / "s.gpkg")])
    assert none.exit_code == 1 and "has no records in the store" in none.stderr
    both = runner.invoke(
        app, ["monitor", PARK, "--db", str(tmp_path / "s.gpkg"), "--results", str(OK)]
    )
    assert both.exit_code == 2 and "not both" in both.stderr
    neither = runner.invoke(app, ["monitor", PARK])
    assert neither.exit_code == 2 and "--results FILE, or --db" in neither.stderr
    down = runner.invoke(app, ["db", "init", "postgresql://someone:s3cret@127.0.0.1:9/x"])
    assert down.exit_code == 2 and "cannot connect" in down.stderr
    assert "s3cret" not in down.output and "***" in down.stderr
    assert "Traceback" not in down.output
    empty = tmp_path / "empty.gpkg"
    import sqlite3

    sqlite3.connect(empty).close()
    with pytest.raises(UsageError, match="not an eipgeo store yet; run `eipgeo db init"):
        api.load_results(empty, PARK, OK)
    with pytest.raises(InputReadError):
        api.open_store(tmp_path / "nowhere" / "x.gpkg")


def test_export_reloads_and_keeps_provenance(ready: str, tmp_path: Path) -> None:
    api.load_results(ready, PARK, OK)
    api.load_results(ready, PARK, DATA / "results_corrected.csv")
    res = runner.invoke(
        app, ["db", "export", ready, "--park", PARK, "--out", str(tmp_path / "x.csv")]
    )
    assert res.exit_code == 0, res.output
    frame = pd.read_csv(tmp_path / "x.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns) == [
        *monitoring.RESULT_COLUMNS[1:],
        "loaded_by",
        "loaded_at",
        "source_file",
        "source_row",
    ]
    assert len(frame) == 7
    again = monitoring.read_results(
        tmp_path / "x.csv", site_ids=parks.load_park(PARK).enterprises["id"], partner_ids=[]
    )
    pd.testing.assert_frame_equal(
        again.drop(columns=["row"]), api.read_records(ready, PARK).drop(columns=["row"])
    )
    history = tmp_path / "h.xlsx"
    export_records(ready, PARK, history, history=True)
    assert len(pd.read_excel(history)) == 8


def test_credentials_from_the_pg_environment(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`postgresql://` alone: libpq takes host, port, user, password and database from PG*."""
    _need_postgis()
    info = request.getfixturevalue("postgresql").info
    for key, value in {
        "PGHOST": info.host,
        "PGPORT": str(info.port),
        "PGUSER": info.user,
        "PGPASSWORD": info.password,
        "PGDATABASE": info.dbname,
    }.items():
        monkeypatch.setenv(key, value)
    label, before, _ = api.init_store("postgresql://")
    assert before is None and label == "postgresql://"
    assert api.load_results("postgresql://", PARK, OK).added == 6


# --------------------------------------------------------------------------------------
# QGIS styles
# --------------------------------------------------------------------------------------


def _qml_colours(qml: str) -> list[str]:
    root = ET.fromstring(qml.split("\n", 1)[1])
    out = []
    for symbol in root.iter("symbol"):
        layer = symbol.find("layer")
        assert layer is not None
        props = {o.get("name"): o.get("value") for o in layer.iter("Option")}
        r, g, b, _ = (int(v) for v in str(props.get("color") or props.get("line_color")).split(","))
        out.append(f"#{r:02x}{g:02x}{b:02x}")
    return out


def test_layer_styles_in_the_store(ready: str) -> None:
    engine = _engine(ready)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT f_table_name, f_geometry_column, stylename, useasdefault, "
                    "CAST(styleqml AS TEXT), f_table_schema FROM layer_styles"
                )
            ).all()
    finally:
        engine.dispose()
    assert len(rows) == 1
    table, column, name, default, qml, schema = rows[0]
    assert (table, column, name, bool(default)) == (
        "enterprises",
        "geom",
        "eipgeo enterprises",
        True,
    )
    assert schema == ("public" if ready.startswith("postgresql") else "")
    assert _qml_colours(qml) == [*SECTOR_COLOURS, styles.SUPERSEDED_COLOUR]
    api.init_store(ready)  # re-initialising rewrites the style, never doubles it
    assert _count(ready, "layer_styles") == 1


def test_routes_gpkg_carries_the_map_route_colours(tmp_path: Path) -> None:
    """Routes sorted by id take ROUTE_COLOURS in turn, hazardous ones HAZARDOUS_COLOUR
    (maps.add_routes); each route has a solid (road) and a dashed (estimated) rule."""
    import geopandas as gpd
    from shapely.geometry import LineString

    legs = gpd.GeoDataFrame(
        {
            "route_id": ["non_hazardous-2", "hazardous-1", "non_hazardous-1"],
            "distance_m": [1000.0, 2500.0, 500.0],
            "estimated": [False, True, False],
        },
        geometry=[LineString([(106.7, 20.8), (106.71, 20.81)])] * 3,
        crs=4326,
    )
    path = tmp_path / "routes.gpkg"
    write_routes_gpkg(legs, path)
    assert styles.styled_layers(path) == [("route_legs", "geom", "eipgeo route_legs")]
    import sqlite3

    con = sqlite3.connect(path)
    qml = con.execute("SELECT styleQML FROM layer_styles").fetchone()[0]
    con.close()
    colours = _qml_colours(qml)
    assert colours == [HAZARDOUS_COLOUR] * 2 + [ROUTE_COLOURS[1]] * 2 + [ROUTE_COLOURS[2]] * 2
    assert (
        "Route non_hazardous-2 (1.0 km)" in qml and 'line_style" type="QString" value="dash"' in qml
    )


def _qgis_available() -> bool:
    return (
        Path(QGIS_PYTHON).exists()
        and subprocess.run(
            [QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, check=False
        ).returncode
        == 0
    )


@pytest.fixture(scope="module")
def qgis() -> None:
    """Debian's PyQGIS (python3-qgis); `.ci/qgis` installs it in CI."""
    _need("QGIS (Debian's python3-qgis; run .ci/qgis)", _qgis_available())


def _open_in_qgis(*uris: str) -> dict[str, Any]:
    import json

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": "/tmp"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [QGIS_PYTHON, str(Path(__file__).parent / "qgis" / "styled_layers.py"), *uris],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_qgis_opens_the_store_and_the_outputs_styled(
    qgis: None, ready: str, tmp_path: Path
) -> None:
    """Headless QGIS opens each layer and applies its default style from layer_styles:
    the store's enterprises (13 categories, the map's sector colours), an exported
    GeoPackage, and a routes.gpkg; a GeoPackage without styles stays single-symbol."""
    import geopandas as gpd
    from shapely.geometry import LineString

    api.load_results(ready, PARK, OK)
    export = tmp_path / "export.gpkg"
    export_records(ready, PARK, export)
    routes = tmp_path / "routes.gpkg"
    write_routes_gpkg(
        gpd.GeoDataFrame(
            {"route_id": ["hazardous-1", "non_hazardous-1"], "estimated": [True, False]},
            geometry=[LineString([(106.7, 20.8), (106.71, 20.81)])] * 2,
            crs=4326,
        ),
        routes,
    )
    plain = tmp_path / "plain.gpkg"
    gpd.read_file(export, layer="enterprises").to_file(plain, layer="enterprises")
    if ready.startswith("postgresql"):
        u = sa.make_url(ready)
        store_uri = (
            f"postgres:dbname='{u.database}' host={u.host} port={u.port} "
            f"user='{u.username}' password='{u.password}' key='id' srid=4326 "
            'type=Point table="public"."enterprises" (geom)'
        )
    else:
        store_uri = f"{ready}|layername=enterprises"
    uris = [
        store_uri,
        f"{export}|layername=enterprises",
        f"{routes}|layername=route_legs",
        f"{plain}|layername=enterprises",
    ]
    seen = _open_in_qgis(*uris)
    got = [seen[u.removeprefix("postgres:")] for u in uris]
    assert all(g["valid"] for g in got)
    styled = [g for g in got if g["renderer"] != "singleSymbol"]
    assert len(styled) == 3 and got[3]["renderer"] == "singleSymbol"
    assert got[0]["renderer"] == got[1]["renderer"] == "categorizedSymbol"
    assert got[0]["colours"] == [*SECTOR_COLOURS, styles.SUPERSEDED_COLOUR]
    assert got[2]["renderer"] == "RuleRenderer"
    assert got[2]["colours"] == [HAZARDOUS_COLOUR] * 2 + [ROUTE_COLOURS[1]] * 2


def test_ci_requires_the_servers() -> None:
    """Under CI=true the PostGIS URL is set (by .ci/run) and QGIS is installed."""
    if not IN_CI:
        pytest.skip("only under CI=true")
    assert PG_URL, "EIPGEO_TEST_POSTGRES_URL is not set; .ci/run starts .ci/postgres"
    assert _qgis_available()


@pytest.fixture(autouse=True)
def _no_pg_env_leak(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Only the credentials test sets PG* variables; others use explicit URLs."""
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE"):
        monkeypatch.delenv(key, raising=False)
    yield
