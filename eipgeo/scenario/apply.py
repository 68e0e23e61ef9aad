"""A scenario applied to its park: the changed park, and the RECP change to the streams."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from eipgeo import parks, waste
from eipgeo._errors import InputReadError, Problem, ValidationError
from eipgeo.parks import DepotSpec
from eipgeo.scenario.schema import FacilitySpec, HubSpec, Scenario, scenario_problem


def waste_scenario(scenario: Scenario) -> waste.WasteChange | None:
    """Return the ``recp`` block as :class:`eipgeo.waste.WasteChange` (``None`` when absent)."""
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


def park_for_scenario(
    scenario: Scenario, extra_facilities: Sequence[dict[str, object]] = ()
) -> parks.Park:
    """Return the scenario's park: a copy of the bundled one with the changes applied.

    Raises
    ------
    InputReadError
        The scenario's ``enterprises`` file cannot be read.
    """
    park = parks.load_park(scenario.park)
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
        park.enterprises = _read_enterprises(scenario)
    if scenario.new_tenants:
        park.enterprises = _with_tenants(park.enterprises, scenario)
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


def _read_enterprises(scenario: Scenario) -> pd.DataFrame:
    base = Path(scenario.source_file).parent
    path = (base / str(scenario.enterprises)).resolve()
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputReadError(
            f"{scenario.source_file}: enterprises file {path} cannot be read "
            f"({exc}); give a UTF-8 CSV like the park's enterprises.csv"
        ) from None


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
