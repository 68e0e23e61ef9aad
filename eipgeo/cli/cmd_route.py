"""``eipgeo route``: plan collection routes from a sites table, a fleet and distances.

See ``CONTRACT.md``. Prints ``total_distance_m=<int> routes=<n>``; with ``--out`` writes
``routes.csv``, ``stops.csv``, ``routes.gpkg``, ``summary.json`` (and
``hazardous_timetable.csv`` when hazardous waste is routed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eipgeo.cli._app import _guard, app
from eipgeo.outputs import write
from eipgeo.routing import job as route_job


@app.command("route")
def route(  # noqa: PLR0913, PLR0917 - the contract's flags
    sites: Annotated[Path, typer.Option("--sites", help="Sites table (CSV/XLSX).")],
    fleet: Annotated[Path, typer.Option("--fleet", help="Fleet JSON.")],
    network: Annotated[Path | None, typer.Option("--network", help="Road network file.")] = None,
    matrix: Annotated[Path | None, typer.Option("--matrix", help="Distance matrix CSV.")] = None,
    matrix_unit: Annotated[
        str | None,
        typer.Option(
            "--matrix-unit",
            help="m or km. Not given: metres, refused when implausible for metres.",
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder.")] = None,
    iterations: Annotated[int, typer.Option("--iterations", help="Solver iterations.")] = 2000,
    seconds: Annotated[float | None, typer.Option("--seconds", help="Time cap, s.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed.")] = None,
    storage_limit_days: Annotated[
        float | None,
        typer.Option(
            "--storage-limit-days",
            help="Longest storage on site, days: plan a week with "
            "waste_kg read as kg/day (no default: the legal limit was not found).",
        ),
    ] = None,
    days: Annotated[
        str, typer.Option("--days", help="Collection days for a week plan.")
    ] = "Mon,Tue,Wed,Thu,Fri,Sat",
) -> None:
    """Plan collection routes (pickups, reload trips, shifts, gate hours, classes apart)."""

    def run() -> None:
        job = route_job.RouteRequest(
            sites=sites,
            fleet=fleet,
            network=network,
            matrix=matrix,
            matrix_unit=matrix_unit,
            iterations=iterations,
            seconds=seconds,
            seed=seed,
            storage_limit_days=storage_limit_days,
            days=days,
        )
        result = route_job.plan(job)
        for note in result.notes:
            typer.echo(f"note: {note}", err=True)
        if out is not None:
            write.write_route_plan(result, out)
        typer.echo(
            f"total_distance_m={int(round(result.total_distance_m))} routes={len(result.routes)}"
        )

    _guard(run)
