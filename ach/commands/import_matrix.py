"""``ach import-matrix``: a new case from a matrix in CSV, Excel, Markdown or a PARC
ACH file, written all or nothing."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ach import staging
from ach.commands.common import Context, UserError
from ach.interop.formats import read_matrix
from ach.jsonfile import canonical_chunks
from ach.matrix_csv import MatrixError, build_case
from ach.model import MAX_HYPOTHESES, MAX_ITEMS, Case
from ach.staging import file_digest
from ach.store import (
    NO_SOURCE,
    Library,
    Workspace,
    case_to_tables,
    check_name,
    evidence_to_tables,
)


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


def import_matrix(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.workspace if ctx.found else Workspace(ctx.root)
    try:
        recovered = staging.recover(workspace.root)
    except staging.StagingError as exc:
        raise UserError(str(exc)) from None
    for name, what in sorted(recovered.items()):
        said = ("its files are now all in place" if what == "finished" else
                "it had changed nothing, and its leftovers are gone")
        print(f"ach: an import ({name}) was interrupted; {said}", file=sys.stderr)
    if recovered.get(f"import-{args.case}") == "finished" and workspace.has_case(args.case):
        print(f"imported case {args.case!r}: the interrupted import of it is now complete "
              "(import under another name if this file differs from that one)")
        return 0
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
        for count, limit, what in ((len(sheet.hypotheses), MAX_HYPOTHESES, "hypotheses"),
                                   (len(sheet.rows), MAX_ITEMS, "evidence rows")):
            if count > limit:
                raise MatrixError(f"{count:,} {what}, more than the {limit:,} a case may hold")
        # What each evidence file held when read: the import replaces only those versions.
        bases = {p: file_digest(p) for p in workspace.evidence_files()}
        library = workspace.load_library()
        question = (args.question or sheet.question or args.file.stem).strip()
        case, changed = build_case(sheet, args.case, question, ctx.analyst, library,
                                   created=dt.date.today())
    except MatrixError as exc:
        raise UserError(f"{args.file}: {exc}" if not str(exc).startswith(str(args.file))
                        else str(exc)) from None
    write_import(workspace, case, library, changed, bases)
    print(f"imported {len(case.evidence)} evidence items × {len(case.hypotheses)} hypotheses "
          f"into case {case.id!r} (ratings by {ctx.analyst})")
    for note in sheet.notes:
        print(f"  note: {note}")
    return 0


def _table_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a table number (1, 2, …)")
    return int(text)


def write_import(workspace: Workspace, case: Case, library: Library, keys: set[str],
                 bases: dict[Path, str | None]) -> None:
    """Write the evidence files that changed and the new case as one: all or nothing
    (``ach.staging``), the case file last."""
    try:
        stage = staging.Staging(workspace.root, f"import-{case.id}")
    except staging.StagingError as exc:
        raise UserError(str(exc)) from None
    try:
        for key in sorted(keys):
            source = None if key == NO_SOURCE else library.sources.get(key)
            items = [e for e in library.items.values() if library.file_key(e) == key]
            path = workspace.evidence_path(key)
            stage.add(workspace.relative(path), canonical_chunks(evidence_to_tables(source, items)),
                      bases.get(path))
        path = workspace.case_path(case.id)
        stage.add(workspace.relative(path), canonical_chunks(case_to_tables(case)), None)
    except BaseException:
        stage.abandon()
        raise
    try:
        stage.commit()
    except staging.StagingError as exc:
        raise UserError(str(exc)) from None
    workspace.reports_dir.mkdir(parents=True, exist_ok=True)
