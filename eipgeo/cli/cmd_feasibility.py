"""``eipgeo feasibility SCENARIO.yaml --intervention ID [--out DIR]``: one feasibility sheet."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from eipgeo.cli._app import _guard, app
from eipgeo.outputs import feasibility as feasibility_sheet
from eipgeo.scenario.interventions import FeasibilityCase, feasibility_case, find_intervention
from eipgeo.scenario.schema import load_scenario


@app.command("feasibility")
def feasibility_cmd(
    scenario: Annotated[
        Path, typer.Argument(help="A scenario YAML file with `interventions:`.", show_default=False)
    ],
    intervention: Annotated[
        str | None,
        typer.Option(
            "--intervention",
            help="The intervention's id in the scenario file (omit it to list "
            "the file's interventions).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("runs"),
) -> None:
    """Appraise one intervention (capex, savings, payback, NPV, IRR, abatement cost, sensitivity).

    Writes OUT/<park>/feasibility/<ID>/feasibility.html (offline), charts.png and the
    cash-flow, assumptions, appraisal and sensitivity tables.
    """
    if intervention is None:
        spec = _guard(lambda: load_scenario(scenario))
        if not spec.interventions:
            typer.echo(f"{scenario}: no `interventions:` in this scenario file", err=True)
        for item in spec.interventions:
            typer.echo(f"{item.id}\t{item.kind}\t{item.name}")
        return
    chosen: str = intervention

    def run() -> tuple[FeasibilityCase, list[Path]]:
        spec = load_scenario(scenario)
        find_intervention(spec, chosen)
        park = Path(spec.park_folder).name if spec.park_folder else spec.park
        typer.echo(f"appraising '{chosen}' of scenario '{spec.name}' on {park}", err=True)
        case = feasibility_case(spec, chosen)
        return case, feasibility_sheet.write_feasibility(case, out)

    case, files = _guard(run)
    table = case.appraisal.set_index("metric")["value"]
    folder = out / case.park_slug / "feasibility" / case.spec.id

    def fmt(key: str, digits: int = 0) -> str:
        value = float(table.get(key, float("nan")))
        return "none" if math.isnan(value) else f"{value:.{digits}f}"

    typer.echo(
        f"intervention={case.spec.id} park={case.park_slug} "
        f"npv_vnd={fmt('npv_vnd')} irr_pct={fmt('irr_pct', 2)} "
        f"payback_yr={fmt('simple_payback_yr', 2)} files={len(files)} "
        f"sheet={folder / 'feasibility.html'}"
    )
