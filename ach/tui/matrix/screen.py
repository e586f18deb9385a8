"""The matrix screen: question, matrix, scores, the selected item, the keys.

Children report (``MatrixView.CursorMoved``); the screen owns the session and
hands each widget what it shows. Rating, moving, viewing and the row marks live
here. The main screen (``ach.tui.main_screen``) derives from it and adds the
features, the forms that add, edit and delete, and the disk; the what-if screen
(``ach.tui.method.whatif``) derives from it too, over a copy of the case.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input

from ach.cautions import CredibilitySplit, credibility_splits
from ach.edits import changes
from ach.edits.changes import Change
from ach.model import Rating
from ach.tui.kit import actions
from ach.tui.kit.actions import Action
from ach.tui.kit.pick import PickScreen
from ach.tui.matrix.detail import DetailData, DetailPanel
from ach.tui.matrix.host import Lens
from ach.tui.matrix.reason import ReasonForm, ReasonResult
from ach.tui.matrix.scores import ScoresData, ScoresPanel
from ach.tui.matrix.status import InfoBar, QuestionBar, SaveIndicator
from ach.tui.matrix.view import Column, MatrixView
from ach.workbench.live_scores import LiveScores
from ach.workbench.marks import RowMarks
from ach.workbench.numbering import change_ids
from ach.workbench.ordering import RowView, SortOrder, visible_rows
from ach.workbench.score_notes import ScoreNotes, score_notes
from ach.workbench.seeding import seed_ratings
from ach.workbench.session import CaseSession


class MatrixScreen(Screen[None]):
    """Question, matrix, scores, the selected item and the keys, over one case session.

    Rating, moving, viewing and the row marks live here; the main screen adds the
    features, editing and the disk; the what-if screen derives from this one too.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    #: The actions whose keys this screen binds (``check_action`` reads their needs).
    ACTIONS: tuple[Action, ...] = ()

    def __init__(self, session: CaseSession) -> None:
        super().__init__()
        self.session = session
        self.scoreboard = LiveScores(session)
        self.row_view = RowView()
        self._rescore_queued = False
        self._scores_focus: str | None = None
        self._score_notes: ScoreNotes | None = None
        self._splits: list[CredibilitySplit] | None = None
        self._available: tuple[bool, ...] = ()
        #: Shown instead of ``session.viewing``'s ratings when set (``show_lens``).
        self.lens: Lens | None = None
        #: The files changed on disk while we had unsaved changes (the main screen's files).
        self.conflict = False
        self.marks = RowMarks(session, lambda: self.scoreboard.scores)
        #: The mark of a row whose quote is not where its item says, and the warning the
        #: detail panel shows for it (the main screen's source checks; none here).
        self.quote_mark: Callable[[str], str | None] = lambda _evidence_id: None
        self.quote_warning: Callable[[str], str | None] = lambda _evidence_id: None

    def compose(self) -> ComposeResult:
        yield QuestionBar(id="question")
        with Horizontal(id="top-line"):
            yield InfoBar(id="info")
            yield SaveIndicator(id="save-state")
        with Horizontal(id="middle"):
            with Vertical(id="matrix-pane"):
                yield Input(id="filter", compact=True,
                            placeholder="filter: words in the summary, quote, source… "
                            "(enter: back to the matrix, esc: clear)")
                yield MatrixView(id="matrix")
            with VerticalScroll(id="scores-pane", can_focus=False):
                yield ScoresPanel(id="scores")
        yield DetailPanel(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(QuestionBar).show(self.session.case.question)
        self.reload_view()
        self.matrix.focus()
        self.matrix.marker = self.row_mark
        self.matrix.item_ref = self.session.item_ref
        self.query_one(DetailPanel).notes.append(lambda e: self.quote_warning(e))
        self.on_screen()

    def on_screen(self) -> None:
        """The case is on screen: for what starts then (watching files, reading sources)."""

    def row_mark(self, evidence_id: str) -> str:
        """The mark in front of a row, in this order: a quote not where its item says (!),
        else excluded, linchpin, planted, in a dependence group, undiagnostic
        (``ach.workbench.marks``), or none."""
        return self.quote_mark(evidence_id) or self.marks.mark(evidence_id)

    def _refresh_marks(self) -> None:
        self.matrix.refresh_rows(self.marks.update())

    # -- what the features build on (ach.tui.matrix.host.MatrixHost)
    @property
    def in_whatif(self) -> bool:
        return False

    @property
    def watches_files(self) -> bool:
        return False

    @property
    def matrix(self) -> MatrixView:
        return self.query_one(MatrixView)

    def cursor(self) -> tuple[str | None, str | None]:
        """The evidence id and hypothesis id under the cursor."""
        return self.matrix.cursor_ids()

    def apply(self, change: Change | None) -> None:
        """Make a change (recorded for undo, shown, saved); None is a no-op."""
        if change is None:
            return
        if not self.session.editable:
            self.notify(self.read_only_words(), severity="warning", markup=False)
            return
        self.session.apply(change)
        self.changed(change)

    def reload_view(self) -> None:
        """Everything again: after a structural change, a reload or another view."""
        session = self.session
        self._splits = None
        self.scoreboard.rebuild()
        columns = [Column(h.id, h.title, session.hypothesis_ref(h.id))
                   for h in session.case.hypotheses]
        self.matrix.show(self.shown, columns, self._rows())
        self._show_all()

    @property
    def shown(self) -> CaseSession | Lens:
        """What the matrix, scores and detail show: the lens, else the session (whose
        ``viewing`` analyst's ratings)."""
        return self.lens or self.session

    def show_lens(self, lens: Lens | None) -> None:
        """Show a read-only lens over the case, or (None) ``session.viewing``'s ratings."""
        self.lens = lens
        self.scoreboard = lens.scores if lens is not None else LiveScores(self.session)
        self.reload_view()

    def changed(self, change: Change) -> None:
        """Show a change just made, undone or redone, and queue it for saving."""
        # The row marks follow once the change is shown and rescored (scores are lazy).
        self.call_after_refresh(self._refresh_marks)
        if not change.ratings_only:
            self._splits = None
        self.before_showing(change)
        if change.structural:
            self.reload_view()
        else:
            self.scoreboard.update_cells(change.cells)
            self.matrix.refresh_rows(change.rows)
            self._queue_rescore()
        self.matrix.go_to(change.focus.evidence_id, change.focus.hypothesis_id)
        self.after_showing(change)
        self.update_bindings()

    def before_showing(self, change: Change) -> None:
        """A change was made, undone or redone: for what keeps figures of its own."""

    def after_showing(self, change: Change) -> None:
        """A change is on screen: for what saves it."""

    # -- keeping the panels current
    def _rows(self) -> list[str]:
        rows = visible_rows(self.session, self.row_view, self.scoreboard.diagnosticity)
        matrix = self.matrix
        total = len(self.session.case.evidence)
        matrix.caption = (f"Evidence ({total})" if len(rows) == total
                          else f"Evidence ({len(rows)} of {total})")
        matrix.hint = self._empty_hint(rows)
        return rows

    def _empty_hint(self, rows: list[str]) -> str:
        case = self.session.case
        if not case.evidence:
            return "No evidence yet: press a to add an item."
        if not rows:
            return "No item matches: esc clears the filter, X shows excluded items."
        if not case.hypotheses:
            return "No hypotheses yet: press A to add one."
        return ""

    def _queue_rescore(self) -> None:
        # The cell is repainted first; the scores follow straight after.
        if not self._rescore_queued:
            self._rescore_queued = True
            self.call_after_refresh(self._rescore)

    def _rescore(self) -> None:
        self._rescore_queued = False
        if self.row_view.sort is SortOrder.DIAGNOSTICITY:
            self.matrix.set_rows(self._rows())
        self._show_scores()
        self._show_detail()

    def _show_all(self) -> None:
        self._show_info()
        self._show_scores()
        self._show_detail()
        self.update_bindings()

    def _show_info(self) -> None:
        s = self.session
        shown = self.shown
        back = self.lens.back if self.lens else "v: back"
        self.query_one(InfoBar).show(s.case.id, s.analyst, shown.viewing,
                                     self.row_view.describe(),
                                     back=f"n: rate yourself · {back}")

    def _show_scores(self, *, focus_only: bool = False) -> None:
        """The scores panel; ``focus_only``: only the cursor's column changed, so the notes
        (which read every item: 9 ms on a large case) are the ones already shown."""
        case = self.session.case
        heading = f"Scores · {self.shown.viewing}"
        self._scores_focus = self.cursor()[1]
        scores = self.scoreboard.scores
        notes = self._score_notes
        if not focus_only or notes is None:
            items = self.session.library.items
            if self._splits is None:  # until an item or the list of items changes
                self._splits = credibility_splits(case, items)
            notes = self._score_notes = score_notes(case, items, scores, self._splits)
        self.query_one(ScoresPanel).show(ScoresData(
            {h.id: h.title for h in case.hypotheses}, scores, self._scores_focus, heading,
            notes))

    def _show_detail(self) -> None:
        s = self.session
        evidence_id, hypothesis_id = self.cursor()
        item = s.item(evidence_id) if evidence_id else None
        ref = s.ref(evidence_id) if evidence_id else None
        hyps = s.case.hypotheses
        column = next((i for i, h in enumerate(hyps) if h.id == hypothesis_id), 0)
        relevance = (ref.relevance if ref and ref.relevance else
                     item.relevance if item else None)
        self.query_one(DetailPanel).show(DetailData(
            item=item, evidence_id=evidence_id,
            item_ref=s.item_ref(evidence_id) if evidence_id else "",
            source=s.library.source_of(item) if item else None,
            relevance=relevance.value if relevance else "",
            excluded=bool(ref and ref.excluded),
            exclusion_reason=ref.exclusion_reason if ref else "",
            diagnosticity=self.scoreboard.diagnosticity(evidence_id) if evidence_id else 0.0,
            linchpin=self.scoreboard.linchpin(evidence_id) if evidence_id else False,
            hypothesis=hyps[column] if hypothesis_id else None,
            hypothesis_ref=s.hypothesis_ref(hypothesis_id) if hypothesis_id else "",
            cell=self.shown.cell(evidence_id, hypothesis_id) if evidence_id and hypothesis_id
            else None, rater=self.shown.viewing))

    @on(MatrixView.CursorMoved)
    def _cursor_moved(self, event: MatrixView.CursorMoved) -> None:
        self._show_detail()
        if event.hypothesis_id != self._scores_focus:
            self._show_scores(focus_only=True)

    # -- which actions can run now
    def update_bindings(self) -> None:
        """Redraw the footer only when what is available changed (it is not free)."""
        state = tuple(self.holds(c) for c in actions.CONDITIONS)
        if state != self._available:
            self._available = state
            self.refresh_bindings()

    def holds(self, condition: str) -> bool:
        evidence_id, hypothesis_id = self.cursor()
        history = self.session.history
        return {
            actions.EDIT: self.session.editable and self.lens is None,
            actions.CELL: evidence_id is not None and hypothesis_id is not None,
            actions.ROW: evidence_id is not None,
            actions.COLUMN: hypothesis_id is not None,
            actions.UNDO: bool(history.done),
            actions.REDO: bool(history.undone),
            actions.CONFLICT: self.conflict,
            actions.READ_ONLY: not (self.session.editable and self.lens is None),
        }.get(condition, True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        spec = self.action_spec(action, parameters)
        if spec is None:
            return True
        if all(self.holds(n) for n in spec.needs):
            return True
        # What cannot work in this view at all is not shown; what waits for the cursor, an
        # undo or a conflict is shown dimmed.
        not_in_this_view = any(n in spec.needs and not self.holds(n)
                               for n in (actions.EDIT, actions.READ_ONLY))
        return False if not_in_this_view else None

    def on_key(self, event: events.Key) -> None:
        """A rating key in a read-only view: say why nothing happened, and how to rate."""
        if event.key in actions.RATING_KEYS and self.holds(actions.READ_ONLY):
            event.stop()
            self.notify(self.read_only_words(), severity="warning", markup=False)

    def read_only_words(self) -> str:
        """Why a rating key does nothing here, and what to press instead."""
        shown = self.shown.viewing
        whose = "the team's consensus" if self.lens is not None else f"{shown}'s ratings"
        return (f"Read-only: these are {whose}. Press n to rate as yourself "
                f"({self.session.analyst}).")

    @classmethod
    def action_spec(cls, action: str, parameters: tuple[object, ...]) -> Action | None:
        """The action of ``ACTIONS`` a Textual action call belongs to."""
        return actions.find(cls.ACTIONS, action, parameters)

    # -- rating
    def action_rate(self, code: str) -> None:
        evidence_id, hypothesis_id = self.cursor()
        if evidence_id is None or hypothesis_id is None:
            return
        rating = Rating(code) if code else None
        self.apply(changes.rate(self.session.case, self.session.analyst, evidence_id,
                                hypothesis_id, rating))

    def action_reason(self) -> None:
        evidence_id, hypothesis_id = self.cursor()
        if evidence_id is None or hypothesis_id is None:
            return
        s = self.session
        hypothesis = s.case.hypothesis(hypothesis_id)

        def done(result: ReasonResult | None) -> None:
            if result is not None:
                self.apply(changes.set_cell(s.case, s.analyst, evidence_id, hypothesis_id,
                                            result.cell))

        shown = self.shown
        self.app.push_screen(ReasonForm(f"{s.item_ref(evidence_id)} {s.label(evidence_id)}",
                                        f"{s.hypothesis_ref(hypothesis_id)} {hypothesis.title}",
                                        shown.cell(evidence_id, hypothesis_id),
                                        read_only=not self.holds(actions.EDIT),
                                        rater=shown.viewing), done)

    def action_undo(self) -> None:
        self._history_step(self.session.undo, "Undone")

    def action_redo(self) -> None:
        self._history_step(self.session.redo, "Redone")

    def _history_step(self, step, verb: str) -> None:
        s = self.session
        if not s.editable:
            return
        waiting = s.history.done if verb == "Undone" else s.history.undone
        # Said with the refs the person saw when making it, then those after (an undone
        # addition has no ref after; an undone removal none before).
        label = s.in_words(waiting[-1].label, change_ids(waiting[-1])) if waiting else ""
        change = step()
        if change is None:
            self.notify(f"Nothing to {verb.lower()[:-2]}.", markup=False)
            return
        self.changed(change)
        self.notify(f"{verb}: {s.in_words(label, change_ids(change))}", markup=False, timeout=2)

    # -- moving
    def action_move(self, rows: int, columns: int) -> None:
        self.matrix.move(rows, columns)

    def action_page(self, direction: int) -> None:
        self.matrix.page(direction)

    # -- which rows, whose ratings
    def set_row_view(self, view: RowView) -> None:
        self.row_view = view
        self.matrix.set_rows(self._rows())
        self._show_info()
        self._show_detail()

    def action_cycle_sort(self) -> None:
        view = self.row_view
        self.set_row_view(RowView(view.sort.next(), view.text, view.hide_excluded))
        self.notify(f"Sorted by {self.row_view.sort.value}.", markup=False, timeout=2)

    def action_toggle_hidden(self) -> None:
        v = self.row_view
        self.set_row_view(RowView(v.sort, v.text, not v.hide_excluded))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.matrix.focus()

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        v = self.row_view
        self.set_row_view(RowView(v.sort, event.value, v.hide_excluded))

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            event.input.display = False
        self.matrix.focus()

    def action_switch_analyst(self) -> None:
        s = self.session
        choices = [(name, name + (" (you now)" if name == s.analyst else ""))
                   for name in s.analysts()]
        self.app.push_screen(PickScreen("Rate as", choices, s.analyst,
                                        new_label="…or a new analyst:"), self._rate_as)

    def _rate_as(self, name: str | None) -> None:
        if name is None:
            return
        self.session.analyst = name
        self.session.viewing = name
        self.show_lens(None)
        self.notify(f"Rating as {name}.", markup=False, timeout=2)

    def action_rate_yourself(self) -> None:
        """n, in a read-only view: back to my own ratings; with none yet, I may start from
        the ratings shown."""
        s = self.session
        shown = self.shown
        whose = ("the team's consensus" if self.lens is not None
                 else f"{shown.viewing}'s ratings")
        if s.case.ratings.get(s.analyst):
            self._rate_from(shown, whose, seed=False)
            return
        choices = [("empty", "an empty matrix"), ("seed", f"a copy of {whose} (codes only; "
                                                          "u undoes it)")]
        self.app.push_screen(PickScreen(f"Start your own ratings ({s.analyst}) from",
                                        choices, "empty"),
                             lambda chosen: chosen and self._rate_from(shown, whose,
                                                                       seed=chosen == "seed"))

    def _rate_from(self, shown: CaseSession | Lens, whose: str, *, seed: bool) -> None:
        s = self.session
        change = seed_ratings(s.case, s.analyst, shown.rating, whose) if seed else None
        s.viewing = s.analyst
        self.show_lens(None)
        self.apply(change)
        self.notify(f"Rating as {s.analyst}" + (f", starting from {whose}." if change else ".")
                    + " 1–5 and 0 rate the cell under the cursor.", markup=False, timeout=4)

    def action_view_analyst(self) -> None:
        s = self.session
        choices = [(name, name + (" (you: editable)" if name == s.analyst else " (read-only)"))
                   for name in s.analysts()]
        # Asking to view means someone else, usually: start the list on them.
        start = s.viewing if s.viewing != s.analyst else next(
            (name for name in s.analysts() if name != s.analyst), s.analyst)
        self.app.push_screen(PickScreen("Show the ratings of", choices, start), self._view)

    def _view(self, name: str | None) -> None:
        if name is None:
            return
        self.session.viewing = name
        self.show_lens(None)

    def show_cell(self, evidence_id: str, hypothesis_id: str) -> None:
        """Put the cursor on a cell of my own ratings, showing its row if a filter hid it."""
        session = self.session
        if self.lens is not None or session.viewing != session.analyst:
            session.viewing = session.analyst
            self.show_lens(None)
        self.matrix.go_to(evidence_id, hypothesis_id)
        if self.cursor()[0] != evidence_id:  # filtered out, or an excluded item hidden
            self.query_one("#filter", Input).value = ""
            self.set_row_view(RowView(self.row_view.sort, "", False))
            self.matrix.go_to(evidence_id, hypothesis_id)
        self.matrix.focus()
