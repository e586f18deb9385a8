"""Starting one's own ratings from those shown (another analyst's, or the team's consensus).

One change for the whole matrix, so a single undo takes it back. Only the codes are
copied: a reason is its writer's words, and stays theirs.
"""

from __future__ import annotations

from collections.abc import Callable

from ach.edits.changes import CellEdit, Change
from ach.model import Case, Cell, Rating


def seed_ratings(case: Case, analyst: str, shown: Callable[[str, str], Rating | None],
                 whose: str) -> Change | None:
    """``analyst``'s ratings set to what ``shown`` gives for each cell of the case; None
    when it gives nothing. Cells the analyst rated already keep their rating."""
    mine = case.ratings.get(analyst, {})
    edits = []
    for ref in case.evidence:
        row = mine.get(ref.id, {})
        for hypothesis in case.hypotheses:
            rating = shown(ref.id, hypothesis.id)
            if rating is not None and hypothesis.id not in row:
                edits.append(CellEdit(analyst, ref.id, hypothesis.id, None, Cell(rating=rating)))
    if not edits:
        return None
    return Change(f"start from {whose}", cells=tuple(edits))
