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
"""

from __future__ import annotations

import os
from pathlib import Path

data_dir: Path | str | None = None
cache_dir: Path | str | None = None
allow_network: bool | None = None
snap_tolerance_m: float = 250.0
seed: int = 42
parks_path: list[Path | str] | None = None
boundary_tolerance_m: float = 50.0


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
