"""The history screen: the case at every commit that touched it, newest first.

The leader's flip margin over time as a small chart, one row per commit (date, author,
subject, leader, flip margin, each hypothesis's reading, what changed), the selected
commit's changes by meaning, and the review once an outcome is recorded. Everything is
read from git in a worker thread (``ach.workbench.history_view``); until it is, and when
it cannot be (no repository, a shallow clone), one line says so.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from ach.history.timeline import Entry
from ach.tui.history.past import PastScreen
from ach.tui.kit.actions import Action
from ach.tui.kit.help import HelpScreen
from ach.tui.kit.text import one_line, shorten
from ach.workbench import history_view as view
from ach.workbench.history_view import Loaded
from ach.workbench.session import CaseSession, Snapshot

GROUP = "History"

#: The history screen's own keys (the table's arrows move between commits).
SCREEN_ACTIONS: tuple[Action, ...] = (
    Action("history-matrix", "enter,m", "matrix then",
           "The matrix as it was at the selected commit, read-only", "matrix_then", GROUP,
           footer=True),
    Action("history-back", "escape,q", "back", "Back to the matrix", "back", GROUP,
           footer=True),
    Action("history-help", "question_mark", "help", "List the history screen's keys", "help",
           GROUP, footer=True, key_display="?"),
)

#: Columns of the commit table; ``Brier`` only once an outcome is recorded.
_COLUMNS = ("Date", "Author", "Subject", "Leader", "Flip", "Readings", "Changes")
_SUBJECT, _AUTHOR = 30, 14


class MarginChart(Widget):
    """The leader's flip margin at each commit, oldest on the left, as bars drawn in text
    from 0 (``ach.workbench.history_view.margin_chart``); redrawn at the width it has."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series: list[float] = []

    def show(self, series: list[float]) -> None:
        self.series = series
        self.refresh()

    def render(self) -> Text:
        return Text("\n".join(view.margin_chart(self.series, self.size.width,
                                                 max(1, self.size.height))))


class HistoryScreen(Screen[None]):
    BINDINGS = [a.binding() for a in SCREEN_ACTIONS if a.keys]
    DEFAULT_CSS = """
    HistoryScreen #history-title { height: 1; text-style: bold; padding: 0 1; }
    HistoryScreen #history-state { height: auto; padding: 0 1; color: $text-muted; }
    HistoryScreen #history-caption { height: 1; padding: 0 1; }
    HistoryScreen #history-chart { height: 2; margin: 0 1; color: $accent; }
    HistoryScreen #history-review { height: auto; max-height: 5; padding: 0 1; }
    HistoryScreen #history-commits { height: 1fr; }
    HistoryScreen #history-detail { height: 1fr; min-height: 7; max-height: 16;
                                    padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, session: CaseSession) -> None:
        super().__init__()
        self.session = session
        self.loaded: Loaded | None = None
        self._entries: dict[str, Entry] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text(f"History of {self.session.case.id}, from git"), id="history-title")
        yield Static(Text("Reading the case's history from git…"), id="history-state")
        yield Static("", id="history-caption")
        yield MarginChart(id="history-chart")
        yield Static("", id="history-review")
        yield DataTable(id="history-commits", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="history-detail"):
            yield Static("", id="history-changes")
        yield Footer()

    def on_mount(self) -> None:
        for name in ("#history-caption", "#history-chart", "#history-review",
                     "#history-commits", "#history-detail"):
            self.query_one(name).display = False
        # Copies taken here, on the event loop: the worker never touches the live case.
        self.load(self.session.snapshot())

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load(self, now: Snapshot) -> None:
        found = view.read_history(self.session.workspace, self.session.case.id, now.case,
                                  now.library)
        self.app.call_from_thread(self.show, found)

    def show(self, found: Loaded | str) -> None:
        state = self.query_one("#history-state", Static)
        if isinstance(found, str):
            state.update(Text(found))
            return
        self.loaded = found
        title = f"History of {found.case_id}: {len(found.entries)} commits, newest first"
        self.query_one("#history-title", Static).update(Text(title))
        state.update(Text("\n".join(found.skipped)))
        state.display = bool(found.skipped)
        self.query_one("#history-caption", Static).update(Text(view.margin_caption(found)))
        self.query_one(MarginChart).show(view.margin_series(found))
        self.query_one("#history-review", Static).update(
            Text("\n".join(view.review_lines(found, self.session.case))))
        self._fill_table(found)
        for name in ("#history-caption", "#history-chart", "#history-review",
                     "#history-commits", "#history-detail"):
            self.query_one(name).display = True
        self.query_one(DataTable).focus()

    def _fill_table(self, found: Loaded) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        columns = list(_COLUMNS)
        if found.scored:
            columns.insert(5, "Brier")
        table.add_columns(*columns)
        self._entries = {e.commit.sha: e for e in found.entries}
        for row in view.commit_rows(found):
            cells = [row.date, shorten(row.author, _AUTHOR), shorten(row.subject, _SUBJECT),
                     row.leader, row.margin, row.readings, row.changes]
            if found.scored:
                cells.insert(5, row.brier)
            # Analyst text is data: Text cells are never read as markup.
            table.add_row(*(Text(one_line(c)) for c in cells), key=row.sha)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self.selected()
        if entry is None or self.loaded is None:
            return
        lines = [view.commit_heading(entry)]
        brier = view.commit_brier(self.loaded, entry)
        if brier:
            lines.append(brier)
        lines += [f"readings: {view.readings_words(entry.version)}", *view.change_lines(entry)]
        self.query_one("#history-changes", Static).update(Text("\n".join(lines)))
        self.query_one("#history-detail", VerticalScroll).scroll_home(animate=False)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_matrix_then()  # enter on a row

    def selected(self) -> Entry | None:
        table = self.query_one(DataTable)
        if not self._entries or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self._entries.get(str(key.value))

    # -- keys
    def action_matrix_then(self) -> None:
        entry = self.selected()
        if entry is None:
            self.notify("No commit to show yet.", markup=False)
            return
        self.app.push_screen(PastScreen(entry, self.session.workspace, self.session.analyst))

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen({GROUP: list(SCREEN_ACTIONS)}))
