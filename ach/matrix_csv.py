"""The spreadsheet layout of a matrix (DESIGN.md §4), read and written.

``id,evidence,type,source,date,credibility,relevance,<hypothesis title>…`` then
one row per evidence item. Reading checks everything before anything is built,
so a bad file changes nothing; every problem names its row and column.

Reading also takes the leading columns by name or alias in any order, and ratings,
levels and types in the vocabularies of ``ach.interop``; the other formats (Excel,
Markdown) hand their rows of cell text to ``sheet_from_records`` here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pydantic import ValidationError

from ach.interop.headers import (
    FIXED_COLUMNS,
    Layout,
    hypothesis_titles,
    names_group_column,
    read_header,
    split_row_header,
)
from ach.interop.vocab import parse_level, parse_rating, parse_type, type_label
from ach.model import (
    Case,
    CaseEvidence,
    Cell,
    DependenceGroup,
    Evidence,
    EvidenceType,
    Hypothesis,
    Level,
    Rating,
    Source,
    fresh_id,
    is_valid_id,
)
from ach.store import NO_SOURCE, Library

#: A spreadsheet takes a cell that begins with one of these as a formula: an analyst's
#: "=HYPERLINK(…)" or "-2 dead" must stay text. Such text is written after an apostrophe
#: (which spreadsheets read as "text follows"), and so is text that begins with an
#: apostrophe itself, so that reading drops exactly one and gets the words back.
FORMULA_STARTS = ("=", "+", "-", "@", "'")


class MatrixError(Exception):
    """A problem with a matrix file, naming the file, row and column."""


@dataclass
class MatrixRow:
    line: int
    id: str
    summary: str
    type: EvidenceType
    source: str
    date: dt.date | None
    credibility: Level
    relevance: Level
    ratings: list[Rating | None]
    #: A collection discipline or other label the type column gave beside our type.
    discipline: str = ""
    group: str = ""
    quote: str = ""
    deception: bool = False


@dataclass
class MatrixSheet:
    hypotheses: list[str]
    rows: list[MatrixRow]
    #: What the import summary should tell the analyst (labels kept, columns not kept).
    notes: list[str] = field(default_factory=list)
    #: A question and a handling marking, from formats that carry them.
    question: str = ""
    marking: str = ""


def parse_matrix(text: str, name: str = "matrix.csv") -> MatrixSheet:
    """Read a matrix CSV's text (a byte-order mark is allowed); MatrixError on any problem."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise MatrixError(f"{name}: the file is empty")
    return sheet_from_records(_csv_records(text, name), name)


def _csv_records(text: str, name: str) -> list[list[str]]:
    """The rows of CSV text; tab-separated text (as spreadsheets save "Unicode text") too."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        # Strict parsing only to catch a quote left open, which the lenient reader would
        # silently run to the end of the file.
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                               strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise MatrixError(f"{name}: row {_open_quote_row(text)}: a quoted cell is never "
                              "closed (a '\"' without its closing '\"')") from None
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise MatrixError(f"{name}: not a readable CSV ({exc})") from None


def _open_quote_row(text: str) -> int:
    """The row (as a spreadsheet counts records) where the unclosed quoted cell begins."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    complete = 0
    try:
        for _record in reader:
            complete += 1
    except csv.Error:
        pass
    return complete + 1


