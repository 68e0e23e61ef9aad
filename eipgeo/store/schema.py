"""The monitoring store's schema: SQLAlchemy 2 models, one per table.

Every table but ``layer_styles`` keeps where each row came from (``loaded_by``,
``source_file``, ``source_row``, ``loaded_at`` in UTC, and the ``load_id`` of the load
that wrote it). Records that can be corrected (enterprises, interventions, monitoring
records) are never updated in place nor deleted: a correction is a new row, and the old
one gets ``superseded_by`` (the new row's id) and ``superseded_at``. The current rows are
those whose ``superseded_at`` (and ``superseded_by``) is null; a partial unique index keeps
one current row per natural key.

The same models serve both backends: :class:`UtcDateTime` and :class:`Point4326` pick a
column type per dialect (an ISO 8601 ``DATETIME`` and a GeoPackage ``POINT`` blob in
SQLite; ``timestamptz`` and a PostGIS ``geometry(POINT, 4326)`` in PostgreSQL). The
tables are created by the Alembic migrations in ``eipgeo/store/migrations/``, never by
``metadata.create_all``; ``tests/test_store.py`` checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry
from shapely import Point
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import TypeDecorator, TypeEngine, UserDefinedType

from eipgeo.store import _gpkg

__all__ = [
    "CURRENT_TABLES",
    "Base",
    "Enterprise",
    "Intervention",
    "LayerStyle",
    "Load",
    "MonitoringRecord",
    "Park",
    "Point4326",
    "Run",
    "UtcDateTime",
]

SRID = 4326
"""Every geometry of the store is in WGS 84 longitude/latitude (EPSG:4326)."""


class _GpkgDateTime(UserDefinedType[str]):
    """SQLite column declared ``DATETIME``, holding GeoPackage's ISO 8601 text."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "DATETIME"


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment in UTC: ``timestamptz`` in PostgreSQL, ISO 8601 text in SQLite.

    The SQLite form is GeoPackage's ``DATETIME``, ``YYYY-MM-DDTHH:MM:SS.SSSZ`` (UTC, to the
    millisecond). Naive datetimes are refused: every moment the store keeps is UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Return the dialect's column type.

        Parameters
        ----------
        dialect
            The SQLAlchemy dialect of the connection: ``sqlite`` or ``postgresql``.

        Returns
        -------
        sqlalchemy.types.TypeEngine
            ``DATETIME`` (GeoPackage text) for SQLite, ``timestamptz`` otherwise.
        """
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_GpkgDateTime())
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | str | None:
        """Check that ``value`` is aware; give it in UTC (as GeoPackage text for SQLite).

        Parameters
        ----------
        value
            The moment to store, timezone-aware; ``None`` stores NULL.
        dialect
            The SQLAlchemy dialect of the connection: ``sqlite`` or ``postgresql``.

        Returns
        -------
        datetime.datetime or str or None
            The moment in UTC; for SQLite as ``YYYY-MM-DDTHH:MM:SS.SSSZ`` text.

        Raises
        ------
        ValueError
            ``value`` is a naive datetime.
        """
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store keeps UTC moments only; give an aware datetime")
        value = value.astimezone(dt.timezone.utc)
        if dialect.name == "sqlite":
            return value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        return value

    def process_result_value(
        self, value: dt.datetime | str | None, dialect: Dialect
    ) -> dt.datetime | None:
        """Return an aware UTC datetime.

        Parameters
        ----------
        value
            The stored value: a datetime (PostgreSQL), ISO 8601 text (SQLite) or ``None``.
            A naive value is read as UTC.
        dialect
            The SQLAlchemy dialect of the connection: ``sqlite`` or ``postgresql``.

        Returns
        -------
        datetime.datetime or None
            In UTC; ``None`` for NULL.
        """
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class _GpkgPointType(UserDefinedType[bytes]):
    """SQLite column declared ``POINT``, as a GeoPackage feature table declares it."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "POINT"


