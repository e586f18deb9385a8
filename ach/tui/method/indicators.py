"""Heuer's step 8: indicators to watch for each hypothesis, and the history of each one.

Every edit goes through the main screen's ``apply``, so it is saved and ``u`` undoes it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ach.edits import method as edits
from ach.edits.changes import Change
from ach.indicators import what_to_watch
from ach.model import Case, Indicator, IndicatorStatus
from ach.tui.kit.confirm import ConfirmScreen
from ach.tui.kit.text import one_line, shorten
from ach.tui.matrix.host import MatrixHost
from ach.tui.method.forms import IndicatorForm, StatusForm, StatusResult

_STATUS_STYLE = {IndicatorStatus.NOT_SEEN: "dim", IndicatorStatus.EMERGING: "bold",
                 IndicatorStatus.SEEN: "bold reverse", IndicatorStatus.DISCONFIRMED: "strike"}


def status_line(indicator: Indicator) -> Text:
    """``[emerging since 2024-12-23 · e-08] text``"""
    text = Text()
    last = indicator.history[-1] if indicator.history else None
    badge = indicator.status.value
    if last is not None:
        badge += f" since {last.date.isoformat()}"
        if last.evidence_id:
            badge += f" · {last.evidence_id}"
    text.append(f"[{badge}]", _STATUS_STYLE[indicator.status])
    text.append(" " + one_line(indicator.text))
    return text


def history_text(indicator: Indicator, case: Case, label: Callable[[str], str]) -> Text:
    text = Text("History of ", "bold")
    text.append(one_line(indicator.text), "bold")
    if not indicator.history:
        text.append("\nnot seen since it was added; s records a change of status.", "dim")
    for change in indicator.history:
        text.append(f"\n{change.date.isoformat()}  {change.status.value}")
        if change.evidence_id:
            text.append(f" · {change.evidence_id} ", "bold")
            text.append(one_line(label(change.evidence_id)) if case.uses(change.evidence_id)
                        else "(no longer in the case)")
        if change.note:
            text.append(f"\n    {one_line(change.note)}", "italic")
    return text


class IndicatorsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "close", tooltip="Back to the matrix"),
        Binding("n", "add", "add", tooltip="Add an indicator for this hypothesis"),
        Binding("s", "status", "status", tooltip="Record a change of status (enter too)"),
        Binding("e", "edit", "edit", tooltip="Edit the indicator's words"),
        Binding("d", "delete", "delete", tooltip="Delete the indicator"),
        Binding("a", "toggle_all", "all/this", tooltip="All hypotheses, or the current one"),
        Binding("u,ctrl+z", "undo", "undo", tooltip="Undo the last change"),
    ]

    def __init__(self, main: MatrixHost) -> None:
        super().__init__()
        self.main = main
        hypotheses = main.session.case.hypotheses
        self.hypothesis_id: str | None = main.cursor()[1] or (
            hypotheses[0].id if hypotheses else None)
        self.show_all = self.hypothesis_id is None

    @property
    def case(self) -> Case:
        return self.main.session.case

    def compose(self) -> ComposeResult:
        yield Static(id="ind-title", classes="method-title")
        yield OptionList(id="ind-list")
        yield Static(id="ind-history", classes="method-foot")
        yield Footer()

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(OptionList).focus()

    # -- the list
    def rebuild(self, keep: str | None = None) -> None:
        options = self.query_one(OptionList)
        keep = keep or self.selected_id()
        titles = {h.id: one_line(h.title) for h in self.case.hypotheses}
        keys = {h.id: f"H{i}" for i, h in enumerate(self.case.hypotheses, 1)}
        shown = [w for w in what_to_watch(self.case)
                 if self.show_all or w.hypothesis_id == self.hypothesis_id]
        options.clear_options()
        for watch in shown:
            heading = Text(f"{keys[watch.hypothesis_id]} {titles[watch.hypothesis_id]}", "bold")
            counts = [f"{watch.count(s)} {s.value}" for s in IndicatorStatus if watch.count(s)]
            heading.append(f"  ({', '.join(counts) or 'no indicators yet: n adds one'})", "dim")
            options.add_option(Option(heading, disabled=True))
            for ind in watch.indicators:
                options.add_option(Option(Text("  ").append_text(status_line(ind)), id=ind.id))
        title = Text("What to watch: indicators per hypothesis", "bold")
        title.append(" · all hypotheses" if self.show_all else
                     f" · {keys.get(self.hypothesis_id or '', '')} only (a: all)", "dim")
        self.query_one("#ind-title", Static).update(title)
        ids = [o.id for o in options.options]
        if keep is not None and keep in ids:
            options.highlighted = ids.index(keep)
        else:
            first = next((i for i, o in enumerate(options.options) if not o.disabled), None)
            options.highlighted = first
        self._show_history()

    def selected_id(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def selected(self) -> Indicator | None:
        chosen = self.selected_id()
        return next((i for i in self.case.indicators if i.id == chosen), None)

    @on(OptionList.OptionHighlighted)
    def _show_history(self) -> None:
        indicator = self.selected()
        history = self.query_one("#ind-history", Static)
        if indicator is None:
            history.update(Text("n adds an indicator: a signpost that would show events taking "
                                "this hypothesis's course.", "dim"))
        else:
            history.update(history_text(indicator, self.case, self.main.session.label))

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_status()

    # -- changes
    def _apply(self, change: Change | None, keep: str | None = None) -> None:
        self.main.apply(change)
        self.rebuild(keep)

    def _target_hypothesis(self) -> str | None:
        indicator = self.selected()
        return indicator.hypothesis_id if indicator else self.hypothesis_id

    def action_add(self) -> None:
        hypotheses = [(one_line(h.title), h.id) for h in self.case.hypotheses]
        if not hypotheses:
            self.notify("Add a hypothesis first.", markup=False)
            return

        def done(result: tuple[str, str] | None) -> None:
            if result is not None:
                change, new = edits.add_indicator(self.case, *result)
                self._apply(change, new)

        self.app.push_screen(IndicatorForm(hypotheses, self._target_hypothesis()), done)

    def action_edit(self) -> None:
        indicator = self.selected()
        if indicator is None:
            return
        hypotheses = [(one_line(h.title), h.id) for h in self.case.hypotheses]

        def done(result: tuple[str, str] | None) -> None:
            if result is not None:
                self._apply(edits.edit_indicator(self.case, indicator.id, result[1]),
                            indicator.id)

        self.app.push_screen(IndicatorForm(hypotheses, indicator.hypothesis_id,
                                           text=indicator.text), done)

    def action_status(self) -> None:
        indicator = self.selected()
        if indicator is None:
            return
        s = self.main.session
        items = [(f"{ref.id} · {shorten(s.label(ref.id), 48)}", ref.id) for ref in s.case.evidence]
        current = self.main.cursor()[0]

        def done(result: StatusResult | None) -> None:
            if result is not None:
                self._apply(edits.set_status(self.case, indicator.id, result.status,
                                             result.date, result.evidence_id, result.note),
                            indicator.id)

        self.app.push_screen(StatusForm(indicator, items, current), done)

    def action_delete(self) -> None:
        indicator = self.selected()
        if indicator is None:
            return
        question = Text("Delete the indicator ")
        question.append(f"“{one_line(indicator.text)}”", "bold")
        question.append(f" and its history of {len(indicator.history)} change"
                        f"{'s' if len(indicator.history) != 1 else ''}?\nu undoes this.")

        def done(yes: bool | None) -> None:
            if yes:
                self._apply(edits.delete_indicator(self.case, indicator.id))

        self.app.push_screen(ConfirmScreen(question, yes="Delete"), done)

    def action_toggle_all(self) -> None:
        if self.hypothesis_id is not None:
            self.show_all = not self.show_all
        self.rebuild()

    def action_undo(self) -> None:
        self.main.action_undo()
        self.rebuild()

    def action_close(self) -> None:
        self.dismiss()
