"""The workbench's figures of DESIGN.md §6: CPU per rating and per cursor move, first
paint, and peak memory, each measured headless (Textual's Pilot) on the large case and
on a small one in the same run. CPU time, so the harness's own waiting does not count.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from figure import Figure

from ach.store import Workspace
from ach.tui.app import Workbench, first_session

SIZE = (200, 50)
ANALYST = "Analyst A"


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _first_paint(root: Path, case_id: str) -> tuple[float, float]:
    """CPU from starting the app as ``ach open`` does (the case still on disk) to its
    first painted frame, and to the matrix's first lines (the case read and scored)."""
    start = time.process_time()
    app = Workbench(Workspace(root), ANALYST, open_case=case_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = (time.process_time() - start) * 1000
        while not _matrix_painted(app):
            await pilot.pause()
        ready = (time.process_time() - start) * 1000
        await _settle(pilot)
    app.finish()  # fold the journal in, so every run starts from the same files
    return first, ready


def _matrix_painted(app: Workbench) -> bool:
    main = app.main
    if main is None or app.screen is not main or not main.is_mounted:
        return False
    return main.matrix.lines_rendered > 0


async def _keys(root: Path, case_id: str, keys: list[str], repeat: int) -> float:
    """Median CPU per key press, including the repaint and the save it causes."""
    workspace = Workspace(root)
    app = Workbench(workspace, ANALYST, first_session(workspace, case_id, ANALYST))
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        for _ in range(3):  # warm caches the way a person's first keys do
            await pilot.press(keys[0])
            await _settle(pilot)
        for i in range(repeat):
            start = time.process_time()
            await pilot.press(keys[i % len(keys)])
            await _settle(pilot)
            times.append((time.process_time() - start) * 1000)
    app.finish()
    return statistics.median(times)


def _peak_rss_mb(root: Path, case_id: str) -> float:
    """Peak resident memory of a workbench process that opens the case and rates a cell."""
    code = f"""
import asyncio, resource, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from tui_bench import _keys
from pathlib import Path
asyncio.run(_keys(Path({str(root)!r}), {case_id!r}, ["4", "2"], 4))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def measure(large: Path, large_id: str, small: Path, small_id: str, example: Path,
            example_id: str) -> list[Figure]:
    rate_large = asyncio.run(_keys(large, large_id, ["4", "2"], 30))
    rate_small = asyncio.run(_keys(small, small_id, ["4", "2"], 30))
    move_large = asyncio.run(_keys(large, large_id, ["down", "right", "up", "left"], 40))
    move_small = asyncio.run(_keys(small, small_id, ["down", "right", "up", "left"], 40))
    large_paints = [asyncio.run(_first_paint(large, large_id)) for _ in range(3)]
    example_paints = [asyncio.run(_first_paint(example, example_id)) for _ in range(3)]
    paint_large = statistics.median(p[0] for p in large_paints)
    paint_example = statistics.median(p[0] for p in example_paints)
    ready_large = statistics.median(p[1] for p in large_paints)
    ready_example = statistics.median(p[1] for p in example_paints)
    rss = _peak_rss_mb(large, large_id)
    return [
        Figure("CPU per cell rating (edit + repaint + save), large", rate_large, "ms",
               "≤ 16 ms", rate_large <= 16),
        Figure("CPU per cell rating, large / small", rate_large / rate_small, "×", "≤ 1.5×",
               rate_large / rate_small <= 1.5),
        Figure("CPU per cursor move, large", move_large, "ms", "≤ 5 ms", move_large <= 5),
        Figure("CPU per cursor move, small (for reference)", move_small, "ms", "—", True),
        Figure("first paint, large / example", paint_large / paint_example, "×", "≤ 2×",
               paint_large / paint_example <= 2),
        Figure("first paint, large (for reference)", paint_large, "ms CPU", "—", True),
        Figure("matrix ready (case read and scored), large / example",
               ready_large / ready_example, "×", "— (reference)", True),
        Figure("matrix ready, large (for reference)", ready_large, "ms CPU", "—", True),
        Figure("peak RSS of the workbench, large case", rss, "MB", "< 300 MB", rss < 300),
    ]


if __name__ == "__main__":
    roots = [Path(p) for p in sys.argv[1:4]]
    figures = measure(roots[0], "large", roots[1], "small", roots[2], "baghdad-tehran")
    print(json.dumps([f.line() for f in figures], indent=1, ensure_ascii=False))
