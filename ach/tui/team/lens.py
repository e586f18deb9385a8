"""The team's consensus on the main screen: the table kept current, its scores, and the lens.

``TeamState`` belongs to one main screen: it builds the ``TeamTable`` in a worker
thread the first time a team feature needs it, and from then on hears every change
the screen makes (``MainScreen.changed`` tells it), so a rating costs one cell's
recomputation. ``TeamLens`` is what the matrix, scores and detail show in the team
view (``MainScreen.show_lens``): consensus codes, a disagreement mark beside each,
and the consensus matrix's scores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ach.edits.changes import CellEdit, Change
from ach.figures import plural
from ach.model import Case, Cell, Rating, Ratings
from ach.scoring import Disagreement, Matrix, cell_ratings
from ach.tui.matrix.host import MatrixHost
from ach.workbench.live_scores import LiveScores
from ach.workbench.session import CaseSession
from ach.workbench.team_table import TeamCell, TeamTable

#: The lens's name, as the info line and the scores heading use it.
TEAM = "the team"

#: Each band's mark beside a consensus code, and the component class that colours it: the
#: mark alone tells the bands apart, without colour.
MARKS: dict[Disagreement, tuple[str, str]] = {
    Disagreement.MILD: ("~", "matrix--mark-low"),
    Disagreement.LARGE: ("!", "matrix--mark-medium"),
    Disagreement.EXTREME: ("!!", "matrix--mark-high"),
}
MARKED = "~ mild, ! large, !! extreme disagreement"
LEGEND = f"{MARKED}; no mark: none, or one analyst"


class TeamState:
    """The team table of one main screen, built once and kept current change by change."""

    def __init__(self, screen: MatrixHost) -> None:
        self.screen = screen
        self.table: TeamTable | None = None
        #: The case the table describes; a reload from disk brings a new one.
        self.case: Case | None = None
        self._building = False
        #: Cells changed while the table was being built, to bring up to date after.
        self._pending: set[tuple[str, str]] = set()
        self._waiting: list[Callable[[], object]] = []
        self._scores: TeamScores | None = None

    @property
    def ready(self) -> bool:
        return self.table is not None and self.case is self.screen.session.case

    def when_ready(self, then: Callable[[], object]) -> None:
        """Call ``then`` once the table describes the case on screen (now, if it does)."""
        if self.ready:
            then()
            return
        if then not in self._waiting:
            self._waiting.append(then)
        if not self._building:
            self._build()

    def _build(self) -> None:
        self._building = True
        self._pending.clear()
        case = self.screen.session.case
        # Rows are replaced, never changed in place (ach.edits.changes), so shallow copies
        # of each analyst's rows are safe to read from the worker thread.
        ratings = {analyst: dict(rows) for analyst, rows in case.ratings.items()}
        self.screen.run_worker(lambda: self._work(case, ratings), thread=True,
                               group="team-table", exit_on_error=False)

    def _work(self, case: Case, ratings: Ratings) -> None:
        try:
            table = TeamTable(ratings)
        except Exception as exc:  # noqa: BLE001 - reported, never a crash
            self.screen.app.call_from_thread(self._failed, exc)
            return
        self.screen.app.call_from_thread(self._built, case, table)

    def _failed(self, exc: Exception) -> None:
        self._building = False
        self._waiting.clear()
        self.screen.notify(f"The team's consensus could not be worked out: {exc}",
                           severity="error", markup=False)

    def _built(self, case: Case, table: TeamTable) -> None:
        self._building = False
        if case is not self.screen.session.case:  # reloaded from disk meanwhile
            self._build()
            return
        for evidence_id, hypothesis_id in self._pending:
            table.update(case.ratings, evidence_id, hypothesis_id)
        self._pending.clear()
        self.table, self.case = table, case
        if self._scores is not None:
            self._scores.stale = True
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()

    def scores(self) -> TeamScores:
        """The consensus matrix's scores: one board, kept current while it is not shown."""
        if self._scores is None:
            self._scores = TeamScores(self.screen.session, self)
        return self._scores

    def changed(self, change: Change) -> None:
        """A change made, undone or redone on the screen: recompute the cells it set."""
        self.update(change.cells)
        scores = self._scores
        if scores is None or scores.stale:
            return
        if change.structural:  # rows, columns or weights: the board is built again
            scores.stale = True
        elif self.ready:
            assert self.table is not None
            for edit in change.cells:
                scores.set_cell(edit.evidence_id, edit.hypothesis_id,
                                self.table.consensus(edit.evidence_id, edit.hypothesis_id))

    def update(self, edits: Iterable[CellEdit]) -> None:
        session = self.screen.session
        for edit in edits:
            if self._building:
                self._pending.add((edit.evidence_id, edit.hypothesis_id))
            elif self.table is not None and self.case is session.case:
                self.table.update(session.case.ratings, edit.evidence_id, edit.hypothesis_id)


