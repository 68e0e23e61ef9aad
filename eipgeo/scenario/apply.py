"""A scenario applied to its park: the changed park, and the RECP change to the streams."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from eipgeo import parks, waste
from eipgeo._errors import InputReadError, Problem, ValidationError
from eipgeo.parks import DepotSpec
from eipgeo.scenario.schema import FacilitySpec, HubSpec, Scenario, scenario_problem


def waste_scenario(scenario: Scenario) -> waste.WasteChange | None:
    """Return the ``recp`` block as :class:`eipgeo.waste.WasteChange` (``None`` when absent).

    Parameters
    ----------
    scenario
        The validated scenario; its ``name`` names the change.

    Returns
    -------
    eipgeo.waste.WasteChange or None
        The reductions (%), growth (% per year) and years of the ``recp`` block.

    Raises
    ------
    eipgeo._errors.UsageError
        A reduction outside 0-100 %, or a planning year before the base year
        (:func:`eipgeo.waste.change_from_dict`).
    """
    if scenario.recp is None:
        return None
    return waste.change_from_dict({"name": scenario.name, **scenario.recp.model_dump()})


def _facility_row(
    spec: FacilitySpec | HubSpec, lon: float, lat: float, method: str
) -> dict[str, object]:
    """Return a facility row for a scenario's facility or hub.

    One that accepts hazardous waste is declared a permitted storage and transfer site
    (``methods`` = ``storage_transfer``): the scenario proposes it with its permit.
    """
    return {
        "id": spec.id,
        "name": spec.name,
        "name_vi": "",
        "kind": spec.kind,
        "accepts": ";".join(spec.accepts),
        "methods": "storage_transfer" if "hazardous" in spec.accepts else "",
        "status": getattr(spec, "status", "proposed (scenario)"),
        "capacity_t_per_day": getattr(spec, "capacity_t_per_day", None) or "",
        "lat": f"{lat:.6f}",
        "lon": f"{lon:.6f}",
        "location_quality": "declared",
        "location_method": method,
        "source_url": "",
        "confidence": "scenario",
    }


def load_scenario_park(scenario: Scenario) -> parks.Park:
    """Load the park a scenario names, as it is (its folder as resolved at validation).

    Parameters
    ----------
    scenario
        A validated scenario.

    Returns
    -------
    Park
        The park, unchanged.

    Raises
    ------
    DataNotFoundError
        The park is gone since the scenario was validated.
    """
    return parks.load_park(scenario.park_folder or scenario.park)


def park_for_scenario(
    scenario: Scenario, extra_facilities: Sequence[dict[str, object]] = ()
) -> parks.Park:
    """Return the scenario's park: a copy of the bundled one with the changes applied.

    Parameters
    ----------
    scenario
        The validated scenario: its ``park``, and the ``fleet``, ``depot``,
        ``enterprises`` (a CSV path relative to the scenario file), ``removed_tenants``,
        ``moved_tenants``, ``new_tenants`` and ``facilities`` it changes (tenants are
        removed, then moved, then added).
    extra_facilities
        More rows in the columns of ``facilities.csv`` (e.g. a sited hub), appended after
        the scenario's facilities; default none.

    Returns
    -------
    eipgeo.parks.Park
        The changed park; the bundled park is not modified. Removed tenants' rows are
        kept in ``removed_enterprises`` (they take their workforce or land with them:
        the rest of the park stays as in the baseline).

    Raises
    ------
    InputReadError
        The scenario's ``enterprises`` file cannot be read.
    DataNotFoundError
        The scenario's park does not exist (:func:`eipgeo.parks.load_park`).
    ValidationError
        A new tenant's id is already a tenant of the park; a moved or removed tenant's
        id is not one.
    """
    park = load_scenario_park(scenario)
    updates: dict[str, object] = {}
    if scenario.fleet is not None:
        updates["fleet"] = scenario.fleet
    if scenario.depot is not None:
        updates["depot"] = DepotSpec(
            id=scenario.depot.id,
            name=scenario.depot.name or "Depot",
            lat=scenario.depot.lat,
            lon=scenario.depot.lon,
            note=f"declared in scenario '{scenario.name}'",
        )
    park.meta = park.meta.model_copy(update=updates, deep=True)
    if scenario.enterprises:
        park.enterprises, warned = _read_enterprises(scenario)
        park.problems = [*park.problems, *warned]
        park.enterprises_file = _enterprises_path(scenario)
    if scenario.removed_tenants or scenario.moved_tenants:
        before = park.enterprises
        park.enterprises = _moved_and_removed(before, scenario)
        gone = before["id"].astype(str).isin(scenario.removed_tenants)
        park.removed_enterprises = before[gone].copy() if gone.any() else None
    if scenario.new_tenants:
        park.enterprises = _with_tenants(park.enterprises, scenario)
        park.added_rows = {**park.added_rows, **_tenant_rows(scenario, set(park.enterprises["id"]))}
    rows = [
        _facility_row(f, f.lon, f.lat, f"declared in scenario '{scenario.name}'")
        for f in scenario.facilities
    ] + list(extra_facilities)
    return with_facilities(park, rows)


def with_facilities(park: parks.Park, rows: Sequence[dict[str, object]]) -> parks.Park:
    """Return a copy of ``park`` with facility rows added (a sited hub, a planned store).

    Parameters
    ----------
    park
        Any park.
    rows
        Rows in the columns of ``facilities.csv`` (see :func:`_facility_row`).

    Returns
    -------
    Park
        The same park with the rows appended to its facilities (text cells).
    """
    if not rows:
        return park
    added = pd.DataFrame(list(rows)).astype(str).replace("None", "")
    return dataclasses.replace(
        park, facilities=pd.concat([park.facilities, added], ignore_index=True)
    )


def _moved_and_removed(enterprises: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """Leave out ``removed_tenants`` and put ``moved_tenants`` at their declared points.

    Raises
    ------
    ValidationError
        An id that is not a tenant of the park (one problem each, with the nearest ids).
    """
    ids = [str(i) for i in enterprises.get("id", pd.Series(dtype=str))]
    asked: list[tuple[tuple[str | int, ...], str]] = [
        (("removed_tenants", i), t) for i, t in enumerate(scenario.removed_tenants)
    ]
    asked += [(("moved_tenants", i, "id"), m.id) for i, m in enumerate(scenario.moved_tenants)]
    problems = []
    for loc, tenant in asked:
        if loc[0] == "moved_tenants" and tenant in scenario.removed_tenants:
            msg = f"{tenant!r} is also in removed_tenants; move it or remove it, not both"
        elif tenant not in ids:
            near = difflib.get_close_matches(str(tenant), ids, n=3, cutoff=0.5)
            hint = f"did you mean {', '.join(near)}?" if near else "use an id of its tenants"
            msg = f"{tenant!r} is not a tenant of {scenario.park}; {hint}"
        else:
            continue
        problems.append(scenario_problem(scenario, loc, msg, code="unknown_site", value=tenant))
    if problems:
        raise ValidationError(problems[0].to_line(), problems)
    out = enterprises[~enterprises["id"].astype(str).isin(scenario.removed_tenants)].copy()
    for move in scenario.moved_tenants:
        at = out["id"].astype(str) == move.id
        out.loc[at, "lat"] = f"{move.lat:.6f}"
        out.loc[at, "lon"] = f"{move.lon:.6f}"
        out.loc[at, "location_quality"] = "declared"
    return out.reset_index(drop=True)


def _with_tenants(enterprises: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    taken = set(enterprises.get("id", pd.Series(dtype=str)))
    rows = []
    for t in scenario.new_tenants:
        if t.id in taken:
            problem = Problem(
                f"new tenant id '{t.id}' is already a tenant of the park; give a new id",
                code="duplicate_id",
                file=scenario.source_file or None,
                column="new_tenants.id",
                value=t.id,
            )
            raise ValidationError(problem.to_line(), [problem])
        rows.append(
            {
                "id": t.id,
                "name": t.name or t.id,
                "zone": t.zone,
                "sector_text": t.sector_text,
                "isic4_class": t.isic4_class,
                "lot": t.lot,
                "area_ha": "" if t.area_ha is None else str(t.area_ha),
                "employees": "" if t.employees is None else str(t.employees),
                "lat": str(t.lat),
                "lon": str(t.lon),
                "location_quality": "declared",
                "source_url": f"scenario {scenario.name}",
                "confidence": "scenario",
            }
        )
    added = pd.DataFrame(rows).reindex(columns=enterprises.columns, fill_value="")
    return pd.concat([enterprises, added], ignore_index=True)


def _tenant_rows(scenario: Scenario, tenants: set[str]) -> dict[str, pd.DataFrame]:
    """Return the new tenants' ``production`` and ``streams`` as rows of the park's tables.

    A production entry is a ``production.csv`` row; a stream is a ``measured_streams.csv``
    row of kind ``declared``, scope ``stream`` (it replaces the tenant's estimate of its
    code only, like a park tenant's disclosed stream) and status ``unverified`` (a
    scenario's figure is an assumption, not a published one).

    Raises
    ------
    ValidationError
        A stream's ``reuse:`` fate names a receiver that is not a tenant of the park.
    """
    production, streams, problems = [], [], []
    where = f"scenario {scenario.name}"
    for i, t in enumerate(scenario.new_tenants):
        if t.production is not None:
            p = t.production
            production.append(
                {
                    "site_id": t.id,
                    "product": p.product,
                    "capacity_value": repr(p.capacity_value),
                    "capacity_unit": p.capacity_unit,
                    "capacity_basis": p.capacity_basis,
                    "year": "" if p.year is None else str(p.year),
                    "intensity_key": p.intensity_key,
                    "source_url": p.source,
                    "locator": where,
                    "note": "",
                }
            )
        for j, s in enumerate(t.streams):
            receiver = s.fate.removeprefix(waste.FATE_REUSE_PREFIX)
            if s.fate.startswith(waste.FATE_REUSE_PREFIX) and receiver not in tenants:
                near = difflib.get_close_matches(receiver, sorted(tenants), n=3, cutoff=0.5)
                hint = f"did you mean {', '.join(near)}?" if near else "use a tenant's id"
                problems.append(
                    scenario_problem(
                        scenario,
                        ("new_tenants", i, "streams", j, "fate"),
                        f"fate '{s.fate}': {receiver!r} is not a tenant of the park; {hint}",
                        code="unknown_site",
                        value=s.fate,
                    )
                )
            streams.append(
                {
                    "site_id": t.id,
                    "waste_code": s.waste_code,
                    "waste_t_per_yr": repr(s.waste_t_per_yr),
                    "kind": "declared",
                    "scope": "stream",
                    "status": "unverified",
                    "source": s.source,
                    "locator": where,
                    "fate": s.fate,
                }
            )
    if problems:
        raise ValidationError(problems[0].to_line(), problems)
    out = {}
    if production:
        out["production.csv"] = pd.DataFrame(production, dtype=str)
    if streams:
        out["measured_streams.csv"] = pd.DataFrame(streams, dtype=str)
    return out


def _enterprises_path(scenario: Scenario) -> Path:
    """Return the scenario's ``enterprises`` file (relative to the scenario file's folder)."""
    base = Path(scenario.source_file).resolve().parent if scenario.source_file else Path.cwd()
    return base / str(scenario.enterprises)


def _read_enterprises(scenario: Scenario) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the scenario's ``enterprises`` file as ``eipgeo validate`` reads it.

    Raises
    ------
    InputReadError
        The file cannot be read.
    ValidationError
        Rows with errors; every problem names the file, row, column and value.
    """
    path = _enterprises_path(scenario)
    if not path.is_file():
        raise InputReadError(
            f"{scenario.source_file}: enterprises file {path} does not exist; give a path "
            "relative to the scenario file"
        )
    stat = path.resolve().stat()
    read, found = _tenant_table(str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    frame, problems = read.copy(), list(found)  # the caller may change its copy
    declared = frame.get("qty_t_per_year", pd.Series(dtype=str)).astype(str).str.strip() != ""
    if declared.any():
        problems.append(
            Problem(
                f"{int(declared.sum())} row(s) declare waste quantities (qty_t_per_year); a "
                "scenario's enterprises file sets who the tenants are, and their waste is "
                "estimated. To use the declared figures, make a park folder with `eipgeo park "
                "new DIR --enterprises FILE ...` (it writes them to measured_streams.csv)",
                "declared_waste_unused",
                str(path),
                column="qty_t_per_year",
                severity="warning",
            )
        )
    return frame, problems


@lru_cache(maxsize=8)
def _tenant_table(path: str, size: int, mtime_ns: int) -> tuple[pd.DataFrame, tuple[Problem, ...]]:
    """Read a tenant table once per path and stamp (the layout app re-runs it per change)."""
    frame, problems = parks.read_tenant_table(Path(path))
    return frame, tuple(problems)


def check_recp_sites(scenario: Scenario, park: parks.Park) -> None:
    """Refuse RECP reductions for sites that are not enterprises of the park (exit 1).

    Parameters
    ----------
    scenario
        The scenario.
    park
        Its park with the changes applied.

    Raises
    ------
    ValidationError
        One problem per unknown site, at its YAML line, with the nearest ids.
    """
    if scenario.recp is None or not scenario.recp.reduction_pct_by_site:
        return
    known = [str(i) for i in park.enterprises.get("id", pd.Series(dtype=str))]
    problems = []
    for site in scenario.recp.reduction_pct_by_site:
        if str(site) not in known:
            near = difflib.get_close_matches(str(site), known, n=3, cutoff=0.5)
            hint = (
                f"did you mean {', '.join(near)}?"
                if near
                else "use an id of the park's enterprises.csv"
            )
            problems.append(
                scenario_problem(
                    scenario,
                    ("recp", "reduction_pct_by_site", site),
                    f"{site!r} is not an enterprise of {scenario.park}; {hint}",
                    code="unknown_site",
                    value=site,
                    key=True,
                )
            )
    if problems:
        raise ValidationError(problems[0].to_line(), problems)
