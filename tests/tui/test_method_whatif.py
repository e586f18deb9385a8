"""What-if mode: visibly apart, live scores, nothing on disk until the analyst chooses."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ach.model import Level, Rating
from ach.tui.main_screen import MainScreen
from ach.tui.matrix.scores import ScoresPanel
from ach.tui.method.forms import ScenarioForm
from ach.tui.method.whatif import LeaveWhatIf, RealRanking, WhatIfScreen

from .conftest import ANALYST, case_on_disk, library_on_disk, main_screen, make_app, settle


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def banner(app) -> str:
    return str(app.screen.query_one("#whatif-banner", Static).render())


async def leave(pilot, *keys: str) -> None:
    """W, then the keys given in the dialog (and the forms after it)."""
    for key in ("W", *keys):
        await pilot.press(key)
        await settle(pilot)


async def enter_and_change(pilot) -> WhatIfScreen:
    """W, then: e-01 × Supplier A II, exclude e-02, e-03's credibility down, reverse e-04."""
    await pilot.press("W")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WhatIfScreen)
    await pilot.press("5", "down", "x", "down", "c", "down", "tilde")
    await settle(pilot)
    return screen


async def test_a_whatif_changes_the_scores_and_nothing_on_disk(sample):
    before = files(sample)
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        real = main_screen(app)
        real_scores = real.scoreboard.scores
        screen = await enter_and_change(pilot)
        await settle(pilot)
        assert "WHAT-IF — nothing is saved" in banner(app)
        assert "4 changes" in banner(app)
        # The what-if scores: e-01 (weight 2) II against Supplier A: 4; e-02 set aside
        # takes its II away; e-04 reversed turns the insider's CC into II (2 × 1.41).
        # So "nobody leaked it" (2, from e-01's I) now leads, not the insider.
        mine = screen.scoreboard.scores
        assert mine.item("e-02").excluded and not real_scores.item("e-02").excluded
        assert abs(mine.hypothesis("h-supplier").weighted_inconsistency - 4) < 1e-9
        assert abs(mine.hypothesis("h-insider").weighted_inconsistency - 2 * 2**0.5) < 1e-9
        assert real_scores.leaders == {"h-insider"} and mine.leaders == {"h-guess"}
        assert "Real → what-if: THE LEADER CHANGES" in banner(app)
        assert screen.session.item("e-03").credibility is Level.M
        assert real.session.item("e-03").credibility is Level.H
        # The panel shows the what-if, the real ranking stands beneath it.
        panel = screen.query_one(ScoresPanel)
        assert panel._data.scores is mine  # noqa: SLF001
        assert "What-if scores" in panel._data.heading  # noqa: SLF001
        assert "Real analysis (saved)" in str(screen.query_one(RealRanking).render())
        # The real analysis is untouched, in memory and on disk.
        assert real.scoreboard.scores == real_scores
        assert real.session.case.cell(ANALYST, "e-01", "h-supplier").rating is Rating.C
        assert files(sample) == before
        # Leave, discarding it.
        await pilot.press("W")
        await settle(pilot)
        assert isinstance(app.screen, LeaveWhatIf)
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is real
        assert real.scoreboard.scores == real_scores
    assert files(sample) == before


