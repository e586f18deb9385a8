"""``ach indicator add|set|list``: the indicators to watch for each hypothesis (step 8)."""

from __future__ import annotations

import argparse
import datetime as dt

from ach.commands.common import Context, UserError, hypothesis, parse_date
from ach.edits import method as edits
from ach.indicators import indicator, what_to_watch
from ach.model import IndicatorStatus
from ach.refs import hypothesis_named, item_refs
from ach.store import Library


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("indicator", parents=[common], help="indicators to watch (step 8)")
    isub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = isub.add_parser("add", parents=[common], help="add a signpost for a hypothesis")
    q.add_argument("case")
    q.add_argument("hypothesis")
    q.add_argument("text")
    q.set_defaults(run=add_ind)
    q = isub.add_parser("set", parents=[common], help="record a change of status")
    q.add_argument("case")
    q.add_argument("indicator")
    q.add_argument("status", choices=[s.value for s in IndicatorStatus])
    q.add_argument("--date", default="", help="when it changed (default: today)")
    q.add_argument("--evidence", help="the evidence item that showed it")
    q.add_argument("--note", default="")
    q.set_defaults(run=set_ind)
    q = isub.add_parser("list", parents=[common], help="indicators per hypothesis")
    q.add_argument("case")
    q.set_defaults(run=list_ind)


def add_ind(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    hyp = hypothesis(case, args.hypothesis)
    if not args.text.strip():
        raise UserError("the indicator's text must not be empty")
    change, indicator_id = edits.add_indicator(case, hyp.id, args.text.strip())
    change.apply(case, Library())
    workspace.save_case(case)
    ind = indicator(case, indicator_id)
    print(f"added indicator {ind.id} for {hypothesis_named(case, hyp.id)}: {ind.text}")
    return 0


def set_ind(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    when = parse_date(args.date) or dt.date.today()
    try:
        change = edits.set_status(case, args.indicator, IndicatorStatus(args.status), when,
                                  args.evidence, args.note)
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    if change is not None:
        change.apply(case, Library())
    workspace.save_case(case)
    ind = indicator(case, args.indicator)
    print(f"{ind.id} is now {ind.status.value} (since {when.isoformat()})")
    return 0


def list_ind(ctx: Context, args: argparse.Namespace) -> int:
    case = ctx.require_workspace().load_case(args.case)
    titles = {h.id: hypothesis_named(case, h.id) for h in case.hypotheses}
    e_ref = item_refs(case)
    for watch in what_to_watch(case):
        print(f"{titles[watch.hypothesis_id]}:")
        if not watch.indicators:
            print("  (no indicators yet)")
        for ind in watch.indicators:
            last = ind.history[-1] if ind.history else None
            since = f" since {last.date.isoformat()}" if last else ""
            shown_by = (f" ({e_ref.get(last.evidence_id, last.evidence_id)})"
                        if last and last.evidence_id else "")
            print(f"  {ind.id}  [{ind.status.value}{since}{shown_by}] {ind.text}")
    return 0
