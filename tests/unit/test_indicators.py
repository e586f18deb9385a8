"""Step 8 and step 3: indicator status history, and the blind work-across order."""

from __future__ import annotations

import datetime as dt

import pytest

from ach.indicators import add_indicator, set_status, what_to_watch
from ach.model import Case, CaseEvidence, Hypothesis, IndicatorStatus, Rating
from ach.workacross import differences, shuffled


def small_case() -> Case:
    return Case(id="c", question="Q?", hypotheses=[Hypothesis(id="h1", title="One"),
                                                   Hypothesis(id="h2", title="Two")],
                evidence=[CaseEvidence(id="e1")])


def test_indicator_history_keeps_every_change_with_its_date_and_evidence() -> None:
    case = small_case()
    ind = add_indicator(case, "h1", "PMF brigades put under army command")
    assert ind.status is IndicatorStatus.NOT_SEEN and ind.history == []
    set_status(case, ind.id, IndicatorStatus.EMERGING, dt.date(2025, 1, 5), "e1", "draft law")
    set_status(case, ind.id, IndicatorStatus.SEEN, dt.date(2025, 3, 1))
    ind = case.indicators[0]
    assert ind.status is IndicatorStatus.SEEN
    assert [(c.status, c.date, c.evidence_id) for c in ind.history] == [
        (IndicatorStatus.EMERGING, dt.date(2025, 1, 5), "e1"),
        (IndicatorStatus.SEEN, dt.date(2025, 3, 1), None)]


def test_indicators_refuse_unknown_hypotheses_and_evidence() -> None:
    case = small_case()
    with pytest.raises(KeyError):
        add_indicator(case, "nope", "x")
    ind = add_indicator(case, "h2", "x")
    with pytest.raises(KeyError):
        set_status(case, ind.id, IndicatorStatus.SEEN, dt.date(2025, 1, 1), "e-missing")
    assert case.indicators[0].history == []


def test_what_to_watch_groups_by_hypothesis_in_case_order() -> None:
    case = small_case()
    add_indicator(case, "h2", "b")
    add_indicator(case, "h1", "a")
    watch = what_to_watch(case)
    assert [w.hypothesis_id for w in watch] == ["h1", "h2"]
    assert [i.text for i in watch[0].indicators] == ["a"]
    assert watch[1].count(IndicatorStatus.NOT_SEEN) == 1


def test_shuffled_order_is_a_permutation_fixed_per_item_and_seed() -> None:
    ids = [f"h{i}" for i in range(8)]
    orders = {tuple(shuffled(ids, f"e{i}", "s")) for i in range(20)}
    assert all(sorted(o) == ids for o in orders)
    assert len(orders) > 1, "different items should not all get the same order"
    assert shuffled(ids, "e1", "s") == shuffled(ids, "e1", "s")


def test_differences_reveal_the_largest_moves_first() -> None:
    before = {"h1": Rating.C, "h2": Rating.I, "h3": Rating.N}
    after = {"h1": Rating.C, "h2": Rating.CC, "h3": Rating.I}
    found = differences(before, after)
    assert [(d.hypothesis_id, d.steps) for d in found] == [("h2", 3), ("h3", 1)]
