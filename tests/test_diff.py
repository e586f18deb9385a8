"""``ach diff``: what changed between two revisions, by meaning, and its bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ach.refs import hypothesis_refs
from ach.store import Workspace
from tests import history_repo
from tests.history_repo import CASE, NEW, History, run

story = history_repo.story


def diff_json(root: Path, *revs: str) -> dict:
    done = run(root, "diff", CASE, *revs, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_diff_between_two_commits_lists_cells_items_and_hypotheses(story: History) -> None:
    before, after = story.shas["Alice re-rates e-01"], story.shas["Dana re-rates e-04"]
    found = diff_json(story.root, before, after)
    assert found["from"] == before and found["to"] == after
    cells = {(c["analyst"], c["evidence"], c["hypothesis"]): (c["old"], c["new"])
             for c in found["cells"]}
    dana = json.loads(story.git("show", f"{before}:hypotheses/{CASE}.json"))["ratings:Dana Levi"]
    was = dana["e-04"]["h-distance"]["rating"]
    assert cells == {("Bob", "e-01", "h-hedge"): (None, "I"),
                     ("Bob", "e-03", "h-distance"): (None, "II"),
                     ("Bob", NEW, "h-tighten"): (None, "CC"),
                     ("Dana Levi", "e-04", "h-distance"): (was, "II")}
    reasons = {c["evidence"]: c["new_reason"] for c in found["cells"] if c["analyst"] == "Bob"}
    assert reasons["e-01"] == "no room"
    assert found["evidence"]["added"] == [{"id": NEW,
                                           "summary": "Militia leaders visit Tehran"}]
    assert [e["id"] for e in found["evidence"]["removed"]] == ["e-05"]
    assert found["hypotheses"]["added"] == [] and found["hypotheses"]["removed"] == []
    assert found["hypotheses"]["edited"] == [{"id": "h-tighten", "fields": {"title": {
        "old": "Baghdad tightens ties with Tehran", "new": "Baghdad binds itself to Tehran"}}}]
    assert found["analysts"] == {"joined": ["Bob"], "left": []}
    assert found["before"]["leader"] == ["h-hedge"] and found["after"]["leader"] == ["h-hedge"]


def test_diff_gives_the_flip_margin_and_bands_before_and_after_as_ach_score(
        story: History, tmp_path: Path) -> None:
    before, after = story.shas["merge Bob's work"], story.shas[f"{NEW} is less credible"]
    found = diff_json(story.root, before, after)
    then = story.score(before, tmp_path / "checkout")
    now = story.score(after, tmp_path / "checkout")
    assert found["before"]["flip_margin"] == then["flip_margin"]["steps"]
    assert found["after"]["flip_margin"] == now["flip_margin"]["steps"]
    assert found["before"]["flip_margin"] != found["after"]["flip_margin"]
    assert found["after"]["likelihood_bands"] == {h["id"]: h["likelihood_band"]
                                                  for h in now["hypotheses"]}
    words = run(story.root, "diff", CASE, before, after).stdout.splitlines()
    assert words[1] == f"leader: {lead(then)} → {lead(now)}"
    assert words[2] == "the matrix's reading (assumes independent items):"
    for h in now["hypotheses"]:
        old = next(x for x in then["hypotheses"] if x["id"] == h["id"])["likelihood_band"]
        said = h["likelihood_band"] if old == h["likelihood_band"] else \
            f"{old} → {h['likelihood_band']}"
        assert f"  {h['ref']} {h['title']!r}: {said}" in words


def lead(scored: dict) -> str:
    """How ``ach diff`` names a side's lead, from ``ach score --json`` at that commit."""
    ranked = sorted(scored["hypotheses"], key=lambda h: h["weighted_inconsistency"])
    margin = ranked[1]["weighted_inconsistency"] - ranked[0]["weighted_inconsistency"]
    return (f"{ranked[0]['ref']} (margin {margin:.2f}, flips in "
            f"{scored['flip_margin']['steps']} rating steps)")


def judgments_said(case) -> list[str]:
    """Each recorded key judgment as ach diff words it."""
    refs = hypothesis_refs(case)
    return [f"{j.text!r} ({j.term.value}, {j.confidence.value} confidence"
            + (f", {refs[j.hypothesis_id]})" if j.hypothesis_id else ")")
            for j in case.judgments]


