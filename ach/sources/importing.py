"""Importing an article as a source: its text kept beside the evidence, its metadata on record.

The text is stored as ``evidence/<source>.txt`` (``.md`` for Markdown) and the
source record names it and holds its content hash, so importing the same text
again is recognised rather than duplicated, and a different text is never
slipped under an id whose quotes were checked against another.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ach.jsonfile import atomic_write_text
from ach.model import Source, is_valid_id
from ach.sources.document import SourceDocument, content_hash
from ach.sources.files import SourceText, document_path, read_document_text
from ach.store import NO_SOURCE, Library, Workspace, WorkspaceError, check_name

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class ImportRefused(WorkspaceError):
    """The import would lose or confuse something; nothing was changed."""


@dataclass
class Metadata:
    """What the analyst says about the source (empty: not said)."""

    title: str = ""
    publisher: str = ""
    author: str = ""
    published: dt.date | None = None
    url: str = ""
    language: str = ""

    def merged(self, page: dict[str, str]) -> Metadata:
        """These values, with the page's own metadata filling what was not said."""
        published = self.published
        if published is None and page.get("published"):
            try:
                published = dt.date.fromisoformat(page["published"])
            except ValueError:
                published = None  # the page's own date is malformed: not the analyst's problem
        return Metadata(self.title or page.get("title", ""),
                        self.publisher or page.get("publisher", ""),
                        self.author or page.get("author", ""), published,
                        self.url or page.get("url", ""), self.language)


@dataclass
class ImportResult:
    source: Source
    document: SourceDocument
    #: ``new``: a new source; ``attached``: text given to a source that had none;
    #: ``same``: this text was already imported (only metadata may have changed).
    status: str
    changed: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """A readable id from a title or a publisher: lower case words joined by '-'."""
    words = re.findall(r"[^\W_]+", text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > 48:
            break
        out = f"{out}-{word}" if out else word
    return out if out and out.isascii() and is_valid_id(out) else "source"


def derived_id(meta: Metadata, fallback: str, taken: set[str]) -> str:
    """``<publisher>-<date>`` (as the bundled case names its article), else a slug; unique."""
    if meta.publisher and meta.published:
        base = f"{slug(meta.publisher)}-{meta.published.isoformat()}"
    else:
        base = slug(meta.title or fallback)
    candidate, n = base, 2
    while candidate in taken or candidate == NO_SOURCE:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _stored_hash(workspace: Workspace, source: Source) -> str | None:
    """The hash of a source's stored text (None if it has no text on disk)."""
    path = document_path(workspace.root, source)
    if path is None or not path.exists():
        return None
    return content_hash(read_document_text(path, workspace.relative(path)))


def _same_text(workspace: Workspace, library: Library, digest: str) -> Source | None:
    for source in library.sources.values():
        # The text on disk is what quotes are checked against, whatever hash was recorded.
        known = _stored_hash(workspace, source) or source.content_hash
        if known == digest:
            return source
    return None


def _updated(source: Source, meta: Metadata, **extra: str) -> tuple[Source, list[str]]:
    wanted = {"title": meta.title, "publisher": meta.publisher, "author": meta.author,
              "published": meta.published, "url": meta.url, "language": meta.language, **extra}
    changes = {k: v for k, v in wanted.items() if v and getattr(source, k) != v}
    return source.model_copy(update=changes), sorted(changes)


def import_source(workspace: Workspace, article: SourceText, meta: Metadata,
                  source_id: str | None = None, *, origin: str = "the file") -> ImportResult:
    """Store ``article`` as a source of the workspace (see the module's doc for the rules)."""
    meta = meta.merged(article.meta)
    if meta.language and not _LANGUAGE.match(meta.language):
        raise ImportRefused(f"language {meta.language!r} is not a code such as en, ar or fa")
    if source_id is not None:
        check_name("source", source_id)
        if source_id == NO_SOURCE:
            raise ImportRefused(f"{NO_SOURCE!r} is reserved for items that come from no source")
    library = workspace.load_library()
    digest = content_hash(article.text)
    same = _same_text(workspace, library, digest)
    if same is not None:
        if source_id not in (None, same.id):
            raise ImportRefused(f"{origin} is already imported as source {same.id!r} "
                                f"(evidence/{same.document}); nothing was changed")
        return _refresh(workspace, library, same, meta, article)
    if source_id is None:
        source_id = derived_id(meta, origin, set(library.sources))
    existing = library.sources.get(source_id)
    if existing is not None and _stored_hash(workspace, existing) is not None:
        raise ImportRefused(f"source {source_id!r} already holds a different text "
                            f"(evidence/{existing.document}); import this one under another "
                            "--id; nothing was changed")
    if existing is None and not meta.title.strip():
        raise ImportRefused("a new source needs --title (the file gives none)")
    name = existing.document if existing and existing.document else source_id + article.suffix
    target = workspace.evidence_dir / name
    stray = target.exists()
    if stray and content_hash(read_document_text(target, workspace.relative(target))) != digest:
        raise ImportRefused(f"{workspace.relative(target)} already exists with another text; "
                            "move it away or import under another --id; nothing was changed")
    base = existing or Source(id=source_id, title=meta.title.strip())
    source, _ = _updated(base, meta, document=name, content_hash=digest)
    library.sources[source_id] = source
    if not stray:
        atomic_write_text(target, article.text)
    try:
        workspace.save_library(library, [source_id])
    except BaseException:
        if not stray:
            target.unlink(missing_ok=True)  # the record was not written: leave no stray text
        raise
    document = SourceDocument(article.text, source.language)
    return ImportResult(source, document, "attached" if existing else "new")


def _refresh(workspace: Workspace, library: Library, source: Source, meta: Metadata,
             article: SourceText) -> ImportResult:
    """A text imported before: fill in what its record lacks, change nothing else."""
    source, changed = _updated(source, meta, content_hash=content_hash(article.text))
    path = document_path(workspace.root, source)
    assert path is not None  # recognised by its text, so it names one
    if not path.exists():
        atomic_write_text(path, article.text)  # the same text, back where it was lost
        changed.append("document")
    if changed:
        library.sources[source.id] = source
        workspace.save_library(library, [source.id])
    text = read_document_text(path, workspace.relative(path))
    return ImportResult(source, SourceDocument(text, source.language), "same", changed)
