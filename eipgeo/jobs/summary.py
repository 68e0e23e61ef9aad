"""The key figures of a job (``summary.csv``), read from its stored results."""

from __future__ import annotations

import pandas as pd

from eipgeo import coefficients, matrix, network, pathways
from eipgeo.jobs.result import JobResult
from eipgeo.jobs.sources import trunk_graph
from eipgeo.routing import tables as route_tables


def _network_rows(result: JobResult) -> list[tuple[str, object, str, str]]:
    """Summary rows on the road data used: graph sizes, snaps and haul-leg sources."""
    rows: list[tuple[str, object, str, str]] = []
    snaps = result.sites.get("snap_distance_m")
    if snaps is not None and snaps.notna().any():
        worst = result.sites.loc[snaps.idxmax()]
        rows.append(
            (
                "snap_m.max",
                round(float(snaps.max()), 1),
                "m",
                f"largest snap: {worst.site_id} ({worst['name']})",
            )
        )
        rows.append(("snap_m.median", round(float(snaps.median()), 1), "m", ""))
    if result.local_matrix is not None:
        kinds = sorted(set(result.local_matrix.source.ravel()))
        rows.append(
            (
                "distances.in_park",
                ";".join(map(str, kinds)),
                "",
                "osm_street = real streets; estimate_circuity = great-circle x circuity",
            )
        )
    if result.park.meta.trunk_roads:
        report = network.component_report(trunk_graph(result.park.meta.trunk_roads))
        rows.append(("network.trunk", report.nodes, "nodes", report.describe()))
    hauls = result.legs[result.legs.kind == "haul"] if not result.legs.empty else result.legs
    for source, m in hauls.groupby("source")["distance_m"].sum().items():
        why = (
            "trunk-road graph"
            if source == "trunk_road"
            else (
                "access legs and hauls the trunk graph does not serve within "
                f"{matrix.MAX_TRUNK_DETOUR:g}x the direct estimate"
            )
        )
        rows.append((f"haul_km.{source}", round(float(m) / 1000, 2), "km/day", why))
    return rows


def summarise(result: JobResult) -> pd.DataFrame:
    """Return the job's key figures as ``key, value, unit, note`` rows (``summary.csv``).

    Parameters
    ----------
    result
        The job's result (its ``summary`` is not read).

    Returns
    -------
    pandas.DataFrame
        ``key, value, unit, note``.
    """
    facilities = result.chosen_facilities
    s, legs = result.sites, result.legs
    clients = s[s.role == "client"]
    rows: list[tuple[str, object, str, str]] = [
        ("park", result.park.slug, "", result.park.name),
        ("sources", len(clients), "sites", "enterprises or outlets"),
        ("sources_routed", int(clients.routed.sum()), "sites", ""),
        (
            "sources_excluded",
            int((~clients.routed).sum()),
            "sites",
            "; ".join(p.to_line() for p in result.problems if p.severity == "error")[:500],
        ),
    ]
    if clients.empty:
        rows.append(
            (
                "flag",
                "no tenants",
                "",
                "no public tenant facts in the data: the park "
                "is mapped with its boundary only; add enterprises.csv rows to plan it",
            )
        )
    rows += _network_rows(result)
    rows += pathways.summary_rows(result.streams)
    rows += pathways.cost_ghg_summary_rows(result.streams, result.park.meta.province or None)
    for group, plan in result.plans.items():
        fac = facilities.get(group)
        rows.append((f"routes.{group}", len(plan.routes), "routes/day", ""))
        rows.append(
            (
                f"facility.{group}",
                "" if fac is None else fac["id"],
                "",
                "none suitable in the data: haul not planned"
                if fac is None
                else f"{fac['name']} ({fac['location_quality']})",
            )
        )
    for source, m in legs.groupby("source")["distance_m"].sum().items():
        rows.append(
            (
                f"route_km.{source}",
                round(float(m) / 1000, 2),
                "km/day",
                "estimated (great-circle x circuity)"
                if source == "estimate_circuity"
                else "road network",
            )
        )
    rows.append(("route_km.total", round(float(legs.distance_m.sum()) / 1000, 2), "km/day", ""))
    rows += route_tables.summary_rows(result.route_table, result.collection_frequencies)
    if not result.route_table.empty:
        rows += route_tables.timing_rows()
    rows.append(
        (
            "circuity_factor",
            coefficients.get("circuity_factor").value,
            "ratio",
            coefficients.get("circuity_factor").cite(),
        )
    )
    rows.append(("runtime_s", round(result.seconds, 1), "s", ""))
    return pd.DataFrame(rows, columns=["key", "value", "unit", "note"])
