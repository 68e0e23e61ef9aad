"""Read and check the inputs of ``eipgeo route``: sites table, fleet JSON, distance matrix.

The tables go through the one table reader (:mod:`eipgeo.io.tables`): any encoding,
separator and decimal mark, XLSX too.

Each problem names the file, the row as a spreadsheet shows it (header = 1), the column
and the value, and says how to fix it.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pydantic import ValidationError as PydanticError

from eipgeo._errors import InputReadError, Problem, ValidationError
from eipgeo.io.checks import name_rows
from eipgeo.io.country import point_problem
from eipgeo.io.numbers import LiteralFloat, numbers_in_tree, read_number
from eipgeo.io.tables import Table, read_cells, read_table
from eipgeo.parks import BreakSpec, VehicleSpec
from eipgeo.routing.model import VehicleType, clock_s, window_s

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


def _quantity(
    value: object,
    raw: str,
    path: Path,
    row: int,
    column: str,
    problems: list[Problem],
    *,
    unit: str,
) -> float:
    """Return a parsed quantity (blank = 0), or 0 with a problem when negative or not finite."""
    if not raw:
        return 0.0
    number = float(value) if isinstance(value, (int, float)) else float("nan")
    if not np.isfinite(number) or number < 0:
        problems.append(
            Problem(
                f"'{raw}' is not a quantity in {unit}; give a number ≥ 0",
                file=str(path),
                row=row,
                column=column,
                value=raw,
                code="bad_quantity",
            )
        )
        return 0.0
    return number


def _coord(
    value: object,
    text: str,
    path: Path,
    row: int,
    column: str,
    problems: list[Problem],
    limit: float,
) -> float:
    value = float(value) if isinstance(value, (int, float)) else float("nan")
    if not abs(value) <= limit:
        problems.append(
            Problem(
                f"'{text}' is not a coordinate in degrees (EPSG:4326, within ±{limit:g})",
                file=str(path),
                row=row,
                column=column,
                value=text,
                code="bad_coordinate",
            )
        )
        return 0.0
    return value


def _window(
    opens: str, closes: str, path: Path, row: int, columns: tuple[str, str], problems: list[Problem]
) -> tuple[float, float]:
    """Return gate hours ``(open_s, close_s)`` (blank = 0 / no close) or a problem."""
    try:
        if opens and closes:
            return window_s(opens, closes)
        lo = clock_s(opens) if opens else 0.0
        return lo, clock_s(closes) if closes else float("inf")
    except ValueError as exc:
        bad = 1 if closes and (not opens or _is_clock(opens)) else 0
        problems.append(
            Problem(
                str(exc),
                file=str(path),
                row=row,
                column=columns[bad],
                value=closes if bad else opens,
                code="bad_time",
            )
        )
        return 0.0, float("inf")


def _is_clock(text: str) -> bool:
    try:
        clock_s(text)
    except ValueError:
        return False
    return True


def read_sites(path: Path) -> pd.DataFrame:
    """Read the sites table: ``site_id`` (or ``id``), optional ``role``, ``waste_kg``/``waste_t``.

    Read by the one table reader (:func:`eipgeo.io.tables.read_table`): any encoding,
    separator and decimal mark (``0,5`` t is 500 kg in a vi-VN export), XLSX too.
    Optional columns: ``waste_class`` (ordinary, controlled, domestic, hazardous;
    default ordinary), ``lat``/``lon`` (EPSG:4326), ``open``/``close`` gate hours
    (``HH:MM``; a close before the open, e.g. 22:00-06:00, is the next morning, so
    ``close_s`` is then past 86,400 s; over 12 h read so is refused as likely swapped,
    unless the close says ``+1d``: :func:`eipgeo.routing.model.window_s`), ``service_s``
    (loading time per stop, s), ``unload_s`` (unload time at a disposal site, s; blank =
    the fleet's ``unload_time_s``), ``name``.

    Parameters
    ----------
    path
        CSV or XLSX file.

    Returns
    -------
    pandas.DataFrame
        ``site_id``, ``role``, ``waste_kg``, ``waste_class``, ``open_s``, ``close_s``,
        ``service_s``, ``unload_s`` (NaN = not given) and, when given, ``lat``, ``lon``,
        ``name``; ``attrs["warnings"]`` holds what reading warned of, one line each
        (e.g. the sheet read of several).

    Raises
    ------
    InputReadError
        Unreadable file, or no id or quantity column (exit 2).
    ValidationError
        Bad cells, each named by file, row, column and value.
    """
    if not Path(path).is_file():
        raise InputReadError(f"{path}: no such file; give the sites table (CSV or .xlsx)")
    table = read_table(path)
    frame = table.frame
    headers = dict(frame.attrs.get("headers", {}))
    qty_col = (
        "waste_kg"
        if "waste_kg" in frame.columns
        else "waste_t"
        if "waste_t" in frame.columns
        else None
    )
    if "id" not in frame.columns or qty_col is None:
        missing = "site_id (or id)" if "id" not in frame.columns else "waste_kg (or waste_t)"
        raise InputReadError(
            f"{path}: no {missing} column; add it to the header row",
            [
                Problem(
                    f"no {missing} column; add it to the header row",
                    file=str(path),
                    row=1,
                    code="missing_column",
                )
            ],
        )
    problems: list[Problem] = [p for p in table.problems if p.severity == "error"]
    factor = 1000.0 if qty_col == "waste_t" else 1.0
    rows = []
    seen: set[str] = set()
    for label, rec in frame.iterrows():
        row = int(str(label))  # the spreadsheet row (header = 1)
        sid = str(rec["id"]).strip()
        if not sid or sid in seen:
            problems.append(
                Problem(
                    f"site id '{sid}' is {'empty' if not sid else 'repeated'}; "
                    "give each site its own id",
                    file=str(path),
                    row=row,
                    column=headers.get("id", "id"),
                    value=sid,
                    code="bad_id",
                )
            )
        seen.add(sid)
        rows.append(_site_row(table, rec, sid, row, qty_col, factor, problems))
    _raise(name_rows(problems, table))
    sites = pd.DataFrame(rows)
    warned = [p for p in table.problems if p.severity == "warning"]
    sites.attrs["warnings"] = [p.to_line() for p in name_rows(warned, table)]
    return sites


def _site_row(
    table: Table,
    rec: pd.Series,
    sid: str,
    row: int,
    qty_col: str,
    factor: float,
    problems: list[Problem],
) -> dict[str, Any]:
    path, headers = Path(table.file), dict(table.frame.attrs.get("headers", {}))

    def cell(name: str) -> str:
        value = rec.get(name, "")
        return (
            ""
            if value is None or (isinstance(value, float) and np.isnan(value))
            else str(value).strip()
        )

    def raw(name: str) -> str:
        return str(table.raw[name].get(row, "")) if name in table.raw else cell(name)

    role = cell("role").lower() or "client"
    if role not in {"client", "depot"}:
        problems.append(
            Problem(
                f"role '{role}' is not depot or client",
                file=str(path),
                row=row,
                column=headers.get("role", "role"),
                value=role,
                code="bad_role",
            )
        )
    cls = cell("waste_class").lower() or "ordinary"
    if cls not in CLASSES:
        problems.append(
            Problem(
                f"waste_class '{cls}' is not one of {', '.join(CLASSES)}",
                file=str(path),
                row=row,
                column=headers.get("waste_class", "waste_class"),
                value=cls,
                code="bad_class",
            )
        )
    qty = _quantity(
        rec.get(qty_col),
        raw(qty_col),
        path,
        row,
        headers.get(qty_col, qty_col),
        problems,
        unit="t" if qty_col == "waste_t" else "kg",
    )
    service = _quantity(
        rec.get("service_s"),
        raw("service_s"),
        path,
        row,
        headers.get("service_s", "service_s"),
        problems,
        unit="s",
    )
    unload = (
        _quantity(
            rec.get("unload_s"),
            raw("unload_s"),
            path,
            row,
            headers.get("unload_s", "unload_s"),
            problems,
            unit="s",
        )
        if raw("unload_s")
        else float("nan")
    )
    if raw("unload_s") and role == "client":
        problems.append(
            Problem(
                f"{sid}: unload_s applies to a disposal site (a depot row named in "
                "disposal_sites), not to a client; give a client's time as service_s and "
                "leave its unload_s blank",
                file=str(path),
                row=row,
                column=headers.get("unload_s", "unload_s"),
                value=raw("unload_s"),
                code="unload_on_client",
            )
        )
    opens, closes = _window(
        cell("open"),
        cell("close"),
        path,
        row,
        (headers.get("open", "open"), headers.get("close", "close")),
        problems,
    )
    out: dict[str, Any] = {
        "site_id": sid,
        "role": role,
        "waste_class": cls,
        "name": cell("name") or sid,
        "waste_kg": qty * factor,
        "service_s": service,
        "unload_s": unload,
        "open_s": opens,
        "close_s": closes,
    }
    if raw("lat") and raw("lon"):
        before = len(problems)
        out["lat"] = _coord(
            rec.get("lat"), raw("lat"), path, row, headers.get("lat", "lat"), problems, 90.0
        )
        out["lon"] = _coord(
            rec.get("lon"), raw("lon"), path, row, headers.get("lon", "lon"), problems, 180.0
        )
        outside = point_problem(out["lat"], out["lon"]) if len(problems) == before else None
        if outside is not None:
            problems.append(
                Problem(
                    outside,
                    file=str(path),
                    row=row,
                    column=headers.get("lat", "lat"),
                    value=f"{out['lat']}, {out['lon']}",
                    code="outside_vietnam",
                )
            )
    return out


def read_fleet(path: Path) -> Fleet:
    """Read the fleet JSON of ``CONTRACT.md``.

    Parameters
    ----------
    path
        UTF-8 JSON object with ``depot`` (site id), a non-empty ``vehicles`` list and,
        optionally, ``disposal_sites`` (site ids), ``unload_time_s`` (s) and
        ``speed_kph`` (km/h). A vehicle has the keys of
        :class:`eipgeo.parks.VehicleSpec`: ``id``, ``capacity_kg`` and optionally
        ``route_capacity_kg``, ``max_stops``, ``shift`` (``HH:MM-HH:MM``), ``break``
        (``{"duration_s": 3600, "window": "11:00-12:00"}``) and the cost and class keys.

    Returns
    -------
    Fleet
        ``unload_time_s`` 0 and ``speed_kph`` ``None`` when not given.

    Raises
    ------
    InputReadError
        Missing or malformed JSON (exit 2).
    ValidationError
        An unknown key (with the nearest known one), a vehicle without id or a positive
        ``capacity_kg``, a bad shift or break window, or a break not shorter than the
        shift, naming the vehicle and key.
    """
    spec = read_json_tree(path)
    if not isinstance(spec, dict) or "depot" not in spec or not spec.get("vehicles"):
        raise InputReadError(
            f"{path}: needs 'depot' and a non-empty 'vehicles' list",
            [
                Problem(
                    "needs 'depot' and a non-empty 'vehicles' list",
                    file=str(path),
                    code="bad_fleet",
                )
            ],
        )
    if not isinstance(spec["vehicles"], list):
        raise InputReadError(
            f"{path}: 'vehicles' must be a list of vehicles ([{{...}}, ...])",
            [Problem("'vehicles' is not a list", file=str(path), code="bad_fleet")],
        )
    spec, refused = numbers_in_tree(spec)
    problems: list[Problem] = [
        Problem(
            t.message,
            file=str(path),
            column=_json_path(t.path),
            value=t.value,
            code=t.code,
        )
        for t in refused
    ]
    problems += _fleet_top_level(spec, path)
    _raise(problems)
    vehicles = [
        v
        for k, s in enumerate(spec["vehicles"])
        if (v := _vehicle(s, k, path, problems)) is not None
    ]
    _raise(problems)
    return Fleet(
        depot=str(spec["depot"]),
        vehicles=vehicles,
        disposal_sites=[str(s) for s in spec.get("disposal_sites") or []],
        unload_time_s=float(spec.get("unload_time_s") or 0),
        speed_kph=float(spec["speed_kph"]) if spec.get("speed_kph") else None,
    )


def _json_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


FLEET_KEYS = ("depot", "disposal_sites", "speed_kph", "unload_time_s", "vehicles")
"""The top-level keys of the fleet JSON."""


def _fleet_top_level(spec: dict[str, Any], path: Path) -> list[Problem]:
    """Check the fleet's top-level keys: known ones, numbers where numbers go, lists of ids."""
    problems = []
    for key in spec:
        if key not in FLEET_KEYS:
            near = difflib.get_close_matches(str(key), FLEET_KEYS, n=1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            problems.append(
                Problem(
                    f"unknown key '{key}'; {hint}the fleet takes {', '.join(FLEET_KEYS)}",
                    file=str(path),
                    column=str(key),
                    value=str(key),
                    code="bad_fleet",
                )
            )
    for key, low in (("unload_time_s", 0.0), ("speed_kph", 0.0)):
        value = spec.get(key)
        if value is None:
            continue
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or not np.isfinite(value) or value < low or (key == "speed_kph" and value == 0):
            problems.append(
                Problem(
                    f"{key} is {value!r}; give a number "
                    + ("> 0 (km/h)" if key == "speed_kph" else "≥ 0 (s)"),
                    file=str(path),
                    column=key,
                    value=str(value),
                    code="bad_fleet",
                )
            )
    sites = spec.get("disposal_sites")
    if sites is not None and not (
        isinstance(sites, list) and all(isinstance(s, (str, int)) for s in sites)
    ):
        problems.append(
            Problem(
                'disposal_sites must be a list of site ids, e.g. ["D1"]',
                file=str(path),
                column="disposal_sites",
                value=str(sites)[:60],
                code="bad_fleet",
            )
        )
    if not isinstance(spec["depot"], (str, int)) or isinstance(spec["depot"], bool):
        problems.append(
            Problem(
                'depot must be a site id, e.g. "G"',
                file=str(path),
                column="depot",
                value=str(spec["depot"])[:60],
                code="bad_fleet",
            )
        )
    return problems


def read_json_tree(path: Path) -> Any:
    """Read a JSON file, keeping each number's literal and refusing repeated keys.

    Parameters
    ----------
    path
        A UTF-8 (or UTF-8 with BOM) JSON file.

    Returns
    -------
    object
        The parsed tree; floats are :class:`eipgeo.io.numbers.LiteralFloat` (they keep
        their text, for :func:`eipgeo.io.numbers.numbers_in_tree`).

    Raises
    ------
    InputReadError
        Missing, not UTF-8 or not JSON (naming the line and column), or an object with
        a key given twice (the second would silently replace the first).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputReadError(
            f"{path}: cannot be read as UTF-8 JSON ({exc}); save it as UTF-8",
            [Problem(f"cannot be read: {exc}", file=str(path), code="unreadable")],
        ) from None
    repeated: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                repeated.append(key)
            out[key] = value
        return out

    try:
        tree = json.loads(
            text, parse_float=lambda t: LiteralFloat(float(t), t), object_pairs_hook=pairs
        )
    except (ValueError, RecursionError) as exc:
        where = (
            f"{path}:{exc.lineno}:{exc.colno}" if isinstance(exc, json.JSONDecodeError) else path
        )
        raise InputReadError(
            f"{where}: not valid JSON ({getattr(exc, 'msg', exc)}); fix the file there",
            [Problem(f"not valid JSON: {exc}", file=str(path), code="unreadable")],
        ) from None
    if repeated:
        msg = (
            f"key '{repeated[0]}' is given twice in one object; the second would silently "
            "replace the first: keep one"
        )
        raise InputReadError(
            f"{path}: {msg}",
            [Problem(msg, file=str(path), column=repeated[0], code="duplicate_key")],
        )
    return tree


VEHICLE_KEYS = tuple(sorted({f.alias or k for k, f in VehicleSpec.model_fields.items()}))
"""The keys a vehicle of the fleet JSON may have."""

BREAK_KEYS = tuple(sorted(BreakSpec.model_fields))
"""The keys of a vehicle's ``break`` block in the fleet JSON."""


def _unknown_key(loc: tuple[str | int, ...], allowed: dict[str, list[str]]) -> str:
    """Say which key is unknown, in the vehicle or in its ``break``, and the nearest valid one.

    ``allowed`` is filled with the keys the vehicle's ``break`` lacks (``loc`` under
    ``break``), so the "missing" error those same keys cause can be left out.
    """
    key = str(loc[-1])
    if len(loc) == 2 and loc[0] == "break":
        near = difflib.get_close_matches(key, BREAK_KEYS, n=1)
        hint = f"did you mean '{near[0]}'? " if near else ""
        allowed.setdefault("break", []).extend(near)
        return (
            f"unknown key '{key}' inside 'break'; {hint}a break takes "
            f"{', '.join(BREAK_KEYS)} (e.g. duration_s 1800 and window 11:00-12:00)"
        )
    name = ".".join(str(p) for p in loc)
    near = difflib.get_close_matches(name, VEHICLE_KEYS, n=1)
    hint = f"did you mean '{near[0]}'? " if near else ""
    return f"unknown key '{name}'; {hint}a vehicle takes {', '.join(VEHICLE_KEYS)}"


def _vehicle(spec: Any, k: int, path: Path, problems: list[Problem]) -> VehicleType | None:
    """Validate one vehicle of the fleet JSON as :class:`eipgeo.parks.VehicleSpec`."""
    try:
        return VehicleSpec.model_validate(spec).to_vehicle_type()
    except PydanticError as exc:
        name = spec.get("id") if isinstance(spec, dict) else None
        who = f"vehicle {name!r}" if name else f"vehicles[{k}]"
        errors = exc.errors()
        guessed: dict[str, list[str]] = {}
        messages = {
            n: _unknown_key(tuple(e["loc"]), guessed)
            for n, e in enumerate(errors)
            if e["type"] == "extra_forbidden"
        }
        for n, err in enumerate(errors):
            loc = tuple(err["loc"])
            key = ".".join(str(p) for p in loc)
            msg = str(err["msg"]).removeprefix("Value error, ")
            if not key and msg.startswith("break."):
                key = "break"
            if n in messages:
                msg = messages[n]
            elif err["type"] == "missing" and len(loc) == 2 and loc[0] == "break":
                if loc[1] in guessed.get("break", []):
                    continue  # misspelt, said once under the unknown key
                msg = f"break has no '{loc[1]}'; a break takes {', '.join(BREAK_KEYS)}"
            elif err["type"] != "value_error":
                got = f"{err.get('input')!r:.60}"
                need = (
                    "a break takes duration_s > 0 (s) and window HH:MM-HH:MM"
                    if loc[:1] == ("break",)
                    else "each vehicle needs an id and capacity_kg > 0"
                )
                msg = f"{msg} (got {got}); {need}"
            problems.append(
                Problem(
                    f"{msg} ({who})",
                    file=str(path),
                    column=f"vehicles[{k}]" + (f".{key}" if key else ""),
                    value=str(loc[-1] if n in messages else err.get("input"))[:60],
                    code="bad_vehicle",
                )
            )
        return None


def read_matrix(
    path: Path,
    ids: list[str],
    unit: str | None,
    *,
    lat_lon: dict[str, tuple[float, float]] | None = None,
) -> NDArray[np.float64]:
    r"""Read a square ``from\to`` CSV (or XLSX) matrix and return it in metres, in ``ids`` order.

    Read by :func:`eipgeo.io.tables.read_cells` (any encoding, separator and decimal
    mark; the header holds site ids, so no column name is mapped); each cell goes through
    the one number parser (:func:`eipgeo.io.numbers.read_number`: a cell such as ``1.250``
    in a file that shows no decimal mark is ambiguous and reported). Empty cells are
    ``inf`` (unreachable).

    Parameters
    ----------
    path
        The matrix file; rows = from.
    ids
        Site ids in the order wanted.
    unit
        ``m`` or ``km``: the unit of the cells. ``None``: not given, so metres, checked
        for plausibility (:func:`check_matrix_unit`).
    lat_lon
        Site id → (lat, lon), EPSG:4326 degrees, of the sites whose position is known;
        used by the plausibility check when ``unit`` is ``None``.

    Returns
    -------
    numpy.ndarray
        Square, metres.

    Raises
    ------
    InputReadError
        Unreadable or not square (exit 2).
    ValidationError
        A row whose number of fields differs from the header's (an unquoted decimal
        comma; :func:`eipgeo.io.tables.ragged_rows`), a site missing from the matrix,
        a bad or ambiguous cell (named by row and
        column), a formula cell without a saved value, or values implausible for metres
        when no unit was given.
    """
    cells = read_cells(path)
    _raise([p for p in cells.problems if p.code == "ragged_row"])  # before "not square"
    rows = [r for r in cells.rows if any(c for c in r)]
    header = rows[0] if rows else []
    body = rows[1:]
    labels = [str(c) for c in header[1:]]
    if (
        len(body) != len(labels)
        or [r[0] if r else "" for r in body] != labels
        or any(len(r) != len(header) for r in body)
    ):
        raise InputReadError(
            f"{path}: not a square matrix with the same ids in the header and the first column",
            [Problem("not a square matrix", file=str(path), code="bad_matrix")],
        )
    problems = [p for p in cells.problems if p.severity == "error"]
    problems += [
        Problem(
            f"site {s} is not in the matrix; add its row and column",
            file=str(path),
            value=s,
            code="missing_site",
        )
        for s in ids
        if s not in labels
    ]
    values = np.full((len(labels), len(labels)), np.inf)
    decimal = cells.decimal or "."
    for r, rec in enumerate(body):
        for c, text in enumerate(rec[1:]):
            if not text:
                continue
            reading = read_number(text, decimal, proven=cells.decimal_proven)
            if reading.value is None:
                problems.append(
                    Problem(
                        f"{rec[0]} → {labels[c]}: {reading.reason}",
                        file=str(path),
                        row=r + 2,
                        column=labels[c],
                        value=text,
                        code="ambiguous_number" if reading.ambiguous else "bad_quantity",
                    )
                )
                continue
            values[r, c] = _quantity(
                reading.value, text, path, r + 2, labels[c], problems, unit=unit or "m"
            )
    _raise(problems)
    order = [labels.index(s) for s in ids]
    ordered = values[np.ix_(order, order)]
    if unit is None:
        _raise(check_matrix_unit(ordered, ids, lat_lon or {}, file=str(path)))
    scale = 1000.0 if unit == "km" else 1.0
    return ordered * scale


GREAT_CIRCLE_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), m: straight-line distances for the unit check."""


def _straight_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(np.radians, (a[0], a[1], b[0], b[1]))
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return float(2 * GREAT_CIRCLE_RADIUS_M * np.arcsin(np.sqrt(h)))


def check_matrix_unit(
    values: NDArray[np.float64],
    ids: list[str],
    lat_lon: dict[str, tuple[float, float]],
    *,
    file: str | None = None,
) -> list[Problem]:
    """Check that a matrix given without a unit is plausible as metres.

    A road distance is never shorter than the straight line between its ends, so where
    the sites' positions are known, a matrix whose cells are mostly under a tenth of the
    straight-line distance (e.g. 2 where the sites are 2 km apart) is not in metres.
    Without positions, a matrix whose every positive cell is under 5 is taken as not in
    metres (every site within 5 m of every other).

    Parameters
    ----------
    values
        Square matrix as read, rows = from, in ``ids`` order; ``inf`` = no road.
    ids
        Site ids, for messages.
    lat_lon
        Site id → (lat, lon), EPSG:4326 degrees, for the sites whose position is known.
    file
        The matrix file, for messages.

    Returns
    -------
    list of Problem
        Empty, or one ``matrix_unit`` error asking for the unit, naming a pair.
    """
    n = len(ids)
    pairs = [
        (i, j)
        for i in range(n)
        for j in range(n)
        if i != j and np.isfinite(values[i, j]) and values[i, j] > 0
    ]
    if not pairs:
        return []
    fix = "give the unit: --matrix-unit km (or --matrix-unit m if these are metres)"
    known = [
        (i, j, _straight_m(lat_lon[ids[i]], lat_lon[ids[j]]))
        for i, j in pairs
        if ids[i] in lat_lon and ids[j] in lat_lon
    ]
    known = [(i, j, d) for i, j, d in known if d >= 100.0]
    if known:
        ratios = [values[i, j] / d for i, j, d in known]
        if float(np.median(ratios)) < 0.1:
            i, j, d = max(known, key=lambda k: k[2])
            msg = (
                f"the matrix gives no unit and its values are implausible for metres: "
                f"{ids[i]} → {ids[j]} is {values[i, j]:g} but the sites are {d:,.0f} m "
                f"apart in a straight line; {fix}"
            )
            return [Problem(msg, code="matrix_unit", file=file, value=float(values[i, j]))]
        return []
    largest = max(float(values[i, j]) for i, j in pairs)
    if largest < 5.0:
        msg = (
            f"the matrix gives no unit and every distance is under 5 (largest {largest:g}): "
            f"in metres every site would be within 5 m of the others; {fix}"
        )
        return [Problem(msg, code="matrix_unit", file=file, value=largest)]
    return []


def collapsed_sites(distance_m: NDArray[np.float64], ids: list[str]) -> list[str]:
    """Name the distinct sites that are 0 m apart: one road point, one building, one row.

    A 0 between two different sites is neither "no road" nor to be taken silently: two
    tenants snapped to one road node, or entered with one building's coordinates, are
    routed as one stop.

    Parameters
    ----------
    distance_m
        Square matrix, m, rows = from, in ``ids`` order.
    ids
        Site ids.

    Returns
    -------
    list of str
        One note per group of sites at one point, e.g. ``A and B are 0 m apart (...)``.
    """
    n = len(ids)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if distance_m[i, j] == 0 and distance_m[j, i] == 0:
                parent[root(j)] = root(i)
    groups: dict[int, list[str]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(ids[i])
    return [
        f"{', '.join(g[:-1])} and {g[-1]} are 0 m apart (one road point or one building): "
        "check that they are distinct sites and their coordinates"
        for g in groups.values()
        if len(g) > 1
    ]
