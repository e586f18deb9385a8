"""The team table kept one cell at a time agrees with the core's consensus computed afresh."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ach.model import Case, CaseEvidence, Cell, Hypothesis, Rating
from ach.scoring import (
    Disagreement,
    cell_ratings,
    consensus,
    consensus_ratings,
    matrix_for,
    spread,
)
from ach.store import Library
from ach.workbench.team_table import TeamTable, differences
from tests.tui.team_workspace import EXPECTED, RATINGS

ANALYSTS = ("Ann", "Ben", "Cy")
ITEMS = ("e-1", "e-2", "e-3")
HYPOTHESES = ("h-1", "h-2")

edits = st.lists(st.tuples(st.sampled_from(ANALYSTS), st.sampled_from(ITEMS),
                           st.sampled_from(HYPOTHESES),
                           st.one_of(st.none(), st.sampled_from(list(Rating)))), max_size=40)


def empty_case() -> Case:
    return Case(id="c", question="q", hypotheses=[Hypothesis(id=h, title=h) for h in HYPOTHESES],
                evidence=[CaseEvidence(id=e) for e in ITEMS])


@settings(max_examples=150, deadline=None)
@given(before=edits, after=edits)
def test_cell_by_cell_updates_match_a_fresh_table(before, after):
    case = empty_case()
    for analyst, e, h, rating in before:
        case.set_cell(analyst, e, h, Cell(rating=rating) if rating else None)
    table = TeamTable(case.ratings)
    for analyst, e, h, rating in after:
        case.set_cell(analyst, e, h, Cell(rating=rating) if rating else None)
        table.update(case.ratings, e, h)
    agreed = consensus_ratings(case)
    for e in ITEMS:
        for h in HYPOTHESES:
            given_ratings = list(cell_ratings(case, e, h).values())
            cell = table.cell(e, h)
            if not given_ratings:
                assert cell is None
                continue
            assert cell.consensus is agreed[e][h] is consensus(given_ratings)
            assert cell.raters == len(given_ratings)
            assert cell.band == (Disagreement.of(spread(given_ratings))
                                 if len(given_ratings) > 1 else None)
    assert table.matrix(case, Library().items) == matrix_for(case, Library().items, None)


def test_the_worked_examples_of_the_sample():
    case = empty_case().model_copy(update={
        "hypotheses": [Hypothesis(id=h, title=h) for h in ("h-one", "h-two", "h-three")],
        "evidence": [CaseEvidence(id=f"e-0{i}") for i in range(1, 6)]})
    for analyst, cells in RATINGS.items():
        for (e, h), (code, reason) in cells.items():
            case.set_cell(analyst, e, h, Cell(rating=Rating(code), reason=reason))
    table = TeamTable(case.ratings)
    for (e, h), (code, band) in EXPECTED.items():
        cell = table.cell(e, h)
        assert (cell.consensus.value, cell.band.value if cell.band else None) == (code, band)
    found, total = differences(case, table, "Bob Brown", limit=2)
    assert total == 3
    assert [(d.evidence_id, d.hypothesis_id, d.gap) for d in found] == [
        ("e-02", "h-two", 3), ("e-05", "h-one", 2)]
