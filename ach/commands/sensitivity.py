"""``ach sensitivity``: the linchpins, the ranking without each item, source and
dependence group, the planted-item checks and the flip margin."""

from __future__ import annotations

import argparse
import json

from ach.breakdown import undiagnostic
from ach.commands.common import Context, view_analyst, view_label
from ach.commands.score_text import flip_sentence
from ach.refs import hypothesis_named, item_named, item_refs
from ach.scoring import matrix_for, score
from ach.sensitivity import (
    Outcome,
    SetOutcome,
    if_planted,
    sources_and_groups,
    without_each,
    without_sets,
)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sensitivity", parents=[common],
                       help="linchpins, the ranking without each, and planted-item checks")
    p.add_argument("case")
    p.add_argument("--team", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=sensitivity)


def _outcome_line(outcome: Outcome | SetOutcome, titles: dict[str, str]) -> str:
    after = outcome.after
    lead = " & ".join(titles[h] for h in after.order() if h in after.leaders)
    verdict = "leader changes" if outcome.changes_leader else "leader holds"
    return f"{verdict}: {lead}"


def sensitivity(ctx: Context, args: argparse.Namespace) -> int:
    case, library = ctx.open(args.case)
    analyst = view_analyst(case, args, ctx)
    matrix = matrix_for(case, library.items, analyst)
    titles = {h.id: hypothesis_named(case, h.id) for h in case.hypotheses}
    e_ref = item_refs(case)
    pins = without_each(matrix)
    flagged = [e.id for e in (library.items.get(r.id) for r in case.evidence)
               if e is not None and e.deception]
    planted = [if_planted(matrix, e) for e in flagged]
    scores = score(matrix)
    idle = undiagnostic(scores)
    sets = without_sets(matrix, sources_and_groups(case, library.items))
    flip = scores.flip_margin
    if args.json:
        def ranking(o: Outcome) -> list[dict]:
            a = o.after
            return [{"id": h, "rank": a.rank[i], "weighted_inconsistency": a.weighted[i],
                     "probability": a.probability[i]} for i, h in enumerate(a.hypothesis_ids)]
        print(json.dumps({
            "case": case.id,
            "linchpins": [{"evidence": o.evidence_id, "changes_leader": o.changes_leader,
                           "ranking_without": ranking(o)} for o in pins],
            "planted": [{"evidence": o.evidence_id, "changes_leader": o.changes_leader,
                         "ranking_reversed": ranking(o)} for o in planted],
            "undiagnostic": idle,
            "flip_margin": None if flip is None else {
                "steps": flip.steps, "rival": flip.rival,
                "cells": [{"evidence": c.evidence_id, "hypothesis": c.hypothesis_id,
                           "from": c.before.value if c.before else None,
                           "to": c.after.value} for c in flip.cells]},
            "without_sets": [{"kind": o.kind, "label": o.label,
                              "evidence": list(o.evidence_ids),
                              "changes_leader": o.changes_leader,
                              "ranking_without": ranking(o)} for o in sets]},
            ensure_ascii=False, indent=2))
        return 0
    print(f"{case.id}: {case.question}  (ratings: {view_label(case, analyst)})\n")
    print("linchpins — the ranking without each:" if pins else
          "no linchpins: no single item's exclusion changes the leader")
    for o in pins:
        print(f"  without {item_named(case, library.items, o.evidence_id)}: "
              f"{_outcome_line(o, titles)}")
    for o in planted:
        print(f"  if {item_named(case, library.items, o.evidence_id)} was planted (ratings "
              f"reversed): {_outcome_line(o, titles)}")
    print(f"\n{flip_sentence(flip, case)}")
    if sets:
        print("\nwithout each whole source or dependence group (correlated items fail "
              "together):")
    for o in sets:
        print(f"  without {o.kind} {o.label} ({len(o.evidence_ids)} items): "
              f"{_outcome_line(o, titles)}")
    if idle:
        print("\nzero diagnosticity (candidates to set aside): "
              + ", ".join(e_ref.get(e, e) for e in idle))
    return 0
