"""Heuer's step 5 made visible: where one hypothesis's scores come from, item by item."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ach.breakdown import Breakdown, breakdown
from ach.figures import percent, plural
from ach.figures import score as score_text
from ach.model import Case
from ach.report.method import related
from ach.tui.kit.text import one_line, shorten
from ach.tui.matrix.host import MatrixHost


def relations_text(case: Case, hypothesis_id: str) -> str:
    """What the hypothesis says about others, and what others say about it."""
    titles = {h.id: one_line(h.title) for h in case.hypotheses}
    return "; ".join(f"{words} “{titles[other]}”" for words, other in
                     related(case, hypothesis_id))


class BreakdownScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "close", tooltip="Back to the matrix"),
        # Over the table's own keys: its columns fit, so left and right change hypothesis.
        Binding("left,h", "hypothesis(-1)", "previous", tooltip="The previous hypothesis",
                priority=True),
        Binding("right,l", "hypothesis(1)", "next", tooltip="The next hypothesis",
                priority=True),
        Binding("enter", "go", "go to item", tooltip="Back to the matrix, on this item",
                priority=True),
    ]

    def __init__(self, main: MatrixHost, hypothesis_id: str) -> None:
        super().__init__()
        self.main = main
        self.hypothesis_id = hypothesis_id
        self.parts: Breakdown | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="bd-title", classes="method-title")
        yield Static(id="bd-totals", classes="method-lede")
        yield DataTable(id="bd-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="bd-excluded", classes="method-foot")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Item", "Rating", "Weight", "h", "w×h", "Share", "Summary")
        self.show()
        table.focus()

    def show(self) -> None:
        main = self.main
        case = main.session.case
        ids = [h.id for h in case.hypotheses]
        if self.hypothesis_id not in ids:
            self.dismiss()
            return
        self.parts = parts = breakdown(main.scoreboard.matrix(), self.hypothesis_id)
        scores = main.scoreboard.scores.hypothesis(self.hypothesis_id)
        position = ids.index(self.hypothesis_id)
        title = Text(f"Where the scores come from · H{position + 1} of {len(ids)} · ", "bold")
        title.append(one_line(case.hypothesis(self.hypothesis_id).title), "bold")
        title.append(f"  ({one_line(main.shown.viewing)})", "dim")
        self.query_one("#bd-title", Static).update(title)
        totals = Text()
        totals.append(f"Weighted inconsistency {score_text(scores.weighted_inconsistency)}",
                      "bold")
        totals.append(f" (rank {scores.rank}) = Σ w×h below · inconsistency "
                      f"{score_text(scores.inconsistency)} = Σ h · probability "
                      f"{percent(scores.probability)}")
        related = relations_text(case, self.hypothesis_id)
        if related:
            totals.append(f"\nRelated: {related}", "italic")
        self.query_one("#bd-totals", Static).update(totals)
        self._fill(parts)

    def _fill(self, parts: Breakdown) -> None:
        table = self.query_one(DataTable)
        table.clear()
        label, ref = self.main.session.label, self.main.session.item_ref
        # The summary takes what the figures leave, so the table needs no sideways scrolling.
        room = max(16, self.app.size.width - 8 - max((len(ref(c.evidence_id))
                                                       for c in parts.contributions), default=4)
                   - 44 - (9 if any(c.members > 1 for c in parts.contributions) else 0))
        for c in parts.contributions:
            rating = c.rating.value if c.rating else "·"
            share = f"{c.share:.0%}" if c.weighted else "–"
            style = "bold" if c.weighted else "dim"
            # In a dependence group of k counted items, the weight shown is w/k: say so.
            weight = (f"{c.weight:.2f}" if c.members <= 1 else
                      f"{c.weight * c.members:.2f}/{c.members} = {c.weight:.2f}")
            table.add_row(Text(ref(c.evidence_id), style), Text(rating, style),
                          Text(weight, style, justify="right"),
                          Text(str(c.inconsistency), style, justify="right"),
                          Text(f"{c.weighted:.2f}", style, justify="right"),
                          Text(share, style, justify="right"),
                          Text(shorten(label(c.evidence_id), room), style), key=c.evidence_id)
        against = len(parts.against)
        foot = Text(f"{plural(against, 'item')} count against it; the rest are consistent, "
                    "neutral or unrated and add nothing. Weight = credibility × relevance; "
                    "h = 1 for I, 2 for II.")
        grouped = sorted({c.group for c in parts.contributions if c.members > 1})
        if grouped:
            foot.append("\nIn a dependence group of k counted items each weighs w/k, so the "
                        "group counts once: ")
            foot.append(", ".join(f"“{g}”" for g in grouped))
        if parts.excluded:
            foot.append("\nSet aside (count in nothing): ", "bold")
            foot.append(", ".join(self.main.session.item_ref(e) for e in parts.excluded))
        self.query_one("#bd-excluded", Static).update(foot)

    def action_hypothesis(self, delta: int) -> None:
        ids = [h.id for h in self.main.session.case.hypotheses]
        i = (ids.index(self.hypothesis_id) + delta) % len(ids)
        self.hypothesis_id = ids[i]
        self.show()

    def action_go(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.dismiss()
            self.main.matrix.go_to(key, self.hypothesis_id)
        else:
            self.action_close()

    def action_close(self) -> None:
        self.dismiss()
        self.main.matrix.go_to(None, self.hypothesis_id)
