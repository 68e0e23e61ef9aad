"""The job's output tables that are more than one stored frame: routes and stops.

Both read the job's stored results only (:class:`~eipgeo.jobs.result.JobResult`).
"""

from __future__ import annotations

import pandas as pd

from eipgeo.jobs.result import JobResult
from eipgeo.routing import tables as route_tables


def routes_frame(result: JobResult) -> pd.DataFrame:
    """One row per route: vehicle, stops, load (kg) and distance by source (m).

    Parameters
    ----------
    result
        The job's result: its route plans and drawn legs, and the solver's route table
        when it has one.

    Returns
    -------
    pandas.DataFrame
        ``route_id`` (``<group>-<n>``), ``group``, ``classes``, ``vehicle_type``,
        ``stops``, ``load_kg`` (kg), ``distance_m`` (m, summed over the drawn legs) and
        ``distance_m.<source>`` per distance source, then the route table's other figures.
        With no route, an empty frame with the route table's columns (no ``day``).
    """
    rows = []
    for group, plan in result.plans.items():
        for r, route in enumerate(plan.routes, start=1):
            route_id = f"{group}-{r}"
            legs = result.legs[result.legs.route_id == route_id]
            by_source = legs.groupby("source")["distance_m"].sum()
            rows.append(
                {
                    "route_id": route_id,
                    "group": group,
                    "classes": ";".join(plan.classes),
                    "vehicle_type": route.vehicle_type,
                    "stops": sum(1 for v in route.visits if v.kind == "pickup"),
                    "load_kg": route.load_kg,
                    "distance_m": round(float(legs.distance_m.sum()), 1),
                    **{f"distance_m.{k}": round(float(v), 1) for k, v in by_source.items()},
                }
            )
    frame = pd.DataFrame(rows)
    if frame.empty:  # no route (e.g. a park with no tenants): the header still tells what
        return pd.DataFrame(columns=[c for c in route_tables.ROUTE_COLUMNS if c != "day"])
    if result.route_table.empty:
        return frame
    figures = result.route_table.drop(
        columns=["day", "group", "classes", "vehicle_type", "stops", "load_kg", "distance_m"]
    )
    return frame.merge(figures, on="route_id", how="left")  # trips, km laden/empty, CO2e...


def stops_frame(result: JobResult) -> pd.DataFrame:
    """One row per visit of every route, in order (depot and end facility included).

    Parameters
    ----------
    result
        The job's result: the solver's stop table when it has one, else its drawn legs.

    Returns
    -------
    pandas.DataFrame
        The stop table without ``day``, names filled from the sites and facilities; or,
        from the legs, ``route_id``, ``seq`` (0 = start), ``site_id``, ``name`` and
        ``pickup_kg`` (the site's waste, kg/day). With no route, an empty frame with the
        stop table's columns (no ``day``).
    """
    names = dict(zip(result.sites.site_id, result.sites["name"], strict=True))
    names.update(
        dict(zip(result.facilities.get("id", []), result.facilities.get("name", []), strict=True))
    )
    if not result.stop_table.empty:  # the solver's schedule: arrival times, loads on board
        stops = result.stop_table.drop(columns=["day"])
        return stops.assign(name=stops.site_id.map(names).fillna(stops["name"]))
    kg = dict(zip(result.sites.site_id, result.sites.waste_kg_per_day, strict=True))
    rows = []
    for route_id, legs in result.legs.groupby("route_id", sort=True):
        visits = [legs.from_id.iloc[0], *legs.drop_duplicates("to_id").to_id]
        for seq, site in enumerate(dict.fromkeys(visits)):
            rows.append(
                {
                    "route_id": route_id,
                    "seq": seq,
                    "site_id": site,
                    "name": names.get(site, site),
                    "pickup_kg": kg.get(site, 0.0),
                }
            )
    if not rows:
        return pd.DataFrame(columns=[c for c in route_tables.STOP_COLUMNS if c != "day"])
    return pd.DataFrame(rows)
