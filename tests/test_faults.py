"""Issue 23: every input path as strict as the best one, one fault family at a time.

Each family has tiny files under ``tests/data/faults/<family>/``, a good one (``ok_*``)
and its malformed twin (``bad_*``), and the exact value or message each must give
(``tests/data/faults/README.md`` is the table of file → expected error). Right values
are worked by hand in each test's docstring, or taken from an independent reference
(pyproj for projections, the by-hand MILP bound for siting).
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from typer.testing import CliRunner

from eipgeo import appraisal, batch, national, network, settings, siting
from eipgeo._atomic import atomic_write_csv, atomic_write_gpkg
from eipgeo._errors import (
    EipgeoError,
    InfeasibleError,
    InputReadError,
    Problem,
)
from eipgeo.cli import app
from eipgeo.io import checks, read_table
from eipgeo.io.numbers import read_number
from eipgeo.routing.inputs import read_fleet, read_matrix, read_sites
from eipgeo.routing.model import VehicleType
from eipgeo.routing.solve import solve_cvrp
from eipgeo.scenario.schema import load_scenario

FAULTS = Path(__file__).resolve().parent / "data" / "faults"
runner = CliRunner()


def _problems(path: Path, **kwargs: object) -> list[Problem]:
    return checks.validate_file(path, **kwargs)[1]  # type: ignore[arg-type]


def _raised(call: object, *args: object, **kwargs: object) -> list[Problem]:
    with pytest.raises(EipgeoError) as info:
        call(*args, **kwargs)  # type: ignore[operator]
    return info.value.problems


def _where(p: Problem) -> tuple[int | None, str | None, str]:
    return p.row, p.column, p.message


# ================================================================ Numbers and units


def test_money_cells_with_vnd_marks_and_thousands_dots() -> None:
    """``250.000 đ`` is 250,000 VND (the đồng has no decimals); ``₫1.200.000`` and
    ``3.500.000 VND`` are 1.2 and 3.5 million. Capacities keep their decimal point."""
    table = read_table(FAULTS / "numbers" / "ok_facilities_money.csv")
    assert table.frame["gate_fee_vnd_per_t"].tolist() == [250_000.0, 1_200_000.0, 3_500_000.0]
    assert table.frame["capacity_t_per_day"].tolist() == [12.5, 40.0, 0.75]
    assert [p for p in _problems(FAULTS / "numbers" / "ok_facilities_money.csv")] == []


def test_money_cell_in_words_is_named() -> None:
    """The twin: ``250 nghìn`` (words) is no number: refused, naming row, column, id."""
    (p,) = _problems(FAULTS / "numbers" / "bad_facilities_money.csv")
    assert _where(p) == (
        3,
        "gate_fee_vnd_per_t",
        "F2: '250 nghìn' is not a number (decimal mark '.' detected for this file); "
        "write digits only, e.g. 250000 or 250.000 đ",
    )


def test_decimal_mark_proven_by_another_cell() -> None:
    """``0,5`` proves the comma is the decimal mark, so ``1.250`` is 1250 t/yr."""
    table = read_table(FAULTS / "numbers" / "ok_streams_decimal.csv")
    assert table.frame["qty_t_per_year"].tolist() == [1250.0, 0.5]
    assert (table.decimal, table.decimal_proven) == (",", True)


def test_ambiguous_number_is_refused_naming_the_cell() -> None:
    """Twin: with only ``12`` beside it, ``1.250`` is 1.25 or 1250: never guessed."""
    (p,) = _problems(FAULTS / "numbers" / "bad_streams_ambiguous.csv")
    assert p.code == "ambiguous_number"
    assert _where(p) == (
        2,
        "qty_t_per_year",
        "E01: '1.250' is ambiguous: 1.25 or 1250 (no other cell shows which mark is the "
        "decimal one); write 1250 without a thousands separator, or 1.25 without the "
        "trailing zero",
    )
    # without a trailing zero to drop, the fix offered is a fourth decimal
    reading = read_number("1.234", ".", proven=False)
    assert reading.ambiguous and reading.reason is not None
    assert reading.reason.endswith(
        "write 1234 without a thousands separator, or 1.2340 with a fourth decimal"
    )


@pytest.mark.parametrize(
    ("text", "decimal", "money", "proven", "value", "ambiguous"),
    [
        ("250.000", ".", True, True, 250_000.0, False),
        ("250,000 đ", ",", True, True, 250_000.0, False),
        ("VND 1.250.000", ".", True, True, 1_250_000.0, False),
        ("1.250,5 ₫", ",", True, True, 1250.5, False),
        ("0.001", ".", False, False, 0.001, False),  # no thousands group starts with 0
        ("1.250", ".", False, False, None, True),
        ("1,250", ".", False, False, None, True),
        ("1.250", ",", False, True, 1250.0, False),
        ("12", ".", False, False, 12.0, False),
    ],
)
def test_one_number_parser(
    text: str, decimal: str, money: bool, proven: bool, value: float | None, ambiguous: bool
) -> None:
    """Each cell worked by hand under the vi-VN rules of eipgeo.io.numbers."""
    got = read_number(text, decimal, money=money, proven=proven)
    assert (got.value, got.ambiguous) == (value, ambiguous)


def test_degrees_with_three_decimals_prove_the_mark() -> None:
    """``20,839`` cannot be 20,839 degrees, so the comma is the file's decimal mark and
    ``1.250`` employees is 1250 (a thousands dot), not ambiguous."""
    table = read_table(FAULTS / "numbers" / "ok_enterprises_three_decimals.csv")
    assert table.frame["lat"].tolist() == [20.839, 20.84]
    assert table.frame["lon"].tolist() == [106.761, 106.762]
    assert table.frame["employees"].tolist() == [1250.0, 12.0]
    assert (table.decimal, table.decimal_proven) == (",", True)
    assert read_number("10.930", ".", proven=False, degrees=True).value == 10.93


def test_numbers_in_yaml_and_json_trees() -> None:
    """Text under number-named keys, as a vi-VN writer types it: ``"20,84"`` degrees,
    ``"106,761"`` (a coordinate cannot be 106,761°), ``"1.250,5"`` t, ``"2.000.000 đ"``;
    a key without a unit (``name``) is left alone."""
    from eipgeo.io.numbers import numbers_in_tree

    tree, refused = numbers_in_tree(
        {
            "depot": {"lat": "20,84", "lon": "106,761", "name": "1.250"},
            "hub": {"capacity_t_per_yr": "1.250,5", "gate_fee_vnd_per_t": "2.000.000 đ"},
        }
    )
    assert refused == []
    assert tree == {
        "depot": {"lat": 20.84, "lon": 106.761, "name": "1.250"},
        "hub": {"capacity_t_per_yr": 1250.5, "gate_fee_vnd_per_t": 2_000_000},
    }


def test_fleet_json_numbers_through_the_one_parser() -> None:
    """Text numbers in the fleet JSON: ``"500.000 đ"`` → 500,000; ``"12.000"`` in a VND
    key → 12,000; ``"10000"`` → 10,000 kg."""
    fleet = read_fleet(FAULTS / "numbers" / "ok_fleet_text_numbers.json")
    (truck,) = fleet.vehicles
    assert (truck.capacity_kg, truck.fixed_cost_vnd, truck.cost_per_km_vnd) == (
        10_000,
        500_000,
        12_000,
    )


def test_fleet_json_ambiguous_numbers_name_the_key() -> None:
    """Twin: ``"10.000"`` kg is 10 or 10,000; the JSON number ``500.000`` in a VND key is
    read by JSON as 500.0 VND; both refused, each naming its key."""
    problems = _raised(read_fleet, FAULTS / "numbers" / "bad_fleet_ambiguous.json")
    assert [(p.column, p.message) for p in problems] == [
        (
            "vehicles[0].capacity_kg",
            "'10.000' is ambiguous: 10 or 10000 (no other cell shows which mark is the "
            "decimal one); write 10000 without a thousands separator, or 10 without the "
            "trailing zero",
        ),
        (
            "vehicles[0].fixed_cost_vnd",
            "500.000 is read as 500 VND (in this file a dot is the decimal mark); write "
            "500000 for 500,000 VND, or quote it as '500.000 đ'",
        ),
    ]


def test_matrix_in_metres_is_accepted_without_a_unit() -> None:
    """G-A are 994.5 m apart in a straight line (0.0091° of longitude at 10.93° N:
    0.0091 × 111,195 m × cos 10.93° = 993.5 m); 1,050 m by road is plausible."""
    ids = ["G", "A", "B"]
    sites = read_sites(FAULTS / "numbers" / "sites.csv").set_index("site_id")
    lat_lon = {s: (float(sites.lat[s]), float(sites.lon[s])) for s in ids}
    m = read_matrix(FAULTS / "numbers" / "ok_matrix_m.csv", ids, None, lat_lon=lat_lon)
    assert m[0, 1] == 1050.0


def test_matrix_in_km_without_a_unit_asks_for_it() -> None:
    """Twin: the same matrix in km. G-B are 2 × 993.5 = 1,987 m apart in a straight line
    but the cell says 2.1: never read as a 2 m road."""
    result = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(FAULTS / "numbers" / "sites.csv"),
            "--fleet",
            str(FAULTS / "numbers" / "fleet.json"),
            "--matrix",
            str(FAULTS / "numbers" / "bad_matrix_km_no_unit.csv"),
        ],
    )
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "bad_matrix_km_no_unit.csv: the matrix gives no unit and its values are implausible "
        "for metres: G → B is 2.1 but the sites are 1,987 m apart in a straight line; give "
        "the unit: --matrix-unit km (or --matrix-unit m if these are metres)"
    )
    with_unit = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(FAULTS / "numbers" / "sites.csv"),
            "--fleet",
            str(FAULTS / "numbers" / "fleet.json"),
            "--matrix",
            str(FAULTS / "numbers" / "bad_matrix_km_no_unit.csv"),
            "--matrix-unit",
            "km",
            "--iterations",
            "50",
        ],
    )
    # G → A → B → G = 1.05 + 1.05 + 2.1 km
    assert with_unit.exit_code == 0, with_unit.output
    assert "total_distance_m=4200 routes=1" in with_unit.output


def test_graphml_lengths_in_km_are_refused(tmp_path: Path) -> None:
    """The ok_node_with_coordinates.osm grid saved as GraphML in metres loads (edge
    21-24 is 166.8 m: 0.0015° of latitude × 111,195 m); the same file with every
    ``length`` divided by 1000 (km) is refused, naming the longest-spaced edge."""
    import osmnx as ox

    graph = network.read_network(FAULTS / "coordinates" / "ok_node_with_coordinates.osm")
    ox.save_graphml(graph, tmp_path / "ok_m.graphml")
    loaded = network.read_network(tmp_path / "ok_m.graphml")
    assert loaded.number_of_edges() == 18
    for _, _, data in graph.edges(data=True):
        data["length"] = data["length"] / 1000
    ox.save_graphml(graph, tmp_path / "bad_km.graphml")
    (p,) = _raised(network.read_network, tmp_path / "bad_km.graphml")
    assert p.code == "length_unit"
    assert p.message.endswith(
        "the edge lengths are not in metres (km?); eipgeo reads GraphML 'length' in "
        "metres, as osmnx writes it: convert the lengths to metres"
    )
    # edge 21->22: 0.0025° of longitude at 20.86° N = 0.0025 × 111,195 × cos 20.86° = 260 m
    assert p.message.startswith("edge 21->22 has length 0.259767 but its ends are 260 m apart")


def test_demands_below_a_kilogram_are_scaled_not_rounded() -> None:
    """Two pickups of 0.5 kg fill one 1 kg truck exactly (G → B → A → G = 100 + 50 +
    100 m). Rounded up to whole kg they would be 2 kg: no plan with the one truck."""
    dist = np.array([[0, 100, 100], [100, 0, 50], [100, 50, 0]], dtype=float)
    plan = solve_cvrp(dist, [0, 0.5, 0.5], [VehicleType("t", 1, 1)], ["G", "A", "B"])
    assert [len(r.sites) for r in plan.routes] == [4]
    assert plan.distance_m == 250.0
    assert plan.routes[0].visits[-2].load_kg == 1.0


# ===================================================================== Spreadsheets


def test_formula_with_saved_value_is_read() -> None:
    """``ok_formula.xlsx``: C3 holds ``=20*6`` with its saved value 120."""
    sites = read_sites(FAULTS / "spreadsheets" / "ok_formula.xlsx")
    assert sites.waste_kg.tolist() == [0.0, 120.0, 80.0]


def test_formula_without_saved_value_names_the_cell() -> None:
    """Twin: the workbook as a script wrote it, never opened in Excel: no value in C3."""
    problems = _raised(read_sites, FAULTS / "spreadsheets" / "bad_formula.xlsx")
    assert [_where(p) for p in problems] == [
        (
            3,
            "waste_kg",
            "A: cell C3 holds the formula =20*6 but no saved value; open the file in Excel "
            "(or LibreOffice) and save it, so the value is stored",
        )
    ]


def test_number_cells_in_text_columns_stay_as_typed(tmp_path: Path) -> None:
    """Ids and ISIC classes typed as numbers in Excel are text (``101``, ``2410``), not
    floats; a text cell ``1.250`` among number cells is ambiguous (no text cell shows the
    decimal mark), while number cells are taken as Excel stores them."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "name", "lat", "lon", "isic4_class", "employees"])
    sheet.append([101, "A", 20.84, 106.76, 2410, 50])
    sheet.append([102, "B", 20.85, 106.77, 1701, "1.250"])
    book.save(tmp_path / "ids.xlsx")
    table = read_table(tmp_path / "ids.xlsx")
    assert table.frame["id"].tolist() == ["101", "102"]
    assert table.frame["isic4_class"].tolist() == ["2410", "1701"]
    assert table.frame["employees"].iloc[0] == 50.0
    (p,) = table.problems
    assert (p.code, p.row, p.column) == ("ambiguous_number", 3, "employees")


