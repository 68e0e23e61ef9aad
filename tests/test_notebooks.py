"""The walk-through notebooks run top to bottom (nbclient), and are stored clean."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_notebooks_stored_without_outputs() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "analyst.ipynb",
        "own_park.ipynb",
        "park_developer.ipynb",
        "planner.ipynb",
    ]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name
                imports = [
                    ln for ln in cell.source.splitlines() if ln.startswith(("import ", "from "))
                ]
                assert all(ln.split()[1].split(".")[0] == "eipgeo" for ln in imports), imports


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(
    path: Path, bundled_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each notebook executes with no error in a fresh kernel, offline, on the bundled data."""
    from nbclient import NotebookClient

    monkeypatch.delenv("EIPGEO_DATA_DIR", raising=False)
    monkeypatch.setenv("EIPGEO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("EIPGEO_ALLOW_NETWORK", "0")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute(env=dict(os.environ))
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
