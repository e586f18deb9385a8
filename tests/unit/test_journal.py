"""Saving a rating appends to a journal; loading replays it; a full save compacts it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ach import journal
from ach.model import Cell, Rating
from ach.store import MergeConflict, Workspace

CASE = "baghdad-tehran"


def test_appended_rating_is_loaded_by_another_reader_without_rewriting_the_file(
        bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    path = ws.case_path(CASE)
    before = path.read_bytes()
    case.set_cell("Dana Levi", "e-01", "h-tighten", Cell(rating=Rating.II, reason="why"))
    ws.append_rating_row(case, "Dana Levi", "e-01")
    assert path.read_bytes() == before, "the canonical file is not rewritten per keystroke"
    again = Workspace(bundled).load_case(CASE)
    assert again.cell("Dana Levi", "e-01", "h-tighten") == Cell(rating=Rating.II, reason="why")
    assert again.ratings == case.ratings


def test_clearing_a_whole_row_through_the_journal_deletes_it(bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    for h in [h.id for h in case.hypotheses]:
        case.set_cell("Dana Levi", "e-02", h, None)
    ws.append_rating_row(case, "Dana Levi", "e-02")
    assert "e-02" not in Workspace(bundled).load_case(CASE).ratings["Dana Levi"]


def test_saving_the_case_compacts_the_journal_into_the_file(bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    case.set_cell("Dana Levi", "e-03", "h-hedge", Cell(rating=Rating.I))
    ws.append_rating_row(case, "Dana Levi", "e-03")
    assert ws.has_journal(CASE)
    ws.save_case(case)
    assert not ws.has_journal(CASE)
    assert '"rating": "I"' in ws.case_path(CASE).read_text(encoding="utf-8")
    assert Workspace(bundled).load_case(CASE).ratings == case.ratings


def test_a_torn_last_line_loses_only_that_change(bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    case.set_cell("Dana Levi", "e-04", "h-hedge", Cell(rating=Rating.CC))
    ws.append_rating_row(case, "Dana Levi", "e-04")
    with open(journal.journal_path(ws.case_path(CASE)), "a", encoding="utf-8") as handle:
        handle.write('{"table": "ratings:Dana Levi", "id": "e-05", "rec')  # killed mid-write
    loaded = Workspace(bundled).load_case(CASE)
    assert loaded.cell("Dana Levi", "e-04", "h-hedge").rating is Rating.CC
    assert loaded.ratings["Dana Levi"]["e-05"] == case.ratings["Dana Levi"]["e-05"]


def test_appending_merges_when_the_file_changed_under_us(bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    other = Workspace(bundled)
    theirs = other.load_case(CASE)
    theirs.notes = "edited elsewhere"
    other.save_case(theirs)
    case.set_cell("Dana Levi", "e-01", "h-hedge", Cell(rating=Rating.II))
    saved = ws.append_rating_row(case, "Dana Levi", "e-01")
    assert saved.merged is not None and saved.merged.notes == "edited elsewhere"
    disk = Workspace(bundled).load_case(CASE)
    assert disk.notes == "edited elsewhere"
    assert disk.cell("Dana Levi", "e-01", "h-hedge").rating is Rating.II
    assert not ws.has_journal(CASE), "the merge is written whole"


def test_appending_refuses_when_another_ach_rated_the_same_cell_otherwise(
        bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    other = Workspace(bundled)
    theirs = other.load_case(CASE)
    theirs.set_cell("Dana Levi", "e-01", "h-hedge", Cell(rating=Rating.CC))
    other.append_rating_row(theirs, "Dana Levi", "e-01")
    before = (ws.case_path(CASE).read_bytes(),
              journal.journal_path(ws.case_path(CASE)).read_bytes())
    case.set_cell("Dana Levi", "e-01", "h-hedge", Cell(rating=Rating.II))
    with pytest.raises(MergeConflict) as caught:
        ws.append_rating_row(case, "Dana Levi", "e-01")
    [conflict] = caught.value.conflicts
    assert (conflict.ours, conflict.theirs) == ({"rating": "II"}, {"rating": "CC"})
    assert (ws.case_path(CASE).read_bytes(),
            journal.journal_path(ws.case_path(CASE)).read_bytes()) == before


def test_journal_files_are_invisible_to_case_listing_and_validation(bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    ws.append_rating_row(case, "Dana Levi", "e-01")
    assert ws.case_ids() == [CASE]
    names = os.listdir(bundled / "hypotheses")
    assert any(n.endswith(".journal") and n.startswith(".") for n in names)
