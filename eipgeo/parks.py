"""Bundled parks: metadata, enterprises, facilities, boundaries and placement rules.

A park is a folder ``<slug>/`` with ``park.json``, ``enterprises.csv`` and
``facilities.csv``, written by this project with a source for every fact. The bundled
parks travel with the package (``eipgeo/data/parks``, which the repository also shows as
``data/parks``). Geometry from OpenStreetMap (boundaries, roads, points of interest) and
the administrative and legal layers are read from the package's reduced copies
(``eipgeo/data/osm``, ``admin``, ``legal``; see ``eipgeo/data/README.md``), or from a
richer folder laid out the same way when ``EIPGEO_DATA_DIR`` names one
(:func:`data_file`).
"""

from __future__ import annotations

import difflib
import json
import math
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticError
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from eipgeo import settings
from eipgeo._errors import DataNotFoundError, InputReadError, Problem, ValidationError
from eipgeo.data import BUNDLED_DATA_DIR, PARKS_DIR, data_file
from eipgeo.io import checks
from eipgeo.io.tables import read_table, read_text_csv
from eipgeo.routing.model import VehicleType, window_s

LOCATION_QUALITY = {
    "surveyed": "plot coordinates from a survey or the park operator",
    "declared": "a point declared for this case in park.json (not a surveyed site)",
    "osm_point": "the position of the OSM node that maps the place (as mapped, not surveyed)",
    "osm_polygon": "representative point of the named OSM polygon",
    "placed_in_polygon": "no plot coordinates: a deterministic pseudo-random point inside "
    "the park polygon, seeded by the enterprise id (CRC-32)",
    "zone_reference_point": "tenant of a sub-zone with no polygon: placed at the zone's "
    "reference point stated in park.json",
    "commune_centroid": "representative point of the commune named in the evidence text",
    "district_centroid": "representative point of the (former) district named in the evidence",
    "province_centroid": "representative point of the province: too coarse for routing",
    "synthetic_in_polygon": "SYNTHETIC enterprise (eipgeo.national generator): a seeded "
    "uniform random point inside the park polygon, not a real firm",
}
"""Every ``location_quality`` value eipgeo writes, and what it means."""

ROUTABLE_QUALITY = {
    "surveyed",
    "declared",
    "osm_point",
    "osm_polygon",
    "commune_centroid",
    "district_centroid",
}
"""Facility placements precise enough to route to (a province centroid is not)."""


PERMIT_METHODS = {
    "incineration": "thermal destruction of hazardous waste in an incinerator",
    "co_processing": "co-processing in a cement kiln (licensed for hazardous waste)",
    "physico_chemical": "physico-chemical treatment (e.g. emulsion splitting)",
    "solidification": "solidification / stabilisation",
    "secure_landfill": "secure landfill for hazardous residues",
    "oil_re_refining": "used-oil recycling (re-refining)",
    "solvent_recovery": "spent-solvent recovery",
    "decontamination": "washing of drums, packaging, oily metal and oil filters; steel recovered",
    "battery_recycling": "battery dismantling and scrap recovery",
    "e_waste_recycling": "e-waste dismantling",
    "lamp_recycling": "mercury-lamp treatment",
    "eaf_dust_recycling": "recycling of electric-arc-furnace dust only",
    "incineration_medical": "incineration of medical waste only",
    "collection_transport": "collection and transport only (not a destination)",
    "storage_transfer": "permitted storage and transfer: receives any code for onward treatment",
}
"""Hazardous-waste methods a facility's ``methods`` column may list (``;``-separated),
as the permit or a source states them. A hazardous or controlled stream is routed only to a
facility permitted for it (:func:`permit_basis`)."""

OPERATING_STATUS = ("operating", "licensed", "active", "proposed (scenario)")
"""A facility whose ``status`` starts with one of these (or is blank) can receive waste; a
planned, historical or closed one cannot be a permitted destination."""


def _cells(value: object) -> list[str]:
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    return [c.strip() for c in text.split(";") if c.strip()]


def permit_basis(facility: pd.Series, code: str, method: str) -> str | None:
    """Say on what basis a facility may receive one hazardous stream, or ``None``.

    A licence "for hazardous waste" as a class is not enough (hazardous-waste permits list
    codes, quantities and methods): the facility must accept ``hazardous``, be operating
    (:data:`OPERATING_STATUS`, blank = as declared) and either list the stream's code in
    ``waste_codes`` or, where its codes are not in the data, list the method the stream
    needs (or ``storage_transfer``) in ``methods``.

    Parameters
    ----------
    facility
        A row of ``facilities.csv`` (``accepts``; optional ``status``, ``waste_codes``,
        ``methods``).
    code
        The stream's waste code.
    method
        The method its treatment needs (a key of :data:`PERMIT_METHODS`).

    Returns
    -------
    str or None
        ``code`` (the code is listed), ``method`` (codes not in the data; the method is
        listed), ``storage_transfer``, or ``None`` (not permitted for it).
    """
    if "hazardous" not in _cells(facility.get("accepts", "")):
        return None
    status = str(facility.get("status", "") or "").strip().lower()
    if status and status != "nan" and not status.startswith(OPERATING_STATUS):
        return None
    codes = _cells(facility.get("waste_codes", ""))
    if codes:
        return "code" if code in codes else None
    methods = _cells(facility.get("methods", ""))
    if method in methods:
        return "method"
    return "storage_transfer" if "storage_transfer" in methods else None


