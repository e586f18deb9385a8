"""The history's key on the matrix screen: ``y`` opens the history screen."""

from __future__ import annotations

from ach.tui.history.screen import HistoryScreen
from ach.tui.kit.actions import Action
from ach.tui.matrix.host import MatrixHost

GROUP = "History"


def open_history(host: MatrixHost) -> None:
    """The history of the case on screen (read from git in a worker)."""
    host.app.push_screen(HistoryScreen(host.session))


ACTIONS: list[Action] = [
    Action("history", "y", "history",
           "History: the case at every commit (leader, flip margin over time, what each "
           "commit changed, the review once an outcome is recorded); the matrix as it was",
           "history", group=GROUP),
]
