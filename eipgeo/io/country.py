"""Viet Nam's outline, for the one test of "is this point in Viet Nam?".

The outline is the dissolved union of the 34 provinces bundled in
``eipgeo/data/admin/vn_provinces_34.geojson`` (units after July 2025, MIT; see
``UPSTREAM_COPYRIGHTS.txt``), buffered by :data:`COAST_TOLERANCE_M`.

Caveats, said where they matter:

* the province layer is generalised, so its coast can run a kilometre or two inland of
  a port or of reclaimed land (Dinh Vu in Hai Phong lies ~1.6 km outside it); the buffer
  absorbs that, and so also accepts points up to that far across a land border;
* offshore islands the layer leaves out (most of the Hoàng Sa and Trường Sa archipelagos)
  and sites at sea (platforms, the exclusive economic zone) test as outside: the message
  says how far from the outline the point is, so a planner can tell a typo from an
  island.

Every file that carries geometry (enterprises, facilities, boundaries, plots, setback
features, road lines) is tested against :func:`in_vietnam`, not against a bounding box
(which holds Phnom Penh and Vientiane).
"""

from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import CRS, Transformer

from eipgeo.data import data_file

__all__ = [
    "COAST_TOLERANCE_M",
    "distance_outside_m",
    "features_outside",
    "in_vietnam",
    "point_problem",
    "vietnam_outline",
]

COAST_TOLERANCE_M = 5_000.0
"""Buffer around the province outline, m: the generalised coast and reclaimed land."""

_METRIC = CRS.from_epsg(3405)
"""VN-2000 / UTM zone 48N: metres for the buffer and for distances from the outline (the
scale error at 115 °E, three zones east, stays under 3 %)."""


@functools.cache
def _outline_m() -> shapely.Geometry:
    provinces = gpd.read_file(data_file("admin/vn_provinces_34.geojson"))
    union = shapely.union_all(provinces.to_crs(_METRIC).geometry.values)
    outline = shapely.simplify(union, 50.0)
    shapely.prepare(outline)
    return outline


@functools.cache
def _buffered_m() -> shapely.Geometry:
    shape = shapely.buffer(_outline_m(), COAST_TOLERANCE_M)
    shapely.prepare(shape)
    return shape


@functools.cache
def _to_metric() -> Transformer:
    return Transformer.from_crs(4326, _METRIC, always_xy=True)


def vietnam_outline() -> gpd.GeoSeries:
    """Return Viet Nam's outline (the dissolved provinces), EPSG:4326.

    Returns
    -------
    geopandas.GeoSeries
        One (multi)polygon, without the coast buffer.
    """
    return gpd.GeoSeries([_outline_m()], crs=_METRIC).to_crs(4326)


def _metric(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    lon_arr = np.atleast_1d(np.asarray(lon, dtype=float))
    lat_arr = np.atleast_1d(np.asarray(lat, dtype=float))
    x, y = _to_metric().transform(lon_arr, lat_arr)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def in_vietnam(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Return whether each point lies in Viet Nam (its outline + :data:`COAST_TOLERANCE_M`).

    Parameters
    ----------
    lon, lat
        EPSG:4326 degrees, scalars or same-length arrays; non-finite values test False.

    Returns
    -------
    numpy.ndarray of bool
        One flag per point.
    """
    x, y = _metric(lon, lat)
    ok = np.isfinite(x) & np.isfinite(y)
    out = np.zeros(np.shape(x), dtype=bool)
    if ok.any():
        points = shapely.points(x[ok], y[ok])
        out[ok] = shapely.covers(_buffered_m(), points)
    return out


def distance_outside_m(lon: float, lat: float) -> float:
    """Return how far a point lies from Viet Nam's outline, m (0 inside it).

    Parameters
    ----------
    lon, lat
        EPSG:4326 degrees.

    Returns
    -------
    float
        Distance to the province outline in VN-2000 / UTM 48N metres; ``inf`` for a
        non-finite point.
    """
    x, y = _metric(lon, lat)
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        return float("inf")
    return float(shapely.distance(_outline_m(), shapely.points(float(x[0]), float(y[0]))))


def features_outside(gdf: gpd.GeoDataFrame) -> list[tuple[object, float, float, float]]:
    """Return the features with a vertex outside Viet Nam, and their worst vertex.

    Parameters
    ----------
    gdf
        Any geometries with a CRS (points, lines, polygons); missing or empty ones are
        skipped.

    Returns
    -------
    list of tuple
        ``(index label, lon, lat, distance_m)`` per feature with a vertex outside
        :func:`in_vietnam`: the vertex farthest from the outline (EPSG:4326 degrees) and
        its distance from it, m; in ``gdf`` order.
    """
    if gdf.empty:
        return []
    geo = gdf.geometry.to_crs(4326) if gdf.crs is not None else gdf.geometry
    keep = ~(geo.isna() | geo.is_empty)
    coords, which = shapely.get_coordinates(geo[keep].values, return_index=True)
    if not len(coords):
        return []
    inside = in_vietnam(coords[:, 0], coords[:, 1])
    labels = list(geo[keep].index)
    out: list[tuple[object, float, float, float]] = []
    for k in dict.fromkeys(int(i) for i in which[~inside]):
        pts = coords[(which == k) & ~inside]
        dists = [distance_outside_m(float(x), float(y)) for x, y in pts[:50]]
        worst = int(np.argmax(dists))
        out.append((labels[k], float(pts[worst, 0]), float(pts[worst, 1]), dists[worst]))
    return out


def point_problem(lat: float, lon: float) -> str | None:
    """Say what is wrong with a point given in degrees, or None when it is in Viet Nam.

    Parameters
    ----------
    lat, lon
        EPSG:4326 degrees.

    Returns
    -------
    str or None
        ``lat ... and lon ... look swapped ...; swap the two values`` when swapping puts
        it in Viet Nam, else ``(lat, lon) is outside Viet Nam (N km from its outline);
        ...``; None inside.
    """
    if bool(in_vietnam(lon, lat)[0]):
        return None
    if abs(lon) <= 90 and bool(in_vietnam(lat, lon)[0]):
        return (
            f"lat {lat} and lon {lon} look swapped (Viet Nam is about 8–24 N, 102–110 E); "
            "swap the two values"
        )
    away = distance_outside_m(lon, lat) / 1000
    return (
        f"({lat}, {lon}) is outside Viet Nam ({away:,.0f} km from its outline); check the "
        "coordinates and their sign"
    )
