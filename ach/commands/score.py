"""``ach score``: the hypotheses of a case ranked, with the most diagnostic evidence, the
flip margin and the cautions; or DESIGN.md §4's JSON."""

from __future__ import annotations

import argparse
import json
import textwrap

from ach.cautions import (
    UNREFUTABLE,
    credibility_splits,
    hypothesis_warnings,
    judgment_warnings,
    rank_disagreement,
)
from ach.commands.common import Context, UserError, view_analyst, view_label
from ach.commands.score_text import flip_sentence
from ach.estimative import MATRIX_READING, band
from ach.figures import percent
from ach.model import Case
from ach.refs import (
    hypothesis_named,
    hypothesis_ref,
    hypothesis_refs,
    item_named,
    item_ref,
    item_refs,
)
from ach.scoring import Scores, gapped_leaders, score_case
from ach.store import Library


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("score", parents=[common], help="rank the hypotheses of a case")
    p.add_argument("case")
    p.add_argument("--json", action="store_true", help="print DESIGN.md's JSON object")
    p.add_argument("--team", action="store_true", help="score the team's consensus matrix")
    p.set_defaults(run=score)


def scores_json(case: Case, scores: Scores) -> dict:
    """The object of DESIGN.md §4."""
    titles = {h.id: h.title for h in case.hypotheses}
    h_ref, e_ref = hypothesis_refs(case), item_refs(case)
    group_of = {m: g.label for g in reversed(case.groups) for m in g.members}
    warnings = hypothesis_warnings(case, scores)
    flip = scores.flip_margin
    return {
        "case": case.id,
        "question": case.question,
        "hypotheses": [
            {"id": h.id, "ref": h_ref[h.id], "title": titles[h.id],
             "inconsistency": h.inconsistency,
             "weighted_inconsistency": h.weighted_inconsistency,
             "probability": h.probability, "likelihood_band": band(h.probability).value,
             "rank": h.rank, "warnings": warnings[h.id]}
            for h in scores.hypotheses
        ],
        "evidence": [{"id": e.id, "ref": e_ref[e.id], "diagnosticity": e.diagnosticity,
                      "linchpin": e.linchpin, "group": group_of.get(e.id)}
                     for e in scores.evidence],
        "analysts": case.analysts,
        "flip_margin": None if flip is None else {"steps": flip.steps, "rival": flip.rival},
        "judgments": [j.model_dump(mode="json", exclude={"id"}) for j in case.judgments],
    }


def score(ctx: Context, args: argparse.Namespace) -> int:
    if args.team and ctx.analyst_option:
        raise UserError("choose --analyst NAME or --team, not both")
    case, library = ctx.open(args.case)
    analyst = view_analyst(case, args, ctx)
    scores = score_case(case, library.items, analyst)
    if args.json:
        print(json.dumps(scores_json(case, scores), ensure_ascii=False, indent=2))
    else:
        print(score_table(case, library, scores, view_label(case, analyst)))
    return 0


def _bar(fraction: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "·" * (width - filled)


def score_table(case: Case, library: Library, scores: Scores, view: str) -> str:
    titles = {h.id: hypothesis_named(case, h.id) for h in case.hypotheses}
    e_ref = item_refs(case)
    lines = [f"{case.id}: {case.question}", f"ratings: {view}", ""]
    if not case.hypotheses:
        return "\n".join([*lines, "no hypotheses yet: ach hypothesis add CASE TITLE"])
    worst = max((h.weighted_inconsistency for h in scores.hypotheses), default=0) or 1
    lines.append(f"{'rank':>4}  {'hypothesis':<46} {'incons.':>7} {'weighted':>8}  "
                 f"{'':10} {'prob.':>6}  {MATRIX_READING}")
    for h in scores.ranked:
        title = textwrap.shorten(titles[h.id], 46, placeholder="…")
        lines.append(f"{h.rank:>4}  {title:<46} {h.inconsistency:>7g} "
                     f"{h.weighted_inconsistency:>8.2f}  {_bar(h.weighted_inconsistency / worst)}"
                     f" {percent(h.probability):>6}  {band(h.probability).value}")
    counted = [e for e in scores.evidence if not e.excluded]
    ranked = sorted(counted, key=lambda e: -e.diagnosticity)[:5]
    if ranked:
        lines += ["", "most diagnostic evidence:"]
        ref_width = max(len(e_ref[e.id]) for e in ranked)
        for e in ranked:
            item = library.items.get(e.id)
            mark = "  LINCHPIN" if e.linchpin else ""
            summary = textwrap.shorten(item.summary if item else e.id, 56, placeholder="…")
            lines.append(f"  {e_ref[e.id]:<{ref_width}}  {e.diagnosticity:5.2f}  {summary}{mark}")
    pins = [item_named(case, library.items, e.id) for e in counted if e.linchpin]
    lines += ["", f"linchpins (excluding one changes the leader): {', '.join(pins) or 'none'}",
              "rank 1 = least weighted inconsistency. Probability assumes the items are "
              "independent given each hypothesis."]
    lines += _unrated_lines(case, scores, len(counted))
    lines += _honesty_lines(case, library, scores)
    return "\n".join(lines)


def _honesty_lines(case: Case, library: Library, scores: Scores) -> list[str]:
    """The flip margin and the cautions ACH-METHOD.md "Beyond the matrix" asks for."""
    titles = {h.id: hypothesis_named(case, h.id) for h in case.hypotheses}
    lines = [flip_sentence(scores.flip_margin, case)]
    if why := rank_disagreement(scores, titles):
        lines.append(f"note: {why}")
    for h, codes in hypothesis_warnings(case, scores).items():
        if UNREFUTABLE in codes:
            lines.append(f"warning: {titles[h]} leads with at most one inconsistency and "
                         "nothing recorded would refute it (ach hypothesis edit CASE "
                         f"{hypothesis_ref(case, h)} --refuted-by …, or an indicator)")
    for split in credibility_splits(case, library.items):
        lines.append(f"warning: {split.said_by} ({split.source_id}"
                     + (f", {split.date}" if split.date else "")
                     + ") is given different credibility on "
                     + ", ".join(item_ref(case, e) for e in split.items))
    for n, j in enumerate(case.judgments, 1):
        for warning in judgment_warnings(j, scores):
            lines.append(f"warning: key judgment {n} {warning}")
    return lines


def _unrated_lines(case: Case, scores: Scores, counted: int) -> list[str]:
    """Unrated cells count as neutral: say where they are, and warn when the leader has
    them, since its lead may then only mean it was rated less."""
    unrated = {h.id: h.unrated for h in scores.hypotheses}
    gaps = [(h, h.unrated) for h in scores.ranked if h.unrated]
    if not gaps:
        return []
    lines = ["unrated (count as neutral): " + ", ".join(
        f"{hypothesis_ref(case, h.id)} {n} of {counted}" for h, n in gaps)]
    for h in gapped_leaders(scores.leaders, unrated):
        lines.append(f"warning: {hypothesis_named(case, h)} leads with {unrated[h]} of its "
                     f"{counted} items unrated, "
                     "more than another hypothesis; rate them before trusting its lead")
    return lines
