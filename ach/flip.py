"""The flip margin: the fewest one-step rating changes that would change the conclusion.

ACH-METHOD.md "Flip margin". A step moves one cell one place along CC – C – N – I – II
(NA and unrated cells count as N). Against a rival R with gap g = WI(R) − WI(L), only
the leader's and the rival's cells matter, and each step's effect is one weight:

- a cell of L's at N goes N→I (+w) then I→II (+w): two units of one step each; at I,
  one unit; at C it takes two steps to reach I (+w) and a third for II (+w); at CC,
  three steps and a fourth;
- a cell of R's at II goes II→I (−w) then I→N (−w): two units; at I, one unit.

The fewest steps whose effects reach g is a small knapsack. Every one-step unit costs
the same, so for any number x of L's C cells and y of L's CC cells brought into play
(the heaviest ones: a lighter one never does better), the rest is the heaviest one-step
units, taken in order. Trying each (x, y) that could still beat the best found is exact.

The counts are all it needs: per hypothesis, how many counted cells of each rating
class have each weight. The scoreboard keeps these up to date one row at a time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ach.model import Rating

#: Scores closer than this are equal (as in ach.scoring; kept here to avoid a cycle).
TIE = 1e-9

#: Rating classes: CC, C, N (N, NA and unrated), I, II.
CC, C, N, I, II = range(5)  # noqa: E741 - Heuer's own codes
CLASS_OF: dict[Rating | None, int] = {Rating.CC: CC, Rating.C: C, Rating.N: N, Rating.NA: N,
                                      None: N, Rating.I: I, Rating.II: II}
_SCALE = (Rating.CC, Rating.C, Rating.N, Rating.I, Rating.II)

#: (class, weight) → how many counted cells of one hypothesis's column.
ColumnCounts = Counter

# Sources of one-step units, in the order equal weights are taken (any order is optimal).
_L_N, _L_I, _R_II, _R_I, _B_EXTRA, _C_EXTRA = range(6)


@dataclass(frozen=True, slots=True)
class CellStep:
    """One cell moved along the scale to flip the conclusion."""

    evidence_id: str
    hypothesis_id: str
    before: Rating | None
    after: Rating
    steps: int


@dataclass(frozen=True, slots=True)
class FlipMargin:
    steps: int
    #: The hypothesis that would reach rank 1 (0 steps: another one already there).
    rival: str
    leader: str
    cells: tuple[CellStep, ...] = ()


@dataclass(frozen=True, slots=True)
class _Plan:
    steps: int
    #: source → weight → units (for _B/_C entries: cells entered).
    units: dict[int, dict[float, int]]
    entered_b: dict[float, int]
    entered_c: dict[float, int]


def column_counts(column: Iterable[Rating | None], weights: Iterable[float]) -> ColumnCounts:
    """How many cells of each (class, weight) a column has (pass counted rows only)."""
    return Counter(zip(map(CLASS_OF.__getitem__, column), weights, strict=True))


def _runs(counts: ColumnCounts, cls: int, per_cell: int) -> list[tuple[float, int]]:
    return sorted(((w, n * per_cell) for (c, w), n in counts.items() if c == cls and n > 0),
                  reverse=True)


def _top(runs: list[tuple[float, int]], limit: int) -> list[float]:
    """The heaviest ``limit`` cells of runs sorted heaviest first."""
    out: list[float] = []
    for w, n in runs:
        take = min(n, limit - len(out))
        out += [w] * take
        if len(out) >= limit:
            break
    return out


def _units_needed(runs: list[tuple[float, int, int]], need: float,
                  ) -> tuple[int, list[tuple[float, int, int]]] | None:
    """The fewest one-step units (heaviest first) adding up to ``need``, and which."""
    taken: list[tuple[float, int, int]] = []
    count = 0
    for w, n, source in runs:
        if need <= 0:
            break
        m = min(n, max(1, math.ceil(need / w)))
        while m > 1 and (m - 1) * w >= need:
            m -= 1
        while m < n and m * w < need:
            m += 1
        taken.append((w, m, source))
        count += m
        need -= m * w
    return (count, taken) if need <= 0 else None


def _plan(lead: ColumnCounts, rival: ColumnCounts, need: float, bound: int) -> _Plan | None:
    """The cheapest plan reaching ``need`` in fewer than ``bound`` steps, if any."""
    ones = [(w, n, _L_N) for w, n in _runs(lead, N, 2)]
    ones += [(w, n, _L_I) for w, n in _runs(lead, I, 1)]
    ones += [(w, n, _R_II) for w, n in _runs(rival, II, 2)]
    ones += [(w, n, _R_I) for w, n in _runs(rival, I, 1)]
    b_runs, c_runs = _runs(lead, C, 1), _runs(lead, CC, 1)
    # Only x with 2x < bound (and y with 3y < bound) can win: fetch no more cells.
    if bound < math.inf:
        b_top, c_top = _top(b_runs, int(bound) // 2 + 1), _top(c_runs, int(bound) // 3 + 1)
    else:
        b_top, c_top = _top(b_runs, sum(n for _, n in b_runs)), _top(c_runs, sum(
            n for _, n in c_runs))
    heaviest = max([w for w, _, _ in ones] + b_top[:1] + c_top[:1], default=0.0)
    if heaviest <= 0:
        return None
    best: tuple[int, int, int, list] | None = None
    best_steps = bound
    b_sum = 0.0
    for x in range(len(b_top) + 1):
        if x:
            b_sum += b_top[x - 1]
        if 2 * x >= best_steps:
            break
        c_sum = 0.0
        for y in range(len(c_top) + 1):
            if y:
                c_sum += c_top[y - 1]
            cost = 2 * x + 3 * y
            rest = need - b_sum - c_sum
            if cost >= best_steps or cost + max(0, math.ceil(rest / heaviest - 1e-9)) >= best_steps:
                if cost >= best_steps:
                    break
                continue
            if rest <= 0:
                best, best_steps = (x, y, cost, []), cost
                break
            pool = ones + [(w, 1, _B_EXTRA) for w in b_top[:x]] \
                + [(w, 1, _C_EXTRA) for w in c_top[:y]]
            pool.sort(key=lambda run: (-run[0], run[2]))
            found = _units_needed(pool, rest)
            if found is not None and cost + found[0] < best_steps:
                best, best_steps = (x, y, cost + found[0], found[1]), cost + found[0]
    if best is None:
        return None
    x, y, steps, taken = best
    units: dict[int, dict[float, int]] = {}
    for w, m, source in taken:
        per = units.setdefault(source, {})
        per[w] = per.get(w, 0) + m
    return _Plan(steps, units, dict(Counter(b_top[:x])), dict(Counter(c_top[:y])))


def search(hypothesis_ids: Sequence[str], weighted: Sequence[float],
           counts: Sequence[ColumnCounts]) -> tuple[int, int, int, _Plan | None] | None:
    """(steps, leader column, rival column, plan) or None with fewer than two hypotheses.

    Rivals are tried nearest first; one whose gap cannot be closed in as few steps as
    the best found (each step moves a total by at most the heaviest weight) is skipped.
    """
    n = len(hypothesis_ids)
    if n < 2:
        return None
    best_total = min(weighted)
    leaders = [i for i, t in enumerate(weighted) if t <= best_total + TIE]
    if len(leaders) > 1:
        return 0, leaders[0], leaders[1], None
    lead = leaders[0]
    heaviest = max((w for c in counts for (_, w), k in c.items() if k > 0), default=0.0)
    rivals = sorted((i for i in range(n) if i != lead), key=lambda i: (weighted[i], i))
    best: tuple[int, int, int, _Plan | None] | None = None
    for r in rivals:
        need = weighted[r] - weighted[lead] - TIE
        # Equal margins go to the rival first in matrix order, so that totals differing
        # only by rounding (a live scoreboard's) name the same rival.
        bound = best[0] + 1 if best is not None else math.inf
        if heaviest <= 0 or math.ceil(need / heaviest - 1e-9) >= bound:
            continue
        plan = _plan(counts[lead], counts[r], need, bound)
        if plan is not None and (best is None or plan.steps < best[0]
                                 or (plan.steps == best[0] and r < best[2])):
            best = (plan.steps, lead, r, plan)
    return best


def realise(plan: _Plan, evidence_ids: Sequence[str], weights: Sequence[float],
            lead_column: Sequence[Rating | None], rival_column: Sequence[Rating | None],
            lead_id: str, rival_id: str) -> tuple[CellStep, ...]:
    """The cells a plan moves, found in matrix order (pass counted rows only)."""
    want = {s: dict(per) for s, per in plan.units.items()}
    b_left, c_left = dict(plan.entered_b), dict(plan.entered_c)
    cells: list[CellStep] = []

    def take(source: int, w: float, most: int) -> int:
        have = want.get(source, {}).get(w, 0)
        got = min(have, most)
        if got:
            want[source][w] = have - got
        return got

    for e, w, before in zip(evidence_ids, weights, lead_column, strict=True):
        cls = CLASS_OF[before]
        steps = 0
        if cls in (N, I):
            steps = take(_L_N if cls == N else _L_I, w, 2 if cls == N else 1)
        elif cls == C and b_left.get(w, 0) > 0:
            b_left[w] -= 1
            steps = 2 + take(_B_EXTRA, w, 1)
        elif cls == CC and c_left.get(w, 0) > 0:
            c_left[w] -= 1
            steps = 3 + take(_C_EXTRA, w, 1)
        if steps:
            cells.append(CellStep(e, lead_id, before, _SCALE[cls + steps], steps))
    for e, w, before in zip(evidence_ids, weights, rival_column, strict=True):
        cls = CLASS_OF[before]
        steps = take(_R_II if cls == II else _R_I, w, 2 if cls == II else 1) \
            if cls in (I, II) else 0
        if steps:
            cells.append(CellStep(e, rival_id, before, _SCALE[cls - steps], steps))
    return tuple(cells)


class _Row(Protocol):
    evidence_id: str
    ratings: tuple[Rating | None, ...]
    excluded: bool

    @property
    def counted_weight(self) -> float: ...


def counts_of(rows: Sequence[_Row], width: int) -> list[ColumnCounts]:
    """Every column's counts, from the counted rows."""
    counted = [row for row in rows if not row.excluded]
    if not counted:
        return [Counter() for _ in range(width)]
    weights = [row.counted_weight for row in counted]
    return [column_counts(column, weights)
            for column in zip(*(row.ratings for row in counted), strict=True)]


def flip_margin(hypothesis_ids: Sequence[str], rows: Sequence[_Row],
                weighted: Sequence[float], counts: Sequence[ColumnCounts] | None = None,
                ) -> FlipMargin | None:
    """The flip margin of a matrix whose weighted inconsistencies are ``weighted``;
    None with fewer than two hypotheses."""
    if counts is None:
        counts = counts_of(rows, len(hypothesis_ids))
    found = search(hypothesis_ids, weighted, counts)
    if found is None:
        return None
    steps, lead, rival, plan = found
    cells: tuple[CellStep, ...] = ()
    if plan is not None:
        counted = [row for row in rows if not row.excluded]
        cells = realise(plan, [r.evidence_id for r in counted],
                        [r.counted_weight for r in counted],
                        [r.ratings[lead] for r in counted], [r.ratings[rival] for r in counted],
                        hypothesis_ids[lead], hypothesis_ids[rival])
    return FlipMargin(steps, hypothesis_ids[rival], hypothesis_ids[lead], cells)
