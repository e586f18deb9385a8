"""Scoring past readings of the matrix against what happened (docs/method.md, "Review").

Brier score of a reading: Σ over hypotheses of (p − o)², p the matrix's probability and
o 1 for a hypothesis that held, else 0. 0 is a perfect reading; 2 is the worst possible
(all probability on one hypothesis that proved false, when one other held).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ach.history.timeline import Entry
from ach.model import Case, Outcome, Rating
from ach.refs import find_hypothesis
from ach.scoring import Matrix

_CONSISTENT = (Rating.C, Rating.CC)
_INCONSISTENT = (Rating.I, Rating.II)


def brier(probabilities: Mapping[str, float], held: Sequence[str]) -> float:
    return sum((p - (1.0 if h in held else 0.0)) ** 2 for h, p in probabilities.items())


@dataclass(frozen=True)
class Scored:
    entry: Entry
    #: None when the question was overtaken: there is nothing to score against.
    team: float | None
    analysts: dict[str, float]
    #: Whether a hypothesis at rank 1 held.
    leader_held: bool


def score_history(entries: Sequence[Entry], outcome: Outcome) -> list[Scored]:
    scored = []
    for entry in entries:
        readings = entry.version.readings
        if outcome.overtaken:
            scored.append(Scored(entry, None, {}, False))
            continue
        scored.append(Scored(
            entry, brier(readings.team.probabilities, outcome.hypotheses),
            {a: brier(r.probabilities, outcome.hypotheses)
             for a, r in readings.analysts.items()},
            any(h in outcome.hypotheses for h in readings.team.leaders)))
    return scored


def mean_by_analyst(scored: Sequence[Scored]) -> dict[str, float]:
    """Each analyst's mean Brier over the commits at which they had rated something."""
    sums: dict[str, list[float]] = {}
    for s in scored:
        for analyst, value in s.analysts.items():
            sums.setdefault(analyst, []).append(value)
    return {a: sum(v) / len(v) for a, v in sorted(sums.items())}


@dataclass(frozen=True)
class ItemVerdict:
    evidence: str
    weight: float
    #: Hypotheses that proved false but the item was rated consistent with (C, CC),
    #: or that held but it was rated inconsistent with (I, II).
    misled: tuple[str, ...]
    #: Hypotheses the item was rated the right way against.
    right: tuple[str, ...]


def item_verdicts(matrix: Matrix, outcome: Outcome) -> list[ItemVerdict]:
    """Which items pointed the right way and which misled, in the team's matrix, heaviest
    first. Items excluded from scoring and items with no rated cell are left out."""
    held = set(outcome.hypotheses)
    found = []
    for row in matrix.rows:
        if row.excluded:
            continue
        misled, right = [], []
        for hyp, rating in zip(matrix.hypothesis_ids, row.ratings, strict=True):
            good = hyp in held
            if rating in _CONSISTENT:
                (right if good else misled).append(hyp)
            elif rating in _INCONSISTENT:
                (misled if good else right).append(hyp)
        if misled or right:
            found.append(ItemVerdict(row.evidence_id, row.weight, tuple(misled), tuple(right)))
    return sorted(found, key=lambda v: (-v.weight, v.evidence))


def check_outcome(case: Case, hypotheses: Sequence[str]) -> list[str]:
    """The ids of the hypotheses named (by ref H2, id, unique id prefix or exact title);
    RefError says which key names none, or more than one."""
    return [find_hypothesis(case, key).id for key in hypotheses]
