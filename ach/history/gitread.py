"""Reading a case's past from git: the commits that touched it, and files as they were.

Every blob and tree is read through one long-lived ``git cat-file --batch-command``
process, so a history of hundreds of commits costs one process, not hundreds. Blobs
already read are never read again (the caller caches by object id).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ach.merge.gitrepo import GitError, git, repo_path, top_level


class HistoryError(Exception):
    """The repository, a revision or a file cannot give what was asked; in one line."""


#: The work tree, as a revision: what is on disk now, saved or not yet committed.
WORKTREE = "worktree"


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    date: str
    author: str
    subject: str
    #: The case file's path at this commit, and at its first parent (they differ where
    #: the commit renamed the file).
    path: str
    parent_path: str


class Repository:
    """A git work tree and its object store, for reading (it never writes)."""

    def __init__(self, folder: Path) -> None:
        try:
            self.top = top_level(folder)
        except GitError as exc:
            raise HistoryError(str(exc)) from None
        self._objects: _ObjectReader | None = None
        self._ids: dict[str, str | None] = {}

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._objects is not None:
            self._objects.close()
            self._objects = None

    def _git(self, *args: str) -> str:
        try:
            return git(self.top, *args).stdout
        except GitError as exc:
            raise HistoryError(str(exc)) from None

    def path_of(self, path: Path) -> str:
        """``path`` as git names it in this repository."""
        try:
            return repo_path(self.top, path)
        except GitError as exc:
            raise HistoryError(str(exc)) from None

    def require_full_history(self) -> None:
        """A shallow clone lacks the older commits: a history of it would look complete
        and be cut short, so it is refused rather than shown."""
        if self._git("rev-parse", "--is-shallow-repository").strip() == "true":
            raise HistoryError(f"{self.top} is a shallow clone, so its older commits are "
                               "missing; run 'git fetch --unshallow' first")

    def commit(self, rev: str) -> str:
        """The full sha of the commit ``rev`` names."""
        done = git(self.top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{rev}^{{commit}}", check=False)
        if done.returncode != 0 or not done.stdout.strip():
            raise HistoryError(f"unknown revision {rev!r} (not a commit of {self.top})")
        return done.stdout.strip()

    def has_commits(self) -> bool:
        return git(self.top, "rev-parse", "--verify", "--quiet", "HEAD", check=False
                   ).returncode == 0

    def names(self, path: str, rev: str = "HEAD") -> list[str]:
        """The names ``path`` had, newest first, as ``git log --follow`` finds its renames."""
        out = self._git("-c", "core.quotePath=false", "log", "--follow", "-M",
                        "--name-status", "--format=", rev, "--", path)
        names = [path]
        for line in out.splitlines():
            status, *paths = line.split("\t")
            if status.startswith("R") and len(paths) == 2 and paths[1] == names[-1]:
                names.append(paths[0])
        return names

    def log(self, path: str, rev: str = "HEAD") -> list[Commit]:
        """Every commit that changed ``path`` under any of its names, newest first.

        ``--follow`` alone finds the renames but passes over merges, so the commits are
        listed by all the names at once, with git's usual merge simplification (a merge
        that took one side's file unchanged is not listed; one that combined both is).
        """
        names = self.names(path, rev)
        out = self._git("log", "--date-order", f"--format={_FORMAT}", rev, "--", *names)
        found = [block.rstrip("\n").split(_FIELD, 4) for block in out.split(_RECORD)[1:]]
        self.prefetch([f"{rev}:{n}" for sha, parents, *_ in found
                       for rev in (sha, *parents.split()[:1]) for n in names])
        commits = []
        for sha, parents, date, author, subject in found:
            parent_list = tuple(parents.split())
            here = self._name_at(sha, names)
            before = self._name_at(parent_list[0], names) if parent_list else None
            commits.append(Commit(sha, parent_list, date, author, subject,
                                  here or path, before or here or path))
        return commits

    def _name_at(self, rev: str, names: list[str]) -> str | None:
        return next((n for n in names if self.object_id(rev, n) is not None), None)

    # -- objects ---------------------------------------------------------------------
    @property
    def objects(self) -> _ObjectReader:
        if self._objects is None:
            self._objects = _ObjectReader(self.top)
        return self._objects

    def object_id(self, rev: str, path: str) -> str | None:
        """The id of the blob or tree at ``rev:path``, or None if there is none."""
        spec = f"{rev}:{path}"
        if spec not in self._ids:
            self.prefetch([spec])
        return self._ids[spec]

    def prefetch(self, specs: list[str]) -> None:
        """Look up many ``rev:path`` ids in one exchange with git."""
        wanted = [s for s in dict.fromkeys(specs) if s not in self._ids]
        self._ids.update(zip(wanted, self.objects.info_many(wanted), strict=True))

    def blob(self, oid: str) -> bytes:
        return self.objects.contents(oid)

    def tree(self, oid: str) -> list[tuple[str, str]]:
        """The (name, blob id) of each file directly in a tree (sub-folders left out)."""
        return _tree_entries(self.objects.contents(oid), self.objects.id_bytes)


_RECORD = "\x1e"
_FIELD = "\x1f"
_FORMAT = f"{_RECORD}%H{_FIELD}%P{_FIELD}%aI{_FIELD}%an{_FIELD}%s"


class _ObjectReader:
    """``git cat-file --batch-command``: ``info`` for an object's id, ``contents`` for its
    bytes, one request at a time over the same pipe."""

    def __init__(self, top: Path) -> None:
        try:
            self._proc = subprocess.Popen(
                ["git", "cat-file", "--batch-command", "--buffer"], cwd=top, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise HistoryError(f"git cat-file could not start: {exc}") from None
        self.id_bytes = 20

    def _send(self, commands: list[str]) -> None:
        """Send commands and have git answer them (``--buffer`` holds answers until a
        flush, so many questions cost one exchange)."""
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write("".join(c + "\n" for c in [*commands, "flush"]).encode())
            self._proc.stdin.flush()
        except BrokenPipeError:
            raise HistoryError("git cat-file stopped unexpectedly") from None

    def _line(self) -> bytes:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise HistoryError("git cat-file stopped unexpectedly")
        return line

    def info_many(self, specs: list[str]) -> list[str | None]:
        if not specs:
            return []
        self._send([f"info {spec}" for spec in specs])
        found: list[str | None] = []
        for _ in specs:
            words = self._line().split()
            if len(words) != 3 or words[-1] == b"missing":
                found.append(None)
                continue
            self.id_bytes = len(words[0]) // 2
            found.append(words[0].decode())
        return found

    def contents(self, oid: str) -> bytes:
        self._send([f"contents {oid}"])
        words = self._line().split()
        if len(words) != 3:
            raise HistoryError(f"git has no object {oid}")
        assert self._proc.stdout is not None
        data = self._proc.stdout.read(int(words[2]))
        self._proc.stdout.read(1)  # the newline after the contents
        return data

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait(timeout=30)
        if self._proc.stdout is not None:
            self._proc.stdout.close()


def _tree_entries(data: bytes, id_bytes: int) -> list[tuple[str, str]]:
    """Git's binary tree format: ``<mode> <name>\\0<id>`` per entry."""
    entries = []
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        mode = data[at:space]
        name = data[space + 1:nul].decode("utf-8", errors="replace")
        oid = data[nul + 1:nul + 1 + id_bytes].hex()
        at = nul + 1 + id_bytes
        if not mode.startswith(b"4"):  # 40000: a sub-folder
            entries.append((name, oid))
    return entries
