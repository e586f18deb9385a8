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

#: Modules whose ``register(subparsers)`` adds their subcommands, in help order.
COMMAND_MODULES = (
    "ach.commands.open",
    "ach.commands.cases",
    "ach.commands.sources",
    "ach.commands.rating",
    "ach.commands.report",
    "ach.commands.matrix_csv",
    "ach.commands.method",
    "ach.commands.checks",
    "ach.commands.team",
)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", metavar="DIR", default=argparse.SUPPRESS,
                        help="the workspace folder (default: found from here upward)")
    common.add_argument("--analyst", metavar="NAME", default=argparse.SUPPRESS,
                        help="who is rating (default: git config user.name, else login name)")
    parser = argparse.ArgumentParser(
        prog="ach", parents=[common],
        description="ACH Workbench: the Analysis of Competing Hypotheses, in the terminal.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def _with_default_command(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """``ach`` and ``ach CASE`` mean ``ach open [CASE]``."""
    commands = set()
    for action in parser._subparsers._group_actions:  # noqa: SLF001 - argparse has no public way
        commands.update(action.choices)
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--root", "--analyst"):
            i += 2
            continue
        if arg.startswith("--root=") or arg.startswith("--analyst="):
            i += 1
            continue
        if arg in ("-h", "--help"):
            return argv
        if arg not in commands:
            return [*argv[:i], "open", *argv[i:]]
        return argv
    return [*argv, "open"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_with_default_command(list(sys.argv[1:] if argv is None else argv),
                                                   parser))
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
