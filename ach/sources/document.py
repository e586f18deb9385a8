"""A source text as numbered paragraphs and sentences, each with exact character offsets.

The conventions every stored location relies on:

- a paragraph is a non-empty line of the text, numbered from 1 (a line holding
  only whitespace is no paragraph);
- offsets are character offsets into the *whole* document text, ``end``
  exclusive, so ``text[start:end]`` is the passage itself;
- a paragraph's and a sentence's span leave out the whitespace around them.

Sentences are found by ``sentencex`` (a maintained rule-based segmenter with
per-language abbreviation lists), one paragraph at a time so that a heading or
a list item without a full stop never runs into the next line.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import sentencex

from ach.model import Location
from ach.sources.matching import Match, find_all, locate, trim

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Sentence:
    number: int  #: 1-based within its paragraph
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    number: int  #: 1-based within the document
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...]

    def sentence(self, number: int) -> Sentence:
        if not 1 <= number <= len(self.sentences):
            raise LookupError(f"paragraph {self.number} has no sentence {number} (it has "
                              f"{len(self.sentences)})")
        return self.sentences[number - 1]


class SourceDocument:
    """A document's text split into paragraphs and sentences. Pure: no files, no state."""

    def __init__(self, text: str, language: str = "") -> None:
        self.text = text
        self.language = language or DEFAULT_LANGUAGE
        self.paragraphs: tuple[Paragraph, ...] = tuple(
            self._paragraph(n, start, end) for n, (start, end) in enumerate(_lines(text), 1))
        self._starts = [p.start for p in self.paragraphs]

    def _paragraph(self, number: int, start: int, end: int) -> Paragraph:
        body = self.text[start:end]
        spans = split_sentences(body, self.language)
        sentences = tuple(Sentence(i, start + a, start + b, body[a:b])
                          for i, (a, b) in enumerate(spans, 1))
        return Paragraph(number, start, end, body, sentences)

    # -- counting and walking
    @property
    def sentence_count(self) -> int:
        return sum(len(p.sentences) for p in self.paragraphs)

    def sentences(self) -> Iterator[tuple[Paragraph, Sentence]]:
        for para in self.paragraphs:
            for sentence in para.sentences:
                yield para, sentence

    # -- looking up
    def paragraph(self, number: int) -> Paragraph:
        if not 1 <= number <= len(self.paragraphs):
            raise LookupError(f"there is no paragraph {number} (the document has "
                              f"{len(self.paragraphs)})")
        return self.paragraphs[number - 1]

    def sentence(self, paragraph: int, number: int) -> Sentence:
        return self.paragraph(paragraph).sentence(number)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding the character at ``offset`` (None between paragraphs)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        para = self.paragraphs[i]
        return para if offset < para.end else None

    def sentence_at(self, offset: int) -> tuple[Paragraph, Sentence] | None:
        para = self.paragraph_at(offset)
        if para is None:
            return None
        for sentence in para.sentences:
            if sentence.start <= offset < sentence.end:
                return para, sentence
        return None

    def excerpt(self, start: int, end: int) -> str:
        return self.text[start:end]

    def location(self, start: int, end: int) -> Location:
        """The stored form of a passage: its paragraph and offsets (trimmed of whitespace).

        LookupError if the span is empty, out of the text or not inside one paragraph.
        """
        if not 0 <= start < end <= len(self.text):
            raise LookupError(f"offsets {start}–{end} are not a passage of the document "
                              f"(it has {len(self.text)} characters)")
        start, end = trim(self.text, start, end)
        first = self.paragraph_at(start)
        if first is None or start == end:
            raise LookupError(f"offsets {start}–{end} hold only whitespace")
        if end > first.end:
            raise LookupError(f"offsets {start}–{end} run past the end of paragraph "
                              f"{first.number} ({first.start}–{first.end}); quote one "
                              "paragraph at a time")
        return Location(paragraph=first.number, start=start, end=end)

    # -- searching
    def locate(self, quote: str, near: int | None = None) -> Match | None:
        return locate(quote, self.text, near)

    def search(self, term: str, *, ignore_case: bool = True) -> list[Match]:
        """Every place ``term`` occurs, as for a search box: case and typography ignored."""
        return find_all(term, self.text, ignore_case=ignore_case)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each non-empty line, trimmed of surrounding whitespace."""
    pos = 0
    size = len(text)
    while pos < size:
        nl = text.find("\n", pos)
        stop = size if nl < 0 else nl
        start, end = trim(text, pos, stop)
        if start < end:
            yield start, end
        pos = stop + 1


_OPENING = "\"'“‘«([—–-"


def split_sentences(text: str, language: str = DEFAULT_LANGUAGE) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of one paragraph, trimmed of whitespace.

    A piece that starts with a lower-case letter is no sentence of its own
    ("2.5 bn. in 2024"): it is joined to the one before, since a quote cut too
    long is harmless and one cut in the middle is not.
    """
    spans: list[tuple[int, int]] = []
    for bound in sentencex.get_sentence_boundaries(language, text):
        start, end = trim(text, bound["start_index"], bound["end_index"])
        if start == end:
            continue
        head = text[start:end].lstrip(_OPENING)
        if spans and head[:1].islower():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


_BLANKS = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """``sha256:<hex>`` of the text with whitespace normalised, to recognise a re-import.

    Line endings, trailing spaces, blank lines and runs of spaces do not count;
    the words, their order and the paragraph breaks do.
    """
    lines = (_BLANKS.sub(" ", line).strip() for line in text.split("\n"))
    canonical = "\n".join(line for line in lines if line)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
