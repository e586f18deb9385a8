"""Heuer's step 6: how fragile is the conclusion?

What-ifs (exclude items, move a rating, change a credibility, reverse a possibly
planted item) are applied to a *copy* of the matrix, never to the saved ratings.
The sensitivity table asks, for each linchpin, what the ranking becomes without
it — by subtracting that one row from the totals, not by rescoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ach.model import Case, CellChange, Evidence, Level, Rating, Scenario
from ach.scoring import (
    Matrix,
    exclusion_effect,
    figures,
    group_sums,
    leaders_of,
    linchpins,
    probabilities,
    ranks,
    shared,
    totals,
    weight,
)

#: II < I < N < C < CC: the scale a rating moves along one step at a time.
SCALE = (Rating.II, Rating.I, Rating.N, Rating.C, Rating.CC)
_REVERSED = {Rating.CC: Rating.II, Rating.C: Rating.I, Rating.N: Rating.N,
             Rating.I: Rating.C, Rating.II: Rating.CC, Rating.NA: Rating.NA}


def step(rating: Rating | None, direction: int) -> Rating:
    """Move a rating one step towards CC (+1) or II (−1); NA and unrated start at N."""
    start = Rating.N if rating in (None, Rating.NA) else rating
    i = SCALE.index(start) + (1 if direction > 0 else -1)
    return SCALE[max(0, min(len(SCALE) - 1, i))]


def reverse(rating: Rating | None) -> Rating | None:
    """The rating a planted item would deserve: consistent becomes inconsistent."""
    return None if rating is None else _REVERSED[rating]


@dataclass(frozen=True)
class WhatIf:
    """A set of hypothetical changes; empty means the real analysis."""

    excluded: frozenset[str] = frozenset()
    restored: frozenset[str] = frozenset()
    cells: Mapping[tuple[str, str], Rating | None] = field(default_factory=dict)
    credibility: Mapping[str, Level] = field(default_factory=dict)
    reversed: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.excluded or self.restored or self.cells or self.credibility
                    or self.reversed)

    def describe(self, e_ref: Mapping[str, str] | None = None,
                 h_ref: Mapping[str, str] | None = None) -> list[str]:
        """One line per change, for the what-if banner and the briefing; items and
        hypotheses by the refs given (ach.refs), else by id."""
        def e(key: str) -> str:
            return (e_ref or {}).get(key, key)

        def h(key: str) -> str:
            return (h_ref or {}).get(key, key)

        lines = [f"exclude {e(i)}" for i in sorted(self.excluded)]
        lines += [f"bring back {e(i)}" for i in sorted(self.restored)]
        lines += [f"rate {e(i)} × {h(j)} {r.value if r else 'unrated'}"
                  for (i, j), r in sorted(self.cells.items())]
        lines += [f"credibility of {e(i)} {lv.label}" for i, lv in sorted(self.credibility.items())]
        lines += [f"reverse {e(i)} (planted?)" for i in sorted(self.reversed)]
        return lines

    # -- building one change at a time (each returns a new WhatIf)
    def toggle_excluded(self, evidence_id: str, currently_excluded: bool) -> WhatIf:
        if currently_excluded:
            return replace(self, restored=self.restored ^ {evidence_id})
        return replace(self, excluded=self.excluded ^ {evidence_id})

    def with_cell(self, evidence_id: str, hypothesis_id: str, rating: Rating | None) -> WhatIf:
        return replace(self, cells={**self.cells, (evidence_id, hypothesis_id): rating})

    def with_credibility(self, evidence_id: str, level: Level) -> WhatIf:
        return replace(self, credibility={**self.credibility, evidence_id: level})

    def toggle_reversed(self, evidence_id: str) -> WhatIf:
        return replace(self, reversed=self.reversed ^ {evidence_id})

    # -- to and from the case file
    def to_scenario(self, scenario_id: str, title: str, note: str = "") -> Scenario:
        return Scenario(
            id=scenario_id, title=title, note=note, excluded=sorted(self.excluded),
            cells=[CellChange(evidence_id=e, hypothesis_id=h, rating=r)
                   for (e, h), r in sorted(self.cells.items())],
            credibility=dict(sorted(self.credibility.items())), reversed=sorted(self.reversed),
            restored=sorted(self.restored))

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> WhatIf:
        return cls(excluded=frozenset(scenario.excluded), restored=frozenset(scenario.restored),
                   cells={(c.evidence_id, c.hypothesis_id): c.rating for c in scenario.cells},
                   credibility=dict(scenario.credibility), reversed=frozenset(scenario.reversed))


def apply(matrix: Matrix, whatif: WhatIf, case: Case, evidence: Mapping[str, Evidence],
          ) -> Matrix:
    """The matrix as the what-if would have it (the case itself is left alone)."""
    if whatif.is_empty:
        return matrix
    column = {h: i for i, h in enumerate(matrix.hypothesis_ids)}
    rows = []
    for row in matrix.rows:
        e = row.evidence_id
        ratings = list(row.ratings)
        for (ce, ch), rating in whatif.cells.items():
            if ce == e and ch in column:
                ratings[column[ch]] = rating
        if e in whatif.reversed:
            ratings = [reverse(r) for r in ratings]
        w = row.weight
        if e in whatif.credibility and e in evidence and case.uses(e):
            ref = case.evidence_ref(e)
            w = weight(whatif.credibility[e], ref.relevance or evidence[e].relevance)
        excluded = (row.excluded or e in whatif.excluded) and e not in whatif.restored
        rows.append(replace(row, weight=w, ratings=tuple(ratings), excluded=excluded))
    return Matrix(matrix.hypothesis_ids, shared(rows))


@dataclass(frozen=True)
class Ranking:
    """Where the hypotheses stand under some matrix: enough to compare two outcomes."""

    hypothesis_ids: tuple[str, ...]
    weighted: tuple[float, ...]
    probability: tuple[float, ...]
    rank: tuple[int, ...]

    @property
    def leaders(self) -> frozenset[str]:
        return leaders_of(self.hypothesis_ids, self.weighted)

    def order(self) -> list[str]:
        return [h for _, h in sorted(zip(self.rank, self.hypothesis_ids, strict=True),
                                     key=lambda p: p[0])]

    @classmethod
    def from_totals(cls, ids: tuple[str, ...], weighted: list[float], log_l: list[float],
                    ) -> Ranking:
        return cls(ids, tuple(weighted), tuple(probabilities(log_l)), tuple(ranks(weighted)))


def ranking(matrix: Matrix) -> Ranking:
    _, weighted, log_l = totals(matrix)
    return Ranking.from_totals(matrix.hypothesis_ids, weighted, log_l)


@dataclass(frozen=True)
class Outcome:
    """A ranking before and after one change to one item (set aside, or reversed)."""

    evidence_id: str
    before: Ranking
    after: Ranking

    @property
    def changes_leader(self) -> bool:
        return self.before.leaders != self.after.leaders


def without_each(matrix: Matrix, evidence_ids: Iterable[str] | None = None) -> list[Outcome]:
    """The ranking without each item (default: each linchpin), by subtracting its row."""
    figs = [figures(row) for row in matrix.rows]
    _, weighted, log_l = totals(matrix, figs)
    before = Ranking.from_totals(matrix.hypothesis_ids, weighted, log_l)
    wanted = set(linchpins(matrix, weighted, figs) if evidence_ids is None else evidence_ids)
    # A grouped item's exclusion reweighs its group-mates: take the group's sums too.
    sums = group_sums(matrix.rows, figs) if matrix.grouped else {}
    log_sums = group_sums(matrix.rows, figs, "log_likelihood") if matrix.grouped else {}
    table = []
    for row, fig in zip(matrix.rows, figs, strict=True):
        if row.evidence_id not in wanted or row.excluded:
            continue
        group = row.group or ""
        effect = exclusion_effect(row, fig.weighted, sums.get(group))
        log_effect = exclusion_effect(row, fig.log_likelihood, log_sums.get(group))
        after = Ranking.from_totals(
            matrix.hypothesis_ids,
            [t - c for t, c in zip(weighted, effect, strict=True)],
            [t - c for t, c in zip(log_l, log_effect, strict=True)])
        table.append(Outcome(row.evidence_id, before, after))
    return table


@dataclass(frozen=True)
class SetOutcome:
    """The ranking without a whole set of items: one source, or one dependence group."""

    kind: str
    label: str
    evidence_ids: tuple[str, ...]
    before: Ranking
    after: Ranking

    @property
    def changes_leader(self) -> bool:
        return self.before.leaders != self.after.leaders


def without_sets(matrix: Matrix, sets: Iterable[tuple[str, str, Iterable[str]]],
                 ) -> list[SetOutcome]:
    """The ranking without each whole set, given as (kind, label, evidence ids): correlated
    items fail together, which single-item linchpins cannot show. Sets with no counted
    item are left out."""
    counted = {row.evidence_id for row in matrix.rows if not row.excluded}
    before = ranking(matrix)
    table = []
    for kind, label, ids in sets:
        members = tuple(e for e in ids if e in counted)
        if members:
            table.append(SetOutcome(kind, label, members, before,
                                    ranking(matrix.without(members))))
    return table


def sources_and_groups(case: Case, evidence: Mapping[str, Evidence],
                       ) -> list[tuple[str, str, list[str]]]:
    """The case's items by source (those citing one) and by dependence group."""
    by_source: dict[str, list[str]] = {}
    for ref in case.evidence:
        item = evidence.get(ref.id)
        if item is not None and item.source_id is not None:
            by_source.setdefault(item.source_id, []).append(ref.id)
    sets = [("source", source, ids) for source, ids in by_source.items()]
    sets += [("group", g.label, list(g.members)) for g in case.groups]
    return sets


def if_planted(matrix: Matrix, evidence_id: str) -> Outcome:
    """The deception check: the ranking with this item's ratings reversed."""
    before = ranking(matrix)
    rows = tuple(replace(r, ratings=tuple(reverse(x) for x in r.ratings))
                 if r.evidence_id == evidence_id else r for r in matrix.rows)
    return Outcome(evidence_id, before, ranking(Matrix(matrix.hypothesis_ids, rows)))
