"""The workbench App: opens a case (or asks which: ``ach.tui.cases``) and hands it to the
main screen."""

from __future__ import annotations

import sys

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import Static

from ach.collector import keep_loaded
from ach.model import Case
from ach.store import Workspace
from ach.tui.cases.forms import NewCaseForm
from ach.tui.cases.opening import case_to_open, first_session, read_case
from ach.tui.cases.picker import NEW, CasePicker
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

    # -- no case given, and not exactly one: ask (an empty workspace: make one)
    def choose_case(self) -> None:
        self.push_screen(CasePicker(self.workspace), self._case_chosen)

    def _case_chosen(self, case_id: str | None) -> None:
        if case_id is None:
            self.exit(return_code=0)
        elif case_id == NEW:
            self.push_screen(NewCaseForm(self.workspace), self._created_first)
        else:
            self.load_case(case_id)

    def _created_first(self, case: Case | None) -> None:
        if case is None:
            self.choose_case()  # back to the list, not out of the program
        else:
            self._created(case)

    def _created(self, case: Case) -> None:
        self.notify(f"Created case {case.id}. Add hypotheses with A (shift+a), import a "
                    "source with I, add evidence with a; ? lists every key.",
                    markup=False, timeout=12)
        self.switch_to(case.id)

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
        if self.main is None:
            self.choose_case()

    # -- another case, without quitting
    def action_new_case(self) -> None:
        def done(case: Case | None) -> None:
            if case is not None:
                self._created(case)

        self.push_screen(NewCaseForm(self.workspace), done)

    def action_switch_case(self) -> None:
        current = self.main.session.case.id if self.main is not None else None

        def done(case_id: str | None) -> None:
            if case_id == NEW:
                self.action_new_case()
            elif case_id is not None and case_id != current:
                self.switch_to(case_id)

        self.push_screen(CasePicker(self.workspace, current, leaving="goes back"), done)

    def switch_to(self, case_id: str) -> None:
        """Save the open case (if any), then open ``case_id`` in its place."""
        if self.main is None:
            self.load_case(case_id)
            return
        problem = self.main.quit_checks()
        if problem is not None:
            self.notify(f"{problem.plain.splitlines()[0]} Settle that first (ctrl+l).",
                        title="Still on this case", severity="warning", markup=False)
            return
        self._save_then_open(case_id)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _save_then_open(self, case_id: str) -> None:
        main = self.main
        assert main is not None
        result = main.saver.write_pending()
        if not result.problem:
            result = main.saver.compact(main.session.snapshot())
        if result.problem:
            self.call_from_thread(self.notify, f"Not switched: {result.problem}",
                                  severity="error", markup=False, timeout=10)
            return
        self.call_from_thread(self._close_main)
        found = read_case(self.workspace, case_id, self.analyst)
        if isinstance(found, str):
            self.call_from_thread(self._not_opened, found)
            return
        self.call_from_thread(self.open_session, found)

    def _close_main(self) -> None:
        main = self.main
        if main is None:
            return
        while len(self.screen_stack) > 1:
            screen = self.screen
            self.pop_screen()
            if screen is main:
                break
        self.main = None

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