WasteClass = Literal["ordinary", "controlled", "domestic", "hazardous"]
"""The waste classes a vehicle may carry or a facility accept."""


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _window_text(text: str) -> str:
    """Check a ``HH:MM-HH:MM`` window (pydantic field validator)."""
    parts = str(text).split("-")
    if len(parts) != 2:
        message = f"'{text}' is not a window; write HH:MM-HH:MM, e.g. 11:00-12:00"
        raise ValueError(message)
    window_s(parts[0], parts[1])
    return str(text)


class BreakSpec(_Spec):
    """A driver break: its length and the window its start must fall in.

    Attributes
    ----------
    duration_s
        Length of the break, s (> 0).
    window
        ``HH:MM-HH:MM``: when the break may start (``23:30-00:30`` runs overnight).
    """

    duration_s: int = Field(gt=0)
    window: str

    _check_window = field_validator("window")(_window_text)

    def rule(self) -> tuple[float, float, float]:
        """Return ``(duration_s, start_open_s, start_close_s)`` (s from midnight)."""
        lo, hi = window_s(*self.window.split("-"))
        return float(self.duration_s), lo, hi


class VehicleSpec(_Spec):
    """One vehicle type: the one written form of a vehicle.

    A park's ``fleet.vehicles``, a scenario's ``fleet`` and the fleet JSON of ``eipgeo
    route`` all give vehicles in this form.

    Attributes
    ----------
    id
        Name shown in outputs.
    capacity_kg
        Payload, kg (> 0).
    num_available
        How many of them (≥ 1).
    allowed_classes
        Waste classes it may carry; ``hazardous`` needs a licensed vehicle (Law on
        Environmental Protection 2020 Art. 83).
    fixed_cost_vnd, cost_per_km_vnd
        Cost per vehicle used and per km, VND; 0 when unknown.
    shift_duration_s
        Longest working time a day, s; ``None`` = no limit.
    vehicle_class
        DESNZ HGV class for fuel and CO2e (``rigid_3.5_7.5t``...); ``None`` = from the
        payload.
    route_capacity_kg
        Most one route (a vehicle's day, all trips) may collect, kg; ``None`` = no limit.
    max_stops
        Most pickups on one route (≥ 1); ``None`` = no limit.
    shift
        ``HH:MM-HH:MM``: when the vehicle may leave the garage and by when it is back
        (``22:00-06:00`` is a night shift); ``None`` = the garage's hours.
    break_
        The driver break (JSON key ``break``); ``None`` = no break.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(min_length=1)
    capacity_kg: int = Field(gt=0)
    num_available: int = Field(default=1, ge=1)
    allowed_classes: list[WasteClass] = Field(
        default_factory=lambda: list[WasteClass](["ordinary", "domestic"]), min_length=1
    )
    fixed_cost_vnd: int = Field(default=0, ge=0)
    cost_per_km_vnd: int = Field(default=0, ge=0)
    shift_duration_s: int | None = Field(default=None, gt=0)
    vehicle_class: str | None = None
    route_capacity_kg: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    max_stops: int | None = Field(default=None, ge=1)
    shift: str | None = None
    break_: BreakSpec | None = Field(default=None, alias="break")

    _check_shift = field_validator("shift")(_window_text)

    @model_validator(mode="after")
    def _break_fits(self) -> VehicleSpec:
        """Refuse a break not shorter than the shift."""
        if self.break_ is None:
            return self
        lengths = [float(self.shift_duration_s)] if self.shift_duration_s else []
        if self.shift is not None:
            lo, hi = window_s(*self.shift.split("-"))
            lengths.append(hi - lo)
        if lengths and self.break_.duration_s >= min(lengths):
            message = (
                f"break.duration_s {self.break_.duration_s} s is not shorter than the "
                f"shift ({min(lengths):g} s); shorten the break or lengthen the shift"
            )
            raise ValueError(message)
        return self

    def to_vehicle_type(self) -> VehicleType:
        """Return the routing core's :class:`~eipgeo.routing.model.VehicleType`."""
        return VehicleType(
            self.id,
            self.capacity_kg,
            self.num_available,
            tuple(self.allowed_classes),
            self.fixed_cost_vnd,
            self.cost_per_km_vnd,
            self.shift_duration_s,
            self.vehicle_class,
            route_capacity_kg=self.route_capacity_kg,
            max_stops=self.max_stops,
            shift_s=None if self.shift is None else window_s(*self.shift.split("-")),
            break_rule=None if self.break_ is None else self.break_.rule(),
        )


class FleetSpec(_Spec):
    """A fleet: its vehicle types and a note on where they come from."""

    vehicles: list[VehicleSpec] = Field(min_length=1)
    note: str = ""


class DepotSpec(_Spec):
    """The garage the routes start from and end at (EPSG:4326 degrees)."""

    id: str = "DEPOT"
    name: str = "Depot"
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    location_quality: str = "declared"
    note: str = ""


class BoundarySpec(_Spec):
    """Where the boundary is: OSM ways of a data file, or a file in the park folder."""

    source: str | None = None
    osm_way_ids: list[int] = Field(default_factory=list)
    file: str | None = None


