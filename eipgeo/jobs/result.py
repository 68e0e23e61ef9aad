"""What one park's job produced, kept once: every stage's result, for tables, maps and reports.

:class:`JobResult` is frozen: the job builds it once (:func:`eipgeo.jobs.park.run_park`)
and every later stage (outputs, scenarios, appraisal, monitoring) reads it, as PyPSA's
statistics read the network's stored results. Nothing downstream solves again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import networkx as nx
import pandas as pd

from eipgeo._errors import Problem
from eipgeo.matrix import SiteMatrix
from eipgeo.parks import Park
from eipgeo.routing.frequency import GroupFrequency
from eipgeo.routing.model import CollectionPlan, VehicleType
from eipgeo.symbiosis.plan import SymbiosisResult


@dataclass(frozen=True)
class JobResult:
    """Everything one park's job produced.

    Attributes
    ----------
    park
        The park as run (a scenario's changes applied).
    sites
        Depot and sources, EPSG:4326 points: ``site_id``, ``name``, ``role``, ``lon``,
        ``lat``, ``waste_kg_per_day``, ``waste_t_per_yr``, ``routed``, ``location_quality``
        and the source's own columns.
    streams
        The waste inventory: one row per source and stream, with pathway, cost and CO2e.
    facilities
        The park's facilities (EPSG:4326 points).
    plans
        Class group to its collection plan.
    legs
        Drawn legs of every route (:data:`eipgeo.routing.legs.LEG_COLUMNS`).
    route_table, stop_table
        One row per route and per visit (:mod:`eipgeo.routing.tables`).
    fleet
        The vehicle types the plans used.
    symbiosis
        The exchange plan and its candidates (:mod:`eipgeo.symbiosis.from_job`).
    indicators
        The EIP indicators (:func:`eipgeo.indicators.indicators_for_job`).
    summary
        Key figures, ``key, value, unit, note`` (``summary.csv``).
    problems
        Warnings and the errors that excluded sites, each naming its site.
    chosen_facilities
        Class group to the facility its waste goes to (a row of ``facilities``).
    boundary, context_lines, local_matrix, graph
        The boundary polygons, the road lines drawn for context, the sites' distance
        matrix and the street graph (``None`` where the park has none).
    collection_frequencies
        Collection days a week per group when a scenario set them, else ``None``.
    symbiosis_objective
        What the exchange plan was asked to maximise (``auto``, ``t``, ``vnd``, ``co2e``).
    depot_opens
        When the depot opens, s from midnight, and where that hour was read
        (:func:`eipgeo.jobs.sources.depot_opening`): routes leave no earlier, and every
        clock time of the route and stop tables counts from the same midnight.
    seconds
        Wall time of the job.
    """

    park: Park
    sites: gpd.GeoDataFrame
    streams: pd.DataFrame
    facilities: gpd.GeoDataFrame
    plans: dict[str, CollectionPlan]
    legs: pd.DataFrame
    route_table: pd.DataFrame
    stop_table: pd.DataFrame
    fleet: list[VehicleType]
    symbiosis: SymbiosisResult
    indicators: pd.DataFrame
    summary: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    chosen_facilities: dict[str, pd.Series] = field(default_factory=dict)
    boundary: gpd.GeoDataFrame | None = None
    context_lines: gpd.GeoDataFrame | None = None
    local_matrix: SiteMatrix | None = None
    graph: nx.MultiDiGraph | None = None
    collection_frequencies: dict[str, GroupFrequency] | None = None
    symbiosis_objective: str = "auto"
    depot_opens: tuple[float, str] = (0.0, "")
    seconds: float = 0.0
