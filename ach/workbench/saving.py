"""Writing the open case from a worker thread, and noticing other people's writes.

The screen queues a snapshot after every change; a worker thread calls
``write_pending``, which always writes the newest snapshot, so a burst of
keystrokes costs one write, not one each. One lock keeps a single thread at
the disk at a time, and the watcher never mistakes our own half-finished write
for someone else's. Nothing here knows Textual.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from ach.store import ChangedOnDisk, Workspace
from ach.workbench.session import Snapshot


@dataclass
class Pending:
    snapshot: Snapshot
    #: The case file must be written whole (hypotheses, evidence or indicators changed).
    case: bool = False
    library_keys: set[str] = field(default_factory=set)
    #: (analyst, evidence id) rows of ratings to append to the case's journal: a rating
    #: costs one appended line, whatever the size of the case (see ach.journal).
    rows: set[tuple[str, str]] = field(default_factory=set)


@dataclass(frozen=True)
class SaveResult:
    written: list[Path]
    #: Set when the write was refused or failed; the changes stay queued.
    problem: str = ""
    conflict: bool = False


class Saver:
    def __init__(self, workspace: Workspace, case_id: str) -> None:
        self.workspace = workspace
        self.case_id = case_id
        self._pending: Pending | None = None
        self._queue_lock = threading.Lock()
        self._disk_lock = threading.Lock()

    # -- called on the UI thread
    def queue(self, snapshot: Snapshot, *, case: bool, library_keys: set[str],
              rows: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset()) -> None:
        """Remember the newest state and which files (or rows of ratings) it changes."""
        with self._queue_lock:
            if self._pending is None:
                self._pending = Pending(snapshot, case, set(library_keys), set(rows))
            else:
                self._pending.snapshot = snapshot
                self._pending.case |= case
                self._pending.library_keys |= library_keys
                self._pending.rows |= rows

    @property
    def has_pending(self) -> bool:
        with self._queue_lock:
            return self._pending is not None

    def pending_paths(self) -> set[Path]:
        """The files our unsaved changes would write."""
        with self._queue_lock:
            pending = self._pending
        if pending is None:
            return set()
        paths = {self.workspace.evidence_path(key) for key in pending.library_keys}
        if pending.case or pending.rows:
            paths.add(self.workspace.case_path(self.case_id))
        return paths

    def discard(self) -> None:
        with self._queue_lock:
            self._pending = None

    # -- called from a worker thread
    def write_pending(self) -> SaveResult:
        with self._disk_lock:
            with self._queue_lock:
                pending, self._pending = self._pending, None
            if pending is None:
                return SaveResult([])
            try:
                return SaveResult(self._write(self.workspace, pending))
            except ChangedOnDisk as exc:
                self._requeue(pending)
                return SaveResult([], str(exc), conflict=True)
            except OSError as exc:
                self._requeue(pending)
                return SaveResult([], f"could not save: {exc.strerror or exc}")

    def changed_on_disk(self) -> list[Path] | None:
        """Files someone else changed since we read or wrote them; None while we write."""
        if not self._disk_lock.acquire(blocking=False):
            return None
        try:
            return self.workspace.changed_on_disk()
        finally:
            self._disk_lock.release()

    def overwrite(self, fresh: Workspace) -> SaveResult:
        """Write our pending changes over whatever is on disk (the user chose "keep mine").

        ``fresh`` has just read the files as they are now, so it will not refuse; it
        becomes the workspace we save through from now on.
        """
        with self._disk_lock:
            with self._queue_lock:
                pending, self._pending = self._pending, None
            self.workspace = fresh
            if pending is None:
                return SaveResult([])
            pending.case = True
            pending.library_keys |= {pending.snapshot.library.file_key(item)
                                     for item in pending.snapshot.library.items.values()}
            try:
                return SaveResult(self._write(fresh, pending))
            except (ChangedOnDisk, OSError) as exc:
                self._requeue(pending)
                return SaveResult([], str(exc), conflict=isinstance(exc, ChangedOnDisk))

    def adopt(self, workspace: Workspace) -> None:
        """Save through this workspace from now on (after a reload)."""
        with self._disk_lock:
            self.workspace = workspace

    # -- helpers
    def _write(self, workspace: Workspace, pending: Pending) -> list[Path]:
        written = []
        snapshot = pending.snapshot
        if pending.library_keys:
            written += workspace.save_library(snapshot.library, pending.library_keys)
        if pending.case:
            # A whole write also folds in (and removes) any journal of ratings.
            if workspace.save_case(snapshot.case):
                written.append(workspace.case_path(snapshot.case.id))
        elif pending.rows:
            for analyst, evidence_id in sorted(pending.rows):
                workspace.append_rating_row(snapshot.case, analyst, evidence_id)
            written.append(workspace.case_path(snapshot.case.id))
        return written

    def compact(self, snapshot: Snapshot) -> SaveResult:
        """Fold the journal of ratings into the case file, leaving the files canonical.

        Done on quitting (and by the screen when the case is small enough that a whole
        write is cheap), so what git sees is always the ordinary case file.
        """
        with self._disk_lock:
            if self._pending is not None or not self.workspace.has_journal(self.case_id):
                return SaveResult([])
            try:
                self.workspace.save_case(snapshot.case)
            except ChangedOnDisk as exc:
                return SaveResult([], str(exc), conflict=True)
            except OSError as exc:
                return SaveResult([], f"could not save: {exc.strerror or exc}")
            return SaveResult([self.workspace.case_path(self.case_id)])

    def _requeue(self, pending: Pending) -> None:
        """Put a failed write back, unless a newer snapshot arrived meanwhile (then merge)."""
        with self._queue_lock:
            if self._pending is None:
                self._pending = pending
            else:
                self._pending.case |= pending.case
                self._pending.library_keys |= pending.library_keys
                self._pending.rows |= pending.rows