class StreetNetworkSpec(_Spec):
    """A street extract of the park and its road filter.

    ``source`` is a file in the park folder (``streets.osm``, ``.pbf``, ``.graphml`` or
    road lines) or, failing that, a path in the data folder (:func:`eipgeo.data.data_file`).
    """

    source: str
    network_type: str = "drive_service"
    note: str = ""


class UisSourcesSpec(_Spec):
    """Where a UIS case's sources come from: OSM features of a data file, by tag."""

    source: str
    tags: dict[str, list[str]]
    excluded: str = ""


class ReferencePoint(_Spec):
    """A sub-zone with no polygon: its stated reference point and how it was chosen."""

    id: str
    name: str = ""
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    method: str = ""
    source: str = ""


class Statistic(_Spec):
    """A park-level figure with its source (``workers_per_project``, ``workers``...).

    ``low`` and ``high`` hold a published range around ``value`` (e.g. a workforce given
    as "13,000-14,000"); empty when the source gives one figure.
    """

    key: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str = ""
    year: int | None = None
    source_url: str | None = None
    confidence: str | None = None
    derived: str = ""
    qualifier: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _range_in_order(self) -> Statistic:
        """Refuse a range without a central value, or one out of order."""
        if self.value is None and (self.low is not None or self.high is not None):
            message = (
                f"statistic '{self.key}': a range (low/high) needs a central value; give "
                "value (e.g. the midpoint of the published range)"
            )
            raise ValueError(message)
        low = self.value if self.low is None else self.low
        high = self.value if self.high is None else self.high
        if self.value is not None and low is not None and high is not None:
            if not low <= self.value <= high:
                message = (
                    f"statistic '{self.key}': low {low:g} / value {self.value:g} / high "
                    f"{high:g} out of order; give low <= value <= high"
                )
                raise ValueError(message)
        return self


class SourceRef(_Spec):
    """A fact used in the park folder and where it comes from."""

    what: str
    url: str


class ParkMeta(_Spec):
    """``park.json``, validated: a park's identity, geometry sources, depot, fleet, facts.

    Every key is documented in ``data/parks/README.md``; an unknown key is an error.
    ``facility_source`` is ``file`` (the folder's ``facilities.csv``, the default) or
    ``regional`` (the sites of the park's province from eipgeo's regional register,
    :func:`regional_facilities`, plus any rows of ``facilities.csv``); ``province_code``
    is the province's code in ``admin/vn_provinces_34.geojson`` (post-July-2025 units).
    ``depot_opens`` (``HH:MM``) is when the depot opens, the clock the park job's
    timetables start at; ``None`` = ``eipgeo.settings.depot_opens``.
    """

    slug: str
    name_en: str = ""
    name_vi: str = ""
    operator: str = ""
    province: str = ""
    province_code: str | None = None
    kind: Literal["industrial_park", "uis_collection"] = "industrial_park"
    facility_source: Literal["file", "regional"] = "file"
    epsg: int = 32648
    area_ha: float | None = None
    boundary: BoundarySpec | None = None
    trunk_roads: str | None = None
    street_network: StreetNetworkSpec | None = None
    uis_sources: UisSourcesSpec | None = None
    depot: DepotSpec | None = None
    fleet: FleetSpec | None = None
    receiver_facility: str | None = None
    depot_opens: str | None = None
    reference_points: list[ReferencePoint] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    notes: str = ""
    osm_ids: str | None = None
    area_quality: str | None = None
    source: str | None = None
    road_data: str | None = None

    @field_validator("depot_opens")
    @classmethod
    def _check_opening(cls, value: str | None) -> str | None:
        """Refuse an opening hour that is not ``HH:MM`` (00:00-23:59)."""
        if value is not None:
            settings.opening_s(value)
        return value


DEFAULT_FLEET = [
    VehicleType("compactor-7t", 7000, 4, ("ordinary", "domestic")),
    VehicleType("hazmat-licensed-5t", 5000, 2, ("hazardous", "controlled")),
]
"""Fleet used when a park declares none: illustrative, unverified capacities."""


@dataclass
class Park:
    """A bundled park or case.

    Attributes
    ----------
    slug
        Folder name, as in ``CONTRACT.md``.
    meta
        ``park.json``, validated.
    enterprises
        ``enterprises.csv`` as read (strings kept as text), or empty.
    facilities
        ``facilities.csv`` as read, or empty.
    folder
        Where the files are.
    origin
        ``bundled`` (shipped with eipgeo), ``user`` (a park folder of the user's) or
        ``national`` (built in memory from the national layer).
    removed_enterprises
        Rows of ``enterprises`` a scenario removed (``removed_tenants``), as read, or
        ``None``. They emit no waste and are not routed; they are kept so that the rest
        of the park is estimated as in the baseline (a tenant that leaves takes its
        workforce or land with it, :func:`eipgeo.generation.park_coverage`).
    problems
        Warnings found while reading the park's inputs (a scenario's tenant file); the
        job reports them with its own.
    enterprises_file
        The file the tenants were read from (``folder/enterprises.csv``, or a scenario's
        ``enterprises`` file), named in problems.
    """

    slug: str
    meta: ParkMeta
    enterprises: pd.DataFrame
    facilities: pd.DataFrame
    folder: Path
    notes: list[str] = field(default_factory=list)
    origin: Literal["bundled", "user", "national"] = "bundled"
    problems: list[Problem] = field(default_factory=list)
    enterprises_file: Path | None = None
    added_rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    """Rows a scenario adds to the park's tables, by file name (``production.csv``,
    ``measured_streams.csv``; text cells in the file's columns): a new tenant's capacity
    and declared streams (:func:`eipgeo.scenario.apply.park_for_scenario`). The readers
    append them to the file's rows, so they are estimated as the park's own rows."""
    boundary: gpd.GeoDataFrame | None = None
    """Boundary carried in memory (national parks, :mod:`eipgeo.national`); when set,
    :func:`read_boundary` returns it instead of reading ``park.json``'s source."""
    removed_enterprises: pd.DataFrame | None = None

    @property
    def removed_ids(self) -> set[str]:
        """Ids of the tenants a scenario removed (empty when none)."""
        gone = self.removed_enterprises
        return set() if gone is None else set(gone["id"].astype(str))

    @property
    def name(self) -> str:
        """English name."""
        return self.meta.name_en or self.slug

    @property
    def kind(self) -> str:
        """``industrial_park`` or ``uis_collection``."""
        return self.meta.kind

    @property
    def epsg(self) -> int:
        """The park's projected CRS (EPSG code, metres)."""
        return self.meta.epsg


