"""The case at every commit that touched it: its reading, and what that commit changed.

A commit's changes are measured against its first parent (for a merge, the branch it was
merged into); a commit whose case file cannot be read is skipped with a note saying why,
and the next commit is compared with the last one that could be read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ach.history.changes import Changes, compare, team_cells_changed
from ach.history.gitread import Commit, HistoryError, Repository
from ach.history.reading import MatrixReader, Readings
from ach.history.snapshot import CaseReader, LibraryReader, Snapshot
from ach.jsonfile import FileProblem
from ach.scoring import Matrix


@dataclass(frozen=True)
class Version:
    """A snapshot with its reading, as one revision had it."""

    snapshot: Snapshot
    readings: Readings
    team: Matrix


@dataclass(frozen=True)
class Entry:
    commit: Commit
    version: Version
    changes: Changes
    #: Cells of the team's consensus matrix that read differently after this commit.
    team_cells: int


@dataclass
class VersionReader:
    """Reads the case and its evidence at revisions, each distinct version once."""

    repo: Repository
    case_id: str
    cases: CaseReader = field(default_factory=CaseReader)
    matrices: MatrixReader = field(default_factory=MatrixReader)
    _libraries: LibraryReader | None = None
    _versions: dict[tuple[str, str | None], Version] = field(default_factory=dict)

    def at(self, rev: str, path: str) -> Version | None:
        """The case file ``path`` at ``rev``; None if it did not exist there. A file that
        cannot be read raises FileProblem naming it."""
        blob = self.repo.object_id(rev, path)
        if blob is None:
            return None
        folder = evidence_folder(path)
        key = (blob, self.repo.object_id(rev, folder))
        if key not in self._versions:
            if self._libraries is None:
                self._libraries = LibraryReader(self.repo)
            case = self.cases.read(path, self.repo.blob(blob))
            # The file's name is the case's id; a renamed case had its old id under its
            # old name.
            if case.id != PurePosixPath(path).stem:
                raise FileProblem(path, f"holds case {case.id!r}, but its file name says "
                                  f"{PurePosixPath(path).stem!r}", "case → case → id")
            library = self._libraries.at(rev, folder)
            self._versions[key] = self.version(Snapshot(case, library, rev))
        return self._versions[key]

    def version(self, snapshot: Snapshot) -> Version:
        mine = {a: self.matrices.matrix(snapshot.case, snapshot.library.items, a)
                for a in snapshot.case.analysts}
        team = (self.matrices.team(list(mine.values())) if mine else
                self.matrices.matrix(snapshot.case, snapshot.library.items, None))
        readings = Readings(self.matrices.read(team),
                            {a: self.matrices.read(m) for a, m in mine.items()})
        return Version(snapshot, readings, team)


def evidence_folder(case_path: str) -> str:
    """The evidence folder of the workspace a case file belongs to (``…/evidence``)."""
    return str(PurePosixPath(case_path).parent.parent / "evidence")


def history(repo: Repository, case_id: str, path: str, rev: str = "HEAD",
            skipped: Callable[[Commit, str], None] | None = None,
            commits: list[Commit] | None = None) -> list[Entry]:
    """Every commit that changed the case file, newest first, with what it changed.

    ``commits``: only these (newest first, from ``repo.log``), as a briefing that shows
    the latest few reads no more than those and their parents."""
    if commits is None:
        commits = repo.log(path, rev)
    if not commits:
        raise HistoryError(f"{path} is in no commit of {rev} (commit it first)")
    reader = VersionReader(repo, case_id)
    repo.prefetch([f"{c.sha}:{evidence_folder(c.path)}" for c in commits] +
                  [f"{c.parents[0]}:{evidence_folder(c.parent_path)}" for c in commits
                   if c.parents])
    entries: list[Entry] = []
    last_good: Version | None = None
    for commit in reversed(commits):
        try:
            version = reader.at(commit.sha, commit.path)
        except FileProblem as exc:
            if skipped is not None:
                skipped(commit, str(exc))
            continue
        if version is None:
            if skipped is not None:
                skipped(commit, f"{commit.path} does not exist at this commit")
            continue
        before = _parent_version(reader, commit, last_good)
        old = before.snapshot if before is not None else None
        changes = compare(old.case if old else None, old.library if old else None,
                          version.snapshot.case, version.snapshot.library)
        entries.append(Entry(commit, version, changes,
                             team_cells_changed(before.team if before else None, version.team)))
        last_good = version
    entries.reverse()
    return entries


def _parent_version(reader: VersionReader, commit: Commit, last_good: Version | None,
                    ) -> Version | None:
    if not commit.parents:
        return None
    try:
        return reader.at(commit.parents[0], commit.parent_path)
    except FileProblem:
        return last_good  # the parent's file is unreadable: compare with the last good one

