"""Scenario files (YAML): every key an analyst may change, validated with pydantic.

A scenario names its park and what it changes: RECP reductions and growth, the fleet,
the depot, extra facilities, new tenants, a shared hub sited by p-median, collection
frequencies, setback rules, plot coverage, the symbiosis objective, and the interventions
to appraise. Every key is checked; an unknown key is an error that suggests the nearest
valid key, and every problem names the YAML line and column. Example
(``data/parks/<slug>/scenarios/*.yaml``)::

    name: recp
    park: deepc-haiphong
    seed: 42
    recp:
      reduction_pct_by_sector: {"22": 15}

These are the types the rest of :mod:`eipgeo.scenario` works on; nothing here runs a job.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic import ValidationError as PydanticError

from eipgeo import generation, parks, waste
from eipgeo._errors import DataNotFoundError, InputReadError, Problem, ValidationError
from eipgeo.io.country import point_problem
from eipgeo.io.numbers import LiteralFloat, numbers_in_tree
from eipgeo.parks import FleetSpec

__all__ = [
    "CollectionPoint",
    "InterventionSpec",
    "PlotCoverageSpec",
    "Scenario",
    "SetbackRule",
    "TenantMove",
    "baseline_scenario",
    "load_scenario",
    "point_in_vietnam",
    "scenario_from_dict",
    "scenario_problem",
]


# --------------------------------------------------------------------------------------
# Layout review: setback rules and plot coverage
# --------------------------------------------------------------------------------------

Role = Literal["hazardous_store", "hazardous_treatment"]
FromWhat = Literal["boundary", "enterprise", "residential", "water"]
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
            raise ValueError(
                f"a rule from '{self.from_}' needs 'features': a file of the "
                f"{self.from_} areas (GeoJSON or GPKG)"
            )
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


def point_in_vietnam(lat: float, lon: float) -> None:
    """Refuse a scenario point outside Viet Nam (:func:`eipgeo.io.country.point_problem`).

    Parameters
    ----------
    lat, lon
        EPSG:4326 degrees.

    Raises
    ------
    ValueError
        Outside the country's outline; the message says when lat and lon look swapped,
        else how far outside the point lies (pydantic locates it at its YAML line).
    """
    problem = point_problem(lat, lon)
    if problem is not None:
        raise ValueError(problem)


class CollectionPoint(BaseModel):
    """A collection point or candidate, EPSG:4326 degrees, in Viet Nam."""

    model_config = ConfigDict(extra="forbid")

    id: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _in_vietnam(self) -> CollectionPoint:
        point_in_vietnam(self.lat, self.lon)
        return self


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
            raise ValueError(
                "give either 'points' (collection points in place) or "
                "'candidates' (LSCP opens the fewest that cover every plot)"
            )
        return self


# --------------------------------------------------------------------------------------
# Interventions to appraise
# --------------------------------------------------------------------------------------


class InterventionSpec(BaseModel):
    """One intervention of a scenario file (``interventions:`` list).

    Attributes
    ----------
    id, name, description
        Identifier (``--intervention ID``), title and text of the feasibility sheet.
    kind
        ``recp``, ``exchange`` or ``facility``.
    site_id, reduction_pct
        ``recp``: the enterprise and its cut of every stream (%); when ``reduction_pct``
        is omitted, the scenario's ``recp.reduction_pct_by_site`` for that site is used.
    supplier_id, receiver_id, waste_code
        ``exchange``: which exchange of the plan (the supplier is required; the others
        narrow the choice; the largest matching exchange is taken).
    facility_id
        ``facility``: a facility id of the scenario (the hub's ``id`` or a
        ``facilities`` entry).
    start_year, lifetime_yr
        First year of operation (capex falls in the year before unless ``capex_vnd``
        gives years) and years of operation.
    discount_rate_pct
        Real discount rate for NPV, levelised cost and abatement cost (%/yr). A user
        assumption: state its source in ``sources``.
    capex_vnd
        One figure (spent in ``start_year - 1``) or ``{year: VND}``.
    opex_vnd_per_yr
        Operating cost per year of operation.
    revenue_vnd_per_yr, avoided_purchase_vnd_per_t, gate_fee_vnd_per_t
        User values that replace or add to the model's (see the sheet's assumptions).
    sources
        ``{assumption: source text}`` shown in the sheet's assumptions table.
    risks
        Free-text risks listed on the sheet.
    sensitivity_pct
        The ± change applied to each driver in the tornado.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    kind: Literal["recp", "exchange", "facility"]
    name: str = ""
    description: str = ""
    site_id: str | None = None
    reduction_pct: float | None = Field(default=None, gt=0, le=100)
    supplier_id: str | None = None
    receiver_id: str | None = None
    waste_code: str | None = None
    facility_id: str | None = None
    start_year: int = Field(default=2026, ge=2000, le=2100)
    lifetime_yr: int = Field(default=10, ge=1, le=50)
    discount_rate_pct: float = Field(default=10.0, ge=0, le=100)
    capex_vnd: float | dict[int, float] = 0.0
    opex_vnd_per_yr: float = Field(default=0.0, ge=0)
    revenue_vnd_per_yr: float | None = None
    avoided_purchase_vnd_per_t: float | None = Field(default=None, ge=0)
    gate_fee_vnd_per_t: float | None = Field(default=None, ge=0)
    sources: dict[str, str] = Field(default_factory=dict)
    risks: list[str] = Field(default_factory=list)
    sensitivity_pct: float = Field(default=20.0, gt=0, le=100)

    @field_validator("capex_vnd")
    @classmethod
    def _capex_in_years(
        cls, value: float | dict[int, float], info: ValidationInfo
    ) -> float | dict[int, float]:
        start, life = info.data.get("start_year"), info.data.get("lifetime_yr")
        if not isinstance(value, dict) or start is None or life is None:
            return value
        last = start + life - 1
        late = sorted(y for y in value if y > last)
        if late:
            raise ValueError(
                f"capex falls in {', '.join(map(str, late))}, after the last operating "
                f"year {last} (start_year {start} + lifetime_yr {life} - 1), so no cash "
                f"flow would carry it; move it into the years up to {last} or lengthen "
                "lifetime_yr"
            )
        return value

    @model_validator(mode="after")
    def _fits_kind(self) -> InterventionSpec:
        if self.gate_fee_vnd_per_t is not None and self.kind != "facility":
            raise ValueError(
                "gate_fee_vnd_per_t applies to a facility only (a fee between the "
                "parties of an exchange cancels out); for other income use "
                "revenue_vnd_per_yr"
            )
        return self


