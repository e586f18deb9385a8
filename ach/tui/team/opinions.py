"""Who said what in one cell: every analyst's rating and reason, the consensus and the band."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ach.model import Cell
from ach.tui.kit.text import one_line
from ach.tui.team.lens import describe
from ach.workbench.session import CaseSession
from ach.workbench.team_table import TeamCell, summarise


@dataclass(frozen=True)
class Opinion:
    analyst: str
    cell: Cell | None
    you: bool


@dataclass(frozen=True)
class Opinions:
    """One cell, as everyone rated it."""

    evidence: str
    hypothesis: str
    opinions: tuple[Opinion, ...]
    team: TeamCell | None

    @classmethod
    def of(cls, session: CaseSession, evidence_id: str, hypothesis_id: str) -> Opinions:
        case = session.case
        hypothesis = case.hypothesis(hypothesis_id)
        column = next(i for i, h in enumerate(case.hypotheses) if h.id == hypothesis_id)
        opinions = tuple(Opinion(name, case.cell(name, evidence_id, hypothesis_id),
                                 name == session.analyst) for name in session.analysts())
        given = sorted(o.cell.rating for o in opinions if o.cell is not None)
        return cls(f"{evidence_id} {one_line(session.label(evidence_id))}",
                   f"H{column + 1} {one_line(hypothesis.title)}", opinions,
                   summarise(tuple(given)) if given else None)


class CellOpinions(ModalScreen[None]):
    BINDINGS = [Binding("escape,o,q", "close", "close", tooltip="Close")]

    def __init__(self, opinions: Opinions) -> None:
        super().__init__()
        self.opinions = opinions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog opinions"):
            yield Static(Text("Who said what (esc closes)", "bold"), classes="form-title")
            with VerticalScroll(id="opinions-body"):
                yield Static(render(self.opinions), id="opinions")

    def action_close(self) -> None:
        self.dismiss(None)


def render(data: Opinions, *, cell_last: bool = False) -> Group:
    """Literal text throughout: analysts' names and reasons are never markup.

    ``cell_last`` puts the item and hypothesis after the opinions (for a list that names
    them already, where the opinions are what the eye looks for).
    """
    about = Text()
    about.append("Item: ", "bold")
    about.append(data.evidence)
    about.append("\nHypothesis: ", "bold")
    about.append(data.hypothesis)
    if cell_last:
        return Group(_team_line(data.team), _table(data.opinions), Text(), about)
    return Group(about, _team_line(data.team), Text(), _table(data.opinions))


def _team_line(team: TeamCell | None) -> Text:
    text = Text()
    text.append("Team: ", "bold")
    if team is None or team.consensus is None:
        text.append("nobody has rated this cell yet", "dim")
        return text
    text.append(f"{team.consensus.value} {team.consensus.label}", "bold")
    text.append(f" · {describe(team)}")
    return text


def _table(opinions: tuple[Opinion, ...]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, style="bold", min_width=2)
    table.add_column(ratio=1)
    for opinion in opinions:
        name = Text(opinion.analyst)
        if opinion.you:
            name.append(" (you)", "dim")
        cell = opinion.cell
        if cell is None:
            table.add_row(name, Text("·"), Text("not rated", "dim"))
            continue
        words = Text(cell.rating.label + ": ")
        if cell.reason:
            words.append(cell.reason)
        else:
            words.append("no reason given", "dim italic")
        table.add_row(name, Text(cell.rating.value), words)
    return table
