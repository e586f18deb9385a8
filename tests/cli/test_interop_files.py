"""Hand-written matrices in each vocabulary and layout, imported as an analyst would."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl

from ach.interop.formats import read_matrix
from ach.interop.vocab import parse_level, parse_rating, parse_type
from ach.model import EvidenceType, Level, Rating
from tests.cli.test_cli import ach, load
from tests.interop_files import MARKDOWN, achz, workbook

R = Rating


def test_every_rating_vocabulary_reads_as_our_codes() -> None:
    spellings = {
        R.CC: ["CC", "++", "very consistent", "VC", "C C", " c c ", "Very  Consistent"],
        R.C: ["C", "+", "consistent", "c"],
        R.N: ["N", "neutral", "n", "0"],
        R.I: ["I", "-", "inconsistent", "i"],
        R.II: ["II", "--", "very inconsistent", "VI", "I I", "vi"],
        R.NA: ["NA", "N/A", "n/a", "not applicable", "na"],
    }
    for rating, words in spellings.items():
        assert {parse_rating(w) for w in words} == {rating}, rating


def test_credibility_reads_letters_words_and_parc() -> None:
    for words, level in ((["H", "high", "HIGH", " High "], Level.H),
                         (["M", "medium", "MEDIUM", "moderate"], Level.M),
                         (["L", "low", "LOW"], Level.L)):
        assert {parse_level(w) for w in words} == {level}


def test_collection_disciplines_are_kept_beside_our_type() -> None:
    assert parse_type("HUMINT").discipline == "HUMINT"
    assert parse_type("sigint").discipline == "SIGINT"
    assert parse_type("Press").discipline == "press"
    assert parse_type("intercept").type is EvidenceType.STATEMENT
    assert parse_type("imagery").type is EvidenceType.DOCUMENT
    assert parse_type("statement (HUMINT)") == parse_type("statement (humint)")
    assert parse_type("statement (HUMINT)").type is EvidenceType.STATEMENT
    assert parse_type("absence of evidence").type is EvidenceType.ABSENCE
    odd = parse_type("rumour")
    assert (odd.type, odd.discipline, odd.unknown) == (EvidenceType.OTHER, "rumour", True)


def test_a_csv_with_aliased_headers_in_any_order(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Description,Reliability,When,Reference,Kind,Group,Lab leak,Spillover\n"
                    "Market cluster,HIGH,2019-12-31,WHO study,OSINT,g1,VI,VC\n"
                    "No sequences,low,,,rumour,,C C,I I\n", encoding="utf-8")
    out = ach(tmp_path, "--analyst", "ann", "import-matrix", str(path), "--case", "lab")
    # The unknown type is kept, and the summary says so.
    assert "type 'rumour' is not one we know" in out.stdout
    case, library = load(tmp_path, "lab")
    assert [h.title for h in case.hypotheses] == ["Lab leak", "Spillover"]
    first, second = (library.items[r.id] for r in case.evidence)
    assert (first.summary, first.credibility, first.date) == (
        "Market cluster", Level.H, dt.date(2019, 12, 31))
    assert (first.type, first.discipline) == (EvidenceType.REPORT, "OSINT")
    assert library.sources[first.source_id].title == "WHO study"
    assert (second.type, second.discipline) == (EvidenceType.OTHER, "rumour")
    lab, spill = (h.id for h in case.hypotheses)
    assert case.cell("ann", first.id, lab).rating is R.II
    assert case.cell("ann", first.id, spill).rating is R.CC
    assert case.cell("ann", second.id, lab).rating is R.CC
    # And the discipline survives the export: the type column says it.
    text = ach(tmp_path, "export-matrix", "lab").stdout
    assert ",OSINT," in text and ",rumour," in text


def test_a_utf16_csv_from_a_spreadsheet_is_read(tmp_path: Path) -> None:
    """Spreadsheets' "Unicode text" is UTF-16 with its mark, separated by tabs."""
    path = tmp_path / "m.csv"
    text = ("id\tevidence\ttype\tsource\tdate\tcredibility\trelevance\tبغداد\r\n"
            "e1\tx\t\t\t\tM\tM\tC\r\n")
    path.write_bytes(text.encode("utf-16"))
    ach(tmp_path, "import-matrix", str(path), "--case", "u")
    case, _ = load(tmp_path, "u")
    assert [h.title for h in case.hypotheses] == ["بغداد"]


