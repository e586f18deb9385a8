"""The workbench's way to cases: start one, switch to another, and change the open case's
question and marking.

Starting and switching are the App's (they replace the main screen: ``ach.tui.app``);
the question is the main screen's, changed through ``CasesFeature`` as an undoable edit
(``ach.edits.case_fields``)."""

from __future__ import annotations

from ach.edits import case_fields
from ach.tui.cases.forms import CaseFieldsForm
from ach.tui.kit.actions import EDIT, Action
from ach.tui.matrix.host import MatrixHost


class CasesFeature:
    def __init__(self, host: MatrixHost) -> None:
        self.host = host

    def edit_question(self) -> None:
        case = self.host.session.case

        def done(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            change = case_fields.edit_case(self.host.session.case, *result)
            if change is None:
                self.host.notify("Nothing changed.", markup=False, timeout=3)
                return
            self.host.apply(change)
            said = change.label.replace("edit", "Changed", 1)
            self.host.notify(f"{said}; u undoes.", markup=False, timeout=4)

        self.host.app.push_screen(CaseFieldsForm(case), done)


ACTIONS: list[Action] = [
    Action("new-case", "ctrl+n", "new case",
           "Create a new case and open it (a name, what it asks, a marking)", "app.new_case",
           group="Cases"),
    Action("switch-case", "C", "switch case",
           "Open another case (switch cases): each listed with what it asks, its "
           "hypotheses, items and analysts",
           "app.switch_case", group="Cases"),
    Action("edit-question", "Q", "question",
           "Edit the case's question and its marking", "edit_question", group="Cases",
           needs=frozenset({EDIT})),
]
