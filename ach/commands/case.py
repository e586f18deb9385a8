"""``ach case``: change a case's question or marking."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, UserError, option_words
from ach.edits import case_fields
from ach.store import Library


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("case", parents=[common], help="change a case's question or marking")
    p.add_argument("case")
    p.add_argument("--question", help="the question the analysis answers")
    p.add_argument("--marking", metavar="TEXT",
                   help="the handling line printed on every page ('' removes it)")
    p.set_defaults(run=edit_case)


def edit_case(ctx: Context, args: argparse.Namespace) -> int:
    if args.question is None and args.marking is None:
        raise UserError("nothing to change: give --question and/or --marking")
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    try:
        change = case_fields.edit_case(case, args.question, args.marking)
    except ValueError as exc:
        raise UserError(option_words(str(exc))) from None
    if change is not None:
        change.apply(case, Library())
    workspace.save_case(case)
    marking = f"marking {case.marking!r}" if case.marking else "no marking"
    print(f"updated case {case.id!r}: {case.question} ({marking})")
    return 0
