"""Scenario files (YAML): what an analyst changes against a park's data, validated with pydantic.

A scenario names its park and what it changes: RECP reductions and growth, the fleet,
the depot, extra facilities, a shared hub sited by p-median, and an enterprise table
that replaces the park's. Every key is checked; an unknown key is an error that
suggests the nearest valid key. Example (``data/parks/<slug>/scenarios/*.yaml``)::

    name: recp
    park: deepc-haiphong
    seed: 42
    recp:
      reduction_pct_by_sector: {"22": 15}

:func:`run_scenario` runs the main job on the changed park and writes maps, tables
and ``report.html`` atomically; a failed run leaves earlier outputs intact.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticError

from eipgeo import parks, waste
from eipgeo._errors import InputReadError, Problem, ValidationError
from eipgeo.interventions import InterventionSpec
from eipgeo.layout import PlotCoverageSpec, SetbackRule

__all__ = ["Scenario", "ScenarioRun", "compare_table", "load_scenario", "park_for_scenario",
           "run_scenario", "scenario_from_dict", "scenario_problem"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Pct = Annotated[float, Field(ge=0, le=100)]
"""A percentage, 0-100."""


class RecpSpec(_Strict):
    """RECP reductions (%, 0-100) and growth; see :class:`eipgeo.waste.Scenario`."""

    reduction_pct_by_code: dict[str, Pct] = Field(default_factory=dict)
    reduction_pct_by_sector: dict[str, Pct] = Field(default_factory=dict)
    reduction_pct_by_site: dict[str, Pct] = Field(default_factory=dict)
    growth_pct_per_yr: float = 0.0
    base_year: int = 2025
    planning_year: int = 2025


class VehicleSpec(_Strict):
    """One vehicle type, as ``park.json``'s ``fleet.vehicles`` (capacity in kg)."""

    id: str
    capacity_kg: int = Field(gt=0)
    num_available: int = Field(default=1, ge=1)
    allowed_classes: list[str] = Field(default_factory=lambda: ["ordinary",
                                                                "domestic"])
    fixed_cost_vnd: int = 0
    cost_per_km_vnd: int = 0
    shift_duration_s: int | None = None
    vehicle_class: str | None = None


class FleetSpec(_Strict):
    """The fleet that replaces the park's."""

    vehicles: list[VehicleSpec] = Field(min_length=1)


class PointSpec(_Strict):
    """A named point in EPSG:4326 degrees."""

    id: str
    name: str = ""
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class FacilitySpec(PointSpec):
    """A facility added to the park's list (a planned transfer station, store...)."""

    kind: str = "transfer_station"
    accepts: list[Literal["ordinary", "controlled", "domestic", "hazardous"]] = Field(
        min_length=1)
    status: str = "proposed (scenario)"
    capacity_t_per_day: float | None = Field(default=None, gt=0)


class TenantSpec(PointSpec):
    """A new tenant taking a lot or point (layout what-if); its waste is estimated by sector."""

    isic4_class: str = Field(pattern=r"^\d{4}$")
    sector_text: str = ""
    employees: int | None = Field(default=None, gt=0)
    area_ha: float | None = Field(default=None, gt=0)
    lot: str = ""
    zone: str = ""


class HubSpec(_Strict):
    """A shared hub sited by p-median among candidates (:mod:`eipgeo.siting`)."""

    id: str = "shared-hub"
    name: str = "Shared waste hub (sited by p-median)"
    kind: str = "transfer_station"
    accepts: list[Literal["ordinary", "controlled", "domestic", "hazardous"]] = Field(
        min_length=1)
    candidates: Literal["grid", "points"] = "grid"
    grid_spacing_m: float = Field(default=500.0, gt=0)
    points: list[PointSpec] = Field(default_factory=list)
    p: int = Field(default=1, ge=1)
    capacity_t_per_yr: float | None = Field(default=None, gt=0)


class CollectionSpec(_Strict):
    """Collection frequency per class group (``hazardous`` includes ``controlled``).

    A group collected d days a week is planned with pickups of kg/day × 7 / d and its
    week figures are its day plan × d; a group left out keeps the default
    (``collection_days_per_week`` coefficient, one day's waste per pickup).
    """

    days_per_week: dict[Literal["hazardous", "non_hazardous"],
                        Annotated[int, Field(ge=1, le=7)]] = Field(default_factory=dict)


