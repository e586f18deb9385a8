"""The method's hard steps in the workbench: refine, breakdown, sensitivity, what-if,
milestones and working across (Heuer's steps 3, 4, 5, 6 and 8).

``MethodFeature`` belongs to one matrix screen (the main screen, or the what-if screen,
which is a matrix screen over a copy of the case) and works on it through
``MatrixHost``; the screen's ``action_…`` methods for the keys of ``ACTIONS`` call it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen

from ach.edits import method as edits
from ach.edits.changes import Change
from ach.tui.kit.actions import COLUMN, EDIT, ROW, Action
from ach.tui.matrix.host import MatrixHost
from ach.tui.method.breakdown import BreakdownScreen
from ach.tui.method.forms import ExcludeForm, RelationsForm
from ach.tui.method.indicators import IndicatorsScreen
from ach.tui.method.sensitivity import SensitivityScreen
from ach.tui.method.workacross import WorkAcrossScreen
from ach.workbench import marks as row_marks
from ach.workbench.ordering import visible_rows

Answer = TypeVar("Answer")


class MethodFeature:
    """The method's keys on one matrix screen."""

    def __init__(self, host: MatrixHost) -> None:
        self.host = host
        #: One shuffling seed per open case, so resuming "work across" keeps each order.
        self._seed = secrets.token_hex(8)

    # -- helpers
    def _row(self) -> str | None:
        return self.host.cursor()[0]

    def _ask(self, form: Screen[Answer | None],
             change: Callable[[Answer], Change | None]) -> None:
        """Open a form; its answer (unless cancelled) becomes a change made on the screen."""
        host = self.host

        def done(answer: Answer | None) -> None:
            if answer is not None:
                host.apply(change(answer))

        host.app.push_screen(form, done)

    # -- refine
    def toggle_exclusion(self) -> None:
        """x: set the item aside with a reason, or count it again (a what-if asks nothing)."""
        host = self.host
        s = host.session
        evidence_id = self._row()
        ref = s.ref(evidence_id) if evidence_id else None
        if ref is None:
            return
        if ref.excluded:
            host.apply(edits.include(s.case, ref.id))
            return
        if host.in_whatif:
            host.apply(edits.exclude(s.case, ref.id, ""))
            return
        self._ask(ExcludeForm(ref.id, s.label(ref.id), host.scoreboard.diagnosticity(ref.id)),
                  lambda reason: edits.exclude(s.case, ref.id, reason))

    def relate(self) -> None:
        s = self.host.session
        hypothesis_id = self.host.cursor()[1]
        if hypothesis_id is None:
            return
        hypothesis = s.case.hypothesis(hypothesis_id)
        others = [h for h in s.case.hypotheses if h.id != hypothesis_id]
        self._ask(RelationsForm(hypothesis, others),
                  lambda relations: edits.set_relations(s.case, hypothesis_id, relations))

    # -- the item itself
    def toggle_deception(self) -> None:
        host = self.host
        s = host.session
        evidence_id = self._row()
        item = s.item(evidence_id) if evidence_id else None
        if item is None:
            return
        host.apply(edits.set_deception(s.library, item.id, not item.deception))
        if not item.deception:
            host.notify(f"{item.id} is flagged as possibly planted: S shows the ranking if it "
                        "was.", markup=False, timeout=4)

    def cycle_credibility(self) -> None:
        host = self.host
        evidence_id = self._row()
        if evidence_id is not None:
            host.apply(edits.cycle_credibility(host.session.library, evidence_id))
            item = host.session.item(evidence_id)
            if item is not None:
                host.notify(f"Credibility of {evidence_id}: {item.credibility.label}.",
                            markup=False, timeout=2)

    # -- screens of their own
    def show_breakdown(self) -> None:
        hypothesis_id = self.host.cursor()[1]
        if hypothesis_id is not None:
            self.host.app.push_screen(BreakdownScreen(self.host, hypothesis_id))

    def show_sensitivity(self) -> None:
        self.host.app.push_screen(SensitivityScreen(self.host))

    def show_indicators(self) -> None:
        self.host.app.push_screen(IndicatorsScreen(self.host))

    def work_across(self) -> None:
        host = self.host
        rows = visible_rows(host.session, host.row_view, host.scoreboard.diagnosticity)
        evidence_id = self._row()
        if not rows or evidence_id is None or not host.session.case.hypotheses:
            host.notify("Nothing to rate: the case needs evidence and hypotheses.",
                        markup=False)
            return
        host.app.push_screen(WorkAcrossScreen(host, rows, rows.index(evidence_id), self._seed))

    # -- what-if (the screen opens and leaves it; these say when it cannot)
    def whatif_refused(self) -> bool:
        """What-if works on one analyst's ratings: not from a lens (says so)."""
        if self.host.lens is None:
            return False
        self.host.notify("What-if works on one analyst's ratings: v shows them.",
                         severity="warning", markup=False)
        return True

    def reverse(self) -> None:
        """~ inside a what-if: what if this item was planted? Its ratings reversed."""
        host = self.host
        evidence_id = self._row()
        if evidence_id is None:
            return
        change = edits.reverse_row(host.session.case, host.session.analyst, evidence_id)
        if change is None:
            host.notify(f"{evidence_id} has no rating to reverse.", markup=False)
        host.apply(change)


_EDIT_ROW = frozenset({EDIT, ROW})

ACTIONS: list[Action] = [
    Action("deception", "p", "planted?",
           "Flag the item as possibly planted (deception), or clear the flag: "
           "S shows the ranking if it was", "toggle_deception", group="Evidence",
           needs=_EDIT_ROW),
    Action("credibility", "c", "credibility",
           "Cycle the item's credibility High → Medium → Low (in a what-if, there only)",
           "cycle_credibility", group="Evidence", needs=_EDIT_ROW),
    Action("relate", "R", "relate",
           "Say which hypotheses this one does not exclude, or subsumes", "relate",
           group="Hypotheses", needs=frozenset({EDIT, COLUMN})),
    Action("breakdown", "B", "breakdown",
           "Where the hypothesis's scores come from: each item's rating, weight and share",
           "breakdown", group="Method", needs=frozenset({COLUMN})),
    Action("sensitivity", "S", "sensitivity",
           f"How fragile the lead is: linchpins ({row_marks.LINCHPIN}) and the ranking without "
           f"each, planted items ({row_marks.PLANTED}) reversed, recorded what-ifs, items of "
           f"no diagnostic value ({row_marks.UNDIAGNOSTIC})", "sensitivity", group="Method"),
    Action("whatif", "W", "what-if",
           "What-if mode: rate, exclude (x), change credibility (c) or reverse (~) without "
           "saving; W again to keep it, record it for the briefing, or discard it", "whatif",
           group="Method"),
    Action("reverse", "tilde", "reverse",
           "What if the item was planted? Reverse its ratings in a what-if (entering one)",
           "reverse", group="Method", needs=frozenset({ROW}), key_display="~"),
    Action("indicators", "i", "milestones",
           "Indicators to watch for each hypothesis: add them, record a change of status",
           "indicators", group="Method"),
    Action("work-across", "O", "work across",
           "Rate one item at a time against the hypotheses in shuffled order, your earlier "
           "ratings hidden, then compare", "work_across", group="Method", needs=_EDIT_ROW),
]
