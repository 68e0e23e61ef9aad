"""Waste streams per source: the Vietnamese waste catalogue, generation and scenarios.

* **Catalogue** (``eipgeo/data/waste_catalogue.csv``): eipgeo's restatement of the
  Vietnamese waste list (Circular 02/2022/TT-BTNMT Appendix III, whose code structure
  comes from Circular 36/2015/TT-BTNMT), plus ordinary-industrial and domestic streams
  the hazardous list does not name (eipgeo codes ``OI-nn`` and ``DW-nn``, each with its
  EWC code). :func:`lookup` gives a code's class and names.
* **Generation.** Measured streams (RECP assessment tables, :func:`read_measured`) win;
  otherwise an estimate: urban outlets by per-outlet rates (:func:`uis_streams`),
  enterprises by a sector profile (:func:`industrial_streams`,
  ``eipgeo/data/sector_profiles.csv``).
* **Changes** (:class:`WasteChange`, :func:`apply_change`): RECP reduction in % by
  stream, sector or enterprise, growth per year and the planning year.

Every row carries ``basis`` (``estimated`` or ``measured``), the coefficient keys it
used and the weakest ``status`` among them (``published`` < ``derived`` <
``unverified``), so a map or table can always say how a tonnage was obtained.

Classes. ``legal_class`` is the class the catalogue gives (``hazardous``,
``controlled``, ``ordinary``, ``domestic``) and is what totals, summaries and the
Sankey report (:func:`reported_class`). ``waste_class`` is the class the plan handles
the stream as: a ``controlled`` (KS) code is "hazardous unless tested below the
threshold" (TT 36/2015 '*' marker; QCVN 07:2009/BTNMT, possibly replaced by Circular
44/2025/TT-BNNMT, not verified), so until a threshold test says otherwise it is
planned, priced, routed and sent only to hazardous-licensed facilities as
``hazardous``; ``class_note`` says so on every such row.

Gaps (``unverified``; kept out of legal claims; replace with RECP measurements, which
win over every estimate):

* **Split by waste code.** No sourced split of a sector's waste by code was found
  (``waste_evidence_vn.md`` §2, line 40: "No per-employee or per-hectare solid-waste
  coefficient ... was found"; line 46 names Dong Nai's hazardous-waste sectors only
  qualitatively). Every row of ``sector_profiles.csv`` splits its group equally over
  eipgeo's list of the sector's typical codes. The group totals themselves are sourced
  (``industrial_solid_waste_t_per_worker_yr.all``, ``hazardous_share.all``, both
  derived from published figures), but the same 16 % hazardous share is used for every
  sector (no sector-specific share was found).
* **Per-hectare rates.** None sourced; generation is per worker only. The Dong Nai
  IZ totals (§1 line 31) and IP areas (§1 lines 27, 32) serve only as plausibility
  checks (:func:`eipgeo.pathways.plausibility`).
* **Workers' domestic waste.** No per-worker or per-capita domestic-waste rate is in
  the evidence files (§1 gives city totals without population, e.g. Hai Phong 942 t/day
  urban MSW, line 33; Dong Nai 394,000 t household waste 2008, line 31), so parks get
  no ``DW-03`` stream: their domestic waste is missing from the totals, not zero.
* **Catalogue classes** of the listed codes for the 2022 text (restated from the 2015
  list), the domestic class of ``DW-nn`` codes (Decree 08/2022 Art. 75 as cited, not
  read).
* **Factors**: landfill, co-processing and scrap prices; EPA WARM credits (as quoted);
  the IPCC 2006 defaults behind the hazardous-incineration CO2 factor (see
  :mod:`eipgeo.pathways`).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eipgeo import coefficients
from eipgeo._errors import InputReadError, Problem, UsageError, ValidationError
from eipgeo._text import normalise_code

DAYS_PER_YEAR = 365
"""Operating days of food-service outlets (open daily; an assumption stated in outputs)."""

_STATUS_RANK = {"published": 0, "derived": 1, "unverified": 2}

STREAM_COLUMNS = [
    "site_id",
    "stream",
    "waste_code",
    "ewc_code",
    "waste_class",
    "waste_kg_per_day",
    "waste_t_per_yr",
    "basis",
    "status",
    "coefficients",
    "legal_class",
    "name_en",
    "material",
    "sector",
    "waste_t_per_yr_low",
    "waste_t_per_yr_high",
    "source",
    "class_note",
]
"""Columns of every stream table; the first nine are what maps and routing read
(``waste_class`` = the class handled as; ``legal_class`` = the class reported)."""

PLANNING_CLASS = {
    "hazardous": "hazardous",
    "controlled": "hazardous",
    "ordinary": "ordinary",
    "domestic": "domestic",
}
"""Catalogue class -> class used for planning (KS is planned as hazardous)."""

CATALOGUE_CLASSES = tuple(PLANNING_CLASS)

CONTROLLED_NOTE = (
    "KS (controlled): hazardous unless a threshold test (QCVN 07:2009/BTNMT, TT 36/2015 "
    "'*' marker) shows it below the threshold; none is recorded, so it is planned, priced "
    "and routed as hazardous and sent only to hazardous-licensed facilities"
)
"""``class_note`` of every ``controlled`` row: why it is handled as hazardous."""


def reported_class(streams: pd.DataFrame) -> pd.Series:
    """Return the class each row is reported under: ``legal_class``, else ``waste_class``.

    Totals, summaries and the Sankey report ``controlled`` (KS) streams as
    ``controlled`` although they are handled as ``hazardous`` (``waste_class``).

    Parameters
    ----------
    streams
        A stream table with ``waste_class`` and, usually, ``legal_class``.

    Returns
    -------
    pandas.Series
        Text, aligned on ``streams``; empty ``legal_class`` cells fall back to
        ``waste_class``.
    """
    planned = streams["waste_class"].astype(str)
    if "legal_class" not in streams.columns:
        return planned
    legal = streams["legal_class"].fillna("").astype(str)
    return legal.where(legal != "", planned)


# --------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueEntry:
    """One waste code of the catalogue.

    Attributes
    ----------
    code
        Vietnamese code (``"17 02 04"``) or eipgeo's own (``"OI-01"``, ``"DW-01"``).
    name_vi, name_en
        Names (Vietnamese as in the legal list; English written by eipgeo).
    waste_class
        ``hazardous``, ``controlled``, ``ordinary`` or ``domestic``.
    physical_state, material, ewc_code, stream
        Descriptive fields; ``material`` drives pathways and GHG factors.
    status
        ``published`` or ``unverified`` (see ``note``).
    source_url, locator, note
        Provenance.
    """

    code: str
    name_vi: str
    name_en: str
    waste_class: str
    physical_state: str
    material: str
    ewc_code: str
    stream: str
    status: str
    source_url: str
    locator: str
    note: str

    @property
    def planning_class(self) -> str:
        """Class used for planning (``controlled`` is planned as ``hazardous``)."""
        return PLANNING_CLASS[self.waste_class]


def _read_packaged(name: str) -> pd.DataFrame:
    with resources.files("eipgeo.data").joinpath(name).open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def catalogue() -> pd.DataFrame:
    """Return the waste catalogue, indexed by ``code`` (all columns text)."""
    return _read_packaged("waste_catalogue.csv").set_index("code", drop=False)


def lookup(code: str) -> CatalogueEntry:
    """Return the catalogue entry of a waste code.

    Parameters
    ----------
    code
        ``"17 02 04"`` (spaces as in the legal list; ``"170204"`` is accepted) or an
        eipgeo code such as ``"OI-01"``.

    Raises
    ------
    KeyError
        Unknown code; the message lists the closest codes.
    """
    table = catalogue()
    key = _normalise_code(code)
    if key not in table.index:
        near = difflib.get_close_matches(key, list(table.index), n=3)
        raise KeyError(f"no waste code '{code}' in the eipgeo catalogue; did you mean {near}?")
    row = table.loc[key]
    names = [f.name for f in fields(CatalogueEntry)]
    return CatalogueEntry(**{n: str(row[n]) for n in names})


def _normalise_code(code: str) -> str:
    """Return the canonical waste code (:func:`eipgeo._text.normalise_code`), else the text."""
    return normalise_code(code) or str(code).strip()


def code_for_stream(stream: str) -> CatalogueEntry:
    """Return the catalogue entry whose ``stream`` key is ``stream``.

    Parameters
    ----------
    stream
        Value of the ``stream`` column of ``eipgeo/data/waste_catalogue.csv``; the first
        entry with it is returned.

    Returns
    -------
    CatalogueEntry
        As :func:`lookup` returns it for that entry's code.

    Raises
    ------
    KeyError
        No entry has that stream key.
    """
    table = catalogue()
    hit = table[table["stream"] == stream]
    if hit.empty:
        raise KeyError(f"no catalogue entry for stream '{stream}'")
    return lookup(str(hit.index[0]))


# --------------------------------------------------------------------------------------
# Urban outlets (UIS)
# --------------------------------------------------------------------------------------

# Per outlet type: (catalogue stream key, [coefficient keys multiplied together]).
UIS_RATES: dict[str, list[tuple[str, list[str]]]] = {
    "restaurant": [
        (
            "food_waste",
            ["food_waste_kg_per_worker_day.restaurant_small", "workers_per_outlet.restaurant"],
        ),
        ("used_cooking_oil", ["used_cooking_oil_kg_per_outlet_day.restaurant"]),
    ],
    "cafe": [
        ("food_waste", ["food_waste_kg_per_worker_day.cafe", "workers_per_outlet.cafe"]),
    ],
    "fast_food": [
        ("food_waste", ["food_waste_kg_per_outlet_day.fast_food"]),
        ("used_cooking_oil", ["used_cooking_oil_kg_per_outlet_day.fast_food"]),
    ],
    "supermarket": [
        ("food_waste", ["food_waste_kg_per_outlet_day.supermarket"]),
    ],
}
"""Generation model per OSM outlet type. No sourced used-cooking-oil rate was found for
cafés and supermarkets, so they carry no such stream (not a zero: the stream is absent)."""


def _product(keys: list[str]) -> tuple[float, str]:
    value, worst = 1.0, "published"
    for key in keys:
        coef = coefficients.get(key)
        value *= coef.value
        worst = _worst(worst, coef.status)
    return value, worst


def _worst(a: str, b: str) -> str:
    return a if _STATUS_RANK[a] >= _STATUS_RANK[b] else b


def uis_streams(sources: pd.DataFrame) -> pd.DataFrame:
    """Estimate food waste and used cooking oil for urban food-service outlets.

    Parameters
    ----------
    sources
        One row per outlet, with ``site_id`` and ``source_type`` (``restaurant``,
        ``cafe``, ``fast_food`` or ``supermarket``).

    Returns
    -------
    pandas.DataFrame
        Long format, columns :data:`STREAM_COLUMNS`: one row per outlet and stream.
        ``waste_t_per_yr = waste_kg_per_day * DAYS_PER_YEAR / 1000``; no range
        (``waste_t_per_yr_low/high`` equal the estimate).

    Raises
    ------
    ValueError
        An unknown ``source_type``; the message lists the known ones.

    Notes
    -----
    Rates: Matsui et al. (2018), Hue, per worker; Do & Le (2017), HCMC fast food; Lidl
    GB (supermarkets, UK, upper bound); used cooking oil from Ipoh (Malaysia) and a US
    estimate. See ``eipgeo/data/coefficients.csv`` for each derivation and status.
    """
    rows = []
    for site_id, kind in zip(sources["site_id"], sources["source_type"], strict=True):
        if kind not in UIS_RATES:
            raise ValueError(
                f"{site_id}: unknown source_type '{kind}'; use one of {sorted(UIS_RATES)}"
            )
        for stream, keys in UIS_RATES[kind]:
            kg_day, status = _product(keys)
            t_yr = kg_day * DAYS_PER_YEAR / 1000
            rows.append(
                _stream_row(
                    str(site_id),
                    code_for_stream(stream),
                    t_yr,
                    status,
                    " x ".join(keys),
                    sector=str(kind),
                )
            )
    return pd.DataFrame(rows, columns=STREAM_COLUMNS)


def _stream_row(  # noqa: PLR0913 (one keyword per provenance field keeps calls readable)
    site_id: str,
    entry: CatalogueEntry,
    t_yr: float,
    status: str,
    keys: str,
    *,
    sector: str,
    low: float | None = None,
    high: float | None = None,
    basis: str = "estimated",
    source: str = "",
) -> dict[str, object]:
    return {
        "site_id": site_id,
        "stream": entry.stream,
        "waste_code": entry.code,
        "ewc_code": entry.ewc_code,
        "waste_class": entry.planning_class,
        "waste_kg_per_day": round(t_yr * 1000 / DAYS_PER_YEAR, 3),
        "waste_t_per_yr": round(t_yr, 3),
        "basis": basis,
        "status": status,
        "coefficients": keys,
        "legal_class": entry.waste_class,
        "name_en": entry.name_en,
        "material": entry.material,
        "sector": sector,
        "waste_t_per_yr_low": round(t_yr if low is None else low, 3),
        "waste_t_per_yr_high": round(t_yr if high is None else high, 3),
        "source": source or "eipgeo/data/coefficients.csv (see coefficients column)",
        "class_note": CONTROLLED_NOTE if entry.waste_class == "controlled" else "",
    }


# --------------------------------------------------------------------------------------
# Enterprises (sector profiles)
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def sector_profiles() -> pd.DataFrame:
    """Return ``eipgeo/data/sector_profiles.csv`` (``share_of_group`` as float)."""
    frame = _read_packaged("sector_profiles.csv")
    frame["share_of_group"] = frame["share_of_group"].astype(float)
    return frame


def profile_for(isic4: object) -> tuple[str, pd.DataFrame]:
    """Return the sector profile of an ISIC Rev.4 class: 4-digit, else 2-digit, else default.

    Parameters
    ----------
    isic4
        ``"2211"``, ``2211`` or empty/NaN (unknown sector).

    Returns
    -------
    tuple of (str, pandas.DataFrame)
        The profile key used (``"2211"``, ``"22"`` or ``"default"``) and its rows.
    """
    text = (
        ""
        if isic4 is None or (isinstance(isic4, float) and math.isnan(isic4))
        else str(isic4).strip().split(".")[0]
    )
    table = sector_profiles()
    for key in (text, text[:2]):
        if key and (table["isic4"] == key).any():
            return key, table[table["isic4"] == key]
    return "default", table[table["isic4"] == "default"]


def industrial_streams(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Estimate each enterprise's waste by code from its sector profile.

    Parameters
    ----------
    enterprises
        One row per enterprise with ``id``, ``employees`` (workers, > 0; fill gaps
        first, e.g. with :func:`eipgeo.parks.fill_sizes`) and optionally
        ``isic4_class`` (ISIC Rev.4; empty = unknown sector).

    Returns
    -------
    pandas.DataFrame
        Long format, columns :data:`STREAM_COLUMNS`, one row per enterprise and code
        of its profile. ``waste_kg_per_day`` is the annual tonnage over 365 days.

    Raises
    ------
    ValueError
        A missing or non-positive ``employees`` value, naming the enterprise.

    Notes
    -----
    Per enterprise, total = employees × ``industrial_solid_waste_t_per_worker_yr.all``
    (1.243 t/worker/yr = 17 % × 28 Mt/yr (NSoER 2011) / 3.83 million IP workers
    (2020)); hazardous group = total × ``hazardous_share.all`` (0.16, HCMC 2019:
    400 / 2,500 t/day), ordinary group = total × 0.84. Each group is split over the
    sector's typical codes by ``share_of_group`` in ``sector_profiles.csv`` (an equal
    split, ``unverified``: no sourced split by code was found). The low/high range
    uses ``hazardous_share.all_low`` (0.0909, HCMC DONRE 400 / 4,400 t/day) and 0.16.
    The hazardous group holds both ``hazardous`` and ``controlled`` (KS) codes: the
    HCMC figure counts all waste handled as hazardous. KS rows keep ``legal_class =
    controlled`` and carry ``class_note``. No ``DW-03`` (workers' domestic waste) row
    is made: no sourced per-worker rate exists (module docstring, gaps).
    """
    per_worker = coefficients.get("industrial_solid_waste_t_per_worker_yr.all")
    haz = coefficients.get("hazardous_share.all")
    haz_low = coefficients.get("hazardous_share.all_low")
    has_isic = "isic4_class" in enterprises.columns
    rows = []
    for _, ent in enterprises.iterrows():
        site_id, workers = str(ent["id"]), ent["employees"]
        if not (isinstance(workers, (int, float, np.number)) and workers > 0):
            raise ValueError(f"{site_id}: employees is {workers!r}; give a positive count")
        total_t = float(workers) * per_worker.value
        key, profile = profile_for(ent["isic4_class"] if has_isic else None)
        groups = {
            "hazardous": (haz.value, (haz_low.value, haz.value), "hazardous_share.all"),
            "ordinary": (
                1 - haz.value,
                (1 - haz.value, 1 - haz_low.value),
                "1 - hazardous_share.all",
            ),
        }
        for _, prof in profile.iterrows():
            share, (lo, hi), share_key = groups[prof["waste_class_group"]]
            t = total_t * share * prof["share_of_group"]
            status = _worst(_worst(per_worker.status, haz.status), prof["status"])
            keys = (
                f"employees x {per_worker.key} x {share_key} x "
                f"sector_profiles[{key}, {prof['waste_code']}]"
            )
            rows.append(
                _stream_row(
                    site_id,
                    lookup(prof["waste_code"]),
                    t,
                    status,
                    keys,
                    sector=f"ISIC {key}: {prof['sector_en']}"
                    if key != "default"
                    else "ISIC unknown: default profile",
                    low=total_t * lo * prof["share_of_group"],
                    high=total_t * hi * prof["share_of_group"],
                )
            )
    return pd.DataFrame(rows, columns=STREAM_COLUMNS)


