"""The matrix's reading at one revision: leader, margin and probabilities, per analyst
and for the team.

The figures are those of ``ach.scoring`` (ACH-METHOD.md); what is added here is reuse
across revisions: a row of ratings that did not change since an earlier revision keeps
its matrix row, its consensus and its figures, so reading a long history costs about
what the changed rows cost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat

from ach import flip
from ach.model import Case, Evidence
from ach.scoring import (
    Matrix,
    Row,
    consensus_matrix,
    leaders_of,
    probabilities,
    ref_weight,
    row_figures,
    shared,
)


@dataclass(frozen=True)
class Reading:
    #: The hypotheses at rank 1, in case order.
    leaders: tuple[str, ...]
    probabilities: dict[str, float]
    weighted: dict[str, float]
    #: Weighted inconsistency between rank 1 and rank 2 (0 when rank 1 is shared);
    #: None with fewer than two hypotheses.
    margin: float | None
    flip_margin: int | None


@dataclass(frozen=True)
class Readings:
    team: Reading
    analysts: dict[str, Reading]


def flip_margin(matrix: Matrix, weighted: Sequence[float],
                counts: Sequence[flip.ColumnCounts] | None = None) -> int | None:
    """The fewest rating steps that would change the rank-1 set (ACH-METHOD.md), as
    ``ach score`` gives it: the steps of ``ach.flip``'s exact search; None with fewer
    than two hypotheses. Only the count is kept, so which cells would move is not
    worked out here."""
    if counts is None:
        counts = flip.counts_of(matrix.rows, len(matrix.hypothesis_ids))
    found = flip.search(matrix.hypothesis_ids, weighted, counts)
    return None if found is None else found[0]


def lead_margin(weighted: Sequence[float]) -> float | None:
    """Rank 2's weighted inconsistency less rank 1's."""
    if len(weighted) < 2:
        return None
    first, second = sorted(weighted)[:2]
    return second - first


#: Rows summed together and remembered as one: a revision that changes a few rows
#: re-adds a few blocks, not every row.
BLOCK = 64


@dataclass
class MatrixReader:
    """Builds and reads matrices, remembering rows by the identity of what made them."""

    _rows: dict[tuple, dict[tuple[tuple, int], tuple[object, Row]]] = field(
        default_factory=dict)
    _layouts: dict[tuple[int, int, int, int], tuple] = field(default_factory=dict)
    _agreed: dict[tuple[int, ...], tuple[tuple[Row, ...], Row]] = field(default_factory=dict)
    _blocks: dict[tuple[int, ...], tuple[tuple[Row, ...], tuple[float, ...], tuple[float, ...],
                                         list[flip.ColumnCounts]]] = field(default_factory=dict)
    #: Sums of two blocks' (or two sums') flip counts, by the identity of the halves.
    _pairs: dict[tuple[int, int], tuple[list, list, list[flip.ColumnCounts]]] = field(
        default_factory=dict)

    def matrix(self, case: Case, items: Mapping[str, Evidence], analyst: str | None
               ) -> Matrix:
        """As ``ach.scoring.matrix_for`` builds one analyst's matrix."""
        hyp_ids, spec = self._layout(case, items)
        cells = case.ratings.get(analyst, {}) if analyst is not None else {}
        # Rows are remembered by item and by the identity of the row of cells they were
        # made from (kept alive beside them): map() finds the known ones in C.
        memo = self._rows.setdefault((analyst, hyp_ids), {})
        ids = [e for e, _, _, _ in spec]
        given = list(map(cells.get, ids))
        keys = list(zip(spec, map(id, given), strict=True))
        rows = list(map(memo.get, keys))
        unrated = tuple(repeat(None, len(hyp_ids)))
        for at, known in enumerate(rows):
            if known is None:
                evidence_id, w, excluded, group = spec[at]
                row = given[at]
                ratings = (tuple(getattr(row.get(h), "rating", None) for h in hyp_ids)
                           if row else unrated)
                known = rows[at] = memo[keys[at]] = (row, Row(evidence_id, w, ratings,
                                                              excluded, group))
        made = tuple(r[1] for r in rows)
        # A group's members share its weight: only they are remade, the rest keep their
        # identity (and what was remembered of them).
        return Matrix(hyp_ids, shared(made) if case.groups else made)

    def _layout(self, case: Case, items: Mapping[str, Evidence]
                ) -> tuple[tuple[str, ...], tuple[tuple[str, float, bool, str | None], ...]]:
        """The columns, and each row's item, weight, exclusion and dependence group:
        worked out once for each version of the case's hypotheses, items, groups and
        library."""
        key = (id(case.hypotheses), id(case.evidence), id(case.groups), id(items))
        known = self._layouts.get(key)
        if known is None or known[0] is not case.hypotheses or known[1] is not case.evidence \
                or known[2] is not case.groups or known[3] is not items:
            group_of: dict[str, str] = {}
            for group in case.groups:
                for member in group.members:
                    group_of.setdefault(member, group.label)
            spec = tuple((ref.id, ref_weight(ref, items[ref.id]) if ref.id in items else 1.0,
                          ref.excluded, group_of.get(ref.id)) for ref in case.evidence)
            known = self._layouts[key] = (case.hypotheses, case.evidence, case.groups, items,
                                          (tuple(h.id for h in case.hypotheses), spec))
        return known[4]

    def team(self, matrices: Sequence[Matrix]) -> Matrix:
        """As ``ach.scoring.consensus_matrix``, judging only rows not met before."""
        if len(matrices) == 1:
            return matrices[0]
        first = matrices[0]
        keys = list(zip(*(map(id, m.rows) for m in matrices), strict=True))
        rows = list(map(self._agreed.get, keys))
        for at, known in enumerate(rows):
            if known is None:
                same = tuple(m.rows[at] for m in matrices)
                agreed = consensus_matrix([Matrix(first.hypothesis_ids, (r,)) for r in same])
                rows[at] = self._agreed[keys[at]] = (same, agreed.rows[0])
        return Matrix(first.hypothesis_ids, tuple(r[1] for r in rows))

    def read(self, matrix: Matrix) -> Reading:
        ids = matrix.hypothesis_ids
        weighted = [0.0] * len(ids)
        log_l = [0.0] * len(ids)
        parts: list[list[flip.ColumnCounts]] = []
        for at in range(0, len(matrix.rows), BLOCK):
            w, ll, cc = self._block(matrix.rows[at:at + BLOCK])
            weighted = list(map(float.__add__, weighted, w))
            log_l = list(map(float.__add__, log_l, ll))
            parts.append(cc)
        counts = self._sum_counts(parts) if parts else [Counter() for _ in ids]
        probs = probabilities(log_l)
        leaders = leaders_of(ids, weighted)
        return Reading(tuple(h for h in ids if h in leaders), dict(zip(ids, probs, strict=True)),
                       dict(zip(ids, weighted, strict=True)), lead_margin(weighted),
                       flip_margin(matrix, weighted, counts))

    def _block(self, rows: tuple[Row, ...]
               ) -> tuple[tuple[float, ...], tuple[float, ...], list[flip.ColumnCounts]]:
        """What a block of rows adds to each hypothesis: weighted inconsistency, Σ w·log L,
        and the counts of (rating class, weight) the flip margin is found from."""
        key = tuple(map(id, rows))
        known = self._blocks.get(key)
        if known is None:
            counted = [row_figures(r.counted_weight, r.ratings) for r in rows if not r.excluded]
            width = len(rows[0].ratings)
            w = tuple(float(sum(c)) for c in zip(*(f.weighted for f in counted), strict=True)
                      ) if counted else (0.0,) * width
            ll = tuple(float(sum(c)) for c in zip(*(f.log_likelihood for f in counted),
                                                  strict=True)) if counted else (0.0,) * width
            known = self._blocks[key] = (rows, w, ll, flip.counts_of(rows, width))
        return known[1], known[2], known[3]

    def _sum_counts(self, parts: list[list[flip.ColumnCounts]]) -> list[flip.ColumnCounts]:
        """The blocks' counts added up pairwise, each pair remembered by the identity of its
        halves: a revision that changes one block re-adds a few pairs, not every block."""
        while len(parts) > 1:
            paired = []
            for at in range(0, len(parts) - 1, 2):
                a, b = parts[at], parts[at + 1]
                key = (id(a), id(b))
                known = self._pairs.get(key)
                if known is None or known[0] is not a or known[1] is not b:
                    known = self._pairs[key] = (a, b, [x + y for x, y in zip(a, b, strict=True)])
                paired.append(known[2])
            if len(parts) % 2:
                paired.append(parts[-1])
            parts = paired
        return parts[0]
