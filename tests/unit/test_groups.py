"""Dependence groups: k correlated items weigh like one (ACH-METHOD.md)."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from ach.model import Rating
from ach.scoreboard import Scoreboard
from ach.scoring import Matrix, Row, score, shared
from ach.sensitivity import without_each
from tests.unit.test_scoreboard import assert_same
from tests.unit.test_sensitivity import matrices

WEIGHTS = [0.5, 2 ** -0.5, 1.0, 2 ** 0.5, 2.0]
ratings = st.sampled_from([*Rating, None])


def same_figures(a, b) -> None:
    assert a.leaders == b.leaders
    for x, y in zip(a.hypotheses, b.hypotheses, strict=True):
        assert x.rank == y.rank
        assert math.isclose(x.weighted_inconsistency, y.weighted_inconsistency, abs_tol=1e-9)
        assert math.isclose(x.probability, y.probability, rel_tol=1e-9, abs_tol=1e-12)


@st.composite
def grouped(draw) -> Matrix:
    m = draw(matrices())
    rows = tuple(replace(r, group=draw(st.sampled_from([None, "a", "b"]))) for r in m.rows)
    return Matrix(m.hypothesis_ids, shared(rows))


@settings(max_examples=150, deadline=None)
@given(matrices(), st.integers(2, 5), st.data())
def test_k_identical_copies_in_a_group_score_like_the_item_alone(m: Matrix, k: int,
                                                                  data) -> None:
    counted = [r for r in m.rows if not r.excluded]
    if not counted:
        return
    item = data.draw(st.sampled_from(counted))
    copies = tuple(replace(item, evidence_id=f"{item.evidence_id}-{n}", group="copies")
                   for n in range(k))
    rows = [r for r in m.rows if r is not item]
    grouped_matrix = Matrix(m.hypothesis_ids, shared((*rows, *copies)))
    same_figures(score(grouped_matrix), score(m))


@settings(max_examples=150, deadline=None)
@given(grouped())
def test_a_groups_discount_never_changes_plain_inconsistency(m: Matrix) -> None:
    ungrouped = Matrix(m.hypothesis_ids, shared(tuple(replace(r, group=None) for r in m.rows)))
    for x, y in zip(score(m).hypotheses, score(ungrouped).hypotheses, strict=True):
        assert x.inconsistency == y.inconsistency


@settings(max_examples=100, deadline=None)
@given(matrices())
def test_with_no_groups_nothing_changes(m: Matrix) -> None:
    # Passing the rows through the grouping step leaves every figure as it was, bit for bit.
    again = Matrix(m.hypothesis_ids, shared(m.rows))
    a, b = score(m), score(again)
    assert [(h.inconsistency, h.weighted_inconsistency, h.probability, h.rank)
            for h in a.hypotheses] == [(h.inconsistency, h.weighted_inconsistency,
                                        h.probability, h.rank) for h in b.hypotheses]
    assert a.evidence == b.evidence


@settings(max_examples=150, deadline=None)
@given(grouped())
def test_grouped_linchpins_match_leaving_each_item_out(m: Matrix) -> None:
    scores = score(m)
    for row in m.rows:
        if row.excluded:
            continue
        without = score(m.without([row.evidence_id]))
        assert scores.item(row.evidence_id).linchpin == (without.leaders != scores.leaders)
    for outcome in without_each(m, [r.evidence_id for r in m.rows if not r.excluded]):
        assert outcome.after.leaders == score(m.without([outcome.evidence_id])).leaders


@settings(max_examples=100, deadline=None)
@given(grouped(), st.data())
def test_the_scoreboard_follows_group_weights_as_members_come_and_go(m: Matrix, data) -> None:
    board = Scoreboard(m)
    for _ in range(data.draw(st.integers(0, 8))):
        if not m.rows:
            break
        row = data.draw(st.sampled_from(board.rows))
        if data.draw(st.booleans()):
            board.set_cell(row.evidence_id, data.draw(st.sampled_from(m.hypothesis_ids)),
                           data.draw(ratings))
        else:
            board.set_row(replace(row, excluded=not row.excluded))
        assert_same(board.scores(), score(board.matrix))


def test_three_items_of_one_interview_weigh_like_one() -> None:
    alone = Matrix(("h1", "h2"), (Row("e1", 1.0, (Rating.I, Rating.C)),
                                  Row("e2", 1.0, (Rating.C, Rating.I)),
                                  Row("e3", 1.0, (Rating.C, Rating.I)),
                                  Row("e4", 1.0, (Rating.C, Rating.I))))
    assert score(alone).hypothesis("h1").weighted_inconsistency == 1.0
    assert score(alone).hypothesis("h2").weighted_inconsistency == 3.0
    rows = tuple(replace(r, group="interview") if r.evidence_id != "e1" else r
                 for r in alone.rows)
    scores = score(Matrix(alone.hypothesis_ids, shared(rows)))
    assert math.isclose(scores.hypothesis("h2").weighted_inconsistency, 1.0)
    assert scores.hypothesis("h2").inconsistency == 3
    assert scores.leaders == frozenset({"h1", "h2"})
