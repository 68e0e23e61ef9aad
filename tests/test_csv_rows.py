"""A CSV row whose fields do not match the header is named, never shifted silently.

Files under ``tests/data/faults/csv/`` (table in ``tests/data/faults/README.md``): a good
``,`` file, its twin with an unquoted decimal comma (``12,5``: six fields under a header
of five), its twin with a cell left out (four fields), and the ``;`` file a vi-VN Excel
saves, with decimal commas, which must read as the good file does.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

import eipgeo
from eipgeo._errors import ValidationError
from eipgeo.data import PARKS_DIR
from eipgeo.generation import read_production
from eipgeo.io import read_table
from eipgeo.io.tables import is_numeric_column, read_text_csv
from eipgeo.parks import load_park
from eipgeo.routing.inputs import read_matrix, read_sites
from eipgeo.waste import read_measured

CSV = Path(__file__).resolve().parent / "data" / "faults" / "csv"
WIDE = (
    "row 3 has 6 fields but the header has 5: 'E02,Nhà máy B,12,5,20.8400,106.7620'; a ',' "
    "inside a value splits it in two and shifts the cells after it (a decimal comma such as "
    "12,5 in a ',' file); quote the value (\"12,5\"), write it with a decimal point (12.5), or "
    "save the file with ';' as the separator"
)
SHORT = (
    "row 3 has 4 fields but the header has 5: 'E02,Nhà máy B,20.8400,106.7620'; a cell is "
    "missing, so the cells after it would sit under the wrong columns; give the row one cell "
    "per column (an empty cell still needs its ',')"
)


def test_good_file_reads() -> None:
    """E02 gives 12.5 t/yr at 20.84 N, 106.762 E, as written."""
    ents = eipgeo.read_enterprises(CSV / "ok_enterprises_point.csv")
    assert ents["qty_t_per_year"].tolist() == [3.5, 12.5]
    assert ents["lat"].tolist() == [20.839, 20.84]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("bad_enterprises_decimal_comma.csv", WIDE), ("bad_enterprises_short_row.csv", SHORT)],
)
def test_ragged_row_is_named_by_every_reader(name: str, expected: str) -> None:
    """The one check (``ragged_rows``) behind the table reader (enterprises, facilities,
    streams, route sites), the text reader (park folders, measured streams, production)
    and the cell reader (matrices, workshop tables): file, row 3, fields, raw line, fix."""
    path = CSV / name
    with pytest.raises(ValidationError) as info:
        eipgeo.read_enterprises(path)
    first = info.value.problems[0]
    assert (first.file, first.row, first.code) == (str(path), 3, "ragged_row")
    assert first.message == f"E02: {expected}"
    (problem,) = [p for p in read_table(path).problems if p.code == "ragged_row"]
    assert problem.to_line() == f"{path}:3: {expected}"
    with pytest.raises(ValidationError) as info:
        read_text_csv(path)
    assert str(info.value) == f"{path}:3: {expected}"


def test_ragged_route_sites_and_measured_streams(tmp_path: Path) -> None:
    """The same row in a sites table of ``eipgeo route`` and in measured streams."""
    sites = tmp_path / "sites.csv"
    sites.write_text("site_id,role,waste_t\nG,depot,0\nA,client,1,5\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_sites(sites)
    assert (
        info.value.problems[0]
        .to_line()
        .startswith(f"{sites}:3: A: row 3 has 4 fields but the header has 3: 'A,client,1,5'; ")
    )
    measured = tmp_path / "measured.csv"
    measured.write_text("site_id,waste_code,qty\nE01,07 01 01,2,5\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_measured(measured)
    assert str(info.value).startswith(
        f"{measured}:2: row 2 has 4 fields but the header has 3: 'E01,07 01 01,2,5'; "
    )


def test_ragged_matrix_row_is_named_not_called_not_square(tmp_path: Path) -> None:
    """A km matrix with ``1,5`` unquoted in a ``,`` file: row 2 has 4 fields, not 3."""
    good = tmp_path / "km.csv"
    good.write_text('from\\to,G,A\nG,0,"1,5"\nA,"1,5",0\n', encoding="utf-8")
    assert read_matrix(good, ["G", "A"], "km").tolist() == [[0.0, 1500.0], [1500.0, 0.0]]
    bad = tmp_path / "bad_km.csv"
    bad.write_text("from\\to,G,A\nG,0,1,5\nA,1.5,0\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_matrix(bad, ["G", "A"], "km")
    assert (
        info.value.problems[0]
        .to_line()
        .startswith(f"{bad}:2: row 2 has 4 fields but the header has 3: 'G,0,1,5'; ")
    )


def test_semicolon_file_with_decimal_commas_reads_as_the_good_file() -> None:
    """``3,5`` and ``20,8390`` in a ``;`` file are 3.5 t/yr and 20.839 degrees."""
    good = eipgeo.read_enterprises(CSV / "ok_enterprises_point.csv").drop(columns="geometry")
    semi = eipgeo.read_enterprises(CSV / "ok_enterprises_semicolon.csv").drop(columns="geometry")
    pd.testing.assert_frame_equal(semi, good)
    text = read_text_csv(CSV / "ok_enterprises_semicolon.csv")
    assert text["waste_t_per_yr"].tolist() == ["3.5", "12.5"]
    assert text["lat"].tolist() == ["20.839", "20.84"]


def _semicolon_copy(src: Path, dst: Path) -> None:
    """Write ``src`` as vi-VN Excel saves it: ``;`` separator, decimal commas in numbers."""
    with src.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    numeric = [is_numeric_column(c) or c in ("lat", "lon") for c in header]
    with dst.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        for row in rows[1:]:
            writer.writerow(
                [c.replace(".", ",") if num else c for c, num in zip(row, numeric, strict=True)]
            )


def test_park_folder_saved_with_semicolons_reads_as_the_original(tmp_path: Path) -> None:
    """A bundled park's folder, its enterprises.csv re-saved with ``;`` and decimal
    commas: the same tenants, numbers equal as numbers (the original is the reference)."""
    folder = tmp_path / "park"
    shutil.copytree(PARKS_DIR / "amata-bienhoa", folder)
    original = load_park(folder).enterprises
    _semicolon_copy(PARKS_DIR / "amata-bienhoa" / "enterprises.csv", folder / "enterprises.csv")
    again = load_park(folder).enterprises
    assert list(again.columns) == list(original.columns)
    for col in original.columns:
        if is_numeric_column(col) or col in ("lat", "lon"):
            as_float = [float(v) if v else None for v in original[col]]
            assert [float(v) if v else None for v in again[col]] == as_float, col
        else:
            assert again[col].tolist() == original[col].tolist(), col


def test_park_folder_with_a_decimal_comma_row_is_refused(tmp_path: Path) -> None:
    """Twin: one unquoted ``12,5`` in a park's ``,`` enterprises.csv is named, not shifted."""
    folder = tmp_path / "park"
    shutil.copytree(PARKS_DIR / "amata-bienhoa", folder)
    path = folder / "enterprises.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = [""] * len(header)
    cells[0], cells[1], cells[header.index("area_ha")] = "X-1", "Test works", "12,5"
    lines.insert(2, ",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_park(folder)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.code) == (str(path), 3, "ragged_row")
    assert problem.message.startswith(
        f"row 3 has {len(header) + 1} fields but the header has {len(header)}: "
        f"'{','.join(cells)}'; a ',' inside a value splits it in two"
    )


def test_text_reader_names_repeated_and_blank_headers_as_pandas_did(tmp_path: Path) -> None:
    """``lat`` twice and a blank header: ``lat``, ``lat.1``, ``Unnamed: 3`` (pandas'
    names, which the park folder reader gave before); only the first ``lat`` is a number
    column by name, so ``1,5`` → ``1.5`` and ``2,5`` stays as typed for the checks."""
    path = tmp_path / "d.csv"
    path.write_text("id;lat;lat;;x\nA;1,5;2,5;;3\n", encoding="utf-8")
    frame = read_text_csv(path)
    assert list(frame.columns) == ["id", "lat", "lat.1", "Unnamed: 3", "x"]
    assert frame.iloc[0].tolist() == ["A", "1.5", "2,5", "", "3"]


def test_production_capacity_in_a_decimal_comma_file(tmp_path: Path) -> None:
    """``capacity_value`` is a number column: in a ``;`` file whose decimal mark is ``,``
    ``186.000`` is 186,000 t (never 186), and alone it is refused as ambiguous."""
    head = (
        "site_id;product;capacity_value;capacity_unit;capacity_basis;year;intensity_key;"
        "source_url;locator;note\n"
    )
    row = "{s};DAP;{v};t DAP/yr;actual_output;2022;phosphogypsum.dap;https://x.vn;p;n"
    path = tmp_path / "production.csv"
    path.write_text(
        head + row.format(s="S1", v="186.000") + "\n" + row.format(s="S2", v="1,5") + "\n",
        encoding="utf-8",
    )
    assert read_production(path, {"S1", "S2"})["capacity_value"].tolist() == [186000.0, 1.5]
    path.write_text(head + row.format(s="S1", v="186.000") + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"'186\.000' is ambiguous: 186 or 186000"):
        read_production(path, {"S1"})
