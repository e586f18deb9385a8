"""The workspace on disk: ``hypotheses/`` (cases), ``evidence/`` (sources and items), ``reports/``.

Files are TinyDB databases (see ``jsonfile``) holding one record per hypothesis,
evidence item and analyst's row of ratings, so that two analysts' work never
meets in one record. Reading validates with pydantic and names the file, the
record and the problem; writing is atomic and refuses to overwrite a file that
changed on disk since it was read.
"""

from __future__ import annotations

import getpass
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ach import journal
from ach.collector import collection_paused
from ach.jsonfile import (
    FileProblem,
    atomic_write_chunks,
    canonical_chunks,
    digest_of,
    read_tables_and_text,
)
from ach.model import (
    FORMAT_VERSION,
    MAX_TEXT,
    Case,
    CaseEvidence,
    Cell,
    Evidence,
    Hypothesis,
    Indicator,
    Rating,
    Scenario,
    Source,
    is_valid_id,
)

HYPOTHESES = "hypotheses"
EVIDENCE = "evidence"
REPORTS = "reports"
#: The evidence file for items that come from no source.
NO_SOURCE = "no-source"
RATINGS_PREFIX = "ratings:"


class WorkspaceError(Exception):
    """A user mistake about the workspace (unknown case, bad name …), in one line."""


class ChangedOnDisk(WorkspaceError):
    """A file changed under us since we read it; saving would overwrite someone's work."""


def default_analyst(root: Path | None = None) -> str:
    """``git config user.name``, else the login name."""
    try:
        out = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                             cwd=root, timeout=5, check=False)
        name = out.stdout.strip()
        if out.returncode == 0 and name:
            return name
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``hypotheses/`` or ``evidence/``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / HYPOTHESES).is_dir() or (folder / EVIDENCE).is_dir():
            return folder
    return None


def check_name(kind: str, name: str) -> str:
    """A case or source id that stays inside the workspace, or WorkspaceError."""
    if not is_valid_id(name):
        raise WorkspaceError(
            f"{kind} name {name!r} is not allowed: use letters, digits, '-', '_' or '.', "
            "starting with a letter or digit (no paths)")
    return name


# -- records <-> models ------------------------------------------------------------

def _format_record(kind: str) -> dict[str, Any]:
    return {"format": {"kind": kind, "version": FORMAT_VERSION}}


def _check_format(path: Path, tables: dict[str, dict], kind: str) -> None:
    record = tables.get("meta", {}).get("format")
    if not isinstance(record, dict) or "kind" not in record:
        raise FileProblem(path, "is not an ACH file (it has no meta → format record)")
    if record.get("kind") != kind:
        raise FileProblem(path, f"is an ACH {record.get('kind')!r} file, expected {kind!r}",
                          "meta → format → kind")
    version = record.get("version")
    if not isinstance(version, int) or version < 1:
        raise FileProblem(path, f"format version {version!r} is not a whole number ≥ 1",
                          "meta → format → version")
    if version > FORMAT_VERSION:
        raise FileProblem(path, f"was written in format {version}, newer than this ach "
                          f"understands ({FORMAT_VERSION}); upgrade ach-workbench")


def _model(path: Path, location: str, cls: type, data: Any,
           problems: list[FileProblem] | None = None) -> Any:
    """Validate one record; with ``problems`` given, collect every error and return None."""
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        found = [FileProblem(path, _plain(err), " → ".join([location, *map(str, err["loc"])]))
                 for err in exc.errors()]
        if problems is None:
            raise found[0] from None
        problems.extend(found)
        return None


def _plain(err: dict) -> str:
    msg = err["msg"]
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"] == "extra_forbidden":
        return "unknown field"
    return msg[0].lower() + msg[1:] if msg else "invalid value"


def _ordered(docs: dict[str, dict]) -> list[tuple[str, dict]]:
    return sorted(docs.items(), key=lambda kv: (kv[1].get("order", 0), kv[0]))


def _without_order(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "order"}


