"""What the scores panel says beside the figures (ACH-METHOD.md "Beyond the matrix"):
each hypothesis's probability in ICD 203's words, the flip margin, the cautions and the
key judgments' warnings, and why rank and probability may disagree.

All of it is read from the scores the scoreboard keeps (the flip margin is its own,
kept one row at a time) and from the case; nothing here rescans the ratings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ach.cautions import (
    CredibilitySplit,
    credibility_splits,
    judgment_warnings,
    rank_disagreement,
    unrefutable,
)
from ach.estimative import band
from ach.figures import plural
from ach.flip import FlipMargin
from ach.model import Case, Evidence
from ach.refs import hypothesis_refs
from ach.scoring import Scores


@dataclass(frozen=True)
class ScoreNotes:
    #: Hypothesis id → the ICD 203 term of its probability (the matrix's reading).
    terms: Mapping[str, str] = field(default_factory=dict)
    #: The flip margin in a sentence; empty with one hypothesis or none.
    flip: str = ""
    #: One line each: the cautions and the key judgments' warnings.
    warnings: tuple[str, ...] = ()
    #: Why rank 1 is not the most probable hypothesis, when it is not.
    disagreement: str = ""


#: A title named in a sentence is cut after this many characters.
NAME_LENGTH = 32


def refs(case: Case) -> dict[str, str]:
    """Each hypothesis as a sentence names it: its ref (ach.refs) and its title, cut short."""
    found = {}
    ref = hypothesis_refs(case)
    for h in case.hypotheses:
        title = " ".join(h.title.split())
        if len(title) > NAME_LENGTH:
            title = title[:NAME_LENGTH - 1].rstrip() + "…"
        found[h.id] = f"{ref[h.id]} “{title}”"
    return found


def flip_line(flip: FlipMargin | None, names: Mapping[str, str]) -> str:
    if flip is None:
        return ""
    if flip.steps == 0:
        return (f"Rank 1 is shared with {names.get(flip.rival, flip.rival)}: any rating "
                "change that favours one decides the lead.")
    return (f"{plural(flip.steps, 'rating change')} would change the leader (to "
            f"{names.get(flip.rival, flip.rival)}).")


def warnings(case: Case, splits: Sequence[CredibilitySplit], scores: Scores,
             names: Mapping[str, str]) -> tuple[str, ...]:
    found = [f"{names[h]} leads with at most one inconsistency and nothing recorded would "
             "refute it (E: what would refute it, or an indicator)."
             for h in unrefutable(case, scores)]
    for split in splits:
        found.append(f"{split.said_by} ({split.date or split.source_id}) has different "
                     f"credibility on {', '.join(split.items)}.")
    for n, judgment in enumerate(case.judgments, 1):
        found.extend(f"Key judgment {n} {w}." for w in judgment_warnings(judgment, scores))
    return tuple(found)


def score_notes(case: Case, evidence: Mapping[str, Evidence], scores: Scores,
                splits: Sequence[CredibilitySplit] | None = None) -> ScoreNotes:
    """The notes beside the scores. ``splits``: the case's credibility splits when the
    caller already has them (they read every item, and a rating changes none)."""
    names = refs(case)
    if splits is None:
        splits = credibility_splits(case, evidence)
    known = [h for h in scores.hypotheses if h.id in names]
    return ScoreNotes(
        terms={h.id: band(h.probability).value for h in known},
        flip=flip_line(scores.flip_margin, names),
        warnings=warnings(case, splits, scores, names),
        disagreement=rank_disagreement(scores, names) if len(known) == len(
            scores.hypotheses) else "")
