"""What changed between two versions of a case, by meaning rather than by line.

Hypotheses and evidence items added, removed or edited (field by field), cells rated,
re-rated or cleared (with the reasons), analysts who joined or left. Records that did
not change between versions read from the same history are the same objects, so the
comparison skips them by identity and costs what the changes cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from operator import is_not
from typing import Any

from ach.model import Case, Cell, Evidence, Model
from ach.scoring import Matrix
from ach.store import Library


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Edited:
    id: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class CellChange:
    analyst: str
    evidence: str
    hypothesis: str
    old: Cell | None
    new: Cell | None


@dataclass
class Side:
    """Added, removed and edited records of one kind (ids in case order)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    edited: list[Edited] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.edited)


@dataclass
class Changes:
    hypotheses: Side
    evidence: Side
    cells: list[CellChange]
    analysts_joined: list[str]
    analysts_left: list[str]
    #: The question, title and notes of the case.
    case_fields: tuple[FieldChange, ...]

    def cells_by_analyst(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for change in self.cells:
            counts[change.analyst] = counts.get(change.analyst, 0) + 1
        return counts


_CASE_FIELDS = ("question", "title", "notes", "created")


def compare(old: Case | None, old_library: Library | None, new: Case,
            new_library: Library) -> Changes:
    """The changes from ``old`` (None: the case did not exist yet) to ``new``."""
    before = old if old is not None else _empty_like(new)
    lib_before = old_library if old_library is not None else Library()
    hypotheses = _side({h.id: h for h in before.hypotheses}, {h.id: h for h in new.hypotheses},
                       lambda a, b: _fields(a, b))
    old_refs = {r.id: r for r in before.evidence}
    new_refs = {r.id: r for r in new.evidence}
    if before.evidence is new.evidence and lib_before.items is new_library.items:
        evidence = Side()  # the same list of items and the same library: nothing to compare
    else:
        evidence = _side(old_refs, new_refs, lambda a, b: (
            _fields(a, b) + _fields(lib_before.items.get(a.id), new_library.items.get(b.id))))
    gone = set(hypotheses.removed) | set(evidence.removed)
    joined = [a for a in new.analysts if a not in before.analysts]
    left = [a for a in before.analysts if a not in new.analysts]
    case_fields = tuple(FieldChange(name, _plain(getattr(before, name)),
                                    _plain(getattr(new, name)))
                        for name in _CASE_FIELDS
                        if old is not None and getattr(before, name) != getattr(new, name))
    return Changes(hypotheses, evidence, _cells(before, new, gone), joined, left, case_fields)


def _empty_like(case: Case) -> Case:
    return Case.model_construct(id=case.id, question=case.question, title="", created=None,
                                notes="", hypotheses=[], evidence=[], ratings={},
                                indicators=[], scenarios=[], outcome=None)


def _side(old: dict[str, Any], new: dict[str, Any], edits) -> Side:
    side = Side(added=[k for k in new if k not in old], removed=[k for k in old if k not in new])
    for key, now in new.items():
        was = old.get(key)
        if was is None:
            continue
        changed = edits(was, now)
        if changed:
            side.edited.append(Edited(key, tuple(changed)))
    return side


def _fields(old: Model | None, new: Model | None) -> list[FieldChange]:
    """Field by field, as the file would store them (absent fields at their defaults)."""
    if old is new or old == new:
        return []
    a = old.model_dump(mode="json", exclude={"id"}) if old is not None else {}
    b = new.model_dump(mode="json", exclude={"id"}) if new is not None else {}
    return [FieldChange(name, a.get(name), b.get(name))
            for name in dict.fromkeys([*a, *b]) if a.get(name) != b.get(name)]


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _cells(old: Case, new: Case, gone: set[str]) -> list[CellChange]:
    """Every cell whose rating or reason changed, in analyst, case-row and case-column
    order; the cells of a removed item or hypothesis went with it and are not listed."""
    row_order = {r.id: i for i, r in enumerate([*new.evidence, *old.evidence])}
    column_order = {h.id: i for i, h in enumerate([*new.hypotheses, *old.hypotheses])}
    changes = []
    for analyst in sorted(set(old.ratings) | set(new.ratings)):
        was_rows = old.ratings.get(analyst, {})
        now_rows = new.ratings.get(analyst, {})
        # Unchanged rows are the same objects: only the others are looked into.
        differ = list(compress(now_rows, map(is_not, now_rows.values(),
                                             map(was_rows.get, now_rows))))
        differ += [e for e in was_rows if e not in now_rows]
        for evidence_id in sorted(differ, key=lambda e: (row_order.get(e, len(row_order)), e)):
            was, now = was_rows.get(evidence_id, {}), now_rows.get(evidence_id, {})
            if evidence_id in gone:
                continue
            for hyp_id in sorted(set(was) | set(now),
                                 key=lambda h: (column_order.get(h, len(column_order)), h)):
                a, b = was.get(hyp_id), now.get(hyp_id)
                if a != b and hyp_id not in gone:
                    changes.append(CellChange(analyst, evidence_id, hyp_id, a, b))
    return changes


def team_cells_changed(old: Matrix | None, new: Matrix) -> int:
    """How many cells of the team's consensus matrix read differently (cells of items and
    hypotheses in both versions only)."""
    if old is None:
        return sum(r is not None for row in new.rows for r in row.ratings)
    old_rows = {row.evidence_id: row for row in old.rows}
    columns = [(i, old.hypothesis_ids.index(h)) for i, h in enumerate(new.hypothesis_ids)
               if h in old.hypothesis_ids]
    count = 0
    for row in new.rows:
        was = old_rows.get(row.evidence_id)
        if was is None or was is row:
            continue
        count += sum(row.ratings[i] != was.ratings[j] for i, j in columns)
    return count


def item_summary(library: Library, evidence_id: str) -> str:
    item: Evidence | None = library.items.get(evidence_id)
    return item.summary if item is not None else ""
