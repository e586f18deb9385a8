"""The team view: the consensus matrix, read-only, each cell marked by how much the analysts
disagree, and the scores of the consensus matrix; the same key goes back to my ratings."""

from __future__ import annotations

import pytest

from ach.edits import changes
from ach.figures import score as score_text
from ach.model import Cell, Rating
from ach.scoring import score_case
from ach.store import Workspace
from ach.tui.main_screen import MainScreen
from ach.tui.matrix.scores import ScoresPanel
from ach.tui.matrix.status import InfoBar
from ach.tui.team.lens import TeamLens

from .conftest import Told, main_screen, make_app, settle
from .team_workspace import BOB, CASE, EXPECTED, OMAR, build_team_workspace, cell_texts

#: The mark drawn beside a consensus code for each band (none and one analyst: no mark).
MARK = {"none": "", "mild": "~", "large": "!", "extreme": "!!", None: ""}


@pytest.fixture
def team(tmp_path):
    return build_team_workspace(tmp_path / "workspace")


def on_disk(root):
    workspace = Workspace(root)
    case, library = workspace.open(CASE)
    return case, library.items


async def team_view(pilot) -> MainScreen:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    screen = main_screen(pilot.app)
    assert isinstance(screen.lens, TeamLens)
    return screen


def same_scores(shown, expected) -> bool:
    """Equal figures (to rounding: the board adds and subtracts rows as ratings change)."""
    def figures(scores):
        return ([(h.id, h.rank, h.inconsistency, pytest.approx(h.weighted_inconsistency),
                  pytest.approx(h.probability)) for h in scores.hypotheses],
                [(e.id, pytest.approx(e.diagnosticity), e.linchpin) for e in scores.evidence],
                scores.leaders)
    return figures(shown) == figures(expected)


def panel_text(screen: MainScreen) -> str:
    return screen.query_one(ScoresPanel).plain()


async def test_each_cell_shows_the_consensus_and_its_band(team):
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await team_view(pilot)
        for (evidence_id, hypothesis_id), (code, band) in EXPECTED.items():
            shown = cell_texts(screen, evidence_id)[hypothesis_id]
            assert shown == f"{code} {MARK[band]}".strip(), (evidence_id, hypothesis_id)
        assert cell_texts(screen, "e-01")["h-three"] == "·"  # nobody rated it
        assert "the team" in str(screen.query_one(InfoBar).render())
        screen.matrix.go_to("e-02", "h-two")
        await settle(pilot)
        assert screen.shown.cell("e-02", "h-two").reason.startswith(
            "consensus of 3 analysts, extreme disagreement (1.89)")


async def test_the_team_view_is_read_only(team):
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await team_view(pilot)
        before = (team / "hypotheses" / f"{CASE}.json").read_bytes()
        screen.matrix.go_to("e-01", "h-three")
        await pilot.press("1", "backspace", "x")
        await settle(pilot)
        assert not screen.holds("edit")
        assert (team / "hypotheses" / f"{CASE}.json").read_bytes() == before
        assert cell_texts(screen, "e-01")["h-three"] == "·"


async def test_the_scores_panel_shows_the_team_scores(team):
    case, items = on_disk(team)
    expected = score_case(case, items, None)
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(120, 40)) as pilot:
        mine = score_case(case, items, BOB)
        screen = await team_view(pilot)
        assert screen.scoreboard.scores == expected
        assert expected != mine  # the team's figures, not Bob's
        text = panel_text(screen)
        assert text.startswith("Scores · the team")
        titles = {h.id: h.title for h in case.hypotheses}
        ranked = [titles[h.id] for h in expected.ranked]
        # The ranking's order (a caution above it may name a leader first).
        ranking = "\n".join(line for line in text.splitlines() if not line.startswith("⚠"))
        assert [ranking.index(t) for t in ranked] == sorted(ranking.index(t) for t in ranked)
        for h in expected.hypotheses:
            assert score_text(h.weighted_inconsistency) in text


async def test_the_same_key_goes_back_to_my_own_ratings(team):
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await team_view(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert screen.lens is None and screen.holds("edit")
        assert screen.session.viewing == BOB
        assert cell_texts(screen, "e-02")["h-two"] == "II"  # Bob's own rating
        case, items = on_disk(team)
        assert screen.scoreboard.scores == score_case(case, items, BOB)
        screen.matrix.go_to("e-01", "h-three")
        await pilot.press("4")
        await settle(pilot)
    case, _ = on_disk(team)
    assert case.cell(BOB, "e-01", "h-three").rating is Rating.I


async def test_the_team_view_follows_my_ratings_made_in_my_own_view(team):
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(100, 30)) as pilot:
        await team_view(pilot)  # the table is built now; from here on it is kept current
        await pilot.press("t")
        await settle(pilot)
        screen = main_screen(app)
        screen.matrix.go_to("e-02", "h-two")
        await pilot.press("2")  # Bob: II → C; the cell is CC, C, CC: mean 5/3, SD 0.471
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert cell_texts(screen, "e-02")["h-two"] == "CC ~"
        case, items = on_disk(team)
        assert case.cell(BOB, "e-02", "h-two").rating is Rating.C
        assert same_scores(screen.scoreboard.scores, score_case(case, items, None))
        await pilot.press("t", "u", "t")  # undo it: back to extreme disagreement
        await settle(pilot)
        assert cell_texts(screen, "e-02")["h-two"] == "C !!"


async def test_the_team_view_reads_the_files_again_when_they_change(team):
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await team_view(pilot)
        workspace = Workspace(team)
        case = workspace.load_case(CASE)  # Omar, elsewhere: CC → II (now CC, II, II)
        case.set_cell(OMAR, "e-02", "h-two", Cell(rating=Rating.II))
        workspace.save_case(case)
        screen.check_disk()
        await settle(pilot)
        await settle(pilot)
        assert isinstance(screen.lens, TeamLens)
        assert cell_texts(screen, "e-02")["h-two"] == "I !!"  # mean −2/3: I; SD 1.886
        case, items = on_disk(team)
        assert screen.scoreboard.scores == score_case(case, items, None)


async def test_one_analyst_is_no_team(team):
    workspace = Workspace(team)
    case = workspace.load_case(CASE)
    for name in list(case.ratings):
        if name != BOB:
            del case.ratings[name]
    workspace.save_case(case)
    app = make_app(team, CASE, BOB)
    told = Told()
    async with app.run_test(size=(100, 30), message_hook=told) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert main_screen(app).lens is None
        assert any("only Bob Brown has rated" in m
                   for m in told.messages)


async def test_the_team_scores_follow_an_item_excluded_in_my_own_view(team):
    app = make_app(team, CASE, BOB)
    async with app.run_test(size=(100, 30)) as pilot:
        await team_view(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = main_screen(app)
        # e-02 no longer counts (as the exclude key does, once it has the reason).
        screen.apply(changes.set_excluded(screen.session.case, "e-02", True, "a denial"))
        await settle(pilot)
        screen.matrix.go_to("e-05", "h-one")
        await pilot.press("4")  # Bob: CC → I, so e-05 × h-one is I for all three
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        case, items = on_disk(team)
        assert case.evidence_ref("e-02").excluded
        assert same_scores(screen.scoreboard.scores, score_case(case, items, None))
        assert cell_texts(screen, "e-05")["h-one"] == "I"
