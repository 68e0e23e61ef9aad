"""``eipgeo matrix``: a directed road distance (or duration) matrix between sites, with QA.

The sites are read and validated as ``eipgeo validate`` does (``eipgeo.io.read_enterprises``);
the network may be OSM XML, OSM PBF, GraphML or road lines (``eipgeo.network.read_network``).
The square CSV goes to ``--out`` (atomically) or stdout; the snap report and every problem
go to stderr. Unreachable cells are empty.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from eipgeo.cli._app import _guard, app


def _snap_report(snaps: object, mode: str) -> str:
    import pandas as pd

    assert isinstance(snaps, pd.DataFrame)
    worst = snaps.snap_distance_m.idxmax()
    return (f"snapped {len(snaps)} sites ({mode} mode): largest snap "
            f"{snaps.snap_distance_m.max():,.1f} m ({worst}); median "
            f"{snaps.snap_distance_m.median():,.1f} m")


def _depot_id(sites: object) -> str | None:
    import pandas as pd

    assert isinstance(sites, pd.DataFrame)
    if "role" not in sites.columns:
        return None
    depots = sites.loc[sites["role"].astype(str).str.strip().str.lower() == "depot", "id"]
    return str(depots.iloc[0]) if len(depots) else None


@app.command("matrix")
def matrix_cmd(  # noqa: PLR0913 - the contract's flags
    network_file: Annotated[Path, typer.Option(
        "--network", help="OSM XML, OSM PBF, GraphML, or road lines (GeoJSON/GPKG/SHP).")],
    sites_file: Annotated[Path, typer.Option(
        "--sites", help="Sites table (id, lat, lon; optional role=depot), as validate reads.")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="CSV to write; default stdout.")] = None,
    snap: Annotated[str, typer.Option("--snap", help="edge (default) or node.")] = "edge",
    snap_tolerance_m: Annotated[float, typer.Option(
        "--snap-tolerance-m", help="Largest accepted snap, metres.")] = 250.0,
    metric: Annotated[str, typer.Option(
        "--metric", help="distance (m) or duration (s, from legal truck maxima).")] = "distance",
    truck_gross_t: Annotated[float | None, typer.Option(
        "--truck-gross-t", help="Truck profile: drop ways closed to a truck of this gross "
        "weight (hgv, access, maxweight tags).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings count as errors.")] = False,
) -> None:
    """Write the directed site-to-site road matrix; exit 1 if any site or pair has a problem."""
    code = _guard(lambda: _run(network_file, sites_file, out, snap, snap_tolerance_m, metric,
                               truck_gross_t, strict))
    if code:
        raise typer.Exit(code)


def _run(  # noqa: PLR0913
    network_file: Path, sites_file: Path, out: Path | None, snap: str, tolerance_m: float,
    metric: str, truck_gross_t: float | None, strict: bool,
) -> int:
    from eipgeo import io, matrix, network, snapping
    from eipgeo._atomic import atomic_write_text
    from eipgeo._errors import UsageError

    if metric not in ("distance", "duration"):
        raise UsageError(f"--metric {metric!r} is not one of distance, duration")
    if snap not in ("edge", "node"):
        raise UsageError(f"--snap {snap!r} is not one of edge, node")
    if not tolerance_m > 0:
        raise UsageError(f"--snap-tolerance-m must be > 0, got {tolerance_m}")
    checked = io.check_enterprises_file(sites_file)
    sites = checked.frame
    ids = [str(s) for s in sites["id"]]
    lon, lat = list(sites["lon"].astype(float)), list(sites["lat"].astype(float))
    graph = network.read_network(network_file, truck_gross_t=truck_gross_t)
    weight = "length"
    if metric == "duration":
        network.add_travel_times(graph)
        weight = "travel_time"
    snaps = snapping.snap_sites(graph, ids, lon, lat, mode=snap)
    result = matrix.site_matrix_from_graph(graph, snaps, weight=weight)
    problems = list(checked.problems)
    problems += snapping.extent_problems(graph, ids, lon, lat, margin_m=tolerance_m)
    problems += snapping.snap_problems(snaps, tolerance_m)
    depot = _depot_id(sites)
    if depot is not None:
        problems += matrix.depot_reach_problems(result, depot, snaps)
    problems += matrix.unreachable_problems(
        result, dict(zip(snaps.index, snaps.strong_component_size, strict=True)),
        dict(zip(snaps.index, snaps.weak_component, strict=True)))
    text = result.to_csv()
    assert text is not None
    if out is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(out, text)
    typer.echo(network.component_report(graph).describe(), err=True)
    typer.echo(_snap_report(snaps, snap), err=True)
    for p in problems:
        typer.echo(f"{p.severity}: {p.to_line()}", err=True)
    errors = sum(p.severity == "error" for p in problems)
    return 1 if errors or (strict and problems) else 0
