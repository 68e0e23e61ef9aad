"""Monitoring of implemented interventions, year after year, against the park's baseline.

The monitored-results table has one row per year, enterprise and record, with the
columns of :data:`TEMPLATE_COLUMNS`; templates ``eipgeo/data/templates/monitoring.csv``
and ``.xlsx`` (second sheet: every column explained); English and Vietnamese headers are
accepted. A ``stream`` row is the measured generation of one code at one enterprise that
year (0 = eliminated); an ``intervention`` row, what an implemented intervention cut or
diverted; an ``exchange`` row, the tonnes actually delivered to ``partner_id``.

* **Baseline**: the park's streams before any scenario, t/yr (:func:`baseline_streams`).
* **Monitored** t of a year: a measured site and code replaces its baseline; every
  other keeps its baseline, flagged ``baseline_carried``; a code new to a site is added
  (baseline 0). Intervention and exchange rows leave the tonnage alone: a measurement
  already includes their effect.
* **Achieved** by an intervention in a year, the first that applies: the rows naming
  its ``intervention_id`` (``reported``); for an exchange, the exchange rows of its code
  from its supplier (to its receiver when ``site_ids`` names both; ``exchange_records``);
  for a RECP measure, baseline minus measured over its sites' (and code's) measured
  streams (``measured_change``: the whole change is credited to it). Achieved CO2e and
  VND are the promise pro rata of the tonnes.
* **Status**: ``not_started`` before the start year; ``no_data`` with nothing to go by;
  ``on_track`` when achieved ≥ ``on_track_pct`` % of the promise (default 100 %, an
  eipgeo convention, not a published threshold); else ``behind``; ``no_promise`` for an
  intervention without a promise.
* **Indicators**: :func:`eipgeo.indicators.eip_indicators` on each year's monitored
  streams; exchanged tonnes move to pathway ``reuse`` (not counted as handled by a
  licensed facility); a site with a RECP intervention row above 0 t applies RECP; the
  year's exchange rows are its symbiosis links ("not known" in a year without any).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eipgeo import indicators, parks, pathways, waste
from eipgeo._errors import InputReadError, Problem, UsageError, ValidationError
from eipgeo._text import nfc
from eipgeo.io import tables
from eipgeo.jobs.sources import outside_sources, park_sources, park_streams, uis_sources
from eipgeo.scenario.interventions import PROMISE_COLUMNS

__all__ = [
    "PROMISE_COLUMNS",
    "RECORDS",
    "RESULT_COLUMNS",
    "MonitoringResult",
    "baseline_streams",
    "indicators_by_year",
    "monitor",
    "monitored_streams",
    "progress_enterprise",
    "progress_intervention",
    "progress_park",
    "read_results",
]

RECORDS = ("stream", "intervention", "exchange")
"""Kinds of row of a monitored-results table."""

RESULT_COLUMNS = [
    "row",
    "year",
    "site_id",
    "record",
    "waste_code",
    "intervention_id",
    "partner_id",
    "quantity_t",
    "note",
]
"""Columns of :func:`read_results`' frame (``row`` = spreadsheet row, header = 1)."""

YEAR_RANGE = (2000, 2100)
"""Accepted years (as :class:`eipgeo.interventions.InterventionSpec.start_year`)."""

TEMPLATE_COLUMNS: list[tuple[str, str, str, str]] = [
    ("year", "required", "calendar year", "year the quantity refers to (whole number)"),
    ("site_id", "required", "", "enterprise id of the park; for an exchange, the supplier"),
    ("record", "required", "", "stream | intervention | exchange"),
    (
        "waste_code",
        "stream, exchange: required; intervention: optional",
        "",
        "code of the catalogue (Circular 02/2022, eipgeo OI-nn/DW-nn), e.g. 17 02 04; blank = all",
    ),
    ("intervention_id", "intervention: required; exchange: optional", "", "its id"),
    ("partner_id", "exchange: required", "", "receiver: a site id or a facility id"),
    (
        "quantity_t",
        "required",
        "t in that year",
        "stream: t generated (measured); "
        "intervention: t it cut or diverted; exchange: t delivered to partner_id",
    ),
    ("note", "recommended", "", "source of the figure (audit, weighbridge log, page)"),
]
"""The documented schema: (column, need, unit, meaning)."""

_EXAMPLES = [
    [
        "2026",
        "E01",
        "stream",
        "17 02 04",
        "",
        "",
        "12.5",
        "RECP follow-up audit 2026, table 3 (replace these rows)",
    ],
    [
        "2026",
        "E01",
        "intervention",
        "17 02 04",
        "E01-oil-reuse",
        "",
        "3.5",
        "RECP follow-up audit 2026, table 5",
    ],
    ["2026", "E01", "exchange", "OI-05", "", "E02", "40", "weighbridge log 2026"],
]

_ALIASES: dict[str, tuple[str, ...]] = {
    "site_id": ("id", "site_id", "enterprise_id"),
    "record": ("record", "record_type", "kind", "loai_ban_ghi", "loại_bản_ghi"),
    "waste_code": ("waste_code",),
    "intervention_id": ("intervention_id", "intervention", "ma_giai_phap", "mã_giải_pháp"),
    "partner_id": ("partner_id", "partner", "receiver_id", "doi_tac", "đối_tác"),
    "quantity_t": ("quantity_t", "qty_t", "qty_t_per_year", "khoi_luong_t", "khối_lượng_t"),
    "year": ("year",),
    "note": ("note", "notes", "source", "ghi_chu", "ghi_chú"),
}
_REQUIRED = ("year", "site_id", "record", "quantity_t")
_KEY = ["year", "record", "site_id", "waste_code", "intervention_id", "partner_id"]