def case_from_tables(path: Path, tables: dict[str, dict],
                     problems: list[FileProblem] | None = None) -> Case | None:
    """The case in a file's tables; with ``problems`` given, every bad record is listed."""
    _check_format(path, tables, "case")
    head = tables.get("case", {}).get("case")
    if head is None:
        raise FileProblem(path, "has no case → case record (question and title)")
    def records(table: str, cls: type) -> list:
        found = [_model(path, f"{table} → {k}", cls, {"id": k, **_without_order(v)}, problems)
                 for k, v in _ordered(tables.get(table, {}))]
        return [r for r in found if r is not None]

    hypotheses = records("hypotheses", Hypothesis)
    refs = records("evidence", CaseEvidence)
    indicators = records("indicators", Indicator)
    scenarios = records("scenarios", Scenario)
    ratings: dict[str, dict[str, dict[str, Cell]]] = {}
    for name, rows in tables.items():
        if not name.startswith(RATINGS_PREFIX):
            continue
        table: dict[str, dict[str, Cell]] = {}
        for evidence_id, row in rows.items():
            parsed_row = _fast_row(row)
            if parsed_row is None:  # something unusual: validate cell by cell, naming it
                parsed_row = {}
                for hyp_id, cell in row.items():
                    parsed = _model(path, f"{name} → {evidence_id} → {hyp_id}", Cell, cell,
                                    problems)
                    if parsed is not None:
                        parsed_row[hyp_id] = parsed
            if parsed_row:
                table[evidence_id] = parsed_row
        if table:
            ratings[name[len(RATINGS_PREFIX):]] = table
    known = {"meta", "case", "hypotheses", "evidence", "indicators", "scenarios"}
    for name in tables:
        if name not in known and not name.startswith(RATINGS_PREFIX):
            _report(FileProblem(path, "unknown table", name), problems)
    data = {**head, "hypotheses": hypotheses, "evidence": refs, "indicators": indicators,
            "scenarios": scenarios, "ratings": ratings}
    return _model(path, "case → case", Case, data, problems)


def _fast_row(row: dict[str, Any]) -> dict[str, Cell] | None:
    """A row of well-formed cells without pydantic's per-record cost (a large case has
    180,000 cells); None if any cell is unusual, which then gets full validation.

    A reason-less cell is one of seven shared objects; every other shape raises here
    (a missing or unknown code, a non-object) and falls back.
    """
    try:
        return {hyp_id: _BARE_BY_CODE[cell["rating"]] if len(cell) == 1 else _reasoned(cell)
                for hyp_id, cell in row.items()}
    except (KeyError, TypeError, ValueError):
        return None


def _reasoned(cell: dict[str, Any]) -> Cell:
    rating = _RATING_CODES[cell["rating"]]
    reason = cell["reason"]
    if len(cell) != 2 or type(reason) is not str or len(reason) > MAX_TEXT:
        raise ValueError("not a plain cell")
    return _cell(rating, reason) if reason else _BARE_CELLS[rating]


_RATING_CODES = {r.value: r for r in Rating}
#: Cells are frozen, so every reason-less cell of a rating can be the same object.
_BARE_CELLS = {r: Cell(rating=r) for r in Rating}
_BARE_BY_CODE = {r.value: cell for r, cell in _BARE_CELLS.items()}
_CELL_FIELDS = frozenset({"rating", "reason"})


def _cell(rating: Rating, reason: str) -> Cell:
    """A Cell from values already checked: what ``Cell.model_construct`` does, without
    its generic field loop (two fields, 36,000 times in a large case)."""
    cell = object.__new__(Cell)
    object.__setattr__(cell, "__dict__", {"rating": rating, "reason": reason})
    object.__setattr__(cell, "__pydantic_fields_set__", set(_CELL_FIELDS))
    object.__setattr__(cell, "__pydantic_extra__", None)
    object.__setattr__(cell, "__pydantic_private__", None)
    return cell


def _report(problem: FileProblem, problems: list[FileProblem] | None) -> None:
    if problems is None:
        raise problem
    problems.append(problem)


def _dump(model: Any, *exclude: str) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude={"id", *exclude}, exclude_defaults=True)


def case_to_tables(case: Case) -> dict[str, dict]:
    head = case.model_dump(mode="json", include={"question", "title", "created", "notes"},
                           exclude_defaults=True)
    head["question"] = case.question
    tables: dict[str, dict] = {
        "meta": _format_record("case"),
        "case": {"case": {**head, "id": case.id}},
        "hypotheses": {h.id: {**_dump(h), "order": i} for i, h in enumerate(case.hypotheses)},
        "evidence": {e.id: {**_dump(e), "order": i} for i, e in enumerate(case.evidence)},
    }
    for name, records in (("indicators", case.indicators), ("scenarios", case.scenarios)):
        if records:
            tables[name] = {r.id: {**_dump(r), "order": i} for i, r in enumerate(records)}
    for analyst, rows in sorted(case.ratings.items()):
        table = {e: {h: c.model_dump(mode="json", exclude_defaults=True) for h, c in row.items()}
                 for e, row in rows.items() if row}
        if table:
            tables[RATINGS_PREFIX + analyst] = table
    return tables


