"""The source view: read an article, see what is already evidence, make a passage evidence.

The document is read and split in a worker (it may be a 500-page report); the
text is drawn by ``SourceText``. The screen dismisses with the new evidence
item when the analyst makes one (the main screen adds it, undoably), or with
None when they go back.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from ach.figures import plural
from ach.jsonfile import FileProblem
from ach.model import Evidence, Source
from ach.sources import (
    Passage,
    PassageError,
    SourceDocument,
    evidence_at,
    load_document,
    passage,
)
from ach.sources.matching import folded
from ach.tui.kit.text import one_line
from ach.tui.matrix.item_forms import EvidenceResult
from ach.tui.sources import keys as source_keys
from ach.tui.sources.form import SourceEvidenceForm, new_item
from ach.tui.sources.layout import displayable, odd_widths
from ach.tui.sources.text import Loaded, SourceText
from ach.workbench.quote_checks import QuoteChecks
from ach.workbench.session import CaseSession
from ach.workbench.source_selection import Sentences


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


class StatusLine(Widget):
    """One line that changes on every key: repainted without laying out the screen again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()

    def show(self, text: Text) -> None:
        self.text = text
        self.refresh()

    def render(self) -> Text:
        return self.text


@dataclass(frozen=True)
class Mended:
    """The item the view was opened from, quoting the selection instead."""

    item: Evidence


@dataclass(frozen=True)
class Opening:
    """What the source view opens on: the source, and the item it was opened from."""

    source: Source
    item: Evidence | None = None