def list_parks(parks_dir: Path | None = None) -> list[str]:
    """Return the slugs of the bundled parks (or of the parks in ``parks_dir``), sorted.

    Parameters
    ----------
    parks_dir
        A folder of park folders; default the bundled parks (``eipgeo/data/parks``).

    Returns
    -------
    list of str
        Folder names that hold a ``park.json``.
    """
    root = parks_dir or PARKS_DIR
    return sorted(p.name for p in root.iterdir() if (p / "park.json").is_file())


@dataclass(frozen=True)
class ParkEntry:
    """A park eipgeo can find by slug: where it is and whether it is bundled.

    Attributes
    ----------
    slug
        The name commands take (the folder name).
    folder
        The park folder.
    origin
        ``bundled`` or ``user`` (found on ``EIPGEO_PARKS_PATH`` / ``settings.parks_path``).
    hidden_by
        For a user park whose slug a bundled (or earlier) park already takes: that park's
        folder; it cannot be reached by slug, only by its path.
    """

    slug: str
    folder: Path
    origin: Literal["bundled", "user"]
    hidden_by: Path | None = None


def _user_park_folders() -> list[Path]:
    """Park folders on the parks path, in search order (a park folder itself or its children)."""
    found: list[Path] = []
    for entry in settings.resolve_parks_path():
        if (entry / "park.json").is_file():
            found.append(entry)
        elif entry.is_dir():
            found += sorted(p for p in entry.iterdir() if (p / "park.json").is_file())
    return found


def find_parks() -> list[ParkEntry]:
    """Return every park reachable by slug: the bundled ones, then the user's.

    The user's parks are the folders on ``settings.parks_path`` or ``EIPGEO_PARKS_PATH``
    (:func:`eipgeo.settings.resolve_parks_path`), each a park folder or a folder of park
    folders. A slug names the first park found with it; bundled parks come first, so the
    slugs of ``CONTRACT.md`` always mean the bundled parks.

    Returns
    -------
    list of ParkEntry
        Bundled parks sorted by slug, then user parks in search order; a user park
        whose slug is taken has ``hidden_by`` set.
    """
    entries = [ParkEntry(slug, PARKS_DIR / slug, "bundled") for slug in list_parks()]
    taken = {e.slug: e.folder for e in entries}
    for folder in _user_park_folders():
        slug = folder.name
        entries.append(ParkEntry(slug, folder, "user", taken.get(slug)))
        taken.setdefault(slug, folder)
    return entries


def _looks_like_path(ref: str) -> bool:
    return any(sep in ref for sep in ("/", "\\")) or ref.startswith((".", "~"))


def resolve_park(ref: str | Path, *, relative_to: Path | None = None) -> Path:
    """Return the folder of the park ``ref`` names: a slug, or a park folder's path.

    A name with no path separator is a slug first (bundled parks, then the parks path,
    :func:`find_parks`), then a folder relative to ``relative_to`` and to the working
    directory. A path (``./my-park``, ``../parks/x``, ``/abs/x``) is a folder, relative
    to ``relative_to`` first (a scenario's folder), then to the working directory.

    Parameters
    ----------
    ref
        Slug or folder path.
    relative_to
        Folder that relative paths are taken from first (the scenario file's folder).

    Returns
    -------
    pathlib.Path
        The park folder (it holds ``park.json``), resolved to an absolute path.

    Raises
    ------
    DataNotFoundError
        No park by that name or path; the message lists the known slugs, the nearest
        one, and how to make a park folder.
    """
    text = str(ref).strip()
    path = Path(text).expanduser()
    if not _looks_like_path(text) and not path.is_absolute():
        by_slug = {e.slug: e.folder for e in reversed(find_parks())}
        if text in by_slug:
            nearby = [b / text for b in ([relative_to] if relative_to else []) + [Path.cwd()]]
            local = [f for f in nearby if (f / "park.json").is_file()]
            if local and local[0].resolve() != by_slug[text].resolve():
                warnings.warn(
                    f"'{text}' names the park {by_slug[text]} (a slug); the folder "
                    f"{local[0]} is another park: give ./{text} to use it",
                    UserWarning,
                    stacklevel=2,
                )
            return by_slug[text].resolve()
    bases = ([relative_to] if relative_to is not None else []) + [Path.cwd()]
    tried = [path] if path.is_absolute() else [base / path for base in bases]
    for folder in tried:
        if (folder / "park.json").is_file():
            return folder.resolve()
    slugs = sorted({e.slug for e in find_parks()})
    folders = [f for f in tried if f.is_dir()]
    if folders:
        msg = (
            f"park '{text}': {folders[0]} is a folder but holds no park.json; make a park "
            "folder with `eipgeo park new DIR --boundary FILE --enterprises FILE`"
        )
    elif _looks_like_path(text) or path.is_absolute():
        msg = (
            f"no park folder at {' or '.join(str(f) for f in tried)}; check the path (a "
            "relative path is taken from the scenario file's folder, then the working "
            "directory), or make the folder with `eipgeo park new`"
        )
    else:
        near = difflib.get_close_matches(text, slugs, n=1)
        hint = f"did you mean '{near[0]}'?" if near else "use a known slug or a folder path"
        msg = (
            f"unknown park '{text}'; {hint} (known slugs: {', '.join(slugs)}; "
            "`eipgeo parks` lists them; a park folder's path works too, `eipgeo park new` "
            "makes one, and EIPGEO_PARKS_PATH lists extra folders searched for slugs)"
        )
    raise DataNotFoundError(msg)


