"""National inputs: every Vietnamese industrial park, and a synthetic national enterprise table.

Three steps, each documented with its rule and source:

1. :func:`read_national_parks` reads ``osm/vn_industrial_parks.geojson`` (294 OSM features,
   284 polygons and 10 points; © OpenStreetMap contributors, ODbL 1.0) from the external
   data folder at run time and de-duplicates it (:data:`DEDUP_RULE`). Points get a
   stand-in circular area, flagged in ``area_quality``.
2. :func:`synthetic_enterprises` is a seeded generator of SYNTHETIC firms placed inside
   the park polygons, with a density, a sector mix and sizes taken from
   ``evidence/waste_evidence_vn.md`` (see :data:`GENERATOR_EVIDENCE`). Every row says
   ``basis = synthetic``; these are not real firms.
3. :func:`assign_to_parks` and :func:`aggregate_by_park` use dask-geopandas for the large
   spatial steps (a point-in-polygon join of up to a million firms, then per-park sums).

:func:`national_park` turns one park and its firms into an in-memory
:class:`eipgeo.parks.Park` that :func:`eipgeo.jobs.run_park` accepts. National parks have no
street data offline, so their in-park distances are the job's labelled estimate
(great-circle × circuity, ``route_km.estimate_circuity``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from eipgeo import coefficients, parks
from eipgeo._errors import DataNotFoundError, InputReadError
from eipgeo._text import ascii_slug
from eipgeo.data import data_file

NATIONAL_FILE = "osm/vn_industrial_parks.geojson"
"""The national park file, relative to the external data folder (``EIPGEO_DATA_DIR``)."""

WORK_EPSG = 32648
"""CRS for de-duplication distances (WGS 84 / UTM 48N, metres). Viet Nam spans about
102–110 °E; at a 1–5 km threshold the scale error outside zone 48 (< 0.1 %) is immaterial.
Areas are computed in each park's own UTM zone (:func:`utm_epsg`)."""

MERGE_GAP_M = 1000.0
"""Polygons with the same normalised name and province lying within this distance of each
other are parts of one park (e.g. the two ways of *Khu công nghiệp Yên Phong II*)."""

POINT_MATCH_M = 5000.0
"""A point feature within this distance of a polygon of the same normalised name and
province is a duplicate of it and is dropped (e.g. Đình Vũ: node 2550835890 and way
627990023)."""

DEDUP_RULE = (
    "names compared after Unicode NFC, case folding, whitespace collapsing and 'KCN' -> "
    "'khu công nghiệp'; within one (name, province_code) group: polygons within "
    f"{MERGE_GAP_M:.0f} m of each other are merged into one park (union); a point within "
    f"{POINT_MATCH_M:.0f} m of a polygon of the group is dropped; same-named parks farther "
    "apart stay separate parks"
)
"""The de-duplication rule, as written into every national park's ``dedup_rule``."""

STAND_IN_RULE = (
    "point-only OSM feature: a circle of the median area of the file's polygon parks, "
    "centred on the point (area_quality=stand_in_median_circle); its position and size "
    "are not surveyed"
)

GENERATOR_EVIDENCE: dict[str, dict[str, Any]] = {
    "firms_per_ha": {
        "value": round((145 / 1700 + 111 / 527 + 189 / 1686) / 3, 4),
        "derivation": "mean of projects per gross ha: DEEP C HP 145/1,700 (2022), Amata Bien "
        "Hoa 111/527, Hiep Phuoc 189/1,686 (2023) = (0.0853+0.2106+0.1121)/3",
        "source": "waste_evidence_vn.md §6 (theinvestor.vn d4510, vir.com.vn 97188, "
        "dongnai.gov.vn 263, diaockimoanh.com.vn, en.sggp.org.vn post105044)",
        "status": "derived",
        "confidence": "low",
    },
    "workers_per_firm_mean": {
        "value": round((13500 / 145 + 24000 / 111) / 2, 1),
        "derivation": "mean of workers per project: DEEP C HP 13,500/145 (2022), Amata Bien "
        "Hoa 24,000/111 (c.2009 workers, undated projects) = (93.1+216.2)/2",
        "source": "waste_evidence_vn.md §6 (theinvestor.vn d4510; vietnambusiness.asia; "
        "dongnai.gov.vn 263)",
        "status": "derived",
        "confidence": "low",
    },
    "workers_lognormal_sigma": {
        "value": 1.0,
        "derivation": "spread of firm sizes; no Vietnamese firm-size distribution in the evidence",
        "source": "none found",
        "status": "unverified",
        "confidence": "low",
    },
    "sector_mix": {
        "value": "see SECTOR_MIX",
        "derivation": "Hiep Phuoc c.2022: mechanical/electronics-telecom 21 %, building "
        "materials 11 %, food processing 10 %; the other 58 % split equally "
        "over the sectors the source lists without shares (paper, plastics, "
        "chemicals, pharma, ports/logistics: 11.6 % each). One park's mix "
        "applied nationally",
        "source": "waste_evidence_vn.md §6, https://smoney.vn/k-hu-cong-nghiep-co-den-3-cang-"
        "quoc-te-rong-nhat-tp-hcm-post728090.html",
        "status": "derived (equal split unverified)",
        "confidence": "low",
    },
}
"""Every number the synthetic generator uses, with its derivation and source."""

