"""What the command palette (ctrl+p) offers: the actions of a list that can run now on the
screen (``ach.tui.palette`` gives it the workbench's list; the source view its own)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ach.tui.kit import actions

#: Actions that make no sense from inside the palette itself.
_NOT_IN_PALETTE = {"palette"}


class ActionsProvider(Provider):
    def listed(self) -> Iterable[actions.Action]:
        """The actions this palette may offer (a subclass names them)."""
        return ()

    def _offered(self) -> Iterator[actions.Action]:
        screen = self.screen
        for spec in self.listed():
            if spec.id in _NOT_IN_PALETTE:
                continue
            _, name, params = actions.parse(spec.action_string)
            if spec.action.startswith("app."):
                yield spec
            elif hasattr(screen, f"action_{name}") and screen.check_action(name, params) is True:
                yield spec  # only a screen that has the action can run it

    def _key_help(self, spec: actions.Action) -> str:
        if not spec.keys:
            return "no key"
        keys = [self.app.get_key_display(Binding(k, "")) for k in spec.keys.split(",")]
        return "key: " + " or ".join(keys)

    def _command(self, spec: actions.Action):
        target = self.app if spec.action.startswith("app.") else self.screen
        action = spec.action_string.removeprefix("app.")
        return partial(target.run_action, action)

    async def discover(self) -> Hits:
        for spec in self._offered():
            yield DiscoveryHit(spec.help, self._command(spec), help=self._key_help(spec))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in self._offered():
            score = matcher.match(spec.help)
            if score > 0:
                yield Hit(score, matcher.highlight(spec.help), self._command(spec),
                          help=self._key_help(spec))
