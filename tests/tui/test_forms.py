"""Adding, editing, deleting and reordering hypotheses and evidence through modal forms."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Select, Static

from ach.model import EvidenceType, Level
from ach.tui.kit.confirm import ConfirmScreen
from ach.tui.matrix.item_forms import EvidenceForm, HypothesisForm

from .conftest import (
    ANALYST,
    case_on_disk,
    library_on_disk,
    main_screen,
    make_app,
    settle,
)


def form_errors(app) -> str:
    return str(app.screen.query_one(".form-errors", Static).render())


async def type_into(pilot, selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    await pilot.press(*text)


# -- evidence ------------------------------------------------------------------------

async def test_add_an_evidence_item_below_the_cursor(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "a")  # below e-02 (memo-archive)
        await settle(pilot)
        assert isinstance(app.screen, EvidenceForm)
        await type_into(pilot, "#summary", "Courier logs show a visit")
        await type_into(pilot, "#date", "2024-02-29")
        app.screen.query_one("#type", Select).value = "action"
        app.screen.query_one("#credibility", Select).value = "H"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceForm)
        new_id = main_screen(app).cursor()[0]
    refs = [r.id for r in case_on_disk(sample).evidence]
    assert refs[:3] == ["e-01", "e-02", new_id]
    item = library_on_disk(sample).items[new_id]
    assert (item.summary, item.date, item.type, item.credibility, item.source_id) == (
        "Courier logs show a visit", dt.date(2024, 2, 29), EvidenceType.ACTION, Level.H,
        "memo-archive")


async def test_a_bad_date_is_explained_in_the_form_and_nothing_is_written(sample):
    app = make_app(sample)
    before = {p.name: p.read_bytes() for p in sample.glob("*/*.json")}
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_into(pilot, "#summary", "Something")
        await type_into(pilot, "#date", "29/02/2024")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceForm)  # still open
        assert "Date: '29/02/2024' is not a date like 2024-12-25" in form_errors(app)
        await pilot.press("escape")
        await settle(pilot)
    assert {p.name: p.read_bytes() for p in sample.glob("*/*.json")} == before


async def test_an_empty_summary_is_refused_in_words(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceForm)
        assert "Summary: must not be empty" in form_errors(app)


async def test_edit_an_item_and_move_it_to_no_source(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#summary").value.startswith("Draft plan appeared")
        form.query_one("#source_id", Select).value = "no-source"
        form.query_one("#type", Select).value = "argument"
        form.query_one("#relevance", Select).value = "L"
        await pilot.press("ctrl+s")
        await settle(pilot)
    library = library_on_disk(sample)
    item = library.items["e-01"]
    assert (item.source_id, item.type, item.relevance, item.location) == (
        None, EvidenceType.ARGUMENT, Level.L, None)
    # The item moved files: out of the newspaper's, into the no-source file.
    assert "e-01" not in [e.id for e in library.items_of("daily-ledger")]
    assert "e-01" in (sample / "evidence" / "no-source.json").read_text(encoding="utf-8")


async def test_excluding_from_the_form_is_kept_by_the_case(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#excluded").value = True
        await type_into(pilot, "#exclusion_reason", "Single anonymous post")
        await pilot.press("ctrl+s")
        await settle(pilot)
    ref = case_on_disk(sample).evidence_ref("e-01")
    assert (ref.excluded, ref.exclusion_reason) == (True, "Single anonymous post")


async def test_delete_an_item_after_confirming(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("down", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
    disk = case_on_disk(sample)
    assert not disk.uses("e-02")
    assert disk.cell(ANALYST, "e-02", "h-supplier") is None
    assert "e-02" in library_on_disk(sample).items  # it stays in its source's file


async def test_declining_the_deletion_keeps_everything(sample):
    app = make_app(sample)
    before = (sample / "hypotheses" / "sample.json").read_bytes()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("d", "n")
        await settle(pilot)
        assert main_screen(app).session.case.uses("e-01")
    assert (sample / "hypotheses" / "sample.json").read_bytes() == before


async def test_reorder_items_with_shift_keys(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("J", "J", "shift+down")
        await settle(pilot)
        assert main_screen(app).cursor()[0] == "e-01"  # the cursor goes with the item
        await pilot.press("K")
        await settle(pilot)
    assert [r.id for r in case_on_disk(sample).evidence] == [
        "e-02", "e-03", "e-01", "e-04", "e-05", "e-06"]


async def test_reordering_is_refused_while_sorted(sample):
    app = make_app(sample)
    before = (sample / "hypotheses" / "sample.json").read_bytes()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("s", "J")
        await settle(pilot)
    assert (sample / "hypotheses" / "sample.json").read_bytes() == before


async def test_exclude_and_include_with_x(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("x")  # asks why; enter sets it aside
        await settle(pilot)
        await pilot.press(*"Forum post", "enter")
        await settle(pilot)
        ref = case_on_disk(sample).evidence_ref("e-01")
        assert (ref.excluded, ref.exclusion_reason) == (True, "Forum post")
        screen = main_screen(app)
        assert screen.scoreboard.scores.item("e-01").excluded
        await pilot.press("x")
        await settle(pilot)
    assert not case_on_disk(sample).evidence_ref("e-01").excluded


# -- hypotheses ----------------------------------------------------------------------

async def test_add_a_hypothesis_after_the_current_column(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, HypothesisForm)
        await type_into(pilot, "#title", "A competitor planted it")
        await pilot.press("ctrl+s")
        await settle(pilot)
        new_id = main_screen(app).cursor()[1]
    disk = case_on_disk(sample)
    assert [h.id for h in disk.hypotheses] == ["h-supplier", new_id, "h-insider", "h-guess"]
    added = disk.hypothesis(new_id)
    assert (added.title, added.proposed_by) == ("A competitor planted it", ANALYST)


async def test_a_duplicate_or_empty_title_is_refused(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("A", "ctrl+s")
        await settle(pilot)
        assert "Title: must not be empty" in form_errors(app)
        await type_into(pilot, "#title", "Nobody leaked it: the figures were guessed")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HypothesisForm)
        assert "already has a hypothesis titled" in form_errors(app)
    assert len(case_on_disk(sample).hypotheses) == 3


async def test_edit_a_hypothesis(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right", "E")
        await settle(pilot)
        app.screen.query_one("#title").value = "The figures were guessed"
        app.screen.query_one("#description").text = "From public results"
        await pilot.press("ctrl+s")
        await settle(pilot)
    hyp = case_on_disk(sample).hypothesis("h-guess")
    assert (hyp.title, hyp.description) == ("The figures were guessed", "From public results")


async def test_delete_a_hypothesis_with_its_ratings(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("D", "y")
        await settle(pilot)
        assert main_screen(app).cursor()[1] == "h-insider"
    disk = case_on_disk(sample)
    assert [h.id for h in disk.hypotheses] == ["h-insider", "h-guess"]
    assert all("h-supplier" not in row for rows in disk.ratings.values() for row in rows.values())


async def test_move_a_hypothesis_column(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("L", "shift+right")
        await settle(pilot)
        assert main_screen(app).cursor()[1] == "h-supplier"
        await pilot.press("H")
        await settle(pilot)
    assert [h.id for h in case_on_disk(sample).hypotheses] == [
        "h-insider", "h-supplier", "h-guess"]
