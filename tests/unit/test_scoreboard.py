"""The live scoreboard gives exactly the scores a full rescore gives, after any edits."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from ach.model import Rating
from ach.scoreboard import Scoreboard
from ach.scoring import Matrix, score
from tests.unit.test_sensitivity import matrices

ratings = st.sampled_from([*Rating, None])


def assert_same(a, b) -> None:
    assert a.leaders == b.leaders
    for x, y in zip(a.hypotheses, b.hypotheses, strict=True):
        assert (x.id, x.rank) == (y.id, y.rank)
        assert math.isclose(x.inconsistency, y.inconsistency, abs_tol=1e-9)
        assert math.isclose(x.weighted_inconsistency, y.weighted_inconsistency, abs_tol=1e-9)
        assert math.isclose(x.probability, y.probability, rel_tol=1e-9, abs_tol=1e-12)
    assert [(e.id, e.linchpin, e.excluded) for e in a.evidence] == [
        (e.id, e.linchpin, e.excluded) for e in b.evidence]


@settings(max_examples=150, deadline=None)
@given(matrices(), st.data())
def test_edits_through_the_scoreboard_match_a_full_rescore(m: Matrix, data) -> None:
    board = Scoreboard(m)
    assert_same(board.scores(), score(m))
    for _ in range(data.draw(st.integers(0, 8))):
        if not m.rows:
            break
        row = data.draw(st.sampled_from(board.rows))
        if data.draw(st.booleans()):
            h = data.draw(st.sampled_from(m.hypothesis_ids))
            board.set_cell(row.evidence_id, h, data.draw(ratings))
        else:
            board.set_row(replace(row, excluded=not row.excluded))
        assert_same(board.scores(), score(board.matrix))
