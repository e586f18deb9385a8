"""Estimative language (ICD 203): the words a probability may be shown in.

ACH-METHOD.md "Estimative language": a probability reads as the term of its band,
and a percentage, where one is shown at all, never claims more than 1–99 %.
"""

from __future__ import annotations

from ach.model import EstimativeTerm

#: Each band's upper edge and whether the edge itself belongs to the band, least likely
#: first: < 0.05, < 0.20, < 0.45, ≤ 0.55, ≤ 0.80, ≤ 0.95, and above 0.95.
_EDGES: tuple[tuple[float, bool, EstimativeTerm], ...] = (
    (0.05, False, EstimativeTerm.ALMOST_NO_CHANCE),
    (0.20, False, EstimativeTerm.VERY_UNLIKELY),
    (0.45, False, EstimativeTerm.UNLIKELY),
    (0.55, True, EstimativeTerm.ROUGHLY_EVEN),
    (0.80, True, EstimativeTerm.LIKELY),
    (0.95, True, EstimativeTerm.VERY_LIKELY),
)

#: No percentage shown goes beyond these: the matrix's arithmetic cannot justify more.
FLOOR, CEILING = 0.01, 0.99

#: How the matrix's probability is labelled wherever it is shown in words.
MATRIX_READING = "the matrix's reading (assumes independent items)"


def band(p: float) -> EstimativeTerm:
    """The ICD 203 term of a probability."""
    for edge, inclusive, term in _EDGES:
        if p < edge or (inclusive and p == edge):
            return term
    return EstimativeTerm.ALMOST_CERTAIN


def order(term: EstimativeTerm) -> int:
    """The term's place on the scale, 0 (almost no chance) … 6 (almost certain)."""
    return list(EstimativeTerm).index(term)


def distance(a: EstimativeTerm, b: EstimativeTerm) -> int:
    """How many bands apart two terms are."""
    return abs(order(a) - order(b))
