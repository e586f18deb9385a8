"""Quote integrity: every quote stands verbatim where its item says, or validate says why not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ach.cli import main
from ach.model import Evidence, EvidenceType, Location
from ach.refs import item_ref
from ach.sources import (
    SourceDocument,
    check_quote,
    evidence_at,
    load_document,
    relocated,
)
from ach.store import Workspace
from ach.validate import validate

SOURCE = "israel-hayom-2024-12-25"


def _json(root: Path) -> Path:
    return root / "evidence" / f"{SOURCE}.json"


def _text(root: Path) -> Path:
    return root / "evidence" / f"{SOURCE}.txt"


def _edit_item(root: Path, item_id: str, **changes) -> None:
    path = _json(root)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][item_id].update(changes)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def _problems(root: Path) -> list[str]:
    return [str(p) for p in validate(root)]


@pytest.fixture
def library(bundled: Path):
    return Workspace(bundled).load_library()


def test_every_bundled_quote_is_verified_at_its_location(bundled: Path, library) -> None:
    document = load_document(bundled, library.sources[SOURCE])
    quoting = library.items_of(SOURCE)
    # Every quote in the library is one of the source's items, each with its location.
    assert {i.id for i in library.items.values() if i.quote} == {i.id for i in quoting}
    assert quoting and all(item.quote and item.location for item in quoting)
    assert [check_quote(item, document) for item in quoting] == [None] * len(quoting)
    assert _problems(bundled) == []


def test_the_bundled_source_records_the_hash_of_its_text(library) -> None:
    source = library.sources[SOURCE]
    assert source.content_hash.startswith("sha256:") and len(source.content_hash) == 71
    assert (source.document, source.publisher, str(source.published)) == (
        f"{SOURCE}.txt", "Israel Hayom", "2024-12-25")


def test_a_typo_in_a_quote_is_reported_with_the_nearest_match(bundled: Path) -> None:
    _edit_item(bundled, "e-02", quote="The elderly Ayatollah accepted the American request")
    [problem] = _problems(bundled)
    assert problem.startswith(f"evidence/{SOURCE}.json: items → e-02 → quote: not found at "
                              "paragraph 6 (offsets 3281–3489); nearest: 'The elderly "
                              "Ayatollah refused the American request' at paragraph 6")


def test_an_edited_source_is_reported_for_each_quote_it_broke(bundled: Path) -> None:
    text = _text(bundled).read_text(encoding="utf-8")
    _text(bundled).write_text(text.replace("if we don’t comply", "if we do not comply"),
                              encoding="utf-8")
    problems = _problems(bundled)
    assert any("content_hash: evidence/israel-hayom-2024-12-25.txt changed since it was "
               "imported" in p for p in problems)
    [e05] = [p for p in problems if "e-05" in p]
    # The excerpt of the nearest match shows where it differs from the quote.
    assert "not found at paragraph 9 (offsets 4898–4992); nearest: '…in the past, now “if we " \
           "do not comply, it will be forced upon us.”' at paragraph 9" in e05
    # "don’t" became "do not": later quotes moved by a character, and are found, not lost.
    [e06] = [p for p in problems if "e-06" in p]
    assert e06.endswith("it stands at paragraph 9 (offsets 4994–5240) ('ach source "
                        f"relocate {SOURCE}' records it)")


def test_typographic_differences_in_a_quote_are_accepted(bundled: Path) -> None:
    _edit_item(bundled, "e-05", quote='Al-Sumidei added that unlike in the past, now  "if we '
               'don\'t comply, it will be forced upon us."')
    _edit_item(bundled, "e-06", quote="He concluded by noting that talks on disarming the "
               "militias have begun with some of them, including the Iraqi Hezbollah Brigades "
               "and members of the Popular Mobilization Forces (\"al-Hashd al-Shaabi\"), and "
               "that these talks are in an advanced stage.")
    assert _problems(bundled) == []


def test_a_wrong_paragraph_number_is_reported(bundled: Path) -> None:
    _edit_item(bundled, "e-04", location={"paragraph": 8, "start": 4747, "end": 4897})
    [problem] = _problems(bundled)
    assert problem.endswith("items → e-04 → quote: is recorded at paragraph 8, but offsets "
                            f"4747–4897 are in paragraph 9 ('ach source relocate {SOURCE}' "
                            "records it)")


def test_a_location_beyond_the_text_is_reported(bundled: Path) -> None:
    _edit_item(bundled, "e-01", location={"paragraph": 40, "start": 20000, "end": 20100})
    [problem] = _problems(bundled)
    assert "paragraph 40 (offsets 20000–20100) is outside the document (it has 15502 " \
           "characters); it stands at paragraph 3 (offsets 1328–1528)" in problem


def test_a_missing_source_document_is_reported_once(bundled: Path) -> None:
    _text(bundled).unlink()
    assert _problems(bundled) == [
        f"evidence/{SOURCE}.json: source → source → document: evidence/{SOURCE}.txt: "
        "the source document is missing"]


def test_validate_on_the_command_line_exits_1_with_the_quote_problem(bundled: Path,
                                                                     capsys) -> None:
    _edit_item(bundled, "e-03", quote="the government in Baghdad has asked the coalition")
    assert main(["--root", str(bundled), "validate"]) == 1
    err = capsys.readouterr().err
    assert "items → e-03 → quote: not found at paragraph 7" in err
    assert "1 problem found" in err


def test_relocate_mends_quotes_that_moved_and_leaves_broken_ones(bundled: Path,
                                                                 capsys) -> None:
    text = _text(bundled).read_text(encoding="utf-8")
    _text(bundled).write_text("Editor’s note: corrected.\n" + text.replace(
        "The elderly Ayatollah refused", "The Ayatollah refused"), encoding="utf-8")
    assert main(["--root", str(bundled), "source", "relocate", SOURCE]) == 1
    out, err = capsys.readouterr()
    assert "e-01: paragraph 3 (1328–1528) → paragraph 4 (1354–1554)" in out
    # The note shifts every quote; all but the edited one are found again.
    moved = len(Workspace(bundled).load_library().items_of(SOURCE)) - 1
    assert f"recorded {moved} new locations; 1 quote to mend by hand" in out
    assert err.startswith("e-02: not found at paragraph 6")
    quote_problems = [p for p in _problems(bundled) if "→ quote:" in p]
    assert len(quote_problems) == 1 and "e-02" in quote_problems[0]


def test_items_without_a_source_have_nothing_to_check_and_are_labelled(bundled: Path,
                                                                       capsys) -> None:
    doc = SourceDocument("Some text.\n")
    item = Evidence(id="e-x", summary="An assumption", type=EvidenceType.ASSUMPTION)
    assert check_quote(item, doc) is None
    assert main(["--root", str(bundled), "evidence", "list", "baghdad-tehran"]) == 0
    lines = capsys.readouterr().out.splitlines()
    case, library = Workspace(bundled).open("baghdad-tehran")
    # Every item with no source, and only those, carries the label of its kind.
    expected = [f"{item_ref(case, ref.id)}  {library.items[ref.id].summary}  "
                f"[no source: {library.items[ref.id].type.label}]  ({ref.id})"
                for ref in case.evidence if not library.items[ref.id].has_source]
    assert expected and [line for line in lines if "[no source" in line] == expected


def test_a_location_without_a_quote_is_a_problem() -> None:
    item = Evidence(id="e-x", summary="s", source_id="src",
                    location=Location(paragraph=1, start=0, end=4))
    problem = check_quote(item, "Some text.\n")
    assert problem.message == "has a location, paragraph 1 (offsets 0–4), but no quote"


def test_evidence_at_maps_passages_to_the_items_quoting_them(bundled: Path, library) -> None:
    document = load_document(bundled, library.sources[SOURCE])
    index = evidence_at(document, library.items_of(SOURCE))
    assert [c.evidence_id for c in index.in_paragraph(9)] == ["e-04", "e-05", "e-06"]
    assert {c.status for c in index.citations} == {"verified"}
    assert index.covering(4900) == ["e-05"]
    assert index.covering(4478) == []  # the heading "A temporary lull" is quoted by none
    assert index.of("e-01").paragraph == 3
    assert index.problems == {}


def test_evidence_at_marks_moved_and_missing_quotes(bundled: Path, library) -> None:
    source = library.sources[SOURCE]
    text = load_document(bundled, source).text
    edited = SourceDocument("New first line.\n" + text.replace("refused the American",
                                                               "rejected the American"))
    index = evidence_at(edited, library.items_of(SOURCE))
    assert index.of("e-01").status == "moved"
    assert index.of("e-01").paragraph == 4
    assert index.unplaced == ["e-02"]
    assert "nearest" in index.problems["e-02"].message
    assert relocated(library.items["e-01"], edited).location == Location(
        paragraph=4, start=1344, end=1544)
    assert relocated(library.items["e-02"], edited) is None
