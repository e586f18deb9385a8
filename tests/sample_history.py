"""A short scripted history of the TUI's sample workspace in a real git repository, every
commit at a fixed date, so what the history screen shows is the same at every run.

Four commits touch the case: the sample as checked in; Analyst A re-rates e-01 ×
h-supplier (C → II, with a reason); Analyst B adds item e-07 and rates it; e-05 is
dropped. ``with_outcome`` then records that h-insider held, uncommitted.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.history_repo import History

SAMPLE = Path(__file__).resolve().parent / "tui" / "sample"
CASE = "sample"

#: Newest first, as ``ach history`` lists them.
SUBJECTS = ["drop e-05", "Analyst B adds e-07", "Analyst A re-rates e-01", "the sample case"]


def build(root: Path) -> History:
    shutil.copytree(SAMPLE, root)
    h = History(root)
    h.git("init", "-q", "-b", "main")
    h.commit("the sample case", "Analyst A")
    h.ach("--analyst", "Analyst A", "rate", CASE, "e-01", "h-supplier", "II",
          "--reason", "the draft never left the ministry")
    h.commit("Analyst A re-rates e-01", "Analyst A")
    h.ach("evidence", "add", CASE, "A courier was seen at the ministry", "--id", "e-07",
          "--type", "report", "--credibility", "M")
    h.ach("--analyst", "Analyst B", "rate", CASE, "e-07", "h-insider", "C")
    h.commit("Analyst B adds e-07", "Analyst B")
    h.ach("evidence", "remove", CASE, "e-05")
    h.commit("drop e-05", "Analyst A")
    return h


def with_outcome(h: History) -> None:
    h.ach("outcome", CASE, "h-insider", "--date", "2025-03-01", "--note", "an insider leaked it")


@pytest.fixture
def git_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user's or system's git settings, and no repository above the test's folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return home


@pytest.fixture
def sample_history(tmp_path: Path, git_home: Path) -> History:
    return build(tmp_path / "repo")
