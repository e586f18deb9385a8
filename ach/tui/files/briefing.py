"""Writing the case's HTML briefing from the workbench (``ach.report``)."""

from __future__ import annotations

from ach.report import write_briefing
from ach.tui.kit.actions import Action
from ach.tui.matrix.host import MatrixHost


def write(screen: MatrixHost) -> None:
    screen.notify("Writing the briefing…", markup=False, timeout=2)
    screen.run_worker(lambda: _render(screen), thread=True, group="briefing",
                      exclusive=True, exit_on_error=False)


def _render(screen: MatrixHost) -> None:
    """In a worker thread: the briefing is made from the files, so save first."""
    say = screen.app.call_from_thread
    saved = screen.saver.write_pending()
    if saved.problem:
        say(screen.notify, f"Briefing not written: {saved.problem}", severity="error",
            markup=False)
        return
    workspace = screen.session.workspace
    try:
        path = write_briefing(workspace, screen.session.case.id)
    except Exception as exc:  # noqa: BLE001 - any failure is reported, never a crash
        say(screen.notify, f"Briefing not written: {exc}", severity="error", markup=False)
        return
    say(screen.notify, f"Briefing written: {workspace.relative(path)}", markup=False)


ACTIONS: list[Action] = [
    Action("briefing", "b", "briefing", "Write this case's HTML briefing (reports/CASE.html)",
           "briefing", group="Files"),
]
