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
    p.add_argument("--pdf", action="store_true",
                   help="print the briefing to PDF with headless Chromium (default: "
                        "reports/CASE.pdf)")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4",
                   help="the PDF's paper size (default: a4)")
    p.add_argument("--since", metavar="REV",
                   help="say what changed since this git revision (default: the last commit "
                        "that changed reports/CASE.html)")
    p.set_defaults(run=run)


def run(ctx: Context, args: argparse.Namespace) -> int:
    # The briefing's modules load here, so that other commands never pay for Jinja2.
    from ach.report import TemplateProblem, write_case_briefing
    from ach.report.pdf import PdfProblem

    if args.team and ctx.analyst_option:
        raise UserError("choose --analyst NAME or --team, not both")
    if args.paper != "a4" and not args.pdf:
        raise UserError("--paper sets the PDF's paper size: add --pdf")
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    analyst = view_analyst(case, args, ctx)
    try:
        in_repo = _in_repository(workspace.root)
        since = _since(workspace, case, library, args.since, in_repo)
        past = _past(workspace, case, library) if in_repo else None
        path = write_case_briefing(workspace, case, library, args.output, analyst=analyst,
                                   template_dir=args.template, since=since, pdf=args.pdf,
                                   paper=args.paper, past=past)
    except (TemplateProblem, PdfProblem) as exc:
        raise UserError(str(exc)) from None
    if not is_stdout(path):
        print(f"wrote {workspace.relative(path) if args.output is None else path}")
    return 0


def _in_repository(folder: Path) -> bool:
    """Whether a git work tree holds ``folder`` (a ``.git`` here or above): reading the
    case's history loads git machinery that a briefing outside a repository never needs."""
    folder = folder.resolve()
    return any((f / ".git").exists() for f in (folder, *folder.parents))


def _since(workspace, case, library, revision: str | None, in_repo: bool):
    """What changed since the last briefing (None: no repository or nothing to say)."""
    if revision is None and not in_repo:
        return None
    from ach.report.since import SinceProblem, changes_since

    try:
        return changes_since(workspace, case, library, revision)
    except SinceProblem as exc:
        raise UserError(str(exc)) from None


def _past(workspace, case, library):
    """The case's commits, for the timeline and (with an outcome) the review; None when
    git cannot give them."""
    from ach.report.past import read_past

    return read_past(workspace, case, library)
