"""Heuer's step 4 in two small forms: why an item is set aside, and how hypotheses relate."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from ach.model import Hypothesis, Relation
from ach.tui.screens.form import FormScreen, choice, labelled, line_input
from ach.tui.text import one_line

#: The Select value for "no relation": the two are mutually exclusive, as ACH assumes.
EXCLUSIVE = "-"
_RELATIONS = [("mutually exclusive (no relation)", EXCLUSIVE),
              ("not mutually exclusive with it", Relation.NOT_EXCLUSIVE.value),
              ("subsumes it (includes it as a case)", Relation.SUBSUMES.value)]


class ExcludeForm(FormScreen[str]):
    """Setting an item aside asks why; the reason may be left empty. Enter saves."""

    heading = "Set the item aside from scoring"
    FIRST_FIELD = "#exclusion_reason"

    def __init__(self, evidence_id: str, summary: str, diagnosticity: float) -> None:
        super().__init__()
        self.evidence_id = evidence_id
        self.summary = summary
        self.diagnosticity = diagnosticity

    def fields(self) -> Iterable[Widget]:
        about = Text()
        about.append(f"{self.evidence_id} ", "bold")
        about.append(one_line(self.summary))
        about.append(f"\ndiagnosticity {self.diagnosticity:.2f}"
                     + (": it cannot tell the hypotheses apart" if self.diagnosticity < 1e-12
                        else ""), "dim")
        about.append("\nThe item stays in the case, dimmed; it counts in no score until x "
                     "brings it back.", "dim")
        yield Static(about, classes="form-context")
        yield labelled("Why set it aside? (optional)",
                       line_input("", "exclusion_reason", "e.g. consistent with every "
                                  "hypothesis; a rumour repeated by one outlet"))

    def on_mount(self) -> None:
        self.query_one("#save", Button).label = "Set aside (enter)"

    @on(Input.Submitted, "#exclusion_reason")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def build(self) -> str:
        return one_line(self.query_one("#exclusion_reason", Input).value)


class RelationsForm(FormScreen[dict[str, Relation]]):
    """What one hypothesis says about each other one (ACH-METHOD.md step 1)."""

    FIRST_FIELD = "Select"

    def __init__(self, hypothesis: Hypothesis, others: list[Hypothesis]) -> None:
        super().__init__()
        self.hypothesis = hypothesis
        self.others = others
        self.heading = "How this hypothesis relates to the others"

    def fields(self) -> Iterable[Widget]:
        about = Text()
        about.append("This hypothesis: ", "bold")
        about.append(one_line(self.hypothesis.title))
        about.append("\nACH assumes the hypotheses exclude one another; say where they do "
                     "not, so readers of the scores know.", "dim")
        yield Static(about, classes="form-context")
        if not self.others:
            yield Static("There is no other hypothesis yet.")
        for i, other in enumerate(self.others):
            current = self.hypothesis.relations.get(other.id)
            # A Text, not a str: the title is the analyst's, never markup.
            yield labelled(Text(f"…and “{one_line(other.title)}”"),  # type: ignore[arg-type]
                           choice(f"relation-{i}", _RELATIONS,
                                  current.value if current else EXCLUSIVE))

    def build(self) -> dict[str, Relation]:
        chosen = {}
        for i, other in enumerate(self.others):
            value = str(self.query_one(f"#relation-{i}", Select).value)
            if value != EXCLUSIVE:
                chosen[other.id] = Relation(value)
        return chosen
