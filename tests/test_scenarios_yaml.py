"""Scenario-file errors name the file, the YAML line and column, and the key path.

``tests/data/scenarios/recp.yaml`` is a tiny valid scenario; ``recp_bad.yaml`` is its
malformed twin with one error on each of lines 4, 7, 8, 10, 12, 14 and 17. Columns are
counted by hand from the file (1-based, as editors show them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eipgeo._errors import ValidationError
from eipgeo.scenario.schema import load_scenario, scenario_from_dict

DATA = Path(__file__).resolve().parent / "data" / "scenarios"


def test_twin_is_valid() -> None:
    sc = load_scenario(DATA / "recp.yaml")
    assert sc.recp is not None and sc.recp.reduction_pct_by_site == {"DCHP-001": 20.0}
    assert sc.depot is not None and sc.depot.lat == 20.83


def _lines() -> list[str]:
    with pytest.raises(ValidationError) as err:
        load_scenario(DATA / "recp_bad.yaml")
    return [p.to_line() for p in err.value.problems]


@pytest.mark.parametrize(
    "prefix",
    [
        # line 4 "iterations: many": the value starts after 12 characters -> column 13
        ":4:13: iterations: Input should be a valid integer",
        # line 7 "    DCHP-001: -5": 4 spaces + "DCHP-001: " (10) -> the value at column 15
        ":7:15: recp.reduction_pct_by_site.DCHP-001: Input should be greater than or equal to 0 "
        "(got -5)",
        # line 8 "  groth_pct_per_yr: 2": an unknown key points at the key, column 3
        ":8:3: recp.groth_pct_per_yr: unknown key 'groth_pct_per_yr'; did you mean "
        "'growth_pct_per_yr'?",
        # line 10 "  accepts: [hazardous, radioactive]": 11 + "[" + "hazardous, " (11) -> 24
        ":10:24: hub.accepts.1: Input should be 'ordinary', 'controlled', 'domestic' or "
        "'hazardous' (got 'radioactive')",
        # line 12 "depot: {id: G, lat: 95, ...}": "depot: {id: G, lat: " is 20 characters -> 21
        ":12:21: depot.lat: Input should be less than or equal to 90 (got 95)",
        # line 14 "  - id: ts1": the list item's mapping starts at column 5
        ":14:5: facilities.0.accepts: required key 'accepts' is missing; add it",
        # line 17 "    acceps: [ordinary]": the misspelt key at column 5
        ":17:5: facilities.0.acceps: unknown key 'acceps'; did you mean 'accepts'?",
    ],
)
def test_malformed_twin_names_line_and_column(prefix: str) -> None:
    lines = _lines()
    assert any(line.startswith(str(DATA / "recp_bad.yaml") + prefix) for line in lines), lines


def test_every_problem_is_reported_once() -> None:
    """Seven errors in the file, seven problems, each with its YAML line in ``row``."""
    with pytest.raises(ValidationError) as err:
        load_scenario(DATA / "recp_bad.yaml")
    rows = sorted(p.row for p in err.value.problems if p.row is not None)
    assert rows == [4, 7, 8, 10, 12, 14, 17]


def test_unknown_park_points_at_its_value(tmp_path: Path) -> None:
    """``park:`` on line 3 of this file; "park: " is 6 characters, so the value is at 7."""
    bad = tmp_path / "s.yaml"
    bad.write_text("# a comment\nname: x\npark: deepc-haiphon\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_scenario(bad)
    assert (
        err.value.problems[0]
        .to_line()
        .startswith(
            f"{bad}:3:7: park: unknown park 'deepc-haiphon'; did you mean 'deepc-haiphong'? "
        )
    )


def test_unquoted_code_key_points_at_the_key(tmp_path: Path) -> None:
    """``{22: 15}`` makes 22 an int key; sector codes are text. Line 4 is
    "  reduction_pct_by_sector: {22: 15}": 27 characters + "{" -> the key at column 29."""
    bad = tmp_path / "key.yaml"
    bad.write_text(
        "name: x\npark: hiepphuoc\nrecp:\n  reduction_pct_by_sector: {22: 15}\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as err:
        load_scenario(bad)
    assert err.value.problems[0].to_line() == (
        f"{bad}:4:29: recp.reduction_pct_by_sector.22: key 22 must be text; quote it: '22'"
    )


def test_percentage_over_100(tmp_path: Path) -> None:
    bad = tmp_path / "pct.yaml"
    bad.write_text(
        "name: x\npark: hiepphuoc\nrecp:\n  reduction_pct_by_sector:\n    '22': 150\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        load_scenario(bad)
    # line 5 "    '22': 150": 4 spaces + "'22': " (6) -> 150 at column 11
    assert (
        err.value.problems[0]
        .to_line()
        .startswith(
            f"{bad}:5:11: recp.reduction_pct_by_sector.22: Input should be less than or equal "
            "to 100 (got 150)"
        )
    )


def test_mapping_without_file_keeps_the_key_path_in_column() -> None:
    """:func:`scenario_from_dict` has no YAML marks: ``column`` holds the key path."""
    with pytest.raises(ValidationError) as err:
        scenario_from_dict(
            {"name": "x", "park": "hiepphuoc", "recp": {"reduction_pct_by_site": {"A": -1}}}
        )
    problem = err.value.problems[0]
    assert problem.row is None and problem.column == "recp.reduction_pct_by_site.A"