def sheet_from_records(records: list[list[str]], name: str, *, guarded: bool = True,
                       lines: list[int] | None = None) -> MatrixSheet:
    """A sheet from rows of cell text, the header first, whatever file they came from.

    ``guarded``: leading apostrophes are the spreadsheet's "text follows" and are dropped
    (CSV); ``lines``: the row number to name in messages for each record (default: its
    position, as a spreadsheet counts).
    """
    lines = lines or list(range(1, len(records) + 1))
    unguard = _unguarded if guarded else (lambda text: text)
    header = [cell.strip() for cell in records[0]]
    layout = read_header(header)
    where = f"{name}: row {lines[0]}"
    if "evidence" not in layout.columns:
        raise MatrixError(f"{where}: the header must begin {','.join(FIXED_COLUMNS)} (or name "
                          f"those columns in any order, at least 'evidence'; found "
                          f"{','.join(header[:7])})")
    hypotheses = hypothesis_titles([unguard(t) for t in header[layout.first_hypothesis:]])
    if not hypotheses:
        raise MatrixError(f"{where}: no hypothesis columns after the leading columns")
    for col, title in enumerate(hypotheses, start=layout.first_hypothesis + 1):
        if not title:
            raise MatrixError(f"{where}, column {col}: a hypothesis title is empty")
    seen_titles = set()
    for title in hypotheses:
        if title in seen_titles:
            raise MatrixError(f"{where}: hypothesis {title!r} appears twice")
        seen_titles.add(title)
    rows: list[MatrixRow] = []
    ids: set[str] = set()
    unknown_types: dict[str, list[int]] = {}
    for line, record in zip(lines[1:], records[1:], strict=True):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise MatrixError(f"{name}: row {line}: has {len(record)} cells, the header has "
                              f"{len(header)}")
        row, unknown = _row(name, line, record, layout, hypotheses, unguard)
        if unknown:
            unknown_types.setdefault(row.discipline, []).append(line)
        if row.id in ids:
            raise MatrixError(f"{name}: row {line}: id {row.id!r} is used by an earlier row")
        if row.id:
            ids.add(row.id)
        rows.append(row)
    notes = [f"type {label!r} is not one we know: kept as the discipline of "
             f"{_count(found, 'item')} (row{'s' if len(found) > 1 else ''} "
             f"{', '.join(map(str, found[:5]))}{', …' if len(found) > 5 else ''})"
             for label, found in unknown_types.items()]
    notes += _group_notes(rows)
    return MatrixSheet(hypotheses, rows, notes)


def _group_notes(rows: list[MatrixRow]) -> list[str]:
    """What the import makes of the ``group`` column: a group of two or more rows counts
    them once (ACH-METHOD.md); a label on one row alone groups nothing, and says so."""
    sizes: dict[str, int] = {}
    for row in rows:
        if row.group:
            sizes[row.group] = sizes.get(row.group, 0) + 1
    alone = [label for label, size in sizes.items() if size == 1]
    notes = []
    if len(sizes) > len(alone):
        notes.append(f"{_count([s for s in sizes.values() if s > 1], 'dependence group')} "
                     "from the 'group' column (each counts its items once)")
    if alone:
        notes.append(f"group {', '.join(map(repr, alone))} names one row only: no group made")
    return notes


def _groups(rows: list[MatrixRow], ids: list[str]) -> list[DependenceGroup]:
    """The dependence groups the ``group`` column names, members in row order."""
    members: dict[str, list[str]] = {}
    for row, item_id in zip(rows, ids, strict=True):
        if row.group and item_id not in members.setdefault(row.group, []):
            members[row.group].append(item_id)
    taken: set[str] = set()
    groups = []
    for label, items in members.items():
        if len(items) > 1:
            gid = fresh_id("g", taken)
            taken.add(gid)
            groups.append(DependenceGroup(id=gid, label=label, members=items))
    return groups


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _row(name: str, line: int, record: list[str], layout: Layout, hypotheses: list[str],
         unguard) -> tuple[MatrixRow, bool]:
    def fail(column: str, problem: str) -> MatrixError:
        return MatrixError(f"{name}: row {line}, column {column!r}: {problem}")

    cells = [c.strip() for c in record]

    def cell(column: str) -> str:
        at = layout.columns.get(column)
        return cells[at] if at is not None else ""

    item_id, summary = cell("id"), unguard(cell("evidence"))
    if "id" not in layout.columns:
        item_id, summary = split_row_header(summary)
    source = unguard(cell("source"))
    if item_id and not is_valid_id(item_id):
        raise fail("id", f"{item_id!r} is not a valid id (letters, digits, '-', '_', '.')")
    if not summary:
        raise fail("evidence", "the evidence text is empty")

    def parse(column: str, parser, value: str):
        try:
            return parser(value)
        except ValueError as exc:
            raise fail(column, str(exc)) from None

    kind = parse_type(unguard(cell("type")))
    credibility = parse("credibility", parse_level, cell("credibility") or "M")
    relevance = parse("relevance", parse_level, cell("relevance") or "M")
    date = cell("date")
    try:
        when = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise fail("date", f"{date!r} is not a date like 2024-12-25") from None
    ratings: list[Rating | None] = []
    for title, value in zip(hypotheses, cells[layout.first_hypothesis:], strict=True):
        try:
            ratings.append(parse_rating(value) if value else None)
        except ValueError as exc:
            raise fail(title, str(exc)) from None
    row = MatrixRow(line, item_id, summary, kind.type, source, when, credibility, relevance,
                    ratings, discipline=kind.discipline, group=cell("group"),
                    quote=unguard(cell("notes")))
    return row, kind.unknown


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-")
    return slug or "source"


