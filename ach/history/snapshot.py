"""A case and its evidence library as they were at one revision.

A large case's file is 12 MB and a history has hundreds of versions of it, each a few
cells apart. Parsing every version whole would take a second each; instead a version's
canonical text (see ``ach.jsonfile``) is cut into its records, and only records whose
text was not met in an earlier version are parsed and validated. A file that is not in
canonical form is parsed whole, exactly as ``ach.store`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from ach.history.gitread import Repository
from ach.jsonfile import FileProblem, check_tables_shape, parse_json
from ach.model import Case, Cell
from ach.store import RATINGS_PREFIX, Library, Workspace, case_from_tables, evidence_from_tables


@dataclass(frozen=True)
class Snapshot:
    case: Case
    library: Library
    #: What read it: a commit's sha, or ``worktree``.
    revision: str = ""


def decode(path: str, data: bytes) -> str:
    if b"\x00" in data:
        raise FileProblem(path, "is a binary file, not JSON text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(path, f"is not UTF-8 text (bad byte at offset {exc.start})") from None


#: One record of a canonical file: its table, its key, its bytes (from the newline
#: before its key to its closing brace), the bytes after it up to the next record, and
#: where its value starts within its bytes.
Record = tuple[str, str, bytes, bytes, int]

_RECORD_START = b'\n    "'
#: Records compared at once when laying a version against the last: one comparison
#: passes over a run of unchanged records.
_RUN = 128


@dataclass(frozen=True)
class Layout:
    data: bytes
    records: list[Record]
    #: Where each record starts in ``data``, and where the last one's tail ends.
    starts: list[int]
_RECORD_END = b"\n    }"


@dataclass
class CaseReader:
    """Reads versions of case files, reusing what it parsed of earlier versions.

    A version is laid against the last one read, record by record (a byte comparison
    per record, in C); only records whose bytes differ are cut out and parsed. A version
    that adds or removes records is cut up afresh, and a file not in canonical form is
    parsed whole.
    """

    #: Every table but the ratings (their records' bytes) → the case without ratings.
    _heads: dict[tuple[bytes, ...], Case] = field(default_factory=dict)
    #: A row's bytes → its cells, validated.
    _rows: dict[bytes, dict[str, Cell]] = field(default_factory=dict)
    _cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    _last: Layout | None = None
    _case: Case | None = None

    def read(self, path: str, data: bytes) -> Case:
        walked = _walk(self._last, data) if self._last is not None else None
        if walked is not None and self._case is not None:
            quick = self._update(path, walked[0].records, walked[1])
            if quick is not None:
                self._last, self._case = walked[0], quick
                return quick
        layout = walked[0] if walked is not None else _cut(data)
        if layout is None:
            return _read_whole(path, decode(path, data))
        try:
            case = self._read_records(path, layout.records)
        except _NotCanonical:
            return _read_whole(path, decode(path, data))
        self._last, self._case = layout, case
        return case

    def _update(self, path: str, records: list[Record], changed: list[int]) -> Case | None:
        """The last case read with only these rows of ratings changed; None when other
        records changed too (the caller reads them all)."""
        assert self._case is not None
        ratings = dict(self._case.ratings)
        copied: set[str] = set()
        for at in changed:
            table, key, body, _, start = records[at]
            if not table.startswith(RATINGS_PREFIX):
                return None
            analyst = table[len(RATINGS_PREFIX):]
            if analyst not in copied:
                ratings[analyst] = dict(ratings.get(analyst, {}))
                copied.add(analyst)
            row = self._rows.get(body)
            if row is None:
                row = self._rows[body] = self._row(path, table, key, decode(path, body[start:]))
            if row:
                ratings[analyst][key] = row
            else:
                ratings[analyst].pop(key, None)
        return self._case.model_copy(update={"ratings": {a: r for a, r in ratings.items() if r}})

    def _read_records(self, path: str, records: list[Record]) -> Case:
        head = [r for r in records if not r[0].startswith(RATINGS_PREFIX)]
        head_key = tuple(b for r in head for b in (r[0].encode(), r[2]))
        base = self._heads.get(head_key)
        if base is None:
            tables: dict[str, dict] = {}
            for table, key, body, _, at in head:
                found = tables.setdefault(table, {})
                if key in found:
                    raise _NotCanonical  # a key twice: the whole-file reader names it
                found[key] = parse_json(Path(path), decode(path, body[at:]))
            check_tables_shape(Path(path), tables)
            base = self._heads[head_key] = case_from_tables(Path(path), tables)
        ratings: dict[str, dict[str, dict[str, Cell]]] = {}
        for table, key, body, _, at in records:
            if not table.startswith(RATINGS_PREFIX):
                continue
            rows = ratings.setdefault(table[len(RATINGS_PREFIX):], {})
            if key in rows:
                raise _NotCanonical
            row = self._rows.get(body)
            if row is None:
                row = self._rows[body] = self._row(path, table, key, decode(path, body[at:]))
            if row:
                rows[key] = row
        return base.model_copy(update={"ratings": {a: r for a, r in ratings.items() if r}})

    def _row(self, path: str, table: str, evidence_id: str, text: str) -> dict[str, Cell]:
        raw = parse_json(Path(path), text)
        row = {}
        for hyp_id, cell in raw.items():
            key = (cell.get("rating"), cell.get("reason", "")) if isinstance(cell, dict) and \
                set(cell) <= {"rating", "reason"} else None
            parsed = self._cells.get(key) if key else None
            if parsed is None:
                try:
                    parsed = Cell.model_validate(cell)
                except ValidationError as exc:
                    err = exc.errors()[0]
                    where = " → ".join([table, evidence_id, hyp_id, *map(str, err["loc"])])
                    raise FileProblem(path, err["msg"], where) from None
                if key:
                    self._cells[key] = parsed
            row[hyp_id] = parsed
        return row


class _NotCanonical(Exception):
    """The text is not in the one form ach writes; read it whole instead."""


def _cut(data: bytes) -> Layout | None:
    """The records of a file in canonical form, cut at their boundaries without parsing;
    None when it is laid out otherwise.

    Canonical JSON escapes every newline inside strings, so a newline, exactly four
    spaces and a quote can only start a record's key, and a newline, four spaces and a
    closing brace can only end a record.
    """
    pieces = data.split(_RECORD_START)
    table = _table_opened(pieces[0])
    if table is None:
        return None
    records: list[Record] = []
    starts = [len(pieces[0])]
    for piece in pieces[1:]:
        end = piece.rfind(_RECORD_END)
        sep = piece.find(b'": ')
        if end < 0 or sep < 0 or b"\\" in piece[:sep]:
            return None
        records.append((table, piece[:sep].decode("utf-8", errors="replace"),
                        _RECORD_START + piece[:end + len(_RECORD_END)],
                        piece[end + len(_RECORD_END):], len(_RECORD_START) + sep + 3))
        table = _table_opened(records[-1][3]) or table
        starts.append(starts[-1] + len(_RECORD_START) + len(piece))
    return Layout(data, records, starts)


def _table_opened(gap: bytes) -> str | None:
    """The table whose records follow the bytes between two records, if one opens there."""
    at = gap.rfind(b'\n  "')
    if at < 0 or not gap.endswith(b'": {'):
        return None
    name = gap[at + 4:-4]
    if b"\\" in name or b'"' in name:
        return None
    return name.decode("utf-8", errors="replace")


def _walk(last: Layout, data: bytes) -> tuple[Layout, list[int]] | None:
    """The records of ``data`` laid against those of the last version read: a record whose
    bytes stand unchanged where expected is kept as it was (the same object, so what was
    made of it is reused), and which records changed; None when records were added or
    removed."""
    old, starts = last.records, last.starts
    if not old or not data.startswith(memoryview(last.data)[:starts[0]]):
        return None
    before = memoryview(last.data)
    startswith = data.startswith
    pos = starts[0]
    records: list[Record] = []
    new_starts = [pos]
    changed: list[int] = []
    for first in range(0, len(old), _RUN):
        stop = min(first + _RUN, len(old))
        if startswith(before[starts[first]:starts[stop]], pos):
            shift = pos - starts[first]
            records += old[first:stop]
            new_starts += [at + shift for at in starts[first + 1:stop + 1]]
            pos = new_starts[-1]
            continue
        for record in old[first:stop]:
            body, tail = record[2], record[3]
            if not startswith(body, pos):
                at = record[4]
                if not startswith(body[:at], pos):
                    return None
                end = data.find(_RECORD_END, pos + at)
                if end < 0 or data.find(_RECORD_START, pos + at, end) >= 0:
                    return None  # not one whole record: cut the file up afresh
                body = data[pos:end + len(_RECORD_END)]
                changed.append(len(records))
                record = (record[0], record[1], body, tail, at)
            pos += len(body)
            if not startswith(tail, pos):
                return None
            pos += len(tail)
            records.append(record)
            new_starts.append(pos)
    if pos != len(data):
        return None
    return Layout(data, records, new_starts), changed


def _read_whole(path: str, text: str) -> Case:
    tables = parse_json(Path(path), text)
    check_tables_shape(Path(path), tables)
    return case_from_tables(Path(path), tables)


@dataclass
class LibraryReader:
    """Reads the evidence folder at revisions, each distinct file and folder once."""

    repo: Repository
    _files: dict[str, tuple] = field(default_factory=dict)
    _folders: dict[str | None, Library] = field(default_factory=dict)

    def at(self, rev: str, folder: str) -> Library:
        """The library in ``folder`` (``evidence/`` of the workspace) at ``rev``."""
        tree = self.repo.object_id(rev, folder)
        if tree not in self._folders:
            self._folders[tree] = self._read(folder, tree)
        return self._folders[tree]

    def _read(self, folder: str, tree: str | None) -> Library:
        library = Library()
        if tree is None:
            return library
        for name, oid in sorted(self.repo.tree(tree)):
            if not name.endswith(".json") or name.startswith("."):
                continue
            path = str(PurePosixPath(folder) / name)
            if oid not in self._files:
                text = decode(path, self.repo.blob(oid))
                tables = parse_json(Path(path), text)
                check_tables_shape(Path(path), tables)
                self._files[oid] = evidence_from_tables(Path(path), tables)
            source, items = self._files[oid]
            if source is not None:
                if name[:-len(".json")] != source.id:
                    raise FileProblem(path, f"holds source {source.id!r}, but its file name "
                                      f"says {name[:-5]!r}", "source → source → id")
                library.sources[source.id] = source
            for item in items:
                if item.id in library.items:
                    raise FileProblem(path, "evidence id is used by another item of the "
                                      "workspace", f"items → {item.id}")
                library.items[item.id] = item
        return library


def worktree_snapshot(workspace: Workspace, case_id: str) -> Snapshot:
    """The case as it is on disk now, with ratings saved but not yet compacted."""
    case, library = workspace.open(case_id)
    return Snapshot(case, library, "worktree")
