"""The breakdown screen: each item's part in a hypothesis's scores, adding up to the panel's."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import DataTable, Static

from ach.figures import score as score_text
from ach.refs import item_ref, item_refs
from ach.tui.main_screen import MainScreen
from ach.tui.method.breakdown import BreakdownScreen

from .conftest import main_screen, make_app, settle


def text_of(widget: Static) -> str:
    console = Console(width=300, file=io.StringIO(), record=True)
    console.print(widget.render())
    return console.export_text()


def table_rows(screen: BreakdownScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_breakdown_adds_up_to_the_scores_panel(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("B")  # the first column: Supplier A
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BreakdownScreen)
        for hypothesis_id in ("h-supplier", "h-insider", "h-guess"):
            assert screen.hypothesis_id == hypothesis_id
            figure = main.scoreboard.scores.hypothesis(hypothesis_id)
            rows = table_rows(screen)
            # Item, rating, weight, h, w×h, share: the w×h column is the weighted score…
            assert abs(sum(float(r[4]) for r in rows) - figure.weighted_inconsistency) < 0.01
            assert sum(int(r[3]) for r in rows) == figure.inconsistency
            # …and the total is printed as the scores panel prints it.
            totals = text_of(screen.query_one("#bd-totals", Static))
            assert f"Weighted inconsistency {score_text(figure.weighted_inconsistency)} " \
                   f"(rank {figure.rank})" in totals
            # Heaviest first; the shares of what counts against it make the whole.
            weights = [float(r[4]) for r in rows]
            assert weights == sorted(weights, reverse=True)
            shares = [int(r[5].rstrip("%")) for r in rows if r[5] != "–"]
            assert not shares or 98 <= sum(shares) <= 102
            # The excluded item is listed apart, not in the table.
            e6 = item_ref(main_screen(app).session.case, "e-06")  # people see refs
            assert e6 not in [r[0] for r in rows]
            assert f"Set aside (count in nothing): {e6}" in text_of(
                screen.query_one("#bd-excluded", Static))
            await pilot.press("right")
            await settle(pilot)


async def test_supplier_breakdown_names_its_items_and_ratings(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        rows = table_rows(app.screen)
        # e-02 is II against Supplier A with weight 1 (M/M): 2 of its 3.41; e-04 is I at √2.
        ref = item_refs(main_screen(app).session.case)
        assert rows[0][:6] == [ref["e-02"], "II", "1.00", "2", "2.00", "59%"]
        assert rows[1][:6] == [ref["e-04"], "I", "1.41", "1", "1.41", "41%"]
        assert rows[1][6].startswith("The forum post repeats a typo")
        # enter goes back to the matrix on the item chosen.
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).cursor() == ("e-04", "h-supplier")