async def test_keeping_a_whatif_makes_it_the_real_analysis_in_one_undoable_step(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await enter_and_change(pilot)
        await leave(pilot, "k")
        real = main_screen(app)
        assert app.screen is real
        disk = case_on_disk(sample)
        assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.II
        assert disk.evidence_ref("e-02").excluded
        # Reversed: e-04's CC and I turned round, each keeping its reason.
        assert disk.cell(ANALYST, "e-04", "h-insider").rating is Rating.II
        assert disk.cell(ANALYST, "e-04", "h-supplier").rating is Rating.C
        assert library_on_disk(sample).items["e-03"].credibility is Level.M
        assert real.scoreboard.scores.leaders == {"h-guess"}
        await pilot.press("u")  # one step back undoes it all
        await settle(pilot)
    disk = case_on_disk(sample)
    assert disk.cell(ANALYST, "e-01", "h-supplier").rating is Rating.C
    assert not disk.evidence_ref("e-02").excluded
    assert disk.cell(ANALYST, "e-04", "h-insider").rating is Rating.CC
    assert library_on_disk(sample).items["e-03"].credibility is Level.H


async def test_recording_a_whatif_saves_a_scenario_and_no_rating(sample):
    ratings_before = case_on_disk(sample).ratings
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await enter_and_change(pilot)
        await leave(pilot, "r")
        assert isinstance(app.screen, ScenarioForm)
        await pilot.press("enter")  # a title is needed
        await settle(pilot)
        assert isinstance(app.screen, ScenarioForm)
        await pilot.press(*"What if the typo was planted?", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    disk = case_on_disk(sample)
    assert disk.ratings == ratings_before
    assert not disk.evidence_ref("e-02").excluded
    [scenario] = disk.scenarios
    assert scenario.title == "What if the typo was planted?"
    assert scenario.excluded == ["e-02"]
    assert scenario.reversed == ["e-04"]
    assert scenario.credibility == {"e-03": Level.M}
    assert [(c.evidence_id, c.hypothesis_id, c.rating) for c in scenario.cells] == [
        ("e-01", "h-supplier", Rating.II)]


async def test_undo_in_a_whatif_undoes_the_whatif_only(sample):
    before = files(sample)
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("W", "5", "u")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WhatIfScreen)
        assert screen.whatif().is_empty
        assert "0 changes" in banner(app)
        # Leaving an unchanged what-if asks nothing.
        await pilot.press("W")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and not isinstance(app.screen, WhatIfScreen)
    assert files(sample) == before


async def test_a_whatif_refuses_what_it_could_not_keep(sample):
    before = files(sample)
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot)
        screen = app.screen
        # Adding, editing, flagging and rating as someone else are dimmed…
        for action in ("add_evidence", "edit_hypothesis", "switch_analyst"):
            assert screen.check_action(action, ()) is None, action
        assert screen.check_action("toggle_deception", ()) is None
        assert screen.check_action("rate", ("CC",)) is True
        # …and refused if reached some other way.
        await pilot.press("p")
        screen.action_toggle_deception()
        await settle(pilot)
        assert not screen.session.item("e-01").deception
        assert screen.whatif().is_empty
    assert files(sample) == before


async def test_tilde_asks_what_if_the_item_was_planted(sample):
    before = files(sample)
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "tilde")  # e-04, from the main screen
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WhatIfScreen)
        assert screen.whatif().reversed == {"e-04"}
        assert screen.session.rating("e-04", "h-insider") is Rating.II
    assert files(sample) == before


async def test_quitting_from_a_whatif_asks_first(sample):
    before = files(sample)
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("W", "5", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, LeaveWhatIf)
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert isinstance(app.screen, WhatIfScreen)
        await pilot.press("ctrl+q", "d")
        await settle(pilot)
    assert app.return_code == 0
    assert files(sample) == before


async def test_an_excluded_item_counted_again_is_recorded_as_such(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("W", "end", "x")  # e-06, set aside in the sample
        await settle(pilot)
        screen = app.screen
        assert not screen.scoreboard.scores.item("e-06").excluded
        assert screen.whatif().restored == {"e-06"}
        await pilot.press("W", "r", *"Count the ransom silence", "enter")
        await settle(pilot)
    disk = case_on_disk(sample)
    assert disk.evidence_ref("e-06").excluded  # the real case is as it was
    assert [s.restored for s in disk.scenarios] == [["e-06"]]


async def test_another_analysts_whatif_can_be_recorded_but_not_kept(sample):
    before = case_on_disk(sample).ratings
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("v")  # the list starts on Analyst B
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).session.viewing == "Analyst B"
        await pilot.press("W", "5")  # a what-if on B's ratings: e-01 × Supplier A II
        await settle(pilot)
        assert app.screen.session.rating("e-01", "h-supplier") is Rating.II
        await pilot.press("W")
        await settle(pilot)
        assert app.screen.query_one("#keep").disabled
        await pilot.press("k")  # refused
        await settle(pilot)
        assert isinstance(app.screen, LeaveWhatIf)
        await pilot.press("d")
        await settle(pilot)
    assert case_on_disk(sample).ratings == before
