"""Waste generation of a whole park: each tenant by what it does, then the rest of the park.

For each listed tenant, in order of preference (:data:`eipgeo.waste.METHODS`):

1. **measured or declared** streams (``<park>/measured_streams.csv``, read by
   :func:`eipgeo.waste.read_measured` and applied last, in
   :func:`eipgeo.pathways.park_inventory`): an RECP table replaces the site's whole
   estimate; a tenant's public disclosure of one stream (``scope = stream``) replaces
   only that stream;
2. **production-based** streams (:func:`production_streams`): the tenant's capacity or
   output (``<park>/production.csv``) × a process intensity
   (``eipgeo/data/production_intensities.csv``, e.g. 2.07-2.53 t phosphogypsum per t
   DAP); such a row replaces the per-worker row of the same waste code;
3. **per worker by ISIC division** (:func:`eipgeo.waste.industrial_streams`), the
   Vietnamese IZ average scaled by the division's relative rate;
4. the **all-sector average** where the division has no rate.

Then the **rest of the park** (:func:`park_coverage`, :func:`rest_of_park_streams`): the
published workforce minus the listed tenants' workforce, at the all-sector rate; where
no workforce is published, the occupied or leased land not held by listed tenants at the
per-hectare rate. It is one pseudo-source, :data:`REST_OF_PARK`, whose rows carry
``coverage = rest_of_park`` and ``collection = not_routed``: it is counted in totals,
costs and CO2e, but it has no site, so it is not routed (route figures cover the listed
tenants only, and ``summary.csv`` says so). Park figures are reported as *listed* +
*rest of park*, each with its share.

Uncertainty: every row carries ``waste_t_per_yr_low`` and ``waste_t_per_yr_high`` from the
spread of its sources; :func:`total_range` propagates them to park totals.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from eipgeo._errors import Problem, ValidationError
from eipgeo.io.tables import read_text_csv_with
from eipgeo.parks import Park, Statistic, fill_sizes
from eipgeo.waste import (
    STREAM_COLUMNS,
    industrial_streams,
    lookup,
    profile_rows,
    rate,
    stream_row,
)

REST_OF_PARK = "REST-OF-PARK"
"""``site_id`` of the pseudo-source that stands for the park's unlisted tenants."""

PRODUCTION_COLUMNS = (
    "site_id",
    "capacity_value",
    "capacity_unit",
    "capacity_basis",
    "year",
    "intensity_key",
    "source_url",
)
"""Required columns of a park's ``production.csv`` (also: ``product``, ``locator``,
``note``). A row with an empty ``intensity_key`` records a capacity for which no
intensity was found; it makes no stream."""

CAPACITY_BASES = ("actual_output", "design")
"""``capacity_basis``: an output actually reported for a year, or a design capacity
(an upper side: plants rarely run at design)."""

_STATUS_RANK = {"published": 0, "derived": 1, "unverified": 2}


def _worst(*statuses: str) -> str:
    return max(statuses, key=lambda s: _STATUS_RANK[s])


# --------------------------------------------------------------------------------------
# Production-based streams
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def production_intensities() -> pd.DataFrame:
    """Return ``eipgeo/data/production_intensities.csv`` indexed by ``key`` (values float)."""
    with (
        resources.files("eipgeo.data")
        .joinpath("production_intensities.csv")
        .open(encoding="utf-8") as f
    ):
        frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    for col in ("low", "central", "high"):
        frame[col] = frame[col].astype(float)
    return frame.set_index("key", drop=False)


