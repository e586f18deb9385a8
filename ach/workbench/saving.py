"""Writing the open case from a worker thread, and noticing other people's writes.

The screen queues a snapshot after every change; a worker thread calls
``write_pending``, which always writes the newest snapshot, so a burst of
keystrokes costs one write, not one each. One lock keeps a single thread at
the disk at a time, and the watcher never mistakes our own half-finished write
for someone else's. When another process changed the files, the workspace merges
by meaning; the result carries the merged case for the screen to adopt, which it
does only if no newer change was queued meanwhile. Nothing here knows Textual.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from ach.merge import Conflict
from ach.model import Case
from ach.store import ChangedOnDisk, Library, MergeConflict, Workspace, WorkspaceError
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
    #: Which queued change this snapshot is (see ``Saver.seq``).
    seq: int = 0


@dataclass(frozen=True)
class SaveResult:
    written: list[Path]
    #: Set when the write was refused or failed; the changes stay queued.
    problem: str = ""
    conflict: bool = False
    #: The same cells or fields changed here and on disk: the person decides.
    conflicts: tuple[Conflict, ...] = ()
    #: The case and library as merged with changes made on disk (None: no merge).
    merged_case: Case | None = None
    merged_library: Library | None = None
    #: Whose ratings the merge brought in.
    others: tuple[str, ...] = ()
    #: The snapshot written (compare with ``Saver.seq`` before adopting the merge).
    seq: int = 0
    #: What to hand back to ``Saver.adopted`` once the merge is adopted.
    merge_token: dict[Path, str] = field(default_factory=dict)

    @property
    def merged(self) -> bool:
        return self.merged_case is not None or self.merged_library is not None


class Saver:
    def __init__(self, workspace: Workspace, case_id: str) -> None:
        self.workspace = workspace
        self.case_id = case_id
        self._pending: Pending | None = None
        self._queue_lock = threading.Lock()
        self._disk_lock = threading.Lock()
        #: Counts queued changes, so a merge is adopted only by the state it was made from.
        self.seq = 0
        #: Merges the screen has adopted, for the workspace to build on at the next write.
        self._adopted: dict[Path, str] = {}
        #: The case as the last write merged it (None: not merged).
        self._merged_case: Case | None = None

    # -- called on the UI thread
    def queue(self, snapshot: Snapshot, *, case: bool, library_keys: set[str],
              rows: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset()) -> None:
        """Remember the newest state and which files (or rows of ratings) it changes."""
        with self._queue_lock:
            self.seq += 1
            if self._pending is None:
                self._pending = Pending(snapshot, case, set(library_keys), set(rows),
                                        self.seq)
            else:
                self._pending.snapshot = snapshot
                self._pending.case |= case
                self._pending.library_keys |= library_keys
                self._pending.rows |= rows
                self._pending.seq = self.seq

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
    def write_pending(self, prefer: str | None = None) -> SaveResult:
        """Write what is queued, merging what changed on disk; ``prefer`` ("ours" or
        "theirs") settles conflicting cells, after the person chose."""
        with self._disk_lock:
            with self._queue_lock:
                pending, self._pending = self._pending, None
            if pending is None:
                return SaveResult([])
            self._apply_adopted()
            try:
                written = self._write(self.workspace, pending, prefer)
            except MergeConflict as exc:
                self._requeue(pending)
                return SaveResult([], str(exc), conflict=True, conflicts=tuple(exc.conflicts))
            except ChangedOnDisk as exc:
                self._requeue(pending)
                return SaveResult([], str(exc), conflict=True)
            except WorkspaceError as exc:  # another ach held the file too long
                self._requeue(pending)
                return SaveResult([], f"not saved: {exc}")
            except OSError as exc:
                self._requeue(pending)
                return SaveResult([], f"could not save: {exc.strerror or exc}")
            return self._result(written, pending.snapshot, pending.seq)

    def _result(self, written: list[Path], snapshot: Snapshot, seq: int) -> SaveResult:
        """The save's result, with the merged case and library if the workspace merged."""
        merges = self.workspace.unadopted()
        if not merges:
            return SaveResult(written, seq=seq)
        case_path = self.workspace.case_path(snapshot.case.id)
        case = self._merged_case if case_path in merges else None
        library = (self.workspace.merged_library(snapshot.library)
                   if any(p != case_path for p in merges) else None)
        others = tuple(sorted(
            a for a in (case.ratings.keys() | snapshot.case.ratings.keys())
            if case.ratings.get(a) != snapshot.case.ratings.get(a))) if case else ()
        return SaveResult(written, merged_case=case, merged_library=library, others=others,
                          seq=seq, merge_token=merges)

    def adopted(self, token: dict[Path, str]) -> None:
        """The screen now shows the merged files: later saves build on them."""
        with self._queue_lock:
            self._adopted = token

    def _apply_adopted(self) -> None:
        with self._queue_lock:
            token, self._adopted = self._adopted, {}
        now = self.workspace.unadopted()
        # Only the merge the screen adopted: a later one (from an older snapshot) stays.
        self.workspace.adopt([p for p, text in token.items() if now.get(p) is text])

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
    def _write(self, workspace: Workspace, pending: Pending,
               prefer: str | None = None) -> list[Path]:
        written = []
        snapshot = pending.snapshot
        self._merged_case = None
        if pending.library_keys:
            written += workspace.save_library(snapshot.library, pending.library_keys,
                                              prefer=prefer)
        if pending.case or (prefer and pending.rows):
            # A whole write also folds in (and removes) any journal of ratings.
            saved = workspace.save_case(snapshot.case, prefer=prefer)
            self._merged_case = saved.merged
            if saved:
                written.append(workspace.case_path(snapshot.case.id))
        elif pending.rows:
            for analyst, evidence_id in sorted(pending.rows):
                saved = workspace.append_rating_row(snapshot.case, analyst, evidence_id)
                if saved.merged is not None:
                    # The whole case was merged and written: later rows are in it too.
                    self._merged_case = saved.merged
                    break
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
            self._apply_adopted()
            seq = self.seq
            try:
                saved = self.workspace.save_case(snapshot.case)
            except MergeConflict as exc:
                return SaveResult([], str(exc), conflict=True, conflicts=tuple(exc.conflicts))
            except ChangedOnDisk as exc:
                return SaveResult([], str(exc), conflict=True)
            except WorkspaceError as exc:
                return SaveResult([], f"not saved: {exc}")
            except OSError as exc:
                return SaveResult([], f"could not save: {exc.strerror or exc}")
            self._merged_case = saved.merged
            return self._result([self.workspace.case_path(self.case_id)], snapshot, seq)

    def _requeue(self, pending: Pending) -> None:
        """Put a failed write back, unless a newer snapshot arrived meanwhile (then merge)."""
        with self._queue_lock:
            if self._pending is None:
                self._pending = pending
            else:
                self._pending.case |= pending.case
                self._pending.library_keys |= pending.library_keys
                self._pending.rows |= pending.rows
