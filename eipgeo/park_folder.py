"""A user's own park: a park folder made from a boundary and a tenant list.

:func:`new_park` (``eipgeo park new``) checks a planner's files with the readers and
checks of ``eipgeo validate``, listing every problem and writing nothing on error, and
writes a folder laid out as the bundled parks (``data/parks/README.md``)::

    DIR/park.json            identity, CRS chosen for the extent, area, sources, notes
    DIR/boundary.geojson     the boundary polygons (EPSG:4326)
    DIR/enterprises.csv      the tenants, in the columns of a bundled park
    DIR/facilities.csv       the user's facilities (absent: the regional register is used)
    DIR/measured_streams.csv the tenants' own waste figures (``waste_code`` or ``waste``
                             text with ``qty_t_per_year``), which win over estimates
    DIR/streets.<ext>        a street extract, when one is given
    DIR/scenarios/baseline.yaml   a scenario that runs the park as it is
    DIR/scenarios/recp.yaml  an illustrative RECP case with an intervention to appraise

Every command takes the folder wherever it takes a slug; on ``EIPGEO_PARKS_PATH`` its
name is a slug too (:func:`eipgeo.parks.resolve_park`).

Choices made for the user, each written into ``park.json``:

* the CRS is the WGS 84 UTM zone (north) of the boundary's representative point
  (:func:`eipgeo.national.utm_epsg`); the area is computed in it;
* the province is the post-July-2025 province (``admin/vn_provinces_34.geojson``) that
  contains that point, unless ``--province`` names one;
* the trunk-road file is the bundled one with a road within :data:`TRUNK_SEARCH_M` of
  the boundary; with none, hauls are straight lines times the circuity factor (labelled);
* with no facilities file, the park uses the regional register's sites of its province
  (:func:`eipgeo.parks.regional_facilities`), labelled as such in every output;
* no depot is declared: the job takes the park's road entrance nearest the trunk roads
  (:func:`eipgeo.jobs.sources.depot_of`), labelled.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from eipgeo import _osm, national, network, parks, waste
from eipgeo._atomic import atomic_write_csv, atomic_write_text, staged_folder
from eipgeo._errors import DataNotFoundError, Problem, UsageError, ValidationError
from eipgeo._text import ascii_slug, fold_key
from eipgeo.data import data_file
from eipgeo.io import checks
from eipgeo.io.tables import read_table
from eipgeo.symbiosis.materials import resolve_material

TRUNK_FILES = ("osm/trunk_roads_north.geojson", "osm/trunk_roads_south.geojson")
"""The bundled trunk-road files (``eipgeo/data/README.md``), tried in this order."""

TRUNK_SEARCH_M = 30_000.0
"""A trunk-road file serves a park when one of its roads lies within this distance (m) of
the boundary: the radius within which :func:`eipgeo.jobs.sources.depot_of` looks for the
trunk road nearest the gate."""

PROVINCES_FILE = "admin/vn_provinces_34.geojson"
"""Province polygons after the July 2025 merger (MIT, vietnamese-provinces-database)."""

DECLARED_OPTIONS = ("kind", "scope", "status")
"""Optional columns of ``measured_streams.csv`` that a declared stream sets."""

STREET_SUFFIXES = (".osm", ".xml", ".pbf", ".graphml", ".geojson", ".gpkg", ".shp")
"""Street extracts a park folder may hold (:func:`eipgeo.network.read_network`)."""


@dataclass
class NewPark:
    """What :func:`new_park` wrote.

    Attributes
    ----------
    folder
        The park folder.
    meta
        Its ``park.json``, validated.
    tenants, facilities
        Rows written (facilities: the user's, or the regional register's in use).
    problems
        The warnings found in the inputs (each names file, row, column and value).
    files
        The files written, relative to ``folder``.
    """

    folder: Path
    meta: parks.ParkMeta
    tenants: int
    facilities: int
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# The boundary
# --------------------------------------------------------------------------------------


@dataclass
class _Boundary:
    polygons: gpd.GeoDataFrame
    name: str
    sources: list[dict[str, str]]
    problems: list[Problem]
    province_code: str | None = None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _boundary_from_file(path: Path) -> _Boundary:
    table = read_table(path)
    polygons, problems = checks.check_boundary(table)
    errors = [p for p in problems if p.severity == "error"]
    if not errors and polygons.empty:
        errors = [
            Problem(
                f"{path.name} holds no polygon; give the park boundary as polygons "
                "(GeoJSON, GPKG, SHP, or a CSV with a wkt column)",
                "no_polygon",
                str(path),
            )
        ]
    if errors:
        raise ValidationError(
            f"{len(errors)} problem(s) in the boundary file; {errors[0].to_line()}", problems
        )
    polygons = polygons[polygons.geom_type.isin(["Polygon", "MultiPolygon"])]
    name = ""
    for col in ("name", "name_vi", "name_en"):
        if col in polygons.columns and str(polygons[col].iloc[0]).strip() not in ("", "nan"):
            name = str(polygons[col].iloc[0]).strip()
            break
    source = {
        "what": f"park boundary: {path.name} as given by the user (sha256 {_sha256(path)}); "
        "copied to boundary.geojson in EPSG:4326",
        "url": path.resolve().as_uri(),
    }
    return _Boundary(polygons, name, [source], [p for p in problems if p.severity != "error"])


def _fold(text: str) -> str:
    """Case-, tone-mark- and space-insensitive form of a name, ``KCN`` expanded."""
    return fold_key(national.normalise_name(text))


def national_boundary(name_or_id: str) -> tuple[pd.Series, list[dict[str, str]]]:
    """Find one park of the bundled national layer by slug, OSM id or name.

    Parameters
    ----------
    name_or_id
        A slug of :func:`eipgeo.national.read_national_parks` (``vn-bien-hoa-2-dong-nai``),
        an OSM way id (``306132369``, ``osm_way_306132369``, ``way/306132369``), or a name
        (``Khu công nghiệp Biên Hòa 2``, ``KCN Bien Hoa 2``: case, tone marks and the
        ``KCN`` prefix do not matter).

    Returns
    -------
    tuple of (pandas.Series, list of dict)
        The park's row (geometry EPSG:4326) and its sources (OSM ways, ODbL).

    Raises
    ------
    DataNotFoundError
        No park matches, or a name matches several (the message lists them with their
        slugs, to pick one).
    """
    parks_ = national.read_national_parks()
    key = name_or_id.strip()
    way = re.fullmatch(r"(?:osm_way_|way/|w)?(\d+)", key, flags=re.IGNORECASE)
    if way is not None:
        wanted = f"osm_way_{way.group(1)}"
        hit = parks_[parks_.osm_ids.str.split("; ").apply(lambda ids: wanted in ids)]
    else:
        hit = parks_[parks_.slug == key]
        if hit.empty:
            folded = _fold(key)
            names = parks_.name_vi.fillna("").map(_fold)
            bare = names.str.replace(r"^khu cong nghiep ", "", regex=True)
            hit = parks_[(names == folded) | (bare == re.sub(r"^khu cong nghiep ", "", folded))]
    if hit.empty:
        near = parks_[
            parks_.name_vi.fillna("").map(_fold).str.contains(_fold(key)[-12:], regex=False)
        ]
        hint = "; ".join(
            f"{r.slug} ({r.name_vi}, {r.province_en})" for r in near.head(5).itertuples()
        )
        msg = f"no park '{name_or_id}' in the national layer ({national.NATIONAL_FILE}); " + (
            f"close: {hint}" if hint else "give a slug, an OSM way id or the park's name"
        )
        raise DataNotFoundError(msg)
    if len(hit) > 1:
        listed = "; ".join(f"{r.slug} ({r.province_en}, {r.area_ha} ha)" for r in hit.itertuples())
        raise DataNotFoundError(
            f"'{name_or_id}' names {len(hit)} parks in the national layer: {listed}; "
            "give the slug of the one you mean"
        )
    row = hit.iloc[0]
    sources = [
        {
            "what": f"park boundary: OSM {osm_id.replace('osm_', '').replace('_', ' ')} "
            f"({national.NATIONAL_FILE}, snapshot 2026-08-11, area_quality "
            f"{row['area_quality']}); © OpenStreetMap contributors (ODbL 1.0)",
            "url": f"https://www.openstreetmap.org/way/{osm_id.rsplit('_', 1)[-1]}",
        }
        for osm_id in str(row["osm_ids"]).split("; ")
    ]
    return row, sources


def national_matches(text: str) -> list[tuple[str, str, str, str, str]]:
    """Return the national layer's parks whose slug, name or province contains ``text``.

    Parameters
    ----------
    text
        Any part of a name, slug or province (case, tone marks and a ``KCN`` prefix do not
        matter); ``""`` matches every park.

    Returns
    -------
    list of tuple of str
        ``(slug, name_vi, province_en, area_ha, osm_ids)`` per park, sorted by slug.
    """
    national_ = national.read_national_parks()
    key = _fold(text)
    key = re.sub(r"^khu cong nghiep ", "", key)
    hay = (
        national_.slug.astype(str)
        + " "
        + national_.name_vi.fillna("").map(_fold)
        + " "
        + national_.province_en.fillna("").map(_fold)
    )
    hit = national_[hay.str.contains(key, regex=False)] if key else national_
    return [
        (str(r.slug), str(r.name_vi), str(r.province_en), f"{r.area_ha:.1f}", str(r.osm_ids))
        for r in hit.itertuples()
    ]


def _boundary_from_national(name_or_id: str) -> _Boundary:
    row, sources = national_boundary(name_or_id)
    problems = []
    if row["area_quality"] != "osm_polygon":
        problems.append(
            Problem(
                f"{row['slug']} is mapped in OSM as a point only: its boundary is a stand-in "
                f"circle of the median park area ({row['area_quality']}); give --boundary FILE "
                "with the real polygon",
                "stand_in_boundary",
                national.NATIONAL_FILE,
                value=row["slug"],
                severity="warning",
            )
        )
    polygons = gpd.GeoDataFrame({"name": [row["name_vi"]]}, geometry=[row.geometry], crs=4326)
    return _Boundary(polygons, str(row["name_vi"]), sources, problems, str(row["province_code"]))


def _boundary_from_osm(query: str) -> _Boundary:
    gdf = _osm.boundary_from_osm(query)
    name = str(gdf["display_name"].iloc[0]).split(",")[0] if "display_name" in gdf else query
    osm = (
        f"{gdf['osm_type'].iloc[0]}/{gdf['osm_id'].iloc[0]}"
        if {"osm_type", "osm_id"} <= set(gdf.columns)
        else query
    )
    sources = [
        {
            "what": f"park boundary: OSM {osm} found for '{query}' by Nominatim (osmnx); "
            "© OpenStreetMap contributors (ODbL 1.0)",
            "url": f"https://www.openstreetmap.org/{osm}",
        }
    ]
    polygons = gpd.GeoDataFrame({"name": [name]}, geometry=[gdf.geometry.union_all()], crs=4326)
    return _Boundary(polygons, name, sources, [])


# --------------------------------------------------------------------------------------
# Province, trunk roads, facilities
# --------------------------------------------------------------------------------------


def province_of(point_lonlat: tuple[float, float], given: str | None) -> pd.Series:
    """Return the province row (post-July-2025 units) named by ``given`` or containing the point.

    Parameters
    ----------
    point_lonlat
        A point of the park (EPSG:4326 degrees).
    given
        A province name (English or Vietnamese; case and tone marks do not matter) or code;
        ``None`` takes the province that contains the point.

    Returns
    -------
    pandas.Series
        ``code``, ``name_en``, ``name_vi`` of ``admin/vn_provinces_34.geojson``.

    Raises
    ------
    UsageError
        ``given`` names no province (the message lists them), or no province contains
        the point (outside Viet Nam) and none is given.
    """
    provinces = gpd.read_file(data_file(PROVINCES_FILE)).to_crs(4326)
    if given:
        key = _fold(given)
        hit = provinces[
            (provinces.code == given.strip())
            | (provinces.name_en.map(_fold) == key)
            | (provinces.name_vi.map(_fold) == key)
        ]
        if hit.empty:
            raise UsageError(
                f"--province {given!r} is not a province of {PROVINCES_FILE} (post-July-2025 "
                f"units); use one of: {', '.join(sorted(provinces.name_en))}"
            )
        found: pd.Series = hit.iloc[0]
        return found
    point = gpd.points_from_xy([point_lonlat[0]], [point_lonlat[1]], crs=4326)[0]
    hit = provinces[provinces.contains(point)]
    if hit.empty:
        raise UsageError(
            f"no province of {PROVINCES_FILE} contains the park ({point_lonlat[1]:.5f}, "
            f"{point_lonlat[0]:.5f}); is the boundary in Viet Nam? Give --province NAME"
        )
    containing: pd.Series = hit.iloc[0]
    return containing


def trunk_roads_for(polygons: gpd.GeoDataFrame, epsg: int) -> str | None:
    """Return the bundled trunk-road file that serves the park, or ``None``.

    Parameters
    ----------
    polygons
        The boundary (any CRS).
    epsg
        The park's projected CRS (metres).

    Returns
    -------
    str or None
        The first of :data:`TRUNK_FILES` with a road within :data:`TRUNK_SEARCH_M` of
        the boundary.
    """
    area = polygons.to_crs(epsg).geometry.union_all()
    for relative in TRUNK_FILES:
        lines = network.read_road_lines(data_file(relative)).to_crs(epsg)
        if (lines.distance(area) <= TRUNK_SEARCH_M).any():
            return relative
    return None


def _read_facilities(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    table = read_table(path)
    gdf, problems = checks.check_facilities(table)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(
            f"{len(errors)} problem(s) in the facilities file; {errors[0].to_line()}", problems
        )
    frame = pd.DataFrame(table.frame).drop(columns=["geometry"], errors="ignore")
    out = pd.DataFrame(index=frame.index)
    columns = [
        "id",
        "name",
        "name_vi",
        "kind",
        "accepts",
        "status",
        "capacity_t_per_day",
        "lat",
        "lon",
        "location_quality",
        "location_method",
        "source_url",
        "confidence",
    ]
    for col in [*columns, *(c for c in frame.columns if c not in columns)]:
        if col in ("lat", "lon"):
            out[col] = [f"{float(v):.6f}" for v in gdf[col]]
        elif col in frame.columns:
            out[col] = ["" if pd.isna(v) else str(v) for v in frame[col]]
        else:
            out[col] = ""
    out["status"] = out["status"].where(out["status"] != "", "operating (as given by the user)")
    out["location_quality"] = out["location_quality"].where(
        out["location_quality"] != "", "declared"
    )
    out["source_url"] = out["source_url"].where(out["source_url"] != "", path.name)
    return out.drop(columns=[c for c in ("x_m", "y_m", "crs") if c in out.columns]), [
        p for p in problems if p.severity != "error"
    ]


def declared_streams(tenants: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Return the tenants' own waste figures as measured streams, and what could not be used.

    A row with ``qty_t_per_year`` and a ``waste_code`` (or a ``waste`` text that resolves
    to exactly one code of eipgeo's catalogue, :func:`eipgeo.symbiosis.materials.
    resolve_material`) becomes a row of ``measured_streams.csv``
    (:data:`eipgeo.waste.MEASURED_COLUMNS`) of kind ``declared`` and scope ``stream``: it
    replaces the estimate of that code only, the tenant's other streams stay estimated
    (:data:`eipgeo.waste.MEASURED_OPTIONS`), and its status is ``unverified`` (the user's
    figure, not checked by eipgeo).

    Parameters
    ----------
    tenants
        The tenant table as :func:`eipgeo.parks.read_tenant_table` returns it.
    file
        Its file name, for the ``source`` column and messages.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        The streams (``site_id``, ``waste_code``, ``waste_t_per_yr``, ``source``) and a
        warning for each declared quantity left unused (no code, several candidate
        codes, or a code outside the catalogue), saying how to fix it.
    """
    rows: list[dict[str, str]] = []
    problems: list[Problem] = []
    if "qty_t_per_year" not in tenants.columns:
        return pd.DataFrame(columns=[*waste.MEASURED_COLUMNS, *DECLARED_OPTIONS]), problems
    for i, rec in tenants.iterrows():
        qty = str(rec.get("qty_t_per_year", "")).strip()
        if not qty:
            continue
        text = str(rec.get("waste", "")).strip()
        res = resolve_material(text, str(rec.get("waste_code", "")))
        row = int(str(i)) + 2
        why = ""
        if len(res.codes) != 1:
            why = (
                f"'{text}' matches {len(res.codes)} waste codes"
                if res.codes
                else f"'{text}' matches no waste code"
            )
        else:
            try:
                waste.lookup(res.codes[0])
            except KeyError:
                why = f"code {res.codes[0]} is not in eipgeo's waste catalogue"
        if why:
            problems.append(
                Problem(
                    f"{rec['id']} declares {qty} t/yr but {why}, so the estimate is used; add "
                    "a waste_code column (Circular 02/2022 code, e.g. 12 06 05)",
                    "declared_waste_unused",
                    file,
                    row,
                    "waste_code",
                    text,
                    "warning",
                )
            )
            continue
        rows.append(
            {
                "site_id": str(rec["id"]),
                "waste_code": res.codes[0],
                "waste_t_per_yr": qty,
                "source": f"declared in {file} row {row} (the tenant's own figure; "
                f"code by {res.how})",
                "kind": "declared",
                "scope": "stream",  # one stream: the tenant's other streams stay estimated
                "status": "unverified",
            }
        )
    return pd.DataFrame(rows, columns=[*waste.MEASURED_COLUMNS, *DECLARED_OPTIONS]), problems


