"""Checking a workspace: every file on its own, then the references between them.

Unlike loading, which stops at the first problem, validation lists them all,
each with its file, its location and the problem in plain words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ach import journal
from ach.jsonfile import FileProblem, digest_of, read_tables_and_text
from ach.model import Case, Evidence, Scenario, Source
from ach.refs import hypothesis_ref, item_ref
from ach.store import EVIDENCE, HYPOTHESES, case_from_tables, evidence_from_tables

#: Extra checks later modules add (e.g. quote integrity): (root, library items, sources) → problems
ItemCheck = Callable[[Path, dict[str, tuple[Path, Evidence]], dict[str, Source]],
                     list[FileProblem]]
EXTRA_CHECKS: list[ItemCheck] = []


def _files(root: Path, paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob("*.json")))
        else:
            found.append(_ach_file(path))
    return found


def _ach_file(path: Path) -> Path:
    """A source's text (``evidence/x.txt``) stands for its record (``evidence/x.json``),
    whose items quote it: that is what there is to check about it."""
    if path.suffix.lower() != ".json" and path.with_suffix(".json").is_file():
        return path.with_suffix(".json")
    return path


def _kind(root: Path, path: Path) -> str:
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        parts = path.parts
    if HYPOTHESES in parts[:-1]:
        return "case"
    if EVIDENCE in parts[:-1]:
        return "evidence"
    return "unknown"


def _name(root: Path, path: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def validate(root: Path, paths: Iterable[Path] = ()) -> list[FileProblem]:
    """Every problem in the given files (default: the whole workspace)."""
    paths = list(paths) or [root / HYPOTHESES, root / EVIDENCE]
    problems: list[FileProblem] = []
    cases: list[tuple[Path, Case]] = []
    items: dict[str, tuple[Path, Evidence]] = {}
    sources: dict[str, Source] = {}
    # The library is always read in full: case references are checked against it.
    evidence_files = sorted((root / EVIDENCE).glob("*.json")) if (root / EVIDENCE).is_dir() else []
    # Resolved, so that "evidence/x.json" given on the command line and the same file found
    # in the library are read once, not twice (which would report every id as duplicated).
    evidence_files = [p.resolve() for p in evidence_files]
    wanted = []
    for path in _files(root, paths):
        if not path.exists():
            problems.append(FileProblem(path, "no such file"))
        elif path.suffix.lower() != ".json":
            problems.append(FileProblem(path, "is not an ACH file (those are the .json files "
                                        "in hypotheses/ and evidence/)"))
        else:
            wanted.append(path.resolve())
    #: Ids that readable evidence files hold, even where the item itself is invalid.
    held: set[str] = set()
    unreadable: list[Path] = []
    for path in sorted(set(wanted) | set(evidence_files)):
        name = _name(root, path)
        kind = _kind(root, path)
        report = path in wanted
        try:
            tables, text = read_tables_and_text(path)
        except FileProblem as exc:
            if report:
                problems.append(FileProblem(name, exc.problem, exc.location))
            if kind == "evidence":
                unreadable.append(name)
            continue
        if kind == "evidence":
            held.update(tables.get("items", {}))
        found: list[FileProblem] = []
        try:
            if kind == "case":
                found.extend(_journal_problems(root, path, tables, text))
                case = case_from_tables(name, tables, found)
                if case is not None:
                    cases.append((name, case))
                    if case.id != path.stem:
                        found.append(FileProblem(name, f"holds case {case.id!r} but the file "
                                                 f"name says {path.stem!r}", "case → case → id"))
            elif kind == "evidence":
                source, file_items = evidence_from_tables(name, tables, found)
                if source is not None:
                    sources[source.id] = source
                    if source.id != path.stem:
                        found.append(FileProblem(name, f"holds source {source.id!r} but the "
                                                 f"file name says {path.stem!r}",
                                                 "source → source → id"))
                for item in file_items:
                    if item.id in items:
                        other = items[item.id][0]
                        found.append(FileProblem(name, f"evidence id is also used in {other}",
                                                 f"items → {item.id}"))
                    else:
                        items[item.id] = (name, item)
            else:
                found.append(FileProblem(name, "is neither under hypotheses/ nor evidence/"))
        except FileProblem as exc:
            found.append(exc)
        if report:
            problems.extend(found)
    for name, case in cases:
        problems.extend(_case_references(name, case, held, unreadable))
    reported = {str(_name(root, p)) for p in wanted}
    for check in EXTRA_CHECKS:
        problems.extend(p for p in check(root, items, sources) if str(p.path) in reported)
    return problems


def _journal_problems(root: Path, path: Path, tables: dict, text: str) -> list[FileProblem]:
    """A case's journal of ratings, checked as loading would use it, naming the journal."""
    where = _name(root, journal.journal_path(path))
    try:
        found = journal.read(path)
        if found is None:
            return []
        if found.base != digest_of(text):
            return [FileProblem(where, f"was written against another version of "
                                f"{_name(root, path)} (a checkout of another branch?); its "
                                "ratings are not applied, and ach sets it aside when the case "
                                "is next opened")]
        journal.check(path, found, tables)
    except FileProblem as exc:
        return [FileProblem(where, exc.problem, exc.location)]
    return []


