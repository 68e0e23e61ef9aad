"""Readers: encodings, dialects, numbers, column names, formats, CRSs and export."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

import eipgeo
from eipgeo import io as eio
from eipgeo._errors import EipgeoError, InputReadError, UsageError, ValidationError
from eipgeo.io import tables

DATA = Path(__file__).resolve().parent / "data"
EXCEL = DATA / "cases" / "excel_vi_csv"
CRS_CASE = DATA / "cases" / "crs_mislabel"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """Encode as Windows-1258 does: base letter precomposed, tone mark as a combining char."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


# --------------------------------------------------------------------------------------
# Excel vi-VN exports (tests/data/cases/excel_vi_csv)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["enterprises_excel_utf8bom.csv", "enterprises_windows1258.csv"])
def test_excel_exports_give_expected_parsed(name: str) -> None:
    """excel_vi_csv/README.md: both exports load into exactly expected_parsed.csv.

    By hand under vi-VN conventions ('.' thousands, ',' decimal): HP-01 lat '20,8612' =
    20.8612, lon '106,6833' = 106.6833; qty '2.075,25' = 2075.25, '5.600' = 5600 (not
    5.6), '0,4' = 0.4, '18' = 18. Headers 'Mã DN', 'Tên doanh nghiệp', 'Vĩ độ', 'Kinh
    độ', 'Chất thải', 'Khối lượng tấn/năm' are id, name, lat, lon, waste,
    qty_t_per_year (not '\ufeffMã DN'); names equal the UTF-8 names after NFC.
    """
    expected = pd.read_csv(EXCEL / "expected_parsed.csv", dtype={"id": str})
    got = eipgeo.read_enterprises(EXCEL / name)
    frame = pd.DataFrame(got[list(expected.columns)]).reset_index(drop=True)
    pd.testing.assert_frame_equal(frame, expected, check_dtype=False)
    assert got.loc[got["id"] == "HP-02", "qty_t_per_year"].item() == 5600.0
    assert got["lat"].dtype == np.float64 and got["qty_t_per_year"].dtype == np.float64
    assert all(unicodedata.is_normalized("NFC", n) for n in got["name"])


def test_excel_exports_detection_reported() -> None:
    """The BOM file is UTF-8-sig, ';' separated, decimal comma; the other is cp1258."""
    bom = eio.read_table(EXCEL / "enterprises_excel_utf8bom.csv")
    legacy = eio.read_table(EXCEL / "enterprises_windows1258.csv")
    assert (bom.encoding, bom.separator, bom.decimal) == ("utf-8-sig", ";", ",")
    assert (legacy.encoding, legacy.separator, legacy.decimal) == ("cp1258", ";", ",")
    assert list(bom.frame.columns)[0] == "id"
    assert list(legacy.frame.columns)[0] == "id"


def test_unseen_cp1258_file_with_tab_and_thousands(tmp_path: Path) -> None:
    """A file the excel_vi_csv case does not show: cp1258, tab-separated, 1.250.000 VND
    (dots only thousands).

    Hand values: '1.250.000' = 1250000 and '12,5' = 12.5 under vi-VN conventions.
    """
    text = (
        "mã_dn\ttên_dn\tvĩ_độ\tkinh_độ\tgate_fee_vnd_per_t\r\n"
        "X1\tCông ty Hóa chất Đức Phước\t20,8156\t106,7351\t1.250.000\r\n"
        "X2\tNhà máy Thủy tinh\t20,8200\t106,7400\t12,5\r\n"
    )
    path = tmp_path / "legacy.csv"
    path.write_bytes(cp1258_bytes(text))
    got = eipgeo.read_enterprises(path)
    assert got["gate_fee_vnd_per_t"].tolist() == [1250000.0, 12.5]
    assert got["lat"].tolist() == [20.8156, 20.82]
    assert got["name"].iloc[1] == unicodedata.normalize("NFC", "Nhà máy Thủy tinh")


