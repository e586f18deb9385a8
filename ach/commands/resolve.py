"""``ach resolve``: list, or settle, the conflicts a merge left in a case or evidence
file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ach.commands.common import Context, UserError
from ach.figures import plural
from ach.merge import gitrepo, resolve
from ach.merge.conflict import SIDES, Conflict
from ach.merge.files import SUFFIX, read_conflicts
from ach.store import relative_to


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("resolve", parents=[common],
                       help="settle the conflicts a merge left in a case or evidence file")
    p.add_argument("target", metavar="CASE", help="a case, or the path of an evidence file")
    p.add_argument("--list", action="store_true", help="list the conflicts (the default)")
    p.add_argument("--take", choices=SIDES, help="settle every conflict with this side")
    p.add_argument("--pick", action="append", default=[], metavar="ID=SIDE",
                   help="settle one conflict: c1=ours or c1=theirs (repeatable)")
    p.set_defaults(run=resolve_conflicts)


def _target(ctx: Context, target: str) -> Path:
    if target.endswith(SUFFIX):
        target = target[:-len(SUFFIX)]
    if "/" in target or target.endswith(".json"):
        return Path(target)
    return ctx.require_workspace().case_path(target)


def resolve_conflicts(ctx: Context, args: argparse.Namespace) -> int:
    path = _target(ctx, args.target)
    shown = relative_to(Path.cwd(), path)
    conflicts = read_conflicts(path)
    if not conflicts:
        # A file with conflict markers says so, and what to do; a foreign one says what it is.
        resolve.read_ach_file(path)
        print(f"{shown}: no unresolved merge conflicts")
        return 0
    if args.list or not (args.take or args.pick):
        _list(path, shown, conflicts, args.target)
        return 0
    try:
        chosen = {c.id: args.take for c in conflicts} if args.take else {}
        chosen.update(resolve.parse_picks(args.pick, conflicts))
        settled = resolve.settle(path, chosen, shown)
    except resolve.ResolveError as exc:
        raise UserError(str(exc)) from None
    for conflict, side in settled.taken:
        print(f"{conflict.id}: took {side} — {conflict.description}")
    if settled.left:
        print(f"{plural(len(settled.left), 'conflict')} still unresolved: see them with "
              f"'ach resolve {args.target} --list'")
    else:
        print(f"every conflict of {shown} is settled. Now: git add {shown}, then finish the "
              "merge (git commit; when rebasing, git rebase --continue)")
    return 0


def _list(path: Path, shown: str, conflicts: list[Conflict], hint: str) -> None:
    try:
        replaying = gitrepo.rebasing(path.parent)
    except gitrepo.GitError:
        replaying = False
    sides = ("while rebasing, ours = the branch you rebase onto, theirs = your commit being "
             "replayed") if replaying else \
        "ours = the branch you merged into, theirs = the branch merged in"
    print(f"{shown}: {plural(len(conflicts), 'unresolved conflict')} (the file holds ours "
          f"for now; {sides})")
    for conflict in conflicts:
        print(f"  {conflict.id}  {conflict.description}")
    print(f"settle them with: ach resolve {hint} --take ours|theirs, or --pick "
          f"{conflicts[0].id}=theirs (one at a time)")
