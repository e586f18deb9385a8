"""The method's hard steps in the workbench: refine, breakdown, sensitivity, what-if,
milestones and working across (Heuer's steps 3, 4, 5, 6 and 8).

Each is an ``Action`` (see ``ach.tui.actions.ACTION_MODULES``) whose ``run`` gets the
screen the key was pressed on: the main screen, or the what-if screen, which is a
main screen over a copy of the case. Screens are imported when first used: this
module is loaded while the main screen's class is being built.
"""

from __future__ import annotations

import secrets
import weakref
from typing import Any

from ach.scoring import Matrix, matrix_for
from ach.tui.actions import COLUMN, EDIT, ROW, Action
from ach.workbench import marks as row_marks
from ach.workbench import method_changes as edits
from ach.workbench.ordering import visible_rows

#: One shuffling seed per open case, so resuming "work across" keeps each item's order.
_SEEDS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def shown_matrix(screen: Any) -> Matrix:
    """The matrix the screen scores: the lens's, else the viewed analyst's."""
    board = screen.scoreboard
    if callable(getattr(board, "matrix", None)):
        return board.matrix()
    s = screen.session
    return matrix_for(s.case, s.library.items, s.viewing)


def _in_whatif(screen: Any) -> bool:
    from ach.tui.screens.whatif import WhatIfScreen

    return isinstance(screen, WhatIfScreen)


def _row(screen: Any) -> str | None:
    return screen.cursor()[0]


def _ask(screen: Any, form: Any, change: Any) -> None:
    """Open a form; its answer (unless cancelled) becomes a change made on the screen."""
    def done(answer: Any) -> None:
        if answer is not None:
            screen.apply(change(answer))

    screen.app.push_screen(form, done)


# -- refine ----------------------------------------------------------------------------

def toggle_exclusion(screen: Any) -> None:
    """x: set the item aside with a reason, or count it again (a what-if asks nothing)."""
    s = screen.session
    evidence_id = _row(screen)
    ref = s.ref(evidence_id) if evidence_id else None
    if ref is None:
        return
    if ref.excluded:
        screen.apply(edits.include(s.case, ref.id))
        return
    if _in_whatif(screen):
        screen.apply(edits.exclude(s.case, ref.id, ""))
        return
    from ach.tui.screens.method_forms import ExcludeForm

    _ask(screen, ExcludeForm(ref.id, s.label(ref.id), screen.scoreboard.diagnosticity(ref.id)),
         lambda reason: edits.exclude(s.case, ref.id, reason))


def relate(screen: Any) -> None:
    from ach.tui.screens.method_forms import RelationsForm

    s = screen.session
    hypothesis_id = screen.cursor()[1]
    if hypothesis_id is None:
        return
    hypothesis = s.case.hypothesis(hypothesis_id)
    others = [h for h in s.case.hypotheses if h.id != hypothesis_id]
    _ask(screen, RelationsForm(hypothesis, others),
         lambda relations: edits.set_relations(s.case, hypothesis_id, relations))


# -- the item itself ----------------------------------------------------------------------

def toggle_deception(screen: Any) -> None:
    s = screen.session
    evidence_id = _row(screen)
    item = s.item(evidence_id) if evidence_id else None
    if item is None:
        return
    screen.apply(edits.set_deception(s.library, item.id, not item.deception))
    if not item.deception:
        screen.notify(f"{item.id} is flagged as possibly planted: S shows the ranking if it "
                      "was.", markup=False, timeout=4)


def cycle_credibility(screen: Any) -> None:
    evidence_id = _row(screen)
    if evidence_id is not None:
        screen.apply(edits.cycle_credibility(screen.session.library, evidence_id))
        item = screen.session.item(evidence_id)
        if item is not None:
            screen.notify(f"Credibility of {evidence_id}: {item.credibility.label}.",
                          markup=False, timeout=2)


# -- screens of their own -------------------------------------------------------------------

def show_breakdown(screen: Any) -> None:
    from ach.tui.screens.breakdown import BreakdownScreen

    hypothesis_id = screen.cursor()[1]
    if hypothesis_id is not None:
        screen.app.push_screen(BreakdownScreen(screen, hypothesis_id))


def show_sensitivity(screen: Any) -> None:
    from ach.tui.screens.sensitivity import SensitivityScreen

    screen.app.push_screen(SensitivityScreen(screen))


def show_indicators(screen: Any) -> None:
    from ach.tui.screens.indicators import IndicatorsScreen

    screen.app.push_screen(IndicatorsScreen(screen))


