"""Team work in git: ``git-setup``, ``merge-driver``, ``remerge``, ``resolve`` and ``analysts``."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ach import locking
from ach.commands.common import Context, UserError
from ach.figures import plural
from ach.merge import gitrepo, resolve
from ach.merge.conflict import SIDES, Conflict
from ach.merge.files import SUFFIX, merge_into, read_conflicts, report, run_driver
from ach.merge.layout import MergeInputError
from ach.model import Case, Rating
from ach.refs import hypothesis_named, item_refs
from ach.scoring import Disagreement, consensus, spread
from ach.store import relative_to


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("git-setup", parents=[common],
                       help="let git merge cases and evidence by meaning (.gitattributes + "
                            "git config)")
    p.set_defaults(run=git_setup)

    p = sub.add_parser("merge-driver", parents=[common],
                       help="git's merge driver: merge BASE, OURS and THEIRS into OURS",
                       description="git's merge driver for cases and evidence files. 'ach "
                       "git-setup' installs it in .git/config as 'PYTHON -m ach.merge %O %A "
                       "%B %P' (the same as this command). The result goes into OURS; exit 0 "
                       "when clean, 1 when conflicts are left (listed beside the file) or when "
                       "the versions are not one kind of ACH file this ach reads, in which "
                       "case OURS is left untouched and git keeps the conflict.")
    for name, placeholder in (("base", "O"), ("ours", "A"), ("theirs", "B")):
        p.add_argument(name, type=Path,
                       help=f"the {name} version, a temporary file (git's %%{placeholder})")
    p.add_argument("path", help="where the result goes in the repository (git's %%P)")
    p.set_defaults(run=merge_driver)

    p = sub.add_parser("remerge", parents=[common],
                       help="merge by meaning a file that git merged line by line")
    p.add_argument("path", type=Path, help="the case or evidence file")
    p.add_argument("--commit", metavar="REV",
                   help="redo the merge of this (already committed) merge commit")
    p.set_defaults(run=remerge)

    p = sub.add_parser("resolve", parents=[common],
                       help="settle the conflicts a merge left in a case or evidence file")
    p.add_argument("target", metavar="CASE", help="a case, or the path of an evidence file")
    p.add_argument("--list", action="store_true", help="list the conflicts (the default)")
    p.add_argument("--take", choices=SIDES, help="settle every conflict with this side")
    p.add_argument("--pick", action="append", default=[], metavar="ID=SIDE",
                   help="settle one conflict: c1=ours or c1=theirs (repeatable)")
    p.set_defaults(run=resolve_conflicts)

    p = sub.add_parser("analysts", parents=[common],
                       help="who rated a case, and where the analysts disagree")
    p.add_argument("case")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(run=analysts)


# -- git ---------------------------------------------------------------------------------

def git_setup(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    try:
        done = gitrepo.set_up(workspace.root)
    except gitrepo.GitError as exc:
        raise UserError(str(exc)) from None
    if not done.changed:
        print("nothing changed: the ach merge driver is already set up here")
        return 0
    for line in done.changed:
        print(f"set up: {line}")
    print("git now merges hypotheses/*.json and evidence/*.json by meaning. Commit "
          ".gitattributes; every analyst runs 'ach git-setup' once in their own clone "
          "(git config is not shared).")
    return 0


def merge_driver(ctx: Context, args: argparse.Namespace) -> int:
    return run_driver(args.base, args.ours, args.theirs, args.path)


def remerge(ctx: Context, args: argparse.Namespace) -> int:
    path: Path = args.path
    try:
        top = gitrepo.top_level(path.parent if path.parent.is_dir() else Path.cwd())
        name = gitrepo.repo_path(top, path)
        versions = (gitrepo.commit_versions(top, name, args.commit) if args.commit
                    else gitrepo.index_stages(top, name))
        merged = merge_into(path, *versions, name=name)
    except gitrepo.GitError as exc:
        raise UserError(str(exc)) from None
    except locking.Busy as exc:
        raise UserError(str(exc)) from None
    except MergeInputError as exc:
        raise UserError(f"{name} cannot be merged by meaning: {exc}") from None
    if not merged.clean:
        report(str(path), merged.conflicts, sys.stdout)
        return 1
    after = "commit the fix" if args.commit else "finish the merge (git commit)"
    print(f"merged {name} by meaning, without conflicts. Now: git add {path}, then {after}")
    return 0


# -- resolving ---------------------------------------------------------------------------

def _target(ctx: Context, target: str) -> Path:
    if target.endswith(SUFFIX):
        target = target[:-len(SUFFIX)]
    if "/" in target or target.endswith(".json"):
        return Path(target)
    return ctx.require_workspace().case_path(target)


def resolve_conflicts(ctx: Context, args: argparse.Namespace) -> int:
    path = _target(ctx, args.target)
    shown = relative_to(Path.cwd(), path)
    conflicts = read_conflicts(path)
    if not conflicts:
        # A file with conflict markers says so, and what to do; a foreign one says what it is.
        resolve.read_ach_file(path)
        print(f"{shown}: no unresolved merge conflicts")
        return 0
    if args.list or not (args.take or args.pick):
        _list(path, shown, conflicts, args.target)
        return 0
    try:
        chosen = {c.id: args.take for c in conflicts} if args.take else {}
        chosen.update(resolve.parse_picks(args.pick, conflicts))
        settled = resolve.settle(path, chosen, shown)
    except resolve.ResolveError as exc:
        raise UserError(str(exc)) from None
    for conflict, side in settled.taken:
        print(f"{conflict.id}: took {side} — {conflict.description}")
    if settled.left:
        print(f"{plural(len(settled.left), 'conflict')} still unresolved: see them with "
              f"'ach resolve {args.target} --list'")
    else:
        print(f"every conflict of {shown} is settled. Now: git add {shown}, then finish the "
              "merge (git commit; when rebasing, git rebase --continue)")
    return 0


def _list(path: Path, shown: str, conflicts: list[Conflict], hint: str) -> None:
    try:
        replaying = gitrepo.rebasing(path.parent)
    except gitrepo.GitError:
        replaying = False
    sides = ("while rebasing, ours = the branch you rebase onto, theirs = your commit being "
             "replayed") if replaying else \
        "ours = the branch you merged into, theirs = the branch merged in"
    print(f"{shown}: {plural(len(conflicts), 'unresolved conflict')} (the file holds ours "
          f"for now; {sides})")
    for conflict in conflicts:
        print(f"  {conflict.id}  {conflict.description}")
    print(f"settle them with: ach resolve {hint} --take ours|theirs, or --pick "
          f"{conflicts[0].id}=theirs (one at a time)")


# -- who rated, and where they disagree --------------------------------------------------

@dataclass(frozen=True)
class DisputedCell:
    evidence: str
    hypothesis: str
    ratings: dict[str, Rating]

    @property
    def spread(self) -> float:
        return spread(list(self.ratings.values()))

    @property
    def band(self) -> Disagreement:
        return Disagreement.between(list(self.ratings.values()))

    @property
    def consensus(self) -> Rating | None:
        return consensus(list(self.ratings.values()))


def shared_cells(case: Case) -> list[DisputedCell]:
    """Every cell of the matrix rated by two or more analysts, in matrix order."""
    cells = []
    hyp_ids = [h.id for h in case.hypotheses]
    for ref in case.evidence:
        rows = {a: rows[ref.id] for a, rows in sorted(case.ratings.items()) if ref.id in rows}
        for hyp in hyp_ids:
            given = {a: row[hyp].rating for a, row in rows.items() if hyp in row}
            if len(given) > 1:
                cells.append(DisputedCell(ref.id, hyp, given))
    return cells


def team_summary(case: Case) -> dict:
    in_matrix = {h.id for h in case.hypotheses}, {e.id for e in case.evidence}
    counts = {a: sum(1 for e, row in rows.items() if e in in_matrix[1]
                     for h in row if h in in_matrix[0])
              for a, rows in sorted(case.ratings.items())}
    cells = shared_cells(case)
    bands = Counter(cell.band for cell in cells)
    disputed = sorted((c for c in cells if c.band is not Disagreement.NONE),
                      key=lambda c: -c.spread)
    return {
        "case": case.id,
        "analysts": [{"name": a, "cells": n} for a, n in counts.items() if n],
        "compared": len(cells),
        "disagreement": {band.value: bands.get(band, 0) for band in Disagreement},
        "disputed": [{"evidence": c.evidence, "hypothesis": c.hypothesis,
                      "spread": round(c.spread, 4), "band": c.band.value,
                      "consensus": c.consensus.value if c.consensus else None,
                      "ratings": {a: r.value for a, r in c.ratings.items()}}
                     for c in disputed],
    }


def analysts(ctx: Context, args: argparse.Namespace) -> int:
    case = ctx.require_workspace().load_case(args.case)
    summary = team_summary(case)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    people = summary["analysts"]
    print(f"{case.id}: {plural(len(people), 'analyst')} rated this case")
    if not people:
        print("nobody has rated a cell yet: ach rate CASE EVIDENCE HYPOTHESIS RATING")
        return 0
    width = max(len(p["name"]) for p in people)
    for person in people:
        print(f"  {person['name']:<{width}}  {plural(person['cells'], 'cell')} rated")
    bands = ", ".join(f"{band} {count}" for band, count in summary["disagreement"].items())
    print(f"cells rated by two or more: {summary['compared']}; disagreement: {bands}")
    e_ref = item_refs(case)
    if summary["disputed"]:
        print("most disputed:")
    for cell in summary["disputed"][:10]:
        said = ", ".join(f"{a} {r}" for a, r in cell["ratings"].items())
        print(f"  {e_ref[cell['evidence']]} × {hypothesis_named(case, cell['hypothesis'])}: "
              f"{cell['band']} ({cell['spread']:.2f}) — {said}; consensus {cell['consensus']}")
    return 0
