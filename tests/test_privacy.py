"""Aggregate view: threshold, dominance and secondary suppression, attacked by subtraction.

Groups (t/yr per firm): X = 10, 10, 10; Y = 5, 5 (2 firms < k = 3); Z = 90, 4, 3, 3
(90 of 100 = 90 % > 85 %); W = 20, 20, 20.
"""

from __future__ import annotations

import pandas as pd
import pytest

from eipgeo._errors import UsageError
from eipgeo.outputs import privacy

FIRMS = {"X": [10, 10, 10], "Y": [5, 5], "Z": [90, 4, 3, 3], "W": [20, 20, 20]}


def _frame(groups: dict[str, list[float]]) -> pd.DataFrame:
    rows = [
        {"group": g, "firm_id": f"{g}{i}", "value": float(v)}
        for g, vals in groups.items()
        for i, v in enumerate(vals)
    ]
    return pd.DataFrame(rows)


def _recoverable(table: pd.DataFrame) -> dict[str, float]:
    """What an attacker gets: a suppressed group is recovered when it is the only unknown in
    total = sum(groups) (the only linear relation the table publishes)."""
    body = table[table.group != privacy.TOTAL]
    total = table.loc[table.group == privacy.TOTAL, "value"].iloc[0]
    hidden = body[body.value.isna()]
    if total is None or len(hidden) != 1:
        return {}
    return {hidden.group.iloc[0]: total - body.value.dropna().sum()}


def test_primary_rules_by_hand() -> None:
    t = privacy.suppress_groups(_frame(FIRMS)).set_index("group")
    assert t.at["X", "value"] == 30 and t.at["W", "value"] == 60
    assert t.at["Y", "value"] is None and "fewer than 3" in t.at["Y", "status"]
    assert t.at["Z", "value"] is None and "over 85 %" in t.at["Z", "status"]
    assert t.at[privacy.TOTAL, "value"] == 200  # 30 + 10 + 100 + 60
    assert _recoverable(t.reset_index()) == {}  # only Y + Z = 110 can be derived


def test_secondary_suppression_stops_recovery() -> None:
    """Without Z, only Y is suppressed: total 100 - X 30 - W 60 would give Y = 10. The
    smallest published group (X, 30) is suppressed too, so Y is not recoverable."""
    groups = {g: v for g, v in FIRMS.items() if g != "Z"}
    no_secondary = privacy._primary(_frame(groups), 3, 85.0)
    assert (no_secondary.status != "published").sum() == 1  # the attack would work here
    t = privacy.suppress_groups(_frame(groups))
    assert _recoverable(t) == {}
    row = t.set_index("group").loc["X"]
    assert row["value"] is None and "secondary" in row["status"]


def test_single_suppressed_group_hides_the_total() -> None:
    t = privacy.suppress_groups(_frame({"Y": [5, 5]})).set_index("group")
    assert t.at[privacy.TOTAL, "value"] is None


def test_aggregate_view_of_sites() -> None:
    """Zone n: 1 + 2 + 3 = 6 published (the depot is no firm); the zone-less firm alone is
    suppressed, so the smaller published zone s (1 + 1 + 1 = 3) is suppressed as well."""
    sites = pd.DataFrame(
        {
            "site_id": [*"abcdefg", "D"],
            "role": ["client"] * 7 + ["depot"],
            "zone": ["n", "n", "n", "", "s", "s", "s", "n"],
            "waste_t_per_yr": [1, 2, 3, 4, 1, 1, 1, 0],
        }
    )
    t = privacy.aggregate_view(sites, by="zone").set_index("zone")
    assert t.at["n", "waste_t_per_yr"] == 6 and t.at["n", "firms"] == 3
    assert t.at["(unknown)", "waste_t_per_yr"] is None  # one firm
    assert "secondary" in t.at["s", "status"]
    with pytest.raises(UsageError, match="no column"):
        privacy.aggregate_view(sites, by="sector")


def test_cli_aggregate_view_writes_nothing_firm_level(bundled_data, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``eipgeo run --view aggregate``: group tables and a report, no firm id or name."""
    from pathlib import Path

    from typer.testing import CliRunner

    from eipgeo.cli import app
    from eipgeo.parks import load_park

    scenario = Path(__file__).resolve().parent / "data" / "scenario_base.yaml"
    res = CliRunner().invoke(
        app, ["run", str(scenario), "--out", str(tmp_path), "--view", "aggregate"]
    )
    assert res.exit_code == 0, res.output
    folder = tmp_path / "base" / "deepc-quangninh"
    assert sorted(p.name for p in folder.iterdir()) == [
        "aggregate_by_sector.csv",
        "aggregate_by_zone.csv",
        "report.html",
        "run.json",  # which scenario file wrote the folder; nothing firm-level
    ]
    assert not (tmp_path / "base" / "deepc-quangninh.html").exists()
    firms = load_park("deepc-quangninh").enterprises
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        for fid, name in zip(firms["id"], firms["name"], strict=True):
            assert fid not in text and name not in text, (path.name, fid)
    res = CliRunner().invoke(app, ["run", str(scenario), "--view", "nope"])
    assert res.exit_code == 2
