"""Shared fixtures: offline settings, the external data folder and Chromium.

Tests that need ``EIPGEO_DATA_DIR`` (``../shared/data``) or ``/usr/bin/chromium`` skip with a
reason when either is missing, except under ``CI=true``, where they fail instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import eipgeo
from eipgeo import settings

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _data_dir() -> Path | None:
    env = os.environ.get("EIPGEO_DATA_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "data")
    return next((c for c in candidates if (c / "osm").is_dir()), None)


def _need(what: str, ok: bool) -> None:
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI=true requires it")
    pytest.skip(f"{what} is missing (set EIPGEO_DATA_DIR / install chromium)")


@pytest.fixture(autouse=True)
def _offline_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test runs offline with its own cache; the data folder stays as the env says."""
    monkeypatch.setattr(settings, "allow_network", False)
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    monkeypatch.setattr(settings, "data_dir", None)
    yield


@pytest.fixture
def shared_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The external data folder (``../shared/data``), set in ``eipgeo.settings``."""
    found = _data_dir()
    _need("the external data folder (../shared/data)", found is not None)
    assert found is not None
    monkeypatch.setattr(settings, "data_dir", found)
    return found


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's Chromium."""
    path = shutil.which("chromium") or ("/usr/bin/chromium"
                                        if Path("/usr/bin/chromium").exists() else None)
    _need("/usr/bin/chromium", path is not None)
    assert path is not None
    return path


@pytest.fixture(scope="session")
def demo_maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run ``eipgeo demo`` once per session into a temporary folder; return that folder."""
    from typer.testing import CliRunner

    from eipgeo.cli import app

    found = _data_dir()
    _need("the external data folder (../shared/data)", found is not None)
    out = tmp_path_factory.mktemp("maps")
    old = settings.data_dir
    settings.data_dir = found
    try:
        result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    finally:
        settings.data_dir = old
    assert result.exit_code == 0, result.output
    return out


__all__ = ["DATA", "REPO", "eipgeo"]
