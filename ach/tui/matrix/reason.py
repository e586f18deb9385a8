"""The reason for one rating: why this item is (in)consistent with this hypothesis."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static, TextArea

from ach.model import Cell, Rating
from ach.tui.kit.modal_form import FormScreen, choice, labelled, text_box
from ach.tui.kit.text import one_line

NOT_RATED = "-"


@dataclass(frozen=True)
class ReasonResult:
    """The cell to keep: None clears it."""

    cell: Cell | None


class ReasonForm(FormScreen[ReasonResult]):
    def __init__(self, evidence: str, hypothesis: str, cell: Cell | None, *,
                 read_only: bool = False, rater: str = "") -> None:
        super().__init__()
        self.evidence = evidence
        self.hypothesis = hypothesis
        self.cell = cell
        self.read_only = read_only
        self.heading = f"Reason ({rater}, read-only)" if read_only else "Rating and reason"

    def fields(self) -> Iterable[Widget]:
        about = Text()
        about.append("Item: ", "bold")
        about.append(one_line(self.evidence))
        about.append("\nHypothesis: ", "bold")
        about.append(one_line(self.hypothesis))
        yield Static(about, classes="form-context")
        options = [(f"{r.value} · {r.label}", r.value) for r in Rating]
        options.append(("not rated", NOT_RATED))
        rating = choice("rating", options, self.cell.rating.value if self.cell else NOT_RATED)
        rating.disabled = self.read_only
        yield labelled("Rating", rating)
        area = text_box(self.cell.reason if self.cell else "", "reason",
                        read_only=self.read_only)
        yield labelled("Reason", area, classes="field tall")

    FIRST_FIELD = "#reason"

    def on_mount(self) -> None:
        if self.read_only:
            self.query_one("#save").display = False

    def build(self) -> ReasonResult | list[str]:
        if self.read_only:
            return ["This is another analyst's rating: it cannot be changed here."]
        value = str(self.query_one("#rating").value)
        reason = self.query_one("#reason", TextArea).text.strip()
        if value == NOT_RATED:
            if reason:
                return ["Rating: a reason needs a rating; choose one, or clear the reason"]
            return ReasonResult(None)
        return ReasonResult(Cell(rating=Rating(value), reason=reason))
