"""The ``ach`` command: parses arguments and hands each subcommand its context.

Subcommands live in ``ach.commands``; the TUI is imported only by ``ach open``,
so that ``ach score`` and ``ach report`` start fast and never load Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from ach.commands.common import Context, UserError
from ach.jsonfile import FileProblem
from ach.store import WorkspaceError

#: Modules whose ``register(subparsers)`` adds subcommands, in help order, and the
#: subcommands each adds to (``evidence`` and ``source`` get theirs from two modules).
#: A command loads only its own modules, so that ``ach report`` does not import what
#: ``ach import-source`` needs; help and unknown words load them all.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "ach.commands.open": ("open",),
    "ach.commands.serve": ("serve",),
    "ach.commands.cases": ("new", "case", "list", "hypothesis", "evidence", "source"),
    "ach.commands.sources": ("import-source", "evidence", "source"),
    "ach.commands.rating": ("rate", "score"),
    "ach.commands.report": ("report",),
    "ach.commands.matrix_csv": ("import-matrix", "export-matrix"),
    "ach.commands.judgments": ("group", "judgment"),
    "ach.commands.method": ("exclude", "include", "deception", "relate", "breakdown",
                            "sensitivity", "scenario", "indicator"),
    "ach.commands.checks": ("validate",),
    "ach.commands.team": ("git-setup", "merge-driver", "remerge", "resolve", "analysts"),
    "ach.commands.history": ("history", "diff", "textconv"),
    "ach.commands.review": ("outcome", "review"),
}
COMMANDS = frozenset(c for names in COMMAND_MODULES.values() for c in names)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for ``command`` alone, or with ``None`` for every command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", metavar="DIR", default=argparse.SUPPRESS,
                        help="the workspace folder (default: found from here upward)")
    common.add_argument("--analyst", metavar="NAME", default=argparse.SUPPRESS,
                        help="who is rating (default: git config user.name, else login name)")
    parser = argparse.ArgumentParser(
        prog="ach", parents=[common],
        description="ACH Workbench: the Analysis of Competing Hypotheses, in the terminal.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _modules_for(command):
        importlib.import_module(name).register(sub, common)
    return parser


def _modules_for(command: str | None) -> list[str]:
    """The modules ``command`` needs, in registration order: those that add to it, and
    with them those that add to any command they add to (a module extending ``source``
    needs the one that creates it)."""
    if command is None:
        return list(COMMAND_MODULES)
    needed = {command}
    while True:
        wanted = [m for m, commands in COMMAND_MODULES.items() if needed & set(commands)]
        more = {c for m in wanted for c in COMMAND_MODULES[m]}
        if more <= needed:
            return wanted
        needed |= more


def _with_default_command(argv: list[str]) -> list[str]:
    """``ach`` and ``ach CASE`` mean ``ach open [CASE]``."""
    at = _command_at(argv)
    if at is None:
        return argv if _asks_help(argv) else [*argv, "open"]
    if argv[at] in COMMANDS or _asks_help(argv[:at]):
        return argv
    return [*argv[:at], "open", *argv[at:]]


def _command_at(argv: list[str]) -> int | None:
    """Where the command word stands: the first word that is not a global option."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--root", "--analyst"):
            i += 2
        elif arg.startswith(("--root=", "--analyst=")) or arg in ("-h", "--help"):
            i += 1
        else:
            return i
    return None


def _asks_help(argv: list[str]) -> bool:
    return any(arg in ("-h", "--help") for arg in argv)


def main(argv: Sequence[str] | None = None) -> int:
    words = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    at = _command_at(words)
    command = words[at] if at is not None and not _asks_help(words[:at]) else None
    args = build_parser(command if command in COMMANDS else None).parse_args(words)
    ctx = None
    try:
        ctx = Context.from_args(args)
        return int(args.run(ctx, args) or 0)
    except (UserError, WorkspaceError, FileProblem) as exc:
        print(f"ach: error: {exc}", file=sys.stderr)
        return 1
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(map(str, err["loc"])) or "value"
        print(f"ach: error: {field}: {err['msg']}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A file the user named cannot be written or read (a folder, no permission, a full
        # disk): one line naming it; the atomic write has already removed its temp file.
        where = exc.filename2 or exc.filename
        print(f"ach: error: {where}: {exc.strerror or exc}" if where else f"ach: error: {exc}",
              file=sys.stderr)
        return 1
    finally:
        _print_notices(ctx)


def _print_notices(ctx: Context | None) -> None:
    """What the workspace had to say along the way (a journal set aside …), on stderr."""
    workspace = vars(ctx).get("workspace") if ctx is not None else None
    for notice in workspace.notices if workspace is not None else ():
        print(f"ach: warning: {notice}", file=sys.stderr)