def read_production(
    path: Path, known_sites: set[str] | None = None, added: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Read and check a park's ``production.csv`` (capacities and outputs of tenants).

    Parameters
    ----------
    path
        CSV with :data:`PRODUCTION_COLUMNS` (need not exist when ``added`` is given).
    known_sites
        Site ids the table may name; ``None`` accepts any.
    added
        Rows in the same columns appended after the file's (a scenario's new tenants,
        :attr:`eipgeo.parks.Park.added_rows`); checked as the file's rows.

    Returns
    -------
    pandas.DataFrame
        The rows, ``capacity_value`` as float.

    Raises
    ------
    InputReadError
        The file cannot be read as CSV.
    ValidationError
        Missing columns or bad rows; every problem names file, row (as a spreadsheet
        shows it), column and value, and says how to fix it.
    """
    raw = read_text_csv_with(path, added, ("capacity_value",))
    missing = [c for c in PRODUCTION_COLUMNS if c not in raw.columns]
    if missing:
        message = (
            f"{path}: missing column(s) {missing}; a production table needs "
            f"{list(PRODUCTION_COLUMNS)}"
        )
        raise ValidationError(message, [Problem(message, "missing_column", str(path))])
    problems: list[Problem] = []
    for i, rec in raw.iterrows():
        problems += _production_problems(path, int(str(i)) + 2, rec, known_sites)
    if problems:
        raise ValidationError(f"{path}: {len(problems)} problem(s) in production rows", problems)
    out = raw.copy()
    out["capacity_value"] = out["capacity_value"].astype(float)
    return out


def _production_problems(
    path: Path, row: int, rec: pd.Series, known: set[str] | None
) -> list[Problem]:
    out: list[Problem] = []

    def bad(column: str, value: str, how: str) -> None:
        out.append(
            Problem(f"{column} is '{value}'; {how}", f"bad_{column}", str(path), row, column, value)
        )

    site = str(rec["site_id"]).strip()
    if not site or (known is not None and site not in known):
        bad("site_id", site, "use the id of an enterprise of the park (enterprises.csv)")
    try:
        value = float(str(rec["capacity_value"]))
    except ValueError:
        value = float("nan")
    if not (math.isfinite(value) and value > 0):
        bad("capacity_value", str(rec["capacity_value"]), "give the capacity as a number > 0")
    if str(rec["capacity_basis"]).strip() not in CAPACITY_BASES:
        bad("capacity_basis", str(rec["capacity_basis"]), f"use one of {list(CAPACITY_BASES)}")
    if not str(rec["source_url"]).strip():
        bad("source_url", "", "give the URL of the page that states the capacity")
    key = str(rec["intensity_key"]).strip()
    table = production_intensities()
    if key and key not in table.index:
        bad("intensity_key", key, f"use a key of production_intensities.csv {list(table.index)}")
    elif key and str(rec["capacity_unit"]).strip() != (unit := str(table.at[key, "capacity_unit"])):
        bad(
            "capacity_unit",
            str(rec["capacity_unit"]),
            f"intensity '{key}' is per '{unit}': convert the capacity to that unit",
        )
    return out


def production_streams(production: pd.DataFrame) -> pd.DataFrame:
    """Estimate the process streams of tenants with a known capacity or output.

    Parameters
    ----------
    production
        Output of :func:`read_production`; rows without ``intensity_key`` are skipped.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`eipgeo.waste.STREAM_COLUMNS`, ``method = production``; t/yr =
        ``capacity_value`` × the intensity's central value, low and high with its low
        and high. ``collection`` is the intensity's (``generator_bulk`` for the bundled
        process streams); ``status`` is the intensity's, at best ``derived``; the
        ``coefficients`` text says whether the capacity is an actual output or a design
        capacity (an upper side).

    Notes
    -----
    Example (``tests/test_generation.py``): DAP Dinh Vu's 2022 output 186,000 t DAP ×
    2.07 / 2.30 / 2.53 t phosphogypsum per t DAP = 385,020 / 427,800 / 470,580 t/yr.
    """
    table = production_intensities()
    rows = []
    for _, rec in production.iterrows():
        key = str(rec["intensity_key"]).strip()
        if not key:
            continue
        it = table.loc[key]
        capacity = float(rec["capacity_value"])
        design = str(rec["capacity_basis"]).strip() == "design"
        status = _worst(str(it["status"]), "derived")
        basis = (
            f"{capacity:,.0f} {rec['capacity_unit']} "
            f"({'design capacity: an upper side' if design else 'actual output'}, "
            f"{rec['year']}; {rec['source_url']})"
        )
        rows.append(
            stream_row(
                str(rec["site_id"]).strip(),
                lookup(str(it["waste_code"])),
                capacity * float(str(it["central"])),
                status,
                f"{basis} x production_intensities[{key}] ({it['unit']})",
                sector="",
                low=capacity * float(str(it["low"])),
                high=capacity * float(str(it["high"])),
                source=f"{it['source']} <{it['url']}>; capacity: {rec['source_url']}",
                method="production",
                split_basis=f"one process stream ({it['process']}), no split",
                collection=str(it["collection"]),
            )
        )
    return pd.DataFrame(rows, columns=STREAM_COLUMNS)


def apply_production(estimated: pd.DataFrame, process: pd.DataFrame) -> pd.DataFrame:
    """Add production-based streams; each replaces the estimate of its site and waste code.

    Parameters
    ----------
    estimated
        Per-worker streams (:data:`eipgeo.waste.STREAM_COLUMNS`).
    process
        Output of :func:`production_streams`.

    Returns
    -------
    pandas.DataFrame
        ``estimated`` without the rows a process stream replaces, plus the process rows
        (which take the site's ``sector``).

    Notes
    -----
    The site's other per-worker rows stay: they stand for its non-process waste
    (packaging, maintenance, offices). The per-worker average may already hold part of a
    process stream, so this can count that share twice (a documented, small overlap: the
    per-worker rows of a plant are its workers × about 1.2 t/yr).
    """
    if process.empty:
        return estimated
    sectors = estimated.drop_duplicates("site_id").set_index("site_id")["sector"]
    process = process.assign(sector=process["site_id"].map(sectors).fillna(""))
    pairs = set(zip(process["site_id"], process["waste_code"], strict=True))
    keep = [
        (s, c) not in pairs
        for s, c in zip(estimated["site_id"], estimated["waste_code"], strict=True)
    ]
    return pd.concat([estimated[keep], process], ignore_index=True)[STREAM_COLUMNS]


# --------------------------------------------------------------------------------------
# Coverage: listed tenants and the rest of the park
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How much of a park its listed tenants cover, and what is left.

    Attributes
    ----------
    basis
        ``workforce`` (a published workforce), ``area`` (published occupied or leased
        land, where no workforce is published) or ``none`` (neither: the rest of the
        park is unknown and not estimated).
    unit
        ``workers`` or ``ha``.
    published
        The park's published workforce or occupied land (``None`` for ``none``).
    listed
        The listed tenants' workforce (reported + filled, see
        :func:`eipgeo.parks.fill_sizes`) or land (reported + filled) in ``unit``.
    listed_reported
        The part of ``listed`` that sources report (the rest is filled by averages).
    year, source_url
        Of the published figure.
    note
        What the figures are and where they are weak.
    published_low, published_high
        The published range around ``published`` where the source gives one
        (``park.json`` statistic ``low``/``high``); ``None``: a single figure.
    departed
        The workforce or land of tenants a scenario removed (``removed_tenants``), in
        ``unit``: they left with it, so it is neither listed nor rest of the park.
    """

    basis: str
    unit: str
    published: float | None
    listed: float
    listed_reported: float
    year: int | None
    source_url: str
    note: str
    published_low: float | None = None
    published_high: float | None = None
    departed: float = 0.0

    @property
    def unlisted(self) -> float:
        """Return the published figure minus the listed and departed ones (0 when below)."""
        return max(0.0, (self.published or 0.0) - self.listed - self.departed)

    @property
    def unlisted_range(self) -> tuple[float, float, float]:
        """Return the unlisted figure (low, central, high) from the published range.

        ``low = max(0, published_low − listed − departed)``, ``high =
        max(0, published_high − listed − departed)``; the ends equal the central value
        when no range is published.
        """
        central = self.unlisted
        ends = []
        for end in (self.published_low, self.published_high):
            gone = self.listed + self.departed
            ends.append(central if end is None else max(0.0, end - gone))
        return ends[0], central, ends[1]

    @property
    def listed_share_pct(self) -> float | None:
        """Return the listed share of the published figure, % (``None`` when unknown)."""
        if not self.published:
            return None
        return min(100.0, 100 * self.listed / self.published)


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """Return a column as numbers (NaN where blank or absent)."""
    if column not in frame.columns:
        return pd.Series(float("nan"), index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce")


def _stat(park: Park, key: str) -> Statistic | None:
    return next((s for s in park.meta.statistics if s.key == key and s.value is not None), None)


def park_coverage(park: Park, sources: pd.DataFrame) -> Coverage:
    """Return how much of the park its listed tenants cover (workforce, else occupied land).

    Parameters
    ----------
    park
        An industrial park; its ``park.json`` statistics ``workers`` (the published
        workforce) or else ``occupied_area_ha`` (land occupied or leased by tenants,
        with ``projects`` to fill tenants' missing areas) are read.
    sources
        Its listed tenants, sized (``employees``, ``employees_quality``, ``area_ha``).

    Returns
    -------
    Coverage
        ``basis = none`` when the park publishes neither figure. Tenants a scenario adds
        (``confidence = scenario``, :func:`eipgeo.scenario.apply`'s ``new_tenants``) join
        on top of the published figure (on vacant land): they are not counted as listed
        here, so they never shrink the rest of the park; the note says how many.
        Tenants a scenario removes (``park.removed_enterprises``) leave with their
        workforce or land (``departed``, sized as in the baseline): the rest of the park
        stays as in the baseline, so the park's total falls by exactly their waste.
    """
    added = sources.get("confidence", pd.Series("", index=sources.index)).astype(str)
    joined = int((added == "scenario").sum())
    if joined:
        cov = park_coverage(park, sources[added != "scenario"])
        extra = (
            f" {joined} tenant(s) added by the scenario join on top of the published figure "
            "(vacant land): they do not reduce the rest of the park."
        )
        return dataclasses.replace(cov, note=cov.note + extra)
    gone = park.removed_enterprises
    if gone is not None and len(gone):
        stay = dataclasses.replace(park, removed_enterprises=None)
        sized = fill_sizes(stay, gone) if "employees" in gone.columns else gone
        whole = park_coverage(stay, pd.concat([sources, sized], ignore_index=True))
        cov = park_coverage(stay, sources)
        departed = whole.listed - cov.listed
        extra = (
            f" {len(gone)} tenant(s) removed by the scenario leave with their workforce/land "
            f"({departed:,.1f} {cov.unit}): the rest of the park is as in the baseline."
        )
        return dataclasses.replace(cov, departed=departed, note=cov.note + extra)
    workers = _stat(park, "workers")
    if workers is not None:
        employees = _numbers(sources, "employees").fillna(0.0)
        quality = sources.get("employees_quality", pd.Series("reported", index=sources.index))
        reported = float(employees[quality.astype(str) == "reported"].sum())
        listed = float(employees.sum())
        published = float(workers.value or 0.0)
        over = " Listed workforce exceeds the published figure (years differ)." * (
            listed > published
        )
        note = (
            f"published workforce {published:,.0f} ({workers.year}; {workers.note}); listed "
            f"tenants {listed:,.0f} workers, of which {reported:,.0f} reported and "
            f"{listed - reported:,.0f} filled by the park average per project.{over}"
        )
        if workers.low is not None or workers.high is not None:
            note += (
                f" Published range {workers.low or published:,.0f}-"
                f"{workers.high or published:,.0f} workers: the rest of the park's range "
                "follows it."
            )
        return Coverage(
            "workforce",
            "workers",
            published,
            listed,
            reported,
            workers.year,
            str(workers.source_url or ""),
            note,
            workers.low,
            workers.high,
        )
    land = _stat(park, "occupied_area_ha")
    if land is None:
        return Coverage(
            "none",
            "",
            None,
            0.0,
            0.0,
            None,
            "",
            "no published workforce or occupied land: the rest of the park is not estimated",
        )
    return _area_coverage(park, sources, land)


def _area_coverage(park: Park, sources: pd.DataFrame, land: Statistic) -> Coverage:
    area = _numbers(sources, "area_ha")
    projects = _stat(park, "projects")
    published = float(land.value or 0.0)
    per_project = published / float(projects.value) if projects and projects.value else 0.0
    reported = float(area.fillna(0.0).sum())
    filled = float(area.isna().sum()) * per_project
    fill_note = (
        f"{int(area.isna().sum())} tenants without an area filled at {published:,.1f} ha / "
        f"{projects.value:,.0f} projects = {per_project:,.2f} ha each"
        if projects and projects.value
        else "tenants without an area count as 0 ha (no project count to fill them)"
    )
    note = (
        f"no published workforce; occupied or leased land {published:,.1f} ha "
        f"({land.year}; {land.note}); listed tenants {reported + filled:,.1f} ha "
        f"({reported:,.1f} ha reported; {fill_note})"
    )
    return Coverage(
        "area",
        "ha",
        published,
        reported + filled,
        reported,
        land.year,
        str(land.source_url or ""),
        note,
        land.low,
        land.high,
    )


def rest_of_park_streams(coverage: Coverage) -> pd.DataFrame:
    """Estimate the waste of the park's unlisted tenants as one pseudo-source.

    Parameters
    ----------
    coverage
        Output of :func:`park_coverage`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`eipgeo.waste.STREAM_COLUMNS`, ``site_id`` :data:`REST_OF_PARK`,
        ``coverage = rest_of_park``, ``collection = not_routed``, split by the default
        profile (sectors unknown: equal split, unverified; all-industry hazardous
        share). Empty when nothing is unlisted or the coverage is unknown.

    Notes
    -----
    Workforce basis: t/yr = unlisted workers × ``t_per_worker_yr.all`` (0.971 / 1.243 /
    1.667 t/worker/yr). Area basis: t/yr = unlisted occupied ha ×
    ``t_per_ha_yr.occupied`` (55.56 / 76.08 / 109.7 t/ha/yr). Where the park's figure is
    a published range, low = (published low − listed) × the low rate and high =
    (published high − listed) × the high rate (:attr:`Coverage.unlisted_range`).
    """
    if coverage.basis == "none" or coverage.unlisted_range[2] <= 0:
        return pd.DataFrame(columns=STREAM_COLUMNS)
    key, method = (
        ("t_per_worker_yr.all", "rest_of_park_per_worker")
        if coverage.basis == "workforce"
        else ("t_per_ha_yr.occupied", "rest_of_park_per_ha")
    )
    r = rate(key)
    n_low, n, n_high = coverage.unlisted_range
    what = "workers" if coverage.basis == "workforce" else "ha"
    span = f" (range {n_low:,.1f}-{n_high:,.1f} from the published range)" * (n_low != n_high)
    rows = profile_rows(
        REST_OF_PARK,
        None,
        (n_low * r.low, n * r.central, n_high * r.high),
        keys=f"{n:,.1f} unlisted {what}{span} (published - listed) x {key}",
        status=_worst(r.status, "derived"),
        method=method,
        coverage="rest_of_park",
        collection="not_routed",
        sector="rest of park: unlisted tenants (sectors unknown)",
    )
    return pd.DataFrame(rows, columns=STREAM_COLUMNS)


# --------------------------------------------------------------------------------------
# A park's estimated streams, and ranges of totals
# --------------------------------------------------------------------------------------


def park_estimates(park: Park, sources: pd.DataFrame) -> pd.DataFrame:
    """Return a park's estimated streams: listed tenants, then the rest of the park.

    Parameters
    ----------
    park
        An industrial park (its ``production.csv`` and ``park.json`` statistics are read
        when present).
    sources
        Its tenants, sized (``site_id`` or ``id``, ``employees``, ``isic4_class``,
        ``area_ha``). Production rows of tenants a scenario removed
        (``park.removed_ids``) are left out.

    Returns
    -------
    pandas.DataFrame
        :data:`eipgeo.waste.STREAM_COLUMNS`: per-worker rows, production-based rows in
        place of the same codes, and :data:`REST_OF_PARK` rows. Measured and declared
        streams are applied after this (:func:`eipgeo.pathways.park_inventory`).

    Raises
    ------
    ValidationError
        ``production.csv`` has bad rows.
    """
    tenants = sources.rename(columns={"site_id": "id"})
    streams = industrial_streams(tenants) if len(tenants) else pd.DataFrame(columns=STREAM_COLUMNS)
    path = park.folder / "production.csv"
    added = park.added_rows.get("production.csv")
    if path.is_file() or added is not None:
        # a removed tenant's production rows are valid but no longer apply
        known = set(tenants["id"].astype(str)) | park.removed_ids
        production = read_production(path, known, added)
        production = production[~production["site_id"].astype(str).isin(park.removed_ids)]
        streams = apply_production(streams, production_streams(production))
    rest = rest_of_park_streams(park_coverage(park, tenants))
    if rest.empty:
        return streams
    return pd.concat([streams, rest], ignore_index=True)[STREAM_COLUMNS]


def total_range(streams: pd.DataFrame) -> tuple[float, float, float]:
    """Return the (low, central, high) total t/yr of a set of streams.

    Parameters
    ----------
    streams
        Rows with ``waste_t_per_yr``, ``waste_t_per_yr_low`` and ``waste_t_per_yr_high``.

    Returns
    -------
    tuple of float
        (sum of the lows, sum of the centrals, sum of the highs), t/yr.

    Notes
    -----
    Propagation rule: **full correlation** (the range of a sum is the sum of the
    ranges). Within a park, nearly every estimated row rests on the same few figures:
    one all-sector per-worker calibration (which every division rate and the rest of the
    park scale), one per-hectare rate and one hazardous share. Their errors therefore
    move together, and adding them in quadrature (independence) would understate the
    range. For the few independent rows (a tenant's disclosure, a production intensity)
    this is conservative: it gives the outer bound of the total, never a narrower one.
    By hand (``tests/test_generation.py``): rows (90, 100, 120) and (350,000, 400,000,
    450,000) give (350,090, 400,100, 450,120).
    """
    low = float(streams["waste_t_per_yr_low"].astype(float).sum())
    central = float(streams["waste_t_per_yr"].astype(float).sum())
    high = float(streams["waste_t_per_yr_high"].astype(float).sum())
    return low, central, high
