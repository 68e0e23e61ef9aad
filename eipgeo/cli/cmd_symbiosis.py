"""``eipgeo symbiosis``: the optimal exchange plan of a park, or of a workshop's tables."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from eipgeo import parks
from eipgeo._atomic import atomic_write_csv
from eipgeo._errors import Problem, UsageError
from eipgeo.cli._app import _guard, _report_problems, app
from eipgeo.jobs.park import run_park
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import SymbiosisSpec, load_scenario
from eipgeo.symbiosis.catalogue import UNVERIFIED_FLAG
from eipgeo.symbiosis.names import with_material_names
from eipgeo.symbiosis.plan import (
    SymbiosisResult,
    candidates_to_investigate,
    candidates_to_investigate_frame,
)
from eipgeo.symbiosis.workshop import symbiosis_from_workshop


def _target_result(target: str, objective: str, unknown_demand: str) -> tuple[str, SymbiosisResult]:
    """Run the main job on a park slug or folder, or on a scenario file; return its plan.

    A scenario file keeps its own ``symbiosis.objective`` unless ``--objective`` names
    another than ``auto``.
    """
    path = Path(target)
    if path.suffix.lower() in (".yaml", ".yml"):
        scenario = load_scenario(path)
        if objective != "auto":
            scenario = scenario.model_copy(update={"symbiosis": SymbiosisSpec(objective=objective)})  # type: ignore[arg-type]
        result = run_scenario(scenario).result
        _warn_outside(result.problems)
        return path.stem, result.symbiosis
    folder = parks.find_park(target)
    if folder is not None:
        park = parks.load_park(folder)
        result = run_park(park, symbiosis_objective=objective, unknown_demand=unknown_demand)
        _warn_outside(result.problems)
        return park.slug, result.symbiosis
    msg = (
        f"'{target}' is neither a park (slug: {', '.join(e.slug for e in parks.find_parks())}), "
        "a park folder nor a scenario file; give a park slug or folder, or --offers, "
        "--needs and --enterprises"
    )
    raise UsageError(msg)


def _warn_outside(problems: list[Problem]) -> None:
    """Say which firms the plan left out because they lie outside the park (one line each)."""
    for p in problems:
        if p.code == "outside_boundary":
            warnings.warn(p.to_line(), UserWarning, stacklevel=2)


@app.command("symbiosis")
def symbiosis_cmd(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="PARK_OR_SCENARIO", help="A park slug or folder, or a scenario file."
        ),
    ] = None,
    offers: Annotated[
        Path | None,
        typer.Option(
            "--offers", help="Workshop offers CSV: supplier_name, material, qty_t_per_year."
        ),
    ] = None,
    needs: Annotated[
        Path | None,
        typer.Option("--needs", help="Workshop needs CSV: buyer_name, material, qty_t_per_year."),
    ] = None,
    enterprises: Annotated[
        Path | None, typer.Option("--enterprises", help="Enterprise list CSV: id, name, lat, lon.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for symbiosis.csv, symbiosis_plan.csv and totals."),
    ] = None,
    objective: Annotated[
        str,
        typer.Option(
            "--objective",
            help="auto | t | vnd | co2e (auto: vnd when every price is known, else t/yr).",
        ),
    ] = "auto",
    unknown_demand: Annotated[
        str,
        typer.Option(
            "--unknown-demand",
            help="A receiver whose intake is not published: candidate (default: not in "
            "the plan, listed with 'demand unknown'), one_supplier (cap at its largest "
            "single offer) or uncapped (flagged).",
        ),
    ] = "candidate",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings exit 1.")] = False,
) -> None:
    """Find, check and plan waste-to-resource exchanges; print each chosen one with its t/yr."""

    def run() -> int:
        workshop = [offers, needs, enterprises]
        if (target is None) == all(p is None for p in workshop) or (
            target is None and any(p is None for p in workshop)
        ):
            msg = (
                "give either PARK_OR_SCENARIO, or all three of --offers, --needs and --enterprises"
            )
            raise UsageError(msg)
        if target is not None:
            name, res = _target_result(target, objective, unknown_demand)
        else:
            name, res = (
                "workshop",
                symbiosis_from_workshop(
                    str(offers), str(needs), str(enterprises), objective=objective
                ),
            )
        return _print_and_write(name, res, out, strict)

    code = _guard(run)
    raise typer.Exit(code)


def _print_and_write(name: str, res: SymbiosisResult, out: Path | None, strict: bool) -> int:
    plan, totals = res.plan, res.totals.set_index("key")
    for m in res.materials.to_dict("records"):
        how = str(m["how"])
        near = str(m.get("suggestions", "") or "")
        found = (
            f"{m['codes'] or 'no code'} [{m['waste_class']}] by {how}"
            if how != "unresolved"
            else "unresolved (class unverified, kept and planned with a flag); "
            + (
                f"nearest catalogue names: {near}"
                if near
                else "no catalogue name is close; give its waste_code"
            )
        )
        links = str(m.get("links", "") or "")
        matched = (
            f"; catalogue links {links} (evidence {m.get('evidence', '')}; receiver processes "
            f"{m.get('receiver_processes', '')})"
            if links
            else ""
        )
        typer.echo(
            f"material {m['table']} row {m['row']} ({m['firm']}): '{m['material']}' -> "
            f"{found}{matched}"
        )
    for row in plan.itertuples():
        estimated = " (estimated)" if row.distance_source == "estimate_circuity" else ""
        co2 = float(str(row.co2e_cutoff_kg_per_yr))
        co2_text = "" if math.isnan(co2) else f", CO2e cut-off {co2:.0f} kg/yr"
        vnd = float(str(row.net_vnd_per_yr))
        vnd_text = (
            "net VND n/a (price not published)" if math.isnan(vnd) else f"net {vnd:,.0f} VND/yr"
        )
        flag = f" [{UNVERIFIED_FLAG}]" if row.waste_class == "unverified" else ""
        unit = str(getattr(row, "unit", "t/yr") or "t/yr")
        level = str(getattr(row, "evidence_level", "") or "")
        typer.echo(
            f"{row.supplier_name} -> {row.receiver_name}: {row.stream} "
            f"{float(str(row.chosen_t_per_yr)):.3f} {unit}, "
            f"{float(str(row.distance_km)):.2f} km{estimated}, {vnd_text}{co2_text}"
            + (f"; evidence {level}: {row.evidence_source}" if level else "")
            + flag
        )
    _echo_candidates(res.candidates)
    if len(res.materials):
        _echo_rejected(res.candidates, out)
    if plan.empty:
        typer.echo(str(res.totals.note.iloc[1]).split("; nearest misses")[0], err=True)
        misses = res.candidates[res.candidates.nearest_miss.notna()]
        for m in misses.to_dict("records"):
            km = float(str(m["distance_m"])) / 1000
            typer.echo(
                f"  nearest miss {m['nearest_miss']}: {m['supplier_name']} -> "
                f"{m['receiver_name']} ({m['stream']}, {km:.2f} km): {m['reasons']}",
                err=True,
            )
    value = {
        k: ("n/a (no published factor)" if "co2e" in str(k) else "n/a (no published price)")
        if str(v) == "nan"
        else str(v)
        for k, v in totals["value"].items()
    }
    typer.echo(
        f"{name}: {len(plan)} exchanges, {value['exchanged_t_per_yr']} t/yr "
        f"(objective {res.objective}); net value {value['net_value_vnd_per_yr']} VND/yr; "
        f"CO2e cut-off {value['co2e_saved_cutoff_kg_per_yr']} kg/yr"
    )
    _echo_co2e_note(plan, value["co2e_saved_avoided_burden_kg_per_yr"])
    if out is not None:
        atomic_write_csv(out / "symbiosis.csv", with_material_names(res.candidates))
        atomic_write_csv(out / "symbiosis_plan.csv", with_material_names(plan))
        atomic_write_csv(
            out / "symbiosis_candidates.csv", with_material_names(candidates_to_investigate(res))
        )
        atomic_write_csv(out / "symbiosis_totals.csv", res.totals)
        if len(res.materials):
            atomic_write_csv(out / "symbiosis_materials.csv", res.materials)
    if res.problems and out is not None:
        _report_problems(res.problems, out / "symbiosis_problems.csv")
    elif res.problems:
        for p in res.problems:
            typer.echo(f"{p.severity}: {p.to_line()}", err=True)
    if plan.empty and candidates_to_investigate(res).empty:
        return 1  # nothing to plan and nothing to investigate
    return 1 if strict and res.problems else 0


CANDIDATES_SHOWN = 10
"""How many candidates to investigate the command prints (all are in the CSV)."""


def _echo_candidates(candidates: pd.DataFrame) -> None:
    """Print the top candidates to investigate, with why each is not in the plan."""
    if "plan_status" not in candidates.columns:
        return
    top = candidates_to_investigate_frame(candidates)
    if len(top):
        typer.echo(f"{len(top)} candidates to investigate (not in the plan):")
    for r in top.head(CANDIDATES_SHOWN).itertuples():
        typer.echo(
            f"  candidate: {r.supplier_name} -> {r.receiver_name}: {r.stream} "
            f"{float(str(r.supply_t_per_yr)):,.1f} {r.unit} offered, evidence "
            f"{r.evidence_level}; why not in plan: {r.why_not_in_plan}"
        )
    other = candidates[candidates.plan_status == "not_symbiosis"]
    if len(other):
        typer.echo(
            f"{len(other)} pairs are not symbiosis (treatment contracts with licensed "
            "handlers, mixed waste): they belong to the waste-management plan"
        )


def _echo_rejected(candidates: pd.DataFrame, out: Path | None) -> None:
    """Print how many pairs the legal check refused, by reason, and each refused pair."""
    rejected = candidates[candidates.status == "rejected"]
    if rejected.empty:
        return
    where = "see symbiosis.csv" if out is not None else "give --out to write symbiosis.csv"
    counts = rejected.reasons.astype(str).str.split(":").str[0].value_counts(sort=False)
    rules = {
        str(r).split(":")[0]: str(r).split(" [", 1)[1].split(":")[0].rstrip("]")
        for r in rejected.reasons
        if " [" in str(r)
    }
    parts = [
        f"{n} {code}" + (f" ({rules[code]})" if code in rules else "")
        for code, n in sorted(counts.items())
    ]
    noun = "pair" if len(rejected) == 1 else "pairs"
    typer.echo(f"{len(rejected)} {noun} rejected: {'; '.join(parts)} - {where}")
    for r in rejected.head(10).itertuples():
        typer.echo(
            f"  rejected: {r.supplier_name} -> {r.receiver_name} ({r.stream}): "
            f"{str(r.reasons).split(' [')[0]}"
        )
    if len(rejected) > 10:
        typer.echo(f"  ... {len(rejected) - 10} more in symbiosis.csv")


def _echo_co2e_note(plan: pd.DataFrame, avoided_burden: str) -> None:
    """Say why the avoided-burden CO2e total is n/a (never a silent blank)."""
    if plan.empty or not avoided_burden.startswith("n/a"):
        return
    why = sorted(
        {
            n.split("avoided-burden NaN: ")[-1]
            for n in plan.co2e_note.astype(str)
            if "avoided-burden" in n
        }
    )
    typer.echo(
        "CO2e avoided-burden n/a: "
        + ("; ".join(why[:3]) or "factor not published")
        + " (co2e_note in symbiosis.csv)"
    )
