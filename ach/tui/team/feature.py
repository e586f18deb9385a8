"""Working as a team, from the workbench: the team view, who said what in a cell, my ratings
against the consensus, and settling the conflicts a merge left.

``TeamFeature`` belongs to one matrix screen and holds its team state (the consensus
table, built once and kept current); the screen's ``action_…`` methods for the keys
of ``ACTIONS`` call it. ``start`` looks for merge conflicts once the case is shown.
"""

from __future__ import annotations

from pathlib import Path

from ach.edits.changes import Change
from ach.tui.kit.actions import Action
from ach.tui.matrix.host import MatrixHost
from ach.tui.team.differences import LIMIT, DifferencesScreen
from ach.tui.team.lens import LEGEND, MARKED, TeamLens, TeamState
from ach.tui.team.merges import (
    Found,
    MergeConflictsLeft,
    MergeWatch,
    Outcome,
    look,
    report,
    settle_files,
)
from ach.tui.team.opinions import CellOpinions, Opinions
from ach.tui.team.resolve import ResolveScreen
from ach.workbench.team_table import Difference, differences

GROUP = "Team"


class TeamFeature:
    """The team's keys on one matrix screen, and the consensus table they share."""

    def __init__(self, host: MatrixHost) -> None:
        self.host = host
        self.state = TeamState(host)

    def start(self) -> None:
        # Conflict lists concern the files on disk: the screen of the case on disk watches
        # them (a what-if screen works on a copy and watches nothing).
        if self.host.watches_files:
            MergeWatch(self.host).start()

    def changed(self, change: Change) -> None:
        """A change made, undone or redone: the consensus table follows it."""
        self.state.changed(change)

    # -- the team view -----------------------------------------------------------------------

    def toggle_team_view(self) -> None:
        """The consensus matrix, read-only; the same key goes back to my own ratings."""
        session = self.host.session
        if isinstance(self.host.lens, TeamLens):
            session.viewing = session.analyst
            self.host.show_lens(None)
            self.host.notify(f"Your ratings again ({session.analyst}).", markup=False, timeout=2)
            return
        others = session.case.analysts
        if len(others) < 2:
            who = f"only {others[0]} has" if others else "nobody has"
            self.host.notify(f"No team view yet: {who} rated this case. It needs two analysts.",
                          markup=False)
            return
        state = self.state
        if not state.ready:  # said only if it takes long enough to be noticed (a large case)
            self.host.set_timer(0.3, lambda: state.ready or self.host.notify(
                "Working out the team's consensus…", markup=False, timeout=2))

        def show() -> None:
            if not isinstance(self.host.lens, TeamLens):
                self.host.show_lens(TeamLens(session, state))
                self.host.notify(f"Team view: the consensus of {len(session.case.analysts)} "
                              f"analysts; {MARKED}. o: who said what · t: back",
                              markup=False, timeout=5)

        state.when_ready(show)

    # -- who said what -----------------------------------------------------------------------

    def show_opinions(self) -> None:
        evidence_id, hypothesis_id = self.host.cursor()
        if evidence_id is None or hypothesis_id is None:
            return
        self.host.app.push_screen(CellOpinions(Opinions.of(self.host.session, evidence_id,
                                                        hypothesis_id)))

    # -- my ratings against the consensus ------------------------------------------------------

    def show_differences(self) -> None:
        session = self.host.session
        if len(session.case.analysts) < 2:
            self.host.notify("Nothing to compare yet: the consensus needs two analysts or more.",
                          markup=False)
            return
        state = self.state

        def find() -> None:
            # In a worker: every cell I rated is compared (60,000 on a large case). My rows are
            # copied first; rows are replaced, never changed in place, so the copy stays true.
            table, case = state.table, session.case
            assert table is not None
            mine = dict(case.ratings.get(session.analyst, {}))
            view = case.model_copy(update={"ratings": {session.analyst: mine}})
            found, total = differences(view, table, session.analyst, LIMIT)
            self.host.app.call_from_thread(show, found, total)

        def show(found: list[Difference], total: int) -> None:
            self.host.app.push_screen(DifferencesScreen(session, found, total),
                                   lambda cell: self.go_to_cell(cell))

        state.when_ready(lambda: self.host.run_worker(find, thread=True, group="team-differences",
                                                   exclusive=True, exit_on_error=False))

    def go_to_cell(self, cell: tuple[str, str] | None) -> None:
        """Put the cursor on a cell of my own ratings, showing its row if a filter hid it."""
        if cell is None:
            return
        self.host.show_cell(*cell)

    # -- merge conflicts ---------------------------------------------------------------------

    def open_resolve(self) -> None:
        if self.host.conflict:
            self.host.notify("First decide about the files changed on disk (ctrl+l).",
                          severity="warning", markup=False)
            return
        look(self.host, lambda found: self._offer(found))

    def _offer(self, found: Found) -> None:
        if not found.files:
            if not found.problems:
                self.host.notify("No merge conflicts wait in this workspace's files.", markup=False)
            return
        self.host.app.push_screen(ResolveScreen(list(found.files)),
                               lambda choices: self._settle(choices))

    def _settle(self, choices: dict[Path, dict[str, str]] | None) -> None:
        if not choices:
            return

        def work() -> None:
            outcome = settle_files(self.host, choices)
            self.host.app.call_from_thread(self._settled, outcome)

        self.host.run_worker(work, thread=True, group="settle-merge", exclusive=True,
                          exit_on_error=False)

    def _settled(self, outcome: Outcome) -> None:
        if outcome.problem:
            self.host.notify(report(outcome), severity="error", markup=False, timeout=10)
            return
        # The files changed under the session: forget what it knew of them and read them again.
        self.host.session.workspace.forget()
        self.host.reload_from_disk()
        self.host.post_message(MergeConflictsLeft(outcome.left.count))
        self.host.notify(report(outcome), markup=False, timeout=15)


ACTIONS: list[Action] = [
    Action("team-view", "t", "team",
           f"Team view: the consensus of every analyst, read-only, each cell marked by "
           f"disagreement ({LEGEND}); t again: your own ratings", "toggle_team_view", group=GROUP),
    Action("who-said-what", "o", "who said what",
           "Who said what in this cell: every analyst's rating and reason, the consensus "
           "and the disagreement", "who_said_what", group=GROUP),
    Action("my-differences", "m", "me vs team",
           "My ratings against the consensus: the cells where I differ most (enter goes "
           "to the cell)", "my_differences", group=GROUP),
    Action("merge-conflicts", "M", "merge conflicts",
           "Settle the conflicts a git merge left in the case's files: ours or theirs, "
           "one by one or all", "merge_conflicts", group=GROUP),
]
