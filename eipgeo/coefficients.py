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
from typing import cast

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


@lru_cache(maxsize=4096)  # a pure function of the tables read once; the result is frozen
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


# --------------------------------------------------------------------------------------
# GHG factors derived from sourced parameters (the ``ipcc2006_vn`` method)
# --------------------------------------------------------------------------------------

_STATUS_RANK = {"published": 0, "derived": 1, "unverified": 2}
_C_TO_CO2 = 44 / 12
_C_TO_CH4 = 16 / 12


@dataclass(frozen=True)
class Factor:
    """A GHG factor per wet tonne, derived from sourced parameters.

    Attributes
    ----------
    key
        Label of the factor, e.g. ``ipcc2006_vn.landfill.food``.
    kg_co2e_per_t, low_kg_co2e_per_t, high_kg_co2e_per_t
        Central, low and high factor, kg CO2e per tonne as generated (wet).
    status
        ``derived``, or ``unverified`` when any parameter is.
    derivation
        The arithmetic with every parameter's value.
    """

    key: str
    kg_co2e_per_t: float
    low_kg_co2e_per_t: float
    high_kg_co2e_per_t: float
    status: str
    derivation: str


@lru_cache(maxsize=1)
def ghg_materials() -> pd.DataFrame:
    """Return ``eipgeo/data/ghg_materials.csv`` indexed by ``material`` (a material or a code).

    Columns ``dm`` (dry matter, fraction of wet weight), ``doc_wet`` (degradable organic
    carbon, fraction of wet weight), ``cf_dry`` (total carbon, fraction of dry matter) and
    ``fcf`` (fossil fraction of the carbon) are floats, NaN where no source gives them.
    """
    path = resources.files("eipgeo.data").joinpath("ghg_materials.csv")
    with path.open(encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    for col in ("dm", "doc_wet", "cf_dry", "fcf"):
        frame[col] = pd.to_numeric(frame[col].replace("", None)).astype(float)
    return frame.set_index("material")


def _weakest(*statuses: str) -> str:
    worst = max(_STATUS_RANK.get(s, 2) for s in statuses)
    return "unverified" if worst == 2 else "derived"


def _material_row(material: str, code: str = "") -> pd.Series | None:
    table_ = ghg_materials()
    for key in (code, material):
        if key and key in table_.index:
            return cast(pd.Series, table_.loc[key])
    return None


@lru_cache(maxsize=4096)  # a pure function of the tables read once; the result is frozen
def landfill_factor(material: str) -> Factor | None:
    """IPCC 2006 tier-1 lifetime CH4 of a tonne landfilled at a Vietnamese site, as CO2e.

    ``CH4 (t/t) = DOC × DOCf × MCF × F × 16/12 × (1 − OX) × (1 − capture)`` and CO2e =
    CH4 × GWP100 (IPCC 2006 Vol. 5 Ch. 3, mass-balance form of the first-order decay
    over the waste's whole decay, i.e. the emissions it commits). The site parameters are
    those of an unmanaged deep Vietnamese landfill with no gas capture
    (``ipcc2006.landfill.*``); low and high use MCF 0.4 and 1.0.

    Parameters
    ----------
    material
        eipgeo material (``food``, ``paper`` ...), a row of ``ghg_materials.csv``.

    Returns
    -------
    Factor or None
        ``None`` when no DOC is sourced for the material.

    Notes
    -----
    Food: 0.15 × 0.5 × 0.8 × 0.5 × 16/12 × (1 − 0) × (1 − 0) = 0.0400 t CH4/t;
    × 28 = 1.120 t CO2e/t (MCF 0.4: 0.560; MCF 1.0: 1.400).
    """
    row = _material_row(material)
    if row is None or pd.isna(row["doc_wet"]):
        return None
    doc = float(row["doc_wet"])
    docf, f_ch4 = get("ipcc2006.landfill.docf"), get("ipcc2006.landfill.f")
    ox, capture = get("ipcc2006.landfill.ox"), get("ipcc2006.landfill.gas_capture")
    gwp = get("ghg_gwp100.ch4")
    mcfs = [get(f"ipcc2006.landfill.mcf{s}") for s in ("", "_low", "_high")]

    def kg(mcf: float) -> float:
        ch4 = doc * docf.value * mcf * f_ch4.value * _C_TO_CH4 * (1 - ox.value)
        return 1000 * ch4 * (1 - capture.value) * gwp.value

    central, low, high = (kg(m.value) for m in mcfs)
    status = _weakest(str(row["status"]), docf.status, f_ch4.status, mcfs[0].status, gwp.status)
    text = (
        f"DOC {doc:g} × DOCf {docf.value:g} × MCF {mcfs[0].value:g} × F {f_ch4.value:g} × 16/12"
        f" × (1 − OX {ox.value:g}) × (1 − capture {capture.value:g}) × GWP {gwp.value:g} × 1000"
        f" = {central:,.1f} kg CO2e/t (MCF {mcfs[1].value:g}-{mcfs[2].value:g}: "
        f"{low:,.1f}-{high:,.1f})"
    )
    return Factor(f"ipcc2006_vn.landfill.{material}", central, low, high, status, text)


@lru_cache(maxsize=4096)  # a pure function of the tables read once; the result is frozen
def biological_factor(treatment: str) -> Factor:
    """IPCC 2006 tier-1 process CH4 and N2O of composting or anaerobic digestion, as CO2e.

    Parameters
    ----------
    treatment
        ``composting`` or ``anaerobic_digestion``.

    Returns
    -------
    Factor
        kg CO2e per wet tonne: ``CH4 (g/kg) × GWP_CH4 + N2O (g/kg) × GWP_N2O`` (g/kg =
        kg/t); low and high from the Table 4.1 ranges.

    Raises
    ------
    KeyError
        Another treatment.

    Notes
    -----
    Composting: 4 × 28 + 0.3 × 265 = 191.5 kg CO2e/t (0.03 × 28 + 0.06 × 265 = 16.7 to
    8 × 28 + 0.6 × 265 = 383.0). Anaerobic digestion: 0.8 × 28 = 22.4 (0 to 224).
    """
    if treatment not in ("composting", "anaerobic_digestion"):
        raise KeyError(
            f"no biological factor for '{treatment}'; use composting or anaerobic_digestion"
        )
    gwp_ch4, gwp_n2o = get("ghg_gwp100.ch4"), get("ghg_gwp100.n2o")
    base = f"ipcc2006.{treatment}"
    values = []
    statuses = [gwp_ch4.status, gwp_n2o.status]
    for suffix in ("", "_low", "_high"):
        ch4 = get(f"{base}.ch4_g_per_kg_wet{suffix}")
        statuses.append(ch4.status)
        n2o_key = f"{base}.n2o_g_per_kg_wet{suffix}"
        n2o = get(n2o_key).value if n2o_key in table().index else 0.0
        values.append((ch4.value, n2o, ch4.value * gwp_ch4.value + n2o * gwp_n2o.value))
    (c_ch4, c_n2o, central), (_, _, low), (_, _, high) = values
    text = (
        f"CH4 {c_ch4:g} g/kg × GWP {gwp_ch4.value:g} + N2O {c_n2o:g} g/kg × GWP "
        f"{gwp_n2o.value:g} = {central:,.1f} kg CO2e/t (range {low:,.1f}-{high:,.1f})"
    )
    return Factor(f"ipcc2006_vn.{treatment}", central, low, high, _weakest(*statuses), text)


@lru_cache(maxsize=4096)  # a pure function of the tables read once; the result is frozen
def incineration_factor(material: str, code: str = "") -> Factor | None:
    """Fossil CO2 of a tonne incinerated, from its dry matter and fossil carbon.

    IPCC 2006 Vol. 5 Ch. 5 Eq. 5.1: ``CO2 = dm × CF × FCF × OF × 44/12`` per wet tonne,
    with ``dm``, ``CF`` and ``FCF`` of the material in ``ghg_materials.csv`` (a waste code
    row, e.g. ``18 01 02`` steel drums, wins over the material row) and OF 1.0. Biogenic
    CO2 is not counted; CH4 and N2O of incineration are left out (their defaults were seen
    only in code transcriptions).

    Parameters
    ----------
    material
        eipgeo material.
    code
        The stream's waste code (for code rows).

    Returns
    -------
    Factor or None
        ``None`` when the material has no dm, CF or FCF in the table.

    Notes
    -----
    Plastics: 1.0 × 0.75 × 1.0 × 1.0 × 44/12 = 2,750 kg CO2/t; steel drums (metal, CF 0):
    0 kg; industrial-waste default (unverified): 1.0 × 0.50 × 0.90 × 44/12 = 1,650 kg.
    """
    row = _material_row(material, code)
    if row is None:
        return None
    fcf = float(row["fcf"])
    if fcf == 0:
        dm = cf = 0.0  # no fossil carbon: the product is 0 whatever dm and CF are
        dm = float(row["dm"]) if not pd.isna(row["dm"]) else dm
        cf = float(row["cf_dry"]) if not pd.isna(row["cf_dry"]) else cf
    else:
        dm, cf = float(row["dm"]), float(row["cf_dry"])
        if pd.isna(dm) or pd.isna(cf):
            return None
    of = get("ipcc2006.incineration.of")
    kg = 1000 * dm * cf * fcf * of.value * _C_TO_CO2
    key = f"ipcc2006_vn.incineration.{row.name}"
    text = (
        f"dm {dm:g} × CF {cf:g} × FCF {fcf:g} × OF {of.value:g} × 44/12 × 1000 = "
        f"{kg:,.1f} kg CO2/t ({row['ipcc_category']})"
    )
    return Factor(key, kg, kg, kg, _weakest(str(row["status"]), of.status), text)
