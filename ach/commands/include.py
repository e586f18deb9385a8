"""``ach include``: bring an excluded item back into the scores."""

from __future__ import annotations

import argparse

from ach.commands.common import Context
from ach.commands.exclusion import set_aside


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("include", parents=[common], help="bring an excluded item back")
    p.add_argument("case")
    p.add_argument("evidence")
    p.set_defaults(run=include)


def include(ctx: Context, args: argparse.Namespace) -> int:
    named = set_aside(ctx, args, False, "")
    print(f"{named} counts in the scores again")
    return 0
