"""Export a park's records from the store: a monitoring file, or a styled GeoPackage.

:func:`export_records` writes the current records (or every version) as the monitoring
template plus their provenance, which loads again as it is, or a GeoPackage holding the
enterprises (every version, with the map's QGIS style) and the records.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection

from eipgeo._atomic import atomic_write_bytes, atomic_write_csv
from eipgeo._errors import UsageError
from eipgeo.outputs import qgis_styles as styles
from eipgeo.store.api import _T_ENT, _T_REC, _park_id, _require_schema, open_store

__all__ = ["export_records"]


def _iso(moment: Any) -> str | None:
    """Return a moment as GeoPackage's ISO 8601 UTC text (``...T04:07:00.000Z``), or None."""
    if moment is None or pd.isna(moment):
        return None
    return str(pd.Timestamp(moment).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%S.%f"))[:-3] + "Z"


def _history(conn: Connection, park_id: int) -> pd.DataFrame:
    t = _T_REC
    rows = conn.execute(
        sa.select(
            t.c.id,
            t.c.year,
            t.c.site_id,
            t.c.record,
            t.c.waste_code,
            t.c.intervention_id,
            t.c.partner_id,
            t.c.quantity_t,
            t.c.note,
            t.c.loaded_by,
            t.c.loaded_at,
            t.c.source_file,
            t.c.source_row,
            t.c.load_id,
            t.c.superseded_by,
            t.c.superseded_at,
        )
        .where(t.c.park_id == park_id)
        .order_by(t.c.year, t.c.source_row, t.c.id)
    ).all()
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=[
            "record_id",
            "year",
            "site_id",
            "record",
            "waste_code",
            "intervention_id",
            "partner_id",
            "quantity_t",
            "note",
            "loaded_by",
            "loaded_at",
            "source_file",
            "source_row",
            "load_id",
            "superseded_by",
            "superseded_at",
        ],
    )
    for col in ("loaded_at", "superseded_at"):
        frame[col] = [_iso(v) for v in frame[col]]
    return frame


def export_records(
    target: str | Path, park_slug: str, out: str | Path, *, history: bool = False
) -> Path:
    """Write a park's records as a monitoring file, or as a styled GeoPackage.

    Parameters
    ----------
    target
        The store.
    park_slug
        The park.
    out
        ``*.csv`` or ``*.xlsx``: the current records in the template's columns, followed by
        their provenance (``loaded_by``, ``loaded_at``, ``source_file``, ``source_row``);
        the file loads again as it is (``eipgeo monitor --results`` and ``eipgeo db load``
        ignore the extra columns). ``*.gpkg``: layer ``enterprises`` (points, every
        version, with the map's default style) and table ``monitoring_records``.
    history
        Also write superseded records (CSV/XLSX; a GeoPackage always has every version),
        with ``record_id``, ``superseded_by`` and ``superseded_at``.

    Returns
    -------
    pathlib.Path
        The file written (atomically).

    Raises
    ------
    UsageError
        ``out`` is not ``.csv``, ``.xlsx`` or ``.gpkg``.
    ValidationError
        The store has no records of ``park_slug``.
    """
    dest = Path(out)
    suffix = dest.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".gpkg"):
        raise UsageError(f"{dest}: export to a .csv, .xlsx or .gpkg file")
    store = open_store(target)
    try:
        with store.engine.connect() as conn:
            _require_schema(conn, store.label)
            park_id = _park_id(conn, store.label, park_slug)
            frame = _history(conn, park_id)
            ents = _enterprise_history(conn, park_id) if suffix == ".gpkg" else None
    finally:
        store.close()
    if suffix == ".gpkg":
        assert ents is not None
        _write_export_gpkg(dest, frame, ents)
        return dest
    if not history:
        frame = frame[frame["superseded_at"].isna()].drop(
            columns=["record_id", "load_id", "superseded_by", "superseded_at"]
        )
    if suffix == ".csv":
        atomic_write_csv(dest, frame)
    else:
        import io as _stdio

        buf = _stdio.BytesIO()
        frame.to_excel(buf, index=False, sheet_name="data")
        atomic_write_bytes(dest, buf.getvalue())
    return dest


def _enterprise_history(conn: Connection, park_id: int) -> Any:
    import geopandas as gpd

    t = _T_ENT
    rows = conn.execute(
        sa.select(
            t.c.id,
            t.c.site_id,
            t.c.name,
            t.c.sector,
            t.c.isic4_class,
            t.c.location_quality,
            t.c.valid_from,
            t.c.superseded_by,
            t.c.superseded_at,
            t.c.loaded_by,
            t.c.source_file,
            t.c.source_row,
            t.c.geom,
        )
        .where(t.c.park_id == park_id)
        .order_by(t.c.site_id, t.c.id)
    ).all()
    cols = [
        "enterprise_row_id",
        "site_id",
        "name",
        "sector",
        "isic4_class",
        "location_quality",
        "valid_from",
        "superseded_by",
        "superseded_at",
        "loaded_by",
        "source_file",
        "source_row",
    ]
    frame = pd.DataFrame([tuple(r)[:-1] for r in rows], columns=cols)
    for col in ("valid_from", "superseded_at"):
        frame[col] = [_iso(v) for v in frame[col]]
    frame["superseded_by"] = frame["superseded_by"].astype("Int64")
    return gpd.GeoDataFrame(frame, geometry=[r[-1] for r in rows], crs=4326)


def _write_export_gpkg(dest: Path, records: pd.DataFrame, ents: Any) -> None:
    import tempfile

    import pyogrio

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".gpkg")
    os.close(fd)
    Path(tmp).unlink()
    try:
        if len(ents):
            ents.to_file(tmp, layer="enterprises", driver="GPKG")
        pyogrio.write_dataframe(
            records.replace({np.nan: None}), tmp, layer="monitoring_records", driver="GPKG"
        )
        if len(ents):
            styles.write_gpkg_styles(
                tmp,
                [
                    styles.LayerStyleRow(
                        "enterprises",
                        "geom",
                        "eipgeo enterprises",
                        styles.enterprises_qml(),
                        "eipgeo: enterprises by sector, as on the map",
                        "Point",
                    )
                ],
            )
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
