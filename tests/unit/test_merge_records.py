"""The three-way merge of one table, and the text layout the fast path relies on."""

from __future__ import annotations

import json

import pytest

from ach.jsonfile import canonical_json
from ach.merge.conflict import MISSING
from ach.merge.layout import join_object, split_object, value_text
from ach.merge.records import merge_order, merge_set, merge_table, merge_value


def test_merge_value_takes_the_side_that_changed() -> None:
    assert merge_value("a", "a", "b") == ("b", False)
    assert merge_value("a", "c", "a") == ("c", False)
    assert merge_value("a", "d", "d") == ("d", False)
    assert merge_value("a", "c", "b") == ("c", True)
    assert merge_value(MISSING, "x", MISSING) == ("x", False)


def test_fields_of_one_record_merge_separately() -> None:
    base = {"h1": {"title": "Old", "description": "old text"}}
    ours = {"h1": {"title": "New title", "description": "old text"}}
    theirs = {"h1": {"title": "Old", "description": "better text"}}
    conflicts: list = []
    merged = merge_table("hypotheses", base, ours, theirs, conflicts)
    assert merged == {"h1": {"title": "New title", "description": "better text"}}
    assert conflicts == []


def test_same_field_changed_two_ways_is_a_conflict_holding_ours() -> None:
    conflicts: list = []
    merged = merge_table("hypotheses", {"h1": {"title": "A"}}, {"h1": {"title": "B"}},
                         {"h1": {"title": "C"}}, conflicts)
    assert merged == {"h1": {"title": "B"}}
    [c] = conflicts
    assert (c.kind, c.table, c.record, c.field) == ("field", "hypotheses", "h1", "title")
    assert (c.base, c.ours, c.theirs) == ("A", "B", "C")


def test_ratings_merge_per_cell_and_a_rating_travels_with_its_reason() -> None:
    base = {"e1": {"h1": {"rating": "C"}, "h2": {"rating": "N"}}}
    ours = {"e1": {"h1": {"rating": "CC", "reason": "stronger"}, "h2": {"rating": "N"}}}
    theirs = {"e1": {"h1": {"rating": "C"}, "h2": {"rating": "I", "reason": "contradicts"}}}
    conflicts: list = []
    merged = merge_table("ratings:Ann", base, ours, theirs, conflicts)
    assert merged == {"e1": {"h1": {"rating": "CC", "reason": "stronger"},
                             "h2": {"rating": "I", "reason": "contradicts"}}}
    assert conflicts == []
    # The same cell: one side changed the rating, the other only the reason — a conflict,
    # because the reason argues for a rating.
    conflicts = []
    merge_table("ratings:Ann", base, {"e1": {"h1": {"rating": "I"}}},
                {"e1": {"h1": {"rating": "C", "reason": "why"}}}, conflicts)
    assert [(c.kind, c.record, c.field) for c in conflicts] == [("cell", "e1", "h1")]


def test_a_cell_cleared_on_one_side_and_changed_on_the_other_conflicts() -> None:
    conflicts: list = []
    merged = merge_table("ratings:Ann", {"e1": {"h1": {"rating": "C"}}}, {},
                         {"e1": {"h1": {"rating": "II"}}}, conflicts)
    assert merged == {}  # ours cleared it: the file holds ours until resolved
    [c] = conflicts
    assert c.ours is MISSING and c.theirs == {"rating": "II"}


def test_a_record_removed_on_one_side_and_changed_on_the_other_is_kept() -> None:
    base = {"i1": {"text": "Troops leave", "order": 0}, "i2": {"text": "Talks", "order": 1}}
    ours = {"i2": {"text": "Talks", "order": 0}}
    theirs = {"i1": {"text": "Troops leave by June", "order": 0},
              "i2": {"text": "Talks", "order": 1}}
    conflicts: list = []
    merged = merge_table("indicators", base, ours, theirs, conflicts)
    assert merged == {"i1": {"text": "Troops leave by June", "order": 0},
                      "i2": {"text": "Talks", "order": 1}}
    [c] = conflicts
    assert (c.kind, c.record, c.removed_on) == ("deleted", "i1", "ours")


