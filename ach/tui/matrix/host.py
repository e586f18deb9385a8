"""What a feature of the workbench may use of the matrix screen it works on.

Features (the method's steps, the team, sources, the briefing) are objects the screen
owns; each is handed the screen as a ``MatrixHost`` and reaches it only through what
is listed here, so a reader sees at once what a feature can touch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.worker import Worker

from ach.edits.changes import Change
from ach.model import Cell
from ach.tui.matrix.view import MatrixSource, MatrixView
from ach.workbench.live_scores import LiveScores
from ach.workbench.ordering import RowView
from ach.workbench.saving import Saver
from ach.workbench.session import CaseSession


class Lens(MatrixSource, Protocol):
    """A read-only view of the case other than one analyst's ratings (the team's consensus):
    it gives the matrix its cells, the scores panel its scores, the detail its cell."""

    #: Whose view this is, in the words the info line and the scores heading use.
    viewing: str
    #: How to leave it, for the info line ("t: back").
    back: str
    scores: LiveScores

    def cell(self, evidence_id: str, hypothesis_id: str) -> Cell | None: ...


class MatrixHost(Protocol):
    """The matrix screen, as its features see it."""

    session: CaseSession
    #: The scores on screen: the lens's, else the viewed analyst's.
    scoreboard: LiveScores
    row_view: RowView
    lens: Lens | None
    saver: Saver
    #: The files changed on disk while we had unsaved changes.
    conflict: bool
    #: A row's mark when its quote is not where its item says, and the detail's warning.
    quote_mark: Callable[[str], str | None]
    quote_warning: Callable[[str], str | None]

    @property
    def app(self) -> App[object]: ...

    @property
    def matrix(self) -> MatrixView: ...

    @property
    def in_whatif(self) -> bool:
        """A what-if over a copy of the case, never saved."""
        ...

    @property
    def watches_files(self) -> bool:
        """The screen of the case on disk (not a copy): it saves, watches and reloads."""
        ...

    @property
    def shown(self) -> CaseSession | Lens:
        """What the matrix shows: the lens, else the session (its ``viewing`` analyst's)."""
        ...

    def cursor(self) -> tuple[str | None, str | None]: ...

    def action_undo(self) -> None: ...

    def holds(self, condition: str) -> bool:
        """Does a condition of ``ach.tui.kit.actions`` hold now (EDIT, ROW, …)?"""
        ...

    def request_quit(self) -> None: ...

    def apply(self, change: Change | None) -> None: ...

    def show_lens(self, lens: Lens | None) -> None: ...

    def reload_view(self) -> None: ...

    def show_cell(self, evidence_id: str, hypothesis_id: str) -> None: ...

    def reload_from_disk(self, forced: bool = False) -> None: ...

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def post_message(self, message: Message) -> bool: ...

    def run_worker(self, work: Callable[[], None], name: str | None = "", group: str = "default",
                   description: str = "", exit_on_error: bool = True, start: bool = True,
                   exclusive: bool = False, thread: bool = False) -> Worker[None]: ...

    def call_after_refresh(self, callback: Callable[[], object]) -> bool: ...

    def call_later(self, callback: Callable[[], object]) -> bool: ...

    def set_timer(self, delay: float, callback: Callable[[], object] | None = None, *,
                  name: str | None = None, pause: bool = False) -> Timer: ...

    def set_interval(self, interval: float, callback: Callable[[], object] | None = None, *,
                     name: str | None = None, repeat: int = 0, pause: bool = False) -> Timer: ...