def _key(name: str) -> str:
    return re.sub(r"[\s\-./]+", "_", nfc(str(name)).strip().casefold()).strip("_")


_ALIAS_INDEX = {_key(a): col for col, names in _ALIASES.items() for a in names}


def _canonical(table: tables.Table) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename the table's columns to :data:`RESULT_COLUMNS`; return them and their headers."""
    io_headers: dict[str, str] = dict(table.frame.attrs.get("headers", {}))
    renames = {
        c: _ALIAS_INDEX[_key(str(c))] for c in table.frame.columns if _key(str(c)) in _ALIAS_INDEX
    }
    headers = {new: io_headers.get(str(old), str(old)) for old, new in renames.items()}
    twins = [o for o, n in renames.items() if headers[n] != io_headers.get(str(o), str(o))]
    if twins:
        first = headers[renames[twins[0]]]
        problem = Problem(
            f"columns '{first}' and '{io_headers.get(str(twins[0]), twins[0])}' "
            f"both mean {renames[twins[0]]}; keep one",
            "duplicate_column",
            table.file,
            1,
            first,
        )
        raise ValidationError(problem.to_line(), [problem])
    return table.frame.rename(columns=renames), headers


def _text(value: Any) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and np.isnan(value))
        else str(value).strip()
    )


@dataclass
class _Checker:
    """Collects the problems of one results table."""

    file: str
    headers: dict[str, str]
    sites: set[str]
    partners: set[str]
    problems: list[Problem] = field(default_factory=list)

    def bad(self, row: int, column: str, value: Any, code: str, message: str) -> None:
        header = self.headers.get(column, column)
        self.problems.append(Problem(message, code, self.file, row, header, value))

    def blank(self, row: int, column: str, how: str) -> None:
        self.bad(row, column, "", "missing_value", f"{column} is blank; {how}")

    def year(self, row: int, value: float, raw: str) -> int | None:
        if not raw:
            self.blank(row, "year", "give the calendar year of the quantity, e.g. 2026")
        elif not np.isnan(value) and (
            not float(value).is_integer() or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]
        ):
            self.bad(
                row,
                "year",
                raw,
                "bad_year",
                f"year is '{raw}'; give a whole calendar "
                f"year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}, e.g. 2026",
            )
        return int(value) if raw and float(value).is_integer() else None

    def site(self, row: int, column: str, raw: str, known: set[str], what: str) -> None:
        near = difflib.get_close_matches(raw, sorted(known), n=1)
        hint = f"did you mean '{near[0]}'?" if near else f"use the {what}"
        if not raw:
            self.blank(row, column, f"give the {what}")
        elif raw not in known:
            self.bad(
                row,
                column,
                raw,
                f"unknown_{column.split('_', maxsplit=1)[0]}",
                f"{column} '{raw}' is not a site of this park; {hint}",
            )

    def code(self, row: int, raw: str, record: str | None) -> str:
        if not raw and record in ("stream", "exchange"):
            self.blank(row, "waste_code", f"a {record} row needs the waste code, e.g. OI-05")
        try:
            return waste.lookup(raw).code if raw else ""
        except KeyError:
            near = difflib.get_close_matches(raw, list(waste.catalogue().index), n=1)
            hint = f"did you mean '{near[0]}'?" if near else "e.g. 17 02 04 or OI-05"
            self.bad(
                row,
                "waste_code",
                raw,
                "unknown_waste_code",
                f"waste code '{raw}' is "
                "not in the waste catalogue (Circular 02/2022 and eipgeo OI-/DW- "
                f"codes); give a listed code, {hint}",
            )
            return raw


def _check_row(
    check: _Checker, row: int, rec: pd.Series, year_raw: str, quantity_raw: str
) -> dict[str, Any]:
    raw_record, site = _text(rec["record"]), _text(rec["site_id"])
    record = raw_record.casefold() if raw_record.casefold() in RECORDS else None
    if record is None:
        check.bad(
            row,
            "record",
            raw_record,
            "unknown_record",
            f"record is '{raw_record}'; "
            f"use one of {', '.join(RECORDS)} (see the template's 'columns' sheet)",
        )
    check.site(row, "site_id", site, check.sites, "enterprise id of the park")
    code = check.code(row, _text(rec["waste_code"]), record)
    iid, partner = _text(rec["intervention_id"]), _text(rec["partner_id"])
    if record == "intervention" and not iid:
        check.blank(row, "intervention_id", "an intervention row names the intervention")
    if record == "exchange":
        check.site(
            row, "partner_id", partner, check.partners, "receiver's enterprise id or facility id"
        )
        if partner and partner == site:
            check.bad(
                row,
                "partner_id",
                partner,
                "self_exchange",
                "partner_id is the supplier itself; give the receiver's id",
            )
    quantity = float(rec["quantity_t"])
    if not quantity_raw:
        check.blank(row, "quantity_t", "give the tonnes of that year (0 if none)")
    elif quantity < 0:
        check.bad(
            row,
            "quantity_t",
            quantity_raw,
            "negative_quantity",
            f"quantity_t is "
            f"negative ({quantity_raw}); give the tonnes as 0 or more (a cut is an "
            "intervention row)",
        )
    return {
        "row": row,
        "year": check.year(row, float(rec["year"]), year_raw),
        "site_id": site,
        "record": record,
        "waste_code": code,
        "intervention_id": iid,
        "partner_id": partner,
        "quantity_t": quantity,
        "note": _text(rec["note"]),
    }