def test_english_thousands_in_comma_file() -> None:
    """enterprises_ok.csv: quoted '1,250.5' in a ',' file is 1250.5; 0.75 proves '.'."""
    got = eipgeo.read_enterprises(DATA / "enterprises_ok.csv")
    assert got["qty_t_per_year"].tolist() == [1250.5, 3400.0, 0.75]
    assert got["employees"].tolist() == [120.0, 85.0, 40.0]


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1.250,5", ",", 1250.5),
        ("3.400", ",", 3400.0),
        ("0,75", ",", 0.75),
        ("1,250.5", ".", 1250.5),
        ("3,400", ".", 3400.0),
        ("0.75", ".", 0.75),
        ("1 250,5", ",", 1250.5),
        ("-12", ",", -12.0),
        ("1e3", ".", 1000.0),
        ("1.25.0", ",", None),
        ("abc", ".", None),
        ("nan", ".", None),
        ("10,9312", ".", None),
    ],
)
def test_parse_number(text: str, decimal: str, expected: float | None) -> None:
    """Each value worked by hand under its convention; ambiguous/garbage gives None."""
    assert tables.parse_number(text, decimal) == expected


def test_column_names_vietnamese_and_english() -> None:
    """The alias table maps Vietnamese names with or without tone marks."""
    assert tables.canonical_column("\ufeffma_dn") == "id"
    assert tables.canonical_column("Vĩ độ") == "lat"
    assert tables.canonical_column("KINH_DO") == "lon"
    assert tables.canonical_column("ngành") == "vsic2018_code"
    assert tables.canonical_column("Tên doanh nghiệp") == "name"
    assert tables.canonical_column("colour") == "colour"


def test_bad_encoding_is_our_error(tmp_path: Path) -> None:
    """Byte 0x81 is undefined in cp1258 and invalid UTF-8: InputReadError naming the file."""
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,name\nE1,\x81\x8a\n")
    with pytest.raises(InputReadError, match="bad.csv.*neither UTF-8 nor Windows-1258"):
        eio.read_table(path)


# --------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------


def test_xlsx_reader(tmp_path: Path) -> None:
    """An XLSX sheet with Vietnamese headers and numeric cells reads like the CSV."""
    frame = pd.DataFrame(
        {
            "ma_dn": ["E1", "E2"],
            "ten_dn": ["Công ty A", "Công ty B"],
            "vi_do": [10.9312, 10.9305],
            "kinh_do": [106.8521, 106.8533],
            "khoi_luong_tan_nam": [1250.5, 3400],
        }
    )
    path = tmp_path / "ents.xlsx"
    frame.to_excel(path, index=False)
    got = eipgeo.read_enterprises(path)
    assert got["id"].tolist() == ["E1", "E2"]
    assert got["qty_t_per_year"].tolist() == [1250.5, 3400.0]
    assert got.geometry.iloc[0].equals(Point(106.8521, 10.9312))


def test_shapefile_cpg_1258(tmp_path: Path) -> None:
    """A Shapefile whose .cpg says 1258 has its names decoded as Windows-1258."""
    name = "Công ty Hóa chất Đức"
    gdf = gpd.GeoDataFrame(
        {"id": ["S1"], "name": [name]}, geometry=[Point(106.8521, 10.9312)], crs=4326
    )
    path = tmp_path / "sites.shp"
    gdf.to_file(path, encoding="utf-8")
    # Re-encode the DBF text as a legacy tool does: cp1258 bytes, space-padded in place.
    dbf = tmp_path / "sites.dbf"
    utf8, legacy = name.encode("utf-8"), cp1258_bytes(name)
    dbf.write_bytes(dbf.read_bytes().replace(utf8, legacy.ljust(len(utf8), b" ")))
    (tmp_path / "sites.cpg").write_text("1258", encoding="ascii")
    got = eipgeo.read_enterprises(path)
    assert got["name"].iloc[0] == unicodedata.normalize("NFC", name)


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".parquet"])
def test_gis_formats_round_trip(tmp_path: Path, suffix: str) -> None:
    """GPKG, GeoJSON and GeoParquet in UTM 48N come back as the same EPSG:4326 points."""
    pts = gpd.GeoDataFrame(
        {"id": ["G1", "G2"], "name": ["a", "b"]},
        geometry=[Point(106.8521, 10.9312), Point(106.8533, 10.9305)],
        crs=4326,
    ).to_crs(32648)
    path = tmp_path / f"sites{suffix}"
    if suffix == ".parquet":
        pts.to_parquet(path)
    else:
        pts.to_file(path)
    got = eipgeo.read_enterprises(path)
    assert got.crs.to_epsg() == 4326
    np.testing.assert_allclose(got["lon"], [106.8521, 106.8533], atol=1e-7)
    np.testing.assert_allclose(got["lat"], [10.9312, 10.9305], atol=1e-7)


