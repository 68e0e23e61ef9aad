"""``eipgeo map INPUT``: an offline interactive map of a park or of any enterprise file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eipgeo.cli._app import _guard, app


def _map_input(input_: str, tiles: str, lang: str) -> tuple[object, str, list[object]]:
    """Build the folium map of INPUT; return it, the default output stem and the warnings."""
    from eipgeo import maps, parks

    if input_ in parks.list_parks():
        from eipgeo.jobs.park import run_park

        return maps.map_job(run_park(input_), tiles=tiles, lang=lang), input_, []
    path = Path(input_)
    if path.suffix.lower() in (".yaml", ".yml"):
        from eipgeo._errors import UsageError

        raise UsageError(f"{path}: scenario files are not mapped by this version of "
                         "`eipgeo map`; give a park slug or an enterprise file")
    if not path.exists():
        from eipgeo._errors import InputReadError

        raise InputReadError(f"{input_}: neither a bundled park ({', '.join(parks.list_parks())})"
                             " nor an existing file; check the spelling or the path")
    from eipgeo import io

    # Rows with no usable coordinates are left out with a warning each; a file where no
    # row is left stops with a ValidationError (no empty map is written).
    checked = io.check_enterprises_file(path, drop_unlocated=True)
    usable, problems = maps.points_from_table(checked.frame, file=path.name)
    problems += checked.problems
    return (maps.map_enterprises(usable, title=path.name, problems=problems, tiles=tiles,
                                 lang=lang), path.stem, list(checked.problems))


@app.command("map")
def map_cmd(
    input_: Annotated[str, typer.Argument(metavar="INPUT",
                                          help="Park slug or enterprise file (CSV, XLSX, "
                                               "GeoJSON, GPKG...).")],
    out: Annotated[Path | None, typer.Option("--out", help="HTML file to write "
                                             "(default maps/<INPUT>.html).")] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also save a screenshot, "
                                             "rendered by /usr/bin/chromium.")] = None,
    tiles: Annotated[str, typer.Option("--tiles", help="none (offline, default) or osm.")]
    = "none",
    lang: Annotated[str, typer.Option("--lang", help="vi or en: language the map opens in.")]
    = "en",
) -> None:
    """Write an offline interactive map of a park, or of any enterprise file."""
    from eipgeo import maps

    def run() -> None:
        m, stem, warned = _map_input(input_, tiles, lang)
        for problem in warned:
            typer.echo(f"warning: {problem.to_line()}", err=True)  # type: ignore[attr-defined]
        html = maps.write_map(m, out or Path("maps") / f"{stem}.html")  # type: ignore[arg-type]
        typer.echo(f"wrote {html}")
        if png is not None:
            from eipgeo import _chromium

            with _chromium.browser() as b:
                load = _chromium.open_map(b, html, png=png)
            for line in load.errors + [f"request blocked: {u}" for u in load.outside_requests]:
                typer.echo(f"warning: {png}: {line}", err=True)
            typer.echo(f"wrote {png}")

    _guard(run)
