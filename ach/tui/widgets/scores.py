"""The hypotheses ranked by weighted inconsistency, with bars, redrawn at every change."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ach.figures import percent
from ach.figures import score as score_text
from ach.scoring import Scores
from ach.tui.text import shorten

FULL, EMPTY = "█", "░"
NOTE = ("Ranked by weighted inconsistency (least first). The probability assumes the "
        "items independent given each hypothesis.")
#: The same warning where there is no room for the sentence.
SHORT_NOTE = "prob. assumes independence"


@dataclass(frozen=True)
class ScoresData:
    titles: dict[str, str]
    scores: Scores
    focus: str | None
    heading: str


class ScoresPanel(Widget):
    COMPONENT_CLASSES = {"scores--heading", "scores--focus", "scores--inconsistency",
                         "scores--probability", "scores--empty", "scores--note"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._data: ScoresData | None = None

    def show(self, data: ScoresData) -> None:
        # Its height changes only with the number of hypotheses: lay out only then.
        relayout = self._data is None or len(data.titles) != len(self._data.titles)
        self._data = data
        self.refresh(layout=relayout)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.render().wrap(self.app.console, max(1, width)))

    def render(self) -> Text:
        data = self._data
        text = Text(no_wrap=False, overflow="fold")
        if data is None:
            return text
        width = max(10, self.size.width or 30)
        style = self.get_component_rich_style
        text.append(shorten(data.heading, width) + "\n", style("scores--heading"))
        if not data.scores.hypotheses:
            text.append("No hypotheses yet.\n", style("scores--note"))
            return text
        worst = max(h.weighted_inconsistency for h in data.scores.hypotheses) or 1.0
        bar = max(4, width - 18)
        for h in data.scores.ranked:
            focus = h.id == data.focus
            line_style = style("scores--focus") if focus else Style()
            rank = f"{h.rank:>2} "
            text.append(rank + shorten(data.titles.get(h.id, h.id), width - len(rank)) + "\n",
                        line_style)
            self._bar(text, "   incons.", score_text(h.weighted_inconsistency),
                      h.weighted_inconsistency / worst, bar, style("scores--inconsistency"))
            self._bar(text, "   prob.  ", percent(h.probability), h.probability, bar,
                      style("scores--probability"))
        text.append(NOTE if width >= 40 else SHORT_NOTE, style("scores--note"))
        return text

    def _bar(self, text: Text, label: str, figure: str, fraction: float, width: int,
             style: Style) -> None:
        filled = round(max(0.0, min(1.0, fraction)) * width)
        text.append(f"{label}{figure:>7} ")
        text.append(FULL * filled, style)
        text.append(EMPTY * (width - filled) + "\n", self.get_component_rich_style("scores--empty"))
