"""``ach history``: the case at every commit that changed it: leader, margin, readings
and what changed."""

from __future__ import annotations

import argparse
import json

from ach.commands.common import Context, UserError
from ach.commands.repository import open_repository, warn_skipped
from ach.figures import score as figure
from ach.history import report
from ach.history.gitread import HistoryError
from ach.history.reading import Reading
from ach.history.timeline import Entry, history
from ach.merge.gitrepo import GitError
from ach.refs import hypothesis_refs


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("history", parents=[common],
                       help="the case at every commit that changed it: leader, margin, "
                            "readings and what changed")
    p.add_argument("case")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(run=show_history)


def show_history(ctx: Context, args: argparse.Namespace) -> int:
    repo, path = open_repository(ctx, args.case)
    with repo:
        try:
            repo.require_full_history()
            if not repo.has_commits():
                raise HistoryError(f"{repo.top} has no commits yet")
            entries = history(repo, args.case, path, skipped=warn_skipped)
        except (HistoryError, GitError) as exc:
            raise UserError(str(exc)) from None
    if args.json:
        print(json.dumps({"case": args.case, "commits": [report.entry_json(e) for e in entries]},
                         ensure_ascii=False, indent=2))
    else:
        for entry in entries:
            print(_entry_line(entry))
    return 0


def _entry_line(entry: Entry) -> str:
    c = entry.commit
    case = entry.version.snapshot.case
    team = entry.version.readings.team
    parts = [f"{c.date[:10]}  {c.sha[:10]}  {c.author}: {c.subject}", _leader(case, team),
             report.reading_words(case, team), report.judgments_words(case),
             report.changes_words(entry.changes, entry.team_cells)]
    return "  |  ".join(p for p in parts if p)


def _leader(case, reading: Reading) -> str:
    refs = hypothesis_refs(case)
    if not reading.leaders:
        return "no hypotheses"
    who = " = ".join(refs[h] for h in reading.leaders)
    margin = "" if reading.margin is None else f", margin {figure(reading.margin)}"
    flip = "" if reading.flip_margin is None else f", {report.flip_words(reading.flip_margin)}"
    return f"leader {who}{margin}{flip}"
