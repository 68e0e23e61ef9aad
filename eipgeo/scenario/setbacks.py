"""Layout review: setback rules for hazardous stores and treatment sites, and plot coverage.

A rule says that a hazardous store or treatment site must lie at least ``distance_m``
from the park boundary, the nearest enterprise, residential land or water. Rules are
**given by the user, with their source**: no distance ships as a default. The sources
searched (the project's legal research notes; Circular 02/2022/TT-BTNMT Art. 36
on hazardous-waste storage areas, which sets building requirements such as floors,
roofs, bunds and separate cells; QCVN 01:2025/BTNMT, issued by Circular
02/2025/TT-BTNMT, on environmental safety distances from residential areas, whose
Table 1 could not be read) gave no distance that could be verified, so none is
invented here. Write the rule with the article it comes from, e.g.::

    setbacks:
      - applies_to: hazardous_store
        from: boundary
        distance_m: 50
        source: "park zoning plan, section 4.2 (2024)"

Distances are straight lines in the park's projected CRS (``park.json`` ``epsg``,
metres), from the site's point to the nearest part of the boundary line, the nearest
enterprise point, or the nearest residential / water feature (polygons or lines of a
user file: GeoJSON, GPKG or any file geopandas reads, in any CRS).

Each facility and hub candidate gets a role from its ``accepts`` and ``kind``: one
accepting ``hazardous`` is a ``hazardous_treatment`` site when its kind names
treatment, incineration, co-processing or an integrated complex, else a
``hazardous_store``; a site that does not accept hazardous waste has no role and no
rule applies to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from eipgeo import siting
from eipgeo._errors import InfeasibleError, InputReadError, Problem, UsageError, ValidationError
from eipgeo.io.checks import check_in_vietnam
from eipgeo.jobs.result import JobResult
from eipgeo.scenario.schema import PlotCoverageSpec, Scenario, SetbackRule, scenario_problem

TREATMENT_WORDS = ("treat", "inciner", "co-process", "coprocess", "integrated")
"""Words in a facility's ``kind`` that make a hazardous-accepting site a treatment site."""

SETBACK_COLUMNS = [
    "place_id",
    "name",
    "role",
    "rule",
    "from",
    "distance_m",
    "found_m",
    "nearest_id",
    "ok",
    "source",
]


def place_role(kind: object, accepts: object) -> str:
    """Return ``hazardous_treatment``, ``hazardous_store`` or ``""`` for one site.

    ``accepts`` is a ``;``-joined class list (facilities.csv) or a list of classes.

    Parameters
    ----------
    kind
        The site's ``kind`` text; a word of :data:`TREATMENT_WORDS` in it (any case, with
        ``_`` and spaces read as ``-``) makes a hazardous-accepting site a treatment site.
    accepts
        The waste classes the site accepts; only ``hazardous`` among them matters.

    Returns
    -------
    str
        ``hazardous_treatment``, ``hazardous_store``, or ``""`` when it does not accept
        hazardous waste.
    """
    classes = accepts if isinstance(accepts, list | tuple) else str(accepts or "").split(";")
    if "hazardous" not in {str(c).strip() for c in classes}:
        return ""
    # ``co_processing`` and ``co processing`` are the same kind as ``co-processing``.
    text = re.sub(r"[\s_]+", "-", str(kind or "").lower())
    return "hazardous_treatment" if any(w in text for w in TREATMENT_WORDS) else "hazardous_store"


def read_features(
    path: Path, *, key: str = "setbacks.features", scenario_file: str = ""
) -> gpd.GeoDataFrame:
    """Read residential or water features, or plots (any CRS geopandas reads).

    Parameters
    ----------
    path
        The file.
    key
        The scenario key that names it (``setbacks.N.features``, ``plot_coverage.plots``),
        for messages.
    scenario_file
        The scenario file the path is relative to, for messages.

    Raises
    ------
    InputReadError
        The file is missing, unreadable, empty or has no CRS; the message names the
        scenario file, the key and the file.
    ValidationError
        A feature has a point outside Viet Nam or was written ``[lat, lon]``
        (:func:`eipgeo.io.checks.check_in_vietnam`).
    """
    what = "plots" if key.startswith("plot_coverage") else "setback features"
    fix = f"fix '{key}' in {scenario_file or 'the scenario'} (a path relative to the scenario file)"
    if not path.is_file():
        _unreadable(
            f"the {what} file {path} does not exist; {fix}",
            "file_not_found",
            key,
            scenario_file,
            path,
        )
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # noqa: BLE001 - pyogrio raises many kinds
        shapes = "polygons" if what == "plots" else "polygons or lines"
        _unreadable(
            f"cannot read the {what} file {path} ({exc}); give a GeoJSON or GPKG "
            f"file of {shapes} and {fix}",
            "unreadable",
            key,
            scenario_file,
            path,
        )
    if frame.empty or frame.crs is None:
        _unreadable(
            f"the {what} file {path} is empty or has no CRS; give features with a "
            "CRS (GeoJSON is EPSG:4326)",
            "unreadable",
            key,
            scenario_file,
            path,
        )
    outside = check_in_vietnam(frame.set_axis(range(1, len(frame) + 1)), str(path), what=what[:-1])
    if outside:
        raise ValidationError("; ".join(p.to_line() for p in outside[:3]), outside)
    return frame


