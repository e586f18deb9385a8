"""Position refs, the one numbering people see: E1… for a case's items and H1… for its
hypotheses, in the case's order (the order the analyst set). Files keep ids; everything
shown to people names records by ref, and everything people type is resolved here.

A key typed by a person may be a ref (``E3``, ``h2``), an id, a unique id prefix or an
exact title (a hypothesis's title, an item's summary). Pure: no terminal, no files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ach.model import Case, Evidence, Hypothesis

ITEM, HYPOTHESIS = "E", "H"

_REF = re.compile(r"^([EH])([1-9][0-9]*)$", re.IGNORECASE)

#: How many candidates an error names before it says how many more there are.
_NAMED = 8


class RefError(LookupError):
    """A key that names no record, or more than one; the message says which and how."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Record:
    """One record as a person knows it: its ref, id and title."""

    ref: str
    id: str
    title: str

    def __str__(self) -> str:
        return f"{self.ref} {self.id} ({self.title})" if self.title else f"{self.ref} {self.id}"


def position(key: str, letter: str) -> int | None:
    """The 0-based position a ref such as E3 or H2 names, else None."""
    found = _REF.match(key.strip())
    if found is None or found.group(1).upper() != letter:
        return None
    return int(found.group(2)) - 1


def hypothesis_refs(case: Case) -> dict[str, str]:
    """Each hypothesis id's ref, H1… in case order."""
    return {h.id: f"{HYPOTHESIS}{i}" for i, h in enumerate(case.hypotheses, 1)}


def item_refs(case: Case) -> dict[str, str]:
    """Each of the case's item ids' ref, E1… in case order."""
    return {r.id: f"{ITEM}{i}" for i, r in enumerate(case.evidence, 1)}


def hypothesis_ref(case: Case, hypothesis_id: str) -> str:
    """``H2`` for the case's second hypothesis; the id itself for one the case lacks."""
    return hypothesis_refs(case).get(hypothesis_id, hypothesis_id)


def item_ref(case: Case, evidence_id: str) -> str:
    """``E3`` for the case's third item; the id itself for one the case lacks."""
    return item_refs(case).get(evidence_id, evidence_id)


def hypothesis_records(case: Case) -> list[Record]:
    return [Record(f"{HYPOTHESIS}{i}", h.id, h.title) for i, h in enumerate(case.hypotheses, 1)]


def item_records(case: Case, items: Mapping[str, Evidence]) -> list[Record]:
    """The case's items; an item missing from the library has no summary to match."""
    return [Record(f"{ITEM}{i}", r.id, items[r.id].summary if r.id in items else "")
            for i, r in enumerate(case.evidence, 1)]


def resolve(key: str, records: Sequence[Record], letter: str, what: str) -> Record:
    """The one record ``key`` names: by id, then ref or exact title, else unique id prefix.

    A ref and a title that name different records make the key ambiguous (a
    hand-edited file can have a title like ``H2``); so does a prefix of several ids.
    RefError's message, meant to follow "case 'x' ", says which records were meant, or
    which there are.
    """
    typed = key.strip()
    # An exact id wins outright: ids are what files and scripts use, and an id such as
    # "h10" must not turn into the tenth hypothesis.
    by_id = next((r for r in records if r.id == typed), None)
    if by_id is not None:
        return by_id
    at = position(typed, letter)
    exact = {r.id: r for r in records if r.title and r.title in (key, typed)}
    if at is not None and at < len(records):
        exact.setdefault(records[at].id, records[at])
    if len(exact) == 1:
        return next(iter(exact.values()))
    if len(exact) > 1:
        raise RefError(f"has more than one {what} {key!r} names: "
                       f"{_listed(list(exact.values()))}; give the id")
    by_prefix = [r for r in records if typed and r.id.startswith(typed)]
    if len(by_prefix) == 1:
        return by_prefix[0]
    if by_prefix:
        raise RefError(f"has {len(by_prefix)} {what} ids starting {key!r}: "
                       f"{_listed(by_prefix)}; type more of the id, or its ref")
    raise RefError(f"has no {what} {key!r} ({_listed(records) or 'none yet'})")


def _listed(records: Sequence[Record]) -> str:
    shown = ", ".join(str(r) for r in records[:_NAMED])
    more = len(records) - _NAMED
    return shown + (f" and {more} more" if more > 0 else "")


def find_hypothesis(case: Case, key: str) -> Hypothesis:
    """The case's hypothesis ``key`` names (see ``resolve``); RefError otherwise."""
    found = resolve(key, hypothesis_records(case), HYPOTHESIS, "hypothesis")
    return next(h for h in case.hypotheses if h.id == found.id)


def find_item(case: Case, items: Mapping[str, Evidence], key: str) -> str:
    """The id of the case's item ``key`` names (see ``resolve``); RefError otherwise."""
    return resolve(key, item_records(case, items), ITEM, "evidence item").id


def hypothesis_named(case: Case, hypothesis_id: str) -> str:
    """``H3 Baghdad hedges…``: the ref then the title, as people read a hypothesis."""
    for i, h in enumerate(case.hypotheses, 1):
        if h.id == hypothesis_id:
            return f"{HYPOTHESIS}{i} {h.title}"
    return hypothesis_id


def item_named(case: Case, items: Mapping[str, Evidence], evidence_id: str) -> str:
    """``E6 Al-Sumidei: …``: the ref then the summary, as people read an item."""
    ref = item_ref(case, evidence_id)
    item = items.get(evidence_id)
    return f"{ref} {item.summary}" if item is not None else ref
