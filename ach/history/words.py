"""A case or evidence file in words, one fact a line, for git's diff driver (textconv).

``git diff`` and ``git log -p`` compare these lines instead of the JSON, so a re-rated
cell reads ``H2 'Baghdad tightens ties': E3 rated I by Alice (reason: …)`` rather than
as a changed ``"rating"`` line far from anything naming the cell. Each line stands on
its own (it names its record), so a diff's lines need no surrounding context.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ach.jsonfile import FileProblem, check_tables_shape, parse_json
from ach.model import Case, Model
from ach.refs import hypothesis_refs, item_refs
from ach.store import case_from_tables, evidence_from_tables


def file_in_words(path: Path, text: str) -> str:
    """The file's facts, one a line; a file that is not a readable ACH file is given back
    as it is, so git still shows its changes line by line."""
    try:
        tables = parse_json(path, text)
        check_tables_shape(path, tables)
        kind = tables["meta"].get("format", {}).get("kind")
        if kind == "case":
            lines = list(case_lines(case_from_tables(path, tables)))
        elif kind == "evidence":
            source, items = evidence_from_tables(path, tables)
            lines = list(_evidence_lines(source, items))
        else:
            return text
    except FileProblem:
        return text
    return "".join(line + "\n" for line in lines)


def _one_line(value: Any) -> str:
    if isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _fields(label: str, model: Model, skip: tuple[str, ...] = ()) -> Iterator[str]:
    """``label: field: value`` for each field that is not at its default."""
    data = model.model_dump(mode="json", exclude={"id", *skip}, exclude_defaults=True)
    for name, value in data.items():
        if isinstance(value, list | dict):
            for entry in value.items() if isinstance(value, dict) else enumerate(value, 1):
                yield f"{label}: {name.replace('_', ' ')} {entry[0]}: {_one_line(entry[1])}"
        else:
            yield f"{label}: {name.replace('_', ' ')}: {_one_line(value)}"


def case_lines(case: Case) -> Iterator[str]:
    yield from _fields(f"case {case.id}", case, ("hypotheses", "evidence", "ratings",
                                                 "indicators", "scenarios", "outcome"))
    h_refs = hypothesis_refs(case)
    hyp = {h.id: f"{h_refs[h.id]} {_quoted(h.title)}" for h in case.hypotheses}
    ref = item_refs(case)
    for h in case.hypotheses:
        yield f"{hyp[h.id]}: id {h.id}"
        yield from _fields(hyp[h.id], h, ("title",))
    for r in case.evidence:
        yield f"{ref[r.id]}: item {r.id} in the case"
        yield from _fields(ref[r.id], r)
    for indicator in case.indicators:
        yield from _fields(f"indicator {indicator.id} for {hyp.get(indicator.hypothesis_id)}",
                           indicator, ("hypothesis_id",))
    for scenario in case.scenarios:
        yield from _fields(f"what-if {scenario.id}", scenario)
    for analyst in sorted(case.ratings):
        rows = case.ratings[analyst]
        for r in case.evidence:
            row = rows.get(r.id, {})
            for h in case.hypotheses:
                cell = row.get(h.id)
                if cell is not None:
                    reason = f" (reason: {_one_line(cell.reason)})" if cell.reason else ""
                    yield f"{hyp[h.id]}: {ref[r.id]} rated {cell.rating.value} by {analyst}{reason}"
    if case.outcome is not None:
        held = ", ".join(hyp.get(h, h) for h in case.outcome.hypotheses)
        what = "overtaken by events" if case.outcome.overtaken else f"held: {held}"
        note = f" ({_one_line(case.outcome.note)})" if case.outcome.note else ""
        yield f"outcome on {case.outcome.date.isoformat()}: {what}{note}"


def _evidence_lines(source, items) -> Iterator[str]:
    if source is not None:
        yield from _fields(f"source {source.id}", source)
    for item in items:
        yield from _fields(f"item {item.id}", item)


def _quoted(title: str) -> str:
    return "'" + _one_line(title).replace("'", "\u2019") + "'"
