"""Symbiosis from a facilitator's workshop tables: offers, needs and the enterprise list.

Workshop tables name firms and materials in free Vietnamese text. Names are resolved to the
enterprise list after Unicode NFC normalisation and case folding; names that are equal only
once tone marks are folded are reported as probable duplicates (never merged or invented).
Materials resolve to waste codes and catalogue links by :mod:`eipgeo.symbiosis_materials`
(codes, aliases such as "bụi lò hồ quang" or "EAF dust", catalogue and legal names, with or
without tone marks); each row's resolution is reported, with the nearest catalogue names
when it resolves to nothing. A hazardous or controlled material goes through the legal check
like any other (hazardous only to a receiver licensed for its code). A material that
resolves to no waste code is kept as "class unverified", as the contract says: it can be
planned, and every row and printed line carries :data:`eipgeo.symbiosis.UNVERIFIED_FLAG`.
Distances are great-circle x circuity (EPSG:4326 inputs), labelled ``estimate_circuity``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from eipgeo import coefficients, network
from eipgeo._errors import InputReadError, Problem, ValidationError
from eipgeo._text import fold_key, nfc_key, normalise_code
from eipgeo.io.numbers import DEGREE_NAMES, is_money_name, read_number
from eipgeo.io.tables import COLUMN_ALIASES, canonical_column, read_cells
from eipgeo.symbiosis.catalogue import UNVERIFIED_FLAG, _split, links_for_material
from eipgeo.symbiosis.materials import Resolution, describe, resolve_material, suggest_names
from eipgeo.symbiosis.plan import SymbiosisResult, plan_symbiosis

# --------------------------------------------------------------------------------------
# Workshop tables: offers, needs and the enterprise list
# --------------------------------------------------------------------------------------

_TRUE = {"1", "true", "yes", "y", "có", "co", "x"}


_NUMBERS = ("qty_t_per_year", "lat", "lon", "price_vnd_per_t", "processing_vnd_per_t")
"""Workshop columns holding numbers: written in the file's own decimal convention."""


def _read_table(path: str, required: list[str]) -> pd.DataFrame:
    """Read a workshop table as text with the one table reader; check its required columns.

    :func:`eipgeo.io.tables.read_cells` reads it (UTF-8 with or without BOM, UTF-16,
    Windows-1258; ``,``/``;``/tab separators; XLSX). Headers are mapped as every eipgeo
    reader maps them (:data:`eipgeo.io.tables.COLUMN_ALIASES`: ``ten_dn`` is ``name``),
    other headers compared case- and space-insensitively; numbers in :data:`_NUMBERS`
    columns go through the one number parser (:func:`eipgeo.io.numbers.read_number`:
    ``1.250,5`` is 1250.5 in a vi-VN export, ``250.000 đ`` a price of 250,000 VND) and are
    rewritten with a decimal point; a cell that could be read two ways (``1.250`` in a
    file that shows no decimal mark) is refused, naming it; anything else is kept as typed
    so the checks name it.
    """
    cells = read_cells(path)
    ragged = [p for p in cells.problems if p.code == "ragged_row"]
    if ragged:  # a decimal comma in a ',' file would shift the row's cells
        raise ValidationError(ragged[0].to_line(), ragged)
    rows = [r for r in cells.rows if any(c for c in r)]
    if not rows:
        raise InputReadError(f"{path}: the file is empty; it needs a header row and data rows")
    header = [_header(h) for h in rows[0]]
    width = len(header)
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    decimal = cells.decimal or "."
    ambiguous: list[Problem] = []
    for col in (c for c in _NUMBERS if c in frame.columns):
        readings = [
            read_number(
                v,
                decimal,
                money=is_money_name(col),
                proven=cells.decimal_proven,
                degrees=col in DEGREE_NAMES,
            )
            for v in frame[col]
        ]
        ambiguous += [
            Problem(r.reason, "ambiguous_number", path, i + 2, col, v)
            for i, (r, v) in enumerate(zip(readings, frame[col], strict=True))
            if r.ambiguous and r.reason
        ]
        frame[col] = [
            v if r.value is None else repr(r.value)
            for r, v in zip(readings, frame[col], strict=True)
        ]
    if ambiguous:
        raise ValidationError(ambiguous[0].to_line(), ambiguous)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        problems = [
            Problem(
                f"missing column '{c}'; the header needs {', '.join(required)}",
                code="missing_column",
                file=path,
                row=1,
                column=c,
            )
            for c in missing
        ]
        raise ValidationError(problems[0].to_line(), problems)
    return frame