def test_unknown_format(tmp_path: Path) -> None:
    """A .docx is refused with exit code 2 and the formats that are accepted."""
    path = tmp_path / "list.docx"
    path.write_bytes(b"x")
    with pytest.raises(InputReadError, match="unknown format") as info:
        eio.read_table(path)
    assert info.value.exit_code == 2


# --------------------------------------------------------------------------------------
# CRS (tests/data/cases/crs_mislabel)
# --------------------------------------------------------------------------------------


def test_utm48n_to_wgs84() -> None:
    """crs_mislabel/README.md: G1 = (106.6905, 20.8523), G2 = (106.6931, 20.8547),
    G3 = (106.6878, 20.8561), G4 = (106.6952, 20.8509) within 1e-6 degrees (always_xy).

    The file's metres are pyproj's forward transform of those degrees, EPSG:4326 →
    EPSG:32648 with always_xy=True, rounded to 0.01 m (≤ 1e-7 degrees off).
    """
    got = eipgeo.read_enterprises(CRS_CASE / "sites_utm48n.csv")
    np.testing.assert_allclose(got["lon"], [106.6905, 106.6931, 106.6878, 106.6952], atol=1e-6)
    np.testing.assert_allclose(got["lat"], [20.8523, 20.8547, 20.8561, 20.8509], atol=1e-6)


def test_buffer_in_metric_crs() -> None:
    """A 300 m buffer round G1 in EPSG:32648 (quad_segs=16: a 64-gon inscribed in the
    circle) has area ½·64·300²·sin(2π/64) = 2,880,000 × 0.0980171 = 282,289 m²
    (π·300² = 282,743); in degrees it would be 282,289 square degrees."""
    got = eipgeo.read_enterprises(CRS_CASE / "sites_utm48n.csv")
    area = got.to_crs(32648).geometry.iloc[:1].buffer(300, quad_segs=16).area.item()
    assert area == pytest.approx(282_289, rel=0.005)


def test_mislabelled_geojson_rejected() -> None:
    """crs_mislabel/README.md: EPSG:32648 label on (106.69, 20.85): implausible, they look
    like degrees; all 4 features are named."""
    with pytest.raises(ValidationError) as info:
        eipgeo.read_enterprises(CRS_CASE / "sites_mislabelled.geojson")
    found = [p for p in info.value.problems if p.code == "crs_mismatch"]
    assert [p.row for p in found] == [1, 2, 3, 4]
    first = found[0]
    assert "(106.6905, 20.8523) are implausible for EPSG:32648" in first.message
    assert "166,000–834,000 m" in first.message and "look like degrees" in first.message


def test_mislabelled_fixed_by_declaring_crs() -> None:
    """Declaring EPSG:4326 keeps the degrees as they are: G1 = (106.6905, 20.8523)."""
    got = eipgeo.read_enterprises(CRS_CASE / "sites_mislabelled.geojson", crs="EPSG:4326")
    assert (got["lon"].iloc[0], got["lat"].iloc[0]) == (106.6905, 20.8523)


@pytest.mark.parametrize(
    ("label", "epsg"),
    [
        ("EPSG:3405", 3405),
        ("3406", 3406),
        ("VN-2000 / UTM zone 48N", 3405),
        ("VN-2000 / TM-3 105-45", 9210),
        ("WGS 84", 4326),
        ("EPSG:32649", 32649),
    ],
)
def test_parse_crs(label: str, epsg: int) -> None:
    """Codes and names from the EPSG registry (pyproj database) resolve to their code."""
    assert tables.parse_crs(label).to_epsg() == epsg


def test_parse_crs_unknown() -> None:
    with pytest.raises(UsageError, match="not a CRS eipgeo recognises"):
        tables.parse_crs("VN-2000 zone 99")


def test_vn2000_tm3_coordinates(tmp_path: Path) -> None:
    """A point given in VN-2000 / TM-3 105-45 (EPSG:9210) lands where pyproj puts it.

    Independent reference: pyproj's own forward transform of (105.75 E, 21.0 N).
    """
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 9210, always_xy=True).transform(105.75, 21.0)
    path = tmp_path / "tm3.csv"
    path.write_text(f"id,name,x_m,y_m,crs\nT1,Hà Nội,{x:.3f},{y:.3f},EPSG:9210\n", encoding="utf-8")
    got = eipgeo.read_enterprises(path)
    assert got["lon"].item() == pytest.approx(105.75, abs=1e-5)
    assert got["lat"].item() == pytest.approx(21.0, abs=1e-5)