class SymbiosisSpec(_Strict):
    """Symbiosis options: the plan's objective (see :data:`eipgeo.symbiosis.OBJECTIVES`)."""

    objective: Literal["auto", "t", "vnd", "co2e"] = "auto"


class Scenario(_Strict):
    """A scenario file, validated.

    Attributes
    ----------
    name
        Label shown in outputs and ``compare`` columns.
    park
        A bundled park slug (``CONTRACT.md``).
    seed, iterations
        Solver seed and PyVRP iterations: a run is deterministic for both.
    enterprises
        A CSV that replaces the park's ``enterprises.csv`` (path relative to the file).
    recp, fleet, depot, facilities, new_tenants, hub
        What changes; absent = the park's data as it is. ``new_tenants`` answers "what
        if a tenant of ISIC class X takes lot or point Y": compare the scenario with the
        baseline (``eipgeo compare``) for the change in waste, routes, symbiosis and
        indicators.
    symbiosis
        ``objective``: what the exchange plan maximises (``t``, ``vnd``, ``co2e``; default
        ``auto``).
    collection
        ``days_per_week``: collection days a week per group (1-7), see
        :class:`CollectionSpec`.
    setbacks
        Setback rules for hazardous stores and treatment sites, each with its source
        (:class:`eipgeo.layout.SetbackRule`; no default distance): facilities are
        checked (``setbacks.csv``, warnings) and hub candidates that break a rule are
        excluded before siting.
    plot_coverage
        Plots covered by collection points within a radius
        (:class:`eipgeo.layout.PlotCoverageSpec`; ``plot_coverage.csv``).
    interventions
        RECP measures, exchanges and shared facilities to appraise
        (:class:`eipgeo.interventions.InterventionSpec`; ``eipgeo feasibility``).
    """

    name: str
    park: str
    description: str = ""
    seed: int = 42
    iterations: int = Field(default=1500, ge=1)
    enterprises: str | None = None
    recp: RecpSpec | None = None
    fleet: FleetSpec | None = None
    depot: PointSpec | None = None
    facilities: list[FacilitySpec] = Field(default_factory=list)
    new_tenants: list[TenantSpec] = Field(default_factory=list)
    hub: HubSpec | None = None
    interventions: list[InterventionSpec] = Field(default_factory=list)
    symbiosis: SymbiosisSpec | None = None
    collection: CollectionSpec | None = None
    setbacks: list[SetbackRule] = Field(default_factory=list)
    plot_coverage: PlotCoverageSpec | None = None
    source_file: str = Field(default="", exclude=True)

    @field_validator("interventions")
    @classmethod
    def _unique_ids(cls, value: list[InterventionSpec]) -> list[InterventionSpec]:
        seen: set[str] = set()
        for spec in value:
            if spec.id in seen:
                raise ValueError(f"intervention id {spec.id!r} is used twice; give each "
                                 "intervention its own id")
            seen.add(spec.id)
        return value


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """Return the model that owns the key at ``loc`` (a pydantic error location)."""
    model: type[BaseModel] | None = Scenario
    for part in loc[:-1]:
        if model is None or isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        ann = info.annotation if info else None
        model = next((t for t in _inner_types(ann) if isinstance(t, type)
                      and issubclass(t, BaseModel)), None)
    return model


def _inner_types(ann: Any) -> list[Any]:
    args = getattr(ann, "__args__", ())
    return [ann, *[t for a in args for t in _inner_types(a)]]


def _yaml_mark(node: Any, loc: Sequence[int | str], *, key: bool) -> tuple[int, int] | None:
    """Return the 1-based ``(line, column)`` in the YAML file of the item at ``loc``.

    ``node`` is the file's composed node tree (``yaml.compose``); ``loc`` a pydantic
    error location. Parts not found in the tree (a union member's tag such as
    ``float``, a missing key) are skipped, so the mark is that of the deepest item
    found. ``key`` points at the mapping key rather than its value (unknown keys,
    and bad keys, whose ``loc`` ends with ``[key]``).
    """
    import yaml

    if node is None:
        return None
    found = node
    parts = list(loc)
    for i, part in enumerate(parts):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value
                         if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
            if pair is None:
                continue
            at_key = (key and i == len(parts) - 1) or parts[i + 1:i + 2] == ["[key]"]
            node, found = pair[1], pair[0] if at_key else pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and 0 <= part < len(node.value):
            node = found = node.value[part]
    mark = found.start_mark
    return int(mark.line) + 1, int(mark.column) + 1


