"""The case's past, read from git for the briefing: the latest commits' readings of the
matrix (the timeline) and, once an outcome is recorded, every commit's reading scored
against it (the review).

The readings and scores are ``ach.history``'s, exactly as ``ach history`` and ``ach
review`` give them. Loaded only when the workspace is in a git repository: a briefing
outside one never pays for it. An unreadable past leaves the briefing without these
sections rather than stopping it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ach.history.gitread import HistoryError, Repository
from ach.history.review import ItemVerdict, Scored, item_verdicts, score_history
from ach.history.snapshot import Snapshot
from ach.history.timeline import Entry, VersionReader, history
from ach.jsonfile import FileProblem
from ach.merge.gitrepo import GitError
from ach.model import Case
from ach.store import Library, Workspace

#: Commits the timeline shows, newest first; earlier ones are counted.
TIMELINE_ROWS = 12


@dataclass(frozen=True)
class Past:
    #: The newest commits that changed the case (at most TIMELINE_ROWS), newest first.
    entries: list[Entry]
    #: Every commit that changed the case, those not shown included.
    total: int
    #: Commits whose case file could not be read: (short sha, why).
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Every readable commit scored against the outcome, newest first (empty without an
    #: outcome, or when events overtook the question).
    scored: list[Scored] = field(default_factory=list)
    #: The items of the case as it stands, judged against the outcome, heaviest first.
    verdicts: list[ItemVerdict] = field(default_factory=list)


def read_past(workspace: Workspace, case: Case, library: Library) -> Past | None:
    """The case's past, or None when there is none to show (no repository, a shallow
    clone, no commit of the case yet, or a history git cannot give)."""
    try:
        repo = Repository(workspace.root)
    except HistoryError:
        return None
    with repo:
        try:
            return _read(repo, workspace, case, library)
        except (HistoryError, GitError, FileProblem):
            return None


def _read(repo: Repository, workspace: Workspace, case: Case, library: Library
          ) -> Past | None:
    if not repo.has_commits():
        return None
    repo.require_full_history()
    path = repo.path_of(workspace.case_path(case.id))
    commits = repo.log(path)
    if not commits:
        return None
    outcome = case.outcome
    scoring = outcome is not None and not outcome.overtaken
    skipped: list[tuple[str, str]] = []
    # Without an outcome only the rows shown are read: a long history costs no more.
    entries = history(repo, case.id, path, commits=commits if scoring
                      else commits[:TIMELINE_ROWS],
                      skipped=lambda c, why: skipped.append((c.sha[:10], why)))
    if not entries:
        return None
    past = Past(entries[:TIMELINE_ROWS], len(commits), skipped)
    if not scoring:
        return past
    assert outcome is not None
    now = VersionReader(repo, case.id).version(Snapshot(case, library, "worktree"))
    return Past(past.entries, past.total, skipped, score_history(entries, outcome),
                item_verdicts(now.team, outcome))
