"""HTML briefings: a case rendered for readers who will never open a terminal.

``build_context`` computes what the briefing shows (pure), ``render_briefing``
turns it into one self-contained HTML document through the templates in
``ach/templates/``, and ``write_briefing`` writes it atomically, by default to
``reports/<case>.html``. None of this imports Textual.
"""

from __future__ import annotations

from ach.report.context import analysis_date, build_context, safe_link
from ach.report.render import (
    TemplateProblem,
    default_output,
    render_briefing,
    write_briefing,
    write_case_briefing,
)

__all__ = ["TemplateProblem", "analysis_date", "build_context", "default_output",
           "render_briefing", "safe_link", "write_briefing", "write_case_briefing"]
