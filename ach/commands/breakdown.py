"""``ach breakdown``: where one hypothesis's scores come from, item by item."""

from __future__ import annotations

import argparse

from ach.breakdown import breakdown
from ach.commands.common import Context, hypothesis, view_analyst, view_label
from ach.figures import score as fmt
from ach.refs import hypothesis_named, item_refs
from ach.scoring import matrix_for


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("breakdown", parents=[common],
                       help="where one hypothesis's scores come from")
    p.add_argument("case")
    p.add_argument("hypothesis")
    p.add_argument("--team", action="store_true")
    p.set_defaults(run=show_breakdown)


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