class Point4326(TypeDecorator[Point]):
    """A point in EPSG:4326, read and written as a :class:`shapely.Point`.

    PostgreSQL: GeoAlchemy2's ``geometry(POINT, 4326)``. SQLite: a GeoPackage geometry
    blob (:mod:`eipgeo.store._gpkg`) in a column declared ``POINT``, so that the file is
    a GeoPackage feature table that QGIS and GDAL open without SpatiaLite.
    """

    impl = sa.LargeBinary
    cache_ok = True
    # What GeoAlchemy2's table-creation events ask of a geometry column type: the GiST
    # index is created by the migration itself.
    geometry_type = "POINT"
    srid = SRID
    dimension = 2
    spatial_index = False
    use_N_D_index = False
    use_typmod = None
    nullable = True

    def load_dialect_impl(self, dialect: Dialect | None) -> TypeEngine[Any]:
        """Return the dialect's column type (GeoAlchemy2 asks with no dialect: Geometry).

        Parameters
        ----------
        dialect
            The SQLAlchemy dialect (``sqlite`` or ``postgresql``), or ``None``.

        Returns
        -------
        sqlalchemy.types.TypeEngine
            ``geometry(POINT, 4326)`` for PostgreSQL and for ``None``; a column declared
            ``POINT`` for SQLite.
        """
        if dialect is None:
            return Geometry("POINT", srid=SRID, spatial_index=False)
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Geometry("POINT", srid=SRID, spatial_index=False))
        return dialect.type_descriptor(_GpkgPointType())

    def bind_expression(self, bindvalue: Any) -> Any:
        """Wrap the bound EWKB in ``ST_GeomFromEWKB`` (PostgreSQL; SQLite takes the blob).

        Parameters
        ----------
        bindvalue
            The bound parameter SQLAlchemy passes in.

        Returns
        -------
        sqlalchemy.sql.expression.FunctionElement
            The expression each dialect compiles.
        """
        return _PointBind(bindvalue, type_=self)

    def column_expression(self, colexpr: Any) -> Any:
        """Read the column as EWKB (PostgreSQL) or the GeoPackage blob (SQLite).

        Parameters
        ----------
        colexpr
            The column expression SQLAlchemy passes in.

        Returns
        -------
        sqlalchemy.sql.expression.FunctionElement
            The expression each dialect compiles.
        """
        return _PointColumn(colexpr, type_=self)

    def process_bind_param(self, value: Point | None, dialect: Dialect) -> bytes | None:
        """Return the point's EWKB (PostgreSQL) or GeoPackage blob (SQLite).

        Parameters
        ----------
        value
            The point, EPSG:4326 (x = longitude, y = latitude, degrees); ``None`` stores
            NULL.
        dialect
            The SQLAlchemy dialect of the connection: ``sqlite`` or ``postgresql``.

        Returns
        -------
        bytes or None
            EWKB with SRID 4326 (PostgreSQL), or a GeoPackage geometry blob (SQLite).
        """
        if value is None:
            return None
        if dialect.name == "postgresql":
            import shapely

            return bytes(shapely.to_wkb(shapely.set_srid(value, SRID), include_srid=True))
        return _gpkg.point_blob(value, SRID)

    def process_result_value(self, value: Any, dialect: Dialect) -> Point | None:
        """Return the stored point as a :class:`shapely.Point`.

        Parameters
        ----------
        value
            The stored value: EWKB (bytes, hex text or GeoAlchemy2's ``WKBElement``) for
            PostgreSQL, a GeoPackage blob for SQLite; ``None`` for NULL.
        dialect
            The SQLAlchemy dialect of the connection: ``sqlite`` or ``postgresql``.

        Returns
        -------
        shapely.Point or None
            EPSG:4326 (x = longitude, y = latitude, degrees).
        """
        if value is None:
            return None
        import shapely

        value = getattr(value, "data", value)  # GeoAlchemy2's WKBElement (PostgreSQL)
        raw = bytes.fromhex(value) if isinstance(value, str) else bytes(value)
        if dialect.name == "postgresql":
            geom = shapely.from_wkb(raw)
        else:
            geom = _gpkg.read_blob(raw)
        assert isinstance(geom, Point)
        return geom


class _PointBind(FunctionElement[Any]):
    """The bound value of a :class:`Point4326`, as each dialect takes it."""

    inherit_cache = True
    name = "eipgeo_point_bind"

    def __init__(self, expr: Any, *, type_: TypeEngine[Any]) -> None:
        super().__init__(expr)
        self.type = type_


class _PointColumn(FunctionElement[Any]):
    """A :class:`Point4326` column, as each dialect returns it (typed, so it is processed)."""

    inherit_cache = True
    name = "eipgeo_point_column"

    def __init__(self, expr: Any, *, type_: TypeEngine[Any]) -> None:
        super().__init__(expr)
        self.type = type_


