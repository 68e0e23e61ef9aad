"""The layout-review session: the baseline, the changes made on the map, and their figures.

Nothing here speaks HTTP (:mod:`eipgeo.serve.app` serves a session). A session holds a
scenario (a park's :func:`~eipgeo.scenario.schema.baseline_scenario`, or a scenario file)
and the changes made on the map and the panel: tenants moved, added or removed; hazardous
stores, a shared hub and collection points added or moved; setback rules and collection
frequencies changed. Each change is checked first (a point inside the park boundary, a
known ISIC class, a positive whole number of workers, a new tenant's optional production
capacity in its intensity's unit and declared streams with a known code, t/yr >= 0 and a
source, a setback distance above 0 m, 1-7 collection days a week); the changed layout is
then written as a scenario (``moved_tenants``, ``new_tenants``, ``removed_tenants``,
``facilities``, ``hub``, ``plot_coverage.points``, ``setbacks``, ``collection``) and run through
:func:`eipgeo.scenario.run.run_scenario`, the runner of ``eipgeo run``. The exported YAML is
that scenario, so ``eipgeo run`` on it gives the figures the app shows. A change that fails
leaves the last good state as it was.
"""

from __future__ import annotations

import copy
import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import yaml
from shapely.geometry import Point

from eipgeo import coefficients, generation, parks, settings, waste
from eipgeo._errors import Problem, ValidationError
from eipgeo.io.checks import isic4_classes
from eipgeo.jobs.result import JobResult
from eipgeo.outputs._catalogue import CATALOGUE, note, pair
from eipgeo.outputs.maps import route_colour, route_label
from eipgeo.routing.frequency import FREQUENCY_GROUPS
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import Scenario, baseline_scenario, load_scenario, scenario_from_dict
from eipgeo.scenario.setbacks import place_role, read_features, review

WASTE_CLASSES = ("ordinary", "controlled", "hazardous", "domestic")
"""Waste classes whose totals the panel shows (t/yr), as in ``summary.csv``."""

FIGURES: list[tuple[str, str]] = [
    *((f"waste_t_per_yr.{c}", "t/yr") for c in WASTE_CLASSES),
    ("waste_t_per_yr.total", "t/yr"),
    ("routes.coverage", "% of park t/yr"),
    ("route_km.total", "km/day"),
    ("week_route_km", "km/week"),
    ("route_co2e_kg", "kg CO2e/day"),
    ("onward_haul_co2e_kg", "kg CO2e/yr"),
    ("stored_untreated_t_per_yr", "t/yr"),
    ("trucks", "routes/day"),
    ("exchanges", "exchanges"),
    ("exchange_t_per_yr", "t/yr"),
    ("candidates", "candidates"),
    ("warnings", "warnings"),
]
"""The panel's figures, ``(key, unit)``; the ``summary.csv`` keys keep their names."""

LAYOUT_CODES = (
    "outside_boundary",
    "setback_breach",
    "plot_uncovered",
    "plot_uncoverable",
    "snap_too_far",
    "snap_detached",
    "off_depot_component",
)
"""Codes of problems about the layout itself, listed one by one in the panel: a tenant
outside the boundary, a setback breach, an uncovered plot, a site off the road network
(too far from it, on a road piece with no link to the main network, or cut off from the
depot)."""

FACILITY_KINDS: dict[str, dict[str, Any]] = {
    "hazardous_store": {"kind": "hazardous_store", "accepts": ["hazardous"], "prefix": "STORE"},
    "hub": {"kind": "transfer_station", "accepts": ["ordinary", "domestic"], "prefix": "HUB"},
    "collection_point": {"prefix": "CP"},
}
"""What the map can add, and the scenario entry each becomes.

``hazardous_store``: a ``facilities`` entry of kind ``hazardous_store`` accepting
hazardous waste (role ``hazardous_store`` of the setback rules). ``hub``: the scenario's
``hub`` block with ``candidates: points`` and the one point placed (``p: 1``), a shared
transfer station for ordinary and domestic waste. ``collection_point``: a point of
``plot_coverage.points`` (the scenario must have a ``plot_coverage`` block: plots and a
radius)."""

SETBACK_ROLES = ("hazardous_store", "hazardous_treatment")
"""Roles a setback rule applies to (:class:`eipgeo.scenario.schema.SetbackRule`)."""

SETBACK_FROM = ("boundary", "enterprise", "residential", "water")
"""What a setback rule measures from; ``residential`` and ``water`` need a features file."""

_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


def figures_of(result: JobResult) -> dict[str, float | None]:
    """Return the panel's figures of a job (:data:`FIGURES`).

    Parameters
    ----------
    result
        A park job's result (a scenario run's ``result``).

    Returns
    -------
    dict of str to float
        Waste t/yr by class and in total (``summary.csv``), the share of the park's t/yr
        the routes collect (``routes.coverage``), route km/day and km/week (at the
        collection days a week) and kg CO2e/day, the onward haul's kg CO2e/yr from stores
        and a scenario's hub on to where the waste is treated, and the hazardous t/yr a
        store holds with no permitted treatment (0 without a store or hub;
        :mod:`eipgeo.jobs.onward`), trucks (routes a day, all groups), chosen
        exchanges and their t/yr, symbiosis candidates to investigate (not in the plan),
        and the number of warnings.
    """
    summary = result.summary
    values = dict(zip(summary["key"].astype(str), summary["value"], strict=True))

    def number(key: str) -> float | None:
        # a key the job did not write has nothing to count (no store: no onward haul);
        # a key written blank is unknown (no tenant data): None, never a silent 0
        if key not in values:
            return 0.0
        value = pd.to_numeric(pd.Series([values[key]]), errors="coerce").iloc[0]
        return None if pd.isna(value) else round(float(value), 3)

    counted = {"trucks", "exchanges", "exchange_t_per_yr", "candidates", "warnings"}
    out = {key: number(key) for key, _ in FIGURES if key not in counted}
    out["trucks"] = float(
        sum(number(k) or 0.0 for k in values if k.startswith("routes.") and k != "routes.coverage")
    )
    plan = result.symbiosis.plan
    out["exchanges"] = float(len(plan))
    out["exchange_t_per_yr"] = round(float(plan["chosen_t_per_yr"].sum()), 3) if len(plan) else 0.0
    out["candidates"] = float(len(result.symbiosis.candidates))
    out["warnings"] = float(sum(p.severity == "warning" for p in result.problems))
    return out


def _delta(now: float | None, before: float | None) -> float | None:
    """Return ``now - before`` (3 decimals), ``None`` when either is unknown."""
    return None if now is None or before is None else round(now - before, 3)


