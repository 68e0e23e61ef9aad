"""Alembic environment of the monitoring store.

Run programmatically only (:func:`eipgeo.store.api.init_store`): the caller passes an
open SQLAlchemy connection in ``config.attributes["connection"]``, so the migrations run
in the caller's transaction and on either backend. SQLite uses Alembic's batch mode
(``render_as_batch``) so that later revisions can alter tables.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from eipgeo.store.schema import Base


def _include(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave out of comparisons what the models do not describe.

    QGIS's ``layer_styles`` (created as QGIS creates it), the GeoPackage metadata tables,
    PostGIS's ``spatial_ref_sys`` and the views.
    """
    if type_ == "table":
        return name in Base.metadata.tables
    return True


def run_migrations() -> None:
    """Run the migrations on the connection the caller gave."""
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(
            "the store's migrations run through eipgeo.store.api.init_store, "
            "which passes a connection; offline (SQL script) mode is not "
            "supported"
        )
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=_include,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
