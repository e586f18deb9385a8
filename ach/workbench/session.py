"""One open case: the models, who is rating, whose ratings are shown, and the undo history.

Nothing here knows Textual. The screen asks the session to ``apply`` a change,
to ``undo`` or ``redo``, and for a ``snapshot`` to hand to the saver.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ach.edits.changes import Change
from ach.model import Case, CaseEvidence, Cell, Evidence, Rating
from ach.store import Library, Workspace

#: How many changes undo remembers.
UNDO_DEPTH = 1000


@dataclass
class History:
    done: list[Change] = field(default_factory=list)
    undone: list[Change] = field(default_factory=list)

    def record(self, change: Change) -> None:
        self.done.append(change)
        del self.done[:-UNDO_DEPTH]
        self.undone.clear()

    def clear(self) -> None:
        self.done.clear()
        self.undone.clear()


@dataclass(frozen=True)
class Snapshot:
    """What the saver writes: copies that later edits on the UI thread will not touch."""

    case: Case
    library: Library


class CaseSession:
    def __init__(self, workspace: Workspace, case: Case, library: Library, analyst: str) -> None:
        self.workspace = workspace
        self.case = case
        self.library = library
        #: Whose ratings the keys change.
        self.analyst = analyst
        #: Whose ratings the matrix shows; another analyst's are read-only.
        self.viewing = analyst
        self.history = History()
        self._refs: dict[str, CaseEvidence] = {}
        self._index_refs()

    @classmethod
    def open(cls, workspace: Workspace, case_id: str, analyst: str) -> CaseSession:
        case, library = workspace.open(case_id)
        return cls(workspace, case, library, analyst)

    # -- what is shown
    @property
    def editable(self) -> bool:
        return self.viewing == self.analyst

    def ref(self, evidence_id: str) -> CaseEvidence | None:
        return self._refs.get(evidence_id)

    def item(self, evidence_id: str) -> Evidence | None:
        return self.library.items.get(evidence_id)

    def cell(self, evidence_id: str, hypothesis_id: str) -> Cell | None:
        return self.case.ratings.get(self.viewing, {}).get(evidence_id, {}).get(hypothesis_id)

    def rating(self, evidence_id: str, hypothesis_id: str) -> Rating | None:
        cell = self.cell(evidence_id, hypothesis_id)
        return None if cell is None else cell.rating

    def label(self, evidence_id: str) -> str:
        item = self.item(evidence_id)
        return item.summary if item is not None else "(missing from evidence/)"

    def excluded(self, evidence_id: str) -> bool:
        ref = self._refs.get(evidence_id)
        return ref is not None and ref.excluded

    def analysts(self) -> list[str]:
        """Everyone who has rated, and whoever is rating now."""
        return sorted({*self.case.analysts, self.analyst})

    # -- changing
    def apply(self, change: Change) -> Change:
        self._do(change)
        self.history.record(change)
        return change

    def undo(self) -> Change | None:
        """Revert the last change; returns what was done to the models (the inverse)."""
        if not self.history.done:
            return None
        change = self.history.done.pop()
        self.history.undone.append(change)
        inverse = change.inverse()
        self._do(inverse)
        return inverse

    def redo(self) -> Change | None:
        if not self.history.undone:
            return None
        change = self.history.undone.pop()
        self.history.done.append(change)
        self._do(change)
        return change

    def _do(self, change: Change) -> None:
        change.apply(self.case, self.library)
        if change.evidence is not None:
            self._index_refs()

    def replace(self, workspace: Workspace, case: Case, library: Library) -> None:
        """Take the case as just read from disk; the old undo history no longer applies."""
        self.workspace = workspace
        self.case = case
        self.library = library
        self.history.clear()
        self._index_refs()

    def _index_refs(self) -> None:
        self._refs = {ref.id: ref for ref in self.case.evidence}

    # -- saving
    def snapshot(self) -> Snapshot:
        """Shallow copies, cheap even for a large case: rows of ratings are replaced, never
        changed in place (``changes.put_cell``), so sharing them with the writer is safe."""
        case = self.case
        copy = case.model_copy(update={
            "hypotheses": list(case.hypotheses),
            "evidence": list(case.evidence),
            "indicators": list(case.indicators),
            "ratings": {analyst: dict(rows) for analyst, rows in case.ratings.items()},
        })
        library = Library(sources=dict(self.library.sources), items=dict(self.library.items))
        return Snapshot(copy, library)
