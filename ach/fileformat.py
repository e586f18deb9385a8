"""What a file says it is: ``meta → format → kind`` and ``version``, checked before use.

Kept free of the models (pydantic) so that git's merge driver can check its inputs
without loading them: a merge of a case with an evidence file, or with a file from
a newer ach, must be refused before anything is merged or written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The newest format this ach reads and writes.
FORMAT_VERSION = 1
#: The kinds of workspace file: a case (``hypotheses/``) and a source's items (``evidence/``).
KINDS = ("case", "evidence")


class FormatProblem(ValueError):
    """A file that is not the kind or version expected: the problem and where it stands."""

    def __init__(self, problem: str, location: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.location = location


def file_format(tables: Mapping[str, Any], expected: str | None = None) -> tuple[str, int]:
    """The file's kind and version, or FormatProblem if it is not an ACH file this ach
    can read (or, with ``expected`` given, not of that kind)."""
    meta = tables.get("meta")
    record = meta.get("format") if isinstance(meta, Mapping) else None
    if not isinstance(record, Mapping) or "kind" not in record:
        raise FormatProblem("is not an ACH file (it has no meta → format record)")
    kind = record.get("kind")
    if expected is not None and kind != expected:
        raise FormatProblem(f"is an ACH {kind!r} file, expected {expected!r}",
                            "meta → format → kind")
    if kind not in KINDS:
        raise FormatProblem(f"is an ACH {kind!r} file, which is neither a case nor evidence",
                            "meta → format → kind")
    version = record.get("version")
    if type(version) is not int or version < 1:
        raise FormatProblem(f"format version {version!r} is not a whole number ≥ 1",
                            "meta → format → version")
    if version > FORMAT_VERSION:
        raise FormatProblem(f"was written in format {version}, newer than this ach "
                            f"understands ({FORMAT_VERSION}); upgrade ach-workbench",
                            "meta → format → version")
    return kind, version
