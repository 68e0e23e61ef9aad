"""Hand-placed layout of ``deepc-quangninh`` for the ``eipgeo serve`` tests (unit and browser).

A scenario with one setback rule (a hazardous store at least :data:`RULE_M` from the park
boundary) and plot coverage (plots A and B, radius 150 m, one collection point at plot A).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import Point, box
from shapely.ops import nearest_points

from eipgeo import parks

PARK = "deepc-quangninh"
RULE_M = 100.0
"""The test's setback rule: a hazardous store at least 100 m from the park boundary."""


def layout_geometry() -> dict[str, Any]:
    """Hand-placed points in the park, in EPSG:32648 metres and in degrees.

    ``inner`` is the boundary polygon's representative point; ``near`` lies 40 m from the
    boundary, on the segment from the boundary point nearest to ``inner`` towards
    ``inner``: the disc of 40 m around it lies inside the disc around ``inner`` that
    reaches the boundary only at that nearest point, so its distance to the boundary is
    exactly 40 m. Plot A is a 40 m square centred on ``inner``; plot B the same, 600 m
    east of it.
    """
    area = parks.read_boundary(parks.load_park(PARK)).to_crs(32648).geometry.union_all()
    inner = area.representative_point()
    edge = nearest_points(area.boundary, inner)[0]
    depth = inner.distance(edge)
    near = Point(
        edge.x + (inner.x - edge.x) * 40.0 / depth, edge.y + (inner.y - edge.y) * 40.0 / depth
    )
    east = Point(inner.x + 600.0, inner.y)
    plots = gpd.GeoDataFrame(
        {"plot_id": ["A", "B"]},
        geometry=[box(p.x - 20, p.y - 20, p.x + 20, p.y + 20) for p in (inner, east)],
        crs=32648,
    )
    pts = gpd.GeoSeries([inner, near, east], crs=32648).to_crs(4326)
    degrees = {k: (pts.iloc[i].y, pts.iloc[i].x) for i, k in enumerate(("inner", "near", "east"))}
    return {"depth_m": depth, "area": area, "plots": plots, **degrees}


def write_rules_scenario(folder: Path, geometry: dict[str, Any], iterations: int) -> Path:
    """Write ``plots.geojson`` and ``review.yaml`` (rule, plot coverage) in ``folder``."""
    geometry["plots"].to_crs(4326).to_file(folder / "plots.geojson", driver="GeoJSON")
    lat, lon = geometry["inner"]
    path = folder / "review.yaml"
    path.write_text(
        f"""name: rules
park: {PARK}
seed: 7
iterations: {iterations}
setbacks:
  - applies_to: hazardous_store
    from: boundary
    distance_m: {RULE_M}
    source: "test rule (not a published distance)"
plot_coverage:
  plots: plots.geojson
  radius_m: 150
  points:
    - {{id: CP-1, lat: {lat:.6f}, lon: {lon:.6f}}}
""",
        encoding="utf-8",
    )
    return path
