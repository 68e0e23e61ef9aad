"""Atomic output writing: a failed run leaves earlier outputs intact."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from eipgeo._text import nfc


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def nfc_frame(frame: Any) -> Any:
    """Return ``frame`` with its column names and text cells in Unicode NFC.

    eipgeo reads every text as NFC (:func:`eipgeo._text.nfc`); what it writes back is NFC
    too, so a name from a Windows-1258 file or a decomposed (NFD) park file comes out the
    way other programs compare it.

    Parameters
    ----------
    frame
        A (Geo)DataFrame.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        A copy when anything changed, else ``frame`` itself.
    """
    changed = False
    out = frame
    names = {c: nfc(c) for c in frame.columns if isinstance(c, str) and nfc(c) != c}
    if names:
        out, changed = out.rename(columns=names), True
    for col in out.columns:
        series = out[col]
        if series.dtype != object and not pd.api.types.is_string_dtype(series):
            continue
        fixed = series.map(lambda v: nfc(v) if isinstance(v, str) else v)
        if not fixed.equals(series):
            if not changed:
                out, changed = out.copy(), True
            out[col] = fixed
    return out


def atomic_write_csv(path: Path, frame: pd.DataFrame) -> None:
    """Write ``frame`` as UTF-8 CSV (no index, text in NFC: :func:`nfc_frame`) atomically."""
    atomic_write_text(path, nfc_frame(frame).to_csv(index=False))


GPKG_RESERVED = ("fid", "geom")
"""Column names a GeoPackage keeps for itself: the feature id (unique integers) and the
geometry column. An attribute of either name cannot be written as it is."""


def gpkg_safe_columns(frame: Any) -> Any:
    """Return ``frame`` with attribute columns GeoPackage reserves renamed ``source_<name>``.

    An attribute ``fid`` (text, or integers that repeat) or ``geom`` (case-insensitive)
    makes GDAL refuse the whole layer. Its values are kept under ``source_fid`` /
    ``source_geom`` (``source_fid_2``... when that name is taken); the active geometry
    column is left alone.

    Parameters
    ----------
    frame
        A (Geo)DataFrame about to be written to a GeoPackage.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        ``frame`` itself when nothing is reserved, else a renamed copy.
    """
    geometry = getattr(frame, "_geometry_column_name", None)
    taken = {str(c).lower() for c in frame.columns}
    renames = {}
    for col in frame.columns:
        if col == geometry or str(col).lower() not in GPKG_RESERVED:
            continue
        new, k = f"source_{str(col).lower()}", 1
        while new.lower() in taken:
            k += 1
            new = f"source_{str(col).lower()}_{k}"
        taken.add(new.lower())
        renames[col] = new
    return frame.rename(columns=renames) if renames else frame


def atomic_write_gpkg(
    layers: dict[str, Any], path: Path, *, before_rename: Callable[[Path], None] | None = None
) -> None:
    """Write GeoDataFrames as the layers of one GeoPackage, atomically.

    The file is built beside ``path`` and renamed into place, so a failed write leaves an
    earlier file intact.

    Parameters
    ----------
    layers
        Layer name to GeoDataFrame (any CRS; written as is, but for attribute columns
        GeoPackage reserves, renamed by :func:`gpkg_safe_columns`, and text in NFC).
    path
        The ``.gpkg`` file.
    before_rename
        Called with the temporary file once the layers are in it (e.g. to add QGIS's
        ``layer_styles``), before it is renamed into place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".gpkg")
    os.close(fd)
    Path(tmp).unlink()
    try:
        for layer, frame in layers.items():
            nfc_frame(gpkg_safe_columns(frame)).to_file(tmp, layer=layer, driver="GPKG")
        if before_rename is not None:
            before_rename(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def staged_folder(final: Path) -> Iterator[Path]:
    """Build a folder beside ``final`` and put it in place only when the block succeeds.

    The block builds the new folder at ``staging / final.name``, where ``staging`` is the
    yielded folder (``.<name>.staging-*`` in ``final``'s parent, so the swap is a rename
    on one file system; writers that write ``OUT/<name>/...`` take ``staging`` as their
    ``OUT``). On success the old ``final`` (if any) is moved aside, the new one renamed to
    ``final`` and the old one deleted: a reader never sees a half-written folder, and on
    failure ``final`` is left exactly as it was. A staging folder left behind by a run that
    was killed (its ``pid`` file names a process that no longer runs) is deleted first.

    Parameters
    ----------
    final
        The folder to (re)place.

    Yields
    ------
    pathlib.Path
        The staging parent; build the folder at ``staging / final.name``.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{final.name}.staging-"
    _remove_stale_staging(final.parent, prefix)
    staging = Path(tempfile.mkdtemp(dir=final.parent, prefix=prefix))
    os.chmod(staging, 0o777 & ~_umask())
    (staging / _PID_FILE).write_text(str(os.getpid()), encoding="ascii")
    try:
        yield staging
        built = staging / final.name
        built.mkdir(exist_ok=True)
        os.chmod(built, 0o777 & ~_umask())
        old = staging / ".old"
        if final.exists():
            os.replace(final, old)
        try:
            os.replace(built, final)
        except BaseException:
            if old.exists():
                os.replace(old, final)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


_PID_FILE = ".pid"


def _remove_stale_staging(parent: Path, prefix: str) -> None:
    """Delete the staging folders under ``parent`` whose writing process has gone."""
    for folder in parent.glob(f"{prefix}*"):
        try:
            pid = int((folder / _PID_FILE).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not ours, or still being set up: leave it
        if not _process_runs(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: running
    return True


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
