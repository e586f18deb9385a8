"""Dependence groups and key judgments as changes (shared by ``ach group``/``ach judgment``
and the workbench), and the suggested groups."""

from __future__ import annotations

import datetime as dt

import pytest

from ach.edits import judgments as edits
from ach.grouping import RESTATES, content_words, jaccard, suggest
from ach.model import (
    Case,
    CaseEvidence,
    Confidence,
    DependenceGroup,
    EstimativeTerm,
    Evidence,
    EvidenceType,
    GroupKind,
)
from ach.scoring import score_case
from tests.unit.conftest import open_session

TODAY = dt.date(2025, 1, 2)


def test_grouping_reweighs_undo_restores_and_the_case_is_untouched_until_applied():
    session = open_session()
    case, library = session.case, session.library
    before = case.model_dump()
    scores_before = score_case(case, library.items, session.analyst)
    change = edits.group_items(case, "one ledger", ["e-01", "e-04"], GroupKind.SAME_SOURCE)
    assert case.model_dump() == before
    assert change.structural  # the weights change: the scores are built again
    change.apply(case, library)
    assert [(g.label, g.kind, g.members) for g in case.groups] == [
        ("one ledger", GroupKind.SAME_SOURCE, ["e-01", "e-04"])]
    grouped = score_case(case, library.items, session.analyst)
    assert [h.inconsistency for h in grouped.hypotheses] == [
        h.inconsistency for h in scores_before.hypotheses]
    change.inverse().apply(case, library)
    assert case.model_dump() == before


def test_an_item_joins_one_group_at_most_and_a_group_of_one_is_dropped():
    session = open_session()
    case, library = session.case, session.library
    edits.group_items(case, "a", ["e-01", "e-02"], GroupKind.SAME_EVENT).apply(case, library)
    edits.group_items(case, "b", ["e-03", "e-04"], GroupKind.SAME_SOURCE).apply(case, library)
    assert edits.moved_out(case, "b", ["e-02", "e-03", "e-04"]) == {"a": ["e-02"]}
    edits.add_to_group(case, "b", ["e-02"]).apply(case, library)
    assert [(g.label, g.members) for g in case.groups] == [("b", ["e-03", "e-04", "e-02"])]
    assert case.group("b").kind is GroupKind.SAME_SOURCE  # joining keeps the group's kind
    edits.ungroup(case, ["e-03"]).apply(case, library)
    assert [(g.label, g.members) for g in case.groups] == [("b", ["e-04", "e-02"])]
    edits.ungroup(case, ["e-04"]).apply(case, library)
    assert case.groups == []
    assert edits.ungroup(case, ["e-04"]) is None  # nothing would change


def test_a_group_needs_two_known_items_and_a_label():
    case = open_session().case
    with pytest.raises(ValueError, match="two different items"):
        edits.group_items(case, "x", ["e-01", "e-01"], GroupKind.SAME_SOURCE)
    with pytest.raises(ValueError, match="no evidence item 'e-99'"):
        edits.group_items(case, "x", ["e-01", "e-99"], GroupKind.SAME_SOURCE)
    with pytest.raises(ValueError, match="label"):
        edits.group_items(case, "  ", ["e-01", "e-02"], GroupKind.SAME_SOURCE)
    with pytest.raises(KeyError):
        edits.remove_group(case, "none such")