@compiles(_PointBind)
def _bind_default(element: _PointBind, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_PointBind, "postgresql")
def _bind_pg(element: _PointBind, compiler: Any, **kw: Any) -> str:
    return f"ST_GeomFromEWKB({compiler.process(element.clauses, **kw)})"


@compiles(_PointColumn)
def _column_default(element: _PointColumn, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_PointColumn, "postgresql")
def _column_pg(element: _PointColumn, compiler: Any, **kw: Any) -> str:
    return f"ST_AsEWKB({compiler.process(element.clauses, **kw)})"


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class _Provenance:
    """Who loaded a row, from which file and row, when, and in which load."""

    loaded_by: Mapped[str] = mapped_column(sa.Text, nullable=False)
    source_file: Mapped[str] = mapped_column(sa.Text, nullable=False)
    source_row: Mapped[int | None] = mapped_column(sa.Integer)
    loaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)

    @declared_attr
    def load_id(cls) -> Mapped[int | None]:  # noqa: N805 (declared_attr takes the class)
        """Return the column of the load that wrote the row (``loads.id``)."""
        return mapped_column(sa.ForeignKey("loads.id"))


class _Versioned(_Provenance):
    """A correctable record: superseded by a newer row, never updated nor deleted."""

    row_hash: Mapped[str] = mapped_column(sa.Text, nullable=False)
    valid_from: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class Load(Base):
    """One load of one file into the store (``eipgeo db load``)."""

    __tablename__ = "loads"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    park_id: Mapped[int] = mapped_column(sa.ForeignKey("parks.id"), nullable=False)
    kind: Mapped[str] = mapped_column(sa.Text, nullable=False)
    loaded_by: Mapped[str] = mapped_column(sa.Text, nullable=False)
    source_file: Mapped[str] = mapped_column(sa.Text, nullable=False)
    source_sha256: Mapped[str] = mapped_column(sa.Text, nullable=False)
    loaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)
    rows_read: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    rows_added: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    rows_superseding: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    rows_unchanged: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    eipgeo_version: Mapped[str] = mapped_column(sa.Text, nullable=False)


class Park(Base):
    """A park (by slug): its name, province and kind when first loaded."""

    __tablename__ = "parks"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(sa.Text, nullable=False, unique=True)
    name: Mapped[str] = mapped_column(sa.Text, nullable=False)
    province: Mapped[str] = mapped_column(sa.Text, nullable=False)
    kind: Mapped[str] = mapped_column(sa.Text, nullable=False)
    loaded_by: Mapped[str] = mapped_column(sa.Text, nullable=False)
    source_file: Mapped[str] = mapped_column(sa.Text, nullable=False)
    loaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)


