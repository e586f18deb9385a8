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
    """Someone else rates the cell we are about to rate, otherwise: a true conflict."""
    rate_elsewhere(root, "e-01", "h-supplier", "II", analyst=ANALYST)
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


async def test_another_achs_change_of_other_cells_is_merged_without_asking(sample):
    app = make_app(sample)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        rate_elsewhere(sample, "e-05", "h-guess", "II")
        await pilot.press("1")
        await settle(pilot)
        screen = main_screen(app)
        assert isinstance(app.screen, MainScreen)
        assert screen.indicator.state.value == "saved"
        assert screen.session.case.cell("Someone Else", "e-05", "h-guess").rating is Rating.II
        assert any("Merged Someone Else's changes" in m for m in told.messages)
        await pilot.press("right", "5")  # saving goes on as usual, on top of the merge
        await settle(pilot)
    disk = case_on_disk(sample)
    assert disk.cell("Someone Else", "e-05", "h-guess").rating is Rating.II
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC
    assert disk.cell(ANALYST, "e-01", "h-insider").rating is Rating.II


async def test_a_true_conflict_shows_both_values_and_no_typing_key_answers_it(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        rate_elsewhere(sample, "e-05", "h-guess", "N")  # merged quietly alongside
        await clash(pilot, sample)
        assert isinstance(app.screen, ConflictScreen)
        assert main_screen(app).indicator.state.value == "conflict"
        [line] = app.screen.conflicts
        assert "ours CC" in line and "theirs II" in line
        # Keys a person types while rating answer nothing: not k, r, movement or ratings.
        await pilot.press("k", "r", "j", "1", "5", "enter")  # enter: on "Later", focused
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).conflict
        assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.II


async def test_keep_mine_keeps_theirs_for_every_other_cell(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        rate_elsewhere(sample, "e-05", "h-guess", "N")
        await clash(pilot, sample)
        assert isinstance(app.screen, ConflictScreen)
        # Nothing of ours reached the disk before the choice.
        assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.II
        await pilot.click("#ours")
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.conflict and screen.indicator.state.value == "saved"
        disk = case_on_disk(sample)
        assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC
        assert disk.cell("Someone Else", "e-05", "h-guess").rating is Rating.N
        assert screen.session.case.cell("Someone Else", "e-05", "h-guess").rating is Rating.N
        await pilot.press("right", "5")  # and saving goes on as usual
        await settle(pilot)
    assert case_on_disk(sample).cell(ANALYST, "e-01", "h-insider").rating is Rating.II


async def test_take_theirs_takes_their_value_and_keeps_our_other_changes(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.save_now = lambda: None  # hold our changes back, as a slow disk would
        await pilot.press("right", "4", "left", "1")  # e-01/h-insider I, e-01/h-supplier CC
        await settle(pilot)
        rate_elsewhere(sample, "e-01", "h-supplier", "II", analyst=ANALYST)
        del screen.save_now
        screen.save_now()
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.click("#theirs")
        await settle(pilot)
        assert screen.session.case.cell(ANALYST, "e-01", "h-supplier").rating is Rating.II
    disk = case_on_disk(sample)
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.II
    assert disk.cell(ANALYST, "e-01", "h-insider").rating is Rating.I


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
        assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.II
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.click("#ours")
        await settle(pilot)
    assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.II
    assert not main_screen(app).conflict


async def test_the_watcher_merges_when_our_unsaved_change_meets_theirs(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.save_now = lambda: None  # hold our change back, as a slow disk would
        await pilot.press("1")
        await settle(pilot)
        assert screen.saver.has_pending
        rate_elsewhere(sample, "e-05", "h-guess", "II")
        del screen.save_now
        screen.check_disk()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and not screen.saver.has_pending
        assert screen.session.case.cell("Someone Else", "e-05", "h-guess").rating is Rating.II
    disk = case_on_disk(sample)
    assert disk.cell("Someone Else", "e-05", "h-guess").rating is Rating.II
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC


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

    # Shrink the pauses (yet longer than a busy machine takes to settle after a key, or the
    # fold would beat the check that the rating went to the journal first), and make the
    # sample count as large (or small) whatever its size.
    monkeypatch.setattr(files, "COMPACT_SECONDS", 1.5 if not large else 60.0)
    monkeypatch.setattr(files, "COMPACT_SECONDS_LARGE", 1.5 if large else 60.0)
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
            for _ in range(100):  # the pause, with room for a slow machine
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


async def test_a_journal_from_another_version_of_the_case_is_set_aside_with_a_warning(sample):
    path = sample / "hypotheses" / ".sample.json.journal"
    path.write_text('{"base": "' + "0" * 64 + '"}\n{"table": "ratings:Analyst A", "id": "e-01",'
                    ' "record": {"h-supplier": {"rating": "II"}}}\n', encoding="utf-8")
    app = make_app(sample)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        warned = told.messages
        assert any("was written against another version" in m for m in warned), warned
        assert main_screen(app).session.case.cell(ANALYST, "e-01", "h-supplier").rating \
            is Rating.C
    assert not path.exists()
    assert len(list((sample / "hypotheses").glob(".sample.json.journal.stale-*"))) == 1
