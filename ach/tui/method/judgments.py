"""Key judgments in the workbench: the analyst's own statement of the conclusion, in
ICD 203's words (ACH-METHOD.md "Estimative language"): the sentence, its likelihood as
one of the seven terms, the confidence (stated apart from the likelihood), the basis
and the hypothesis it concerns.

The form returns a ``JudgmentDraft``; ``ach.tui.method.feature`` makes it the change
``ach judgment`` makes (``ach.edits.judgments``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from ach.edits.judgments import JudgmentDraft
from ach.estimative import MATRIX_READING
from ach.model import Case, Confidence, EstimativeTerm, KeyJudgment
from ach.tui.kit.modal_form import FormScreen, choice, labelled, line_input, text_box
from ach.tui.kit.text import one_line, shorten
from ach.tui.method.forms import line_problems

#: The Select value for a judgment about no one hypothesis.
NO_HYPOTHESIS = "-"
#: Choices of the list beside each judgment's id.
NEW = "+new"
RESTATE, REMOVE = "restate", "remove"


class JudgmentForm(FormScreen[JudgmentDraft]):
    FIRST_FIELD = "#judgment_text"

    def __init__(self, case: Case, judgment: KeyJudgment | None, reading: str = "",
                 hypothesis_id: str | None = None) -> None:
        super().__init__()
        self.case = case
        self.judgment = judgment
        #: The matrix's reading of the hypothesis the cursor is on, for comparison.
        self.reading = reading
        self.hypothesis_id = judgment.hypothesis_id if judgment else hypothesis_id
        self.heading = "Key judgment" if judgment is None else f"Key judgment {judgment.id}"

    def fields(self) -> Iterable[Widget]:
        j = self.judgment
        about = Text("Your own judgment, not the matrix's arithmetic. Likelihood and "
                     "confidence are stated apart (ICD 203).", "dim")
        if self.reading:
            about.append(f"\n{self.reading}", "dim")
        yield Static(about, classes="form-context")
        yield labelled("Judgment (one sentence)", line_input(
            j.text if j else "", "judgment_text", "e.g. Baghdad is hedging between Washington "
            "and Tehran"))
        yield labelled("Likelihood", choice(
            "judgment_term", [(t.value, t.value) for t in EstimativeTerm],
            (j.term if j else EstimativeTerm.ROUGHLY_EVEN).value))
        yield labelled("Confidence", choice(
            "judgment_confidence", [(c.value, c.value) for c in Confidence],
            (j.confidence if j else Confidence.MODERATE).value))
        yield labelled("Basis", text_box(j.basis if j else "", "judgment_basis"),
                       classes="field tall")
        hyps = [(NO_HYPOTHESIS, "(no one hypothesis)")] + [
            (h.id, f"H{i} {shorten(h.title, 60)}") for i, h in enumerate(self.case.hypotheses, 1)]
        yield labelled("About the hypothesis", choice(
            "judgment_hypothesis", [(label, key) for key, label in hyps],
            self.hypothesis_id or NO_HYPOTHESIS))

    def build(self) -> JudgmentDraft | list[str]:
        text = one_line(self.query_one("#judgment_text", Input).value)
        hypothesis = self.query_one("#judgment_hypothesis", Select).value
        draft = JudgmentDraft(
            text, EstimativeTerm(self.query_one("#judgment_term", Select).value),
            Confidence(self.query_one("#judgment_confidence", Select).value),
            self.query_one("#judgment_basis", TextArea).text.strip(),
            None if hypothesis == NO_HYPOTHESIS else str(hypothesis))
        return line_problems("Judgment", text) or draft


def judgment_choices(case: Case) -> list[tuple[str, str]]:
    found = [(NEW, "record a new key judgment…")]
    for n, j in enumerate(case.judgments, 1):
        found.append((j.id, f"{n}. {shorten(j.text, 70)} ({j.term.value}, "
                            f"{j.confidence.value} confidence)"))
    return found


NOTE = (f"The scores panel shows {MATRIX_READING}; a key judgment is what you conclude. "
        "Enter: open one.")
