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


@dataclass
class CaseReader:
    """Reads versions of case files, reusing what it parsed of earlier versions."""

    #: The text of every table but the ratings → the case without ratings.
    _heads: dict[tuple[tuple[str, str], ...], Case] = field(default_factory=dict)
    #: A row's text → its cells, validated.
    _rows: dict[str, dict[str, Cell]] = field(default_factory=dict)
    _cells: dict[tuple[str, str], Cell] = field(default_factory=dict)

    def read(self, path: str, text: str) -> Case:
        tables = _canonical_tables(text)
        if tables is None:
            return _read_whole(path, text)
        try:
            return self._read_tables(path, tables)
        except _NotCanonical:
            return _read_whole(path, text)

    def _read_tables(self, path: str, tables: list[tuple[str, str]]) -> Case:
        head_key = tuple((n, t) for n, t in tables if not n.startswith(RATINGS_PREFIX))
        base = self._heads.get(head_key)
        if base is None:
            head = {name: parse_json(Path(path), body) for name, body in head_key}
            check_tables_shape(Path(path), head)
            base = self._heads[head_key] = case_from_tables(Path(path), head)
        ratings: dict[str, dict[str, dict[str, Cell]]] = {}
        for name, body in tables:
            if not name.startswith(RATINGS_PREFIX):
                continue
            rows = {}
            for evidence_id, row_text in _records(body):
                if evidence_id in rows:
                    raise _NotCanonical  # a key twice: the whole-file reader names it
                row = self._rows.get(row_text)
                if row is None:
                    row = self._rows[row_text] = self._row(path, name, evidence_id, row_text)
                if row:
                    rows[evidence_id] = row
            if rows:
                ratings[name[len(RATINGS_PREFIX):]] = rows
        return base.model_copy(update={"ratings": ratings})

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


_TABLE_GAP = ',\n  "'
_RECORD_GAP = ',\n    "'


def _canonical_tables(text: str) -> list[tuple[str, str]] | None:
    """(table name, the table's JSON text) in file order, cut at the canonical layout's
    table boundaries without parsing; None when the text is laid out otherwise.

    Canonical JSON escapes every newline inside strings, so a newline followed by exactly
    two (or four) spaces and a quote can only start a table (or a record) key.
    """
    body = text.rstrip("\n")
    if not (body.startswith('{\n  "') and body.endswith("\n}")):
        return None
    tables = []
    for part in body[len('{\n  "'):-len("\n}")].split(_TABLE_GAP):
        name, gap, rest = part.partition('": ')
        if not gap or "\\" in name:
            return None
        tables.append((name, rest))
    return tables


def _records(body: str) -> list[tuple[str, str]]:
    """(key, the record's JSON text) of one table's canonical text."""
    if body == "{}":
        return []
    if not (body.startswith('{\n    "') and body.endswith("\n  }")):
        raise _NotCanonical
    records = []
    for part in body[len('{\n    "'):-len("\n  }")].split(_RECORD_GAP):
        key, gap, rest = part.partition('": ')
        if not gap or "\\" in key:
            raise _NotCanonical
        records.append((key, rest))
    return records


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
