"""Writers take turns: a write waits for the file's lock, and gives up in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from filelock import FileLock

from ach import locking
from ach.cli import main
from ach.model import Cell, Rating
from ach.store import FileBusy, Workspace

CASE = "baghdad-tehran"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


@pytest.fixture
def held(bundled: Path, monkeypatch: pytest.MonkeyPatch):
    """Another writer holding the case file's lock (flock: a second handle blocks too)."""
    monkeypatch.setattr(locking, "WAIT_SECONDS", 0.3)
    lock = FileLock(locking.lock_path(bundled / "hypotheses" / f"{CASE}.json"))
    lock.acquire()
    yield lock
    lock.release()


def test_a_save_waits_for_the_lock_then_gives_up_changing_nothing(bundled: Path, held) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    before = _tree(bundled)
    case.set_cell("Dana Levi", "e-01", "h-hedge", Cell(rating=Rating.II))
    with pytest.raises(FileBusy, match=r"^hypotheses/baghdad-tehran\.json is being written by "
                       "another ach; nothing was changed"):
        ws.save_case(case)
    with pytest.raises(FileBusy):
        ws.append_rating_row(case, "Dana Levi", "e-01")
    assert _tree(bundled) == before
    held.release()
    assert ws.save_case(case)  # the other writer is done: ours goes through


def test_ach_rate_on_a_busy_file_says_so_in_one_line(bundled: Path, held,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(bundled)
    code = main(["--root", str(bundled), "rate", CASE, "e-01", "h-hedge", "II"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == ["ach: error: hypotheses/baghdad-tehran.json is being written by "
                                "another ach; nothing was changed (try again in a moment)"]
    assert _tree(bundled) == before


def test_the_lock_file_sits_beside_the_file_it_guards(bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    case.notes = "x"
    ws.save_case(case)
    assert (bundled / "hypotheses" / f".{CASE}.json.lock").exists()
    assert Workspace(bundled).case_ids() == [CASE]  # listing never mistakes it for a case
