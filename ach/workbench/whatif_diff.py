"""What a what-if changed, and how to make it the real analysis.

The what-if screen edits a copy of the case. ``derive`` reads the copy against
the real case as a ``WhatIf`` (the form a recorded scenario takes), ``keep``
turns a ``WhatIf`` into one ordinary, undoable ``Change`` of the real case, and
``whatif_shaped`` says whether an edit is one a what-if may make at all (ratings,
exclusions, credibility): anything else would be lost on leaving, so it is refused.
Nothing here knows Textual.
"""

from __future__ import annotations

from collections.abc import Iterable

from ach.edits.changes import CellEdit, Change, Focus, ItemEdit
from ach.model import Case, CaseEvidence, Cell, Rating
from ach.refs import hypothesis_refs, item_refs
from ach.sensitivity import WhatIf, reverse
from ach.store import Library


def _rating(case: Case, analyst: str, evidence_id: str, hypothesis_id: str) -> Rating | None:
    cell = case.cell(analyst, evidence_id, hypothesis_id)
    return None if cell is None else cell.rating


def _is_reversal(before: dict[str, Rating | None], after: dict[str, Rating | None]) -> bool:
    """The whole row turned round (and not merely left as it was)."""
    return before != after and all(after[h] == reverse(r) for h, r in before.items())


def derive(real: Case, real_library: Library, copy: Case, copy_library: Library,
           analyst: str, rows: Iterable[str]) -> WhatIf:
    """The what-if that turns ``real`` into ``copy`` on these rows (the ones touched)."""
    whatif = WhatIf()
    real_refs = {ref.id: ref for ref in real.evidence}
    copy_refs = {ref.id: ref for ref in copy.evidence}
    hypothesis_ids = [h.id for h in real.hypotheses]
    for e in sorted(set(rows)):
        real_ref, copy_ref = real_refs.get(e), copy_refs.get(e)
        if real_ref is None or copy_ref is None:
            continue
        if copy_ref.excluded != real_ref.excluded:
            whatif = whatif.toggle_excluded(e, real_ref.excluded)
        real_item, copy_item = real_library.items.get(e), copy_library.items.get(e)
        if real_item and copy_item and copy_item.credibility != real_item.credibility:
            whatif = whatif.with_credibility(e, copy_item.credibility)
        before = {h: _rating(real, analyst, e, h) for h in hypothesis_ids}
        after = {h: _rating(copy, analyst, e, h) for h in hypothesis_ids}
        if _is_reversal(before, after):
            whatif = whatif.toggle_reversed(e)
            continue
        for h in hypothesis_ids:
            if before[h] != after[h]:
                whatif = whatif.with_cell(e, h, after[h])
    return whatif


def keep(case: Case, library: Library, analyst: str, whatif: WhatIf,
         focus: Focus | None = None) -> Change | None:
    """The what-if as one change of the real case (its ratings, exclusions, credibility).

    Read against the case as it is now, with ``ach.sensitivity.apply``'s order: a cell
    set by the what-if first, then the row reversed.
    """
    refs = {ref.id: ref for ref in case.evidence}
    hypothesis_ids = [h.id for h in case.hypotheses]
    cells: list[CellEdit] = []
    touched = {e for e, _ in whatif.cells} | set(whatif.reversed)
    for e in sorted(touched & refs.keys()):
        for h in hypothesis_ids:
            before = case.cell(analyst, e, h)
            rating = before.rating if before else None
            rating = whatif.cells.get((e, h), rating)
            if e in whatif.reversed:
                rating = reverse(rating)
            after = None if rating is None else Cell(rating=rating,
                                                     reason=before.reason if before else "")
            if after != before:
                cells.append(CellEdit(analyst, e, h, before, after))
    evidence = _exclusions(case.evidence, whatif)
    items = []
    for e, level in sorted(whatif.credibility.items()):
        item = library.items.get(e)
        if item is not None and e in refs and item.credibility != level:
            items.append(ItemEdit(item, item.model_copy(update={"credibility": level})))
    count = len(cells) + len(items) + (0 if evidence is None else sum(
        1 for a, b in zip(*evidence, strict=True) if a != b))
    if not count:
        return None
    return Change(f"keep the what-if ({count} change{'s' if count != 1 else ''})",
                  cells=tuple(cells), evidence=evidence, items=tuple(items),
                  focus=focus or Focus())


def _exclusions(refs: list[CaseEvidence], whatif: WhatIf,
                ) -> tuple[tuple[CaseEvidence, ...], tuple[CaseEvidence, ...]] | None:
    before = tuple(refs)
    after = []
    for ref in before:
        if ref.id in whatif.excluded and not ref.excluded:
            ref = ref.model_copy(update={"excluded": True})
        elif ref.id in whatif.restored and ref.excluded:
            ref = ref.model_copy(update={"excluded": False, "exclusion_reason": ""})
        after.append(ref)
    return None if tuple(after) == before else (before, tuple(after))


def whatif_shaped(change: Change) -> bool:
    """Does the change only rate, exclude or include, or change a credibility?"""
    if change.hypotheses is not None or change.indicators is not None:
        return False
    if getattr(change, "scenarios", None) is not None:
        return False
    if change.evidence is not None:
        before, after = change.evidence
        if [r.id for r in before] != [r.id for r in after]:
            return False
        for old, new in zip(before, after, strict=True):
            if old.model_copy(update={"excluded": new.excluded,
                                      "exclusion_reason": new.exclusion_reason}) != new:
                return False
    for edit in change.items:
        if edit.before is None or edit.after is None:
            return False
        if edit.before.model_copy(update={"credibility": edit.after.credibility}) != edit.after:
            return False
    return True


def touched_rows(change: Change) -> set[str]:
    """The evidence items a (what-if shaped) change touches."""
    rows = set(change.rows)
    if change.evidence is not None:
        rows |= {new.id for old, new in zip(*change.evidence, strict=True) if old != new}
    rows |= {edit.after.id for edit in change.items if edit.after is not None}
    return rows


def describe(whatif: WhatIf, case: Case) -> list[str]:
    """One line per change, naming items by ref (E3) and hypotheses by ref and title."""
    titles = {h.id: h.title for h in case.hypotheses}
    e_ref, h_ref = item_refs(case), hypothesis_refs(case)

    def item(e: str) -> str:
        return e_ref.get(e, e)

    lines = [f"set {item(e)} aside" for e in sorted(whatif.excluded)]
    lines += [f"count {item(e)} again" for e in sorted(whatif.restored)]
    lines += [f"{item(e)} × {h_ref.get(h, h)} “{titles.get(h, h)}”: "
              f"{r.value if r else 'unrated'}" for (e, h), r in sorted(whatif.cells.items())]
    lines += [f"credibility of {item(e)}: {level.label}"
              for e, level in sorted(whatif.credibility.items())]
    lines += [f"{item(e)} reversed (what if it was planted?)" for e in sorted(whatif.reversed)]
    return lines
