"""The history screen's contents without Textual: the chart, the rows, each commit's changes
and the review, over a real git history of the sample workspace."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from pathlib import Path

from ach.cli import main
from ach.store import Workspace
from ach.workbench import history_view as view
from tests.sample_history import CASE, SUBJECTS, git_home, sample_history, with_outcome

__all__ = ["git_home", "sample_history"]  # fixtures


def cli_json(root: Path, *args: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--root", str(root), *args, "--json"]) == 0
    return json.loads(out.getvalue())


def read(root: Path) -> view.Loaded | str:
    workspace = Workspace(root)
    case, library = workspace.open(CASE)
    return view.read_history(workspace, CASE, case, library)


# -- the chart ----------------------------------------------------------------------------

def test_the_chart_starts_at_zero_so_a_lower_margin_is_a_shorter_bar():
    top, bottom = view.margin_chart([4.0, 2.0, 0.0], width=20, height=2)
    assert top.startswith("4▕") and bottom.startswith("0▕")

    def bars(row: str) -> list[str]:  # three cells a commit, a space between
        return [row[2 + 4 * i:5 + 4 * i] for i in range(3)]

    bars_top, bars_bottom = bars(top), bars(bottom)
    assert set(bars_top[0]) == {"█"} and set(bars_bottom[0]) == {"█"}  # 4 of 4: full
    assert set(bars_top[1]) == {" "} and set(bars_bottom[1]) == {"█"}  # 2 of 4: half
    assert set(bars_bottom[2]) == {"·"}  # 0: a shared lead, still visible


def test_a_long_history_fits_the_width_and_keeps_its_lowest_margins():
    series = [5.0] * 150 + [1.0] + [5.0] * 149
    rows = view.margin_chart(series, width=40, height=1)
    assert all(len(row) <= 40 for row in rows)
    assert "▂" in rows[0]  # the one commit at margin 1 is not averaged away


# -- reading the history ------------------------------------------------------------------

def test_outside_a_repository_one_line_says_why(tmp_path, git_home):
    root = tmp_path / "plain"
    subprocess.run(["cp", "-r", str(Path(__file__).parent.parent / "tui" / "sample"),
                    str(root)], check=True)
    found = read(root)
    assert isinstance(found, str) and "\n" not in found
    assert "not inside a git repository" in found


def test_a_shallow_clone_is_refused_with_one_line(tmp_path, sample_history):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{sample_history.root}",
                    str(clone)], check=True)
    found = read(clone)
    assert isinstance(found, str) and "shallow clone" in found


def test_rows_are_the_commits_of_ach_history_newest_first(sample_history):
    found = read(sample_history.root)
    assert isinstance(found, view.Loaded)
    rows = view.commit_rows(found)
    expected = cli_json(sample_history.root, "history", CASE)["commits"]
    assert [r.sha for r in rows] == [c["commit"] for c in expected]
    assert [r.subject for r in rows] == SUBJECTS
    for row, commit in zip(rows, expected, strict=True):
        assert row.date == commit["date"][:10]
        assert row.margin == str(commit["flip_margin"])
        assert row.brier == ""  # no outcome yet
    assert view.margin_series(found) == [float(c["flip_margin"]) for c in reversed(expected)]


def test_each_commit_says_what_it_changed_by_meaning(sample_history):
    found = read(sample_history.root)
    assert isinstance(found, view.Loaded)
    by_subject = {e.commit.subject: e for e in found.entries}
    rerated = view.change_lines(by_subject["Analyst A re-rates e-01"])
    assert "Analyst A re-rated 1 cell:" in rerated
    assert any("e-01 × H" in line and "C → II (the draft never left the ministry)" in line
               for line in rerated)
    added = view.change_lines(by_subject["Analyst B adds e-07"])
    assert any(line.startswith("item added:") and "e-07" in line
               and "A courier was seen at the ministry" in line for line in added)
    assert any(line.startswith("Analyst B re-rated 1 cell:") for line in added)
    assert "item removed: e-05" in view.change_lines(by_subject["drop e-05"])
    assert view.changes_brief(by_subject["drop e-05"].changes, 0) == "1 item removed"


def test_without_an_outcome_one_line_says_how_to_record_it(sample_history):
    found = read(sample_history.root)
    assert isinstance(found, view.Loaded)
    lines = view.review_lines(found, Workspace(sample_history.root).load_case(CASE))
    assert lines == [view.no_outcome_line(CASE)]
    assert f"ach outcome {CASE} " in lines[0]


def test_with_an_outcome_the_review_gives_the_brier_of_ach_review(sample_history):
    with_outcome(sample_history)
    found = read(sample_history.root)
    assert isinstance(found, view.Loaded)
    review = cli_json(sample_history.root, "review", CASE)
    rows = view.commit_rows(found)
    assert [r.brier for r in rows] == [f"{c['brier']:.3f}" for c in review["commits"]]
    newest = found.entries[0]
    said = view.commit_brier(found, newest)
    for name, value in review["commits"][0]["analysts"].items():
        assert f"{name} {value:.3f}" in said
    case = Workspace(sample_history.root).load_case(CASE)
    lines = view.review_lines(found, case)
    assert lines[0].startswith("Outcome of 2025-03-01: ") and lines[0].endswith(" held.")
    assert repr(case.hypothesis("h-insider").title) in lines[0]
    means = ", ".join(f"{n} {v:.3f}" for n, v in review["analysts"].items())
    assert means in lines[1]
    misled = [e["id"] for e in review["evidence"] if e["misled"]]
    for evidence_id in misled:
        assert evidence_id in lines[3]
