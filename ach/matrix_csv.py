"""The spreadsheet layout of a matrix (DESIGN.md §4), read and written.

``id,evidence,type,source,date,credibility,relevance,<hypothesis title>…`` then
one row per evidence item. Reading checks everything before anything is built,
so a bad file changes nothing; every problem names its row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pydantic import ValidationError

from ach.model import (
    Case,
    CaseEvidence,
    Cell,
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

FIXED_COLUMNS = ("id", "evidence", "type", "source", "date", "credibility", "relevance")
#: A spreadsheet takes a cell that begins with one of these as a formula: an analyst's
#: "=HYPERLINK(…)" or "-2 dead" must stay text. Such text is written after an apostrophe
#: (which spreadsheets read as "text follows"), and so is text that begins with an
#: apostrophe itself, so that reading drops exactly one and gets the words back.
FORMULA_STARTS = ("=", "+", "-", "@", "'")


class MatrixError(Exception):
    """A problem with a matrix CSV, naming the file, row and column."""


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


@dataclass
class MatrixSheet:
    hypotheses: list[str]
    rows: list[MatrixRow]


def parse_matrix(text: str, name: str = "matrix.csv") -> MatrixSheet:
    """Read a matrix CSV's text (a byte-order mark is allowed); MatrixError on any problem."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise MatrixError(f"{name}: the file is empty")
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise MatrixError(f"{name}: not a readable CSV ({exc})") from None
    header = [cell.strip() for cell in records[0]]
    fixed = tuple(h.lower() for h in header[: len(FIXED_COLUMNS)])
    if fixed != FIXED_COLUMNS:
        raise MatrixError(f"{name}: row 1: the header must begin "
                          f"{','.join(FIXED_COLUMNS)} (found {','.join(header[:7])})")
    hypotheses = [_unguarded(title) for title in header[len(FIXED_COLUMNS):]]
    if not hypotheses:
        raise MatrixError(f"{name}: row 1: no hypothesis columns after 'relevance'")
    for col, title in enumerate(hypotheses, start=len(FIXED_COLUMNS) + 1):
        if not title:
            raise MatrixError(f"{name}: row 1, column {col}: a hypothesis title is empty")
    seen_titles = set()
    for title in hypotheses:
        if title in seen_titles:
            raise MatrixError(f"{name}: row 1: hypothesis {title!r} appears twice")
        seen_titles.add(title)
    rows: list[MatrixRow] = []
    ids: set[str] = set()
    for line, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise MatrixError(f"{name}: row {line}: has {len(record)} cells, the header has "
                              f"{len(header)}")
        row = _row(name, line, record, hypotheses)
        if row.id in ids:
            raise MatrixError(f"{name}: row {line}: id {row.id!r} is used by an earlier row")
        if row.id:
            ids.add(row.id)
        rows.append(row)
    return MatrixSheet(hypotheses, rows)


def _row(name: str, line: int, record: list[str], hypotheses: list[str]) -> MatrixRow:
    def fail(column: str, problem: str) -> MatrixError:
        return MatrixError(f"{name}: row {line}, column {column!r}: {problem}")

    cells = [c.strip() for c in record]
    item_id, summary, kind, source, date, cred, rel = cells[: len(FIXED_COLUMNS)]
    summary, source = _unguarded(summary), _unguarded(source)
    if item_id and not is_valid_id(item_id):
        raise fail("id", f"{item_id!r} is not a valid id (letters, digits, '-', '_', '.')")
    if not summary:
        raise fail("evidence", "the evidence text is empty")
    def parse(column: str, parser, value: str):
        try:
            return parser(value)
        except ValueError as exc:
            raise fail(column, str(exc)) from None

    evidence_type = parse("type", EvidenceType.parse, kind)
    credibility = parse("credibility", Level.parse, cred or "M")
    relevance = parse("relevance", Level.parse, rel or "M")
    try:
        when = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise fail("date", f"{date!r} is not a date like 2024-12-25") from None
    ratings: list[Rating | None] = []
    for title, value in zip(hypotheses, cells[len(FIXED_COLUMNS):], strict=True):
        try:
            ratings.append(Rating.parse(value) if value else None)
        except ValueError as exc:
            raise fail(title, str(exc)) from None
    return MatrixRow(line, item_id, summary, evidence_type, source, when, credibility,
                     relevance, ratings)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-")
    return slug or "source"


def _same_item(old: Evidence, new: Evidence) -> bool:
    keys = ("summary", "type", "source_id", "date", "credibility")
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
                            source_id=source_id, date=row.date, credibility=row.credibility,
                            relevance=row.relevance)
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
    case = Case(id=case_id, question=question, created=created, hypotheses=hypotheses,
                evidence=refs, ratings={analyst: ratings} if ratings else {})
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


def export_matrix(case: Case, library: Library, analyst: str | None,
                  ratings: dict[str, dict[str, Rating]] | None = None) -> str:
    """The CSV text of a case: the analyst's ratings, or the given ``ratings`` matrix."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*FIXED_COLUMNS, *(_guarded(h.title) for h in case.hypotheses)])
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
        writer.writerow([
            item.id, _guarded(item.summary), item.type.value,
            _guarded(source.title) if source else "",
            item.date.isoformat() if item.date else "", item.credibility.value,
            (ref.relevance or item.relevance).value,
            *((row[h.id].value if h.id in row else "") for h in case.hypotheses),
        ])
    return out.getvalue()


def _guarded(text: str) -> str:
    """Analyst text as a cell no spreadsheet will run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _unguarded(text: str) -> str:
    return text[1:] if text.startswith("'") else text
