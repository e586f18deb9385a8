"""The team section of a briefing: who rated, how each analyst's scores compare with the
consensus, and the cells the analysts disagree on most (ACH-METHOD.md "Several analysts")."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import chain

from ach import figures
from ach.model import Case, Rating
from ach.report import wording
from ach.scoring import (
    Disagreement,
    Matrix,
    Scores,
    consensus,
    consensus_matrix,
    matrix_for,
    score,
    spread,
)
from ach.sensitivity import Ranking, ranking
from ach.store import Library

#: How many of the most disputed cells the briefing lists.
DISPUTED_CELLS = 10


class Panel:
    """The analysts' own matrices side by side, built once for the whole briefing.

    The consensus matrix is read off them rather than rebuilt from the case: a cell's
    consensus depends only on its combination of ratings, and a large case has tens of
    thousands of cells but a few hundred combinations.
    """

    def __init__(self, names: list[str], matrices: list[Matrix]) -> None:
        self.names = names
        self.matrices = matrices
        #: For each row of the case, each cell's ratings by analyst (matrix column order).
        self.cells = [list(zip(*(r.ratings for r in rows), strict=True))
                      for rows in zip(*(m.rows for m in matrices), strict=True)]

    @classmethod
    def of(cls, case: Case, library: Library, built: Mapping[str, Matrix] | None = None,
           ) -> Panel:
        names = case.analysts
        built = built or {}
        return cls(names, [built.get(name) or matrix_for(case, library.items, name)
                           for name in names])

    def matrix(self, name: str) -> Matrix:
        return self.matrices[self.names.index(name)]

    def consensus(self) -> Matrix:
        """The team's consensus matrix: ``matrix_for(case, items, None)``."""
        return consensus_matrix(self.matrices)


def team_context(case: Case, library: Library, hypotheses: Sequence[dict],
                 items: dict[str, dict], agreed: Scores | None = None,
                 panel: Panel | None = None) -> dict | None:
    """The team section, or None when fewer than two analysts rated the case.

    ``agreed`` is the consensus scoring and ``panel`` the analysts' matrices, when the
    caller already has them (a matrix of a large case costs as much as a whole section).
    """
    if len(case.analysts) < 2:
        return None
    panel = panel or Panel.of(case, library)
    names, matrices = panel.names, panel.matrices
    # Each analyst's ranking only: the table shows no linchpins or diagnosticities.
    own = {name: ranking(m) for name, m in zip(names, matrices, strict=True)}
    agreed = agreed or score(panel.consensus())
    shared, disputed, bands = _disputed(case, panel, hypotheses, items)
    return {
        "analysts": _participation(names, matrices),
        "scores": [_score_row(h, agreed, own) for h in hypotheses],
        "leaders": _leaders_sentence(case, own),
        "disputed": disputed,
        "disputed_total": sum(bands.values()),
        "agreement": _agreement_sentence(bands, shared),
    }


def _participation(names: list[str], matrices: list[Matrix]) -> list[dict]:
    """How many cells of the case each analyst rated, counted in their own matrices
    (which hold every item and hypothesis of the case, and only those)."""
    result = []
    for name, matrix in zip(names, matrices, strict=True):
        rated = sum(len(row.ratings) - row.ratings.count(None) for row in matrix.rows)
        result.append({"name": name, "cells": rated, "cells_text": figures.plural(rated, "cell")})
    return result


def _figures(scores: Scores, hypothesis_id: str) -> dict:
    s = scores.hypothesis(hypothesis_id)
    return {"rank": s.rank, "leader": hypothesis_id in scores.leaders,
            "weighted_text": f"{s.weighted_inconsistency:.2f}",
            "probability_text": figures.percent(s.probability)}


def _ranked_figures(standing: Ranking, hypothesis_id: str) -> dict:
    """``_figures`` from a ranking (the same totals, ranks and leaders as a scoring)."""
    i = standing.hypothesis_ids.index(hypothesis_id)
    return {"rank": standing.rank[i], "leader": hypothesis_id in standing.leaders,
            "weighted_text": f"{standing.weighted[i]:.2f}",
            "probability_text": figures.percent(standing.probability[i])}


def _score_row(hyp: dict, agreed: Scores, own: dict[str, Ranking]) -> dict:
    return {"key": hyp["key"], "title": hyp["title"], "consensus": _figures(agreed, hyp["id"]),
            "analysts": [{"name": name, **_ranked_figures(standing, hyp["id"])}
                         for name, standing in own.items()]}


def _titles(case: Case, hypothesis_ids: frozenset[str]) -> list[str]:
    """The titles of these hypotheses, in the case's order."""
    return [h.title for h in case.hypotheses if h.id in hypothesis_ids]


def _leaders_sentence(case: Case, own: dict[str, Ranking]) -> dict:
    if not case.hypotheses:
        return wording.sentence()
    firsts = {name: _titles(case, standing.leaders) for name, standing in own.items()}
    distinct = {tuple(v) for v in firsts.values()}
    if len(distinct) == 1:
        (leaders,) = distinct
        return wording.sentence("Each analyst's own ratings put ",
                                *wording.listing([wording.User(t) for t in leaders]),
                                " first.")
    pieces: list[str] = []
    for i, (name, leaders) in enumerate(firsts.items()):
        pieces += ["; " if i else "", wording.User(name), " puts ",
                   *wording.listing([wording.User(t) for t in leaders]), " first"]
    return wording.sentence("The analysts' own ratings lead to different conclusions: ",
                            *pieces, ".")


