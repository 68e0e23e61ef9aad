"""Alembic revisions of the monitoring store, oldest first (``0001_initial``...)."""
