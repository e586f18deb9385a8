"""Properties of the three-way merge on random files: nothing either side kept or added is lost."""

from __future__ import annotations

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ach.jsonfile import canonical_json
from ach.merge.three_way import merge_texts

IDS = [f"r{i}" for i in range(8)]
HYPS = ["h1", "h2", "h3"]
ANALYSTS = ["ratings:Ann", "ratings:Bob"]

values = st.sampled_from(["x", "y", "z", 1, 2])
records = st.dictionaries(st.sampled_from(["a", "b", "c"]), values, max_size=3)
cells = st.fixed_dictionaries({"rating": st.sampled_from(["CC", "C", "N", "I", "II", "NA"])},
                              optional={"reason": st.sampled_from(["because", "why not"])})
rows = st.dictionaries(st.sampled_from(HYPS), cells, min_size=1, max_size=3)


@st.composite
def files(draw) -> dict:
    items = draw(st.dictionaries(st.sampled_from(IDS), records, max_size=6))
    data = {"meta": {"format": {"kind": "evidence", "version": 1}},
            "items": {rid: {**rec, "order": i} for i, (rid, rec) in enumerate(items.items())}}
    for table in ANALYSTS:
        ratings = draw(st.dictionaries(st.sampled_from(IDS), rows, max_size=5))
        if ratings:
            data[table] = ratings
    return data


@st.composite
def edited(draw, base: dict, side: str) -> dict:
    """One side's version: records removed, changed and added; ratings cleared, set, added."""
    data = copy.deepcopy(base)
    items = data["items"]
    for rid in sorted(items):
        action = draw(st.sampled_from(["keep", "keep", "remove", "change"]))
        if action == "remove":
            del items[rid]
        elif action == "change":
            items[rid].update(draw(records))
    for i in range(draw(st.integers(0, 3))):
        items[f"{side}-new{i}"] = {**draw(records), "order": len(items)}
    sequence = sorted(items, key=lambda rid: items[rid]["order"])
    if draw(st.booleans()):  # this side rearranges its items
        sequence = draw(st.permutations(sequence))
    for i, rid in enumerate(sequence):  # numbered 0, 1, 2 … as ach saves them
        items[rid]["order"] = i
    for table in ANALYSTS:
        ratings = data.setdefault(table, {})
        for rid in sorted(ratings):
            if draw(st.booleans()):
                ratings[rid] = draw(rows)
        ratings.update(draw(st.dictionaries(st.sampled_from([f"{side}-e{i}" for i in range(3)]),
                                            rows, max_size=2)))
        if not ratings:
            del data[table]
    return data


def _ids(data: dict, table: str) -> set[str]:
    return set(data.get(table, {}))


def _cells(data: dict, table: str) -> set[tuple[str, str]]:
    return {(e, h) for e, row in data.get(table, {}).items() for h in row}


def _plain(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "order"}


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_no_kept_or_added_record_is_lost(data) -> None:
    base = data.draw(files())
    ours = data.draw(edited(base, "ours"))
    theirs = data.draw(edited(base, "theirs"))
    merged_text = merge_texts(canonical_json(base), canonical_json(ours),
                              canonical_json(theirs)).text
    merged = json.loads(merged_text)
    assert canonical_json(merged) == merged_text  # canonical, as ach writes it
    for table in ["items", *ANALYSTS]:
        b, o, t = (_ids(v, table) for v in (base, ours, theirs))
        got = _ids(merged, table)
        if table in ANALYSTS:  # for ratings, what is kept or added is a cell
            b, o, t, got = (_cells(v, table) for v in (base, ours, theirs, merged))
        assert (o & t) <= got, "a record both sides kept was lost"
        assert ((o - b) | (t - b)) <= got, "a record one side added was lost"
        for rid in (b - o) & t:   # removed on ours, left alone on theirs: removed
            if table == "items" and _plain(theirs[table][rid]) == _plain(base[table][rid]):
                assert rid not in got
    orders = [r["order"] for r in merged.get("items", {}).values()]
    assert sorted(orders) == list(range(len(orders)))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_merging_identical_sides_is_identity(data) -> None:
    base = data.draw(files())
    side = data.draw(edited(base, "side"))
    text = canonical_json(side)
    assert merge_texts(canonical_json(base), text, text).text == text
    assert merge_texts(text, text, text).text == text
    # one side unchanged: the other side's version, as it stands
    assert merge_texts(canonical_json(base), canonical_json(base), text).text == text


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_swapping_sides_changes_only_which_side_a_conflict_holds(data) -> None:
    base = data.draw(files())
    ours = data.draw(edited(base, "ours"))
    theirs = data.draw(edited(base, "theirs"))
    texts = canonical_json(base), canonical_json(ours), canonical_json(theirs)
    one = merge_texts(*texts)
    other = merge_texts(texts[0], texts[2], texts[1])
    assert len(one.conflicts) == len(other.conflicts)
    if not one.conflicts:
        a, b = json.loads(one.text), json.loads(other.text)
        for table in set(a) | set(b):
            assert {k: _plain(v) for k, v in a.get(table, {}).items()} == \
                {k: _plain(v) for k, v in b.get(table, {}).items()}


