"""Live scores for an interactive session: one rating changes one row, not the world.

The scoreboard keeps each row's figures and the running totals; changing a row
subtracts its old figures and adds its new ones, so the work after a keystroke is
proportional to the hypotheses, plus one comparison per row for the linchpins
(only rows that could move the lead get a closer look), and each row's score is
kept until its row or its linchpin mark changes. ``scores()`` returns exactly what
``ach.scoring.score`` would.

The flip margin needs, per hypothesis, how many counted cells of each rating class
and weight it has (``ach.flip``); those counts change one row at a time too. A row of
a dependence group shares its group's weight, so a change to whether it counts
reweighs its group-mates: they are swapped out and in like any changed row.
"""

from __future__ import annotations

from dataclasses import replace

from ach.flip import CLASS_OF, ColumnCounts, counts_of, flip_margin
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
    grouped_linchpins,
    lead_margin,
    leaders_of,
    probabilities,
    ranks,
    score,
    shared,
)

#: After this many incremental updates the totals are summed afresh, so that
#: floating-point drift from subtracting and adding can never accumulate.
REFRESH_EVERY = 2_000


class Scoreboard:
    def __init__(self, matrix: Matrix) -> None:
        self.hypothesis_ids = matrix.hypothesis_ids
        self.rows: list[Row] = list(shared(matrix.rows)) if matrix.grouped else list(
            matrix.rows)
        self._figs: list[RowFigures] = [figures(row) for row in self.rows]
        #: Each row's last EvidenceScore, reused while nothing about it changes.
        self._items: list[EvidenceScore | None] = [None] * len(self.rows)
        self._index = {row.evidence_id: i for i, row in enumerate(self.rows)}
        self._members: dict[str, list[int]] = {}
        for i, row in enumerate(self.rows):
            if row.group is not None:
                self._members.setdefault(row.group, []).append(i)
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
        self._counts: list[ColumnCounts] = counts_of(self.rows, n)
        self._updates = 0

    def _add(self, fig: RowFigures, sign: int) -> None:
        for i in range(len(self.hypothesis_ids)):
            self._plain[i] += sign * fig.inconsistency[i]
            self._weighted[i] += sign * fig.weighted[i]
            self._log[i] += sign * fig.log_likelihood[i]
            self._unrated[i] += sign * fig.gaps[i]

    def _count(self, row: Row, sign: int) -> None:
        w = row.counted_weight
        for counts, rating in zip(self._counts, row.ratings, strict=True):
            counts[CLASS_OF[rating], w] += sign

    def _swap(self, i: int, row: Row) -> None:
        old = self.rows[i]
        fig = figures(row)
        if not old.excluded:
            self._add(self._figs[i], -1)
            self._count(old, -1)
        if not row.excluded:
            self._add(fig, +1)
            self._count(row, +1)
        self.rows[i] = row
        self._figs[i] = fig
        self._items[i] = None

    # -- changes
    def set_row(self, row: Row) -> None:
        """Replace the row of ``row.evidence_id`` (its ratings, weight, exclusion or group)."""
        i = self._index[row.evidence_id]
        old = self.rows[i]
        groups = {g for g in (old.group, row.group) if g is not None}
        if not groups:
            self._swap(i, replace(row, share=1) if row.share != 1 else row)
        else:
            self._regroup(i, row, groups)
        self._updates += 1
        if self._updates >= REFRESH_EVERY:
            self._refresh()

    def _regroup(self, i: int, row: Row, groups: set[str]) -> None:
        """Change a grouped row, then give its group(s) their new shares."""
        old = self.rows[i]
        if old.group != row.group:
            if old.group is not None:
                self._members[old.group].remove(i)
            if row.group is not None:
                self._members.setdefault(row.group, []).append(i)
        self._swap(i, row)
        for group in groups:
            members = self._members.get(group, [])
            k = max(1, sum(1 for m in members if not self.rows[m].excluded))
            for m in members:
                if self.rows[m].share != k:
                    self._swap(m, replace(self.rows[m], share=k))
        if row.group is None and self.rows[i].share != 1:
            self._swap(i, replace(self.rows[i], share=1))

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
            pin = (not row.excluded and row.share == 1 and fig.largest >= margin
                   and changes_leaders(weighted, leaders, fig.nonzero))
            kept = items[i]
            if kept is None or kept.linchpin != pin:
                items[i] = EvidenceScore(row.evidence_id, fig.diagnosticity, pin, row.excluded)
        if any(row.share > 1 for row in self.rows):
            pins = grouped_linchpins(self.rows, self._figs, weighted, leaders)
            for i, row in enumerate(self.rows):
                if row.share > 1 and (row.evidence_id in pins) != items[i].linchpin:
                    items[i] = replace(items[i], linchpin=row.evidence_id in pins)
        return Scores(hyps, tuple(items), leaders_of(self.hypothesis_ids, weighted),
                      flip_margin(self.hypothesis_ids, self.rows, weighted, self._counts))