def _points(frame: pd.DataFrame, columns: dict[str, str]) -> list[dict[str, Any]]:
    """Rows with finite ``lat``/``lon`` as JSON-ready dicts (``columns``: name in the JSON)."""
    rows = []
    for _, row in frame.iterrows():
        lat = pd.to_numeric(pd.Series([row.get("lat")]), errors="coerce").iloc[0]
        lon = pd.to_numeric(pd.Series([row.get("lon")]), errors="coerce").iloc[0]
        if pd.isna(lat) or pd.isna(lon):
            continue
        item: dict[str, Any] = {"lat": float(lat), "lon": float(lon)}
        for src, name in columns.items():
            value = row.get(src, "")
            if isinstance(value, float):
                value = None if math.isnan(value) else round(value, 3)
            item[name] = (
                value if isinstance(value, (int, float, bool)) or value is None else str(value)
            )
        rows.append(item)
    return rows


def map_layers(result: JobResult, boundary: gpd.GeoDataFrame) -> dict[str, Any]:
    """Return the map's layers as JSON-ready data (EPSG:4326 degrees).

    Parameters
    ----------
    result
        The job of the current layout.
    boundary
        The park's boundary polygons.

    Returns
    -------
    dict
        ``boundary`` (GeoJSON), ``tenants`` and ``depots`` (points), ``facilities``
        (points), ``routes`` (one line per leg: route id, group, laden, kind, colour,
        ``estimate`` (a great-circle × circuity distance, drawn dashed), ``[lat, lon]``
        vertices) and ``route_legend`` (per route: id, colour, its name in ``en`` and
        ``vi``, ``km``). Colours and names are the park map's
        (:func:`eipgeo.outputs.maps.route_colour`, :func:`~eipgeo.outputs.maps.route_label`).
    """
    sites = result.sites
    clients = sites[(sites["role"] == "client") & (sites["site_id"] != "REST-OF-PARK")]
    tenants = _points(
        clients,
        {
            "site_id": "id",
            "name": "name",
            "waste_t_per_yr": "waste_t_per_yr",
            "routed": "routed",
            "location_quality": "location_quality",
            "isic4_class": "isic4_class",
        },
    )
    depots = _points(sites[sites["role"] == "depot"], {"site_id": "id", "name": "name"})
    facilities = _points(
        pd.DataFrame(result.facilities.drop(columns="geometry", errors="ignore")),
        {"id": "id", "name": "name", "kind": "kind", "accepts": "accepts"},
    )
    legs = [{str(k): v for k, v in leg.items()} for leg in result.legs.to_dict("records")]
    ids = sorted({str(leg["route_id"]) for leg in legs})
    colours = {rid: route_colour(i, rid) for i, rid in enumerate(ids)}
    routes = [
        {
            "route_id": str(leg["route_id"]),
            "group": str(leg["group"]),
            "laden": bool(leg["laden"]),
            "kind": str(leg["kind"]),
            "colour": colours[str(leg["route_id"])],
            "estimate": str(leg.get("source", "")) == "estimate_circuity",
            "latlngs": [[round(lat, 6), round(lon, 6)] for lon, lat in leg["coords"]],
        }
        for leg in legs
    ]
    route_legend = []
    for rid in ids:
        label = route_label(rid)
        km = sum(float(leg["distance_m"]) for leg in legs if str(leg["route_id"]) == rid) / 1000
        route_legend.append(
            {"route_id": rid, "colour": colours[rid], "en": label.en, "vi": label.vi, "km": km}
        )
    return {
        "boundary": boundary.to_crs(4326)[["geometry"]].__geo_interface__,
        "tenants": tenants,
        "depots": depots,
        "facilities": facilities,
        "routes": routes,
        "route_legend": route_legend,
    }


