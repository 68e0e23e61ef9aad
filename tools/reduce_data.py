"""Reduce an external data folder (laid out like ``shared/data``) to the files eipgeo bundles.

Usage::

    python tools/reduce_data.py SOURCE_DIR [--out eipgeo/data]

``SOURCE_DIR`` is a folder with ``osm/``, ``admin/`` and ``legal/`` as described in
``eipgeo/data/README.md``. The script writes the reduced copies into ``--out`` (the
package's data folder), checks that each reduced file gives eipgeo exactly what the
source gives it (same features, same coordinates, same street graph and outlets), and
writes ``MANIFEST.json`` with the SHA-256 of every source and output file.

Reductions (nothing is clipped where eipgeo reads beyond a park; coordinates keep
their full precision):

* GeoJSON layers: properties eipgeo never reads are dropped (per-feature provenance
  that is the same for every feature, or derivable from the OSM id, moves into the data
  README); geometry is copied unchanged.
* ``osm/hcmc_d1_d3.osm``: OSM metadata attributes (version, changeset, timestamp,
  user, uid, visible) and relations (routes, boundaries, turn restrictions: none is
  read) are dropped; ways are kept when they carry ``highway`` (every tag kept, as the
  road filters read them) or a point-of-interest tag (``amenity``, ``shop``); nodes are
  kept when a kept way uses them or they carry a point-of-interest tag.
* ``legal/vn_waste_codes.csv``: the per-row source columns, the same citation on
  every row, move into the data README.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd

REPO = Path(__file__).resolve().parent.parent

GEOJSON_KEEP: dict[str, list[str] | None] = {
    "osm/programme_parks.geojson": None,  # None: keep every property (small, all cited)
    "osm/trunk_roads_north.geojson": ["id", "name_vi", "infrastructure_type", "status", "osm_ref"],
    "osm/trunk_roads_south.geojson": ["id", "name_vi", "infrastructure_type", "status", "osm_ref"],
    "osm/vn_industrial_parks.geojson": [
        "id",
        "name_vi",
        "name_en",
        "aliases",
        "province_code",
        "province_en",
        "former_province_code",
        "status",
        "area_ha",
        "developer",
        "geometry_type",
        "location_accuracy",
        "source_url",
    ],
    "admin/vn_communes_4_provinces.geojson": [
        "code",
        "name_vi",
        "name_en",
        "type",
        "province_code",
        "province_en",
    ],
    "admin/vn_provinces_34.geojson": None,
}
COPY = ["admin/UPSTREAM_COPYRIGHTS.txt"]
OSM_XML = "osm/hcmc_d1_d3.osm"
POI_KEYS = ("amenity", "shop")
NODE_TAGS = ("highway", "ref", "name", "amenity", "shop", "building", "area")
"""Node tags kept on POI nodes and way nodes: osmnx's node tags and the outlet fields."""
WASTE_CODES = "legal/vn_waste_codes.csv"
WASTE_CODE_COLUMNS = [
    "code",
    "level",
    "name_vi",
    "name_en",
    "waste_class",
    "physical_state",
    "hazard_properties",
    "threshold_note",
    "ewc_code",
    "basel_code",
    "tt36_threshold_marker",
    "text_status",
]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reduce_geojson(source: Path, target: Path, keep: list[str] | None) -> None:
    """Copy a GeoJSON FeatureCollection keeping only ``keep`` properties (all when None)."""
    data = json.loads(source.read_text(encoding="utf-8"))
    if keep is not None:
        for feature in data["features"]:
            props = feature.get("properties") or {}
            feature["properties"] = {k: props.get(k) for k in keep}
    target.parent.mkdir(parents=True, exist_ok=True)
    # json round-trips floats exactly (repr), so coordinates keep full precision
    target.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def reduce_osm_xml(source: Path, target: Path) -> dict[str, int]:
    """Write the street ways and outlets of an OSM XML file without metadata or relations."""
    root = ET.parse(source).getroot()
    ways = []
    for way in root.iter("way"):
        tags = {t.get("k", ""): t.get("v", "") for t in way.iter("tag")}
        if "highway" in tags:
            ways.append((way, None))  # every tag: the road filters read them
        elif any(k in tags for k in POI_KEYS):
            ways.append((way, NODE_TAGS))
    used = {nd.get("ref") for way, _ in ways for nd in way.iter("nd")}
    out = ET.Element(
        "osm",
        {
            k: v
            for k, v in root.attrib.items()
            if k in ("version", "copyright", "attribution", "license")
        },
    )
    out.set("generator", "eipgeo tools/reduce_data.py")
    bounds = root.find("bounds")
    if bounds is not None:
        ET.SubElement(out, "bounds", dict(bounds.attrib))
    n_nodes = 0
    for node in root.iter("node"):
        tags = {t.get("k", ""): t.get("v", "") for t in node.iter("tag")}
        poi = any(k in tags for k in POI_KEYS)
        if node.get("id") not in used and not poi:
            continue
        new = ET.SubElement(
            out, "node", id=node.get("id", ""), lat=node.get("lat", ""), lon=node.get("lon", "")
        )
        for k, v in tags.items():
            if k in NODE_TAGS:
                ET.SubElement(new, "tag", k=k, v=v)
        n_nodes += 1
    for way, keep in ways:
        new = ET.SubElement(out, "way", id=way.get("id", ""))
        for nd in way.iter("nd"):
            ET.SubElement(new, "nd", ref=nd.get("ref", ""))
        for tag in way.iter("tag"):
            if keep is None or tag.get("k") in keep:
                ET.SubElement(new, "tag", k=tag.get("k", ""), v=tag.get("v", ""))
    ET.indent(out, space=" ")
    target.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(out).write(target, encoding="utf-8", xml_declaration=True)
    return {"nodes": n_nodes, "ways": len(ways)}


