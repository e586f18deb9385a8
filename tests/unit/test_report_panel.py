"""The team's consensus matrix is read off the analysts' own matrices, a combination of
ratings at a time; it must say, cell for cell, what the consensus rule says of the case's
ratings (``consensus_ratings``), and the briefing must use that very matrix."""

from __future__ import annotations

import itertools

from ach.model import Rating
from ach.report.team import Panel
from ach.scoring import consensus_ratings, matrix_for
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.report_cases import build_case, item, library, two_analyst_case


def assert_same_consensus(case, lib) -> None:
    team = matrix_for(case, lib.items, None)
    assert Panel.of(case, lib).consensus() == team
    by_rule = consensus_ratings(case)
    for row in team.rows:
        agreed = by_rule.get(row.evidence_id, {})
        assert row.ratings == tuple(agreed.get(h) for h in team.hypothesis_ids), row.evidence_id


def test_two_analysts() -> None:
    assert_same_consensus(*two_analyst_case())


def test_every_pair_of_ratings_and_unrated_cells_and_set_aside_items() -> None:
    """Each combination of two ratings (and one rating alone) in its own cell, NA included,
    with a third analyst who rated one cell and an item that is set aside."""
    codes = [r.value for r in Rating]
    pairs = [*itertools.product(codes, codes), *((c, "") for c in codes)]
    evidence = [f"e{i}" for i in range(len(pairs))]
    ann: dict[str, dict[str, str]] = {}
    bob: dict[str, dict[str, str]] = {}
    for e, (a, b) in zip(evidence, pairs, strict=True):
        ann[e] = {"h1": a, "h2": "NA"}
        if b:
            bob[e] = {"h1": b}
    case = build_case(["One", "Two", "Three"],
                      {"Ann": ann, "Bob": bob, "Cy": {"e0": {"h3": "II"}}},
                      evidence, excluded={"e3": "doubtful"})
    lib = library(*(item(e) for e in evidence[1:]))  # e0 is missing from the evidence files
    assert_same_consensus(case, lib)


def test_bundled_case_with_a_second_analyst(bundled) -> None:
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    (first, cells), *_ = case.ratings["Dana Levi"].items()
    for h, cell in cells.items():
        case.set_cell("Eli", first, h, cell.model_copy(update={"rating": Rating.II}))
    assert_same_consensus(case, lib)