# --------------------------------------------------------------------------------------
# The scenario file
# --------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Pct = Annotated[float, Field(ge=0, le=100)]
"""A percentage, 0-100."""


class RecpSpec(_Strict):
    """RECP reductions (%, 0-100) and growth; see :class:`eipgeo.waste.WasteChange`."""

    reduction_pct_by_code: dict[str, Pct] = Field(default_factory=dict)
    reduction_pct_by_sector: dict[str, Pct] = Field(default_factory=dict)
    reduction_pct_by_site: dict[str, Pct] = Field(default_factory=dict)
    growth_pct_per_yr: float = 0.0
    base_year: int = 2025
    planning_year: int = 2025


class PointSpec(_Strict):
    """A named point in EPSG:4326 degrees, in Viet Nam (:func:`point_in_vietnam`)."""

    id: str
    name: str = ""
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _in_vietnam(self) -> PointSpec:
        point_in_vietnam(self.lat, self.lon)
        return self


class FacilitySpec(PointSpec):
    """A facility added to the park's list (a planned transfer station, store...)."""

    kind: str = "transfer_station"
    accepts: list[Literal["ordinary", "controlled", "domestic", "hazardous"]] = Field(min_length=1)
    status: str = "proposed (scenario)"
    capacity_t_per_day: float | None = Field(default=None, gt=0)


