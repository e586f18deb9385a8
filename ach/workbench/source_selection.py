"""The passage chosen in the source view: sentences to step through, a span to adjust.

Pure (no Textual): the source view's keys call these, and so can tests. A
selection runs from an *anchor* sentence to a *cursor* sentence, as in a text
editor; word by word adjustments then move either end. It never leaves one
paragraph, because a stored quote never does (``SourceDocument.location``).
"""

from __future__ import annotations

import bisect
import re
from array import array

from ach.sources import SourceDocument

_WORD = re.compile(r"\S+")


class Sentences:
    """Every sentence of a document in reading order, by index, with their offsets."""

    def __init__(self, document: SourceDocument) -> None:
        self.text = document.text
        self.starts = array("q")
        self.ends = array("q")
        self.paragraph = array("l")  #: 0-based paragraph of each sentence
        self.first = array("l")  #: the first sentence of each paragraph
        for index, para in enumerate(document.paragraphs):
            self.first.append(len(self.starts))
            spans = [(s.start, s.end) for s in para.sentences] or [(para.start, para.end)]
            for start, end in spans:
                self.starts.append(start)
                self.ends.append(end)
                self.paragraph.append(index)
        self._paragraph_spans = [(p.start, p.end) for p in document.paragraphs]

    def __len__(self) -> int:
        return len(self.starts)

    def at(self, offset: int) -> int:
        """The sentence holding ``offset``, else the last one before it (or the first)."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def paragraph_of(self, index: int) -> int:
        return self.paragraph[index] if 0 <= index < len(self.paragraph) else -1

    def span(self, index: int) -> tuple[int, int]:
        return self.starts[index], self.ends[index]

    def words(self, paragraph: int) -> list[tuple[int, int]]:
        """The (start, end) of each word of a paragraph, as document offsets."""
        start, end = self._paragraph_spans[paragraph]
        return [m.span() for m in _WORD.finditer(self.text, start, end)]


class Selection:
    """From ``anchor`` to ``cursor`` (sentence indices); ``span`` is what would be quoted."""

    def __init__(self, sentences: Sentences | None = None) -> None:
        self.sentences = sentences
        self.anchor = 0
        self.cursor = 0
        self.span: tuple[int, int] = (0, 0)
        if sentences is not None and len(sentences):
            self.to_sentence(0)

    @property
    def paragraph(self) -> int:
        """The paragraph the selection is in (0-based), -1 with nothing to select."""
        return self.sentences.paragraph_of(self.anchor) if self.sentences else -1

    def to_sentence(self, index: int) -> None:
        s = self.sentences
        if s is None or not len(s):
            return
        index = max(0, min(index, len(s) - 1))
        self.anchor = self.cursor = index
        self.span = s.span(index)

    def step(self, delta: int) -> None:
        """The sentence before or after the cursor, alone."""
        self.to_sentence(self.cursor + delta)

    def step_paragraph(self, delta: int) -> None:
        """The first sentence of the paragraph before or after (this one's, going back
        from inside it)."""
        s = self.sentences
        if s is None or not len(s):
            return
        here = s.paragraph_of(self.cursor)
        target = here + delta
        if delta < 0 and self.cursor != s.first[here]:
            target = here
        target = max(0, min(target, len(s.first) - 1))
        self.to_sentence(s.first[target])

    def extend(self, delta: int) -> bool:
        """Move the cursor a sentence, keeping the anchor; False past the paragraph's edge."""
        s = self.sentences
        if s is None:
            return False
        index = self.cursor + delta
        if not 0 <= index < len(s) or s.paragraph_of(index) != s.paragraph_of(self.anchor):
            return False
        self.cursor = index
        low, high = min(self.anchor, index), max(self.anchor, index)
        self.span = (s.starts[low], s.ends[high])
        return True

    def to_span(self, start: int, end: int) -> None:
        s = self.sentences
        if s is None or not len(s):
            return
        self.anchor = s.at(start)
        self.cursor = s.at(max(start, end - 1))
        self.span = (start, end)

    def move_end(self, delta: int) -> bool:
        """The end a word later (1) or earlier (-1), within the paragraph."""
        words = self._words()
        start, end = self.span
        if delta > 0:
            later = [b for _, b in words if b > end]
            new = later[0] if later else None
        else:
            earlier = [b for _, b in words if start < b < end]
            new = earlier[-1] if earlier else None
        if new is None:
            return False
        self.to_span(start, new)
        return True

    def move_start(self, delta: int) -> bool:
        """The start a word earlier (-1) or later (1), within the paragraph."""
        words = self._words()
        start, end = self.span
        if delta < 0:
            earlier = [a for a, _ in words if a < start]
            new = earlier[-1] if earlier else None
        else:
            later = [a for a, _ in words if start < a < end]
            new = later[0] if later else None
        if new is None:
            return False
        self.to_span(new, end)
        return True

    def _words(self) -> list[tuple[int, int]]:
        if self.sentences is None or not len(self.sentences):
            return []
        return self.sentences.words(self.paragraph)