def test_hidden_sheet_is_skipped() -> None:
    """The hidden first sheet ``old`` (site X) is not read; ``data`` is, without warning."""
    table = read_table(FAULTS / "spreadsheets" / "ok_hidden_sheet.xlsx")
    assert table.sheet == "data"
    assert table.frame["id"].tolist() == ["G", "A", "B"]
    assert table.problems == []


def test_several_visible_sheets_name_the_one_read() -> None:
    """Twin: ``data`` and ``notes`` both visible: ``data`` is read and named; another is
    read when named as FILE#SHEET."""
    path = FAULTS / "spreadsheets" / "bad_two_visible_sheets.xlsx"
    table = read_table(path)
    (p,) = table.problems
    assert (p.severity, p.message) == (
        "warning",
        "the workbook has 2 visible sheets (data, notes); read 'data'; to read another, "
        "name it as bad_two_visible_sheets.xlsx#SHEET",
    )
    assert read_table(f"{path}#notes").frame["id"].tolist() == ["N"]
    routed = runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(path),
            "--fleet",
            str(FAULTS / "routing" / "ok_fleet.json"),
            "--matrix",
            str(FAULTS / "routing" / "matrix_m.csv"),
            "--matrix-unit",
            "m",
            "--iterations",
            "50",
        ],
    )
    assert routed.exit_code == 0, routed.output
    assert (
        "note: bad_two_visible_sheets.xlsx: the workbook has 2 visible sheets (data, notes); "
        "read 'data'"
    ) in routed.output.replace(str(path), "bad_two_visible_sheets.xlsx")


