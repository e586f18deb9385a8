"""Conflicts a merge left in the case's files: announced on opening (and when they appear
while open), marked on the top line, settled from a screen exactly as ``ach resolve`` would."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from ach.cli import main as ach_main
from ach.merge.files import merge_into
from ach.model import Cell, Rating
from ach.store import Workspace
from ach.tui.main_screen import MainScreen
from ach.tui.team import merges
from ach.tui.team.merges import MergeMark
from ach.tui.team.resolve import ResolveScreen

from .conftest import Told, main_screen, make_app, settle
from .team_workspace import CASE, OMAR, build_team_workspace, plain

CASE_FILE = Path("hypotheses") / f"{CASE}.json"
LIST_FILE = Path("hypotheses") / f"{CASE}.json.conflicts"


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-c", "user.name=Tester", "-c", "user.email=t@example.org",
                           *args], cwd=root, capture_output=True, text=True, check=False)


def ach(root: Path, *args: str) -> None:
    assert ach_main(["--root", str(root), *args]) == 0


def omar_and_title(root: Path, code: str, reason: str, title: str) -> None:
    """Omar rates e-01 × h-one, and someone retitles h-two (as ach would, in the files)."""
    workspace = Workspace(root)
    case = workspace.load_case(CASE)
    case.set_cell(OMAR, "e-01", "h-one", Cell(rating=Rating(code), reason=reason))
    case.hypotheses = [h.model_copy(update={"title": title}) if h.id == "h-two" else h
                       for h in case.hypotheses]
    workspace.save_case(case)


@pytest.fixture
def merged(tmp_path: Path) -> Path:
    """A git repository with the merge driver, where a merge stopped on two conflicts."""
    root = build_team_workspace(tmp_path / "workspace")
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    ach(root, "git-setup")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "three analysts")
    git(root, "checkout", "-q", "-b", "first")
    omar_and_title(root, "CC", "Ours: the envoy's visit says it", "Talks drag on for years")
    git(root, "commit", "-q", "-am", "first")
    git(root, "checkout", "-q", "-b", "second", "main")
    omar_and_title(root, "II", "Theirs: a visit is not a [b]deal[/b]", "Talks stall")
    git(root, "commit", "-q", "-am", "second")
    git(root, "checkout", "-q", "first")
    done = git(root, "merge", "--no-edit", "second")
    assert done.returncode != 0 and (root / LIST_FILE).exists(), done.stdout + done.stderr
    return root


def listed(root: Path) -> dict[str, str]:
    """The conflict list beside the case file: field or hypothesis id → conflict id."""
    data = json.loads((root / LIST_FILE).read_text(encoding="utf-8"))
    return {c["field"]: c["id"] for c in data["conflicts"]}


async def open_resolve(pilot) -> ResolveScreen:
    await pilot.press("M")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ResolveScreen)
    return screen


def row_of(screen: ResolveScreen, conflict_id: str) -> int:
    table = screen.query_one(DataTable)
    return next(i for i in range(table.row_count) if str(table.get_row_at(i)[1]) == conflict_id)


async def test_a_merge_conflict_is_announced_and_settled_as_ach_resolve_would(merged, tmp_path):
    ids = listed(merged)
    # What `ach resolve` makes of the same files, for comparison.
    twin = tmp_path / "twin"
    shutil.copytree(merged / "hypotheses", twin / "hypotheses")
    shutil.copytree(merged / "evidence", twin / "evidence")
    ach(twin, "resolve", CASE, "--pick", f"{ids['h-one']}=theirs",
        "--pick", f"{ids['title']}=ours")

    app = make_app(merged, CASE, OMAR)
    told = Told()
    async with app.run_test(size=(120, 40), message_hook=told) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert any("A merge left 2 conflicts unresolved in hypotheses/team.json" in m
                   for m in told.messages)
        assert "2 merge conflicts" in str(screen.query_one(MergeMark).render())
        assert screen.session.case.cell(OMAR, "e-01", "h-one").rating is Rating.CC  # ours

        resolve = await open_resolve(pilot)
        table = resolve.query_one(DataTable)
        table.move_cursor(row=row_of(resolve, ids["h-one"]))
        await settle(pilot)
        detail = plain(resolve.query_one("#conflict", Static).content)
        assert "theirs II: Theirs: a visit is not a [b]deal[/b]" in detail
        await pilot.press("t")
        table.move_cursor(row=row_of(resolve, ids["title"]))
        await pilot.press("o", "ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert screen.session.case.cell(OMAR, "e-01", "h-one").rating is Rating.II  # reloaded
        assert not screen.query(MergeMark)
        assert any("Every conflict is settled: now git add hypotheses/team.json" in m
                   for m in told.messages)
    assert not (merged / LIST_FILE).exists()
    assert (merged / CASE_FILE).read_bytes() == (twin / CASE_FILE).read_bytes()


async def test_all_theirs_at_once_and_a_cancel_that_changes_nothing(merged):
    before = (merged / CASE_FILE).read_bytes()
    app = make_app(merged, CASE, OMAR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_resolve(pilot)
        await pilot.press("T", "escape")
        await settle(pilot)
        assert (merged / CASE_FILE).read_bytes() == before
        assert (merged / LIST_FILE).exists()
        resolve = await open_resolve(pilot)
        await pilot.press("ctrl+s")  # nothing decided yet: the screen says so and stays
        await settle(pilot)
        assert app.screen is resolve
        assert "Nothing decided yet" in str(resolve.query_one(".form-errors", Static).render())
        await pilot.press("T", "ctrl+s")
        await settle(pilot)
        await settle(pilot)
        case = main_screen(app).session.case
        assert case.cell(OMAR, "e-01", "h-one").reason == "Theirs: a visit is not a [b]deal[/b]"
        assert case.hypothesis("h-two").title == "Talks stall"
    assert not (merged / LIST_FILE).exists()


async def test_one_settled_and_one_left_keeps_the_mark(merged):
    ids = listed(merged)
    app = make_app(merged, CASE, OMAR)
    told = Told()
    async with app.run_test(size=(120, 40), message_hook=told) as pilot:
        await settle(pilot)
        resolve = await open_resolve(pilot)
        resolve.query_one(DataTable).move_cursor(row=row_of(resolve, ids["title"]))
        await pilot.press("t", "ctrl+s")
        await settle(pilot)
        await settle(pilot)
        screen = main_screen(app)
        assert "1 merge conflict (M)" in str(screen.query_one(MergeMark).render())
        assert screen.session.case.hypothesis("h-two").title == "Talks stall"
        assert any("1 conflict still unresolved" in m for m in told.messages)
    left = json.loads((merged / LIST_FILE).read_text(encoding="utf-8"))["conflicts"]
    assert [c["id"] for c in left] == [ids["h-one"]]


async def test_conflicts_that_appear_while_open_are_announced(tmp_path, monkeypatch):
    monkeypatch.setattr(merges, "CHECK_SECONDS", 0.05)
    root = build_team_workspace(tmp_path / "workspace")
    path = root / CASE_FILE
    base = path.read_text(encoding="utf-8")
    omar_and_title(root, "CC", "ours", "Talks drag on for years")
    ours = path.read_text(encoding="utf-8")
    path.write_text(base, encoding="utf-8")
    omar_and_title(root, "II", "theirs", "Talks stall")
    theirs = path.read_text(encoding="utf-8")
    path.write_text(base, encoding="utf-8")
    app = make_app(root, CASE, OMAR)
    told = Told()
    async with app.run_test(size=(120, 40), message_hook=told) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.query(MergeMark)
        merge_into(path, base, ours, theirs)  # as git does through our driver
        await pilot.pause(0.3)
        await settle(pilot)
        assert "2 merge conflicts" in str(screen.query_one(MergeMark).render())
        assert any("A merge left 2 conflicts" in m for m in told.messages)


async def test_no_conflicts_says_so(tmp_path):
    root = build_team_workspace(tmp_path / "workspace")
    app = make_app(root, CASE, OMAR)
    told = Told()
    async with app.run_test(size=(120, 40), message_hook=told) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("No merge conflicts" in m for m in told.messages)
