"""Waste streams per source: the Vietnamese waste catalogue, generation and scenarios.

* **Catalogue** (``eipgeo/data/waste_catalogue.csv``): eipgeo's restatement of the
  Vietnamese waste list (Circular 02/2022/TT-BTNMT Appendix III, whose code structure
  comes from Circular 36/2015/TT-BTNMT), plus ordinary-industrial and domestic streams
  the hazardous list does not name (eipgeo codes ``OI-nn`` and ``DW-nn``, each with its
  EWC code). :func:`lookup` gives a code's class and names.
* **Generation.** Measured or declared streams (RECP assessment tables, a tenant's
  public disclosure: :func:`read_measured`) win; otherwise an estimate: urban outlets by
  per-outlet rates (:func:`uis_streams`), enterprises by workers × the rate of their
  ISIC division and a sector profile (:func:`industrial_streams`,
  ``eipgeo/data/generation_rates.csv``, ``sector_profiles.csv``). Production-based
  streams and the rest of a park are in :mod:`eipgeo.generation`.
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

* **Split by waste code.** A sourced split exists only for kraft-type paper mills (EU
  BREF via Nurmesniemi 2006, class 1701); every other row of ``sector_profiles.csv``
  splits its group equally over eipgeo's list of the sector's typical codes, and every
  stream row says so (``split_basis`` = ``equal split, unverified``). Hazardous shares
  are sourced by sector for electronics (NRIE, 53 %), paper (EU kraft mill, 0.45 %) and
  basic metals (EAF mini mill, 6.9 %); other sectors use the HCMC all-industry share
  (16 %, range 9.1-24.1 %), said so per row.
* **Per-worker rates by division** scale the Vietnamese IZ average (1.243 t/worker/yr,
  range 0.971-1.667) by US relative rates between divisions (an equal-weight calibration
  assumption, stated in ``generation_rates.csv``); no Vietnamese rate by division was
  found.
* **Per-hectare rates** (``t_per_ha_yr.occupied``: Dong Nai 2008 waste over leased or
  gross land, Can Tho) are used only for the rest of a park that publishes no workforce
  (:mod:`eipgeo.generation`); they and the IZ totals serve as plausibility checks
  (:func:`eipgeo.pathways.plausibility`).
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
from eipgeo._errors import Problem, UsageError, ValidationError
from eipgeo._text import normalise_code
from eipgeo.io.tables import read_text_csv_with

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
    "method",
    "split_basis",
    "coverage",
    "collection",
    "fate",
]
"""Columns of every stream table; the first nine are what maps and routing read
(``waste_class`` = the class handled as; ``legal_class`` = the class reported).

