"""The selected item and cell in words: quote, source, date, type, credibility, relevance,
and the rating under the cursor with its reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from ach.model import Cell, Evidence, Hypothesis, Source
from ach.tui.kit.line_drawn import CachedStyles, changed_lines
from ach.tui.kit.text import one_line


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


def describe(data: DetailData, notes: Sequence[str] = ()) -> Text:
    """Literal text (never markup): analyst words are shown exactly as typed.

    ``notes`` are warnings about the item (a quote not found in its source), shown
    first so the panel's fixed height never hides them."""
    text = Text()
    if data.item is not None:
        for note in notes:
            text.append("⚠ " + one_line(note) + "\n", "bold red")
    text.append_text(_cell_line(data))
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
        parts.append(_NO_SOURCE.get(item.type.value, "No source given"))
    if item.said_by:
        parts.append(f"said by {one_line(item.said_by)}")
    return " · ".join(parts)


#: Items that need no source say what they are instead.
_NO_SOURCE = {"assumption": "No source: an assumption",
              "absence": "No source: absence of evidence",
              "argument": "No source: the analyst's argument"}


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


class DetailPanel(CachedStyles, Widget):
    """A fixed-height panel: a new text repaints it without laying out the screen again.

    Drawn a line at a time: the text is wrapped once per change and width, and its
    lines handed out as they are asked for (cheaper than a renderable re-rendered on
    every cursor move).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()
        self.data: DetailData | None = None
        #: Other features' warnings about the item shown: evidence id → a line, or None
        #: (``ach.tui.sources.feature`` says when a quote is not where its item says).
        self.notes: list[Callable[[str], str | None]] = []
        self._lines: list[Strip] | None = None
        self._lines_width = 0
        #: Lines handed to the screen (the tests read it).
        self.lines_rendered = 0

    def show(self, data: DetailData) -> None:
        self.data = data
        evidence_id = data.evidence_id
        notes = [line for note in self.notes if evidence_id and (line := note(evidence_id))]
        self.text = describe(data, notes)
        old = self._lines
        if old is None or not self._lines_width:
            self._lines = None
            self.refresh()
            return
        # Redraw only the lines that changed: a move along a row changes the first.
        self._lines = self._wrap(self._lines_width)
        changed = changed_lines(old, self._lines, self._lines_width)
        if changed:
            self.refresh(*changed)

    def redraw(self) -> None:
        """Show the same item again: a note about it may have changed."""
        if self.data is not None:
            self.show(self.data)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None

    def render_line(self, y: int) -> Strip:
        self.lines_rendered += 1
        width = self.content_region.width
        if self._lines is None or width != self._lines_width:
            self._lines = self._wrap(width)
            self._lines_width = width
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(width, self.component_style(""))

    def _wrap(self, width: int) -> list[Strip]:
        if width <= 0:
            return []
        console = self.app.console
        base = self.component_style("")
        return [Strip(Segment.apply_style(line.render(console), base)).crop_extend(0, width, base)
                for line in self.text.wrap(console, width)]

