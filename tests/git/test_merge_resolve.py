"""Settling conflicts: the chosen side's value goes into the file, and what hangs on a record
removed for good goes with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ach.cli import main
from ach.jsonfile import canonical_json
from ach.merge import merge_texts, read_conflicts, write_conflicts
from ach.merge.conflict import MISSING, Conflict
from ach.merge.resolve import ResolveError, apply, parse_picks


def _case() -> dict:
    return {
        "meta": {"format": {"kind": "case", "version": 1}},
        "case": {"case": {"id": "c", "question": "q"}},
        "hypotheses": {"h1": {"title": "One", "order": 0},
                       "h2": {"title": "Two", "order": 1, "relations": {"h3": "subsumes"}},
                       "h3": {"title": "Three", "order": 2}},
        "evidence": {"e1": {"order": 0}, "e2": {"order": 1}},
        "indicators": {"i1": {"hypothesis_id": "h3", "text": "Watch", "order": 0}},
        "ratings:Ann": {"e1": {"h3": {"rating": "C"}}, "e2": {"h1": {"rating": "I"},
                                                           "h3": {"rating": "N"}}},
        "ratings:Bob": {"e2": {"h3": {"rating": "II"}}},
    }


def test_removing_a_hypothesis_for_good_takes_what_hangs_on_it() -> None:
    tables = _case()
    apply(tables, Conflict("deleted", "hypotheses", "h3", "", {"title": "Three"}, MISSING,
                           {"title": "Three"}, removed_on="ours"), "ours")
    assert tables["hypotheses"] == {"h1": {"title": "One", "order": 0},
                                    "h2": {"title": "Two", "order": 1}}
    assert tables["ratings:Ann"] == {"e2": {"h1": {"rating": "I"}}}
    assert "ratings:Bob" not in tables and "indicators" not in tables


def test_removing_an_item_for_good_takes_its_ratings_and_renumbers() -> None:
    tables = _case()
    apply(tables, Conflict("deleted", "evidence", "e1", "", {}, {}, MISSING,
                           removed_on="theirs"), "theirs")
    assert tables["evidence"] == {"e2": {"order": 0}}
    assert "e1" not in tables["ratings:Ann"]


def test_keeping_a_record_puts_it_back_if_it_went_missing_meanwhile() -> None:
    tables = _case()
    del tables["hypotheses"]["h1"]
    apply(tables, Conflict("deleted", "hypotheses", "h1", "", {"title": "One"},
                           {"title": "One, revised"}, MISSING, removed_on="theirs"), "ours")
    assert tables["hypotheses"]["h1"] == {"title": "One, revised", "order": 3}


def test_a_cell_or_field_takes_the_chosen_value_or_goes() -> None:
    tables = _case()
    apply(tables, Conflict("cell", "ratings:Bob", "e2", "h3", {"rating": "C"}, MISSING,
                           {"rating": "II"}), "ours")
    assert "ratings:Bob" not in tables  # Bob's last cell cleared: his table goes
    apply(tables, Conflict("field", "hypotheses", "h1", "description", MISSING, "Ours",
                           "Theirs"), "theirs")
    assert tables["hypotheses"]["h1"]["description"] == "Theirs"
    apply(tables, Conflict("field", "hypotheses", "h2", "relations", {}, MISSING,
                           {"h1": "subsumes"}), "ours")
    assert "relations" not in tables["hypotheses"]["h2"]


def test_picks_are_checked_against_the_list() -> None:
    conflicts = [Conflict("cell", "ratings:Ann", "e1", "h1", MISSING, 1, 2, id="c1")]
    assert parse_picks(["c1=Theirs"], conflicts) == {"c1": "theirs"}
    with pytest.raises(ResolveError, match="ID=ours or ID=theirs"):
        parse_picks(["c1=both"], conflicts)
    with pytest.raises(ResolveError, match="unresolved: c1"):
        parse_picks(["c2=ours"], conflicts)


def test_a_conflict_list_round_trips(tmp_path: Path) -> None:
    base, ours, theirs = _case(), _case(), _case()
    ours["hypotheses"]["h1"]["title"] = "Ours"
    theirs["hypotheses"]["h1"]["title"] = "Theirs"
    ours["ratings:Ann"]["e1"]["h3"] = {"rating": "CC", "reason": "ن"}
    del theirs["ratings:Ann"]["e1"]
    merged = merge_texts(*(canonical_json(v) for v in (base, ours, theirs)))
    path = tmp_path / "c.json"
    write_conflicts(path, merged.conflicts)
    back = read_conflicts(path)
    assert [c.to_json() for c in back] == [c.to_json() for c in merged.conflicts]
    assert [c.kind for c in back] == ["field", "cell"]
    assert back[1].theirs is MISSING  # theirs cleared the cell: no value, not null
    write_conflicts(path, [])
    assert not Path(f"{path}.conflicts").exists()


def test_resolve_explains_a_file_git_merged_line_by_line(bundled: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    path = bundled / "hypotheses" / "baghdad-tehran.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"rating": "C"', '<<<<<<< HEAD\n"rating": "C"\n=======\n'
                                 '"rating": "I"\n>>>>>>> bob', 1), encoding="utf-8")
    code = main(["--root", str(bundled), "resolve", "baghdad-tehran"])
    err = capsys.readouterr().err
    assert code == 1 and "conflict markers" in err and "ach remerge" in err


def test_a_damaged_conflict_list_is_one_clear_line(bundled: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = bundled / "hypotheses" / "baghdad-tehran.json"
    Path(f"{path}.conflicts").write_text("{not json", encoding="utf-8")
    before = path.read_bytes()
    code = main(["--root", str(bundled), "resolve", "baghdad-tehran", "--take", "ours"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "baghdad-tehran.json.conflicts" in err and "ach remerge" in err
    assert path.read_bytes() == before
    code = main(["--root", str(bundled), "validate"])
    assert code == 1 and "conflict list" in capsys.readouterr().err


def test_resolve_with_nothing_to_resolve(bundled: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(bundled), "resolve", "baghdad-tehran"]) == 0
    assert "no unresolved merge conflicts" in capsys.readouterr().out
    data = json.loads((bundled / "hypotheses" / "baghdad-tehran.json").read_text("utf-8"))
    assert "ratings:Dana Levi" in data
