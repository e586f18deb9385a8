"""The source view of the bundled case: from a passage of the article to a rated evidence item."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from rich.console import Console
from textual.widgets import Static, TextArea

from ach.model import EvidenceType
from ach.tui.kit.help import HelpScreen
from ach.tui.main_screen import MainScreen
from ach.tui.sources.form import SourceEvidenceForm
from ach.tui.sources.text import SourceText
from ach.tui.sources.view import SourceScreen

from .conftest import Told, case_on_disk, library_on_disk, main_screen, make_app, settle

CASE = "baghdad-tehran"
ANALYST = "Dana Levi"
SOURCE = "israel-hayom-2024-12-25"


def article(root: Path) -> str:
    return (root / "evidence" / f"{SOURCE}.txt").read_text(encoding="utf-8")


def status(app) -> str:
    return app.screen.query_one("#source-status").text.plain


def source_text(app) -> SourceText:
    return app.screen.query_one(SourceText)


def help_text(app) -> str:
    table = app.screen.query_one("#help-body Static", Static).content
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(table)
    return console.export_text()


@asynccontextmanager
async def source_view(root: Path, evidence_id: str, told: Told | None = None) -> AsyncIterator:
    """The workbench on the bundled case, in the source view of an item's source."""
    app = make_app(root, CASE, ANALYST)
    async with app.run_test(size=(100, 35), message_hook=told) as pilot:
        await settle(pilot)
        await open_source_of(pilot, evidence_id)
        yield pilot


async def open_source_of(pilot, evidence_id: str) -> SourceScreen:
    main_screen(pilot.app).matrix.go_to(evidence_id, None)
    await pilot.press("T")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SourceScreen)
    return pilot.app.screen


async def test_a_sentence_becomes_an_item_that_is_rated_saved_and_undone(bundled):
    text = article(bundled)
    async with source_view(bundled, "e-01") as pilot:
        app = pilot.app
        # The view opens on e-01's quote, then steps to the next sentence: ¶4's first.
        e01 = library_on_disk(bundled).items["e-01"]
        assert source_text(app).selection.span == (e01.location.start, e01.location.end)
        await pilot.press("down")
        await settle(pilot)
        start, end = source_text(app).selection.span
        assert start > e01.location.end
        assert "¶4 sentence 1" in status(app)

        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SourceEvidenceForm)
        assert form.query_one("#quote", TextArea).text == text[start:end]
        assert app.focused is form.query_one("#summary")
        await pilot.press(*"Blinken asked al-Sudani to stop arms reaching Syria")
        await pilot.press("ctrl+s")
        await settle(pilot)

        main = app.screen
        assert isinstance(main, MainScreen)
        new_id, hypothesis = main.cursor()
        assert new_id not in ("e-01", None)
        assert new_id in main.session.library.items
        await pilot.press("2")  # rated C against the column under the cursor
        await settle(pilot)

        item = library_on_disk(bundled).items[new_id]
        assert item.quote == text[start:end]
        assert (item.location.paragraph, item.location.start, item.location.end) == (4, start,
                                                                                     end)
        assert text[item.location.start:item.location.end] == item.quote
        assert (item.source_id, item.summary, item.type) == (
            SOURCE, "Blinken asked al-Sudani to stop arms reaching Syria", EvidenceType.REPORT)
        case = case_on_disk(bundled, CASE)
        refs = [r.id for r in case.evidence]
        assert refs[refs.index("e-01") + 1] == new_id  # below the item the view came from
        assert case.cell(ANALYST, new_id, hypothesis).rating.value == "C"

        await pilot.press("u", "u")  # the rating, then the item
        await settle(pilot)
        assert new_id not in [r.id for r in case_on_disk(bundled, CASE).evidence]
        assert new_id not in library_on_disk(bundled).items


async def test_a_span_extended_by_a_sentence_and_trimmed_by_words(bundled):
    text = article(bundled)
    told = Told()
    async with source_view(bundled, "e-01", told) as pilot:
        app = pilot.app
        widget = source_text(app)
        paragraph = widget.loaded.document.paragraph(4)
        await pilot.press("home")  # first sentence of the article
        await pilot.press("l", "l", "l")  # ¶4
        await pilot.press("shift+down", "shift+down")
        await settle(pilot)
        assert "¶4 sentences 1–3" in status(app)
        await pilot.press("shift+down")  # ¶4 has three sentences: a quote stays in it
        await settle(pilot)
        assert widget.selection.span == (paragraph.start, paragraph.end)
        assert "A quote stays within one paragraph." in told.messages
        await pilot.press("shift+left", "shift+left", "greater_than_sign")
        await settle(pilot)
        start, end = widget.selection.span
        assert text[start:end] == " ".join(paragraph.text.split(" ")[1:-2])
        await pilot.press("less_than_sign")
        await settle(pilot)
        start, end = widget.selection.span
        assert start == paragraph.start
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"Blinken pressed al-Sudani on arms, Houthis and militias")
        await pilot.press("ctrl+s")
        await settle(pilot)
        new_id = main_screen(app).cursor()[0]
    item = library_on_disk(bundled).items[new_id]
    assert item.quote == text[start:end] == " ".join(paragraph.text.split(" ")[:-2])


