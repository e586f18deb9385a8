"""Saving in the background, and the files changing under the workbench."""

from __future__ import annotations

import asyncio

from ach.model import Cell, Rating
from ach.store import Workspace
from ach.tui.files.conflict import ConflictScreen
from ach.tui.kit.confirm import ConfirmScreen
from ach.tui.main_screen import MainScreen

from .conftest import ANALYST, CASE, Told, case_on_disk, main_screen, make_app, settle


def rate_elsewhere(root, evidence_id, hypothesis_id, code, analyst="Someone Else"):
    """Another ach (or a git pull) changing the case file."""
    workspace = Workspace(root)
    case = workspace.load_case(CASE)
    case.set_cell(analyst, evidence_id, hypothesis_id, Cell(rating=Rating(code)))
    workspace.save_case(case)


async def clash(pilot, root) -> None:
    """Someone else saves the case, then we rate: our save finds the file changed."""
    rate_elsewhere(root, "e-05", "h-guess", "II")
    await pilot.press("1")
    await settle(pilot)


async def test_changes_on_disk_are_reloaded_when_nothing_is_unsaved(sample):
    app = make_app(sample)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        rate_elsewhere(sample, "e-05", "h-guess", "CC", analyst=ANALYST)
        screen.check_disk()
        await settle(pilot)
        assert screen.session.case.cell(ANALYST, "e-05", "h-guess").rating is Rating.CC
        assert screen.matrix.render_line(5).text.split()[-1] == "CC"
        assert any("Reloaded" in m for m in told.messages)
        # Saving goes on normally afterwards, on top of their change.
        await pilot.press("1")
        await settle(pilot)
    disk = case_on_disk(sample)
    assert disk.cell(ANALYST, "e-05", "h-guess").rating is Rating.CC
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC


async def test_a_refused_save_asks_and_reload_discards_ours(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await clash(pilot, sample)
        assert isinstance(app.screen, ConflictScreen)
        assert main_screen(app).indicator.state.value == "conflict"
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).session.case.cell(ANALYST, "e-01", "h-supplier").rating \
            is Rating.C
    disk = case_on_disk(sample)
    assert disk.cell("Someone Else", "e-05", "h-guess").rating is Rating.II
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.C


async def test_keep_mine_overwrites_only_when_asked(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await clash(pilot, sample)
        assert isinstance(app.screen, ConflictScreen)
        # Nothing of ours reached the disk before the choice.
        assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.C
        await pilot.press("k")
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.conflict and screen.indicator.state.value == "saved"
        disk = case_on_disk(sample)
        assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC
        assert disk.cell("Someone Else", "e-05", "h-guess") is None
        await pilot.press("right", "5")  # and saving goes on as usual
        await settle(pilot)
    assert case_on_disk(sample).cell(ANALYST, "e-01", "h-insider").rating is Rating.II


async def test_deciding_later_saves_nothing_until_resolved(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await clash(pilot, sample)
        await pilot.press("escape")
        await settle(pilot)
        screen = main_screen(app)
        assert screen.conflict and screen.check_action("resolve", ()) is True
        await pilot.press("5")
        await settle(pilot)
        assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.C
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("k")
        await settle(pilot)
    assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.II


async def test_the_watcher_asks_when_our_unsaved_change_meets_theirs(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.save_now = lambda: None  # hold our change back, as a slow disk would
        await pilot.press("1")
        await settle(pilot)
        assert screen.saver.has_pending
        rate_elsewhere(sample, "e-05", "h-guess", "II")
        screen.check_disk()
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert "hypotheses/sample.json" in str(app.screen.files)


async def test_a_failed_write_is_shown_and_quitting_asks(sample, monkeypatch):
    def disk_full(path, text, **_):
        raise OSError(28, "No space left on device")

    app = make_app(sample)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        # A full disk fails whole writes and journal appends alike.
        monkeypatch.setattr("ach.store.atomic_write_chunks", disk_full)
        monkeypatch.setattr("ach.journal.append", disk_full)
        await pilot.press("1")
        await settle(pilot)
        screen = main_screen(app)
        assert screen.indicator.state.value == "failed"
        assert any("No space left" in m for m in told.messages)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.C
        monkeypatch.undo()
        await pilot.press("right", "3")  # the disk has room again: everything queued is written
        await settle(pilot)
        assert screen.indicator.state.value == "saved"
    disk = case_on_disk(sample)
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC
    assert disk.cell(ANALYST, "e-01", "h-insider").rating is Rating.N


async def test_quitting_writes_what_was_still_queued(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        main_screen(app).save_now = lambda: None
        await pilot.press("4", "ctrl+q")
        await settle(pilot)
    assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.C
    assert app.finish() == 0
    assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.I


async def test_an_unreadable_change_on_disk_is_reported_and_our_view_kept(sample):
    app = make_app(sample)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        path = sample / "hypotheses" / "sample.json"
        path.write_text(path.read_text() + "<<<<<<< HEAD\n", encoding="utf-8")
        screen = main_screen(app)
        screen.check_disk()
        await settle(pilot)
        screen.check_disk()
        await settle(pilot)
        problems = [m for m in told.messages if "cannot be read" in m]
        assert len(problems) == 1  # said once, not every second
        assert screen.session.case.cell(ANALYST, "e-01", "h-supplier").rating is Rating.C


async def _journal_folded_after_a_pause(sample, monkeypatch, *, large: bool) -> None:
    from ach import journal  # noqa: PLC0415
    from ach.tui.files import disk as files  # noqa: PLC0415

    # Shrink the pauses, and make the sample count as large (or small) whatever its size.
    monkeypatch.setattr(files, "COMPACT_SECONDS", 0.2 if not large else 60.0)
    monkeypatch.setattr(files, "COMPACT_SECONDS_LARGE", 0.2 if large else 60.0)
    monkeypatch.setattr(files, "COMPACT_CELLS", 0 if large else 10**9)
    case_file = Workspace(sample).case_path(CASE)
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "down")  # e-05, unrated
        # Twice: every pause folds the ratings typed before it, not only the first.
        for key, code in (("1", "CC"), ("5", "II")):
            before = case_file.read_bytes()
            await pilot.press(key)
            await settle(pilot)
            # Saved at once as a journal line; the case file is not rewritten per rating.
            assert journal.journal_path(case_file).exists()
            assert case_file.read_bytes() == before
            for _ in range(50):  # the pause, with room for a slow machine
                await asyncio.sleep(0.1)
                await settle(pilot)
                if not journal.journal_path(case_file).exists():
                    break
            # After the pause, folded in: what git sees carries the rating.
            assert not journal.journal_path(case_file).exists()
            assert case_on_disk(sample).cell(ANALYST, "e-05", "h-supplier").rating is Rating(code)


async def test_a_small_cases_journal_is_folded_in_soon_after_typing_stops(sample, monkeypatch):
    await _journal_folded_after_a_pause(sample, monkeypatch, large=False)


async def test_a_large_cases_journal_is_folded_in_after_a_longer_pause(sample, monkeypatch):
    await _journal_folded_after_a_pause(sample, monkeypatch, large=True)
