"""``ach review``: every commit's reading of the matrix scored against the outcome
(Brier), per analyst and for the team, and the items that misled."""

from __future__ import annotations

import argparse
import json

from ach.commands.common import Context, UserError
from ach.commands.repository import open_repository, warn_skipped
from ach.figures import score as figure
from ach.history.gitread import HistoryError
from ach.history.review import item_verdicts, mean_by_analyst, score_history
from ach.history.snapshot import worktree_snapshot
from ach.history.timeline import VersionReader, history
from ach.merge.gitrepo import GitError
from ach.refs import hypothesis_named, hypothesis_refs, item_refs


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("review", parents=[common],
                       help="score every commit's reading of the matrix against the outcome "
                            "(Brier), per analyst and for the team")
    p.add_argument("case")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(run=review)


def review(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    outcome = case.outcome
    if outcome is None:
        raise UserError(f"case {args.case!r} records no outcome yet: ach outcome "
                        f"{args.case} HYPOTHESIS --date YYYY-MM-DD")
    repo, path = open_repository(ctx, args.case)
    with repo:
        try:
            repo.require_full_history()
            entries = history(repo, args.case, path, skipped=warn_skipped)
            now = VersionReader(repo, args.case).version(worktree_snapshot(workspace, args.case))
        except (HistoryError, GitError) as exc:
            raise UserError(str(exc)) from None
    scored = score_history(entries, outcome)
    verdicts = item_verdicts(now.team, outcome)
    if args.json:
        print(json.dumps({
            "outcome": {"hypotheses": outcome.hypotheses, "overtaken": outcome.overtaken,
                        "date": outcome.date.isoformat(), "note": outcome.note},
            "commits": [{"commit": s.entry.commit.sha, "date": s.entry.commit.date,
                         "brier": s.team, "analysts": s.analysts,
                         "leader": list(s.entry.version.readings.team.leaders),
                         "leader_held": s.leader_held,
                         "margin": s.entry.version.readings.team.margin}
                        for s in scored],
            "analysts": mean_by_analyst(scored),
            "evidence": [{"id": v.evidence, "weight": v.weight, "misled": list(v.misled),
                          "right": list(v.right)} for v in verdicts],
        }, ensure_ascii=False, indent=2))
        return 0
    held = "overtaken by events" if outcome.overtaken else ", ".join(
        hypothesis_named(case, h) for h in outcome.hypotheses)
    print(f"{args.case}: outcome of {outcome.date.isoformat()}: {held}")
    if outcome.overtaken:
        print("the question was overtaken by events: no reading can be scored against it")
        return 0
    print("Brier score of the matrix's reading at each commit (0 perfect, 2 worst), newest "
          "first:")
    for s in scored:
        c = s.entry.commit
        mine = ", ".join(f"{a} {v:.3f}" for a, v in s.analysts.items())
        lead = "leader held" if s.leader_held else "leader proved false"
        margin = s.entry.version.readings.team.margin
        gap = "" if margin is None else f", margin {figure(margin)}"
        print(f"  {c.date[:10]}  {c.sha[:10]}  team {s.team:.3f} ({lead}{gap})  {mine}")
    for analyst, mean in mean_by_analyst(scored).items():
        print(f"mean Brier of {analyst}'s own matrix: {mean:.3f}")
    misled = [v for v in verdicts if v.misled]
    right = [v for v in verdicts if v.right and not v.misled]
    e_ref, h_ref = item_refs(case), hypothesis_refs(case)
    print("items that pointed the right way: "
          + (", ".join(e_ref.get(v.evidence, v.evidence) for v in right) or "none"))
    print("items that misled (heaviest first): " + (", ".join(
        f"{e_ref.get(v.evidence, v.evidence)} (weight {v.weight:.2f}; "
        f"{', '.join(h_ref.get(h, h) for h in v.misled)})" for v in misled) or "none"))
    return 0
