"""Refs on the command line: ``ach rate CASE E3 H2 I`` and friends take refs, ids, unique
id prefixes and exact titles, and what they print names items and hypotheses by ref."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ach.cli import main
from ach.model import Rating
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
    code, out, err = ach(bundled, capsys, "evidence", "add", CASE, "A late report",
                         "--id", "e-late-report")
    assert code == 0, err
    assert out.startswith("added evidence E17 A late report (e-late-report)")
    code, out, err = ach(bundled, capsys, "rate", CASE, "e-l", "H1", "C", "--analyst", ANALYST)
    assert code == 0, err
    assert out.startswith(f"{ANALYST} rated E17 C against H1 ")


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
    diagnostic = out.split("most diagnostic evidence:\n")[1].splitlines()[0]
    assert diagnostic.split()[0] == "E6"
    assert library.items[case.evidence[5].id].summary[:20] in diagnostic
    flip = next(line for line in out.splitlines() if line.startswith("flip margin"))
    assert "(to H2 Baghdad tightens ties with Tehran): E4 × H3 N→II; E4 × H2 I→N" in flip
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
    code, out, err = ach(bundled, capsys, "group", CASE, "interview", "E4", "e-05", "E6")
    assert code == 0, err
    assert "group 'interview' (same-source): E4, E5, E6 now count as one item" in out
    assert _case(bundled)[0].groups[0].members == ["e-04", "e-05", "e-06"]
    code, out, _ = ach(bundled, capsys, "group", CASE, "--list")
    assert out == "interview  (same-source)  E4 e-04, E5 e-05, E6 e-06\n"


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
    assert "leader holds: H3 Baghdad hedges between Tehran and the US" in out
    _, out, _ = ach(bundled, capsys, "breakdown", CASE, "H2")
    assert out.startswith("H2 Baghdad tightens ties with Tehran  (ratings: ")
    assert [line.split()[0] for line in out.splitlines() if line[:1] == "E"][:4] == [
        "E4", "E5", "E6", "E16"]
