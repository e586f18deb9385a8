"""Choosing a passage of a source document and making it an evidence item.

A passage is chosen the way an analyst points at it: a whole paragraph, a
sentence or a run of sentences of a paragraph, a span of offsets, or a quote
typed or pasted (found tolerantly, then stored as the document's own words).
"""

from __future__ import annotations

from dataclasses import dataclass

from ach.model import Evidence, Location, Source
from ach.sources.document import SourceDocument
from ach.sources.integrity import shorten, where
from ach.sources.matching import find_all, first_difference, nearest_match


class PassageError(LookupError):
    """A passage that cannot be chosen as asked, in one line."""


@dataclass(frozen=True)
class Passage:
    """A chosen passage: the document's own text and where it stands."""

    quote: str
    location: Location


def parse_range(text: str, what: str = "sentence") -> tuple[int, int]:
    """``3`` or ``3-5`` as (first, last), 1-based and inclusive."""
    first, _, last = text.strip().partition("-")
    try:
        a, b = int(first), int(last) if last else int(first)
    except ValueError:
        raise PassageError(f"{what} {text!r} is not a number or a range like 2-4") from None
    if a < 1 or b < a:
        raise PassageError(f"{what} {text!r} is not a number ≥ 1 or a range like 2-4")
    return a, b


def passage(document: SourceDocument, start: int, end: int) -> Passage:
    """The passage between two offsets (trimmed of whitespace, inside one paragraph)."""
    try:
        loc = document.location(start, end)
    except LookupError as exc:
        raise PassageError(str(exc)) from None
    return Passage(document.text[loc.start:loc.end], loc)


def paragraph_passage(document: SourceDocument, paragraph: int,
                      sentences: tuple[int, int] | None = None) -> Passage:
    """A whole paragraph, or sentences ``first``–``last`` of it."""
    try:
        para = document.paragraph(paragraph)
        if sentences is None:
            return passage(document, para.start, para.end)
        first, last = para.sentence(sentences[0]), para.sentence(sentences[1])
    except LookupError as exc:
        raise PassageError(str(exc)) from None
    return passage(document, first.start, last.end)


def quote_passage(document: SourceDocument, quote: str,
                  paragraph: int | None = None) -> Passage:
    """Where a typed quote stands, as the document words it; one place only.

    ``paragraph`` chooses among several places. PassageError says what the
    document has nearest when the quote is not in it.
    """
    if not quote.strip():
        raise PassageError("the quote is empty")
    found = find_all(quote, document.text)
    if paragraph is not None:
        try:
            para = document.paragraph(paragraph)
        except LookupError as exc:
            raise PassageError(str(exc)) from None
        found = [m for m in found if para.start <= m.start < para.end]
    if not found:
        scope = f" in paragraph {paragraph}" if paragraph is not None else ""
        near = nearest_match(quote, document.text)
        hint = "nothing like it in the document"
        if near is not None:
            words = document.text[near.start:near.end]
            hint = (f"nearest: '{shorten(words, focus=first_difference(quote, words))}' at "
                    f"{where(document, near.start, near.end)}")
        raise PassageError(f"the quote is not in the document{scope}; {hint}")
    if len(found) > 1:
        numbers = sorted({p.number for m in found if (p := document.paragraph_at(m.start))})
        shown = ", ".join(map(str, numbers[:8])) + (", …" if len(numbers) > 8 else "")
        raise PassageError(f"the quote stands in {len(found)} places (paragraphs {shown}); "
                           "choose one with --paragraph, or quote more of it")
    return passage(document, found[0].start, found[0].end)


def evidence_from_passage(chosen: Passage, source: Source, **fields) -> Evidence:
    """An evidence item quoting ``chosen`` from ``source``; ``fields`` give the rest
    (id, summary, type, date, credibility, relevance, said_by …)."""
    return Evidence(quote=chosen.quote, location=chosen.location, source_id=source.id,
                    **fields)
