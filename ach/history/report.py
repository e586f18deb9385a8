"""History and diffs as JSON (DESIGN.md's contract) and as plain lines for the terminal."""

from __future__ import annotations

from typing import Any

from ach.figures import plural
from ach.figures import score as figure
from ach.history.changes import CellChange, Changes, Edited, FieldChange, Side, refs
from ach.history.reading import Reading
from ach.history.timeline import Entry, Version
from ach.model import Case


def reading_json(reading: Reading) -> dict[str, Any]:
    return {"leader": list(reading.leaders), "flip_margin": reading.flip_margin,
            "margin": reading.margin, "probabilities": reading.probabilities}


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
    e_refs, h_refs = refs(case)
    if hyp:
        return f"{h_refs.get(key, key)} {_title(version, key)!r}"
    return f"{e_refs.get(key, key)} {key} {_summary(version, key)!r}"


def diff_lines(old: Version, new: Version, changes: Changes, team_cells: int) -> list[str]:
    case, was = new.snapshot.case, old.snapshot.case
    lines = [f"{case.id}: {old.snapshot.revision[:10]} → {new.snapshot.revision[:10]}",
             f"leader: {_lead(was, old.readings.team)} → {_lead(case, new.readings.team)}"]
    for f in changes.case_fields:
        lines.append(f"case {f.name}: {f.old!r} → {f.new!r}")
    for s, hyp, noun in ((changes.hypotheses, True, "hypothesis"),
                         (changes.evidence, False, "item")):
        lines += [f"{noun} added: {_name(case, new, k, hyp)}" for k in s.added]
        lines += [f"{noun} removed: {_name(was, old, k, hyp)}" for k in s.removed]
        lines += [f"{noun} edited: {_name(case, new, e.id, hyp)}: {_edits(e)}"
                  for e in s.edited]
    lines += [f"analyst joined: {a}" for a in changes.analysts_joined]
    lines += [f"analyst left: {a}" for a in changes.analysts_left]
    if changes.cells:
        lines.append(f"{plural(len(changes.cells), 'cell')} rated differently (the team's "
                     f"matrix: {plural(team_cells, 'cell')}):")
    e_refs, h_refs = refs(case)
    for c in changes.cells:
        lines.append(f"  {c.analyst}: {e_refs.get(c.evidence, c.evidence)} × "
                     f"{h_refs.get(c.hypothesis, c.hypothesis)} {_title(new, c.hypothesis)!r}: "
                     f"{_cell(c.old)} → {_cell(c.new)}")
    if len(lines) == 2:
        lines.append("no change to the case's content")
    return lines


def _edits(edited: Edited) -> str:
    return "; ".join(f"{f.name} {f.old!r} → {f.new!r}" for f in edited.fields)


def _cell(cell) -> str:
    if cell is None:
        return "unrated"
    return cell.rating.value + (f" (reason: {cell.reason})" if cell.reason else "")


def _lead(case: Case, reading: Reading) -> str:
    _, h_refs = refs(case)
    if not reading.leaders:
        return "none"
    margin = "" if reading.margin is None else f" (margin {figure(reading.margin)})"
    return " = ".join(h_refs[h] for h in reading.leaders) + margin