def _duplicates(check: _Checker, rows: pd.DataFrame) -> None:
    first: dict[tuple[Any, ...], int] = {}
    for rec in rows.to_dict("records"):
        key = tuple(rec[k] for k in _KEY)
        if None in key:
            continue
        if key in first:
            check.bad(
                rec["row"],
                "site_id",
                rec["site_id"],
                "duplicate_record",
                f"same year, record, site, code, intervention and partner as row "
                f"{first[key]}; merge the two rows into one or delete one",
            )
        first.setdefault(key, rec["row"])


def _numbers(table: tables.Table, frame: pd.DataFrame, column: str) -> pd.Series:
    """Return ``column`` as floats (parsed by the reader, or here when its name is not numeric)."""
    if pd.api.types.is_numeric_dtype(frame[column]):
        return frame[column].astype("float64")
    texts = {r: _text(v) for r, v in frame[column].items()}
    values = {
        r: tables.parse_number(t, table.decimal or ".") if t else None for r, t in texts.items()
    }
    table.problems += [
        Problem(
            f"'{t}' is not a number; write digits only",
            "not_numeric",
            table.file,
            int(str(r)),
            column,
            t,
        )
        for r, t in texts.items()
        if t and values[r] is None
    ]
    return pd.Series(
        [np.nan if v is None else v for v in values.values()], index=frame.index, dtype="float64"
    )


def read_results(
    path: str | Path, *, site_ids: Iterable[str], partner_ids: Iterable[str] = ()
) -> pd.DataFrame:
    """Read and check a monitored-results table (CSV or XLSX, see the module docstring).

    Parameters
    ----------
    path
        The file. Any encoding, separator and decimal mark :mod:`eipgeo.io` reads.
    site_ids
        The park's enterprise ids (``site_id`` must be one of them).
    partner_ids
        Further ids an exchange may deliver to (the park's facility ids).

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS`: ``year`` int, ``record`` lower case, ``waste_code`` as
        the catalogue writes it, ``quantity_t`` float (t in that year).

    Raises
    ------
    InputReadError
        The file is missing, not CSV/XLSX, or unreadable.
    ValidationError
        Missing columns, no data rows, or bad rows: each problem names the file, the
        row as a spreadsheet shows it, the column (the file's own header), the value
        and how to fix it.
    """
    p = Path(path)
    if p.suffix.lower() not in (".csv", ".txt", ".tsv", ".xlsx", ".xlsm"):
        raise InputReadError(
            f"{p}: monitoring results must be a CSV or XLSX file (got "
            f"'{p.suffix}'); start from eipgeo/data/templates/monitoring.csv"
        )
    table = tables.read_table(p)
    frame, headers = _canonical(table)
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing or frame.empty:
        what = f"column(s) {missing} missing" if missing else "no data rows"
        message = (
            f"{what}; a monitored-results table needs "
            f"{', '.join(RESULT_COLUMNS[1:])} (see eipgeo/data/templates/monitoring.csv)"
        )
        problem = Problem(
            message,
            "missing_column" if missing else "no_rows",
            str(p),
            1,
            ", ".join(missing) or None,
        )
        raise ValidationError(problem.to_line(), [problem])
    io_name = dict(zip(frame.columns, table.frame.columns, strict=True))
    raw = {
        c: [_text(v) for v in table.raw.get(str(io_name[c]), frame[c])]
        for c in ("year", "quantity_t")
    }
    frame = frame.reindex(columns=RESULT_COLUMNS[1:], fill_value="")
    for col in ("year", "quantity_t"):
        frame[col] = _numbers(table, frame, col)
    check = _Checker(
        str(p),
        headers,
        set(map(str, site_ids)),
        set(map(str, site_ids)) | set(map(str, partner_ids)),
    )
    rows = pd.DataFrame(
        [
            _check_row(check, int(str(r)), rec, raw["year"][i], raw["quantity_t"][i])
            for i, (r, rec) in enumerate(frame.iterrows())
        ],
        columns=RESULT_COLUMNS,
    )
    _duplicates(check, rows)
    user = table.frame.attrs.get("headers", {})
    problems = [
        dataclasses.replace(q, column=user.get(q.column) or headers.get(str(q.column)) or q.column)
        for q in table.problems
        if q.severity == "error"
    ]
    problems = sorted(problems + check.problems, key=lambda q: (q.row or 0, str(q.column)))
    if problems:
        raise ValidationError(f"{p}: {len(problems)} problem(s) in the monitored results", problems)
    rows["year"] = rows["year"].astype("int64")
    return rows.sort_values(["year", "row"]).reset_index(drop=True)


