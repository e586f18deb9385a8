"""My ratings against the team's: the cells where I differ most from the consensus.

Largest gap in r first; the highlighted cell's ratings and reasons below the list;
enter closes the screen with the cell, which the main screen then puts the cursor on.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ach.figures import plural
from ach.tui.kit.text import abbreviate_titles, shorten
from ach.tui.team.lens import MARKS
from ach.tui.team.opinions import Opinions, render
from ach.workbench.session import CaseSession
from ach.workbench.team_table import Difference

#: Rows listed at most: the largest differences come first, and a longer list is not read
#: line by line.
LIMIT = 200
#: The columns whose width does not depend on the screen.
FIXED = {"gap": 3, "you": 3, "team": 4, "disagreement": 12}


class DifferencesScreen(ModalScreen[tuple[str, str] | None]):
    BINDINGS = [Binding("escape,m,q", "close", "close", tooltip="Close the list")]

    def __init__(self, session: CaseSession, found: list[Difference], total: int) -> None:
        super().__init__()
        self.session = session
        self.found = found
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog differences"):
            yield Static(self._heading(), classes="form-title")
            yield DataTable(id="differences", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="difference-body", can_focus=False):
                yield Static(id="difference")

    def _heading(self) -> Text:
        text = Text()
        text.append(f"You ({self.session.analyst}) against the team's consensus", "bold")
        if not self.total:
            return text
        listed = (f", the first {len(self.found)} listed" if self.total > len(self.found)
                  else "")
        text.append(f": {plural(self.total, 'cell')} differ{listed}", "bold")
        text.append("\nlargest gap in r first · enter: go to the cell · esc: close", "dim")
        return text

    def _widths(self) -> tuple[int, int]:
        """The item and hypothesis columns share what the dialog leaves them (see app.tcss:
        the dialog is 90% of the screen, at most 96 wide)."""
        inner = min(96, self.app.size.width * 9 // 10) - 6  # border, padding, scrollbar
        free = max(20, inner - sum(FIXED.values()) - 2 * (len(FIXED) + 2))
        return free * 3 // 5, free - free * 3 // 5

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        item_width, hypothesis_width = self._widths()
        for label in ("gap", "item", "hypothesis", "you", "team", "disagreement"):
            width = {"item": item_width, "hypothesis": hypothesis_width}.get(label)
            table.add_column(label, width=width or FIXED[label])
        case = self.session.case
        # Short titles that still tell the hypotheses apart, as the matrix's headings are.
        short = abbreviate_titles([h.title for h in case.hypotheses], hypothesis_width - 4)
        heading = {h.id: f"H{i + 1} {short[i]}" for i, h in enumerate(case.hypotheses)}
        for i, d in enumerate(self.found):
            band = d.team.band
            mark = MARKS[band][0] if band in MARKS else ""
            team = d.team.consensus.value if d.team.consensus else "·"
            item = f"{d.evidence_id} {self.session.label(d.evidence_id)}"
            table.add_row(Text(str(d.gap), justify="right"), Text(shorten(item, item_width)),
                          Text(shorten(heading[d.hypothesis_id], hypothesis_width)),
                          Text(d.mine.value),
                          Text(team), Text(f"{band.value} {mark}".strip() if band else ""),
                          key=str(i))
        if not self.found:
            self._show_empty()
        table.focus()

    def _show_empty(self) -> None:
        self.query_one(DataTable).display = False
        mine = self.session.case.ratings.get(self.session.analyst)
        self.query_one("#difference", Static).update(Text(
            "Nothing to list: your ratings match the team's consensus wherever others rated "
            "the same cells." if mine else
            f"You ({self.session.analyst}) have not rated this case yet: nothing to compare."))

    @on(DataTable.RowHighlighted, "#differences")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        d = self._difference(event.row_key.value)
        if d is not None:
            opinions = Opinions.of(self.session, d.evidence_id, d.hypothesis_id)
            self.query_one("#difference", Static).update(render(opinions, cell_last=True))

    @on(DataTable.RowSelected, "#differences")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        d = self._difference(event.row_key.value)
        if d is not None:
            self.dismiss((d.evidence_id, d.hypothesis_id))

    def _difference(self, key: str | None) -> Difference | None:
        return self.found[int(key)] if key is not None and key.isdigit() else None

    def action_close(self) -> None:
        self.dismiss(None)
