"""The history screen's contents, without Textual: the case read from git in one go (for a
worker thread), one row of text per commit, the flip margin's series for the chart, each
commit's changes by meaning, and the review once an outcome is recorded.

Reading goes through ``ach.history`` exactly as ``ach history`` and ``ach review`` do, so
the screen and the commands cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ach.estimative import band
from ach.figures import plural
from ach.history.changes import CellChange, Changes
from ach.history.gitread import Commit, HistoryError, Repository
from ach.history.review import (
    ItemVerdict,
    Scored,
    item_verdicts,
    mean_by_analyst,
    score_history,
)
from ach.history.snapshot import Snapshot
from ach.history.timeline import Entry, Version, VersionReader, history
from ach.merge.gitrepo import GitError
from ach.model import Case, Cell, Outcome
from ach.refs import hypothesis_refs, item_refs
from ach.store import Library, Workspace

#: Shown where a figure does not exist (fewer than two hypotheses, no outcome).
NONE = "—"


def refs(case: Case) -> tuple[dict[str, str], dict[str, str]]:
    """The case's item refs and hypothesis refs, by id (ach.refs numbers them)."""
    return item_refs(case), hypothesis_refs(case)


@dataclass
class Loaded:
    """Everything the history screen shows, read once."""

    case_id: str
    #: Newest first, as ``ach history`` lists them.
    entries: list[Entry]
    #: One line per commit passed over because its case file could not be read.
    skipped: list[str] = field(default_factory=list)
    outcome: Outcome | None = None
    #: Each entry's Brier scores, in the order of ``entries`` (an outcome recorded only).
    scored: list[Scored] = field(default_factory=list)
    #: Which items of today's team matrix pointed the right way or misled.
    verdicts: list[ItemVerdict] = field(default_factory=list)


def read_history(workspace: Workspace, case_id: str, case: Case, library: Library
                 ) -> Loaded | str:
    """The case's history from git, with the review if ``case`` (as the workbench holds
    it) records an outcome; or one line saying why there is none. Slow on a long history:
    call it from a worker thread, with copies (``CaseSession.snapshot``)."""
    now = Snapshot(case, library, "worktree")
    try:
        with Repository(workspace.root) as repo:
            repo.require_full_history()
            if not repo.has_commits():
                raise HistoryError(f"{repo.top} has no commits yet")
            path = repo.path_of(workspace.case_path(case_id))
            skipped: list[str] = []

            def skip(commit: Commit, problem: str) -> None:
                skipped.append(f"skipped {commit.sha[:10]} ({commit.subject}): {problem}")

            entries = history(repo, case_id, path, skipped=skip)
            loaded = Loaded(case_id, entries, skipped, now.case.outcome)
            if loaded.outcome is not None:
                loaded.scored = score_history(entries, loaded.outcome)
                team = VersionReader(repo, case_id).version(now).team
                loaded.verdicts = item_verdicts(team, loaded.outcome)
            return loaded
    except (HistoryError, GitError) as exc:
        return f"No history to show: {exc}."


# -- one row per commit ---------------------------------------------------------------

@dataclass(frozen=True)
class CommitRow:
    sha: str
    date: str
    author: str
    subject: str
    #: The hypotheses at rank 1 (``H2``, or ``H1 = H3`` when shared).
    leader: str
    #: The flip margin: the fewest rating steps that would change the leader.
    margin: str
    #: Each hypothesis's reading in ICD 203's words, in case order.
    readings: str
    changes: str
    #: The team's Brier score at this commit, once an outcome is recorded.
    brier: str = ""


def leader_words(case: Case, leaders: Sequence[str]) -> str:
    h_refs = hypothesis_refs(case)
    return " = ".join(h_refs.get(h, h) for h in leaders) or NONE


def readings_words(version: Version) -> str:
    case = version.snapshot.case
    probabilities = version.readings.team.probabilities
    h_refs = hypothesis_refs(case)
    return ", ".join(f"{h_refs[h.id]} {band(probabilities[h.id]).value}"
                     for h in case.hypotheses if h.id in probabilities) or NONE


def changes_brief(changes: Changes, team_cells: int) -> str:
    """What a commit changed, in one short line."""
    parts = []
    for side, one, many in ((changes.hypotheses, "hypothesis", "hypotheses"),
                            (changes.evidence, "item", "items")):
        for verb, found in (("added", side.added), ("removed", side.removed),
                            ("edited", side.edited)):
            if found:
                parts.append(f"{plural(len(found), one, many)} {verb}")
    by = changes.cells_by_analyst()
    if by:
        parts.append("cells rated: " + ", ".join(f"{name} {n}" for name, n in by.items())
                     + (f" (team {team_cells})" if team_cells else ""))
    if changes.analysts_joined:
        parts.append("joined: " + ", ".join(changes.analysts_joined))
    if changes.case_fields:
        parts.append("case " + ", ".join(f.name for f in changes.case_fields) + " edited")
    return "; ".join(parts) or "no change to the case's content"


