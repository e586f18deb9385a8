"""The briefing on paper and on its first page: ``ach report --pdf``, the marking on every
printed page, page one's contents, figures that never claim more than 1–99 %, the
``case``/``new --marking`` commands, and the "since the last briefing" line from git."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ach.cli import main
from ach.estimative import band
from ach.model import Confidence, DependenceGroup, EstimativeTerm, KeyJudgment, Rating
from ach.report import render_briefing
from ach.report.render import css_string
from ach.scoring import score_case
from ach.store import Workspace
from tests.browser.test_report_browser import CHROMIUM
from tests.conftest import BUNDLED_CASE
from tests.report_cases import (
    ARABIC,
    BREAKOUT,
    SCRIPT,
    build_case,
    hostile_workspace,
    item,
    library,
)
from tests.report_html import parse

#: Printing needs Chromium, reading the pages back poppler's pdftotext; CI installs both
#: (.ci/run), so there a missing one fails rather than skips.
needs_chromium = pytest.mark.skipif(
    (CHROMIUM is None or shutil.which("pdftotext") is None) and not os.environ.get("CI"),
    reason="no Chromium or pdftotext on PATH (Debian: apt-get install chromium "
           "poppler-utils)")

JUDGMENT = "Baghdad will most likely keep hedging between Tehran and Washington"


def run(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def judged_workspace(root: Path) -> Workspace:
    """The bundled case's ratings with a key judgment, a marking, a group and a refutation."""
    workspace = Workspace(root)
    case, lib = workspace.open(BUNDLED_CASE)
    case.marking = "UNCLASSIFIED // FOR TRAINING"
    case.judgments = [KeyJudgment(
        id="j-1", text=JUDGMENT, term=EstimativeTerm.LIKELY, confidence=Confidence.MODERATE,
        basis="Sixteen items from one article, weighed against three hypotheses",
        hypothesis_id="h-hedge", written=dt.date(2024, 12, 26))]
    case.groups = [DependenceGroup(id="g-1", label="Al-Sumidei interview",
                                   members=["e-04", "e-05", "e-06"])]
    case.hypotheses[0].refuted_by = "Baghdad signs a new security pact with Tehran"
    workspace.save_case(case)
    return workspace


def pdf_pages(pdf: Path, *options: str) -> list[str]:
    """Each page's text (pdftotext's reading order; ``-layout`` keeps the columns apart
    on the line, which cuts a sentence of a two-column page in pieces)."""
    text = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


# -- page one ---------------------------------------------------------------------------

def test_page_one_leads_with_the_key_judgment_stated_apart_from_its_confidence(bundled):
    workspace = judged_workspace(bundled)
    case, lib = workspace.open(BUNDLED_CASE)
    page = parse(render_briefing(case, lib))
    summary = " ".join(page.root.by_id("summary").text().split())
    assert JUDGMENT in summary
    assert "Likelihood likely" in summary and "Confidence moderate" in summary
    assert "No key judgment has been recorded" not in summary
    # Linked items count once: the three of the interview are one independent item.
    counted = sum(not ref.excluded for ref in case.evidence)
    assert f"they count as {counted - 2} independent items" in summary


def test_page_one_without_a_judgment_says_so_and_labels_the_matrix_reading(bundled):
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    case.judgments = []  # the analyst's own judgment set aside
    scores = score_case(case, lib.items, None)
    (leader,) = scores.leaders
    steps = scores.flip_margin.steps
    assert steps > 1  # so the sentence below is the plural one
    summary = " ".join(parse(render_briefing(case, lib)).root.by_id("summary").text().split())
    assert "No key judgment has been recorded for this case. In its place, the matrix's " \
        "reading (assumes independent items):" in summary
    reading = band(scores.hypothesis(leader).probability).value
    assert (f"{case.hypothesis(leader).title} leads; the matrix reads it as {reading}."
            in summary)
    assert f"It would take {steps} rating changes to change the conclusion" in summary
    assert "Single-source assessment" in summary


def test_page_one_shows_no_ids_no_score_units_and_no_step_numbers(bundled):
    workspace = judged_workspace(bundled)
    case, lib = workspace.open(BUNDLED_CASE)
    summary = parse(render_briefing(case, lib)).root.by_id("summary").text()
    ids = [h.id for h in case.hypotheses] + [r.id for r in case.evidence]
    assert not [i for i in ids if i in summary]
    assert not re.search(r"\b[EH]\d+\b", summary)  # no refs either
    assert "inconsisten" not in summary.replace("inconsistent", "")  # no score names
    assert not re.search(r"\d\.\d\d", summary)  # no score figures
    assert not re.search(r"\bstep \d", summary)


