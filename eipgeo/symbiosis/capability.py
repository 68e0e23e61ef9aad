"""Receivers by process capability: which process can take which material, and who runs it.

A receiver is matched to a catalogue link by the *process* it runs, not by its industry
class. Four bundled tables, each row with its source:

* ``eipgeo/data/symbiosis_capabilities.csv``: one row per (process, material group): whether
  the process takes the material (``accepts`` ``yes``/``no``), on what conditions, the ISIC
  Rev.4 classes from which the process may only be *inferred* (``infer_isic4``), and the
  rule's source and ``status`` (``published``, ``derived``, ``unverified``);
* ``eipgeo/data/symbiosis_receivers.csv``: the processes of named receivers in the bundled
  parks, with their source;
* ``eipgeo/data/symbiosis_documented.csv``: exchanges documented as running in a park;
* ``eipgeo/data/symbiosis_utility_offers.csv``: water and energy by-products of a park
  (m³/yr, MWh/yr), with their source.

A receiver whose process is named (bundled table, or a ``processes`` column in the user's
sites) can go into the plan; one whose process is only inferred from its ISIC class stays a
candidate until the process is confirmed. Transfers to a waste-treatment facility are a
treatment contract, not symbiosis (:data:`TREATMENT_KINDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from eipgeo._text import nfc_key

TREATMENT_KINDS = frozenset(
    {
        "hazardous_treatment",
        "treatment",
        "integrated_complex",
        "landfill",
        "incinerator",
        "co_processing",
    }
)
"""Facility kinds that treat or dispose of waste under a permit, for a fee: sending them a
stream is a treatment contract, which belongs to the waste-management plan (LEP 72/2020/QH14
Art. 83; Decree 08/2022/ND-CP Art. 65(1) treats as goods only sorted ordinary waste used as a
raw material), never a symbiosis exchange."""

RULE_TREATMENT_CONTRACT = (
    "not symbiosis: a paid contract with a licensed waste handler is treatment, part of the "
    "waste-management plan (Decree 08/2022/ND-CP Art. 65(1) covers only sorted ordinary "
    "industrial waste used as raw material or fuel)"
)
RULE_MIXED = (
    "not symbiosis: mixed, unsorted waste is not a raw material (Decree 08/2022/ND-CP "
    "Art. 65(1): only sorted ordinary industrial solid waste meeting the receiving product's "
    "standard is managed as goods); burning it is treatment under a permit"
)

EVIDENCE_LEVELS = ("documented_running", "reported", "potential")
"""An exchange's evidence: ``documented_running`` (a published source says this very
exchange runs in this park), ``reported`` (the link type is documented in Viet Nam or
elsewhere), ``potential`` (a technical reference only)."""


def _read(name: str) -> pd.DataFrame:
    with resources.files("eipgeo.data").joinpath(name).open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def _split(cell: object) -> list[str]:
    return [p.strip() for p in str(cell or "").split(";") if p.strip()]


@lru_cache(maxsize=1)
def read_capabilities() -> pd.DataFrame:
    """Return ``eipgeo/data/symbiosis_capabilities.csv``: which process takes which material.

    Returns
    -------
    pandas.DataFrame
        ``process_id, material_group, accepts, infer_isic4, conditions, source, url, locator,
        status``; ``accepts`` is ``yes`` or ``no``.
    """
    return _read("symbiosis_capabilities.csv")


@lru_cache(maxsize=1)
def read_named_receivers() -> pd.DataFrame:
    """Return ``eipgeo/data/symbiosis_receivers.csv``: the processes of named receivers.

    Returns
    -------
    pandas.DataFrame
        ``receiver_name, park, processes`` (``;``-separated process ids), ``basis``,
        ``source``, ``url``, ``status``.
    """
    return _read("symbiosis_receivers.csv")


@lru_cache(maxsize=1)
def read_documented() -> pd.DataFrame:
    """Return ``eipgeo/data/symbiosis_documented.csv``: exchanges documented as running.

    Returns
    -------
    pandas.DataFrame
        ``park, supplier_id, receiver_id, link_id, quantity, unit, year, evidence_level,
        source, url, locator, note``; ``quantity`` is a float.
    """
    table = _read("symbiosis_documented.csv")
    table["quantity"] = pd.to_numeric(table.quantity.replace("", np.nan))
    return table


@lru_cache(maxsize=1)
def read_utility_offers() -> pd.DataFrame:
    """Return ``eipgeo/data/symbiosis_utility_offers.csv``: water and energy by-products.

    Returns
    -------
    pandas.DataFrame
        ``park, supplier_id, supplier_name, lon, lat`` (EPSG:4326), ``stream, material,
        waste_class`` (``water`` or ``energy``), ``quantity`` with its ``unit`` (``m3/yr`` or
        ``MWh/yr``), ``basis``, ``source``, ``url``, ``status``.
    """
    table = _read("symbiosis_utility_offers.csv")
    for col in ("lon", "lat", "quantity"):
        table[col] = pd.to_numeric(table[col].replace("", np.nan))
    return table


def named_processes(receiver_name: object) -> tuple[set[str], str]:
    """Return the processes a named receiver runs and the source that says so.

    Parameters
    ----------
    receiver_name
        The receiver's name as in the tenant table (matched after NFC and case folding).

    Returns
    -------
    tuple of (set of str, str)
        Process ids and ``"basis (source)"``; an empty set and ``""`` when the receiver is
        not in ``symbiosis_receivers.csv``.
    """
    processes, basis = _named_receivers().get(nfc_key(receiver_name), (frozenset(), ""))
    return set(processes), basis


@lru_cache(maxsize=1)
def _named_receivers() -> dict[str, tuple[frozenset[str], str]]:
    """Return each named receiver's key (NFC, case-folded) -> its first row's processes, basis."""
    out: dict[str, tuple[frozenset[str], str]] = {}
    for row in read_named_receivers().itertuples():
        entry = (frozenset(_split(row.processes)), f"{row.basis} ({row.source})")
        out.setdefault(nfc_key(row.receiver_name), entry)
    return out


@dataclass(frozen=True)
class Capability:
    """Whether a process takes a material group, and on what evidence.

    Attributes
    ----------
    process_id
        The process (``symbiosis_capabilities.csv``).
    accepts
        ``True`` (takes it), ``False`` (cannot) or ``None`` (no rule: unknown).
    status
        The rule's status: ``published``, ``derived`` or ``unverified`` (``""`` when no rule).
    rule
        The rule's conditions and source, for the candidate's notes.
    """

    process_id: str
    accepts: bool | None
    status: str
    rule: str


@lru_cache(maxsize=4096)  # a pure function of the cached table; the result is frozen
def capability(process_id: str, material_group: str) -> Capability:
    """Return whether ``process_id`` can take ``material_group``.

    Parameters
    ----------
    process_id
        A process id of ``symbiosis_capabilities.csv``.
    material_group
        A catalogue ``supply_group`` (``scrap_wood``, ``phosphogypsum``, ...).

    Returns
    -------
    Capability
        A refusal row wins over an acceptance row; no row gives ``accepts=None``.
    """
    table = read_capabilities()
    rows = table[(table.process_id == process_id) & (table.material_group == material_group)]
    if rows.empty:
        return Capability(process_id, None, "", f"no capability rule for {process_id}")
    refused = rows[rows.accepts == "no"]
    row = (refused if len(refused) else rows).iloc[0]
    text = f"{process_id} {'takes' if row.accepts == 'yes' else 'cannot take'} {material_group}"
    if row.conditions:
        text += f" ({row.conditions})"
    text += f" [{row.source}; {row.status}]"
    return Capability(process_id, row.accepts == "yes", str(row.status), text)


def inferable_processes(isic4: str, process_ids: list[str]) -> list[str]:
    """Return the processes among ``process_ids`` that ISIC class ``isic4`` may be running.

    Parameters
    ----------
    isic4
        The receiver's ISIC Rev.4 class (four digits).
    process_ids
        The link's processes.

    Returns
    -------
    list of str
        Those whose capability rows list ``isic4`` in ``infer_isic4``. Such a match is an
        inference, never proof: the pair stays a candidate.
    """
    inferable = _inferable_classes()
    return [pid for pid in process_ids if isic4 in inferable.get(pid, frozenset())]


@lru_cache(maxsize=1)
def _inferable_classes() -> dict[str, frozenset[str]]:
    """Return process id -> the ISIC classes any of its capability rows lists in ``infer_isic4``."""
    out: dict[str, set[str]] = {}
    table = read_capabilities()
    for pid, cell in zip(table.process_id, table.infer_isic4, strict=True):
        out.setdefault(str(pid), set()).update(_split(cell))
    return {pid: frozenset(classes) for pid, classes in out.items()}


def documented_exchange(park: str, supplier_id: str, receiver_id: str, link_id: str) -> str:
    """Return the source of a documented running exchange, or ``""`` when none is recorded.

    Parameters
    ----------
    park
        The park slug (``""`` matches no row).
    supplier_id, receiver_id
        Site ids as in the park's tenant table.
    link_id
        The catalogue link.

    Returns
    -------
    str
        ``"source (url): locator"`` of the matching ``symbiosis_documented.csv`` row.
    """
    return _documented_sources().get((park, supplier_id, receiver_id, link_id), "")


@lru_cache(maxsize=1)
def _documented_sources() -> dict[tuple[str, str, str, str], str]:
    """Return ``(park, supplier_id, receiver_id, link_id)`` -> the first matching row's source."""
    out: dict[tuple[str, str, str, str], str] = {}
    for row in read_documented().itertuples():
        key = (str(row.park), str(row.supplier_id), str(row.receiver_id), str(row.link_id))
        out.setdefault(key, f"{row.source} ({row.url}): {row.locator}")
    return out


def evidence_of(link: pd.Series | None, documented_source: str) -> tuple[str, str, list[str]]:
    """Return an exchange's evidence level, its source, and what keeps it out of the plan.

    Parameters
    ----------
    link
        The catalogue link row (``evidence``, ``source``, ``url``), or ``None`` for a
        workshop material outside the catalogue.
    documented_source
        The source of a documented running exchange (:func:`documented_exchange`), or ``""``.

    Returns
    -------
    tuple of (str, str, list of str)
        One of :data:`EVIDENCE_LEVELS`, the source text, and the plan blocks (a link whose
        catalogue evidence is ``unverified`` can only be a candidate).
    """
    if documented_source:
        return "documented_running", documented_source, []
    if link is None:
        return "potential", "declared at the workshop (no catalogue link)", []
    source = f"{link['source']} ({link['url']})"
    evidence = str(link.get("evidence", ""))
    if evidence in ("documented_vn", "documented_elsewhere"):
        return "reported", f"{evidence}: {source}", []
    if evidence == "unverified" or str(link.get("status", "")) == "unverified":
        return (
            "potential",
            f"unverified: {source}",
            [f"catalogue link {link.name} is unverified: find a published case or reference"],
        )
    return "potential", f"technical: {source}", []
