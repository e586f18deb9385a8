"""The workbench's way into sources: read an item's source, make passages evidence, and
mark the items whose quote is not where they say.

Contributed from outside the built-in actions (``ach.tui.actions.ACTION_MODULES``):
``ACTIONS`` adds the keys; ``on_open`` starts reading the workspace's source
documents when the case is on screen, so the matrix (a ! before the row) and the
detail panel (the problem, with the nearest match) can mark broken quotes.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from ach.figures import plural
from ach.model import Evidence, Source
from ach.tui.actions import Action
from ach.tui.screens.forms import EvidenceResult
from ach.tui.screens.pick import PickScreen
from ach.tui.screens.source_view import Mended, Opening, SourceScreen
from ach.tui.source_layout import odd_widths
from ach.tui.text import one_line
from ach.tui.widgets.detail import DetailPanel
from ach.workbench import changes
from ach.workbench.quote_checks import Documents, QuoteChecks, read_documents

_CHECKS: WeakKeyDictionary[Any, QuoteChecks] = WeakKeyDictionary()
NO_TEXTS = ("No source texts in this workspace yet: import an article with "
            "ach import-source FILE --title \"…\"")


# -- marking broken quotes ---------------------------------------------------------------

#: In front of a matrix row whose quote is not where its item says (excluded rows keep ✗).
QUOTE_MARK = "!"


def on_open(screen: Any) -> None:
    """Once the case is on screen: read the source documents in a worker, then mark."""
    checks = QuoteChecks(lambda: screen.session.library)
    checks.on_stale = lambda: screen.call_later(_read, screen, checks)
    _CHECKS[screen] = checks
    screen.query_one(DetailPanel).notes.append(checks.warning)
    # After every feature's on_open, so a marker set by another one is kept underneath.
    screen.call_later(_mark_rows, screen, checks)
    _read(screen, checks)


def _mark_rows(screen: Any, checks: QuoteChecks) -> None:
    matrix = screen.matrix
    underneath = getattr(matrix, "marker", None)
    if underneath is None:  # a matrix without row marks: the detail panel still says it
        return

    def marker(evidence_id: str) -> str:
        return QUOTE_MARK if checks.warning(evidence_id) else underneath(evidence_id)

    matrix.marker = marker


def checks_of(screen: Any) -> QuoteChecks:
    checks = _CHECKS.get(screen)
    if checks is None:
        on_open(screen)
        checks = _CHECKS[screen]
    return checks


def _read(screen: Any, checks: QuoteChecks) -> None:
    if checks.reading:
        return
    checks.reading = True
    workspace, library = screen.session.workspace, screen.session.library

    def work() -> None:
        odd_widths()  # built once per process, off the event loop; the source view wraps with it
        documents = read_documents(workspace, library)
        screen.app.call_from_thread(_adopt, screen, checks, documents)

    screen.run_worker(work, thread=True, group="quote-checks", exit_on_error=False)


def _adopt(screen: Any, checks: QuoteChecks, documents: Documents) -> None:
    checks.reading = False
    if documents.library is not screen.session.library:
        _read(screen, checks)  # the files were reloaded meanwhile: read them again
        return
    screen.matrix.refresh_rows(checks.adopt(documents))
    screen.query_one(DetailPanel).redraw()


# -- reading a source --------------------------------------------------------------------

def read_item_source(screen: Any) -> None:
    """The source of the item under the cursor, at its quote; else choose a source."""
    s = screen.session
    evidence_id, _ = screen.cursor()
    item = s.item(evidence_id) if evidence_id else None
    source = s.library.source_of(item) if item is not None else None
    if source is not None and source.document:
        _open(screen, Opening(source, item))
        return
    if item is not None:
        why = ("has no source" if item.source_id is None else
               f"cites {item.source_id}, which has no text" if source else
               f"cites {item.source_id}, which is not in evidence/")
        screen.notify(f"{item.id} {why}: choose a source to read.", markup=False, timeout=4)
    choose_source(screen)


def choose_source(screen: Any) -> None:
    library = screen.session.library
    readable = sorted((s for s in library.sources.values() if s.document),
                      key=lambda s: one_line(s.title).casefold())
    if not readable:
        screen.notify(NO_TEXTS, markup=False, timeout=8)
        return
    choices = [(s.id, f"{one_line(s.title)} ({s.id}) · "
                f"{plural(len(library.items_of(s.id)), 'item')}") for s in readable]

    def chosen(source_id: str | None) -> None:
        if source_id is not None and source_id in library.sources:
            _open(screen, Opening(library.sources[source_id]))

    screen.app.push_screen(PickScreen("Read which source? (enter opens, esc cancels)",
                                      choices, None), chosen)


def _open(screen: Any, opening: Opening) -> None:
    after, _ = screen.cursor()

    def done(result: EvidenceResult | Mended | None) -> None:
        if isinstance(result, EvidenceResult):
            _add(screen, result, after, opening.source)
        elif isinstance(result, Mended):
            _mend(screen, result.item)

    screen.app.push_screen(SourceScreen(screen.session, opening, checks_of(screen)), done)


def _add(screen: Any, result: EvidenceResult, after: str | None, source: Source) -> None:
    """The new item joins the case below the one the view was opened from, selected."""
    s = screen.session
    screen.apply(changes.add_evidence(s.case, result.item, result.ref, after))
    loc = result.item.location
    where = f" ¶{loc.paragraph}" if loc else ""
    screen.notify(f"Added {result.item.id} from {source.id}{where}: rate it with 1–5 "
                  "(0 NA); u undoes.", markup=False, timeout=5)


def _mend(screen: Any, item: Evidence) -> None:
    s = screen.session
    ref = s.ref(item.id)
    if ref is None:
        return
    screen.apply(changes.edit_evidence(s.case, s.library, item, ref))
    loc = item.location
    where = f" ¶{loc.paragraph} (offsets {loc.start}–{loc.end})" if loc else ""
    screen.notify(f"{item.id} now quotes{where}; u undoes.", markup=False, timeout=5)


ACTIONS: list[Action] = [
    Action("read-source", "T", "source text",
           "Read the source text of the item under the cursor, at its quote (select a passage "
           "there and press enter to make it evidence; ? lists the source view's keys)",
           group="Sources", run=read_item_source),
    Action("choose-source", "ctrl+o", "open a source",
           "Read a source text of the workspace: choose which", group="Sources",
           run=choose_source),
]