def evidence_from_tables(path: Path, tables: dict[str, dict],
                         problems: list[FileProblem] | None = None,
                         ) -> tuple[Source | None, list[Evidence]]:
    """The source and items in a file's tables; with ``problems`` given, lists every bad one."""
    _check_format(path, tables, "evidence")
    source = None
    head = tables.get("source", {}).get("source")
    if head is not None:
        source = _model(path, "source → source", Source, head, problems)
    found = [_model(path, f"items → {k}", Evidence, {"id": k, **_without_order(v)}, problems)
             for k, v in _ordered(tables.get("items", {}))]
    items = [item for item in found if item is not None]
    for name in tables:
        if name not in ("meta", "source", "items"):
            _report(FileProblem(path, "unknown table", name), problems)
    expected = source.id if source else None
    for item in items:
        if item.source_id != expected:
            _report(FileProblem(path, f"item cites source {item.source_id!r} but this file "
                                f"holds source {expected!r}", f"items → {item.id} → source_id"),
                    problems)
    return source, items


def evidence_to_tables(source: Source | None, items: Iterable[Evidence]) -> dict[str, dict]:
    tables: dict[str, dict] = {"meta": _format_record("evidence")}
    if source is not None:
        tables["source"] = {"source": source.model_dump(mode="json", exclude_defaults=True)
                            | {"id": source.id, "title": source.title}}
    tables["items"] = {e.id: {**_dump(e), "order": i} for i, e in enumerate(items)}
    return tables


# -- the evidence library ------------------------------------------------------------

@dataclass
class Library:
    """Every source and evidence item of the workspace."""

    sources: dict[str, Source] = field(default_factory=dict)
    items: dict[str, Evidence] = field(default_factory=dict)

    def source_of(self, item: Evidence) -> Source | None:
        return self.sources.get(item.source_id) if item.source_id else None

    def items_of(self, source_id: str | None) -> list[Evidence]:
        return [e for e in self.items.values() if e.source_id == source_id]

    def file_key(self, item: Evidence) -> str:
        return item.source_id or NO_SOURCE


@dataclass(frozen=True)
class Fingerprint:
    """What a file was when we read or wrote it; any other process's rename changes it."""

    inode: int
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> Fingerprint | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return cls(st.st_ino, st.st_mtime_ns, st.st_size)


