"""The command palette of the workbench: every action of ``ach.tui.keys`` that can run now."""

from __future__ import annotations

from collections.abc import Iterable

from ach.tui import keys
from ach.tui.kit.actions import Action
from ach.tui.kit.provider import ActionsProvider


class WorkbenchActions(ActionsProvider):
    def listed(self) -> Iterable[Action]:
        return keys.all_actions()