def _unreadable(message: str, code: str, key: str, scenario_file: str, path: Path) -> NoReturn:
    """Raise :class:`InputReadError`: the message prefixed by file and key, and its problem."""
    where = f"{scenario_file}: {key}" if scenario_file else key
    raise InputReadError(
        f"{where}: {message}",
        [Problem(message, code=code, file=scenario_file or None, column=key, value=str(path))],
    )


def _targets(
    rule: SetbackRule,
    *,
    boundary: gpd.GeoDataFrame | None,
    enterprises: gpd.GeoDataFrame | None,
    features: Mapping[str, gpd.GeoDataFrame],
    epsg: int,
) -> gpd.GeoDataFrame:
    """Return the geometries a rule measures from, in ``epsg``, with a ``target_id`` column."""
    if rule.from_ == "boundary":
        if boundary is None or boundary.empty:
            raise UsageError(
                f"setback rule '{rule.label()}' needs the park boundary, and this "
                "park has none; drop the rule or add a boundary to park.json"
            )
        line = boundary.to_crs(epsg).geometry.union_all().boundary
        return gpd.GeoDataFrame({"target_id": ["boundary"]}, geometry=[line], crs=epsg)
    if rule.from_ == "enterprise":
        ents = (
            enterprises
            if enterprises is not None
            else gpd.GeoDataFrame({"site_id": []}, geometry=[], crs=4326)
        )
        return gpd.GeoDataFrame(
            {"target_id": ents["site_id"].astype(str).to_numpy()},
            geometry=ents.to_crs(epsg).geometry.to_numpy(),
            crs=epsg,
        )
    frame = features[str(rule.features)].to_crs(epsg)
    ids = (
        frame["id"].astype(str)
        if "id" in frame.columns
        else pd.Series([f"{rule.from_}-{i}" for i in range(1, len(frame) + 1)])
    )
    return gpd.GeoDataFrame(
        {"target_id": ids.to_numpy()}, geometry=frame.geometry.to_numpy(), crs=epsg
    )


def _nearest(point: BaseGeometry, targets: gpd.GeoDataFrame, skip: str) -> tuple[float, str]:
    """Distance (m) to the nearest target other than ``skip``, and its id."""
    others = targets[targets.target_id != skip]
    if others.empty:
        return float("inf"), ""
    dist = others.geometry.distance(point)
    i = int(dist.to_numpy().argmin())
    return float(dist.iloc[i]), str(others.target_id.iloc[i])