SECTOR_MIX: dict[str, tuple[float, str]] = {
    "Mechanical engineering, electronics and telecom equipment": (0.21, "26-28"),
    "Building materials": (0.11, "23"),
    "Food processing": (0.10, "10"),
    "Paper": (0.116, "17"),
    "Plastics": (0.116, "22"),
    "Chemicals": (0.116, "20"),
    "Pharmaceuticals": (0.116, "21"),
    "Ports and logistics": (0.116, "52"),
}
"""Sector text → (share, ISIC Rev.4 division); see ``GENERATOR_EVIDENCE['sector_mix']``."""

ENTERPRISE_COLUMNS = [
    "id",
    "name",
    "park_generated",
    "sector_text",
    "isic4_division",
    "employees",
    "lon",
    "lat",
    "location_quality",
    "basis",
]


# --------------------------------------------------------------------------------------
# Parks
# --------------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Return the comparison form of a park name (NFC, case-folded, 'KCN' expanded).

    Parameters
    ----------
    name
        Park name as written (Vietnamese, any Unicode form or case).

    Returns
    -------
    str
        NFC, case-folded, runs of white space made one space, and a leading ``kcn``
        written out as ``khu công nghiệp``.
    """
    text = " ".join(unicodedata.normalize("NFC", str(name)).casefold().split())
    return re.sub(r"^kcn\b", "khu công nghiệp", text)


def utm_epsg(lon: float) -> int:
    """Return the WGS 84 UTM zone (north) EPSG code for a longitude in degrees.

    Parameters
    ----------
    lon
        Longitude, EPSG:4326 degrees east.

    Returns
    -------
    int
        ``32600 + zone`` (6° zones from 180° W), e.g. 32648 for 102-108° E.
    """
    return 32600 + int(math.floor((lon + 180.0) / 6.0)) + 1


def _read_raw() -> gpd.GeoDataFrame:
    path = data_file(NATIONAL_FILE)
    try:
        raw = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types; name the file
        raise InputReadError(f"{path}: cannot read the national park file ({exc})") from exc
    missing = {"id", "name_vi", "province_code", "province_en"} - set(raw.columns)
    if missing:
        raise InputReadError(
            f"{path}: missing column(s) {sorted(missing)}; expected the "
            "layout of eipgeo/data/osm/vn_industrial_parks.geojson"
        )
    if raw.crs is None:
        raw = raw.set_crs(4326)
    return raw.to_crs(4326)


def _group_clusters(group: gpd.GeoDataFrame) -> list[gpd.GeoDataFrame]:
    """Split one (name, province) group into parks by the rule in :data:`DEDUP_RULE`."""
    metric = group.to_crs(WORK_EPSG)
    polys = metric[metric.geom_type != "Point"]
    points = metric[metric.geom_type == "Point"]
    clusters: list[gpd.GeoDataFrame] = []
    if not polys.empty:
        blobs = gpd.GeoSeries([polys.buffer(MERGE_GAP_M / 2).union_all()], crs=WORK_EPSG)
        for blob in blobs.explode(index_parts=False):
            clusters.append(group.loc[polys.index[polys.intersects(blob)]])
        union = polys.union_all()
        points = points[points.distance(union) > POINT_MATCH_M]
    clusters.extend(group.loc[[i]] for i in points.index)
    return clusters


def _park_row(cluster: gpd.GeoDataFrame, median_ha: float) -> dict[str, Any]:
    first = cluster.sort_values("id").iloc[0]
    geom = cluster.geometry.union_all()
    epsg = utm_epsg(float(geom.representative_point().x))
    quality = "osm_polygon"
    if geom.geom_type == "Point":
        radius_m = math.sqrt(median_ha * 10_000 / math.pi)
        circle = gpd.GeoSeries([geom], crs=4326).to_crs(epsg).buffer(radius_m, 64)
        geom = circle.to_crs(4326).iloc[0]
        quality = "stand_in_median_circle"
    area_ha = float(gpd.GeoSeries([geom], crs=4326).to_crs(epsg).area.iloc[0]) / 10_000
    return {
        "osm_ids": "; ".join(sorted(cluster["id"])),
        "name_vi": first["name_vi"],
        "province_code": first["province_code"],
        "province_en": first["province_en"],
        "area_ha": round(area_ha, 2),
        "area_quality": quality,
        "epsg": epsg,
        "parts": len(cluster),
        "geometry": geom,
    }


def read_national_parks() -> gpd.GeoDataFrame:
    """Read and de-duplicate every park of ``osm/vn_industrial_parks.geojson``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per park, EPSG:4326, sorted by ``slug``: ``slug`` (``vn-<name>-<province>``,
        ASCII), ``osm_ids`` (the merged OSM features, ``; ``-joined), ``name_vi``,
        ``province_code``, ``province_en``, ``area_ha`` (computed in the park's UTM zone),
        ``area_quality`` (``osm_polygon`` or ``stand_in_median_circle``), ``epsg``,
        ``parts`` (features merged) and ``dedup_rule``.

    Raises
    ------
    DataNotFoundError
        No data folder is set, or it lacks the file.
    InputReadError
        The file cannot be read or lacks the expected columns.

    Notes
    -----
    De-duplication: :data:`DEDUP_RULE`. Point-only parks: :data:`STAND_IN_RULE`; the
    median is over the file's polygon areas, computed at run time (150.75 ha in the
    2026-08-11 snapshot). Source: OpenStreetMap (ODbL 1.0), snapshot 2026-08-11.
    """
    raw = _read_raw()
    raw["name_key"] = raw["name_vi"].fillna("").map(normalise_name)
    polys = raw[raw.geom_type != "Point"]
    median_ha = float(polys.to_crs(WORK_EPSG).area.median()) / 10_000
    rows: list[dict[str, Any]] = []
    for _, group in raw.groupby(["name_key", "province_code"], sort=True, dropna=False):
        rows.extend(_park_row(c, median_ha) for c in _group_clusters(group))
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    out["dedup_rule"] = DEDUP_RULE
    return _add_slugs(out)


def _add_slugs(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    base = [
        f"vn-{ascii_slug(re.sub(r'^khu công nghiệp ', '', normalise_name(n)))}-{ascii_slug(str(p))}"
        for n, p in zip(frame.name_vi, frame.province_en, strict=True)
    ]
    frame = frame.assign(_base=base).sort_values(["_base", "osm_ids"]).reset_index(drop=True)
    rank = frame.groupby("_base").cumcount() + 1
    frame["slug"] = [b if r == 1 else f"{b}-{r}" for b, r in zip(frame._base, rank, strict=True)]
    cols = ["slug", *[c for c in frame.columns if c not in ("slug", "_base")]]
    return gpd.GeoDataFrame(frame[cols], geometry="geometry", crs=4326)


def select_parks(national: gpd.GeoDataFrame, keys: list[str]) -> gpd.GeoDataFrame:
    """Return the national parks named by slug or OSM id (``osm_way_627990023``).

    Parameters
    ----------
    national
        Parks from :func:`read_national_parks` (EPSG:4326, ``slug``, ``osm_ids``).
    keys
        Slugs or OSM ids, one park each; an OSM id picks the park it was merged into.

    Returns
    -------
    geopandas.GeoDataFrame
        The parks in the order of ``keys`` (the first match of each), EPSG:4326.

    Raises
    ------
    DataNotFoundError
        A key matches no park; the message gives the nearest slugs.
    """
    picked = []
    for key in keys:
        hit = national[
            (national.slug == key)
            | national.osm_ids.str.split("; ").apply(lambda ids, k=key: k in ids)
        ]
        if hit.empty:
            import difflib

            near = difflib.get_close_matches(key, list(national.slug), n=3)
            msg = (
                f"no national park '{key}'; nearest slugs: {', '.join(near) or 'none'} "
                "(list them with eipgeo.national.read_national_parks().slug)"
            )
            raise DataNotFoundError(msg)
        picked.append(hit.iloc[[0]])
    return gpd.GeoDataFrame(pd.concat(picked), geometry="geometry", crs=4326)


# --------------------------------------------------------------------------------------
# Synthetic enterprises
# --------------------------------------------------------------------------------------


def _counts(area_ha: np.ndarray, n_total: int | None, rng: np.random.Generator) -> np.ndarray:
    if n_total is None:
        rate = float(GENERATOR_EVIDENCE["firms_per_ha"]["value"])
        return np.maximum(1, rng.poisson(area_ha * rate))
    return rng.multinomial(n_total, area_ha / area_ha.sum())


def _points_in(geom: shapely.Geometry, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` uniform (lon, lat) points inside ``geom`` by vectorised rejection sampling."""
    minx, miny, maxx, maxy = geom.bounds
    fill = max(geom.area / max((maxx - minx) * (maxy - miny), 1e-12), 0.01)
    shapely.prepare(geom)
    found: list[np.ndarray] = []
    have = 0
    while have < k:
        m = int((k - have) / fill * 1.2) + 16
        xy = np.column_stack([rng.uniform(minx, maxx, m), rng.uniform(miny, maxy, m)])
        inside = xy[shapely.contains_xy(geom, xy[:, 0], xy[:, 1])]
        found.append(inside)
        have += len(inside)
    return np.vstack(found)[:k]


