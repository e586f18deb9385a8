"""``ach history``: the case at every commit that changed it, from a real git history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
        assert c["flip_margin"] is None


def test_each_commit_reads_as_ach_score_did_at_that_commit(story: History,
                                                          tmp_path: Path) -> None:
    for c in history_json(story.root)["commits"]:
        scored = story.score(c["commit"], tmp_path / "checkout")
        assert c["probabilities"] == pytest.approx(
            {h["id"]: h["probability"] for h in scored["hypotheses"]}, abs=1e-12)
        assert c["leader"] == [h["id"] for h in scored["hypotheses"] if h["rank"] == 1]
        weighted = sorted(h["weighted_inconsistency"] for h in scored["hypotheses"])
        assert c["margin"] == pytest.approx(weighted[1] - weighted[0])


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
