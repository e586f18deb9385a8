"""The team's consensus and disagreement for every cell, kept current one cell at a time.

Built once from the analysts' ratings (in a worker thread: about a tenth of a second
at 30 × 2,000 × 3), then each rating changes one cell, whose consensus and band are
recomputed from its analysts' ratings alone (ACH-METHOD.md "Several analysts"; the
figures are ``ach.scoring``'s own). Nothing here knows Textual.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ach.model import Case, Evidence, Rating, Ratings
from ach.scoring import Disagreement, Matrix, Row, consensus, ref_weight, spread


@dataclass(frozen=True, slots=True)
class TeamCell:
    """One cell as the team sees it."""

    consensus: Rating | None
    #: The population standard deviation of the analysts' r (0 with one analyst).
    spread: float
    #: How many analysts rated the cell.
    raters: int

    @property
    def band(self) -> Disagreement | None:
        """The disagreement band; None where fewer than two analysts rated the cell."""
        return Disagreement.of(self.spread) if self.raters > 1 else None


@lru_cache(maxsize=4096)
def summarise(ratings: tuple[Rating, ...]) -> TeamCell:
    """A cell's figures from its ratings, sorted (few distinct combinations exist)."""
    return TeamCell(consensus(ratings), spread(ratings), len(ratings))


def _summary(ratings: list[Rating]) -> TeamCell:
    return summarise(tuple(sorted(ratings)))


def gather(ratings: Ratings) -> dict[str, dict[str, TeamCell]]:
    """Every rated cell of the analysts' ratings: evidence id → hypothesis id → TeamCell."""
    found: dict[str, dict[str, list[Rating]]] = {}
    for rows in ratings.values():
        for evidence_id, row in rows.items():
            target = found.get(evidence_id)
            if target is None:
                target = found[evidence_id] = {}
            for hypothesis_id, cell in row.items():
                given = target.get(hypothesis_id)
                if given is None:
                    target[hypothesis_id] = [cell.rating]
                else:
                    given.append(cell.rating)
    return {e: {h: _summary(given) for h, given in row.items()} for e, row in found.items()}


class TeamTable:
    """The team's view of every cell of one case."""

    def __init__(self, ratings: Ratings) -> None:
        self._cells = gather(ratings)

    def cell(self, evidence_id: str, hypothesis_id: str) -> TeamCell | None:
        row = self._cells.get(evidence_id)
        return None if row is None else row.get(hypothesis_id)

    def consensus(self, evidence_id: str, hypothesis_id: str) -> Rating | None:
        cell = self.cell(evidence_id, hypothesis_id)
        return None if cell is None else cell.consensus

    def update(self, ratings: Ratings, evidence_id: str, hypothesis_id: str) -> TeamCell | None:
        """Recompute one cell from the analysts' ratings as they are now."""
        given = [cell.rating for rows in ratings.values()
                 if (cell := rows.get(evidence_id, {}).get(hypothesis_id)) is not None]
        row = self._cells.setdefault(evidence_id, {})
        if not given:
            row.pop(hypothesis_id, None)
            return None
        row[hypothesis_id] = summary = _summary(given)
        return summary

    def matrix(self, case: Case, evidence: Mapping[str, Evidence]) -> Matrix:
        """The consensus matrix of ``case``, as ``ach.scoring.matrix_for(case, …, None)``."""
        hypothesis_ids = tuple(h.id for h in case.hypotheses)
        rows = []
        for ref in case.evidence:
            item = evidence.get(ref.id)
            weight = ref_weight(ref, item) if item is not None else 1.0
            cells = self._cells.get(ref.id, {})
            ratings = tuple(c.consensus if (c := cells.get(h)) else None for h in hypothesis_ids)
            rows.append(Row(ref.id, weight, ratings, ref.excluded))
        return Matrix(hypothesis_ids, tuple(rows))

    def cells(self) -> Mapping[str, Mapping[str, TeamCell]]:
        return self._cells


@dataclass(frozen=True, slots=True)
class Difference:
    """A cell where one analyst's rating is not the team's."""

    evidence_id: str
    hypothesis_id: str
    mine: Rating
    team: TeamCell

    @property
    def gap(self) -> int:
        """How far apart the two ratings are, in r (NA counts as 0, as in every score)."""
        agreed = self.team.consensus
        return abs(self.mine.score - (agreed.score if agreed is not None else 0))


def differences(case: Case, table: TeamTable, analyst: str,
                limit: int | None = None) -> tuple[list[Difference], int]:
    """Where ``analyst`` differs from the consensus: the ``limit`` largest differences (all
    with None), the largest gap in r first, then the most disputed, then in matrix order;
    and how many cells differ in all."""
    rows = {ref.id: i for i, ref in enumerate(case.evidence)}
    columns = {h.id: i for i, h in enumerate(case.hypotheses)}
    found = []
    cells = table.cells()
    for evidence_id, row in case.ratings.get(analyst, {}).items():
        team_row = cells.get(evidence_id)
        if team_row is None or evidence_id not in rows:
            continue
        for hypothesis_id, cell in row.items():
            team = team_row.get(hypothesis_id)
            if (team is not None and team.raters > 1 and team.consensus is not cell.rating
                    and hypothesis_id in columns):
                gap = abs(cell.rating.score - (team.consensus.score if team.consensus else 0))
                found.append(((-gap, -team.spread, rows[evidence_id], columns[hypothesis_id]),
                              evidence_id, hypothesis_id, cell.rating, team))
    first = sorted(found) if limit is None else heapq.nsmallest(limit, found)
    return [Difference(e, h, mine, team) for _, e, h, mine, team in first], len(found)
