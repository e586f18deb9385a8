"""Invariants of the scores and of the matrix CSV, on matrices hypothesis draws at random."""

from __future__ import annotations

import math
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ach.matrix_csv import build_case, export_matrix, parse_matrix
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
from ach.scoring import TIE, Matrix, Row, leaders_of, score, weight
from ach.store import Library

WEIGHTS = sorted({weight(c, r) for c in Level for r in Level})
cells = st.one_of(st.none(), st.sampled_from(list(Rating)))


@st.composite
def matrices(draw, min_hypotheses: int = 1, max_rows: int = 12) -> Matrix:
    n = draw(st.integers(min_hypotheses, 6))
    rows = draw(st.lists(
        st.tuples(st.sampled_from(WEIGHTS), st.lists(cells, min_size=n, max_size=n),
                  st.booleans() if draw(st.booleans()) else st.just(False)),
        max_size=max_rows))
    return Matrix(tuple(f"h{i}" for i in range(n)),
                  tuple(Row(f"e{i}", w, tuple(r), x) for i, (w, r, x) in enumerate(rows)))


@given(matrices())
def test_probabilities_sum_to_one(m: Matrix) -> None:
    probs = [h.probability for h in score(m).hypotheses]
    assert all(0.0 <= p <= 1.0 for p in probs)
    assert math.fsum(probs) == pytest.approx(1.0)


@given(matrices())
def test_rank_one_has_the_least_weighted_inconsistency(m: Matrix) -> None:
    hyps = score(m).hypotheses
    least = min(h.weighted_inconsistency for h in hyps)
    for h in hyps:
        assert (h.rank == 1) == (h.weighted_inconsistency <= least + TIE)
        # A rank is one more than the number of hypotheses strictly better.
        better = sum(o.weighted_inconsistency < h.weighted_inconsistency - TIE for o in hyps)
        assert h.rank == better + 1


@given(matrices(), st.sampled_from(WEIGHTS), st.integers(0, 12))
def test_an_all_neutral_row_changes_no_score(m: Matrix, w: float, at: int) -> None:
    n = len(m.hypothesis_ids)
    rows = list(m.rows)
    rows.insert(min(at, len(rows)), Row("neutral", w, (Rating.N,) * n))
    before, after = score(m), score(Matrix(m.hypothesis_ids, tuple(rows)))
    for a, b in zip(before.hypotheses, after.hypotheses, strict=True):
        assert (a.inconsistency, a.rank) == (b.inconsistency, b.rank)
        assert a.weighted_inconsistency == pytest.approx(b.weighted_inconsistency)
        assert a.probability == pytest.approx(b.probability, abs=1e-12)
    assert before.leaders == after.leaders
    assert {e.id: (e.diagnosticity, e.linchpin) for e in before.evidence} == \
        {e.id: (e.diagnosticity, e.linchpin) for e in after.evidence if e.id != "neutral"}
    added = after.item("neutral")
    assert added.diagnosticity == 0.0 and not added.linchpin


@given(matrices(min_hypotheses=2, max_rows=15))
def test_linchpins_equal_a_brute_force_rescore(m: Matrix) -> None:
    scores = score(m)
    for row in m.rows:
        expected = (not row.excluded
                    and score(m.without([row.evidence_id])).leaders != scores.leaders)
        assert scores.item(row.evidence_id).linchpin == expected, row.evidence_id


@given(matrices())
def test_leaders_are_the_rank_one_hypotheses(m: Matrix) -> None:
    scores = score(m)
    assert scores.leaders == {h.id for h in scores.hypotheses if h.rank == 1}
    assert scores.leaders == leaders_of(m.hypothesis_ids,
                                        [h.weighted_inconsistency for h in scores.hypotheses])


# -- the matrix CSV round-trips ------------------------------------------------------------

# Text as analysts type it: letters of several scripts, punctuation that CSV must quote,
# inner line breaks; no leading/trailing blanks (titles and summaries are stripped).
_chars = st.sampled_from(string.ascii_letters + string.digits + " ,;\"'-–()?!.\n" +
                         "éßçñ" + "بغداد" + "טהרן")
texts = st.text(_chars, min_size=1, max_size=40).map(str.strip).filter(bool)


@st.composite
def cases(draw) -> tuple[Case, Library]:
    titles = draw(st.lists(texts, min_size=1, max_size=5, unique=True))
    hyps = [Hypothesis(id=f"h-{i}", title=t) for i, t in enumerate(titles)]
    library = Library(sources={"src-a": Source(id="src-a", title="Source A, quoted \"here\"")})
    refs, ratings = [], {}
    for i in range(draw(st.integers(0, 8))):
        item = Evidence(
            id=f"e-{i}", summary=draw(texts),
            type=draw(st.sampled_from(list(EvidenceType))),
            source_id=draw(st.sampled_from([None, "src-a"])),
            date=draw(st.none() | st.dates()),
            credibility=draw(st.sampled_from(list(Level))),
            relevance=draw(st.sampled_from(list(Level))))
        library.items[item.id] = item
        refs.append(CaseEvidence(id=item.id))
        row = {h.id: Cell(rating=r) for h in hyps
               if (r := draw(cells)) is not None}
        if row:
            ratings[item.id] = row
    case = Case(id="orig", question="q", hypotheses=hyps, evidence=refs,
                ratings={"ann": ratings} if ratings else {})
    return case, library


def _view(case: Case, library: Library, analyst: str) -> tuple:
    titles = tuple(h.title for h in case.hypotheses)
    items = []
    for ref in case.evidence:
        e = library.items[ref.id]
        source = library.sources[e.source_id].title if e.source_id else None
        row = case.ratings.get(analyst, {}).get(e.id, {})
        items.append((e.id, e.summary, e.type, source, e.date, e.credibility,
                      ref.relevance or e.relevance,
                      tuple(row[h.id].rating if h.id in row else None
                            for h in case.hypotheses)))
    return titles, items


@settings(max_examples=150)
@given(cases(), st.booleans())
def test_export_then_import_round_trips(drawn: tuple[Case, Library], bom: bool) -> None:
    case, library = drawn
    text = export_matrix(case, library, "ann")
    # Into a fresh workspace, as a colleague receiving the spreadsheet would.
    fresh = Library()
    sheet = parse_matrix(("\ufeff" if bom else "") + text)
    imported, _ = build_case(sheet, "copy", "q", "bob", fresh)
    assert _view(imported, fresh, "bob") == _view(case, library, "ann")
    # And exporting the import gives the very same text.
    assert export_matrix(imported, fresh, "bob") == text


@settings(max_examples=50)
@given(cases())
def test_import_into_the_same_workspace_reuses_the_items(drawn) -> None:
    case, library = drawn
    before = dict(library.items)
    imported, changed = build_case(parse_matrix(export_matrix(case, library, "ann")),
                                   "copy", "q", "ann", library)
    assert library.items == before and changed == set()
    assert [r.id for r in imported.evidence] == [r.id for r in case.evidence]
    assert _view(imported, library, "ann") == _view(case, library, "ann")
