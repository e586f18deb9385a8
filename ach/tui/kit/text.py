"""Short forms of analyst text for narrow places, and validation errors in plain words."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pydantic import ValidationError
from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"

#: Words that tell hypotheses apart least; dropped first when a title must shrink.
_FILLER = frozenset("""a an the of to in on at by for from with and or but is are be its it
itself their them they this that as between into than""".split()) - {"a"}  # "Supplier A"


def one_line(text: str) -> str:
    """Collapse newlines and runs of spaces, so a cell never wraps."""
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, ending in … when cut."""
    text = one_line(text)
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    if width == 1:
        return ELLIPSIS
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def abbreviate_titles(titles: Sequence[str], width: int) -> list[str]:
    """Column headings of at most ``width`` cells that still tell the hypotheses apart.

    A title that does not fit loses first the words every title shares ("Baghdad …
    Tehran"), then filler words, and is cut last: "Baghdad distances itself from
    Tehran" becomes "Distances" in a narrow column.
    """
    words = [one_line(t).split() for t in titles]
    shared: set[str] = set()
    if len(words) > 1:
        shared = set.intersection(*({_bare(w) for w in ws} for ws in words))
    return [_heading(ws, shared, width, i) for i, ws in enumerate(words)]


def _heading(words: list[str], shared: set[str], width: int, index: int) -> str:
    candidates = [words, [w for w in words if _bare(w) not in shared]]
    candidates.append([w for w in candidates[-1] if _bare(w) not in _FILLER])
    for kept in candidates:
        text = " ".join(kept)
        if kept and cell_len(text) <= width:
            return _capital(text)
    kept = next((c for c in reversed(candidates) if c), [f"H{index + 1}"])
    return shorten(_capital(" ".join(kept)), width)


def _bare(word: str) -> str:
    """A word without its punctuation, for comparing ("it:" is "it")."""
    return word.strip(".,;:!?\"'()").casefold()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe_errors(exc: ValidationError, labels: Mapping[str, str]) -> list[str]:
    """One line per problem, naming the form field as the user sees it."""
    lines = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        name = labels.get(field, field.replace("_", " ").capitalize() or "Value")
        lines.append(f"{name}: {_plain(err)}")
    return lines


def _plain(err: Mapping) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else (
            f"needs at least {ctx.get('min_length')} characters")
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_pattern_mismatch":
        return "may hold only letters, digits, '-', '_' and '.', starting with a letter or digit"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return "is not a date like 2024-12-25"
    if kind == "enum":
        return f"must be one of {ctx.get('expected', 'the listed values')}"
    msg = str(err.get("msg", "is not valid"))
    msg = msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]