def _finite(value: object) -> float | None:
    """Return ``value`` as a float, or ``None`` when it is not a finite number."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number) or not math.isfinite(float(number)) else float(number)


def exchange_rows(
    table: pd.DataFrame, quantity: str, baseline: pd.DataFrame | None = None
) -> list[dict[str, Any]]:
    """Return a symbiosis plan or candidate table as the panel's rows, with their lines.

    Parameters
    ----------
    table
        ``SymbiosisResult.plan`` or ``.candidates``.
    quantity
        The t/yr column shown: ``chosen_t_per_yr`` (plan) or ``supply_t_per_yr``.
    baseline
        The baseline's table of the same kind: each row is marked ``new`` when the
        baseline has no exchange of the same supplier, receiver and waste code (or
        material); the baseline's rows missing now are added, marked ``gone``.

    Returns
    -------
    list of dict
        ``supplier``, ``receiver`` (names), ``material``, ``waste_code``, ``t_per_yr``
        (``None`` when the table has no figure), ``change`` (``""``, ``new`` or
        ``gone``) and ``latlngs`` (supplier to receiver, EPSG:4326 degrees; empty when a
        point is unknown).
    """

    def key(row: dict[str, Any]) -> tuple[str, str, str]:
        what = str(row.get("waste_code") or "") or str(row.get("material") or "")
        return str(row.get("supplier_id", "")), str(row.get("receiver_id", "")), what

    def shown(row: dict[str, Any], change: str) -> dict[str, Any]:
        ends = [
            (_finite(row.get(f"{end}_lat")), _finite(row.get(f"{end}_lon")))
            for end in ("supplier", "receiver")
        ]
        return {
            "supplier": str(row.get("supplier_name") or row.get("supplier_id") or ""),
            "receiver": str(row.get("receiver_name") or row.get("receiver_id") or ""),
            "material": str(row.get("material") or row.get("stream") or ""),
            "waste_code": str(row.get("waste_code") or ""),
            "t_per_yr": None if (t := _finite(row.get(quantity))) is None else round(t, 3),
            "change": change,
            "latlngs": [[a, b] for a, b in ends] if all(None not in e for e in ends) else [],
        }

    rows = [{str(k): v for k, v in r.items()} for r in table.to_dict("records")]
    before = (
        []
        if baseline is None
        else [{str(k): v for k, v in r.items()} for r in baseline.to_dict("records")]
    )
    had = {key(r) for r in before}
    now = {key(r) for r in rows}
    out = [shown(r, "new" if baseline is not None and key(r) not in had else "") for r in rows]
    return out + [shown(r, "gone") for r in before if key(r) not in now]


def indicator_rows(baseline: JobResult, current: JobResult) -> list[dict[str, Any]]:
    """Return the EIP indicators of the run against the baseline's.

    Parameters
    ----------
    baseline, current
        The two jobs; their ``indicators`` tables (:func:`eipgeo.indicators.indicators_for_job`).

    Returns
    -------
    list of dict
        ``indicator`` (key), ``label`` and ``status`` (each ``{en, vi}``, Vietnamese from
        the catalogue's ``serve.indicator.*`` and ``serve.status.*``, else its note
        phrases), ``unit``, ``baseline`` and ``value`` (``None`` when not known).
    """
    before = {str(r["indicator"]): r.get("value") for r in baseline.indicators.to_dict("records")}
    rows = []
    for row in current.indicators.to_dict("records"):
        key = str(row["indicator"])
        label = pair(f"serve.indicator.{key}", str(row.get("label") or key))
        text = str(row.get("status") or "")
        status = pair(f"serve.status.{text}", "") if f"serve.status.{text}" in CATALOGUE else None
        status = status or note(text)
        rows.append(
            {
                "indicator": key,
                "label": {"en": label[0], "vi": label[1]},
                "unit": str(row.get("unit") or ""),
                "baseline": _finite(before.get(key)),
                "value": _finite(row.get("value")),
                "status": {"en": status[0], "vi": status[1]},
            }
        )
    return rows


@dataclass
class Layout:
    """The changes made on the map, in the order of the scenario keys they become.

    Attributes
    ----------
    moved
        Park tenant id to its new ``(lat, lon)``, EPSG:4326 degrees.
    removed
        Park tenant ids left out.
    added
        New tenants as ``new_tenants`` entries (``id``, ``name``, ``isic4_class``,
        ``employees``, ``lat``, ``lon``).
    keys
        Scenario keys replaced as a whole once changed on the map or the panel
        (``facilities``, ``hub``, ``plot_coverage``, ``setbacks``, ``collection``), as
        YAML-ready data; a key absent here is the base scenario's.
    touched
        Ids of the facilities, hub and collection points added or moved (highlighted).
    """

    moved: dict[str, tuple[float, float]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)
    keys: dict[str, Any] = field(default_factory=dict)
    touched: list[str] = field(default_factory=list)

    def copy(self) -> Layout:
        """Return an independent copy."""
        return Layout(
            dict(self.moved),
            list(self.removed),
            [dict(t) for t in self.added],
            copy.deepcopy(self.keys),
            list(self.touched),
        )


class Choices(list[str]):
    """Codes a refusal offers; ``{x:or}`` writes ``a or b``, ``{x:,}`` writes ``a, b``.

    The page joins them with its own word for "or" (catalogue ``serve.or``).
    """

    def __format__(self, spec: str) -> str:
        return (" or " if spec == "or" else ", ").join(self)


class Term(str):
    """A word the page shows in its language: ``{x:t}`` is the catalogue's ``serve.noun.<x>``."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if spec == "t":
            return CATALOGUE[f"serve.noun.{self}"][0]
        return str.__format__(self, spec)


class RefusedChange(ValidationError):
    """A change the session refuses, with its catalogue message and the values it names.

    Attributes
    ----------
    key
        The page's label key of the message (catalogue key ``serve.<key>``), e.g.
        ``error.outside``; its English and Vietnamese are templates with named
        placeholders (``{distance_m:,.0f}``: a number, ``{x:t}``: a :class:`Term`,
        ``{x:or}``: :class:`Choices`).
    params
        The values of the placeholders (numbers kept as numbers: the page formats them
        for its language, vi-VN ``1.234,5``).
    """

    def __init__(self, key: str, params: dict[str, Any], column: str, value: object) -> None:
        message = CATALOGUE[f"serve.{key}"][0].format(**params)
        problem = Problem(message, code="invalid_change", column=column, value=value)
        super().__init__(message, [problem])
        self.key = key
        self.params = params


def _error(key: str, column: str, value: object = None, **params: Any) -> RefusedChange:
    """Return a refused change's error; ``column`` names the page's field it goes beside.

    ``key`` is the message's catalogue entry ``serve.error.<key>`` and ``params`` its
    placeholders' values; the English message (``ValidationError.message``, the CLI's)
    is the English template filled in.
    """
    return RefusedChange(f"error.{key}", params, column, value)