def baseline_streams(park: parks.Park) -> pd.DataFrame:
    """Return a park's baseline streams as the main job builds them, without routing.

    Firms placed and sized as the job does (:func:`eipgeo.jobs.sources.park_sources`;
    a firm outside the park boundary is left out, as in the job), estimated by
    :func:`eipgeo.waste.industrial_streams` (UIS outlets: :func:`eipgeo.waste.uis_streams`),
    measured streams winning and pathways by :func:`eipgeo.pathways.park_inventory`. No
    scenario is applied: the state before any intervention.

    Parameters
    ----------
    park
        A bundled or in-memory park (a UIS collection case uses its OSM sources instead
        of its enterprises).

    Returns
    -------
    pandas.DataFrame
        One row per site and waste code: ``site_id``, ``waste_code``,
        ``waste_t_per_yr`` (t/yr), ``waste_class``, ``pathway``, ``facility_id``, ...

    Raises
    ------
    DataNotFoundError
        A UIS case's OSM file, or a park statistic needed to size firms, is missing.
    ValidationError
        The park's ``measured_streams.csv`` has bad rows.
    """
    if park.kind == "uis_collection":
        sources = uis_sources(park)
    elif len(park.enterprises):
        boundary = parks.read_boundary(park)
        sources = park_sources(park, boundary)
        outside = outside_sources(park, sources, boundary)
        for problem in outside:  # the CLI prints these (one line per firm)
            warnings.warn(problem.to_line(), UserWarning, stacklevel=2)
        left_out = {str(p.value) for p in outside}
        sources = sources[~sources["site_id"].astype(str).isin(left_out)]
    else:
        sources = park.enterprises
    return park_streams(park, sources)[0]


def _baseline_keyed(baseline: pd.DataFrame) -> pd.DataFrame:
    """One row per (site_id, waste_code): ``baseline_t_per_yr`` and the first row's class."""
    missing = [c for c in ("site_id", "waste_code", "waste_t_per_yr") if c not in baseline]
    if missing:
        raise UsageError(
            f"the baseline lacks column(s) {missing}; give streams as "
            "eipgeo.monitoring.baseline_streams returns them"
        )
    frame = baseline.copy()
    frame["site_id"] = frame["site_id"].astype(str)
    kept = ("waste_class", "material", "name_en", "pathway", "treatment", "facility_id")
    for col in (*kept, "onward_facility_id"):
        if col not in frame:
            frame[col] = ""
        frame[col] = frame[col].fillna("").astype(str)
    return frame.groupby(["site_id", "waste_code"], as_index=False, sort=True).agg(
        baseline_t_per_yr=("waste_t_per_yr", "sum"),
        waste_class=("waste_class", "first"),
        material=("material", "first"),
        name_en=("name_en", "first"),
        pathway=("pathway", "first"),
        treatment=("treatment", "first"),
        facility_id=("facility_id", "first"),
        onward_facility_id=("onward_facility_id", "first"),
    )


def _new_rows(rows: pd.DataFrame, facilities: pd.DataFrame | None) -> pd.DataFrame:
    """Catalogue fields and default pathways of codes a site did not have at baseline."""
    entries = [waste.lookup(str(c)) for c in rows["waste_code"]]
    rows = rows.assign(
        waste_class=[e.planning_class for e in entries],
        material=[e.material for e in entries],
        name_en=[e.name_en for e in entries],
    )
    planned, _ = pathways.assign_pathways(
        rows.drop(columns=["pathway", "treatment", "facility_id"]),
        facilities if facilities is not None else pd.DataFrame(),
    )
    return planned.drop(columns=["pathway_note"])


