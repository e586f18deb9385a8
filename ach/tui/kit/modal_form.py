"""The frame every modal form shares: a title, fields, the problems in words, Save/Cancel.

A form is a ``ModalScreen`` that dismisses with its result, or with None when
cancelled. ``build()`` returns the result or the list of problems to show; a
bad value is reported in the form and never closes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

T = TypeVar("T")


class FormScreen(ModalScreen[T | None], Generic[T]):
    BINDINGS = [
        Binding("escape", "cancel", "cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "submit", "save", tooltip="Check and save"),
    ]

    #: Shown as the form's heading.
    heading = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(Text(self.heading), classes="form-title")
            with VerticalScroll(classes="form-fields", can_focus=False):
                yield from self.fields()
            with Horizontal(classes="form-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
            yield Static("", classes="form-errors", markup=False)

    #: Focused on opening (a selector); without scrolling, so its label stays in view.
    FIRST_FIELD = "Input, TextArea"
    AUTO_FOCUS = None

    def on_mount(self) -> None:
        self.query(self.FIRST_FIELD).first().focus(scroll_visible=False)

    def fields(self) -> Iterable[Widget]:
        raise NotImplementedError

    def build(self) -> T | list[str]:
        """The result, or the problems (one line each) that stop it."""
        raise NotImplementedError

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        result = self.build()
        if isinstance(result, list):
            self.show_problems(result)
        else:
            self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_problems(self, problems: list[str]) -> None:
        errors = self.query_one(".form-errors", Static)
        errors.update("\n".join(problems))
        errors.set_class(bool(problems), "-shown")


def labelled(label: str, widget: Widget, classes: str = "field") -> Vertical:
    """A field: its label above the widget."""
    return Vertical(Label(label), widget, classes=classes)


def literal(text: str) -> Content:
    """Analyst text for a Select or list option: shown as typed, never as markup."""
    return Content(text)


def line_input(value: str, input_id: str, placeholder: str = "") -> Input:
    return Input(value, id=input_id, placeholder=placeholder, compact=True)


def text_box(value: str, area_id: str, *, read_only: bool = False) -> TextArea:
    """Several lines of analyst text; tab leaves the box rather than typing a tab."""
    return TextArea(value, id=area_id, soft_wrap=True, tab_behavior="focus",
                    read_only=read_only, compact=True)


def choice(select_id: str, options: Iterable[tuple[str, str]], value: str) -> Select[str]:
    return Select([(literal(label), key) for label, key in options], value=value,
                  allow_blank=False, id=select_id, compact=True)