def _problem(err: Any, file: str | None, node: Any = None) -> Problem:
    """Turn one pydantic error into a problem naming the key path (and the YAML line).

    With the file's node tree, the problem is located as ``FILE:LINE:COLUMN`` and its
    message starts with the key path; without it, ``column`` holds the key path.
    """
    loc = tuple(err["loc"])
    where = ".".join(str(p) for p in loc)
    unknown = err["type"] == "extra_forbidden"
    if unknown:
        model = _model_at(loc)
        valid = [f.alias or k for k, f in model.model_fields.items()] if model else []
        valid = [v for v in valid if v != "source_file"]
        near = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.5)
        fix = f"did you mean '{near[0]}'?" if near else f"valid keys here: {', '.join(valid)}"
        msg, code, value = f"unknown key '{loc[-1]}'; {fix}", "unknown_key", loc[-1]
    elif loc[-1:] == ("[key]",) and err["type"] == "string_type":
        msg = f"key {err.get('input')!r} must be text; quote it: '{err.get('input')}'"
        code, value, loc = "key_type", err.get("input"), loc[:-1]
    elif err["type"] == "missing":
        msg, code, value = f"required key '{loc[-1]}' is missing; add it", "missing", None
    elif err["type"] == "value_error":  # our own validators: the message says what to do
        msg = str(err["msg"]).removeprefix("Value error, ")
        code, value = "invalid", None
    else:
        got = err.get("input")
        shown = repr(got) if len(repr(got)) <= 80 else f"{repr(got)[:77]}..."
        msg = f"{err['msg']} (got {shown}); fix the value of '{where}'"
        code, value = str(err["type"]), got
    return _located(msg, code, value, loc, file, node, key=unknown or code == "key_type")


def _located(msg: str, code: str, value: Any, loc: Sequence[int | str], file: str | None,
             node: Any, *, key: bool = False) -> Problem:
    where = ".".join(str(p) for p in loc)
    mark = _yaml_mark(node, loc, key=key)
    if mark is None:
        return Problem(msg, code=code, file=file, column=where, value=value)
    return Problem(f"{where}: {msg}", code=code, file=file, row=mark[0], column=str(mark[1]),
                   value=value)


