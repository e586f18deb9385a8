"""The method's hard steps from the shell, through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ach.store import Workspace

CASE = "baghdad-tehran"


def ach(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ach", "--root", str(root),
                           "--analyst", "Dana Levi", *args],
                          capture_output=True, text=True, timeout=60)


def test_exclude_sets_an_item_aside_and_include_brings_it_back(bundled: Path) -> None:
    out = ach(bundled, "exclude", CASE, "e-14", "--reason", "only an assumption")
    assert out.returncode == 0, out.stderr
    ref = Workspace(bundled).load_case(CASE).evidence_ref("e-14")
    assert ref.excluded and ref.exclusion_reason == "only an assumption"
    scored = json.loads(ach(bundled, "score", CASE, "--json").stdout)
    before = {h["id"]: h["inconsistency"] for h in scored["hypotheses"]}
    assert ach(bundled, "include", CASE, "e-14").returncode == 0
    after = json.loads(ach(bundled, "score", CASE, "--json").stdout)
    # e-14 is rated I against h-distance: it counts again once included.
    assert {h["id"]: h["inconsistency"] for h in after["hypotheses"]}["h-distance"] == (
        before["h-distance"] + 1)


def test_sensitivity_json_agrees_with_score_linchpins(bundled: Path) -> None:
    scored = json.loads(ach(bundled, "score", CASE, "--json").stdout)
    sens = json.loads(ach(bundled, "sensitivity", CASE, "--json").stdout)
    assert {p["evidence"] for p in sens["linchpins"]} == {
        e["id"] for e in scored["evidence"] if e["linchpin"]}


def test_deception_flag_adds_a_planted_check(bundled: Path) -> None:
    assert ach(bundled, "deception", CASE, "e-06").returncode == 0
    sens = json.loads(ach(bundled, "sensitivity", CASE, "--json").stdout)
    assert [p["evidence"] for p in sens["planted"]] == ["e-06"]
    ranking = {r["id"]: r for r in sens["planted"][0]["ranking_reversed"]}
    # Reversed, e-06's CC for h-distance becomes II: h-distance can only lose ground.
    scored = {h["id"]: h for h in json.loads(ach(bundled, "score", CASE, "--json").stdout)[
        "hypotheses"]}
    assert ranking["h-distance"]["weighted_inconsistency"] > scored["h-distance"][
        "weighted_inconsistency"]


def test_breakdown_rows_add_up_to_the_score(bundled: Path) -> None:
    out = ach(bundled, "breakdown", CASE, "h-tighten")
    assert out.returncode == 0, out.stderr
    rows = [line.split() for line in out.stdout.splitlines() if line.startswith("E")]
    scored = {h["id"]: h for h in json.loads(ach(bundled, "score", CASE, "--json").stdout)[
        "hypotheses"]}
    assert abs(sum(float(r[4]) for r in rows) - scored["h-tighten"]["weighted_inconsistency"]
               ) < 0.05


def test_indicator_add_set_list(bundled: Path) -> None:
    out = ach(bundled, "indicator", "add", CASE, "h-distance", "PMF put under army command")
    assert out.returncode == 0, out.stderr
    ind_id = out.stdout.split()[2]
    out = ach(bundled, "indicator", "set", CASE, ind_id, "emerging", "--date", "2025-01-10",
              "--evidence", "e-06")
    assert out.returncode == 0, out.stderr
    listed = ach(bundled, "indicator", "list", CASE).stdout
    assert f"{ind_id}  [emerging since 2025-01-10 (E6)] PMF put under army command" in listed
    bad = ach(bundled, "indicator", "set", CASE, ind_id, "seen", "--evidence", "e-99")
    assert bad.returncode == 1 and "e-99" in bad.stderr and "Traceback" not in bad.stderr


def test_recorded_scenario_leaves_ratings_alone(bundled: Path) -> None:
    path = bundled / "hypotheses" / f"{CASE}.json"
    ratings_before = Workspace(bundled).load_case(CASE).ratings
    out = ach(bundled, "scenario", "add", CASE, "Spin", "--reverse", "e-06",
              "--set", "e-03:h-distance=C", "--exclude", "e-14")
    assert out.returncode == 0, out.stderr
    case = Workspace(bundled).load_case(CASE)
    assert case.ratings == ratings_before
    assert len(case.scenarios) == 1 and case.scenarios[0].reversed == ["e-06"]
    listed = ach(bundled, "scenario", "list", CASE).stdout
    assert "reverse E6" in listed and "exclude E14" in listed
    bad = ach(bundled, "scenario", "add", CASE, "Bad", "--set", "e-03:h-distance=XX")
    assert bad.returncode == 1 and "XX" in bad.stderr
    assert path.read_text(encoding="utf-8").count('"scenarios"') == 1
