"""ACH scores as pure functions (ACH-METHOD.md): no I/O, no Textual.

A case is first reduced to a ``Matrix`` — hypotheses in order, and one ``Row``
per evidence item with its weight and the ratings the chosen view gives it
(one analyst's, or the team's consensus) — and the matrix is scored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter, mul

from ach.flip import FlipMargin, flip_margin
from ach.model import UNRATED_LIKELIHOOD, Case, CaseEvidence, Evidence, Level, Rating

#: Scores closer than this are equal (ranks, leaders).
TIE = 1e-9


@dataclass(frozen=True, slots=True)
class Row:
    evidence_id: str
    weight: float
    #: One rating per hypothesis, in the matrix's hypothesis order; None where unrated.
    ratings: tuple[Rating | None, ...]
    excluded: bool = False
    #: The dependence group the item belongs to (ACH-METHOD.md "Dependence groups").
    group: str | None = None
    #: How many counted items share the group's weight (1 outside a group): the row
    #: counts with ``weight / share``. Kept current by ``shared``.
    share: int = 1

    @property
    def counted_weight(self) -> float:
        """The weight the row counts with: w(e), or w(e)/k in a group of k counted items."""
        return self.weight / self.share if self.share > 1 else self.weight


@dataclass(frozen=True, slots=True)
class Matrix:
    hypothesis_ids: tuple[str, ...]
    rows: tuple[Row, ...]

    def without(self, evidence_ids: Iterable[str]) -> Matrix:
        """The same matrix with these items excluded from scoring (a what-if)."""
        drop = set(evidence_ids)
        rows = tuple(replace(r, excluded=True) if r.evidence_id in drop else r
                     for r in self.rows)
        return Matrix(self.hypothesis_ids, shared(rows))

    @property
    def grouped(self) -> bool:
        return any(row.group is not None for row in self.rows)


def shared(rows: Sequence[Row]) -> tuple[Row, ...]:
    """The rows with each group's share set to its number of counted members, so that a
    group of k counted items weighs like the average of its members."""
    counts: dict[str, int] = {}
    for row in rows:
        if row.group is not None and not row.excluded:
            counts[row.group] = counts.get(row.group, 0) + 1
    return tuple(
        row if row.group is None and row.share == 1
        else replace(row, share=max(1, counts.get(row.group, 0)) if row.group else 1)
        for row in rows)


@dataclass(frozen=True, slots=True)
class HypothesisScore:
    id: str
    inconsistency: float
    weighted_inconsistency: float
    probability: float
    rank: int
    #: Counted items nobody rated against it (they count as neutral).
    unrated: int = 0


@dataclass(frozen=True, slots=True)
class EvidenceScore:
    id: str
    diagnosticity: float
    linchpin: bool
    excluded: bool


@dataclass(frozen=True, slots=True)
class Scores:
    hypotheses: tuple[HypothesisScore, ...]
    evidence: tuple[EvidenceScore, ...]
    #: The ids of the hypotheses at rank 1.
    leaders: frozenset[str] = field(default_factory=frozenset)
    #: The fewest one-step rating changes that would change the rank-1 set (None with
    #: fewer than two hypotheses).
    flip_margin: FlipMargin | None = None

    def hypothesis(self, hypothesis_id: str) -> HypothesisScore:
        return next(h for h in self.hypotheses if h.id == hypothesis_id)

    def item(self, evidence_id: str) -> EvidenceScore:
        return next(e for e in self.evidence if e.id == evidence_id)

    @property
    def ranked(self) -> list[HypothesisScore]:
        """Hypotheses best first (rank, then matrix order)."""
        return sorted(self.hypotheses, key=lambda h: h.rank)


# -- building a matrix ---------------------------------------------------------

def weight(credibility: Level, relevance: Level) -> float:
    """w(e) = cred(e) × rel(e): 0.5 … 2, and 1 for Medium/Medium."""
    return credibility.weight * relevance.weight


def item_weight(case: Case, item: Evidence) -> float:
    """An item's weight in a case: the case may override the item's relevance."""
    return ref_weight(case.evidence_ref(item.id), item)


def ref_weight(ref: CaseEvidence, item: Evidence) -> float:
    return weight(item.credibility, ref.relevance or item.relevance)


def matrix_for(case: Case, evidence: Mapping[str, Evidence], analyst: str | None,
               ) -> Matrix:
    """One analyst's matrix; ``analyst=None`` gives the team's consensus matrix."""
    if analyst is None and case.analysts:
        return consensus_matrix([matrix_for(case, evidence, name) for name in case.analysts])
    hyp_ids = tuple(h.id for h in case.hypotheses)
    unrated = (None,) * len(hyp_ids)
    group_of: dict[str, str] = {}
    for group in case.groups:
        for member in group.members:
            group_of.setdefault(member, group.label)
    cells = case.ratings.get(analyst, {}) if analyst is not None else {}
    gaps = repeat(_NO_CELL)
    rows = []
    for ref in case.evidence:
        item = evidence.get(ref.id)
        w = ref_weight(ref, item) if item is not None else 1.0
        row = cells.get(ref.id)
        # map() keeps the per-cell work in C: a large case has 60,000 cells per analyst.
        ratings = tuple(map(_RATING_OF, map(row.get, hyp_ids, gaps))) if row else unrated
        rows.append(Row(ref.id, w, ratings, ref.excluded, group_of.get(ref.id)))
    return Matrix(hyp_ids, shared(rows) if group_of else tuple(rows))


def consensus_matrix(matrices: Sequence[Matrix]) -> Matrix:
    """The team's matrix from the analysts' own (the same case's rows and columns).

    A cell's consensus depends only on its combination of ratings, and a large case has
    tens of thousands of cells but a few hundred combinations: each is judged once.
    """
    if len(matrices) == 1:
        return matrices[0]
    agreed = _Agreed()
    first = matrices[0]
    rows = []
    for same_rows in zip(*(m.rows for m in matrices), strict=True):
        row = same_rows[0]
        cells = zip(*(r.ratings for r in same_rows), strict=True)
        rows.append(replace(row, ratings=tuple(map(agreed.__getitem__, cells))))
    return Matrix(first.hypothesis_ids, tuple(rows))


class _Agreed(dict):
    """The consensus of each combination of ratings (None: nobody rated the cell),
    worked out the first time the combination is met."""

    def __missing__(self, ratings: tuple[Rating | None, ...]) -> Rating | None:
        given = [r for r in ratings if r is not None]
        agreed = self[ratings] = consensus(given) if given else None
        return agreed


class _NoCell:
    """Stands in for a cell nobody rated, so that reading ratings needs no test."""

    rating = None


_NO_CELL = _NoCell()
_RATING_OF = attrgetter("rating")


# -- scoring -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RowFigures:
    """What one row adds to each hypothesis's totals, computed once per distinct row."""

    inconsistency: tuple[int, ...]
    weighted: tuple[float, ...]
    log_likelihood: tuple[float, ...]
    #: (column, w·h) for the columns the row makes inconsistent: all a linchpin test needs.
    nonzero: tuple[tuple[int, float], ...]
    diagnosticity: float
    #: The most the row adds to any one hypothesis: rows adding less than the lead's
    #: margin cannot be linchpins (see ``lead_margin``).
    largest: float
    #: 1 where the row is unrated, per hypothesis.
    gaps: tuple[int, ...]


@lru_cache(maxsize=65_536)
def row_figures(weight: float, ratings: tuple[Rating | None, ...]) -> RowFigures:
    """The figures of a row (cached: a rescore after one rating recomputes one row)."""
    # map() over lookup tables keeps the per-cell work in C: a large case has 60,000 cells.
    h = tuple(map(_H_OF.__getitem__, ratings))
    wh = tuple(map(weight.__mul__, h))
    logs = tuple(map(weight.__mul__, map(_LOG_L_OF.__getitem__, ratings)))
    nonzero = (tuple(zip(compress(range(len(wh)), wh), compress(wh, wh), strict=True))
               if any(h) else ())
    return RowFigures(h, wh, logs, nonzero, _pstdev(list(map(_R_OF.__getitem__, ratings))),
                      max(wh, default=0.0), tuple(map(_GAP_OF.__getitem__, ratings)))


_H_OF: dict[Rating | None, int] = {None: 0, **{r: r.inconsistency for r in Rating}}
_R_OF: dict[Rating | None, int] = {None: 0, **{r: r.score for r in Rating}}
_GAP_OF: dict[Rating | None, int] = {None: 1, **{r: 0 for r in Rating}}
_LOG_L_OF: dict[Rating | None, float] = {None: math.log(UNRATED_LIKELIHOOD),
                                         **{r: math.log(r.likelihood) for r in Rating}}


def _pstdev(values: Sequence[int]) -> float:
    """Population standard deviation of whole numbers (r runs −2 … 2), from two sums.

    statistics.pstdev is exact but about 20× slower; with integers the two-sum form
    n·Σv² − (Σv)² is exact too, so nothing is lost.
    """
    n = len(values)
    if n < 2:
        return 0.0
    total = sum(values)
    squares = sum(map(int.__mul__, values, values))
    return math.sqrt(max(0, n * squares - total * total)) / n


def figures(row: Row) -> RowFigures:
    return row_figures(row.counted_weight, row.ratings)


def diagnosticity(row: Row) -> float:
    """The population standard deviation of r across the hypotheses."""
    return figures(row).diagnosticity


def ranks(values: Sequence[float]) -> list[int]:
    """Competition ranks, lowest first: equal values (to 1e-9) share, the next skips."""
    return [1 + sum(1 for other in values if other < v - TIE) for v in values]


def leaders_of(hypothesis_ids: Sequence[str], totals: Sequence[float]) -> frozenset[str]:
    if not totals:
        return frozenset()
    best = min(totals)
    return frozenset(h for h, t in zip(hypothesis_ids, totals, strict=True) if t <= best + TIE)


def probabilities(log_likelihoods: Sequence[float]) -> list[float]:
    """Normalise log-likelihoods (uniform prior) to probabilities that sum to 1."""
    if not log_likelihoods:
        return []
    top = max(log_likelihoods)
    raw = [math.exp(v - top) for v in log_likelihoods]
    total = sum(raw)
    return [v / total for v in raw]


def _column_sums(vectors: list[tuple], width: int) -> list[float]:
    if not vectors:
        return [0.0] * width
    return [float(sum(column)) for column in zip(*vectors, strict=True)]


def totals(matrix: Matrix, figs: Sequence[RowFigures] | None = None,
           ) -> tuple[list[float], list[float], list[float]]:
    """Per hypothesis: inconsistency, weighted inconsistency, and Σ w·log L.

    Without the rows' figures at hand, the sums are taken a column at a time with map()
    over lookup tables, which keeps the per-cell work in C; the terms and their order are
    those of the row figures, so both ways give the same floats.
    """
    n = len(matrix.hypothesis_ids)
    if figs is not None:
        counted = [f for f, row in zip(figs, matrix.rows, strict=True) if not row.excluded]
        return (_column_sums([f.inconsistency for f in counted], n),
                _column_sums([f.weighted for f in counted], n),
                _column_sums([f.log_likelihood for f in counted], n))
    rows = [row for row in matrix.rows if not row.excluded]
    if not rows:
        return [0.0] * n, [0.0] * n, [0.0] * n
    weights = [row.counted_weight for row in rows]
    columns = list(zip(*(row.ratings for row in rows), strict=True))
    plain, weighted, log_l = [], [], []
    for column in columns:
        h = list(map(_H_OF.__getitem__, column))
        plain.append(float(sum(h)))
        weighted.append(float(sum(map(mul, weights, h))))
        log_l.append(float(sum(map(mul, weights,
                                   map(_LOG_L_OF.__getitem__, column)))))
    return plain, weighted, log_l


def changes_leaders(weighted: Sequence[float], leaders: Sequence[int],
                    nonzero: Sequence[tuple[int, float]]) -> bool:
    """Would taking these (column, w·h) amounts off the totals change the rank-1 set?

    Only the columns the row touches can move, and totals only fall, so an untouched
    hypothesis outside the lead can never join it: a few comparisons per row suffice.
    """
    if not nonzero:
        return False
    after = list(weighted)
    for i, c in nonzero:
        after[i] -= c
    best = min(after) + TIE
    if any(after[i] > best for i in leaders):
        return True
    lead = set(leaders)
    return any(after[i] <= best for i, _ in nonzero if i not in lead)


def lead_margin(weighted: Sequence[float], leaders: Sequence[int]) -> float:
    """How much a row must add to one hypothesis before leaving it out could change
    the rank-1 set; rows adding less are skipped without a closer look.

    With one leader at ``best`` and the nearest other hypothesis ``gap`` behind, a
    row that changes the lead must take at least ``gap − TIE`` off some hypothesis:
    a newcomer has to come within TIE of a best that only falls, and a leader can only
    be overtaken by a newcomer. Shared leads can split on any row (−inf), and a lone
    hypothesis can never be displaced (inf). Another TIE of slack absorbs rounding.
    """
    if len(leaders) != 1:
        return -math.inf
    best = weighted[leaders[0]]
    others = [t for i, t in enumerate(weighted) if i != leaders[0]]
    if not others:
        return math.inf
    return min(others) - best - 2 * TIE


def linchpins(matrix: Matrix, weighted: Sequence[float],
              figs: Sequence[RowFigures] | None = None) -> set[str]:
    """Items whose exclusion changes the set of hypotheses at rank 1.

    Incremental: each row's contribution is subtracted from the totals, so the
    whole search costs one pass over the matrix, not a rescore per item, and rows
    too small to matter (``lead_margin``) are passed over with one comparison.
    """
    if not weighted:
        return set()
    if figs is None:
        figs = [figures(row) for row in matrix.rows]
    best = min(weighted) + TIE
    leaders = [i for i, t in enumerate(weighted) if t <= best]
    margin = lead_margin(weighted, leaders)
    pins = {row.evidence_id for row, fig in zip(matrix.rows, figs, strict=True)
            if not row.excluded and row.share == 1 and fig.largest >= margin
            and changes_leaders(weighted, leaders, fig.nonzero)}
    pins.update(grouped_linchpins(matrix.rows, figs, weighted, leaders))
    return pins


def group_sums(rows: Sequence[Row], figs: Sequence[RowFigures], part: str = "weighted",
               ) -> dict[str, list[float]]:
    """Per group, what its counted members add to each hypothesis (``part``: "weighted"
    or "log_likelihood")."""
    sums: dict[str, list[float]] = {}
    for row, fig in zip(rows, figs, strict=True):
        if row.group is not None and not row.excluded:
            own = getattr(fig, part)
            found = sums.get(row.group)
            sums[row.group] = list(own) if found is None else list(map(float.__add__,
                                                                        found, own))
    return sums


def exclusion_effect(row: Row, own: Sequence[float], group_sum: Sequence[float] | None,
                     ) -> list[float]:
    """What leaving one counted row out takes off each total. In a group of k, the row's
    own part goes and its k−1 group-mates regain weight (each now w/(k−1)), so the effect
    is the group's part now less the group-mates' part after: T − k/(k−1)·(T − own)."""
    k = row.share
    if k <= 1 or group_sum is None:
        return list(own)
    scale = k / (k - 1)
    return [t - scale * (t - o) for t, o in zip(group_sum, own, strict=True)]


def grouped_linchpins(rows: Sequence[Row], figs: Sequence[RowFigures],
                      weighted: Sequence[float], leaders: Sequence[int]) -> set[str]:
    """Linchpins among rows that share a group's weight: leaving one out reweighs its
    group-mates, so each is checked against the whole recomputed totals (groups are few)."""
    if not any(row.share > 1 for row in rows):
        return set()
    sums = group_sums(rows, figs)
    now = set(leaders)
    found = set()
    for row, fig in zip(rows, figs, strict=True):
        if row.excluded or row.share <= 1:
            continue
        effect = exclusion_effect(row, fig.weighted, sums.get(row.group or ""))
        after = [t - c for t, c in zip(weighted, effect, strict=True)]
        best = min(after) + TIE
        if {i for i, t in enumerate(after) if t <= best} != now:
            found.add(row.evidence_id)
    return found


def _unrated(matrix: Matrix, figs: Sequence[RowFigures]) -> list[int]:
    """Per hypothesis, the counted items nobody rated against it (from the rows' gaps)."""
    counted = [f.gaps for f, row in zip(figs, matrix.rows, strict=True) if not row.excluded]
    return [sum(column) for column in zip(*counted, strict=True)] or [0] * len(
        matrix.hypothesis_ids)


def score(matrix: Matrix) -> Scores:
    figs = [figures(row) for row in matrix.rows]
    plain, weighted, log_l = totals(matrix, figs)
    probs = probabilities(log_l)
    rank = ranks(weighted)
    gaps = _unrated(matrix, figs)
    hyps = tuple(
        HypothesisScore(h, plain[i], weighted[i], probs[i], rank[i], gaps[i])
        for i, h in enumerate(matrix.hypothesis_ids)
    )
    pins = linchpins(matrix, weighted, figs)
    items = tuple(
        EvidenceScore(row.evidence_id, fig.diagnosticity, row.evidence_id in pins,
                      row.excluded)
        for row, fig in zip(matrix.rows, figs, strict=True)
    )
    return Scores(hyps, items, leaders_of(matrix.hypothesis_ids, weighted),
                  flip_margin(matrix.hypothesis_ids, matrix.rows, weighted))


# -- several analysts ------------------------------------------------------------

class Disagreement(StrEnum):
    NONE = "none"
    MILD = "mild"
    LARGE = "large"
    EXTREME = "extreme"

    @classmethod
    def between(cls, ratings: Sequence[Rating]) -> Disagreement:
        """The band of one cell's ratings: by their spread, but at least large when the
        analysts stand on opposite sides of N (ACH-METHOD.md "Disagreement has a
        direction": C against I is a real split, whatever the spread says)."""
        found = cls.of(spread(ratings))
        if found in (cls.NONE, cls.MILD) and opposed(ratings):
            return cls.LARGE
        return found

    @classmethod
    def of(cls, spread: float) -> Disagreement:
        """The band of a spread alone (``between`` also weighs the direction)."""
        if spread <= 0.25:
            return cls.NONE
        if spread <= 1.0:
            return cls.MILD
        if spread <= 1.75:
            return cls.LARGE
        return cls.EXTREME


_SCALE = (Rating.II, Rating.I, Rating.N, Rating.C, Rating.CC)


def consensus(ratings: Sequence[Rating]) -> Rating | None:
    """The team's rating of one cell (ACH-METHOD.md "Several analysts").

    NA wins only when more analysts said NA than gave a rating; otherwise the
    rating whose r is nearest the mean of the given ratings, a tie going toward 0.
    """
    # Few distinct combinations exist (7³ for three analysts): remember each one.
    return _consensus(tuple(sorted(ratings)))


@lru_cache(maxsize=4096)
def _consensus(ratings: tuple[Rating, ...]) -> Rating | None:
    if not ratings:
        return None
    given = [r for r in ratings if r is not Rating.NA]
    if len(ratings) - len(given) > len(given):
        return Rating.NA
    mean = sum(r.score for r in given) / len(given)
    return min(_SCALE, key=lambda r: (abs(r.score - mean), abs(r.score)))


def opposed(ratings: Sequence[Rating]) -> bool:
    """Did one analyst find the item consistent (C, CC) and another inconsistent (I, II)?"""
    scores = [r.score for r in ratings]
    return bool(scores) and max(scores) > 0 > min(scores)


def spread(ratings: Sequence[Rating]) -> float:
    """Disagreement: the population standard deviation of the analysts' r."""
    return _pstdev([r.score for r in ratings])


def cell_ratings(case: Case, evidence_id: str, hypothesis_id: str) -> dict[str, Rating]:
    """Every analyst's rating of one cell, by analyst."""
    found = {}
    for analyst, rows in case.ratings.items():
        cell = rows.get(evidence_id, {}).get(hypothesis_id)
        if cell is not None:
            found[analyst] = cell.rating
    return found


def consensus_ratings(case: Case) -> dict[str, dict[str, Rating]]:
    """The consensus matrix: evidence id → hypothesis id → rating."""
    tables = [rows for rows in case.ratings.values() if rows]
    if len(tables) == 1:
        return {e: {h: c.rating for h, c in row.items()} for e, row in tables[0].items()}
    result: dict[str, dict[str, Rating]] = {}
    for e in set().union(*tables):
        rows = [t[e] for t in tables if e in t]
        agreed = {}
        for h in set().union(*rows) if len(rows) > 1 else rows[0]:
            rating = _consensus(tuple(sorted(r[h].rating for r in rows if h in r)))
            if rating is not None:
                agreed[h] = rating
        if agreed:
            result[e] = agreed
    return result


def gapped_leaders(leaders: Iterable[str], unrated: Mapping[str, int]) -> list[str]:
    """Leaders left unrated on more items than some other hypothesis: their lead may only
    mean they gathered less inconsistency for want of ratings. (A row nobody rated leaves
    every hypothesis the same gap and favours none.)"""
    fewest = min(unrated.values(), default=0)
    return [h for h in unrated if h in leaders and unrated[h] > fewest]


def score_case(case: Case, evidence: Mapping[str, Evidence], analyst: str | None) -> Scores:
    """Score one analyst's view, or the team's consensus with ``analyst=None``."""
    return score(matrix_for(case, evidence, analyst))
