"""What the workbench's source view costs on a 500-page report and on the bundled article.

The report is the article's paragraphs repeated to ~1.2 MB (``sources.report_text``),
imported with ``ach import-source`` as a user would. Each figure is measured headless
(Textual's Pilot) as CPU time of the whole process — the key, the redraw and anything
it sets off — median of many presses, after the first few have warmed the caches.
Opening is wall time (the text is read and split in a worker).

Usage: python bench/source_view.py
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sources import report_text  # noqa: E402

from ach.store import Workspace  # noqa: E402
from ach.tui.app import Workbench, first_session  # noqa: E402
from ach.tui.sources.text import SourceText  # noqa: E402
from ach.tui.sources.view import SourceScreen  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CASE = "baghdad-tehran"
ANALYST = "Dana Levi"
SIZE = (120, 35)


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _cpu(pilot, step: Callable[[], Awaitable[object]], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        await step()
        await _settle(pilot)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


async def _open(pilot) -> float:
    """Wall ms from enter in the source picker to the text's first lines on screen.

    Polled with short sleeps while the key is handled: Pilot's press and pause wait for
    the CPU to idle, which would count their own waiting."""
    app = pilot.app
    start = time.perf_counter()
    pressing = asyncio.create_task(pilot.press("enter"))
    while not (isinstance(app.screen, SourceScreen) and app.screen.is_mounted):
        await asyncio.sleep(0.001)
    text = app.screen.query_one(SourceText)
    while text.layout_ is None:
        await asyncio.sleep(0.001)
    drawn = text.lines_rendered
    while text.lines_rendered == drawn:
        await asyncio.sleep(0.001)
    elapsed = (time.perf_counter() - start) * 1000
    await pressing
    return elapsed


async def _measure(root: Path, source_id: str) -> dict[str, float]:
    workspace = Workspace(root)
    app = Workbench(workspace, ANALYST, first_session(workspace, CASE, ANALYST))
    figures: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        titles = sorted((s.title.casefold(), s.id) for s in
                        app.main.session.library.sources.values() if s.document)
        downs = ["down"] * [i for _, i in titles].index(source_id)
        opening = []
        for _ in range(5):
            await pilot.press("ctrl+o", *downs)
            await _settle(pilot)
            opening.append(await _open(pilot))
            await pilot.press("escape")
            await _settle(pilot)
        figures["open (read, split, lay out, first lines), wall"] = statistics.median(opening)
        await pilot.press("ctrl+o", *downs, "enter")
        await _settle(pilot)
        text = app.screen.query_one(SourceText)
        await _settle(pilot)
        text.select_span(*text.selection.sentences.span(len(text.selection.sentences) // 2))
        await _settle(pilot)
        for key in ("down", "up", "pagedown"):  # warm
            await pilot.press(key)
            await _settle(pilot)

        def alternate(*steps: Callable[[], Awaitable[object]]):
            """Back and forth, so a step never stops dead at the end of the text."""
            turn = iter(range(10**9))
            return lambda: steps[next(turn) % len(steps)]()

        def press(key: str) -> Callable[[], Awaitable[object]]:
            return lambda: pilot.press(key)

        async def wheel(lines: int) -> None:
            text.scroll_relative(y=lines, animate=False)

        figures["CPU per sentence move (↓/↑)"] = await _cpu(
            pilot, alternate(press("down"), press("up")), 60)
        figures["CPU per selection extend (shift+↓, shift+↑)"] = await _cpu(
            pilot, alternate(press("shift+down"), press("shift+up")), 30)
        figures["CPU per scroll step (3 lines, as a wheel notch)"] = await _cpu(
            pilot, alternate(lambda: wheel(3), lambda: wheel(-3)), 60)
        figures["CPU per page down/up"] = await _cpu(
            pilot, alternate(press("pagedown"), press("pageup")), 30)
        await pilot.press("slash", *"Sistani", "enter")
        await _settle(pilot)
        figures["CPU per search hit (n/N)"] = await _cpu(
            pilot, alternate(press("n"), press("N")), 30)
        lines_before = text.lines_rendered
        start = time.process_time()
        await pilot.resize_terminal(100, 35)
        await _settle(pilot)
        figures["CPU to re-wrap on a resize (120 → 100 columns)"] = (
            time.process_time() - start) * 1000
        figures["lines drawn for that resize"] = text.lines_rendered - lines_before
        figures["lines in the layout"] = len(text.layout_)
    return figures


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="ach-bench-source-view-"))
    try:
        root = base / "workspace"
        for folder in ("hypotheses", "evidence"):
            shutil.copytree(REPO / folder, root / folder)
        report = base / "report.txt"
        report.write_text(report_text(), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "ach", "--root", str(root), "import-source",
                        str(report), "--title", "A 500-page report", "--id", "report"],
                       check=True, capture_output=True)
        print(f"report: {report.stat().st_size:,} bytes; screen {SIZE[0]}×{SIZE[1]}")
        large = asyncio.run(_measure(root, "report"))
        small = asyncio.run(_measure(root, "israel-hayom-2024-12-25"))
        for name, value in large.items():
            unit = "" if name.startswith("lines") else " ms"
            print(f"{name}: report {value:,.2f}{unit} · article {small[name]:,.2f}{unit}")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