class TenantProduction(_Strict):
    """A new tenant's capacity or output, read as a row of the park's ``production.csv``.

    Its process stream is ``capacity_value`` × the intensity ``intensity_key`` of
    ``eipgeo/data/production_intensities.csv`` (:func:`eipgeo.generation.production_streams`);
    ``capacity_unit`` must be the intensity's unit, ``source`` names where the capacity
    is stated (the file's ``source_url``).
    """

    product: str = ""
    capacity_value: float = Field(gt=0)
    capacity_unit: str
    intensity_key: str
    capacity_basis: Literal["actual_output", "design"] = "actual_output"
    year: int | None = None
    source: str = ""

    @model_validator(mode="after")
    def _known_intensity(self) -> TenantProduction:
        table = generation.production_intensities()
        keys = list(table.index)
        if self.intensity_key not in keys:
            near = difflib.get_close_matches(self.intensity_key, keys, n=3, cutoff=0.5)
            hint = f"did you mean {', '.join(near)}? " if near else ""
            raise ValueError(
                f"intensity_key '{self.intensity_key}' is not in production_intensities.csv; "
                f"{hint}known keys: {', '.join(keys)}"
            )
        unit = str(table.at[self.intensity_key, "capacity_unit"])
        if self.capacity_unit.strip() != unit:
            raise ValueError(
                f"capacity_unit '{self.capacity_unit}' is not the unit of intensity "
                f"'{self.intensity_key}': give the capacity in '{unit}'"
            )
        if not self.source.strip():
            raise ValueError(
                "production has no source; name where the capacity is stated (a URL or a "
                "report), as production.csv requires"
            )
        return self


