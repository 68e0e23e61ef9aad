"""Validation: every problem, located as a spreadsheet shows it; `eipgeo validate`."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import numpy as np
import pytest
import shapely
from typer.testing import CliRunner

import eipgeo
from eipgeo import io as eio
from eipgeo import parks
from eipgeo._errors import ValidationError
from eipgeo._text import name_key
from eipgeo.cli import app
from eipgeo.data import BUNDLED_DATA_DIR
from eipgeo.io import checks as validation
from eipgeo.io import templates

DATA = Path(__file__).resolve().parent / "data"
MISSING = DATA / "cases" / "missing_coords"
ISLAND = DATA / "cases" / "road_island"


def codes(problems: list[eipgeo.Problem]) -> set[tuple[int | None, str]]:
    return {(p.row, p.code) for p in problems}


# --------------------------------------------------------------------------------------
# Hand-written twins
# --------------------------------------------------------------------------------------


def test_enterprises_ok_has_no_problem() -> None:
    assert validation.validate_file(DATA / "enterprises_ok.csv") == ("enterprises", [])


def test_enterprises_bad_every_problem() -> None:
    """enterprises_bad.csv, worked by hand row by row (header = row 1):
    3 repeats id A01 of row 2; 4 has lat 106.85/lon 10.93 (swapped); 5 is (0, 0);
    6 has employees -4, qty 'abc', and 'Hoà' vs row 2's 'Hòa' (tone placement);
    7 has a blank id, no lon, and ISIC 4000 (division 40 does not exist in ISIC Rev.4).
    """
    kind, problems = validation.validate_file(DATA / "enterprises_bad.csv")
    assert kind == "enterprises"
    assert codes(problems) == {
        (3, "duplicate_id"),
        (4, "swapped_coordinates"),
        (5, "placeholder_coordinates"),
        (6, "negative_quantity"),
        (6, "not_numeric"),
        (6, "near_duplicate_name"),
        (7, "missing_id"),
        (7, "missing_coordinates"),
        (7, "unknown_isic"),
    }
    by_code = {p.code: p for p in problems}
    assert by_code["near_duplicate_name"].severity == "warning"
    assert by_code["not_numeric"].column == "qty_t_per_year"
    assert by_code["not_numeric"].value == "abc"
    assert by_code["missing_coordinates"].column == "lon"
    assert (
        by_code["swapped_coordinates"].to_line().endswith("swap the two values")
        and ":4:lat:" in by_code["swapped_coordinates"].to_line()
    )


def test_read_enterprises_raises_with_all_problems() -> None:
    with pytest.raises(ValidationError) as info:
        eipgeo.read_enterprises(DATA / "enterprises_bad.csv")
    assert info.value.exit_code == 1
    assert len(info.value.problems) == 9


def test_degrees_columns_holding_metres() -> None:
    """lat 1208992.7 / lon 702410.2 are UTM metres in degree columns."""
    _, problems = validation.validate_file(DATA / "enterprises_projected_as_degrees.csv")
    assert codes(problems) == {(2, "crs_mismatch"), (None, "no_coordinates")}


def test_mixed_utm_zones() -> None:
    """Row 4 declares UTM 49N while rows 2-3 use 48N: one CRS must serve the study area."""
    _, problems = validation.validate_file(DATA / "enterprises_mixed_utm.csv")
    mixed = [p for p in problems if p.code == "mixed_crs"]
    assert [(p.row, p.value) for p in mixed] == [(4, 32649)]


def test_sites_straddling_108e_warn(tmp_path: Path) -> None:
    """107.9 E is in UTM 48N and 108.1 E in 49N (zone edge at 108 E): one warning."""
    path = tmp_path / "split.csv"
    path.write_text("id,name,lat,lon\nA,a,16.0,107.9\nB,b,16.0,108.1\n", encoding="utf-8")
    _, problems = validation.validate_file(path)
    assert [(p.code, p.severity) for p in problems] == [("utm_zone_split", "warning")]


def test_duplicate_columns_across_languages(tmp_path: Path) -> None:
    """`vi_do` and `lat` are the same column: a duplicate, named on row 1."""
    path = tmp_path / "dup.csv"
    path.write_text("id,name,lat,lon,vi_do\nA,a,10.9,106.8,10.9\n", encoding="utf-8")
    _, problems = validation.validate_file(path)
    assert codes(problems) == {(1, "duplicate_column")}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Công ty Hòa Bình", "Công ty Hoà Bình", True),
        ("Công ty Hòa Bình", unicodedata.normalize("NFD", "Công ty Hòa Bình"), True),
        ("Thủy tinh", "Thuỷ tinh", True),
        ("Công ty Hòa Bình", "Công ty Hóa Bình", False),
    ],
)
def test_name_key(a: str, b: str, same: bool) -> None:
    """Tone on o or a of 'oa'/'uy' is the same name; a different tone is not."""
    assert (name_key(a) == name_key(b)) is same


def test_streams(bundled_data: Path) -> None:
    """streams_bad.csv: row 2 -3 t/yr and code 99 99 99 (not in the list); row 3 'ten',
    year 1890 and no enterprise_id. streams_ok.csv: 12 06 05 is a listed code."""
    assert validation.validate_file(DATA / "streams_ok.csv") == ("streams", [])
    kind, problems = validation.validate_file(DATA / "streams_bad.csv")
    assert kind == "streams"
    assert codes(problems) == {
        (2, "negative_quantity"),
        (2, "unknown_waste_code"),
        (3, "not_numeric"),
        (3, "bad_year"),
        (3, "missing_id"),
    }


def test_facilities(bundled_data: Path) -> None:
    """facilities_ok.csv: '3,500,000' VND/t = 3500000. Bad twin: capacity -500, code
    77 77 77, F01 twice, row 3 without a location."""
    kind, problems = validation.validate_file(DATA / "facilities_ok.csv")
    assert (kind, problems) == ("facilities", [])
    fac = eio.read_facilities(DATA / "facilities_ok.csv")
    assert fac["gate_fee_vnd_per_t"].item() == 3_500_000.0
    _, problems = validation.validate_file(DATA / "facilities_bad.csv")
    assert codes(problems) == {
        (2, "negative_quantity"),
        (2, "unknown_waste_code"),
        (3, "duplicate_id"),
        (3, "missing_coordinates"),
    }


def test_bowtie_boundary_repaired() -> None:
    """A 0.02° square drawn as a bow-tie: make_valid gives its two triangles, each a
    quarter of the square, so half the square's area; the signed shoelace area of the
    bow-tie is 0 (its two lobes cancel). Both parts are kept."""
    _, problems = validation.validate_file(DATA / "boundary_bowtie.geojson")
    assert [(p.code, p.severity) for p in problems] == [("repaired_boundary", "warning")]
    assert "make_valid" in problems[0].message and "area" in problems[0].message
    fixed = eio.read_boundary(DATA / "boundary_bowtie.geojson")
    square = eio.read_boundary(DATA / "boundary_ok.geojson")
    geom = fixed.geometry.iloc[0]
    assert geom.geom_type == "MultiPolygon" and len(shapely.get_parts(geom)) == 2
    utm = fixed.estimate_utm_crs()
    ratio = fixed.to_crs(utm).area.item() / square.to_crs(utm).area.item()
    assert ratio == pytest.approx(0.5, rel=1e-3)


def test_boundary_mislabelled_crs(tmp_path: Path) -> None:
    """A polygon in degrees labelled EPSG:32648 is refused (looks like degrees)."""
    text = (DATA / "boundary_ok.geojson").read_text(encoding="utf-8")
    path = tmp_path / "b.geojson"
    path.write_text(
        text.replace(
            '{"type": "FeatureCollection",',
            '{"type": "FeatureCollection",'
            ' "crs": {"type": "name", "properties": {"name": '
            '"urn:ogc:def:crs:EPSG::32648"}},',
        ),
        encoding="utf-8",
    )
    _, problems = validation.validate_file(path)
    assert [p.code for p in problems] == ["crs_mismatch"]


# --------------------------------------------------------------------------------------
# Cases (tests/data/cases)
# --------------------------------------------------------------------------------------


def test_missing_coords_partial() -> None:
    """missing_coords/README.md: M2 (missing lon, row 3), M3 ((0, 0), row 4), M5 (missing
    lat and lon, row 6), M6 (missing lat, row 7) are named; the rows kept are M1, M4 and
    their centre is ((20.8541+20.8563)/2, (106.7402+106.7448)/2) = (20.8552, 106.7425)."""
    _, problems = validation.validate_file(MISSING / "enterprises_partial.csv")
    assert codes(problems) == {
        (3, "missing_coordinates"),
        (4, "placeholder_coordinates"),
        (6, "missing_coordinates"),
        (7, "missing_coordinates"),
    }
    by_row = {p.row: p for p in problems}
    assert "missing lon;" in by_row[3].message and "missing lat and lon" in by_row[6].message
    assert "missing lat;" in by_row[7].message
    with pytest.warns(UserWarning, match="row left out"):
        got = eipgeo.read_enterprises(MISSING / "enterprises_partial.csv", drop_unlocated=True)
    assert got["id"].tolist() == ["M1", "M4"]
    centre = (got["lat"].mean(), got["lon"].mean())
    np.testing.assert_allclose(centre, (20.8552, 106.7425), atol=1e-9)


def test_missing_coords_none() -> None:
    """missing_coords/README.md: 'no enterprise in enterprises_no_coords.csv has usable
    coordinates (0 of 3)'."""
    with pytest.raises(
        ValidationError,
        match=r"no enterprise in enterprises_no_coords.csv "
        r"has usable coordinates \(0 of 3\)",
    ):
        eipgeo.read_enterprises(MISSING / "enterprises_no_coords.csv", drop_unlocated=True)


