"""One numbering in the workbench (E1…, H1… in the case's order), the first open of a case
one has not rated (the analysis there is, read-only), and rating keys in read-only views."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ach.tui.main_screen import MainScreen
from ach.tui.matrix.detail import GAP, SIDE_BY_SIDE, DetailPanel
from ach.tui.method.workacross import WorkAcrossScreen

from .conftest import Told, case_on_disk, main_screen, make_app, rating_on_disk, settle

BUNDLED = Path(__file__).resolve().parents[2]
NEWCOMER = "Pat Newcomer"


def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled workspace: one case, rated by one analyst (Dana Levi)."""
    root = tmp_path / "bundled"
    root.mkdir()
    for folder in ("hypotheses", "evidence"):
        shutil.copytree(BUNDLED / folder, root / folder)
    return root


def case_bytes(root: Path, case_id: str) -> bytes:
    return (root / "hypotheses" / f"{case_id}.json").read_bytes()


async def test_undo_says_what_it_undid_in_refs(sample):
    told = Told()
    app = make_app(sample)
    async with app.run_test(message_hook=told) as pilot:
        await settle(pilot)
        await pilot.press("down", "right", "2")  # e-02 × h-insider: the case's E2 × H2
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
    assert any(m.startswith("Undone: rate E2 × H2") for m in told.messages), told.messages
    assert not any("e-02" in m or "h-insider" in m for m in told.messages)


async def test_the_reason_form_and_detail_name_refs(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "right", "right")
        await settle(pilot)
        text = main_screen(app).query_one(DetailPanel).text.plain
    assert "H3 Nobody leaked it: the figures were guessed" in text
    assert "E3 " in text and "e-03" not in text


async def test_the_detail_shows_the_hypothesis_description_and_what_would_refute_it(sample):
    path = sample / "hypotheses" / "sample.json"
    data = json.loads(path.read_text())
    data["hypotheses"]["h-supplier"].update(
        description="The supplier sent the draft to a reporter.",
        refuted_by="A log showing the supplier never had the draft.")
    path.write_text(json.dumps(data, indent=2))
    for size in ((80, 24), (120, 35), (200, 50)):
        app = make_app(sample)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            panel = main_screen(app).query_one(DetailPanel)
            lines = [panel.render_line(y).text for y in range(panel.content_region.height)]
            width = panel.content_region.width
        # Wide, the hypothesis is on the left and the item on the right: read each side.
        left = (width - GAP) * 2 // 5 if width >= SIDE_BY_SIDE else width
        sides = [[line[:left] for line in lines], [line[left + GAP:] for line in lines]]
        shown = " ".join(" ".join(" ".join(side).split()) for side in sides)
        assert "H1 Supplier A leaked it [to the press]" in shown, (size, lines)
        assert "The supplier sent the draft" in shown, (size, lines)
        # The item's quote and its source line are never pushed out.
        assert "“" in shown and "Source:" in shown, (size, lines)
        if size != (80, 24):
            assert "Refuted by: A log showing the supplier never had the draft." in shown


async def test_a_case_only_another_analyst_rated_opens_on_their_analysis(tmp_path):
    root = bundled(tmp_path)
    before = case_bytes(root, "baghdad-tehran")
    told = Told()
    app = make_app(root, "baghdad-tehran", NEWCOMER)
    async with app.run_test(size=(80, 24), message_hook=told) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.session.viewing == "Dana Levi"
        assert any("have not rated this case yet" in m and "n starts your own" in m
                   for m in told.messages)
        # Her ratings are on screen, not an empty matrix.
        assert screen.matrix.render_line(1).text.split()[-3:] != ["·", "·", "·"]
        # Rating keys say why nothing happens, and the footer shows only what works.
        assert screen.check_action("rate", ("CC",)) is False
        assert screen.check_action("rate_yourself", ()) is True
        await pilot.press("1")
        await settle(pilot)
        assert any(m.startswith("Read-only: these are Dana Levi's ratings. Press n")
                   for m in told.messages)
        assert case_bytes(root, "baghdad-tehran") == before
        # n, then an empty matrix: my own ratings, and the keys rate.
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")  # the list starts on "an empty matrix"
        await settle(pilot)
        assert screen.session.editable and screen.lens is None
        assert screen.check_action("rate_yourself", ()) is False
        assert screen.matrix.render_line(1).text.split()[-3:] == ["·", "·", "·"]
        await pilot.press("1")
        await settle(pilot)
    assert app.finish() == 0
    case = case_on_disk(root, "baghdad-tehran")
    first, h1 = case.evidence[0].id, case.hypotheses[0].id
    assert case.cell(NEWCOMER, first, h1).rating.value == "CC"
    assert len(case.ratings[NEWCOMER]) == 1


async def test_starting_from_the_analysis_shown_copies_its_codes_and_one_undo_clears_them(
        tmp_path):
    root = bundled(tmp_path)
    app = make_app(root, "baghdad-tehran", NEWCOMER)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("n", "down", "enter")  # "a copy of Dana Levi's ratings"
        await settle(pilot)
        screen = main_screen(app)
        assert screen.session.editable
    app.finish()
    case = case_on_disk(root, "baghdad-tehran")
    dana, mine = case.ratings["Dana Levi"], case.ratings[NEWCOMER]
    assert {e: {h: c.rating for h, c in row.items()} for e, row in mine.items()} == \
        {e: {h: c.rating for h, c in row.items()} for e, row in dana.items()}
    assert all(not c.reason for row in mine.values() for c in row.values())  # codes only


async def test_a_case_several_analysts_rated_opens_on_the_team_view(sample):
    before = case_bytes(sample, "sample")
    told = Told()
    app = make_app(sample, analyst=NEWCOMER)
    async with app.run_test(size=(120, 35), message_hook=told) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.lens is not None and screen.lens.viewing == "the team"
        await pilot.press("5")
        await settle(pilot)
        assert any(m.startswith("Read-only: these are the team's consensus. Press n")
                   for m in told.messages)
        await pilot.press("n", "down", "enter")
        await settle(pilot)
        assert screen.lens is None and screen.session.editable
    app.finish()
    assert case_bytes(sample, "sample") != before
    # The consensus of e-01 × h-supplier, as mine now.
    assert rating_on_disk(sample, "e-01", "h-supplier", NEWCOMER) is not None


async def test_work_across_goes_round_from_the_cursor_to_the_item_before_it(sample):
    told = Told()
    app = make_app(sample)
    async with app.run_test(size=(100, 32), message_hook=told) as pilot:
        await settle(pilot)
        await pilot.press("end", "O")  # the last item shown: e-06
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkAcrossScreen)
        seen = [screen.evidence_id]
        for _ in range(len(screen.rows) - 1):
            await pilot.press("n")
            await settle(pilot)
            seen.append(screen.evidence_id)
        assert seen[:2] == [screen.rows[-1], screen.rows[0]]
        assert sorted(seen) == sorted(screen.rows)
        await pilot.press("n")  # back where it started: it ends
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert any(m.startswith("Every item worked across") for m in told.messages)