def synthetic_enterprises(
    national: gpd.GeoDataFrame,
    *,
    n_total: int | None = None,
    seed: int = 42,
) -> gpd.GeoDataFrame:
    """Generate a SYNTHETIC national enterprise table, placed inside the park polygons.

    Parameters
    ----------
    national
        Parks from :func:`read_national_parks` (EPSG:4326, ``slug``, ``area_ha``).
    n_total
        Total firms, shared among parks in proportion to ``area_ha`` (multinomial). ``None``
        draws each park's count as Poisson(``area_ha`` × firms_per_ha), at least 1.
    seed
        Seed of the one :class:`numpy.random.Generator` used throughout.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`ENTERPRISE_COLUMNS`, EPSG:4326 points. ``employees`` (int ≥ 1) is
        lognormal with the evidence mean; ``basis`` is always ``synthetic`` and
        ``location_quality`` ``synthetic_in_polygon``.

    Notes
    -----
    Density, sizes and sector mix: :data:`GENERATOR_EVIDENCE` (all ``derived`` or
    ``unverified``, low confidence). Points are uniform in lon/lat inside the polygon, which
    is uniform in area to < 0.1 % over a park's extent.
    """
    rng = np.random.default_rng(seed)
    counts = _counts(national["area_ha"].to_numpy(dtype=float), n_total, rng)
    slugs = np.repeat(national["slug"].to_numpy(), counts)
    xy = np.vstack(
        [
            _points_in(g, int(k), rng) if k else np.empty((0, 2))
            for g, k in zip(national.geometry, counts, strict=True)
        ]
    )
    n = int(counts.sum())
    sectors = list(SECTOR_MIX)
    shares = np.array([SECTOR_MIX[s][0] for s in sectors])
    pick = rng.choice(len(sectors), size=n, p=shares / shares.sum())
    mean = float(GENERATOR_EVIDENCE["workers_per_firm_mean"]["value"])
    sigma = float(GENERATOR_EVIDENCE["workers_lognormal_sigma"]["value"])
    workers = np.maximum(1, np.rint(rng.lognormal(math.log(mean) - sigma**2 / 2, sigma, n)))
    ids = np.char.add("SYN-", np.char.zfill(np.arange(1, n + 1).astype(str), 7))
    frame = pd.DataFrame(
        {
            "id": ids,
            "name": np.char.add("Synthetic firm ", ids),
            "park_generated": slugs,
            "sector_text": np.array(sectors)[pick],
            "isic4_division": np.array([SECTOR_MIX[s][1] for s in sectors])[pick],
            "employees": workers.astype("int64"),
            "lon": xy[:, 0],
            "lat": xy[:, 1],
            "location_quality": "synthetic_in_polygon",
            "basis": "synthetic",
        }
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=4326)