def test_excel_times_are_gate_hours_and_overnight_hours_wrap() -> None:
    """A's gate 07:00-17:30 → 25,200-63,000 s; B's 22:00-06:00 closes the next morning:
    79,200 s to 86,400 + 21,600 = 108,000 s."""
    sites = read_sites(FAULTS / "spreadsheets" / "ok_formula.xlsx").set_index("site_id")
    assert (sites.open_s["A"], sites.close_s["A"]) == (25_200.0, 63_000.0)
    assert (sites.open_s["B"], sites.close_s["B"]) == (79_200.0, 108_000.0)


def test_dates_in_a_year_column_are_read_as_their_year_with_a_warning() -> None:
    """``15/03/2024`` (dd/mm/yyyy) is 2024. ``bad_year_as_date.xlsx`` has 2024 typed into
    a date-formatted cell, which Excel shows as 1905-07-16: day 2024 after 1899-12-30."""
    ok = read_table(FAULTS / "spreadsheets" / "ok_year.xlsx")
    assert ok.frame["year"].tolist() == [2024.0, 2024.0]
    assert [(p.row, p.message) for p in ok.problems] == [
        (
            3,
            "year read as 2024 from the date 15/03/2024 (dd/mm/yyyy); write the year alone "
            "(e.g. 2024)",
        )
    ]
    bad = read_table(FAULTS / "spreadsheets" / "bad_year_as_date.xlsx")
    assert bad.frame["year"].tolist() == [2024.0, 2024.0]
    assert (bad.problems[0].row, bad.problems[0].message) == (
        2,
        "year read as 2024 from the Excel date 1905-07-16, whose serial number is 2024; "
        "write the year alone (e.g. 2024)",
    )


