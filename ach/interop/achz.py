"""PARC ACH 2.0 project files (.achz): gzip-compressed UTF-16 XML, read and written.

What is known of the layout: ``PROJECT-TITLE``, ``CLASSIFICATION``, hypotheses as
``MATRIX/HYPOTHESIS/NAME``, and evidence items with ``NAME``, ``NOTES``, ``LINK``,
``TYPE``, ``DATE`` (milliseconds since the epoch, 0 for none), ``CODE``, ``FLAG``
(1 = flagged as possible deception), ``CREDIBILITY`` (HIGH/MEDIUM/LOW) and ``VALUES``
(one per hypothesis, in column order). Elements beyond these are read past and named
in the import summary. The XML is parsed with defusedxml: no DTD, no entities.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zlib
from xml.etree import ElementTree

from ach.interop.vocab import (
    PARC_LEVELS,
    PARC_RATINGS,
    parse_level,
    parse_rating,
    parse_type,
)
from ach.matrix_csv import MatrixError, MatrixRow, MatrixSheet
from ach.model import Level, Rating, is_valid_id

#: A project file larger than this unpacked is refused (a real one is well under 1 MB).
MAX_XML = 64 * 1024 * 1024
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

ROOT = "ACH-PROJECT"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EVIDENCE_FIELDS = ("NAME", "NOTES", "LINK", "TYPE", "DATE", "CODE", "FLAG", "CREDIBILITY",
                    "VALUES")
_KNOWN = {ROOT, "PROJECT-TITLE", "CLASSIFICATION", "MATRIX", "HYPOTHESIS", "EVIDENCE",
          "VALUE", *_EVIDENCE_FIELDS}


def unpack(data: bytes, name: str) -> bytes:
    """The XML inside the gzip, refused if it does not decompress or unpacks too large."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            xml = stream.read(MAX_XML + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise MatrixError(f"{name}: is not a readable gzip file ({exc or 'cut short'}); "
                          "a PARC ACH .achz is gzip-compressed") from None
    if len(xml) > MAX_XML:
        raise MatrixError(f"{name}: unpacks to more than {MAX_XML // (1024 * 1024)} MB; "
                          "refused")
    return xml


def parse_xml(xml: bytes, name: str) -> ElementTree.Element:
    """The document's root, parsed safely; UTF-16 must carry its byte-order mark."""
    # Without the mark, the byte order is only a guess (expat would guess silently).
    if not xml.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in xml[:64]:
        raise MatrixError(f"{name}: the XML is UTF-16 without a byte-order mark, so its "
                          "byte order is unknown")
    import defusedxml  # noqa: PLC0415 - only when a project file is read
    import defusedxml.ElementTree as SafeTree  # noqa: PLC0415, N812

    try:
        return SafeTree.fromstring(xml, forbid_dtd=True, forbid_entities=True,
                                   forbid_external=True)
    except defusedxml.DTDForbidden:
        raise MatrixError(f"{name}: the XML declares a DOCTYPE, which is refused (it can "
                          "define entities that expand or reach outside the file)") from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise MatrixError(f"{name}: the XML defines entities, which are refused") from None
    except ElementTree.ParseError as exc:
        raise MatrixError(f"{name}: is not well-formed XML ({exc})") from None


def read_achz(data: bytes, name: str) -> MatrixSheet:
    root = parse_xml(unpack(data, name), name)
    unknown = sorted({el.tag for el in root.iter() if el.tag not in _KNOWN and el is not root})
    hypotheses = [_text(h, "NAME") for h in root.iter("HYPOTHESIS")]
    if not hypotheses:
        raise MatrixError(f"{name}: has no MATRIX/HYPOTHESIS elements")
    for n, title in enumerate(hypotheses, start=1):
        if not title:
            raise MatrixError(f"{name}: hypothesis {n} has no NAME")
    if len(set(hypotheses)) != len(hypotheses):
        raise MatrixError(f"{name}: two hypotheses have the same NAME")
    rows, notes, ids = [], [], set()
    unknown_types: set[str] = set()
    for n, element in enumerate(root.iter("EVIDENCE"), start=1):
        row, type_unknown = _evidence(element, n, hypotheses, name, notes)
        if row.id in ids:
            notes.append(f"evidence {n}: CODE {row.id!r} is used twice; given a new id")
            row.id = ""
        ids.add(row.id)
        if type_unknown:
            unknown_types.add(row.discipline)
        rows.append(row)
    notes.extend(f"type {label!r} is not one we know: kept as the items' discipline"
                 for label in sorted(unknown_types))
    if unknown:
        notes.append(f"elements not read: {', '.join(unknown)}")
    return MatrixSheet(hypotheses, rows, notes, question=_text(root, "PROJECT-TITLE"),
                       marking=_text(root, "CLASSIFICATION"))