def test_diff_shows_a_key_judgment_recorded_in_between(story: History, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(story.root), str(clone)], check=True)
    had = judgments_said(Workspace(clone).load_case(CASE))
    History(clone).ach("judgment", CASE, "--text", "Baghdad keeps both doors open", "--term",
                       "very likely", "--confidence", "low", "--basis", "one article")
    words = run(clone, "diff", CASE).stdout.splitlines()
    now = [*had, "'Baghdad keeps both doors open' (very likely, low confidence)"]
    assert judgments_said(Workspace(clone).load_case(CASE)) == now
    def said(listed: list[str]) -> str:
        noun = "key judgment" if len(listed) == 1 else "key judgments"
        return f"{noun}: {'; '.join(listed)}" if listed else "no key judgment"
    assert f"before: {said(had)}" in words
    assert f"after: {said(now)}" in words
    assert "no change to the case's content" not in words


def test_diff_shows_an_item_edited_field_by_field(story: History) -> None:
    found = diff_json(story.root, story.shas["Dana re-rates e-04"],
                      story.shas[f"{NEW} is less credible"])
    assert found["evidence"]["edited"] == [{"id": NEW, "fields": {
        "credibility": {"old": "H", "new": "L"}}}]


def test_diff_defaults_to_the_last_commit_and_the_working_tree(story: History,
                                                              tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(story.root), str(clone)], check=True)
    History(clone).ach("--analyst", "Carol", "rate", CASE, "e-02", "h-hedge", "II",
                       "--reason", "no hedge")
    found = diff_json(clone)
    assert found["from"] == story.shas[f"{NEW} is less credible"] and found["to"] == "worktree"
    assert found["cells"] == [{"analyst": "Carol", "evidence": "e-02", "hypothesis": "h-hedge",
                               "old": None, "new": "II", "old_reason": None,
                               "new_reason": "no hedge"}]
    assert found["analysts"]["joined"] == ["Carol"]
    words = run(clone, "diff", CASE)
    assert "Carol: E2 × H3 'Baghdad hedges between Tehran and the US': unrated → II " \
           "(reason: no hedge)" in words.stdout


@pytest.mark.parametrize("revs, message", [
    (("no-such-rev",), "unknown revision 'no-such-rev'"),
])
def test_an_unknown_revision_is_one_line(story: History, revs, message) -> None:
    done = run(story.root, "diff", CASE, *revs)
    assert done.returncode == 1 and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_revision_without_the_case_file_is_one_line(story: History, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(story.root), str(clone)], check=True)
    h = History(clone)
    h.ach("new", "second", "--question", "What next?")
    h.commit("a second case", "Dana Levi")
    done = run(clone, "diff", "second", story.shas["the bundled case"])
    assert done.returncode == 1
    assert "hypotheses/second.json did not exist at" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_outside_a_git_repository_is_one_line(tmp_path: Path, bundled: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for command in ("diff", "history"):
        done = run(bundled, command, CASE)
        assert done.returncode == 1 and "not inside a git repository" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_a_shallow_clone_is_refused_for_history(story: History, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{story.root}", str(shallow)],
                   check=True)
    done = run(shallow, "history", CASE)
    assert done.returncode == 1 and "shallow clone" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_corrupt_commit_is_skipped_with_a_line_saying_which(story: History,
                                                              tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(story.root), str(clone)], check=True)
    h = History(clone, clock=story.clock)
    path = clone / "hypotheses" / f"{CASE}.json"
    good = path.read_text(encoding="utf-8")
    path.write_text(good[:200], encoding="utf-8")
    h.commit("cut short by accident", "Bob")
    newer = good.replace('"version": 1', '"version": 99')
    path.write_text(newer, encoding="utf-8")
    h.commit("written by a newer ach", "Bob")
    path.write_text(good, encoding="utf-8")
    h.commit("put back", "Bob")
    done = run(clone, "history", CASE, "--json")
    assert done.returncode == 0
    subjects = [c["subject"] for c in json.loads(done.stdout)["commits"]]
    assert subjects[:2] == ["put back", f"{NEW} is less credible"]
    warnings = done.stderr.strip().splitlines()  # in the order they were read: oldest first
    assert len(warnings) == 2
    assert "(cut short by accident)" in warnings[0] and "may have been cut short" in warnings[0]
    assert "(written by a newer ach)" in warnings[1] and "newer than this ach" in warnings[1]
    put_back = json.loads(done.stdout)["commits"][0]["changes"]
    assert put_back["cells"]["analysts"] == {}  # compared with the last version read


def test_diff_is_read_only(story: History) -> None:
    before = story.git("status", "--porcelain")
    run(story.root, "diff", CASE, story.shas["the bundled case"], "HEAD")
    assert story.git("status", "--porcelain") == before
