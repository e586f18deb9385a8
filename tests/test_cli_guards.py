"""Guards the command line keeps for the whole workspace: one bad case does not hide the
others, removals say what goes with them, look-alike titles and empty names are refused,
and a source document may not lead out of the workspace."""

from __future__ import annotations

import json
from pathlib import Path

from ach.model import CellChange, Scenario
from ach.store import Workspace

from .conftest import BUNDLED_CASE
from .test_cli import ach, load


def test_list_names_a_corrupt_case_and_still_lists_the_others(bundled: Path) -> None:
    (bundled / "hypotheses" / "broken.json").write_text('{"meta": ', encoding="utf-8")
    out = ach(bundled, "list", expect=1)
    assert out.stdout.startswith(f"{BUNDLED_CASE}  (")
    assert "hypotheses/broken.json" in out.stderr
    assert out.stderr.count("\n") == 1


def test_removing_a_hypothesis_says_what_goes_with_it(bundled: Path) -> None:
    case, _ = load(bundled)
    hyp = case.hypotheses[0]
    cells = sum(hyp.id in row for rows in case.ratings.values() for row in rows.values())
    indicators = sum(i.hypothesis_id == hyp.id for i in case.indicators)
    assert cells > 1
    out = ach(bundled, "hypothesis", "remove", BUNDLED_CASE, hyp.id)
    assert f"with {cells} ratings and " in out.stdout
    assert f"{indicators} indicator" in out.stdout


def test_a_title_that_is_another_hypothesis_id_is_refused(bundled: Path) -> None:
    case, _ = load(bundled)
    out = ach(bundled, "hypothesis", "add", BUNDLED_CASE, case.hypotheses[1].id, expect=1)
    assert "is another hypothesis's id" in out.stderr
    assert len(load(bundled)[0].hypotheses) == len(case.hypotheses)


def test_a_title_like_a_position_ref_is_refused(bundled: Path) -> None:
    out = ach(bundled, "hypothesis", "add", BUNDLED_CASE, "H2", expect=1)
    assert "looks like a position ref" in out.stderr


def test_titles_that_differ_only_invisibly_are_refused(bundled: Path) -> None:
    case, _ = load(bundled)
    title = case.hypotheses[0].title
    hidden = title[:3] + "\u200b" + title[3:]  # a zero-width space nobody can see
    out = ach(bundled, "hypothesis", "add", BUNDLED_CASE, hidden, expect=1)
    assert "looks the same as" in out.stderr
    ach(bundled, "hypothesis", "add", BUNDLED_CASE, "Cafe\u0301 theory")
    out = ach(bundled, "hypothesis", "add", BUNDLED_CASE, "Caf\u00e9 theory", expect=1)
    assert "looks the same as" in out.stderr


def test_renaming_onto_another_title_is_refused(bundled: Path) -> None:
    case, _ = load(bundled)
    first, second = case.hypotheses[:2]
    out = ach(bundled, "hypothesis", "edit", BUNDLED_CASE, first.id, "--title",
              second.title.upper(), expect=1)
    assert "already has a hypothesis titled" in out.stderr
    assert load(bundled)[0].hypotheses[0].title == first.title


def test_an_empty_analyst_name_is_refused_not_replaced(bundled: Path) -> None:
    case, _ = load(bundled)
    item, hyp = case.evidence[0].id, case.hypotheses[0].id
    out = ach(bundled, "--analyst", "", "rate", BUNDLED_CASE, item, hyp, "I", expect=1)
    assert "--analyst must name someone" in out.stderr
    assert load(bundled)[0].ratings == case.ratings


def test_validate_flags_a_what_if_naming_removed_items(bundled: Path) -> None:
    workspace = Workspace(bundled)
    case = workspace.load_case(BUNDLED_CASE)
    item, hyp = case.evidence[0].id, case.hypotheses[0].id
    case.scenarios.append(Scenario(id="s-old", title="Old what-if", excluded=["e-gone"],
                                   cells=[CellChange(evidence_id=item, hypothesis_id="h-gone")]))
    workspace.save_case(case)
    out = ach(bundled, "validate", expect=1)
    assert "scenarios → s-old → e-gone" in out.stderr + out.stdout
    assert "scenarios → s-old → h-gone" in out.stderr + out.stdout
    assert hyp  # the real hypothesis is not reported
    assert f"s-old → {item}" not in out.stderr + out.stdout


