"""``ach git-setup``: the driver registered once, idempotently, without touching others' lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_git_merge import Repo


@pytest.fixture
def repo(bundled: Path, capsys: pytest.CaptureFixture[str]) -> Repo:
    return Repo(bundled, capsys)


def _config(root: Path, key: str) -> str:
    return subprocess.run(["git", "config", "--local", "--get", key], cwd=root,
                          capture_output=True, text=True, check=False).stdout.strip()


def test_git_setup_registers_the_driver_and_is_idempotent(repo: Repo) -> None:
    attributes = repo.root / ".gitattributes"
    attributes.write_text("*.png binary", encoding="utf-8")  # someone's line, no newline
    out = repo.ok("git-setup")
    assert "hypotheses/*.json merge=ach" in out and "merge.ach.driver" in out
    assert attributes.read_text(encoding="utf-8") == (
        "*.png binary\nhypotheses/*.json merge=ach\nevidence/*.json merge=ach\n"
        "hypotheses/*.json diff=ach\nevidence/*.json diff=ach\n")
    driver = _config(repo.root, "merge.ach.driver")
    assert driver.endswith(" -m ach.merge %O %A %B %P")
    assert driver.startswith(sys.executable) or driver.startswith(f"'{sys.executable}'")
    assert _config(repo.root, "merge.ach.name")
    # git itself now sends our files to the driver
    checked = subprocess.run(["git", "check-attr", "merge", "--", "hypotheses/x.json",
                              "evidence/y.json", "reports/z.html"], cwd=repo.root,
                             capture_output=True, text=True, check=True).stdout
    assert "hypotheses/x.json: merge: ach" in checked
    assert "evidence/y.json: merge: ach" in checked
    assert "reports/z.html: merge: unspecified" in checked

    again = repo.ok("git-setup")
    assert again.startswith("nothing changed")
    assert attributes.read_text(encoding="utf-8").count("merge=ach") == 2


def test_git_setup_mends_a_stale_driver_command(repo: Repo) -> None:
    repo.git("config", "merge.ach.driver", "ach-from-an-old-venv %O %A %B %P")
    out = repo.ok("git-setup")
    assert "was: ach-from-an-old-venv" in out
    assert _config(repo.root, "merge.ach.driver").endswith("-m ach.merge %O %A %B %P")


def test_git_setup_outside_a_repository_says_so(bundled: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # A repository higher up would be found by git: keep the search within tmp_path.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    from ach.cli import main

    code = main(["--root", str(bundled), "git-setup"])
    err = capsys.readouterr().err
    assert code == 1
    assert "not inside a git repository" in err and "git init" in err
    assert len(err.strip().splitlines()) == 1
    assert not (bundled / ".gitattributes").exists()


def test_git_setup_makes_git_ignore_journals_locks_and_temp_files(repo: Repo) -> None:
    out = repo.ok("git-setup")
    assert ".gitignore: added" in out
    # Each file is named beside the lines it got: the diff driver's go to .gitattributes.
    for line in out.splitlines():
        if "diff=ach" in line:
            assert ".gitattributes: added" in line and ".gitignore" not in line, line
    assert "diff=ach" not in (repo.root / ".gitignore").read_text(encoding="utf-8")
    hyp = repo.root / "hypotheses"
    left = [".baghdad-tehran.json.journal", ".baghdad-tehran.json.lock",
            ".baghdad-tehran.json.journal.stale-20250101T000000", ".baghdad-tehran.json.k1.tmp"]
    for name in left:
        (hyp / name).write_text("x", encoding="utf-8")
    (repo.root / "evidence" / ".no-source.json.lock").write_text("", encoding="utf-8")
    repo.git("add", "-A")
    staged = repo.git("diff", "--cached", "--name-only").stdout
    assert not any(name in staged for name in left) and ".lock" not in staged
    assert ".gitignore" in staged
    again = repo.ok("git-setup")
    assert again.startswith("nothing changed")
    assert (repo.root / ".gitignore").read_text(encoding="utf-8").count(".json.lock") == 1
