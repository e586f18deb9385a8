"""Sources into the workbench: a file imported from a form, drawn from at once; a source
imported by another process appears without a restart; forms keep what is typed."""

from __future__ import annotations

from textual.widgets import Input

from ach.sources import Metadata, import_source, read_source_file
from ach.store import Workspace
from ach.tui.kit.pick import PickScreen
from ach.tui.main_screen import MainScreen
from ach.tui.sources.importing import ImportForm
from ach.tui.sources.view import SourceScreen
from ach.workbench.source_import import completions

from .conftest import Told, library_on_disk, make_app, settle

ARTICLE = ("Port closure\n\nThe ministry said on Monday that the port would close for "
           "repairs.\n\nShipping agents reported that tankers were diverted to Basra.\n")


async def test_a_file_imported_from_the_form_opens_to_draw_evidence(sample):
    (sample / "notes").mkdir()
    (sample / "notes" / "port.txt").write_text(ARTICLE, encoding="utf-8")
    app = make_app(sample)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, ImportForm)
        assert app.focused.id == "path"
        await pilot.press(*"notes/po")
        await pilot.pause(0.2)
        await pilot.press("right")  # accepts the completion shown
        assert app.focused.value == "notes/port.txt"
        await pilot.press("tab", "tab", *"Port closure notice", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert any("Imported source port-closure-notice" in m for m in told.messages)
    library = library_on_disk(sample)
    assert library.sources["port-closure-notice"].title == "Port closure notice"
    assert (sample / "evidence" / "port-closure-notice.txt").read_text() == ARTICLE


async def test_a_missing_file_is_said_in_the_form_and_nothing_is_written(sample):
    before = sorted(p.name for p in (sample / "evidence").iterdir())
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("I", *"nowhere.txt", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ImportForm)
        assert "no such file: nowhere.txt" in str(app.screen.query_one(".form-errors").render())
    assert sorted(p.name for p in (sample / "evidence").iterdir()) == before


async def test_a_source_imported_by_another_process_appears_without_a_restart(sample, tmp_path):
    article = tmp_path / "article.md"
    article.write_text(ARTICLE, encoding="utf-8")
    app = make_app(sample)
    told = Told()
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        # as ach import-source in another terminal would
        import_source(Workspace(sample), read_source_file(article),
                      Metadata(title="Harbour report"), "harbour")
        await pilot.pause(2.5)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        assert "harbour" in [key for key, _ in app.screen.choices]


def test_completion_offers_folders_and_importable_files_only(tmp_path):
    (tmp_path / "notes").mkdir()
    for name in ("a.txt", "b.md", "c.html", "d.pdf", ".hidden.txt"):
        (tmp_path / "notes" / name).write_text("x", encoding="utf-8")
    assert completions("no", tmp_path) == ["notes/"]
    assert completions("notes/", tmp_path) == ["notes/a.txt", "notes/b.md", "notes/c.html"]


async def test_a_character_typed_on_a_button_is_reported_not_lost(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("I", "tab")  # the Browse button
        await pilot.press("x")
        await settle(pilot)
        assert "'x' was not typed anywhere" in str(app.screen.query_one(".form-errors").render())
        assert app.screen.query_one("#path", Input).value == ""


async def test_a_new_indicator_starts_and_saves_in_its_words(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("i", "n")
        await settle(pilot)
        assert app.focused.id == "text"
        await pilot.press(*"Tankers diverted", "tab")
        assert app.focused.id == "hypothesis"  # Tab goes down the form
        await pilot.press("ctrl+s")
        await settle(pilot)
    from .conftest import case_on_disk
    assert "Tankers diverted" in [i.text for i in case_on_disk(sample).indicators]
