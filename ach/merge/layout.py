"""One version of a file, split into its tables as text, parsed only where needed.

Our files are written canonically (``ach.jsonfile.canonical_json``): two spaces
per level, keys sorted, and no raw newline inside a string, so the members of an
object at one level are exactly the lines that start with that level's indent
and a quote. Splitting there lets the merge compare tables (and the rows of a
table) as text and copy the ones only one side changed without parsing them or
writing them again. That is what makes merging a large case fast: its bulk is the
analysts' ratings, and each analyst usually changes only their own.

A version that is not laid out canonically (edited by hand, or by another tool)
is parsed whole and its tables re-serialised, so everything still works, slower.
"""

from __future__ import annotations

import json
from typing import Any

from ach.fileformat import FormatProblem, file_format
from ach.jsonfile import MAX_DEPTH, canonical_json, has_conflict_markers, nesting_depth


class MergeInputError(ValueError):
    """A version that cannot be merged by meaning (not JSON, not tables, conflict markers)."""


class ForeignInput(MergeInputError):
    """A version that is not the same kind of ACH file as the others, or one this ach cannot
    read (a newer format, absurd nesting): never merged, by meaning or line by line."""


def value_text(value: Any, indent: int) -> str:
    """A value's canonical text as it stands at ``indent`` spaces (a member of an object)."""
    return canonical_json(value)[:-1].replace("\n", "\n" + " " * indent)


def join_object(members: dict[str, str], indent: int) -> str:
    """The canonical text of an object from its members' texts (keys sorted)."""
    if not members:
        return "{}"
    pad = " " * indent
    body = ",\n".join(f"{pad}{json.dumps(key, ensure_ascii=False)}: {members[key]}"
                      for key in sorted(members))
    return "{\n" + body + "\n" + pad[2:] + "}"


def split_object(text: str, indent: int) -> dict[str, str] | None:
    """An object's members as ``{key: value text}``; None if not laid out canonically.

    ``indent`` is the indent of the members (2 for the tables of a file, 4 for the
    records of a table).
    """
    if text == "{}":
        return {}
    pad = " " * indent
    close = "\n" + pad[2:] + "}"
    opening = "{\n" + pad + '"'
    if not (text.startswith(opening) and text.endswith(close)):
        return None
    body = text[len(opening):len(text) - len(close)]
    members: dict[str, str] = {}
    previous = None
    for member in body.split(",\n" + pad + '"'):
        end = _key_end(member)
        if end < 0:
            return None
        raw = member[:end]
        key = raw if "\\" not in raw else _unescape(raw)
        if key is None or (previous is not None and key <= previous):
            return None  # out of order, or twice: not our layout
        value = member[end + 3:]
        if value[:1] == "{" and not (value == "{}" or (
                value.startswith("{\n" + pad + "  ") and value.endswith("\n" + pad + "}"))):
            return None  # an object's members stand one level deeper than its key
        members[key] = value
        previous = key
    return members


def _key_end(member: str) -> int:
    """Where the key's closing quote stands (followed by ': '), skipping escaped quotes."""
    at = member.find('": ')
    while at > 0:
        backslashes = len(member[:at]) - len(member[:at].rstrip("\\"))
        if backslashes % 2 == 0:
            return at
        at = member.find('": ', at + 1)
    return at


def _unescape(raw: str) -> str | None:
    try:
        return json.loads(f'"{raw}"')
    except json.JSONDecodeError:
        return None


def has_markers(text: str) -> bool:
    """Whether a line starts with a git conflict marker (text in a string never does)."""
    return has_conflict_markers(text)


