"""Several analysts from the command line: who rated, where they disagree, the team's scores.

Expected figures are worked by hand from ACH-METHOD.md "Several analysts": consensus is
the rating nearest the mean r (a tie toward 0; NA only when more said NA than gave a
rating), disagreement the population standard deviation of r in bands
≤ 0.25 none, ≤ 1.0 mild, ≤ 1.75 large, above extreme.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ach.cli import main

#: (evidence, hypothesis) → {analyst: rating}
RATED = {
    ("e1", "h1"): {"Ann": "C", "Bob": "C"},                # r 1, 1: spread 0 → none; C
    ("e1", "h2"): {"Ann": "CC", "Bob": "N"},               # 2, 0: spread 1.0 → mild (edge); C
    ("e2", "h1"): {"Ann": "CC", "Bob": "I"},               # 2, −1: 1.5 → large; mean ½ → N
    ("e2", "h2"): {"Ann": "CC", "Bob": "II"},              # 2, −2: 2.0 → extreme; N
    ("e3", "h1"): {"Ann": "NA", "Bob": "NA", "Cy": "C"},   # two NAs to one rating: NA; 0.47 mild
    ("e3", "h2"): {"Ann": "I"},                            # one analyst: compared with no one
    ("e4", "h1"): {"Ann": "NA", "Bob": "CC"},              # NA does not outnumber: CC; 1.0 mild
}


@pytest.fixture
def team_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "ws"
    root.mkdir()

    def run(*args: str) -> None:
        assert main(["--root", str(root), *args]) == 0, capsys.readouterr().err

    (root / "hypotheses").mkdir()
    run("new", "t", "--question", "Which?")
    for h in ("h1", "h2"):
        run("hypothesis", "add", "t", f"Hypothesis {h}", "--id", h)
    for e in ("e1", "e2", "e3", "e4"):
        run("evidence", "add", "t", f"Item {e}", "--type", "assumption", "--id", e)
    for (e, h), given in RATED.items():
        for analyst, rating in given.items():
            run("--analyst", analyst, "rate", "t", e, h, rating)
    capsys.readouterr()
    return root


def ach(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_analysts_lists_who_rated_and_the_disagreement_bands(team_case: Path, capsys) -> None:
    code, out, _ = ach(team_case, capsys, "analysts", "t")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "t: 3 analysts rated this case"
    assert lines[1].split() == ["Ann", "7", "cells", "rated"]
    assert lines[2].split() == ["Bob", "6", "cells", "rated"]
    assert lines[3].split() == ["Cy", "1", "cell", "rated"]
    assert "cells rated by two or more: 6; disagreement: none 1, mild 3, large 1, extreme 1" \
        in out
    disputed = out.split("most disputed:\n")[1].splitlines()
    assert disputed[0].startswith("  E2 × H2 Hypothesis h2: extreme (2.00)")
    assert "Ann CC, Bob II; consensus N" in disputed[0]
    assert disputed[1].startswith("  E2 × H1 Hypothesis h1: large (1.50)")


def test_analysts_json(team_case: Path, capsys) -> None:
    code, out, _ = ach(team_case, capsys, "analysts", "t", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["analysts"] == [{"name": "Ann", "cells": 7}, {"name": "Bob", "cells": 6},
                                {"name": "Cy", "cells": 1}]
    assert data["compared"] == 6
    assert data["disagreement"] == {"none": 1, "mild": 3, "large": 1, "extreme": 1}
    cells = {(c["evidence"], c["hypothesis"]): c for c in data["disputed"]}
    assert set(cells) == {("e1", "h2"), ("e2", "h1"), ("e2", "h2"), ("e3", "h1"), ("e4", "h1")}
    assert [(c["evidence"], c["hypothesis"]) for c in data["disputed"][:2]] == [
        ("e2", "h2"), ("e2", "h1")]
    assert {k: (c["band"], c["consensus"]) for k, c in cells.items()} == {
        ("e1", "h2"): ("mild", "C"), ("e2", "h1"): ("large", "N"),
        ("e2", "h2"): ("extreme", "N"), ("e3", "h1"): ("mild", "NA"),
        ("e4", "h1"): ("mild", "CC")}
    assert cells[("e3", "h1")]["spread"] == pytest.approx(0.4714, abs=1e-4)
    assert cells[("e2", "h2")]["ratings"] == {"Ann": "CC", "Bob": "II"}


def _inconsistency(out: str) -> dict[str, float]:
    return {h["id"]: h["inconsistency"] for h in json.loads(out)["hypotheses"]}


def test_team_scores_are_the_consensus_matrix_scored(team_case: Path, capsys) -> None:
    # consensus: h1 = C, N, NA, CC → no I at all; h2 = C, N, I → one I
    code, out, _ = ach(team_case, capsys, "score", "t", "--team", "--json")
    assert code == 0 and _inconsistency(out) == {"h1": 0, "h2": 1}
    assert json.loads(out)["analysts"] == ["Ann", "Bob", "Cy"]
    # with several analysts and no choice, the team is what score shows
    assert "team consensus of 3 analysts" in ach(team_case, capsys, "score", "t")[1]


def test_one_analysts_view(team_case: Path, capsys) -> None:
    code, out, _ = ach(team_case, capsys, "--analyst", "Bob", "score", "t", "--json")
    # Bob: h1 = C, I, NA, CC → 1; h2 = N, II → 2
    assert code == 0 and _inconsistency(out) == {"h1": 1, "h2": 2}
    code, out, _ = ach(team_case, capsys, "score", "t", "--analyst", "Ann", "--json")
    assert code == 0 and _inconsistency(out) == {"h1": 0, "h2": 1}


def test_views_that_do_not_exist_are_refused(team_case: Path, capsys) -> None:
    code, _, err = ach(team_case, capsys, "--analyst", "Nobody", "score", "t")
    assert code == 1 and "'Nobody' has rated nothing" in err and "Ann, Bob, Cy" in err
    code, _, err = ach(team_case, capsys, "--analyst", "Ann", "score", "t", "--team")
    assert code == 1 and "not both" in err
    code, _, err = ach(team_case, capsys, "analysts", "nope")
    assert code == 1 and "no case 'nope'" in err


def test_analysts_of_a_case_nobody_rated(bundled: Path, capsys) -> None:
    assert main(["--root", str(bundled), "new", "fresh", "--question", "Why?"]) == 0
    code, out, _ = ach(bundled, capsys, "analysts", "fresh")
    assert code == 0 and "0 analysts" in out and "nobody has rated" in out
    code, out, _ = ach(bundled, capsys, "analysts", "fresh", "--json")
    assert json.loads(out)["disagreement"] == {"none": 0, "mild": 0, "large": 0, "extreme": 0}