# --------------------------------------------------------------------------------------
# The folder
# --------------------------------------------------------------------------------------


def _slug(folder: Path) -> str:
    slug = ascii_slug(folder.name)
    if not slug:
        raise UsageError(
            f"{folder}: the folder name gives no slug (letters, digits, '-'); name the "
            "folder after the park, e.g. my-park"
        )
    return slug


def _baseline_yaml(slug: str) -> str:
    return (
        "# Runs the park as it is. Copy this file to try a change (see eipgeo.scenario.schema).\n"
        "name: baseline\n"
        "park: ..   # the park folder, relative to this file\n"
        "seed: 42\n"
        f"description: {slug} as it is, from its park folder\n"
    )


def _recp_yaml(tenants: pd.DataFrame) -> str:
    """Return an illustrative RECP scenario on the largest tenant (by employees, else first id)."""
    staff = pd.to_numeric(tenants["employees"], errors="coerce").fillna(-1).to_numpy()
    ids = [str(i) for i in tenants["id"]]
    site = ids[int(staff.argmax())] if (staff > 0).any() else sorted(ids)[0]
    return f"""# RECP: the largest tenant by employees ({site}) cuts its waste by 20 %.
# The 20 % cut, the capex, opex, lifetime and 10 % real discount rate are ILLUSTRATIVE
# ASSUMPTIONS (unverified) for the analyst to replace with the RECP assessment's figures.
name: recp
park: ..   # the park folder, relative to this file
description: "Illustrative RECP case: {site} reduces every stream by 20 % (assumption)."
seed: 42
recp:
  reduction_pct_by_site:
    "{site}": 20

# Appraised by `eipgeo feasibility THIS.yaml --intervention recp-{site}`.
interventions:
  - id: recp-{site}
    kind: recp
    name: "RECP measures at {site}: 20 % less waste"
    site_id: "{site}"
    start_year: 2026
    lifetime_yr: 10
    discount_rate_pct: 10
    capex_vnd: 1000000000
    opex_vnd_per_yr: 50000000
    sources:
      capex_vnd: "illustrative assumption (unverified): replace with the RECP assessment's cost"
      opex_vnd_per_yr: "illustrative assumption (unverified)"
      discount_rate_pct: "illustrative assumption (unverified): use the lender's real rate"
    risks:
      - "The 20 % cut is the scenario's assumption; the RECP assessment must confirm it."
"""


