"""The one number parser: every numeric field of every input goes through it.

CSV and XLSX cells (:mod:`eipgeo.io.tables`), scenario YAML values, fleet JSON values
and matrix cells are all read here, with the rules of a Vietnamese (vi-VN) export:

* the decimal mark is ``,`` or ``.``, the other mark separates thousands
  (``1.250,5`` and ``1,250.5`` are both 1250.5; spaces, non-breaking spaces and ``'`` are
  thousands separators too);
* a **money** field (its name says ``vnd``) may carry a ``đ``, ``₫``, ``VND`` or ``đồng``
  mark, and a dot or comma followed by exactly three digits is a thousands separator
  there (``250.000`` is 250,000 VND: the đồng has no decimals in use);
* where a value could be read two ways three orders of magnitude apart (``1.250`` in a
  file that shows no decimal mark anywhere else) it is **ambiguous**: the caller reports
  the cell instead of guessing.

:func:`read_number` returns the value or the reason it is not one; :func:`parse_number`
is its short form for callers that report their own message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LiteralFloat",
    "NumberReading",
    "TreeProblem",
    "decimal_evidence",
    "detect_decimal",
    "is_money_name",
    "is_numeric_key",
    "numbers_in_tree",
    "parse_number",
    "read_number",
    "strip_currency",
    "DEGREE_NAMES",
    "COORDINATE_NAMES",
    "is_missing_marker",
]

_NUM_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_VI_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?")
_EN_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")
_COMMA_DEC = re.compile(r"[+-]?\d*,\d+")
_DOT_DEC = re.compile(r"[+-]?\d*\.\d+")
_PLAIN = re.compile(r"[+-]?\d+")
_SCI = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_ONE_GROUP = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")
"""``1.250`` / ``1,250``: a thousands group or three decimals, depending on the file."""
_MONEY_GROUPS = re.compile(r"[+-]?[1-9]\d{0,2}([.,]\d{3})+")
_CURRENCY = re.compile(
    r"^\s*(?:(?:vnđ|vnd|đồng|dong|đ|₫)\s*)?(?P<num>.*?)\s*(?:vnđ|vnd|đồng|dong|đ|₫)?\.?\s*$",
    re.IGNORECASE,
)


DEGREE_NAMES = ("lat", "lon")
"""Fields holding coordinates in degrees (:func:`read_number`'s ``degrees``)."""

COORDINATE_NAMES = ("lat", "lon", "x_m", "y_m")
"""Coordinate fields, where a missing-value marker reads as a blank cell."""

_MISSING_MARKERS = frozenset(
    {"nan", "na", "n/a", "#n/a", "-", "--", "\u2013", "\u2014", "null", "none"}
)


def is_missing_marker(text: str) -> bool:
    """Whether a cell's text is a spreadsheet's missing-value marker.

    Parameters
    ----------
    text
        The cell as written (``NaN``, ``NA``, ``N/A``, ``#N/A``, ``-``, ``–``, ``—``,
        ``null``, ``None`` in any case count; surrounding spaces are ignored).

    Returns
    -------
    bool
        True for a marker: in a coordinate column the row is then unlocated, as with a
        blank cell, and is skipped with a warning.
    """
    return text.strip().lower() in _MISSING_MARKERS


def is_money_name(name: str) -> bool:
    """Whether a field name holds money in VND (``gate_fee_vnd_per_t``, ``capex_vnd``).

    Parameters
    ----------
    name
        A canonical column name or a scenario/fleet key.

    Returns
    -------
    bool
        True when ``vnd`` is one of the name's ``_``-separated words.
    """
    return "vnd" in str(name).lower().split("_")


def strip_currency(text: str) -> str:
    """Return ``text`` without a leading or trailing ``đ``/``₫``/``VND``/``đồng`` mark.

    Parameters
    ----------
    text
        A money cell, e.g. ``250.000 đ`` or ``VND 1,200,000``.

    Returns
    -------
    str
        The number part, stripped (``250.000``).
    """
    match = _CURRENCY.fullmatch(text)
    return match.group("num").strip() if match else text.strip()


def decimal_evidence(value: str) -> str | None:
    """Say which decimal mark ``value`` proves (``,`` or ``.``), if any.

    Parameters
    ----------
    value
        One number cell as text.

    Returns
    -------
    str or None
        ``,`` or ``.`` when only that mark can be the decimal one (``0,5``, ``1.250,5``,
        ``1.250.000``); ``None`` when the value proves neither (``12``, ``1.250``).
    """
    v = value.translate(_NUM_SPACES)
    if "," in v and "." in v:
        return "," if v.rfind(",") > v.rfind(".") else "."
    if _COMMA_DEC.fullmatch(v) and not re.fullmatch(r"[+-]?[1-9]\d{0,2}(,\d{3})+", v):
        return ","
    if _DOT_DEC.fullmatch(v) and not re.fullmatch(r"[+-]?[1-9]\d{0,2}(\.\d{3})+", v):
        return "."
    if re.fullmatch(r"[+-]?[1-9]\d{0,2}(\.\d{3}){2,}", v):
        return ","  # 1.250.000: dots can only be thousands
    if re.fullmatch(r"[+-]?[1-9]\d{0,2}(,\d{3}){2,}", v):
        return "."
    return None


def detect_decimal(
    values: list[str], separator: str, degrees: list[str] | None = None
) -> tuple[str, bool]:
    """Return the decimal mark of a file's numbers and whether its values prove it.

    Parameters
    ----------
    values
        The file's number cells as text.
    separator
        The file's field separator; decides when no value proves a mark (``;`` is the
        vi-VN Excel export, whose decimal mark is ``,``).
    degrees
        Cells of coordinate columns in degrees: ``10.930`` cannot be 10,930 degrees, so
        its mark is the decimal one (a vote for it); default none.

    Returns
    -------
    tuple of (str, bool)
        ``,`` or ``.``, and True when a majority of the values that prove a mark prove
        this one (False: taken from the separator, so ``1.250`` stays ambiguous).
    """
    votes = {",": 0, ".": 0}
    for value in values:
        mark = decimal_evidence(value)
        if mark:
            votes[mark] += 1
    for value in degrees or []:
        v = value.translate(_NUM_SPACES)
        mark = decimal_evidence(v) or (v[-4] if _ONE_GROUP.fullmatch(v) else None)
        if mark:
            votes[mark] += 1
    if votes[","] != votes["."]:
        return ("," if votes[","] > votes["."] else "."), True
    return ("," if separator == ";" else "."), False


@dataclass(frozen=True)
class NumberReading:
    """What :func:`read_number` made of one cell.

    Attributes
    ----------
    value
        The number, or ``None``.
    reason
        Why there is no number (``None`` when there is one or the cell is blank): what is
        wrong and how to fix it, ready for a :class:`eipgeo.Problem` message.
    ambiguous
        True when the cell could mean two numbers (``1.250``: 1.25 or 1250).
    """

    value: float | None
    reason: str | None = None
    ambiguous: bool = False


def read_number(  # noqa: PLR0911 - one return per kind of cell
    text: object,
    decimal: str = ".",
    *,
    money: bool = False,
    proven: bool = True,
    degrees: bool = False,
) -> NumberReading:
    """Read one cell as a number under the vi-VN rules of this module.

    Parameters
    ----------
    text
        The cell (text, or a number already typed, e.g. an XLSX number cell; ``bool`` is
        not a number). Blank text gives ``NumberReading(None)`` with no reason.
    decimal
        The file's decimal mark, ``,`` or ``.`` (:func:`detect_decimal`); the other mark
        is read as a thousands separator.
    money
        The field holds VND (:func:`is_money_name`): a currency mark is allowed and
        ``250.000`` / ``250,000`` are 250000.
    proven
        Whether the file's values prove ``decimal``; when False a value with a single
        group of three digits after the mark (``1.250``) is ambiguous.
    degrees
        The field is a coordinate in degrees: a single group (``10.930``, ``106,850``)
        can only be decimals there (10,930° is no coordinate), so it is never ambiguous.

    Returns
    -------
    NumberReading
        The value, or why there is none (``nan`` and ``inf`` are not numbers here).
    """
    if isinstance(text, bool):
        return NumberReading(None, f"'{text}' is true/false, not a number; write digits")
    if isinstance(text, (int, float)):
        number = float(text)
        if not math.isfinite(number):
            return NumberReading(None, f"'{text}' is not a finite number; write digits")
        return NumberReading(number)
    raw = "" if text is None else str(text).strip()
    if not raw:
        return NumberReading(None)
    v = (strip_currency(raw) if money else raw).translate(_NUM_SPACES)
    if money and _MONEY_GROUPS.fullmatch(v):
        return NumberReading(float(re.sub(r"[.,]", "", v)))
    if degrees and _ONE_GROUP.fullmatch(v):
        return NumberReading(float(v.replace(",", ".")))
    if not proven and _ONE_GROUP.fullmatch(v):
        whole = float(re.sub(r"[.,]", "", v))
        small = (
            f"{whole / 1000:g} without the trailing zero"
            if v.endswith("0")
            else f"{v}0 with a fourth decimal"
        )
        reason = (
            f"'{raw}' is ambiguous: {whole / 1000:g} or {whole:g} (no other cell shows "
            f"which mark is the decimal one); write {whole:g} without a thousands "
            f"separator, or {small}"
        )
        return NumberReading(None, reason, ambiguous=True)
    parsed = parse_number(v, decimal)
    if parsed is None:
        example = "250000 or 250.000 đ" if money else f"1250{decimal}5"
        reason = (
            f"'{raw}' is not a number (decimal mark '{decimal}'); write digits only, e.g. {example}"
        )
        return NumberReading(None, reason)
    return NumberReading(parsed)


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


# --------------------------------------------------------------------------------------
# Numbers inside structured files (scenario YAML, fleet JSON)
# --------------------------------------------------------------------------------------

NUMERIC_KEY_SUFFIXES = (
    "_kg",
    "_t",
    "_m",
    "_s",
    "_ha",
    "_vnd",
    "_kph",
    "_pct",
    "_yr",
    "_per_t",
    "_per_yr",
    "_per_year",
    "_per_day",
    "_per_km",
)
"""A key ending in one of these holds a number (units in names: ``capacity_kg``,
``shift_duration_s``, ``gate_fee_vnd_per_t``, ``growth_pct_per_yr``)."""


class LiteralFloat(float):
    """A float that remembers how its file wrote it (a JSON or YAML literal).

    Parameters
    ----------
    value
        The number.
    text
        The literal as written, e.g. ``250.000``.
    """

    text: str

    def __new__(cls, value: float, text: str) -> LiteralFloat:  # noqa: D102
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


def is_numeric_key(name: object) -> bool:
    """Whether a YAML/JSON key names a number by its unit (:data:`NUMERIC_KEY_SUFFIXES`).

    Parameters
    ----------
    name
        A mapping key.

    Returns
    -------
    bool
        True for a text key ending in a unit suffix, naming VND (:func:`is_money_name`)
        or a coordinate in degrees (:data:`DEGREE_NAMES`).
    """
    return isinstance(name, str) and (
        name.endswith(NUMERIC_KEY_SUFFIXES) or is_money_name(name) or name in DEGREE_NAMES
    )


@dataclass(frozen=True)
class TreeProblem:
    """A number refused inside a YAML/JSON tree.

    Attributes
    ----------
    path
        Keys and list positions from the root to the value.
    message
        What is wrong and how to fix it.
    code
        ``ambiguous_number``.
    value
        The value as written.
    """

    path: tuple[str | int, ...]
    message: str
    code: str
    value: str


_THOUSANDS_LITERAL = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+")


def _leaf(key: str, value: Any, path: tuple[str | int, ...], problems: list[TreeProblem]) -> Any:
    money = is_money_name(key)
    if isinstance(value, dict):
        return {k: _leaf(key, v, (*path, k), problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_leaf(key, v, (*path, i), problems) for i, v in enumerate(value)]
    if isinstance(value, LiteralFloat):
        if money and _THOUSANDS_LITERAL.fullmatch(value.text.strip()):
            whole = int(re.sub(r"\D", "", value.text))
            msg = (
                f"{value.text} is read as {float(value):g} VND (in this file a dot is "
                f"the decimal mark); write {whole} for {whole:,} VND, or quote it as "
                f"'{value.text} đ'"
            )
            problems.append(TreeProblem(path, msg, "ambiguous_number", value.text))
        return float(value)
    if isinstance(value, str) and value.strip():
        text = strip_currency(value) if money else value
        mark = decimal_evidence(text)
        reading = read_number(
            value,
            mark or ".",
            money=money,
            proven=mark is not None,
            degrees=key in DEGREE_NAMES,
        )
        if reading.ambiguous and reading.reason is not None:
            problems.append(TreeProblem(path, reading.reason, "ambiguous_number", value))
            return value
        if reading.value is not None:
            return int(reading.value) if reading.value.is_integer() else reading.value
    return value


def numbers_in_tree(tree: Any, path: tuple[str | int, ...] = ()) -> tuple[Any, list[TreeProblem]]:
    """Read every number-named value of a YAML/JSON tree through the one parser.

    A value under a key named by its unit (:func:`is_numeric_key`) that is text
    (``"1.250,5"``, ``"250.000 đ"``) becomes the number it means; a value that could be
    read two ways (``"10.000"`` kg) and a money literal the file's own syntax reads as a
    decimal (``capex_vnd: 250.000``, which YAML and JSON read as 250.0) are refused.
    Other values are left as they are, for the schema to check.

    Parameters
    ----------
    tree
        The parsed file: dicts, lists and scalars (floats as :class:`LiteralFloat` where
        the reader kept their text).
    path
        Location of ``tree`` in the file (for messages); default the root.

    Returns
    -------
    tuple
        The tree with plain floats and parsed numbers, and the refused values.
    """
    problems: list[TreeProblem] = []

    def walk(node: Any, where: tuple[str | int, ...]) -> Any:
        if isinstance(node, dict):
            return {
                k: _leaf(k, v, (*where, k), problems) if is_numeric_key(k) else walk(v, (*where, k))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [walk(v, (*where, i)) for i, v in enumerate(node)]
        if isinstance(node, LiteralFloat):
            return float(node)
        return node

    return walk(tree, path), problems
