"""``eipgeo monitor PARK_OR_SCENARIO (--results FILE | --db URL_OR_FILE)``: progress of results.

With ``--db``, the records are the park's current records in a store (:mod:`eipgeo.store`),
read into the frame that ``--results`` gives, and the run's key results are kept in it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eipgeo.cli._app import _guard, app

if TYPE_CHECKING:
    import pandas as pd


def _target(target: str) -> tuple[object, object, list[str]]:
    """Return the park, the promises (or None) and notes for a park slug or scenario file."""
    from eipgeo import parks, scenarios
    from eipgeo._errors import UsageError

    path = Path(target)
    if path.suffix.lower() in (".yaml", ".yml"):
        spec = scenarios.load_scenario(path)
        park = scenarios.park_for_scenario(spec)
        from eipgeo import interventions

        return park, interventions.promises(spec), []
    if target in parks.list_parks() or (path / "park.json").is_file():
        return parks.load_park(target), None, []
    msg = (f"'{target}' is neither a bundled park ({', '.join(parks.list_parks())}) nor a "
           "scenario file (.yaml); give a park slug or a scenario file")
    raise UsageError(msg)


def _need_results(results: Path | None) -> Path:
    from eipgeo._errors import UsageError

    if results is None:
        raise UsageError("give the monitored results: --results FILE, or --db URL_OR_FILE "
                         "for a store loaded with `eipgeo db load`")
    return results


def _store_records(db: str, results: Path | None, park_slug: str) -> pd.DataFrame:
    """Read the park's current records from the store (issue 25)."""
    from eipgeo._errors import UsageError
    from eipgeo.store import api

    if results is not None:
        raise UsageError("give either --results FILE or --db URL_OR_FILE, not both")
    return api.read_records(db, park_slug)


@app.command("monitor")
def monitor_cmd(
    target: Annotated[str, typer.Argument(
        metavar="PARK_OR_SCENARIO", help="A bundled park slug or a scenario YAML file.",
        show_default=False)],
    results: Annotated[Path | None, typer.Option(
        "--results", help="Monitored results (CSV or XLSX; template: "
                          "eipgeo/data/templates/monitoring.csv).", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("runs"),
    on_track_pct: Annotated[float, typer.Option(
        "--on-track-pct", help="Share of the promised t/yr that counts as on track (%).",
        min=0)] = 100.0,
    db: Annotated[str | None, typer.Option(
        "--db", metavar="URL_OR_FILE", help="Read the park's current records from a store "
        "(eipgeo db) instead of --results: a .gpkg path or a postgresql:// URL.",
        show_default=False)] = None,
) -> None:
    """Progress against the baseline and the promises; writes OUT/<park>/monitoring/."""
    import pandas as pd

    from eipgeo import monitoring, monitoring_sheet
    from eipgeo.parks import Park

    def run() -> tuple[monitoring.MonitoringResult, list[Path]]:
        park, promises, notes = _target(target)
        assert isinstance(park, Park)
        facility_ids = list(park.facilities.get("id", pd.Series(dtype=str)).astype(str))
        baseline = monitoring.baseline_streams(park)
        known = set(park.enterprises.get("id", [])) | set(baseline["site_id"].astype(str))
        if db is not None:  # --db (issue 25): the store's current records, same frame
            rows = _store_records(db, results, park.slug)
        else:
            rows = monitoring.read_results(_need_results(results), site_ids=known,
                                           partner_ids=facility_ids)
        res = monitoring.monitor(park, rows, promises,  # type: ignore[arg-type]
                                 baseline=baseline, on_track_pct=on_track_pct)
        res.notes[:0] = notes
        files = monitoring_sheet.write_monitoring(res, out)
        if db is not None:
            from eipgeo.store import api

            api.record_run(db, res, target_name=target, out_dir=out, on_track_pct=on_track_pct,
                           promises=promises)  # type: ignore[arg-type]
        return res, files

    res, files = _guard(run)
    for note in res.notes:
        typer.echo(f"warning: {note}", err=True)
    last = res.park.iloc[-1]
    change = float(last["change_pct"])
    latest = res.intervention[res.intervention["year"] == last["year"]]
    counts = latest["status"].value_counts().sort_index()
    status_text = ",".join(f"{k}:{v}" for k, v in counts.items()) or "none"
    typer.echo(f"park={res.park_slug} years={len(res.park)} "
               f"({int(res.park['year'].min())}-{int(last['year'])}) "
               f"baseline_t_per_yr={float(last['baseline_t_per_yr']):.1f} "
               f"monitored_t_per_yr={float(last['monitored_t_per_yr']):.1f} "
               f"change_pct={'n/a' if math.isnan(change) else f'{change:.2f}'} "
               f"interventions={latest['intervention_id'].nunique()} "
               f"status={status_text} files={len(files)} out={files[0].parent}")