class ReviewSession:
    """A park's layout under review: baseline figures, the changes, and the current run.

    Parameters
    ----------
    source
        A park slug, a park folder or a scenario YAML file (:func:`scenario_for`).
    seed, iterations
        Solver controls for a park (a scenario file keeps its own).

    Raises
    ------
    eipgeo._errors.EipgeoError
        The park or the scenario cannot be read, or its run fails (as ``eipgeo run``).
    """

    def __init__(self, source: str | Path, *, seed: int = 42, iterations: int = 1500) -> None:
        self.base = scenario_for(source, seed=seed, iterations=iterations)
        self.park = park_for_scenario(self.base)
        self.boundary = parks.read_boundary(self.park)
        self._area = self.boundary.to_crs(self.park.epsg).geometry.union_all()
        self._lock = threading.Lock()
        self.layout = Layout()
        self.scenario = self.base
        self.baseline = run_scenario(self.base).result
        self.result = self.baseline
        self.baseline_figures = figures_of(self.baseline)
        self._base_keys = _editable_keys(self.base)
        self._plot_cache: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._baseline_tenants = {
            str(t["id"]): t for t in map_layers(self.baseline, self.boundary)["tenants"]
        }

    # -- checks ------------------------------------------------------------------------

    def _tenant_ids(self) -> list[str]:
        ids = [str(i) for i in self.park.enterprises["id"]]
        return [i for i in ids if i not in self.layout.removed] + [
            str(t["id"]) for t in self.layout.added
        ]

    def _inside(self, lat: object, lon: object, what: str, place_id: str) -> tuple[float, float]:
        """Return ``(lat, lon)`` as floats inside the park boundary (within the tolerance).

        ``what`` is the :class:`Term` of the point (``tenant``, ``new_tenant``, ``place``
        or a :data:`FACILITY_KINDS` kind) and ``place_id`` its id, for the messages.

        Raises
        ------
        ValidationError
            Not numbers, or outside the boundary by more than
            ``settings.boundary_tolerance_m``; the message says how far.
        """
        try:
            lat_f, lon_f = float(str(lat)), float(str(lon))
        except ValueError:
            raise _error(
                "not_degrees",
                "lat",
                f"{lat},{lon}",
                what=Term(what),
                id=place_id,
                lat=repr(lat),
                lon=repr(lon),
            ) from None
        if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
            raise _error("not_finite", "lat", f"{lat},{lon}", what=Term(what), id=place_id)
        point = gpd.GeoSeries([Point(lon_f, lat_f)], crs=4326).to_crs(self.park.epsg).iloc[0]
        distance_m = float(point.distance(self._area))
        if distance_m > settings.boundary_tolerance_m:
            raise _error(
                "outside",
                "lat",
                f"{lat_f:.5f},{lon_f:.5f}",
                what=Term(what),
                id=place_id,
                lat=lat_f,
                lon=lon_f,
                distance_m=distance_m,
                park=self.park.name,
            )
        return lat_f, lon_f

    def _new_tenant(self, change: dict[str, Any]) -> dict[str, Any]:
        """Check an ``add`` change and return its ``new_tenants`` entry."""
        sector = str(change.get("isic4_class", "")).strip()
        classes = isic4_classes()
        if sector not in classes:
            raise _error("sector", "isic4_class", sector, sector=repr(sector))
        workers_text = str(change.get("employees", "")).strip()
        try:
            workers = int(workers_text)
        except ValueError:
            workers = -1
        if workers <= 0:
            raise _error("workers", "employees", workers_text, workers=repr(workers_text))
        taken = set(self._tenant_ids())
        tenant_id = str(change.get("id") or "").strip() or _free_id(taken)
        if not _ID.match(tenant_id) or tenant_id in taken:
            raise _error("tenant_id", "id", tenant_id, id=repr(tenant_id))
        name = str(change.get("name") or "").strip() or f"New tenant ({classes[sector]})"
        lat, lon = self._inside(change.get("lat"), change.get("lon"), "new_tenant", tenant_id)
        entry: dict[str, Any] = {
            "id": tenant_id,
            "name": name[:120],
            "isic4_class": sector,
            "employees": workers,
            "lat": round(lat, 6),
            "lon": round(lon, 6),
        }
        production = _production(change)
        if production:
            entry["production"] = production
        streams = _streams(change.get("streams"))
        if streams:
            entry["streams"] = streams
        return entry

    def _changed(self, change: dict[str, Any]) -> Layout:
        """Return the layout with ``change`` made (checked; the session is not touched)."""
        action = str(change.get("action", ""))
        layout = self.layout.copy()
        if action == "reset":
            return Layout()
        if action == "add":
            layout.added.append(self._new_tenant(change))
            return layout
        edits = {
            "add_facility": self._add_facility,
            "move_facility": self._move_facility,
            "remove_facility": self._remove_facility,
            "set_rule": self._set_rule,
            "remove_rule": self._remove_rule,
            "set_frequency": self._set_frequency,
        }
        if action in edits:
            edits[action](layout, change)
            return layout
        tenant = str(change.get("id", ""))
        if tenant not in self._tenant_ids():
            raise _error("not_tenant", "id", tenant, id=repr(tenant))
        new = next((t for t in layout.added if t["id"] == tenant), None)
        if action == "remove":
            if new is not None:
                layout.added.remove(new)
            else:
                layout.removed.append(tenant)
                layout.moved.pop(tenant, None)
        elif action == "move":
            lat, lon = self._inside(change.get("lat"), change.get("lon"), "tenant", tenant)
            if new is not None:
                new.update(lat=round(lat, 6), lon=round(lon, 6))
            else:
                layout.moved[tenant] = (round(lat, 6), round(lon, 6))
        else:
            raise _error("unknown_change", "action", action, action=repr(action))
        return layout

    # -- facilities, hub and collection points ------------------------------------------

    def _plots(self, coverage: dict[str, Any]) -> dict[str, Any]:
        """Return the plots of a ``plot_coverage`` block as GeoJSON (EPSG:4326), ``plot_id``.

        The file was read when the scenario ran (:func:`eipgeo.scenario.setbacks.review`);
        it is read again here once per file version (size and modification time) and kept.
        """
        path = Path(str(coverage["plots"]))
        try:
            stat = path.stat()
            stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
        except OSError:
            stamp = ""  # read_features says the file is missing
        key = (str(path), str(coverage.get("id_column", "plot_id")), stamp)
        if key not in self._plot_cache:
            frame = read_features(Path(key[0]), key="plot_coverage.plots")
            plots = gpd.GeoDataFrame(
                {"plot_id": frame[key[1]].astype(str).to_numpy()},
                geometry=frame.geometry.to_numpy(),
                crs=frame.crs,
            ).to_crs(4326)
            self._plot_cache[key] = dict(plots.__geo_interface__)
        return self._plot_cache[key]

    def _current(self, layout: Layout, key: str) -> Any:
        """Return a copy of scenario key ``key`` as ``layout`` has it (else the base's)."""
        return copy.deepcopy(layout.keys[key] if key in layout.keys else self._base_keys.get(key))

    def _place_ids(self, layout: Layout) -> set[str]:
        """Every id a new facility or point must not take: tenants, facilities, points."""
        ids = set(self._tenant_ids()) | {str(i) for i in self.result.facilities["id"]}
        ids |= {str(f["id"]) for f in self._current(layout, "facilities") or []}
        coverage = self._current(layout, "plot_coverage") or {}
        ids |= {
            str(p["id"]) for p in [*coverage.get("points", []), *coverage.get("candidates", [])]
        }
        hub = self._current(layout, "hub")
        return ids | ({str(hub["id"])} if hub else set())

    def _add_facility(self, layout: Layout, change: dict[str, Any]) -> None:
        """Add a hazardous store, the hub or a collection point (:data:`FACILITY_KINDS`)."""
        kind = str(change.get("kind", "")).strip()
        if kind not in FACILITY_KINDS:
            raise _error("kind", "kind", kind, kind=repr(kind))
        spec = FACILITY_KINDS[kind]
        taken = self._place_ids(layout)
        place_id = str(change.get("id") or "").strip() or _free_id(taken, spec["prefix"])
        if not _ID.match(place_id) or place_id in taken:
            raise _error("place_id", "id", place_id, id=repr(place_id))
        lat, lon = self._inside(change.get("lat"), change.get("lon"), kind, place_id)
        point = {"lat": round(lat, 6), "lon": round(lon, 6)}
        name = str(change.get("name") or "").strip()[:120]
        if kind == "hazardous_store":
            facilities = self._current(layout, "facilities") or []
            facilities.append(
                {
                    "id": place_id,
                    "name": name or "Hazardous-waste store (layout review)",
                    **point,
                    "kind": spec["kind"],
                    "accepts": list(spec["accepts"]),
                }
            )
            layout.keys["facilities"] = facilities
        elif kind == "hub":
            hub = self._current(layout, "hub")
            if hub:
                raise _error("hub_exists", "kind", kind, hub=str(hub["id"]))
            layout.keys["hub"] = {
                "id": place_id,
                "name": name or "Shared transfer station (layout review)",
                "kind": spec["kind"],
                "accepts": list(spec["accepts"]),
                "candidates": "points",
                "points": [{"id": f"{place_id}-point", **point}],
                "p": 1,
            }
        else:
            coverage = self._coverage(layout, kind)
            coverage["points"].append({"id": place_id, **point})
            layout.keys["plot_coverage"] = coverage
        layout.touched.append(place_id)

    def _coverage(self, layout: Layout, what: str) -> dict[str, Any]:
        """Return the layout's ``plot_coverage`` block for editing its points.

        Raises
        ------
        ValidationError
            The scenario has no ``plot_coverage`` block, or lists ``candidates`` (LSCP
            opens points among them: there is no point in place to add or move).
        """
        coverage = self._current(layout, "plot_coverage")
        if not coverage:
            raise _error("no_coverage", "kind", what, what=what)
        if coverage.get("candidates"):
            raise _error("coverage_candidates", "kind", what, what=what)
        return dict(coverage)

    def _move_facility(self, layout: Layout, change: dict[str, Any]) -> None:
        """Move a scenario's facility, its hub or one of its collection points."""
        place_id = str(change.get("id", ""))
        lat, lon = self._inside(change.get("lat"), change.get("lon"), "place", place_id)
        point = {"lat": round(lat, 6), "lon": round(lon, 6)}
        facilities = self._current(layout, "facilities") or []
        hub = self._current(layout, "hub")
        coverage = self._current(layout, "plot_coverage") or {}
        entry = next((f for f in facilities if str(f["id"]) == place_id), None)
        spot = next((p for p in coverage.get("points", []) if str(p["id"]) == place_id), None)
        if entry is not None:
            entry.update(point)
            layout.keys["facilities"] = facilities
        elif hub and place_id == str(hub["id"]):
            if int(hub.get("p", 1)) > 1:
                raise _error("hub_p_median", "id", place_id, id=place_id, p=int(hub["p"]))
            hub.update(candidates="points", points=[{"id": f"{place_id}-point", **point}])
            layout.keys["hub"] = hub
        elif spot is not None:
            spot.update(point)
            layout.keys["plot_coverage"] = coverage
        else:
            raise self._not_editable(place_id)
        if place_id not in layout.touched:
            layout.touched.append(place_id)

    def _not_editable(self, place_id: str) -> RefusedChange:
        """Return the refusal saying why ``place_id`` cannot be moved or removed on the map."""
        hub = self._current(self.layout, "hub")
        if hub and int(hub.get("p", 1)) > 1 and place_id.startswith(f"{hub['id']}-"):
            return _error(
                "hub_site", "id", place_id, id=place_id, p=int(hub["p"]), hub=str(hub["id"])
            )
        if place_id in {str(i) for i in self.park.facilities["id"]}:
            return _error("park_facility", "id", place_id, id=place_id)
        return _error("not_place", "id", place_id, id=repr(place_id))

    def _remove_facility(self, layout: Layout, change: dict[str, Any]) -> None:
        """Remove a scenario's facility, its hub or one of its collection points."""
        place_id = str(change.get("id", ""))
        facilities = self._current(layout, "facilities") or []
        hub = self._current(layout, "hub")
        coverage = self._current(layout, "plot_coverage") or {}
        points = coverage.get("points", [])
        if any(str(f["id"]) == place_id for f in facilities):
            layout.keys["facilities"] = [f for f in facilities if str(f["id"]) != place_id]
        elif hub and place_id == str(hub["id"]):
            layout.keys["hub"] = None
        elif any(str(p["id"]) == place_id for p in points):
            if len(points) == 1:
                raise _error("last_point", "id", place_id, id=place_id)
            coverage["points"] = [p for p in points if str(p["id"]) != place_id]
            layout.keys["plot_coverage"] = coverage
        else:
            raise self._not_editable(place_id)
        layout.touched = [t for t in layout.touched if t != place_id]

    # -- rules and frequencies ----------------------------------------------------------

    def _rule_index(self, change: dict[str, Any], rules: list[Any], *, new: bool) -> int | None:
        """Return the rule index of a change (``None``: a new rule, when ``new`` allows it)."""
        text = str(change.get("index", "")).strip()
        if new and text in ("", "None", "null", "new"):
            return None
        try:
            index = int(text)
        except ValueError:
            index = -1
        if not 0 <= index < len(rules):
            raise _error("rule_index", "index", text, index=repr(text), count=len(rules))
        return index

    def _set_rule(self, layout: Layout, change: dict[str, Any]) -> None:
        """Change or add a setback rule, checked as the scenario file's ``setbacks``."""
        rules = self._current(layout, "setbacks") or []
        index = self._rule_index(change, rules, new=True)
        role = str(change.get("applies_to", "")).strip()
        if role not in SETBACK_ROLES:
            raise _error(
                "role", "applies_to", role, role=repr(role), choices=Choices(SETBACK_ROLES)
            )
        origin = str(change.get("from", "")).strip()
        if origin not in SETBACK_FROM:
            raise _error("from", "from", origin, origin=repr(origin), choices=Choices(SETBACK_FROM))
        distance_m = _positive(change.get("distance_m"), "distance_m", "distance")
        source = str(change.get("source", "")).strip()
        if len(source) < 3:
            raise _error("source", "source", source)
        rule: dict[str, Any] = {
            "applies_to": role,
            "from": origin,
            "distance_m": distance_m,
            "source": source[:300],
        }
        if origin in ("residential", "water"):
            rule["features"] = self._features(change.get("features"), origin)
        if index is None:
            rules.append(rule)
        else:
            rules[index] = rule
        layout.keys["setbacks"] = rules

    def _features(self, value: object, origin: str) -> str:
        """Return a rule's features file as an absolute path, or refuse a missing one."""
        text = str(value or "").strip()
        path = _beside(self.base, text) if text else None
        if path is None or not Path(path).is_file():
            if not text:
                raise _error("no_features", "features", text, origin=Term(origin))
            raise _error("features", "features", text, origin=Term(origin), path=repr(text))
        return path

    def _remove_rule(self, layout: Layout, change: dict[str, Any]) -> None:
        """Remove a setback rule by its index."""
        rules = self._current(layout, "setbacks") or []
        index = self._rule_index(change, rules, new=False)
        assert index is not None
        del rules[index]
        layout.keys["setbacks"] = rules

    def _set_frequency(self, layout: Layout, change: dict[str, Any]) -> None:
        """Set a class group's collection days a week (``collection.days_per_week``)."""
        group = str(change.get("group", "")).strip()
        if group not in FREQUENCY_GROUPS:
            raise _error(
                "group", "group", group, group=repr(group), choices=Choices(FREQUENCY_GROUPS)
            )
        text = str(change.get("days_per_week", "")).strip()
        days = _positive(text, "days_per_week", "frequency")
        if days != int(days) or days > 7:
            raise _error("frequency", "days_per_week", text, given=repr(text))
        collection = self._current(layout, "collection") or {}
        collection.setdefault("days_per_week", {})[group] = int(days)
        layout.keys["collection"] = collection

    # -- running -----------------------------------------------------------------------

    def scenario_dict(self, layout: Layout | None = None) -> dict[str, Any]:
        """Return the scenario of a layout (default: the current one) as YAML-ready data.

        Parameters
        ----------
        layout
            The changes; default the session's.

        Returns
        -------
        dict
            The base scenario's keys (defaults left out) with ``moved_tenants``,
            ``removed_tenants`` and ``new_tenants`` added, and the :data:`EDITABLE_KEYS`
            as the layout has them (file paths absolute). ``park`` is the slug, or the
            park folder's absolute path when the park is not bundled.
        """
        layout = layout or self.layout
        spec: dict[str, Any] = self.base.model_dump(mode="json", exclude_defaults=True)
        spec["name"] = self.base.name if self.base.name != "baseline" else "layout-review"
        spec["park"] = _park_ref(self.base)
        spec["seed"], spec["iterations"] = self.base.seed, self.base.iterations
        if self.base.enterprises:
            spec["enterprises"] = str(
                (Path(self.base.source_file).resolve().parent / self.base.enterprises).resolve()
            )
        own = {t["id"] for t in spec.get("new_tenants", [])}
        base_new = [  # the base scenario's own new tenants take the map's changes too
            {
                **t,
                **dict(
                    zip(
                        ("lat", "lon"), layout.moved.get(t["id"], (t["lat"], t["lon"])), strict=True
                    )
                ),
            }
            for t in spec.get("new_tenants", [])
            if t["id"] not in layout.removed
        ]
        removed = [*spec.get("removed_tenants", []), *(t for t in layout.removed if t not in own)]
        moved = {m["id"]: (m["lat"], m["lon"]) for m in spec.get("moved_tenants", [])}
        moved.update({k: v for k, v in layout.moved.items() if k not in own})
        if removed:
            spec["removed_tenants"] = removed
        if moved:
            spec["moved_tenants"] = [{"id": k, "lat": a, "lon": b} for k, (a, b) in moved.items()]
        new = [*base_new, *layout.added]
        if new:
            spec["new_tenants"] = new
        for key in EDITABLE_KEYS:
            value = layout.keys[key] if key in layout.keys else self._base_keys.get(key)
            spec.pop(key, None)
            if value:
                spec[key] = copy.deepcopy(value)
        return spec

    def apply(self, change: dict[str, Any]) -> dict[str, Any]:
        """Check a change, re-run the layout, and return the new :meth:`state`.

        Parameters
        ----------
        change
            ``{"action": "move", "id", "lat", "lon"}``, ``{"action": "add", "isic4_class",
            "employees", "lat", "lon", "name"?, "id"?, "intensity_key"?,
            "capacity_value"?, "capacity_unit"?, "production_source"?, "streams"?}``
            (``streams``: rows ``{"waste_code", "waste_t_per_yr", "source"}``),
            ``{"action": "remove", "id"}``,
            ``{"action": "reset"}``; ``{"action": "add_facility", "kind", "lat", "lon",
            "name"?, "id"?}`` (kind of :data:`FACILITY_KINDS`), ``{"action":
            "move_facility", "id", "lat", "lon"}``, ``{"action": "remove_facility",
            "id"}``; ``{"action": "set_rule", "index"?, "applies_to", "from",
            "distance_m", "source", "features"?}`` (no index: a new rule),
            ``{"action": "remove_rule", "index"}``; ``{"action": "set_frequency",
            "group", "days_per_week"}``. lat/lon in EPSG:4326 degrees.

        Returns
        -------
        dict
            :meth:`state` after the change.

        Raises
        ------
        ValidationError
            The change is refused (its problem's ``column`` names the field); the session
            is left as it was.
        eipgeo._errors.EipgeoError
            The run failed (as ``eipgeo run``); the session is left as it was.
        """
        with self._lock:
            layout = self._changed(change)
            spec = self.scenario_dict(layout)
            scenario = scenario_from_dict(spec, file=self.base.source_file)
            result = run_scenario(scenario).result
            self.layout, self.scenario, self.result = layout, scenario, result
            return self.state()

    def state(self) -> dict[str, Any]:
        """Return what the page shows: layers, figures, baseline, deltas, warnings, changes.

        Returns
        -------
        dict
            JSON-ready: ``park`` (slug, name), ``layers`` (:func:`map_layers`),
            ``figures``, ``baseline``, ``deltas`` (current - baseline) and ``units`` keyed
            as :data:`FIGURES`, ``warnings`` (``layout``: the layout's problems in full,
            with the fields their Vietnamese is written from, :meth:`_layout_warnings`;
            ``other``: the other warnings counted by code), ``changes`` (the layout:
            tenants moved, removed, added; places added or moved; whether the rules or
            frequencies changed), ``rules`` (the setback
            rules in force), ``frequency`` (group → collection days a week set, ``None``
            for the default ``default_days_per_week``), ``coverage`` (collection points
            can be placed), ``sectors`` (ISIC class → title) and ``intensities``
            (production intensity key → process, capacity unit, waste code). Facilities carry
            ``role`` (``hub``, ``hazardous_store``, ``hazardous_treatment`` or ``""``),
            ``editable`` and ``changed``; ``layers.collection_points`` lists the points
            and ``layers.plots`` is their plots as GeoJSON (``None`` without
            ``plot_coverage``); ``layers.removed_tenants`` (the baseline's points of the
            tenants removed) and ``layers.moved_from`` (baseline point to new point of each
            moved tenant) show what changed. ``indicators`` (:func:`indicator_rows`),
            ``exchanges`` and ``candidates`` (:func:`exchange_rows`, marked against the
            baseline).
        """
        figures = figures_of(self.result)
        deltas = {k: _delta(v, self.baseline_figures.get(k)) for k, v in figures.items()}
        problems = [p for p in self.result.problems if p.severity == "warning"]
        layout_warnings = self._layout_warnings()
        counts: dict[str, int] = {}
        for p in problems:
            if p.code not in LAYOUT_CODES:
                counts[p.code] = counts.get(p.code, 0) + 1
        layers = map_layers(self.result, self.boundary)
        editable = {str(f["id"]) for f in self._current(self.layout, "facilities") or []}
        hub = self._current(self.layout, "hub")
        hub_ids = {str(hub["id"])} if hub and int(hub.get("p", 1)) == 1 else set()
        for item in layers["facilities"]:
            item["role"] = (
                "hub"
                if item["id"] in hub_ids
                else place_role(item.get("kind"), item.get("accepts"))
            )
            item["editable"] = item["id"] in editable | hub_ids
            item["changed"] = item["id"] in self.layout.touched
        coverage = self._current(self.layout, "plot_coverage") or {}
        layers["collection_points"] = [
            {**p, "changed": str(p["id"]) in self.layout.touched}
            for p in coverage.get("points", [])
        ]
        layers["plots"] = self._plots(coverage) if coverage else None
        before = self._baseline_tenants
        now = {t["id"]: t for t in layers["tenants"]}
        layers["removed_tenants"] = [before[i] for i in self.layout.removed if i in before]
        layers["moved_from"] = [
            {
                "id": i,
                "latlngs": [[before[i]["lat"], before[i]["lon"]], [now[i]["lat"], now[i]["lon"]]],
            }
            for i in sorted(self.layout.moved)
            if i in before and i in now
        ]
        collection = self._current(self.layout, "collection") or {}
        return {
            "park": {"slug": self.park.slug, "name": self.park.name},
            "scenario": self.base.name,
            "layers": layers,
            "figures": figures,
            "baseline": self.baseline_figures,
            "deltas": deltas,
            "units": dict(FIGURES),
            "warnings": {"layout": layout_warnings, "other": counts},
            "changes": {
                "moved": sorted(self.layout.moved),
                "removed": list(self.layout.removed),
                "added": [t["id"] for t in self.layout.added],
                "places": list(self.layout.touched),
                "setbacks": "setbacks" in self.layout.keys,
                "collection": "collection" in self.layout.keys,
            },
            "rules": self._current(self.layout, "setbacks") or [],
            "frequency": {g: collection.get("days_per_week", {}).get(g) for g in FREQUENCY_GROUPS},
            "default_days_per_week": int(coefficients.get("collection_days_per_week").value),
            "coverage": bool(coverage.get("points")),
            "indicators": indicator_rows(self.baseline, self.result),
            "exchanges": exchange_rows(
                self.result.symbiosis.plan, "chosen_t_per_yr", self.baseline.symbiosis.plan
            ),
            "candidates": exchange_rows(
                self.result.symbiosis.candidates,
                "supply_t_per_yr",
                self.baseline.symbiosis.candidates,
            ),
            "sectors": isic4_classes(),
            "intensities": _intensities(),
        }

    _review: tuple[JobResult, dict[str, pd.DataFrame]] | None = None

    def _layout_warnings(self) -> list[dict[str, Any]]:
        """Return the layout's problems (:data:`LAYOUT_CODES`) for the panel, one dict each.

        Each has ``code``, ``id`` (the place, tenant or plot), ``message`` (the library's,
        English) and ``params``: the values the page's Vietnamese template of the code
        (catalogue ``serve.warn.<code>``) names, taken from the run's tables, not from the
        English text: a setback breach's row of the setbacks table (``place_id``,
        ``name``, ``role``, ``from``, ``nearest_id``, ``found_m``, ``distance_m``,
        ``source``); an uncovered plot's row of the plot coverage table (``plot_id``,
        ``nearest_point_id``, ``distance_m``) with the radius; a tenant outside the
        boundary, its point and distance from the boundary (m, EPSG of the park); a site
        too far from the roads, its snap distance (m). The off-network problems are
        errors that leave the site out of the routes; they are listed too.
        """
        problems = [p for p in self.result.problems if p.code in LAYOUT_CODES]
        tables: dict[str, pd.DataFrame] = {}
        if any(p.code in ("setback_breach", "plot_uncovered") for p in problems):
            if self._review is None or self._review[0] is not self.result:
                # the tables the run made (ScenarioRun.layout), made again on its result
                self._review = (self.result, review(self.scenario, self.result).tables)
            tables = self._review[1]
        breaches: dict[str, list[dict[Any, Any]]] = {}
        if "setbacks" in tables:
            table = tables["setbacks"]
            for row in table[~table["ok"].astype(bool)].to_dict("records"):
                breaches.setdefault(str(row["place_id"]), []).append(row)
        plots: dict[str, dict[Any, Any]] = {}
        if "plot_coverage" in tables:
            plots = {str(r["plot_id"]): r for r in tables["plot_coverage"].to_dict("records")}
        sites = self.result.sites.set_index(self.result.sites["site_id"].astype(str))
        out = []
        for p in problems:
            key = str(p.value or "")
            params: dict[str, Any] = {"id": key}
            if p.code == "setback_breach" and breaches.get(key):
                row = breaches[key].pop(0)
                params.update(
                    name=str(row["name"]),
                    role=str(row["role"]),
                    origin=str(row["from"]),
                    nearest=(
                        "" if row["from"] == "boundary" else f" {row['nearest_id'] or ''}".rstrip()
                    ),
                    found_m=_finite(row["found_m"]),
                    required_m=float(row["distance_m"]),
                    source=str(row["source"]),
                )
            elif p.code == "plot_uncovered" and key in plots and self.scenario.plot_coverage:
                row = plots[key]
                params.update(
                    point=str(row["nearest_point_id"]),
                    distance_m=_finite(row["distance_m"]),
                    radius_m=float(self.scenario.plot_coverage.radius_m),
                )
            elif p.code == "outside_boundary" and key in sites.index:
                site = sites.loc[key]
                point = gpd.GeoSeries([Point(site["lon"], site["lat"])], crs=4326)
                params.update(
                    name=str(site.get("name", "")),
                    lat=float(site["lat"]),
                    lon=float(site["lon"]),
                    distance_m=float(point.to_crs(self.park.epsg).iloc[0].distance(self._area)),
                    tolerance_m=float(settings.boundary_tolerance_m),
                )
            elif p.code == "snap_too_far" and "snap_distance_m" in sites and key in sites.index:
                params.update(
                    distance_m=_finite(sites.loc[key, "snap_distance_m"]),
                    tolerance_m=float(settings.snap_tolerance_m),
                )
            out.append({"code": p.code, "id": key, "message": p.message, "params": params})
        return out

    def export_yaml(self) -> str:
        """Return the current layout as a scenario file that ``eipgeo run`` accepts.

        Returns
        -------
        str
            YAML text (UTF-8); its run gives the figures of :meth:`state`.
        """
        with self._lock:
            spec = self.scenario_dict()
        header = (
            f"# Exported by `eipgeo serve` (layout review of {self.park.slug}).\n"
            "# Run it with: eipgeo run THIS_FILE.yaml\n"
        )
        return header + str(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))


