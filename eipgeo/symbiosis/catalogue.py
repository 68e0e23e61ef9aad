"""The exchange catalogue and the law: which receiver takes a material, and whether it may.

``eipgeo/data/symbiosis_links.csv`` holds the exchange links, each with its published
source; a material is matched by waste code first, then by name. Every candidate transfer
is checked against the law: hazardous waste only to holders of a permit covering it,
controlled (KS) waste only with a hazard test recorded or to a licensed receiver, and
ordinary industrial solid waste may become a raw material (Decree 08/2022/ND-CP
Art. 65(1)).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from eipgeo._text import nfc_key, normalise_code
from eipgeo.data import data_file

RULE_HAZARDOUS = (
    "LEP 72/2020/QH14 Art. 83(4) and Decree 08/2022/ND-CP Art. 69(1) (seen in "
    "shared legal/regulatory_facts.md B1): hazardous waste goes only to holders "
    "of a permit covering it"
)
RULE_CONTROLLED = (
    "Circular 02/2022/TT-BTNMT App. III marks KS codes 'controlled': hazardous "
    "unless tested below threshold (article locator unverified)"
)
RULE_ORDINARY = (
    "Decree 08/2022/ND-CP Art. 65(1) (seen): ordinary industrial solid waste "
    "sorted for direct use as raw material, fuel or material is managed as a "
    "product; amendment by Decree 05/2025/ND-CP unverified"
)
RULE_UNRESOLVED = (
    "eipgeo symbiosis contract (CONTRACT.md): a material without a waste code "
    "is kept as 'class unverified', not rejected; it may be hazardous, so LEP "
    "72/2020/QH14 Art. 83(4) still applies once its code or hazard test is known"
)
UNVERIFIED_FLAG = "class unverified: confirm by a hazard test or a waste code before any transfer"
"""Flag carried by every planned pair whose material resolved to no known waste class."""


# --------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def read_links() -> pd.DataFrame:
    """Return the sourced waste-to-resource catalogue (``eipgeo/data/symbiosis_links.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per link. List columns (``supply_codes``, ``supply_aliases``,
        ``receiver_isic4``, ``receiver_kinds``) are ``;``-separated. Numeric columns
        (``substitution_ratio``, ``virgin_price_vnd_per_t``, ``virgin_ef_kg_co2e_per_t``,
        ``landfill_ef_kg_co2e_per_t``, ``route_ef_kg_co2e_per_t``) are NaN where no
        published figure was found (their ``*_status`` says ``unverified``).

    Notes
    -----
    Each row names its published source (``source``, ``url``, ``locator``). Landfill and
    route factors are UK DESNZ 2025 (cut-off method; see
    ``shared/data/evidence/emission_factors.md``).
    """
    with resources.files("eipgeo.data").joinpath("symbiosis_links.csv").open(encoding="utf-8") as f:
        links = pd.read_csv(f, dtype=str, keep_default_na=False)
    for col in (
        "substitution_ratio",
        "virgin_price_vnd_per_t",
        "virgin_ef_kg_co2e_per_t",
        "landfill_ef_kg_co2e_per_t",
        "route_ef_kg_co2e_per_t",
    ):
        links[col] = pd.to_numeric(links[col].replace("", np.nan))
    return links


def _split(cell: object) -> list[str]:
    return [p.strip() for p in str(cell or "").split(";") if p.strip()]


def links_for_material(stream: object, waste_code: object = "") -> pd.DataFrame:
    """Return the catalogue links whose supply matches a stream name or waste code.

    A valid waste code matches a link listing it; otherwise the NFC-normalised name must
    equal the link's ``supply_group`` or one of its ``supply_aliases``.

    Parameters
    ----------
    stream
        The stream's material name (any case or Unicode form).
    waste_code
        The stream's waste code, in any spacing (``170204``, ``17 02 04``); default ``""``
        (match by name only). A code that no link lists falls back to the name.

    Returns
    -------
    pandas.DataFrame
        The matching rows of :func:`read_links`; empty when none.
    """
    links = read_links()
    codes, names = _link_keys()
    code = normalise_code(waste_code)
    by_code = np.array([code in listed for listed in codes], dtype=bool)
    if code and by_code.any():
        return links[by_code]
    key = nfc_key(stream)
    return links[np.array([key in listed for listed in names], dtype=bool)]


@lru_cache(maxsize=1)
def _link_keys() -> tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]]:
    """Return each link's normalised supply codes, and its supply group and aliases as keys.

    In the row order of :func:`read_links` (read once), so a look-up scans sets, not text.
    """
    links = read_links()
    codes = tuple(frozenset(normalise_code(x) for x in _split(c)) for c in links.supply_codes)
    names = tuple(
        frozenset({nfc_key(group)} | {nfc_key(a) for a in _split(aliases)})
        for group, aliases in zip(links.supply_group, links.supply_aliases, strict=True)
    )
    return codes, names


def class_of(waste_class: object, waste_code: object) -> str:
    """Return the legal class of a stream from its class label or its waste code.

    One of ``hazardous``, ``controlled``, ``ordinary``, ``domestic``, ``energy``, ``water``
    or ``unverified``. A label such as ``hazardous [NH]`` wins; otherwise the code is looked
    up in the shared Vietnamese code list (``legal/vn_waste_codes.csv``).

    Parameters
    ----------
    waste_class
        The stream's class label; only its start counts (``hazardous [NH]`` is
        ``hazardous``).
    waste_code
        The stream's waste code in any spacing, used when the label names no class.

    Returns
    -------
    str
        The class; ``unverified`` when neither tells it.
    """
    label = nfc_key(waste_class)
    for cls in ("hazardous", "controlled", "ordinary", "domestic", "energy", "water"):
        if label.startswith(cls):
            return cls
    code = normalise_code(waste_code)
    if code:
        found = _code_classes().get(code)
        if found:
            return found
    return "unverified"


def _code_classes() -> dict[str, str]:

    return _code_classes_in(str(data_file("legal/vn_waste_codes.csv").resolve()))


@lru_cache(maxsize=4)
def _code_classes_in(path: str) -> dict[str, str]:
    """Waste codes to their class: the legal list, then eipgeo's bundled waste catalogue.

    ``legal/vn_waste_codes.csv`` (bundled, or of the external data folder) gives every
    listed code (``hazardous [NH]`` or ``controlled industrial [KS]``);
    ``eipgeo/data/waste_catalogue.csv`` (codes used by the sector profiles) is read on top.
    """
    out: dict[str, str] = {}
    codes = pd.read_csv(path, dtype=str, keep_default_na=False)
    codes = codes[codes.level == "item"]
    out.update(
        {
            normalise_code(c): ("hazardous" if w.startswith("hazardous") else "controlled")
            for c, w in zip(codes.code, codes.waste_class, strict=True)
        }
    )
    with resources.files("eipgeo.data").joinpath("waste_catalogue.csv").open(encoding="utf-8") as f:
        own = pd.read_csv(f, dtype=str, keep_default_na=False)
    out.update(
        {
            normalise_code(c): str(w)
            for c, w in zip(own.code, own.waste_class, strict=True)
            if normalise_code(c)
        }
    )
    return out


# --------------------------------------------------------------------------------------
# Candidates: legal checks and scores
# --------------------------------------------------------------------------------------


def legal_check(
    waste_class: str,
    waste_code: str,
    *,
    receiver_licensed: set[str],
    receiver_accepts_hazardous: bool,
    hazard_test: bool,
) -> list[str]:
    """Return the reasons a transfer is not allowed (empty when it is).

    Parameters
    ----------
    waste_class
        As :func:`class_of` returns it; ``unverified`` when the class is unknown.
    waste_code
        ``NN NN NN``, ``""``, or several candidate codes joined by ``;`` (a material named
        without its exact code): a permit must then cover every candidate.
    receiver_licensed
        Normalised codes the receiver's permit covers.
    receiver_accepts_hazardous
        The receiver is a facility licensed for hazardous waste (``accepts`` lists it).
    hazard_test
        A hazard test below threshold is recorded for this controlled stream.

    Notes
    -----
    Hazardous: only to a permit holder for the code (:data:`RULE_HAZARDOUS`). Controlled
    (KS): a recorded hazard test, or a licensed receiver (:data:`RULE_CONTROLLED`). Class
    ``unverified`` (no waste code resolved) is not a reason to refuse: the contract keeps it
    as "class unverified", and :func:`score_candidates` flags it with
    :data:`UNVERIFIED_FLAG` (:data:`RULE_UNRESOLVED`).
    """
    codes = [c for c in (p.strip() for p in str(waste_code or "").split(";")) if c]
    covered = bool(codes) and all(c in receiver_licensed for c in codes)
    licensed = receiver_accepts_hazardous or covered
    held = ", ".join(sorted(receiver_licensed)) or "none given"
    listed = ";".join(codes) or "(none given)"
    reasons = []
    if waste_class == "hazardous" and not licensed:
        reasons.append(
            f"hazardous_unlicensed: receiver holds no permit for code {listed} "
            f"(licensed codes: {held}) [{RULE_HAZARDOUS}]"
        )
    if waste_class == "controlled" and not hazard_test and not licensed:
        reasons.append(
            f"controlled_untested: no hazard test recorded for {listed}; "
            f"record one or send to a licensed receiver [{RULE_CONTROLLED}]"
        )
    return reasons
