"""Keeping every quote honest: is it in its source document, where the item says it is?

A quote counts as verbatim when it reads the same as the document at its
recorded location but for whitespace and typographic quotes and dashes. When
it does not, the problem says where the quote is instead, or what the document
says that comes nearest, so the analyst can mend the quote or the location.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ach.jsonfile import FileProblem
from ach.model import Evidence, Location, Source
from ach.sources.document import SourceDocument, content_hash
from ach.sources.files import load_document
from ach.sources.matching import (
    Match,
    NearMatch,
    find_all,
    first_difference,
    nearest_match,
    same_words,
)
from ach.store import EVIDENCE


@dataclass(frozen=True)
class QuoteProblem:
    """Why an item's quote does not stand where it says, in plain words."""

    evidence_id: str
    message: str
    #: Where the quote does stand, if elsewhere in the document (its location can be mended).
    found: Match | None = None
    #: The passage most like the quote, if the quote is nowhere in the document.
    nearest: NearMatch | None = None


@lru_cache(maxsize=4)
def _document(text: str) -> SourceDocument:
    return SourceDocument(text)


def _as_document(document: SourceDocument | str) -> SourceDocument:
    return document if isinstance(document, SourceDocument) else _document(document)


def where(document: SourceDocument, start: int, end: int) -> str:
    para = document.paragraph_at(start)
    at = f"paragraph {para.number} " if para else ""
    return f"{at}(offsets {start}–{end})"


