"""``ach remerge``: merge by meaning a file that git merged line by line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ach import locking
from ach.commands.common import Context, UserError
from ach.merge import gitrepo
from ach.merge.files import merge_into, report
from ach.merge.layout import MergeInputError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("remerge", parents=[common],
                       help="merge by meaning a file that git merged line by line")
    p.add_argument("path", type=Path, help="the case or evidence file")
    p.add_argument("--commit", metavar="REV",
                   help="redo the merge of this (already committed) merge commit")
    p.set_defaults(run=remerge)


def remerge(ctx: Context, args: argparse.Namespace) -> int:
    path: Path = args.path
    try:
        top = gitrepo.top_level(path.parent if path.parent.is_dir() else Path.cwd())
        name = gitrepo.repo_path(top, path)
        versions = (gitrepo.commit_versions(top, name, args.commit) if args.commit
                    else gitrepo.index_stages(top, name))
        merged = merge_into(path, *versions, name=name)
    except gitrepo.GitError as exc:
        raise UserError(str(exc)) from None
    except locking.Busy as exc:
        raise UserError(str(exc)) from None
    except MergeInputError as exc:
        raise UserError(f"{name} cannot be merged by meaning: {exc}") from None
    if not merged.clean:
        report(str(path), merged.conflicts, sys.stdout)
        return 1
    after = "commit the fix" if args.commit else "finish the merge (git commit)"
    print(f"merged {name} by meaning, without conflicts. Now: git add {path}, then {after}")
    return 0
