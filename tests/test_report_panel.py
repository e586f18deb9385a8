"""The briefing reads the team's consensus matrix off the analysts' own matrices; it must
be the very matrix ``ach.scoring`` builds from the case, row for row."""

from __future__ import annotations

import itertools

from ach.model import Rating
from ach.report.team import Panel
from ach.scoring import matrix_for
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.report_cases import build_case, item, library, two_analyst_case


def assert_same_consensus(case, lib) -> None:
    assert Panel.of(case, lib).consensus() == matrix_for(case, lib.items, None)


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
