"""The question on top, the line saying who rates and how rows are shown, and whether the
work is on disk."""

from __future__ import annotations

from enum import StrEnum

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from ach.tui.kit.text import one_line


class SaveState(StrEnum):
    SAVED = "saved"
    SAVING = "saving"
    CONFLICT = "conflict"
    FAILED = "failed"


_WORDS = {SaveState.SAVED: "✓ saved", SaveState.SAVING: "… saving",
          SaveState.CONFLICT: "! changed on disk", SaveState.FAILED: "! not saved"}


class SaveIndicator(Widget):
    """Says whether everything is on disk; its class colours it (see app.tcss).

    Fixed in width, so a change of state repaints it alone (it changes at every edit).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-saved")
        self.state = SaveState.SAVED

    def set_state(self, state: SaveState) -> None:
        if state is self.state:
            return
        self.remove_class(f"-{self.state.value}")
        self.state = state
        self.add_class(f"-{state.value}")
        self.refresh()

    def render(self) -> Text:
        return Text(_WORDS[self.state])


class QuestionBar(Static):
    def show(self, question: str) -> None:
        self.update(Text(one_line(question), style="bold"))


class InfoBar(Static):
    """``case · rating as … · sort …``; a read-only view is said loudly."""

    def show(self, case_id: str, analyst: str, viewing: str, rows: str,
             back: str = "v: back") -> None:
        text = Text(f"{case_id} · ")
        if viewing == analyst:
            text.append(f"rating as {one_line(analyst)}")
        else:
            text.append(f"viewing {one_line(viewing)}'s ratings, read-only ({back})", "bold")
        text.append(f" · {rows}")
        self.set_class(viewing != analyst, "-readonly")
        self.update(text)
