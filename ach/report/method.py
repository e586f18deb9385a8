"""The briefing's method sections, as plain data: where each score comes from (step 5),
how fragile the lead is (step 6) and what to watch (step 8).

Pure and deterministic like ``ach.report.context``: the ranking tables list the
hypotheses in the briefing's rank order, items in the case's order, and no clock
is read.
"""

from __future__ import annotations

from collections.abc import Sequence

from ach import figures
from ach.indicators import what_to_watch
from ach.model import Case, Indicator, IndicatorStatus, Relation, Scenario
from ach.refs import item_refs
from ach.report import wording
from ach.report.wording import User, listing, sentence
from ach.scoring import Matrix, totals
from ach.scoring import figures as figures_of
from ach.sensitivity import (
    Outcome,
    Ranking,
    WhatIf,
    apply,
    if_planted,
    ranking,
    sources_and_groups,
    without_each,
)
from ach.store import Library

#: Items named in a hypothesis's "where it comes from" line; the rest are summed.
FROM_SHOWN = 3
#: Linchpins given a row of their own (a very thin lead can have hundreds).
LINCHPINS_SHOWN = 10


def method_context(case: Case, library: Library, matrix: Matrix, hypotheses: list[dict],
                   items: dict[str, dict], pins: Sequence[str]) -> dict:
    """``sensitivity`` and ``indicators`` for the template; adds ``from`` to each hypothesis.

    ``pins`` are the matrix's linchpins in its order (the caller has scored it).
    """
    against = against_by_hypothesis(matrix)
    refs = {e: item["ref"] for e, item in items.items()}
    for h in hypotheses:
        h["from"] = score_sources(against.get(h["id"], []), h, refs)
        h["relations"] = relations(case, h["id"], hypotheses)
    return {"sensitivity": sensitivity_context(case, library, matrix, hypotheses, items, pins),
            "indicators": indicators_context(case, hypotheses, items)}


# -- step 5: where each score comes from ----------------------------------------------------

def against_by_hypothesis(matrix: Matrix) -> dict[str, list[tuple[float, str]]]:
    """For each hypothesis, (w×h, item) of the counted items against it, heaviest first.

    The same figures and order as ``ach.breakdown.breakdown``, gathered in one pass over
    the inconsistent cells only: a large case has far more consistent cells than not.
    """
    found: dict[int, list[tuple[float, float, str]]] = {}
    for row in matrix.rows:
        if row.excluded:
            continue
        fig = figures_of(row)
        for column, weighted in fig.nonzero:
            found.setdefault(column, []).append(
                (weighted, abs(fig.log_likelihood[column]), row.evidence_id))
    ids = matrix.hypothesis_ids
    return {ids[column]: [(w, e) for w, _, e in sorted(parts, key=lambda p: (-p[0], -p[1], p[2]))]
            for column, parts in found.items()}


def score_sources(against: list[tuple[float, str]], hypothesis: dict,
                  refs: dict[str, str]) -> dict:
    """The items behind one hypothesis's weighted inconsistency, heaviest first, with what
    each adds (in the score's own unit: shares would print 100 % for a lone item)."""
    shown = [{"id": e, "ref": refs.get(e, e), "weighted_text": f"{w:.2f}"}
             for w, e in against[:FROM_SHOWN]]
    rest = against[FROM_SHOWN:]
    return {"items": shown, "more": len(rest),
            "more_text": f"{sum(w for w, _ in rest):.2f}",
            "total_text": hypothesis["weighted_text"]}


def related(case: Case, hypothesis_id: str) -> list[tuple[str, str]]:
    """(words, other hypothesis id): what the hypothesis says about others, and what others
    say about it. ACH assumes exclusive hypotheses; readers should know where they are not."""
    own = case.hypothesis(hypothesis_id).relations
    found = [("subsumes" if own[h.id] is Relation.SUBSUMES else "not mutually exclusive with",
              h.id) for h in case.hypotheses if h.id in own]  # in the case's order
    for h in case.hypotheses:
        relation = h.relations.get(hypothesis_id)
        if relation is Relation.SUBSUMES:
            found.append(("subsumed by", h.id))
        elif relation is Relation.NOT_EXCLUSIVE and h.id not in own:
            found.append(("not mutually exclusive with", h.id))
    return found


def relations(case: Case, hypothesis_id: str, hypotheses: list[dict]) -> dict:
    keys = {h["id"]: h for h in hypotheses}
    pieces: list = []
    for words, other in related(case, hypothesis_id):
        h = keys[other]
        pieces.extend(["; " if pieces else "", f"{words} {h['key']} ", User(h["title"])])
    return sentence(*pieces)