def _same_item(old: Evidence, new: Evidence) -> bool:
    keys = ("summary", "type", "discipline", "source_id", "date", "credibility")
    return all(getattr(old, k) == getattr(new, k) for k in keys)


def build_case(sheet: MatrixSheet, case_id: str, question: str, analyst: str,
               library: Library, created: dt.date | None = None) -> tuple[Case, set[str]]:
    """A new case from a sheet, adding its items and sources to ``library``.

    Returns the case and the evidence-file keys of ``library`` that changed.
    An id that already names an item with different content is an error.
    """
    taken_h: set[str] = set()
    hypotheses = []
    for title in sheet.hypotheses:
        hid = fresh_id("h", taken_h)
        taken_h.add(hid)
        with _row_problem(1, f"hypothesis {_clip(title)!r}"):
            hypotheses.append(Hypothesis(id=hid, title=title))
    by_title = {s.title: s.id for s in library.sources.values()}
    changed: set[str] = set()
    refs: list[CaseEvidence] = []
    ratings: dict[str, dict[str, Cell]] = {}
    for row in sheet.rows:
        with _row_problem(row.line, "column 'source'"):
            source_id = _source_for(row.source, library, by_title, changed)
        item_id = row.id or _fresh_item_id(library)
        with _row_problem(row.line, "column 'evidence'"):
            item = Evidence(id=item_id, summary=row.summary, type=row.type,
                            discipline=row.discipline, source_id=source_id, date=row.date,
                            credibility=row.credibility, relevance=row.relevance,
                            quote=row.quote, deception=row.deception)
        existing = library.items.get(item_id)
        if existing is None:
            library.items[item_id] = item
            changed.add(library.file_key(item))
            ref = CaseEvidence(id=item_id)
        elif _same_item(existing, item):
            relevance = None if existing.relevance == row.relevance else row.relevance
            ref = CaseEvidence(id=item_id, relevance=relevance)
        else:
            raise MatrixError(f"row {row.line}: id {item_id!r} already names a different "
                              "evidence item in this workspace; give the row another id or "
                              "leave the id empty")
        refs.append(ref)
        row_cells = {h.id: Cell(rating=r) for h, r in zip(hypotheses, row.ratings, strict=True)
                     if r is not None}
        if row_cells:
            ratings[item_id] = row_cells
    with _row_problem(1, "the case"):
        case = Case(id=case_id, question=question, created=created, hypotheses=hypotheses,
                    evidence=refs, ratings={analyst: ratings} if ratings else {},
                    marking=sheet.marking,
                    groups=_groups(sheet.rows, [ref.id for ref in refs]))
    return case, changed


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@contextmanager
def _row_problem(line: int, where: str) -> Iterator[None]:
    """A value the models refuse (e.g. a title too long) as a MatrixError naming its row."""
    try:
        yield
    except ValidationError as exc:
        err = exc.errors()[0]
        raise MatrixError(f"row {line}, {where}: {err['msg'][0].lower()}{err['msg'][1:]}"
                          ) from None


