"""Which case the workbench opens, and the picker when that is not clear."""

from __future__ import annotations

from ach.jsonfile import FileProblem
from ach.store import Workspace, WorkspaceError
from ach.tui.kit.pick import PickScreen
from ach.workbench.session import CaseSession


def first_session(workspace: Workspace, case_id: str | None,
                  analyst: str) -> CaseSession | None:
    """The case named, else the only one; None leaves the choice to the picker."""
    if case_id is None:
        ids = workspace.case_ids()
        if len(ids) != 1:
            return None
        case_id = ids[0]
    return CaseSession.open(workspace, case_id, analyst)


def case_to_open(workspace: Workspace, case_id: str | None) -> str | None:
    """``ach open``'s case: the one named, else the only one; None asks."""
    if case_id is None:
        ids = workspace.case_ids()
        case_id = ids[0] if len(ids) == 1 else None
    return case_id


def case_picker(workspace: Workspace) -> PickScreen:
    """Open which case? (or how to make the first one)."""
    ids = workspace.case_ids()
    if not ids:
        heading = ("No cases in this workspace yet. Create one with\n"
                   "  ach new CASE --question \"...\"\n(esc quits)")
    else:
        heading = "Open which case? (enter opens, esc quits)"
    choices = [(case_id, case_id) for case_id in ids]
    return PickScreen(heading, choices, None)


def read_case(workspace: Workspace, case_id: str, analyst: str) -> CaseSession | str:
    """The case read from disk (in a worker), or the one-line problem that stopped it."""
    try:
        return CaseSession.open(Workspace(workspace.root), case_id, analyst)
    except (FileProblem, WorkspaceError, OSError) as exc:
        return str(exc)
