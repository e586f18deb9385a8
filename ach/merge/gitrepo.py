"""What the merge needs from git: registering the driver, and the versions of a conflicted file.

``.gitattributes`` is tracked, so it names the driver only (``merge=ach``); how
to run the driver lives in the clone's own ``.git/config``, which is never
shared, so it may name this machine's Python. A clone whose config lacks it
merges our files line by line, as git always would: nothing breaks.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ach.jsonfile import atomic_write_text

PATTERNS = ("hypotheses/*.json", "evidence/*.json")
DRIVER = "ach"
DRIVER_NAME = "ACH Workbench: merge cases and evidence by meaning"
#: What ach keeps beside a workspace file and git must never pick up: journals of ratings
#: (and those set aside), writers' lock files, and temp files of interrupted saves.
IGNORED = (".*.json.journal", ".*.json.journal.stale-*", ".*.json.lock", ".*.json.*.tmp")


class GitError(Exception):
    """git is missing, this is not a repository, or a git command failed; in one line."""


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              timeout=60, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"git {args[0]} failed: {exc}") from None
    if check and done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise GitError(f"git {args[0]}: {message}")
    return done


def top_level(cwd: Path) -> Path:
    done = git(cwd, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise GitError(f"{cwd} is not inside a git repository (run 'git init' first)")
    return Path(done.stdout.strip())


def driver_command() -> str:
    """How this clone runs the driver: this Python, so it works from any folder and any shell."""
    return f"{shlex.quote(sys.executable)} -m ach.merge %O %A %B %P"


@dataclass
class Setup:
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def set_up(workspace: Path) -> Setup:
    """Register the driver for the workspace's files (idempotent); says what it did."""
    top = top_level(workspace)
    done = Setup()
    attributes = workspace / ".gitattributes"
    added = _add_attributes(attributes)
    where = attributes_where = repo_path(top, attributes)
    if added:
        done.changed.append(f"{where}: added {', '.join(added)}")
    else:
        done.unchanged.append(f"{where} already sends {' and '.join(PATTERNS)} to the "
                              f"'{DRIVER}' driver")
    ignore = workspace / ".gitignore"
    added = _add_lines(ignore, list(IGNORED))
    where = repo_path(top, ignore)
    if added:
        done.changed.append(f"{where}: added {', '.join(added)}")
    else:
        done.unchanged.append(f"{where} already ignores ach's journals, lock and temp files")
    for key, value in ((f"merge.{DRIVER}.name", DRIVER_NAME),
                       (f"merge.{DRIVER}.driver", driver_command())):
        current = git(workspace, "config", "--local", "--get", key, check=False).stdout.strip()
        if current == value:
            done.unchanged.append(f"git config {key} is already set")
            continue
        git(workspace, "config", "--local", key, value)
        was = f" (was: {current})" if current else ""
        done.changed.append(f"git config {key} = {value}{was}")
    _set_up_diff(workspace, attributes_where, done)
    return done


def textconv_command() -> str:
    """How this clone turns a case or evidence file into words for ``git diff``."""
    return f"{shlex.quote(sys.executable)} -m ach textconv"


def _set_up_diff(workspace: Path, where: str, done: Setup) -> None:
    """Register the diff driver: ``git diff`` and ``git log -p`` show our files in words
    (``ach textconv``), one fact a line, instead of JSON."""
    added = _add_attributes(workspace / ".gitattributes", f"diff={DRIVER}")
    if added:
        done.changed.append(f"{where}: added {', '.join(added)}")
    key, value = f"diff.{DRIVER}.textconv", textconv_command()
    current = git(workspace, "config", "--local", "--get", key, check=False).stdout.strip()
    if current == value:
        done.unchanged.append(f"git config {key} is already set")
        return
    git(workspace, "config", "--local", key, value)
    was = f" (was: {current})" if current else ""
    done.changed.append(f"git config {key} = {value}{was}")


def _add_attributes(path: Path, attribute: str = f"merge={DRIVER}") -> list[str]:
    """Append our lines to ``.gitattributes`` where missing; returns the lines added."""
    return _add_lines(path, [f"{pattern} {attribute}" for pattern in PATTERNS])


def _add_lines(path: Path, wanted: list[str]) -> list[str]:
    """Append the wanted lines to a git file where missing; returns the lines added."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    present = {" ".join(line.split()) for line in text.splitlines()}
    missing = [line for line in wanted if line not in present]
    if missing:
        if text and not text.endswith("\n"):
            text += "\n"
        atomic_write_text(path, text + "".join(line + "\n" for line in missing))
    return missing


def rebasing(cwd: Path) -> bool:
    """Whether a rebase is under way here (it swaps what git calls ours and theirs)."""
    for name in ("rebase-merge", "rebase-apply"):
        done = git(cwd, "rev-parse", "--git-path", name, check=False)
        if done.returncode == 0 and (cwd / done.stdout.strip()).is_dir():
            return True
    return False


# -- the versions of a conflicted file --------------------------------------------------

def repo_path(top: Path, path: Path) -> str:
    """``path`` as git names it: relative to the top of the work tree, with forward slashes."""
    try:
        return path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise GitError(f"{path} is not inside the repository at {top}") from None


def show(top: Path, spec: str) -> str | None:
    """The text of ``REV:path`` or ``:N:path``, or None if git has no such object."""
    done = subprocess.run(["git", "show", spec], cwd=top, capture_output=True, timeout=60,
                          check=False)
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8-sig", errors="replace")


def index_stages(top: Path, name: str) -> tuple[str, str, str]:
    """Base, ours and theirs of a file git left in conflict (stages 1, 2, 3 of the index)."""
    ours, theirs = show(top, f":2:{name}"), show(top, f":3:{name}")
    if ours is None or theirs is None:
        if ours is None and theirs is None:
            raise GitError(f"{name} is not in conflict: git has no merge of it going on (to "
                           "redo a merge already committed, give --commit MERGE-COMMIT)")
        raise GitError(f"{name} was removed on one side of the merge and changed on the other: "
                       f"keep it with 'git add {name}' or remove it with 'git rm {name}'")
    return show(top, f":1:{name}") or "", ours, theirs


def commit_versions(top: Path, name: str, commit: str) -> tuple[str, str, str]:
    """Base, ours and theirs of a file as a merge commit's two parents had it."""
    parents = git(top, "rev-list", "--parents", "-n", "1", commit).stdout.split()[1:]
    if len(parents) != 2:
        raise GitError(f"{commit} is not a merge of two branches (it has {len(parents)} "
                       "parent(s))")
    bases = git(top, "merge-base", parents[0], parents[1], check=False).stdout.split()
    base = show(top, f"{bases[0]}:{name}") if bases else None
    ours, theirs = (show(top, f"{rev}:{name}") for rev in parents)
    if ours is None or theirs is None:
        raise GitError(f"{name} is missing from a parent of {commit}: nothing to merge")
    return base or "", ours, theirs
