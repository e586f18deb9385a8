"""History and diffs as JSON (DESIGN.md's contract) and as plain lines for the terminal."""

from __future__ import annotations

from typing import Any

from ach.estimative import MATRIX_READING, band
from ach.figures import plural
from ach.figures import score as figure
from ach.history.changes import CellChange, Changes, Edited, FieldChange, Side
from ach.history.reading import Reading
from ach.history.timeline import Entry, Version
from ach.model import Case
from ach.refs import hypothesis_ref, hypothesis_refs, item_ref, item_refs

#: Hypotheses whose reading a history line names; the rest are counted.
SHOWN = 3


def reading_json(reading: Reading) -> dict[str, Any]:
    return {"leader": list(reading.leaders), "flip_margin": reading.flip_margin,
            "margin": reading.margin, "probabilities": reading.probabilities,
            "likelihood_bands": {h: band(p).value for h, p in reading.probabilities.items()}}


def judgments_json(case: Case) -> list[dict[str, Any]]:
    """The key judgments on record, as ``ach score --json`` gives them."""
    return [j.model_dump(mode="json", exclude={"id"}) for j in case.judgments]


def ranked(case: Case, reading: Reading) -> list[str]:
    """The hypotheses best first: by weighted inconsistency, then case order."""
    order = {h.id: at for at, h in enumerate(case.hypotheses)}
    return sorted(reading.weighted, key=lambda h: (round(reading.weighted[h], 9), order[h]))


def reading_words(case: Case, reading: Reading, shown: int = SHOWN) -> str:
    """Each hypothesis's reading in ICD 203's words, best first: the top ``shown`` named,
    the rest counted, so that a line stays a line with thirty hypotheses."""
    h_refs = hypothesis_refs(case)
    best = ranked(case, reading)
    words = ", ".join(f"{h_refs[h]} {band(reading.probabilities[h]).value}"
                      for h in best[:shown])
    more = f" +{len(best) - shown} more" if len(best) > shown else ""
    return f"matrix reading: {words}{more}" if best else "matrix reading: none"


def judgments_words(case: Case) -> str:
    """The key judgments on record, one phrase each; empty when there are none."""
    if not case.judgments:
        return ""
    h_refs = hypothesis_refs(case)
    said = []
    for j in case.judgments:
        about = f", {h_refs.get(j.hypothesis_id, j.hypothesis_id)}" if j.hypothesis_id else ""
        said.append(f"{j.text!r} ({j.term.value}, {j.confidence.value} confidence{about})")
    noun = "key judgment" if len(said) == 1 else "key judgments"
    return f"{noun}: " + "; ".join(said)


def changes_json(changes: Changes, team_cells: int) -> dict[str, Any]:
    """A commit's changes in brief: ids, and counts of cells per analyst and for the team."""
    def ids(side: Side) -> dict[str, list[str]]:
        return {"added": side.added, "removed": side.removed,
                "edited": [e.id for e in side.edited]}
    return {"hypotheses": ids(changes.hypotheses), "evidence": ids(changes.evidence),
            "cells": {"team": team_cells, "analysts": changes.cells_by_analyst()},
            "analysts_joined": changes.analysts_joined}


def entry_json(entry: Entry) -> dict[str, Any]:
    c = entry.commit
    readings = entry.version.readings
    return {"commit": c.sha, "date": c.date, "author": c.author, "subject": c.subject,
            **reading_json(readings.team),
            "judgments": judgments_json(entry.version.snapshot.case),
            "analysts": {name: reading_json(r) for name, r in readings.analysts.items()},
            "changes": changes_json(entry.changes, entry.team_cells)}


def changes_words(changes: Changes, team_cells: int) -> str:
    parts = []
    for side, noun in ((changes.hypotheses, "hypothesis"), (changes.evidence, "item")):
        many = "hypotheses" if noun == "hypothesis" else None
        for verb, found in (("added", side.added), ("removed", side.removed),
                            ("edited", side.edited)):
            if found:
                parts.append(f"{plural(len(found), noun, many)} {verb}")
    by = changes.cells_by_analyst()
    if by:
        who = ", ".join(f"{name} {n}" for name, n in by.items())
        parts.append(f"{plural(sum(by.values()), 'cell')} rated ({who}); team "
                     f"{plural(team_cells, 'cell')} changed")
    if changes.analysts_joined:
        parts.append("joined: " + ", ".join(changes.analysts_joined))
    if changes.case_fields:
        parts.append("case " + ", ".join(f.name for f in changes.case_fields) + " edited")
    return "; ".join(parts) or "no change to the case's content"


# -- diff ------------------------------------------------------------------------------

def _fields_json(fields: tuple[FieldChange, ...]) -> dict[str, Any]:
    return {f.name: {"old": f.old, "new": f.new} for f in fields}


def _cell_json(change: CellChange) -> dict[str, Any]:
    def part(cell, what):
        return (cell.rating.value if what == "rating" else cell.reason) if cell else None
    return {"analyst": change.analyst, "evidence": change.evidence,
            "hypothesis": change.hypothesis, "old": part(change.old, "rating"),
            "new": part(change.new, "rating"), "old_reason": part(change.old, "reason"),
            "new_reason": part(change.new, "reason")}


