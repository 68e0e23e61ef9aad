"""``eipgeo run SCENARIO.yaml`` and ``eipgeo compare A.yaml B.yaml ...`` (scenario files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eipgeo.cli._app import _guard, app


@app.command("run")
def run_cmd(
    scenario: Annotated[Path, typer.Argument(help="A scenario YAML file.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("runs"),
    view: Annotated[str, typer.Option(
        "--view", help="firm: every output with firm-level detail (facilitators); "
                       "aggregate: only sector and zone totals with suppression of groups "
                       "under 3 firms or over 85 % from one firm (park developers).")] = "firm",
) -> None:
    """Run one scenario: maps, GPKG, CSV, indicators and report.html under OUT/<park>/."""
    from eipgeo import scenarios

    def run() -> scenarios.ScenarioRun:
        from eipgeo._errors import UsageError

        if view not in ("firm", "aggregate"):
            raise UsageError(f"--view {view!r} is not known; use firm or aggregate")
        spec = scenarios.load_scenario(scenario)
        typer.echo(f"running scenario '{spec.name}' on {spec.park}", err=True)
        return scenarios.run_scenario(spec, out_dir=out, view=view)

    done = _guard(run)
    slug = done.result.park.slug
    typer.echo(f"scenario={done.scenario.name} park={slug} files={len(done.files)} "
               f"report={out / slug / 'report.html'}")


@app.command("compare")
def compare_cmd(
    files: Annotated[list[Path], typer.Argument(help="Two or more scenario YAML files.",
                                                show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("compare"),
) -> None:
    """Run scenarios and write OUT/compare.csv, OUT/compare.html and OUT/compare_map.html.

    Each scenario's own outputs go to OUT/<scenario name>/.
    """
    from eipgeo import report, scenarios
    from eipgeo._errors import UsageError
    from eipgeo._io import atomic_write_csv

    def run() -> list[Path]:
        if len(files) < 2:  # noqa: PLR2004
            raise UsageError("compare needs at least two scenario files")
        specs = [scenarios.load_scenario(f) for f in files]
        runs = []
        for spec in specs:
            typer.echo(f"running scenario '{spec.name}' on {spec.park}", err=True)
            runs.append(scenarios.run_scenario(spec, out_dir=out / spec.name))
        table = scenarios.compare_table(runs)
        atomic_write_csv(out / "compare.csv", table)
        return [out / "compare.csv", *report.write_compare(runs, table, out)]

    written = _guard(run)
    typer.echo(f"files={','.join(str(f) for f in written)}")
