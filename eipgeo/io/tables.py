"""The one table reader: every file a planner brings is read here.

CSV, XLSX, GeoJSON, GeoPackage, Shapefile and GeoParquet are read by

:func:`read_table`, which returns text NFC-normalised, column names mapped to eipgeo's canonical
English names (:data:`COLUMN_ALIASES`, the one place the mapping is documented), and
numbers parsed whatever the locale of the export (``1.250,5`` and ``1,250.5`` both mean
1250.5). Problems are never silently dropped: it collects them as
:class:`eipgeo._errors.Problem` records; :mod:`eipgeo.io.checks` checks the rows and
:mod:`eipgeo.io.readers` holds the public readers.
"""

from __future__ import annotations

import csv
import io as _stdio
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS
from pyproj.exceptions import CRSError

from eipgeo._errors import InputReadError, Problem, UsageError, ValidationError
from eipgeo._text import column_key as _key
from eipgeo._text import nfc
from eipgeo.io.numbers import (
    COORDINATE_NAMES,
    DEGREE_NAMES,
    detect_decimal,
    is_missing_marker,
    is_money_name,
    parse_number,
    read_number,
)
from eipgeo.io.xlsx import XLSX_SUFFIXES, read_sheet, split_sheet

__all__ = [
    "COLUMN_ALIASES",
    "KINDS",
    "Cells",
    "Table",
    "canonical_column",
    "detect_decimal",
    "parse_number",
    "ragged_rows",
    "read_cells",
    "read_table",
    "read_text_csv",
    "read_text_csv_with",
]

KINDS = ("enterprises", "streams", "facilities", "boundary")
"""Kinds of table eipgeo reads (``eipgeo validate --kind``)."""

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "site_id",
        "enterprise_id_",
        "ma",
        "ma_dn",
        "ma_doanh_nghiep",
        "mã_dn",
        "mã",
        "mã_doanh_nghiệp",
        "stt_id",
    ),
    "name": (
        "name",
        "ten",
        "ten_dn",
        "ten_doanh_nghiep",
        "tên",
        "tên_dn",
        "tên_doanh_nghiệp",
        "company",
        "enterprise",
    ),
    "lat": ("lat", "latitude", "vi_do", "vĩ_độ", "y_lat"),
    "lon": ("lon", "lng", "long", "longitude", "kinh_do", "kinh_độ", "x_lon"),
    "x_m": ("x_m", "x", "easting", "easting_m", "toa_do_x", "tọa_độ_x"),
    "y_m": ("y_m", "y", "northing", "northing_m", "toa_do_y", "tọa_độ_y"),
    "crs": ("crs", "epsg", "he_toa_do", "hệ_tọa_độ"),
    "isic4_class": ("isic4_class", "isic", "isic4", "isic_rev4", "ma_isic", "ma_nganh_isic"),
    "sector_text": (
        "sector_text",
        "sector",
        "linh_vuc",
        "linh_vuc_san_xuat",
        "mo_ta_nganh",
        "nganh_nghe",
        "nganh_nghe_kinh_doanh",
    ),
    "products": ("products", "product", "san_pham", "san_pham_chinh"),
    "zone": ("zone", "phan_khu", "khu_vuc"),
    "lot": ("lot", "lo", "lo_dat", "so_lo"),
    "vsic2018_code": (
        "vsic2018_code",
        "vsic",
        "vsic_2018",
        "nganh",
        "ngành",
        "ma_nganh",
        "mã_ngành",
    ),
    "employees": ("employees", "workers", "so_lao_dong", "số_lao_động", "lao_dong"),
    "area_ha": ("area_ha", "dien_tich_ha", "diện_tích_ha"),
    "waste": ("waste", "chat_thai", "chất_thải", "loai_chat_thai", "loại_chất_thải"),
    "waste_code": ("waste_code", "ma_chat_thai", "mã_chất_thải", "ma_ctnh", "mã_ctnh"),
    "qty_t_per_year": (
        "qty_t_per_year",
        "waste_t_per_yr",
        "qty_t_per_yr",
        "t_per_year",
        "khoi_luong_tan_nam",
        "khối_lượng_tấn_năm",
        "khoi_luong_t_nam",
    ),
    "enterprise_id": ("enterprise_id", "ma_dn_phat_sinh", "chu_nguon_thai"),
    "year": ("year", "nam", "năm"),
    "source": ("source", "nguon", "nguồn"),
    "kind": ("kind", "type", "loai_co_so", "loại_cơ_sở"),
    "accepts": ("accepts", "waste_classes", "nhom_chat_thai"),
    "waste_codes": ("waste_codes", "accepted_codes", "ma_chat_thai_tiep_nhan"),
    "capacity_t_per_day": ("capacity_t_per_day", "cong_suat_tan_ngay", "công_suất_tấn_ngày"),
    "gate_fee_vnd_per_t": ("gate_fee_vnd_per_t", "don_gia_vnd_tan", "đơn_giá_vnd_tấn"),
    "licence": ("licence", "license", "giay_phep", "giấy_phép"),
    "location_quality": ("location_quality", "chat_luong_vi_tri"),
}
"""Canonical column name → accepted spellings (English and Vietnamese). Matching uses
:func:`eipgeo._text.column_key`: case, tone marks, spaces and punctuation do not matter
(``Diện tích (ha)`` matches ``dien_tich_ha``); a column that matches none keeps its own
(NFC) name."""

