"""Rendering briefings: the Jinja2 environment, a team's house templates, the atomic write.

Templates are looked up first in the house folder given by ``--template DIR``, then
among the bundled ones in ``ach/templates/``; ``ach/<name>`` always means the
bundled template, so a house ``briefing.html.j2`` can ``{% extends
"ach/briefing.html.j2" %}`` and override only the blocks it cares about.
Analyst text only ever arrives as data: autoescaped, never compiled as a template.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from markupsafe import Markup

from ach.collector import collection_paused
from ach.model import Case
from ach.output import is_stdout, target_of, write_output
from ach.report.context import build_context
from ach.store import EVIDENCE, HYPOTHESES, Library, Workspace

if TYPE_CHECKING:  # the git reading loads only when there is a repository
    from ach.report.past import Past
    from ach.report.since import Since

BUNDLED = Path(__file__).resolve().parent.parent / "templates"
#: The template a briefing starts from (a house folder may hold its own).
ENTRY = "briefing.html.j2"

# C0/C1 controls (bar tab and newlines), lone surrogates and non-characters have no place
# in an HTML document; they become a visible replacement mark rather than vanish.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class TemplateProblem(Exception):
    """A house template that cannot be used, in one line naming the file."""


def printable(value: object) -> object:
    """Every printed value passes here: None prints as nothing, controls as U+FFFD."""
    if value is None:
        return ""
    if isinstance(value, str) and _UNPRINTABLE.search(value):
        cleaned = _UNPRINTABLE.sub("\ufffd", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def css_string(value: object) -> Markup:
    """Text as a CSS string literal (for ``content:`` in the page's margins): every
    character but letters, digits, spaces and plain punctuation is a hex escape, so no
    quote, backslash, ``<`` or newline of the analyst's can end the string or the style."""
    text = _UNPRINTABLE.sub("\ufffd", "" if value is None else str(value))
    out = []
    for ch in " ".join(text.split()):
        if ch.isascii() and (ch.isalnum() or ch in " .,:;!?()-_/+=*#@"):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return Markup('"' + "".join(out) + '"')


def bundled_templates() -> list[str]:
    return sorted(p.name for p in BUNDLED.glob("*.j2"))


@lru_cache(maxsize=8)
def environment(template_dir: str | None = None) -> Environment:
    bundled = FileSystemLoader(str(BUNDLED), encoding="utf-8")
    loaders = [FileSystemLoader(template_dir, encoding="utf-8")] if template_dir else []
    loaders += [bundled, PrefixLoader({"ach": bundled})]
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True,
                      undefined=StrictUndefined, finalize=printable, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, auto_reload=True)
    env.filters["css_string"] = css_string
    return env


def check_template_dir(template_dir: Path) -> str:
    """The folder as a string, if it exists and overrides at least one bundled template."""
    if not template_dir.is_dir():
        raise TemplateProblem(f"--template {template_dir}: no such folder")
    names = bundled_templates()
    if not any((template_dir / name).is_file() for name in names):
        raise TemplateProblem(f"--template {template_dir}: holds none of the briefing's "
                              f"templates ({', '.join(names)})")
    return str(template_dir.resolve())


def _template_line(exc: BaseException) -> str:
    """``file.j2:LINE`` of the innermost template frame of an error, where there is one."""
    found = ""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def render_briefing(case: Case, library: Library, *, analyst: str | None = None,
                    template_dir: Path | None = None, since: Since | None = None,
                    paper: str = "", past: Past | None = None) -> str:
    """The briefing's HTML: one self-contained document, the same bytes for the same case
    (``since``: what changed since the last briefing; ``paper``: a4 or letter, for PDF;
    ``past``: the case's history, for the timeline and the review)."""
    with collection_paused():
        return _render(case, library, analyst, template_dir, since, paper, past)


def _render(case: Case, library: Library, analyst: str | None,
            template_dir: Path | None, since: Since | None, paper: str,
            past: Past | None) -> str:
    context = build_context(case, library, analyst=analyst, since=since, paper=paper,
                            past=past)
    folder = check_template_dir(Path(template_dir)) if template_dir is not None else None
    try:
        return environment(folder).get_template(ENTRY).render(context)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}"
                              ) from None
    except TemplateNotFound as exc:
        raise TemplateProblem(f"template {exc.name!r} not found (bundled: "
                              f"{', '.join(bundled_templates())})") from None
    except TemplateError as exc:
        where = _template_line(exc)
        raise TemplateProblem(f"{where + ': ' if where else ''}{exc}") from None


def default_output(workspace: Workspace, case_id: str) -> Path:
    return workspace.reports_dir / f"{case_id}.html"


def _check_output(workspace: Workspace, path: Path) -> None:
    """Refuse to write over a folder or over the workspace's own data files."""
    if path.is_dir():
        raise TemplateProblem(f"{path} is a folder; give a file name such as {path}/case.html")
    resolved = path.resolve()
    for folder in (HYPOTHESES, EVIDENCE):
        if resolved.is_relative_to((workspace.root / folder).resolve()):
            raise TemplateProblem(f"{path} is inside the workspace's {folder}/ folder; "
                                  "a briefing must not overwrite case or evidence files")


def write_briefing(workspace: Workspace | Path, case_id: str, output: Path | None = None, *,
                   analyst: str | None = None, template_dir: Path | None = None) -> Path:
    """Render a case and write it atomically (default ``reports/<case>.html``); the path."""
    if not isinstance(workspace, Workspace):
        workspace = Workspace(Path(workspace))
    case, library = workspace.open(case_id)
    return write_case_briefing(workspace, case, library, output, analyst=analyst,
                               template_dir=template_dir)


def write_case_briefing(workspace: Workspace, case: Case, library: Library,
                        output: Path | None = None, *, analyst: str | None = None,
                        template_dir: Path | None = None, since: Since | None = None,
                        pdf: bool = False, paper: str = "a4", past: Past | None = None
                        ) -> Path:
    """``write_briefing`` for a case already loaded (so a command reads its files once);
    with ``pdf``, the briefing printed by headless Chromium (default reports/CASE.pdf)."""
    path = Path(output) if output is not None else default_output(workspace, case.id)
    if pdf and output is None:
        path = path.with_suffix(".pdf")
    if not is_stdout(path):
        _check_output(workspace, path)
        target_of(path)  # refused before the work of rendering, not after
    if pdf:
        from ach.report.pdf import print_pdf  # only --pdf needs a browser

        html = render_briefing(case, library, analyst=analyst, template_dir=template_dir,
                               since=since, paper=paper, past=past)
        write_output(path, print_pdf(html))
        return path
    html = render_briefing(case, library, analyst=analyst, template_dir=template_dir,
                           since=since, past=past)
    # An unchanged briefing keeps its file untouched, mtime and all.
    write_output(path, html, keep_if_same=True)
    return path
