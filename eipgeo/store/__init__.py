"""The monitoring store: years of monitored results in a GeoPackage or a PostGIS database.

A store keeps parks, their enterprises (points, with location history), the monitoring
template's records (measured waste streams, interventions, exchanges delivered), the
interventions they name, each load and each ``eipgeo monitor --db`` run's key results,
and QGIS's default layer styles. Every row says who loaded it, from which file and row,
and when (UTC); a correction supersedes a record, never deletes it.

* :mod:`eipgeo.store.api`: the one API over both backends (init, load, read);
  :mod:`eipgeo.store.export`: records back to a file.
* :mod:`eipgeo.store.schema`: the SQLAlchemy 2 models; ``migrations/``: Alembic.
* :mod:`eipgeo.store._gpkg` and :mod:`eipgeo.store._postgis`: the two backends.
* :mod:`eipgeo.outputs.qgis_styles` (in outputs) writes QGIS's ``layer_styles``.
"""

from eipgeo.store.api import (
    LoadSummary,
    Store,
    init_store,
    load_results,
    open_store,
    read_records,
    record_run,
)
from eipgeo.store.export import export_records

__all__ = [
    "LoadSummary",
    "Store",
    "export_records",
    "init_store",
    "load_results",
    "open_store",
    "read_records",
    "record_run",
]
