"""Sources: turning an article into numbered passages and keeping every quote honest.

The pure API (no files, no state) that the CLI and the TUI's source view share:

- ``SourceDocument(text, language)``: ``paragraphs`` → ``sentences``, each with
  ``number``, ``start``, ``end`` (offsets into the whole text) and ``text``;
  ``paragraph_at(offset)``, ``sentence_at(offset)``, ``location(start, end)``,
  ``locate(quote)``, ``search(term)``.
- ``locate(quote, text, near=None) -> Match | None`` and ``find_all``: tolerant
  of whitespace and typographic quotes and dashes, exact offsets back.
- ``nearest_match(quote, text) -> NearMatch | None``: what the text has instead.
- ``check_quote(item, document) -> QuoteProblem | None``; ``relocated(item, document)``
  mends the location of a quote that moved when the text was edited.
- ``evidence_at(document, items) -> CitationIndex``: which passages items quote.
- ``paragraph_passage``, ``passage``, ``quote_passage`` and ``evidence_from_passage``:
  from a chosen passage to an evidence item.

Importing this package also adds the quote-integrity check to ``ach validate``.
"""

from __future__ import annotations

from ach.sources.document import (
    DEFAULT_LANGUAGE,
    Paragraph,
    Sentence,
    SourceDocument,
    content_hash,
    split_sentences,
)
from ach.sources.files import SourceText, load_document, read_source_file
from ach.sources.importing import ImportRefused, ImportResult, Metadata, import_source
from ach.sources.integrity import (
    Citation,
    CitationIndex,
    QuoteProblem,
    check_quote,
    evidence_at,
    quote_integrity,
    relocated,
)
from ach.sources.matching import Match, NearMatch, find_all, locate, nearest_match, same_words
from ach.sources.passages import (
    Passage,
    PassageError,
    evidence_from_passage,
    paragraph_passage,
    parse_range,
    passage,
    quote_passage,
)
from ach.validate import EXTRA_CHECKS

if quote_integrity not in EXTRA_CHECKS:
    EXTRA_CHECKS.append(quote_integrity)

__all__ = [
    "DEFAULT_LANGUAGE", "Citation", "CitationIndex", "ImportRefused", "ImportResult", "Match",
    "Metadata", "NearMatch", "Paragraph", "Passage", "PassageError", "QuoteProblem", "Sentence",
    "SourceDocument", "SourceText", "check_quote", "content_hash", "evidence_at",
    "evidence_from_passage", "find_all", "import_source", "load_document", "locate",
    "nearest_match", "paragraph_passage", "parse_range", "passage", "quote_integrity",
    "quote_passage", "read_source_file", "relocated", "same_words", "split_sentences",
]
