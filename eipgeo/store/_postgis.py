"""The PostGIS backend: a PostgreSQL database with the postgis extension, given as a URL.

Credentials come from the URL (``postgresql://user:password@host:port/database``) or,
for every part the URL leaves out, from libpq's standard environment variables
(``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGPASSWORD``, ``PGDATABASE``, ``PGSERVICE``,
``PGPASSFILE``...), read by psycopg; eipgeo never reads a credential from a file of its own.
Messages name the server with the password hidden.

Loads into one store run one after the other: each load's transaction first takes a
transaction-level advisory lock (:data:`LOAD_LOCK`), which PostgreSQL releases at commit
or rollback, so concurrent loads from several processes all land, in the order they
took the lock.
"""

from __future__ import annotations

import re

from sqlalchemy import URL, Connection, make_url, text

__all__ = ["LOAD_LOCK", "is_url", "lock_for_load", "postgres_url", "redacted"]

LOAD_LOCK = 0x6569_7067_656F_0025
"""Advisory lock key of a load ("eipgeo", issue 25), as a signed 64-bit integer below."""

_SCHEMES = re.compile(r"^postgres(ql)?(\+[a-z0-9_]+)?://", re.IGNORECASE)


def is_url(target: str) -> bool:
    """Return whether ``target`` is a PostgreSQL URL (``postgresql://``, ``postgres://``)."""
    return bool(_SCHEMES.match(target))


def postgres_url(target: str) -> URL:
    """Return the SQLAlchemy URL of ``target`` with the psycopg (3) driver.

    ``postgresql://`` alone is a valid target: libpq then takes every part from the
    ``PG*`` environment variables.
    """
    url = make_url(_SCHEMES.sub("postgresql+psycopg://", target, count=1))
    return url.set(drivername="postgresql+psycopg")


def redacted(url: URL) -> str:
    """Return ``url`` as text with its password hidden (for messages)."""
    return url.render_as_string(hide_password=True).replace("postgresql+psycopg", "postgresql")


def lock_for_load(conn: Connection) -> None:
    """Wait for, then take, the store's load lock until the end of the transaction."""
    key = LOAD_LOCK - (1 << 64) if LOAD_LOCK >= (1 << 63) else LOAD_LOCK
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