``method`` says how the tonnage was obtained (:data:`METHODS`); ``split_basis`` how the
row's share of its group was set (``equal split, unverified`` or the source of the split);
``coverage`` whether the row belongs to a listed tenant (``listed``) or to the unlisted
rest of the park (``rest_of_park``); ``collection`` who collects it (:data:`COLLECTIONS`);
``fate`` a declared destination that overrides the default pathway rule (:data:`FATES`;
empty for estimates)."""

METHODS = {
    "measured": "measured at the site (an RECP assessment table)",
    "declared": "the tenant's own public disclosure of the stream",
    "production": "production-based intensity x the tenant's capacity or output",
    "per_worker_division": "workers x the per-worker rate of the tenant's ISIC division",
    "per_worker_all_sector": "workers x the all-sector Vietnamese IZ rate (no division rate)",
    "rest_of_park_per_worker": "unlisted workforce x the all-sector IZ rate",
    "rest_of_park_per_ha": "unlisted occupied land x the per-hectare IZ rate",
    "per_outlet": "per-outlet or per-worker rate of a food-service outlet",
}
"""Generation methods, most preferred first for a tenant (measured, declared, production,
per worker by division, then the all-sector average)."""

COLLECTIONS = {
    "park_round": "collected by the park's shared collection rounds (routed)",
    "generator_bulk": (
        "a process stream the generator handles in bulk itself (own stack, conveyor or "
        "full loads to its receiver): counted, priced and in CO2e, not routed"
    ),
    "not_routed": "rest of the park: no site to route to; counted, priced and in CO2e",
}
"""Who collects a stream; only ``park_round`` rows enter the routing."""

FATES = {
    "": "none declared: the default pathway rule of eipgeo.pathways applies",
    "generator_stack": (
        "kept on the generator's own stack or dump (e.g. DAP Dinh Vu's phosphogypsum "
        "stack): land disposal at the plant, not a licensed landfill, not routed"
    ),
    "reuse:<site_id>": (
        "taken in bulk by the named receiver of the park, which processes it into a "
        "product (e.g. phosphogypsum into cement additive at Dinh Vu Gypsum JSC)"
    ),
}
"""Declared fates of a measured or declared stream (``fate`` column)."""
FATE_REUSE_PREFIX = "reuse:"

EQUAL_SPLIT = "equal split, unverified"
"""``split_basis`` of a row whose share of its group is an equal split with no source."""

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
    key = _normalise_code(code)
    if key not in catalogue().index:
        near = difflib.get_close_matches(key, list(catalogue().index), n=3)
        raise KeyError(f"no waste code '{code}' in the eipgeo catalogue; did you mean {near}?")
    return _entry(key)


@lru_cache(maxsize=4096)  # the catalogue is read once; an entry is frozen
def _entry(key: str) -> CatalogueEntry:
    """Return the catalogue entry of a canonical code known to the catalogue."""
    row = catalogue().loc[key]
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
                stream_row(
                    str(site_id),
                    code_for_stream(stream),
                    t_yr,
                    status,
                    " x ".join(keys),
                    sector=str(kind),
                    method="per_outlet",
                    split_basis="one stream per outlet type (no split)",
                )
            )
    return pd.DataFrame(rows, columns=STREAM_COLUMNS)


def stream_row(  # noqa: PLR0913 (one keyword per provenance field keeps calls readable)
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
    method: str = "per_worker_all_sector",
    split_basis: str = "",
    coverage: str = "listed",
    collection: str = "park_round",
    fate: str = "",
) -> dict[str, object]:
    """Return one row of a stream table (:data:`STREAM_COLUMNS`) for a catalogue entry.

    Parameters
    ----------
    site_id
        The source's id.
    entry
        The waste code's catalogue entry (class, names, material, EWC code).
    t_yr
        Central estimate, t/yr (``waste_kg_per_day`` = t/yr × 1000 / 365).
    status
        Weakest status of the figures behind it (``published``, ``derived``,
        ``unverified``).
    keys
        The coefficient keys or the rule that gave it (``coefficients`` column).
    sector
        Sector label of the source.
    low, high
        Range, t/yr (default: the central value).
    basis
        ``estimated``, ``measured`` or ``declared``.
    source
        Citation (default: the coefficients table).
    method
        How the tonnage was obtained (:data:`METHODS`).
    split_basis
        How the row's share of its group was set (e.g. :data:`EQUAL_SPLIT`).
    coverage
        ``listed`` (a listed tenant) or ``rest_of_park``.
    collection
        Who collects it (:data:`COLLECTIONS`).
    fate
        A declared destination (:data:`FATES`); empty for an estimate.

    Returns
    -------
    dict
        The row, tonnages rounded to 3 decimals.
    """
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
        "method": method,
        "split_basis": split_basis,
        "coverage": coverage,
        "collection": collection,
        "fate": fate,
    }


# --------------------------------------------------------------------------------------
# Enterprises (rates by ISIC division, sector profiles)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """One row of ``eipgeo/data/generation_rates.csv``: a rate or share with its spread.

    Attributes
    ----------
    key
        Row key, e.g. ``t_per_worker_yr.div26_27`` or ``hazardous_share.all``.
    low, central, high
        The spread of the sources (low <= central <= high), in ``unit``.
    unit
        Unit of the three values.
    status
        ``published``, ``derived`` or ``unverified``.
    source, url
        Provenance (the row also holds ``derivation``, ``locator`` and ``note``).
    """

    key: str
    low: float
    central: float
    high: float
    unit: str
    status: str
    source: str
    url: str


@lru_cache(maxsize=1)
def generation_rates() -> pd.DataFrame:
    """Return ``eipgeo/data/generation_rates.csv`` indexed by ``key`` (values as float)."""
    frame = _read_packaged("generation_rates.csv")
    for col in ("low", "central", "high"):
        frame[col] = frame[col].astype(float)
    return frame.set_index("key", drop=False)


def rate(key: str) -> Rate:
    """Return the generation rate or share ``key`` of ``generation_rates.csv``.

    Parameters
    ----------
    key
        A row key, e.g. ``t_per_worker_yr.all``.

    Returns
    -------
    Rate
        The row's low, central and high values and provenance.

    Raises
    ------
    KeyError
        No such key; the message lists the closest keys.
    """
    table = generation_rates()
    if key not in table.index:
        near = difflib.get_close_matches(key, list(table.index), n=3)
        raise KeyError(f"no generation rate '{key}'; did you mean {near}?")
    row = table.loc[key]
    return Rate(
        key=key,
        low=float(str(row["low"])),
        central=float(str(row["central"])),
        high=float(str(row["high"])),
        unit=str(row["unit"]),
        status=str(row["status"]),
        source=str(row["source"]),
        url=str(row["url"]),
    )


def _isic_text(isic4: object) -> str:
    if isic4 is None or (isinstance(isic4, float) and math.isnan(isic4)):
        return ""
    return str(isic4).strip().split(".")[0]


def _by_division(prefix: str, isic4: object) -> Rate:
    """Return the ``prefix.*`` estimate row whose ``applies_to`` lists the division."""
    return _division_rate(prefix, _isic_text(isic4)[:2])


@lru_cache(maxsize=1024)  # the rates are read once; a Rate is frozen
def _division_rate(prefix: str, division: str) -> Rate:
    """Return the ``prefix.*`` estimate row whose ``applies_to`` lists ``division``."""
    table = generation_rates()
    rows = table[(table["use"] == "estimate") & table["key"].str.startswith(prefix + ".div")]
    for key, applies in zip(rows["key"], rows["applies_to"], strict=True):
        if division and division in str(applies).split(";"):
            return rate(str(key))
    return rate(f"{prefix}.all")


def worker_rate_for(isic4: object) -> Rate:
    """Return the per-worker generation rate of an ISIC class's division, else the average.

    Parameters
    ----------
    isic4
        ISIC Rev.4 class (``"2610"``), division, or empty/NaN (unknown).

    Returns
    -------
    Rate
        ``t_per_worker_yr.div<dd>...`` when ``generation_rates.csv`` has the division,
        else ``t_per_worker_yr.all`` (the Vietnamese IZ average), in t/worker/yr.
    """
    return _by_division("t_per_worker_yr", isic4)


def hazardous_share_for(isic4: object) -> Rate:
    """Return the hazardous (incl. KS) share of a division's waste, else the all-industry share.

    Parameters
    ----------
    isic4
        ISIC Rev.4 class, division, or empty/NaN (unknown).

    Returns
    -------
    Rate
        ``hazardous_share.div<dd>`` where a sector source exists (electronics 26, paper
        17, basic metals 24), else ``hazardous_share.all`` (HCMC industry), as a fraction.
    """
    return _by_division("hazardous_share", isic4)


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
    text = _isic_text(isic4)
    table = sector_profiles()
    for key in (text, text[:2]):
        if key and (table["isic4"] == key).any():
            return key, table[table["isic4"] == key]
    return "default", table[table["isic4"] == "default"]


def _share_basis(share: Rate) -> str:
    if share.key == "hazardous_share.all":
        return f"hazardous share {100 * share.central:g} % all-industry (HCMC), no sector source"
    return f"hazardous share {100 * share.central:g} % ({share.key})"


def profile_rows(  # noqa: PLR0913 (one keyword per provenance field keeps calls readable)
    site_id: str,
    isic4: object,
    total: tuple[float, float, float],
    *,
    keys: str,
    status: str,
    method: str,
    coverage: str = "listed",
    collection: str = "park_round",
    sector: str | None = None,
) -> list[dict[str, object]]:
    """Split one source's total waste over its sector profile's codes.

    Parameters
    ----------
    site_id
        The source's id (a tenant, or ``REST-OF-PARK``).
    isic4
        Its ISIC Rev.4 class (empty: the default profile).
    total
        Its total generation (low, central, high), t/yr.
    keys
        The rate keys that gave the total (written into ``coefficients``).
    status
        The weakest status among them.
    method
        The generation method (:data:`METHODS`).
    coverage, collection
        The rows' ``coverage`` and ``collection`` (:data:`STREAM_COLUMNS`).
    sector
        Sector label; default ``ISIC <profile>: <sector>``.

    Returns
    -------
    list of dict
        One :data:`STREAM_COLUMNS` row per code of the profile: hazardous group =
        total × the division's hazardous share (:func:`hazardous_share_for`), ordinary
        group = total × (1 - share), each split by ``share_of_group``. Low and high
        scale with the total at the central share (the share's own spread is reported
        apart, in the summary), so a source's rows add up to its total, low and high.
    """
    share = hazardous_share_for(isic4)
    key, sector_en, parts = _profile_parts(_isic_text(isic4))
    label = sector or (
        f"ISIC {key}: {sector_en}" if key != "default" else "ISIC unknown: default profile"
    )
    rows = []
    for part in parts:
        fraction = (share.central if part.hazardous else 1 - share.central) * part.share
        share_key = share.key if part.hazardous else f"1 - {share.key}"
        rows.append(
            stream_row(
                site_id,
                lookup(part.waste_code),
                total[1] * fraction,
                _worst(_worst(status, share.status), part.status),
                f"{keys} x {share_key} x sector_profiles[{key}, {part.waste_code}]",
                sector=label,
                low=total[0] * fraction,
                high=total[2] * fraction,
                source="eipgeo/data/generation_rates.csv and sector_profiles.csv "
                "(keys in the coefficients column)",
                method=method,
                split_basis=f"{part.split_basis}; {_share_basis(share)}",
                coverage=coverage,
                collection=collection,
            )
        )
    return rows


@dataclass(frozen=True)
class _ProfilePart:
    """One code of a sector profile (a row of ``sector_profiles.csv``)."""

    waste_code: str
    hazardous: bool
    share: float
    status: str
    split_basis: str


@lru_cache(maxsize=1024)  # the profiles are read once; the result is immutable
def _profile_parts(isic_text: str) -> tuple[str, str, tuple[_ProfilePart, ...]]:
    """Return a class's profile key (:func:`profile_for`), its ``sector_en`` and its codes."""
    key, profile = profile_for(isic_text)
    parts = tuple(
        _ProfilePart(str(code), group == "hazardous", share, str(status), str(split))
        for code, group, share, status, split in zip(
            profile["waste_code"],
            profile["waste_class_group"],
            profile["share_of_group"],
            profile["status"],
            profile["split_basis"],
            strict=True,
        )
    )
    return key, str(profile["sector_en"].iloc[0]), parts


