"""The briefing numbers hypotheses and items as the workbench and the CLI do: H1 is the
case's first hypothesis and E1 its first item (case order, never rank), and page one names
them by title alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ach.model import Cell, Level, Rating
from ach.report import render_briefing
from ach.sensitivity import WhatIf
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.report_html import Element, parse

REF = re.compile(r"\b[EH][0-9]+\b")


def _title_after(element: Element) -> str | None:
    """The text of the title element right after a ref; None where the ref stands alone
    (a column header under the titled one above it)."""
    siblings = [c for c in element.parent.children if isinstance(c, Element)]
    after = siblings[siblings.index(element) + 1:]
    return after[0].text() if after and after[0].tag == "bdi" else None


def _named(page_root: Element, css: str) -> list[tuple[str, str | None]]:
    """Every ref the page shows, with the title beside it (None if it has none)."""
    return [(span.text(), _title_after(span)) for span in page_root.iter()
            if span.tag == "span" and css in (span.attrs.get("class") or "").split()]


def _briefing(root: Path, analyst: str | None) -> tuple[object, object, str]:
    case, library = Workspace(root).open(BUNDLED_CASE)
    whatif = WhatIf().with_cell("e-03", "h-distance", Rating.C).toggle_excluded("e-14", False)
    whatif = whatif.with_credibility("e-06", Level.L)
    case.scenarios.append(whatif.to_scenario("w-check", "Withdrawal read as distancing", ""))
    return case, library, render_briefing(case, library, analyst=analyst)


@pytest.fixture(params=["one analyst", "team"])
def briefing(bundled: Path, request):
    if request.param == "team":
        # A second analyst who ranks differently, so the team ranking is its own.
        case, library = Workspace(bundled).open(BUNDLED_CASE)
        for ref in case.evidence:
            case.set_cell("Omar", ref.id, "h-distance", Cell(rating=Rating.C))
        Workspace(bundled).save_case(case)
        return _briefing(bundled, None)
    return _briefing(bundled, "Dana Levi")


def test_each_hypothesis_ref_beside_a_title_is_its_place_in_the_case(briefing) -> None:
    case, _, html = briefing
    expected = {f"H{n}": h.title for n, h in enumerate(case.hypotheses, 1)}
    shown = _named(parse(html).root, "key")
    assert {ref for ref, _ in shown} == set(expected)
    for ref, title in shown:
        assert title is None or title == expected[ref], (ref, title)
    assert sum(title is not None for _, title in shown) >= 3 * len(expected)


def test_each_item_ref_beside_a_summary_is_its_place_in_the_case(briefing) -> None:
    case, library, html = briefing
    expected = {f"E{n}": library.items[r.id].summary for n, r in enumerate(case.evidence, 1)}
    shown = _named(parse(html).root, "eid")
    assert len({ref for ref, _ in shown}) == len(expected)  # every item is named somewhere
    for ref, summary in shown:
        assert summary == expected[ref], (ref, summary)
    assert all(summary is not None for _, summary in shown)


def test_the_what_if_names_cells_by_the_case_refs(briefing) -> None:
    case, _, html = briefing
    text = " ".join(parse(html).text().split())
    distance = next(n for n, h in enumerate(case.hypotheses, 1) if h.id == "h-distance")
    e03 = next(n for n, r in enumerate(case.evidence, 1) if r.id == "e-03")
    assert (f"Rate E{e03} C against H{distance} "
            f"{case.hypotheses[distance - 1].title}") in text
    assert "e-03" not in text.replace(case.notes, "")  # the analyst's own notes may say ids


def test_page_one_names_hypotheses_by_title_alone(briefing) -> None:
    _, _, html = briefing
    summary = parse(html).root.by_id("summary")
    assert not _named(summary, "key") and not _named(summary, "eid")
    assert not REF.findall(summary.text())
