"""Dependence groups and key judgments as undoable ``Change``s (ACH-METHOD.md "Beyond the
matrix"). ``ach group`` and ``ach judgment`` make their changes through these same
builders, as the workbench does.

Like ``ach.edits.changes``, each builder returns a value (or None when nothing would
change) and never touches the case it reads: groups and judgments are replaced, never
changed in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ach.edits.changes import Change, Focus, Swap
from ach.model import (
    Case,
    Confidence,
    DependenceGroup,
    EstimativeTerm,
    GroupKind,
    KeyJudgment,
    fresh_id,
)
from ach.scoring import Scores
from ach.store import Library


@dataclass(frozen=True)
class JudgmentsChange(Change):
    """A change that also replaces the case's dependence groups or key judgments."""

    groups: Swap | None = None
    judgments: Swap | None = None

    @property
    def structural(self) -> bool:
        # A group reweighs its members: the scores are built again, as for new weights.
        return self.groups is not None or super().structural

    @property
    def touches_case(self) -> bool:
        return self.groups is not None or self.judgments is not None or super().touches_case

    def inverse(self) -> JudgmentsChange:
        base = super().inverse()
        return JudgmentsChange(**{f: getattr(base, f) for f in _CHANGE_FIELDS},
                               groups=_flip(self.groups), judgments=_flip(self.judgments))

    def apply(self, case: Case, library: Library) -> None:
        super().apply(case, library)
        if self.groups is not None:
            case.groups = list(self.groups[1])
        if self.judgments is not None:
            case.judgments = list(self.judgments[1])


_CHANGE_FIELDS = ("label", "cells", "hypotheses", "evidence", "indicators", "items", "focus")


def _flip(pair: Swap | None) -> Swap | None:
    return None if pair is None else (pair[1], pair[0])


def _groups_change(case: Case, label: str, after: Sequence[DependenceGroup],
                   focus: Focus) -> JudgmentsChange | None:
    before = tuple(case.groups)
    after = tuple(after)
    if after == before:
        return None
    return JudgmentsChange(label, groups=(before, after), focus=focus)


# -- dependence groups -----------------------------------------------------------------

def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def moved_out(case: Case, label: str, members: Iterable[str]) -> dict[str, list[str]]:
    """Which of ``members`` putting them in group ``label`` takes out of another group
    (an item belongs to one group at most), by that group's label."""
    wanted = set(members)
    return {g.label: moved for g in case.groups if g.label != label
            and (moved := [m for m in g.members if m in wanted])}


def group_items(case: Case, label: str, members: Sequence[str],
                kind: GroupKind) -> JudgmentsChange | None:
    """Make group ``label`` exactly ``members`` (of kind ``kind``): a new group, or the one
    of that label redefined. Members leave any other group, and a group left with fewer
    than two items is dropped (one item alone is independent already)."""
    label = label.strip()
    members = _unique(members)
    if not label:
        raise ValueError("a group needs a label")
    if len(members) < 2:
        raise ValueError("a group needs at least two different items")
    known = {ref.id for ref in case.evidence}
    unknown = [m for m in members if m not in known]
    if unknown:
        raise ValueError(f"case {case.id!r} has no evidence item {unknown[0]!r}")
    wanted = set(members)
    after: list[DependenceGroup] = []
    found = False
    for g in case.groups:
        if g.label == label:
            found = True
            after.append(g.model_copy(update={"members": members, "kind": kind}))
            continue
        kept = [m for m in g.members if m not in wanted]
        if len(kept) >= 2:
            after.append(g if kept == g.members else g.model_copy(update={"members": kept}))
    if not found:
        ids = {g.id for g in case.groups}
        after.append(DependenceGroup(id=fresh_id("g", ids), label=label, kind=kind,
                                     members=members))
    return _groups_change(case, f"group {', '.join(members)} as “{label}”", after,
                          Focus(members[0], None))


def add_to_group(case: Case, label: str, evidence_ids: Sequence[str]) -> JudgmentsChange | None:
    """Put items in an existing group (KeyError names a group the case lacks)."""
    group = case.group(label)
    return group_items(case, group.label, [*group.members, *evidence_ids], group.kind)


def ungroup(case: Case, evidence_ids: Iterable[str]) -> JudgmentsChange | None:
    """Take items out of their groups; they count on their own again. A group left with
    fewer than two items is dropped."""
    gone = set(evidence_ids)
    after = []
    for g in case.groups:
        kept = [m for m in g.members if m not in gone]
        if len(kept) >= 2:
            after.append(g if kept == g.members else g.model_copy(update={"members": kept}))
    first = next((e for e in evidence_ids if e in gone), None) if gone else None
    return _groups_change(case, f"ungroup {', '.join(sorted(gone))}", after, Focus(first, None))


