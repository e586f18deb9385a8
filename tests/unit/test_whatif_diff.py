"""What a what-if changed, read back from the copy, and how it becomes the real analysis:
the arithmetic behind the what-if screen, without the screen."""

from __future__ import annotations

from collections.abc import Callable

from ach.edits import changes
from ach.edits import method as edits
from ach.model import Level, Rating
from ach.refs import hypothesis_refs, item_refs
from ach.sensitivity import WhatIf
from ach.workbench.session import CaseSession
from ach.workbench.whatif_diff import derive, describe, keep, touched_rows, whatif_shaped
from tests.unit.conftest import ANALYST, open_session


def copy_of(real: CaseSession) -> CaseSession:
    snapshot = real.snapshot()
    return CaseSession(real.workspace, snapshot.case, snapshot.library, ANALYST)


Make = Callable[[CaseSession], "changes.Change | None"]


def whatif_after(*made: Make) -> tuple[CaseSession, CaseSession, WhatIf]:
    """Make each change on a copy of the sample in turn (each read against the copy as it
    is by then, as the screen does); the what-if read back from the copy."""
    real = open_session()
    copy = copy_of(real)
    touched: set[str] = set()
    for make in made:
        change = make(copy)
        assert change is not None
        copy.apply(change)
        touched |= touched_rows(change)
    return real, copy, derive(real.case, real.library, copy.case, copy.library, ANALYST,
                              touched)


def test_a_rating_changed_in_the_copy_is_the_whatif_cell():
    _, _, whatif = whatif_after(
        lambda c: changes.rate(c.case, ANALYST, "e-01", "h-supplier", Rating.II))
    assert whatif.cells == {("e-01", "h-supplier"): Rating.II}
    assert not whatif.reversed and not whatif.excluded


def test_a_row_turned_round_is_a_reversal_not_three_cells():
    _, _, whatif = whatif_after(lambda c: edits.reverse_row(c.case, ANALYST, "e-01"))
    assert whatif.reversed == {"e-01"}
    assert whatif.cells == {}


def test_exclusions_restorations_and_credibility_are_read_back():
    real, _, whatif = whatif_after(lambda c: edits.exclude(c.case, "e-02", ""),
                                   lambda c: edits.include(c.case, "e-06"),
                                   lambda c: edits.set_credibility(c.library, "e-01", Level.L))
    assert whatif.excluded == {"e-02"}
    assert whatif.restored == {"e-06"}  # set aside in the sample, counted again
    assert whatif.credibility == {"e-01": Level.L}
    ref = item_refs(real.case)  # people see refs (E2), files keep ids
    assert describe(whatif, real.case) == [
        f"set {ref['e-02']} aside", f"count {ref['e-06']} again",
        f"credibility of {ref['e-01']}: Low"]


def test_rows_left_as_they_were_make_no_whatif():
    real, _, whatif = whatif_after(
        lambda c: changes.rate(c.case, ANALYST, "e-01", "h-supplier", Rating.II),
        lambda c: changes.rate(c.case, ANALYST, "e-01", "h-supplier", Rating.C))
    assert whatif == WhatIf()
    assert keep(real.case, real.library, ANALYST, whatif) is None


def test_keeping_makes_the_real_case_equal_the_copy_in_one_undoable_change():
    real, copy, whatif = whatif_after(
        lambda c: changes.rate(c.case, ANALYST, "e-03", "h-guess", Rating.I),
        lambda c: edits.reverse_row(c.case, ANALYST, "e-01"),
        lambda c: edits.exclude(c.case, "e-02", ""),
        lambda c: edits.set_credibility(c.library, "e-04", Level.H))
    kept = keep(real.case, real.library, ANALYST, whatif)
    assert kept is not None and kept.label == "keep the what-if (6 changes)"
    before = real.case.model_dump()
    real.apply(kept)
    for ref in real.case.evidence:
        for h in real.case.hypotheses:
            assert real.rating(ref.id, h.id) == copy.rating(ref.id, h.id), (ref.id, h.id)
        assert ref.excluded == copy.case.evidence_ref(ref.id).excluded
    assert real.library.items["e-04"].credibility is Level.H
    assert real.undo() is not None
    assert real.case.model_dump() == before


def test_a_reason_written_before_stays_when_the_rating_is_kept():
    real = open_session()
    cell = real.case.cell(ANALYST, "e-01", "h-supplier")
    assert cell is not None
    kept = keep(real.case, real.library, ANALYST,
                WhatIf().with_cell("e-01", "h-supplier", Rating.I))
    assert kept is not None
    (edit,) = kept.cells
    assert edit.after is not None and edit.after.reason == cell.reason


def test_only_ratings_exclusions_and_credibility_are_whatif_shaped():
    session = open_session()
    case, library = session.case, session.library
    assert whatif_shaped(changes.rate(case, ANALYST, "e-01", "h-supplier", Rating.II))
    assert whatif_shaped(edits.exclude(case, "e-02", ""))
    assert whatif_shaped(edits.cycle_credibility(library, "e-01"))
    assert not whatif_shaped(changes.move_evidence(case, "e-02", 1))
    assert not whatif_shaped(changes.delete_evidence(case, "e-02"))
    assert not whatif_shaped(changes.move_hypothesis(case, "h-insider", 1))
    assert not whatif_shaped(edits.set_deception(library, "e-01", True))


def test_touched_rows_name_every_item_a_change_reaches():
    session = open_session()
    case, library = session.case, session.library
    assert touched_rows(changes.rate(case, ANALYST, "e-01", "h-supplier", Rating.II)) == {"e-01"}
    assert touched_rows(edits.exclude(case, "e-02", "")) == {"e-02"}
    assert touched_rows(edits.cycle_credibility(library, "e-04")) == {"e-04"}


def test_describe_names_items_by_ref_and_hypotheses_by_ref_and_title():
    case = open_session().case
    whatif = WhatIf().with_cell("e-01", "h-guess", None).toggle_reversed("e-02")
    e, h = item_refs(case), hypothesis_refs(case)
    assert describe(whatif, case) == [
        f"{e['e-01']} × {h['h-guess']} “Nobody leaked it: the figures were guessed”: unrated",
        f"{e['e-02']} reversed (what if it was planted?)"]
