"""``ach judgment``: the case's key judgments, in ICD 203's words, recorded, listed
or removed."""

from __future__ import annotations

import argparse
import datetime as dt

from ach.cautions import judgment_warnings
from ach.commands.common import (
    Context,
    UserError,
    hypothesis,
    save_change,
    view_analyst,
)
from ach.edits import judgments as group_edits
from ach.model import Confidence, EstimativeTerm
from ach.refs import hypothesis_named
from ach.scoring import score_case


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("judgment", parents=[common],
                       help="record, list or remove the case's key judgments")
    p.add_argument("case")
    p.add_argument("--text", help="the judgment, one sentence")
    p.add_argument("--term", help="its likelihood: " + ", ".join(t.value for t in EstimativeTerm))
    p.add_argument("--confidence", choices=[c.value for c in Confidence])
    p.add_argument("--basis", default="", help="what it rests on")
    p.add_argument("--hypothesis", help="the hypothesis it concerns (id, title or H2)")
    p.add_argument("--team", action="store_true", help="note the team's leader, not yours")
    p.add_argument("--list", action="store_true", help="list the key judgments")
    p.add_argument("--remove", metavar="N", type=int, help="remove the N-th (as --list numbers)")
    p.set_defaults(run=judgment)


def judgment(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    if args.list:
        scores = score_case(case, library.items, view_analyst(case, args, ctx))
        if not case.judgments:
            print("no key judgments recorded (ach judgment CASE --text … --term … "
                  "--confidence … --basis …)")
        for n, j in enumerate(case.judgments, 1):
            about = f" [{hypothesis_named(case, j.hypothesis_id)}]" if j.hypothesis_id else ""
            print(f"{n}. {j.text}{about}\n   {j.term.value}, {j.confidence.value} confidence"
                  + (f"; basis: {j.basis}" if j.basis else "")
                  + (f" (written {j.written.isoformat()})" if j.written else ""))
            for warning in judgment_warnings(j, scores):
                print(f"   warning: {warning}")
        return 0
    if args.remove is not None:
        if not 1 <= args.remove <= len(case.judgments):
            raise UserError(f"case {case.id!r} has {len(case.judgments)} key judgment(s); "
                            f"--remove takes 1 … {len(case.judgments)}")
        gone = case.judgments[args.remove - 1]
        save_change(workspace, case, library, group_edits.remove_judgment(case, gone.id))
        print(f"removed key judgment {args.remove}: {gone.text}")
        return 0
    missing = [name for name in ("text", "term", "confidence")
               if not (getattr(args, name) or "").strip()]
    if missing:
        raise UserError("a key judgment needs " + ", ".join(f"--{m}" for m in missing)
                        + " (and --basis)")
    try:
        term = EstimativeTerm.parse(args.term)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    hyp = hypothesis(case, args.hypothesis) if args.hypothesis else None
    scores = score_case(case, library.items, view_analyst(case, args, ctx))
    draft = group_edits.JudgmentDraft(args.text, term, Confidence(args.confidence), args.basis,
                                      hyp.id if hyp else None)
    try:
        change, entry = group_edits.add_judgment(case, draft, scores, dt.date.today())
    except ValueError as exc:
        raise UserError(str(exc)) from None
    save_change(workspace, case, library, change)
    print(f"recorded key judgment {len(case.judgments)}: {entry.text} "
          f"({term.value}, {entry.confidence.value} confidence)")
    for warning in judgment_warnings(entry, scores):
        print(f"warning: {warning}")
    return 0
