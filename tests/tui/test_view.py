"""Sorting, filtering and hiding rows; switching analyst; another analyst's ratings read-only."""

from __future__ import annotations

from textual.widgets import Input

from ach.model import Rating
from ach.scoring import score_case
from ach.tui.kit.pick import PickScreen

from .conftest import ANALYST, case_on_disk, library_on_disk, main_screen, make_app, settle


def rows(app) -> list[str]:
    return list(main_screen(app).matrix._rows)  # noqa: SLF001 - the order on screen


async def test_sort_cycles_through_diagnosticity_date_type_and_back(sample):
    app = make_app(sample)
    scores = score_case(case_on_disk(sample), library_on_disk(sample).items, ANALYST)
    by_spread = [e.id for e in sorted(scores.evidence, key=lambda e: -e.diagnosticity)]
    library = library_on_disk(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        entered = rows(app)
        assert entered == ["e-01", "e-02", "e-03", "e-04", "e-05", "e-06"]
        await pilot.press("s")
        await settle(pilot)
        assert rows(app) == by_spread
        await pilot.press("s")
        await settle(pilot)
        dated = rows(app)
        dates = [library.items[e].date for e in dated if library.items[e].date]
        assert dates == sorted(dates)
        assert [library.items[e].date for e in dated[-2:]] == [None, None]  # undated last
        await pilot.press("s")
        await settle(pilot)
        types = [library.items[e].type for e in rows(app)]
        order = list(type(types[0]))
        assert types == sorted(types, key=order.index)
        await pilot.press("s")
        await settle(pilot)
        assert rows(app) == entered


async def test_sorted_by_diagnosticity_the_order_follows_new_ratings(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert rows(app)[0] != "e-05"  # unrated: no spread at all
        main_screen(app).matrix.go_to("e-05", "h-supplier")
        await pilot.press("1", "right", "5", "right", "5")
        await settle(pilot)
        assert rows(app)[0] == "e-05"
        assert main_screen(app).cursor()[0] == "e-05"  # the cursor stays with the item


async def test_filter_by_text_and_clear_it(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#filter", Input)
        await pilot.press(*"typo")
        await settle(pilot)
        assert rows(app) == ["e-04"]
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).cursor()[0] == "e-04"
        await pilot.press("1")  # keys rate again once the matrix has the focus
        await settle(pilot)
        assert case_on_disk(sample).cell(ANALYST, "e-04", "h-supplier").rating is Rating.CC
        await pilot.press("escape")
        await settle(pilot)
        assert len(rows(app)) == 6


async def test_filter_matches_the_quote_and_the_source_title(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", *"02:14")
        await settle(pilot)
        assert rows(app) == ["e-01"]
        app.screen.query_one("#filter", Input).value = "memo archive"
        await settle(pilot)
        assert rows(app) == ["e-02", "e-03"]


async def test_excluded_items_are_dimmed_or_hidden(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        matrix = main_screen(app).matrix
        assert "e-06" in rows(app)
        line = matrix.render_line(6).text  # header, then e-01 … e-06
        assert line.startswith("✗No ransom")
        await pilot.press("X")
        await settle(pilot)
        assert "e-06" not in rows(app)
        await pilot.press("X")
        await settle(pilot)
        assert "e-06" in rows(app)


async def test_rate_as_another_existing_analyst(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "enter")  # Analyst A, Analyst B
        await settle(pilot)
        assert main_screen(app).session.analyst == "Analyst B"
        await pilot.press("4")
        await settle(pilot)
    disk = case_on_disk(sample)
    assert disk.cell("Analyst B", "e-01", "h-supplier").rating is Rating.I
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.C


async def test_rate_as_a_new_analyst(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        app.screen.query_one("#new-name", Input).focus()
        await pilot.press("enter")  # empty: refused, the picker stays
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press(*"Omar [x]", "enter")
        await settle(pilot)
        assert main_screen(app).session.analyst == "Omar [x]"
        await pilot.press("3")
        await settle(pilot)
    assert case_on_disk(sample).cell("Omar [x]", "e-01", "h-supplier").rating is Rating.N


async def test_another_analysts_ratings_are_read_only(sample):
    app = make_app(sample)
    before = (sample / "hypotheses" / "sample.json").read_bytes()
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("enter")  # the list starts on the other analyst
        await settle(pilot)
        assert screen.session.viewing == "Analyst B"
        # The matrix shows B's rating of e-01 × h-insider (CC), not A's (C).
        assert screen.matrix.render_line(1).text.split()[-2] == "CC"
        assert screen.check_action("rate", ("CC",)) is None  # dimmed in the footer
        await pilot.press("1", "backspace", "a", "D")
        await settle(pilot)
        assert app.screen is screen  # no form opened
        await pilot.press("v", "up", "enter")  # back to yourself (the list starts on B)
        await settle(pilot)
        assert screen.session.editable
    assert (sample / "hypotheses" / "sample.json").read_bytes() == before
