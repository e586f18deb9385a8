"""The selected item and cell in words: quote, source, date, type, credibility, relevance,
and the rating under the cursor with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

from ach.model import Cell, Evidence, Hypothesis, Source
from ach.tui.text import one_line


@dataclass(frozen=True)
class DetailData:
    item: Evidence | None
    evidence_id: str | None
    source: Source | None
    relevance: str
    excluded: bool
    exclusion_reason: str
    diagnosticity: float
    linchpin: bool
    hypothesis: Hypothesis | None
    column: int
    cell: Cell | None
    rater: str


def describe(data: DetailData) -> Text:
    """Literal text (never markup): analyst words are shown exactly as typed."""
    text = _cell_line(data)
    text.append("\n")
    item = data.item
    if item is None:
        text.append("No item selected." if data.evidence_id is None else
                    f"{data.evidence_id}: this item is missing from evidence/.", "dim")
    else:
        text.append(f"{item.id} ", "bold")
        text.append(one_line(item.summary), "bold")
        facts = [item.type.label, item.date.isoformat() if item.date else "undated",
                 f"credibility {item.credibility.value}", f"relevance {data.relevance}",
                 f"diagnosticity {data.diagnosticity:.2f}"]
        if data.linchpin:
            facts.append("LINCHPIN")
        if item.deception:
            facts.append("possible deception")
        text.append("\n" + " · ".join(facts), "dim")
        if data.excluded:
            reason = f": {one_line(data.exclusion_reason)}" if data.exclusion_reason else ""
            text.append(f"\nExcluded from scoring{reason}", "italic")
        if item.quote:
            text.append("\n“" + one_line(item.quote) + "”", "italic")
        text.append("\n" + _provenance(item, data.source), "dim")
    return text


def _provenance(item: Evidence, source: Source | None) -> str:
    parts = []
    if source is not None:
        where = ", ".join(p for p in (source.publisher,
                                      source.published.isoformat() if source.published else "")
                          if p)
        parts.append(f"Source: {one_line(source.title)}" + (f" ({where})" if where else ""))
    elif item.source_id:
        parts.append(f"Source: {item.source_id} (not in evidence/)")
    else:
        parts.append("No source")
    if item.said_by:
        parts.append(f"said by {one_line(item.said_by)}")
    return " · ".join(parts)


def _cell_line(data: DetailData) -> Text:
    text = Text()
    hyp = data.hypothesis
    if hyp is None:
        text.append("No hypothesis selected.", "dim")
        return text
    text.append(f"H{data.column + 1} ", "bold")
    text.append(one_line(hyp.title), "bold")
    cell = data.cell
    if cell is None:
        text.append(f" · not rated by {data.rater}", "dim")
    else:
        text.append(f" · {cell.rating.value} {cell.rating.label} ({data.rater})")
        if cell.reason:
            text.append(": " + one_line(cell.reason))
    return text


class DetailPanel(Widget):
    """A fixed-height panel: a new text repaints it without laying out the screen again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()

    def show(self, data: DetailData) -> None:
        self.text = describe(data)
        self.refresh()

    def render(self) -> Text:
        return self.text
