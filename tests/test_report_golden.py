"""The bundled case's briefing, byte for byte.

The golden file is the briefing someone looked at in a browser and accepted. After an
intended change, regenerate it and the committed report, look at them, then commit:

    ACH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ach.report import render_briefing
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE, REPO

GOLDEN = Path(__file__).parent / "golden" / f"{BUNDLED_CASE}.html"
COMMITTED = REPO / "reports" / f"{BUNDLED_CASE}.html"
UPDATE = os.environ.get("ACH_UPDATE_GOLDEN") == "1"
HOW = "if the change is intended: ACH_UPDATE_GOLDEN=1 pytest tests/test_report_golden.py"


@pytest.fixture
def rendered(bundled) -> str:
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    return render_briefing(case, lib)


def compare(path: Path, rendered: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path.name} is missing; {HOW}"
    expected = path.read_text(encoding="utf-8")
    if rendered != expected:
        got, want = rendered.splitlines(), expected.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(got, want, strict=False))
                      if a != b),
                     min(len(got), len(want)))
        pytest.fail(f"the briefing differs from {path.name} from line {first + 1}; {HOW}")


def test_bundled_briefing_matches_the_golden_file(rendered):
    compare(GOLDEN, rendered)


def test_committed_report_is_current(rendered):
    """reports/ holds the briefing as ach report writes it, so re-rendering makes no diff."""
    compare(COMMITTED, rendered)
