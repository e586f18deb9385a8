"""Dependence groups in the workbench: the form that makes or redefines a group, the
choice of a group for the item under the cursor, and the suggested groups.

Each returns what the analyst chose; ``ach.tui.method.feature`` turns it into a change
of ``ach.edits.judgments``, the one ``ach group`` makes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from ach.edits.judgments import resolve_items
from ach.grouping import Suggestion
from ach.model import Case, GroupKind
from ach.tui.kit.modal_form import choice, labelled, line_input, literal
from ach.tui.method.forms import QuickForm, line_problems

#: The choices of ``GroupChoice`` beside each group's id.
NEW, UNGROUP = "+new", "-out"
_KINDS = [(k.value.replace("-", " "), k.value) for k in GroupKind]


@dataclass(frozen=True)
class GroupAnswer:
    label: str
    kind: GroupKind
    members: tuple[str, ...]


class GroupForm(QuickForm[GroupAnswer]):
    """A group's label, kind and items (ids or E-numbers); enter saves."""

    heading = "Group items that are not independent (they count once between them)"
    FIRST_FIELD = "#group_label"

    def __init__(self, case: Case, members: Sequence[str], label: str = "",
                 kind: GroupKind = GroupKind.SAME_SOURCE) -> None:
        super().__init__()
        self.case = case
        self.members = list(members)
        self.label = label
        self.kind = kind

    def fields(self) -> Iterable[Widget]:
        yield Static(Text("Each of k counted items of a group weighs w/k, so the group "
                          "weighs like the average of its members.", "dim"),
                     classes="form-context")
        yield labelled("Label", line_input(self.label, "group_label",
                                           "e.g. al-Sumidei interview"))
        yield labelled("Kind", choice("group_kind", _KINDS, self.kind.value))
        yield labelled("Items (ids or E-numbers, at least two)",
                       line_input(" ".join(self.members), "group_members", "e.g. E4 E5 e-06"))

    def build(self) -> GroupAnswer | list[str]:
        label = " ".join(self.query_one("#group_label", Input).value.split())
        problems = line_problems("Label", label)
        try:
            members = resolve_items(self.case, self.query_one("#group_members", Input).value)
        except ValueError as exc:
            return [*problems, f"Items: {exc}"]
        if len(members) < 2:
            problems.append("Items: a group needs at least two different items")
        kind = GroupKind(self.query_one("#group_kind", Select).value)
        return problems or GroupAnswer(label, kind, tuple(members))


class Choice(ModalScreen[str | None]):
    """A short list to choose from with enter (escape: nothing)."""

    BINDINGS = [Binding("escape", "cancel", "cancel", tooltip="Close without choosing")]

    def __init__(self, heading: str, choices: Sequence[tuple[str, str]], note: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.choices = list(choices)
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pick"):
            yield Static(Text(self.heading, "bold"), classes="form-title")
            if self.note:
                yield Static(Text(self.note, "dim"))
            yield OptionList(*(Option(literal(label), id=key) for key, label in self.choices),
                             id="choices")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def group_choices(case: Case, evidence_id: str) -> list[tuple[str, str]]:
    """Where the item can go: a new group, each group it is not in, or out of its own."""
    found = [(NEW, "a new group… (label, kind, items)")]
    for g in case.groups:
        if evidence_id in g.members:
            found.append((UNGROUP, f"take it out of “{g.label}”"))
        else:
            found.append((g.id, f"join “{g.label}” ({g.kind.value}, {len(g.members)} items)"))
    return found


def suggestion_choices(suggestions: Sequence[Suggestion]) -> list[tuple[str, str]]:
    return [(str(i), f"{s.label} — {', '.join(s.members)} ({s.kind.value}: {s.why})")
            for i, s in enumerate(suggestions)]
