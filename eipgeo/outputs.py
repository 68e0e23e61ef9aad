"""Writing a job's outputs: the map and the tables of ``CONTRACT.md``.

Layout under an output folder ``OUT`` (``maps/`` for the demo)::

    OUT/<slug>.html               the interactive map
    OUT/<slug>/summary.csv        key figures (key, value, unit, note)
    OUT/<slug>/waste_inventory.csv  one row per source and stream
    OUT/<slug>/routes.csv         one row per route
    OUT/<slug>/stops.csv          one row per visit

Each file is written atomically; a failed run leaves earlier files intact.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from eipgeo import maps
from eipgeo._io import atomic_write_csv
from eipgeo.jobs import JobResult


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
                "vehicle_type": route.vehicle_type, "stops": len(route.sites) - 2,
                "load_kg": route.load_kg, "distance_m": round(float(legs.distance_m.sum()), 1),
                **{f"distance_m.{k}": round(float(v), 1) for k, v in by_source.items()},
            })
    return pd.DataFrame(rows)


def stops_frame(result: JobResult) -> pd.DataFrame:
    """One row per visit of every route, in order (depot and end facility included)."""
    names = dict(zip(result.sites.site_id, result.sites["name"], strict=True))
    names.update(dict(zip(result.facilities.get("id", []),
                          result.facilities.get("name", []), strict=True)))
    kg = dict(zip(result.sites.site_id, result.sites.waste_kg_per_day, strict=True))
    rows = []
    for route_id, legs in result.legs.groupby("route_id", sort=True):
        visits = [legs.from_id.iloc[0], *legs.drop_duplicates("to_id").to_id]
        for seq, site in enumerate(dict.fromkeys(visits)):
            rows.append({"route_id": route_id, "seq": seq, "site_id": site,
                         "name": names.get(site, site), "pickup_kg": kg.get(site, 0.0)})
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
    inventory = result.streams.merge(
        result.sites[["site_id", "name", "source_type", "location_quality"]], on="site_id",
        how="left")
    tables = {
        "summary.csv": result.summary,
        "waste_inventory.csv": inventory,
        "routes.csv": routes_frame(result),
        "stops.csv": stops_frame(result),
    }
    written = []
    for name, frame in tables.items():
        atomic_write_csv(folder / name, frame)
        written.append(folder / name)
    written.append(maps.write_map(maps.map_job(result, tiles=tiles), out_dir / f"{slug}.html"))
    return written