def monitored_streams(
    baseline: pd.DataFrame,
    results: pd.DataFrame,
    year: int,
    *,
    facilities: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the streams of one monitored year: measured where measured, else baseline.

    Parameters
    ----------
    baseline
        Streams: ``site_id``, ``waste_code``, ``waste_t_per_yr`` (t/yr); ``waste_class``,
        ``pathway``, ``facility_id`` when known.
    results, year
        :func:`read_results` rows; the calendar year.
    facilities
        The park's facilities, for the pathway of a code new to a site.

    Returns
    -------
    pandas.DataFrame
        Per site and code (sorted): ``baseline_t_per_yr``, ``waste_t_per_yr`` (monitored),
        ``basis`` (``measured`` or ``baseline_carried``), class and pathway columns.
    """
    base = _baseline_keyed(baseline)
    rows = results[(results["record"] == "stream") & (results["year"] == year)]
    measured = rows.groupby(["site_id", "waste_code"], as_index=False)["quantity_t"].sum()
    out = base.merge(measured, how="outer", on=["site_id", "waste_code"])
    new = out["baseline_t_per_yr"].isna()
    out["baseline_t_per_yr"] = out["baseline_t_per_yr"].fillna(0.0)
    out["basis"] = np.where(out["quantity_t"].notna(), "measured", "baseline_carried")
    out["waste_t_per_yr"] = out["quantity_t"].fillna(out["baseline_t_per_yr"])
    out = out.drop(columns=["quantity_t"])
    if new.any():
        out = pd.concat([out[~new], _new_rows(out[new], facilities)], ignore_index=True)
    return out.sort_values(["site_id", "waste_code"]).reset_index(drop=True)


def _years(results: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in results["year"]})


def _record_sum(results: pd.DataFrame, year: int, record: str) -> pd.Series:
    rows = results[(results["record"] == record) & (results["year"] == year)]
    return rows.groupby("site_id")["quantity_t"].sum()


def _pct(change: float, base: float) -> float:
    return round(100 * change / base, 2) if base > 0 else float("nan")


ENTERPRISE_COLUMNS = [
    "year",
    "site_id",
    "name",
    "baseline_t_per_yr",
    "monitored_t_per_yr",
    "change_t_per_yr",
    "change_pct",
    "measured_t_per_yr",
    "streams_measured",
    "streams_carried",
    "baseline_carried",
    "intervention_t_per_yr",
    "exchanged_t_per_yr",
]
PARK_COLUMNS = [
    "park",
    "year",
    "baseline_t_per_yr",
    "monitored_t_per_yr",
    "change_t_per_yr",
    "change_pct",
    "measured_t_per_yr",
    "carried_t_per_yr",
    "sites",
    "sites_measured",
    "sites_baseline_carried",
    "intervention_t_per_yr",
    "exchanged_t_per_yr",
]
INTERVENTION_COLUMNS = [
    "intervention_id",
    "kind",
    "site_ids",
    "waste_code",
    "year",
    "start_year",
    "promised_t_per_yr",
    "achieved_t_per_yr",
    "achieved_pct",
    "achieved_source",
    "status",
    "promised_co2e_change_kg_per_yr",
    "achieved_co2e_change_kg_per_yr_pro_rata",
    "promised_net_vnd_per_yr",
    "achieved_net_vnd_per_yr_pro_rata",
]
INDICATOR_COLUMNS = [
    "year",
    "indicator",
    "label",
    "value",
    "baseline_value",
    "unit",
    "status",
    "threshold",
    "basis",
]


def progress_enterprise(
    baseline: pd.DataFrame, results: pd.DataFrame, *, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Return progress per enterprise and year (t/yr), against the baseline.

    Parameters
    ----------
    baseline
        Baseline streams (:func:`baseline_streams`): ``site_id``, ``waste_code``,
        ``waste_t_per_yr`` (t/yr).
    results
        Monitored results (:func:`read_results`): measured streams (t in the year),
        intervention and exchange rows; one output year per year they name.
    names
        Site id → display name; ``None`` (default) or a missing id leaves ``name`` empty.

    Returns
    -------
    pandas.DataFrame
        :data:`ENTERPRISE_COLUMNS`. ``change_pct`` = 100 × change / baseline (NaN for a
        zero baseline); ``baseline_carried`` is true when none of the site's streams was
        measured that year; ``intervention_t_per_yr`` and ``exchanged_t_per_yr`` sum
        the site's intervention and exchange (as supplier) rows.
    """
    frames = []
    for year in _years(results):
        streams = monitored_streams(baseline, results, year)
        measured = streams["basis"] == "measured"
        g = streams.assign(
            measured_t=streams["waste_t_per_yr"].where(measured, 0.0),
            is_measured=measured,
            is_carried=~measured,
        ).groupby("site_id")
        site = g.agg(
            baseline_t_per_yr=("baseline_t_per_yr", "sum"),
            monitored_t_per_yr=("waste_t_per_yr", "sum"),
            measured_t_per_yr=("measured_t", "sum"),
            streams_measured=("is_measured", "sum"),
            streams_carried=("is_carried", "sum"),
        ).reset_index()
        site["year"] = year
        site["name"] = [(names or {}).get(str(i), "") for i in site["site_id"]]
        site["change_t_per_yr"] = site["monitored_t_per_yr"] - site["baseline_t_per_yr"]
        site["change_pct"] = [
            _pct(c, b)
            for c, b in zip(site["change_t_per_yr"], site["baseline_t_per_yr"], strict=True)
        ]
        site["baseline_carried"] = site["streams_measured"] == 0
        for col, record in (
            ("intervention_t_per_yr", "intervention"),
            ("exchanged_t_per_yr", "exchange"),
        ):
            site[col] = site["site_id"].map(_record_sum(results, year, record)).fillna(0.0)
        frames.append(site)
    out = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ENTERPRISE_COLUMNS)
    )
    return _rounded(out[ENTERPRISE_COLUMNS])


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns:
        if str(col).endswith("_t_per_yr") and pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].astype(float).round(3)
    return frame


def progress_park(enterprise: pd.DataFrame, *, park: str = "") -> pd.DataFrame:
    """Return progress per park and year, summed from :func:`progress_enterprise`.

    Parameters
    ----------
    enterprise
        The table of :func:`progress_enterprise` (t/yr).
    park
        Value of the ``park`` column (the park's slug or name); default empty.

    Returns
    -------
    pandas.DataFrame
        :data:`PARK_COLUMNS`, t/yr; ``carried_t_per_yr`` is the part of the monitored
        total still at baseline, ``change_pct`` = 100 × change / baseline.
    """
    g = enterprise.assign(
        measured_site=~enterprise["baseline_carried"].astype(bool), one=1
    ).groupby("year")
    out = g.agg(
        baseline_t_per_yr=("baseline_t_per_yr", "sum"),
        monitored_t_per_yr=("monitored_t_per_yr", "sum"),
        measured_t_per_yr=("measured_t_per_yr", "sum"),
        sites=("one", "sum"),
        sites_measured=("measured_site", "sum"),
        intervention_t_per_yr=("intervention_t_per_yr", "sum"),
        exchanged_t_per_yr=("exchanged_t_per_yr", "sum"),
    ).reset_index()
    out["park"] = park
    out["change_t_per_yr"] = out["monitored_t_per_yr"] - out["baseline_t_per_yr"]
    out["change_pct"] = [
        _pct(c, b) for c, b in zip(out["change_t_per_yr"], out["baseline_t_per_yr"], strict=True)
    ]
    out["carried_t_per_yr"] = out["monitored_t_per_yr"] - out["measured_t_per_yr"]
    out["sites_baseline_carried"] = out["sites"] - out["sites_measured"]
    return _rounded(out.reindex(columns=PARK_COLUMNS))