def test_header_over_two_merged_rows_is_named() -> None:
    """``Tọa độ`` merged over C1:D1 with ``lat``/``lon`` below it, id and name merged
    down A1:A2 and B1:B2: refused, naming the ranges; the one-row twin reads clean."""
    problems = _problems(FAULTS / "spreadsheets" / "bad_merged_header.xlsx")
    first = problems[0]
    assert (first.code, first.row, first.message) == (
        "merged_header",
        1,
        "the header of sheet 'Sheet' spreads over two rows (merged cells A1:A2, B1:B2, "
        "C1:D1); unmerge them and write one header row, one name per column (e.g. 'Khối "
        "lượng (tấn/năm)')",
    )
    assert _problems(FAULTS / "spreadsheets" / "ok_one_header.xlsx") == []


# ==================================================================== Scenario YAML


def test_repeated_key_names_both_lines() -> None:
    """``recp`` at lines 4 and 7: the second would replace the first."""
    assert load_scenario(FAULTS / "yaml" / "ok_keys_once.yaml").recp is not None
    (p,) = _raised(load_scenario, FAULTS / "yaml" / "bad_duplicate_key.yaml")
    assert (p.row, p.column, p.message) == (
        7,
        "1",
        "key 'recp' is given twice, at lines 4 and 7; the second would silently replace "
        "the first: keep one",
    )


def test_yaml_11_surprises_are_read_as_text() -> None:
    """Unquoted ``no``, ``on``, ``08`` and ``070101`` (YAML 1.1: False, True, an invalid
    octal, octal 28737) read exactly as their quoted twins: text."""
    quoted = load_scenario(FAULTS / "yaml" / "ok_yaml11_quoted.yaml")
    bare = load_scenario(FAULTS / "yaml" / "bad_yaml11_unquoted.yaml")
    assert (bare.name, bare.description) == ("no", "on") == (quoted.name, quoted.description)
    assert bare.recp is not None and quoted.recp is not None
    assert bare.recp.reduction_pct_by_sector == {"08": 10.0} == quoted.recp.reduction_pct_by_sector
    assert bare.recp.reduction_pct_by_code == {"070101": 15.0} == quoted.recp.reduction_pct_by_code


def test_yaml_money_text_and_ambiguous_literal() -> None:
    """``"15.000.000.000 đ"`` is 15 billion VND; an unquoted ``15.000`` is 15.0 to YAML,
    three orders off what a Vietnamese writer meant: refused at its line."""
    ok = load_scenario(FAULTS / "yaml" / "ok_money.yaml")
    assert ok.interventions[0].capex_vnd == 15_000_000_000.0
    (p,) = _raised(load_scenario, FAULTS / "yaml" / "bad_money.yaml")
    assert (p.row, p.column, p.message) == (
        10,
        "16",
        "interventions.0.capex_vnd: 15.000 is read as 15 VND (in this file a dot is the "
        "decimal mark); write 15000 for 15,000 VND, or quote it as '15.000 đ'",
    )


# ============================================================= Coordinates and CRS


def test_projected_metres_checked_against_viet_nam() -> None:
    """E01 Đình Vũ (20.839 N, 106.761 E) is (683,235.9, 2,305,331.5) in UTM 48N (pyproj);
    E02 is Hải An; Dung Quất (15.12 N, 108.80 E) is (263,565.5, 1,672,783.0) in 49N."""
    assert _problems(FAULTS / "coordinates" / "ok_sites_utm.csv") == []
    assert _problems(FAULTS / "coordinates" / "ok_sites_utm49.csv") == []


def test_swapped_xy_and_wrong_zone_are_named() -> None:
    """Twin: E01's x and y swapped; E03's 49N metres declared 48N, which puts it at
    102.80 E in Laos (pyproj), while 49N puts it back at 108.80 E."""
    problems = [p for p in _problems(FAULTS / "coordinates" / "bad_sites_utm.csv") if p.row]
    assert [(p.row, p.code, p.message) for p in problems] == [
        (
            2,
            "swapped_coordinates",
            "E01: x and y look swapped: (2305331.5, 683235.9) in EPSG:32648 falls at "
            "(5.9390 N, 121.0983 E), outside Viet Nam, but (683235.9, 2305331.5) falls in "
            "it (20.8390 N, 106.7610 E); swap the x_m and y_m values",
        ),
        (
            4,
            "wrong_zone",
            "E03: coordinates (263565.5, 1672783.0) in EPSG:32648 fall outside Viet Nam "
            "(15.1200 N, 102.8000 E), but in EPSG:32649 (WGS 84 / UTM zone 49N) they fall "
            "in it (15.1200 N, 108.8000 E): metres in the wrong zone? declare EPSG:32649 "
            "for these rows",
        ),
    ]


def test_point_in_the_box_but_outside_the_country_polygon() -> None:
    """Phnom Penh (11.556 N, 104.928 E) lies inside the old 6-24.5 N, 101.5-118 E box;
    the country's outline puts it 69 km outside (the Cambodian border near Tịnh Biên)."""
    assert _problems(FAULTS / "coordinates" / "ok_enterprises_in_vn.csv") == []
    (p,) = _problems(FAULTS / "coordinates" / "bad_enterprises_outside_vn.csv")
    assert (p.row, p.column, p.code, p.message) == (
        3,
        "lat",
        "outside_vietnam",
        "E02: (11.556, 104.928) is outside Viet Nam (69 km from its outline); check the "
        "coordinates and their sign",
    )


def test_scenario_points_checked_against_viet_nam() -> None:
    """A scenario's depot (and facilities, tenants, hub and collection points) carries
    geometry too: Phnom Penh is refused at its YAML line."""
    ok = load_scenario(FAULTS / "coordinates" / "ok_scenario_depot.yaml")
    assert ok.depot is not None and (ok.depot.lat, ok.depot.lon) == (20.839, 106.761)
    (p,) = _raised(load_scenario, FAULTS / "coordinates" / "bad_scenario_depot.yaml")
    assert (p.row, p.message) == (
        5,
        "depot: (11.556, 104.928) is outside Viet Nam (69 km from its outline); check the "
        "coordinates and their sign",
    )


