"""Who said what in a cell, and where my ratings differ most from the team's consensus."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from ach.store import Workspace
from ach.tui.main_screen import MainScreen
from ach.tui.team.differences import DifferencesScreen
from ach.tui.team.opinions import CellOpinions

from .conftest import main_screen, make_app, settle
from .team_workspace import (
    ALICE,
    BOB,
    CASE,
    HOSTILE,
    HOSTILE_TOO,
    OMAR,
    build_team_workspace,
    plain,
)


@pytest.fixture
def team(tmp_path):
    return build_team_workspace(tmp_path / "workspace")


def lines_of(text: str) -> list[str]:
    return text.splitlines()


async def opinions_of(pilot, evidence_id: str, hypothesis_id: str) -> list[str]:
    main_screen(pilot.app).matrix.go_to(evidence_id, hypothesis_id)
    await pilot.press("o")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CellOpinions)
    return lines_of(plain(screen.query_one("#opinions", Static).content))


async def test_who_said_what_lists_every_rating_and_reason_literally(team):
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = await opinions_of(pilot, "e-02", "h-two")
        assert "Item: e-02 Ministry denies any talks" in shown
        assert "Hypothesis: H2 Talks drag on" in shown
        assert ("Team: C consistent · consensus of 3 analysts, extreme disagreement (1.89)"
                in shown)
        assert f"{ALICE} CC very consistent: {HOSTILE}" in shown
        assert (f"{BOB} (you) II very inconsistent: Nothing in the record supports it"
                in shown)
        assert f"{OMAR} CC very consistent: {HOSTILE_TOO}" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_who_said_what_names_who_did_not_rate(team):
    app = make_app(team, CASE, OMAR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = await opinions_of(pilot, "e-04", "h-three")
        assert "Team: II very inconsistent · rated by one analyst only" in shown
        assert f"{ALICE} · not rated" in shown
        assert f"{BOB} II very inconsistent: no reason given" in shown
        assert f"{OMAR} (you) · not rated" in shown


async def test_who_said_what_works_in_the_team_view_too(team):
    app = make_app(team, CASE, ALICE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        shown = await opinions_of(pilot, "e-03", "h-one")
        assert "Team: NA not applicable · consensus of 3 analysts, mild disagreement (0.47)" \
            in shown
        assert f"{ALICE} (you) NA not applicable: no reason given" in shown
        assert f"{OMAR} I inconsistent: no reason given" in shown


async def test_my_differences_come_largest_first_and_enter_goes_to_the_cell(team):
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DifferencesScreen)
        table = screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        # Bob against the consensus (see team_workspace): gap in r, then the cells' spread.
        assert [(r[0], r[1][:4], r[2][:2], r[3], r[4], r[5]) for r in rows] == [
            ("3", "e-02", "H2", "II", "C", "extreme !!"),
            ("2", "e-05", "H1", "CC", "N", "large !"),
            ("1", "e-02", "H1", "I", "N", "large !"),
        ]
        shown = lines_of(plain(screen.query_one("#difference", Static).content))
        assert f"{ALICE} CC very consistent: {HOSTILE}" in shown  # the first row's reasons
        await pilot.press("down")
        await settle(pilot)
        shown = lines_of(plain(screen.query_one("#difference", Static).content))
        assert f"{BOB} (you) CC very consistent: Bob's own reading" in shown
        await pilot.press("enter")
        await settle(pilot)
        main = main_screen(app)
        assert app.screen is main
        assert main.cursor() == ("e-05", "h-one")
        assert main.lens is None and main.holds("edit")  # ready to change my rating


async def test_enter_shows_the_cell_even_when_a_filter_hid_it(team):
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t", "slash", *"envoy", "enter")  # only e-01 is left on screen
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        main = main_screen(app)
        assert main.cursor() == ("e-02", "h-two")
        assert main.lens is None


async def test_nothing_to_list_when_i_have_not_rated(team):
    workspace = Workspace(team)
    app = make_app(team, CASE, "Newcomer")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DifferencesScreen)
        assert not screen.query_one(DataTable).display
        text = plain(screen.query_one("#difference", Static).content)
        assert "You (Newcomer) have not rated this case yet" in text
    assert "Newcomer" not in workspace.load_case(CASE).analysts
