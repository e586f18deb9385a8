"""``ach diff``: what changed in a case between two revisions, by meaning (default: the
last commit and the working tree)."""

from __future__ import annotations

import argparse
import json

from ach.commands.common import Context, UserError
from ach.commands.repository import open_repository
from ach.history import report
from ach.history.changes import compare, team_cells_changed
from ach.history.gitread import WORKTREE, HistoryError
from ach.history.snapshot import worktree_snapshot
from ach.history.timeline import Version, VersionReader
from ach.merge.gitrepo import GitError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("diff", parents=[common],
                       help="what changed between two revisions, by meaning (default: the "
                            "last commit and the working tree)")
    p.add_argument("case")
    p.add_argument("revisions", nargs="*", metavar="REV",
                   help="from REV (default HEAD) to REV (default: the working tree)")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(run=show_diff)


def show_diff(ctx: Context, args: argparse.Namespace) -> int:
    if len(args.revisions) > 2:
        raise UserError("give at most two revisions: ach diff CASE [FROM [TO]]")
    revs = [*args.revisions, WORKTREE] if len(args.revisions) == 1 else (
        args.revisions or ["HEAD", WORKTREE])
    repo, path = open_repository(ctx, args.case)
    with repo:
        try:
            reader = VersionReader(repo, args.case)
            old, new = (_version_at(ctx, reader, args.case, path, rev) for rev in revs)
        except (HistoryError, GitError) as exc:
            raise UserError(str(exc)) from None
    changes = compare(old.snapshot.case, old.snapshot.library, new.snapshot.case,
                      new.snapshot.library)
    team_cells = team_cells_changed(old.team, new.team)
    if args.json:
        print(json.dumps(report.diff_json(old, new, changes, team_cells), ensure_ascii=False,
                         indent=2))
    else:
        print("\n".join(report.diff_lines(old, new, changes, team_cells)))
    return 0


def _version_at(ctx: Context, reader: VersionReader, case_id: str, path: str, rev: str
                ) -> Version:
    if rev == WORKTREE:
        return reader.version(worktree_snapshot(ctx.require_workspace(), case_id))
    sha = reader.repo.commit(rev)
    version = reader.at(sha, path)
    if version is None:
        raise HistoryError(f"{path} did not exist at {rev} ({sha[:10]})")
    return version
