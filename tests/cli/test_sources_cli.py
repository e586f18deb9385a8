"""Reading a source and turning its passages into evidence from the shell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ach.cli import main
from ach.model import EvidenceType, Level
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE

SOURCE = "israel-hayom-2024-12-25"


def run(root: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--root", str(root), "--analyst", "Tester", *args])
    out, err = capsys.readouterr()
    return code, out, err


def from_source(root: Path, *args: str, capsys) -> tuple[int, str, str]:
    return run(root, "evidence", "from-source", BUNDLED_CASE, SOURCE, *args, capsys=capsys)


def test_show_numbers_paragraphs_and_sentences_and_marks_the_evidence(bundled: Path,
                                                                      capsys) -> None:
    code, out, _ = run(bundled, "source", "show", SOURCE, "--paragraph", "9", capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{SOURCE}  Iraq at a crossroads after Assad's fall"
    assert lines[1] == (f"  Israel Hayom · 2024-12-25 · evidence/{SOURCE}.txt · 36 paragraphs, "
                        "93 sentences, 15,502 characters")
    assert lines[3] == "¶9  (4479–5239)"
    assert [line[:6] for line in lines[4:]] == ["  9.1 ", "  9.2 ", "  9.3 ", "  9.4 ", "  9.5 "]
    assert lines[6].endswith("after the fall of Hezbollah in Lebanon and Assad in Syria.  [e-04]")
    assert lines[7] == ("  9.4  Al-Sumidei added that unlike in the past, now “if we don’t "
                        "comply, it will be forced upon us.”  [e-05]")
    assert not lines[4].endswith("]")


def test_show_json_gives_offsets_that_slice_the_stored_text(bundled: Path, capsys) -> None:
    code, out, _ = run(bundled, "source", "show", SOURCE, "--json", capsys=capsys)
    assert code == 0
    shown = json.loads(out)
    text = (bundled / "evidence" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    assert (shown["paragraph_count"], shown["sentence_count"]) == (36, 93)
    for para in shown["paragraphs"]:
        for sentence in para["sentences"]:
            assert text[sentence["start"]:sentence["end"]] == sentence["text"]
    quoting = Workspace(bundled).load_library().items_of(SOURCE)
    assert {e["id"] for e in shown["evidence"]} == {item.id for item in quoting}


def test_a_sentence_becomes_an_evidence_item_that_can_be_rated(bundled: Path,
                                                               capsys) -> None:
    added = f"E{len(Workspace(bundled).load_case(BUNDLED_CASE).evidence) + 1}"  # next ref
    code, out, _ = from_source(bundled, "--paragraph", "9", "--sentence", "2", "--summary",
                               "Adviser: Iraq must reassess its ties", "--type", "statement",
                               "--credibility", "H", "--relevance", "H", "--said-by",
                               "Ibrahim al-Sumidei", "--date", "2024-12-18", "--id", "e-new",
                               capsys=capsys)
    assert code == 0
    assert out.splitlines()[:2] == [
        f"added evidence {added} Adviser: Iraq must reassess its ties (e-new)",
        f"  quoting {SOURCE}, paragraph 9 (offsets 4590–4746):"]
    case, library = Workspace(bundled).open(BUNDLED_CASE)
    item = library.items["e-new"]
    text = (bundled / "evidence" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    assert item.quote == text[4590:4746]
    assert item.quote.endswith("“To be honest, we need to reassess the current situation.”")
    assert (item.source_id, item.location.paragraph, item.type, item.credibility,
            str(item.date)) == (SOURCE, 9, EvidenceType.STATEMENT, Level.H, "2024-12-18")
    assert case.uses("e-new")
    # The analyst rates it like any other item, and validate finds its quote in place.
    assert run(bundled, "rate", BUNDLED_CASE, "e-new", "h-distance", "C", capsys=capsys)[0] == 0
    code, out, _ = run(bundled, "score", BUNDLED_CASE, "--json", "--analyst", "Tester",
                       capsys=capsys)
    assert "e-new" in {e["id"] for e in json.loads(out)["evidence"]}
    assert run(bundled, "validate", capsys=capsys)[0] == 0


def test_a_typed_quote_is_found_and_stored_in_the_documents_own_words(bundled: Path,
                                                                      capsys) -> None:
    code, out, _ = from_source(bundled, "--quote", 'Baghdad\'s "liberation."', "--summary",
                               "Calls to free Baghdad", "--id", "e-lib", capsys=capsys)
    assert code == 0
    item = Workspace(bundled).load_library().items["e-lib"]
    assert item.quote == "Baghdad’s “liberation.”"
    assert item.location.paragraph == 20


def test_a_span_of_offsets_becomes_an_item_without_the_spaces_around_it(bundled: Path,
                                                                       capsys) -> None:
    # 3905–3911 is "where " before the words wanted; start on the space, end after them.
    code, _, _ = from_source(bundled, "--start", "3910", "--end", "3963", "--summary",
                             "About 2,500 US troops", "--id", "e-troops", capsys=capsys)
    assert code == 0
    item = Workspace(bundled).load_library().items["e-troops"]
    assert item.quote == "approximately 2,500 soldiers are currently stationed"
    assert (item.location.paragraph, item.location.start, item.location.end) == (7, 3911, 3963)


@pytest.mark.parametrize(("args", "message"), [
    (["--quote", "approximately 3,500 soldiers are now stationed"],
     "the quote is not in the document; nearest: 'approximately 2,500 soldiers are currently "
     "stationed' at paragraph 7 (offsets 3911–3963)"),
    (["--quote", "al-Sudani"],
     "the quote stands in 7 places (paragraphs 3, 4, 9, 10, 21, 24); choose one with "
     "--paragraph, or quote more of it"),
    (["--paragraph", "37"], "there is no paragraph 37 (the document has 36)"),
    (["--paragraph", "9", "--sentence", "6"], "paragraph 9 has no sentence 6 (it has 5)"),
    (["--paragraph", "9", "--sentence", "3-2"],
     "sentence '3-2' is not a number ≥ 1 or a range like 2-4"),
    (["--start", "100", "--end", "900"],
     "offsets 100–900 run past the end of paragraph 1 (0–547); quote one paragraph at a time"),
    (["--start", "100"], "--start and --end go together"),
    ([], "choose the passage one way: --paragraph N [--sentence M], --start A --end B, or "
         "--quote \"...\" [--paragraph N]"),
])
def test_a_passage_that_cannot_be_chosen_is_one_clear_line(bundled: Path, capsys,
                                                           args: list[str], message: str
                                                           ) -> None:
    before = {p: p.read_bytes() for p in (bundled / "evidence").iterdir()}
    code, out, err = from_source(bundled, *args, "--summary", "s", capsys=capsys)
    assert (code, out) == (1, "")
    assert err == f"ach: error: {message}\n"
    assert {p: p.read_bytes() for p in (bundled / "evidence").iterdir()} == before


def test_a_quote_in_several_places_is_chosen_by_paragraph(bundled: Path, capsys) -> None:
    code, out, _ = from_source(bundled, "--quote", "al-Sudani", "--paragraph", "10",
                               "--summary", "s", "--id", "e-one", capsys=capsys)
    assert code == 0
    assert "paragraph 10 (offsets 5266–5275)" in out


def test_show_an_unknown_source_or_one_without_text(bundled: Path, capsys) -> None:
    code, _, err = run(bundled, "source", "show", "nope", capsys=capsys)
    assert code == 1
    assert err == f"ach: error: no source 'nope' (sources: {SOURCE})\n"
    run(bundled, "source", "add", "meta-only", "--title", "Only metadata", capsys=capsys)
    code, _, err = run(bundled, "source", "show", "meta-only", capsys=capsys)
    assert err == ("ach: error: source 'meta-only' has no text to read: ach import-source FILE "
                   "--id meta-only\n")


def test_source_list_counts_the_items_of_each_source(bundled: Path, capsys) -> None:
    code, out, _ = run(bundled, "source", "list", capsys=capsys)
    assert code == 0
    library = Workspace(bundled).load_library()
    assert out.splitlines() == [
        f"{SOURCE}  Iraq at a crossroads after Assad's fall",
        f"    evidence/{SOURCE}.txt, {len(library.items_of(SOURCE))} evidence items",
        "(no source)  assumptions, absences and arguments",
        f"    {len(library.items_of(None))} evidence items"]


def test_the_sources_core_never_loads_textual_or_rich() -> None:
    code = ("import sys, ach.sources, ach.commands.source, ach.commands.evidence, "
            "ach.commands.import_source; "
            "print(','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