def scenario_problem(scenario: Scenario, loc: Sequence[int | str], message: str, *,
                     code: str, value: Any = None, key: bool = False) -> Problem:
    """Return a problem about a loaded scenario's key at ``loc``, located at its YAML line.

    For checks made after loading (against the park's data or the model's results).
    """
    import yaml

    node = None
    if scenario.source_file and Path(scenario.source_file).is_file():
        try:
            node = yaml.compose(Path(scenario.source_file).read_text(encoding="utf-8"),
                                Loader=yaml.SafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            node = None
    return _located(message, code, value, loc, scenario.source_file or None, node, key=key)


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    path
        A YAML file.

    Returns
    -------
    Scenario

    Raises
    ------
    InputReadError
        The file is missing or is not YAML mapping.
    ValidationError
        Keys or values are wrong; one problem per error, naming the key path, and for
        an unknown key the nearest valid one. The park must be a bundled slug.
    """
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # marks: line and column of keys
        spec = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        what = " ".join(str(exc.problem or exc).split())
        context = f" ({' '.join(str(exc.context).split())})" if exc.context else ""
        raise InputReadError(f"{where}: YAML syntax error: {what}{context}; fix the YAML "
                             "there (unclosed brackets or quotes, a tab, a missing space "
                             "after ':')") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputReadError(f"{path}: cannot read the scenario file ({exc}); "
                             "give a UTF-8 YAML file") from None
    if not isinstance(spec, dict):
        raise InputReadError(f"{path}: a scenario file is a YAML mapping (key: value); "
                             f"got {type(spec).__name__}")
    return _validate(spec, str(path), node)


def scenario_from_dict(spec: dict[str, Any], *, file: str = "") -> Scenario:
    """Validate a scenario given as a mapping (the parsed YAML).

    Parameters
    ----------
    spec
        The scenario's keys and values.
    file
        The file it came from, for messages and relative paths.

    Returns
    -------
    Scenario

    Raises
    ------
    ValidationError
        As :func:`load_scenario`.
    """
    return _validate(spec, file, None)


def _validate(spec: dict[str, Any], file: str, node: Any) -> Scenario:
    """Validate ``spec``; ``node`` (the YAML node tree, or ``None``) locates problems."""
    try:
        scenario = Scenario.model_validate(spec)
    except PydanticError as exc:
        problems = [_problem(e, file or None, node) for e in exc.errors()]
        raise ValidationError(problems[0].to_line(), problems) from None
    if scenario.park not in parks.list_parks():
        near = difflib.get_close_matches(scenario.park, parks.list_parks(), n=1)
        fix = f"did you mean '{near[0]}'?" if near else f"use one of {parks.list_parks()}"
        problem = _located(f"unknown park '{scenario.park}'; {fix}", "unknown_park",
                           scenario.park, ("park",), file or None, node)
        raise ValidationError(problem.to_line(), [problem])
    scenario.source_file = file
    return scenario


def waste_scenario(scenario: Scenario) -> waste.Scenario | None:
    """Return the ``recp`` block as :class:`eipgeo.waste.Scenario` (``None`` when absent)."""
    if scenario.recp is None:
        return None
    return waste.scenario_from_dict({"name": scenario.name, **scenario.recp.model_dump()})


def _facility_row(spec: FacilitySpec | HubSpec, lon: float, lat: float,
                  method: str) -> dict[str, object]:
    return {"id": spec.id, "name": spec.name, "name_vi": "", "kind": spec.kind,
            "accepts": ";".join(spec.accepts),
            "status": getattr(spec, "status", "proposed (scenario)"),
            "capacity_t_per_day": getattr(spec, "capacity_t_per_day", None) or "",
            "lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "location_quality": "declared",
            "location_method": method, "source_url": "", "confidence": "scenario"}


def park_for_scenario(scenario: Scenario,
                      extra_facilities: Sequence[dict[str, object]] = ()) -> parks.Park:
    """Return the scenario's park: a copy of the bundled one with the changes applied.

    Raises
    ------
    InputReadError
        The scenario's ``enterprises`` file cannot be read.
    """
    park = parks.load_park(scenario.park)
    park.meta = copy.deepcopy(park.meta)
    if scenario.enterprises:
        park.enterprises = _read_enterprises(scenario)
    if scenario.new_tenants:
        park.enterprises = _with_tenants(park.enterprises, scenario)
    if scenario.fleet is not None:
        park.meta["fleet"] = {"vehicles": [v.model_dump(exclude_none=True)
                                           for v in scenario.fleet.vehicles]}
    if scenario.depot is not None:
        park.meta["depot"] = scenario.depot.model_dump()
    rows = [_facility_row(f, f.lon, f.lat, f"declared in scenario '{scenario.name}'")
            for f in scenario.facilities] + list(extra_facilities)
    if rows:
        added = pd.DataFrame(rows).astype(str).replace("None", "")
        park.facilities = pd.concat([park.facilities, added], ignore_index=True)
    return park


def _with_tenants(enterprises: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    taken = set(enterprises.get("id", pd.Series(dtype=str)))
    rows = []
    for t in scenario.new_tenants:
        if t.id in taken:
            problem = Problem(f"new tenant id '{t.id}' is already a tenant of the park; give a "
                              "new id", code="duplicate_id", file=scenario.source_file or None,
                              column="new_tenants.id", value=t.id)
            raise ValidationError(problem.to_line(), [problem])
        rows.append({"id": t.id, "name": t.name or t.id, "zone": t.zone,
                     "sector_text": t.sector_text, "isic4_class": t.isic4_class, "lot": t.lot,
                     "area_ha": "" if t.area_ha is None else str(t.area_ha),
                     "employees": "" if t.employees is None else str(t.employees),
                     "lat": str(t.lat), "lon": str(t.lon), "location_quality": "declared",
                     "source_url": f"scenario {scenario.name}", "confidence": "scenario"})
    added = pd.DataFrame(rows).reindex(columns=enterprises.columns, fill_value="")
    return pd.concat([enterprises, added], ignore_index=True)


def _read_enterprises(scenario: Scenario) -> pd.DataFrame:
    base = Path(scenario.source_file).parent
    path = (base / str(scenario.enterprises)).resolve()
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputReadError(f"{scenario.source_file}: enterprises file {path} cannot be read "
                             f"({exc}); give a UTF-8 CSV like the park's enterprises.csv"
                             ) from None


@dataclass
class ScenarioRun:
    """What :func:`run_scenario` produced."""

    scenario: Scenario
    result: Any  # eipgeo.jobs.JobResult
    siting: Any = None  # eipgeo.siting.SitingResult
    hubs: pd.DataFrame = field(default_factory=pd.DataFrame)
    files: list[Path] = field(default_factory=list)
    layout: dict[str, pd.DataFrame] = field(default_factory=dict)  # setbacks, plot coverage


def _site_hub(scenario: Scenario, first: Any) -> tuple[Any, pd.DataFrame, list[dict[str, object]]]:
    from eipgeo import coefficients, siting

    hub = scenario.hub
    assert hub is not None
    if hub.candidates == "points":
        cands = pd.DataFrame([{"candidate_id": p.id, "lon": p.lon, "lat": p.lat}
                              for p in hub.points])
    else:
        boundary = first.boundary if first.boundary is not None else \
            parks.read_boundary(first.park)
        cands = pd.DataFrame(siting.grid_candidates(boundary, spacing_m=hub.grid_spacing_m,
                                                    epsg=int(first.park.epsg)))
    from eipgeo import layout

    cands, note = layout.screen_hub(scenario, first, cands)
    caps = None if hub.capacity_t_per_yr is None else [hub.capacity_t_per_yr] * len(cands)
    sites = first.sites[first.sites.routed] if "routed" in first.sites else first.sites
    result, opened = siting.site_facility(
        sites, cands, p=hub.p, circuity=coefficients.get("circuity_factor").value,
        capacities_t_per_yr=caps, graph=siting.street_graph_of_job(first))
    result.notes += [note] if note else []
    rows = []
    for i, (cid, lon, lat) in enumerate(zip(opened.candidate_id, opened.lon, opened.lat,
                                            strict=True), start=1):
        spec = hub.model_copy(update={"id": f"{hub.id}-{i}" if hub.p > 1 else hub.id})
        rows.append(_facility_row(spec, float(lon), float(lat),
                                  f"sited by {result.model} among {len(cands)} "
                                  f"{hub.candidates} candidates (candidate {cid}) on "
                                  f"{result.cost_basis} costs"))
    return result, opened, rows


def _check_recp_sites(scenario: Scenario) -> None:
    """Refuse RECP reductions for sites that are not enterprises of the park (exit 1)."""
    if scenario.recp is None or not scenario.recp.reduction_pct_by_site:
        return
    park = park_for_scenario(scenario)
    known = [str(i) for i in park.enterprises.get("id", pd.Series(dtype=str))]
    problems = []
    for site in scenario.recp.reduction_pct_by_site:
        if str(site) not in known:
            near = difflib.get_close_matches(str(site), known, n=3, cutoff=0.5)
            hint = f"did you mean {', '.join(near)}?" if near else \
                "use an id of the park's enterprises.csv"
            problems.append(scenario_problem(
                scenario, ("recp", "reduction_pct_by_site", site),
                f"{site!r} is not an enterprise of {scenario.park}; {hint}",
                code="unknown_site", value=site, key=True))
    if problems:
        raise ValidationError(problems[0].to_line(), problems)


def run_scenario(scenario: Scenario, *, out_dir: Path | None = None,
                 view: str = "firm") -> ScenarioRun:
    """Run a scenario; with ``out_dir``, write its outputs under ``out_dir/<park slug>/``.

    With a ``hub`` block, the park is run once as changed, the hub is sited by
    p-median on the clients' t/yr, and the job is run again with the hub as a facility
    (so it becomes the unload point of the classes it accepts).

    ``view`` is ``firm`` (every output, firm-level detail) or ``aggregate`` (only
    suppressed sector and zone totals, park-level figures and their report:
    :func:`write_aggregate`).

    Returns
    -------
    ScenarioRun

    Raises
    ------
    DataNotFoundError, InputReadError, InfeasibleError, UnreachableError
        As :func:`eipgeo.jobs.run_park`, and when the siting model has no solution.
    """
    from eipgeo._progress import stage  # timed stages, shown by the CLI (no-op otherwise)
    from eipgeo.jobs.park import run_park

    _check_recp_sites(scenario)

    recp = waste_scenario(scenario)
    kwargs: dict[str, Any] = {"seed": scenario.seed, "max_iterations": scenario.iterations,
                              "waste_scenario": recp,
                              "collection_days_per_week": None if scenario.collection is None
                              else dict(scenario.collection.days_per_week),
                              "symbiosis_objective": "auto" if scenario.symbiosis is None
                              else scenario.symbiosis.objective}
    with stage("park job"):
        result = run_park(park_for_scenario(scenario), **kwargs)
    run = ScenarioRun(scenario, result)
    if scenario.hub is not None:
        with stage("hub siting"):
            run.siting, run.hubs, rows = _site_hub(scenario, result)
        with stage("park job with the hub"):
            run.result = run_park(park_for_scenario(scenario, rows), **kwargs)
    if scenario.setbacks or scenario.plot_coverage is not None:
        from eipgeo import layout

        with stage("layout review"):
            run.layout = layout.review(scenario, run.result)
    if out_dir is not None:
        with stage("writing outputs"):
            run.files = write_aggregate(run, out_dir) if view == "aggregate" else \
                write_scenario(run, out_dir)
    return run


def write_aggregate(run: ScenarioRun, out_dir: Path, *, k: int = 3,
                    dominance_pct: float = 85.0) -> list[Path]:
    """Write the ``aggregate`` view under ``out_dir/<slug>/``; nothing firm-level.

    The files are ``aggregate_by_sector.csv``, ``aggregate_by_zone.csv`` and
    ``report.html``.

    Sectors are ISIC Rev. 4 divisions (the first two digits of ``isic4_class``).
    """
    from eipgeo import privacy, report
    from eipgeo._atomic import atomic_write_csv, atomic_write_text

    sites = run.result.sites.copy()
    isic = sites.get("isic4_class", pd.Series("", index=sites.index)).astype(str)
    sites["isic_division"] = isic.str.extract(r"^(\d{2})")[0].fillna("")
    if "zone" not in sites.columns:
        sites["zone"] = ""
    folder = out_dir / run.result.park.slug
    tables = {name: privacy.aggregate_view(sites, by=col, k=k, dominance_pct=dominance_pct)
              for name, col in (("aggregate_by_sector", "isic_division"),
                                ("aggregate_by_zone", "zone"))}
    files = []
    for name, table in tables.items():
        atomic_write_csv(folder / f"{name}.csv", table)
        files.append(folder / f"{name}.csv")
    atomic_write_text(folder / "report.html",
                      report.aggregate_report_html(run.result, tables, scenario=run.scenario))
    return [*files, folder / "report.html"]


def write_scenario(run: ScenarioRun, out_dir: Path) -> list[Path]:
    """Write the job's outputs, ``siting.csv`` and a scenario-aware ``report.html``."""
    from eipgeo import outputs, report
    from eipgeo._atomic import atomic_write_csv, atomic_write_text

    files = outputs.write_job(run.result, out_dir)
    folder = out_dir / run.result.park.slug
    if run.siting is not None:
        atomic_write_csv(folder / "siting.csv", run.siting.assignment)
        atomic_write_csv(folder / "hubs.csv", run.hubs)
        files += [folder / "siting.csv", folder / "hubs.csv"]
    for name, table in run.layout.items():
        atomic_write_csv(folder / f"{name}.csv", table)
        files.append(folder / f"{name}.csv")
    atomic_write_text(folder / "scenario.json",
                      run.scenario.model_dump_json(indent=2))
    files.append(folder / "scenario.json")
    files.append(report.write_report(run.result, folder, scenario=run.scenario,
                                     siting=run.siting, hubs=run.hubs, layout=run.layout))
    return sorted(set(files))


# --------------------------------------------------------------------------------------
# Compare
# --------------------------------------------------------------------------------------


def _kpis(run: ScenarioRun) -> pd.DataFrame:
    summary = run.result.summary[["key", "value", "unit"]].copy()
    ind = run.result.indicators
    rows = pd.DataFrame({"key": "indicator." + ind.indicator, "value": ind.value,
                         "unit": ind.unit})
    extra = [] if run.siting is None else [
        {"key": "siting.open", "value": ";".join(run.siting.open_ids), "unit": ""},
        {"key": "siting.objective_t_m_per_yr", "value": round(run.siting.objective), "unit":
         "t·m/yr"},
        {"key": "siting.cost_basis", "value": run.siting.cost_basis, "unit": ""}]
    frame = pd.concat([_frequency_kpis(summary, run.result), rows, pd.DataFrame(extra),
                       _layout_kpis(run), _symbiosis_kpis(run)], ignore_index=True)
    keep = ~frame.key.isin(["runtime_s"])  # wall time is not a KPI of the scenario
    return pd.DataFrame(frame[keep])


def _frequency_kpis(summary: pd.DataFrame, result: Any) -> pd.DataFrame:
    """Return collection days a week per group, never the plain default row.

    With ``collection.days_per_week`` the summary holds one
    ``collection_days_per_week.<group>`` row per group, and the plain row (the
    unverified default coefficient) does not apply: it is dropped. Without it, the plain
    row is given per routed group, so scenarios compare group by group.
    """
    plain = summary.key == "collection_days_per_week"
    if summary.key.astype(str).str.startswith("collection_days_per_week.").any() \
            or not plain.any():
        return pd.DataFrame(summary[~plain])
    routes = getattr(result, "route_table", pd.DataFrame())
    groups = sorted(set(routes.group)) if "group" in routes.columns else []
    row = summary[plain].iloc[0]
    per_group = pd.DataFrame([{"key": f"collection_days_per_week.{g}", "value": row.value,
                               "unit": row.unit} for g in groups])
    return pd.concat([summary[~plain], per_group], ignore_index=True) if groups else summary


def _layout_kpis(run: ScenarioRun) -> pd.DataFrame:
    """Return the number of setback breaches (when the scenario has rules)."""
    table = run.layout.get("setbacks")
    if table is None:
        return pd.DataFrame(columns=["key", "value", "unit"])
    return pd.DataFrame([{"key": "setback_breaches", "unit": "breaches",
                          "value": int((~table.ok.astype(bool)).sum())}])


def _symbiosis_kpis(run: ScenarioRun) -> pd.DataFrame:
    """Return the exchange plan's totals (``symbiosis_totals.csv``) as ``symbiosis.*`` rows."""
    totals = run.result.symbiosis.totals
    return pd.DataFrame({"key": "symbiosis." + totals.key.astype(str), "value": totals.value,
                         "unit": totals.unit})


def compare_table(runs: Sequence[ScenarioRun]) -> pd.DataFrame:
    """Side-by-side table of every KPI: one column per scenario, deltas against the first.

    Returns
    -------
    pandas.DataFrame
        ``key, unit, <name 1>, <name 2>, ..., delta.<name 2>, ...``; a delta is empty
        when either value is not a number.
    """
    names = [r.scenario.name for r in runs]
    if len(set(names)) != len(names):
        raise ValidationError(f"scenario names must differ to be compared; got {names}")
    table: pd.DataFrame | None = None
    for run in runs:
        kpi = _kpis(run).rename(columns={"value": run.scenario.name})
        kpi = kpi.drop_duplicates("key")
        table = kpi if table is None else table.merge(
            kpi.rename(columns={"unit": "_unit"}), on="key", how="outer", sort=False)
        if "_unit" in table.columns:  # a row only in a later scenario keeps its unit
            first_unit = table.unit.where(table.unit.notna() & (table.unit != ""))
            table["unit"] = first_unit.fillna(table.pop("_unit"))
    assert table is not None
    table = table[["key", "unit", *names]]
    first = pd.to_numeric(table[names[0]], errors="coerce")
    for name in names[1:]:
        table[f"delta.{name}"] = (pd.to_numeric(table[name], errors="coerce") - first).round(3)
    return table.reset_index(drop=True)
