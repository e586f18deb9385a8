"""The core and the fast CLI paths never import Textual (DESIGN.md §2, §6)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = ["ach.model", "ach.scoring", "ach.store", "ach.validate", "ach.matrix_csv", "ach.cli",
            "ach.report", "ach.commands.report"]


@pytest.mark.parametrize("module", HEADLESS)
def test_core_module_imports_no_textual(module: str) -> None:
    code = (f"import sys, {module}; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imported {out.stdout.strip()}"


@pytest.mark.parametrize("argv", [["score", "baghdad-tehran"], ["score", "baghdad-tehran",
                                                                  "--json"],
                                  ["report", "baghdad-tehran"]])
def test_score_command_runs_without_textual(argv: list[str], bundled) -> None:
    code = ("import sys, runpy; from ach.cli import main; "
            f"rc = main({['--root', str(bundled), *argv]!r}); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
            "print('LOADED:' + ','.join(bad), file=sys.stderr); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "LOADED:\n" in out.stderr or out.stderr.strip().endswith("LOADED:")
