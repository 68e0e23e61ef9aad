"""Layout review: setback and buffer rules for hazardous-waste storage and treatment sites.

A rule says that a hazardous store or treatment site must lie at least ``distance_m``
from the park boundary, the nearest enterprise, residential land or water. Rules are
**given by the user, with their source**: no distance ships as a default. The sources
searched (``shared/data/legal/regulatory_facts.md``; Circular 02/2022/TT-BTNMT Art. 36
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

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from shapely.geometry.base import BaseGeometry

from eipgeo._errors import InfeasibleError, InputReadError, Problem, UsageError

__all__ = ["SETBACK_COLUMNS", "PlotCoverageSpec", "SetbackRule", "check_setbacks",
           "place_role", "read_features", "review", "screen_candidates", "screen_hub",
           "setback_problems"]

Role = Literal["hazardous_store", "hazardous_treatment"]
FromWhat = Literal["boundary", "enterprise", "residential", "water"]
TREATMENT_WORDS = ("treat", "inciner", "co-process", "coprocess", "integrated")
"""Words in a facility's ``kind`` that make a hazardous-accepting site a treatment site."""

SETBACK_COLUMNS = ["place_id", "name", "role", "rule", "from", "distance_m", "found_m",
                   "nearest_id", "ok", "source"]


class SetbackRule(BaseModel):
    """One setback rule, validated (scenario key ``setbacks``).

    Attributes
    ----------
    applies_to
        ``hazardous_store`` or ``hazardous_treatment``.
    from_
        (YAML key ``from``) ``boundary`` (the park boundary line), ``enterprise``
        (the nearest tenant point), ``residential`` or ``water`` (features of the file
        ``features``).
    distance_m
        Smallest allowed distance, m (> 0). No default: the user gives it.
    source
        The published rule it comes from (document, article); required.
    features
        For ``residential`` and ``water``: a file of the features (path relative to
        the scenario file).
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    applies_to: Role
    from_: FromWhat = Field(alias="from")
    distance_m: float = Field(gt=0)
    source: str = Field(min_length=3)
    features: str | None = None

    @model_validator(mode="after")
    def _features_given(self) -> SetbackRule:
        if self.from_ in ("residential", "water") and not self.features:
            raise ValueError(f"a rule from '{self.from_}' needs 'features': a file of the "
                             f"{self.from_} areas (GeoJSON or GPKG)")
        return self

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Write ``from`` (the YAML key), not ``from_``, so a dump reads back."""
        data: dict[str, Any] = handler(self)
        if "from_" in data:
            data["from"] = data.pop("from_")
        return data

    def label(self) -> str:
        """Short text: ``hazardous_store ≥ 50 m from boundary``."""
        return f"{self.applies_to} ≥ {self.distance_m:g} m from {self.from_}"


class CollectionPoint(BaseModel):
    """A collection point or candidate, EPSG:4326 degrees."""

    model_config = ConfigDict(extra="forbid")

    id: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class PlotCoverageSpec(BaseModel):
    """Coverage of plots by collection points (scenario key ``plot_coverage``).

    Attributes
    ----------
    plots
        File of plot polygons (GeoJSON, GPKG...; path relative to the scenario file).
    id_column
        The plots' id column.
    radius_m
        Service radius, m: a straight line, not a walking distance (user-set; no
        default).
    measure
        ``nearest_point`` (distance from the plot's edge) or ``centroid``.
    points
        The collection points in place (opened).
    candidates
        Instead of ``points``: candidate points, of which LSCP opens the fewest that
        cover every plot (:func:`eipgeo.siting.lscp`); coverage is then reported for
        the opened ones.
    """

    model_config = ConfigDict(extra="forbid")

    plots: str
    id_column: str = "plot_id"
    radius_m: float = Field(gt=0)
    measure: Literal["nearest_point", "centroid"] = "nearest_point"
    points: list[CollectionPoint] = Field(default_factory=list)
    candidates: list[CollectionPoint] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_of(self) -> PlotCoverageSpec:
        if bool(self.points) == bool(self.candidates):
            raise ValueError("give either 'points' (collection points in place) or "
                             "'candidates' (LSCP opens the fewest that cover every plot)")
        return self


def place_role(kind: object, accepts: object) -> str:
    """Return ``hazardous_treatment``, ``hazardous_store`` or ``""`` for one site.

    ``accepts`` is a ``;``-joined class list (facilities.csv) or a list of classes.
    """
    classes = accepts if isinstance(accepts, list | tuple) else str(accepts or "").split(";")
    if "hazardous" not in {str(c).strip() for c in classes}:
        return ""
    text = str(kind or "").lower()
    return "hazardous_treatment" if any(w in text for w in TREATMENT_WORDS) \
        else "hazardous_store"


