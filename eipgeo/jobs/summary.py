"""The key figures of a job (``summary.csv``), read from its stored results."""

from __future__ import annotations

import math

import pandas as pd

from eipgeo import coefficients, generation, matrix, network, pathways
from eipgeo.jobs import onward
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
                "osm_street = real streets (OSM); street_lines = the park's own road lines; "
                "estimate_circuity = great-circle x circuity",
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


def _published_area_ha(result: JobResult) -> tuple[float, str]:
    """Return the park's gross area for rates per ha and where it comes from."""
    stat = next(
        (st for st in result.park.meta.statistics if st.key == "gross_area_ha" and st.value),
        None,
    )
    if stat is not None:
        return float(stat.value or 0.0), f"gross_area_ha ({stat.year}; {stat.source_url})"
    return float(result.park.meta.area_ha or 0.0), "park.json area_ha (the OSM boundary)"


def _unlisted_note(cov: generation.Coverage) -> str:
    low, _, high = cov.unlisted_range
    what = (
        f"published - listed - {cov.departed:,.1f} {cov.unit} of tenants removed by the "
        "scenario (they left with it)"
        if cov.departed
        else "published - listed"
    )
    if low == high:
        return f"{what} (the published figure is a single value, no range)"
    return f"{what}; range {low:,.1f}-{high:,.1f} from the published range"


def coverage_rows(result: JobResult) -> list[tuple[str, object, str, str]]:
    """Return how much of the park its listed tenants cover (``summary.csv`` rows).

    Parameters
    ----------
    result
        The job's result (an industrial park; other cases give no rows).

    Returns
    -------
    list of (key, value, unit, note)
        ``coverage.basis`` (``workforce``, ``area`` or ``none``), the published and
        listed workforce (``workforce.published``, ``workforce.listed``) or land
        (``area_ha.occupied``, ``area_ha.listed``), and
        ``coverage_share_pct.listed_workforce`` or ``coverage_share_pct.listed_area``
        (:func:`eipgeo.generation.park_coverage`).
    """
    if result.park.kind != "industrial_park":
        return []
    clients = result.sites[result.sites.role == "client"].rename(columns={"site_id": "id"})
    cov = generation.park_coverage(result.park, clients)
    rows: list[tuple[str, object, str, str]] = [("coverage.basis", cov.basis, "", cov.note)]
    if cov.basis == "none":
        return rows
    kind, name = ("workforce", "workers") if cov.basis == "workforce" else ("area_ha", "ha")
    published = "published" if cov.basis == "workforce" else "occupied"
    share_key = "listed_workforce" if cov.basis == "workforce" else "listed_area"
    rows += [
        (f"{kind}.{published}", round(cov.published or 0.0, 1), name, str(cov.source_url)),
        (
            f"{kind}.listed",
            round(cov.listed, 1),
            name,
            f"{cov.listed_reported:,.1f} reported, the rest filled by park averages",
        ),
        (f"{kind}.rest_of_park", round(cov.unlisted, 1), name, _unlisted_note(cov)),
        (
            f"coverage_share_pct.{share_key}",
            round(cov.listed_share_pct or 0.0, 1),
            "%",
            f"listed tenants' share of the park's published {name}",
        ),
    ]
    return rows


def plausibility_table(result: JobResult) -> pd.DataFrame:
    """Return the park's plausibility table (:func:`eipgeo.pathways.plausibility`).

    Parameters
    ----------
    result
        The job's result.

    Returns
    -------
    pandas.DataFrame
        :data:`eipgeo.pathways.PLAUSIBILITY_COLUMNS` plus ``area_from`` (which area the
        rate per ha uses); empty for a case that is not an industrial park, has no
        streams, or has no area. The workforce is the published one (coverage basis
        ``workforce``); the gross area the ``gross_area_ha`` statistic, else the OSM
        boundary's ``area_ha``.
    """
    area, area_from = _published_area_ha(result)
    if result.park.kind != "industrial_park" or result.streams.empty or area <= 0:
        return pd.DataFrame(columns=[*pathways.PLAUSIBILITY_COLUMNS, "area_from"])
    clients = result.sites[result.sites.role == "client"].rename(columns={"site_id": "id"})
    cov = generation.park_coverage(result.park, clients)
    table = pathways.plausibility(
        result.streams,
        area_ha=area,
        workers=cov.published if cov.basis == "workforce" else None,
        occupied_area_ha=cov.published if cov.basis == "area" else None,
    )
    return table.assign(area_from=area_from)


