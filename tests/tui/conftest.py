"""Pilot tests of the workbench over a private copy of the checked-in sample workspace."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify

from ach.model import Case
from ach.store import Library, Workspace
from ach.tui.app import Workbench
from ach.tui.main_screen import MainScreen
from ach.workbench.session import CaseSession

SAMPLE = Path(__file__).resolve().parent / "sample"
CASE = "sample"
ANALYST = "Analyst A"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (Pilot is asynchronous)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = inspect.signature(pyfuncitem.obj).parameters
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    shutil.copytree(SAMPLE, root)
    return root


def make_app(root: Path, case_id: str = CASE, analyst: str = ANALYST) -> Workbench:
    workspace = Workspace(root)
    return Workbench(workspace, analyst, CaseSession.open(workspace, case_id, analyst))


def main_screen(app: Workbench) -> MainScreen:
    assert app.main is not None
    return app.main


async def settle(pilot) -> None:
    """Let messages, refreshes and the save worker finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def case_on_disk(root: Path, case_id: str = CASE) -> Case:
    return Workspace(root).load_case(case_id)


def library_on_disk(root: Path) -> Library:
    return Workspace(root).load_library()


def rating_on_disk(root: Path, evidence_id: str, hypothesis_id: str,
                   analyst: str = ANALYST) -> str | None:
    cell = case_on_disk(root).cell(analyst, evidence_id, hypothesis_id)
    return None if cell is None else cell.rating.value


class Told:
    """What the app told the user: every notification, heard as the ``Notify`` message it
    posts (pass as ``run_test(message_hook=…)``)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.messages.append(message.notification.message)