@lru_cache(maxsize=4096)
def _disagreement(ratings: tuple[Rating | None, ...]) -> tuple[int, float, Disagreement]:
    """How many analysts rated a cell, their spread and its band."""
    given = [r for r in ratings if r is not None]
    if len(given) < 2:
        return len(given), 0.0, Disagreement.NONE
    size = spread(given)
    return len(given), size, Disagreement.between(given)


def _disputed(case: Case, panel: Panel, hypotheses: Sequence[dict],
              items: dict[str, dict]) -> tuple[int, list[dict], dict[str, int]]:
    """How many counted cells several analysts rated, the widest disputes among them,
    and how many disputes fall in each band. Reads the analysts' own matrices side by side.

    A large case has tens of thousands of cells but only a few hundred distinct
    combinations of ratings: the combinations are tallied and judged once each, and
    only the rows holding one of the widest are searched cell by cell.
    """
    column = {h["id"]: j for j, h in enumerate(hypotheses)}
    shown_at = [column[h] for h in panel.matrices[0].hypothesis_ids]
    counted = [(i, cells) for i, (row, cells)
               in enumerate(zip(panel.matrices[0].rows, panel.cells, strict=True))
               if not row.excluded]
    tally = Counter(chain.from_iterable(cells for _, cells in counted))
    # Keyed by the bands themselves (StrEnum: equal to their names), in the order stated.
    bands = {b: 0 for b in (Disagreement.EXTREME, Disagreement.LARGE, Disagreement.MILD)}
    shared, sizes = 0, {}
    for ratings, n in tally.items():
        count, size, band = _disagreement(ratings)
        shared += n if count > 1 else 0
        if band is not Disagreement.NONE:
            bands[band] += n
            sizes[ratings] = size
    wide = _widest_combinations(sizes, tally)
    candidates = []
    for i, cells in counted:
        if wide.isdisjoint(cells):
            continue
        for at, ratings in zip(shown_at, cells, strict=True):
            if ratings in wide:
                size = sizes[ratings]
                candidates.append((-round(size, 9), i, at, size, _disagreement(ratings)[2],
                                   ratings))
    widest = heapq.nsmallest(DISPUTED_CELLS, candidates, key=lambda c: c[:3])
    return shared, [_dispute(case, hypotheses, items, i, at, size, band,
                             {n: r for n, r in zip(panel.names, ratings, strict=True) if r})
                    for _, i, at, size, band, ratings in widest], bands


def _widest_combinations(sizes: dict[tuple, float], tally: Counter) -> set[tuple]:
    """The disputed combinations at least as wide as the ``DISPUTED_CELLS``-th widest
    disputed cell: every cell the briefing lists holds one of them."""
    by_width = sorted(sizes, key=lambda r: -round(sizes[r], 9))
    seen = 0
    for ratings in by_width:
        seen += tally[ratings]
        if seen >= DISPUTED_CELLS:
            floor = round(sizes[ratings], 9)
            return {r for r in by_width if round(sizes[r], 9) >= floor}
    return set(by_width)


def _dispute(case: Case, hypotheses: Sequence[dict], items: dict[str, dict], row: int,
             column: int, size: float, band: Disagreement, given: dict[str, Rating]) -> dict:
    """One disputed cell: each analyst's rating and reason, and the team's consensus."""
    evidence_id, hyp = case.evidence[row].id, hypotheses[column]
    agreed = consensus(list(given.values()))
    return {
        "item": {"id": evidence_id, "ref": items[evidence_id]["ref"],
                 "summary": items[evidence_id]["summary"]},
        "hypothesis": {"key": hyp["key"], "title": hyp["title"]},
        "spread": size, "spread_text": f"{size:.2f}", "band": band.value,
        "consensus": agreed.value if agreed else "",
        "consensus_css": "r-" + (agreed.value.lower() if agreed else "none"),
        "ratings": [{"analyst": name, "code": rating.value, "css": "r-" + rating.value.lower(),
                     "label": rating.label,
                     "reason": case.cell(name, evidence_id, hyp["id"]).reason}
                    for name, rating in given.items()],
    }


def _agreement_sentence(bands: dict[str, int], shared: int) -> dict:
    if not shared:
        return wording.sentence("No cell has been rated by more than one analyst yet, so "
                                "there is nothing to compare.")
    disputed = sum(bands.values())
    if not disputed:
        return wording.sentence(f"The analysts agree on all {figures.plural(shared, 'cell')} "
                                "that more than one of them rated.")
    counts = [f"{n} {band}" for band, n in bands.items() if n]
    return wording.sentence(f"The analysts disagree on {disputed} of the "
                            f"{figures.plural(shared, 'cell')} that more than one of them "
                            f"rated ({', '.join(counts)}).")