def read_features(path: Path) -> gpd.GeoDataFrame:
    """Read residential or water features (any CRS geopandas reads).

    Raises
    ------
    InputReadError
        The file is missing, unreadable, empty or has no CRS.
    """
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # noqa: BLE001 - pyogrio raises many kinds
        raise InputReadError(f"{path}: cannot read the setback features ({exc}); give a "
                             "GeoJSON or GPKG file of polygons or lines") from None
    if frame.empty or frame.crs is None:
        raise InputReadError(f"{path}: the setback features are empty or have no CRS; "
                             "give features with a CRS (GeoJSON is EPSG:4326)")
    return frame


def _targets(rule: SetbackRule, *, boundary: gpd.GeoDataFrame | None,
             enterprises: gpd.GeoDataFrame | None,
             features: Mapping[str, gpd.GeoDataFrame], epsg: int) -> gpd.GeoDataFrame:
    """Return the geometries a rule measures from, in ``epsg``, with a ``target_id`` column."""
    if rule.from_ == "boundary":
        if boundary is None or boundary.empty:
            raise UsageError(f"setback rule '{rule.label()}' needs the park boundary, and this "
                             "park has none; drop the rule or add a boundary to park.json")
        line = boundary.to_crs(epsg).geometry.union_all().boundary
        return gpd.GeoDataFrame({"target_id": ["boundary"]}, geometry=[line], crs=epsg)
    if rule.from_ == "enterprise":
        ents = enterprises if enterprises is not None else gpd.GeoDataFrame(
            {"site_id": []}, geometry=[], crs=4326)
        return gpd.GeoDataFrame({"target_id": ents["site_id"].astype(str).to_numpy()},
                                geometry=ents.to_crs(epsg).geometry.to_numpy(), crs=epsg)
    frame = features[str(rule.features)].to_crs(epsg)
    ids = frame["id"].astype(str) if "id" in frame.columns else \
        pd.Series([f"{rule.from_}-{i}" for i in range(1, len(frame) + 1)])
    return gpd.GeoDataFrame({"target_id": ids.to_numpy()}, geometry=frame.geometry.to_numpy(),
                            crs=epsg)


def _nearest(point: BaseGeometry, targets: gpd.GeoDataFrame, skip: str) -> tuple[float, str]:
    """Distance (m) to the nearest target other than ``skip``, and its id."""
    others = targets[targets.target_id != skip]
    if others.empty:
        return float("inf"), ""
    dist = others.geometry.distance(point)
    i = int(dist.to_numpy().argmin())
    return float(dist.iloc[i]), str(others.target_id.iloc[i])