class TenantStream(_Strict):
    """A stream a new tenant declares, read as a ``stream``-scope row of ``measured_streams.csv``.

    Like a park tenant's declared stream, it replaces the tenant's estimate of the same
    waste code (:func:`eipgeo.waste.apply_measured`); its other codes stay estimated.
    """

    waste_code: str
    waste_t_per_yr: float
    source: str = Field(default="", validate_default=True)
    fate: str = ""

    @field_validator("waste_code")
    @classmethod
    def _legal_code(cls, value: str) -> str:
        try:
            waste.lookup(value.strip())
        except KeyError as exc:
            raise ValueError(
                f"{str(exc).strip(chr(34) + chr(39))}; use a code of the legal list "
                "(data/legal/vn_waste_codes.csv, e.g. '12 06 05') or an eipgeo code (OI-..)"
            ) from None
        return value.strip()

    @field_validator("waste_t_per_yr", mode="before")
    @classmethod
    def _tonnes(cls, value: object) -> float:
        try:
            number = float(str(value).strip())
        except ValueError:
            number = math.nan
        if isinstance(value, bool) or not (math.isfinite(number) and number >= 0):
            raise ValueError(f"waste_t_per_yr is {value!r}; give tonnes per year as a number >= 0")
        return number

    @field_validator("source")
    @classmethod
    def _sourced(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(
                "the stream has no source; name where the figure comes from (report, table, "
                "year), as measured_streams.csv requires"
            )
        return value.strip()

    @field_validator("fate")
    @classmethod
    def _fate(cls, value: str) -> str:
        text = value.strip()
        receiver = text.removeprefix(waste.FATE_REUSE_PREFIX)
        if text not in ("", "generator_stack") and (
            not text.startswith(waste.FATE_REUSE_PREFIX) or not receiver
        ):
            raise ValueError(
                f"fate is '{text}'; use 'generator_stack', 'reuse:<site_id of a receiver in "
                "the park>', or leave it out"
            )
        return text


class TenantSpec(PointSpec):
    """A new tenant taking a lot or point (layout what-if).

    Its waste is estimated by sector per worker; ``production`` (a capacity × a process
    intensity) replaces the per-worker estimate of the intensity's waste code, and each
    of ``streams`` (a declared figure) replaces the estimate of its code, as rows of the
    park's ``production.csv`` and ``measured_streams.csv`` do
    (:func:`eipgeo.scenario.apply.park_for_scenario`).
    """

    isic4_class: str = Field(pattern=r"^\d{4}$")
    sector_text: str = ""
    employees: int | None = Field(default=None, gt=0)
    area_ha: float | None = Field(default=None, gt=0)
    lot: str = ""
    zone: str = ""
    production: TenantProduction | None = None
    streams: list[TenantStream] = Field(default_factory=list)

    @field_validator("streams")
    @classmethod
    def _one_row_per_code_and_fate(cls, value: list[TenantStream]) -> list[TenantStream]:
        """Two streams of one code and fate would be added together, silently: refuse."""
        seen: dict[tuple[str, str], int] = {}
        for j, stream in enumerate(value):
            key = (stream.waste_code, stream.fate)
            if key in seen:
                fate = f" and fate '{stream.fate}'" if stream.fate else ""
                raise ValueError(
                    f"streams[{j}] repeats streams[{seen[key]}] (code {stream.waste_code}"
                    f"{fate}); give one row with the total t/yr, or tell the shares apart "
                    "by their fate (e.g. generator_stack and reuse:<tenant id>)"
                )
            seen[key] = j
        return value


class TenantMove(_Strict):
    """A tenant of the park moved to a point (layout review, ``moved_tenants``).

    Attributes
    ----------
    id
        The tenant's id in the park's ``enterprises.csv``.
    lat, lon
        Its new point, EPSG:4326 degrees, in Viet Nam (:func:`point_in_vietnam`); the
        tenant's ``location_quality`` becomes ``declared``.
    """

    id: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _in_vietnam(self) -> TenantMove:
        point_in_vietnam(self.lat, self.lon)
        return self


class HubSpec(_Strict):
    """A shared hub sited by p-median among candidates (:mod:`eipgeo.siting`)."""

    id: str = "shared-hub"
    name: str = "Shared waste hub (sited by p-median)"
    kind: str = "transfer_station"
    accepts: list[Literal["ordinary", "controlled", "domestic", "hazardous"]] = Field(min_length=1)
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

    days_per_week: dict[
        Literal["hazardous", "non_hazardous"], Annotated[int, Field(ge=1, le=7)]
    ] = Field(default_factory=dict)


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
        A park slug (bundled, or on ``EIPGEO_PARKS_PATH``) or a park folder's path,
        relative to the scenario file (:func:`eipgeo.parks.resolve_park`).
    seed, iterations
        Solver seed and PyVRP iterations: a run is deterministic for both.
    enterprises
        A tenant file that replaces the park's ``enterprises.csv`` (path relative to the
        scenario file), read and checked as by ``eipgeo validate``
        (:func:`eipgeo.parks.read_tenant_table`: Vietnamese or English headers, the
        template's columns; blank coordinates placed by the park's rules).
    recp, fleet, depot, facilities, new_tenants, hub
        What changes; absent = the park's data as it is. ``new_tenants`` answers "what
        if a tenant of ISIC class X takes lot or point Y": compare the scenario with the
        baseline (``eipgeo compare``) for the change in waste, routes, symbiosis and
        indicators.
    moved_tenants, removed_tenants
        Tenants of the park moved to a point (:class:`TenantMove`) or left out, by id
        (the layout-review app, ``eipgeo serve``, exports its changes with these keys).
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
    moved_tenants: list[TenantMove] = Field(default_factory=list)
    removed_tenants: list[str] = Field(default_factory=list)
    hub: HubSpec | None = None
    interventions: list[InterventionSpec] = Field(default_factory=list)
    symbiosis: SymbiosisSpec | None = None
    collection: CollectionSpec | None = None
    setbacks: list[SetbackRule] = Field(default_factory=list)
    plot_coverage: PlotCoverageSpec | None = None
    source_file: str = Field(default="", exclude=True)
    park_folder: str = Field(default="", exclude=True)
    """The park's folder, resolved when the file is validated (empty: resolve ``park``)."""

    @field_validator("interventions")
    @classmethod
    def _unique_ids(cls, value: list[InterventionSpec]) -> list[InterventionSpec]:
        seen: set[str] = set()
        for spec in value:
            if spec.id in seen:
                raise ValueError(
                    f"intervention id {spec.id!r} is used twice; give each intervention its own id"
                )
            seen.add(spec.id)
        return value


