"""One API over both backends: create, load, read and export a monitoring store.

A store is named by ``URL_OR_FILE``: a path (``*.gpkg``) is a GeoPackage store (SQLite,
nothing to install); a ``postgresql://`` URL is a PostGIS store (credentials from the URL
or libpq's ``PG*`` environment variables, :mod:`eipgeo.store._postgis`).

* :func:`init_store` creates the file or schema, or upgrades it, through the Alembic
  migrations shipped in ``eipgeo/store/migrations/``, and writes the default QGIS styles.
* :func:`load_results` validates a monitoring file exactly as ``eipgeo monitor`` does
  (:func:`eipgeo.scenario.monitoring.read_results`: a file with any error loads nothing), then
  writes it in one transaction: a row identical to the current record of its key adds
  nothing, a changed row supersedes it, a new key adds a record. A failure half-way
  rolls the whole load back. Loads wait for each other (a lock per store).
* :func:`read_records` returns a park's current records as the frame
  :func:`~eipgeo.scenario.monitoring.read_results` returns, so that
  :func:`eipgeo.scenario.monitoring.monitor` gets the same input either way.
* :func:`record_run` keeps a monitoring run's key results;
  :func:`eipgeo.store.export.export_records` writes the records back to a file.

Raises, for every function that opens a store: :class:`~eipgeo.InputReadError` when the
store cannot be reached or opened, and :class:`~eipgeo._errors.UsageError` when the target
is neither a ``.gpkg`` path nor a PostgreSQL URL, or the store is not initialised.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from shapely import Point
from sqlalchemy import URL, Connection, Engine

from eipgeo import __version__ as _VERSION
from eipgeo import parks
from eipgeo._errors import InputReadError, Problem, UsageError, ValidationError
from eipgeo.outputs import qgis_styles as styles
from eipgeo.outputs._map_text import SECTORS, sector_index
from eipgeo.scenario import monitoring
from eipgeo.store import _gpkg, _postgis
from eipgeo.store.schema import (
    Base,
    Enterprise,
    Intervention,
    LayerStyle,
    Load,
    MonitoringRecord,
    Park,
    Run,
)

__all__ = [
    "MIGRATIONS",
    "LoadSummary",
    "Store",
    "head_revision",
    "init_store",
    "load_results",
    "open_store",
    "read_records",
    "record_run",
    "revision",
    "validate_results",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
"""The Alembic script folder shipped with eipgeo (package data)."""

CHUNK_ROWS = 25
"""Records written per statement during a load (all in the load's one transaction)."""

_KEY = ("year", "record", "site_id", "waste_code", "intervention_id", "partner_id")
_TABLES = Base.metadata.tables
_T_PARK: sa.Table = _TABLES[Park.__tablename__]
_T_LOAD: sa.Table = _TABLES[Load.__tablename__]
_T_ENT: sa.Table = _TABLES[Enterprise.__tablename__]
_T_IV: sa.Table = _TABLES[Intervention.__tablename__]
_T_REC: sa.Table = _TABLES[MonitoringRecord.__tablename__]
_T_RUN: sa.Table = _TABLES[Run.__tablename__]
_T_STYLE: sa.Table = _TABLES[LayerStyle.__tablename__]


@dataclass
class Store:
    """An open store: its SQLAlchemy engine and how to name it in messages.

    Attributes
    ----------
    engine
        The engine (SQLite with ``BEGIN IMMEDIATE`` transactions, or psycopg 3).
    url
        Its URL.
    label
        The path, or the URL with the password hidden.
    """

    engine: Engine
    url: URL
    label: str

    @property
    def backend(self) -> str:
        """``geopackage`` or ``postgis``."""
        return "postgis" if self.url.get_backend_name() == "postgresql" else "geopackage"

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_store(target: str | Path, *, create: bool = False) -> Store:
    """Open the store named by ``target`` (a ``.gpkg`` path or a ``postgresql://`` URL).

    Parameters
    ----------
    target
        The path of a GeoPackage store, or a PostgreSQL URL (parts left out come from
        ``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGPASSWORD``, ``PGDATABASE``...).
    create
        Create a missing GeoPackage file (``eipgeo db init``); otherwise it must exist.

    Returns
    -------
    Store

    Raises
    ------
    UsageError
        ``target`` is neither a ``.gpkg`` path nor a PostgreSQL URL.
    InputReadError
        The file is missing (and ``create`` is false), or the server cannot be reached.
    """
    text = str(target)
    if _postgis.is_url(text):
        url = _postgis.postgres_url(text)
        label = _postgis.redacted(url)
        engine = sa.create_engine(url, pool_pre_ping=True)
        try:
            with engine.connect():
                pass
        except sa.exc.DBAPIError as exc:
            engine.dispose()
            raise InputReadError(
                f"{label}: cannot connect to the PostGIS store "
                f"({_first_line(exc)}); check the URL, or the PGHOST, PGPORT, "
                "PGUSER, PGPASSWORD and PGDATABASE variables"
            ) from exc
        return Store(engine, url, label)
    path = Path(text).expanduser()
    if path.suffix.lower() != ".gpkg":
        raise UsageError(
            f"{text}: a store is a GeoPackage file (*.gpkg) or a postgresql:// "
            "URL; give e.g. monitoring.gpkg or postgresql://user@host/db"
        )
    if not path.is_file() and not create:
        raise InputReadError(f"{path}: no such store; create it with `eipgeo db init {path}`")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    url = URL.create("sqlite", database=str(path.resolve()))
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    sa.event.listen(engine, "connect", _gpkg.connect_sqlite)
    sa.event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return Store(engine, url, str(path))


def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    """Return the newest migration's revision id (the schema this eipgeo writes)."""
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)  # type: ignore[arg-type]
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def revision(store: Store) -> str | None:
    """Return the store's schema revision, or ``None`` for an empty database or file.

    Parameters
    ----------
    store
        An open store (:func:`open_store`).

    Returns
    -------
    str or None
        The Alembic revision id the store is at.
    """
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        _postgis.lock_for_load(conn)


