"""Reading an article to import (plain text, Markdown or HTML) and the stored source documents.

Whatever the input, the text we keep is UTF-8 with ``\\n`` line endings: the
offsets of every quote are counted in it, so it is written once, atomically,
and never rewritten behind the analyst's back.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from ach.jsonfile import FileProblem
from ach.model import Source
from ach.sources.document import SourceDocument
from ach.sources.html_text import declared_charset, html_to_text, looks_like_html

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
#: The largest article we take in: far beyond a 500-page report.
MAX_BYTES = 64 * 1024 * 1024


@dataclass
class SourceText:
    """An article ready to store: its text, how it came, and what it said about itself."""

    text: str
    #: ``html``, ``markdown`` or ``text``
    kind: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def suffix(self) -> str:
        """Markdown is kept as ``.md``; plain text and the text of a page as ``.txt``."""
        return ".md" if self.kind == "markdown" else ".txt"


def read_source_file(path: Path, *, join_lines: bool = False) -> SourceText:
    """The article in ``path``, or a FileProblem saying in one line why it cannot be one."""
    raw = _read_bytes(path, limit=MAX_BYTES)
    text = _decode(path, raw)
    if not text.strip():
        raise FileProblem(path, "is empty: there is no text to import")
    _refuse_binary(path, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in MARKDOWN_SUFFIXES and looks_like_html(text)):
        page = html_to_text(text)
        if not page.text.strip():
            raise FileProblem(path, "has no readable text once its markup is removed")
        return SourceText(page.text, "html", page.meta)
    if join_lines:
        text = join_wrapped_lines(text)
    kind = "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    return SourceText(text, kind)


def _read_bytes(path: Path, shown: Path | str | None = None, missing: str = "no such file",
                limit: int | None = None) -> bytes:
    """A file's bytes, or a FileProblem naming it (as ``shown``) and saying why not."""
    where = path if shown is None else shown
    try:
        if limit is not None and path.stat().st_size > limit:
            raise FileProblem(where, f"is larger than {limit // (1024 * 1024)} MB; split it "
                              "before importing")
        return path.read_bytes()
    except FileNotFoundError:
        raise FileProblem(where, missing) from None
    except IsADirectoryError:
        raise FileProblem(where, "is a folder, not a file") from None
    except OSError as exc:
        raise FileProblem(where, f"cannot be read ({exc.strerror})") from None


def _decode(path: Path, raw: bytes) -> str:
    if raw.lstrip().startswith(b"%PDF-"):
        raise FileProblem(path, "is a PDF, not text: save its text (e.g. with pdftotext) and "
                          "import that")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    if b"\x00" in raw:
        raise FileProblem(path, "is a binary file, not text (import the article as text, "
                          "Markdown or HTML)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        charset = declared_charset(raw)
        if charset:
            try:
                return raw.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
        raise FileProblem(path, f"is not UTF-8 text (bad byte at offset {exc.start}); "
                          "save it as UTF-8 and import again") from None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _refuse_binary(path: Path, text: str) -> None:
    # Text with NUL-free binary junk (a PDF, an image) decodes as Latin text of control codes.
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise FileProblem(path, "is a binary file, not text (import the article as text, "
                          "Markdown or HTML)")


_LINE_START = re.compile(r"\s*(#|[-*+>]\s|\d+[.)]\s|\|)")


def join_wrapped_lines(text: str) -> str:
    """Hard-wrapped text as one line per paragraph: the lines of a block are joined.

    Blocks are separated by blank lines; a line that opens a heading, a list
    item, a quotation or a table row stays a line of its own.
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        for line in block.split("\n"):
            if lines and line.strip() and not _LINE_START.match(line):
                lines[-1] = lines[-1].rstrip() + " " + line.strip()
            elif line.strip():
                lines.append(line.rstrip())
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def looks_hard_wrapped(text: str) -> bool:
    """Whether many lines break mid-sentence (the next one going on in lower case)."""
    lines = [line.strip() for line in text.split("\n")]
    breaks = sum(1 for line, after in zip(lines, lines[1:], strict=False)
                 if line and after[:1].islower() and line[-1:] not in ".!?:;\"”’)")
    return breaks >= 5 and breaks * 4 >= sum(1 for line in lines if line)


# -- the stored documents ---------------------------------------------------------------

def document_path(root: Path, source: Source) -> Path | None:
    """Where a source's text is kept, or None for a source with no text."""
    if not source.document:
        return None
    name = source.document
    if "/" in name or "\\" in name or name.startswith("."):
        raise FileProblem(f"evidence/{source.id}.json", f"document {name!r} is not a file name "
                          "beside the evidence (no folders)", "source → source → document")
    return root / "evidence" / name


def read_document_text(path: Path, shown: str) -> str:
    """A stored document's text; FileProblem (naming ``shown``) if it is missing or unreadable."""
    _refuse_link_outside(path, shown)
    raw = _read_bytes(path, shown, missing="the source document is missing")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem(shown, f"is not UTF-8 text (bad byte at offset {exc.start})") from None
    # Offsets are counted with \n line endings; a checkout that turned them into \r\n
    # must not move every quote.
    return text.replace("\r\n", "\n")


def _refuse_link_outside(path: Path, shown: str) -> None:
    """A stored document is the workspace's own: a symlink leading out of it would let a
    shared repository make ``ach`` read (and quote from) any file of the reader's machine."""
    if not path.is_symlink():
        return
    workspace = path.parent.parent.resolve()
    target = path.resolve()
    if not target.is_relative_to(workspace):
        raise FileProblem(shown, "is a symbolic link to a file outside the workspace; a source "
                          "document must be a file of the workspace itself")


def load_document(root: Path, source: Source) -> SourceDocument | None:
    """The source's document split into paragraphs and sentences (None if it has no text)."""
    path = document_path(root, source)
    if path is None:
        return None
    return SourceDocument(read_document_text(path, f"evidence/{source.document}"),
                          source.language)
