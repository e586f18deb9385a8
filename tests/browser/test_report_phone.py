"""The briefing on a phone, in real headless Chromium: nothing but the heat map (which
scrolls in its own box, with a cue) is wider than the screen."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from ach.report import write_case_briefing
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.devtools import CHROMIUM, chromium_page

pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="no Chromium on PATH (Debian: apt-get install chromium)")

#: Elements reaching past the screen's edge that no scrolling box of their own contains.
OVERFLOWING = """(() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.getBoundingClientRect().right <= width + 1) continue;
    let box = el.parentElement, contained = false;
    while (box && box !== document.body) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) {
        contained = true; break; }
      box = box.parentElement;
    }
    if (!contained) found.push(el.tagName + ' ' + el.textContent.trim().slice(0, 40));
  }
  return [document.documentElement.scrollWidth, width, found.slice(0, 5)];
})()"""


def test_nothing_but_the_heat_map_is_wider_than_a_phone(bundled: Path, tmp_path: Path) -> None:
    workspace = Workspace(bundled)
    case, library = workspace.open(BUNDLED_CASE)
    page = write_case_briefing(workspace, case, library, None)

    async def measure() -> list:
        async with chromium_page(tmp_path / "profile", width=390, height=844) as tab:
            await tab.call("Emulation.setDeviceMetricsOverride", width=390, height=844,
                           deviceScaleFactor=1, mobile=True)
            await tab.call("Page.navigate", url=page.resolve().as_uri())
            await asyncio.sleep(1.5)
            return await tab.evaluate(OVERFLOWING)

    scroll_width, width, found = asyncio.run(measure())
    assert found == [], found
    assert scroll_width <= width
