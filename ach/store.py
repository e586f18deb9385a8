"""The workspace on disk: ``hypotheses/`` (cases), ``evidence/`` (sources and items), ``reports/``.

Files are TinyDB databases (see ``jsonfile``) holding one record per hypothesis,
evidence item and analyst's row of ratings, so that two analysts' work never
meets in one record. Reading validates with pydantic and names the file, the
record and the problem; writing is atomic and takes turns with other writers
(``ach.locking``). A file that changed on disk since it was read is merged by
meaning with ours (``ach.merge``), the last-read file as the base; only the same
cell or field changed two ways is refused, as a ``MergeConflict``.
"""

from __future__ import annotations

import copy
import getpass
import json
import os
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ach import journal, locking
from ach.collector import collection_paused
from ach.fileformat import FormatProblem, file_format
from ach.jsonfile import (
    FileProblem,
    atomic_write_chunks,
    atomic_write_text,
    canonical_chunks,
    canonical_json,
    digest_of,
    read_tables_and_text,
)
from ach.model import (
    FORMAT_VERSION,
    MAX_HYPOTHESES,
    MAX_ITEMS,
    MAX_TEXT,
    Case,
    CaseEvidence,
    Cell,
    DependenceGroup,
    Evidence,
    Hypothesis,
    Indicator,
    KeyJudgment,
    Outcome,
    Rating,
    Scenario,
    Source,
    is_valid_id,
)

if TYPE_CHECKING:
    from ach.merge import Conflict

HYPOTHESES = "hypotheses"
EVIDENCE = "evidence"
REPORTS = "reports"
#: The evidence file for items that come from no source.
NO_SOURCE = "no-source"
RATINGS_PREFIX = "ratings:"


class WorkspaceError(Exception):
    """A user mistake about the workspace (unknown case, bad name …), in one line."""


class ChangedOnDisk(WorkspaceError):
    """A file changed under us since we read it and could not be merged with ours."""


class FileBusy(WorkspaceError):
    """Another ach held the file's lock for longer than we wait; nothing was changed."""


class MergeConflict(ChangedOnDisk):
    """Another process changed the same cells or fields as we did; nothing was written."""

    def __init__(self, path: str, conflicts: list[Conflict]) -> None:
        self.path = path
        self.conflicts = conflicts
        more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
        super().__init__(f"{path}: changed on disk where we changed it too: "
                         f"{conflicts[0].description}{more}; nothing was changed")


@dataclass(frozen=True)
class Saved:
    """What a save did; true when it wrote something."""

    written: bool
    #: The case as merged with another process's changes: the caller's model is stale
    #: and must be replaced by this one (None: no merge was needed).
    merged: Case | None = None

    def __bool__(self) -> bool:
        return self.written


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
    try:
        file_format(tables, kind)
    except FormatProblem as exc:
        raise FileProblem(path, exc.problem, exc.location) from None


def _check_count(path: Path, tables: dict[str, dict], table: str, limit: int) -> None:
    """Refuse, before validating record by record, a table past the model's limit."""
    count = len(tables.get(table, ()))
    if count > limit:
        raise FileProblem(path, f"holds {count:,} records, more than the {limit:,} ach takes",
                          table)


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
    _check_count(path, tables, "hypotheses", MAX_HYPOTHESES)
    _check_count(path, tables, "evidence", MAX_ITEMS)
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
    groups = records("groups", DependenceGroup)
    judgments = records("judgments", KeyJudgment)
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
    known = {"meta", "case", "hypotheses", "evidence", "indicators", "scenarios", "groups",
             "judgments", OUTCOME}
    for name in tables:
        if name not in known and not name.startswith(RATINGS_PREFIX):
            _report(FileProblem(path, "unknown table", name), problems)
    data = {**head, "hypotheses": hypotheses, "evidence": refs, "indicators": indicators,
            "scenarios": scenarios, "ratings": ratings, "groups": groups,
            "judgments": judgments}
    data.update(_outcome_from_tables(path, tables, problems))
    return _model(path, "case → case", Case, data, problems)


#: The table (and its one record) holding what actually happened, once it is recorded.
OUTCOME = "outcome"


def _outcome_from_tables(path: Path, tables: dict[str, dict],
                         problems: list[FileProblem] | None) -> dict[str, Outcome]:
    """``{"outcome": Outcome}`` when the file records one, else nothing."""
    record = tables.get(OUTCOME, {}).get(OUTCOME)
    if record is None:
        return {}
    outcome = _model(path, f"{OUTCOME} → {OUTCOME}", Outcome, record, problems)
    return {"outcome": outcome} if outcome is not None else {}


