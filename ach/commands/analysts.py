"""``ach analysts``: who rated a case, and where the analysts disagree."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass

from ach.commands.common import Context
from ach.figures import plural
from ach.model import Case, Rating
from ach.refs import hypothesis_named, item_refs
from ach.scoring import Disagreement, consensus, spread


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("analysts", parents=[common],
                       help="who rated a case, and where the analysts disagree")
    p.add_argument("case")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(run=analysts)


@dataclass(frozen=True)
class DisputedCell:
    evidence: str
    hypothesis: str
    ratings: dict[str, Rating]

    @property
    def spread(self) -> float:
        return spread(list(self.ratings.values()))

    @property
    def band(self) -> Disagreement:
        return Disagreement.between(list(self.ratings.values()))

    @property
    def consensus(self) -> Rating | None:
        return consensus(list(self.ratings.values()))


def shared_cells(case: Case) -> list[DisputedCell]:
    """Every cell of the matrix rated by two or more analysts, in matrix order."""
    cells = []
    hyp_ids = [h.id for h in case.hypotheses]
    for ref in case.evidence:
        rows = {a: rows[ref.id] for a, rows in sorted(case.ratings.items()) if ref.id in rows}
        for hyp in hyp_ids:
            given = {a: row[hyp].rating for a, row in rows.items() if hyp in row}
            if len(given) > 1:
                cells.append(DisputedCell(ref.id, hyp, given))
    return cells


def team_summary(case: Case) -> dict:
    in_matrix = {h.id for h in case.hypotheses}, {e.id for e in case.evidence}
    counts = {a: sum(1 for e, row in rows.items() if e in in_matrix[1]
                     for h in row if h in in_matrix[0])
              for a, rows in sorted(case.ratings.items())}
    cells = shared_cells(case)
    bands = Counter(cell.band for cell in cells)
    disputed = sorted((c for c in cells if c.band is not Disagreement.NONE),
                      key=lambda c: -c.spread)
    return {
        "case": case.id,
        "analysts": [{"name": a, "cells": n} for a, n in counts.items() if n],
        "compared": len(cells),
        "disagreement": {band.value: bands.get(band, 0) for band in Disagreement},
        "disputed": [{"evidence": c.evidence, "hypothesis": c.hypothesis,
                      "spread": round(c.spread, 4), "band": c.band.value,
                      "consensus": c.consensus.value if c.consensus else None,
                      "ratings": {a: r.value for a, r in c.ratings.items()}}
                     for c in disputed],
    }


def analysts(ctx: Context, args: argparse.Namespace) -> int:
    case = ctx.require_workspace().load_case(args.case)
    summary = team_summary(case)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    people = summary["analysts"]
    print(f"{case.id}: {plural(len(people), 'analyst')} rated this case")
    if not people:
        print("nobody has rated a cell yet: ach rate CASE EVIDENCE HYPOTHESIS RATING")
        return 0
    width = max(len(p["name"]) for p in people)
    for person in people:
        print(f"  {person['name']:<{width}}  {plural(person['cells'], 'cell')} rated")
    bands = ", ".join(f"{band} {count}" for band, count in summary["disagreement"].items())
    print(f"cells rated by two or more: {summary['compared']}; disagreement: {bands}")
    aside = sum(ref.excluded for ref in case.evidence)
    if aside:
        # The briefing weighs only the items that count; say why its figures may be smaller.
        print(f"these counts include the {plural(aside, 'item')} set aside from scoring; "
              "the briefing leaves them out")
    e_ref = item_refs(case)
    if summary["disputed"]:
        print("most disputed:")
    for cell in summary["disputed"][:10]:
        said = ", ".join(f"{a} {r}" for a, r in cell["ratings"].items())
        print(f"  {e_ref[cell['evidence']]} × {hypothesis_named(case, cell['hypothesis'])}: "
              f"{cell['band']} ({cell['spread']:.2f}) — {said}; consensus {cell['consensus']}")
    return 0