class Enterprise(_Versioned, Base):
    """An enterprise of a park; a move or a renaming supersedes the row (location history)."""

    __tablename__ = "enterprises"
    __table_args__ = (
        sa.Index(
            "ix_enterprises_current",
            "park_id",
            "site_id",
            unique=True,
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    park_id: Mapped[int] = mapped_column(sa.ForeignKey("parks.id"), nullable=False)
    site_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    name: Mapped[str] = mapped_column(sa.Text, nullable=False)
    sector: Mapped[str] = mapped_column(sa.Text, nullable=False)
    isic4_class: Mapped[str] = mapped_column(sa.Text, nullable=False)
    location_quality: Mapped[str] = mapped_column(sa.Text, nullable=False)
    geom: Mapped[Point | None] = mapped_column(Point4326)
    superseded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("enterprises.id"))


class Intervention(_Versioned, Base):
    """An intervention named by a park's results; its promise once a scenario gives one."""

    __tablename__ = "interventions"
    __table_args__ = (
        sa.Index(
            "ix_interventions_current",
            "park_id",
            "intervention_id",
            unique=True,
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    park_id: Mapped[int] = mapped_column(sa.ForeignKey("parks.id"), nullable=False)
    intervention_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    kind: Mapped[str] = mapped_column(sa.Text, nullable=False)
    site_ids: Mapped[str] = mapped_column(sa.Text, nullable=False)
    waste_code: Mapped[str] = mapped_column(sa.Text, nullable=False)
    start_year: Mapped[int | None] = mapped_column(sa.Integer)
    promised_t_per_yr: Mapped[float | None] = mapped_column(sa.Double)
    promised_co2e_change_kg_per_yr: Mapped[float | None] = mapped_column(sa.Double)
    promised_net_vnd_per_yr: Mapped[float | None] = mapped_column(sa.Double)
    superseded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("interventions.id"))


class MonitoringRecord(_Versioned, Base):
    """One row of the monitoring template: a measured stream, an intervention or an exchange.

    The natural key is the template's (year, record, site, code, intervention, partner);
    absent parts are stored as ``''`` so that the key is comparable in SQL. The views
    ``waste_streams`` and ``exchanges`` show the current ``stream`` and ``exchange`` rows.
    """

    __tablename__ = "monitoring_records"
    __table_args__ = (
        sa.Index(
            "ix_monitoring_records_current",
            "park_id",
            "year",
            "record",
            "site_id",
            "waste_code",
            "intervention_id",
            "partner_id",
            unique=True,
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    park_id: Mapped[int] = mapped_column(sa.ForeignKey("parks.id"), nullable=False)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    site_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    record: Mapped[str] = mapped_column(sa.Text, nullable=False)
    waste_code: Mapped[str] = mapped_column(sa.Text, nullable=False)
    intervention_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    partner_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    quantity_t: Mapped[float] = mapped_column(sa.Double, nullable=False)
    note: Mapped[str] = mapped_column(sa.Text, nullable=False)
    superseded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("monitoring_records.id"))


class Run(Base):
    """The key results of one ``eipgeo monitor --db`` run (its last monitored year)."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    park_id: Mapped[int] = mapped_column(sa.ForeignKey("parks.id"), nullable=False)
    run_by: Mapped[str] = mapped_column(sa.Text, nullable=False)
    run_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)
    target: Mapped[str] = mapped_column(sa.Text, nullable=False)
    records_read: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    first_year: Mapped[int | None] = mapped_column(sa.Integer)
    last_year: Mapped[int | None] = mapped_column(sa.Integer)
    baseline_t_per_yr: Mapped[float | None] = mapped_column(sa.Double)
    monitored_t_per_yr: Mapped[float | None] = mapped_column(sa.Double)
    change_pct: Mapped[float | None] = mapped_column(sa.Double)
    statuses: Mapped[str] = mapped_column(sa.Text, nullable=False)
    on_track_pct: Mapped[float] = mapped_column(sa.Double, nullable=False)
    out_dir: Mapped[str] = mapped_column(sa.Text, nullable=False)
    eipgeo_version: Mapped[str] = mapped_column(sa.Text, nullable=False)


class LayerStyle(Base):
    """QGIS's ``layer_styles`` table: the default style of each spatial layer.

    The columns are those QGIS itself creates (QGIS 3.x, OGR and PostgreSQL providers),
    plus ``type`` (the geometry type), which QGIS's PostgreSQL provider adds when missing.
    Names are lower case here: QGIS creates the PostgreSQL table with unquoted
    (folded) ``styleName``, ``styleQML``...; SQLite matches names without regard to case.
    """

    __tablename__ = "layer_styles"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    f_table_catalog: Mapped[str | None] = mapped_column(sa.Text)
    f_table_schema: Mapped[str | None] = mapped_column(sa.Text)
    f_table_name: Mapped[str | None] = mapped_column(sa.Text)
    f_geometry_column: Mapped[str | None] = mapped_column(sa.Text)
    stylename: Mapped[str | None] = mapped_column(sa.Text)
    styleqml: Mapped[str | None] = mapped_column(sa.Text)
    stylesld: Mapped[str | None] = mapped_column(sa.Text)
    useasdefault: Mapped[bool | None] = mapped_column(sa.Boolean)
    description: Mapped[str | None] = mapped_column(sa.Text)
    owner: Mapped[str | None] = mapped_column(sa.Text)
    ui: Mapped[str | None] = mapped_column(sa.Text)
    update_time: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    type: Mapped[str | None] = mapped_column(sa.Text)


CURRENT_TABLES = (
    "parks",
    "loads",
    "enterprises",
    "interventions",
    "monitoring_records",
    "runs",
    "layer_styles",
)
"""The store's tables, in the order they can be filled (foreign keys first)."""