def test_a_key_judgment_notes_the_leaders_and_is_restated_and_removed_undoably():
    session = open_session()
    case, library = session.case, session.library
    scores = score_case(case, library.items, session.analyst)
    draft = edits.JudgmentDraft("An insider leaked it", EstimativeTerm.LIKELY,
                                Confidence.MODERATE, " the printed copy ", "h-insider")
    change, entry = edits.add_judgment(case, draft, scores, TODAY)
    assert case.judgments == []
    change.apply(case, library)
    (saved,) = case.judgments
    assert (saved.text, saved.basis, saved.written, saved.leaders_then) == (
        "An insider leaked it", "the printed copy", TODAY,
        [h.id for h in case.hypotheses if h.id in scores.leaders])
    assert edits.edit_judgment(case, saved.id, draft, scores, TODAY) is None
    later = dt.date(2025, 2, 1)
    restated = edits.JudgmentDraft("An insider leaked it", EstimativeTerm.VERY_LIKELY,
                                   Confidence.HIGH, "the printed copy", "h-insider")
    edits.edit_judgment(case, saved.id, restated, scores, later).apply(case, library)
    assert (case.judgments[0].term, case.judgments[0].written) == (
        EstimativeTerm.VERY_LIKELY, later)
    remove = edits.remove_judgment(case, saved.id)
    remove.apply(case, library)
    assert case.judgments == []
    remove.inverse().apply(case, library)
    assert case.judgments[0].confidence is Confidence.HIGH


def test_a_judgment_without_a_sentence_or_about_no_hypothesis_is_refused():
    session = open_session()
    scores = score_case(session.case, session.library.items, session.analyst)
    for draft, problem in (
            (edits.JudgmentDraft(" ", EstimativeTerm.LIKELY, Confidence.LOW), "empty"),
            (edits.JudgmentDraft("x", EstimativeTerm.LIKELY, Confidence.LOW, "", "h-9"),
             "no hypothesis")):
        with pytest.raises(ValueError, match=problem):
            edits.add_judgment(session.case, draft, scores, TODAY)


# -- suggestions -------------------------------------------------------------------------

def _case(*items: Evidence, groups=()) -> tuple[Case, dict[str, Evidence]]:
    case = Case(id="c", question="q", evidence=[CaseEvidence(id=i.id) for i in items],
                groups=list(groups))
    return case, {i.id: i for i in items}


def test_one_speaker_source_and_date_is_suggested_as_one_group():
    when = dt.date(2024, 12, 18)
    case, items = _case(
        Evidence(id="e1", summary="a", source_id="s", said_by="Ann  Lee", date=when),
        Evidence(id="e2", summary="b", source_id="s", said_by="ann lee", date=when),
        Evidence(id="e3", summary="c", source_id="s", said_by="Ann Lee", date=TODAY),
        Evidence(id="e4", summary="d", source_id="t", said_by="Ann Lee", date=when))
    (found,) = suggest(case, items)
    assert (found.members, found.kind, found.label) == (
        ("e1", "e2"), GroupKind.SAME_SPEAKER, "Ann Lee, s, 2024-12-18")


def test_an_assumption_restating_an_item_is_suggested_at_half_its_words_not_below():
    assert RESTATES == 0.5
    fact = Evidence(id="e1", summary="The militias halted drone launches after the briefing")
    same = Evidence(id="a1", summary="Militias halted drone launches", type=EvidenceType.ASSUMPTION)
    other = Evidence(id="a2", summary="Militias prefer quiet talks with Washington",
                     type=EvidenceType.ASSUMPTION)
    assert jaccard(content_words(same.summary), content_words(fact.summary)) >= 0.5
    case, items = _case(fact, same, other)
    assert [(s.members, s.kind) for s in suggest(case, items)] == [
        (("e1", "a1"), GroupKind.DERIVED)]


def test_items_already_grouped_together_are_not_suggested_again():
    when = dt.date(2024, 12, 18)
    items = (Evidence(id="e1", summary="a", source_id="s", said_by="X", date=when),
             Evidence(id="e2", summary="b", source_id="s", said_by="X", date=when))
    assert suggest(*_case(*items, groups=[DependenceGroup(id="g-1", label="x",
                                                          members=["e2", "e1", "e9"])])) == []
    # …and a suggestion's label never repeats an existing group's.
    (found,) = suggest(*_case(*items, groups=[DependenceGroup(id="g-1", label="X, s, 2024-12-18",
                                                              members=["e7", "e8"])]))
    assert found.label == "X, s, 2024-12-18 (2)"