NUMERIC_COLUMNS = (
    "lat",
    "lon",
    "x_m",
    "y_m",
    "employees",
    "area_ha",
    "qty_t_per_year",
    "year",
    "capacity_t_per_day",
    "gate_fee_vnd_per_t",
)
"""Canonical columns parsed as numbers; any column whose name ends in a unit suffix of
:data:`UNIT_SUFFIXES` is parsed too."""

UNIT_SUFFIXES = (
    "_t_per_year",
    "_t_per_yr",
    "_t_per_day",
    "_kg",
    "_t",
    "_m",
    "_ha",
    "_kg_per_day",
    "_vnd",
    "_vnd_per_t",
    "_s",
)

RECOGNISED_EPSG: dict[int, str] = {
    4326: "WGS 84 (degrees)",
    4756: "VN-2000 geographic (degrees)",
    32648: "WGS 84 / UTM zone 48N",
    32649: "WGS 84 / UTM zone 49N",
    3405: "VN-2000 / UTM zone 48N",
    3406: "VN-2000 / UTM zone 49N",
    5896: "VN-2000 / TM-3 zone 481",
    5897: "VN-2000 / TM-3 zone 482",
    5898: "VN-2000 / TM-3 zone 491",
    5899: "VN-2000 / TM-3 107-45",
    **{
        9205 + i: f"VN-2000 / TM-3 {m}"
        for i, m in enumerate(
            (
                "103-00",
                "104-00",
                "104-30",
                "104-45",
                "105-30",
                "105-45",
                "106-00",
                "106-15",
                "106-30",
                "107-00",
                "107-15",
                "107-30",
                "108-15",
                "108-30",
            )
        )
    },
}
"""CRSs Vietnamese planning files use (EPSG registry names, checked against pyproj's
database): WGS 84, UTM 48N/49N, VN-2000 UTM and the provincial TM-3 zones of
Circular 973/2001/TT-TCĐC."""

_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class Table:
    """A table as read, before row checks.

    Attributes
    ----------
    frame
        Canonical column names; text NFC, numeric columns float (NaN where blank or
        unparseable, with a :class:`Problem` for each unparseable cell). For geo files
        a GeoDataFrame in the file's CRS.
    file
        The path as given, for messages. ``frame.index`` is the row as a spreadsheet
        shows it (header = 1); for GIS files, the feature number (first = 1).
    problems
        What reading found (encoding, dialect, duplicate columns, bad numbers).
    encoding, separator, decimal
        What was detected (CSV only; else ``None``).
    raw
        Raw text of the numeric columns before parsing (to tell blank from bad).
    decimal_proven
        Whether the file's own values prove ``decimal`` (False: taken from the
        separator, so a value such as ``1.250`` is reported as ambiguous).
    sheet
        The sheet read (XLSX), else ``None``.
    """

    frame: pd.DataFrame
    file: str
    problems: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    separator: str | None = None
    decimal: str | None = None
    raw: dict[str, pd.Series] = field(default_factory=dict)
    decimal_proven: bool = True
    sheet: str | None = None


# --------------------------------------------------------------------------------------
# Names, text, CRS
# --------------------------------------------------------------------------------------


_ALIAS_INDEX = {_key(a): canon for canon, names in COLUMN_ALIASES.items() for a in names}


def canonical_column(name: str) -> str:
    """Return the canonical name of a column header (see :data:`COLUMN_ALIASES`).

    Parameters
    ----------
    name
        A header cell as the file holds it (a leading UTF-8 byte-order mark is ignored).

    Returns
    -------
    str
        The canonical name, or the header itself (NFC, stripped) when no alias matches.
    """
    key = _key(name.lstrip("\ufeff"))
    return _ALIAS_INDEX.get(key, nfc(name.lstrip("\ufeff")).strip())


