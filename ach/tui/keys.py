"""The one list of the workbench's actions: the built-in ones and each feature's, imported
by name. The matrix screen's bindings, the footer, the command palette and the help
screen are all built from it, so they cannot disagree."""

from __future__ import annotations

from textual.binding import Binding

from ach.tui.files import briefing
from ach.tui.history import feature as history
from ach.tui.kit import actions
from ach.tui.kit.actions import Action
from ach.tui.method import feature as method
from ach.tui.sources import feature as sources
from ach.tui.team import feature as team

#: In the order the help screen lists their groups.
ALL: tuple[Action, ...] = (*actions.ACTIONS, *briefing.ACTIONS, *team.ACTIONS,
                           *sources.ACTIONS, *method.ACTIONS, *history.ACTIONS)


def all_actions() -> tuple[Action, ...]:
    return ALL


def bindings() -> list[Binding]:
    return [b for a in ALL if (b := a.binding()) is not None]


def find(action_name: str, parameters: tuple[object, ...]) -> Action | None:
    """The action a Textual action call belongs to (for check_action)."""
    return actions.find(ALL, action_name, parameters)


def groups() -> dict[str, list[Action]]:
    """Actions by group, in the order groups first appear (for the help screen)."""
    table: dict[str, list[Action]] = {}
    for action in ALL:
        table.setdefault(action.group, []).append(action)
    return table