# --------------------------------------------------------------------------------------
# Large spatial steps (dask-geopandas)
# --------------------------------------------------------------------------------------


def assign_to_parks(
    enterprises: Any,
    national: gpd.GeoDataFrame,
    *,
    npartitions: int = 8,
) -> Any:
    """Assign each enterprise to the park polygon containing it (lazy dask-geopandas join).

    Parameters
    ----------
    enterprises
        Points, EPSG:4326, with ``id`` and ``employees``: a geopandas frame (split into
        ``npartitions``) or a dask-geopandas one (e.g. ``dask_geopandas.read_parquet`` of
        a partitioned national table, so the data never passes through the client).
    national
        Park polygons, EPSG:4326, with ``slug``.
    npartitions
        Partitions of the enterprise table (one task each).

    Returns
    -------
    dask_geopandas.GeoDataFrame
        Lazy; the enterprises inside a park with its ``slug``. Where polygons overlap, a
        firm goes to the alphabetically first slug. Firms in no park are left out.
    """
    import dask_geopandas

    if enterprises.crs != national.crs:
        msg = (
            f"enterprises are in {enterprises.crs} but parks in {national.crs}; "
            "reproject one with to_crs() first"
        )
        raise InputReadError(msg)
    cols = ["id", "employees", "geometry"]
    if isinstance(enterprises, dask_geopandas.GeoDataFrame):
        points = enterprises[cols]
    else:
        points = dask_geopandas.from_geopandas(enterprises[cols], npartitions=npartitions)
    polys = national[["slug", "geometry"]]
    joined = points.sjoin(polys, predicate="within")

    def first_park(part: pd.DataFrame) -> pd.DataFrame:
        part = part.sort_values(["id", "slug"]).drop_duplicates("id")
        return part.drop(columns=["index_right"], errors="ignore")

    return joined.map_partitions(first_park)


