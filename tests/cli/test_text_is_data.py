"""Text is data: marker-like text an analyst types never makes a file unreadable, while a
file git really left in conflict is still recognised."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ach.jsonfile import canonical_json, has_conflict_markers
from ach.merge.layout import has_markers
from tests.cli.test_cli import ach
from tests.conftest import BUNDLED_CASE

CASE_FILE = f"hypotheses/{BUNDLED_CASE}.json"


def test_a_hypothesis_titled_like_a_conflict_marker_leaves_the_case_readable(
        bundled: Path) -> None:
    ach(bundled, "hypothesis", "add", BUNDLED_CASE, "<<<<<<< HEAD theory")
    ach(bundled, "hypothesis", "add", BUNDLED_CASE, ">>>>>>> theirs, said the cleric")
    assert "<<<<<<< HEAD theory" in ach(bundled, "score", BUNDLED_CASE).stdout
    assert BUNDLED_CASE in ach(bundled, "list").stdout
    assert "ok" in ach(bundled, "validate").stdout


def test_an_evidence_quote_with_a_marker_line_leaves_the_workspace_readable(
        bundled: Path) -> None:
    quote = "first part\n=======\nsecond part\n<<<<<<< ours\n||||||| base\n>>>>>>> theirs"
    ach(bundled, "evidence", "add", BUNDLED_CASE, "A quote with separator lines",
        "--quote", quote)
    ach(bundled, "score", BUNDLED_CASE)
    assert "ok" in ach(bundled, "validate").stdout
    ach(bundled, "list")


def test_a_file_git_left_in_conflict_is_still_named_as_such(bundled: Path,
                                                             tmp_path: Path) -> None:
    path = bundled / CASE_FILE
    text = path.read_text(encoding="utf-8")
    ours = text.replace('"rating": "N"', '"rating": "I"', 1)
    theirs = text.replace('"rating": "N"', '"rating": "II"', 1)
    for name, version in (("ours", ours), ("base", text), ("theirs", theirs)):
        (tmp_path / name).write_text(version, encoding="utf-8")
    subprocess.run(["git", "merge-file", str(tmp_path / "ours"), str(tmp_path / "base"),
                    str(tmp_path / "theirs")], check=False)
    path.write_text((tmp_path / "ours").read_text(encoding="utf-8"), encoding="utf-8")
    out = ach(bundled, "score", BUNDLED_CASE, expect=1)
    assert "conflict markers" in out.stderr


@given(st.text())
def test_no_text_in_a_string_looks_like_a_conflict_marker(text: str) -> None:
    for lines in (text, f"\n{text}\n", f"<<<<<<< {text}\n=======\n>>>>>>> {text}"):
        written = canonical_json({"items": {"e1": {"quote": lines, "tags": [lines]}}})
        assert not has_conflict_markers(written)
        assert not has_markers(written)
