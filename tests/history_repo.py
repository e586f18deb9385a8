"""A scripted history of the bundled case in a real git repository, for the history tests.

Ten commits touch the case: the bundled case; Alice rates and re-rates on her branch;
Bob rates, adds an item and rates it on his; both branches merged by meaning (Alice's
fast-forward-free merge leaves the file as her branch had it, so only the merge of Bob's
branch changes it); then on main a hypothesis is renamed, an item removed, a cell
re-rated and an item's credibility edited.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ach.cli import main
from ach.store import Workspace

REPO = Path(__file__).resolve().parent.parent
CASE = "baghdad-tehran"


def _next_free_id() -> str:
    """The id after the bundled case's last item, so Bob's new item never collides."""
    numbers = [int(ref.id.removeprefix("e-")) for ref in Workspace(REPO).load_case(CASE).evidence
               if ref.id.removeprefix("e-").isdigit()]
    return f"e-{max(numbers, default=0) + 1:02d}"


#: The item Bob adds on his branch.
NEW = _next_free_id()


@dataclass
class History:
    root: Path
    #: Subject → full sha, for the commits that touched the case.
    shas: dict[str, str] = field(default_factory=dict)
    clock: int = 1735689600

    def git(self, *args: str, who: str = "Dana Levi") -> str:
        # Each commit an hour after the last, so "newest first" is one order.
        self.clock += 3600
        when = f"{self.clock} +0000"
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        done = subprocess.run(["git", "-c", f"user.name={who}", "-c", "user.email=a@example.org",
                               *args], cwd=self.root, capture_output=True, text=True, env=env)
        assert done.returncode == 0, f"git {args}: {done.stderr}"
        return done.stdout

    def ach(self, *args: str) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--root", str(self.root), *args])
        assert code == 0, f"ach {args} failed"
        return out.getvalue()

    def commit(self, subject: str, who: str) -> None:
        self.git("add", "-A", who=who)
        self.git("commit", "-q", "-m", subject, who=who)
        self.shas[subject] = self.git("rev-parse", "HEAD").strip()

    def score(self, sha: str, scratch: Path) -> dict:
        """``ach score --team --json`` run at a checkout of ``sha``."""
        if not scratch.exists():
            subprocess.run(["git", "clone", "-q", str(self.root), str(scratch)], check=True)
        subprocess.run(["git", "checkout", "-q", sha], cwd=scratch, check=True)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["--root", str(scratch), "score", CASE, "--team", "--json"]) == 0
        return json.loads(out.getvalue())


def build(root: Path) -> History:
    for folder in ("hypotheses", "evidence"):
        shutil.copytree(REPO / folder, root / folder)
    h = History(root)
    h.git("init", "-q", "-b", "main")
    h.ach("git-setup")
    h.commit("the bundled case", "Dana Levi")

    h.git("checkout", "-q", "-b", "alice")
    h.ach("--analyst", "Alice", "rate", CASE, "e-01", "h-hedge", "CC", "--reason", "room to hedge")
    h.ach("--analyst", "Alice", "rate", CASE, "e-02", "h-tighten", "I")
    h.commit("Alice rates two cells", "Alice")
    h.ach("--analyst", "Alice", "rate", CASE, "e-01", "h-hedge", "C", "--reason", "less room")
    h.commit("Alice re-rates e-01", "Alice")

    h.git("checkout", "-q", "-b", "bob", "main")
    h.ach("--analyst", "Bob", "rate", CASE, "e-03", "h-distance", "II")
    h.ach("--analyst", "Bob", "rate", CASE, "e-01", "h-hedge", "I", "--reason", "no room")
    h.commit("Bob rates two cells", "Bob")
    h.ach("evidence", "add", CASE, "Militia leaders visit Tehran", "--id", NEW,
          "--type", "report", "--credibility", "H")
    h.ach("--analyst", "Bob", "rate", CASE, NEW, "h-tighten", "CC")
    h.commit(f"Bob adds {NEW}", "Bob")

    h.git("checkout", "-q", "main")
    h.git("merge", "-q", "--no-ff", "--no-edit", "alice")
    h.git("merge", "-q", "--no-ff", "-m", "merge Bob's work", "bob")
    h.shas["merge Bob's work"] = h.git("rev-parse", "HEAD").strip()

    h.ach("hypothesis", "edit", CASE, "h-tighten", "--title", "Baghdad binds itself to Tehran")
    h.commit("rename h-tighten", "Dana Levi")
    h.ach("evidence", "remove", CASE, "e-05")
    h.commit("drop e-05", "Alice")
    h.ach("--analyst", "Dana Levi", "rate", CASE, "e-04", "h-distance", "II", "--reason", "firm")
    h.commit("Dana re-rates e-04", "Dana Levi")
    h.ach("evidence", "edit", CASE, NEW, "--credibility", "L")
    h.ach("--analyst", "Bob", "rate", CASE, NEW, "h-distance", "I")
    h.commit(f"{NEW} is less credible", "Bob")
    return h


#: Newest first, as ``ach history`` lists them.
SUBJECTS = [f"{NEW} is less credible", "Dana re-rates e-04", "drop e-05", "rename h-tighten",
            "merge Bob's work", f"Bob adds {NEW}", "Bob rates two cells", "Alice re-rates e-01",
            "Alice rates two cells", "the bundled case"]


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> History:
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(home))
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        mp.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
        yield build(tmp_path_factory.mktemp("history") / "repo")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ach", "--root", str(root), *args],
                          capture_output=True, text=True, env={**os.environ})
