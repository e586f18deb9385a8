"""A writer killed with SIGKILL mid-save never leaves a torn file: always the old state or the new.

A small helper process imports ach once, then forks one writer per round, so that each of the
few hundred writers starts in a millisecond rather than paying Python's start-up; the helper is
a fresh single-threaded process, which is what makes forking it safe. Writers save through the
real Workspace.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ach.jsonfile import canonical_json
from ach.model import Case, CaseEvidence, Cell, Evidence, Hypothesis, Rating
from ach.store import Library, Workspace, case_to_tables

KILLS = 300
CASE = "crash"

#: The helper: on each "go" it forks a writer that saves the two states alternately until
#: it is killed, prints the writer's pid, then waits and prints how the writer ended.
HELPER = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    from ach.model import Case
    from ach.store import Workspace

    root, states_file, case_id = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    states = [Case.model_validate(d) for d in json.loads(states_file.read_text("utf-8"))]
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            try:
                ws = Workspace(root)
                ws.load_case(case_id)
                i = 0
                while True:
                    i += 1
                    ws.save_case(states[i % 2])
            finally:
                os._exit(1)
        print(pid, flush=True)
        print(os.waitpid(pid, 0)[1], flush=True)
""")


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


def _temp_files(root: Path) -> set[Path]:
    return {p for p in (root / "hypotheses").iterdir() if p.name.endswith(".tmp")}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")
def test_sigkill_during_saves_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    old, new = _states()
    root = tmp_path / "workspace"
    ws = Workspace(root)
    ws.save_library(Library(items={r.id: Evidence(id=r.id, summary=f"item {r.id}")
                                   for r in old.evidence}))
    ws.create_case(old)
    path = ws.case_path(CASE)
    allowed = {canonical_json(case_to_tables(old)).encode(): old,
               canonical_json(case_to_tables(new)).encode(): new}
    assert path.read_bytes() in allowed
    states = tmp_path / "states.json"
    states.write_text(json.dumps([old.model_dump(mode="json"), new.model_dump(mode="json")]),
                      encoding="utf-8")

    helper = subprocess.Popen([sys.executable, "-c", HELPER, str(root), str(states), CASE],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    rng = random.Random(20241225)
    seen_states, interrupted = set(), 0
    deadline = time.monotonic() + 25
    try:
        for kill in range(KILLS):
            temps_before = _temp_files(root)
            helper.stdin.write("go\n")
            helper.stdin.flush()
            pid = int(helper.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.03))
            os.kill(pid, signal.SIGKILL)
            status = int(helper.stdout.readline())
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, \
                f"writer {kill} ended on its own (status {status})"

            data = path.read_bytes()
            assert data in allowed, f"after kill {kill} the file is neither state (torn?)"
            assert Workspace(root).load_case(CASE) == allowed[data]
            seen_states.add(data)
            interrupted += bool(_temp_files(root) - temps_before)
            if time.monotonic() > deadline:
                break
    finally:
        helper.stdin.close()
        helper.wait(timeout=30)
    assert kill + 1 >= 100, "too few kills in the time allowed to mean anything"
    # The test proves something only if kills landed mid-save and saves went through.
    assert interrupted > 0, "no kill interrupted a save"
    assert len(seen_states) == 2

    # What a killed writer leaves behind is its temp file: listing, loading and
    # validation ignore it, so the workspace stays usable.
    assert Workspace(root).case_ids() == [CASE]
    out = subprocess.run([sys.executable, "-m", "ach", "--root", str(root), "validate"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr


def test_a_save_clears_what_killed_writers_left_but_not_a_save_in_progress(
        tmp_path: Path) -> None:
    old, new = _states()
    ws = Workspace(tmp_path)
    ws.create_case(old)
    path = ws.case_path(CASE)
    left = path.parent / f".{path.name}.k1ll3d.tmp"  # from a writer killed yesterday
    running = path.parent / f".{path.name}.w0rk1n.tmp"  # another process, saving now
    neighbour = path.parent / ".other.json.k1ll3d.tmp"  # another file's: not this save's
    for tmp in (left, running, neighbour):
        tmp.write_text("{", encoding="utf-8")
    day_ago = time.time() - 86_400
    os.utime(left, (day_ago, day_ago))
    os.utime(neighbour, (day_ago, day_ago))
    ws.save_case(new)
    assert Workspace(tmp_path).load_case(CASE) == new
    assert not left.exists()
    assert running.exists() and neighbour.exists()
