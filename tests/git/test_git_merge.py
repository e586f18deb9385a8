"""Analysts rating on their own branches, merged with real git through our merge driver."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ach.cli import main
from ach.jsonfile import canonical_json

CASE = "baghdad-tehran"
CASE_FILE = Path("hypotheses") / f"{CASE}.json"
NO_SOURCE_FILE = Path("evidence") / "no-source.json"


class Repo:
    """A workspace in a git repository, worked on with real git and the ach command."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys
        self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "the bundled case")

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["git", "-c", "user.name=Tester", "-c", "user.email=t@example.org",
                               *args], cwd=self.root, capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done

    def ach(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--root", str(self.root), *args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def ok(self, *args: str) -> str:
        code, out, err = self.ach(*args)
        assert code == 0, f"ach {' '.join(args)} failed: {err}"
        return out

    def branch(self, name: str, start: str = "main") -> None:
        self.git("checkout", "-q", "-b", name, start)

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def merge(self, other: str) -> subprocess.CompletedProcess[str]:
        return self.git("merge", "--no-edit", other, check=False)

    def tables(self, path: Path = CASE_FILE) -> dict:
        return json.loads((self.root / path).read_text(encoding="utf-8"))

    def cell(self, analyst: str, evidence: str, hypothesis: str) -> dict | None:
        return self.tables().get(f"ratings:{analyst}", {}).get(evidence, {}).get(hypothesis)


@pytest.fixture
def repo(bundled: Path, capsys: pytest.CaptureFixture[str]) -> Repo:
    return Repo(bundled, capsys)


@pytest.fixture
def team(repo: Repo) -> Repo:
    """The repository with the merge driver set up, as `ach git-setup` leaves it, committed."""
    repo.ok("git-setup")
    repo.commit("merge our files by meaning")
    return repo


def _alice_and_bob(repo: Repo) -> None:
    repo.branch("alice")
    repo.ok("--analyst", "Alice", "rate", CASE, "e-01", "h-hedge", "CC", "--reason",
            "Courting by Washington gives Baghdad room to hedge")
    repo.ok("--analyst", "Alice", "rate", CASE, "e-02", "h-distance", "II", "--reason",
            "Without Sistani's cover a break is out of reach")
    repo.commit("Alice rates")
    repo.branch("bob")
    repo.ok("--analyst", "Bob", "rate", CASE, "e-01", "h-hedge", "I", "--reason",
            "A US pitch says nothing about Baghdad's answer")
    repo.ok("--analyst", "Bob", "rate", CASE, "e-03", "h-tighten", "C", "--reason",
            "Pressure to withdraw fits a tighter embrace")
    repo.commit("Bob rates")


@pytest.mark.parametrize(("into", "other"), [("alice", "bob"), ("bob", "alice")])
def test_two_analysts_merge_cleanly_either_way(team: Repo, into: str, other: str) -> None:
    danas = team.cell("Dana Levi", "e-01", "h-hedge")
    assert danas is not None
    _alice_and_bob(team)
    team.git("checkout", "-q", into)
    done = team.merge(other)
    assert done.returncode == 0, done.stdout + done.stderr
    assert team.cell("Alice", "e-01", "h-hedge") == {
        "rating": "CC", "reason": "Courting by Washington gives Baghdad room to hedge"}
    assert team.cell("Alice", "e-02", "h-distance")["rating"] == "II"
    assert team.cell("Bob", "e-01", "h-hedge") == {
        "rating": "I", "reason": "A US pitch says nothing about Baghdad's answer"}
    assert team.cell("Bob", "e-03", "h-tighten")["rating"] == "C"
    assert team.cell("Dana Levi", "e-01", "h-hedge") == danas  # untouched work stays
    assert "ok: no problems found" in team.ok("validate")
    assert not (team.root / f"{CASE_FILE}.conflicts").exists()
    text = (team.root / CASE_FILE).read_text(encoding="utf-8")
    assert canonical_json(json.loads(text)) == text
    assert "Alice" in team.ok("analysts", CASE) and "Bob" in team.ok("analysts", CASE)


def test_either_way_gives_the_same_file(team: Repo) -> None:
    _alice_and_bob(team)
    team.git("checkout", "-q", "-b", "alice-first", "alice")
    assert team.merge("bob").returncode == 0
    one = (team.root / CASE_FILE).read_text(encoding="utf-8")
    team.git("checkout", "-q", "-b", "bob-first", "bob")
    assert team.merge("alice").returncode == 0
    assert (team.root / CASE_FILE).read_text(encoding="utf-8") == one


def test_both_add_evidence_and_hypotheses(team: Repo) -> None:
    team.branch("alice")
    team.ok("--analyst", "Alice", "hypothesis", "add", CASE, "Baghdad plays for time",
            "--id", "h-alice")
    team.ok("--analyst", "Alice", "evidence", "add", CASE, "Alice: no militia was disarmed",
            "--type", "absence", "--id", "e-alice")
    team.ok("--analyst", "Alice", "rate", CASE, "e-alice", "h-alice", "CC")
    team.commit("Alice adds")
    team.branch("bob")
    team.ok("--analyst", "Bob", "hypothesis", "add", CASE, "Tehran pulls back on its own",
            "--id", "h-bob")
    team.ok("--analyst", "Bob", "evidence", "add", CASE, "Bob: the PMF law stalls",
            "--type", "assumption", "--id", "e-bob")
    team.ok("--analyst", "Bob", "rate", CASE, "e-bob", "h-bob", "I", "--reason", "stall")
    team.commit("Bob adds")
    team.git("checkout", "-q", "alice")
    done = team.merge("bob")
    assert done.returncode == 0, done.stdout + done.stderr
    case = team.tables()
    order = sorted(case["hypotheses"], key=lambda h: case["hypotheses"][h]["order"])
    assert order[-2:] == ["h-alice", "h-bob"]  # ours first, then theirs, after the old ones
    assert sorted(case["hypotheses"][h]["order"] for h in order) == list(range(len(order)))
    evidence = sorted(case["evidence"], key=lambda e: case["evidence"][e]["order"])
    assert evidence[-2:] == ["e-alice", "e-bob"]
    assert team.cell("Alice", "e-alice", "h-alice") == {"rating": "CC"}
    assert team.cell("Bob", "e-bob", "h-bob") == {"rating": "I", "reason": "stall"}
    items = team.tables(NO_SOURCE_FILE)["items"]
    assert {"e-alice", "e-bob"} <= set(items)
    assert items["e-bob"]["summary"] == "Bob: the PMF law stalls"
    assert "ok: no problems found" in team.ok("validate")
    listed = team.ok("hypothesis", "list", CASE)
    assert "Baghdad plays for time" in listed and "Tehran pulls back on its own" in listed


def _dana_twice(repo: Repo) -> None:
    """Dana Levi rates the same cell two ways on two branches, and retitles a hypothesis."""
    repo.branch("first")
    repo.ok("--analyst", "Dana Levi", "rate", CASE, "e-02", "h-hedge", "II", "--reason",
            "On reflection a hedge needs cover too")
    repo.ok("hypothesis", "edit", CASE, "h-hedge", "--title", "Baghdad hedges, for now")
    repo.commit("first")
    repo.branch("second")
    repo.ok("--analyst", "Dana Levi", "rate", CASE, "e-02", "h-hedge", "CC", "--reason",
            "Talks are what hedging looks like")
    repo.ok("hypothesis", "edit", CASE, "h-hedge", "--title", "Baghdad keeps both patrons")
    repo.commit("second")
    repo.git("checkout", "-q", "first")


def test_a_genuine_conflict_stops_the_merge_and_is_resolved(team: Repo) -> None:
    _dana_twice(team)
    done = team.merge("second")
    assert done.returncode != 0
    assert "CONFLICT" in done.stdout
    assert "e-02 against h-hedge" in done.stderr  # the driver names what conflicts
    # The file still loads and holds ours; the conflicts are listed beside it.
    assert team.cell("Dana Levi", "e-02", "h-hedge")["rating"] == "II"
    assert "Baghdad hedges, for now" in team.ok("score", CASE)
    listing = json.loads((team.root / f"{CASE_FILE}.conflicts").read_text(encoding="utf-8"))
    found = {(c["table"], c["record"], c.get("field")): c for c in listing["conflicts"]}
    cell = found[("ratings:Dana Levi", "e-02", "h-hedge")]
    assert (cell["ours"]["rating"], cell["theirs"]["rating"], cell["base"]["rating"]) == \
        ("II", "CC", "C")
    title = found[("hypotheses", "h-hedge", "title")]
    assert (title["ours"], title["theirs"]) == ("Baghdad hedges, for now",
                                              "Baghdad keeps both patrons")
    code, _, err = team.ach("validate")
    assert code == 1 and "2 conflicts unresolved" in err and f"ach resolve {CASE}" in err

    listed = team.ok("resolve", CASE, "--list")
    assert cell["id"] in listed and title["id"] in listed
    before = (team.root / CASE_FILE).read_bytes()
    code, _, err = team.ach("resolve", CASE, "--pick", "c9=theirs")
    assert code == 1 and "no unresolved conflict 'c9'" in err
    assert (team.root / CASE_FILE).read_bytes() == before

    out = team.ok("resolve", CASE, "--pick", f"{cell['id']}=theirs")
    assert "1 conflict still unresolved" in out
    assert team.cell("Dana Levi", "e-02", "h-hedge") == {
        "rating": "CC", "reason": "Talks are what hedging looks like"}
    out = team.ok("resolve", CASE, "--take", "ours")
    assert "git add" in out
    assert not (team.root / f"{CASE_FILE}.conflicts").exists()
    assert team.tables()["hypotheses"]["h-hedge"]["title"] == "Baghdad hedges, for now"
    team.commit("merged, conflicts settled")
    assert "ok: no problems found" in team.ok("validate")


def test_a_conflict_met_while_rebasing_names_the_sides_as_a_rebase_does(team: Repo) -> None:
    _dana_twice(team)
    team.git("checkout", "-q", "second")
    assert team.git("rebase", "first", check=False).returncode != 0
    listed = team.ok("resolve", CASE)
    assert "while rebasing, ours = the branch you rebase onto" in listed
    team.ok("resolve", CASE, "--take", "theirs")  # keep the commit being replayed
    team.git("add", str(CASE_FILE))
    team.git("-c", "core.editor=true", "rebase", "--continue")
    assert team.cell("Dana Levi", "e-02", "h-hedge")["rating"] == "CC"
    assert team.tables()["hypotheses"]["h-hedge"]["title"] == "Baghdad keeps both patrons"
    assert "ok: no problems found" in team.ok("validate")


def test_a_workspace_in_a_subfolder_keeps_its_conflict_list_beside_the_file(
        tmp_path: Path, bundled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = tmp_path / "team-repo"
    top.mkdir()
    bundled.rename(top / "analysis")
    repo = Repo(top, capsys)
    repo.root = top / "analysis"
    repo.ok("git-setup")
    assert (top / "analysis" / ".gitattributes").exists()
    repo.commit("set up")
    _dana_twice(repo)
    assert repo.merge("second").returncode != 0
    assert (top / "analysis" / f"{CASE_FILE}.conflicts").exists()
    repo.ok("resolve", CASE, "--take", "theirs")
    assert repo.cell("Dana Levi", "e-02", "h-hedge")["rating"] == "CC"


def test_removed_on_one_side_and_rated_on_the_other_is_kept_until_confirmed(
        team: Repo) -> None:
    team.branch("alice")
    team.ok("hypothesis", "remove", CASE, "h-tighten")
    team.commit("Alice drops a hypothesis")
    team.branch("bob", "main")
    team.ok("--analyst", "Bob", "rate", CASE, "e-05", "h-tighten", "II", "--reason", "no")
    team.commit("Bob rates it")
    team.git("checkout", "-q", "alice")
    assert team.merge("bob").returncode != 0
    assert "h-tighten" in team.tables()["hypotheses"]
    assert team.cell("Bob", "e-05", "h-tighten") == {"rating": "II", "reason": "no"}
    assert team.cell("Dana Levi", "e-05", "h-tighten") is not None  # put back whole
    listed = team.ok("resolve", CASE)
    assert "removed on ours but theirs changed its ratings (Bob: 1 cell)" in listed
    code, _, err = team.ach("validate")
    assert code == 1 and "1 conflict unresolved" in err
    team.ok("resolve", CASE, "--pick", "c1=ours")
    case = team.tables()
    assert "h-tighten" not in case["hypotheses"]
    for name, rows in case.items():
        if name.startswith("ratings:"):
            assert all("h-tighten" not in row for row in rows.values()), name
    team.commit("merged: the hypothesis stays removed")
    assert "ok: no problems found" in team.ok("validate")


def test_removed_on_one_side_and_untouched_on_the_other_is_removed(team: Repo) -> None:
    team.branch("alice")
    team.ok("hypothesis", "remove", CASE, "h-tighten")
    team.commit("Alice drops a hypothesis")
    team.branch("bob", "main")
    team.ok("--analyst", "Bob", "rate", CASE, "e-05", "h-hedge", "C")
    team.commit("Bob rates another")
    team.git("checkout", "-q", "alice")
    assert team.merge("bob").returncode == 0
    assert "h-tighten" not in team.tables()["hypotheses"]
    assert team.cell("Bob", "e-05", "h-hedge") == {"rating": "C"}
    assert "ok: no problems found" in team.ok("validate")


def test_an_evidence_item_removed_on_one_side_and_edited_on_the_other(team: Repo) -> None:
    path = team.root / NO_SOURCE_FILE
    team.branch("alice")
    data = team.tables(NO_SOURCE_FILE)
    gone = sorted(data["items"])[0]
    del data["items"][gone]
    path.write_text(canonical_json(data), encoding="utf-8")
    team.commit("Alice deletes an item by hand")
    team.branch("bob", "main")
    team.ok("evidence", "edit", CASE, gone, "--summary", "Bob sharpens the summary")
    team.commit("Bob edits it")
    team.git("checkout", "-q", "alice")
    assert team.merge("bob").returncode != 0
    assert team.tables(NO_SOURCE_FILE)["items"][gone]["summary"] == "Bob sharpens the summary"
    out = team.ok("resolve", str(path), "--list")
    assert f"evidence item {gone}" in out and "removed on ours" in out
    team.ok("resolve", str(path), "--take", "theirs")
    assert gone in team.tables(NO_SOURCE_FILE)["items"]
    assert not Path(f"{path}.conflicts").exists()


def test_without_the_driver_git_leaves_markers_that_validate_explains(repo: Repo) -> None:
    _alice_and_bob(repo)
    repo.git("checkout", "-q", "alice")
    assert repo.merge("bob").returncode != 0
    code, _, err = repo.ach("validate")
    assert code == 1
    assert "conflict markers" in err and "ach remerge" in err and "ach git-setup" in err
    out = repo.ok("remerge", str(repo.root / CASE_FILE))
    assert "without conflicts" in out and "git add" in out
    assert repo.cell("Alice", "e-01", "h-hedge")["rating"] == "CC"
    assert repo.cell("Bob", "e-01", "h-hedge")["rating"] == "I"
    repo.commit("merged by meaning after all")
    assert "ok: no problems found" in repo.ok("validate")


def test_a_line_merge_committed_with_markers_can_be_redone(repo: Repo) -> None:
    _alice_and_bob(repo)
    repo.git("checkout", "-q", "alice")
    repo.merge("bob")
    repo.commit("oops: committed the markers")
    code, _, err = repo.ach("remerge", str(repo.root / CASE_FILE))
    assert code == 1 and "--commit" in err
    repo.ok("remerge", str(repo.root / CASE_FILE), "--commit", "HEAD")
    assert repo.cell("Bob", "e-03", "h-tighten")["rating"] == "C"
    assert repo.cell("Alice", "e-02", "h-distance")["rating"] == "II"
    assert "ok: no problems found" in repo.ok("validate")
