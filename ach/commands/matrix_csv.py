"""``ach import-matrix`` and ``ach export-matrix``: a matrix as CSV, Excel, Markdown or a
PARC ACH file, round-tripping."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ach.commands.common import Context, UserError, view_analyst
from ach.interop.formats import (
    EXTENSIONS,
    NAMES,
    export_bytes,
    losses,
    read_matrix,
    write_atomic,
)
from ach.jsonfile import atomic_write_text
from ach.matrix_csv import MatrixError, build_case
from ach.scoring import consensus_ratings
from ach.store import Workspace, check_name


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import-matrix", parents=[common],
                       help="create a case from a matrix: .csv, .xlsx, .md (a pipe table) "
                            "or .achz (PARC ACH)")
    p.add_argument("file", type=Path)
    p.add_argument("--case", required=True, help="the new case's name")
    p.add_argument("--question", help="the case's question (default: the file's own, else "
                                      "its name)")
    p.add_argument("--sheet", help="the workbook's sheet to read (default: the first)")
    p.add_argument("--table", type=_table_number,
                   help="which pipe table of a Markdown file to read, from 1 (default: 1)")
    p.set_defaults(run=import_matrix)

    p = sub.add_parser("export-matrix", parents=[common],
                       help="write a case as a matrix: .csv, .xlsx, .md or .achz, by the "
                            "output's extension")
    p.add_argument("case")
    p.add_argument("-o", "--output", type=Path,
                   help="the file; its extension chooses the format (default: CSV on "
                        "standard output)")
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
    try:
        sheet = read_matrix(args.file, raw, args.sheet, args.table)
        library = workspace.load_library()
        question = (args.question or sheet.question or args.file.stem).strip()
        case, changed = build_case(sheet, args.case, question, ctx.analyst, library,
                                   created=dt.date.today())
    except MatrixError as exc:
        raise UserError(f"{args.file}: {exc}" if not str(exc).startswith(str(args.file))
                        else str(exc)) from None
    workspace.save_library(library, changed)
    workspace.create_case(case)
    print(f"imported {len(case.evidence)} evidence items × {len(case.hypotheses)} hypotheses "
          f"into case {case.id!r} (ratings by {ctx.analyst})")
    for note in sheet.notes:
        print(f"  note: {note}")
    return 0


def _table_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a table number (1, 2, …)")
    return int(text)


def export(ctx: Context, args: argparse.Namespace) -> int:
    case, library = ctx.open(args.case)
    analyst = view_analyst(case, args, ctx)
    if analyst is None and not args.team and len(case.analysts) == 0:
        analyst = ctx.analyst
    ratings = consensus_ratings(case) if analyst is None else None
    fmt = "csv" if args.output is None else EXTENSIONS.get(args.output.suffix.lower(), "csv")
    data = export_bytes(fmt, case, library, analyst, ratings)
    if args.output is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        if args.output.is_dir():
            raise UserError(f"{args.output}: is a folder; give a file name for the matrix")
        try:
            if fmt == "csv":
                atomic_write_text(args.output, data.decode("utf-8"))
            else:
                write_atomic(args.output, data)
        except OSError as exc:
            raise UserError(f"{args.output}: cannot be written ({exc.strerror or exc})"
                            ) from None
        print(f"wrote {args.output}", file=sys.stderr)
    lost = losses(fmt, case, library, analyst)
    if lost:
        print(f"not kept (the {NAMES[fmt]} format cannot hold them): {', '.join(lost)}",
              file=sys.stderr)
    return 0
