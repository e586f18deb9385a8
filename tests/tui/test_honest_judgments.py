"""Groups, the flip margin, key judgments and refutation in the workbench
(ACH-METHOD.md "Beyond the matrix")."""

from __future__ import annotations

from ach.scoring import score_case
from ach.store import Workspace
from ach.tui.matrix.scores import ScoresPanel
from ach.workbench.marks import GROUPED
from ach.workbench.score_notes import flip_line, refs

from .conftest import ANALYST, CASE, Told, case_on_disk, main_screen, make_app, settle


def flip_on_disk(root) -> str:
    ws = Workspace(root)
    case, library = ws.open(CASE)
    return flip_line(score_case(case, library.items, ANALYST).flip_margin, refs(case))


async def test_the_flip_margin_follows_each_rating(sample):
    app = make_app(sample)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        panel = main_screen(app).query_one(ScoresPanel)
        before = flip_on_disk(sample)
        assert before.startswith("1 rating change would change the leader")
        assert " ".join(panel.plain().split()).count(before) == 1
        await pilot.press("right", "right", "5")  # the leader's rival loses ground
        await settle(pilot)
        after = flip_on_disk(sample)
        assert after != before
        assert after in " ".join(panel.plain().split())
        assert before not in " ".join(panel.plain().split())


async def test_space_chooses_rows_and_z_groups_them_on_disk(sample):
    told = Told()
    app = make_app(sample)
    async with app.run_test(size=(160, 45), message_hook=told) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("down", "down", "space", "down", "space", "z")  # e-03 and e-04
        await settle(pilot)
        for ch in "one ledger":
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("enter")
        await settle(pilot)
        (group,) = case_on_disk(sample).groups
        assert (group.label, group.members) == ("one ledger", ["e-03", "e-04"])
        assert any("now count as one item" in m for m in told.messages)
        assert screen.row_mark("e-03") == screen.row_mark("e-04") == GROUPED
        # z on a grouped row offers to take it out of its group: the group of one goes.
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("down", "enter")  # "take it out of “one ledger”"
        await settle(pilot)
        assert case_on_disk(sample).groups == []
        assert screen.row_mark("e-04") != GROUPED


async def test_a_suggested_group_is_made_only_when_chosen(sample):
    ws = Workspace(sample)
    case, library = ws.open(CASE)
    for e in ("e-01", "e-04"):  # one forum moderator, one ledger, one day
        library.items[e] = library.items[e].model_copy(update={"said_by": "Forum moderator"})
    ws.save_library(library)
    app = make_app(sample)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("Z")
        await settle(pilot)
        assert case_on_disk(sample).groups == []  # offered, not applied
        await pilot.press("enter")
        await settle(pilot)
        (group,) = case_on_disk(sample).groups
        assert (group.kind.value, group.members) == ("same-speaker", ["e-01", "e-04"])


async def test_a_key_judgment_is_saved_and_warns_when_far_from_the_reading(sample):
    told = Told()
    app = make_app(sample)
    async with app.run_test(size=(160, 50), message_hook=told) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")  # record a new key judgment
        await settle(pilot)
        for ch in "Nobody leaked":
            await pilot.press("space" if ch == " " else ch)
        form = app.screen
        form.query_one("#judgment_term").value = "almost certain"
        form.query_one("#judgment_confidence").value = "low"
        form.query_one("#judgment_hypothesis").value = "h-guess"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (saved,) = case_on_disk(sample).judgments
        assert (saved.text, saved.term.value, saved.confidence.value, saved.hypothesis_id) == (
            "Nobody leaked", "almost certain", "low", "h-guess")
        # The matrix reads "almost no chance" for it: a toast and a line in the panel.
        assert any("'almost certain' where the matrix reads" in m for m in told.messages)
        panel = main_screen(app).query_one(ScoresPanel)
        assert "Key judgment 1 says 'almost certain'" in " ".join(panel.plain().split())


async def test_what_would_refute_the_leader_quiets_the_warning(sample):
    app = make_app(sample)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        panel = main_screen(app).query_one(ScoresPanel)
        assert "nothing recorded would refute it" in " ".join(panel.plain().split())
        leader = next(h for h in case_on_disk(sample).hypotheses if h.id == "h-insider")
        column = [h.id for h in case_on_disk(sample).hypotheses].index(leader.id)
        await pilot.press(*["right"] * column, "E")
        await settle(pilot)
        app.screen.query_one("#refuted_by").value = "the printers' logs show no copy"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert case_on_disk(sample).hypothesis("h-insider").refuted_by == (
            "the printers' logs show no copy")
        assert "nothing recorded would refute it" not in " ".join(panel.plain().split())
