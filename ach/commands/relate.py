"""``ach relate``: hypotheses that are not mutually exclusive, or one subsuming another."""

from __future__ import annotations

import argparse

from ach.commands.common import Context, UserError, hypothesis, save_change
from ach.edits import method as edits
from ach.model import Relation
from ach.refs import hypothesis_named
from ach.store import Library


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("relate", parents=[common],
                       help="mark hypotheses as not mutually exclusive, or one subsuming another")
    p.add_argument("case")
    p.add_argument("hypothesis")
    p.add_argument("relation", choices=[r.value for r in Relation])
    p.add_argument("other")
    p.add_argument("--remove", action="store_true", help="remove the relation instead")
    p.set_defaults(run=relate)


def relate(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    first, other = hypothesis(case, args.hypothesis), hypothesis(case, args.other)
    if first.id == other.id:
        raise UserError("a hypothesis cannot be related to itself")
    relations = dict(first.relations)
    if args.remove:
        relations.pop(other.id, None)
    else:
        relations[other.id] = Relation(args.relation)
    save_change(workspace, case, Library(), edits.set_relations(case, first.id, relations))
    verb = "no longer" if args.remove else "now"
    print(f"{hypothesis_named(case, first.id)} {verb} {args.relation} "
          f"{hypothesis_named(case, other.id)}")
    return 0
