"""Settling merge conflicts: each with what it is about, its base, ours and theirs; a side each.

Dismisses with the choices, by file: ``{path: {conflict id: "ours" | "theirs"}}``
(only the conflicts decided), or None when cancelled; the caller settles them.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ach.figures import plural
from ach.merge.conflict import MISSING, RATINGS_PREFIX, SIDES, Conflict, thing
from ach.tui.kit.text import shorten
from ach.tui.team.merges import ConflictFile

Choices = dict[Path, dict[str, str]]
UNDECIDED = "?"
FILE_WIDTH = 16
KEYS = "o ours · t theirs · u undecided · O/T all ours/theirs · ctrl+s settle · esc cancel"
SIDES_NOTE = ("ours: the branch you merged into (when rebasing, the one you rebase onto); "
              "theirs: the other")


class ResolveScreen(ModalScreen[Choices | None]):
    BINDINGS = [
        Binding("o", "choose('ours')", "ours", tooltip="Take ours for this conflict"),
        Binding("t", "choose('theirs')", "theirs", tooltip="Take theirs for this conflict"),
        Binding("u", "choose('')", "undecided", tooltip="Leave this conflict for later"),
        Binding("O", "choose_all('ours')", "all ours", tooltip="Take ours for every conflict"),
        Binding("T", "choose_all('theirs')", "all theirs",
                tooltip="Take theirs for every conflict"),
        Binding("ctrl+s", "settle", "settle", tooltip="Settle the conflicts decided"),
        Binding("escape", "cancel", "cancel", tooltip="Close without settling anything"),
    ]

    def __init__(self, files: list[ConflictFile]) -> None:
        super().__init__()
        self.files = list(files)
        #: Row key → (file, conflict); and the side chosen for each row key.
        self.rows: dict[str, tuple[ConflictFile, Conflict]] = {
            f"{i}:{c.id}": (f, c) for i, f in enumerate(self.files) for c in f.conflicts}
        self.chosen: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        files = len(self.files)
        heading = Text()
        heading.append(f"{plural(len(self.rows), 'merge conflict')}"
                       + (f" in {files} files" if files > 1 else f" in {self.files[0].name}")
                       + ": the files hold ours until you settle them", "bold")
        heading.append("\n" + KEYS, "dim")
        with Vertical(classes="dialog resolve"):
            yield Static(heading, classes="form-title")
            yield DataTable(id="conflicts", cursor_type="row")
            with VerticalScroll(id="conflict-body", can_focus=False):
                yield Static(id="conflict")
            yield Static("", classes="form-errors", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        several = len(self.files) > 1
        widths = {"take": 6, "id": max(len(c.id) for _, c in self.rows.values()),
                  **({"file": FILE_WIDTH} if several else {})}
        # The description takes what the dialog leaves (90% of the screen, at most 96 wide).
        inner = min(96, self.app.size.width * 9 // 10) - 6
        widths["conflict"] = max(20, inner - sum(widths.values()) - 2 * len(widths) - 2)
        keys = [table.add_column(label, width=width) for label, width in widths.items()]
        self._take_column = keys[0]
        for key, (file, conflict) in self.rows.items():
            cells = [Text(UNDECIDED), Text(conflict.id)]
            if several:
                cells.append(Text(shorten(Path(file.name).stem, FILE_WIDTH)))
            cells.append(Text(shorten(headline(conflict), widths["conflict"])))
            table.add_row(*cells, key=key)
        table.focus()

    # -- choosing
    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _set(self, key: str, side: str) -> None:
        if side:
            self.chosen[key] = side
        else:
            self.chosen.pop(key, None)
        self.query_one(DataTable).update_cell(key, self._take_column, Text(side or UNDECIDED))

    def action_choose(self, side: str) -> None:
        key = self._current()
        if key is None:
            return
        self._set(key, side)
        self.query_one(DataTable).action_cursor_down()
        self._show(self._current())

    def action_choose_all(self, side: str) -> None:
        for key in self.rows:
            self._set(key, side)
        self._show(self._current())

    @on(DataTable.RowSelected, "#conflicts")
    def _cycle(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) steps through ours, theirs, undecided."""
        event.stop()
        key = event.row_key.value
        if key is not None:
            after = {"": "ours", "ours": "theirs", "theirs": ""}[self.chosen.get(key, "")]
            self._set(key, after)
            self._show(key)

    # -- what the highlighted conflict is
    @on(DataTable.RowHighlighted, "#conflicts")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.row_key.value)

    def _show(self, key: str | None) -> None:
        if key is None or key not in self.rows:
            return
        file, conflict = self.rows[key]
        self.query_one("#conflict", Static).update(describe(file, conflict,
                                                            self.chosen.get(key, "")))

    # -- done
    def action_settle(self) -> None:
        if not self.chosen:
            errors = self.query_one(".form-errors", Static)
            errors.update("Nothing decided yet: o takes ours, t theirs (O, T for all).")
            errors.add_class("-shown")
            return
        choices: Choices = {}
        for key, side in self.chosen.items():
            file, conflict = self.rows[key]
            choices.setdefault(file.path, {})[conflict.id] = side
        self.dismiss(choices)

    def action_cancel(self) -> None:
        self.dismiss(None)


def describe(file: ConflictFile, conflict: Conflict, side: str) -> Group:
    """The conflict in full: its description, then base, ours and theirs (literal text)."""
    head = Text(f"{conflict.id} ", "bold")
    head.append(f"({file.name}) ", "dim")
    head.append(conflict.description)
    values = Table.grid(padding=(0, 1))
    values.add_column(no_wrap=True, style="bold")
    values.add_column(ratio=1)
    for name in ("base", *SIDES):
        label = Text(name)
        if name == side:
            label.append(" ✓ take")
        if conflict.kind == "deleted" and name == conflict.removed_on:
            values.add_row(label, Text("removes it", "italic"))
            continue
        values.add_row(label, Text(full_value(conflict.kind, getattr(conflict, name))))
    return Group(head, values, Text(SIDES_NOTE, "dim"))


def headline(conflict: Conflict) -> str:
    """What a conflict is about, in a few words (the description says it all)."""
    if conflict.kind == "cell":
        analyst = conflict.table.removeprefix(RATINGS_PREFIX)
        return f"{analyst}'s rating of {conflict.record} × {conflict.field}"
    if conflict.kind == "deleted":
        return f"{thing(conflict.table)} {conflict.record}: removed on {conflict.removed_on}"
    return f"{thing(conflict.table)} {conflict.record}: {conflict.field}"


def full_value(kind: str, value: object) -> str:
    """A side's value without shortening: a rating and its reason, a text, or JSON."""
    if value is MISSING:
        return "not rated" if kind == "cell" else "(not set)"
    if kind == "cell" and isinstance(value, dict):
        reason = value.get("reason")
        return f"{value.get('rating', '?')}" + (f": {reason}" if reason else " (no reason)")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
