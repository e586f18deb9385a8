"""Working across: one item at a time, hypotheses shuffled, earlier ratings hidden, compared."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ach.model import Rating
from ach.tui.main_screen import MainScreen
from ach.tui.method.workacross import WorkAcrossScreen
from ach.workacross import differences, shuffled

from .conftest import ANALYST, case_on_disk, main_screen, make_app, settle

HYPOTHESES = ["h-supplier", "h-insider", "h-guess"]
CODES = {"1": Rating.CC, "2": Rating.C, "3": Rating.N, "4": Rating.I, "5": Rating.II,
         "0": Rating.NA}


def shown(app, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))}


async def test_blind_rating_reveal_and_keep_the_new_ratings(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("O")  # from e-01: C, C, I earlier
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkAcrossScreen)
        assert screen.evidence_id == "e-01"
        # The hypotheses in the order the seed gives this item, not the matrix's.
        assert screen.order == shuffled(HYPOTHESES, "e-01", screen.seed)
        # The earlier ratings are nowhere on the screen: every hypothesis shows "·".
        lines = shown(app, "#wa-hypotheses").splitlines()[1:]
        titles = {h.id: h.title for h in main_screen(app).session.case.hypotheses}
        assert len(lines) == 3
        for line, h in zip(lines, screen.order, strict=True):
            assert line[2:].split(maxsplit=1) == ["·", titles[h]]
        whole = " ".join(shown(app, w) for w in ("#wa-item", "#wa-hypotheses", "#wa-reveal"))
        assert "Draft plan appeared on a forum" in whole and "The full draft" in whole
        # Rate blind: CC, then II, then NA, in the shuffled order.
        await pilot.press("1", "5", "0")
        await settle(pilot)
        blind = dict(zip(screen.order, (Rating.CC, Rating.II, Rating.NA), strict=True))
        assert screen.blind == blind
        await pilot.press("enter")
        await settle(pilot)
        earlier = {"h-supplier": Rating.C, "h-insider": Rating.C, "h-guess": Rating.I}
        assert screen.revealed == differences(earlier, blind)
        reveal = shown(app, "#wa-reveal")
        assert "differ from your earlier ones on 3 hypotheses" in reveal
        for d in screen.revealed:
            assert f"{d.before.value} → {d.after.value}" in " ".join(reveal.split())
        await pilot.press("k")  # keep the new ratings: saved, and on to e-02
        await settle(pilot)
        assert screen.evidence_id == "e-02" and screen.revealed is None
        assert screen.blind == {}
    disk = case_on_disk(sample)
    assert {h: disk.cell(ANALYST, "e-01", h).rating for h in HYPOTHESES} == blind
    # The reason given earlier stays with its cell.
    assert disk.cell(ANALYST, "e-01", "h-guess").reason == "A verbatim draft is not a guess"


async def test_keep_the_old_ratings_changes_nothing(sample):
    before = files(sample)
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("O", "5", "5", "5", "enter")
        await settle(pilot)
        assert app.screen.revealed
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.evidence_id == "e-02"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).cursor()[0] == "e-02"
    assert files(sample) == before


async def test_matching_ratings_are_said_to_match(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        screen = app.screen
        earlier = {"h-supplier": "2", "h-insider": "2", "h-guess": "4"}  # C, C, I
        await pilot.press(*(earlier[h] for h in screen.order), "enter")
        await settle(pilot)
        assert screen.revealed == []
        assert "match your earlier ones" in shown(app, "#wa-reveal")
        await pilot.press("enter")  # on to the next item
        await settle(pilot)
        assert screen.evidence_id == "e-02"


async def test_each_item_has_its_order_and_the_session_keeps_its_seed(sample):
    app = make_app(sample)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        seed = app.screen.seed
        for _ in range(5):
            assert list(app.screen.order) == shuffled(HYPOTHESES, app.screen.evidence_id, seed)
            await pilot.press("n")
            await settle(pilot)
        await pilot.press("escape")
        await pilot.press("O")
        await settle(pilot)
        assert app.screen.seed == seed  # resumed in the same session: the same orders
