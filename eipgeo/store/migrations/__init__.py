"""Alembic migrations of the monitoring store, run by :func:`eipgeo.store.api.init_store`."""