# --------------------------------------------------------------------------------------
# Reading the YAML: core-schema scalars, repeated keys, numbers through the one parser
# --------------------------------------------------------------------------------------

_BOOL, _INT, _FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("bool", "int", "float"))
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class ScenarioLoader(yaml.SafeLoader):  # type: ignore[misc]
    """PyYAML's safe loader with YAML 1.2 core-schema scalars.

    YAML 1.1 (PyYAML's default) reads ``no``, ``off``, ``on`` and ``yes`` as booleans,
    ``010`` as octal 8, ``22:00`` as the base-60 number 1320 and ``2024-03-15`` as a date:
    a waste code, a sector code, a name or a time would silently change. Here only
    ``true``/``false`` are booleans; an integer is ``0`` or has no leading zero (``08``
    and ``070101`` stay text); ``22:00`` and dates stay text. Floats keep their literal
    (:class:`eipgeo.io.numbers.LiteralFloat`), so ``capex_vnd: 250.000`` can be reported
    instead of read as 250 VND.
    """


ScenarioLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in rules if tag not in (_BOOL, _INT, _FLOAT, _TIMESTAMP)]
    for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ScenarioLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
ScenarioLoader.add_implicit_resolver(
    _INT,
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
ScenarioLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _literal_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> LiteralFloat:
    return LiteralFloat(loader.construct_yaml_float(node), str(node.value))


ScenarioLoader.add_constructor(_FLOAT, _literal_float)


def _repeated_keys(node: Any, file: str) -> list[Problem]:
    """Every key given twice in one mapping of the YAML node tree, naming both lines."""
    problems: list[Problem] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.MappingNode):
            first: dict[str, Any] = {}
            for key, value in item.value:
                stack.append(value)
                if not isinstance(key, yaml.ScalarNode):
                    continue
                if key.value in first:
                    line1 = first[key.value].start_mark.line + 1
                    line2 = key.start_mark.line + 1
                    msg = (
                        f"key '{key.value}' is given twice, at lines {line1} and {line2}; "
                        "the second would silently replace the first: keep one"
                    )
                    problems.append(
                        Problem(
                            msg,
                            "duplicate_key",
                            file or None,
                            line2,
                            str(key.start_mark.column + 1),
                            key.value,
                        )
                    )
                else:
                    first[key.value] = key
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
    return sorted(problems, key=lambda p: p.row or 0)


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """Return the model that owns the key at ``loc`` (a pydantic error location)."""
    model: type[BaseModel] | None = Scenario
    for part in loc[:-1]:
        if model is None or isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        ann = info.annotation if info else None
        model = next(
            (t for t in _inner_types(ann) if isinstance(t, type) and issubclass(t, BaseModel)), None
        )
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
    if node is None:
        return None
    found = node
    parts = list(loc)
    for i, part in enumerate(parts):
        if isinstance(node, yaml.MappingNode):
            pair = next(
                (
                    (k, v)
                    for k, v in node.value
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part)
                ),
                None,
            )
            if pair is None:
                continue
            at_key = (key and i == len(parts) - 1) or parts[i + 1 : i + 2] == ["[key]"]
            node, found = pair[1], pair[0] if at_key else pair[1]
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
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
        valid = [v for v in valid if v not in ("source_file", "park_folder")]
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


def _located(
    msg: str,
    code: str,
    value: Any,
    loc: Sequence[int | str],
    file: str | None,
    node: Any,
    *,
    key: bool = False,
) -> Problem:
    where = ".".join(str(p) for p in loc)
    mark = _yaml_mark(node, loc, key=key)
    if mark is None:
        return Problem(msg, code=code, file=file, column=where, value=value)
    return Problem(
        f"{where}: {msg}", code=code, file=file, row=mark[0], column=str(mark[1]), value=value
    )


