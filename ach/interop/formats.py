"""Which matrix format a file is, and reading or writing it through the model.

The format is chosen by the file's extension (.csv, .xlsx, .md, .achz), or, for any
other name, by its first bytes. Each format's export says what of the case it cannot
hold, so nothing is lost without the analyst being told.
"""

from __future__ import annotations

from pathlib import Path

from ach.matrix_csv import (
    MatrixError,
    MatrixSheet,
    case_rows,
    export_matrix,
    matrix_grid,
    parse_matrix,
)
from ach.model import Case, Level, Rating
from ach.store import Library

EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".md": "md",
              ".markdown": "md", ".achz": "achz"}
#: What each format is called in messages.
NAMES = {"csv": "CSV", "xlsx": "Excel workbook", "md": "Markdown table",
         "achz": "PARC ACH file"}


def format_of(path: Path, head: bytes = b"") -> str:
    """The format by extension; failing that, by the file's first bytes."""
    known = EXTENSIONS.get(path.suffix.lower())
    if known is not None:
        return known
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\x1f\x8b"):
        return "achz"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return "md" if text.startswith((b"|", b"#")) else "csv"


def decode_text(raw: bytes, name: str) -> str:
    """CSV or Markdown text as UTF-8 or UTF-16 (with its byte-order mark)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise MatrixError(f"{name}: is not valid UTF-16 text (bad bytes at offset "
                              f"{exc.start})") from None
    if b"\x00" in raw:
        if _looks_utf16(raw):
            raise MatrixError(f"{name}: is UTF-16 text without a byte-order mark, so its "
                              "byte order is unknown (save it as UTF-8, or as UTF-16 with "
                              "its mark)")
        raise MatrixError(f"{name}: is a binary file, not CSV text (save the sheet as CSV)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MatrixError(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None


def _looks_utf16(raw: bytes) -> bool:
    """Text in UTF-16 has a zero in every other byte, nearly always on the same side."""
    sample = raw[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= len(sample) // 2 * 0.6 and min(even, odd) <= max(even, odd) // 10


def read_matrix(path: Path, raw: bytes, sheet: str | None = None,
                table: int | None = None) -> MatrixSheet:
    """The matrix in a file's bytes; MatrixError names the file and the problem."""
    name = str(path)
    fmt = format_of(path, raw[:512])
    if sheet is not None and fmt != "xlsx":
        raise MatrixError(f"{name}: --sheet applies to an Excel workbook, and this is a "
                          f"{NAMES[fmt]}")
    if table is not None and fmt != "md":
        raise MatrixError(f"{name}: --table applies to a Markdown file, and this is a "
                          f"{NAMES[fmt]}")
    if fmt == "xlsx":
        from ach.interop.xlsx import read_xlsx  # noqa: PLC0415 - loads openpyxl

        return read_xlsx(raw, name, sheet)
    if fmt == "achz":
        from ach.interop.achz import read_achz  # noqa: PLC0415 - loads defusedxml

        return read_achz(raw, name)
    text = decode_text(raw, name)
    if fmt == "md":
        from ach.interop.markdown import read_markdown  # noqa: PLC0415

        return read_markdown(text, name, table)
    return parse_matrix(text, name)


def export_bytes(fmt: str, case: Case, library: Library, analyst: str | None,
                 ratings: dict[str, dict[str, Rating]] | None) -> bytes:
    """The case in a format: the analyst's ratings, or the given (team) ``ratings``."""
    if fmt == "csv":
        return export_matrix(case, library, analyst, ratings).encode("utf-8")
    grid = matrix_grid(case, library, analyst, ratings)
    if fmt == "md":
        from ach.interop.markdown import write_markdown  # noqa: PLC0415

        return write_markdown(grid, case.question).encode("utf-8")
    if fmt == "xlsx":
        from ach.interop.xlsx import write_xlsx  # noqa: PLC0415

        return write_xlsx(grid, _scores_table(case, library, analyst), case.question,
                          case.marking)
    from ach.interop.achz import write_achz  # noqa: PLC0415

    return write_achz(case.question, case.marking, [h.title for h in case.hypotheses],
                      _achz_items(case, library, analyst, ratings))


def _scores_table(case: Case, library: Library, analyst: str | None) -> list[list]:
    from ach.scoring import score_case  # noqa: PLC0415

    scores = score_case(case, library.items, analyst)
    titles = {h.id: h.title for h in case.hypotheses}
    rows: list[list] = [["rank", "hypothesis", "weighted inconsistency", "inconsistency",
                         "probability", "unrated items"]]
    for h in scores.ranked:
        rows.append([h.rank, titles[h.id], h.weighted_inconsistency, h.inconsistency,
                     h.probability, h.unrated])
    return rows


def _achz_items(case: Case, library: Library, analyst: str | None,
                ratings: dict[str, dict[str, Rating]] | None) -> list[dict]:
    from ach.interop.achz import parc_date, parc_level, parc_rating  # noqa: PLC0415
    from ach.interop.vocab import type_label  # noqa: PLC0415

    items = []
    for _ref, item, source, row in case_rows(case, library, analyst, ratings):
        items.append({
            "NAME": item.summary, "NOTES": item.quote, "LINK": source.title if source else "",
            "TYPE": type_label(item.type, item.discipline), "DATE": parc_date(item.date),
            "CODE": item.id, "FLAG": "1" if item.deception else "0",
            "CREDIBILITY": parc_level(item.credibility),
            "VALUES": [parc_rating(row.get(h.id)) for h in case.hypotheses],
        })
    return items


def losses(fmt: str, case: Case, library: Library, analyst: str | None) -> list[str]:
    """What of this case the format cannot hold, counted (only what the case has)."""
    items = [library.items[r.id] for r in case.evidence if r.id in library.items]
    views = [analyst] if analyst is not None else list(case.ratings)
    lost = {
        "reasons given for ratings": sum(
            1 for a in views for row in case.ratings.get(a, {}).values()
            for cell in row.values() if cell.reason),
        "hypothesis descriptions": sum(1 for h in case.hypotheses if h.description),
        "items set aside (written as counted)": sum(1 for r in case.evidence if r.excluded),
        "indicators": len(case.indicators),
        "saved what-ifs": len(case.scenarios),
        "key judgments": len(case.judgments),
        "statements of what would refute a hypothesis": sum(
            1 for h in case.hypotheses if h.refuted_by),
    }
    if fmt == "achz":
        lost["dependence groups"] = len(case.groups)
        lost["relevance other than Medium"] = sum(
            1 for r in case.evidence if r.id in library.items
            and (r.relevance or library.items[r.id].relevance) is not Level.M)
    else:
        lost["quotes"] = sum(1 for item in items if item.quote)
        lost["deception flags"] = sum(1 for item in items if item.deception)
        if fmt != "xlsx":
            lost["the case's marking"] = 1 if case.marking else 0
    if analyst is not None:
        lost["other analysts' ratings"] = sum(1 for a in case.analysts if a != analyst)
    return [f"{what} ({count})" if what != "the case's marking" else what
            for what, count in lost.items() if count]

