"""Side-by-side comparison of scenario runs: every KPI, deltas against the first."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from eipgeo._errors import ValidationError
from eipgeo.jobs.result import JobResult
from eipgeo.scenario.result import ScenarioRun


def _kpis(run: ScenarioRun) -> pd.DataFrame:
    summary = run.result.summary[["key", "value", "unit"]].copy()
    ind = run.result.indicators
    rows = pd.DataFrame({"key": "indicator." + ind.indicator, "value": ind.value, "unit": ind.unit})
    extra = (
        []
        if run.siting is None
        else [
            {"key": "siting.open", "value": ";".join(run.siting.open_ids), "unit": ""},
            {
                "key": "siting.objective_t_m_per_yr",
                "value": round(run.siting.objective),
                "unit": "t·m/yr",
            },
            {"key": "siting.cost_basis", "value": run.siting.cost_basis, "unit": ""},
        ]
    )
    frame = pd.concat(
        [
            _frequency_kpis(summary, run.result),
            rows,
            pd.DataFrame(extra),
            _layout_kpis(run),
            _symbiosis_kpis(run),
        ],
        ignore_index=True,
    )
    keep = ~frame.key.isin(["runtime_s"])  # wall time is not a KPI of the scenario
    return pd.DataFrame(frame[keep])


def _frequency_kpis(summary: pd.DataFrame, result: JobResult) -> pd.DataFrame:
    """Return collection days a week per group, never the plain default row.

    With ``collection.days_per_week`` the summary holds one
    ``collection_days_per_week.<group>`` row per group, and the plain row (the
    unverified default coefficient) does not apply: it is dropped. Without it, the plain
    row is given per routed group, so scenarios compare group by group.
    """
    plain = summary.key == "collection_days_per_week"
    if summary.key.astype(str).str.startswith("collection_days_per_week.").any() or not plain.any():
        return pd.DataFrame(summary[~plain])
    routes = result.route_table
    groups = sorted(set(routes.group)) if "group" in routes.columns else []
    row = summary[plain].iloc[0]
    per_group = pd.DataFrame(
        [
            {"key": f"collection_days_per_week.{g}", "value": row.value, "unit": row.unit}
            for g in groups
        ]
    )
    return pd.concat([summary[~plain], per_group], ignore_index=True) if groups else summary


def _layout_kpis(run: ScenarioRun) -> pd.DataFrame:
    """Return the number of setback breaches (when the scenario has rules)."""
    table = run.layout.get("setbacks")
    if table is None:
        return pd.DataFrame(columns=["key", "value", "unit"])
    return pd.DataFrame(
        [
            {
                "key": "setback_breaches",
                "unit": "breaches",
                "value": int((~table.ok.astype(bool)).sum()),
            }
        ]
    )


def _symbiosis_kpis(run: ScenarioRun) -> pd.DataFrame:
    """Return the exchange plan's totals (``symbiosis_totals.csv``) as ``symbiosis.*`` rows."""
    totals = run.result.symbiosis.totals
    return pd.DataFrame(
        {"key": "symbiosis." + totals.key.astype(str), "value": totals.value, "unit": totals.unit}
    )


def compare_table(runs: Sequence[ScenarioRun]) -> pd.DataFrame:
    """Side-by-side table of every KPI: one column per scenario, deltas against the first.

    Parameters
    ----------
    runs
        At least one scenario run, each with a different scenario name; the first is the
        reference of the deltas.

    Returns
    -------
    pandas.DataFrame
        ``key, unit, <name 1>, <name 2>, ..., delta.<name 2>, ...``; a delta is empty
        when either value is not a number.

    Raises
    ------
    eipgeo._errors.ValidationError
        Two runs have the same scenario name.
    """
    names = [r.scenario.name for r in runs]
    if len(set(names)) != len(names):
        raise ValidationError(f"scenario names must differ to be compared; got {names}")
    table: pd.DataFrame | None = None
    for run in runs:
        kpi = _kpis(run).rename(columns={"value": run.scenario.name})
        kpi = kpi.drop_duplicates("key")
        table = (
            kpi
            if table is None
            else table.merge(
                kpi.rename(columns={"unit": "_unit"}), on="key", how="outer", sort=False
            )
        )
        if "_unit" in table.columns:  # a row only in a later scenario keeps its unit
            first_unit = table.unit.where(table.unit.notna() & (table.unit != ""))
            table["unit"] = first_unit.fillna(table.pop("_unit"))
    assert table is not None
    table = table[["key", "unit", *names]]
    first = pd.to_numeric(table[names[0]], errors="coerce")
    for name in names[1:]:
        table[f"delta.{name}"] = (pd.to_numeric(table[name], errors="coerce") - first).round(3)
    return table.reset_index(drop=True)
