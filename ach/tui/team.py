"""Working as a team, from the workbench: the team view, who said what in a cell, my ratings
against the consensus, and settling the conflicts a merge left.

Actions contributed through ``ach.tui.actions.ACTION_MODULES``; each ``run`` gets the
main screen. ``on_open`` starts looking for merge conflicts once the case is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from ach.tui.actions import Action
from ach.tui.merges import Found, MergeWatch, Outcome, look, report, set_mark, settle_files
from ach.tui.screens.cell_opinions import CellOpinions, Opinions
from ach.tui.screens.resolve import ResolveScreen
from ach.tui.screens.team import LIMIT, DifferencesScreen
from ach.tui.team_view import LEGEND, MARKED, TeamLens, TeamState
from ach.workbench.ordering import RowView
from ach.workbench.team_table import Difference, differences

GROUP = "Team"


# -- the team view -----------------------------------------------------------------------

def toggle_team_view(screen: Any) -> None:
    """The consensus matrix, read-only; the same key goes back to my own ratings."""
    session = screen.session
    if isinstance(screen.lens, TeamLens):
        session.viewing = session.analyst
        screen.show_lens(None)
        screen.notify(f"Your ratings again ({session.analyst}).", markup=False, timeout=2)
        return
    others = session.case.analysts
    if len(others) < 2:
        who = f"only {others[0]} has" if others else "nobody has"
        screen.notify(f"No team view yet: {who} rated this case. It needs two analysts.",
                      markup=False)
        return
    state = TeamState.of(screen)
    if not state.ready:  # said only if it takes long enough to be noticed (a large case)
        screen.set_timer(0.3, lambda: state.ready or screen.notify(
            "Working out the team's consensus…", markup=False, timeout=2))

    def show() -> None:
        if not isinstance(screen.lens, TeamLens):
            screen.show_lens(TeamLens(session, state))
            screen.notify(f"Team view: the consensus of {len(session.case.analysts)} "
                          f"analysts; {MARKED}. o: who said what · t: back",
                          markup=False, timeout=5)

    state.when_ready(show)


# -- who said what -----------------------------------------------------------------------

def show_opinions(screen: Any) -> None:
    evidence_id, hypothesis_id = screen.cursor()
    if evidence_id is None or hypothesis_id is None:
        return
    screen.app.push_screen(CellOpinions(Opinions.of(screen.session, evidence_id,
                                                    hypothesis_id)))


# -- my ratings against the consensus ------------------------------------------------------

def show_differences(screen: Any) -> None:
    session = screen.session
    if len(session.case.analysts) < 2:
        screen.notify("Nothing to compare yet: the consensus needs two analysts or more.",
                      markup=False)
        return
    state = TeamState.of(screen)

    def find() -> None:
        # In a worker: every cell I rated is compared (60,000 on a large case). My rows are
        # copied first; rows are replaced, never changed in place, so the copy stays true.
        table, case = state.table, session.case
        assert table is not None
        mine = dict(case.ratings.get(session.analyst, {}))
        view = case.model_copy(update={"ratings": {session.analyst: mine}})
        found, total = differences(view, table, session.analyst, LIMIT)
        screen.app.call_from_thread(show, found, total)

    def show(found: list[Difference], total: int) -> None:
        screen.app.push_screen(DifferencesScreen(session, found, total),
                               lambda cell: go_to_cell(screen, cell))

    state.when_ready(lambda: screen.run_worker(find, thread=True, group="team-differences",
                                               exclusive=True, exit_on_error=False))


def go_to_cell(screen: Any, cell: tuple[str, str] | None) -> None:
    """Put the cursor on a cell of my own ratings, showing its row if a filter hid it."""
    if cell is None:
        return
    session = screen.session
    if screen.lens is not None or session.viewing != session.analyst:
        session.viewing = session.analyst
        screen.show_lens(None)
    evidence_id, hypothesis_id = cell
    screen.matrix.go_to(evidence_id, hypothesis_id)
    if screen.cursor()[0] != evidence_id:  # filtered out, or an excluded item hidden
        screen.query_one("#filter", Input).value = ""
        screen.set_row_view(RowView(screen.row_view.sort, "", False))
        screen.matrix.go_to(evidence_id, hypothesis_id)
    screen.matrix.focus()


# -- merge conflicts ---------------------------------------------------------------------

def on_open(screen: Any) -> None:
    # Conflict lists concern the files on disk: the app's main screen watches them (a what-if
    # screen built on it works on a copy and watches nothing).
    if getattr(screen.app, "main", None) is screen:
        MergeWatch(screen).start()


def open_resolve(screen: Any) -> None:
    if screen.conflict:
        screen.notify("First decide about the files changed on disk (ctrl+l).",
                      severity="warning", markup=False)
        return
    look(screen, lambda found: _offer(screen, found))


def _offer(screen: Any, found: Found) -> None:
    if not found.files:
        if not found.problems:
            screen.notify("No merge conflicts wait in this workspace's files.", markup=False)
        return
    screen.app.push_screen(ResolveScreen(list(found.files)),
                           lambda choices: _settle(screen, choices))


def _settle(screen: Any, choices: dict[Path, dict[str, str]] | None) -> None:
    if not choices:
        return

    def work() -> None:
        outcome = settle_files(screen, choices)
        screen.app.call_from_thread(_settled, screen, outcome)

    screen.run_worker(work, thread=True, group="settle-merge", exclusive=True,
                      exit_on_error=False)


def _settled(screen: Any, outcome: Outcome) -> None:
    if outcome.problem:
        screen.notify(report(outcome), severity="error", markup=False, timeout=10)
        return
    # The files changed under the session: forget what it knew of them and read them again.
    screen.session.workspace.forget()
    screen.reload_from_disk()
    set_mark(screen, outcome.left.count)
    screen.notify(report(outcome), markup=False, timeout=15)


ACTIONS: list[Action] = [
    Action("team-view", "t", "team",
           f"Team view: the consensus of every analyst, read-only, each cell marked by "
           f"disagreement ({LEGEND}); t again: your own ratings", group=GROUP,
           run=toggle_team_view),
    Action("who-said-what", "o", "who said what",
           "Who said what in this cell: every analyst's rating and reason, the consensus "
           "and the disagreement", group=GROUP, run=show_opinions),
    Action("my-differences", "m", "me vs team",
           "My ratings against the consensus: the cells where I differ most (enter goes "
           "to the cell)", group=GROUP, run=show_differences),
    Action("merge-conflicts", "M", "merge conflicts",
           "Settle the conflicts a git merge left in the case's files: ours or theirs, "
           "one by one or all", group=GROUP, run=open_resolve),
]
