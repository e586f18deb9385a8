"""A matrix as a Markdown pipe table: the first table of a file (or the Nth), both ways.

Cells may use any of the vocabularies (``++ + N - -- N/A`` and the words). A row header
such as ``E01: summary`` gives the item's id; a header row of ``H1: …`` titles keeps the
titles. Text is escaped so that every character comes back: ``|`` and ``\\`` by a
backslash, line breaks as ``<br>``, ``&`` and ``<`` as HTML entities.
"""

from __future__ import annotations

import html
import re

from ach.matrix_csv import MatrixError, MatrixSheet, sheet_from_records

#: The line under a table's header: cells of dashes, with optional alignment colons.
_DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def split_row(line: str) -> list[str]:
    """The cells of a table line; ``\\|`` is a pipe inside a cell, ``\\\\`` a backslash."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    cells: list[str] = []
    current: list[str] = []
    closed = False  # whether the line ended on a separating pipe
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "|\\":
            current.append(text[i + 1])
            i += 2
            closed = False
            continue
        if ch == "|":
            cells.append("".join(current))
            current = []
            closed = True
        else:
            current.append(ch)
            closed = closed and ch.isspace()
        i += 1
    if not closed:
        cells.append("".join(current))
    return [_cell_text(c.strip()) for c in cells]


def _unbackslash(text: str) -> str:
    return re.sub(r"\\([|\\])", r"\1", text)


def _cell_text(cell: str) -> str:
    return html.unescape(_BREAK.sub("\n", cell))


def _tables(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, end) of each pipe table: a header, a delimiter line, then its rows."""
    found, i = [], 0
    while i + 1 < len(lines):
        if "|" in lines[i] and "|" in lines[i + 1] and _DELIMITER.match(lines[i + 1]):
            end = i + 2
            while end < len(lines) and lines[end].strip() and "|" in lines[end]:
                end += 1
            found.append((i, end))
            i = end
        else:
            i += 1
    return found


def read_markdown(text: str, name: str, table: int | None = None) -> MatrixSheet:
    """The matrix in the file's first pipe table, or its ``table``-th (from 1)."""
    lines = text.removeprefix("\ufeff").splitlines()
    tables = _tables(lines)
    wanted = table or 1
    if not tables:
        raise MatrixError(f"{name}: has no Markdown pipe table (a header row, then a "
                          "line such as |---|---|)")
    if not 1 <= wanted <= len(tables):
        raise MatrixError(f"{name}: has no table {wanted} (it has {len(tables)})")
    start, end = tables[wanted - 1]
    header = split_row(lines[start])
    delimiter_cells = len(split_row(lines[start + 1]))
    if delimiter_cells != len(header):
        raise MatrixError(f"{name}: line {start + 2}: the line under the header has "
                          f"{delimiter_cells} cells, the header has {len(header)}")
    records = [header, *(split_row(lines[n]) for n in range(start + 2, end))]
    numbers = [start + 1, *range(start + 3, end + 1)]
    for number, record in zip(numbers, records, strict=True):
        if len(record) != len(header):
            # A table with ragged rows has no sure column for the cells of the short ones.
            raise MatrixError(f"{name}: row {number}: has {len(record)} cells, the header "
                              f"has {len(header)} (every row of the table needs one cell "
                              "per column)")
    sheet = sheet_from_records(records, name, guarded=False, lines=numbers)
    sheet.question = _heading_before(lines, start)
    return sheet


def _heading_before(lines: list[str], start: int) -> str:
    for line in lines[:start]:
        if line.startswith("# "):
            return _cell_text(_unbackslash(line[2:].strip()))
    return ""


def escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace("\r", "&#13;")
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\n", "<br>")


def write_markdown(grid: list[list[str]], question: str) -> str:
    """The matrix as a heading (the question) and one pipe table."""
    header, *rows = grid
    out = [f"# {escape(question)}", "", _line(header),
           "|" + "|".join("---" for _ in header) + "|"]
    out.extend(_line(row) for row in rows)
    return "\n".join(out) + "\n"


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(escape(c) if c else "" for c in cells) + " |"
