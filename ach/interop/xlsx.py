"""A matrix as an Excel workbook (.xlsx), read and written with openpyxl.

Reading checks the archive before openpyxl sees it (a zip bomb or a zip that is no
workbook is refused by its directory alone), refuses merged header cells, and takes
formulas by the values the spreadsheet last saved for them, never calculating one.
Writing gives the matrix sheet a frozen header and rating cells coloured as in the
briefing, and a second sheet, "Scores", holding the scores as plain values.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from ach.interop.headers import read_header
from ach.matrix_csv import MatrixError, MatrixSheet, sheet_from_records
from ach.model import Rating

#: More than this uncompressed is no matrix: a zip bomb, or the wrong file.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
#: A member this much smaller packed than unpacked (and large) is built to explode.
MAX_RATIO = 200
MAX_MEMBERS = 10_000
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")

#: The briefing's light palette (templates/briefing.css.j2): cell background, text.
RATING_COLOURS = {
    Rating.CC: ("B9D4EA", "0A2F55"), Rating.C: ("E1EDF7", "0A2F55"),
    Rating.N: ("F1F2F3", "333A41"), Rating.NA: ("FFFFFF", "5B6570"),
    Rating.I: ("EB9470", "3A1000"), Rating.II: ("A8202F", "FFFFFF"),
}


def check_archive(data: bytes, name: str) -> zipfile.ZipFile:
    """The workbook's zip directory, refused if it is no workbook or would unpack huge."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise MatrixError(f"{name}: is not an Excel workbook (not a zip archive; save the "
                          "sheet as .xlsx)") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise MatrixError(f"{name}: the archive holds {len(members)} files; a workbook "
                          "has a few dozen")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise MatrixError(f"{name}: would unpack to {total // (1024 * 1024)} MB (more than "
                          f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB); refused as a zip bomb")
    for member in members:
        if member.file_size > 1024 * 1024 and \
                member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise MatrixError(f"{name}: {member.filename} packs {member.file_size} bytes "
                              f"into {member.compress_size}; refused as a zip bomb")
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise MatrixError(f"{name}: is a zip archive but not an Excel workbook (no "
                          "xl/workbook.xml)")
    return archive


def read_xlsx(data: bytes, name: str, sheet: str | None = None) -> MatrixSheet:
    """The matrix on the workbook's first sheet, or on ``sheet``."""
    archive = check_archive(data, name)
    has_formulas = any(_FORMULA.search(archive.read(m)) for m in archive.namelist()
                       if m.startswith("xl/worksheets/") and m.endswith(".xml"))
    import openpyxl  # noqa: PLC0415 - only when a workbook is read

    workbook = _load(openpyxl, data, name, data_only=True)
    worksheet = _worksheet(workbook, name, sheet)
    _refuse_merged_header(worksheet, name)
    grid = [list(r) for r in worksheet.iter_rows(values_only=True)]
    formulas = _formula_cells(openpyxl, data, name, worksheet.title) if has_formulas else {}
    records, lines = _records(grid, formulas, name)
    if not records:
        raise MatrixError(f"{name}: sheet {worksheet.title!r} is empty")
    result = sheet_from_records(records, name, guarded=False, lines=lines)
    props = workbook.properties
    result.question = (props.title or "").strip()
    result.marking = (props.category or "").strip()
    return result


def _load(openpyxl: Any, data: bytes, name: str, *, data_only: bool):
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise MatrixError(f"{name}: is not a readable Excel workbook ({type(exc).__name__}: "
                          f"{str(exc)[:120]})") from None


def _worksheet(workbook, name: str, sheet: str | None):
    if sheet is None:
        return workbook.worksheets[0]
    if sheet not in workbook.sheetnames:
        raise MatrixError(f"{name}: has no sheet {sheet!r} (it has: "
                          f"{', '.join(workbook.sheetnames)})")
    return workbook[sheet]


def _refuse_merged_header(worksheet, name: str) -> None:
    header_row = next((r[0].row for r in worksheet.iter_rows()
                       if any(c.value not in (None, "") for c in r)), 1)
    for merged in worksheet.merged_cells.ranges:
        if merged.min_row <= header_row <= merged.max_row:
            raise MatrixError(f"{name}: row {header_row}: merged header cells "
                              f"({merged.coord}); unmerge them so that each column has "
                              "its own name")


def _formula_cells(openpyxl: Any, data: bytes, name: str, title: str) -> dict:
    """(row, column) -> formula text of the sheet's formula cells."""
    sheet = _load(openpyxl, data, name, data_only=False)[title]
    return {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row
            if c.data_type == "f"}


def _records(grid: list[list], formulas: dict, name: str) -> tuple[list[list[str]], list[int]]:
    """Cell text from the first non-empty row on; a formula must carry its saved value."""
    records, lines = [], []
    for number, row in enumerate(grid, start=1):
        if not records and all(v in (None, "") for v in row):
            continue
        for column, value in enumerate(row, start=1):
            if value is None and (number, column) in formulas:
                raise MatrixError(f"{name}: row {number}, column {column}: a formula "
                                  f"({formulas[number, column]}) with no saved value; "
                                  "formulas are read by the value the spreadsheet saved, "
                                  "never calculated (open and save it there, or type it)")
        cells = [_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        records.append(cells)
        lines.append(number)
    if records:
        width = len(records[0])
        # Spreadsheets store no trailing empty cells: a short row is padded, not ragged.
        records = [r + [""] * (width - len(r)) for r in records]
    return records, lines


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_xlsx(grid: list[list[str]], scores: list[list[Any]], question: str,
               marking: str) -> bytes:
    """The workbook: the matrix (frozen header, coloured ratings), then "Scores"."""
    import openpyxl  # noqa: PLC0415 - only when a workbook is written
    from openpyxl.styles import Font, PatternFill  # noqa: PLC0415

    workbook = openpyxl.Workbook()
    matrix = workbook.active
    matrix.title = "Matrix"
    fills = {r: (PatternFill("solid", fgColor=bg), Font(color=fg))
             for r, (bg, fg) in RATING_COLOURS.items()}
    # Ratings start where reading the sheet back would start the hypotheses.
    first_rating = read_header([str(v) for v in grid[0]]).first_hypothesis
    for values in grid:
        matrix.append(values)
        for cell in matrix[matrix.max_row]:
            # Text that looks like a formula stays text: a workbook we write never computes.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
            if matrix.max_row > 1 and cell.column > first_rating and cell.value:
                cell.fill, cell.font = fills[Rating(cell.value)]
    for cell in matrix[1]:
        cell.font = Font(bold=True)
    matrix.freeze_panes = "A2"
    matrix.column_dimensions["B"].width = 50
    table = workbook.create_sheet("Scores")
    for values in scores:
        table.append(values)
        for cell in table[table.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for cell in table[1]:
        cell.font = Font(bold=True)
    table.freeze_panes = "A2"
    workbook.properties.title = question
    workbook.properties.category = marking or None
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
