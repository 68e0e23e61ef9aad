"""``eipgeo parks`` and ``eipgeo demo``: the bundled parks and the main job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eipgeo import parks
from eipgeo.cli._app import _guard, _report_problems, app
from eipgeo.outputs import maps
from eipgeo.scenario.run import run_parks


@app.command("parks")
def parks_cmd() -> None:
    """List the bundled parks: slug, name, tenant count."""
    for slug in parks.list_parks():
        park = parks.load_park(slug)
        count = len(park.enterprises)
        label = (
            f"{count} tenants"
            if park.kind == "industrial_park"
            else "0 tenants (UIS case: outlets read from OSM at run time)"
        )
        typer.echo(f"{slug}\t{park.name}\t{label}")


@app.command("demo")
def demo_cmd(
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("maps"),
    iterations: Annotated[
        int, typer.Option("--iterations", min=1, help="PyVRP iterations.")
    ] = 1500,
    seed: Annotated[int, typer.Option("--seed", min=0)] = 42,
) -> None:
    """Run the main job on every bundled park and write maps and tables into OUT."""
    if out.exists() and not out.is_dir():
        typer.echo(f"{out}: exists and is not a folder; give --out a folder path", err=True)
        raise typer.Exit(2)

    def run() -> None:
        results = []
        for done in run_parks(parks.list_parks(), out, seed=seed, iterations=iterations):
            slug = done.result.park.slug
            km = done.result.summary.set_index("key")["value"].get("route_km.total", 0)
            typer.echo(
                f"{slug}: {len(done.result.sites) - 1} sources, {km} km/day of routes, "
                f"{len(done.files) + 1} files in {out} ({done.seconds:.1f} s)"
            )
            _report_problems(done.result.problems, out / slug / "problems.csv")
            results.append(done.result)
        if len(results) > 1:  # CONTRACT.md: all parks on one map once there are several
            maps.write_map(maps.map_overview(results), out / "overview.html")
            typer.echo(f"overview: {len(results)} parks on {out / 'overview.html'}")

    _guard(run)
