"""Text keys: Unicode forms, Vietnamese tone marks, waste codes and names.

Every comparison of names, headers or waste codes in eipgeo goes through one of these
keys, so a name typed in Windows-1258 (combining tone marks), NFC or with the tone on
another vowel compares equal where it should.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"
"""The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook,
dot below)."""


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def column_key(name: str) -> str:
    """Return the matching key of a column header.

    NFC, case-folded, without tone marks (``đ`` → ``d``), and ``_`` for every run of
    spaces or punctuation, so ``Diện tích (ha)``, ``dien tich ha`` and ``DIEN-TICH-HA``
    all give ``dien_tich_ha``.
    """
    return re.sub(r"[\W_]+", "_", fold_key(name)).strip("_")


def nfc_key(text: object) -> str:
    """Return ``text`` NFC-normalised, case-folded, with runs of whitespace collapsed."""
    s = unicodedata.normalize("NFC", "" if text is None else str(text))
    return " ".join(s.casefold().split())


def fold_key(text: object) -> str:
    """Return :func:`nfc_key` without tone marks or diacritics (``đ`` becomes ``d``).

    Two names equal under this key but not under :func:`nfc_key` are probable duplicates.
    """
    s = unicodedata.normalize("NFD", nfc_key(text).replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def name_key(name: str) -> str:
    """Return a key equal for names that differ only in form, case or tone placement.

    Unicode form (NFC/NFD), case, spacing and the vowel that carries the tone mark
    (``Hoà``/``Hòa``) are ignored.
    """
    words = []
    for word in unicodedata.normalize("NFD", name.casefold()).split():
        tones = sorted(c for c in word if c in _TONES)
        base = "".join(c for c in word if c not in _TONES)
        words.append(unicodedata.normalize("NFC", base) + "".join(tones))
    return " ".join(words)


def ascii_slug(text: str) -> str:
    """Return ``text`` as a lower-case ASCII slug (tone marks dropped, ``đ`` as ``d``)."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def normalise_code(code: object) -> str:
    """Return a waste code in its canonical form, or ``""`` if ``code`` holds none.

    Vietnamese codes (Circular 02/2022 App. III) become ``NN NN NN`` (six digits in any
    spacing); eipgeo's codes for unlisted ordinary and domestic streams (``OI-01``,
    ``DW-02``, see ``eipgeo/data/waste_catalogue.csv``) are upper-cased.
    """
    text = unicodedata.normalize("NFKC", str(code or "")).strip().upper()
    pseudo = re.fullmatch(r"(OI|DW)\s*-?\s*(\d{2})", text)
    if pseudo:
        return f"{pseudo.group(1)}-{pseudo.group(2)}"
    digits = "".join(c for c in text if c.isdigit())
    return f"{digits[:2]} {digits[2:4]} {digits[4:6]}" if len(digits) == 6 else ""