def check_setbacks(
    places: gpd.GeoDataFrame, rules: Sequence[SetbackRule], *, epsg: int,
    boundary: gpd.GeoDataFrame | None = None, enterprises: gpd.GeoDataFrame | None = None,
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
        targets = _targets(rule, boundary=boundary, enterprises=enterprises,
                           features=features or {}, epsg=epsg)
        for _, place in projected[projected.role == rule.applies_to].iterrows():
            found, near = _nearest(place.geometry, targets, str(place.place_id))
            rows.append({"place_id": str(place.place_id), "name": str(place.get("name", "")),
                         "role": rule.applies_to, "rule": rule.label(), "from": rule.from_,
                         "distance_m": rule.distance_m, "found_m": round(found, 1),
                         "nearest_id": near, "ok": bool(found >= rule.distance_m),
                         "source": rule.source})
    return pd.DataFrame(rows, columns=SETBACK_COLUMNS)


def setback_problems(table: pd.DataFrame, *, what: str = "facility") -> list[Problem]:
    """One warning per violation, naming the place, the rule, the distance found and the source."""
    return [Problem(
        f"{what} {row.place_id} ({row['name'] or row.role}) is {row.found_m:,.1f} m from "
        f"{row['from']} {row.nearest_id}; rule {row.rule} (source: {row.source}); move the "
        f"{what} or check the rule", code="setback_violation", column="setbacks",
        value=row.place_id, severity="warning")
        for _, row in table[~table.ok.astype(bool)].iterrows()]


def screen_candidates(
    candidates: pd.DataFrame, role: str, rules: Sequence[SetbackRule], *, epsg: int,
    boundary: gpd.GeoDataFrame | None = None, enterprises: gpd.GeoDataFrame | None = None,
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
        {"place_id": candidates.candidate_id.astype(str).to_numpy(), "name": "",
         "role": role}, geometry=gpd.points_from_xy(candidates.lon, candidates.lat), crs=4326)
    table = check_setbacks(places, rules, epsg=epsg, boundary=boundary,
                           enterprises=enterprises, features=features)
    bad = table[~table.ok.astype(bool)]
    kept = candidates[~candidates.candidate_id.astype(str).isin(set(bad.place_id))]
    if kept.empty:
        labels = "; ".join(sorted({f"{r.label()} ({r.source})" for r in rules
                                   if r.applies_to == role}))
        raise InfeasibleError(f"all {len(candidates)} hub candidates break a setback rule "
                              f"({labels}); add candidates farther away or check the rules",
                              setback_problems(bad, what="candidate"))
    return kept, pd.DataFrame(bad)


# --------------------------------------------------------------------------------------
# Scenario glue (called by eipgeo.scenarios)
# --------------------------------------------------------------------------------------


def _relative(scenario: Any, path: str) -> Path:
    source = str(getattr(scenario, "source_file", "") or "")
    return (Path(source).parent / path).resolve() if source else Path(path)


def _context(scenario: Any, result: Any) -> dict[str, Any]:
    """Boundary, tenant points and rule features of a job, for the checks."""
    sites = result.sites
    clients = sites[sites.role == "client"] if "role" in sites.columns else sites
    features = {str(r.features): read_features(_relative(scenario, str(r.features)))
                for r in scenario.setbacks if r.features}
    return {"epsg": int(result.park.epsg), "boundary": result.boundary,
            "enterprises": gpd.GeoDataFrame(clients[["site_id"]], geometry=clients.geometry,
                                            crs=clients.crs or 4326),
            "features": features}


def screen_hub(scenario: Any, first: Any, candidates: pd.DataFrame
               ) -> tuple[pd.DataFrame, str]:
    """Exclude the hub candidates that break the scenario's setback rules.

    Returns the candidates kept and a note saying how many were excluded ("" when
    no rule applies to the hub).
    """
    hub = scenario.hub
    role = place_role(hub.kind, list(hub.accepts))
    if not scenario.setbacks or not any(r.applies_to == role for r in scenario.setbacks):
        return candidates, ""
    kept, bad = screen_candidates(candidates, role, scenario.setbacks,
                                  **_context(scenario, first))
    gone = sorted(set(bad.place_id))
    shown = ", ".join(gone[:10]) + (" ..." if len(gone) > 10 else "")
    note = (f"setbacks: {len(gone)} of {len(candidates)} candidates excluded as {role} "
            f"({shown or 'none'})")
    return kept, note


def review(scenario: Any, result: Any) -> dict[str, pd.DataFrame]:
    """Run the scenario's layout checks on a finished job.

    Setback rules: every facility with a hazardous role is measured
    (``setbacks`` table); each violation adds a warning to ``result.problems``. Plot
    coverage: the ``plot_coverage`` table; uncovered plots add one warning, and
    ``plot_coverage.covered`` / ``plot_coverage.plots`` rows go to ``result.summary``.

    Returns
    -------
    dict
        Table name (``setbacks``, ``plot_coverage``) → table.
    """
    tables: dict[str, pd.DataFrame] = {}
    if scenario.setbacks:
        fac = result.facilities
        places = gpd.GeoDataFrame(
            {"place_id": fac["id"].astype(str).to_numpy(),
             "name": fac["name"].astype(str).to_numpy(),
             "role": [place_role(k, a) for k, a in zip(fac["kind"], fac["accepts"],
                                                       strict=True)]},
            geometry=fac.geometry.to_numpy(), crs=fac.crs or 4326)
        table = check_setbacks(places, scenario.setbacks, **_context(scenario, result))
        result.problems.extend(setback_problems(table))
        tables["setbacks"] = table
    if scenario.plot_coverage is not None:
        tables["plot_coverage"] = _plot_coverage(scenario, result)
    return tables


def _plot_coverage(scenario: Any, result: Any) -> pd.DataFrame:
    from eipgeo import siting

    spec: PlotCoverageSpec = scenario.plot_coverage
    plots = read_features(_relative(scenario, spec.plots))
    epsg = int(result.park.epsg)
    chosen = spec.points or spec.candidates
    points = pd.DataFrame([{"point_id": p.id, "lon": p.lon, "lat": p.lat} for p in chosen])
    if spec.candidates:
        if spec.id_column not in plots.columns:
            raise UsageError(f"{spec.plots}: no '{spec.id_column}' column; name the plots' "
                             "id column in plot_coverage.id_column")
        cost = siting.plot_distance_m(plots, points, epsg=epsg, measure=spec.measure)
        opened = siting.lscp(cost, spec.radius_m, client_ids=list(
            plots[spec.id_column].astype(str)), candidate_ids=list(points.point_id)).open_ids
        points = points[points.point_id.isin(opened)]
    table = siting.plot_coverage(plots, points, spec.radius_m, epsg=epsg,
                                 id_column=spec.id_column, measure=spec.measure)
    covered = int(table.covered.sum())
    if covered < len(table):
        missed = table.loc[~table.covered, "plot_id"].tolist()
        result.problems.append(Problem(
            f"{len(missed)} of {len(table)} plots have no collection point within "
            f"{spec.radius_m:g} m ({spec.measure}): {', '.join(missed[:10])}; add points or "
            "check the radius", code="plot_uncovered", column="plot_coverage",
            value=missed[0], severity="warning"))
    extra = pd.DataFrame([
        ("plot_coverage.plots", len(table), "plots", spec.plots),
        ("plot_coverage.covered", covered, "plots",
         f"within {spec.radius_m:g} m straight line ({spec.measure}) of "
         f"{len(points)} collection point(s)")], columns=["key", "value", "unit", "note"])
    result.summary = pd.concat([result.summary, extra], ignore_index=True)
    return table
