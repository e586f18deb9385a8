"""``ach export-matrix -o FILE`` by extension: what each format holds and says it drops."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ach.interop.xlsx import RATING_COLOURS
from ach.model import Rating
from ach.scoring import score_case

from .conftest import BUNDLED_CASE
from .test_cli import ach, load


def test_the_workbook_has_a_frozen_header_coloured_ratings_and_scores_as_values(
        bundled: Path) -> None:
    path = bundled.parent / "m.xlsx"
    out = ach(bundled, "export-matrix", BUNDLED_CASE, "-o", str(path))
    case, library = load(bundled)
    reasons = sum(1 for rows in case.ratings.values() for row in rows.values()
                  for cell in row.values() if cell.reason)
    assert reasons and f"reasons given for ratings ({reasons})" in out.stderr
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Matrix", "Scores"]
    matrix, scores = book["Matrix"], book["Scores"]
    assert matrix.freeze_panes == "A2"
    assert [c.value for c in matrix[1]][7:] == [h.title for h in case.hypotheses]
    for row in matrix.iter_rows(min_row=2, min_col=8):
        for cell in row:
            if cell.value:
                background, text = RATING_COLOURS[Rating(cell.value)]
                assert cell.fill.fgColor.rgb[-6:] == background
                assert cell.font.color.rgb[-6:] == text
    # The scores are the numbers themselves, never formulas a spreadsheet would compute.
    found = {r[1].value: r for r in scores.iter_rows(min_row=2)}
    assert all(c.data_type != "f" for row in scores.iter_rows() for c in row)
    analyst = case.analysts[0]
    titles = {h.id: h.title for h in case.hypotheses}
    for h in score_case(case, library.items, analyst).hypotheses:
        row = found[titles[h.id]]
        assert row[0].value == h.rank
        assert row[2].value == pytest.approx(h.weighted_inconsistency)
        assert row[4].value == pytest.approx(h.probability)


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(tmp_path: Path) -> None:
    src = tmp_path / "m.csv"
    src.write_text("evidence,=SUM(A1)\n'=HYPERLINK(\"x\"),C\n", encoding="utf-8")
    ach(tmp_path, "import-matrix", str(src), "--case", "f")
    path = tmp_path / "f.xlsx"
    ach(tmp_path, "export-matrix", "f", "-o", str(path))
    sheet = openpyxl.load_workbook(path)["Matrix"]
    assert sheet["H1"].value == "=SUM(A1)" and sheet["H1"].data_type == "s"
    assert sheet["B2"].value == '=HYPERLINK("x")' and sheet["B2"].data_type == "s"


def test_the_project_file_is_gzipped_utf16_xml_and_says_what_it_drops(bundled: Path) -> None:
    path = bundled.parent / "m.achz"
    out = ach(bundled, "export-matrix", BUNDLED_CASE, "-o", str(path))
    assert "PARC ACH file format cannot hold them" in out.stderr
    assert "relevance other than Medium" in out.stderr and "reasons" in out.stderr
    xml = gzip.decompress(path.read_bytes())
    assert xml.startswith(b"\xff\xfe")
    text = xml.decode("utf-16")
    case, _ = load(bundled)
    assert f"<PROJECT-TITLE>{case.question}</PROJECT-TITLE>" in text.replace("&#x27;", "'")
    assert text.count("<HYPOTHESIS>") == len(case.hypotheses)
    assert text.count("<EVIDENCE>") == len(case.evidence)
    assert "<VALUE>I I</VALUE>" in text or "<VALUE>C C</VALUE>" in text


def test_markdown_export_reads_back_and_keeps_the_question(bundled: Path) -> None:
    path = bundled.parent / "m.md"
    ach(bundled, "export-matrix", BUNDLED_CASE, "-o", str(path))
    case, _ = load(bundled)
    assert path.read_text(encoding="utf-8").startswith(f"# {case.question}\n")
    ach(bundled, "import-matrix", str(path), "--case", "again")
    assert load(bundled, "again")[0].question == case.question


def test_a_marking_and_disciplines_survive_the_case_file(tmp_path: Path) -> None:
    """The new fields are written only when set, and read back."""
    from .interop_files import achz  # noqa: PLC0415

    (tmp_path / "p.achz").write_bytes(achz())
    ach(tmp_path, "import-matrix", str(tmp_path / "p.achz"), "--case", "p")
    out = tmp_path / "back.achz"
    ach(tmp_path, "export-matrix", "p", "-o", str(out))
    text = gzip.decompress(out.read_bytes()).decode("utf-16")
    assert "<CLASSIFICATION>UNCLASSIFIED//FOUO</CLASSIFICATION>" in text
    assert "<TYPE>IMINT</TYPE>" in text and "<FLAG>1</FLAG>" in text


def test_bundled_files_without_the_new_fields_are_written_unchanged(bundled: Path) -> None:
    before = {p: p.read_bytes() for p in bundled.rglob("*.json")}
    ach(bundled, "rate", BUNDLED_CASE, "e-01", "h-hedge", "C")
    ach(bundled, "rate", BUNDLED_CASE, "e-01", "h-hedge",
        load(bundled)[0].cell(load(bundled)[0].analysts[0], "e-01", "h-hedge").rating.value)
    for path, data in before.items():
        if path.name != f"{BUNDLED_CASE}.json":
            assert path.read_bytes() == data
    assert b'"discipline"' not in b"".join(p.read_bytes() for p in bundled.rglob("*.json"))
    assert b'"marking"' not in (bundled / "hypotheses" / f"{BUNDLED_CASE}.json").read_bytes()


@pytest.mark.parametrize("argv", [["score", BUNDLED_CASE], ["report", BUNDLED_CASE]])
def test_score_and_report_load_no_workbook_or_xml_reader(argv: list[str], bundled) -> None:
    code = ("import sys; from ach.cli import main; "
            f"rc = main({['--root', str(bundled), *argv]!r}); "
            "extra = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('openpyxl', 'defusedxml') or m.startswith('ach.interop.')); "
            "print('LOADED:' + ','.join(extra), file=sys.stderr); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("LOADED:"), out.stderr


def test_a_workbook_is_recognised_by_content_under_any_name(bundled: Path) -> None:
    path = bundled.parent / "m.xlsx"
    ach(bundled, "export-matrix", BUNDLED_CASE, "-o", str(path))
    odd = bundled.parent / "matrix.bin"
    odd.write_bytes(path.read_bytes())
    assert zipfile.is_zipfile(io.BytesIO(odd.read_bytes()))
    ach(bundled, "import-matrix", str(odd), "--case", "by-content")
    assert len(load(bundled, "by-content")[0].evidence) == len(load(bundled)[0].evidence)