def _text(element: ElementTree.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _evidence(element: ElementTree.Element, n: int, hypotheses: list[str], name: str,
              notes: list[str]) -> tuple[MatrixRow, bool]:
    def fail(problem: str) -> MatrixError:
        return MatrixError(f"{name}: evidence {n}: {problem}")

    summary = _text(element, "NAME")
    if not summary:
        raise fail("NAME is empty")
    code = _text(element, "CODE")
    if code and not is_valid_id(code):
        notes.append(f"evidence {n}: CODE {code!r} is not usable as an id; given a new one")
        code = ""
    kind = parse_type(_text(element, "TYPE"))
    try:
        credibility = parse_level(_text(element, "CREDIBILITY") or "M")
    except ValueError as exc:
        raise fail(f"CREDIBILITY: {exc}") from None
    values = _values(element.find("VALUES"))
    if len(values) != len(hypotheses):
        raise fail(f"VALUES has {len(values)} values for {len(hypotheses)} hypotheses")
    ratings: list[Rating | None] = []
    for title, value in zip(hypotheses, values, strict=True):
        try:
            ratings.append(parse_rating(value) if value.strip() else None)
        except ValueError as exc:
            raise fail(f"value for {title!r}: {exc}") from None
    row = MatrixRow(n, code, summary, kind.type, _text(element, "LINK"),
                    _date(_text(element, "DATE"), fail), credibility, Level.M, ratings,
                    discipline=kind.discipline, quote=_text(element, "NOTES"),
                    deception=_text(element, "FLAG") == "1")
    return row, kind.unknown


def _values(element: ElementTree.Element | None) -> list[str]:
    """The VALUES list: one child element per hypothesis, or text split by commas."""
    if element is None:
        return []
    children = list(element)
    if children:
        return [(child.text or "").strip() for child in children]
    text = (element.text or "").strip()
    return [v.strip() for v in text.split(",")] if text else []


def _date(text: str, fail) -> dt.date | None:
    if not text or text == "0":
        return None
    try:
        return (_EPOCH + dt.timedelta(milliseconds=int(text))).date()
    except (ValueError, OverflowError):
        raise fail(f"DATE {text!r} is not milliseconds since 1970") from None


def write_achz(question: str, marking: str, hypotheses: list[str],
               items: list[dict[str, str]]) -> bytes:
    """The project file: each item a dict of the evidence fields above, VALUES a list."""
    root = ElementTree.Element(ROOT)
    ElementTree.SubElement(root, "PROJECT-TITLE").text = question
    ElementTree.SubElement(root, "CLASSIFICATION").text = marking
    matrix = ElementTree.SubElement(root, "MATRIX")
    for title in hypotheses:
        ElementTree.SubElement(ElementTree.SubElement(matrix, "HYPOTHESIS"), "NAME").text = title
    for item in items:
        element = ElementTree.SubElement(matrix, "EVIDENCE")
        for tag in _EVIDENCE_FIELDS[:-1]:
            ElementTree.SubElement(element, tag).text = item.get(tag, "")
        values = ElementTree.SubElement(element, "VALUES")
        for value in item["VALUES"]:
            ElementTree.SubElement(values, "VALUE").text = value
    # A carriage return would come back as a line feed (XML normalises line ends), and
    # control characters are not allowed in XML at all.
    body = ElementTree.tostring(root, encoding="unicode").replace("\r", "&#13;")
    body = _NOT_XML.sub("\ufffd", body)
    text = '<?xml version="1.0" encoding="UTF-16"?>\n' + body
    return gzip.compress(text.encode("utf-16"), mtime=0)


def parc_date(date: dt.date | None) -> str:
    if date is None:
        return "0"
    moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    return str(int((moment - _EPOCH).total_seconds() * 1000))


def parc_rating(rating: Rating | None) -> str:
    return PARC_RATINGS[rating] if rating is not None else ""


def parc_level(level: Level) -> str:
    return PARC_LEVELS[level]
