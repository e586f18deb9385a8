"""The `ach` command as a user runs it: the installed entry point, in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ach.model import Cell, Rating
from ach.refs import hypothesis_named, hypothesis_ref
from ach.scoring import score_case
from ach.store import Workspace

from .conftest import BUNDLED_CASE

_SCRIPT = Path(sys.executable).with_name("ach")
ACH = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ach"]
ANALYST = "Dana Levi"  # who rated the bundled case


def ach(root: Path | None, *args: str, cwd: Path | None = None, expect: int | None = 0,
        ) -> subprocess.CompletedProcess[str]:
    """Run ``ach [--root ROOT] ARGS…``; with ``expect`` given, check the exit code."""
    argv = [*ACH, *(["--root", str(root)] if root is not None else []), *args]
    out = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=60,
                         env={**os.environ, "COLUMNS": "120"})
    if expect is not None:
        assert out.returncode == expect, f"{args}: {out.returncode}\n{out.stdout}\n{out.stderr}"
    assert "Traceback" not in out.stderr, out.stderr
    return out


def load(root: Path, case_id: str = BUNDLED_CASE):
    return Workspace(root).open(case_id)


# -- list and new ------------------------------------------------------------------------

def test_list_shows_each_case_with_its_counts(bundled: Path) -> None:
    out = ach(bundled, "list").stdout
    case, _ = load(bundled)
    assert out.splitlines()[0] == (f"{BUNDLED_CASE}  ({len(case.hypotheses)} hypotheses, "
                                   f"{len(case.evidence)} evidence items, 1 analyst)")
    assert case.question in out


def test_list_finds_the_workspace_from_a_subfolder(bundled: Path) -> None:
    out = ach(None, "list", cwd=bundled / "evidence").stdout
    assert out.startswith(f"{BUNDLED_CASE}  (")


def test_new_starts_a_workspace_and_list_shows_the_case(tmp_path: Path) -> None:
    out = ach(tmp_path, "new", "lab-leak", "--question", "Where did it start?")
    assert "created case 'lab-leak'" in out.stdout
    assert (tmp_path / "hypotheses" / "lab-leak.json").is_file()
    listed = ach(tmp_path, "list").stdout
    assert listed.splitlines() == [
        "lab-leak  (0 hypotheses, 0 evidence items, 0 analysts)", "    Where did it start?"]


def test_list_on_an_empty_workspace_says_how_to_begin(tmp_path: Path) -> None:
    (tmp_path / "hypotheses").mkdir()
    assert "ach new CASE" in ach(tmp_path, "list").stdout


# -- hypotheses ------------------------------------------------------------------------------

def test_hypothesis_add_edit_remove(tmp_path: Path) -> None:
    ach(tmp_path, "new", "c", "--question", "Q?")
    ach(tmp_path, "hypothesis", "add", "c", "Natural spillover", "--id", "h-nat")
    out = ach(tmp_path, "hypothesis", "add", "c", "Lab accident",
              "--description", "A research accident")
    assert out.stdout.startswith("added hypothesis H2 Lab accident (h-")
    generated = out.stdout.split()[-1].strip("()")
    assert generated.startswith("h-") and generated != "h-nat"
    listed = ach(tmp_path, "hypothesis", "list", "c").stdout.splitlines()
    assert listed == ["H1  Natural spillover  (h-nat)", f"H2  Lab accident  ({generated})"]

    ach(tmp_path, "hypothesis", "edit", "c", "Lab accident", "--title", "Lab leak")
    case, _ = load(tmp_path, "c")
    assert [(h.id, h.title) for h in case.hypotheses] == [("h-nat", "Natural spillover"),
                                                         (generated, "Lab leak")]
    assert case.hypotheses[1].description == "A research accident"

    ach(tmp_path, "hypothesis", "remove", "c", "h-nat")
    case, _ = load(tmp_path, "c")
    assert [h.id for h in case.hypotheses] == [generated]


def test_removing_a_hypothesis_removes_its_ratings(bundled: Path) -> None:
    ach(bundled, "hypothesis", "remove", BUNDLED_CASE, "h-hedge")
    case, _ = load(bundled)
    assert "h-hedge" not in {h for row in case.ratings[ANALYST].values() for h in row}
    assert all(len(row) == 2 for row in case.ratings[ANALYST].values())


def test_a_duplicate_hypothesis_title_is_refused(bundled: Path) -> None:
    case, _ = load(bundled)
    out = ach(bundled, "hypothesis", "add", BUNDLED_CASE, case.hypotheses[0].title, expect=1)
    assert "already has a hypothesis titled" in out.stderr


# -- sources and evidence ------------------------------------------------------------------------

def test_evidence_add_edit_remove(tmp_path: Path) -> None:
    ach(tmp_path, "new", "c", "--question", "Q?")
    ach(tmp_path, "source", "add", "who-2021", "--title", "WHO study", "--published",
        "2021-03-30")
    out = ach(tmp_path, "evidence", "add", "c", "Early cases cluster at the market",
              "--source", "who-2021", "--quote", "“many early cases”", "--type", "report",
              "--credibility", "H", "--relevance", "low", "--date", "2019-12-31",
              "--said-by", "WHO")
    assert out.stdout.startswith("added evidence E1 Early cases cluster at the market (e-")
    item_id = out.stdout.split()[-1].strip("()")
    ach(tmp_path, "evidence", "add", "c", "Labs in the city handle such viruses",
        "--type", "assumption", "--id", "e-assume")
    case, library = load(tmp_path, "c")
    item = library.items[item_id]
    assert [r.id for r in case.evidence] == [item_id, "e-assume"]
    assert (item.source_id, item.quote, item.type.value, item.credibility.value,
            item.relevance.value, str(item.date), item.said_by) == (
        "who-2021", "“many early cases”", "report", "H", "L", "2019-12-31", "WHO")
    assert library.items["e-assume"].source_id is None
    assert (tmp_path / "evidence" / "who-2021.json").is_file()
    assert (tmp_path / "evidence" / "no-source.json").is_file()

    ach(tmp_path, "evidence", "edit", "c", item_id, "--credibility", "M", "--summary",
        "Early cases cluster near the market")
    _, library = load(tmp_path, "c")
    assert library.items[item_id].credibility.value == "M"
    assert library.items[item_id].summary == "Early cases cluster near the market"
    assert library.items[item_id].quote == "“many early cases”"

    out = ach(tmp_path, "evidence", "remove", "c", item_id)
    assert "evidence/who-2021.json" in out.stdout
    case, library = load(tmp_path, "c")
    assert [r.id for r in case.evidence] == ["e-assume"]
    assert item_id in library.items, "the item stays in the library for other cases"


def test_removing_evidence_removes_its_ratings(bundled: Path) -> None:
    ach(bundled, "evidence", "remove", BUNDLED_CASE, "e-03")
    case, _ = load(bundled)
    assert "e-03" not in case.ratings[ANALYST]
    assert not case.uses("e-03")


# -- rating ----------------------------------------------------------------------------------

def test_rate_by_id_and_by_exact_title_keeping_the_reason(bundled: Path) -> None:
    case, _ = load(bundled)
    title = case.hypothesis("h-distance").title
    ach(bundled, "--analyst", "Omar", "rate", BUNDLED_CASE, "e-01", "h-tighten", "II",
        "--reason", "Blinken's pitch cuts against closer ties")
    out = ach(bundled, "--analyst", "Omar", "rate", BUNDLED_CASE, "e-01", title, "c")
    assert f"Omar rated E1 C against H1 {title}" in out.stdout
    case, _ = load(bundled)
    assert case.cell("Omar", "e-01", "h-tighten").rating is Rating.II
    assert case.cell("Omar", "e-01", "h-distance").rating is Rating.C
    # Re-rating without --reason keeps the reason already given.
    ach(bundled, "--analyst", "Omar", "rate", BUNDLED_CASE, "e-01", "h-tighten", "I")
    cell = load(bundled)[0].cell("Omar", "e-01", "h-tighten")
    assert (cell.rating, cell.reason) == (Rating.I, "Blinken's pitch cuts against closer ties")
    # The first analyst's ratings are untouched.
    assert load(bundled)[0].ratings[ANALYST] == case.ratings[ANALYST]


def test_rate_clear_removes_the_cell(bundled: Path) -> None:
    out = ach(bundled, "--analyst", ANALYST, "rate", BUNDLED_CASE, "e-02", "h-hedge", "clear")
    assert "cleared" in out.stdout
    case, _ = load(bundled)
    assert case.cell(ANALYST, "e-02", "h-hedge") is None
    assert case.cell(ANALYST, "e-02", "h-tighten") is not None


def test_the_analyst_defaults_to_git_user_name_then_login(bundled: Path) -> None:
    ach(bundled, "rate", BUNDLED_CASE, "e-01", "h-hedge", "NA")
    assert load(bundled)[0].cell("tester", "e-01", "h-hedge").rating is Rating.NA
    subprocess.run(["git", "init", "-q", str(bundled)], check=True)
    subprocess.run(["git", "-C", str(bundled), "config", "user.name", "Rana Aziz"], check=True)
    ach(bundled, "rate", BUNDLED_CASE, "e-01", "h-hedge", "CC")
    assert load(bundled)[0].cell("Rana Aziz", "e-01", "h-hedge").rating is Rating.CC


# -- score -------------------------------------------------------------------------------------

def test_score_table_ranks_the_hypotheses(bundled: Path) -> None:
    out = ach(bundled, "score", BUNDLED_CASE).stdout
    case, library = load(bundled)
    scores = score_case(case, library.items, ANALYST)
    lines = out.splitlines()
    assert lines[0] == f"{BUNDLED_CASE}: {case.question}"
    assert lines[1] == f"ratings: {ANALYST}"
    titles = {h.id: h.title for h in case.hypotheses}
    table = [line for line in lines if line[:4].strip().isdigit()]
    assert len(table) == len(case.hypotheses)
    for line, h in zip(table, scores.ranked, strict=True):
        assert line.split()[0] == str(h.rank)
        assert titles[h.id][:30] in line
        assert f"{h.weighted_inconsistency:.2f}" in line
    assert "independent" in out


def test_changing_a_rating_without_a_reason_says_the_old_reason_stays(bundled: Path) -> None:
    case, _ = load(bundled)
    # Any cell the analyst rated I with a reason will do.
    item, hyp, old = next((e, h, c) for e, row in case.ratings[ANALYST].items()
                          for h, c in row.items() if c.rating is Rating.I and c.reason)
    out = ach(bundled, "rate", BUNDLED_CASE, item, hyp, "C", "--analyst", ANALYST).stdout
    assert f"kept the reason given for I: {old.reason!r}" in out
    assert load(bundled)[0].cell(ANALYST, item, hyp) == Cell(rating=Rating.C, reason=old.reason)
    out = ach(bundled, "rate", BUNDLED_CASE, item, hyp, "N", "--analyst", ANALYST,
              "--reason", "").stdout
    assert "kept" not in out
    assert load(bundled)[0].cell(ANALYST, item, hyp) == Cell(rating=Rating.N)


def test_score_warns_when_the_leader_leads_on_unrated_cells(bundled: Path) -> None:
    assert "unrated" not in ach(bundled, "score", BUNDLED_CASE).stdout  # all rated
    case, library = load(bundled)
    (leader,) = score_case(case, library.items, ANALYST).leaders
    counted = sum(not ref.excluded for ref in case.evidence)
    # Clearing one of the leader's N cells leaves every figure, and so the lead, as it was.
    item = next(ref.id for ref in case.evidence if not ref.excluded
                and case.cell(ANALYST, ref.id, leader).rating is Rating.N)
    ach(bundled, "rate", BUNDLED_CASE, item, leader, "clear", "--analyst", ANALYST)
    out = ach(bundled, "score", BUNDLED_CASE).stdout
    assert f"unrated (count as neutral): {hypothesis_ref(case, leader)} 1 of {counted}" in out
    assert (f"warning: {hypothesis_named(case, leader)} leads with 1 of its {counted} items "
            "unrated, more than another") in out


def test_score_json_is_exactly_the_documented_object(bundled: Path) -> None:
    data = json.loads(ach(bundled, "score", BUNDLED_CASE, "--json").stdout)
    assert set(data) == {"case", "question", "hypotheses", "evidence", "analysts",
                         "flip_margin", "judgments"}
    assert all(set(h) == {"id", "ref", "title", "inconsistency", "weighted_inconsistency",
                          "probability", "likelihood_band", "rank", "warnings"}
               for h in data["hypotheses"])
    assert all(set(e) == {"id", "ref", "diagnosticity", "linchpin", "group"}
               for e in data["evidence"])
    case, library = load(bundled)
    scores = score_case(case, library.items, ANALYST)
    assert (data["case"], data["question"], data["analysts"]) == (
        BUNDLED_CASE, case.question, [ANALYST])
    assert [h["id"] for h in data["hypotheses"]] == [h.id for h in case.hypotheses]
    for got, want in zip(data["hypotheses"], scores.hypotheses, strict=True):
        assert got["title"] == case.hypothesis(want.id).title
        assert got["rank"] == want.rank and isinstance(got["rank"], int)
        assert got["inconsistency"] == pytest.approx(want.inconsistency)
        assert got["weighted_inconsistency"] == pytest.approx(want.weighted_inconsistency)
        assert got["probability"] == pytest.approx(want.probability)
    assert sum(h["probability"] for h in data["hypotheses"]) == pytest.approx(1.0)
    assert [(e["id"], e["linchpin"]) for e in data["evidence"]] == [
        (e.id, e.linchpin) for e in scores.evidence]
    assert [e["diagnosticity"] for e in data["evidence"]] == pytest.approx(
        [e.diagnosticity for e in scores.evidence])


def test_score_follows_a_rating_change(bundled: Path) -> None:
    before = json.loads(ach(bundled, "score", BUNDLED_CASE, "--json").stdout)
    ach(bundled, "--analyst", ANALYST, "rate", BUNDLED_CASE, "e-03", "h-hedge", "II")
    after = json.loads(ach(bundled, "score", BUNDLED_CASE, "--json").stdout)
    hedge = [next(h for h in d["hypotheses"] if h["id"] == "h-hedge") for d in (before, after)]
    case, library = load(bundled)
    assert hedge[1]["inconsistency"] > hedge[0]["inconsistency"]
    assert hedge[1]["weighted_inconsistency"] == pytest.approx(
        score_case(case, library.items, ANALYST).hypothesis("h-hedge").weighted_inconsistency)


def test_score_by_analyst_and_by_team(bundled: Path) -> None:
    for evidence_id in ("e-01", "e-02", "e-03"):
        for hyp in ("h-distance", "h-tighten", "h-hedge"):
            ach(bundled, "--analyst", "Omar", "rate", BUNDLED_CASE, evidence_id, hyp, "II")
    case, library = load(bundled)
    for argv, view in ((["--analyst", "Omar"], "Omar"), (["--analyst", ANALYST], ANALYST),
                       ([], None), (["--team"], None)):
        data = json.loads(ach(bundled, "score", BUNDLED_CASE, "--json", *argv).stdout)
        want = score_case(case, library.items, view)
        assert [h["weighted_inconsistency"] for h in data["hypotheses"]] == pytest.approx(
            [h.weighted_inconsistency for h in want.hypotheses]), argv
        assert data["analysts"] == sorted([ANALYST, "Omar"])
    assert "team consensus of 2 analysts" in ach(bundled, "score", BUNDLED_CASE).stdout
    out = ach(bundled, "--analyst", "Nobody", "score", BUNDLED_CASE, expect=1)
    assert "'Nobody' has rated nothing" in out.stderr


# -- the matrix CSV ------------------------------------------------------------------------------

def _sheet(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_matrix_writes_the_spreadsheet_layout(bundled: Path) -> None:
    text = ach(bundled, "export-matrix", BUNDLED_CASE).stdout
    case, library = load(bundled)
    rows = _sheet(text)
    assert rows[0] == ["id", "evidence", "type", "source", "date", "credibility", "relevance",
                       *(h.title for h in case.hypotheses)]
    assert [r[0] for r in rows[1:]] == [ref.id for ref in case.evidence]
    e03 = next(r for r in rows if r[0] == "e-03")
    item = library.items["e-03"]
    assert e03[1:7] == [item.summary, item.type.value, "Iraq at a crossroads after Assad's fall",
                        "", item.credibility.value, "H"]
    assert e03[7:] == [case.cell(ANALYST, "e-03", h.id).rating.value for h in case.hypotheses]
    ach(bundled, "export-matrix", BUNDLED_CASE, "-o", str(bundled.parent / "m.csv"))
    assert (bundled.parent / "m.csv").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("bom", [False, True], ids=["plain", "with-BOM"])
def test_import_matrix_round_trips_an_export(bundled: Path, tmp_path: Path, bom: bool) -> None:
    exported = ach(bundled, "export-matrix", BUNDLED_CASE).stdout
    path = tmp_path / "matrix.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + exported.encode("utf-8"))
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    out = ach(fresh, "--analyst", "Omar", "import-matrix", str(path), "--case", "copy",
              "--question", "Copied?", cwd=tmp_path)
    original, lib = load(bundled)
    assert (f"imported {len(original.evidence)} evidence items × {len(original.hypotheses)} "
            "hypotheses into case 'copy'") in out.stdout
    copy, copy_lib = load(fresh, "copy")
    assert copy.question == "Copied?"
    assert [h.title for h in copy.hypotheses] == [h.title for h in original.hypotheses]
    assert [r.id for r in copy.evidence] == [r.id for r in original.evidence]
    assert [copy_lib.items[r.id].summary for r in copy.evidence] == [
        lib.items[r.id].summary for r in original.evidence]
    by_title = {h.title: h.id for h in copy.hypotheses}
    for ref in original.evidence:
        for hyp in original.hypotheses:
            mine = original.cell(ANALYST, ref.id, hyp.id)
            theirs = copy.cell("Omar", ref.id, by_title[hyp.title])
            assert (theirs.rating if theirs else None) == (mine.rating if mine else None)
    # And the copy exports to the very same sheet.
    assert ach(fresh, "export-matrix", "copy").stdout == exported
    assert ach(fresh, "validate").returncode == 0


def test_import_matrix_with_empty_cells_ids_and_codes_in_words(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("id,evidence,type,source,date,credibility,relevance,Spillover,Lab leak\n"
                    ",Market cluster,report,WHO study,2019-12-31,High,medium,C,I\n"
                    "e-own,No sequences released,absence of evidence,,,low,H,,very consistent\n",
                    encoding="utf-8")
    ach(tmp_path, "--analyst", "ann", "import-matrix", str(path), "--case", "lab")
    case, library = load(tmp_path, "lab")
    assert case.question == "m"
    first, second = (library.items[r.id] for r in case.evidence)
    assert second.id == "e-own" and first.id.startswith("e-")
    assert (first.credibility.value, first.relevance.value, first.type.value) == ("H", "M",
                                                                                 "report")
    assert library.sources[first.source_id].title == "WHO study"
    assert second.type.value == "absence" and second.source_id is None
    hyps = [h.id for h in case.hypotheses]
    assert case.cell("ann", "e-own", hyps[0]) is None
    assert case.cell("ann", "e-own", hyps[1]).rating is Rating.CC


# -- validate -----------------------------------------------------------------------------------

def test_validate_passes_the_bundled_case(bundled: Path) -> None:
    out = ach(bundled, "validate")
    assert out.stdout.strip() == "ok: no problems found" and out.stderr == ""


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def test_validate_lists_every_problem_with_file_and_location(bundled: Path) -> None:
    case_file = bundled / "hypotheses" / f"{BUNDLED_CASE}.json"
    source_file = bundled / "evidence" / "israel-hayom-2024-12-25.json"

    def break_case(d: dict) -> None:
        d[f"ratings:{ANALYST}"]["e-01"]["h-hedge"]["rating"] = "maybe"
        d[f"ratings:{ANALYST}"]["e-02"]["h-gone"] = {"rating": "C"}
        d["hypotheses"]["h-tighten"]["colour"] = "red"

    _edit(case_file, break_case)
    _edit(source_file, lambda d: d["items"]["e-05"].update(credibility="sure"))
    (bundled / "evidence" / "no-source.json").write_text('{"meta": {"format": ', "utf-8")
    out = ach(bundled, "validate", expect=1)
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    expected = [
        f"hypotheses/{BUNDLED_CASE}.json: ratings:{ANALYST} → e-01 → h-hedge → rating: ",
        f"hypotheses/{BUNDLED_CASE}.json: hypotheses → h-tighten → colour: unknown field",
        f"hypotheses/{BUNDLED_CASE}.json: ratings:{ANALYST} → e-02 → h-gone: rates an unknown "
        "hypothesis",
        "evidence/israel-hayom-2024-12-25.json: items → e-05 → credibility: ",
        "evidence/no-source.json: line 1 column ",
        # The items of the unreadable file are missing, so the case's references to them are too.
        f"hypotheses/{BUNDLED_CASE}.json: evidence → e-14: uses an evidence item (E14) "
        "that no file",
    ]
    for start in expected:
        assert sum(line.startswith(start) for line in lines) == 1, (start, lines)
    assert lines[-1] == f"{len(lines) - 1} problems found"


def test_validate_checks_only_the_paths_given(bundled: Path) -> None:
    _edit(bundled / "evidence" / "israel-hayom-2024-12-25.json",
          lambda d: d["items"]["e-05"].update(credibility="sure"))
    ach(bundled, "validate", str(bundled / "hypotheses"), cwd=bundled)
    # A path relative to the current folder names the same files the library is read from:
    # each is read once (not twice, which would report every id as a duplicate).
    out = ach(bundled, "validate", "evidence", cwd=bundled, expect=1)
    lines = out.stderr.splitlines()
    assert len(lines) == 2 and lines[1] == "1 problem found", lines
    assert lines[0].startswith("evidence/israel-hayom-2024-12-25.json: items → e-05 → "
                               "credibility")


def test_validating_a_sources_text_checks_the_items_that_quote_it(bundled: Path) -> None:
    text = "evidence/israel-hayom-2024-12-25.txt"
    assert ach(bundled, "validate", text, cwd=bundled).stdout.startswith("ok")
    # A quote its text no longer holds is found through the record beside it.
    _edit(bundled / "evidence" / "israel-hayom-2024-12-25.json",
          lambda d: d["items"]["e-05"].update(quote="Words nobody ever wrote down."))
    out = ach(bundled, "validate", text, cwd=bundled, expect=1)
    assert out.stderr.startswith("evidence/israel-hayom-2024-12-25.json: items → e-05")


def test_validating_a_file_that_is_no_ach_file_says_so(bundled: Path) -> None:
    (bundled / "notes.md").write_text("# my notes\n", encoding="utf-8")
    out = ach(bundled, "validate", "notes.md", cwd=bundled, expect=1)
    assert out.stderr.splitlines()[0] == ("notes.md: is not an ACH file (those are the .json "
                                          "files in hypotheses/ and evidence/)")
