"""``eipgeo batch``: run parks and scenarios as tasks on dask.distributed (:mod:`eipgeo.batch`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eipgeo import batch
from eipgeo.cli._app import _guard, app


@app.command("batch")
def batch_cmd(
    names: Annotated[
        list[str],
        typer.Argument(
            help="Bundled park slugs, national park slugs or OSM ids (osm_way_627990023), "
            "scenario files (*.yaml, run with their own seed and iterations), or the "
            "keywords all-national (every de-duplicated park of "
            "osm/vn_industrial_parks.geojson, with synthetic enterprises) and all-bundled.",
            show_default=False,
            metavar="PARKS_OR_SCENARIOS",
        ),
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of an existing dask scheduler (tcp://HOST:8786). "
            "Default: a LocalCluster with one worker per core.",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("batch"),
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="LocalCluster size (default: the cores available)."),
    ] = None,
    serial: Annotated[
        bool, typer.Option("--serial", help="Run in this process, one task after the other.")
    ] = False,
    iterations: Annotated[
        int, typer.Option("--iterations", min=1, help="PyVRP iterations per park (not scenarios).")
    ] = 1500,
    seed: Annotated[int, typer.Option("--seed", help="Solver seed (parks).")] = 42,
    national_seed: Annotated[
        int,
        typer.Option(
            "--national-seed", help="Seed of the synthetic national enterprise generator."
        ),
    ] = 42,
) -> None:
    """Run each park or scenario as a task; gather OUT/batch_summary.csv and OUT/batch_results.gpkg.

    All national parks: eipgeo batch all-national. A rerun skips tasks whose input hash is
    cached in OUT/cache/. A failing task is reported with its reason while the others
    finish (exit 1 if any failed).
    """

    def progress(done: int, total: int, outcome: batch.TaskOutcome) -> None:
        tail = f" ({outcome.reason})" if outcome.reason else ""
        typer.echo(
            f"[{done}/{total}] {outcome.key}: {outcome.status} {outcome.seconds:.1f} s{tail}",
            err=True,
        )

    def run() -> batch.BatchReport:
        tasks = batch.tasks_for(
            names, seed=seed, iterations=iterations, national_seed=national_seed
        )
        typer.echo(f"{len(tasks)} task(s) to run", err=True)
        return batch.run_batch(
            tasks,
            out,
            scheduler=scheduler,
            workers=workers,
            serial=serial,
            seed=seed,
            iterations=iterations,
            progress=progress,
        )

    report = _guard(run)
    counts = {s: sum(o.status == s for o in report.outcomes) for s in ("ok", "cached", "failed")}
    typer.echo(
        f"tasks={len(report.outcomes)} ok={counts['ok']} cached={counts['cached']} "
        f"failed={counts['failed']} seconds={report.seconds:.1f} "
        f"files={','.join(str(f) for f in report.files)}"
    )
    for outcome in report.failed:
        typer.echo(f"error: {outcome.key}: {outcome.reason}", err=True)
    if report.failed:
        raise typer.Exit(1)
