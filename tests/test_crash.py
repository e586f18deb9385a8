"""A writer killed with SIGKILL mid-save never leaves a torn file: always the old state or the new.

The writer is a forked child process, so that each of the few hundred writers starts in a
millisecond rather than paying Python's start-up; it saves through the real Workspace.
"""

from __future__ import annotations

import multiprocessing
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ach.jsonfile import canonical_json
from ach.model import Case, CaseEvidence, Cell, Evidence, Hypothesis, Rating
from ach.store import Library, Workspace, case_to_tables

KILLS = 300
CASE = "crash"


def _states() -> tuple[Case, Case]:
    """Two versions of one case, of different sizes, so a torn mix of them cannot pass."""
    hyps = [Hypothesis(id=f"h{i}", title=f"Hypothesis {i}") for i in range(4)]
    refs = [CaseEvidence(id=f"e{i:03}") for i in range(150)]
    cells = list(Rating)
    ratings = {ref.id: {h.id: Cell(rating=cells[(i + j) % 6], reason=f"reason {i}/{j}")
                        for j, h in enumerate(hyps)} for i, ref in enumerate(refs)}
    old = Case(id=CASE, question="Which one?", hypotheses=hyps, evidence=refs,
               ratings={"ann": ratings})
    new = old.model_copy(deep=True)
    new.notes = "rewritten " * 2000
    for ref in refs[::3]:
        new.set_cell("ann", ref.id, "h0", Cell(rating=Rating.II, reason="changed"))
    return old, new


def _writer(root: str) -> None:
    """Save the two states alternately, forever (until killed)."""
    states = _states()
    ws = Workspace(Path(root))
    ws.load_case(CASE)
    i = 0
    while True:
        i += 1
        ws.save_case(states[i % 2])


def _temp_files(root: Path) -> set[Path]:
    return {p for p in (root / "hypotheses").iterdir() if p.name.endswith(".tmp")}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")
def test_sigkill_during_saves_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    old, new = _states()
    ws = Workspace(tmp_path)
    ws.save_library(Library(items={r.id: Evidence(id=r.id, summary=f"item {r.id}")
                                   for r in old.evidence}))
    ws.create_case(old)
    path = ws.case_path(CASE)
    allowed = {canonical_json(case_to_tables(old)).encode(): old,
               canonical_json(case_to_tables(new)).encode(): new}
    assert path.read_bytes() in allowed

    fork = multiprocessing.get_context("fork")
    rng = random.Random(20241225)
    seen_states, interrupted = set(), 0
    deadline = time.monotonic() + 25
    for kill in range(KILLS):
        writer = fork.Process(target=_writer, args=(str(tmp_path),), daemon=True)
        temps_before = _temp_files(tmp_path)
        writer.start()
        time.sleep(rng.uniform(0.0, 0.03))
        writer.kill()
        writer.join()
        assert writer.exitcode == -9, f"writer {kill} ended on its own: {writer.exitcode}"

        data = path.read_bytes()
        assert data in allowed, f"after kill {kill} the file is neither state (torn?)"
        loaded = Workspace(tmp_path).load_case(CASE)
        assert loaded == allowed[data]
        seen_states.add(data)
        interrupted += bool(_temp_files(tmp_path) - temps_before)
        if time.monotonic() > deadline:
            break
    assert kill + 1 >= 100, "too few kills in the time allowed to mean anything"
    # The test proves something only if kills landed mid-save and saves went through.
    assert interrupted > 0, "no kill interrupted a save"
    assert len(seen_states) == 2

    # What a killed writer leaves behind is its temp file: listing, loading and
    # validation ignore it, so the workspace stays usable.
    assert Workspace(tmp_path).case_ids() == [CASE]
    out = subprocess.run([sys.executable, "-m", "ach", "--root", str(tmp_path), "validate"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
