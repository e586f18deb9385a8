"""``ach exclude``: set an item aside from scoring, kept in the case with a reason."""

from __future__ import annotations

import argparse

from ach.commands.common import Context
from ach.commands.exclusion import set_aside


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("exclude", parents=[common],
                       help="set an item aside from scoring (kept, with a reason)")
    p.add_argument("case")
    p.add_argument("evidence")
    p.add_argument("--reason", default="", help="why it is set aside")
    p.set_defaults(run=exclude)


def exclude(ctx: Context, args: argparse.Namespace) -> int:
    named = set_aside(ctx, args, True, args.reason)
    print(f"{named} is set aside from scoring (kept in the case)")
    return 0
