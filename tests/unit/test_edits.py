"""Changes as values: built without touching the case, applied, and undone exactly —
the edits the CLI's commands and the workbench's keys share."""

from __future__ import annotations

import datetime as dt

from ach.edits import method as edits
from ach.edits.changes import set_excluded
from ach.model import IndicatorStatus
from tests.unit.conftest import open_session


def test_an_item_set_aside_again_takes_the_new_reason_and_undo_restores_the_old():
    session = open_session()
    case, library = session.case, session.library
    assert case.evidence_ref("e-06").excluded  # set aside in the sample
    old_reason = case.evidence_ref("e-06").exclusion_reason
    change = set_excluded(case, "e-06", True, "a better reason")
    assert change is not None
    change.apply(case, library)
    assert case.evidence_ref("e-06").exclusion_reason == "a better reason"
    change.inverse().apply(case, library)
    assert case.evidence_ref("e-06").exclusion_reason == old_reason
    assert set_excluded(case, "e-06", True, old_reason) is None  # nothing would change


def test_adding_an_indicator_leaves_the_case_alone_until_applied():
    session = open_session()
    case, library = session.case, session.library
    before = case.model_dump()
    change, indicator_id = edits.add_indicator(case, "h-insider", "  a courier is named  ")
    assert case.model_dump() == before
    change.apply(case, library)
    added = [i for i in case.indicators if i.id == indicator_id]
    assert [(i.hypothesis_id, i.text) for i in added] == [("h-insider", "a courier is named")]
    change.inverse().apply(case, library)
    assert case.model_dump() == before


def test_a_change_of_status_is_a_new_indicator_not_an_edit_of_the_old():
    session = open_session()
    case, library = session.case, session.library
    add, indicator_id = edits.add_indicator(case, "h-insider", "a courier is named")
    add.apply(case, library)
    original = next(i for i in case.indicators if i.id == indicator_id)
    change = edits.set_status(case, indicator_id, IndicatorStatus.SEEN,
                              dt.date(2026, 1, 2), "e-01", " seen ")
    assert change is not None
    assert original.history == []  # the value read from is untouched
    change.apply(case, library)
    now = next(i for i in case.indicators if i.id == indicator_id)
    assert [(h.status.value, h.date, h.evidence_id, h.note) for h in now.history] == [
        ("seen", dt.date(2026, 1, 2), "e-01", "seen")]