def _production(change: dict[str, Any]) -> dict[str, Any] | None:
    """Return an ``add`` change's ``production`` entry (``None`` when no intensity is chosen).

    The capacity is read in the intensity's unit (``capacity_unit``, default that unit).

    Raises
    ------
    ValidationError
        An unknown intensity, a capacity given without one, a capacity that is not a
        number above 0, a unit other than the intensity's, or no source.
    """
    key = str(change.get("intensity_key") or "").strip()
    given = str(change.get("capacity_value") or "").strip()
    table = generation.production_intensities()
    if not key:
        if given:
            raise _error(
                "intensity", "intensity_key", key, intensity="''", choices=Choices(table.index)
            )
        return None
    if key not in table.index:
        raise _error(
            "intensity", "intensity_key", key, intensity=repr(key), choices=Choices(table.index)
        )
    unit = str(table.at[key, "capacity_unit"])
    capacity = _positive(given, "capacity_value", "capacity")
    stated = str(change.get("capacity_unit") or "").strip() or unit
    if stated != unit:
        raise _error(
            "capacity_unit", "capacity_unit", stated, given=repr(stated), intensity=key, unit=unit
        )
    source = str(change.get("production_source") or "").strip()
    if not source:
        raise _error("production_source", "production_source", source)
    return {
        "capacity_value": capacity,
        "capacity_unit": unit,
        "intensity_key": key,
        "source": source[:300],
    }


