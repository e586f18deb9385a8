"""A source's text as the commands read it: what ``import-source``, ``source show``,
``source relocate`` and ``evidence from-source`` share."""

from __future__ import annotations

from ach.commands.common import UserError
from ach.model import Source
from ach.sources import SourceDocument, load_document
from ach.store import Library, Workspace


def document(workspace: Workspace, library: Library, source_id: str
             ) -> tuple[Source, SourceDocument]:
    """A source and its text, or a line saying which is missing and what to do."""
    source = library.sources.get(source_id)
    if source is None:
        known = ", ".join(sorted(library.sources)) or "none yet: ach import-source FILE"
        raise UserError(f"no source {source_id!r} (sources: {known})")
    found = load_document(workspace.root, source)
    if found is None:
        raise UserError(f"source {source_id!r} has no text to read: ach import-source FILE "
                        f"--id {source_id}")
    return source, found


def counts(doc: SourceDocument) -> str:
    """Its size in words people count: paragraphs, sentences, characters."""
    counted = ((len(doc.paragraphs), "paragraph"), (doc.sentence_count, "sentence"),
               (len(doc.text), "character"))
    return ", ".join(f"{n:,} {noun}{'' if n == 1 else 's'}" for n, noun in counted)
