"""The method's hard steps in the workbench: refine, breakdown, sensitivity, what-if,
milestones and working across (Heuer's steps 3, 4, 5, 6 and 8).

``MethodFeature`` belongs to one matrix screen (the main screen, or the what-if screen,
which is a matrix screen over a copy of the case) and works on it through
``MatrixHost``; the screen's ``action_…`` methods for the keys of ``ACTIONS`` call it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen

from ach.cautions import judgment_warnings
from ach.edits import judgments as group_edits
from ach.edits import method as edits
from ach.edits.changes import Change
from ach.estimative import MATRIX_READING, band
from ach.figures import percent
from ach.grouping import suggest
from ach.tui.kit.actions import COLUMN, EDIT, ROW, Action
from ach.tui.matrix.host import MatrixHost
from ach.tui.method.breakdown import BreakdownScreen
from ach.tui.method.forms import ExcludeForm, RelationsForm
from ach.tui.method.groups import (
    NEW,
    UNGROUP,
    Choice,
    GroupAnswer,
    GroupForm,
    group_choices,
    suggestion_choices,
)
from ach.tui.method.indicators import IndicatorsScreen
from ach.tui.method.judgments import NEW as NEW_JUDGMENT
from ach.tui.method.judgments import NOTE as JUDGMENTS_NOTE
from ach.tui.method.judgments import REMOVE, RESTATE, JudgmentForm, judgment_choices
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
        #: Rows chosen with space, to be grouped together (z).
        self.selected: set[str] = set()
        #: The key judgments' warnings last told, so each is told once as it appears.
        self._told: set[str] = set()

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
            host.notify(f"{s.item_ref(item.id)} is flagged as possibly planted: S shows the "
                        "ranking if it was.", markup=False, timeout=4)

    def cycle_credibility(self) -> None:
        host = self.host
        evidence_id = self._row()
        if evidence_id is not None:
            host.apply(edits.cycle_credibility(host.session.library, evidence_id))
            item = host.session.item(evidence_id)
            if item is not None:
                host.notify(f"Credibility of {host.session.item_ref(evidence_id)}: "
                            f"{item.credibility.label}.",
                            markup=False, timeout=2)

    # -- dependence groups
    def toggle_selected(self) -> None:
        """space: choose the row for a group (z groups the chosen rows)."""
        evidence_id = self._row()
        if evidence_id is None:
            return
        self.selected ^= {evidence_id}
        self.host.matrix.refresh_rows({evidence_id})
        if self.selected:
            self.host.notify(f"{len(self.selected)} chosen: z groups them, space again "
                             "leaves one out.", markup=False, timeout=3)

    def selected_mark(self, evidence_id: str) -> str | None:
        return "+" if evidence_id in self.selected else None

    def _group_made(self, answer: GroupAnswer | None) -> None:
        if answer is None:
            return
        host = self.host
        try:
            change = group_edits.group_items(host.session.case, answer.label,
                                             list(answer.members), answer.kind)
        except ValueError as exc:
            host.notify(str(exc), severity="error", markup=False)
            return
        chosen, self.selected = self.selected, set()
        host.apply(change)
        host.matrix.refresh_rows(chosen)
        refs = ", ".join(host.session.item_ref(m) for m in answer.members)
        host.notify(f"“{answer.label}”: {refs} now count as one item "
                    f"(each weighs 1/{len(answer.members)}).", markup=False, timeout=4)

    def group(self) -> None:
        """z: group the chosen rows, or put the item under the cursor in a group."""
        host = self.host
        case = host.session.case
        if len(self.selected) >= 2:
            order = [ref.id for ref in case.evidence if ref.id in self.selected]
            host.app.push_screen(GroupForm(case, order), self._group_made)
            return
        evidence_id = self._row() or next(iter(self.selected), None)
        if evidence_id is None:
            return

        def chosen(key: str | None) -> None:
            if key is None:
                return
            if key == NEW:
                host.app.push_screen(GroupForm(case, [evidence_id]), self._group_made)
            elif key == UNGROUP:
                host.apply(group_edits.ungroup(case, [evidence_id]))
                host.matrix.refresh_rows({evidence_id})
            else:
                group = case.group(key)
                self._group_made(GroupAnswer(group.label, group.kind,
                                             (*group.members, evidence_id)))

        host.app.push_screen(Choice(f"Dependence group for {evidence_id}",
                                    group_choices(case, evidence_id)), chosen)

    def suggested_groups(self) -> None:
        """Z: groups the case suggests; each is made only when chosen (enter)."""
        host = self.host
        s = host.session
        found = suggest(s.case, s.library.items)
        if not found:
            host.notify("No suggested groups: no two items share a speaker, source and date, "
                        "and no assumption restates an item.", markup=False, timeout=4)
            return

        def chosen(key: str | None) -> None:
            if key is not None:
                pick = found[int(key)]
                self._group_made(GroupAnswer(pick.label, pick.kind, pick.members))
                self.host.call_after_refresh(self.suggested_groups)

        host.app.push_screen(Choice("Suggested dependence groups", suggestion_choices(found),
                                    "Enter groups one; escape leaves the rest as they are. "
                                    "Nothing is grouped unless you choose it."), chosen)

    # -- key judgments
    def judgments(self) -> None:
        """The key judgments: record one, restate or remove one."""
        host = self.host
        case = host.session.case

        def chosen(key: str | None) -> None:
            if key is None:
                return
            if key == NEW_JUDGMENT:
                self._judgment_form(None)
                return
            judgment = next(j for j in case.judgments if j.id == key)

            def what(answer: str | None) -> None:
                if answer == RESTATE:
                    self._judgment_form(judgment)
                elif answer == REMOVE:
                    host.apply(group_edits.remove_judgment(case, judgment.id))
                    host.notify("Key judgment removed (u undoes it).", markup=False)

            host.app.push_screen(Choice(judgment.text, [(RESTATE, "restate it…"),
                                                        (REMOVE, "remove it")]), what)

        host.app.push_screen(Choice("Key judgments", judgment_choices(case), JUDGMENTS_NOTE),
                             chosen)

    def _judgment_form(self, judgment) -> None:
        host = self.host
        case = host.session.case
        hypothesis_id = host.cursor()[1]
        reading = ""
        if hypothesis_id is not None:
            p = host.scoreboard.scores.hypothesis(hypothesis_id).probability
            reading = (f"{MATRIX_READING} of the hypothesis under the cursor: "
                       f"{band(p).value} ({percent(p)})")

        def done(draft) -> None:
            if draft is None:
                return
            scores = host.scoreboard.scores
            today = dt.date.today()
            if judgment is None:
                change, _ = group_edits.add_judgment(case, draft, scores, today)
            else:
                change = group_edits.edit_judgment(case, judgment.id, draft, scores, today)
            host.apply(change)
            self.check_judgments()

        host.app.push_screen(JudgmentForm(case, judgment, reading, hypothesis_id), done)

    def check_judgments(self) -> None:
        """After a change: a toast for each key judgment's warning that is new (its term
        far from the matrix's reading, or the leader changed since it was written)."""
        host = self.host
        case = host.session.case
        if not case.judgments or host.lens is not None:
            self._told = set()
            return
        scores = host.scoreboard.scores
        now = {f"Key judgment {n} {w}." for n, j in enumerate(case.judgments, 1)
               for w in judgment_warnings(j, scores)}
        for warning in sorted(now - self._told):
            host.notify(warning, title="Key judgment", severity="warning", markup=False,
                        timeout=6)
        self._told = now

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
    Action("choose-row", "space", "choose",
           "Choose the item for a group, or leave it out (z then groups the chosen items)",
           "choose_row", group="Evidence", needs=_EDIT_ROW),
    Action("group", "z", "group",
           "Dependence group: group the chosen items, or put this one in a group (or take "
           "it out): items that are not independent count once", "group", group="Evidence",
           needs=_EDIT_ROW),
    Action("suggested-groups", "Z", "suggested groups",
           "Groups the case suggests (one speaker, source and date; an assumption restating "
           "an item): each is made only when you choose it", "suggested_groups",
           group="Evidence", needs=frozenset({EDIT})),
    Action("judgments", "f", "key judgments",
           "Key judgments: your conclusion in ICD 203's words, with confidence and basis; "
           "record, restate or remove them", "judgments", group="Method",
           needs=frozenset({EDIT})),
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