def parse_crs(value: Any) -> CRS:
    """Return the CRS that ``value`` names.

    ``value`` may be ``EPSG:32648``, ``32648``, a WKT or a registry name such as
    ``VN-2000 / UTM zone 48N``.

    Parameters
    ----------
    value
        Anything naming a CRS; a bare 4- or 5-digit number is read as an EPSG code.

    Returns
    -------
    pyproj.CRS
        The CRS named.

    Raises
    ------
    UsageError
        ``value`` names no CRS; the message lists the recognised EPSG codes.
    """
    text = str(value).strip()
    if re.fullmatch(r"\d{4,5}", text):
        text = f"EPSG:{text}"
    try:
        return CRS.from_user_input(text)
    except CRSError:
        pass
    for code, label in RECOGNISED_EPSG.items():
        if _key(label) == _key(text):
            return CRS.from_epsg(code)
    known = ", ".join(f"EPSG:{c} ({n})" for c, n in list(RECOGNISED_EPSG.items())[:6])
    msg = f"'{value}' is not a CRS eipgeo recognises; give an EPSG code, e.g. {known}"
    raise UsageError(msg)


# --------------------------------------------------------------------------------------
# CSV: encoding, dialect, numbers
# --------------------------------------------------------------------------------------


def decode_bytes(data: bytes, file: str) -> tuple[str, str]:
    """Decode CSV bytes, detecting UTF-8 (with or without BOM), UTF-16 and Windows-1258.

    Parameters
    ----------
    data
        The file's bytes.
    file
        The file's name, for messages.

    Returns
    -------
    tuple of (str, str)
        The NFC text and the encoding name used.

    Raises
    ------
    InputReadError
        The bytes are none of these encodings (or hold NUL bytes: not a text file).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return nfc(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputReadError(
                f"{file}: starts with a UTF-16 mark but is not UTF-16 "
                f"({exc.reason}); re-save it as UTF-8 CSV"
            ) from exc
    if b"\x00" in data:
        raise InputReadError(
            f"{file}: holds NUL bytes, so it is not a CSV text file; "
            "export the table as CSV (UTF-8)"
        )
    if data.startswith(_UTF8_BOM):
        try:
            return nfc(data[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputReadError(
                f"{file}: has a UTF-8 mark but byte {exc.start + 3} is not "
                "UTF-8; re-save it as 'CSV UTF-8'"
            ) from exc
    try:
        return nfc(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return nfc(data.decode("cp1258")), "cp1258"
    except UnicodeDecodeError as exc:
        msg = (
            f"{file}: byte {exc.start} (0x{data[exc.start]:02x}) is neither UTF-8 nor "
            "Windows-1258; re-save the file as 'CSV UTF-8' from Excel"
        )
        raise InputReadError(msg) from exc


def sniff_separator(text: str) -> str:
    """Return the field separator (``;``, ``,``, tab or ``|``) of the header line.

    Parameters
    ----------
    text
        The decoded file; its first non-blank line is the header.

    Returns
    -------
    str
        The candidate found most often outside quotes in the header (``;`` wins a tie,
        then ``,``, tab, ``|``); ``,`` when the header holds none.
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: 0 for sep in (";", ",", "\t", "|")}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def is_text(series: pd.Series) -> bool:
    """Whether a column holds text (object or pandas string dtype).

    Parameters
    ----------
    series
        The column.

    Returns
    -------
    bool
        True for object or pandas string dtype.
    """
    return bool(pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series))


def is_numeric_column(name: str) -> bool:
    """Whether a canonical column holds numbers (by name or unit suffix).

    Parameters
    ----------
    name
        Canonical column name.

    Returns
    -------
    bool
        True when ``name`` is in :data:`NUMERIC_COLUMNS` or ends in one of
        :data:`UNIT_SUFFIXES`.
    """
    return name in NUMERIC_COLUMNS or name.endswith(UNIT_SUFFIXES)


def _split_rows(text: str, sep: str, file: str) -> list[list[str]]:
    try:
        return [r for r in csv.reader(_stdio.StringIO(text, newline=""), delimiter=sep)]
    except csv.Error as exc:
        raise InputReadError(f"{file}: not a readable CSV ({exc}); check the quotes") from exc


_SEPARATOR_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


