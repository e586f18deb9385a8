"""The workbench's way into sources: read an item's source, make passages evidence, and
mark the items whose quote is not where they say.

``SourcesFeature`` belongs to one matrix screen: once the case is on screen it reads
the workspace's source documents in a worker, so the matrix (a ! before the row) and
the detail panel (the problem, with the nearest match) can mark broken quotes; the
screen's ``action_…`` methods for the keys of ``ACTIONS`` call it.
"""

from __future__ import annotations

from textual.message import Message

from ach.edits import changes
from ach.figures import plural
from ach.model import Evidence, Source
from ach.tui.kit.actions import Action
from ach.tui.kit.pick import PickScreen
from ach.tui.kit.text import one_line
from ach.tui.matrix.host import MatrixHost
from ach.tui.matrix.item_forms import EvidenceResult
from ach.tui.sources.layout import odd_widths
from ach.tui.sources.view import Mended, Opening, SourceScreen
from ach.workbench.quote_checks import Documents, QuoteChecks, read_documents

NO_TEXTS = ("No source texts in this workspace yet: import an article with "
            "ach import-source FILE --title \"…\"")

#: In front of a matrix row whose quote is not where its item says (excluded rows keep ✗).
QUOTE_MARK = "!"


class QuotesChecked(Message):
    """The quote checks were read: these rows' marks may have changed."""

    def __init__(self, rows: set[str]) -> None:
        super().__init__()
        self.rows = rows


class SourcesFeature:
    """Reading sources from one matrix screen, and the quote checks of its rows."""

    def __init__(self, host: MatrixHost) -> None:
        self.host = host
        self.checks = QuoteChecks(lambda: host.session.library)
        self.checks.on_stale = lambda: host.call_later(self._read)

    def start(self) -> None:
        """Once the case is on screen: read the source documents in a worker, then mark."""
        self._read()

    def mark(self, evidence_id: str) -> str | None:
        """The row's mark when its quote is not where its item says."""
        return QUOTE_MARK if self.checks.warning(evidence_id) else None

    def _read(self) -> None:
        checks = self.checks
        if checks.reading:
            return
        checks.reading = True
        host = self.host
        workspace, library = host.session.workspace, host.session.library

        def work() -> None:
            odd_widths()  # built once per process, off the event loop; the source view wraps
            documents = read_documents(workspace, library)
            host.app.call_from_thread(self._adopt, documents)

        host.run_worker(work, thread=True, group="quote-checks", exit_on_error=False)

    def _adopt(self, documents: Documents) -> None:
        self.checks.reading = False
        if documents.library is not self.host.session.library:
            self._read()  # the files were reloaded meanwhile: read them again
            return
        self.host.post_message(QuotesChecked(self.checks.adopt(documents)))

    # -- reading a source --------------------------------------------------------------------

    def read_item_source(self) -> None:
        """The source of the item under the cursor, at its quote; else choose a source."""
        s = self.host.session
        evidence_id, _ = self.host.cursor()
        item = s.item(evidence_id) if evidence_id else None
        source = s.library.source_of(item) if item is not None else None
        if source is not None and source.document:
            self._open(Opening(source, item))
            return
        if item is not None:
            why = ("has no source" if item.source_id is None else
                   f"cites {item.source_id}, which has no text" if source else
                   f"cites {item.source_id}, which is not in evidence/")
            self.host.notify(f"{item.id} {why}: choose a source to read.", markup=False, timeout=4)
        self.choose_source()

    def choose_source(self) -> None:
        library = self.host.session.library
        readable = sorted((s for s in library.sources.values() if s.document),
                          key=lambda s: one_line(s.title).casefold())
        if not readable:
            self.host.notify(NO_TEXTS, markup=False, timeout=8)
            return
        choices = [(s.id, f"{one_line(s.title)} ({s.id}) · "
                    f"{plural(len(library.items_of(s.id)), 'item')}") for s in readable]

        def chosen(source_id: str | None) -> None:
            if source_id is not None and source_id in library.sources:
                self._open(Opening(library.sources[source_id]))

        self.host.app.push_screen(PickScreen("Read which source? (enter opens, esc cancels)",
                                          choices, None), chosen)

    def _open(self, opening: Opening) -> None:
        after, _ = self.host.cursor()

        def done(result: EvidenceResult | Mended | None) -> None:
            if isinstance(result, EvidenceResult):
                self._add(result, after, opening.source)
            elif isinstance(result, Mended):
                self._mend(result.item)

        self.host.app.push_screen(SourceScreen(self.host.session, opening, self.checks), done)

    def _add(self, result: EvidenceResult, after: str | None, source: Source) -> None:
        """The new item joins the case below the one the view was opened from, selected."""
        s = self.host.session
        self.host.apply(changes.add_evidence(s.case, result.item, result.ref, after))
        loc = result.item.location
        where = f" ¶{loc.paragraph}" if loc else ""
        self.host.notify(f"Added {result.item.id} from {source.id}{where}: rate it with 1–5 "
                      "(0 NA); u undoes.", markup=False, timeout=5)

    def _mend(self, item: Evidence) -> None:
        s = self.host.session
        ref = s.ref(item.id)
        if ref is None:
            return
        self.host.apply(changes.edit_evidence(s.case, s.library, item, ref))
        loc = item.location
        where = f" ¶{loc.paragraph} (offsets {loc.start}–{loc.end})" if loc else ""
        self.host.notify(f"{item.id} now quotes{where}; u undoes.", markup=False, timeout=5)


ACTIONS: list[Action] = [
    Action("read-source", "T", "source text",
           "Read the source text of the item under the cursor, at its quote (select a passage "
           "there and press enter to make it evidence; ? lists the source view's keys)",
           "read_source", group="Sources"),
    Action("choose-source", "ctrl+o", "open a source",
           "Read a source text of the workspace: choose which", "choose_source",
           group="Sources"),
]
