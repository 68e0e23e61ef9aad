"""``eipgeo monitor PARK_OR_SCENARIO (--results FILE | --db URL_OR_FILE)``: progress of results.

With ``--db``, the records are the park's current records in a store (:mod:`eipgeo.store`),
read into the frame that ``--results`` gives, and the run's key results are kept in it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from eipgeo import parks, store
from eipgeo._errors import UsageError
from eipgeo.cli._app import _guard, app
from eipgeo.outputs import monitoring as monitoring_sheet
from eipgeo.scenario.apply import park_for_scenario
from eipgeo.scenario.interventions import promises
from eipgeo.scenario.monitoring import MonitoringResult, monitor, monitor_file
from eipgeo.scenario.schema import load_scenario


def _target(target: str) -> tuple[parks.Park, pd.DataFrame | None]:
    """Return the park and the promises (or None) of a park slug or folder, or a scenario file."""
    path = Path(target)
    if path.suffix.lower() in (".yaml", ".yml"):
        spec = load_scenario(path)
        return park_for_scenario(spec), promises(spec)
    folder = parks.find_park(target)
    if folder is not None:
        return parks.load_park(folder), None
    msg = (
        f"'{target}' is neither a park (slug: {', '.join(e.slug for e in parks.find_parks())}), "
        "a park folder nor a scenario file (.yaml); give a park slug or folder, or a "
        "scenario file"
    )
    raise UsageError(msg)


@app.command("monitor")
def monitor_cmd(
    target: Annotated[
        str,
        typer.Argument(
            metavar="PARK_OR_SCENARIO",
            help="A park slug or folder, or a scenario YAML file.",
            show_default=False,
        ),
    ],
    results: Annotated[
        Path | None,
        typer.Option(
            "--results",
            help="Monitored results (CSV or XLSX; template: eipgeo/data/templates/monitoring.csv).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("runs"),
    on_track_pct: Annotated[
        float,
        typer.Option(
            "--on-track-pct", help="Share of the promised t/yr that counts as on track (%).", min=0
        ),
    ] = 100.0,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL_OR_FILE",
            help="Read the park's current records from a store (eipgeo db) instead of "
            "--results: a .gpkg path or a postgresql:// URL.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Progress against the baseline and the promises; writes OUT/<park>/monitoring/."""

    def run() -> tuple[MonitoringResult, list[Path]]:
        if results is not None and db is not None:
            raise UsageError("give either --results FILE or --db URL_OR_FILE, not both")
        if results is None and db is None:
            raise UsageError(
                "give the monitored results: --results FILE, or --db URL_OR_FILE for a store "
                "loaded with `eipgeo db load`"
            )
        park, promised = _target(target)
        if db is not None:  # the store's current records, as --results would give them
            res = monitor(
                park, store.read_records(db, park.slug), promised, on_track_pct=on_track_pct
            )
        else:
            assert results is not None
            res = monitor_file(park, results, promised, on_track_pct=on_track_pct)
        files = monitoring_sheet.write_monitoring(res, out)
        if db is not None:
            store.record_run(
                db,
                res,
                target_name=target,
                out_dir=out,
                on_track_pct=on_track_pct,
                promises=promised,
            )
        return res, files

    res, files = _guard(run)
    for note in res.notes:
        typer.echo(f"warning: {note}", err=True)
    last = res.park.iloc[-1]
    change = float(last["change_pct"])
    latest = res.intervention[res.intervention["year"] == last["year"]]
    counts = latest["status"].value_counts().sort_index()
    status_text = ",".join(f"{k}:{v}" for k, v in counts.items()) or "none"
    typer.echo(
        f"park={res.park_slug} years={len(res.park)} "
        f"({int(res.park['year'].min())}-{int(last['year'])}) "
        f"baseline_t_per_yr={float(last['baseline_t_per_yr']):.1f} "
        f"monitored_t_per_yr={float(last['monitored_t_per_yr']):.1f} "
        f"change_pct={'n/a' if math.isnan(change) else f'{change:.2f}'} "
        f"interventions={latest['intervention_id'].nunique()} "
        f"status={status_text} files={len(files)} out={files[0].parent}"
    )
