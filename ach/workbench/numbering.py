"""The refs people see (H1…, E1… in the case's order), kept for the order they were made from.

``ach.refs`` works them out from a case; here they are kept until the case's lists of
hypotheses or items are replaced (every change that reorders, adds or removes replaces
them, ``ach.edits.changes``), so a cursor move on a large case costs a dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Iterable

from ach.edits.changes import Change
from ach.model import Case, CaseEvidence, Hypothesis
from ach.refs import hypothesis_refs, item_refs


class Numbering:
    """Refs of one case at a time; asks again whenever the case or its order changes."""

    def __init__(self) -> None:
        self._hypotheses: list[Hypothesis] | None = None
        self._evidence: list[CaseEvidence] | None = None
        self._lengths = (-1, -1)
        self._h: dict[str, str] = {}
        self._e: dict[str, str] = {}

    def _current(self, case: Case) -> None:
        # The lists themselves are kept (not their ids), so a new list can never pass for
        # an old one; the lengths catch the rare append made in place.
        lengths = (len(case.hypotheses), len(case.evidence))
        if case.hypotheses is not self._hypotheses or lengths != self._lengths:
            self._hypotheses = case.hypotheses
            self._h = hypothesis_refs(case)
        if case.evidence is not self._evidence or lengths != self._lengths:
            self._evidence = case.evidence
            self._e = item_refs(case)
        self._lengths = lengths

    def hypothesis(self, case: Case, hypothesis_id: str) -> str:
        """``H2``; the id itself for a hypothesis the case lacks."""
        self._current(case)
        return self._h.get(hypothesis_id, hypothesis_id)

    def item(self, case: Case, evidence_id: str) -> str:
        """``E3``; the id itself for an item the case lacks."""
        self._current(case)
        return self._e.get(evidence_id, evidence_id)

    def words(self, case: Case, text: str, ids: Iterable[str]) -> str:
        """``text`` with each of these ids (of items or hypotheses) put as its ref: for
        labels written with ids (a change's, for undo)."""
        self._current(case)
        for found in ids:
            ref = self._e.get(found) or self._h.get(found)
            if ref is not None:
                text = text.replace(found, ref)
        return text


def change_ids(change: Change) -> set[str]:
    """The ids a change's label may name: its focus, its items, its first cell (every label
    names at most one) and the rows or columns it adds or removes."""
    found = {i for i in (change.focus.evidence_id, change.focus.hypothesis_id) if i}
    found.update(edit.before.id if edit.before is not None else edit.after.id
                 for edit in change.items if (edit.before or edit.after) is not None)
    for edit in change.cells[:1]:
        found.update((edit.evidence_id, edit.hypothesis_id))
    for swap in (change.hypotheses, change.evidence):
        if swap is not None:  # what was added or removed
            found.update({r.id for r in swap[0]} ^ {r.id for r in swap[1]})
    return found