# --------------------------------------------------------------------------------------
# Measured streams (RECP assessment tables)
# --------------------------------------------------------------------------------------

MEASURED_COLUMNS = ("site_id", "waste_code", "waste_t_per_yr", "source")
"""Required columns of a measured-streams table; optional: ``waste_t_per_yr_low``,
``waste_t_per_yr_high``, ``year``."""


def read_measured(path: Path, known_sites: set[str] | None = None) -> pd.DataFrame:
    """Read and check a table of measured streams (e.g. an RECP assessment's waste table).

    Parameters
    ----------
    path
        CSV with :data:`MEASURED_COLUMNS` (t/yr per site and waste code).
    known_sites
        Site ids the table may name; ``None`` accepts any.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STREAM_COLUMNS`, ``basis = "measured"``, ``status = "published"``.

    Raises
    ------
    InputReadError
        The file cannot be read as CSV.
    ValidationError
        Missing columns or bad rows; every problem names file, row (as a spreadsheet
        shows it), column and value.
    """
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputReadError(f"{path}: cannot read as UTF-8 CSV ({exc}); save it as CSV") from exc
    missing = [c for c in MEASURED_COLUMNS if c not in raw.columns]
    if missing:
        message = (
            f"{path}: missing column(s) {missing}; a measured-streams table needs "
            f"{list(MEASURED_COLUMNS)}"
        )
        raise ValidationError(message, [Problem(message, "missing_column", str(path))])
    problems: list[Problem] = []
    rows = []
    for i, rec in raw.iterrows():
        row_problems, row = _measured_row(path, int(str(i)) + 2, rec, known_sites)
        problems += row_problems
        if row is not None:
            rows.append(row)
    if problems:
        raise ValidationError(f"{path}: {len(problems)} problem(s) in measured streams", problems)
    return pd.DataFrame(rows, columns=STREAM_COLUMNS)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _measured_row(
    path: Path, row: int, rec: pd.Series, known: set[str] | None
) -> tuple[list[Problem], dict[str, object] | None]:
    out: list[Problem] = []

    def bad(column: str, value: str, how: str) -> None:
        out.append(
            Problem(f"{column} is '{value}'; {how}", f"bad_{column}", str(path), row, column, value)
        )

    site, code = rec["site_id"].strip(), rec["waste_code"].strip()
    if not site or (known is not None and site not in known):
        bad("site_id", site, "use the id of an enterprise of the park")
    entry = None
    try:
        entry = lookup(code)
    except KeyError as exc:
        bad("waste_code", code, str(exc).strip("\"'"))
    t_yr = _number(rec["waste_t_per_yr"].strip())
    if t_yr is None:
        bad("waste_t_per_yr", rec["waste_t_per_yr"], "give tonnes per year as a number >= 0")
    if not rec["source"].strip():
        bad("source", "", "name the RECP assessment (report, table, year)")
    bounds = [
        _number(str(rec.get(c, "")).strip()) if str(rec.get(c, "")).strip() else t_yr
        for c in ("waste_t_per_yr_low", "waste_t_per_yr_high")
    ]
    for col, value in zip(("waste_t_per_yr_low", "waste_t_per_yr_high"), bounds, strict=True):
        if value is None and t_yr is not None:
            bad(col, str(rec.get(col, "")), "give tonnes per year as a number >= 0, or leave empty")
    if out or entry is None or t_yr is None:
        return out, None
    return out, _stream_row(
        site,
        entry,
        t_yr,
        "published",
        "measured",
        sector="",
        low=bounds[0],
        high=bounds[1],
        basis="measured",
        source=rec["source"].strip(),
    )