def ragged_rows(text: str, sep: str, file: str) -> list[Problem]:
    """Name each CSV row whose number of fields differs from the header's.

    An unquoted decimal comma in a ``,`` file (``12,5`` t) splits one cell in two and
    shifts every later cell of the row one column right; a row with fewer fields than
    the header lost a cell somewhere and its cells sit under the wrong columns. A row is
    right with as many fields as the header has, or as it has named columns (an Excel
    export of a wider sheet ends every line with empty fields).

    Parameters
    ----------
    text
        The decoded file.
    sep
        Its field separator (:func:`sniff_separator`).
    file
        The path, for messages.

    Returns
    -------
    list of Problem
        One ``ragged_row`` error per such row, naming the row as a spreadsheet counts it
        (header = 1, blank lines counted), the fields found and expected, the raw line
        as ``value``, and the fix.
    """
    lines = text.splitlines()
    reader = csv.reader(_stdio.StringIO(text, newline=""), delimiter=sep)
    widths: tuple[int, ...] = ()
    problems, first, n = [], 1, 0
    try:
        for row in reader:
            n += 1
            raw = "\n".join(lines[first - 1 : reader.line_num])
            first = reader.line_num + 1
            if not any(c.strip() for c in row):
                continue
            if not widths:  # the header as saved, and its named columns
                named = len(row)
                while named and not row[named - 1].strip():
                    named -= 1
                widths = (named, len(row))
                continue
            if len(row) not in widths:
                problems.append(_ragged(file, n, len(row), widths[0], raw, sep))
    except csv.Error:
        return problems  # the reader itself names the broken quote
    return problems


def _ragged(file: str, row: int, found: int, width: int, raw: str, sep: str) -> Problem:
    name = _SEPARATOR_NAMES.get(sep, repr(sep))
    if found > width:
        why = f"a {name} inside a value splits it in two and shifts the cells after it" + (
            " (a decimal comma such as 12,5 in a ',' file)" if sep == "," else ""
        )
        fix = (
            'quote the value ("12,5"), write it with a decimal point (12.5), or save the '
            "file with ';' as the separator"
            if sep == ","
            else f"quote the value that holds a {name}"
        )
    else:
        why = "a cell is missing, so the cells after it would sit under the wrong columns"
        fix = f"give the row one cell per column (an empty cell still needs its {name})"
    msg = f"row {row} has {found} fields but the header has {width}: {raw!r}; {why}; {fix}"
    return Problem(msg, "ragged_row", file, row, None, raw)


