"""The cases of a workspace as the case picker shows them: each one's question and how
much it holds, so a person chooses by what a case is about rather than by its file name."""

from __future__ import annotations

from dataclasses import dataclass

from ach.figures import plural
from ach.jsonfile import FileProblem
from ach.store import Workspace, WorkspaceError


@dataclass(frozen=True)
class CaseSummary:
    id: str
    question: str = ""
    hypotheses: int = 0
    items: int = 0
    analysts: tuple[str, ...] = ()
    #: Why the case cannot be read ('' when it can).
    problem: str = ""

    @property
    def counts(self) -> str:
        """"3 hypotheses · 12 items · 2 analysts (Ann, Bo)"."""
        if self.problem:
            return f"cannot be read: {self.problem}"
        who = f" ({', '.join(self.analysts)})" if self.analysts else ""
        return " · ".join([plural(self.hypotheses, "hypothesis", "hypotheses"),
                           plural(self.items, "item"),
                           plural(len(self.analysts), "analyst") + who])


def summarise(workspace: Workspace, case_id: str) -> CaseSummary:
    try:
        case = Workspace(workspace.root).load_case(case_id)
    except (FileProblem, WorkspaceError, OSError) as exc:
        return CaseSummary(case_id, problem=str(exc))
    return CaseSummary(case.id, case.question, len(case.hypotheses), len(case.evidence),
                       tuple(case.analysts))


def case_summaries(workspace: Workspace) -> list[CaseSummary]:
    """Every case of the workspace, by id; an unreadable one says why instead."""
    return [summarise(workspace, case_id) for case_id in workspace.case_ids()]


def listing_stamp(workspace: Workspace) -> tuple[tuple[str, int, int], ...]:
    """What changes when a case file is added, removed or rewritten (cheap: no reading)."""
    if not workspace.hypotheses_dir.is_dir():
        return ()
    stamp = []
    for path in sorted(workspace.hypotheses_dir.glob("*.json")):
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        stamp.append((path.name, st.st_mtime_ns, st.st_size))
    return tuple(stamp)
