"""The source view's keys: one list feeds its bindings, footer, palette and help.

The same ``Action`` records as the main screen's (``ach.tui.kit.actions``), in the
source view's own namespace. Arrows step through sentences and paragraphs;
shift extends the selection; the selection becomes an evidence item with enter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from rich.text import Text
from textual.binding import Binding

from ach.tui.kit import actions
from ach.tui.kit.actions import Action
from ach.tui.kit.help import HelpScreen
from ach.tui.kit.provider import ActionsProvider

EDIT = actions.EDIT  # the analyst may add evidence (not viewing someone else's ratings)
HITS = "hits"  # a search found something

KEYS: list[Action] = [
    Action("src-up", "up,k", "sentence up", "Previous sentence", "sentence(-1)", "Read"),
    Action("src-down", "down,j", "sentence down", "Next sentence", "sentence(1)", "Read"),
    Action("src-left", "left,h", "paragraph up",
           "Start of this paragraph, then the previous one", "paragraph(-1)", "Read"),
    Action("src-right", "right,l", "paragraph down", "Next paragraph", "paragraph(1)", "Read"),
    Action("src-page-up", "pageup", "page up", "Up a screenful", "page(-1)", "Read"),
    Action("src-page-down", "pagedown,space", "page down", "Down a screenful", "page(1)",
           "Read"),
    Action("src-first", "home,g", "first", "First sentence", "ends(0)", "Read"),
    Action("src-last", "end,G", "last", "Last sentence", "ends(1)", "Read"),
    Action("src-next-item", "right_square_bracket", "next quoted",
           "Next passage an evidence item quotes", "quoted(1)", "Read", key_display="]"),
    Action("src-previous-item", "left_square_bracket", "previous quoted",
           "Previous passage an evidence item quotes", "quoted(-1)", "Read", key_display="["),
    Action("src-item", "i", "item", "Back to the quote of the item you came from",
           "item_quote", "Read", footer=True),
    Action("src-extend-down", "shift+down,J", "extend down",
           "Extend the selection by the next sentence (within the paragraph)", "extend(1)",
           "Select"),
    Action("src-extend-up", "shift+up,K", "extend up",
           "Extend the selection by the sentence before (within the paragraph)", "extend(-1)",
           "Select"),
    Action("src-end-later", "shift+right,L", "end +word",
           "Move the selection's end a word later", "end_word(1)", "Select"),
    Action("src-end-earlier", "shift+left,H", "end −word",
           "Move the selection's end a word earlier", "end_word(-1)", "Select"),
    Action("src-start-earlier", "less_than_sign", "start −word",
           "Move the selection's start a word earlier", "start_word(-1)", "Select",
           key_display="<"),
    Action("src-start-later", "greater_than_sign", "start +word",
           "Move the selection's start a word later", "start_word(1)", "Select",
           key_display=">"),
    Action("src-evidence", "enter,a", "evidence",
           "Make the selection an evidence item: quote, location and source filled in; "
           "you add the summary, type, date, credibility and relevance",
           "make_evidence", "Select", footer=True, needs=frozenset({EDIT}), key_display="⏎"),
    Action("src-mend", "m", "mend quote",
           "Mend the quote of the item you came from: the selection becomes its quote "
           "(u undoes it in the matrix)", "mend_quote", "Select", needs=frozenset({EDIT})),
    Action("src-search", "slash", "search", "Search the source (enter goes to the first hit)",
           "search", "Search", footer=True, key_display="/"),
    Action("src-next-hit", "n", "next hit", "Next search hit", "hit(1)", "Search",
           footer=True, needs=frozenset({HITS})),
    Action("src-previous-hit", "N", "previous hit", "Previous search hit", "hit(-1)",
           "Search", needs=frozenset({HITS})),
    Action("src-escape", "escape", "back",
           "Clear the search; with none, back to the matrix", "escape", "Other", footer=True),
    Action("src-close", "q", "back", "Back to the matrix", "close", "Other"),
    Action("src-help", "question_mark", "help", "List the source view's keys", "help",
           "Other", footer=True, key_display="?"),
]


#: The footer's keys, in this order (the help lists every key by group).
FOOTER = ("src-evidence", "src-search", "src-next-hit", "src-item", "src-escape", "src-help")


def bindings() -> list[Binding]:
    ordered = sorted(KEYS, key=lambda a: FOOTER.index(a.id) if a.id in FOOTER else len(FOOTER))
    return [b for a in ordered if (b := a.binding()) is not None]


@cache
def _by_call() -> dict[tuple[str, tuple], Action]:
    table = {}
    for action in KEYS:
        _, name, params = actions.parse(action.action_string)
        table[(name, tuple(params))] = action
    return table


def find(name: str, parameters: tuple[object, ...]) -> Action | None:
    return _by_call().get((name, tuple(parameters)))


def groups() -> dict[str, list[Action]]:
    table: dict[str, list[Action]] = {}
    for action in KEYS:
        table.setdefault(action.group, []).append(action)
    return table


class SourceActionsProvider(ActionsProvider):
    """The palette in the source view: its own actions (the App's provider adds theme, quit)."""

    def listed(self) -> Iterable[Action]:
        return KEYS

    def _offered(self) -> Iterator[Action]:
        screen = self.screen
        for spec in KEYS:
            _, name, params = actions.parse(spec.action_string)
            if screen.check_action(name, params) is True:
                yield spec


class SourceHelp(HelpScreen):
    def groups(self) -> dict[str, list[Action]]:
        return groups()

    @staticmethod
    def _ratings() -> Text:
        return Text("\nA quote stays within one paragraph. Passages already quoted are "
                    "highlighted, their items' ids in the right margin; a quote no longer "
                    "where its item says is shown in the warning colour.")
