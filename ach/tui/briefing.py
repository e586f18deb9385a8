"""Writing the case's HTML briefing from the workbench, where ``ach.report`` is installed.

An example of an action contributed from outside the built-in list (see
``ach.tui.actions.ACTION_MODULES``).
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

from ach.tui.actions import Action


def write(screen: Any) -> None:
    screen.notify("Writing the briefing…", markup=False, timeout=2)
    screen.run_worker(lambda: _render(screen), thread=True, group="briefing",
                      exclusive=True, exit_on_error=False)


def _render(screen: Any) -> None:
    """In a worker thread: the briefing is made from the files, so save first."""
    say = screen.app.call_from_thread
    saved = screen.saver.write_pending()
    if saved.problem:
        say(screen.notify, f"Briefing not written: {saved.problem}", severity="error",
            markup=False)
        return
    from ach.report import write_briefing

    workspace = screen.session.workspace
    try:
        path = write_briefing(workspace, screen.session.case.id)
    except Exception as exc:  # noqa: BLE001 - any failure is reported, never a crash
        say(screen.notify, f"Briefing not written: {exc}", severity="error", markup=False)
        return
    say(screen.notify, f"Briefing written: {workspace.relative(path)}", markup=False)


ACTIONS: list[Action] = [
    Action("briefing", "b", "briefing", "Write this case's HTML briefing (reports/CASE.html)",
           group="Files", run=write),
] if find_spec("ach.report") is not None else []
