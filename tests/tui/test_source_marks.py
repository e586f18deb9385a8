"""Quote integrity in the workbench, items with no source, literal text and long sources."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from textual.widgets import TextArea

from ach.cli import main as ach
from ach.tui.kit.pick import PickScreen
from ach.tui.main_screen import MainScreen
from ach.tui.matrix.detail import DetailPanel
from ach.tui.sources.form import SourceEvidenceForm
from ach.tui.sources.text import SourceText
from ach.tui.sources.view import SourceScreen

from .conftest import library_on_disk, main_screen, make_app, settle

CASE = "baghdad-tehran"
ANALYST = "Dana Levi"
SOURCE = "israel-hayom-2024-12-25"
MARKUP = "[bold]x[/] and [red]"


def edit_item(root: Path, evidence_id: str, **fields) -> None:
    path = root / "evidence" / f"{SOURCE}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][evidence_id].update(fields)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def detail(app) -> str:
    return main_screen(app).query_one(DetailPanel).text.plain


def row_text(app, evidence_id: str) -> str:
    """The matrix line of an item, as drawn (the header is line 0)."""
    matrix = main_screen(app).matrix
    matrix.go_to(evidence_id, None)
    index = main_screen(app).matrix._row_index[evidence_id]  # noqa: SLF001
    return matrix.render_line(index + 1 - int(matrix.scroll_offset.y)).text


def import_text(root: Path, text: str, source_id: str, title: str) -> None:
    article = root.parent / f"{source_id}.txt"
    article.write_text(text, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        assert ach(["--root", str(root), "import-source", str(article), "--title", title,
                    "--id", source_id]) == 0


async def test_a_quote_not_in_its_source_is_marked_with_the_nearest_match(bundled):
    edit_item(bundled, "e-02", quote="The elderly Ayatollah accepted the American request")
    app = make_app(bundled, CASE, ANALYST)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert row_text(app, "e-02").startswith("!")
        assert not row_text(app, "e-03").startswith("!")
        main_screen(app).matrix.go_to("e-02", None)
        await settle(pilot)
        shown = detail(app)  # first, so a small terminal's panel still shows it
        assert shown.startswith("⚠ Quote not found at paragraph 6 (offsets 3281–3489); nearest: ")
        assert "The elderly Ayatollah refused the American request" in shown
        # In the source view: said in the heading, and the nearest passage selected.
        await pilot.press("T")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        heading = screen.query_one("#source-heading").render()
        assert "quote not found: e-02" in str(heading)
        start, end = screen.query_one(SourceText).selection.span
        assert screen.document.text[start:end].startswith("The elderly Ayatollah refused")


async def test_a_quote_recorded_at_the_wrong_place_says_where_it_stands(bundled):
    edit_item(bundled, "e-03", location={"paragraph": 2, "start": 600, "end": 761})
    app = make_app(bundled, CASE, ANALYST)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert row_text(app, "e-03").startswith("!")
        await settle(pilot)
        assert ("⚠ Quote not found at paragraph 2 (offsets 600–761); it stands at paragraph 7 "
                "(offsets 3689–3850)") in detail(app)


async def test_a_mended_quote_loses_its_mark(bundled):
    edit_item(bundled, "e-02", quote="The elderly Ayatollah accepted the American request")
    app = make_app(bundled, CASE, ANALYST)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        main_screen(app).matrix.go_to("e-02", None)
        await pilot.press("e")
        await settle(pilot)
        quote = app.screen.query_one("#quote", TextArea)
        quote.text = ("The elderly Ayatollah refused the American request, and according to a "
                      "report in Iran, he also recently declined to meet with a representative "
                      "of the UN Secretary-General who sought to discuss the same issue.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Quote" not in detail(app)
        assert not row_text(app, "e-02").startswith("!")


async def test_a_missing_source_text_is_said_not_checked(bundled):
    (bundled / "evidence" / f"{SOURCE}.txt").unlink()
    app = make_app(bundled, CASE, ANALYST)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert row_text(app, "e-01").startswith("!")
        await settle(pilot)
        assert (f"⚠ Quote not checked: evidence/{SOURCE}.txt: the source document is missing"
                in detail(app))
        await pilot.press("T")  # the view opens and says why it shows nothing
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.query_one(SourceText).render_line(0).text.startswith(
            f" Cannot read the source: evidence/{SOURCE}.txt: the source document is missing")


async def test_items_without_a_source_say_what_they_are(bundled):
    items = library_on_disk(bundled).items_of(None)
    kinds = {item.type.value: item.id for item in items}
    app = make_app(bundled, CASE, ANALYST)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        main = main_screen(app)
        main.matrix.go_to(kinds["assumption"], None)
        await settle(pilot)
        assert "No source: an assumption" in detail(app)
        main.matrix.go_to(kinds["absence"], None)
        await settle(pilot)
        assert "No source: absence of evidence" in detail(app)
        # Reading "its source" offers the sources there are instead.
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)


async def test_source_text_and_analyst_text_are_never_markup(bundled):
    import_text(bundled, f"A first paragraph.\nIt said {MARKUP} plainly. Then more.\n",
                "markup", "Markup [i]in[/i] a title")
    app = make_app(bundled, CASE, ANALYST)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "enter")  # sorted by title: Iraq…, Markup…
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        assert "Markup [i]in[/i] a title" in str(screen.query_one("#source-heading").render())
        widget = screen.query_one(SourceText)
        lines = [widget.render_line(y).text for y in range(4)]
        assert f"It said {MARKUP} plainly." in lines[2]
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceEvidenceForm)
        await pilot.press(*f"Summary {MARKUP}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        new_id = main_screen(app).cursor()[0]
        shown = detail(app)
        assert f"Summary {MARKUP}" in shown and f"“It said {MARKUP} plainly.”" in shown
    item = library_on_disk(bundled).items[new_id]
    assert (item.quote, item.summary, item.source_id) == (f"It said {MARKUP} plainly.",
                                                          f"Summary {MARKUP}", "markup")


async def test_a_long_source_draws_only_the_lines_in_view(bundled):
    paragraphs = (bundled / "evidence" / f"{SOURCE}.txt").read_text().split("\n")
    paragraphs = [p for p in paragraphs if p.strip()]
    report = "\n".join(f"{paragraphs[i % len(paragraphs)]} (Section {i + 1}.)"
                       for i in range(3000)) + "\n"
    import_text(bundled, report, "report", "A long report")
    app = make_app(bundled, CASE, ANALYST)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o", "enter")  # sorted by title: A long report, Iraq…
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen) and screen.source.id == "report"
        widget = screen.query_one(SourceText)
        height = widget.size.height
        assert len(widget.layout_) > 100 * height
        drawn = widget.lines_rendered
        for _ in range(10):
            await pilot.press("pagedown")
            await pilot.pause()
        await pilot.press("end")
        await settle(pilot)
        assert widget.lines_rendered - drawn < 15 * height
        assert "¶3000 " in screen.query_one("#source-status").text.plain


async def test_a_broken_quote_is_mended_from_the_source_view_and_undone(bundled):
    broken = "The elderly Ayatollah accepted the American request"
    edit_item(bundled, "e-02", quote=broken)
    text = (bundled / "evidence" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    app = make_app(bundled, CASE, ANALYST)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        main_screen(app).matrix.go_to("e-02", None)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("shift+right")  # the nearest passage, to the end of its last word
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        item = library_on_disk(bundled).items["e-02"]
        assert item.quote == "The elderly Ayatollah refused the American request,"
        assert text[item.location.start:item.location.end] == item.quote
        assert "Quote" not in detail(app)
        assert not row_text(app, "e-02").startswith("!")
        await pilot.press("u")
        await settle(pilot)
        assert library_on_disk(bundled).items["e-02"].quote == broken
        assert row_text(app, "e-02").startswith("!")