# -- cases: removing a hypothesis or an item takes its ratings with it ------------------------

@st.composite
def cases(draw) -> dict:
    hyps = draw(st.lists(st.sampled_from(["h1", "h2", "h3", "h4"]), unique=True, max_size=4))
    items = draw(st.lists(st.sampled_from(["e1", "e2", "e3", "e4"]), unique=True, max_size=4))
    data = {"meta": {"format": {"kind": "case", "version": 1}},
            "case": {"case": {"id": "c", "question": "q"}},
            "hypotheses": {h: {"title": h, "order": i} for i, h in enumerate(hyps)},
            "evidence": {e: {"order": i} for i, e in enumerate(items)}}
    _rate_some(draw, data, "base")
    return data


def _rate_some(draw, data: dict, side: str) -> None:
    for table in ANALYSTS:
        for e in data["evidence"]:
            for h in data["hypotheses"]:
                action = draw(st.sampled_from(["leave", "leave", "rate", "clear"]))
                rows = data.setdefault(table, {})
                if action == "rate":
                    rows.setdefault(e, {})[h] = {"rating": draw(st.sampled_from(["C", "I"])),
                                                 "reason": side}
                elif action == "clear" and h in rows.get(e, {}):
                    del rows[e][h]
                    if not rows[e]:
                        del rows[e]
        if not data.get(table):
            data.pop(table, None)


def _renumber(table: dict) -> None:
    for i, rid in enumerate(sorted(table, key=lambda r: table[r]["order"])):
        table[rid]["order"] = i


@st.composite
def case_edited(draw, base: dict, side: str) -> dict:
    data = copy.deepcopy(base)
    for h in sorted(data["hypotheses"]):
        if draw(st.integers(0, 3)) == 0:  # as 'ach hypothesis remove' does
            del data["hypotheses"][h]
            for table in ANALYSTS:
                for e in list(data.get(table, {})):
                    data[table][e].pop(h, None)
                    if not data[table][e]:
                        del data[table][e]
    for e in sorted(data["evidence"]):
        if draw(st.integers(0, 3)) == 0:  # as 'ach evidence remove' does
            del data["evidence"][e]
            for table in ANALYSTS:
                data.get(table, {}).pop(e, None)
    if draw(st.booleans()):
        data["hypotheses"][f"h-{side}"] = {"title": side, "order": len(data["hypotheses"])}
    if draw(st.booleans()):
        data["evidence"][f"e-{side}"] = {"order": len(data["evidence"])}
    _renumber(data["hypotheses"])
    _renumber(data["evidence"])
    for table in ANALYSTS:
        if not data.get(table):
            data.pop(table, None)
    _rate_some(draw, data, side)
    return data


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_merged_case_never_rates_what_it_does_not_have(data) -> None:
    base = data.draw(cases())
    ours = data.draw(case_edited(base, "ours"))
    theirs = data.draw(case_edited(base, "theirs"))
    merged_result = merge_texts(canonical_json(base), canonical_json(ours),
                                canonical_json(theirs))
    merged = json.loads(merged_result.text)
    for table in ANALYSTS:
        for e, row in merged.get(table, {}).items():
            assert e in merged["evidence"], f"{table} rates {e}, which the case lost"
            assert set(row) <= set(merged["hypotheses"]), f"{table} → {e} rates a lost hypothesis"
    for table in ("hypotheses", "evidence"):
        b, o, t = _ids(base, table), _ids(ours, table), _ids(theirs, table)
        assert (o & t) | (o - b) | (t - b) <= _ids(merged, table)
    removed_but_kept = {c.record for c in merged_result.conflicts if c.kind == "deleted"}
    for table in ("hypotheses", "evidence"):
        for rid in _ids(merged, table) - (_ids(ours, table) & _ids(theirs, table)):
            # a record one side removed stays only as a conflict for the analyst to confirm
            assert rid in removed_but_kept or rid not in base[table]
