"""The hypotheses ranked by weighted inconsistency, with bars, redrawn at every change.

Drawn a line at a time (Textual's line API): each hypothesis is three lines built
straight from segments and kept while its figures, rank, focus and the width stay the
same, so moving the cursor to another column redraws two hypotheses, not thirty, and a
rating rebuilds short strips rather than wrapping one long text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from ach.figures import percent
from ach.figures import score as score_text
from ach.model import Rating
from ach.scoring import HypothesisScore, Scores, gapped_leaders
from ach.tui.kit.line_drawn import CachedStyles, changed_lines
from ach.tui.kit.text import shorten

FULL, EMPTY = "█", "░"
NOTE = ("Ranked by weighted inconsistency (least first). The probability assumes the "
        "items independent given each hypothesis.")
#: The same warning where there is no room for the sentence.
SHORT_NOTE = "prob. assumes independence"
#: Narrower than this, the panel still draws as if it had this much room (and is cut).
MIN_WIDTH = 10


@dataclass(frozen=True)
class ScoresData:
    titles: dict[str, str]
    scores: Scores
    focus: str | None
    heading: str


class ScoresPanel(CachedStyles, Widget):
    COMPONENT_CLASSES = {"scores--heading", "scores--focus", "scores--inconsistency",
                         "scores--probability", "scores--empty", "scores--note",
                         "scores--caution"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._data: ScoresData | None = None
        self._lines: list[Strip] | None = None
        self._lines_width = 0
        #: (hypothesis id, what its three lines show) → the lines; only what is shown now.
        self._blocks: dict[tuple, list[Strip]] = {}
        #: How many hypotheses' lines were built, not reused, and how many lines were
        #: handed to the screen (the tests read both).
        self.blocks_built = 0
        self.lines_rendered = 0

    def show(self, data: ScoresData) -> None:
        old, old_lines = self._data, self._lines
        self._data = data
        self._lines = None
        if old is None or old_lines is None:
            self.refresh(layout=True)
            return
        lines = self._all_lines(self._lines_width)
        if len(lines) != len(old_lines):
            # Its height changed (hypotheses, or a caution, came or went): lay out again.
            self.refresh(layout=True)
            return
        # Redraw only the lines that changed: moving to another column changes two
        # hypotheses' headings, not the panel.
        changed = changed_lines(old_lines, lines, self._lines_width)
        if changed:
            self.refresh(*changed)

    def on_resize(self) -> None:
        self._lines = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._blocks.clear()
        self._lines = None

    # -- what it says
    def plain(self) -> str:
        """The panel's words, as a person reads them (for tests and the clipboard)."""
        return "\n".join(strip.text.rstrip() for strip in self._all_lines())

    # -- drawing
    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._all_lines(width))

    def get_content_width(self, container, viewport) -> int:
        return container.width

    def render_line(self, y: int) -> Strip:
        self.lines_rendered += 1
        lines = self._all_lines()
        if y < len(lines):
            return lines[y]
        return Strip.blank(self._lines_width, self._style(""))

    def _width(self) -> int:
        return max(MIN_WIDTH, self.content_region.width or 30)

    def _all_lines(self, width: int | None = None) -> list[Strip]:
        width = max(MIN_WIDTH, width) if width else self._width()
        if self._lines is None or width != self._lines_width:
            base = self._style("")
            self._lines = [line.crop_extend(0, width, base) for line in self._build(width)]
            self._lines_width = width
        return self._lines

    def _build(self, width: int) -> list[Strip]:
        data = self._data
        if data is None:
            return []
        lines = [self._line([(shorten(data.heading, width), "scores--heading")])]
        if not data.scores.hypotheses:
            return [*lines, self._line([("No hypotheses yet.", "scores--note")])]
        lines.extend(self._cautions(data, width))
        worst = max(h.weighted_inconsistency for h in data.scores.hypotheses) or 1.0
        blocks: dict[tuple, list[Strip]] = {}
        for h in data.scores.ranked:
            key = (h.id, data.titles.get(h.id, h.id), h.rank, h.weighted_inconsistency,
                   h.probability, worst, h.id == data.focus, width)
            block = self._blocks.get(key)
            if block is None:
                block = self._hypothesis(h, key[1], worst, key[6], width)
                self.blocks_built += 1
            blocks[key] = block
            lines.extend(block)
        self._blocks = blocks
        note = NOTE if width >= 40 else SHORT_NOTE
        lines.extend(self._line([(line.plain.rstrip(), "scores--note")])
                     for line in Text(note).wrap(self.app.console, width))
        return lines

    def _cautions(self, data: ScoresData, width: int) -> list[Strip]:
        """A leader rated on fewer items than another may lead for that alone: say so
        above the ranking, where it is read first."""
        hyps = data.scores.hypotheses
        gapped = gapped_leaders(data.scores.leaders, {h.id: h.unrated for h in hyps})
        by_id = {h.id: h for h in hyps}
        # The count first: a narrow panel cuts the title, never the figure.
        return [self._line([(shorten(f"⚠ leads with {by_id[h].unrated} unrated: "
                                     f"{data.titles.get(h, h)}", width), "scores--caution")])
                for h in gapped]

    def _hypothesis(self, h: HypothesisScore, title: str, worst: float, focus: bool,
                    width: int) -> list[Strip]:
        rank = f"{h.rank:>2} "
        heading = self._line([(rank + shorten(title, width - len(rank)),
                               "scores--focus" if focus else "")])
        bar = max(4, width - 18)
        return [heading,
                self._bar("   incons.", score_text(h.weighted_inconsistency),
                          h.weighted_inconsistency / worst, bar, "scores--inconsistency"),
                self._bar("   prob.  ", percent(h.probability), h.probability, bar,
                          "scores--probability")]

    def _bar(self, label: str, figure: str, fraction: float, width: int,
             component: str) -> Strip:
        filled = round(max(0.0, min(1.0, fraction)) * width)
        return self._line([(f"{label}{figure:>7} ", ""), (FULL * filled, component),
                           (EMPTY * (width - filled), "scores--empty")])

    def _line(self, parts: list[tuple[str, str]]) -> Strip:
        return Strip([Segment(text, self._style(component)) for text, component in parts
                      if text])

    def _style(self, component: str) -> Style:
        """A component's style over the panel's own (its lines are drawn whole here)."""
        base = self.component_style("")
        return base + self.component_style(component) if component else base


def ratings_help() -> Text:
    """The help screen's word on ratings and scores, after the keys."""
    text = Text("\nRatings: ", "bold")
    text.append(", ".join(f"{r.value} {r.label}" for r in Rating))
    text.append(". Unrated cells show ·.\n")
    text.append(NOTE)
    return text
