"""The first schema of the monitoring store (issue 25).

Tables parks, loads, enterprises (points, EPSG:4326), interventions, monitoring_records,
runs and QGIS's layer_styles; views waste_streams and exchanges (the current ``stream``
and ``exchange`` records). SQLite: the GeoPackage metadata tables, and every table and
view registered in ``gpkg_contents``. PostgreSQL: the postgis extension and a GiST index
on the enterprises' points.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eipgeo.store import _gpkg
from eipgeo.store.schema import Point4326, UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_CURRENT = sa.text("superseded_at IS NULL")


def _provenance() -> list[sa.Column[object]]:
    return [
        sa.Column("loaded_by", sa.Text, nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("source_row", sa.Integer),
        sa.Column("loaded_at", UtcDateTime, nullable=False),
        sa.Column("load_id", sa.Integer, sa.ForeignKey("loads.id")),
    ]


def _versioned(table: str) -> list[sa.Column[object]]:
    return [
        *_provenance(),
        sa.Column("row_hash", sa.Text, nullable=False),
        sa.Column("valid_from", UtcDateTime, nullable=False),
        sa.Column("superseded_at", UtcDateTime),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey(f"{table}.id")),
    ]


def _current_index(name: str, table: str, columns: list[str]) -> None:
    op.create_index(
        name, table, columns, unique=True, sqlite_where=_CURRENT, postgresql_where=_CURRENT
    )


# QGIS's own DDL for the table (QGIS 3.x: OGR provider for GeoPackage, PostgreSQL provider).
_LAYER_STYLES_GPKG = """CREATE TABLE layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, f_table_catalog TEXT(256),
    f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
    styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN,
    description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), type TEXT)"""
_LAYER_STYLES_PG = """CREATE TABLE IF NOT EXISTS layer_styles (
    id SERIAL PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar,
    f_table_name varchar, f_geometry_column varchar, styleName text, styleQML xml,
    styleSLD xml, useAsDefault boolean, description text,
    owner varchar(63) DEFAULT CURRENT_USER, ui xml,
    update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)"""

_VIEWS = {
    "waste_streams": ("Current measured streams: t of a waste code at a site in a year", "stream"),
    "exchanges": (
        "Current exchanges delivered: t from a supplier to partner_id in a year",
        "exchange",
    ),
}

_DESCRIPTIONS = {
    "parks": "Parks of the store",
    "loads": "Each load of a file: who, which file (SHA-256), when, rows added",
    "enterprises": "Enterprises (points, EPSG:4326); a move supersedes the row",
    "interventions": "Interventions named by the results, with their promise when known",
    "monitoring_records": "Monitoring template rows, every version (superseded_by)",
    "runs": "Key results of each eipgeo monitor --db run",
    "layer_styles": "QGIS default layer styles",
}


def _tables() -> None:
    op.create_table(
        "parks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("province", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("loaded_by", sa.Text, nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("loaded_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "loads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("park_id", sa.Integer, sa.ForeignKey("parks.id"), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("loaded_by", sa.Text, nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("source_sha256", sa.Text, nullable=False),
        sa.Column("loaded_at", UtcDateTime, nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("rows_added", sa.Integer, nullable=False),
        sa.Column("rows_superseding", sa.Integer, nullable=False),
        sa.Column("rows_unchanged", sa.Integer, nullable=False),
        sa.Column("eipgeo_version", sa.Text, nullable=False),
    )
    op.create_table(
        "enterprises",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("park_id", sa.Integer, sa.ForeignKey("parks.id"), nullable=False),
        sa.Column("site_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sector", sa.Text, nullable=False),
        sa.Column("isic4_class", sa.Text, nullable=False),
        sa.Column("location_quality", sa.Text, nullable=False),
        sa.Column("geom", Point4326),
        *_versioned("enterprises"),
    )
    _current_index("ix_enterprises_current", "enterprises", ["park_id", "site_id"])
    op.create_table(
        "interventions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("park_id", sa.Integer, sa.ForeignKey("parks.id"), nullable=False),
        sa.Column("intervention_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("site_ids", sa.Text, nullable=False),
        sa.Column("waste_code", sa.Text, nullable=False),
        sa.Column("start_year", sa.Integer),
        sa.Column("promised_t_per_yr", sa.Double),
        sa.Column("promised_co2e_change_kg_per_yr", sa.Double),
        sa.Column("promised_net_vnd_per_yr", sa.Double),
        *_versioned("interventions"),
    )
    _current_index("ix_interventions_current", "interventions", ["park_id", "intervention_id"])
    op.create_table(
        "monitoring_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("park_id", sa.Integer, sa.ForeignKey("parks.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("site_id", sa.Text, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("waste_code", sa.Text, nullable=False),
        sa.Column("intervention_id", sa.Text, nullable=False),
        sa.Column("partner_id", sa.Text, nullable=False),
        sa.Column("quantity_t", sa.Double, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_versioned("monitoring_records"),
    )
    _current_index(
        "ix_monitoring_records_current",
        "monitoring_records",
        ["park_id", "year", "record", "site_id", "waste_code", "intervention_id", "partner_id"],
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("park_id", sa.Integer, sa.ForeignKey("parks.id"), nullable=False),
        sa.Column("run_by", sa.Text, nullable=False),
        sa.Column("run_at", UtcDateTime, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("records_read", sa.Integer, nullable=False),
        sa.Column("first_year", sa.Integer),
        sa.Column("last_year", sa.Integer),
        sa.Column("baseline_t_per_yr", sa.Double),
        sa.Column("monitored_t_per_yr", sa.Double),
        sa.Column("change_pct", sa.Double),
        sa.Column("statuses", sa.Text, nullable=False),
        sa.Column("on_track_pct", sa.Double, nullable=False),
        sa.Column("out_dir", sa.Text, nullable=False),
        sa.Column("eipgeo_version", sa.Text, nullable=False),
    )


def upgrade() -> None:
    """Create the schema (and, in SQLite, make the file a GeoPackage)."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    else:
        for statement in _gpkg.metadata_sql():
            op.execute(statement)
    _tables()
    for view, (_, record) in _VIEWS.items():
        op.execute(
            f"CREATE VIEW {view} AS SELECT r.id, p.slug AS park, r.year, r.site_id, "
            "r.waste_code, r.intervention_id, r.partner_id, r.quantity_t, r.note, "
            "r.source_file, r.source_row, r.loaded_by, r.loaded_at "
            "FROM monitoring_records r JOIN parks p ON p.id = r.park_id "
            f"WHERE r.record = '{record}' AND r.superseded_at IS NULL"
        )
    if dialect == "postgresql":
        op.execute(_LAYER_STYLES_PG)
        op.create_index("ix_enterprises_geom", "enterprises", ["geom"], postgresql_using="gist")
        return
    op.execute(_LAYER_STYLES_GPKG)
    for table, description in _DESCRIPTIONS.items():
        geometry = ("geom", "POINT") if table == "enterprises" else None
        for statement in _gpkg.register_sql(table, description, geometry=geometry):
            op.execute(statement)
    for view, (description, _) in _VIEWS.items():
        for statement in _gpkg.register_sql(view, description):
            op.execute(statement)


def downgrade() -> None:
    """Drop the schema (``layer_styles`` stays: QGIS may keep other styles in it)."""
    dialect = op.get_bind().dialect.name
    for view in _VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    for table in ("runs", "monitoring_records", "interventions", "enterprises", "loads", "parks"):
        op.drop_table(table)
    if dialect == "sqlite":
        op.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'enterprises'")
        names = ", ".join(f"'{t}'" for t in [*_DESCRIPTIONS, *_VIEWS] if t != "layer_styles")
        op.execute(f"DELETE FROM gpkg_contents WHERE table_name IN ({names})")
