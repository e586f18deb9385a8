"""Dependence groups, key judgments, refutability and the new score fields, from the shell."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

from ach.model import Cell, Rating
from ach.store import Workspace
from tests.test_method_cli import CASE, ach


def scored(root: Path) -> dict:
    out = ach(root, "score", CASE, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_group_counts_its_items_once_and_removing_it_restores_the_scores(bundled: Path,
                                                                          ) -> None:
    before = scored(bundled)
    out = ach(bundled, "group", CASE, "al-Sumidei interview", "E4", "e-05", "E6",
              "--kind", "same-speaker")
    assert out.returncode == 0, out.stderr
    after = scored(bundled)
    groups = {e["id"]: e["group"] for e in after["evidence"]}
    assert [groups[e] for e in ("e-04", "e-05", "e-06")] == ["al-Sumidei interview"] * 3
    assert groups["e-01"] is None
    plain = {h["id"]: h["inconsistency"] for h in before["hypotheses"]}
    assert {h["id"]: h["inconsistency"] for h in after["hypotheses"]} == plain
    weighted = {h["id"]: h["weighted_inconsistency"] for h in after["hypotheses"]}
    assert weighted != {h["id"]: h["weighted_inconsistency"] for h in before["hypotheses"]}
    listed = ach(bundled, "group", CASE, "--list").stdout
    assert "al-Sumidei interview  (same-speaker)  E4 e-04, E5 e-05, E6 e-06" in listed
    assert ach(bundled, "group", CASE, "--remove", "al-Sumidei interview").returncode == 0
    assert scored(bundled) == before


def test_a_case_without_the_new_records_is_written_back_byte_for_byte(bundled: Path) -> None:
    path = bundled / "hypotheses" / f"{CASE}.json"
    original = path.read_bytes()
    ws = Workspace(bundled)
    ws.save_case(ws.load_case(CASE))
    assert path.read_bytes() == original


def test_groups_and_judgments_live_in_tables_of_their_own(bundled: Path) -> None:
    assert ach(bundled, "group", CASE, "restated", "e-03", "e-14", "--kind",
               "derived").returncode == 0
    assert ach(bundled, "judgment", CASE, "--text", "Baghdad keeps hedging", "--term",
               "likely", "--confidence", "moderate", "--basis", "one article").returncode == 0
    tables = json.loads((bundled / "hypotheses" / f"{CASE}.json").read_text("utf-8"))
    (group,) = tables["groups"].values()
    assert (group["label"], group["kind"], group["members"]) == (
        "restated", "derived", ["e-03", "e-14"])
    (judgment,) = tables["judgments"].values()
    assert (judgment["term"], judgment["leaders_then"]) == ("likely", ["h-hedge"])


def test_key_judgments_are_recorded_listed_and_removed(bundled: Path) -> None:
    out = ach(bundled, "judgment", CASE, "--text", "Baghdad will keep hedging", "--term",
              "almost certain", "--confidence", "low", "--basis", "one article",
              "--hypothesis", "H3")
    assert out.returncode == 0, out.stderr
    listed = ach(bundled, "judgment", CASE, "--list").stdout
    assert "1. Baghdad will keep hedging [H3 Baghdad hedges between Tehran and the US]" in listed
    assert "almost certain, low confidence; basis: one article" in listed
    (entry,) = scored(bundled)["judgments"]
    assert (entry["term"], entry["confidence"], entry["hypothesis_id"]) == (
        "almost certain", "low", "h-hedge")
    assert ach(bundled, "judgment", CASE, "--remove", "1").returncode == 0
    assert scored(bundled)["judgments"] == []


def test_a_judgment_far_from_the_matrix_is_flagged(bundled: Path) -> None:
    out = ach(bundled, "judgment", CASE, "--text", "Baghdad distances itself", "--term",
              "likely", "--confidence", "high", "--basis", "hope", "--hypothesis",
              "h-distance")
    assert "warning: says 'likely' where the matrix reads 'almost no chance'" in out.stdout


def test_a_bad_term_is_one_line_and_leaves_the_file_alone(bundled: Path) -> None:
    path = bundled / "hypotheses" / f"{CASE}.json"
    original = path.read_bytes()
    out = ach(bundled, "judgment", CASE, "--text", "x", "--term", "probable",
              "--confidence", "low")
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "unknown estimative term 'probable'" in out.stderr
    assert "Traceback" not in out.stderr
    assert path.read_bytes() == original


def test_score_json_gives_refs_bands_and_the_flip_margin(bundled: Path) -> None:
    data = scored(bundled)
    assert [h["ref"] for h in data["hypotheses"]] == ["H1", "H2", "H3"]
    assert [e["ref"] for e in data["evidence"]][:3] == ["E1", "E2", "E3"]
    bands = {h["id"]: h["likelihood_band"] for h in data["hypotheses"]}
    assert bands == {"h-hedge": "almost certain", "h-tighten": "almost no chance",
                     "h-distance": "almost no chance"}
    assert data["flip_margin"] == {"steps": 3, "rival": "h-tighten"}
    text = ach(bundled, "score", CASE).stdout
    assert "the matrix's reading (assumes independent items)" in text
    assert ">99.9" not in text
    assert "it would take 3 one-step rating changes to change the conclusion" in text


def test_a_leader_nothing_could_refute_is_warned_until_a_refutation_is_recorded(
        bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    case.indicators = [i for i in case.indicators if i.hypothesis_id != "h-hedge"]
    ws.save_case(case)
    warnings = {h["id"]: h["warnings"] for h in scored(bundled)["hypotheses"]}
    assert warnings == {"h-hedge": ["unrefutable"], "h-tighten": [], "h-distance": []}
    out = ach(bundled, "hypothesis", "edit", CASE, "H3", "--refuted-by",
              "Baghdad expels the US-led coalition before September 2025")
    assert out.returncode == 0, out.stderr
    assert all(not h["warnings"] for h in scored(bundled)["hypotheses"])


def test_rate_accepts_position_refs(bundled: Path) -> None:
    out = ach(bundled, "rate", CASE, "E1", "H2", "II")
    assert out.returncode == 0, out.stderr
    case = Workspace(bundled).load_case(CASE)
    assert case.cell("Dana Levi", case.evidence[0].id, case.hypotheses[1].id).rating is Rating.II


def test_sensitivity_shows_the_flip_margin_and_each_whole_source(bundled: Path) -> None:
    assert ach(bundled, "group", CASE, "interview", "e-04", "e-05", "e-06").returncode == 0
    data = json.loads(ach(bundled, "sensitivity", CASE, "--json").stdout)
    assert data["flip_margin"]["steps"] == scored(bundled)["flip_margin"]["steps"]
    kinds = {(s["kind"], s["label"]) for s in data["without_sets"]}
    assert ("group", "interview") in kinds
    assert any(kind == "source" for kind, _ in kinds)
    assert "without group interview (3 items)" in ach(bundled, "sensitivity", CASE).stdout


def test_analysts_on_opposite_sides_of_neutral_disagree_largely(bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    e, h = case.evidence[0].id, case.hypotheses[0].id
    case.set_cell("Dana Levi", e, h, Cell(rating=Rating.C))
    case.set_cell("Omar Haddad", e, h, Cell(rating=Rating.I))
    ws.save_case(case)
    data = json.loads(ach(bundled, "analysts", CASE, "--json").stdout)
    (cell,) = [c for c in data["disputed"] if (c["evidence"], c["hypothesis"]) == (e, h)]
    assert math.isclose(cell["spread"], 1.0)
    assert cell["band"] == "large"


def test_git_merges_groups_and_judgments_record_by_record(bundled: Path) -> None:
    from ach.merge.three_way import merge_texts
    from ach.store import case_from_tables

    path = bundled / "hypotheses" / f"{CASE}.json"
    base = path.read_text("utf-8")
    assert ach(bundled, "group", CASE, "interview", "e-04", "e-05").returncode == 0
    ours = path.read_text("utf-8")
    path.write_text(base, "utf-8")
    assert ach(bundled, "judgment", CASE, "--text", "Hedging", "--term", "likely",
               "--confidence", "low").returncode == 0
    theirs = path.read_text("utf-8")
    merged = merge_texts(base, ours, theirs)
    assert merged.clean
    case = case_from_tables(path, json.loads(merged.text))
    assert [g.label for g in case.groups] == ["interview"]
    assert [j.text for j in case.judgments] == ["Hedging"]


def test_one_speaker_on_one_occasion_given_split_credibility_is_warned(bundled: Path) -> None:
    # The bundled case rates al-Sumidei's three quotes of one interview differently credible.
    out = ach(bundled, "score", CASE).stdout
    assert "is given different credibility on E4, E5, E6" in out
    ws = Workspace(bundled)
    library = ws.open(CASE)[1]
    for key in ("e-04", "e-05", "e-06"):
        library.items[key].credibility = library.items["e-04"].credibility
    ws.save_library(library, [library.file_key(library.items["e-04"])])
    assert "different credibility" not in ach(bundled, "score", CASE).stdout


def _suggestible(root: Path) -> None:
    """The bundled case with two items of one interview and an assumption restating a third
    (written here, so a revision of the bundled case cannot change what is tested)."""
    from ach.model import CaseEvidence, Evidence, EvidenceType
    ws = Workspace(root)
    case, library = ws.open(CASE)
    said = dict(source_id="israel-hayom-2024-12-25", said_by="Jane Roe", date=dt.date(2024, 1, 2))
    library.items["e-s1"] = Evidence(id="e-s1", summary="Talks are under way", **said)
    library.items["e-s2"] = Evidence(id="e-s2", summary="No date is set", **said)
    library.items["e-s3"] = Evidence(id="e-s3", summary="Militia leaders fear a ceasefire deal",
                                     type=EvidenceType.ASSUMPTION)
    library.items["e-s4"] = Evidence(id="e-s4", summary="Militia leaders fear the ceasefire "
                                     "deal, officials report")
    case.evidence += [CaseEvidence(id=e) for e in ("e-s1", "e-s2", "e-s3", "e-s4")]
    ws.save_library(library)
    ws.save_case(case)


def test_group_suggest_offers_groups_and_groups_nothing(bundled: Path) -> None:
    _suggestible(bundled)
    path = bundled / "hypotheses" / f"{CASE}.json"
    before = path.read_bytes()
    out = ach(bundled, "group", CASE, "--suggest")
    assert out.returncode == 0, out.stderr
    assert "Jane Roe, israel-hayom-2024-12-25, 2024-01-02  (same-speaker" in out.stdout
    assert "e-s1, e-s2" in out.stdout
    assert "e-s3 restates e-s4  (derived" in out.stdout
    assert path.read_bytes() == before  # offered, never applied
    # Each suggestion comes with the command that makes it; running it groups the items,
    # and the suggestion is no longer offered.
    label = "Jane Roe, israel-hayom-2024-12-25, 2024-01-02"
    assert ach(bundled, "group", CASE, label, "e-s1", "e-s2", "--kind",
               "same-speaker").returncode == 0
    assert "Jane Roe" not in ach(bundled, "group", CASE, "--suggest").stdout
