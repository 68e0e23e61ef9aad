"""Waste streams per source: urban food-service outlets and park enterprises.

Every estimate carries ``basis`` (``estimated`` or ``measured``), the coefficient keys
it used and the weakest ``status`` among them (``published`` < ``derived`` <
``unverified``), so a map or table can always say how a tonnage was obtained.
Coefficients come from :mod:`eipgeo.coefficients`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from eipgeo import coefficients

DAYS_PER_YEAR = 365
"""Operating days of food-service outlets (open daily; an assumption stated in outputs)."""

_STATUS_RANK = {"published": 0, "derived": 1, "unverified": 2}

STREAM_COLUMNS = [
    "site_id", "stream", "waste_code", "ewc_code", "waste_class", "waste_kg_per_day",
    "waste_t_per_yr", "basis", "status", "coefficients",
]


@dataclass(frozen=True)
class StreamDef:
    """A waste stream: its name, legal class and codes."""

    stream: str
    waste_class: str
    waste_code: str
    ewc_code: str


FOOD_WASTE = StreamDef(
    "food_waste", "domestic",
    "not listed (domestic solid waste, Decree 08/2022 Art. 75)", "20 01 08",
)
USED_COOKING_OIL = StreamDef(
    "used_cooking_oil", "domestic",
    "not listed (domestic solid waste, Decree 08/2022 Art. 75)", "20 01 25",
)
INDUSTRIAL_ORDINARY = StreamDef(
    "industrial_ordinary_solid_waste", "ordinary", "unverified (sector profile pending)", "",
)
INDUSTRIAL_HAZARDOUS = StreamDef(
    "hazardous_waste_unspecified", "hazardous", "unverified (sector profile pending)", "",
)

# Per outlet type: (stream, [coefficient keys multiplied together]).
UIS_RATES: dict[str, list[tuple[StreamDef, list[str]]]] = {
    "restaurant": [
        (FOOD_WASTE, ["food_waste_kg_per_worker_day.restaurant_small",
                      "workers_per_outlet.restaurant"]),
        (USED_COOKING_OIL, ["used_cooking_oil_kg_per_outlet_day.restaurant"]),
    ],
    "cafe": [
        (FOOD_WASTE, ["food_waste_kg_per_worker_day.cafe", "workers_per_outlet.cafe"]),
    ],
    "fast_food": [
        (FOOD_WASTE, ["food_waste_kg_per_outlet_day.fast_food"]),
        (USED_COOKING_OIL, ["used_cooking_oil_kg_per_outlet_day.fast_food"]),
    ],
    "supermarket": [
        (FOOD_WASTE, ["food_waste_kg_per_outlet_day.supermarket"]),
    ],
}
"""Generation model per OSM outlet type. No sourced used-cooking-oil rate was found for
cafés and supermarkets, so they carry no such stream (not a zero: the stream is absent)."""


def _product(keys: list[str]) -> tuple[float, str]:
    value, worst = 1.0, "published"
    for key in keys:
        coef = coefficients.get(key)
        value *= coef.value
        if _STATUS_RANK[coef.status] > _STATUS_RANK[worst]:
            worst = coef.status
    return value, worst


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
        ``waste_t_per_yr = waste_kg_per_day * DAYS_PER_YEAR / 1000``.

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
            rows.append(_stream_row(site_id, stream, kg_day, status, keys))
    return pd.DataFrame(rows, columns=STREAM_COLUMNS)


def _stream_row(
    site_id: str, stream: StreamDef, kg_day: float, status: str, keys: list[str]
) -> dict[str, object]:
    return {
        "site_id": site_id, "stream": stream.stream, "waste_code": stream.waste_code,
        "ewc_code": stream.ewc_code, "waste_class": stream.waste_class,
        "waste_kg_per_day": round(kg_day, 3),
        "waste_t_per_yr": round(kg_day * DAYS_PER_YEAR / 1000, 3),
        "basis": "estimated", "status": status, "coefficients": " x ".join(keys),
    }


def industrial_streams(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Estimate each enterprise's ordinary and hazardous industrial solid waste.

    Parameters
    ----------
    enterprises
        One row per enterprise with ``id`` and ``employees`` (workers, > 0; fill gaps
        first, e.g. with :func:`eipgeo.parks.fill_sizes`).

    Returns
    -------
    pandas.DataFrame
        Long format, columns :data:`STREAM_COLUMNS`, two rows per enterprise.
        ``waste_kg_per_day`` is the annual tonnage over 365 days.

    Raises
    ------
    ValueError
        A missing or non-positive ``employees`` value, naming the enterprise.

    Notes
    -----
    ``industrial_solid_waste_t_per_worker_yr.all`` (1.243 t/worker/yr, derived from the
    2011 national industrial solid waste and the 2020 park workforce) times the
    hazardous share ``hazardous_share.all`` (0.16, HCMC 2019). Both are ``derived`` and
    low-confidence; sector profiles replace them where a sector is known.
    """
    per_worker = coefficients.get("industrial_solid_waste_t_per_worker_yr.all")
    haz = coefficients.get("hazardous_share.all")
    status = max((per_worker.status, haz.status), key=_STATUS_RANK.__getitem__)
    rows = []
    for site_id, workers in zip(enterprises["id"], enterprises["employees"], strict=True):
        if not (isinstance(workers, (int, float, np.number)) and workers > 0):
            raise ValueError(f"{site_id}: employees is {workers!r}; give a positive count")
        total_t = float(workers) * per_worker.value
        for stream, share, key in (
            (INDUSTRIAL_ORDINARY, 1 - haz.value, "1 - hazardous_share.all"),
            (INDUSTRIAL_HAZARDOUS, haz.value, "hazardous_share.all"),
        ):
            t_yr = total_t * share
            row = _stream_row(str(site_id), stream, t_yr * 1000 / DAYS_PER_YEAR, status,
                              ["employees", per_worker.key, key])
            row["waste_t_per_yr"] = round(t_yr, 3)
            rows.append(row)
    return pd.DataFrame(rows, columns=STREAM_COLUMNS)
