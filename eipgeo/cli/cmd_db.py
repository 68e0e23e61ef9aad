"""``eipgeo db init|load|export URL_OR_FILE``: the monitoring store (:mod:`eipgeo.store`).

A path (``*.gpkg``) is a GeoPackage store; a ``postgresql://`` URL is a PostGIS store,
whose missing parts (host, user, password, database...) come from the standard ``PG*``
environment variables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eipgeo.cli._app import _guard, app
from eipgeo.store import api, export

db_app = typer.Typer(
    no_args_is_help=True,
    help="The monitoring store: a GeoPackage file or a PostGIS database (init, load, export).",
)
app.add_typer(db_app, name="db")

_STORE_HELP = (
    "The store: a GeoPackage path (*.gpkg) or a postgresql:// URL (missing parts "
    "from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE)."
)


@db_app.command("init")
def init_cmd(
    store: Annotated[
        str, typer.Argument(metavar="URL_OR_FILE", help=_STORE_HELP, show_default=False)
    ],
) -> None:
    """Create the store, or upgrade it to this eipgeo's schema (Alembic migrations)."""
    label, before, after = _guard(lambda: api.init_store(store))
    was = "empty" if before is None else before
    typer.echo(f"store={label} schema={after} (was {was}) styles=layer_styles")


@db_app.command("load")
def load_cmd(
    store: Annotated[
        str, typer.Argument(metavar="URL_OR_FILE", help=_STORE_HELP, show_default=False)
    ],
    park: Annotated[
        str,
        typer.Option(
            "--park",
            metavar="SLUG",
            help="The park: a bundled slug or a park folder.",
            show_default=False,
        ),
    ],
    results: Annotated[
        Path,
        typer.Option(
            "--results",
            help="Monitored results (CSV or XLSX; the template of eipgeo monitor).",
            show_default=False,
        ),
    ],
    by: Annotated[
        str | None, typer.Option("--by", help="Who loads it (default: the operating-system user).")
    ] = None,
) -> None:
    """Validate a monitoring file as `eipgeo monitor` does, then load it in one transaction.

    A file with any error loads nothing. A row equal to the current record adds nothing;
    a changed row supersedes the record (kept, marked superseded).
    """
    s = _guard(lambda: api.load_results(store, park, results, by=by))
    typer.echo(
        f"store={s.store} park={s.park} rows={s.rows_read} added={s.added} "
        f"superseding={s.superseding} unchanged={s.unchanged} "
        f"enterprises_added={s.enterprises_added} "
        f"enterprises_superseding={s.enterprises_superseding} "
        f"load={'none' if s.load_id is None else s.load_id}"
    )


@db_app.command("export")
def export_cmd(
    store: Annotated[
        str, typer.Argument(metavar="URL_OR_FILE", help=_STORE_HELP, show_default=False)
    ],
    park: Annotated[
        str, typer.Option("--park", metavar="SLUG", help="The park's slug.", show_default=False)
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="A .csv or .xlsx monitoring file (loads again as it is), or a .gpkg "
            "(enterprises with their QGIS style, and every record).",
            show_default=False,
        ),
    ],
    history: Annotated[
        bool,
        typer.Option("--history", help="CSV/XLSX: also superseded records, with their successors."),
    ] = False,
) -> None:
    """Write a park's current records (with their provenance) to a file."""
    path = _guard(lambda: export.export_records(store, park, out, history=history))
    typer.echo(f"park={park} out={path}")
