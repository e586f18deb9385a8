"""The case through git history: ``history``, ``diff`` and ``textconv`` (git's diff driver)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from ach.commands.common import Context, UserError
from ach.figures import score as figure
from ach.history import report
from ach.history.changes import compare, team_cells_changed
from ach.history.gitread import WORKTREE, Commit, HistoryError, Repository
from ach.history.reading import Reading
from ach.history.snapshot import worktree_snapshot
from ach.history.timeline import Entry, Version, VersionReader, history
from ach.history.words import file_in_words
from ach.jsonfile import read_text
from ach.merge.gitrepo import GitError
from ach.refs import hypothesis_refs


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("history", parents=[common],
                       help="the case at every commit that changed it: leader, margin, "
                            "readings and what changed")
    p.add_argument("case")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(run=show_history)

    p = sub.add_parser("diff", parents=[common],
                       help="what changed between two revisions, by meaning (default: the "
                            "last commit and the working tree)")
    p.add_argument("case")
    p.add_argument("revisions", nargs="*", metavar="REV",
                   help="from REV (default HEAD) to REV (default: the working tree)")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(run=show_diff)

    p = sub.add_parser("textconv", parents=[common],
                       help="print a case or evidence file in words, one fact a line (git's "
                            "diff driver, set up by 'ach git-setup')")
    p.add_argument("file", type=Path)
    p.set_defaults(run=textconv)


def open_repository(ctx: Context, case_id: str) -> tuple[Repository, str]:
    """The repository holding the workspace, and the case file's path in it."""
    workspace = ctx.require_workspace()
    path = workspace.case_path(case_id)
    try:
        repo = Repository(workspace.root)
        return repo, repo.path_of(path)
    except (HistoryError, GitError) as exc:
        raise UserError(str(exc)) from None


def warn_skipped(commit: Commit, problem: str) -> None:
    print(f"ach: skipped commit {commit.sha[:10]} ({commit.subject}): {problem}",
          file=sys.stderr)


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


# -- diff ------------------------------------------------------------------------------

def show_diff(ctx: Context, args: argparse.Namespace) -> int:
    if len(args.revisions) > 2:
        raise UserError("give at most two revisions: ach diff CASE [FROM [TO]]")
    revs = [*args.revisions, WORKTREE] if len(args.revisions) == 1 else (
        args.revisions or ["HEAD", WORKTREE])
    repo, path = open_repository(ctx, args.case)
    with repo:
        try:
            reader = VersionReader(repo, args.case)
            old, new = (_version_at(ctx, reader, args.case, path, rev) for rev in revs)
        except (HistoryError, GitError) as exc:
            raise UserError(str(exc)) from None
    changes = compare(old.snapshot.case, old.snapshot.library, new.snapshot.case,
                      new.snapshot.library)
    team_cells = team_cells_changed(old.team, new.team)
    if args.json:
        print(json.dumps(report.diff_json(old, new, changes, team_cells), ensure_ascii=False,
                         indent=2))
    else:
        print("\n".join(report.diff_lines(old, new, changes, team_cells)))
    return 0


def _version_at(ctx: Context, reader: VersionReader, case_id: str, path: str, rev: str
                ) -> Version:
    if rev == WORKTREE:
        return reader.version(worktree_snapshot(ctx.require_workspace(), case_id))
    sha = reader.repo.commit(rev)
    version = reader.at(sha, path)
    if version is None:
        raise HistoryError(f"{path} did not exist at {rev} ({sha[:10]})")
    return version


# -- textconv --------------------------------------------------------------------------

def textconv(ctx: Context, args: argparse.Namespace) -> int:
    text = read_text(args.file)
    for chunk in _chunks(file_in_words(args.file, text)):
        sys.stdout.write(chunk)
    return 0


def _chunks(text: str, size: int = 1 << 16) -> Iterator[str]:
    for at in range(0, len(text), size):
        yield text[at:at + size]
