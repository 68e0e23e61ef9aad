"""Shared fixtures: offline settings, the bundled data folder and Chromium.

Every test reads the data bundled with eipgeo (``eipgeo/data``) or its own fixtures under
``tests/data``; ``EIPGEO_DATA_DIR`` is unset for every test (a test of the override sets its
own folder). Tests that need ``/usr/bin/chromium`` skip with a reason when it is missing,
except under ``CI=true``, where they fail instead.

With ``EIPGEO_TEST_FORBID_PATH`` set to a folder (``.ci/run`` sets it to ``../shared``), any
attempt by the test process to open a file under it fails the test: the tests must not
depend on data outside the repository.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import eipgeo
from eipgeo import settings
from eipgeo.data import BUNDLED_DATA_DIR

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _forbid_reads_under(root: Path) -> None:
    """Make every ``open`` of a path under ``root`` in this process raise (an audit hook)."""
    import sys

    prefix = str(root.resolve()) + os.sep

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.fsdecode(args[0])  # type: ignore[arg-type]
            if os.path.abspath(path).startswith(prefix):
                raise PermissionError(
                    f"tests may not read {path}: it is outside the "
                    "repository (EIPGEO_TEST_FORBID_PATH)"
                )

    sys.addaudithook(hook)


if os.environ.get("EIPGEO_TEST_FORBID_PATH"):
    _forbid_reads_under(Path(os.environ["EIPGEO_TEST_FORBID_PATH"]))


def _need(what: str, ok: bool) -> None:
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI=true requires it")
    pytest.skip(f"{what} is missing (set EIPGEO_DATA_DIR / install chromium)")


@pytest.fixture(autouse=True)
def _offline_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test runs offline with its own cache and the bundled data."""
    monkeypatch.setattr(settings, "allow_network", False)
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    monkeypatch.setattr(settings, "data_dir", None)
    monkeypatch.delenv("EIPGEO_DATA_DIR", raising=False)
    yield


@pytest.fixture
def bundled_data() -> Path:
    """The data folder bundled with eipgeo (``eipgeo/data``: osm/, admin/, legal/, parks/)."""
    return BUNDLED_DATA_DIR


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's Chromium."""
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    _need("/usr/bin/chromium", path is not None)
    assert path is not None
    return path


@pytest.fixture(scope="session")
def demo_maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run ``eipgeo demo`` once per session into a temporary folder; return that folder."""
    from typer.testing import CliRunner

    from eipgeo.cli import app

    out = tmp_path_factory.mktemp("maps")
    old, env = settings.data_dir, os.environ.pop("EIPGEO_DATA_DIR", None)
    settings.data_dir = None
    try:
        result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    finally:
        settings.data_dir = old
        if env is not None:
            os.environ["EIPGEO_DATA_DIR"] = env
    assert result.exit_code == 0, result.output
    return out


__all__ = ["DATA", "REPO", "eipgeo"]
