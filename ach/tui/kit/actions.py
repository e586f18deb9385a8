"""The workbench's built-in actions, and what an action is.

The key bindings, the footer, the command palette and the help screen are all
built from one list (``ach.tui.keys``: these and each feature's own, imported by
name). Each action names the conditions it needs (``needs``); the screen decides
whether they hold now, which dims the key in the footer and hides the command in
the palette. Every action is a method of the screen (``action`` names it).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.actions import parse
from textual.binding import Binding

# Conditions an action may need (see MainScreen.holds).
EDIT = "edit"          # rating as yourself, not viewing someone else's ratings
CELL = "cell"          # a row and a column under the cursor
ROW = "row"            # an evidence row under the cursor
COLUMN = "column"      # a hypothesis column under the cursor
UNDO = "undo"
REDO = "redo"
CONFLICT = "conflict"  # the files changed on disk and we have unsaved changes
CONDITIONS = (EDIT, CELL, ROW, COLUMN, UNDO, REDO, CONFLICT)


@dataclass(frozen=True)
class Action:
    id: str
    #: Keys as Textual names them, comma-separated; empty for palette-only actions.
    keys: str
    description: str
    help: str
    #: A Textual action string in the screen's namespace (``app.`` for the App's).
    action: str
    group: str = "Other"
    footer: bool = False
    needs: frozenset[str] = frozenset()
    key_display: str | None = None
    binding_group: Binding.Group | None = None
    #: Checked before the focused widget sees the key (and shown over the App's own binding).
    priority: bool = False

    @property
    def action_string(self) -> str:
        return self.action

    def binding(self) -> Binding | None:
        if not self.keys:
            return None
        return Binding(self.keys, self.action_string, self.description, show=self.footer,
                       key_display=self.key_display, tooltip=self.help, id=self.id,
                       group=self.binding_group, priority=self.priority)


def _needs(*names: str) -> frozenset[str]:
    return frozenset(names)


_RATE = Binding.Group("rate")
_RATINGS = (("1", "CC", "very consistent"), ("2", "C", "consistent"), ("3", "N", "neutral"),
            ("4", "I", "inconsistent"), ("5", "II", "very inconsistent"),
            ("0", "NA", "not applicable"))

ACTIONS: list[Action] = [
    *(Action(f"rate-{code.lower()}", key, f"rate {code}",
             f"Rate the cell {code} ({meaning})", f"rate({code!r})", "Rate", footer=True,
             needs=_needs(EDIT, CELL), binding_group=_RATE)
      for key, code, meaning in _RATINGS),
    Action("clear", "backspace,delete", "clear", "Clear the cell's rating (and its reason)",
           "rate('')", "Rate", needs=_needs(EDIT, CELL)),
    Action("reason", "r,enter", "reason", "Write or read the reason for the cell's rating",
           "reason", "Rate", footer=True, needs=_needs(CELL)),
    Action("undo", "ctrl+z,u", "undo", "Undo the last change", "undo", "Rate", footer=True,
           needs=_needs(EDIT, UNDO), key_display="u"),
    Action("redo", "ctrl+y,ctrl+r", "redo", "Redo what was undone", "redo", "Rate",
           needs=_needs(EDIT, REDO)),
    Action("up", "up,k", "up", "Move up a row", "move(-1, 0)", "Move"),
    Action("down", "down,j", "down", "Move down a row", "move(1, 0)", "Move"),
    Action("left", "left,h", "left", "Move left a column", "move(0, -1)", "Move"),
    Action("right", "right,l", "right", "Move right a column", "move(0, 1)", "Move"),
    Action("page-up", "pageup", "page up", "Move up a screenful", "page(-1)", "Move"),
    Action("page-down", "pagedown", "page down", "Move down a screenful", "page(1)", "Move"),
    Action("first-row", "home,g", "first row", "Go to the first row", "move(-1000000, 0)",
           "Move"),
    Action("last-row", "end,G", "last row", "Go to the last row", "move(1000000, 0)", "Move"),
    Action("add-evidence", "a", "add", "Add an evidence item below the cursor",
           "add_evidence", "Evidence", footer=True, needs=_needs(EDIT)),
    Action("edit-evidence", "e", "edit", "Edit the evidence item under the cursor",
           "edit_evidence", "Evidence", needs=_needs(EDIT, ROW)),
    Action("delete-evidence", "d", "delete item",
           "Take the item under the cursor out of the case, with its ratings",
           "delete_evidence", "Evidence", needs=_needs(EDIT, ROW)),
    Action("move-evidence-up", "shift+up,K", "item up", "Move the item up (order as entered)",
           "move_evidence(-1)", "Evidence", needs=_needs(EDIT, ROW)),
    Action("move-evidence-down", "shift+down,J", "item down",
           "Move the item down (order as entered)", "move_evidence(1)", "Evidence",
           needs=_needs(EDIT, ROW)),
    Action("exclude", "x", "exclude", "Exclude the item from scoring, or count it again",
           "toggle_excluded", "Evidence", needs=_needs(EDIT, ROW)),
    Action("add-hypothesis", "A", "add hypothesis", "Add a hypothesis after the current one",
           "add_hypothesis", "Hypotheses", needs=_needs(EDIT)),
    Action("edit-hypothesis", "E", "edit hypothesis", "Edit the hypothesis under the cursor",
           "edit_hypothesis", "Hypotheses", needs=_needs(EDIT, COLUMN)),
    Action("delete-hypothesis", "D", "delete hypothesis",
           "Delete the hypothesis under the cursor, with everyone's ratings of it",
           "delete_hypothesis", "Hypotheses", needs=_needs(EDIT, COLUMN)),
    Action("move-hypothesis-left", "shift+left,H", "hypothesis left",
           "Move the hypothesis one column left", "move_hypothesis(-1)", "Hypotheses",
           needs=_needs(EDIT, COLUMN)),
    Action("move-hypothesis-right", "shift+right,L", "hypothesis right",
           "Move the hypothesis one column right", "move_hypothesis(1)", "Hypotheses",
           needs=_needs(EDIT, COLUMN)),
    Action("sort", "s", "sort", "Sort the evidence: as entered, diagnosticity, date, type",
           "cycle_sort", "View"),
    Action("filter", "slash", "filter", "Show only the items containing some text",
           "filter", "View", key_display="/"),
    Action("clear-filter", "escape", "clear filter", "Clear the filter", "clear_filter",
           "View"),
    Action("hide-excluded", "X", "hide excluded",
           "Hide the items excluded from scoring, or show them dimmed", "toggle_hidden",
           "View"),
    Action("switch-analyst", "w", "rate as", "Rate as another analyst (or a new name)",
           "switch_analyst", "Analysts"),
    Action("view-analyst", "v", "view analyst",
           "Show another analyst's ratings, read-only (v again to choose yourself)",
           "view_analyst", "Analysts"),
    Action("resolve", "ctrl+l", "resolve", "Another ach changed what you changed: keep "
           "yours or take theirs", "resolve", "Files", needs=_needs(CONFLICT)),
    Action("theme", "", "theme", "Choose the colour theme (light or dark)", "app.change_theme",
           "Other"),
    Action("help", "question_mark", "help", "List every key", "help", "Other", footer=True,
           key_display="?"),
    Action("palette", "ctrl+p", "palette", "Search every action", "app.command_palette",
           "Other"),
    Action("quit", "ctrl+q", "quit", "Save and quit", "app.quit", "Other", footer=True,
           priority=True),
]


_TABLES: dict[int, tuple[tuple[Action, ...], dict[tuple[str, tuple[object, ...]], Action]]] = {}


def find(listed: tuple[Action, ...], name: str,
         parameters: tuple[object, ...]) -> Action | None:
    """The action of ``listed`` a Textual action call belongs to (for check_action, which
    runs at every footer refresh: each list's table is built once)."""
    entry = _TABLES.get(id(listed))
    if entry is None or entry[0] is not listed:
        table = {}
        for action in listed:
            _, action_name, params = parse(action.action_string)
            table[(action_name, tuple(params))] = action
        entry = _TABLES[id(listed)] = (listed, table)
    return entry[1].get((name, tuple(parameters)))


__all__ = ["ACTIONS", "CONDITIONS", "Action", "find", "parse"]