class Workspace:
    """A folder of cases and evidence. Remembers what it read so it never overwrites blind."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._seen: dict[Path, Fingerprint | None] = {}
        #: The journal beside each file as we last saw it (None: there was none).
        self._seen_journal: dict[Path, Fingerprint | None] = {}
        #: sha256 of each file's text as we last read or wrote it: a save that would
        #: write the same text writes nothing.
        self._digest: dict[Path, str] = {}

    # -- where things live
    @property
    def hypotheses_dir(self) -> Path:
        return self.root / HYPOTHESES

    @property
    def evidence_dir(self) -> Path:
        return self.root / EVIDENCE

    @property
    def reports_dir(self) -> Path:
        return self.root / REPORTS

    def case_path(self, case_id: str) -> Path:
        return self.hypotheses_dir / f"{check_name('case', case_id)}.json"

    def evidence_path(self, key: str) -> Path:
        return self.evidence_dir / f"{check_name('source', key)}.json"

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    # -- listing
    def case_ids(self) -> list[str]:
        if not self.hypotheses_dir.is_dir():
            return []
        return sorted(p.stem for p in self.hypotheses_dir.glob("*.json"))

    def evidence_files(self) -> list[Path]:
        if not self.evidence_dir.is_dir():
            return []
        return sorted(self.evidence_dir.glob("*.json"))

    def has_case(self, case_id: str) -> bool:
        return self.case_path(case_id).exists()

    # -- reading
    def _read(self, path: Path) -> dict[str, dict]:
        before = Fingerprint.of(path)
        journal_before = Fingerprint.of(journal.journal_path(path))
        try:
            tables, text = read_tables_and_text(path)
        except FileProblem as exc:
            raise FileProblem(self.relative(path), exc.problem, exc.location) from None
        self._seen[path] = before
        self._seen_journal[path] = journal_before
        self._digest[path] = digest_of(text)
        # Changes saved by appending (see ach.journal) and not yet compacted into the file.
        journal.apply(tables, journal.read(path))
        return tables

    @collection_paused()
    def load_case(self, case_id: str) -> Case:
        path = self.case_path(case_id)
        if not path.exists():
            known = ", ".join(self.case_ids()) or "none"
            raise WorkspaceError(f"no case {case_id!r} in {self.root} (cases: {known})")
        case = case_from_tables(Path(self.relative(path)), self._read(path))
        if case.id != case_id:
            raise FileProblem(self.relative(path), f"holds case {case.id!r}, but its file name "
                              f"says {case_id!r}", "case → case → id")
        return case

    @collection_paused()
    def load_library(self) -> Library:
        library = Library()
        for path in self.evidence_files():
            source, items = evidence_from_tables(Path(self.relative(path)), self._read(path))
            if source is not None:
                if path.stem != source.id:
                    raise FileProblem(self.relative(path), f"holds source {source.id!r}, but its"
                                      f" file name says {path.stem!r}", "source → source → id")
                library.sources[source.id] = source
            for item in items:
                if item.id in library.items:
                    raise FileProblem(self.relative(path), "evidence id is used by another "
                                      "item of the workspace", f"items → {item.id}")
                library.items[item.id] = item
        return library

    def open(self, case_id: str) -> tuple[Case, Library]:
        return self.load_case(case_id), self.load_library()

    # -- writing
    def changed_on_disk(self) -> list[Path]:
        """Files we read or wrote that another process has changed since."""
        return [p for p in self._seen if self._change_on_disk(p)]

    def _change_on_disk(self, path: Path) -> str:
        """What changed under us at ``path`` since we last read or wrote it ('' if nothing).

        Another process's ratings may sit in the file's journal rather than the file, so
        the journal is watched too: compacting over it would drop them without a word.
        """
        if Fingerprint.of(path) != self._seen.get(path):
            return ("changed on disk since it was read" if path in self._seen else
                    "appeared on disk since the workspace was read")
        if Fingerprint.of(journal.journal_path(path)) != self._seen_journal.get(path):
            return "has ratings saved by another ach since it was read"
        return ""

    def _write(self, path: Path, tables: dict[str, dict], *, new: bool = False) -> bool:
        """Write if the text changed; refuse if the file changed on disk since we saw it."""
        now = Fingerprint.of(path)
        if new and now is not None:
            raise WorkspaceError(f"{self.relative(path)} already exists; nothing was changed")
        # A file we never read that exists now was created by someone else since we
        # looked (e.g. the same new source added in two places): refuse it too.
        if not new and (what := self._change_on_disk(path)):
            raise ChangedOnDisk(f"{self.relative(path)} {what} (another ach, an editor or "
                                "git); reload before saving")
        # Streamed, never one giant string: a large case's file is 12 MB of text.
        digest = atomic_write_chunks(path, canonical_chunks(tables),
                                     unless=self._digest.get(path) if now is not None else None)
        journal.discard(path)  # written, or its changes cancelled out: the file says it all
        self._seen_journal[path] = None
        if digest is None:
            return False
        self._seen[path] = Fingerprint.of(path)
        self._digest[path] = digest
        return True

    def append_rating_row(self, case: Case, analyst: str, evidence_id: str) -> None:
        """Save one analyst's row of ratings by appending to the case's journal.

        Costs the same for any size of case (one line, one fsync); ``save_case`` or
        ``compact`` later folds it into the canonical file.
        """
        path = self.case_path(case.id)
        if what := self._change_on_disk(path):
            raise ChangedOnDisk(f"{self.relative(path)} {what} (another ach, an editor or "
                                "git); reload before saving")
        row = case.ratings.get(analyst, {}).get(evidence_id)
        record = ({h: c.model_dump(mode="json", exclude_defaults=True) for h, c in row.items()}
                  if row else None)
        journal.append(path, [journal.Change(RATINGS_PREFIX + analyst, evidence_id, record)])
        self._seen_journal[path] = Fingerprint.of(journal.journal_path(path))

    def has_journal(self, case_id: str) -> bool:
        return journal.exists(self.case_path(case_id))

    def create_case(self, case: Case) -> Path:
        path = self.case_path(case.id)
        self._write(path, case_to_tables(case), new=True)
        self.reports_dir.mkdir(parents=True, exist_ok=True)
        self.evidence_dir.mkdir(parents=True, exist_ok=True)
        return path

    def save_case(self, case: Case) -> bool:
        return self._write(self.case_path(case.id), case_to_tables(case))

    def save_library(self, library: Library, keys: Iterable[str] | None = None) -> list[Path]:
        """Write the evidence files of these sources (default: all); returns those written."""
        wanted = set(keys) if keys is not None else (
            set(library.sources) | {library.file_key(e) for e in library.items.values()})
        written = []
        for key in sorted(wanted):
            source = None if key == NO_SOURCE else library.sources.get(key)
            items = [e for e in library.items.values() if library.file_key(e) == key]
            path = self.evidence_path(key)
            if source is None and not items and not path.exists():
                continue
            if self._write(path, evidence_to_tables(source, items)):
                written.append(path)
        return written

    def forget(self) -> None:
        """Drop what we remember of files (after the user chose to reload)."""
        self._seen.clear()
        self._seen_journal.clear()
        self._digest.clear()


def relative_to(root: Path, path: Path) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)
