"""Bad and hostile matrix files: one clear line naming the file and the problem, a
non-zero exit, and the workspace exactly as it was."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_cli_errors import Mistake, check
from tests.interop_files import ACHZ_XML, MARKDOWN, achz, workbook

ROWS = [["evidence", "H1: Accident", "H2: Sabotage"], ["Drag marks", "II", "CC"]]


def _file(name: str, data: Callable[[], bytes]) -> Callable[[Path, Path], None]:
    def setup(root: Path, inputs: Path) -> None:
        (inputs / name).write_bytes(data())
    return setup


def _import(name: str, *extra: str) -> list[str]:
    return ["import-matrix", f"{{in}}/{name}", "--case", "new-case", *extra]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def _bomb() -> bytes:
    """A "workbook" whose sheet unpacks to 40 MB from a few kilobytes."""
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                 "xl/worksheets/sheet1.xml": bytes(40 * 1024 * 1024)})


_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
           '<ACH-PROJECT><PROJECT-TITLE>&lol2;</PROJECT-TITLE></ACH-PROJECT>')
_EXTERNAL = ('<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
             '<ACH-PROJECT><PROJECT-TITLE>&x;</PROJECT-TITLE></ACH-PROJECT>')

MISTAKES = {
    "a sheet that does not exist": Mistake(
        _import("m.xlsx", "--sheet", "Scores"), ["m.xlsx", "no sheet 'Scores'", "Matrix"],
        _file("m.xlsx", lambda: workbook(ROWS))),
    "a table that does not exist": Mistake(
        _import("m.md", "--table", "3"), ["m.md", "no table 3", "it has 2"],
        _file("m.md", MARKDOWN.encode)),
    "merged header cells": Mistake(
        _import("m.xlsx"), ["m.xlsx", "merged header cells", "B1:C1"],
        _file("m.xlsx", lambda: workbook(ROWS, merge="B1:C1"))),
    "a formula with no saved value in a rating cell": Mistake(
        _import("m.xlsx"), ["m.xlsx", "row 2", "formula", "no saved value"],
        _file("m.xlsx", lambda: workbook(ROWS, formula=("C2", 'IF(1,"C","I")', None)))),
    "a zip bomb": Mistake(_import("m.xlsx"), ["m.xlsx", "zip bomb"], _file("m.xlsx", _bomb)),
    "a zip that is not a workbook": Mistake(
        _import("m.xlsx"), ["m.xlsx", "not an Excel workbook"],
        _file("m.xlsx", lambda: _zip({"readme.txt": b"hello"}))),
    "a workbook that is not a zip": Mistake(
        _import("m.xlsx"), ["m.xlsx", "not an Excel workbook", "not a zip"],
        _file("m.xlsx", lambda: b"evidence,H1\nx,C\n")),
    "XML with a DOCTYPE and entities": Mistake(
        _import("p.achz"), ["p.achz", "DOCTYPE"], _file("p.achz", lambda: achz(_LAUGHS))),
    "XML with an external entity": Mistake(
        _import("p.achz"), ["p.achz", "DOCTYPE"], _file("p.achz", lambda: achz(_EXTERNAL))),
    "a gzip that does not decompress": Mistake(
        _import("p.achz"), ["p.achz", "not a readable gzip"],
        _file("p.achz", lambda: b"\x1f\x8b\x08\x00" + bytes(range(40)))),
    "a gzip cut short": Mistake(
        _import("p.achz"), ["p.achz", "not a readable gzip"],
        _file("p.achz", lambda: achz()[:200])),
    "a project file in UTF-16 without its byte-order mark": Mistake(
        _import("p.achz"), ["p.achz", "UTF-16 without a byte-order mark"],
        _file("p.achz", lambda: gzip.compress(ACHZ_XML.encode("utf-16-le")))),
    "a CSV in UTF-16 without its byte-order mark": Mistake(
        _import("m.csv"), ["m.csv", "UTF-16", "without a byte-order mark"],
        _file("m.csv", lambda: "evidence,H1\nx,C\n".encode("utf-16-le"))),
    "a Markdown table with ragged rows": Mistake(
        _import("m.md"), ["m.md", "row 8", "has 3 cells, the header has 4"],
        _file("m.md", lambda: MARKDOWN.replace("| + | - | N/A |", "| + | - |").encode())),
    "a CSV with a quote never closed": Mistake(
        _import("m.csv"), ["m.csv", "row 3", "quoted cell is never closed"],
        _file("m.csv", lambda: b'evidence,H1\nfirst,C\n"second, unfinished,C\nthird,I\n')),
    "XML that is not well-formed": Mistake(
        _import("p.achz"), ["p.achz", "not well-formed XML"],
        _file("p.achz", lambda: achz(ACHZ_XML.replace("</MATRIX>", "")))),
    "a --sheet for a CSV": Mistake(
        _import("m.csv", "--sheet", "S"), ["m.csv", "--sheet applies to an Excel workbook"],
        _file("m.csv", lambda: b"evidence,H1\nx,C\n")),
}


@pytest.mark.parametrize("kind", list(MISTAKES))
def test_a_bad_matrix_file_is_refused_whole(bundled: Path, inputs: Path, kind: str) -> None:
    check(MISTAKES[kind], bundled, inputs)
    assert not (bundled / "hypotheses" / "new-case.json").exists()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder
