"""``ach deception``: flag an item as possibly planted (``ach sensitivity`` reverses it)."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, case_evidence
from ach.edits import method as edits
from ach.refs import item_named


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("deception", parents=[common],
                       help="flag an item as possibly planted (the sensitivity check reverses it)")
    p.add_argument("case")
    p.add_argument("evidence")
    p.add_argument("--clear", action="store_true", help="remove the flag")
    p.set_defaults(run=deception)


def deception(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    item = case_evidence(case, library, args.evidence)
    change = edits.set_deception(library, item.id, not args.clear)
    if change is not None:
        change.apply(case, library)
        item = library.items[item.id]
        workspace.save_library(library, [library.file_key(item)])
    state = "flagged as possibly planted" if not args.clear else "no longer flagged"
    print(f"{item_named(case, library.items, item.id)} is {state}")
    return 0
