"""The method's edits as undoable ``Change``s: refine, deception, credibility, reversal,
relations, indicators and recorded what-ifs.

Like ``ach.edits.changes``, each builder returns a value (or None when nothing
would change) and never touches the case it reads; models are replaced, never
changed in place, so the saver's snapshots stay valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ach.edits.changes import (
    CellEdit,
    Change,
    Focus,
    ItemEdit,
    Swap,
    edit_hypothesis,
    set_excluded,
)
from ach.indicators import new_indicator, with_status
from ach.model import (
    Case,
    Cell,
    Evidence,
    Indicator,
    IndicatorStatus,
    Level,
    Relation,
    Scenario,
)
from ach.sensitivity import reverse
from ach.store import Library

#: H → M → L → H: the order the credibility key cycles through.
_NEXT_LEVEL = {Level.H: Level.M, Level.M: Level.L, Level.L: Level.H}


# -- refine ----------------------------------------------------------------------------

def exclude(case: Case, evidence_id: str, reason: str) -> Change | None:
    change = set_excluded(case, evidence_id, True, reason.strip())
    return None if change is None else replace(change, label=f"set aside {evidence_id}")


def include(case: Case, evidence_id: str) -> Change | None:
    change = set_excluded(case, evidence_id, False)
    return None if change is None else replace(change, label=f"count {evidence_id} again")


def set_relations(case: Case, hypothesis_id: str,
                  relations: Mapping[str, Relation]) -> Change | None:
    """Replace what one hypothesis says about the others (not exclusive of, subsumes)."""
    hypothesis = case.hypothesis(hypothesis_id)
    known = {h.id for h in case.hypotheses} - {hypothesis_id}
    kept = {other: Relation(r) for other, r in sorted(relations.items()) if other in known}
    change = edit_hypothesis(case, hypothesis.model_copy(update={"relations": kept}))
    return None if change is None else replace(change, label=f"relations of {hypothesis_id}")


# -- the evidence item itself -------------------------------------------------------------

def _edit_item(library: Library, evidence_id: str, label: str, **fields) -> Change | None:
    before = library.items.get(evidence_id)
    if before is None:
        return None
    after = before.model_copy(update=fields)
    if after == before:
        return None
    return Change(label, items=(ItemEdit(before, after),), focus=Focus(evidence_id, None))


def set_deception(library: Library, evidence_id: str, flagged: bool) -> Change | None:
    verb = "flag" if flagged else "unflag"
    return _edit_item(library, evidence_id, f"{verb} {evidence_id} as possibly planted",
                      deception=flagged)


def set_credibility(library: Library, evidence_id: str, level: Level) -> Change | None:
    return _edit_item(library, evidence_id, f"credibility of {evidence_id} {level.label}",
                      credibility=level)


def cycle_credibility(library: Library, evidence_id: str) -> Change | None:
    item: Evidence | None = library.items.get(evidence_id)
    if item is None:
        return None
    return set_credibility(library, evidence_id, _NEXT_LEVEL[item.credibility])


def reverse_row(case: Case, analyst: str, evidence_id: str) -> Change | None:
    """Every rating of the row turned round: consistent becomes inconsistent (planted?)."""
    edits = []
    for hypothesis in case.hypotheses:
        before = case.cell(analyst, evidence_id, hypothesis.id)
        if before is None:
            continue
        after = Cell(rating=reverse(before.rating), reason=before.reason)
        if after != before:
            edits.append(CellEdit(analyst, evidence_id, hypothesis.id, before, after))
    if not edits:
        return None
    return Change(f"reverse {evidence_id}", cells=tuple(edits), focus=Focus(evidence_id, None))


# -- indicators ------------------------------------------------------------------------------

def _indicators_change(case: Case, label: str, after: list[Indicator],
                       focus: Focus) -> Change | None:
    before = tuple(case.indicators)
    if tuple(after) == before:
        return None
    return Change(label, indicators=(before, tuple(after)), focus=focus)


def add_indicator(case: Case, hypothesis_id: str, text: str) -> tuple[Change, str]:
    """A new signpost for a hypothesis; also returns its id."""
    new = new_indicator(case, hypothesis_id, text.strip())
    after = [*case.indicators, new]
    change = _indicators_change(case, f"add indicator {new.id}", after, Focus())
    assert change is not None
    return change, new.id


def set_status(case: Case, indicator_id: str, status: IndicatorStatus, date: dt.date,
               evidence_id: str | None, note: str = "") -> Change | None:
    """A dated change of status, and the item that showed it (KeyError for unknown ids)."""
    changed = with_status(case, indicator_id, status, date, evidence_id, note.strip())
    after = [changed if i.id == indicator_id else i for i in case.indicators]
    return _indicators_change(case, f"{indicator_id} {status.value}", after,
                              Focus(evidence_id, None))


def edit_indicator(case: Case, indicator_id: str, text: str) -> Change | None:
    after = [i.model_copy(update={"text": text.strip()}) if i.id == indicator_id else i
             for i in case.indicators]
    return _indicators_change(case, f"edit indicator {indicator_id}", after, Focus())


def delete_indicator(case: Case, indicator_id: str) -> Change | None:
    after = [i for i in case.indicators if i.id != indicator_id]
    return _indicators_change(case, f"delete indicator {indicator_id}", after, Focus())


# -- recorded what-ifs ------------------------------------------------------------------------

@dataclass(frozen=True)
class ScenarioChange(Change):
    """A change that also replaces the case's recorded what-ifs."""

    scenarios: Swap | None = None

    @property
    def touches_case(self) -> bool:
        return self.scenarios is not None or super().touches_case

    def inverse(self) -> ScenarioChange:
        base = super().inverse()
        return ScenarioChange(**{f: getattr(base, f) for f in _CHANGE_FIELDS},
                              scenarios=None if self.scenarios is None
                              else (self.scenarios[1], self.scenarios[0]))

    def apply(self, case: Case, library: Library) -> None:
        super().apply(case, library)
        if self.scenarios is not None:
            case.scenarios = list(self.scenarios[1])


_CHANGE_FIELDS = ("label", "cells", "hypotheses", "evidence", "indicators", "items", "focus")


def record_scenario(case: Case, scenario: Scenario) -> ScenarioChange:
    before = tuple(case.scenarios)
    after = tuple(s for s in before if s.id != scenario.id) + (scenario,)
    return ScenarioChange(f"record what-if “{scenario.title}”", scenarios=(before, after))