# -- figures held within 1–99 % ------------------------------------------------------------

def percentages(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"(\d+(?:\.\d+)?)\s?%", text)]


def test_no_percentage_beyond_one_to_ninety_nine_is_printed(bundled):
    # The bundled case's leader reads >99 %; a lone item against a hypothesis is all of
    # its score; a case of one item against one hypothesis is as certain as it gets.
    rows = {f"e{i}": {"h1": "CC", "h2": "II"} for i in range(1, 30)}
    extreme = build_case(["Alpha", "Beta"], {"A": rows}, list(rows))
    cases = [Workspace(bundled).open(BUNDLED_CASE),
             (extreme, library(*(item(e) for e in rows)))]
    for case, lib in cases:
        text = parse(render_briefing(case, lib)).text()
        shown = percentages(text)
        assert shown, "the matrix's reading shows a clamped percentage"
        assert all(1 <= p <= 99 for p in shown), shown
        assert ">99%" in text and "<1%" in text


# -- the marking --------------------------------------------------------------------------

def test_the_marking_is_a_css_string_no_analyst_text_can_leave():
    literal = str(css_string(f"A\"B\\C</style>{SCRIPT}\n{ARABIC}"))
    assert literal.startswith('"') and literal.endswith('"')
    assert literal.count('"') == 2 and "<" not in literal and "\n" not in literal
    decoded = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), literal[1:-1])
    assert decoded == f"A\"B\\C</style>{SCRIPT} {ARABIC}"


def test_a_hostile_marking_stays_inside_its_string(tmp_path):
    workspace = hostile_workspace(tmp_path / "hostile")
    case, lib = workspace.open("hostile")
    page = parse(render_briefing(case, lib))
    style = page.root.find_all("style")[0].text()
    assert "</style" not in style.lower() and "<script" not in style.lower()
    found = re.search(r'@top-center \{ content: "([^"]*)";', style)
    assert found is not None
    decoded = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), found.group(1))
    assert decoded == case.marking
    markings = [p.text() for p in page.root.find_all("p")
                if "marking" in (p.attrs.get("class") or "")]
    assert markings == [case.marking, case.marking]  # top and bottom, as text


# -- the commands -------------------------------------------------------------------------

def test_new_and_case_set_the_marking_and_the_question(capsys, tmp_path):
    root = tmp_path / "ws"
    (root / "hypotheses").mkdir(parents=True)
    code, _, err = run(capsys, root, "new", "c1", "--question", "Which?", "--marking",
                       "  SECRET   //  REL  ")
    assert (code, err) == (0, "")
    assert Workspace(root).load_case("c1").marking == "SECRET // REL"
    code, out, err = run(capsys, root, "case", "c1", "--question", "Which one?",
                         "--marking", "UNCLASSIFIED")
    assert (code, err) == (0, "") and "marking 'UNCLASSIFIED'" in out
    case = Workspace(root).load_case("c1")
    assert (case.question, case.marking) == ("Which one?", "UNCLASSIFIED")
    code, _, _ = run(capsys, root, "case", "c1", "--marking", "")
    assert code == 0 and Workspace(root).load_case("c1").marking == ""


@pytest.mark.parametrize(("argv", "message"), [
    (["case", "c1"], "nothing to change"),
    (["case", "c1", "--question", "  "], "--question must not be empty"),
    (["case", "c1", "--marking", "bell\x07"], "control characters"),
    (["case", "nope", "--marking", "X"], "no case 'nope'"),
])
def test_case_mistakes_are_one_line_and_change_nothing(capsys, tmp_path, argv, message):
    root = tmp_path / "ws"
    (root / "hypotheses").mkdir(parents=True)
    assert run(capsys, root, "new", "c1", "--question", "Which?")[0] == 0
    before = (root / "hypotheses" / "c1.json").read_bytes()
    code, out, err = run(capsys, root, *argv)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err
    assert (root / "hypotheses" / "c1.json").read_bytes() == before


