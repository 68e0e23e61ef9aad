"""The symbiosis exchange plan as a folium layer of arcs (see :mod:`eipgeo.symbiosis`).

Each arc runs from the supplier to the receiver with direction arrows; its popup, tooltip,
layer name and legend are bilingual (:mod:`eipgeo.outputs._catalogue`), and the stream
carries the waste list's name, the same name the report and tables use.
"""

from __future__ import annotations

import html
import math

import folium
import pandas as pd
from folium import plugins

from eipgeo.outputs._catalogue import number, pair
from eipgeo.outputs._map_elements import BoundPopup
from eipgeo.outputs._map_text import both, t
from eipgeo.symbiosis.names import material_name

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


def _num(value: float, decimals: int, unit: str) -> tuple[str, str]:
    (en, vi), (u_en, u_vi) = number(value, decimals), pair(unit)
    return f"{en} {u_en}", f"{vi} {u_vi}"


_UNIT_KEYS = {"t/yr": "unit.t_yr", "m3/yr": "unit.m3_yr", "MWh/yr": "unit.mwh_yr"}
"""Catalogue key of an exchange's unit (water in m³/yr and energy in MWh/yr are not t/yr)."""


def _name(r: pd.Series) -> tuple[str, str]:
    """Return the exchange's material name (:func:`eipgeo.outputs._catalogue.material_name`)."""
    return material_name(
        str(r.get("stream", "") or ""),
        str(r.get("waste_code", "") or ""),
        str(r.get("material", "") or ""),
    )


def _unit_key(r: pd.Series) -> str:
    unit = str(r.get("unit", "t/yr") or "t/yr")
    return _UNIT_KEYS.get(unit, "unit.t_yr")


def _popup_html(r: pd.Series) -> str:
    """Return the arc's popup: supplier → receiver, material, quantity, evidence, CO2e."""
    t_yr = float(str(r.chosen_t_per_yr))
    evidence = str(r.get("evidence_level", "") or "")
    co2 = float(str(r.co2e_cutoff_kg_per_yr))
    vnd = float(str(r.net_vnd_per_yr))
    src_en, src_vi = pair(f"dsource.{r.distance_source}", str(r.distance_source))
    km_en, km_vi = number(float(str(r.distance_km)), 2)
    rows = [
        ("material", both(*_name(r))),
        ("waste_class", both(*pair(f"class.{r.waste_class}", str(r.waste_class)))),
        ("link", html.escape(str(r.link_id))),
        ("quantity", both(*_num(t_yr, 1, _unit_key(r)))),
        ("evidence", both(*pair(f"evidence.{evidence}", evidence))),
        ("distance", both(f"{km_en} km ({src_en})", f"{km_vi} km ({src_vi})")),
        (
            "co2e_cutoff",
            t("not_available") if math.isnan(co2) else both(*_num(co2, 0, "unit.kg_yr")),
        ),
        (
            "net_value",
            t("price_not_published") if math.isnan(vnd) else both(*_num(vnd, 0, "unit.vnd_yr")),
        ),
    ]
    cells = "".join(f"<tr><th>{t(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f"<div class='eipgeo-popup'><b>{html.escape(str(r.supplier_name))}</b> &rarr; "
        f"<b>{html.escape(str(r.receiver_name))}</b><table>{cells}</table></div>"
    )


def map_symbiosis(plan: pd.DataFrame, *, name: str | None = None) -> folium.FeatureGroup:
    """Return a folium layer of the plan's arcs: width by t/yr, colour by class, popups.

    Parameters
    ----------
    plan
        :attr:`SymbiosisResult.plan` (EPSG:4326 ``supplier_lon/lat``, ``receiver_lon/lat``).
    name
        Layer name in the layer control (trusted HTML); None: the catalogue's bilingual
        "Symbiosis exchanges".

    Returns
    -------
    folium.FeatureGroup
        One ``PolyLine`` per exchange (class ``eipgeo-exchange``), supplier to receiver
        with direction arrows, dashed when the distance is estimated; width
        2 + 8 x t / max t px.
    """
    layer = folium.FeatureGroup(name=name or t("exchanges"), show=len(plan) <= 30)
    top = float(plan.chosen_t_per_yr.max()) if len(plan) else 1.0
    for _, r in plan.iterrows():
        t_yr = float(str(r.chosen_t_per_yr))
        colour = CLASS_COLOURS.get(str(r.waste_class), "#666666")
        line = folium.PolyLine(  # type: ignore[no-untyped-call]
            [
                (float(str(r.supplier_lat)), float(str(r.supplier_lon))),
                (float(str(r.receiver_lat)), float(str(r.receiver_lon))),
            ],
            color=colour,
            weight=2 + 8 * t_yr / top,
            opacity=0.8,
            dash_array="6 6" if r.distance_source == "estimate_circuity" else None,
            class_name="eipgeo-exchange",
            tooltip=f"{both(*_name(r))}: {both(*_num(t_yr, 1, _unit_key(r)))}",
        ).add_to(layer)
        BoundPopup(_popup_html(r)).add_to(line)
        plugins.PolyLineTextPath(  # type: ignore[no-untyped-call]
            line,
            "  ►  ",
            repeat=True,
            center=False,
            offset=5,
            attributes={"fill": colour, "font-size": "14", "class": "eipgeo-arrow"},
        ).add_to(layer)
    return layer


