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

from ach.estimative import MATRIX_READING
from ach.figures import percent
from ach.figures import score as score_text
from ach.model import Rating
from ach.scoring import HypothesisScore, Scores, gapped_leaders
from ach.tui.kit.line_drawn import CachedStyles, changed_lines
from ach.tui.kit.text import one_line, shorten
from ach.workbench.score_notes import ScoreNotes

FULL, EMPTY = "█", "░"
NOTE = ("Ranked by weighted inconsistency (least first). The probability, and its ICD 203 "
        f"term, is {MATRIX_READING}, not a judgment.")
#: The same warning where there is no room for the sentence.
SHORT_NOTE = "prob.: the matrix's reading (assumes independent items)"
#: A title takes at most this many lines before it is cut.
TITLE_LINES = 2
#: Narrower than this, the panel still draws as if it had this much room (and is cut).
MIN_WIDTH = 10


@dataclass(frozen=True)
class ScoresData:
    titles: dict[str, str]
    scores: Scores
    focus: str | None
    heading: str
    #: The ICD 203 terms, the flip margin, the warnings (``ach.workbench.score_notes``).
    notes: ScoreNotes = ScoreNotes()


class ScoresPanel(CachedStyles, Widget):
    COMPONENT_CLASSES = {"scores--heading", "scores--focus", "scores--inconsistency",
                         "scores--probability", "scores--empty", "scores--note",
                         "scores--caution", "scores--term", "scores--flip"}

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
            term = data.notes.terms.get(h.id, "")
            key = (h.id, data.titles.get(h.id, h.id), h.rank, h.weighted_inconsistency,
                   h.probability, worst, h.id == data.focus, width, term)
            block = self._blocks.get(key)
            if block is None:
                block = self._hypothesis(h, key[1], worst, key[6], width, term)
                self.blocks_built += 1
            blocks[key] = block
            lines.extend(block)
        self._blocks = blocks
        # The ranking first (at 80×24 it is all the panel may hold), then what would
        # change it and the cautions, each whole.
        lines.extend(self._notes(data.notes, width))
        if data.notes.disagreement:
            lines.extend(self._wrapped(data.notes.disagreement, width, "scores--note"))
        lines.extend(self._wrapped(NOTE if width >= 40 else SHORT_NOTE, width, "scores--note"))
        return lines

    def _wrapped(self, text: str, width: int, component: str, first: str = "",
                 limit: int | None = None) -> list[Strip]:
        """A sentence over as many lines as it takes (at most ``limit``, the last cut),
        after ``first`` on the first line and indented under it on the rest."""
        room = max(1, width - len(first))
        lines = [line.plain.rstrip() for line in Text(one_line(text)).wrap(self.app.console,
                                                                           room)]
        if limit is not None and len(lines) > limit:
            rest = " ".join(lines[limit - 1:])
            lines = [*lines[:limit - 1], shorten(rest, room)]
        pad = " " * len(first)
        return [self._line([((first if i == 0 else pad) + line, component)])
                for i, line in enumerate(lines)]

    def _notes(self, notes: ScoreNotes, width: int) -> list[Strip]:
        """The flip margin and the warnings, right under the ranking (each whole, over as
        many lines as it needs)."""
        lines = []
        if notes.flip:
            lines.extend(self._wrapped(notes.flip, width, "scores--flip", "⇄ "))
        for warning in notes.warnings:
            lines.extend(self._wrapped(warning, width, "scores--caution", "⚠ "))
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
                    width: int, term: str) -> list[Strip]:
        # The title wraps rather than being cut where the panel is narrow (two lines at
        # most); the focus shows on its first line, so moving it redraws one line.
        heading = self._wrapped(title, width, "", f"{h.rank:>2} ", TITLE_LINES)
        if focus:
            heading[0] = self._line([(heading[0].text, "scores--focus")])
        bar = max(4, width - 18)
        lines = [*heading,
                 self._bar("   incons.", score_text(h.weighted_inconsistency),
                           h.weighted_inconsistency / worst, bar, "scores--inconsistency"),
                 self._bar("   prob.  ", percent(h.probability), h.probability, bar,
                           "scores--probability")]
        if term:
            # The band's word under its figure: the matrix's reading, in ICD 203's terms.
            lines.append(self._line([(" " * 11, ""), (term, "scores--term")]))
        return lines

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
