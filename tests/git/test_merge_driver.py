"""The merge driver on files, as git calls it: BASE OURS THEIRS PATH, result into OURS."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ach.cli import main
from ach.jsonfile import canonical_json
from ach.merge import merge_texts

PATH = "hypotheses/c.json"


def case(**ratings: dict) -> dict:
    data = {"meta": {"format": {"kind": "case", "version": 1}},
            "case": {"case": {"id": "c", "question": "Who did it?"}},
            "hypotheses": {"h1": {"title": "The butler", "order": 0},
                           "h2": {"title": "The gardener", "order": 1}},
            "evidence": {"e1": {"order": 0}, "e2": {"order": 1}}}
    for analyst, rows in ratings.items():
        data[f"ratings:{analyst}"] = rows
    return data


BASE = case(Ann={"e1": {"h1": {"rating": "C"}}})


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A work tree top (git runs drivers there) with a hypotheses/ folder."""
    (tmp_path / "hypotheses").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def drive(work: Path, base, ours, theirs, *, how: str = "module") -> tuple[int, str, str]:
    texts = [v if isinstance(v, str) else canonical_json(v) for v in (base, ours, theirs)]
    for name, text in zip(("base", "ours", "theirs"), texts, strict=True):
        (work / f".merge_file_{name}").write_text(text, encoding="utf-8")
    args = [str(work / f".merge_file_{n}") for n in ("base", "ours", "theirs")] + [PATH]
    if how == "module":
        done = subprocess.run([sys.executable, "-m", "ach.merge", *args], cwd=work,
                              capture_output=True, text=True, check=False)
        code, err = done.returncode, done.stderr
    else:
        code, err = main(["merge-driver", *args]), ""
    return code, (work / ".merge_file_ours").read_text(encoding="utf-8"), err


def test_a_clean_merge_goes_into_ours_and_exits_0(work: Path) -> None:
    ours = copy.deepcopy(BASE)
    ours["ratings:Ann"]["e2"] = {"h2": {"rating": "I", "reason": "alibi"}}
    theirs = copy.deepcopy(BASE)
    theirs["ratings:Bob"] = {"e1": {"h1": {"rating": "II"}}}
    stale = work / f"{PATH}.conflicts"
    stale.write_text("{}", encoding="utf-8")  # left over from a merge that was aborted
    code, result, _ = drive(work, BASE, ours, theirs)
    assert code == 0
    merged = json.loads(result)
    assert merged["ratings:Ann"]["e2"]["h2"] == {"rating": "I", "reason": "alibi"}
    assert merged["ratings:Bob"] == {"e1": {"h1": {"rating": "II"}}}
    assert canonical_json(merged) == result
    assert not stale.exists()


def test_a_conflict_exits_1_keeps_ours_and_lists_it_beside_the_file(work: Path) -> None:
    ours = case(Ann={"e1": {"h1": {"rating": "CC", "reason": "motive"}}})
    theirs = case(Ann={"e1": {"h1": {"rating": "II", "reason": "alibi"}}})
    for how in ("module", "command"):
        code, result, _ = drive(work, BASE, ours, theirs, how=how)
        assert code == 1
        assert json.loads(result)["ratings:Ann"]["e1"]["h1"]["rating"] == "CC"
        listing_text = (work / f"{PATH}.conflicts").read_text(encoding="utf-8")
        listing = json.loads(listing_text)
        assert canonical_json(listing) == listing_text
        [c] = listing["conflicts"]
        assert {k: c[k] for k in ("id", "kind", "table", "record", "field")} == {
            "id": "c1", "kind": "cell", "table": "ratings:Ann", "record": "e1", "field": "h1"}
        assert (c["base"], c["ours"], c["theirs"]) == (
            {"rating": "C"}, {"rating": "CC", "reason": "motive"},
            {"rating": "II", "reason": "alibi"})
        assert "Ann's rating of e1 against h1" in c["description"]
        assert '"The butler"' in c["description"]


def test_only_one_side_changed_gives_that_side_as_it_stands(work: Path) -> None:
    theirs = json.dumps(case(Ann={"e1": {"h1": {"rating": "N"}}}))  # not our layout, even
    code, result, _ = drive(work, BASE, BASE, theirs)
    assert code == 0 and result == theirs


def test_files_not_laid_out_canonically_still_merge_by_meaning(work: Path) -> None:
    ours = case(Ann={"e1": {"h1": {"rating": "C"}, "h2": {"rating": "N"}}})
    theirs = case(Ann={"e1": {"h1": {"rating": "C"}}}, Bob={"e2": {"h1": {"rating": "I"}}})
    code, result, _ = drive(work, json.dumps(BASE), json.dumps(ours, indent=4),
                            json.dumps(theirs))
    assert code == 0
    merged = json.loads(result)
    assert merged["ratings:Ann"]["e1"]["h2"] == {"rating": "N"}
    assert merged["ratings:Bob"]["e2"]["h1"] == {"rating": "I"}
    assert canonical_json(merged) == result


