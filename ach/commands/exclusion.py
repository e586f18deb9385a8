"""What ``ach exclude`` and ``ach include`` share: an item set aside from scoring, or
brought back, by the same edit as ``x`` in the workbench."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, case_evidence, save_change
from ach.edits.changes import set_excluded
from ach.refs import item_named


def set_aside(ctx: Context, args: argparse.Namespace, excluded: bool, reason: str) -> str:
    """Exclude an item from scoring (with why) or bring it back; returns it as people
    read it (its ref and summary)."""
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    item = case_evidence(case, library, args.evidence)
    save_change(workspace, case, library, set_excluded(case, item.id, excluded, reason))
    return item_named(case, library.items, item.id)
