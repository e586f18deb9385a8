"""What-if mode (Heuer's step 6): the matrix screen over a copy of the case, never saved.

Ratings, exclusions (x), credibility (c) and reversals (~) change the copy; the
scores panel shows the what-if ranking with the real one beneath it. Leaving (W)
asks what to do with it: discard it, keep it as the real analysis (one ordinary,
undoable change), or record it as a scenario for the briefing. Nothing reaches the
disk before that choice: this screen's saving is switched off, not merely deferred.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ach.edits.changes import Change, Focus
from ach.edits.method import record_scenario
from ach.figures import plural
from ach.figures import score as score_text
from ach.model import fresh_id
from ach.scoring import Scores
from ach.sensitivity import WhatIf
from ach.tui.kit import actions
from ach.tui.kit.text import abbreviate_titles, one_line, shorten
from ach.tui.matrix.host import MatrixHost
from ach.tui.matrix.scores import ScoresData, ScoresPanel
from ach.tui.matrix.screen import MatrixScreen
from ach.tui.method.feature import MethodFeature
from ach.tui.method.forms import ScenarioForm
from ach.workbench.session import CaseSession
from ach.workbench.whatif_diff import derive, describe, keep, touched_rows, whatif_shaped

#: The actions that make sense in a what-if; the others are dimmed there.
ALLOWED = frozenset({
    "rate-cc", "rate-c", "rate-n", "rate-i", "rate-ii", "rate-na", "clear", "undo", "redo",
    "up", "down", "left", "right", "page-up", "page-down", "first-row", "last-row",
    "sort", "filter", "clear-filter", "hide-excluded", "exclude", "theme", "help", "palette",
    "quit", "credibility", "reverse", "whatif", "breakdown", "sensitivity",
})
#: How many changes the leaving dialog lists before saying "and N more".
LISTED = 12

DISCARD, KEEP, RECORD = "discard", "keep", "record"


class RealRanking(Static):
    """The saved analysis's ranking beside the what-if's: rank, score → what-if rank."""

    def show(self, titles: dict[str, str], real: Scores, whatif: Scores) -> None:
        width = max(12, (self.size.width or 28))
        text = Text("Real analysis (saved)\n", "bold")
        moved = {h.id: h.rank for h in whatif.hypotheses}
        for h in real.ranked:
            figure = f"{score_text(h.weighted_inconsistency):>6} → {moved.get(h.id, '?')}"
            title = shorten(titles.get(h.id, h.id), max(4, width - len(figure) - 4))
            text.append(f"{h.rank:>2} {title.ljust(max(4, width - len(figure) - 4))} {figure}\n",
                        "bold" if h.id in real.leaders else "")
        if real.leaders != whatif.leaders:
            text.append("The what-if changes the leader.", "bold reverse")
        else:
            text.append("The leader is the same.", "dim")
        self.update(text)


class WhatIfScreen(MatrixScreen):
    """The matrix over a copy of the real screen's case; only the method's keys that
    change ratings, exclusions and credibility work here."""

    def __init__(self, real: MatrixHost, *, reverse_first: bool = False) -> None:
        snapshot = real.session.snapshot()
        s = real.session
        # The copy rates as the analyst on screen, so a what-if works on any analyst's view.
        super().__init__(CaseSession(s.workspace, snapshot.case, snapshot.library, s.viewing))
        self.real = real
        self.row_view = real.row_view
        #: The rows the what-if has touched: only they can differ from the real case.
        self.touched: set[str] = set()
        #: Entered with ~: the item under the cursor is reversed at once.
        self._reverse_first = reverse_first
        self._start = real.cursor()
        self.method = MethodFeature(self)
        # The real screen's quote checks: the copy quotes what the real case does.
        self.quote_mark = real.quote_mark
        self.quote_warning = real.quote_warning

    def compose(self) -> ComposeResult:
        yield Static(id="whatif-banner")
        yield from super().compose()

    def on_mount(self) -> None:
        # Runs after MatrixScreen.on_mount, which draws the matrix and scores.
        self.query_one("#scores-pane").mount(RealRanking(id="whatif-real"))
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        self.matrix.go_to(*self._start)
        self._show_banner()
        if self._reverse_first:
            self.method.reverse()

    @property
    def in_whatif(self) -> bool:
        return True

    @property
    def watches_files(self) -> bool:
        return False

    # -- W leaves, ~ reverses here; the method's other keys as on the main screen
    def action_whatif(self) -> None:
        self.leave()

    def action_reverse(self) -> None:
        self.method.reverse()

    def action_toggle_excluded(self) -> None:
        self.method.toggle_exclusion()

    def action_cycle_credibility(self) -> None:
        self.method.cycle_credibility()

    def action_toggle_deception(self) -> None:
        self.method.toggle_deception()  # refused: the what-if cannot keep it

    def action_breakdown(self) -> None:
        self.method.show_breakdown()

    def action_sensitivity(self) -> None:
        self.method.show_sensitivity()

    # -- what a what-if may change
    def apply(self, change: Change | None) -> None:
        if change is None:
            return
        if not whatif_shaped(change):
            self.notify("A what-if changes ratings, exclusions and credibility only: W leaves "
                        "it (keep, record or discard) to change anything else.",
                        severity="warning", markup=False)
            return
        self.touched |= touched_rows(change)
        super().apply(change)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        spec = self.action_spec(action, parameters)
        if spec is not None and spec.id not in ALLOWED:
            return None
        return super().check_action(action, parameters)

    def changed(self, change: Change) -> None:
        super().changed(change)
        self._show_banner()

    # -- showing it
    def whatif(self) -> WhatIf:
        real = self.real.session
        return derive(real.case, real.library, self.session.case, self.session.library,
                      self.session.analyst, self.touched)

    def _show_scores(self) -> None:
        case = self.session.case
        titles = {h.id: h.title for h in case.hypotheses}
        scores = self.scoreboard.scores
        self._scores_focus = self.cursor()[1]
        self.query_one(ScoresPanel).show(ScoresData(
            titles, scores, self._scores_focus, f"What-if scores · {self.session.viewing}"))
        for panel in self.query(RealRanking):
            panel.show(titles, self.real.scoreboard.scores, scores)

    def _show_banner(self) -> None:
        changes = describe(self.whatif(), self.session.case)
        text = Text("WHAT-IF — nothing is saved", "bold")
        text.append(f" · {plural(len(changes), 'change')} · W: keep, record or discard\n")
        text.append_text(self.comparison())
        self.query_one("#whatif-banner", Static).update(text)

    def comparison(self) -> Text:
        """``Real → what-if: same leader · Hedges 1→2 · …``, the verdict first (a narrow
        screen cuts the end of the line)."""
        real, mine = self.real.scoreboard.scores, self.scoreboard.scores
        case = self.session.case
        short = dict(zip([h.id for h in case.hypotheses],
                         abbreviate_titles([h.title for h in case.hypotheses], 12), strict=True))
        moved = {h.id: h.rank for h in mine.hypotheses}
        text = Text("Real → what-if: ")
        if real.leaders != mine.leaders:
            text.append("THE LEADER CHANGES", "bold reverse")
        else:
            text.append("same leader")
        for h in real.ranked:
            text.append(f" · {short.get(h.id, h.id)} {h.rank}→{moved.get(h.id, '?')}")
        return text

    # -- leaving
    def request_quit(self) -> None:
        """ctrl+q: say what becomes of the what-if first."""
        self.leave(then_quit=True)

    def leave(self, *, then_quit: bool = False) -> None:
        whatif = self.whatif()
        if whatif.is_empty:
            self._close()
            self.real.notify("Left the what-if: it changed nothing.", markup=False, timeout=3)
            if then_quit:
                self.real.request_quit()
            return
        lines = describe(whatif, self.session.case)
        can_keep = self.real.holds(actions.EDIT)

        def chosen(choice: str | None) -> None:
            if choice == DISCARD:
                self._close()
                self.real.notify("What-if discarded: the analysis is as it was.",
                                 markup=False, timeout=3)
            elif choice == KEEP:
                self._keep(whatif, len(lines))
            elif choice == RECORD:
                self._ask_title(whatif, lines, then_quit)
                return
            else:
                return
            if then_quit:
                self.real.request_quit()

        self.app.push_screen(LeaveWhatIf(lines, self.comparison(), can_keep=can_keep,
                                         viewing=self.session.viewing), chosen)

    def _keep(self, whatif: WhatIf, count: int) -> None:
        real = self.real
        s = real.session
        change = keep(s.case, s.library, s.analyst, whatif, Focus(*self.cursor()))
        self._close()
        if change is None:
            real.notify("Nothing to keep: the analysis already reads as the what-if did.",
                        markup=False, timeout=4)
            return
        real.apply(change)
        real.notify(f"Kept the what-if's {plural(count, 'change')} in the real analysis "
                    "(u undoes them at once).", markup=False, timeout=4)

    def _ask_title(self, whatif: WhatIf, lines: list[str], then_quit: bool) -> None:
        def titled(result: tuple[str, str] | None) -> None:
            if result is None:
                return  # back in the what-if
            title, note = result
            real = self.real
            scenario_id = fresh_id("w", {sc.id for sc in real.session.case.scenarios})
            self._close()
            real.apply(record_scenario(real.session.case,
                                       whatif.to_scenario(scenario_id, title, note)))
            real.notify(f"Recorded the what-if “{one_line(title)}”: S lists it, and the "
                        "briefing shows it.", markup=False, timeout=4)
            if then_quit:
                real.request_quit()

        self.app.push_screen(ScenarioForm(lines), titled)

    def _close(self) -> None:
        evidence_id, hypothesis_id = self.cursor()
        self.dismiss()
        self.real.matrix.go_to(evidence_id, hypothesis_id)


class LeaveWhatIf(ModalScreen[str | None]):
    BINDINGS = [
        Binding("k", "choose('keep')", "keep", tooltip="Make the what-if the real analysis"),
        Binding("r", "choose('record')", "record", tooltip="Record it as a scenario"),
        Binding("d", "choose('discard')", "discard", tooltip="Forget the what-if"),
        Binding("escape", "choose('')", "stay", tooltip="Back to the what-if"),
    ]

    def __init__(self, lines: list[str], outcome: Text, *, can_keep: bool, viewing: str) -> None:
        super().__init__()
        self.lines = lines
        self.outcome = outcome
        self.can_keep = can_keep
        self.viewing = viewing

    def compose(self) -> ComposeResult:
        text = Text(f"Leave the what-if? It made {plural(len(self.lines), 'change')}:\n")
        for line in self.lines[:LISTED]:
            text.append(f"  • {one_line(line)}\n")
        if len(self.lines) > LISTED:
            text.append(f"  … and {len(self.lines) - LISTED} more\n")
        text.append("\n")
        text.append_text(self.outcome)
        text.append("\n")
        if not self.can_keep:
            text.append(f"\nThese are {one_line(self.viewing)}'s ratings, read-only: the what-if "
                        "can be recorded or discarded, not kept.", "italic")
        with Vertical(classes="dialog"):
            yield Static(Text("Leave the what-if", "bold"), classes="form-title")
            yield Static(text, classes="dialog-text")
            with Horizontal(classes="form-buttons"):
                yield Button("Keep as real (k)", variant="primary", id="keep", compact=True,
                             disabled=not self.can_keep)
                yield Button("Record (r)", id="record", compact=True)
                yield Button("Discard (d)", variant="error", id="discard", compact=True)
                yield Button("Stay (esc)", id="stay", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("" if event.button.id == "stay" else str(event.button.id))

    def action_choose(self, choice: str) -> None:
        if choice == KEEP and not self.can_keep:
            self.notify("Keeping needs your own ratings on screen.", severity="warning",
                        markup=False)
            return
        self.dismiss(choice or None)
