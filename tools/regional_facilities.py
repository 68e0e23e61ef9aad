"""Build ``eipgeo/data/regional_facilities.csv``, the regional facility register.

The register holds the treatment, disposal and hazardous-waste sites bundled with eipgeo,
each with the province (post-July-2025 units) it lies in.

A park made with ``eipgeo park new`` and no ``--facilities`` runs with the sites of its
province from this register (:func:`eipgeo.parks.regional_facilities`), labelled as such.

Rows come from the bundled parks' ``facilities.csv`` (each row keeps its own source,
location quality and method; a site listed by two parks is kept once) and from the
hazardous-waste handler register ``eipgeo/data/hazardous_handlers.csv`` (permit, methods
and codes where sources show them; placed at the representative point, EPSG:32648, of
the commune or former-district unit of ``admin/vn_communes_4_provinces.geojson`` named in
``admin_unit_code``, or of the province when the site is unknown: ``province_centroid``,
not routable). The province is the polygon of ``admin/vn_provinces_34.geojson`` that
contains the row's point.

Run ``python tools/regional_facilities.py`` after a park's ``facilities.csv`` changes;
``--check`` exits 1 when the register differs from what the parks give.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PARKS = ROOT / "eipgeo" / "data" / "parks"
PROVINCES = ROOT / "eipgeo" / "data" / "admin" / "vn_provinces_34.geojson"
COMMUNES = ROOT / "eipgeo" / "data" / "admin" / "vn_communes_4_provinces.geojson"
HANDLERS = ROOT / "eipgeo" / "data" / "hazardous_handlers.csv"
OUT = ROOT / "eipgeo" / "data" / "regional_facilities.csv"
FACILITY_COLUMNS = [
    "id",
    "name",
    "name_vi",
    "kind",
    "accepts",
    "methods",
    "waste_codes",
    "permit",
    "status",
    "capacity_t_per_day",
    "lat",
    "lon",
    "location_quality",
    "location_method",
    "source_url",
    "confidence",
    "osm_way_id",
]
"""Facility columns of the register (then province_code, province_en, province_vi,
register_note)."""
UTM = 32648


def _representative_point(polygons: gpd.GeoDataFrame) -> tuple[float, float]:
    """(lat, lon) of the representative point of the first polygon, computed in UTM 48N."""
    point = polygons.to_crs(UTM).geometry.iloc[0].representative_point()
    lonlat = gpd.GeoSeries([point], crs=UTM).to_crs(4326).iloc[0]
    return round(float(lonlat.y), 5), round(float(lonlat.x), 5)


def handler_rows() -> pd.DataFrame:
    """Return the hazardous-waste handlers as facility rows with a point and a method note."""
    handlers = pd.read_csv(HANDLERS, dtype=str, keep_default_na=False)
    communes = gpd.read_file(COMMUNES)
    provinces = gpd.read_file(PROVINCES)
    rows = []
    for _, h in handlers.iterrows():
        if h["admin_unit_code"]:
            unit = communes[communes["code"] == h["admin_unit_code"]]
            if unit.empty:
                raise SystemExit(f"{h['id']}: no admin unit {h['admin_unit_code']}")
        else:
            name = h["province_source"].split(" (")[0].split(",")[0]
            unit = provinces[provinces["name_en"] == name]
            if unit.empty:
                raise SystemExit(f"{h['id']}: no province named {name!r}")
        lat, lon = _representative_point(unit)
        rows.append(
            {
                **{c: h.get(c, "") for c in FACILITY_COLUMNS},
                "lat": f"{lat:.5f}",
                "lon": f"{lon:.5f}",
                "location_method": h["location_note"],
                "_source": f"hazardous_handlers.csv ({h['locator']})",
            }
        )
    return pd.DataFrame(rows)


def build() -> pd.DataFrame:
    """Return the register: one row per site id, sorted by province then id."""
    frames = []
    for folder in sorted(p for p in PARKS.iterdir() if (p / "facilities.csv").is_file()):
        fac = pd.read_csv(folder / "facilities.csv", dtype=str, keep_default_na=False)
        if fac.empty:
            continue
        frames.append(fac.assign(listed_by=folder.name))
    rows = pd.concat(frames, ignore_index=True).fillna("")
    listed = rows.groupby("id")["listed_by"].apply(lambda s: ";".join(sorted(set(s))))
    rows = rows.drop_duplicates("id").drop(columns="listed_by").set_index("id")
    rows["_source"] = "from the facilities.csv of bundled park(s) " + listed
    rows = rows.reset_index()
    handlers = handler_rows()
    rows = pd.concat([rows[~rows["id"].isin(handlers["id"])], handlers], ignore_index=True)
    rows = rows.reindex(columns=[*FACILITY_COLUMNS, "_source"]).fillna("")
    rows = rows[rows["lat"].str.strip() != ""]  # an OSM-way-only row has no point here
    points = gpd.GeoDataFrame(
        rows, geometry=gpd.points_from_xy(rows.lon.astype(float), rows.lat.astype(float)), crs=4326
    )
    provinces = gpd.read_file(PROVINCES)[["code", "name_en", "name_vi", "geometry"]]
    provinces = provinces.rename(
        columns={"code": "province_code", "name_en": "province_en", "name_vi": "province_vi"}
    )
    joined = gpd.sjoin(points, provinces.to_crs(4326), how="left", predicate="within")
    missing = joined[joined["province_code"].isna()]
    if len(missing):
        raise SystemExit(f"no province contains {list(missing['id'])}")
    out = pd.DataFrame(joined.drop(columns=["geometry", "index_right"]))
    out["register_note"] = (
        out["_source"] + "; province by point in polygon, admin/vn_provinces_34.geojson "
        "(post-July-2025 units)"
    )
    out = out.drop(columns="_source").fillna("")
    return out.sort_values(["province_code", "id"]).reset_index(drop=True)


def main() -> int:
    """Write the register, or with ``--check`` say whether it is stale (exit 1)."""
    parser = argparse.ArgumentParser(description="Build the regional facility register.")
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale")
    args = parser.parse_args()
    buffer = io.StringIO()
    build().to_csv(buffer, index=False, lineterminator="\n")
    text = buffer.getvalue()
    if args.check:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print("regional_facilities.csv is " + ("up to date" if same else "STALE"))
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} sites)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
