"""The data bundled with eipgeo, and the one resolver of data files.

The folder holds eipgeo's own sourced tables (coefficients, waste catalogue, sector
profiles, symbiosis catalogue, EIP criteria, templates), the bundled parks (``parks/``)
and reduced copies of the external layers (``osm/``, ``admin/``, ``legal/``); its
``README.md`` gives every file's source, reduction and licence.

:func:`data_file` is how every stage finds a data file: a richer folder named by
``settings.data_dir`` / ``EIPGEO_DATA_DIR`` wins file by file, the bundled copy fills in.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from eipgeo import settings
from eipgeo._errors import DataNotFoundError

BUNDLED_DATA_DIR = Path(str(resources.files(__name__)))
"""The package's data folder: tables, the bundled parks and the reduced external layers."""

PARKS_DIR = BUNDLED_DATA_DIR / "parks"
"""Folder of the bundled parks (``eipgeo/data/parks``; linked from the repo as ``data/parks``)."""

EXAMPLES_DIR = BUNDLED_DATA_DIR / "examples"
"""Example inputs of the tutorials (``own_park/``: a boundary and a synthetic tenant list)."""


def data_file(relative: str) -> Path:
    """Return the data file ``relative`` (e.g. ``osm/programme_parks.geojson``).

    The folder of ``settings.data_dir`` / ``EIPGEO_DATA_DIR``, when one is set, is
    looked in first: a richer folder laid out like the package's data folder overrides
    the bundled file of the same name. Otherwise, or when that folder lacks the file,
    the package's bundled copy is used (``eipgeo/data/<relative>``).

    Parameters
    ----------
    relative
        Path inside a data folder, with ``/`` separators.

    Returns
    -------
    pathlib.Path
        An existing file.

    Raises
    ------
    DataNotFoundError
        The data folder that is set does not exist, or neither it nor the package has
        the file; the message names both places.
    """
    root = settings.resolve_data_dir()
    if root is not None:
        if not root.is_dir():
            msg = (
                f"EIPGEO_DATA_DIR (or eipgeo.settings.data_dir) is {root}, which is not a "
                "folder; point it at a folder laid out like eipgeo/data (osm/, admin/, "
                "legal/), or unset it to use the bundled data"
            )
            raise DataNotFoundError(msg)
        path = root / relative
        if path.is_file():
            return path
    bundled = BUNDLED_DATA_DIR / relative
    if bundled.is_file():
        return bundled
    where = f"{root / relative} nor " if root is not None else ""
    msg = (
        f"{relative} is not in the data: neither {where}the bundled {bundled} exists; "
        "reinstall eipgeo, or set EIPGEO_DATA_DIR to a folder that has it"
    )
    raise DataNotFoundError(msg)


def packaged_csv_text(name: str) -> str:
    """Return the text of one of eipgeo's own tables (``eipgeo/data/<name>``, UTF-8).

    Parameters
    ----------
    name
        File name inside the package's data folder, e.g. ``coefficients.csv``. The bundled
        copy is always read; ``settings.data_dir`` does not override it.

    Returns
    -------
    str
        The whole file.

    Raises
    ------
    FileNotFoundError
        The package has no such file.
    """
    return (BUNDLED_DATA_DIR / name).read_text(encoding="utf-8")
