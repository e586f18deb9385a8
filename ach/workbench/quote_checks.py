"""Which evidence items' quotes do not stand in their source documents, for the workbench.

The documents are read and split off the event loop (a 500-page text takes a
tenth of a second), once when the case opens and again when the files are
reloaded from disk. After that a check is a dictionary look-up, or for an item
just edited one comparison of its quote with the text at its location; only a
quote that is not there costs a search for the nearest match (milliseconds).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ach.jsonfile import FileProblem
from ach.model import Evidence, Location
from ach.sources import QuoteProblem, SourceDocument, check_quote, load_document
from ach.sources.matching import folded
from ach.store import Library, Workspace


def _key(item: Evidence) -> tuple[str, str | None, str, tuple[int, int, int] | None]:
    loc: Location | None = item.location
    return (item.id, item.source_id, item.quote,
            (loc.paragraph, loc.start, loc.end) if loc is not None else None)


@dataclass
class Documents:
    """The source documents of one library, as read in a worker."""

    library: Library | None = None
    texts: dict[str, SourceDocument] = field(default_factory=dict)
    #: Sources whose document could not be read, with the reason in one line.
    unreadable: dict[str, str] = field(default_factory=dict)


def read_documents(workspace: Workspace, library: Library) -> Documents:
    """Every source document of ``library``, split, folded for matching (in a worker)."""
    found = Documents(library)
    for source in library.sources.values():
        if not source.document:
            continue
        try:
            document = load_document(workspace.root, source)
        except FileProblem as exc:
            found.unreadable[source.id] = str(exc)
            continue
        if document is not None:
            folded(document.text)  # cached: the first search or check then costs nothing
            found.texts[source.id] = document
    return found


class QuoteChecks:
    """The answer to "is this item's quote where it says?" for every item of a session."""

    def __init__(self, library: Callable[[], Library]) -> None:
        self._library = library
        self.documents = Documents()
        self._problems: dict[tuple, QuoteProblem | None] = {}
        #: Whether the documents are being read now.
        self.reading = False
        #: Called when the session holds another library than the one read (a reload).
        self.on_stale: Callable[[], None] = lambda: None

    @property
    def current(self) -> bool:
        """Whether the documents were read for the library the session holds now."""
        return self.documents.library is self._library()

    def adopt(self, documents: Documents) -> set[str]:
        """Take freshly read documents; returns the items whose answer may have changed."""
        before = {key[0] for key, problem in self._problems.items() if problem is not None}
        self.documents = documents
        self._problems.clear()
        library = self._library()
        for item in library.items.values():
            self.problem(item)
        after = {key[0] for key, problem in self._problems.items() if problem is not None}
        return before | after

    def document(self, source_id: str) -> SourceDocument | None:
        if not self.current:
            if not self.reading and self.documents.library is not None:
                self.on_stale()
            return None
        return self.documents.texts.get(source_id)

    def problem(self, item: Evidence) -> QuoteProblem | None:
        """Why ``item``'s quote is not where it says; None when it is, or cannot be known
        (no source, no document, or the documents not read yet)."""
        if item.source_id is None:
            return None
        document = self.document(item.source_id)
        if document is None:
            return None
        key = _key(item)
        if key not in self._problems:
            if len(self._problems) > 50_000:  # items edited many times over: start afresh
                self._problems.clear()
            self._problems[key] = check_quote(item, document)
        return self._problems[key]

    def warning(self, evidence_id: str) -> str | None:
        """One line for the detail panel and the matrix's mark, or None."""
        item = self._library().items.get(evidence_id)
        if item is None:
            return None
        problem = self.problem(item)
        if problem is not None:
            return "Quote " + problem.message
        reason = self.documents.unreadable.get(item.source_id or "") if self.current else None
        if reason:
            return f"Quote not checked: {reason}"
        return None