def new_park(  # noqa: PLR0913 (one keyword per command-line option)
    folder: str | Path,
    *,
    enterprises: str | Path,
    boundary: str | Path | None = None,
    from_national: str | None = None,
    from_osm: str | None = None,
    facilities: str | Path | None = None,
    streets: str | Path | None = None,
    name: str | None = None,
    province: str | None = None,
    force: bool = False,
    strict: bool = False,
) -> NewPark:
    """Make a park folder from a boundary and a tenant list (``eipgeo park new``).

    Parameters
    ----------
    folder
        The park folder to write; its name (as an ASCII slug) is the park's slug.
    enterprises
        Tenant list (CSV, XLSX, GeoJSON, GPKG...; Vietnamese or English headers; blank
        coordinates allowed: placed inside the boundary by rule), read as by
        :func:`eipgeo.parks.read_tenant_table`.
    boundary, from_national, from_osm
        Exactly one: a boundary file (polygons; GeoJSON, GPKG, SHP or a CSV with
        ``wkt``), a park of the bundled national layer (:func:`national_boundary`), or
        an OSM place name or id fetched with osmnx (network allowed only).
    facilities
        The user's treatment and disposal sites; ``None`` uses the regional register's
        sites of the park's province.
    streets
        A street extract (OSM XML, PBF, GraphML or road lines) copied into the folder;
        the job then routes on its streets instead of estimated distances.
    name
        The park's name (default: the boundary's ``name`` or the national layer's).
    province
        The province (default: the one containing the park).
    force
        Replace an existing folder (whole, only once the new one is complete).
    strict
        Treat warnings in the inputs as errors.

    Returns
    -------
    NewPark
        The folder, its metadata, counts, the warnings and the files written.

    Raises
    ------
    UsageError
        Not exactly one boundary source, a non-empty folder without ``force``, or an
        unknown province (exit 2).
    InputReadError
        A file cannot be read (exit 2).
    ValidationError
        The inputs have errors (or warnings under ``strict``); every problem is listed
        and nothing is written (exit 1).
    DataNotFoundError, NetworkDisabledError
        The national park or OSM place is not found, or OSM needs the network.
    """
    folder, enterprises = Path(folder), Path(enterprises)
    boundary = None if boundary is None else Path(boundary)
    facilities = None if facilities is None else Path(facilities)
    streets = None if streets is None else Path(streets)
    given = [b for b in (boundary, from_national, from_osm) if b is not None]
    if len(given) != 1:
        raise UsageError(
            "give the boundary one way: --boundary FILE, --from-national NAME_OR_ID or "
            "--from-osm NAME_OR_ID"
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())) and not force:
        raise UsageError(
            f"{folder} exists and is not empty; choose a new folder, or --force to replace it"
        )
    if streets is not None and streets.suffix.lower() not in STREET_SUFFIXES:
        raise UsageError(
            f"--streets {streets}: not a street extract ({', '.join(STREET_SUFFIXES)})"
        )
    slug = _slug(folder)
    shadowed = []
    if slug in parks.list_parks():
        shadowed.append(
            Problem(
                f"'{slug}' is the slug of a bundled park: a command given the bare name "
                f"'{slug}' uses the bundled park, not this folder; give this park by its "
                f"path ({folder}), or name the folder otherwise",
                "slug_of_a_bundled_park",
                str(folder),
                value=slug,
                severity="warning",
            )
        )
    if boundary is not None:
        found = _boundary_from_file(boundary)
    elif from_national is not None:
        found = _boundary_from_national(from_national)
    else:
        found = _boundary_from_osm(str(from_osm))
    tenants, problems = parks.read_tenant_table(enterprises, strict=strict)
    problems = shadowed + found.problems + problems
    area = found.polygons.geometry.union_all()
    point = area.representative_point()
    epsg = national.utm_epsg(float(point.x))
    prov = province_of(
        (float(point.x), float(point.y)),
        province if province is not None else (found.province_code if from_national else None),
    )
    fac_rows, fac_problems = (
        _read_facilities(facilities) if facilities is not None else (pd.DataFrame(), [])
    )
    problems += fac_problems
    declared, unused = declared_streams(tenants, enterprises.name)
    problems += unused
    placed = _placed_tenants(tenants, found.polygons, epsg)
    rows = {str(i): n + 2 for n, i in enumerate(tenants["id"])}  # header = row 1
    outside = parks.outside_boundary(placed, found.polygons, epsg, file=str(enterprises), rows=rows)
    problems += outside
    if strict and problems:
        raise ValidationError(
            f"{len(problems)} warning(s) under --strict; {problems[0].to_line()}", problems
        )
    meta = _meta(
        slug=slug,
        name=name or found.name or slug,
        province=prov,
        epsg=epsg,
        area_ha=float(found.polygons.to_crs(epsg).area.sum()) / 10_000,
        trunk=trunk_roads_for(found.polygons, epsg),
        regional=facilities is None,
        streets=streets,
        sources=found.sources + _file_sources(enterprises, facilities, streets),
        tenants=len(tenants),
    )
    written = _write(
        folder, meta, found.polygons, tenants, fac_rows, declared, streets, force=force
    )
    in_use = (
        len(fac_rows)
        if facilities is not None
        else len(parks.regional_facilities(meta.province_code))
    )
    return NewPark(folder, meta, len(tenants), in_use, problems, written)


