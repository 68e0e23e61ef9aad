"""The public readers of a planner's files: enterprises, streams, facilities, boundaries.

Each reads a file with :func:`eipgeo.io.tables.read_table` (any encoding, separator and
decimal mark), checks every row with :mod:`eipgeo.io.checks`, and returns the frame with
the problems found, never in a side channel: the ``check_*_file`` functions return a
:class:`Checked` (frame and warnings) and raise :class:`~eipgeo.ValidationError` listing
every error; the ``read_*`` functions return the frame alone and issue each warning as a
Python warning.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from eipgeo._errors import Problem, ValidationError
from eipgeo.io import checks
from eipgeo.io.tables import read_table


@dataclass(frozen=True)
class Checked:
    """A file read and checked: its frame and the warnings found.

    Attributes
    ----------
    frame
        Canonical columns (:data:`eipgeo.io.tables.COLUMN_ALIASES`), one row per input row
        kept; a GeoDataFrame in EPSG:4326 for located kinds.
    problems
        The warnings (errors raise instead), each naming file, row and column.
    file
        The path as given.
    """

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    file: str = ""


def _checked(
    frame: pd.DataFrame, problems: list[Problem], file: str, *, strict: bool, what: str
) -> Checked:
    errors = [p for p in problems if p.severity == "error" or strict]
    if errors:
        lead = next((p for p in errors if p.code == "no_coordinates"), errors[0])
        msg = f"{len(errors)} problem(s) in the {what} file; {lead.to_line()}"
        raise ValidationError(msg, problems)
    return Checked(frame, list(problems), file)


def _warned(checked: Checked) -> Any:
    for p in checked.problems:
        warnings.warn(p.to_line(), UserWarning, stacklevel=3)
    return checked.frame


def check_enterprises_file(
    path: str | Path,
    *,
    crs: Any = None,
    boundary: str | Path | None = None,
    drop_unlocated: bool = False,
    strict: bool = False,
) -> Checked:
    """Read and check an enterprise table; return its points (EPSG:4326) and warnings.

    Parameters
    ----------
    path
        CSV, XLSX, GeoJSON, GPKG, Shapefile or GeoParquet. Tables need ``id`` and either
        ``lat``/``lon`` (degrees) or ``x_m``/``y_m`` (metres, CRS from ``crs`` or a
        ``crs`` column). Column names may be Vietnamese
        (:data:`eipgeo.io.tables.COLUMN_ALIASES`).
    crs
        CRS of ``x_m``/``y_m`` or of a geo file that declares none (or mislabels it).
    boundary
        Optional park boundary file; enterprises outside it are errors.
    drop_unlocated
        Drop rows without usable coordinates (blank, partial, (0, 0)) with a warning
        each, instead of stopping; stop only if no row is left.
    strict
        Treat warnings as errors.

    Returns
    -------
    Checked
        ``frame``: one row per enterprise, canonical columns, ``lat``/``lon`` float
        degrees, EPSG:4326 points; ``problems``: the warnings.

    Raises
    ------
    InputReadError
        The file cannot be read (exit code 2).
    ValidationError
        Errors were found; ``problems`` lists every one (exit code 1).
    """
    table = read_table(path)
    gdf, problems = checks.check_enterprises(
        table, crs=crs, boundary=boundary, drop_unlocated=drop_unlocated
    )
    return _checked(gdf, problems, table.file, strict=strict, what="enterprise")


def read_enterprises(
    path: str | Path,
    *,
    crs: Any = None,
    boundary: str | Path | None = None,
    drop_unlocated: bool = False,
    strict: bool = False,
) -> gpd.GeoDataFrame:
    """Read and check an enterprise table, returning points in EPSG:4326.

    As :func:`check_enterprises_file` (same parameters), but returns the frame alone and
    issues each warning as a :class:`UserWarning`.

    Parameters
    ----------
    path, crs, boundary, drop_unlocated, strict
        See :func:`check_enterprises_file`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per enterprise, EPSG:4326 points.

    Raises
    ------
    InputReadError, ValidationError
        As :func:`check_enterprises_file`.
    """
    frame: gpd.GeoDataFrame = _warned(
        check_enterprises_file(
            path, crs=crs, boundary=boundary, drop_unlocated=drop_unlocated, strict=strict
        )
    )
    return frame


def check_streams_file(path: str | Path, *, strict: bool = False) -> Checked:
    """Read and check measured waste streams (RECP assessment output).

    Columns: ``enterprise_id``, ``waste_code``, ``qty_t_per_year``, ``year``, ``source``.

    Parameters
    ----------
    path
        Any table :func:`eipgeo.io.tables.read_table` reads.
    strict
        Treat warnings as errors.

    Returns
    -------
    Checked
        The streams and the warnings.

    Raises
    ------
    InputReadError, ValidationError
        As :func:`check_enterprises_file`.
    """
    table = read_table(path)
    problems = checks.check_streams(table)
    return _checked(pd.DataFrame(table.frame), problems, table.file, strict=strict, what="streams")


def read_streams(path: str | Path, *, strict: bool = False) -> pd.DataFrame:
    """Read measured waste streams; see :func:`check_streams_file` (warnings issued).

    Parameters
    ----------
    path, strict
        See :func:`check_streams_file`.

    Returns
    -------
    pandas.DataFrame
        One row per stream.

    Raises
    ------
    InputReadError, ValidationError
        As :func:`check_streams_file`.
    """
    frame: pd.DataFrame = _warned(check_streams_file(path, strict=strict))
    return frame


def check_facilities_file(path: str | Path, *, crs: Any = None, strict: bool = False) -> Checked:
    """Read and check treatment or disposal facilities.

    Columns: ``id``, ``name``, ``kind``, ``accepts``, ``waste_codes``,
    ``capacity_t_per_day``, ``gate_fee_vnd_per_t``, ``licence`` and a location as for
    enterprises.

    Parameters
    ----------
    path, crs, strict
        As :func:`check_enterprises_file`.

    Returns
    -------
    Checked
        The facilities (EPSG:4326 points) and the warnings.

    Raises
    ------
    InputReadError, ValidationError
        As :func:`check_enterprises_file`.
    """
    table = read_table(path)
    gdf, problems = checks.check_facilities(table, crs=crs)
    return _checked(gdf, problems, table.file, strict=strict, what="facilities")


def read_facilities(path: str | Path, *, crs: Any = None, strict: bool = False) -> gpd.GeoDataFrame:
    """Read treatment or disposal facilities; see :func:`check_facilities_file`.

    Parameters
    ----------
    path, crs, strict
        See :func:`check_facilities_file`.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 points.

    Raises
    ------
    InputReadError, ValidationError
        As :func:`check_facilities_file`.
    """
    frame: gpd.GeoDataFrame = _warned(check_facilities_file(path, crs=crs, strict=strict))
    return frame


def check_boundary_file(path: str | Path, *, strict: bool = False) -> Checked:
    """Read a park boundary (polygons), repairing invalid ones with ``make_valid``.

    Parameters
    ----------
    path
        GeoJSON, GPKG, Shapefile, GeoParquet, or a table with a ``wkt`` column.
    strict
        Treat warnings (every repair is one) as errors.

    Returns
    -------
    Checked
        EPSG:4326 polygons and the warnings.

    Raises
    ------
    InputReadError, ValidationError
        As :func:`check_enterprises_file`.
    """
    table = read_table(path)
    gdf, problems = checks.check_boundary(table)
    return _checked(gdf, problems, table.file, strict=strict, what="boundary")


def read_boundary(path: str | Path, *, strict: bool = False) -> gpd.GeoDataFrame:
    """Read a park boundary; see :func:`check_boundary_file` (warnings issued).

    Parameters
    ----------
    path, strict
        See :func:`check_boundary_file`.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 polygons.

    Raises
    ------
    InputReadError, ValidationError
        As :func:`check_boundary_file`.
    """
    frame: gpd.GeoDataFrame = _warned(check_boundary_file(path, strict=strict))
    return frame