def apply_measured(estimated: pd.DataFrame, measured: pd.DataFrame) -> pd.DataFrame:
    """Replace the estimates of every site that has measured streams by its measurements.

    A site's measured table is taken as its whole inventory (an RECP assessment lists
    every stream it found), so its estimated rows are dropped, not topped up.

    Parameters
    ----------
    estimated
        The estimated inventory, columns :data:`STREAM_COLUMNS` (t/yr per stream).
    measured
        Measured streams (:func:`read_measured`), columns :data:`STREAM_COLUMNS`; empty:
        ``estimated`` is returned as it is.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STREAM_COLUMNS`; measured rows keep the estimated rows' ``sector``.
    """
    if measured.empty:
        return estimated
    sectors = estimated.drop_duplicates("site_id").set_index("site_id")["sector"]
    measured = measured.assign(sector=measured["site_id"].map(sectors).fillna(""))
    kept = estimated[~estimated["site_id"].isin(set(measured["site_id"]))]
    return pd.concat([kept, measured], ignore_index=True)[STREAM_COLUMNS]


# --------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WasteChange:
    """A reduction and growth scenario against the baseline inventory.

    Attributes
    ----------
    name
        Label shown in outputs.
    reduction_pct_by_code, reduction_pct_by_sector, reduction_pct_by_site
        RECP reduction in % (0-100) keyed by waste code, ISIC class (as in
        ``sector``, e.g. ``"2211"``) or site id. Reductions that apply to the same row
        combine multiplicatively: ``(1 - a/100) * (1 - b/100)``.
    growth_pct_per_yr
        Growth of generation per year, compounded from ``base_year``.
    base_year, planning_year
        Year of the inventory and the year planned for.
    """

    name: str = "scenario"
    reduction_pct_by_code: dict[str, float] = field(default_factory=dict)
    reduction_pct_by_sector: dict[str, float] = field(default_factory=dict)
    reduction_pct_by_site: dict[str, float] = field(default_factory=dict)
    growth_pct_per_yr: float = 0.0
    base_year: int = 2025
    planning_year: int = 2025