def _placed_tenants(
    tenants: pd.DataFrame, polygons: gpd.GeoDataFrame, epsg: int
) -> gpd.GeoDataFrame:
    """Tenants with their own coordinates as points (for the outside-boundary check)."""
    own = tenants[(tenants["lat"] != "") & (tenants["lon"] != "")]
    return gpd.GeoDataFrame(
        {
            "site_id": own["id"],
            "name": own["name"],
            "location_quality": own["location_quality"].where(
                own["location_quality"] != "", "surveyed"
            ),
        },
        geometry=gpd.points_from_xy(own["lon"].astype(float), own["lat"].astype(float)),
        crs=4326,
    )


def _file_sources(
    enterprises: Path, facilities: Path | None, streets: Path | None
) -> list[dict[str, str]]:
    out = [
        {
            "what": f"tenant list: {enterprises.name} as given by the user (sha256 "
            f"{_sha256(enterprises)}); read and checked as by eipgeo validate",
            "url": enterprises.resolve().as_uri(),
        }
    ]
    if facilities is not None:
        out.append(
            {
                "what": f"facilities: {facilities.name} as given by the user (sha256 "
                f"{_sha256(facilities)})",
                "url": facilities.resolve().as_uri(),
            }
        )
    if streets is not None:
        out.append(
            {
                "what": f"street extract: {streets.name} as given by the user (sha256 "
                f"{_sha256(streets)}), copied to {_streets_name(streets)}",
                "url": streets.resolve().as_uri(),
            }
        )
    return out