def test_two_sides_adding_the_same_file_merge_against_nothing(work: Path) -> None:
    ours = case(Ann={"e1": {"h1": {"rating": "C"}}})
    theirs = case(Bob={"e1": {"h1": {"rating": "I"}}})
    theirs["case"]["case"]["question"] = "Who really did it?"
    code, result, _ = drive(work, "", ours, theirs)
    assert code == 1  # the question differs: a field both sides set
    merged = json.loads(result)
    assert set(merged) >= {"ratings:Ann", "ratings:Bob"}
    [c] = json.loads((work / f"{PATH}.conflicts").read_text(encoding="utf-8"))["conflicts"]
    assert c["field"] == "question" and "both sides added it" in c["description"]
    assert "base" not in c


def test_what_is_not_an_ach_file_is_merged_line_by_line_as_git_would(work: Path) -> None:
    base = "[\n  1,\n  2,\n  3\n]\n"
    ours = "[\n  0,\n  2,\n  3\n]\n"
    theirs = "[\n  1,\n  2,\n  4\n]\n"
    code, result, err = drive(work, base, ours, theirs)
    assert code == 0 and result == "[\n  0,\n  2,\n  4\n]\n"
    assert "cannot be merged by meaning" in err and "line by line" in err


def test_a_version_with_conflict_markers_falls_back_to_a_line_merge(work: Path) -> None:
    broken = canonical_json(BASE).replace('"rating": "C"',
                                          '<<<<<<< ours\n"rating": "C"\n=======\n'
                                          '"rating": "I"\n>>>>>>> theirs')
    theirs = case(Bob={"e2": {"h2": {"rating": "N"}}})
    code, result, err = drive(work, BASE, broken, theirs)
    assert code == 1
    assert "conflict markers" in err
    assert "<<<<<<<" in result  # git's own markers: the file is plainly unmerged


def test_merging_the_bundled_case_with_itself_changes_nothing(bundled: Path) -> None:
    text = (bundled / "hypotheses" / "baghdad-tehran.json").read_text(encoding="utf-8")
    edited = text.replace('"title": "Baghdad hedges between Tehran and the US"',
                          '"title": "Baghdad hedges"')
    assert merge_texts(text, edited, edited).text == edited
    assert merge_texts(text, text, edited).text == edited
    both = merge_texts(text, edited, text.replace('"rating": "N"', '"rating": "NA"', 1))
    assert both.clean and '"title": "Baghdad hedges"' in both.text
    assert both.text.count('"rating": "NA"') == text.count('"rating": "NA"') + 1


def test_a_group_label_edited_two_ways_reads_as_a_dependence_group(work: Path) -> None:
    base = case(Ann={"e1": {"h1": {"rating": "C"}}})
    base["groups"] = {"g1": {"label": "One interview", "members": ["e1", "e2"], "order": 0}}
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["groups"]["g1"]["label"] = "The adviser's interview"
    theirs["groups"]["g1"]["label"] = "Al-Sumidei, 18 December"
    for how in ("module", "command"):
        code, result, _ = drive(work, base, ours, theirs, how=how)
        assert code == 1
        assert json.loads(result)["groups"]["g1"]["label"] == "The adviser's interview"
        [c] = json.loads((work / f"{PATH}.conflicts").read_text(encoding="utf-8"))["conflicts"]
        assert c["description"] == (
            'dependence group g1 ("The adviser\'s interview"), label: ours "The adviser\'s '
            'interview", theirs "Al-Sumidei, 18 December" (was "One interview")')


def test_an_outcome_and_a_key_judgment_in_conflict_are_named_plainly(work: Path) -> None:
    base = case()
    base["outcome"] = {"outcome": {"date": "2025-01-01", "hypotheses": ["h1"]}}
    base["judgments"] = {"j1": {"text": "The butler did it", "term": "likely",
                                "confidence": "low", "order": 0}}
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["outcome"]["outcome"]["date"] = "2025-02-01"
    theirs["outcome"]["outcome"]["date"] = "2025-03-01"
    ours["judgments"]["j1"]["term"] = "very likely"
    theirs["judgments"]["j1"]["term"] = "unlikely"
    code, _, _ = drive(work, base, ours, theirs)
    assert code == 1
    said = [c["description"] for c in json.loads(
        (work / f"{PATH}.conflicts").read_text(encoding="utf-8"))["conflicts"]]
    assert said == [
        'key judgment j1 ("The butler did it"), term: ours "very likely", theirs "unlikely" '
        '(was "likely")',
        'outcome, date: ours "2025-02-01", theirs "2025-03-01" (was "2025-01-01")']


def test_the_driver_loads_neither_the_models_nor_the_file_locks(work: Path) -> None:
    # git starts the driver once per merged file: it must start fast. It writes only git's
    # own temporary file, so it has no lock to take.
    code = ("import runpy, sys; sys.argv = ['ach.merge', '--help']\n"
            "try:\n    runpy.run_module('ach.merge', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'filelock'})\n"
            "print(','.join(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""