def change_from_dict(spec: dict[str, Any]) -> WasteChange:
    """Build a :class:`WasteChange` from a mapping (e.g. a scenario file's ``waste`` block).

    Parameters
    ----------
    spec
        Keys among the fields of :class:`WasteChange`: ``name``,
        ``reduction_pct_by_code``/``_by_sector``/``_by_site`` (%, 0-100),
        ``growth_pct_per_yr`` (% per year), ``base_year`` and ``planning_year``; a key
        left out keeps its default.

    Returns
    -------
    WasteChange
        The validated change.

    Raises
    ------
    UsageError
        An unknown key (the nearest valid key is suggested), a percentage outside
        0-100, or a planning year before the base year.
    """
    names = [f.name for f in fields(WasteChange)]
    for key in spec:
        if key not in names:
            near = difflib.get_close_matches(key, names, n=1)
            raise UsageError(
                f"unknown scenario key '{key}'"
                + (f"; did you mean '{near[0]}'?" if near else f"; use {names}")
            )
    scenario = WasteChange(**spec)
    for label in ("reduction_pct_by_code", "reduction_pct_by_sector", "reduction_pct_by_site"):
        for key, pct in getattr(scenario, label).items():
            if not 0 <= float(pct) <= 100:
                raise UsageError(f"{label}['{key}'] is {pct}; give a percentage from 0 to 100")
    if scenario.planning_year < scenario.base_year:
        raise UsageError(
            f"planning_year {scenario.planning_year} is before base_year "
            f"{scenario.base_year}; plan for a later year"
        )
    return scenario


