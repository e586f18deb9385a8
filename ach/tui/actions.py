"""Every action of the workbench, in one list.

The key bindings, the footer, the command palette and the help screen are all
built from ``all_actions()``, so they cannot disagree. Each action names the
conditions it needs (``needs``); the main screen decides whether they hold now,
which dims the key in the footer and hides the command in the palette.

Later features add their actions without touching this list: a module named in
``ACTION_MODULES`` exposes ``ACTIONS``, a list of ``Action``s whose ``run`` is
called with the main screen (``MainScreen`` offers ``session``, ``scoreboard`` (live
scores), ``cursor()``, ``apply()``, ``reload_view()``, ``show_lens()``,
``change_listeners`` and ``push_screen``); the module may also expose ``on_open``,
called with the main screen once the case is on screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from textual.actions import parse
from textual.binding import Binding

#: Modules that contribute actions (each exposes ``ACTIONS: list[Action]``).
ACTION_MODULES: tuple[str, ...] = ("ach.tui.briefing", "ach.tui.team", "ach.tui.sources",
                                   "ach.tui.method")

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
    #: A Textual action string in the main screen's namespace.
    action: str = ""
    group: str = "Other"
    footer: bool = False
    needs: frozenset[str] = frozenset()
    key_display: str | None = None
    binding_group: Binding.Group | None = None
    #: Checked before the focused widget sees the key (and shown over the App's own binding).
    priority: bool = False
    #: For actions added by other modules: called with the main screen.
    run: Callable[[Any], Any] | None = None

    @property
    def action_string(self) -> str:
        return self.action or f"extension({self.id!r})"

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


@cache
def all_actions() -> tuple[Action, ...]:
    """The built-in actions and those of ``ACTION_MODULES``."""
    found = list(ACTIONS)
    for name in ACTION_MODULES:
        found.extend(importlib.import_module(name).ACTIONS)
    return tuple(found)


@cache
def open_hooks() -> tuple[Callable[[Any], Any], ...]:
    """The ``on_open`` of each of ``ACTION_MODULES`` that has one."""
    modules = (importlib.import_module(name) for name in ACTION_MODULES)
    return tuple(hook for module in modules if (hook := getattr(module, "on_open", None)))


def bindings() -> list[Binding]:
    return [b for a in all_actions() if (b := a.binding()) is not None]


def find(action_name: str, parameters: tuple[object, ...]) -> Action | None:
    """The action a Textual action call belongs to (for check_action)."""
    return _by_call().get((action_name, tuple(parameters)))


@cache
def _by_call() -> dict[tuple[str, tuple], Action]:
    table = {}
    for action in all_actions():
        _, name, params = parse(action.action_string)
        table[(name, tuple(params))] = action
    return table


def by_id(action_id: str) -> Action | None:
    return next((a for a in all_actions() if a.id == action_id), None)


def groups() -> dict[str, list[Action]]:
    """Actions by group, in the order groups first appear (for the help screen)."""
    table: dict[str, list[Action]] = {}
    for action in all_actions():
        table.setdefault(action.group, []).append(action)
    return table
