"""Every change undoes exactly, and the saver writes the newest state once (no Textual)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ach.edits import changes
from ach.model import Cell, Hypothesis, Rating
from ach.store import Workspace
from ach.workbench.saving import Saver
from ach.workbench.session import CaseSession
from tests.unit.conftest import ANALYST, CASE, SAMPLE


def open_sample(root: Path = SAMPLE) -> CaseSession:
    return CaseSession.open(Workspace(root), CASE, ANALYST)


def state(session: CaseSession):
    return session.case.model_dump(), {k: v.model_dump() for k, v in session.library.items.items()}


EVIDENCE = ["e-01", "e-02", "e-03", "e-04", "e-05", "e-06"]
HYPOTHESES = ["h-supplier", "h-insider", "h-guess"]

edits = st.one_of(
    st.tuples(st.just("rate"), st.sampled_from(EVIDENCE), st.sampled_from(HYPOTHESES),
              st.sampled_from([*Rating, None])),
    st.tuples(st.just("move-e"), st.sampled_from(EVIDENCE), st.integers(-3, 3)),
    st.tuples(st.just("move-h"), st.sampled_from(HYPOTHESES), st.integers(-2, 2)),
    st.tuples(st.just("delete-e"), st.sampled_from(EVIDENCE)),
    st.tuples(st.just("delete-h"), st.sampled_from(HYPOTHESES)),
    st.tuples(st.just("exclude"), st.sampled_from(EVIDENCE), st.booleans()),
    st.tuples(st.just("add-h"), st.sampled_from(["h-new1", "h-new2"])),
)


def build(session: CaseSession, edit) -> changes.Change | None:
    case = session.case
    kind, *args = edit
    if kind == "rate":
        e, h, r = args
        if not case.uses(e) or h not in {x.id for x in case.hypotheses}:
            return None
        return changes.rate(case, ANALYST, e, h, r)
    if kind == "move-e":
        return changes.move_evidence(case, *args)
    if kind == "move-h":
        return changes.move_hypothesis(case, *args)
    if kind == "delete-e":
        return changes.delete_evidence(case, args[0]) if case.uses(args[0]) else None
    if kind == "delete-h":
        present = args[0] in {x.id for x in case.hypotheses}
        return changes.delete_hypothesis(case, args[0]) if present else None
    if kind == "exclude":
        return changes.set_excluded(case, *args) if case.uses(args[0]) else None
    if any(x.id == args[0] for x in case.hypotheses):
        return None
    return changes.add_hypothesis(case, Hypothesis(id=args[0], title=args[0]), None)


@settings(max_examples=60, deadline=None)
@given(st.lists(edits, max_size=12))
def test_undoing_everything_restores_the_case_and_redo_replays_it(sequence):
    session = open_sample()
    original = state(session)
    for edit in sequence:
        change = build(session, edit)
        if change is not None:
            session.apply(change)
    after = state(session)
    while session.undo() is not None:
        pass
    assert state(session) == original
    while session.redo() is not None:
        pass
    assert state(session) == after


def test_a_new_change_forgets_what_was_undone():
    session = open_sample()
    session.apply(changes.rate(session.case, ANALYST, "e-01", "h-guess", Rating.CC))
    session.undo()
    session.apply(changes.rate(session.case, ANALYST, "e-01", "h-guess", Rating.N))
    assert session.redo() is None
    assert session.case.cell(ANALYST, "e-01", "h-guess").rating is Rating.N


def test_rating_the_same_again_is_no_change():
    session = open_sample()
    assert changes.rate(session.case, ANALYST, "e-01", "h-supplier", Rating.C) is None
    assert changes.rate(session.case, ANALYST, "e-05", "h-guess", None) is None


def test_snapshots_do_not_see_later_edits():
    session = open_sample()
    snapshot = session.snapshot()
    session.apply(changes.rate(session.case, ANALYST, "e-01", "h-supplier", Rating.II))
    assert snapshot.case.cell(ANALYST, "e-01", "h-supplier").rating is Rating.C
    assert session.case.cell(ANALYST, "e-01", "h-supplier").rating is Rating.II


def test_the_saver_writes_the_newest_snapshot_once(sample):
    session = open_sample(sample)
    saver = Saver(session.workspace, CASE)
    for code in (Rating.CC, Rating.I, Rating.II):
        change = session.apply(changes.rate(session.case, ANALYST, "e-05", "h-guess", code))
        saver.queue(session.snapshot(), case=change.touches_case,
                    library_keys=change.library_keys(session.library))
    first = saver.write_pending()
    assert [p.name for p in first.written] == ["sample.json"]
    assert saver.write_pending().written == []  # nothing left
    cell = Workspace(sample).load_case(CASE).cell(ANALYST, "e-05", "h-guess")
    assert cell == Cell(rating=Rating.II)


def test_a_refused_write_stays_queued(sample):
    session = open_sample(sample)
    saver = Saver(session.workspace, CASE)
    other = Workspace(sample)
    case = other.load_case(CASE)
    case.set_cell(ANALYST, "e-05", "h-guess", Cell(rating=Rating.N))  # the cell we rate
    other.save_case(case)
    change = session.apply(changes.rate(session.case, ANALYST, "e-05", "h-guess", Rating.I))
    saver.queue(session.snapshot(), case=True, library_keys=change.library_keys(session.library))
    result = saver.write_pending()
    assert result.conflict and "changed on disk" in result.problem
    assert [(c.ours, c.theirs) for c in result.conflicts] == [({"rating": "I"}, {"rating": "N"})]
    assert saver.has_pending
    assert saver.changed_on_disk() == [sample / "hypotheses" / "sample.json"]