def _outcome_to_tables(case: Case) -> dict[str, dict]:
    """The outcome's table, or nothing at all: files without one keep their bytes."""
    if case.outcome is None:
        return {}
    return {OUTCOME: {OUTCOME: case.outcome.model_dump(mode="json", exclude_defaults=True)}}


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
    head = case.model_dump(mode="json",
                           include={"question", "title", "created", "notes", "marking"},
                           exclude_defaults=True)
    head["question"] = case.question
    tables: dict[str, dict] = {
        "meta": _format_record("case"),
        "case": {"case": {**head, "id": case.id}},
        "hypotheses": {h.id: {**_dump(h), "order": i} for i, h in enumerate(case.hypotheses)},
        "evidence": {e.id: {**_dump(e), "order": i} for i, e in enumerate(case.evidence)},
    }
    for name, records in (("indicators", case.indicators), ("scenarios", case.scenarios),
                          ("groups", case.groups), ("judgments", case.judgments)):
        if records:
            tables[name] = {r.id: {**_dump(r), "order": i} for i, r in enumerate(records)}
    for analyst, rows in sorted(case.ratings.items()):
        table = {e: {h: c.model_dump(mode="json", exclude_defaults=True) for h, c in row.items()}
                 for e, row in rows.items() if row}
        if table:
            tables[RATINGS_PREFIX + analyst] = table
    tables.update(_outcome_to_tables(case))
    return tables


