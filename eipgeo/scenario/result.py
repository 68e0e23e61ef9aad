"""What a scenario run produced: the job's result and the scenario's own findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from eipgeo.jobs.result import JobResult
from eipgeo.scenario.schema import Scenario
from eipgeo.siting import SitingResult


@dataclass
class ScenarioRun:
    """What :func:`eipgeo.scenario.run.run_scenario` produced.

    Attributes
    ----------
    scenario
        The scenario as validated.
    result
        The main job's result on the changed park (with the hub, when one was sited).
    siting
        The hub siting solution (a ``hub`` block), else ``None``.
    hubs
        The opened hub candidates (one row each).
    files
        The files written, when an output folder was given.
    layout
        The layout review's tables (``setbacks``, ``plot_coverage``).
    """

    scenario: Scenario
    result: JobResult
    siting: SitingResult | None = None
    hubs: pd.DataFrame = field(default_factory=pd.DataFrame)
    files: list[Path] = field(default_factory=list)
    layout: dict[str, pd.DataFrame] = field(default_factory=dict)
