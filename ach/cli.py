"""The ``ach`` command: parses arguments and hands each subcommand its context.

Each word has its one module in ``ach.commands``, named after it; the TUI is imported
only by ``ach open``, so that ``ach score`` and ``ach report`` start fast and never load
Textual.
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

#: Each word of ``ach`` and the one module that adds it (``ach.commands.<word>``, with
#: ``_`` for ``-``), in the order of the help. A command imports only its own module, so
#: that ``ach report`` loads nothing ``ach import-source`` needs; help loads them all.
COMMAND_MODULES: dict[str, str] = {
    "open": "ach.commands.open",
    "serve": "ach.commands.serve",
    "new": "ach.commands.new",
    "case": "ach.commands.case",
    "list": "ach.commands.list",
    "hypothesis": "ach.commands.hypothesis",
    "evidence": "ach.commands.evidence",
    "source": "ach.commands.source",
    "import-source": "ach.commands.import_source",
    "rate": "ach.commands.rate",
    "score": "ach.commands.score",
    "report": "ach.commands.report",
    "import-matrix": "ach.commands.import_matrix",
    "export-matrix": "ach.commands.export_matrix",
    "group": "ach.commands.group",
    "judgment": "ach.commands.judgment",
    "exclude": "ach.commands.exclude",
    "include": "ach.commands.include",
    "deception": "ach.commands.deception",
    "relate": "ach.commands.relate",
    "breakdown": "ach.commands.breakdown",
    "sensitivity": "ach.commands.sensitivity",
    "scenario": "ach.commands.scenario",
    "indicator": "ach.commands.indicator",
    "validate": "ach.commands.validate",
    "git-setup": "ach.commands.git_setup",
    "merge-driver": "ach.commands.merge_driver",
    "remerge": "ach.commands.remerge",
    "resolve": "ach.commands.resolve",
    "analysts": "ach.commands.analysts",
    "history": "ach.commands.history",
    "diff": "ach.commands.diff",
    "textconv": "ach.commands.textconv",
    "outcome": "ach.commands.outcome",
    "review": "ach.commands.review",
}
COMMANDS = frozenset(COMMAND_MODULES)


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
    for word in COMMAND_MODULES if command is None else (command,):
        importlib.import_module(COMMAND_MODULES[word]).register(sub, common)
    return parser


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
