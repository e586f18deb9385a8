"""Milestones: indicators per hypothesis, each change of status dated and tied to an item."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, OptionList, Select, Static

from ach.model import IndicatorStatus
from ach.tui.method.forms import IndicatorForm, StatusForm
from ach.tui.method.indicators import IndicatorsScreen

from .conftest import case_on_disk, make_app, settle


def history(app) -> str:
    return str(app.screen.query_one("#ind-history", Static).render())


def listed(app) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_add_an_indicator_and_record_its_status_with_date_and_item(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("down", "right", "i")  # on e-02, the insider's column
        await settle(pilot)
        assert isinstance(app.screen, IndicatorsScreen)
        assert "no indicators yet" in listed(app)[0]
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorForm)
        assert app.screen.query_one("#hypothesis", Select).value == "h-insider"
        await pilot.press(*"Print logs name the same clerk again", "enter")
        await settle(pilot)
        [indicator] = case_on_disk(sample).indicators
        assert (indicator.hypothesis_id, indicator.text, indicator.history) == (
            "h-insider", "Print logs name the same clerk again", [])
        assert "[not seen] Print logs name the same clerk again" in listed(app)[1]

        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StatusForm)
        # Defaults: the next status, today, and the item under the matrix's cursor.
        assert form.query_one("#status", Select).value == "emerging"
        assert form.query_one("#date", Input).value == dt.date.today().isoformat()
        assert form.query_one("#evidence", Select).value == "e-02"
        form.query_one("#date", Input).value = "2024-03-05"
        form.query_one("#evidence", Select).value = "e-03"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [indicator] = case_on_disk(sample).indicators
        assert indicator.status is IndicatorStatus.EMERGING
        change = indicator.history[-1]
        assert (change.date, change.evidence_id) == (dt.date(2024, 3, 5), "e-03")
        assert "[emerging since 2024-03-05 · e-03]" in listed(app)[1]
        assert "2024-03-05  emerging · e-03 Three insiders printed the draft" in history(app)

        # A second change keeps the first in the history; u undoes the second.
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#date", Input).value = "2024-03-09"
        await pilot.press("ctrl+s")
        await settle(pilot)
        statuses = [c.status for c in case_on_disk(sample).indicators[0].history]
        assert statuses == [IndicatorStatus.EMERGING, IndicatorStatus.SEEN]
        await pilot.press("u")
        await settle(pilot)
        statuses = [c.status for c in case_on_disk(sample).indicators[0].history]
        assert statuses == [IndicatorStatus.EMERGING]
        # Opened again, the first indicator is chosen and its history shown.
        await pilot.press("escape", "i")
        await settle(pilot)
        assert app.screen.selected_id() == indicator.id
        assert "History of Print logs name the same clerk again" in history(app)


async def test_a_bad_date_is_refused_in_the_form(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("i", "n", *"Supplier staff seen at the forum's host", "enter")
        await settle(pilot)
        before = (sample / "hypotheses" / "sample.json").read_bytes()
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#date", Input).value = "5 March"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StatusForm)
        assert "Date: '5 March' is not a date like 2024-12-25" in str(
            app.screen.query_one(".form-errors", Static).render())
        await pilot.press("escape")
        await settle(pilot)
    assert (sample / "hypotheses" / "sample.json").read_bytes() == before


async def test_all_hypotheses_or_the_current_one(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("i", "n", *"Supplier signs a new contract", "enter")
        await settle(pilot)
        assert len(listed(app)) == 2  # Supplier A's heading and its indicator
        await pilot.press("a")
        await settle(pilot)
        headings = [line for line in listed(app) if line.startswith("H")]
        assert [h[:2] for h in headings] == ["H1", "H2", "H3"]
