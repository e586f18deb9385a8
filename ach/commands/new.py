"""``ach new``: create a case."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, UserError, option_words
from ach.edits import case_fields
from ach.store import Workspace, check_name


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("new", parents=[common], help="create a case")
    p.add_argument("case", help="the case's name (letters, digits, - _ .)")
    p.add_argument("--question", required=True, help="the question the analysis answers")
    p.add_argument("--title", default="", help="a short title")
    p.add_argument("--marking", default="", metavar="TEXT",
                   help="the handling line printed on every page (e.g. UNCLASSIFIED)")
    p.set_defaults(run=new_case)


def new_case(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.workspace if ctx.found else Workspace(ctx.root)
    check_name("case", args.case)
    try:
        case = case_fields.new_case(args.case, args.question, args.marking, args.title)
    except ValueError as exc:
        raise UserError(option_words(str(exc))) from None
    path = workspace.create_case(case)
    print(f"created case {case.id!r} in {workspace.relative(path)}")
    return 0
