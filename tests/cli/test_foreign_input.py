"""Foreign input is refused, not merged: another kind of file, a newer format, absurd
nesting or absurd size each get one line and a non-zero exit, and nothing is written."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ach.jsonfile import canonical_json
from ach.model import FORMAT_VERSION
from tests.cli.test_cli import ach
from tests.conftest import BUNDLED_CASE
from tests.git.test_git_merge import Repo, repo, team  # noqa: F401 - fixtures

CASE_FILE = f"hypotheses/{BUNDLED_CASE}.json"
SOURCE_FILE = "evidence/no-source.json"


def drive(folder: Path, base: str, ours: str, theirs: str) -> subprocess.CompletedProcess[str]:
    """git's call of the driver: ``python -m ach.merge %O %A %B %P``."""
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        (folder / name).write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "ach.merge", "base", "ours", "theirs",
                           CASE_FILE], cwd=folder, capture_output=True, text=True, check=False)


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def versions(bundled: Path, tmp_path: Path) -> tuple[Path, str, str]:
    folder = tmp_path / "driver"
    (folder / "hypotheses").mkdir(parents=True)
    base = (bundled / CASE_FILE).read_text(encoding="utf-8")
    ours = base.replace('"rating": "N"', '"rating": "I"', 1)
    assert ours != base
    return folder, base, ours


def test_an_evidence_file_as_theirs_is_refused_and_ours_left_whole(
        versions: tuple[Path, str, str], bundled: Path) -> None:
    folder, base, ours = versions
    theirs = (bundled / SOURCE_FILE).read_text(encoding="utf-8")
    done = drive(folder, base, ours, theirs)
    assert done.returncode != 0
    line = one_line(done.stderr)
    assert "'evidence'" in line and "'case'" in line and CASE_FILE in line
    assert (folder / "ours").read_text(encoding="utf-8") == ours
    assert not (folder / f"{CASE_FILE}.conflicts").exists()


@pytest.mark.parametrize("ours_changed", [True, False])
def test_a_newer_format_as_theirs_is_refused_even_when_ours_is_unchanged(
        versions: tuple[Path, str, str], ours_changed: bool) -> None:
    folder, base, ours = versions
    ours = ours if ours_changed else base  # unchanged ours used to take theirs as it stood
    theirs = base.replace(f'"version": {FORMAT_VERSION}', '"version": 7')
    done = drive(folder, base, ours, theirs)
    assert done.returncode != 0
    assert "format 7" in one_line(done.stderr)
    assert (folder / "ours").read_text(encoding="utf-8") == ours


def test_git_keeps_the_conflict_when_a_branch_turned_the_case_into_evidence(
        team: Repo) -> None:  # noqa: F811
    team.branch("other")
    source = (team.root / SOURCE_FILE).read_text(encoding="utf-8")
    (team.root / CASE_FILE).write_text(source, encoding="utf-8")
    team.commit("the case file overwritten with an evidence file")
    team.git("checkout", "-q", "main")
    ours = (team.root / CASE_FILE).read_text(encoding="utf-8").replace(
        '"rating": "N"', '"rating": "I"', 1)
    (team.root / CASE_FILE).write_text(ours, encoding="utf-8")
    team.commit("a rating on main")
    done = team.merge("other")
    assert done.returncode != 0
    assert "not one kind of file" in done.stderr + done.stdout
    assert (team.root / CASE_FILE).read_text(encoding="utf-8") == ours
    stages = team.git("ls-files", "-u", CASE_FILE).stdout.split("\n")
    assert len([s for s in stages if s.strip()]) == 3  # still in conflict, for the person
    out = team.ach("remerge", str(team.root / CASE_FILE))
    assert out[0] != 0 and "evidence" in one_line(out[2])


def test_resolve_refuses_a_file_of_a_newer_format(bundled: Path) -> None:
    path = bundled / CASE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(
        f'"version": {FORMAT_VERSION}', '"version": 7'), encoding="utf-8")
    before = path.read_bytes()
    out = ach(bundled, "resolve", BUNDLED_CASE, expect=1)
    assert "format 7" in one_line(out.stderr)
    assert path.read_bytes() == before


