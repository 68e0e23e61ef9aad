"""The onward haul: from a store or transfer site on to where its waste is treated.

A storage and transfer site (a hazardous-waste store, a transfer hub) shortens the park's
collection rounds, but the waste it receives still travels on to a treatment handler. This
module sizes that leg, once, for the job's ``summary.csv`` (stores of the park's inventory,
:func:`summary_rows`) and for an intervention's feasibility
(a ``facility`` intervention's onward haul, ``eipgeo feasibility``).

Distance: great circle (EPSG:4326) × the circuity coefficient (``circuity_factor`` in
``eipgeo/data/coefficients.csv``: 1.343, average radial detour of 300 European cities,
Environment and Planning B 2023, doi 10.1177/23998083231168870); an estimate, not a road
route. CO2e: t·km × ``symbiosis.truck_co2e_kg_per_t_km`` (0.197 kg CO2e/t·km, UK DESNZ
2025 conversion factors, HGV all diesel, all rigids, average laden). Laden, one way: the
empty return is not counted.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from eipgeo import coefficients, network, parks, pathways
from eipgeo.routing.model import HAZARDOUS_GROUP

LEG_COLUMNS = ["from_id", "to_id", "waste_t_per_yr", "km", "t_km_per_yr", "co2e_kg_per_yr"]
"""One row per leg: store id, treatment facility id, t/yr, km one way, t·km/yr, kg CO2e/yr."""


def _destination(rows: pd.DataFrame) -> pd.Series:
    """Where each row is treated: ``onward_facility_id``, else ``facility_id``."""
    fac = rows["facility_id"].fillna("").astype(str)
    if "onward_facility_id" not in rows.columns:
        return fac
    onward = rows["onward_facility_id"].fillna("").astype(str)
    return onward.where(onward != "", fac)


def onward_legs(
    rows: pd.DataFrame, facilities: pd.DataFrame, from_id: str | None = None
) -> pd.DataFrame:
    """Return the onward legs of streams, grouped by store and treatment facility.

    Parameters
    ----------
    rows
        Inventory rows (``waste_t_per_yr``, ``facility_id``; optional
        ``onward_facility_id``, :data:`eipgeo.pathways.PATHWAY_COLUMNS`).
    facilities
        The park's facilities (``id``, ``lon``, ``lat``, EPSG:4326 degrees).
    from_id
        The store or transfer site every row passes (an intervention's facility): each
        row goes on from it to where it is treated, unless treated there. ``None``: the
        rows' own ``facility_id`` where ``onward_facility_id`` names a handler.

    Returns
    -------
    pandas.DataFrame
        :data:`LEG_COLUMNS`, sorted by store then facility; empty when no row goes on.
        ``km`` = great-circle km × ``circuity_factor``; ``t_km_per_yr`` = t/yr × km;
        ``co2e_kg_per_yr`` = t·km/yr × ``symbiosis.truck_co2e_kg_per_t_km``.
    """
    empty = pd.DataFrame(columns=LEG_COLUMNS)
    if rows.empty or facilities.empty or "id" not in facilities.columns:
        return empty
    fac = facilities.set_index(facilities["id"].astype(str))
    dest = _destination(rows)
    if from_id is None:
        onward = rows.get("onward_facility_id", pd.Series("", index=rows.index))
        origin = rows["facility_id"].fillna("").astype(str)
        keep = onward.fillna("").astype(str) != ""
    else:
        origin = pd.Series(str(from_id), index=rows.index)
        keep = dest != str(from_id)
    keep &= origin.isin(fac.index) & dest.isin(fac.index)
    if not keep.any():
        return empty
    t = rows["waste_t_per_yr"].astype(float)
    frame = pd.DataFrame({"from_id": origin[keep], "to_id": dest[keep], "t": t[keep]})
    circuity = coefficients.get("circuity_factor").value
    truck = coefficients.get("symbiosis.truck_co2e_kg_per_t_km").value
    lon = pd.to_numeric(fac["lon"], errors="coerce").to_dict()
    lat = pd.to_numeric(fac["lat"], errors="coerce").to_dict()
    legs = []
    for (a, b), group in frame.groupby(["from_id", "to_id"], sort=True):
        metres = network.haversine_m(
            float(lon[str(a)]), float(lat[str(a)]), float(lon[str(b)]), float(lat[str(b)])
        )
        km = float(metres) * circuity / 1000
        tonnes = float(group["t"].sum())
        legs.append((str(a), str(b), tonnes, km, tonnes * km, tonnes * km * truck))
    return pd.DataFrame(legs, columns=LEG_COLUMNS)


TRANSFER_WORDS = ("transfer", "store", "hub")
"""A scenario facility whose ``kind`` holds one of these words passes waste on (not a
treatment or disposal site)."""


def hub_legs(
    streams: pd.DataFrame,
    facilities: pd.DataFrame,
    chosen: Mapping[str, pd.Series],
    routed_sites: Collection[str] | None = None,
) -> pd.DataFrame:
    """Return the onward leg of the non-hazardous rounds unloaded at a scenario's hub.

    When a facility a scenario adds (``confidence`` ``scenario``, a ``kind`` with a word of
    :data:`TRANSFER_WORDS`) is the unload point of the ``non_hazardous`` rounds
    (``chosen``), the waste those rounds collect (``collection`` ``park_round`` rows of
    the routed sites, classes other than hazardous and controlled) goes on from the hub
    to the nearest facility, by great circle from the hub, of the park's own data that
    accepts all of it and has a routable position (operating ones first). Facilities
    without finite coordinates are not candidates.

    Parameters
    ----------
    streams
        The job's inventory (``waste_t_per_yr``, ``waste_class``, ``collection``).
    facilities
        The park's facilities (``id``, ``lon``, ``lat`` in EPSG:4326 degrees,
        ``accepts``, ``status``, ``confidence``, ``kind``).
    chosen
        Route group → its unload facility (``JobResult.chosen_facilities``).
    routed_sites
        Ids of the sites the rounds visit (``sites.routed``); ``None``: every site.

    Returns
    -------
    pandas.DataFrame
        :data:`LEG_COLUMNS` (one row, or empty when no hub is the unload point or no
        facility of the park takes the waste on).
    """
    empty = pd.DataFrame(columns=LEG_COLUMNS)
    hub = chosen.get("non_hazardous")
    if hub is None or str(hub.get("confidence", "")) != "scenario":
        return empty
    if not any(w in str(hub.get("kind", "")).lower() for w in TRANSFER_WORDS):
        return empty
    if streams.empty or "collection" not in streams.columns:
        return empty
    on_round = (streams["collection"] == "park_round") & ~streams["waste_class"].isin(
        HAZARDOUS_GROUP
    )
    if routed_sites is not None:
        on_round &= streams["site_id"].astype(str).isin({str(i) for i in routed_sites})
    rounds = streams[on_round]
    tonnes = float(rounds["waste_t_per_yr"].astype(float).sum())
    classes = set(rounds["waste_class"].astype(str))
    confidence = facilities.get("confidence", pd.Series("", index=facilities.index))
    own = facilities[confidence.fillna("").astype(str) != "scenario"]
    own = own[own["accepts"].astype(str).str.split(";").apply(lambda a: classes <= set(a))]
    if "location_quality" in own.columns:
        own = own[own["location_quality"].isin(parks.ROUTABLE_QUALITY)]
    lon = pd.to_numeric(own["lon"], errors="coerce")
    lat = pd.to_numeric(own["lat"], errors="coerce")
    own = own[lon.notna() & lat.notna()]
    if tonnes <= 0 or own.empty:
        return empty
    operating = own["status"].fillna("").astype(str).str.lower().str.startswith("operating")
    pool = own[operating] if operating.any() else own
    metres = network.haversine_m(
        pd.to_numeric(pool["lon"]).to_numpy(float),
        pd.to_numeric(pool["lat"]).to_numpy(float),
        float(hub["lon"]),
        float(hub["lat"]),
    )
    order = sorted(range(len(pool)), key=lambda i: (float(metres[i]), str(pool["id"].iloc[i])))
    rows = pd.DataFrame(
        {
            "waste_t_per_yr": [tonnes],
            "facility_id": [str(hub["id"])],
            "onward_facility_id": [str(pool["id"].iloc[order[0]])],
        }
    )
    return onward_legs(rows, facilities)


def summary_rows(
    streams: pd.DataFrame,
    facilities: pd.DataFrame,
    chosen: Mapping[str, pd.Series] | None = None,
    routed_sites: Collection[str] | None = None,
) -> list[tuple[str, object, str, str]]:
    """Return the ``summary.csv`` rows of the stores' onward haul (none without a store).

    Parameters
    ----------
    streams
        The job's inventory (:data:`eipgeo.pathways.PATHWAY_COLUMNS`).
    facilities
        The park's facilities (``id``, ``lon``, ``lat``).
    chosen
        Route group → its unload facility; a scenario's hub unloading the non-hazardous
        rounds adds its leg (:func:`hub_legs`). Default: none.
    routed_sites
        Ids of the sites the rounds visit, for the hub's leg; ``None``: every site.

    Returns
    -------
    list of (key, value, unit, note)
        ``onward_haul_t_per_yr`` (t/yr a store or a scenario's hub sends on),
        ``onward_haul_t_km`` (t·km/yr), ``onward_haul_co2e_kg`` (kg CO2e/yr), each
        naming its legs and sources; ``stored_untreated_t_per_yr`` when a store holds
        hazardous waste no facility in the park's data is permitted to treat. Empty when
        no stream is collected to a store.
    """
    if streams.empty or "onward_facility_id" not in streams.columns:
        return []
    hub = hub_legs(streams, facilities, chosen or {}, routed_sites)
    legs = onward_legs(streams, facilities)
    legs = hub if legs.empty else legs if hub.empty else pd.concat([legs, hub], ignore_index=True)
    rows: list[tuple[str, object, str, str]] = []
    if not legs.empty:
        said = "; ".join(
            f"{r.from_id} -> {r.to_id} {r.km:,.2f} km, {r.waste_t_per_yr:,.1f} t/yr"
            for r in legs.itertuples()
        )
        circuity = coefficients.get("circuity_factor")
        truck = coefficients.get("symbiosis.truck_co2e_kg_per_t_km")
        rows += [
            (
                "onward_haul_t_per_yr",
                round(float(legs.waste_t_per_yr.sum()), 1),
                "t/yr",
                f"waste a storage and transfer site sends on: hazardous (KS included) to "
                f"its treatment handler (waste_inventory.csv onward_facility_id), a "
                f"scenario hub's non-hazardous rounds to the park's facility: {said}"[:500],
            ),
            (
                "onward_haul_t_km",
                round(float(legs.t_km_per_yr.sum()), 1),
                "t·km/yr",
                f"t/yr × km, laden one way; km = great circle × {circuity.value} "
                f"({circuity.cite()}); an estimate, not a road route; not in route km"[:500],
            ),
            (
                "onward_haul_co2e_kg",
                round(float(legs.co2e_kg_per_yr.sum()), 1),
                "kg CO2e/yr",
                f"t·km/yr × {truck.value} kg CO2e/t·km ({truck.cite()}); not in route CO2e"[:500],
            ),
        ]
    stored = pathways.stored_untreated(streams, facilities)
    if stored.any():
        codes = ", ".join(sorted(set(streams.loc[stored, "waste_code"].astype(str))))
        rows.append(
            (
                "stored_untreated_t_per_yr",
                round(float(streams.loc[stored, "waste_t_per_yr"].astype(float).sum()), 1),
                "t/yr",
                f"hazardous waste (KS handled as hazardous included) collected to a store "
                f"with no facility in the park's data permitted to treat it ({codes}); add "
                "the handler to facilities.csv with its permit"[:500],
            )
        )
    return rows
