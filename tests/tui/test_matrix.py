"""The matrix draws only what is on screen, redraws one row per rating, and keeps the item
column and the header in place while the rest scrolls."""

from __future__ import annotations

from pathlib import Path

from ach.model import Case, CaseEvidence, Cell, Evidence, Hypothesis, Rating
from ach.store import Library, Workspace
from ach.tui.app import Workbench
from ach.tui.kit.text import abbreviate_titles, shorten
from ach.tui.matrix.detail import DetailPanel
from ach.tui.matrix.scores import ScoresPanel
from ach.tui.matrix.view import MatrixView
from ach.workbench.session import CaseSession

from .conftest import main_screen, make_app, settle

ANALYST = "Analyst A"


def big_app(root: Path, hypotheses: int = 30, items: int = 600) -> Workbench:
    hyps = [Hypothesis(id=f"h-{i:02d}", title=f"Hypothesis {i} says something") for i in
            range(hypotheses)]
    library = Library(items={f"e-{j:04d}": Evidence(id=f"e-{j:04d}", summary=f"Item {j}")
                             for j in range(items)})
    case = Case(id="big", question="Which?", hypotheses=hyps,
                evidence=[CaseEvidence(id=e) for e in library.items])
    codes = list(Rating)
    for j, e in enumerate(library.items):
        for i, h in enumerate(hyps):
            case.set_cell(ANALYST, e, h.id, Cell(rating=codes[(i + j) % len(codes)]))
    workspace = Workspace(root)
    return Workbench(workspace, ANALYST, CaseSession(workspace, case, library, ANALYST))


async def test_only_the_visible_rows_are_drawn(tmp_path):
    app = big_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        matrix = app.screen.query_one(MatrixView)
        height = matrix.size.height
        assert height < 24
        matrix.lines_rendered = matrix.rows_rendered = 0
        matrix.refresh()
        await settle(pilot)
        assert 0 < matrix.lines_rendered <= height
        assert matrix.rows_rendered <= height - 1  # the header line is no row


async def test_a_rating_redraws_one_row_and_a_move_two(tmp_path):
    app = big_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        matrix = app.screen.query_one(MatrixView)
        matrix.lines_rendered = matrix.rows_rendered = 0
        await pilot.press("5")
        await settle(pilot)
        assert matrix.rows_rendered == 1
        assert matrix.lines_rendered == 1
        matrix.lines_rendered = matrix.rows_rendered = 0
        await pilot.press("down")
        await settle(pilot)
        assert matrix.lines_rendered == 2  # the row left and the row reached
        assert matrix.rows_rendered == 2


async def test_the_scores_panel_redraws_only_the_hypotheses_whose_lines_changed(tmp_path):
    app = big_app(tmp_path, hypotheses=12, items=40)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(ScoresPanel)
        assert "Hypothesis 0 says" in panel.plain()
        panel.lines_rendered = panel.blocks_built = 0
        await pilot.press("down")  # same column: nothing in the panel changes
        await settle(pilot)
        assert panel.lines_rendered == 0
        await pilot.press("right")  # the focus moves from the first hypothesis to the second
        await settle(pilot)
        assert panel.blocks_built == 2
        assert panel.lines_rendered == 2  # the two headings, not the 37 lines of the panel


async def test_a_move_along_a_row_redraws_only_the_detail_line_about_the_cell(tmp_path):
    app = big_app(tmp_path, hypotheses=12, items=40)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(DetailPanel)
        detail.lines_rendered = 0
        await pilot.press("right")
        await settle(pilot)
        assert detail.lines_rendered == 1
        assert "H2 Hypothesis 1 says" in detail.text.plain
        assert "e-0000 Item 0" in detail.text.plain
        detail.lines_rendered = 0
        await pilot.press("down")  # another item: its lines change too
        await settle(pilot)
        assert detail.lines_rendered > 1
        assert "e-0001 Item 1" in detail.text.plain


async def test_the_last_row_can_be_reached(tmp_path):
    app = big_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        matrix = app.screen.query_one(MatrixView)
        await pilot.press("end")
        await settle(pilot)
        assert main_screen(app).cursor()[0] == "e-0599"
        assert matrix.scroll_offset.y == matrix.max_scroll_y
        last_line = matrix.scrollable_content_region.height - 1
        # After the row's mark (in this tie every item is a linchpin).
        assert matrix.render_line(last_line).text[1:].startswith("Item 599 ")


async def test_columns_scroll_sideways_and_the_item_column_stays(tmp_path):
    app = big_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        matrix = app.screen.query_one(MatrixView)
        assert matrix.scroll_offset.x == 0
        for _ in range(29):
            await pilot.press("l")
        await settle(pilot)
        assert main_screen(app).cursor()[1] == "h-29"
        assert matrix.scroll_offset.x > 0
        first = matrix.render_line(1).text
        assert first[1:].startswith("Item 0 ")  # after the row's mark
        # The last column's heading is on screen, cut to what tells it apart.
        assert matrix.render_line(0).text.split()[-1] == "29"
        assert matrix.max_scroll_x > 0


async def test_ids_show_where_the_item_column_has_room(tmp_path):
    app = big_app(tmp_path, hypotheses=3)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        matrix = app.screen.query_one(MatrixView)
        assert matrix.render_line(1).text.startswith(" e-0000 Item 0 ")


async def test_a_click_selects_the_cell(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        matrix = app.screen.query_one(MatrixView)
        label, column = matrix._label_width, matrix._column_width  # noqa: SLF001
        await pilot.click(MatrixView, offset=(label + 2 * column + 1, 3))
        await settle(pilot)
        assert main_screen(app).cursor() == ("e-03", "h-guess")


async def test_unrated_cells_are_visibly_unrated(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        matrix = app.screen.query_one(MatrixView)
        line = matrix.render_line(5).text  # e-05: nobody rated it
        assert line.split()[-3:] == ["·", "·", "·"]
        assert matrix.render_line(4).text.split()[-1] == "·"  # e-04 × h-guess


def test_headings_drop_shared_and_filler_words_to_fit():
    titles = ["Baghdad distances itself from Tehran", "Baghdad tightens ties with Tehran",
              "Baghdad hedges between Tehran and the US"]
    assert abbreviate_titles(titles, 9) == ["Distances", "Tightens…", "Hedges US"]
    assert abbreviate_titles(titles, 60) == titles
    assert abbreviate_titles(["A", "A"], 1) == ["A", "A"]
    for short in abbreviate_titles(titles, 5):
        assert len(short) <= 5


def test_shorten_never_exceeds_the_width():
    assert shorten("a long line of text", 6) == "a lon…"
    assert shorten("ok", 6) == "ok"
    assert shorten("two\nlines", 20) == "two lines"
    assert shorten("عربي طويل جدا", 5) == "عربي…"