def init_store(target: str | Path) -> tuple[str, str | None, str]:
    """Create the store, or upgrade it to the newest schema, and write its QGIS styles.

    Runs the Alembic migrations from the store's revision up to the head, in one
    transaction. Idempotent: a store already at the head only gets its styles rewritten.

    Parameters
    ----------
    target
        The path of a GeoPackage store (created if missing) or a PostgreSQL URL, as
        :func:`open_store` takes it.

    Returns
    -------
    tuple of (str, str or None, str)
        The store's label (path, or URL without password), the revision before
        (``None``: empty) and the revision after.

    Raises
    ------
    InputReadError
        The store cannot be opened, or the migration failed (e.g. the PostGIS extension
        is missing and the role may not create it); nothing is changed then.
    UsageError
        ``target`` is neither a ``.gpkg`` path nor a PostgreSQL URL.
    """
    from alembic import command

    store = open_store(target, create=True)
    try:
        before = revision(store)
        with store.engine.begin() as conn:
            _lock(conn)
            try:
                command.upgrade(_alembic_config(conn), "head")
            except sa.exc.DBAPIError as exc:
                hint = (
                    "ask the server's administrator to run CREATE EXTENSION postgis in "
                    "this database"
                    if "postgis" in str(exc).lower()
                    else "check that the role may create tables in this database"
                )
                raise InputReadError(
                    f"{store.label}: cannot create the store's schema ({_first_line(exc)}); {hint}"
                ) from exc
            _write_store_styles(conn)
        return store.label, before, head_revision()
    finally:
        store.close()


