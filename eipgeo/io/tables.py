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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS
from pyproj.exceptions import CRSError

from eipgeo._errors import InputReadError, Problem, UsageError
from eipgeo._text import column_key as _key
from eipgeo._text import nfc

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
_NUM_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")


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
    """

    frame: pd.DataFrame
    file: str
    problems: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    separator: str | None = None
    decimal: str | None = None
    raw: dict[str, pd.Series] = field(default_factory=dict)


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


_VI_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_EN_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_COMMA_DEC = re.compile(r"[+-]?\d*,\d+")
_DOT_DEC = re.compile(r"[+-]?\d*\.\d+")
_PLAIN = re.compile(r"[+-]?\d+")
_SCI = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+")


def _decimal_evidence(value: str) -> str | None:
    """Say which decimal mark ``value`` proves (``,`` or ``.``), if any."""
    v = value.translate(_NUM_SPACES)
    if "," in v and "." in v:
        return "," if v.rfind(",") > v.rfind(".") else "."
    if _COMMA_DEC.fullmatch(v) and not re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", v):
        return ","
    if _DOT_DEC.fullmatch(v) and not re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", v):
        return "."
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3}){2,}", v):
        return ","  # 1.250.000: dots can only be thousands
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3}){2,}", v):
        return "."
    return None


def detect_decimal(values: list[str], separator: str) -> str:
    """Return the decimal mark of a file's numbers.

    The mark its values prove (a majority vote of unambiguous values), else the vi-VN
    Excel default (``,``) when the separator is ``;``, else ``.``.

    Parameters
    ----------
    values
        The file's number cells as text.
    separator
        The file's field separator (:func:`sniff_separator`); decides a tie.

    Returns
    -------
    str
        ``,`` or ``.``.
    """
    votes = {",": 0, ".": 0}
    for value in values:
        mark = _decimal_evidence(value)
        if mark:
            votes[mark] += 1
    if votes[","] != votes["."]:
        return "," if votes[","] > votes["."] else "."
    return "," if separator == ";" else "."


def parse_number(value: str, decimal: str) -> float | None:  # noqa: PLR0911
    """Parse one number written with ``decimal`` as its decimal mark.

    Parameters
    ----------
    value
        The cell's text; spaces, non-breaking spaces and ``'`` used as thousands
        separators are ignored.
    decimal
        The file's decimal mark, ``,`` or ``.`` (:func:`detect_decimal`); the other mark
        is read as a thousands separator.

    Returns
    -------
    float or None
        ``None`` when ``value`` is not a number in that convention (``nan`` and
        ``inf`` are not numbers here).
    """
    v = value.strip().translate(_NUM_SPACES)
    if _PLAIN.fullmatch(v) or _SCI.fullmatch(v):
        return float(v)
    if decimal == ",":
        if _VI_THOUSANDS.fullmatch(v):
            return float(v.replace(".", "").replace(",", "."))
        if _COMMA_DEC.fullmatch(v):
            return float(v.replace(",", "."))
        return None
    if _EN_THOUSANDS.fullmatch(v):
        return float(v.replace(",", ""))
    if _DOT_DEC.fullmatch(v):
        return float(v)
    return None


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


def _frame_from_rows(rows: list[list[str]], file: str) -> tuple[pd.DataFrame, list[Problem]]:
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise InputReadError(f"{file}: the file is empty; it needs a header row and data rows")
    names, problems = _header(numbered[0][1], file)
    width, body, index = len(names), [], []
    for n, row in numbered[1:]:
        if len(row) > width and any(c.strip() for c in row[width:]):
            msg = (
                f"row has {len(row)} fields but the header has {width}; check for an "
                "unquoted separator (e.g. a decimal comma in a ',' file)"
            )
            problems.append(Problem(msg, "ragged_row", file, n, None, None))
        body.append([nfc(c).strip() for c in (row + [""] * width)[:width]])
        index.append(n)
    frame = pd.DataFrame(body, columns=names, dtype=object, index=pd.Index(index, dtype="int64"))
    # the planner's own header for each canonical column, so messages name what they see
    frame.attrs["headers"] = {
        n: c.strip() for n, c in zip(names, numbered[0][1], strict=False) if c.strip()
    }
    return frame, problems


def parse_numeric_columns(table: Table) -> None:
    """Parse :func:`is_numeric_column` columns of ``table.frame`` in place to float.

    Parameters
    ----------
    table
        Table whose frame is changed in place: numeric columns become float64 (NaN where
        blank or not a number); their raw text goes to ``table.raw``, an unparseable cell
        adds a ``not_numeric`` problem to ``table.problems``, and ``table.decimal`` is set
        (detected with :func:`detect_decimal` when not already known).
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
    texts = [str(v) for c in cols for v in frame[c] if isinstance(v, str) and v.strip()]
    decimal = table.decimal or detect_decimal(texts, table.separator or ",")
    table.decimal = decimal
    for col in cols:
        raw = frame[col].map(lambda v: "" if v is None or pd.isna(v) else str(v).strip())
        table.raw[str(col)] = raw
        parsed = []
        for row, text in raw.items():
            number = parse_number(text, decimal) if text else None
            if text and number is None:
                msg = (
                    f"'{text}' is not a number (decimal mark '{decimal}' detected for "
                    f"this file); write digits only, e.g. 1250{decimal}5"
                )
                table.problems.append(
                    Problem(msg, "not_numeric", table.file, int(str(row)), str(col), text)
                )
            parsed.append(np.nan if number is None else number)
        frame[col] = pd.Series(parsed, index=frame.index, dtype="float64")


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
    """

    rows: list[list[str]]
    file: str
    encoding: str | None = None
    separator: str | None = None
    decimal: str | None = None


def read_cells(path: str | Path) -> Cells:
    """Read a CSV (any encoding and dialect of this module) or an XLSX sheet as text cells.

    Parameters
    ----------
    path
        ``.csv``/``.txt``/``.tsv`` or ``.xlsx``/``.xlsm`` (first sheet).

    Returns
    -------
    Cells
        The text cells; ``decimal`` is detected from the cells that are numbers.

    Raises
    ------
    InputReadError
        Missing, not decodable, not a CSV or workbook.
    """
    p = Path(path)
    if not p.is_file():
        raise InputReadError(f"{p}: no such file")
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return Cells(_xlsx_rows(p), str(p), decimal=".")
    file = str(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputReadError(f"{file}: cannot read ({exc.strerror})") from exc
    text, encoding = decode_bytes(data, file)
    sep = sniff_separator(text)
    rows = [[nfc(c).strip() for c in r] for r in _split_rows(text, sep, file)]
    decimal = detect_decimal([c for r in rows[1:] for c in r if c], sep)
    return Cells(rows, file, encoding, sep, decimal)


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
    frame, problems = _frame_from_rows(_split_rows(text, sep, file), file)
    table = Table(frame, file, problems, encoding=encoding, separator=sep)
    parse_numeric_columns(table)
    return table


def _xlsx_rows(path: Path, sheet: str | int = 0) -> list[list[str]]:
    try:
        raw = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object)
    except Exception as exc:  # openpyxl raises many types; name the file instead
        msg = f"{path}: cannot read as an Excel workbook ({type(exc).__name__}: {exc})"
        raise InputReadError(msg) from exc
    return [
        ["" if v is None or (isinstance(v, float) and np.isnan(v)) else _cell(v) for v in rec]
        for rec in raw.itertuples(index=False)
    ]


def read_xlsx_table(path: Path, sheet: str | int = 0) -> Table:
    """Read the first (or named) sheet of an XLSX workbook, header on row 1.

    Parameters
    ----------
    path
        The workbook.
    sheet
        Sheet name or 0-based position.

    Returns
    -------
    Table
        Canonical column names, numeric columns parsed.

    Raises
    ------
    InputReadError
        Not a readable workbook.
    """
    file = str(path)
    frame, problems = _frame_from_rows(_xlsx_rows(path, sheet), file)
    table = Table(frame, file, problems, decimal=".")
    parse_numeric_columns(table)
    return table


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
        ``.xlsx``/``.xlsm``; a GIS file (:data:`GEO_SUFFIXES`); or ``.csv``, ``.txt``,
        ``.tsv`` or no suffix, read as CSV.

    Returns
    -------
    Table
        Canonical column names, text NFC, numeric columns parsed.

    Raises
    ------
    InputReadError
        Missing file, unknown format, or unreadable content.
    """
    p = Path(path)
    if not p.exists():
        raise InputReadError(f"{p}: no such file")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_table(p)
    if suffix in GEO_SUFFIXES:
        return read_geo_table(p)
    if suffix in (".csv", ".txt", ".tsv", ""):
        return read_csv_table(p)
    msg = f"{p}: unknown format '{suffix}'; give CSV, XLSX, GeoJSON, GPKG, SHP or GeoParquet"
    raise InputReadError(msg)
