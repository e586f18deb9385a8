"""Every key of a screen, from the same list that builds its bindings and the palette."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ach.tui.kit import actions


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "close", tooltip="Close help")]

    def __init__(self, listed: dict[str, list[actions.Action]] | None = None,
                 footnote: Text | None = None) -> None:
        super().__init__()
        self._listed = listed or {}
        self._footnote = footnote or Text()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Text("Keys (esc closes; ctrl+p searches every action)", "bold"),
                         classes="form-title")
            with VerticalScroll(id="help-body"):
                yield Static(self._keys())
                yield Static(self._ratings())

    def _keys(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        for group, members in self.groups().items():
            heading = Text(group)
            heading.stylize("bold underline")  # the word only, not the column's padding
            table.add_row("", heading)
            for action in members:
                table.add_row(Text(self.key_text(action)), Text(action.help))
        return table

    def groups(self) -> dict[str, list[actions.Action]]:
        """The actions listed, by group (a screen with keys of its own lists those)."""
        return self._listed

    def key_text(self, action: actions.Action) -> str:
        if not action.keys:
            return "palette"
        keys = [self.app.get_key_display(Binding(k, "")) for k in action.keys.split(",")]
        return " ".join(keys)

    def _ratings(self) -> Text:
        """What follows the keys (the matrix's ratings, say)."""
        return self._footnote

    def action_close(self) -> None:
        self.dismiss(None)
