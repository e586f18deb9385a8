"""Which case to open: each case with its question and what it holds, and a way to make a
new one. The list follows the disk: a case another process creates appears in it."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ach.store import Workspace
from ach.workbench.case_list import CaseSummary, case_summaries, listing_stamp

#: The option that asks for a new case instead of opening one.
NEW = "\x00new"
#: How often the folder of cases is looked at while the picker is up (seconds).
LOOK_SECONDS = 1.0


class CasePicker(ModalScreen[str | None]):
    """Dismissed with a case id, with ``NEW``, or with None (esc)."""

    BINDINGS = [Binding("escape", "cancel", "cancel", tooltip="Close without choosing"),
                Binding("ctrl+n", "new", "new case", tooltip="Create a new case")]

    def __init__(self, workspace: Workspace, current: str | None = None, *,
                 leaving: str = "quits") -> None:
        super().__init__()
        self.workspace = workspace
        self.current = current
        self.leaving = leaving
        self._stamp: tuple | None = None
        self.summaries: list[CaseSummary] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pick cases"):
            yield Static("", id="cases-heading", classes="form-title")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()
        self._look()
        self.set_interval(LOOK_SECONDS, self._look, name="look for cases")

    def _look(self) -> None:
        stamp = listing_stamp(self.workspace)
        if stamp != self._stamp:
            self._stamp = stamp
            self._read()

    @work(thread=True, exclusive=True, group="case-list", exit_on_error=False)
    def _read(self) -> None:
        summaries = case_summaries(self.workspace)
        self.app.call_from_thread(self.show, summaries)

    def show(self, summaries: list[CaseSummary]) -> None:
        self.summaries = summaries
        heading = self.query_one("#cases-heading", Static)
        if summaries:
            heading.update(Text(f"Open which case? (enter opens, ctrl+n new, esc "
                                f"{self.leaving})", "bold"))
        else:
            heading.update(Text(f"No cases in {self.workspace.root} yet. Start one: enter "
                                f"(or ctrl+n) creates a case; esc {self.leaving}.", "bold"))
        options = self.query_one("#choices", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        for summary in summaries:
            options.add_option(Option(_label(summary, summary.id == self.current),
                                      id=summary.id))
        options.add_option(Option(Content.from_markup("[b]+ Create a new case…[/b]"), id=NEW))
        ids = [s.id for s in summaries] + [NEW]
        wanted = highlighted or self.current
        options.highlighted = ids.index(wanted) if wanted in ids else 0

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_new(self) -> None:
        self.dismiss(NEW)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _label(summary: CaseSummary, current: bool) -> Content:
    """Two lines: the id and the question, then the counts (analyst text never markup)."""
    first = Content.styled(summary.id, "bold")
    if current:
        first += Content.styled(" (open now)", "dim")
    if summary.question:
        first += Content(" — " + " ".join(summary.question.split()))
    return first + Content("\n  ") + Content.styled(summary.counts, "dim")
