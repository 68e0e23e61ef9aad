"""The GeoPackage backend: one SQLite file that is also a valid GeoPackage.

GeoAlchemy2's own GeoPackage dialect (``geoalchemy2.admin.dialects.geopackage``) needs
the SpatiaLite extension (``mod_spatialite``) loaded into SQLite, which Python's
``sqlite3`` does not ship. A single analyst should need nothing else installed, so this
module writes what the GeoPackage standard (OGC 12-128r18, version 1.3) asks for itself:

* the ``application_id`` ("GPKG") and ``user_version`` (10300) of the file header;
* ``gpkg_spatial_ref_sys`` with the three required rows (EPSG:4326, and the undefined
  Cartesian and geographic systems -1 and 0), ``gpkg_contents`` and
  ``gpkg_geometry_columns``;
* geometry blobs: the GeoPackage binary header (``GP``, version 0, flags, SRS id) and the
  ISO WKB of the geometry (section 2.1.3).

Every table of the store is registered in ``gpkg_contents`` (``features`` for
``enterprises``, ``attributes`` for the others), so QGIS and GDAL list them. Connections
wait up to 60 s for another writer and take the write lock at ``BEGIN`` (``BEGIN
IMMEDIATE``), so two loads run one after the other.
"""

from __future__ import annotations

import struct
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

__all__ = [
    "APPLICATION_ID",
    "USER_VERSION",
    "connect_sqlite",
    "metadata_sql",
    "point_blob",
    "read_blob",
    "register_sql",
]

APPLICATION_ID = 0x47504B47
"""``PRAGMA application_id`` of a GeoPackage: the bytes "GPKG"."""

USER_VERSION = 10300
"""``PRAGMA user_version`` of a GeoPackage 1.3 file."""

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG",'
    '"9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG",'
    '"4326"]]'
)


def point_blob(geom: BaseGeometry, srs_id: int) -> bytes:
    """Return the GeoPackage geometry blob of ``geom`` (little-endian, no envelope).

    Parameters
    ----------
    geom
        A point (any shapely geometry is encoded; the store only writes points).
    srs_id
        Its ``gpkg_spatial_ref_sys.srs_id`` (4326).

    Returns
    -------
    bytes
        ``GP``, version 0, flags (bit 0: little-endian header; bit 4: empty), the SRS id
        as int32, then the geometry as little-endian ISO WKB.
    """
    empty = bool(geom.is_empty)
    flags = 0b0000_0001 | (0b0001_0000 if empty else 0)
    wkb = shapely.to_wkb(geom, byte_order=1, flavor="iso")
    return b"GP" + struct.pack("<BBi", 0, flags, srs_id) + bytes(wkb)


def read_blob(blob: bytes) -> BaseGeometry:
    """Return the geometry of a GeoPackage geometry blob.

    Raises
    ------
    ValueError
        ``blob`` does not start with the GeoPackage magic ``GP``.
    """
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob (no 'GP' magic)")
    flags = blob[3]
    envelope = _ENVELOPE_BYTES[(flags >> 1) & 0b111]
    return shapely.from_wkb(blob[8 + envelope :])


def connect_sqlite(dbapi_conn: Any, _record: Any = None) -> None:
    """Set up a new SQLite connection (an SQLAlchemy ``connect`` event listener).

    Foreign keys on; wait up to 60 s for another writer; and leave transaction control to
    SQLAlchemy's ``begin`` event, which issues ``BEGIN IMMEDIATE`` (see
    :func:`eipgeo.store.api.open_store`).
    """
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA busy_timeout = 60000")
    cur.close()


def metadata_sql() -> list[str]:
    """Return the SQL that makes an empty SQLite file a GeoPackage (tables and header).

    Returns
    -------
    list of str
        Statements, each idempotent (``IF NOT EXISTS`` / ``INSERT OR IGNORE``).
    """
    return [
        f"PRAGMA application_id = {APPLICATION_ID}",
        f"PRAGMA user_version = {USER_VERSION}",
        """CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
            srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
            organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
            definition TEXT NOT NULL, description TEXT)""",
        """CREATE TABLE IF NOT EXISTS gpkg_contents (
            table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
            identifier TEXT UNIQUE, description TEXT DEFAULT '',
            last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id)
                REFERENCES gpkg_spatial_ref_sys(srs_id))""",
        """CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
            table_name TEXT NOT NULL, column_name TEXT NOT NULL,
            geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
            z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
            CONSTRAINT uk_gc_table_name UNIQUE (table_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
        "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, "
        "'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system')",
        "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, "
        "'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')",
        "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', "
        f"4326, '{_WGS84_WKT}', 'longitude/latitude coordinates in decimal degrees on the "
        "WGS 84 spheroid')",
    ]


def register_sql(
    table: str,
    description: str,
    *,
    geometry: tuple[str, str] | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> list[str]:
    """Return the SQL registering ``table`` in ``gpkg_contents`` (and its geometry column).

    Parameters
    ----------
    table, description
        The table or view, and what it holds.
    geometry
        ``(column, type)`` for a feature table, e.g. ``("geom", "POINT")`` in EPSG:4326;
        ``None`` for an attributes table.
    bounds
        ``(min_x, min_y, max_x, max_y)`` in degrees, for a feature table.
    """
    kind = "features" if geometry else "attributes"
    box = ", ".join("NULL" if bounds is None else repr(float(v)) for v in (bounds or (0,) * 4))
    srs = "4326" if geometry else "NULL"
    desc = description.replace("'", "''")
    out = [
        f"INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
        f"description, min_x, min_y, max_x, max_y, srs_id) VALUES ('{table}', '{kind}', "
        f"'{table}', '{desc}', {box}, {srs})"
    ]
    if geometry:
        out.append(
            f"INSERT OR IGNORE INTO gpkg_geometry_columns VALUES ('{table}', "
            f"'{geometry[0]}', '{geometry[1]}', 4326, 0, 0)"
        )
    return out
