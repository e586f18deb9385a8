"""Names people type that must not pass for another: hypothesis titles.

``ach rate`` and friends find a hypothesis by id or by exact title, so a title that
is another hypothesis's id, or that differs from another title only by how its
characters are encoded (Unicode normalisation) or by characters nobody can see,
would make the two indistinguishable on screen and ambiguous on the command line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: A position ref as shown to people (H1, H2 …): a title like that would shadow one.
_POSITION_REF = re.compile(r"^[Hh][0-9]+$")


def visible_key(text: str) -> str:
    """The text as a reader sees it: NFKC-normalised, invisible characters dropped."""
    normal = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normal if unicodedata.category(ch) not in ("Cf", "Cc", "Zl",
                                                                             "Zp")).strip()


def title_clash(title: str, others: Iterable[tuple[str, str]]) -> str:
    """Why ``title`` cannot stand beside the other hypotheses' ``(id, title)`` pairs;
    '' when it can."""
    key = visible_key(title)
    if not key:
        return "the hypothesis title has no visible characters"
    if _POSITION_REF.match(key):
        return f"the hypothesis title {title!r} looks like a position ref (H1, H2 …)"
    for other_id, other_title in others:
        if key == other_id or title == other_id:
            return f"the hypothesis title {title!r} is another hypothesis's id"
        if title.casefold() == other_title.casefold():
            return f"the case already has a hypothesis titled {other_title!r} ({other_id})"
        if key.casefold() == visible_key(other_title).casefold():
            return (f"the hypothesis title {title!r} looks the same as {other_title!r} "
                    f"({other_id}) but for invisible or differently encoded characters")
    return ""
