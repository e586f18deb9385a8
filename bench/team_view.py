"""What the team view costs on a large case (30 × 2,000 × 3 analysts): CPU per cursor move in
the team view, per toggle in and out, per rating once the consensus is kept current, and what
opening who-said-what and "me vs team" costs. Headless (Textual's Pilot), medians, CPU time
of the whole process (worker threads included), so the harness's own waiting does not count.

Usage: python bench/team_view.py [DIR]   (DIR: a workspace from bench/generate.py; default:
one is generated in a temporary folder)
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generate import build

from ach.store import Workspace
from ach.tui.app import Workbench
from ach.workbench.session import CaseSession
from ach.workbench.team_table import TeamTable

SIZE = (200, 50)
ANALYST = "Analyst A"
CASE = "large"


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _timed(pilot, *keys: str) -> float:
    start = time.process_time()
    await pilot.press(*keys)
    await _settle(pilot)
    return (time.process_time() - start) * 1000


async def _measure(root: Path) -> dict[str, float]:
    workspace = Workspace(root)
    app = Workbench(workspace, ANALYST, CaseSession.open(workspace, CASE, ANALYST))
    figures: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        moves = ["down", "right", "up", "left"]
        own = [await _timed(pilot, moves[i % 4]) for i in range(40)]
        figures["move, own ratings (reference)"] = statistics.median(own)
        plain = [await _timed(pilot, "4" if i % 2 else "2") for i in range(30)]
        figures["rating in my view, no team table yet (reference)"] = statistics.median(plain)
        figures["first toggle into the team view (builds the consensus)"] = \
            await _timed(pilot, "t")
        team = [await _timed(pilot, moves[i % 4]) for i in range(40)]
        figures["move, team view"] = statistics.median(team)
        out, into = [], []
        for _ in range(10):
            out.append(await _timed(pilot, "t"))
            into.append(await _timed(pilot, "t"))
        figures["toggle back to my ratings"] = statistics.median(out)
        figures["toggle into the team view (consensus kept)"] = statistics.median(into)
        await _timed(pilot, "t")  # my own ratings again
        rates = [await _timed(pilot, "4" if i % 2 else "2") for i in range(30)]
        figures["rating in my view, consensus kept current"] = statistics.median(rates)
        opened = []
        for _ in range(5):
            opened.append(await _timed(pilot, "o"))
            await _timed(pilot, "escape")
        figures["open who said what"] = statistics.median(opened)
        differences = []
        for _ in range(3):
            differences.append(await _timed(pilot, "m"))
            await _timed(pilot, "escape")
        figures["open me vs team (sort every cell I rated)"] = statistics.median(differences)
        ratings = app.main.session.case.ratings
    builds = []
    for _ in range(5):
        start = time.process_time()
        TeamTable(ratings)
        builds.append((time.process_time() - start) * 1000)
    figures["consensus table built alone (in the worker)"] = statistics.median(builds)
    return figures


def main() -> None:
    given = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    base = Path(tempfile.mkdtemp(prefix="ach-team-bench-"))
    root = base / "large"
    try:
        if given is None:
            print("generating the large case (30 × 2,000 × 3) …", file=sys.stderr)
            build(root, hypotheses=30, evidence=2000, analysts=3, sources=40, case_id=CASE)
        else:  # a copy: the benchmark rates cells, and must not change the given workspace
            shutil.copytree(given, root)
        for name, value in asyncio.run(_measure(root)).items():
            print(f"{name}: {value:.1f} ms CPU")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
