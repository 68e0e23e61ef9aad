"""Benchmark of the monitoring store (issue 25): ten years x 150 firms into each backend.

A seeded synthetic park of 150 firms (a park folder in a temporary directory) and ten years
(2017-2026) of monitoring records: every firm measures one or two waste codes a year, a
third report an intervention, a tenth an exchange with another firm (about 3,000 rows).
The same file is

* read as ``eipgeo monitor --results`` reads it (:func:`eipgeo.store.api.validate_results`,
  the baseline of this run),
* loaded into a GeoPackage store and into a PostGIS store (``eipgeo db load``: validation
  plus one transaction), and
* read back from each store as ``eipgeo monitor --db`` reads it
  (:func:`eipgeo.store.api.read_records`), checked equal to the file's frame.

Targets: each load under 10 s, each read under 5 s. PostGIS: ``--postgres URL`` or
``EIPGEO_TEST_POSTGRES_URL`` (``.ci/postgres start``); the role must be allowed to create a
database, a fresh one is made for the run and dropped after. Without a server the PostGIS
figures are ``nan``.

Usage: ``python benchmarks/bench_store.py [--postgres URL] [--repeat 3]`` (best of N).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eipgeo import parks
from eipgeo.store import api

YEARS = range(2017, 2027)
FIRMS = 150
SEED = 25
CODES = ["OI-05", "OI-12", "OI-13", "OI-01", "17 02 04", "OI-03", "OI-08"]
ISIC = ["2211", "2011", "1010", "2599", "2610", "1392", "2930", "2394"]


def make_park(folder: Path) -> parks.Park:
    """Write a 150-firm park folder (boundary 4 x 4 km at Hai Phong) and load it."""
    rng = np.random.default_rng(SEED)
    lon0, lat0, d = 106.74, 20.80, 0.04
    boundary = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "bench park"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [lon0, lat0],
                            [lon0 + d, lat0],
                            [lon0 + d, lat0 + d],
                            [lon0, lat0 + d],
                            [lon0, lat0],
                        ]
                    ],
                },
            }
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "boundary.geojson").write_text(json.dumps(boundary), encoding="utf-8")
    (folder / "park.json").write_text(
        json.dumps(
            {
                "slug": "bench-150",
                "name_en": "Synthetic benchmark park (150 firms)",
                "province": "Hai Phong",
                "kind": "industrial_park",
                "epsg": 32648,
                "boundary": {"file": "boundary.geojson"},
            }
        ),
        encoding="utf-8",
    )
    ents = pd.DataFrame(
        {
            "id": [f"B{i:03d}" for i in range(1, FIRMS + 1)],
            "name": [f"Synthetic firm {i}" for i in range(1, FIRMS + 1)],
            "isic4_class": rng.choice(ISIC, FIRMS),
            "employees": rng.integers(50, 3000, FIRMS).astype(str),
            "lat": (lat0 + 0.002 + rng.random(FIRMS) * (d - 0.004)).round(6).astype(str),
            "lon": (lon0 + 0.002 + rng.random(FIRMS) * (d - 0.004)).round(6).astype(str),
            "location_quality": "surveyed",
        }
    )
    ents.to_csv(folder / "enterprises.csv", index=False)
    return parks.load_park(folder)


def make_records(park: parks.Park, path: Path) -> int:
    """Write ten years of seeded records for every firm; return the row count."""
    rng = np.random.default_rng(SEED + 1)
    ids = list(park.enterprises["id"])
    rows = []
    for year in YEARS:
        for i, site in enumerate(ids):
            for code in rng.choice(CODES, 1 + int(rng.random() < 0.5), replace=False):
                rows.append(
                    [
                        year,
                        site,
                        "stream",
                        code,
                        "",
                        "",
                        round(float(rng.gamma(2.0, 40.0)), 3),
                        f"audit {year}",
                    ]
                )
            if i % 3 == 0:
                rows.append(
                    [
                        year,
                        site,
                        "intervention",
                        "",
                        f"recp-{site}",
                        "",
                        round(float(rng.gamma(2.0, 5.0)), 3),
                        f"RECP report {year}",
                    ]
                )
            if i % 10 == 0:
                rows.append(
                    [
                        year,
                        site,
                        "exchange",
                        "OI-13",
                        "",
                        ids[(i + 1) % len(ids)],
                        round(float(rng.gamma(2.0, 8.0)), 3),
                        f"delivery notes {year}",
                    ]
                )
    pd.DataFrame(
        rows,
        columns=[
            "year",
            "site_id",
            "record",
            "waste_code",
            "intervention_id",
            "partner_id",
            "quantity_t",
            "note",
        ],
    ).to_csv(path, index=False)
    return len(rows)


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs of ``fn`` (s), and its last result."""
    best, out = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def bench_backend(
    fresh: Callable[[int], str], park: parks.Park, records: Path, repeat: int, want: pd.DataFrame
) -> tuple[float, float]:
    """Load into a fresh store ``repeat`` times and read back; return (load_s, read_s)."""
    loads, target = [], ""
    for i in range(repeat):
        target = fresh(i)
        api.init_store(target)
        t0 = time.perf_counter()
        summary = api.load_results(target, park, records, by="bench")
        loads.append(time.perf_counter() - t0)
        assert summary.added == len(want), summary
    read_s, got = best_of(repeat, lambda: api.read_records(target, park.slug))
    pd.testing.assert_frame_equal(got, want)
    return min(loads), read_s


