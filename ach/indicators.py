"""Heuer's step 8: indicators to watch, per hypothesis, with a dated status history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ach.model import Case, Indicator, IndicatorStatus, StatusChange, fresh_id


def new_indicator(case: Case, hypothesis_id: str, text: str) -> Indicator:
    """A new indicator, not yet seen, for one hypothesis (the case is left as it was)."""
    case.hypothesis(hypothesis_id)  # KeyError for an unknown hypothesis
    return Indicator(id=fresh_id("i", {i.id for i in case.indicators}),
                     hypothesis_id=hypothesis_id, text=text)


def add_indicator(case: Case, hypothesis_id: str, text: str) -> Indicator:
    """A new indicator, not yet seen, for one hypothesis, added to the case."""
    indicator = new_indicator(case, hypothesis_id, text)
    case.indicators.append(indicator)
    return indicator


def indicator(case: Case, indicator_id: str) -> Indicator:
    for ind in case.indicators:
        if ind.id == indicator_id:
            return ind
    raise KeyError(f"case {case.id!r} has no indicator {indicator_id!r}")


def with_status(case: Case, indicator_id: str, status: IndicatorStatus, date: dt.date,
                evidence_id: str | None = None, note: str = "") -> Indicator:
    """The indicator with a change of status recorded: when, and which evidence item
    showed it (a new value; the case is left as it was)."""
    ind = indicator(case, indicator_id)
    if evidence_id is not None and not case.uses(evidence_id):
        raise KeyError(f"case {case.id!r} does not use evidence {evidence_id!r}")
    return ind.model_copy(update={"history": [*ind.history, StatusChange(
        status=status, date=date, evidence_id=evidence_id, note=note)]})


def set_status(case: Case, indicator_id: str, status: IndicatorStatus, date: dt.date,
               evidence_id: str | None = None, note: str = "") -> Indicator:
    """Record a change of status in the case: when, and which evidence item showed it."""
    changed = with_status(case, indicator_id, status, date, evidence_id, note)
    case.indicators = [changed if i.id == indicator_id else i for i in case.indicators]
    return changed


@dataclass(frozen=True)
class Watch:
    """One hypothesis's signposts, for the TUI panel and the briefing's 'what to watch'."""

    hypothesis_id: str
    indicators: tuple[Indicator, ...]

    def count(self, status: IndicatorStatus) -> int:
        return sum(1 for i in self.indicators if i.status is status)


def what_to_watch(case: Case) -> list[Watch]:
    """Indicators grouped by hypothesis, in the case's hypothesis order."""
    return [Watch(h.id, tuple(i for i in case.indicators if i.hypothesis_id == h.id))
            for h in case.hypotheses]