def _case_references(name: Path, case: Case, held: set[str], unreadable: list[Path],
                     ) -> list[FileProblem]:
    problems = []
    hyp_ids = {h.id for h in case.hypotheses}
    ev_ids = {e.id for e in case.evidence}
    # An unreadable evidence file may be where a missing item lives: say so, once per item.
    maybe = (f" (it may be in {', '.join(map(str, unreadable))}, which cannot be read)"
             if unreadable else "")
    # The ref (E3, H2) is how people see the record the problem concerns; the id stays
    # in the location, which names the file's contents.
    for ref in case.evidence:
        if ref.id not in held:
            problems.append(FileProblem(name, f"uses an evidence item ({item_ref(case, ref.id)}"
                                        f") that no file under evidence/ holds{maybe}",
                                        f"evidence → {ref.id}"))
    for hyp in case.hypotheses:
        for other in hyp.relations:
            if other not in hyp_ids:
                problems.append(FileProblem(name, f"{hypothesis_ref(case, hyp.id)} has a "
                                            "relation to an unknown hypothesis",
                                            f"hypotheses → {hyp.id} → relations → {other}"))
    for analyst, rows in case.ratings.items():
        for evidence_id, row in rows.items():
            where = f"ratings:{analyst} → {evidence_id}"
            if evidence_id not in ev_ids:
                problems.append(FileProblem(name, "rates evidence the case does not use", where))
            for hyp_id in row:
                if hyp_id not in hyp_ids:
                    problems.append(FileProblem(name, "rates an unknown hypothesis",
                                                f"{where} → {hyp_id}"))
    for ind in case.indicators:
        if ind.hypothesis_id not in hyp_ids:
            problems.append(FileProblem(name, "indicator of an unknown hypothesis",
                                        f"indicators → {ind.id} → hypothesis_id"))
    for scenario in case.scenarios:
        problems.extend(_scenario_references(name, scenario, hyp_ids, ev_ids))
    problems.extend(_judgment_references(name, case, hyp_ids, ev_ids))
    return problems


def _judgment_references(name: Path, case: Case, hyp_ids: set[str], ev_ids: set[str],
                         ) -> list[FileProblem]:
    """Dependence groups, key judgments and the outcome naming what the case does not
    have: a group would discount nothing for that member, a judgment would concern no
    hypothesis, and a review would score against a hypothesis nobody can see."""
    problems = []
    for group in case.groups:
        problems += [FileProblem(name, f"dependence group {group.label!r} has a member that "
                                 "is not an item of the case",
                                 f"groups → {group.id} → members → {member}")
                     for member in group.members if member not in ev_ids]
    for judgment in case.judgments:
        if judgment.hypothesis_id is not None and judgment.hypothesis_id not in hyp_ids:
            problems.append(FileProblem(name, f"key judgment {judgment.text!r} concerns "
                                        f"hypothesis {judgment.hypothesis_id!r}, which the "
                                        "case does not have",
                                        f"judgments → {judgment.id} → hypothesis_id"))
    if case.outcome is not None:
        problems += [FileProblem(name, f"the outcome names hypothesis {hyp!r}, which the case "
                                 "does not have", f"outcome → outcome → hypotheses → {hyp}")
                     for hyp in case.outcome.hypotheses if hyp not in hyp_ids]
    return problems


def _scenario_references(name: Path, scenario: Scenario, hyp_ids: set[str], ev_ids: set[str],
                         ) -> list[FileProblem]:
    """A recorded what-if that names an item or hypothesis the case no longer has would
    be shown with part of its changes silently missing."""
    where = f"scenarios → {scenario.id}"
    items = {*scenario.excluded, *scenario.credibility, *scenario.reversed, *scenario.restored,
             *(c.evidence_id for c in scenario.cells)}
    problems = [FileProblem(name, "what-if names an evidence item the case does not use",
                            f"{where} → {item}") for item in sorted(items - ev_ids)]
    hyps = {c.hypothesis_id for c in scenario.cells}
    problems += [FileProblem(name, "what-if rates an unknown hypothesis", f"{where} → {hyp}")
                 for hyp in sorted(hyps - hyp_ids)]
    return problems
