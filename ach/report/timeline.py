"""The case through time, as the briefing shows it: the timeline of the matrix's reading,
what happened, and how the readings scored against it.

Pure: it words what ``ach.report.past`` read from git (``ach.history``'s readings and
scores, never recomputed here) and the outcome the case records. Nothing here loads the
git machinery unless an outcome or a past is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ach.estimative import band
from ach.model import Case, Outcome
from ach.report.wording import User, listing, long_date, sentence

if TYPE_CHECKING:  # read from git only when there is a repository
    from ach.history.reading import Reading
    from ach.history.review import ItemVerdict, Scored
    from ach.history.timeline import Entry
    from ach.report.past import Past

#: Rows of the review's table of commits, newest first; earlier ones count in the means.
REVIEW_ROWS = 12
#: Items named as having pointed the right way, and as having misled.
ITEMS_NAMED = 8
#: What a Brier score means, wherever one is shown.
BRIER_SCALE = "0 is perfect, 2 is as wrong as possible"


def _day(iso: str):
    import datetime as dt  # noqa: PLC0415

    try:
        return dt.datetime.fromisoformat(iso).date()
    except ValueError:
        return None


def _commit(entry: Entry) -> dict:
    c = entry.commit
    day = _day(c.date)
    return {"commit": c.sha, "sha": c.sha[:10], "date": day.isoformat() if day else "",
            "date_text": long_date(day) or c.date, "author": c.author, "subject": c.subject}


def _refs(case: Case) -> dict[str, str]:
    return {h.id: f"H{i}" for i, h in enumerate(case.hypotheses, 1)}


def _leaders(entry: Entry, now: dict[str, str]) -> list[dict]:
    """The hypotheses at rank 1 at that commit: today's ref, the title they had then."""
    then = {h.id: h.title for h in entry.version.snapshot.case.hypotheses}
    return [{"key": now.get(h, ""), "title": then.get(h, h)}
            for h in entry.version.readings.team.leaders]


def flip_text(reading: Reading) -> str:
    if reading.flip_margin is None:
        return "—"
    return "0 (shared lead)" if reading.flip_margin == 0 else str(reading.flip_margin)


# -- the timeline ------------------------------------------------------------------------

def timeline_context(past: Past | None, case: Case) -> dict | None:
    """One row per commit that changed the case, newest first: who, when, why, the leader,
    the flip margin and each hypothesis's reading in ICD 203's words."""
    if past is None or not past.entries:
        return None
    now = _refs(case)
    columns = [{"id": h.id, "key": now[h.id], "title": h.title, "removed": False}
               for h in case.hypotheses]
    for entry in past.entries:  # hypotheses since removed keep a column of their own
        for h in entry.version.snapshot.case.hypotheses:
            if h.id not in now and all(c["id"] != h.id for c in columns):
                columns.append({"id": h.id, "key": "", "title": h.title, "removed": True})
    rows = []
    for entry in past.entries:
        team = entry.version.readings.team
        rows.append({**_commit(entry), "leaders": _leaders(entry, now),
                     "flip_margin": team.flip_margin, "flip": flip_text(team),
                     "terms": [band(team.probabilities[c["id"]]).value
                               if c["id"] in team.probabilities else "" for c in columns]})
    return {"columns": columns, "rows": rows, "earlier": past.total - len(past.entries),
            "skipped": len(past.skipped)}


# -- what happened, on page one ------------------------------------------------------------

def _held(case: Case, outcome: Outcome) -> list[str]:
    titles = {h.id: h.title for h in case.hypotheses}
    return [User(titles.get(h, h)) for h in outcome.hypotheses]


def outcome_sentences(case: Case, past: Past | None, hypotheses: Sequence[dict]) -> list[dict]:
    """What happened and, in words a principal reads, how the matrix's readings scored;
    empty while no outcome is recorded."""
    outcome = case.outcome
    if outcome is None:
        return []
    when = long_date(outcome.date)
    note = [": ", User(outcome.note.rstrip(".")), "."] if outcome.note else ["."]
    if outcome.overtaken:
        return [sentence(f"On {when} events overtook the question", *note),
                sentence("No reading of the matrix can be scored against it.")]
    held = _held(case, outcome)
    said = [sentence(f"On {when} it was known that ", *listing(held),
                     " held" if len(held) == 1 else " held together", *note)]
    scored = past.scored if past is not None else []
    if not scored:
        return said + [_now_scored(hypotheses, outcome)]
    mean = team_mean(scored)
    last = scored[0]
    held_at = sum(s.leader_held for s in scored)
    n = len(scored)
    versions = "version" if n == 1 else f"{n} saved versions"
    said.append(sentence(
        f"Scored against what happened, the matrix's reading{'' if n == 1 else 's'} at "
        f"{'its one saved version' if n == 1 else f'the {versions} of the case'} "
        f"{'scored' if n == 1 else 'averaged'} a Brier score of {mean:.2f} ({BRIER_SCALE})"
        + ("." if n == 1 else f"; the latest scored {last.team:.2f}.")))
    if n == 1:
        lead = "The hypothesis it put first held." if last.leader_held else \
            "The hypothesis it put first did not hold."
    else:
        latest = "including the latest" if last.leader_held else "but not in the latest"
        lead = (f"The hypothesis it put first held in {held_at} of the {n}, {latest}."
                if held_at else f"The hypothesis it put first held in none of the {n}.")
    said.append(sentence(lead))
    return said