def test_missing_coords_kind_unseen_vi_file(tmp_path: Path) -> None:
    """Same faults in a vi-VN export never seen before: ';', decimal comma, Vietnamese
    headers, blank and (0,0) coordinates: rows 3 and 4 are named."""
    path = tmp_path / "vi.csv"
    path.write_text(
        "mã_dn;tên_dn;vĩ_độ;kinh_độ\nB1;Một;10,93;106,85\nB2;Hai;;\nB3;Ba;0;0\n",
        encoding="utf-8-sig",
    )
    _, problems = validation.validate_file(path)
    assert codes(problems) == {(3, "missing_coordinates"), (4, "placeholder_coordinates")}


def test_road_island_outside_boundary() -> None:
    """road_island/README.md: FAR (row 3, (20.92, 106.688), 0.0575° of latitude ≈ 6.4 km
    north of parcel A's top edge at 20.8625) is outside both parcels; ISLE (parcel C) and
    HUB (parcel A) are inside."""
    _, problems = validation.validate_file(
        ISLAND / "sites.csv", boundary=ISLAND / "park_boundary.geojson"
    )
    assert [(p.row, p.code, p.value) for p in problems] == [(3, "outside_boundary", "FAR")]


# --------------------------------------------------------------------------------------
# Bundled parks
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug",
    ["deepc-haiphong", "deepc-quangninh", "amata-bienhoa", "amata-halong", "hiepphuoc", "hcmc-uis"],
)
def test_bundled_parks_validate(slug: str) -> None:
    """Every programme park's tables pass (blank coordinates are placed later by rule)."""
    assert parks.validate_park(slug) == []