def test_merge_driver_help_names_gits_placeholders_as_git_setup_installs_them() -> None:
    out = ach(None, "merge-driver", "--help").stdout
    flat = " ".join(out.split())
    assert "-m ach.merge %O %A %B %P" in flat
    for name, placeholder in (("base", "%O"), ("ours", "%A"), ("theirs", "%B"), ("path", "%P")):
        [line] = [ln for ln in out.splitlines() if ln.strip().startswith(name + " ")]
        assert f"git's {placeholder})" in line, line


# -- nesting -----------------------------------------------------------------------------

def _nested(bundled: Path, levels: int) -> None:
    path = bundled / CASE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["hypotheses"]))
    data["hypotheses"][first]["description"] = "PLACE"
    text = canonical_json(data).replace('"PLACE"', "[" * levels + "]" * levels)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("levels", [150, 50_000])
@pytest.mark.parametrize("argv", [["validate"], ["score", BUNDLED_CASE], ["list"]])
def test_nesting_deeper_than_any_real_file_is_one_line(bundled: Path, levels: int,
                                                       argv: list[str]) -> None:
    _nested(bundled, levels)
    out = ach(bundled, *argv, expect=None)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr and "RecursionError" not in out.stderr
    problem = [ln for ln in out.stderr.splitlines() if "levels deep" in ln]
    assert problem and CASE_FILE in problem[0], out.stderr


def test_the_merge_driver_refuses_absurd_nesting(versions: tuple[Path, str, str]) -> None:
    folder, base, ours = versions
    theirs = base.replace('"rating": "N"', '"rating": ' + "[" * 50_000 + "]" * 50_000, 1)
    done = drive(folder, base, ours, theirs)
    assert done.returncode != 0 and "levels deep" in one_line(done.stderr)
    assert (folder / "ours").read_text(encoding="utf-8") == ours


# -- size --------------------------------------------------------------------------------

def test_a_case_past_the_hypothesis_limit_is_refused_in_one_line(bundled: Path) -> None:
    path = bundled / CASE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["hypotheses"] = {f"h-{i:04d}": {"title": f"Hypothesis {i}", "order": i}
                          for i in range(501)}
    path.write_text(canonical_json(data), encoding="utf-8")
    out = ach(bundled, "score", BUNDLED_CASE, expect=1)
    line = one_line(out.stderr)
    assert "501" in line and "500" in line and "hypotheses" in line


def test_adding_past_the_limit_is_refused(bundled: Path) -> None:
    path = bundled / CASE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["hypotheses"] = {f"h-{i:04d}": {"title": f"Hypothesis {i}", "order": i}
                          for i in range(500)}
    path.write_text(canonical_json(data), encoding="utf-8")
    before = path.read_bytes()
    out = ach(bundled, "hypothesis", "add", BUNDLED_CASE, "One too many", expect=1)
    assert "500" in one_line(out.stderr)
    assert path.read_bytes() == before


def test_a_text_field_past_ten_megabytes_is_refused(bundled: Path) -> None:
    path = bundled / SOURCE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["items"]))
    data["items"][first]["said_by"] = "x" * 10_000_001
    path.write_text(canonical_json(data), encoding="utf-8")
    out = ach(bundled, "score", BUNDLED_CASE, expect=1)
    line = one_line(out.stderr)
    assert SOURCE_FILE in line and "said_by" in line


def test_the_workbench_reports_absurd_nesting_instead_of_hanging(bundled: Path) -> None:
    from ach.store import Workspace  # noqa: PLC0415
    from ach.tui.app import Workbench  # noqa: PLC0415
    from ach.tui.cases.picker import CasePicker  # noqa: PLC0415
    from tests.tui.conftest import Told, settle  # noqa: PLC0415

    _nested(bundled, 50_000)
    app = Workbench(Workspace(bundled), "Ann", open_case=BUNDLED_CASE)
    told = Told()

    async def opening() -> None:
        async with app.run_test(message_hook=told) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, CasePicker)  # back to choosing a case
            assert any("levels deep" in m for m in told.messages)

    asyncio.run(opening())