def test_pdf_without_chromium_names_the_package(capsys, bundled, monkeypatch):
    monkeypatch.setenv("PATH", str(bundled / "no-browsers-here"))
    code, out, err = run(capsys, bundled, "report", BUNDLED_CASE, "--pdf")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "apt-get install chromium" in err
    assert not (bundled / "reports" / f"{BUNDLED_CASE}.pdf").exists()


def test_paper_without_pdf_is_a_mistake(capsys, bundled):
    code, _, err = run(capsys, bundled, "report", BUNDLED_CASE, "--paper", "letter")
    assert code == 1 and "add --pdf" in err


@needs_chromium
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_page_one_of_the_pdf_holds_the_judgment_the_marking_and_its_number(
        capsys, bundled, paper):
    judged_workspace(bundled)
    code, out, err = run(capsys, bundled, "report", BUNDLED_CASE, "--pdf", "--paper", paper)
    pdf = bundled / "reports" / f"{BUNDLED_CASE}.pdf"
    assert (code, err, out) == (0, "", f"wrote reports/{BUNDLED_CASE}.pdf\n")
    assert pdf.read_bytes().startswith(b"%PDF-")
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert ("(A4)" in size) == (paper == "a4") and ("(letter)" in size) == (paper == "letter")
    pages = pdf_pages(pdf)
    first = " ".join(pages[0].split())
    assert JUDGMENT in first
    assert f"page 1 of {len(pages)}" in first
    assert "data as of 26 December 2024" in first
    # Page one is the whole summary: the sourcing line ends it, the annex starts after.
    assert "Single-source assessment" in first and "Annex" not in first
    for n, page in enumerate(pdf_pages(pdf, "-layout"), 1):  # the marking, top and bottom
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert "UNCLASSIFIED // FOR TRAINING" in lines[0], n
        assert "UNCLASSIFIED // FOR TRAINING" in lines[-1] and f"page {n} of" in lines[-1], n


@needs_chromium
def test_the_pdf_of_hostile_text_prints_it_as_text(capsys, tmp_path):
    workspace = hostile_workspace(tmp_path / "hostile")
    target = tmp_path / "out.pdf"
    code, _, err = run(capsys, workspace.root, "report", "hostile", "--pdf", "-o", str(target))
    assert code == 0, err
    first = " ".join(pdf_pages(target)[0].split())
    assert f"Judgment {SCRIPT}" in first and BREAKOUT in first
    assert f"Marking {SCRIPT}" in first


# -- since the last briefing ----------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True).stdout


def test_since_the_last_briefing_reads_the_case_at_its_last_commit(capsys, bundled):
    summary = lambda: " ".join(parse((bundled / "reports" / f"{BUNDLED_CASE}.html")  # noqa: E731
                                     .read_text(encoding="utf-8")).root.by_id("summary")
                               .text().split())
    assert run(capsys, bundled, "report", BUNDLED_CASE)[0] == 0
    assert "Since the last briefing" not in summary()  # no repository
    git(bundled, "init", "-q")
    git(bundled, "-c", "user.name=T", "-c", "user.email=t@example.org", "add", "-A")
    git(bundled, "-c", "user.name=T", "-c", "user.email=t@example.org",
        "commit", "-qm", "first briefing", "--date", "2025-01-03T10:00:00")
    assert run(capsys, bundled, "report", BUNDLED_CASE)[0] == 0
    assert "Since the last briefing" not in summary()  # nothing changed since
    # One of the leader's cells changed to a rating that counts nothing against it, so
    # the lead stays where it was.
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    (leader,) = score_case(case, lib.items, None).leaders
    item = next(ref.id for ref in case.evidence if not ref.excluded)
    was = case.cell("Dana Levi", item, leader).rating
    now = Rating.C if was is Rating.N else Rating.N
    assert run(capsys, bundled, "--analyst", "Dana Levi", "rate", BUNDLED_CASE, item,
               leader, now.value)[0] == 0
    assert run(capsys, bundled, "report", BUNDLED_CASE)[0] == 0
    assert (f"Since the last briefing (3 January 2025): one rating changed; "
            f"{case.hypothesis(leader).title} still leads.") in summary()
    code, _, err = run(capsys, bundled, "report", BUNDLED_CASE, "--since", "no-such-rev")
    assert code == 1 and "--since no-such-rev" in err and err.count("\n") == 1
