"""Settling conflicts: put the chosen side's value into the file's tables.

Works on the tables as they are now, so ratings made after the merge are kept.
Choosing the side that removed a hypothesis or an evidence item removes it again
with everything that hangs on it (every analyst's ratings of it, and for a
hypothesis its indicators and other hypotheses' relations to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ach import locking
from ach.fileformat import FormatProblem, file_format
from ach.jsonfile import FileProblem, atomic_write_text, canonical_json, parse_json, read_text
from ach.merge.conflict import MISSING, SIDES, Conflict
from ach.merge.files import read_conflicts, write_conflicts
from ach.merge.records import ORDER, is_ratings, sequence_of
from ach.store import case_from_tables, evidence_from_tables

Tables = dict[str, dict[str, Any]]


class ResolveError(ValueError):
    """A choice that cannot be applied (unknown id or side), in one line."""


@dataclass
class Settled:
    #: The conflicts settled, each with the side taken.
    taken: list[tuple[Conflict, str]]
    #: The conflicts still unresolved.
    left: list[Conflict]


def settle(path: Path, choices: dict[str, str], name: str | None = None) -> Settled:
    """Settle conflicts of ``path`` (``{conflict id: "ours" | "theirs"}``) and write the file.

    The file and its conflict list are read and written under the file's lock
    (``ach.locking``; ``name`` names it), so no other ach writes between; they are written
    only if the result still loads, and the list goes once nothing is left. Raises
    ResolveError (another ach keeps the file, or the choices do not apply) or FileProblem,
    changing nothing.
    """
    try:
        with locking.locked(path, name):
            return _settle(path, choices)
    except locking.Busy as exc:
        raise ResolveError(str(exc)) from None


def _settle(path: Path, choices: dict[str, str]) -> Settled:
    conflicts = read_conflicts(path)
    unknown = set(choices) - {c.id for c in conflicts}
    if unknown:
        raise ResolveError(f"no unresolved conflict {sorted(unknown)[0]!r} in {path.name}")
    tables = read_ach_file(path)
    taken = [(c, choices[c.id]) for c in conflicts if c.id in choices]
    for conflict, side in taken:
        apply(tables, conflict, side)
    _check_still_loads(path, tables)
    atomic_write_text(path, canonical_json(tables))
    left = [c for c in conflicts if c.id not in choices]
    write_conflicts(path, left)
    return Settled(taken, left)


def read_ach_file(path: Path) -> Tables:
    """A case or evidence file's tables, after checking it is one this ach reads."""
    tables = parse_json(path, read_text(path))
    if not all(isinstance(t, dict) for t in tables.values()):
        raise FileProblem(path, "is not an ACH file (a table is not a JSON object)")
    try:
        file_format(tables)
    except FormatProblem as exc:
        raise FileProblem(path, exc.problem, exc.location) from None
    return tables


def _check_still_loads(path: Path, tables: Tables) -> None:
    kind = tables.get("meta", {}).get("format", {}).get("kind")
    try:
        if kind == "case":
            case_from_tables(path, tables)
        elif kind == "evidence":
            evidence_from_tables(path, tables)
    except FileProblem as exc:
        raise ResolveError(f"those choices would leave {path.name} unreadable "
                           f"({exc.location}: {exc.problem}); nothing was changed") from None


def parse_picks(picks: list[str], conflicts: list[Conflict]) -> dict[str, str]:
    """``["c1=theirs", …]`` → {conflict id: side}, checking both against the list."""
    known = {c.id for c in conflicts}
    chosen: dict[str, str] = {}
    for pick in picks:
        key, sep, side = pick.partition("=")
        key, side = key.strip(), side.strip().lower()
        if not sep or side not in SIDES:
            raise ResolveError(f"--pick {pick!r}: write ID=ours or ID=theirs, e.g. c1=theirs")
        if key not in known:
            listed = ", ".join(sorted(known, key=_number)) or "none"
            raise ResolveError(f"--pick {pick!r}: no unresolved conflict {key!r} "
                               f"(unresolved: {listed})")
        chosen[key] = side
    return chosen


def _number(conflict_id: str) -> int:
    digits = conflict_id.lstrip("c")
    return int(digits) if digits.isdigit() else 0


def apply(tables: Tables, conflict: Conflict, side: str) -> None:
    """Put ``side``'s value of the conflict into ``tables`` (in place)."""
    value = conflict.value(side)
    if conflict.kind == "deleted":
        if side == conflict.removed_on:
            remove_record(tables, conflict.table, conflict.record)
        elif conflict.record not in tables.get(conflict.table, {}) and value is not MISSING:
            _add_at_end(tables, conflict.table, conflict.record, value)
        return
    record = tables.get(conflict.table, {}).get(conflict.record)
    if record is None:
        if value is MISSING:
            return
        record = tables.setdefault(conflict.table, {}).setdefault(conflict.record, {})
    if value is MISSING:
        record.pop(conflict.field, None)
    else:
        record[conflict.field] = value
    if not record and is_ratings(conflict.table):
        _drop_empty(tables, conflict.table, conflict.record)


def _add_at_end(tables: Tables, table: str, rid: str, value: dict[str, Any]) -> None:
    records = tables.setdefault(table, {})
    orders = [r.get(ORDER) for r in records.values() if isinstance(r.get(ORDER), int)]
    records[rid] = {**value, ORDER: max(orders, default=-1) + 1} if orders or not records \
        else dict(value)


def _drop_empty(tables: Tables, table: str, rid: str) -> None:
    rows = tables.get(table, {})
    if rid in rows and not rows[rid]:
        del rows[rid]
    if table in tables and not tables[table] and is_ratings(table):
        del tables[table]


def remove_record(tables: Tables, table: str, rid: str) -> None:
    """Remove a record and, in a case, what hangs on it; renumber what stays."""
    records = tables.get(table, {})
    records.pop(rid, None)
    if table in ("hypotheses", "evidence"):
        for name in [n for n in tables if is_ratings(n)]:
            rows = tables[name]
            if table == "evidence":
                rows.pop(rid, None)
            else:
                for e in list(rows):
                    rows[e].pop(rid, None)
                    _drop_empty(tables, name, e)
            if name in tables and not rows:
                del tables[name]
    if table == "hypotheses":
        indicators = tables.get("indicators", {})
        for iid in [i for i, rec in indicators.items() if rec.get("hypothesis_id") == rid]:
            del indicators[iid]
        if "indicators" in tables and not indicators:
            del tables["indicators"]
        for hyp in records.values():
            relations = hyp.get("relations")
            if isinstance(relations, dict) and rid in relations:
                del relations[rid]
                if not relations:
                    del hyp["relations"]
    for order, key in enumerate(sequence_of(records)):
        if ORDER in records[key]:
            records[key][ORDER] = order
