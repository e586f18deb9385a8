"""Every matrix format round-trips a case through the model, keeping what it can hold."""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ach.interop.formats import export_bytes, read_matrix
from ach.matrix_csv import build_case
from ach.model import (
    Case,
    CaseEvidence,
    Cell,
    Evidence,
    EvidenceType,
    Hypothesis,
    Level,
    Rating,
    Source,
)
from ach.store import Library

# Text as analysts type it, with the characters each format must escape: CSV's quotes and
# commas, Markdown's pipes, backslashes and angle brackets, XML's ampersands.
_BASE = string.ascii_letters + string.digits + " ,;\"'-–()?!.=+@|\\<>&" + "éß" + "بغداد"
texts = st.text(st.sampled_from(_BASE + "\n\r"), min_size=1, max_size=30).map(
    str.strip).filter(bool)
#: A workbook keeps line breaks as line feeds, so a carriage return is not drawn for it.
xlsx_texts = st.text(st.sampled_from(_BASE + "\n"), min_size=1, max_size=30).map(
    str.strip).filter(bool)
disciplines = st.sampled_from(["", "", "HUMINT", "SIGINT", "press", "intercept", "imagery",
                               "OSINT", "rumour mill", "walk-in"])
cells = st.one_of(st.none(), st.sampled_from(list(Rating)))


@st.composite
def cases(draw, text=texts) -> tuple[Case, Library]:
    titles = draw(st.lists(text, min_size=1, max_size=4, unique=True))
    hyps = [Hypothesis(id=f"h-{i}", title=t) for i, t in enumerate(titles)]
    library = Library(sources={"src-a": Source(id="src-a", title="Source A | \"quoted\" & <b>")})
    refs, ratings = [], {}
    for i in range(draw(st.integers(0, 6))):
        item = Evidence(
            id=f"e-{i}", summary=draw(text), type=draw(st.sampled_from(list(EvidenceType))),
            discipline=draw(disciplines), source_id=draw(st.sampled_from([None, "src-a"])),
            date=draw(st.none() | st.dates(min_value=__import__("datetime").date(1900, 1, 1))),
            credibility=draw(st.sampled_from(list(Level))),
            relevance=draw(st.sampled_from(list(Level))),
            quote=draw(st.sampled_from(["", "a quote", "line one\nline two"])),
            deception=draw(st.booleans()))
        library.items[item.id] = item
        refs.append(CaseEvidence(id=item.id, relevance=draw(st.none() |
                                                            st.sampled_from(list(Level)))))
        row = {h.id: Cell(rating=r) for h in hyps if (r := draw(cells)) is not None}
        if row:
            ratings[item.id] = row
    case = Case(id="orig", question=draw(text), hypotheses=hyps, evidence=refs,
                marking=draw(st.sampled_from(["", "UNCLASSIFIED", "SECRET//REL TO X"])),
                ratings={"ann": ratings} if ratings else {})
    return case, library


def _view(case: Case, library: Library, analyst: str, *, relevance: bool = True,
          flags: bool = False) -> tuple:
    titles = tuple(h.title for h in case.hypotheses)
    items = []
    for ref in case.evidence:
        e = library.items[ref.id]
        row = case.ratings.get(analyst, {}).get(e.id, {})
        items.append((
            e.id, e.summary, e.type, e.discipline,
            library.sources[e.source_id].title if e.source_id else None, e.date,
            e.credibility, (ref.relevance or e.relevance) if relevance else None,
            (e.quote, e.deception) if flags else None,
            tuple(row[h.id].rating if h.id in row else None for h in case.hypotheses)))
    return titles, items


def _round_trip(fmt: str, case: Case, library: Library) -> tuple[Case, Library]:
    data = export_bytes(fmt, case, library, "ann", None)
    sheet = read_matrix(Path(f"matrix.{fmt}"), data)
    fresh = Library()
    imported, _ = build_case(sheet, "copy", sheet.question or "q", "bob", fresh)
    return imported, fresh


@settings(max_examples=60, deadline=None)
@given(cases())
def test_csv_round_trips_types_and_disciplines(drawn) -> None:
    case, library = drawn
    imported, fresh = _round_trip("csv", case, library)
    assert _view(imported, fresh, "bob") == _view(case, library, "ann")


@settings(max_examples=80, deadline=None)
@given(cases())
def test_markdown_round_trips_every_character(drawn) -> None:
    case, library = drawn
    imported, fresh = _round_trip("md", case, library)
    assert _view(imported, fresh, "bob") == _view(case, library, "ann")
    assert imported.question == case.question
    assert export_bytes("md", imported, fresh, "bob", None) == export_bytes(
        "md", case, library, "ann", None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(text=xlsx_texts))
def test_xlsx_round_trips_with_question_and_marking(drawn) -> None:
    case, library = drawn
    imported, fresh = _round_trip("xlsx", case, library)
    assert _view(imported, fresh, "bob") == _view(case, library, "ann")
    assert (imported.question, imported.marking) == (case.question, case.marking)


@settings(max_examples=80, deadline=None)
@given(cases())
def test_achz_round_trips_all_but_relevance(drawn) -> None:
    case, library = drawn
    imported, fresh = _round_trip("achz", case, library)
    # PARC ACH keeps quotes (as notes), deception flags (as FLAG) and the marking, but no
    # relevance: that is what its export says it drops.
    assert _view(imported, fresh, "bob", relevance=False, flags=True) == _view(
        case, library, "ann", relevance=False, flags=True)
    assert (imported.question, imported.marking) == (case.question, case.marking)