def _write_store_styles(conn: Connection) -> None:
    """(Re)write the default style of the store's spatial layer (enterprises)."""
    table = _T_STYLE
    if conn.dialect.name == "postgresql":
        catalog, schema = conn.execute(sa.text("SELECT current_database(), current_schema()")).one()
    else:
        catalog, schema = "", ""
    name = "eipgeo enterprises"
    conn.execute(
        table.update().where(table.c.f_table_name == "enterprises").values(useasdefault=False)
    )
    conn.execute(
        table.delete().where((table.c.f_table_name == "enterprises") & (table.c.stylename == name))
    )
    values: dict[str, Any] = {
        "f_table_catalog": catalog,
        "f_table_schema": schema,
        "f_table_name": "enterprises",
        "f_geometry_column": "geom",
        "stylename": name,
        "styleqml": styles.enterprises_qml(),
        "stylesld": "",
        "useasdefault": True,
        "description": "eipgeo: enterprises by sector, as on the map",
        "owner": "eipgeo",
        "ui": "",
        "type": "Point",
    }
    if conn.dialect.name == "sqlite":  # PostgreSQL fills it (QGIS's column default)
        values["update_time"] = _utc_now()
    if conn.dialect.name == "postgresql":
        stmt = sa.text(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, "
            "f_table_name, f_geometry_column, stylename, styleqml, stylesld, "
            "useasdefault, description, owner, ui, type) VALUES (:f_table_catalog, "
            ":f_table_schema, :f_table_name, :f_geometry_column, :stylename, "
            "XMLPARSE(DOCUMENT :styleqml), NULL, :useasdefault, :description, "
            ":owner, NULL, :type)"
        )
        conn.execute(stmt, values)
    else:
        conn.execute(table.insert().values(**values))


def _require_schema(conn: Connection, label: str) -> None:
    from alembic.runtime.migration import MigrationContext

    current = MigrationContext.configure(conn).get_current_revision()
    if current != head_revision():
        what = (
            "is not an eipgeo store yet"
            if current is None
            else f"has schema revision {current}, not {head_revision()}"
        )
        raise UsageError(f"{label}: the store {what}; run `eipgeo db init {label}` first")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _user(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "unknown")


def _hash(values: list[Any]) -> str:
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode("utf-8")).hexdigest()


def validate_results(park: parks.Park, path: str | Path) -> pd.DataFrame:
    """Read and check a monitoring file for ``park`` exactly as ``eipgeo monitor`` does.

    Both call :func:`eipgeo.scenario.monitoring.read_park_results`.

    Parameters
    ----------
    park
        The park.
    path
        The monitoring file (CSV or XLSX).

    Returns
    -------
    pandas.DataFrame
        :func:`eipgeo.scenario.monitoring.read_results`' frame.

    Raises
    ------
    InputReadError, ValidationError
        As :func:`eipgeo.scenario.monitoring.read_results`.
    """
    return monitoring.read_park_results(park, path)


@dataclass
class LoadSummary:
    """What a load did.

    Attributes
    ----------
    store, park, source_file
        Where to, which park, from which file.
    load_id
        The ``loads`` row written, or ``None`` when nothing changed.
    rows_read, added, superseding, unchanged
        Rows of the file; records added under a new key; records added that supersede
        the current record of their key; rows identical to the current record.
    enterprises_added, enterprises_superseding
        Enterprise rows added (new sites; moved or renamed sites).
    """

    store: str
    park: str
    source_file: str
    load_id: int | None
    rows_read: int
    added: int = 0
    superseding: int = 0
    unchanged: int = 0
    enterprises_added: int = 0
    enterprises_superseding: int = 0
    notes: list[str] = field(default_factory=list)


def _park_row(park: parks.Park) -> dict[str, Any]:
    return {
        "slug": park.slug,
        "name": park.name,
        "province": park.meta.province,
        "kind": park.kind,
        "source_file": str(park.folder / "park.json"),
    }


