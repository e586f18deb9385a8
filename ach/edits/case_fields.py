"""The case's own words: creating a case, and changing its question or marking.

Shared by ``ach new`` / ``ach case`` and the workbench's forms, so both accept and
refuse the same text. A problem is a ``ValueError`` whose message names the field
as the person typed it ("the question must not be empty").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import ValidationError

from ach.edits.changes import Change
from ach.model import Case, is_valid_id
from ach.store import Library

#: A marking is one short line, printed on every page.
MARKING_LIMIT = 200


def clean_question(text: str) -> str:
    question = text.strip()
    if not question:
        raise ValueError("the question must not be empty")
    if len(question) > 500:
        raise ValueError("the question is too long (at most 500 characters)")
    return question


def clean_marking(text: str) -> str:
    """Runs of whitespace become one space; control characters are refused."""
    marking = " ".join(text.split())
    if any(ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0 for ch in marking):
        raise ValueError("the marking must not contain control characters")
    if len(marking) > MARKING_LIMIT:
        raise ValueError(f"the marking is one short line (at most {MARKING_LIMIT} characters)")
    return marking


def clean_case_id(text: str) -> str:
    case_id = text.strip()
    if not case_id:
        raise ValueError("the case's name must not be empty")
    if not is_valid_id(case_id):
        raise ValueError(f"the case's name {case_id!r} may hold only letters, digits, '-', "
                         "'_' and '.', starting with a letter or digit")
    return case_id


def new_case(case_id: str, question: str, marking: str = "", title: str = "",
             today: dt.date | None = None) -> Case:
    """A new, empty case, its fields checked (ValueError names the first problem)."""
    try:
        return Case(id=clean_case_id(case_id), question=clean_question(question),
                    title=title.strip(), created=today or dt.date.today(),
                    marking=clean_marking(marking))
    except ValidationError as exc:  # a rule of the model not checked above
        raise ValueError(exc.errors()[0]["msg"]) from None


@dataclass(frozen=True)
class CaseFieldsChange(Change):
    """A change of the case's question and marking: (before, after) pairs of both."""

    fields: tuple[tuple[str, str], tuple[str, str]] | None = None

    @property
    def touches_case(self) -> bool:
        return self.fields is not None or super().touches_case

    def inverse(self) -> CaseFieldsChange:
        base = super().inverse()
        return CaseFieldsChange(**{f: getattr(base, f) for f in _CHANGE_FIELDS},
                                fields=None if self.fields is None
                                else (self.fields[1], self.fields[0]))

    def apply(self, case: Case, library: Library) -> None:
        super().apply(case, library)
        if self.fields is not None:
            case.question, case.marking = self.fields[1]


_CHANGE_FIELDS = ("label", "cells", "hypotheses", "evidence", "indicators", "items", "focus")


def edit_case(case: Case, question: str | None = None,
              marking: str | None = None) -> CaseFieldsChange | None:
    """Set the question and/or the marking (None: leave it); None when nothing changes."""
    before = (case.question, case.marking)
    after = (before[0] if question is None else clean_question(question),
             before[1] if marking is None else clean_marking(marking))
    if after == before:
        return None
    what = " and ".join(name for name, old, new in zip(("question", "marking"), before, after,
                                                       strict=True) if old != new)
    return CaseFieldsChange(f"edit the case's {what}", fields=(before, after))
