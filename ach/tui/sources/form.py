"""The evidence form opened from the source view: the passage's quote, location and source
filled in, and a quote edited in the form found again in the document."""

from __future__ import annotations

from collections.abc import Mapping

from ach.model import CaseEvidence, Evidence, EvidenceType, Source, fresh_id
from ach.sources import Passage, PassageError, SourceDocument, quote_passage
from ach.tui.kit.text import one_line
from ach.tui.matrix.item_forms import EvidenceForm, EvidenceResult


def new_item(chosen: Passage, source: Source, taken: Mapping[str, Evidence]) -> Evidence:
    """An item quoting ``chosen``, for the form to complete (it has no summary yet)."""
    return Evidence.model_construct(
        id=fresh_id("e", set(taken)), summary="", quote=chosen.quote, location=chosen.location,
        source_id=source.id, said_by=one_line(source.publisher or source.author),
        type=EvidenceType.REPORT)


class SourceEvidenceForm(EvidenceForm):
    def __init__(self, item: Evidence, source: Source, document: SourceDocument,
                 sources: Mapping[str, Source]) -> None:
        super().__init__(item, CaseEvidence(id=item.id), sources, adding=True)
        self.source = source
        self.document = document
        where = f" · ¶{item.location.paragraph}" if item.location else ""
        self.heading = f"New evidence item from {one_line(source.title)}{where}"

    def build(self) -> EvidenceResult | list[str]:
        result = super().build()
        if isinstance(result, list) or result.item.source_id != self.source.id:
            return result
        item = result.item
        if item.quote == self.item.quote and item.location is not None:
            return result
        # The analyst edited the quote: record where it stands now (the chosen paragraph
        # first), or say what the source has instead.
        paragraph = self.item.location.paragraph if self.item.location else None
        try:
            chosen = quote_passage(self.document, item.quote, paragraph)
        except PassageError:
            try:
                chosen = quote_passage(self.document, item.quote)
            except PassageError as exc:
                return [f"Quote: {exc}"]
        return EvidenceResult(item.model_copy(update={"quote": chosen.quote,
                                                      "location": chosen.location}), result.ref)
