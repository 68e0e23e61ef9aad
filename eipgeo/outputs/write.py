"""Writing a job's outputs: the map and the tables of ``CONTRACT.md``.

Layout under an output folder ``OUT`` (``maps/`` for the demo)::

    OUT/<slug>.html               the interactive map
    OUT/<slug>/summary.csv        key figures (key, value, unit, note)
    OUT/<slug>/waste_inventory.csv  one row per source and stream (pathway, VND/yr, CO2e)
    OUT/<slug>/waste_totals.csv   t/yr, share, VND/yr, kg CO2e/yr by class and pathway
    OUT/<slug>/sankey.html        generators -> sector -> class -> pathway (EN/VI)
    OUT/<slug>/sankey.png         the same, rendered by the system Chromium (if present)
    OUT/<slug>/routes.csv         one row per route
    OUT/<slug>/stops.csv          one row per visit
    OUT/<slug>/routes.gpkg        every layer of the map (sites, boundary, route legs,
                                  exchanges, candidates, facilities), styled for QGIS

Each file is written atomically; a failed run leaves earlier files intact.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from eipgeo import pathways
from eipgeo._atomic import atomic_write_csv, atomic_write_gpkg, atomic_write_text, staged_folder
from eipgeo._errors import DataNotFoundError, Problem, UsageError
from eipgeo.jobs.result import JobResult
from eipgeo.outputs import maps, privacy, report, sankey
from eipgeo.outputs.gis_layers import park_layer_styles, park_layers
from eipgeo.outputs.qgis_styles import write_layer_styles, write_route_styles
from eipgeo.outputs.tables import routes_frame, stops_frame
from eipgeo.routing import tables as route_tables
from eipgeo.routing.job import RouteResult
from eipgeo.scenario.result import ScenarioRun
from eipgeo.scenario.schema import Scenario
from eipgeo.symbiosis.names import with_material_names
from eipgeo.symbiosis.plan import candidates_to_investigate


def write_job(
    result: JobResult, out_dir: Path, *, tiles: str = "none", with_report: bool = True
) -> list[Path]:
    """Write the map and tables of one job under ``out_dir``.

    Parameters
    ----------
    result
        The job's result (:func:`eipgeo.jobs.run_park`).
    out_dir
        Output folder ``OUT``: the map is ``OUT/<slug>.html``, the rest goes to
        ``OUT/<slug>/`` (created if missing).
    tiles
        Map background: ``none`` (default; works offline) or ``osm`` (OpenStreetMap
        tiles, needs the internet), as :func:`eipgeo.outputs.maps.map_job` takes it.
    with_report
        Also write ``report.html`` and ``indicators.csv`` (default True).

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    eipgeo._errors.UsageError
        ``tiles`` is not a known value.
    """
    slug = result.park.slug
    folder = out_dir / slug
    site_cols = [
        c
        for c in (
            "site_id",
            "name",
            "source_type",
            "location_quality",
            "employees",
            "employees_quality",
            "snap_distance_m",
        )
        if c in result.sites
    ]
    inventory = result.streams.merge(result.sites[site_cols], on="site_id", how="left")
    sym = result.symbiosis
    tables = {
        "summary.csv": result.summary,
        "waste_inventory.csv": inventory,
        "routes.csv": routes_frame(result),
        "stops.csv": stops_frame(result),
        "waste_totals.csv": pathways.park_totals(result.streams),
        "symbiosis.csv": with_material_names(sym.candidates),
        "symbiosis_plan.csv": with_material_names(sym.plan),
        "symbiosis_candidates.csv": with_material_names(candidates_to_investigate(sym)),
    }
    written = []
    for name, frame in tables.items():
        atomic_write_csv(folder / name, frame)
        written.append(folder / name)
    written += _write_route_files(result, folder, tables["routes.csv"], tables["stops.csv"])
    park_map = maps.map_job(result, tiles=tiles)  # with the exchanges and candidates
    written.append(maps.write_map(park_map, out_dir / f"{slug}.html"))
    written += _write_sankey(result, folder)
    if with_report:
        written.append(report.write_report(result, folder))
    return written


def _write_route_files(
    result: JobResult, folder: Path, routes: pd.DataFrame, stops: pd.DataFrame
) -> list[Path]:
    """Write ``routes.gpkg``, ``summary.json`` and ``hazardous_timetable.csv``.

    The GeoPackage holds every layer of the park's map (:func:`write_park_gpkg`). The
    timetable is written only when hazardous waste is routed.
    """
    write_park_gpkg(result, folder / "routes.gpkg")
    summary = {str(k): v for k, v in zip(result.summary.key, result.summary.value, strict=True)}
    atomic_write_text(
        folder / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False, default=str)
    )
    written = [folder / "routes.gpkg", folder / "summary.json"]
    if "group" in routes and (routes.group == "hazardous").any() and "kind" in stops:
        table = route_tables.hazardous_timetable(stops.assign(day=""), result.route_table)
        atomic_write_csv(folder / "hazardous_timetable.csv", table)
        written.append(folder / "hazardous_timetable.csv")
    return written


def _write_sankey(result: JobResult, folder: Path) -> list[Path]:
    """``sankey.html`` (EN/VI, static SVG) and, when Chromium is present, ``sankey.png``."""
    links, title_en, title_vi = sankey.park_sankey(result.streams, result.sites, result.park.name)
    html = sankey.write_sankey_html(
        links, folder / "sankey.html", title=title_en, title_vi=title_vi
    )
    if links.empty:
        return [html]
    try:
        return [html, sankey.render_png(html, folder / "sankey.png")]
    except DataNotFoundError:
        return [html]  # no system Chromium: the HTML alone (a downloaded browser is never used)


# --------------------------------------------------------------------------------------
# A scenario run
# --------------------------------------------------------------------------------------


def write_aggregate(
    run: ScenarioRun, out_dir: Path, *, k: int = 3, dominance_pct: float = 85.0
) -> list[Path]:
    """Write the ``aggregate`` view under ``out_dir/<slug>/``; nothing firm-level.

    The files are ``aggregate_by_sector.csv``, ``aggregate_by_zone.csv`` and
    ``report.html``.

    Sectors are ISIC Rev. 4 divisions (the first two digits of ``isic4_class``).

    Parameters
    ----------
    run
        The scenario run whose client sites are totalled (waste, t/yr).
    out_dir
        Output folder; the files go to ``out_dir/<park slug>/`` (created if missing).
    k
        Fewest firms a published group may have (:func:`eipgeo.outputs.privacy.suppress_groups`);
        default 3.
    dominance_pct
        Largest share of a group's total one firm may hold, %; default 85.

    Returns
    -------
    list of pathlib.Path
        The two CSV files, then ``report.html``.

    Raises
    ------
    eipgeo._errors.UsageError
        ``k`` < 1 or ``dominance_pct`` outside (0, 100].
    """
    sites = run.result.sites.copy()
    isic = sites.get("isic4_class", pd.Series("", index=sites.index)).astype(str)
    sites["isic_division"] = isic.str.extract(r"^(\d{2})")[0].fillna("")
    if "zone" not in sites.columns:
        sites["zone"] = ""
    folder = out_dir / run.result.park.slug
    tables = {
        name: privacy.aggregate_view(sites, by=col, k=k, dominance_pct=dominance_pct)
        for name, col in (("aggregate_by_sector", "isic_division"), ("aggregate_by_zone", "zone"))
    }
    files = []
    for name, table in tables.items():
        atomic_write_csv(folder / f"{name}.csv", table)
        files.append(folder / f"{name}.csv")
    atomic_write_text(
        folder / "report.html",
        report.aggregate_report_html(run.result, tables, scenario=run.scenario),
    )
    return [*files, folder / "report.html"]


def write_scenario(run: ScenarioRun, out_dir: Path) -> list[Path]:
    """Write the job's outputs, ``siting.csv`` and a scenario-aware ``report.html``.

    Parameters
    ----------
    run
        The scenario run: its job result, its siting and hubs (a ``hub`` block, written
        as ``siting.csv`` and ``hubs.csv``), its layout tables and the scenario itself
        (``scenario.json``).
    out_dir
        Output folder ``OUT``, as :func:`write_job` takes it.

    Returns
    -------
    list of pathlib.Path
        Every file written, sorted.
    """
    files = write_job(run.result, out_dir, with_report=False)
    folder = out_dir / run.result.park.slug
    if run.siting is not None:
        atomic_write_csv(folder / "siting.csv", run.siting.assignment)
        atomic_write_csv(folder / "hubs.csv", run.hubs)
        files += [folder / "siting.csv", folder / "hubs.csv"]
    for name, table in run.layout.items():
        atomic_write_csv(folder / f"{name}.csv", table)
        files.append(folder / f"{name}.csv")
    atomic_write_text(folder / "scenario.json", run.scenario.model_dump_json(indent=2))
    files.append(folder / "scenario.json")
    files.append(
        report.write_report(
            run.result,
            folder,
            scenario=run.scenario,
            siting=run.siting,
            hubs=run.hubs,
            layout=run.layout,
        )
    )
    return sorted(set(files))


def write_problems(problems: list[Problem], path: Path) -> None:
    """Write ``problems.csv``: one row per problem, a header only when there is none.

    Parameters
    ----------
    problems
        The problems, in the order found.
    path
        The CSV file (written atomically).
    """
    atomic_write_csv(
        path, pd.DataFrame([p.to_dict() for p in problems], columns=list(Problem("").to_dict()))
    )


RUN_RECORD = "run.json"
"""File in each scenario output folder naming the scenario file that wrote it."""


def _scenario_folder(out: Path, spec: Scenario, slug: str) -> Path:
    """Return ``OUT/<scenario name>/<park slug>``, refusing another file's outputs there.

    Raises
    ------
    UsageError
        The folder holds the outputs of a different scenario file with the same name.
    """
    folder = out / safe_name(spec.name) / slug
    record = folder / RUN_RECORD
    if record.is_file():
        try:
            earlier = json.loads(record.read_text(encoding="utf-8")).get("scenario_file", "")
        except (OSError, ValueError):
            earlier = ""
        here = str(Path(spec.source_file).resolve()) if spec.source_file else ""
        if earlier and here and earlier != here:
            raise UsageError(
                f"{folder} holds the outputs of another scenario file with the same name "
                f"'{spec.name}' ({earlier}); give {here} its own 'name:' or use another --out"
            )
    return folder


def safe_name(name: str) -> str:
    """Return a scenario name as a folder name (letters, digits, ``._-``; others ``-``).

    Parameters
    ----------
    name
        The scenario's ``name:``.

    Returns
    -------
    str
        The folder name (``scenario`` when nothing is left).
    """
    return re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-.") or "scenario"


def write_scenario_run(done: ScenarioRun, out: Path, *, view: str) -> Path:
    """Write one scenario run under ``OUT/<scenario name>/<park slug>/``, swapping it in whole.

    The park map goes beside that folder, ``OUT/<scenario name>/<park slug>.html`` (where
    the report's link points), also written atomically.

    The folder is built beside its final place and renamed into it only when complete
    (:func:`eipgeo._atomic.staged_folder`): a second run of the same scenario replaces its
    own outputs at once, and a failed run leaves them as they were. Another scenario (a
    different name) never touches them.

    Parameters
    ----------
    done
        The run (:func:`eipgeo.scenario.run.run_scenario`, no ``out_dir``).
    out
        The output folder.
    view
        ``firm`` or ``aggregate`` (``eipgeo run --view``).

    Returns
    -------
    pathlib.Path
        The scenario's park folder, ``OUT/<scenario name>/<park slug>``.

    Raises
    ------
    UsageError
        The folder holds another scenario file's outputs.
    """
    slug = done.result.park.slug
    final = _scenario_folder(out, done.scenario, slug)
    with staged_folder(final) as staging:
        files = (
            write_aggregate(done, staging) if view == "aggregate" else write_scenario(done, staging)
        )
        inner = staging / slug
        if view == "firm":
            write_problems(done.result.problems, inner / "problems.csv")
        extra = []
        park_map = staging / f"{slug}.html"  # the map sits beside its folder: OUT/<name>/
        if park_map.is_file():
            os.replace(park_map, final.parent / park_map.name)
            extra.append(final.parent / park_map.name)
        record = {
            "scenario_file": str(Path(done.scenario.source_file).resolve())
            if done.scenario.source_file
            else "",
            "scenario_name": done.scenario.name,
            "park": slug,
            "park_folder": str(done.result.park.folder),
            "view": view,
            "files": sorted(
                [
                    *(str(f.relative_to(inner)) for f in files if f.is_relative_to(inner)),
                    "problems.csv" if view == "firm" else "",
                    RUN_RECORD,
                ]
            ),
            "map": extra[0].name if extra else "",
        }
        record["files"] = [f for f in record["files"] if f]
        atomic_write_text(inner / RUN_RECORD, json.dumps(record, indent=2, ensure_ascii=False))
        done.files = [*(final / f for f in record["files"]), *extra]
    return final


# --------------------------------------------------------------------------------------
# Route legs and an ``eipgeo route`` plan
# --------------------------------------------------------------------------------------


def write_park_gpkg(result: JobResult, path: Path) -> Path:
    """Write a park's map as the layers of one GeoPackage, each with its QGIS default style.

    The layers (:func:`eipgeo.outputs.gis_layers.park_layers`) are ``sites`` (placed
    positions, t/yr by class), ``boundary``, ``route_legs`` (one line per leg along its
    geometry; estimated legs are straight and flagged ``estimated``), ``exchanges``,
    ``candidates`` and ``facilities`` (depot included), all EPSG:4326 and taken from the
    job's stored results. Every layer and its style go into one temporary file, renamed
    into place at the end: a failed write leaves an earlier file intact.

    Parameters
    ----------
    result
        The job's result.
    path
        The ``.gpkg`` file (``routes.gpkg`` in a job's output folder).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    layers = park_layers(result)
    styles = park_layer_styles(layers)
    atomic_write_gpkg(layers, path, before_rename=lambda tmp: write_layer_styles(tmp, styles))
    return path


def write_routes_gpkg(legs: gpd.GeoDataFrame, path: Path) -> Path:
    """Write route legs as ``path`` (layer ``route_legs``) with its QGIS default style.

    Parameters
    ----------
    legs
        One line per leg (EPSG:4326), with ``route_id`` and ``distance_m``.
    path
        The ``.gpkg`` file (written atomically).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    atomic_write_gpkg(
        {"route_legs": legs},
        path,
        before_rename=lambda tmp: write_route_styles(tmp, legs, "route_legs"),
    )
    return path


def write_route_plan(result: RouteResult, out: Path) -> list[Path]:
    """Write an ``eipgeo route`` plan: routes and stops (CSV), ``routes.gpkg``, ``summary.json``.

    ``hazardous_timetable.csv`` too when hazardous waste is routed. Every file is written
    atomically; ``routes.gpkg`` carries QGIS's default style, coloured as the map.

    Parameters
    ----------
    result
        The plan (:func:`eipgeo.routing.job.plan`).
    out
        The output folder.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    out.mkdir(parents=True, exist_ok=True)
    files = {"routes.csv": result.routes, "stops.csv": result.stops}
    haz = route_tables.hazardous_timetable(result.stops, result.routes)
    if len(haz):
        files["hazardous_timetable.csv"] = haz
    for name, frame in files.items():
        atomic_write_csv(out / name, frame)
    write_routes_gpkg(result.legs, out / "routes.gpkg")
    atomic_write_text(
        out / "summary.json", json.dumps(result.summary, indent=2, ensure_ascii=False, default=str)
    )
    return [out / n for n in [*files, "routes.gpkg", "summary.json"]]
