"""``eipgeo run SCENARIO.yaml`` and ``eipgeo compare A.yaml B.yaml ...`` (scenario files).

Both show their stages on stderr while they run (a rich display, only when stderr is
a terminal; ``--quiet`` turns it off), end with one summary line on stderr (not under
``--quiet``) and write a plain-text log of the stages and their timings (UTC) to the
output folder: ``OUT/<scenario name>/eipgeo-run.log`` (``run``; ``OUT/eipgeo-run.log``
when the scenario file cannot be read) or
``OUT/eipgeo-compare.log`` (``compare``), or to ``--log-file PATH``. The log is written
also when the run fails; the earlier outputs are then left as they were.

Each scenario's outputs go to ``OUT/<scenario name>/<park slug>/``, built beside that
folder and swapped in whole at the end of the run, so a second run
of the same scenario replaces its own outputs at once and different scenarios never
collide (:func:`eipgeo.outputs.write.write_scenario_run`). The last line on stdout is
the machine-readable result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eipgeo._atomic import atomic_write_csv
from eipgeo._errors import UsageError
from eipgeo._progress import reporting, stage
from eipgeo.cli._app import _guard, app, print_problems
from eipgeo.outputs import report, write
from eipgeo.scenario.compare import compare_table
from eipgeo.scenario.result import ScenarioRun
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import load_scenario

Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No progress display and no summary line on stderr (errors and "
        "warnings are still printed).",
    ),
]
LogFile = Annotated[
    Path | None,
    typer.Option(
        "--log-file",
        help="Where the plain-text log of the stages with their timings (UTC) "
        "goes, also when the run fails (default: OUT/<scenario name>/eipgeo-run.log for "
        "run, OUT/eipgeo-compare.log for compare).",
        show_default=False,
    ),
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Exit 1 when the run found warnings (e.g. waste with no licensed "
        "destination, a setback breach).",
    ),
]
RUN_LOG = "eipgeo-run.log"
"""Log file name in the output folder of ``eipgeo run``."""
COMPARE_LOG = "eipgeo-compare.log"
"""Log file name in the output folder of ``eipgeo compare``."""


@app.command("run")
def run_cmd(
    scenario: Annotated[Path, typer.Argument(help="A scenario YAML file.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("runs"),
    view: Annotated[
        str,
        typer.Option(
            "--view",
            help="firm: every output with firm-level detail (facilitators); "
            "aggregate: only sector and zone totals with suppression of groups "
            "under 3 firms or over 85 % from one firm (park developers).",
        ),
    ] = "firm",
    quiet: Quiet = False,
    log_file: LogFile = None,
    strict: Strict = False,
) -> None:
    """Run one scenario: maps, GPKG, CSV, indicators and report.html under OUT/<name>/<park>/.

    A second run of the same scenario replaces its own outputs whole (a failed run leaves
    them intact); scenarios with other names never collide. The log of the stages goes to
    OUT/<name>/eipgeo-run.log unless --log-file names another file.
    """

    def run() -> tuple[ScenarioRun, Path]:
        if view not in ("firm", "aggregate"):
            raise UsageError(f"--view {view!r} is not known; use firm or aggregate")
        log = {"path": log_file or out / RUN_LOG}  # OUT/<name>/ once the name is read
        with reporting(f"run {scenario.name}", quiet=quiet, log_file=lambda: log["path"]) as rep:
            with stage("reading scenario"):
                spec = load_scenario(scenario)
            log["path"] = log_file or out / write.safe_name(spec.name) / RUN_LOG
            park = Path(spec.park_folder).name if spec.park_folder else spec.park
            rep.log(f"scenario '{spec.name}' on park {park} (seed {spec.seed})")
            done = run_scenario(spec)
            with stage("writing outputs"):
                folder = write.write_scenario_run(done, out, view=view)
        if not quiet:
            typer.echo(rep.summary_line(), err=True)
        return done, folder

    done, folder = _guard(run)
    slug = done.result.park.slug
    problems = done.result.problems
    outside = [str(p.value) for p in problems if p.code == "outside_boundary"]
    if view == "firm":
        print_problems(problems, folder / "problems.csv")
    elif problems:
        typer.echo(
            f"warning: {len(problems)} problem(s) found; their firm-level detail is "
            "withheld in the aggregate view (run with --view firm to see them)",
            err=True,
        )
    typer.echo(
        f"scenario={done.scenario.name} park={slug} files={len(done.files)} "
        f"warnings={sum(p.severity == 'warning' for p in problems)} "
        + (f"outside_boundary={','.join(outside)} " if outside else "")
        + f"report={folder / 'report.html'}"
    )
    if strict and problems:
        raise typer.Exit(1)


@app.command("compare")
def compare_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="Two or more scenario YAML files.", show_default=False)
    ],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("compare"),
    quiet: Quiet = False,
    log_file: LogFile = None,
    strict: Strict = False,
) -> None:
    """Run scenarios and write OUT/compare.csv, OUT/compare.html and OUT/compare_map.html.

    Each scenario's own outputs go to OUT/<scenario name>/<park>/ (as eipgeo run writes
    them); the log of the stages to OUT/eipgeo-compare.log unless --log-file names
    another file.
    """
    found: dict[str, int] = {}

    def run() -> list[Path]:
        if len(files) < 2:  # noqa: PLR2004
            raise UsageError("compare needs at least two scenario files")
        with reporting(
            f"compare {len(files)} scenarios", quiet=quiet, log_file=log_file or out / COMPARE_LOG
        ) as rep:
            with stage("reading scenarios"):
                specs = [load_scenario(f) for f in files]
            names = [write.safe_name(s.name) for s in specs]
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:
                raise UsageError(
                    f"scenario name(s) {', '.join(twice)} are used by more than one file; "
                    "give each scenario its own 'name:' so their outputs do not collide"
                )
            runs = []
            for i, spec in enumerate(specs, start=1):
                with stage(f"scenario '{spec.name}' ({i}/{len(specs)})"):
                    runs.append(run_scenario(spec))
                    folder = write.write_scenario_run(runs[-1], out, view="firm")
                found[spec.name] = len(runs[-1].result.problems)
                print_problems(runs[-1].result.problems, folder / "problems.csv")
            with stage("writing the comparison"):
                table = compare_table(runs)
                atomic_write_csv(out / "compare.csv", table)
                written = [out / "compare.csv", *report.write_compare(runs, table, out)]
        if not quiet:
            typer.echo(rep.summary_line(), err=True)
        return written

    written = _guard(run)
    typer.echo(f"files={','.join(str(f) for f in written)}")
    if strict and any(found.values()):
        raise typer.Exit(1)
