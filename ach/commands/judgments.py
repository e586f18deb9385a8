"""``ach group`` (dependence groups: correlated items count once) and ``ach judgment``
(the analyst's key judgments, in ICD 203's words)."""

from __future__ import annotations

import argparse
import datetime as dt

from ach.cautions import judgment_warnings
from ach.commands.common import (
    Context,
    UserError,
    case_evidence,
    hypothesis,
    view_analyst,
)
from ach.model import (
    Confidence,
    DependenceGroup,
    EstimativeTerm,
    GroupKind,
    KeyJudgment,
    fresh_id,
)
from ach.refs import hypothesis_named, item_ref, item_refs
from ach.scoring import score_case


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
    p.set_defaults(run=group)

    p = sub.add_parser("judgment", parents=[common],
                       help="record, list or remove the case's key judgments")
    p.add_argument("case")
    p.add_argument("--text", help="the judgment, one sentence")
    p.add_argument("--term", help="its likelihood: " + ", ".join(t.value for t in EstimativeTerm))
    p.add_argument("--confidence", choices=[c.value for c in Confidence])
    p.add_argument("--basis", default="", help="what it rests on")
    p.add_argument("--hypothesis", help="the hypothesis it concerns (id, title or H2)")
    p.add_argument("--team", action="store_true", help="note the team's leader, not yours")
    p.add_argument("--list", action="store_true", help="list the key judgments")
    p.add_argument("--remove", metavar="N", type=int, help="remove the N-th (as --list numbers)")
    p.set_defaults(run=judgment)


# -- groups --------------------------------------------------------------------------

def group(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    if args.list:
        return _list_groups(case)
    if args.remove is not None:
        try:
            found = case.group(args.remove)
        except KeyError as exc:
            raise UserError(str(exc.args[0])) from None
        case.groups = [g for g in case.groups if g.id != found.id]
        workspace.save_case(case)
        print(f"removed group {found.label!r} (its items count on their own again)")
        return 0
    if not args.label or len(args.evidence) < 2:
        raise UserError("name a group and at least two items: ach group CASE LABEL E1 E2 … "
                        "(or --list, or --remove LABEL)")
    label = args.label.strip()
    members: list[str] = []
    for key in args.evidence:
        item_id = case_evidence(case, library, key).id
        if item_id not in members:
            members.append(item_id)
    if len(members) < 2:
        raise UserError("a group needs at least two different items")
    existing = next((g for g in case.groups if g.label == label), None)
    for other in case.groups:
        moved = [m for m in other.members if m in members]
        if other is not existing and moved:
            other.members = [m for m in other.members if m not in members]
            print(f"moved {', '.join(item_ref(case, m) for m in moved)} out of group "
                  f"{other.label!r}")
    case.groups = [g for g in case.groups if len(g.members) >= 2 or g is existing]
    if existing is None:
        case.groups.append(DependenceGroup(
            id=fresh_id("g", {g.id for g in case.groups}), label=label,
            kind=GroupKind(args.kind), members=members))
    else:
        existing.members, existing.kind = members, GroupKind(args.kind)
    workspace.save_case(case)
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


# -- key judgments -------------------------------------------------------------------

def judgment(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    if args.list:
        scores = score_case(case, library.items, view_analyst(case, args, ctx))
        if not case.judgments:
            print("no key judgments recorded (ach judgment CASE --text … --term … "
                  "--confidence … --basis …)")
        for n, j in enumerate(case.judgments, 1):
            about = f" [{hypothesis_named(case, j.hypothesis_id)}]" if j.hypothesis_id else ""
            print(f"{n}. {j.text}{about}\n   {j.term.value}, {j.confidence.value} confidence"
                  + (f"; basis: {j.basis}" if j.basis else "")
                  + (f" (written {j.written.isoformat()})" if j.written else ""))
            for warning in judgment_warnings(j, scores):
                print(f"   warning: {warning}")
        return 0
    if args.remove is not None:
        if not 1 <= args.remove <= len(case.judgments):
            raise UserError(f"case {case.id!r} has {len(case.judgments)} key judgment(s); "
                            f"--remove takes 1 … {len(case.judgments)}")
        gone = case.judgments.pop(args.remove - 1)
        workspace.save_case(case)
        print(f"removed key judgment {args.remove}: {gone.text}")
        return 0
    missing = [name for name in ("text", "term", "confidence")
               if not (getattr(args, name) or "").strip()]
    if missing:
        raise UserError("a key judgment needs " + ", ".join(f"--{m}" for m in missing)
                        + " (and --basis)")
    try:
        term = EstimativeTerm.parse(args.term)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    hyp = hypothesis(case, args.hypothesis) if args.hypothesis else None
    scores = score_case(case, library.items, view_analyst(case, args, ctx))
    entry = KeyJudgment(
        id=fresh_id("j", {j.id for j in case.judgments}), text=args.text.strip(), term=term,
        confidence=Confidence(args.confidence), basis=args.basis.strip(),
        hypothesis_id=hyp.id if hyp else None, written=dt.date.today(),
        leaders_then=[h.id for h in case.hypotheses if h.id in scores.leaders])
    case.judgments.append(entry)
    workspace.save_case(case)
    print(f"recorded key judgment {len(case.judgments)}: {entry.text} "
          f"({term.value}, {entry.confidence.value} confidence)")
    for warning in judgment_warnings(entry, scores):
        print(f"warning: {warning}")
    return 0
