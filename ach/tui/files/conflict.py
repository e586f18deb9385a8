"""The files changed on disk while we have unsaved changes: the user decides, we never guess."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

RELOAD, KEEP, LATER = "reload", "keep", "later"


class ConflictScreen(ModalScreen[str]):
    BINDINGS = [
        Binding("r", "choose('reload')", "reload theirs", tooltip="Discard my unsaved changes"),
        Binding("k", "choose('keep')", "keep mine", tooltip="Overwrite the files on disk"),
        Binding("escape,l", "choose('later')", "later", tooltip="Decide later (ctrl+l)"),
    ]

    def __init__(self, files: Sequence[str]) -> None:
        super().__init__()
        self.files = list(files)

    def compose(self) -> ComposeResult:
        text = Text("Changed on disk since this workbench read it", "bold")
        text.append(" (another ach, an editor or git):\n")
        for name in self.files:
            text.append(f"  {name}\n")
        text.append("\nYou have changes that are not saved yet. Reload the files and lose "
                    "your unsaved changes, or keep yours and overwrite the files on disk? "
                    "Until you choose, nothing is saved.")
        with Vertical(classes="dialog"):
            yield Static(text, classes="dialog-text")
            with Horizontal(classes="form-buttons"):
                yield Button("Reload theirs (r)", id=RELOAD)
                yield Button("Keep mine (k)", variant="error", id=KEEP)
                yield Button("Later (esc)", id=LATER)

    def on_mount(self) -> None:
        self.query_one(f"#{LATER}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