def check_setbacks(
    places: gpd.GeoDataFrame,
    rules: Sequence[SetbackRule],
    *,
    epsg: int,
    boundary: gpd.GeoDataFrame | None = None,
    enterprises: gpd.GeoDataFrame | None = None,
    features: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> pd.DataFrame:
    """Measure every place against every rule for its role.

    Parameters
    ----------
    places
        ``place_id``, ``name``, ``role`` (:func:`place_role`) and point geometries,
        any CRS (facilities or hub candidates).
    rules
        The user's rules.
    epsg
        Projected CRS (metres) to measure in: the park's ``epsg``.
    boundary
        The park boundary polygons (rules ``from: boundary``).
    enterprises
        Tenant points with ``site_id`` (rules ``from: enterprise``; a place with the
        same id as a tenant is not measured from itself).
    features
        Rule ``features`` path → its features (rules ``from: residential/water``).

    Returns
    -------
    pandas.DataFrame
        One row per place and rule that applies to it (:data:`SETBACK_COLUMNS`):
        ``distance_m`` required, ``found_m`` measured (``inf`` when there is nothing
        to measure from), ``nearest_id``, ``ok`` (found ≥ required), ``source``.

    Raises
    ------
    UsageError
        A boundary rule on a park without a boundary.
    """
    rows = []
    projected = places.to_crs(epsg)
    for rule in rules:
        targets = _targets(
            rule, boundary=boundary, enterprises=enterprises, features=features or {}, epsg=epsg
        )
        for _, place in projected[projected.role == rule.applies_to].iterrows():
            found, near = _nearest(place.geometry, targets, str(place.place_id))
            rows.append(
                {
                    "place_id": str(place.place_id),
                    "name": str(place.get("name", "")),
                    "role": rule.applies_to,
                    "rule": rule.label(),
                    "from": rule.from_,
                    "distance_m": rule.distance_m,
                    "found_m": round(found, 1),
                    "nearest_id": near,
                    "ok": bool(found >= rule.distance_m),
                    "source": rule.source,
                }
            )
    return pd.DataFrame(rows, columns=SETBACK_COLUMNS)


def _from_text(row: Any) -> str:
    if row["from"] == "boundary":
        return "the park boundary"
    return f"{row['from']} {row.nearest_id}".strip()


def setback_problems(
    table: pd.DataFrame, *, what: str = "facility", file: str | None = None
) -> list[Problem]:
    """One warning per breach (``setback_breach``): the place, the rule, found vs required, source.

    Parameters
    ----------
    table
        :func:`check_setbacks`'s table.
    what
        ``facility`` or ``candidate``, for the message.
    file
        The scenario file the rules come from.
    """
    return [
        Problem(
            f"setback breach: {what} {row.place_id} ({row['name'] or row.role}) is "
            f"{row.found_m:,.1f} m from {_from_text(row)}, less than the {row.distance_m:,.1f} m "
            f"required by rule '{row.rule}' (source: {row.source}); move the {what} or check "
            "the rule",
            code="setback_breach",
            file=file,
            column="setbacks",
            value=row.place_id,
            severity="warning",
        )
        for _, row in table[~table.ok.astype(bool)].iterrows()
    ]


def screen_candidates(
    candidates: pd.DataFrame,
    role: str,
    rules: Sequence[SetbackRule],
    *,
    epsg: int,
    boundary: gpd.GeoDataFrame | None = None,
    enterprises: gpd.GeoDataFrame | None = None,
    features: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop hub candidates that break a rule, before siting.

    Parameters
    ----------
    candidates
        ``candidate_id, lon, lat`` (EPSG:4326 degrees).
    role
        The hub's role (:func:`place_role`); ``""`` = no rule applies, nothing dropped.
    rules, epsg, boundary, enterprises, features
        As :func:`check_setbacks`.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.DataFrame)
        The candidates kept, and the violation rows of those excluded.

    Raises
    ------
    InfeasibleError
        Every candidate breaks a rule; the message names the rules.
    """
    if not role or not any(r.applies_to == role for r in rules):
        return candidates, pd.DataFrame(columns=SETBACK_COLUMNS)
    places = gpd.GeoDataFrame(
        {"place_id": candidates.candidate_id.astype(str).to_numpy(), "name": "", "role": role},
        geometry=gpd.points_from_xy(candidates.lon, candidates.lat),
        crs=4326,
    )
    table = check_setbacks(
        places, rules, epsg=epsg, boundary=boundary, enterprises=enterprises, features=features
    )
    bad = table[~table.ok.astype(bool)]
    kept = candidates[~candidates.candidate_id.astype(str).isin(set(bad.place_id))]
    if kept.empty:
        labels = "; ".join(
            sorted({f"{r.label()} ({r.source})" for r in rules if r.applies_to == role})
        )
        raise InfeasibleError(
            f"all {len(candidates)} hub candidates break a setback rule "
            f"({labels}); add candidates farther away or check the rules",
            setback_problems(bad, what="candidate"),
        )
    return kept, pd.DataFrame(bad)


# --------------------------------------------------------------------------------------
# Scenario glue (called by eipgeo.scenario.run)
# --------------------------------------------------------------------------------------


def _relative(scenario: Scenario, path: str) -> Path:
    source = str(getattr(scenario, "source_file", "") or "")
    return (Path(source).parent / path).resolve() if source else Path(path)


def _context(scenario: Scenario, result: JobResult) -> dict[str, Any]:
    """Boundary, tenant points and rule features of a job, for the checks."""
    sites = result.sites
    clients = sites[sites.role == "client"] if "role" in sites.columns else sites
    features = {
        str(r.features): read_features(
            _relative(scenario, str(r.features)),
            key=f"setbacks.{i}.features",
            scenario_file=str(getattr(scenario, "source_file", "") or ""),
        )
        for i, r in enumerate(scenario.setbacks)
        if r.features
    }
    return {
        "epsg": int(result.park.epsg),
        "boundary": result.boundary,
        "enterprises": gpd.GeoDataFrame(
            clients[["site_id"]], geometry=clients.geometry, crs=clients.crs or 4326
        ),
        "features": features,
    }


def screen_hub(
    scenario: Scenario, first: JobResult, candidates: pd.DataFrame
) -> tuple[pd.DataFrame, str]:
    """Exclude the hub candidates that break the scenario's setback rules.

    Returns the candidates kept and a note saying how many were excluded ("" when
    no rule applies to the hub).

    Parameters
    ----------
    scenario
        The scenario: its ``hub`` block and ``setbacks`` rules (feature files relative to
        the scenario file).
    first
        The job's first run (without the hub): the park's projected CRS, boundary and
        tenant points the rules measure from.
    candidates
        Hub candidates: ``candidate_id``, ``lon``, ``lat`` (EPSG:4326 degrees).

    Returns
    -------
    tuple of (pandas.DataFrame, str)
        The candidates kept (all of them when there is no hub or no rule for its role),
        and the note.

    Raises
    ------
    InfeasibleError
        Every candidate breaks a rule (:func:`screen_candidates`).
    InputReadError
        A rule's feature file cannot be read (:func:`read_features`).
    """
    hub = scenario.hub
    if hub is None:
        return candidates, ""
    role = place_role(hub.kind, list(hub.accepts))
    if not scenario.setbacks or not any(r.applies_to == role for r in scenario.setbacks):
        return candidates, ""
    kept, bad = screen_candidates(candidates, role, scenario.setbacks, **_context(scenario, first))
    gone = sorted(set(bad.place_id))
    shown = ", ".join(gone[:10]) + (" ..." if len(gone) > 10 else "")
    note = (
        f"setbacks: {len(gone)} of {len(candidates)} candidates excluded as {role} "
        f"({shown or 'none'})"
    )
    return kept, note


@dataclass(frozen=True)
class LayoutReview:
    """What the layout review found.

    Attributes
    ----------
    tables
        Table name (``setbacks``, ``plot_coverage``) to table.
    problems
        One warning per setback breach and per uncovered plot.
    summary_rows
        ``plot_coverage.plots`` and ``plot_coverage.covered`` rows for ``summary.csv``
        (``key, value, unit, note``).
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    summary_rows: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["key", "value", "unit", "note"])
    )


