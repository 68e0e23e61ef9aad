"""Read and check the inputs of ``eipgeo route``: sites table, fleet JSON, distance matrix.

Each problem names the file, the row as a spreadsheet shows it (header = 1), the column
and the value, and says how to fix it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eipgeo._errors import InputReadError, Problem, ValidationError
from eipgeo.routing.model import VehicleType

CLASSES = ("ordinary", "controlled", "domestic", "hazardous")


@dataclass
class Fleet:
    """The fleet JSON: garage, vehicle types, disposal sites and unload time (s)."""

    depot: str
    vehicles: list[VehicleType]
    disposal_sites: list[str] = field(default_factory=list)
    unload_time_s: float = 0.0
    speed_kph: float | None = None


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError("; ".join(p.to_line() for p in problems[:5]), problems)


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV or Excel table as text cells (exit 2 when unreadable)."""
    if not path.is_file():
        raise InputReadError(f"{path}: no such file; give the sites table (CSV or .xlsx)")
    try:
        if path.suffix.lower() in {".xlsx", ".xls"}:
            return pd.read_excel(path, dtype=str).fillna("")
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise InputReadError(f"{path}: cannot be read as a table ({exc}); save it as UTF-8 CSV",
                             [Problem(f"cannot be read as a table: {exc}", file=str(path),
                                      code="unreadable")]) from exc


def _number(text: str, path: Path, row: int, column: str, problems: list[Problem],
            *, unit: str) -> float:
    try:
        value = float(str(text).replace(",", "")) if str(text).strip() else 0.0
    except ValueError:
        value = float("nan")
    if not np.isfinite(value) or value < 0:
        problems.append(Problem(f"'{text}' is not a quantity in {unit}; give a number ≥ 0",
                                file=str(path), row=row, column=column, value=text,
                                code="bad_quantity"))
        return 0.0
    return value


def _coord(text: str, path: Path, row: int, column: str, problems: list[Problem],
           limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not abs(value) <= limit:
        problems.append(Problem(f"'{text}' is not a coordinate in degrees (EPSG:4326, within "
                                f"±{limit:g})", file=str(path), row=row, column=column,
                                value=text, code="bad_coordinate"))
        return 0.0
    return value


def _clock_s(text: str, path: Path, row: int, column: str, problems: list[Problem]) -> float:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(text))
    if match is None or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        problems.append(Problem(f"'{text}' is not a time; write HH:MM, e.g. 07:30",
                                file=str(path), row=row, column=column, value=text,
                                code="bad_time"))
        return 0.0
    return int(match.group(1)) * 3600 + int(match.group(2)) * 60


def read_sites(path: Path) -> pd.DataFrame:
    """Read the sites table: ``site_id`` (or ``id``), optional ``role``, ``waste_kg``/``waste_t``.

    Optional columns: ``waste_class`` (ordinary, controlled, domestic, hazardous;
    default ordinary), ``lat``/``lon`` (EPSG:4326), ``open``/``close`` gate hours
    (``HH:MM``), ``service_s`` (loading time, s), ``name``.

    Returns
    -------
    pandas.DataFrame
        ``site_id``, ``role``, ``waste_kg``, ``waste_class``, ``open_s``, ``close_s``,
        ``service_s`` and, when given, ``lat``, ``lon``, ``name``.

    Raises
    ------
    InputReadError
        Unreadable file, or no id or quantity column (exit 2).
    ValidationError
        Bad cells, each named by file, row, column and value.
    """
    raw = read_table(path)
    cols = {c.strip().lower(): c for c in raw.columns}
    id_col = cols.get("site_id") or cols.get("id")
    qty_col = cols.get("waste_kg") or cols.get("waste_t")
    if id_col is None or qty_col is None:
        missing = "site_id (or id)" if id_col is None else "waste_kg (or waste_t)"
        raise InputReadError(f"{path}: no {missing} column; add it to the header row",
                             [Problem(f"no {missing} column; add it to the header row",
                                      file=str(path), row=1, code="missing_column")])
    factor = 1000.0 if qty_col.strip().lower() == "waste_t" else 1.0
    problems: list[Problem] = []
    rows = []
    seen: set[str] = set()
    for i, rec in enumerate(raw.to_dict("records")):
        row = i + 2
        sid = str(rec[id_col]).strip()
        if not sid or sid in seen:
            problems.append(Problem(f"site id '{sid}' is {'empty' if not sid else 'repeated'}; "
                                    "give each site its own id", file=str(path), row=row,
                                    column=id_col, value=sid, code="bad_id"))
        seen.add(sid)
        rows.append(_site_row(rec, cols, sid, row, path, qty_col, factor, problems))
    _raise(problems)
    return pd.DataFrame(rows)