def test_a_record_removed_on_one_side_and_only_renumbered_on_the_other_goes() -> None:
    base = {"a": {"t": 1, "order": 0}, "b": {"t": 2, "order": 1}, "c": {"t": 3, "order": 2}}
    ours = {"a": {"t": 1, "order": 0}, "c": {"t": 3, "order": 1}}
    theirs = {"b": {"t": 2, "order": 0}, "c": {"t": 3, "order": 1}, "a": {"t": 1, "order": 2}}
    conflicts: list = []
    merged = merge_table("items", base, ours, theirs, conflicts)
    assert conflicts == []
    assert set(merged) == {"a", "c"}


def test_both_sides_appending_keeps_ours_first_then_theirs_renumbered() -> None:
    base = {"a": {"order": 0}, "b": {"order": 1}}
    ours = {**base, "x": {"order": 2}, "y": {"order": 3}}
    theirs = {**base, "p": {"order": 2}}
    conflicts: list = []
    merged = merge_table("evidence", base, ours, theirs, conflicts)
    assert conflicts == []
    assert sorted(merged, key=lambda k: merged[k]["order"]) == ["a", "b", "x", "y", "p"]
    assert [merged[k]["order"] for k in ("a", "b", "x", "y", "p")] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(("ours", "theirs", "expected"), [
    (["a", "b", "c"], ["c", "a", "b"], ["c", "a", "b"]),          # theirs moved c up
    (["b", "a", "c"], ["a", "b", "c", "t"], ["b", "a", "c", "t"]),  # ours reordered, theirs added
    (["a", "o", "b", "c"], ["a", "t", "b", "c"], ["a", "o", "t", "b", "c"]),  # same spot
    (["a", "c"], ["a", "b", "c", "t"], ["a", "c", "t"]),        # b removed on ours
])
def test_merge_order(ours, theirs, expected) -> None:
    keep = set(ours) | set(theirs)
    if "b" not in ours and "b" in theirs:
        keep.discard("b")
    assert merge_order(["a", "b", "c"], ours, theirs, keep) == expected


def test_tags_merge_as_a_set() -> None:
    assert merge_set(["x", "y"], ["x", "y", "ours"], ["y", "theirs"]) == ["y", "ours", "theirs"]
    conflicts: list = []
    merged = merge_table("items", {"e": {"tags": ["x"], "order": 0}},
                         {"e": {"tags": ["x", "a"], "order": 0}},
                         {"e": {"tags": ["b"], "order": 0}}, conflicts)
    assert conflicts == []
    assert merged["e"]["tags"] == ["a", "b"]


def test_split_and_join_reproduce_the_canonical_text() -> None:
    data = {"meta": {"format": {"kind": "case", "version": 1}},
            "ratings:Dana \"D\" Levi": {"e-1": {"h-1": {"rating": "C", "reason": "ن\n\"q\""}}},
            "ratings:Ann": {}, "hypotheses": {"h-1": {"title": "T", "order": 0}}}
    text = canonical_json(data)
    tables = split_object(text[:-1], 2)
    assert tables is not None and set(tables) == set(data)
    assert join_object(tables, 2) + "\n" == text
    rows = split_object(tables["ratings:Dana \"D\" Levi"], 4)
    assert rows is not None and json.loads(rows["e-1"]) == data["ratings:Dana \"D\" Levi"]["e-1"]
    assert join_object(rows, 4) == value_text(data["ratings:Dana \"D\" Levi"], 2)


@pytest.mark.parametrize("text", [
    '{"meta": {"format": {}}}',                      # one line
    '{\n    "meta": {}\n}',                          # four spaces
    '{\n  "b": {},\n  "a": {}\n}',                   # keys out of order
    '{\n  "a": {\n  "x": 1\n  }\n}',                 # a record at its table's indent
    '{\n  "a": {\n  "x": 1,\n  "y": 2\n  }\n}',
])
def test_other_layouts_are_not_split(text) -> None:
    assert split_object(text, 2) is None
