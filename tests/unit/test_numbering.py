"""The refs the workbench shows are kept while the case's order stays, and follow it."""

from __future__ import annotations

from ach.edits import changes
from ach.model import Case, CaseEvidence, Hypothesis, Rating
from ach.workbench.numbering import Numbering, change_ids


def case() -> Case:
    return Case(id="c", question="Who?",
                hypotheses=[Hypothesis(id=f"h-{i}", title=f"T{i}") for i in range(3)],
                evidence=[CaseEvidence(id=f"e-{i}") for i in range(4)])


def test_refs_follow_the_case_order_after_a_move_or_a_removal():
    c, numbering = case(), Numbering()
    assert numbering.item(c, "e-2") == "E3" and numbering.hypothesis(c, "h-1") == "H2"
    changes.move_evidence(c, "e-2", -1).apply(c, None)
    assert numbering.item(c, "e-2") == "E2" and numbering.item(c, "e-1") == "E3"
    changes.delete_hypothesis(c, "h-0").apply(c, None)
    assert numbering.hypothesis(c, "h-1") == "H1"
    assert numbering.hypothesis(c, "h-0") == "h-0"  # gone: its id, not a wrong ref


def test_a_change_label_is_said_with_refs():
    c, numbering = case(), Numbering()
    change = changes.rate(c, "A", "e-3", "h-2", Rating.I)
    assert numbering.words(c, change.label, change_ids(change)) == "rate E4 × H3 I"
