"""The ACH matrix: evidence rows × hypothesis columns, drawn a line at a time.

A ``ScrollView`` on Textual's line API: ``render_line`` draws only the lines on
screen, each row's strips are cached by evidence id, and a rating change
redraws that one row. The first column (the item) stays put while the
hypothesis columns scroll sideways; the first line is a header that stays put
while the rows scroll.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ach.model import Rating
from ach.tui.kit.line_drawn import CachedStyles
from ach.tui.kit.text import abbreviate_titles, shorten

UNRATED = "·"
EXCLUDED_MARK = "✗"
MIN_COLUMN, PREFERRED_COLUMN, MAX_COLUMN = 6, 12, 18
#: Below this width the item column shows summaries only (the detail panel has the id).
IDS_FROM = 32
MIN_LABEL, MAX_LABEL = 14, 72


class MatrixSource(Protocol):
    """What the matrix asks about the rows it draws."""

    def rating(self, evidence_id: str, hypothesis_id: str) -> Rating | None: ...
    def label(self, evidence_id: str) -> str: ...
    def excluded(self, evidence_id: str) -> bool: ...


class MarkedSource(MatrixSource, Protocol):
    """A source that also marks cells (the team view marks each cell's disagreement).

    ``cell_mark`` gives a few characters drawn after the code, and the component class
    (``matrix--mark-low``, ``-medium`` or ``-high``) that colours them; every cell keeps
    ``mark_width`` cells for its mark, so the codes stay in line.
    """

    mark_width: int

    def cell_mark(self, evidence_id: str, hypothesis_id: str) -> tuple[str, str] | None: ...


@dataclass(frozen=True)
class Column:
    id: str
    title: str


class MatrixView(CachedStyles, ScrollView, can_focus=True, inherit_bindings=False):
    """Keys live with the screen's actions; this widget only draws and moves its cursor."""

    COMPONENT_CLASSES = {
        "matrix--header", "matrix--header-cursor", "matrix--label", "matrix--label-cursor",
        "matrix--cursor", "matrix--excluded", "matrix--excluded-cell", "matrix--unrated",
        "matrix--hint", "matrix--mark-low", "matrix--mark-medium", "matrix--mark-high",
        *(f"matrix--{r.value.lower()}" for r in Rating),
    }

    @dataclass
    class CursorMoved(Message):
        evidence_id: str | None
        hypothesis_id: str | None

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._source: MatrixSource | None = None
        self._marks: MarkedSource | None = None
        self._columns: list[Column] = []
        self._rows: list[str] = []
        self._row_index: dict[str, int] = {}
        self._cursor_row = 0
        self._cursor_col = 0
        self._label_width = MIN_LABEL
        self._column_width = MIN_COLUMN
        self._layout_width = 0
        self._headings: list[str] = []
        self._cache: LRUCache[str, tuple[Strip, Strip]] = LRUCache(2048)
        #: What the header says over the item column, and the line shown with no rows.
        self.caption = "Evidence"
        #: The one-character mark in front of a counted row (see ``ach.workbench.marks``).
        self.marker: Callable[[str], str] = lambda evidence_id: " "
        self.hint = ""
        #: Counters for tests and benchmarks: lines drawn, and rows drawn afresh.
        self.lines_rendered = 0
        self.rows_rendered = 0

    # -- data in
    def show(self, source: MatrixSource, columns: list[Column], rows: list[str]) -> None:
        """New rows or columns: keep the cursor on the same cell where it still exists."""
        here = self.cursor_ids()
        self._source = source
        self._marks = source if callable(getattr(source, "cell_mark", None)) else None
        self._columns = list(columns)
        self._set_rows(rows)
        self._cache.clear()
        self._layout()
        self.go_to(*here, post=True)
        self.refresh()

    def set_rows(self, rows: list[str]) -> None:
        """Another order or filter of the same items (cached rows stay valid)."""
        here = self.cursor_ids()
        self._set_rows(rows)
        self._resize_virtual()
        self.go_to(*here, post=True)
        self.refresh()

    def refresh_rows(self, evidence_ids: frozenset[str] | set[str]) -> None:
        """Redraw only these rows (their ratings changed)."""
        for evidence_id in evidence_ids:
            self._cache.discard(evidence_id)
            index = self._row_index.get(evidence_id)
            if index is not None:
                self.refresh_line(index + 1)

    def _set_rows(self, rows: list[str]) -> None:
        self._rows = list(rows)
        self._row_index = {e: i for i, e in enumerate(self._rows)}

    # -- the cursor
    @property
    def row_count(self) -> int:
        return len(self._rows)

    def cursor_ids(self) -> tuple[str | None, str | None]:
        row = self._rows[self._cursor_row] if self._rows else None
        col = self._columns[self._cursor_col].id if self._columns else None
        return row, col

    def go_to(self, evidence_id: str | None, hypothesis_id: str | None, *,
              post: bool = False) -> None:
        """Put the cursor on this item and hypothesis; None keeps that coordinate."""
        row = self._row_index.get(evidence_id, self._cursor_row) if evidence_id else \
            self._cursor_row
        col = self._cursor_col
        if hypothesis_id is not None:
            col = next((i for i, c in enumerate(self._columns) if c.id == hypothesis_id), col)
        self._place(row, col, post=post)

    def move(self, rows: int, columns: int) -> None:
        self._place(self._cursor_row + rows, self._cursor_col + columns, post=False)

    def page(self, direction: int) -> None:
        self.move(direction * max(1, self.scrollable_content_region.height - 2), 0)

    def _place(self, row: int, col: int, *, post: bool) -> None:
        """Move the cursor; CursorMoved is posted when it moved (or ``post`` asks)."""
        row = max(0, min(row, len(self._rows) - 1)) if self._rows else 0
        col = max(0, min(col, len(self._columns) - 1)) if self._columns else 0
        old_row, old_col = self._cursor_row, self._cursor_col
        self._cursor_row, self._cursor_col = row, col
        if (row, col) != (old_row, old_col):
            self.refresh_line(old_row + 1)
            self.refresh_line(row + 1)
            if col != old_col:
                self._refresh_header()
        self._scroll_to_cursor()
        if post or (row, col) != (old_row, old_col):
            self.post_message(self.CursorMoved(*self.cursor_ids()))

    def _scroll_to_cursor(self) -> None:
        body = max(1, self.scrollable_content_region.height - 1)
        x, y = self.scroll_offset
        if self._cursor_row < y:
            y = self._cursor_row
        elif self._cursor_row >= y + body:
            y = self._cursor_row - body + 1
        visible = max(1, self.scrollable_content_region.width - self._label_width)
        left = self._cursor_col * self._column_width
        if left < x:
            x = left
        elif left + self._column_width > x + visible:
            x = left + self._column_width - visible
        if (x, y) != tuple(self.scroll_offset):
            self.scroll_to(x, y, animate=False)

    def _refresh_header(self) -> None:
        self.refresh(Region(0, 0, self.scrollable_content_region.width, 1))

    # -- layout
    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _layout(self) -> None:
        """Share the width: hypothesis columns as wide as a rating and a short heading
        need, the item column the rest; sideways scrolling when the columns do not fit."""
        width = self.scrollable_content_region.width or self.size.width
        n = len(self._columns)
        label = max(MIN_LABEL, width * 2 // 5)
        column = MIN_COLUMN
        if n:
            column = max(MIN_COLUMN, min(PREFERRED_COLUMN, (width - label) // n))
            label = max(label, width - n * column)  # the item column takes what is left…
            if label > MAX_LABEL:  # …unless that is more than it can use
                column = min(MAX_COLUMN, (width - MAX_LABEL) // n)
                label = width - n * column
        else:
            label = max(label, width)
        if (label, column) != (self._label_width, self._column_width):
            self._cache.clear()
        self._layout_width = width
        self._label_width, self._column_width = label, column
        self._headings = abbreviate_titles([c.title for c in self._columns], column - 1)
        self._resize_virtual()

    def _resize_virtual(self) -> None:
        size = Size(self._label_width + len(self._columns) * self._column_width,
                    len(self._rows) + 1)
        if size != self.virtual_size:
            self.virtual_size = size

    # -- drawing
    def render_line(self, y: int) -> Strip:
        self.lines_rendered += 1
        width = self.scrollable_content_region.width
        if width != self._layout_width:  # a scrollbar came or went: no Resize is sent
            self._layout()
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            return self._header(scroll_x, width)
        index = scroll_y + y - 1
        base = self.rich_style
        if index >= len(self._rows):
            if index == 0 and self.hint:
                return Strip([Segment(" " + shorten(self.hint, width - 1),
                                      self.component_style("matrix--hint"))]).extend_cell_length(
                    width, base)
            return Strip.blank(width, base)
        evidence_id = self._rows[index]
        if index == self._cursor_row:
            label, cells = self._draw_row(evidence_id, cursor=self._cursor_col)
        else:
            cached = self._cache.get(evidence_id)
            if cached is None:
                cached = self._draw_row(evidence_id, cursor=None)
                self._cache[evidence_id] = cached
            label, cells = cached
        visible = cells.crop_extend(scroll_x, scroll_x + width - self._label_width, base)
        return Strip.join([label, visible])

    def _header(self, scroll_x: int, width: int) -> Strip:
        header = self.component_style("matrix--header")
        label = Strip([Segment(self._pad(" " + self.caption, self._label_width), header)])
        segments = []
        w = self._column_width
        for i, heading in enumerate(self._headings):
            style = (self.component_style("matrix--header-cursor") if i == self._cursor_col
                     else header)
            segments.append(Segment(heading.center(w - 1)[: w - 1], style))
            segments.append(Segment(" ", header))
        cells = Strip(segments, w * len(self._headings))
        return Strip.join([label, cells.crop_extend(scroll_x, scroll_x + width -
                                                    self._label_width, header)])

    def _draw_row(self, evidence_id: str, cursor: int | None) -> tuple[Strip, Strip]:
        self.rows_rendered += 1
        source = self._source
        assert source is not None
        excluded = source.excluded(evidence_id)
        mark = EXCLUDED_MARK if excluded else self.marker(evidence_id)
        words = source.label(evidence_id)
        if self._label_width >= IDS_FROM:
            words = f"{evidence_id} {words}"
        text = mark + self._pad(words, self._label_width - 1)
        label_style = self.component_style("matrix--label-cursor" if cursor is not None
                                  else "matrix--label")
        if excluded:
            label_style += self.component_style("matrix--excluded")
        dim = self.component_style("matrix--excluded-cell") if excluded else Style()
        segments = []
        w = self._column_width
        gap = self.rich_style
        marks = self._marks
        mark_width = marks.mark_width if marks is not None else 0
        for i, column in enumerate(self._columns):
            rating = source.rating(evidence_id, column.id)
            code = rating.value if rating is not None else UNRATED
            style = self.component_style(f"matrix--{code.lower()}" if rating is not None
                                else "matrix--unrated") + dim
            cursor_style = self.component_style("matrix--cursor") if i == cursor else None
            if cursor_style is not None:
                style += cursor_style
            segments.append(Segment(code.center(w - 1 - mark_width), style))
            if marks is not None:
                segments.append(self._mark(marks, evidence_id, column.id, gap + dim,
                                           cursor_style))
            segments.append(Segment(" ", gap))
        return Strip([Segment(text, label_style)]), Strip(segments, w * len(self._columns))

    def _mark(self, marks: MarkedSource, evidence_id: str, hypothesis_id: str, base: Style,
              cursor: Style | None) -> Segment:
        found = marks.cell_mark(evidence_id, hypothesis_id)
        text, style = (("", base) if found is None
                       else (found[0], base + self.component_style(found[1])))
        if cursor is not None:
            style += cursor
        return Segment(text[:marks.mark_width].ljust(marks.mark_width), style)

    @staticmethod
    def _pad(text: str, width: int) -> str:
        short = shorten(text, width - 1)
        return short + " " * (width - cell_len(short))

    # -- the mouse
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        self.focus()
        scroll_x, scroll_y = self.scroll_offset
        row = self._cursor_row if offset.y == 0 else scroll_y + offset.y - 1
        if row >= len(self._rows):
            return
        col = self._cursor_col
        if offset.x >= self._label_width:
            col = (offset.x - self._label_width + scroll_x) // self._column_width
            if col >= len(self._columns):
                return
        self._place(row, col, post=False)
