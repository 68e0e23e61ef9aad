"""The command line: contract commands, exit codes and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from eipgeo.cli import app

runner = CliRunner()


def test_parks_lists_slugs_and_tenant_counts() -> None:
    result = runner.invoke(app, ["parks"])
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.strip().splitlines()]
    lines = {r[0]: "\t".join(r[1:3]) for r in rows}
    assert {r[3] for r in rows} == {"bundled"}  # slug, name, tenants, bundled or user
    assert lines["deepc-haiphong"].endswith("23 tenants")
    assert lines["amata-bienhoa"].endswith("7 tenants")
    assert lines["hiepphuoc"].endswith("20 tenants")
    assert set(lines) == {
        "amata-bienhoa",
        "amata-halong",
        "deepc-haiphong",
        "deepc-quangninh",
        "hcmc-uis",
        "hiepphuoc",
    }


def test_demo_with_a_missing_data_folder_stops_with_one_clear_line(tmp_path: Path) -> None:
    """EIPGEO_DATA_DIR naming no folder: exit 2, one line saying how to fix, no map."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "EIPGEO_DATA_DIR": str(tmp_path / "nowhere"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "eipgeo.cli", "demo", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "which is not a folder" in proc.stderr
    assert not list(tmp_path.glob("*.html"))


def test_demo_writes_every_map_and_table(demo_maps: Path) -> None:
    for slug in ["hcmc-uis", "deepc-haiphong", "amata-bienhoa", "hiepphuoc"]:
        assert (demo_maps / f"{slug}.html").stat().st_size > 100_000
        for name in ["summary.csv", "waste_inventory.csv", "routes.csv", "stops.csv"]:
            assert (demo_maps / slug / name).is_file(), (slug, name)


def test_hcmc_summary_is_plausible(demo_maps: Path) -> None:
    """143 outlets (79 restaurants, 51 cafés, 9 fast food, 4 supermarkets), none dropped."""
    summary = pd.read_csv(demo_maps / "hcmc-uis" / "summary.csv").set_index("key")["value"]
    assert int(summary["sources"]) == 79 + 51 + 9 + 4
    assert float(summary["route_km.osm_street"]) > 0
    inventory = pd.read_csv(demo_maps / "hcmc-uis" / "waste_inventory.csv")
    assert set(inventory["basis"]) == {"estimated"}


@pytest.mark.parametrize("slug", ["deepc-haiphong", "amata-bienhoa", "hiepphuoc"])
def test_hazardous_routes_carry_only_hazardous_waste(demo_maps: Path, slug: str) -> None:
    routes = pd.read_csv(demo_maps / slug / "routes.csv")
    haz = routes[routes.group == "hazardous"]
    assert not haz.empty
    assert set(haz["classes"]) == {"hazardous"}
    assert set(haz["vehicle_type"]) == {"hazmat-licensed-5t"}
