"""An append-only journal of rating rows beside a case file.

Rewriting a large case file for every keystroke costs seconds; appending one line
and fsyncing it costs the same for a case of any size. The first line names the
case file it was written against (``{"base": "<sha256 of the file's text>"}``);
each further line replaces one analyst's row of ratings (an empty record clears
the row). Loading applies the journal over the file; compacting writes the file
whole and removes the journal, so the files in git stay the canonical ones.

A journal whose base is not the file on disk (a ``git checkout`` of another branch
after a crash) is never replayed: the store sets it aside in a named file. A crash
mid-append leaves at most a torn last line, which is ignored when reading and cut
off before the next append, so the next rating never lands glued to it.
"""

from __future__ import annotations

import errno
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ach.jsonfile import FileProblem

SUFFIX = ".journal"
#: Journals set aside: ``.x.json.journal.stale-20250101T120000``.
STALE = ".stale-"
RATINGS_PREFIX = "ratings:"
_CODES = frozenset({"CC", "C", "N", "I", "II", "NA"})


def journal_path(path: Path) -> Path:
    """``hypotheses/x.json`` → ``hypotheses/.x.json.journal`` (hidden, ignored by globs)."""
    return path.with_name(f".{path.name}{SUFFIX}")


@dataclass(frozen=True, slots=True)
class Change:
    table: str
    doc_id: str
    #: The whole new row; an empty one clears it.
    record: dict[str, Any]

    def to_line(self) -> str:
        return json.dumps({"table": self.table, "id": self.doc_id, "record": self.record},
                          ensure_ascii=False, sort_keys=True) + "\n"


@dataclass
class Journal:
    #: sha256 of the case file's text the journal was written against (None: not recorded).
    base: str | None
    changes: list[Change] = field(default_factory=list)
    #: Line numbers of the changes (1 is the header), for naming a bad one.
    lines: list[int] = field(default_factory=list)


def header(base: str) -> str:
    return json.dumps({"base": base}) + "\n"


def _problem(path: Path, number: int, problem: str) -> FileProblem:
    return FileProblem(journal_path(path), problem, f"line {number}")


def _change(path: Path, number: int, line: str) -> Change:
    """One line as a change of a rating row, or a FileProblem naming the journal."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        raise _problem(path, number, "is not a JSON line of ratings") from None
    if not isinstance(data, dict) or set(data) != {"table", "id", "record"}:
        raise _problem(path, number, "is not a change of a row of ratings")
    table, doc_id, record = data["table"], data["id"], data["record"]
    if not isinstance(table, str) or not table.startswith(RATINGS_PREFIX):
        raise _problem(path, number, f"changes the table {table!r}; a journal holds only "
                       "ratings")
    if not isinstance(doc_id, str) or not doc_id:
        raise _problem(path, number, "names no evidence item")
    if not isinstance(record, dict):
        raise _problem(path, number, "deletes a record; a journal only replaces rows of "
                       "ratings")
    for hyp_id, cell in record.items():
        if not (isinstance(cell, dict) and cell.get("rating") in _CODES
                and set(cell) <= {"rating", "reason"}
                and isinstance(cell.get("reason", ""), str)):
            raise _problem(path, number, f"the rating of {doc_id} against {hyp_id} is not a "
                           "rating (CC, C, N, I, II or NA, with an optional reason)")
    return Change(table, doc_id, record)


def read(path: Path) -> Journal | None:
    """The journal beside ``path`` (None if there is none or it holds no whole line).

    A torn last line (a crash mid-append) is ignored; any other bad line is a
    FileProblem naming the journal, so that nothing is replayed half-understood.
    """
    try:
        raw = journal_path(path).read_bytes()
    except FileNotFoundError:
        return None
    text = raw.decode("utf-8", errors="replace")
    whole = text[:text.rfind("\n") + 1]
    if not whole:
        return None
    lines = whole.splitlines()
    try:
        first = json.loads(lines[0])
    except json.JSONDecodeError:
        first = None
    found = Journal(None)
    start = 0
    if isinstance(first, dict) and set(first) == {"base"} and isinstance(first["base"], str):
        found.base = first["base"]
        start = 1
    for number, line in enumerate(lines[start:], start + 1):
        if line.strip():
            found.changes.append(_change(path, number, line))
            found.lines.append(number)
    return found


def check(path: Path, found: Journal, tables: dict[str, dict[str, Any]]) -> None:
    """Every change rates evidence and hypotheses the case file has, else a FileProblem
    naming the journal (a journal never adds or removes those)."""
    evidence = tables.get("evidence", {})
    hypotheses = tables.get("hypotheses", {})
    for change, number in zip(found.changes, found.lines, strict=True):
        if change.doc_id not in evidence:
            raise _problem(path, number, f"rates evidence {change.doc_id!r}, which the case "
                           "does not use")
        for hyp_id in change.record:
            if hyp_id not in hypotheses:
                raise _problem(path, number, f"rates the unknown hypothesis {hyp_id!r}")


def apply(tables: dict[str, dict[str, Any]], changes: list[Change]) -> None:
    """Replay changes over a file's tables, in place."""
    for change in changes:
        table = tables.setdefault(change.table, {})
        if change.record:
            table[change.doc_id] = change.record
        else:
            table.pop(change.doc_id, None)
        if not table:
            tables.pop(change.table, None)


def append(path: Path, changes: list[Change], base: str) -> str:
    """Add changes durably: every byte written, then fsync, before returning.

    A new journal starts with ``base`` (the digest of the case file's text). A torn
    last line is cut off first; the returned text says so ('' if nothing was cut).
    A write that cannot finish (a full disk) is undone and raises OSError, so that
    the journal never ends in half a line of ours.
    """
    if not changes:
        return ""
    data = "".join(c.to_line() for c in changes).encode("utf-8")
    fd = os.open(journal_path(path), os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        size, notice = _cut_torn_line(fd, path)
        if size == 0:
            data = header(base).encode("utf-8") + data
        _write_all(fd, data, size)
        os.fsync(fd)
    finally:
        os.close(fd)
    return notice


def _cut_torn_line(fd: int, path: Path) -> tuple[int, str]:
    """Truncate a journal not ending in a newline to its last whole line."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return size, ""
    text = os.pread(fd, size, 0)
    keep = text.rfind(b"\n") + 1
    os.ftruncate(fd, keep)
    return keep, (f"{journal_path(path).name}: cut off an unfinished last line "
                  f"({size - keep} bytes, left by an interrupted save)")


def _write_all(fd: int, data: bytes, size: int) -> None:
    """``os.write`` until every byte is written; on failure, truncate back to ``size``."""
    done = 0
    try:
        while done < len(data):
            n = os.write(fd, data[done:])
            if n <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            done += n
    except OSError:
        try:
            os.ftruncate(fd, size)
        except OSError:
            pass  # the next append cuts the torn line off
        raise


def set_aside(path: Path) -> Path:
    """Rename the journal to a named stale file beside it; returns the new path."""
    source = journal_path(path)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = source.with_name(f"{source.name}{STALE}{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = source.with_name(f"{source.name}{STALE}{stamp}-{n}")
    os.replace(source, target)
    return target


def discard(path: Path) -> None:
    journal_path(path).unlink(missing_ok=True)


def exists(path: Path) -> bool:
    return journal_path(path).exists()