def review(scenario: Scenario, result: JobResult) -> LayoutReview:
    """Run the scenario's layout checks on a finished job.

    Setback rules: every facility with a hazardous role is measured (``setbacks``
    table); each violation is a warning. Plot coverage: the ``plot_coverage`` table;
    each uncovered plot is a warning, and the plot counts are summary rows.

    Parameters
    ----------
    scenario
        The scenario with ``setbacks`` and/or ``plot_coverage``.
    result
        The finished job on the scenario's park.

    Returns
    -------
    LayoutReview
        The tables, the warnings and the summary rows.

    Raises
    ------
    InputReadError, UsageError, InfeasibleError
        A features or plots file cannot be read or lacks its id column, or no candidate
        can cover a plot.
    """
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    rows = pd.DataFrame(columns=["key", "value", "unit", "note"])
    if scenario.setbacks:
        fac = result.facilities
        places = gpd.GeoDataFrame(
            {
                "place_id": fac["id"].astype(str).to_numpy(),
                "name": fac["name"].astype(str).to_numpy(),
                "role": [
                    place_role(k, a) for k, a in zip(fac["kind"], fac["accepts"], strict=True)
                ],
            },
            geometry=fac.geometry.to_numpy(),
            crs=fac.crs or 4326,
        )
        table = check_setbacks(places, scenario.setbacks, **_context(scenario, result))
        problems += setback_problems(table, file=scenario.source_file or None)
        tables["setbacks"] = table
    if scenario.plot_coverage is not None:
        tables["plot_coverage"], uncovered, rows = _plot_coverage(scenario, result)
        problems += uncovered
    return LayoutReview(tables, problems, rows)