class TeamScores(LiveScores):
    """The scores of the consensus matrix. The team state hears every change first and
    keeps them current, so showing them again costs nothing unless rows, columns or
    weights changed (``stale``)."""

    def __init__(self, session: CaseSession, state: TeamState) -> None:
        super().__init__(session)
        self.state = state
        self.stale = True

    def rebuild(self) -> None:
        if self.stale or self.session.case is not self.state.case:
            super().rebuild()
            self.stale = not self.state.ready

    def matrix(self) -> Matrix:
        state = self.state
        if not state.ready:  # reloaded from disk: show it again once the table is rebuilt
            state.when_ready(state.screen.reload_view)
        assert state.table is not None
        return state.table.matrix(self.session.case, self.session.library.items)

    def update_cells(self, edits: Iterable[CellEdit]) -> None:
        """Nothing to do: the team state has brought these cells up to date already."""


class TeamLens:
    """The team view: what the matrix, the scores and the detail show (read-only)."""

    viewing = TEAM
    back = "t: back"
    mark_width = 2

    def __init__(self, session: CaseSession, state: TeamState) -> None:
        self.session = session
        self.state = state
        self.scores = state.scores()

    def _cell(self, evidence_id: str, hypothesis_id: str) -> TeamCell | None:
        table = self.state.table
        return None if table is None else table.cell(evidence_id, hypothesis_id)

    # -- what the matrix asks
    def rating(self, evidence_id: str, hypothesis_id: str) -> Rating | None:
        cell = self._cell(evidence_id, hypothesis_id)
        return None if cell is None else cell.consensus

    def label(self, evidence_id: str) -> str:
        return self.session.label(evidence_id)

    def excluded(self, evidence_id: str) -> bool:
        return self.session.excluded(evidence_id)

    def cell_mark(self, evidence_id: str, hypothesis_id: str) -> tuple[str, str] | None:
        cell = self._cell(evidence_id, hypothesis_id)
        band = None if cell is None else cell.band
        return None if band is None else MARKS.get(band)

    # -- what the detail panel and the reason form ask
    def cell(self, evidence_id: str, hypothesis_id: str) -> Cell | None:
        """The consensus, with who gave what as its reason (one line)."""
        team = self._cell(evidence_id, hypothesis_id)
        if team is None or team.consensus is None:
            return None
        given = cell_ratings(self.session.case, evidence_id, hypothesis_id)
        said = ", ".join(f"{name} {rating.value}" for name, rating in sorted(given.items()))
        return Cell(rating=team.consensus, reason=f"{describe(team)}: {said}")


def describe(cell: TeamCell) -> str:
    """``consensus of 3 analysts, large disagreement (1.25)`` or ``rated by one analyst``."""
    if cell.band is None:
        return "rated by one analyst only"
    return (f"consensus of {plural(cell.raters, 'analyst')}, {cell.band.value} disagreement "
            f"({cell.spread:.2f})")