# -- step 6: how fragile the lead is ---------------------------------------------------------

def sensitivity_context(case: Case, library: Library, matrix: Matrix, hypotheses: list[dict],
                        items: dict[str, dict], pins: Sequence[str]) -> dict:
    rated = any(r is not None for row in matrix.rows if not row.excluded for r in row.ratings)
    before = ranking(matrix)
    # Only the linchpins given a row are re-ranked: a thin lead can have hundreds.
    shown = without_each(matrix, pins[:LINCHPINS_SHOWN])
    counted = {row.evidence_id for row in matrix.rows if not row.excluded}
    flagged = [ref.id for ref in case.evidence if ref.id in counted
               and (item := library.items.get(ref.id)) is not None and item.deception]
    planted = [if_planted(matrix, e) for e in flagged]
    scenarios = [_scenario(case, library, matrix, sc, before, hypotheses)
                 for sc in case.scenarios]
    idle = [items[row.evidence_id] for row in matrix.rows
            if row.evidence_id in counted and any(r is not None for r in row.ratings)
            and items[row.evidence_id]["diagnosticity"] < 1e-12]
    return {
        "rated": rated,
        "verdict": _verdict([items[e]["ref"] for e in pins], hypotheses, rated),
        "as_rated": _row(before, before, hypotheses),
        "linchpins": [_outcome(o, hypotheses, items) for o in shown],
        "more_linchpins": max(0, len(pins) - LINCHPINS_SHOWN),
        "planted": [_outcome(o, hypotheses, items) for o in planted],
        "scenarios": scenarios,
        "idle": idle,
        "sets": set_outcomes(case, library, matrix, before, hypotheses),
    }


def set_outcomes(case: Case, library: Library, matrix: Matrix, before: Ranking,
                 hypotheses: list[dict]) -> list[dict]:
    """The ranking without each whole source and each dependence group: correlated items
    fail together, which single-item linchpins cannot show.

    Sets of ungrouped items are taken off the totals by subtracting their rows (a large
    case has dozens of sources); a set touching a group is rescored, since leaving a
    member out reweighs its group-mates.
    """
    counted = {row.evidence_id: row for row in matrix.rows if not row.excluded}
    _, weighted, log_l = totals(matrix)
    titles = {h["id"]: h["title"] for h in hypotheses}
    found = []
    for kind, label, ids in sources_and_groups(case, library.items):
        members = [e for e in ids if e in counted]
        if not members:
            continue
        if any(counted[e].group is not None for e in members):
            after = ranking(matrix.without(members))
        else:
            w, lo = list(weighted), list(log_l)
            for e in members:
                fig = figures_of(counted[e])
                w = [a - b for a, b in zip(w, fig.weighted, strict=True)]
                lo = [a - b for a, b in zip(lo, fig.log_likelihood, strict=True)]
            after = Ranking.from_totals(matrix.hypothesis_ids, w, lo)
        source = library.sources.get(label) if kind == "source" else None
        found.append({"kind": kind, "label": source.title if source else label,
                      "publisher": source.publisher if source else "",
                      "size": len(members),
                      "leader_titles": [titles[h] for h in after.order()
                                        if h in after.leaders],
                      **_row(after, before, hypotheses)})
    return found


def _verdict(pins: Sequence[str], hypotheses: list[dict], rated: bool) -> dict:
    if not rated or len(hypotheses) < 2:
        return sentence("Nothing to test yet: the matrix needs competing hypotheses and "
                        "ratings.")
    if not pins:
        return sentence("No single item decides it: excluding any one item leaves the same "
                        "hypothesis in the lead.")
    if len(pins) == 1:
        return sentence(f"The lead rests on one item, {pins[0]}: without it, "
                        "another hypothesis would lead or share the lead.")
    return sentence(f"The lead rests on {len(pins)} items: without any one of them, another "
                    "hypothesis would lead or share the lead.")


def _row(result: Ranking, before: Ranking, hypotheses: list[dict]) -> dict:
    """One line of a ranking table: each hypothesis's weighted score and rank, in the
    briefing's column order, and who leads."""
    at = {h: i for i, h in enumerate(result.hypothesis_ids)}
    cells = []
    for h in hypotheses:
        i = at.get(h["id"])
        if i is None:
            cells.append({"weighted_text": "", "rank": "", "leader": False})
            continue
        cells.append({"weighted_text": f"{result.weighted[i]:.2f}", "rank": result.rank[i],
                      "leader": h["id"] in result.leaders})
    leaders = [h for h in hypotheses if h["id"] in result.leaders]
    names = listing([User(h["title"]) for h in leaders])
    lead = sentence("Tied: " if len(leaders) > 1 else "", *names) if leaders else sentence()
    return {"cells": cells, "changes_leader": result.leaders != before.leaders,
            "leaders": lead, "keys": [h["key"] for h in leaders]}


