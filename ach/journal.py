"""An append-only journal of record changes beside a workspace file.

Rewriting a large case file for every keystroke costs seconds; appending one line
and fsyncing it costs the same for a case of any size. Each line replaces (or,
with ``record`` null, deletes) one TinyDB record of the file. Loading applies the
journal over the file; compacting writes the file whole and removes the journal,
so the files in git stay the canonical ones. A crash mid-append leaves at most a
torn last line, which is ignored: the last keystroke is all that can be lost.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUFFIX = ".journal"


def journal_path(path: Path) -> Path:
    """``hypotheses/x.json`` → ``hypotheses/.x.json.journal`` (hidden, ignored by globs)."""
    return path.with_name(f".{path.name}{SUFFIX}")


@dataclass(frozen=True, slots=True)
class Change:
    table: str
    doc_id: str
    #: The whole new record, or None to delete it.
    record: dict[str, Any] | None

    def to_line(self) -> str:
        return json.dumps({"table": self.table, "id": self.doc_id, "record": self.record},
                          ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def from_line(cls, line: str) -> Change | None:
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            return None
        if not isinstance(data, dict):
            return None
        table, doc_id, record = data.get("table"), data.get("id"), data.get("record")
        if not isinstance(table, str) or not isinstance(doc_id, str):
            return None
        if record is not None and not isinstance(record, dict):
            return None
        return cls(table, doc_id, record)


def append(path: Path, changes: list[Change]) -> None:
    """Add changes durably: one write, then fsync, before returning."""
    if not changes:
        return
    data = "".join(c.to_line() for c in changes).encode("utf-8")
    fd = os.open(journal_path(path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path) -> list[Change]:
    """The journal's changes in order; a torn or foreign line (a crash mid-append) is skipped."""
    try:
        text = journal_path(path).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    changes = []
    for line in text.splitlines():
        change = Change.from_line(line)
        if change is not None:
            changes.append(change)
    return changes


def apply(tables: dict[str, dict[str, Any]], changes: list[Change]) -> None:
    """Replay changes over a file's tables, in place."""
    for change in changes:
        table = tables.setdefault(change.table, {})
        if change.record is None:
            table.pop(change.doc_id, None)
        else:
            table[change.doc_id] = change.record
        if not table:
            tables.pop(change.table, None)


def discard(path: Path) -> None:
    journal_path(path).unlink(missing_ok=True)


def exists(path: Path) -> bool:
    return journal_path(path).exists()
