"""Finding a quote in a document, tolerant of how quotes get typed.

Analysts paste quotes from browsers and PDFs, or retype them: curly quotes
become straight, an em dash becomes a hyphen (with or without spaces around
it), line breaks and double spaces come and go. None of that makes a quote
less verbatim. Both the quote and the document are *folded* — those
differences erased — before comparing, and every folded position maps back to
an exact offset in the original text, so a match is always reported in the
document's own characters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

_APOSTROPHES = "‘’‚‛′´`‹›"
_QUOTES = "“”„‟″«»"
_DASHES = "‐‑‒–—―−⁃﹘﹣－"
_SPACES = "\t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
          "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
#: One character for one character, so this step keeps every offset.
_SAME_LENGTH = str.maketrans(
    _APOSTROPHES + _QUOTES + _DASHES + _SPACES,
    "'" * len(_APOSTROPHES) + '"' * len(_QUOTES) + "-" * len(_DASHES) + " " * len(_SPACES))
_PAIRS = tuple((chr(k), chr(v)) for k, v in _SAME_LENGTH.items())


def _same_length(text: str) -> str:
    # str.translate walks a long non-ASCII text one character at a time in Python's
    # mapping; a replace per character is a fast scan each (15× faster on 1 MB).
    for old, new in _PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text

#: What changes length: runs of spaces, spaces around a dash, invisible characters, ellipses.
# A lone hyphen ("al-Sudani") needs no reshaping, so only dashes with spaces or doubled match.
# The look-ahead lets the scan skip quickly past characters that cannot start a match.
_RESHAPE = re.compile(r"(?=[ \-\u00ad\u200b\u200c\u200d\u2060\ufeff…])"
                      r"(?: +-+ *|-+ +|-{2,}| {2,}|[\u00ad\u200b\u200c\u200d\u2060\ufeff]+|…)")


def _reshaped(piece: str) -> str:
    if "-" in piece:
        return "-"  # "a — b", "a—b", "a - b" and "a--b" read the same
    if piece.startswith(" "):
        return " "
    if piece == "…":
        return "..."  # spelt out, so that a quote typed with full stops finds it
    return ""


@dataclass(frozen=True)
class Folded:
    """A folded text and the way back from its positions to the original's."""

    text: str
    #: For each place where folding changed the length: (folded start, folded end,
    #: original start, original end), in order.
    edits: tuple[tuple[int, int, int, int], ...]
    _starts: tuple[int, ...]

    def original(self, pos: int, *, end: bool = False) -> int:
        """The original offset of a folded position, seen as a start or (``end``) an end."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        f_start, f_end, o_start, o_end = self.edits[i]
        if end and pos == f_start:
            return o_start
        if pos < f_end or (end and pos == f_end):
            return o_end if end else o_start
        return o_end + (pos - f_end)


def fold_text(text: str) -> Folded:
    """``text`` with typographic and whitespace differences erased, and its offset map."""
    same = _same_length(text)
    out: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    last = 0
    length = 0
    for m in _RESHAPE.finditer(same):
        piece = m.group()
        new = _reshaped(piece)
        if new == piece:
            continue
        out.append(same[last:m.start()])
        length += m.start() - last
        out.append(new)
        edits.append((length, length + len(new), m.start(), m.end()))
        length += len(new)
        last = m.end()
    out.append(same[last:])
    return Folded("".join(out), tuple(edits), tuple(e[0] for e in edits))


@lru_cache(maxsize=8)
def folded(text: str) -> Folded:
    """``fold_text``, remembered: a document is folded once however many quotes it checks."""
    return fold_text(text)


def fold(text: str) -> str:
    """The comparable form of a quote: folded, without leading or trailing space."""
    return fold_text(text.strip()).text.strip(" ")


def same_words(a: str, b: str) -> bool:
    """Whether two texts are the same but for typography and whitespace."""
    return fold(a) == fold(b)


@dataclass(frozen=True)
class Match:
    """Where a quote stands in a text: exact offsets into the original text."""

    start: int
    end: int
    #: Whether the text there is character for character the quote as typed.
    exact: bool


def find_all(quote: str, text: str, *, ignore_case: bool = False) -> list[Match]:
    """Every place ``quote`` occurs in ``text``, tolerantly, in order."""
    needle = fold(quote)
    if not needle:
        return []
    doc = folded(text)
    hay = doc.text
    if ignore_case:
        needle, hay = _lower(needle), _lower(hay)
    found = []
    pos = hay.find(needle)
    while pos >= 0:
        start, end = trim(text, doc.original(pos), doc.original(pos + len(needle), end=True))
        words = text[start:end]
        # A hit that begins or ends inside a folded run (the middle of a spelt-out
        # ellipsis) does not read as the quote: it is no match.
        if fold(_lower(words) if ignore_case else words) == needle:
            found.append(Match(start, end, words == quote.strip()))
        pos = hay.find(needle, pos + 1)
    return found


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace at its ends (a folded dash swallows its spaces)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@lru_cache(maxsize=4)
def _lower(text: str) -> str:
    """Lower case, one character for one (so offsets hold: 'İ'.lower() is two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def locate(quote: str, text: str, near: int | None = None) -> Match | None:
    """Where ``quote`` stands in ``text``; of several places, the one nearest ``near``."""
    found = find_all(quote, text)
    if not found:
        return None
    if near is None:
        return found[0]
    return min(found, key=lambda m: abs(m.start - near))


@dataclass(frozen=True)
class NearMatch:
    """The passage of a text most like a quote that is not in it."""

    start: int
    end: int
    #: The share of the quote's characters found there, in order (0–1).
    similarity: float


_WORD = re.compile(r"\w+")
#: Word triples seen more often than this are too common to say where a quote is.
_MAX_HITS = 50
_MIN_SIMILARITY = 0.4


def nearest_match(quote: str, text: str) -> NearMatch | None:
    """The passage most like ``quote``, for telling the analyst what the source says instead.

    Word triples of the quote that occur in the text vote for where the quote would
    start; the few best-voted places are compared character by character.
    """
    needle = fold(quote)
    if not needle:
        return None
    doc = folded(text)
    words = list(_WORD.finditer(needle))
    size = 3 if len(words) >= 3 else len(words)
    grams = []
    for i in range(len(words) - size + 1):
        first, last = words[i], words[i + size - 1]
        grams.append((first.start(), _occurrences(doc.text, needle[first.start():last.end()])))
    # Common triples say little about where the quote is; in a text that repeats itself,
    # the rarest few still do.
    telling = [g for g in grams if 0 < len(g[1]) <= _MAX_HITS] or \
        sorted((g for g in grams if g[1]), key=lambda g: len(g[1]))[:5]
    votes: dict[int, int] = {}
    for offset, hits in telling:
        for hit in hits:
            bucket = max(0, hit - offset) // 16
            votes[bucket] = votes.get(bucket, 0) + 1
    best: NearMatch | None = None
    for bucket, _ in sorted(votes.items(), key=lambda kv: -kv[1])[:5]:
        candidate = _compare_at(needle, doc, bucket * 16)
        if candidate and (best is None or candidate.similarity > best.similarity):
            best = candidate
    return best


def _occurrences(hay: str, needle: str) -> list[int]:
    found = []
    pos = hay.find(needle)
    while pos >= 0 and len(found) <= _MAX_HITS:
        found.append(pos)
        pos = hay.find(needle, pos + 1)
    return found


def _compare_at(needle: str, doc: Folded, approx: int) -> NearMatch | None:
    slack = max(32, len(needle) // 2)
    lo = max(0, approx - slack)
    window = doc.text[lo:approx + len(needle) + slack]
    matcher = SequenceMatcher(None, needle, window, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 3]
    if not blocks:
        return None
    similarity = sum(b.size for b in blocks) / len(needle)
    if similarity < _MIN_SIMILARITY:
        return None
    first, last = blocks[0], blocks[-1]
    # Stretch to where the quote's own ends would fall, so a wrong first word still shows.
    start = max(0, first.b - first.a)
    end = min(len(window), last.b + last.size + (len(needle) - last.a - last.size))
    return NearMatch(doc.original(lo + start), doc.original(lo + end, end=True),
                     round(similarity, 3))


def first_difference(quote: str, passage: str) -> int:
    """Where in ``passage`` it first reads differently from ``quote`` (typography aside)."""
    a, b = quote.translate(_SAME_LENGTH), passage.translate(_SAME_LENGTH)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return next((j1 for tag, _, _, j1, _ in matcher.get_opcodes() if tag != "equal"), 0)