def test_a_source_document_linking_outside_the_workspace_is_refused(bundled: Path,
                                                                    tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private words of the reader\n", encoding="utf-8")
    docs = sorted((bundled / "evidence").glob("*.txt"))
    assert docs, "the bundled case keeps its article's text"
    docs[0].unlink()
    docs[0].symlink_to(secret)
    out = ach(bundled, "validate", expect=1)
    assert "symbolic link to a file outside the workspace" in out.stderr + out.stdout
    assert json.dumps("private words") not in out.stdout


def test_validate_flags_groups_judgments_and_an_outcome_naming_what_the_case_lacks(
        bundled: Path) -> None:
    path = bundled / "hypotheses" / f"{BUNDLED_CASE}.json"
    tables = json.loads(path.read_text(encoding="utf-8"))
    item = next(iter(tables["evidence"]))
    hyp = next(iter(tables["hypotheses"]))
    # As a hand edit, or a merge of branches that each removed something, can leave it.
    tables["groups"] = {"g-1": {"label": "One interview", "members": [item, "e-gone"],
                                "order": 0}}
    tables["judgments"] = {
        "j-1": {"text": "Baghdad hedges", "term": "likely", "confidence": "moderate",
                "hypothesis_id": "h-gone", "order": 0},
        "j-2": {"text": "Sound", "term": "likely", "confidence": "low", "hypothesis_id": hyp,
                "order": 1}}
    tables["outcome"] = {"outcome": {"date": "2025-09-01", "hypotheses": [hyp, "h-lost"]}}
    path.write_text(json.dumps(tables, ensure_ascii=False, indent=2), encoding="utf-8")
    out = ach(bundled, "validate", expect=1)
    said = [line for line in (out.stderr + out.stdout).splitlines()
            if f"hypotheses/{BUNDLED_CASE}.json" in line]
    assert len(said) == 3, said
    group, judgment, outcome = said
    assert "groups → g-1 → members → e-gone" in group and "'One interview'" in group
    assert "not an item of the case" in group
    assert "judgments → j-1 → hypothesis_id" in judgment and "'h-gone'" in judgment
    assert "outcome → outcome → hypotheses → h-lost" in outcome
    assert f"→ {item}" not in out.stderr + out.stdout and "j-2" not in out.stderr + out.stdout


def test_removing_a_hypothesis_unlinks_judgments_and_the_outcome(bundled: Path) -> None:
    case, _ = load(bundled)
    hyp = case.hypotheses[0]
    ach(bundled, "judgment", BUNDLED_CASE, "--text", "It holds.", "--term", "likely",
        "--confidence", "low", "--basis", "A test", "--hypothesis", hyp.id)
    ach(bundled, "outcome", BUNDLED_CASE, hyp.id, "--date", "2025-06-01")
    ach(bundled, "hypothesis", "remove", BUNDLED_CASE, hyp.id)
    after, _ = load(bundled)
    assert after.judgments and after.judgments[-1].hypothesis_id is None
    assert after.outcome is None
    assert "ok: no problems found" in ach(bundled, "validate").stdout


def test_score_says_why_rank_and_the_matrix_reading_disagree(tmp_path: Path) -> None:
    ach(tmp_path, "new", "c", "--question", "Which?")
    ach(tmp_path, "hypothesis", "add", "c", "Supported but once contradicted")
    ach(tmp_path, "hypothesis", "add", "c", "Never contradicted, never supported")
    for n in range(5):
        ach(tmp_path, "evidence", "add", "c", f"Item {n}")
    ach(tmp_path, "--analyst", "A", "rate", "c", "E1", "H1", "I")
    for n in range(2, 6):
        ach(tmp_path, "--analyst", "A", "rate", "c", f"E{n}", "H1", "CC")
    for n in range(1, 6):
        ach(tmp_path, "--analyst", "A", "rate", "c", f"E{n}", "H2", "N")
    out = ach(tmp_path, "--analyst", "A", "score", "c").stdout
    note = next(line for line in out.splitlines() if line.startswith("note: "))
    assert "H2 Never contradicted, never supported ranks 1" in note
    assert "counts only the evidence against a hypothesis" in note
