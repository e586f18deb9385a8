"""``ach rate``: one cell of the matrix, as the current analyst."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, UserError, case_evidence, hypothesis
from ach.edits.changes import set_cell
from ach.model import Case, Cell, Rating
from ach.refs import hypothesis_named, item_ref
from ach.store import Library, Workspace


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("rate", parents=[common], help="rate one cell as the current analyst")
    p.add_argument("case")
    p.add_argument("evidence", help="the evidence item's id or position ref (E3)")
    p.add_argument("hypothesis", help="the hypothesis's id, exact title or position ref (H2)")
    p.add_argument("rating", help="CC, C, N, I, II, NA, or 'clear'")
    p.add_argument("--reason", help="why (kept with the rating)")
    p.set_defaults(run=rate)


def rate(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    item = case_evidence(case, library, args.evidence)
    hyp = hypothesis(case, args.hypothesis)
    analyst = ctx.analyst
    if args.rating.strip().lower() == "clear":
        _set_cell(workspace, case, library, analyst, item.id, hyp.id, None)
        print(f"cleared {analyst}'s rating of {item_ref(case, item.id)} against "
              f"{hypothesis_named(case, hyp.id)}")
        return 0
    try:
        rating = Rating.parse(args.rating)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    old = case.cell(analyst, item.id, hyp.id)
    reason = args.reason if args.reason is not None else (old.reason if old else "")
    _set_cell(workspace, case, library, analyst, item.id, hyp.id,
              Cell(rating=rating, reason=reason))
    print(f"{analyst} rated {item_ref(case, item.id)} {rating.value} against "
          f"{hypothesis_named(case, hyp.id)}")
    if args.reason is None and old is not None and old.reason and old.rating != rating:
        # The reason was written for the old rating: say it stays, lest it mislead.
        print(f"kept the reason given for {old.rating.value}: {old.reason!r} "
              "(--reason replaces it, --reason '' removes it)")
    return 0


def _set_cell(workspace: Workspace, case: Case, library: Library, analyst: str,
              evidence_id: str, hypothesis_id: str, cell: Cell | None) -> None:
    """The same edit as a rating in the workbench, then the case saved."""
    change = set_cell(case, analyst, evidence_id, hypothesis_id, cell)
    if change is not None:
        change.apply(case, library)
    workspace.save_case(case)