def _streams(rows: object) -> list[dict[str, Any]]:
    """Return an ``add`` change's declared ``streams`` (rows with every cell empty are skipped).

    Raises
    ------
    ValidationError
        A row (``{row}``, from 1) with a code that is neither in the legal list nor in
        the eipgeo catalogue, a t/yr that is not a number >= 0, or no source; the refusal
        goes beside the ``streams`` field.
    """
    out: list[dict[str, Any]] = []
    for n, row in enumerate(rows if isinstance(rows, list) else [], start=1):
        cells = row if isinstance(row, dict) else {}
        code = str(cells.get("waste_code") or "").strip()
        text = str(cells.get("waste_t_per_yr") or "").strip()
        source = str(cells.get("source") or "").strip()
        if not (code or text or source):
            continue
        try:
            waste.lookup(code)
        except KeyError:
            raise _error("stream_code", "streams", code, row=n, code=repr(code)) from None
        try:
            t_yr = float(text.replace(",", "."))
        except ValueError:
            t_yr = math.nan
        if not (math.isfinite(t_yr) and t_yr >= 0):
            raise _error("stream_t", "streams", text, row=n, given=repr(text))
        if not source:
            raise _error("stream_source", "streams", source, row=n)
        out.append({"waste_code": code, "waste_t_per_yr": t_yr, "source": source[:300]})
    return out


