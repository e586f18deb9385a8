"""The bundled case's briefing, byte for byte, and its printed pages, line for line.

The golden files are the briefing someone looked at in a browser and accepted, and the
text of each page of its PDF (A4, ``pdftotext -layout``; pages split by form feeds). After
an intended change (or a change to the bundled case), regenerate all of them and the
committed report with one command, look at them, then commit:

    ACH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/browser/test_report_golden.py

The PDF's own metadata (creation date, producer) changes from run to run; its pages'
text does not, and that is what is compared.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ach.cli import main
from ach.report import render_briefing
from ach.store import Workspace
from tests.browser.test_report_browser import CHROMIUM
from tests.conftest import BUNDLED_CASE, REPO

GOLDEN = Path(__file__).parent / "golden" / f"{BUNDLED_CASE}.html"
GOLDEN_PDF_TEXT = Path(__file__).parent / "golden" / f"{BUNDLED_CASE}.pdf.txt"
COMMITTED = REPO / "reports" / f"{BUNDLED_CASE}.html"
UPDATE = os.environ.get("ACH_UPDATE_GOLDEN") == "1"
HOW = "if the change is intended: ACH_UPDATE_GOLDEN=1 pytest tests/browser/test_report_golden.py"


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


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.skipif(
    (CHROMIUM is None or shutil.which("pdftotext") is None) and not os.environ.get("CI"),
    reason="no Chromium or pdftotext on PATH (Debian: apt-get install chromium poppler-utils)")
def test_bundled_pdf_pages_match_the_golden_text(bundled, capsys):
    target = bundled / "out.pdf"
    assert main(["--root", str(bundled), "report", BUNDLED_CASE, "--pdf", "-o",
                 str(target)]) == 0
    capsys.readouterr()
    text = pdf_text(target)
    assert text.count("\f") >= 2, "page one and an annex"
    # Printed twice, the same pages: nothing but the PDF's metadata may differ.
    again = bundled / "again.pdf"
    assert main(["--root", str(bundled), "report", BUNDLED_CASE, "--pdf", "-o",
                 str(again)]) == 0
    assert pdf_text(again) == text
    compare(GOLDEN_PDF_TEXT, text)
