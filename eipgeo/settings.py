"""Global settings, read at call time.

Change a value after import and every later call sees it, the way ``osmnx.settings``
works::

    import eipgeo
    eipgeo.settings.data_dir = "/path/to/a/richer/data"
    eipgeo.settings.allow_network = True

Attributes
----------
data_dir
    Optional folder of richer data laid out like the package's data folder (``osm/``,
    ``admin/``, ``legal/``): a file there overrides the bundled file of the same name
    (:func:`eipgeo.data.data_file`). ``None`` means "use the environment variable
    ``EIPGEO_DATA_DIR``"; with neither set, the bundled data is used. See
    :func:`resolve_data_dir`.
cache_dir
    Folder for downloads and derived caches. ``None`` means ``EIPGEO_CACHE_DIR`` or,
    failing that, ``~/.cache/eipgeo``.
allow_network
    Whether eipgeo may touch the network (osmnx downloads). Off by default; the
    environment variable ``EIPGEO_ALLOW_NETWORK=1`` turns it on.
snap_tolerance_m
    Largest accepted distance, in metres, from a site to the road node it snaps to.
seed
    Default random seed for the solvers.
parks_path
    Extra folders searched for park slugs (after the bundled parks), each either a park
    folder itself (it holds ``park.json``) or a folder of park folders. ``None`` means
    the environment variable ``EIPGEO_PARKS_PATH`` (folders separated by ``os.pathsep``,
    ``:`` on Linux); see :func:`resolve_parks_path`.
boundary_tolerance_m
    How far, in metres, a site with its own coordinates may lie outside its park's
    boundary before it is a problem (``outside_boundary``) and is left out of routing.
    Default 50 m: a declared allowance for plot points taken at a gate on the boundary
    road and for consumer GPS error (a few metres to tens of metres); unverified.
depot_opens
    When a park's depot (garage) opens, ``HH:MM``, for a park whose ``park.json`` gives no
    ``depot_opens``: the first truck leaves then, and the park job's timetables
    (``stops.csv``, ``routes.csv``, ``hazardous_timetable.csv``, the report) start at it.
    Default ``07:00``, a typical day-shift start: unverified (no Vietnamese source found
    for the hour industrial-park collection starts; Bac Ninh's Decision effective
    1 Feb 2026 bars waste trucks from urban areas 06:00-08:00 and 16:30-18:30, a rule for
    cities, not parks). Read at call time by :func:`depot_opening_s`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from eipgeo._errors import UsageError

data_dir: Path | str | None = None
cache_dir: Path | str | None = None
allow_network: bool | None = None
snap_tolerance_m: float = 250.0
seed: int = 42
parks_path: list[Path | str] | None = None
boundary_tolerance_m: float = 50.0
depot_opens: str = "07:00"


def resolve_data_dir() -> Path | None:
    """Return the external data folder in force now, or ``None`` when none is set.

    Returns
    -------
    pathlib.Path or None
        ``settings.data_dir`` when set, else ``$EIPGEO_DATA_DIR`` when set, else ``None``.
        The folder is not checked for existence here; readers name the missing file.
    """
    value = data_dir if data_dir is not None else os.environ.get("EIPGEO_DATA_DIR")
    if value is None or str(value).strip() == "":
        return None
    return Path(value).expanduser()


def resolve_cache_dir() -> Path:
    """Return the cache folder in force now (created on first use by writers).

    Returns
    -------
    pathlib.Path
        ``settings.cache_dir``, else ``$EIPGEO_CACHE_DIR``, else ``~/.cache/eipgeo``.
    """
    value = cache_dir if cache_dir is not None else os.environ.get("EIPGEO_CACHE_DIR")
    if value:
        return Path(value).expanduser()
    return Path.home() / ".cache" / "eipgeo"


def network_allowed() -> bool:
    """Return whether network access is allowed now.

    Returns
    -------
    bool
        ``settings.allow_network`` when set, else whether ``$EIPGEO_ALLOW_NETWORK`` is
        ``1``, ``true`` or ``yes``. Default ``False``.
    """
    if allow_network is not None:
        return bool(allow_network)
    return os.environ.get("EIPGEO_ALLOW_NETWORK", "").strip().lower() in {"1", "true", "yes"}


def resolve_parks_path() -> list[Path]:
    """Return the extra park folders in force now, in search order.

    Returns
    -------
    list of pathlib.Path
        ``settings.parks_path`` when set, else the entries of ``$EIPGEO_PARKS_PATH``
        (split on ``os.pathsep``; empty entries ignored), else ``[]``. Folders are not
        checked here; :func:`eipgeo.parks.find_parks` says which are missing.
    """
    if parks_path is not None:
        return [Path(p).expanduser() for p in parks_path]
    value = os.environ.get("EIPGEO_PARKS_PATH", "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


DEPOT_OPENS_FORMAT = "HH:MM from 00:00 to 23:59, e.g. 07:30"
"""How a depot opening hour is written (``park.json`` ``depot_opens``, ``settings.depot_opens``)."""


def opening_s(text: object) -> float:
    """Return seconds from midnight for a depot opening hour ``HH:MM``.

    Parameters
    ----------
    text
        ``HH:MM`` (or ``HH:MM:SS``), 00:00 to 23:59.

    Returns
    -------
    float
        Seconds from midnight of the plan day.

    Raises
    ------
    ValueError
        ``text`` is not such a time (``7h``, ``25:00``, ``24:00``, ``07:00+1d``), with the
        value and the expected format.
    """
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*", str(text))
    h, m, sec = (int(g or 0) for g in match.groups()) if match else (99, 0, 0)
    if h > 23 or m > 59 or sec > 59:
        message = f"{str(text)!r} is not an opening hour; write {DEPOT_OPENS_FORMAT}"
        raise ValueError(message)
    return h * 3600.0 + m * 60.0 + sec


def depot_opening_s() -> float:
    """Return the default depot opening hour in force now, s from midnight.

    Returns
    -------
    float
        ``settings.depot_opens`` read now, in s from midnight.

    Raises
    ------
    eipgeo._errors.UsageError
        ``settings.depot_opens`` is not ``HH:MM`` (naming the setting and its value).
    """
    try:
        return opening_s(depot_opens)
    except ValueError as exc:
        raise UsageError(f"eipgeo.settings.depot_opens: {exc}") from None