def _intensities() -> dict[str, dict[str, str]]:
    """Return the production intensities the add form offers: key → process, unit, code."""
    table = generation.production_intensities()
    return {
        str(k): {
            "process": str(r["process"]),
            "capacity_unit": str(r["capacity_unit"]),
            "waste_code": str(r["waste_code"]),
        }
        for k, r in table.iterrows()
    }


def _free_id(taken: set[str], prefix: str = "NEW") -> str:
    """Return the first ``PREFIX-n`` id not in ``taken``."""
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


def _positive(value: object, column: str, key: str) -> float:
    """Return ``value`` as a finite number above 0, else refuse it (error ``key``, ``{given}``)."""
    text = str(value if value is not None else "").strip()
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise _error(key, column, text, given=repr(text))
    return number


def _beside(scenario: Scenario, path: str) -> str:
    """Return ``path`` made absolute: relative to the scenario file (else the working folder)."""
    folder = Path(scenario.source_file).resolve().parent if scenario.source_file else Path.cwd()
    return str((folder / path).resolve())


EDITABLE_KEYS = ("facilities", "hub", "plot_coverage", "setbacks", "collection")
"""Scenario keys the app replaces as a whole when they are changed (:class:`Layout`)."""


def _editable_keys(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario's :data:`EDITABLE_KEYS` that it sets, in full, paths made absolute.

    Nested defaults are kept (a hub's ``id``), so an entry reads the same once edited;
    ``plot_coverage.plots`` and ``setbacks[].features`` become absolute, so the exported
    file runs wherever it is saved.
    """
    full = scenario.model_dump(mode="json")
    keys = {k: full[k] for k in EDITABLE_KEYS if full.get(k)}
    if keys.get("plot_coverage"):
        keys["plot_coverage"]["plots"] = _beside(scenario, keys["plot_coverage"]["plots"])
    for rule in keys.get("setbacks", []):
        if rule.get("features"):
            rule["features"] = _beside(scenario, rule["features"])
        else:
            rule.pop("features", None)
    return keys


def _park_ref(scenario: Scenario) -> str:
    """Return the park as an exported scenario names it: a bundled slug, else an absolute folder."""
    if scenario.park in parks.list_parks():
        return scenario.park
    return str(Path(scenario.park_folder or scenario.park).resolve())


def scenario_for(source: str | Path, *, seed: int = 42, iterations: int = 1500) -> Scenario:
    """Return the scenario a session starts from.

    Parameters
    ----------
    source
        A scenario file (``.yaml``/``.yml``), else a park slug or park folder
        (:func:`eipgeo.parks.resolve_park`), run as its baseline.
    seed, iterations
        Solver controls for a park (a scenario file keeps its own).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    InputReadError, ValidationError
        The scenario file cannot be read or is wrong (as ``eipgeo run``).
    DataNotFoundError
        No park of that name.
    """
    text = str(source)
    if text.lower().endswith((".yaml", ".yml")):
        return load_scenario(Path(text))
    folder = parks.resolve_park(text)
    slug = text if text in parks.list_parks() else str(folder)
    return baseline_scenario(slug, seed=seed, iterations=iterations)


__all__ = [
    "EDITABLE_KEYS",
    "FACILITY_KINDS",
    "FIGURES",
    "LAYOUT_CODES",
    "SETBACK_FROM",
    "SETBACK_ROLES",
    "Layout",
    "ReviewSession",
    "exchange_rows",
    "figures_of",
    "indicator_rows",
    "map_layers",
    "scenario_for",
]