def _streets_name(streets: Path) -> str:
    name = streets.name.lower()
    return "streets.osm.pbf" if name.endswith(".osm.pbf") else f"streets{streets.suffix.lower()}"


def _meta(  # noqa: PLR0913 (the facts of park.json)
    *,
    slug: str,
    name: str,
    province: pd.Series,
    epsg: int,
    area_ha: float,
    trunk: str | None,
    regional: bool,
    streets: Path | None,
    sources: list[dict[str, str]],
    tenants: int,
) -> parks.ParkMeta:
    notes = [
        f"Made by `eipgeo park new` from the user's files ({tenants} tenants).",
        f"CRS EPSG:{epsg}: the WGS 84 UTM zone of the boundary's representative point; "
        "area_ha computed in it.",
        f"Province {province['name_en']} ({province['name_vi']}, code {province['code']}): "
        f"post-July-2025 units, {PROVINCES_FILE}.",
        "Tenants without coordinates are placed at a seeded point inside the boundary "
        "(location_quality placed_in_polygon); tenants without employees get the "
        "programme-average workers per project (employees_quality says so).",
        "No depot is declared: the job uses the park's road entrance nearest the trunk "
        "roads (labelled in the outputs); declare one in park.json 'depot' to replace it.",
    ]
    notes.append(
        f"Trunk roads: {trunk} (a road within {TRUNK_SEARCH_M / 1000:g} km of the boundary)."
        if trunk
        else "No bundled trunk-road file covers this park: hauls to facilities are straight "
        "lines times the circuity factor (labelled estimates)."
    )
    notes.append(
        "Facilities: none given, so the park uses the sites of its province from eipgeo's "
        "regional register (eipgeo/data/regional_facilities.csv), each with its own source; "
        "add a facilities.csv here to add or replace sites."
        if regional
        else "Facilities: the user's facilities.csv."
    )
    notes.append(
        f"Streets: {_streets_name(streets)} (the user's extract)."
        if streets is not None
        else "Streets: none given; in-park distances are estimates (straight line times "
        "the circuity factor) unless the network is allowed (EIPGEO_ALLOW_NETWORK=1: "
        "osmnx download, cached)."
    )
    raw: dict[str, Any] = {
        "slug": slug,
        "name_en": name,
        "name_vi": name,
        "operator": "unverified (not given)",
        "province": str(province["name_en"]),
        "province_code": str(province["code"]),
        "kind": "industrial_park",
        "facility_source": "regional" if regional else "file",
        "epsg": epsg,
        "area_ha": round(area_ha, 2),
        "boundary": {"file": "boundary.geojson"},
        "trunk_roads": trunk,
        "sources": sources,
        "notes": " ".join(notes),
    }
    if streets is not None:
        raw["street_network"] = {
            "source": _streets_name(streets),
            "note": "the user's street extract",
        }
    return parks.ParkMeta.model_validate(raw)