# --------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------


def test_write_geopackage_three_layers(tmp_path: Path) -> None:
    """The GeoPackage holds layers enterprises, boundary and facilities, all EPSG:4326."""
    import pyogrio

    ents = eipgeo.read_enterprises(DATA / "enterprises_ok.csv")
    fac = eio.read_facilities(DATA / "facilities_ok.csv")
    bnd = eio.read_boundary(DATA / "boundary_ok.geojson")
    out = eio.write_geopackage(
        tmp_path / "park.gpkg", enterprises=ents, boundary=bnd, facilities=fac
    )
    layers = {name for name, _ in pyogrio.list_layers(out)}
    assert layers == {"enterprises", "boundary", "facilities"}
    back = gpd.read_file(out, layer="enterprises")
    assert back.crs.to_epsg() == 4326 and back["id"].tolist() == ["A01", "A02", "A03"]
    assert back["name"].iloc[0] == "Công ty Giấy Hòa Bình"


def test_write_csv_points_and_polygons(tmp_path: Path) -> None:
    """Points export with lat/lon columns; polygons with WKT."""
    ents = eipgeo.read_enterprises(DATA / "enterprises_ok.csv")
    back = pd.read_csv(eio.write_csv(tmp_path / "e.csv", ents))
    assert back["lat"].tolist() == [10.9312, 10.9305, 10.9318]
    bnd = eio.read_boundary(DATA / "boundary_ok.geojson")
    poly = pd.read_csv(eio.write_csv(tmp_path / "b.csv", bnd))
    assert poly["wkt"].iloc[0].startswith("POLYGON")


# --------------------------------------------------------------------------------------
# Property test: arbitrary bytes and shapes
# --------------------------------------------------------------------------------------


def _read_any(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        try:
            table = tables.read_csv_table(path)
        except EipgeoError:
            return
        for col in table.frame.columns:
            if tables.is_numeric_column(str(col)):
                assert table.frame[col].dtype == np.float64
        try:
            gdf = eipgeo.read_enterprises(path)
        except EipgeoError:
            return
        assert gdf.crs.to_epsg() == 4326
        assert np.isfinite(gdf["lat"]).all() and np.isfinite(gdf["lon"]).all()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_csv_reader_arbitrary_bytes(data: bytes) -> None:
    """Any bytes: a valid frame (numeric columns float, finite points) or our error."""
    _read_any(data)


_CELL = st.one_of(
    st.text(max_size=8),
    st.floats(allow_nan=True).map(str),
    st.sampled_from(["1.250,5", "0,0", "", "10,93", "106.85", "-1", "∞"]),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=6),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1258"]),
)
def test_csv_reader_arbitrary_shapes(rows: list[list[str]], sep: str, enc: str) -> None:
    """Ragged tables of odd cells under the header id,name,lat,lon: a frame or our error."""
    lines = [sep.join(["id", "name", "lat", "lon"])] + [sep.join(r) for r in rows]
    _read_any("\n".join(lines).encode(enc, errors="replace"))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.decimals(min_value=-1e7, max_value=1e7, places=2, allow_nan=False, allow_infinity=False),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["vi", "en"]),
)
def test_number_round_trip(values: list[object], locale: str) -> None:
    """Values written as Excel writes them (vi-VN: '1.234,50' with ';'; en: "1,234.50"
    quoted with ',') read back exactly."""

    def fmt(v: object) -> str:
        text = f"{v:,.2f}"
        return text.translate(str.maketrans(",.", ".,")) if locale == "vi" else f'"{text}"'

    sep = ";" if locale == "vi" else ","
    body = "\n".join(f"E{i}{sep}{fmt(v)}" for i, v in enumerate(values))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.csv"
        path.write_text(f"id{sep}qty_t_per_year\n{body}\n", encoding="utf-8")
        table = tables.read_csv_table(path)
    assert table.frame["qty_t_per_year"].tolist() == [float(str(v)) for v in values]
