"""The layout-review session: the baseline, the changes made on the map, and their figures.

Nothing here speaks HTTP (:mod:`eipgeo.serve.app` serves a session). A session holds a
scenario (a park's :func:`~eipgeo.scenario.schema.baseline_scenario`, or a scenario file)
and the changes made on the map and the panel: tenants moved, added or removed; hazardous
stores, a shared hub and collection points added or moved; setback rules and collection
frequencies changed. Each change is checked first (a point inside the park boundary, a
known ISIC class, a positive whole number of workers, a setback distance above 0 m, 1-7
collection days a week); the changed layout is then written as a scenario
(``moved_tenants``, ``new_tenants``, ``removed_tenants``, ``facilities``, ``hub``,
``plot_coverage.points``, ``setbacks``, ``collection``) and run through
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

from eipgeo import coefficients, parks, settings
from eipgeo._errors import Problem, ValidationError
from eipgeo.io.checks import isic4_classes
from eipgeo.jobs.result import JobResult
from eipgeo.outputs._catalogue import CATALOGUE, note, pair
from eipgeo.outputs.maps import route_colour, route_label
from eipgeo.routing.frequency import FREQUENCY_GROUPS
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import Scenario, baseline_scenario, load_scenario, scenario_from_dict
from eipgeo.scenario.setbacks import place_role, read_features

WASTE_CLASSES = ("ordinary", "controlled", "hazardous", "domestic")
"""Waste classes whose totals the panel shows (t/yr), as in ``summary.csv``."""

FIGURES: list[tuple[str, str]] = [
    *((f"waste_t_per_yr.{c}", "t/yr") for c in WASTE_CLASSES),
    ("waste_t_per_yr.total", "t/yr"),
    ("route_km.total", "km/day"),
    ("route_co2e_kg", "kg CO2e/day"),
    ("onward_haul_co2e_kg", "kg CO2e/yr"),
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


def figures_of(result: JobResult) -> dict[str, float]:
    """Return the panel's figures of a job (:data:`FIGURES`).

    Parameters
    ----------
    result
        A park job's result (a scenario run's ``result``).

    Returns
    -------
    dict of str to float
        Waste t/yr by class and in total (``summary.csv``), route km/day and kg CO2e/day,
        the onward haul's kg CO2e/yr from stores to their treatment handlers (0 without a
        store; :mod:`eipgeo.jobs.onward`), trucks (routes a day, all groups), chosen
        exchanges and their t/yr, symbiosis candidates to investigate (not in the plan),
        and the number of warnings.
    """
    summary = result.summary
    values = dict(zip(summary["key"].astype(str), summary["value"], strict=True))

    def number(key: str) -> float:
        value = pd.to_numeric(pd.Series([values.get(key)]), errors="coerce").iloc[0]
        return 0.0 if pd.isna(value) else round(float(value), 3)

    out = {key: number(key) for key, _ in FIGURES[:8]}
    out["trucks"] = float(
        sum(number(k) for k in values if k.startswith("routes.") and k != "routes.coverage")
    )
    plan = result.symbiosis.plan
    out["exchanges"] = float(len(plan))
    out["exchange_t_per_yr"] = round(float(plan["chosen_t_per_yr"].sum()), 3) if len(plan) else 0.0
    out["candidates"] = float(len(result.symbiosis.candidates))
    out["warnings"] = float(sum(p.severity == "warning" for p in result.problems))
    return out


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


def _error(message: str, column: str, value: object = None) -> ValidationError:
    """Return a refused change's error; ``column`` names the page's field it goes beside."""
    problem = Problem(message, code="invalid_change", column=column, value=value)
    return ValidationError(message, [problem])


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
        self._plot_cache: dict[tuple[str, str], dict[str, Any]] = {}
        self._baseline_tenants = {
            str(t["id"]): t for t in map_layers(self.baseline, self.boundary)["tenants"]
        }

    # -- checks ------------------------------------------------------------------------

    def _tenant_ids(self) -> list[str]:
        ids = [str(i) for i in self.park.enterprises["id"]]
        return [i for i in ids if i not in self.layout.removed] + [
            str(t["id"]) for t in self.layout.added
        ]

    def _inside(self, lat: object, lon: object, what: str) -> tuple[float, float]:
        """Return ``(lat, lon)`` as floats inside the park boundary (within the tolerance).

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
                f"{what}: lat/lon must be numbers in degrees (got {lat!r}, {lon!r}); "
                "click the map or type decimal degrees",
                "lat",
                f"{lat},{lon}",
            ) from None
        if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
            raise _error(f"{what}: lat/lon must be finite numbers", "lat", f"{lat},{lon}")
        point = gpd.GeoSeries([Point(lon_f, lat_f)], crs=4326).to_crs(self.park.epsg).iloc[0]
        distance_m = float(point.distance(self._area))
        if distance_m > settings.boundary_tolerance_m:
            raise _error(
                f"{what} at ({lat_f:.5f}, {lon_f:.5f}) is {distance_m:,.0f} m outside the "
                f"boundary of {self.park.name}; place it inside the park boundary drawn on "
                "the map",
                "lat",
                f"{lat_f:.5f},{lon_f:.5f}",
            )
        return lat_f, lon_f

    def _new_tenant(self, change: dict[str, Any]) -> dict[str, Any]:
        """Check an ``add`` change and return its ``new_tenants`` entry."""
        sector = str(change.get("isic4_class", "")).strip()
        classes = isic4_classes()
        if sector not in classes:
            raise _error(
                f"sector {sector!r} is not an ISIC Rev.4 class; choose a 4-digit class from "
                "the list (e.g. 2220 plastics products, 2610 electronic components)",
                "isic4_class",
                sector,
            )
        workers_text = str(change.get("employees", "")).strip()
        try:
            workers = int(workers_text)
        except ValueError:
            workers = -1
        if workers <= 0:
            raise _error(
                f"workers {workers_text!r} is not a whole number above 0; give the number "
                "of workers, e.g. 250",
                "employees",
                workers_text,
            )
        taken = set(self._tenant_ids())
        tenant_id = str(change.get("id") or "").strip() or _free_id(taken)
        if not _ID.match(tenant_id) or tenant_id in taken:
            raise _error(
                f"tenant id {tenant_id!r} is already used or not a plain id; give a new id "
                "of letters, digits, '-', '_' or '.'",
                "id",
                tenant_id,
            )
        name = str(change.get("name") or "").strip() or f"New tenant ({classes[sector]})"
        lat, lon = self._inside(change.get("lat"), change.get("lon"), f"new tenant {tenant_id}")
        return {
            "id": tenant_id,
            "name": name[:120],
            "isic4_class": sector,
            "employees": workers,
            "lat": round(lat, 6),
            "lon": round(lon, 6),
        }

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
            raise _error(
                f"{tenant!r} is not a tenant of the current layout; reload the page",
                "id",
                tenant,
            )
        new = next((t for t in layout.added if t["id"] == tenant), None)
        if action == "remove":
            if new is not None:
                layout.added.remove(new)
            else:
                layout.removed.append(tenant)
                layout.moved.pop(tenant, None)
        elif action == "move":
            lat, lon = self._inside(change.get("lat"), change.get("lon"), f"tenant {tenant}")
            if new is not None:
                new.update(lat=round(lat, 6), lon=round(lon, 6))
            else:
                layout.moved[tenant] = (round(lat, 6), round(lon, 6))
        else:
            raise _error(
                f"unknown change {action!r}; use move, add, remove, reset, add_facility, "
                "move_facility, remove_facility, set_rule, remove_rule or set_frequency",
                "action",
                action,
            )
        return layout

    # -- facilities, hub and collection points ------------------------------------------

    def _plots(self, coverage: dict[str, Any]) -> dict[str, Any]:
        """Return the plots of a ``plot_coverage`` block as GeoJSON (EPSG:4326), ``plot_id``.

        The file was read when the scenario ran (:func:`eipgeo.scenario.setbacks.review`);
        it is read again here once per file and kept.
        """
        key = (str(coverage["plots"]), str(coverage.get("id_column", "plot_id")))
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
            raise _error(
                f"{kind!r} is not a place the map can add; choose hazardous_store, hub or "
                "collection_point",
                "kind",
                kind,
            )
        spec = FACILITY_KINDS[kind]
        taken = self._place_ids(layout)
        place_id = str(change.get("id") or "").strip() or _free_id(taken, spec["prefix"])
        if not _ID.match(place_id) or place_id in taken:
            raise _error(
                f"id {place_id!r} is already used or not a plain id; give a new id of "
                "letters, digits, '-', '_' or '.'",
                "id",
                place_id,
            )
        lat, lon = self._inside(change.get("lat"), change.get("lon"), f"{kind} {place_id}")
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
                raise _error(
                    f"the scenario has a hub already ({hub['id']}); a scenario has one hub "
                    "block: drag the hub to move it, or remove it first",
                    "kind",
                    kind,
                )
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
            raise _error(
                f"{what}: this scenario has no plot_coverage block (a plots file and a "
                "service radius), so a collection point has nothing to cover; start "
                "`eipgeo serve` from a scenario file with plot_coverage (README, scenario "
                "files)",
                "kind",
                what,
            )
        if coverage.get("candidates"):
            raise _error(
                f"{what}: this scenario's plot_coverage lists candidates, among which LSCP "
                "opens the fewest that cover every plot; edit the candidates in the "
                "scenario file, or list the points in place under plot_coverage.points",
                "kind",
                what,
            )
        return dict(coverage)

    def _move_facility(self, layout: Layout, change: dict[str, Any]) -> None:
        """Move a scenario's facility, its hub or one of its collection points."""
        place_id = str(change.get("id", ""))
        lat, lon = self._inside(change.get("lat"), change.get("lon"), f"place {place_id}")
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
                raise _error(
                    f"hub {place_id} is sited by p-median with p={hub['p']}; set p: 1 in the "
                    "scenario file to place it by hand",
                    "id",
                    place_id,
                )
            hub.update(candidates="points", points=[{"id": f"{place_id}-point", **point}])
            layout.keys["hub"] = hub
        elif spot is not None:
            spot.update(point)
            layout.keys["plot_coverage"] = coverage
        else:
            raise _error(self._not_editable(place_id), "id", place_id)
        if place_id not in layout.touched:
            layout.touched.append(place_id)

    def _not_editable(self, place_id: str) -> str:
        """Say why ``place_id`` cannot be moved or removed on the map."""
        hub = self._current(self.layout, "hub")
        if hub and int(hub.get("p", 1)) > 1 and place_id.startswith(f"{hub['id']}-"):
            return (
                f"{place_id} is one of the {hub['p']} sites of hub {hub['id']}, sited by "
                f"p-median with p={hub['p']}; set p: 1 in the scenario file to place the hub "
                "by hand"
            )
        if place_id in {str(i) for i in self.park.facilities["id"]}:
            return (
                f"facility {place_id} is in the park's facilities.csv (a site outside this "
                "layout); only the scenario's facilities, hub and collection points move on "
                "the map: add a hazardous store or a hub where you want one"
            )
        return (
            f"{place_id!r} is not a facility, hub or collection point of the layout; "
            "reload the page"
        )

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
                raise _error(
                    f"collection point {place_id} is the last one of plot_coverage; add "
                    "another before removing it",
                    "id",
                    place_id,
                )
            coverage["points"] = [p for p in points if str(p["id"]) != place_id]
            layout.keys["plot_coverage"] = coverage
        else:
            raise _error(self._not_editable(place_id), "id", place_id)
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
            raise _error(
                f"setback rule {text!r} is not a rule of the layout (it has {len(rules)}); "
                "reload the page",
                "index",
                text,
            )
        return index

    def _set_rule(self, layout: Layout, change: dict[str, Any]) -> None:
        """Change or add a setback rule, checked as the scenario file's ``setbacks``."""
        rules = self._current(layout, "setbacks") or []
        index = self._rule_index(change, rules, new=True)
        role = str(change.get("applies_to", "")).strip()
        if role not in SETBACK_ROLES:
            raise _error(
                f"{role!r} is not a class of site a setback rule applies to; choose "
                f"{' or '.join(SETBACK_ROLES)}",
                "applies_to",
                role,
            )
        origin = str(change.get("from", "")).strip()
        if origin not in SETBACK_FROM:
            raise _error(
                f"{origin!r} is not what a setback is measured from; choose "
                f"{', '.join(SETBACK_FROM)}",
                "from",
                origin,
            )
        distance_m = _positive(
            change.get("distance_m"),
            "distance_m",
            "setback distance {!r} m is not a number above 0; give the smallest allowed "
            "distance in metres, e.g. 50",
        )
        source = str(change.get("source", "")).strip()
        if len(source) < 3:
            raise _error(
                "a setback rule needs its source: the published rule it comes from "
                "(document, article), e.g. 'park zoning plan, section 4.2 (2024)'",
                "source",
                source,
            )
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
            raise _error(
                f"a rule from '{origin}' needs 'features': an existing file of the {origin} "
                f"areas (GeoJSON or GPKG); {text or 'none'!r} is not one (a path relative to "
                "the scenario file, or absolute)",
                "features",
                text,
            )
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
                f"{group!r} is not a collection group; choose {' or '.join(FREQUENCY_GROUPS)} "
                "(hazardous includes controlled waste)",
                "group",
                group,
            )
        text = str(change.get("days_per_week", "")).strip()
        days = _positive(
            text,
            "days_per_week",
            "collection frequency {!r} is not a whole number of days a week from 1 to 7; "
            "give e.g. 2 for twice a week",
        )
        if days != int(days) or days > 7:
            raise _error(
                f"collection frequency {text!r} is not a whole number of days a week from 1 "
                "to 7; give e.g. 2 for twice a week",
                "days_per_week",
                text,
            )
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
            "employees", "lat", "lon", "name"?, "id"?}``, ``{"action": "remove", "id"}``,
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
            as :data:`FIGURES`, ``warnings`` (layout warnings in full, others counted by
            code), ``changes`` (the layout: tenants moved, removed, added; places added
            or moved; whether the rules or frequencies changed), ``rules`` (the setback
            rules in force), ``frequency`` (group → collection days a week set, ``None``
            for the default ``default_days_per_week``), ``coverage`` (collection points
            can be placed) and ``sectors`` (ISIC class → title). Facilities carry
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
        deltas = {k: round(v - self.baseline_figures.get(k, 0.0), 3) for k, v in figures.items()}
        problems = [p for p in self.result.problems if p.severity == "warning"]
        layout_warnings = [
            {"code": p.code, "id": str(p.value or ""), "message": p.message}
            for p in problems
            if p.code in LAYOUT_CODES
        ]
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
        }

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


def _free_id(taken: set[str], prefix: str = "NEW") -> str:
    """Return the first ``PREFIX-n`` id not in ``taken``."""
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


def _positive(value: object, column: str, message: str) -> float:
    """Return ``value`` as a finite number above 0, else refuse it (``message`` takes it)."""
    text = str(value if value is not None else "").strip()
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise _error(message.format(text), column, text)
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
