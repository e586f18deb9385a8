"""``ach list``: the cases of the workspace."""

from __future__ import annotations

import argparse
import sys

from ach.commands.common import Context
from ach.figures import plural
from ach.jsonfile import FileProblem
from ach.store import WorkspaceError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("list", parents=[common], help="the cases of the workspace")
    p.set_defaults(run=list_cases)


def list_cases(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    ids = workspace.case_ids()
    if not ids:
        print("no cases yet: ach new CASE --question \"...\"")
        return 0
    unreadable = []
    for case_id in ids:
        try:
            case = workspace.load_case(case_id)
        except (FileProblem, WorkspaceError) as exc:
            # One bad file must not hide the others: list them, then name it.
            unreadable.append(exc)
            continue
        counts = ", ".join([plural(len(case.hypotheses), "hypothesis", "hypotheses"),
                            plural(len(case.evidence), "evidence item"),
                            plural(len(case.analysts), "analyst")])
        print(f"{case.id}  ({counts})\n    {case.question}")
    for exc in unreadable:
        print(f"ach: error: {exc}", file=sys.stderr)
    return 1 if unreadable else 0