def _now_scored(hypotheses: Sequence[dict], outcome: Outcome) -> dict:
    """The current reading's score, when there is no history to score."""
    from ach.history.review import brier  # noqa: PLC0415 - only once an outcome exists

    score = brier({h["id"]: h["probability"] for h in hypotheses}, outcome.hypotheses)
    return sentence("Scored against what happened, the matrix's current reading has a "
                    f"Brier score of {score:.2f} ({BRIER_SCALE}).")


def team_mean(scored: Sequence[Scored]) -> float:
    values = [s.team for s in scored if s.team is not None]
    return sum(values) / len(values) if values else 0.0


# -- the review, in the annex -------------------------------------------------------------

def review_context(past: Past | None, case: Case, items: dict[str, dict]) -> dict | None:
    """Every commit's reading scored against the outcome: per commit and per analyst, the
    items that pointed the right way and those that misled, how the margin moved."""
    if past is None or not past.scored or case.outcome is None:
        return None
    from ach.history.review import mean_by_analyst  # noqa: PLC0415 - with a past only

    scored = past.scored
    now = _refs(case)
    means = mean_by_analyst(scored)
    names = list(means)
    rows = []
    for s in scored[:REVIEW_ROWS]:
        rows.append({**_commit(s.entry), "leaders": _leaders(s.entry, now),
                     "held": s.leader_held, "flip": flip_text(s.entry.version.readings.team),
                     "brier": s.team, "brier_text": f"{s.team:.3f}",
                     "analysts": [f"{s.analysts[a]:.3f}" if a in s.analysts else "—"
                                  for a in names]})
    return {
        "outcome": outcome_sentences(case, past, [])[0],
        "team_mean_text": f"{team_mean(scored):.3f}",
        "commits": len(scored),
        "rows": rows,
        "earlier": len(scored) - len(rows),
        "analysts": [{"name": a, "mean_text": f"{m:.3f}",
                      "commits": sum(a in s.analysts for s in scored)}
                     for a, m in means.items()],
        "right": _verdicts([v for v in past.verdicts if v.right and not v.misled], items, now,
                           case, "right"),
        "misled": _verdicts([v for v in past.verdicts if v.misled], items, now, case, "misled"),
        "margin": margin_moved(scored),
        "scale": BRIER_SCALE,
    }


def _verdicts(found: list[ItemVerdict], items: dict[str, dict], refs: dict[str, str],
              case: Case, side: str) -> dict:
    """Items named by ref and summary, each with what it said of which hypotheses: an item
    misled by favouring one that proved false or counting against one that held."""
    titles = {h.id: h.title for h in case.hypotheses}
    held = set(case.outcome.hypotheses) if case.outcome else set()
    shown = []
    for v in found[:ITEMS_NAMED]:
        item = items.get(v.evidence, {"id": v.evidence, "ref": "", "summary": v.evidence})
        said: dict[tuple[str, str], list[dict]] = {}
        for h in getattr(v, side):
            # Misled: consistent with a false one, or against one that held; right: the
            # other way round.
            true = h in held
            favoured = true if side == "right" else not true
            key = ("favoured" if favoured else "counted against",
                   "which held" if true else "which proved false")
            said.setdefault(key, []).append({"key": refs.get(h, ""), "title": titles.get(h, h)})
        shown.append({"item": item, "weight_text": f"{v.weight:.2f}",
                      "said": [{"verb": verb, "what": what, "hypotheses": hs}
                               for (verb, what), hs in said.items()]})
    return {"items": shown, "more": max(0, len(found) - ITEMS_NAMED)}


def _lead_words(steps: int | None) -> str:
    if steps is None:
        return "no rival to overturn it"
    if steps == 0:
        return "a shared lead"
    return f"a lead that {steps} rating change{'s' if steps != 1 else ''} would overturn"


def margin_moved(scored: Sequence[Scored]) -> dict:
    """How the lead's flip margin moved from the first reading to the latest, and how often
    the lead changed hands."""
    if not scored:
        return sentence()
    first, last = scored[-1], scored[0]
    first_day, last_day = (long_date(_day(s.entry.commit.date)) for s in (first, last))
    steps = [s.entry.version.readings.team.flip_margin for s in reversed(scored)]
    leads = [s.entry.version.readings.team.leaders for s in reversed(scored)]
    changes = sum(a != b for a, b in zip(leads, leads[1:], strict=False))
    if len(scored) == 1:
        return sentence(f"At its one reading ({first_day}) the matrix had "
                        f"{_lead_words(steps[0])}.")
    went = (f"The matrix went from {_lead_words(steps[0])} at its first reading "
            f"({first_day}) to {_lead_words(steps[-1])} at its latest ({last_day}).")
    # The extremes, only where they say more than the two ends.
    known = [s for s in steps if s is not None]
    spread = (f" Along the way, overturning the lead never took more than {max(known)} "
              f"rating changes nor fewer than {min(known)}."
              if known and {max(known), min(known)} - {steps[0], steps[-1]} else "")
    hands = (" The leader never changed." if changes == 0 else
             f" The leader changed {'once' if changes == 1 else f'{changes} times'}.")
    return sentence(went + spread + hands)
