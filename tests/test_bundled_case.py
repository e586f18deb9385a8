"""The bundled Baghdad–Tehran case is a real, complete analysis of the article it cites.

Its scores are not asserted: they must fall out of the ratings through the formulas.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ach.cautions import credibility_splits
from ach.model import EvidenceType
from ach.store import Workspace
from ach.validate import validate

from .conftest import BUNDLED_CASE

ARTICLE = "israel-hayom-2024-12-25"


@pytest.fixture
def opened(bundled: Path):
    case, library = Workspace(bundled).open(BUNDLED_CASE)
    return bundled, case, library


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each non-empty line, the 1-based paragraphs."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def test_the_bundled_workspace_validates(bundled: Path) -> None:
    assert validate(bundled) == []


def test_it_has_enough_hypotheses_and_evidence(opened) -> None:
    _, case, library = opened
    assert len(case.hypotheses) >= 3
    assert len({h.title for h in case.hypotheses}) == len(case.hypotheses)
    assert all(h.description for h in case.hypotheses)
    assert len(case.evidence) >= 12
    types = {library.items[ref.id].type for ref in case.evidence}
    assert EvidenceType.ASSUMPTION in types
    assert EvidenceType.ABSENCE in types


def test_every_sourced_quote_is_verbatim_where_it_says(opened) -> None:
    root, case, library = opened
    source = library.sources[ARTICLE]
    text = (root / "evidence" / source.document).read_text(encoding="utf-8")
    spans = paragraphs(text)
    sourced = [library.items[r.id] for r in case.evidence if library.items[r.id].has_source]
    assert len(sourced) >= 12
    for item in sourced:
        assert item.source_id == ARTICLE, item.id
        assert item.quote and item.location is not None, item.id
        loc = item.location
        assert text[loc.start:loc.end] == item.quote, item.id
        start, end = spans[loc.paragraph - 1]
        assert start <= loc.start and loc.end <= end, f"{item.id} is not in its paragraph"
        assert item.said_by, item.id


def test_items_without_a_source_are_of_a_kind_that_needs_none(opened) -> None:
    _, case, library = opened
    for ref in case.evidence:
        item = library.items[ref.id]
        if not item.has_source:
            assert item.type.needs_no_source, item.id
            assert item.location is None


def test_one_named_analyst_rated_every_cell_with_a_reason(opened) -> None:
    _, case, _ = opened
    assert len(case.analysts) == 1
    analyst = case.analysts[0]
    assert len(analyst.split()) >= 2, "a named analyst, not a login"
    for ref in case.evidence:
        for hyp in case.hypotheses:
            cell = case.cell(analyst, ref.id, hyp.id)
            assert cell is not None, (ref.id, hyp.id)
            assert cell.reason.strip(), (ref.id, hyp.id)
            assert "\n" not in cell.reason, "a one-line reason"


def test_the_source_is_described(opened) -> None:
    _, _, library = opened
    source = library.sources[ARTICLE]
    assert source.publisher == "Israel Hayom"
    assert str(source.published) == "2024-12-25"


def test_every_hypothesis_says_what_would_refute_it(opened) -> None:
    _, case, _ = opened
    for hyp in case.hypotheses:
        assert hyp.refuted_by.strip(), hyp.id


def test_the_analyst_states_a_key_judgment_with_its_basis(opened) -> None:
    _, case, _ = opened
    assert case.judgments
    hypotheses = {h.id for h in case.hypotheses}
    for judgment in case.judgments:
        assert judgment.text.strip() and judgment.basis.strip(), judgment.id
        assert judgment.hypothesis_id in hypotheses, judgment.id


def test_correlated_items_are_grouped_among_the_cases_own_items(opened) -> None:
    _, case, _ = opened
    assert case.groups
    items = {ref.id for ref in case.evidence}
    seen: set[str] = set()
    for group in case.groups:
        assert group.label.strip(), group.id
        assert len(group.members) >= 2, group.label
        assert set(group.members) <= items, group.label
        assert not seen & set(group.members), f"{group.label} shares items with another group"
        seen |= set(group.members)


def test_one_speaker_on_one_occasion_is_equally_credible(opened) -> None:
    _, case, library = opened
    assert credibility_splits(case, library.items) == []
