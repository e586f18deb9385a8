"""The case's git repository as ``ach history``, ``diff`` and ``review`` open it, and
the one line they print for a commit they cannot read."""

from __future__ import annotations

import sys

from ach.commands.common import Context, UserError
from ach.history.gitread import Commit, HistoryError, Repository
from ach.merge.gitrepo import GitError


def open_repository(ctx: Context, case_id: str) -> tuple[Repository, str]:
    """The repository holding the workspace, and the case file's path in it."""
    workspace = ctx.require_workspace()
    path = workspace.case_path(case_id)
    try:
        repo = Repository(workspace.root)
        return repo, repo.path_of(path)
    except (HistoryError, GitError) as exc:
        raise UserError(str(exc)) from None


def warn_skipped(commit: Commit, problem: str) -> None:
    print(f"ach: skipped commit {commit.sha[:10]} ({commit.subject}): {problem}",
          file=sys.stderr)
