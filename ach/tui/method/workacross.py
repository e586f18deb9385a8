"""Heuer's step 3 against anchoring: one item at a time, the hypotheses shuffled, blind.

The item's words are shown with the hypotheses in an order fixed per item and
session seed (``ach.workacross.shuffled``); the analyst's earlier ratings are not
on screen. Once the row is rated (enter), the differences from the earlier
ratings are revealed, and the analyst keeps the new ratings (k) or the old (o).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ach.edits.changes import CellEdit, Change, Focus
from ach.edits.changes import rate as rate_change
from ach.figures import plural
from ach.model import Rating
from ach.tui.kit.text import one_line
from ach.tui.matrix.host import MatrixHost
from ach.workacross import Difference, differences, shuffled

_KEYS = {"1": Rating.CC, "2": Rating.C, "3": Rating.N, "4": Rating.I, "5": Rating.II,
         "0": Rating.NA}
BLANK = "·"


class WorkAcrossScreen(Screen[None]):
    BINDINGS = [
        *(Binding(key, f"rate({key!r})", f"rate {r.value}", show=False,
                  tooltip=f"Rate this hypothesis {r.value} ({r.label})")
          for key, r in _KEYS.items()),
        Binding("backspace", "rate('')", "skip", tooltip="Leave this hypothesis unrated here"),
        Binding("up", "move(-1)", "up", show=False, tooltip="The hypothesis above"),
        Binding("down", "move(1)", "down", show=False, tooltip="The hypothesis below"),
        Binding("enter", "reveal", "compare", tooltip="Done: compare with your earlier ratings"),
        Binding("k", "keep_new", "keep new", tooltip="Keep the new ratings (saved)"),
        Binding("o", "keep_old", "keep old", tooltip="Keep your earlier ratings"),
        Binding("n", "next", "next item", tooltip="On to the next item"),
        Binding("escape", "close", "leave", tooltip="Back to the matrix"),
    ]

    def __init__(self, main: MatrixHost, rows: list[str], start: int, seed: str) -> None:
        super().__init__()
        self.main = main
        self.rows = rows
        self.index = start
        self.seed = seed
        self.order: list[str] = []
        self.blind: dict[str, Rating | None] = {}
        self.cursor = 0
        #: Set once the row is compared: the differences shown.
        self.revealed: list[Difference] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="wa-title", classes="method-title")
        with VerticalScroll(id="wa-body"):
            yield Static(id="wa-item")
            yield Static(id="wa-hypotheses")
            yield Static(id="wa-reveal")
        yield Footer()

    def on_mount(self) -> None:
        self.start_item()

    @property
    def evidence_id(self) -> str:
        return self.rows[self.index]

    # -- one item
    def start_item(self) -> None:
        hypotheses = [h.id for h in self.main.session.case.hypotheses]
        self.order = shuffled(hypotheses, self.evidence_id, self.seed)
        self.blind = {}
        self.cursor = 0
        self.revealed = None
        self._show_item()
        self._show_hypotheses()
        self.query_one("#wa-reveal", Static).update(Text(
            "Rate each hypothesis: 1 CC · 2 C · 3 N · 4 I · 5 II · 0 NA (backspace leaves it "
            "unrated); enter compares with your earlier ratings.", "dim"))
        self.refresh_bindings()

    def _show_item(self) -> None:
        s = self.main.session
        title = Text("Work across · blind: your earlier ratings are hidden", "bold")
        title.append(f" · item {self.index + 1} of {len(self.rows)}", "dim")
        self.query_one("#wa-title", Static).update(title)
        item = s.item(self.evidence_id)
        text = Text(f"{self.evidence_id} ", "bold")
        text.append(one_line(s.label(self.evidence_id)), "bold")
        if item is not None:
            facts = [item.type.label, item.date.isoformat() if item.date else "undated",
                     f"credibility {item.credibility.label}"]
            text.append("\n" + " · ".join(facts), "dim")
            if item.quote:
                text.append("\n“" + one_line(item.quote) + "”", "italic")
            source = s.library.source_of(item)
            if source is not None:
                text.append(f"\nSource: {one_line(source.title)}", "dim")
        text.append("\n")
        self.query_one("#wa-item", Static).update(text)

    def _show_hypotheses(self) -> None:
        titles = {h.id: h.title for h in self.main.session.case.hypotheses}
        text = Text("How consistent is this item with each hypothesis?\n", "bold")
        for i, h in enumerate(self.order):
            rating = self.blind.get(h)
            pointer = "▶ " if i == self.cursor and self.revealed is None else "  "
            code = rating.value if rating else BLANK
            text.append(pointer)
            text.append(f"{code:<3}", "bold" if rating else "dim")
            text.append(one_line(titles.get(h, h)) + "\n",
                        "reverse" if i == self.cursor and self.revealed is None else "")
        self.query_one("#wa-hypotheses", Static).update(text)

    # -- rating blind
    def action_rate(self, key: str) -> None:
        if self.revealed is not None or not self.order:
            return
        h = self.order[self.cursor]
        if key:
            self.blind[h] = _KEYS[key]
        else:
            self.blind.pop(h, None)
        self.cursor = min(self.cursor + 1, len(self.order) - 1)
        self._show_hypotheses()
        if len(self.blind) == len(self.order):
            self.query_one("#wa-reveal", Static).update(Text(
                "All rated: enter compares with your earlier ratings.", "bold"))

    def action_move(self, delta: int) -> None:
        if self.order and self.revealed is None:
            self.cursor = max(0, min(len(self.order) - 1, self.cursor + delta))
            self._show_hypotheses()

    # -- the reveal
    def earlier(self) -> dict[str, Rating]:
        s = self.main.session
        found = {}
        for h in self.order:
            rating = s.rating(self.evidence_id, h)
            if rating is not None:
                found[h] = rating
        return found

    def action_reveal(self) -> None:
        if self.revealed is not None:
            self.action_next()
            return
        if not self.blind:
            self.notify("Rate at least one hypothesis first (n skips the item).", markup=False)
            return
        self.revealed = differences(self.earlier(), self.blind)
        self._show_hypotheses()
        self.query_one("#wa-reveal", Static).update(self._reveal_text())
        self.refresh_bindings()

    def _reveal_text(self) -> Text:
        titles = {h.id: h.title for h in self.main.session.case.hypotheses}
        found = self.revealed or []
        if not found:
            return Text("Your blind ratings match your earlier ones. n (or enter) goes on to "
                        "the next item.", "bold")
        text = Text(f"Your blind ratings differ from your earlier ones on "
                    f"{plural(len(found), 'hypothesis', 'hypotheses')}:\n", "bold")
        text.append(f"  {'earlier':>7} → {'now':<7}\n", "dim")
        for d in found:
            before = d.before.value if d.before else "unrated"
            after = d.after.value if d.after else "unrated"
            text.append(f"  {before:>7} → {after:<7}", "bold")
            text.append(one_line(titles.get(d.hypothesis_id, d.hypothesis_id)) + "\n")
        text.append("\nk keeps the new ratings (saved; u undoes in the matrix) · "
                    "o keeps the earlier ones", "dim")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        revealed = self.revealed is not None
        if action in ("keep_new", "keep_old"):
            return True if revealed and self.revealed else None
        if action in ("rate", "move"):
            return None if revealed else True
        return True

    def keep_change(self) -> Change | None:
        """The blind ratings that differ, as one change (each keeps its cell's reason)."""
        s = self.main.session
        cells: list[CellEdit] = []
        for d in self.revealed or []:
            one = rate_change(s.case, s.analyst, self.evidence_id, d.hypothesis_id, d.after)
            if one is not None:
                cells.extend(one.cells)
        if not cells:
            return None
        return Change(f"work across {self.evidence_id}: {plural(len(cells), 'rating')}",
                      cells=tuple(cells), focus=Focus(self.evidence_id, None))

    def action_keep_new(self) -> None:
        if self.revealed:
            self.main.apply(self.keep_change())
            self.notify(f"Kept the new ratings of {self.evidence_id}.", markup=False,
                        timeout=2)
            self.action_next()

    def action_keep_old(self) -> None:
        if self.revealed:
            self.action_next()

    def action_next(self) -> None:
        if self.index + 1 >= len(self.rows):
            self.notify("That was the last item.", markup=False, timeout=3)
            self.action_close()
            return
        self.index += 1
        self.start_item()

    def action_close(self) -> None:
        self.main.matrix.go_to(self.evidence_id, None)
        self.dismiss()