def reduce_waste_codes(source: Path, target: Path) -> None:
    """Keep the columns eipgeo reads; the per-row citation moves into the data README."""
    codes = pd.read_csv(source, dtype=str, keep_default_na=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    codes[WASTE_CODE_COLUMNS].to_csv(target, index=False, lineterminator="\n")


# --------------------------------------------------------------------------------------
# Checks: the reduced file gives eipgeo what the source gives it
# --------------------------------------------------------------------------------------


def _check_geojson(source: Path, target: Path, keep: list[str] | None) -> None:
    import geopandas as gpd

    a, b = gpd.read_file(source), gpd.read_file(target)
    assert len(a) == len(b), (source, len(a), len(b))
    assert a.geometry.geom_equals_exact(b.geometry, tolerance=0).all(), source
    for col in keep or [c for c in a.columns if c != "geometry"]:
        assert a[col].astype(str).equals(b[col].astype(str)), (source, col)


def _check_osm(source: Path, target: Path) -> None:
    sys.path.insert(0, str(REPO))
    from eipgeo import network

    ga = network.read_network(source, network_type="drive_service")
    gb = network.read_network(target, network_type="drive_service")
    assert sorted(ga.nodes) == sorted(gb.nodes), "street nodes differ"
    ea = sorted((u, v, round(d["length"], 6)) for u, v, d in ga.edges(data=True))
    eb = sorted((u, v, round(d["length"], 6)) for u, v, d in gb.edges(data=True))
    assert ea == eb, "street edges differ"
    import osmnx as ox

    tags: dict[str, bool | str | list[str]] = {
        "amenity": ["restaurant", "cafe", "fast_food", "hospital"],
        "shop": ["supermarket"],
    }
    fa, fb = ox.features_from_xml(source, tags=tags), ox.features_from_xml(target, tags=tags)
    assert list(fa.index) == list(fb.index), "outlets differ"
    for col in ("amenity", "shop", "name"):
        assert fa[col].astype(str).equals(fb[col].astype(str)), col
    assert fa.geometry.geom_equals_exact(fb.geometry, tolerance=0).all(), "outlet geometry differs"


def main(argv: list[str] | None = None) -> int:
    """Run the reduction; return 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder laid out like shared/data")
    parser.add_argument("--out", type=Path, default=REPO / "eipgeo" / "data")
    parser.add_argument(
        "--no-check",
        action="store_true",
        help="skip the equivalence checks (they need eipgeo's dependencies)",
    )
    args = parser.parse_args(argv)
    manifest: dict[str, Any] = {"tool": "tools/reduce_data.py", "files": {}}

    def record(rel: str, how: str) -> None:
        src, dst = args.source / rel, args.out / rel
        manifest["files"][rel] = {
            "source_sha256": _sha256(src),
            "sha256": _sha256(dst),
            "source_bytes": src.stat().st_size,
            "bytes": dst.stat().st_size,
            "reduction": how,
        }
        print(f"{rel}: {src.stat().st_size:,} -> {dst.stat().st_size:,} bytes ({how})")

    for rel, keep in GEOJSON_KEEP.items():
        reduce_geojson(args.source / rel, args.out / rel, keep)
        if not args.no_check:
            _check_geojson(args.source / rel, args.out / rel, keep)
        record(
            rel, "copied, compact JSON" if keep is None else f"properties kept: {', '.join(keep)}"
        )
    counts = reduce_osm_xml(args.source / OSM_XML, args.out / OSM_XML)
    if not args.no_check:
        _check_osm(args.source / OSM_XML, args.out / OSM_XML)
    record(
        OSM_XML,
        f"street ways (all tags) and outlets; {counts['nodes']} nodes, "
        f"{counts['ways']} ways; no metadata, no relations",
    )
    reduce_waste_codes(args.source / WASTE_CODES, args.out / WASTE_CODES)
    record(WASTE_CODES, f"columns kept: {', '.join(WASTE_CODE_COLUMNS)}")
    for rel in COPY:
        (args.out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.source / rel, args.out / rel)
        record(rel, "copied")
    (args.out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    total = sum(f["bytes"] for f in manifest["files"].values())
    print(f"total {total:,} bytes in {len(manifest['files'])} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