async def test_a_quote_edited_in_the_form_is_found_again_or_refused(bundled):
    text = article(bundled)
    async with source_view(bundled, "e-01") as pilot:
        app = pilot.app
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        quote = form.query_one("#quote", TextArea)
        quote.text = "Iran is currently at its lowest point of weakness"
        await pilot.press(*"Iran at its weakest")
        await pilot.press("ctrl+s")
        await settle(pilot)
        new_id = main_screen(app).cursor()[0]
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#quote", TextArea).text = "Iran is at its strongest"
        await pilot.press(*"Not in the article")
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = str(app.screen.query_one(".form-errors", Static).render())
        assert isinstance(app.screen, SourceEvidenceForm)  # still open, nothing saved
        assert errors.startswith("Quote: the quote is not in the document")
    loc = library_on_disk(bundled).items[new_id].location
    assert text[loc.start:loc.end] == "Iran is currently at its lowest point of weakness"
    assert loc.paragraph == 3


async def test_quoted_passages_are_highlighted_and_labelled_with_their_ids(bundled):
    async with source_view(bundled, "e-02") as pilot:
        app = pilot.app
        widget = source_text(app)
        await pilot.press("right")  # the selection leaves e-02's passage for ¶7
        await settle(pilot)
        e02 = widget.loaded.citations.of("e-02")
        quoted = widget.get_component_rich_style("source-text--quoted")
        top = int(widget.scroll_offset.y)
        lines = {top + y: widget.render_line(y) for y in range(widget.size.height)}
        first = widget.layout_.line_of(e02.start)
        assert lines[first].text.rstrip().endswith("e-02")
        text = widget.loaded.document.text
        styled = " ".join("".join(seg.text for seg in lines[y]
                                  if seg.style and seg.style.bgcolor == quoted.bgcolor)
                          for y in widget.layout_.lines_of(e02.start, e02.end))
        assert styled.split() == text[e02.start:e02.end].split()
        assert "quoted by" not in status(app)
        await pilot.press("left_square_bracket")  # back to the quoted passage before
        await settle(pilot)
        assert widget.selection.span == (e02.start, e02.end)
        assert "quoted by e-02" in status(app)


async def test_search_highlights_the_hits_and_moves_between_them(bundled):
    text = article(bundled)
    async with source_view(bundled, "e-01") as pilot:
        app = pilot.app
        widget = source_text(app)
        await pilot.press("slash", *"militias")
        await settle(pilot)
        hits = widget.hits
        expected = [i for i in range(len(text)) if text.lower().startswith("militias", i)]
        assert [start for start, _ in hits] == expected
        await pilot.press("enter")  # to the first hit after the selection
        await settle(pilot)
        e01_end = library_on_disk(bundled).items["e-01"].location.end
        first_after = next(i for i, (start, _) in enumerate(hits) if start >= e01_end)
        assert widget.current_hit == first_after
        start, end = widget.selection.span
        assert start <= hits[first_after][0] < end
        assert f"search militias: {first_after + 1} of {len(hits)}" in status(app)
        await pilot.press("n")
        await settle(pilot)
        assert widget.current_hit == first_after + 1
        await pilot.press("N")
        await settle(pilot)
        assert widget.current_hit == first_after
        await pilot.press("N")  # from the first hit, round to the last
        await settle(pilot)
        assert widget.current_hit == len(hits) - 1
        await pilot.press("escape")  # clears the search, stays in the source
        await settle(pilot)
        assert widget.hits == [] and isinstance(app.screen, SourceScreen)
        await pilot.press("escape")  # back to the matrix
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_keys_of_the_source_view_in_its_help_and_the_way_in_in_the_main_help(bundled):
    app = make_app(bundled, CASE, ANALYST)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        keys = help_text(app)
        assert "Read the source text of the item under the cursor" in keys
        await pilot.press("escape")
        await open_source_of(pilot, "e-01")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = help_text(app)
        for words in ("Extend the selection by the next sentence", "Make the selection an "
                      "evidence item", "Next search hit", "Move the selection's end a word"):
            assert words in keys
        assert "Rate the cell" not in keys


async def test_another_analysts_view_reads_the_source_but_adds_nothing(bundled):
    before = (bundled / "evidence" / f"{SOURCE}.json").read_bytes()
    app = make_app(bundled, CASE, "Newcomer")
    async with app.run_test(size=(100, 35)) as pilot:
        await settle(pilot)
        main_screen(app).session.viewing = ANALYST  # as after v: Dana Levi's, read-only
        await open_source_of(pilot, "e-01")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.check_action("make_evidence", ()) is None  # dimmed in the footer
    assert (bundled / "evidence" / f"{SOURCE}.json").read_bytes() == before


async def test_a_click_selects_the_sentence_under_the_mouse(bundled):
    async with source_view(bundled, "e-01") as pilot:
        app = pilot.app
        widget = source_text(app)
        document = widget.loaded.document
        target = document.sentence(4, 2)  # ¶4's second sentence
        line = widget.layout_.line_of(target.start + 3)
        column = widget.loaded.display[widget.layout_.starts[line]:target.start + 3]
        y = line - int(widget.scroll_offset.y)
        assert 0 <= y < widget.size.height
        await pilot.click(SourceText, offset=(widget._gutter + len(column) + 1, y))  # noqa: SLF001
        await settle(pilot)
        assert widget.selection.span == (target.start, target.end)
        assert "¶4 sentence 2" in status(app)