def find_park(ref: str | Path, *, relative_to: Path | None = None) -> Path | None:
    """Return the folder of the park ``ref`` names, or ``None`` when it names none.

    As :func:`resolve_park`, for commands whose argument may be a park or something
    else (a scenario or enterprise file).

    Parameters
    ----------
    ref
        Slug or folder path.
    relative_to
        Folder that relative paths are taken from first.

    Returns
    -------
    pathlib.Path or None
        The park folder, or ``None``.
    """
    try:
        return resolve_park(ref, relative_to=relative_to)
    except DataNotFoundError:
        return None


def _with_enterprise_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the :data:`ENTERPRISE_COLUMNS` a park's ``enterprises.csv`` leaves out, blank.

    They are the schema's optional columns: a hand-made file may hold only ``id``, ``name``.
    """
    if frame.empty and not len(frame.columns):
        return frame
    missing = [c for c in ENTERPRISE_COLUMNS if c not in frame.columns]
    return frame.assign(**dict.fromkeys(missing, "")) if missing else frame


def _read_csv(path: Path) -> pd.DataFrame:
    """Read a park folder table as text: ragged rows refused, decimal commas read.

    :func:`eipgeo.io.tables.read_text_csv` (a row whose fields do not match the header
    is an error naming it; a ``;`` file with decimal commas, as vi-VN Excel saves it, is
    read with its numbers written with a point).
    """
    if not path.is_file():
        return pd.DataFrame()
    return read_text_csv(path)


def read_park_meta(path: Path) -> ParkMeta:
    """Read and validate a ``park.json``.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    ParkMeta
        The validated metadata.

    Raises
    ------
    InputReadError
        The file is not UTF-8 JSON (exit 2).
    ValidationError
        A key is unknown or a value wrong; one problem per key, naming its path.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputReadError(f"{path}: cannot read as UTF-8 JSON ({exc}); fix the file") from exc
    if isinstance(raw, dict) and "slug" not in raw:
        raw = {**raw, "slug": path.parent.name}
    try:
        return ParkMeta.model_validate(raw)
    except PydanticError as exc:
        problems = [
            Problem(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']} (got {e.get('input')!r:.60}); "
                "fix the key (data/parks/README.md lists every key)",
                code=str(e["type"]),
                file=str(path),
                column=".".join(map(str, e["loc"])),
            )
            for e in exc.errors()
        ]
        raise ValidationError(problems[0].to_line(), problems) from None


def park_file(park: Park, relative: str) -> Path:
    """Return a file a park names: in its own folder if there, else in the data folder.

    Parameters
    ----------
    park
        The park.
    relative
        The path as ``park.json`` gives it (``streets.osm``, ``osm/hcmc_d1_d3.osm``).

    Returns
    -------
    pathlib.Path
        An existing file.

    Raises
    ------
    DataNotFoundError
        Neither the park folder nor the data folder has it.
    """
    local = park.folder / relative
    return local if local.is_file() else data_file(relative)


REGIONAL_FACILITIES = "regional_facilities.csv"
"""eipgeo's register of treatment, disposal and hazardous-waste sites by province
(``eipgeo/data/regional_facilities.csv``, built by ``tools/regional_facilities.py``; each
row keeps its own source)."""


def regional_facilities(province_code: str | None) -> pd.DataFrame:
    """Return the register's sites in one province, labelled as coming from the register.

    Parameters
    ----------
    province_code
        Province code of ``admin/vn_provinces_34.geojson`` (post-July-2025 units, e.g.
        ``"75"`` Dong Nai); ``None`` gives no site.

    Returns
    -------
    pandas.DataFrame
        Text columns of ``facilities.csv`` plus ``province_code``, ``province_en``,
        ``province_vi``, ``register_note`` and ``facility_origin`` (``regional register
        (<province>)``). Empty when the province has none.
    """
    table = _read_csv(BUNDLED_DATA_DIR / REGIONAL_FACILITIES)
    if province_code is None or table.empty:
        return table.iloc[0:0]
    rows = table[table["province_code"] == str(province_code)].copy()
    rows["facility_origin"] = [
        f"eipgeo regional register ({p}); not the park's own list" for p in rows["province_en"]
    ]
    return rows.reset_index(drop=True)


