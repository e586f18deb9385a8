"""The method's hard steps from the shell: refine (exclude/include, relate), breakdown,
sensitivity (linchpins, planted items, recorded what-ifs) and indicators."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from ach.breakdown import breakdown, undiagnostic
from ach.commands.common import (
    Context,
    UserError,
    case_evidence,
    hypothesis,
    parse_date,
    view_analyst,
    view_label,
)
from ach.commands.rating import flip_sentence
from ach.edits import method as edits
from ach.edits.changes import set_excluded
from ach.figures import percent
from ach.figures import score as fmt
from ach.indicators import indicator, what_to_watch
from ach.model import IndicatorStatus, Level, Rating, Relation, fresh_id
from ach.refs import hypothesis_named, hypothesis_refs, item_named, item_refs
from ach.scoring import matrix_for, score
from ach.sensitivity import (
    Outcome,
    SetOutcome,
    WhatIf,
    apply,
    if_planted,
    sources_and_groups,
    without_each,
    without_sets,
)
from ach.store import Library


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("exclude", parents=[common],
                       help="set an item aside from scoring (kept, with a reason)")
    p.add_argument("case")
    p.add_argument("evidence")
    p.add_argument("--reason", default="", help="why it is set aside")
    p.set_defaults(run=exclude)
    p = sub.add_parser("include", parents=[common], help="bring an excluded item back")
    p.add_argument("case")
    p.add_argument("evidence")
    p.set_defaults(run=include)

    p = sub.add_parser("deception", parents=[common],
                       help="flag an item as possibly planted (the sensitivity check reverses it)")
    p.add_argument("case")
    p.add_argument("evidence")
    p.add_argument("--clear", action="store_true", help="remove the flag")
    p.set_defaults(run=deception)

    p = sub.add_parser("relate", parents=[common],
                       help="mark hypotheses as not mutually exclusive, or one subsuming another")
    p.add_argument("case")
    p.add_argument("hypothesis")
    p.add_argument("relation", choices=[r.value for r in Relation])
    p.add_argument("other")
    p.add_argument("--remove", action="store_true", help="remove the relation instead")
    p.set_defaults(run=relate)

    p = sub.add_parser("breakdown", parents=[common],
                       help="where one hypothesis's scores come from")
    p.add_argument("case")
    p.add_argument("hypothesis")
    p.add_argument("--team", action="store_true")
    p.set_defaults(run=show_breakdown)

    p = sub.add_parser("sensitivity", parents=[common],
                       help="linchpins, the ranking without each, and planted-item checks")
    p.add_argument("case")
    p.add_argument("--team", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=sensitivity)

    p = sub.add_parser("scenario", parents=[common], help="record or list what-if scenarios")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = ssub.add_parser("add", parents=[common], help="record a what-if for the briefing")
    q.add_argument("case")
    q.add_argument("title")
    q.add_argument("--exclude", action="append", default=[], metavar="EVIDENCE")
    q.add_argument("--set", action="append", default=[], metavar="EVIDENCE:HYPOTHESIS=RATING")
    q.add_argument("--credibility", action="append", default=[], metavar="EVIDENCE=H|M|L")
    q.add_argument("--reverse", action="append", default=[], metavar="EVIDENCE")
    q.add_argument("--note", default="")
    q.set_defaults(run=add_scenario)
    q = ssub.add_parser("list", parents=[common], help="recorded what-ifs and their outcomes")
    q.add_argument("case")
    q.add_argument("--team", action="store_true")
    q.set_defaults(run=list_scenarios)

    p = sub.add_parser("indicator", parents=[common], help="indicators to watch (step 8)")
    isub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = isub.add_parser("add", parents=[common], help="add a signpost for a hypothesis")
    q.add_argument("case")
    q.add_argument("hypothesis")
    q.add_argument("text")
    q.set_defaults(run=add_ind)
    q = isub.add_parser("set", parents=[common], help="record a change of status")
    q.add_argument("case")
    q.add_argument("indicator")
    q.add_argument("status", choices=[s.value for s in IndicatorStatus])
    q.add_argument("--date", default="", help="when it changed (default: today)")
    q.add_argument("--evidence", help="the evidence item that showed it")
    q.add_argument("--note", default="")
    q.set_defaults(run=set_ind)
    q = isub.add_parser("list", parents=[common], help="indicators per hypothesis")
    q.add_argument("case")
    q.set_defaults(run=list_ind)


# -- refine ------------------------------------------------------------------------

def exclude(ctx: Context, args: argparse.Namespace) -> int:
    named = _set_aside(ctx, args, True, args.reason)
    print(f"{named} is set aside from scoring (kept in the case)")
    return 0


def include(ctx: Context, args: argparse.Namespace) -> int:
    named = _set_aside(ctx, args, False, "")
    print(f"{named} counts in the scores again")
    return 0


def _set_aside(ctx: Context, args: argparse.Namespace, excluded: bool, reason: str) -> str:
    """Exclude an item from scoring (with why) or bring it back; returns it as people
    read it (its ref and summary)."""
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    item = case_evidence(case, library, args.evidence)
    change = set_excluded(case, item.id, excluded, reason)
    if change is not None:
        change.apply(case, library)
        workspace.save_case(case)
    return item_named(case, library.items, item.id)


def deception(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    item = case_evidence(case, library, args.evidence)
    change = edits.set_deception(library, item.id, not args.clear)
    if change is not None:
        change.apply(case, library)
        item = library.items[item.id]
        workspace.save_library(library, [library.file_key(item)])
    state = "flagged as possibly planted" if not args.clear else "no longer flagged"
    print(f"{item_named(case, library.items, item.id)} is {state}")
    return 0


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
    change = edits.set_relations(case, first.id, relations)
    if change is not None:
        change.apply(case, Library())
        workspace.save_case(case)
    verb = "no longer" if args.remove else "now"
    print(f"{hypothesis_named(case, first.id)} {verb} {args.relation} "
          f"{hypothesis_named(case, other.id)}")
    return 0


# -- breakdown and sensitivity -------------------------------------------------------

def show_breakdown(ctx: Context, args: argparse.Namespace) -> int:
    case, library = ctx.open(args.case)
    hyp = hypothesis(case, args.hypothesis)
    analyst = view_analyst(case, args, ctx)
    parts = breakdown(matrix_for(case, library.items, analyst), hyp.id)
    print(f"{hypothesis_named(case, hyp.id)}  (ratings: {view_label(case, analyst)})")
    print(f"inconsistency {fmt(parts.inconsistency)}, "
          f"weighted {parts.weighted_inconsistency:.2f}\n")
    e_ref = item_refs(case)
    print(f"{'item':<5} {'rating':<6} {'weight':>6} {'h':>2} {'w×h':>6} {'share':>6}  summary")
    for c in parts.contributions:
        item = library.items.get(c.evidence_id)
        code = c.rating.value if c.rating else "·"
        ref = e_ref.get(c.evidence_id, c.evidence_id)
        print(f"{ref:<5} {code:<6} {c.weight:>6.2f} {c.inconsistency:>2} "
              f"{c.weighted:>6.2f} {c.share:>6.0%}  {item.summary if item else ''}")
    if parts.excluded:
        print("\nset aside (count in nothing): "
              + ", ".join(e_ref.get(e, e) for e in parts.excluded))
    return 0


def _outcome_line(outcome: Outcome | SetOutcome, titles: dict[str, str]) -> str:
    after = outcome.after
    lead = " & ".join(titles[h] for h in after.order() if h in after.leaders)
    verdict = "leader changes" if outcome.changes_leader else "leader holds"
    return f"{verdict}: {lead}"


def sensitivity(ctx: Context, args: argparse.Namespace) -> int:
    case, library = ctx.open(args.case)
    analyst = view_analyst(case, args, ctx)
    matrix = matrix_for(case, library.items, analyst)
    titles = {h.id: hypothesis_named(case, h.id) for h in case.hypotheses}
    e_ref = item_refs(case)
    pins = without_each(matrix)
    flagged = [e.id for e in (library.items.get(r.id) for r in case.evidence)
               if e is not None and e.deception]
    planted = [if_planted(matrix, e) for e in flagged]
    scores = score(matrix)
    idle = undiagnostic(scores)
    sets = without_sets(matrix, sources_and_groups(case, library.items))
    flip = scores.flip_margin
    if args.json:
        def ranking(o: Outcome) -> list[dict]:
            a = o.after
            return [{"id": h, "rank": a.rank[i], "weighted_inconsistency": a.weighted[i],
                     "probability": a.probability[i]} for i, h in enumerate(a.hypothesis_ids)]
        print(json.dumps({
            "case": case.id,
            "linchpins": [{"evidence": o.evidence_id, "changes_leader": o.changes_leader,
                           "ranking_without": ranking(o)} for o in pins],
            "planted": [{"evidence": o.evidence_id, "changes_leader": o.changes_leader,
                         "ranking_reversed": ranking(o)} for o in planted],
            "undiagnostic": idle,
            "flip_margin": None if flip is None else {
                "steps": flip.steps, "rival": flip.rival,
                "cells": [{"evidence": c.evidence_id, "hypothesis": c.hypothesis_id,
                           "from": c.before.value if c.before else None,
                           "to": c.after.value} for c in flip.cells]},
            "without_sets": [{"kind": o.kind, "label": o.label,
                              "evidence": list(o.evidence_ids),
                              "changes_leader": o.changes_leader,
                              "ranking_without": ranking(o)} for o in sets]},
            ensure_ascii=False, indent=2))
        return 0
    print(f"{case.id}: {case.question}  (ratings: {view_label(case, analyst)})\n")
    print("linchpins — the ranking without each:" if pins else
          "no linchpins: no single item's exclusion changes the leader")
    for o in pins:
        print(f"  without {item_named(case, library.items, o.evidence_id)}: "
              f"{_outcome_line(o, titles)}")
    for o in planted:
        print(f"  if {item_named(case, library.items, o.evidence_id)} was planted (ratings "
              f"reversed): {_outcome_line(o, titles)}")
    print(f"\n{flip_sentence(flip, case)}")
    if sets:
        print("\nwithout each whole source or dependence group (correlated items fail "
              "together):")
    for o in sets:
        print(f"  without {o.kind} {o.label} ({len(o.evidence_ids)} items): "
              f"{_outcome_line(o, titles)}")
    if idle:
        print("\nzero diagnosticity (candidates to set aside): "
              + ", ".join(e_ref.get(e, e) for e in idle))
    return 0


# -- recorded what-ifs ---------------------------------------------------------------

def _parse_whatif(case, library, args: argparse.Namespace) -> WhatIf:
    whatif = WhatIf()
    for e in args.exclude:
        whatif = whatif.toggle_excluded(case_evidence(case, library, e).id, False)
    for spec in args.set:
        try:
            cell, code = spec.rsplit("=", 1)
            e, h = cell.split(":", 1)
            rating = None if code.lower() == "clear" else Rating.parse(code)
        except ValueError as exc:
            raise UserError(f"--set {spec!r}: use EVIDENCE:HYPOTHESIS=RATING ({exc})") from None
        whatif = whatif.with_cell(case_evidence(case, library, e).id, hypothesis(case, h).id,
                                  rating)
    for spec in args.credibility:
        e, _, level = spec.partition("=")
        try:
            whatif = whatif.with_credibility(case_evidence(case, library, e).id,
                                             Level.parse(level))
        except ValueError as exc:
            raise UserError(f"--credibility {spec!r}: {exc}") from None
    for e in args.reverse:
        whatif = whatif.toggle_reversed(case_evidence(case, library, e).id)
    if whatif.is_empty:
        raise UserError("a scenario needs at least one --exclude, --set, --credibility or "
                        "--reverse")
    return whatif


def add_scenario(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    whatif = _parse_whatif(case, library, args)
    fresh = fresh_id("w", {s.id for s in case.scenarios})
    case.scenarios.append(whatif.to_scenario(fresh, args.title.strip() or "what-if",
                                             args.note))
    workspace.save_case(case)
    said = whatif.describe(item_refs(case), hypothesis_refs(case))
    print(f"recorded scenario {fresh}: {'; '.join(said)}")
    return 0


def list_scenarios(ctx: Context, args: argparse.Namespace) -> int:
    case, library = ctx.open(args.case)
    analyst = view_analyst(case, args, ctx)
    matrix = matrix_for(case, library.items, analyst)
    titles = {h.id: hypothesis_named(case, h.id) for h in case.hypotheses}
    if not case.scenarios:
        print("no recorded what-ifs")
    for scenario in case.scenarios:
        whatif = WhatIf.from_scenario(scenario)
        result = score(apply(matrix, whatif, case, library.items))
        order = ", ".join(f"{h.rank}. {titles[h.id]} ({percent(h.probability)})"
                          for h in result.ranked)
        said = whatif.describe(item_refs(case), hypothesis_refs(case))
        print(f"{scenario.id}  {scenario.title}\n    {'; '.join(said)}\n"
              f"    → {order}")
    return 0


# -- indicators --------------------------------------------------------------------

def add_ind(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    hyp = hypothesis(case, args.hypothesis)
    if not args.text.strip():
        raise UserError("the indicator's text must not be empty")
    change, indicator_id = edits.add_indicator(case, hyp.id, args.text.strip())
    change.apply(case, Library())
    workspace.save_case(case)
    ind = indicator(case, indicator_id)
    print(f"added indicator {ind.id} for {hypothesis_named(case, hyp.id)}: {ind.text}")
    return 0


def set_ind(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    when = parse_date(args.date) or dt.date.today()
    try:
        change = edits.set_status(case, args.indicator, IndicatorStatus(args.status), when,
                                  args.evidence, args.note)
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    if change is not None:
        change.apply(case, Library())
    workspace.save_case(case)
    ind = indicator(case, args.indicator)
    print(f"{ind.id} is now {ind.status.value} (since {when.isoformat()})")
    return 0


def list_ind(ctx: Context, args: argparse.Namespace) -> int:
    case = ctx.require_workspace().load_case(args.case)
    titles = {h.id: hypothesis_named(case, h.id) for h in case.hypotheses}
    e_ref = item_refs(case)
    for watch in what_to_watch(case):
        print(f"{titles[watch.hypothesis_id]}:")
        if not watch.indicators:
            print("  (no indicators yet)")
        for ind in watch.indicators:
            last = ind.history[-1] if ind.history else None
            since = f" since {last.date.isoformat()}" if last else ""
            shown_by = (f" ({e_ref.get(last.evidence_id, last.evidence_id)})"
                        if last and last.evidence_id else "")
            print(f"  {ind.id}  [{ind.status.value}{since}{shown_by}] {ind.text}")
    return 0
