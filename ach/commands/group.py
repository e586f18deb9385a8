"""``ach group``: dependence groups, items that are not independent and count once;
listed, suggested, made or removed."""

from __future__ import annotations

import argparse
import shlex

from ach.commands.common import Context, UserError, case_evidence, save_change
from ach.edits import judgments as group_edits
from ach.grouping import suggest
from ach.model import GroupKind
from ach.refs import item_ref, item_refs


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("group", parents=[common],
                       help="dependence groups: items that are not independent count once")
    p.add_argument("case")
    p.add_argument("label", nargs="?", help="the group's label")
    p.add_argument("evidence", nargs="*", help="its items: ids or position refs (E3)")
    p.add_argument("--kind", choices=[k.value for k in GroupKind],
                   default=GroupKind.SAME_SOURCE.value)
    p.add_argument("--remove", metavar="LABEL", help="remove a group (its items stay)")
    p.add_argument("--list", action="store_true", help="list the case's groups")
    p.add_argument("--suggest", action="store_true",
                   help="list suggested groups (same speaker, source and date; an assumption "
                   "that restates an item); nothing is grouped")
    p.set_defaults(run=group)


def group(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    if args.list:
        return _list_groups(case)
    if args.suggest:
        return _list_suggestions(case, library)
    if args.remove is not None:
        try:
            found = case.group(args.remove)
            change = group_edits.remove_group(case, args.remove)
        except KeyError as exc:
            raise UserError(str(exc.args[0])) from None
        save_change(workspace, case, library, change)
        print(f"removed group {found.label!r} (its items count on their own again)")
        return 0
    if not args.label or len(args.evidence) < 2:
        raise UserError("name a group and at least two items: ach group CASE LABEL E1 E2 … "
                        "(or --list, --suggest, or --remove LABEL)")
    label = args.label.strip()
    members = [case_evidence(case, library, key).id for key in args.evidence]
    try:
        change = group_edits.group_items(case, label, members, GroupKind(args.kind))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    for other, moved in group_edits.moved_out(case, label, members).items():
        print(f"moved {', '.join(item_ref(case, m) for m in moved)} out of group {other!r}")
    save_change(workspace, case, library, change)
    members = case.group(label).members
    print(f"group {label!r} ({args.kind}): {', '.join(item_ref(case, m) for m in members)} "
          "now count as one item "
          f"(each weighs 1/{len(members)} of its own weight)")
    return 0


def _list_groups(case) -> int:
    if not case.groups:
        print("no dependence groups (ach group CASE LABEL E1 E2 … [--kind K])")
        return 0
    refs = item_refs(case)
    for g in case.groups:
        items = ", ".join(f"{refs[m]} {m}" if m in refs else f"{m} (not in the case)"
                          for m in g.members)
        print(f"{g.label}  ({g.kind.value})  {items}")
    return 0


def _list_suggestions(case, library) -> int:
    """Suggested groups, each with the command that would make it (never made here)."""
    found = suggest(case, library.items)
    if not found:
        print("no suggested groups: no two items share a speaker, source and date, and no "
              "assumption restates an item")
        return 0
    for s in found:
        print(f"{s.label}  ({s.kind.value}; {s.why})  {', '.join(s.members)}\n"
              f"   ach group {shlex.quote(case.id)} {shlex.quote(s.label)} "
              f"{' '.join(s.members)} --kind {s.kind.value}")
    return 0