def _site_row(rec: dict[Any, Any], cols: dict[str, str], sid: str, row: int, path: Path,
              qty_col: str, factor: float, problems: list[Problem]) -> dict[str, Any]:
    def cell(name: str) -> str:
        return str(rec[cols[name]]).strip() if name in cols else ""

    role = cell("role").lower() or "client"
    if role not in {"client", "depot"}:
        problems.append(Problem(f"role '{role}' is not depot or client", file=str(path),
                                row=row, column=cols["role"], value=role, code="bad_role"))
    cls = cell("waste_class").lower() or "ordinary"
    if cls not in CLASSES:
        problems.append(Problem(f"waste_class '{cls}' is not one of {', '.join(CLASSES)}",
                                file=str(path), row=row, column=cols["waste_class"], value=cls,
                                code="bad_class"))
    out: dict[str, Any] = {
        "site_id": sid, "role": role, "waste_class": cls, "name": cell("name") or sid,
        "waste_kg": _number(rec[qty_col], path, row, qty_col, problems, unit="kg") * factor,
        "service_s": _number(cell("service_s"), path, row, "service_s", problems, unit="s"),
        "open_s": _clock_s(cell("open"), path, row, cols["open"], problems)
        if cell("open") else 0.0,
        "close_s": _clock_s(cell("close"), path, row, cols["close"], problems)
        if cell("close") else float("inf"),
    }
    if "lat" in cols and "lon" in cols and cell("lat") and cell("lon"):
        out["lat"] = _coord(cell("lat"), path, row, cols["lat"], problems, 90.0)
        out["lon"] = _coord(cell("lon"), path, row, cols["lon"], problems, 180.0)
    return out


def read_fleet(path: Path) -> Fleet:
    """Read the fleet JSON of ``CONTRACT.md``.

    Raises
    ------
    InputReadError
        Missing or malformed JSON (exit 2).
    ValidationError
        A vehicle without id or a positive ``capacity_kg``, naming it.
    """
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputReadError(f"{path}: cannot be read as JSON ({exc}); fix the file",
                             [Problem(f"cannot be read as JSON: {exc}", file=str(path),
                                      code="unreadable")]) from exc
    if not isinstance(spec, dict) or "depot" not in spec or not spec.get("vehicles"):
        raise InputReadError(f"{path}: needs 'depot' and a non-empty 'vehicles' list",
                             [Problem("needs 'depot' and a non-empty 'vehicles' list",
                                      file=str(path), code="bad_fleet")])
    problems: list[Problem] = []
    vehicles = [v for k, s in enumerate(spec["vehicles"])
                if (v := _vehicle(s, k, path, problems)) is not None]
    _raise(problems)
    return Fleet(depot=str(spec["depot"]), vehicles=vehicles,
                 disposal_sites=[str(s) for s in spec.get("disposal_sites", [])],
                 unload_time_s=float(spec.get("unload_time_s", 0)),
                 speed_kph=float(spec["speed_kph"]) if spec.get("speed_kph") else None)


def _vehicle(spec: Any, k: int, path: Path, problems: list[Problem]) -> VehicleType | None:
    where = f"vehicles[{k}]"
    try:
        cap = int(spec["capacity_kg"])
        if cap <= 0:
            raise ValueError(cap)
        shift = spec.get("shift_duration_s")
        return VehicleType(
            str(spec["id"]), cap, int(spec.get("num_available", 1)),
            tuple(spec.get("allowed_classes", ["ordinary", "domestic"])),
            int(spec.get("fixed_cost_vnd", 0)), int(spec.get("cost_per_km_vnd", 0)),
            None if shift is None else int(shift), spec.get("vehicle_class"))
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(Problem(f"needs an id and capacity_kg > 0 (and numbers for "
                                f"the optional keys); got {spec!r}", file=str(path),
                                column=where, value=str(exc), code="bad_vehicle"))
        return None


def read_matrix(path: Path, ids: list[str], unit: str) -> NDArray[np.float64]:
    r"""Read a square ``from\to`` CSV matrix and return it in metres, in ``ids`` order.

    Empty cells are ``inf`` (unreachable). ``unit`` is ``m`` or ``km``.

    Raises
    ------
    InputReadError
        Unreadable or not square (exit 2).
    ValidationError
        A site missing from the matrix, or a bad cell, named by row and column.
    """
    raw = read_table(path)
    if raw.shape[1] != raw.shape[0] + 1 or list(raw.iloc[:, 0]) != list(raw.columns[1:]):
        raise InputReadError(f"{path}: not a square matrix with the same ids in the header "
                             "and the first column", [Problem("not a square matrix",
                                                              file=str(path), code="bad_matrix")])
    labels = [str(c) for c in raw.columns[1:]]
    problems = [Problem(f"site {s} is not in the matrix; add its row and column",
                        file=str(path), value=s, code="missing_site")
                for s in ids if s not in labels]
    values = np.full((len(labels), len(labels)), np.inf)
    for r, rec in enumerate(raw.itertuples(index=False)):
        for c, text in enumerate(rec[1:]):
            if str(text).strip():
                values[r, c] = _number(str(text), path, r + 2, labels[c], problems, unit=unit)
    _raise(problems)
    order = [labels.index(s) for s in ids]
    scale = 1000.0 if unit == "km" else 1.0
    return values[np.ix_(order, order)] * scale