def _header(cell: str) -> str:
    canonical = canonical_column(cell)
    return canonical if canonical in COLUMN_ALIASES else nfc_key(cell)


def _quantity(value: str, path: str, row: int, column: str, problems: list[Problem]) -> float:
    qty = _number(value)
    if not (np.isfinite(qty) and qty > 0):
        problems.append(
            Problem(
                f"'{value}' is not a positive number of t/yr; give tonnes per year, e.g. 120",
                code="bad_quantity",
                file=path,
                row=row,
                column=column,
                value=value,
            )
        )
        return float("nan")
    return float(qty)


def _enterprise_index(
    ent: pd.DataFrame, path: str, problems: list[Problem]
) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Index enterprises by NFC name and by folded name; warn about probable duplicates."""
    by_nfc: dict[str, int] = {}
    by_fold: dict[str, list[int]] = {}
    names_col = [str(n) for n in ent["name"]]
    for i, name in enumerate(names_col):
        by_nfc.setdefault(nfc_key(name), i)
        by_fold.setdefault(fold_key(name), []).append(i)
        for col in ("lat", "lon"):
            cell = str(ent[col].iat[i])
            if not np.isfinite(_number(cell)):
                problems.append(
                    Problem(
                        f"'{cell}' is not a coordinate; give decimal degrees (EPSG:4326)",
                        code="bad_coordinate",
                        file=path,
                        row=i + 2,
                        column=col,
                        value=cell,
                    )
                )
    for rows in by_fold.values():
        names = {nfc_key(names_col[i]) for i in rows}
        if len(rows) > 1:
            listed = " / ".join(f"row {i + 2} '{names_col[i]}'" for i in rows)
            kind = "differ only in tone marks or Unicode form" if len(names) > 1 else "repeat"
            problems.append(
                Problem(
                    f"probable duplicate enterprises ({kind}): {listed}; merge "
                    "them or make the names distinct",
                    code="probable_duplicate",
                    file=path,
                    row=rows[1] + 2,
                    column="name",
                    severity="warning",
                )
            )
    return by_nfc, by_fold


def _resolve(
    name: str,
    index: tuple[dict[str, int], dict[str, list[int]]],
    path: str,
    row: int,
    column: str,
    problems: list[Problem],
) -> int | None:
    by_nfc, by_fold = index
    if nfc_key(name) in by_nfc:
        return by_nfc[nfc_key(name)]
    folded = by_fold.get(fold_key(name), [])
    if len(folded) == 1:
        problems.append(
            Problem(
                f"'{name}' matched enterprise row {folded[0] + 2} only once tone "
                "marks were folded; check the spelling",
                code="folded_match",
                file=path,
                row=row,
                column=column,
                value=name,
                severity="warning",
            )
        )
        return folded[0]
    problems.append(
        Problem(
            f"firm '{name}' is not in the enterprise list; add it there "
            "(id,name,lat,lon) or correct the name",
            code="unknown_firm",
            file=path,
            row=row,
            column=column,
            value=name,
        )
    )
    return None


def pairs_from_workshop(
    offers_path: str,
    needs_path: str,
    enterprises_path: str,
) -> tuple[pd.DataFrame, dict[str, float], dict[str, float], list[Problem]]:
    """Build candidate pairs from a facilitator's tables (see :func:`workshop_inputs`).

    Parameters
    ----------
    offers_path
        CSV ``supplier_name, material, qty_t_per_year`` (t/yr; optional ``waste_code``,
        ``waste_class``, ``hazard_test``).
    needs_path
        CSV ``buyer_name, material, qty_t_per_year`` (t/yr; optional ``price_vnd_per_t``
        and ``processing_vnd_per_t``, VND/t).
    enterprises_path
        CSV ``id, name, lat, lon`` (EPSG:4326 degrees; optional ``isic4_class``,
        ``licensed_codes`` separated by ``;``).

    Returns
    -------
    tuple
        Pairs, supply limits and demand limits (t/yr), and the problems found (warnings
        only), as :func:`workshop_inputs` returns them without the material resolutions.

    Raises
    ------
    InputReadError
        A file is missing or is not a UTF-8 CSV.
    ValidationError
        Missing columns, bad quantities or coordinates, or firms not in the enterprise
        list; each problem names file, row and column.
    """
    pairs, supply_t, demand_t, problems, _ = workshop_inputs(
        offers_path, needs_path, enterprises_path
    )
    return pairs, supply_t, demand_t, problems


def workshop_inputs(
    offers_path: str,
    needs_path: str,
    enterprises_path: str,
) -> tuple[pd.DataFrame, dict[str, float], dict[str, float], list[Problem], pd.DataFrame]:
    """Build candidate pairs and the material resolutions from a facilitator's tables.

    Parameters
    ----------
    offers_path
        CSV ``supplier_name, material, qty_t_per_year`` (optional ``waste_code``,
        ``waste_class``, ``hazard_test``).
    needs_path
        CSV ``buyer_name, material, qty_t_per_year`` (optional ``price_vnd_per_t``: what
        the buyer saves per t against virgin input; ``processing_vnd_per_t``).
    enterprises_path
        CSV ``id, name, lat, lon`` (EPSG:4326; optional ``isic4_class``,
        ``licensed_codes`` separated by ``;``).

    Returns
    -------
    tuple
        Pairs, supply limits and demand limits (t/yr), the problems found (warnings only;
        errors raise), and one row per offer and need with its material's resolution
        (``table, row, firm, material, codes, waste_class, how, matched, group, note,
        suggestions``; ``suggestions`` lists the nearest catalogue names of an unresolved
        material, see :func:`eipgeo.symbiosis_materials.suggest_names`).

    Raises
    ------
    InputReadError
        A file is missing or is not a UTF-8 CSV.
    ValidationError
        Missing columns, bad quantities or coordinates, or firms not in the enterprise
        list; each problem names file, row and column.

    Notes
    -----
    Names are compared after NFC normalisation and case folding. Materials resolve by
    :func:`eipgeo.symbiosis_materials.resolve_material`; one that resolves to nothing
    keeps class ``unverified`` and is planned with :data:`eipgeo.symbiosis.UNVERIFIED_FLAG`
    (the contract: "kept as class unverified, not rejected"). An offer and a need pair up
    when their materials resolve to the same catalogue group or the same codes, or when
    their texts are equal with tone marks folded and their codes do not conflict (one side
    has none, or they share one); the pair then takes the resolution of the side with a
    code (the ``waste_code`` column first), so an unresolved offer paired with a need coded
    hazardous is checked as hazardous.
    A receiver's permit is its ``licensed_codes``; none given means none held. Distances
    are great-circle x ``circuity_factor`` (``estimate_circuity``).
    """
    ent = _read_table(enterprises_path, ["id", "name", "lat", "lon"])
    offers = _read_table(offers_path, ["supplier_name", "material", "qty_t_per_year"])
    needs = _read_table(needs_path, ["buyer_name", "material", "qty_t_per_year"])
    problems: list[Problem] = []
    index = _enterprise_index(ent, enterprises_path, problems)
    sup = _workshop_side(offers, "supplier_name", offers_path, index, problems)
    dem = _workshop_side(needs, "buyer_name", needs_path, index, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(errors[0].to_line(), problems)
    pairs = _workshop_pairs(sup, dem, ent)
    supply_t = {f"offer{r.row}": r.qty for r in sup}
    demand_t = {f"need{r.row}": r.qty for r in dem}
    for r in sup:
        if r.res.how == "unresolved":
            problems.append(
                Problem(
                    f"material '{r.material}' resolved to no waste code: kept "
                    f"as {UNVERIFIED_FLAG}; {_suggestion_text(r.material)}",
                    code="class_unverified",
                    file=offers_path,
                    row=r.row,
                    column="material",
                    value=r.material,
                    severity="warning",
                )
            )
    materials = pd.DataFrame(
        [_resolution_row("offers", r, ent) for r in sup]
        + [_resolution_row("needs", r, ent) for r in dem],
        columns=[
            "table",
            "row",
            "firm",
            "material",
            "codes",
            "waste_class",
            "how",
            "matched",
            "group",
            "note",
            "suggestions",
            "links",
            "evidence",
            "receiver_processes",
        ],
    )
    return pairs, supply_t, demand_t, problems, materials


def _suggestion_text(material: str) -> str:
    near = suggest_names(material)
    if not near:
        return "no catalogue name is close; give its waste_code"
    return "nearest catalogue names: " + ", ".join(near) + " (give the right waste_code)"


def _resolution_row(table: str, r: _Entry, ent: pd.DataFrame) -> dict[str, object]:
    return {
        "table": table,
        "row": r.row,
        "firm": str(ent.at[r.firm, "name"]),
        "material": r.material,
        "codes": r.res.code,
        "waste_class": r.res.waste_class,
        "how": r.res.how,
        "matched": r.res.matched,
        "group": r.res.group,
        "note": r.res.note,
        "suggestions": "; ".join(suggest_names(r.material)) if r.res.how == "unresolved" else "",
        **_catalogue_match(r),
    }


def _catalogue_match(r: _Entry) -> dict[str, str]:
    """Say which catalogue links, evidence levels and receiver processes a material matched."""
    codes = [c for c in str(r.res.code or "").split(";") if c.strip()]
    found = [links_for_material(r.material, c) for c in codes] or [links_for_material(r.material)]
    links = pd.concat(found).drop_duplicates("link_id") if found else pd.DataFrame()
    if links.empty:
        return {"links": "", "evidence": "", "receiver_processes": ""}
    return {
        "links": ";".join(links.link_id.astype(str)),
        "evidence": ";".join(sorted(set(links.evidence.astype(str)))),
        "receiver_processes": ";".join(
            sorted({p for cell in links.process_id.astype(str) for p in cell.split(";") if p})
        ),
    }


@dataclass(frozen=True)
class _Entry:
    """One resolved offer or need row."""

    row: int
    firm: int
    qty: float
    material: str
    res: Resolution
    hazard_test: bool
    price: float
    processing: float


def _number(value: object) -> float:
    out = pd.to_numeric(pd.Series([str(value)]), errors="coerce").iloc[0]
    return float(out)


def _workshop_side(
    frame: pd.DataFrame,
    name_col: str,
    path: str,
    index: tuple[dict[str, int], dict[str, list[int]]],
    problems: list[Problem],
) -> list[_Entry]:
    entries = []
    for i, rec in enumerate(frame.to_dict("records")):
        row = i + 2
        firm = _resolve(str(rec[name_col]), index, path, row, name_col, problems)
        qty = _quantity(str(rec["qty_t_per_year"]), path, row, "qty_t_per_year", problems)
        material = str(rec["material"])
        res = resolve_material(
            material, str(rec.get("waste_code", "")), str(rec.get("waste_class", ""))
        )
        if firm is None:
            continue
        entries.append(
            _Entry(
                row=row,
                firm=firm,
                qty=qty,
                material=material,
                res=res,
                hazard_test=nfc_key(rec.get("hazard_test", "")) in _TRUE,
                price=_number(rec.get("price_vnd_per_t", "")),
                processing=_number(rec.get("processing_vnd_per_t", "")),
            )
        )
    return entries


def _workshop_pairs(sup: list[_Entry], dem: list[_Entry], ent: pd.DataFrame) -> pd.DataFrame:
    circuity = coefficients.get("circuity_factor").value
    lon = pd.to_numeric(ent["lon"]).to_numpy(dtype=float)
    lat = pd.to_numeric(ent["lat"]).to_numpy(dtype=float)
    isic = ent.get("isic4_class", pd.Series("", index=ent.index)).astype(str)
    licensed = ent.get("licensed_codes", pd.Series("", index=ent.index)).astype(str)
    rows = []
    for s in sup:
        for d in dem:
            paired = _pair_resolution(s, d)
            if paired is None or s.firm == d.firm:
                continue
            res, how = paired
            link = _best_link(res.links, str(isic.iat[d.firm]))
            km_m = (
                float(network.haversine_m(lon[s.firm], lat[s.firm], lon[d.firm], lat[d.firm]))
                * circuity
            )
            rows.append(
                {
                    "supply_key": f"offer{s.row}",
                    "demand_key": f"need{d.row}",
                    "supplier_id": str(ent.at[s.firm, "id"]),
                    "supplier_name": ent.at[s.firm, "name"],
                    "receiver_id": str(ent.at[d.firm, "id"]),
                    "receiver_name": ent.at[d.firm, "name"],
                    "stream": s.material,
                    "material": res.group,
                    "waste_code": res.code,
                    "waste_class": res.waste_class,
                    "material_resolution": describe(res)
                    + (f" ({res.note})" if res.note else "")
                    + how,
                    "demand_status": f"workshop need: {d.qty:g} t/yr (needs row {d.row})",
                    "link_id": "" if link is None else link.link_id,
                    "receiver_process": "" if link is None else link.receiver_process,
                    "supply_t_per_yr": s.qty,
                    "demand_t_per_yr": d.qty,
                    "distance_m": km_m,
                    "distance_source": "estimate_circuity",
                    "receiver_licensed": {normalise_code(c) for c in _split(licensed.iat[d.firm])},
                    "receiver_accepts_hazardous": False,
                    "hazard_test": s.hazard_test,
                    "price_vnd_per_t": float(d.price),
                    "processing_vnd_per_t": float(d.processing),
                    "source_url": "" if link is None else link.url,
                    "supplier_lon": lon[s.firm],
                    "supplier_lat": lat[s.firm],
                    "receiver_lon": lon[d.firm],
                    "receiver_lat": lat[d.firm],
                }
            )
    return pd.DataFrame(rows)


def _pair_resolution(s: _Entry, d: _Entry) -> tuple[Resolution, str] | None:
    """Return the resolution an offer and a need share and how they paired (None: no pair).

    Same group or same codes: the offer's. Same text (tone marks folded) with codes that do
    not conflict: the side with a code, preferring a ``waste_code`` column over a name.
    """
    if s.res.group == d.res.group or (s.res.codes and s.res.codes == d.res.codes):
        return s.res, ""
    if fold_key(s.material) != fold_key(d.material):
        return None
    a, b = set(s.res.codes), set(d.res.codes)
    if a and b and not a & b:
        return None
    given = [r for r in (s.res, d.res) if r.how == "waste_code column"]
    with_code = [r for r in (s.res, d.res) if r.codes]
    res = (given or with_code or [s.res])[0]
    side = "offer" if res is s.res else f"need row {d.row}"
    return res, (
        f"; paired by the same text '{fold_key(s.material)}' with needs row "
        f"{d.row}; code and class from the {side}"
    )


def _best_link(links: pd.DataFrame, isic: str) -> pd.Series | None:
    if links.empty:
        return None
    fits = links[links.receiver_isic4.apply(lambda c: isic.strip() in _split(c))]
    return (fits if len(fits) else links).iloc[0]


def symbiosis_from_workshop(
    offers_path: str, needs_path: str, enterprises_path: str, *, objective: str = "auto"
) -> SymbiosisResult:
    """Plan exchanges from a workshop's offers and needs (see :func:`pairs_from_workshop`).

    Parameters
    ----------
    offers_path
        CSV ``supplier_name, material, qty_t_per_year`` (t/yr; optional ``waste_code``,
        ``waste_class``, ``hazard_test``).
    needs_path
        CSV ``buyer_name, material, qty_t_per_year`` (t/yr; optional ``price_vnd_per_t``
        and ``processing_vnd_per_t``, VND/t).
    enterprises_path
        CSV ``id, name, lat, lon`` (EPSG:4326 degrees; optional ``isic4_class``,
        ``licensed_codes`` separated by ``;``).
    objective
        What the plan maximises, one of :data:`eipgeo.symbiosis.plan.OBJECTIVES`; default
        ``auto`` (``vnd`` when every feasible net value is known, else ``t``).

    Returns
    -------
    SymbiosisResult
        The plan (:func:`eipgeo.symbiosis.plan.plan_symbiosis`), with the materials'
        resolutions; an empty plan is not an error.

    Raises
    ------
    InputReadError
        A file is missing or is not a UTF-8 CSV.
    ValidationError
        Missing columns, bad quantities or coordinates, or firms not in the enterprise
        list; each problem names file, row and column.
    UsageError
        ``objective`` is not a known objective.
    """
    pairs, supply_t, demand_t, problems, materials = workshop_inputs(
        offers_path, needs_path, enterprises_path
    )
    return plan_symbiosis(
        pairs, supply_t, demand_t, objective=objective, problems=problems, materials=materials
    )
