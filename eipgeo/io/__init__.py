"""Data in: the one table reader, row checks, public readers, export and templates.

* :mod:`eipgeo.io.tables`: :func:`~eipgeo.io.tables.read_table`, the one reader of every
  table a user gives (encodings, separators, decimal marks, column aliases);
* :mod:`eipgeo.io.checks`: row checks of enterprise, stream, facility and boundary tables,
  collected as :class:`eipgeo.Problem` records, and ``eipgeo validate``'s one call;
* :mod:`eipgeo.io.readers`: the public readers (``read_enterprises`` and the rest);
* :mod:`eipgeo.io.export`: GeoPackage and CSV export;
* :mod:`eipgeo.io.templates`: the documented schema and the fill-in templates.
"""

from eipgeo.io.export import write_csv, write_geopackage
from eipgeo.io.readers import (
    Checked,
    check_boundary_file,
    check_enterprises_file,
    check_facilities_file,
    check_streams_file,
    read_boundary,
    read_enterprises,
    read_facilities,
    read_streams,
)
from eipgeo.io.tables import COLUMN_ALIASES, KINDS, Table, read_table

__all__ = [
    "COLUMN_ALIASES",
    "KINDS",
    "Checked",
    "Table",
    "check_boundary_file",
    "check_enterprises_file",
    "check_facilities_file",
    "check_streams_file",
    "read_boundary",
    "read_enterprises",
    "read_facilities",
    "read_streams",
    "read_table",
    "write_csv",
    "write_geopackage",
]
