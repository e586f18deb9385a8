"""The scores of the matrix on screen, kept current cell by cell.

A thin layer over ``ach.scoreboard.Scoreboard``: a rating changes one row's
figures, a structural change (rows, columns, weights, whose ratings) rebuilds it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ach.edits.changes import CellEdit
from ach.model import Rating
from ach.scoreboard import Scoreboard
from ach.scoring import Matrix, Scores, matrix_for
from ach.workbench.session import CaseSession


class LiveScores:
    def __init__(self, session: CaseSession) -> None:
        self.session = session
        self._board: Scoreboard | None = None
        self._scores: Scores | None = None
        self._by_item: dict[str, int] = {}

    def rebuild(self) -> None:
        self._board = Scoreboard(self.matrix())
        self._scores = None

    def matrix(self) -> Matrix:
        """The matrix on screen: the viewed analyst's (a subclass may show another)."""
        s = self.session
        return matrix_for(s.case, s.library.items, s.viewing)

    def update_cells(self, edits: Iterable[CellEdit]) -> None:
        """Ratings changed; those of analysts not on screen change nothing here."""
        board = self._board
        if board is None:
            self.rebuild()
            return
        for edit in edits:
            if edit.analyst == self.session.viewing:
                rating = edit.after.rating if edit.after is not None else None
                self.set_cell(edit.evidence_id, edit.hypothesis_id, rating)

    def set_cell(self, evidence_id: str, hypothesis_id: str, rating: Rating | None) -> None:
        """One cell of the matrix on screen now reads ``rating``."""
        if self._board is None:
            self.rebuild()
            return
        self._board.set_cell(evidence_id, hypothesis_id, rating)
        self._scores = None

    @property
    def scores(self) -> Scores:
        if self._scores is None:
            if self._board is None:
                self.rebuild()
            assert self._board is not None
            self._scores = self._board.scores()
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
