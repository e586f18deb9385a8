"""The forms that add and edit hypotheses and evidence items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pydantic import ValidationError
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, TextArea

from ach.model import CaseEvidence, Evidence, EvidenceType, Hypothesis, Level, Source
from ach.names import title_clash
from ach.store import NO_SOURCE
from ach.tui.kit.modal_form import FormScreen, choice, labelled, line_input, text_box
from ach.tui.kit.text import describe_errors, one_line

_LEVELS = [(f"{level.value} · {level.label}", level.value) for level in Level]


# -- hypotheses ----------------------------------------------------------------------

class HypothesisForm(FormScreen[Hypothesis]):
    LABELS = {"title": "Title", "description": "Description", "proposed_by": "Proposed by"}

    def __init__(self, hypothesis: Hypothesis, others: Iterable[tuple[str, str]], *,
                 adding: bool) -> None:
        super().__init__()
        self.hypothesis = hypothesis
        #: (id, title) of every other hypothesis of the case.
        self.others = list(others)
        self.heading = "New hypothesis" if adding else f"Edit hypothesis {hypothesis.id}"

    def fields(self) -> Iterable[Widget]:
        h = self.hypothesis
        yield labelled("Title", line_input(h.title, "title", "one line, e.g. Baghdad hedges"))
        yield labelled("Description", text_box(h.description, "description"),
                       classes="field tall")
        yield labelled("Proposed by", line_input(h.proposed_by, "proposed_by"))

    def build(self) -> Hypothesis | list[str]:
        title = one_line(self.query_one("#title", Input).value)
        problems = []
        if title and (clash := title_clash(title, self.others)):
            problems.append(f"Title: {clash}")
        data = {**self.hypothesis.model_dump(), "title": title,
                "description": self.query_one("#description", TextArea).text.strip(),
                "proposed_by": self.query_one("#proposed_by", Input).value.strip()}
        try:
            hypothesis = Hypothesis.model_validate(data)
        except ValidationError as exc:
            return problems + describe_errors(exc, self.LABELS)
        return problems or hypothesis


# -- evidence ------------------------------------------------------------------------

@dataclass(frozen=True)
class EvidenceResult:
    item: Evidence
    ref: CaseEvidence


class EvidenceForm(FormScreen[EvidenceResult]):
    LABELS = {"summary": "Summary", "quote": "Quote", "source_id": "Source",
              "said_by": "Said by", "type": "Type", "date": "Date",
              "credibility": "Credibility", "relevance": "Relevance",
              "exclusion_reason": "Reason for excluding"}

    def __init__(self, item: Evidence, ref: CaseEvidence, sources: Mapping[str, Source], *,
                 adding: bool) -> None:
        super().__init__()
        self.item = item
        self.ref = ref
        self.sources = sources
        self.heading = "New evidence item" if adding else f"Edit evidence item {item.id}"

    def fields(self) -> Iterable[Widget]:
        item, ref = self.item, self.ref
        sources = [("(no source: assumption, absence, argument…)", NO_SOURCE)] + sorted(
            ((f"{one_line(s.title)} ({s.id})", s.id) for s in self.sources.values()),
            key=lambda pair: pair[0].casefold())
        if item.source_id and item.source_id not in self.sources:
            sources.append((f"{item.source_id} (not in evidence/)", item.source_id))
        yield labelled("Summary", line_input(item.summary, "summary",
                                             "one line saying what the item shows"))
        yield labelled("Quote (verbatim)", text_box(item.quote, "quote"), classes="field tall")
        yield labelled("Source", choice("source_id", sources, item.source_id or NO_SOURCE))
        yield labelled("Said by", line_input(item.said_by, "said_by"))
        yield Horizontal(
            labelled("Type", choice("type", [(t.label, t.value) for t in EvidenceType],
                                    item.type.value)),
            labelled("Date of the event", line_input(item.date.isoformat() if item.date else "",
                                                     "date", "YYYY-MM-DD")),
            classes="field-row")
        yield Horizontal(
            labelled("Credibility", choice("credibility", _LEVELS, item.credibility.value)),
            labelled("Relevance", choice("relevance", _LEVELS,
                                         (ref.relevance or item.relevance).value)),
            classes="field-row")
        yield Checkbox("Possibly deception", item.deception, id="deception", compact=True)
        yield Checkbox("Excluded from scoring", ref.excluded, id="excluded", compact=True)
        yield labelled("Reason for excluding", line_input(ref.exclusion_reason,
                                                          "exclusion_reason"))

    def _value(self, select_id: str) -> str:
        return str(self.query_one(f"#{select_id}", Select).value)

    def build(self) -> EvidenceResult | list[str]:
        problems = []
        date_text = self.query_one("#date", Input).value.strip()
        date = None
        if date_text:
            try:
                date = dt.date.fromisoformat(date_text)
            except ValueError:
                problems.append(f"Date: {date_text!r} is not a date like 2024-12-25")
        source_id = self._value("source_id")
        source_id = None if source_id == NO_SOURCE else source_id
        item = self.item
        relevance = Level(self._value("relevance"))
        # The case may weigh an item differently from its source file: keep that where it is.
        case_relevance = self.ref.relevance is not None
        data = {
            **item.model_dump(),
            "summary": one_line(self.query_one("#summary", Input).value),
            "quote": self.query_one("#quote", TextArea).text.strip(),
            "source_id": source_id,
            "location": item.location if source_id == item.source_id else None,
            "said_by": self.query_one("#said_by", Input).value.strip(),
            "type": self._value("type"),
            "date": date,
            "credibility": self._value("credibility"),
            "relevance": item.relevance if case_relevance else relevance,
            "deception": self.query_one("#deception", Checkbox).value,
        }
        excluded = self.query_one("#excluded", Checkbox).value
        ref_data = {**self.ref.model_dump(),
                    "relevance": relevance if case_relevance else None,
                    "excluded": excluded,
                    "exclusion_reason": (self.query_one("#exclusion_reason", Input).value.strip()
                                         if excluded else "")}
        try:
            new_item = Evidence.model_validate(data)
            new_ref = CaseEvidence.model_validate(ref_data)
        except ValidationError as exc:
            return problems + describe_errors(exc, self.LABELS)
        return problems or EvidenceResult(new_item, new_ref)
