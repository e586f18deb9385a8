"""Cases from the workbench: the first case of an empty folder, a new case, the question
and marking, and switching cases from a picker that says what each case is."""

from __future__ import annotations

import shutil

from textual.command import CommandPalette
from textual.widgets import OptionList

from ach.store import Workspace
from ach.tui.app import Workbench
from ach.tui.cases.forms import CaseFieldsForm, NewCaseForm
from ach.tui.cases.picker import CasePicker
from ach.tui.kit.help import HelpScreen
from ach.tui.main_screen import MainScreen
from ach.tui.sources.importing import ImportForm

from .conftest import ANALYST, CASE, Told, case_on_disk, main_screen, make_app, settle


def options_text(app: Workbench) -> str:
    options = app.screen.query_one(OptionList)
    return "\n".join(str(options.get_option_at_index(i).prompt)
                     for i in range(options.option_count))


async def test_an_empty_folder_leads_to_a_first_case(tmp_path):
    app = Workbench(Workspace(tmp_path), ANALYST)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CasePicker)
        assert "Create a new case" in options_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewCaseForm)
        assert app.focused.id == "case-id"  # the first field
        await pilot.press(*"port-closure", "tab", *"Will the port close?", "tab",
                          *"UNCLASSIFIED", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).session.case.id == "port-closure"
        assert any("Created case port-closure" in m for m in told.messages)
    case = Workspace(tmp_path).load_case("port-closure")
    assert (case.question, case.marking) == ("Will the port close?", "UNCLASSIFIED")


async def test_escaping_the_new_case_form_goes_back_to_the_list(tmp_path):
    app = Workbench(Workspace(tmp_path), ANALYST)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert isinstance(app.screen, CasePicker)
    assert not (tmp_path / "hypotheses").exists()


async def test_a_bad_case_name_is_explained_in_the_form(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", *"sample", "tab", *"Again?", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewCaseForm)
        assert "exists already" in str(app.screen.query_one(".form-errors").render())
        await pilot.press("shift+tab", "end", *["backspace"] * 6, *"bad name!", "ctrl+s")
        await settle(pilot)
        errors = str(app.screen.query_one(".form-errors").render())
        assert "may hold only letters" in errors
    assert Workspace(sample).case_ids() == [CASE]


async def test_the_question_and_marking_are_edited_and_undone(sample):
    before = case_on_disk(sample).question
    app = make_app(sample)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        assert isinstance(app.screen, CaseFieldsForm)
        assert app.focused.id == "question"
        await pilot.press("ctrl+k", *"Will Baghdad side with Tehran?", "tab", *"SECRET",
                          "ctrl+s")
        await settle(pilot)
        assert any("Changed the case's question and marking" in m for m in told.messages)
        shown = str(app.screen.query_one("#question").render())
        assert "Will Baghdad side with Tehran?" in shown
    case = case_on_disk(sample)
    assert (case.question, case.marking) == ("Will Baghdad side with Tehran?", "SECRET")

    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("Q", "ctrl+k", *"Changed again", "ctrl+s", "u")
        await settle(pilot)
    assert case_on_disk(sample).question == "Will Baghdad side with Tehran?" != before


async def test_an_empty_question_is_refused_in_words(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("Q", "ctrl+k", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseFieldsForm)
        assert "Question: the question must not be empty" in str(
            app.screen.query_one(".form-errors").render())


def _second_case(root) -> None:
    text = (root / "hypotheses" / "sample.json").read_text(encoding="utf-8")
    (root / "hypotheses" / "other.json").write_text(
        text.replace('"id": "sample"', '"id": "other"'), encoding="utf-8")


async def test_the_picker_says_what_each_case_is_and_switches_without_quitting(sample):
    _second_case(sample)
    case = case_on_disk(sample)
    app = make_app(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")  # a rating, saved before switching
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CasePicker)
        listed = options_text(app)
        assert " ".join(case.question.split()) in listed
        assert f"{len(case.hypotheses)} hypotheses · {len(case.evidence)} items" in listed
        assert all(name in listed for name in case.analysts)
        assert "(open now)" in listed
        await pilot.press("home", "enter")  # other, sample, + new
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).session.case.id == "other"
    assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating.value == "II"


async def test_a_case_added_on_disk_appears_in_the_open_picker(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert "other" not in options_text(app)
        _second_case(sample)  # as ach new in another terminal would
        await pilot.pause(1.5)
        await settle(pilot)
        assert "other" in options_text(app)


async def palette_runs(app, pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*words)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_finds_new_open_import_and_question(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        for words, screen in (("new case", NewCaseForm), ("open another case", CasePicker),
                              ("import", ImportForm), ("question", CaseFieldsForm)):
            await palette_runs(app, pilot, words)
            assert isinstance(app.screen, screen), words
            await pilot.press("escape")
            await settle(pilot)


async def test_help_lists_the_case_keys(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        listed = {action.help: app.screen.key_text(action)
                  for group in app.screen.groups().values() for action in group}
        text = "\n".join(f"{keys} {words}" for words, keys in listed.items())
        assert "C Open another case" in text and "Q Edit the case's question" in text
        assert "I Import a source file" in text and "palette Create a new case" not in text
        for line in ("Create a new case", "Open another case", "Edit the case's question",
                     "Import a source file"):
            assert line in text


def test_the_cli_and_the_workbench_refuse_the_same_marking(tmp_path):
    import pytest

    from ach.edits.case_fields import clean_marking
    with pytest.raises(ValueError, match="control characters"):
        clean_marking("SECRET\x7f")
    shutil.rmtree(tmp_path)
