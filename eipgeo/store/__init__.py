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
* :mod:`eipgeo.store.styles`: QGIS ``layer_styles`` matching the maps' colours.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LoadSummary", "Store", "export_records", "init_store", "load_results",
           "open_store", "read_records", "record_run"]


def __getattr__(name: str) -> Any:
    """Import :mod:`eipgeo.store.api` on first use (SQLAlchemy stays unloaded until then).

    :mod:`eipgeo.store.styles` is imported by every GeoPackage writer of eipgeo, which
    should not pay for the database libraries.
    """
    if name == "export_records":
        from eipgeo.store import export

        return export.export_records
    if name in __all__:
        from eipgeo.store import api

        return getattr(api, name)
    raise AttributeError(f"module 'eipgeo.store' has no attribute '{name}'")
