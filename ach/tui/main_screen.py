"""The workbench's main screen: the matrix screen of the case on disk, with every feature.

The features (the method, the team, sources) are objects this screen owns; each
works on it through ``ach.tui.matrix.host.MatrixHost``, and the keys of each call
them from the ``action_…`` methods below. The forms that add, edit and delete are
in ``ach.tui.matrix.editing``; saving and watching the files in ``ach.tui.files``.
"""

from __future__ import annotations

from textual import on

from ach.edits.case_fields import CaseFieldsChange
from ach.edits.changes import Change
from ach.tui import keys
from ach.tui.cases.feature import CasesFeature
from ach.tui.files import briefing
from ach.tui.files.disk import FileActions
from ach.tui.history.feature import open_history
from ach.tui.kit.help import HelpScreen
from ach.tui.matrix.detail import DetailPanel
from ach.tui.matrix.editing import EditingScreen
from ach.tui.matrix.scores import ratings_help
from ach.tui.method.feature import MethodFeature
from ach.tui.method.whatif import WhatIfScreen
from ach.tui.sources.feature import QuotesChecked, SourcesFeature
from ach.tui.team.feature import TeamFeature
from ach.tui.team.merges import MergeConflictsLeft, MergeMark
from ach.workbench.session import CaseSession


class MainScreen(FileActions, EditingScreen):
    BINDINGS = keys.bindings()
    ACTIONS = keys.all_actions()

    def __init__(self, session: CaseSession) -> None:
        super().__init__(session)
        self.init_files()
        # The features: each works on this screen through ``MatrixHost``.
        self.method = MethodFeature(self)
        self.team = TeamFeature(self)
        self.sources = SourcesFeature(self)
        self.cases = CasesFeature(self)
        self.quote_mark = self.sources.mark
        self.quote_warning = self.sources.checks.warning

    def on_screen(self) -> None:
        self.start_watching()
        self._greet()
        self.team.start()
        self.sources.start()

    @property
    def watches_files(self) -> bool:
        return True

    def _greet(self) -> None:
        """A case I have not rated opens on the analysis there is, read-only: the only
        analyst's ratings, or the team's consensus when several rated it."""
        s = self.session
        others = [a for a in s.case.analysts if a != s.analyst]
        if not others or s.analyst in s.case.analysts:
            return
        if len(others) == 1:
            s.viewing = others[0]
            self.show_lens(None)
            shown = f"{others[0]}'s analysis"
        else:
            self.team.toggle_team_view(quiet=True)
            shown = (f"the team's consensus ({len(others)} analysts; ~ mild, ! large, !! "
                     "extreme disagreement; o: who said what)")
        self.notify(f"You ({s.analyst}) have not rated this case yet: this is {shown}, "
                    "read-only. n starts your own ratings (empty, or from these).",
                    markup=False, timeout=10)

    def before_showing(self, change: Change) -> None:
        self.team.changed(change)
        if isinstance(change, CaseFieldsChange):  # made, undone or redone
            self.query_one("#question").show(self.session.case.question)

    def after_showing(self, change: Change) -> None:
        self.queue_save(change)
        if self.session.case.judgments:
            self.call_after_refresh(self.method.check_judgments)

    def row_mark(self, evidence_id: str) -> str:
        """The mark in front of a row, in this order: chosen for a group (+, space), then
        the matrix screen's (a quote not where its item says, excluded, linchpin, planted,
        in a dependence group ≡, undiagnostic)."""
        return self.method.selected_mark(evidence_id) or super().row_mark(evidence_id)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(keys.groups(), ratings_help()))

    # -- the features' keys (ach.tui.method.feature, team, sources, briefing)
    def action_toggle_deception(self) -> None:
        self.method.toggle_deception()

    def action_cycle_credibility(self) -> None:
        self.method.cycle_credibility()

    def action_relate(self) -> None:
        self.method.relate()

    def action_choose_row(self) -> None:
        self.method.toggle_selected()

    def action_group(self) -> None:
        self.method.group()

    def action_suggested_groups(self) -> None:
        self.method.suggested_groups()

    def action_judgments(self) -> None:
        self.method.judgments()

    def action_breakdown(self) -> None:
        self.method.show_breakdown()

    def action_sensitivity(self) -> None:
        self.method.show_sensitivity()

    def action_indicators(self) -> None:
        self.method.show_indicators()

    def action_work_across(self) -> None:
        self.method.work_across()

    def action_whatif(self) -> None:
        """W: a what-if over a copy of these ratings."""
        if not self.method.whatif_refused():
            self.app.push_screen(self.whatif_screen())

    def action_reverse(self) -> None:
        """~: what if this item was planted? Enters a what-if that reverses its ratings."""
        if self.cursor()[0] is None or self.method.whatif_refused():
            return
        self.app.push_screen(self.whatif_screen(reverse_first=True))

    def whatif_screen(self, *, reverse_first: bool = False) -> WhatIf:
        return WhatIf(self, reverse_first=reverse_first)

    def action_toggle_team_view(self) -> None:
        self.team.toggle_team_view()

    def action_who_said_what(self) -> None:
        self.team.show_opinions()

    def action_my_differences(self) -> None:
        self.team.show_differences()

    def action_merge_conflicts(self) -> None:
        self.team.open_resolve()

    def action_edit_question(self) -> None:
        self.cases.edit_question()

    def action_import_source(self) -> None:
        self.sources.import_source()

    def action_read_source(self) -> None:
        self.sources.read_item_source()

    def action_choose_source(self) -> None:
        self.sources.choose_source()

    def action_toggle_excluded(self) -> None:
        self.method.toggle_exclusion()  # asks why, then sets the item aside

    def action_briefing(self) -> None:
        briefing.write(self)

    def action_history(self) -> None:
        open_history(self)

    # -- what the features report
    @on(QuotesChecked)
    def _quotes_checked(self, event: QuotesChecked) -> None:
        self.matrix.refresh_rows(event.rows)
        self.query_one(DetailPanel).redraw()

    @on(MergeConflictsLeft)
    def _merge_conflicts_left(self, event: MergeConflictsLeft) -> None:
        """The top line's mark shows how many conflicts wait; none without conflicts."""
        marks = self.query(MergeMark)
        mark = marks.first() if marks else None
        if event.count and mark is None:
            line = self.query_one("#top-line")
            mark = MergeMark()
            before = line.query("#save-state")
            line.mount(mark, before=before.first() if before else None)
        if mark is not None:
            if event.count:
                mark.show(event.count)
            else:
                mark.remove()


class WhatIf(WhatIfScreen):
    """The what-if with the workbench's keys (those it does not allow are dimmed)."""

    BINDINGS = keys.bindings()
    ACTIONS = keys.all_actions()
