"""The matrix CSV (DESIGN.md §4): the spreadsheet layout read and written, round-tripping."""

from __future__ import annotations

import csv
import io
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ach.matrix_csv import MatrixError, build_case, export_matrix, parse_matrix
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
from ach.scoring import consensus_ratings
from ach.store import Library

HEADER = "id,evidence,type,source,date,credibility,relevance"
cells = st.one_of(st.none(), st.sampled_from(list(Rating)))


# -- reading -----------------------------------------------------------------------------------

def test_a_sheet_as_spreadsheets_write_it() -> None:
    text = ("\ufeffID,Evidence,Type,Source,Date,Credibility,Relevance, Market ,Lab\r\n"
            'e1,"Cases cluster, early",report,WHO,2019-12-31,High,low,cc,i\r\n'
            '\r\n'
            ',"Two\nlines",,,,,,NA,\r\n'
            ',,,,,,,,\r\n')
    sheet = parse_matrix(text)
    assert sheet.hypotheses == ["Market", "Lab"]
    first, second = sheet.rows
    assert (first.id, first.summary, first.type, first.source, str(first.date)) == (
        "e1", "Cases cluster, early", EvidenceType.REPORT, "WHO", "2019-12-31")
    assert (first.credibility, first.relevance) == (Level.H, Level.L)
    assert first.ratings == [Rating.CC, Rating.I]
    # Empty credibility/relevance mean Medium; an empty cell is unrated; blank rows are skipped.
    assert (second.id, second.summary, second.type) == ("", "Two\nlines", EvidenceType.OTHER)
    assert (second.credibility, second.relevance) == (Level.M, Level.M)
    assert second.ratings == [Rating.NA, None]
    # Rows are counted as a spreadsheet shows them, so errors point at the right one.
    assert (first.line, second.line) == (2, 4)


def test_ratings_may_be_written_in_words() -> None:
    sheet = parse_matrix(f"{HEADER},A,B,C\n,x,,,,,,Very Consistent,neutral,not applicable\n")
    assert sheet.rows[0].ratings == [Rating.CC, Rating.N, Rating.NA]


@pytest.mark.parametrize(("text", "says"), [
    (f"{HEADER},A\ne1,x,,,,M,M,Y\n", "matrix.csv: row 2, column 'A': unknown rating 'Y'"),
    (f"{HEADER},A\ne1,x,,,,Z,M,C\n", "matrix.csv: row 2, column 'credibility': unknown level "
                                      "'Z'"),
    (f"{HEADER},A\ne1,x,,,,M,M,C\ne1,y,,,,M,M,C\n", "matrix.csv: row 3: id 'e1' is used by an "
                                                     "earlier row"),
    (f"{HEADER},A\ne1,x,,,,M,M\n", "matrix.csv: row 2: has 7 cells, the header has 8"),
    (f"{HEADER}\ne1,x,,,,M,M\n", "matrix.csv: row 1: no hypothesis columns"),
    ("a,b,c\n", "matrix.csv: row 1: the header must begin id,evidence"),
    ("", "matrix.csv: the file is empty"),
    ("\ufeff \n", "matrix.csv: the file is empty"),
    (f"{HEADER},A\ne\x00,x,,,,M,M,C\n", "matrix.csv: row 2, column 'id': 'e\\x00' is not a "
                                        "valid id"),
])
def test_problems_name_the_row_and_column(text: str, says: str) -> None:
    with pytest.raises(MatrixError) as caught:
        parse_matrix(text)
    assert str(caught.value).startswith(says)


# -- building a case -----------------------------------------------------------------------------

def _library() -> Library:
    return Library(sources={"who": Source(id="who", title="WHO study")},
                   items={"e-old": Evidence(id="e-old", summary="Kept", source_id="who")})


def test_building_a_case_registers_new_items_and_sources() -> None:
    library = _library()
    sheet = parse_matrix(f"{HEADER},Market,Lab\n"
                         ",New one,,Lancet letter,,H,M,C,\n"
                         ",By id,,who,,,,,II\n"
                         ",By title,,WHO study,,,,,\n"
                         ",Nowhere,assumption,,,,,,\n")
    case, changed = build_case(sheet, "c", "Q?", "ann", library)
    ids = [r.id for r in case.evidence]
    assert len(set(ids)) == 4 and all(i.startswith("e-") for i in ids)
    items = [library.items[i] for i in ids]
    lancet = library.sources[items[0].source_id]
    assert (lancet.id, lancet.title) == ("lancet-letter", "Lancet letter")
    assert [i.source_id for i in items[1:]] == ["who", "who", None]
    assert changed == {"lancet-letter", "who", "no-source"}
    assert case.cell("ann", ids[0], case.hypotheses[0].id).rating is Rating.C
    assert case.cell("ann", ids[1], case.hypotheses[1].id).rating is Rating.II
    assert ids[2] not in case.ratings["ann"]


