"""``ach validate``: every problem of the workspace's files, for pre-commit hooks and CI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import ach.merge.checks  # noqa: F401 - plugs in the check for unsettled merges
import ach.sources  # noqa: F401 - plugs in the check that quotes stand in their sources
from ach import staging
from ach.commands.common import Context
from ach.validate import validate


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("validate", parents=[common],
                       help="check the workspace's files; exit 1 and list every problem")
    p.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                   help="files or folders to check (default: the whole workspace)")
    p.set_defaults(run=run)


def run(ctx: Context, args: argparse.Namespace) -> int:
    root = ctx.require_workspace().root if not args.paths else ctx.root
    problems = validate(root, args.paths)
    if not args.paths:  # the whole workspace: imports a crash left half-way too
        problems += staging.problems(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found",
              file=sys.stderr)
        return 1
    print("ok: no problems found")
    return 0
