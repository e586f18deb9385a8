"""``ach hypothesis add|edit|remove|list``: a case's hypotheses."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, UserError, hypothesis, new_id, not_empty, room_for
from ach.edits import changes as edits
from ach.figures import plural
from ach.model import Hypothesis
from ach.names import title_clash
from ach.refs import hypothesis_named, hypothesis_refs
from ach.store import Library


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    hyp = sub.add_parser("hypothesis", parents=[common], help="add, edit or remove hypotheses")
    hsub = hyp.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = hsub.add_parser("add", parents=[common], help="add a hypothesis")
    p.add_argument("case")
    p.add_argument("title")
    p.add_argument("--description", default="")
    p.add_argument("--id", dest="item_id", help="its id (default: generated)")
    p.set_defaults(run=add_hypothesis)
    p = hsub.add_parser("edit", parents=[common], help="change a hypothesis")
    p.add_argument("case")
    p.add_argument("hypothesis", help="id or exact title")
    p.add_argument("--title")
    p.add_argument("--description")
    p.add_argument("--refuted-by", dest="refuted_by", metavar="TEXT",
                   help="what would show it wrong ('' removes it)")
    p.set_defaults(run=edit_hypothesis)
    p = hsub.add_parser("remove", parents=[common], help="remove a hypothesis and its ratings")
    p.add_argument("case")
    p.add_argument("hypothesis", help="id or exact title")
    p.set_defaults(run=remove_hypothesis)
    p = hsub.add_parser("list", parents=[common], help="the hypotheses of a case")
    p.add_argument("case")
    p.set_defaults(run=list_hypotheses)


def add_hypothesis(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    room_for(case, "hypotheses")
    title = not_empty(args.title, "the hypothesis title")
    if clash := title_clash(title, ((h.id, h.title) for h in case.hypotheses)):
        raise UserError(f"case {case.id!r}: {clash}; nothing was changed")
    hyp = Hypothesis(id=new_id("h", args.item_id, {h.id for h in case.hypotheses}),
                     title=title, description=args.description, proposed_by=ctx.analyst)
    edits.add_hypothesis(case, hyp, None).apply(case, Library())
    workspace.save_case(case)
    print(f"added hypothesis {hypothesis_named(case, hyp.id)} ({hyp.id})")
    return 0


def edit_hypothesis(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    hyp = hypothesis(case, args.hypothesis)
    if args.title is not None:
        title = not_empty(args.title, "the hypothesis title")
        others = ((h.id, h.title) for h in case.hypotheses if h.id != hyp.id)
        if clash := title_clash(title, others):
            raise UserError(f"case {case.id!r}: {clash}; nothing was changed")
        hyp = hyp.model_copy(update={"title": title})
    if args.description is not None:
        hyp = hyp.model_copy(update={"description": args.description})
    if args.refuted_by is not None:
        hyp = hyp.model_copy(update={"refuted_by": args.refuted_by.strip()})
    change = edits.edit_hypothesis(case, hyp)
    if change is not None:
        change.apply(case, Library())
    workspace.save_case(case)
    print(f"updated hypothesis {hypothesis_named(case, hyp.id)}")
    return 0


def remove_hypothesis(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    hyp = hypothesis(case, args.hypothesis)
    named = hypothesis_named(case, hyp.id)
    cells = sum(hyp.id in row for rows in case.ratings.values() for row in rows.values())
    indicators = sum(ind.hypothesis_id == hyp.id for ind in case.indicators)
    edits.delete_hypothesis(case, hyp.id).apply(case, Library())
    workspace.save_case(case)
    print(f"removed hypothesis {named}, with "
          f"{plural(cells, 'rating')} and {plural(indicators, 'indicator')}")
    return 0


def list_hypotheses(ctx: Context, args: argparse.Namespace) -> int:
    case = ctx.require_workspace().load_case(args.case)
    refs = hypothesis_refs(case)
    width = max((len(r) for r in refs.values()), default=0)
    for hyp in case.hypotheses:
        print(f"{refs[hyp.id]:<{width}}  {hyp.title}  ({hyp.id})")
    return 0
