"""Export a park or study area: one GeoPackage, or CSV with coordinates or WKT.

Every file is written atomically (:mod:`eipgeo._atomic`): a failed export leaves an
earlier file intact.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from eipgeo._atomic import atomic_write_csv, atomic_write_gpkg
from eipgeo.io.tables import is_text


def write_geopackage(
    path: str | Path,
    *,
    enterprises: gpd.GeoDataFrame,
    boundary: gpd.GeoDataFrame | None = None,
    facilities: gpd.GeoDataFrame | None = None,
) -> Path:
    """Write a park or study area to one GeoPackage.

    Parameters
    ----------
    path
        The ``.gpkg`` file.
    enterprises, boundary, facilities
        Layers of those names (each only if given), written in EPSG:4326.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    layers = {"enterprises": enterprises, "boundary": boundary, "facilities": facilities}
    out = Path(path)
    atomic_write_gpkg(
        {name: gpkg_ready(gdf).to_crs(4326) for name, gdf in layers.items() if gdf is not None}, out
    )
    return out


def gpkg_ready(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy whose cells GeoPackage can store: list or dict cells become text.

    Parameters
    ----------
    gdf
        Any GeoDataFrame.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and CRS, ``attrs`` cleared.
    """
    out = gdf.copy()
    out.attrs = {}
    for col in out.columns:
        if col != out.geometry.name and is_text(out[col]):
            out[col] = out[col].map(lambda v: v if v is None or isinstance(v, str) else str(v))
    return out


def write_csv(path: str | Path, gdf: gpd.GeoDataFrame) -> Path:
    """Write a layer as UTF-8 CSV with ``lat``/``lon`` (points) or WKT (other shapes).

    Parameters
    ----------
    path
        The CSV file.
    gdf
        Any GeoDataFrame with a CRS; written in EPSG:4326.

    Returns
    -------
    pathlib.Path
        The file written (atomically).
    """
    wgs = gdf.to_crs(4326)
    frame = pd.DataFrame(wgs.drop(columns=wgs.geometry.name))
    if len(wgs) and (wgs.geom_type == "Point").all():
        frame["lat"], frame["lon"] = wgs.geometry.y.round(7), wgs.geometry.x.round(7)
    else:
        frame["wkt"] = wgs.geometry.to_wkt()
    atomic_write_csv(Path(path), frame)
    return Path(path)