def exchange_legend(plan: pd.DataFrame) -> str:
    """Return the legend lines of the arcs drawn: one per waste class, and the arrow's meaning.

    Parameters
    ----------
    plan
        :attr:`SymbiosisResult.plan`; empty: ``""``.

    Returns
    -------
    str
        Trusted, bilingual HTML.
    """
    if plan.empty:
        return ""
    parts = [f"<b>{t('exchanges_legend')}</b><br>"]
    for cls, n in plan.waste_class.astype(str).value_counts().sort_index().items():
        colour = CLASS_COLOURS.get(str(cls), "#666666")
        parts.append(
            f"<span class='eipgeo-line' style='color:{colour}'>&#9473;&#9473;&#9658;</span> "
            f"{both(*pair(f'class.{cls}', str(cls)))} ({n:,})<br>"
        )
    parts.append(f"{t('exchange_arrow')}<br>{t('estimated_distance')}<br>")
    return "".join(parts)


CANDIDATES_ON_MAP = 30
"""How many candidates to investigate the map draws (water and energy ones always)."""


def candidates_on_map(candidates: pd.DataFrame) -> pd.DataFrame:
    """Return the candidates the map draws: every water and energy one, then the first others.

    Parameters
    ----------
    candidates
        :func:`eipgeo.symbiosis.plan.candidates_to_investigate`, best first.

    Returns
    -------
    pandas.DataFrame
        The water and energy rows, then the first :data:`CANDIDATES_ON_MAP` other rows.
    """
    utility = candidates.get("waste_class", pd.Series(dtype=str)).isin(["water", "energy"])
    return pd.concat([candidates[utility], candidates[~utility].head(CANDIDATES_ON_MAP)])


def _candidate_popup(r: pd.Series) -> str:
    qty = float(str(r.supply_t_per_yr))
    rows = [
        ("material", both(*_name(r))),
        ("waste_class", both(*pair(f"class.{r.waste_class}", str(r.waste_class)))),
        ("link", html.escape(str(r.link_id))),
        ("offered", both(*_num(qty, 0, _unit_key(r)))),
        ("evidence", both(*pair(f"evidence.{r.evidence_level}", str(r.evidence_level)))),
        ("why_not_in_plan", html.escape(str(r.why_not_in_plan))),
    ]
    cells = "".join(f"<tr><th>{t(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f"<div class='eipgeo-popup'><b>{t('candidate')}</b>: "
        f"<b>{html.escape(str(r.supplier_name))}</b> &rarr; "
        f"<b>{html.escape(str(r.receiver_name))}</b><table>{cells}</table></div>"
    )


def map_candidates(candidates: pd.DataFrame, *, name: str | None = None) -> folium.FeatureGroup:
    """Return a folium layer of candidates to investigate: thin dotted arcs with the reason.

    Parameters
    ----------
    candidates
        :func:`eipgeo.symbiosis.plan.candidates_to_investigate` (EPSG:4326
        ``supplier_lon/lat``, ``receiver_lon/lat``, ``why_not_in_plan``).
    name
        Layer name in the layer control (trusted HTML); None: the catalogue's bilingual
        "Symbiosis candidates to investigate".

    Returns
    -------
    folium.FeatureGroup
        One dotted ``PolyLine`` per candidate (every water and energy one, then the first
        :data:`CANDIDATES_ON_MAP` others), coloured by class; hidden until switched on
        unless a water or energy candidate is among them. The reason it is not in the
        plan is in its popup (text as the plan gives it, English).
    """
    utility = candidates.get("waste_class", pd.Series(dtype=str)).isin(["water", "energy"])
    shown = candidates_on_map(candidates)
    layer = folium.FeatureGroup(name=name or t("candidates"), show=bool(utility.any()))
    for _, r in shown.iterrows():
        line = folium.PolyLine(  # type: ignore[no-untyped-call]
            [
                (float(str(r.supplier_lat)), float(str(r.supplier_lon))),
                (float(str(r.receiver_lat)), float(str(r.receiver_lon))),
            ],
            color=CLASS_COLOURS.get(str(r.waste_class), "#666666"),
            weight=3,
            opacity=0.7,
            dash_array="2 6",
            class_name="eipgeo-exchange",
            tooltip=f"{t('candidate')}: {both(*_name(r))}",
        ).add_to(layer)
        BoundPopup(_candidate_popup(r)).add_to(line)
    return layer
