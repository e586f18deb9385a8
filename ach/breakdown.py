"""Heuer's step 5 made visible: where each hypothesis's scores come from.

For one hypothesis, every counted item's rating, weight and share of the
weighted inconsistency; the contributions add up exactly to the scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from ach.model import Rating
from ach.scoring import Matrix, Scores, figures


@dataclass(frozen=True, slots=True)
class Contribution:
    evidence_id: str
    rating: Rating | None
    weight: float
    inconsistency: int
    weighted: float
    #: Share of the hypothesis's weighted inconsistency (0 when that is 0).
    share: float
    #: w·log L: this item's term in the probability's log-likelihood.
    log_likelihood: float
    #: The item's dependence group, and how many counted items share its weight
    #: (``weight`` is already divided by them).
    group: str | None = None
    members: int = 1


@dataclass(frozen=True, slots=True)
class Breakdown:
    hypothesis_id: str
    contributions: tuple[Contribution, ...]
    excluded: tuple[str, ...]

    @property
    def inconsistency(self) -> float:
        return float(sum(c.inconsistency for c in self.contributions))

    @property
    def weighted_inconsistency(self) -> float:
        return sum(c.weighted for c in self.contributions)

    @property
    def against(self) -> list[Contribution]:
        """The items that count against the hypothesis, heaviest first."""
        return [c for c in self.contributions if c.weighted > 0]


def breakdown(matrix: Matrix, hypothesis_id: str) -> Breakdown:
    """Every counted item's part in one hypothesis's scores, heaviest first."""
    col = matrix.hypothesis_ids.index(hypothesis_id)
    counted = [row for row in matrix.rows if not row.excluded]
    total = sum(figures(row).weighted[col] for row in counted)
    parts = []
    for row in counted:
        fig = figures(row)
        parts.append(Contribution(
            row.evidence_id, row.ratings[col], row.counted_weight, fig.inconsistency[col],
            fig.weighted[col], fig.weighted[col] / total if total else 0.0,
            fig.log_likelihood[col], row.group, row.share))
    parts.sort(key=lambda c: (-c.weighted, -abs(c.log_likelihood), c.evidence_id))
    excluded = tuple(row.evidence_id for row in matrix.rows if row.excluded)
    return Breakdown(hypothesis_id, tuple(parts), excluded)


def undiagnostic(scores: Scores) -> list[str]:
    """Counted items with zero diagnosticity: candidates to set aside (step 4)."""
    return [e.id for e in scores.evidence if not e.excluded and e.diagnosticity < 1e-12]