def test_route_sites_checked_against_viet_nam() -> None:
    """The sites table of eipgeo route carries geometry too (numbers/sites.csv is fine)."""
    assert len(read_sites(FAULTS / "numbers" / "sites.csv")) == 3
    (p,) = _raised(read_sites, FAULTS / "coordinates" / "bad_route_sites_outside.csv")
    assert (p.row, p.column, p.message) == (
        3,
        "lat",
        "A: (11.556, 104.928) is outside Viet Nam (69 km from its outline); check the "
        "coordinates and their sign",
    )


def test_boundary_written_lat_lon() -> None:
    """Twin of ok_boundary.geojson with every pair written [lat, lon]."""
    assert _problems(FAULTS / "coordinates" / "ok_boundary.geojson") == []
    (p,) = _problems(FAULTS / "coordinates" / "bad_boundary_latlon.geojson")
    assert (p.row, p.code, p.message) == (
        1,
        "swapped_coordinates",
        "boundary B1 is written as [lat, lon]: the point (20.83, 106.75) read as (lon, lat) "
        "is outside Viet Nam, swapped it is inside; GeoJSON and WKT take [lon, lat]: swap "
        "each pair",
    )


def test_road_line_outside_viet_nam() -> None:
    """Road R2 runs in Phnom Penh: every file with geometry gets the same test."""
    assert len(network.read_road_lines(FAULTS / "coordinates" / "ok_roads.geojson")) == 2
    (p,) = _raised(network.read_road_lines, FAULTS / "coordinates" / "bad_roads_outside.geojson")
    assert (p.row, p.message) == (
        2,
        "road line R2 has a point at (11.56000, 104.93000) outside Viet Nam (68.9 km from "
        "its outline); check the coordinates and the CRS",
    )


def test_one_crs_for_the_study_area() -> None:
    """Hai Phong (106.7 E) is zone 48; Quảng Ngãi (108.8 E) zone 49; an area across
    108 E gets one transverse Mercator on its middle meridian ((107.5 + 108.6) / 2)."""
    assert network.utm_crs([106.7, 106.8], [20.8, 20.9]) == "EPSG:32648"
    assert network.utm_crs([108.5, 109.0], [15.0, 15.2]) == "EPSG:32649"
    assert network.utm_crs([107.5, 108.6], [16.0, 16.1]).startswith(
        "+proj=tmerc +lat_0=0 +lon_0=108.05 +k=0.9996 +x_0=500000"
    )


def test_osm_node_without_coordinates_is_named_with_its_way() -> None:
    """Way 210 uses node 33, present but without lat/lon: the way is dropped with a
    warning naming both, leaving the clipped_way graph (7 nodes, 16 directed edges);
    the twin with node 33 placed keeps way 210 (8 nodes, 18 edges)."""
    ok = network.read_network(FAULTS / "coordinates" / "ok_node_with_coordinates.osm")
    assert (ok.number_of_nodes(), ok.number_of_edges()) == (8, 18)
    with pytest.warns(network.NetworkWarning) as seen:
        bad = network.read_network(FAULTS / "coordinates" / "bad_node_without_coordinates.osm")
    assert (bad.number_of_nodes(), bad.number_of_edges()) == (7, 16)
    assert str(seen[0].message) == (
        "bad_node_without_coordinates.osm: way 210 uses node 33, which has no usable "
        "coordinates (lat=None, lon=None); the way was dropped. Re-export the extract, or "
        "give the node its lat and lon."
    )


def test_collapsed_sites_flagged_in_validate_and_route() -> None:
    """E01 and E02 share one point: a warning in any command reading the file; in eipgeo
    route two sites 0 m apart are named in a note."""
    assert _problems(FAULTS / "coordinates" / "ok_enterprises_apart.csv") == []
    (p,) = _problems(FAULTS / "coordinates" / "bad_enterprises_collapsed.csv")
    assert (p.severity, p.row, p.message) == (
        "warning",
        3,
        "E02: at the same point (20.839,106.761) as row 2 (E01): two distinct sites would "
        "collapse onto one road point and one stop; check the coordinates, or merge the "
        "rows if they are one site",
    )
    from eipgeo.routing.inputs import collapsed_sites

    dist = np.array([[0, 5, 5], [5, 0, 0], [5, 0, 0]], dtype=float)
    assert collapsed_sites(dist, ["G", "A", "B"]) == [
        "A and B are 0 m apart (one road point or one building): check that they are "
        "distinct sites and their coordinates"
    ]
    apart = np.array([[0, 5, 5], [5, 0, 3], [5, 3, 0]], dtype=float)
    assert collapsed_sites(apart, ["G", "A", "B"]) == []


# ============================================================ Routing infeasibility

ROUTING = FAULTS / "routing"


def _route(sites: str, fleet: str) -> object:
    return runner.invoke(
        app,
        [
            "route",
            "--sites",
            str(ROUTING / sites),
            "--fleet",
            str(ROUTING / fleet),
            "--matrix",
            str(ROUTING / "matrix_m.csv"),
            "--matrix-unit",
            "m",
            "--iterations",
            "200",
        ],
    )