def _enterprise_rows(park: parks.Park) -> list[dict[str, Any]]:
    """Return the park's enterprises as store rows (located as the map locates them)."""
    if park.enterprises.empty or "id" not in park.enterprises:
        return []
    placed = parks.place_enterprises(park, parks.read_boundary(park))
    out = []
    for i, (_, row) in enumerate(placed.iterrows()):
        isic = str(row.get("isic4_class", "") or "")
        sector = SECTORS[sector_index(isic, row.get("sector"), row.get("source_type"))][0]
        lon, lat = float(row["lon"]), float(row["lat"])
        values = {
            "site_id": str(row["id"]),
            "name": str(row.get("name", "") or ""),
            "sector": sector,
            "isic4_class": isic,
            "location_quality": str(row["location_quality"]),
            "source_row": i + 2,
            "geom": Point(lon, lat),
        }
        values["row_hash"] = _hash(
            [values["site_id"], values["name"], sector, isic, values["location_quality"], lon, lat]
        )
        out.append(values)
    return out


def _record_values(rec: dict[str, Any], park_slug: str) -> dict[str, Any]:
    """Return one validated results row as a ``monitoring_records`` row (no provenance)."""
    values = {k: rec[k] for k in _KEY}
    values["year"] = int(values["year"])
    values["quantity_t"] = float(rec["quantity_t"])
    values["note"] = str(rec["note"])
    values["source_row"] = int(rec["row"])
    values["row_hash"] = _hash(
        [park_slug, *[values[k] for k in _KEY], repr(values["quantity_t"]), values["note"]]
    )
    return values


def _current(
    conn: Connection, table: sa.Table, park_id: int | None, key: tuple[str, ...]
) -> dict[tuple[Any, ...], tuple[int, str]]:
    if park_id is None:
        return {}
    cols = [table.c[k] for k in key]
    rows = conn.execute(
        sa.select(table.c.id, table.c.row_hash, *cols).where(
            (table.c.park_id == park_id) & table.c.superseded_at.is_(None)
        )
    )
    return {tuple(r[2:]): (int(r[0]), str(r[1])) for r in rows}


def _plan(
    rows: list[dict[str, Any]],
    current: dict[tuple[Any, ...], tuple[int, str]],
    key: tuple[str, ...],
) -> tuple[list[dict[str, Any]], list[int | None], int]:
    """Split rows into those to write (with the id each supersedes, or None) and unchanged."""
    todo, replaces, unchanged = [], [], 0
    for values in rows:
        old = current.get(tuple(values[k] for k in key))
        if old is not None and old[1] == values["row_hash"]:
            unchanged += 1
            continue
        todo.append(values)
        replaces.append(None if old is None else old[0])
    return todo, replaces, unchanged


def _write_versions(
    conn: Connection,
    table: sa.Table,
    rows: list[dict[str, Any]],
    replaces: list[int | None],
    stamp: dict[str, Any],
    make: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    """Insert ``rows`` and supersede the rows they replace, CHUNK_ROWS at a time.

    The replaced rows first leave the current set (``superseded_at``), so that the partial
    unique index on current keys holds, then point at their successors (``superseded_by``).
    """
    now = stamp["loaded_at"]
    for start in range(0, len(rows), CHUNK_ROWS):
        part = rows[start : start + CHUNK_ROWS]
        old = replaces[start : start + CHUNK_ROWS]
        values = [{**(make(r) if make else r), **stamp, "valid_from": now} for r in part]
        gone = [o for o in old if o is not None]
        if gone:
            conn.execute(table.update().where(table.c.id.in_(gone)).values(superseded_at=now))
        ids = (
            conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True), values)
            .scalars()
            .all()
        )
        links = [{"old": o, "new": n} for o, n in zip(old, ids, strict=True) if o is not None]
        if links:
            conn.execute(
                table.update()
                .where(table.c.id == sa.bindparam("old"))
                .values(superseded_by=sa.bindparam("new")),
                links,
            )


