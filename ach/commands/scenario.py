"""``ach scenario add|list``: what-ifs recorded for the briefing, and how each would
rank the hypotheses."""

from __future__ import annotations

import argparse

from ach.commands.common import (
    Context,
    UserError,
    case_evidence,
    hypothesis,
    view_analyst,
)
from ach.figures import percent
from ach.model import Level, Rating, fresh_id
from ach.refs import hypothesis_named, hypothesis_refs, item_refs
from ach.scoring import matrix_for, score
from ach.sensitivity import WhatIf, apply


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("scenario", parents=[common], help="record or list what-if scenarios")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = ssub.add_parser("add", parents=[common], help="record a what-if for the briefing")
    q.add_argument("case")
    q.add_argument("title")
    q.add_argument("--exclude", action="append", default=[], metavar="EVIDENCE")
    q.add_argument("--set", action="append", default=[], metavar="EVIDENCE:HYPOTHESIS=RATING")
    q.add_argument("--credibility", action="append", default=[], metavar="EVIDENCE=H|M|L")
    q.add_argument("--reverse", action="append", default=[], metavar="EVIDENCE")
    q.add_argument("--note", default="")
    q.set_defaults(run=add_scenario)
    q = ssub.add_parser("list", parents=[common], help="recorded what-ifs and their outcomes")
    q.add_argument("case")
    q.add_argument("--team", action="store_true")
    q.set_defaults(run=list_scenarios)


def _parse_whatif(case, library, args: argparse.Namespace) -> WhatIf:
    whatif = WhatIf()
    for e in args.exclude:
        whatif = whatif.toggle_excluded(case_evidence(case, library, e).id, False)
    for spec in args.set:
        try:
            cell, code = spec.rsplit("=", 1)
            e, h = cell.split(":", 1)
            rating = None if code.lower() == "clear" else Rating.parse(code)
        except ValueError as exc:
            raise UserError(f"--set {spec!r}: use EVIDENCE:HYPOTHESIS=RATING ({exc})") from None
        whatif = whatif.with_cell(case_evidence(case, library, e).id, hypothesis(case, h).id,
                                  rating)
    for spec in args.credibility:
        e, _, level = spec.partition("=")
        try:
            whatif = whatif.with_credibility(case_evidence(case, library, e).id,
                                             Level.parse(level))
        except ValueError as exc:
            raise UserError(f"--credibility {spec!r}: {exc}") from None
    for e in args.reverse:
        whatif = whatif.toggle_reversed(case_evidence(case, library, e).id)
    if whatif.is_empty:
        raise UserError("a scenario needs at least one --exclude, --set, --credibility or "
                        "--reverse")
    return whatif


def add_scenario(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    whatif = _parse_whatif(case, library, args)
    fresh = fresh_id("w", {s.id for s in case.scenarios})
    case.scenarios.append(whatif.to_scenario(fresh, args.title.strip() or "what-if",
                                             args.note))
    workspace.save_case(case)
    said = whatif.describe(item_refs(case), hypothesis_refs(case))
    print(f"recorded scenario {fresh}: {'; '.join(said)}")
    return 0


def list_scenarios(ctx: Context, args: argparse.Namespace) -> int:
    case, library = ctx.open(args.case)
    analyst = view_analyst(case, args, ctx)
    matrix = matrix_for(case, library.items, analyst)
    titles = {h.id: hypothesis_named(case, h.id) for h in case.hypotheses}
    if not case.scenarios:
        print("no recorded what-ifs")
    for scenario in case.scenarios:
        whatif = WhatIf.from_scenario(scenario)
        result = score(apply(matrix, whatif, case, library.items))
        order = ", ".join(f"{h.rank}. {titles[h.id]} ({percent(h.probability)})"
                          for h in result.ranked)
        said = whatif.describe(item_refs(case), hypothesis_refs(case))
        print(f"{scenario.id}  {scenario.title}\n    {'; '.join(said)}\n"
              f"    → {order}")
    return 0