def _park_facilities(meta: ParkMeta, folder: Path) -> pd.DataFrame:
    own = _read_csv(folder / "facilities.csv")
    if meta.facility_source == "file":
        return own
    regional = regional_facilities(meta.province_code)
    if own.empty:
        return regional
    own = own.assign(facility_origin="the park's facilities.csv")
    kept = regional[~regional["id"].isin(own["id"])]
    return pd.concat([own, kept], ignore_index=True).fillna("")


def load_park(slug_or_path: str | Path, *, relative_to: Path | None = None) -> Park:
    """Load a park by slug or by the path of its folder (:func:`resolve_park`).

    Parameters
    ----------
    slug_or_path
        A slug (bundled, or on ``EIPGEO_PARKS_PATH``) or a park folder.
    relative_to
        Folder that a relative path is taken from first (a scenario file's folder).

    Returns
    -------
    Park
        ``origin`` says ``bundled`` or ``user``.

    Raises
    ------
    DataNotFoundError
        No such park; the message lists the known slugs.
    InputReadError, ValidationError
        ``park.json`` or a table cannot be read, or ``park.json`` has a wrong key.
    """
    folder = resolve_park(slug_or_path, relative_to=relative_to)
    meta = read_park_meta(folder / "park.json")
    origin: Literal["bundled", "user"] = (
        "bundled" if folder.parent == PARKS_DIR.resolve() else "user"
    )
    return Park(
        slug=meta.slug,
        meta=meta,
        enterprises=_with_enterprise_columns(_read_csv(folder / "enterprises.csv")),
        facilities=_park_facilities(meta, folder),
        folder=folder,
        origin=origin,
    )


# --------------------------------------------------------------------------------------
# External data
# --------------------------------------------------------------------------------------


def read_boundary(park: Park) -> gpd.GeoDataFrame:
    """Return the park's boundary polygons (EPSG:4326).

    ``park.json`` names either ``boundary.file`` (a GeoJSON/GPKG in the park folder) or
    ``boundary.osm_way_ids`` in ``boundary.source`` of the external data folder.

    Parameters
    ----------
    park
        The park; a boundary it already holds (an in-memory park) is returned as it is,
        reprojected to EPSG:4326.

    Returns
    -------
    geopandas.GeoDataFrame
        The polygons, EPSG:4326.

    Raises
    ------
    DataNotFoundError
        The data file, or one of the park's OSM ways, is missing.
    InputReadError
        The park's own boundary file cannot be read or declares no CRS.
    """
    if park.boundary is not None:
        return park.boundary.to_crs(4326)
    spec = park.meta.boundary or BoundarySpec()
    if spec.file:
        local = park.folder / spec.file
        try:
            gdf = gpd.read_file(local)
        except Exception as exc:  # pyogrio raises several types; name the file
            raise InputReadError(f"{local}: cannot read the park boundary ({exc})") from exc
        if gdf.crs is None:
            raise InputReadError(f"{local}: no CRS; declare one (GeoJSON is EPSG:4326)")
        return gdf.to_crs(4326)
    ways = [int(w) for w in spec.osm_way_ids]
    gdf = gpd.read_file(data_file(spec.source or "osm/programme_parks.geojson"))
    found = gdf[gdf["osm_id"].astype("int64").isin(ways)].copy()
    missing = sorted(set(ways) - set(found["osm_id"].astype("int64")))
    if missing:
        raise DataNotFoundError(f"{park.slug}: OSM way(s) {missing} not in the boundary file")
    return found.to_crs(4326)


def osm_polygon_point(way_id: int) -> tuple[float, float]:
    """Return (lon, lat) of the representative point of an OSM polygon in the parks file.

    Parameters
    ----------
    way_id
        OSM way id of the polygon in ``osm/programme_parks.geojson``.

    Returns
    -------
    tuple of (float, float)
        Longitude and latitude, EPSG:4326 degrees, of a point inside the polygon (found in
        UTM zone 48N, EPSG:32648).

    Raises
    ------
    DataNotFoundError
        The data file is missing, or the way is not in it.
    """
    gdf = gpd.read_file(data_file("osm/programme_parks.geojson"))
    row = gdf[gdf["osm_id"].astype("int64") == int(way_id)]
    if row.empty:
        raise DataNotFoundError(f"OSM way {way_id} is not in osm/programme_parks.geojson")
    point = row.to_crs(32648).geometry.iloc[0].representative_point()
    lonlat = gpd.GeoSeries([point], crs=32648).to_crs(4326).iloc[0]
    return float(lonlat.x), float(lonlat.y)


# --------------------------------------------------------------------------------------
# Placement rules
# --------------------------------------------------------------------------------------


def _seeded_point_in(polygon: BaseGeometry, key: str) -> Point:
    """Deterministic pseudo-random point inside ``polygon``, seeded by CRC-32 of ``key``."""
    rng = np.random.default_rng(zlib.crc32(key.encode("utf-8")))
    minx, miny, maxx, maxy = polygon.bounds
    inner = polygon.buffer(-30) if polygon.buffer(-30).area > 0 else polygon
    for _ in range(10_000):
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if inner.contains(p):
            return p
    return polygon.representative_point()


