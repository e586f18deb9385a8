"""The three-way merge of one table: record by record, field by field, cell by cell.

For every value the rule is the usual one — if the two sides agree, take it; if
one side left it as it was in the base, take the other side's — applied at the
finest level that has a meaning: a field of a record, or one analyst's rating of
one cell (a rating and its reason travel together: the reason argues for the rating).
What is left are genuine conflicts; the result then holds ours, except for a
record one side removed and the other changed, which is kept until someone decides.

Records that carry an ``order`` are renumbered after the merge (see ``merge_order``),
so two sides that both appended items never conflict over their positions.
"""

from __future__ import annotations

from typing import Any

from ach.merge.conflict import MISSING, RATINGS_PREFIX, Conflict

ORDER = "order"
#: List fields that are sets (order kept, no duplicates): merged by element, never in conflict.
SET_FIELDS = frozenset({"tags"})


def is_ratings(table: str) -> bool:
    return table.startswith(RATINGS_PREFIX)


def merge_value(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """The merged value and whether the sides changed it two different ways."""
    if ours == theirs:
        return ours, False
    if base == ours:
        return theirs, False
    if base == theirs:
        return ours, False
    return ours, True


def merge_set(base: Any, ours: Any, theirs: Any) -> list:
    """A list kept as a set: each element is in or out by the three-way rule, ours' order first."""
    def items(value: Any) -> list:
        return value if isinstance(value, list) else []
    b, o, t = items(base), items(ours), items(theirs)
    merged = []
    for element in o + [x for x in t if x not in o]:
        keep, _ = merge_value(element in b, element in o, element in t)
        if keep and element not in merged:
            merged.append(element)
    return merged


def merge_fields(table: str, record: str, base: dict, ours: dict, theirs: dict,
                 conflicts: list[Conflict]) -> dict:
    """A record both sides changed, field by field."""
    return _merge_members("field", table, record, (base, ours, theirs), conflicts, SET_FIELDS)


def merge_row(table: str, record: str, base: dict, ours: dict, theirs: dict,
              conflicts: list[Conflict]) -> dict:
    """One analyst's row of ratings both sides changed, cell by cell."""
    return _merge_members("cell", table, record, (base, ours, theirs), conflicts)


def _merge_members(kind: str, table: str, record: str, versions: tuple[dict, dict, dict],
                   conflicts: list[Conflict], set_fields: frozenset[str] = frozenset()) -> dict:
    base, ours, theirs = versions
    merged = {}
    for key in sorted(base.keys() | ours.keys() | theirs.keys()):
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if key in set_fields and all(v is MISSING or isinstance(v, list) for v in (b, o, t)):
            value, clash = merge_set(b, o, t), False
            if not value and (o is MISSING or t is MISSING):
                value = MISSING  # an empty set is written as no field at all
        else:
            value, clash = merge_value(b, o, t)
        if clash:
            conflicts.append(Conflict(kind, table, record, key, b, o, t))
        if value is not MISSING:
            merged[key] = value
    return merged


def _without_order(table: dict[str, Any]) -> dict[str, Any]:
    return {rid: {k: v for k, v in rec.items() if k != ORDER} for rid, rec in table.items()}


def is_ordered(table: str, *versions: dict[str, Any]) -> bool:
    if is_ratings(table):
        return False
    return any(isinstance(rec.get(ORDER), int | float) for v in versions for rec in v.values())


def merge_table(table: str, base: dict, ours: dict, theirs: dict,
                conflicts: list[Conflict]) -> dict:
    """A table merged by record id; ``order`` never conflicts, it is renumbered."""
    ordered = is_ordered(table, base, ours, theirs)
    b, o, t = ((_without_order(v) for v in (base, ours, theirs)) if ordered
               else (base, ours, theirs))
    merged: dict[str, Any] = {}
    for rid in sorted(b.keys() | o.keys() | t.keys()):
        bv, ov, tv = b.get(rid, MISSING), o.get(rid, MISSING), t.get(rid, MISSING)
        value, clash = merge_value(bv, ov, tv)
        if clash:
            if is_ratings(table):
                value = merge_row(table, rid, _dict(bv), _dict(ov), _dict(tv), conflicts) \
                    or MISSING
            elif ov is MISSING or tv is MISSING:
                value = tv if ov is MISSING else ov
                removed = "ours" if ov is MISSING else "theirs"
                conflicts.append(Conflict("deleted", table, rid, "", bv, ov, tv,
                                          removed_on=removed))
            else:
                value = merge_fields(table, rid, _dict(bv), ov, tv, conflicts)
        if value is not MISSING:
            merged[rid] = value
    if ordered:
        sequence = merge_order(sequence_of(base), sequence_of(ours), sequence_of(theirs),
                               set(merged))
        merged = {rid: {**merged[rid], ORDER: i} for i, rid in enumerate(sequence)}
    return merged


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def sequence_of(table: dict[str, Any]) -> list[str]:
    """Record ids in the order the file gives them (as ``ach.store`` reads them)."""
    def key(item: tuple[str, Any]) -> tuple[float, str]:
        order = item[1].get(ORDER, 0)
        return (order if isinstance(order, int | float) else 0, item[0])
    return [rid for rid, _ in sorted(table.items(), key=key)]


def merge_order(base: list[str], ours: list[str], theirs: list[str], keep: set[str]
                ) -> list[str]:
    """One order for the merged records.

    The side that rearranged the records it shares with the base gives the order
    (ours, if both did); the other side's new records are placed after the record
    they follow there. Where both sides added records at the same place, ours come
    first, then theirs.
    """
    in_base = set(base)

    def rearranged(side: list[str]) -> bool:
        shared = in_base.intersection(side)
        return [r for r in side if r in shared] != [r for r in base if r in shared]

    ours_lead = rearranged(ours) or not rearranged(theirs)
    lead, other = (ours, theirs) if ours_lead else (theirs, ours)
    in_other = set(other)
    sequence = [r for r in lead if r in keep]
    placed = set(sequence)
    anchor: str | None = None
    for rid in other:
        if rid in placed:
            anchor = rid
            continue
        if rid not in keep:
            continue
        at = sequence.index(anchor) + 1 if anchor is not None else 0
        if ours_lead:
            # theirs' new record goes after ours' new records standing at the same place
            while at < len(sequence) and sequence[at] not in in_base \
                    and sequence[at] not in in_other:
                at += 1
        sequence.insert(at, rid)
        placed.add(rid)
        anchor = rid
    sequence.extend(sorted(keep - placed))
    return sequence
