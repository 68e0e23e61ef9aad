"""The documented input schema and the fill-in templates (``eipgeo/data/templates/``).

:data:`SCHEMAS` lists, per kind of table, every column with its need, unit and meaning;
:func:`write_templates` writes a CSV and an XLSX template per kind from it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from eipgeo._atomic import atomic_write_csv

SCHEMAS: dict[str, list[tuple[str, str, str, str]]] = {
    "enterprises": [
        ("id", "required", "", "unique id of the enterprise, e.g. E01"),
        ("name", "recommended", "", "registered name (Vietnamese with tone marks is fine)"),
        ("isic4_class", "optional", "", "ISIC Rev.4 class, 4 digits (e.g. 2022 paints)"),
        ("employees", "optional", "persons", "number of workers"),
        ("area_ha", "optional", "ha", "plot area"),
        ("lat", "required*", "degrees (EPSG:4326)", "latitude; *or x_m/y_m + crs"),
        ("lon", "required*", "degrees (EPSG:4326)", "longitude; *or x_m/y_m + crs"),
        ("location_quality", "optional", "", "surveyed | declared | commune_centroid | ..."),
        ("waste", "optional", "", "free-text waste description"),
        ("qty_t_per_year", "optional", "t/yr", "quantity of that waste"),
    ],
    "streams": [
        ("enterprise_id", "required", "", "id of the enterprise (enterprises table)"),
        ("waste_code", "required", "", "Vietnamese waste code (Circular 02/2022), e.g. 12 06 05"),
        ("qty_t_per_year", "required", "t/yr", "measured quantity"),
        ("year", "recommended", "year", "year of the measurement"),
        ("source", "recommended", "", "where the figure comes from (RECP report, page)"),
    ],
    "facilities": [
        ("id", "required", "", "unique id of the facility"),
        ("name", "required", "", "name"),
        ("kind", "required", "", "treatment | hazardous_treatment | landfill | recycler | ..."),
        (
            "accepts",
            "recommended",
            "",
            "waste classes accepted, ';'-separated (hazardous;controlled;ordinary;domestic)",
        ),
        ("waste_codes", "optional", "", "waste codes accepted, ';'-separated"),
        ("capacity_t_per_day", "recommended", "t/day", "licensed capacity"),
        ("gate_fee_vnd_per_t", "optional", "VND/t", "gate fee"),
        ("licence", "optional", "", "licence number and issuer"),
        ("lat", "required*", "degrees (EPSG:4326)", "latitude; *or x_m/y_m + crs"),
        ("lon", "required*", "degrees (EPSG:4326)", "longitude; *or x_m/y_m + crs"),
        ("location_quality", "optional", "", "how the position was found"),
    ],
    "boundary": [
        ("id", "required", "", "id of the park or parcel"),
        ("name", "recommended", "", "park or parcel name"),
        (
            "wkt",
            "required",
            "WKT, EPSG:4326",
            "POLYGON or MULTIPOLYGON (lon lat order); or give a GeoJSON/GPKG/SHP file instead",
        ),
    ],
}
"""The documented input schema, one list per kind: (column, need, unit, meaning). Units
live in the column names; Vietnamese column names are accepted (eipgeo.io.COLUMN_ALIASES)."""

_EXAMPLES = {
    "enterprises": [
        "E01",
        "Example Co., Ltd. (replace this row)",
        "2022",
        "120",
        "1.5",
        "10.9312",
        "106.8521",
        "surveyed",
        "paint sludge",
        "12.5",
    ],
    "streams": ["E01", "12 06 05", "12.5", "2024", "RECP assessment report 2024, p. 12"],
    "facilities": [
        "F01",
        "Example treatment plant (replace this row)",
        "hazardous_treatment",
        "hazardous;controlled",
        "12 06 05",
        "500",
        "3500000",
        "licence no. / issuer",
        "10.6730",
        "106.5960",
        "surveyed",
    ],
    "boundary": [
        "P1",
        "Example park (replace this row)",
        "POLYGON ((106.84 10.92, 106.86 10.92, 106.86 10.94, 106.84 10.94, 106.84 10.92))",
    ],
}


def write_templates(folder: Path) -> list[Path]:
    """Write a CSV and an XLSX fill-in template per kind into ``folder``.

    Each has the header and one example row; the XLSX has a second sheet ``columns``
    explaining every column (need, unit, meaning).

    Parameters
    ----------
    folder
        Where the files go (``eipgeo/data/templates`` for the shipped ones).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    written = []
    for kind, columns in SCHEMAS.items():
        frame = pd.DataFrame([_EXAMPLES[kind]], columns=[c[0] for c in columns])
        atomic_write_csv(folder / f"{kind}.csv", frame)
        doc = pd.DataFrame(columns, columns=["column", "need", "unit", "meaning"])
        with pd.ExcelWriter(folder / f"{kind}.xlsx", engine="openpyxl") as xlsx:
            frame.to_excel(xlsx, sheet_name="data", index=False)
            doc.to_excel(xlsx, sheet_name="columns", index=False)
        written += [folder / f"{kind}.csv", folder / f"{kind}.xlsx"]
    return written