class Version:
    """One side of a merge (base, ours or theirs): tables as text, parsed lazily."""

    def __init__(self, text: str, label: str) -> None:
        self.label = label
        self._values: dict[str, dict[str, Any]] = {}
        #: table → its text; None for a table patched into a value no text stands for.
        self._texts: dict[str, str | None] = {}
        if not text.strip():
            return  # no common ancestor (both sides added the file): merge against nothing
        _check_depth(text, label)
        texts = split_object(text[:-1], 2) if text.endswith("\n") else None
        if texts is None:
            self._values = _parse(text, label)
            texts = {name: value_text(value, 2) for name, value in self._values.items()}
        self._texts = texts

    @classmethod
    def meta_only(cls, text: str, label: str) -> Version:
        """Just enough of a version to check what it is: its meta table, sliced out of
        canonical text without splitting the rest (a merge only one side changed needs no
        more); any other layout is read in full."""
        start = text.find(_META) if text.startswith('{\n  "') else -1
        end = text.find("\n  }", start) if start >= 0 else -1
        if end < 0:
            return cls(text, label)
        version = cls("", label)
        meta = text[start + len(_META) - 1:end + 4]
        _check_depth(meta, label)  # the rest is copied as it stands, never parsed here
        version._texts = {"meta": meta}
        return version

    def names(self) -> set[str]:
        return set(self._texts)

    def has(self, name: str) -> bool:
        return name in self._texts

    def patched(self, name: str) -> bool:
        return name in self._texts and self._texts[name] is None

    def text(self, name: str) -> str | None:
        """The table's text, for comparing and copying (None if absent or patched)."""
        return self._texts.get(name)

    def table(self, name: str) -> dict[str, Any]:
        """The table's records (empty if the version has no such table)."""
        if name not in self._values:
            text = self._texts.get(name)
            self._values[name] = {} if text is None else _parse_table(text, name, self.label)
        return self._values[name]

    def set_table(self, name: str, value: dict[str, Any], text: str | None = None) -> None:
        """Replace a table's records (a patch); ``text``, if given, is known to stand for them."""
        self._values[name] = value
        self._texts[name] = text

    def kind(self) -> str | None:
        record = self.table("meta").get("format") if self.has("meta") else None
        return record.get("kind") if isinstance(record, dict) else None

    def empty(self) -> bool:
        return not self._texts

    def claims_format(self) -> bool:
        """Whether the file says what it is (``meta → format``), as every ACH file does."""
        return self.has("meta") and "format" in self.table("meta")

    def format(self) -> tuple[str, int]:
        """Kind and version, or ForeignInput if this ach cannot read the file."""
        try:
            return file_format({"meta": self.table("meta")} if self.has("meta") else {})
        except FormatProblem as exc:
            raise ForeignInput(f"{self.label} {exc.problem}") from None


_META = '\n  "meta": {'


def _check_depth(text: str, label: str) -> None:
    if nesting_depth(text) > MAX_DEPTH:
        raise ForeignInput(f"{label} nests arrays or objects more than {MAX_DEPTH} levels "
                           "deep; it is not an ACH file")


def check_same_kind(*versions: Version) -> None:
    """ForeignInput unless the versions (an empty base aside) are all files this ach reads,
    of one kind: a case merged with an evidence file would lose the whole case.

    JSON that is no ACH file at all on every side is left to merge as it is.
    """
    present = [v for v in versions if not v.empty()]
    if not any(v.claims_format() for v in present):
        return
    kinds = {v.label: v.format()[0] for v in present}
    if len(set(kinds.values())) > 1:
        said = ", ".join(f"{label} is {kind!r}" for label, kind in kinds.items())
        raise ForeignInput(f"the versions are not one kind of file ({said})")


def _parse(text: str, label: str) -> dict[str, dict[str, Any]]:
    if has_markers(text):
        raise MergeInputError(f"{label} contains git conflict markers (<<<<<<< ======= >>>>>>>)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MergeInputError(f"{label} is not valid JSON ({exc.msg} at line {exc.lineno})"
                              ) from None
    if not isinstance(data, dict):
        raise MergeInputError(f"{label} is not an ACH file (the top level is not an object)")
    for name, table in data.items():
        _check_table(table, name, label)
    return data


def _parse_table(text: str, name: str, label: str) -> dict[str, Any]:
    try:
        table = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = "git conflict markers" if has_markers(text) else f"invalid JSON ({exc.msg})"
        raise MergeInputError(f"{label}: table {name!r} holds {problem}") from None
    _check_table(table, name, label)
    return table


def _check_table(table: Any, name: str, label: str) -> None:
    if not isinstance(table, dict) or not all(isinstance(r, dict) for r in table.values()):
        raise MergeInputError(f"{label}: table {name!r} is not an object of records")