def _write(  # noqa: PLR0913 (the parts of the folder)
    folder: Path,
    meta: parks.ParkMeta,
    polygons: gpd.GeoDataFrame,
    tenants: pd.DataFrame,
    facilities: pd.DataFrame,
    declared: pd.DataFrame,
    streets: Path | None,
    *,
    force: bool,
) -> list[str]:
    """Write the folder beside its place and swap it in whole (nothing half-written)."""
    del force  # checked by the caller; the swap replaces the old folder only when complete
    files = ["park.json", "boundary.geojson", "enterprises.csv", "scenarios/baseline.yaml"]
    if len(tenants):
        files.append("scenarios/recp.yaml")
    with staged_folder(folder) as root:
        inner = root / folder.name
        inner.mkdir()
        text = json.dumps(meta.model_dump(exclude_none=True), indent=2, ensure_ascii=False)
        atomic_write_text(inner / "park.json", text + "\n")
        shape = polygons[["geometry"]].assign(slug=meta.slug, name=meta.name_en)
        atomic_write_text(inner / "boundary.geojson", shape.to_crs(4326).to_json(drop_id=True))
        atomic_write_csv(inner / "enterprises.csv", tenants)
        if len(facilities):
            atomic_write_csv(inner / "facilities.csv", facilities)
            files.append("facilities.csv")
        if len(declared):
            atomic_write_csv(inner / "measured_streams.csv", declared)
            files.append("measured_streams.csv")
        if streets is not None:
            shutil.copyfile(streets, inner / _streets_name(streets))
            files.append(_streets_name(streets))
        atomic_write_text(inner / "scenarios" / "baseline.yaml", _baseline_yaml(meta.slug))
        if len(tenants):
            atomic_write_text(inner / "scenarios" / "recp.yaml", _recp_yaml(tenants))
    return sorted(files)


__all__ = [
    "NewPark",
    "declared_streams",
    "national_boundary",
    "national_matches",
    "new_park",
    "province_of",
    "trunk_roads_for",
]
