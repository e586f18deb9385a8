"""The optional ``group`` column of a matrix: dependence groups go out with the case and
come back in, in every table format; a format that cannot hold them says so."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from tests.cli.test_cli import ach, load
from tests.conftest import BUNDLED_CASE


def _groups(root: Path, case_id: str) -> dict[str, list[str]]:
    case, _ = load(root, case_id)
    return {g.label: [case.evidence.index(next(r for r in case.evidence if r.id == m))
                      for m in g.members] for g in case.groups}


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "md"])
def test_groups_round_trip_through_every_table_format(bundled: Path, tmp_path: Path,
                                                      suffix: str) -> None:
    case, _ = load(bundled)
    assert case.groups, "the bundled case groups its correlated items"
    out = tmp_path / f"matrix.{suffix}"
    ach(bundled, "export-matrix", BUNDLED_CASE, "-o", str(out))
    done = ach(bundled, "import-matrix", str(out), "--case", "copy")
    assert "dependence group" in done.stdout + done.stderr
    # The same items (by position) in groups of the same labels.
    assert _groups(bundled, "copy") == _groups(bundled, BUNDLED_CASE)


def test_the_csv_has_a_group_column_only_when_the_case_has_groups(bundled: Path) -> None:
    header = next(csv.reader(io.StringIO(ach(bundled, "export-matrix", BUNDLED_CASE).stdout)))
    assert header[7] == "group"
    case, _ = load(bundled)
    for group in case.groups:
        ach(bundled, "group", BUNDLED_CASE, "--remove", group.label)
    header = next(csv.reader(io.StringIO(ach(bundled, "export-matrix", BUNDLED_CASE).stdout)))
    assert "group" not in header


def test_a_group_label_on_one_row_only_groups_nothing_and_says_so(tmp_path: Path) -> None:
    matrix = tmp_path / "m.csv"
    matrix.write_text("id,evidence,type,source,date,credibility,relevance,group,A,B\n"
                      "e-1,One,report,,,M,M,=alone,C,I\n"
                      "e-2,Two,report,,,M,M,pair,I,C\n"
                      "e-3,Three,report,,,M,M,pair,N,C\n", encoding="utf-8")
    done = ach(tmp_path, "import-matrix", str(matrix), "--case", "c", "--question", "Q?")
    assert "'=alone' names one row only" in done.stdout + done.stderr
    case, _ = load(tmp_path, "c")
    assert [(g.label, g.members) for g in case.groups] == [("pair", ["e-2", "e-3"])]


def test_the_workbook_colours_ratings_not_the_group_column(bundled: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    ach(bundled, "export-matrix", BUNDLED_CASE, "-o", str(out))
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(1, 8).value == "group"
    grouped = next(row for row in sheet.iter_rows(min_row=2) if row[7].value)
    assert grouped[7].fill.fgColor.rgb in (None, "00000000")
    assert grouped[8].fill.fgColor.rgb not in (None, "00000000")


def test_a_project_file_says_it_cannot_hold_the_groups(bundled: Path, tmp_path: Path) -> None:
    done = ach(bundled, "export-matrix", BUNDLED_CASE, "-o", str(tmp_path / "m.achz"))
    assert "dependence groups" in done.stderr
    assert "key judgments" in done.stderr


def test_a_first_hypothesis_called_group_stays_a_hypothesis(tmp_path: Path) -> None:
    ach(tmp_path, "new", "c", "--question", "Q?")
    ach(tmp_path, "hypothesis", "add", "c", "Dependence group")
    ach(tmp_path, "hypothesis", "add", "c", "Other")
    ach(tmp_path, "evidence", "add", "c", "One")
    ach(tmp_path, "--analyst", "A", "rate", "c", "E1", "H1", "I")
    out = tmp_path / "m.csv"
    ach(tmp_path, "--analyst", "A", "export-matrix", "c", "-o", str(out))
    ach(tmp_path, "--analyst", "A", "import-matrix", str(out), "--case", "copy")
    copy, _ = load(tmp_path, "copy")
    assert [h.title for h in copy.hypotheses] == ["Dependence group", "Other"]
    assert copy.cell("A", copy.evidence[0].id, copy.hypotheses[0].id).rating.value == "I"