def _outcome(outcome: Outcome, hypotheses: list[dict], items: dict[str, dict]) -> dict:
    return {"item": items[outcome.evidence_id], **_row(outcome.after, outcome.before, hypotheses)}


def _scenario(case: Case, library: Library, matrix: Matrix, scenario: Scenario,
              before: Ranking, hypotheses: list[dict]) -> dict:
    whatif = WhatIf.from_scenario(scenario)
    after = ranking(apply(matrix, whatif, case, library.items))
    return {"id": scenario.id, "title": scenario.title, "note": scenario.note,
            "changes": _changes(case, whatif, hypotheses),
            **_row(after, before, hypotheses)}


def _changes(case: Case, whatif: WhatIf, hypotheses: list[dict]) -> list[dict]:
    """Each change of a recorded what-if as a sentence naming items by id, hypotheses by key."""
    keys = {h["id"]: h for h in hypotheses}

    refs = item_refs(case)

    def item(e: str) -> str:
        return refs[e] if e in refs else f"{e} (no longer in the case)"

    lines = [sentence(f"Set {item(e)} aside") for e in sorted(whatif.excluded)]
    lines += [sentence(f"Count {item(e)} again") for e in sorted(whatif.restored)]
    for (e, h), rating in sorted(whatif.cells.items()):
        hyp = keys.get(h)
        code = rating.value if rating else "unrated"
        if hyp is None:
            lines.append(sentence(f"Rate {item(e)} {code} against {h} (no longer in the case)"))
        else:
            lines.append(sentence(f"Rate {item(e)} {code} against {hyp['key']} ",
                                  User(hyp["title"])))
    lines += [sentence(f"Take the credibility of {item(e)} as {level.label}")
              for e, level in sorted(whatif.credibility.items())]
    lines += [sentence(f"Reverse the ratings of {item(e)}: what if it was planted?")
              for e in sorted(whatif.reversed)]
    return lines


# -- step 8: what to watch -----------------------------------------------------------------

_STATUS_CSS = {s: "st-" + s.value.replace(" ", "-") for s in IndicatorStatus}


def indicators_context(case: Case, hypotheses: list[dict], items: dict[str, dict]) -> dict:
    watches = {w.hypothesis_id: w for w in what_to_watch(case)}
    groups = []
    for h in hypotheses:
        watch = watches.get(h["id"])
        shown = [_indicator(i, items) for i in (watch.indicators if watch else ())]
        groups.append({"key": h["key"], "id": h["id"], "title": h["title"],
                       "indicators": shown})
    every = [i for g in groups for i in g["indicators"]]
    return {"groups": groups, "total": len(every), "summary": _watch_summary(every)}


def _indicator(indicator: Indicator, items: dict[str, dict]) -> dict:
    changes = [_change(c, items) for c in indicator.history]
    last = changes[-1] if changes else None
    return {"id": indicator.id, "text": indicator.text, "status": indicator.status.value,
            "css": _STATUS_CSS[indicator.status], "last": last, "earlier": changes[:-1]}


def _change(change, items: dict[str, dict]) -> dict:
    evidence = items.get(change.evidence_id) if change.evidence_id else None
    return {"status": change.status.value, "css": _STATUS_CSS[change.status],
            "date": change.date.isoformat(), "date_text": wording.long_date(change.date),
            "evidence": evidence,
            "missing": change.evidence_id if change.evidence_id and evidence is None else "",
            "note": change.note}


def _watch_summary(every: list[dict]) -> dict:
    if not every:
        return sentence("No indicators yet: signposts that would show events taking one "
                        "course or another have not been set.")
    counts = {s.value: sum(1 for i in every if i["status"] == s.value) for s in IndicatorStatus}
    moved = [f"{counts[s]} {s}" for s in ("seen", "emerging", "disconfirmed") if counts[s]]
    total = figures.plural(len(every), "indicator")
    if not moved:
        return sentence(f"{total}, none seen yet.")
    return sentence(f"{total}: ", *listing(moved), f", {counts['not seen']} not seen yet.")
