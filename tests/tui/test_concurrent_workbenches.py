"""Two workbenches and `ach rate` processes rating one case at once: every rating survives.

The two workbenches run in this process (each its own app, as two people's terminals
would be), saving through their own workspaces; the CLI ratings are real processes.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

from ach.model import Rating

from .conftest import ANALYST, CASE, case_on_disk, main_screen, make_app, settle

EVIDENCE = ["e-01", "e-02", "e-03", "e-04", "e-05", "e-06"]
HYPOTHESES = ["h-supplier", "h-insider", "h-guess"]


def _keys_for_every_cell(digit: str) -> list[list[str]]:
    """Per row: rate the three cells left to right, then go to the next row's start."""
    return [[digit, "right", digit, "right", digit, "down", "left", "left"]
            for _ in EVIDENCE]


def _cli_ratings(root: Path) -> subprocess.Popen[str]:
    ach = f"{sys.executable} -m ach --root {root} --analyst Cli"
    script = "".join(f"{ach} rate {CASE} {e} {h} NA >/dev/null || echo failed {e} {h}\n"
                     for e in EVIDENCE for h in HYPOTHESES)
    return subprocess.Popen(["bash", "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


async def test_two_workbenches_and_the_cli_lose_no_rating(sample: Path) -> None:
    first, second = make_app(sample, analyst=ANALYST), make_app(sample, analyst="Bob")
    cli = _cli_ratings(sample)
    async with first.run_test() as one, second.run_test() as two:
        await settle(one)
        await settle(two)
        # Bob has rated nothing, so his workbench opens on the analysis read-only: n, then
        # an empty matrix, starts his own ratings.
        await two.press("n", "enter")
        await settle(two)
        for mine, theirs in zip(_keys_for_every_cell("5"), _keys_for_every_cell("1"),
                                strict=True):
            await one.press(*mine)
            await settle(one)
            await two.press(*theirs)
            await settle(two)
        out, err = cli.communicate(timeout=300)
        assert cli.returncode == 0 and "failed" not in out, out + err
        for pilot in (one, two):  # the last saves, and a look at the disk
            main_screen(pilot.app).check_disk()
            await settle(pilot)
        for app in (first, second):
            assert not main_screen(app).conflict
            assert main_screen(app).indicator.state.value == "saved"
    disk = case_on_disk(sample)
    for analyst, rating in ((ANALYST, Rating.II), ("Bob", Rating.CC), ("Cli", Rating.NA)):
        for e in EVIDENCE:
            for h in HYPOTHESES:
                cell = disk.cell(analyst, e, h)
                assert cell is not None and cell.rating is rating, (analyst, e, h, cell)


async def test_a_journal_write_cut_short_shows_not_saved(sample: Path, monkeypatch) -> None:
    real = os.write

    def full(fd: int, data: bytes) -> int:
        try:
            journal_fd = os.readlink(f"/proc/self/fd/{fd}").endswith(".journal")
        except OSError:
            journal_fd = False
        if not journal_fd:
            return real(fd, data)
        if len(data) > 5:
            return real(fd, bytes(data)[:5])
        raise OSError(errno.ENOSPC, "No space left on device")

    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        monkeypatch.setattr(os, "write", full)
        await pilot.press("1")
        await settle(pilot)
        screen = main_screen(app)
        assert screen.indicator.state.value == "failed"
        assert "not saved" in str(screen.indicator.render())
        monkeypatch.undo()
        await pilot.press("right", "3")  # room again: the queued row and this one are saved
        await settle(pilot)
        assert screen.indicator.state.value == "saved"
    disk = case_on_disk(sample)
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC
    assert disk.cell(ANALYST, "e-01", "h-insider").rating is Rating.N
