"""The workbench App: opens a case (or asks which: ``ach.tui.cases``) and hands it to the
main screen."""

from __future__ import annotations

import sys

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import Static

from ach.collector import keep_loaded
from ach.store import Workspace
from ach.tui.cases.opening import case_picker, case_to_open, first_session, read_case
from ach.tui.main_screen import MainScreen
from ach.tui.method.whatif import WhatIfScreen
from ach.tui.palette import WorkbenchActions
from ach.workbench.session import CaseSession


class Workbench(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "ACH Workbench"
    #: One list of actions feeds the palette too (ach.tui.keys).
    COMMANDS = {WorkbenchActions}

    def __init__(self, workspace: Workspace, analyst: str,
                 session: CaseSession | None = None, *, open_case: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.analyst = analyst
        self.session = session
        #: A case to read in a worker once the first screen is up (a large case takes a
        #: moment to read; the window should not stay blank meanwhile).
        self.open_case = open_case
        self.main: MainScreen | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="opening")

    def on_mount(self) -> None:
        if self.session is not None:
            self.open_session(self.session)
        elif self.open_case is not None:
            self.query_one("#opening", Static).update(
                Text(f"Opening {self.open_case} …", style="dim"))
            # Start reading only once the first frame is out, so it cannot delay it.
            self.call_after_refresh(self.load_case, self.open_case)
        else:
            self.choose_case()

    def open_session(self, session: CaseSession) -> None:
        keep_loaded()  # the case stays for the session: later collections need not walk it
        self.session = session
        self.main = MainScreen(session)
        self.push_screen(self.main)

    # -- no case given, and not exactly one: ask
    def choose_case(self) -> None:
        self.push_screen(case_picker(self.workspace), self._case_chosen)

    def _case_chosen(self, case_id: str | None) -> None:
        if case_id is None:
            self.exit(return_code=0)
        else:
            self.load_case(case_id)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def load_case(self, case_id: str) -> None:
        found = read_case(self.workspace, case_id, self.analyst)
        if isinstance(found, str):
            self.call_from_thread(self._not_opened, found)
            return
        self.call_from_thread(self.open_session, found)

    def _not_opened(self, problem: str) -> None:
        self.notify(problem, title="Cannot open the case", severity="error", markup=False,
                    timeout=10)
        self.choose_case()

    # -- quitting saves, or asks
    async def action_quit(self) -> None:
        if self.main is None:
            self.exit(return_code=0)
        elif isinstance(self.screen, MainScreen | WhatIfScreen):
            self.screen.request_quit()  # a what-if on top has its own say first
        else:
            self.main.request_quit()

    def finish(self) -> int:
        """After the screen closed: write what a worker had not written yet."""
        if self.main is None:
            return self.return_code or 0
        result = self.main.saver.write_pending()
        if not result.problem:
            # Leave the case file canonical: ratings saved as journal lines are folded in.
            result = self.main.saver.compact(self.main.session.snapshot())
        if result.problem:
            print(f"ach: your last changes were not saved: {result.problem}", file=sys.stderr)
            return 1
        return self.return_code or 0


def run_workbench(workspace: Workspace, case_id: str | None, analyst: str) -> int:
    """``ach open``: the only case, or the one named, opens at once; else a picker.

    The case is read in a worker after the first paint, so a large case shows its
    window as soon as a small one does (DESIGN.md §6).
    """
    app = Workbench(workspace, analyst, open_case=case_to_open(workspace, case_id))
    app.run()
    return app.finish()


__all__ = ["Workbench", "first_session", "run_workbench"]