def _csv_text(path: Path) -> tuple[str, str, str]:
    """Return a CSV file's text, its encoding and its separator (:func:`sniff_separator`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputReadError(f"{path}: cannot read ({exc.strerror})") from exc
    text, encoding = decode_bytes(data, str(path))
    return text, encoding, sniff_separator(text)


def read_text_csv_with(
    path: Path, added: pd.DataFrame | None, number_columns: Sequence[str] = ()
) -> pd.DataFrame:
    """Return :func:`read_text_csv` of ``path`` with rows ``added`` after the file's.

    Parameters
    ----------
    path
        The CSV file (a park's ``production.csv`` or ``measured_streams.csv``).
    added
        Text cells in the file's columns (a scenario's rows for a new tenant), appended
        after the file's rows; they stand alone when the file does not exist. ``None``
        adds nothing, and the file must exist.
    number_columns
        More number columns, as :func:`read_text_csv` takes them.

    Returns
    -------
    pandas.DataFrame
        Text cells, blank = ``""``.

    Raises
    ------
    InputReadError, ValidationError
        As :func:`read_text_csv`.
    """
    if added is None or path.is_file():
        raw = read_text_csv(path, number_columns)
    else:
        raw = pd.DataFrame(columns=list(added.columns), dtype=str)
    if added is None:
        return raw
    return pd.concat([raw, added.astype(str)], ignore_index=True).fillna("")


def read_text_csv(path: str | Path, number_columns: Sequence[str] = ()) -> pd.DataFrame:
    """Read a CSV as text cells under its header as written, refusing ragged rows.

    For tables read cell by cell as text (a park folder's ``enterprises.csv`` and
    ``facilities.csv``, measured streams, production records): any encoding and
    separator of this module; a row whose number of fields differs from the header is an
    error (:func:`ragged_rows`), never a silent shift. In a file whose decimal mark is
    ``,`` (a ``;`` export of vi-VN Excel), the cells of number columns
    (:func:`is_numeric_column`, ``lat``, ``lon``) are rewritten with a decimal point by
    the one number parser (``20,839`` → ``20.839``).

    Parameters
    ----------
    path
        The CSV file.
    number_columns
        More columns of the caller's table that hold numbers (e.g. ``capacity_value``):
        read like the recognised ones, so ``186.000`` in a decimal-comma file is 186000,
        never 186.

    Returns
    -------
    pandas.DataFrame
        Text cells (``str``, blank = ``""``), columns named as the header writes them.

    Raises
    ------
    InputReadError
        Missing, not decodable, not a CSV, or empty.
    ValidationError
        Ragged rows, or a number cell of a decimal-comma file that reads two ways; each
        named by file, row, column and value.
    """
    file = str(path)
    text, _, sep = _csv_text(Path(path))
    problems = ragged_rows(text, sep, file)
    if problems:
        raise ValidationError(problems[0].to_line(), problems)
    rows = [
        (n, r)
        for n, r in enumerate(_split_rows(text, sep, file), start=1)
        if any(c.strip() for c in r)
    ]
    if not rows:
        raise InputReadError(f"{file}: the file is empty; it needs a header row and data rows")
    header: list[str] = []
    for i, cell in enumerate(nfc(c).strip() for c in rows[0][1]):
        name = cell or f"Unnamed: {i}"
        k = sum(1 for h in header if h == name or h.startswith(f"{name}."))
        header.append(f"{name}.{k}" if name in header else name)  # as pandas names repeats
    width = len(header)
    body = [[nfc(c).strip() for c in (r + [""] * width)[:width]] for _, r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=str)
    numeric = [
        c
        for c in header
        if is_numeric_column(canonical_column(c))
        or canonical_column(c) in ("lat", "lon")
        or c in number_columns
    ]
    decimal, proven = detect_decimal([v for c in numeric for v in frame[c] if v], sep)
    if decimal == ",":
        frame = _point_decimals(frame, numeric, proven, file, [n for n, _ in rows[1:]])
    return frame


def _point_decimals(
    frame: pd.DataFrame, columns: list[str], proven: bool, file: str, numbers: list[int]
) -> pd.DataFrame:
    """Rewrite number cells of a decimal-comma file with a decimal point.

    ``numbers`` are the spreadsheet rows of the frame's rows, for messages.
    """
    problems: list[Problem] = []
    out = frame.copy()
    for col in columns:
        cells = []
        for row, text in zip(numbers, frame[col], strict=True):
            reading = read_number(text, ",", proven=proven) if text else None
            if reading is None or reading.value is None:
                if reading is not None and reading.ambiguous:
                    problems.append(
                        Problem(str(reading.reason), "ambiguous_number", file, row, col, text)
                    )
                cells.append(text)  # blank, or not a number: the checks name it
                continue
            value = float(reading.value)
            cells.append(str(int(value)) if value.is_integer() else repr(value))
        out[col] = cells
    if problems:
        raise ValidationError(problems[0].to_line(), problems)
    return out


def _header(cells: list[str], file: str) -> tuple[list[str], list[Problem]]:
    """Map header cells to canonical names; flag blank and duplicate columns."""
    names: list[str] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells):
        col = canonical_column(cell) or f"column_{i + 1}"
        if not cell.strip():
            problems.append(
                Problem(
                    f"column {i + 1} has no name; name it or delete it",
                    "blank_column",
                    file,
                    1,
                    col,
                    cell,
                    "warning",
                )
            )
        if col in seen:
            msg = (
                f"column '{cell}' duplicates column {seen[col] + 1} (both mean '{col}'); "
                "keep one and rename or delete the other"
            )
            problems.append(Problem(msg, "duplicate_column", file, 1, col, cell))
            col = f"{col}__{i + 1}"
        seen.setdefault(col, i)
        names.append(col)
    return names, problems


def _filled(cell: Any) -> bool:
    return not isinstance(cell, str) or bool(cell.strip())


def _clean(cell: Any) -> Any:
    return nfc(cell).strip() if isinstance(cell, str) else cell


def _frame_from_rows(
    rows: list[list[Any]], file: str, *, ragged: bool = True
) -> tuple[pd.DataFrame, list[Problem]]:
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(_filled(c) for c in r)]
    if not numbered:
        raise InputReadError(f"{file}: the file is empty; it needs a header row and data rows")
    header = [_cell(c) for c in numbered[0][1]]
    names, problems = _header(header, file)
    width, body, index = len(names), [], []
    for n, row in numbered[1:]:
        if ragged and len(row) > width and any(_filled(c) for c in row[width:]):
            msg = (
                f"row has cells beyond the {width} columns of the header; give them a "
                "header or delete them"
            )
            problems.append(Problem(msg, "ragged_row", file, n, None, None))
        body.append([_clean(c) for c in (list(row) + [""] * width)[:width]])
        index.append(n)
    frame = pd.DataFrame(body, columns=names, dtype=object, index=pd.Index(index, dtype="int64"))
    # the planner's own header for each canonical column, so messages name what they see
    frame.attrs["headers"] = {
        n: c.strip() for n, c in zip(names, header, strict=False) if c.strip()
    }
    return frame, problems


def parse_numeric_columns(table: Table) -> None:
    """Parse :func:`is_numeric_column` columns of ``table.frame`` in place to float.

    Every cell goes through the one number parser (:func:`eipgeo.io.numbers.read_number`):
    a money column (``vnd`` in its name) takes ``250.000 đ`` as 250000; a value that could
    be read two ways (``1.250`` in a file that proves no decimal mark) is an ``ambiguous``
    error naming the cell; a ``year`` cell holding a date (``15/03/2024``, an Excel date)
    is read as its year with a warning.

    Parameters
    ----------
    table
        Table whose frame is changed in place: numeric columns become float64 (NaN where
        blank or not a number); their raw text goes to ``table.raw``, an unparseable cell
        adds a ``not_numeric`` (or ``ambiguous_number``) problem to ``table.problems``, and
        ``table.decimal`` is set (detected with :func:`detect_decimal` when not already
        known; ``table.decimal_proven`` says whether the values prove it).
    """
    frame = table.frame
    for col in frame.columns:
        if (
            is_numeric_column(str(col))
            and pd.api.types.is_numeric_dtype(frame[col])
            and not pd.api.types.is_bool_dtype(frame[col])
        ):
            frame[col] = frame[col].astype("float64")
            table.raw[str(col)] = frame[col].map(lambda v: "" if pd.isna(v) else repr(v))
    cols = [c for c in frame.columns if is_numeric_column(str(c)) and is_text(frame[c])]
    if not cols:
        return
    if table.decimal is None:
        texts = [  # money columns do not vote: 1.200.000 đ says nothing of other columns
            str(v)
            for c in cols
            if not is_money_name(str(c)) and c not in DEGREE_NAMES
            for v in frame[c]
            if isinstance(v, str) and v.strip()
        ]
        degrees = [
            str(v)
            for c in cols
            if c in DEGREE_NAMES
            for v in frame[c]
            if isinstance(v, str) and v.strip()
        ]
        table.decimal, table.decimal_proven = detect_decimal(texts, table.separator or ",", degrees)
    for col in cols:
        table.raw[str(col)] = frame[col].map(_raw_text)
        parsed = [_parse_cell(table, int(str(row)), str(col), v) for row, v in frame[col].items()]
        frame[col] = pd.Series(parsed, index=frame.index, dtype="float64")


def _raw_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return _cell(value) if isinstance(value, (int, float)) else str(value).strip()


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(T[\d:]+)?")


def _year_from_date(text: str) -> tuple[float, str] | None:
    """Return the year a date in a year column gives, and how it was read (else None)."""
    dmy, iso = _DMY.fullmatch(text), _ISO_DATE.fullmatch(text)
    if dmy:
        return float(dmy.group(3)), f"the date {text} (dd/mm/yyyy)"
    if iso:
        day = pd.Timestamp(text[:10])
        serial = (day - pd.Timestamp("1899-12-30")).days
        if 1900 <= serial <= 2200:  # a year typed into a date-formatted Excel cell
            return float(serial), f"the Excel date {text[:10]}, whose serial number is {serial}"
        return float(iso.group(1)), f"the date {text[:10]}"
    return None


def _parse_cell(table: Table, row: int, col: str, value: Any) -> float:
    """One numeric cell through the one parser; a problem for each cell it refuses."""
    if col in COORDINATE_NAMES and isinstance(value, str) and is_missing_marker(value):
        return np.nan  # a blank cell: the row's location check names it (missing_coordinates)
    if col == "year" and isinstance(value, str) and (dated := _year_from_date(value.strip())):
        year, how = dated
        msg = f"year read as {year:g} from {how}; write the year alone (e.g. {year:g})"
        table.problems.append(Problem(msg, "date_as_year", table.file, row, col, value, "warning"))
        return year
    reading = read_number(
        value,
        table.decimal or ".",
        money=is_money_name(col),
        proven=table.decimal_proven,
        degrees=col in DEGREE_NAMES,
    )
    if reading.value is None and reading.reason is not None:
        code = "ambiguous_number" if reading.ambiguous else "not_numeric"
        reason = reading.reason
        if code == "not_numeric" and table.decimal and isinstance(value, str):
            reason = reason.replace(
                f"(decimal mark '{table.decimal}')",
                f"(decimal mark '{table.decimal}' detected for this file)",
            )
        table.problems.append(Problem(reason, code, table.file, row, col, _raw_text(value)))
    return np.nan if reading.value is None else reading.value


@dataclass
class Cells:
    """A table's cells as text, before any header mapping (a matrix, a raw grid).

    Attributes
    ----------
    rows
        Every line, cells NFC-stripped, as the file holds them (header included).
    file
        The path as given, for messages; ``rows[i]`` is spreadsheet row ``i + 1``.
    encoding, separator, decimal
        What was detected (CSV), or ``None``; XLSX cells are numbers with ``.``.
    decimal_proven
        Whether the cells prove ``decimal`` (see :func:`detect_decimal`).
    problems
        What reading found (XLSX: formula cells without a saved value, merged header
        rows, the sheet chosen).
    """

    rows: list[list[str]]
    file: str
    encoding: str | None = None
    separator: str | None = None
    decimal: str | None = None
    decimal_proven: bool = True
    problems: list[Problem] = field(default_factory=list)


def read_cells(path: str | Path) -> Cells:
    """Read a CSV (any encoding and dialect of this module) or an XLSX sheet as text cells.

    Parameters
    ----------
    path
        ``.csv``/``.txt``/``.tsv`` or ``.xlsx``/``.xlsm`` (the first visible sheet, or
        the one named as ``FILE.xlsx#Sheet``).

    Returns
    -------
    Cells
        The text cells; ``decimal`` is detected from the cells that are numbers.

    Raises
    ------
    InputReadError
        Missing, not decodable, not a CSV or workbook.
    """
    p, sheet = split_sheet(path)
    if not p.is_file():
        raise InputReadError(f"{p}: no such file")
    if p.suffix.lower() in XLSX_SUFFIXES:
        read = read_sheet(p, sheet)
        rows = [[_raw_text(c) for c in r] for r in read.rows]
        texts = [c for r in read.rows[1:] for c in r if isinstance(c, str) and c]
        decimal, proven = detect_decimal(texts, ",")
        return Cells(
            rows,
            str(p),
            decimal=decimal,
            decimal_proven=proven or not texts,
            problems=read.problems,
        )
    file = str(p)
    text, encoding, sep = _csv_text(p)
    rows = [[nfc(c).strip() for c in r] for r in _split_rows(text, sep, file)]
    decimal, proven = detect_decimal([c for r in rows[1:] for c in r if c], sep)
    return Cells(rows, file, encoding, sep, decimal, proven, ragged_rows(text, sep, file))


def read_csv_table(path: Path) -> Table:
    """Read a CSV file of any encoding and dialect described in this module.

    Parameters
    ----------
    path
        The CSV file.

    Returns
    -------
    Table
        Canonical column names, numeric columns parsed.

    Raises
    ------
    InputReadError
        Not decodable or not a CSV; empty.
    """
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputReadError(f"{file}: cannot read ({exc.strerror})") from exc
    text, encoding = decode_bytes(data, file)
    sep = sniff_separator(text)
    frame, problems = _frame_from_rows(_split_rows(text, sep, file), file, ragged=False)
    problems += ragged_rows(text, sep, file)
    table = Table(frame, file, problems, encoding=encoding, separator=sep)
    parse_numeric_columns(table)
    return table


def read_xlsx_table(path: Path, sheet: str | int | None = None) -> Table:
    """Read one sheet of an XLSX workbook, header on row 1 (see :mod:`eipgeo.io.xlsx`).

    Number cells are taken as they are; text cells go through the one number parser
    (their decimal mark detected among them). Dates and times are read as what they mean.

    Parameters
    ----------
    path
        The workbook.
    sheet
        Sheet name or 0-based position; ``None`` (default): the first visible sheet
        (a warning names it when several are visible).

    Returns
    -------
    Table
        Canonical column names, numeric columns parsed; ``sheet`` says which was read.

    Raises
    ------
    InputReadError
        Not a readable workbook, or no such sheet.
    """
    read = read_sheet(path, sheet)
    file = str(path)
    frame, problems = _frame_from_rows(read.rows, file)
    for col in frame.columns:  # number cells in text columns (ids, codes) read as typed
        if not is_numeric_column(str(col)):
            frame[col] = frame[col].map(
                lambda v: _cell(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
            )
    table = Table(frame, file, read.problems + problems, sheet=read.sheet)
    parse_numeric_columns(table)
    return table


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else repr(value)


GEO_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".parquet", ".geoparquet", ".zip")


def read_geo_table(path: Path) -> Table:
    """Read a GeoJSON, GeoPackage, Shapefile (its ``.cpg`` honoured) or GeoParquet file.

    Parameters
    ----------
    path
        The GIS file (``.geojson``, ``.json``, ``.gpkg``, ``.shp``, ``.parquet``,
        ``.geoparquet`` or a zipped one).

    Returns
    -------
    Table
        A GeoDataFrame in the file's own CRS, canonical column names, text NFC, numeric
        columns parsed; indexed by feature number (first = 1).

    Raises
    ------
    InputReadError
        The file cannot be read, or has no CRS where the format needs one.
    """
    file = str(path)
    try:
        if path.suffix.lower() in (".parquet", ".geoparquet"):
            gdf = gpd.read_parquet(path)
        else:
            codepage = _shapefile_encoding(path)
            # GDAL's iconv CP1258 drops the last character of every string (sf#1203):
            # read the bytes losslessly as Latin-1, then decode them in Python.
            gdf = gpd.read_file(path, encoding="latin1" if codepage else None)
            if codepage:
                gdf = _recode(gdf, codepage)
    except (LookupError, UnicodeDecodeError) as exc:
        msg = f"{file}: its .cpg code page cannot decode the attributes ({exc})"
        raise InputReadError(msg) from exc
    except Exception as exc:  # pyogrio/pyarrow raise many types; name the file instead
        msg = f"{file}: cannot read as a GIS file ({type(exc).__name__}: {exc})"
        raise InputReadError(msg) from exc
    renamed = {c: canonical_column(str(c)) for c in gdf.columns if c != gdf.geometry.name}
    gdf = gdf.rename(columns=renamed)
    gdf.attrs["headers"] = {canon: str(orig) for orig, canon in renamed.items()}
    for col in gdf.columns:
        if is_text(gdf[col]) and col != gdf.geometry.name:
            gdf[col] = gdf[col].map(lambda v: nfc(v).strip() if isinstance(v, str) else v)
    gdf.index = pd.RangeIndex(1, len(gdf) + 1)
    table = Table(gdf, file, [], decimal=".")
    parse_numeric_columns(table)
    return table


def _recode(gdf: gpd.GeoDataFrame, codepage: str) -> gpd.GeoDataFrame:
    """Re-decode Latin-1-read names and text cells with the Shapefile's code page."""

    def fix(v: Any) -> Any:
        return v.encode("latin1").decode(codepage) if isinstance(v, str) else v

    geom = gdf.geometry.name
    out = gdf.rename(columns={c: fix(c) for c in gdf.columns if c != geom})
    for col in out.columns:
        if col != geom and is_text(out[col]):
            out[col] = out[col].map(fix)
    return out


def _shapefile_encoding(path: Path) -> str | None:
    """Return the code page a Shapefile's ``.cpg`` declares (``1258`` → ``cp1258``)."""
    cpg = path.with_suffix(".cpg")
    if path.suffix.lower() != ".shp" or not cpg.is_file():
        return None
    label = cpg.read_text(encoding="ascii", errors="replace").strip().lower()
    if re.fullmatch(r"\d{3,5}", label):
        return f"cp{label}"
    return {"utf8": "utf-8", "utf-8": "utf-8", "ansi 1258": "cp1258"}.get(label, label)


def read_table(path: str | Path) -> Table:
    """Read any supported file into a :class:`Table` (format chosen by suffix).

    Parameters
    ----------
    path
        ``.xlsx``/``.xlsm`` (``FILE.xlsx#Sheet`` names the sheet; else the first visible
        one); a GIS file (:data:`GEO_SUFFIXES`); or ``.csv``, ``.txt``, ``.tsv`` or no
        suffix, read as CSV.

    Returns
    -------
    Table
        Canonical column names, text NFC, numeric columns parsed.

    Raises
    ------
    InputReadError
        Missing file, unknown format, or unreadable content.
    """
    p, sheet = split_sheet(path)
    if not p.exists():
        raise InputReadError(f"{p}: no such file")
    suffix = p.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return read_xlsx_table(p, sheet)
    if suffix in GEO_SUFFIXES:
        return read_geo_table(p)
    if suffix in (".csv", ".txt", ".tsv", ""):
        return read_csv_table(p)
    msg = f"{p}: unknown format '{suffix}'; give CSV, XLSX, GeoJSON, GPKG, SHP or GeoParquet"
    raise InputReadError(msg)
