"""The matrix screen that edits: add, edit, delete and reorder items and hypotheses.

Each action opens a modal form or a confirmation, and turns the answer into a
``Change`` (see ``ach.edits.changes``) for ``apply``. The main screen derives
from this one; the what-if screen, which may change ratings only, does not.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from ach.edits import changes
from ach.figures import plural
from ach.model import CaseEvidence, Evidence, Hypothesis, fresh_id
from ach.tui.kit.confirm import ConfirmScreen
from ach.tui.kit.text import one_line
from ach.tui.matrix.item_forms import EvidenceForm, EvidenceResult, HypothesisForm
from ach.tui.matrix.screen import MatrixScreen
from ach.workbench.ordering import SortOrder


class EditingScreen(MatrixScreen):
    # -- evidence
    def action_add_evidence(self) -> None:
        s = self.session
        evidence_id, _ = self.cursor()
        here = s.item(evidence_id) if evidence_id else None
        item = Evidence.model_construct(id=fresh_id("e", s.library.items), summary="",
                                        source_id=here.source_id if here else None)
        ref = CaseEvidence(id=item.id)

        def done(result: EvidenceResult | None) -> None:
            if result is not None:
                self.apply(changes.add_evidence(s.case, result.item, result.ref, evidence_id))

        self.app.push_screen(EvidenceForm(item, ref, s.library.sources, adding=True), done)

    def action_edit_evidence(self) -> None:
        s = self.session
        evidence_id, _ = self.cursor()
        item = s.item(evidence_id) if evidence_id else None
        ref = s.ref(evidence_id) if evidence_id else None
        if item is None or ref is None:
            self.notify(f"{evidence_id} is missing from evidence/: nothing to edit.",
                        severity="warning", markup=False)
            return

        def done(result: EvidenceResult | None) -> None:
            if result is not None:
                self.apply(changes.edit_evidence(s.case, s.library, result.item, result.ref))

        self.app.push_screen(EvidenceForm(item, ref, s.library.sources, adding=False), done)

    def action_delete_evidence(self) -> None:
        s = self.session
        evidence_id, _ = self.cursor()
        if evidence_id is None:
            return
        cleared = changes.delete_evidence(s.case, evidence_id).cells
        question = Text("Take ")
        question.append(f"{evidence_id} “{one_line(s.label(evidence_id))}”", "bold")
        question.append(f" out of the case, with {plural(len(cleared), 'rating')}?"
                        "\nThe item stays in its source's file; u undoes this.")
        self._confirm_then(question, lambda: changes.delete_evidence(s.case, evidence_id))

    def action_move_evidence(self, delta: int) -> None:
        if self.row_view.sort is not SortOrder.ENTERED or self.row_view.text.strip():
            self.notify("Items move only in the order as entered, unfiltered "
                        "(s sorts, esc clears the filter).", severity="warning", markup=False)
            return
        evidence_id, _ = self.cursor()
        if evidence_id is not None:
            self.apply(changes.move_evidence(self.session.case, evidence_id, delta))

    # -- hypotheses
    def action_add_hypothesis(self) -> None:
        s = self.session
        _, after = self.cursor()
        hypothesis = Hypothesis.model_construct(
            id=fresh_id("h", {h.id for h in s.case.hypotheses}), title="",
            proposed_by=s.analyst)

        def done(result: Hypothesis | None) -> None:
            if result is not None:
                self.apply(changes.add_hypothesis(s.case, result, after))

        others = [(h.id, h.title) for h in s.case.hypotheses]
        self.app.push_screen(HypothesisForm(hypothesis, others, adding=True), done)

    def action_edit_hypothesis(self) -> None:
        s = self.session
        _, hypothesis_id = self.cursor()
        if hypothesis_id is None:
            return
        hypothesis = s.case.hypothesis(hypothesis_id)
        others = [(h.id, h.title) for h in s.case.hypotheses if h.id != hypothesis_id]

        def done(result: Hypothesis | None) -> None:
            if result is not None:
                self.apply(changes.edit_hypothesis(s.case, result))

        self.app.push_screen(HypothesisForm(hypothesis, others, adding=False), done)

    def action_delete_hypothesis(self) -> None:
        s = self.session
        _, hypothesis_id = self.cursor()
        if hypothesis_id is None:
            return
        cleared = changes.delete_hypothesis(s.case, hypothesis_id).cells
        raters = {edit.analyst for edit in cleared}
        question = Text("Delete the hypothesis ")
        question.append(f"“{one_line(s.case.hypothesis(hypothesis_id).title)}”", "bold")
        question.append(f" with {plural(len(cleared), 'rating')} by "
                        f"{plural(len(raters), 'analyst')}?\nu undoes this.")
        self._confirm_then(question, lambda: changes.delete_hypothesis(s.case, hypothesis_id))

    def _confirm_then(self, question: Text, change: Callable[[], changes.Change]) -> None:
        """Ask; on yes, make the change against the case as it is then."""
        def done(yes: bool | None) -> None:
            if yes:
                self.apply(change())

        self.app.push_screen(ConfirmScreen(question, yes="Delete"), done)

    def action_move_hypothesis(self, delta: int) -> None:
        _, hypothesis_id = self.cursor()
        if hypothesis_id is not None:
            self.apply(changes.move_hypothesis(self.session.case, hypothesis_id, delta))
