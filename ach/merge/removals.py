"""A hypothesis or evidence item removed on one side of a case and still worked on on the other.

Removing a hypothesis (or taking an item out of a case) also removes every
analyst's ratings of it. If the other side meanwhile changed the record, or rated
it, a plain merge would either lose that work or leave ratings of something the
case no longer has. Instead the record is kept: the removing side is treated as
if it had not removed it (the record, its ratings and its indicators are put back
as they were in the base), the merge then takes the other side's work, and a
``deleted`` conflict asks the analyst to confirm. Picking the removing side in
``ach resolve`` removes it again, with its ratings.
"""

from __future__ import annotations

from typing import Any

from ach.merge.conflict import MISSING, Conflict
from ach.merge.layout import Version
from ach.merge.records import ORDER, is_ratings, sequence_of

#: Evidence first: a hypothesis's ratings are put back only in rows the case still has.
CASE_TABLES = ("evidence", "hypotheses")


def protect_removed(base: Version, ours: Version, theirs: Version) -> list[Conflict]:
    conflicts: list[Conflict] = []
    for table in CASE_TABLES:
        if not base.has(table):
            continue
        texts = {base.text(table), ours.text(table), theirs.text(table)}
        if len(texts) == 1 and not (ours.patched(table) or theirs.patched(table)):
            continue
        for removing, keeping in ((ours, theirs), (theirs, ours)):
            for rid in _removed(table, base, removing, keeping):
                why = what_changed(table, rid, base, keeping)
                if not why:
                    continue
                restore(table, rid, base, removing)
                kept = _plain(keeping.table(table)[rid])
                ours_value, theirs_value = (MISSING, kept) if removing is ours else (kept, MISSING)
                conflicts.append(Conflict(
                    "deleted", table, rid, "", _plain(base.table(table)[rid]), ours_value,
                    theirs_value, removed_on=removing.label, extra={"why": why}))
    return conflicts


def _removed(table: str, base: Version, removing: Version, keeping: Version) -> list[str]:
    gone = removing.table(table)
    kept = keeping.table(table)
    return [rid for rid in base.table(table) if rid not in gone and rid in kept]


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != ORDER}


def _ratings_tables(*versions: Version) -> list[str]:
    return sorted({name for v in versions for name in v.names() if is_ratings(name)})


def _mentions(version: Version, name: str, rid: str) -> bool:
    text = version.text(name)
    return text is None and version.patched(name) or (text is not None and f'"{rid}": ' in text)


def what_changed(table: str, rid: str, base: Version, keeping: Version) -> str:
    """What the keeping side did to the record, in words; empty if nothing."""
    if _plain(base.table(table)[rid]) != _plain(keeping.table(table)[rid]):
        return "changed it"
    rated = []
    # Only cells the keeping side still has a row and column for: the ratings it dropped
    # along with a hypothesis or an item it removed itself are no work done on this record.
    other = keeping.table("hypotheses" if table == "evidence" else "evidence")
    for name in _ratings_tables(base, keeping):
        if base.text(name) == keeping.text(name) and not keeping.patched(name):
            continue
        if not (_mentions(base, name, rid) or _mentions(keeping, name, rid)):
            continue
        before = _cells(base.table(name), table, rid, other)
        after = _cells(keeping.table(name), table, rid, other)
        changed = sum(before.get(key) != after.get(key) for key in before.keys() | after.keys())
        if changed:
            rated.append(f"{name.split(':', 1)[1]}: {changed} cell{'s' if changed > 1 else ''}")
    if rated:
        return f"changed its ratings ({', '.join(rated)})"
    if table == "hypotheses" and _indicators(base, rid) != _indicators(keeping, rid):
        return "changed its indicators"
    return ""


def _cells(rows: dict[str, Any], table: str, rid: str, other: dict[str, Any]
           ) -> dict[str, Any]:
    """One analyst's cells of the record, by (evidence, hypothesis), where ``other`` has the
    hypothesis (for an item) or the item (for a hypothesis)."""
    if table == "evidence":
        return {(rid, h): c for h, c in rows.get(rid, {}).items() if h in other}
    return {(e, rid): row[rid] for e, row in rows.items() if rid in row and e in other}


def _indicators(version: Version, hypothesis: str) -> dict[str, Any]:
    return {iid: _plain(rec) for iid, rec in version.table("indicators").items()
            if rec.get("hypothesis_id") == hypothesis}


def restore(table: str, rid: str, base: Version, side: Version) -> None:
    """Put the record back on the side that removed it, with its ratings and indicators."""
    _put_back(side, table, base.table(table), [rid])
    if table == "hypotheses":
        _put_back(side, "indicators", base.table("indicators"), list(_indicators(base, rid)))
    # Only cells whose row and column the side has: a hypothesis it removed stays removed,
    # and one put back later brings its own cells.
    rows_in_case, columns = side.table("evidence"), side.table("hypotheses")
    for name in _ratings_tables(base):
        old = base.table(name)
        rows = dict(side.table(name))
        if table == "evidence":
            cells = {h: c for h, c in old.get(rid, {}).items() if h in columns}
            if cells and rid not in rows:
                rows[rid] = cells
        else:
            for e, row in old.items():
                if rid in row and e in rows_in_case:
                    rows[e] = {**rows.get(e, {}), rid: row[rid]}
        if rows == old:
            # Nothing else changed on that side: the base's text stands for it, and the
            # table need not be parsed and written again.
            side.set_table(name, rows, base.text(name))
        elif rows != side.table(name):
            side.set_table(name, rows)


def _put_back(side: Version, table: str, old: dict[str, Any], ids: list[str]) -> None:
    """Records back into a side's table, each just after the record it followed in the base."""
    if not ids:
        return
    records = dict(side.table(table))
    base_sequence = sequence_of(old)
    for rid in ids:
        if rid in records:
            continue
        at = base_sequence.index(rid)
        before = next((r for r in reversed(base_sequence[:at]) if r in records), None)
        order = records[before].get(ORDER, 0) + 0.5 if before is not None else -0.5
        records[rid] = {**old[rid], ORDER: order}
    side.set_table(table, records)
