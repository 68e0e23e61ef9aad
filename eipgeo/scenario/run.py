"""The one scenario runner: every command that runs a scenario runs it here.

``eipgeo run``, ``compare``, ``batch``, ``feasibility`` and ``monitor`` (and the layout
app) call :func:`run_scenario`; a park run as it is, with no scenario file, is its
:func:`~eipgeo.scenario.schema.baseline_scenario`. The same scenario therefore gives the
same figures whichever command runs it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from eipgeo import coefficients, parks, siting
from eipgeo._progress import stage
from eipgeo.jobs.park import run_park
from eipgeo.jobs.result import JobResult
from eipgeo.outputs import write
from eipgeo.scenario import setbacks
from eipgeo.scenario.apply import (
    _facility_row,
    check_recp_sites,
    park_for_scenario,
    waste_scenario,
    with_facilities,
)
from eipgeo.scenario.result import ScenarioRun
from eipgeo.scenario.schema import Scenario, baseline_scenario


def _site_hub(
    scenario: Scenario, first: JobResult
) -> tuple[siting.SitingResult, pd.DataFrame, list[dict[str, object]]]:
    """Site the scenario's hub by p-median on the first run's clients."""
    hub = scenario.hub
    assert hub is not None
    if hub.candidates == "points":
        cands = pd.DataFrame(
            [{"candidate_id": p.id, "lon": p.lon, "lat": p.lat} for p in hub.points]
        )
    else:
        boundary = first.boundary if first.boundary is not None else parks.read_boundary(first.park)
        cands = pd.DataFrame(
            siting.grid_candidates(
                boundary, spacing_m=hub.grid_spacing_m, epsg=int(first.park.epsg)
            )
        )
    cands, note = setbacks.screen_hub(scenario, first, cands)
    caps = None if hub.capacity_t_per_yr is None else [hub.capacity_t_per_yr] * len(cands)
    sites = first.sites[first.sites.routed] if "routed" in first.sites else first.sites
    result, opened = siting.site_facility(
        sites,
        cands,
        p=hub.p,
        circuity=coefficients.get("circuity_factor").value,
        capacities_t_per_yr=caps,
        graph=_street_graph(first),
    )
    result.notes += [note] if note else []
    rows = []
    for i, (cid, lon, lat) in enumerate(
        zip(opened.candidate_id, opened.lon, opened.lat, strict=True), start=1
    ):
        spec = hub.model_copy(update={"id": f"{hub.id}-{i}" if hub.p > 1 else hub.id})
        rows.append(
            _facility_row(
                spec,
                float(lon),
                float(lat),
                f"sited by {result.model} among {len(cands)} "
                f"{hub.candidates} candidates (candidate {cid}) on "
                f"{result.cost_basis} costs",
            )
        )
    return result, opened, rows


def _street_graph(result: JobResult) -> nx.MultiDiGraph | None:
    """Return the street graph the job's in-park matrix was computed on (``None``: estimated)."""
    local = result.local_matrix
    real = {"osm_street", "street_lines"}
    if local is None or not real & set(np.asarray(local.source).ravel().tolist()):
        return None
    return result.graph


def run_scenario(
    scenario: Scenario,
    *,
    park: parks.Park | None = None,
    out_dir: Path | None = None,
    view: str = "firm",
) -> ScenarioRun:
    """Run a scenario; with ``out_dir``, write its outputs under ``out_dir/<park slug>/``.

    With a ``hub`` block, the park is run once as changed, the hub is sited by
    p-median on the clients' t/yr, and the job is run again with the hub as a facility
    (so it becomes the unload point of the classes it accepts).

    Parameters
    ----------
    scenario
        The validated scenario (:func:`~eipgeo.scenario.schema.load_scenario`).
    park
        The park with the scenario's changes already applied (``eipgeo batch`` builds it
        on the client; a national park exists only in memory). Default:
        :func:`~eipgeo.scenario.apply.park_for_scenario`.
    out_dir
        Where to write the outputs; ``None`` writes nothing.
    view
        ``firm`` (every output, firm-level detail) or ``aggregate`` (only suppressed
        sector and zone totals, park-level figures and their report).

    Returns
    -------
    ScenarioRun
        The job's result and the scenario's own findings.

    Raises
    ------
    DataNotFoundError, InputReadError, InfeasibleError, UnreachableError
        As :func:`eipgeo.jobs.park.run_park`, and when the siting model has no solution.
    ValidationError
        The scenario names sites or files that do not fit its park.
    """
    base = park if park is not None else park_for_scenario(scenario)
    check_recp_sites(scenario, base)
    kwargs: dict[str, Any] = {
        "seed": scenario.seed,
        "max_iterations": scenario.iterations,
        "waste_scenario": waste_scenario(scenario),
        "collection_days_per_week": None
        if scenario.collection is None
        else dict(scenario.collection.days_per_week),
        "symbiosis_objective": "auto"
        if scenario.symbiosis is None
        else scenario.symbiosis.objective,
    }
    with stage("park job"):
        result = run_park(base, **kwargs)
    run = ScenarioRun(scenario, result)
    if scenario.hub is not None:
        with stage("hub siting"):
            run.siting, run.hubs, rows = _site_hub(scenario, result)
        with stage("park job with the hub"):
            run.result = run_park(with_facilities(base, rows), **kwargs)
    if scenario.setbacks or scenario.plot_coverage is not None:
        with stage("layout review"):
            review = setbacks.review(scenario, run.result)
        run.layout = review.tables
        run.result = dataclasses.replace(
            run.result,
            problems=[*run.result.problems, *review.problems],
            summary=pd.concat([run.result.summary, review.summary_rows], ignore_index=True),
        )
    if out_dir is not None:
        with stage("writing outputs"):
            run.files = (
                write.write_aggregate(run, out_dir)
                if view == "aggregate"
                else write.write_scenario(run, out_dir)
            )
    return run


@dataclass(frozen=True)
class ParkRun:
    """One park of :func:`run_parks`: its result, the files written and the wall time (s)."""

    result: JobResult
    files: list[Path]
    seconds: float


def run_parks(
    slugs: Sequence[str], out_dir: Path, *, seed: int = 42, iterations: int = 1500
) -> Iterator[ParkRun]:
    """Run parks as they are (``eipgeo demo``) through :func:`run_scenario`, and write them.

    Each park is run as its :func:`~eipgeo.scenario.schema.baseline_scenario` and written
    as a job (``out_dir/<slug>.html`` and ``out_dir/<slug>/``, :func:`eipgeo.outputs.
    write.write_job`), so the demo gives the figures ``eipgeo batch`` gives the park.

    Parameters
    ----------
    slugs
        Park slugs (or park folders).
    out_dir
        The output folder.
    seed, iterations
        Solver controls.

    Yields
    ------
    ParkRun
        One per park, in the order given, as soon as it is written.
    """
    for slug in slugs:
        started = time.perf_counter()
        done = run_scenario(
            baseline_scenario(slug, seed=seed, iterations=iterations), park=parks.load_park(slug)
        )
        files = write.write_job(done.result, out_dir)
        yield ParkRun(done.result, files, time.perf_counter() - started)
