"""The symbiosis exchange plan as a folium layer of arcs (see :mod:`eipgeo.symbiosis`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import folium
    import pandas as pd


CLASS_COLOURS = {
    "ordinary": "#1b9e77",
    "domestic": "#66a61e",
    "controlled": "#e6ab02",
    "hazardous": "#d95f02",
    "energy": "#7570b3",
    "water": "#1f78b4",
    "unverified": "#666666",
}
"""Arc colour by waste class (ColorBrewer Dark2, colour-blind safe)."""


def map_symbiosis(plan: pd.DataFrame, *, name: str = "Symbiosis exchanges") -> folium.FeatureGroup:
    """Return a folium layer of the plan's arcs: width by t/yr, colour by class, popups.

    Parameters
    ----------
    plan
        :attr:`SymbiosisResult.plan` (EPSG:4326 ``supplier_lon/lat``, ``receiver_lon/lat``).
    name
        Layer name in the layer control.

    Returns
    -------
    folium.FeatureGroup
        One ``PolyLine`` per exchange, dashed when the distance is estimated; width
        2 + 8 x t / max t px.
    """
    import html

    import folium

    layer = folium.FeatureGroup(name=name, show=len(plan) <= 30)  # many arcs hide the routes
    top = float(plan.chosen_t_per_yr.max()) if len(plan) else 1.0
    for r in plan.itertuples():
        t = float(str(r.chosen_t_per_yr))
        co2 = float(str(r.co2e_cutoff_kg_per_yr))
        vnd = float(str(r.net_vnd_per_yr))
        unit = html.escape(str(getattr(r, "unit", "t/yr") or "t/yr"))
        evidence = html.escape(str(getattr(r, "evidence_level", "") or ""))
        popup = (
            f"<b>{html.escape(str(r.supplier_name))}</b> &rarr; "
            f"<b>{html.escape(str(r.receiver_name))}</b><br>"
            f"{html.escape(str(r.stream))} ({html.escape(str(r.waste_class))}, "
            f"link {r.link_id}{', evidence ' + evidence if evidence else ''})<br>"
            f"{t:,.1f} {unit}, {float(str(r.distance_km)):,.2f} km "
            f"({r.distance_source})<br>CO2e cut-off: "
            f"{'n/a' if math.isnan(co2) else f'{co2:,.0f} kg/yr'}<br>net value: "
            f"{'n/a (price not published)' if math.isnan(vnd) else f'{vnd:,.0f} VND/yr'}"
        )
        folium.PolyLine(  # type: ignore[no-untyped-call]
            [
                (float(str(r.supplier_lat)), float(str(r.supplier_lon))),
                (float(str(r.receiver_lat)), float(str(r.receiver_lon))),
            ],
            color=CLASS_COLOURS.get(str(r.waste_class), "#666666"),
            weight=2 + 8 * t / top,
            opacity=0.8,
            dash_array="6 6" if r.distance_source == "estimate_circuity" else None,
            popup=folium.Popup(popup, max_width=360),
            tooltip=f"{t:,.1f} {unit}",
        ).add_to(layer)
    return layer


CANDIDATES_ON_MAP = 30
"""How many candidates to investigate the map draws (water and energy ones always)."""


def map_candidates(
    candidates: pd.DataFrame, *, name: str = "Symbiosis candidates to investigate"
) -> folium.FeatureGroup:
    """Return a folium layer of candidates to investigate: thin dotted arcs with the reason.

    Parameters
    ----------
    candidates
        :func:`eipgeo.symbiosis.plan.candidates_to_investigate` (EPSG:4326
        ``supplier_lon/lat``, ``receiver_lon/lat``, ``why_not_in_plan``).
    name
        Layer name in the layer control.

    Returns
    -------
    folium.FeatureGroup
        One dotted ``PolyLine`` per candidate (every water and energy one, then the first
        :data:`CANDIDATES_ON_MAP` others), coloured by class; hidden until switched on
        unless a water or energy candidate is among them.
    """
    import html

    import folium
    import pandas

    utility = candidates.get("waste_class", pandas.Series(dtype=str)).isin(["water", "energy"])
    shown = pandas.concat([candidates[utility], candidates[~utility].head(CANDIDATES_ON_MAP)])
    layer = folium.FeatureGroup(name=name, show=bool(utility.any()))
    for r in shown.itertuples():
        qty = float(str(r.supply_t_per_yr))
        popup = (
            f"<b>Candidate</b>: <b>{html.escape(str(r.supplier_name))}</b> &rarr; "
            f"<b>{html.escape(str(r.receiver_name))}</b><br>"
            f"{html.escape(str(r.stream))} ({html.escape(str(r.waste_class))}, link "
            f"{r.link_id}, evidence {html.escape(str(r.evidence_level))})<br>"
            f"{qty:,.0f} {html.escape(str(r.unit))} offered<br>"
            f"not in the plan: {html.escape(str(r.why_not_in_plan))}"
        )
        folium.PolyLine(  # type: ignore[no-untyped-call]
            [
                (float(str(r.supplier_lat)), float(str(r.supplier_lon))),
                (float(str(r.receiver_lat)), float(str(r.receiver_lon))),
            ],
            color=CLASS_COLOURS.get(str(r.waste_class), "#666666"),
            weight=3,
            opacity=0.7,
            dash_array="2 6",
            popup=folium.Popup(popup, max_width=380),
            tooltip=f"candidate: {html.escape(str(r.stream))}",
        ).add_to(layer)
    return layer