def test_a_markdown_table_in_signs_with_h_titles_and_row_headers(tmp_path: Path) -> None:
    path = tmp_path / "cable.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    out = ach(tmp_path, "--analyst", "ann", "import-matrix", str(path), "--case", "cable")
    assert "imported 3 evidence items × 3 hypotheses" in out.stdout
    case, library = load(tmp_path, "cable")
    assert case.question == "Cable incident"
    assert [h.title for h in case.hypotheses] == ["Accident", "Sabotage", "Test of response"]
    ids = [r.id for r in case.evidence]
    assert ids[:2] == ["E01", "SRC01-E02"]
    assert library.items["E01"].summary == "Anchor drag marks along 100 km"
    assert library.items["SRC01-E02"].summary == "Crew says the anchor slipped"
    assert library.items[ids[2]].summary == "Ship owner linked to a state firm"
    rows = [[(c.rating if (c := case.cell("ann", i, h.id)) else None) for h in case.hypotheses]
            for i in ids]
    assert rows == [[R.II, R.CC, R.C], [R.C, R.I, R.NA], [R.N, R.C, None]]


def test_the_second_markdown_table_on_request() -> None:
    text = MARKDOWN.replace("| second | table |", "| item | Only |").replace("| x | y |",
                                                                              "| x | ++ |")
    sheet = read_matrix(Path("m.md"), text.encode(), table=2)
    assert sheet.hypotheses == ["Only"]
    assert [(r.summary, r.ratings) for r in sheet.rows] == [("x", [R.CC])]


def test_a_workbook_with_words_a_second_sheet_and_a_saved_formula(tmp_path: Path) -> None:
    rows = [["Item", "Credibility", "Type", "H1: Accident", "H2: Sabotage"],
            ["Drag marks", "High", "imagery", "very inconsistent", "C C"],
            ["Crew statement", "low", "HUMINT", "consistent", None]]
    path = tmp_path / "m.xlsx"
    path.write_bytes(workbook(rows, formula=("E3", 'UPPER("i")', "I"), extra_sheet=True))
    ach(tmp_path, "--analyst", "ann", "import-matrix", str(path), "--case", "x")
    case, library = load(tmp_path, "x")
    assert [h.title for h in case.hypotheses] == ["Accident", "Sabotage"]
    first, second = (library.items[r.id] for r in case.evidence)
    assert (first.type, first.discipline, first.credibility) == (
        EvidenceType.DOCUMENT, "imagery", Level.H)
    assert second.discipline == "HUMINT"
    acc, sab = (h.id for h in case.hypotheses)
    assert case.cell("ann", first.id, acc).rating is R.II
    assert case.cell("ann", first.id, sab).rating is R.CC
    # The formula is read by the value the spreadsheet saved for it.
    assert case.cell("ann", second.id, sab).rating is R.I
    # --sheet picks another sheet by name.
    other = tmp_path / "two.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(workbook(rows)))
    book.create_sheet("Front", 0).append(["a cover page"])
    book.save(other)
    ach(tmp_path, "--analyst", "ann", "import-matrix", str(other), "--case", "y",
        "--sheet", "Matrix")
    assert len(load(tmp_path, "y")[0].evidence) == 2


def test_a_parc_ach_project_file(tmp_path: Path) -> None:
    path = tmp_path / "cable.achz"
    path.write_bytes(achz())
    out = ach(tmp_path, "--analyst", "ann", "import-matrix", str(path), "--case", "cable")
    assert "elements not read: AUTHOR, WEIGHT" in out.stdout
    assert "type 'Walk-in' is not one we know" in out.stdout
    case, library = load(tmp_path, "cable")
    assert (case.question, case.marking) == ("Who cut the cable?", "UNCLASSIFIED//FOUO")
    e1, e2, e3 = (library.items[i] for i in ("E1", "E2", "E3"))
    assert (e1.discipline, e1.type, e1.date, e1.credibility) == (
        "IMINT", EvidenceType.DOCUMENT, dt.date(2023, 11, 20), Level.H)
    assert e1.quote == "Seen on sonar by the coast guard"
    assert library.sources[e1.source_id].title == "Coast guard survey"
    assert (e2.deception, e2.date, e2.discipline, e2.credibility) == (True, None, "intercept",
                                                                      Level.L)
    assert not e1.deception and e3.discipline == "Walk-in"
    rows = [[(c.rating if (c := case.cell("ann", i, h.id)) else None) for h in case.hypotheses]
            for i in ("E1", "E2", "E3")]
    assert rows == [[R.II, R.CC, R.C], [R.C, R.I, R.NA], [R.N, R.C, None]]
    # The marking is kept in the case file, and the case exports back with it.
    assert '"marking": "UNCLASSIFIED//FOUO"' in (tmp_path / "hypotheses/cable.json").read_text()
    assert ach(tmp_path, "validate").returncode == 0