def remove_group(case: Case, label: str) -> JudgmentsChange | None:
    """Drop a group by label or id (KeyError when there is none); its items stay."""
    group = case.group(label)
    after = [g for g in case.groups if g.id != group.id]
    return _groups_change(case, f"remove group “{group.label}”", after, Focus())


def resolve_items(case: Case, text: str) -> list[str]:
    """Item ids from what an analyst typed: ids or positions (E4), separated by commas or
    spaces (ValueError names the first that is neither)."""
    ids = [ref.id for ref in case.evidence]
    found = []
    for key in text.replace(",", " ").split():
        if key in ids:
            found.append(key)
        elif key[:1] in "Ee" and key[1:].isdigit() and 1 <= int(key[1:]) <= len(ids):
            found.append(ids[int(key[1:]) - 1])
        else:
            raise ValueError(f"case {case.id!r} has no evidence item {key!r}")
    return _unique(found)


def group_of(case: Case, evidence_id: str) -> DependenceGroup | None:
    return next((g for g in case.groups if evidence_id in g.members), None)


# -- key judgments -------------------------------------------------------------------------

def _judgments_change(case: Case, label: str,
                      after: Sequence[KeyJudgment]) -> JudgmentsChange | None:
    before = tuple(case.judgments)
    after = tuple(after)
    if after == before:
        return None
    return JudgmentsChange(label, judgments=(before, after))


@dataclass(frozen=True)
class JudgmentDraft:
    """What the analyst states: the sentence, its likelihood in ICD 203's words, the
    confidence (apart from likelihood), the basis and the hypothesis it concerns."""

    text: str
    term: EstimativeTerm
    confidence: Confidence
    basis: str = ""
    hypothesis_id: str | None = None

    def problems(self, case: Case) -> list[str]:
        found = []
        if not self.text.strip():
            found.append("the judgment's sentence must not be empty")
        if self.hypothesis_id is not None and self.hypothesis_id not in {
                h.id for h in case.hypotheses}:
            found.append(f"case {case.id!r} has no hypothesis {self.hypothesis_id!r}")
        return found


def _leaders(case: Case, scores: Scores) -> list[str]:
    return [h.id for h in case.hypotheses if h.id in scores.leaders]


def add_judgment(case: Case, draft: JudgmentDraft, scores: Scores,
                 today: dt.date) -> tuple[JudgmentsChange, KeyJudgment]:
    """Record a key judgment, noting today's leaders so a later change of leader shows
    (ValueError for a draft with problems)."""
    problems = draft.problems(case)
    if problems:
        raise ValueError("; ".join(problems))
    entry = KeyJudgment(
        id=fresh_id("j", {j.id for j in case.judgments}), text=draft.text.strip(),
        term=draft.term, confidence=draft.confidence, basis=draft.basis.strip(),
        hypothesis_id=draft.hypothesis_id, written=today,
        leaders_then=_leaders(case, scores))
    change = _judgments_change(case, "record a key judgment", [*case.judgments, entry])
    assert change is not None
    return change, entry


def edit_judgment(case: Case, judgment_id: str, draft: JudgmentDraft, scores: Scores,
                  today: dt.date) -> JudgmentsChange | None:
    """Restate a key judgment. A judgment restated is written anew: its date and the
    leaders it was written under are today's (ValueError for a draft with problems)."""
    problems = draft.problems(case)
    if problems:
        raise ValueError("; ".join(problems))
    after = []
    for j in case.judgments:
        if j.id == judgment_id:
            same = (j.text, j.term, j.confidence, j.basis, j.hypothesis_id) == (
                draft.text.strip(), draft.term, draft.confidence, draft.basis.strip(),
                draft.hypothesis_id)
            if same:
                return None
            j = j.model_copy(update={
                "text": draft.text.strip(), "term": draft.term,
                "confidence": draft.confidence, "basis": draft.basis.strip(),
                "hypothesis_id": draft.hypothesis_id, "written": today,
                "leaders_then": _leaders(case, scores)})
        after.append(j)
    return _judgments_change(case, f"edit key judgment {judgment_id}", after)


def remove_judgment(case: Case, judgment_id: str) -> JudgmentsChange | None:
    after = [j for j in case.judgments if j.id != judgment_id]
    return _judgments_change(case, f"remove key judgment {judgment_id}", after)