def plausibility_rows(result: JobResult) -> list[tuple[str, object, str, str]]:
    """Return the plausibility rows of ``summary.csv``: each metric and its verdict.

    Parameters
    ----------
    result
        The job's result (an industrial park with an area; other cases give no rows).

    Returns
    -------
    list of (key, value, unit, note)
        ``plausibility.<metric>`` for each row of :func:`plausibility_table` (t/worker/yr
        on the published workforce, t/ha/yr on the gross area, hazardous share, cost per
        t); the note gives the verdict and the published range.
    """
    rows: list[tuple[str, object, str, str]] = []
    for _, r in plausibility_table(result).iterrows():
        low, high = float(r["published_low"]), float(r["published_high"])
        span = "" if math.isnan(low) else f"; published {low:g}-{high:g} {r['unit']}"
        where = f" (area: {r['area_from']})" if r["metric"] == "waste_t_per_ha_yr" else ""
        rows.append(
            (
                f"plausibility.{r['metric']}",
                r["park_value"],
                str(r["unit"]),
                f"{r['verdict']}{span}{where}",
            )
        )
    return rows


def _routed_share_rows(result: JobResult) -> list[tuple[str, object, str, str]]:
    """Say which tonnage the routes, trucks and route km cover."""
    streams = result.streams
    if streams.empty or "collection" not in streams.columns:
        return []
    t = streams["waste_t_per_yr"].astype(float)
    routed = float(t[streams["collection"] == "park_round"].sum())
    total = float(t.sum())
    return [
        (
            "routes.coverage",
            round(100 * routed / total, 1) if total else 0.0,
            "% of park t/yr",
            f"routes, trucks, route km, fuel and route CO2e cover listed tenants' park-round "
            f"streams only ({routed:,.1f} of {total:,.1f} t/yr); not routed: the rest of the "
            "park (no sites) and process streams generators ship in bulk themselves",
        )
    ]


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
            "; ".join(
                p.to_line()
                for p in result.problems
                if p.severity == "error" or p.code == "outside_boundary"
            )[:500],
        ),
    ]
    depot = s[s.role == "depot"]
    if len(depot):
        quality = str(depot["location_quality"].iloc[0]) if "location_quality" in depot else ""
        rows.append(
            ("depot", str(depot["site_id"].iloc[0]), "", f"{depot['name'].iloc[0]} ({quality})")
        )
    origin = result.facilities.get("facility_origin", pd.Series(dtype=str)).astype(str)
    from_register = origin.str.startswith("eipgeo regional register")
    if from_register.any():
        ids = ", ".join(sorted(result.facilities.loc[from_register, "id"].astype(str)))
        rows.append(
            (
                "facilities.regional_register",
                int(from_register.sum()),
                "sites",
                f"{origin[from_register].iloc[0]}: {ids} (eipgeo/data/regional_facilities.csv, "
                "each row with its own source); the park gave no facilities of its own"[:500],
            )
        )
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
    rows += coverage_rows(result)
    rows += plausibility_rows(result)
    rows += _routed_share_rows(result)
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
    rows += onward.summary_rows(
        result.streams, result.facilities, facilities, set(clients.site_id[clients.routed])
    )
    if not result.route_table.empty:
        rows += route_tables.timing_rows()
        opens_s, opens_from = result.depot_opens
        rows.append(("depot_opens", route_tables.clock(opens_s), "HH:MM", opens_from))
    rows.append(
        (
            "circuity_factor",
            coefficients.get("circuity_factor").value,
            "ratio",
            coefficients.get("circuity_factor").cite(),
        )
    )
    rows.append(("runtime_s", round(result.seconds, 1), "s", ""))
    return pd.DataFrame(_say_route_coverage(rows), columns=["key", "value", "unit", "note"])


_ROUTE_KEYS = ("routes.", "facility.", "route_", "week_route", "haul_km.", "sources_routed")


def _say_route_coverage(
    rows: list[tuple[str, object, str, str]],
) -> list[tuple[str, object, str, str]]:
    """Add to every route figure's note that it covers the routed streams only."""
    if not any(key == "routes.coverage" for key, *_ in rows):
        return rows
    tag = "listed tenants' park-round streams only (routes.coverage)"
    return [
        (key, value, unit, f"{note}; {tag}" if note else tag)
        if key.startswith(_ROUTE_KEYS) and key != "routes.coverage"
        else (key, value, unit, note)
        for key, value, unit, note in rows
    ]
