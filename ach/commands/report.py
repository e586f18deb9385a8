"""``ach report``: the case as one self-contained HTML briefing (default ``reports/CASE.html``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ach.commands.common import Context, UserError, view_analyst
from ach.output import is_stdout


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="write the case's HTML briefing")
    p.add_argument("case")
    p.add_argument("-o", "--output", metavar="FILE", type=Path,
                   help="where to write it ('-': standard output; default: reports/CASE.html "
                        "in the workspace)")
    p.add_argument("--template", metavar="DIR", type=Path,
                   help="a folder of house templates that override the bundled ones")
    p.add_argument("--team", action="store_true",
                   help="show the team's consensus ratings (the default with several analysts)")
    p.set_defaults(run=run)


def run(ctx: Context, args: argparse.Namespace) -> int:
    # The briefing's modules load here, so that other commands never pay for Jinja2.
    from ach.report import TemplateProblem, write_case_briefing

    if args.team and ctx.analyst_option:
        raise UserError("choose --analyst NAME or --team, not both")
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    analyst = view_analyst(case, args, ctx)
    try:
        path = write_case_briefing(workspace, case, library, args.output, analyst=analyst,
                                   template_dir=args.template)
    except TemplateProblem as exc:
        raise UserError(str(exc)) from None
    if not is_stdout(path):
        print(f"wrote {workspace.relative(path) if args.output is None else path}")
    return 0
