"""Heuer's step 6 on one page: how fragile is the lead?

For each linchpin, the ranking without it (its row subtracted from the totals);
for each item flagged as possibly planted, the ranking with its ratings reversed;
each recorded what-if, recomputed from the matrix as it is now; and the items that
cannot tell the hypotheses apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ach.breakdown import undiagnostic
from ach.figures import plural
from ach.figures import score as score_text
from ach.model import Case, Scenario
from ach.scoring import Matrix, Scores
from ach.sensitivity import Outcome, Ranking, WhatIf, apply, if_planted, ranking, without_each
from ach.store import Library
from ach.tui.kit.text import one_line
from ach.tui.matrix.host import MatrixHost
from ach.workbench import marks
from ach.workbench.whatif_diff import describe

#: Linchpins listed in full; a very thin lead can have hundreds.
SHOWN = 50


@dataclass(frozen=True)
class Sensitivity:
    """Everything the page shows, computed once when it opens."""

    before: Ranking
    linchpins: list[Outcome]
    planted: list[Outcome]
    scenarios: list[tuple[Scenario, Ranking]]
    idle: list[str]


def sensitivity(case: Case, library: Library, matrix: Matrix, scores: Scores,
                rated: set[str]) -> Sensitivity:
    counted = {row.evidence_id for row in matrix.rows if not row.excluded}
    flagged = [ref.id for ref in case.evidence
               if ref.id in counted and (item := library.items.get(ref.id)) is not None
               and item.deception]
    scenarios = [(sc, ranking(apply(matrix, WhatIf.from_scenario(sc), case, library.items)))
                 for sc in case.scenarios]
    return Sensitivity(ranking(matrix), without_each(matrix),
                       [if_planted(matrix, e) for e in flagged], scenarios,
                       [e for e in undiagnostic(scores) if e in rated])


def ranking_text(result: Ranking, titles: dict[str, str]) -> Text:
    text = Text()
    for i, h in enumerate(result.order()):
        at = result.hypothesis_ids.index(h)
        line = f"{result.rank[at]} {one_line(titles.get(h, h))} · {score_text(result.weighted[at])}"
        text.append(("\n" if i else "") + line, "bold" if h in result.leaders else "")
    return text


def verdict(before: Ranking, after: Ranking, titles: dict[str, str]) -> Text:
    leaders = " & ".join(one_line(titles.get(h, h)) for h in after.order()
                         if h in after.leaders)
    if before.leaders == after.leaders:
        return Text(f"leader holds: {leaders}")
    return Text(f"LEADER CHANGES: {leaders}", "bold reverse")


class SensitivityScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "close", "close", tooltip="Back to the matrix")]

    def __init__(self, main: MatrixHost) -> None:
        super().__init__()
        self.main = main
        self.found: Sensitivity | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("How fragile is the lead? (sensitivity, Heuer's step 6)", "bold"),
                     classes="method-title")
        with VerticalScroll(id="sens-body"):
            yield Static(id="sens-content")
        yield Footer()

    def on_mount(self) -> None:
        main = self.main
        s = main.session
        scores = main.scoreboard.scores
        rated = set(s.case.ratings.get(s.viewing, {}))
        self.found = sensitivity(s.case, s.library, main.scoreboard.matrix(), scores, rated)
        self.query_one("#sens-content", Static).update(self.render_page(self.found))
        self.query_one("#sens-body").focus()

    def render_page(self, found: Sensitivity) -> RenderableType:
        s = self.main.session
        titles = {h.id: h.title for h in s.case.hypotheses}
        parts: list[RenderableType] = []
        heading = Text("As rated\n", "bold")
        heading.append_text(ranking_text(found.before, titles))
        parts.append(heading)
        parts += self._linchpins(found, titles)
        parts += self._planted(found, titles)
        parts += self._scenarios(found, titles)
        parts += self._idle(found)
        return Group(*parts)

    def _section(self, title: str, lede: str) -> list[RenderableType]:
        text = Text("\n" + title, "bold underline")
        text.append("\n" + lede, "dim")
        return [text]

    def _outcomes(self, outcomes: Sequence[Outcome], titles: dict[str, str],
                  what: str) -> Table:
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
        table.add_column("Item", ratio=3)
        table.add_column(what, ratio=3)
        table.add_column("Ranking then", ratio=4)
        label, ref = self.main.session.label, self.main.session.item_ref
        for o in outcomes[:SHOWN]:
            item = Text(f"{ref(o.evidence_id)} ", "bold")
            item.append(one_line(label(o.evidence_id)))
            table.add_row(item, verdict(o.before, o.after, titles),
                          ranking_text(o.after, titles))
        return table

    def _linchpins(self, found: Sensitivity, titles: dict[str, str]) -> list[RenderableType]:
        parts = self._section(f"{marks.LINCHPIN} Linchpins: the ranking without each",
                              "Items whose exclusion alone would change the leader.")
        if not found.linchpins:
            parts.append(Text("No linchpins: no single item decides it. Excluding any one "
                              "item leaves the same hypothesis in the lead."))
            return parts
        parts.append(self._outcomes(found.linchpins, titles, "Without it"))
        if len(found.linchpins) > SHOWN:
            parts.append(Text(f"… and {len(found.linchpins) - SHOWN} more linchpins: the lead "
                              "is so thin that many single items could overturn it."))
        return parts

    def _planted(self, found: Sensitivity, titles: dict[str, str]) -> list[RenderableType]:
        parts = self._section(f"{marks.PLANTED} If planted: the ranking with the item's "
                              "ratings reversed",
                              "Items flagged as possible deception (p flags the item under "
                              "the cursor).")
        if not found.planted:
            parts.append(Text("No counted item is flagged as possibly planted."))
        else:
            parts.append(self._outcomes(found.planted, titles, "If it was planted"))
        return parts

    def _scenarios(self, found: Sensitivity, titles: dict[str, str]) -> list[RenderableType]:
        parts = self._section("Recorded what-ifs",
                              "Recomputed from the matrix as it is now (W makes one, and "
                              "records it on leaving).")
        if not found.scenarios:
            parts.append(Text("None recorded."))
            return parts
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
        table.add_column("What-if", ratio=4)
        table.add_column("Then", ratio=3)
        table.add_column("Ranking then", ratio=4)
        case = self.main.session.case
        for scenario, result in found.scenarios:
            what = Text(one_line(scenario.title), "bold")
            for line in describe(WhatIf.from_scenario(scenario), case):
                what.append("\n• " + line)
            if scenario.note:
                what.append("\n" + one_line(scenario.note), "italic")
            table.add_row(what, verdict(found.before, result, titles),
                          ranking_text(result, titles))
        parts.append(table)
        return parts

    def _idle(self, found: Sensitivity) -> list[RenderableType]:
        parts = self._section(f"{marks.UNDIAGNOSTIC} No diagnostic value",
                              "Rated the same against every hypothesis, so they cannot tell "
                              "them apart: candidates to set aside (x).")
        if not found.idle:
            parts.append(Text("Every rated item tells the hypotheses apart to some degree."))
            return parts
        label, ref = self.main.session.label, self.main.session.item_ref
        text = Text(f"{plural(len(found.idle), 'item')}:")
        for e in found.idle[:SHOWN]:
            text.append(f"\n{ref(e)} ", "bold")
            text.append(one_line(label(e)))
        if len(found.idle) > SHOWN:
            text.append(f"\n… and {len(found.idle) - SHOWN} more")
        parts.append(text)
        return parts

    def action_close(self) -> None:
        self.dismiss()
