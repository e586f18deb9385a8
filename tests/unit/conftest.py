"""Unit tests of the workbench's headless side, over the checked-in sample workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ach.store import Workspace
from ach.workbench.session import CaseSession

SAMPLE = Path(__file__).resolve().parent.parent / "tui" / "sample"
CASE = "sample"
ANALYST = "Analyst A"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    shutil.copytree(SAMPLE, root)
    return root


def open_session(root: Path = SAMPLE, analyst: str = ANALYST) -> CaseSession:
    return CaseSession.open(Workspace(root), CASE, analyst)
