"""Opening the workbench: the case named, the only case, or a picker; the briefing action."""

from __future__ import annotations

import shutil

from ach.report import write_briefing
from ach.store import Workspace
from ach.tui.app import Workbench, first_session
from ach.tui.kit.pick import PickScreen
from ach.tui.main_screen import MainScreen

from .conftest import ANALYST, CASE, SAMPLE, Told, make_app, settle


def test_the_only_case_opens_without_asking(sample):
    session = first_session(Workspace(sample), None, ANALYST)
    assert session is not None and session.case.id == CASE


def test_with_several_cases_nothing_is_chosen_for_the_user(sample):
    shutil.copy(sample / "hypotheses" / "sample.json", sample / "hypotheses" / "other.json")
    assert first_session(Workspace(sample), None, ANALYST) is None
    assert first_session(Workspace(sample), CASE, ANALYST).case.id == CASE


async def test_the_picker_opens_the_chosen_case(sample, tmp_path):
    text = (sample / "hypotheses" / "sample.json").read_text(encoding="utf-8")
    (sample / "hypotheses" / "copy.json").write_text(
        text.replace('"id": "sample"', '"id": "copy"'), encoding="utf-8")
    app = Workbench(Workspace(sample), ANALYST)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "enter")  # copy, sample
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.main.session.case.id == CASE


async def test_a_workspace_without_cases_says_how_to_make_one(tmp_path):
    (tmp_path / "hypotheses").mkdir()
    app = Workbench(Workspace(tmp_path), ANALYST)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        assert "ach new CASE" in app.screen.heading
        await pilot.press("escape")
        await settle(pilot)
    assert app.return_code == 0


async def test_a_broken_case_is_reported_and_the_picker_stays(sample):
    (sample / "hypotheses" / "broken.json").write_text("{not json", encoding="utf-8")
    app = Workbench(Workspace(sample), ANALYST)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # broken, sample
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        assert any("is not valid JSON" in m for m in told.messages)


async def test_the_briefing_is_written_from_the_saved_case(sample, tmp_path):
    (sample / "reports").mkdir()
    app = make_app(sample)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        await pilot.press("right", "5", "b")  # the new rating must reach the briefing
        await settle(pilot)
        assert any("Briefing written" in m for m in told.messages)
    page = (sample / "reports" / "sample.html").read_text(encoding="utf-8")
    # Made from the files as saved with the new rating: the same page as rendering now.
    again = write_briefing(Workspace(sample), CASE, sample / "again.html")
    assert page == again.read_text(encoding="utf-8")
    original = tmp_path / "original"
    shutil.copytree(SAMPLE, original)
    before = write_briefing(Workspace(original), CASE, original / "before.html")
    assert page != before.read_text(encoding="utf-8")


async def test_a_case_named_on_the_command_line_is_read_after_the_first_paint(sample):
    app = Workbench(Workspace(sample), ANALYST, open_case=CASE)
    async with app.run_test() as pilot:
        # The window is up before the case is read: the opening notice names it.
        assert "Opening sample" in str(app.screen_stack[0].query_one("#opening").render())
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.main.session.case.id == CASE


async def test_a_broken_case_named_on_the_command_line_is_reported(sample):
    (sample / "hypotheses" / "broken.json").write_text("{not json", encoding="utf-8")
    app = Workbench(Workspace(sample), ANALYST, open_case="broken")
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        assert any("broken.json" in m for m in told.messages)
