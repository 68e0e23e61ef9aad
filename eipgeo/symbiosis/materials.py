"""Resolve a material typed by people (Vietnamese or English free text) to waste codes.

Workshop tables name materials as people say them: "bụi lò hồ quang", "EAF dust", "xỉ",
"tro bay", "dầu thải". :func:`resolve_material` turns such a text into candidate waste codes
(Circular 02/2022/TT-BTNMT App. III, or eipgeo's ``OI-``/``DW-`` codes), a legal class and
the catalogue links of :mod:`eipgeo.symbiosis`, and says how it matched. It never guesses a
milder class: a name that fits several codes takes the strictest of their classes, and a
name it cannot resolve stays ``unverified`` (kept and planned with the flag
:data:`eipgeo.symbiosis.UNVERIFIED_FLAG`, as the contract says; :func:`suggest_names` lists
the nearest catalogue names so the facilitator can give a code).

Matching order (the first that matches wins):

1. a waste code in the ``waste_code`` column, then a six-digit code inside the text;
2. a name of ``eipgeo/data/symbiosis_material_aliases.csv`` or a catalogue link
   (``supply_group`` or ``supply_aliases``): equal after NFC and case folding, then equal
   once tone marks are folded, then (after step 3) contained in the text as whole words
   (tone marks kept; the longest name wins; on a tie the alias table wins);
3. the exact Vietnamese or English name of a listed code (``legal/vn_waste_codes.csv``),
   compared with tone marks folded (this beats a name merely contained in the text);
4. otherwise ``unresolved``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from eipgeo._text import fold_key, nfc_key, normalise_code
from eipgeo.data import data_file
from eipgeo.symbiosis.catalogue import (
    _code_classes,
    _split,
    class_of,
    links_for_material,
    read_links,
)

_STRICTNESS = {"hazardous": 4, "controlled": 3, "unverified": 0}
"""Order used to combine classes: hazardous > controlled > ordinary/domestic/energy/water."""


@dataclass(frozen=True)
class Resolution:
    """What a material text resolved to.

    Attributes
    ----------
    codes
        Candidate waste codes (normalised), most specific first; empty when none.
    waste_class
        ``hazardous``, ``controlled``, ``ordinary``, ``domestic``, ``energy``, ``water`` or
        ``unverified`` (nothing resolved).
    how
        ``waste_code column``, ``code in text``, ``alias``, ``alias (tone marks folded)``,
        ``alias in text``, ``catalogue name``..., ``legal name`` or ``unresolved``.
    matched
        The name or code that matched (``""`` when unresolved).
    group
        Key that pairs an offer with a need: the catalogue ``supply_group``, else
        ``code:<codes>``, else the folded text.
    note
        Why the class was chosen (the alias table's basis, or a conflict with the form).
    """

    codes: tuple[str, ...]
    waste_class: str
    how: str
    matched: str
    group: str
    note: str = ""

    @property
    def code(self) -> str:
        """The codes joined by ``;`` (one code when the resolution is unambiguous)."""
        return ";".join(self.codes)

    @property
    def links(self) -> pd.DataFrame:
        """Catalogue links of :attr:`group` (empty when the group has no link)."""
        links = read_links()
        return links[links.supply_group == self.group]


@lru_cache(maxsize=1)
def read_aliases() -> pd.DataFrame:
    """Return ``eipgeo/data/symbiosis_material_aliases.csv`` (common names to waste codes).

    Each row lists names (``;``-separated), candidate ``codes``, the class to plan with,
    an optional catalogue ``link_group``, and its ``basis`` and ``source``; ``status`` is
    ``derived`` where the mapping from name to code is eipgeo's reading of the code list.
    """
    with (
        resources.files("eipgeo.data")
        .joinpath("symbiosis_material_aliases.csv")
        .open(encoding="utf-8") as f
    ):
        return pd.read_csv(f, dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class _Name:
    """One matchable name: an alias-table row or a catalogue link's group."""

    key: str
    source: str  # "alias" or "catalogue"
    row: int


@lru_cache(maxsize=1)
def _names() -> tuple[_Name, ...]:
    out: list[_Name] = []
    for i, cell in enumerate(read_aliases().aliases):
        out += [_Name(nfc_key(a), "alias", i) for a in _split(cell)]
    links = read_links()
    for i, (group, aliases) in enumerate(
        zip(links.supply_group, links.supply_aliases, strict=True)
    ):
        out += [_Name(nfc_key(a), "catalogue", i) for a in [group, *_split(aliases)]]
    return tuple(out)


def _contains(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _best_name(text: str) -> tuple[_Name, str] | None:
    """Find the name matching ``text``: exact, then tone-folded, then longest contained."""
    key, folded = nfc_key(text), fold_key(text)
    names = _names()
    order = {"alias": 0, "catalogue": 1}
    for test, how in (
        (lambda n: n.key == key, ""),
        (lambda n: fold_key(n.key) == folded, " (tone marks folded)"),
    ):
        hits = sorted((n for n in names if n.key and test(n)), key=lambda n: order[n.source])
        if hits:
            return hits[0], how
    inside = [n for n in names if len(n.key) >= 2 and _contains(key, n.key)]
    how = " in text"
    if not inside:  # e.g. "dau nhot thai hong": a known name, typed without tone marks
        inside = [n for n in names if len(n.key) >= 2 and _contains(folded, fold_key(n.key))]
        how = " in text (tone marks folded)"
    if not inside:
        return None
    best = sorted(inside, key=lambda n: (-len(n.key), order[n.source]))[0]
    return best, how


def strictest(classes: list[str]) -> str:
    """Return the strictest of ``classes`` (``unverified`` only if nothing else is known).

    Parameters
    ----------
    classes
        Legal classes (``hazardous``, ``controlled``, ``ordinary``, ``domestic``,
        ``energy``, ``water``, ``unverified``).

    Returns
    -------
    str
        ``hazardous`` over ``controlled`` over the rest (ties: the first listed);
        ``unverified`` when the list holds nothing else (or is empty).
    """
    known = [c for c in classes if c != "unverified"]
    if not known:
        return "unverified"
    return max(known, key=lambda c: _STRICTNESS.get(c, 1))


def _classes_of(codes: tuple[str, ...]) -> list[str]:
    table = _code_classes()
    return [table[c] for c in codes if c in table]


def _from_codes(codes: tuple[str, ...], how: str, matched: str) -> Resolution:
    cls = strictest(_classes_of(codes))
    links = links_for_material("", codes[0]) if len(codes) == 1 else read_links().iloc[0:0]
    group = str(links.supply_group.iloc[0]) if len(links) else f"code:{';'.join(codes)}"
    note = "" if cls != "unverified" else f"code {';'.join(codes)} is not in the code lists"
    return Resolution(codes, cls, how, matched, group, note)


def _from_name(hit: _Name, how: str) -> Resolution:
    if hit.source == "alias":
        row = read_aliases().iloc[hit.row]
        codes = tuple(normalise_code(c) for c in _split(row.codes) if normalise_code(c))
        cls = strictest([str(row.waste_class), *_classes_of(codes)])
        group = str(row.link_group) or f"code:{';'.join(codes)}"
        return Resolution(codes, cls, "alias" + how, hit.key, group, f"{row.alias_id}: {row.basis}")
    link = read_links().iloc[hit.row]
    codes = tuple(normalise_code(c) for c in _split(link.supply_codes) if normalise_code(c))
    cls = strictest([str(link.supply_class), *_classes_of(codes)])
    return Resolution(
        codes,
        cls,
        "catalogue name" + how,
        hit.key,
        str(link.supply_group),
        f"catalogue link {link.link_id} ({link.supply_group})",
    )


def _waste_codes_file() -> str:
    """Return the legal waste list in force (``legal/vn_waste_codes.csv``), resolved.

    The resolved path keys the caches, so a change of ``settings.data_dir`` is seen.
    """
    return str(data_file("legal/vn_waste_codes.csv").resolve())


def _legal_names() -> dict[str, tuple[str, ...]]:
    """Folded Vietnamese and English names of listed codes (shared code list) to codes."""
    return _legal_names_in(_waste_codes_file())


@lru_cache(maxsize=4)
def _legal_names_in(path: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    if path:
        codes = pd.read_csv(path, dtype=str, keep_default_na=False)
        codes = codes[codes.level == "item"]
        for code, vi, en in zip(codes.code, codes.name_vi, codes.name_en, strict=True):
            for name in (vi, en):
                if name:
                    out.setdefault(fold_key(name), []).append(normalise_code(code))
    return {k: tuple(v) for k, v in out.items()}


def resolve_material(text: str, code_cell: str = "", class_cell: str = "") -> Resolution:
    """Resolve a free-text material (and the form's optional code and class) to waste codes.

    Parameters
    ----------
    text
        The material as typed (any Unicode form, with or without tone marks).
    code_cell
        The form's ``waste_code`` cell (``NN NN NN`` in any spacing, ``OI-nn``, ``DW-nn``).
    class_cell
        The form's ``waste_class`` cell. A stated class never makes a resolved class milder:
        the stricter of the two is kept, and the note says so.

    Returns
    -------
    Resolution
        Codes, class, how it matched and the pairing group (see the module docstring).
    """
    code = normalise_code(code_cell)
    if code:
        res = _from_codes((code,), "waste_code column", code)
    elif normalise_code(text):
        res = _from_codes((normalise_code(text),), "code in text", normalise_code(text))
    else:
        hit = _best_name(text)
        legal = _legal_names().get(fold_key(text))
        if hit is not None and not (legal and hit[1].startswith(" in text")):
            res = _from_name(*hit)
        elif legal:
            res = _from_codes(legal, "legal name", text)
        else:
            res = Resolution((), "unverified", "unresolved", "", f"text:{fold_key(text)}")
    stated = class_of(class_cell, "") if str(class_cell).strip() else ""
    if stated and stated != "unverified":
        final = strictest([res.waste_class, stated])
        if final != res.waste_class or res.waste_class == "unverified":
            note = (
                f"form states '{class_cell}'"
                + (
                    ""
                    if res.waste_class == "unverified"
                    else f"; the name resolves to {res.waste_class}"
                )
                + f": planned as {final}"
            )
            return Resolution(
                res.codes,
                final,
                res.how,
                res.matched,
                res.group,
                "; ".join(x for x in (res.note, note) if x),
            )
        if stated != final:
            note = (
                f"form states '{class_cell}' but {res.code or 'the name'} is {final}: kept {final}"
            )
            return Resolution(
                res.codes,
                final,
                res.how,
                res.matched,
                res.group,
                "; ".join(x for x in (res.note, note) if x),
            )
    return res


def describe(res: Resolution) -> str:
    """One line for a table or a terminal: codes, class and how the text matched.

    Parameters
    ----------
    res
        What a material text resolved to.

    Returns
    -------
    str
        ``<codes> [<class>] by <how> '<matched>'`` (``no code`` when there is none), or a
        fixed text when unresolved.
    """
    if res.how == "unresolved":
        return "unresolved (no waste code or catalogue name matched; class unverified)"
    codes = res.code or "no code"
    return f"{codes} [{res.waste_class}] by {res.how} '{res.matched}'"


SUGGESTION_CUTOFF = 0.6
"""Least :class:`difflib.SequenceMatcher` ratio (0-1) for a name to be suggested; eipgeo's
choice, not a published figure."""


@lru_cache(maxsize=4)
def _suggestion_choices(path: str) -> dict[str, str]:
    """Folded name to its label ``'name' (codes or group)``: aliases, catalogue, legal names."""
    out: dict[str, str] = {}
    for row in read_aliases().itertuples():
        for alias in _split(row.aliases):
            out.setdefault(fold_key(alias), f"'{alias}' ({row.codes or row.link_group!s})")
    links = read_links()
    for group, aliases in zip(links.supply_group, links.supply_aliases, strict=True):
        for name in [group, *_split(aliases)]:
            out.setdefault(fold_key(name), f"'{name}' (catalogue {group})")
    if path:
        codes = pd.read_csv(path, dtype=str, keep_default_na=False)
        for row in codes[codes.level == "item"].itertuples():
            for name in (row.name_vi, row.name_en):
                if name:
                    out.setdefault(fold_key(name), f"'{name!s}' ({normalise_code(row.code)})")
    return out


def suggest_names(text: str, n: int = 3) -> list[str]:
    """Return up to ``n`` catalogue, alias or legal names nearest to ``text``, best first.

    Names are compared with tone marks folded (:func:`eipgeo._text.fold_key`) by
    :mod:`difflib` ratios (the larger of the character and the word ratio), kept from
    :data:`SUGGESTION_CUTOFF` up; ties go to the alphabetically first name. Each item reads
    ``'name' (codes)``, ready to copy into a workshop table's ``waste_code`` column.

    Parameters
    ----------
    text
        The material as written.
    n
        Most suggestions returned; default 3.

    Returns
    -------
    list of str
        Up to ``n`` items; empty when no name is similar enough.
    """
    choices = _suggestion_choices(_waste_codes_file())
    key = fold_key(text)
    scored = sorted((-_similarity(key, name), name) for name in choices)
    return [choices[name] for score, name in scored[:n] if -score >= SUGGESTION_CUTOFF]


def _similarity(a: str, b: str) -> float:
    """Return the larger of the character and word :class:`difflib.SequenceMatcher` ratios."""
    chars = difflib.SequenceMatcher(None, a, b).ratio()
    return max(chars, difflib.SequenceMatcher(None, a.split(), b.split()).ratio())