def evidence_from_tables(path: Path, tables: dict[str, dict],
                         problems: list[FileProblem] | None = None,
                         ) -> tuple[Source | None, list[Evidence]]:
    """The source and items in a file's tables; with ``problems`` given, lists every bad one."""
    _check_format(path, tables, "evidence")
    _check_count(path, tables, "items", MAX_ITEMS)
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
    """A folder of cases and evidence. Remembers what it read, so that a save merges
    another process's changes with ours instead of overwriting them."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._seen: dict[Path, Fingerprint | None] = {}
        #: The journal beside each file as we last saw it (None: there was none).
        self._seen_journal: dict[Path, Fingerprint | None] = {}
        #: sha256 of each file's text as we last read or wrote it: a save that would
        #: write the same text writes nothing, and a new journal names it as its base.
        self._digest: dict[Path, str] = {}
        #: What the caller's model of each file was built from: a merge's base.
        self._base: dict[Path, Base] = {}
        #: Files a save merged with another's changes, and the merged text: the caller
        #: holds the unmerged model until it says it adopted this (``adopt``).
        self._unadopted: dict[Path, str] = {}
        #: Files whose journal a read has just set aside.
        self._aside: set[Path] = set()
        #: Warnings for the person (a journal set aside, a torn line cut off), in order.
        self.notices: list[str] = []

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
        tables, text, changes = self._read_disk(path, locked=False)
        self._seen[path] = before
        # Taken before reading, so that a rating appended meanwhile counts as a change;
        # again after, if the journal was just set aside.
        self._seen_journal[path] = (journal_before if path not in self._aside else
                                    Fingerprint.of(journal.journal_path(path)))
        self._aside.discard(path)
        self._digest[path] = digest_of(text)
        # The raw text, not a canonical copy: building that costs as much as the read,
        # and only a merge needs it.
        self._base[path] = Base(text=text, changes=list(changes))
        self._unadopted.pop(path, None)
        # Changes saved by appending (see ach.journal) and not yet compacted into the file.
        journal.apply(tables, changes)
        return tables

    def _read_disk(self, path: Path, *, locked: bool,
                   ) -> tuple[dict[str, dict], str, list[journal.Change]]:
        """The file's tables and text, and its journal's changes (not yet applied)."""
        try:
            tables, text = read_tables_and_text(path)
        except FileProblem as exc:
            raise FileProblem(self.relative(path), exc.problem, exc.location) from None
        return tables, text, self._journal_of(path, tables, digest_of(text), locked=locked)

    def _journal_of(self, path: Path, tables: dict[str, dict], digest: str, *,
                    locked: bool) -> list[journal.Change]:
        """The journal's changes if it was written against this very file; a journal
        written against another (a checkout of another branch after a crash, or one from
        an older ach) is set aside in a named file, never replayed blindly."""
        try:
            found = journal.read(path)
            if found is None:
                return []
            if found.base == digest:
                journal.check(path, found, tables)
                return found.changes
        except FileProblem as exc:
            raise FileProblem(self.relative(exc.path), exc.problem, exc.location) from None
        if locked:
            self._set_aside(path, digest)
        else:
            with self._locked(path):
                self._set_aside(path, digest)
        return []

    def _set_aside(self, path: Path, digest: str) -> None:
        found = journal.read(path)  # again, under the lock: another ach may have acted
        if found is None or found.base == digest:
            return
        stale = journal.set_aside(path)
        self._aside.add(path)
        self.notices.append(
            f"{self.relative(journal.journal_path(path))} was written against another version "
            f"of {self.relative(path)} (a checkout of another branch?), so its ratings were "
            f"not applied; it is kept as {self.relative(stale)}")

    @collection_paused()
    def load_case(self, case_id: str) -> Case:
        path = self.case_path(case_id)
        if not path.exists():
            known = ", ".join(self.case_ids()) or "none"
            raise WorkspaceError(f"no case {case_id!r} in {self.root} (cases: {known})")
        case = self._case_of(path, self._read(path))
        if case.id != case_id:
            raise FileProblem(self.relative(path), f"holds case {case.id!r}, but its file name "
                              f"says {case_id!r}", "case → case → id")
        return case

    def _case_of(self, path: Path, tables: dict[str, dict]) -> Case:
        return case_from_tables(Path(self.relative(path)), tables)

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

    def _must_merge(self, path: Path) -> bool:
        return path in self._unadopted or bool(self._change_on_disk(path))

    @contextmanager
    def _locked(self, path: Path) -> Iterator[None]:
        try:
            with locking.locked(path, self.relative(path)):
                yield
        except locking.Busy as exc:
            raise FileBusy(str(exc)) from None

    def _write(self, path: Path, tables: dict[str, dict], *, new: bool = False,
               prefer: str | None = None) -> Written:
        """Write if the text changed, merging what changed on disk since we saw it.

        Under the file's lock, so that no other ach writes between our look and our
        rename. ``prefer`` ("ours" or "theirs") settles conflicts; without it they raise
        MergeConflict and nothing is written.
        """
        if new and path.exists():  # refused before a lock file is even made
            raise WorkspaceError(f"{self.relative(path)} already exists; nothing was changed")
        with self._locked(path):
            now = Fingerprint.of(path)
            if new and now is not None:
                raise WorkspaceError(f"{self.relative(path)} already exists; nothing was changed")
            if not new and self._must_merge(path):
                return self._merge_write(path, tables, prefer)
            # Streamed, never one giant string: a large case's file is 12 MB of text.
            digest = atomic_write_chunks(path, canonical_chunks(tables),
                                         unless=self._digest.get(path) if now else None)
            journal.discard(path)  # written, or its changes cancelled out: the file says it all
            self._seen_journal[path] = None
            self._base[path] = Base(tables=tables)
            if digest is None:
                return Written(False)
            self._seen[path] = Fingerprint.of(path)
            self._digest[path] = digest
            return Written(True)

    def _merge_write(self, path: Path, tables: dict[str, dict],
                     prefer: str | None) -> Written:
        """Merge ours with the file as it is now (and its journal), the last read as base."""
        # Here, not at the top: only a save that meets another's change needs the merge.
        from ach.merge import MergeInputError, merge_texts  # noqa: PLC0415

        name = self.relative(path)
        if not path.exists():
            raise ChangedOnDisk(f"{name} was removed on disk since it was read (another ach, "
                                "an editor or git); nothing was changed")
        theirs_tables, _, changes = self._read_disk(path, locked=True)
        journal.apply(theirs_tables, changes)
        kind = tables.get("meta", {}).get("format", {}).get("kind", "")
        _check_format(Path(name), theirs_tables, kind)
        base = self._base[path].canonical() if path in self._base else ""
        try:
            merged = merge_texts(base, canonical_json(tables), canonical_json(theirs_tables))
        except MergeInputError as exc:
            raise ChangedOnDisk(f"{name} changed on disk and cannot be merged with our "
                                f"changes ({exc}); nothing was changed") from None
        text = merged.text
        if merged.conflicts:
            if prefer not in ("ours", "theirs"):
                raise MergeConflict(name, merged.conflicts)
            text = settled(text, merged.conflicts, prefer)
        atomic_write_text(path, text)
        journal.discard(path)
        self._seen[path] = Fingerprint.of(path)
        self._seen_journal[path] = None
        self._digest[path] = digest_of(text)
        # Until the caller adopts the merge, its model is ours: the base of the next merge.
        self._base[path] = Base(tables=tables)
        self._unadopted[path] = text
        return Written(True, json.loads(text))

    def adopt(self, paths: Iterable[Path] | None = None) -> None:
        """The caller now holds the merged versions of these files (default: all), so its
        next save builds on them (and a rating goes to the journal again)."""
        for path in list(self._unadopted if paths is None else paths):
            text = self._unadopted.pop(path, None)
            if text is not None:
                self._base[path] = Base(text=text)

    def unadopted(self) -> dict[Path, str]:
        """Files merged by our saves whose merged version the caller has not adopted."""
        return dict(self._unadopted)

    def append_rating_row(self, case: Case, analyst: str, evidence_id: str) -> Saved:
        """Save one analyst's row of ratings by appending to the case's journal.

        Costs the same for any size of case (one line, one fsync); ``save_case`` or
        ``compact`` later folds it into the canonical file. If the case changed on disk
        since we read it, the whole case is merged and written instead: a row holds
        several cells, and another ach may have rated one of them.
        """
        path = self.case_path(case.id)
        if path not in self._digest:
            # Never read nor written by us (a case made in memory): a journal needs a file
            # to be based on, so the first save writes the case whole.
            return self.save_case(case)
        with self._locked(path):
            if self._must_merge(path):
                return self._saved(path, self._merge_write(path, case_to_tables(case), None))
            row = case.ratings.get(analyst, {}).get(evidence_id)
            record = ({h: c.model_dump(mode="json", exclude_defaults=True)
                       for h, c in row.items()} if row else {})
            change = journal.Change(RATINGS_PREFIX + analyst, evidence_id, record)
            notice = journal.append(path, [change], base=self._digest[path])
            if notice:
                self.notices.append(notice)
            self._seen_journal[path] = Fingerprint.of(journal.journal_path(path))
            self._base[path].changes.append(change)
        return Saved(True)

    def _saved(self, path: Path, written: Written) -> Saved:
        merged = None if written.merged is None else self._case_of(path, written.merged)
        return Saved(written.written, merged)

    def has_journal(self, case_id: str) -> bool:
        return journal.exists(self.case_path(case_id))

    def create_case(self, case: Case) -> Path:
        path = self.case_path(case.id)
        self._write(path, case_to_tables(case), new=True)
        self.reports_dir.mkdir(parents=True, exist_ok=True)
        self.evidence_dir.mkdir(parents=True, exist_ok=True)
        return path

    def save_case(self, case: Case, *, prefer: str | None = None) -> Saved:
        """Write the case whole (folding in its journal), merged with any change on disk;
        ``prefer`` settles conflicting cells and fields ("ours" or "theirs")."""
        path = self.case_path(case.id)
        return self._saved(path, self._write(path, case_to_tables(case), prefer=prefer))

    def save_library(self, library: Library, keys: Iterable[str] | None = None, *,
                     prefer: str | None = None) -> list[Path]:
        """Write the evidence files of these sources (default: all); returns those written.

        A file merged with another's changes is listed in ``unadopted()``.
        """
        wanted = set(keys) if keys is not None else (
            set(library.sources) | {library.file_key(e) for e in library.items.values()})
        written = []
        for key in sorted(wanted):
            source = None if key == NO_SOURCE else library.sources.get(key)
            items = [e for e in library.items.values() if library.file_key(e) == key]
            path = self.evidence_path(key)
            if source is None and not items and not path.exists():
                continue
            if self._write(path, evidence_to_tables(source, items), prefer=prefer):
                written.append(path)
        return written

    def merged_library(self, library: Library) -> Library:
        """``library`` with the evidence files our saves merged replaced by their merged
        versions (what the caller adopts along with ``adopt``)."""
        merged = Library(dict(library.sources), dict(library.items))
        for path, text in self._unadopted.items():
            if path.parent != self.evidence_dir:
                continue
            key = path.stem
            merged.sources.pop(key, None)
            for item in [e for e in merged.items.values() if merged.file_key(e) == key]:
                del merged.items[item.id]
            source, items = evidence_from_tables(Path(self.relative(path)), json.loads(text))
            if source is not None:
                merged.sources[source.id] = source
            merged.items.update((item.id, item) for item in items)
        return merged

    def forget(self) -> None:
        """Drop what we remember of files (after the user chose to reload)."""
        self._seen.clear()
        self._seen_journal.clear()
        self._digest.clear()
        self._base.clear()
        self._unadopted.clear()


@dataclass
class Written:
    written: bool
    #: The merged tables, when the write merged another process's changes.
    merged: dict[str, dict] | None = None

    def __bool__(self) -> bool:
        return self.written


@dataclass
class Base:
    """What a caller's model of a file was built from: the text read, or the tables
    written, with the journal's changes since. Made canonical text only when a merge
    needs it, so that reading a large case stays fast."""

    text: str | None = None
    tables: dict[str, dict] | None = None
    changes: list[journal.Change] = field(default_factory=list)

    def canonical(self) -> str:
        tables = json.loads(self.text) if self.tables is None else copy.deepcopy(self.tables)
        journal.apply(tables, self.changes)
        return canonical_json(tables)


def settled(text: str, conflicts: list[Conflict], prefer: str) -> str:
    """The merged text (ours wherever they conflict) with ``prefer``'s side taken."""
    if prefer == "ours":
        return text
    from ach.merge.resolve import apply  # noqa: PLC0415 - it imports this module

    tables = json.loads(text)
    for conflict in conflicts:
        apply(tables, conflict, prefer)
    return canonical_json(tables)


def relative_to(root: Path, path: Path) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)