def shorten(text: str, width: int = 72, focus: int = 0) -> str:
    """One line of at most about ``width`` characters around ``focus``, cut ends marked '…'."""
    if len(text) <= width:
        return " ".join(text.split())
    start = max(0, min(focus - width // 3, len(text) - width))
    end = start + width
    # Cut between words where one is near, not through one.
    if start > 0 and 0 <= (space := text.find(" ", start, start + 12)):
        start = space + 1
    if end < len(text) and (space := text.rfind(" ", end - 12, end)) > start:
        end = space
    head = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    return head + " ".join(text[start:end].split()) + tail


def _recorded(loc: Location) -> str:
    return f"paragraph {loc.paragraph} (offsets {loc.start}–{loc.end})"


def check_quote(item: Evidence, document: SourceDocument | str) -> QuoteProblem | None:
    """None if ``item``'s quote stands at its recorded location in ``document``.

    Items with no source have nothing to check. An item with neither quote nor
    location cites the source as a whole; one with a quote but no location only
    needs the quote to be somewhere in the document.
    """
    if not item.has_source:
        return None
    doc = _as_document(document)
    quote, loc = item.quote.strip(), item.location
    if not quote:
        if loc is None:
            return None
        return QuoteProblem(item.id, f"has a location, {_recorded(loc)}, but no quote")
    if loc is None:
        if doc.locate(quote) is not None:
            return None
        return _missing(item.id, quote, doc, "not found in the source document")
    inside = 0 <= loc.start < loc.end <= len(doc.text)
    if inside and same_words(doc.text[loc.start:loc.end], quote):
        para = doc.paragraph_at(loc.start)
        if para is not None and para.number == loc.paragraph:
            return None
        actual = para.number if para else "no paragraph"
        return QuoteProblem(item.id, f"is recorded at paragraph {loc.paragraph}, but offsets "
                            f"{loc.start}–{loc.end} are in paragraph {actual}",
                            found=doc.locate(quote, loc.start))
    what = (f"not found at {_recorded(loc)}" if inside else
            f"{_recorded(loc)} is outside the document (it has {len(doc.text)} characters)")
    found = doc.locate(quote, loc.start)
    if found is not None:
        return QuoteProblem(item.id, f"{what}; it stands at {where(doc, found.start, found.end)}",
                            found=found)
    return _missing(item.id, quote, doc, what)


def _missing(item_id: str, quote: str, doc: SourceDocument, what: str) -> QuoteProblem:
    near = nearest_match(quote, doc.text)
    if near is None:
        return QuoteProblem(item_id, f"{what}; nothing like it in the document")
    passage = doc.text[near.start:near.end]
    excerpt = shorten(passage, focus=first_difference(quote, passage))
    para = doc.paragraph_at(near.start)
    at = f" at paragraph {para.number}" if para else ""
    return QuoteProblem(item_id, f"{what}; nearest: '{excerpt}'{at}", nearest=near)


def relocated(item: Evidence, document: SourceDocument | str) -> Evidence | None:
    """``item`` with its location mended to where its quote now stands, or None if there is
    nothing to mend (the quote is in place, nowhere, or in several places with no record
    of which one)."""
    if not item.has_source or not item.quote.strip():
        return None
    doc = _as_document(document)
    if item.location is None:
        found = find_all(item.quote, doc.text)
        match = found[0] if len(found) == 1 else None
    else:
        problem = check_quote(item, doc)
        match = problem.found if problem else None
    if match is None:
        return None
    return item.model_copy(update={"location": doc.location(match.start, match.end)})


# -- which passages are already evidence -------------------------------------------------

@dataclass(frozen=True)
class Citation:
    """A passage of the document quoted by an evidence item."""

    evidence_id: str
    start: int
    end: int
    paragraph: int
    #: ``verified``: at its recorded location; ``unrecorded``: found, no location on
    #: record; ``moved``: found, but not where recorded.
    status: str


@dataclass
class CitationIndex:
    """The passages of one document that evidence items quote, for highlighting them."""

    citations: list[Citation] = field(default_factory=list)
    #: Items that cite this document but whose quote is not in it, with why.
    problems: dict[str, QuoteProblem] = field(default_factory=dict)

    def in_paragraph(self, number: int) -> list[Citation]:
        return [c for c in self.citations if c.paragraph == number]

    def covering(self, offset: int) -> list[str]:
        """The ids of the items whose quote covers the character at ``offset``."""
        return [c.evidence_id for c in self.citations if c.start <= offset < c.end]

    def of(self, evidence_id: str) -> Citation | None:
        return next((c for c in self.citations if c.evidence_id == evidence_id), None)

    @property
    def unplaced(self) -> list[str]:
        return [i for i in self.problems if self.of(i) is None]


def evidence_at(document: SourceDocument, items: Iterable[Evidence]) -> CitationIndex:
    """Where each item quoting ``document`` stands in it (give the items of its source)."""
    index = CitationIndex()
    for item in items:
        if not item.has_source or not item.quote.strip():
            continue
        problem = check_quote(item, document)
        if problem is None and item.location is not None:
            loc = item.location
            index.citations.append(Citation(item.id, loc.start, loc.end, loc.paragraph,
                                            "verified"))
            continue
        found = problem.found if problem else document.locate(item.quote)
        if problem is not None:
            index.problems[item.id] = problem
        if found is not None:
            para = document.paragraph_at(found.start)
            index.citations.append(Citation(item.id, found.start, found.end,
                                            para.number if para else 0,
                                            "moved" if problem else "unrecorded"))
    index.citations.sort(key=lambda c: (c.start, c.end, c.evidence_id))
    return index


# -- ach validate ----------------------------------------------------------------------

def quote_integrity(root: Path, items: dict[str, tuple[Path, Evidence]],
                    sources: dict[str, Source]) -> list[FileProblem]:
    """The check ``ach validate`` runs: every quote of every source document, verified."""
    by_source: dict[str, list[tuple[Path, Evidence]]] = defaultdict(list)
    for path, item in items.values():
        if item.source_id is not None:
            by_source[item.source_id].append((path, item))
    problems: list[FileProblem] = []
    for source_id, source in sorted(sources.items()):
        if source.document:
            problems.extend(_source_problems(root, source, by_source.get(source_id, [])))
    return problems


def _source_problems(root: Path, source: Source, items: list[tuple[Path, Evidence]]
                     ) -> list[FileProblem]:
    json_path = Path(EVIDENCE) / f"{source.id}.json"
    try:
        document = load_document(root, source)
    except FileProblem as exc:
        return [FileProblem(json_path, f"{exc.path}: {exc.problem}",
                            "source → source → document")]
    assert document is not None  # the source names a document
    problems = []
    if source.content_hash and content_hash(document.text) != source.content_hash:
        problems.append(FileProblem(
            json_path, f"evidence/{source.document} changed since it was imported (its content "
            "hash differs); once its quotes check out, 'ach import-source "
            f"evidence/{source.document} --id {source.id}' records the new text",
            "source → source → content_hash"))
    for path, item in items:
        problem = check_quote(item, document)
        if problem is not None:
            mend = f" ('ach source relocate {source.id}' records it)" if problem.found else ""
            problems.append(FileProblem(path, problem.message + mend,
                                        f"items → {item.id} → quote"))
    return problems