def diff_json(old: Version, new: Version, changes: Changes, team_cells: int) -> dict[str, Any]:
    def side(s: Side, label) -> dict[str, Any]:
        return {"added": [{"id": k, label[0]: label[1](new, k)} for k in s.added],
                "removed": [{"id": k, label[0]: label[1](old, k)} for k in s.removed],
                "edited": [{"id": e.id, "fields": _fields_json(e.fields)} for e in s.edited]}
    return {
        "case": new.snapshot.case.id,
        "from": old.snapshot.revision, "to": new.snapshot.revision,
        "cells": [_cell_json(c) for c in changes.cells],
        "hypotheses": side(changes.hypotheses, ("title", _title)),
        "evidence": side(changes.evidence, ("summary", _summary)),
        "analysts": {"joined": changes.analysts_joined, "left": changes.analysts_left},
        "case_fields": _fields_json(changes.case_fields),
        "team_cells_changed": team_cells,
        "before": reading_json(old.readings.team), "after": reading_json(new.readings.team),
    }


def _title(version: Version, hyp_id: str) -> str:
    return next((h.title for h in version.snapshot.case.hypotheses if h.id == hyp_id), "")


def _summary(version: Version, evidence_id: str) -> str:
    item = version.snapshot.library.items.get(evidence_id)
    return item.summary if item is not None else ""


def _name(case: Case, version: Version, key: str, hyp: bool) -> str:
    if hyp:
        return f"{hypothesis_ref(case, key)} {_title(version, key)!r}"
    return f"{item_ref(case, key)} {key} {_summary(version, key)!r}"


def diff_lines(old: Version, new: Version, changes: Changes, team_cells: int) -> list[str]:
    case, was = new.snapshot.case, old.snapshot.case
    head = [f"{case.id}: {old.snapshot.revision[:10]} → {new.snapshot.revision[:10]}",
            f"leader: {_lead(was, old.readings.team)} → {_lead(case, new.readings.team)}",
            *_reading_lines(old, new)]
    lines = [f"case {f.name}: {f.old!r} → {f.new!r}" for f in changes.case_fields]
    for s, hyp, noun in ((changes.hypotheses, True, "hypothesis"),
                         (changes.evidence, False, "item")):
        lines += [f"{noun} added: {_name(case, new, k, hyp)}" for k in s.added]
        lines += [f"{noun} removed: {_name(was, old, k, hyp)}" for k in s.removed]
        lines += [f"{noun} edited: {_name(case, new, e.id, hyp)}: {_edits(e)}"
                  for e in s.edited]
    if was.judgments != case.judgments:
        lines.append(f"before: {judgments_words(was) or 'no key judgment'}")
        lines.append(f"after: {judgments_words(case) or 'no key judgment'}")
    lines += [f"analyst joined: {a}" for a in changes.analysts_joined]
    lines += [f"analyst left: {a}" for a in changes.analysts_left]
    if changes.cells:
        lines.append(f"{plural(len(changes.cells), 'cell')} rated differently (the team's "
                     f"matrix: {plural(team_cells, 'cell')}):")
    e_refs, h_refs = item_refs(case), hypothesis_refs(case)
    for c in changes.cells:
        lines.append(f"  {c.analyst}: {e_refs.get(c.evidence, c.evidence)} × "
                     f"{h_refs.get(c.hypothesis, c.hypothesis)} {_title(new, c.hypothesis)!r}: "
                     f"{_cell(c.old)} → {_cell(c.new)}")
    return head + (lines or ["no change to the case's content"])


def _reading_lines(old: Version, new: Version) -> list[str]:
    """Each hypothesis's reading before and after, in ICD 203's words."""
    before, after = old.readings.team.probabilities, new.readings.team.probabilities
    case, was = new.snapshot.case, old.snapshot.case
    h_refs, old_refs = hypothesis_refs(case), hypothesis_refs(was)
    lines = [f"{MATRIX_READING}:"]
    for h in case.hypotheses:
        then = band(before[h.id]).value if h.id in before else "(not in the case)"
        now = band(after[h.id]).value
        lines.append(f"  {h_refs[h.id]} {h.title!r}: "
                     + (now if then == now else f"{then} → {now}"))
    for h in was.hypotheses:
        if h.id not in after:
            lines.append(f"  {old_refs[h.id]} {h.title!r}: {band(before[h.id]).value} → "
                         "(removed)")
    return lines


def _edits(edited: Edited) -> str:
    return "; ".join(f"{f.name} {f.old!r} → {f.new!r}" for f in edited.fields)


def _cell(cell) -> str:
    if cell is None:
        return "unrated"
    return cell.rating.value + (f" (reason: {cell.reason})" if cell.reason else "")


def _lead(case: Case, reading: Reading) -> str:
    h_refs = hypothesis_refs(case)
    if not reading.leaders:
        return "none"
    said = [] if reading.margin is None else [f"margin {figure(reading.margin)}"]
    if reading.flip_margin is not None:
        said.append(flip_words(reading.flip_margin))
    return " = ".join(h_refs[h] for h in reading.leaders) + (
        f" ({', '.join(said)})" if said else "")


def flip_words(steps: int) -> str:
    """The flip margin in words."""
    if steps == 0:
        return "flip margin 0: rank 1 is shared"
    return f"flips in {plural(steps, 'rating step')}"
