"""Writers take turns: a write waits for the file's lock, and gives up in one line."""

from __future__ import annotations

import json
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


# -- the writers beside the store: an import's moves, remerge and resolve -----------------

def _files(root: Path) -> dict[str, bytes]:
    """The workspace's files as a person sees them (git's own and lock files aside)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")
            and p.relative_to(root).parts[0] != ".git"}


def _hold(path: Path, monkeypatch: pytest.MonkeyPatch) -> FileLock:
    monkeypatch.setattr(locking, "WAIT_SECONDS", 0.3)
    lock = FileLock(locking.lock_path(path))
    lock.acquire()
    return lock


@pytest.mark.parametrize("busy", ["hypotheses/imported.json", "evidence/no-source.json"])
def test_an_import_waits_for_each_files_lock_then_gives_up_changing_nothing(
        bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], busy: str) -> None:
    sheet = tmp_path / "matrix.csv"
    sheet.write_text("evidence,Talks,Stalling\nA wire report,C,I\nA second one,N,II\n",
                     encoding="utf-8")
    before = _files(bundled)
    lock = _hold(bundled / busy, monkeypatch)
    try:
        code = main(["--root", str(bundled), "--analyst", "Ann", "import-matrix", str(sheet),
                     "--case", "imported"])
        err = capsys.readouterr().err
    finally:
        lock.release()
    assert code == 1
    assert err.splitlines() == [f"ach: error: {busy} is being written by another ach; "
                                "nothing was changed (try again in a moment)"]
    assert _files(bundled) == before
    assert main(["--root", str(bundled), "--analyst", "Ann", "import-matrix", str(sheet),
                 "--case", "imported"]) == 0  # the other writer is done: ours goes through


def _conflicted(bundled: Path) -> Path:
    """The bundled case with a hypothesis's title edited two ways, as a merge leaves it."""
    from ach.jsonfile import canonical_json
    from ach.merge import merge_texts, write_conflicts

    path = bundled / "hypotheses" / f"{CASE}.json"
    base = json.loads(path.read_text(encoding="utf-8"))
    ours, theirs = json.loads(json.dumps(base)), json.loads(json.dumps(base))
    ours["hypotheses"]["h-hedge"]["title"] = "Baghdad hedges, for now"
    theirs["hypotheses"]["h-hedge"]["title"] = "Baghdad plays both sides"
    merged = merge_texts(*(canonical_json(v) for v in (base, ours, theirs)))
    assert not merged.clean
    path.write_text(merged.text, encoding="utf-8")
    write_conflicts(path, merged.conflicts)
    return path


def test_resolve_on_a_busy_file_says_so_in_one_line_and_changes_nothing(
        bundled: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _conflicted(bundled)
    before = _files(bundled)
    lock = _hold(path, monkeypatch)
    try:
        code = main(["--root", str(bundled), "resolve", CASE, "--take", "theirs"])
        err = capsys.readouterr().err
    finally:
        lock.release()
    assert code == 1
    assert len(err.splitlines()) == 1
    assert err.startswith("ach: error: ") and "baghdad-tehran.json is being written by " \
        "another ach; nothing was changed" in err
    assert _files(bundled) == before
    assert main(["--root", str(bundled), "resolve", CASE, "--take", "theirs"]) == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["hypotheses"]["h-hedge"]["title"] == "Baghdad plays both sides"


def test_remerge_on_a_busy_file_says_so_in_one_line_and_changes_nothing(
        bundled: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from tests.git.test_git_merge import Repo, _alice_and_bob

    repo = Repo(bundled, capsys)
    _alice_and_bob(repo)
    repo.git("checkout", "-q", "alice")
    assert repo.merge("bob").returncode != 0  # no driver: git leaves markers
    path = bundled / "hypotheses" / f"{CASE}.json"
    before = _files(bundled)
    lock = _hold(path, monkeypatch)
    try:
        code, _, err = repo.ach("remerge", str(path))
    finally:
        lock.release()
    assert code == 1
    assert err.splitlines() == [f"ach: error: hypotheses/{CASE}.json is being written by "
                                "another ach; nothing was changed (try again in a moment)"]
    assert _files(bundled) == before
    assert "without conflicts" in repo.ok("remerge", str(path))
