"""``eipgeo parks``, ``eipgeo park new`` and ``eipgeo demo``: the parks and the main job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eipgeo import park_folder, parks, settings
from eipgeo.cli._app import _guard, _report_problems, app
from eipgeo.outputs import maps
from eipgeo.scenario.run import run_parks


@app.command("parks")
def parks_cmd(
    national_filter: Annotated[
        str | None,
        typer.Option(
            "--national",
            help="Instead, list the parks of the bundled national layer whose name, slug or "
            "province contains this text (tone marks and case do not matter; '' lists all): "
            "the names and ids `eipgeo park new --from-national` takes.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the parks by slug: bundled first, then your own (EIPGEO_PARKS_PATH).

    One line per park: slug, name, tenant count, and 'bundled' or 'user FOLDER'. With
    --national TEXT: slug, name, province, area (ha) and OSM ids of national parks.
    """

    def run() -> None:
        if national_filter is not None:
            rows = park_folder.national_matches(national_filter)
            for row in rows:
                typer.echo("\t".join(row))
            if not rows:
                typer.echo(
                    f"no park of the national layer matches '{national_filter}'; try part of "
                    "the name without 'KCN', or the province",
                    err=True,
                )
            return
        for entry in parks.find_parks():
            park = parks.load_park(entry.folder)
            count = len(park.enterprises)
            label = (
                f"{count} tenants"
                if park.kind == "industrial_park"
                else "0 tenants (UIS case: outlets read from OSM at run time)"
            )
            where = "bundled" if entry.origin == "bundled" else f"user {entry.folder}"
            if entry.hidden_by is not None:
                where += f" (slug taken by {entry.hidden_by}: use the folder path)"
            typer.echo(f"{entry.slug}\t{park.name}\t{label}\t{where}")
        for folder in settings.resolve_parks_path():
            if not folder.is_dir():
                typer.echo(f"warning: EIPGEO_PARKS_PATH entry {folder} is not a folder", err=True)

    _guard(run)


park_app = typer.Typer(no_args_is_help=True, help="Your own park: make a park folder.")
app.add_typer(park_app, name="park")


@park_app.command("new")
def park_new_cmd(  # noqa: PLR0913, PLR0917 (one argument per option)
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="The park folder to make; its name is the slug.", show_default=False
        ),
    ],
    enterprises: Annotated[
        Path,
        typer.Option(
            "--enterprises",
            help="Tenant list (CSV, XLSX, GeoJSON...; Vietnamese or English headers; blank "
            "coordinates are placed inside the boundary).",
            show_default=False,
        ),
    ],
    boundary: Annotated[
        Path | None,
        typer.Option("--boundary", help="Boundary polygons (GeoJSON, GPKG, SHP, CSV with wkt)."),
    ] = None,
    from_national: Annotated[
        str | None,
        typer.Option(
            "--from-national",
            help="Take the boundary from the bundled national layer: slug, OSM way id or name.",
        ),
    ] = None,
    from_osm: Annotated[
        str | None,
        typer.Option(
            "--from-osm",
            help="Take the boundary from OSM (name, or W<way id>/R<relation id>); needs "
            "EIPGEO_ALLOW_NETWORK=1.",
        ),
    ] = None,
    facilities: Annotated[
        Path | None,
        typer.Option(
            "--facilities",
            help="Treatment and disposal sites (default: eipgeo's regional register for "
            "the park's province).",
            show_default=False,
        ),
    ] = None,
    streets: Annotated[
        Path | None,
        typer.Option("--streets", help="Street extract (OSM XML, PBF, GraphML or road lines)."),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Park name.")] = None,
    province: Annotated[
        str | None,
        typer.Option("--province", help="Province (default: the one containing the park)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace DIR if it exists (only once complete).")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop (exit 1) on warnings in the inputs.")
    ] = False,
) -> None:
    """Make a park folder from a boundary and a tenant list; every command then takes DIR.

    The inputs are checked as eipgeo validate checks them; every problem is listed and
    nothing is written when there is an error.
    """
    made = _guard(
        lambda: park_folder.new_park(
            folder,
            enterprises=enterprises,
            boundary=boundary,
            from_national=from_national,
            from_osm=from_osm,
            facilities=facilities,
            streets=streets,
            name=name,
            province=province,
            force=force,
            strict=strict,
        )
    )
    for problem in made.problems:
        typer.echo(f"warning: {problem.to_line()}", err=True)
    meta = made.meta
    fac = (
        f"{made.facilities} (regional register, {meta.province})"
        if meta.facility_source == "regional"
        else str(made.facilities)
    )
    typer.echo(
        f"park={meta.slug} folder={made.folder} tenants={made.tenants} facilities={fac} "
        f"area_ha={meta.area_ha} epsg={meta.epsg} province={meta.province} "
        f"trunk_roads={meta.trunk_roads or 'none'} warnings={len(made.problems)}"
    )
    typer.echo(
        f"next: eipgeo map {made.folder} ; eipgeo run {made.folder / 'scenarios' / 'baseline.yaml'}"
    )


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
