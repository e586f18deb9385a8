"""``ach outcome``: record what actually happened: the hypotheses that held, or that
events overtook the question."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, UserError, parse_date
from ach.history.review import check_outcome
from ach.model import Outcome
from ach.refs import RefError, hypothesis_named


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("outcome", parents=[common],
                       help="record what actually happened: the hypotheses that held, or "
                            "that events overtook the question")
    p.add_argument("case")
    p.add_argument("hypotheses", nargs="*", metavar="HYPOTHESIS",
                   help="each hypothesis that held (id, ref such as H2, or exact title)")
    p.add_argument("--overtaken", action="store_true",
                   help="no hypothesis held: events overtook the question")
    p.add_argument("--date", required=True, help="when it was known (YYYY-MM-DD)")
    p.add_argument("--note", default="", help="what happened, in a sentence")
    p.add_argument("--replace", action="store_true", help="replace an outcome already recorded")
    p.set_defaults(run=record_outcome)


def record_outcome(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    if bool(args.hypotheses) == args.overtaken:
        raise UserError("name the hypotheses that held, or give --overtaken, not both")
    date = parse_date(args.date, "--date")
    if date is None:
        raise UserError("--date is empty: give the date the outcome was known, like 2025-06-01")
    try:
        held = check_outcome(case, args.hypotheses)
    except RefError as exc:
        raise UserError(f"case {case.id!r} {exc}; nothing was recorded") from None
    if case.outcome is not None and not args.replace:
        raise UserError(f"case {case.id!r} already records an outcome (of "
                        f"{case.outcome.date.isoformat()}); give --replace to replace it")
    case.outcome = Outcome(hypotheses=held, overtaken=args.overtaken, date=date,
                           note=args.note.strip())
    workspace.save_case(case)
    what = "overtaken by events" if args.overtaken else "held: " + ", ".join(
        hypothesis_named(case, h) for h in held)
    print(f"recorded the outcome of {case.id} on {date.isoformat()}: {what}")
    return 0
