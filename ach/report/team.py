"""The team section of a briefing: who rated, how each analyst's scores compare with the
consensus, and the cells the analysts disagree on most (ACH-METHOD.md "Several analysts")."""

from __future__ import annotations

from collections.abc import Sequence

from ach import figures
from ach.model import Case
from ach.report import wording
from ach.scoring import Disagreement, Scores, cell_ratings, consensus_ratings, score_case, spread
from ach.store import Library

#: How many of the most disputed cells the briefing lists.
DISPUTED_CELLS = 10


def team_context(case: Case, library: Library, hypotheses: Sequence[dict],
                 items: dict[str, dict]) -> dict | None:
    """The team section, or None when fewer than two analysts rated the case."""
    names = case.analysts
    if len(names) < 2:
        return None
    own = {name: score_case(case, library.items, name) for name in names}
    agreed = score_case(case, library.items, None)
    disputed = _disputed(case, hypotheses, items)
    return {
        "analysts": [_participation(case, name, hypotheses) for name in names],
        "scores": [_score_row(h, agreed, own) for h in hypotheses],
        "leaders": _leaders_sentence(case, own),
        "disputed": disputed[:DISPUTED_CELLS],
        "disputed_total": len(disputed),
        "agreement": _agreement_sentence(disputed, _shared_cells(case, hypotheses)),
    }


def _participation(case: Case, name: str, hypotheses: Sequence[dict]) -> dict:
    rows = case.ratings.get(name, {})
    rated = sum(1 for ref in case.evidence for h in hypotheses
                if h["id"] in rows.get(ref.id, {}))
    return {"name": name, "cells": rated, "cells_text": figures.plural(rated, "cell")}


def _figures(scores: Scores, hypothesis_id: str) -> dict:
    s = scores.hypothesis(hypothesis_id)
    return {"rank": s.rank, "leader": hypothesis_id in scores.leaders,
            "weighted_text": f"{s.weighted_inconsistency:.2f}",
            "probability_text": figures.percent(s.probability)}


def _score_row(hyp: dict, agreed: Scores, own: dict[str, Scores]) -> dict:
    return {"key": hyp["key"], "title": hyp["title"], "consensus": _figures(agreed, hyp["id"]),
            "analysts": [{"name": name, **_figures(scores, hyp["id"])}
                         for name, scores in own.items()]}


def _leaders_sentence(case: Case, own: dict[str, Scores]) -> dict:
    if not case.hypotheses:
        return wording.sentence()
    titles = {h.id: h.title for h in case.hypotheses}
    firsts = {name: [titles[h.id] for h in case.hypotheses if h.id in scores.leaders]
              for name, scores in own.items()}
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


def _shared_cells(case: Case, hypotheses: Sequence[dict]) -> int:
    return sum(1 for ref in case.evidence if not ref.excluded for h in hypotheses
               if len(cell_ratings(case, ref.id, h["id"])) > 1)


def _disputed(case: Case, hypotheses: Sequence[dict], items: dict[str, dict]) -> list[dict]:
    """Counted cells rated by two or more analysts whose ratings differ beyond 'none'."""
    consensus = consensus_ratings(case)
    found = []
    for position, ref in enumerate(case.evidence):
        if ref.excluded:
            continue
        for column, hyp in enumerate(hypotheses):
            given = cell_ratings(case, ref.id, hyp["id"])
            if len(given) < 2:
                continue
            size = spread(list(given.values()))
            band = Disagreement.of(size)
            if band is Disagreement.NONE:
                continue
            agreed = consensus.get(ref.id, {}).get(hyp["id"])
            found.append({
                "item": {"id": ref.id, "summary": items[ref.id]["summary"]},
                "hypothesis": {"key": hyp["key"], "title": hyp["title"]},
                "spread": size, "spread_text": f"{size:.2f}", "band": band.value,
                "consensus": agreed.value if agreed else "",
                "consensus_css": "r-" + (agreed.value.lower() if agreed else "none"),
                "ratings": [{"analyst": name, "code": rating.value,
                             "css": "r-" + rating.value.lower(), "label": rating.label,
                             "reason": case.cell(name, ref.id, hyp["id"]).reason}
                            for name, rating in sorted(given.items())],
                "_order": (-round(size, 9), position, column),
            })
    found.sort(key=lambda d: d["_order"])
    for d in found:
        del d["_order"]
    return found


def _agreement_sentence(disputed: list[dict], shared: int) -> dict:
    if not shared:
        return wording.sentence("No cell has been rated by more than one analyst yet, so "
                                "there is nothing to compare.")
    if not disputed:
        return wording.sentence(f"The analysts agree on all {figures.plural(shared, 'cell')} "
                                "that more than one of them rated.")
    bands = [b.value for b in (Disagreement.EXTREME, Disagreement.LARGE, Disagreement.MILD)]
    counts = [f"{n} {b}" for b in bands
              if (n := sum(1 for d in disputed if d["band"] == b))]
    return wording.sentence(f"The analysts disagree on {len(disputed)} of the "
                            f"{figures.plural(shared, 'cell')} that more than one of them "
                            f"rated ({', '.join(counts)}).")