def _plot_coverage(
    scenario: Scenario, result: JobResult
) -> tuple[pd.DataFrame, list[Problem], pd.DataFrame]:
    spec = scenario.plot_coverage
    assert spec is not None
    file = scenario.source_file
    plots = read_features(
        _relative(scenario, spec.plots), key="plot_coverage.plots", scenario_file=file
    )
    if spec.id_column not in plots.columns:
        msg = (
            f"{file or 'scenario'}: plot_coverage.id_column: {spec.plots} has no "
            f"'{spec.id_column}' column (columns: {', '.join(map(str, plots.columns))}); "
            "name the plots' id column in plot_coverage.id_column"
        )
        raise UsageError(
            msg,
            [
                Problem(
                    msg,
                    code="missing_column",
                    file=file or None,
                    column="plot_coverage.id_column",
                    value=spec.id_column,
                )
            ],
        )
    epsg = int(result.park.epsg)
    chosen = spec.points or spec.candidates
    points = pd.DataFrame([{"point_id": p.id, "lon": p.lon, "lat": p.lat} for p in chosen])
    if spec.candidates:
        points = _lscp_points(scenario, plots, points, epsg)
    table = siting.plot_coverage(
        plots, points, spec.radius_m, epsg=epsg, id_column=spec.id_column, measure=spec.measure
    )
    covered = int(table.covered.sum())
    extra = pd.DataFrame(
        [
            ("plot_coverage.plots", len(table), "plots", spec.plots),
            (
                "plot_coverage.covered",
                covered,
                "plots",
                f"within {spec.radius_m:g} m straight line ({spec.measure}) of "
                f"{len(points)} collection point(s)",
            ),
        ],
        columns=["key", "value", "unit", "note"],
    )
    return table, uncovered_problems(table, spec, file=file or None), extra


def uncovered_problems(
    table: pd.DataFrame, spec: PlotCoverageSpec, *, file: str | None = None
) -> list[Problem]:
    """One warning (``plot_uncovered``) per plot with no collection point within the radius.

    Each names the plot, its distance (m) to the nearest point and that point.

    Parameters
    ----------
    table
        Plot coverage rows (:func:`eipgeo.siting.plot_coverage`): ``plot_id``,
        ``covered``, ``nearest_point_id`` and ``distance_m`` (m).
    spec
        The scenario's ``plot_coverage`` block: its ``radius_m`` (m) and ``measure`` are
        named in the messages.
    file
        The scenario file, named in each problem; ``None`` (default) names none.

    Returns
    -------
    list of Problem
        One ``plot_uncovered`` warning per row whose ``covered`` is false.
    """
    return [
        Problem(
            f"plot {row.plot_id} has no collection point within {spec.radius_m:g} m "
            f"({spec.measure}): the nearest, {row.nearest_point_id}, is {row.distance_m:,.1f} m "
            "away; add a collection point near it or check plot_coverage.radius_m",
            code="plot_uncovered",
            file=file,
            column="plot_coverage",
            value=row.plot_id,
            severity="warning",
        )
        for _, row in table[~table.covered.astype(bool)].iterrows()
    ]


def _lscp_points(
    scenario: Scenario, plots: gpd.GeoDataFrame, points: pd.DataFrame, epsg: int
) -> pd.DataFrame:
    """Return the candidates LSCP opens; raise when some plots cannot be covered.

    Raises
    ------
    InfeasibleError
        A plot has no candidate within ``plot_coverage.radius_m``; one problem per plot
        (its distance to the nearest candidate), located at the key in the scenario file.
    """
    spec = scenario.plot_coverage
    assert spec is not None
    cost = siting.plot_distance_m(plots, points, epsg=epsg, measure=spec.measure)
    ids = list(plots[spec.id_column].astype(str))
    check = siting.coverage_check(
        cost, spec.radius_m, client_ids=ids, candidate_ids=list(points.point_id)
    )
    if not check.ok:
        need = f"{check.min_radius_m:,.0f}"
        far = ", ".join(f"{p} ({check.nearest_m[p]:,.0f} m)" for p in check.uncoverable)
        problems = [
            scenario_problem(
                scenario,
                ("plot_coverage", "radius_m"),
                f"plot {p} has no candidate within {spec.radius_m:g} m ({spec.measure}; the "
                f"nearest is {check.nearest_m[p]:,.1f} m away); the smallest radius that covers "
                "every plot "
                f"is {need} m: raise plot_coverage.radius_m to {need} or add candidates near it",
                code="plot_uncoverable",
                value=p,
            )
            for p in check.uncoverable
        ]
        raise InfeasibleError(
            f"{_file_of(scenario)}: plot_coverage.radius_m: {len(check.uncoverable)} plot(s) have "
            f"no candidate within {spec.radius_m:g} m: {far}; the smallest radius that covers "
            f"every plot is {need} m: raise plot_coverage.radius_m or add candidates",
            problems,
        )
    opened = siting.lscp(
        cost, spec.radius_m, client_ids=ids, candidate_ids=list(points.point_id)
    ).open_ids
    return pd.DataFrame(points[points.point_id.isin(opened)])


def _file_of(scenario: Scenario) -> str:
    """Return the scenario's file, or ``scenario`` when it came from no file."""
    return str(getattr(scenario, "source_file", "") or "") or "scenario"