def _promises(promises: pd.DataFrame | None) -> pd.DataFrame:
    promises = pd.DataFrame(columns=PROMISE_COLUMNS) if promises is None else promises
    missing = [c for c in PROMISE_COLUMNS if c not in promises.columns]
    if missing:
        raise UsageError(
            f"the promises lack column(s) {missing}; give {PROMISE_COLUMNS} "
            "(eipgeo.interventions.promises)"
        )
    out = promises[PROMISE_COLUMNS].copy()
    for col in ("intervention_id", "kind", "site_ids", "waste_code"):
        out[col] = out[col].map(_text)
    out["waste_code"] = [_normal_code(c) for c in out["waste_code"]]
    for col in PROMISE_COLUMNS[4:]:
        out[col] = pd.to_numeric(out[col], errors="coerce")
    return out


def _normal_code(code: str) -> str:
    try:
        return waste.lookup(code).code if code else ""
    except KeyError:
        return code


def _unpromised(results: pd.DataFrame, known: set[str]) -> list[dict[str, Any]]:
    """Promise-like rows for interventions that appear only in the results."""
    rows = []
    named = results[results["intervention_id"] != ""]
    for iid, part in named.groupby("intervention_id", sort=True):
        if str(iid) in known:
            continue
        codes = sorted(set(part["waste_code"]))
        rows.append(
            {
                **dict.fromkeys(PROMISE_COLUMNS[4:], np.nan),
                "intervention_id": str(iid),
                "kind": "",
                "site_ids": ";".join(sorted(set(part["site_id"]))),
                "waste_code": codes[0] if len(codes) == 1 else "",
            }
        )
    return rows


def _achieved(
    p: dict[str, Any], year: int, results: pd.DataFrame, streams: pd.DataFrame
) -> tuple[float | None, str]:
    """Tonnes an intervention achieved in ``year`` and how that was found."""
    in_year = results[results["year"] == year]
    linked = in_year[in_year["intervention_id"] == p["intervention_id"]]
    if not linked.empty:
        return float(linked["quantity_t"].sum()), "reported"
    sites, code = set(str(p["site_ids"]).split(";")) - {""}, p["waste_code"]
    if p["kind"] == "exchange":
        partner_ok = in_year["partner_id"].isin(sites) | (len(sites) < 2)  # supplier only
        ex = in_year[
            (in_year["record"] == "exchange")
            & in_year["site_id"].isin(sites)
            & partner_ok
            & ((code == "") | (in_year["waste_code"] == code))
        ]
        if not ex.empty:
            return float(ex["quantity_t"].sum()), "exchange_records"
    if p["kind"] == "recp":
        s = streams[
            streams["site_id"].isin(sites)
            & (streams["basis"] == "measured")
            & ((code == "") | (streams["waste_code"] == code))
        ]
        if not s.empty:
            return float((s["baseline_t_per_yr"] - s["waste_t_per_yr"]).sum()), "measured_change"
    return None, ""


def _status(
    promised: float, achieved: float | None, year: int, start: float, on_track_pct: float
) -> str:
    if np.isnan(promised):
        return "no_promise"
    if not np.isnan(start) and year < start:
        return "not_started"
    if achieved is None:
        return "no_data"
    return "on_track" if achieved >= round(promised * on_track_pct / 100, 3) else "behind"


def progress_intervention(
    baseline: pd.DataFrame,
    results: pd.DataFrame,
    promises: pd.DataFrame | None,
    *,
    on_track_pct: float = 100.0,
) -> pd.DataFrame:
    """Return promised against achieved per intervention and year.

    Parameters
    ----------
    baseline, results
        As :func:`monitored_streams`.
    promises
        :data:`PROMISE_COLUMNS` (``eipgeo.interventions.promises``), or ``None``.
    on_track_pct
        Share of the promised t/yr that is on track (%; 100 is an eipgeo convention).

    Returns
    -------
    pandas.DataFrame
        :data:`INTERVENTION_COLUMNS` per intervention and year; ``achieved_pct`` =
        100 × achieved / promised.

    Raises
    ------
    UsageError
        ``promises`` lacks a column of :data:`PROMISE_COLUMNS`.
    """
    table = _promises(promises)
    todo = [{str(k): v for k, v in rec.items()} for rec in table.to_dict("records")]
    todo += _unpromised(results, set(table["intervention_id"]))
    rows = []
    for year in _years(results):
        streams = monitored_streams(baseline, results, year)
        for p in todo:
            got, source = _achieved(p, year, results, streams)
            promised = float(p["promised_t_per_yr"])
            share = got / promised if got is not None and promised > 0 else float("nan")
            rows.append(
                {
                    **p,
                    "year": year,
                    "achieved_t_per_yr": got,
                    "achieved_pct": round(100 * share, 2),
                    "achieved_source": source,
                    "status": _status(
                        promised,
                        None if got is None else round(got, 3),
                        year,
                        float(p["start_year"]),
                        on_track_pct,
                    ),
                    "achieved_co2e_change_kg_per_yr_pro_rata": float(
                        p["promised_co2e_change_kg_per_yr"]
                    )
                    * share,
                    "achieved_net_vnd_per_yr_pro_rata": float(p["promised_net_vnd_per_yr"]) * share,
                }
            )
    out = pd.DataFrame(rows, columns=INTERVENTION_COLUMNS)
    out["start_year"] = out["start_year"].astype("Int64")
    out["achieved_t_per_yr"] = out["achieved_t_per_yr"].astype(float)
    for col, digits in (("co2e_change_kg_per_yr", 1), ("net_vnd_per_yr", 0)):
        for prefix, suffix in (("promised_", ""), ("achieved_", "_pro_rata")):
            out[prefix + col + suffix] = out[prefix + col + suffix].astype(float).round(digits)
    return _rounded(
        out.sort_values(["intervention_id", "year"], kind="stable").reset_index(drop=True)
    )


