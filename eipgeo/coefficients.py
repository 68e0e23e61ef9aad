"""Sourced coefficients shipped with eipgeo (``eipgeo/data/coefficients.csv``).

Every number eipgeo uses by default (generation rates, circuity, speeds, shares) is a
row of that file with its source, URL, derivation, ``status`` (``published``,
``derived`` or ``unverified``) and confidence. Code asks for a key; it never
hard-codes the figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd


@dataclass(frozen=True)
class Coefficient:
    """One sourced figure.

    Attributes
    ----------
    key, value, unit
        The figure, e.g. ``circuity_factor`` = 1.343 ratio.
    status
        ``published``, ``derived`` (arithmetic on published figures, see ``derivation``)
        or ``unverified`` (no source found; an assumption to be replaced).
    source, url, derivation, confidence, note
        Provenance.
    """

    key: str
    value: float
    unit: str
    status: str
    source: str
    url: str
    derivation: str
    confidence: str
    note: str

    def cite(self) -> str:
        """Return a short citation: status, source and URL."""
        url = f" <{self.url}>" if self.url else ""
        return f"{self.status}: {self.source}{url}"


@lru_cache(maxsize=1)
def table() -> pd.DataFrame:
    """Return the whole coefficient table, indexed by ``key``."""
    with resources.files("eipgeo.data").joinpath("coefficients.csv").open(encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype={"key": str}, keep_default_na=False)
    frame["value"] = frame["value"].astype(float)
    return frame.set_index("key")


def get(key: str) -> Coefficient:
    """Return the coefficient ``key``.

    Parameters
    ----------
    key
        Row key of ``eipgeo/data/coefficients.csv``, e.g. ``circuity_factor``.

    Returns
    -------
    Coefficient
        The figure in the unit of its ``unit`` column, with its provenance.

    Raises
    ------
    KeyError
        No such key; the message lists the closest keys.
    """
    frame = table()
    if key not in frame.index:
        import difflib

        near = difflib.get_close_matches(key, list(frame.index), n=3)
        raise KeyError(f"no coefficient '{key}'; did you mean {near}?")
    row = frame.loc[key]
    return Coefficient(
        key=key,
        value=float(str(row["value"])),
        unit=str(row["unit"]),
        status=str(row["status"]),
        source=str(row["source"]),
        url=str(row["url"]),
        derivation=str(row["derivation"]),
        confidence=str(row["confidence"]),
        note=str(row["note"]),
    )
