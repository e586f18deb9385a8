"""The words analysts use for ratings, credibility and evidence types, read as ours.

Ratings come as our codes (CC C N I II NA), as signs (``++ + N - -- N/A``), as words
("very consistent" … "not applicable"), as ``VC C N I VI``, or as PARC ACH writes them
(``C C``, ``I I``); any case, spaces around. Evidence types are ours, or a collection
discipline (HUMINT, press, intercept, …), which is kept as the item's discipline beside
the type it implies; any other label is kept as a discipline too, never refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ach.model import EvidenceType, Level, Rating

#: Every spelling of a rating, folded (upper case, no spaces) to our code.
_RATINGS: dict[str, Rating] = {
    "++": Rating.CC, "+": Rating.C, "0": Rating.N, "-": Rating.I, "--": Rating.II,
    "−": Rating.I, "−−": Rating.II, "–": Rating.I, "N/A": Rating.NA, "VC": Rating.CC,
    "VI": Rating.II, "NEUTRAL": Rating.N, "NOTAPPLICABLE": Rating.NA,
}
for _rating in Rating:
    _RATINGS[_rating.value] = _rating
    _RATINGS[_rating.label.upper().replace(" ", "")] = _rating

#: PARC ACH's spellings, in the order the .achz VALUES list names them.
PARC_RATINGS = {Rating.II: "I I", Rating.I: "I", Rating.NA: "NA", Rating.N: "N",
                Rating.C: "C", Rating.CC: "C C"}

#: Credibility and relevance: H/M/L, the words, PARC's HIGH/MEDIUM/LOW and common neighbours.
_LEVELS = {"H": Level.H, "HIGH": Level.H, "HI": Level.H, "M": Level.M, "MEDIUM": Level.M,
           "MED": Level.M, "MODERATE": Level.M, "L": Level.L, "LOW": Level.L, "LO": Level.L}
PARC_LEVELS = {Level.H: "HIGH", Level.M: "MEDIUM", Level.L: "LOW"}


def parse_rating(text: str) -> Rating:
    """A rating in any of the vocabularies above; ValueError names the value."""
    key = re.sub(r"\s+", "", text).upper()
    try:
        return _RATINGS[key]
    except KeyError:
        raise ValueError(f"unknown rating {text!r} (use CC, C, N, I, II or NA, ++ + N - -- "
                         "N/A, or the words)") from None


def parse_level(text: str) -> Level:
    """Credibility or relevance in any of the vocabularies above; ValueError names it."""
    key = text.strip().upper()
    try:
        return _LEVELS[key]
    except KeyError:
        raise ValueError(f"unknown level {text!r} (use H, M or L, or High, Medium or Low)"
                         ) from None


#: Collection disciplines and the type of ours each one's product is, by folded label.
DISCIPLINES: dict[str, tuple[str, EvidenceType]] = {
    label.upper(): (label, kind) for label, kind in [
        ("HUMINT", EvidenceType.REPORT), ("SIGINT", EvidenceType.REPORT),
        ("COMINT", EvidenceType.REPORT), ("ELINT", EvidenceType.REPORT),
        ("FISINT", EvidenceType.REPORT), ("IMINT", EvidenceType.DOCUMENT),
        ("GEOINT", EvidenceType.DOCUMENT), ("MASINT", EvidenceType.REPORT),
        ("OSINT", EvidenceType.REPORT), ("SOCMINT", EvidenceType.REPORT),
        ("FININT", EvidenceType.REPORT), ("TECHINT", EvidenceType.REPORT),
        ("press", EvidenceType.REPORT), ("intercept", EvidenceType.STATEMENT),
        ("imagery", EvidenceType.DOCUMENT), ("liaison", EvidenceType.REPORT),
        ("diplomatic", EvidenceType.REPORT), ("logical deduction", EvidenceType.ARGUMENT),
    ]
}

#: ``statement (HUMINT)``: our type with the discipline beside it, as the exports write it.
_TYPE_WITH_DISCIPLINE = re.compile(r"^(?P<type>[^()]+?)\s*\((?P<discipline>[^()]+)\)$")


@dataclass(frozen=True)
class TypeReading:
    type: EvidenceType
    discipline: str = ""
    #: True when the label is no type or discipline we know (the import summary says so).
    unknown: bool = False


def parse_type(text: str) -> TypeReading:
    """Our type, a discipline, or ``type (discipline)``; anything else is kept as a label."""
    label = " ".join(text.split())
    try:
        return TypeReading(EvidenceType.parse(label))
    except ValueError:
        pass
    known = DISCIPLINES.get(label.upper())
    if known is not None:
        return TypeReading(known[1], known[0])
    both = _TYPE_WITH_DISCIPLINE.match(label)
    if both is not None:
        try:
            kind = EvidenceType.parse(both["type"])
        except ValueError:
            kind = None
        if kind is not None:
            inner = both["discipline"].strip()
            canonical = DISCIPLINES.get(inner.upper())
            return TypeReading(kind, canonical[0] if canonical else inner,
                               unknown=canonical is None)
    return TypeReading(EvidenceType.OTHER, label, unknown=True)


def type_label(kind: EvidenceType, discipline: str) -> str:
    """What the type column says, such that ``parse_type`` reads it back the same."""
    if not discipline:
        return kind.value
    known = DISCIPLINES.get(discipline.upper())
    default = known[1] if known else EvidenceType.OTHER
    if kind is default and parse_type(discipline) == TypeReading(kind, discipline,
                                                                 known is None):
        return discipline
    return f"{kind.value} ({discipline})"