def commit_rows(loaded: Loaded) -> list[CommitRow]:
    """One row per commit, newest first."""
    briers = {id(s.entry): s.team for s in loaded.scored}
    rows = []
    for entry in loaded.entries:
        c, version = entry.commit, entry.version
        team = version.readings.team
        brier = briers.get(id(entry))
        rows.append(CommitRow(
            c.sha, c.date[:10], c.author, c.subject,
            leader_words(version.snapshot.case, team.leaders),
            NONE if team.flip_margin is None else str(team.flip_margin),
            readings_words(version), changes_brief(entry.changes, entry.team_cells),
            "" if not loaded.scored else (NONE if brier is None else f"{brier:.3f}")))
    return rows


def margin_series(loaded: Loaded) -> list[float]:
    """The leader's flip margin at each commit, oldest first (for a chart read left to
    right); a commit with fewer than two hypotheses counts as 0."""
    return [float(e.version.readings.team.flip_margin or 0) for e in reversed(loaded.entries)]


_EIGHTHS = " ▁▂▃▄▅▆▇█"
#: A commit whose leader is shared (flip margin 0): a dot, so it is not mistaken for a gap.
_ZERO = "·"


def margin_chart(series: Sequence[float], width: int, height: int = 2) -> list[str]:
    """The series as bars from 0 (not from its minimum, so a margin of 2 never looks like
    none), one column per commit, or per run of commits when there are more than fit;
    each row led by its scale (the top row's value, 0 at the bottom)."""
    if not series or width < 4 or height < 1:
        return []
    top = max(max(series), 1.0)
    label = len(f"{top:g}")
    room = width - label - 1
    if len(series) > room:  # more commits than columns: each column shows its run's least
        step = len(series) / room
        series = [min(series[int(i * step):max(int((i + 1) * step), int(i * step) + 1)])
                  for i in range(room)]
    bar = max(1, min(3, room // len(series) - 1))
    gap = " " if room >= len(series) * (bar + 1) else ""
    rows = []
    for level in reversed(range(height)):
        cells = []
        for value in series:
            eighths = round(value / top * height * 8) - level * 8
            if value == 0:
                mark = _ZERO if level == 0 else " "
            else:
                mark = _EIGHTHS[max(0, min(8, eighths))] or " "
            cells.append(mark * bar)
        scale = f"{top:g}" if level == height - 1 else ("0" if level == 0 else "")
        rows.append(f"{scale:>{label}}▕" + gap.join(cells))
    return rows


def margin_caption(loaded: Loaded) -> str:
    series = margin_series(loaded)
    if not series:
        return "No commit holds this case yet."
    low, high = int(min(series)), int(max(series))
    spread = (plural(low, "rating step") + " throughout" if low == high
              else f"{low}–{high} rating steps, now {int(series[-1])}")
    return f"Flip margin over {plural(len(series), 'commit')}, oldest → newest: {spread}"


# -- one commit's changes by meaning ------------------------------------------------------

def _cell(cell: Cell | None) -> str:
    if cell is None:
        return "unrated"
    return cell.rating.value + (f" ({cell.reason})" if cell.reason else "")


def _title(case: Case, hyp_id: str) -> str:
    return next((h.title for h in case.hypotheses if h.id == hyp_id), "")


def cell_line(case: Case, change: CellChange) -> str:
    e_refs, h_refs = item_refs(case), hypothesis_refs(case)
    evidence = f"{e_refs.get(change.evidence, change.evidence)} {change.evidence}"
    hypothesis = h_refs.get(change.hypothesis, change.hypothesis)
    return (f"{evidence} × {hypothesis} {_title(case, change.hypothesis)!r}: "
            f"{_cell(change.old)} → {_cell(change.new)}")


def change_lines(entry: Entry) -> list[str]:
    """What the commit changed against its first parent, by meaning: the case's records
    first, then each analyst's cells (old → new, with the reasons)."""
    changes, case = entry.changes, entry.version.snapshot.case
    library = entry.version.snapshot.library
    e_refs, h_refs = item_refs(case), hypothesis_refs(case)
    lines = [f"case {f.name}: {f.old!r} → {f.new!r}" for f in changes.case_fields]
    for hyp_id in changes.hypotheses.added:
        lines.append(f"hypothesis added: {h_refs[hyp_id]} {_title(case, hyp_id)!r}")
    lines += [f"hypothesis removed: {hyp_id}" for hyp_id in changes.hypotheses.removed]
    for edited in changes.hypotheses.edited:
        fields = "; ".join(f"{f.name} {f.old!r} → {f.new!r}" for f in edited.fields)
        lines.append(f"hypothesis edited: {h_refs[edited.id]} {edited.id}: {fields}")
    for evidence_id in changes.evidence.added:
        item = library.items.get(evidence_id)
        lines.append(f"item added: {e_refs[evidence_id]} {evidence_id} "
                     f"{item.summary if item else ''!r}")
    lines += [f"item removed: {evidence_id}" for evidence_id in changes.evidence.removed]
    for edited in changes.evidence.edited:
        fields = "; ".join(f"{f.name} {f.old!r} → {f.new!r}" for f in edited.fields)
        lines.append(f"item edited: {e_refs[edited.id]} {edited.id}: {fields}")
    lines += [f"analyst joined: {name}" for name in changes.analysts_joined]
    lines += [f"analyst left: {name}" for name in changes.analysts_left]
    by_analyst: dict[str, list[CellChange]] = {}
    for change in changes.cells:
        by_analyst.setdefault(change.analyst, []).append(change)
    for analyst, cells in by_analyst.items():
        lines.append(f"{analyst} re-rated {plural(len(cells), 'cell')}:")
        lines += [f"  {cell_line(case, c)}" for c in cells]
    if changes.cells:
        lines.append(f"the team's consensus: {plural(entry.team_cells, 'cell')} read "
                     "differently")
    return lines or ["no change to the case's content"]


def commit_heading(entry: Entry) -> str:
    c = entry.commit
    parent = f" (against {c.parents[0][:10]})" if c.parents else " (the first commit)"
    return f"{c.sha[:10]} {c.date[:16].replace('T', ' ')} {c.author}: {c.subject}{parent}"


# -- the review ---------------------------------------------------------------------------

def no_outcome_line(case_id: str) -> str:
    return f"No outcome yet: ach outcome {case_id} HYPOTHESIS --date YYYY-MM-DD records it."


def _held(case: Case, outcome: Outcome) -> str:
    if outcome.overtaken:
        return "overtaken by events"
    h_refs = hypothesis_refs(case)
    return ", ".join(f"{h_refs.get(h, h)} {_title(case, h)!r}" for h in outcome.hypotheses
                     ) + " held"


def review_lines(loaded: Loaded, case: Case) -> list[str]:
    """The review in a few lines: the outcome, mean Brier scores, and the items that
    pointed the right way or misled (``case``: today's, for the items' refs)."""
    outcome = loaded.outcome
    if outcome is None:
        return [no_outcome_line(loaded.case_id)]
    lines = [f"Outcome of {outcome.date.isoformat()}: {_held(case, outcome)}."]
    if outcome.overtaken:
        lines.append("No reading can be scored against a question events overtook.")
        return lines
    team = [s.team for s in loaded.scored if s.team is not None]
    means = [f"team {sum(team) / len(team):.3f}"] if team else []
    means += [f"{name} {value:.3f}" for name, value in mean_by_analyst(loaded.scored).items()]
    lines.append("Mean Brier (0 perfect, 2 worst): " + (", ".join(means) or NONE))
    e_refs, h_refs = item_refs(case), hypothesis_refs(case)
    right = [v for v in loaded.verdicts if v.right and not v.misled]
    misled = [v for v in loaded.verdicts if v.misled]
    lines.append("Pointed the right way: " + (", ".join(
        f"{e_refs.get(v.evidence, v.evidence)} {v.evidence}" for v in right) or "none"))
    lines.append("Misled, heaviest first: " + ("; ".join(
        f"{e_refs.get(v.evidence, v.evidence)} {v.evidence} (weight {v.weight:.2f}: "
        + ", ".join(h_refs.get(h, h) for h in v.misled) + ")" for v in misled) or "none"))
    return lines


def commit_brier(loaded: Loaded, entry: Entry) -> str:
    """The Brier scores of one commit's readings, team and per analyst; empty without an
    outcome."""
    found = next((s for s in loaded.scored if s.entry is entry), None)
    if found is None or found.team is None:
        return ""
    mine = ", ".join(f"{name} {value:.3f}" for name, value in sorted(found.analysts.items()))
    lead = "the leader held" if found.leader_held else "the leader proved false"
    return f"Brier at this commit: team {found.team:.3f} ({lead})" + (
        f"; {mine}" if mine else "")
