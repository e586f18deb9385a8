"""The matrix as it was at one commit: the matrix screen over the case read from git,
read-only, like another analyst's ratings.

It derives from the matrix base screen as the what-if screen does, over a session of
the past case (never saved: nothing here writes). It opens on the team's consensus when
two analysts or more had rated (the figures the history row shows), else on the one
analyst's ratings; ``v`` shows another analyst's, or the team's. Rating keys are
answered with why nothing happens; escape goes back to the history.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from ach.edits.changes import Change
from ach.history.timeline import Entry
from ach.model import Cell, Rating
from ach.scoring import Matrix, cell_ratings
from ach.store import Workspace
from ach.tui.kit import actions
from ach.tui.kit.actions import Action
from ach.tui.kit.help import HelpScreen
from ach.tui.kit.pick import PickScreen
from ach.tui.kit.text import one_line
from ach.tui.matrix.scores import ratings_help
from ach.tui.matrix.screen import MatrixScreen
from ach.tui.matrix.status import InfoBar
from ach.workbench.live_scores import LiveScores
from ach.workbench.session import CaseSession

#: The name the team's consensus goes by in the picker, the info line and the scores.
TEAM = "the team"

#: Built-in actions that only look: moving, reading reasons, sorting, filtering, whose view.
_LOOKING = frozenset({
    "up", "down", "left", "right", "page-up", "page-down", "first-row", "last-row",
    "reason", "sort", "filter", "hide-excluded", "view-analyst", "theme", "palette", "quit",
})
#: Keys that would change a rating: kept, so that pressing one says why nothing happens.
_RATING = frozenset({"rate-cc", "rate-c", "rate-n", "rate-i", "rate-ii", "rate-na", "clear"})


def _actions() -> tuple[Action, ...]:
    listed: list[Action] = []
    for action in actions.ACTIONS:
        if action.id in _RATING:
            listed.append(replace(action, needs=frozenset(), footer=False,
                                  help="Read-only here: says so (rate on today's matrix)"))
        elif action.id in _LOOKING:
            listed.append(action)
        elif action.id == "clear-filter":
            listed.append(replace(action, description="back", footer=True,
                                  help="Clear the filter, else back to the history"))
    listed.append(Action("past-help", "question_mark", "help", "List every key", "help",
                         "Other", footer=True, key_display="?"))
    return tuple(listed)


class PastScores(LiveScores):
    """The scores of the team's consensus matrix as the history read it."""

    def __init__(self, session: CaseSession, team: Matrix) -> None:
        super().__init__(session)
        self.team = team

    def matrix(self) -> Matrix:
        return self.team


class PastTeamLens:
    """The team's consensus at a commit, as ``ach history`` scored it."""

    viewing = TEAM
    back = "escape: back"

    def __init__(self, session: CaseSession, team: Matrix) -> None:
        self.session = session
        self.scores = PastScores(session, team)
        self._columns = {h: i for i, h in enumerate(team.hypothesis_ids)}
        self._rows = {row.evidence_id: row for row in team.rows}

    def rating(self, evidence_id: str, hypothesis_id: str) -> Rating | None:
        row, at = self._rows.get(evidence_id), self._columns.get(hypothesis_id)
        return None if row is None or at is None else row.ratings[at]

    def label(self, evidence_id: str) -> str:
        return self.session.label(evidence_id)

    def excluded(self, evidence_id: str) -> bool:
        return self.session.excluded(evidence_id)

    def cell(self, evidence_id: str, hypothesis_id: str) -> Cell | None:
        rating = self.rating(evidence_id, hypothesis_id)
        if rating is None:
            return None
        given = cell_ratings(self.session.case, evidence_id, hypothesis_id)
        said = ", ".join(f"{name} {r.value}" for name, r in sorted(given.items()))
        return Cell(rating=rating, reason=f"the team's consensus then: {said}")


class PastScreen(MatrixScreen):
    """The matrix as it was at a commit, read-only; escape goes back."""

    ACTIONS = _actions()
    BINDINGS = [a.binding() for a in ACTIONS if a.keys]
    DEFAULT_CSS = """
    PastScreen #as-of { height: 1; background: $warning 40%; text-style: bold; padding: 0 1; }
    PastScreen MatrixView > .matrix--header { background: $warning 40%; }
    PastScreen #save-state { display: none; }
    """

    def __init__(self, entry: Entry, workspace: Workspace, analyst: str) -> None:
        snapshot = entry.version.snapshot
        super().__init__(CaseSession(workspace, snapshot.case, snapshot.library, analyst))
        self.entry = entry
        commit = entry.commit
        self.as_of = f"as of {commit.sha[:10]} {commit.date[:16].replace('T', ' ')}"
        raters = sorted(snapshot.case.analysts)
        if len(raters) >= 2:
            self.lens = PastTeamLens(self.session, entry.version.team)
            self.scoreboard = self.lens.scores
        elif raters:
            self.session.viewing = raters[0]

    def compose(self) -> ComposeResult:
        commit = self.entry.commit
        # Most important first: a narrow window cuts the end (the commit's subject).
        line = Text(f"The matrix {self.as_of} · read-only · esc: back · "
                    f"{one_line(commit.author)}: {one_line(commit.subject)}")
        yield Static(line, id="as-of")
        yield from super().compose()

    def holds(self, condition: str) -> bool:
        if condition in (actions.EDIT, actions.UNDO, actions.REDO):
            return False  # a commit is not changed from here
        return super().holds(condition)

    def refuse(self) -> None:
        self.notify(f"Read-only: this is the matrix {self.as_of}. Ratings change on today's "
                    "matrix (escape goes back).", severity="warning", markup=False)

    def apply(self, change: Change | None) -> None:
        if change is not None:
            self.refuse()

    def action_rate(self, code: str) -> None:
        self.refuse()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display or box.value:
            super().action_clear_filter()
        else:
            self.dismiss()

    def action_help(self) -> None:
        groups: dict[str, list[Action]] = {}
        for action in self.ACTIONS:
            groups.setdefault(action.group, []).append(action)
        self.app.push_screen(HelpScreen(groups, ratings_help()))

    def _show_info(self) -> None:
        shown = self.shown.viewing
        whose = "the team's consensus" if shown == TEAM else f"{one_line(shown)}'s ratings"
        bar = self.query_one(InfoBar)
        bar.set_class(True, "-readonly")
        bar.update(Text(f"{self.session.case.id} · {whose} then, read-only (v: whose) · "
                        f"{self.row_view.describe()}"))

    # -- whose ratings: the analysts who had rated then, or the team
    def action_view_analyst(self) -> None:
        raters = sorted(self.session.case.analysts)
        choices = [(name, name) for name in raters]
        if len(raters) >= 2:
            choices.insert(0, (TEAM, f"{TEAM} (the consensus)"))
        if not choices:
            self.notify(f"Nobody had rated this case {self.as_of}.", markup=False)
            return
        self.app.push_screen(PickScreen(f"Show, {self.as_of}", choices, self.shown.viewing),
                             self._view_past)

    def _view_past(self, name: str | None) -> None:
        if name is None:
            return
        if name == TEAM:
            self.show_lens(PastTeamLens(self.session, self.entry.version.team))
            return
        self.session.viewing = name
        self.show_lens(None)

