"""``eipgeo matrix``: a directed road distance (or duration) matrix between sites, with QA.

The sites are read and validated as ``eipgeo validate`` does; the network may be OSM XML,
OSM PBF, GraphML or road lines (:func:`eipgeo.matrix.matrix_from_files`).
The square CSV goes to ``--out`` (atomically) or stdout; the snap report and every problem
go to stderr. Unreachable cells are empty.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from eipgeo import matrix
from eipgeo._atomic import atomic_write_text
from eipgeo.cli._app import _guard, app


@app.command("matrix")
def matrix_cmd(  # noqa: PLR0913 - the contract's flags
    network_file: Annotated[
        Path,
        typer.Option(
            "--network", help="OSM XML, OSM PBF, GraphML, or road lines (GeoJSON/GPKG/SHP)."
        ),
    ],
    sites_file: Annotated[
        Path,
        typer.Option(
            "--sites", help="Sites table (id, lat, lon; optional role=depot), as validate reads."
        ),
    ],
    out: Annotated[Path | None, typer.Option("--out", help="CSV to write; default stdout.")] = None,
    snap: Annotated[str, typer.Option("--snap", help="edge (default) or node.")] = "edge",
    snap_tolerance_m: Annotated[
        float, typer.Option("--snap-tolerance-m", help="Largest accepted snap, metres.")
    ] = 250.0,
    metric: Annotated[
        str, typer.Option("--metric", help="distance (m) or duration (s, from legal truck maxima).")
    ] = "distance",
    truck_gross_t: Annotated[
        float | None,
        typer.Option(
            "--truck-gross-t",
            help="Truck profile: drop ways closed to a truck of this gross "
            "weight (hgv, access, maxweight tags).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings count as errors.")] = False,
) -> None:
    """Write the directed site-to-site road matrix; exit 1 if any site or pair has a problem."""
    code = _guard(
        lambda: _run(
            network_file, sites_file, out, snap, snap_tolerance_m, metric, truck_gross_t, strict
        )
    )
    if code:
        raise typer.Exit(code)


def _run(  # noqa: PLR0913
    network_file: Path,
    sites_file: Path,
    out: Path | None,
    snap: str,
    tolerance_m: float,
    metric: str,
    truck_gross_t: float | None,
    strict: bool,
) -> int:
    done = matrix.matrix_from_files(
        network_file,
        sites_file,
        snap=snap,
        tolerance_m=tolerance_m,
        metric=metric,
        truck_gross_t=truck_gross_t,
    )
    text = done.matrix.to_csv()
    assert text is not None
    if out is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(out, text)
    typer.echo(done.graph_report, err=True)
    typer.echo(done.snap_report(snap), err=True)
    for p in done.problems:
        typer.echo(f"{p.severity}: {p.to_line()}", err=True)
    errors = sum(p.severity == "error" for p in done.problems)
    return 1 if errors or (strict and done.problems) else 0
