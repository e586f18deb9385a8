"""Which evidence rows the matrix shows, and in what order: sort, filter, excluded items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ach.model import EvidenceType
from ach.workbench.session import CaseSession


class SortOrder(StrEnum):
    ENTERED = "as entered"
    DIAGNOSTICITY = "diagnosticity"
    DATE = "date"
    TYPE = "type"

    def next(self) -> SortOrder:
        members = list(SortOrder)
        return members[(members.index(self) + 1) % len(members)]


@dataclass(frozen=True)
class RowView:
    sort: SortOrder = SortOrder.ENTERED
    text: str = ""
    #: Excluded items hidden (True) or shown dimmed (False).
    hide_excluded: bool = False

    def describe(self) -> str:
        parts = [f"sort: {self.sort.value}"]
        if self.text:
            parts.append(f"filter: {self.text}")
        if self.hide_excluded:
            parts.append("excluded hidden")
        return " · ".join(parts)


_TYPE_ORDER = {t: i for i, t in enumerate(EvidenceType)}


def visible_rows(session: CaseSession, view: RowView,
                 diagnosticity: Callable[[str], float]) -> list[str]:
    """The ids of the rows to show, in order."""
    ids = [ref.id for ref in session.case.evidence
           if not (view.hide_excluded and ref.excluded)]
    if view.text.strip():
        needle = view.text.strip().casefold()
        ids = [e for e in ids if needle in searchable_text(session, e)]
    position = {e: i for i, e in enumerate(ids)}
    if view.sort is SortOrder.DIAGNOSTICITY:
        ids.sort(key=lambda e: (-diagnosticity(e), position[e]))
    elif view.sort is SortOrder.DATE:
        ids.sort(key=lambda e: (_date_key(session, e), position[e]))
    elif view.sort is SortOrder.TYPE:
        ids.sort(key=lambda e: (_type_key(session, e), position[e]))
    return ids


def searchable_text(session: CaseSession, evidence_id: str) -> str:
    """Everything a filter matches: id, summary, quote, who said it, type, source title."""
    item = session.item(evidence_id)
    if item is None:
        return evidence_id.casefold()
    source = session.library.source_of(item)
    parts = [item.id, item.summary, item.quote, item.said_by, item.type.label,
             source.title if source else "", " ".join(item.tags)]
    return "\n".join(parts).casefold()


def _date_key(session: CaseSession, evidence_id: str) -> tuple[int, dt.date]:
    item = session.item(evidence_id)
    if item is None or item.date is None:
        return (1, dt.date.max)  # undated items last
    return (0, item.date)


def _type_key(session: CaseSession, evidence_id: str) -> int:
    item = session.item(evidence_id)
    return len(_TYPE_ORDER) if item is None else _TYPE_ORDER[item.type]
