"""Writing a job's outputs: the map and the tables of ``CONTRACT.md``.

Layout under an output folder ``OUT`` (``maps/`` for the demo)::

    OUT/<slug>.html               the interactive map
    OUT/<slug>/summary.csv        key figures (key, value, unit, note)
    OUT/<slug>/waste_inventory.csv  one row per source and stream (pathway, VND/yr, CO2e)
    OUT/<slug>/waste_totals.csv   t/yr, share, VND/yr, kg CO2e/yr by class and pathway
    OUT/<slug>/sankey.html        generators -> sector -> class -> pathway (plotly inlined)
    OUT/<slug>/sankey.png         the same, rendered by the system Chromium (if present)
    OUT/<slug>/routes.csv         one row per route
    OUT/<slug>/stops.csv          one row per visit

Each file is written atomically; a failed run leaves earlier files intact.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from eipgeo import maps, pathways, sankey
from eipgeo._atomic import atomic_write_csv, atomic_write_gpkg, atomic_write_text
from eipgeo._errors import DataNotFoundError
from eipgeo.jobs.result import JobResult
from eipgeo.routing import tables as route_tables
from eipgeo.routing.legs import legs_geodataframe
from eipgeo.symbiosis_map import map_symbiosis


def routes_frame(result: JobResult) -> pd.DataFrame:
    """One row per route: vehicle, stops, load (kg) and distance by source (m)."""
    rows = []
    for group, plan in result.plans.items():
        for r, route in enumerate(plan.routes, start=1):
            route_id = f"{group}-{r}"
            legs = result.legs[result.legs.route_id == route_id]
            by_source = legs.groupby("source")["distance_m"].sum()
            rows.append({
                "route_id": route_id, "group": group, "classes": ";".join(plan.classes),
                "vehicle_type": route.vehicle_type,
                "stops": sum(1 for v in route.visits if v.kind == "pickup"),
                "load_kg": route.load_kg, "distance_m": round(float(legs.distance_m.sum()), 1),
                **{f"distance_m.{k}": round(float(v), 1) for k, v in by_source.items()},
            })
    frame = pd.DataFrame(rows)
    if frame.empty:  # no route (e.g. a park with no tenants): the header still tells what
        return pd.DataFrame(columns=[c for c in route_tables.ROUTE_COLUMNS if c != "day"])
    if result.route_table.empty:
        return frame
    figures = result.route_table.drop(columns=["day", "group", "classes", "vehicle_type",
                                               "stops", "load_kg", "distance_m"])
    return frame.merge(figures, on="route_id", how="left")  # trips, km laden/empty, CO2e...


def stops_frame(result: JobResult) -> pd.DataFrame:
    """One row per visit of every route, in order (depot and end facility included)."""
    names = dict(zip(result.sites.site_id, result.sites["name"], strict=True))
    names.update(dict(zip(result.facilities.get("id", []),
                          result.facilities.get("name", []), strict=True)))
    if not result.stop_table.empty:  # the solver's schedule: arrival times, loads on board
        stops = result.stop_table.drop(columns=["day"])
        return stops.assign(name=stops.site_id.map(names).fillna(stops["name"]))
    kg = dict(zip(result.sites.site_id, result.sites.waste_kg_per_day, strict=True))
    rows = []
    for route_id, legs in result.legs.groupby("route_id", sort=True):
        visits = [legs.from_id.iloc[0], *legs.drop_duplicates("to_id").to_id]
        for seq, site in enumerate(dict.fromkeys(visits)):
            rows.append({"route_id": route_id, "seq": seq, "site_id": site,
                         "name": names.get(site, site), "pickup_kg": kg.get(site, 0.0)})
    if not rows:
        return pd.DataFrame(columns=[c for c in route_tables.STOP_COLUMNS if c != "day"])
    return pd.DataFrame(rows)


def write_job(result: JobResult, out_dir: Path, *, tiles: str = "none") -> list[Path]:
    """Write the map and tables of one job under ``out_dir``.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    slug = result.park.slug
    folder = out_dir / slug
    site_cols = [c for c in ("site_id", "name", "source_type", "location_quality", "employees",
                             "employees_quality", "snap_distance_m") if c in result.sites]
    inventory = result.streams.merge(result.sites[site_cols], on="site_id", how="left")
    sym = result.symbiosis
    tables = {
        "summary.csv": result.summary,
        "waste_inventory.csv": inventory,
        "routes.csv": routes_frame(result),
        "stops.csv": stops_frame(result),
        "waste_totals.csv": pathways.park_totals(result.streams),
        "symbiosis.csv": sym.candidates,
    }
    written = []
    for name, frame in tables.items():
        atomic_write_csv(folder / name, frame)
        written.append(folder / name)
    written += _write_route_files(result, folder, tables["routes.csv"], tables["stops.csv"])
    park_map = maps.map_job(result, tiles=tiles)
    if len(sym.plan):  # the exchange plan as arcs (issue 8)
        map_symbiosis(sym.plan).add_to(park_map)
    written.append(maps.write_map(park_map, out_dir / f"{slug}.html"))
    written += _write_sankey(result, folder)
    from eipgeo import report  # report.html and indicators.csv (issue 10)

    written.append(report.write_report(result, folder))
    return written


def _write_route_files(result: JobResult, folder: Path, routes: pd.DataFrame,
                       stops: pd.DataFrame) -> list[Path]:
    """Write ``routes.gpkg``, ``summary.json`` and ``hazardous_timetable.csv``.

    The GeoPackage holds one line per leg along its geometry (EPSG:4326); estimated legs
    are straight and flagged ``estimated``. The timetable is written only when hazardous
    waste is routed.
    """
    import json

    from eipgeo.routing import tables as route_tables

    legs = legs_geodataframe(result.legs, estimated=result.legs.source == "estimate_circuity")
    atomic_write_gpkg({"route_legs": legs}, folder / "routes.gpkg")
    summary = {str(k): v for k, v in zip(result.summary.key, result.summary.value, strict=True)}
    atomic_write_text(folder / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False,
                                                          default=str))
    written = [folder / "routes.gpkg", folder / "summary.json"]
    if "group" in routes and (routes.group == "hazardous").any() and "kind" in stops:
        table = route_tables.hazardous_timetable(stops.assign(day=""), result.route_table)
        atomic_write_csv(folder / "hazardous_timetable.csv", table)
        written.append(folder / "hazardous_timetable.csv")
    return written


def _write_sankey(result: JobResult, folder: Path) -> list[Path]:
    """``sankey.html`` (plotly.js inlined) and, when Chromium is present, ``sankey.png``."""
    if result.streams.empty:
        fig = sankey.empty_figure(f"{result.park.name}: waste flows (t/yr)",
                                  "No waste streams: the park's data lists no enterprise "
                                  "(see summary.csv)")
        return [sankey.write_sankey_html(fig, folder / "sankey.html")]
    names = dict(zip(result.sites.site_id, result.sites["name"].astype(str), strict=True))
    basis = "estimated" if set(result.streams["basis"]) == {"estimated"} else \
        "measured where stated, else estimated"
    fig = sankey.sankey_figure(
        sankey.sankey_links(result.streams, names),
        f"{result.park.name}: waste flows (t/yr, {basis}; coefficients and their status in "
        "waste_inventory.csv), generator to pathway")
    html = sankey.write_sankey_html(fig, folder / "sankey.html")
    try:
        return [html, sankey.render_png(html, folder / "sankey.png")]
    except DataNotFoundError:
        return [html]  # no system Chromium: the HTML alone (a downloaded browser is never used)
