"""The one price table: collection, transport, treatment and scrap revenue by region and year.

Every price eipgeo uses (the inventory's pathway costs, the symbiosis plan's avoided
disposal, the feasibility sheets' counterfactual) is a row of
``eipgeo/data/prices.csv``, read here and nowhere else. Each row names the decision or
quote that sets it, its year, VAT, URL and locator, a ``status`` (``published``,
``derived``, ``proxy``: used outside the scope it was set for, ``unverified``: a
stand-in) and a ``flag`` saying what a reader must know.

**Region.** A park's ``province`` (``park.json``) picks the row: the province first, then
its macro-region (``north``, ``south``: :data:`MACRO_REGION`), then ``national``; the
returned :class:`Price` says which (``basis``), so a national fallback is always labelled.

**Year.** Prices are converted to the study year (:data:`STUDY_YEAR`, VND of that year)
with Viet Nam's annual-average CPI (``eipgeo/data/price_index.csv``: GSO releases, the
World Bank series where a GSO release was not found). A price dated after the study year
is kept as quoted (the index stops there), an undated one is not escalated; both say so.

**Sign.** Costs and revenues are both positive numbers; ``kind`` says which. Pathway
costs subtract revenue (:func:`eipgeo.pathways.add_costs_and_ghg`).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from eipgeo._errors import UsageError

STUDY_YEAR = 2025
"""Year whose VND every price is given in (the last year of ``price_index.csv``)."""

MACRO_REGION = {
    "Hai Phong": "north",
    "Quang Ninh": "north",
    "Ha Noi": "north",
    "Hanoi": "north",
    "Bac Ninh": "north",
    "Hung Yen": "north",
    "Ho Chi Minh City": "south",
    "Dong Nai": "south",
    "Tay Ninh": "south",
    "Can Tho": "south",
}
"""Province (``park.json`` spelling, post-July-2025 units) → macro-region of price rows
quoted for the north or the south (scrap)."""

OLD_YEAR = 2015
"""Prices from before this year are escalated and flagged ``old``."""

PRICE_COLUMNS = [
    "item",
    "region",
    "value_vnd_per_t",
    "low_vnd_per_t",
    "high_vnd_per_t",
    "price_year",
    "kind",
    "service",
    "waste_type",
    "vat",
    "decision_or_source",
    "date",
    "source_url",
    "locator",
    "status",
    "confidence",
    "arithmetic",
    "flag",
    "note",
]
"""Columns of ``prices.csv``."""


@dataclass(frozen=True)
class Price:
    """One price, converted to the study year.

    Attributes
    ----------
    item
        ``collection_transport.ordinary``, ``treatment.hazardous``, ``revenue.metal`` ...
    region
        The row's region (a province, ``north``, ``south`` or ``national``).
    vnd_per_t, low_vnd_per_t, high_vnd_per_t
        Central, low and high price in VND of the study year per tonne (low = high =
        central where the source gives one figure).
    kind
        ``cost`` or ``revenue`` (both positive).
    price_year
        Year of the quoted figure (``None`` when undated).
    factor
        CPI escalation factor applied (1.0 when none).
    basis
        Which row was used and why (province, macro-region or national fallback).
    source
        The decision or quote, its date and URL.
    status, flag
        The row's status and caveat.
    """

    item: str
    region: str
    vnd_per_t: float
    low_vnd_per_t: float
    high_vnd_per_t: float
    kind: str
    price_year: int | None
    factor: float
    basis: str
    source: str
    status: str
    flag: str

    def cite(self) -> str:
        """Return a one-line citation: value, basis, escalation, source, status and flag."""
        year = "undated" if self.price_year is None else str(self.price_year)
        esc = f" × CPI {self.factor:.4f} ({year}→{STUDY_YEAR})" if self.factor != 1.0 else ""
        flag = f"; {self.flag}" if self.flag else ""
        return (
            f"{self.item} {self.vnd_per_t:,.0f} VND/t{esc} [{self.basis}] {self.source} "
            f"({self.status}{flag})"
        )


@lru_cache(maxsize=1)
def table() -> pd.DataFrame:
    """Return ``eipgeo/data/prices.csv`` as read (text cells; numbers as float, NaN blank)."""
    with resources.files("eipgeo.data").joinpath("prices.csv").open(encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    for col in ("value_vnd_per_t", "low_vnd_per_t", "high_vnd_per_t"):
        frame[col] = pd.to_numeric(frame[col].replace("", None), errors="raise").astype(float)
    return frame


@lru_cache(maxsize=1)
def cpi_changes() -> dict[int, float]:
    """Return year → annual-average CPI change, % (``eipgeo/data/price_index.csv``)."""
    with resources.files("eipgeo.data").joinpath("price_index.csv").open(encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype={"year": int, "cpi_change_pct": float})
    return dict(zip(frame["year"], frame["cpi_change_pct"], strict=True))


def escalation_factor(from_year: int, to_year: int = STUDY_YEAR) -> float:
    """Return the CPI factor that turns VND of ``from_year`` into VND of ``to_year``.

    ``Π (1 + r_y / 100)`` over the years ``from_year + 1 ... to_year``, where ``r_y`` is the
    annual-average CPI change of year ``y``; 1.0 when ``from_year >= to_year`` (a later
    price is not deflated: the index ends at :data:`STUDY_YEAR`).

    Parameters
    ----------
    from_year
        Year of the quoted price.
    to_year
        Year to express it in (default :data:`STUDY_YEAR`).

    Returns
    -------
    float

    Raises
    ------
    UsageError
        A year needed for the chain is not in ``price_index.csv``.
    """
    changes = cpi_changes()
    factor = 1.0
    for year in range(from_year + 1, to_year + 1):
        if year not in changes:
            known = f"{min(changes)}-{max(changes)}"
            raise UsageError(
                f"no CPI change for {year} in price_index.csv (it covers {known}); "
                f"a price of {from_year} cannot be escalated to {to_year}"
            )
        factor *= 1 + changes[year] / 100
    return factor


def _regions(province: str | None) -> list[tuple[str, str]]:
    """(region, basis label) in lookup order for a province."""
    out: list[tuple[str, str]] = []
    if province:
        out.append((province, f"province: {province}"))
        if province in MACRO_REGION:
            macro = MACRO_REGION[province]
            out.append((macro, f"macro-region {macro} (no {province} row)"))
    what = f"no {province} row" if province else "no province given"
    out.append(("national", f"national fallback ({what})"))
    return out


@lru_cache(maxsize=4096)
def price(item: str, province: str | None = None, *, study_year: int = STUDY_YEAR) -> Price:
    """Return the price of ``item`` for a province, in VND of the study year per tonne.

    Parameters
    ----------
    item
        A key of ``prices.csv`` column ``item`` (e.g. ``treatment.hazardous``).
    province
        The park's province as ``park.json`` spells it; ``None`` = national.
    study_year
        Year whose VND the price is given in.

    Returns
    -------
    Price
        With the row used (``basis``), the escalation factor and the citation.

    Raises
    ------
    UsageError
        ``item`` is not in the table (the message lists the closest items).

    Notes
    -----
    Memoised: the table is read once (:func:`table`) and a :class:`Price` is frozen, so a
    park's thousands of lookups (every stream's costs, every exchange's avoided disposal)
    filter the table once per item and province. A 100-tenant run spent half its time
    here before (``benchmarks/bench_serve.py``, issue 24).
    """
    frame = table()
    rows = frame[frame["item"] == item]
    if rows.empty:
        near = difflib.get_close_matches(item, sorted(set(frame["item"])), n=3)
        raise UsageError(f"no price '{item}' in prices.csv; did you mean {near}?")
    for region, basis in _regions(province):
        hit = rows[rows["region"] == region]
        if not hit.empty:
            return _price(hit.iloc[0], basis, study_year)
    raise UsageError(f"prices.csv has no national row for '{item}'; add one")


def _price(row: pd.Series, basis: str, study_year: int) -> Price:
    year_text = str(row["price_year"]).strip()
    year = int(year_text) if year_text else None
    factor = 1.0 if year is None or year >= study_year else escalation_factor(year, study_year)
    central = float(row["value_vnd_per_t"]) * factor
    low, high = (float(row[c]) for c in ("low_vnd_per_t", "high_vnd_per_t"))
    flag = str(row["flag"])
    if year is not None and year < OLD_YEAR and "escalated" not in flag:
        flag = f"old ({year}) price escalated by CPI; {flag}".rstrip("; ")
    source = f"{row['decision_or_source']} ({row['date']}) <{row['source_url']}>"
    return Price(
        item=str(row["item"]),
        region=str(row["region"]),
        vnd_per_t=central,
        low_vnd_per_t=central if math.isnan(low) else low * factor,
        high_vnd_per_t=central if math.isnan(high) else high * factor,
        kind=str(row["kind"]),
        price_year=year,
        factor=factor,
        basis=basis,
        source=source,
        status=str(row["status"]),
        flag=flag,
    )


def check_table(frame: pd.DataFrame | None = None) -> list[str]:
    """Return the problems of a price table (empty when it is sound).

    Checks: the columns; every item has a ``national`` row; ``kind`` is ``cost`` or
    ``revenue``; values are positive; low ≤ central ≤ high; every row has a source and
    URL; a price dated before :data:`OLD_YEAR` carries a flag; a year is in the index.

    Parameters
    ----------
    frame
        A table in the form of ``prices.csv`` (default: the bundled one).

    Returns
    -------
    list of str
        One message per problem, naming the row (1-based, after the header) and column.
    """
    frame = table() if frame is None else frame
    missing = [c for c in PRICE_COLUMNS if c not in frame.columns]
    if missing:
        return [f"prices.csv lacks columns {missing}"]
    problems = [
        f"item {item}: no national row (the fallback of every province)"
        for item in sorted(set(frame["item"]))
        if not (frame[(frame["item"] == item) & (frame["region"] == "national")]).shape[0]
    ]
    years = cpi_changes()
    for i, row in frame.reset_index(drop=True).iterrows():
        where = f"row {int(str(i)) + 1} ({row['item']}, {row['region']})"
        value, low, high = (float(row[c]) for c in PRICE_COLUMNS[2:5])
        if row["kind"] not in ("cost", "revenue"):
            problems.append(f"{where}: kind '{row['kind']}'; use cost or revenue")
        if not value > 0:
            problems.append(f"{where}: value_vnd_per_t {value}; give a positive number")
        if (not math.isnan(low) and low > value) or (not math.isnan(high) and high < value):
            problems.append(f"{where}: low {low} / central {value} / high {high} out of order")
        if not str(row["decision_or_source"]).strip() or not str(row["source_url"]).strip():
            problems.append(f"{where}: no decision_or_source or source_url")
        year = str(row["price_year"]).strip()
        if year and int(year) < OLD_YEAR and not str(row["flag"]).strip():
            problems.append(f"{where}: a {year} price needs a flag (older than {OLD_YEAR})")
        if year and int(year) < STUDY_YEAR and int(year) + 1 not in years:
            problems.append(f"{where}: {year} is not covered by price_index.csv")
    return problems