def test_an_existing_item_is_reused_and_a_new_relevance_becomes_the_cases() -> None:
    library = _library()
    sheet = parse_matrix(f"{HEADER},A\ne-old,Kept,,who,,M,H,C\n")
    case, changed = build_case(sheet, "c", "Q", "ann", library)
    assert changed == set() and list(library.items) == ["e-old"]
    assert case.evidence == [CaseEvidence(id="e-old", relevance=Level.H)]


def test_an_id_naming_a_different_item_is_an_error() -> None:
    with pytest.raises(MatrixError, match=r"row 2: id 'e-old' already names a different"):
        build_case(parse_matrix(f"{HEADER},A\ne-old,Changed,,who,,M,M,C\n"), "c", "Q", "ann",
                   _library())


def test_a_source_named_like_an_existing_id_gets_a_fresh_one() -> None:
    library = _library()
    case, _ = build_case(parse_matrix(f"{HEADER},A\n,x,,Who,,,,\n"), "c", "Q", "ann", library)
    # "Who" is neither the id "who" nor the title "WHO study": a new source, its own id.
    item = library.items[case.evidence[0].id]
    assert item.source_id == "who-2" and library.sources["who-2"].title == "Who"


# -- writing ------------------------------------------------------------------------------------

def _case() -> tuple[Case, Library]:
    library = _library()
    library.items["e-2"] = Evidence(id="e-2", summary="بغداد, \"quoted\"", type="absence",
                                    credibility=Level.L, relevance=Level.H)
    hyps = [Hypothesis(id="h1", title="Tighten, ties"), Hypothesis(id="h2", title="Hedge")]
    ratings = {"ann": {"e-old": {"h1": Cell(rating=Rating.II)}},
               "bob": {"e-old": {"h1": Cell(rating=Rating.CC), "h2": Cell(rating=Rating.C)}}}
    case = Case(id="c", question="Q", hypotheses=hyps, ratings=ratings,
                evidence=[CaseEvidence(id="e-old", relevance=Level.L), CaseEvidence(id="e-2")])
    return case, library


def test_text_a_spreadsheet_would_run_as_a_formula_is_exported_as_text() -> None:
    case = Case(id="c", question="q",
                hypotheses=[Hypothesis(id="h1", title="=1+1"), Hypothesis(id="h2", title="'x")],
                evidence=[CaseEvidence(id="e1"), CaseEvidence(id="e2")])
    library = Library(
        sources={"s": Source(id="s", title="@SUM(A1:A9)")},
        items={"e1": Evidence(id="e1", summary='=HYPERLINK("http://x.example","click")',
                              source_id="s"),
               "e2": Evidence(id="e2", summary="-2 dead, +3 hurt")})
    text = export_matrix(case, library, None, ratings={})
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert "'=HYPERLINK(\"http://x.example\",\"click\")" in cells
    assert {"'=1+1", "''x", "'@SUM(A1:A9)", "'-2 dead, +3 hurt"} <= set(cells)
    sheet = parse_matrix(text)
    assert sheet.hypotheses == ["=1+1", "'x"]
    assert [r.summary for r in sheet.rows] == ['=HYPERLINK("http://x.example","click")',
                                               "-2 dead, +3 hurt"]
    assert sheet.rows[0].source == "@SUM(A1:A9)"


def test_export_writes_one_analysts_matrix() -> None:
    case, library = _case()
    assert export_matrix(case, library, "ann").split("\r\n") == [
        f'{HEADER},"Tighten, ties",Hedge',
        "e-old,Kept,other,WHO study,,M,L,II,",
        'e-2,"بغداد, ""quoted""",absence,,,L,H,,',
        "",
    ]


def test_export_of_the_team_writes_the_consensus() -> None:
    case, library = _case()
    rows = export_matrix(case, library, None, consensus_ratings(case)).split("\r\n")
    # ann II and bob CC meet at N; bob alone said C.
    assert rows[1] == "e-old,Kept,other,WHO study,,M,L,N,C"


# -- round trips ------------------------------------------------------------------------------

# Text as analysts type it: letters of several scripts, punctuation that CSV must quote,
# inner line breaks; no leading/trailing blanks (titles and summaries are stripped).
_chars = st.sampled_from(string.ascii_letters + string.digits + " ,;\"'-–()?!.\n\r=+@" +
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
        refs.append(CaseEvidence(id=item.id, relevance=draw(st.none() |
                                                            st.sampled_from(list(Level)))))
        row = {h.id: Cell(rating=r) for h in hyps if (r := draw(cells)) is not None}
        if row:
            ratings[item.id] = row
    case = Case(id="orig", question="q", hypotheses=hyps, evidence=refs,
                ratings={"ann": ratings} if ratings else {})
    return case, library


def _view(case: Case, library: Library, analyst: str) -> tuple:
    """What a sheet can carry: titles, items as the case sees them, one analyst's ratings."""
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
