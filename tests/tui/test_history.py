"""The history screen (y): the commits that touched the case, read from real git in a worker;
the matrix as it was at a commit, read-only; one line when there is no history to read."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from textual.widgets import DataTable, Static

from ach.cli import main
from ach.model import Rating
from ach.tui.history.past import PastScreen
from ach.tui.history.screen import HistoryScreen
from tests.sample_history import CASE, SUBJECTS, git_home, sample_history, with_outcome

from .conftest import ANALYST, Told, main_screen, make_app, rating_on_disk, settle

__all__ = ["git_home", "sample_history"]  # fixtures


def history_json(root: Path) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--root", str(root), "history", CASE, "--json"]) == 0
    return json.loads(out.getvalue())


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_history(pilot) -> HistoryScreen:
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def test_the_screen_lists_the_commits_newest_first_as_ach_history_does(sample_history):
    root = sample_history.root
    expected = history_json(root)["commits"]
    app = make_app(root, CASE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        assert keys == [c["commit"] for c in expected]
        for at, commit in enumerate(expected):
            cells = [str(c) for c in table.get_row_at(at)]
            assert cells[0] == commit["date"][:10]
            assert cells[2] == SUBJECTS[at]
            assert cells[4] == str(commit["flip_margin"])
        # The newest commit is selected, and its changes by meaning are shown.
        changes = text_of(screen, "#history-changes")
        assert expected[0]["commit"][:10] in changes and "item removed: e-05" in changes
        # No outcome yet: one line says how to record one.
        assert f"ach outcome {CASE} HYPOTHESIS --date" in text_of(screen, "#history-review")
        await pilot.press("down")
        await settle(pilot)
        changes = text_of(screen, "#history-changes")
        assert "item added: " in changes and "Analyst B re-rated 1 cell:" in changes
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is main_screen(app)


async def test_the_matrix_at_a_commit_shows_the_old_rating_and_refuses_a_rating_key(
        sample_history):
    root = sample_history.root
    first = history_json(root)["commits"][-1]
    told = Told()
    app = make_app(root, CASE)
    async with app.run_test(size=(120, 40), message_hook=told) as pilot:
        history = await open_history(pilot)
        history.query_one(DataTable).move_cursor(row=len(SUBJECTS) - 1)
        await pilot.press("m")
        await settle(pilot)
        past = app.screen
        assert isinstance(past, PastScreen)
        assert f"as of {first['commit'][:10]} 2025-01-01" in text_of(past, "#as-of")
        # Two analysts had rated: it opens on their consensus; v shows Analyst A's ratings.
        await pilot.press("v", "down", "enter")
        await settle(pilot)
        assert past.session.viewing == ANALYST
        past.matrix.go_to("e-01", "h-supplier")
        assert past.shown.rating("e-01", "h-supplier") is Rating.C  # re-rated II later
        assert main_screen(app).session.rating("e-01", "h-supplier") is Rating.II
        await pilot.press("5")
        await settle(pilot)
        assert any("Read-only" in m and first["commit"][:10] in m for m in told.messages)
        assert past.shown.rating("e-01", "h-supplier") is Rating.C
        assert rating_on_disk(root, "e-01", "h-supplier") == "II"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_outside_a_repository_the_screen_says_so(sample, git_home):
    app = make_app(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        said = text_of(screen, "#history-state")
        assert "not inside a git repository" in said and "\n" not in said.strip()
        assert screen.query_one(DataTable).display is False


async def test_with_an_outcome_the_screen_shows_the_brier_scores(sample_history):
    with_outcome(sample_history)
    app = make_app(sample_history.root, CASE)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()][5] == "Brier"
        assert text_of(screen, "#history-review").startswith("Outcome of 2025-03-01: ")
        assert "Brier at this commit: team " in text_of(screen, "#history-changes")


def test_the_history_screen_at_80_by_24(sample_history, snap_compare):
    async def open_it(pilot) -> None:
        await open_history(pilot)

    assert snap_compare(make_app(sample_history.root, CASE), terminal_size=(80, 24),
                        run_before=open_it)
