"""Interrupted imports leave nothing half-done: ``kill -9`` during ``ach import-matrix`` of
20,000 rows leaves the workspace as it was (or the whole case), and importing again never
doubles items."""

from __future__ import annotations

import csv
import hashlib
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from ach import staging
from ach.store import Workspace
from tests.cli.test_cli import ACH, ach

ROWS = 20_000
SOURCES = 50


def tree(root: Path) -> dict[str, str]:
    """The workspace's files as ach and git see them (staging folders aside)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).parts[0].startswith(staging.PREFIX)}


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "matrix.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "evidence", "type", "source", "date", "credibility", "relevance",
                      "Talks", "Stalling", "Collapse"])
        for i in range(ROWS):
            out.writerow(["", f"Report {i} on the border talks", "", f"Wire {i % SOURCES}",
                          "", "", "", "C", "I", "N"])
    return path


def start(root: Path, sheet: Path, case: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*ACH, "--root", str(root), "--analyst", "Ann", "import-matrix",
                             str(sheet), "--case", case], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def kill_when(process: subprocess.Popen[bytes], ready, timeout: float = 30) -> None:
    """SIGKILL the import as soon as ``ready()`` holds (or it has finished)."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()


def staged_files(root: Path) -> int:
    return sum(1 for folder in staging.pending(root) for p in folder.rglob("*.json"))


def test_kill_9_at_any_point_leaves_the_workspace_as_it_was_or_the_whole_case(
        bundled: Path, sheet: Path) -> None:
    before = tree(bundled)
    items_before = len(Workspace(bundled).load_library().items)
    moments = {
        "while reading the sheet": lambda started: time.monotonic() > started + 0.4,
        "while staging its files": lambda _: staged_files(bundled) >= SOURCES // 2,
        "while putting them in place": lambda _: any(
            (f / staging.PLAN).exists() for f in staging.pending(bundled)),
    }
    for moment, ready in moments.items():
        started = time.monotonic()
        process = start(bundled, sheet, "talks")
        kill_when(process, lambda ready=ready, started=started: ready(started))
        now = tree(bundled)
        if (bundled / "hypotheses" / "talks.json").exists():
            break  # killed after the case was in place: the import is whole
        if any((f / staging.PLAN).exists() for f in staging.pending(bundled)):
            # Killed after the commit, while moving files: never called fine by validate,
            # and finished by the next import.
            assert "interrupted" in ach(bundled, "validate", expect=1).stderr
            break
        assert now == before, f"killed {moment}: the workspace changed"
    # Importing again finishes or clears what the killed runs left, and adds each item once.
    if not (bundled / "hypotheses" / "talks.json").exists():
        ach(bundled, "--analyst", "Ann", "import-matrix", str(sheet), "--case", "talks")
    assert staging.pending(bundled) == []
    workspace = Workspace(bundled)
    case = workspace.load_case("talks")
    assert len(case.evidence) == ROWS
    assert len(workspace.load_library().items) == items_before + ROWS
    ach(bundled, "validate")


def test_a_crash_while_moving_files_is_finished_by_the_next_import(
        bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = tmp_path / "small.csv"
    small.write_text("id,evidence,type,source,date,credibility,relevance,A,B\n"
                     ",One,,Wire A,,,,C,I\n,Two,,Wire B,,,,N,C\n", encoding="utf-8")
    moved = []
    real_move = staging._move  # noqa: SLF001

    def crash_after_first(staged: Path, target: Path) -> None:
        if moved:
            raise KeyboardInterrupt("killed")  # stands for the kill: no cleanup runs
        moved.append(target)
        real_move(staged, target)

    from ach.cli import main  # noqa: PLC0415

    monkeypatch.setattr(staging, "_move", crash_after_first)
    assert main(["--root", str(bundled), "--analyst", "Ann", "import-matrix", str(small),
                 "--case", "small"]) == 130  # interrupted, as a kill would
    monkeypatch.setattr(staging, "_move", real_move)
    assert not (bundled / "hypotheses" / "small.json").exists()
    out = ach(bundled, "validate", expect=1)
    assert "interrupted" in out.stderr and staging.PREFIX in out.stderr
    assert main(["--root", str(bundled), "--analyst", "Ann", "import-matrix", str(small),
                 "--case", "other"]) == 0
    case = Workspace(bundled).load_case("small")
    assert [Workspace(bundled).load_library().items[r.id].summary for r in case.evidence] == \
        ["One", "Two"]
    ach(bundled, "validate")


def test_an_evidence_file_changed_during_the_import_is_never_overwritten(
        bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = tmp_path / "small.csv"
    small.write_text("id,evidence,type,source,date,credibility,relevance,A\n"
                     ",One,,,,,,C\n", encoding="utf-8")
    no_source = bundled / "evidence" / "no-source.json"
    real_commit = staging.Staging.commit

    def someone_edits_first(self):
        data = json.loads(no_source.read_text(encoding="utf-8"))
        data["items"][next(iter(data["items"]))]["said_by"] = "an editor"
        no_source.write_text(json.dumps(data), encoding="utf-8")
        return real_commit(self)

    monkeypatch.setattr(staging.Staging, "commit", someone_edits_first)
    from ach.cli import main  # noqa: PLC0415
    assert main(["--root", str(bundled), "import-matrix", str(small), "--case", "small"]) == 1
    assert "an editor" in no_source.read_text(encoding="utf-8")
    assert not (bundled / "hypotheses" / "small.json").exists()
    assert staging.pending(bundled) == []