def apply_change(streams: pd.DataFrame, scenario: WasteChange) -> pd.DataFrame:
    """Compare the baseline inventory with a scenario, row by row.

    Parameters
    ----------
    streams
        Columns :data:`STREAM_COLUMNS`.
    scenario
        Reductions, growth and years.

    Returns
    -------
    pandas.DataFrame
        ``streams`` plus ``baseline_t_per_yr`` (grown to the planning year),
        ``scenario_t_per_yr``, ``prevented_t_per_yr`` and ``scenario``; then
        ``waste_t_per_yr`` (and the kg/day, low and high columns) hold the scenario.

    Notes
    -----
    ``baseline = t × (1 + g/100) ** (planning_year - base_year)``;
    ``scenario = baseline × Π (1 - r/100)`` over the reductions matching the row's
    code, sector (ISIC class or its 2-digit division) and site.
    """
    out = streams.copy()
    growth = (1 + scenario.growth_pct_per_yr / 100) ** (scenario.planning_year - scenario.base_year)
    factor = np.ones(len(out))
    isic = out["sector"].astype(str).str.extract(r"ISIC (\w+)")[0].fillna("")
    for i, (code, sector, site) in enumerate(
        zip(out["waste_code"], isic, out["site_id"], strict=True)
    ):
        for pct in (
            scenario.reduction_pct_by_code.get(code),
            scenario.reduction_pct_by_sector.get(sector),
            scenario.reduction_pct_by_sector.get(sector[:2]) if len(sector) == 4 else None,
            scenario.reduction_pct_by_site.get(site),
        ):
            if pct is not None:
                factor[i] *= 1 - float(pct) / 100
    out["baseline_t_per_yr"] = (out["waste_t_per_yr"] * growth).round(3)
    out["scenario_t_per_yr"] = (out["baseline_t_per_yr"] * factor).round(3)
    out["prevented_t_per_yr"] = (out["baseline_t_per_yr"] - out["scenario_t_per_yr"]).round(3)
    out["scenario"] = scenario.name
    scale = growth * factor
    for col in ("waste_t_per_yr_low", "waste_t_per_yr_high"):
        out[col] = (out[col] * scale).round(3)
    out["waste_t_per_yr"] = out["scenario_t_per_yr"]
    out["waste_kg_per_day"] = (out["waste_t_per_yr"] * 1000 / DAYS_PER_YEAR).round(3)
    return out


