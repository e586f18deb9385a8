"""The workspace on disk: canonical git-friendly files, ids, format versions, guarded writes."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from ach.jsonfile import FileProblem
from ach.model import (
    FORMAT_VERSION,
    Case,
    CaseEvidence,
    Cell,
    Evidence,
    Hypothesis,
    Level,
    Rating,
    Source,
    is_valid_id,
    new_id,
)
from ach.store import ChangedOnDisk, Library, MergeConflict, Workspace, WorkspaceError
from ach.validate import validate
from tests.conftest import BUNDLED_CASE

ARABIC = "هل ستبتعد بغداد عن طهران؟"


def make_workspace(root: Path) -> Workspace:
    """A small case with Arabic text, two hypotheses, a sourced and an unsourced item."""
    ws = Workspace(root)
    library = Library(
        sources={"s1": Source(id="s1", title="مقال", publisher="Al-Sabah")},
        items={"e1": Evidence(id="e1", summary="قال المتحدث", source_id="s1", quote="«نص»"),
               "e2": Evidence(id="e2", summary="An assumption", type="assumption",
                              credibility=Level.H)})
    case = Case(id="c1", question=ARABIC,
                hypotheses=[Hypothesis(id="h1", title="يبتعد"), Hypothesis(id="h2", title="x")],
                evidence=[CaseEvidence(id="e1"), CaseEvidence(id="e2", relevance=Level.L)],
                ratings={"ann": {"e1": {"h1": Cell(rating=Rating.C, reason="سبب"),
                                        "h2": Cell(rating=Rating.I)}}})
    ws.save_library(library)
    ws.create_case(case)
    return ws


def changed_lines(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    return [line for line in diff
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


# -- canonical files ---------------------------------------------------------------------------

def _files(root: Path) -> list[Path]:
    return sorted((root / "hypotheses").glob("*.json")) + sorted((root / "evidence").glob("*.json"))


def test_written_files_are_canonical(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    files = _files(tmp_path)
    assert [p.name for p in files] == ["c1.json", "no-source.json", "s1.json"]
    for path in files:
        text = path.read_bytes().decode("utf-8")
        # The one text for this data: two-space indent, keys sorted, UTF-8 as is, one newline.
        expected = json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False)
        assert text == expected + "\n", path.name
        assert text.endswith("}\n") and not text.endswith("\n\n")
        assert "\\u" not in text
        assert "\r" not in text
    case_text = (tmp_path / "hypotheses" / "c1.json").read_text(encoding="utf-8")
    assert f'"question": "{ARABIC}"' in case_text
    assert '\n  "case": {\n    "case": {\n' in case_text


def test_the_bundled_files_are_canonical(bundled: Path) -> None:
    ws = Workspace(bundled)
    case, library = ws.open(BUNDLED_CASE)
    before = {p: p.read_bytes() for p in _files(bundled)}
    # Saving what was read changes no byte: the files in the repository are canonical.
    assert ws.save_case(case).written is False
    assert ws.save_library(library) == []
    assert {p: p.read_bytes() for p in _files(bundled)} == before


def test_saving_unchanged_data_does_not_touch_the_file(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    case = ws.load_case("c1")
    path = tmp_path / "hypotheses" / "c1.json"
    stat = path.stat()
    assert ws.save_case(case).written is False
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_reading_back_gives_the_same_case(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    case, library = Workspace(tmp_path).open("c1")
    assert case.question == ARABIC
    assert [h.title for h in case.hypotheses] == ["يبتعد", "x"]
    assert case.cell("ann", "e1", "h1") == Cell(rating=Rating.C, reason="سبب")
    assert case.evidence_ref("e2").relevance is Level.L
    assert library.items["e1"].source_id == "s1" and library.items["e2"].credibility is Level.H


# -- one-line diffs ----------------------------------------------------------------------------

def test_changing_one_rating_is_a_one_line_diff(bundled: Path) -> None:
    path = bundled / "hypotheses" / f"{BUNDLED_CASE}.json"
    before = path.read_text(encoding="utf-8")
    ws = Workspace(bundled)
    case = ws.load_case(BUNDLED_CASE)
    analyst = case.analysts[0]
    old = case.cell(analyst, "e-06", "h-hedge")
    new_rating = Rating.II if old.rating is not Rating.II else Rating.CC
    case.set_cell(analyst, "e-06", "h-hedge", Cell(rating=new_rating, reason=old.reason))
    assert ws.save_case(case)
    lines = changed_lines(before, path.read_text(encoding="utf-8"))
    assert lines == [f'-        "rating": "{old.rating.value}",',
                     f'+        "rating": "{new_rating.value}",']


def test_changing_one_items_credibility_is_a_one_line_diff(bundled: Path) -> None:
    path = bundled / "evidence" / "israel-hayom-2024-12-25.json"
    before = path.read_text(encoding="utf-8")
    ws = Workspace(bundled)
    library = ws.load_library()
    item = library.items["e-03"]
    assert item.credibility is Level.H
    library.items["e-03"] = item.model_copy(update={"credibility": Level.L})
    assert ws.save_library(library) == [path]
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        '-      "credibility": "H",', '+      "credibility": "L",']


def test_a_second_analyst_never_touches_the_first_ones_lines(bundled: Path) -> None:
    path = bundled / "hypotheses" / f"{BUNDLED_CASE}.json"
    before = path.read_text(encoding="utf-8")
    ws = Workspace(bundled)
    case = ws.load_case(BUNDLED_CASE)
    case.set_cell("Omar Haddad", "e-06", "h-hedge", Cell(rating=Rating.I, reason="why"))
    ws.save_case(case)
    lines = changed_lines(before, path.read_text(encoding="utf-8"))
    assert lines and all(line.startswith("+") for line in lines)
    assert '+  "ratings:Omar Haddad": {' in lines


# -- ids ---------------------------------------------------------------------------------------

def test_generated_ids_never_collide_in_a_large_sample() -> None:
    ids = [new_id("e") for _ in range(200_000)]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("e-") and is_valid_id(i) for i in ids)


def test_generated_ids_are_valid_json_keys_and_file_names(tmp_path: Path) -> None:
    ids = [new_id(prefix) for prefix in ("h", "e", "i", "src") for _ in range(250)]
    assert json.loads(json.dumps(dict.fromkeys(ids, 1))) == dict.fromkeys(ids, 1)
    for i in ids:
        (tmp_path / f"{i}.json").write_text("{}\n")
    assert sorted(p.stem for p in tmp_path.iterdir()) == sorted(set(ids))
    assert all(i == i.strip() and "/" not in i and not i.startswith(".") for i in ids)


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/b", "", ".hidden", "a b", "x" * 65])
def test_names_that_leave_the_workspace_are_refused(tmp_path: Path, name: str) -> None:
    ws = Workspace(tmp_path)
    with pytest.raises(WorkspaceError, match="not allowed"):
        ws.case_path(name)
    with pytest.raises(WorkspaceError, match="not allowed"):
        ws.evidence_path(name)


# -- format versions ---------------------------------------------------------------------------

def test_every_file_carries_its_kind_and_format_version(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    kinds = {}
    for path in _files(tmp_path):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["meta"]["format"]["version"] == FORMAT_VERSION
        kinds[path.name] = data["meta"]["format"]["kind"]
    assert kinds == {"c1.json": "case", "no-source.json": "evidence", "s1.json": "evidence"}


def _bump_version(path: Path, version) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["format"]["version"] = version
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("which", ["hypotheses/c1.json", "evidence/s1.json"])
def test_a_newer_format_is_refused_with_a_clear_message(tmp_path: Path, which: str) -> None:
    make_workspace(tmp_path)
    _bump_version(tmp_path / which, FORMAT_VERSION + 1)
    with pytest.raises(FileProblem) as caught:
        Workspace(tmp_path).open("c1")
    message = str(caught.value)
    assert message.startswith(which + ": ")
    assert f"format {FORMAT_VERSION + 1}" in message and "newer" in message
    assert "upgrade" in message


@pytest.mark.parametrize("version", [0, "1", None, 1.5])
def test_a_nonsense_format_version_is_refused(tmp_path: Path, version) -> None:
    make_workspace(tmp_path)
    _bump_version(tmp_path / "hypotheses" / "c1.json", version)
    with pytest.raises(FileProblem, match="meta → format → version"):
        Workspace(tmp_path).load_case("c1")


def test_a_case_file_in_the_evidence_folder_is_refused(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    (tmp_path / "evidence" / "c1.json").write_bytes((tmp_path / "hypotheses" / "c1.json")
                                                    .read_bytes())
    with pytest.raises(FileProblem, match="is an ACH 'case' file, expected 'evidence'"):
        Workspace(tmp_path).load_library()


# -- a second process changing files under the first -------------------------------------------

def test_a_change_by_another_workspace_is_merged_not_overwritten(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    first, second = Workspace(tmp_path), Workspace(tmp_path)
    mine, theirs = first.load_case("c1"), second.load_case("c1")
    theirs.set_cell("bob", "e1", "h2", Cell(rating=Rating.CC))
    second.save_case(theirs)
    mine.set_cell("ann", "e1", "h2", Cell(rating=Rating.II))
    assert first.changed_on_disk() == [tmp_path / "hypotheses" / "c1.json"]
    saved = first.save_case(mine)
    assert saved and saved.merged is not None
    assert saved.merged.cell("bob", "e1", "h2").rating is Rating.CC
    final = Workspace(tmp_path).load_case("c1")
    assert final.cell("bob", "e1", "h2").rating is Rating.CC
    assert final.cell("ann", "e1", "h2").rating is Rating.II
    assert final == saved.merged


def test_the_same_cell_changed_two_ways_is_a_conflict_and_writes_nothing(
        tmp_path: Path) -> None:
    make_workspace(tmp_path)
    first, second = Workspace(tmp_path), Workspace(tmp_path)
    mine, theirs = first.load_case("c1"), second.load_case("c1")
    theirs.set_cell("ann", "e1", "h2", Cell(rating=Rating.CC))
    theirs.notes = "theirs"
    second.save_case(theirs)
    on_disk = (tmp_path / "hypotheses" / "c1.json").read_bytes()
    mine.set_cell("ann", "e1", "h2", Cell(rating=Rating.II))
    with pytest.raises(MergeConflict, match=r"hypotheses/c1\.json: changed on disk") as caught:
        first.save_case(mine)
    assert [(c.ours, c.theirs) for c in caught.value.conflicts] == [
        ({"rating": "II"}, {"rating": "CC"})]
    assert (tmp_path / "hypotheses" / "c1.json").read_bytes() == on_disk
    # Keeping ours settles that cell only: their other change stays.
    first.save_case(mine, prefer="ours")
    final = Workspace(tmp_path).load_case("c1")
    assert final.cell("ann", "e1", "h2").rating is Rating.II
    assert final.notes == "theirs"


def test_an_edit_in_place_of_the_same_size_is_detected_and_merged(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    ws = Workspace(tmp_path)
    case = ws.load_case("c1")
    path = tmp_path / "hypotheses" / "c1.json"
    # An editor that rewrites the file in place, keeping its inode and its size.
    text = path.read_text(encoding="utf-8").replace('"rating": "C"', '"rating": "I"')
    with path.open("r+", encoding="utf-8") as handle:
        handle.write(text)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    case.notes = "mine"
    ws.save_case(case)
    assert '"rating": "I"' in path.read_text(encoding="utf-8")
    assert Workspace(tmp_path).load_case("c1").notes == "mine"


def test_evidence_changed_two_ways_by_another_workspace_is_a_conflict(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    first, second = Workspace(tmp_path), Workspace(tmp_path)
    mine, theirs = first.load_library(), second.load_library()
    theirs.items["e1"] = theirs.items["e1"].model_copy(update={"summary": "edited elsewhere"})
    second.save_library(theirs)
    mine.items["e1"] = mine.items["e1"].model_copy(update={"summary": "edited here"})
    with pytest.raises(ChangedOnDisk, match="evidence/s1.json"):
        first.save_library(mine)
    assert Workspace(tmp_path).load_library().items["e1"].summary == "edited elsewhere"


def test_a_deleted_file_is_not_silently_recreated(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    ws = Workspace(tmp_path)
    case = ws.load_case("c1")
    (tmp_path / "hypotheses" / "c1.json").unlink()
    case.notes = "x"
    with pytest.raises(ChangedOnDisk, match="removed on disk"):
        ws.save_case(case)
    assert not (tmp_path / "hypotheses" / "c1.json").exists()


def test_a_file_that_appeared_since_reading_is_not_overwritten(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    first, second = Workspace(tmp_path), Workspace(tmp_path)
    mine, theirs = first.load_library(), second.load_library()
    for library, title in ((theirs, "Theirs"), (mine, "Mine")):
        library.sources["s2"] = Source(id="s2", title=title)
    second.save_library(theirs, ["s2"])
    with pytest.raises(MergeConflict, match="evidence/s2.json"):
        first.save_library(mine, ["s2"])
    assert Workspace(tmp_path).load_library().sources["s2"].title == "Theirs"


def test_ratings_another_ach_appended_to_the_journal_are_not_compacted_away(
        tmp_path: Path) -> None:
    make_workspace(tmp_path)
    first, second = Workspace(tmp_path), Workspace(tmp_path)
    mine, theirs = first.load_case("c1"), second.load_case("c1")
    # The other ach saves a keystroke's rating the fast way: one line in the case's journal.
    theirs.set_cell("bob", "e1", "h1", Cell(rating=Rating.II, reason="from the TUI"))
    second.append_rating_row(theirs, "bob", "e1")
    assert first.changed_on_disk() == [tmp_path / "hypotheses" / "c1.json"]
    mine.notes = "a full save folds the journal in, merged"
    assert first.save_case(mine)
    disk = Workspace(tmp_path).load_case("c1")
    assert disk.cell("bob", "e1", "h1").rating is Rating.II
    assert disk.notes == mine.notes
    # Its own appends are not mistaken for someone else's.
    third = Workspace(tmp_path)
    again = third.load_case("c1")
    again.set_cell("bob", "e1", "h2", Cell(rating=Rating.C))
    third.append_rating_row(again, "bob", "e1")
    assert third.changed_on_disk() == []
    assert third.save_case(again)
    assert Workspace(tmp_path).load_case("c1").cell("bob", "e1", "h2").rating is Rating.C


def test_its_own_successive_saves_are_not_mistaken_for_changes(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    case = ws.load_case("c1")
    for rating in (Rating.II, Rating.CC, Rating.N):
        case.set_cell("ann", "e1", "h2", Cell(rating=rating))
        assert ws.save_case(case)
    assert Workspace(tmp_path).load_case("c1").cell("ann", "e1", "h2").rating is Rating.N


def test_creating_a_case_that_exists_changes_nothing(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    before = (tmp_path / "hypotheses" / "c1.json").read_bytes()
    with pytest.raises(WorkspaceError, match="already exists"):
        Workspace(tmp_path).create_case(Case(id="c1", question="another"))
    assert (tmp_path / "hypotheses" / "c1.json").read_bytes() == before


# -- load errors in plain words ----------------------------------------------------------------

def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _problem(tmp_path: Path, loader: str = "open") -> str:
    with pytest.raises(FileProblem) as caught:
        getattr(Workspace(tmp_path), loader)("c1")
    message = str(caught.value)
    for jargon in ("pydantic", "type=", "input_value", "Traceback", str(tmp_path)):
        assert jargon not in message
    return message


def test_a_bad_field_names_file_record_and_field(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    _edit(tmp_path / "hypotheses" / "c1.json",
          lambda d: d["hypotheses"]["h1"].update(title=42))
    assert _problem(tmp_path) == ("hypotheses/c1.json: hypotheses → h1 → title: "
                                  "input should be a valid string")


def test_a_bad_rating_names_the_analyst_and_the_cell(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    _edit(tmp_path / "hypotheses" / "c1.json",
          lambda d: d["ratings:ann"]["e1"]["h1"].update(rating="XX"))
    message = _problem(tmp_path)
    assert message.startswith("hypotheses/c1.json: ratings:ann → e1 → h1 → rating: ")
    assert "'CC'" in message


def test_a_bad_evidence_level_names_the_item(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    _edit(tmp_path / "evidence" / "s1.json",
          lambda d: d["items"]["e1"].update(credibility="Very"))
    message = _problem(tmp_path)
    assert message.startswith("evidence/s1.json: items → e1 → credibility: ")


def test_an_unknown_field_is_reported_not_dropped(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    _edit(tmp_path / "evidence" / "s1.json", lambda d: d["items"]["e1"].update(credibilty="H"))
    assert _problem(tmp_path) == "evidence/s1.json: items → e1 → credibilty: unknown field"


def test_a_missing_field_is_reported(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    _edit(tmp_path / "hypotheses" / "c1.json", lambda d: d["hypotheses"]["h2"].pop("title"))
    assert _problem(tmp_path) == ("hypotheses/c1.json: hypotheses → h2 → title: "
                                  "required field is missing")


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    path = tmp_path / "hypotheses" / "c1.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"h2": {', '"h2" {', 1),
                    encoding="utf-8")
    message = _problem(tmp_path)
    assert message.startswith("hypotheses/c1.json: line ")
    assert "column" in message and "is not valid JSON" in message


def test_a_truncated_file_says_it_may_have_been_cut_short(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    path = tmp_path / "hypotheses" / "c1.json"
    path.write_bytes(path.read_bytes()[:-40])
    assert "cut short" in _problem(tmp_path)


def test_a_duplicated_key_is_reported_rather_than_one_record_dropped(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    path = tmp_path / "hypotheses" / "c1.json"
    text = path.read_text(encoding="utf-8")
    # A hand edit (or a merge gone wrong) that leaves two records under one id.
    path.write_text(text.replace('  "hypotheses": {\n',
                                 '  "hypotheses": {\n    "h2": {"title": "twin"},\n', 1),
                    encoding="utf-8")
    message = _problem(tmp_path)
    assert message.startswith("hypotheses/c1.json: lines ")
    assert "'h2' appears twice" in message


def test_a_case_whose_id_disagrees_with_its_file_name(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    (tmp_path / "hypotheses" / "c1.json").rename(tmp_path / "hypotheses" / "c2.json")
    with pytest.raises(FileProblem, match=r"hypotheses/c2\.json: case → case → id: holds case "
                                          r"'c1'"):
        Workspace(tmp_path).load_case("c2")


def test_an_unknown_case_names_the_known_ones(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    with pytest.raises(WorkspaceError, match=r"no case 'nope' .*\(cases: c1\)"):
        Workspace(tmp_path).load_case("nope")


# -- files that are not ours -------------------------------------------------------------------

def test_temp_files_left_by_a_crash_are_ignored(tmp_path: Path) -> None:
    """A writer killed between creating its temp file and renaming it leaves the temp file
    (nothing can remove it after SIGKILL); listing, loading and validation skip it."""
    make_workspace(tmp_path)
    for folder in ("hypotheses", "evidence"):
        (tmp_path / folder / ".c1.json.k2j4x9_a.tmp").write_text('{"half": ')
    ws = Workspace(tmp_path)
    assert ws.case_ids() == ["c1"]
    assert [p.name for p in ws.evidence_files()] == ["no-source.json", "s1.json"]
    ws.open("c1")
    assert validate(tmp_path) == []


# -- reading cells: the quick path for well-formed cells agrees with full validation ---------

CELL_SHAPES = [
    {"rating": "CC"},
    {"rating": "NA"},
    {"rating": "I", "reason": "the militias kept their arms"},
    {"rating": "C", "reason": ""},
    {"rating": "II", "reason": "x" * 20_000},
    {"rating": "N", "reason": "x" * 20_001},  # too long
    {"rating": "XX"},  # no such rating
    {"rating": "C", "reason": 7},
    {"rating": "C", "reason": "ok", "extra": 1},
    {"reason": "no rating"},
    {},
    "C",
    ["C"],
    None,
]


@pytest.mark.parametrize("cell", CELL_SHAPES, ids=lambda c: repr(c)[:30])
def test_every_cell_shape_reads_as_full_validation_says(tmp_path: Path, cell) -> None:
    """A large case's cells skip pydantic when well-formed; the result, or the problem
    named, must be exactly what validating the cell would give."""
    make_workspace(tmp_path)
    path = tmp_path / "hypotheses" / "c1.json"
    _edit(path, lambda d: d["ratings:ann"]["e1"].update(h2=cell))
    try:
        expected = Cell.model_validate(cell)
    except ValidationError:
        expected = None
    if expected is None:
        assert _problem(tmp_path).startswith("hypotheses/c1.json: ratings:ann → e1 → h2")
        return
    loaded = Workspace(tmp_path).load_case("c1").ratings["ann"]["e1"]
    assert loaded["h2"] == expected
    assert loaded["h2"].model_dump() == expected.model_dump()
    assert loaded["h1"] == Cell(rating=Rating.C, reason="سبب")  # its neighbour unharmed


def test_a_rating_of_a_case_never_written_saves_the_case_whole(tmp_path: Path) -> None:
    """A case made in memory has no file for a journal to be based on: its first rating
    writes the case file, and nothing is refused as 'removed on disk'."""
    from ach.model import Case, Cell, Hypothesis, Rating  # noqa: PLC0415

    case = Case(id="fresh", question="Which?", hypotheses=[Hypothesis(id="h-1", title="One")])
    case.set_cell("A", "e-1", "h-1", Cell(rating=Rating.I))
    workspace = Workspace(tmp_path)
    assert workspace.append_rating_row(case, "A", "e-1").written
    on_disk = Workspace(tmp_path).load_case("fresh")
    assert on_disk.cell("A", "e-1", "h-1") == Cell(rating=Rating.I)