class SourceScreen(Screen[EvidenceResult | Mended | None]):
    BINDINGS = source_keys.bindings()
    COMMANDS = {source_keys.SourceActionsProvider}
    AUTO_FOCUS = "SourceText"

    def __init__(self, session: CaseSession, opening: Opening, checks: QuoteChecks) -> None:
        super().__init__()
        self.session = session
        self.source = opening.source
        self.item = opening.item
        self.checks = checks
        self.document: SourceDocument | None = None
        self.term = ""
        #: The term the hits on show were found for.
        self._hits_of = ""

    def compose(self) -> ComposeResult:
        yield Static(self._heading(None), id="source-heading")
        yield SourceText(id="source-text")
        yield StatusLine(id="source-status")
        yield Input(id="source-search", compact=True,
                    placeholder="search the source (enter: go to the first hit, esc: clear)")
        yield Footer()

    @property
    def text(self) -> SourceText:
        return self.query_one(SourceText)

    def on_mount(self) -> None:
        # Asked here, not in the worker: the session belongs to the event loop.
        items = self.session.library.items_of(self.source.id)
        self.load(items, self.checks.document(self.source.id))

    # -- reading the document
    @work(thread=True, exclusive=True, group="source-view", exit_on_error=False)
    def load(self, items: list[Evidence], document: SourceDocument | None) -> None:
        source = self.source
        try:
            document = document or load_document(self.session.workspace.root, source)
        except FileProblem as exc:
            self.app.call_from_thread(self._unreadable, str(exc))
            return
        if document is None:
            self.app.call_from_thread(self._unreadable, f"source {source.id} has no text")
            return
        odd_widths()
        folded(document.text)
        loaded = Loaded(document, displayable(document.text), Sentences(document),
                        evidence_at(document, items))
        self.app.call_from_thread(self._loaded, loaded)

    def _unreadable(self, problem: str) -> None:
        self.text.hint = f"Cannot read the source: {problem}"
        self.text.refresh()
        self.notify(problem, title="Cannot read the source", severity="error", markup=False,
                    timeout=10)

    def _loaded(self, loaded: Loaded) -> None:
        self.document = loaded.document
        self.query_one("#source-heading", Static).update(self._heading(loaded))
        span = self._item_span(loaded)
        self.text.show(loaded, *(span or (None, None)))

    def _item_span(self, loaded: Loaded) -> tuple[int, int] | None:
        """Where the item the view was opened from stands (or what comes nearest)."""
        item = self.item
        if item is None or item.source_id != self.source.id:
            return None
        citation = loaded.citations.of(item.id)
        if citation is not None:
            return citation.start, citation.end
        problem = loaded.citations.problems.get(item.id)
        if problem is not None and problem.nearest is not None:
            self.notify(f"{item.id}: its quote is not in the text; the nearest passage is "
                        "selected.", severity="warning", markup=False, timeout=6)
            return problem.nearest.start, problem.nearest.end
        return None

    def _heading(self, loaded: Loaded | None) -> Text:
        source = self.source
        text = Text(one_line(source.title), "bold")
        said = [one_line(x) for x in (source.publisher, source.author) if x]
        if source.published:
            said.append(source.published.isoformat())
        if said:
            text.append(" · " + " · ".join(said))
        text.append(f"\nevidence/{source.document}", "dim")
        if loaded is not None:
            doc, cited = loaded.document, loaded.citations
            items = len({c.evidence_id for c in cited.citations} | set(cited.problems))
            quoting = (f"{plural(items, 'item')} quote it" if items > 1 else
                       "1 item quotes it" if items else "no item quotes it yet")
            text.append(f" · {_count(len(doc.paragraphs), 'paragraph')}, "
                        f"{_count(len(loaded.sentences), 'sentence')} · {quoting}", "dim")
            if cited.unplaced:
                text.append(f" · quote not found: {', '.join(cited.unplaced)}", "bold red")
        return text

    # -- what the selection is
    @on(SourceText.Selected)
    def _selected(self) -> None:
        self._show_status()

    def _show_status(self) -> None:
        loaded = self.text.loaded
        status = self.query_one(StatusLine)
        if loaded is None:
            status.show(Text())
            return
        selection = self.text.selection
        start, end = selection.span
        sentences = loaded.sentences
        para = sentences.paragraph_of(selection.anchor)
        first = selection.anchor - sentences.first[para] + 1
        last = selection.cursor - sentences.first[para] + 1
        low, high = min(first, last), max(first, last)
        which = f"sentence {low}" if low == high else f"sentences {low}–{high}"
        line = Text(f"¶{para + 1} {which} · offsets {start}–{end} · "
                    f"{_count(end - start, 'character')}")
        quoting = [c for c in loaded.citations.citations if c.start < end and start < c.end]
        if quoting:
            line.append(" · quoted by ")
            line.append(", ".join(c.evidence_id + ("" if c.status == "verified" else
                                                   f" ({c.status})") for c in quoting), "bold")
        if self.term:
            hits = self.text.hits
            where = (f"{self.text.current_hit + 1} of {len(hits)}"
                     if self.text.current_hit >= 0 else plural(len(hits), "hit"))
            line.append(" · search ")
            line.append(self.term, "italic")
            line.append(f": {where}" if hits else ": not found")
        status.show(line)

    # -- which actions can run now
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        spec = source_keys.find(action, parameters)
        if spec is None:
            # Not a key of this view: the palette offers only what this screen can run.
            return True
        if source_keys.EDIT in spec.needs and not self.session.editable:
            return None
        if source_keys.HITS in spec.needs and not self.text.hits:
            return None
        return True

    # -- moving and selecting
    def action_sentence(self, delta: int) -> None:
        self.text.move_sentence(delta)

    def action_paragraph(self, delta: int) -> None:
        self.text.move_paragraph(delta)

    def action_page(self, direction: int) -> None:
        self.text.page(direction)

    def action_ends(self, last: int) -> None:
        self.text.first_or_last(bool(last))

    def action_extend(self, delta: int) -> None:
        if not self.text.extend(delta):
            self.notify("A quote stays within one paragraph.", markup=False, timeout=2)

    def action_end_word(self, delta: int) -> None:
        self.text.move_end(delta)

    def action_start_word(self, delta: int) -> None:
        self.text.move_start(delta)

    def action_quoted(self, delta: int) -> None:
        citation = self.text.citation_near(delta)
        if citation is None:
            self.notify("No evidence item quotes this source yet.", markup=False, timeout=2)
            return
        self.text.select_span(citation.start, citation.end)

    def action_item_quote(self) -> None:
        loaded = self.text.loaded
        span = self._item_span(loaded) if loaded is not None else None
        if span is None:
            self.notify("You came here from no item quoting this source.", markup=False,
                        timeout=3)
            return
        self.text.select_span(*span)

    # -- making evidence
    def _chosen(self) -> Passage | None:
        """The selection as a quote, or None (and why, in a notification)."""
        if self.document is None:
            return None
        if not self.session.editable:
            self.notify("Read-only: these are another analyst's ratings (v to go back).",
                        severity="warning", markup=False)
            return None
        try:
            return passage(self.document, *self.text.selection.span)
        except PassageError as exc:
            self.notify(f"Not a quote: {exc}", severity="warning", markup=False)
            return None

    def action_make_evidence(self) -> None:
        document = self.document
        chosen = self._chosen()
        if document is None or chosen is None:
            return
        s = self.session
        item = new_item(chosen, self.source, s.library.items)

        def done(result: EvidenceResult | None) -> None:
            if result is not None:
                self.dismiss(result)

        self.app.push_screen(SourceEvidenceForm(item, self.source, document,
                                                s.library.sources), done)

    def action_mend_quote(self) -> None:
        item = self.item
        if item is None or item.source_id != self.source.id:
            self.notify("You came here from no item quoting this source: nothing to mend.",
                        markup=False, timeout=3)
            return
        chosen = self._chosen()
        if chosen is None:
            return
        if (chosen.quote, chosen.location) == (item.quote, item.location):
            self.notify(f"{item.id} quotes this passage already.", markup=False, timeout=3)
            return
        self.dismiss(Mended(item.model_copy(update={"quote": chosen.quote,
                                                    "location": chosen.location})))

    # -- searching
    def action_search(self) -> None:
        box = self.query_one("#source-search", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#source-search")
    def _typed(self, event: Input.Changed) -> None:
        self.term = event.value.strip()
        self.find(self.term)

    def _hits(self, term: str) -> list[tuple[int, int]]:
        document = self.document
        return [(m.start, m.end) for m in document.search(term)] if document and term else []

    @work(thread=True, exclusive=True, group="source-search", exit_on_error=False)
    def find(self, term: str) -> None:
        """As the analyst types: a short term in a long text has many hits to fold."""
        hits = self._hits(term)
        self.app.call_from_thread(self._found, term, hits)

    def _found(self, term: str, hits: list[tuple[int, int]]) -> None:
        if term != self.term:
            return  # the box says something else by now
        self._hits_of = term
        self.text.set_hits(hits)
        self._show_status()
        self.refresh_bindings()

    @on(Input.Submitted, "#source-search")
    def _search_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.text.focus()
        if not self.term:
            event.input.display = False
            return
        if self._hits_of != self.term:  # enter came before the worker's answer
            self._found(self.term, self._hits(self.term))
        if not self.text.go_to_hit(1):
            self.notify(f"Not in the source: {self.term}", markup=False, timeout=3)
        self._show_status()

    def action_hit(self, delta: int) -> None:
        if self.text.go_to_hit(delta):
            self._show_status()

    # -- leaving
    def action_escape(self) -> None:
        box = self.query_one("#source-search", Input)
        if self.term or box.display:
            box.value = ""
            box.display = False
            self.term = self._hits_of = ""
            self.text.set_hits([])
            self.text.focus()
            self._show_status()
            self.refresh_bindings()
            return
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(source_keys.SourceHelp())