def scenario_problem(
    scenario: Scenario,
    loc: Sequence[int | str],
    message: str,
    *,
    code: str,
    value: Any = None,
    key: bool = False,
) -> Problem:
    """Return a problem about a loaded scenario's key at ``loc``, located at its YAML line.

    For checks made after loading (against the park's data or the model's results).

    Parameters
    ----------
    scenario
        The loaded scenario; its ``source_file`` is read again to find the line.
    loc
        Path of the key in the YAML document, e.g. ``("interventions", 0, "site_id")``.
    message
        What is wrong and how to fix it; prefixed with the dotted ``loc`` when the line
        is found.
    code
        The problem's code, e.g. ``unknown_site``.
    value
        The offending value; default ``None``.
    key
        True points at the key itself, False (default) at its value.

    Returns
    -------
    Problem
        An error naming the scenario file and, when the file can be read, the line and
        column of the deepest part of ``loc`` found in it; else the dotted ``loc`` as its
        column.
    """
    node = None
    if scenario.source_file and Path(scenario.source_file).is_file():
        try:
            node = yaml.compose(
                Path(scenario.source_file).read_text(encoding="utf-8"), Loader=yaml.SafeLoader
            )
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
        an unknown key the nearest valid one. ``park`` must name a park: a slug or a
        folder (relative to the scenario file), :func:`eipgeo.parks.resolve_park`.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=ScenarioLoader)  # marks: line and column of keys
        spec = yaml.load(text, Loader=ScenarioLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        what = " ".join(str(exc.problem or exc).split())
        context = f" ({' '.join(str(exc.context).split())})" if exc.context else ""
        raise InputReadError(
            f"{where}: YAML syntax error: {what}{context}; fix the YAML "
            "there (unclosed brackets or quotes, a tab, a missing space "
            "after ':')"
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, RecursionError) as exc:
        raise InputReadError(
            f"{path}: cannot read the scenario file ({exc}); give a UTF-8 YAML file"
        ) from None
    if not isinstance(spec, dict):
        raise InputReadError(
            f"{path}: a scenario file is a YAML mapping (key: value); got {type(spec).__name__}"
        )
    repeated = _repeated_keys(node, str(path))
    if repeated:
        raise ValidationError(repeated[0].to_line(), repeated)
    spec, refused = numbers_in_tree(spec)
    if refused:
        problems = [_located(t.message, t.code, t.value, t.path, str(path), node) for t in refused]
        raise ValidationError(problems[0].to_line(), problems)
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
    """Validate ``spec``; ``node`` (the YAML node tree, or ``None``) locates problems.

    Every number-named value goes through the one number parser first
    (:func:`eipgeo.io.numbers.numbers_in_tree`): ``"250.000 đ"`` is 250000, an ambiguous
    value is refused with its line.
    """
    spec, refused = numbers_in_tree(spec)
    if refused:
        problems = [
            _located(t.message, t.code, t.value, t.path, file or None, node) for t in refused
        ]
        raise ValidationError(problems[0].to_line(), problems)
    try:
        scenario = Scenario.model_validate(spec)
    except PydanticError as exc:
        problems = [_problem(e, file or None, node) for e in exc.errors()]
        raise ValidationError(problems[0].to_line(), problems) from None
    try:
        folder = parks.resolve_park(
            scenario.park, relative_to=Path(file).resolve().parent if file else None
        )
    except DataNotFoundError as exc:
        problem = _located(str(exc), "unknown_park", scenario.park, ("park",), file or None, node)
        raise ValidationError(problem.to_line(), [problem]) from None
    scenario.park_folder = str(folder)
    scenario.source_file = file
    return scenario


def baseline_scenario(
    park: str, *, seed: int = 42, iterations: int = 1500, name: str = "baseline"
) -> Scenario:
    """Return the scenario that runs a park as it is (no change), for the one runner.

    Parameters
    ----------
    park
        The park's slug, bundled or not (a national park's slug is not checked here).
    seed, iterations
        Solver controls.
    name
        Label in outputs.

    Returns
    -------
    Scenario
        Every other key at its default.
    """
    return Scenario.model_construct(
        name=name,
        park=park,
        seed=seed,
        iterations=iterations,
        **{
            k: f.get_default(call_default_factory=True)
            for k, f in Scenario.model_fields.items()
            if k not in ("name", "park", "seed", "iterations")
        },
    )
