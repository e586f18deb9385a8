"""The forms of a case's own words: a new case (name, question, marking), and the
question and marking of the open one. Both check with ``ach.edits.case_fields``, the
rules ``ach new`` and ``ach case`` use."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Input, TextArea

from ach.edits import case_fields
from ach.model import Case
from ach.store import Workspace, WorkspaceError
from ach.tui.kit.modal_form import FormScreen, labelled, line_input, text_box


def _problem(field: str, exc: ValueError) -> str:
    text = str(exc)
    return f"{field}: {text[:1].lower()}{text[1:]}"


class NewCaseForm(FormScreen[Case]):
    """Dismissed with the new case, already written to the workspace."""

    heading = "New case"

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def fields(self) -> Iterable[Widget]:
        yield labelled("Name (the file's name: letters, digits, - _ .)",
                       line_input("", "case-id", "e.g. port-closure"))
        yield labelled("Question (what the analysis answers)",
                       text_box("", "question"), classes="field tall")
        yield labelled("Marking (the handling line on every page; may stay empty)",
                       line_input("", "marking", "e.g. UNCLASSIFIED"))

    def build(self) -> Case | list[str]:
        problems = []
        values = {"case-id": self.query_one("#case-id", Input).value,
                  "question": self.query_one("#question", TextArea).text,
                  "marking": self.query_one("#marking", Input).value}
        for field, key, check in (("Name", "case-id", case_fields.clean_case_id),
                                  ("Question", "question", case_fields.clean_question),
                                  ("Marking", "marking", case_fields.clean_marking)):
            try:
                check(values[key])
            except ValueError as exc:
                problems.append(_problem(field, exc))
        if problems:
            return problems
        case = case_fields.new_case(values["case-id"], values["question"], values["marking"])
        if self.workspace.has_case(case.id):
            return [f"Name: a case named {case.id!r} exists already; choose another name"]
        try:
            self.workspace.create_case(case)
        except (WorkspaceError, OSError) as exc:
            return [f"Could not create the case: {exc}"]
        return case


class CaseFieldsForm(FormScreen[tuple[str, str]]):
    """The open case's question and marking; dismissed with both as typed and checked."""

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.heading = f"The question of case {case.id}"

    def fields(self) -> Iterable[Widget]:
        yield labelled("Question (what the analysis answers)",
                       text_box(self.case.question, "question"), classes="field tall")
        yield labelled("Marking (the handling line on every page; may stay empty)",
                       line_input(self.case.marking, "marking", "e.g. UNCLASSIFIED"))

    def build(self) -> tuple[str, str] | list[str]:
        question = self.query_one("#question", TextArea).text
        marking = self.query_one("#marking", Input).value
        problems = []
        try:
            question = case_fields.clean_question(question)
        except ValueError as exc:
            problems.append(_problem("Question", exc))
        try:
            marking = case_fields.clean_marking(marking)
        except ValueError as exc:
            problems.append(_problem("Marking", exc))
        return problems or (question, marking)
