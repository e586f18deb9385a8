"""The sensitivity page: linchpins and the ranking without each, planted items reversed,
recorded what-ifs recomputed, and the items of no diagnostic value."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Static

from ach.model import Scenario
from ach.refs import item_refs
from ach.store import Workspace
from ach.tui.method.sensitivity import SensitivityScreen

from .conftest import make_app, settle


def page(app) -> str:
    console = Console(width=160, file=io.StringIO(), record=True)
    console.print(app.screen.query_one("#sens-content", Static).content)
    return " ".join(console.export_text().split())


async def test_the_page_shows_each_way_the_lead_could_fall(sample):
    workspace = Workspace(sample)
    case, library = workspace.open("sample")
    case.scenarios = [Scenario(id="w-1", title="Without the forum post", excluded=["e-01"],
                               note="The post may be a copy")]
    workspace.save_case(case)
    app = make_app(sample)
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "p")  # e-04 may be planted
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SensitivityScreen)
        text = page(app)
        found = app.screen.found
    ref = item_refs(case)  # the page names items by ref, as the matrix does
    # As rated, the insider leads; without e-01, "guessed" ties it.
    assert "As rated 1 An insider leaked the printed draft [/] · 0" in text
    [pin] = found.linchpins
    assert pin.evidence_id == "e-01" and pin.after.leaders == {"h-insider", "h-guess"}
    assert f"{ref['e-01']} Draft plan appeared" in text and "LEADER CHANGES" in text
    # e-04 reversed: the insider's CC becomes II (2.83) and Supplier A's I a C.
    [planted] = found.planted
    assert planted.evidence_id == "e-04" and planted.changes_leader
    assert planted.after.leaders == {"h-supplier", "h-guess"}
    assert f"{ref['e-04']} The forum post" in text[text.index("If planted"):]
    # The recorded what-if, recomputed now, with its note.
    [(scenario, result)] = found.scenarios
    assert result.leaders == {"h-insider", "h-guess"}
    scenarios = text[text.index("Recorded what-ifs"):]
    assert "Without the forum post" in scenarios and f"set {ref['e-01']} aside" in scenarios
    assert "The post may be a copy" in scenarios
    # e-05 is not rated, so it is not listed as idle; nothing rated is idle.
    assert found.idle == []
    assert "Every rated item tells the hypotheses apart" in text


async def test_without_linchpins_the_page_says_no_single_item_decides_it(sample):
    app = make_app(sample)
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        # e-02 I against "guessed" too: no single item stands between it and the lead.
        await pilot.press("down", "right", "right", "4")
        # e-05 N, N, N: rated, and of no diagnostic value.
        await pilot.press("down", "down", "down", "3", "left", "3", "left", "3")
        await pilot.press("S")
        await settle(pilot)
        text = page(app)
        assert app.screen.found.idle == ["e-05"]
    assert "No linchpins: no single item decides it." in text
    assert "No counted item is flagged as possibly planted." in text
    assert "None recorded." in text
    e5 = item_refs(Workspace(sample).load_case("sample"))["e-05"]
    assert f"1 item: {e5} Assumption: nobody outside the company" in text
