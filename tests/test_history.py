"""``ach history``: the case at every commit that changed it, from a real git history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ach.model import Rating
from ach.store import Workspace
from tests import history_repo
from tests.history_repo import CASE, NEW, REPO, SUBJECTS, History, run

story = history_repo.story


def history_json(root: Path) -> dict:
    done = run(root, "history", CASE, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_history_lists_every_commit_that_changed_the_case_newest_first(story: History) -> None:
    found = history_json(story.root)
    assert found["case"] == CASE
    assert [c["subject"] for c in found["commits"]] == SUBJECTS
    assert [c["commit"] for c in found["commits"]] == [story.shas[s] for s in SUBJECTS]
    authors = {c["subject"]: c["author"] for c in found["commits"]}
    assert authors[f"Bob adds {NEW}"] == "Bob" and authors["drop e-05"] == "Alice"
    for c in found["commits"]:
        assert c["date"] == story.git("log", "-1", "--format=%aI", c["commit"]).strip()


def test_each_commit_reads_as_ach_score_did_at_that_commit(story: History,
                                                          tmp_path: Path) -> None:
    for c in history_json(story.root)["commits"]:
        scored = story.score(c["commit"], tmp_path / "checkout")
        assert c["probabilities"] == pytest.approx(
            {h["id"]: h["probability"] for h in scored["hypotheses"]}, abs=1e-12)
        assert c["leader"] == [h["id"] for h in scored["hypotheses"] if h["rank"] == 1]
        weighted = sorted(h["weighted_inconsistency"] for h in scored["hypotheses"])
        assert c["margin"] == pytest.approx(weighted[1] - weighted[0])
        assert c["flip_margin"] == steps(scored)
        assert c["likelihood_bands"] == {h["id"]: h["likelihood_band"]
                                         for h in scored["hypotheses"]}


def steps(scored: dict) -> int | None:
    """The flip margin as ``ach score --json`` gives it."""
    return None if scored["flip_margin"] is None else scored["flip_margin"]["steps"]


def judged(story: History, tmp_path: Path) -> History:
    """The story, then three items grouped, a key judgment written and the leader doubted."""
    clone = tmp_path / "judged"
    subprocess.run(["git", "clone", "-q", str(story.root), str(clone)], check=True)
    h = History(clone, dict(story.shas), story.clock)
    case = Workspace(clone).load_case(CASE)
    # Three counted items in no group yet (grouping one again would move it out of the
    # group the analyst made).
    grouped = {m for g in case.groups for m in g.members}
    free = [ref.id for ref in case.evidence if not ref.excluded and ref.id not in grouped]
    h.ach("group", CASE, "one interview", *free[:3], "--kind", "same-speaker")
    h.commit("group the interview", "Alice")
    h.ach("judgment", CASE, "--text", "Baghdad keeps both doors open", "--term", "likely",
          "--confidence", "moderate", "--basis", "sixteen items of one article",
          "--hypothesis", "H3", "--team")
    h.commit("key judgment", "Dana Levi")
    # Dana now finds every item she read as consistent with the hedge very inconsistent
    # with it: enough to take the lead from it.
    for ref in case.evidence:
        cell = case.ratings["Dana Levi"].get(ref.id, {}).get("h-hedge")
        if not ref.excluded and cell is not None and cell.rating in (Rating.C, Rating.CC):
            h.ach("--analyst", "Dana Levi", "rate", CASE, ref.id, "h-hedge", "II")
    h.commit("Dana doubts the hedge", "Dana Levi")
    return h


def test_the_flip_margin_at_each_commit_is_ach_scores_with_groups(story: History,
                                                                  tmp_path: Path) -> None:
    h = judged(story, tmp_path)
    commits = history_json(h.root)["commits"]
    assert [c["subject"] for c in commits[:3]] == ["Dana doubts the hedge", "key judgment",
                                                   "group the interview"]
    margins = set()
    for c in commits[:5]:
        scored = h.score(c["commit"], tmp_path / "checkout")
        assert c["flip_margin"] == steps(scored), c["subject"]
        assert c["probabilities"] == pytest.approx(
            {x["id"]: x["probability"] for x in scored["hypotheses"]}, abs=1e-12)
        assert c["judgments"] == scored["judgments"]
        margins.add(c["flip_margin"])
    assert None not in margins and len(margins) > 1  # it moved, and was a figure
    assert commits[1]["leader"] == ["h-hedge"]
    assert commits[0]["leader"] and "h-hedge" not in commits[0]["leader"]


def test_each_commit_carries_the_key_judgments_it_had(story: History, tmp_path: Path) -> None:
    h = judged(story, tmp_path)
    had = [j.text for j in Workspace(story.root).load_case(CASE).judgments]
    by_subject = {c["subject"]: c for c in history_json(h.root)["commits"]}
    assert [j["text"] for j in by_subject["group the interview"]["judgments"]] == had
    for subject in ("key judgment", "Dana doubts the hedge"):
        *kept, said = by_subject[subject]["judgments"]
        assert [j["text"] for j in kept] == had
        assert said["text"] == "Baghdad keeps both doors open"
        assert said["term"] == "likely" and said["confidence"] == "moderate"
        assert said["hypothesis_id"] == "h-hedge"
    lines = run(h.root, "history", CASE).stdout.splitlines()
    assert "'Baghdad keeps both doors open' (likely, moderate confidence, H3)" in lines[0]
    assert "Baghdad keeps both doors open" not in lines[2]


def test_history_lines_read_in_estimative_words(story: History, tmp_path: Path) -> None:
    found = history_json(story.root)["commits"][0]
    scored = story.score(found["commit"], tmp_path / "checkout")
    best = sorted(scored["hypotheses"], key=lambda x: (x["weighted_inconsistency"], x["ref"]))
    line = run(story.root, "history", CASE).stdout.splitlines()[0]
    words = ", ".join(f"{x['ref']} {x['likelihood_band']}" for x in best)
    assert f"matrix reading: {words}  |" in line
    assert f"flips in {steps(scored)} rating steps" in line
    assert "%" not in line


def test_thirty_hypotheses_show_the_top_three_and_a_count(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / ".gitconfig"))
    h = History(tmp_path / "many")
    h.root.mkdir()
    h.git("init", "-q", "-b", "main")
    h.ach("new", "many", "--question", "Which of thirty?")
    for n in range(1, 31):
        h.ach("hypothesis", "add", "many", f"Explanation number {n}", "--id", f"h-{n:02}")
    h.ach("evidence", "add", "many", "A report", "--id", "e-01")
    for n in range(1, 31):
        if n != 7:
            h.ach("--analyst", "Ann", "rate", "many", "e-01", f"h-{n:02}", "I")
    h.commit("thirty explanations", "Ann")
    done = run(h.root, "history", "many")
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    reading = line.split("  |  ")[2]
    assert reading.startswith("matrix reading: H7 ") and reading.endswith(" +27 more")
    assert reading.count(", ") == 2
    assert "leader H7" in line


def test_each_commit_says_what_it_changed_per_analyst_and_for_the_team(story: History) -> None:
    changes = {c["subject"]: c["changes"] for c in history_json(story.root)["commits"]}
    first = changes["the bundled case"]
    bundled = Workspace(REPO).load_case(CASE)
    rated = sum(len(row) for row in bundled.ratings["Dana Levi"].values())
    assert len(first["hypotheses"]["added"]) == len(bundled.hypotheses)
    assert len(first["evidence"]["added"]) == len(bundled.evidence)
    assert first["cells"] == {"team": rated, "analysts": {"Dana Levi": rated}}
    alice = changes["Alice rates two cells"]
    assert alice["analysts_joined"] == ["Alice"]
    # Alice's two cells land on cells Dana rated: whether the team's cell moves depends
    # on Dana's ratings, but Alice's own count is two.
    assert alice["cells"]["analysts"] == {"Alice": 2}
    assert changes["Alice re-rates e-01"]["cells"]["analysts"] == {"Alice": 1}
    assert changes[f"Bob adds {NEW}"]["evidence"]["added"] == [NEW]
    merged = changes["merge Bob's work"]
    # Measured against main before the merge (Alice's work): Bob's side comes in.
    assert merged["evidence"]["added"] == [NEW]
    assert merged["cells"]["analysts"] == {"Bob": 3}
    assert merged["analysts_joined"] == ["Bob"]
    assert changes["rename h-tighten"]["hypotheses"]["edited"] == ["h-tighten"]
    assert changes["rename h-tighten"]["cells"]["analysts"] == {}
    assert changes["drop e-05"]["evidence"]["removed"] == ["e-05"]
    assert changes["drop e-05"]["cells"]["analysts"] == {}  # its cells went with it
    assert changes["Dana re-rates e-04"]["cells"] == {"team": 1, "analysts": {"Dana Levi": 1}}
    assert changes[f"{NEW} is less credible"]["evidence"]["edited"] == [NEW]


def test_team_cell_counts_follow_the_consensus(story: History) -> None:
    changes = {c["subject"]: c["changes"] for c in history_json(story.root)["commits"]}
    # Bob's II on e-03 × h-distance and his I on e-01 × h-hedge meet cells Dana rated:
    # the consensus of two moves or not, depending on her ratings.
    bob = changes["Bob rates two cells"]["cells"]
    assert bob["analysts"] == {"Bob": 2}
    assert 0 <= bob["team"] <= 2


def test_history_follows_a_renamed_case_file(story: History, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(story.root), str(clone)], check=True)
    h = History(clone, clock=story.clock)
    old = clone / "hypotheses" / f"{CASE}.json"
    text = old.read_text(encoding="utf-8").replace(f'"id": "{CASE}"', '"id": "iraq-iran"')
    old.unlink()
    (clone / "hypotheses" / "iraq-iran.json").write_text(text, encoding="utf-8")
    h.commit("rename the case", "Dana Levi")
    done = run(clone, "history", "iraq-iran", "--json")
    assert done.returncode == 0, done.stderr
    renamed = json.loads(done.stdout)["commits"]
    assert [c["subject"] for c in renamed] == ["rename the case", *SUBJECTS]
    assert renamed[0]["changes"]["cells"]["analysts"] == {}  # renamed, not rewritten
    assert "skipped" not in done.stderr


def test_history_reads_no_textual(story: History) -> None:
    code = ("import sys; from ach.cli import main; "
            f"rc = main(['--root', {str(story.root)!r}, 'history', {CASE!r}]); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
            "sys.exit(3 if bad else rc)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
