"""The journal of ratings keeps what it was told or says it could not: short writes, torn
lines, foreign lines, and a journal replayed on another branch."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ach import journal
from ach.cli import main
from ach.jsonfile import FileProblem
from ach.model import Cell, Rating
from ach.store import Workspace

CASE = "baghdad-tehran"
ANALYST = "Dana Levi"


def _is_journal(fd: int) -> bool:
    try:
        return os.readlink(f"/proc/self/fd/{fd}").endswith(journal.SUFFIX)
    except OSError:
        return False


def _rate(ws: Workspace, case, evidence_id: str, hyp: str, rating: Rating) -> None:
    case.set_cell(ANALYST, evidence_id, hyp, Cell(rating=rating))
    ws.append_rating_row(case, ANALYST, evidence_id)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_short_writes_are_retried_until_the_whole_line_is_written(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write

    def dribble(fd: int, data: bytes) -> int:  # a slow pipe or a nearly full disk
        return real(fd, bytes(data)[:7]) if _is_journal(fd) else real(fd, data)

    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    monkeypatch.setattr(os, "write", dribble)
    _rate(ws, case, "e-01", "h-hedge", Rating.II)
    _rate(ws, case, "e-02", "h-hedge", Rating.CC)
    monkeypatch.undo()
    again = Workspace(bundled).load_case(CASE)
    assert again.cell(ANALYST, "e-01", "h-hedge").rating is Rating.II
    assert again.cell(ANALYST, "e-02", "h-hedge").rating is Rating.CC


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_full_disk_fails_the_save_and_leaves_no_half_line(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write

    def full(fd: int, data: bytes) -> int:
        if not _is_journal(fd):
            return real(fd, data)
        if len(data) > 10:
            return real(fd, bytes(data)[:10])  # room for ten bytes, then none
        raise OSError(errno.ENOSPC, "No space left on device")

    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    _rate(ws, case, "e-01", "h-hedge", Rating.II)
    saved = journal.journal_path(ws.case_path(CASE)).read_bytes()
    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError, match="No space left"):
        _rate(ws, case, "e-02", "h-hedge", Rating.CC)
    monkeypatch.undo()
    assert journal.journal_path(ws.case_path(CASE)).read_bytes() == saved
    # The disk has room again: the next rating is saved whole, and so is the row it holds.
    _rate(ws, case, "e-02", "h-tighten", Rating.I)
    again = Workspace(bundled).load_case(CASE)
    assert again.cell(ANALYST, "e-01", "h-hedge").rating is Rating.II
    assert again.cell(ANALYST, "e-02", "h-hedge").rating is Rating.CC
    assert again.cell(ANALYST, "e-02", "h-tighten").rating is Rating.I


def test_a_torn_last_line_is_cut_off_before_the_next_rating(bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    _rate(ws, case, "e-01", "h-hedge", Rating.II)
    path = journal.journal_path(ws.case_path(CASE))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"table": "ratings:Dana Levi", "id": "e-0')  # a writer killed mid-line
    ws = Workspace(bundled)  # the workbench, started again
    case = ws.load_case(CASE)
    _rate(ws, case, "e-03", "h-hedge", Rating.CC)
    assert any("cut off an unfinished last line" in n for n in ws.notices)
    assert path.read_text(encoding="utf-8").endswith("\n")
    again = Workspace(bundled).load_case(CASE)
    assert again.cell(ANALYST, "e-01", "h-hedge").rating is Rating.II
    assert again.cell(ANALYST, "e-03", "h-hedge").rating is Rating.CC


@pytest.mark.parametrize(("line", "problem"), [
    ('{"table": "hypotheses", "id": "h-hedge", "record": {"title": "x"}}', "only ratings"),
    ('{"table": "ratings:Dana Levi", "id": "e-01", "record": null}', "deletes a record"),
    ('{"table": "ratings:Dana Levi", "id": "e-99", "record": {"h-hedge": {"rating": "C"}}}',
     "does not use"),
    ('{"table": "ratings:Dana Levi", "id": "e-01", "record": {"h-nope": {"rating": "C"}}}',
     "unknown hypothesis"),
    ('{"table": "ratings:Dana Levi", "id": "e-01", "record": {"h-hedge": {"rating": "Z"}}}',
     "is not a rating"),
])
def test_a_foreign_journal_line_is_refused_naming_the_journal(
        bundled: Path, line: str, problem: str, capsys: pytest.CaptureFixture[str]) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    _rate(ws, case, "e-01", "h-hedge", Rating.II)
    path = journal.journal_path(ws.case_path(CASE))
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    with pytest.raises(FileProblem, match=problem) as caught:
        Workspace(bundled).load_case(CASE)
    assert str(caught.value).startswith(f"hypotheses/.{CASE}.json.journal: line 3: ")
    assert main(["--root", str(bundled), "validate"]) != 0
    err = capsys.readouterr()
    assert f"hypotheses/.{CASE}.json.journal: line 3" in err.out + err.err


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                          cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def test_a_journal_left_on_another_branch_is_set_aside_not_replayed(bundled: Path) -> None:
    root = bundled
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "case")
    _git(root, "checkout", "-qb", "other")
    ws = Workspace(root)
    case = ws.load_case(CASE)
    case.set_cell(ANALYST, "e-01", "h-hedge", Cell(rating=Rating.CC, reason="committed"))
    ws.save_case(case)
    _git(root, "commit", "-qam", "rated on other")
    _git(root, "checkout", "-q", "main")
    # The workbench on main saves a rating of the same cell to the journal, then is killed.
    ws = Workspace(root)
    case = ws.load_case(CASE)
    _rate(ws, case, "e-01", "h-hedge", Rating.II)
    _git(root, "checkout", "-q", "other")  # the journal is untracked: it stays
    done = subprocess.run([sys.executable, "-m", "ach", "--root", str(root), "--analyst",
                           "Cli", "rate", CASE, "e-02", "h-hedge", "I"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "was written against another version" in done.stderr
    disk = Workspace(root).load_case(CASE)
    assert disk.cell(ANALYST, "e-01", "h-hedge") == Cell(rating=Rating.CC, reason="committed")
    assert disk.cell("Cli", "e-02", "h-hedge").rating is Rating.I
    stale = list((root / "hypotheses").glob(f".{CASE}.json.journal.stale-*"))
    assert len(stale) == 1 and '"II"' in stale[0].read_text(encoding="utf-8")