# --------------------------------------------------------------------------------------
# Density (for a map layer)
# --------------------------------------------------------------------------------------


def density_grid(
    sites: pd.DataFrame, streams: pd.DataFrame, epsg: int, *, cell_m: float = 1000.0
) -> pd.DataFrame:
    """Waste generated per square kilometre on a square grid, for a map's density layer.

    Parameters
    ----------
    sites
        ``site_id``, ``lon``, ``lat`` (EPSG:4326).
    streams
        ``site_id`` and ``waste_t_per_yr`` (and ``waste_class``).
    epsg
        Projected CRS in metres in which the grid is laid (e.g. 32648).
    cell_m
        Cell side (m), > 0.

    Returns
    -------
    geopandas.GeoDataFrame
        One square per occupied cell (EPSG:4326 polygons) with ``waste_t_per_yr``,
        ``hazardous_t_per_yr`` (handled as hazardous: hazardous and controlled/KS
        codes), ``sites`` and ``t_per_km2_yr`` =
        ``waste_t_per_yr / (cell_m / 1000) ** 2``.

    Raises
    ------
    UsageError
        ``cell_m`` is not positive.
    """
    import geopandas as gpd
    from shapely.geometry import box

    if not cell_m > 0:
        raise UsageError(f"cell_m is {cell_m}; give a positive cell size in metres")
    t = streams.groupby("site_id")["waste_t_per_yr"].sum()
    haz = streams[streams["waste_class"] == "hazardous"].groupby("site_id")["waste_t_per_yr"].sum()
    pts = gpd.GeoDataFrame(
        sites[["site_id"]].copy(), geometry=gpd.points_from_xy(sites["lon"], sites["lat"]), crs=4326
    ).to_crs(epsg)
    pts["waste_t_per_yr"] = pts["site_id"].map(t).fillna(0.0).to_numpy()
    pts["hazardous_t_per_yr"] = pts["site_id"].map(haz).fillna(0.0).to_numpy()
    pts["ix"] = np.floor(pts.geometry.x / cell_m).astype(int)
    pts["iy"] = np.floor(pts.geometry.y / cell_m).astype(int)
    cells = (
        pts[pts["waste_t_per_yr"] > 0]
        .groupby(["ix", "iy"], as_index=False)
        .agg(
            waste_t_per_yr=("waste_t_per_yr", "sum"),
            hazardous_t_per_yr=("hazardous_t_per_yr", "sum"),
            sites=("site_id", "count"),
        )
    )
    cells["t_per_km2_yr"] = (cells["waste_t_per_yr"] / (cell_m / 1000) ** 2).round(3)
    geoms = [
        box(x * cell_m, y * cell_m, (x + 1) * cell_m, (y + 1) * cell_m)
        for x, y in zip(cells["ix"], cells["iy"], strict=True)
    ]
    grid: pd.DataFrame = gpd.GeoDataFrame(
        cells.drop(columns=["ix", "iy"]), geometry=geoms, crs=epsg
    ).to_crs(4326)
    return grid
