"""The method's small forms: why an item is set aside, how hypotheses relate, a recorded
what-if's title, an indicator and a change of its status.

Each dismisses with its result, or None when cancelled (see ``FormScreen``); in the
quick ones, enter in a one-line field saves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from ach.model import Hypothesis, Indicator, IndicatorStatus, Relation
from ach.tui.kit.modal_form import FormScreen, choice, labelled, line_input, text_box
from ach.tui.kit.text import one_line

T = TypeVar("T")

NO_ITEM = "-"
#: The status a change most often moves to next (the form's first suggestion).
_NEXT = {IndicatorStatus.NOT_SEEN: IndicatorStatus.EMERGING,
         IndicatorStatus.EMERGING: IndicatorStatus.SEEN}
#: Title-like fields: the model's limit.
LINE_LIMIT = 500


class QuickForm(FormScreen[T], Generic[T]):
    """A short form: enter in a one-line field saves it, as ctrl+s does."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()


def line_problems(label: str, text: str) -> list[str]:
    """Why a required line of text will not do (none: it will)."""
    if not text:
        return [f"{label}: must not be empty"]
    if len(text) > LINE_LIMIT:
        return [f"{label}: is too long (at most {LINE_LIMIT} characters)"]
    return []


# -- refine ------------------------------------------------------------------------------

#: The Select value for "no relation": the two are mutually exclusive, as ACH assumes.
EXCLUSIVE = "-"
_RELATIONS = [("mutually exclusive (no relation)", EXCLUSIVE),
              ("not mutually exclusive with it", Relation.NOT_EXCLUSIVE.value),
              ("subsumes it (includes it as a case)", Relation.SUBSUMES.value)]


class ExcludeForm(QuickForm[str]):
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


# -- a recorded what-if ------------------------------------------------------------------

class ScenarioForm(QuickForm[tuple[str, str]]):
    """A title (and a note) for a what-if recorded for the briefing."""

    heading = "Record the what-if as a scenario"
    FIRST_FIELD = "#title"

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def fields(self) -> Iterable[Widget]:
        shown = "; ".join(self.lines[:4]) + (" …" if len(self.lines) > 4 else "")
        yield Static(Text(shown, "dim"), classes="form-context")
        yield labelled("Title (what question does it ask?)",
                       line_input("", "title", "e.g. What if the adviser's remarks were "
                                  "planted?"))
        yield labelled("Note for readers (optional)", text_box("", "note"),
                       classes="field tall")

    def build(self) -> tuple[str, str] | list[str]:
        title = one_line(self.query_one("#title", Input).value)
        problems = line_problems("Title", title)
        return problems or (title, self.query_one("#note", TextArea).text.strip())


# -- indicators --------------------------------------------------------------------------

class IndicatorForm(QuickForm[tuple[str, str]]):
    """A new indicator (its hypothesis and words), or new words for one."""

    FIRST_FIELD = "#text"

    def __init__(self, hypotheses: list[tuple[str, str]], hypothesis_id: str | None, *,
                 text: str | None = None) -> None:
        super().__init__()
        self.hypotheses = hypotheses
        self.hypothesis_id = hypothesis_id or hypotheses[0][1]
        self.text = text
        self.heading = "New indicator" if text is None else "Edit the indicator"

    def fields(self) -> Iterable[Widget]:
        select = choice("hypothesis", self.hypotheses, self.hypothesis_id)
        select.disabled = self.text is not None
        yield labelled("Hypothesis it would signal", select)
        yield labelled("Indicator (what would be seen if events took this course)",
                       line_input(self.text or "", "text",
                                  "e.g. A new Iran–Iraq security agreement is signed"))

    def build(self) -> tuple[str, str] | list[str]:
        text = one_line(self.query_one("#text", Input).value)
        problems = line_problems("Indicator", text)
        return problems or (str(self.query_one("#hypothesis", Select).value), text)


@dataclass(frozen=True)
class StatusResult:
    status: IndicatorStatus
    date: dt.date
    evidence_id: str | None
    note: str


class StatusForm(QuickForm[StatusResult]):
    """A change of status: which, when, and the evidence item that showed it."""

    FIRST_FIELD = "#status"

    def __init__(self, indicator: Indicator, items: list[tuple[str, str]],
                 current_item: str | None) -> None:
        super().__init__()
        self.indicator = indicator
        self.items = items
        self.current_item = current_item
        self.heading = "Change of status"

    def fields(self) -> Iterable[Widget]:
        yield Static(Text(one_line(self.indicator.text), "bold"), classes="form-context")
        status = _NEXT.get(self.indicator.status, self.indicator.status)
        yield labelled("Status", choice("status", [(s.value, s.value) for s in IndicatorStatus],
                                        status.value))
        yield labelled("Date it changed", line_input(dt.date.today().isoformat(), "date",
                                                     "YYYY-MM-DD"))
        options = [("(no evidence item)", NO_ITEM), *self.items]
        known = {key for _, key in self.items}
        yield labelled("Evidence item that showed it",
                       choice("evidence", options, self.current_item
                              if self.current_item in known else NO_ITEM))
        yield labelled("Note (optional)", line_input("", "note"))

    def build(self) -> StatusResult | list[str]:
        text = self.query_one("#date", Input).value.strip()
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            return [f"Date: {text!r} is not a date like 2024-12-25"]
        evidence = str(self.query_one("#evidence", Select).value)
        return StatusResult(IndicatorStatus(str(self.query_one("#status", Select).value)), date,
                            None if evidence == NO_ITEM else evidence,
                            one_line(self.query_one("#note", Input).value))
