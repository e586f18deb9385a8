"""``ach serve``: the workbench in a real headless Chromium, rated from the browser."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from ach.commands.serve import is_local
from ach.store import Workspace
from tests.cli.test_cli import ACH, ach
from tests.conftest import BUNDLED_CASE
from tests.devtools import CHROMIUM, chromium_page, saturated_share

ANALYST = "Dana Levi"


def test_only_loopback_counts_as_local() -> None:
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1")
    assert not is_local("0.0.0.0") and not is_local("192.0.2.7") and not is_local("example")


def test_a_port_out_of_range_is_refused_in_one_line(bundled: Path) -> None:
    out = ach(bundled, "serve", "--port", "70000", expect=1)
    assert "--port 70000" in out.stderr and out.stderr.count("\n") == 1


def test_an_unknown_case_is_refused_before_serving(bundled: Path) -> None:
    out = ach(bundled, "serve", "no-such-case", expect=1)
    assert "no case 'no-such-case'" in out.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(root: Path, port: int) -> subprocess.Popen[str]:
    server = subprocess.Popen(
        [*ACH, "--root", str(root), "--analyst", ANALYST, "serve", BUNDLED_CASE,
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "COLUMNS": "120"}, start_new_session=True)
    assert server.stdout is not None
    first = server.stdout.readline()
    assert first.startswith(f"serving the ACH workbench on http://127.0.0.1:{port}"), first
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # listening yet?
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.1)
    raise AssertionError("ach serve did not start listening")


def _cell(root: Path, evidence_id: str, hypothesis_id: str) -> str | None:
    cell = Workspace(root).load_case(BUNDLED_CASE).cell(ANALYST, evidence_id, hypothesis_id)
    return cell.rating.value if cell else None


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="no Chromium on PATH (Debian: apt-get install chromium)")
def test_a_rating_typed_in_the_browser_lands_in_the_case_file(bundled: Path,
                                                              tmp_path: Path) -> None:
    case = Workspace(bundled).load_case(BUNDLED_CASE)
    first_item, first_hyp = case.evidence[0].id, case.hypotheses[0].id
    before = _cell(bundled, first_item, first_hyp)
    wanted, key = ("II", "5") if before != "II" else ("CC", "1")
    port = _free_port()
    server = _serve(bundled, port)
    shots = tmp_path / "shots"
    shots.mkdir()

    async def work() -> None:
        async with chromium_page(tmp_path / "profile") as page:
            await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
            # The matrix is drawn once the workbench has read the case: wait for its
            # coloured cells (the page's own splash screen is dark blue and grey).
            deadline = time.monotonic() + 60
            share = 0.0
            while time.monotonic() < deadline and share < 0.02:
                await asyncio.sleep(1)
                share = saturated_share(await page.screenshot(shots / "matrix.png"))
            assert share >= 0.02, "the served workbench never drew its matrix"
            await page.call("Runtime.evaluate",
                            expression="document.querySelector('#terminal textarea')?.focus()")
            await page.press(key)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and _cell(bundled, first_item, first_hyp) != wanted:
                await asyncio.sleep(0.5)
            await page.screenshot(shots / "rated.png")

    try:
        asyncio.run(work())
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    assert _cell(bundled, first_item, first_hyp) == wanted, shlex.join(map(str, ACH))
