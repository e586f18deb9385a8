"""Refs on the command line: ``ach rate CASE E3 H2 I`` and friends take refs, ids, unique
id prefixes and exact titles, and what they print names items and hypotheses by ref."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ach.breakdown import breakdown
from ach.cli import main
from ach.model import Rating
from ach.refs import hypothesis_named, hypothesis_ref, item_ref
from ach.scoring import matrix_for, score_case
from ach.store import Workspace

from .conftest import BUNDLED_CASE as CASE

ANALYST = "Dana Levi"  # who rated the bundled case


def ach(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _case(root: Path):
    return Workspace(root).open(CASE)


def test_rate_by_refs_rates_the_cell_in_case_order(bundled: Path, capsys) -> None:
    case, _ = _case(bundled)
    e3, h2 = case.evidence[2].id, case.hypotheses[1]
    code, out, err = ach(bundled, capsys, "--analyst", "Omar", "rate", CASE, "E3", "H2", "I")
    assert code == 0, err
    assert out == f"Omar rated E3 I against H2 {h2.title}\n"
    assert _case(bundled)[0].cell("Omar", e3, h2.id).rating is Rating.I


def test_rate_by_lower_case_refs_and_unique_prefixes(bundled: Path, capsys) -> None:
    code, _, err = ach(bundled, capsys, "--analyst", "Omar", "rate", CASE, "e16", "h-t", "CC")
    assert code == 0, err
    assert _case(bundled)[0].cell("Omar", "e-16", "h-tighten").rating is Rating.CC


def test_an_ambiguous_id_prefix_is_refused_in_one_line_naming_the_candidates(
        bundled: Path, capsys) -> None:
    before = (bundled / "hypotheses" / f"{CASE}.json").read_bytes()
    code, out, err = ach(bundled, capsys, "--analyst", "Omar", "rate", CASE, "e-0", "H2", "I")
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert "has 9 evidence item ids starting 'e-0'" in err
    assert "E1 e-01" in err and "E8 e-08" in err and "and 1 more" in err
    assert (bundled / "hypotheses" / f"{CASE}.json").read_bytes() == before


def test_a_unique_prefix_of_an_added_item_works(bundled: Path, capsys) -> None:
    added = f"E{len(_case(bundled)[0].evidence) + 1}"  # the case's next ref
    code, out, err = ach(bundled, capsys, "evidence", "add", CASE, "A late report",
                         "--id", "e-late-report")
    assert code == 0, err
    assert out.startswith(f"added evidence {added} A late report (e-late-report)")
    code, out, err = ach(bundled, capsys, "rate", CASE, "e-l", "H1", "C", "--analyst", ANALYST)
    assert code == 0, err
    assert out.startswith(f"{ANALYST} rated {added} C against H1 ")


def test_a_ref_past_the_end_is_refused_listing_the_refs(bundled: Path, capsys) -> None:
    code, _, err = ach(bundled, capsys, "rate", CASE, "E1", "H4", "C")
    assert code == 1
    assert f"case '{CASE}' has no hypothesis 'H4' (H1 h-distance (" in err


def test_score_names_items_and_hypotheses_by_ref(bundled: Path, capsys) -> None:
    case, library = _case(bundled)
    code, out, _ = ach(bundled, capsys, "score", CASE)
    assert code == 0
    hedge = next(n for n, h in enumerate(case.hypotheses, 1) if h.id == "h-hedge")
    assert f"   1  H{hedge} Baghdad hedges between Tehran and the US " in out
    scores = score_case(case, library.items, ANALYST)
    # The most diagnostic item, the first in case order among equals.
    top = max(case.evidence, key=lambda ref: round(scores.item(ref.id).diagnosticity, 9))
    diagnostic = out.split("most diagnostic evidence:\n")[1].splitlines()[0]
    assert diagnostic.split()[0] == item_ref(case, top.id)
    assert library.items[top.id].summary[:20] in diagnostic
    flip = next(line for line in out.splitlines() if line.startswith("flip margin"))
    plan = scores.flip_margin
    cells = "; ".join(f"{item_ref(case, c.evidence_id)} × {hypothesis_ref(case, c.hypothesis_id)}"
                      f" {c.before.value}→{c.after.value}" for c in plan.cells)
    assert f"(to {hypothesis_named(case, plan.rival)}): {cells}" in flip
    assert "e-0" not in out and "h-hedge" not in out  # no raw id in the human table


def test_score_json_keeps_ids_beside_refs(bundled: Path, capsys) -> None:
    data = json.loads(ach(bundled, capsys, "score", CASE, "--json")[1])
    assert [(h["ref"], h["id"]) for h in data["hypotheses"] if h["rank"] == 1] == [
        ("H3", "h-hedge")]
    assert data["flip_margin"]["rival"] == "h-tighten"


def test_exclude_by_ref_says_which_item_by_ref(bundled: Path, capsys) -> None:
    code, out, err = ach(bundled, capsys, "exclude", CASE, "E2", "--reason", "unverified")
    assert code == 0, err
    assert out.startswith("E2 Sistani refused US requests")
    assert "set aside from scoring" in out
    assert _case(bundled)[0].evidence[1].excluded
    code, out, _ = ach(bundled, capsys, "include", CASE, "e-02")
    assert out.startswith("E2 ") and not _case(bundled)[0].evidence[1].excluded


def test_group_by_refs_and_list_shows_refs(bundled: Path, capsys) -> None:
    case, _ = _case(bundled)
    grouped = {m for g in case.groups for m in g.members}
    # Three items in no group yet, named by ref, id and ref.
    free = [r.id for r in case.evidence if not r.excluded and r.id not in grouped][:3]
    refs = [item_ref(case, e) for e in free]
    code, out, err = ach(bundled, capsys, "group", CASE, "interview", refs[0], free[1], refs[2])
    assert code == 0, err
    assert f"group 'interview' (same-source): {', '.join(refs)} now count as one item" in out
    after = _case(bundled)[0].groups
    assert [g.label for g in after] == [*(g.label for g in case.groups), "interview"]
    assert after[-1].members == free
    code, out, _ = ach(bundled, capsys, "group", CASE, "--list")
    listed = ", ".join(f"{r} {e}" for r, e in zip(refs, free, strict=True))
    assert out.splitlines()[-1] == f"interview  (same-source)  {listed}"


def test_listings_lead_with_the_ref(bundled: Path, capsys) -> None:
    case, library = _case(bundled)
    _, out, _ = ach(bundled, capsys, "hypothesis", "list", CASE)
    assert out.splitlines() == [f"H{n}  {h.title}  ({h.id})"
                                for n, h in enumerate(case.hypotheses, 1)]
    _, out, _ = ach(bundled, capsys, "evidence", "list", CASE)
    first = out.splitlines()[0]
    assert first.startswith(f"E1   {library.items['e-01'].summary}") and first.endswith("(e-01)")
    assert out.splitlines()[15].startswith("E16  ")


def test_sensitivity_and_breakdown_name_items_by_ref(bundled: Path, capsys) -> None:
    ach(bundled, capsys, "deception", CASE, "E6")
    _, out, _ = ach(bundled, capsys, "sensitivity", CASE)
    assert "  if E6 Al-Sumidei: talks to disarm militias" in out
    case, library = _case(bundled)
    (leader,) = score_case(case, library.items, ANALYST).leaders
    assert f"leader holds: {hypothesis_named(case, leader)}" in out
    _, out, _ = ach(bundled, capsys, "breakdown", CASE, "H2")
    assert out.startswith(f"{hypothesis_named(case, case.hypotheses[1].id)}  (ratings: ")
    # The items against it, heaviest first, by ref.
    parts = breakdown(matrix_for(case, library.items, ANALYST), case.hypotheses[1].id).against
    assert len(parts) >= 4
    assert [line.split()[0] for line in out.splitlines() if line[:1] == "E"][:4] == [
        item_ref(case, c.evidence_id) for c in parts[:4]]
