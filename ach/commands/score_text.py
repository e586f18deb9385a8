"""The flip margin in words, as ``ach score`` and ``ach sensitivity`` both print it."""

from __future__ import annotations

from ach.figures import plural
from ach.flip import FlipMargin
from ach.model import Case
from ach.refs import hypothesis_named, hypothesis_refs, item_refs


def flip_sentence(flip: FlipMargin | None, case: Case) -> str:
    """The flip margin in words, naming the cells by ref (ACH-METHOD.md "Flip margin")."""
    titles = {h.id: hypothesis_named(case, h.id) for h in case.hypotheses}
    e_ref, h_ref = item_refs(case), hypothesis_refs(case)
    if flip is None:
        return "flip margin: none (one hypothesis)"
    if flip.steps == 0:
        return (f"flip margin: 0 — {titles[flip.leader]} already shares rank 1 with "
                f"{titles[flip.rival]}")
    cells = "; ".join(f"{e_ref[c.evidence_id]} × {h_ref[c.hypothesis_id]} "
                      f"{c.before.value if c.before else 'unrated'}→{c.after.value}"
                      for c in flip.cells)
    return (f"flip margin: it would take {plural(flip.steps, 'one-step rating change')} "
            f"to change the conclusion (to {titles[flip.rival]}): {cells}")
