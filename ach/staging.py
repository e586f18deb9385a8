"""Several workspace files written as one: staged aside, committed by one rename, finished
after a crash.

An import writes a new case and the evidence files its items go into. Written one
by one, a ``kill -9`` halfway would leave sources and items that no case uses (and
that ``validate`` finds nothing wrong with), and importing again would add them a
second time. So every file is first written in full into a hidden staging folder
(``.ach-staged-NAME/``) that nothing else reads. Writing the plan (the list of files
and what each replaces) is the commit: before it, the workspace is untouched and the
folder is garbage; after it, moving the files into place (the case file last) is
finished by whoever comes next, even after a crash. A file that changed on disk
since the import read it is never moved over: the commit is refused instead. The check
and the moves happen under the locks of every file moved (``ach.locking``), as any other
write does, so no other ach writes between them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ach import journal, locking
from ach.jsonfile import FileProblem, atomic_write_chunks, atomic_write_text, canonical_json

PREFIX = ".ach-staged-"
PLAN = "plan.json"
OWNER = "owner.json"


class StagingError(Exception):
    """Staged files that cannot be put in place, in one line; nothing more was changed."""


def file_digest(path: Path) -> str | None:
    """The sha256 of a file's bytes; None if there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


@dataclass
class Entry:
    #: Where the file goes, relative to the workspace (``evidence/x.json``).
    name: str
    #: The digest of the file it replaces, as the writer read it (None: a new file).
    base: str | None
    #: The digest of the staged text.
    digest: str


class Staging:
    """Files to put in place together, under ``root``."""

    def __init__(self, root: Path, name: str) -> None:
        self.root = root
        self.folder = root / f"{PREFIX}{name}"
        if self.folder.exists():
            raise StagingError(f"{self.folder.name} exists: another import of the same name "
                               "is under way (or was interrupted; 'ach import-matrix' "
                               "finishes or clears it)")
        self.folder.mkdir()
        atomic_write_text(self.folder / OWNER, canonical_json(_me()))
        self.entries: list[Entry] = []

    def add(self, name: str, chunks: Iterable[str], base: str | None) -> None:
        """Stage the text of ``root/name``; ``base`` is the digest of what it replaces."""
        digest = atomic_write_chunks(self.folder / name, chunks)
        if digest is None:  # only with ``unless``, which is not given
            raise StagingError(f"{name} could not be staged")
        self.entries.append(Entry(name, base, digest))

    def commit(self) -> None:
        """Check nothing changed under us, write the plan (the commit), move the files:
        all under the files' locks. Busy or changed files: nothing is changed at all."""
        try:
            held = hold(self.root, [e.name for e in self.entries])
        except BaseException:
            discard(self.folder)
            raise
        with held:
            try:
                for entry in self.entries:
                    if file_digest(self.root / entry.name) != entry.base:
                        raise StagingError(f"{entry.name} changed on disk while importing "
                                           "(another ach, an editor or git); nothing was "
                                           "changed, import again")
            except BaseException:
                discard(self.folder)
                raise
            plan = [{"name": e.name, "base": e.base, "digest": e.digest} for e in self.entries]
            atomic_write_text(self.folder / PLAN, canonical_json({"files": plan}))
            _move_all(self.folder, plan)

    def abandon(self) -> None:
        discard(self.folder)


def hold(root: Path, names: Iterable[str]) -> ExitStack:
    """The locks of these files (relative to ``root``), taken in name order so that two
    writers never each wait for the other; StagingError if another ach keeps one."""
    stack = ExitStack()
    try:
        for name in sorted(set(names)):
            stack.enter_context(locking.locked(root / name, name))
    except locking.Busy as exc:
        stack.close()
        raise StagingError(str(exc)) from None
    except BaseException:
        stack.close()
        raise
    return stack


def finish(folder: Path) -> list[str]:
    """Move a committed folder's files into place, in plan order, under their locks;
    returns their names.

    Idempotent: a file already moved (the target holds the staged text) is skipped, so a
    crash at any point is finished by running this again.
    """
    plan = json.loads((folder / PLAN).read_text(encoding="utf-8"))["files"]
    with hold(folder.parent, [entry["name"] for entry in plan]):
        return _move_all(folder, plan)


def _move_all(folder: Path, plan: list[dict]) -> list[str]:
    """``finish`` with the locks held."""
    root = folder.parent
    moved = []
    for entry in plan:
        name, staged, target = entry["name"], folder / entry["name"], root / entry["name"]
        now = file_digest(target)
        if now == entry["digest"]:
            continue  # moved before a crash
        if now != entry["base"] or not staged.exists():
            raise StagingError(f"{folder.name}: {name} changed on disk since the import began, "
                               "so the import cannot be finished; compare the staged copy in "
                               f"{folder.name}/{name} with it, then delete {folder.name}")
        _move(staged, target)
        journal.discard(target)  # as any write does: the file now says it all
        moved.append(name)
    discard(folder)
    return moved


def _move(staged: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def pending(root: Path) -> list[Path]:
    """Staging folders left in the workspace (by a running writer, or a killed one)."""
    return sorted(p for p in root.glob(f"{PREFIX}*") if p.is_dir())


def recover(root: Path) -> dict[str, str]:
    """Finish what killed writers committed and clear what they had not; says what it did
    (``{name: what}``, ``name`` as given to ``Staging``, ``what`` "finished" or "cleared").

    A folder whose writer is still running is left alone.
    """
    done = {}
    for folder in pending(root):
        name = folder.name[len(PREFIX):]
        if (folder / PLAN).exists():
            finish(folder)
            done[name] = "finished"
        elif not _running(folder):
            discard(folder)
            done[name] = "cleared"
    return done


def problems(root: Path) -> list[FileProblem]:
    """For ``ach validate``: imports left half-way (their files partly in place)."""
    found = []
    for folder in pending(root):
        if (folder / PLAN).exists():
            found.append(FileProblem(folder.name, "an import was interrupted while putting its "
                                     "files in place, so some are missing; running "
                                     "'ach import-matrix' again finishes it first"))
        elif not _running(folder):
            found.append(FileProblem(folder.name, "an import was interrupted before it changed "
                                     "anything; delete this folder (or run 'ach "
                                     "import-matrix' again, which does)"))
    return found


def _me() -> dict[str, object]:
    return {"host": socket.gethostname(), "pid": os.getpid()}


def _running(folder: Path) -> bool:
    """Whether the process that made ``folder`` is still at work (on this machine)."""
    try:
        owner = json.loads((folder / OWNER).read_text(encoding="utf-8"))
        pid, host = int(owner["pid"]), owner["host"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if host != socket.gethostname():
        return True  # another machine's: not ours to judge
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
