"""One list of actions: the bindings, the footer, the palette and the help screen agree."""

from __future__ import annotations

import io

from rich.console import Console
from textual.command import CommandPalette, DiscoveryHit
from textual.widgets import Footer, Static

from ach.tui import keys as key_list
from ach.tui.kit.help import HelpScreen
from ach.tui.main_screen import MainScreen
from ach.tui.palette import WorkbenchActions

from .conftest import case_on_disk, main_screen, make_app, settle

ANALYST = "Analyst A"


def test_every_action_is_documented_and_bound_once():
    seen_keys: dict[str, str] = {}
    for spec in key_list.all_actions():
        assert spec.help and spec.description, spec.id
        for key in filter(None, spec.keys.split(",")):
            assert key not in seen_keys, f"{key} is bound to {seen_keys.get(key)} and {spec.id}"
            seen_keys[key] = spec.id
    bound = {b.id for b in MainScreen.BINDINGS}
    assert bound == {a.id for a in key_list.all_actions() if a.keys}
    assert all(b.tooltip for b in MainScreen.BINDINGS)


def test_the_keys_of_design_section_five():
    keys = {a.id: a.keys.split(",") for a in key_list.all_actions()}
    for key, code in (("1", "cc"), ("2", "c"), ("3", "n"), ("4", "i"), ("5", "ii"), ("0", "na")):
        assert keys[f"rate-{code}"] == [key]
    assert "backspace" in keys["clear"]
    assert keys["quit"] == ["ctrl+q"] and keys["help"] == ["question_mark"]
    for move, arrow in (("up", "up"), ("down", "down"), ("left", "left"), ("right", "right")):
        assert arrow in keys[move]


async def test_the_help_screen_lists_every_action(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(plain(s.content) for s in app.screen.query(Static))
        for spec in key_list.all_actions():
            assert spec.help in shown, spec.id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_the_footer_shows_the_main_keys(sample):
    app = make_app(sample)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        shown = " ".join(str(w.render()) for w in footer.query("*"))
        for spec in key_list.all_actions():
            if spec.footer and spec.binding_group is None:
                assert spec.description in shown, spec.id
        assert "1 2 3 4 5 0 rate" in shown


def plain(renderable) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


async def discover(app) -> list[str]:
    provider = WorkbenchActions(main_screen(app))
    return [hit.text or str(hit.display) async for hit in provider.discover()
            if isinstance(hit, DiscoveryHit)]


async def test_the_palette_offers_what_can_run_now(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        offered = await discover(app)
        assert "Rate the cell CC (very consistent)" in offered
        assert "Undo the last change" not in offered  # nothing to undo yet
        await pilot.press("1")
        await settle(pilot)
        assert "Undo the last change" in await discover(app)
        main_screen(app).session.viewing = "Analyst B"
        assert "Rate the cell CC (very consistent)" not in await discover(app)


async def test_a_palette_command_runs_its_action(sample):
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"rate the cell ii")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert case_on_disk(sample).cell(ANALYST, "e-01", "h-supplier").rating.value == "II"


async def test_a_features_palette_command_runs_on_the_screen(sample):
    """The method's, team's and sources' actions are the screen's own: the palette runs them."""
    app = make_app(sample)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "Flag the item as possibly planted (deception), or clear the flag: S shows the " \
               "ranking if it was" in await discover(app)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"flag the item as possibly planted")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).session.item("e-01").deception