def _with_exchanges(
    streams: pd.DataFrame, exchanges: pd.DataFrame, notes: list[str]
) -> pd.DataFrame:
    """Move exchanged tonnes of each supplier stream to pathway ``reuse``."""
    out = streams.assign(partner_id="")
    extra = []
    for ex in exchanges.to_dict("records"):
        where = f"{ex['year']}: exchange of {ex['waste_code']} by {ex['site_id']}"
        hit = out.index[(out["site_id"] == ex["site_id"]) & (out["waste_code"] == ex["waste_code"])]
        if hit.empty:
            notes.append(f"{where}: the site has no such stream; not counted in indicators")
            continue
        available, wanted = float(out.loc[hit[0], "waste_t_per_yr"]), float(ex["quantity_t"])
        moved = min(wanted, available)
        if moved < wanted:
            notes.append(
                f"{where}: {wanted:g} t exceeds the {available:g} t generated; "
                f"{moved:g} t counted in indicators"
            )
        out.at[hit[0], "waste_t_per_yr"] = available - moved
        extra.append(
            {
                **out.loc[hit[0]].to_dict(),
                "waste_t_per_yr": moved,
                "pathway": "reuse",
                "treatment": "symbiosis_exchange",
                "facility_id": "",
                "partner_id": ex["partner_id"],
            }
        )
    return pd.concat([out, pd.DataFrame(extra)], ignore_index=True) if extra else out


def _with_recp(streams: pd.DataFrame, recp_t: pd.Series) -> pd.DataFrame:
    """Add ``prevented_t_per_yr``: each site's RECP tonnes, pro rata of its streams."""
    t = streams["waste_t_per_yr"].astype(float)
    site_t = t.groupby(streams["site_id"]).transform("sum")
    n = streams.groupby("site_id")["site_id"].transform("size")
    share = np.where(site_t > 0, t / site_t.where(site_t > 0, 1.0), 1.0 / n)
    return streams.assign(prevented_t_per_yr=streams["site_id"].map(recp_t).fillna(0.0) * share)


def _basis(streams: pd.DataFrame) -> str:
    n, measured = len(streams), int((streams["basis"] == "measured").sum())
    if measured == n:
        return "measured"
    return f"measured {measured} of {n} streams; the rest baseline_carried"