def industrial_streams(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Estimate each enterprise's waste by code from its workers and ISIC division.

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
        of its profile (:func:`profile_rows`). ``waste_kg_per_day`` is the annual
        tonnage over 365 days; ``method`` is ``per_worker_division`` or, where the
        division has no rate, ``per_worker_all_sector``.

    Raises
    ------
    ValueError
        A missing or non-positive ``employees`` value, naming the enterprise.

    Notes
    -----
    Total = employees × the division's rate (:func:`worker_rate_for`), low and high
    with the rate's low and high. The all-sector rate is the Vietnamese IZ average
    (``t_per_worker_yr.all``: 1.243 t/worker/yr, 17 % × 28 Mt/yr (NSoER 2011) / 3.83
    million IP workers (2020); range 0.971-1.667 from Dong Nai 2008/2015 and the
    national 2015/2019 points). A division rate scales it by the division's US
    regression coefficient over the mean of eight US divisions (``generation_rates.csv``
    says how; e.g. electronics 2.29 / 7.39 × 1.243 = 0.385). The hazardous group holds
    both ``hazardous`` and ``controlled`` (KS) codes; KS rows keep ``legal_class =
    controlled`` and carry ``class_note``. No ``DW-03`` (workers' domestic waste) row
    is made: no sourced per-worker rate exists (module docstring, gaps).
    """
    has_isic = "isic4_class" in enterprises.columns
    rows: list[dict[str, object]] = []
    for _, ent in enterprises.iterrows():
        site_id, workers = str(ent["id"]), ent["employees"]
        if not (isinstance(workers, (int, float, np.number)) and workers > 0):
            raise ValueError(f"{site_id}: employees is {workers!r}; give a positive count")
        isic = ent["isic4_class"] if has_isic else None
        per_worker = worker_rate_for(isic)
        method = (
            "per_worker_all_sector"
            if per_worker.key == "t_per_worker_yr.all"
            else "per_worker_division"
        )
        n = float(workers)
        rows += profile_rows(
            site_id,
            isic,
            (n * per_worker.low, n * per_worker.central, n * per_worker.high),
            keys=f"employees x {per_worker.key}",
            status=per_worker.status,
            method=method,
        )
    return pd.DataFrame(rows, columns=STREAM_COLUMNS)


# --------------------------------------------------------------------------------------
# Measured streams (RECP assessment tables)
# --------------------------------------------------------------------------------------

MEASURED_COLUMNS = ("site_id", "waste_code", "waste_t_per_yr", "source")
"""Required columns of a measured-streams table; optional: ``waste_t_per_yr_low``,
``waste_t_per_yr_high``, ``year``, ``fate`` (:data:`FATES`) and the columns of
:data:`MEASURED_OPTIONS`."""

MEASURED_OPTIONS = {
    "kind": ("measured", "declared"),
    "scope": ("site", "stream"),
    "collection": ("park_round", "generator_bulk"),
    "status": ("published", "derived", "unverified"),
}
"""Optional columns of a measured-streams table and their values (first = default).

``kind``: ``measured`` (an RECP assessment or site measurement) or ``declared`` (the
tenant's own public disclosure, e.g. a report quoted in the press). ``scope``: ``site``
(the table lists the site's whole inventory, so its estimates are dropped) or ``stream``
(one stream only: it replaces the estimate of the same site and waste code, the rest of
the site stays estimated). ``collection``: :data:`COLLECTIONS`. ``status``: of the
figure as written (``derived`` when, e.g., the central value is the midpoint of a
published range)."""


def read_measured(
    path: Path, known_sites: set[str] | None = None, added: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Read and check a table of measured or declared streams.

    Parameters
    ----------
    path
        CSV with :data:`MEASURED_COLUMNS` (t/yr per site and waste code), optionally
        the columns of :data:`MEASURED_OPTIONS` (need not exist when ``added`` is given).
    known_sites
        Site ids the table may name; ``None`` accepts any.
    added
        Rows in the same columns appended after the file's (a scenario's new tenants'
        declared streams, :attr:`eipgeo.parks.Park.added_rows`); checked as the file's.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STREAM_COLUMNS` plus ``measured_scope`` (``site`` or ``stream``,
        read by :func:`apply_measured`); ``basis`` and ``method`` are the row's ``kind``
        (``measured`` or ``declared``), ``status`` as given (default ``published``).

    Raises
    ------
    InputReadError
        The file cannot be read as CSV.
    ValidationError
        Missing columns or bad rows; every problem names file, row (as a spreadsheet
        shows it), column and value, and says how to fix it.
    """
    # ragged rows refused, decimal commas read (the range columns too)
    raw = read_text_csv_with(path, added, ("waste_t_per_yr_low", "waste_t_per_yr_high"))
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
    return pd.DataFrame(rows, columns=[*STREAM_COLUMNS, "measured_scope"])


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
    low, high = bounds
    if t_yr is not None and low is not None and high is not None and not low <= t_yr <= high:
        bad(
            "waste_t_per_yr",
            rec["waste_t_per_yr"],
            f"it must lie between waste_t_per_yr_low ({low:g}) and "
            f"waste_t_per_yr_high ({high:g}); fix the range",
        )
    options: dict[str, str] = {}
    for column, allowed in MEASURED_OPTIONS.items():
        text = str(rec.get(column, "")).strip() or allowed[0]
        if text not in allowed:
            bad(column, text, f"use one of {list(allowed)} (or leave empty for '{allowed[0]}')")
        options[column] = text
    fate = str(rec.get("fate", "")).strip()
    receiver = fate.removeprefix(FATE_REUSE_PREFIX)
    if fate not in ("", "generator_stack") and (
        not fate.startswith(FATE_REUSE_PREFIX)
        or not receiver
        or (known is not None and receiver not in known)
    ):
        bad(
            "fate",
            fate,
            "use 'generator_stack', 'reuse:<site_id of a receiver in the park>', or leave empty",
        )
    if out or entry is None or t_yr is None:
        return out, None
    return out, {
        **stream_row(
            site,
            entry,
            t_yr,
            options["status"],
            options["kind"],
            sector="",
            low=bounds[0],
            high=bounds[1],
            basis=options["kind"],
            source=rec["source"].strip(),
            method=options["kind"],
            split_basis="as measured or declared (no split)",
            collection=options["collection"],
            fate=fate,
        ),
        "measured_scope": options["scope"],
    }


def apply_measured(estimated: pd.DataFrame, measured: pd.DataFrame) -> pd.DataFrame:
    """Replace estimates by measured or declared streams.

    A ``site``-scope row (an RECP assessment lists every stream it found) replaces its
    site's whole estimate, so the site's estimated rows are dropped, not topped up; a
    ``stream``-scope row (one disclosed stream) replaces only the estimated rows of the
    same site and waste code, and the site's other streams stay estimated.

    Parameters
    ----------
    estimated
        Estimated streams (:data:`STREAM_COLUMNS`).
    measured
        Output of :func:`read_measured` (a missing ``measured_scope`` means ``site``);
        empty: ``estimated`` is returned as it is.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STREAM_COLUMNS`; measured rows keep the estimated rows' ``sector``.
    """
    if measured.empty:
        return estimated
    scope = (
        measured["measured_scope"]
        if "measured_scope" in measured.columns
        else pd.Series("site", index=measured.index)
    )
    sectors = estimated.drop_duplicates("site_id").set_index("site_id")["sector"]
    measured = measured.assign(sector=measured["site_id"].map(sectors).fillna(""))
    whole = set(measured.loc[scope == "site", "site_id"])
    pairs = set(
        zip(
            measured.loc[scope == "stream", "site_id"],
            measured.loc[scope == "stream", "waste_code"],
            strict=True,
        )
    )
    key = list(zip(estimated["site_id"], estimated["waste_code"], strict=True))
    drop = estimated["site_id"].isin(whole) | pd.Series(
        [k in pairs for k in key], index=estimated.index
    )
    return pd.concat([estimated[~drop], measured[STREAM_COLUMNS]], ignore_index=True)[
        STREAM_COLUMNS
    ]


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
