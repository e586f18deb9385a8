"""A source document laid out for the screen: its paragraphs wrapped into lines of offsets.

Each screen line is a span of the document's own text (``start``–``end``,
offsets into the whole text), so drawing a line, highlighting a passage and
turning a click into an offset all work on the same numbers the stored
locations use. Paragraphs are separated by one blank line.

Wrapping is cheap enough to redo on every resize of a 500-page text: a
paragraph in which every character takes one cell is cut with ``str.rfind``
(one call per line, not per word); only other paragraphs are measured word by
word.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator, Sequence
from functools import cache

from rich.cells import cell_len, get_character_cell_size

from ach.sources import Paragraph

#: Characters drawn as a space: each stands for one character of the text, so offsets hold.
_BLANKS = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u00a0\u2028\u2029"
_CONTROLS = "".join(map(chr, range(32))) + "\x7f"
_DISPLAY = str.maketrans(_CONTROLS + _BLANKS, " " * len(_CONTROLS + _BLANKS))

_WORD = re.compile(r"\S+")


def displayable(text: str) -> str:
    """The text with tabs and control characters as spaces: same length, same offsets."""
    return text.translate(_DISPLAY)


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """The (start, end) of each line of ``text`` wrapped to ``width`` cells.

    Lines break at spaces, which are left out of both lines; a word longer
    than the line is cut where the line ends.
    """
    width = max(1, width)
    if odd_widths().search(text) is None:
        return _wrap_narrow(text, width)
    return _wrap_cells(text, width)


@cache
def odd_widths() -> re.Pattern[str]:
    """Characters that do not take exactly one cell (wide, combining, astral).

    Built once from Rich's own measure, so the lines we cut are the lines it draws;
    a search with it is how a paragraph is found to need measuring word by word.
    It takes a tenth of a second: warm it off the event loop.
    """
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        if get_character_cell_size.__wrapped__(chr(code)) != 1:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    parts = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                    for a, b in ranges)
    return re.compile(f"[{parts}\U00010000-\U0010FFFF]")


def _wrap_narrow(text: str, width: int) -> list[tuple[int, int]]:
    lines = []
    pos, size = 0, len(text)
    while size - pos > width:
        cut = text.rfind(" ", pos, pos + width + 1)
        if cut <= pos:  # no space to break at: cut the word
            lines.append((pos, pos + width))
            pos += width
            continue
        end = cut
        while end > pos and text[end - 1] == " ":
            end -= 1
        lines.append((pos, end))
        pos = cut
        while pos < size and text[pos] == " ":
            pos += 1
    if pos < size or not lines:
        lines.append((pos, size))
    return lines


def _wrap_cells(text: str, width: int) -> list[tuple[int, int]]:
    """Word by word, for text with wide or zero-width characters."""
    lines: list[tuple[int, int]] = []
    start = end = used = 0
    for match in _WORD.finditer(text):
        a, b = match.span()
        cells = cell_len(text[a:b])
        gap = cell_len(text[end:a]) if used else 0
        if used and used + gap + cells > width:
            lines.append((start, end))
            start, used, gap = a, 0, 0
        if not used:
            start = a
        while cells > width - used - gap:  # a word longer than a line
            cut = _fit(text, a, b, width - used - gap)
            if cut == a and used:  # nothing of it fits after what the line holds
                lines.append((start, end))
                start, used, gap = a, 0, 0
                continue
            cut = max(cut, a + 1)
            lines.append((start, cut))
            start = a = cut
            used, gap = 0, 0
            cells = cell_len(text[a:b])
        used += gap + cells
        end = b
    if used or not lines:
        lines.append((start, end))
    return lines


def _fit(text: str, a: int, b: int, cells: int) -> int:
    """The furthest offset in ``a``–``b`` whose text from ``a`` takes at most ``cells``."""
    used = 0
    for i in range(a, b):
        used += cell_len(text[i])
        if used > cells:
            return i
    return b


class Layout:
    """Every line of the document at one width: ``starts[i]``–``ends[i]`` and its paragraph.

    The line between two paragraphs is blank: it has paragraph ``-1`` and an
    empty span at the end of the paragraph before it (so ``starts`` stays sorted).
    """

    def __init__(self, text: str, paragraphs: Sequence[Paragraph], width: int) -> None:
        self.width = width
        self.starts = array("q")
        self.ends = array("q")
        self.paragraph_of = array("l")  #: 0-based paragraph index, -1 for a blank line
        self.first_line = array("l")  #: the first line of each paragraph
        for index, para in enumerate(paragraphs):
            if index:
                self._add(-1, paragraphs[index - 1].end, paragraphs[index - 1].end)
            self.first_line.append(len(self.starts))
            body = text[para.start:para.end]
            for a, b in wrap(body, width):
                self._add(index, para.start + a, para.start + b)

    def _add(self, paragraph: int, start: int, end: int) -> None:
        self.paragraph_of.append(paragraph)
        self.starts.append(start)
        self.ends.append(end)

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """The line showing the character at ``offset`` (the last line before it, between)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        while i > 0 and self.paragraph_of[i] < 0:
            i -= 1
        return max(0, i)

    def lines_of(self, start: int, end: int) -> range:
        """The lines a passage ``start``–``end`` is drawn on."""
        first = self.line_of(start)
        last = self.line_of(max(start, end - 1))
        return range(first, last + 1)

    def spans(self, first: int, last: int) -> Iterator[tuple[int, int, int]]:
        """(line, start, end) for the lines ``first`` … ``last - 1`` that hold text."""
        for i in range(max(0, first), min(last, len(self.starts))):
            if self.paragraph_of[i] >= 0:
                yield i, self.starts[i], self.ends[i]
