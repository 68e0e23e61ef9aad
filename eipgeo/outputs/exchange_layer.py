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
        popup = (
            f"<b>{html.escape(str(r.supplier_name))}</b> &rarr; "
            f"<b>{html.escape(str(r.receiver_name))}</b><br>"
            f"{html.escape(str(r.stream))} ({html.escape(str(r.waste_class))}, "
            f"link {r.link_id})<br>{t:,.1f} t/yr, {float(str(r.distance_km)):,.2f} km "
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
            tooltip=f"{t:,.1f} t/yr",
        ).add_to(layer)
    return layer
