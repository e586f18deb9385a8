"""Generate benchmark workspaces: the large case (30 × 2,000 × 3) and the small (5 × 50 × 1).

Deterministic (fixed seed), realistic text lengths, every cell rated; a fifth of the
cells carry a reason. Usage: python bench/generate.py DIR [--hypotheses 30 --evidence 2000
--analysts 3 --sources 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from ach.model import (
    Case,
    CaseEvidence,
    Cell,
    Evidence,
    EvidenceType,
    Hypothesis,
    Level,
    Location,
    Rating,
    Source,
)
from ach.store import Library, Workspace

WORDS = ("militia ministry border talks envoy oil corridor sanctions statement cabinet brigade "
         "parliament drone ceasefire report adviser election pipeline budget command withdrawal "
         "coalition shrine cleric protest tribe customs smuggling province governor").split()
RATINGS = (Rating.CC, Rating.C, Rating.N, Rating.N, Rating.I, Rating.II, Rating.NA)


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def build(root: Path, *, hypotheses: int, evidence: int, analysts: int, sources: int,
          case_id: str = "large", seed: int = 7) -> Workspace:
    rng = random.Random(seed)
    workspace = Workspace(root)
    library = Library()
    for s in range(sources):
        library.sources[f"src-{s:03d}"] = Source(
            id=f"src-{s:03d}", title=_sentence(rng, 6)[:-1], publisher="Wire service",
            published=dt.date(2024, 1, 1) + dt.timedelta(days=s))
    refs = []
    for i in range(evidence):
        quote = _sentence(rng, rng.randint(18, 45))
        item = Evidence(
            id=f"e-{i:05d}", summary=_sentence(rng, rng.randint(8, 14))[:120], quote=quote,
            source_id=f"src-{i % sources:03d}",
            location=Location(paragraph=1 + i // sources, start=0, end=len(quote)),
            said_by=_sentence(rng, 3)[:-1], type=rng.choice(list(EvidenceType)[:5]),
            date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700)),
            credibility=rng.choice(list(Level)), relevance=rng.choice(list(Level)))
        library.items[item.id] = item
        refs.append(CaseEvidence(id=item.id))
    hyps = [Hypothesis(id=f"h-{j:02d}", title=_sentence(rng, rng.randint(4, 8))[:-1],
                       description=_sentence(rng, 25)) for j in range(hypotheses)]
    case = Case(id=case_id, question="Which course will events take?", hypotheses=hyps,
                evidence=refs, created=dt.date(2025, 1, 1))
    for a in range(analysts):
        name = f"Analyst {chr(65 + a)}"
        for ref in refs:
            for hyp in hyps:
                reason = _sentence(rng, rng.randint(6, 14)) if rng.random() < 0.2 else ""
                case.set_cell(name, ref.id, hyp.id, Cell(rating=rng.choice(RATINGS),
                                                         reason=reason))
    workspace.save_library(library)
    workspace.create_case(case)
    return workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--hypotheses", type=int, default=30)
    parser.add_argument("--evidence", type=int, default=2000)
    parser.add_argument("--analysts", type=int, default=3)
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--case", default="large")
    args = parser.parse_args()
    build(args.root, hypotheses=args.hypotheses, evidence=args.evidence,
          analysts=args.analysts, sources=args.sources, case_id=args.case)
    print(f"wrote case {args.case!r} under {args.root}")


if __name__ == "__main__":
    main()
