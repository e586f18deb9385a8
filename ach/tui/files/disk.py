"""The main screen and the disk (a mixin): save after every change in a worker thread,
watch the files, reload what others changed, adopt what a save merged with others'
changes, and ask only when the same cell or field was changed two ways."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.message import Message
from textual.timer import Timer

from ach.edits.changes import Change
from ach.jsonfile import FileProblem
from ach.model import Case
from ach.store import Library, Workspace, WorkspaceError
from ach.tui.files.conflict import KEEP, OURS, RELOAD, THEIRS, ConflictScreen
from ach.tui.kit.confirm import ConfirmScreen
from ach.tui.matrix.status import SaveIndicator, SaveState
from ach.workbench.saving import Saver, SaveResult

if TYPE_CHECKING:
    from ach.tui.matrix.screen import MatrixScreen

    _Base = MatrixScreen
else:
    _Base = object

#: How often the files are checked for changes made by others (seconds).
WATCH_SECONDS = 1.0
#: After this long without typing, a small case's journal is folded into its file.
COMPACT_SECONDS = 2.0
#: "Small": at most this many cells (items × hypotheses × analysts).
COMPACT_CELLS = 20_000
#: A large case's whole write takes the better part of a second, in a worker but sharing
#: the interpreter with the keys: it waits for a real pause, yet still comes, so that a
#: commit made while the workbench is open carries the ratings.
COMPACT_SECONDS_LARGE = 30.0


@dataclass
class Saved(Message):
    result: SaveResult
    changed: list[Path]


@dataclass
class DiskChanged(Message):
    changed: list[Path]


@dataclass
class Kept(Message):
    workspace: Workspace
    result: SaveResult


@dataclass
class Reloaded(Message):
    workspace: Workspace | None
    case: Case | None
    library: Library | None
    problem: str = ""
    forced: bool = False


class FileActions(_Base):
    """Message handlers here go by name (``on_saved``): ``@on`` is not seen in a mixin."""

    def init_files(self) -> None:
        self.saver = Saver(self.session.workspace, self.session.case.id)
        #: Unsaved changes, and the files changed on disk: the user must choose.
        self.conflict = False
        self._conflict_files: list[Path] = []
        self._conflicts: tuple = ()
        self._reload_problem = ""

    def start_watching(self) -> None:
        self.set_interval(WATCH_SECONDS, self._watch, name="watch files")
        self._compact_timer: Timer | None = None
        self._say_notices()

    def _say_notices(self) -> None:
        """What the workspace had to say (a journal set aside, a torn line cut off)."""
        for workspace in {id(w): w for w in (self.session.workspace,
                                             self.saver.workspace)}.values():
            while workspace.notices:
                self.notify(workspace.notices.pop(0), severity="warning", markup=False,
                            timeout=12)

    @property
    def indicator(self) -> SaveIndicator:
        return self.query_one(SaveIndicator)

    # -- saving
    def queue_save(self, change: Change) -> None:
        s = self.session
        # Ratings alone go to the journal; anything else rewrites the case file.
        whole = change.touches_case and not change.ratings_only
        self.saver.queue(s.snapshot(), case=whole, library_keys=change.library_keys(s.library),
                         rows={(edit.analyst, edit.evidence_id) for edit in change.cells})
        if self.conflict:
            return  # held until the user chooses (ctrl+l)
        self.indicator.set_state(SaveState.SAVING)
        self.save_now()

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def save_now(self) -> None:
        result = self.saver.write_pending()
        changed = (self.saver.changed_on_disk() or []) if result.conflict else []
        self.post_message(Saved(result, changed))

    def on_saved(self, event: Saved) -> None:
        result = event.result
        self._say_notices()
        if result.conflict:
            self._enter_conflict(event.changed, result.conflicts)
            return
        if result.merged:
            self._adopt_merge(result)
        if result.problem:
            self.indicator.set_state(SaveState.FAILED)
            self.notify(result.problem, severity="error", markup=False, timeout=8)
        elif not self.saver.has_pending and not self.conflict:
            self.indicator.set_state(SaveState.SAVED)
            self._schedule_compaction()

    def _schedule_compaction(self) -> None:
        """Fold the journal in once typing has paused: a new timer at every save, since a
        one-shot timer, once fired, cannot be started again."""
        if self._compact_timer is not None:
            self._compact_timer.stop()
        self._compact_timer = self.set_timer(self._compact_delay(), self.compact_now,
                                             name="compact journal")

    def _compact_delay(self) -> float:
        """Small cases fold their journal into the file soon after typing stops; large ones
        after a longer pause, so a whole write seldom competes with the keys (DESIGN.md §6)."""
        case = self.session.case
        cells = len(case.evidence) * len(case.hypotheses) * max(1, len(case.ratings))
        return COMPACT_SECONDS if cells <= COMPACT_CELLS else COMPACT_SECONDS_LARGE

    def _adopt_merge(self, result: SaveResult) -> None:
        """Show the case as merged with others' changes, unless a newer change of ours was
        queued since that save (its own save merges again, and that result is adopted)."""
        if result.seq != self.saver.seq or self.conflict:
            return
        s = self.session
        s.replace(s.workspace, result.merged_case or s.case, result.merged_library or s.library)
        self.saver.adopted(result.merge_token)
        self.query_one("#question").show(s.case.question)
        self.reload_view()
        who = " and ".join(f"{name}'s" for name in result.others) or "others'"
        self.notify(f"Merged {who} changes from disk (undo history cleared).", markup=False)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def compact_now(self) -> None:
        result = self.saver.compact(self.session.snapshot())
        if result.problem or result.merged:
            self.post_message(Saved(result, self.saver.changed_on_disk() or []))

    # -- watching
    def _watch(self) -> None:
        if not self.conflict:
            self.check_disk()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def check_disk(self) -> None:
        changed = self.saver.changed_on_disk()
        if changed:
            self.post_message(DiskChanged(changed))

    def on_disk_changed(self, event: DiskChanged) -> None:
        if self.conflict:
            return
        if self.saver.pending_paths() & set(event.changed):
            self.save_now()  # our save merges their change with ours
        elif not self.saver.has_pending:
            self.reload_from_disk()
        # else: our save of other files goes first; the next check reloads.

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def reload_from_disk(self, forced: bool = False) -> None:
        fresh = Workspace(self.session.workspace.root)
        try:
            case, library = fresh.open(self.session.case.id)
        except (FileProblem, WorkspaceError, OSError) as exc:
            self.post_message(Reloaded(None, None, None, str(exc), forced))
            return
        self.post_message(Reloaded(fresh, case, library, forced=forced))

    def on_reloaded(self, event: Reloaded) -> None:
        if event.problem:
            if event.problem != self._reload_problem:
                self._reload_problem = event.problem
                self.notify(f"The files changed on disk but cannot be read: {event.problem}",
                            severity="error", markup=False, timeout=10)
            return
        self._reload_problem = ""
        if self.saver.has_pending and not event.forced:
            return  # an edit arrived meanwhile: the next check decides again
        assert event.workspace and event.case and event.library
        if event.forced:
            self.saver.discard()
        self.session.replace(event.workspace, event.case, event.library)
        self.saver.adopt(event.workspace)
        self.conflict = False
        self.query_one("#question").show(event.case.question)
        self.reload_view()
        self.indicator.set_state(SaveState.SAVED)
        self.notify("Reloaded: the files changed on disk (undo history cleared).",
                    markup=False)

    # -- a conflict: the user decides
    def _enter_conflict(self, changed: list[Path], conflicts: tuple = ()) -> None:
        self.conflict = True
        self._conflict_files = changed
        self._conflicts = conflicts
        self.indicator.set_state(SaveState.CONFLICT)
        self.update_bindings()
        self.action_resolve()

    def action_resolve(self) -> None:
        if not self.conflict:
            return
        names = [self.session.workspace.relative(p) for p in self._conflict_files]
        self.app.push_screen(ConflictScreen(names or ["(the case's files)"],
                                            [c.description for c in self._conflicts]),
                             self._resolved)

    def _resolved(self, choice: str | None) -> None:
        if choice in (OURS, THEIRS):
            self.conflict = False
            self.update_bindings()
            self.indicator.set_state(SaveState.SAVING)
            self.settle_conflicts(choice)
        elif choice == RELOAD:
            self.reload_from_disk(forced=True)
        elif choice == KEEP:
            self.keep_mine()
        else:
            self.notify("Not saved until you choose: ctrl+l.", severity="warning",
                        markup=False)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def settle_conflicts(self, prefer: str) -> None:
        """Save again, taking ``prefer``'s side where both changed the same thing; every
        other change, ours and theirs, is kept by the merge."""
        result = self.saver.write_pending(prefer=prefer)
        changed = (self.saver.changed_on_disk() or []) if result.conflict else []
        self.post_message(Saved(result, changed))

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def keep_mine(self) -> None:
        fresh = Workspace(self.session.workspace.root)
        try:
            fresh.open(self.session.case.id)  # learn the files as they are now
        except (FileProblem, WorkspaceError, OSError):
            pass  # a broken file on disk is overwritten all the same: the user chose
        result = self.saver.overwrite(fresh)
        self.post_message(Kept(fresh, result))

    def on_kept(self, event: Kept) -> None:
        self.session.workspace = event.workspace
        result = event.result
        if result.problem:
            self.indicator.set_state(SaveState.FAILED)
            self.notify(result.problem, severity="error", markup=False, timeout=8)
            return
        self.conflict = False
        self.update_bindings()
        self.indicator.set_state(SaveState.SAVED)
        names = ", ".join(self.session.workspace.relative(p) for p in result.written)
        self.notify(f"Kept yours: wrote {names or 'nothing new'}.", markup=False)

    # -- quitting
    def quit_checks(self) -> Text | None:
        """Why quitting now would lose work, or None."""
        if self.conflict:
            return Text("Your latest changes are not saved: the files changed on disk.\n"
                        "Quit anyway and lose them?")
        if self.indicator.state is SaveState.FAILED:
            return Text("Your latest changes could not be saved.\nQuit anyway and lose them?")
        return None

    def request_quit(self) -> None:
        problem = self.quit_checks()
        if problem is None:
            self.app.exit(0)
            return
        self.app.push_screen(ConfirmScreen(problem, yes="Quit"),
                             lambda yes: self.app.exit(1) if yes else None)