def place_enterprises(park: Park, boundary: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give every enterprise a location, and say in ``location_quality`` how.

    Rules, in order (see :data:`LOCATION_QUALITY`):

    1. ``lat``/``lon`` given → kept, ``surveyed`` unless the file says otherwise.
    2. ``zone`` names a reference point in ``park.json`` → that point,
       ``zone_reference_point``.
    3. Otherwise a deterministic pseudo-random point at least 30 m inside the park
       polygon (UTM, seeded by the enterprise id, so adding a tenant moves no other),
       ``placed_in_polygon``.

    Parameters
    ----------
    park
        The park: its ``enterprises`` (``id``; ``lat``/``lon`` in EPSG:4326 degrees,
        ``zone`` and ``location_quality`` where given), its reference points and its
        projected CRS (``park.epsg``, m) for placing in the polygon.
    boundary
        The park's polygons, in any declared CRS (:func:`read_boundary`).

    Returns
    -------
    geopandas.GeoDataFrame
        Aligned with ``park.enterprises``, EPSG:4326, with ``lat``, ``lon`` (float) and
        ``location_quality`` filled.
    """
    ents = park.enterprises.copy()
    refs = {r.id: r for r in park.meta.reference_points}
    poly = boundary.to_crs(park.epsg).geometry.union_all()
    to_wgs = gpd.GeoSeries(crs=park.epsg)
    points, quality = [], []
    for _, row in ents.iterrows():
        lat, lon = str(row.get("lat", "")).strip(), str(row.get("lon", "")).strip()
        if lat and lon:
            points.append(Point(float(lon), float(lat)))
            quality.append(row.get("location_quality") or "surveyed")
        elif row.get("zone") and row["zone"] in refs:
            ref = refs[row["zone"]]
            points.append(Point(ref.lon, ref.lat))
            quality.append("zone_reference_point")
        else:
            p = _seeded_point_in(poly, str(row["id"]))
            points.append(gpd.GeoSeries([p], crs=to_wgs.crs).to_crs(4326).iloc[0])
            quality.append("placed_in_polygon")
    gdf = gpd.GeoDataFrame(ents, geometry=points, crs=4326)
    gdf["lon"], gdf["lat"] = gdf.geometry.x.round(6), gdf.geometry.y.round(6)
    gdf["location_quality"] = quality
    return gdf


def _statistic(park: Park, key: str) -> Statistic | None:
    return next((s for s in park.meta.statistics if s.key == key and s.value is not None), None)


def fill_sizes(park: Park, enterprises: pd.DataFrame) -> pd.DataFrame:
    """Fill missing ``employees`` with the park-average workers per project, flagged.

    The average is the park's ``workers_per_project`` statistic (``park.json``, with
    its source); where the park has none, the mean over the other bundled programme
    parks that do. ``employees_quality`` says ``reported`` or which fallback was used.

    Parameters
    ----------
    park
        The park whose ``workers_per_project`` statistic (workers per enterprise) fills
        the gaps.
    enterprises
        Its enterprises with an ``employees`` column (workers); a blank, non-numeric or
        non-positive value is missing.

    Returns
    -------
    pandas.DataFrame
        Aligned copy with ``employees`` (float) and ``employees_quality``.

    Raises
    ------
    DataNotFoundError
        Neither the park nor any other bundled park has the statistic.
    """
    out = enterprises.copy()
    reported = pd.to_numeric(out["employees"], errors="coerce")
    stat = _statistic(park, "workers_per_project")
    label = f"park_average_fallback ({park.slug} workers_per_project)"
    if stat is None:
        values = []
        for slug in list_parks():
            other = _statistic(load_park(slug), "workers_per_project")
            if other is not None and slug != park.slug:
                values.append(float(other.value or 0.0))
        if not values:
            raise DataNotFoundError(
                f"{park.slug}: no workers_per_project statistic to fill "
                "missing employees; add employees to enterprises.csv"
            )
        fallback = float(np.mean(values))
        label = "programme_average_fallback (mean workers_per_project of other parks)"
    else:
        fallback = float(stat.value or 0.0)
    out["employees_quality"] = np.where(reported.notna() & (reported > 0), "reported", label)
    out["employees"] = reported.where(reported.notna() & (reported > 0), fallback)
    return out


ENTERPRISE_COLUMNS = [
    "id",
    "name",
    "zone",
    "investor_country",
    "sector_text",
    "isic4_class",
    "products",
    "lot",
    "area_ha",
    "employees",
    "start_year",
    "lat",
    "lon",
    "location_quality",
    "source_url",
    "confidence",
]
"""Columns of a park folder's ``enterprises.csv`` (``data/parks/README.md``)."""

