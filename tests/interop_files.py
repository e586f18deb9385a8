"""Matrix files written by hand, as other tools and analysts make them (shared by tests)."""

from __future__ import annotations

import gzip
import io
import re
import zipfile

import openpyxl

ACHZ_XML = """<?xml version="1.0" encoding="UTF-16"?>
<ACH-PROJECT>
  <PROJECT-TITLE>Who cut the cable?</PROJECT-TITLE>
  <CLASSIFICATION>UNCLASSIFIED//FOUO</CLASSIFICATION>
  <AUTHOR>J. Doe</AUTHOR>
  <MATRIX>
    <HYPOTHESIS><NAME>Accident</NAME></HYPOTHESIS>
    <HYPOTHESIS><NAME>Sabotage</NAME></HYPOTHESIS>
    <HYPOTHESIS><NAME>Test of response</NAME></HYPOTHESIS>
    <EVIDENCE>
      <NAME>Anchor drag marks along 100 km</NAME>
      <NOTES>Seen on sonar by the coast guard</NOTES>
      <LINK>Coast guard survey</LINK>
      <TYPE>IMINT</TYPE>
      <DATE>1700438400000</DATE>
      <CODE>E1</CODE>
      <FLAG>0</FLAG>
      <CREDIBILITY>HIGH</CREDIBILITY>
      <VALUES><VALUE>I I</VALUE><VALUE>C C</VALUE><VALUE>C</VALUE></VALUES>
      <WEIGHT>3</WEIGHT>
    </EVIDENCE>
    <EVIDENCE>
      <NAME>Crew says the anchor slipped</NAME>
      <NOTES></NOTES>
      <LINK></LINK>
      <TYPE>intercept</TYPE>
      <DATE>0</DATE>
      <CODE>E2</CODE>
      <FLAG>1</FLAG>
      <CREDIBILITY>LOW</CREDIBILITY>
      <VALUES><VALUE>C</VALUE><VALUE>I</VALUE><VALUE>NA</VALUE></VALUES>
    </EVIDENCE>
    <EVIDENCE>
      <NAME>Ship owner linked to a state shipping firm</NAME>
      <TYPE>Walk-in</TYPE>
      <CODE>E3</CODE>
      <CREDIBILITY>MEDIUM</CREDIBILITY>
      <VALUES><VALUE>N</VALUE><VALUE>C</VALUE><VALUE></VALUE></VALUES>
    </EVIDENCE>
  </MATRIX>
</ACH-PROJECT>
"""


def achz(xml: str = ACHZ_XML, encoding: str = "utf-16") -> bytes:
    """A PARC ACH file: the XML in UTF-16 (with its byte-order mark), gzip-compressed."""
    return gzip.compress(xml.encode(encoding))


MARKDOWN = """# Cable incident

Some notes before the matrix.

| | H1: Accident | H2: Sabotage | H3: Test of response |
|:---|:---:|:---:|:---:|
| E01: Anchor drag marks along 100 km | -- | ++ | + |
| SRC01-E02 — Crew says the anchor slipped | + | - | N/A |
| Ship owner linked to a state firm | N | + | |

| second | table |
|---|---|
| x | y |
"""


def workbook(rows: list[list], *, sheet: str = "Matrix", merge: str | None = None,
             formula: tuple[str, str, str | None] | None = None, extra_sheet: bool = False,
             ) -> bytes:
    """An .xlsx made as a spreadsheet would save it. ``formula``: (cell, formula, saved
    value or None) put into the sheet's XML as Excel writes a formula cell."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    if extra_sheet:
        book.create_sheet("Notes").append(["nothing here"])
    if formula:
        ws[formula[0]] = "FORMULA-HERE"
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if formula:
        data = _with_formula(data, *formula)
    return data


def _with_formula(data: bytes, ref: str, text: str, saved: str | None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                value = f"<v>{saved}</v>" if saved is not None else ""
                cell = f'<c r="{ref}" t="str"><f>{text}</f>{value}</c>'
                body = re.sub(rf'<c r="{ref}"[^>]*><is><t>FORMULA-HERE</t></is></c>'.encode(),
                              cell.encode(), body)
            dst.writestr(info, body)
    return out.getvalue()
