"""Step 5: each hypothesis's breakdown adds up to its scores."""

from __future__ import annotations

import math

from hypothesis import given, settings

from ach.breakdown import breakdown, undiagnostic
from ach.model import Rating
from ach.scoring import Matrix, Row, score, totals
from tests.unit.test_sensitivity import matrices


def test_breakdown_lists_each_item_with_weight_and_share() -> None:
    m = Matrix(("H1", "H2"), (Row("E1", 2.0, (Rating.II, Rating.C)),
                              Row("E2", 1.0, (Rating.I, Rating.N)),
                              Row("E3", 1.0, (Rating.C, Rating.II), excluded=True)))
    parts = breakdown(m, "H1")
    assert [c.evidence_id for c in parts.contributions] == ["E1", "E2"]
    first = parts.contributions[0]
    assert (first.rating, first.weight, first.inconsistency, first.weighted) == (
        Rating.II, 2.0, 2, 4.0)
    assert math.isclose(first.share, 0.8) and math.isclose(parts.contributions[1].share, 0.2)
    assert parts.excluded == ("E3",)
    assert [c.evidence_id for c in parts.against] == ["E1", "E2"]


@settings(max_examples=150, deadline=None)
@given(matrices())
def test_breakdowns_add_up_to_the_scores(m: Matrix) -> None:
    scores = score(m)
    _, _, log_l = totals(m)
    for i, h in enumerate(m.hypothesis_ids):
        parts = breakdown(m, h)
        assert math.isclose(parts.inconsistency, scores.hypothesis(h).inconsistency)
        assert math.isclose(parts.weighted_inconsistency,
                            scores.hypothesis(h).weighted_inconsistency, abs_tol=1e-9)
        assert math.isclose(sum(c.log_likelihood for c in parts.contributions), log_l[i],
                            abs_tol=1e-9)
        if parts.weighted_inconsistency > 0:
            assert math.isclose(sum(c.share for c in parts.contributions), 1.0)


def test_zero_diagnosticity_items_are_flagged_for_refinement() -> None:
    m = Matrix(("H1", "H2"), (Row("same", 1.0, (Rating.C, Rating.C)),
                              Row("tells", 1.0, (Rating.C, Rating.I)),
                              Row("aside", 1.0, (Rating.N, Rating.N), excluded=True)))
    assert undiagnostic(score(m)) == ["same"]
