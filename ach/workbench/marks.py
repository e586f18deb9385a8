"""The one-character mark in front of each matrix row, kept current with the scores.

✗ excluded from scoring, ◆ a linchpin (excluding it alone changes the leader),
⚑ flagged as possibly planted, ○ rated but of no diagnostic value (the same across
every hypothesis, so it cannot tell them apart: a candidate to set aside). After a
rescore, ``update`` returns only the rows whose mark changed, so the matrix
redraws those and no others.
"""

from __future__ import annotations

from collections.abc import Callable

from ach.scoring import Scores
from ach.workbench.session import CaseSession

EXCLUDED = "✗"
LINCHPIN = "◆"
PLANTED = "⚑"
UNDIAGNOSTIC = "○"
NONE = " "

LEGEND = (f"{EXCLUDED} excluded · {LINCHPIN} linchpin · {PLANTED} possibly planted · "
          f"{UNDIAGNOSTIC} no diagnostic value")


class RowMarks:
    """Marks read from the scores on screen; recomputed whenever those are new."""

    def __init__(self, session: CaseSession, scores: Callable[[], Scores]) -> None:
        self.session = session
        self._scores = scores
        self._basis: Scores | None = None
        self._marks: dict[str, str] = {}
        self._changed: set[str] = set()

    def mark(self, evidence_id: str) -> str:
        self._sync()
        return self._marks.get(evidence_id, NONE)

    def update(self) -> set[str]:
        """The ids whose mark changed since the last call."""
        self._sync()
        changed, self._changed = self._changed, set()
        return changed

    def _sync(self) -> None:
        scores = self._scores()
        if scores is self._basis:
            return
        fresh = self._compute(scores)
        old = self._marks
        if self._basis is not None:  # the first marks are drawn with the rows, not redrawn
            self._changed |= {e for e in fresh.keys() | old.keys()
                              if fresh.get(e, NONE) != old.get(e, NONE)}
        self._marks = fresh
        self._basis = scores

    def _compute(self, scores: Scores) -> dict[str, str]:
        s = self.session
        rated = s.case.ratings.get(s.viewing, {})
        items = s.library.items
        marks = {}
        for e in scores.evidence:
            if e.excluded:
                mark = EXCLUDED
            elif e.linchpin:
                mark = LINCHPIN
            elif (item := items.get(e.id)) is not None and item.deception:
                mark = PLANTED
            elif e.diagnosticity < 1e-12 and rated.get(e.id):
                mark = UNDIAGNOSTIC
            else:
                continue
            marks[e.id] = mark
        return marks
