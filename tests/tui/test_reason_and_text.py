"""The reason editor, and analyst text shown exactly as typed (never as markup)."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Select, Static, TextArea

from ach.model import Rating
from ach.tui.matrix.detail import DetailPanel
from ach.tui.matrix.reason import ReasonForm
from ach.tui.matrix.scores import ScoresPanel

from .conftest import ANALYST, case_on_disk, main_screen, make_app, settle

MARKUP = "[bold]x[/bold] and [/] and [red]"


def plain(renderable) -> str:
    console = Console(width=400, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


async def test_write_a_reason_with_markup_like_text(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReasonForm)
        area = app.screen.query_one("#reason", TextArea)
        assert app.focused is area
        await pilot.press(*"Because ", *MARKUP)
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = plain(main_screen(app).query_one(DetailPanel).text)
        assert f"Because {MARKUP}" in detail
    cell = case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier")
    assert (cell.rating, cell.reason) == (Rating.C, f"Because {MARKUP}")


async def test_a_reason_needs_a_rating(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main_screen(app).matrix.go_to("e-05", "h-guess")  # unrated
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"no rating chosen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReasonForm)
        errors = str(app.screen.query_one(".form-errors", Static).render())
        assert "a reason needs a rating" in errors
        app.screen.query_one("#rating", Select).value = "I"
        await pilot.press("ctrl+s")
        await settle(pilot)
    cell = case_on_disk(sample).cell(ANALYST, "e-05", "h-guess")
    assert (cell.rating, cell.reason) == (Rating.I, "no rating chosen")


async def test_another_analysts_reason_opens_read_only(sample):
    app = make_app(sample)
    before = (sample / "hypotheses" / "sample.json").read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.session.viewing = "Analyst B"
        screen.reload_view()
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one("#reason", TextArea).read_only
        await pilot.press("ctrl+s", "escape")
        await settle(pilot)
    assert (sample / "hypotheses" / "sample.json").read_bytes() == before


async def test_markup_in_titles_summaries_and_quotes_is_shown_literally(sample):
    app = make_app(sample)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        question = plain(screen.query_one("#question").content)
        assert "Who leaked the [bold]draft[/bold] plan?" in question
        screen.matrix.go_to("e-02", "h-insider")
        await settle(pilot)
        detail = plain(screen.query_one(DetailPanel).text)
        assert "Supplier A had no access to the [bold]final[/bold] draft" in detail
        assert "“Supplier A received only the January outline [/]”" in detail
        assert "An insider leaked the printed draft [/]" in detail
        screen.matrix.go_to("e-01", None)
        await settle(pilot)
        assert "Source: The Daily [i]Ledger[/i]" in plain(screen.query_one(DetailPanel).text)
        scores = screen.query_one(ScoresPanel).plain()
        assert "Supplier A leaked it [to the press]" in scores
        row = screen.matrix.render_line(2).text
        assert "[bold]final[/bold]" in row


async def test_markup_typed_into_forms_is_saved_and_shown_as_typed(sample):
    app = make_app(sample)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        app.screen.query_one("#title").value = MARKUP
        await pilot.press("ctrl+s")
        await settle(pilot)
        new_id = main_screen(app).cursor()[1]
        assert MARKUP in main_screen(app).query_one(ScoresPanel).plain()
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#summary").value = MARKUP
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert MARKUP in main_screen(app).matrix.render_line(1).text
    assert case_on_disk(sample).hypothesis(new_id).title == MARKUP
