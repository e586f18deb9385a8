"""Rating from the keyboard: the model, the scores and the files on disk all follow."""

from __future__ import annotations

import pytest

from ach.figures import score as score_text
from ach.model import Rating
from ach.scoring import score_case
from ach.tui.matrix.scores import ScoresPanel

from .conftest import (
    ANALYST,
    case_on_disk,
    library_on_disk,
    main_screen,
    make_app,
    rating_on_disk,
    settle,
)

KEYS = {"1": "CC", "2": "C", "3": "N", "4": "I", "5": "II", "0": "NA"}


@pytest.mark.parametrize(("key", "code"), sorted(KEYS.items()))
async def test_each_rating_key_rates_the_cell_and_saves_it(sample, key, code):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        # e-05 is unrated in the sample; go there (row 5), first column.
        await pilot.press("down", "down", "down", "down")
        assert main_screen(app).cursor() == ("e-05", "h-supplier")
        await pilot.press(key)
        await settle(pilot)
        assert app.session.case.cell(ANALYST, "e-05", "h-supplier").rating == Rating(code)
    assert rating_on_disk(sample, "e-05", "h-supplier") == code


async def test_backspace_clears_the_rating_and_its_reason(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("down")  # e-02 × h-supplier: II with a reason
        await pilot.press("backspace")
        await settle(pilot)
        assert app.session.case.cell(ANALYST, "e-02", "h-supplier") is None
    assert case_on_disk(sample).cell(ANALYST, "e-02", "h-supplier") is None


async def test_a_new_rating_keeps_the_reason_already_written(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("down", "4")
        await settle(pilot)
    cell = case_on_disk(sample).cell(ANALYST, "e-02", "h-supplier")
    assert (cell.rating, cell.reason) == (Rating.I, "No access to the [bold]final[/bold] text")


async def test_scores_follow_every_rating(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        before = screen.scoreboard.scores.hypothesis("h-insider").weighted_inconsistency
        await pilot.press("right", "5")  # e-01 × h-insider: C → II
        await settle(pilot)
        shown = screen.scoreboard.scores
        # The same figures, computed from the files on disk by the core alone.
        expected = score_case(case_on_disk(sample), library_on_disk(sample).items, ANALYST)
        for ours, theirs in zip(shown.hypotheses, expected.hypotheses, strict=True):
            assert (ours.id, ours.rank) == (theirs.id, theirs.rank)
            assert ours.weighted_inconsistency == pytest.approx(theirs.weighted_inconsistency)
            assert ours.probability == pytest.approx(theirs.probability)
        assert shown.evidence == expected.evidence
        assert shown.hypothesis("h-insider").weighted_inconsistency > before
        panel = screen.query_one(ScoresPanel).plain()
        figure = score_text(expected.hypothesis("h-insider").weighted_inconsistency)
        assert f"incons.{figure:>7}" in panel


async def test_other_analysts_ratings_are_untouched(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
    disk = case_on_disk(sample)
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.CC
    assert disk.cell("Analyst B", "e-01", "h-supplier").rating is Rating.N


async def test_the_save_indicator_says_saving_then_saved(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.indicator.state.value == "saved"
        await pilot.press("5")
        # Straight after the key, before the worker reports back.
        assert screen.indicator.state.value in ("saving", "saved")
        await settle(pilot)
        assert screen.indicator.state.value == "saved"
        assert not screen.saver.has_pending


async def test_the_scores_panel_cautions_when_the_leader_leads_on_gaps(sample):
    """Clearing one of the leader's ratings leaves it leading with more unrated items than
    the others: the panel says so first; rating the cell again takes the caution away."""
    app = make_app(sample)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        panel = main_screen(app).query_one(ScoresPanel)
        assert "⚠" not in panel.plain()  # e-05 is unrated for all three: no one gains
        await pilot.press("right", "backspace")  # e-01 × the leader, the insider
        await settle(pilot)
        lines = panel.plain().splitlines()
        assert lines[1].startswith("⚠ leads with 2 unrated: An insider")
        await pilot.press("2")
        await settle(pilot)
        assert "⚠" not in panel.plain()
