"""What changed since the last briefing of a case, read from git.

The last briefing is the last commit that changed ``reports/CASE.html`` (or a revision
the user names with ``--since``); the case as it stood there is compared with the case
now, by meaning (``ach.history.changes.compare``). No repository, no earlier briefing,
or no change to the case's content: no line, rather than a line that says nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ach.history.changes import Changes, compare
from ach.history.gitread import HistoryError, Repository
from ach.history.timeline import VersionReader
from ach.jsonfile import FileProblem
from ach.merge.gitrepo import GitError, git
from ach.model import Case
from ach.store import Library, Workspace


class SinceProblem(Exception):
    """A revision named with ``--since`` that cannot be read, in one line."""


@dataclass(frozen=True)
class Since:
    """The case at the last briefing: when, what changed since, and who led then."""

    date: dt.date | None
    revision: str
    changes: Changes
    leaders_then: tuple[str, ...]
    titles_then: dict[str, str]


def changes_since(workspace: Workspace, case: Case, library: Library,
                  revision: str | None = None) -> Since | None:
    """The changes since ``revision`` (default: the last commit of the case's briefing)."""
    try:
        repo = Repository(workspace.root)
    except HistoryError:
        if revision is not None:
            raise SinceProblem(f"--since {revision}: {workspace.root} is not in a git "
                               "repository") from None
        return None
    with repo:
        try:
            return _since(repo, workspace, case, library, revision)
        except (HistoryError, GitError, FileProblem) as exc:
            if revision is not None:
                raise SinceProblem(f"--since {revision}: {exc}") from None
            return None  # an unreadable past must not stop today's briefing


def _since(repo: Repository, workspace: Workspace, case: Case, library: Library,
           revision: str | None) -> Since | None:
    if not repo.has_commits():
        if revision is not None:
            raise HistoryError("the repository has no commits yet")
        return None
    if revision is None:
        commits = repo.log(repo.path_of(workspace.reports_dir / f"{case.id}.html"))
        if not commits:
            return None
        sha, date = commits[0].sha, commits[0].date
    else:
        sha = repo.commit(revision)
        date = git(repo.top, "show", "-s", "--format=%aI", sha).stdout.strip()
    version = VersionReader(repo, case.id).at(sha, repo.path_of(workspace.case_path(case.id)))
    if version is None:
        if revision is not None:
            raise HistoryError(f"case {case.id!r} did not exist at {revision}")
        return None
    then = version.snapshot
    changes = compare(then.case, then.library, case, library)
    if not (changes.hypotheses or changes.evidence or changes.cells or changes.case_fields
            or changes.analysts_joined or changes.analysts_left):
        return None
    return Since(_day(date), sha, changes, version.readings.team.leaders,
                 {h.id: h.title for h in then.case.hypotheses})


def _day(iso: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(iso).date()
    except ValueError:
        return None
