"""The briefing in a real browser: headless Chromium builds the page we meant, and the page
asks the network for nothing (its network log and its console say so)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from ach.report import build_context, write_briefing
from ach.scoring import score_case
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.report_cases import ARABIC, BREAKOUT, JINJA_EXPR, SCRIPT, hostile_workspace
from tests.report_html import Page, parse

CHROMIUM = next((found for name in ("chromium", "chromium-browser")
                 if (found := shutil.which(name))), None)

if CHROMIUM is None and os.environ.get("CI"):
    # CI installs Chromium (.ci/run): a browser test that silently skipped there would
    # let a broken briefing land.
    raise RuntimeError("no Chromium on PATH in CI (Debian: apt-get install chromium)")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on PATH (Debian: apt-get install chromium); "
                             "the browser tests need a real browser")


@dataclass
class Loaded:
    dom: Page
    requests: list[str]
    console: list[str]


def _netlog_events(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:  # a log cut short at exit still holds its events
        data = json.loads(text.rstrip().rstrip(",") + "]}")
    kinds = {number: name for name, number in data["constants"]["logEventTypes"].items()}
    return [{**e, "type": kinds.get(e["type"])} for e in data["events"]]


def load(page: Path, tmp_path: Path) -> Loaded:
    """Open a file in headless Chromium; its DOM, what it requested, what it logged."""
    netlog = tmp_path / "netlog.json"
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
        # Nothing may leave the machine even if the page asked: every name fails to resolve.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}",
        "--dump-dom", page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    # Requests the page made carry the page's file:// origin; the browser's own do not.
    requests = [e["params"]["url"] for e in _netlog_events(netlog)
                if e["type"] == "URL_REQUEST_START_JOB" and "url" in e.get("params", {})
                and "file://" in str(e["params"].get("network_isolation_key", ""))]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return Loaded(parse(done.stdout), requests, console)


@pytest.fixture
def bundled_page(bundled, tmp_path) -> Loaded:
    return load(write_briefing(bundled, BUNDLED_CASE), tmp_path)


def test_chromium_shows_the_briefing(bundled, bundled_page):
    dom = bundled_page.dom
    text = dom.text()
    assert dom.root.find_all("h1")[0].text() == "Baghdad between Washington and Tehran"
    assert "Will Baghdad distance itself from Tehran after Assad's fall, or tighten ties?" in text
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    (leader,) = score_case(case, lib.items, None).leaders
    counted = sum(not ref.excluded for ref in case.evidence)
    summary = dom.root.by_id("summary")
    assert case.judgments and case.judgments[0].text in summary.text()
    first = next(li for li in summary.find_all("li") if "leader" in (li.attrs.get("class") or ""))
    assert first.text().startswith(f"{case.hypothesis(leader).title}:")
    assert f"assumes the {counted} counted items are independent" in text
    for hypothesis in case.hypotheses:
        assert hypothesis.title in text
    cells = [td for td in dom.root.find_all("td") if "cell" in (td.attrs.get("class") or "")]
    assert len(cells) == counted * len(case.hypotheses)
    # The verbatim quote of the first item shown for or against the leader.
    shown = build_context(case, lib)["leader_evidence"]
    quote = lib.items[(shown["against"] or shown["for"])[0]["id"]].quote
    assert quote and " ".join(quote.split()) in " ".join(text.split())
    assert "Israel Hayom" in dom.root.by_id("sources").text()


def test_the_briefing_requests_nothing(bundled_page):
    assert bundled_page.requests == []
    assert bundled_page.console == []  # no policy violation, no error


def test_the_request_check_does_notice_a_request(tmp_path):
    """The check above can fail: a page with a remote image is caught by it."""
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>leaky</title>'
                    '<img src="http://example.invalid/pixel.png" alt="">', encoding="utf-8")
    assert load(page, tmp_path).requests == ["http://example.invalid/pixel.png"]


def test_chromium_builds_no_markup_from_hostile_text(tmp_path):
    workspace = hostile_workspace(tmp_path / "hostile")
    loaded = load(write_briefing(workspace, "hostile"), tmp_path)
    tags = {e.tag for e in loaded.dom.root.iter()}
    assert not tags & {"script", "img", "iframe", "object", "embed", "form"}
    assert not any(name.startswith("on") for e in loaded.dom.root.iter() for name in e.attrs)
    text = loaded.dom.text()
    for needle in (SCRIPT, BREAKOUT, JINJA_EXPR, ARABIC):
        assert needle in text
    # The key judgment, a refutation, a group's label and the marking arrive as text too.
    for needle in (f"Judgment {SCRIPT}", f"Basis {SCRIPT}", f"Refuted by {SCRIPT}",
                   f"Group {SCRIPT}", f"Marking {SCRIPT} {BREAKOUT}"):
        assert needle in text, needle
    assert loaded.requests == [] and loaded.console == []
