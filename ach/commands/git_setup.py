"""``ach git-setup``: let git merge cases and evidence by meaning (.gitattributes and
git config)."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, UserError
from ach.merge import gitrepo


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("git-setup", parents=[common],
                       help="let git merge cases and evidence by meaning (.gitattributes + "
                            "git config)")
    p.set_defaults(run=git_setup)


def git_setup(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    try:
        done = gitrepo.set_up(workspace.root)
    except gitrepo.GitError as exc:
        raise UserError(str(exc)) from None
    if not done.changed:
        print("nothing changed: the ach merge driver is already set up here")
        return 0
    for line in done.changed:
        print(f"set up: {line}")
    print("git now merges hypotheses/*.json and evidence/*.json by meaning. Commit "
          ".gitattributes; every analyst runs 'ach git-setup' once in their own clone "
          "(git config is not shared).")
    return 0
