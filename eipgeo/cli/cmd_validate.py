"""``eipgeo validate FILE``: check an input file and print every problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eipgeo._errors import UsageError
from eipgeo.cli._app import _guard, app
from eipgeo.io import checks


@app.command("validate")
def validate_cmd(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, GeoJSON, GPKG, SHP or GeoParquet.")],
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="enterprises|streams|facilities|boundary (default: inferred)"),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings count as errors.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="text|json")] = "text",
    crs: Annotated[
        str | None,
        typer.Option(
            "--crs", help="CRS of x_m/y_m (or of a geo file that mislabels it), e.g. EPSG:32648"
        ),
    ] = None,
    boundary: Annotated[
        Path | None,
        typer.Option("--boundary", help="Park boundary file: enterprises outside it are errors."),
    ] = None,
) -> None:
    """Check FILE; exit 0 if clean (warnings allowed unless --strict), 1 if problems."""

    def run() -> int:
        if fmt not in ("text", "json"):
            raise UsageError(f"--format {fmt!r} is not one of text, json")
        chosen, problems = checks.validate_file(file, kind=kind, crs=crs, boundary=boundary)
        if fmt == "json":
            typer.echo(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=1))
        else:
            for p in problems:
                typer.echo(
                    p.to_line() if p.severity == "error" else f"warning: {p.to_line()}", err=True
                )
        errors = sum(p.severity == "error" for p in problems)
        warns = len(problems) - errors
        typer.echo(f"{file}: {chosen}, {errors} error(s), {warns} warning(s)", err=True)
        return 1 if errors or (strict and warns) else 0

    code = _guard(run)
    if code:
        raise typer.Exit(code)