def _interventions(results: pd.DataFrame, park_slug: str) -> list[dict[str, Any]]:
    """Return one registry row per intervention id the results name (no kind, no promise)."""
    named = results[results["intervention_id"] != ""]
    out = []
    for iid, part in named.groupby("intervention_id", sort=True):
        codes = sorted(set(part["waste_code"]) - {""})
        values = {
            "intervention_id": str(iid),
            "kind": "",
            "site_ids": ";".join(sorted(set(part["site_id"]))),
            "waste_code": codes[0] if len(codes) == 1 else "",
            "start_year": None,
            "promised_t_per_yr": None,
            "promised_co2e_change_kg_per_yr": None,
            "promised_net_vnd_per_yr": None,
            "source_row": int(part["row"].min()),
        }
        values["row_hash"] = _hash(
            [park_slug, values["intervention_id"], "", "", "", None, None, None, None]
        )
        out.append(values)
    return out


def load_results(
    target: str | Path, park: str | parks.Park, results: str | Path, *, by: str | None = None
) -> LoadSummary:
    """Validate a monitoring file, then load it into the store in one transaction.

    Parameters
    ----------
    target
        The store (``.gpkg`` path or ``postgresql://`` URL), already initialised.
    park
        The park (slug, park folder, or a loaded :class:`eipgeo.parks.Park`).
    results
        The monitoring file (CSV or XLSX, the template of ``eipgeo monitor``).
    by
        Who loads it (``loaded_by``); default the operating-system user.

    Returns
    -------
    LoadSummary
        ``load_id`` is ``None`` when the file added nothing (a second load of the same file).

    Raises
    ------
    ValidationError
        The file has errors (each a problem with its row and column); nothing is loaded.
    InputReadError, UsageError
        The file or the store cannot be read, or the store is not initialised.
    """
    the_park = park if isinstance(park, parks.Park) else parks.load_park(park)
    path = Path(results)
    rows = validate_results(the_park, path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    records = [
        _record_values({str(k): v for k, v in r.items()}, the_park.slug)
        for r in rows.to_dict("records")
    ]
    enterprises = _enterprise_rows(the_park)
    registry = _interventions(rows, the_park.slug)
    store = open_store(target)
    summary = LoadSummary(store.label, the_park.slug, str(path), None, len(records))
    try:
        with store.engine.connect() as conn, _transaction(conn) as commit:
            _lock(conn)
            _require_schema(conn, store.label)
            park_id = conn.execute(
                sa.select(_T_PARK.c.id).where(_T_PARK.c.slug == the_park.slug)
            ).scalar()
            rec_todo, rec_old, summary.unchanged = _plan(
                records, _current(conn, _T_REC, park_id, _KEY), _KEY
            )
            ent_todo, ent_old, _ = _plan(
                enterprises, _current(conn, _T_ENT, park_id, ("site_id",)), ("site_id",)
            )
            iv_current = _current(conn, _T_IV, park_id, ("intervention_id",))
            iv_todo = [v for v in registry if (v["intervention_id"],) not in iv_current]
            summary.superseding = sum(o is not None for o in rec_old)
            summary.added = len(rec_todo) - summary.superseding
            summary.enterprises_superseding = sum(o is not None for o in ent_old)
            summary.enterprises_added = len(ent_todo) - summary.enterprises_superseding
            if not (rec_todo or ent_todo or iv_todo):
                return summary  # nothing new: the transaction is rolled back, no load row
            now, user = _utc_now(), _user(by)
            if park_id is None:
                park_id = conn.execute(
                    _T_PARK.insert().returning(_T_PARK.c.id),
                    {**_park_row(the_park), "loaded_by": user, "loaded_at": now},
                ).scalar_one()
            load_id = conn.execute(
                _T_LOAD.insert().returning(_T_LOAD.c.id),
                {
                    "park_id": park_id,
                    "kind": "monitoring_results",
                    "loaded_by": user,
                    "source_file": str(path),
                    "source_sha256": digest,
                    "loaded_at": now,
                    "rows_read": len(records),
                    "rows_added": summary.added,
                    "rows_superseding": summary.superseding,
                    "rows_unchanged": summary.unchanged,
                    "eipgeo_version": _VERSION,
                },
            ).scalar_one()
            stamp = {"park_id": park_id, "load_id": load_id, "loaded_by": user, "loaded_at": now}
            ent_file = str(the_park.folder / "enterprises.csv")
            _write_versions(conn, _T_ENT, ent_todo, ent_old, {**stamp, "source_file": ent_file})
            _write_versions(
                conn,
                _T_REC,
                rec_todo,
                rec_old,
                {**stamp, "source_file": str(path)},
                make=_record_row,
            )
            _write_versions(
                conn, _T_IV, iv_todo, [None] * len(iv_todo), {**stamp, "source_file": str(path)}
            )
            summary.load_id = load_id
            commit()
    except sa.exc.OperationalError as exc:
        raise InputReadError(
            f"{store.label}: the load failed and nothing was written "
            f"({_first_line(exc)}); retry, or check the store"
        ) from exc
    finally:
        store.close()
    return summary


def _record_row(values: dict[str, Any]) -> dict[str, Any]:
    """Return the row written for one record (a hook the tests use to fail a load)."""
    return values


@contextmanager
def _transaction(conn: Connection) -> Iterator[Callable[[], None]]:
    """Begin a transaction; commit only when the body calls the yielded function."""
    trans = conn.begin()
    done = [False]

    def commit() -> None:
        trans.commit()
        done[0] = True

    try:
        yield commit
    finally:
        if not done[0] and trans.is_active:
            trans.rollback()


def _park_id(conn: Connection, label: str, park_slug: str) -> int:
    park_id = conn.execute(sa.select(_T_PARK.c.id).where(_T_PARK.c.slug == park_slug)).scalar()
    if park_id is None:
        problem = Problem(
            f"park '{park_slug}' has no records in the store; load them with "
            f"`eipgeo db load {label} --park {park_slug} --results FILE`",
            "no_rows",
            label,
        )
        raise ValidationError(problem.to_line(), [problem])
    return int(park_id)


def read_records(target: str | Path | Store, park_slug: str) -> pd.DataFrame:
    """Return a park's current records, in the frame that ``read_results`` gives.

    Parameters
    ----------
    target
        The store, or an open :class:`Store`.
    park_slug
        The park.

    Returns
    -------
    pandas.DataFrame
        :data:`eipgeo.scenario.monitoring.RESULT_COLUMNS` (``row`` = the source row), sorted by
        year and row (then by load), with the same dtypes as the file-based reader.

    Raises
    ------
    ValidationError
        The store has no records of ``park_slug`` (code ``no_rows``).
    """
    store = target if isinstance(target, Store) else open_store(target)
    try:
        t = _T_REC
        with store.engine.connect() as conn:
            _require_schema(conn, store.label)
            park_id = _park_id(conn, store.label, park_slug)
            rows = conn.execute(
                sa.select(
                    t.c.source_row,
                    t.c.year,
                    t.c.site_id,
                    t.c.record,
                    t.c.waste_code,
                    t.c.intervention_id,
                    t.c.partner_id,
                    t.c.quantity_t,
                    t.c.note,
                )
                .where((t.c.park_id == park_id) & t.c.superseded_at.is_(None))
                .order_by(t.c.year, t.c.source_row, t.c.id)
            ).all()
    finally:
        if not isinstance(target, Store):
            store.close()
    if not rows:
        problem = Problem(
            f"park '{park_slug}' has no current records in the store", "no_rows", store.label
        )
        raise ValidationError(problem.to_line(), [problem])
    frame = pd.DataFrame([tuple(r) for r in rows], columns=monitoring.RESULT_COLUMNS)
    frame["row"] = frame["row"].astype("int64")
    frame["year"] = frame["year"].astype("int64")
    frame["quantity_t"] = frame["quantity_t"].astype("float64")
    return frame


def _number(value: Any) -> float | None:
    """Return ``value`` as a float, or None when it is blank or not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def _promise_rows(promises: pd.DataFrame, park_slug: str) -> list[dict[str, Any]]:
    """Return ``interventions`` rows holding a scenario's promises (PROMISE_COLUMNS)."""
    out = []
    for rec in promises.to_dict("records"):
        values: dict[str, Any] = {
            "intervention_id": str(rec["intervention_id"]),
            "kind": str(rec["kind"] or ""),
            "site_ids": str(rec["site_ids"] or ""),
            "waste_code": str(rec["waste_code"] or ""),
            "source_row": None,
        }
        start = _number(rec.get("start_year"))
        values["start_year"] = None if start is None else int(start)
        for col in (
            "promised_t_per_yr",
            "promised_co2e_change_kg_per_yr",
            "promised_net_vnd_per_yr",
        ):
            values[col] = _number(rec.get(col))
        values["row_hash"] = _hash(
            [
                park_slug,
                *[
                    values[k]
                    for k in (
                        "intervention_id",
                        "kind",
                        "site_ids",
                        "waste_code",
                        "start_year",
                        "promised_t_per_yr",
                        "promised_co2e_change_kg_per_yr",
                        "promised_net_vnd_per_yr",
                    )
                ],
            ]
        )
        out.append(values)
    return out


def record_run(
    target: str | Path,
    result: monitoring.MonitoringResult,
    *,
    target_name: str,
    out_dir: str | Path,
    on_track_pct: float,
    by: str | None = None,
    promises: pd.DataFrame | None = None,
) -> int:
    """Keep the key results of one monitoring run (its last year) in ``runs``.

    With a scenario's ``promises``, each intervention's promise is kept in
    ``interventions`` too (a changed promise supersedes the row; ``source_file`` is the
    scenario file).

    Parameters
    ----------
    target
        The store the records were read from.
    result
        :func:`eipgeo.scenario.monitoring.monitor`'s result.
    target_name
        What the run was given (park slug or scenario file).
    out_dir
        Where its outputs went.
    on_track_pct
        Its on-track share (%).
    by
        Who ran it; default the operating-system user.
    promises
        :data:`eipgeo.scenario.monitoring.PROMISE_COLUMNS` of the scenario, or ``None``.

    Returns
    -------
    int
        The ``runs`` row id.
    """
    park = result.park
    last = park.iloc[-1] if len(park) else None
    latest = (
        result.intervention[result.intervention["year"] == last["year"]]
        if last is not None
        else result.intervention.iloc[:0]
    )
    counts = latest["status"].value_counts().sort_index()

    def num(col: str) -> float | None:
        if last is None or pd.isna(last[col]):
            return None
        return float(last[col])

    store = open_store(target)
    try:
        with store.engine.begin() as conn:
            _lock(conn)
            _require_schema(conn, store.label)
            park_id = _park_id(conn, store.label, result.park_slug)
            now, user = _utc_now(), _user(by)
            if promises is not None and len(promises):
                todo, old, _ = _plan(
                    _promise_rows(promises, result.park_slug),
                    _current(conn, _T_IV, park_id, ("intervention_id",)),
                    ("intervention_id",),
                )
                _write_versions(
                    conn,
                    _T_IV,
                    todo,
                    old,
                    {
                        "park_id": park_id,
                        "load_id": None,
                        "loaded_by": user,
                        "loaded_at": now,
                        "source_file": target_name,
                    },
                )
            return int(
                conn.execute(
                    _T_RUN.insert().returning(_T_RUN.c.id),
                    {
                        "park_id": park_id,
                        "run_by": user,
                        "run_at": now,
                        "target": target_name,
                        "records_read": len(result.results),
                        "first_year": None if last is None else int(park["year"].min()),
                        "last_year": None if last is None else int(last["year"]),
                        "baseline_t_per_yr": num("baseline_t_per_yr"),
                        "monitored_t_per_yr": num("monitored_t_per_yr"),
                        "change_pct": num("change_pct"),
                        "statuses": ",".join(f"{k}:{v}" for k, v in counts.items()),
                        "on_track_pct": float(on_track_pct),
                        "out_dir": str(out_dir),
                        "eipgeo_version": _VERSION,
                    },
                ).scalar_one()
            )
    finally:
        store.close()
