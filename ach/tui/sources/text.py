"""A source document on screen: numbered paragraphs, wrapped, drawn a line at a time.

A ``ScrollView`` on Textual's line API, like the matrix: ``render_line`` draws
only the lines in view, from a ``Layout`` of offsets, so a 500-page text
scrolls as lightly as a short article. Drawn on the text: the selection (what
would become a quote), the passages evidence items already quote (their ids in
the right margin), and search hits. Text is drawn as plain segments, never read
as markup.

The widget keeps the selection; moving it is asked for by the screen's actions
(``move_sentence``, ``extend``, ``move_end`` …) and reported with ``Selected``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ach.sources import Citation, CitationIndex, SourceDocument
from ach.tui.kit.line_drawn import CachedStyles
from ach.tui.sources.layout import Layout
from ach.workbench.source_selection import Selection, Sentences

#: The widest a line of text gets, however wide the terminal: long lines are hard to read.
MAX_TEXT = 96
#: Item ids in the margin are cut to this many cells.
MAX_LABEL = 14


@dataclass(frozen=True)
class Loaded:
    """A document ready to show (built in a worker)."""

    document: SourceDocument
    display: str
    sentences: Sentences
    citations: CitationIndex


class SourceText(CachedStyles, ScrollView, can_focus=True, inherit_bindings=False):
    COMPONENT_CLASSES = {
        "source-text--number", "source-text--number-cursor", "source-text--quoted",
        "source-text--moved", "source-text--selection", "source-text--hit",
        "source-text--hit-current", "source-text--label", "source-text--label-moved",
        "source-text--hint",
    }

    @dataclass
    class Selected(Message):
        """The selection moved (or the text arrived)."""

        start: int
        end: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.loaded: Loaded | None = None
        self.layout_: Layout | None = None
        self.selection = Selection()
        self.hint = "Reading the source…"
        self._by_paragraph: dict[int, list[Citation]] = {}
        self._hits: list[tuple[int, int]] = []
        self._hit_ends: list[int] = []
        self.current_hit = -1
        self._gutter = 4
        self._text_width = 40
        self._margin = 0
        #: For tests and benchmarks: lines drawn.
        self.lines_rendered = 0

    # -- data in
    def show(self, loaded: Loaded, start: int | None = None, end: int | None = None) -> None:
        self.loaded = loaded
        self.selection = Selection(loaded.sentences)
        self._by_paragraph = {}
        for citation in loaded.citations.citations:
            self._by_paragraph.setdefault(citation.paragraph - 1, []).append(citation)
        self._relayout()
        if start is not None and end is not None:
            self.select_span(start, end, centre=True)
        else:
            self.selection.to_sentence(0)
            self._after_move(centre=False)

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self._hits = hits
        self._hit_ends = [end for _, end in hits]
        self.current_hit = -1
        self.refresh()

    @property
    def hits(self) -> list[tuple[int, int]]:
        return self._hits

    # -- layout
    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def _relayout(self) -> None:
        loaded = self.loaded
        width = self.scrollable_content_region.width or self.size.width
        if loaded is None or width <= 0:
            return
        paragraphs = loaded.document.paragraphs
        self._gutter = len(str(len(paragraphs))) + 2
        ids = [c.evidence_id for c in loaded.citations.citations]
        self._margin = min(MAX_LABEL, max(map(len, ids))) + 1 if ids else 0
        if width - self._gutter - self._margin < 30:
            self._margin = 0  # too narrow for labels: the status line names the items
        text_width = max(8, min(MAX_TEXT, width - self._gutter - self._margin))
        if self.layout_ is None or self.layout_.width != text_width:
            self.layout_ = Layout(loaded.display, paragraphs, text_width)
        self._text_width = text_width
        self.virtual_size = Size(width, len(self.layout_))
        self._scroll_to_selection(centre=False)
        self.refresh()

    # -- the selection
    def _after_move(self, *, centre: bool, old: tuple[int, int] | None = None) -> None:
        layout = self.layout_
        start, end = self.selection.span
        if layout is not None:
            if old is not None:
                self._refresh_span(layout, *old)
            self._refresh_span(layout, start, end)
            self._scroll_to_selection(centre=centre)
        self.post_message(self.Selected(start, end))

    def _refresh_span(self, layout: Layout, start: int, end: int) -> None:
        """Redraw a passage's lines, and its paragraph's first (the number shows the cursor)."""
        lines = layout.lines_of(start, end)
        paragraph = layout.paragraph_of[lines.start]
        first = layout.first_line[paragraph] if paragraph >= 0 else lines.start
        self.refresh_lines(first, lines.stop - first)

    def _moved(self, change, *args, centre: bool = False) -> bool:
        """Run a change of the selection; redraw and report if it moved."""
        if self.loaded is None:
            return False
        old = self.selection.span
        done = change(*args)
        if self.selection.span != old:
            self._after_move(centre=centre, old=old)
        return done is not False

    def move_sentence(self, delta: int) -> bool:
        return self._moved(self.selection.step, delta)

    def move_paragraph(self, delta: int) -> bool:
        return self._moved(self.selection.step_paragraph, delta)

    def extend(self, delta: int) -> bool:
        """Grow or shrink the selection by a sentence; False at the paragraph's edge."""
        return self._moved(self.selection.extend, delta)

    def move_end(self, delta: int) -> bool:
        """The selection's end a word later (1) or earlier (-1)."""
        return self._moved(self.selection.move_end, delta)

    def move_start(self, delta: int) -> bool:
        """The selection's start a word earlier (-1) or later (1)."""
        return self._moved(self.selection.move_start, delta)

    def first_or_last(self, last: bool) -> None:
        if self.loaded is not None:
            self._moved(self.selection.to_sentence, len(self.loaded.sentences) - 1 if last else 0)

    def page(self, direction: int) -> None:
        """A screenful on, the cursor on the first sentence that comes into view."""
        layout = self.layout_
        if layout is None or self.loaded is None:
            return
        height = max(1, self.scrollable_content_region.height)
        top = max(0, min(int(self.scroll_offset.y) + direction * (height - 1),
                         len(layout) - height))
        self.scroll_to(y=top, animate=False)
        for _, start, _ in layout.spans(top, top + height):
            index = self.loaded.sentences.at(start)
            self._moved(self.selection.to_sentence, index)
            break

    def select_span(self, start: int, end: int, *, centre: bool = True) -> None:
        self._moved(self.selection.to_span, start, end, centre=centre)

    def go_to_hit(self, delta: int) -> bool:
        """To the next (1) or previous (-1) search hit from the selection; False if none."""
        if not self._hits:
            return False
        here = self.selection.span[0]
        if delta > 0:
            i = bisect.bisect_right([s for s, _ in self._hits], here)
            if self.current_hit >= 0 and self._hits[self.current_hit][0] >= here:
                i = self.current_hit + 1
        else:
            i = bisect.bisect_left([s for s, _ in self._hits], here) - 1
        self.current_hit = i % len(self._hits)
        start, end = self._hits[self.current_hit]
        index = self.loaded.sentences.at(start) if self.loaded else 0
        self._moved(self.selection.to_sentence, index, centre=True)
        self.refresh()
        return True

    def citation_near(self, delta: int) -> Citation | None:
        """The next (1) or previous (-1) quoted passage from the selection."""
        if self.loaded is None:
            return None
        citations = self.loaded.citations.citations
        here = self.selection.span[0]
        if delta > 0:
            later = [c for c in citations if c.start > here]
            return later[0] if later else (citations[0] if citations else None)
        earlier = [c for c in citations if c.start < here]
        return earlier[-1] if earlier else (citations[-1] if citations else None)

    def _scroll_to_selection(self, *, centre: bool) -> None:
        layout = self.layout_
        if layout is None:
            return
        lines = layout.lines_of(*self.selection.span)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        first, last = lines.start, lines.stop - 1
        if centre and not (top <= first and last < top + height):
            top = first - max(0, (height - len(lines)) // 3)
        elif first < top:
            top = first - 1 if first > 0 else 0
        elif last >= top + height:
            top = min(first - 1, last - height + 2)
        top = max(0, min(top, len(layout) - height))
        if top != int(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False)

    # -- drawing
    def render_line(self, y: int) -> Strip:
        self.lines_rendered += 1
        width = self.scrollable_content_region.width
        base = self.rich_style
        layout = self.layout_
        index = int(self.scroll_offset.y) + y
        if layout is None or self.loaded is None:
            if y == 0:
                return Strip([Segment(" " + self.hint, self.component_style("source-text--hint"))]
                             ).crop_extend(0, width, base)
            return Strip.blank(width, base)
        if index >= len(layout) or layout.paragraph_of[index] < 0:
            return Strip.blank(width, base)
        paragraph = layout.paragraph_of[index]
        start, end = layout.starts[index], layout.ends[index]
        segments = [self._number(index, paragraph, base)]
        segments.extend(self._text(paragraph, start, end, base))
        used = self._gutter + cell_len(self.loaded.display[start:end])
        if self._margin:
            pad = max(0, self._gutter + self._text_width - used + 1)
            segments.append(Segment(" " * pad, base))
            segments.extend(self._labels(paragraph, start, end, base))
        return Strip(segments).crop_extend(0, width, base)

    def _number(self, line: int, paragraph: int, base: Style) -> Segment:
        layout = self.layout_
        assert layout is not None
        if layout.first_line[paragraph] != line:
            return Segment(" " * self._gutter, base)
        here = self.loaded.sentences.paragraph_of(self.selection.cursor) if self.loaded else -1
        style = "source-text--number-cursor" if paragraph == here else "source-text--number"
        return Segment(f"¶{paragraph + 1}".rjust(self._gutter - 1) + " ",
                       base + self.component_style(style))

    def _text(self, paragraph: int, start: int, end: int, base: Style) -> list[Segment]:
        """The line's text cut where a highlight begins or ends, each piece styled."""
        marks: list[tuple[int, int, str]] = []
        for c in self._by_paragraph.get(paragraph, ()):
            if c.start < end and start < c.end:
                marks.append((c.start, c.end, "source-text--quoted" if c.status == "verified"
                              else "source-text--moved"))
        i = bisect.bisect_right(self._hit_ends, start)
        while i < len(self._hits) and self._hits[i][0] < end:
            a, b = self._hits[i]
            marks.append((a, b, "source-text--hit-current" if i == self.current_hit
                          else "source-text--hit"))
            i += 1
        a, b = self.selection.span
        if a < end and start < b:
            marks.append((a, b, "source-text--selection"))
        cuts = sorted({start, end, *(max(start, min(end, p)) for m in marks for p in m[:2])})
        text = self.loaded.display if self.loaded else ""
        segments = []
        for left, right in zip(cuts, cuts[1:], strict=False):
            style = base
            for m_start, m_end, name in marks:  # later marks (the selection) win
                if m_start <= left and right <= m_end:
                    style += self.component_style(name)
            segments.append(Segment(text[left:right], style))
        return segments

    def _labels(self, paragraph: int, start: int, end: int, base: Style) -> list[Segment]:
        """The ids of the items whose passage begins on this line."""
        starting = [c for c in self._by_paragraph.get(paragraph, ()) if start <= c.start < end]
        if not starting:
            return []
        label = starting[0].evidence_id
        if len(starting) > 1:
            label += f" +{len(starting) - 1}"
        if cell_len(label) > self._margin - 1:
            label = label[: self._margin - 2] + "…"
        moved = any(c.status != "verified" for c in starting)
        return [Segment(label, base + self.component_style("source-text--label-moved" if moved
                                                  else "source-text--label"))]

    # -- the mouse
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        layout, loaded = self.layout_, self.loaded
        if offset is None or layout is None or loaded is None:
            return
        self.focus()
        index = int(self.scroll_offset.y) + offset.y
        if index >= len(layout) or layout.paragraph_of[index] < 0:
            return
        start, end = layout.starts[index], layout.ends[index]
        column = offset.x - self._gutter
        at = start
        while at < end and column > 0:
            column -= cell_len(loaded.display[at])
            at += 1
        self._moved(self.selection.to_sentence, loaded.sentences.at(min(at, end - 1)))
