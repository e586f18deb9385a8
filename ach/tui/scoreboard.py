"""The scores of the matrix on screen, kept current one row at a time.

Building a whole ``Matrix`` touches every cell of the case; after one rating
only that item's row is rebuilt and the rows are scored again with
``ach.scoring.score`` (which caches per-row figures).
"""

from __future__ import annotations

from ach.scoring import Matrix, Row, Scores, score, weight
from ach.tui.session import CaseSession


class Scoreboard:
    def __init__(self, session: CaseSession) -> None:
        self.session = session
        self._hypothesis_ids: tuple[str, ...] = ()
        self._rows: dict[str, Row] = {}
        self._scores: Scores | None = None
        self._by_item: dict[str, int] = {}

    def rebuild(self) -> None:
        """Every row again: after a structural change, a reload or a change of view."""
        case = self.session.case
        self._hypothesis_ids = tuple(h.id for h in case.hypotheses)
        self._rows = {ref.id: self._row(ref.id) for ref in case.evidence}
        self._scores = None

    def update_rows(self, evidence_ids: frozenset[str] | set[str]) -> None:
        for evidence_id in evidence_ids:
            if evidence_id in self._rows:
                self._rows[evidence_id] = self._row(evidence_id)
        self._scores = None

    def _row(self, evidence_id: str) -> Row:
        session = self.session
        ref = session.ref(evidence_id)
        item = session.item(evidence_id)
        w = 1.0
        if item is not None:
            w = weight(item.credibility, (ref.relevance if ref else None) or item.relevance)
        row = session.case.ratings.get(session.viewing, {}).get(evidence_id, {})
        ratings = tuple(cell.rating if (cell := row.get(h)) else None
                        for h in self._hypothesis_ids)
        return Row(evidence_id, w, ratings, bool(ref and ref.excluded))

    @property
    def scores(self) -> Scores:
        if self._scores is None:
            matrix = Matrix(self._hypothesis_ids,
                            tuple(self._rows[ref.id] for ref in self.session.case.evidence
                                  if ref.id in self._rows))
            self._scores = score(matrix)
            self._by_item = {e.id: i for i, e in enumerate(self._scores.evidence)}
        return self._scores

    def diagnosticity(self, evidence_id: str) -> float:
        scores = self.scores
        i = self._by_item.get(evidence_id)
        return 0.0 if i is None else scores.evidence[i].diagnosticity

    def linchpin(self, evidence_id: str) -> bool:
        scores = self.scores
        i = self._by_item.get(evidence_id)
        return False if i is None else scores.evidence[i].linchpin
