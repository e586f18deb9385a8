"""Invariants of the scores, on matrices hypothesis draws at random."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ach.model import Level, Rating
from ach.scoring import TIE, Matrix, Row, figures, leaders_of, score, totals, weight

WEIGHTS = sorted({weight(c, r) for c in Level for r in Level})
cells = st.one_of(st.none(), st.sampled_from(list(Rating)))


@st.composite
def matrices(draw, min_hypotheses: int = 1, max_rows: int = 12) -> Matrix:
    n = draw(st.integers(min_hypotheses, 6))
    rows = draw(st.lists(
        st.tuples(st.sampled_from(WEIGHTS), st.lists(cells, min_size=n, max_size=n),
                  st.booleans() if draw(st.booleans()) else st.just(False)),
        max_size=max_rows))
    return Matrix(tuple(f"h{i}" for i in range(n)),
                  tuple(Row(f"e{i}", w, tuple(r), x) for i, (w, r, x) in enumerate(rows)))


@given(matrices())
def test_probabilities_sum_to_one(m: Matrix) -> None:
    probs = [h.probability for h in score(m).hypotheses]
    assert all(0.0 <= p <= 1.0 for p in probs)
    assert math.fsum(probs) == pytest.approx(1.0)


@given(matrices())
def test_rank_one_has_the_least_weighted_inconsistency(m: Matrix) -> None:
    hyps = score(m).hypotheses
    least = min(h.weighted_inconsistency for h in hyps)
    for h in hyps:
        assert (h.rank == 1) == (h.weighted_inconsistency <= least + TIE)
        # A rank is one more than the number of hypotheses strictly better.
        better = sum(o.weighted_inconsistency < h.weighted_inconsistency - TIE for o in hyps)
        assert h.rank == better + 1


@given(matrices(), st.sampled_from(WEIGHTS), st.integers(0, 12))
def test_an_all_neutral_row_changes_no_score(m: Matrix, w: float, at: int) -> None:
    n = len(m.hypothesis_ids)
    rows = list(m.rows)
    rows.insert(min(at, len(rows)), Row("neutral", w, (Rating.N,) * n))
    before, after = score(m), score(Matrix(m.hypothesis_ids, tuple(rows)))
    for a, b in zip(before.hypotheses, after.hypotheses, strict=True):
        assert (a.inconsistency, a.rank) == (b.inconsistency, b.rank)
        assert a.weighted_inconsistency == pytest.approx(b.weighted_inconsistency)
        assert a.probability == pytest.approx(b.probability, abs=1e-12)
    assert before.leaders == after.leaders
    assert {e.id: (e.diagnosticity, e.linchpin) for e in before.evidence} == \
        {e.id: (e.diagnosticity, e.linchpin) for e in after.evidence if e.id != "neutral"}
    added = after.item("neutral")
    assert added.diagnosticity == 0.0 and not added.linchpin


@given(matrices(min_hypotheses=2, max_rows=15))
def test_linchpins_equal_a_brute_force_rescore(m: Matrix) -> None:
    scores = score(m)
    for row in m.rows:
        expected = (not row.excluded
                    and score(m.without([row.evidence_id])).leaders != scores.leaders)
        assert scores.item(row.evidence_id).linchpin == expected, row.evidence_id


@given(matrices())
def test_leaders_are_the_rank_one_hypotheses(m: Matrix) -> None:
    scores = score(m)
    assert scores.leaders == {h.id for h in scores.hypotheses if h.rank == 1}
    assert scores.leaders == leaders_of(m.hypothesis_ids,
                                        [h.weighted_inconsistency for h in scores.hypotheses])


@given(matrices())
def test_totals_by_column_equal_the_sums_of_the_rows_figures(m: Matrix) -> None:
    """A ranking sums the matrix a column at a time; a full score sums each row's figures.
    A briefing shows both side by side, so they must agree to the last bit."""
    by_rows = totals(m, [figures(row) for row in m.rows])
    assert totals(m) == by_rows
    assert by_rows[1] == [h.weighted_inconsistency for h in score(m).hypotheses]
