"""Real `ach rate` processes writing one case at once: every rating of every process survives.

Each loop is a shell running `ach rate` one call after another, as a person's script
would; the two loops run at the same time on different cells of one 20 × 20 case.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ach.model import Case, CaseEvidence, Evidence, Hypothesis
from ach.store import Library, Workspace

SIZE = 20
#: Calls per loop (the issue's 2 × 200 was run by hand; this many keeps the test short).
CALLS = 40
CASE = "pair"


def make_case(root: Path) -> None:
    ws = Workspace(root)
    ws.save_library(Library(items={f"e{i:02}": Evidence(id=f"e{i:02}", summary=f"item {i}")
                                   for i in range(SIZE)}))
    ws.create_case(Case(id=CASE, question="Which?",
                        hypotheses=[Hypothesis(id=f"h{j:02}", title=f"H {j}")
                                    for j in range(SIZE)],
                        evidence=[CaseEvidence(id=f"e{i:02}") for i in range(SIZE)]))


def cells(loop: int, calls: int) -> list[tuple[str, str]]:
    """Different cells for each loop: loop 0 takes even cells, loop 1 odd ones."""
    every = [(f"e{i:02}", f"h{j:02}") for i in range(SIZE) for j in range(SIZE)]
    return every[loop::2][:calls]


def rate_loop(root: Path, loop: int, calls: int, analyst: str) -> subprocess.Popen[str]:
    ach = f"{sys.executable} -m ach --root {root} --analyst {analyst}"
    script = "ok=0\n" + "".join(
        f"{ach} rate {CASE} {e} {h} II >/dev/null && ok=$((ok+1))\n"
        for e, h in cells(loop, calls)) + "echo $ok\n"
    return subprocess.Popen(["bash", "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_rate_loops_on_one_case_lose_no_rating(tmp_path: Path) -> None:
    make_case(tmp_path)
    loops = [rate_loop(tmp_path, 0, CALLS, "Ann"), rate_loop(tmp_path, 1, CALLS, "Ann")]
    outputs = [loop.communicate(timeout=600) for loop in loops]
    for out, err in outputs:
        assert out.strip() == str(CALLS), err
        assert "Traceback" not in err
    case = Workspace(tmp_path).load_case(CASE)
    rated = {(e, h) for e, row in case.ratings["Ann"].items() for h in row}
    assert rated == set(cells(0, CALLS)) | set(cells(1, CALLS))
