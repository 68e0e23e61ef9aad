"""The layout-review session: the baseline, the changes made on the map, and their figures.

Nothing here speaks HTTP (:mod:`eipgeo.serve.app` serves a session). A session holds a
scenario (a park's :func:`~eipgeo.scenario.schema.baseline_scenario`, or a scenario file)
and the changes made on the map: tenants moved, added or removed. Each change is checked
first (a point inside the park boundary, a known ISIC class, a positive whole number of
workers); the changed layout is then written as a scenario
(``moved_tenants``, ``new_tenants``, ``removed_tenants``) and run through
:func:`eipgeo.scenario.run.run_scenario`, the runner of ``eipgeo run``. The exported YAML is
that scenario, so ``eipgeo run`` on it gives the figures the app shows. A change that fails
leaves the last good state as it was.
"""

from __future__ import annotations

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

from eipgeo import parks, settings
from eipgeo._errors import Problem, ValidationError
from eipgeo.io.checks import isic4_classes
from eipgeo.jobs.result import JobResult
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import Scenario, baseline_scenario, load_scenario, scenario_from_dict

WASTE_CLASSES = ("ordinary", "controlled", "hazardous", "domestic")
"""Waste classes whose totals the panel shows (t/yr), as in ``summary.csv``."""

FIGURES: list[tuple[str, str]] = [
    *((f"waste_t_per_yr.{c}", "t/yr") for c in WASTE_CLASSES),
    ("waste_t_per_yr.total", "t/yr"),
    ("route_km.total", "km/day"),
    ("route_co2e_kg", "kg CO2e/day"),
    ("trucks", "routes/day"),
    ("exchanges", "exchanges"),
    ("exchange_t_per_yr", "t/yr"),
    ("warnings", "warnings"),
]
"""The panel's figures, ``(key, unit)``; the ``summary.csv`` keys keep their names."""

LAYOUT_CODES = ("outside_boundary", "setback_breach", "plot_uncovered", "plot_uncoverable")
"""Warning codes about the layout itself, listed one by one in the panel."""

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
        trucks (routes a day, all groups), chosen exchanges and their t/yr, and the
        number of warnings.
    """
    summary = result.summary
    values = dict(zip(summary["key"].astype(str), summary["value"], strict=True))

    def number(key: str) -> float:
        value = pd.to_numeric(pd.Series([values.get(key)]), errors="coerce").iloc[0]
        return 0.0 if pd.isna(value) else round(float(value), 3)

    out = {key: number(key) for key, _ in FIGURES[:7]}
    out["trucks"] = float(
        sum(number(k) for k in values if k.startswith("routes.") and k != "routes.coverage")
    )
    plan = result.symbiosis.plan
    out["exchanges"] = float(len(plan))
    out["exchange_t_per_yr"] = round(float(plan["chosen_t_per_yr"].sum()), 3) if len(plan) else 0.0
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
        (points) and ``routes`` (one line per leg: route id, group, laden, ``[lat, lon]``
        vertices).
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
    routes = [
        {
            "route_id": str(leg["route_id"]),
            "group": str(leg["group"]),
            "laden": bool(leg["laden"]),
            "kind": str(leg["kind"]),
            "latlngs": [[round(lat, 6), round(lon, 6)] for lon, lat in leg["coords"]],
        }
        for leg in legs
    ]
    return {
        "boundary": boundary.to_crs(4326)[["geometry"]].__geo_interface__,
        "tenants": tenants,
        "depots": depots,
        "facilities": facilities,
        "routes": routes,
    }


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
    """

    moved: dict[str, tuple[float, float]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)

    def copy(self) -> Layout:
        """Return an independent copy."""
        return Layout(dict(self.moved), list(self.removed), [dict(t) for t in self.added])


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
                f"unknown change {action!r}; use move, add, remove or reset", "action", action
            )
        return layout

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
            ``removed_tenants`` and ``new_tenants`` added. ``park`` is the slug, or the
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
        return spec

    def apply(self, change: dict[str, Any]) -> dict[str, Any]:
        """Check a change, re-run the layout, and return the new :meth:`state`.

        Parameters
        ----------
        change
            ``{"action": "move", "id", "lat", "lon"}``, ``{"action": "add", "isic4_class",
            "employees", "lat", "lon", "name"?, "id"?}``, ``{"action": "remove", "id"}`` or
            ``{"action": "reset"}``; lat/lon in EPSG:4326 degrees.

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
            code), ``changes`` (the layout) and ``sectors`` (ISIC class → title).
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
        return {
            "park": {"slug": self.park.slug, "name": self.park.name},
            "scenario": self.base.name,
            "layers": map_layers(self.result, self.boundary),
            "figures": figures,
            "baseline": self.baseline_figures,
            "deltas": deltas,
            "units": dict(FIGURES),
            "warnings": {"layout": layout_warnings, "other": counts},
            "changes": {
                "moved": sorted(self.layout.moved),
                "removed": list(self.layout.removed),
                "added": [t["id"] for t in self.layout.added],
            },
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


def _free_id(taken: set[str]) -> str:
    """Return the first ``NEW-n`` id not in ``taken``."""
    n = 1
    while f"NEW-{n}" in taken:
        n += 1
    return f"NEW-{n}"


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
    "FIGURES",
    "LAYOUT_CODES",
    "Layout",
    "ReviewSession",
    "figures_of",
    "map_layers",
    "scenario_for",
]
