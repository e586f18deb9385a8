"""Fixtures that keep the developer's own machine out of the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED_CASE = "baghdad-tehran"


@pytest.fixture(autouse=True)
def _isolated_git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:
    """No test reads the developer's git config or home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("USER", "tester")
    monkeypatch.setenv("LOGNAME", "tester")


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A private copy of the bundled Baghdad–Tehran workspace."""
    root = tmp_path / "workspace"
    for folder in ("hypotheses", "evidence"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "reports").mkdir()
    return root


#: Each folder of tests is a layer, and its name is the layer's marker (pytest -m cli …).
LAYERS = ("unit", "cli", "git", "tui", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        layer = Path(item.fspath).relative_to(Path(__file__).parent).parts[0]
        if layer in LAYERS:
            item.add_marker(getattr(pytest.mark, layer))
