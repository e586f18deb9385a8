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
from textual import events

from ach.store import Workspace
from ach.tui.app import Workbench, first_session

SIZE = (200, 50)
ANALYST = "Analyst A"


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _first_paint(root: Path, case_id: str, *,
                       since_process_start: bool = False) -> tuple[float, float]:
    """CPU from starting the app as ``ach open`` does (the case still on disk) to its
    first frame, and to the first frame that shows the matrix (the case read and scored).

    A frame is the moment the app hands a screen update to its driver; headless, the
    driver writes nothing, so the app's ``_display`` is watched for it. With
    ``since_process_start`` the clock is the whole process's: Python starting and the
    workbench's imports count too, as they do for a person typing ``ach open``.
    """
    start = 0.0 if since_process_start else time.process_time()
    app = Workbench(Workspace(root), ANALYST, open_case=case_id)
    frames: list[float] = []
    ready: list[float] = []
    display = app._display  # noqa: SLF001

    def watched(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            now = (time.process_time() - start) * 1000
            frames.append(now)
            if not ready and _matrix_painted(app):
                ready.append(now)

    app._display = watched  # noqa: SLF001
    async with app.run_test(size=SIZE) as pilot:
        while not ready:  # short sleeps: Pilot's pause would add its own CPU
            await asyncio.sleep(0.005)
        await _settle(pilot)
    app.finish()  # fold the journal in, so every run starts from the same files
    return frames[0], ready[0]


def _whole_process_paint(root: Path, case_id: str) -> tuple[float, float]:
    """``_first_paint`` in a fresh process, timed from the process's start."""
    code = f"""
import asyncio, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from pathlib import Path
from tui_bench import _first_paint
print(*asyncio.run(_first_paint(Path({str(root)!r}), {case_id!r}, since_process_start=True)))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    first, ready = out.stdout.split()
    return float(first), float(ready)


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
            times.append(await _one_key(app, keys[i % len(keys)]))
    app.finish()
    return statistics.median(times)


async def _one_key(app: Workbench, key: str) -> float:
    """CPU from a key's arrival until the app is quiet again: every message handled,
    the screen repainted and any save finished.

    Pilot's own press and pause post a callback to every widget, several times a key, to
    learn when the screen has caught up; with a few dozen widgets that alone costs more
    CPU than a cursor move. Here the key is sent the way Pilot sends it, and quiet is
    read from the queues instead, polled with short sleeps that cost next to nothing.
    """
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    start = time.process_time()
    app._driver.send_message(event)  # noqa: SLF001 - as Pilot does
    quiet_polls = 0
    while quiet_polls < 2:
        await asyncio.sleep(0.001)
        quiet_polls = quiet_polls + 1 if _quiet(app) else 0
    return (time.process_time() - start) * 1000


def _quiet(app: Workbench) -> bool:
    screen = app.screen
    pumps = [app, *screen.walk_children(with_self=True)]
    if not all(pump._message_queue.empty() for pump in pumps):  # noqa: SLF001
        return False
    if (screen._layout_required or screen._repaint_required or screen._dirty_widgets  # noqa: SLF001
            or screen._scroll_required):  # noqa: SLF001
        return False
    return all(worker.is_finished for worker in app.workers)


def _peak_rss_mb(root: Path, case_id: str) -> float:
    """Peak resident memory of a workbench process that opens the case and rates a cell.

    Read from the process's own high-water mark (VmHWM): getrusage's figure survives
    exec and so would report the larger of this process and the benchmark that forked it.
    """
    code = f"""
import asyncio, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from tui_bench import _keys
from pathlib import Path
asyncio.run(_keys(Path({str(root)!r}), {case_id!r}, ["4", "2"], 4))
status = Path("/proc/self/status").read_text()
print(next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM:")) / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def measure(large: Path, large_id: str, small: Path, small_id: str, example: Path,
            example_id: str) -> list[Figure]:
    rate_large = asyncio.run(_keys(large, large_id, ["4", "2"], 30))
    rate_small = asyncio.run(_keys(small, small_id, ["4", "2"], 30))
    # Down, right, down, left: every other key lands on a row not drawn as the cursor's yet.
    moves = ["down", "right", "down", "left"]
    move_large = asyncio.run(_keys(large, large_id, moves, 40))
    move_small = asyncio.run(_keys(small, small_id, moves, 40))
    large_paints = [_whole_process_paint(large, large_id) for _ in range(3)]
    example_paints = [_whole_process_paint(example, example_id) for _ in range(3)]
    paint_large = statistics.median(p[0] for p in large_paints)
    paint_example = statistics.median(p[0] for p in example_paints)
    ready_large = statistics.median(p[1] for p in large_paints)
    ready_example = statistics.median(p[1] for p in example_paints)
    # The same, timed from the app's start in a process that has imported everything:
    # what reading and scoring the case itself costs.
    warm_large = statistics.median(asyncio.run(_first_paint(large, large_id))[1]
                                   for _ in range(3))
    warm_example = statistics.median(asyncio.run(_first_paint(example, example_id))[1]
                                     for _ in range(3))
    rss = _peak_rss_mb(large, large_id)
    return [
        Figure("CPU per cell rating (edit + repaint + save), large", rate_large, "ms",
               "≤ 16 ms", rate_large <= 16),
        Figure("CPU per cell rating, large / small", rate_large / rate_small, "×", "≤ 1.5×",
               rate_large / rate_small <= 1.5),
        Figure("CPU per cursor move, large", move_large, "ms", "≤ 5 ms", move_large <= 5),
        Figure("CPU per cursor move, small (for reference)", move_small, "ms", "—", True),
        Figure("first paint (first frame of `ach open`, whole process), large / example",
               paint_large / paint_example, "×", "≤ 2×", paint_large / paint_example <= 2),
        Figure("first paint, large (for reference)", paint_large, "ms CPU", "—", True),
        Figure("matrix on screen (case read and scored, whole process), large / example",
               ready_large / ready_example, "×", "≤ 2×", ready_large / ready_example <= 2),
        Figure("matrix on screen, large (for reference)", ready_large, "ms CPU", "—", True),
        Figure("reading and scoring alone (app start to matrix), large / example",
               warm_large / warm_example, "×", "— (reference)", True),
        Figure("reading and scoring alone, large (for reference)", warm_large, "ms CPU",
               "—", True),
        Figure("peak RSS of the workbench, large case", rss, "MB", "< 300 MB", rss < 300),
    ]


if __name__ == "__main__":
    roots = [Path(p) for p in sys.argv[1:4]]
    figures = measure(roots[0], "large", roots[1], "small", roots[2], "baghdad-tehran")
    print(json.dumps([f.line() for f in figures], indent=1, ensure_ascii=False))
