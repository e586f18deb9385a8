"""Every edit the workbench makes, as a reversible value.

A ``Change`` records the before and after of each part of the case (and of the
evidence library) it touches, so undo is simply the change's ``inverse()``
applied the same way. Models are treated as values: an edit replaces a
hypothesis, an evidence item or a row of ratings with a new object and never
changes one in place, which is also what lets the saver write a cheap snapshot
from another thread (see ``session.CaseSession.snapshot``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ach.model import (
    Case,
    CaseEvidence,
    Cell,
    Evidence,
    Hypothesis,
    Indicator,
    Outcome,
    Rating,
)
from ach.store import Library


@dataclass(frozen=True, slots=True)
class CellEdit:
    analyst: str
    evidence_id: str
    hypothesis_id: str
    before: Cell | None
    after: Cell | None

    def inverse(self) -> CellEdit:
        return replace(self, before=self.after, after=self.before)


@dataclass(frozen=True, slots=True)
class ItemEdit:
    """An evidence item of the library replaced, added (before None) or dropped (after None)."""

    before: Evidence | None
    after: Evidence | None

    def inverse(self) -> ItemEdit:
        return ItemEdit(self.after, self.before)


Swap = tuple[tuple, tuple]


def _flip(pair: Swap | None) -> Swap | None:
    return None if pair is None else (pair[1], pair[0])


@dataclass(frozen=True, slots=True)
class Focus:
    """Where the cursor should stand once a change is done (or undone)."""

    evidence_id: str | None = None
    hypothesis_id: str | None = None


@dataclass(frozen=True)
class Change:
    label: str
    cells: tuple[CellEdit, ...] = ()
    hypotheses: Swap | None = None
    evidence: Swap | None = None
    indicators: Swap | None = None
    items: tuple[ItemEdit, ...] = ()
    focus: Focus = field(default_factory=Focus)
    judgments: Swap | None = None
    #: The outcome before and after (either may be None: none recorded).
    outcome: tuple[Outcome | None, Outcome | None] | None = None

    @property
    def structural(self) -> bool:
        """True when rows or columns change, not only the ratings inside them."""
        return bool(self.hypotheses or self.evidence or self.items)

    @property
    def touches_case(self) -> bool:
        return bool(self.cells or self.hypotheses or self.evidence or self.indicators
                    or self.judgments or self.outcome)

    @property
    def ratings_only(self) -> bool:
        """True when the change sets ratings and nothing else (saved by a journal line)."""
        return bool(self.cells) and replace(self, cells=(), focus=Focus(), label="") == Change("")

    @property
    def rows(self) -> frozenset[str]:
        """The evidence items whose cells this change sets."""
        return frozenset(edit.evidence_id for edit in self.cells)

    def library_keys(self, library: Library) -> set[str]:
        """The evidence files (by source key) this change rewrites."""
        return {library.file_key(item) for edit in self.items
                for item in (edit.before, edit.after) if item is not None}

    def inverse(self) -> Change:
        return Change(
            label=self.label,
            cells=tuple(edit.inverse() for edit in reversed(self.cells)),
            hypotheses=_flip(self.hypotheses),
            evidence=_flip(self.evidence),
            indicators=_flip(self.indicators),
            items=tuple(edit.inverse() for edit in reversed(self.items)),
            focus=self.focus,
            judgments=_flip(self.judgments),
            outcome=_flip(self.outcome),
        )

    def apply(self, case: Case, library: Library) -> None:
        if self.hypotheses is not None:
            case.hypotheses = list(self.hypotheses[1])
        if self.evidence is not None:
            case.evidence = list(self.evidence[1])
        if self.indicators is not None:
            case.indicators = list(self.indicators[1])
        if self.judgments is not None:
            case.judgments = list(self.judgments[1])
        if self.outcome is not None:
            case.outcome = self.outcome[1]
        for edit in self.items:
            if edit.after is not None:
                library.items[edit.after.id] = edit.after
            elif edit.before is not None:
                library.items.pop(edit.before.id, None)
        for edit in self.cells:
            put_cell(case, edit.analyst, edit.evidence_id, edit.hypothesis_id, edit.after)


def put_cell(case: Case, analyst: str, evidence_id: str, hypothesis_id: str,
             cell: Cell | None) -> None:
    """Set or clear a cell by replacing its row (copy on write; see the module's note)."""
    rows = case.ratings.setdefault(analyst, {})
    row = dict(rows.get(evidence_id, {}))
    if cell is None:
        row.pop(hypothesis_id, None)
    else:
        row[hypothesis_id] = cell
    if row:
        rows[evidence_id] = row
    else:
        rows.pop(evidence_id, None)
    if not rows:
        case.ratings.pop(analyst, None)


# -- ratings -------------------------------------------------------------------------

def rate(case: Case, analyst: str, evidence_id: str, hypothesis_id: str,
         rating: Rating | None) -> Change | None:
    """Set (or with None clear) a rating, keeping its reason; None when nothing changes."""
    before = case.cell(analyst, evidence_id, hypothesis_id)
    if rating is None:
        after = None
    else:
        after = Cell(rating=rating, reason=before.reason if before else "")
    if after == before:
        return None
    label = (f"clear {evidence_id} × {hypothesis_id}" if after is None
             else f"rate {evidence_id} × {hypothesis_id} {rating.value}")
    return Change(label, cells=(CellEdit(analyst, evidence_id, hypothesis_id, before, after),),
                  focus=Focus(evidence_id, hypothesis_id))


def set_cell(case: Case, analyst: str, evidence_id: str, hypothesis_id: str,
             cell: Cell | None) -> Change | None:
    """Replace a whole cell, rating and reason (the reason editor)."""
    before = case.cell(analyst, evidence_id, hypothesis_id)
    if cell == before:
        return None
    return Change(f"reason for {evidence_id} × {hypothesis_id}",
                  cells=(CellEdit(analyst, evidence_id, hypothesis_id, before, cell),),
                  focus=Focus(evidence_id, hypothesis_id))


def _cells_of(case: Case, *, evidence_id: str | None = None,
              hypothesis_id: str | None = None) -> tuple[CellEdit, ...]:
    """Every analyst's cells in a row or a column, as edits that clear them."""
    edits = []
    for analyst, rows in case.ratings.items():
        for e, row in rows.items():
            if evidence_id is not None and e != evidence_id:
                continue
            for h, cell in row.items():
                if hypothesis_id is None or h == hypothesis_id:
                    edits.append(CellEdit(analyst, e, h, cell, None))
    return tuple(edits)


# -- hypotheses ----------------------------------------------------------------------

def add_hypothesis(case: Case, hypothesis: Hypothesis, after: str | None) -> Change:
    """Add a hypothesis to the right of ``after`` (or at the end)."""
    before = tuple(case.hypotheses)
    at = _after(before, after)
    return Change(f"add hypothesis {hypothesis.id}",
                  hypotheses=(before, (*before[:at], hypothesis, *before[at:])),
                  focus=Focus(None, hypothesis.id))


def edit_hypothesis(case: Case, hypothesis: Hypothesis) -> Change | None:
    before = tuple(case.hypotheses)
    after = tuple(hypothesis if h.id == hypothesis.id else h for h in before)
    if after == before:
        return None
    return Change(f"edit hypothesis {hypothesis.id}", hypotheses=(before, after),
                  focus=Focus(None, hypothesis.id))


def delete_hypothesis(case: Case, hypothesis_id: str) -> Change:
    """Drop a hypothesis with every analyst's ratings of it and its indicators; the key
    judgments that named it keep their words but no longer point at it, and an outcome
    that held only for it is withdrawn (Case.forget_hypothesis, as an undoable value)."""
    before = tuple(case.hypotheses)
    indicators = tuple(case.indicators)
    kept: tuple[Indicator, ...] = tuple(i for i in indicators if i.hypothesis_id != hypothesis_id)
    forgotten = case.model_copy(update={"ratings": {}, "scenarios": []})
    forgotten.forget_hypothesis(hypothesis_id)
    judgments = tuple(case.judgments)
    unlinked = tuple(forgotten.judgments)
    return Change(
        f"delete hypothesis {hypothesis_id}",
        cells=_cells_of(case, hypothesis_id=hypothesis_id),
        hypotheses=(before, tuple(h for h in before if h.id != hypothesis_id)),
        indicators=(indicators, kept) if kept != indicators else None,
        focus=Focus(None, _neighbour([h.id for h in before], hypothesis_id)),
        judgments=(judgments, unlinked) if unlinked != judgments else None,
        outcome=(case.outcome, forgotten.outcome) if forgotten.outcome != case.outcome
        else None,
    )


def move_hypothesis(case: Case, hypothesis_id: str, delta: int) -> Change | None:
    moved = _moved(case.hypotheses, hypothesis_id, delta)
    if moved is None:
        return None
    return Change(f"move hypothesis {hypothesis_id}", hypotheses=moved,
                  focus=Focus(None, hypothesis_id))


# -- evidence ------------------------------------------------------------------------

def add_evidence(case: Case, item: Evidence, ref: CaseEvidence, after: str | None) -> Change:
    """Add a new item to the library and to the case, below ``after`` (or at the end)."""
    before = tuple(case.evidence)
    at = _after(before, after)
    refs = (*before[:at], ref, *before[at:])
    return Change(f"add evidence {item.id}", evidence=(before, refs),
                  items=(ItemEdit(None, item),), focus=Focus(item.id, None))


def edit_evidence(case: Case, library: Library, item: Evidence,
                  ref: CaseEvidence) -> Change | None:
    """Replace an item (in the library) and how the case uses it."""
    old_item = library.items.get(item.id)
    before = tuple(case.evidence)
    refs = tuple(ref if r.id == ref.id else r for r in before)
    items = (ItemEdit(old_item, item),) if old_item != item else ()
    if refs == before and not items:
        return None
    return Change(f"edit evidence {item.id}", evidence=(before, refs) if refs != before else None,
                  items=items, focus=Focus(item.id, None))


def delete_evidence(case: Case, evidence_id: str) -> Change:
    """Take an item out of the case with its ratings; it stays in its source's file."""
    before = tuple(case.evidence)
    return Change(
        f"delete evidence {evidence_id}",
        cells=_cells_of(case, evidence_id=evidence_id),
        evidence=(before, tuple(r for r in before if r.id != evidence_id)),
        focus=Focus(_neighbour([r.id for r in before], evidence_id), None),
    )


def move_evidence(case: Case, evidence_id: str, delta: int) -> Change | None:
    moved = _moved(case.evidence, evidence_id, delta)
    if moved is None:
        return None
    return Change(f"move evidence {evidence_id}", evidence=moved, focus=Focus(evidence_id, None))


def set_excluded(case: Case, evidence_id: str, excluded: bool, reason: str = "") -> Change | None:
    """Set an item aside from scoring (with why), or count it again; an item already set
    aside takes the new reason. None when nothing would change."""
    ref = case.evidence_ref(evidence_id)
    if ref.excluded == excluded and (not excluded or ref.exclusion_reason == reason):
        return None
    new = ref.model_copy(update={"excluded": excluded,
                                 "exclusion_reason": reason if excluded else ""})
    before = tuple(case.evidence)
    after = tuple(new if r.id == evidence_id else r for r in before)
    verb = "exclude" if excluded else "include"
    return Change(f"{verb} {evidence_id}", evidence=(before, after),
                  focus=Focus(evidence_id, None))


# -- helpers -------------------------------------------------------------------------

def _moved(items: Sequence, item_id: str, delta: int) -> Swap | None:
    before = tuple(items)
    ids = [x.id for x in before]
    if item_id not in ids:
        return None
    i = ids.index(item_id)
    j = max(0, min(len(before) - 1, i + delta))
    if i == j:
        return None
    after = list(before)
    after.insert(j, after.pop(i))
    return before, tuple(after)


def _after(items: Sequence, after: str | None) -> int:
    """The position just after the item with id ``after``; the end when there is none."""
    for i, existing in enumerate(items):
        if existing.id == after:
            return i + 1
    return len(items)


def _neighbour(ids: list[str], gone: str) -> str | None:
    """The id the cursor moves to when ``gone`` is deleted: the next one, else the previous."""
    if gone not in ids:
        return None
    i = ids.index(gone)
    rest = ids[:i] + ids[i + 1:]
    if not rest:
        return None
    return rest[min(i, len(rest) - 1)]
