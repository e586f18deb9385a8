"""Cautions a reader of the scores should see: what the figures do not say by themselves.

ACH-METHOD.md "Beyond the matrix": a leader that nothing recorded could refute, the same
speaker on the same occasion judged differently credible, and key judgments that have
drifted from the matrix's reading or were written under another leader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ach.estimative import band, distance
from ach.figures import percent
from ach.model import Case, Evidence, KeyJudgment
from ach.scoring import Scores, gapped_leaders

#: Warning codes per hypothesis, as ``ach score --json`` gives them.
UNREFUTABLE = "unrefutable"
LEADS_ON_GAPS = "leads-on-gaps"

#: A key judgment this many bands from the matrix's reading is worth a second look.
FAR_BANDS = 2


def unrefutable(case: Case, scores: Scores) -> list[str]:
    """Leaders with at most one inconsistency that nothing recorded (no refutation
    statement, no indicator) would show wrong: they may lead only by predicting little."""
    watched = {ind.hypothesis_id for ind in case.indicators}
    found = []
    for h in case.hypotheses:
        if h.id not in scores.leaders or h.refuted_by.strip() or h.id in watched:
            continue
        if scores.hypothesis(h.id).inconsistency <= 1:
            found.append(h.id)
    return found


def hypothesis_warnings(case: Case, scores: Scores) -> dict[str, list[str]]:
    """Each hypothesis's warning codes (an empty list where there is none)."""
    codes: dict[str, list[str]] = {h.id: [] for h in case.hypotheses}
    for h in unrefutable(case, scores):
        codes[h].append(UNREFUTABLE)
    unrated = {h.id: h.unrated for h in scores.hypotheses}
    for h in gapped_leaders(scores.leaders, unrated):
        codes[h].append(LEADS_ON_GAPS)
    return codes


@dataclass(frozen=True)
class CredibilitySplit:
    """Items from one speaker on one occasion that were given different credibility."""

    source_id: str
    said_by: str
    date: str
    items: tuple[str, ...]


def credibility_splits(case: Case, evidence: Mapping[str, Evidence]) -> list[CredibilitySplit]:
    """The same source, speaker and date with more than one credibility: one occasion's
    words are as credible as each other unless a reason says otherwise."""
    # Grouped first by the raw fields (cheap for a case of thousands of items), then the
    # few distinct speakers are normalised: "Ann  Lee" and "ann lee" are one speaker.
    raw: dict[tuple, list[Evidence]] = {}
    for ref in case.evidence:
        item = evidence.get(ref.id)
        if item is None or item.source_id is None:
            continue
        raw.setdefault((item.source_id, item.said_by, item.date), []).append(item)
    occasions: dict[tuple[str, str, str], list[Evidence]] = {}
    for (source_id, said_by, date), items in raw.items():
        speaker = " ".join(said_by.split()).lower()
        if speaker:
            key = (source_id, speaker, date.isoformat() if date else "")
            occasions.setdefault(key, []).extend(items)
    return [CredibilitySplit(items[0].source_id or "", items[0].said_by, when,
                             tuple(i.id for i in items))
            for (_, _, when), items in occasions.items()
            if len({i.credibility for i in items}) > 1]


def judgment_warnings(judgment: KeyJudgment, scores: Scores) -> list[str]:
    """Why a key judgment deserves a second look: its term is far from the matrix's
    reading of its hypothesis, or the leader changed since it was written."""
    found = []
    if judgment.hypothesis_id is not None and any(
            h.id == judgment.hypothesis_id for h in scores.hypotheses):
        reading = band(scores.hypothesis(judgment.hypothesis_id).probability)
        if distance(reading, judgment.term) >= FAR_BANDS:
            found.append(f"says {judgment.term.value!r} where the matrix reads "
                         f"{reading.value!r}")
    if judgment.leaders_then and set(judgment.leaders_then) != set(scores.leaders):
        found.append("the leader changed after it was written")
    return found


def rank_disagreement(scores: Scores, names: Mapping[str, str]) -> str:
    """When the hypothesis ranked first is not the most probable, say why in one sentence."""
    hyps = scores.hypotheses
    if len(hyps) < 2:
        return ""
    top = max(hyps, key=lambda h: h.probability)
    if top.id in scores.leaders:
        return ""
    first = min(hyps, key=lambda h: (h.rank, -h.probability))
    return (f"{names[first.id]} ranks 1 at {percent(first.probability)} while "
            f"{names[top.id]} (rank {top.rank}) reads {percent(top.probability)}: weighted "
            "inconsistency counts only the evidence against a hypothesis; the reading also "
            "counts the evidence for it.")
