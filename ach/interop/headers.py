"""The leading columns of a matrix recognised by name, in any order.

A header row reads left to right: each name that is one of the leading columns (or a
common alias of one) claims that column; the first name that is not starts the
hypotheses. Row headers such as ``E01: summary`` and hypothesis headers such as
``H1: Title`` are split here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The leading columns of our own layout, in the order our exports write them.
FIXED_COLUMNS = ("id", "evidence", "type", "source", "date", "credibility", "relevance")

#: Every accepted name of each leading column, folded (lower case, single spaces).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "#", "no", "no.", "ref", "code", "evidence id", "item id"),
    "evidence": ("evidence", "description", "item", "summary", "evidence item", "text"),
    "type": ("type", "evidence type", "kind", "discipline"),
    "source": ("source", "reference", "link", "sources"),
    "date": ("date", "when", "date of event"),
    "credibility": ("credibility", "reliability", "cred", "cred."),
    "relevance": ("relevance", "rel", "rel."),
    "group": ("group", "dependence group"),
    "notes": ("notes", "quote", "note"),
}
_BY_ALIAS = {alias: column for column, names in ALIASES.items() for alias in names}


def fold(name: str) -> str:
    return " ".join(name.split()).lower()


def names_group_column(header: str) -> bool:
    """Whether a header after our fixed columns is read as the ``group`` column."""
    return _BY_ALIAS.get(fold(header)) == "group"


@dataclass(frozen=True)
class Layout:
    #: Leading column name -> its position in the row.
    columns: dict[str, int]
    #: Where the hypotheses begin.
    first_hypothesis: int


def read_header(header: list[str]) -> Layout:
    """Which position holds which leading column; a repeated name starts the hypotheses.

    Our own layout (the seven columns in our order) is taken as it is, with only the
    optional ``group`` column after it, so that a hypothesis called "Notes" stays one.
    An empty first header is the corner of a table whose rows are headed by the evidence.
    """
    if tuple(fold(h) for h in header[: len(FIXED_COLUMNS)]) == FIXED_COLUMNS:
        columns = {name: i for i, name in enumerate(FIXED_COLUMNS)}
        start = len(FIXED_COLUMNS)
        if start < len(header) and names_group_column(header[start]):
            columns["group"] = start
            start += 1
        return Layout(columns, start)
    columns: dict[str, int] = {}
    for position, name in enumerate(header):
        column = "evidence" if position == 0 and not name.strip() else _BY_ALIAS.get(fold(name))
        if column is None or column in columns:
            return Layout(columns, position)
        columns[column] = position
    return Layout(columns, len(header))


#: ``H1: Title`` or ``H2 — Title``: a hypothesis header carrying its ref.
_HYPOTHESIS_REF = re.compile(r"^H\d+\s*(?::|\s—)\s*(?P<title>\S.*)$", re.DOTALL)


def hypothesis_titles(headers: list[str]) -> list[str]:
    """Titles without their ``H1:`` refs, when every header carries one (else as written,
    so that a title that merely starts that way is kept whole)."""
    found = [_HYPOTHESIS_REF.match(h) for h in headers]
    if headers and all(found):
        return [m["title"].strip() for m in found if m]
    return list(headers)


#: ``E01: summary`` or ``SRC01-E02 — summary``: an id (with a digit in it) then the text.
_ROW_HEADER = re.compile(r"^(?P<id>[A-Za-z0-9][A-Za-z0-9_.-]{0,63}?)\s*(?::|—|–)\s*"
                         r"(?P<summary>\S.*)$", re.DOTALL)


def split_row_header(text: str) -> tuple[str, str]:
    """(id, summary) from a row header that starts with an id; ("", text) otherwise."""
    found = _ROW_HEADER.match(text.strip())
    if found and any(ch.isdigit() for ch in found["id"]):
        return found["id"], found["summary"].strip()
    return "", text
