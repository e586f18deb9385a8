"""``ach merge-driver``: git's merge driver, merging BASE, OURS and THEIRS into OURS
(the same as ``python -m ach.merge``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ach.commands.common import Context
from ach.merge.files import run_driver


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("merge-driver", parents=[common],
                       help="git's merge driver: merge BASE, OURS and THEIRS into OURS",
                       description="git's merge driver for cases and evidence files. 'ach "
                       "git-setup' installs it in .git/config as 'PYTHON -m ach.merge %O %A "
                       "%B %P' (the same as this command). The result goes into OURS; exit 0 "
                       "when clean, 1 when conflicts are left (listed beside the file) or when "
                       "the versions are not one kind of ACH file this ach reads, in which "
                       "case OURS is left untouched and git keeps the conflict.")
    for name, placeholder in (("base", "O"), ("ours", "A"), ("theirs", "B")):
        p.add_argument(name, type=Path,
                       help=f"the {name} version, a temporary file (git's %%{placeholder})")
    p.add_argument("path", help="where the result goes in the repository (git's %%P)")
    p.set_defaults(run=merge_driver)


def merge_driver(ctx: Context, args: argparse.Namespace) -> int:
    return run_driver(args.base, args.ours, args.theirs, args.path)
