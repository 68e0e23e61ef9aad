"""``eipgeo serve``: a new tenant added with a production capacity and a declared stream.

The session (``deepc-quangninh``, 50 PyVRP iterations, as ``tests/test_serve.py``) checks
the optional fields beside each one, writes them to the export's ``new_tenants`` entry, and
``eipgeo run`` on the export gives the panel's figures.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from eipgeo._errors import ValidationError
from eipgeo.cli import app
from eipgeo.serve.session import ReviewSession

PARK = "deepc-quangninh"


@pytest.fixture(scope="module")
def session() -> ReviewSession:
    return ReviewSession(PARK, iterations=50)


def _add(session: ReviewSession, **extra: Any) -> dict[str, Any]:
    near = next(t for t in session.state()["layers"]["tenants"] if t["id"] == "DCQN-004")
    change = {
        "action": "add",
        "isic4_class": "2220",
        "employees": "300",
        "name": "Plastics",
        "lat": near["lat"] - 0.001,
        "lon": near["lon"],
        **extra,
    }
    return session.apply(change)


PRODUCTION = {
    "intensity_key": "phosphogypsum.dap",
    "capacity_value": "185000",
    "capacity_unit": "t DAP/yr",
    "production_source": "https://example.org/eia",
}
STREAM = {"waste_code": "OI-16", "waste_t_per_yr": "1200", "source": "EIA 2025, table 4"}


def test_production_and_a_declared_stream_add_their_tonnes_and_export(
    session: ReviewSession, tmp_path: Path
) -> None:
    """The same plastics tenant (ISIC 2220, 300 workers; its per-worker estimate has no
    OI-18 or OI-16 row) with DAP 185,000 t/yr × 2.30 t PG per t DAP (production_intensities
    ``phosphogypsum.dap``) = 425,500 t/yr OI-18 and a declared 1,200 t/yr of OI-16 (both
    ordinary): the panel's ordinary t/yr is the plain tenant's + 426,700 t/yr, and
    ``eipgeo run`` on the export gives the panel's figures."""
    try:
        session.apply({"action": "reset"})
        plain = _add(session)["figures"]
        session.apply({"action": "reset"})
        rows = [STREAM, {"waste_code": "", "waste_t_per_yr": "", "source": ""}]
        added = _add(session, **PRODUCTION, streams=rows)
        figures = added["figures"]
        assert figures["waste_t_per_yr.ordinary"] == pytest.approx(
            plain["waste_t_per_yr.ordinary"] + 425_500 + 1_200, abs=1e-3
        )
        assert figures["waste_t_per_yr.hazardous"] == pytest.approx(
            plain["waste_t_per_yr.hazardous"], abs=1e-6
        )
        text = session.export_yaml()
        entry = yaml.safe_load(text)["new_tenants"][0]
        assert entry["production"] == {
            "capacity_value": 185000.0,
            "capacity_unit": "t DAP/yr",
            "intensity_key": "phosphogypsum.dap",
            "source": "https://example.org/eia",
        }
        assert entry["streams"] == [
            {"waste_code": "OI-16", "waste_t_per_yr": 1200.0, "source": "EIA 2025, table 4"}
        ]
        path = tmp_path / "layout.yaml"
        path.write_text(text, encoding="utf-8")
        res = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "-q"])
        assert res.exit_code == 0, res.output
        with (tmp_path / "out" / "layout-review" / PARK / "summary.csv").open(
            encoding="utf-8"
        ) as f:
            summary = {r["key"]: r["value"] for r in csv.DictReader(f)}
        for key, value in figures.items():
            if key in summary:
                assert float(summary[key]) == pytest.approx(value, abs=1e-3), key
    finally:
        session.apply({"action": "reset"})


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({**PRODUCTION, "intensity_key": "gypsum"}, "intensity_key", "choose one of"),
        ({"capacity_value": "1000"}, "intensity_key", "production intensity '' is not known"),
        ({**PRODUCTION, "capacity_value": "-3"}, "capacity_value", "capacity '-3' is not a"),
        ({**PRODUCTION, "capacity_unit": "t/yr"}, "capacity_unit", "give the capacity in t DAP"),
        ({**PRODUCTION, "production_source": ""}, "production_source", "has no source"),
        ({"streams": [{**STREAM, "waste_code": "99 99"}]}, "streams", "stream 1: waste code"),
        ({"streams": [{**STREAM, "waste_t_per_yr": "-1"}]}, "streams", "stream 1: '-1' is not"),
        ({"streams": [{**STREAM, "waste_t_per_yr": "x"}]}, "streams", "stream 1: 'x' is not"),
        ({"streams": [{**STREAM, "source": " "}]}, "streams", "stream 1: the figure has no"),
    ],
)
def test_bad_production_or_streams_are_refused_beside_their_field(
    session: ReviewSession, extra: dict[str, Any], field: str, message: str
) -> None:
    before = session.state()
    with pytest.raises(ValidationError, match=message) as caught:
        _add(session, **extra)
    assert caught.value.problems[0].column == field
    assert session.state()["figures"] == before["figures"]
    assert set(before["intensities"]) >= {"phosphogypsum.dap"}
