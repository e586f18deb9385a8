"""The semantic three-way merge of one of our files: base, ours and theirs → merged text.

Tables are compared as text first: a table the two sides agree on, or that only
one side changed, is copied as it stands. An analysts' ratings table both sides
changed is merged row by row the same way, and only rows both sides changed are
parsed; any other table both sides changed is merged record by record
(``ach.merge.records``). The result is the canonical text ``ach`` itself writes,
and it always loads: if it would not, ``MergeInputError`` says why, and the
caller falls back to a line-by-line merge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ach.merge.conflict import MISSING, Conflict, describe
from ach.merge.layout import (
    MergeInputError,
    Version,
    check_same_kind,
    has_markers,
    join_object,
    split_object,
    value_text,
)
from ach.merge.records import is_ratings, merge_row, merge_table
from ach.merge.removals import protect_removed

#: The indent of a table's records in our files (tables stand at 2).
RECORD_INDENT = 4


@dataclass
class Merged:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_texts(base: str, ours: str, theirs: str) -> Merged:
    """Merge three versions of a file; the result holds ours wherever they conflict.

    Raises ForeignInput, before anything is merged, if the versions are not one kind of
    file that this ach reads (e.g. theirs is an evidence file, or from a newer ach).
    """
    if ours == theirs:
        return Merged(ours)
    if base in (ours, theirs):  # one side changed: take it, once it is known to be ours
        check_same_kind(*(Version.meta_only(text, label) for text, label in
                          ((base, "base"), (ours, "ours"), (theirs, "theirs"))))
        return Merged(ours if base == theirs else theirs)
    b, o, t = Version(base, "base"), Version(ours, "ours"), Version(theirs, "theirs")
    check_same_kind(b, o, t)
    conflicts = protect_removed(b, o, t) if "case" in (o.kind(), t.kind()) else []
    tables: dict[str, str] = {}
    for name in sorted(b.names() | o.names() | t.names()):
        text = _merge_table_text(name, b, o, t, conflicts)
        if text is not None:
            tables[name] = text
    merged = join_object(tables, 2) + "\n"
    _check_loads(merged, (base, ours, theirs))
    return Merged(merged, _numbered(conflicts, o, t))


def _merge_table_text(name: str, b: Version, o: Version, t: Version,
                      conflicts: list[Conflict]) -> str | None:
    """The merged table's text; None when the merge leaves no such table."""
    texts = (b.text(name), o.text(name), t.text(name))
    if not any(v.patched(name) for v in (b, o, t)):
        settled = one_sided(*texts)
        if settled is not MISSING:
            return settled
        if is_ratings(name) and None not in texts:
            by_rows = _merge_rows(name, *texts, conflicts)
            if by_rows is not MISSING:
                return by_rows
    merged = merge_table(name, b.table(name), o.table(name), t.table(name), conflicts)
    if merged or _stays_empty(name, o, t):
        return value_text(merged, 2)
    return None


def _stays_empty(name: str, o: Version, t: Version) -> bool:
    """Whether a table the merge emptied is written, empty, as ach would write it.

    ach drops an analyst's ratings table with its last cell, and writes its other tables
    even when empty; a table only one side has is kept the way that side keeps it.
    """
    if any(v.has(name) and not v.table(name) for v in (o, t)):
        return True
    return not is_ratings(name) and o.has(name) and t.has(name)


def one_sided(base, ours, theirs):
    """The result when the sides agree or only one of them changed; else MISSING."""
    if ours == theirs:
        return ours
    if base == ours:
        return theirs
    if base == theirs:
        return ours
    return MISSING


def _merge_rows(name: str, base: str, ours: str, theirs: str,
                conflicts: list[Conflict]):
    """An analyst's ratings merged row by row as text (None: no rows are left);
    MISSING if a side is not laid out canonically."""
    split = [split_object(text, RECORD_INDENT) for text in (base, ours, theirs)]
    if None in split:
        return MISSING
    b, o, t = split
    rows: dict[str, str] = {}
    for rid in b.keys() | o.keys() | t.keys():
        texts = (b.get(rid), o.get(rid), t.get(rid))
        row = one_sided(*texts)
        if row is MISSING:
            values = [json.loads(text) if text is not None else {} for text in texts]
            merged = merge_row(name, rid, *values, conflicts)
            row = value_text(merged, RECORD_INDENT) if merged else None
        if row is not None:
            rows[rid] = row
    return join_object(rows, RECORD_INDENT) if rows else None


def _check_loads(text: str, versions: tuple[str, str, str]) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        damaged = [label for label, v in zip(("base", "ours", "theirs"), versions, strict=True)
                   if has_markers(v)]
        why = (f"{' and '.join(damaged)} contain{'s' if len(damaged) == 1 else ''} git conflict "
               "markers") if damaged else f"the result would not be valid JSON ({exc.msg})"
        raise MergeInputError(why) from None
    if not all(isinstance(table, dict) for table in data.values()):
        raise MergeInputError("the result would not be an ACH file")


def _numbered(conflicts: list[Conflict], o: Version, t: Version) -> list[Conflict]:
    """Conflicts in a stable order, numbered c1, c2 … and described in words."""
    if not conflicts:
        return []
    titles: dict[str, str] = {}
    for version in (t, o):
        for table, key in (("hypotheses", "title"), ("items", "summary"), ("groups", "label"),
                           ("judgments", "text")):
            for rid, record in version.table(table).items():
                if isinstance(record.get(key), str):
                    titles[rid] = record[key]
    ordered = sorted(conflicts, key=Conflict.sort_key)
    for i, conflict in enumerate(ordered, 1):
        conflict.id = f"c{i}"
        conflict.description = describe(conflict, titles)
    return ordered