def aggregate_by_park(assigned: Any) -> pd.DataFrame:
    """Per-park firm count, workers and estimated waste from :func:`assign_to_parks`.

    Parameters
    ----------
    assigned
        Lazy dask-geopandas frame of :func:`assign_to_parks`: enterprises with ``id``,
        ``employees`` (workers) and their park's ``slug``. It is computed here.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``slug``: ``enterprises``, ``employees``, ``waste_t_per_yr``,
        ``hazardous_t_per_yr`` (estimated; synthetic inputs).

    Notes
    -----
    ``waste_t_per_yr`` = employees × ``industrial_solid_waste_t_per_worker_yr.all`` and
    ``hazardous_t_per_yr`` = that × ``hazardous_share.all``, the coefficients
    :func:`eipgeo.waste.industrial_streams` uses (``eipgeo/data/coefficients.csv``).
    """
    per_worker = coefficients.get("industrial_solid_waste_t_per_worker_yr.all").value
    haz = coefficients.get("hazardous_share.all").value
    sums: pd.DataFrame = assigned.groupby("slug").agg({"id": "count", "employees": "sum"}).compute()
    out = sums.rename(columns={"id": "enterprises"}).sort_index()
    out["waste_t_per_yr"] = (out["employees"] * per_worker).round(1)
    out["hazardous_t_per_yr"] = (out["waste_t_per_yr"] * haz).round(1)
    return out


# --------------------------------------------------------------------------------------
# In-memory parks for the main job
# --------------------------------------------------------------------------------------


FLEET_RULE = (
    "per waste group, vehicles of the default type, enlarged (to the next 1,000 kg) "
    "when one firm's daily waste exceeds its payload; ceil(1.25 x estimated "
    "kg/day / capacity) + 1 of them, so a single daily trip each can collect "
    "everything"
)
"""How a national park's stand-in fleet is sized (national parks declare no fleet)."""


