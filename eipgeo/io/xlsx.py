"""Excel workbooks (XLSX, XLSM) as the one table reader sees them.

openpyxl reads the workbook twice: once for the values Excel saved, once for the formulas,
so a formula cell whose value was never saved (a file written by a script and never
opened in Excel) is reported by its cell reference instead of being read as blank or 0.

* Hidden sheets are skipped unless named (``FILE.xlsx#Sheet name``); when several sheets
  are visible, the first is read and a warning names it and the others.
* Date and time cells become what they mean: a time (gate hours) ``HH:MM``, a date
  ``YYYY-MM-DD``, a date-time ``YYYY-MM-DDTHH:MM``.
* A header spread over two rows by merged cells is an error naming the merged ranges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from eipgeo._errors import InputReadError, Problem
from eipgeo._text import nfc

__all__ = ["SheetRows", "cell_text", "read_sheet", "split_sheet"]

XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class SheetRows:
    """One sheet's cells, as read.

    Attributes
    ----------
    rows
        Every row from row 1: text NFC-stripped, numbers as ``float``/``int``, dates and
        times as ISO text, blanks ``""``.
    sheet
        The sheet read.
    problems
        Formula cells without a saved value, merged header rows (errors), and the sheet
        chosen among several visible ones (a warning).
    """

    rows: list[list[Any]]
    sheet: str
    problems: list[Problem] = field(default_factory=list)


def split_sheet(path: str | Path) -> tuple[Path, str | None]:
    """Split ``FILE.xlsx#Sheet`` into the file and the sheet name.

    Parameters
    ----------
    path
        A path, optionally followed by ``#`` and a sheet name (XLSX/XLSM only).

    Returns
    -------
    tuple of (pathlib.Path, str or None)
        The file and the sheet (``None`` when not named, or when ``path`` itself exists).
    """
    text = str(path)
    if "#" in text and not Path(text).exists():
        head, _, sheet = text.rpartition("#")
        if Path(head).suffix.lower() in XLSX_SUFFIXES:
            return Path(head), sheet
    return Path(text), None


def cell_text(value: Any) -> Any:  # noqa: PLR0911 - one return per cell type
    """Return an openpyxl cell value as eipgeo reads it.

    Parameters
    ----------
    value
        The saved value: ``None``, text, a number, a bool, a date, a time, a date-time
        or a duration.

    Returns
    -------
    str, int or float
        ``""`` for blank; numbers unchanged (``bool`` as ``TRUE``/``FALSE``); a time or a
        duration under a day as ``HH:MM`` (``HH:MM:SS`` with seconds); a date as
        ``YYYY-MM-DD``; a date-time as ``YYYY-MM-DDTHH:MM`` (its date alone at midnight).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if isinstance(value, dt.timedelta):
        seconds = int(round(value.total_seconds()))
        hh, rest = divmod(seconds, 3600)
        mm, ss = divmod(rest, 60)
        return f"{hh:02d}:{mm:02d}" + (f":{ss:02d}" if ss else "")
    return nfc(str(value)).strip()


def _open(path: Path, *, data_only: bool) -> Any:
    try:
        return load_workbook(path, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types; name the file instead
        msg = f"{path}: cannot read as an Excel workbook ({type(exc).__name__}: {exc})"
        raise InputReadError(msg) from exc


def _choose(book: Any, path: Path, sheet: str | int | None) -> tuple[str, list[Problem]]:
    names = list(book.sheetnames)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise InputReadError(f"{path}: has no sheet number {sheet + 1}; it has {len(names)}")
        return names[sheet], []
    if sheet is not None:
        if sheet not in names:
            raise InputReadError(
                f"{path}: has no sheet '{sheet}'; its sheets are {', '.join(names)}"
            )
        return sheet, []
    visible = [
        n for n in names if book[n].sheet_state == "visible" and not _is_documentation(book[n])
    ]
    if not visible:
        raise InputReadError(
            f"{path}: every sheet is hidden ({', '.join(names)}); unhide one or name it "
            f"as {path.name}#SHEET"
        )
    problems = []
    if len(visible) > 1:
        msg = (
            f"the workbook has {len(visible)} visible sheets ({', '.join(visible)}); read "
            f"'{visible[0]}'; to read another, name it as {path.name}#SHEET"
        )
        problems.append(
            Problem(msg, "several_sheets", str(path), None, None, visible[0], "warning")
        )
    return visible[0], problems


TEMPLATE_DOC_HEADER = ("column", "need", "unit", "meaning")
"""Header of the ``columns`` sheet of eipgeo's own templates (:mod:`eipgeo.io.templates`),
which documents the data sheet and is never read as data."""


def _is_documentation(ws: Any) -> bool:
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    return tuple(str(v).strip().lower() for v in first if v is not None) == TEMPLATE_DOC_HEADER


def _merged_header(ws: Any, path: Path, sheet: str) -> list[Problem]:
    """Report merged ranges that spread the header over rows 1 and 2."""
    ranges = []
    for rng in ws.merged_cells.ranges:
        spans_rows = rng.min_row == 1 and rng.max_row >= 2
        spans_cols = rng.min_row == rng.max_row == 1 and rng.max_col > rng.min_col
        if spans_rows or spans_cols:
            ranges.append(rng.coord)
    if not ranges:
        return []
    msg = (
        f"the header of sheet '{sheet}' spreads over two rows (merged cells "
        f"{', '.join(sorted(ranges))}); unmerge them and write one header row, one name "
        "per column (e.g. 'Khối lượng (tấn/năm)')"
    )
    return [Problem(msg, "merged_header", str(path), 1, None, ", ".join(sorted(ranges)))]


def read_sheet(path: str | Path, sheet: str | int | None = None) -> SheetRows:
    """Read one sheet of an XLSX/XLSM workbook as rows of cells.

    Parameters
    ----------
    path
        The workbook; ``FILE.xlsx#Sheet`` names the sheet (:func:`split_sheet`).
    sheet
        Sheet name or 0-based position; ``None`` (default): the sheet named in ``path``,
        else the first visible sheet (hidden ones are skipped).

    Returns
    -------
    SheetRows
        The cells (:func:`cell_text`), the sheet read and what reading found.

    Raises
    ------
    InputReadError
        Not a readable workbook, no such sheet, or every sheet hidden.
    """
    file, named = split_sheet(path)
    if not file.is_file():
        raise InputReadError(f"{file}: no such file")
    values = _open(file, data_only=True)
    name, problems = _choose(values, file, sheet if sheet is not None else named)
    ws = values[name]
    formulas = _open(file, data_only=False)[name]
    problems += _merged_header(ws, file, name)
    rows: list[list[Any]] = []
    header: list[Any] = []
    for r, (saved, written) in enumerate(
        zip(ws.iter_rows(), formulas.iter_rows(), strict=False), start=1
    ):
        row: list[Any] = []
        for cell, source in zip(saved, written, strict=False):
            text = source.value
            if cell.value is None and isinstance(text, str) and text.startswith("="):
                column = str(header[len(row)]) if len(row) < len(header) else None
                msg = (
                    f"cell {cell.coordinate} holds the formula {text} but no saved value; "
                    "open the file in Excel (or LibreOffice) and save it, so the value is "
                    "stored"
                )
                problems.append(
                    Problem(msg, "formula_without_value", str(file), r, column, cell.coordinate)
                )
            row.append(cell_text(cell.value))
        if r == 1:
            header = row
        rows.append(row)
    return SheetRows(rows, name, problems)