def indicators_by_year(
    baseline: pd.DataFrame,
    results: pd.DataFrame,
    *,
    firm_ids: list[str],
    facilities: pd.DataFrame | None = None,
    promises: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the EIP waste indicators of every monitored year, beside the baseline's.

    Parameters
    ----------
    baseline, results, facilities
        As :func:`monitored_streams`.
    firm_ids
        The park's firms (the denominator of the firm shares).
    promises
        Only to leave non-RECP interventions out of "firms applying RECP".

    Returns
    -------
    pandas.DataFrame
        :data:`INDICATOR_COLUMNS`, per year and indicator; ``None`` values when the data
        cannot tell; notes on exchanges not counted in ``frame.attrs["notes"]``.
    """
    base = _baseline_keyed(baseline).rename(columns={"baseline_t_per_yr": "waste_t_per_yr"})
    before = indicators.eip_indicators(
        firm_ids, base, None, basis="baseline", facilities=facilities
    )
    not_recp = set(_promises(promises).query("kind not in ['recp', '']")["intervention_id"])
    rows, notes = [], list[str]()
    for year in _years(results):
        in_year = results[results["year"] == year]
        streams = monitored_streams(baseline, results, year, facilities=facilities)
        basis = _basis(streams)
        ex = in_year[in_year["record"] == "exchange"]
        streams = _with_exchanges(streams, ex, notes)
        recp = in_year[
            (in_year["record"] == "intervention") & ~in_year["intervention_id"].isin(not_recp)
        ]
        if not recp.empty:
            streams = _with_recp(streams, recp.groupby("site_id")["quantity_t"].sum())
        plan = (
            None
            if ex.empty
            else ex.rename(
                columns={
                    "site_id": "supplier_id",
                    "partner_id": "receiver_id",
                    "quantity_t": "chosen_t_per_yr",
                }
            )
        )
        # monitored records of delivered exchanges and measures: running evidence
        table = indicators.eip_indicators(
            firm_ids, streams, plan, basis=basis, running=True, facilities=facilities
        )
        table.insert(0, "year", year)
        table["baseline_value"] = before["value"].to_numpy()
        rows.append(table[INDICATOR_COLUMNS])
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=INDICATOR_COLUMNS)
    out.attrs["notes"] = notes
    return out


@dataclass
class MonitoringResult:
    """Everything a monitoring run produces for one park.

    Attributes
    ----------
    park_slug, park_name, results
        Which park; the results as read (:data:`RESULT_COLUMNS`).
    park, enterprise, intervention, indicators
        :func:`progress_park`, :func:`progress_enterprise`,
        :func:`progress_intervention` and :func:`indicators_by_year` frames.
    notes
        What the reader should know (missing promises, exchanges not counted).
    """

    park_slug: str
    park_name: str
    results: pd.DataFrame
    park: pd.DataFrame
    enterprise: pd.DataFrame
    intervention: pd.DataFrame
    indicators: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def monitor(
    park: parks.Park,
    results: pd.DataFrame,
    promises: pd.DataFrame | None = None,
    *,
    baseline: pd.DataFrame | None = None,
    on_track_pct: float = 100.0,
) -> MonitoringResult:
    """Compute progress and indicators of monitored results against a park's baseline.

    Parameters
    ----------
    park, results
        The park (its enterprises are the firms); :func:`read_results` rows.
    promises
        :data:`PROMISE_COLUMNS`, or ``None`` (every status ``no_promise``).
    baseline
        The baseline streams; default :func:`baseline_streams` of ``park``.
    on_track_pct
        As :func:`progress_intervention`.

    Returns
    -------
    MonitoringResult
    """
    base = baseline_streams(park) if baseline is None else baseline
    ents = park.enterprises
    names = (
        dict(zip(ents["id"].astype(str), ents["name"].astype(str), strict=True))
        if {"id", "name"} <= set(ents.columns)
        else {}
    )
    firms = sorted(set(names) | set(base["site_id"].astype(str)))
    enterprise = progress_enterprise(base, results, names=names)
    table = indicators_by_year(
        base, results, firm_ids=firms, facilities=park.facilities, promises=promises
    )
    notes = list(table.attrs.get("notes", []))
    if promises is None:
        notes.insert(0, "no promises given: every intervention is 'no_promise'")
    else:
        known = set(promises["intervention_id"].astype(str))
        named = set(results["intervention_id"].astype(str)) - {""}
        for iid in sorted(named - known):
            near = difflib.get_close_matches(iid, sorted(known), n=1, cutoff=0.6)
            hint = (
                f"did you mean '{near[0]}'?"
                if near
                else f"the scenario's interventions are: {', '.join(sorted(known)) or 'none'}"
            )
            notes.insert(
                0,
                f"intervention '{iid}' in the results is not in the scenario "
                f"({hint}); it is reported as 'no_promise'",
            )
    return MonitoringResult(
        park.slug,
        park.name,
        results,
        progress_park(enterprise, park=park.slug),
        enterprise,
        progress_intervention(base, results, promises, on_track_pct=on_track_pct),
        table,
        notes,
    )


def read_park_results(park: parks.Park, results_path: str | Path) -> pd.DataFrame:
    """Read and validate a monitoring results file against a park (the one check).

    Its sites must be the park's enterprises (or its baseline's sources), its partners the
    park's facilities. ``eipgeo monitor`` and ``eipgeo db load`` both read files here.

    Parameters
    ----------
    park
        The park.
    results_path
        CSV or XLSX in the monitoring template's columns.

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS`, as :func:`read_results` returns them.

    Raises
    ------
    InputReadError, ValidationError
        The file cannot be read, or has bad rows (each named by row and column).
    """
    facility_ids = list(park.facilities.get("id", pd.Series(dtype=str)).astype(str))
    baseline = baseline_streams(park)
    known = set(park.enterprises.get("id", pd.Series(dtype=str)).astype(str)) | set(
        baseline["site_id"].astype(str)
    )
    return read_results(results_path, site_ids=known, partner_ids=facility_ids)


def monitor_file(
    park: parks.Park,
    results_path: str | Path,
    promises: pd.DataFrame | None = None,
    *,
    on_track_pct: float = 100.0,
) -> MonitoringResult:
    """Read a monitoring results file for a park and compute its progress (``eipgeo monitor``).

    The file is validated against the park: its sites must be the park's enterprises (or
    the baseline's sources), its partners the park's facilities.

    Parameters
    ----------
    park
        The park (a scenario's park with its changes applied, or a bundled one).
    results_path
        CSV or XLSX in the monitoring template's columns
        (``eipgeo/data/templates/monitoring.csv``).
    promises
        What the scenario's interventions promise (:func:`eipgeo.scenario.interventions.
        promises`), or ``None``.
    on_track_pct
        Share of the promised t/yr that counts as on track, %.

    Returns
    -------
    MonitoringResult
        As :func:`monitor`.

    Raises
    ------
    InputReadError, ValidationError
        The file cannot be read, or has bad rows (each named by row and column).
    """
    rows = read_park_results(park, results_path)
    return monitor(park, rows, promises, on_track_pct=on_track_pct)
