"""Refining the analysis: set items aside with a reason, relate hypotheses, flag planted items,
change credibility; linchpins and idle rows marked in the matrix as the ratings change."""

from __future__ import annotations

from textual.widgets import Select, Static

from ach.model import Level, Relation
from ach.tui.method.forms import ExcludeForm, RelationsForm
from ach.workbench import marks

from .conftest import case_on_disk, library_on_disk, main_screen, make_app, settle


def row_text(app, evidence_id: str) -> str:
    """The matrix line of a row as drawn (the header is line 0)."""
    screen = main_screen(app)
    matrix = screen.matrix
    for y in range(1, matrix.scrollable_content_region.height):
        line = matrix.render_line(y).text
        if evidence_id in line:
            return line
    raise AssertionError(f"{evidence_id} is not on screen")


async def test_setting_an_item_aside_asks_why_saves_it_and_undoes(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "x")  # e-02
        await settle(pilot)
        assert isinstance(app.screen, ExcludeForm)
        await pilot.press(*"Memo is second-hand", "enter")
        await settle(pilot)
        ref = case_on_disk(sample).evidence_ref("e-02")
        assert (ref.excluded, ref.exclusion_reason) == (True, "Memo is second-hand")
        assert row_text(app, "e-02").startswith(marks.EXCLUDED)
        assert main_screen(app).scoreboard.scores.item("e-02").excluded
        await pilot.press("u")
        await settle(pilot)
        assert not case_on_disk(sample).evidence_ref("e-02").excluded
        # Escape in the form sets nothing aside.
        await pilot.press("x", "escape")
        await settle(pilot)
        assert not case_on_disk(sample).evidence_ref("e-02").excluded
        # An excluded item comes back with x at once, its reason gone with it.
        await pilot.press("down", "down", "down", "down", "x")  # e-06, excluded in the sample
        await settle(pilot)
    ref = case_on_disk(sample).evidence_ref("e-06")
    assert (ref.excluded, ref.exclusion_reason) == (False, "")


async def test_linchpins_and_rows_of_no_diagnostic_value_are_marked_live(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # e-01 is the linchpin: without its I, "nobody leaked it" ties for the lead.
        assert row_text(app, "e-01").startswith(marks.LINCHPIN)
        assert row_text(app, "e-05")[0] == " "  # not rated at all: not marked
        # Rate e-05 N, N, N: rated, and telling the hypotheses apart not at all.
        await pilot.press("down", "down", "down", "down", "3", "right", "3", "right", "3")
        await settle(pilot)
        assert row_text(app, "e-05").startswith(marks.UNDIAGNOSTIC)
        # e-05 II against "guessed" too: without e-01, "guessed" would now still trail, so
        # e-01 is no linchpin any more; both rows are redrawn with their new marks.
        await pilot.press("5")
        await settle(pilot)
        assert row_text(app, "e-05")[0] == " "
        assert main_screen(app).scoreboard.scores.leaders == {"h-insider"}
        assert row_text(app, "e-01")[0] == " "
        await pilot.press("u")
        await settle(pilot)
        assert row_text(app, "e-01").startswith(marks.LINCHPIN)


async def test_flagging_an_item_as_planted_is_saved_marked_and_undone(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "p")  # e-02
        await settle(pilot)
        assert library_on_disk(sample).items["e-02"].deception
        assert row_text(app, "e-02").startswith(marks.PLANTED)
        await pilot.press("u")
        await settle(pilot)
        assert not library_on_disk(sample).items["e-02"].deception
        assert row_text(app, "e-02")[0] == " "


async def test_credibility_cycles_high_medium_low(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        weighted = screen.scoreboard.scores.hypothesis("h-guess").weighted_inconsistency
        await pilot.press("c")  # e-01: High → Medium, its I against "guessed" weighs less
        await settle(pilot)
        assert library_on_disk(sample).items["e-01"].credibility is Level.M
        lower = screen.scoreboard.scores.hypothesis("h-guess").weighted_inconsistency
        assert lower < weighted
        await pilot.press("c", "c")
        await settle(pilot)
        assert library_on_disk(sample).items["e-01"].credibility is Level.H
        await pilot.press("u")
        await settle(pilot)
    assert library_on_disk(sample).items["e-01"].credibility is Level.L


async def test_relating_hypotheses(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right", "R")  # the insider
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RelationsForm)
        # One choice per other hypothesis: Supplier A, then "guessed".
        form.query_one("#relation-0", Select).value = Relation.NOT_EXCLUSIVE.value
        form.query_one("#relation-1", Select).value = Relation.SUBSUMES.value
        await pilot.press("ctrl+s")
        await settle(pilot)
        insider = case_on_disk(sample).hypothesis("h-insider")
        assert insider.relations == {"h-supplier": Relation.NOT_EXCLUSIVE,
                                     "h-guess": Relation.SUBSUMES}
        # The breakdown says so, titles shown as typed (brackets and all).
        await pilot.press("B")
        await settle(pilot)
        totals = str(app.screen.query_one("#bd-totals", Static).render())
        assert ("Related: not mutually exclusive with “Supplier A leaked it [to the press]”; "
                "subsumes “Nobody leaked it: the figures were guessed”") in " ".join(
                    totals.split())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
    assert case_on_disk(sample).hypothesis("h-insider").relations == {}
