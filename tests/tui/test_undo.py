"""Undo and redo reach every change, and the files on disk follow each step."""

from __future__ import annotations

from ach.model import Rating

from .conftest import ANALYST, case_on_disk, library_on_disk, main_screen, make_app, settle


async def test_undo_and_redo_a_rating(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("1", "right", "5")
        await settle(pilot)
        disk = case_on_disk(sample)
        assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC
        assert disk.cell(ANALYST, "e-01", "h-insider").rating is Rating.II

        await pilot.press("u")
        await settle(pilot)
        disk = case_on_disk(sample)
        assert disk.cell(ANALYST, "e-01", "h-insider").rating is Rating.C  # as in the sample
        assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.C

        await pilot.press("ctrl+y")
        await settle(pilot)
        assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC
        # Undo puts the cursor on the cell it changed.
        assert main_screen(app).cursor() == ("e-01", "h-supplier")


async def test_undo_with_nothing_to_undo_changes_nothing(sample):
    app = make_app(sample)
    before = (sample / "hypotheses" / "sample.json").read_bytes()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("u", "ctrl+r")
        await settle(pilot)
    assert (sample / "hypotheses" / "sample.json").read_bytes() == before


async def test_undo_a_cleared_rating_brings_back_its_reason(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("down", "backspace", "u")
        await settle(pilot)
    cell = case_on_disk(sample).cell(ANALYST, "e-02", "h-supplier")
    assert (cell.rating, cell.reason) == (Rating.II, "No access to the [bold]final[/bold] text")


async def test_undo_a_hypothesis_deletion_restores_everyones_ratings(sample):
    app = make_app(sample)
    original = case_on_disk(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("right", "D", "y")
        await settle(pilot)
        disk = case_on_disk(sample)
        assert [h.id for h in disk.hypotheses] == ["h-supplier", "h-guess"]
        assert disk.cell("Analyst B", "e-03", "h-insider") is None
        await pilot.press("u")
        await settle(pilot)
    assert case_on_disk(sample) == original


async def test_undo_an_evidence_edit_restores_the_source_file(sample):
    app = make_app(sample)
    original = library_on_disk(sample).items["e-01"]
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#summary").value = "A shorter summary"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert library_on_disk(sample).items["e-01"].summary == "A shorter summary"
        await pilot.press("u")
        await settle(pilot)
    assert library_on_disk(sample).items["e-01"] == original


async def test_undo_a_reorder(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot)
        assert [r.id for r in case_on_disk(sample).evidence][:2] == ["e-02", "e-01"]
        await pilot.press("u")
        await settle(pilot)
    assert [r.id for r in case_on_disk(sample).evidence][:2] == ["e-01", "e-02"]