# --------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_ok_and_problems() -> None:
    code, _, err = run(str(DATA / "enterprises_ok.csv"))
    assert code == 0 and "0 error(s)" in err
    code, _, err = run(str(DATA / "enterprises_bad.csv"))
    assert code == 1
    assert f"{DATA / 'enterprises_bad.csv'}:3:id: id 'A01' is already used" in err
    assert "Traceback" not in err


def test_cli_json() -> None:
    code, out, _ = run(str(DATA / "enterprises_bad.csv"), "--format", "json")
    records = json.loads(out)
    assert code == 1 and len(records) == 9
    assert set(records[0]) == {"file", "row", "column", "value", "code", "message", "severity"}


def test_cli_strict_promotes_warnings(tmp_path: Path) -> None:
    """Warnings exit 0, or 1 with --strict (CONTRACT.md)."""
    path = tmp_path / "split.csv"
    path.write_text("id,name,lat,lon\nA,a,16.0,107.9\nB,b,16.0,108.1\n", encoding="utf-8")
    assert run(str(path))[0] == 0
    assert run(str(path), "--strict")[0] == 1


def test_cli_unreadable_and_usage(tmp_path: Path) -> None:
    """Unreadable input or wrong usage exits 2 with one line, no traceback."""
    path = tmp_path / "bin.csv"
    path.write_bytes(b"\x00\x01\x02")
    code, _, err = run(str(path))
    assert code == 2 and "NUL bytes" in err and "Traceback" not in err
    assert run(str(tmp_path / "missing.csv"))[0] == 2
    assert run(str(DATA / "enterprises_ok.csv"), "--kind", "roads")[0] == 2
    assert run(str(DATA / "enterprises_ok.csv"), "--format", "xml")[0] == 2


