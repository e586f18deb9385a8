"""Choosing from a list: an analyst to rate as or to view, a case to open."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ach.tui.kit.modal_form import literal


def valid_analyst(name: str) -> str | None:
    """The problem with an analyst name, or None (the CLI's rule: not empty, no controls)."""
    if not name.strip():
        return "the name must not be empty"
    if any(ord(ch) < 32 for ch in name):
        return "the name must not contain control characters"
    return None


class PickScreen(ModalScreen[str | None]):
    """A list of choices (by key); with ``new_label`` set, also a box for a new name."""

    BINDINGS = [Binding("escape", "cancel", "cancel", tooltip="Close without choosing")]

    def __init__(self, heading: str, choices: Sequence[tuple[str, str]], current: str | None,
                 *, new_label: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.choices = list(choices)
        self.current = current
        self.new_label = new_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pick"):
            yield Static(Text(self.heading, "bold"), classes="form-title")
            yield OptionList(*(Option(literal(label), id=key) for key, label in self.choices),
                             id="choices")
            if self.new_label:
                yield Static(Text(self.new_label))
                yield Input(id="new-name", placeholder="type a name and press enter")
            yield Static("", classes="form-errors", markup=False)

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        keys = [key for key, _ in self.choices]
        if self.current in keys:
            options.highlighted = keys.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#new-name")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        problem = valid_analyst(name)
        if problem:
            errors = self.query_one(".form-errors", Static)
            errors.update(Text(f"Name: {problem}"))  # the problem may quote what was typed
            errors.add_class("-shown")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
