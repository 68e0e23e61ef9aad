"""``eipgeo map INPUT``: an offline interactive map of a park, a scenario or an enterprise file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import folium
import typer

from eipgeo import io, parks
from eipgeo._errors import InputReadError, Problem
from eipgeo.cli._app import _guard, app, print_problems
from eipgeo.jobs.result import JobResult
from eipgeo.outputs import _chromium, maps
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import baseline_scenario, load_scenario


def _map_input(input_: str, tiles: str, lang: str) -> tuple[folium.Map, str, list[Problem]]:
    """Build the folium map of INPUT; return it, the default output stem and the warnings.

    INPUT is a park slug or folder (run as it is), a scenario file (run as written) or an
    enterprise file (its rows with usable coordinates; the others are warnings).
    """
    path = Path(input_)
    if path.suffix.lower() in (".yaml", ".yml"):
        done = run_scenario(load_scenario(path))
        return _job_map(done.result, tiles, lang), path.stem, done.result.problems
    folder = parks.find_park(input_) if not path.is_file() else None
    if folder is not None:
        park = parks.load_park(folder)
        done = run_scenario(baseline_scenario(park.slug), park=park)
        return _job_map(done.result, tiles, lang), park.slug, done.result.problems
    if not path.exists():
        raise InputReadError(
            f"{input_}: neither a park (slug: {', '.join(e.slug for e in parks.find_parks())}; "
            "or a park folder), a scenario file nor an existing file; check the "
            "spelling or the path"
        )
    # Rows with no usable coordinates are left out with a warning each; a file where no
    # row is left stops with a ValidationError (no empty map is written).
    checked = io.check_enterprises_file(path, drop_unlocated=True)
    usable, problems = maps.points_from_table(checked.frame, file=path.name)
    problems += checked.problems
    return (
        maps.map_enterprises(usable, title=path.name, problems=problems, tiles=tiles, lang=lang),
        path.stem,
        list(checked.problems),
    )


def _job_map(result: JobResult, tiles: str, lang: str) -> folium.Map:
    return maps.map_job(result, tiles=tiles, lang=lang)  # with exchanges and candidates


@app.command("map")
def map_cmd(
    input_: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="Park slug or folder, scenario file, or enterprise file (CSV, XLSX, GeoJSON...).",
        ),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="HTML file to write (default maps/<INPUT>.html).")
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option("--png", help="Also save a screenshot, rendered by /usr/bin/chromium."),
    ] = None,
    tiles: Annotated[str, typer.Option("--tiles", help="none (offline, default) or osm.")] = "none",
    lang: Annotated[
        str, typer.Option("--lang", help="vi or en: language the map opens in.")
    ] = "en",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 when there were warnings (e.g. a firm outside the boundary, a row "
            "without coordinates); the map is still written.",
        ),
    ] = False,
) -> None:
    """Write an offline interactive map of a park, a scenario, or any enterprise file."""

    def run() -> int:
        m, stem, warned = _map_input(input_, tiles, lang)
        warnings = [p for p in warned if p.severity == "warning"]
        if warnings and all(p.row is not None for p in warnings):  # a file's rows: each
            for problem in warnings:
                typer.echo(f"warning: {problem.to_line()}", err=True)
        else:  # a park's or scenario's run: grouped by kind
            print_problems(warnings, None)
        html = maps.write_map(m, out or Path("maps") / f"{stem}.html")
        typer.echo(f"wrote {html}")
        if png is not None:
            with _chromium.browser() as b:
                load = _chromium.open_map(b, html, png=png)
            for line in load.errors + [f"request blocked: {u}" for u in load.outside_requests]:
                typer.echo(f"warning: {png}: {line}", err=True)
            typer.echo(f"wrote {png}")
        return len(warnings)

    if _guard(run) and strict:
        raise typer.Exit(1)