def test_cli_kind_inferred(bundled_data: Path) -> None:
    code, _, err = run(str(DATA / "streams_ok.csv"))
    assert code == 0 and "streams" in err
    code, _, err = run(str(DATA / "boundary_bowtie.geojson"))
    assert code == 0 and "boundary, 0 error(s), 1 warning(s)" in err


# --------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------

TEMPLATES = BUNDLED_DATA_DIR / "templates"


@pytest.mark.parametrize("kind", ["enterprises", "streams", "facilities", "boundary"])
def test_templates_current_and_clean(tmp_path: Path, bundled_data: Path, kind: str) -> None:
    """The shipped templates are what write_templates makes, and their example rows pass
    validation as the kind they are (inferred from the columns)."""
    templates.write_templates(tmp_path)
    shipped = (TEMPLATES / f"{kind}.csv").read_text(encoding="utf-8")
    assert shipped == (tmp_path / f"{kind}.csv").read_text(encoding="utf-8")
    for suffix in (".csv", ".xlsx"):
        assert validation.validate_file(TEMPLATES / f"{kind}{suffix}") == (kind, [])
    header = shipped.splitlines()[0].split(",")
    assert header == [c[0] for c in templates.SCHEMAS[kind]]


def test_isic4_classes(tmp_path: Path) -> None:
    """ISIC Rev.4 has 419 classes (UN ST/ESA/STAT/SER.M/4/Rev.4); group 202 holds 2021,
    2022, 2023 and 2029, so 2024 is no class; '111' is 0111 without its leading zero."""
    classes = validation.isic4_classes()
    assert len(classes) == 419
    assert [c for c in classes if c.startswith("202")] == ["2021", "2022", "2023", "2029"]
    path = tmp_path / "isic.csv"
    path.write_text(
        "id,name,lat,lon,isic4_class\nA,a,10.9,106.8,2024\nB,b,10.91,106.8,111\n", encoding="utf-8"
    )
    _, problems = validation.validate_file(path)
    assert codes(problems) == {(2, "unknown_isic")}


def test_vsic_only_is_flagged_not_guessed(tmp_path: Path) -> None:
    """A `ngành` (VSIC 2018) code without an ISIC class is a warning, never a guessed map."""
    path = tmp_path / "vsic.csv"
    path.write_text("ma_dn,ten_dn,vi_do,kinh_do,nganh\nA,a,10.9,106.8,20221\n", encoding="utf-8")
    _, problems = validation.validate_file(path)
    assert [(p.row, p.code, p.severity, p.value) for p in problems] == [
        (2, "vsic_unmapped", "warning", "20221")
    ]


def test_messages_name_the_planners_own_header(tmp_path: Path) -> None:
    """A Vietnamese header `vi_do` is named as such, not as the internal `lat`."""
    f = tmp_path / "dn.csv"
    f.write_text("ma_dn;ten_dn;vi_do;kinh_do\nE1;A;abc;106,8\n", encoding="utf-8")
    _, problems = validation.validate_file(f)
    bad = [p for p in problems if p.code == "not_numeric"]
    assert [(p.row, p.column, p.value) for p in bad] == [(2, "vi_do", "abc")]
    assert "e.g. 1250,5" in bad[0].message
