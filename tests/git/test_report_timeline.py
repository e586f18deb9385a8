"""The case through time in the briefing: the timeline of the matrix's reading in the annex,
and once an outcome is recorded, what happened on page one and the review in the annex,
checked against ``ach history --json`` and ``ach review --json`` on a real git history."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from ach.estimative import band
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.history_repo import CASE, SUBJECTS, story  # noqa: F401 - the fixture
from tests.report_html import Element, parse


def clone(story, tmp_path: Path) -> Path:  # noqa: F811
    """A private copy of the scripted history (same commits), to record outcomes in."""
    root = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(story.root), str(root)], check=True)
    return root


def ach(root: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "ach", "--root", str(root), *args],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def briefing(root: Path) -> Element:
    ach(root, "report", CASE)
    page = parse((root / "reports" / f"{CASE}.html").read_text(encoding="utf-8"))
    assert page.problems == []
    return page.root


def words(element: Element) -> str:
    return " ".join(element.text().split())


def body_rows(section: Element) -> list[Element]:
    return section.find_all("tbody")[0].find_all("tr")


def has_id(root: Element, element_id: str) -> bool:
    return any(e.attrs.get("id") == element_id for e in root.iter())


def current_refs(root: Path) -> dict[str, str]:
    case = Workspace(root).load_case(CASE)
    return {h.id: f"H{i}" for i, h in enumerate(case.hypotheses, 1)}


# -- the timeline --------------------------------------------------------------------------

def test_timeline_rows_match_ach_history_commit_for_commit(story, tmp_path):  # noqa: F811
    root = clone(story, tmp_path)
    history = json.loads(ach(root, "history", CASE, "--json"))["commits"]
    section = briefing(root).by_id("timeline")
    rows = body_rows(section)
    assert len(rows) == len(history) == 10
    refs = current_refs(root)
    case = Workspace(root).load_case(CASE)
    columns = [h.id for h in case.hypotheses]  # no hypothesis was removed in this story
    for row, commit in zip(rows, history, strict=True):
        head, lead, flip, *terms = row.find_all("th") + row.find_all("td")
        assert commit["commit"][:10] in head.text()
        assert commit["subject"] in head.text() and commit["author"] in head.text()
        keys = [e.text() for e in lead.find_all("span") if "key" in e.attrs.get("class", "")]
        assert keys == [refs[h] for h in commit["leader"]]
        expected = commit["flip_margin"]
        assert flip.text().split(" ")[0] == ("—" if expected is None else str(expected))
        assert [t.text() for t in terms] == [band(commit["probabilities"][h]).value
                                            for h in columns]
    assert [words(r.find_all("th")[0]) for r in rows][0].startswith("2 January 2025")
    assert "earlier commit" not in words(section)


def test_timeline_shows_the_latest_twelve_and_counts_the_rest(story, tmp_path):  # noqa: F811
    root = clone(story, tmp_path)
    for n, code in enumerate(("C", "N", "I")):
        ach(root, "--analyst", "Bob", "rate", CASE, "e-02", "h-distance", code)
        subprocess.run(["git", "-c", "user.name=Bob", "-c", "user.email=b@example.org",
                        "commit", "-qam", f"Bob re-rates e-02 ({n})"], cwd=root, check=True)
    history = json.loads(ach(root, "history", CASE, "--json"))["commits"]
    assert len(history) == 13
    section = briefing(root).by_id("timeline")
    rows = body_rows(section)
    assert len(rows) == 12
    assert [r.find_all("code")[0].text() for r in rows] == [c["commit"][:10]
                                                             for c in history[:12]]
    assert "and 1 earlier commit that changed the case" in words(section)


def test_no_timeline_and_no_git_outside_a_repository(bundled):
    """Outside a repository the briefing has no timeline, and ach report never loads the
    git reading at all (so it costs nothing)."""
    code = ("import sys; from ach.cli import main; "
            f"rc = main({['--root', str(bundled), 'report', BUNDLED_CASE]!r}); "
            "print(sorted(m for m in sys.modules if m.startswith(('ach.history', "
            "'ach.report.past', 'ach.report.since'))), file=sys.stderr); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr.strip().endswith("[]"), done.stderr
    root = parse((bundled / "reports" / f"{BUNDLED_CASE}.html").read_text(encoding="utf-8")
                 ).root
    assert not has_id(root, "timeline") and not has_id(root, "review")
    assert "Through time" not in words(root.find_all("nav")[0])


# -- the review ----------------------------------------------------------------------------

def test_review_in_the_briefing_matches_ach_review(story, tmp_path):  # noqa: F811
    root = clone(story, tmp_path)
    ach(root, "outcome", CASE, "H2", "--date", "2025-06-01", "--note",
        "Baghdad tightened its ties")
    review = json.loads(ach(root, "review", CASE, "--json"))
    page = briefing(root)
    section = page.by_id("review")
    rows = body_rows(section)
    assert [r.attrs["data-commit"] for r in rows] == [c["commit"] for c in review["commits"]]
    analysts = list(review["analysts"])
    for row, commit in zip(rows, review["commits"], strict=True):
        cells = [td.text() for td in row.find_all("td")]
        assert cells[2] == f"{commit['brier']:.3f}"
        assert cells[3:] == [f"{commit['analysts'][a]:.3f}" if a in commit["analysts"]
                             else "—" for a in analysts]
        assert ("did not hold" in cells[0]) == (not commit["leader_held"])
    text = words(section)
    briers = [c["brier"] for c in review["commits"]]
    mean = sum(briers) / len(briers)
    assert f"the team's readings averaged {mean:.3f}" in text
    for name, value in review["analysts"].items():
        assert f"{name}: {value:.3f}" in text
    # The items that misled, heaviest first, named by ref and summary.
    misled = [e["id"] for e in review["evidence"] if e["misled"]][:8]
    listed = section.find_all("ul")
    shown = next(u for u in listed if "misled" in u.attrs.get("class", ""))
    assert [a.attrs["href"] for a in shown.find_all("a")] == [f"#row-{e}" for e in misled]
    assert "E3 Baghdad has demanded the US-led coalition leave Iraq" in words(shown)
    assert "How the margin moved" in text
    # Page one says what happened and how the readings scored, in plain words.
    summary = words(page.by_id("summary"))
    assert "What happened On 1 June 2025 it was known that Baghdad binds itself to Tehran " \
           "held: Baghdad tightened its ties." in summary
    assert (f"the matrix's readings at the 10 saved versions of the case averaged a Brier "
            f"score of {mean:.2f} (0 is perfect, 2 is as wrong as possible); the latest "
            f"scored {briers[0]:.2f}.") in summary
    assert "The hypothesis it put first held in none of the 10." in summary
    assert not re.search(r"\b[eh]-\d|\bE\d+\b|\bH\d\b", summary.split("What happened")[1])


def test_an_outcome_outside_a_repository_scores_the_current_reading(bundled):
    ach(bundled, "outcome", BUNDLED_CASE, "H3", "--date", "2025-06-01")
    root = briefing_of(bundled)
    summary = words(root.by_id("summary"))
    assert "On 1 June 2025 it was known that Baghdad hedges between Tehran and the US held." \
        in summary
    assert re.search(r"the matrix's current reading has a Brier score of 0\.\d\d", summary)
    assert not has_id(root, "review")


def test_an_overtaken_question_is_said_and_not_scored(story, tmp_path):  # noqa: F811
    root = clone(story, tmp_path)
    ach(root, "outcome", CASE, "--overtaken", "--date", "2025-06-01")
    page = briefing(root)
    summary = words(page.by_id("summary"))
    assert "On 1 June 2025 events overtook the question." in summary
    assert "No reading of the matrix can be scored against it." in summary
    assert not has_id(page, "review") and has_id(page, "timeline")


def briefing_of(root: Path) -> Element:
    ach(root, "report", BUNDLED_CASE)
    return parse((root / "reports" / f"{BUNDLED_CASE}.html").read_text(encoding="utf-8")).root


def test_committing_the_briefing_adds_no_timeline_row(story, tmp_path):  # noqa: F811
    """Committing the briefing itself is not a change to the case: no new timeline row."""
    root = clone(story, tmp_path)
    briefing(root)
    subprocess.run(["git", "-c", "user.name=D", "-c", "user.email=d@example.org", "add",
                    "reports"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=D", "-c", "user.email=d@example.org", "commit",
                    "-qm", "briefing"], cwd=root, check=True)
    assert len(body_rows(briefing(root).by_id("timeline"))) == len(SUBJECTS)
