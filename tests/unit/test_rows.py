"""Which rows the matrix shows, in what order, and the mark in front of each: the
workbench's row logic without the screen."""

from __future__ import annotations

from ach.edits import changes
from ach.edits import method as edits
from ach.model import Rating
from ach.workbench import marks
from ach.workbench.live_scores import LiveScores
from ach.workbench.ordering import RowView, SortOrder, visible_rows
from tests.unit.conftest import ANALYST, open_session


def test_rows_as_entered_filtered_and_without_the_excluded():
    session = open_session()
    board = LiveScores(session)
    every = [ref.id for ref in session.case.evidence]
    assert visible_rows(session, RowView(), board.diagnosticity) == every
    hidden = visible_rows(session, RowView(hide_excluded=True), board.diagnosticity)
    assert hidden == [e for e in every if e != "e-06"]  # e-06 is set aside in the sample
    assert visible_rows(session, RowView(text="E-02"), board.diagnosticity) == ["e-02"]


def test_sorting_by_diagnosticity_puts_the_most_telling_first_and_keeps_ties_in_order():
    session = open_session()
    board = LiveScores(session)
    rows = visible_rows(session, RowView(SortOrder.DIAGNOSTICITY), board.diagnosticity)
    values = [board.diagnosticity(e) for e in rows]
    assert values == sorted(values, reverse=True)
    entered = [ref.id for ref in session.case.evidence]
    for a, b in zip(rows, rows[1:], strict=False):
        if board.diagnosticity(a) == board.diagnosticity(b):
            assert entered.index(a) < entered.index(b)


def test_marks_follow_the_scores_and_report_only_the_rows_that_changed():
    session = open_session()
    board = LiveScores(session)
    row_marks = marks.RowMarks(session, lambda: board.scores)
    # e-01 is the linchpin: without its I, "nobody leaked it" ties for the lead.
    assert row_marks.mark("e-01") == marks.LINCHPIN
    assert row_marks.mark("e-06") == marks.EXCLUDED
    assert row_marks.mark("e-05") == marks.NONE  # not rated at all
    assert row_marks.update() == set()  # the first marks are drawn with the rows
    for h in ("h-supplier", "h-insider", "h-guess"):
        change = changes.rate(session.case, ANALYST, "e-05", h, Rating.N)
        assert change is not None
        session.apply(change)
        board.update_cells(change.cells)
    assert row_marks.mark("e-05") == marks.UNDIAGNOSTIC
    assert row_marks.update() == {"e-05"}
    flag = edits.set_deception(session.library, "e-02", True)
    assert flag is not None
    session.apply(flag)
    board.rebuild()  # credibility and deception reach the scores through a rebuild
    assert row_marks.mark("e-02") == marks.PLANTED
