"""The same cells or fields changed here and on disk: the person decides, we never guess.

Everything else was merged already; this dialog is about the listed conflicts only,
each shown with both values. No single-letter key answers it (a person typing ratings
or moving about must not answer it unseen): Tab to a button and Enter, or Escape for
later. When the files cannot be merged at all (removed, unreadable), it offers to
reload them or to write ours over them instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

OURS, THEIRS = "ours", "theirs"
RELOAD, KEEP, LATER = "reload", "keep", "later"


class ConflictScreen(ModalScreen[str]):
    DEFAULT_CSS = """
    ConflictScreen VerticalScroll.dialog-text { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "choose('later')", "later", tooltip="Decide later (ctrl+l)")]

    def __init__(self, files: Sequence[str], conflicts: Sequence[str] = ()) -> None:
        super().__init__()
        self.files = list(files)
        self.conflicts = list(conflicts)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            with VerticalScroll(classes="dialog-text"):
                yield Static(self._text())
            with Horizontal(classes="form-buttons"):
                if self.conflicts:
                    yield Button("Keep mine for these", variant="warning", id=OURS)
                    yield Button("Take theirs for these", id=THEIRS)
                else:
                    yield Button("Reload theirs", id=RELOAD)
                    yield Button("Write mine over theirs", variant="error", id=KEEP)
                yield Button("Later (esc)", id=LATER)

    def _text(self) -> Text:
        names = ", ".join(self.files)
        if not self.conflicts:
            text = Text("Changed on disk and cannot be merged", "bold")
            text.append(f" (another ach, an editor or git): {names}\n\n")
            text.append("Reload the files and lose your unsaved changes, or write yours over "
                        "the files on disk? Until you choose, nothing is saved.")
            return text
        text = Text("Changed two ways", "bold")
        text.append(f": another ach changed {names} where you did too. Everything else of "
                    "theirs and yours is merged; for these, choose:\n\n")
        for line in self.conflicts:
            text.append(f"  • {line}\n")
        text.append("\nUntil you choose (Tab to a button, Enter), nothing is saved.")
        return text

    def on_mount(self) -> None:
        self.query_one(f"#{LATER}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
