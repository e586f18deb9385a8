"""``ach export-matrix``: a case written as a matrix in CSV, Excel, Markdown or a PARC
ACH file, chosen by the output's extension."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ach.commands.common import Context, UserError, view_analyst
from ach.interop.formats import EXTENSIONS, NAMES, export_bytes, losses
from ach.output import STDOUT, is_stdout, write_output
from ach.scoring import consensus_ratings


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export-matrix", parents=[common],
                       help="write a case as a matrix: .csv, .xlsx, .md or .achz, by the "
                            "output's extension")
    p.add_argument("case")
    p.add_argument("-o", "--output", type=Path,
                   help="the file; its extension chooses the format ('-' or none: CSV on "
                        "standard output)")
    p.add_argument("--team", action="store_true", help="export the team's consensus ratings")
    p.set_defaults(run=export)


def export(ctx: Context, args: argparse.Namespace) -> int:
    case, library = ctx.open(args.case)
    analyst = view_analyst(case, args, ctx)
    if analyst is None and not args.team and len(case.analysts) == 0:
        analyst = ctx.analyst
    ratings = consensus_ratings(case) if analyst is None else None
    fmt = "csv" if args.output is None else EXTENSIONS.get(args.output.suffix.lower(), "csv")
    data = export_bytes(fmt, case, library, analyst, ratings)
    output = Path(STDOUT) if args.output is None else args.output
    try:
        write_output(output, data.decode("utf-8") if fmt == "csv" else data)
    except OSError as exc:
        raise UserError(f"{output}: cannot be written ({exc.strerror or exc})") from None
    if not is_stdout(output):
        print(f"wrote {output}", file=sys.stderr)
    lost = losses(fmt, case, library, analyst)
    if lost:
        print(f"not kept (the {NAMES[fmt]} format cannot hold them): {', '.join(lost)}",
              file=sys.stderr)
    return 0
