"""``ach open [CASE]``: the workbench TUI (imported only here)."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, UserError
from ach.store import Workspace


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("open", parents=[common], help="open the workbench (the default command)")
    p.add_argument("case", nargs="?", help="the case to open (default: the only one, or a picker)")
    p.set_defaults(run=run)


def run(ctx: Context, args: argparse.Namespace) -> int:
    # No workspace yet and no case named: the workbench offers to create the first case
    # here (as ``ach new`` would); nothing is written unless one is created.
    workspace = ctx.require_workspace() if args.case is not None else (
        ctx.workspace if ctx.found else Workspace(ctx.root))
    if args.case is not None and not workspace.has_case(args.case):
        workspace.load_case(args.case)  # a clear one-line error before the screen takes over
    try:
        from ach.tui.app import run_workbench
    except ImportError as exc:  # pragma: no cover - only before the TUI is installed
        raise UserError(f"the workbench cannot start: {exc}") from None
    return run_workbench(workspace, args.case, ctx.analyst)
