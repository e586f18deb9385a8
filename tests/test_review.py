"""``ach outcome`` and ``ach review``: past readings scored against what happened."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests import history_repo
from tests.history_repo import CASE, NEW, SUBJECTS, History, run

story = history_repo.story


@pytest.fixture
def settled(story: History, tmp_path: Path) -> History:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(story.root), str(clone)], check=True)
    h = History(clone, dict(story.shas), story.clock)
    done = run(clone, "outcome", CASE, "H2", "--date", "2025-09-01", "--note", "closer ties")
    assert done.returncode == 0, done.stderr
    return h


def test_outcome_is_recorded_in_the_case_file(settled: History) -> None:
    tables = json.loads((settled.root / "hypotheses" / f"{CASE}.json").read_text("utf-8"))
    assert tables["outcome"] == {"outcome": {"hypotheses": ["h-tighten"],
                                             "date": "2025-09-01", "note": "closer ties"}}


def test_review_scores_each_commit_as_ach_score_read_it(settled: History,
                                                       tmp_path: Path) -> None:
    done = run(settled.root, "review", CASE, "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["outcome"]["hypotheses"] == ["h-tighten"]
    assert found["outcome"]["date"] == "2025-09-01"
    assert [c["commit"] for c in found["commits"]] == [settled.shas[s] for s in SUBJECTS]
    for c in found["commits"]:
        scored = settled.score(c["commit"], tmp_path / "checkout")
        expected = sum((h["probability"] - (h["id"] == "h-tighten")) ** 2
                       for h in scored["hypotheses"])
        assert c["brier"] == pytest.approx(expected, abs=1e-12)
    # Each analyst's own matrix, at the commits where they had rated something.
    alice = [c["analysts"]["Alice"] for c in found["commits"] if "Alice" in c["analysts"]]
    assert len(alice) == 7  # her own two, then the five on main from the merge on
    assert found["analysts"]["Alice"] == pytest.approx(sum(alice) / len(alice))
    assert set(found["analysts"]) == {"Alice", "Bob", "Dana Levi"}


def test_review_names_the_items_that_misled(settled: History) -> None:
    found = json.loads(run(settled.root, "review", CASE, "--json").stdout)
    verdicts = {v["id"]: v for v in found["evidence"]}
    # Bob rated his new item CC against h-tighten, which held.
    assert "h-tighten" in verdicts[NEW]["right"]
    weights = [v["weight"] for v in found["evidence"]]
    assert weights == sorted(weights, reverse=True)


def test_an_outcome_twice_is_refused_unless_replaced(settled: History) -> None:
    path = settled.root / "hypotheses" / f"{CASE}.json"
    before = path.read_bytes()
    done = run(settled.root, "outcome", CASE, "H1", "--date", "2025-10-01")
    assert done.returncode == 1 and "already records an outcome" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before
    done = run(settled.root, "outcome", CASE, "H1", "H3", "--date", "2025-10-01", "--replace")
    assert done.returncode == 0, done.stderr
    tables = json.loads(path.read_text("utf-8"))
    assert tables["outcome"]["outcome"]["hypotheses"] == ["h-distance", "h-hedge"]


def test_an_outcome_naming_no_hypothesis_of_the_case_is_refused(story: History,
                                                                 tmp_path: Path) -> None:
    path = story.root / "hypotheses" / f"{CASE}.json"
    before = path.read_bytes()
    done = run(story.root, "outcome", CASE, "H7", "--date", "2025-10-01")
    assert done.returncode == 1 and "has no hypothesis 'H7'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_overtaken_by_events_scores_nothing(settled: History) -> None:
    run(settled.root, "outcome", CASE, "--overtaken", "--date", "2025-10-01", "--replace")
    found = json.loads(run(settled.root, "review", CASE, "--json").stdout)
    assert found["outcome"]["hypotheses"] == [] and found["outcome"]["overtaken"] is True
    assert all(c["brier"] is None for c in found["commits"])


def test_review_without_an_outcome_says_how_to_record_one(story: History) -> None:
    done = run(story.root, "review", CASE)
    assert done.returncode == 1 and "records no outcome" in done.stderr
