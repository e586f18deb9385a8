"""``ach import-matrix`` and ``ach export-matrix``: the spreadsheet layout, round-tripping."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ach.commands.common import Context, UserError, view_analyst
from ach.matrix_csv import MatrixError, build_case, export_matrix, parse_matrix
from ach.output import is_stdout, write_output
from ach.scoring import consensus_ratings
from ach.store import Workspace, check_name


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import-matrix", parents=[common],
                       help="create a case from a matrix CSV (spreadsheet layout)")
    p.add_argument("file", type=Path)
    p.add_argument("--case", required=True, help="the new case's name")
    p.add_argument("--question", help="the case's question (default: the file's name)")
    p.set_defaults(run=import_matrix)

    p = sub.add_parser("export-matrix", parents=[common], help="write a case as a matrix CSV")
    p.add_argument("case")
    p.add_argument("-o", "--output", type=Path, help="the CSV file ('-' or none: standard output)")
    p.add_argument("--team", action="store_true", help="export the team's consensus ratings")
    p.set_defaults(run=export)


def import_matrix(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.workspace if ctx.found else Workspace(ctx.root)
    check_name("case", args.case)
    if workspace.has_case(args.case):
        raise UserError(f"case {args.case!r} already exists; import into a new case name")
    try:
        raw = args.file.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{args.file}: no such file") from None
    except OSError as exc:
        raise UserError(f"{args.file}: cannot be read ({exc.strerror})") from None
    if b"\x00" in raw:
        raise UserError(f"{args.file}: is a binary file, not CSV text (save the sheet as CSV)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{args.file}: not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        sheet = parse_matrix(text, str(args.file))
        library = workspace.load_library()
        question = (args.question or args.file.stem).strip()
        case, changed = build_case(sheet, args.case, question, ctx.analyst, library,
                                   created=dt.date.today())
    except MatrixError as exc:
        raise UserError(f"{args.file}: {exc}" if not str(exc).startswith(str(args.file))
                        else str(exc)) from None
    workspace.save_library(library, changed)
    workspace.create_case(case)
    print(f"imported {len(case.evidence)} evidence items × {len(case.hypotheses)} hypotheses "
          f"into case {case.id!r} (ratings by {ctx.analyst})")
    return 0


def export(ctx: Context, args: argparse.Namespace) -> int:
    case, library = ctx.open(args.case)
    analyst = view_analyst(case, args, ctx)
    if analyst is None and not args.team and len(case.analysts) == 0:
        analyst = ctx.analyst
    ratings = consensus_ratings(case) if analyst is None else None
    text = export_matrix(case, library, analyst, ratings)
    if args.output is None or is_stdout(args.output):
        sys.stdout.write(text)
    else:
        try:
            write_output(args.output, text)
        except OSError as exc:
            raise UserError(f"{args.output}: cannot be written ({exc.strerror or exc})"
                            ) from None
        print(f"wrote {args.output}", file=sys.stderr)
    return 0
