"""Dependence groups, key judgments, refutability and the new score fields, from the shell."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

from ach.cautions import FAR_BANDS
from ach.estimative import band, distance
from ach.model import Cell, EstimativeTerm, Level, Rating
from ach.refs import hypothesis_named, item_ref
from ach.scoring import score_case
from ach.store import Workspace
from tests.test_method_cli import CASE, ach


def scored(root: Path) -> dict:
    out = ach(root, "score", CASE, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def ungrouped(root: Path) -> list[str]:
    """The case's counted items in no dependence group, in case order (grouping them
    again would move them out of the group the analyst made)."""
    case = Workspace(root).load_case(CASE)
    grouped = {m for g in case.groups for m in g.members}
    return [ref.id for ref in case.evidence if not ref.excluded and ref.id not in grouped]


def test_a_group_counts_its_items_once_and_removing_it_restores_the_scores(bundled: Path,
                                                                          ) -> None:
    case = Workspace(bundled).load_case(CASE)
    refs = {ref.id: f"E{i}" for i, ref in enumerate(case.evidence, 1)}
    free = ungrouped(bundled)
    # Three free items, one of them inconsistent with something, so the discount shows.
    inconsistent = next(e for e in free if any(
        c.rating in (Rating.I, Rating.II) for c in case.ratings["Dana Levi"][e].values()))
    members = [inconsistent, *[e for e in free if e != inconsistent][:2]]
    members.sort(key=list(refs).index)
    before = scored(bundled)
    out = ach(bundled, "group", CASE, "one interview", refs[members[0]], members[1],
              refs[members[2]], "--kind", "same-speaker")
    assert out.returncode == 0, out.stderr
    after = scored(bundled)
    groups = {e["id"]: e["group"] for e in after["evidence"]}
    assert [groups[e] for e in members] == ["one interview"] * 3
    assert all(groups[e] is None for e in free if e not in members)
    plain = {h["id"]: h["inconsistency"] for h in before["hypotheses"]}
    assert {h["id"]: h["inconsistency"] for h in after["hypotheses"]} == plain
    weighted = {h["id"]: h["weighted_inconsistency"] for h in after["hypotheses"]}
    assert weighted != {h["id"]: h["weighted_inconsistency"] for h in before["hypotheses"]}
    listed = ach(bundled, "group", CASE, "--list").stdout
    assert ("one interview  (same-speaker)  "
            + ", ".join(f"{refs[m]} {m}" for m in members)) in listed
    assert ach(bundled, "group", CASE, "--remove", "one interview").returncode == 0
    assert scored(bundled) == before


def test_a_case_without_the_new_records_is_written_back_byte_for_byte(bundled: Path) -> None:
    path = bundled / "hypotheses" / f"{CASE}.json"
    original = path.read_bytes()
    ws = Workspace(bundled)
    ws.save_case(ws.load_case(CASE))
    assert path.read_bytes() == original


def test_groups_and_judgments_live_in_tables_of_their_own(bundled: Path) -> None:
    path = bundled / "hypotheses" / f"{CASE}.json"
    had = json.loads(path.read_text("utf-8"))
    pair = ungrouped(bundled)[:2]
    assert ach(bundled, "group", CASE, "restated", *pair, "--kind",
               "derived").returncode == 0
    assert ach(bundled, "judgment", CASE, "--text", "Baghdad keeps hedging", "--term",
               "likely", "--confidence", "moderate", "--basis", "one article").returncode == 0
    tables = json.loads(path.read_text("utf-8"))
    (group,) = [g for key, g in tables["groups"].items() if key not in had.get("groups", {})]
    assert (group["label"], group["kind"], group["members"]) == ("restated", "derived", pair)
    (judgment,) = [j for key, j in tables["judgments"].items()
                   if key not in had.get("judgments", {})]
    leaders = [h["id"] for h in scored(bundled)["hypotheses"] if h["rank"] == 1]
    assert (judgment["term"], judgment["leaders_then"]) == ("likely", leaders)


def test_key_judgments_are_recorded_listed_and_removed(bundled: Path) -> None:
    had = scored(bundled)["judgments"]
    number = len(had) + 1  # the new judgment comes after the analyst's own
    out = ach(bundled, "judgment", CASE, "--text", "Baghdad will keep hedging", "--term",
              "almost certain", "--confidence", "low", "--basis", "one article",
              "--hypothesis", "H3")
    assert out.returncode == 0, out.stderr
    listed = ach(bundled, "judgment", CASE, "--list").stdout
    hedge = hypothesis_named(Workspace(bundled).load_case(CASE), "h-hedge")
    assert f"{number}. Baghdad will keep hedging [{hedge}]" in listed
    assert "almost certain, low confidence; basis: one article" in listed
    *kept, entry = scored(bundled)["judgments"]
    assert kept == had
    assert (entry["term"], entry["confidence"], entry["hypothesis_id"]) == (
        "almost certain", "low", "h-hedge")
    assert ach(bundled, "judgment", CASE, "--remove", str(number)).returncode == 0
    assert scored(bundled)["judgments"] == had


def test_a_judgment_far_from_the_matrix_is_flagged(bundled: Path) -> None:
    # The least probable hypothesis, judged likely: far from what the matrix reads.
    case, library = Workspace(bundled).open(CASE)
    least = min(score_case(case, library.items, "Dana Levi").hypotheses,
                key=lambda h: h.probability)
    reading = band(least.probability)
    assert distance(reading, EstimativeTerm.LIKELY) >= FAR_BANDS
    out = ach(bundled, "judgment", CASE, "--text", "Baghdad distances itself", "--term",
              "likely", "--confidence", "high", "--basis", "hope", "--hypothesis", least.id)
    assert f"warning: says 'likely' where the matrix reads '{reading.value}'" in out.stdout


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
    case, library = Workspace(bundled).open(CASE)
    scores = score_case(case, library.items, "Dana Levi")
    bands = {h["id"]: h["likelihood_band"] for h in data["hypotheses"]}
    assert bands == {h.id: band(h.probability).value for h in scores.hypotheses}
    flip = scores.flip_margin
    assert data["flip_margin"] == {"steps": flip.steps, "rival": flip.rival}
    text = ach(bundled, "score", CASE).stdout
    assert "the matrix's reading (assumes independent items)" in text
    assert ">99.9" not in text
    assert (f"it would take {flip.steps} one-step rating changes to change the conclusion"
            in text)


def test_a_leader_nothing_could_refute_is_warned_until_a_refutation_is_recorded(
        bundled: Path) -> None:
    ws = Workspace(bundled)
    case = ws.load_case(CASE)
    (leader,) = [h["id"] for h in scored(bundled)["hypotheses"] if h["rank"] == 1]
    # Take away all the leader's case says could refute it: its indicators and its refutation.
    case.indicators = [i for i in case.indicators if i.hypothesis_id != leader]
    case.hypothesis(leader).refuted_by = ""
    ws.save_case(case)
    warnings = {h["id"]: h["warnings"] for h in scored(bundled)["hypotheses"]}
    assert warnings == {h.id: ["unrefutable"] if h.id == leader else [] for h in case.hypotheses}
    ref = f"H{[h.id for h in case.hypotheses].index(leader) + 1}"
    out = ach(bundled, "hypothesis", "edit", CASE, ref, "--refuted-by",
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
    had = Workspace(bundled).load_case(CASE)
    assert ach(bundled, "group", CASE, "interview", *ungrouped(bundled)[:2]).returncode == 0
    ours = path.read_text("utf-8")
    path.write_text(base, "utf-8")
    assert ach(bundled, "judgment", CASE, "--text", "Hedging", "--term", "likely",
               "--confidence", "low").returncode == 0
    theirs = path.read_text("utf-8")
    merged = merge_texts(base, ours, theirs)
    assert merged.clean
    case = case_from_tables(path, json.loads(merged.text))
    assert [g.label for g in case.groups] == [*(g.label for g in had.groups), "interview"]
    assert [j.text for j in case.judgments] == [*(j.text for j in had.judgments), "Hedging"]


def test_one_speaker_on_one_occasion_given_split_credibility_is_warned(bundled: Path) -> None:
    ws = Workspace(bundled)
    case, library = ws.open(CASE)
    # The case's first occasion with several quotes: one source, one speaker, one date.
    occasions: dict[tuple, list[str]] = {}
    for ref in case.evidence:
        item = library.items[ref.id]
        if item.source_id and item.said_by and item.date:
            occasions.setdefault((item.source_id, item.said_by, item.date), []).append(item.id)
    quotes = next(ids for ids in occasions.values() if len(ids) > 1)
    first, last = library.items[quotes[0]], library.items[quotes[-1]]
    for key in quotes:
        library.items[key].credibility = first.credibility
    ws.save_library(library, [library.file_key(first)])
    assert "different credibility" not in ach(bundled, "score", CASE).stdout
    last.credibility = Level.H if first.credibility is not Level.H else Level.L
    ws.save_library(library, [library.file_key(first)])
    out = ach(bundled, "score", CASE).stdout
    named = ", ".join(item_ref(case, q) for q in quotes)
    assert f"is given different credibility on {named}" in out


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
