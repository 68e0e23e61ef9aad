"""Write the spreadsheet fault files of this folder (run once; the .xlsx files are committed).

    .venv/bin/python tests/data/faults/spreadsheets/make_xlsx.py

openpyxl writes a formula without a saved value, exactly as a script-made workbook that
was never opened in Excel; ``ok_formula.xlsx`` gets the value Excel would have saved
written into the cell's XML (``<v>``), as Excel does on save.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
HEADER = ["site_id", "role", "waste_kg", "open", "close"]


def _sites(ws: Any, *, formula: bool = False) -> None:
    ws.append(HEADER)
    ws.append(["G", "depot", 0, None, None])
    ws.append(["A", "client", "=20*6" if formula else 120, dt.time(7, 0), dt.time(17, 30)])
    ws.append(["B", "client", 80, dt.time(22, 0), dt.time(6, 0)])


def formula_files() -> None:
    wb = Workbook()
    _sites(wb.active, formula=True)
    wb.save(HERE / "bad_formula.xlsx")
    # the twin: the same workbook with the value Excel saves beside the formula
    ok = HERE / "ok_formula.xlsx"
    shutil.copy(HERE / "bad_formula.xlsx", ok)
    with zipfile.ZipFile(ok) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    cell = r"(<c r=\"C3\"[^>]*>)<f>(.*?)</f>(<v\s*/>|<v>\s*</v>)?"
    sheet = re.sub(cell, r"\1<f>\2</f><v>120</v>", sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(ok, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def sheet_files() -> None:
    wb = Workbook()
    old = wb.active
    old.title = "old"
    old.append(HEADER)
    old.append(["X", "client", 999, None, None])
    old.sheet_state = "hidden"
    _sites(wb.create_sheet("data"))
    wb.save(HERE / "ok_hidden_sheet.xlsx")
    wb = Workbook()
    wb.active.title = "data"
    _sites(wb.active)
    notes = wb.create_sheet("notes")
    notes.append(["site_id", "role", "waste_kg"])
    notes.append(["N", "client", 5])
    wb.save(HERE / "bad_two_visible_sheets.xlsx")


def date_files() -> None:
    for name, year in (("ok_year.xlsx", 2024), ("bad_year_as_date.xlsx", dt.date(1905, 7, 16))):
        wb = Workbook()
        ws = wb.active
        ws.append(["enterprise_id", "waste_code", "qty_t_per_year", "year"])
        ws.append(["E01", "07 01 01", 12.5, year])
        ws.append(["E02", "07 01 01", 3, "15/03/2024"])
        wb.save(HERE / name)


def header_files() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "name", "Tọa độ", None, "Khối lượng"])
    ws.append([None, None, "lat", "lon", "t/năm"])
    ws.append(["E01", "Công ty A", 20.84, 106.76, 12])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:B2")
    ws.merge_cells("C1:D1")
    wb.save(HERE / "bad_merged_header.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "name", "lat", "lon", "qty_t_per_year"])
    ws.append(["E01", "Công ty A", 20.84, 106.76, 12])
    wb.save(HERE / "ok_one_header.xlsx")


if __name__ == "__main__":
    formula_files()
    sheet_files()
    date_files()
    header_files()
