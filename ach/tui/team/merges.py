"""Merge conflicts left in the workspace's files, as the workbench shows and settles them.

A git merge that our driver could not settle leaves the file holding ours and the
conflicts listed beside it (``ach.merge``). The workbench looks for such lists when
the case opens and every few seconds after (a merge may happen while it is open),
says so once in a notification, has the screen keep a mark on its top line while any
are left, and settles them with ``ach.merge.resolve.settle``, as ``ach resolve`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from ach.figures import plural
from ach.jsonfile import FileProblem
from ach.merge import conflicts_path, read_conflicts
from ach.merge.conflict import Conflict
from ach.merge.files import resolve_hint
from ach.merge.resolve import ResolveError, settle
from ach.store import Workspace
from ach.tui.matrix.host import MatrixHost

#: How often the workspace is looked at for new conflict lists (seconds).
CHECK_SECONDS = 2.0


@dataclass(frozen=True)
class ConflictFile:
    path: Path
    #: The path as the user knows it (relative to the workspace).
    name: str
    conflicts: tuple[Conflict, ...]

    @property
    def hint(self) -> str:
        """What ``ach resolve`` takes for this file."""
        return resolve_hint(Path(self.name))


@dataclass(frozen=True)
class Found:
    files: tuple[ConflictFile, ...] = ()
    #: Conflict lists that cannot be read, one line each.
    problems: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return sum(len(f.conflicts) for f in self.files)

    def summary(self) -> tuple[tuple[str, int], ...]:
        return tuple((f.name, len(f.conflicts)) for f in self.files)


def find(workspace: Workspace, case_id: str) -> Found:
    """The case's file and the evidence files whose merge left conflicts (case first)."""
    files, problems = [], []
    for path in (workspace.case_path(case_id), *workspace.evidence_files()):
        if not conflicts_path(path).exists():
            continue
        try:
            conflicts = read_conflicts(path)
        except FileProblem as exc:
            problems.append(f"{workspace.relative(Path(exc.path))}: {exc.problem}")
            continue
        if conflicts:
            files.append(ConflictFile(path, workspace.relative(path), tuple(conflicts)))
    return Found(tuple(files), tuple(problems))


def notice(found: Found) -> str:
    names = ", ".join(f.name for f in found.files)
    several = len(found.files) > 1
    return (f"A merge left {plural(found.count, 'conflict')} unresolved in {names}: the "
            f"file{'s hold' if several else ' holds'} ours for now. M settles them here"
            + ("." if several else f" (or: ach resolve {found.files[0].hint})."))


class MergeMark(Widget):
    """The top line's mark while conflicts wait: ``! 2 merge conflicts (M)``."""

    DEFAULT_CSS = "MergeMark { width: auto; height: 1; padding: 0 1; }"

    def __init__(self) -> None:
        super().__init__(id="merge-mark")
        self.count = 0

    def show(self, count: int) -> None:
        self.count = count
        self.refresh(layout=True)

    def render(self) -> Text:
        return Text(f"! {plural(self.count, 'merge conflict')} (M)")


def look(screen: MatrixHost, then: Callable[[Found], object]) -> None:
    """Find the conflict lists in a worker thread, then call ``then`` on the UI thread."""
    session = screen.session
    workspace, case_id = session.workspace, session.case.id

    def work() -> None:
        found = find(workspace, case_id)
        try:
            screen.app.call_from_thread(then, found)
        except RuntimeError:
            pass  # the app closed meanwhile

    screen.run_worker(work, thread=True, group="merge-conflicts", exit_on_error=False)


class MergeConflictsLeft(Message):
    """How many conflicts wait now: the screen keeps its top line's mark to match."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class MergeWatch:
    """Looks for conflict lists when the case opens and every few seconds after; says so
    when new ones appear, and keeps the mark current."""

    def __init__(self, screen: MatrixHost) -> None:
        self.screen = screen
        self._told: tuple[tuple[str, int], ...] = ()
        self._problems: tuple[str, ...] = ()

    def start(self) -> None:
        self.check()
        self.screen.set_interval(CHECK_SECONDS, self.check, name="merge conflicts")

    def check(self) -> None:
        look(self.screen, self.show)

    def show(self, found: Found) -> None:
        self.screen.post_message(MergeConflictsLeft(found.count))
        summary = found.summary()
        told = dict(self._told)
        if any(count > told.get(name, 0) for name, count in summary):
            self.screen.notify(notice(found), title="Merge conflicts", severity="warning",
                               markup=False, timeout=15)
        if found.problems != self._problems:
            for problem in found.problems:
                self.screen.notify(problem, severity="error", markup=False, timeout=15)
        self._told, self._problems = summary, found.problems


@dataclass(frozen=True)
class Outcome:
    taken: int = 0
    names: tuple[str, ...] = ()
    #: What is still unresolved afterwards, in every file.
    left: Found = Found()
    problem: str = ""


def settle_files(screen: MatrixHost, choices: dict[Path, dict[str, str]]) -> Outcome:
    """In a worker thread: save what is pending, then settle each file's chosen conflicts."""
    saved = screen.saver.write_pending()
    if saved.problem:
        return Outcome(problem=f"your latest changes must be saved first: {saved.problem}")
    session = screen.session
    taken, names = 0, []
    for path, chosen in choices.items():
        if not chosen:
            continue
        try:
            done = settle(path, chosen)
        except (ResolveError, FileProblem) as exc:
            return Outcome(taken, tuple(names), problem=str(exc))
        taken += len(done.taken)
        names.append(session.workspace.relative(path))
    return Outcome(taken, tuple(names), find(session.workspace, session.case.id))


def report(outcome: Outcome) -> str:
    if outcome.problem:
        return f"Not settled: {outcome.problem}"
    said = f"Settled {plural(outcome.taken, 'conflict')} in {', '.join(outcome.names)}."
    if outcome.left.count:
        return f"{said} {plural(outcome.left.count, 'conflict')} still unresolved (M)."
    return (f"{said} Every conflict is settled: now git add {' '.join(outcome.names)} and "
            "finish the merge (git commit; when rebasing, git rebase --continue).")
