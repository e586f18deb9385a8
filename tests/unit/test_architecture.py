"""The shape of the code holds: the import contracts of pyproject.toml (layers, the TUI's
features independent of each other, no Textual or Rich below the TUI)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _lint_imports() -> str:
    found = Path(sys.executable).with_name("lint-imports")
    if found.exists():
        return str(found)
    on_path = shutil.which("lint-imports")
    if on_path is None:
        pytest.fail("lint-imports is missing: install the test extras (pip install -e '.[test]')")
    return on_path


def test_every_import_contract_is_kept():
    out = subprocess.run([_lint_imports(), "--no-cache"], cwd=REPO, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout
