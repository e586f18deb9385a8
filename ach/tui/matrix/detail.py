"""The selected item and cell in words: the hypothesis (its full title, description and
what would refute it), the rating under the cursor with its reason, and the item (quote,
source, date, type, credibility, relevance).

The panel has a fixed height, so what it says is fitted to it: each part may take a few
lines, and when they do not all fit the less needed ones give way first, so the item's
quote and source line never fall off the end. From ``SIDE_BY_SIDE`` columns wide the
hypothesis and the item stand side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from ach.model import Cell, Evidence, Hypothesis, Source
from ach.tui.kit.line_drawn import CachedStyles, changed_lines
from ach.tui.kit.text import ELLIPSIS, one_line

#: From this many columns of text the hypothesis and the item are shown side by side.
SIDE_BY_SIDE = 100
#: The gap between the two sides.
GAP = 2


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
    cell: Cell | None
    rater: str
    #: What people call them (E3, H2).
    item_ref: str = ""
    hypothesis_ref: str = ""


@dataclass(frozen=True)
class Part:
    """A part of the panel: at most ``most`` lines, and at least ``least`` when cut."""

    name: str
    text: Text
    most: int
    least: int = 1


#: When the parts do not fit, they give way in this order, each down to the lines given:
#: first the long ones to a line, then what can go.
GIVE_WAY = (("description", 1), ("quote", 2), ("refuted", 1), ("cell", 1), ("summary", 1),
            ("quote", 1), ("facts", 0), ("refuted", 0), ("description", 0), ("excluded", 0))


def hypothesis_parts(data: DetailData) -> list[Part]:
    """The focused hypothesis and its cell: whose rating, and why."""
    hyp = data.hypothesis
    if hyp is None:
        return [Part("cell", Text("No hypothesis selected.", "dim"), 1)]
    text = Text()
    text.append(f"{data.hypothesis_ref} ", "bold")
    text.append(one_line(hyp.title), "bold")
    cell = data.cell
    if cell is None:
        text.append(f" · not rated by {data.rater}", "dim")
    else:
        text.append(f" · {cell.rating.value} {cell.rating.label} ({data.rater})")
        if cell.reason:
            text.append(": " + one_line(cell.reason))
    parts = [Part("cell", text, 2)]
    if hyp.description:
        parts.append(Part("description", Text(one_line(hyp.description), "dim"), 3, 0))
    if hyp.refuted_by:
        refuted = Text("Refuted by: ", "dim bold")
        refuted.append(one_line(hyp.refuted_by), "dim")
        parts.append(Part("refuted", refuted, 2, 0))
    return parts


def item_parts(data: DetailData, notes: Sequence[str] = ()) -> list[Part]:
    """The item: warnings about it first (never the ones to give way), then its words."""
    item = data.item
    parts = [Part("note", Text("⚠ " + one_line(note), "bold red"), 2) for note in notes]
    if item is None:
        parts.append(Part("summary", Text(
            "No item selected." if data.evidence_id is None else
            f"{data.item_ref}: this item is missing from evidence/.", "dim"), 2))
        return parts
    summary = Text(f"{data.item_ref} ", "bold")
    summary.append(one_line(item.summary), "bold")
    parts.append(Part("summary", summary, 2))
    facts = [item.type.label, item.date.isoformat() if item.date else "undated",
             f"credibility {item.credibility.value}", f"relevance {data.relevance}",
             f"diagnosticity {data.diagnosticity:.2f}"]
    if data.linchpin:
        facts.append("LINCHPIN")
    if item.deception:
        facts.append("possible deception")
    parts.append(Part("facts", Text(" · ".join(facts), "dim"), 2, 0))
    if data.excluded:
        reason = f": {one_line(data.exclusion_reason)}" if data.exclusion_reason else ""
        parts.append(Part("excluded", Text(f"Excluded from scoring{reason}", "italic"), 1, 0))
    if item.quote:
        parts.append(Part("quote", Text("“" + one_line(item.quote) + "”", "italic"), 4))
    parts.append(Part("source", Text(_provenance(item, data.source), "dim"), 2))
    return parts


def fit(parts: Sequence[Part], width: int, height: int, console: Console) -> list[Text]:
    """The parts' lines at this width, cut to ``height`` lines as ``GIVE_WAY`` says."""
    wrapped = [list(part.text.wrap(console, width)) if width > 0 else [] for part in parts]
    keep = [min(part.most, len(lines)) for part, lines in zip(parts, wrapped, strict=True)]
    for name, floor in GIVE_WAY:
        for i, part in enumerate(parts):
            while sum(keep) > height and part.name == name and keep[i] > max(floor, 0):
                keep[i] -= 1
    lines: list[Text] = []
    for lines_of, kept in zip(wrapped, keep, strict=True):
        shown = [line.copy() for line in lines_of[:kept]]
        if shown and kept < len(lines_of):
            last = shown[-1]
            last.rstrip()
            last.truncate(max(0, width - 1))
            last.append(ELLIPSIS, last.style)
        lines.extend(shown)
    return lines[:height]


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


class DetailPanel(CachedStyles, Widget):
    """A fixed-height panel: a new text repaints it without laying out the screen again.

    Drawn a line at a time: the text is wrapped once per change and width, and its
    lines handed out as they are asked for (cheaper than a renderable re-rendered on
    every cursor move).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: All it says, as one text (the tests read it).
        self.text = Text()
        self.data: DetailData | None = None
        #: Other features' warnings about the item shown: evidence id → a line, or None
        #: (``ach.tui.sources.feature`` says when a quote is not where its item says).
        self.notes: list[Callable[[str], str | None]] = []
        self._hypothesis: list[Part] = []
        self._item: list[Part] = []
        self._lines: list[Strip] | None = None
        self._lines_size = (0, 0)
        #: Lines handed to the screen (the tests read it).
        self.lines_rendered = 0

    def show(self, data: DetailData) -> None:
        self.data = data
        evidence_id = data.evidence_id
        notes = [line for note in self.notes if evidence_id and (line := note(evidence_id))]
        self._hypothesis = hypothesis_parts(data)
        self._item = item_parts(data, notes)
        self.text = Text("\n").join(p.text for p in self._stacked())
        old = self._lines
        if old is None or not self._lines_size[0]:
            self._lines = None
            self.refresh()
            return
        # Redraw only the lines that changed: a move along a row changes the first.
        self._lines = self._draw(*self._lines_size)
        changed = changed_lines(old, self._lines, self._lines_size[0])
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
        size = (self.content_region.width, self.content_region.height)
        if self._lines is None or size != self._lines_size:
            self._lines = self._draw(*size)
            self._lines_size = size
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(size[0], self.component_style(""))

    def _draw(self, width: int, height: int) -> list[Strip]:
        if width <= 0 or height <= 0:
            return []
        if width < SIDE_BY_SIDE:
            return self._strips(fit(self._stacked(), width, height, self.app.console), width)
        # Wide: the hypothesis on the left, the item (its notes first) on the right.
        left = (width - GAP) * 2 // 5
        right = width - GAP - left
        console = self.app.console
        hyp = self._strips(fit(self._hypothesis, left, height, console), left)
        item = self._strips(fit(self._item, right, height, console), right)
        base = self.component_style("")
        blank_left, blank_right = Strip.blank(left, base), Strip.blank(right, base)
        gap = Strip.blank(GAP, base)
        return [Strip.join([hyp[y] if y < len(hyp) else blank_left, gap,
                            item[y] if y < len(item) else blank_right])
                for y in range(max(len(hyp), len(item)))]

    def _stacked(self) -> list[Part]:
        """One above the other: warnings about the item first (never out of sight), then
        the hypothesis and its cell, then the item."""
        notes = [p for p in self._item if p.name == "note"]
        return [*notes, *self._hypothesis, *(p for p in self._item if p.name != "note")]

    def _strips(self, lines: list[Text], width: int) -> list[Strip]:
        console = self.app.console
        base: Style = self.component_style("")
        return [Strip(Segment.apply_style(line.render(console), base)).crop_extend(0, width, base)
                for line in lines]