def test_overnight_gate_is_served() -> None:
    """36 km/h = 10 m/s: G → A 1,800 s, A → B 1,800 s, B → G 3,600 s. B's gate is open
    22:00-06:00; the plan visits A before 17:00 and B at 22:00: G → A → B → G =
    18 + 18 + 36 km."""
    result = _route("sites.csv", "ok_fleet.json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "total_distance_m=72000 routes=1" in result.output  # type: ignore[attr-defined]


def test_gate_closing_before_the_earliest_arrival_names_both_times() -> None:
    """Twin: A's gate closes 06:20; the garage opens 06:00 and A is 30 min away."""
    result = _route("bad_sites_gate.csv", "ok_fleet.json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.output.strip().endswith(  # type: ignore[attr-defined]
        "bad_sites_gate.csv:3: A: the gate closes at 06:20 but the earliest possible arrival "
        "is 06:30 (the garage G opens at 06:00, then 30 min of driving); open the gate later, "
        "or start from a nearer garage"
    )


def test_round_trip_longer_than_the_shift_names_both_durations() -> None:
    """Twin: a 2 h shift; B's shortest round trip is 1 h + 10 min + 1 h = 2 h 10 min."""
    result = _route("sites.csv", "bad_fleet_short_shift.json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.output.strip().endswith(  # type: ignore[attr-defined]
        "sites.csv:4: B: the shortest round trip takes 2 h 10 min (G → B 1 h 00 min, loading "
        "10 min, B → G 1 h 00 min) but the longest shift is 2 h 00 min; lengthen the shift or "
        "add a nearer disposal site"
    )


def test_fleet_too_small_without_a_disposal_site_names_both_loads() -> None:
    """Twin: one 200 kg truck, no disposal site to unload at; A 200 + B 150 = 350 kg."""
    result = _route("sites.csv", "bad_fleet_one_small_truck.json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.output.strip().endswith(  # type: ignore[attr-defined]
        "350 kg is to be collected but the fleet holds 200 kg in one trip each (1 vehicle), "
        "and no disposal site lets a truck unload and go again (the largest pickup is A, "
        "200 kg); add vehicles or a disposal site (disposal_sites)"
    )


def test_class_no_vehicle_may_carry_names_the_site() -> None:
    """Twin: B holds hazardous waste and the fleet has no licensed vehicle."""
    result = _route("bad_sites_class.csv", "ok_fleet.json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.output.strip().endswith(  # type: ignore[attr-defined]
        "bad_sites_class.csv:4: B: hazardous waste but no vehicle type is licensed for it"
    )


# ========================================================== Siting, LP and appraisal

COST = np.array([[100, 200, 300], [200, 100, 200], [300, 200, 100]], dtype=float)
IDS = {"client_ids": ["A", "B", "C"], "candidate_ids": ["H1", "H2", "H3"]}


def test_single_source_siting_that_fits() -> None:
    """Hubs of 80 and 60 t/yr take 40 + 40 and 40: H2 (80) serves A and B or B and C."""
    res = siting.p_median(COST, [40, 40, 40], p=2, capacities_t_per_yr=[60, 80, 60], **IDS)
    assert len(res.open_ids) == 2 and "H2" in res.open_ids


def test_single_source_siting_caught_before_the_solver() -> None:
    """Twin: two hubs of 60 t/yr hold 120 = the total, but three sites of 40 cannot be
    split: one hub must take two (80). So 3 hubs work, or 2 of at least 80 t/yr."""
    with pytest.raises(InfeasibleError) as info:
        siting.p_median(COST, [40, 40, 40], p=2, capacities_t_per_yr=[60, 60, 60], **IDS)
    assert str(info.value) == (
        "the 2 largest candidates hold 120.0 t/yr, enough for the 120.0 t/yr in total, but "
        "no assignment of each site whole to one hub fits their capacities (60.0, 60.0 "
        "t/yr); 3 hubs (the largest candidates) would work; or 2 hubs of at least 80.0 t/yr "
        "each"
    )


def test_lp_result_snapped_to_its_limit() -> None:
    """Offers of 2,000,000 and 1,000,000 t/yr of paper for a need of 2,500,000: the plan
    takes 1,500,000 + 1,000,000 exactly (the tie-break pass used to give 1,499,999.998)."""
    lp = FAULTS / "lp"
    result = runner.invoke(
        app,
        [
            "symbiosis",
            "--offers",
            str(lp / "offers.csv"),
            "--needs",
            str(lp / "needs.csv"),
            "--enterprises",
            str(lp / "enterprises.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "giấy vụn 1500000.000 t/yr" in result.output
    assert "workshop: 2 exchanges, 2500000.0 t/yr (objective t)" in result.output
    # the issue's own case: one offer of 2,000,000 t/yr, fully taken (was 1,999,999.998)
    one = runner.invoke(
        app,
        [
            "symbiosis",
            "--offers",
            str(lp / "offers_one.csv"),
            "--needs",
            str(lp / "needs.csv"),
            "--enterprises",
            str(lp / "enterprises.csv"),
        ],
    )
    assert "giấy vụn 2000000.000 t/yr" in one.output
    assert "workshop: 1 exchanges, 2000000.0 t/yr (objective t)" in one.output


def test_irr_unique_and_several_roots() -> None:
    """-100 + 230/y - 132/y² = 0 has y = 1.1 and 1.2 (IRR 10 % and 20 %): no single IRR;
    MIRR at 10 % = sqrt(253 / 209.0909) - 1 = 10 %. The conventional -1000, +300 × 5 has
    one root, 15.2382 % (test_appraisal)."""
    assert appraisal.irr([-1000.0] + [300.0] * 5) == pytest.approx(0.152382, abs=1e-6)
    flows = [-100.0, 230.0, -132.0]
    assert appraisal.irr(flows) is None
    table = appraisal.appraisal_table(0.10, flows, [100.0, 0.0, 132.0], [0, 1, 1], [0, 1, 1])
    row = table.set_index("metric")
    assert np.isnan(row.loc["irr_pct", "value"])
    assert row.loc["irr_pct", "note"].startswith(
        "IRR ambiguous: cash flows change sign 2 times and 2 rates give NPV = 0 (10.00 %, 20.00 %)"
    )
    assert row.loc["mirr_pct", "value"] == pytest.approx(10.0, abs=1e-9)


def test_capex_after_the_last_operating_year_is_refused() -> None:
    """Start 2027, 10 years: the last operating year is 2036; capex in 2031 is counted,
    capex in 2040 would fall outside every cash flow."""
    ok = load_scenario(FAULTS / "appraisal" / "ok_capex_in_years.yaml")
    assert ok.interventions[0].capex_vnd == {2026: 15_000_000_000.0, 2031: 2_000_000_000.0}
    (p,) = _raised(load_scenario, FAULTS / "appraisal" / "bad_capex_after_last_year.yaml")
    assert (p.row, p.message) == (
        10,
        "interventions.0.capex_vnd: capex falls in 2040, after the last operating year 2036 "
        "(start_year 2027 + lifetime_yr 10 - 1), so no cash flow would carry it; move it "
        "into the years up to 2036 or lengthen lifetime_yr",
    )


# =============================================================== Outputs and batch


def test_geopackage_reserved_columns_are_kept(tmp_path: Path) -> None:
    """GDAL refuses a text ``fid`` and a ``geom`` attribute; their values survive as
    ``source_fid`` and ``source_geom``."""
    frame = gpd.GeoDataFrame(
        {"fid": ["a", "b"], "geom": ["x", "y"], "name": ["A", "B"]},
        geometry=[shapely.Point(106.76, 20.84), shapely.Point(106.77, 20.84)],
        crs=4326,
    )
    with pytest.raises(Exception, match="fid"):
        frame.to_file(tmp_path / "raw.gpkg", layer="l", driver="GPKG")
    atomic_write_gpkg({"sites": frame}, tmp_path / "ok.gpkg")
    back = gpd.read_file(tmp_path / "ok.gpkg", layer="sites")
    assert back[["source_fid", "source_geom", "name"]].values.tolist() == [
        ["a", "x", "A"],
        ["b", "y", "B"],
    ]


def test_outputs_are_written_in_nfc(tmp_path: Path) -> None:
    """A name decomposed (NFD, as Windows-1258 stores tone marks) is written back NFC."""
    nfd = unicodedata.normalize("NFD", "Công ty Hòa Bình")
    atomic_write_csv(tmp_path / "t.csv", pd.DataFrame({unicodedata.normalize("NFD", "tên"): [nfd]}))
    text = (tmp_path / "t.csv").read_text(encoding="utf-8")
    assert text == "tên\nCông ty Hòa Bình\n"
    assert unicodedata.is_normalized("NFC", text)


@pytest.fixture
def tiny_national(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose national file holds the 3 tiny parks of test_batch."""
    root = tmp_path / "data"
    (root / "osm").mkdir(parents=True)
    shutil.copy(
        Path(__file__).resolve().parent / "data" / "national_parks_ok.geojson",
        root / national.NATIONAL_FILE,
    )
    monkeypatch.setattr(settings, "data_dir", root)
    monkeypatch.setenv("EIPGEO_DATA_DIR", str(root))
    return root


def test_batch_task_whose_outputs_fail_is_failed_and_rerun(
    tiny_national: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while a task's results are stored: that task is ``failed`` with the
    reason (never ``ok``); the next run runs it again and it is ``ok``."""
    tasks = batch.tasks_for(["all-national"], seed=1, iterations=30)[:1]
    out = tmp_path / "out"

    def full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(gpd.GeoDataFrame, "to_parquet", full)
        first = batch.run_batch(tasks, out, serial=True, seed=1, iterations=30)
    (outcome,) = first.outcomes
    assert outcome.status == "failed"
    assert outcome.reason == (
        "its outputs could not be written (OSError: [Errno 28] No space left on device)"
    )
    summary = pd.read_csv(out / "batch_summary.csv")
    assert summary.status.tolist() == ["failed"]
    again = batch.run_batch(tasks, out, serial=True, seed=1, iterations=30)
    assert [o.status for o in again.outcomes] == ["ok"]


def test_rerun_runs_a_task_whose_cached_outputs_are_broken(
    tiny_national: Path, tmp_path: Path
) -> None:
    """A cached task is ``cached`` on a rerun, unless its stored sites were truncated:
    then it runs again (``ok``) instead of trusting the cache key."""
    tasks = batch.tasks_for(["all-national"], seed=1, iterations=30)[:1]
    out = tmp_path / "out"
    assert [
        o.status for o in batch.run_batch(tasks, out, serial=True, seed=1, iterations=30).outcomes
    ] == ["ok"]
    assert [
        o.status for o in batch.run_batch(tasks, out, serial=True, seed=1, iterations=30).outcomes
    ] == ["cached"]
    (folder,) = (out / "cache").iterdir()
    (folder / "sites.parquet").write_bytes(b"PAR1 truncated")
    assert [
        o.status for o in batch.run_batch(tasks, out, serial=True, seed=1, iterations=30).outcomes
    ] == ["ok"]


def test_map_takes_a_scenario_file(tmp_path: Path) -> None:
    """``eipgeo map SCENARIO.yaml`` (CONTRACT): the scenario is run and mapped; a scenario
    path that does not exist is an unreadable input (exit 2)."""
    scenario = Path(__file__).resolve().parent / "data" / "scenario_ok.yaml"
    result = runner.invoke(app, ["map", str(scenario), "--out", str(tmp_path / "s.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s.html").stat().st_size > 10_000
    missing = runner.invoke(app, ["map", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2
    assert "nope.yaml: cannot read the scenario file" in missing.output


@pytest.mark.parametrize("name", ["ok_blank_coords.csv", "bad_marker_coords.csv"])
def test_missing_value_markers_in_coordinates_skip_the_row(name: str, tmp_path: Path) -> None:
    """``N/A``, ``NaN`` and ``-`` in lat/lon read as blank cells: the map is written
    (exit 0) with M1 and M4, and rows 3 (M2) and 4 (M3) are named as warnings; the
    blank twin gives the same two warnings. Never a refused map."""
    out = tmp_path / "m.html"
    result = runner.invoke(app, ["map", str(FAULTS / "maps" / name), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert f"{name}:3:lat: M2: missing lat" in result.output
    assert f"{name}:4:lat: M3: missing lat" in result.output and "and lon" in result.output
    if name.startswith("bad"):
        assert "'N/A' marks a missing value" in result.output
        assert "lon ('-' marks a missing value)" in result.output
    # eipgeo validate is stricter than the map: the same two rows, as errors to fix
    problems = _problems(FAULTS / "maps" / name)
    assert {(p.row, p.code) for p in problems} == {
        (3, "missing_coordinates"),
        (4, "missing_coordinates"),
    }


# ========================================================================= Messages


def test_row_messages_name_the_row_and_its_id() -> None:
    """The issue's own example: ``enterprises.csv:4:lat: E03: latitude 106.85 ...``."""
    lines = [p.to_line() for p in _problems(FAULTS / "messages" / "bad_enterprises.csv")]
    assert lines[0] == (
        f"{FAULTS / 'messages' / 'bad_enterprises.csv'}:4:lat: E03: latitude 106.85 and "
        "longitude 10.93 look swapped (Viet Nam is about 8–24 N, 102–110 E); swap the two "
        "values"
    )
    assert _problems(FAULTS / "messages" / "ok_enterprises.csv") == []


def test_unreadable_fleet_json_is_our_error() -> None:
    """A repeated key in the fleet JSON: the second would replace the first."""
    assert read_fleet(FAULTS / "numbers" / "fleet.json").vehicles[0].capacity_kg == 1000
    with pytest.raises(InputReadError) as info:
        read_fleet(FAULTS / "messages" / "bad_fleet_repeated_key.json")
    assert [p.to_line() for p in info.value.problems] == [
        f"{FAULTS / 'messages' / 'bad_fleet_repeated_key.json'}:capacity_kg: key "
        "'capacity_kg' is given twice in one object; the second would silently replace the "
        "first: keep one"
    ]


# ============================================================ The table: file → error

FAULT_TABLE = [
    # (file under tests/data/faults, first error's code, row, column) for every bad twin
    ("numbers/bad_facilities_money.csv", "not_numeric", 3, "gate_fee_vnd_per_t"),
    ("numbers/bad_streams_ambiguous.csv", "ambiguous_number", 2, "qty_t_per_year"),
    ("numbers/bad_fleet_ambiguous.json", "ambiguous_number", None, "vehicles[0].capacity_kg"),
    ("spreadsheets/bad_formula.xlsx", "formula_without_value", 3, "waste_kg"),
    ("spreadsheets/bad_merged_header.xlsx", "merged_header", 1, None),
    ("yaml/bad_duplicate_key.yaml", "duplicate_key", 7, "1"),
    ("yaml/bad_money.yaml", "ambiguous_number", 10, "16"),
    ("coordinates/bad_sites_utm.csv", "swapped_coordinates", 2, "x_m"),
    ("coordinates/bad_enterprises_outside_vn.csv", "outside_vietnam", 3, "lat"),
    ("coordinates/bad_boundary_latlon.geojson", "swapped_coordinates", 1, "geometry"),
    ("coordinates/bad_scenario_depot.yaml", "invalid", 5, "3"),
    ("appraisal/bad_capex_after_last_year.yaml", "invalid", 10, "16"),
    ("messages/bad_enterprises.csv", "swapped_coordinates", 4, "lat"),
    ("messages/bad_fleet_repeated_key.json", "duplicate_key", None, "capacity_kg"),
]
"""Every bad twin that a reader refuses, with the first error's code and place."""

OK_TABLE = [
    "numbers/ok_facilities_money.csv",
    "numbers/ok_streams_decimal.csv",
    "numbers/ok_enterprises_three_decimals.csv",
    "numbers/ok_fleet_text_numbers.json",
    "spreadsheets/ok_one_header.xlsx",
    "spreadsheets/ok_formula.xlsx",
    "yaml/ok_keys_once.yaml",
    "yaml/ok_money.yaml",
    "yaml/ok_yaml11_quoted.yaml",
    "coordinates/ok_sites_utm.csv",
    "coordinates/ok_sites_utm49.csv",
    "coordinates/ok_enterprises_in_vn.csv",
    "coordinates/ok_boundary.geojson",
    "coordinates/ok_enterprises_apart.csv",
    "coordinates/ok_scenario_depot.yaml",
    "appraisal/ok_capex_in_years.yaml",
    "messages/ok_enterprises.csv",
]
"""Every good twin that a reader takes without an error."""


SITE_TABLES = ("bad_formula.xlsx", "ok_formula.xlsx")
"""Sites tables of ``eipgeo route`` (read by its reader, not as enterprises)."""


def _read_any(path: Path) -> list[Problem]:
    """The errors a file gives through the reader its kind goes to."""
    if path.name in SITE_TABLES:
        try:
            read_sites(path)
        except EipgeoError as exc:
            return exc.problems
        return []
    if path.suffix == ".yaml":
        try:
            load_scenario(path)
        except EipgeoError as exc:
            return exc.problems
        return []
    if path.suffix == ".json":
        try:
            read_fleet(path)
        except EipgeoError as exc:
            return exc.problems
        return []
    return [p for p in _problems(path) if p.severity == "error"]


@pytest.mark.parametrize(("name", "code", "row", "column"), FAULT_TABLE)
def test_fault_table(name: str, code: str, row: int | None, column: str | None) -> None:
    first = _read_any(FAULTS / name)[0]
    assert (first.code, first.row, first.column) == (code, row, column)


@pytest.mark.parametrize("name", OK_TABLE)
def test_good_twins_read_clean(name: str) -> None:
    assert _read_any(FAULTS / name) == []
