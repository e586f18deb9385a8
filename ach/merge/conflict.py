"""A conflict the merge could not settle, and the words that explain it to the analyst.

Three kinds:

- ``cell``: the same analyst's rating of the same cell changed two ways;
- ``field``: the same field of the same record (a hypothesis's title, an item's
  quote …) changed two ways, or a record both sides added under one id differs;
- ``deleted``: one side removed a record (a hypothesis, an evidence item …) that
  the other side changed, or rated: the record is kept until someone decides.

Values are kept as they were on each side; a side on which the value is absent
(a cleared cell, a field left at its default, a removed record) simply has no key.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import Any

#: The tables of one analyst's ratings (as ``ach.store.RATINGS_PREFIX``; the driver does not
#: import the store, whose models would slow down every merge git runs).
RATINGS_PREFIX = "ratings:"

#: Marks a value absent on one side (a cleared cell, a default field, a removed record).
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

SIDES = ("ours", "theirs")

_THING = {"hypotheses": "hypothesis", "evidence": "evidence item", "items": "evidence item",
          "indicators": "indicator", "scenarios": "what-if", "case": "case",
          "source": "source", "meta": "file format", "outcome": "outcome",
          "groups": "dependence group", "judgments": "key judgment"}


@dataclass
class Conflict:
    kind: str
    table: str
    record: str
    #: The field, or for a cell the hypothesis id; empty for a whole record.
    field: str
    base: Any
    ours: Any
    theirs: Any
    description: str = ""
    id: str = ""
    #: For ``deleted``: the side that removed the record.
    removed_on: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def value(self, side: str) -> Any:
        return self.ours if side == "ours" else self.theirs

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "table": self.table,
                                "record": self.record, "description": self.description}
        if self.field:
            data["field"] = self.field
        if self.removed_on:
            data["removed_on"] = self.removed_on
        for side in ("base", *SIDES):
            value = getattr(self, side)
            if value is not MISSING:
                data[side] = value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Conflict:
        return cls(kind=str(data["kind"]), table=str(data["table"]), record=str(data["record"]),
                   field=str(data.get("field", "")), base=data.get("base", MISSING),
                   ours=data.get("ours", MISSING), theirs=data.get("theirs", MISSING),
                   description=str(data.get("description", "")), id=str(data.get("id", "")),
                   removed_on=str(data.get("removed_on", "")))

    def sort_key(self) -> tuple[str, str, str]:
        return (self.table, self.record, self.field)


def thing(table: str) -> str:
    if table.startswith(RATINGS_PREFIX):
        return f"{table[len(RATINGS_PREFIX):]}'s ratings"
    return _THING.get(table, f"{table} record")


def short(text: str, width: int = 60) -> str:
    return textwrap.shorten(text, width, placeholder="…") if text else text


def show_value(value: Any) -> str:
    """A field's value in a line of prose."""
    if value is MISSING:
        return "(not set)"
    if isinstance(value, str):
        return json.dumps(short(value), ensure_ascii=False)
    return short(json.dumps(value, ensure_ascii=False, sort_keys=True), 60)


def show_cell(value: Any) -> str:
    """A rating cell in a line of prose: ``I ("the reason")`` or ``not rated``."""
    if value is MISSING:
        return "not rated"
    if not isinstance(value, dict):
        return show_value(value)
    rating = str(value.get("rating", "?"))
    reason = value.get("reason")
    return f"{rating} ({show_value(reason)})" if isinstance(reason, str) and reason else rating


def describe(conflict: Conflict, titles: dict[str, str]) -> str:
    """The conflict in one line, naming hypotheses by title where known."""
    c = conflict
    if c.kind == "cell":
        analyst = c.table[len(RATINGS_PREFIX):]
        hyp = _named(c.field, titles)
        return (f"{analyst}'s rating of {c.record} against {hyp}: ours {show_cell(c.ours)}, "
                f"theirs {show_cell(c.theirs)} (was {show_cell(c.base)})")
    if c.kind == "field":
        was = "added on both sides" if c.base is MISSING else f"was {show_value(c.base)}"
        return (f"{_subject(c, titles)}, {c.field}: "
                f"ours {show_value(c.ours)}, theirs {show_value(c.theirs)} ({was})")
    kept_on = "theirs" if c.removed_on == "ours" else "ours"
    why = c.extra.get("why") or "changed it"
    return (f"{_subject(c, titles)} was removed on {c.removed_on} but "
            f"{kept_on} {why}: it is kept for now; pick {c.removed_on} to remove it"
            + (" with its ratings" if c.table in ("hypotheses", "evidence") else ""))


def _subject(c: Conflict, titles: dict[str, str]) -> str:
    """What the conflict is about: "hypothesis h2 ("title")", or for a table of one
    record named as the table (the case, the outcome) just "outcome"."""
    if c.record == c.table:
        return thing(c.table)
    return f"{thing(c.table)} {_named(c.record, titles)}"


def _named(key: str, titles: dict[str, str]) -> str:
    title = titles.get(key)
    return f"{key} ({show_value(title)})" if title else key