def work_across(screen: Any) -> None:
    from ach.tui.screens.workacross import WorkAcrossScreen

    rows = visible_rows(screen.session, screen.row_view, screen.scoreboard.diagnosticity)
    evidence_id = _row(screen)
    if not rows or evidence_id is None or not screen.session.case.hypotheses:
        screen.notify("Nothing to rate: the case needs evidence and hypotheses.",
                      markup=False)
        return
    seed = _SEEDS.setdefault(screen.session, secrets.token_hex(8))
    screen.app.push_screen(WorkAcrossScreen(screen, rows, rows.index(evidence_id), seed))


# -- what-if ----------------------------------------------------------------------------------

def whatif(screen: Any) -> None:
    """W: enter what-if mode, or (inside it) leave it: keep, record or discard."""
    from ach.tui.screens.whatif import WhatIfScreen

    if isinstance(screen, WhatIfScreen):
        screen.leave()
    elif getattr(screen, "lens", None) is not None:
        screen.notify("What-if works on one analyst's ratings: v shows them.",
                      severity="warning", markup=False)
    else:
        screen.app.push_screen(WhatIfScreen(screen))


def reverse(screen: Any) -> None:
    """~: what if this item was planted? Reverses its ratings inside a what-if (entering one)."""
    from ach.tui.screens.whatif import WhatIfScreen

    evidence_id = _row(screen)
    if evidence_id is None:
        return
    if not isinstance(screen, WhatIfScreen):
        if getattr(screen, "lens", None) is not None:
            whatif(screen)  # says why not
            return
        screen.app.push_screen(WhatIfScreen(screen, first=reverse))
        return
    change = edits.reverse_row(screen.session.case, screen.session.analyst, evidence_id)
    if change is None:
        screen.notify(f"{evidence_id} has no rating to reverse.", markup=False)
    screen.apply(change)


# -- marks in the matrix ---------------------------------------------------------------------

def on_open(screen: Any) -> None:
    """Mark linchpins, planted and undiagnostic items in the matrix, kept current."""
    marks = row_marks.RowMarks(screen.session, lambda: screen.scoreboard.scores)
    screen.matrix.marker = marks.mark

    def refresh(_change: Any = None) -> None:
        screen.matrix.refresh_rows(marks.update())

    def changed(change: Any) -> None:
        # After the change is shown and rescored (the scores are computed lazily).
        screen.call_after_refresh(refresh)

    listeners = getattr(screen, "change_listeners", None)
    if listeners is not None:
        listeners.append(changed)
    screen.row_marks = marks


_EDIT_ROW = frozenset({EDIT, ROW})

ACTIONS: list[Action] = [
    Action("deception", "p", "planted?",
           "Flag the item as possibly planted (deception), or clear the flag: "
           "S shows the ranking if it was", group="Evidence", needs=_EDIT_ROW,
           run=toggle_deception),
    Action("credibility", "c", "credibility",
           "Cycle the item's credibility High → Medium → Low (in a what-if, there only)",
           group="Evidence", needs=_EDIT_ROW, run=cycle_credibility),
    Action("relate", "R", "relate",
           "Say which hypotheses this one does not exclude, or subsumes",
           group="Hypotheses", needs=frozenset({EDIT, COLUMN}), run=relate),
    Action("breakdown", "B", "breakdown",
           "Where the hypothesis's scores come from: each item's rating, weight and share",
           group="Method", needs=frozenset({COLUMN}), run=show_breakdown),
    Action("sensitivity", "S", "sensitivity",
           f"How fragile the lead is: linchpins ({row_marks.LINCHPIN}) and the ranking without "
           f"each, planted items ({row_marks.PLANTED}) reversed, recorded what-ifs, items of "
           f"no diagnostic value ({row_marks.UNDIAGNOSTIC})", group="Method", run=show_sensitivity),
    Action("whatif", "W", "what-if",
           "What-if mode: rate, exclude (x), change credibility (c) or reverse (~) without "
           "saving; W again to keep it, record it for the briefing, or discard it",
           group="Method", run=whatif),
    Action("reverse", "tilde", "reverse",
           "What if the item was planted? Reverse its ratings in a what-if (entering one)",
           group="Method", needs=frozenset({ROW}), key_display="~", run=reverse),
    Action("indicators", "i", "milestones",
           "Indicators to watch for each hypothesis: add them, record a change of status",
           group="Method", run=show_indicators),
    Action("work-across", "O", "work across",
           "Rate one item at a time against the hypotheses in shuffled order, your earlier "
           "ratings hidden, then compare", group="Method", needs=_EDIT_ROW, run=work_across),
]