def stand_in_fleet(employees: pd.Series) -> list[dict[str, Any]]:
    """Return ``park.json``-style vehicle specs sized to the firms' estimated waste.

    Parameters
    ----------
    employees
        Workers per firm.

    Returns
    -------
    list of dict
        ``id``, ``capacity_kg``, ``num_available``, ``allowed_classes`` per vehicle type,
        the types of :data:`eipgeo.parks.DEFAULT_FLEET` (capacities unverified), sized and
        counted by :data:`FLEET_RULE`; an enlarged type says so in its ``id``.
    """
    per_worker = coefficients.get("industrial_solid_waste_t_per_worker_yr.all").value
    haz = coefficients.get("hazardous_share.all").value
    kg_day = float(employees.sum()) * per_worker * 1000 / 365
    kg_max = float(employees.max()) * per_worker * 1000 / 365 if len(employees) else 0.0
    out = []
    for vt in parks.DEFAULT_FLEET:
        share = haz if "hazardous" in vt.allowed_classes else 1 - haz
        capacity = max(vt.capacity_kg, 1000 * math.ceil(kg_max * share / 1000))
        count = math.ceil(1.25 * kg_day * share / capacity) + 1
        name = vt.id if capacity == vt.capacity_kg else f"{vt.id}-enlarged-{capacity}kg"
        out.append(
            {
                "id": name,
                "capacity_kg": capacity,
                "num_available": count,
                "allowed_classes": list(vt.allowed_classes),
            }
        )
    return out


def national_park(row: pd.Series, enterprises: pd.DataFrame) -> parks.Park:
    """Build an in-memory :class:`eipgeo.parks.Park` for one national park.

    Parameters
    ----------
    row
        One row of :func:`read_national_parks`.
    enterprises
        That park's firms (``id``, ``name``, ``sector_text``, ``employees``, ``lon``,
        ``lat``, ``location_quality``), e.g. from :func:`synthetic_enterprises`.

    Returns
    -------
    eipgeo.parks.Park
        ``boundary`` set in memory; depot at the polygon's representative point (a
        stand-in, flagged); no facilities, so no haul is planned; no street data, so the
        job estimates in-park distances (labelled).
    """
    boundary = gpd.GeoDataFrame({"slug": [row["slug"]]}, geometry=[row.geometry], crs=4326)
    depot_pt = row.geometry.representative_point()
    meta = {
        "slug": row["slug"],
        "name_en": row["name_vi"],
        "name_vi": row["name_vi"],
        "province": row["province_en"],
        "kind": "industrial_park",
        "epsg": int(row["epsg"]),
        "area_ha": float(row["area_ha"]),
        "area_quality": row["area_quality"],
        "osm_ids": row["osm_ids"],
        "source": f"{NATIONAL_FILE} (© OpenStreetMap contributors)",
        "road_data": "estimate_circuity (no offline street data for national parks)",
        "depot": {
            "id": "DEPOT",
            "name": "Stand-in depot: representative point of the park polygon",
            "lon": round(depot_pt.x, 6),
            "lat": round(depot_pt.y, 6),
            "location_quality": "polygon_representative_point",
        },
    }
    meta["fleet"] = {
        "vehicles": stand_in_fleet(enterprises["employees"].astype(float)),
        "note": "stand-in fleet sized to the estimated daily waste "
        "(FLEET_RULE); capacities as DEFAULT_FLEET (unverified)",
    }
    ents = (
        enterprises[["id", "name", "sector_text", "employees", "lon", "lat", "location_quality"]]
        .astype(str)
        .reset_index(drop=True)
    )
    return parks.Park(
        slug=str(row["slug"]),
        meta=parks.ParkMeta.model_validate(meta),
        enterprises=ents,
        facilities=pd.DataFrame(),
        folder=Path(NATIONAL_FILE),
        notes=["synthetic enterprises"],
        boundary=boundary,
        origin="national",
    )


def national_parks_with_firms(
    keys: list[str] | None = None,
    *,
    seed: int = 42,
) -> list[parks.Park]:
    """Return in-memory parks (all, or those named) with their synthetic firms.

    The generator runs over all parks (so a park's firms do not depend on which others
    are asked for), then the selected parks are built with :func:`national_park`.

    Parameters
    ----------
    keys
        Slugs or OSM ids of the parks wanted (:func:`select_parks`); ``None`` (default)
        returns every national park.
    seed
        Seed of the synthetic firm generator (:func:`synthetic_enterprises`); default 42.

    Returns
    -------
    list of eipgeo.parks.Park
        One park per key (or per national park), in that order.

    Raises
    ------
    DataNotFoundError
        A key matches no park, or the data file is missing.
    """
    national = read_national_parks()
    firms = synthetic_enterprises(national, seed=seed)
    chosen = national if keys is None else select_parks(national, keys)
    by_park = dict(tuple(firms.groupby("park_generated", sort=False)))
    empty = firms.iloc[0:0]
    return [national_park(row, by_park.get(row["slug"], empty)) for _, row in chosen.iterrows()]
