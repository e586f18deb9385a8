"""What the widgets drawn a line at a time (Textual's line API) share.

Such a widget asks for the same few styles on every line it draws; resolving a
component class walks the CSS each time, so the answers are kept until the styles
change (a new theme, a class added). And when its text changes, only the lines that
differ need drawing again.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip


class CachedStyles:
    """Mixed in before the Textual widget class: ``class X(CachedStyles, Widget)``."""

    def component_style(self, name: str) -> Style:
        """The style of a component class (``matrix--cursor``); ``""`` is the widget's own."""
        cache = self._style_cache()
        style = cache.get(name)
        if style is None:
            style = cache[name] = (self.get_component_rich_style(name)  # type: ignore[attr-defined]
                                   if name else self.rich_style)  # type: ignore[attr-defined]
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()  # type: ignore[misc]
        self._style_cache().clear()

    def _style_cache(self) -> dict[str, Style]:
        cache = self.__dict__.get("_cached_styles")
        if cache is None:
            cache = self.__dict__["_cached_styles"] = {}
        return cache


def changed_lines(old: Sequence[Strip], new: Sequence[Strip], width: int) -> list[Region]:
    """The lines that differ between two drawings of the same widget (a line one has and
    the other lacks counts as blank there)."""
    blank = Strip.blank(width)
    return [Region(0, y, width, 1) for y in range(max(len(old), len(new)))
            if (old[y] if y < len(old) else blank) != (new[y] if y < len(new) else blank)]