def _fresh_item_id(library: Library) -> str:
    return fresh_id("e", library.items)


def _source_for(text: str, library: Library, by_title: dict[str, str],
                changed: set[str]) -> str | None:
    """The source a cell names, by id or title; a new source is registered by title."""
    if not text or text == NO_SOURCE:
        return None
    if text in library.sources:
        return text
    if text in by_title:
        return by_title[text]
    base = _slug(text)
    source_id, n = base, 2
    while source_id in library.sources or source_id == NO_SOURCE:
        source_id, n = f"{base}-{n}", n + 1
    library.sources[source_id] = Source(id=source_id, title=text)
    by_title[text] = source_id
    changed.add(source_id)
    return source_id


def case_rows(case: Case, library: Library, analyst: str | None,
              ratings: dict[str, dict[str, Rating]] | None = None,
              ) -> Iterator[tuple[CaseEvidence, Evidence, Source | None, dict[str, Rating]]]:
    """Each item of the case in order, with its source and its row of ratings: the
    analyst's, or the given ``ratings`` matrix's. What every exported format walks."""
    for ref in case.evidence:
        item = library.items.get(ref.id)
        if item is None:
            continue
        source = library.sources.get(item.source_id) if item.source_id else None
        if ratings is not None:
            row = ratings.get(item.id, {})
        else:
            cells = case.ratings.get(analyst or "", {}).get(item.id, {})
            row = {h: c.rating for h, c in cells.items()}
        yield ref, item, source, row


def matrix_grid(case: Case, library: Library, analyst: str | None,
                ratings: dict[str, dict[str, Rating]] | None = None) -> list[list[str]]:
    """The matrix as rows of cell text, header first: the analyst's ratings, or the given
    ``ratings`` matrix. Every format that holds a table writes this. A case with
    dependence groups gets the optional ``group`` column after the fixed ones."""
    group_of = {m: g.label for g in case.groups for m in g.members}
    # The column is written when there are groups, and also (empty) when the first
    # hypothesis is called "group": read back, that title would be taken for the column.
    first = case.hypotheses[0].title if case.hypotheses else ""
    grouped = ["group"] if case.groups or names_group_column(first) else []
    grid = [[*FIXED_COLUMNS, *grouped, *(h.title for h in case.hypotheses)]]
    for ref, item, source, row in case_rows(case, library, analyst, ratings):
        grid.append([
            item.id, item.summary, type_label(item.type, item.discipline),
            source.title if source else "",
            item.date.isoformat() if item.date else "", item.credibility.value,
            (ref.relevance or item.relevance).value,
            *([group_of.get(item.id, "")] if grouped else []),
            *((row[h.id].value if h.id in row else "") for h in case.hypotheses),
        ])
    return grid


#: The columns whose text is the analyst's own, guarded against spreadsheet formulas.
_TEXT_COLUMNS = (1, 2, 3)


def export_matrix(case: Case, library: Library, analyst: str | None,
                  ratings: dict[str, dict[str, Rating]] | None = None) -> str:
    """The CSV text of a case: the analyst's ratings, or the given ``ratings`` matrix."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    grid = matrix_grid(case, library, analyst, ratings)
    header = grid[0]
    fixed = len(FIXED_COLUMNS) + (1 if header[len(FIXED_COLUMNS):][:1] == ["group"] else 0)
    text_columns = {*_TEXT_COLUMNS, *range(len(FIXED_COLUMNS), fixed)}
    writer.writerow([*header[:fixed], *(_guarded(t) for t in header[fixed:])])
    for row in grid[1:]:
        writer.writerow([_guarded(c) if i in text_columns else c for i, c in enumerate(row)])
    return out.getvalue()


def _guarded(text: str) -> str:
    """Analyst text as a cell no spreadsheet will run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _unguarded(text: str) -> str:
    return text[1:] if text.startswith("'") else text
