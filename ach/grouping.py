"""Suggested dependence groups: items that look as if they are not independent.

ACH-METHOD.md "Dependence groups". Two tests, both deliberately simple, and only ever
offered (the analyst accepts each or not; nothing is grouped silently):

- the same source, the same speaker and the same date: one occasion's words;
- an assumption whose words restate another item's: most of their content words are the
  same (Jaccard similarity of content words at least ``RESTATES``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ach.model import Case, Evidence, EvidenceType, GroupKind

#: Content words shared by at least this share of the two items' words (Jaccard).
RESTATES = 0.5

#: Words that carry no content of their own.
_STOP = frozenset("""a about after all also an and any are as at be been before but by can
could did do does for from had has have he her his how if in into is it its may might more
most no not of on or our over said says she should so some such than that the their them then
there these they this those to under until up was we were what when which who will with
would you""".split())
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: GroupKind
    members: tuple[str, ...]
    #: Why, in a phrase ("same speaker, source and date").
    why: str


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (m.group(0).lower() for m in _WORD.finditer(text))
                     if len(w) > 2 and w not in _STOP)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _covered(case: Case, members: tuple[str, ...]) -> bool:
    """Are the members already in one group together?"""
    wanted = set(members)
    return any(wanted <= set(g.members) for g in case.groups)


def same_occasion(case: Case, evidence: Mapping[str, Evidence]) -> list[Suggestion]:
    """Items of one source, said by one speaker on one date (two or more of them)."""
    occasions: dict[tuple[str, str, str], list[Evidence]] = {}
    for ref in case.evidence:
        item = evidence.get(ref.id)
        if item is None or item.source_id is None or not item.said_by.strip():
            continue
        when = item.date.isoformat() if item.date else ""
        key = (item.source_id, " ".join(item.said_by.split()).lower(), when)
        occasions.setdefault(key, []).append(item)
    found = []
    for (source, _, when), items in occasions.items():
        members = tuple(i.id for i in items)
        if len(members) < 2 or _covered(case, members):
            continue
        speaker = " ".join(items[0].said_by.split())
        label = f"{speaker}, {source}" + (f", {when}" if when else "")
        found.append(Suggestion(label, GroupKind.SAME_SPEAKER, members,
                                "same speaker, source and date"))
    return found


def restatements(case: Case, evidence: Mapping[str, Evidence]) -> list[Suggestion]:
    """Each assumption paired with the item whose words it most restates, if it does."""
    items = [i for ref in case.evidence if (i := evidence.get(ref.id)) is not None]
    words = {i.id: content_words(i.summary) | content_words(i.quote) for i in items}
    summaries = {i.id: content_words(i.summary) for i in items}
    found = []
    for assumption in items:
        if assumption.type is not EvidenceType.ASSUMPTION:
            continue
        best, best_id = 0.0, None
        for other in items:
            if other.id == assumption.id:
                continue
            # The summary alone, or with its quote: a restatement may echo either.
            score = max(jaccard(summaries[assumption.id], summaries[other.id]),
                        jaccard(words[assumption.id], words[other.id]))
            if score > best:
                best, best_id = score, other.id
        if best_id is None or best < RESTATES:
            continue
        members = (best_id, assumption.id)
        if _covered(case, members):
            continue
        found.append(Suggestion(f"{assumption.id} restates {best_id}", GroupKind.DERIVED,
                                members, f"assumption restates an item ({best:.0%} of words "
                                "shared)"))
    return found


def suggest(case: Case, evidence: Mapping[str, Evidence]) -> list[Suggestion]:
    """Every suggested group, occasions first, labels kept distinct from existing groups."""
    taken = {g.label for g in case.groups}
    found = []
    for s in [*same_occasion(case, evidence), *restatements(case, evidence)]:
        label, n = s.label, 2
        while label in taken:
            label, n = f"{s.label} ({n})", n + 1
        taken.add(label)
        found.append(Suggestion(label, s.kind, s.members, s.why))
    return found