class PostgresDatabases:
    """Fresh databases for the run (from template1, which holds postgis), dropped after."""

    def __init__(self, url: str) -> None:
        import sqlalchemy as sa

        self.base = sa.make_url(url)
        self.admin = self.base.set(drivername="postgresql").render_as_string(hide_password=False)
        self.names: list[str] = []

    def fresh(self, i: int) -> str:
        """Create database number ``i`` of this run; return its URL."""
        import psycopg

        name = f"eipgeo_bench_{os.getpid()}_{i}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop(self) -> None:
        """Drop every database this run made."""
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            for name in self.names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    """Run the benchmark and print the figures, ending with the RESULT line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("EIPGEO_TEST_POSTGRES_URL", ""))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        park = make_park(folder / "park")
        records = folder / "records.csv"
        n = make_records(park, records)
        file_s, want = best_of(args.repeat, lambda: api.validate_results(park, records))
        print(
            f"records: {n} rows, {len(YEARS)} years x {FIRMS} firms; file read "
            f"(eipgeo monitor --results): {file_s:.3f} s"
        )
        load_g, read_g = bench_backend(
            lambda i: str(folder / f"store{i}.gpkg"), park, records, args.repeat, want
        )
        print(
            f"geopackage: load {load_g:.3f} s ({load_g / file_s:.2f} x the file read), "
            f"read {read_g:.3f} s ({read_g / file_s:.3f} x)"
        )
        load_p = read_p = math.nan
        if args.postgres:
            databases = PostgresDatabases(args.postgres)
            try:
                load_p, read_p = bench_backend(databases.fresh, park, records, args.repeat, want)
            finally:
                databases.drop()
            print(
                f"postgis:    load {load_p:.3f} s ({load_p / file_s:.2f} x the file read), "
                f"read {read_p:.3f} s ({read_p / file_s:.3f} x)"
            )
        else:
            print("postgis: no server (--postgres URL or EIPGEO_TEST_POSTGRES_URL); skipped")
    ok = all(v < 10 for v in (load_g, load_p) if not math.isnan(v)) and all(
        v < 5 for v in (read_g, read_p) if not math.isnan(v)
    )
    print(f"targets (load < 10 s, read < 5 s): {'met' if ok else 'MISSED'}")
    print(
        f"RESULT load_gpkg_s={load_g:.3f} load_postgis_s={load_p:.3f} read_gpkg_s={read_g:.3f} "
        f"read_postgis_s={read_p:.3f} file_read_s={file_s:.3f} rows={n}"
    )


if __name__ == "__main__":
    main()