_PLACED_BY_RULE = ("missing_coordinates", "no_coordinates")
"""Problem codes that are not problems in a park's tenant list: such rows are placed by
:func:`place_enterprises`."""


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_tenant_table(
    path: str | Path, *, strict: bool = False
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a tenant list into the layout of a park's ``enterprises.csv``.

    The file goes through the one reader and the checks of ``eipgeo validate``
    (:func:`eipgeo.io.tables.read_table`, :func:`eipgeo.io.checks.check_enterprises`):
    any encoding, separator or decimal mark; Vietnamese or English headers
    (:data:`eipgeo.io.tables.COLUMN_ALIASES`); ``lat``/``lon`` or ``x_m``/``y_m`` with a
    CRS. Rows with blank coordinates are kept: the job places them by the rules of
    :func:`place_enterprises`, as it places bundled tenants.

    Parameters
    ----------
    path
        CSV, XLSX, GeoJSON, GPKG, Shapefile or GeoParquet of tenants.
    strict
        Treat warnings as errors.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        Text columns :data:`ENTERPRISE_COLUMNS` (blank where the file has none; ``lat``
        and ``lon`` in EPSG:4326 degrees, 6 decimals; ``location_quality`` ``declared``
        for a row with coordinates and no quality of its own) followed by the file's
        other columns; and the warnings.

    Raises
    ------
    InputReadError
        The file cannot be read (exit 2).
    ValidationError
        Errors (or, under ``strict``, warnings) were found; ``problems`` lists every one,
        each naming file, row, column and value.
    """
    table = read_table(path)
    gdf, found = checks.check_enterprises(table)
    problems = [p for p in found if p.code not in _PLACED_BY_RULE]
    errors = [p for p in problems if p.severity == "error" or strict]
    if errors:
        msg = f"{len(errors)} problem(s) in the tenant file; {errors[0].to_line()}"
        raise ValidationError(msg, problems)
    frame = pd.DataFrame(table.frame).drop(columns=["geometry"], errors="ignore")
    out = pd.DataFrame(index=frame.index)
    for col in [*ENTERPRISE_COLUMNS, *(c for c in frame.columns if c not in ENTERPRISE_COLUMNS)]:
        if col in ("lat", "lon"):
            out[col] = [
                "" if v is None or math.isnan(float(v)) else f"{float(v):.6f}" for v in gdf[col]
            ]
        elif col in frame.columns:
            out[col] = [_cell_text(v) for v in frame[col]]
        else:
            out[col] = ""
    out = out.drop(columns=[c for c in ("x_m", "y_m", "crs") if c in out.columns])
    given = (out["lat"] != "") & (out["location_quality"] == "")
    out.loc[given, "location_quality"] = "declared"  # the user's point, not a survey of ours
    return out.reset_index(drop=True), problems


def outside_boundary(
    sources: gpd.GeoDataFrame,
    boundary: gpd.GeoDataFrame,
    epsg: int,
    *,
    file: str | None = None,
    rows: dict[str, int] | None = None,
    tolerance_m: float | None = None,
) -> list[Problem]:
    """Return a warning for each source outside the park boundary by more than a tolerance.

    Only sources placed from their own coordinates are checked: a point placed by rule
    lies inside the boundary by construction.

    Parameters
    ----------
    sources
        The park's placed sources (EPSG:4326 points) with ``site_id``, ``name`` and
        ``location_quality``.
    boundary
        The park's boundary polygons (any CRS).
    epsg
        The park's projected CRS (metres), where distances are measured.
    file
        The tenant file, for messages.
    rows
        Site id → its row in ``file`` as a spreadsheet shows it (header = 1).
    tolerance_m
        Allowed distance outside, m; default ``settings.boundary_tolerance_m`` (50 m).

    Returns
    -------
    list of Problem
        Code ``outside_boundary``, severity ``warning``, ``value`` = the site id; the
        message names the firm, its point and its distance from the boundary, and says
        the site is left out of routing.
    """
    tolerance = settings.boundary_tolerance_m if tolerance_m is None else tolerance_m
    area = boundary.to_crs(epsg).geometry.union_all()
    own = sources[~sources["location_quality"].isin(["placed_in_polygon", "zone_reference_point"])]
    if own.empty:
        return []
    distance = own.to_crs(epsg).distance(area)
    problems = []
    for idx, dist in distance.items():
        if dist > tolerance:
            row = own.loc[idx]
            problems.append(
                Problem(
                    f"{row['site_id']} ({row.get('name', '')}) at ({row.geometry.y:.5f}, "
                    f"{row.geometry.x:.5f}) is {dist:,.0f} m outside the park boundary "
                    f"(tolerance {tolerance:g} m); it is left out of the totals, routes and "
                    "exchanges. Correct its coordinates (lat/lon swapped? another park's "
                    "plot?) or the boundary, or remove the row",
                    code="outside_boundary",
                    file=file,
                    row=(rows or {}).get(str(row["site_id"])),
                    column="lat",
                    value=str(row["site_id"]),
                    severity="warning",
                )
            )
    return problems


def validate_park(slug_or_path: str | Path) -> list[Problem]:
    """Check a park's ``enterprises.csv`` and ``facilities.csv``.

    Blank coordinates are not problems here: :func:`eipgeo.parks.place_enterprises`
    places those rows by its documented rules and marks their ``location_quality``.
    Everything else (ids, numbers, ISIC classes, (0, 0), swapped or implausible
    coordinates) is checked as for a planner's file.

    Parameters
    ----------
    slug_or_path
        A bundled park's slug or a park folder (:func:`load_park`).

    Returns
    -------
    list of Problem
        The problems of both files, enterprises first; a missing file is skipped.

    Raises
    ------
    DataNotFoundError
        No such park.
    """
    park = load_park(slug_or_path)
    problems: list[Problem] = []
    for name, check in (
        ("enterprises.csv", checks.check_enterprises),
        ("facilities.csv", checks.check_facilities),
    ):
        path = park.folder / name
        if path.is_file():
            problems += check(read_table(path))[1]
    return [p for p in problems if p.code not in ("missing_coordinates", "no_coordinates")]
