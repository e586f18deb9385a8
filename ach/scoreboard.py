"""Live scores for an interactive session: one rating changes one row, not the world.

The scoreboard keeps each row's figures and the running totals; changing a row
subtracts its old figures and adds its new ones, so the work after a keystroke is
proportional to the hypotheses, plus one comparison per row for the linchpins
(only rows that could move the lead get a closer look), and each row's score is
kept until its row or its linchpin mark changes. ``scores()`` returns exactly what
``ach.scoring.score`` would.
"""

from __future__ import annotations

from dataclasses import replace

from ach.model import Rating
from ach.scoring import (
    TIE,
    EvidenceScore,
    HypothesisScore,
    Matrix,
    Row,
    RowFigures,
    Scores,
    changes_leaders,
    figures,
    lead_margin,
    leaders_of,
    probabilities,
    ranks,
    score,
)

#: After this many incremental updates the totals are summed afresh, so that
#: floating-point drift from subtracting and adding can never accumulate.
REFRESH_EVERY = 2_000


class Scoreboard:
    def __init__(self, matrix: Matrix) -> None:
        self.hypothesis_ids = matrix.hypothesis_ids
        self.rows: list[Row] = list(matrix.rows)
        self._figs: list[RowFigures] = [figures(row) for row in self.rows]
        #: Each row's last EvidenceScore, reused while nothing about it changes.
        self._items: list[EvidenceScore | None] = [None] * len(self.rows)
        self._index = {row.evidence_id: i for i, row in enumerate(self.rows)}
        self._refresh()

    @property
    def matrix(self) -> Matrix:
        return Matrix(self.hypothesis_ids, tuple(self.rows))

    def _refresh(self) -> None:
        n = len(self.hypothesis_ids)
        self._plain = [0.0] * n
        self._weighted = [0.0] * n
        self._log = [0.0] * n
        self._unrated = [0] * n
        for row, fig in zip(self.rows, self._figs, strict=True):
            if not row.excluded:
                self._add(fig, +1)
        self._updates = 0

    def _add(self, fig: RowFigures, sign: int) -> None:
        for i in range(len(self.hypothesis_ids)):
            self._plain[i] += sign * fig.inconsistency[i]
            self._weighted[i] += sign * fig.weighted[i]
            self._log[i] += sign * fig.log_likelihood[i]
            self._unrated[i] += sign * fig.gaps[i]

    # -- changes
    def set_row(self, row: Row) -> None:
        """Replace the row of ``row.evidence_id`` (its ratings, weight or exclusion)."""
        i = self._index[row.evidence_id]
        old = self.rows[i]
        fig = figures(row)
        if not old.excluded:
            self._add(self._figs[i], -1)
        if not row.excluded:
            self._add(fig, +1)
        self.rows[i] = row
        self._figs[i] = fig
        self._items[i] = None
        self._updates += 1
        if self._updates >= REFRESH_EVERY:
            self._refresh()

    def set_cell(self, evidence_id: str, hypothesis_id: str, rating: Rating | None) -> None:
        row = self.rows[self._index[evidence_id]]
        ratings = list(row.ratings)
        ratings[self.hypothesis_ids.index(hypothesis_id)] = rating
        self.set_row(replace(row, ratings=tuple(ratings)))

    def row(self, evidence_id: str) -> Row:
        return self.rows[self._index[evidence_id]]

    # -- results
    def scores(self) -> Scores:
        if not self.hypothesis_ids:
            return score(self.matrix)
        weighted = self._weighted
        probs = probabilities(self._log)
        rank = ranks(weighted)
        hyps = tuple(HypothesisScore(h, self._plain[i], weighted[i], probs[i], rank[i],
                                     self._unrated[i])
                     for i, h in enumerate(self.hypothesis_ids))
        best = min(weighted) + TIE
        leaders = [i for i, t in enumerate(weighted) if t <= best]
        margin = lead_margin(weighted, leaders)
        items = self._items
        for i, (row, fig) in enumerate(zip(self.rows, self._figs, strict=True)):
            pin = (not row.excluded and fig.largest >= margin
                   and changes_leaders(weighted, leaders, fig.nonzero))
            kept = items[i]
            if kept is None or kept.linchpin != pin:
                items[i] = EvidenceScore(row.evidence_id, fig.diagnosticity, pin, row.excluded)
        return Scores(hyps, tuple(items), leaders_of(self.hypothesis_ids, weighted))
